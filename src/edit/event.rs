//! `treatyline event add|list|rm|set` and the shorthand `treatyline renew`.
//!
//! A new event goes where `fmt` would put it: after the last event dated on
//! or before it (so a file in date order stays in date order), after the
//! comments that trail the section above it, never between a table's keys
//! and its comments.

use std::io::{self, Write};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::args::{
    EventAddArgs, EventListArgs, EventRmArgs, EventSetArgs, ListFormat, RenewArgs, WriteArgs,
};
use super::document::{self, EVENT_ORDER};
use super::layout::{self, TablePath};
use super::{Mode, Refusal, Session, Target, apply, confirm_future, finish, locate, read};
use crate::outcome::Outcome;

/// An event as the command line gives it: every value still text.
#[derive(Debug, Default)]
struct NewEvent<'a> {
    kind: &'a str,
    date: &'a str,
    /// The other fields, by key, in the order the flags were declared.
    fields: Vec<(&'static str, Option<&'a str>)>,
}

/// Appends an `[[event]]` to a treaty file.
///
/// Every field is checked by the loader, as `check` would check it: a kind
/// that does not take a field, a party not among the treaty's, a renewal
/// that attaches to no boundary are all refused, and the file is unchanged.
///
/// # Errors
///
/// Only I/O errors writing the output; a refused edit is
/// [`Outcome::Failure`].
pub fn event_add(
    session: &Session<'_>,
    args: &EventAddArgs,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    let event = NewEvent {
        kind: &args.kind,
        date: &args.date,
        fields: vec![
            ("effect", args.effect.as_deref()),
            ("party", args.party.as_deref()),
            ("predecessor", args.predecessor.as_deref()),
            ("length", args.length.as_deref()),
            ("expires", args.expires.as_deref()),
            ("last_day", args.last_day.as_deref()),
            ("effective", args.effective.as_deref()),
            ("revoked", args.revoked.as_deref()),
            ("note", args.note.as_deref()),
            ("source", args.source.as_deref()),
        ],
    };
    add(session, &args.treaty, &event, &args.write, out)
}

/// Records a renewal: `event add --kind renewed`.
///
/// # Errors
///
/// Only I/O errors writing the output; a refused edit is
/// [`Outcome::Failure`].
pub fn renew(session: &Session<'_>, args: &RenewArgs, out: &mut dyn Write) -> io::Result<Outcome> {
    let event = NewEvent {
        kind: "renewed",
        date: &args.date,
        fields: vec![
            ("length", args.length.as_deref()),
            ("effective", args.effective.as_deref()),
            ("note", args.note.as_deref()),
            ("source", args.source.as_deref()),
        ],
    };
    add(session, &args.treaty, &event, &args.write, out)
}

fn add(
    session: &Session<'_>,
    treaty: &str,
    event: &NewEvent<'_>,
    write: &WriteArgs,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    let target = match locate(session, treaty) {
        Ok(t) => t,
        Err(r) => {
            r.print(session)?;
            return Ok(Outcome::Failure);
        }
    };
    if !confirm_future(session, event.date)? {
        writeln!(io::stderr(), "aborted: {} is unchanged", target.name)?;
        return Ok(Outcome::Failure);
    }
    // `--party` and `--predecessor` take any of a party's names in the
    // dataset's parties list; the file gets the listed name.
    let list = crate::parties::Resolver::default()
        .for_file(&target.name)
        .map(|l| l.list.clone());
    let listed: Vec<Option<String>> = event
        .fields
        .iter()
        .map(|(k, v)| match (*k, v, &list) {
            ("party" | "predecessor", Some(v), Some(l)) => l.canonical(v).map(str::to_owned),
            _ => None,
        })
        .collect();
    let event = &NewEvent {
        kind: event.kind,
        date: event.date,
        fields: event
            .fields
            .iter()
            .zip(&listed)
            .map(|((k, v), l)| (*k, l.as_deref().or(*v)))
            .collect(),
    };
    let mut flags: Vec<(String, String)> = vec![
        ("date".into(), "--date".into()),
        ("kind".into(), "--kind".into()),
    ];
    let mut known = flags.clone();
    flags.extend(
        event
            .fields
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| ((*k).to_owned(), flag(k))),
    );
    known.extend(event.fields.iter().map(|(k, _)| ((*k).to_owned(), flag(k))));
    let result = apply(&target, write, Mode::Modify, |text| {
        append(&target, text.unwrap_or_default(), event)
    })
    .map_err(|r| r.naming_flags(&flags, &known));
    let article = if event.kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let done = format!(
        "added {article} `{}` event dated {} to {}",
        event.kind,
        event.date.trim(),
        target.name
    );
    finish(session, out, &target, result, &done)
}

