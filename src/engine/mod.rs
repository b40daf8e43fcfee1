//! The date engine: from a [`Treaty`](crate::Treaty)'s rules and recorded
//! history to its periods, end, deadlines, withdrawals and status (spec
//! `data-model.md` sections 2-5).
//!
//! [`project`] is the entry point. All date arithmetic is delegated to
//! [`calendar`].

pub mod audit;
pub mod calendar;
mod members;
mod milestones;
mod projection;
pub mod upcoming;
pub mod windows;

use chrono::NaiveDate;

pub use calendar::Span;
pub use projection::project;

/// What a projection is asked for: the day that counts as today and how far
/// ahead periods are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Horizon {
    /// The day the status is computed for.
    pub today: NaiveDate,
    /// Periods are listed while they start on or before this day.
    pub until: NaiveDate,
}

impl Horizon {
    /// `today` with the default horizon of 30 years after it (capped at the
    /// end of the calendar).
    pub fn from_today(today: NaiveDate) -> Horizon {
        let until = calendar::add(today, &crate::Length::years(30)).unwrap_or(calendar::MAX_DATE);
        Horizon { today, until }
    }
}

/// Everything the engine derives for one treaty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Projection {
    /// The day boundaries are counted from.
    pub anchor: NaiveDate,
    /// Where the anchor comes from.
    pub anchor_source: AnchorSource,
    /// The listed periods, in order.
    pub periods: Vec<Period>,
    /// How and when the treaty ends, if it does.
    pub end: Option<End>,
    /// Deadlines, sorted by date, kind, party.
    pub deadlines: Vec<Deadline>,
    /// Parties leaving, sorted by effective date, then party.
    pub withdrawals: Vec<Withdrawal>,
    /// The state on [`Horizon::today`].
    pub status: Status,
    /// The period holding `today`, when it is not listed (past the horizon).
    pub current: Option<Period>,
    /// What the boundary walk did with each recorded renewal, extension and
    /// non-renewal notice, in the order it met them: the facts the history
    /// audit ([`audit`]) judges without walking again.
    pub placements: Vec<Placement>,
    /// Signed but not in force (spec v2 section P).
    pub pending: bool,
    /// Who is bound when: one span per membership, sorted by `from`, then
    /// party (spec v2 section M).
    pub members: Vec<Membership>,
    /// Milestones on or before the horizon and before the end (v2 section S).
    pub milestones: Vec<MilestoneDate>,
    /// Every other reading of the file, projected the same way (v2 section R).
    pub readings: Vec<ReadingProjection>,
    /// The party this projection is focused on (`--party`), if any.
    pub focus: Option<String>,
}

/// One party's membership span `[from, until)` (spec v2 section M).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    /// The party.
    pub party: String,
    /// The first day bound.
    pub from: NaiveDate,
    /// The first day no longer bound, if it ends.
    pub until: Option<NaiveDate>,
    /// Why it ended.
    pub left: Option<Left>,
    /// How `from` was found, for explanations.
    pub basis: MemberBasis,
}

impl Membership {
    /// Whether the party is bound on `day`.
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day < u)
    }
}

/// Where a party stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartyState {
    /// Bound, since this day (the start of the current span).
    Bound {
        /// The first day of the span.
        since: NaiveDate,
    },
    /// Not a party on the day; bound later from `from`, if ever.
    NotAParty {
        /// The first day bound after the day, if any.
        from: Option<NaiveDate>,
    },
    /// Left on `on` (the first day no longer bound), for `why`.
    Left {
        /// The first day no longer bound.
        on: NaiveDate,
        /// Why.
        why: Left,
    },
}

impl PartyState {
    /// "bound since 2011-11-01", "not a party on 2010-01-01 (bound from
    /// 2011-11-01)", "left on 2019-03-17 (withdrawal)".
    pub fn describe(&self, party: &str, day: NaiveDate) -> String {
        match self {
            PartyState::Bound { since } => format!("{party}: bound since {since}"),
            PartyState::NotAParty { from: Some(f) } => {
                format!("{party}: not a party on {day} (bound from {f})")
            }
            PartyState::NotAParty { from: None } => format!("{party}: not a party on {day}"),
            PartyState::Left { on, why } => {
                format!("{party}: left on {on} ({})", why.as_str())
            }
        }
    }
}

