//! The one place that reads the system clock, and only when `--today` (or
//! `TREATYLINE_TODAY`) does not say what today is.

use chrono::NaiveDate;

use crate::engine::calendar;

/// The system date (UTC).
pub(crate) fn system_today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(calendar::MIN_DATE);
    epoch
        .checked_add_days(chrono::Days::new(secs / 86_400))
        .unwrap_or(epoch)
}
