//! `upcoming`: boundaries, deadlines, possible renewals and events in a
//! window, soonest first, across treaties.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use super::wording::{countdown, countdown_short};
use super::{Context, Projected, Render, fit};
use crate::engine::upcoming::{self, Upcoming};

/// The window `from..=to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// Whether readings' items are included (`--readings`).
    pub readings: bool,
}

/// Every item of every treaty in the window, sorted.
pub fn items<'a>(projected: &'a [Projected<'a>], w: Window) -> Vec<Upcoming<'a>> {
    let mut all: Vec<Upcoming<'a>> = projected
        .iter()
        .flat_map(|p| {
            let mut items = upcoming::upcoming(p.treaty, &p.projection, w.from, w.to);
            if w.readings {
                items.extend(upcoming::reading_items(
                    p.treaty,
                    &p.projection,
                    w.from,
                    w.to,
                ));
            }
            items
        })
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
    /// The reading it comes from (`--readings`), if not the base.
    pub reading: Option<String>,
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
        reading: u.reading.clone(),
        caveat: u.treaty.caveat.clone(),
    }
}

/// How `upcoming` lays its items out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Aligned text fitted to the width; caveats as markers, or each once after the list with `--caveats`.
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
        let head = format!(
            "from {} to {}: {}",
            self.window.from,
            self.window.to,
            match all.len() {
                1 => "1 item".to_owned(),
                n => format!("{n} items"),
            }
        );
        for line in fit::wrap(&head, cx.width) {
            writeln!(out, "{line}")?;
        }
        let rows = all
            .iter()
            .map(|u| {
                let mark = super::assumed_mark(u.assumed);
                let id = if u.treaty.caveat.is_some() && !cx.caveats {
                    format!("{} †", u.treaty.id)
                } else {
                    u.treaty.id.clone()
                };
                vec![
                    fit::Cell::one(u.date.to_string()),
                    fit::Cell::forms(vec![
                        countdown(today, u.date),
                        countdown_short(today, u.date),
                    ]),
                    fit::Cell::one(id),
                    fit::Cell::forms(vec![
                        u.kind.as_str().to_owned(),
                        kind_word(u.kind).to_owned(),
                    ]),
                    // One line per item: a line feed in a note is shown, not
                    // obeyed (it would forge a line that looks like an item).
                    fit::Cell::one(format!("{}{mark}", super::visible::one_line(&u.detail))),
                ]
            })
            .collect();
        let table = fit::Table {
            head: Vec::new(),
            rows,
        };
        for line in table.lines(cx.width, str::to_owned) {
            writeln!(out, "{line}")?;
        }
        // Each treaty's caveat once, after the list: whole with --caveats,
        // else a footnote to the markers.
        let mut seen = std::collections::BTreeSet::new();
        let with_caveat: Vec<&Upcoming<'_>> = all
            .iter()
            .filter(|u| u.treaty.caveat.is_some() && seen.insert(&u.treaty.id))
            .collect();
        if with_caveat.is_empty() {
            return Ok(());
        }
        if !cx.caveats {
            for line in fit::wrap(super::status::CAVEAT_NOTE, cx.width) {
                writeln!(out, "{line}")?;
            }
            return Ok(());
        }
        for u in with_caveat {
            if let Some(c) = &u.treaty.caveat {
                writeln!(out)?;
                for line in fit::wrap(&format!("caveat ({}): {c}", u.treaty.id), cx.width) {
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

/// The kind in a word, for narrow terminals.
fn kind_word(kind: upcoming::UpcomingKind) -> &'static str {
    match kind {
        upcoming::UpcomingKind::Deadline(k) => super::wording::deadline_word(k),
        upcoming::UpcomingKind::PossibleRenewal => "may renew",
        other => other.as_str(),
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
        w.serialize(r).map_err(super::csv_error)?;
    }
    w.flush()
}
