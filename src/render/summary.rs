//! The facts the human-readable reports share, as plain text.
//!
//! Markdown, HTML, SVG and iCalendar all say the same things about a treaty
//! (its state, the period holding today, what happens at the next boundary,
//! the next deadline, what each event was). They are worded once here, so a
//! reader gets the same sentence whichever format they open, and each
//! renderer only adds its own markup and escaping.

use chrono::NaiveDate;

use super::{Projected, countdown, timeline};
use crate::engine::{Basis, Deadline, DeadlineKind, Period, PeriodKind, Projection, State};
use crate::model::{
    Event, EventKind, ExtensionEnd, RenewalMode, TakesEffect, TermDuration, Treaty,
};

/// One row of the summary table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SummaryRow {
    /// "in force", "ended 2019-04-01 (non-renewal)", "not yet in force".
    pub(crate) state: String,
    /// The period holding today, e.g. "period 3: renewal (automatic), 2021-07-11 → 2041-07-11".
    pub(crate) current: Option<String>,
    /// The next boundary and what happens there.
    pub(crate) next_boundary: Option<String>,
    /// The next deadline and what it asks for.
    pub(crate) next_deadline: Option<String>,
}

/// The summary-row facts for one treaty on `today`.
pub(crate) fn summary_row(item: &Projected<'_>, today: NaiveDate) -> SummaryRow {
    let t = item.treaty;
    let p = &item.projection;
    let current = current_period(p).map(|h| {
        format!(
            "period {}: {} ({}), {} → {}",
            h.index,
            kind_name(h.kind),
            h.basis.as_str(),
            h.start,
            end_text(h.end)
        )
    });
    let next_boundary = (p.status.state != State::Ended)
        .then(|| p.status.period_end.or_else(|| p.next_boundary_after(today)))
        .flatten()
        .map(|b| {
            format!(
                "{b}: {} ({})",
                timeline::what_next(t, p, b),
                countdown(today, b)
            )
        });
    let next_deadline = p.next_deadline_from(today).map(|d| {
        format!(
            "{}: {} ({})",
            d.date,
            deadline_text(d),
            countdown(today, d.date)
        )
    });
    SummaryRow {
        state: state_text(p),
        current,
        next_boundary,
        next_deadline,
    }
}

/// The state on the projection's day, in a few words.
pub(crate) fn state_text(p: &Projection) -> String {
    match p.status.state {
        State::NotInForce => "not yet in force".to_owned(),
        State::InForce => match p.status.period_end {
            Some(e) => format!("in force until {e}"),
            None => "in force, open-ended".to_owned(),
        },
        State::Ended => match &p.end {
            Some(e) => format!("ended {} ({})", e.date, e.reason.as_str()),
            None => "ended".to_owned(),
        },
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
    }
}

/// A period's end date, or "open-ended".
pub(crate) fn end_text(end: Option<NaiveDate>) -> String {
    end.map_or_else(|| "open-ended".to_owned(), |e| e.to_string())
}

/// What a deadline asks for or announces, as a sentence fragment.
pub(crate) fn deadline_text(d: &Deadline) -> String {
    d.describe()
}

/// A short label for a deadline's kind, for table columns and legends.
pub(crate) fn deadline_label(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::NonRenewalNotice => "non-renewal notice",
        DeadlineKind::WithdrawalOpens => "withdrawal opens",
        DeadlineKind::WithdrawalEffective => "withdrawal takes effect",
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

/// The rules of the clause in one paragraph: term, renewal, withdrawal.
pub(crate) fn rules_text(t: &Treaty, p: &Projection) -> String {
    let from = match p.anchor_source {
        crate::engine::AnchorSource::Signed => "signature",
        crate::engine::AnchorSource::InForce => "entry into force",
        crate::engine::AnchorSource::Explicit => "the date the file names",
    };
    let term = match &t.term.duration {
        TermDuration::Length(l) => format!("Term {l} from {from} ({}).", p.anchor),
        TermDuration::Expires { expires, .. } => {
            format!(
                "Term from {from} ({}) to {expires} (first day out).",
                p.anchor
            )
        }
        TermDuration::Indefinite => format!("Indefinite term from {from} ({}).", p.anchor),
    };
    let renewal = match &t.renewal {
        None => " Does not renew.".to_owned(),
        Some(r) => {
            let mut s = match r.mode {
                RenewalMode::Automatic => " Renews automatically".to_owned(),
                RenewalMode::Agreement => " Renews only by agreement".to_owned(),
                RenewalMode::None => " Does not renew".to_owned(),
            };
            if r.mode != RenewalMode::None {
                if let Some(l) = r.length.or(t.term.duration.length().copied()) {
                    s.push_str(&format!(" for {l} at a time"));
                }
                if let Some(m) = r.max {
                    s.push_str(&format!(", at most {m} times"));
                }
                if let Some(n) = r.notice {
                    s.push_str(&format!("; non-renewal notice {n} before a period ends"));
                }
            }
            s.push('.');
            s
        }
    };
    let w = &t.withdrawal;
    let effect = match w.takes_effect {
        TakesEffect::Anniversary => "when the notice period has run",
        TakesEffect::DayAfter => "the day after the notice period has run",
        TakesEffect::FirstOfMonthAfter => "on the first of the month after the notice period",
        TakesEffect::EndOfFollowingYear => "at the end of the year after the notice",
    };
    let mut withdrawal = format!(" Withdrawal: {} notice, taking effect {effect}", w.notice);
    if let Some(e) = w.earliest {
        withdrawal.push_str(&format!(", allowed from {e} after the anchor"));
    }
    if !w.declared {
        withdrawal.push_str(" (the Vienna Convention default; the treaty sets none)");
    }
    withdrawal.push('.');
    format!("{term}{renewal}{withdrawal}")
}

/// The basis as shown to readers ("recorded", "automatic", "possible").
pub(crate) fn basis_name(b: Basis) -> &'static str {
    b.as_str()
}

/// The display name used in charts and headings: `short`, else the id (a
/// full title is too long for a lane or a calendar summary).
pub(crate) fn short_name(t: &Treaty) -> &str {
    t.short.as_deref().unwrap_or(&t.id)
}
