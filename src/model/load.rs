//! Reading a treaty file into a [`Treaty`], checking its shape.
//!
//! The TOML is parsed into a spanned tree first and then walked key by key,
//! rather than deserialised with serde, so that every problem in a file is
//! collected (not just the first), each with the exact span it concerns, and
//! so that a date written as a string or a misspelt key gets a sentence that
//! says how to fix it.

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeArray, DeString, DeTable, DeValue};

use super::{
    AnchorFrom, Event, EventKind, ExtensionEnd, Length, NoticeEffect, RenewalClause, RenewalMode,
    TakesEffect, Term, TermDuration, Treaty, TreatySpans, WithdrawalClause, schema,
};
use crate::diag::{Diagnostic, LineIndex, line_col};
use crate::engine::calendar;

// The key lists are the fields of the file-shape types in `schema.rs`, which
// the JSON Schema is generated from: one list, two uses.
/// The keys a treaty file may have at its top level.
pub const TOP_KEYS: &[&str] = schema::TreatyFile::KEYS;
const TERM_KEYS: &[&str] = schema::TermTable::KEYS;
const RENEWAL_KEYS: &[&str] = schema::RenewalTable::KEYS;
const WITHDRAWAL_KEYS: &[&str] = schema::WithdrawalTable::KEYS;
/// Every key any event may have; which ones a kind takes is [`event_fields`].
const EVENT_KEYS: &[&str] = schema::EventTable::KEYS;

/// The fields an event of `kind` takes besides `date`, `kind`, `note`, `source`.
pub fn event_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "renewed" => &["length", "effective"],
        "extended" => &["expires", "last_day", "length"],
        "notice" => &["effect", "party", "effective", "revoked"],
        "withdrawn" | "joined" | "suspended" | "resumed" | "amended" | "note" => &["party"],
        _ => &[],
    }
}

/// Whether `id` is a valid treaty id: lowercase ASCII letters, digits and
/// `-`, not empty.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The closest of `candidates` to `word`, when one is close enough to be a
/// likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        // Case is the commonest slip in names ("china" for "China").
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                *c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Parses the text of a treaty file whose id (file stem) is `stem`.
///
/// # Errors
///
/// Every problem found, in file order, as [`Diagnostic`]s; the treaty is
/// returned only when there are none.
///
/// # Example
///
/// ```
/// use treatyline::model::load::parse_treaty;
///
/// let text = r#"
/// title = "Example"
/// parties = ["A", "B"]
/// signed = 2001-01-31
/// [term]
/// length = "10y"
/// "#;
/// let treaty = parse_treaty("example-2001", text).unwrap();
/// assert_eq!(treaty.parties, ["A", "B"]);
///
/// let bad = text.replace("2001-01-31", "\"2001-01-31\"");
/// let problems = parse_treaty("example-2001", &bad).unwrap_err();
/// assert!(problems[0].help.as_deref().unwrap().contains("without quotes"));
/// ```
pub fn parse_treaty(stem: &str, text: &str) -> Result<Treaty, Vec<Diagnostic>> {
    if let Some(d) = lone_carriage_return(text) {
        return Err(vec![d]);
    }
    let (root, mut errors) = DeTable::parse_recoverable(text);
    // Thousands of syntax errors are counted, not each described.
    let unshown = errors.len().saturating_sub(crate::diag::MAX_PER_FILE);
    errors.truncate(crate::diag::MAX_PER_FILE);
    // An impossible date (1961-02-30) is a syntax error to the TOML parser,
    // but the rest of the file is still well-formed: walk it too, so that
    // every problem is reported at once, leaving out what the bad dates
    // themselves cause (a key reported missing where the date stood).
    let only_bad_dates = !errors.is_empty()
        && errors
            .iter()
            .all(|e| e.message().starts_with("invalid date"));
    if !errors.is_empty() {
        let mut syntax: Vec<Diagnostic> = errors
            .into_iter()
            .map(|e| {
                let span = e.span().unwrap_or(0..0);
                let help = if e.message().starts_with("invalid date") {
                    "check the day and the month (30 February, 29 February outside a leap year and 31 April do not exist)"
                } else {
                    "fix the TOML syntax here; see spec/data-model.md for the format"
                };
                Diagnostic::error(syntax_message(e.message()), span).with_help(help)
            })
            .collect();
        if only_bad_dates {
            let mut cx = Loader {
                diags: Vec::new(),
                lines: LineIndex::new(text),
            };
            let _ = cx.treaty(stem, root.get_ref(), root.span());
            let lines: Vec<usize> = syntax
                .iter()
                .filter_map(|d| d.span.as_ref().map(|s| line_col(text, s.start).0))
                .collect();
            // The keys the bad dates belong to (`signed = 1961-02-30`).
            let keys: Vec<String> = lines
                .iter()
                .filter_map(|l| text.lines().nth(l.saturating_sub(1)))
                .filter_map(|line| line.split('=').next())
                .map(|k| format!("has no `{}`", k.trim()))
                .collect();
            syntax.extend(cx.diags.into_iter().filter(|d| {
                // A bad date reads as a missing key, or echoes on its line.
                let line = d.span.as_ref().map(|s| line_col(text, s.start).0);
                !keys.iter().any(|k| d.message.contains(k.as_str()))
                    && line.is_none_or(|l| !lines.contains(&l))
            }));
            syntax.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        }
        if unshown > 0 {
            syntax.push(crate::diag::more_problems(unshown));
        }
        return Err(syntax);
    }
    let mut cx = Loader {
        diags: Vec::new(),
        lines: LineIndex::new(text),
    };
    let treaty = cx.treaty(stem, root.get_ref(), root.span());
    // Report in file order, whatever order the checks ran in.
    cx.diags
        .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    match treaty {
        Some(t) if cx.diags.is_empty() => Ok(t),
        _ => Err(cx.diags),
    }
}

