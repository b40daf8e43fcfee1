//! `treatyline fmt [--check] [TREATY...]`: the canonical layout.
//!
//! Canonical means:
//! - top-level keys in the order of the spec's example (`id`, `title`,
//!   `short`, `parties`, `signed`, `in_force`, `sources`, `clause`, `tags`,
//!   `caveat`, then v2's `allow`), then `[term]`, `[renewal]`,
//!   `[withdrawal]`, `[membership]`, `[survival]`, the `[[event]]` tables
//!   sorted by `date`, `[[milestone]]` and `[[reading]]` (each reading's own
//!   tables right after it); events with the same date keep their file
//!   order (the engine reads events in date order, stably, so the
//!   projection is unchanged);
//! - the keys of each table in the spec's order (for events: `date`,
//!   `kind`, the kind's own fields, `note`, `source`);
//! - `key = value` with one space on each side of `=`, no indentation, no
//!   trailing spaces, at most one blank line in a row, one blank line before
//!   every table header, none right after it, one newline at the end.
//!
//! Comments are kept with what they describe (see [`super::layout`]): a
//! comment block belongs to the key or table header right below it (or, at
//! the end of a line, to that line) and moves with it; comments under a
//! section's last line stay with that section, and a block after a blank
//! line stays free. A block about a key the table does not have (a hint
//! `# max = 3`, or a note naming `` `in_force` ``) that stands where that key
//! would go stays there when the keys around it are sorted. The comment that
//! opens the file stays at the top, whatever key comes first. Values are
//! kept as written (quoting, arrays, multi-line strings, spacing before an
//! end-of-line comment). Formatting twice gives the same text as formatting
//! once, and every editing command leaves a formatted file formatted.

