//! The treaty file format as typed values (spec `data-model.md` sections 1-2).
//!
//! A [`Treaty`] is what a `data/treaties/<id>.toml` file says, checked for
//! shape (keys, types, dates, lengths, parties) by [`load`]. What the rules
//! *mean* over time is the engine's business ([`crate::engine`]).

mod length;
pub mod load;
pub mod schema;

use std::ops::Range;

use chrono::NaiveDate;

pub use length::{Length, LengthError, MAX_DAYS, MAX_MONTHS};

/// A byte range in the treaty file's text, for diagnostics.
pub type ByteSpan = Range<usize>;

/// One treaty, as its file describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Treaty {
    /// The id: the file stem, e.g. `sino-dprk-1961`.
    pub id: String,
    /// The full title.
    pub title: String,
    /// A short display name, when the file gives one.
    pub short: Option<String>,
    /// The parties, at least two, in the file's order.
    pub parties: Vec<String>,
    /// The date of signature.
    pub signed: NaiveDate,
    /// The date of entry into force, when known (always `None` when
    /// [`Treaty::pending`]).
    pub in_force: Option<NaiveDate>,
    /// `in_force = "pending"`: signed but not in force (spec v2 section P).
    pub pending: bool,
    /// Where the facts come from.
    pub sources: Vec<String>,
    /// The duration, renewal and withdrawal articles, quoted.
    pub clause: Option<String>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// A warning every renderer shows with the treaty.
    pub caveat: Option<String>,
    /// The initial term.
    pub term: Term,
    /// The renewal clause; `None` when the treaty does not renew.
    pub renewal: Option<RenewalClause>,
    /// The withdrawal clause (defaults apply when the file has none).
    pub withdrawal: WithdrawalClause,
    /// `[membership]`: when a depositing party becomes bound (v2 section M).
    pub membership: MembershipRule,
    /// `[survival]`: how long obligations survive a withdrawal or the end
    /// (v2 section W).
    pub survival: Option<Survival>,
    /// The recorded history, in file order.
    pub events: Vec<Event>,
    /// Scheduled milestones (v2 section S).
    pub milestones: Vec<Milestone>,
    /// Other readings of the rules (v2 section R).
    pub readings: Vec<Reading>,
    /// Warning codes acknowledged for this file (v2 section C).
    pub allow: Vec<String>,
    /// The reading this treaty value is (see [`Treaty::with_reading`]);
    /// `None` for the base.
    pub reading: Option<String>,
    /// Where things are in the file, for diagnostics.
    pub spans: TreatySpans,
}

impl Treaty {
    /// The name to show: `short` when given, else the title.
    pub fn display_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.title)
    }

    /// Whether the treaty is two-party (a bilateral treaty ends when one
    /// party leaves; a multilateral one goes on for the others).
    ///
    /// Spec v2 section M: the parties listed, counting a predecessor and its
    /// successor (a `succeeded` event) as one. Three or more listed parties
    /// after that count are never two-party, whatever their dates.
    pub fn is_bilateral(&self) -> bool {
        let mut merged: Vec<(&str, &str)> = Vec::new();
        for e in &self.events {
            if let EventKind::Succeeded { party, predecessor } = &e.kind
                && !merged.iter().any(|(p, _)| *p == party.as_str())
            {
                merged.push((party, predecessor));
            }
        }
        // Each distinct successor whose predecessor is listed folds one name.
        let folded = merged
            .iter()
            .filter(|(p, q)| p != q && self.parties.iter().any(|x| x == q))
            .count();
        self.parties.len().saturating_sub(folded) == 2
    }

    /// The treaty as `name` reads it: the reading's tables replace the
    /// base's whole (spec v2 section R); events and milestones are shared.
    /// `None` when the file has no such reading.
    pub fn with_reading(&self, name: &str) -> Option<Treaty> {
        let r = self.readings.iter().find(|r| r.name == name)?;
        let mut t = self.clone();
        if let Some(f) = &r.in_force {
            match f {
                ReadingInForce::Date(d) => {
                    t.in_force = Some(*d);
                    t.pending = false;
                }
                ReadingInForce::Pending => {
                    t.in_force = None;
                    t.pending = true;
                }
            }
        }
        if let Some(term) = &r.term {
            t.term = term.clone();
            t.spans.term = r.span.clone();
            t.spans.term_end = r.span.clone();
            t.spans.anchor = r.span.clone();
        }
        if let Some(renewal) = &r.renewal {
            t.renewal = Some(renewal.clone());
            t.spans.renewal_mode = Some(r.span.clone());
            t.spans.renewal_length = None;
        }
        if let Some(w) = &r.withdrawal {
            t.withdrawal = w.clone();
            t.spans.withdrawal_earliest = None;
        }
        if let Some(m) = &r.membership {
            t.membership = m.clone();
        }
        if let Some(s) = &r.survival {
            t.survival = Some(s.clone());
        }
        t.readings = Vec::new();
        t.reading = Some(r.name.clone());
        Some(t)
    }

    /// The names of the file's readings, in file order.
    pub fn reading_names(&self) -> Vec<&str> {
        self.readings.iter().map(|r| r.name.as_str()).collect()
    }
}

