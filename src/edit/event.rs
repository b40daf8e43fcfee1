//! `treatyline event add` and its shorthand `treatyline renew`: append an
//! `[[event]]` after the file's last event.

use std::io::{self, Write};

use toml_edit::{ArrayOfTables, Item, Table, Value};

use super::args::{EventAddArgs, RenewArgs, WriteArgs};
use super::document::{self, EVENT_ORDER};
use super::{Mode, Refusal, Session, Target, apply, finish, locate};
use crate::outcome::Outcome;

/// An event as the command line gives it: every value still text.
#[derive(Debug, Default)]
struct NewEvent<'a> {
    kind: &'a str,
    date: &'a str,
    /// The other fields, by key, in the order the flags were declared.
    fields: Vec<(&'static str, Option<&'a str>)>,
}

/// The keys whose values are dates.
const DATE_KEYS: &[&str] = &["date", "expires", "last_day", "effective", "revoked"];

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
    let result = apply(&target, write, Mode::Modify, |text| {
        append(&target, text.unwrap_or_default(), event)
    });
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

/// The text with `event` appended after the last event.
fn append(target: &Target, text: &str, event: &NewEvent<'_>) -> Result<String, Refusal> {
    let mut doc = document::parse(target, text)?;
    let mut table = Table::new();
    let mut entries: Vec<(&str, &str)> = vec![("date", event.date), ("kind", event.kind)];
    entries.extend(event.fields.iter().filter_map(|(k, v)| v.map(|v| (*k, v))));
    entries.sort_by_key(|(k, _)| document::rank(EVENT_ORDER, k));
    for (key, raw) in entries {
        let value = if DATE_KEYS.contains(&key) {
            document::date_value(&flag(key), raw)?
        } else {
            document::string_value(raw)
        };
        table.insert(key, Item::Value(value));
    }
    // One blank line before the header, as between every table of the format.
    table.decor_mut().set_prefix("\n");
    match doc.as_table_mut().get_mut("event") {
        None => {
            let mut events = ArrayOfTables::new();
            events.push(table);
            doc.as_table_mut()
                .insert("event", Item::ArrayOfTables(events));
        }
        Some(Item::ArrayOfTables(events)) => events.push(table),
        Some(Item::Value(Value::Array(events))) => {
            events.push(Value::InlineTable(table.into_inline_table()));
        }
        Some(_) => {
            return Err(Refusal::new(
                &target.name,
                format!(
                    "`event` in {} is not a list of `[[event]]` tables",
                    target.name
                ),
                "fix the file with `treatyline edit`; `treatyline check` shows what is wrong",
            ));
        }
    }
    Ok(doc.to_string())
}

/// The flag a key came from, for messages.
fn flag(key: &str) -> String {
    format!("--{}", key.replace('_', "-"))
}
