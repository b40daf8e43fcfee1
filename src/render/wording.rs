//! The words every human-facing output uses for the same fact: what happens
//! at a boundary, what an event was, how far away a day is, which period
//! holds a day (numbered from 1 for readers).
//!
//! The text, timeline and report renderers all import from here and never
//! from each other, so a sentence is worded once and no renderer imports
//! another.

use chrono::{Datelike, NaiveDate};

use crate::engine::{Basis, DeadlineKind, EndReason, Period, PeriodKind, Projection};
use crate::model::{Event, EventKind, ExtensionEnd, Treaty};

/// "1 treaty", "2 treaties", "0 warnings".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The number a reader sees for a period: the spec's `index` counts from 0
/// (period 0 is the initial term); people count from 1.
pub(crate) fn period_number(index: usize) -> usize {
    index.saturating_add(1)
}

/// "5,338": a count with thousands separators.
pub(crate) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Whole years and months from `a` to `b` (`a <= b`), counted on the
/// calendar: 2026-11-29 to 2041-07-11 is 14 years and 7 months. A month is
/// complete when the day of the month is reached again (or the month has
/// no such day and has ended).
fn years_months(a: NaiveDate, b: NaiveDate) -> (i64, i64) {
    let mut months =
        i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month());
    if b.day() < a.day() {
        months -= 1;
    }
    let months = months.max(0);
    (months / 12, months % 12)
}

/// "14y 7m", "3m", "2y": the whole years and months, or `None` under a month.
fn span_words(a: NaiveDate, b: NaiveDate) -> Option<String> {
    let (y, m) = years_months(a, b);
    match (y, m) {
        (0, 0) => None,
        (0, m) => Some(format!("{m}m")),
        (y, 0) => Some(format!("{y}y")),
        (y, m) => Some(format!("{y}y {m}m")),
    }
}

fn days_words(days: i64) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{} days", thousands(days))
    }
}

/// "in 14y 7m (5,338 days)", "in 33 days", "tomorrow", "today",
/// "2y 1m ago (762 days)": the distance from `today` to `date`, in the
/// calendar's units with the exact count of days.
pub(crate) fn countdown(today: NaiveDate, date: NaiveDate) -> String {
    let days = (date - today).num_days();
    match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        d if d > 0 => match span_words(today, date) {
            Some(s) => format!("in {s} ({})", days_words(d)),
            None => format!("in {}", days_words(d)),
        },
        d => match span_words(date, today) {
            Some(s) => format!("{s} ago ({})", days_words(-d)),
            None => format!("{} ago", days_words(-d)),
        },
    }
}

/// "in 14y 7m", "in 33d", "today": [`countdown`] without the count of days,
/// for narrow columns.
pub(crate) fn countdown_short(today: NaiveDate, date: NaiveDate) -> String {
    let days = (date - today).num_days();
    match days {
        0 => "today".to_owned(),
        d if d > 0 => match span_words(today, date) {
            Some(s) => format!("in {s}"),
            None => format!("in {d}d"),
        },
        d => match span_words(date, today) {
            Some(s) => format!("{s} ago"),
            None => format!("{}d ago", -d),
        },
    }
}

/// The first sentence of a caveat (or any note): up to the first full stop
/// followed by a space and a capital, a digit or a quote, skipping common
/// abbreviations ("e.g.", "U.S.", "Art.") and initials.
pub(crate) fn first_sentence(text: &str) -> &str {
    const ABBREVIATIONS: [&str; 12] = [
        "e.g", "i.e", "cf", "art", "arts", "no", "nos", "st", "mr", "dr", "vol", "p",
    ];
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        let next = text.get(i + 2..).and_then(|r| r.chars().next());
        let starts = next.is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || c == '\'' || c == '"' || c == '('
        });
        if !starts {
            continue;
        }
        let word_start = text
            .get(..i)
            .and_then(|h| h.rfind([' ', '(']).map(|j| j + 1))
            .unwrap_or(0);
        let word = text.get(word_start..i).unwrap_or("");
        let abbreviation = ABBREVIATIONS.contains(&word.to_lowercase().as_str())
            || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
            || word.contains('.');
        if abbreviation || bytes.get(i).is_none() {
            continue;
        }
        return text.get(..=i).unwrap_or(text);
    }
    text
}

/// What happens at `boundary`, the end of the current period.
pub(crate) fn what_next(t: &Treaty, p: &Projection, boundary: NaiveDate) -> String {
    if let Some(end) = p.end.as_ref().filter(|e| e.date == boundary) {
        return match end.reason {
            EndReason::Expiry => match p.periods.last() {
                Some(last) if last.basis == Basis::Possible && last.start == boundary => {
                    "expires unless the parties agree to renew".to_owned()
                }
                _ => "expires".to_owned(),
            },
            EndReason::NonRenewal => "ends: a non-renewal notice takes effect".to_owned(),
            EndReason::Withdrawal => "ends: a withdrawal takes effect".to_owned(),
            EndReason::Termination => "ends: terminated".to_owned(),
            EndReason::TooFewParties => "ends: fewer parties than the treaty needs".to_owned(),
        };
    }
    let next = p.period_starting(boundary);
    match next {
        Some(n) if n.kind == PeriodKind::Continuing => "continues until denounced".to_owned(),
        Some(n) if n.basis == Basis::Automatic => {
            let len = t.renewal.as_ref().and_then(|r| r.length).or(t
                .term
                .duration
                .length()
                .copied());
            match len {
                Some(l) => format!("renews automatically for {l}"),
                None => "renews automatically".to_owned(),
            }
        }
        Some(n) if n.kind == PeriodKind::Extension => "extended (recorded)".to_owned(),
        Some(_) => "renewed (recorded)".to_owned(),
        None => "the next period begins".to_owned(),
    }
}

