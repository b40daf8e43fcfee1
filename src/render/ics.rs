//! `report --format ics`: an iCalendar file (RFC 5545) of boundaries and
//! deadlines, to import into a calendar.
//!
//! - Every entry is an all-day event (`DTSTART;VALUE=DATE`) with an
//!   exclusive `DTEND` the day after, as RFC 5545 section 3.6.1 asks.
//! - A `UID` is built from the treaty id, what the entry is and its date
//!   (and the party, for a withdrawal), never from a counter: importing the
//!   file again updates the entries instead of duplicating them, and an
//!   entry whose date moved replaces nothing it should not.
//! - `DTSTAMP` is `--today` at midnight UTC, so the file is reproducible.
//! - Lines end in CRLF and are folded at 75 octets, never inside a UTF-8
//!   character; text values are escaped (section 3.3.11).
//! - Each non-renewal notice deadline carries `VALARM` reminders
//!   (`--remind`, default 90, 30 and 7 days before).
//!
//! Past boundaries and deadlines are included too: the file is the treaty's
//! whole calendar, and calendars do not fire reminders for past dates.

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use chrono::NaiveDate;

use super::summary::{deadline_label, short_name, state_text};
use super::{Context, Projected, Render};
use crate::engine::{Deadline, DeadlineKind, PeriodKind};
use crate::model::RenewalMode;

/// A reminder some whole days before a deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reminder {
    days: u32,
}

impl Reminder {
    /// A reminder `days` days before.
    pub fn days(days: u32) -> Reminder {
        Reminder { days }
    }
}

impl fmt::Display for Reminder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}d", self.days)
    }
}

impl FromStr for Reminder {
    type Err = String;

    /// `90d` or `2w`: calendar alarms count in days and weeks, so months and
    /// years, whose length varies, are refused rather than guessed.
    fn from_str(s: &str) -> Result<Reminder, String> {
        let t = s.trim();
        let (at, unit) = t.char_indices().last().unwrap_or((0, ' '));
        let n = t.get(..at).unwrap_or_default();
        let factor = match unit {
            'd' | 'D' => 1,
            'w' | 'W' => 7,
            _ => {
                return Err(format!(
                    "`{s}` is not a reminder: write days or weeks before the deadline, like 90d or 2w"
                ));
            }
        };
        let n: u32 = n.parse().map_err(|_| {
            format!(
                "`{s}` is not a reminder: write a whole number of days or weeks, like 90d or 2w"
            )
        })?;
        n.checked_mul(factor)
            .filter(|d| *d <= 3_660)
            .map(Reminder::days)
            .ok_or_else(|| {
                format!("`{s}` is too far ahead for a reminder: at most ten years (3660d)")
            })
    }
}

/// The iCalendar report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ics {
    /// Reminders before each non-renewal notice deadline.
    pub reminders: Vec<Reminder>,
    /// Only the days in `from..=to` (`upcoming --format ics`); `None` for all.
    pub window: Option<(NaiveDate, NaiveDate)>,
    /// Also the boundaries and deadlines each reading gives that the base
    /// does not (`--readings`), marked with the reading's name.
    pub readings: bool,
}

impl Default for Ics {
    fn default() -> Ics {
        Ics {
            reminders: vec![Reminder::days(90), Reminder::days(30), Reminder::days(7)],
            window: None,
            readings: false,
        }
    }
}

