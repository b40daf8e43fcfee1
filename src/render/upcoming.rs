//! `upcoming`: boundaries, deadlines, possible renewals and events in a
//! window, soonest first, across treaties.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, Projected, Render, countdown};
use crate::engine::upcoming::{self, Upcoming};

/// The window `from..=to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

/// Every item of every treaty in the window, sorted.
pub fn items<'a>(projected: &'a [Projected<'a>], w: Window) -> Vec<Upcoming<'a>> {
    let mut all: Vec<Upcoming<'a>> = projected
        .iter()
        .flat_map(|p| upcoming::upcoming(p.treaty, &p.projection, w.from, w.to))
        .collect();
    upcoming::sort(&mut all);
    all
}

/// One row of `upcoming`, shared by the JSON and CSV formats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UpcomingRow {
    /// The day.
    pub date: NaiveDate,
    /// Days from today.
    pub days: i64,
    /// The treaty's id.
    pub treaty: String,
    /// What happens (`non-renewal-notice`, `renewal`, `end`, ...).
    pub kind: &'static str,
    /// The party concerned, if any.
    pub party: Option<String>,
    /// What it means.
    pub detail: String,
    /// Whether an assumption produced or moved it.
    pub assumed: bool,
    /// The treaty's caveat, which every output shows with it.
    pub caveat: Option<String>,
}

fn row(u: &Upcoming<'_>, today: NaiveDate) -> UpcomingRow {
    UpcomingRow {
        date: u.date,
        days: (u.date - today).num_days(),
        treaty: u.treaty.id.clone(),
        kind: u.kind.as_str(),
        party: u.party.clone(),
        detail: u.detail.clone(),
        assumed: u.assumed,
        caveat: u.treaty.caveat.clone(),
    }
}

/// How `upcoming` lays its items out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Aligned text, then each treaty's caveat once.
    Text,
    /// `{"from": ..., "to": ..., "items": [rows]}`.
    Json,
    /// CSV with the header `date,days,treaty,kind,party,detail,assumed,caveat`.
    Csv,
}

/// `upcoming` in one of its layouts.
#[derive(Clone, Copy, Debug)]
pub struct UpcomingReport {
    /// The days shown.
    pub window: Window,
    /// How they are shown.
    pub layout: Layout,
}

impl Render for UpcomingReport {
    fn render(
        &self,
        projected: &[Projected<'_>],
        cx: &Context,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.write(&items(projected, self.window), cx, out)
    }
}

impl UpcomingReport {
    /// Writes items already gathered and sorted (see [`items`]).
    ///
    /// # Errors
    ///
    /// Only the writer's errors.
    pub fn write(&self, all: &[Upcoming<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        match self.layout {
            Layout::Text => self.text(all, cx, out),
            Layout::Json => self.json(all, cx, out),
            Layout::Csv => csv_rows(all, cx, out),
        }
    }

    fn text(&self, all: &[Upcoming<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let today = cx.horizon.today;
        writeln!(
            out,
            "from {} to {}: {} item(s)",
            self.window.from,
            self.window.to,
            all.len()
        )?;
        let id_w = all.iter().map(|u| u.treaty.id.len()).max().unwrap_or(0);
        let kind_w = all.iter().map(|u| u.kind.as_str().len()).max().unwrap_or(0);
        for u in all {
            let mark = super::assumed_mark(u.assumed);
            let when = countdown(today, u.date);
            let line = format!(
                "{}  {:<15}  {:<id_w$}  {:<kind_w$}  {}{mark}",
                u.date,
                when,
                u.treaty.id,
                u.kind.as_str(),
                // One line per item: a line feed in a note is shown, not
                // obeyed (it would forge a line that looks like an item).
                super::visible::one_line(&u.detail)
            );
            writeln!(out, "{}", line.trim_end())?;
        }
        // Each treaty's caveat once, after the list.
        let mut seen = std::collections::BTreeSet::new();
        for u in all {
            if let Some(c) = &u.treaty.caveat
                && seen.insert(&u.treaty.id)
            {
                writeln!(out)?;
                for line in
                    textwrap::wrap(&format!("caveat ({}): {c}", u.treaty.id), cx.width.max(40))
                {
                    writeln!(out, "{line}")?;
                }
            }
        }
        Ok(())
    }

    fn json(&self, all: &[Upcoming<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct Doc {
            from: NaiveDate,
            to: NaiveDate,
            items: Vec<UpcomingRow>,
        }
        let today = cx.horizon.today;
        let doc = Doc {
            from: self.window.from,
            to: self.window.to,
            items: all.iter().map(|u| row(u, today)).collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

fn csv_rows(all: &[Upcoming<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let today = cx.horizon.today;
    let mut w = csv::Writer::from_writer(out);
    let cell = |s: String| super::csv_cell(&s).into_owned();
    for u in all {
        let mut r = row(u, today);
        r.treaty = cell(r.treaty);
        r.party = r.party.map(cell);
        r.detail = cell(r.detail);
        r.caveat = r.caveat.map(cell);
        w.serialize(r).map_err(io::Error::other)?;
    }
    w.flush()
}
