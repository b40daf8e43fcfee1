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
mod wording;

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
