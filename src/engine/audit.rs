//! The history audit of `treatyline check`: where the recorded history and
//! the rules disagree, or look mistaken.
//!
//! Warnings, never errors: the recorded history is the fact, the rules are
//! how the file models the treaty, and a disagreement is something a reader
//! should see explained (in the treaty's `caveat`), not something the tool
//! may silently resolve.

use chrono::NaiveDate;

use super::calendar;
use super::{EndReason, Horizon, NoBoundary, Placement, Projection, project};
use crate::diag::Diagnostic;
use crate::model::{Event, EventKind, NoticeEffect, RenewalMode, Treaty};

/// Every warning about `treaty`'s history on `horizon.today`, in file order.
///
/// A pass over the finished projection: it judges where the walk placed
/// each record and notice ([`Projection::placements`]: late or
/// lenient-only non-renewal notices, notices taking effect nowhere, records
/// beyond the rules, a renewal overriding a timely notice, a renewal dated
/// shortly after a boundary), flags withdrawal notices under no withdrawal
/// clause, and compares each recorded `expired`, `terminated` and
/// `withdrawn` date with what the rules alone give; it also flags events
/// before signature and facts dated after today.
///
/// A treaty that does not project has no audit (its errors come first).
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use treatyline::{engine::{audit::audit, Horizon}, model::load::parse_treaty};
///
/// let t = parse_treaty("lease", r#"
/// title = "Lease"
/// parties = ["A", "B"]
/// signed = 1898-06-09
/// in_force = 1898-07-01
/// [term]
/// length = "99y"
/// [[event]]
/// date = 1997-06-30
/// kind = "expired"
/// "#).unwrap();
/// let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
/// let warnings = audit(&t, &Horizon::from_today(today));
/// assert!(warnings[0].message.contains("the rules give 1997-07-01"));
/// ```
pub fn audit(treaty: &Treaty, horizon: &Horizon) -> Vec<Diagnostic> {
    match project(treaty, horizon) {
        Ok(p) => audit_projected(treaty, &p, horizon),
        Err(_) => Vec::new(),
    }
}

/// [`audit`], given `p`, the treaty's projection on `horizon`.
pub fn audit_projected(treaty: &Treaty, p: &Projection, horizon: &Horizon) -> Vec<Diagnostic> {
    let mut out = no_withdrawal_clause(treaty, p);
    for placed in &p.placements {
        judge_placement(treaty, placed, &mut out);
    }
    out.extend(notice_not_shorter_than_period(treaty, p.anchor));
    // What the rules give without any recorded end: one projection, against
    // which every recorded `expired` and `terminated` date is compared.
    let recorded_end =
        |e: &&crate::model::Event| matches!(e.kind, EventKind::Expired | EventKind::Terminated);
    let rules_alone = if treaty.events.iter().any(|e| recorded_end(&e)) {
        let mut without = treaty.clone();
        without.events.retain(|e| !recorded_end(&e));
        project(&without, horizon).ok()
    } else {
        None
    };
    for e in &treaty.events {
        let (kind, date, signed, today) = (e.kind.name(), e.date, treaty.signed, horizon.today);
        if date < signed {
            out.push(on_event(
                e,
                "before-signature",
                format!(
                    "this `{kind}` event ({date}) is dated before the treaty was signed ({signed})"
                ),
                "check the year; events before signature belong to another instrument",
            ));
        }
        if date > today && !e.assumed {
            out.push(on_event(
                e,
                "future-event",
                format!("this `{kind}` event is dated {date}, after today ({today})"),
                "the history records facts; for a what-if, use `--assume` instead",
            ));
        }
        match &e.kind {
            EventKind::Expired => {
                if let Some(b) = &rules_alone {
                    let by_rules = b.end.as_ref().filter(|x| {
                        x.reason == EndReason::Expiry || x.reason == EndReason::NonRenewal
                    });
                    let message = match (&b.end, by_rules) {
                        (_, Some(end)) if end.date == e.date => None,
                        (_, Some(end)) => Some(format!(
                            "the treaty is recorded as expired on {}, but the rules give {} ({})",
                            e.date,
                            end.date,
                            end.reason.as_str()
                        )),
                        (Some(end), None) => Some(format!(
                            "the treaty is recorded as expired on {}, but the rules end it on {} ({})",
                            e.date,
                            end.date,
                            end.reason.as_str()
                        )),
                        (None, None) => Some(format!(
                            "the treaty is recorded as expired on {}, but the rules never end it",
                            e.date
                        )),
                    };
                    if let Some(m) = message {
                        out.push(Diagnostic::warning("recorded-end-differs", m, e.span.clone()).with_help(
                            "check the date (an expiry is the first day no longer in force) and the term; explain a real disagreement in `caveat`",
                        ));
                    }
                }
            }
            EventKind::Terminated => {
                if let Some(b) = &rules_alone
                    && let Some(end) = b.end.as_ref().filter(|x| x.date < e.date)
                {
                    out.push(
                        Diagnostic::warning("recorded-end-differs", 
                            format!(
                                "the treaty is recorded as terminated on {}, but by the rules it had already ended on {} ({})",
                                e.date,
                                end.date,
                                end.reason.as_str()
                            ),
                            e.span.clone(),
                        )
                        .with_help("check both dates; if the treaty was kept alive, record the renewal or extension that did it"),
                    );
                }
            }
            EventKind::Withdrawn { party } => {
                let settled = p.withdrawals.iter().find(|w| {
                    w.party.as_deref() == Some(party.as_str())
                        && w.effective == e.date
                        && w.notice.is_some()
                });
                if let Some(w) = settled
                    && let Some(clause) = w.clause_effective
                    && clause != e.date
                {
                    out.push(
                        Diagnostic::warning("recorded-end-differs", 
                            format!(
                                "{party}'s withdrawal is recorded as taking effect on {}, but its notice of {} gives {clause} under the clause",
                                e.date,
                                w.notice.map(|n| n.to_string()).unwrap_or_default(),
                            ),
                            e.span.clone(),
                        )
                        .with_help("check `withdrawal.notice` and `takes_effect`, and the dates; the recorded date is used"),
                    );
                }
            }
            _ => {}
        }
    }
    if let Some(w) = fewer_than_two_left(treaty, p) {
        out.push(w);
    }
    out.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    out.dedup();
    out
}

