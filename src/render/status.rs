//! `status`: each treaty's state on a day, its period, and what comes next
//! (the next boundary and the next deadline, with countdowns).

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use super::summary::deadline_label;
use super::wording::{
    boundary_word, countdown, countdown_short, deadline_word, first_sentence, period_number,
    what_next,
};
use super::{Context, Projected, Render, assumed_mark, fit, paint};
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

/// One line per treaty: its state, next boundary and next deadline, fitted
/// to the width; a caveat shows as a `†` marker (and, for one treaty, its
/// first sentence), or whole with `--caveats`.
#[derive(Clone, Copy, Debug, Default)]
pub struct StatusText;

impl Render for StatusText {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        if items.len() > 1 {
            let on = cx.horizon.today;
            let count = |s: State| {
                items
                    .iter()
                    .filter(|i| i.projection.status.state == s)
                    .count()
            };
            let mut parts = vec![treaties(items.len())];
            for (state, words) in [
                (State::InForce, "in force"),
                (State::Ended, "ended"),
                (State::NotInForce, "not yet in force"),
            ] {
                let n = count(state);
                if n > 0 {
                    parts.push(format!("{n} {words}"));
                }
            }
            for line in fit::wrap_with(
                &format!("on {on}: {}", parts.join(", ")),
                cx.width,
                "",
                "  ",
            ) {
                writeln!(out, "{line}")?;
            }
        }
        write_overview(items, cx, out)
    }
}

/// The footnote to the `†` markers of a whole-dataset view.
pub(crate) const CAVEAT_NOTE: &str = "† a caveat qualifies the treaty's dates: `treatyline status ID` shows its first sentence, `--caveats` every caveat in full";

/// "1 treaty", "40 treaties".
pub(crate) fn treaties(n: usize) -> String {
    if n == 1 {
        "1 treaty".to_owned()
    } else {
        format!("{n} treaties")
    }
}

