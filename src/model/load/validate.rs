//! Stage 3, cross-field validation: the checks that need more than one
//! table (the anchor and `in_force`, renewals that need a length, each
//! reading's rules, the events a pending or multilateral treaty may hold),
//! then the [`Treaty`].

use std::ops::Range;

use super::tables::Parts;
use super::{Loader, PENDING_KINDS};
use crate::diag::Diagnostic;
use crate::model::{
    AnchorFrom, Event, EventKind, ReadingInForce, RenewalClause, RenewalMode, Term, TermDuration,
    Treaty, TreatySpans,
};

impl Loader<'_> {
    /// Stage 3: the checks across tables, once the parts are known, and
    /// the treaty when nothing is wrong.
    pub(super) fn validate(
        &mut self,
        stem: &str,
        parts: Parts,
        root_span: Range<usize>,
    ) -> Option<Treaty> {
        let Parts {
            signed,
            in_force,
            term,
            mut spans,
            ..
        } = parts;
        let (signed, signed_span) = signed?;
        let in_force_date = match in_force {
            Some((Some(d), _)) => Some(d),
            Some((None, _)) => return None,
            None => None,
        };
        let term = term?;
        spans.anchor = match term.from {
            AnchorFrom::Default => match &in_force {
                Some((_, span)) => span.clone(),
                None => signed_span.clone(),
            },
            _ => spans.anchor.clone(),
        };
        if parts.pending && term.from == AnchorFrom::InForce {
            self.err(
                Diagnostic::error(
                    "a pending treaty (`in_force = \"pending\"`) is counted from its signature: `term.from = \"in_force\"` cannot apply",
                    spans.anchor.clone(),
                )
                .with_help("remove `from`, or give the date of entry into force once it is known"),
            );
        } else if term.from == AnchorFrom::InForce && in_force_date.is_none() {
            self.err(
                Diagnostic::error(
                    "`term.from = \"in_force\"` needs the date of entry into force, but `in_force` is not given",
                    spans.anchor.clone(),
                )
                .with_help("add `in_force = YYYY-MM-DD` at the top level, or count from `\"signed\"` or an explicit date"),
            );
        }
        if let Some(d) = in_force_date
            && d < signed
        {
            let span = in_force
                .as_ref()
                .map_or(root_span.clone(), |(_, s)| s.clone());
            self.err(
                Diagnostic::error(
                    format!("`in_force` ({d}) is before `signed` ({signed})"),
                    span,
                )
                .with_help(
                    "a treaty enters into force on or after its signature: check both dates",
                ),
            );
        }
        let renewal = parts.renewal?;
        let withdrawal = parts.withdrawal?;
        self.rules_need_lengths(&term, renewal.as_ref(), &spans);
        let events = parts.events?;
        let milestones = parts.milestones?;
        let readings = parts.readings?;
        let allow = parts.allow?;
        let membership = parts.membership?;
        let survival = parts.survival?;
        for r in &readings {
            let term = r.term.as_ref().unwrap_or(&term);
            let renewal = r.renewal.as_ref().or(renewal.as_ref());
            let mut rspans = spans.clone();
            rspans.term_end = r.span.clone();
            rspans.renewal_mode = Some(r.span.clone());
            let before = self.diags.len();
            self.rules_need_lengths(term, renewal, &rspans);
            let in_force_known = match r.in_force {
                Some(ReadingInForce::Date(_)) => true,
                Some(ReadingInForce::Pending) => false,
                None => in_force_date.is_some(),
            };
            if term.from == AnchorFrom::InForce && !in_force_known {
                self.err(Diagnostic::error(
                    "`term.from = \"in_force\"` needs a date of entry into force, which this reading does not have",
                    r.span.clone(),
                ));
            }
            for d in self.diags.iter_mut().skip(before) {
                d.message = format!("under the reading `{}`: {}", r.name, d.message);
            }
        }
        let multilateral = parts.party_names.len() > 2;
        let no_length =
            term.duration.length().is_none() && renewal.as_ref().and_then(|r| r.length).is_none();
        for e in &events {
            if parts.pending && !PENDING_KINDS.contains(&e.kind.name()) {
                self.event_error(
                    e,
                    format!("a `{}` event cannot be recorded for a treaty that is not in force (`in_force = \"pending\"`)", e.kind.name()),
                    "a pending treaty records only `deposited`, `note`, `amended` and `terminated` events; give `in_force` its date once the treaty enters into force",
                );
            }
            match e.kind {
                // Only the notifying party leaves a multilateral treaty, and
                // a postponement acts on one party's notice.
                EventKind::Postponed { party: None, .. } | EventKind::Notice { party: None, .. }
                    if multilateral =>
                {
                    let (what, whose) = match e.kind {
                        EventKind::Notice { .. } => ("a notice", "only the notifying party leaves a multilateral treaty"),
                        _ => ("a `postponed` event", "the party whose withdrawal notice is extended or suspended"),
                    };
                    self.event_error(
                        e,
                        format!("{what} in a treaty with more than two parties must name its `party`"),
                        format!("add `party = \"...\"`: {whose}"),
                    );
                }
                EventKind::Renewed { length: None, .. } if no_length => self.event_error(
                    e,
                    "this `renewed` event needs a `length`: the term has no length to repeat and `renewal.length` is not given",
                    "add `length = \"...\"` to the event, or `length` to `[renewal]`",
                ),
                _ => {}
            }
        }
        Some(Treaty {
            id: stem.to_owned(),
            title: parts.title?,
            short: parts.short,
            parties: parts.parties?,
            signed,
            in_force: in_force_date,
            sources: parts.sources,
            clause: parts.clause,
            tags: parts.tags,
            caveat: parts.caveat,
            term,
            renewal,
            withdrawal,
            membership,
            survival,
            events,
            milestones,
            readings,
            allow,
            reading: None,
            pending: parts.pending,
            spans,
        })
    }

    pub(super) fn rules_need_lengths(
        &mut self,
        term: &Term,
        renewal: Option<&RenewalClause>,
        spans: &TreatySpans,
    ) {
        let Some(r) = renewal else { return };
        let renews = matches!(r.mode, RenewalMode::Automatic | RenewalMode::Agreement);
        let mode_span = spans.renewal_mode.clone().unwrap_or(spans.term.clone());
        if r.mode == RenewalMode::UntilDenounced && term.duration == TermDuration::Indefinite {
            self.err(
                Diagnostic::error(
                    "`mode = \"until-denounced\"` needs a fixed term first, but the term is indefinite",
                    mode_span.clone(),
                )
                .with_related(spans.term_end.clone(), "the term is indefinite")
                .with_help("give the term its length (like `length = \"10y\"`), or remove `[renewal]` and describe the withdrawal clause in `[withdrawal]`"),
            );
        }
        if renews && term.duration == TermDuration::Indefinite {
            self.err(
                Diagnostic::error(
                    format!(
                        "an indefinite term cannot renew (`mode = \"{}\"`): there is no end to renew at",
                        r.mode.as_str()
                    ),
                    mode_span,
                )
                .with_related(spans.term_end.clone(), "the term is indefinite")
                .with_help(
                    "use `mode = \"none\"` (or remove `[renewal]`), or give the term a length",
                ),
            );
        } else if renews && term.duration.length().is_none() && r.length.is_none() {
            self.err(
                Diagnostic::error(
                    "renewals need a length, but the term has a fixed end date and `renewal.length` is not given",
                    mode_span,
                )
                .with_help("add `length = \"...\"` to `[renewal]`"),
            );
        }
    }

    /// Reports that event `e` breaks a rule of the rest of the file.
    fn event_error(&mut self, e: &Event, message: impl Into<String>, help: impl Into<String>) {
        self.err(Diagnostic::error(message, e.span.clone()).with_help(help));
    }
}
