//! Lengths of time as treaties write them: years, months, weeks and days.
//!
//! A [`Length`] is only a value; adding it to a date is the job of
//! [`crate::engine::calendar`], the one module that does month and day
//! arithmetic.

use std::fmt;
use std::str::FromStr;

/// The most months a length may have (9999 years and 12 months would already
/// leave the calendar; this is 9999 years).
pub const MAX_MONTHS: u64 = 119_988;
/// The most days a length may have (about 10,000 years of days).
pub const MAX_DAYS: u64 = 3_652_425;

/// A length of time: `20y`, `6m`, `90d`, `1y2w3d`, or ISO 8601 `P1Y6M`.
///
/// Years and months are calendar units (added with month-end clamping);
/// weeks are seven days. The components are kept as written so that a
/// length prints back the way its author wrote it (in the short notation).
///
/// # Example
///
/// ```
/// use treatyline::Length;
///
/// let l: Length = "1y2w3d".parse()?;
/// assert_eq!(l.total_months(), 12);
/// assert_eq!(l.total_days(), 17);
/// assert_eq!(l.to_string(), "1y2w3d");
/// assert_eq!("P1Y6M".parse::<Length>()?, "1y6m".parse::<Length>()?);
/// # Ok::<(), treatyline::model::LengthError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Length {
    /// Whole years.
    pub years: u32,
    /// Whole months (added to `12 * years`).
    pub months: u32,
    /// Whole weeks (seven days each).
    pub weeks: u32,
    /// Whole days.
    pub days: u32,
}

impl Length {
    /// A length of `n` years.
    pub const fn years(n: u32) -> Self {
        Self {
            years: n,
            months: 0,
            weeks: 0,
            days: 0,
        }
    }

    /// A length of `n` months.
    pub const fn months(n: u32) -> Self {
        Self {
            years: 0,
            months: n,
            weeks: 0,
            days: 0,
        }
    }

    /// A length of `n` days.
    pub const fn days(n: u32) -> Self {
        Self {
            years: 0,
            months: 0,
            weeks: 0,
            days: n,
        }
    }

    /// The calendar part of the length in months: `12 * years + months`.
    pub fn total_months(&self) -> u64 {
        12 * u64::from(self.years) + u64::from(self.months)
    }

    /// The day part of the length in days: `7 * weeks + days`.
    pub fn total_days(&self) -> u64 {
        7 * u64::from(self.weeks) + u64::from(self.days)
    }

    /// The same length in ISO 8601 notation, e.g. `P1Y6M`.
    pub fn to_iso(&self) -> String {
        let mut s = String::from("P");
        for (n, unit) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if n > 0 {
                s.push_str(&n.to_string());
                s.push(unit);
            }
        }
        s
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, unit) in [
            (self.years, 'y'),
            (self.months, 'm'),
            (self.weeks, 'w'),
            (self.days, 'd'),
        ] {
            if n > 0 {
                write!(f, "{n}{unit}")?;
            }
        }
        Ok(())
    }
}

/// Why a text is not a [`Length`]. The message says how to write it instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LengthError {
    /// Nothing was written.
    #[error("a length cannot be empty: write it like \"20y\", \"6m\", \"90d\" or \"P1Y6M\"")]
    Empty,
    /// A minus sign.
    #[error("a length cannot be negative: write it without the sign, like \"6m\"")]
    Negative,
    /// A decimal point or comma.
    #[error(
        "a length takes whole numbers only: write \"1y6m\" instead of \"1.5y\", or use a smaller unit"
    )]
    Fractional,
    /// Every component is zero.
    #[error("a length cannot be zero: a period or notice must last at least one day")]
    Zero,
    /// Too large to be meaningful.
    #[error(
        "this length is absurdly long: at most 119988 months (9999 years) and 3652425 days are allowed"
    )]
    TooLong,
    /// A unit letter that is not y, m, w or d.
    #[error(
        "`{0}` is not a unit: use y (years), m (months), w (weeks) or d (days), like \"1y2w3d\""
    )]
    UnknownUnit(char),
    /// A unit given twice or out of order.
    #[error("units must appear at most once and in the order y, m, w, d, like \"1y6m\"")]
    Order,
    /// A number without a unit.
    #[error("`{0}` has no unit: write \"{0}y\", \"{0}m\", \"{0}w\" or \"{0}d\"")]
    MissingUnit(String),
    /// Anything else.
    #[error(
        "`{0}` is not a length: write years, months, weeks and days like \"20y\", \"1y6m\", \"90d\" or ISO 8601 \"P1Y6M\""
    )]
    Malformed(String),
}

