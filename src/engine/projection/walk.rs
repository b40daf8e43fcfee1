//! The boundary walk (spec v1 section 3; v2 section W, "then until
//! denounced").
//!
//! From period 0 the walk meets one boundary at a time and applies, in the
//! spec's order: a recorded renewal or extension for it ([`apply_record`]),
//! else a non-renewal notice taking effect there ([`apply_notices`]), else
//! the renewal rule ([`apply_rule`]). After a fixed end under
//! `until-denounced` the treaty continues until a notice takes effect
//! ([`continue_until_denounced`]). What no boundary took is reported at the
//! end ([`leftovers`]).
//!
//! [`apply_record`]: Engine::apply_record
//! [`apply_notices`]: Engine::apply_notices
//! [`apply_rule`]: Engine::apply_rule
//! [`continue_until_denounced`]: Engine::continue_until_denounced
//! [`leftovers`]: Engine::leftovers

use std::collections::VecDeque;

use chrono::NaiveDate;

use super::{BoundaryFacts, EndCandidate, Engine, Leaving, Walk, by_date};
use crate::diag::Diagnostic;
use crate::engine::calendar::{self, Span, add_span};
use crate::engine::{
    Basis, EndReason, EndRule, NoBoundary, Period, PeriodKind, Placement, WithdrawalRule,
};
use crate::model::{
    Event, EventKind, ExtensionEnd, Length, NoticeEffect, RenewalMode, TermDuration, Treaty,
};

/// The recorded events the walk places. Each queue is consumed from the
/// front as the walk moves forward, so a treaty with thousands of events is
/// walked in linear time.
struct Queues {
    /// Renewals and extensions without `effective`, by date.
    plain: VecDeque<usize>,
    /// Renewals naming their `effective` date, by that date.
    named: VecDeque<(NaiveDate, usize)>,
    /// Renewals naming a day no period holds any more.
    unplaced: Vec<usize>,
    /// Non-renewal notices not revoked, by date.
    non_renewal: VecDeque<usize>,
    /// Revoked non-renewal notices, by date. They change no date, but only
    /// if revoked before they would have taken effect: they are walked too,
    /// to check.
    revoked: VecDeque<usize>,
}

impl Queues {
    fn new(t: &Treaty) -> Self {
        let sorted = |keep: &dyn Fn(&EventKind) -> bool| VecDeque::from(by_date(t, keep));
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
        Queues {
            plain: sorted(&|k| {
                matches!(
                    k,
                    EventKind::Renewed {
                        effective: None,
                        ..
                    } | EventKind::Extended(_)
                )
            }),
            named: VecDeque::from(named),
            unplaced: Vec::new(),
            non_renewal: sorted(&|k| {
                matches!(
                    k,
                    EventKind::Notice {
                        effect: NoticeEffect::NonRenewal,
                        revoked: None,
                        ..
                    }
                )
            }),
            revoked: sorted(&|k| {
                matches!(
                    k,
                    EventKind::Notice {
                        effect: NoticeEffect::NonRenewal,
                        revoked: Some(_),
                        ..
                    }
                )
            }),
        }
    }

    /// Nothing recorded is left to place.
    fn is_empty(&self) -> bool {
        self.plain.is_empty()
            && self.named.is_empty()
            && self.non_renewal.is_empty()
            && self.revoked.is_empty()
    }

    /// A renewal naming its `effective` date attaches to the period holding
    /// that date (after its start, up to its end); one naming a day no
    /// period holds any more, on or before `start`, attaches to nothing.
    fn unplace_up_to(&mut self, start: NaiveDate) {
        while let Some(&(d, i)) = self.named.front()
            && d <= start
        {
            self.unplaced.push(i);
            self.named.pop_front();
        }
    }
}

/// The walk's state between boundaries.
struct State {
    /// The periods so far; the last one is the current period.
    periods: Vec<Period>,
    /// What happened at each boundary passed, for the deadlines.
    facts: Vec<BoundaryFacts>,
    /// The end the walk found (non-renewal, expiry by the rule).
    rule_end: Option<EndCandidate>,
    /// The renewal an agreement-mode treaty could have had at its end.
    possible: Option<Period>,
    /// Parties leaving by a non-renewal notice.
    exits: Vec<Leaving>,
    /// Where the count of boundaries started (section 3: boundaries are
    /// counted from the anchor, or from the last cut or fixed end)...
    base: NaiveDate,
    /// ...and the lengths added since.
    sum: Span,
    /// Renewals and extensions so far, against `renewal.max`.
    used: u32,
    queue: Queues,
}

