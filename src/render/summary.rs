//! The facts the human-readable reports share, as plain text.
//!
//! Markdown, HTML, SVG and iCalendar all say the same things about a treaty
//! (its state, the period holding today, what happens at the next boundary,
//! the next deadline, what each event was). They are worded once here, so a
//! reader gets the same sentence whichever format they open, and each
//! renderer only adds its own markup and escaping.

use chrono::NaiveDate;

use super::wording::{countdown, period_number, what_next};
pub(crate) use super::wording::{current_period, event_text, events_by_date, kind_name};
use super::{Projected, assumed_mark};
use crate::engine::{Basis, Deadline, DeadlineKind, Projection, State};
use crate::model::{RenewalMode, TakesEffect, TermDuration, Treaty};

/// A table the Markdown and HTML reports both show, its cells unescaped:
/// the reports take the columns and cell contents from here, and each
/// writes them in its own syntax with its own escaping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Table {
    /// The columns, left to right.
    pub(crate) columns: Vec<Column>,
    /// The rows, each with one cell a column.
    pub(crate) rows: Vec<Vec<Cell>>,
}

/// A table column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Column {
    /// The column's heading.
    pub(crate) head: &'static str,
    /// Whether it holds numbers, which are aligned right.
    pub(crate) numeric: bool,
}

const fn column(head: &'static str) -> Column {
    Column {
        head,
        numeric: false,
    }
}

const fn numeric(head: &'static str) -> Column {
    Column {
        head,
        numeric: true,
    }
}

/// A table cell: its text, unescaped, and what kind of text it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    /// The text shown.
    pub(crate) text: String,
    /// What the text is, which decides its markup.
    pub(crate) kind: CellKind,
}

/// What a cell holds, for the markup each report gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CellKind {
    /// A date, a number or the report's own wording, shown as it is.
    Value,
    /// Text from the file or worded from it; HTML marks the dates in it up.
    Prose,
    /// A period's basis; HTML styles the cell by it.
    Basis(Basis),
    /// A treaty's name, linking to its section (the anchor is its id).
    Link(String),
}

impl Cell {
    fn value(text: impl ToString) -> Cell {
        Cell {
            text: text.to_string(),
            kind: CellKind::Value,
        }
    }

    fn prose(text: String) -> Cell {
        Cell {
            text,
            kind: CellKind::Prose,
        }
    }
}

/// What a table shows where there is nothing to show.
const NONE: &str = "—";

fn or_none(value: Option<impl ToString>) -> String {
    value.map_or_else(|| NONE.to_owned(), |v| v.to_string())
}

/// A titled table of a treaty's details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Section {
    /// The heading.
    pub(crate) title: &'static str,
    /// The table, or what to say instead when it has no rows.
    pub(crate) body: Result<Table, &'static str>,
}

/// The facts listed under a treaty's heading, one line each: parties, dates,
/// rules, status and end.
pub(crate) fn detail_facts(t: &Treaty, p: &Projection, today: NaiveDate) -> Vec<String> {
    let signed = match t.in_force {
        Some(f) => format!("Signed {}; in force {f}", t.signed),
        None if t.pending => format!("Signed {}; not in force (pending)", t.signed),
        None => format!("Signed {}; entry into force not recorded", t.signed),
    };
    let end = match &p.end {
        Some(e) => format!(
            "End: {} ({}; last day in force {}){}",
            e.date,
            e.reason.as_str(),
            end_text(e.date.pred_opt()),
            assumed_mark(e.assumed)
        ),
        None => "End: none projected".to_owned(),
    };
    vec![
        format!("Parties: {}", t.parties.join(", ")),
        signed,
        format!("Rules: {}", rules_text(t, p)),
        format!("Status on {today}: {}", state_text(p)),
        end,
    ]
}

