//! `project --format text`: the projection as a readable table per treaty.

use std::io::{self, Write};

use super::wording::{first_sentence, period_number};
use super::{Context, Projected, Render, assumed_mark, countdown, fit, paint};
use crate::engine::{Basis, EndRule, State};
use crate::model::TermDuration;

/// The plain-text projection.
#[derive(Clone, Copy, Debug, Default)]
pub struct Text;

/// Writes `text` wrapped to the width, continuation lines under its value
/// column (12 spaces in).
fn fitted(out: &mut dyn Write, cx: &Context, text: &str) -> io::Result<()> {
    for line in fit::wrap_with(text, cx.width, "", "            ") {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

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
            let head = format!("{} ({})", t.display_name(), t.id);
            if fit::width(&head) <= cx.width {
                writeln!(
                    out,
                    "{} ({})",
                    paint(cx.color, bold, t.display_name()),
                    t.id
                )?;
            } else {
                for line in fit::wrap(&head, cx.width) {
                    writeln!(out, "{}", paint(cx.color, bold, &line))?;
                }
            }
            if t.short.is_some() {
                for line in fit::wrap_with(&t.title, cx.width, "  ", "  ") {
                    writeln!(out, "{line}")?;
                }
            }
            fitted(out, cx, &format!("  parties   {}", t.parties.join(", ")))?;
            fitted(
                out,
                cx,
                &format!(
                    "  signed    {}   in force {}   anchor {} (from {})",
                    t.signed,
                    dash(t.in_force),
                    p.anchor,
                    p.anchor_source.as_str()
                ),
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
            fitted(out, cx, &format!("  term      {term}   renewal {renewal}"))?;
            if let Some(c) = &t.caveat {
                // The first sentence, marked; the whole with --caveats.
                let text = if cx.caveats {
                    c.clone()
                } else {
                    let first = first_sentence(c);
                    if first.len() < c.trim_end().len() {
                        format!("† {first} (`--caveats` for the rest)")
                    } else {
                        format!("† {first}")
                    }
                };
                fitted(out, cx, &format!("  caveat    {text}"))?;
            }
            writeln!(out)?;
            let mut rows = Vec::new();
            for period in &p.periods {
                let note = match (&period.end_rule, period.basis) {
                    (_, Basis::Possible) => "if the parties agree".to_owned(),
                    (EndRule::CutByEnd, _) => "cut short by the end".to_owned(),
                    (EndRule::CutByRenewal, _) => "cut short by a renewal".to_owned(),
                    (EndRule::Open, _) => "open-ended".to_owned(),
                    _ => String::new(),
                };
                let mark = assumed_mark(period.assumed);
                rows.push(vec![
                    fit::Cell::one(format!("{:>3}", period_number(period.index))),
                    fit::Cell::one(period.kind.as_str()),
                    fit::Cell::one(period.start.to_string()),
                    fit::Cell::one(dash(period.end)),
                    fit::Cell::one(dash(period.last_day())),
                    fit::Cell::one(period.basis.as_str()),
                    fit::Cell::one(format!("{note}{mark}")),
                ]);
            }
            let table = fit::Table {
                head: vec!["  #", "kind", "start", "end", "last day", "basis", "note"],
                rows,
            };
            for line in table.lines(cx.width.saturating_sub(2), str::to_owned) {
                writeln!(out, "  {line}")?;
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
                        .map_or_else(String::new, |i| format!("period {}: ", period_number(i)));
                    let what = format!("{period}{}", d.describe_with_latest());
                    let line = format!(
                        "{}  {what}, {}{}",
                        d.date,
                        countdown(today, d.date),
                        assumed_mark(d.assumed)
                    );
                    for l in fit::wrap_with(&line, cx.width, "    ", "                ") {
                        writeln!(out, "{l}")?;
                    }
                }
            }
            if !p.withdrawals.is_empty() {
                writeln!(out, "  withdrawals")?;
                for w in &p.withdrawals {
                    let line = format!(
                        "{}  {} (notice {}){}",
                        w.effective,
                        w.party.as_deref().unwrap_or("a party"),
                        dash(w.notice),
                        assumed_mark(w.assumed)
                    );
                    for l in fit::wrap_with(&line, cx.width, "    ", "                ") {
                        writeln!(out, "{l}")?;
                    }
                }
            }
            let s = &p.status;
            let state = match s.state {
                State::InForce => match (s.period, s.period_end) {
                    (Some(i), Some(e)) => {
                        format!("in force, period {} until {e}", period_number(i))
                    }
                    (Some(i), None) => {
                        format!("in force, period {} (open-ended)", period_number(i))
                    }
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
            fitted(out, cx, &format!("  status    on {}: {state}", s.on))?;
            if let Some(party) = &p.focus {
                fitted(
                    out,
                    cx,
                    &format!(
                        "  party     {}",
                        p.party_state(party, s.on).describe(party, s.on)
                    ),
                )?;
            }
            if !p.members.is_empty() && !t.is_bilateral() {
                writeln!(out, "  members")?;
                for m in &p.members {
                    let until = m.until.map_or_else(
                        || "-".to_owned(),
                        |u| format!("{u} ({})", m.left.map_or("", |l| l.as_str())),
                    );
                    let line = format!("    {}: {} → {until}", m.party, m.from);
                    for l in fit::wrap_with(&line, cx.width, "", "      ") {
                        writeln!(out, "{l}")?;
                    }
                }
            }
            if !p.milestones.is_empty() {
                writeln!(out, "  milestones")?;
                for m in &p.milestones {
                    let line = format!("    {}  {}", m.date, m.title);
                    for l in fit::wrap_with(&line, cx.width, "", "                ") {
                        writeln!(out, "{l}")?;
                    }
                }
            }
            for line in super::readings::status_lines(item) {
                for l in fit::wrap_with(&line, cx.width, "  ", "    ") {
                    writeln!(out, "{l}")?;
                }
            }
        }
        Ok(())
    }
}