/// A carriage return not followed by a line feed (the line ending of the
/// classic Mac OS, or a stray CR) is not allowed anywhere in TOML. A file
/// using them would give one syntax error per line, all on one "line" (TOML
/// counts lines by LF): it gets a single error at the first, with a count.
fn lone_carriage_return(text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let mut lone = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .map(|(i, _)| i);
    let first = lone.next()?;
    let count = 1 + lone.count();
    let message = if count == 1 {
        "a lone carriage return (CR): TOML ends lines with LF or CRLF and allows no other CR"
            .to_owned()
    } else {
        format!(
            "{count} lone carriage returns (CR), the first here: TOML ends lines with LF or CRLF, not CR alone (classic Mac OS line endings)"
        )
    };
    Some(
        Diagnostic::error(message, first..first + 1)
            .with_label("CR not followed by LF")
            .with_help("convert the line endings to LF (for example `tr '\\r' '\\n' < old.toml > new.toml`), or remove the stray CR"),
    )
}

/// What a name looks like (Unicode TR39 "skeleton", after NFKC): two names
/// with the same skeleton are confusable.
fn confusable_skeleton(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let compatible: String = name.nfkc().collect();
    unicode_security::skeleton(&compatible).collect()
}

/// A name as written, quoted, with every character outside printable ASCII
/// spelled as a code point: `"Russi\u{430}"`, `"A\u{200b}B"`.
fn spelled(name: &str) -> String {
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

/// Parses a single event written as a TOML inline table, e.g.
/// `{date = 2026-12-01, kind = "notice", effect = "non-renewal", party = "China"}`,
/// against the parties of `treaty` (used by `--assume`).
///
/// # Errors
///
/// The problems found, with spans into `text`.
pub fn parse_event(treaty: &Treaty, text: &str) -> Result<Event, Vec<Diagnostic>> {
    parse_assumption(text).and_then(|a| a.event_for(treaty))
}

/// A hypothetical event from `--assume`, parsed once and applied to each
/// treaty it targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumption {
    /// The text as given.
    pub text: String,
    /// The treaty it is limited to (`treaty = "ID"` in the table), if any.
    pub treaty: Option<String>,
}

/// Checks the syntax of an assumption and reads its optional `treaty` key.
///
/// # Errors
///
/// Syntax errors, with spans into `text`.
pub fn parse_assumption(text: &str) -> Result<Assumption, Vec<Diagnostic>> {
    let wrapped = format!("event = {text}");
    let offset = "event = ".len();
    let (root, errors) = DeTable::parse_recoverable(&wrapped);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| {
                let s = e.span().unwrap_or(0..0);
                Diagnostic::error(syntax_message(e.message()), s.start.saturating_sub(offset)..s.end.saturating_sub(offset))
                    .with_help("write the event as a TOML inline table, like `{date = 2026-12-01, kind = \"notice\", effect = \"non-renewal\"}`")
            })
            .collect());
    }
    let treaty = match root.get_ref().get("event").map(|v| v.get_ref()) {
        Some(DeValue::Table(t)) => t
            .get("treaty")
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_owned),
        _ => None,
    };
    Ok(Assumption {
        text: text.to_owned(),
        treaty,
    })
}

impl Assumption {
    /// Whether the assumption applies to the treaty with this id.
    pub fn applies_to(&self, id: &str) -> bool {
        self.treaty.as_deref().is_none_or(|t| t == id)
    }

    /// The assumed event, checked against `treaty` (its parties, the fields
    /// its kind takes), with spans into the assumption's text.
    ///
    /// # Errors
    ///
    /// Every problem, as for an event in a file.
    pub fn event_for(&self, treaty: &Treaty) -> Result<Event, Vec<Diagnostic>> {
        parse_event_table(treaty, &self.text)
    }
}

fn parse_event_table(treaty: &Treaty, text: &str) -> Result<Event, Vec<Diagnostic>> {
    let wrapped = format!("event = {text}");
    let offset = "event = ".len();
    let shift = |mut d: Diagnostic| {
        d.span = d
            .span
            .map(|s| s.start.saturating_sub(offset)..s.end.saturating_sub(offset));
        d
    };
    let (root, errors) = DeTable::parse_recoverable(&wrapped);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| {
                shift(Diagnostic::error(
                    syntax_message(e.message()),
                    e.span().unwrap_or(0..0),
                ))
            })
            .collect());
    }
    let mut cx = Loader {
        diags: Vec::new(),
        lines: LineIndex::new(&wrapped),
    };
    let event = match root.get_ref().get("event") {
        Some(v) => match v.get_ref() {
            DeValue::Table(t) => {
                // `treaty` selects the treaty an assumption applies to; it is
                // not part of the event.
                let mut t = t.clone();
                t.remove("treaty");
                cx.event(&t, v.span(), &treaty.parties)
            }
            _ => {
                cx.diags.push(Diagnostic::error(
                    "an assumed event must be an inline table",
                    v.span(),
                ).with_help("write it like `{date = 2026-12-01, kind = \"notice\", effect = \"non-renewal\", party = \"China\"}`"));
                None
            }
        },
        None => None,
    };
    match event {
        Some(mut e) if cx.diags.is_empty() => {
            e.span = e.span.start.saturating_sub(offset)..e.span.end.saturating_sub(offset);
            e.line = 1;
            e.assumed = true;
            Ok(e)
        }
        _ => Err(cx.diags.into_iter().map(shift).collect()),
    }
}