/// The boundary at the end of the current period, as the walk meets it.
struct Boundary {
    date: NaiveDate,
    /// The start of the period it closes.
    cur_start: NaiveDate,
    /// A renewal naming its `effective` date cuts the period before its end.
    cut: bool,
    /// A hard end falls on it: nothing attaches and nothing renews.
    last: bool,
    /// The number of the period it closes.
    period: usize,
}

/// Whether the walk goes on to the next boundary.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Continue,
    Stop,
}

/// What the rule makes of a boundary.
enum Next {
    /// A period starts there.
    Period(Period),
    /// The treaty ends there (the boundary's facts are kept).
    Ends,
    /// Nothing can be counted further (a length leaving the calendar).
    Stop,
}

impl Engine<'_> {
    /// Section 3: the periods from period 0 on, one boundary at a time,
    /// until an end, the horizon, or the rule alone deciding the rest. A
    /// hard end (known before) stops the walk.
    pub(super) fn walk(&mut self, first: Period, hard_end: Option<&EndCandidate>) -> Walk {
        let (base, sum) = match &self.t.term.duration {
            TermDuration::Length(l) => (self.anchor, Span::from(l)),
            TermDuration::Expires { expires, .. } => (*expires, Span::ZERO),
            TermDuration::Indefinite => (self.anchor, Span::ZERO),
        };
        let mut w = State {
            periods: vec![first],
            facts: Vec::new(),
            rule_end: None,
            possible: None,
            exits: Vec::new(),
            base,
            sum,
            used: 0,
            queue: Queues::new(self.t),
        };
        while let Some(cur) = w.periods.last() {
            let (start, end, kind) = (cur.start, cur.end, cur.kind);
            w.queue.unplace_up_to(start);
            let flow = if kind == PeriodKind::Continuing {
                self.continue_until_denounced(&mut w, hard_end)
            } else {
                self.at_boundary(&mut w, start, end, hard_end)
            };
            if flow == Flow::Stop {
                break;
            }
        }
        self.leftovers(w, hard_end)
    }

    /// Section 3, one boundary: the records for it, then the non-renewal
    /// notices taking effect there, then the rule.
    fn at_boundary(
        &mut self,
        w: &mut State,
        cur_start: NaiveDate,
        cur_end: Option<NaiveDate>,
        hard_end: Option<&EndCandidate>,
    ) -> Flow {
        let Some((b, named_here)) = next_boundary(w, cur_start, cur_end, hard_end) else {
            return Flow::Stop;
        };
        let record = self.records_at(w, &b, named_here);
        let (ends_here, took_effect) = self.apply_notices(w, &b, record);
        let max_left = self.max.is_none_or(|m| w.used < m);
        let mut fact = BoundaryFacts {
            renewal_by_rule: (self.mode == RenewalMode::Automatic && max_left)
                || self.mode == RenewalMode::UntilDenounced,
            notice_took_effect: took_effect,
            extension_follows: false,
        };
        if b.last {
            // A recorded expiry on this boundary: the agreement-mode renewal
            // the parties did not make is still the possible one.
            if ends_here.is_none() {
                w.possible =
                    self.possible_renewal(max_left, b.date, w.base, w.sum, w.periods.len());
            }
            w.rule_end = ends_here;
            w.facts.push(fact);
            return Flow::Stop;
        }
        let next = match (record, ends_here) {
            (Some(i), _) => match self.apply_record(w, i, &b, &mut fact) {
                Some(p) => Next::Period(p),
                None => Next::Stop,
            },
            (None, Some(end)) => {
                w.rule_end = Some(end);
                Next::Ends
            }
            (None, None) => self.apply_rule(w, b.date, max_left),
        };
        let mut next = match next {
            Next::Period(p) => p,
            Next::Ends => {
                w.facts.push(fact);
                return Flow::Stop;
            }
            Next::Stop => return Flow::Stop,
        };
        w.facts.push(fact);
        next.index = w.periods.len();
        let (next_start, next_end) = (next.start, next.end);
        w.periods.push(next);
        self.rule_decides_rest(w, next_start, next_end)
    }

    /// Section 3, recorded events: the renewals and extensions attaching to
    /// boundary `b` (a renewal naming its `effective` date, then those dated
    /// on or before `b`); two for one boundary is an error. On the last
    /// boundary nothing attaches: what would is left over and reported as
    /// attaching to no boundary.
    fn records_at(&mut self, w: &mut State, b: &Boundary, named: Option<usize>) -> Option<usize> {
        let mut here: Vec<usize> = Vec::new();
        if !b.last {
            if let Some(i) = named {
                w.queue.named.pop_front();
                here.push(i);
            }
            while let Some(&i) = w.queue.plain.front()
                && self.event(i).is_some_and(|e| e.date <= b.date)
            {
                w.queue.plain.pop_front();
                here.push(i);
            }
        }
        if let [first, rest @ ..] = here.as_slice() {
            for other in rest {
                self.two_for_one(*first, *other, b.date);
            }
        }
        here.first().copied()
    }

    /// Section 3, a recorded renewal or extension at boundary `b`: the next
    /// period, renewed by its own `length` or the clause's, or extended to
    /// `expires` or by `length`. A renewal naming its `effective` date cuts
    /// the current period there, and the count of boundaries restarts.
    /// `None` stops the walk (a length leaving the calendar, or an error).
    fn apply_record(
        &mut self,
        w: &mut State,
        i: usize,
        b: &Boundary,
        fact: &mut BoundaryFacts,
    ) -> Option<Period> {
        let e = self.event(i)?;
        self.placements.push(Placement::Record {
            event: i,
            boundary: b.date,
            period: b.period,
            period_start: b.cur_start,
            cut: b.cut,
            used: w.used,
        });
        if b.cut
            && let Some(p) = w.periods.last_mut()
        {
            p.end = Some(b.date);
            p.end_rule = EndRule::CutByRenewal;
            p.assumed |= e.assumed;
        }
        w.used = w.used.saturating_add(1);
        match &e.kind {
            EventKind::Renewed { length, .. } => {
                let l = length.or(self.renewal_length)?;
                if b.cut {
                    w.base = b.date;
                    w.sum = Span::ZERO;
                }
                w.sum = w.sum.checked_add(&l)?;
                Some(self.recorded_period(w, PeriodKind::Renewal, b.date, i, e.assumed))
            }
            EventKind::Extended(ExtensionEnd::Expires { expires, .. }) => {
                fact.extension_follows = true;
                if *expires <= b.date {
                    self.errors.push(
                        Diagnostic::error(
                            format!("this extension ends ({expires}) on or before the boundary it extends ({})", b.date),
                            e.span.clone(),
                        )
                        .with_help("an extension's `expires` is the first day no longer in force and must come after the period it extends"),
                    );
                    return None;
                }
                w.base = *expires;
                w.sum = Span::ZERO;
                let (end, end_rule) = if calendar::in_range(*expires) {
                    (Some(*expires), EndRule::Fixed)
                } else {
                    (None, EndRule::Open)
                };
                Some(Period {
                    index: 0,
                    kind: PeriodKind::Extension,
                    start: b.date,
                    end,
                    basis: Basis::Recorded,
                    end_rule,
                    event: Some(i),
                    assumed: e.assumed,
                })
            }
            EventKind::Extended(ExtensionEnd::Length(l)) => {
                fact.extension_follows = true;
                w.base = b.date;
                w.sum = Span::from(l);
                Some(self.recorded_period(w, PeriodKind::Extension, b.date, i, e.assumed))
            }
            _ => None,
        }
    }

    /// The period a record (event `i`) starts at `start`, its end counted
    /// from the walk's base.
    fn recorded_period(
        &self,
        w: &State,
        kind: PeriodKind,
        start: NaiveDate,
        i: usize,
        assumed: bool,
    ) -> Period {
        self.counted(
            kind,
            Basis::Recorded,
            start,
            w.base,
            w.sum,
            Some(i),
            assumed,
        )
    }

    /// Section 3, non-renewal notices (section 4, "Non-renewal"): the
    /// notices timely for boundary `b` take effect there, ending the treaty
    /// (two parties, or `ends = "treaty"`) unless a recorded renewal wins,
    /// or taking their party out. Returns the end they make, and whether
    /// any took effect.
    fn apply_notices(
        &mut self,
        w: &mut State,
        b: &Boundary,
        record: Option<usize>,
    ) -> (Option<EndCandidate>, bool) {
        // Timeliness only grows with the boundary, and the queue is in date
        // order: the timely notices are a prefix of it.
        let mut timely = Vec::new();
        while let Some(&i) = w.queue.non_renewal.front()
            && self
                .event(i)
                .is_some_and(|e| self.notice_is_timely(e.date, b.date))
        {
            w.queue.non_renewal.pop_front();
            timely.push(i);
        }
        self.revocations_at(w, b, record);
        let mut ends_here: Option<EndCandidate> = None;
        let mut took_effect = false;
        for i in timely {
            let Some(e) = self.event(i) else { continue };
            self.placements.push(Placement::Notice {
                event: i,
                boundary: b.date,
                period: b.period,
                period_start: b.cur_start,
            });
            if self.non_renewal_ends_treaty() {
                if let Some(r) = record {
                    self.placements.push(Placement::Spent {
                        record: r,
                        notice: i,
                        boundary: b.date,
                    });
                }
                // A recorded renewal wins over the notice, which is spent.
                if record.is_none() && ends_here.is_none() {
                    ends_here = Some(EndCandidate {
                        date: b.date,
                        reason: EndReason::NonRenewal,
                        event: Some(i),
                        assumed: e.assumed,
                    });
                    took_effect = true;
                }
            } else {
                w.exits
                    .push(Leaving::by_notice(e, i, b.date, WithdrawalRule::NonRenewal));
                took_effect = true;
            }
        }
        (ends_here, took_effect)
    }

    /// Section 4, "Revocation": a revoked notice timely for boundary `b`
    /// must have been revoked before `b`, unless a recorded renewal spent it
    /// (two parties).
    fn revocations_at(&mut self, w: &mut State, b: &Boundary, record: Option<usize>) {
        while let Some(&i) = w.queue.revoked.front()
            && let Some(e) = self.event(i)
            && self.notice_is_timely(e.date, b.date)
        {
            w.queue.revoked.pop_front();
            let would_apply = !self.non_renewal_ends_treaty() || record.is_none();
            if let EventKind::Notice {
                revoked: Some(r), ..
            } = &e.kind
                && *r >= b.date
                && would_apply
            {
                let boundary = b.date;
                self.errors.push(
                    Diagnostic::error(
                        format!("the notice is revoked on {r}, but it had already taken effect on {boundary}"),
                        e.span.clone(),
                    )
                    .with_help("a notice can be revoked only before it takes effect; check `revoked`, or record what happened after the boundary (a new agreement is a `renewed` or `extended` event)"),
                );
            }
        }
    }

    /// Section 3, the rule, at a boundary with no record and no notice
    /// taking effect: `until-denounced` continues (v2 section W);
    /// `automatic` renews by `renewal.length` while `max` allows; otherwise
    /// the treaty expires there, and an `agreement` treaty lists the renewal
    /// it could have had as `possible`.
    fn apply_rule(&self, w: &mut State, boundary: NaiveDate, max_left: bool) -> Next {
        if self.mode == RenewalMode::UntilDenounced {
            return Next::Period(Period {
                index: 0,
                kind: PeriodKind::Continuing,
                start: boundary,
                end: None,
                basis: Basis::Automatic,
                end_rule: EndRule::Continuing,
                event: None,
                assumed: false,
            });
        }
        if self.mode == RenewalMode::Automatic && max_left {
            let Some(l) = self.renewal_length else {
                return Next::Stop;
            };
            let Some(s) = w.sum.checked_add(&l) else {
                return Next::Stop;
            };
            w.sum = s;
            w.used = w.used.saturating_add(1);
            return Next::Period(self.counted(
                PeriodKind::Renewal,
                Basis::Automatic,
                boundary,
                w.base,
                w.sum,
                None,
                false,
            ));
        }
        w.rule_end = Some(EndCandidate {
            date: boundary,
            reason: EndReason::Expiry,
            event: None,
            assumed: false,
        });
        w.possible = self.possible_renewal(max_left, boundary, w.base, w.sum, w.periods.len());
        Next::Ends
    }

    /// Section 5 with section 3: past the horizon and today, with nothing
    /// recorded left to place, the rule alone decides: stop listing, and
    /// find where a `max` stops the renewals by counting instead of walking.
    fn rule_decides_rest(
        &self,
        w: &mut State,
        next_start: NaiveDate,
        next_end: Option<NaiveDate>,
    ) -> Flow {
        if !(w.queue.is_empty()
            && next_start > self.horizon.until
            && next_start > self.horizon.today
            && self.mode == RenewalMode::Automatic)
        {
            return Flow::Continue;
        }
        if let (Some(m), Some(l), Some(_)) = (self.max, self.renewal_length, next_end) {
            let remaining = u64::from(m.saturating_sub(w.used));
            let last = Span::times(&l, remaining)
                .and_then(|extra| w.sum.checked_add_span(extra))
                .and_then(|total| add_span(w.base, total));
            if let Some(a) = last {
                w.rule_end = Some(EndCandidate {
                    date: a.date,
                    reason: EndReason::Expiry,
                    event: None,
                    assumed: false,
                });
            }
        }
        Flow::Stop
    }

    /// v2 section W, "then until denounced": after its fixed end the treaty
    /// is in force until a notice takes effect, `add(date, renewal.notice)`
    /// after it is received; a renewal naming its `effective` day cuts the
    /// continuing period there and starts a counted one.
    fn continue_until_denounced(&mut self, w: &mut State, hard_end: Option<&EndCandidate>) -> Flow {
        let Some(notice) = self.renewal_notice else {
            return Flow::Stop;
        };
        let cut_at = w.queue.named.front().map(|&(d, _)| d);
        let ended = self.denunciations(w, notice, cut_at, hard_end);
        w.facts.push(BoundaryFacts::default());
        if ended {
            return Flow::Stop;
        }
        let Some(x) = cut_at else {
            return Flow::Stop;
        };
        if hard_end.is_some_and(|h| h.date <= x) {
            return Flow::Stop;
        }
        self.renewal_cuts_continuing(w, x, notice)
    }

    /// v2 section W: the notices taking effect in the continuing period
    /// (before `cut_at` and a hard end) end the treaty or take their party
    /// out; a revoked one must have been revoked before it took effect.
    /// Returns whether the treaty ended.
    fn denunciations(
        &mut self,
        w: &mut State,
        notice: Length,
        cut_at: Option<NaiveDate>,
        hard_end: Option<&EndCandidate>,
    ) -> bool {
        let takes_effect = |e: &Event| calendar::add(e.date, &notice);
        let mut ended = false;
        while let Some(&i) = w.queue.non_renewal.front()
            && let Some(e) = self.event(i)
            && let Some(at) = takes_effect(e)
            && cut_at.is_none_or(|x| at < x)
            && hard_end.is_none_or(|h| h.date >= at)
        {
            w.queue.non_renewal.pop_front();
            if self.non_renewal_ends_treaty() {
                w.rule_end = Some(EndCandidate {
                    date: at,
                    reason: EndReason::NonRenewal,
                    event: Some(i),
                    assumed: e.assumed,
                });
                ended = true;
                break;
            }
            w.exits
                .push(Leaving::by_notice(e, i, at, WithdrawalRule::Continuing));
        }
        while let Some(&i) = w.queue.revoked.front()
            && let Some(e) = self.event(i)
            && let Some(at) = takes_effect(e)
            && cut_at.is_none_or(|x| at < x)
        {
            w.queue.revoked.pop_front();
            if let EventKind::Notice {
                revoked: Some(r), ..
            } = &e.kind
                && *r >= at
            {
                self.errors.push(
                    Diagnostic::error(
                        format!(
                            "the notice is revoked on {r}, but it had already taken effect on {at}"
                        ),
                        e.span.clone(),
                    )
                    .with_help(
                        "a notice can be revoked only before it takes effect; check `revoked`",
                    ),
                );
            }
        }
        ended
    }

    /// v2 section W: a renewal naming day `x` in the continuing period cuts
    /// it there and starts a renewal counted from `x`. Notices received
    /// before it that had not yet taken effect: a two-party (or
    /// treaty-ending) one is spent by the recorded renewal; a party's own
    /// still takes it out.
    fn renewal_cuts_continuing(&mut self, w: &mut State, x: NaiveDate, notice: Length) -> Flow {
        let Some((_, ri)) = w.queue.named.pop_front() else {
            return Flow::Stop;
        };
        let Some(re) = self.event(ri) else {
            return Flow::Stop;
        };
        while let Some(&i) = w.queue.non_renewal.front()
            && let Some(e) = self.event(i)
            && e.date < x
        {
            w.queue.non_renewal.pop_front();
            if self.non_renewal_ends_treaty() {
                self.placements.push(Placement::Spent {
                    record: ri,
                    notice: i,
                    boundary: x,
                });
            } else if let Some(at) = calendar::add(e.date, &notice) {
                w.exits
                    .push(Leaving::by_notice(e, i, at, WithdrawalRule::Continuing));
            }
        }
        if let Some(p) = w.periods.last_mut() {
            p.end = Some(x);
            p.end_rule = EndRule::CutByRenewal;
            p.assumed |= re.assumed;
        }
        w.used = w.used.saturating_add(1);
        let EventKind::Renewed { length, .. } = &re.kind else {
            return Flow::Stop;
        };
        let Some(l) = length.or(self.renewal_length) else {
            return Flow::Stop;
        };
        w.base = x;
        w.sum = Span::from(&l);
        let mut next = self.recorded_period(w, PeriodKind::Renewal, x, ri, re.assumed);
        next.index = w.periods.len();
        w.periods.push(next);
        Flow::Continue
    }

    /// What no boundary took: a non-renewal notice no boundary was timely
    /// for is placed nowhere (the audit warns of it); a renewal or extension
    /// left over attaches to no boundary (an error).
    fn leftovers(&mut self, w: State, hard_end: Option<&EndCandidate>) -> Walk {
        let State {
            periods,
            facts,
            rule_end,
            possible,
            exits,
            queue,
            ..
        } = w;
        for event in queue.non_renewal {
            let why = match (&rule_end, hard_end, periods.last()) {
                (_, _, Some(p)) if p.end.is_none() => NoBoundary::Open,
                (Some(end), _, _) | (None, Some(end), _) => NoBoundary::EndsFirst {
                    date: end.date,
                    reason: end.reason,
                },
                _ => NoBoundary::NoneFollows,
            };
            self.placements.push(Placement::Nowhere { event, why });
        }
        let mut unplaced = queue.unplaced;
        unplaced.extend(queue.named.into_iter().map(|(_, i)| i));
        unplaced.extend(queue.plain);
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
}

