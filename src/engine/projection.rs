//! The projection: periods, end, deadlines, withdrawals and status.
//!
//! The engine walks the boundaries of a treaty in order. At each boundary it
//! applies, in the spec's order: a recorded renewal or extension for it; else
//! a non-renewal notice that takes effect there; else the renewal rule. The
//! hard ends (termination, recorded expiry, a two-party withdrawal) are known
//! before the walk, since they do not depend on the periods, and stop it.

use chrono::NaiveDate;

use super::calendar::{self, Span, add_span};
use super::{
    AnchorSource, Basis, Deadline, DeadlineKind, End, EndReason, EndRule, Horizon, Period,
    PeriodKind, Placement, Projection, ReadingProjection, State, Status, Withdrawal,
    WithdrawalRule, members, milestones, windows,
};
use crate::diag::Diagnostic;
use crate::model::{
    AnchorFrom, EarliestFrom, Ends, Event, EventKind, Length, NoticeEffect, RenewalMode,
    TakesEffect, TermDuration, Treaty,
};

mod walk;

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
    let mut base = Engine::new(treaty, horizon).run();
    // Every reading is projected the same way (v2 section R); what goes
    // wrong under one is reported naming it.
    let mut errors = Vec::new();
    let mut readings = Vec::new();
    for r in &treaty.readings {
        let Some(t) = treaty.with_reading(&r.name) else {
            continue;
        };
        match Engine::new(&t, horizon).run() {
            Ok(p) => readings.push(ReadingProjection {
                name: r.name.clone(),
                why: r.why.clone(),
                source: r.source.clone(),
                projection: Box::new(p),
            }),
            Err(problems) => errors.extend(problems.into_iter().map(|mut d| {
                d.message = format!("under the reading `{}`: {}", r.name, d.message);
                d.related
                    .push((r.span.clone(), format!("the reading `{}`", r.name)));
                d
            })),
        }
    }
    match &mut base {
        Ok(p) if errors.is_empty() => p.readings = readings,
        Ok(_) => return Err(errors),
        Err(e) => e.extend(errors),
    }
    base
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
    /// Suspended by a `postponed` event without `effective`.
    suspended: bool,
    /// The `postponed` events that moved it: (event, new date).
    postponed: Vec<(usize, NaiveDate)>,
}