use std::io::{self, Write};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::args::FmtArgs;
use super::document::{self, order_of, rank};
use super::layout;
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
    if !(args.tag.is_empty() && args.party.is_empty() && args.state.is_empty()) {
        // A filter is a question about the treaty, so only files that load
        // can answer it; the others are left out, and counted.
        let mut unreadable = 0usize;
        // `--party` takes any of a party's names in the parties list.
        let paths: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
        let parties = crate::parties::resolve_all(
            &crate::parties::for_command(session.dataset, &paths),
            &args.party,
        );
        targets.retain(|target| {
            let keep = super::read(target)
                .ok()
                .and_then(|text| crate::model::load::parse_treaty(&target.stem, &text).ok())
                .map(|t| matches_filters(&t, args, &parties, session.today));
            if keep.is_none() {
                unreadable += 1;
            }
            keep.unwrap_or(false)
        });
        if unreadable > 0 {
            writeln!(
                io::stderr(),
                "note: {unreadable} file(s) that do not load were left out: --tag, --party and --state need a valid treaty (`treatyline check` shows the problems)"
            )?;
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

/// Whether `--tag`, `--party` and `--state` keep a treaty (each: any of
/// its values; names and tags compared ignoring case).
fn matches_filters(
    t: &crate::model::Treaty,
    args: &FmtArgs,
    parties: &[String],
    today: chrono::NaiveDate,
) -> bool {
    use crate::select::{in_state, tagged_and_party};
    tagged_and_party(t, &args.tag, parties)
        && (args.state.is_empty()
            || crate::engine::project(t, &crate::engine::Horizon::from_today(today))
                .is_ok_and(|p| in_state(&p, &args.state)))
}

/// The canonical layout of `text`.
pub(crate) fn format_text(target: &Target, text: &str) -> Result<String, Refusal> {
    // Only a valid file has a meaning that formatting must keep.
    super::validate(target, text).map_err(|mut r| {
        r.report.file.clone_from(&target.name);
        r.closing = Some(format!(
            "error: refused: {} is not valid, so it was not formatted; fix it first (`treatyline check` shows the problems)",
            target.name
        ));
        r
    })?;
    let mut doc = document::parse(target, text)?;
    Ok(canonical(&mut doc))
}

/// The canonical text of `doc` (which must hold a valid treaty for the
/// result to mean the same).
pub(crate) fn canonical(doc: &mut DocumentMut) -> String {
    format_document(doc);
    let mut out = doc.to_string();
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
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
        .map(layout::header_split)
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

    // Tables in the format's order, events by date, nested tables (a
    // reading's `[reading.term]`) right after their table.
    let mut position: isize = 1;
    format_tables(root, "", &mut position);
    // Comments after the last table: right under its last line when they
    // were (they belong to it, like its commented-out keys), else after one
    // blank line.
    let trailing = doc.trailing().as_str().unwrap_or("").to_owned();
    let comments = clean_lines(&trailing, false);
    let comments = comments.trim_end_matches('\n');
    doc.set_trailing(if comments.trim().is_empty() {
        String::new()
    } else {
        format!("{comments}\n")
    });
}

/// Formats the tables inside `table` (at dotted `path`) and gives them
/// their positions, depth first.
fn format_tables(table: &mut Table, path: &str, position: &mut isize) {
    let order = order_of(path);
    let mut names: Vec<String> = table
        .iter()
        .filter(|(_, v)| v.is_table() || v.is_array_of_tables())
        .map(|(k, _)| k.to_owned())
        .collect();
    names.sort_by_key(|n| rank(order, n));
    for name in names {
        let here = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        match table.get_mut(&name) {
            Some(Item::Table(t)) => {
                format_table(t, &here, false);
                if !t.is_implicit() || t.iter().any(|(_, v)| v.is_value()) {
                    format_header(t);
                    t.set_position(Some(*position));
                    *position += 1;
                }
                format_tables(t, &here, position);
            }
            Some(Item::ArrayOfTables(list)) => {
                let mut tables: Vec<Table> = std::mem::take(list).into_iter().collect();
                if name == "event" {
                    tables.sort_by_key(event_date);
                }
                let mut sorted = ArrayOfTables::new();
                for mut t in tables {
                    format_table(&mut t, &here, false);
                    format_header(&mut t);
                    t.set_position(Some(*position));
                    *position += 1;
                    format_tables(&mut t, &here, position);
                    sorted.push(t);
                }
                *list = sorted;
            }
            _ => {}
        }
    }
}

/// The sort key of an event: its date (events without one go last, for the
/// loader to report).
fn event_date(t: &Table) -> (bool, Option<(u16, u8, u8)>) {
    let date = document::table_date(t);
    (date.is_none(), date)
}

/// Sorts the keys of a table and normalises their spacing.
fn format_table(table: &mut Table, path: &str, root: bool) {
    let order = order_of(path);
    let anchored = layout::take_anchored(table, order);
    table.sort_values_by(|k1, _, k2, _| rank(order, k1).cmp(&rank(order, k2)));
    layout::put_anchored(table, order, anchored);
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
    let (detached, own) = layout::header_split(&prefix);
    // A comment block with a blank line above it stands free, and keeps it.
    let detached = clean_lines(&detached, false);
    let own = clean_lines(&own, true);
    let new_prefix = if detached.trim().is_empty() {
        format!("\n{own}")
    } else {
        format!("{}\n\n{own}", detached.trim_end())
    };
    table.decor_mut().set_prefix(new_prefix);
    table.decor_mut().set_suffix(clean_suffix(&suffix));
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

    fn canon(text: &str) -> String {
        let mut doc: DocumentMut = text.parse().unwrap_or_else(|e| panic!("{e}"));
        canonical(&mut doc)
    }

    #[test]
    fn v2_tables_in_order_with_a_reading_s_tables_after_it() {
        let text = "title = \"T\"\nallow = [\"x\"]\n\n[[event]]\ndate = 2001-01-01\nkind = \"note\"\n\n[[reading]]\nname = \"a\"\n\n[reading.renewal]\nmode = \"none\"\n\n[reading.term]\nfrom = \"signed\"\nlength = \"5y\"\n\n[[reading]]\nwhy = \"w\"\nname = \"b\"\n\n[survival]\nlength = \"20y\"\n\n[term]\nlength = \"10y\"\n";
        let once = canon(text);
        assert_eq!(
            once,
            "title = \"T\"\nallow = [\"x\"]\n\n[term]\nlength = \"10y\"\n\n[survival]\nlength = \"20y\"\n\n[[event]]\ndate = 2001-01-01\nkind = \"note\"\n\n[[reading]]\nname = \"a\"\n\n[reading.term]\nlength = \"5y\"\nfrom = \"signed\"\n\n[reading.renewal]\nmode = \"none\"\n\n[[reading]]\nname = \"b\"\nwhy = \"w\"\n"
        );
        assert_eq!(canon(&once), once);
    }

    #[test]
    fn comments_under_the_last_table_stay_attached_or_free() {
        let attached = "title = \"T\"\n\n[withdrawal]\nnotice = \"6m\"\n# earliest = \"5y\"\n";
        assert_eq!(canon(attached), attached);
        let free = "title = \"T\"\n\n[withdrawal]\nnotice = \"6m\"\n\n\n# The end.\n";
        assert_eq!(
            canon(free),
            "title = \"T\"\n\n[withdrawal]\nnotice = \"6m\"\n\n# The end.\n"
        );
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
