//! Who is bound, when (spec v2 section M).
//!
//! Membership is computed in two steps. Before the boundary walk, the
//! *openings*: when each party's membership spans begin (from the start of
//! force, a `deposited` or `joined` event, or a succession), which is all a
//! withdrawal clause counting from the party's own membership needs. After
//! the walk, when withdrawals and the end are known, the *spans*: each
//! opening runs until the party's withdrawal, its succession by another
//! state, or the treaty's end.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::calendar;
use super::{End, EndReason, Left, MemberBasis, Membership, Withdrawal};
use crate::diag::Diagnostic;
use crate::model::{EventKind, Treaty};

/// The treaty's parties by their place in `parties`: membership groups
/// events, openings and spans by that number, so that a treaty of 200
/// parties hashes each name once per projection and copies none.
pub(super) struct PartyIndex<'a> {
    parties: &'a [String],
    /// Each name's place (the first, were a name listed twice); not made
    /// for a few parties, which are compared in turn.
    place: Option<HashMap<&'a str, usize>>,
    /// By place: the place of the same name's first listing.
    first: Vec<usize>,
    /// By place: the name's rank in the names sorted, to sort by name with
    /// numbers.
    rank: Vec<usize>,
}

impl<'a> PartyIndex<'a> {
    fn new(parties: &'a [String]) -> Self {
        let (place, first) = if parties.len() > FEW_PARTIES {
            let mut place = HashMap::with_capacity(parties.len());
            let first = parties
                .iter()
                .enumerate()
                .map(|(j, p)| *place.entry(p.as_str()).or_insert(j))
                .collect();
            (Some(place), first)
        } else {
            let first = parties
                .iter()
                .enumerate()
                .map(|(j, p)| parties.iter().position(|q| q == p).unwrap_or(j))
                .collect();
            (None, first)
        };
        let mut sorted: Vec<usize> = (0..parties.len()).collect();
        sorted.sort_by_key(|&j| parties.get(j));
        let mut rank = vec![0; parties.len()];
        for (r, &j) in sorted.iter().enumerate() {
            if let Some(x) = rank.get_mut(j) {
                *x = r;
            }
        }
        PartyIndex {
            parties,
            place,
            first,
            rank,
        }
    }

    /// The place of `name` in the treaty's parties.
    fn get(&self, name: &str) -> Option<usize> {
        match &self.place {
            Some(place) => place.get(name).copied(),
            None => self.parties.iter().position(|p| p == name),
        }
    }

    /// The place of the first listing of the name at place `j`.
    fn first(&self, j: usize) -> Option<usize> {
        self.first.get(j).copied()
    }

    /// The rank of the name at place `j` in the names sorted.
    fn rank(&self, j: usize) -> usize {
        self.rank.get(j).copied().unwrap_or(usize::MAX)
    }
}

/// Up to this many parties, a name is found by comparing it with each.
const FEW_PARTIES: usize = 8;

/// Where each party's membership spans begin ([`openings`]), with the
/// index of the parties they were found with.
pub(super) struct Openings<'a> {
    /// Sorted by `from`, then party.
    list: Vec<Opening>,
    index: PartyIndex<'a>,
}

/// The start of one membership span.
#[derive(Clone, Debug)]
struct Opening {
    /// The party's place in [`PartyIndex`].
    key: usize,
    /// The first day bound.
    from: NaiveDate,
    /// The day of the event that opened it (`from` for original parties).
    dated: NaiveDate,
    basis: MemberBasis,
    /// The event that opened it.
    event: Option<usize>,
}

/// `rule(d)` of section M: the day a party depositing on `d` is bound,
/// before `max(S, ...)`.
fn deposit_rule(t: &Treaty, d: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let after = match &t.membership.in_force_after {
        Some(l) => calendar::add(d, l),
        None => Some(d),
    };
    let day = if t.membership.first_of_month_after {
        after.and_then(calendar::first_of_next_month)
    } else {
        after
    };
    (after.filter(|_| t.membership.in_force_after.is_some()), day)
}