/// The text with `event` added at its place.
fn append(target: &Target, text: &str, event: &NewEvent<'_>) -> Result<String, Refusal> {
    let mut doc = document::parse(target, text)?;
    let mut table = Table::new();
    let mut entries: Vec<(&str, &str)> = vec![("date", event.date), ("kind", event.kind)];
    entries.extend(event.fields.iter().filter_map(|(k, v)| v.map(|v| (*k, v))));
    entries.sort_by_key(|(k, _)| document::rank(EVENT_ORDER, k));
    for (key, raw) in entries {
        let value = super::keys::value_for(&["event", key], &flag(key), raw)?;
        table.insert(key, Item::Value(value));
    }
    insert_table(&mut doc, target, "event", table)?;
    Ok(doc.to_string())
}

/// Inserts `table` into the list of tables `list` (`event`, `milestone`)
/// after the last one dated on or before it, and lays out the comments
/// around it (see the module's documentation).
pub(crate) fn insert_table(
    doc: &mut DocumentMut,
    target: &Target,
    list: &str,
    mut table: Table,
) -> Result<(), Refusal> {
    let date = document::table_date(&table);
    let mut order = layout::render_order(doc);
    let index = match doc.as_table_mut().get_mut(list) {
        None => {
            doc.as_table_mut()
                .insert(list, Item::ArrayOfTables(ArrayOfTables::new()));
            0
        }
        Some(Item::ArrayOfTables(tables)) => tables
            .iter()
            .collect::<Vec<_>>()
            .iter()
            .rposition(|t| match (document::table_date(t), date) {
                (Some(d), Some(new)) => d <= new,
                _ => true,
            })
            .map_or(0, |i| i + 1),
        Some(Item::Value(Value::Array(tables))) => {
            // Written inline (`event = [{...}]`): appended as written.
            tables.push(Value::InlineTable(table.into_inline_table()));
            return Ok(());
        }
        Some(_) => {
            return Err(Refusal::new(
                &target.name,
                format!(
                    "`{list}` in {} is not a list of `[[{list}]]` tables",
                    target.name
                ),
                "fix the file with `treatyline edit`; `treatyline check` shows what is wrong",
            ));
        }
    };
    // The written order, with the new table in it.
    for path in &mut order {
        if let [(name, Some(i))] = path.as_mut_slice()
            && name == list
            && *i >= index
        {
            *i += 1;
        }
    }
    let new_path: TablePath = vec![(list.to_owned(), Some(index))];
    let at = if index == 0 {
        // Before the first of the list, or after every table when the list
        // is new: after the last table that comes before it in the format.
        let first = vec![(list.to_owned(), Some(1))];
        order.iter().position(|p| *p == first).unwrap_or_else(|| {
            let rank = document::rank(document::TOP_ORDER, list);
            order
                .iter()
                .rposition(|p| {
                    p.first()
                        .is_some_and(|(n, _)| document::rank(document::TOP_ORDER, n) <= rank)
                })
                .map_or(0, |i| i + 1)
        })
    } else {
        let previous = vec![(list.to_owned(), Some(index - 1))];
        order
            .iter()
            .position(|p| *p == previous)
            .map_or(order.len(), |i| {
                // After the previous one and the tables nested in it.
                i + 1
                    + order
                        .iter()
                        .skip(i + 1)
                        .take_while(|p| p.len() > 1 && p.first() == previous.first())
                        .count()
            })
    };
    // The comments attached to the end of the section above (no blank line
    // between them and its last line) stay with it, above the new table.
    let next = order.get(at).cloned();
    let attached = match next
        .as_ref()
        .and_then(|n| layout::table_at_mut(doc.as_table_mut(), n))
    {
        Some(t) => {
            let prefix = layout::raw(t.decor().prefix());
            let (detached, own) = layout::header_split(&prefix);
            let (attached, rest) = split_attached(&detached);
            let rest = if rest.is_empty() {
                "\n".to_owned()
            } else {
                rest
            };
            t.decor_mut().set_prefix(format!("{rest}{own}"));
            attached
        }
        None => {
            let trailing = layout::raw(Some(doc.trailing()));
            let (attached, rest) = split_attached(&trailing);
            doc.set_trailing(rest);
            attached
        }
    };
    table.decor_mut().set_prefix(if attached.trim().is_empty() {
        "\n".to_owned()
    } else {
        format!("{}\n\n", attached.trim_end())
    });
    order.insert(at.min(order.len()), new_path);
    if let Some(Item::ArrayOfTables(tables)) = doc.as_table_mut().get_mut(list) {
        tables.insert(index.min(tables.len()), table);
    }
    layout::renumber(doc, &order);
    Ok(())
}

