//! Renderers: one file per output format, all behind [`Render`].
//!
//! A renderer gets projected treaties ([`Projected`]) and a [`Context`]
//! (today, the horizon, colour, width) and writes to any [`std::io::Write`].
//! Nothing here computes a date: every date comes from the engine.

pub mod csv;
pub mod explain;
mod fit;
pub mod html;
pub mod ics;
pub mod json;
pub mod list;
pub mod markdown;
pub mod mermaid;
mod readings;
pub mod status;
mod summary;
pub mod svg;
pub mod text;
pub mod timeline;
pub mod upcoming;
pub mod visible;
mod wording;

pub(crate) use wording::count;

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::engine::{Horizon, Projection};
use crate::model::Treaty;
use crate::publishers::Publishers;

/// A treaty with its projection, ready to render.
#[derive(Clone, Debug)]
pub struct Projected<'a> {
    /// The treaty.
    pub treaty: &'a Treaty,
    /// Its projection.
    pub projection: Projection,
}

/// What every renderer needs besides the treaties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    /// Today and the horizon the projections were made for.
    pub horizon: Horizon,
    /// Whether to use ANSI colour.
    pub color: bool,
    /// The width to fit, in columns.
    pub width: usize,
    /// The publishers of the dataset's sources, when it lists them
    /// (`publishers.toml`): the reports name each source's publisher.
    pub publishers: Option<&'static Publishers>,
    /// The dataset's parties list (`parties.toml`), when it has one: where
    /// a party's name does not fit (a `timeline --members` lane, a Mermaid
    /// milestone), one of its shorter other names stands in for it.
    pub parties: Option<&'static crate::parties::Parties>,
    /// Whether text outputs show each caveat whole (`--caveats`; always in
    /// `explain`) rather than as a marker and its first sentence.
    pub caveats: bool,
}

impl Context {
    /// A plain context (no colour, 80 columns) for `today`.
    pub fn plain(today: NaiveDate) -> Context {
        Context {
            horizon: Horizon::from_today(today),
            color: false,
            width: 80,
            publishers: None,
            parties: None,
            caveats: false,
        }
    }
}

/// An output format.
pub trait Render {
    /// Writes `items` to `out`.
    ///
    /// # Errors
    ///
    /// Only the writer's errors.
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()>;
}

/// Renders into a string (for tests and the library's users).
///
/// # Example
///
/// Load a treaty, project it and render it as JSON and as text:
///
/// ```
/// use chrono::NaiveDate;
/// use treatyline::render::{self, Context, Projected, json::Json, text::Text};
/// use treatyline::{Horizon, model::load::parse_treaty, project};
///
/// let treaty = parse_treaty("example-2001", r#"
/// title = "Example Treaty"
/// parties = ["A", "B"]
/// signed = 2001-01-31
/// [term]
/// length = "10y"
/// [renewal]
/// mode = "automatic"
/// notice = "6m"
/// "#).unwrap();
/// let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
/// let projection = project(&treaty, &Horizon::from_today(today)).unwrap();
/// let items = [Projected { treaty: &treaty, projection }];
/// let cx = Context::plain(today);
///
/// let json = render::to_string(&Json, &items, &cx);
/// let value: serde_json::Value = serde_json::from_str(&json).unwrap();
/// assert_eq!(value["treaties"][0]["periods"][1]["start"], "2011-01-31");
/// assert_eq!(value["treaties"][0]["status"]["state"], "in-force");
///
/// let text = render::to_string(&Text, &items, &cx);
/// assert!(text.contains("2011-01-31"));
/// ```
pub fn to_string(r: &dyn Render, items: &[Projected<'_>], cx: &Context) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = r.render(items, cx, &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// "in 14y 7m (5,338 days)", "in 33 days", "today", "3 days ago": the
/// distance from `today` to `date`.
pub fn countdown(today: NaiveDate, date: NaiveDate) -> String {
    wording::countdown(today, date)
}

/// The mark every text output puts on a date an assumption (`--assume`)
/// produced or moved.
pub(crate) fn assumed_mark(assumed: bool) -> &'static str {
    if assumed { " [assumed]" } else { "" }
}

/// A styled piece of text: the style is applied only when colour is on.
pub(crate) fn paint(color: bool, style: anstyle::Style, text: &str) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_owned()
    }
}