/// How a membership span began.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberBasis {
    /// An original party, bound from the treaty's start of force.
    Original,
    /// A `deposited` event: `deposit`, then `after` (`in_force_after`) and
    /// the first of the next month when the file says so, not before the
    /// start of force.
    Deposited {
        /// The day of deposit.
        deposit: NaiveDate,
        /// `deposit + in_force_after`, when the file gives that length.
        after: Option<NaiveDate>,
        /// Whether the day moved to the first of the next month.
        first_of_month: bool,
        /// Whether the start of force came later and was used.
        from_start_of_force: bool,
    },
    /// A `joined` event.
    Joined {
        /// The event's date.
        date: NaiveDate,
    },
    /// Continues `predecessor`'s membership.
    Succeeded {
        /// The predecessor state.
        predecessor: String,
    },
}

/// Why a membership ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Left {
    /// Its own withdrawal (or its own notice that ended the treaty).
    Withdrawal,
    /// A successor continued it.
    Succession,
    /// The treaty ended for another cause.
    End,
}

impl Left {
    /// `withdrawal`, `succession` or `end`.
    pub fn as_str(self) -> &'static str {
        match self {
            Left::Withdrawal => "withdrawal",
            Left::Succession => "succession",
            Left::End => "end",
        }
    }
}

/// One occurrence of a `[[milestone]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MilestoneDate {
    /// The milestone's title.
    pub title: String,
    /// The day.
    pub date: NaiveDate,
    /// Its index in the treaty's milestones.
    pub milestone: usize,
}

/// What the boundary walk (spec section 3) did with one recorded event:
/// where a renewal, extension or non-renewal notice was placed, or why a
/// notice was placed nowhere. Event numbers index [`Treaty::events`](crate::Treaty::events);
/// a boundary closes the period numbered `period`, which started on
/// `period_start`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A non-renewal notice was timely for `boundary` (whether it then
    /// took effect or a recorded renewal spent it).
    Notice {
        /// The notice.
        event: usize,
        /// The boundary it was timely for.
        boundary: NaiveDate,
        /// The period the boundary closes.
        period: usize,
        /// That period's start.
        period_start: NaiveDate,
    },
    /// A recorded renewal at `boundary` spent a timely non-renewal notice
    /// that would have ended the treaty there.
    Spent {
        /// The renewal.
        record: usize,
        /// The notice it spent.
        notice: usize,
        /// Where the notice would have ended the treaty.
        boundary: NaiveDate,
    },
    /// A recorded renewal or extension attached to `boundary`.
    Record {
        /// The renewal or extension.
        event: usize,
        /// The boundary it attached to.
        boundary: NaiveDate,
        /// The period the boundary closes.
        period: usize,
        /// That period's start.
        period_start: NaiveDate,
        /// It named its `effective` day, before that period's end, and cut
        /// the period there.
        cut: bool,
        /// The renewals and extensions before it, counted against
        /// `renewal.max`.
        used: u32,
    },
    /// A non-renewal notice no boundary was timely for.
    Nowhere {
        /// The notice.
        event: usize,
        /// Why.
        why: NoBoundary,
    },
}

/// Why a non-renewal notice took effect nowhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoBoundary {
    /// The last period has no end (an indefinite term, or one past
    /// 9999-12-31).
    Open,
    /// The treaty ends (the walk's end, else the hard end) before a
    /// boundary the notice is timely for.
    EndsFirst {
        /// The end's day.
        date: NaiveDate,
        /// Its reason.
        reason: EndReason,
    },
    /// No boundary follows the notice.
    NoneFollows,
}

/// A reading projected beside the base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadingProjection {
    /// The reading's name.
    pub name: String,
    /// Why it exists.
    pub why: Option<String>,
    /// Where it comes from.
    pub source: Option<String>,
    /// The projection under it.
    pub projection: Box<Projection>,
}