/// Splits comments into those attached to the line above them (before the
/// first blank line) and the rest (from it on).
fn split_attached(text: &str) -> (String, String) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match lines.iter().position(|l| l.trim().is_empty()) {
        Some(i) => {
            let (a, b) = lines.split_at(i);
            (a.concat(), b.concat())
        }
        None => (text.to_owned(), String::new()),
    }
}

/// The flag a key came from, for messages.
fn flag(key: &str) -> String {
    format!("--{}", key.replace('_', "-"))
}

/// An event as JSON: its number, then every key as written (dates as
/// `"YYYY-MM-DD"` strings).
fn event_json(n: usize, t: &Table) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    map.insert("number".into(), n.into());
    for (k, item) in t.iter() {
        let v = match item.as_value() {
            Some(Value::String(s)) => s.value().clone().into(),
            Some(Value::Integer(i)) => (*i.value()).into(),
            Some(Value::Boolean(b)) => (*b.value()).into(),
            Some(other) => other.to_string().trim().to_owned().into(),
            None => continue,
        };
        map.insert(k.to_owned(), v);
    }
    serde_json::Value::Object(map)
}

/// One line per event: number, date, kind and what it says.
fn describe(n: usize, t: &Table) -> String {
    let text = |k: &str| -> Option<String> {
        t.get(k).and_then(Item::as_value).map(|v| match v {
            Value::String(s) => s.value().clone(),
            other => other.to_string().trim().to_owned(),
        })
    };
    let date = text("date").unwrap_or_else(|| "(no date)".into());
    let kind = text("kind").unwrap_or_else(|| "(no kind)".into());
    let mut details: Vec<String> = Vec::new();
    for key in EVENT_ORDER
        .iter()
        .filter(|k| !matches!(**k, "date" | "kind" | "note" | "source"))
    {
        if let Some(v) = text(key) {
            details.push(match *key {
                "party" | "effect" => v,
                _ => format!("{} {v}", key.replace('_', " ")),
            });
        }
    }
    if let Some(note) = text("note") {
        let one_line: String = note.split_whitespace().collect::<Vec<_>>().join(" ");
        let short: String = if one_line.chars().count() > 60 {
            one_line.chars().take(59).chain(['…']).collect()
        } else {
            one_line
        };
        details.push(format!("\"{short}\""));
    }
    format!("{n:>3}  {date:<10}  {kind:<11} {}", details.join(", "))
        .trim_end()
        .to_owned()
}

/// Lists the events of a treaty file, numbered from 1 in file order: the
/// numbers `event rm`, `event set` and `set event.N.KEY` take.
///
/// # Errors
///
/// Only I/O errors writing the output; a file that cannot be read is
/// [`Outcome::Failure`].
pub fn event_list(
    session: &Session<'_>,
    args: &EventListArgs,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    let listed = locate(session, &args.treaty)
        .and_then(|t| read(&t).map(|text| (t, text)))
        .and_then(|(t, text)| document::parse(&t, &text).map(|d| (t, d)));
    let (target, doc) = match listed {
        Ok(x) => x,
        Err(r) => {
            r.print(session)?;
            return Ok(Outcome::Failure);
        }
    };
    let events: Vec<&Table> = match doc.as_table().get("event") {
        Some(Item::ArrayOfTables(a)) => a.iter().collect(),
        _ => Vec::new(),
    };
    if args.format == ListFormat::Json {
        let list: Vec<serde_json::Value> = events
            .iter()
            .enumerate()
            .map(|(i, t)| event_json(i + 1, t))
            .collect();
        let text = serde_json::to_string_pretty(&list).map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
        return Ok(Outcome::Success);
    }
    if events.is_empty() {
        writeln!(io::stderr(), "{} records no events", target.name)?;
        return Ok(Outcome::Success);
    }
    for (i, t) in events.iter().enumerate() {
        writeln!(out, "{}", describe(i + 1, t))?;
    }
    Ok(Outcome::Success)
}

