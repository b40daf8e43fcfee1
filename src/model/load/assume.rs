//! `--assume`: a hypothetical event written as a TOML inline table, parsed
//! once ([`parse_assumption`]) and read against each treaty it targets as an
//! event in a file would be.

use toml::de::{DeTable, DeValue};

use super::Loader;
use super::syntax::syntax_message;
use crate::diag::Diagnostic;
use crate::model::{Event, Treaty};

/// Parses a single event written as a TOML inline table, e.g.
/// `{date = 2026-12-01, kind = "notice", effect = "non-renewal", party = "China"}`,
/// against the parties of `treaty` (used by `--assume`).
///
/// # Errors
///
/// The problems found, with spans into `text`.
pub fn parse_event(treaty: &Treaty, text: &str) -> Result<Event, Vec<Diagnostic>> {
    parse_assumption(text).and_then(|a| a.event_for(treaty))
}

/// A hypothetical event from `--assume`, parsed once and applied to each
/// treaty it targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumption {
    /// The text as given.
    pub text: String,
    /// The treaty it is limited to (`treaty = "ID"` in the table), if any.
    pub treaty: Option<String>,
}

/// Checks the syntax of an assumption and reads its optional `treaty` key.
///
/// # Errors
///
/// Syntax errors, with spans into `text`.
pub fn parse_assumption(text: &str) -> Result<Assumption, Vec<Diagnostic>> {
    let wrapped = format!("event = {text}");
    let offset = "event = ".len();
    let (root, errors) = DeTable::parse_recoverable(&wrapped);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| {
                let s = e.span().unwrap_or(0..0);
                Diagnostic::error(syntax_message(e.message()), s.start.saturating_sub(offset)..s.end.saturating_sub(offset))
                    .with_help("write the event as a TOML inline table, like `{date = 2026-12-01, kind = \"notice\", effect = \"non-renewal\"}`")
            })
            .collect());
    }
    let treaty = match root.get_ref().get("event").map(|v| v.get_ref()) {
        Some(DeValue::Table(t)) => t
            .get("treaty")
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_owned),
        _ => None,
    };
    Ok(Assumption {
        text: text.to_owned(),
        treaty,
    })
}

impl Assumption {
    /// Whether the assumption applies to the treaty with this id.
    pub fn applies_to(&self, id: &str) -> bool {
        self.treaty.as_deref().is_none_or(|t| t == id)
    }

    /// The assumed event, checked against `treaty` (its parties, the fields
    /// its kind takes), with spans into the assumption's text.
    ///
    /// # Errors
    ///
    /// Every problem, as for an event in a file.
    pub fn event_for(&self, treaty: &Treaty) -> Result<Event, Vec<Diagnostic>> {
        parse_event_table(treaty, &self.text)
    }
}

fn parse_event_table(treaty: &Treaty, text: &str) -> Result<Event, Vec<Diagnostic>> {
    let wrapped = format!("event = {text}");
    let offset = "event = ".len();
    let shift = |mut d: Diagnostic| {
        d.span = d
            .span
            .map(|s| s.start.saturating_sub(offset)..s.end.saturating_sub(offset));
        d
    };
    let (root, errors) = DeTable::parse_recoverable(&wrapped);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| {
                shift(Diagnostic::error(
                    syntax_message(e.message()),
                    e.span().unwrap_or(0..0),
                ))
            })
            .collect());
    }
    let mut cx = Loader::new(&wrapped);
    let event = match root.get_ref().get("event") {
        Some(v) => match v.get_ref() {
            DeValue::Table(t) => {
                // `treaty` selects the treaty an assumption applies to; it is
                // not part of the event.
                let mut t = t.clone();
                t.remove("treaty");
                cx.event(&t, v.span(), &super::events::Parties::new(&treaty.parties))
            }
            _ => {
                cx.diags.push(Diagnostic::error(
                    "an assumed event must be an inline table",
                    v.span(),
                ).with_help("write it like `{date = 2026-12-01, kind = \"notice\", effect = \"non-renewal\", party = \"China\"}`"));
                None
            }
        },
        None => None,
    };
    match event {
        Some(mut e) if cx.diags.is_empty() => {
            e.span = e.span.start.saturating_sub(offset)..e.span.end.saturating_sub(offset);
            e.line = 1;
            e.assumed = true;
            Ok(e)
        }
        _ => Err(cx.diags.into_iter().map(shift).collect()),
    }
}