impl Projection {
    /// The next boundary strictly after `day` at which something happens
    /// (a renewal, an extension, the end), from the listed periods and the end.
    pub fn next_boundary_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        let from_periods = self
            .periods
            .iter()
            .chain(self.current.iter())
            .filter(|p| p.basis != Basis::Possible)
            .filter_map(|p| p.end)
            .filter(|e| *e > day)
            .min();
        let end = self.end.as_ref().map(|e| e.date).filter(|d| *d > day);
        match (from_periods, end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Marks as `assumed` every period, deadline, withdrawal and end that is
    /// not in `baseline` (the projection without the assumed events), so
    /// that a what-if shows exactly the dates it changed.
    pub fn mark_changes_from(&mut self, baseline: &Projection) {
        for p in self.periods.iter_mut().chain(self.current.iter_mut()) {
            p.assumed = !baseline
                .periods
                .iter()
                .chain(baseline.current.iter())
                .any(|b| {
                    (b.index, b.kind, b.start, b.end, b.basis)
                        == (p.index, p.kind, p.start, p.end, p.basis)
                });
        }
        for d in &mut self.deadlines {
            d.assumed = !baseline.deadlines.iter().any(|b| {
                (b.kind, b.date, b.latest, b.period, &b.party)
                    == (d.kind, d.date, d.latest, d.period, &d.party)
            });
        }
        for w in &mut self.withdrawals {
            w.assumed = !baseline
                .withdrawals
                .iter()
                .any(|b| (&b.party, b.notice, b.effective) == (&w.party, w.notice, w.effective));
        }
        if let Some(end) = &mut self.end {
            end.assumed = baseline
                .end
                .as_ref()
                .is_none_or(|b| (b.date, b.reason) != (end.date, end.reason));
        }
    }

    /// Whether any date differs from the baseline it was marked against.
    pub fn has_assumed(&self) -> bool {
        self.periods.iter().any(|p| p.assumed)
            || self.deadlines.iter().any(|d| d.assumed)
            || self.withdrawals.iter().any(|w| w.assumed)
            || self.end.as_ref().is_some_and(|e| e.assumed)
    }

    /// The first deadline on or after `day`.
    pub fn next_deadline_from(&self, day: NaiveDate) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.date >= day)
    }

    /// The period that starts on `boundary` (listed, or the one holding
    /// today past the horizon). Periods are in date order, so this is a
    /// binary search: a report asking it at every boundary stays linear.
    pub fn period_starting(&self, boundary: NaiveDate) -> Option<&Period> {
        let at = self.periods.partition_point(|x| x.start < boundary);
        self.periods
            .get(at)
            .filter(|x| x.start == boundary)
            .or_else(|| self.current.as_ref().filter(|x| x.start == boundary))
    }

    /// The parties bound on `day`, sorted.
    pub fn bound_on(&self, day: NaiveDate) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .members
            .iter()
            .filter(|m| m.holds(day))
            .map(|m| m.party.as_str())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Keeps only what concerns `party` (`--party`): its membership spans,
    /// its withdrawals, and the deadlines that are its own or the treaty's
    /// (those without a party); the same in every reading.
    pub fn focus_on(&mut self, party: &str) {
        let concerns = |p: &Option<String>| p.as_deref().is_none_or(|x| x == party);
        self.deadlines.retain(|d| concerns(&d.party));
        self.withdrawals
            .retain(|w| w.party.as_deref().is_none_or(|x| x == party));
        self.members.retain(|m| m.party == party);
        self.focus = Some(party.to_owned());
        for r in &mut self.readings {
            r.projection.focus_on(party);
        }
    }

    /// Where `party` stands on `day` (v2 section M): bound since when, not
    /// (yet) a party, or left on a day and why.
    pub fn party_state(&self, party: &str, day: NaiveDate) -> PartyState {
        let spans: Vec<&Membership> = self.members.iter().filter(|m| m.party == party).collect();
        if let Some(m) = spans.iter().find(|m| m.holds(day)) {
            return PartyState::Bound { since: m.from };
        }
        match spans
            .iter()
            .filter(|m| m.until.is_some_and(|u| u <= day))
            .max_by_key(|m| m.until)
        {
            Some(m) => PartyState::Left {
                on: m.until.unwrap_or(day),
                why: m.left.unwrap_or(Left::End),
            },
            None => PartyState::NotAParty {
                from: spans.iter().map(|m| m.from).filter(|f| *f > day).min(),
            },
        }
    }

    /// The first milestone on or after `day`.
    pub fn next_milestone_from(&self, day: NaiveDate) -> Option<&MilestoneDate> {
        self.milestones.iter().find(|m| m.date >= day)
    }
}

/// Where the anchor date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorSource {
    /// `signed`.
    Signed,
    /// `in_force`.
    InForce,
    /// An explicit `term.from` date.
    Explicit,
}

impl AnchorSource {
    /// The key the anchor comes from.
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorSource::Signed => "signed",
            AnchorSource::InForce => "in_force",
            AnchorSource::Explicit => "term.from",
        }
    }
}

/// A period of force `[start, end)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// Position in the sequence, from 0.
    pub index: usize,
    /// Initial term, renewal or extension.
    pub kind: PeriodKind,
    /// The first day of the period.
    pub start: NaiveDate,
    /// The first day after it; `None` when open (indefinite, or past 9999).
    pub end: Option<NaiveDate>,
    /// Why the period exists.
    pub basis: Basis,
    /// How the end was computed.
    pub end_rule: EndRule,
    /// The recorded event that created the period (its index in the
    /// treaty's events), if any.
    pub event: Option<usize>,
    /// Whether an assumed (hypothetical) event produced or moved this period.
    pub assumed: bool,
}