/// A warning about event `e`, with `help`.
fn on_event(e: &Event, code: &'static str, message: String, help: &str) -> Diagnostic {
    Diagnostic::warning(code, message, e.span.clone()).with_help(help)
}

/// A multilateral treaty all of whose parties but one (or all) have left,
/// yet which the rules keep in force: a treaty needs two parties.
fn fewer_than_two_left(treaty: &Treaty, p: &super::Projection) -> Option<Diagnostic> {
    if treaty.is_bilateral() || p.end.is_some() {
        return None;
    }
    // Each party's last withdrawal and last rejoining, in one pass each (a
    // treaty may list hundreds of parties).
    let mut last_left: std::collections::HashMap<&str, chrono::NaiveDate> =
        std::collections::HashMap::new();
    for w in &p.withdrawals {
        if let Some(party) = w.party.as_deref() {
            let e = last_left.entry(party).or_insert(w.effective);
            *e = (*e).max(w.effective);
        }
    }
    if last_left.len() + 2 <= treaty.parties.len() {
        return None;
    }
    let mut rejoined: std::collections::HashMap<&str, chrono::NaiveDate> =
        std::collections::HashMap::new();
    for e in &treaty.events {
        if let EventKind::Joined { party } = &e.kind {
            let d = rejoined.entry(party.as_str()).or_insert(e.date);
            *d = (*d).max(e.date);
        }
    }
    let mut gone = Vec::new();
    for party in &treaty.parties {
        let left = last_left.get(party.as_str()).copied();
        let back = rejoined.get(party.as_str()).copied();
        if let Some(l) = left
            && back.is_none_or(|j| j < l)
        {
            gone.push(l);
        }
    }
    let remaining = treaty.parties.len().saturating_sub(gone.len());
    if remaining >= 2 {
        return None;
    }
    let last = gone.iter().max()?;
    let w = p.withdrawals.iter().find(|w| w.effective == *last)?;
    let span = w
        .event
        .and_then(|i| treaty.events.get(i))
        .map(|e| e.span.clone())?;
    Some(
        Diagnostic::warning("too-few-parties", 
            format!(
                "after {last} {} of the {} parties remain{}, yet the rules keep the treaty in force",
                remaining,
                treaty.parties.len(),
                if remaining == 1 { "s" } else { "" }
            ),
            span,
        )
        .with_help("a treaty needs at least two parties: record how it ended (`terminated`), or list the parties that remain"),
    )
}

