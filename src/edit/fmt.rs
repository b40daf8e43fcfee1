//! `treatyline fmt [--check] [TREATY...]`: the canonical layout.
//!
//! Canonical means:
//! - top-level keys in the order of the spec's example (`id`, `title`,
//!   `short`, `parties`, `signed`, `in_force`, `sources`, `clause`, `tags`,
//!   `caveat`), then `[term]`, `[renewal]`, `[withdrawal]`, then the
//!   `[[event]]` tables sorted by `date`; events with the same date keep
//!   their file order (the engine reads events in date order, stably, so
//!   the projection is unchanged);
//! - the keys of each table in the spec's order (for events: `date`,
//!   `kind`, the kind's own fields, `note`, `source`);
//! - `key = value` with one space on each side of `=`, no indentation, no
//!   trailing spaces, at most one blank line in a row, one blank line before
//!   every table header, none right after it, one newline at the end.
//!
//! Comments are kept with what they describe: a comment belongs to the key
//! or table header below it (or, at the end of a line, to that line) and
//! moves with it. The comment that opens the file stays at the top, whatever
//! key comes first. Values are kept as written (quoting, arrays, multi-line
//! strings, spacing before an end-of-line comment). Formatting twice gives
//! the same text as formatting once.

use std::io::{self, Write};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::args::FmtArgs;
use super::document::{self, order_of, rank};
use super::{Mode, Refusal, Session, Target, apply, embedded_refusal, locate, print_diff};
use crate::dataset::Dataset;
use crate::outcome::Outcome;

