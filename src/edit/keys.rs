//! What each key of the format holds, read from the treaty file's JSON
//! Schema ([`crate::model::schema`]), so that every editing command types a
//! value the same way, and a key added to the format (a v2 table, say) is
//! typed by the commands as soon as the schema knows it, with no list here
//! to update.
//!
//! A value from the command line is taken as TOML when it is written as
//! TOML (`'["a,b", "c"]'`, `'"quoted"'`, `3`, `1961-07-11`), else as text,
//! and then given the type the key holds: a bare `1961-07-11` for a date
//! key, a one-item list for a list key. Text is never split on commas: a
//! URL like `...312303,en` stays one source.

use std::sync::OnceLock;

use serde_json::Value as Json;
use toml_edit::Value;

use super::Refusal;
use super::document;

/// The TOML type a key's value takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A TOML local date.
    Date,
    /// A TOML local date, or one of a few words (`term.from`, v2's
    /// `in_force = "pending"`).
    DateOrString,
    /// A list of strings.
    List,
    /// A whole number.
    Integer,
    /// A table (`[term]`), not a value.
    Table,
    /// A list of tables (`[[event]]`).
    Tables,
    /// Text.
    String,
    /// A key the schema does not describe: taken as written.
    Unknown,
}

fn schema() -> &'static Json {
    static SCHEMA: OnceLock<Json> = OnceLock::new();
    SCHEMA.get_or_init(crate::model::schema::treaty_file_schema)
}

/// The schema of the key at `path` (names only: `["event", "date"]` for
/// the date of any event, `["reading", "term", "length"]`).
fn node(path: &[&str]) -> Option<&'static Json> {
    let mut here = schema();
    for name in path {
        // An array of tables: its items hold the keys.
        if here.get("type").and_then(Json::as_str) == Some("array") {
            here = here.get("items")?;
        }
        here = here.get("properties")?.get(*name)?;
    }
    Some(here)
}

fn has_date(node: &Json) -> bool {
    node.get("format").and_then(Json::as_str) == Some("date")
}

/// The shape of the key at `path`.
pub(crate) fn shape(path: &[&str]) -> Shape {
    let Some(n) = node(path) else {
        return Shape::Unknown;
    };
    let alternatives: Vec<&Json> = ["anyOf", "oneOf"]
        .iter()
        .filter_map(|k| n.get(*k).and_then(Json::as_array))
        .flatten()
        .collect();
    let typ = n.get("type").and_then(Json::as_str);
    if has_date(n) {
        if alternatives.iter().any(|a| !has_date(a)) {
            return Shape::DateOrString;
        }
        return Shape::Date;
    }
    if alternatives.iter().any(|a| has_date(a)) {
        return Shape::DateOrString;
    }
    match typ {
        Some("array") => {
            let items = n.get("items");
            if items.and_then(|i| i.get("type")).and_then(Json::as_str) == Some("object") {
                Shape::Tables
            } else {
                Shape::List
            }
        }
        Some("object") => Shape::Table,
        Some("integer") => Shape::Integer,
        _ => Shape::String,
    }
}

