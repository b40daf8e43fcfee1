//! The projection: periods, end, deadlines, withdrawals and status.
//!
//! The engine walks the boundaries of a treaty in order. At each boundary it
//! applies, in the spec's order: a recorded renewal or extension for it; else
//! a non-renewal notice that takes effect there; else the renewal rule. The
//! hard ends (termination, recorded expiry, a two-party withdrawal) are known
//! before the walk, since they do not depend on the periods, and stop it.

use std::collections::VecDeque;

use chrono::NaiveDate;

use super::calendar::{self, Span, add_span};
use super::{
    AnchorSource, Basis, Deadline, DeadlineKind, End, EndReason, EndRule, Horizon, Period,
    PeriodKind, Projection, State, Status, Withdrawal, WithdrawalRule,
};
use crate::diag::Diagnostic;
use crate::model::{
    AnchorFrom, Event, EventKind, ExtensionEnd, Length, NoticeEffect, RenewalMode, TakesEffect,
    TermDuration, Treaty,
};

/// Projects `treaty` over `horizon`.
///
/// # Errors
///
/// The problems that only the engine can see, each pointing at the file:
/// a renewal or extension that attaches to no boundary, two of them for one
/// boundary, an extension ending before the boundary it extends, a
/// withdrawal notice before the clause allows one, a named effective date
/// before the earliest allowed, a revocation after the notice took effect,
/// or a term that leaves the calendar.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use treatyline::{engine::{project, Horizon}, model::load::parse_treaty};
///
/// let treaty = parse_treaty("sino-dprk-1961", r#"
/// title = "Treaty of Friendship"
/// parties = ["China", "North Korea"]
/// signed = 1961-07-11
/// [term]
/// length = "20y"
/// [renewal]
/// mode = "automatic"
/// "#).unwrap();
/// let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
/// let p = project(&treaty, &Horizon::from_today(today)).unwrap();
/// assert_eq!(p.status.period_end, NaiveDate::from_ymd_opt(2041, 7, 11));
/// ```
pub fn project(treaty: &Treaty, horizon: &Horizon) -> Result<Projection, Vec<Diagnostic>> {
    Engine::new(treaty, horizon).run()
}

/// What the walk learned about each boundary, for the deadlines.
#[derive(Clone, Copy, Debug, Default)]
struct BoundaryFacts {
    /// The rule would renew here (automatic mode, `max` not used up).
    renewal_by_rule: bool,
    /// A non-renewal notice took effect here.
    notice_took_effect: bool,
    /// A recorded extension follows.
    extension_follows: bool,
}

/// A hard end, known before the walk.
#[derive(Clone, Debug)]
struct EndCandidate {
    date: NaiveDate,
    reason: EndReason,
    event: Option<usize>,
    assumed: bool,
}

impl EndCandidate {
    fn key(&self) -> (NaiveDate, EndReason) {
        (self.date, self.reason)
    }
}

/// A party leaving, before filtering by the end.
#[derive(Clone, Debug)]
struct Leaving {
    party: Option<String>,
    notice: Option<NaiveDate>,
    effective: Option<NaiveDate>,
    /// The clause's date when a recorded withdrawal replaced it.
    clause_effective: Option<NaiveDate>,
    rule: WithdrawalRule,
    event: Option<usize>,
    assumed: bool,
    by_non_renewal: bool,
    settled: bool,
}

struct Engine<'a> {
    t: &'a Treaty,
    horizon: &'a Horizon,
    errors: Vec<Diagnostic>,
    /// What looks mistaken in the recorded history (the audit of `check`).
    warnings: Vec<Diagnostic>,
    anchor: NaiveDate,
    anchor_source: AnchorSource,
    mode: RenewalMode,
    renewal_length: Option<Length>,
    max: Option<u32>,
    renewal_notice: Option<Length>,
}

impl<'a> Engine<'a> {
    fn new(t: &'a Treaty, horizon: &'a Horizon) -> Self {
        let (anchor, anchor_source) = match t.term.from {
            AnchorFrom::Default => match t.in_force {
                Some(d) => (d, AnchorSource::InForce),
                None => (t.signed, AnchorSource::Signed),
            },
            AnchorFrom::Signed => (t.signed, AnchorSource::Signed),
            // The loader refuses `from = "in_force"` without `in_force`.
            AnchorFrom::InForce => (t.in_force.unwrap_or(t.signed), AnchorSource::InForce),
            AnchorFrom::Date(d) => (d, AnchorSource::Explicit),
        };
        let renewal = t.renewal.as_ref();
        Engine {
            t,
            horizon,
            errors: Vec::new(),
            warnings: Vec::new(),
            anchor,
            anchor_source,
            mode: renewal.map_or(RenewalMode::None, |r| r.mode),
            renewal_length: renewal
                .and_then(|r| r.length)
                .or(t.term.duration.length().copied()),
            max: renewal.and_then(|r| r.max),
            renewal_notice: renewal.and_then(|r| r.notice),
        }
    }

