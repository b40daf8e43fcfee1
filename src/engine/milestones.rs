//! Scheduled milestones (spec v2 section S): review conferences and the
//! like. They change no date; they are listed on or before the horizon and
//! before the end.

use chrono::NaiveDate;

use super::MilestoneDate;
use super::calendar::{Span, add_span};
use crate::model::{MilestoneAt, Treaty};

/// The most occurrences listed for one repeating milestone: a milestone
/// every day for 9,999 years must not make the output unbounded.
const MAX_OCCURRENCES: u64 = 10_000;

/// Every occurrence of `treaty`'s milestones counted from `anchor`, on or
/// before `until` and before `end`, sorted by date (then file order).
///
/// Repeats count from the anchor like boundaries do (`add(anchor, after +
/// k * every)`), so a milestone on 31 January with `every = "1m"` falls on
/// the last day of shorter months without drifting.
pub(super) fn occurrences(
    treaty: &Treaty,
    anchor: NaiveDate,
    until: NaiveDate,
    end: Option<NaiveDate>,
) -> Vec<MilestoneDate> {
    let mut out = Vec::new();
    let keep = |d: NaiveDate| d <= until && end.is_none_or(|e| d < e);
    for (i, m) in treaty.milestones.iter().enumerate() {
        match &m.at {
            MilestoneAt::Date(d) => {
                if keep(*d) {
                    out.push(MilestoneDate {
                        title: m.title.clone(),
                        date: *d,
                        milestone: i,
                    });
                }
            }
            MilestoneAt::After(after) => {
                let first = Span::from(after);
                for k in 0..MAX_OCCURRENCES {
                    let total = match &m.every {
                        Some(every) => {
                            Span::times(every, k).and_then(|s| s.checked_add_span(first))
                        }
                        None if k == 0 => Some(first),
                        None => None,
                    };
                    let Some(date) = total.and_then(|t| add_span(anchor, t)).map(|a| a.date) else {
                        break;
                    };
                    if !keep(date) {
                        break;
                    }
                    out.push(MilestoneDate {
                        title: m.title.clone(),
                        date,
                        milestone: i,
                    });
                }
            }
        }
    }
    out.sort_by_key(|m| (m.date, m.milestone));
    out
}
