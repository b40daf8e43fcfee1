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
            for r in item
                .projection
                .readings
                .iter()
                .filter(|_| self.only.is_none())
            {
                writeln!(out, "\nreading {}", r.name)?;
                let mut lines = Vec::new();
                if let Some(why) = &r.why {
                    lines.push(format!("why: {why}"));
                }
                if let Some(src) = &r.source {
                    lines.push(format!("source: {src}"));
                }
                lines.push(format!(
                    "{} (`treatyline explain {} --reading {}` derives its dates)",
                    super::readings::state_text(&r.projection),
                    t.id,
                    r.name
                ));
                for line in lines {
                    for l in fit::wrap_with(&line, cx.width, "  ", "    ") {
                        writeln!(out, "{l}")?;
                    }
                }
            }
            if let Some(name) = &t.reading {
                writeln!(out, "\n(as the reading `{name}` has it)")?;
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
    // Membership is worth deriving where it is not simply "both parties,
    // from entry into force": multilateral treaties, deposits, accessions,
    // successions.
    let members_matter = !t.is_bilateral()
        || p.members
            .iter()
            .any(|m| !matches!(m.basis, crate::engine::MemberBasis::Original));
    for m in p.members.iter().filter(|_| members_matter) {
        out.push(member_derivation(t, p, m));
    }
    for m in &p.milestones {
        out.push(milestone_derivation(t, p, m));
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
    if p.pending {
        steps.push(format!(
            "`in_force = \"pending\"`: signed {} but not in force, so no period, deadline or member",
            t.signed
        ));
    }
    if !s.bound.is_empty() && members_matter {
        steps.push(format!("bound that day: {}", s.bound.join(", ")));
    }
    out.push(Derivation {
        title: format!("status on {}", s.on),
        dates: vec![s.on],
        steps,
    });
    out
}

/// How a party's membership span was found (v2 section M): "deposited
/// 2011-08-30 + 60d = 2011-10-29 -> first day of the next month:
/// 2011-11-01".
fn member_derivation(t: &Treaty, p: &Projection, m: &crate::engine::Membership) -> Derivation {
    use crate::engine::MemberBasis;
    let start_of_force = t.in_force.unwrap_or(p.anchor);
    let mut steps = Vec::new();
    match &m.basis {
        MemberBasis::Original => steps.push(format!(
            "an original party: bound from the treaty's start of force, {start_of_force}"
        )),
        MemberBasis::Deposited {
            deposit,
            after,
            first_of_month,
            from_start_of_force,
        } => {
            let mut line = format!("deposited {deposit}");
            if let (Some(a), Some(len)) = (after, &t.membership.in_force_after) {
                line.push_str(&format!(" + {len} = {a}"));
            }
            if *first_of_month {
                let base = after.unwrap_or(*deposit);
                let first = calendar::first_of_next_month(base)
                    .map_or_else(|| "-".to_owned(), |d| d.to_string());
                line.push_str(&format!(" -> first day of the next month: {first}"));
            }
            steps.push(line);
            if *from_start_of_force {
                steps.push(format!(
                    "that is before the treaty's entry into force, so bound from {start_of_force}"
                ));
            }
        }
        MemberBasis::Joined { date } => steps.push(format!(
            "joined {date}: bound from {}",
            (*date).max(start_of_force)
        )),
        MemberBasis::Succeeded { predecessor } => steps.push(format!(
            "succeeded {predecessor} on {}: continues its membership from that day",
            m.from
        )),
    }
    match (m.until, m.left) {
        (Some(u), Some(left)) => steps.push(format!(
            "no longer bound from {u} ({}){}",
            left.as_str(),
            match left {
                crate::engine::Left::Withdrawal => p
                    .withdrawals
                    .iter()
                    .find(|w| w.party.as_deref() == Some(m.party.as_str()) && w.effective == u)
                    .map_or_else(String::new, |w| format!(
                        ": see the withdrawal effective {}",
                        w.effective
                    )),
                _ => String::new(),
            }
        )),
        _ => steps.push("still bound (no withdrawal, succession or end)".to_owned()),
    }
    let mut dates = vec![m.from];
    dates.extend(m.until);
    Derivation {
        title: format!(
            "member {}: {} → {}",
            m.party,
            m.from,
            m.until
                .map_or_else(|| "open-ended".to_owned(), |u| u.to_string())
        ),
        dates,
        steps,
    }
}

/// How a milestone's date was found (v2 section S).
fn milestone_derivation(
    t: &Treaty,
    p: &Projection,
    m: &crate::engine::MilestoneDate,
) -> Derivation {
    let mut steps = Vec::new();
    if let Some(def) = t.milestones.get(m.milestone) {
        match (&def.at, &def.every) {
            (crate::model::MilestoneAt::Date(d), _) => {
                steps.push(format!("the file gives the date: {d}"));
            }
            (crate::model::MilestoneAt::After(a), Some(e)) => steps.push(format!(
                "`after = \"{a}\"`, `every = \"{e}\"`: the anchor {} + {a} + k × {e}, counted from the anchor like boundaries",
                p.anchor
            )),
            (crate::model::MilestoneAt::After(a), None) => {
                steps.push(format!("the anchor {} + {a} = {}", p.anchor, m.date));
            }
        }
        if let Some(n) = &def.note {
            steps.push(n.clone());
        }
        if let Some(src) = &def.source {
            steps.push(format!("source {src}"));
        }
    }
    steps.push("a milestone changes no date".to_owned());
    Derivation {
        title: format!("milestone {} {}", m.date, m.title),
        dates: vec![m.date],
        steps,
    }
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
        PeriodKind::Continuing => "continuing",
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
        (Basis::Automatic, PeriodKind::Continuing) => {
            let n = t
                .renewal
                .as_ref()
                .and_then(|r| r.notice)
                .map_or_else(|| "-".to_owned(), |l| l.to_string());
            steps.push(format!(
                "exists by the rule `renewal.mode = \"until-denounced\"`: no notice was timely for the fixed end, so the treaty continues until {n} after a notice"
            ));
        }
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
        EndRule::Continuing => steps.push(
            "has no end of its own: it runs until a notice takes effect (`add(notice date, renewal.notice)`)"
                .to_owned(),
        ),
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
        EndReason::TooFewParties => {
            let min = t.term.min_parties.unwrap_or(2);
            steps.push(format!(
                "fewer than `term.min_parties = {min}` of the listed parties are bound from this day{}",
                if cause.is_empty() { String::new() } else { format!(": {cause}") }
            ));
        }
        EndReason::NonRenewal
            if matches!(
                t.renewal.as_ref().map(|r| r.mode),
                Some(crate::model::RenewalMode::UntilDenounced)
            ) && p
                .periods
                .iter()
                .any(|x| x.kind == PeriodKind::Continuing && x.end == Some(end.date)) =>
        {
            steps.push(format!("a notice ends the continuing period: {cause}"));
            if let (Some(e), Some(n)) = (
                end.event.and_then(|i| t.events.get(i)),
                t.renewal.as_ref().and_then(|r| r.notice),
            ) {
                let term_end = p
                    .periods
                    .first()
                    .and_then(|x| x.end)
                    .map_or_else(|| "-".to_owned(), |d| d.to_string());
                steps.push(format!(
                    "the term ended {term_end}; a notice received {} + {n} = {}",
                    e.date, end.date
                ));
            }
        }
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
            let from = match (&d.party, t.withdrawal.earliest_from) {
                (Some(party), _) => {
                    let start = p
                        .members
                        .iter()
                        .find(|m| {
                            &m.party == party
                                && calendar::add(
                                    m.from,
                                    &t.withdrawal.earliest.unwrap_or(crate::Length::days(1)),
                                ) == Some(d.date)
                        })
                        .map_or_else(|| "-".to_owned(), |m| m.from.to_string());
                    format!("{party}'s first day bound, {start}")
                }
                (None, crate::model::EarliestFrom::Party) => {
                    format!("the start of force, {}", t.in_force.unwrap_or(p.anchor))
                }
                (None, crate::model::EarliestFrom::Treaty) => format!("the anchor {}", p.anchor),
            };
            steps.push(format!(
                "`withdrawal.earliest = \"{earliest}\"` from {from}: notice may be given from {}",
                d.date
            ));
        }
        DeadlineKind::WithdrawalWindow => {
            if let Some((every, window)) = t.withdrawal.windows {
                let until = d.until.map_or_else(|| "-".to_owned(), |u| u.to_string());
                let last = d
                    .until
                    .and_then(calendar::previous_day)
                    .map_or_else(|| "-".to_owned(), |u| u.to_string());
                steps.push(format!(
                    "`withdrawal.every = \"{every}\"`, `window = \"{window}\"`: a window opens at the anchor {} + k × {every}",
                    p.anchor
                ));
                steps.push(format!(
                    "this window: {} + {window} = {until}, so a notice may be received from {} to {last} inclusive",
                    d.date, d.date
                ));
                if let Some(u) = d.until {
                    dates.push(u);
                }
            }
        }
        DeadlineKind::SurvivalEnds => {
            let len = t
                .survival
                .as_ref()
                .map_or_else(|| "-".to_owned(), |s| s.length.to_string());
            let from = match &d.party {
                Some(party) => p
                    .withdrawals
                    .iter()
                    .find(|w| {
                        w.party.as_deref() == Some(party.as_str())
                            && w.survives_until == Some(d.date)
                    })
                    .map_or_else(
                        || "-".to_owned(),
                        |w| format!("{party}'s withdrawal on {}", w.effective),
                    ),
                None => p.end.as_ref().map_or_else(
                    || "-".to_owned(),
                    |e| format!("the treaty's end on {}", e.date),
                ),
            };
            steps.push(format!(
                "`[survival] length = \"{len}\"`: obligations survive {from} by {len}, until {} (first day no longer protected)",
                d.date
            ));
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
        WithdrawalRule::Continuing => steps.push(format!(
            "a notice ({cause}) received after the term's end could be met takes {party} out `renewal.notice` after receipt, on {}",
            w.effective
        )),
        WithdrawalRule::Postponed => {
            if let Some(notice) = w.notice {
                let (_, clause) = clause_effective_text(t, notice);
                steps.push(format!("notice received {notice} ({cause}); by the clause it would take effect {clause}"));
            }
            for (i, d) in &w.postponed {
                let on = t.events.get(*i).map_or_else(|| "-".to_owned(), |e| e.date.to_string());
                steps.push(format!("postponed on {on} to {d} ({})", event_ref(t, Some(*i))));
            }
        }
        WithdrawalRule::NonRenewal => steps.push(format!(
            "a non-renewal notice ({cause}) takes {party} out at the end of the period it was timely for, {}; the treaty renews for the others",
            w.effective
        )),
    }
    if !t.withdrawal.declared && !w.by_non_renewal {
        steps.push("the treaty has no withdrawal clause: the notice is honoured as recorded, taking effect 12 months after receipt (VCLT Art. 56(2))".to_owned());
    }
    if let Some(until) = w.survives_until {
        steps.push(format!("obligations survive until {until} (`[survival]`)"));
    }
    if t.withdrawal.ends == crate::model::Ends::Treaty && !w.by_non_renewal {
        steps.push("`withdrawal.ends = \"treaty\"`: it ends the treaty for every party".to_owned());
    } else if !t.is_bilateral() {
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

/// The clause's effective date for a withdrawal notice received on
/// `notice`, as text: `(notice + notice period, effective)`.
fn clause_effective_text(t: &Treaty, notice: NaiveDate) -> (String, String) {
    let after = calendar::add(notice, &t.withdrawal.notice);
    let eff = match t.withdrawal.takes_effect {
        TakesEffect::Anniversary => after,
        TakesEffect::DayAfter => after.and_then(calendar::next_day),
        TakesEffect::FirstOfMonthAfter => after.and_then(calendar::first_of_next_month),
        TakesEffect::EndOfFollowingYear => calendar::january_first_two_years_after(notice),
    };
    let text = |d: Option<NaiveDate>| d.map_or_else(|| "-".to_owned(), |d| d.to_string());
    (text(after), text(eff))
}
