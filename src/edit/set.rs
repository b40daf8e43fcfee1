//! `treatyline set TREATY KEY VALUE`: set one dotted key of the format.
//!
//! The value is turned into the TOML type the key has (a date, a list, a
//! number, else a string) and the loader judges it, so `set` accepts exactly
//! what a hand-written file may say, with the loader's messages.

use std::io::{self, Write};

use toml_edit::{Item, Key, Table, Value};

use super::args::SetArgs;
use super::document::{self, TOP_ORDER};
use super::{Mode, Refusal, Session, Target, apply, finish, locate};
use crate::outcome::Outcome;

/// The TOML type a key's value takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Date,
    List,
    /// `term.from`: a date, else `"signed"` or `"in_force"`.
    DateOrString,
    /// `renewal.max`: a whole number (anything else goes in as a string for
    /// the loader to reject).
    Count,
    String,
}

fn shape(table: &str, key: &str) -> Shape {
    match (table, key) {
        ("", "signed" | "in_force") => Shape::Date,
        ("", "parties" | "sources" | "tags") => Shape::List,
        ("term", "expires" | "last_day") => Shape::Date,
        ("term", "from") => Shape::DateOrString,
        ("renewal", "max") => Shape::Count,
        ("event", "date" | "expires" | "last_day" | "effective" | "revoked") => Shape::Date,
        _ => Shape::String,
    }
}

/// Where the key lives.
#[derive(Debug, PartialEq, Eq)]
enum Place<'k> {
    /// A top-level key.
    Top(&'k str),
    /// A key of `[term]`, `[renewal]`, `[withdrawal]` (or a misspelling, for
    /// the loader to name).
    Table(&'k str, &'k str),
    /// A key of the n-th event (counting from 1, in file order).
    Event(usize, &'k str),
}

const TABLES: &[&str] = &["term", "renewal", "withdrawal", "event"];

fn place<'k>(key: &'k str) -> Result<Place<'k>, String> {
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        [t] if TABLES.contains(t) => Err(format!(
            "`{t}` is a table, not a value: set one of its keys, like `{}`",
            match *t {
                "term" => "term.length",
                "renewal" => "renewal.mode",
                "withdrawal" => "withdrawal.notice",
                _ => "event.1.note",
            }
        )),
        [k] if !k.is_empty() => Ok(Place::Top(k)),
        ["event", n, k] if !k.is_empty() => match n.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(Place::Event(n, k)),
            _ => Err(format!(
                "`{n}` is not an event number: events count from 1, in file order, like `event.1.note`"
            )),
        },
        ["event", _] => Err(
            "name the event and its key, like `event.1.note` (events count from 1, in file order)"
                .to_owned(),
        ),
        [t, k] if !t.is_empty() && !k.is_empty() => Ok(Place::Table(t, k)),
        _ => Err(format!(
            "`{key}` is not a key of the format: use a top-level key like `title`, a table key like `term.length`, or an event's like `event.1.note`"
        )),
    }
}

/// Sets one dotted key of a treaty file.
///
/// # Errors
///
/// Only I/O errors writing the output; a refused edit is
/// [`Outcome::Failure`].
pub fn set(session: &Session<'_>, args: &SetArgs, out: &mut dyn Write) -> io::Result<Outcome> {
    let target = match locate(session, &args.treaty) {
        Ok(t) => t,
        Err(r) => {
            r.print(session)?;
            return Ok(Outcome::Failure);
        }
    };
    let place = match place(&args.key) {
        Ok(p) => p,
        Err(message) => {
            Refusal::new(&target.name, message, "see spec/data-model.md for the keys")
                .print(session)?;
            return Ok(Outcome::Failure);
        }
    };
    let mut replaced = None;
    let result = apply(&target, &args.write, Mode::Modify, |text| {
        let (text, r) = set_text(
            &target,
            text.unwrap_or_default(),
            &place,
            &args.key,
            &args.value,
        )?;
        replaced = r;
        Ok(text)
    });
    let done = match replaced {
        Some(old) => format!(
            "set {} in {} (in place of term.{old})",
            args.key, target.name
        ),
        None => format!("set {} in {}", args.key, target.name),
    };
    finish(session, out, &target, result, &done)
}

