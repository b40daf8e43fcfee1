//! `report --format csv` (and `project --format csv`): one row per period,
//! end, deadline and event, for spreadsheets and scripts.
//!
//! The header is fixed; columns may be added at the end, never renamed,
//! dropped or reordered:
//!
//! | column | holds |
//! | --- | --- |
//! | `treaty` | the treaty id |
//! | `record` | `period`, `end`, `deadline`, `member`, `milestone`, `reading`, `event` or `caveat` |
//! | `kind` | period: `initial`, `renewal`, `extension`; end: its reason (`termination`, `withdrawal`, `non-renewal`, `expiry`); deadline: `non-renewal-notice`, `withdrawal-opens`, `withdrawal-effective`; event: the file's `kind` |
//! | `date` | period: its start; member: the first day bound; otherwise the date (`YYYY-MM-DD`) |
//! | `end` | period: the first day after it (empty when open-ended); deadline: the boundary a notice deadline protects; member: the first day no longer bound; reading: its end |
//! | `basis` | period: `recorded`, `automatic` or `possible` |
//! | `period` | period: its index; deadline: the period it belongs to |
//! | `party` | the party concerned, where there is one |
//! | `latest` | notice deadline: the last day on the lenient reading |
//! | `effect` | notice event: `non-renewal` or `withdrawal` |
//! | `assumed` | `true` when a hypothetical (`--assume`) event produced or moved it |
//! | `note` | event: its note; milestone: its title; reading: why it exists; caveat: the treaty's caveat |
//! | `source` | event: its source |
//!
//! Rows come treaty by treaty in the order given; within a treaty: periods
//! in order, the end, deadlines in the engine's order, membership spans (v2:
//! `kind` is how the span ended, `withdrawal`, `succession` or `end`),
//! milestones, readings (`kind` is the reading's name, `basis` its state),
//! events by date, and last the treaty's caveat, when it has one.
//! Quoting follows RFC 4180 (the `csv` crate), so notes with commas, quotes
//! or line breaks survive. A text cell starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return is written with a leading `'` so that no
//! spreadsheet runs it as a formula ([`super::csv_cell`]).

use std::io::{self, Write};

use chrono::NaiveDate;

use super::summary::events_by_date;
use super::{Context, Projected, Render};
use crate::model::EventKind;

/// The CSV report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Csv;

/// The header row.
pub const HEADER: [&str; 13] = [
    "treaty", "record", "kind", "date", "end", "basis", "period", "party", "latest", "effect",
    "assumed", "note", "source",
];

/// One row, by column.
#[derive(Default)]
struct Row<'a> {
    treaty: &'a str,
    record: &'static str,
    kind: &'a str,
    date: Option<NaiveDate>,
    end: Option<NaiveDate>,
    basis: &'static str,
    period: Option<usize>,
    party: Option<&'a str>,
    latest: Option<NaiveDate>,
    effect: &'static str,
    assumed: bool,
    note: Option<&'a str>,
    source: Option<&'a str>,
}

impl Row<'_> {
    fn fields(&self) -> [String; 13] {
        let day = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
        let text = |s: &str| super::csv_cell(s).into_owned();
        [
            text(self.treaty),
            self.record.to_owned(),
            self.kind.to_owned(),
            day(self.date),
            day(self.end),
            self.basis.to_owned(),
            self.period.map_or_else(String::new, |i| i.to_string()),
            text(self.party.unwrap_or_default()),
            day(self.latest),
            self.effect.to_owned(),
            self.assumed.to_string(),
            text(self.note.unwrap_or_default()),
            text(self.source.unwrap_or_default()),
        ]
    }
}

fn rows<'a>(item: &'a Projected<'a>) -> Vec<Row<'a>> {
    let t = item.treaty;
    let p = &item.projection;
    let mut rows = Vec::new();
    for period in &p.periods {
        rows.push(Row {
            treaty: &t.id,
            record: "period",
            kind: period.kind.as_str(),
            date: Some(period.start),
            end: period.end,
            basis: period.basis.as_str(),
            period: Some(period.index),
            assumed: period.assumed,
            ..Row::default()
        });
    }
    if let Some(e) = &p.end {
        rows.push(Row {
            treaty: &t.id,
            record: "end",
            kind: e.reason.as_str(),
            date: Some(e.date),
            assumed: e.assumed,
            ..Row::default()
        });
    }
    for d in &p.deadlines {
        rows.push(Row {
            treaty: &t.id,
            record: "deadline",
            kind: d.kind.as_str(),
            date: Some(d.date),
            end: d.boundary,
            period: d.period,
            party: d.party.as_deref(),
            latest: d.latest,
            assumed: d.assumed,
            ..Row::default()
        });
    }
    for m in &p.members {
        rows.push(Row {
            treaty: &t.id,
            record: "member",
            kind: m.left.map_or("", |l| l.as_str()),
            date: Some(m.from),
            end: m.until,
            party: Some(&m.party),
            ..Row::default()
        });
    }
    for m in &p.milestones {
        rows.push(Row {
            treaty: &t.id,
            record: "milestone",
            kind: "milestone",
            date: Some(m.date),
            note: Some(&m.title),
            ..Row::default()
        });
    }
    for r in &p.readings {
        rows.push(Row {
            treaty: &t.id,
            record: "reading",
            kind: &r.name,
            date: Some(r.projection.status.on),
            end: r.projection.end.as_ref().map(|e| e.date),
            basis: r.projection.status.state.as_str(),
            period: r.projection.status.period,
            note: r.why.as_deref(),
            source: r.source.as_deref(),
            ..Row::default()
        });
    }
    for e in events_by_date(t) {
        let effect = match &e.kind {
            EventKind::Notice { effect, .. } => effect.as_str(),
            _ => "",
        };
        rows.push(Row {
            treaty: &t.id,
            record: "event",
            kind: e.kind.name(),
            date: Some(e.date),
            party: e.kind.party(),
            effect,
            assumed: e.assumed,
            note: e.note.as_deref(),
            source: e.source.as_deref(),
            ..Row::default()
        });
    }
    if let Some(c) = &t.caveat {
        rows.push(Row {
            treaty: &t.id,
            record: "caveat",
            note: Some(c),
            ..Row::default()
        });
    }
    rows
}

impl Render for Csv {
    fn render(
        &self,
        items: &[Projected<'_>],
        _cx: &Context,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(out);
        w.write_record(HEADER).map_err(super::csv_error)?;
        for item in items {
            for row in rows(item) {
                w.write_record(row.fields()).map_err(super::csv_error)?;
            }
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::summary::fixture::render_one;

    #[test]
    fn notes_with_commas_quotes_and_newlines_are_quoted() {
        let out = render_one(
            &Csv,
            "t",
            r#"
title = "T"
parties = ["A", "B"]
signed = 2000-01-01
[term]
length = "5y"
[[event]]
date = 2001-01-01
kind = "note"
note = "said \"no\", then\nyes"
"#,
        );
        let mut r = ::csv::Reader::from_reader(out.as_bytes());
        let headers = r.headers().unwrap().clone();
        assert_eq!(headers.iter().collect::<Vec<_>>(), HEADER);
        let rows: Vec<_> = r.records().map(|r| r.unwrap()).collect();
        let note = rows.iter().find(|r| &r[1] == "event").unwrap();
        assert_eq!(&note[11], "said \"no\", then\nyes");
        assert_eq!(rows.iter().filter(|r| &r[1] == "period").count(), 1);
        assert_eq!(rows.iter().filter(|r| &r[1] == "end").count(), 1);
    }
}