/// The overview the whole-dataset views share (`status`, and `timeline` of
/// several treaties): a heading, one line per treaty, the lines each
/// treaty adds under its row ([`lines_under`]), and the caveat footnote.
pub(crate) fn write_overview(
    items: &[Projected<'_>],
    cx: &Context,
    out: &mut dyn Write,
) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let single = items.len() == 1;
    let bold = anstyle::Style::new().bold();
    let mut marked = false;
    // Rows are fitted together (their columns align); the lines under a
    // row go between them.
    let table = fit::Table {
        head: vec!["TREATY", "STATE", "NEXT BOUNDARY", "NEXT DEADLINE"],
        rows: items
            .iter()
            .map(|item| {
                marked |= item.treaty.caveat.is_some() && !cx.caveats;
                overview_row(item, cx)
            })
            .collect(),
    };
    let lines = table.lines(cx.width, |h| paint(cx.color, bold, h));
    let mut lines = lines.into_iter();
    if let Some(head) = lines.next() {
        writeln!(out, "{head}")?;
    }
    // A row may have wrapped onto several lines: the rows' own lines are
    // those up to the next row's first line, which starts with its id.
    let all: Vec<String> = lines.collect();
    let mut at = 0;
    for (n, item) in items.iter().enumerate() {
        let next_id = items.get(n + 1).map(|i| i.treaty.id.as_str());
        while let Some(line) = all.get(at) {
            if at > 0 && next_id.is_some_and(|id| starts_row(line, id)) {
                break;
            }
            writeln!(out, "{line}")?;
            at += 1;
            if next_id.is_some_and(|id| all.get(at).is_some_and(|l| starts_row(l, id))) {
                break;
            }
        }
        for line in lines_under(item, cx, single) {
            writeln!(out, "{line}")?;
        }
    }
    for line in all.iter().skip(at) {
        writeln!(out, "{line}")?;
    }
    if marked && !single {
        for line in fit::wrap(CAVEAT_NOTE, cx.width) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn starts_row(line: &str, id: &str) -> bool {
    line.strip_prefix(id)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// The lines a treaty adds under its overview row: its caveat (whole with
/// `--caveats`; its first sentence when it is the only treaty shown). The
/// place for any other per-treaty line a whole-dataset view should show.
pub(crate) fn lines_under(item: &Projected<'_>, cx: &Context, single: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let p = &item.projection;
    let on = p.status.on;
    // v2: the party asked about, the next milestone, each differing reading.
    if let Some(party) = &p.focus {
        lines.extend(fit::wrap_with(
            &p.party_state(party, on).describe(party, on),
            cx.width,
            "  ",
            "    ",
        ));
    }
    if let Some(m) = p
        .next_milestone_from(on)
        .filter(|_| p.status.state != State::Ended)
    {
        lines.extend(fit::wrap_with(
            &format!(
                "next milestone {} {}, {}",
                m.date,
                m.title,
                countdown(on, m.date)
            ),
            cx.width,
            "  ",
            "    ",
        ));
    }
    for line in super::readings::status_lines(item) {
        lines.extend(fit::wrap_with(&line, cx.width, "  ", "    "));
    }
    if let Some(c) = &item.treaty.caveat {
        let text = if cx.caveats {
            Some(c.clone())
        } else if single {
            let first = first_sentence(c);
            Some(if first.len() < c.trim_end().len() {
                format!("{first} (`--caveats` for the rest)")
            } else {
                first.to_owned()
            })
        } else {
            None
        };
        if let Some(text) = text {
            lines.extend(fit::wrap_with(&text, cx.width, "  † ", "    "));
        }
    }
    lines
}

/// The cells of one treaty's overview row.
fn overview_row(item: &Projected<'_>, cx: &Context) -> Vec<fit::Cell> {
    let t = item.treaty;
    let p = &item.projection;
    let on = p.status.on;
    let id = if t.caveat.is_some() && !cx.caveats {
        format!("{} †", t.id)
    } else {
        t.id.clone()
    };
    let mut row = vec![fit::Cell::one(id)];
    match p.status.state {
        State::Ended => {
            let text = match &p.end {
                Some(e) => format!(
                    "ended {} ({}){}",
                    e.date,
                    e.reason.as_str(),
                    assumed_mark(e.assumed)
                ),
                None => "ended".to_owned(),
            };
            row.push(fit::Cell::spilling(text));
            return row;
        }
        State::InForce => {
            let n = p.status.period.map(period_number);
            row.push(fit::Cell::forms(match n {
                Some(n) => vec![format!("in force, period {n}"), "in force".to_owned()],
                None => vec!["in force".to_owned()],
            }));
        }
        State::NotInForce if p.pending => row.push(fit::Cell::forms(vec![
            format!("not in force (signed {})", t.signed),
            "not in force".to_owned(),
        ])),
        State::NotInForce => row.push(fit::Cell::one("not yet in force")),
    }
    let boundary = p
        .status
        .period_end
        .or_else(|| p.next_boundary_after(on))
        .filter(|b| *b > on);
    row.push(match boundary {
        Some(b) => {
            let changed = p.end.as_ref().is_some_and(|e| e.date == b && e.assumed)
                || p.periods
                    .iter()
                    .chain(p.current.iter())
                    .any(|x| x.start == b && x.assumed);
            let mark = assumed_mark(changed);
            fit::Cell::forms(vec![
                format!("{b} {}, {}{mark}", what_next(t, p, b), countdown(on, b)),
                format!(
                    "{b} {}, {}{mark}",
                    boundary_word(p, b),
                    countdown_short(on, b)
                ),
                format!("{b} {}{mark}", boundary_word(p, b)),
            ])
        }
        // In force with no boundary ahead: an indefinite treaty, or an open
        // last period.
        None if p.status.state == State::InForce && p.status.period_end.is_none() => {
            fit::Cell::one("none (open-ended)")
        }
        None => fit::Cell::one("none"),
    });
    row.push(match p.next_deadline_from(on) {
        Some(d) => {
            let mark = assumed_mark(d.assumed);
            fit::Cell::forms(vec![
                format!(
                    "{} {}, {}{mark}",
                    d.date,
                    deadline_label(d.kind),
                    countdown(on, d.date)
                ),
                format!(
                    "{} {}, {}{mark}",
                    d.date,
                    deadline_label(d.kind),
                    countdown_short(on, d.date)
                ),
                format!("{} {}{mark}", d.date, deadline_word(d.kind)),
            ])
        }
        None => fit::Cell::one("none"),
    });
    row
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
            w.serialize(row).map_err(super::csv_error)?;
        }
        w.flush()
    }
}