struct Engine<'a> {
    t: &'a Treaty,
    horizon: &'a Horizon,
    errors: Vec<Diagnostic>,
    /// What the walk did with each record and non-renewal notice, for the
    /// audit of `check`.
    placements: Vec<Placement>,
    anchor: NaiveDate,
    anchor_source: AnchorSource,
    mode: RenewalMode,
    renewal_length: Option<Length>,
    max: Option<u32>,
    renewal_notice: Option<Length>,
    /// S of v2 section M: `in_force`, else the anchor.
    start_of_force: NaiveDate,
    /// When each party's membership spans open.
    openings: members::Openings<'a>,
    /// [`Treaty::is_bilateral`], asked at every boundary: computed once.
    bilateral: bool,
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
        let start_of_force = t.in_force.unwrap_or(anchor);
        Engine {
            start_of_force,
            openings: members::openings(t, start_of_force),
            bilateral: t.is_bilateral(),
            t,
            horizon,
            errors: Vec::new(),
            placements: Vec::new(),
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

    /// The pipeline of the spec: period 0 (section 3), the withdrawal
    /// notices (section 4, v2 W), the hard ends, the boundary walk (section
    /// 3: records, then notices, then the rule, at each boundary), the end
    /// (section 4, v2 M's `too-few-parties`), the status, the horizon
    /// (section 5), membership (v2 M), deadlines and milestones (v2 S).
    fn run(mut self) -> Result<Projection, Vec<Diagnostic>> {
        if self.t.pending {
            return Ok(self.pending());
        }
        let Some(first) = self.initial_period() else {
            return Err(self.errors);
        };
        let leaving = self.notice_withdrawals();
        let hard_end = self.hard_end(&leaving);
        let walk = self.walk(first, hard_end.as_ref());
        if !self.errors.is_empty() {
            return Err(self.sorted_errors());
        }
        let Walk {
            mut periods,
            facts,
            rule_end,
            possible,
            exits,
        } = walk;

        let mut leaving = leaving;
        leaving.extend(exits);
        if !self.withdrawal_ends_treaty() {
            self.settle(&mut leaving);
        }
        let all_withdrawals = withdrawals_of(leaving);
        let end = self.find_end(hard_end, rule_end, &all_withdrawals);
        cut_at_end(&mut periods, end.as_ref());
        let status = self.status_on(&periods, end.as_ref());
        let current = self.apply_horizon(&mut periods, possible, end.as_ref());

        // Withdrawals taking effect after the end never happened.
        let mut withdrawals: Vec<Withdrawal> = all_withdrawals
            .into_iter()
            .filter(|w| end.as_ref().is_none_or(|e| w.effective <= e.date))
            .collect();
        let mut end = end;
        self.survival(&mut withdrawals, end.as_mut());

        let members = members::spans(
            self.t,
            &self.openings,
            &withdrawals,
            end.as_ref(),
            &mut self.errors,
        );
        if !self.errors.is_empty() {
            return Err(self.sorted_errors());
        }
        let deadlines = self.deadlines(&periods, &facts, &end, &withdrawals, &members);
        let milestones = milestones::occurrences(
            self.t,
            self.anchor,
            self.horizon.until,
            end.as_ref().map(|e| e.date),
        );
        let mut status = status;
        status.bound = members
            .iter()
            .filter(|m| m.holds(status.on))
            .map(|m| m.party.clone())
            .collect();
        status.bound.sort();
        status.bound.dedup();

        Ok(Projection {
            anchor: self.anchor,
            anchor_source: self.anchor_source,
            periods,
            end,
            deadlines,
            withdrawals,
            status,
            current,
            placements: self.placements,
            pending: false,
            members,
            milestones,
            readings: Vec::new(),
            focus: None,
        })
    }

    fn sorted_errors(&mut self) -> Vec<Diagnostic> {
        let mut errors = std::mem::take(&mut self.errors);
        errors.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        errors
    }

    /// v2 section P: a treaty signed but not in force has no periods, no
    /// deadlines and no members; it is not in force on every day, unless a
    /// `terminated` event ended it. Milestones count from signature.
    fn pending(self) -> Projection {
        let t = self.t;
        let end = t
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.kind, EventKind::Terminated))
            .min_by_key(|(_, e)| e.date)
            .map(|(i, e)| End {
                date: e.date,
                reason: EndReason::Termination,
                event: Some(i),
                assumed: e.assumed,
                survives_until: None,
            });
        let today = self.horizon.today;
        let state = if end.as_ref().is_some_and(|e| today >= e.date) {
            State::Ended
        } else {
            State::NotInForce
        };
        let milestones = milestones::occurrences(
            t,
            t.signed,
            self.horizon.until,
            end.as_ref().map(|e| e.date),
        );
        Projection {
            anchor: t.signed,
            anchor_source: AnchorSource::Signed,
            periods: Vec::new(),
            end,
            deadlines: Vec::new(),
            withdrawals: Vec::new(),
            status: Status {
                on: today,
                state,
                period: None,
                period_end: None,
                bound: Vec::new(),
            },
            current: None,
            placements: self.placements,
            pending: true,
            members: Vec::new(),
            milestones,
            readings: Vec::new(),
            focus: None,
        }
    }

    /// Section 4, "The end": the earliest of the hard ends, where the rules
    /// stop renewing and (v2 M) the first day fewer than `min_parties` are
    /// bound; on one day the reasons rank termination, withdrawal,
    /// too-few-parties, non-renewal, expiry.
    fn find_end(
        &self,
        hard_end: Option<EndCandidate>,
        rule_end: Option<EndCandidate>,
        withdrawals: &[Withdrawal],
    ) -> Option<End> {
        let earlier = |a: Option<EndCandidate>, b: Option<EndCandidate>| match (a, b) {
            (Some(h), Some(r)) => Some(if h.key() <= r.key() { h } else { r }),
            (h, r) => h.or(r),
        };
        let mut end = earlier(hard_end, rule_end);
        if let Some(min) = self.t.term.min_parties {
            let so_far = end.as_ref().map(|c| End {
                date: c.date,
                reason: c.reason,
                event: c.event,
                assumed: c.assumed,
                survives_until: None,
            });
            let real: Vec<Withdrawal> = withdrawals
                .iter()
                .filter(|w| so_far.as_ref().is_none_or(|e| w.effective <= e.date))
                .cloned()
                .collect();
            let mut scratch = Vec::new();
            let spans =
                members::spans(self.t, &self.openings, &real, so_far.as_ref(), &mut scratch);
            if let Some(day) = members::too_few_from(&spans, min) {
                let cause = real.iter().find(|w| w.effective == day);
                end = earlier(
                    end,
                    Some(EndCandidate {
                        date: day,
                        reason: EndReason::TooFewParties,
                        event: cause.and_then(|w| w.event),
                        assumed: cause.is_some_and(|w| w.assumed),
                    }),
                );
            }
        }
        end.map(|c| End {
            date: c.date,
            reason: c.reason,
            event: c.event,
            assumed: c.assumed,
            survives_until: None,
        })
    }

    /// Section 4, "Status": the state on today, naming the period holding
    /// it whatever the horizon.
    fn status_on(&self, periods: &[Period], end: Option<&End>) -> Status {
        let today = self.horizon.today;
        let holding = periods.iter().find(|p| p.holds(today));
        let (state, period, period_end) = if today < self.start_of_force {
            (State::NotInForce, None, None)
        } else if end.is_some_and(|e| today >= e.date) {
            (State::Ended, None, None)
        } else {
            (
                State::InForce,
                holding.map(|p| p.index),
                holding.and_then(|p| p.end),
            )
        };
        Status {
            on: today,
            state,
            period,
            period_end,
            bound: Vec::new(),
        }
    }

    /// Section 5: periods starting after `until` are not listed (the first
    /// always is); the `possible` renewal is listed when the treaty ends at
    /// its start for want of a recorded renewal. Returns the period holding
    /// today when it is no longer listed.
    fn apply_horizon(
        &self,
        periods: &mut Vec<Period>,
        possible: Option<Period>,
        end: Option<&End>,
    ) -> Option<Period> {
        let today = self.horizon.today;
        let until = self.horizon.until;
        let current = periods
            .iter()
            .find(|p| p.holds(today))
            .filter(|p| p.start > until && p.index > 0)
            .cloned();
        periods.retain(|p| p.index == 0 || p.start <= until);
        if let (Some(mut p), Some(end)) = (possible, end)
            && end.reason == EndReason::Expiry
            && end.date == p.start
            && p.start <= until
        {
            p.index = periods.len();
            periods.push(p);
        }
        current
    }

    /// v2 section W, sunset clauses: with `[survival]`, each withdrawal and
    /// the end gain `survives_until = add(date, survival.length)`.
    fn survival(&self, withdrawals: &mut [Withdrawal], end: Option<&mut End>) {
        let Some(s) = &self.t.survival else { return };
        for w in withdrawals.iter_mut() {
            w.survives_until = calendar::add(w.effective, &s.length);
        }
        if let Some(e) = end {
            e.survives_until = calendar::add(e.date, &s.length);
        }
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

    /// Withdrawals from withdrawal notices and `withdrawn` events (spec
    /// section 4, "Withdrawal"; v2 section W: no clause, windows,
    /// `earliest_from`, `postponed`).
    fn notice_withdrawals(&mut self) -> Vec<Leaving> {
        let t = self.t;
        let notices = by_date(t, |k| {
            matches!(
                k,
                EventKind::Notice {
                    effect: NoticeEffect::Withdrawal,
                    ..
                }
            )
        });
        // Every withdrawal notice allowed by the clause, revoked or not: a
        // `postponed` event may act on one revoked later.
        let mut pending: Vec<(Leaving, Option<NaiveDate>)> = Vec::new();
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
            if !self.notice_allowed(e, party.as_deref()) {
                continue;
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
            pending.push((
                Leaving {
                    party: party.clone(),
                    notice: Some(e.date),
                    effective: eff,
                    clause_effective: None,
                    rule,
                    event: Some(i),
                    assumed: e.assumed,
                    by_non_renewal: false,
                    settled: false,
                    suspended: false,
                    postponed: Vec::new(),
                },
                *revoked,
            ));
        }
        self.apply_postponements(&mut pending);
        let mut out: Vec<Leaving> = Vec::new();
        for (l, revoked) in pending {
            let Some(r) = revoked else {
                if !l.suspended {
                    out.push(l);
                }
                continue;
            };
            // A suspended notice may be revoked at any time; any other only
            // before it takes effect.
            if !l.suspended
                && let Some(d) = l.effective.filter(|d| r >= *d)
                && let Some(e) = l.event.and_then(|i| self.event(i))
            {
                self.errors.push(
                    Diagnostic::error(
                        format!("the notice is revoked on {r}, but it had already taken effect on {d}"),
                        e.span.clone(),
                    )
                    .with_help("a notice can be revoked only before it takes effect; check `revoked`, or record the party's return as a `joined` event"),
                );
            }
        }
        self.successors_take_over(&mut out);
        // In a two-party treaty (or one whose withdrawals end it for all)
        // only withdrawal notices can be settled, and the settled dates
        // decide the end before the walk. In a larger one a non-renewal
        // notice also takes a party out, so recorded withdrawals are matched
        // after the walk, against both kinds.
        if self.withdrawal_ends_treaty() {
            self.settle(&mut out);
        }
        out
    }

    /// Whether a withdrawal ends the treaty for every party: two parties, or
    /// `withdrawal.ends = "treaty"` (v2 section W).
    fn withdrawal_ends_treaty(&self) -> bool {
        self.bilateral || self.t.withdrawal.ends == Ends::Treaty
    }

    /// Whether a non-renewal notice ends the treaty for every party: two
    /// parties, or `renewal.ends = "treaty"`.
    fn non_renewal_ends_treaty(&self) -> bool {
        self.bilateral
            || self
                .t
                .renewal
                .as_ref()
                .is_some_and(|r| r.ends == Ends::Treaty)
    }

    /// Whether the clause allows a withdrawal notice on `e.date`
    /// (`earliest`, counted from the anchor or the party's membership, and
    /// denunciation windows); reports an error naming the first allowed day
    /// when it does not.
    fn notice_allowed(&mut self, e: &Event, party: Option<&str>) -> bool {
        let t = self.t;
        let w = &t.withdrawal;
        if let Some(earliest) = &w.earliest {
            let (from, what) = match (w.earliest_from, party) {
                (EarliestFrom::Party, Some(p)) => {
                    let from = members::span_start(&self.openings, p, e.date)
                        .unwrap_or(self.start_of_force);
                    (from, format!("{p} bound from {from}"))
                }
                _ => (self.anchor, self.anchor.to_string()),
            };
            let opens = calendar::add(from, earliest);
            if opens.is_none_or(|o| e.date < o) {
                let when = opens.map_or("after 9999-12-31".to_owned(), |o| format!("from {o}"));
                self.errors.push(
                    Diagnostic::error(
                        format!("this withdrawal notice ({}) comes before the clause allows one: notice may be given only {when} ({what} + {earliest})", e.date),
                        e.span.clone(),
                    )
                    .with_related_in_file(!e.assumed, t.spans.withdrawal_earliest.clone(), "`withdrawal.earliest`")
                    .with_help("check the notice's date and `withdrawal.earliest`; a premature notice has no effect"),
                );
                return false;
            }
        }
        if let Some((every, window)) = &w.windows {
            match windows::holding(self.anchor, every, window, e.date) {
                windows::Place::Inside(_) => {}
                windows::Place::Before(next) => {
                    let says = match next {
                        Some(win) => format!(
                            "the next window runs from {} to {} inclusive",
                            win.opens,
                            calendar::previous_day(win.closes).unwrap_or(win.closes)
                        ),
                        None => "no window opens after it inside the calendar".to_owned(),
                    };
                    self.errors.push(
                        Diagnostic::error(
                            format!(
                                "this withdrawal notice ({}) is outside every denunciation window ({window} after each {every} from {}): {says}",
                                e.date, self.anchor
                            ),
                            e.span.clone(),
                        )
                        .with_related_in_file(!e.assumed, t.spans.withdrawal_windows.clone(), "`withdrawal.every`")
                        .with_help("a denunciation is registered only inside a window; check the notice's date, `every` and `window`"),
                    );
                    return false;
                }
            }
        }
        true
    }

    /// Applies each `postponed` event, in date order, to that party's latest
    /// withdrawal notice dated on or before it that, on the event's date, is
    /// not revoked, not settled by a `withdrawn` event and not yet in effect
    /// (v2 section W): with `effective` the notice now takes effect then,
    /// without it the notice is suspended.
    fn apply_postponements(&mut self, pending: &mut [(Leaving, Option<NaiveDate>)]) {
        let t = self.t;
        for i in by_date(t, |k| matches!(k, EventKind::Postponed { .. })) {
            let Some(e) = self.event(i) else { continue };
            let EventKind::Postponed { party, effective } = &e.kind else {
                continue;
            };
            let settled_by = |p: &Option<String>, notice: NaiveDate| {
                t.events.iter().any(|w| {
                    matches!(&w.kind, EventKind::Withdrawn { party: wp } if p.as_ref().is_none_or(|p| p == wp))
                        && w.date >= notice
                        && w.date <= e.date
                })
            };
            let target = pending
                .iter_mut()
                .filter(|(l, revoked)| {
                    let notice = l.notice.unwrap_or(calendar::MAX_DATE);
                    notice <= e.date
                        && party
                            .as_ref()
                            .is_none_or(|p| l.party.as_ref().is_none_or(|lp| lp == p))
                        && revoked.is_none_or(|r| r > e.date)
                        && !settled_by(&l.party, notice)
                        && (l.suspended || l.effective.is_none_or(|d| d > e.date))
                })
                .max_by_key(|(l, _)| l.notice);
            match target {
                Some((l, _)) => {
                    l.suspended = effective.is_none();
                    if let Some(d) = effective {
                        l.effective = Some(*d);
                        l.rule = WithdrawalRule::Postponed;
                        l.postponed.push((i, *d));
                    }
                    l.assumed |= e.assumed;
                }
                None => {
                    let whose = party
                        .as_deref()
                        .map_or("either party".to_owned(), str::to_owned);
                    self.errors.push(
                        Diagnostic::error(
                            format!("this `postponed` event ({}) finds no withdrawal notice of {whose} pending on that day", e.date),
                            e.span.clone(),
                        )
                        .with_help("a postponement acts on a withdrawal notice received on or before it that is not revoked, not settled by a `withdrawn` event and not yet in effect; check the dates"),
                    );
                }
            }
        }
    }

    /// A predecessor's notices still pending on the day a successor takes
    /// over become the successor's (v2 section M).
    fn successors_take_over(&self, out: &mut [Leaving]) {
        for e in &self.t.events {
            let EventKind::Succeeded { party, predecessor } = &e.kind else {
                continue;
            };
            for l in out.iter_mut() {
                if l.party.as_deref() == Some(predecessor.as_str())
                    && l.notice.is_some_and(|n| n < e.date)
                    && l.effective.is_some_and(|d| d > e.date)
                {
                    l.party = Some(party.clone());
                }
            }
        }
    }

    /// Recorded withdrawals settle the latest unsettled notice of the same
    /// party dated on or before them, replacing its effective date (the
    /// clause's date is kept for the audit); one without such a notice
    /// stands alone.
    fn settle(&self, out: &mut Vec<Leaving>) {
        let t = self.t;
        for i in by_date(t, |k| matches!(k, EventKind::Withdrawn { .. })) {
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
                    suspended: false,
                    postponed: Vec::new(),
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
        let ends_all = self.withdrawal_ends_treaty();
        let withdrawals = leaving.iter().filter(|_| ends_all).filter_map(|l| {
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
        members: &[super::Membership],
    ) -> Vec<Deadline> {
        let mut out = Vec::new();
        if matches!(
            self.mode,
            RenewalMode::Automatic | RenewalMode::UntilDenounced
        ) && let Some(notice) = &self.renewal_notice
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
                        until: None,
                        assumed: p.assumed,
                    });
                }
            }
        }
        let before_end = |d: NaiveDate| end.as_ref().is_none_or(|e| d < e.date);
        let w = &self.t.withdrawal;
        if let Some(earliest) = &w.earliest {
            // v2 M: counted from the party's own membership, the treaty-wide
            // day is `add(S, earliest)`, and each span that does not begin
            // on S gets its own (a successor's continues its predecessor's).
            let (from, per_party) = match w.earliest_from {
                EarliestFrom::Treaty => (self.anchor, false),
                EarliestFrom::Party => (self.start_of_force, true),
            };
            let mut opens: Vec<(NaiveDate, Option<String>)> = Vec::new();
            if let Some(d) = calendar::add(from, earliest) {
                opens.push((d, None));
            }
            if per_party {
                for m in members {
                    if matches!(m.basis, super::MemberBasis::Succeeded { .. }) {
                        continue;
                    }
                    if m.from != self.start_of_force
                        && let Some(d) = calendar::add(m.from, earliest)
                    {
                        opens.push((d, Some(m.party.clone())));
                    }
                }
            }
            for (date, party) in opens {
                if before_end(date) {
                    out.push(Deadline {
                        kind: DeadlineKind::WithdrawalOpens,
                        date,
                        latest: None,
                        period: None,
                        party,
                        boundary: None,
                        until: None,
                        assumed: false,
                    });
                }
            }
        }
        if let Some((every, window)) = &w.windows {
            for win in windows::listed(
                self.anchor,
                every,
                window,
                self.horizon.until,
                end.as_ref().map(|e| e.date),
            ) {
                out.push(Deadline {
                    kind: DeadlineKind::WithdrawalWindow,
                    date: win.opens,
                    latest: None,
                    period: None,
                    party: None,
                    boundary: None,
                    until: Some(win.closes),
                    assumed: false,
                });
            }
        }
        if self.t.survival.is_some() {
            for wd in withdrawals {
                if let Some(d) = wd.survives_until
                    && before_end(wd.effective)
                {
                    out.push(Deadline {
                        kind: DeadlineKind::SurvivalEnds,
                        date: d,
                        latest: None,
                        period: None,
                        party: wd.party.clone(),
                        boundary: None,
                        until: None,
                        assumed: wd.assumed,
                    });
                }
            }
            if let Some(e) = end
                && let Some(d) = e.survives_until
            {
                out.push(Deadline {
                    kind: DeadlineKind::SurvivalEnds,
                    date: d,
                    latest: None,
                    period: None,
                    party: None,
                    boundary: None,
                    until: None,
                    assumed: e.assumed,
                });
            }
        }
        for w in withdrawals {
            out.push(Deadline {
                kind: DeadlineKind::WithdrawalEffective,
                date: w.effective,
                latest: None,
                period: None,
                party: w.party.clone(),
                boundary: None,
                until: None,
                assumed: w.assumed,
            });
        }
        out.sort_by(|a, b| (a.date, a.kind, &a.party).cmp(&(b.date, b.kind, &b.party)));
        out
    }
}

