//! Load treaties from the bundled dataset, project them and render them the
//! way the CLI does: the terminal timeline and the JSON projection.
//!
//! `cargo run --example render -- sino-dprk-1961 ru-ua-1997`

use std::io::Write;

use chrono::NaiveDate;
use treatyline::dataset::{self, Dataset};
use treatyline::render::{Context, Projected, Render, json::Json, timeline::Timeline};
use treatyline::{Horizon, project};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut ids: Vec<String> = std::env::args().skip(1).collect();
    if ids.is_empty() {
        ids.push("sino-dprk-1961".to_owned());
    }
    // `./data` when it exists (as in this repository), else the dataset
    // compiled into the library.
    let dataset = Dataset::choose(None);
    let mut loaded = Vec::new();
    for id in &ids {
        // Problems come back as a report naming file:line:column.
        let file = dataset.find(id).map_err(|r| r.render(false, 80))?;
        loaded.push(dataset::load(&file).map_err(|r| r.render(false, 80))?);
    }

    let today = NaiveDate::from_ymd_opt(2026, 11, 29).ok_or("invalid date")?;
    let horizon = Horizon::from_today(today);
    let mut items = Vec::new();
    for l in &loaded {
        let projection = project(&l.treaty, &horizon).map_err(|p| format!("{p:?}"))?;
        items.push(Projected {
            treaty: &l.treaty,
            projection,
        });
    }

    // A renderer writes to any `io::Write`; the context says today, the
    // horizon, colour and width.
    let cx = Context {
        color: false,
        width: 100,
        ..Context::plain(today)
    };
    let mut out = std::io::stdout().lock();
    Timeline::default().render(&items, &cx, &mut out)?;
    writeln!(out)?;
    Json.render(&items, &cx, &mut out)?;
    Ok(())
}
