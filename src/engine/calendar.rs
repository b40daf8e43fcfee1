//! Calendar arithmetic: the only place in treatyline that adds months or days.
//!
//! Every date the engine produces goes through [`add`] or [`sub`], so the
//! "constrain" rule (a day that does not exist in the target month becomes
//! that month's last day) and the 0001-01-01..=9999-12-31 range are enforced
//! in one place. All arithmetic is checked: a result outside the range is
//! `None`, never a panic and never a silently wrapped date.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::model::Length;

/// The first date treatyline works with.
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => panic!("0001-01-01 is a valid date"),
};

/// The last date treatyline works with.
pub const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => panic!("9999-12-31 is a valid date"),
};

/// A sum of lengths, component-wise: the distance of a boundary from the
/// point its count started at.
///
/// Boundaries are computed as `add(anchor, L1 + L2 + ... + Lk)` rather than by
/// adding each length to the previous boundary, so that a boundary clamped
/// to a shorter month (31 January + 1 month = 28 February) does not drag the
/// later ones with it (the next is 31 March, not 28 March).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Calendar months (`12 * years + months` of each length).
    pub months: u64,
    /// Days (`7 * weeks + days` of each length).
    pub days: u64,
}

impl Span {
    /// The empty span.
    pub const ZERO: Span = Span { months: 0, days: 0 };

    /// `self + length`, or `None` on overflow.
    pub fn checked_add(self, length: &Length) -> Option<Span> {
        Some(Span {
            months: self.months.checked_add(length.total_months())?,
            days: self.days.checked_add(length.total_days())?,
        })
    }

    /// `n` times `length`, or `None` on overflow.
    pub fn times(length: &Length, n: u64) -> Option<Span> {
        Some(Span {
            months: length.total_months().checked_mul(n)?,
            days: length.total_days().checked_mul(n)?,
        })
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add_span(self, other: Span) -> Option<Span> {
        Some(Span {
            months: self.months.checked_add(other.months)?,
            days: self.days.checked_add(other.days)?,
        })
    }
}

impl From<&Length> for Span {
    fn from(l: &Length) -> Self {
        Span {
            months: l.total_months(),
            days: l.total_days(),
        }
    }
}

impl std::fmt::Display for Span {
    /// Writes the span in the short length notation, years split out of the
    /// months (`12 * 20 + 0` months prints as `20y`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = (self.months / 12, self.months % 12, self.days);
        let mut any = false;
        for (n, unit) in [(y, 'y'), (m, 'm'), (d, 'd')] {
            if n > 0 {
                write!(f, "{n}{unit}")?;
                any = true;
            }
        }
        if !any {
            f.write_str("0d")?;
        }
        Ok(())
    }
}

/// Whether `date` lies in the supported range 0001-01-01..=9999-12-31.
pub fn in_range(date: NaiveDate) -> bool {
    (MIN_DATE..=MAX_DATE).contains(&date)
}

fn checked(date: Option<NaiveDate>) -> Option<NaiveDate> {
    date.filter(|d| in_range(*d))
}

/// How [`add_span`] arrived at its result, for explanations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addition {
    /// The result.
    pub date: NaiveDate,
    /// When the month step landed on a day the target month does not have:
    /// the day of month that was asked for (e.g. 31 for 31 January + 1
    /// month, which is clamped to 28 or 29 February).
    pub clamped_from: Option<u32>,
}

/// `date + span` by the constrain rule: first `span.months` calendar months
/// (clamping to the month's last day), then `span.days` days.
///
/// Returns `None` when the result (or the intermediate month step) leaves
/// 0001-01-01..=9999-12-31.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use treatyline::engine::calendar::{add_span, Span};
///
/// let d = NaiveDate::from_ymd_opt(2001, 1, 31).unwrap();
/// let step = add_span(d, Span { months: 1, days: 0 }).unwrap();
/// assert_eq!(step.date, NaiveDate::from_ymd_opt(2001, 2, 28).unwrap());
/// assert_eq!(step.clamped_from, Some(31));
/// ```
pub fn add_span(date: NaiveDate, span: Span) -> Option<Addition> {
    let months = u32::try_from(span.months).ok()?;
    let stepped = checked(date.checked_add_months(Months::new(months)))?;
    let clamped_from = (stepped.day() != date.day()).then_some(date.day());
    let result = checked(stepped.checked_add_days(Days::new(span.days)))?;
    Some(Addition {
        date: result,
        clamped_from,
    })
}

