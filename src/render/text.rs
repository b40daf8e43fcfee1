//! `project --format text`: the projection as a readable table per treaty.

use std::io::{self, Write};

use super::{Context, Projected, Render, assumed_mark, countdown, paint};
use crate::engine::{Basis, EndRule, State};
use crate::model::TermDuration;

/// The plain-text projection.
#[derive(Clone, Copy, Debug, Default)]
pub struct Text;

fn dash(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "-".to_owned(), |d| d.to_string())
}

impl Render for Text {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let bold = anstyle::Style::new().bold();
        let today = cx.horizon.today;
        for (n, item) in items.iter().enumerate() {
            let t = item.treaty;
            let p = &item.projection;
            if n > 0 {
                writeln!(out)?;
            }
            writeln!(
                out,
                "{} ({})",
                paint(cx.color, bold, t.display_name()),
                t.id
            )?;
            if t.short.is_some() {
                for line in textwrap::wrap(&t.title, cx.width.saturating_sub(2).max(20)) {
                    writeln!(out, "  {line}")?;
                }
            }
            writeln!(out, "  parties   {}", t.parties.join(", "))?;
            writeln!(
                out,
                "  signed    {}   in force {}   anchor {} (from {})",
                t.signed,
                dash(t.in_force),
                p.anchor,
                p.anchor_source.as_str()
            )?;
            let term = match &t.term.duration {
                TermDuration::Length(l) => l.to_string(),
                TermDuration::Expires {
                    expires,
                    written_as_last_day: false,
                } => format!("until {expires} (exclusive)"),
                TermDuration::Expires {
                    expires,
                    written_as_last_day: true,
                } => {
                    format!(
                        "until and including {}",
                        dash(crate::engine::calendar::previous_day(*expires))
                    )
                }
                TermDuration::Indefinite => "indefinite".to_owned(),
            };
            let renewal = match &t.renewal {
                Some(r) => {
                    let mut s = r.mode.as_str().to_owned();
                    if let Some(l) = r.length {
                        s.push_str(&format!(", {l} each"));
                    }
                    if let Some(m) = r.max {
                        s.push_str(&format!(", at most {m}"));
                    }
                    if let Some(n) = r.notice {
                        s.push_str(&format!(", notice {n}"));
                    }
                    s
                }
                None => "none".to_owned(),
            };
            writeln!(out, "  term      {term}   renewal {renewal}")?;
            if let Some(c) = &t.caveat {
                let wrapped = textwrap::wrap(c, cx.width.saturating_sub(12).max(20));
                for (i, line) in wrapped.iter().enumerate() {
                    let head = if i == 0 {
                        "  caveat    "
                    } else {
                        "            "
                    };
                    writeln!(out, "{head}{line}")?;
                }
            }
            writeln!(out)?;
            writeln!(
                out,
                "  {:>3}  {:<9}  {:<10}  {:<10}  {:<10}  {:<9}  note",
                "#", "kind", "start", "end", "last day", "basis"
            )?;
            for period in &p.periods {
                let note = match (&period.end_rule, period.basis) {
                    (_, Basis::Possible) => "if the parties agree".to_owned(),
                    (EndRule::CutByEnd, _) => "cut short by the end".to_owned(),
                    (EndRule::CutByRenewal, _) => "cut short by a renewal".to_owned(),
                    (EndRule::Open, _) => "open-ended".to_owned(),
                    _ => String::new(),
                };
                let mark = assumed_mark(period.assumed);
                let row = format!(
                    "  {:>3}  {:<9}  {:<10}  {:<10}  {:<10}  {:<9}  {note}{mark}",
                    period.index,
                    period.kind.as_str(),
                    period.start,
                    dash(period.end),
                    dash(period.last_day()),
                    period.basis.as_str(),
                );
                writeln!(out, "{}", row.trim_end())?;
            }
            writeln!(out)?;
            match &p.end {
                Some(e) => writeln!(
                    out,
                    "  end       {} ({}){}",
                    e.date,
                    e.reason.as_str(),
                    assumed_mark(e.assumed)
                )?,
                None => writeln!(out, "  end       none projected")?,
            }
            if p.deadlines.is_empty() {
                writeln!(out, "  deadlines none")?;
            } else {
                writeln!(out, "  deadlines")?;
                for d in &p.deadlines {
                    let period = d
                        .period
                        .map_or_else(String::new, |i| format!("period {i}: "));
                    let what = format!("{period}{}", d.describe_with_latest());
                    writeln!(
                        out,
                        "    {}  {what}  ({}){}",
                        d.date,
                        countdown(today, d.date),
                        assumed_mark(d.assumed)
                    )?;
                }
            }
            if !p.withdrawals.is_empty() {
                writeln!(out, "  withdrawals")?;
                for w in &p.withdrawals {
                    writeln!(
                        out,
                        "    {}  {} (notice {}){}",
                        w.effective,
                        w.party.as_deref().unwrap_or("a party"),
                        dash(w.notice),
                        assumed_mark(w.assumed)
                    )?;
                }
            }
            let s = &p.status;
            let state = match s.state {
                State::InForce => match (s.period, s.period_end) {
                    (Some(i), Some(e)) => format!("in force, period {i} until {e}"),
                    (Some(i), None) => format!("in force, period {i} (open-ended)"),
                    _ => "in force".to_owned(),
                },
                State::Ended => format!(
                    "ended{}",
                    p.end.as_ref().map_or(String::new(), |e| format!(
                        " {} ({})",
                        e.date,
                        e.reason.as_str()
                    ))
                ),
                State::NotInForce if p.pending => {
                    format!("not in force (signed {}, pending)", t.signed)
                }
                State::NotInForce => "not yet in force".to_owned(),
            };
            writeln!(out, "  status    on {}: {state}", s.on)?;
            if let Some(party) = &p.focus {
                writeln!(
                    out,
                    "  party     {}",
                    p.party_state(party, s.on).describe(party, s.on)
                )?;
            }
            if !p.members.is_empty() && !t.is_bilateral() {
                writeln!(out, "  members")?;
                for m in &p.members {
                    let until = m.until.map_or_else(
                        || "-".to_owned(),
                        |u| format!("{u} ({})", m.left.map_or("", |l| l.as_str())),
                    );
                    writeln!(out, "    {:<24} {} → {until}", m.party, m.from)?;
                }
            }
            if !p.milestones.is_empty() {
                writeln!(out, "  milestones")?;
                for m in &p.milestones {
                    writeln!(out, "    {}  {}", m.date, m.title)?;
                }
            }
            for line in super::readings::status_lines(item) {
                writeln!(out, "  {line}")?;
            }
        }
        Ok(())
    }
}