/// The summary table: one row a treaty, as of `today`.
pub(crate) fn summary_table(items: &[Projected<'_>], today: NaiveDate) -> Table {
    let rows = items
        .iter()
        .map(|item| {
            let row = summary_row(item, today);
            vec![
                Cell {
                    text: item.treaty.display_name().to_owned(),
                    kind: CellKind::Link(item.treaty.id.clone()),
                },
                Cell::prose(row.state),
                Cell::prose(or_none(row.current)),
                Cell::prose(or_none(row.next_boundary)),
                Cell::prose(or_none(row.next_deadline)),
            ]
        })
        .collect();
    Table {
        columns: vec![
            column("Treaty"),
            column("State"),
            column("Current period"),
            column("Next boundary"),
            column("Next deadline"),
        ],
        rows,
    }
}

/// The tables of a treaty's details, in report order: periods, deadlines,
/// and withdrawals when there are any.
pub(crate) fn detail_sections(p: &Projection) -> Vec<Section> {
    let or_say = |table: Table, none: &'static str| {
        if table.rows.is_empty() {
            Err(none)
        } else {
            Ok(table)
        }
    };
    let mut sections = vec![
        Section {
            title: "Periods",
            body: or_say(
                periods_table(p),
                "None listed: the treaty ended before it began.",
            ),
        },
        Section {
            title: "Deadlines",
            body: or_say(deadlines_table(p), "None."),
        },
    ];
    if !p.withdrawals.is_empty() {
        sections.push(Section {
            title: "Withdrawals",
            body: Ok(withdrawals_table(p)),
        });
    }
    // v2 section M: who is bound when, for treaties of more than two parties.
    let mut parties: Vec<&str> = p.members.iter().map(|m| m.party.as_str()).collect();
    parties.sort_unstable();
    parties.dedup();
    if parties.len() > 2 {
        sections.push(Section {
            title: "Members",
            body: Ok(members_table(p)),
        });
    }
    if !p.milestones.is_empty() {
        sections.push(Section {
            title: "Milestones",
            body: Ok(Table {
                columns: vec![column("Date"), column("Milestone")],
                rows: p
                    .milestones
                    .iter()
                    .map(|m| vec![Cell::value(m.date), Cell::prose(m.title.clone())])
                    .collect(),
            }),
        });
    }
    if !p.readings.is_empty() {
        sections.push(Section {
            title: "Readings",
            body: Ok(readings_table(p)),
        });
    }
    sections
}

/// One row per membership span (v2 section M), in the order of the
/// projection (by first day bound, then party).
pub(crate) fn members_table(p: &Projection) -> Table {
    let rows = p
        .members
        .iter()
        .map(|m| {
            vec![
                Cell::prose(m.party.clone()),
                Cell::value(m.from),
                Cell::value(or_none(m.until)),
                Cell::value(or_none(m.left.map(|l| l.as_str()))),
            ]
        })
        .collect();
    Table {
        columns: vec![
            column("Party"),
            column("Bound from"),
            column("Until (first day not bound)"),
            column("Left by"),
        ],
        rows,
    }
}

/// One row per reading (v2 section R): why, where from, and what it gives
/// beside the base.
fn readings_table(p: &Projection) -> Table {
    let rows = p
        .readings
        .iter()
        .map(|r| {
            let rp = &r.projection;
            let end = rp
                .end
                .as_ref()
                .map(|e| format!("{} ({})", e.date, e.reason.as_str()));
            let next = rp
                .next_boundary_after(rp.status.on)
                .map(|b| format!("{b} {}", super::readings::at_boundary(rp, b)));
            vec![
                Cell::value(&r.name),
                Cell::prose(or_none(r.why.as_deref())),
                Cell::prose(super::readings::state_text(rp)),
                Cell::value(or_none(end)),
                Cell::prose(or_none(next)),
                Cell::prose(or_none(r.source.as_deref())),
            ]
        })
        .collect();
    Table {
        columns: vec![
            column("Reading"),
            column("Why"),
            column("State"),
            column("End"),
            column("Next boundary"),
            column("Source"),
        ],
        rows,
    }
}

fn periods_table(p: &Projection) -> Table {
    let rows = p
        .periods
        .iter()
        .map(|period| {
            vec![
                Cell::value(period_number(period.index)),
                Cell::value(kind_name(period.kind)),
                Cell {
                    text: format!(
                        "{}{}",
                        basis_name(period.basis),
                        assumed_mark(period.assumed)
                    ),
                    kind: CellKind::Basis(period.basis),
                },
                Cell::value(period.start),
                Cell::value(end_text(period.end)),
                Cell::value(or_none(period.last_day())),
            ]
        })
        .collect();
    Table {
        columns: vec![
            numeric("#"),
            column("Kind"),
            column("Basis"),
            column("Start"),
            column("End (first day out)"),
            column("Last day in force"),
        ],
        rows,
    }
}

fn deadlines_table(p: &Projection) -> Table {
    let rows = p
        .deadlines
        .iter()
        .map(|d| {
            vec![
                Cell::value(d.date),
                Cell::value(deadline_label(d.kind)),
                Cell::prose(format!("{}{}", deadline_text(d), assumed_mark(d.assumed))),
                Cell::value(or_none(d.latest)),
                Cell::value(or_none(d.period.map(period_number))),
            ]
        })
        .collect();
    Table {
        columns: vec![
            column("Date"),
            column("Kind"),
            column("What"),
            column("Lenient reading"),
            numeric("Period"),
        ],
        rows,
    }
}

