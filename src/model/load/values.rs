//! Stage 2, typed values: one value of the spanned tree as a string, a
//! date, a length, one of a set of words or a table, each ill-typed value
//! reported with the fix (a date in quotes, a length without its unit); and
//! the keys a table may have.

use std::ops::Range;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::{Entry, Loader, Value, did_you_mean};
use crate::diag::Diagnostic;
use crate::engine::calendar;
use crate::model::Length;

/// The help for `given`, which is not one of `names`: the nearest name when
/// one is close (a likely typo), else `intro` and every name, each between
/// `quote`s.
pub(super) fn suggest(given: &str, names: &[&str], quote: char, intro: &str) -> String {
    match did_you_mean(given, names) {
        Some(n) => format!("did you mean {quote}{n}{quote}?"),
        None => format!("{intro}: {}", quoted_list(names, quote)),
    }
}

/// `names`, each between `quote`s, joined by commas: "`a`, `b`".
pub(super) fn quoted_list(names: &[&str], quote: char) -> String {
    names
        .iter()
        .map(|n| format!("{quote}{n}{quote}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Loader<'_> {
    /// Reports a value of the wrong type: "`what` must be `expected`, not"
    /// the type it has, with `help` saying how to write it.
    pub(super) fn wrong_type(
        &mut self,
        what: &str,
        expected: &str,
        found: &DeValue<'_>,
        span: Range<usize>,
        help: impl Into<String>,
    ) {
        self.err(
            Diagnostic::error(
                format!("{what} must be {expected}, not {}", type_name(found)),
                span,
            )
            .with_help(help),
        );
    }

    /// Reports keys that exclude each other given together: `message` at
    /// the first, each other one marked "also given".
    pub(super) fn given_together(
        &mut self,
        first: &Entry<'_, '_>,
        rest: &[Entry<'_, '_>],
        message: &str,
        help: &str,
    ) {
        let mut d = Diagnostic::error(message, first.0.span());
        for (k, _) in rest {
            d = d.with_related(k.span(), "also given");
        }
        self.err(d.with_help(help));
    }

    /// Reports every key of `table` that is not in `allowed`.
    pub(super) fn unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str) {
        for (key, _) in table.iter() {
            let k: &str = key.get_ref();
            if !allowed.contains(&k) {
                self.err(
                    Diagnostic::error(format!("`{k}` is not a key of {what}"), key.span())
                        .with_label("unknown key")
                        .with_help(suggest(k, allowed, '`', &format!("the keys of {what} are"))),
                );
            }
        }
    }

    pub(super) fn string(&mut self, key: &str, v: &Value<'_>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.wrong_type(
                    &format!("`{key}`"),
                    "a string",
                    other,
                    v.span(),
                    format!("write it in double quotes: `{key} = \"...\"`"),
                );
                None
            }
        }
    }

    pub(super) fn nonempty_string(&mut self, key: &str, v: &Value<'_>) -> Option<String> {
        let s = self.string(key, v)?;
        if s.trim().is_empty() {
            self.err(
                Diagnostic::error(format!("`{key}` cannot be empty"), v.span()).with_help(format!(
                    "write the {key}, or leave the key out if it is optional"
                )),
            );
            return None;
        }
        Some(s)
    }

    pub(super) fn strings(
        &mut self,
        key: &str,
        v: &Value<'_>,
    ) -> Option<Vec<(String, Range<usize>)>> {
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                let mut ok = true;
                for item in items.iter() {
                    match self.nonempty_string(key, item) {
                        Some(s) => out.push((s, item.span())),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
            other => {
                self.wrong_type(
                    &format!("`{key}`"),
                    "an array of strings",
                    other,
                    v.span(),
                    format!("write it like `{key} = [\"...\", \"...\"]`"),
                );
                None
            }
        }
    }

    pub(super) fn date(&mut self, key: &str, v: &Value<'_>) -> Option<NaiveDate> {
        match v.get_ref() {
            DeValue::Datetime(dt) => {
                let Some(date) = dt.date else {
                    self.err(
                        Diagnostic::error(format!("`{key}` must be a date, not a time"), v.span())
                            .with_help(format!("write a date like `{key} = 1961-07-11`")),
                    );
                    return None;
                };
                if dt.time.is_some() || dt.offset.is_some() {
                    let plain = format!("{:04}-{:02}-{:02}", date.year, date.month, date.day);
                    self.err(
                        Diagnostic::error(
                            format!("`{key}` must be a plain date, without a time or offset"),
                            v.span(),
                        )
                        .with_help(format!("write `{key} = {plain}`")),
                    );
                    return None;
                }
                let parsed = NaiveDate::from_ymd_opt(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                )
                .filter(|d| calendar::in_range(*d));
                if parsed.is_none() {
                    self.err(
                        Diagnostic::error(
                            format!(
                                "{:04}-{:02}-{:02} is not a date in the calendar",
                                date.year, date.month, date.day
                            ),
                            v.span(),
                        )
                        .with_help(
                            "check the day and month; dates run from 0001-01-01 to 9999-12-31",
                        ),
                    );
                }
                parsed
            }
            DeValue::String(s) => {
                let help = match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                    Ok(_) => format!("dates are written without quotes: `{key} = {s}`"),
                    Err(_) => {
                        format!("write a TOML date without quotes, like `{key} = 1961-07-11`")
                    }
                };
                self.err(
                    Diagnostic::error(format!("`{key}` must be a date, not a string"), v.span())
                        .with_label("this is a string")
                        .with_help(help),
                );
                None
            }
            other => {
                self.wrong_type(
                    &format!("`{key}`"),
                    "a date",
                    other,
                    v.span(),
                    format!("write a date like `{key} = 1961-07-11`"),
                );
                None
            }
        }
    }

    pub(super) fn length(&mut self, key: &str, v: &Value<'_>) -> Option<Length> {
        let s = match v.get_ref() {
            DeValue::String(s) => s,
            DeValue::Integer(i) => {
                self.err(
                    Diagnostic::error(
                        format!("`{key}` must be a length string, not a number"),
                        v.span(),
                    )
                    .with_help(format!(
                        "give the unit, in quotes: `{key} = \"{}y\"` for years, \"m\" months, \"w\" weeks, \"d\" days",
                        i.as_str()
                    )),
                );
                return None;
            }
            other => {
                self.wrong_type(
                    &format!("`{key}`"),
                    "a length",
                    other,
                    v.span(),
                    format!("write it like `{key} = \"20y\"`, \"6m\", \"90d\" or \"P1Y6M\""),
                );
                return None;
            }
        };
        match s.parse::<Length>() {
            Ok(l) => Some(l),
            Err(e) => {
                self.err(
                    Diagnostic::error(format!("`{key}` is not a valid length"), v.span())
                        .with_help(e.to_string()),
                );
                None
            }
        }
    }

    pub(super) fn choice<T: Copy>(
        &mut self,
        key: &str,
        v: &Value<'_>,
        options: &[(&str, T)],
    ) -> Option<T> {
        let s = self.string(key, v)?;
        if let Some((_, t)) = options.iter().find(|(name, _)| *name == s) {
            return Some(*t);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        self.err(
            Diagnostic::error(format!("`{s}` is not a valid `{key}`"), v.span())
                .with_help(suggest(&s, &names, '"', &format!("`{key}` is one of"))),
        );
        None
    }

    /// `[key]` as a table of which every key is in `allowed` (each other
    /// one reported).
    pub(super) fn clause<'a, 'i>(
        &mut self,
        key: &str,
        v: &'a Value<'i>,
        allowed: &[&str],
    ) -> Option<&'a DeTable<'i>> {
        let t = self.table(key, v)?;
        self.unknown_keys(t, allowed, &format!("`[{key}]`"));
        Some(t)
    }

    pub(super) fn table<'a, 'i>(&mut self, key: &str, v: &'a Value<'i>) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.wrong_type(
                    &format!("`{key}`"),
                    "a table",
                    other,
                    v.span(),
                    format!("write it as a table: `[{key}]` followed by its keys"),
                );
                None
            }
        }
    }
}

/// How a value's type is named in messages.
pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// What a name looks like (Unicode TR39 "skeleton", after NFKC): two names
/// with the same skeleton are confusable.
pub(super) fn confusable_skeleton(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let compatible: String = name.nfkc().collect();
    unicode_security::skeleton(&compatible).collect()
}

/// A name as written, quoted, with every character outside printable ASCII
/// spelled as a code point: `"Russi\u{430}"`, `"A\u{200b}B"`.
pub(super) fn spelled(name: &str) -> String {
    let mut out = String::from("\"");
    for c in name.chars() {
        if c == ' ' || c.is_ascii_graphic() {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    out.push('"');
    out
}