/// Byte spans of the parts of a treaty file that diagnostics point at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TreatySpans {
    /// The whole `[term]` table (or the document when it is missing).
    pub term: ByteSpan,
    /// The term's `length`, `expires` or `last_day` value.
    pub term_end: ByteSpan,
    /// The term's `from` value, or the `signed`/`in_force` value the anchor
    /// defaults to.
    pub anchor: ByteSpan,
    /// `[renewal]`'s `mode`, when present.
    pub renewal_mode: Option<ByteSpan>,
    /// `[renewal]`'s `length`, when present.
    pub renewal_length: Option<ByteSpan>,
    /// `[withdrawal]`'s `earliest`, when present.
    pub withdrawal_earliest: Option<ByteSpan>,
    /// `[withdrawal]`'s `every`, when present.
    pub withdrawal_windows: Option<ByteSpan>,
}

/// The initial term: how long period 0 lasts and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// How period 0 ends.
    pub duration: TermDuration,
    /// Where the count of periods starts.
    pub from: AnchorFrom,
    /// `min_parties`: the treaty ends when fewer are bound (v2 section M).
    pub min_parties: Option<u32>,
}

/// How the initial term ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermDuration {
    /// A length counted from the anchor.
    Length(Length),
    /// A fixed end: the first day no longer in force.
    Expires {
        /// The first day no longer in force.
        expires: NaiveDate,
        /// Whether the file wrote it as `last_day` (the day before).
        written_as_last_day: bool,
    },
    /// No end by time.
    Indefinite,
}

impl TermDuration {
    /// The term's length, when it has one.
    pub fn length(&self) -> Option<&Length> {
        match self {
            TermDuration::Length(l) => Some(l),
            _ => None,
        }
    }
}

/// Where boundaries are counted from (`term.from`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorFrom {
    /// Not given: entry into force when known, else signature.
    Default,
    /// The date of signature.
    Signed,
    /// The date of entry into force.
    InForce,
    /// An explicit date.
    Date(NaiveDate),
}

/// `[renewal]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewalClause {
    /// How renewal happens.
    pub mode: RenewalMode,
    /// The length of each renewal; `None` means the term's length.
    pub length: Option<Length>,
    /// The most renewals and extensions allowed.
    pub max: Option<u32>,
    /// How long before a period ends a non-renewal notice must come.
    pub notice: Option<Length>,
    /// Whether a non-renewal notice ends the treaty for every party.
    pub ends: Ends,
}

/// `ends` in `[renewal]` and `[withdrawal]` (v2 section W): whom one
/// party's notice takes out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Ends {
    /// Only the notifying party leaves (two-party treaties end either way).
    #[default]
    Party,
    /// The treaty ends for every party.
    Treaty,
}

impl Ends {
    /// `party` or `treaty`.
    pub fn as_str(self) -> &'static str {
        match self {
            Ends::Party => "party",
            Ends::Treaty => "treaty",
        }
    }
}

/// `renewal.mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenewalMode {
    /// Renews by itself unless a party gives notice (tacit renewal).
    Automatic,
    /// Renews only when the parties agree.
    Agreement,
    /// Does not renew.
    None,
    /// A fixed term, then in force until a notice takes effect (v2
    /// section W).
    UntilDenounced,
}

impl RenewalMode {
    /// The spelling used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            RenewalMode::Automatic => "automatic",
            RenewalMode::Agreement => "agreement",
            RenewalMode::None => "none",
            RenewalMode::UntilDenounced => "until-denounced",
        }
    }
}

