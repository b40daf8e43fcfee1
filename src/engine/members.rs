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

/// The start of one membership span.
#[derive(Clone, Debug)]
pub(super) struct Opening {
    pub(super) party: String,
    /// The first day bound.
    pub(super) from: NaiveDate,
    /// The day of the event that opened it (`from` for original parties).
    pub(super) dated: NaiveDate,
    pub(super) basis: MemberBasis,
    /// The event that opened it.
    pub(super) event: Option<usize>,
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
pub(super) fn openings(t: &Treaty, s: NaiveDate) -> Vec<Opening> {
    // Each party's events, in date order, found in one pass over the
    // events: a treaty of 200 parties and hundreds of events stays linear.
    let mut naming: HashMap<&str, Vec<usize>> = HashMap::with_capacity(t.parties.len());
    for i in by_date(t) {
        let Some(e) = t.events.get(i) else { continue };
        if let Some(p) = e.kind.party() {
            naming.entry(p).or_default().push(i);
        }
        if let EventKind::Succeeded { predecessor, party } = &e.kind
            && predecessor != party
        {
            naming.entry(predecessor.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for party in &t.parties {
        let events = naming.get(party.as_str()).map_or(&[][..], Vec::as_slice);
        let mut first = true;
        for &i in events {
            let Some(e) = t.events.get(i) else { continue };
            let opening = match &e.kind {
                EventKind::Deposited { .. } => {
                    let (after, day) = deposit_rule(t, e.date);
                    let day = day.unwrap_or(calendar::MAX_DATE);
                    Some(Opening {
                        party: party.clone(),
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
                        party: party.clone(),
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
                    out.push(Opening {
                        party: party.clone(),
                        from: s,
                        dated: s,
                        basis: MemberBasis::Original,
                        event: None,
                    });
                }
                first = false;
            }
            if let Some(o) = opening {
                out.push(o);
            }
        }
        if first {
            // No event names the party: an original party.
            out.push(Opening {
                party: party.clone(),
                from: s,
                dated: s,
                basis: MemberBasis::Original,
                event: None,
            });
        }
    }
    out.sort_by(|a, b| (a.from, &a.party).cmp(&(b.from, &b.party)));
    out
}

/// The first day of the membership span `party` is in on `day`, for
/// `withdrawal.earliest_from = "party"`: a successor's span continues its
/// predecessor's. `None` when no span of the party has opened by `day`.
pub(super) fn span_start(openings: &[Opening], party: &str, day: NaiveDate) -> Option<NaiveDate> {
    let o = openings
        .iter()
        .filter(|o| o.party == party && o.from <= day)
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
    openings: &[Opening],
    withdrawals: &[Withdrawal],
    end: Option<&End>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Membership> {
    // Every change to a membership, grouped by party in one pass each.
    let mut by_party: HashMap<&str, Vec<(NaiveDate, u8, Change)>> =
        HashMap::with_capacity(t.parties.len());
    for (i, o) in openings.iter().enumerate() {
        by_party
            .entry(o.party.as_str())
            .or_default()
            .push((o.from, 1, Change::Open(i)));
    }
    for w in withdrawals {
        if let Some(p) = w.party.as_deref() {
            by_party.entry(p).or_default().push((
                w.effective,
                0,
                Change::Close(Left::Withdrawal, w.effective),
            ));
        }
    }
    for e in &t.events {
        if let EventKind::Succeeded { predecessor, .. } = &e.kind {
            by_party.entry(predecessor.as_str()).or_default().push((
                e.date,
                0,
                Change::Close(Left::Succession, e.date),
            ));
        }
    }
    let mut out = Vec::new();
    for party in &t.parties {
        let mut changes = by_party.remove(party.as_str()).unwrap_or_default();
        // On one day a span closes before another opens (a withdrawal and a
        // rejoining the same day make two spans).
        changes.sort_by_key(|(d, order, _)| (*d, *order));
        let mut open: Option<Membership> = None;
        for (_, _, change) in changes {
            match change {
                Change::Open(i) => {
                    let Some(o) = openings.get(i) else { continue };
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
                Change::Close(left, day) => {
                    if let Some(mut m) = open.take() {
                        if day <= m.from {
                            // Left before it was bound: no span at all.
                            continue;
                        }
                        m.until = Some(day);
                        m.left = Some(left);
                        out.push(m);
                    }
                }
            }
        }
        if let Some(m) = open {
            out.push(m);
        }
    }
    // The end closes every span still open (or cuts one running past it).
    if let Some(end) = end {
        out.retain(|m| m.from < end.date);
        for m in &mut out {
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
            for m in &mut out {
                if m.party == party && m.until == Some(end.date) {
                    m.left = Some(Left::Withdrawal);
                }
            }
        }
    }
    out.sort_by(|a, b| (a.from, &a.party).cmp(&(b.from, &b.party)));
    check_events(t, &out, end, errors);
    out
}

/// Section M's errors about events and membership.
fn check_events(t: &Treaty, spans: &[Membership], end: Option<&End>, errors: &mut Vec<Diagnostic>) {
    let before_end = |d: NaiveDate| end.is_none_or(|e| d < e.date);
    let mut of_party: HashMap<&str, Vec<&Membership>> = HashMap::new();
    for m in spans {
        of_party.entry(m.party.as_str()).or_default().push(m);
    }
    let bound = |_: &[Membership], party: &str, day: NaiveDate| {
        of_party
            .get(party)
            .is_some_and(|v| v.iter().any(|m| m.holds(day)))
    };
    for e in &t.events {
        match &e.kind {
            EventKind::Withdrawn { party } => {
                let day_before = calendar::previous_day(e.date).unwrap_or(e.date);
                if before_end(e.date) && !bound(spans, party, day_before) {
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
            } if before_end(e.date) && !bound(spans, party, e.date) => {
                let first = spans
                    .iter()
                    .filter(|m| &m.party == party)
                    .map(|m| m.from)
                    .min();
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