fn withdrawals_table(p: &Projection) -> Table {
    let rows = p
        .withdrawals
        .iter()
        .map(|w| {
            vec![
                Cell::prose(or_none(w.party.as_deref())),
                Cell::value(or_none(w.notice)),
                Cell::value(format!(
                    "{}{}",
                    w.effective,
                    if w.by_non_renewal {
                        " (non-renewal)"
                    } else {
                        ""
                    }
                )),
            ]
        })
        .collect();
    Table {
        columns: vec![
            column("Party"),
            column("Notice received"),
            column("Effective (first day not bound)"),
        ],
        rows,
    }
}

/// One row of the summary table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SummaryRow {
    /// "in force", "ended 2019-04-01 (non-renewal)", "not yet in force".
    pub(crate) state: String,
    /// The period holding today, e.g. "period 3: renewal (automatic), 2021-07-11 → 2041-07-11".
    pub(crate) current: Option<String>,
    /// The next boundary and what happens there.
    pub(crate) next_boundary: Option<String>,
    /// The next deadline and what it asks for.
    pub(crate) next_deadline: Option<String>,
}

/// The summary-row facts for one treaty on `today`.
pub(crate) fn summary_row(item: &Projected<'_>, today: NaiveDate) -> SummaryRow {
    let t = item.treaty;
    let p = &item.projection;
    let current = current_period(p).map(|h| {
        format!(
            "period {}: {} ({}), {} → {}",
            period_number(h.index),
            kind_name(h.kind),
            h.basis.as_str(),
            h.start,
            end_text(h.end)
        )
    });
    let next_boundary = (p.status.state != State::Ended)
        .then(|| p.status.period_end.or_else(|| p.next_boundary_after(today)))
        .flatten()
        .map(|b| format!("{b}: {}, {}", what_next(t, p, b), countdown(today, b)));
    let next_deadline = p.next_deadline_from(today).map(|d| {
        format!(
            "{}: {}, {}",
            d.date,
            deadline_text(d),
            countdown(today, d.date)
        )
    });
    SummaryRow {
        state: state_text(p),
        current,
        next_boundary,
        next_deadline,
    }
}

/// The state on the projection's day, in a few words.
pub(crate) fn state_text(p: &Projection) -> String {
    match p.status.state {
        State::NotInForce => "not yet in force".to_owned(),
        State::InForce => match p.status.period_end {
            Some(e) => format!("in force until {e}"),
            None => "in force, open-ended".to_owned(),
        },
        State::Ended => match &p.end {
            Some(e) => format!("ended {} ({})", e.date, e.reason.as_str()),
            None => "ended".to_owned(),
        },
    }
}

/// A period's end date, or "open-ended".
pub(crate) fn end_text(end: Option<NaiveDate>) -> String {
    end.map_or_else(|| "open-ended".to_owned(), |e| e.to_string())
}

/// What a deadline asks for or announces, as a sentence fragment.
pub(crate) fn deadline_text(d: &Deadline) -> String {
    d.describe()
}

/// A short label for a deadline's kind, for table columns and legends.
pub(crate) fn deadline_label(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::NonRenewalNotice => "non-renewal notice",
        DeadlineKind::WithdrawalOpens => "withdrawal opens",
        DeadlineKind::WithdrawalEffective => "withdrawal takes effect",
        DeadlineKind::WithdrawalWindow => "denunciation window",
        DeadlineKind::SurvivalEnds => "survival ends",
    }
}