/// The period holding the status day, listed or not.
pub(crate) fn current_period(p: &Projection) -> Option<&Period> {
    let index = p.status.period?;
    p.periods
        .iter()
        .chain(p.current.iter())
        .find(|x| x.index == index)
}

/// "initial term", "renewal", "extension".
pub(crate) fn kind_name(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Initial => "initial term",
        PeriodKind::Renewal => "renewal",
        PeriodKind::Extension => "extension",
        PeriodKind::Continuing => "continuing",
    }
}

/// What an event was: "non-renewal notice by Ukraine", "withdrawn (France)".
pub(crate) fn event_text(e: &Event) -> String {
    let what = match &e.kind {
        EventKind::Notice {
            effect,
            party,
            effective,
            revoked,
        } => {
            let mut s = format!("{} notice", effect.as_str());
            if let Some(p) = party {
                s.push_str(&format!(" by {p}"));
            }
            if let Some(eff) = effective {
                s.push_str(&format!(", effective {eff}"));
            }
            if let Some(r) = revoked {
                s.push_str(&format!(" (revoked {r})"));
            }
            s
        }
        EventKind::Renewed { length, effective } => {
            let mut s = "renewed".to_owned();
            if let Some(l) = length {
                s.push_str(&format!(" for {l}"));
            }
            if let Some(eff) = effective {
                s.push_str(&format!(", effective {eff}"));
            }
            s
        }
        EventKind::Extended(ExtensionEnd::Expires { expires, .. }) => {
            format!("extended to {expires} (first day out)")
        }
        EventKind::Extended(ExtensionEnd::Length(l)) => format!("extended for {l}"),
        other => match other.party() {
            Some(party) => format!("{} ({party})", other.name()),
            None => other.name().to_owned(),
        },
    };
    if e.assumed {
        format!("{what} [assumed]")
    } else {
        what
    }
}

/// The treaty's events in date order (file order breaks ties), so every
/// report lists history the same way whatever order the file uses.
pub(crate) fn events_by_date(t: &Treaty) -> Vec<&Event> {
    let mut events: Vec<&Event> = t.events.iter().collect();
    events.sort_by_key(|e| e.date);
    events
}

/// What happens at `boundary` in a word or two, for narrow columns:
/// "renews", "expires", "ends (non-renewal)", "renewed", "extended".
pub(crate) fn boundary_word(p: &Projection, boundary: NaiveDate) -> String {
    if let Some(end) = p.end.as_ref().filter(|e| e.date == boundary) {
        return match end.reason {
            EndReason::Expiry => "expires".to_owned(),
            reason => format!("ends ({})", reason.as_str()),
        };
    }
    match p.period_starting(boundary) {
        Some(n) if n.basis == Basis::Automatic => "renews",
        Some(n) if n.basis == Basis::Possible => "may renew",
        Some(n) if n.kind == PeriodKind::Extension => "extended",
        Some(_) => "renewed",
        None => "next period",
    }
    .to_owned()
}

/// A deadline's kind in a word or two, for narrow columns.
pub(crate) fn deadline_word(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::NonRenewalNotice => "notice",
        DeadlineKind::WithdrawalOpens => "can withdraw",
        DeadlineKind::WithdrawalEffective => "withdrawal",
        DeadlineKind::WithdrawalWindow => "window",
        DeadlineKind::SurvivalEnds => "survival",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn countdowns_in_years_months_and_days() {
        let today = d(2026, 11, 29);
        assert_eq!(countdown(today, d(2041, 7, 11)), "in 14y 7m (5,338 days)");
        assert_eq!(countdown(today, d(2027, 1, 1)), "in 1m (33 days)");
        assert_eq!(countdown(today, d(2026, 12, 20)), "in 21 days");
        assert_eq!(countdown(today, d(2026, 11, 30)), "tomorrow");
        assert_eq!(countdown(today, d(2024, 11, 29)), "2y ago (730 days)");
        assert_eq!(countdown_short(today, d(2041, 7, 11)), "in 14y 7m");
        assert_eq!(countdown_short(today, d(2026, 12, 20)), "in 21d");
    }

    #[test]
    fn first_sentences() {
        assert_eq!(
            first_sentence(
                "Article 6 paraphrased (verbatim text not read). Some revisions differ."
            ),
            "Article 6 paraphrased (verbatim text not read)."
        );
        assert_eq!(
            first_sentence("The U.S. notice, e.g. Art. 5, was late. Then more."),
            "The U.S. notice, e.g. Art. 5, was late."
        );
        assert_eq!(first_sentence("One sentence only"), "One sentence only");
    }

    #[test]
    fn people_count_periods_from_one() {
        assert_eq!(period_number(0), 1);
    }
}