impl Period {
    /// The last day in force (the day before `end`).
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.end.and_then(calendar::previous_day)
    }

    /// Whether `day` falls in the period.
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.start <= day && self.end.is_none_or(|e| day < e)
    }
}

/// How a period's end was computed, for explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndRule {
    /// `add(base, sum)`: counted from `base` by the summed lengths.
    Counted {
        /// Where the count started (the anchor, or where it restarted).
        base: NaiveDate,
        /// The lengths summed since then.
        sum: Span,
        /// The day of month asked for when the month step was clamped.
        clamped_from: Option<u32>,
    },
    /// A fixed date written in the file (`expires` or `last_day`).
    Fixed,
    /// Cut short by a renewal's `effective` date.
    CutByRenewal,
    /// Cut short by the treaty's end.
    CutByEnd,
    /// A continuing period (`until-denounced`): no end until a notice.
    Continuing,
    /// No end: indefinite, or the count left the calendar.
    Open,
}

/// The kind of period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// Period 0.
    Initial,
    /// A renewal.
    Renewal,
    /// An extension.
    Extension,
    /// After the term of an `until-denounced` treaty: in force until a
    /// notice takes effect (v2 section W).
    Continuing,
}

impl PeriodKind {
    /// `initial`, `renewal` or `extension`.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Initial => "initial",
            PeriodKind::Renewal => "renewal",
            PeriodKind::Extension => "extension",
            PeriodKind::Continuing => "continuing",
        }
    }
}

/// Why a period exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Basis {
    /// Period 0, or from a recorded event.
    Recorded,
    /// From an automatic-renewal rule, with no event.
    Automatic,
    /// A renewal the parties could agree to (agreement mode), not in force.
    Possible,
}

impl Basis {
    /// `recorded`, `automatic` or `possible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Recorded => "recorded",
            Basis::Automatic => "automatic",
            Basis::Possible => "possible",
        }
    }
}

/// The end of the treaty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct End {
    /// The first day no longer in force.
    pub date: NaiveDate,
    /// Why it ended.
    pub reason: EndReason,
    /// The event that caused it, if one did.
    pub event: Option<usize>,
    /// Whether an assumed event caused it.
    pub assumed: bool,
    /// `add(date, survival.length)`: until when obligations survive (only
    /// with `[survival]`).
    pub survives_until: Option<NaiveDate>,
}

/// Why a treaty ended. Ordered by precedence: on the same day the first wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EndReason {
    /// Terminated (by agreement, supersession, ...).
    Termination,
    /// A party's withdrawal from a two-party treaty.
    Withdrawal,
    /// A non-renewal notice took effect.
    NonRenewal,
    /// Fewer than `term.min_parties` parties remained bound (v2 section M).
    TooFewParties,
    /// The term ran out (renewals stopped, or a recorded expiry).
    Expiry,
}

impl EndReason {
    /// `termination`, `withdrawal`, `non-renewal` or `expiry`.
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Termination => "termination",
            EndReason::Withdrawal => "withdrawal",
            EndReason::NonRenewal => "non-renewal",
            EndReason::TooFewParties => "too-few-parties",
            EndReason::Expiry => "expiry",
        }
    }
}

/// A date by which something must be done, or on which it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// What kind of deadline.
    pub kind: DeadlineKind,
    /// The date: for a notice deadline, the last safe day to have the notice
    /// received.
    pub date: NaiveDate,
    /// For a notice deadline: the last day on the lenient reading.
    pub latest: Option<NaiveDate>,
    /// The period it belongs to (notice deadlines only).
    pub period: Option<usize>,
    /// The party concerned, where there is one.
    pub party: Option<String>,
    /// The boundary the notice deadline protects (the period's end).
    pub boundary: Option<NaiveDate>,
    /// For a denunciation window: the first day after it.
    pub until: Option<NaiveDate>,
    /// Whether an assumed event produced or moved it.
    pub assumed: bool,
}