/// The text with the key set; also which other end of the term it replaced.
fn set_text(
    target: &Target,
    text: &str,
    place: &Place<'_>,
    key: &str,
    raw: &str,
) -> Result<(String, Option<String>), Refusal> {
    let mut doc = document::parse(target, text)?;
    let mut replaced = None;
    match *place {
        Place::Top(k) => {
            let value = value_for("", k, key, raw)?;
            if let Some(item) = doc.as_table().get(k)
                && !item.is_value()
            {
                return Err(not_a_value(target, key));
            }
            document::set_in(doc.as_table_mut(), TOP_ORDER, k, value);
        }
        Place::Table(t, k) => {
            let value = value_for(t, k, key, raw)?;
            let table = document::table_mut(&mut doc, target, t)?;
            if let Some(item) = table.get(k)
                && !item.is_value()
            {
                return Err(not_a_value(target, key));
            }
            if t == "term" {
                replaced = replace_term_end(table, k, value.clone());
            }
            if replaced.is_none() {
                document::set_in(table, document::order_of(t), k, value);
            }
        }
        Place::Event(n, k) => {
            let value = value_for("event", k, key, raw)?;
            let events = match doc.as_table_mut().get_mut("event") {
                Some(Item::ArrayOfTables(a)) => a,
                _ => {
                    return Err(Refusal::new(
                        &target.name,
                        format!("{} has no `[[event]]` tables", target.name),
                        "add events with `treatyline event add`",
                    ));
                }
            };
            let count = events.len();
            let Some(table) = events.get_mut(n - 1) else {
                return Err(Refusal::new(
                    &target.name,
                    format!(
                        "there is no event {n}: {} has {count} event(s)",
                        target.name
                    ),
                    format!("events count from 1, in file order: use `event.1` to `event.{count}`"),
                ));
            };
            document::set_in(table, document::order_of("event"), k, value);
        }
    }
    Ok((doc.to_string(), replaced))
}

/// `[term]` takes exactly one of `length`, `expires` and `last_day`: setting
/// one replaces another where it stands, with its comments.
fn replace_term_end(table: &mut Table, key: &str, mut value: Value) -> Option<String> {
    const ENDS: [&str; 3] = ["length", "expires", "last_day"];
    if !ENDS.contains(&key) || table.contains_key(key) {
        return None;
    }
    let old = ENDS.iter().find(|k| table.contains_key(k))?;
    let index = table.iter().position(|(k, _)| k == *old)?;
    let (old_key, old_item) = table.remove_entry(old)?;
    if let Item::Value(v) = &old_item {
        *value.decor_mut() = v.decor().clone();
    }
    let new_key = Key::new(key).with_leaf_decor(old_key.leaf_decor().clone());
    document::insert_at(table, index, new_key, Item::Value(value), false);
    Some((*old).to_owned())
}

fn value_for(table: &str, key: &str, dotted: &str, raw: &str) -> Result<Value, Refusal> {
    Ok(match shape(table, key) {
        Shape::Date => document::date_value(dotted, raw)?,
        Shape::List => document::list_value(dotted, raw)?,
        Shape::DateOrString => match raw.trim().parse::<Value>() {
            Ok(v @ Value::Datetime(_)) => v,
            _ => document::string_value(raw),
        },
        Shape::Count => match raw.trim().parse::<Value>() {
            Ok(v @ Value::Integer(_)) => v,
            _ => document::string_value(raw),
        },
        Shape::String => document::string_value(raw),
    })
}

fn not_a_value(target: &Target, key: &str) -> Refusal {
    Refusal::new(
        &target.name,
        format!("`{key}` is a table in {}, not a value", target.name),
        "set one of its keys instead, like `term.length`",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places() {
        assert_eq!(place("title"), Ok(Place::Top("title")));
        assert_eq!(place("term.length"), Ok(Place::Table("term", "length")));
        assert_eq!(place("event.2.note"), Ok(Place::Event(2, "note")));
        assert!(place("event.0.note").is_err());
        assert!(place("term").is_err());
        assert!(place("a.b.c").is_err());
        assert!(place("").is_err());
    }
}