/// The events in date order (file order on a day), as indices.
fn by_date(t: &Treaty) -> Vec<usize> {
    let mut order: Vec<usize> = (0..t.events.len()).collect();
    order.sort_by_key(|&i| t.events.get(i).map(|e| e.date));
    order
}

/// When each party's spans open, in date order: every listed party is bound
/// from the start of force `s` unless the first event naming it is
/// `deposited` or `joined`, or it is a successor; later `deposited` and
/// `joined` events open new spans (a rejoining party).
pub(super) fn openings(t: &Treaty, s: NaiveDate) -> Openings<'_> {
    let index = PartyIndex::new(&t.parties);
    // Each party's events, in date order, found in one pass over the
    // events and one stable sort by party: a treaty of 200 parties and
    // hundreds of events stays linear.
    let mut naming: Vec<(usize, usize)> = Vec::with_capacity(t.events.len());
    for i in by_date(t) {
        let Some(e) = t.events.get(i) else { continue };
        if let Some(k) = e.kind.party().and_then(|p| index.get(p)) {
            naming.push((k, i));
        }
        if let EventKind::Succeeded { predecessor, party } = &e.kind
            && predecessor != party
            && let Some(k) = index.get(predecessor)
        {
            naming.push((k, i));
        }
    }
    naming.sort_by_key(|&(k, _)| k);
    let mut out = Vec::with_capacity(t.parties.len() + naming.len());
    for (j, party) in t.parties.iter().enumerate() {
        let Some(key) = index.first(j) else {
            continue;
        };
        let from = naming.partition_point(|&(k, _)| k < key);
        let to = naming.partition_point(|&(k, _)| k <= key);
        let original = || Opening {
            key,
            from: s,
            dated: s,
            basis: MemberBasis::Original,
            event: None,
        };
        let mut first = true;
        for &(_, i) in naming.get(from..to).unwrap_or_default() {
            let Some(e) = t.events.get(i) else { continue };
            let opening = match &e.kind {
                EventKind::Deposited { .. } => {
                    let (after, day) = deposit_rule(t, e.date);
                    let day = day.unwrap_or(calendar::MAX_DATE);
                    Some(Opening {
                        key,
                        from: day.max(s),
                        dated: e.date,
                        basis: MemberBasis::Deposited {
                            deposit: e.date,
                            after,
                            first_of_month: t.membership.first_of_month_after,
                            from_start_of_force: s > day,
                        },
                        event: Some(i),
                    })
                }
                // Bound from the event's own day (or the start of force).
                EventKind::Joined { .. } | EventKind::Succeeded { .. } => {
                    let basis = match &e.kind {
                        EventKind::Succeeded {
                            party: successor,
                            predecessor,
                        } if successor == party => MemberBasis::Succeeded {
                            predecessor: predecessor.clone(),
                        },
                        EventKind::Joined { .. } => MemberBasis::Joined { date: e.date },
                        // Named as the predecessor: that closes a span, later.
                        _ => MemberBasis::Original,
                    };
                    (basis != MemberBasis::Original).then(|| Opening {
                        key,
                        from: e.date.max(s),
                        dated: e.date,
                        basis,
                        event: Some(i),
                    })
                }
                _ => None,
            };
            if first {
                if opening.is_none() {
                    out.push(original());
                }
                first = false;
            }
            if let Some(o) = opening {
                out.push(o);
            }
        }
        if first {
            // No event names the party: an original party.
            out.push(original());
        }
    }
    // By `from`, then party (the rank of its name).
    out.sort_by_key(|o| (o.from, index.rank(o.key)));
    Openings { list: out, index }
}

/// The first day of the membership span `party` is in on `day`, for
/// `withdrawal.earliest_from = "party"`: a successor's span continues its
/// predecessor's. `None` when no span of the party has opened by `day`.
pub(super) fn span_start(
    openings: &Openings<'_>,
    party: &str,
    day: NaiveDate,
) -> Option<NaiveDate> {
    let key = openings.index.get(party)?;
    let o = openings
        .list
        .iter()
        .filter(|o| o.key == key && o.from <= day)
        .max_by_key(|o| o.from)?;
    match &o.basis {
        MemberBasis::Succeeded { predecessor } => {
            span_start(openings, predecessor, o.dated).or(Some(o.from))
        }
        _ => Some(o.from),
    }
}

