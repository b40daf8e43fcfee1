//! `list`: the treaties of the dataset, one line each: id, short title,
//! parties, state and tags.

use std::io::{self, Write};

use serde::Serialize;

use super::{Context, Projected, Render, fit, paint};
use crate::engine::State;

/// `list` in one of its formats.
#[derive(Clone, Copy, Debug)]
pub struct List {
    /// Text, JSON or CSV.
    pub format: ListFormat,
}

/// How `list` writes its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// Aligned text fitted to the width.
    Text,
    /// A JSON array of [`ListRow`]s.
    Json,
    /// CSV with the header `id,name,parties,state,tags`.
    Csv,
}

/// One treaty in `list`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListRow {
    /// The id.
    pub id: String,
    /// The short title (the title when the file gives none).
    pub name: String,
    /// The parties, `; `-separated in CSV.
    pub parties: Vec<String>,
    /// `not-in-force`, `in-force` or `ended` on today.
    pub state: &'static str,
    /// The tags.
    pub tags: Vec<String>,
}

impl ListRow {
    /// The row of one projected treaty.
    pub fn new(item: &Projected<'_>) -> ListRow {
        ListRow {
            id: item.treaty.id.clone(),
            name: item.treaty.display_name().to_owned(),
            parties: item.treaty.parties.clone(),
            state: item.projection.status.state.as_str(),
            tags: item.treaty.tags.clone(),
        }
    }
}

impl Render for List {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            ListFormat::Text => text(items, cx, out),
            ListFormat::Json => {
                let rows: Vec<ListRow> = items.iter().map(ListRow::new).collect();
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                writeln!(out)
            }
            ListFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(["id", "name", "parties", "state", "tags"])
                    .map_err(super::csv_error)?;
                for item in items {
                    let r = ListRow::new(item);
                    w.write_record([
                        r.id.as_str(),
                        r.name.as_str(),
                        r.parties.join("; ").as_str(),
                        r.state,
                        r.tags.join(" ").as_str(),
                    ])
                    .map_err(super::csv_error)?;
                }
                w.flush()
            }
        }
    }
}

fn text(items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let rows = items
        .iter()
        .map(|item| {
            let t = item.treaty;
            let p = &item.projection;
            let name = t.display_name();
            let parties = match t.parties.as_slice() {
                [a, b] => vec![
                    format!("{a}, {b}"),
                    format!("{a}, {b}"),
                    "2 parties".to_owned(),
                ],
                [a, rest @ ..] => vec![
                    t.parties.join(", "),
                    format!("{a} and {} more", rest.len()),
                    format!("{} parties", t.parties.len()),
                ],
                [] => vec![String::new()],
            };
            let state = match (p.status.state, &p.end) {
                (State::Ended, Some(e)) => vec![format!("ended {}", e.date), "ended".to_owned()],
                (State::Ended, None) => vec!["ended".to_owned()],
                (State::InForce, _) => vec!["in force".to_owned()],
                (State::NotInForce, _) => vec!["not yet in force".to_owned()],
            };
            let tags = match t.tags.as_slice() {
                [] => vec![String::new()],
                [one] => vec![one.clone()],
                [first, rest @ ..] => vec![t.tags.join(" "), format!("{first} +{}", rest.len())],
            };
            vec![
                fit::Cell::one(t.id.clone()),
                fit::Cell::forms(state),
                fit::Cell::forms(parties),
                fit::Cell::forms(tags),
                fit::Cell::forms(vec![
                    name.to_owned(),
                    fit::truncate(name, 40),
                    fit::truncate(name, 24),
                    fit::truncate(name, 16),
                    fit::truncate(name, 10),
                ]),
            ]
        })
        .collect();
    let table = fit::Table {
        head: vec!["TREATY", "STATE", "PARTIES", "TAGS", "NAME"],
        rows,
    };
    let bold = anstyle::Style::new().bold();
    for line in table.lines(cx.width, |h| paint(cx.color, bold, h)) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", super::status::treaties(items.len()))
}