fn syntax_message(raw: &str) -> String {
    if raw.starts_with("invalid date") {
        // toml reports impossible dates (1961-02-30) as syntax errors.
        return format!("this date does not exist in the calendar ({raw})");
    }
    let mut m = format!("this is not valid TOML: {raw}");
    if !m.ends_with('.') {
        m.push('.');
    }
    m
}

struct Loader<'t> {
    diags: Vec<Diagnostic>,
    /// Line starts, so that each event's line is found without rescanning
    /// the file (a file may hold thousands of events).
    lines: LineIndex<'t>,
}

type Entry<'a, 'i> = (&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>);

impl Loader<'_> {
    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Reports every key of `table` that is not in `allowed`.
    fn unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str) {
        for (key, _) in table.iter() {
            let k: &str = key.get_ref();
            if !allowed.contains(&k) {
                let mut d = Diagnostic::error(format!("`{k}` is not a key of {what}"), key.span())
                    .with_label("unknown key");
                d = match did_you_mean(k, allowed) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "the keys of {what} are: {}",
                        allowed
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                self.err(d);
            }
        }
    }

    fn string(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.err(
                    Diagnostic::error(
                        format!("`{key}` must be a string, not {}", type_name(other)),
                        v.span(),
                    )
                    .with_help(format!("write it in double quotes: `{key} = \"...\"`")),
                );
                None
            }
        }
    }

    fn nonempty_string(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<String> {
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

    fn strings(
        &mut self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
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
                self.err(
                    Diagnostic::error(
                        format!(
                            "`{key}` must be an array of strings, not {}",
                            type_name(other)
                        ),
                        v.span(),
                    )
                    .with_help(format!("write it like `{key} = [\"...\", \"...\"]`")),
                );
                None
            }
        }
    }

    fn date(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<NaiveDate> {
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
                self.err(
                    Diagnostic::error(
                        format!("`{key}` must be a date, not {}", type_name(other)),
                        v.span(),
                    )
                    .with_help(format!("write a date like `{key} = 1961-07-11`")),
                );
                None
            }
        }
    }

    fn length(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<Length> {
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
                self.err(
                    Diagnostic::error(
                        format!("`{key}` must be a length, not {}", type_name(other)),
                        v.span(),
                    )
                    .with_help(format!(
                        "write it like `{key} = \"20y\"`, \"6m\", \"90d\" or \"P1Y6M\""
                    )),
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

    fn choice<T: Copy>(
        &mut self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        options: &[(&str, T)],
    ) -> Option<T> {
        let s = self.string(key, v)?;
        if let Some((_, t)) = options.iter().find(|(name, _)| *name == s) {
            return Some(*t);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let mut d = Diagnostic::error(format!("`{s}` is not a valid `{key}`"), v.span());
        d = match did_you_mean(&s, &names) {
            Some(n) => d.with_help(format!("did you mean \"{n}\"?")),
            None => d.with_help(format!(
                "`{key}` is one of: {}",
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        self.err(d);
        None
    }

    fn table<'a, 'i>(&mut self, key: &str, v: &'a Spanned<DeValue<'i>>) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.err(
                    Diagnostic::error(
                        format!("`{key}` must be a table, not {}", type_name(other)),
                        v.span(),
                    )
                    .with_help(format!(
                        "write it as a table: `[{key}]` followed by its keys"
                    )),
                );
                None
            }
        }
    }

    fn treaty(
        &mut self,
        stem: &str,
        root: &DeTable<'_>,
        root_span: Range<usize>,
    ) -> Option<Treaty> {
        self.unknown_keys(root, TOP_KEYS, "a treaty file");
        let get = |k: &str| root.get(k);
        let doc_start = 0..0;

        if !is_valid_id(stem) {
            self.err(
                Diagnostic::error(
                    format!("the file name `{stem}` is not a valid treaty id"),
                    doc_start.clone(),
                )
                .with_help("rename the file: ids use lowercase letters, digits and `-`, like `sino-dprk-1961.toml`"),
            );
        }
        if let Some(v) = get("id")
            && let Some(id) = self.string("id", v)
            && id != stem
        {
            self.err(
                Diagnostic::error(
                    format!("the id `{id}` does not match the file name `{stem}.toml`"),
                    v.span(),
                )
                .with_help(format!(
                    "write `id = \"{stem}\"`, or rename the file to `{id}.toml`"
                )),
            );
        }
        let title = match get("title") {
            Some(v) => self.nonempty_string("title", v),
            None => {
                self.missing("title", "title = \"Treaty of ...\"", doc_start.clone());
                None
            }
        };
        let short = get("short").and_then(|v| self.nonempty_string("short", v));
        let parties = match get("parties") {
            Some(v) => self.parties(v),
            None => {
                self.missing(
                    "parties",
                    "parties = [\"China\", \"North Korea\"]",
                    doc_start.clone(),
                );
                None
            }
        };
        let signed = match get("signed") {
            Some(v) => self.date("signed", v).map(|d| (d, v.span())),
            None => {
                self.missing("signed", "signed = 1961-07-11", doc_start.clone());
                None
            }
        };
        let in_force = get("in_force").map(|v| (self.date("in_force", v), v.span()));
        let sources = get("sources")
            .and_then(|v| self.strings("sources", v))
            .map(|v| v.into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default();
        let clause = get("clause").and_then(|v| self.nonempty_string("clause", v));
        let tags = get("tags")
            .and_then(|v| self.strings("tags", v))
            .map(|v| v.into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default();
        let caveat = get("caveat").and_then(|v| self.nonempty_string("caveat", v));

        let mut spans = TreatySpans::default();
        let term = match get("term") {
            Some(v) => self.term(v, &mut spans),
            None => {
                self.missing("[term]", "[term]\nlength = \"20y\"", doc_start.clone());
                None
            }
        };
        let renewal = match get("renewal") {
            Some(v) => self.renewal(v, &mut spans),
            None => Some(None),
        };
        let withdrawal = match get("withdrawal") {
            Some(v) => self.withdrawal(v, &mut spans),
            None => Some(WithdrawalClause::default()),
        };
        let party_names: Vec<String> = parties.clone().unwrap_or_default();
        let events = match get("event") {
            Some(v) => self.events(v, &party_names),
            None => Some(Vec::new()),
        };

        // Cross-field checks, once the parts are known.
        let (signed, signed_span) = signed?;
        let in_force_date = match in_force {
            Some((Some(d), _)) => Some(d),
            Some((None, _)) => return None,
            None => None,
        };
        let term = term?;
        spans.anchor = match term.from {
            AnchorFrom::Default => match &in_force {
                Some((_, span)) => span.clone(),
                None => signed_span.clone(),
            },
            _ => spans.anchor.clone(),
        };
        if term.from == AnchorFrom::InForce && in_force_date.is_none() {
            self.err(
                Diagnostic::error(
                    "`term.from = \"in_force\"` needs the date of entry into force, but `in_force` is not given",
                    spans.anchor.clone(),
                )
                .with_help("add `in_force = YYYY-MM-DD` at the top level, or count from `\"signed\"` or an explicit date"),
            );
        }
        if let Some(d) = in_force_date
            && d < signed
        {
            let span = in_force
                .as_ref()
                .map_or(root_span.clone(), |(_, s)| s.clone());
            self.err(
                Diagnostic::error(
                    format!("`in_force` ({d}) is before `signed` ({signed})"),
                    span,
                )
                .with_help(
                    "a treaty enters into force on or after its signature: check both dates",
                ),
            );
        }
        let renewal = renewal?;
        let withdrawal = withdrawal?;
        self.rules_need_lengths(&term, renewal.as_ref(), &spans);
        let events = events?;
        for e in &events {
            if let EventKind::Renewed { length: None, .. } = e.kind
                && term.duration.length().is_none()
                && renewal.as_ref().and_then(|r| r.length).is_none()
            {
                self.err(
                    Diagnostic::error(
                        "this `renewed` event needs a `length`: the term has no length to repeat and `renewal.length` is not given",
                        e.span.clone(),
                    )
                    .with_help("add `length = \"...\"` to the event, or `length` to `[renewal]`"),
                );
            }
            if let EventKind::Notice { party: None, .. } = e.kind
                && party_names.len() > 2
            {
                self.err(
                    Diagnostic::error(
                        "a notice in a treaty with more than two parties must name its `party`",
                        e.span.clone(),
                    )
                    .with_help("add `party = \"...\"`: only the notifying party leaves a multilateral treaty"),
                );
            }
        }
        Some(Treaty {
            id: stem.to_owned(),
            title: title?,
            short,
            parties: parties?,
            signed,
            in_force: in_force_date,
            sources,
            clause,
            tags,
            caveat,
            term,
            renewal,
            withdrawal,
            events,
            spans,
        })
    }

    fn missing(&mut self, key: &str, example: &str, span: Range<usize>) {
        self.err(
            Diagnostic::error(
                format!("the treaty file has no `{key}`, which is required"),
                span,
            )
            .with_help(format!("add it, like:\n{example}")),
        );
    }

    fn parties(&mut self, v: &Spanned<DeValue<'_>>) -> Option<Vec<String>> {
        let list = self.strings("parties", v)?;
        let mut seen = HashSet::new();
        let mut ok = true;
        for (p, span) in &list {
            if !seen.insert(p.as_str()) {
                self.err(
                    Diagnostic::error(format!("the party \"{p}\" is listed twice"), span.clone())
                        .with_help("list each party once"),
                );
                ok = false;
            }
        }
        // Two spellings that look alike (a zero-width space, a Cyrillic `а`
        // for a Latin `a`, composed and decomposed accents) would be two
        // parties to the engine and one to every reader.
        let mut skeletons: Vec<(String, &str, &Range<usize>)> = Vec::new();
        for (p, span) in &list {
            let key = confusable_skeleton(p);
            if let Some((_, first, first_span)) = skeletons
                .iter()
                .find(|(k, q, _)| *k == key && *q != p.as_str())
            {
                self.err(
                    Diagnostic::error(
                        format!(
                            "the parties {} and {} look the same: they differ only by invisible characters, look-alike letters of another script or Unicode normalisation",
                            spelled(first),
                            spelled(p)
                        ),
                        span.clone(),
                    )
                    .with_related((*first_span).clone(), "the first spelling")
                    .with_help("spell every party the same way, with plain letters of one script; a hidden character or a look-alike letter makes two parties of one"),
                );
                ok = false;
            } else {
                skeletons.push((key, p.as_str(), span));
            }
        }
        if list.len() < 2 {
            self.err(
                Diagnostic::error("a treaty needs at least two parties", v.span())
                    .with_help("list every party, like `parties = [\"China\", \"North Korea\"]`"),
            );
            ok = false;
        }
        ok.then(|| list.into_iter().map(|(p, _)| p).collect())
    }

    fn term(&mut self, v: &Spanned<DeValue<'_>>, spans: &mut TreatySpans) -> Option<Term> {
        let t = self.table("term", v)?;
        spans.term = v.span();
        self.unknown_keys(t, TERM_KEYS, "`[term]`");
        let present: Vec<Entry<'_, '_>> = t
            .iter()
            .filter(|(k, _)| ["length", "expires", "last_day"].contains(&k.get_ref().as_ref()))
            .collect();
        let duration = match present.as_slice() {
            [] => {
                self.err(
                    Diagnostic::error("`[term]` needs one of `length`, `expires` or `last_day`", v.span())
                        .with_help("write `length = \"20y\"` (or `\"indefinite\"`), `expires = YYYY-MM-DD` (first day no longer in force) or `last_day = YYYY-MM-DD`"),
                );
                None
            }
            [(key, value)] => {
                spans.term_end = value.span();
                match key.get_ref().as_ref() {
                    "length" => {
                        if value.get_ref().as_str() == Some("indefinite") {
                            Some(TermDuration::Indefinite)
                        } else {
                            self.length("length", value).map(TermDuration::Length)
                        }
                    }
                    "expires" => self
                        .date("expires", value)
                        .map(|expires| TermDuration::Expires { expires, written_as_last_day: false }),
                    _ => self.date("last_day", value).and_then(|d| match calendar::next_day(d) {
                        Some(expires) => Some(TermDuration::Expires { expires, written_as_last_day: true }),
                        None => {
                            self.err(
                                Diagnostic::error("`last_day` is the last day of the calendar, so the term would end outside it", value.span())
                                    .with_help("use `length = \"indefinite\"` for a treaty without an end"),
                            );
                            None
                        }
                    }),
                }
            }
            [(first, _), rest @ ..] => {
                let mut d = Diagnostic::error(
                    "`[term]` takes exactly one of `length`, `expires` and `last_day`",
                    first.span(),
                );
                for (k, _) in rest {
                    d = d.with_related(k.span(), "also given");
                }
                self.err(
                    d.with_help("keep one: `last_day = D` means the same as `expires = D + 1 day`"),
                );
                None
            }
        };
        let from = match t.get("from") {
            None => Some(AnchorFrom::Default),
            Some(fv) => {
                spans.anchor = fv.span();
                match fv.get_ref() {
                    DeValue::String(s) if s == "signed" => Some(AnchorFrom::Signed),
                    DeValue::String(s) if s == "in_force" => Some(AnchorFrom::InForce),
                    DeValue::Datetime(_) => self.date("from", fv).map(AnchorFrom::Date),
                    _ => {
                        self.err(
                            Diagnostic::error("`term.from` must be \"signed\", \"in_force\" or a date", fv.span())
                                .with_help("write `from = \"signed\"`, `from = \"in_force\"` or `from = 1961-07-11` (no quotes)"),
                        );
                        None
                    }
                }
            }
        };
        Some(Term {
            duration: duration?,
            from: from?,
        })
    }

    fn renewal(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        spans: &mut TreatySpans,
    ) -> Option<Option<RenewalClause>> {
        let t = self.table("renewal", v)?;
        self.unknown_keys(t, RENEWAL_KEYS, "`[renewal]`");
        let mode = match t.get("mode") {
            Some(m) => {
                spans.renewal_mode = Some(m.span());
                self.choice(
                    "mode",
                    m,
                    &[
                        ("automatic", RenewalMode::Automatic),
                        ("agreement", RenewalMode::Agreement),
                        ("none", RenewalMode::None),
                    ],
                )
            }
            None => {
                spans.renewal_mode = Some(v.span());
                self.err(
                    Diagnostic::error("`[renewal]` needs a `mode`", v.span()).with_help(
                        "add `mode = \"automatic\"` (tacit renewal), `\"agreement\"` or `\"none\"`",
                    ),
                );
                None
            }
        };
        let length = match t.get("length") {
            Some(l) => {
                spans.renewal_length = Some(l.span());
                Some(self.length("renewal.length", l)?)
            }
            None => None,
        };
        let max = match t.get("max") {
            Some(m) => Some(self.count("max", m)?),
            None => None,
        };
        let notice = match t.get("notice") {
            Some(n) => Some(self.length("renewal.notice", n)?),
            None => None,
        };
        Some(Some(RenewalClause {
            mode: mode?,
            length,
            max,
            notice,
        }))
    }

    fn count(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<u32> {
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                let digits = digits.trim_start_matches('+');
                u32::from_str_radix(
                    digits
                        .trim_start_matches("0x")
                        .trim_start_matches("0o")
                        .trim_start_matches("0b"),
                    i.radix(),
                )
                .ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                Diagnostic::error(
                    format!("`{key}` must be a whole number, 0 or more"),
                    v.span(),
                )
                .with_help(format!(
                    "write a count without quotes or sign, like `{key} = 3`"
                )),
            );
        }
        parsed
    }

    fn withdrawal(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        spans: &mut TreatySpans,
    ) -> Option<WithdrawalClause> {
        let t = self.table("withdrawal", v)?;
        self.unknown_keys(t, WITHDRAWAL_KEYS, "`[withdrawal]`");
        let mut clause = WithdrawalClause {
            declared: true,
            ..WithdrawalClause::default()
        };
        let mut ok = true;
        if let Some(n) = t.get("notice") {
            match self.length("withdrawal.notice", n) {
                Some(l) => clause.notice = l,
                None => ok = false,
            }
        }
        if let Some(e) = t.get("earliest") {
            spans.withdrawal_earliest = Some(e.span());
            match self.length("withdrawal.earliest", e) {
                Some(l) => clause.earliest = Some(l),
                None => ok = false,
            }
        }
        if let Some(te) = t.get("takes_effect") {
            match self.choice(
                "takes_effect",
                te,
                &[
                    ("anniversary", TakesEffect::Anniversary),
                    ("day-after", TakesEffect::DayAfter),
                    ("first-of-month-after", TakesEffect::FirstOfMonthAfter),
                    ("end-of-following-year", TakesEffect::EndOfFollowingYear),
                ],
            ) {
                Some(x) => clause.takes_effect = x,
                None => ok = false,
            }
        }
        ok.then_some(clause)
    }

    fn rules_need_lengths(
        &mut self,
        term: &Term,
        renewal: Option<&RenewalClause>,
        spans: &TreatySpans,
    ) {
        let Some(r) = renewal else { return };
        let renews = matches!(r.mode, RenewalMode::Automatic | RenewalMode::Agreement);
        let mode_span = spans.renewal_mode.clone().unwrap_or(spans.term.clone());
        if renews && term.duration == TermDuration::Indefinite {
            self.err(
                Diagnostic::error(
                    format!(
                        "an indefinite term cannot renew (`mode = \"{}\"`): there is no end to renew at",
                        r.mode.as_str()
                    ),
                    mode_span,
                )
                .with_related(spans.term_end.clone(), "the term is indefinite")
                .with_help(
                    "use `mode = \"none\"` (or remove `[renewal]`), or give the term a length",
                ),
            );
        } else if renews && term.duration.length().is_none() && r.length.is_none() {
            self.err(
                Diagnostic::error(
                    "renewals need a length, but the term has a fixed end date and `renewal.length` is not given",
                    mode_span,
                )
                .with_help("add `length = \"...\"` to `[renewal]`"),
            );
        }
    }

    fn events(&mut self, v: &Spanned<DeValue<'_>>, parties: &[String]) -> Option<Vec<Event>> {
        let items: &DeArray<'_> = match v.get_ref() {
            DeValue::Array(a) => a,
            DeValue::Table(_) => {
                self.err(
                    Diagnostic::error("`event` must be an array of tables", v.span()).with_help(
                        "write each event under `[[event]]` (two brackets), not `[event]`",
                    ),
                );
                return None;
            }
            other => {
                self.err(
                    Diagnostic::error(
                        format!(
                            "`event` must be an array of tables, not {}",
                            type_name(other)
                        ),
                        v.span(),
                    )
                    .with_help("write each event under its own `[[event]]` header"),
                );
                return None;
            }
        };
        // Sized up front: every loaded treaty keeps its events.
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => match self.event(t, item.span(), parties) {
                    Some(e) => out.push(e),
                    None => ok = false,
                },
                other => {
                    self.err(
                        Diagnostic::error(
                            format!("an event must be a table, not {}", type_name(other)),
                            item.span(),
                        )
                        .with_help("write each event under its own `[[event]]` header"),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn event(&mut self, t: &DeTable<'_>, span: Range<usize>, parties: &[String]) -> Option<Event> {
        self.unknown_keys(t, EVENT_KEYS, "an event");
        let date_v = t.get("date");
        let date = match date_v {
            Some(d) => self.date("date", d),
            None => {
                self.err(
                    Diagnostic::error("this event has no `date`", span.clone()).with_help(
                        "add `date = YYYY-MM-DD` (for a notice, the day it was received)",
                    ),
                );
                None
            }
        };
        let at = date_v.map_or(span.clone(), |d| d.span());
        let kind_v = t.get("kind");
        let kind_name = match kind_v {
            Some(k) => {
                let s = self.string("kind", k)?;
                if !super::EVENT_KINDS.contains(&s.as_str()) {
                    let mut d = Diagnostic::error(format!("`{s}` is not an event kind"), k.span());
                    d = match did_you_mean(&s, &super::EVENT_KINDS) {
                        Some(n) => d.with_help(format!("did you mean \"{n}\"?")),
                        None => d.with_help(format!(
                            "`kind` is one of: {}",
                            super::EVENT_KINDS.join(", ")
                        )),
                    };
                    self.err(d);
                    return None;
                }
                s
            }
            None => {
                self.err(
                    Diagnostic::error("this event has no `kind`", span.clone()).with_help(format!(
                        "add `kind = \"...\"`, one of: {}",
                        super::EVENT_KINDS.join(", ")
                    )),
                );
                return None;
            }
        };
        let takes = event_fields(&kind_name);
        for (key, _) in t.iter() {
            let k: &str = key.get_ref();
            if EVENT_KEYS.contains(&k)
                && !["date", "kind", "note", "source"].contains(&k)
                && !takes.contains(&k)
            {
                let help = if takes.is_empty() {
                    format!("a `{kind_name}` event takes only `date`, `kind`, `note` and `source`")
                } else {
                    format!(
                        "a `{kind_name}` event takes {} besides `date`, `kind`, `note` and `source`",
                        takes
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                self.err(
                    Diagnostic::error(
                        format!("a `{kind_name}` event does not take `{k}`"),
                        key.span(),
                    )
                    .with_help(help),
                );
            }
        }
        let note = t.get("note").and_then(|v| self.nonempty_string("note", v));
        let source = t
            .get("source")
            .and_then(|v| self.nonempty_string("source", v));
        let party = match t.get("party") {
            Some(p) if takes.contains(&"party") => {
                let name = self.nonempty_string("party", p)?;
                if !parties.is_empty() && !parties.contains(&name) {
                    let names: Vec<&str> = parties.iter().map(String::as_str).collect();
                    let mut d = Diagnostic::error(
                        format!("\"{name}\" is not one of the treaty's `parties`"),
                        p.span(),
                    );
                    let key = confusable_skeleton(&name);
                    let look_alike = names.iter().find(|n| confusable_skeleton(n) == key);
                    d = match (look_alike, did_you_mean(&name, &names)) {
                        (Some(n), _) => d.with_help(format!(
                            "it looks like {} but is spelt {}: a party named in an event must be spelt as in `parties`, without hidden characters or look-alike letters",
                            spelled(n),
                            spelled(&name)
                        )),
                        (None, Some(n)) => d.with_help(format!("did you mean \"{n}\"? A party named in an event must be spelt as in `parties`")),
                        (None, None) => d.with_help(format!("add it to `parties`, or use one of: {}", names.join(", "))),
                    };
                    self.err(d);
                    return None;
                }
                Some(name)
            }
            _ => None,
        };
        let opt_date = |cx: &mut Self, key: &str| -> Result<Option<NaiveDate>, ()> {
            match t.get(key) {
                Some(v) if takes.contains(&key) => cx.date(key, v).map(Some).ok_or(()),
                _ => Ok(None),
            }
        };
        let kind = match kind_name.as_str() {
            "renewed" => {
                let length = match t.get("length") {
                    Some(l) => Some(self.length("length", l)?),
                    None => None,
                };
                let effective = opt_date(self, "effective").ok()?;
                EventKind::Renewed { length, effective }
            }
            "extended" => {
                let given: Vec<Entry<'_, '_>> = t
                    .iter()
                    .filter(|(k, _)| {
                        ["expires", "last_day", "length"].contains(&k.get_ref().as_ref())
                    })
                    .collect();
                match given.as_slice() {
                    [] => {
                        self.err(
                            Diagnostic::error("an `extended` event needs one of `expires`, `last_day` or `length`", span.clone())
                                .with_help("add `expires = YYYY-MM-DD` (first day no longer in force), `last_day = YYYY-MM-DD` or `length = \"5y\"`"),
                        );
                        return None;
                    }
                    [(k, v)] => match k.get_ref().as_ref() {
                        "length" => {
                            EventKind::Extended(ExtensionEnd::Length(self.length("length", v)?))
                        }
                        "expires" => EventKind::Extended(ExtensionEnd::Expires {
                            expires: self.date("expires", v)?,
                            written_as_last_day: false,
                        }),
                        _ => {
                            let last = self.date("last_day", v)?;
                            // An extension to 9999-12-31 inclusive ends past the
                            // calendar: the engine makes it an open period, as
                            // any boundary past 9999-12-31 (unlike period 0,
                            // which must end inside the calendar).
                            let Some(expires) = last.succ_opt() else {
                                self.err(Diagnostic::error(
                                    "`last_day` is outside the dates treatyline handles",
                                    v.span(),
                                ));
                                return None;
                            };
                            EventKind::Extended(ExtensionEnd::Expires {
                                expires,
                                written_as_last_day: true,
                            })
                        }
                    },
                    [(first, _), rest @ ..] => {
                        let mut d = Diagnostic::error(
                            "an `extended` event takes exactly one of `expires`, `last_day` and `length`",
                            first.span(),
                        );
                        for (k, _) in rest {
                            d = d.with_related(k.span(), "also given");
                        }
                        self.err(d.with_help("keep one of them"));
                        return None;
                    }
                }
            }
            "notice" => {
                let effect = match t.get("effect") {
                    Some(e) => self.choice(
                        "effect",
                        e,
                        &[
                            ("non-renewal", NoticeEffect::NonRenewal),
                            ("withdrawal", NoticeEffect::Withdrawal),
                        ],
                    )?,
                    None => {
                        self.err(
                            Diagnostic::error("a `notice` event needs an `effect`", span.clone())
                                .with_help(
                                    "add `effect = \"non-renewal\"` or `effect = \"withdrawal\"`",
                                ),
                        );
                        return None;
                    }
                };
                let effective = opt_date(self, "effective").ok()?;
                if effect == NoticeEffect::NonRenewal
                    && let Some(ev) = t.get("effective")
                {
                    self.err(
                        Diagnostic::error("`effective` is for withdrawal notices only", ev.span())
                            .with_help("a non-renewal notice takes effect at the end of the period it is timely for; remove `effective`"),
                    );
                    return None;
                }
                let revoked = opt_date(self, "revoked").ok()?;
                if let (Some(r), Some(d), Some(rv)) = (revoked, date, t.get("revoked"))
                    && r < d
                {
                    self.err(
                        Diagnostic::error(
                            format!("the notice is revoked ({r}) before it was given ({d})"),
                            rv.span(),
                        )
                        .with_help(
                            "`revoked` is the day the notice was withdrawn, on or after its `date`",
                        ),
                    );
                    return None;
                }
                EventKind::Notice {
                    effect,
                    party,
                    effective,
                    revoked,
                }
            }
            "withdrawn" | "joined" => {
                let Some(party) = party else {
                    self.err(
                        Diagnostic::error(
                            format!("a `{kind_name}` event needs a `party`"),
                            span.clone(),
                        )
                        .with_help("add `party = \"...\"`, one of the treaty's `parties`"),
                    );
                    return None;
                };
                if kind_name == "withdrawn" {
                    EventKind::Withdrawn { party }
                } else {
                    EventKind::Joined { party }
                }
            }
            "terminated" => EventKind::Terminated,
            "expired" => EventKind::Expired,
            "suspended" => EventKind::Suspended { party },
            "resumed" => EventKind::Resumed { party },
            "amended" => EventKind::Amended { party },
            _ => EventKind::Note { party },
        };
        let (line, _) = self.lines.line_col(at.start);
        Some(Event {
            date: date?,
            kind,
            note,
            source,
            span: at,
            line,
            assumed: false,
        })
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str =
        "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2001-01-31\n[term]\nlength = \"10y\"\n";

    fn problems(text: &str) -> Vec<String> {
        match parse_treaty("t-2001", text) {
            Ok(_) => vec![],
            Err(ds) => ds
                .into_iter()
                .map(|d| format!("{} | {}", d.message, d.help.unwrap_or_default()))
                .collect(),
        }
    }

    #[test]
    fn minimal_file_loads() {
        let t = match parse_treaty("t-2001", BASE) {
            Ok(t) => t,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(t.term.duration, TermDuration::Length(Length::years(10)));
        assert_eq!(t.withdrawal, WithdrawalClause::default());
        assert!(t.renewal.is_none());
    }

    #[test]
    fn event_lines_are_counted_in_one_pass() {
        let mut text = format!("{BASE}# é\n");
        for k in 0..300 {
            text.push_str(&format!(
                "\n[[event]] # é {k}\ndate = 2002-01-01\nkind = \"note\"\n"
            ));
        }
        let t = match parse_treaty("t-2001", &text) {
            Ok(t) => t,
            Err(e) => panic!("{e:?}"),
        };
        let expected: Vec<usize> = t
            .events
            .iter()
            .map(|e| line_col(&text, e.span.start).0)
            .collect();
        let lines: Vec<usize> = t.events.iter().map(|e| e.line).collect();
        assert_eq!(lines, expected);
        assert_eq!(lines.len(), 300);
    }

    #[test]
    fn quoted_date_says_how_to_fix() {
        let p = problems(&BASE.replace("2001-01-31", "\"2001-01-31\""));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains("dates are written without quotes: `signed = 2001-01-31`"),
            "{p:?}"
        );
    }

    #[test]
    fn unknown_key_suggests() {
        let p = problems(&format!("{BASE}lenght = \"5y\"\n"));
        assert!(
            p.iter().any(|m| m.contains("did you mean `length`?")),
            "{p:?}"
        );
    }

    #[test]
    fn all_problems_at_once() {
        let text =
            "title = 3\nparties = [\"A\"]\nsigned = \"1961-02-03\"\n[term]\nlength = \"0y\"\n";
        let p = problems(text);
        assert_eq!(p.len(), 4, "{p:?}");
        // and in file order
        assert!(p[0].contains("`title` must be a string"), "{p:?}");
        assert!(p[3].contains("not a valid length"), "{p:?}");
    }

    #[test]
    fn event_field_kind_mismatch() {
        let text = format!(
            "{BASE}[[event]]\ndate = 2005-01-01\nkind = \"withdrawn\"\nparty = \"A\"\neffective = 2005-02-01\n"
        );
        let p = problems(&text);
        assert!(
            p.iter().any(|m| m.contains("does not take `effective`")),
            "{p:?}"
        );
    }

    #[test]
    fn event_party_must_be_listed() {
        let text =
            format!("{BASE}[[event]]\ndate = 2005-01-01\nkind = \"joined\"\nparty = \"a\"\n");
        let p = problems(&text);
        assert!(
            p.iter()
                .any(|m| m.contains("not one of the treaty's `parties`")),
            "{p:?}"
        );
    }

    #[test]
    fn term_takes_exactly_one_end() {
        let p =
            problems(&BASE.replace("length = \"10y\"", "length = \"10y\"\nexpires = 2011-01-31"));
        assert!(p.iter().any(|m| m.contains("exactly one of")), "{p:?}");
    }

    #[test]
    fn last_day_means_expires_plus_one() {
        let t = parse_treaty(
            "t-2001",
            &BASE.replace("length = \"10y\"", "last_day = 2010-06-30"),
        );
        let Ok(t) = t else { panic!("{t:?}") };
        assert_eq!(
            t.term.duration,
            TermDuration::Expires {
                expires: NaiveDate::from_ymd_opt(2010, 7, 1).unwrap_or_default(),
                written_as_last_day: true
            }
        );
    }

    #[test]
    fn id_must_match_stem() {
        let p = problems(&format!("id = \"other\"\n{BASE}"));
        assert!(
            p.iter().any(|m| m.contains("does not match the file name")),
            "{p:?}"
        );
        assert!(!is_valid_id("Sino_DPRK"));
        assert!(is_valid_id("sino-dprk-1961"));
    }

    #[test]
    fn indefinite_cannot_renew() {
        let text = BASE.replace("\"10y\"", "\"indefinite\"") + "[renewal]\nmode = \"automatic\"\n";
        let p = problems(&text);
        assert!(
            p.iter().any(|m| m.contains("indefinite term cannot renew")),
            "{p:?}"
        );
    }

    #[test]
    fn impossible_date() {
        let p = problems(&BASE.replace("2001-01-31", "1961-02-30"));
        assert!(
            p.iter()
                .any(|m| m.contains("does not exist in the calendar")),
            "{p:?}"
        );
    }

    #[test]
    fn syntax_errors_are_reported() {
        let p = problems("title = \n");
        assert!(!p.is_empty());
    }
}
