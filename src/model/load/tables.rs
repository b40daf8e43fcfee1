//! Stage 2, typed tables: each table of a treaty file (the top level,
//! `[term]`, `[renewal]`, `[withdrawal]`, `[membership]`, `[survival]`,
//! `[[milestone]]`, `allow`) read into the model's types. The events and the
//! readings have files of their own ([`super::events`], [`super::readings`]);
//! the checks across tables come after ([`super::validate`]).

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::{
    Entry, Loader, MEMBERSHIP_KEYS, MILESTONE_KEYS, RENEWAL_KEYS, SURVIVAL_KEYS, TERM_KEYS,
    TOP_KEYS, Value, WITHDRAWAL_KEYS, did_you_mean, is_valid_id,
};
use crate::diag::Diagnostic;
use crate::engine::calendar;
use crate::model::{
    AnchorFrom, EarliestFrom, Ends, Event, MembershipRule, Milestone, MilestoneAt, Reading,
    RenewalClause, RenewalMode, Survival, TakesEffect, Term, TermDuration, TreatySpans,
    WithdrawalClause,
};

/// The typed tables of a treaty file, before the checks across them: each
/// `None` when the table (or key) was missing or ill-typed, already
/// reported.
#[derive(Default)]
pub(super) struct Parts {
    pub(super) title: Option<String>,
    pub(super) short: Option<String>,
    pub(super) parties: Option<Vec<String>>,
    /// `signed`, with its span.
    pub(super) signed: Option<(NaiveDate, Range<usize>)>,
    /// `in_force = "pending"`.
    pub(super) pending: bool,
    /// `in_force` as a date (`None` inside when ill-typed), with its span.
    pub(super) in_force: Option<(Option<NaiveDate>, Range<usize>)>,
    pub(super) sources: Vec<String>,
    pub(super) clause: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) caveat: Option<String>,
    pub(super) spans: TreatySpans,
    pub(super) term: Option<Term>,
    pub(super) renewal: Option<Option<RenewalClause>>,
    pub(super) withdrawal: Option<WithdrawalClause>,
    pub(super) membership: Option<MembershipRule>,
    pub(super) survival: Option<Option<Survival>>,
    /// The parties as far as they could be read, for the events.
    pub(super) party_names: Vec<String>,
    pub(super) events: Option<Vec<Event>>,
    pub(super) milestones: Option<Vec<Milestone>>,
    pub(super) readings: Option<Vec<Reading>>,
    pub(super) allow: Option<Vec<String>>,
}