/// The numbers of `t`'s events of the kinds `keep` accepts, in date order
/// (file order on one day).
fn by_date(t: &Treaty, keep: impl Fn(&EventKind) -> bool) -> Vec<usize> {
    let mut out: Vec<usize> = (0..t.events.len())
        .filter(|&i| t.events.get(i).is_some_and(|e| keep(&e.kind)))
        .collect();
    out.sort_by_key(|&i| t.events.get(i).map(|e| e.date));
    out
}

/// The withdrawals of the leaving parties that have a date, sorted by
/// effective date, then party (section 6).
fn withdrawals_of(leaving: Vec<Leaving>) -> Vec<Withdrawal> {
    let mut out: Vec<Withdrawal> = leaving
        .into_iter()
        .filter(|l| !l.suspended)
        .filter_map(|l| {
            Some(Withdrawal {
                effective: l.effective?,
                party: l.party,
                notice: l.notice,
                clause_effective: l.clause_effective,
                by_non_renewal: l.by_non_renewal,
                rule: l.rule,
                event: l.event,
                assumed: l.assumed,
                survives_until: None,
                postponed: l.postponed,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.effective, &a.party).cmp(&(b.effective, &b.party)));
    out
}

/// Section 4: periods from the end on are not listed, and the period holding
/// the end is cut there.
fn cut_at_end(periods: &mut Vec<Period>, end: Option<&End>) {
    let Some(end) = end else { return };
    periods.retain(|p| p.start < end.date);
    for p in periods {
        if p.end.is_none_or(|e| e > end.date) {
            p.end = Some(end.date);
            p.end_rule = EndRule::CutByEnd;
            p.assumed |= end.assumed;
        }
    }
}

struct Walk {
    periods: Vec<Period>,
    facts: Vec<BoundaryFacts>,
    rule_end: Option<EndCandidate>,
    possible: Option<Period>,
    exits: Vec<Leaving>,
}