/// `[withdrawal]`, with the defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WithdrawalClause {
    /// Whether the file has a `[withdrawal]` table at all.
    pub declared: bool,
    /// The notice period; default 12 months (VCLT Art. 56(2)).
    pub notice: Length,
    /// Notice is allowed only from `anchor + earliest`.
    pub earliest: Option<Length>,
    /// How the effective date follows from the notice.
    pub takes_effect: TakesEffect,
    /// Whether one party's withdrawal ends the treaty for all.
    pub ends: Ends,
    /// Denunciation windows: `(every, window)`; notice only inside one.
    pub windows: Option<(Length, Length)>,
    /// Where `earliest` counts from.
    pub earliest_from: EarliestFrom,
}

impl Default for WithdrawalClause {
    fn default() -> Self {
        WithdrawalClause {
            declared: false,
            notice: Length::months(12),
            earliest: None,
            takes_effect: TakesEffect::Anniversary,
            ends: Ends::Party,
            windows: None,
            earliest_from: EarliestFrom::Treaty,
        }
    }
}

/// `withdrawal.earliest_from`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EarliestFrom {
    /// From the anchor.
    #[default]
    Treaty,
    /// From the first day of the notifying party's membership span.
    Party,
}

impl EarliestFrom {
    /// `treaty` or `party`.
    pub fn as_str(self) -> &'static str {
        match self {
            EarliestFrom::Treaty => "treaty",
            EarliestFrom::Party => "party",
        }
    }
}

/// `[membership]`: `rule(d)` of v2 section M, the day a party depositing on
/// `d` becomes bound (before `max(S, ...)`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MembershipRule {
    /// `in_force_after`: `d` + this length.
    pub in_force_after: Option<Length>,
    /// `in_force_on = "first-of-month-after"`.
    pub first_of_month_after: bool,
}

/// `[survival]`: obligations survive each withdrawal and the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Survival {
    /// How long they survive.
    pub length: Length,
    /// What survives, in words.
    pub note: Option<String>,
}

/// One `[[milestone]]` (v2 section S).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Milestone {
    /// What happens.
    pub title: String,
    /// When: a length after the anchor, or a date.
    pub at: MilestoneAt,
    /// Repeats every this long (only with `after`).
    pub every: Option<Length>,
    /// A note.
    pub note: Option<String>,
    /// Where the fact comes from.
    pub source: Option<String>,
    /// The milestone's table in the file.
    pub span: ByteSpan,
}

/// When a milestone falls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MilestoneAt {
    /// `after`: counted from the anchor.
    After(Length),
    /// `date`: a fixed day.
    Date(NaiveDate),
}

/// One `[[reading]]` (v2 section R): another reading of the rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// An id-like name, unique in the file.
    pub name: String,
    /// Why this reading exists.
    pub why: Option<String>,
    /// Where it comes from.
    pub source: Option<String>,
    /// Replaces `in_force`.
    pub in_force: Option<ReadingInForce>,
    /// Replaces `[term]` whole.
    pub term: Option<Term>,
    /// Replaces `[renewal]` whole.
    pub renewal: Option<RenewalClause>,
    /// Replaces `[withdrawal]` whole.
    pub withdrawal: Option<WithdrawalClause>,
    /// Replaces `[membership]` whole.
    pub membership: Option<MembershipRule>,
    /// Replaces `[survival]` whole.
    pub survival: Option<Survival>,
    /// The reading's table (its `name` value).
    pub span: ByteSpan,
}

/// A reading's `in_force`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadingInForce {
    /// A date.
    Date(NaiveDate),
    /// `"pending"`.
    Pending,
}

/// `withdrawal.takes_effect`: the reading of "takes effect ... after notice".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TakesEffect {
    /// On `notice date + notice` (UN depositary practice).
    Anniversary,
    /// The day after `notice date + notice`.
    DayAfter,
    /// The first day of the month after `notice date + notice`.
    FirstOfMonthAfter,
    /// 1 January of the second year after the notice.
    EndOfFollowingYear,
}

impl TakesEffect {
    /// The spelling used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            TakesEffect::Anniversary => "anniversary",
            TakesEffect::DayAfter => "day-after",
            TakesEffect::FirstOfMonthAfter => "first-of-month-after",
            TakesEffect::EndOfFollowingYear => "end-of-following-year",
        }
    }
}

/// One `[[event]]`: a recorded fact.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// When it happened (for a notice: when it was received).
    pub date: NaiveDate,
    /// What happened, with the fields that kind takes.
    pub kind: EventKind,
    /// A free-text note.
    pub note: Option<String>,
    /// Where the fact comes from.
    pub source: Option<String>,
    /// The event's table in the file (its `date` value).
    pub span: ByteSpan,
    /// The 1-based line of the event's `date`.
    pub line: usize,
    /// Whether the event is hypothetical (`--assume`) rather than recorded.
    pub assumed: bool,
}

