//! Denunciation windows (spec v2 section W): `[withdrawal] every = E,
//! window = W` allows a notice only inside `[add(anchor, k*E),
//! add(add(anchor, k*E), W))`, k = 1, 2, ... (ILO conventions: "within the
//! year following the expiration of each period of ten years").
//!
//! Window starts count from the anchor like boundaries do, never from each
//! other, so they do not drift through short months.

use chrono::NaiveDate;

use super::calendar::{Span, add, add_span};
use crate::model::Length;

/// One denunciation window `[opens, closes)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Which window: 1 for the first.
    pub k: u64,
    /// Its first day.
    pub opens: NaiveDate,
    /// The first day after it.
    pub closes: NaiveDate,
}

/// Where a day falls relative to the windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Inside this window.
    Inside(Window),
    /// Outside every window; the next one, if any opens inside the calendar.
    Before(Option<Window>),
}

/// More windows than a clause could have inside the calendar (every day for
/// 9,999 years is about 3.65 million).
const MAX_K: u64 = 4_000_000;

/// Window `k`, when it opens and closes inside the calendar.
pub fn window(anchor: NaiveDate, every: &Length, length: &Length, k: u64) -> Option<Window> {
    let opens = add_span(anchor, Span::times(every, k)?)?.date;
    let closes = add(opens, length)?;
    Some(Window { k, opens, closes })
}

/// The window holding `day`, or the next one after it, found by bisection
/// (window starts only grow with k), so any date is placed in a few dozen
/// steps.
pub fn holding(anchor: NaiveDate, every: &Length, length: &Length, day: NaiveDate) -> Place {
    let opens = |k: u64| {
        Span::times(every, k)
            .and_then(|s| add_span(anchor, s))
            .map(|a| a.date)
    };
    // The largest k >= 1 whose window opens on or before `day`.
    let (mut lo, mut hi) = (0u64, MAX_K);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if opens(mid).is_some_and(|d| d <= day) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo >= 1
        && let Some(w) = window(anchor, every, length, lo)
        && day < w.closes
    {
        return Place::Inside(w);
    }
    Place::Before(window(anchor, every, length, lo + 1))
}

/// Every window opening on or before `until` and before `end`.
pub fn listed(
    anchor: NaiveDate,
    every: &Length,
    length: &Length,
    until: NaiveDate,
    end: Option<NaiveDate>,
) -> Vec<Window> {
    let mut out = Vec::new();
    for k in 1..=MAX_K {
        let Some(w) = window(anchor, every, length, k) else {
            break;
        };
        if w.opens > until || end.is_some_and(|e| w.opens >= e) {
            break;
        }
        out.push(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn ilo() -> (NaiveDate, Length, Length) {
        (d(1950, 7, 4), Length::years(10), Length::years(1))
    }

    #[test]
    fn ilo_windows_follow_each_decade() {
        let (a, e, w) = ilo();
        let first = window(a, &e, &w, 1);
        assert_eq!(
            first,
            Some(Window {
                k: 1,
                opens: d(1960, 7, 4),
                closes: d(1961, 7, 4)
            })
        );
        assert!(matches!(holding(a, &e, &w, d(1960, 9, 1)), Place::Inside(w) if w.k == 1));
        assert!(matches!(holding(a, &e, &w, d(1961, 7, 3)), Place::Inside(w) if w.k == 1));
        // The day after the window: the next one is 1970.
        assert!(
            matches!(holding(a, &e, &w, d(1961, 7, 4)), Place::Before(Some(w)) if w.opens == d(1970, 7, 4))
        );
        // Before the first window.
        assert!(matches!(holding(a, &e, &w, d(1955, 1, 1)), Place::Before(Some(w)) if w.k == 1));
        // 2026-12-01 is outside; the next window opens 2030-07-04.
        assert!(
            matches!(holding(a, &e, &w, d(2026, 12, 1)), Place::Before(Some(w)) if w.opens == d(2030, 7, 4))
        );
    }

    #[test]
    fn listing_stops_at_the_horizon_and_the_end() {
        let (a, e, w) = ilo();
        assert_eq!(listed(a, &e, &w, d(1990, 1, 1), None).len(), 3);
        assert_eq!(
            listed(a, &e, &w, d(2060, 1, 1), Some(d(1970, 7, 4))).len(),
            1
        );
    }

    #[test]
    fn daily_windows_are_placed_without_walking() {
        let a = d(1, 1, 1);
        let one = Length::days(1);
        assert!(matches!(
            holding(a, &one, &one, d(9999, 12, 30)),
            Place::Inside(_)
        ));
    }
}