/// Escapes a TEXT value (RFC 5545 section 3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded so that no line exceeds 75 octets
/// (RFC 5545 section 3.1): continuation lines start with a space, which
/// counts toward their 75. A cut never falls inside a UTF-8 character.
fn line(out: &mut Vec<u8>, content: &str) {
    let mut rest = content;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.extend_from_slice(rest.as_bytes());
            out.extend_from_slice(b"\r\n");
            return;
        }
        let mut cut = limit;
        while cut > 0 && !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(b"\r\n ");
        rest = tail;
        limit = 74;
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A UID part from free text (a party's name): lowercase ASCII letters and
/// digits, runs of anything else as one `-`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// The most parties named in each entry's description; a treaty with more
/// (a multilateral convention) has the rest counted, so that every entry
/// does not repeat a list of thousands.
const MAX_PARTIES_PER_ENTRY: usize = 20;

fn parties_summary(parties: &[String]) -> String {
    let shown: Vec<&str> = parties
        .iter()
        .take(MAX_PARTIES_PER_ENTRY)
        .map(String::as_str)
        .collect();
    let more = parties.len().saturating_sub(shown.len());
    if more == 0 {
        shown.join(", ")
    } else {
        format!("{} and {more} more", shown.join(", "))
    }
}

/// One calendar entry.
struct Entry {
    uid: String,
    day: NaiveDate,
    summary: String,
    description: String,
    category: &'static str,
    alarms: bool,
}

fn deadline_entry(item: &Projected<'_>, d: &Deadline) -> Entry {
    let t = item.treaty;
    let name = short_name(t);
    let party = d.party.as_deref();
    let (summary, description) = match d.kind {
        DeadlineKind::NonRenewalNotice => {
            let b = d
                .boundary
                .map_or_else(|| "the end of the period".to_owned(), |b| b.to_string());
            let lenient = d.latest.map_or_else(String::new, |l| {
                format!(" On the lenient reading of the clause the last day is {l}.")
            });
            // Under "then until denounced" the boundary opens a continuing
            // period (spec v2 W), not a renewal.
            let until_denounced = t
                .renewal
                .as_ref()
                .is_some_and(|r| r.mode == RenewalMode::UntilDenounced);
            let continues = match d.boundary.and_then(|b| item.projection.period_starting(b)) {
                Some(next) => next.kind == PeriodKind::Continuing,
                None => until_denounced,
            };
            let (at, from) = if continues {
                ("continues until denounced from", "continuing beyond")
            } else {
                ("renewal on", "renewing on")
            };
            (
                format!("{name}: last day to give non-renewal notice ({at} {b})"),
                format!(
                    "To stop {} from {from} {b}, a party's non-renewal notice must be received by the other party or the depositary by {} (the last safe day).{lenient}",
                    t.display_name(),
                    d.date
                ),
            )
        }
        DeadlineKind::WithdrawalOpens => (
            format!("{name}: withdrawal notice may be given from today"),
            format!(
                "From {}, a party may give notice of withdrawal from {}.",
                d.date,
                t.display_name()
            ),
        ),
        DeadlineKind::WithdrawalWindow => {
            let last = d
                .until
                .and_then(crate::engine::calendar::previous_day)
                .map_or_else(|| "-".to_owned(), |l| l.to_string());
            (
                format!("{name}: denunciation window opens (until {last})"),
                format!(
                    "A notice of denunciation of {} may be received from {} to {last} inclusive, and at no other time until the next window.",
                    t.display_name(),
                    d.date
                ),
            )
        }
        DeadlineKind::SurvivalEnds => {
            let what = match party {
                Some(p) => format!("the withdrawal of {p}"),
                None => "the treaty's end".to_owned(),
            };
            (
                format!("{name}: obligations surviving {what} end"),
                format!(
                    "Under the survival clause of {}, obligations surviving {what} are no longer protected from {}.",
                    t.display_name(),
                    d.date
                ),
            )
        }
        DeadlineKind::WithdrawalEffective => {
            let who = party.unwrap_or("a party");
            (
                format!("{name}: withdrawal of {who} takes effect"),
                format!(
                    "{who} is no longer bound by {} from {} (the first day not bound).",
                    t.display_name(),
                    d.date
                ),
            )
        }
    };
    let mut uid = format!("{}-{}-{}", t.id, d.kind.as_str(), date(d.date));
    if let Some(p) = party {
        uid.push('-');
        uid.push_str(&slug(p));
    }
    Entry {
        uid,
        day: d.date,
        summary,
        description,
        category: deadline_label(d.kind),
        alarms: d.kind == DeadlineKind::NonRenewalNotice,
    }
}

/// A treaty's boundaries and deadlines.
fn base_entries(item: &Projected<'_>) -> Vec<Entry> {
    let mut entries = boundary_entries(item);
    entries.extend(
        item.projection
            .deadlines
            .iter()
            .map(|d| deadline_entry(item, d)),
    );
    entries
}

/// The milestones (v2 section S), one all-day entry each.
fn milestone_entries(item: &Projected<'_>) -> Vec<Entry> {
    let t = item.treaty;
    item.projection
        .milestones
        .iter()
        .map(|m| {
            let note = t
                .milestones
                .get(m.milestone)
                .and_then(|x| x.note.as_deref())
                .map_or_else(String::new, |n| format!(" {n}"));
            Entry {
                uid: format!("{}-milestone-{}-{}", t.id, m.milestone, date(m.date)),
                day: m.date,
                summary: format!("{}: {}", short_name(t), m.title),
                description: format!(
                    "{} of {} (a scheduled milestone; it changes no date).{note}",
                    m.title,
                    t.display_name()
                ),
                category: "milestone",
                alarms: false,
            }
        })
        .collect()
}

/// Every boundary where something happens (a renewal, an extension, the
/// end), each once.
fn boundary_entries(item: &Projected<'_>) -> Vec<Entry> {
    let t = item.treaty;
    let p = &item.projection;
    let mut days: Vec<NaiveDate> = p
        .periods
        .iter()
        .filter(|x| x.index > 0)
        .map(|x| x.start)
        .chain(p.end.as_ref().map(|e| e.date))
        .collect();
    days.sort();
    days.dedup();
    days.into_iter()
        .map(|b| {
            let what = super::wording::what_next(t, p, b);
            Entry {
                // The boundary's UID does not say what happens there: when a
                // projected renewal turns into an end, the entry is updated.
                uid: format!("{}-boundary-{}", t.id, date(b)),
                day: b,
                // "Sino-DPRK Treaty renews automatically for 20y": the phrase
                // is a predicate, so the name is its subject.
                summary: format!("{} {what}", short_name(t)),
                description: format!("{} {what} on {b}.", t.display_name()),
                category: "boundary",
                alarms: false,
            }
        })
        .collect()
}

impl Render for Ics {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let stamp = format!("{}T000000Z", date(cx.horizon.today));
        let mut reminders = self.reminders.clone();
        reminders.sort();
        reminders.dedup();
        reminders.reverse();
        let mut buf = Vec::new();
        let b = &mut buf;
        line(b, "BEGIN:VCALENDAR");
        line(b, "VERSION:2.0");
        line(
            b,
            "PRODID:-//treatyline//Treaty boundaries and deadlines//EN",
        );
        line(b, "CALSCALE:GREGORIAN");
        line(b, "METHOD:PUBLISH");
        line(b, "X-WR-CALNAME:Treaty boundaries and deadlines");
        for item in items {
            let t = item.treaty;
            let mut entries = base_entries(item);
            entries.extend(milestone_entries(item));
            if self.readings {
                for r in &item.projection.readings {
                    let reading = Projected {
                        treaty: t,
                        projection: (*r.projection).clone(),
                    };
                    for mut e in base_entries(&reading) {
                        if entries.iter().any(|x| x.uid == e.uid) {
                            continue;
                        }
                        e.uid = format!("{}-reading-{}", e.uid, r.name);
                        e.summary = format!("[reading {}] {}", r.name, e.summary);
                        e.description = format!(
                            "Under the reading `{}` of the file, not its base: {}{}",
                            r.name,
                            e.description,
                            r.why
                                .as_deref()
                                .map_or_else(String::new, |w| format!("\n\nWhy this reading: {w}"))
                        );
                        e.alarms = false;
                        entries.push(e);
                    }
                }
            }
            if let Some((from, to)) = self.window {
                entries.retain(|e| from <= e.day && e.day <= to);
            }
            entries.sort_by(|a, b| (a.day, &a.uid).cmp(&(b.day, &b.uid)));
            let mut context = format!(
                "\n\nTreaty: {} ({}). Parties: {}. Status on {}: {}.",
                t.title,
                t.id,
                parties_summary(&t.parties),
                cx.horizon.today,
                state_text(&item.projection)
            );
            if let Some(c) = &t.caveat {
                context.push_str("\n\nCaveat: ");
                context.push_str(c);
            }
            for e in entries {
                line(b, "BEGIN:VEVENT");
                line(b, &format!("UID:{}@treatyline", e.uid));
                line(b, &format!("DTSTAMP:{stamp}"));
                line(b, &format!("DTSTART;VALUE=DATE:{}", date(e.day)));
                // The last day of the calendar has no day after; an all-day
                // event without DTEND lasts that one day anyway.
                if let Some(next) = e.day.succ_opt() {
                    line(b, &format!("DTEND;VALUE=DATE:{}", date(next)));
                }
                line(b, &format!("SUMMARY:{}", escape(&e.summary)));
                line(
                    b,
                    &format!(
                        "DESCRIPTION:{}",
                        escape(&format!("{}{context}", e.description))
                    ),
                );
                line(b, &format!("CATEGORIES:{}", escape(e.category)));
                line(b, "TRANSP:TRANSPARENT");
                if e.alarms {
                    for r in &reminders {
                        line(b, "BEGIN:VALARM");
                        line(b, "ACTION:DISPLAY");
                        let trigger = if r.days == 0 {
                            "PT0S".to_owned()
                        } else {
                            format!("-P{}D", r.days)
                        };
                        line(b, &format!("TRIGGER:{trigger}"));
                        line(
                            b,
                            &format!(
                                "DESCRIPTION:{}",
                                escape(&format!(
                                    "{}: due on {}, in {} days",
                                    e.summary, e.day, r.days
                                ))
                            ),
                        );
                        line(b, "END:VALARM");
                    }
                }
                line(b, "END:VEVENT");
            }
        }
        line(b, "END:VCALENDAR");
        out.write_all(&buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        let mut out = Vec::new();
        line(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lines_fold_at_75_octets_without_splitting_characters() {
        let ascii = "X".repeat(200);
        let f = folded(&ascii);
        for l in f.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(f.replace("\r\n ", ""), format!("{ascii}\r\n"));

        // Three-octet characters straddling the 75th octet.
        let wide = format!("SUMMARY:{}", "条约".repeat(40));
        let f = folded(&wide);
        for l in f.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(f.replace("\r\n ", ""), format!("{wide}\r\n"));
    }

    #[test]
    fn a_short_line_is_not_folded() {
        assert_eq!(folded("VERSION:2.0"), "VERSION:2.0\r\n");
        let exact = "Y".repeat(75);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn reminders_parse_days_and_weeks_only() {
        assert_eq!("90d".parse(), Ok(Reminder::days(90)));
        assert_eq!("2w".parse(), Ok(Reminder::days(14)));
        assert_eq!("0d".parse(), Ok(Reminder::days(0)));
        assert!("1m".parse::<Reminder>().is_err());
        assert!("d".parse::<Reminder>().is_err());
        assert!("-3d".parse::<Reminder>().is_err());
        assert!("".parse::<Reminder>().is_err());
        assert!("99999999999d".parse::<Reminder>().is_err());
        assert!("é".parse::<Reminder>().is_err());
    }

    #[test]
    fn party_names_make_stable_uid_parts() {
        assert_eq!(slug("United States"), "united-states");
        assert_eq!(slug("Côte d'Ivoire"), "c-te-d-ivoire");
    }
}