/// `date + length` (see [`add_span`]); `None` outside the supported range.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use treatyline::{engine::calendar::add, Length};
///
/// let leap = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
/// assert_eq!(add(leap, &Length::years(1)), NaiveDate::from_ymd_opt(2001, 2, 28));
/// ```
pub fn add(date: NaiveDate, length: &Length) -> Option<NaiveDate> {
    add_span(date, Span::from(length)).map(|a| a.date)
}

/// `date - length`: first the months (clamping), then the days; `None`
/// outside the supported range.
pub fn sub(date: NaiveDate, length: &Length) -> Option<NaiveDate> {
    let months = u32::try_from(length.total_months()).ok()?;
    let stepped = checked(date.checked_sub_months(Months::new(months)))?;
    checked(stepped.checked_sub_days(Days::new(length.total_days())))
}

/// The day after `date`, if it is in range.
pub fn next_day(date: NaiveDate) -> Option<NaiveDate> {
    checked(date.succ_opt())
}

/// The day before `date`, if it is in range.
pub fn previous_day(date: NaiveDate) -> Option<NaiveDate> {
    checked(date.pred_opt())
}

/// The first day of the month after the month of `date`.
pub fn first_of_next_month(date: NaiveDate) -> Option<NaiveDate> {
    let first = date.with_day(1)?;
    checked(first.checked_add_months(Months::new(1)))
}

/// 1 January of the second year after the year of `date` (the first day
/// after "31 December of the year following").
pub fn january_first_two_years_after(date: NaiveDate) -> Option<NaiveDate> {
    checked(NaiveDate::from_ymd_opt(date.year().checked_add(2)?, 1, 1))
}