/// The keys the schema lists for the table at `path` (`[]` for the root).
pub(crate) fn keys_of(path: &[&str]) -> Vec<&'static str> {
    let here = if path.is_empty() {
        Some(schema())
    } else {
        node(path).map(|n| n.get("items").unwrap_or(n))
    };
    here.and_then(|n| n.get("properties"))
        .and_then(Json::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The value `raw` (from flag or argument `what`) becomes at `path`.
///
/// # Errors
///
/// A date key given something that is not a date, with the date parser's
/// sentence.
pub(crate) fn value_for(path: &[&str], what: &str, raw: &str) -> Result<Value, Refusal> {
    let parsed = raw.trim().parse::<Value>().ok();
    Ok(match shape(path) {
        Shape::Date => match parsed {
            // A quoted date stays quoted, for the loader to explain.
            Some(v @ (Value::Datetime(_) | Value::String(_))) => v,
            // A word (v2's `in_force = "pending"`, say) is the loader's to
            // judge: the schema here may be older than the loader.
            _ if is_word(raw) => document::string_value(raw.trim()),
            _ => document::date_value(what, raw)?,
        },
        Shape::DateOrString => match parsed {
            Some(v @ (Value::Datetime(_) | Value::String(_))) => v,
            _ => document::string_value(raw),
        },
        Shape::List => match parsed {
            Some(v @ Value::Array(_)) => v,
            Some(Value::String(s)) => std::iter::once(s.value().clone()).collect(),
            _ => std::iter::once(raw.to_owned()).collect(),
        },
        Shape::Integer => match parsed {
            Some(v @ Value::Integer(_)) => v,
            _ => document::string_value(raw),
        },
        Shape::String | Shape::Table | Shape::Tables => match parsed {
            Some(v @ Value::String(_)) => v,
            _ => document::string_value(raw),
        },
        Shape::Unknown => match parsed {
            Some(v) => v,
            None => document::string_value(raw),
        },
    })
}

/// Whether `raw` is one lowercase word, like `pending`.
fn is_word(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_')
}

/// The value a JSON value becomes at `path` (for `new --from-json`): a
/// string at a date key becomes a TOML date when it is one.
pub(crate) fn value_from_json(path: &[&str], json: &Json) -> Option<Value> {
    match json {
        Json::String(s) => {
            let date = matches!(shape(path), Shape::Date | Shape::DateOrString);
            match s.trim().parse::<Value>() {
                Ok(v @ Value::Datetime(_)) if date => Some(v),
                _ => Some(document::string_value(s)),
            }
        }
        Json::Bool(b) => Some(Value::from(*b)),
        Json::Number(n) => n
            .as_i64()
            .map(Value::from)
            .or_else(|| n.as_f64().map(Value::from)),
        Json::Array(items) => {
            let mut array = toml_edit::Array::new();
            for item in items {
                array.push_formatted(value_from_json(path, item)?);
            }
            Some(Value::Array(array))
        }
        Json::Object(_) | Json::Null => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_come_from_the_schema() {
        assert_eq!(shape(&["signed"]), Shape::Date);
        assert_eq!(shape(&["parties"]), Shape::List);
        assert_eq!(shape(&["term"]), Shape::Table);
        assert_eq!(shape(&["term", "from"]), Shape::DateOrString);
        assert_eq!(shape(&["renewal", "max"]), Shape::Integer);
        assert_eq!(shape(&["event"]), Shape::Tables);
        assert_eq!(shape(&["event", "revoked"]), Shape::Date);
        assert_eq!(shape(&["title"]), Shape::String);
        assert_eq!(shape(&["no_such_key"]), Shape::Unknown);
        assert!(keys_of(&["event"]).contains(&"party"));
        assert!(keys_of(&[]).contains(&"title"));
    }

    fn show(path: &[&str], raw: &str) -> String {
        value_for(path, "x", raw)
            .map(|v| v.to_string())
            .unwrap_or_else(|_| "refused".into())
    }

    #[test]
    fn values_are_toml_or_text_never_split_on_commas() {
        assert_eq!(
            show(&["sources"], "https://a/b,en"),
            r#"["https://a/b,en"]"#
        );
        assert_eq!(
            show(&["sources"], r#"["https://a/b,c", "https://d"]"#),
            r#"["https://a/b,c", "https://d"]"#
        );
        assert_eq!(show(&["renewal", "notice"], "6m"), r#""6m""#);
        assert_eq!(show(&["title"], "2001"), r#""2001""#);
        assert_eq!(show(&["title"], r#""Quoted""#), r#""Quoted""#);
        assert_eq!(show(&["renewal", "max"], "3"), "3");
        assert_eq!(show(&["signed"], "2001-02-03"), "2001-02-03");
        assert_eq!(show(&["signed"], "2001-02-30"), "refused");
        assert_eq!(show(&["signed"], "31 January 2001"), "refused");
        assert_eq!(show(&["in_force"], "pending"), r#""pending""#);
        assert_eq!(show(&["term", "from"], "signed"), r#""signed""#);
        assert_eq!(show(&["allowance"], "true"), "true");
    }
}