/// Section 3: the boundary closing the current period, from `cur_start`
/// to `cur_end`: its end, or the earlier day a renewal names as
/// `effective`. `None` when the walk stops: an open period (which has no
/// boundary to renew, so a renewal naming a day in it attaches to nothing),
/// or a hard end before the boundary. On the boundary itself a termination
/// or withdrawal wins the tie; a recorded expiry does not beat a
/// non-renewal notice taking effect that day, so the notices are still
/// judged (and nothing renews). Also returns the renewal naming the day.
fn next_boundary(
    w: &State,
    cur_start: NaiveDate,
    cur_end: Option<NaiveDate>,
    hard_end: Option<&EndCandidate>,
) -> Option<(Boundary, Option<usize>)> {
    let named = w
        .queue
        .named
        .front()
        .filter(|(d, _)| cur_end.is_none_or(|b| *d <= b))
        .copied();
    let date = match (named, cur_end) {
        (Some(_), None) => return None,
        (Some((d, _)), Some(_)) => d,
        (None, Some(b)) => b,
        (None, None) => return None,
    };
    let last = match hard_end {
        Some(h) if h.date < date => return None,
        Some(h) if h.date == date && h.reason < EndReason::NonRenewal => return None,
        Some(h) => h.date == date,
        None => false,
    };
    Some((
        Boundary {
            date,
            cur_start,
            cut: cur_end != Some(date),
            last,
            period: w.periods.len().saturating_sub(1),
        },
        named.map(|(_, i)| i),
    ))
}

impl Leaving {
    /// A party leaving by a non-renewal notice `e` (event `i`) on
    /// `effective`.
    fn by_notice(e: &Event, i: usize, effective: NaiveDate, rule: WithdrawalRule) -> Self {
        Leaving {
            party: e.kind.party().map(str::to_owned),
            notice: Some(e.date),
            effective: Some(effective),
            clause_effective: None,
            rule,
            event: Some(i),
            assumed: e.assumed,
            by_non_renewal: true,
            settled: false,
            suspended: false,
            postponed: Vec::new(),
        }
    }
}