/// The rules of the clause in one paragraph: term, renewal, withdrawal.
pub(crate) fn rules_text(t: &Treaty, p: &Projection) -> String {
    let from = match p.anchor_source {
        crate::engine::AnchorSource::Signed => "signature",
        crate::engine::AnchorSource::InForce => "entry into force",
        crate::engine::AnchorSource::Explicit => "the date the file names",
    };
    let term = match &t.term.duration {
        TermDuration::Length(l) => format!("Term {l} from {from} ({}).", p.anchor),
        TermDuration::Expires { expires, .. } => {
            format!(
                "Term from {from} ({}) to {expires} (first day out).",
                p.anchor
            )
        }
        TermDuration::Indefinite => format!("Indefinite term from {from} ({}).", p.anchor),
    };
    let renewal = match &t.renewal {
        None => " Does not renew.".to_owned(),
        Some(r) if r.mode == RenewalMode::UntilDenounced => {
            let n = r.notice.map(|n| n.to_string()).unwrap_or_default();
            let whom = match r.ends {
                crate::model::Ends::Treaty => ", for every party",
                crate::model::Ends::Party => "",
            };
            format!(
                " Then in force until {n} after a notice{whom} (a notice timely for the term's end ends it there)."
            )
        }
        Some(r) => {
            let mut s = match r.mode {
                RenewalMode::Automatic => " Renews automatically".to_owned(),
                RenewalMode::Agreement => " Renews only by agreement".to_owned(),
                RenewalMode::None | RenewalMode::UntilDenounced => " Does not renew".to_owned(),
            };
            if r.mode != RenewalMode::None {
                if let Some(l) = r.length.or(t.term.duration.length().copied()) {
                    s.push_str(&format!(" for {l} at a time"));
                }
                if let Some(m) = r.max {
                    s.push_str(&format!(", at most {m} times"));
                }
                if let Some(n) = r.notice {
                    s.push_str(&format!("; non-renewal notice {n} before a period ends"));
                }
            }
            if r.ends == crate::model::Ends::Treaty {
                s.push_str("; one party's non-renewal ends it for all");
            }
            s.push('.');
            s
        }
    };
    let w = &t.withdrawal;
    let effect = match w.takes_effect {
        TakesEffect::Anniversary => "when the notice period has run",
        TakesEffect::DayAfter => "the day after the notice period has run",
        TakesEffect::FirstOfMonthAfter => "on the first of the month after the notice period",
        TakesEffect::EndOfFollowingYear => "at the end of the year after the notice",
    };
    let withdrawal = if w.declared {
        let mut withdrawal = format!(" Withdrawal: {} notice, taking effect {effect}", w.notice);
        if let Some(e) = w.earliest {
            let from = match w.earliest_from {
                crate::model::EarliestFrom::Treaty => "after the anchor",
                crate::model::EarliestFrom::Party => "after the party is bound",
            };
            withdrawal.push_str(&format!(", allowed from {e} {from}"));
        }
        if let Some((every, window)) = w.windows {
            withdrawal.push_str(&format!(", only within {window} after each {every}"));
        }
        if w.ends == crate::model::Ends::Treaty {
            withdrawal.push_str("; one party's withdrawal ends it for all");
        }
        withdrawal.push('.');
        withdrawal
    } else {
        " No withdrawal clause: no unilateral right of withdrawal (VCLT Art. 56(1)).".to_owned()
    };
    let survival = match &t.survival {
        Some(s) => format!(
            " Obligations survive {} after a withdrawal or the end.",
            s.length
        ),
        None => String::new(),
    };
    format!("{term}{renewal}{withdrawal}{survival}")
}

/// The basis as shown to readers ("recorded", "automatic", "possible").
pub(crate) fn basis_name(b: Basis) -> &'static str {
    b.as_str()
}

/// The display name used in charts and headings: `short`, else the id (a
/// full title is too long for a lane or a calendar summary).
pub(crate) fn short_name(t: &Treaty) -> &str {
    t.short.as_deref().unwrap_or(&t.id)
}

/// For the renderers' unit tests: one treaty from TOML, projected with
/// today pinned to 2026-11-29.
#[cfg(test)]
pub(crate) mod fixture {
    use chrono::NaiveDate;

    use crate::model::load::parse_treaty;
    use crate::render::{Context, Projected, Render, to_string};

    /// Calls `f` with the treaty `toml` (id `id`) projected, and the context.
    pub(crate) fn with_projected<R>(
        id: &str,
        toml: &str,
        f: impl FnOnce(&Projected<'_>, &Context) -> R,
    ) -> R {
        let t = parse_treaty(id, toml).unwrap();
        let cx = Context::plain(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        let item = Projected {
            projection: crate::project(&t, &cx.horizon).unwrap(),
            treaty: &t,
        };
        f(&item, &cx)
    }

    /// The treaty `toml` (id `id`) rendered by `r`.
    pub(crate) fn render_one(r: &dyn Render, id: &str, toml: &str) -> String {
        with_projected(id, toml, |item, cx| {
            to_string(r, std::slice::from_ref(item), cx)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::with_projected;
    use super::*;

    #[test]
    fn every_row_has_a_cell_for_every_column() {
        let toml = r#"
title = "T"
parties = ["A", "B"]
signed = 2000-01-01
[term]
length = "5y"
[renewal]
mode = "automatic"
notice = "6m"
[[event]]
date = 2012-06-01
kind = "notice"
effect = "withdrawal"
party = "A"
"#;
        with_projected("t", toml, |item, cx| {
            let sections = detail_sections(&item.projection);
            let summary = summary_table(std::slice::from_ref(item), cx.horizon.today);
            assert_eq!(sections.len(), 3);
            let tables = sections.into_iter().map(|s| s.body.unwrap());
            for table in std::iter::once(summary).chain(tables) {
                assert!(!table.rows.is_empty(), "{table:?}");
                for row in &table.rows {
                    assert_eq!(row.len(), table.columns.len(), "{row:?}");
                }
            }
        });
    }
}
