//! Stage 2, typed tables: `[[reading]]`, the other readings of a disputed
//! clause (spec v2 section R).

use super::{Loader, READING_KEYS, Value, is_valid_id};
use crate::diag::Diagnostic;
use crate::model::{Reading, ReadingInForce, TreatySpans};

impl Loader<'_> {
    pub(super) fn readings(&mut self, v: &Value<'_>) -> Option<Vec<Reading>> {
        let tables = self.array_of_tables("reading", v)?;
        let mut out: Vec<Reading> = Vec::new();
        let mut ok = true;
        for (t, span) in tables {
            let before = self.diags.len();
            self.unknown_keys(t, READING_KEYS, "a `[[reading]]`");
            let name_span = t.get("name").map_or(span.clone(), |n| n.span());
            let name = match t.get("name") {
                Some(n) => self.nonempty_string("name", n),
                None => {
                    self.err(
                        Diagnostic::error("this reading has no `name`", span.clone()).with_help(
                            "add an id-like `name = \"reported-cycle\"`, unique in the file",
                        ),
                    );
                    None
                }
            };
            if let Some(n) = &name {
                if !is_valid_id(n) {
                    self.err(
                        Diagnostic::error(
                            format!("the reading name `{n}` is not id-like"),
                            name_span.clone(),
                        )
                        .with_help("use lowercase letters, digits and `-`, like `reported-cycle`"),
                    );
                } else if let Some(first) = out.iter().find(|r| &r.name == n) {
                    self.err(
                        Diagnostic::error(
                            format!("two readings are named `{n}`"),
                            name_span.clone(),
                        )
                        .with_related(first.span.clone(), "first named here")
                        .with_help("give each reading its own name"),
                    );
                }
            }
            let why = t.get("why").and_then(|x| self.nonempty_string("why", x));
            let source = t
                .get("source")
                .and_then(|x| self.nonempty_string("source", x));
            let in_force = match t.get("in_force") {
                Some(x) if x.get_ref().as_str() == Some("pending") => Some(ReadingInForce::Pending),
                Some(x) => self.in_force_date("in_force", x).map(ReadingInForce::Date),
                None => None,
            };
            let mut scratch = TreatySpans::default();
            let term = t.get("term").and_then(|x| self.term(x, &mut scratch));
            let renewal = t
                .get("renewal")
                .and_then(|x| self.renewal(x, &mut scratch).flatten());
            let withdrawal = t
                .get("withdrawal")
                .and_then(|x| self.withdrawal(x, &mut scratch));
            let membership = t.get("membership").and_then(|x| self.membership(x));
            let survival = t.get("survival").and_then(|x| self.survival(x));
            let failed = self.diags.len() > before;
            if let Some(n) = &name {
                for d in self.diags.iter_mut().skip(before) {
                    d.message = format!("in the reading `{n}`: {}", d.message);
                }
            }
            match name {
                Some(name) if !failed => out.push(Reading {
                    name,
                    why,
                    source,
                    in_force,
                    term,
                    renewal,
                    withdrawal,
                    membership,
                    survival,
                    span: name_span,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }
}