/// Formats treaty files, or with `--check` reports those not formatted.
///
/// # Errors
///
/// Only I/O errors writing the output; a refused file is
/// [`Outcome::Failure`].
pub fn fmt(session: &Session<'_>, args: &FmtArgs, out: &mut dyn Write) -> io::Result<Outcome> {
    let mut targets = Vec::new();
    let mut failed = false;
    if args.treaties.is_empty() {
        match session.dataset {
            Dataset::Embedded => {
                embedded_refusal("fmt").print(session)?;
                return Ok(Outcome::Failure);
            }
            Dataset::Dir(_) => {
                let (files, problems) = session.dataset.files();
                for p in problems {
                    Refusal::from_report(p).print(session)?;
                    failed = true;
                }
                targets.extend(
                    files
                        .iter()
                        .map(|f| super::Target::at(std::path::Path::new(&f.name))),
                );
            }
        }
    } else {
        for arg in &args.treaties {
            match locate(session, arg) {
                Ok(t) => targets.push(t),
                Err(r) => {
                    r.print(session)?;
                    failed = true;
                }
            }
        }
    }
    let mut write = args.write.clone();
    write.dry_run |= args.check;
    let mut unformatted = 0usize;
    for target in &targets {
        let result = apply(target, &write, Mode::Modify, |text| {
            format_text(target, text.unwrap_or_default())
        });
        match result {
            Ok(a) if !a.changed() => {}
            Ok(a) if a.written => writeln!(io::stderr(), "formatted {}", target.name)?,
            Ok(a) => {
                unformatted += 1;
                print_diff(out, &target.name, &a.before, &a.after)?;
            }
            Err(r) => {
                r.print(session)?;
                failed = true;
            }
        }
    }
    if write.dry_run && unformatted > 0 {
        writeln!(
            io::stderr(),
            "{unformatted} file(s) not formatted{}",
            if args.check {
                "; run `treatyline fmt` to format them"
            } else {
                " (dry run: nothing was written)"
            }
        )?;
    }
    let check_failed = args.check && unformatted > 0;
    Ok(if failed || check_failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// The canonical layout of `text`.
pub(crate) fn format_text(target: &Target, text: &str) -> Result<String, Refusal> {
    // Only a valid file has a meaning that formatting must keep.
    super::validate(target, text).map_err(|mut r| {
        r.closing = Some(format!(
            "error: refused: {} is not valid, so it was not formatted; fix it first (`treatyline check` shows the problems)",
            target.name
        ));
        r
    })?;
    let mut doc = document::parse(target, text)?;
    format_document(&mut doc);
    let mut out = doc.to_string();
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// The first plain key of the root table (not a table or an event).
fn first_value_key(root: &Table) -> Option<String> {
    root.iter()
        .find(|(_, v)| v.is_value())
        .map(|(k, _)| k.to_owned())
}

fn format_document(doc: &mut DocumentMut) {
    let root = doc.as_table_mut();
    // The comment that opens the file stays on top: take it off the first
    // key before the keys are sorted, and give it to whichever is first after.
    let header = first_value_key(root)
        .and_then(|k| root.key(&k))
        .and_then(|k| k.leaf_decor().prefix())
        .and_then(|p| p.as_str())
        .map(split_header)
        .unwrap_or_default();
    if let Some(first) = first_value_key(root)
        && let Some(mut key) = root.key_mut(&first)
    {
        key.leaf_decor_mut().set_prefix(header.1.clone());
    }
    format_table(root, "", true);
    if let Some(first) = first_value_key(root)
        && let Some(mut key) = root.key_mut(&first)
    {
        let own = key
            .leaf_decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_owned();
        let joined = format!("{}{}", header.0, own);
        key.leaf_decor_mut().set_prefix(clean_lines(&joined, true));
    }

    // Tables: [term], [renewal], [withdrawal], then the events by date.
    let mut names: Vec<String> = root
        .iter()
        .filter(|(_, v)| v.is_table() || v.is_array_of_tables())
        .map(|(k, _)| k.to_owned())
        .collect();
    names.sort_by_key(|n| rank(document::TOP_ORDER, n));
    let mut position: isize = 1;
    for name in names {
        match root.get_mut(&name) {
            Some(Item::Table(t)) => {
                format_table(t, &name, false);
                format_header(t);
                t.set_position(Some(position));
                position += 1;
            }
            Some(Item::ArrayOfTables(events)) => {
                let mut tables: Vec<Table> = std::mem::take(events).into_iter().collect();
                tables.sort_by_key(event_date);
                let mut sorted = ArrayOfTables::new();
                for mut t in tables {
                    format_table(&mut t, &name, false);
                    format_header(&mut t);
                    t.set_position(Some(position));
                    position += 1;
                    place_subtables(&mut t, &name, &mut position);
                    sorted.push(t);
                }
                *events = sorted;
            }
            _ => {}
        }
    }
    // Comments after the last table: one blank line before them.
    let trailing = doc.trailing().as_str().unwrap_or("").to_owned();
    let comments = clean_lines(&trailing, true);
    let comments = comments.trim_end_matches('\n');
    doc.set_trailing(if comments.is_empty() {
        String::new()
    } else {
        format!("\n{comments}\n")
    });
}

/// Formats the sub-tables of an array element (`[reading.term]` under a
/// `[[reading]]`) and places them right after it, in the table's key order.
fn place_subtables(t: &mut Table, path: &str, position: &mut isize) {
    let names: Vec<String> = t
        .iter()
        .filter(|(_, v)| v.is_table())
        .map(|(k, _)| k.to_owned())
        .collect();
    for n in names {
        if let Some(Item::Table(sub)) = t.get_mut(&n) {
            let sub_path = format!("{path}.{n}");
            format_table(sub, &sub_path, false);
            format_header(sub);
            sub.set_position(Some(*position));
            *position += 1;
        }
    }
}

/// The sort key of an event: its date (events without one go last, for the
/// loader to report).
fn event_date(t: &Table) -> (bool, Option<(u16, u8, u8)>) {
    let date = t
        .get("date")
        .and_then(Item::as_datetime)
        .and_then(|d| d.date)
        .map(|d| (d.year, d.month, d.day));
    (date.is_none(), date)
}

/// Sorts the keys of a table and normalises their spacing.
fn format_table(table: &mut Table, path: &str, root: bool) {
    let order = order_of(path);
    table.sort_values_by(|k1, _, k2, _| rank(order, k1).cmp(&rank(order, k2)));
    let keys: Vec<String> = table
        .iter()
        .filter(|(_, v)| v.is_value())
        .map(|(k, _)| k.to_owned())
        .collect();
    for (i, k) in keys.iter().enumerate() {
        if let Some((mut key, item)) = table.get_key_value_mut(k) {
            let prefix = key
                .leaf_decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_owned();
            // No blank line right under a header; in the root the first
            // key's prefix is handled with the file's header comment.
            let first = i == 0 && !root;
            key.leaf_decor_mut().set_prefix(clean_lines(&prefix, first));
            key.leaf_decor_mut().set_suffix(" ");
            if let Some(v) = item.as_value_mut() {
                let suffix = v
                    .decor()
                    .suffix()
                    .and_then(|s| s.as_str())
                    .unwrap_or("")
                    .to_owned();
                v.decor_mut().set_prefix(" ");
                v.decor_mut().set_suffix(clean_suffix(&suffix));
            }
        }
    }
}

/// One blank line before a table header, then its comments.
fn format_header(table: &mut Table) {
    let prefix = table
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_owned();
    let suffix = table
        .decor()
        .suffix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_owned();
    // Comments separated from the header by a blank line trail the section
    // above (commented-out keys, say) and stay there; the comments right
    // above the header are its own, with one blank line before them.
    let (detached, own) = split_header(&prefix);
    let detached = clean_lines(&detached, true);
    let own = clean_lines(&own, true);
    let new_prefix = if detached.trim().is_empty() {
        format!("\n{own}")
    } else {
        format!("{}\n\n{own}", detached.trim_end())
    };
    table.decor_mut().set_prefix(new_prefix);
    table.decor_mut().set_suffix(clean_suffix(&suffix));
}

/// Splits the prefix of the file's first key into the file's header (up to
/// its last blank line, or all of it when it has none) and the key's own
/// comment.
fn split_header(prefix: &str) -> (String, String) {
    let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
    match lines.iter().rposition(|l| l.trim().is_empty()) {
        Some(i) => {
            let (head, own) = lines.split_at(i + 1);
            (head.concat(), own.concat())
        }
        None => (prefix.to_owned(), String::new()),
    }
}

/// Comment lines without indentation or trailing spaces, at most one blank
/// line in a row, none at the start when `first`.
fn clean_lines(prefix: &str, first: bool) -> String {
    let mut out = String::new();
    let mut blank_run = first;
    for line in prefix.split_inclusive('\n') {
        let t = line.trim();
        if t.is_empty() {
            if !line.ends_with('\n') {
                // Spaces before the key on its own line: indentation.
                continue;
            }
            if !blank_run {
                out.push('\n');
                blank_run = true;
            }
        } else {
            out.push_str(t);
            if line.ends_with('\n') {
                out.push('\n');
            }
            blank_run = false;
        }
    }
    out
}

/// What follows a value on its line: nothing, or spaces and a comment (the
/// spaces kept, so aligned comments stay aligned).
fn clean_suffix(suffix: &str) -> String {
    let t = suffix.trim_end();
    if t.trim().is_empty() {
        String::new()
    } else if t.starts_with([' ', '\t']) {
        t.to_owned()
    } else {
        format!(" {t}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            name: "t-2001.toml".into(),
            path: "t-2001.toml".into(),
            stem: "t-2001".into(),
        }
    }

    fn fmt(text: &str) -> String {
        match format_text(&target(), text) {
            Ok(t) => t,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn orders_keys_tables_and_events() {
        let text = "# T\n\nsigned = 2001-01-01\n  title=\"T\"   # the title\nparties = [\"A\", \"B\"]\n\n\n[[event]]\nkind = \"note\"\ndate = 2003-01-01\n\n[[event]]\n# first\ndate = 2002-01-01\nkind = \"note\"\n[renewal]\nmode = \"none\"\n[term]\n\nlength = \"10y\"\n";
        let once = fmt(text);
        assert_eq!(
            once,
            "# T\n\ntitle = \"T\"   # the title\nparties = [\"A\", \"B\"]\nsigned = 2001-01-01\n\n[term]\nlength = \"10y\"\n\n[renewal]\nmode = \"none\"\n\n[[event]]\n# first\ndate = 2002-01-01\nkind = \"note\"\n\n[[event]]\ndate = 2003-01-01\nkind = \"note\"\n"
        );
        assert_eq!(fmt(&once), once);
    }

    #[test]
    fn header_without_blank_line_stays_on_top() {
        let rest = "parties = [\"A\", \"B\"]\nsigned = 2001-01-01\n\n[term]\nlength = \"10y\"\n";
        let text = format!("# Header\ntitle = \"T\"\nid = \"t-2001\"\n{rest}");
        assert_eq!(
            fmt(&text),
            format!("# Header\nid = \"t-2001\"\ntitle = \"T\"\n{rest}")
        );
    }
}
