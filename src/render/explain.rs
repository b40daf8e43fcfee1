//! `explain`: how every date of a projection was derived, step by step, so a
//! reader can check each one by hand.
//!
//! The arithmetic is redone here through [`calendar`] (never by hand) from
//! the facts the engine recorded: where each count of boundaries started,
//! the lengths summed since, which event or rule produced each period.

use std::io::{self, Write};

use chrono::NaiveDate;

use super::wording::period_number;
use super::{Context, Projected, Render, fit};
use crate::engine::calendar::{self, Span};
use crate::engine::{
    AnchorSource, Basis, Deadline, DeadlineKind, End, EndReason, EndRule, Period, PeriodKind,
    Projection, Withdrawal, WithdrawalRule,
};
use crate::model::{EventKind, RenewalMode, TakesEffect, TermDuration, Treaty};

/// The derivation of one or more dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derivation {
    /// What is derived, e.g. "period 3 (renewal, automatic)".
    pub title: String,
    /// The dates it produces.
    pub dates: Vec<NaiveDate>,
    /// The steps, each a line a reader can check.
    pub steps: Vec<String>,
}

/// `explain [--date DATE]`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Explain {
    /// Only the derivations producing this date.
    pub only: Option<NaiveDate>,
}

impl Render for Explain {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        for item in items {
            let t = item.treaty;
            for line in fit::wrap(&format!("{} ({})", t.display_name(), t.id), cx.width) {
                writeln!(out, "{line}")?;
            }
            if let Some(c) = &t.caveat {
                for line in fit::wrap_with(&format!("caveat: {c}"), cx.width, "  ", "  ") {
                    writeln!(out, "{line}")?;
                }
            }
            let all = derivations(t, &item.projection);
            let shown: Vec<&Derivation> = all
                .iter()
                .filter(|d| self.only.is_none_or(|day| d.dates.contains(&day)))
                .collect();
            if shown.is_empty()
                && let Some(day) = self.only
            {
                writeln!(out, "\n  no date of this treaty's projection is {day}")?;
            }
            for d in shown {
                writeln!(out)?;
                for line in fit::wrap_with(&d.title, cx.width, "", "  ") {
                    writeln!(out, "{line}")?;
                }
                for step in &d.steps {
                    for line in fit::wrap_with(step, cx.width, "  ", "    ") {
                        writeln!(out, "{line}")?;
                    }
                }
            }
            if self.only.is_none() {
                if let Some(clause) = &t.clause {
                    writeln!(out, "\nclause")?;
                    for para in clause.lines() {
                        for line in fit::wrap_with(para, cx.width, "  ", "  ") {
                            writeln!(out, "{line}")?;
                        }
                    }
                }
                if !t.sources.is_empty() {
                    writeln!(out, "\nsources")?;
                    // A URL is never split: one longer than the line stands
                    // alone on it, from the margin.
                    for src in &t.sources {
                        if src.chars().count() + 2 <= cx.width {
                            writeln!(out, "  {src}")?;
                        } else {
                            writeln!(out, "{src}")?;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

fn event_ref(t: &Treaty, i: Option<usize>) -> String {
    let Some(e) = i.and_then(|i| t.events.get(i)) else {
        return String::new();
    };
    let mut s = format!(
        "the recorded `{}` event of {} (line {})",
        e.kind.name(),
        e.date,
        e.line
    );
    if e.assumed {
        s = format!("the assumed `{}` event of {}", e.kind.name(), e.date);
    }
    if let Some(src) = &e.source {
        s.push_str(&format!(", source {src}"));
    }
    s
}

/// Every derivation for a projected treaty, in the order a reader checks
/// them: anchor, periods, end, deadlines, withdrawals, status.
pub fn derivations(t: &Treaty, p: &Projection) -> Vec<Derivation> {
    let mut out = vec![anchor(t, p)];
    for (k, period) in p.periods.iter().enumerate() {
        let previous = k.checked_sub(1).and_then(|j| p.periods.get(j));
        out.push(period_derivation(t, p, period, previous));
    }
    if let Some(end) = &p.end {
        out.push(end_derivation(t, p, end));
    }
    for d in &p.deadlines {
        out.push(deadline_derivation(t, p, d));
    }
    for w in &p.withdrawals {
        out.push(withdrawal_derivation(t, w));
    }
    let s = &p.status;
    let mut steps = vec![format!("state: {}", s.state.as_str())];
    if let (Some(i), end) = (s.period, s.period_end) {
        steps.push(format!(
            "{} falls in period {}, which ends {}",
            s.on,
            period_number(i),
            end.map_or_else(|| "never (open-ended)".to_owned(), |e| e.to_string())
        ));
    }
    out.push(Derivation {
        title: format!("status on {}", s.on),
        dates: vec![s.on],
        steps,
    });
    out
}

fn anchor(t: &Treaty, p: &Projection) -> Derivation {
    let why = match p.anchor_source {
        AnchorSource::Signed if t.in_force.is_some() => {
            "the date of signature (`term.from = \"signed\"`)"
        }
        AnchorSource::Signed => "the date of signature (no `in_force` given)",
        AnchorSource::InForce => "the date of entry into force",
        AnchorSource::Explicit => "the date `term.from` names",
    };
    Derivation {
        title: format!("anchor {}", p.anchor),
        dates: vec![p.anchor],
        steps: vec![
            format!("the anchor is {why}: {}", p.anchor),
            "every boundary is counted from it (or from where a recorded event restarted the count), never from the previous boundary".to_owned(),
        ],
    }
}

/// The arithmetic of `add(base, sum)`, one line per step.
fn addition_steps(base: NaiveDate, sum: Span) -> Vec<String> {
    let mut steps = Vec::new();
    let months_only = Span {
        months: sum.months,
        days: 0,
    };
    match calendar::add_span(base, months_only) {
        Some(step) if sum.months > 0 => {
            let asked = step.clamped_from.map_or_else(String::new, |day| {
                format!(" (day {day} does not exist in that month: clamped to its last day)")
            });
            let in_years = if sum.months >= 12 {
                format!(
                    " ({})",
                    Span {
                        months: sum.months,
                        days: 0
                    }
                )
            } else {
                String::new()
            };
            steps.push(format!(
                "{base} + {} months{in_years} = {}{asked}",
                sum.months, step.date
            ));
            if sum.days > 0 {
                let total = calendar::add_span(base, sum)
                    .map_or_else(|| "past 9999-12-31".to_owned(), |a| a.date.to_string());
                steps.push(format!("{} + {} days = {total}", step.date, sum.days));
            }
        }
        Some(_) => {
            let total = calendar::add_span(base, sum)
                .map_or_else(|| "past 9999-12-31".to_owned(), |a| a.date.to_string());
            steps.push(format!("{base} + {} days = {total}", sum.days));
        }
        None => steps.push(format!("{base} + {sum} is past 9999-12-31")),
    }
    steps
}

fn period_derivation(
    t: &Treaty,
    p: &Projection,
    period: &Period,
    previous: Option<&Period>,
) -> Derivation {
    let mut steps = Vec::new();
    let kind = match period.kind {
        PeriodKind::Initial => "initial term",
        PeriodKind::Renewal => "renewal",
        PeriodKind::Extension => "extension",
    };
    let end_text = period
        .end
        .map_or_else(|| "open-ended".to_owned(), |e| e.to_string());
    match previous {
        None => steps.push(format!("starts at the anchor, {}", period.start)),
        Some(prev) => steps.push(format!(
            "starts where period {} ends, {}",
            period_number(prev.index),
            period.start
        )),
    }
    let renewal_len = t.renewal.as_ref().and_then(|r| r.length).or(t
        .term
        .duration
        .length()
        .copied());
    match (period.basis, period.kind) {
        (Basis::Recorded, PeriodKind::Initial) => {
            let term = match &t.term.duration {
                TermDuration::Length(l) => format!("`term.length = \"{l}\"`"),
                TermDuration::Expires { written_as_last_day: true, .. } => "`term.last_day` (the day after is the first day out)".to_owned(),
                TermDuration::Expires { .. } => "`term.expires`".to_owned(),
                TermDuration::Indefinite => "`term.length = \"indefinite\"`".to_owned(),
            };
            steps.push(format!("exists by the initial term: {term}"));
        }
        (Basis::Recorded, _) => steps.push(format!("exists by {}", event_ref(t, period.event))),
        (Basis::Automatic, _) => {
            let max = t.renewal.as_ref().and_then(|r| r.max).map_or_else(|| "no limit".to_owned(), |m| format!("at most {m}"));
            steps.push(format!(
                "exists by the rule `renewal.mode = \"automatic\"` ({max}), no notice having ended the treaty; length {}",
                renewal_len.map_or_else(|| "-".to_owned(), |l| l.to_string())
            ));
        }
        (Basis::Possible, _) => steps.push(format!(
            "possible only: `renewal.mode = \"agreement\"` and no renewal is recorded, so the treaty ended on {}; the parties could have renewed it for {}",
            period.start,
            renewal_len.map_or_else(|| "-".to_owned(), |l| l.to_string())
        )),
    }
    match &period.end_rule {
        EndRule::Counted { base, sum, .. } => {
            let from = if *base == p.anchor {
                "the anchor".to_owned()
            } else {
                format!("{base}, where the count restarted")
            };
            steps.push(format!(
                "ends at {from} + {sum} (the lengths of the periods since, summed):"
            ));
            for s in addition_steps(*base, *sum) {
                steps.push(format!("  {s}"));
            }
        }
        EndRule::Fixed => steps.push(format!("ends on the fixed date the file gives: {end_text}")),
        EndRule::CutByRenewal => steps.push(format!(
            "cut short on {end_text} by a renewal that took effect that day"
        )),
        EndRule::CutByEnd => {
            let reason = p.end.as_ref().map_or("", |e| e.reason.as_str());
            steps.push(format!(
                "cut short on {end_text} by the treaty's end ({reason})"
            ));
        }
        EndRule::Open => steps.push(
            "has no end: the term is indefinite, or the next boundary would be after 9999-12-31"
                .to_owned(),
        ),
    }
    if let Some(last) = period.last_day() {
        steps.push(format!("last day in force: {last}"));
    }
    let mut dates = vec![period.start];
    dates.extend(period.end);
    Derivation {
        title: format!(
            "period {} ({kind}, {}): {} → {end_text}{}",
            period_number(period.index),
            period.basis.as_str(),
            period.start,
            super::assumed_mark(period.assumed)
        ),
        dates,
        steps,
    }
}

fn end_derivation(t: &Treaty, p: &Projection, end: &End) -> Derivation {
    let mut steps = Vec::new();
    let cause = event_ref(t, end.event);
    match end.reason {
        EndReason::Termination => steps.push(format!("terminated: {cause}")),
        EndReason::Withdrawal => steps.push(format!(
            "a party's withdrawal from a two-party treaty takes effect: {cause}"
        )),
        EndReason::NonRenewal => {
            steps.push(format!(
                "a non-renewal notice takes effect at this boundary: {cause}"
            ));
            if let Some(e) = end.event.and_then(|i| t.events.get(i)) {
                match t.renewal.as_ref().and_then(|r| r.notice) {
                    Some(n) => {
                        let reached = calendar::add(e.date, &n)
                            .map_or_else(|| "-".to_owned(), |d| d.to_string());
                        steps.push(format!(
                            "timely: {} + {n} = {reached}, on or before {}",
                            e.date, end.date
                        ));
                    }
                    None => steps.push(format!(
                        "timely: received {}, before {} (the clause sets no notice period)",
                        e.date, end.date
                    )),
                }
            }
        }
        EndReason::Expiry if end.event.is_some() => steps.push(format!("recorded expiry: {cause}")),
        EndReason::Expiry => {
            let why = match t.renewal.as_ref() {
                None => "the treaty has no renewal clause".to_owned(),
                Some(r) if r.mode == RenewalMode::None => "`renewal.mode = \"none\"`".to_owned(),
                Some(r) if r.mode == RenewalMode::Agreement => {
                    "`renewal.mode = \"agreement\"` and no renewal is recorded for this boundary"
                        .to_owned()
                }
                Some(r) => format!(
                    "`renewal.max = {}` renewals are used up",
                    r.max.unwrap_or(0)
                ),
            };
            steps.push(format!("the rules stop renewing here: {why}"));
        }
    }
    let holding = p.periods.iter().any(|x| x.end_rule == EndRule::CutByEnd);
    if holding {
        steps.push("the period holding this day is cut there".to_owned());
    }
    steps.push(
        "on the same day, termination wins over withdrawal, non-renewal and expiry, in that order"
            .to_owned(),
    );
    Derivation {
        title: format!(
            "end {} ({}){}",
            end.date,
            end.reason.as_str(),
            super::assumed_mark(end.assumed)
        ),
        dates: vec![end.date],
        steps,
    }
}

fn deadline_derivation(t: &Treaty, p: &Projection, d: &Deadline) -> Derivation {
    let mut steps = Vec::new();
    let mut dates = vec![d.date];
    match d.kind {
        DeadlineKind::NonRenewalNotice => {
            let notice = t.renewal.as_ref().and_then(|r| r.notice);
            if let (Some(n), Some(b)) = (notice, d.boundary) {
                steps.push(format!(
                    "period {} ends on {b}; a non-renewal notice must be received `renewal.notice = \"{n}\"` before it",
                    d.period
                        .map_or_else(|| "-".to_owned(), |i| period_number(i).to_string())
                ));
                let guess = calendar::sub(b, &n).map_or_else(|| "-".to_owned(), |g| g.to_string());
                steps.push(format!("{b} - {n} = {guess}"));
                let reach = |x: NaiveDate| {
                    calendar::add(x, &n)
                        .map_or_else(|| "past 9999-12-31".to_owned(), |r| r.to_string())
                };
                steps.push(format!(
                    "last safe day: the last day d with d + {n} before {b}: {} (+ {n} = {})",
                    d.date,
                    reach(d.date)
                ));
                if let Some(next) = calendar::next_day(d.date) {
                    steps.push(format!("  the day after, {next} + {n} = {}, no longer leaves the notice period fully run", reach(next)));
                }
                if let Some(latest) = d.latest {
                    dates.push(latest);
                    steps.push(format!(
                        "lenient reading: the last day d with d + {n} on or before {b}: {latest} (+ {n} = {})",
                        reach(latest)
                    ));
                }
            }
            let _ = p;
        }
        DeadlineKind::WithdrawalOpens => {
            let earliest = t
                .withdrawal
                .earliest
                .map_or_else(|| "-".to_owned(), |l| l.to_string());
            steps.push(format!("`withdrawal.earliest = \"{earliest}\"` from the anchor {}: notice may be given from {}", p.anchor, d.date));
        }
        DeadlineKind::WithdrawalEffective => {
            steps.push(format!(
                "{} leaves the treaty on {} (see the withdrawal below)",
                d.party.as_deref().unwrap_or("a party"),
                d.date
            ));
        }
    }
    let party = d
        .party
        .as_deref()
        .map_or_else(String::new, |p| format!(" ({p})"));
    Derivation {
        title: format!(
            "deadline {} {}{party}{}",
            d.date,
            d.kind.as_str(),
            super::assumed_mark(d.assumed)
        ),
        dates,
        steps,
    }
}

fn withdrawal_derivation(t: &Treaty, w: &Withdrawal) -> Derivation {
    let mut steps = Vec::new();
    let party = w.party.as_deref().unwrap_or("a party");
    let cause = event_ref(t, w.event);
    match &w.rule {
        WithdrawalRule::Clause { after_notice } => {
            let n = t.withdrawal.notice;
            let notice = w.notice.map_or_else(|| "-".to_owned(), |d| d.to_string());
            steps.push(format!("notice received {notice} ({cause})"));
            steps.push(format!("{notice} + `withdrawal.notice = \"{n}\"` = {after_notice}"));
            let rule = match t.withdrawal.takes_effect {
                TakesEffect::Anniversary => format!("`takes_effect = \"anniversary\"`: on that day, {}", w.effective),
                TakesEffect::DayAfter => format!("`takes_effect = \"day-after\"`: the day after, {}", w.effective),
                TakesEffect::FirstOfMonthAfter => {
                    format!("`takes_effect = \"first-of-month-after\"`: the first day of the next month, {}", w.effective)
                }
                TakesEffect::EndOfFollowingYear => format!(
                    "`takes_effect = \"end-of-following-year\"`: 31 December of the year after the notice's, so the first day out is {}",
                    w.effective
                ),
            };
            steps.push(rule);
        }
        WithdrawalRule::Named => steps.push(format!("the notice names its effective date, {} ({cause})", w.effective)),
        WithdrawalRule::Recorded => steps.push(format!("recorded as taking effect on {}", w.effective)),
        WithdrawalRule::NonRenewal => steps.push(format!(
            "a non-renewal notice ({cause}) takes {party} out at the end of the period it was timely for, {}; the treaty renews for the others",
            w.effective
        )),
    }
    if !t.is_bilateral() {
        steps.push("the treaty has more than two parties, so it goes on for the others".to_owned());
    }
    if let Some(EventKind::Notice {
        revoked: Some(r), ..
    }) = w.event.and_then(|i| t.events.get(i)).map(|e| &e.kind)
    {
        steps.push(format!("(revoked {r})"));
    }
    Derivation {
        title: format!(
            "withdrawal of {party} effective {}{}",
            w.effective,
            super::assumed_mark(w.assumed)
        ),
        dates: vec![w.effective],
        steps,
    }
}
