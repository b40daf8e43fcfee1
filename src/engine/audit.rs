//! The history audit of `treatyline check`: where the recorded history and
//! the rules disagree, or look mistaken.
//!
//! Warnings, never errors: the recorded history is the fact, the rules are
//! how the file models the treaty, and a disagreement is something a reader
//! should see explained (in the treaty's `caveat`), not something the tool
//! may silently resolve.

use super::{EndReason, Horizon, Projection, project};
use crate::diag::Diagnostic;
use crate::model::{EventKind, Treaty};

/// Every warning about `treaty`'s history on `horizon.today`, in file order.
///
/// Covers the engine's own findings ([`Projection::warnings`](super::Projection::warnings): late or
/// lenient-only non-renewal notices, records beyond the rules, a renewal
/// overriding a timely notice, a renewal dated shortly after a boundary) and
/// compares each recorded `expired`, `terminated` and `withdrawn` date with
/// what the rules alone give; it also flags events before signature and
/// facts dated after today.
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
    let mut out = p.warnings.clone();
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
        if e.date < treaty.signed {
            out.push(
                Diagnostic::warning(
                    "before-signature",
                    format!(
                        "this `{}` event ({}) is dated before the treaty was signed ({})",
                        e.kind.name(),
                        e.date,
                        treaty.signed
                    ),
                    e.span.clone(),
                )
                .with_help("check the year; events before signature belong to another instrument"),
            );
        }
        if e.date > horizon.today && !e.assumed {
            out.push(
                Diagnostic::warning(
                    "future-event",
                    format!(
                        "this `{}` event is dated {}, after today ({})",
                        e.kind.name(),
                        e.date,
                        horizon.today
                    ),
                    e.span.clone(),
                )
                .with_help("the history records facts; for a what-if, use `--assume` instead"),
            );
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
