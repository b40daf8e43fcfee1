//! Stage 2, typed tables: `[[event]]`, each event's kind and the fields
//! that kind takes ([`super::event_fields`]), its parties checked against the
//! treaty's.

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;
use toml::de::{DeArray, DeTable, DeValue};

use super::values::quoted_list;
use super::{EVENT_KEYS, Entry, Loader, Value, did_you_mean, event_fields};
use crate::diag::Diagnostic;
use crate::model::{Event, EventKind, ExtensionEnd, NoticeEffect};

impl Loader<'_> {
    pub(super) fn events(&mut self, v: &Value<'_>, parties: &[String]) -> Option<Vec<Event>> {
        let parties = Parties::new(parties);
        let items: &DeArray<'_> = match v.get_ref() {
            DeValue::Array(a) => a,
            DeValue::Table(_) => {
                self.err(
                    Diagnostic::error("`event` must be an array of tables", v.span()).with_help(
                        "write each event under `[[event]]` (two brackets), not `[event]`",
                    ),
                );
                return None;
            }
            other => {
                self.wrong_type(
                    "`event`",
                    "an array of tables",
                    other,
                    v.span(),
                    "write each event under its own `[[event]]` header",
                );
                return None;
            }
        };
        // Sized up front: every loaded treaty keeps its events.
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => match self.event(t, item.span(), &parties) {
                    Some(e) => out.push(e),
                    None => ok = false,
                },
                other => {
                    self.wrong_type(
                        "an event",
                        "a table",
                        other,
                        item.span(),
                        "write each event under its own `[[event]]` header",
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    pub(super) fn event(
        &mut self,
        t: &DeTable<'_>,
        span: Range<usize>,
        parties: &Parties<'_>,
    ) -> Option<Event> {
        self.unknown_keys(t, EVENT_KEYS, "an event");
        let date_v = field(t, "date");
        let date = match date_v {
            Some(d) => self.date("date", d),
            None => {
                self.err(
                    Diagnostic::error("this event has no `date`", span.clone()).with_help(
                        "add `date = YYYY-MM-DD` (for a notice, the day it was received)",
                    ),
                );
                None
            }
        };
        let at = date_v.map_or(span.clone(), |d| d.span());
        let kind_v = field(t, "kind");
        let kind_name = match kind_v {
            Some(k) => {
                let s = self.string("kind", k)?;
                if !crate::model::EVENT_KINDS.contains(&s.as_str()) {
                    let mut d = Diagnostic::error(format!("`{s}` is not an event kind"), k.span());
                    d = match did_you_mean(&s, &crate::model::EVENT_KINDS) {
                        Some(n) => d.with_help(format!("did you mean \"{n}\"?")),
                        None => d.with_help(format!(
                            "`kind` is one of: {}",
                            crate::model::EVENT_KINDS.join(", ")
                        )),
                    };
                    self.err(d);
                    return None;
                }
                s
            }
            None => {
                self.err(
                    Diagnostic::error("this event has no `kind`", span.clone()).with_help(format!(
                        "add `kind = \"...\"`, one of: {}",
                        crate::model::EVENT_KINDS.join(", ")
                    )),
                );
                return None;
            }
        };
        let takes = event_fields(&kind_name);
        for (key, _) in t.iter() {
            let k: &str = key.get_ref();
            if EVENT_KEYS.contains(&k)
                && !["date", "kind", "note", "source"].contains(&k)
                && !takes.contains(&k)
            {
                let help = if takes.is_empty() {
                    format!("a `{kind_name}` event takes only `date`, `kind`, `note` and `source`")
                } else {
                    format!(
                        "a `{kind_name}` event takes {} besides `date`, `kind`, `note` and `source`",
                        quoted_list(takes, '`')
                    )
                };
                self.err(
                    Diagnostic::error(
                        format!("a `{kind_name}` event does not take `{k}`"),
                        key.span(),
                    )
                    .with_help(help),
                );
            }
        }
        let note = field(t, "note").and_then(|v| self.nonempty_string("note", v));
        let source = field(t, "source").and_then(|v| self.nonempty_string("source", v));
        let party = match field(t, "party") {
            Some(p) if takes.contains(&"party") => {
                let name = self.nonempty_string("party", p)?;
                if let Some((d, names)) = unlisted(parties, &name, p.span()) {
                    let key = super::values::confusable_skeleton(&name);
                    let look_alike = names
                        .iter()
                        .find(|n| super::values::confusable_skeleton(n) == key);
                    let d = match (look_alike, did_you_mean(&name, &names)) {
                        (Some(n), _) => d.with_help(format!(
                            "it looks like {} but is spelt {}: a party named in an event must be spelt as in `parties`, without hidden characters or look-alike letters",
                            super::values::spelled(n),
                            super::values::spelled(&name)
                        )),
                        (None, Some(n)) => d.with_help(format!("did you mean \"{n}\"? A party named in an event must be spelt as in `parties`")),
                        (None, None) => d.with_help(format!("add it to `parties`, or use one of: {}", names.join(", "))),
                    };
                    self.err(d);
                    return None;
                }
                Some(name)
            }
            _ => None,
        };
        let opt_date = |cx: &mut Self, key: &str| -> Result<Option<NaiveDate>, ()> {
            match field(t, key) {
                Some(v) if takes.contains(&key) => cx.date(key, v).map(Some).ok_or(()),
                _ => Ok(None),
            }
        };
        let kind = match kind_name.as_str() {
            "renewed" => {
                let length = match field(t, "length") {
                    Some(l) => Some(self.length("length", l)?),
                    None => None,
                };
                let effective = opt_date(self, "effective").ok()?;
                EventKind::Renewed { length, effective }
            }
            "extended" => {
                let given: Vec<Entry<'_, '_>> = t
                    .iter()
                    .filter(|(k, _)| {
                        ["expires", "last_day", "length"].contains(&k.get_ref().as_ref())
                    })
                    .collect();
                match given.as_slice() {
                    [] => {
                        self.err(
                            Diagnostic::error("an `extended` event needs one of `expires`, `last_day` or `length`", span.clone())
                                .with_help("add `expires = YYYY-MM-DD` (first day no longer in force), `last_day = YYYY-MM-DD` or `length = \"5y\"`"),
                        );
                        return None;
                    }
                    [(k, v)] => match k.get_ref().as_ref() {
                        "length" => {
                            EventKind::Extended(ExtensionEnd::Length(self.length("length", v)?))
                        }
                        "expires" => EventKind::Extended(ExtensionEnd::Expires {
                            expires: self.date("expires", v)?,
                            written_as_last_day: false,
                        }),
                        _ => {
                            let last = self.date("last_day", v)?;
                            // An extension to 9999-12-31 inclusive ends past the
                            // calendar: the engine makes it an open period, as
                            // any boundary past 9999-12-31 (unlike period 0,
                            // which must end inside the calendar).
                            let Some(expires) = last.succ_opt() else {
                                self.err(Diagnostic::error(
                                    "`last_day` is outside the dates treatyline handles",
                                    v.span(),
                                ));
                                return None;
                            };
                            EventKind::Extended(ExtensionEnd::Expires {
                                expires,
                                written_as_last_day: true,
                            })
                        }
                    },
                    [first, rest @ ..] => {
                        self.given_together(
                            first,
                            rest,
                            "an `extended` event takes exactly one of `expires`, `last_day` and `length`",
                            "keep one of them",
                        );
                        return None;
                    }
                }
            }
            "notice" => {
                let effect = match field(t, "effect") {
                    Some(e) => self.choice(
                        "effect",
                        e,
                        &[
                            ("non-renewal", NoticeEffect::NonRenewal),
                            ("withdrawal", NoticeEffect::Withdrawal),
                        ],
                    )?,
                    None => {
                        self.err(
                            Diagnostic::error("a `notice` event needs an `effect`", span.clone())
                                .with_help(
                                    "add `effect = \"non-renewal\"` or `effect = \"withdrawal\"`",
                                ),
                        );
                        return None;
                    }
                };
                let effective = opt_date(self, "effective").ok()?;
                if effect == NoticeEffect::NonRenewal
                    && let Some(ev) = field(t, "effective")
                {
                    self.err(
                        Diagnostic::error("`effective` is for withdrawal notices only", ev.span())
                            .with_help("a non-renewal notice takes effect at the end of the period it is timely for; remove `effective`"),
                    );
                    return None;
                }
                let revoked = opt_date(self, "revoked").ok()?;
                if let (Some(r), Some(d), Some(rv)) = (revoked, date, field(t, "revoked"))
                    && r < d
                {
                    self.err(
                        Diagnostic::error(
                            format!("the notice is revoked ({r}) before it was given ({d})"),
                            rv.span(),
                        )
                        .with_help(
                            "`revoked` is the day the notice was withdrawn, on or after its `date`",
                        ),
                    );
                    return None;
                }
                EventKind::Notice {
                    effect,
                    party,
                    effective,
                    revoked,
                }
            }
            "succeeded" => {
                let Some(party) = party else {
                    self.err(
                        Diagnostic::error("a `succeeded` event needs a `party` (the successor)", span.clone())
                            .with_help("add `party = \"...\"` and `predecessor = \"...\"`, both among the treaty's `parties`"),
                    );
                    return None;
                };
                let Some(pv) = field(t, "predecessor") else {
                    self.err(
                        Diagnostic::error("a `succeeded` event needs a `predecessor`", span.clone())
                            .with_help("add `predecessor = \"...\"`: the state whose membership the party continues"),
                    );
                    return None;
                };
                let predecessor = self.nonempty_string("predecessor", pv)?;
                if let Some((d, names)) = unlisted(parties, &predecessor, pv.span()) {
                    let d = match did_you_mean(&predecessor, &names) {
                        Some(n) => d.with_help(format!("did you mean \"{n}\"?")),
                        None => d.with_help("list the predecessor in `parties` too: `parties` names every party the file mentions"),
                    };
                    self.err(d);
                    return None;
                }
                if predecessor == party {
                    self.err(
                        Diagnostic::error("a party cannot succeed itself", pv.span()).with_help(
                            "`predecessor` is the state whose membership `party` continues",
                        ),
                    );
                    return None;
                }
                EventKind::Succeeded { party, predecessor }
            }
            "postponed" => {
                let effective = opt_date(self, "effective").ok()?;
                if let (Some(eff), Some(d), Some(ev)) = (effective, date, field(t, "effective"))
                    && eff <= d
                {
                    self.err(
                        Diagnostic::error(
                            format!("the notice is postponed to {eff}, which is not after the event's date ({d})"),
                            ev.span(),
                        )
                        .with_help("`effective` is the new first day the party is no longer bound; without it the notice is suspended"),
                    );
                    return None;
                }
                EventKind::Postponed { party, effective }
            }
            "withdrawn" | "joined" | "deposited" => {
                let Some(party) = party else {
                    self.err(
                        Diagnostic::error(
                            format!("a `{kind_name}` event needs a `party`"),
                            span.clone(),
                        )
                        .with_help("add `party = \"...\"`, one of the treaty's `parties`"),
                    );
                    return None;
                };
                match kind_name.as_str() {
                    "withdrawn" => EventKind::Withdrawn { party },
                    "deposited" => EventKind::Deposited { party },
                    _ => EventKind::Joined { party },
                }
            }
            "terminated" => EventKind::Terminated,
            "expired" => EventKind::Expired,
            "suspended" => EventKind::Suspended { party },
            "resumed" => EventKind::Resumed { party },
            "amended" => EventKind::Amended { party },
            _ => EventKind::Note { party },
        };
        let (line, _) = self.lines.line_col(at.start);
        Some(Event {
            date: date?,
            kind,
            note,
            source,
            span: at,
            line,
            assumed: false,
        })
    }
}

/// The error for `name`, given at `span`, when the treaty's `parties` (if
/// known) do not list it, still without its help; and the listed names.
fn unlisted<'p>(
    parties: &'p Parties<'_>,
    name: &str,
    span: Range<usize>,
) -> Option<(Diagnostic, Vec<&'p str>)> {
    if parties.is_empty() || parties.lists(name) {
        return None;
    }
    let d = Diagnostic::error(
        format!("\"{name}\" is not one of the treaty's `parties`"),
        span,
    );
    Some((d, parties.iter().map(String::as_str).collect()))
}

/// The value of `key` in an event's table: an event has a few keys, found
/// by comparing them in turn rather than hashing each key asked for.
fn field<'t, 'a>(t: &'t DeTable<'a>, key: &str) -> Option<&'t Value<'a>> {
    t.iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

/// The treaty's parties, as the events see them: the list, and a set of
/// the names made once per file, so that a treaty of hundreds of parties
/// and events does not compare every event's party with every listed one.
pub(super) struct Parties<'a> {
    list: &'a [String],
    names: HashSet<&'a str>,
}

impl<'a> Parties<'a> {
    pub(super) fn new(list: &'a [String]) -> Self {
        Parties {
            list,
            names: list.iter().map(String::as_str).collect(),
        }
    }

    /// Whether `name` is one of the parties.
    fn lists(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}

impl std::ops::Deref for Parties<'_> {
    type Target = [String];

    fn deref(&self) -> &[String] {
        self.list
    }
}