/// The kinds of event, each with the fields it takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A renewal: of `length` (default the renewal length), optionally
    /// naming the day it took `effective`.
    Renewed {
        /// The renewal's own length.
        length: Option<Length>,
        /// The day the renewal started.
        effective: Option<NaiveDate>,
    },
    /// An extension of the current period.
    Extended(ExtensionEnd),
    /// A notice of non-renewal or withdrawal.
    Notice {
        /// Which kind of notice.
        effect: NoticeEffect,
        /// The notifying party.
        party: Option<String>,
        /// For a withdrawal: the date the notice names.
        effective: Option<NaiveDate>,
        /// The day the notice was revoked.
        revoked: Option<NaiveDate>,
    },
    /// A party's withdrawal took effect.
    Withdrawn {
        /// The party.
        party: String,
    },
    /// A party joined or rejoined: bound from `max(S, date)`.
    Joined {
        /// The party.
        party: String,
    },
    /// A party deposited its instrument: bound from `max(S, rule(date))`
    /// (v2 section M).
    Deposited {
        /// The party.
        party: String,
    },
    /// `party` continues `predecessor`'s membership from `date`.
    Succeeded {
        /// The successor.
        party: String,
        /// The state it succeeds.
        predecessor: String,
    },
    /// A withdrawal notice's effect is moved (`effective`) or suspended
    /// (without it) (v2 section W).
    Postponed {
        /// The notifying party, when named.
        party: Option<String>,
        /// The new effective date; `None` suspends the notice.
        effective: Option<NaiveDate>,
    },
    /// The treaty was terminated.
    Terminated,
    /// The treaty expired.
    Expired,
    /// Recorded for the timeline only.
    Suspended {
        /// The party, if one.
        party: Option<String>,
    },
    /// Recorded for the timeline only.
    Resumed {
        /// The party, if one.
        party: Option<String>,
    },
    /// Recorded for the timeline only.
    Amended {
        /// The party, if one.
        party: Option<String>,
    },
    /// Recorded for the timeline only.
    Note {
        /// The party, if one.
        party: Option<String>,
    },
}

impl EventKind {
    /// The `kind` spelling of the file.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Renewed { .. } => "renewed",
            EventKind::Extended(_) => "extended",
            EventKind::Notice { .. } => "notice",
            EventKind::Withdrawn { .. } => "withdrawn",
            EventKind::Joined { .. } => "joined",
            EventKind::Deposited { .. } => "deposited",
            EventKind::Succeeded { .. } => "succeeded",
            EventKind::Postponed { .. } => "postponed",
            EventKind::Terminated => "terminated",
            EventKind::Expired => "expired",
            EventKind::Suspended { .. } => "suspended",
            EventKind::Resumed { .. } => "resumed",
            EventKind::Amended { .. } => "amended",
            EventKind::Note { .. } => "note",
        }
    }

    /// The party the event names, if any.
    pub fn party(&self) -> Option<&str> {
        match self {
            EventKind::Notice { party, .. }
            | EventKind::Suspended { party }
            | EventKind::Resumed { party }
            | EventKind::Amended { party }
            | EventKind::Note { party }
            | EventKind::Postponed { party, .. } => party.as_deref(),
            EventKind::Withdrawn { party }
            | EventKind::Joined { party }
            | EventKind::Deposited { party }
            | EventKind::Succeeded { party, .. } => Some(party),
            _ => None,
        }
    }
}

/// How an extension ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtensionEnd {
    /// On a fixed date: the first day no longer in force.
    Expires {
        /// The first day no longer in force.
        expires: NaiveDate,
        /// Whether the file wrote it as `last_day`.
        written_as_last_day: bool,
    },
    /// After a length counted from the boundary it extends.
    Length(Length),
}

/// `effect` of a notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeEffect {
    /// The notifying party does not want the treaty renewed.
    NonRenewal,
    /// The notifying party withdraws (denounces).
    Withdrawal,
}

impl NoticeEffect {
    /// The spelling used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeEffect::NonRenewal => "non-renewal",
            NoticeEffect::Withdrawal => "withdrawal",
        }
    }
}

/// The names every file may use for `kind`.
pub const EVENT_KINDS: [&str; 14] = [
    "renewed",
    "extended",
    "notice",
    "withdrawn",
    "joined",
    "deposited",
    "succeeded",
    "postponed",
    "terminated",
    "expired",
    "suspended",
    "resumed",
    "amended",
    "note",
];