    fn event(&self, i: usize) -> Option<&'a Event> {
        self.t.events.get(i)
    }

    fn run(mut self) -> Result<Projection, Vec<Diagnostic>> {
        let t = self.t;
        let Some(first) = self.initial_period() else {
            return Err(self.errors);
        };
        let leaving = self.notice_withdrawals();
        let hard_end = self.hard_end(&leaving);
        let walk = self.walk(first, hard_end.as_ref());
        if !self.errors.is_empty() {
            self.errors
                .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            return Err(self.errors);
        }
        let Walk {
            mut periods,
            facts,
            rule_end,
            possible,
            exits,
        } = walk;

        let end = match (hard_end, rule_end) {
            (Some(h), Some(r)) => Some(if h.key() <= r.key() { h } else { r }),
            (h, r) => h.or(r),
        }
        .map(|c| End {
            date: c.date,
            reason: c.reason,
            event: c.event,
            assumed: c.assumed,
        });

        // Cut every period at the end.
        if let Some(end) = &end {
            periods.retain(|p| p.start < end.date);
            for p in &mut periods {
                if p.end.is_none_or(|e| e > end.date) {
                    p.end = Some(end.date);
                    p.end_rule = EndRule::CutByEnd;
                    p.assumed |= end.assumed;
                }
            }
        }

        // Status, from every period whatever the horizon.
        let today = self.horizon.today;
        let force_starts = t.in_force.unwrap_or(self.anchor);
        let holding = periods.iter().find(|p| p.holds(today));
        let status = if today < force_starts {
            Status {
                on: today,
                state: State::NotInForce,
                period: None,
                period_end: None,
            }
        } else if end.as_ref().is_some_and(|e| today >= e.date) {
            Status {
                on: today,
                state: State::Ended,
                period: None,
                period_end: None,
            }
        } else {
            Status {
                on: today,
                state: State::InForce,
                period: holding.map(|p| p.index),
                period_end: holding.and_then(|p| p.end),
            }
        };

        // The horizon: periods starting on or after `until` are not listed,
        // but the first always is.
        let until = self.horizon.until;
        let current = holding.filter(|p| p.start > until && p.index > 0).cloned();
        periods.retain(|p| p.index == 0 || p.start <= until);
        if let (Some(mut p), Some(end)) = (possible, &end)
            && end.reason == EndReason::Expiry
            && end.date == p.start
            && p.start <= until
        {
            p.index = periods.len();
            periods.push(p);
        }

        let mut leaving = leaving;
        leaving.extend(exits);
        if !t.is_bilateral() {
            self.settle(&mut leaving);
        }
        let mut withdrawals: Vec<Withdrawal> = leaving
            .into_iter()
            .filter_map(|l| {
                let effective = l.effective?;
                Some(Withdrawal {
                    party: l.party,
                    notice: l.notice,
                    effective,
                    clause_effective: l.clause_effective,
                    by_non_renewal: l.by_non_renewal,
                    rule: l.rule,
                    event: l.event,
                    assumed: l.assumed,
                })
            })
            .filter(|w| end.as_ref().is_none_or(|e| w.effective <= e.date))
            .collect();
        withdrawals.sort_by(|a, b| (a.effective, &a.party).cmp(&(b.effective, &b.party)));

        let deadlines = self.deadlines(&periods, &facts, &end, &withdrawals);

        Ok(Projection {
            anchor: self.anchor,
            anchor_source: self.anchor_source,
            periods,
            end,
            deadlines,
            withdrawals,
            status,
            current,
            warnings: self.warnings,
        })
    }

    /// Period 0, or `None` (with an error) when it cannot exist.
    fn initial_period(&mut self) -> Option<Period> {
        let t = self.t;
        let anchor = self.anchor;
        let (end, end_rule) = match &t.term.duration {
            TermDuration::Length(l) => match add_span(anchor, Span::from(l)) {
                Some(a) => (
                    Some(a.date),
                    EndRule::Counted {
                        base: anchor,
                        sum: Span::from(l),
                        clamped_from: a.clamped_from,
                    },
                ),
                None => {
                    self.errors.push(
                        Diagnostic::error(
                            format!("the term of {l} from {anchor} ends after 9999-12-31"),
                            t.spans.term_end.clone(),
                        )
                        .with_help("period 0 must end inside the calendar; use `length = \"indefinite\"` for a treaty without an end"),
                    );
                    return None;
                }
            },
            TermDuration::Expires {
                expires,
                written_as_last_day,
            } => {
                if *expires <= anchor {
                    let key = if *written_as_last_day {
                        "last_day"
                    } else {
                        "expires"
                    };
                    self.errors.push(
                        Diagnostic::error(
                            format!("the term ends ({key}) on or before it starts ({anchor}, from `{}`)", self.anchor_source.as_str()),
                            t.spans.term_end.clone(),
                        )
                        .with_related(t.spans.anchor.clone(), "the anchor")
                        .with_help("`expires` is the first day no longer in force and must come after the anchor"),
                    );
                    return None;
                }
                (Some(*expires), EndRule::Fixed)
            }
            TermDuration::Indefinite => (None, EndRule::Open),
        };
        Some(Period {
            index: 0,
            kind: PeriodKind::Initial,
            start: anchor,
            end,
            basis: Basis::Recorded,
            end_rule,
            event: None,
            assumed: false,
        })
    }

    /// The effective date a withdrawal notice given on `date` gets from the
    /// clause.
    fn clause_effective(&self, date: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let w = &self.t.withdrawal;
        let after_notice = calendar::add(date, &w.notice);
        let effective = match w.takes_effect {
            TakesEffect::Anniversary => after_notice,
            TakesEffect::DayAfter => after_notice.and_then(calendar::next_day),
            TakesEffect::FirstOfMonthAfter => after_notice.and_then(calendar::first_of_next_month),
            TakesEffect::EndOfFollowingYear => calendar::january_first_two_years_after(date),
        };
        (after_notice, effective)
    }

    /// Withdrawals from withdrawal notices and `withdrawn` events.
    fn notice_withdrawals(&mut self) -> Vec<Leaving> {
        let t = self.t;
        let mut out: Vec<Leaving> = Vec::new();
        let opens = t
            .withdrawal
            .earliest
            .as_ref()
            .map(|e| calendar::add(self.anchor, e));
        let mut notices: Vec<usize> = (0..t.events.len()).collect();
        notices.sort_by_key(|&i| t.events.get(i).map(|e| e.date));
        for i in notices {
            let Some(e) = self.event(i) else { continue };
            let EventKind::Notice {
                effect: NoticeEffect::Withdrawal,
                party,
                effective,
                revoked,
            } = &e.kind
            else {
                continue;
            };
            if let Some(opens) = opens {
                let allowed = opens.is_some_and(|o| e.date >= o);
                if !allowed {
                    let earliest = t
                        .withdrawal
                        .earliest
                        .map(|l| l.to_string())
                        .unwrap_or_default();
                    let when = opens.map_or("after 9999-12-31".to_owned(), |o| format!("from {o}"));
                    self.errors.push(
                        Diagnostic::error(
                            format!("this withdrawal notice ({}) comes before the clause allows one: notice may be given only {when} ({} + {earliest})", e.date, self.anchor),
                            e.span.clone(),
                        )
                        .with_related(t.spans.withdrawal_earliest.clone().unwrap_or(0..0), "`withdrawal.earliest`")
                        .with_help("check the notice's date and `withdrawal.earliest`; a premature notice has no effect"),
                    );
                    continue;
                }
            }
            let (after_notice, minimum) = self.clause_effective(e.date);
            let (eff, rule) = match effective {
                Some(named) => {
                    if minimum.is_some_and(|m| *named < m) {
                        self.errors.push(
                            Diagnostic::error(
                                format!(
                                    "the notice names {named} as its effective date, but the clause lets it take effect no earlier than {}",
                                    minimum.map(|m| m.to_string()).unwrap_or_default()
                                ),
                                e.span.clone(),
                            )
                            .with_help("a notice may name a later date than the clause's minimum, never an earlier one: check `effective` and `[withdrawal]`"),
                        );
                        continue;
                    }
                    (Some(*named), WithdrawalRule::Named)
                }
                None => (
                    minimum,
                    WithdrawalRule::Clause {
                        after_notice: after_notice.unwrap_or(calendar::MAX_DATE),
                    },
                ),
            };
            if let Some(r) = revoked {
                if eff.is_some_and(|d| *r >= d) {
                    self.errors.push(
                        Diagnostic::error(
                            format!(
                                "the notice is revoked on {r}, but it had already taken effect on {}",
                                eff.map(|d| d.to_string()).unwrap_or_default()
                            ),
                            e.span.clone(),
                        )
                        .with_help("a notice can be revoked only before it takes effect; check `revoked`, or record the party's return as a `joined` event"),
                    );
                }
                continue;
            }
            out.push(Leaving {
                party: party.clone(),
                notice: Some(e.date),
                effective: eff,
                clause_effective: None,
                rule,
                event: Some(i),
                assumed: e.assumed,
                by_non_renewal: false,
                settled: false,
            });
        }
        // In a two-party treaty only withdrawal notices can be settled, and
        // the settled dates decide the end before the walk. In a larger one
        // a non-renewal notice also takes a party out, so recorded
        // withdrawals are matched after the walk, against both kinds.
        if t.is_bilateral() {
            self.settle(&mut out);
        }
        out
    }

    /// Recorded withdrawals settle the latest unsettled notice of the same
    /// party dated on or before them, replacing its effective date (the
    /// clause's date is kept for the audit); one without such a notice
    /// stands alone.
    fn settle(&self, out: &mut Vec<Leaving>) {
        let t = self.t;
        let mut withdrawn: Vec<usize> = (0..t.events.len())
            .filter(|&i| {
                matches!(
                    t.events.get(i).map(|e| &e.kind),
                    Some(EventKind::Withdrawn { .. })
                )
            })
            .collect();
        withdrawn.sort_by_key(|&i| t.events.get(i).map(|e| e.date));
        for i in withdrawn {
            let Some(e) = self.event(i) else { continue };
            let EventKind::Withdrawn { party } = &e.kind else {
                continue;
            };
            let target = out
                .iter_mut()
                .filter(|l| {
                    !l.settled
                        && l.notice.is_some_and(|n| n <= e.date)
                        && l.party.as_ref().is_none_or(|p| p == party)
                })
                .max_by_key(|l| l.notice);
            match target {
                Some(l) => {
                    l.settled = true;
                    l.clause_effective = l.effective;
                    l.effective = Some(e.date);
                    l.rule = WithdrawalRule::Recorded;
                    l.party = Some(party.clone());
                    l.assumed |= e.assumed;
                }
                None => out.push(Leaving {
                    party: Some(party.clone()),
                    notice: None,
                    effective: Some(e.date),
                    clause_effective: None,
                    rule: WithdrawalRule::Recorded,
                    event: Some(i),
                    assumed: e.assumed,
                    by_non_renewal: false,
                    settled: true,
                }),
            }
        }
    }

    /// The earliest of termination, recorded expiry and two-party
    /// withdrawal.
    fn hard_end(&self, leaving: &[Leaving]) -> Option<EndCandidate> {
        let t = self.t;
        let recorded = t.events.iter().enumerate().filter_map(|(i, e)| {
            let reason = match e.kind {
                EventKind::Terminated => EndReason::Termination,
                EventKind::Expired => EndReason::Expiry,
                _ => return None,
            };
            Some(EndCandidate {
                date: e.date,
                reason,
                event: Some(i),
                assumed: e.assumed,
            })
        });
        let withdrawals = leaving.iter().filter(|_| t.is_bilateral()).filter_map(|l| {
            Some(EndCandidate {
                date: l.effective?,
                reason: EndReason::Withdrawal,
                event: l.event,
                assumed: l.assumed,
            })
        });
        recorded.chain(withdrawals).min_by_key(EndCandidate::key)
    }

    fn notice_is_timely(&self, date: NaiveDate, boundary: NaiveDate) -> bool {
        match &self.renewal_notice {
            Some(n) => calendar::add(date, n).is_some_and(|d| d <= boundary),
            None => date < boundary,
        }
    }

    fn walk(&mut self, first: Period, hard_end: Option<&EndCandidate>) -> Walk {
        let t = self.t;
        let mut periods = vec![first];
        let mut facts: Vec<BoundaryFacts> = Vec::new();
        let mut rule_end: Option<EndCandidate> = None;
        let mut possible: Option<Period> = None;
        let mut exits: Vec<Leaving> = Vec::new();

        // Where the count of boundaries started, and the lengths since.
        let (mut base, mut sum) = match (&t.term.duration, periods.first()) {
            (TermDuration::Length(l), _) => (self.anchor, Span::from(l)),
            (TermDuration::Expires { expires, .. }, _) => (*expires, Span::ZERO),
            (TermDuration::Indefinite, _) => (self.anchor, Span::ZERO),
        };
        let mut used: u32 = 0;

        // Renewals and extensions without `effective` by date, renewals with
        // it by the date they name, and non-renewal notices by date: each
        // queue is consumed from the front as the walk moves forward, so a
        // treaty with thousands of events is walked in linear time.
        let by_date = |i: &usize| t.events.get(*i).map(|e| e.date);
        let mut plain: Vec<usize> = (0..t.events.len())
            .filter(|&i| {
                matches!(
                    t.events.get(i).map(|e| &e.kind),
                    Some(
                        EventKind::Renewed {
                            effective: None,
                            ..
                        } | EventKind::Extended(_)
                    )
                )
            })
            .collect();
        plain.sort_by_key(by_date);
        let mut plain = VecDeque::from(plain);
        let mut named: Vec<(NaiveDate, usize)> = t
            .events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e.kind {
                EventKind::Renewed {
                    effective: Some(d), ..
                } => Some((d, i)),
                _ => None,
            })
            .collect();
        named.sort();
        let mut named = VecDeque::from(named);
        let mut unplaced: Vec<usize> = Vec::new();
        let mut non_renewal: Vec<usize> = (0..t.events.len())
            .filter(|&i| {
                matches!(
                    t.events.get(i).map(|e| &e.kind),
                    Some(EventKind::Notice {
                        effect: NoticeEffect::NonRenewal,
                        revoked: None,
                        ..
                    })
                )
            })
            .collect();
        non_renewal.sort_by_key(by_date);
        let mut non_renewal = VecDeque::from(non_renewal);
        // Revoked non-renewal notices change no date, but only if revoked
        // before they would have taken effect: they are walked too, to check.
        let mut revoked: Vec<usize> = (0..t.events.len())
            .filter(|&i| {
                matches!(
                    t.events.get(i).map(|e| &e.kind),
                    Some(EventKind::Notice {
                        effect: NoticeEffect::NonRenewal,
                        revoked: Some(_),
                        ..
                    })
                )
            })
            .collect();
        revoked.sort_by_key(by_date);
        let mut revoked = VecDeque::from(revoked);

        while let Some(cur) = periods.last() {
            let (cur_start, cur_end) = (cur.start, cur.end);
            // A renewal naming its `effective` date attaches to the period
            // holding that date (after its start, up to its end); one naming
            // a day no period holds any more attaches to nothing.
            while let Some(&(d, i)) = named.front()
                && d <= cur_start
            {
                unplaced.push(i);
                named.pop_front();
            }
            let effective_here = named
                .front()
                .filter(|(d, _)| cur_end.is_none_or(|b| *d <= b))
                .map(|&(d, i)| (i, d));
            // An open period (an indefinite term) has no boundary to renew:
            // a renewal naming a day in it attaches to nothing.
            if cur_end.is_none() && effective_here.is_some() {
                break;
            }
            let boundary = match (effective_here, cur_end) {
                (Some((_, d)), _) => d,
                (None, Some(b)) => b,
                (None, None) => break,
            };
            let cut = cur_end != Some(boundary);
            // A hard end before this boundary stops the walk. On the boundary
            // itself, a termination or withdrawal wins the tie; a recorded
            // expiry does not beat a non-renewal notice taking effect that
            // day, so the notices are still judged (and nothing renews).
            let last_boundary = match hard_end {
                Some(h) if h.date < boundary => break,
                Some(h) if h.date == boundary && h.reason < EndReason::NonRenewal => break,
                Some(h) => h.date == boundary,
                None => false,
            };
            // On the last boundary nothing attaches: what would is left over
            // and reported as attaching to no boundary.
            let mut here: Vec<usize> = Vec::new();
            if !last_boundary {
                if let Some((i, _)) = effective_here {
                    named.pop_front();
                    here.push(i);
                }
                while let Some(&i) = plain.front()
                    && by_date(&i).is_some_and(|d| d <= boundary)
                {
                    plain.pop_front();
                    here.push(i);
                }
            }
            if let [first_ev, rest @ ..] = here.as_slice() {
                for other in rest {
                    self.two_for_one(*first_ev, *other, boundary);
                }
            }
            let record = here.first().copied();

            // Non-renewal notices timely for this boundary take effect here.
            // Timeliness only grows with the boundary, and the queue is in
            // date order: the timely notices are a prefix of it.
            let mut timely = Vec::new();
            while let Some(&i) = non_renewal.front()
                && t.events
                    .get(i)
                    .is_some_and(|e| self.notice_is_timely(e.date, boundary))
            {
                non_renewal.pop_front();
                timely.push(i);
            }
            while let Some(&i) = revoked.front()
                && let Some(e) = t.events.get(i)
                && self.notice_is_timely(e.date, boundary)
            {
                revoked.pop_front();
                // Spent without effect when a recorded renewal wins (two parties).
                let would_apply = !t.is_bilateral() || here.is_empty();
                if let EventKind::Notice {
                    revoked: Some(r), ..
                } = &e.kind
                    && *r >= boundary
                    && would_apply
                {
                    self.errors.push(
                        Diagnostic::error(
                            format!("the notice is revoked on {r}, but it had already taken effect on {boundary}"),
                            e.span.clone(),
                        )
                        .with_help("a notice can be revoked only before it takes effect; check `revoked`, or record what happened after the boundary (a new agreement is a `renewed` or `extended` event)"),
                    );
                }
            }
            let mut ends_here: Option<EndCandidate> = None;
            let mut took_effect = false;
            for i in timely {
                let Some(e) = t.events.get(i) else { continue };
                self.audit_notice_timing(e, cur_start, boundary, periods.len() > 1);
                if t.is_bilateral() {
                    if let Some(r) = record {
                        self.audit_override(r, e, boundary);
                    }
                    // A recorded renewal wins over the notice, which is spent.
                    if record.is_none() && ends_here.is_none() {
                        ends_here = Some(EndCandidate {
                            date: boundary,
                            reason: EndReason::NonRenewal,
                            event: Some(i),
                            assumed: e.assumed,
                        });
                        took_effect = true;
                    }
                } else {
                    exits.push(Leaving {
                        party: e.kind.party().map(str::to_owned),
                        notice: Some(e.date),
                        effective: Some(boundary),
                        clause_effective: None,
                        rule: WithdrawalRule::NonRenewal,
                        event: Some(i),
                        assumed: e.assumed,
                        by_non_renewal: true,
                        settled: false,
                    });
                    took_effect = true;
                }
            }
            let max_left = self.max.is_none_or(|m| used < m);
            let mut fact = BoundaryFacts {
                renewal_by_rule: self.mode == RenewalMode::Automatic && max_left,
                notice_took_effect: took_effect,
                extension_follows: false,
            };

            if last_boundary {
                // A recorded expiry on this boundary: the agreement-mode
                // renewal the parties did not make is still the possible one.
                if ends_here.is_none() {
                    possible = self.possible_renewal(max_left, boundary, base, sum, periods.len());
                }
                rule_end = ends_here;
                facts.push(fact);
                break;
            }
            let next = if let Some(i) = record {
                let Some(e) = t.events.get(i) else { break };
                self.audit_record(e, max_left, cur_start, boundary, periods.len() > 1, cut);
                if cut && let Some(p) = periods.last_mut() {
                    p.end = Some(boundary);
                    p.end_rule = EndRule::CutByRenewal;
                    p.assumed |= e.assumed;
                }
                used = used.saturating_add(1);
                match &e.kind {
                    EventKind::Renewed { length, .. } => {
                        let Some(l) = length.or(self.renewal_length) else {
                            break;
                        };
                        if cut {
                            base = boundary;
                            sum = Span::ZERO;
                        }
                        let Some(s) = sum.checked_add(&l) else { break };
                        sum = s;
                        self.counted(
                            PeriodKind::Renewal,
                            Basis::Recorded,
                            boundary,
                            base,
                            sum,
                            Some(i),
                            e.assumed,
                        )
                    }
                    EventKind::Extended(ExtensionEnd::Expires { expires, .. }) => {
                        fact.extension_follows = true;
                        if *expires <= boundary {
                            self.errors.push(
                                Diagnostic::error(
                                    format!("this extension ends ({expires}) on or before the boundary it extends ({boundary})"),
                                    e.span.clone(),
                                )
                                .with_help("an extension's `expires` is the first day no longer in force and must come after the period it extends"),
                            );
                            break;
                        }
                        base = *expires;
                        sum = Span::ZERO;
                        let (end, end_rule) = if calendar::in_range(*expires) {
                            (Some(*expires), EndRule::Fixed)
                        } else {
                            (None, EndRule::Open)
                        };
                        Period {
                            index: 0,
                            kind: PeriodKind::Extension,
                            start: boundary,
                            end,
                            basis: Basis::Recorded,
                            end_rule,
                            event: Some(i),
                            assumed: e.assumed,
                        }
                    }
                    EventKind::Extended(ExtensionEnd::Length(l)) => {
                        fact.extension_follows = true;
                        base = boundary;
                        sum = Span::from(l);
                        self.counted(
                            PeriodKind::Extension,
                            Basis::Recorded,
                            boundary,
                            base,
                            sum,
                            Some(i),
                            e.assumed,
                        )
                    }
                    _ => break,
                }
            } else if let Some(end) = ends_here {
                rule_end = Some(end);
                facts.push(fact);
                break;
            } else if self.mode == RenewalMode::Automatic && max_left {
                let Some(l) = self.renewal_length else { break };
                let Some(s) = sum.checked_add(&l) else { break };
                sum = s;
                used = used.saturating_add(1);
                self.counted(
                    PeriodKind::Renewal,
                    Basis::Automatic,
                    boundary,
                    base,
                    sum,
                    None,
                    false,
                )
            } else {
                rule_end = Some(EndCandidate {
                    date: boundary,
                    reason: EndReason::Expiry,
                    event: None,
                    assumed: false,
                });
                possible = self.possible_renewal(max_left, boundary, base, sum, periods.len());
                facts.push(fact);
                break;
            };
            facts.push(fact);
            let mut next = next;
            next.index = periods.len();
            let (next_start, next_end) = (next.start, next.end);
            periods.push(next);

            // Past the horizon and today, with nothing recorded left to
            // place, the rule alone decides: stop listing, and find where a
            // `max` stops the renewals by counting instead of walking.
            let nothing_pending = plain.is_empty()
                && named.is_empty()
                && non_renewal.is_empty()
                && revoked.is_empty();
            if nothing_pending
                && next_start > self.horizon.until
                && next_start > self.horizon.today
                && self.mode == RenewalMode::Automatic
            {
                if let (Some(m), Some(l), Some(_)) = (self.max, self.renewal_length, next_end) {
                    let remaining = u64::from(m.saturating_sub(used));
                    let last = Span::times(&l, remaining)
                        .and_then(|extra| sum.checked_add_span(extra))
                        .and_then(|total| add_span(base, total));
                    if let Some(a) = last {
                        rule_end = Some(EndCandidate {
                            date: a.date,
                            reason: EndReason::Expiry,
                            event: None,
                            assumed: false,
                        });
                    }
                }
                break;
            }
        }

        // A non-renewal notice no boundary was timely for has no effect.
        for i in non_renewal {
            let Some(e) = t.events.get(i) else { continue };
            let why = match (&rule_end, hard_end, periods.last()) {
                (_, _, Some(p)) if p.end.is_none() => {
                    "the treaty has no boundary after it (an indefinite term, or one past 9999-12-31)".to_owned()
                }
                (Some(end), _, _) | (None, Some(end), _) => format!("the treaty ends on {} ({}) before any boundary it is timely for", end.date, end.reason.as_str()),
                _ => "no boundary follows it".to_owned(),
            };
            self.warnings.push(
                Diagnostic::warning("notice-no-effect", format!("this non-renewal notice ({}) takes effect nowhere: {why}", e.date), e.span.clone())
                    .with_help("a notice ending an indefinite treaty is a withdrawal: `effect = \"withdrawal\"`; otherwise check its date"),
            );
        }
        // Whatever is left could not be placed on any boundary.
        unplaced.extend(named.into_iter().map(|(_, i)| i));
        unplaced.extend(plain);
        for i in unplaced {
            self.unattached(i, hard_end, rule_end.as_ref(), periods.last());
        }
        Walk {
            periods,
            facts,
            rule_end,
            possible,
            exits,
        }
    }

    /// A non-renewal notice that was late for the boundary it was given
    /// before, or timely only on the lenient reading.
    fn audit_notice_timing(
        &mut self,
        e: &Event,
        cur_start: NaiveDate,
        boundary: NaiveDate,
        after_a_boundary: bool,
    ) {
        let Some(notice) = self.renewal_notice else {
            return;
        };
        if after_a_boundary && e.date <= cur_start {
            let safe = calendar::previous_day(cur_start)
                .and_then(|b| calendar::last_day_reaching(b, &notice));
            self.warnings.push(
                Diagnostic::warning(
                    "late-notice",
                    format!(
                        "this non-renewal notice ({}) came after the last day for the boundary of {cur_start}{}; it takes effect a period later, on {boundary}",
                        e.date,
                        safe.map_or_else(String::new, |d| format!(" ({d})"))
                    ),
                    e.span.clone(),
                )
                .with_help("check the date the notice was received; if the parties treated it as timely, record what happened (a `terminated` or `expired` event)"),
            );
        } else if calendar::add(e.date, &notice) == Some(boundary) {
            let safe = calendar::previous_day(boundary)
                .and_then(|b| calendar::last_day_reaching(b, &notice));
            self.warnings.push(
                Diagnostic::warning(
                    "lenient-notice",
                    format!(
                        "this non-renewal notice ({}) is timely for {boundary} only on the lenient reading: the safe last day was {}",
                        e.date,
                        safe.map_or_else(|| "-".to_owned(), |d| d.to_string())
                    ),
                    e.span.clone(),
                )
                .with_help("on the strict reading the notice period must have fully run before the last day in force; a party may dispute it"),
            );
        }
    }

    /// A recorded renewal at a boundary where a timely two-party
    /// non-renewal notice would have ended the treaty.
    fn audit_override(&mut self, record: usize, notice: &Event, boundary: NaiveDate) {
        let Some(r) = self.event(record) else { return };
        self.warnings.push(
            Diagnostic::warning(
                    "record-overrides-notice",
                format!(
                    "this `{}` overrides a timely non-renewal notice (line {}) that would have ended the treaty on {boundary}",
                    r.kind.name(),
                    notice.line
                ),
                r.span.clone(),
            )
            .with_related(notice.span.clone(), "timely non-renewal notice")
            .with_help("if the notice was withdrawn, record it with `revoked = YYYY-MM-DD` on the notice"),
        );
    }

    /// A record beyond `max` or against the clause, or one that probably
    /// meant the boundary just passed.
    fn audit_record(
        &mut self,
        e: &Event,
        max_left: bool,
        cur_start: NaiveDate,
        boundary: NaiveDate,
        after_a_boundary: bool,
        cut: bool,
    ) {
        let rule = match (&self.t.renewal, max_left) {
            (None, _) => Some("the treaty has no `[renewal]` clause".to_owned()),
            (Some(r), _) if r.mode == RenewalMode::None => {
                Some("`renewal.mode` is \"none\"".to_owned())
            }
            (Some(r), false) => Some(format!(
                "`renewal.max` ({}) is already used up",
                r.max.unwrap_or(0)
            )),
            _ => None,
        };
        if let Some(rule) = rule {
            self.warnings.push(
                Diagnostic::warning(
                    "beyond-rules",
                    format!("this `{}` at {boundary} goes beyond the rules: {rule}", e.kind.name()),
                    e.span.clone(),
                )
                .with_help("the record applies anyway; if the parties amended the clause, record an `amended` event and explain it in `caveat`"),
            );
        }
        // "Shortly after a boundary": within 180 days of it.
        let plain_renewal = matches!(
            e.kind,
            EventKind::Renewed {
                effective: None,
                ..
            }
        );
        if plain_renewal
            && after_a_boundary
            && !cut
            && e.date > cur_start
            && (e.date - cur_start).num_days() <= 180
        {
            self.warnings.push(
                Diagnostic::warning(
                    "renewal-after-boundary",
                    format!(
                        "this renewal is dated {} days after the boundary of {cur_start}, so it renews the period ending {boundary}",
                        (e.date - cur_start).num_days()
                    ),
                    e.span.clone(),
                )
                .with_help(format!("if it records the renewal at {cur_start}, add `effective = {cur_start}`")),
            );
        }
    }

    /// The renewal an agreement-mode treaty could have had at `boundary`,
    /// listed as `possible` (unless `max` is used up).
    fn possible_renewal(
        &self,
        max_left: bool,
        boundary: NaiveDate,
        base: NaiveDate,
        sum: Span,
        index: usize,
    ) -> Option<Period> {
        if self.mode != RenewalMode::Agreement || !max_left {
            return None;
        }
        let sum = sum.checked_add(&self.renewal_length?)?;
        let mut p = self.counted(
            PeriodKind::Renewal,
            Basis::Possible,
            boundary,
            base,
            sum,
            None,
            false,
        );
        p.index = index;
        Some(p)
    }

    #[allow(clippy::too_many_arguments)]
    fn counted(
        &self,
        kind: PeriodKind,
        basis: Basis,
        start: NaiveDate,
        base: NaiveDate,
        sum: Span,
        event: Option<usize>,
        assumed: bool,
    ) -> Period {
        // A boundary past 9999-12-31 is no error: the period is open.
        let (end, end_rule) = match add_span(base, sum) {
            Some(a) => (
                Some(a.date),
                EndRule::Counted {
                    base,
                    sum,
                    clamped_from: a.clamped_from,
                },
            ),
            None => (None, EndRule::Open),
        };
        Period {
            index: 0,
            kind,
            start,
            end,
            basis,
            end_rule,
            event,
            assumed,
        }
    }

    fn two_for_one(&mut self, first: usize, other: usize, boundary: NaiveDate) {
        let (Some(a), Some(b)) = (self.event(first), self.event(other)) else {
            return;
        };
        self.errors.push(
            Diagnostic::error(
                format!(
                    "two events (lines {} and {}) renew or extend the same period, the one ending on {boundary}",
                    a.line, b.line
                ),
                b.span.clone(),
            )
            .with_label(format!("this `{}` also attaches to {boundary}", b.kind.name()))
            .with_related(a.span.clone(), format!("this `{}` attaches to {boundary}", a.kind.name()))
            .with_help("each boundary takes one renewal or extension: remove one, or give a renewal recorded late its `effective` date"),
        );
    }

    fn unattached(
        &mut self,
        i: usize,
        hard_end: Option<&EndCandidate>,
        rule_end: Option<&EndCandidate>,
        last: Option<&Period>,
    ) {
        let Some(e) = self.event(i) else { return };
        let end = match (hard_end, rule_end) {
            (Some(h), Some(r)) => Some(if h.key() <= r.key() { h } else { r }),
            (h, r) => h.or(r),
        };
        let why = match (end, last) {
            (Some(end), _) => format!(
                "the treaty ends on {} ({}) before any boundary it could apply to",
                end.date,
                end.reason.as_str()
            ),
            (None, Some(p)) if p.end.is_none() => format!(
                "the last period (from {}) has no end for it to renew or extend",
                p.start
            ),
            _ => "no period ends where it could apply".to_owned(),
        };
        let what = match &e.kind {
            EventKind::Renewed {
                effective: Some(d), ..
            } => format!("this `renewed` event (effective {d}) attaches to no boundary"),
            other => format!(
                "this `{}` event ({}) attaches to no boundary",
                other.name(),
                e.date
            ),
        };
        self.errors.push(
            Diagnostic::error(format!("{what}: {why}"), e.span.clone())
                .with_help("check the event's date (a renewal attaches to the first boundary on or after it), or the treaty's end"),
        );
    }

    fn deadlines(
        &self,
        periods: &[Period],
        facts: &[BoundaryFacts],
        end: &Option<End>,
        withdrawals: &[Withdrawal],
    ) -> Vec<Deadline> {
        let mut out = Vec::new();
        if self.mode == RenewalMode::Automatic
            && let Some(notice) = &self.renewal_notice
        {
            for p in periods.iter().filter(|p| p.basis != Basis::Possible) {
                let Some(boundary) = p.end else { continue };
                if matches!(p.end_rule, EndRule::CutByEnd | EndRule::CutByRenewal) {
                    continue;
                }
                let Some(f) = facts.get(p.index) else {
                    continue;
                };
                if f.extension_follows || !(f.renewal_by_rule || f.notice_took_effect) {
                    continue;
                }
                let hard_before = end.as_ref().is_some_and(|e| {
                    e.date <= boundary
                        && matches!(e.reason, EndReason::Termination | EndReason::Withdrawal)
                        || e.date <= boundary && e.reason == EndReason::Expiry && e.event.is_some()
                });
                if hard_before {
                    continue;
                }
                // The last safe day: the notice period must have fully run
                // before the last day in force ends, so `add(d, notice) <
                // boundary`; the lenient reading allows `<=`.
                let date = calendar::previous_day(boundary)
                    .and_then(|b| calendar::last_day_reaching(b, notice));
                let latest = calendar::last_day_reaching(boundary, notice);
                if let (Some(date), Some(latest)) = (date, latest) {
                    out.push(Deadline {
                        kind: DeadlineKind::NonRenewalNotice,
                        date,
                        latest: Some(latest),
                        period: Some(p.index),
                        party: None,
                        boundary: Some(boundary),
                        assumed: p.assumed,
                    });
                }
            }
        }
        if let Some(earliest) = &self.t.withdrawal.earliest
            && let Some(opens) = calendar::add(self.anchor, earliest)
            && end.as_ref().is_none_or(|e| opens < e.date)
        {
            out.push(Deadline {
                kind: DeadlineKind::WithdrawalOpens,
                date: opens,
                latest: None,
                period: None,
                party: None,
                boundary: None,
                assumed: false,
            });
        }
        for w in withdrawals {
            out.push(Deadline {
                kind: DeadlineKind::WithdrawalEffective,
                date: w.effective,
                latest: None,
                period: None,
                party: w.party.clone(),
                boundary: None,
                assumed: w.assumed,
            });
        }
        out.sort_by(|a, b| (a.date, a.kind, &a.party).cmp(&(b.date, b.kind, &b.party)));
        out
    }
}

struct Walk {
    periods: Vec<Period>,
    facts: Vec<BoundaryFacts>,
    rule_end: Option<EndCandidate>,
    possible: Option<Period>,
    exits: Vec<Leaving>,
}