/// The last day `d` with `add(d, length) <= limit`, or `None` when there is
/// none in range.
///
/// `add(·, length)` never decreases as its argument grows, so the answer is
/// found by starting at `sub(limit, length)` and walking: month clamping can
/// put the true answer a few days either side of that first guess.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use treatyline::{engine::calendar::last_day_reaching, Length};
///
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// // A one-month notice that must have run by 28 February 2001 can be given
/// // as late as 31 January (31 January + 1 month = 28 February).
/// assert_eq!(last_day_reaching(d(2001, 2, 28), &Length::months(1)), Some(d(2001, 1, 31)));
/// ```
pub fn last_day_reaching(limit: NaiveDate, length: &Length) -> Option<NaiveDate> {
    let reaches = |d: NaiveDate| add(d, length).is_some_and(|end| end <= limit);
    // The first guess; when it is out of range, the earliest date is the only
    // candidate left to try.
    let mut d = sub(limit, length).unwrap_or(MIN_DATE);
    // Walk back while the guess overshoots (bounded: clamping moves a month
    // step by at most three days, and the day part is exact).
    let mut steps = 0;
    while !reaches(d) {
        d = previous_day(d)?;
        steps += 1;
        if steps > 62 {
            return None;
        }
    }
    // Walk forward while the next day still reaches.
    while let Some(next) = next_day(d) {
        if !reaches(next) {
            break;
        }
        d = next;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        match NaiveDate::from_ymd_opt(y, m, day) {
            Some(d) => d,
            None => panic!("bad test date {y}-{m}-{day}"),
        }
    }

    fn l(s: &str) -> Length {
        match s.parse() {
            Ok(l) => l,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn constrain_rule() {
        assert_eq!(add(d(2000, 2, 29), &l("1y")), Some(d(2001, 2, 28)));
        assert_eq!(add(d(2001, 1, 31), &l("1m")), Some(d(2001, 2, 28)));
        assert_eq!(add(d(2000, 1, 31), &l("1m")), Some(d(2000, 2, 29)));
        assert_eq!(add(d(2001, 3, 31), &l("1m")), Some(d(2001, 4, 30)));
        // months first, then days
        assert_eq!(add(d(2001, 1, 31), &l("1m1d")), Some(d(2001, 3, 1)));
        assert_eq!(add(d(1898, 7, 1), &l("99y")), Some(d(1997, 7, 1)));
        assert_eq!(add(d(2014, 12, 31), &l("1y")), Some(d(2015, 12, 31)));
        assert_eq!(add(d(2023, 6, 9), &l("150d")), Some(d(2023, 11, 6)));
    }

    #[test]
    fn subtraction() {
        assert_eq!(sub(d(2001, 3, 31), &l("1m")), Some(d(2001, 2, 28)));
        assert_eq!(sub(d(2019, 4, 1), &l("6m")), Some(d(2018, 10, 1)));
        assert_eq!(sub(d(2004, 2, 29), &l("90d")), Some(d(2003, 12, 1)));
    }

    #[test]
    fn spans_count_from_the_anchor() {
        let anchor = d(2001, 1, 31);
        let month = l("1m");
        let mut sum = Span::ZERO;
        let mut ends = vec![];
        for _ in 0..3 {
            sum = sum.checked_add(&month).unwrap_or(Span::ZERO);
            ends.push(add_span(anchor, sum).map(|a| a.date));
        }
        assert_eq!(
            ends,
            vec![
                Some(d(2001, 2, 28)),
                Some(d(2001, 3, 31)),
                Some(d(2001, 4, 30))
            ]
        );
    }

    #[test]
    fn clamping_is_reported() {
        let a = add_span(
            d(1996, 2, 29),
            Span {
                months: 60,
                days: 0,
            },
        );
        assert_eq!(
            a,
            Some(Addition {
                date: d(2001, 2, 28),
                clamped_from: Some(29)
            })
        );
        let b = add_span(
            d(1996, 2, 29),
            Span {
                months: 96,
                days: 0,
            },
        );
        assert_eq!(
            b,
            Some(Addition {
                date: d(2004, 2, 29),
                clamped_from: None
            })
        );
    }

    #[test]
    fn range_is_enforced() {
        assert_eq!(add(MAX_DATE, &l("1d")), None);
        assert_eq!(add(d(9999, 1, 1), &l("1y")), None);
        assert_eq!(sub(MIN_DATE, &l("1d")), None);
        assert_eq!(add(MIN_DATE, &l("9999y")), None);
        assert_eq!(add(MIN_DATE, &l("9998y")), Some(d(9999, 1, 1)));
        assert_eq!(
            add_span(
                d(2000, 1, 1),
                Span {
                    months: u64::MAX,
                    days: 0
                }
            ),
            None
        );
        assert_eq!(next_day(MAX_DATE), None);
        assert_eq!(previous_day(MIN_DATE), None);
        assert_eq!(first_of_next_month(d(9999, 12, 5)), None);
        assert_eq!(january_first_two_years_after(d(9998, 1, 1)), None);
    }

    #[test]
    fn withdrawal_helpers() {
        assert_eq!(first_of_next_month(d(2021, 6, 22)), Some(d(2021, 7, 1)));
        assert_eq!(first_of_next_month(d(2021, 12, 1)), Some(d(2022, 1, 1)));
        assert_eq!(
            january_first_two_years_after(d(2017, 10, 12)),
            Some(d(2019, 1, 1))
        );
    }

    #[test]
    fn last_day_reaching_limit() {
        // 90 days before a leap-day boundary
        assert_eq!(
            last_day_reaching(d(2004, 2, 29), &l("90d")),
            Some(d(2003, 12, 1))
        );
        assert_eq!(
            last_day_reaching(d(2004, 2, 28), &l("90d")),
            Some(d(2003, 11, 30))
        );
        // six months before 1 April
        assert_eq!(
            last_day_reaching(d(2019, 4, 1), &l("6m")),
            Some(d(2018, 10, 1))
        );
        assert_eq!(
            last_day_reaching(d(2019, 3, 31), &l("6m")),
            Some(d(2018, 9, 30))
        );
        // month-end: every day from 28 to 31 January reaches 28 February
        assert_eq!(
            last_day_reaching(d(2001, 2, 28), &l("1m")),
            Some(d(2001, 1, 31))
        );
        assert_eq!(
            last_day_reaching(d(2001, 2, 27), &l("1m")),
            Some(d(2001, 1, 27))
        );
        // none in range
        assert_eq!(last_day_reaching(d(1, 1, 5), &l("1m")), None);
    }
}
