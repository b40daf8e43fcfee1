//! Values as written on the command line: dates (`2026-11-29`, `today`,
//! `+90d`, `-1y`) and lengths (`20y`, `P6M`), parsed for clap so that a
//! malformed one is a usage error (exit 2) with a sentence saying how to
//! write it. Below both the command line and the editing commands, which
//! take these values too.

use chrono::NaiveDate;

/// Parses a length such as `1y` or `P6M`.
///
/// # Errors
///
/// The length parser's sentence.
pub fn parse_length(s: &str) -> Result<crate::Length, String> {
    s.parse()
        .map_err(|e: crate::model::LengthError| e.to_string())
}

/// A day as written on the command line: a calendar date, or a day counted
/// from today (`today`, `tomorrow`, `yesterday`, `+90d`, `-1y`, `+1y6m`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day {
    /// A calendar date.
    Date(NaiveDate),
    /// Today moved by a length, forwards or back.
    FromToday {
        /// Whether the length is counted back.
        back: bool,
        /// How far.
        length: crate::Length,
    },
}

impl Day {
    /// The date this names, counting from `today`; `None` when that falls
    /// outside 0001-01-01..=9999-12-31.
    pub fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            Day::Date(d) => Some(d),
            Day::FromToday {
                back: false,
                length,
            } => crate::engine::calendar::add(today, &length),
            Day::FromToday { back: true, length } => crate::engine::calendar::sub(today, &length),
        }
        .filter(|d| crate::engine::calendar::in_range(*d))
    }
}

/// Parses a [`Day`]: `YYYY-MM-DD`, `today`, `tomorrow`, `yesterday`, or a
/// signed length from today such as `+90d`, `-1y` or `+1y6m`.
///
/// # Errors
///
/// A sentence saying what is wrong, for clap to show (exit 2).
pub fn parse_day(s: &str) -> Result<Day, String> {
    let word = s.trim();
    let days = |n: u32| crate::Length {
        days: n,
        ..crate::Length::default()
    };
    match word {
        "today" => {
            return Ok(Day::FromToday {
                back: false,
                length: days(0),
            });
        }
        "tomorrow" => {
            return Ok(Day::FromToday {
                back: false,
                length: days(1),
            });
        }
        "yesterday" => {
            return Ok(Day::FromToday {
                back: true,
                length: days(1),
            });
        }
        _ => {}
    }
    if let Some((back, rest)) = word
        .strip_prefix('+')
        .map(|r| (false, r))
        .or_else(|| word.strip_prefix('-').map(|r| (true, r)))
    {
        return match rest.parse::<crate::Length>() {
            Ok(length) => Ok(Day::FromToday { back, length }),
            Err(e) => Err(format!(
                "`{s}` is not a day counted from today: {e}; write it like +90d, -1y or +1y6m"
            )),
        };
    }
    parse_date(word)
        .map(Day::Date)
        .map_err(|e| format!("{e}, or as a day counted from today: today, +90d, -1y"))
}

/// Parses a `YYYY-MM-DD` date in 0001-01-01..=9999-12-31.
///
/// # Errors
///
/// A sentence saying what is wrong, for clap to show.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: write it as YYYY-MM-DD, like 2026-11-29"))?;
    if s.len() != 10 || !crate::engine::calendar::in_range(d) {
        return Err(format!(
            "`{s}` is not a date between 0001-01-01 and 9999-12-31 written as YYYY-MM-DD"
        ));
    }
    Ok(d)
}

/// The system date (UTC), or `TREATYLINE_TODAY` when it is set: what
/// "today" means for the editing commands, which take no `--today`.
fn editing_today() -> NaiveDate {
    if let Some(Ok(Day::Date(d))) = std::env::var("TREATYLINE_TODAY")
        .ok()
        .map(|v| parse_day(&v))
    {
        return d;
    }
    crate::clock::system_today()
}

/// A date for a treaty file, given to an editing command: checked here (so a
/// malformed one is a usage error, exit 2) and written as `YYYY-MM-DD`;
/// `today`, `+90d` and the like count from the system date (or
/// `TREATYLINE_TODAY`).
///
/// # Errors
///
/// The sentence of [`parse_day`].
pub fn date_text(s: &str) -> Result<String, String> {
    let day = parse_day(s)?;
    day.resolve(editing_today())
        .map(|d| d.to_string())
        .ok_or_else(|| format!("`{s}` falls outside 0001-01-01..=9999-12-31"))
}

/// A length for a treaty file (`20y`, `6m`, `P2Y`), checked here so a
/// malformed one is a usage error (exit 2).
///
/// # Errors
///
/// The length parser's sentence.
pub fn length_text(s: &str) -> Result<String, String> {
    parse_length(s).map(|_| s.trim().to_owned())
}

/// A term: a length or `indefinite`.
///
/// # Errors
///
/// The length parser's sentence.
pub fn term_text(s: &str) -> Result<String, String> {
    if s.trim() == "indefinite" {
        return Ok("indefinite".to_owned());
    }
    length_text(s).map_err(|e| format!("{e}; an open-ended term is written `indefinite`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn days_count_from_today() {
        let today = d(2026, 11, 29);
        let at = |s: &str| parse_day(s).ok().and_then(|x| x.resolve(today));
        assert_eq!(at("today"), Some(today));
        assert_eq!(at("+90d"), Some(d(2027, 2, 27)));
        assert_eq!(at("-1y"), Some(d(2025, 11, 29)));
        assert_eq!(at("+1y6m"), Some(d(2028, 5, 29)));
        assert_eq!(at("2030-01-01"), Some(d(2030, 1, 1)));
        assert_eq!(at("yesterday"), Some(d(2026, 11, 28)));
        assert!(parse_day("+9x").is_err());
        assert!(parse_day("2026-13-01").is_err());
        assert_eq!(
            parse_day("+9000y").ok().and_then(|x| x.resolve(today)),
            None
        );
    }
}