/// A non-renewal notice period as long as the period it ends, or longer
/// (`length = "1m"` with `notice = "10y"`), puts every notice deadline on or
/// before the start of its period, the first ones before signature: almost
/// surely a typo, and worth a warning of its own.
fn notice_not_shorter_than_period(
    treaty: &Treaty,
    anchor: chrono::NaiveDate,
) -> Option<Diagnostic> {
    use super::calendar::{add, sub};
    use crate::model::RenewalMode;
    let renewal = treaty.renewal.as_ref()?;
    let notice = renewal.notice.as_ref()?;
    if renewal.mode != RenewalMode::Automatic {
        return None;
    }
    let term = treaty.term.duration.length();
    // The deadline of a period of `length` from `start`, against `start`.
    let deadline = |start: chrono::NaiveDate, length: &crate::Length| {
        add(start, length).and_then(|end| sub(end, notice))
    };
    // The term: a notice as long as the term would be due the day it
    // starts. A renewal period exactly as long as the notice is how a
    // treaty "terminable at any time on N months' notice" is modelled (the
    // notice for each period is due when the previous one ends): only a
    // longer notice is flagged there.
    let (what, length) = match (term, renewal.length.as_ref().or(term)) {
        (Some(t), _) if deadline(anchor, t).is_some_and(|d| d <= anchor) => ("term", t),
        (_, Some(r)) if deadline(anchor, r).is_some_and(|d| d < anchor) => ("renewal period", r),
        _ => return None,
    };
    let span = treaty
        .spans
        .renewal_length
        .clone()
        .unwrap_or_else(|| treaty.spans.term.clone());
    Some(
        Diagnostic::warning(
            "notice-exceeds-term",
            format!(
                "the non-renewal notice period ({notice}) is as long as the {what} ({length}) or longer: notice deadlines fall on or before the start of the period they end, the first before the treaty took effect"
            ),
            span,
        )
        .with_help("check `renewal.notice` against the term and renewal lengths; a notice period is normally a fraction of the period it ends"),
    )
}

/// v2 section W: a withdrawal notice in a treaty without a withdrawal
/// clause takes effect under VCLT Art. 56(2); each one the projection
/// counted (every one, since a projection fails on a notice the clause
/// refuses), in date order. A pending treaty counts none.
fn no_withdrawal_clause(treaty: &Treaty, p: &Projection) -> Vec<Diagnostic> {
    if p.pending || treaty.withdrawal.declared {
        return Vec::new();
    }
    let mut notices: Vec<&Event> = treaty
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Notice {
                    effect: NoticeEffect::Withdrawal,
                    ..
                }
            )
        })
        .collect();
    notices.sort_by_key(|e| e.date);
    notices
        .into_iter()
        .map(|e| {
            Diagnostic::warning(
                "no-withdrawal-clause",
                format!(
                    "this withdrawal notice ({}) is recorded, but the treaty has no withdrawal clause: it takes effect 12 months after receipt (VCLT Art. 56(2)) unless it names `effective`",
                    e.date
                ),
                e.span.clone(),
            )
            .with_help("a treaty that says nothing gives no unilateral right of withdrawal (VCLT Art. 56(1)); if the treaty has a clause, add `[withdrawal]`, else explain the notice in `caveat` and acknowledge this with `allow = [\"no-withdrawal-clause\"]`")
        })
        .collect()
}

/// The warnings one placement of the walk gives, in the order the walk met
/// them (spec section 3: at a boundary the notices, then the record).
fn judge_placement(treaty: &Treaty, placed: &Placement, out: &mut Vec<Diagnostic>) {
    let event = |i: usize| treaty.events.get(i);
    match *placed {
        Placement::Notice {
            event: i,
            boundary,
            period,
            period_start,
        } => {
            if let Some(e) = event(i) {
                out.extend(notice_timing(treaty, e, period > 0, period_start, boundary));
            }
        }
        Placement::Spent {
            record,
            notice,
            boundary,
        } => {
            if let (Some(r), Some(n)) = (event(record), event(notice)) {
                out.push(record_overrides_notice(r, n, boundary));
            }
        }
        Placement::Record {
            event: i,
            boundary,
            period,
            period_start,
            cut,
            used,
        } => {
            if let Some(e) = event(i) {
                out.extend(beyond_rules(treaty, e, used, boundary));
                if !cut && period > 0 {
                    out.extend(renewal_after_boundary(e, period_start, boundary));
                }
            }
        }
        Placement::Nowhere { event: i, why } => {
            if let Some(e) = event(i) {
                out.push(notice_no_effect(e, why));
            }
        }
    }
}