impl Loader<'_> {
    /// Each table of the file as model types; what is missing or
    /// ill-typed is reported and left `None`.
    pub(super) fn tables(&mut self, stem: &str, root: &DeTable<'_>) -> Parts {
        self.unknown_keys(root, TOP_KEYS, "a treaty file");
        let get = |k: &str| root.get(k);
        let doc_start = 0..0;
        let mut p = Parts::default();

        if !is_valid_id(stem) {
            self.err(
                Diagnostic::error(
                    format!("the file name `{stem}` is not a valid treaty id"),
                    doc_start.clone(),
                )
                .with_help("rename the file: ids use lowercase letters, digits and `-`, like `sino-dprk-1961.toml`"),
            );
        }
        if let Some(v) = get("id")
            && let Some(id) = self.string("id", v)
            && id != stem
        {
            self.err(
                Diagnostic::error(
                    format!("the id `{id}` does not match the file name `{stem}.toml`"),
                    v.span(),
                )
                .with_help(format!(
                    "write `id = \"{stem}\"`, or rename the file to `{id}.toml`"
                )),
            );
        }
        p.title = match get("title") {
            Some(v) => self.nonempty_string("title", v),
            None => {
                self.missing("title", "title = \"Treaty of ...\"", doc_start.clone());
                None
            }
        };
        p.short = get("short").and_then(|v| self.nonempty_string("short", v));
        p.parties = match get("parties") {
            Some(v) => self.parties(v),
            None => {
                self.missing(
                    "parties",
                    "parties = [\"China\", \"North Korea\"]",
                    doc_start.clone(),
                );
                None
            }
        };
        p.signed = match get("signed") {
            Some(v) => self.date("signed", v).map(|d| (d, v.span())),
            None => {
                self.missing("signed", "signed = 1961-07-11", doc_start.clone());
                None
            }
        };
        p.pending = get("in_force").is_some_and(|v| v.get_ref().as_str() == Some("pending"));
        p.in_force = get("in_force")
            .filter(|_| !p.pending)
            .map(|v| (self.in_force_date("in_force", v), v.span()));
        p.sources = get("sources")
            .and_then(|v| self.strings("sources", v))
            .map(|v| v.into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default();
        p.clause = get("clause").and_then(|v| self.nonempty_string("clause", v));
        p.tags = get("tags")
            .and_then(|v| self.strings("tags", v))
            .map(|v| v.into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default();
        p.caveat = get("caveat").and_then(|v| self.nonempty_string("caveat", v));

        p.term = match get("term") {
            Some(v) => self.term(v, &mut p.spans),
            None => {
                self.missing("[term]", "[term]\nlength = \"20y\"", doc_start.clone());
                None
            }
        };
        p.renewal = match get("renewal") {
            Some(v) => self.renewal(v, &mut p.spans),
            None => Some(None),
        };
        p.withdrawal = match get("withdrawal") {
            Some(v) => self.withdrawal(v, &mut p.spans),
            None => Some(WithdrawalClause::default()),
        };
        p.membership = match get("membership") {
            Some(v) => self.membership(v),
            None => Some(MembershipRule::default()),
        };
        p.survival = match get("survival") {
            Some(v) => self.survival(v).map(Some),
            None => Some(None),
        };
        p.party_names = p.parties.clone().unwrap_or_default();
        p.events = match get("event") {
            Some(v) => self.events(v, &p.party_names),
            None => Some(Vec::new()),
        };
        p.milestones = match get("milestone") {
            Some(v) => self.milestones(v),
            None => Some(Vec::new()),
        };
        p.readings = match get("reading") {
            Some(v) => self.readings(v),
            None => Some(Vec::new()),
        };
        p.allow = match get("allow") {
            Some(v) => self.allow(v),
            None => Some(Vec::new()),
        };
        p
    }

    pub(super) fn missing(&mut self, key: &str, example: &str, span: Range<usize>) {
        self.err(
            Diagnostic::error(
                format!("the treaty file has no `{key}`, which is required"),
                span,
            )
            .with_help(format!("add it, like:\n{example}")),
        );
    }

    pub(super) fn parties(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let list = self.strings("parties", v)?;
        let mut seen = HashSet::new();
        let mut ok = true;
        for (p, span) in &list {
            if !seen.insert(p.as_str()) {
                self.err(
                    Diagnostic::error(format!("the party \"{p}\" is listed twice"), span.clone())
                        .with_help("list each party once"),
                );
                ok = false;
            }
        }
        // Two spellings that look alike (a zero-width space, a Cyrillic `а`
        // for a Latin `a`, composed and decomposed accents) would be two
        // parties to the engine and one to every reader.
        // Names of plain ASCII have no invisible character, other script or
        // other normal form: only a list with some other name is compared.
        let plain = list.iter().all(|(p, _)| p.is_ascii());
        let mut skeletons: std::collections::HashMap<String, (&str, &std::ops::Range<usize>)> =
            std::collections::HashMap::new();
        for (p, span) in list.iter().filter(|_| !plain) {
            let key = super::values::confusable_skeleton(p);
            if let Some((first, first_span)) = skeletons
                .get(&key)
                .filter(|(q, _)| *q != p.as_str())
                .copied()
            {
                self.err(
                    Diagnostic::error(
                        format!(
                            "the parties {} and {} look the same: they differ only by invisible characters, look-alike letters of another script or Unicode normalisation",
                            super::values::spelled(first),
                            super::values::spelled(p)
                        ),
                        span.clone(),
                    )
                    .with_related((*first_span).clone(), "the first spelling")
                    .with_help("spell every party the same way, with plain letters of one script; a hidden character or a look-alike letter makes two parties of one"),
                );
                ok = false;
            } else {
                skeletons.entry(key).or_insert((p.as_str(), span));
            }
        }
        if list.len() < 2 {
            self.err(
                Diagnostic::error("a treaty needs at least two parties", v.span())
                    .with_help("list every party, like `parties = [\"China\", \"North Korea\"]`"),
            );
            ok = false;
        }
        ok.then(|| list.into_iter().map(|(p, _)| p).collect())
    }

    pub(super) fn term(&mut self, v: &Value<'_>, spans: &mut TreatySpans) -> Option<Term> {
        let t = self.clause("term", v, TERM_KEYS)?;
        spans.term = v.span();
        let present: Vec<Entry<'_, '_>> = t
            .iter()
            .filter(|(k, _)| ["length", "expires", "last_day"].contains(&k.get_ref().as_ref()))
            .collect();
        let duration = match present.as_slice() {
            [] => {
                self.err(
                    Diagnostic::error("`[term]` needs one of `length`, `expires` or `last_day`", v.span())
                        .with_help("write `length = \"20y\"` (or `\"indefinite\"`), `expires = YYYY-MM-DD` (first day no longer in force) or `last_day = YYYY-MM-DD`"),
                );
                None
            }
            [(key, value)] => {
                spans.term_end = value.span();
                match key.get_ref().as_ref() {
                    "length" => {
                        if value.get_ref().as_str() == Some("indefinite") {
                            Some(TermDuration::Indefinite)
                        } else {
                            self.length("length", value).map(TermDuration::Length)
                        }
                    }
                    "expires" => self
                        .date("expires", value)
                        .map(|expires| TermDuration::Expires { expires, written_as_last_day: false }),
                    _ => self.date("last_day", value).and_then(|d| match calendar::next_day(d) {
                        Some(expires) => Some(TermDuration::Expires { expires, written_as_last_day: true }),
                        None => {
                            self.err(
                                Diagnostic::error("`last_day` is the last day of the calendar, so the term would end outside it", value.span())
                                    .with_help("use `length = \"indefinite\"` for a treaty without an end"),
                            );
                            None
                        }
                    }),
                }
            }
            [first, rest @ ..] => {
                self.given_together(
                    first,
                    rest,
                    "`[term]` takes exactly one of `length`, `expires` and `last_day`",
                    "keep one: `last_day = D` means the same as `expires = D + 1 day`",
                );
                None
            }
        };
        let from = match t.get("from") {
            None => Some(AnchorFrom::Default),
            Some(fv) => {
                spans.anchor = fv.span();
                match fv.get_ref() {
                    DeValue::String(s) if s == "signed" => Some(AnchorFrom::Signed),
                    DeValue::String(s) if s == "in_force" => Some(AnchorFrom::InForce),
                    DeValue::Datetime(_) => self.date("from", fv).map(AnchorFrom::Date),
                    _ => {
                        self.err(
                            Diagnostic::error("`term.from` must be \"signed\", \"in_force\" or a date", fv.span())
                                .with_help("write `from = \"signed\"`, `from = \"in_force\"` or `from = 1961-07-11` (no quotes)"),
                        );
                        None
                    }
                }
            }
        };
        let min_parties = match t.get("min_parties") {
            Some(m) => {
                let n = self.count("min_parties", m)?;
                if n < 2 {
                    self.err(
                        Diagnostic::error("`min_parties` must be at least 2", m.span())
                            .with_help("a treaty needs two parties; leave the key out if the treaty sets no minimum"),
                    );
                    return None;
                }
                Some(n)
            }
            None => None,
        };
        Some(Term {
            duration: duration?,
            from: from?,
            min_parties,
        })
    }

    pub(super) fn renewal(
        &mut self,
        v: &Value<'_>,
        spans: &mut TreatySpans,
    ) -> Option<Option<RenewalClause>> {
        let t = self.clause("renewal", v, RENEWAL_KEYS)?;
        let mode = match t.get("mode") {
            Some(m) => {
                spans.renewal_mode = Some(m.span());
                self.choice(
                    "mode",
                    m,
                    &[
                        ("automatic", RenewalMode::Automatic),
                        ("agreement", RenewalMode::Agreement),
                        ("none", RenewalMode::None),
                        ("until-denounced", RenewalMode::UntilDenounced),
                    ],
                )
            }
            None => {
                spans.renewal_mode = Some(v.span());
                self.err(
                    Diagnostic::error("`[renewal]` needs a `mode`", v.span()).with_help(
                        "add `mode = \"automatic\"` (tacit renewal), `\"agreement\"` or `\"none\"`",
                    ),
                );
                None
            }
        };
        let length = match t.get("length") {
            Some(l) => {
                spans.renewal_length = Some(l.span());
                Some(self.length("renewal.length", l)?)
            }
            None => None,
        };
        let max = match t.get("max") {
            Some(m) => Some(self.count("max", m)?),
            None => None,
        };
        let notice = match t.get("notice") {
            Some(n) => Some(self.length("renewal.notice", n)?),
            None => None,
        };
        let ends = match t.get("ends") {
            Some(e) => self.ends("renewal.ends", e)?,
            None => Ends::Party,
        };
        let mode = mode?;
        if mode == RenewalMode::UntilDenounced {
            for key in ["length", "max"] {
                if let Some((k, _)) = t.get_key_value(key) {
                    self.err(
                        Diagnostic::error(
                            format!("`renewal.{key}` does not apply with `mode = \"until-denounced\"`"),
                            k.span(),
                        )
                        .with_help("after the term the treaty continues without periods until a notice takes effect: remove the key"),
                    );
                    return None;
                }
            }
            if notice.is_none() {
                self.err(
                    Diagnostic::error(
                        "`mode = \"until-denounced\"` needs a `notice`: how long after a notice the treaty ends",
                        v.span(),
                    )
                    .with_help("add `notice = \"12m\"` (\"until twelve months after notice\")"),
                );
                return None;
            }
        }
        Some(Some(RenewalClause {
            mode,
            length,
            max,
            notice,
            ends,
        }))
    }

    pub(super) fn count(&mut self, key: &str, v: &Value<'_>) -> Option<u32> {
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                let digits = digits.trim_start_matches('+');
                u32::from_str_radix(
                    digits
                        .trim_start_matches("0x")
                        .trim_start_matches("0o")
                        .trim_start_matches("0b"),
                    i.radix(),
                )
                .ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                Diagnostic::error(
                    format!("`{key}` must be a whole number, 0 or more"),
                    v.span(),
                )
                .with_help(format!(
                    "write a count without quotes or sign, like `{key} = 3`"
                )),
            );
        }
        parsed
    }

    pub(super) fn withdrawal(
        &mut self,
        v: &Value<'_>,
        spans: &mut TreatySpans,
    ) -> Option<WithdrawalClause> {
        let t = self.clause("withdrawal", v, WITHDRAWAL_KEYS)?;
        let mut clause = WithdrawalClause {
            declared: true,
            ..WithdrawalClause::default()
        };
        let mut ok = true;
        if let Some(n) = t.get("notice") {
            match self.length("withdrawal.notice", n) {
                Some(l) => clause.notice = l,
                None => ok = false,
            }
        }
        if let Some(e) = t.get("earliest") {
            spans.withdrawal_earliest = Some(e.span());
            match self.length("withdrawal.earliest", e) {
                Some(l) => clause.earliest = Some(l),
                None => ok = false,
            }
        }
        if let Some(te) = t.get("takes_effect") {
            match self.choice(
                "takes_effect",
                te,
                &[
                    ("anniversary", TakesEffect::Anniversary),
                    ("day-after", TakesEffect::DayAfter),
                    ("first-of-month-after", TakesEffect::FirstOfMonthAfter),
                    ("end-of-following-year", TakesEffect::EndOfFollowingYear),
                ],
            ) {
                Some(x) => clause.takes_effect = x,
                None => ok = false,
            }
        }
        if let Some(e) = t.get("ends") {
            match self.ends("withdrawal.ends", e) {
                Some(x) => clause.ends = x,
                None => ok = false,
            }
        }
        if let Some(e) = t.get("earliest_from") {
            match self.choice(
                "earliest_from",
                e,
                &[
                    ("treaty", EarliestFrom::Treaty),
                    ("party", EarliestFrom::Party),
                ],
            ) {
                Some(x) => clause.earliest_from = x,
                None => ok = false,
            }
        }
        match (t.get_key_value("every"), t.get_key_value("window")) {
            (Some((_, every)), Some((_, window))) => {
                let every_l = self.length("withdrawal.every", every);
                let window_l = self.length("withdrawal.window", window);
                match (every_l, window_l) {
                    (Some(e), Some(w)) => {
                        spans.withdrawal_windows = Some(every.span());
                        clause.windows = Some((e, w));
                    }
                    _ => ok = false,
                }
            }
            (Some((k, _)), None) | (None, Some((k, _))) => {
                self.err(
                    Diagnostic::error(
                        "denunciation windows need both `every` and `window`",
                        k.span(),
                    )
                    .with_help("write both, like `every = \"10y\"` and `window = \"1y\"` (ILO: within the year following each period of ten years)"),
                );
                ok = false;
            }
            (None, None) => {}
        }
        ok.then_some(clause)
    }

    pub(super) fn ends(&mut self, key: &str, v: &Value<'_>) -> Option<Ends> {
        self.choice(key, v, &[("party", Ends::Party), ("treaty", Ends::Treaty)])
    }

    /// `in_force` as a date (the caller has already recognised "pending").
    pub(super) fn in_force_date(&mut self, key: &str, v: &Value<'_>) -> Option<NaiveDate> {
        if let DeValue::String(s) = v.get_ref()
            && NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err()
        {
            self.err(
                Diagnostic::error(format!("`{key}` must be a date or \"pending\""), v.span())
                    .with_help(format!("write a TOML date without quotes, like `{key} = 1961-09-10`, or `{key} = \"pending\"` for a treaty not yet in force")),
            );
            return None;
        }
        self.date(key, v)
    }

    pub(super) fn membership(&mut self, v: &Value<'_>) -> Option<MembershipRule> {
        let t = self.clause("membership", v, MEMBERSHIP_KEYS)?;
        let in_force_after = match t.get("in_force_after") {
            Some(l) => Some(self.length("membership.in_force_after", l)?),
            None => None,
        };
        let first_of_month_after = match t.get("in_force_on") {
            Some(o) => self.choice("in_force_on", o, &[("first-of-month-after", true)])?,
            None => false,
        };
        Some(MembershipRule {
            in_force_after,
            first_of_month_after,
        })
    }

    pub(super) fn survival(&mut self, v: &Value<'_>) -> Option<Survival> {
        let t = self.clause("survival", v, SURVIVAL_KEYS)?;
        let note = t.get("note").and_then(|n| self.nonempty_string("note", n));
        let length = match t.get("length") {
            Some(l) => self.length("survival.length", l)?,
            None => {
                self.err(
                    Diagnostic::error("`[survival]` needs a `length`", v.span())
                        .with_help("add how long obligations survive, like `length = \"20y\"`"),
                );
                return None;
            }
        };
        Some(Survival { length, note })
    }

    /// The tables of an array of tables (`[[milestone]]`, `[[reading]]`).
    pub(super) fn array_of_tables<'a, 'i>(
        &mut self,
        key: &str,
        v: &'a Value<'i>,
    ) -> Option<Vec<(&'a DeTable<'i>, Range<usize>)>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.err(
                Diagnostic::error(format!("`{key}` must be an array of tables"), v.span())
                    .with_help(format!(
                        "write each under its own `[[{key}]]` header (two brackets)"
                    )),
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, item.span())),
                other => {
                    self.wrong_type(
                        &format!("a `{key}`"),
                        "a table",
                        other,
                        item.span(),
                        format!("write each under its own `[[{key}]]` header"),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    pub(super) fn milestones(&mut self, v: &Value<'_>) -> Option<Vec<Milestone>> {
        let tables = self.array_of_tables("milestone", v)?;
        let mut out = Vec::new();
        let mut ok = true;
        for (t, span) in tables {
            self.unknown_keys(t, MILESTONE_KEYS, "a `[[milestone]]`");
            let title = match t.get("title") {
                Some(x) => self.nonempty_string("title", x),
                None => {
                    self.err(
                        Diagnostic::error("this milestone has no `title`", span.clone())
                            .with_help("add `title = \"Review conference\"`"),
                    );
                    None
                }
            };
            let at = match (t.get("after"), t.get("date")) {
                (Some(a), None) => self.length("after", a).map(MilestoneAt::After),
                (None, Some(d)) => self.date("date", d).map(MilestoneAt::Date),
                (Some(a), Some(_)) => {
                    self.err(
                        Diagnostic::error(
                            "a milestone takes `after` or `date`, not both",
                            a.span(),
                        )
                        .with_help(
                            "keep one: `after` counts from the anchor, `date` is a fixed day",
                        ),
                    );
                    None
                }
                (None, None) => {
                    self.err(
                        Diagnostic::error(
                            "this milestone has neither `after` nor `date`",
                            span.clone(),
                        )
                        .with_help("add `after = \"5y\"` (from the anchor) or `date = YYYY-MM-DD`"),
                    );
                    None
                }
            };
            let every = match t.get("every") {
                Some(e) => {
                    if t.get("date").is_some() {
                        self.err(
                            Diagnostic::error("`every` repeats a milestone counted with `after`, not one with a fixed `date`", e.span())
                                .with_help("write `after` instead of `date`, or remove `every`"),
                        );
                        None
                    } else {
                        self.length("every", e).map(Some)
                    }
                }
                None => Some(None),
            };
            let note = t.get("note").and_then(|n| self.nonempty_string("note", n));
            let source = t
                .get("source")
                .and_then(|n| self.nonempty_string("source", n));
            let at_span = t.get("title").map_or(span.clone(), |x| x.span());
            match (title, at, every) {
                (Some(title), Some(at), Some(every)) => out.push(Milestone {
                    title,
                    at,
                    every,
                    note,
                    source,
                    span: at_span,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub(super) fn allow(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let list = self.strings("allow", v)?;
        let codes: Vec<&str> = crate::diag::WARNING_CODES.iter().map(|(c, _)| *c).collect();
        let mut ok = true;
        for (code, span) in &list {
            if !crate::diag::is_warning_code(code) {
                let mut d =
                    Diagnostic::error(format!("`{code}` is not a warning code"), span.clone());
                d = match did_you_mean(code, &codes) {
                    Some(c) => d.with_help(format!(
                        "did you mean \"{c}\"? The codes are listed in docs/warnings.md"
                    )),
                    None => d.with_help(format!("the warning codes are: {}", codes.join(", "))),
                };
                self.err(d);
                ok = false;
            }
        }
        ok.then(|| list.into_iter().map(|(c, _)| c).collect())
    }
}
