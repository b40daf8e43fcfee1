//! `status`: each treaty's state on a day, its period, and what comes next
//! (the next boundary and the next deadline, with countdowns).

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, Projected, Render, countdown};
use crate::engine::{Deadline, State};

/// The facts of one status row, shared by every status format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusRow {
    /// The treaty's id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// The day reported on.
    pub on: NaiveDate,
    /// `not-in-force`, `in-force` or `ended`.
    pub state: &'static str,
    /// Why it ended, when it has.
    pub reason: Option<&'static str>,
    /// The day it ended, when it has.
    pub ended: Option<NaiveDate>,
    /// The period holding the day.
    pub period: Option<usize>,
    /// That period's kind.
    pub period_kind: Option<&'static str>,
    /// That period's start.
    pub period_start: Option<NaiveDate>,
    /// That period's (possibly cut) end.
    pub period_end: Option<NaiveDate>,
    /// The next boundary after the day, while in force.
    pub next_boundary: Option<NaiveDate>,
    /// Days from the day to the next boundary.
    pub next_boundary_days: Option<i64>,
    /// The next deadline on or after the day.
    pub next_deadline: Option<NaiveDate>,
    /// Its kind.
    pub next_deadline_kind: Option<&'static str>,
    /// Days from the day to it.
    pub next_deadline_days: Option<i64>,
    /// Whether an assumption changed anything in this treaty's projection.
    pub assumed: bool,
    /// The treaty's caveat, which every output shows with it.
    pub caveat: Option<String>,
}

impl StatusRow {
    /// The row for one projected treaty.
    pub fn new(item: &Projected<'_>) -> StatusRow {
        let p = &item.projection;
        let on = p.status.on;
        let holding = p.status.period.and_then(|i| {
            p.periods
                .iter()
                .chain(p.current.iter())
                .find(|x| x.index == i)
        });
        let ended = p.status.state == State::Ended;
        let next_boundary = if ended {
            None
        } else {
            p.next_boundary_after(on)
        };
        let next_deadline: Option<&Deadline> = if ended {
            None
        } else {
            p.next_deadline_from(on)
        };
        StatusRow {
            id: item.treaty.id.clone(),
            name: item.treaty.display_name().to_owned(),
            on,
            state: p.status.state.as_str(),
            reason: p.end.as_ref().filter(|_| ended).map(|e| e.reason.as_str()),
            ended: p.end.as_ref().filter(|_| ended).map(|e| e.date),
            period: p.status.period,
            period_kind: holding.map(|h| h.kind.as_str()),
            period_start: holding.map(|h| h.start),
            period_end: p.status.period_end,
            next_boundary,
            next_boundary_days: next_boundary.map(|b| (b - on).num_days()),
            next_deadline: next_deadline.map(|d| d.date),
            next_deadline_kind: next_deadline.map(|d| d.kind.as_str()),
            next_deadline_days: next_deadline.map(|d| (d.date - on).num_days()),
            assumed: p.has_assumed(),
            caveat: item.treaty.caveat.clone(),
        }
    }
}

/// One line per treaty.
#[derive(Clone, Copy, Debug, Default)]
pub struct StatusText;

impl Render for StatusText {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let id_width = items
            .iter()
            .map(|i| i.treaty.id.len())
            .max()
            .unwrap_or(2)
            .max(2);
        for item in items {
            let r = StatusRow::new(item);
            let state = match (r.state, r.period, r.period_end) {
                ("in-force", Some(i), Some(e)) => format!("in force, period {i} until {e}"),
                ("in-force", Some(i), None) => format!("in force, period {i}, open-ended"),
                ("in-force", None, _) => "in force".to_owned(),
                ("ended", ..) => match (r.ended, r.reason) {
                    (Some(d), Some(why)) => format!("ended {d} ({why})"),
                    _ => "ended".to_owned(),
                },
                _ => "not in force".to_owned(),
            };
            let mut parts = vec![state];
            if let Some(end) = item
                .projection
                .end
                .as_ref()
                .filter(|e| r.state != "ended" && e.date > r.on)
            {
                parts.push(format!("ends {} ({})", end.date, end.reason.as_str()));
            }
            if let Some(b) = r.next_boundary {
                parts.push(format!("next boundary {b} ({})", countdown(r.on, b)));
            }
            if let (Some(d), Some(k)) = (r.next_deadline, r.next_deadline_kind) {
                parts.push(format!("next deadline {d} {k} ({})", countdown(r.on, d)));
            }
            let mark = if r.assumed { "  [assumed]" } else { "" };
            writeln!(out, "{:<id_width$}  {}{mark}", r.id, parts.join("; "))?;
            if let Some(c) = &r.caveat {
                let indent = " ".repeat(id_width + 2);
                let width = cx.width.saturating_sub(id_width + 2).max(30);
                for (n, line) in textwrap::wrap(&format!("caveat: {c}"), width)
                    .iter()
                    .enumerate()
                {
                    let pad = if n == 0 { indent.as_str() } else { "" };
                    let more = if n == 0 { "" } else { indent.as_str() };
                    writeln!(out, "{pad}{more}{line}")?;
                }
            }
        }
        Ok(())
    }
}

/// `status --format json`: `{"on": ..., "treaties": [rows]}`.
#[derive(Clone, Copy, Debug, Default)]
pub struct StatusJson;

impl Render for StatusJson {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct Doc {
            on: NaiveDate,
            treaties: Vec<StatusRow>,
        }
        let doc = Doc {
            on: cx.horizon.today,
            treaties: items.iter().map(StatusRow::new).collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

/// `status --format csv`: one row per treaty, the fields of [`StatusRow`]
/// as the header.
#[derive(Clone, Copy, Debug, Default)]
pub struct StatusCsv;

impl Render for StatusCsv {
    fn render(
        &self,
        items: &[Projected<'_>],
        _cx: &Context,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        for item in items {
            let mut row = StatusRow::new(item);
            row.id = super::csv_cell(&row.id).into_owned();
            row.name = super::csv_cell(&row.name).into_owned();
            row.caveat = row.caveat.map(|c| super::csv_cell(&c).into_owned());
            w.serialize(row).map_err(io::Error::other)?;
        }
        w.flush()
    }
}