/// A non-renewal notice that was late for the boundary it was given
/// before (it takes effect a period later), or timely only on the lenient
/// reading (spec section 4, "Non-renewal").
fn notice_timing(
    treaty: &Treaty,
    e: &Event,
    after_a_boundary: bool,
    period_start: NaiveDate,
    boundary: NaiveDate,
) -> Option<Diagnostic> {
    let notice = treaty.renewal.as_ref().and_then(|r| r.notice)?;
    if after_a_boundary && e.date <= period_start {
        let safe = calendar::previous_day(period_start)
            .and_then(|b| calendar::last_day_reaching(b, &notice));
        Some(
            Diagnostic::warning(
                "late-notice",
                format!(
                    "this non-renewal notice ({}) came after the last day for the boundary of {period_start}{}; it takes effect a period later, on {boundary}",
                    e.date,
                    safe.map_or_else(String::new, |d| format!(" ({d})"))
                ),
                e.span.clone(),
            )
            .with_help("check the date the notice was received; if the parties treated it as timely, record what happened (a `terminated` or `expired` event)"),
        )
    } else if calendar::add(e.date, &notice) == Some(boundary) {
        let safe =
            calendar::previous_day(boundary).and_then(|b| calendar::last_day_reaching(b, &notice));
        Some(
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
        )
    } else {
        None
    }
}

/// A recorded renewal at a boundary where a timely non-renewal notice
/// would have ended the treaty.
fn record_overrides_notice(r: &Event, notice: &Event, boundary: NaiveDate) -> Diagnostic {
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
    .with_help("if the notice was withdrawn, record it with `revoked = YYYY-MM-DD` on the notice")
}

/// A record the renewal clause does not provide for: no clause, mode
/// `none`, or `max` used up by the `used` renewals and extensions before it.
fn beyond_rules(treaty: &Treaty, e: &Event, used: u32, boundary: NaiveDate) -> Option<Diagnostic> {
    let rule = match &treaty.renewal {
        None => "the treaty has no `[renewal]` clause".to_owned(),
        Some(r) if r.mode == RenewalMode::None => "`renewal.mode` is \"none\"".to_owned(),
        Some(r) if r.max.is_some_and(|m| used >= m) => {
            format!("`renewal.max` ({}) is already used up", r.max.unwrap_or(0))
        }
        Some(_) => return None,
    };
    Some(
        Diagnostic::warning(
            "beyond-rules",
            format!("this `{}` at {boundary} goes beyond the rules: {rule}", e.kind.name()),
            e.span.clone(),
        )
        .with_help("the record applies anyway; if the parties amended the clause, record an `amended` event and explain it in `caveat`"),
    )
}

/// A plain renewal dated shortly (within 180 days) after the boundary that
/// started its period: it renews the period ending at the next boundary,
/// which is probably not what was meant.
fn renewal_after_boundary(
    e: &Event,
    period_start: NaiveDate,
    boundary: NaiveDate,
) -> Option<Diagnostic> {
    let plain_renewal = matches!(
        e.kind,
        EventKind::Renewed {
            effective: None,
            ..
        }
    );
    if !plain_renewal || e.date <= period_start {
        return None;
    }
    let days = (e.date - period_start).num_days();
    if days > 180 {
        return None;
    }
    Some(
        Diagnostic::warning(
            "renewal-after-boundary",
            format!(
                "this renewal is dated {days} days after the boundary of {period_start}, so it renews the period ending {boundary}"
            ),
            e.span.clone(),
        )
        .with_help(format!("if it records the renewal at {period_start}, add `effective = {period_start}`")),
    )
}

/// A non-renewal notice no boundary was timely for.
fn notice_no_effect(e: &Event, why: NoBoundary) -> Diagnostic {
    let why = match why {
        NoBoundary::Open => {
            "the treaty has no boundary after it (an indefinite term, or one past 9999-12-31)"
                .to_owned()
        }
        NoBoundary::EndsFirst { date, reason } => format!(
            "the treaty ends on {date} ({}) before any boundary it is timely for",
            reason.as_str()
        ),
        NoBoundary::NoneFollows => "no boundary follows it".to_owned(),
    };
    Diagnostic::warning(
        "notice-no-effect",
        format!("this non-renewal notice ({}) takes effect nowhere: {why}", e.date),
        e.span.clone(),
    )
    .with_help("a notice ending an indefinite treaty is a withdrawal: `effect = \"withdrawal\"`; otherwise check its date")
}