/// One change to a party's membership, for the chronological sweep.
#[derive(Clone, Debug)]
enum Change {
    Open(usize),
    Close(Left, NaiveDate),
}

/// The membership spans, sorted by `from` then party, with every error of
/// section M: a `withdrawn` event for a party not bound the day before, a
/// `deposited` or `joined` event for a party already bound, a notice or
/// `postponed` event dated while the party is not bound (unless dated on or
/// after the end).
pub(super) fn spans(
    t: &Treaty,
    openings: &Openings<'_>,
    withdrawals: &[Withdrawal],
    end: Option<&End>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Membership> {
    let index = &openings.index;
    // Every change to a membership, by party: one list sorted stably by
    // party, day and kind (on one day a span closes before another opens:
    // a withdrawal and a rejoining the same day make two spans).
    let mut changes: Vec<(usize, NaiveDate, u8, Change)> =
        Vec::with_capacity(openings.list.len() + withdrawals.len());
    for (i, o) in openings.list.iter().enumerate() {
        changes.push((o.key, o.from, 1, Change::Open(i)));
    }
    for w in withdrawals {
        if let Some(k) = w.party.as_deref().and_then(|p| index.get(p)) {
            changes.push((
                k,
                w.effective,
                0,
                Change::Close(Left::Withdrawal, w.effective),
            ));
        }
    }
    for e in &t.events {
        if let EventKind::Succeeded { predecessor, .. } = &e.kind
            && let Some(k) = index.get(predecessor)
        {
            changes.push((k, e.date, 0, Change::Close(Left::Succession, e.date)));
        }
    }
    changes.sort_by_key(|(k, d, order, _)| (*k, *d, *order));
    // Each span with its party's place in the index.
    let mut out: Vec<(usize, Membership)> = Vec::with_capacity(openings.list.len());
    for (j, party) in t.parties.iter().enumerate() {
        // A name listed twice has its changes under its first place.
        if index.first(j) != Some(j) {
            continue;
        }
        let from = changes.partition_point(|(k, ..)| *k < j);
        let to = changes.partition_point(|(k, ..)| *k <= j);
        let mut open: Option<Membership> = None;
        for (_, _, _, change) in changes.get(from..to).unwrap_or_default() {
            match change {
                Change::Open(i) => {
                    let Some(o) = openings.list.get(*i) else {
                        continue;
                    };
                    if let Some(cur) = &open {
                        // Already bound: an error for a later `deposited` or
                        // `joined` (a successor re-listed is not).
                        if let Some(e) = o.event.and_then(|i| t.events.get(i))
                            && !matches!(o.basis, MemberBasis::Succeeded { .. })
                        {
                            errors.push(
                                Diagnostic::error(
                                    format!(
                                        "{party} is already bound on {} (since {}): this `{}` event cannot make it a party again",
                                        e.date,
                                        cur.from,
                                        e.kind.name()
                                    ),
                                    e.span.clone(),
                                )
                                .with_help("a party bound from the start of force has no `deposited` or `joined` event; a party that rejoins needs its withdrawal first"),
                            );
                        }
                        continue;
                    }
                    open = Some(Membership {
                        party: party.clone(),
                        from: o.from,
                        until: None,
                        left: None,
                        basis: o.basis.clone(),
                    });
                }
                &Change::Close(left, day) => {
                    if let Some(mut m) = open.take() {
                        if day <= m.from {
                            // Left before it was bound: no span at all.
                            continue;
                        }
                        m.until = Some(day);
                        m.left = Some(left);
                        out.push((j, m));
                    }
                }
            }
        }
        if let Some(m) = open {
            out.push((j, m));
        }
    }
    // The end closes every span still open (or cuts one running past it).
    if let Some(end) = end {
        out.retain(|(_, m)| m.from < end.date);
        for (_, m) in &mut out {
            if m.until.is_none_or(|u| u > end.date) {
                m.until = Some(end.date);
                m.left = Some(Left::End);
            }
        }
        // A party whose own notice ended the treaty left by withdrawal.
        if matches!(end.reason, EndReason::Withdrawal | EndReason::NonRenewal)
            && let Some(party) = end
                .event
                .and_then(|i| t.events.get(i))
                .and_then(|e| e.kind.party())
        {
            for (_, m) in &mut out {
                if m.party == party && m.until == Some(end.date) {
                    m.left = Some(Left::Withdrawal);
                }
            }
        }
    }
    // Still grouped by party, in the order of `parties`.
    check_events(t, index, &out, end, errors);
    // By `from`, then party (the rank of its name).
    out.sort_by_key(|(j, m)| (m.from, index.rank(*j)));
    out.into_iter().map(|(_, m)| m).collect()
}

/// Section M's errors about events and membership; `spans` are grouped by
/// party, in the order of `parties`, each with the party's place.
fn check_events(
    t: &Treaty,
    index: &PartyIndex<'_>,
    spans: &[(usize, Membership)],
    end: Option<&End>,
    errors: &mut Vec<Diagnostic>,
) {
    let before_end = |d: NaiveDate| end.is_none_or(|e| d < e.date);
    let of_party = |party: &str| {
        let Some(k) = index.get(party) else {
            return &[][..];
        };
        let from = spans.partition_point(|(x, _)| *x < k);
        let to = spans.partition_point(|(x, _)| *x <= k);
        spans.get(from..to).unwrap_or_default()
    };
    let bound = |party: &str, day: NaiveDate| of_party(party).iter().any(|(_, m)| m.holds(day));
    for e in &t.events {
        match &e.kind {
            EventKind::Withdrawn { party } => {
                let day_before = calendar::previous_day(e.date).unwrap_or(e.date);
                if before_end(e.date) && !bound(party, day_before) {
                    errors.push(
                        Diagnostic::error(
                            format!("{party} is not bound on {day_before}, so it cannot withdraw on {}", e.date),
                            e.span.clone(),
                        )
                        .with_help("check the date and the party's `deposited`, `joined` or `succeeded` events"),
                    );
                }
            }
            EventKind::Notice {
                party: Some(party), ..
            }
            | EventKind::Postponed {
                party: Some(party), ..
            } if before_end(e.date) && !bound(party, e.date) => {
                let first = of_party(party).iter().map(|(_, m)| m.from).min();
                let why = match first {
                    Some(f) if e.date < f => format!("it is bound only from {f}"),
                    Some(_) => "it is no longer bound then".to_owned(),
                    None => "it is never bound".to_owned(),
                };
                errors.push(
                        Diagnostic::error(
                            format!(
                                "{party} gives this `{}` on {}, but {why}",
                                e.kind.name(),
                                e.date
                            ),
                            e.span.clone(),
                        )
                        .with_help("only a party bound on the day can give notice; check the date and the party's membership events"),
                    );
            }
            _ => {}
        }
    }
}

/// The first day on which fewer than `min` of the listed parties are bound,
/// after a day on or after the start of force on which at least `min` were
/// (`term.min_parties`).
pub(super) fn too_few_from(spans: &[Membership], min: u32) -> Option<NaiveDate> {
    let mut changes: Vec<(NaiveDate, i64)> = Vec::new();
    for m in spans {
        changes.push((m.from, 1));
        if let Some(u) = m.until {
            changes.push((u, -1));
        }
    }
    changes.sort();
    let min = i64::from(min);
    let mut count = 0i64;
    let mut reached = false;
    let mut i = 0;
    while let Some(&(day, _)) = changes.get(i) {
        while let Some(&(d, delta)) = changes.get(i)
            && d == day
        {
            count += delta;
            i += 1;
        }
        if count >= min {
            reached = true;
        } else if reached {
            return Some(day);
        }
    }
    None
}
