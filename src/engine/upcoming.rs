//! What comes up in a window of days, across treaties: boundaries,
//! deadlines, possible renewals and recorded events, soonest first.

use chrono::NaiveDate;

use super::{Basis, DeadlineKind, PeriodKind, Projection};
use crate::model::Treaty;

/// One thing that happens on a day.
#[derive(Clone, Debug, PartialEq)]
pub struct Upcoming<'a> {
    /// The treaty.
    pub treaty: &'a Treaty,
    /// The day.
    pub date: NaiveDate,
    /// What happens.
    pub kind: UpcomingKind,
    /// The party concerned, where there is one.
    pub party: Option<String>,
    /// A sentence saying what it means.
    pub detail: String,
    /// Whether an assumption (`--assume`) produced or moved it.
    pub assumed: bool,
    /// The reading the item comes from (`upcoming --readings`); `None` for
    /// the base.
    pub reading: Option<String>,
}

/// What happens on an [`Upcoming`] day. Ordered so that on the same day
/// deadlines come first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UpcomingKind {
    /// A deadline of the projection.
    Deadline(DeadlineKind),
    /// A period ends and a renewal follows.
    Renewal,
    /// A period ends and an extension follows.
    Extension,
    /// The treaty ends.
    End,
    /// The treaty ends, but the parties could agree to renew it.
    PossibleRenewal,
    /// A scheduled milestone (v2 section S).
    Milestone,
    /// A recorded (or assumed) event.
    Event,
}

impl UpcomingKind {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            UpcomingKind::Deadline(k) => k.as_str(),
            UpcomingKind::Renewal => "renewal",
            UpcomingKind::Extension => "extension",
            UpcomingKind::End => "end",
            UpcomingKind::PossibleRenewal => "possible-renewal",
            UpcomingKind::Milestone => "milestone",
            UpcomingKind::Event => "event",
        }
    }

    /// Whether it is a deadline (something someone must act on).
    pub fn is_deadline(self) -> bool {
        matches!(self, UpcomingKind::Deadline(_))
    }
}

/// The horizon `treaty` must be projected over for [`upcoming`] to see
/// everything up to `to`: periods are listed while they start by the
/// horizon, but a non-renewal deadline can fall in the window for a period
/// that starts after it (a notice longer than a period). A deadline `d` for
/// the boundary `b` has `b <= add(d + 1 day, notice)`, so a horizon of
/// `add(to + 1 day, notice)` lists its period.
pub fn horizon_for(treaty: &Treaty, base: &super::Horizon, to: NaiveDate) -> super::Horizon {
    let notice = treaty.renewal.as_ref().and_then(|r| r.notice);
    let reach = notice
        .and_then(|n| super::calendar::next_day(to).and_then(|d| super::calendar::add(d, &n)))
        .unwrap_or(to);
    super::Horizon {
        today: base.today,
        until: base.until.max(reach),
    }
}

/// Everything in `from..=to` for one projected treaty.
///
/// The projection must have been made with a horizon reaching `to`, so that
/// the periods ending in the window are listed.
pub fn upcoming<'a>(
    treaty: &'a Treaty,
    p: &Projection,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Upcoming<'a>> {
    let inside = |d: NaiveDate| from <= d && d <= to;
    let mut out = Vec::new();
    let mut push = |date, kind, party: Option<String>, detail: String, assumed| {
        out.push(Upcoming {
            treaty,
            date,
            kind,
            party,
            detail,
            assumed,
            reading: None,
        });
    };
    let periods: Vec<_> = p.periods.iter().chain(p.current.iter()).collect();
    for period in &periods {
        let Some(end) = period.end.filter(|e| inside(*e)) else {
            continue;
        };
        if period.basis == Basis::Possible || p.end.as_ref().is_some_and(|x| x.date == end) {
            continue;
        }
        let next = periods
            .iter()
            .find(|x| x.start == end && x.basis != Basis::Possible);
        if let Some(next) = next {
            let (kind, what) = match next.kind {
                PeriodKind::Extension => (UpcomingKind::Extension, "extended"),
                _ => (UpcomingKind::Renewal, "renews"),
            };
            let how = match next.basis {
                Basis::Automatic => " automatically",
                _ => " (recorded)",
            };
            let until = next
                .end
                .map_or_else(|| " with no end".to_owned(), |e| format!(" until {e}"));
            push(
                end,
                kind,
                None,
                // Counted from 1 for readers (the JSON `index` counts from 0).
                format!(
                    "period {} ends; {what}{how}{until}",
                    period.index.saturating_add(1)
                ),
                next.assumed,
            );
        }
    }
    if let Some(end) = p.end.as_ref().filter(|e| inside(e.date)) {
        push(
            end.date,
            UpcomingKind::End,
            None,
            format!("the treaty ends ({})", end.reason.as_str()),
            end.assumed,
        );
    }
    for period in p
        .periods
        .iter()
        .filter(|x| x.basis == Basis::Possible && inside(x.start))
    {
        let until = period
            .end
            .map_or_else(String::new, |e| format!(" until {e}"));
        push(
            period.start,
            UpcomingKind::PossibleRenewal,
            None,
            format!("expires unless the parties agree to renew{until}"),
            period.assumed,
        );
    }
    for d in p.deadlines.iter().filter(|d| inside(d.date)) {
        let detail = d.describe_with_latest();
        push(
            d.date,
            UpcomingKind::Deadline(d.kind),
            d.party.clone(),
            detail,
            d.assumed,
        );
    }
    for m in p.milestones.iter().filter(|m| inside(m.date)) {
        let note = treaty
            .milestones
            .get(m.milestone)
            .and_then(|x| x.note.as_deref())
            .map_or_else(String::new, |n| format!(": {n}"));
        push(
            m.date,
            UpcomingKind::Milestone,
            None,
            format!("{}{note}", m.title),
            false,
        );
    }
    for e in treaty.events.iter().filter(|e| inside(e.date)) {
        let note = e
            .note
            .as_deref()
            .map_or_else(String::new, |n| format!(": {n}"));
        push(
            e.date,
            UpcomingKind::Event,
            e.kind.party().map(str::to_owned),
            format!("{}{note}", e.kind.name()),
            e.assumed,
        );
    }
    out
}

/// The items of every reading of `p` in the window that the base does not
/// have (same day, kind and party), each marked with its reading (v2
/// section R: `upcoming --readings`). Recorded events are shared, so they
/// come only from the base.
pub fn reading_items<'a>(
    treaty: &'a Treaty,
    p: &Projection,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Upcoming<'a>> {
    let base = upcoming(treaty, p, from, to);
    let mut out = Vec::new();
    for r in &p.readings {
        for mut item in upcoming(treaty, &r.projection, from, to) {
            let shared = item.kind == UpcomingKind::Event
                || base
                    .iter()
                    .any(|b| (b.date, b.kind, &b.party) == (item.date, item.kind, &item.party));
            if !shared {
                item.detail = format!("[reading {}] {}", r.name, item.detail);
                item.reading = Some(r.name.clone());
                out.push(item);
            }
        }
    }
    out
}

/// Sorts items soonest first; on the same day deadlines first, then by
/// treaty id and kind.
pub fn sort(items: &mut [Upcoming<'_>]) {
    items.sort_by(|a, b| {
        (
            a.date,
            !a.kind.is_deadline(),
            &a.treaty.id,
            a.kind,
            &a.party,
        )
            .cmp(&(
                b.date,
                !b.kind.is_deadline(),
                &b.treaty.id,
                b.kind,
                &b.party,
            ))
    });
}