/// A CSV writer's error as an I/O error, keeping the kind of an I/O one (a
/// closed pipe must stay a closed pipe, which the binary treats as a clean
/// exit).
pub(crate) fn csv_error(e: ::csv::Error) -> io::Error {
    if !e.is_io_error() {
        return io::Error::other(e);
    }
    match e.into_kind() {
        ::csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Whether `url` may be a link: `http://` or `https://` (any case) and
/// nothing else. A source written `javascript:...`, `data:...` or
/// `vbscript:...` would run when clicked; such a source, and anything not
/// a web address (a citation, a file path), is shown as text.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// A CSV cell that a spreadsheet will not run: text starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return is read as a formula by Excel,
/// LibreOffice and Google Sheets (CSV injection), so it gets a leading `'`,
/// which those programs hide and treat as "this is text" (OWASP's advice).
/// Dates and numbers written by treatyline never start with one of them.
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The most periods listed for one treaty. A yearly treaty over the whole
/// calendar (0001 to 9999) has 9,999 and is listed whole; a daily one since
/// the year 1 has about 740,000, whose report would run to gigabytes.
pub const MAX_LISTED_PERIODS: usize = 10_000;

/// Keeps at most `max` of the projection's periods: those around `today`
/// (as many before as after where there are enough, the most recent ones
/// when the horizon is near), with the deadlines that belong to them.
/// Returns a warning saying what was left out, or `None` when nothing was.
///
/// Every output format lists periods (and their deadlines) one by one, so
/// this bounds the size of every report, in time and in memory.
pub fn limit_periods(
    treaty: &Treaty,
    p: &mut Projection,
    today: NaiveDate,
    max: usize,
) -> Option<String> {
    let total = p.periods.len();
    if total <= max || max == 0 {
        return None;
    }
    let (first, last) = (p.periods.first()?.start, p.periods.last()?.start);
    // The period holding today, or the last one starting before it.
    let holding = p
        .periods
        .partition_point(|x| x.start <= today)
        .saturating_sub(1);
    let start = holding.saturating_sub(max / 2).min(total - max);
    p.periods.truncate(start + max);
    p.periods.drain(..start);
    let (from, to) = (p.periods.first()?, p.periods.last()?);
    let (lo, hi, from_day, to_day) = (from.index, to.index, from.start, to.start);
    p.deadlines
        .retain(|d| d.period.is_none_or(|i| lo <= i && i <= hi));
    Some(format!(
        "warning: {}: {total} periods from {first} to {last}; only the {max} starting {from_day} to {to_day} are listed (at most {max} periods are listed per treaty)",
        treaty.id
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn daily() -> (Treaty, Projection) {
        let t = crate::model::load::parse_treaty(
            "daily-1",
            "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 0001-01-01\n[term]\nlength = \"1d\"\n[renewal]\nmode = \"automatic\"\nnotice = \"1d\"\n",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let p = crate::engine::project(&t, &Horizon::from_today(today))
            .unwrap_or_else(|e| panic!("{e:?}"));
        (t, p)
    }

    #[test]
    fn a_daily_treaty_since_the_year_1_is_listed_around_today() {
        let (t, mut p) = daily();
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        assert!(p.periods.len() > 700_000, "{}", p.periods.len());
        let warning = limit_periods(&t, &mut p, today, 1000);
        assert!(
            warning
                .as_deref()
                .is_some_and(|w| w.contains("only the 1000 starting")),
            "{warning:?}"
        );
        assert_eq!(p.periods.len(), 1000);
        // Today is inside, and the rest of the horizon is after it.
        assert!(p.periods.iter().any(|x| x.start == today));
        assert!(p.deadlines.len() <= 1001, "{}", p.deadlines.len());
        assert!(p.deadlines.iter().all(|d| {
            d.date
                >= p.periods
                    .first()
                    .map_or(today, |x| x.start)
                    .pred_opt()
                    .unwrap_or(today)
        }));
        // A short projection is left alone.
        let mut again = p.clone();
        assert!(limit_periods(&t, &mut again, today, 1000).is_none());
        assert_eq!(again, p);
    }
}