impl FromStr for Length {
    type Err = LengthError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let s = text.trim();
        if s.is_empty() {
            return Err(LengthError::Empty);
        }
        if s.starts_with('-') {
            return Err(LengthError::Negative);
        }
        if s.contains(['.', ',']) {
            return Err(LengthError::Fractional);
        }
        let (body, iso) = match s.strip_prefix(['P', 'p']) {
            Some(rest) => (rest, true),
            None => (s, false),
        };
        if body.is_empty() {
            return Err(LengthError::Malformed(text.to_owned()));
        }
        if iso && body.contains(['T', 't']) {
            return Err(LengthError::Malformed(text.to_owned()));
        }
        // Slots in the only allowed order: y, m, w, d.
        let mut slots: [Option<u64>; 4] = [None; 4];
        let mut last_slot: Option<usize> = None;
        let mut number = String::new();
        for c in body.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            // A letter with no number before it: not a length at all ("abc").
            if c == '+' || c.is_whitespace() || number.is_empty() {
                return Err(LengthError::Malformed(text.to_owned()));
            }
            let slot = match c.to_ascii_lowercase() {
                'y' => 0,
                'm' => 1,
                'w' => 2,
                'd' => 3,
                other if other.is_alphabetic() => return Err(LengthError::UnknownUnit(c)),
                _ => return Err(LengthError::Malformed(text.to_owned())),
            };
            if number.is_empty() {
                return Err(LengthError::Malformed(text.to_owned()));
            }
            if last_slot.is_some_and(|last| slot <= last) {
                return Err(LengthError::Order);
            }
            // More than 19 digits cannot fit; anything that large is absurd anyway.
            let n: u64 = number.parse().map_err(|_| LengthError::TooLong)?;
            if let Some(cell) = slots.get_mut(slot) {
                *cell = Some(n);
            }
            last_slot = Some(slot);
            number.clear();
        }
        if !number.is_empty() {
            return Err(LengthError::MissingUnit(number));
        }
        let [y, m, w, d] = slots.map(|n| n.unwrap_or(0));
        let months = y
            .checked_mul(12)
            .and_then(|ym| ym.checked_add(m))
            .ok_or(LengthError::TooLong)?;
        let days = w
            .checked_mul(7)
            .and_then(|wd| wd.checked_add(d))
            .ok_or(LengthError::TooLong)?;
        if months > MAX_MONTHS || days > MAX_DAYS {
            return Err(LengthError::TooLong);
        }
        if months == 0 && days == 0 {
            return Err(LengthError::Zero);
        }
        let small = |n: u64| u32::try_from(n).map_err(|_| LengthError::TooLong);
        Ok(Length {
            years: small(y)?,
            months: small(m)?,
            weeks: small(w)?,
            days: small(d)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(s: &str) -> Length {
        match s.parse() {
            Ok(l) => l,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn short_notation() {
        assert_eq!(len("20y"), Length::years(20));
        assert_eq!(len("6m"), Length::months(6));
        assert_eq!(len("90d"), Length::days(90));
        assert_eq!(
            len("1y2w3d"),
            Length {
                years: 1,
                months: 0,
                weeks: 2,
                days: 3
            }
        );
        assert_eq!(len("1y6m").total_months(), 18);
        assert_eq!(len("2w").total_days(), 14);
    }

    #[test]
    fn iso_notation() {
        assert_eq!(len("P20Y"), Length::years(20));
        assert_eq!(len("P1Y6M"), len("1y6m"));
        assert_eq!(len("P2W"), len("2w"));
        assert_eq!(len("P1Y2W3D"), len("1y2w3d"));
        assert_eq!(len("1y2w3d").to_iso(), "P1Y2W3D");
    }

    #[test]
    fn display_round_trips() {
        for s in ["20y", "6m", "90d", "1y6m", "1y2w3d", "3w"] {
            assert_eq!(len(s).to_string(), s);
        }
    }

    #[test]
    fn rejects_bad_lengths() {
        let err = |s: &str| s.parse::<Length>().err();
        assert_eq!(err(""), Some(LengthError::Empty));
        assert_eq!(err("0y"), Some(LengthError::Zero));
        assert_eq!(err("0y0d"), Some(LengthError::Zero));
        assert_eq!(err("-1y"), Some(LengthError::Negative));
        assert_eq!(err("1.5y"), Some(LengthError::Fractional));
        assert_eq!(err("6m1y"), Some(LengthError::Order));
        assert_eq!(err("1y1y"), Some(LengthError::Order));
        assert_eq!(err("20"), Some(LengthError::MissingUnit("20".into())));
        assert_eq!(err("20x"), Some(LengthError::UnknownUnit('x')));
        assert_eq!(err("y"), Some(LengthError::Malformed("y".into())));
        assert_eq!(err("abc"), Some(LengthError::Malformed("abc".into())));
        assert_eq!(err("P"), Some(LengthError::Malformed("P".into())));
        assert_eq!(err("PT5H"), Some(LengthError::Malformed("PT5H".into())));
        assert_eq!(err("1 y"), Some(LengthError::Malformed("1 y".into())));
        assert_eq!(err("+1y"), Some(LengthError::Malformed("+1y".into())));
    }

    #[test]
    fn limits() {
        assert!("9999y".parse::<Length>().is_ok());
        assert!("119988m".parse::<Length>().is_ok());
        assert_eq!("9999y1m".parse::<Length>(), Err(LengthError::TooLong));
        assert!("3652425d".parse::<Length>().is_ok());
        assert_eq!("3652426d".parse::<Length>(), Err(LengthError::TooLong));
        assert!("521775w".parse::<Length>().is_ok());
        assert_eq!("521776w".parse::<Length>(), Err(LengthError::TooLong));
        assert_eq!(
            "99999999999999999999999y".parse::<Length>(),
            Err(LengthError::TooLong)
        );
    }
}