/// Removes the N-th event (from 1, in file order), with its own comment.
///
/// # Errors
///
/// Only I/O errors writing the output; a refused edit is
/// [`Outcome::Failure`].
pub fn event_rm(
    session: &Session<'_>,
    args: &EventRmArgs,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    let described = locate(session, &args.treaty)
        .ok()
        .and_then(|t| read(&t).ok().map(|text| (t, text)))
        .and_then(|(t, text)| text.parse::<DocumentMut>().ok().map(|d| (t, d)))
        .and_then(|(t, doc)| match doc.as_table().get("event") {
            Some(Item::ArrayOfTables(a)) => a
                .get(args.number.saturating_sub(1))
                .map(|e| (t, describe(args.number, e))),
            _ => None,
        });
    let done =
        described.map(|(t, d)| format!("removed event {} from {}:\n{d}", args.number, t.name));
    super::set::remove_key(
        session,
        &args.treaty,
        &format!("event.{}", args.number),
        &args.write,
        out,
        done,
    )
}

/// Sets one key of the N-th event: `set TREATY event.N.KEY VALUE`.
///
/// # Errors
///
/// Only I/O errors writing the output; a refused edit is
/// [`Outcome::Failure`].
pub fn event_set(
    session: &Session<'_>,
    args: &EventSetArgs,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    super::set::set_key(
        session,
        &args.treaty,
        &format!("event.{}.{}", args.number, args.key),
        &args.value,
        false,
        &args.write,
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufRead;

    use crate::edit::confirm_future_with;

    fn target() -> Target {
        Target {
            name: "t.toml".into(),
            path: "t.toml".into(),
            stem: "t".into(),
        }
    }

    fn add_note(text: &str, date: &str) -> String {
        let event = NewEvent {
            kind: "note",
            date,
            fields: vec![],
        };
        append(&target(), text, &event).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_future_event_is_asked_about_on_a_terminal_and_warned_about_otherwise() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let run = |raw: &str, answer: Option<&[u8]>| {
            let mut err = Vec::new();
            let mut input = answer.unwrap_or_default();
            let answers: Option<&mut dyn BufRead> =
                answer.is_some().then_some(&mut input as &mut dyn BufRead);
            let ok = confirm_future_with(today, raw, answers, &mut err)
                .unwrap_or_else(|e| panic!("{e}"));
            (ok, String::from_utf8_lossy(&err).into_owned())
        };
        assert_eq!(run("2026-11-29", None), (true, String::new()));
        let (ok, err) = run("2030-01-01", None);
        assert!(
            ok && err.starts_with("warning: 2030-01-01 is after today"),
            "{err}"
        );
        let (ok, err) = run("2030-01-01", Some(b"y\n"));
        assert!(ok && err.ends_with("[y/N] "), "{err}");
        assert!(!run("2030-01-01", Some(b"\n")).0);
        assert!(!run("2030-01-01", Some(b"")).0);
    }

    #[test]
    fn after_the_hints_that_trail_the_last_table() {
        let text = "[withdrawal]\nnotice = \"6m\"\n# earliest = \"5y\"\n\n# the end\n";
        assert_eq!(
            add_note(text, "2001-01-01"),
            "[withdrawal]\nnotice = \"6m\"\n# earliest = \"5y\"\n\n[[event]]\ndate = 2001-01-01\nkind = \"note\"\n\n# the end\n"
        );
    }

    #[test]
    fn in_date_order() {
        let text = "[[event]]\ndate = 2001-01-01\nkind = \"note\"\n\n# own\n[[event]]\ndate = 2003-01-01\nkind = \"note\"\n";
        assert_eq!(
            add_note(text, "2002-01-01"),
            "[[event]]\ndate = 2001-01-01\nkind = \"note\"\n\n[[event]]\ndate = 2002-01-01\nkind = \"note\"\n\n# own\n[[event]]\ndate = 2003-01-01\nkind = \"note\"\n"
        );
        let first = add_note(text, "2000-01-01");
        assert!(
            first.find("2000-01-01") < first.find("2001-01-01"),
            "{first}"
        );
    }
}
