//! Reading a treaty file into a [`Treaty`], checking its shape.
//!
//! The TOML is parsed into a spanned tree first and then walked key by key,
//! rather than deserialised with serde, so that every problem in a file is
//! collected (not just the first), each with the exact span it concerns, and
//! so that a date written as a string or a misspelt key gets a sentence that
//! says how to fix it.
//!
//! The stages, each in its own file: [`syntax`] (the TOML text into a
//! spanned tree, and syntax errors), typed values and tables ([`values`],
//! [`tables`], [`events`], [`readings`]: each table into the model's types),
//! [`validate`] (the checks across tables), and [`assume`] (the `--assume`
//! events).

mod assume;
mod events;
mod readings;
mod syntax;
mod tables;
mod validate;
mod values;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::{Treaty, schema};
use crate::diag::{Diagnostic, LineIndex};

pub use assume::{Assumption, parse_assumption, parse_event};

// The key lists are the fields of the file-shape types in `schema.rs`, which
// the JSON Schema is generated from: one list, two uses.
/// The keys a treaty file may have at its top level.
pub const TOP_KEYS: &[&str] = schema::TreatyFile::KEYS;
const TERM_KEYS: &[&str] = schema::TermTable::KEYS;
const RENEWAL_KEYS: &[&str] = schema::RenewalTable::KEYS;
const WITHDRAWAL_KEYS: &[&str] = schema::WithdrawalTable::KEYS;
const MEMBERSHIP_KEYS: &[&str] = schema::MembershipTable::KEYS;
const SURVIVAL_KEYS: &[&str] = schema::SurvivalTable::KEYS;
const MILESTONE_KEYS: &[&str] = schema::MilestoneTable::KEYS;
const READING_KEYS: &[&str] = schema::ReadingTable::KEYS;
/// Every key any event may have; which ones a kind takes is [`event_fields`].
const EVENT_KEYS: &[&str] = schema::EventTable::KEYS;

pub use schema::event_fields;

/// The event kinds a pending treaty (`in_force = "pending"`) may record.
const PENDING_KINDS: &[&str] = &["deposited", "note", "amended", "terminated"];

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
    if let Some(d) = syntax::lone_carriage_return(text) {
        return Err(vec![d]);
    }
    let (root, mut errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // Thousands of syntax errors are counted, not each described.
        let unshown = errors.len().saturating_sub(crate::diag::MAX_PER_FILE);
        errors.truncate(crate::diag::MAX_PER_FILE);
        let mut found = syntax::file_errors(stem, text, &root, errors);
        if unshown > 0 {
            found.push(crate::diag::more_problems(unshown));
        }
        return Err(found);
    }
    let mut cx = Loader::new(text);
    let treaty = cx.treaty(stem, root.get_ref(), root.span());
    // Report in file order, whatever order the checks ran in.
    cx.diags
        .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    match treaty {
        Some(t) if cx.diags.is_empty() => Ok(t),
        _ => Err(cx.diags),
    }
}

/// What the stages share: the problems found so far, and where lines start.
struct Loader<'t> {
    diags: Vec<Diagnostic>,
    /// Line starts, so that each event's line is found without rescanning
    /// the file (a file may hold thousands of events).
    lines: LineIndex<'t>,
}

/// A TOML value with its span in the file.
type Value<'i> = Spanned<DeValue<'i>>;

type Entry<'a, 'i> = (&'a Spanned<DeString<'i>>, &'a Value<'i>);

impl<'t> Loader<'t> {
    fn new(text: &'t str) -> Self {
        Loader {
            diags: Vec::new(),
            lines: LineIndex::new(text),
        }
    }

    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// A whole treaty file: its tables typed (stage 2), then the checks
    /// across them (stage 3).
    fn treaty(
        &mut self,
        stem: &str,
        root: &DeTable<'_>,
        root_span: std::ops::Range<usize>,
    ) -> Option<Treaty> {
        let parts = self.tables(stem, root);
        self.validate(stem, parts, root_span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    use crate::diag::line_col;
    use crate::model::{Length, TermDuration, WithdrawalClause};

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

    /// Asserts that one of the problems with `text` says `needle`.
    fn reports(text: &str, needle: &str) {
        let p = problems(text);
        assert!(p.iter().any(|m| m.contains(needle)), "{p:?}");
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
        reports(
            &format!("{BASE}lenght = \"5y\"\n"),
            "did you mean `length`?",
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

    /// Each broken rule of a file, with what its diagnostic must say.
    #[test]
    fn each_broken_rule_is_reported() {
        let event = |fields: &str| format!("{BASE}[[event]]\ndate = 2005-01-01\n{fields}");
        let cases = [
            (
                event("kind = \"withdrawn\"\nparty = \"A\"\neffective = 2005-02-01\n"),
                "does not take `effective`",
            ),
            (
                event("kind = \"joined\"\nparty = \"a\"\n"),
                "not one of the treaty's `parties`",
            ),
            (
                BASE.replace("length = \"10y\"", "length = \"10y\"\nexpires = 2011-01-31"),
                "exactly one of",
            ),
            (
                BASE.replace("\"10y\"", "\"indefinite\"") + "[renewal]\nmode = \"automatic\"\n",
                "indefinite term cannot renew",
            ),
            (
                BASE.replace("2001-01-31", "1961-02-30"),
                "does not exist in the calendar",
            ),
        ];
        for (text, needle) in cases {
            reports(&text, needle);
        }
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
        reports(
            &format!("id = \"other\"\n{BASE}"),
            "does not match the file name",
        );
        assert!(!is_valid_id("Sino_DPRK"));
        assert!(is_valid_id("sino-dprk-1961"));
    }

    #[test]
    fn syntax_errors_are_reported() {
        let p = problems("title = \n");
        assert!(!p.is_empty());
    }
}