impl Deadline {
    /// What the deadline asks for or announces, as a sentence fragment:
    /// "last safe day for a non-renewal notice to be received before
    /// 2041-07-11", "withdrawal of Russia takes effect".
    pub fn describe(&self) -> String {
        match self.kind {
            DeadlineKind::NonRenewalNotice => match self.boundary {
                Some(b) => {
                    format!("last safe day for a non-renewal notice to be received before {b}")
                }
                None => "last safe day for a non-renewal notice to be received".to_owned(),
            },
            DeadlineKind::WithdrawalOpens => match &self.party {
                Some(p) => format!("{p} may give withdrawal notice from this day"),
                None => "withdrawal notice may be given from this day".to_owned(),
            },
            DeadlineKind::WithdrawalWindow => match self.until.and_then(calendar::previous_day) {
                Some(last) => format!("denunciation window opens (notice received up to {last})"),
                None => "denunciation window opens".to_owned(),
            },
            DeadlineKind::SurvivalEnds => match &self.party {
                Some(p) => format!("the protection surviving {p}'s withdrawal lapses"),
                None => "the protection surviving the treaty's end lapses".to_owned(),
            },
            DeadlineKind::WithdrawalEffective => {
                format!(
                    "withdrawal of {} takes effect",
                    self.party.as_deref().unwrap_or("a party")
                )
            }
        }
    }

    /// [`Deadline::describe`], with the lenient reading's last day when it
    /// differs.
    pub fn describe_with_latest(&self) -> String {
        match self.latest.filter(|l| *l != self.date) {
            Some(l) => format!("{} (lenient reading: {l})", self.describe()),
            None => self.describe(),
        }
    }
}

/// The kinds of deadline, in the alphabetical order the spec sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeadlineKind {
    /// The last day to give non-renewal notice before a boundary.
    NonRenewalNotice,
    /// Obligations surviving a withdrawal or the end stop (`[survival]`).
    SurvivalEnds,
    /// A withdrawal takes effect.
    WithdrawalEffective,
    /// The first day withdrawal notice may be given.
    WithdrawalOpens,
    /// A denunciation window opens (`withdrawal.every`/`window`).
    WithdrawalWindow,
}

impl DeadlineKind {
    /// The spelling used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::NonRenewalNotice => "non-renewal-notice",
            DeadlineKind::WithdrawalEffective => "withdrawal-effective",
            DeadlineKind::WithdrawalOpens => "withdrawal-opens",
            DeadlineKind::WithdrawalWindow => "withdrawal-window",
            DeadlineKind::SurvivalEnds => "survival-ends",
        }
    }
}

/// A party leaving the treaty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    /// The party, when named (a bilateral notice may omit it).
    pub party: Option<String>,
    /// The day the notice was received; `None` for a recorded withdrawal
    /// without a notice.
    pub notice: Option<NaiveDate>,
    /// The first day the party is no longer bound.
    pub effective: NaiveDate,
    /// The date the clause gave, when a recorded `withdrawn` event replaced
    /// it with another (the audit compares the two).
    pub clause_effective: Option<NaiveDate>,
    /// Whether it comes from a non-renewal notice (multilateral treaties).
    pub by_non_renewal: bool,
    /// How the effective date was found.
    pub rule: WithdrawalRule,
    /// The notice or withdrawn event (index in the treaty's events).
    pub event: Option<usize>,
    /// Whether an assumed event produced it.
    pub assumed: bool,
    /// `add(effective, survival.length)` (only with `[survival]`).
    pub survives_until: Option<NaiveDate>,
    /// The `postponed` events that moved it, in order: (event index, new
    /// effective date).
    pub postponed: Vec<(usize, NaiveDate)>,
}

/// How a withdrawal's effective date was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WithdrawalRule {
    /// From the clause: `takes_effect` applied to `notice + notice period`.
    Clause {
        /// `add(notice date, withdrawal.notice)`.
        after_notice: NaiveDate,
    },
    /// The date the notice names.
    Named,
    /// Settled by a recorded `withdrawn` event.
    Recorded,
    /// At the end of the period the non-renewal notice was timely for.
    NonRenewal,
    /// `add(notice, renewal.notice)` in a continuing period
    /// (`until-denounced`).
    Continuing,
    /// Moved by a `postponed` event.
    Postponed,
}

/// The state of a treaty on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The day.
    pub on: NaiveDate,
    /// Not yet in force, in force, or ended.
    pub state: State,
    /// The period holding the day, when in force.
    pub period: Option<usize>,
    /// That period's (possibly cut) end.
    pub period_end: Option<NaiveDate>,
    /// The listed parties bound on the day, sorted (v2 section M).
    pub bound: Vec<String>,
}

/// The state of a treaty on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Before entry into force (or the anchor).
    NotInForce,
    /// In force.
    InForce,
    /// On or after the end.
    Ended,
}

impl State {
    /// `not-in-force`, `in-force` or `ended`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::NotInForce => "not-in-force",
            State::InForce => "in-force",
            State::Ended => "ended",
        }
    }
}
