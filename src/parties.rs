//! Parties: the names a dataset gives its parties (`parties.toml`).
//!
//! A dataset opts in to one name per party by putting a `parties.toml` at
//! its root: one entry per party, keyed by the name the treaty files use,
//! with its kind and the other names it goes by. In such a dataset `check`
//! refuses a party name (in `parties`, `party`, `predecessor`) that is not
//! listed, and `--party` accepts any of a party's names. The bundled dataset
//! has one (`data/parties.toml`), naming states by the English short form
//! the United Nations uses.
//!
//! ```toml
//! "Russian Federation" = { kind = "state", also = ["Russia"] }
//! "Union of Soviet Socialist Republics" = { kind = "former-state", also = ["Soviet Union", "USSR"] }
//! ```
//!
//! Names are matched whole and ignoring case (`--party russia`); a name is
//! listed once, as an entry or as another name of exactly one entry.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::DeValue;

use crate::diag::Diagnostic;

/// The file name of a dataset's parties list, at the dataset's root.
pub const FILE_NAME: &str = crate::dataset::PARTIES_FILE_NAME;

/// What kind of party an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PartyKind {
    /// A state that exists today.
    State,
    /// A state that no longer exists (the Soviet Union, Czechoslovakia).
    FormerState,
    /// An international organisation that can be a party (the European
    /// Union, Euratom).
    InternationalOrganisation,
    /// Anything else (a territory, an entity of disputed status).
    Other,
}

impl PartyKind {
    /// Every kind, in order.
    pub const ALL: [PartyKind; 4] = [
        PartyKind::State,
        PartyKind::FormerState,
        PartyKind::InternationalOrganisation,
        PartyKind::Other,
    ];

    /// The spelling used in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::State => "state",
            PartyKind::FormerState => "former-state",
            PartyKind::InternationalOrganisation => "international-organisation",
            PartyKind::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<PartyKind> {
        PartyKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One listed party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    /// The name the treaty files use.
    pub name: String,
    /// The kind of party.
    pub kind: PartyKind,
    /// Its other names (accepted by `--party`, refused in treaty files).
    pub also: Vec<String>,
}

/// A dataset's parties list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parties {
    by_name: HashMap<String, Party>,
    /// Every name and other name, lowercase, to the listed name.
    lookup: HashMap<String, String>,
}

/// How a name stands in a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing<'a> {
    /// The listed name itself, spelt exactly.
    Listed,
    /// Another spelling (case) or another name of this listed name.
    Names(&'a str),
    /// Not a name the list knows.
    Unknown,
}

impl Parties {
    /// The listed name for `name`: `name` itself, or the entry it is
    /// another name of, ignoring case; `None` when the list does not know it.
    ///
    /// # Example
    ///
    /// ```
    /// use treatyline::parties::parse;
    ///
    /// let list = parse("\"Russian Federation\" = { kind = \"state\", also = [\"Russia\"] }\n").unwrap();
    /// assert_eq!(list.canonical("russia"), Some("Russian Federation"));
    /// assert_eq!(list.canonical("Russian Federation"), Some("Russian Federation"));
    /// assert_eq!(list.canonical("Rus"), None);
    /// ```
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.lookup
            .get(&name.trim().to_lowercase())
            .map(String::as_str)
    }

    /// Whether `name` is listed as it is spelt, another name of an entry,
    /// or unknown.
    pub fn standing(&self, name: &str) -> Standing<'_> {
        if self.by_name.contains_key(name) {
            return Standing::Listed;
        }
        match self.canonical(name) {
            Some(c) => Standing::Names(c),
            None => Standing::Unknown,
        }
    }

    /// The listed name closest to `name` (by any of its names), for a
    /// "did you mean".
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let keys: Vec<&str> = self.lookup.keys().map(String::as_str).collect();
        let near = crate::model::load::did_you_mean(name, &keys)?;
        self.lookup.get(near).map(String::as_str)
    }

    /// For a listed `name` longer than `room` characters, the first of its
    /// other names that fits (the file lists the common short name first);
    /// `None` when `name` fits, is not listed, or has no such name.
    pub fn fitting(&self, name: &str, room: usize) -> Option<&str> {
        if name.chars().count() <= room {
            return None;
        }
        self.by_name
            .get(name)?
            .also
            .iter()
            .find(|a| a.chars().count() <= room)
            .map(String::as_str)
    }

    /// The entry named `name` exactly.
    pub fn get(&self, name: &str) -> Option<&Party> {
        self.by_name.get(name)
    }

    /// How many parties are listed.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The listed parties, sorted by name.
    pub fn all(&self) -> Vec<&Party> {
        let mut all: Vec<&Party> = self.by_name.values().collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }

    /// Adds the entries of `other` whose names `self` does not know yet.
    pub fn merge(&mut self, other: &Parties) {
        for p in other.all() {
            let names = std::iter::once(&p.name).chain(&p.also);
            if names
                .clone()
                .any(|n| self.lookup.contains_key(&n.to_lowercase()))
            {
                continue;
            }
            for n in names {
                self.lookup.insert(n.to_lowercase(), p.name.clone());
            }
            self.by_name.insert(p.name.clone(), p.clone());
        }
    }
}

fn valid_name(n: &str) -> bool {
    !n.is_empty() && n.trim() == n && !n.contains(['\n', '\r', '\t', ','])
}

/// Parses the text of a parties file.
///
/// # Errors
///
/// Every problem found (syntax, a missing or unknown `kind`, an `also` that
/// is not a list of names, a name listed twice), with its span.
pub fn parse(text: &str) -> Result<Parties, Vec<Diagnostic>> {
    let root = crate::lists::syntax(
        text,
        "\"Russian Federation\" = { kind = \"state\", also = [\"Russia\"] }",
    )?;
    let mut diags = Vec::new();
    let mut list = Parties::default();
    // Where each lowercase name was first listed, for a duplicate's error.
    let mut first: HashMap<String, (String, Range<usize>)> = HashMap::new();
    let mut claim =
        |name: &str, span: Range<usize>, owner: &str, diags: &mut Vec<Diagnostic>| match first
            .get(&name.to_lowercase())
        {
            Some((other, at)) => {
                diags.push(
                    Diagnostic::error(
                        format!("the name `{name}` is listed twice (also for `{other}`)"),
                        span,
                    )
                    .with_related(at.clone(), "first listed here")
                    .with_help(
                        "a name (ignoring case) belongs to one party only: remove one of them",
                    ),
                );
                false
            }
            None => {
                first.insert(name.to_lowercase(), (owner.to_owned(), span));
                true
            }
        };
    for (key, value) in root.get_ref().iter() {
        let name = key.get_ref().as_ref();
        if !valid_name(name) {
            diags.push(
                Diagnostic::error(format!("`{name}` is not a party name"), key.span())
                    .with_help("write the name as the treaty files spell it, without leading or trailing spaces, commas or line breaks"),
            );
            continue;
        }
        let DeValue::Table(entry) = value.get_ref() else {
            diags.push(
                Diagnostic::error(
                    format!("`{name}` must be a table with `kind`"),
                    value.span(),
                )
                .with_help(format!(
                    "write it like `\"{name}\" = {{ kind = \"state\", also = [\"...\"] }}`"
                )),
            );
            continue;
        };
        let mut kind = None;
        let mut also: Vec<(String, Range<usize>)> = Vec::new();
        let mut has_kind = false;
        for (k, v) in entry.iter() {
            match (k.get_ref().as_ref(), v.get_ref()) {
                ("kind", DeValue::String(s)) => {
                    has_kind = true;
                    match PartyKind::parse(s) {
                        Some(kk) => kind = Some(kk),
                        None => diags.push(unknown_kind(s, v.span())),
                    }
                }
                ("kind", _) => {
                    has_kind = true;
                    diags.push(
                        Diagnostic::error("`kind` must be a string", v.span())
                            .with_help("write it in quotes, like `kind = \"state\"`"),
                    );
                }
                ("also", DeValue::Array(items)) => {
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::String(s) if valid_name(s) => {
                                also.push((s.to_string(), item.span()));
                            }
                            _ => diags.push(
                                Diagnostic::error(
                                    "each other name in `also` must be a name in quotes",
                                    item.span(),
                                )
                                .with_help("write it like `also = [\"Russia\", \"USSR\"]`, without leading or trailing spaces or commas"),
                            ),
                        }
                    }
                }
                ("also", _) => diags.push(
                    Diagnostic::error("`also` must be a list of names", v.span())
                        .with_help("write it like `also = [\"Russia\"]`"),
                ),
                (other, _) => diags.push(
                    Diagnostic::error(format!("unknown key `{other}` for a party"), k.span())
                        .with_help("a party has only `kind` and `also`"),
                ),
            }
        }
        if !has_kind {
            diags.push(
                Diagnostic::error(format!("the party `{name}` has no `kind`"), value.span())
                    .with_help(format!("every party has a `kind`: {}", kinds())),
            );
        }
        let mut ok = claim(name, key.span(), name, &mut diags);
        let mut kept = Vec::new();
        for (a, span) in also {
            if claim(&a, span, name, &mut diags) {
                kept.push(a);
            } else {
                ok = false;
            }
        }
        if let (Some(kind), true) = (kind, ok) {
            for n in std::iter::once(name).chain(kept.iter().map(String::as_str)) {
                list.lookup.insert(n.to_lowercase(), name.to_owned());
            }
            list.by_name.insert(
                name.to_owned(),
                Party {
                    name: name.to_owned(),
                    kind,
                    also: kept,
                },
            );
        }
    }
    if diags.is_empty() {
        Ok(list)
    } else {
        diags.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        Err(diags)
    }
}

fn kinds() -> String {
    let kinds: Vec<&str> = PartyKind::ALL.iter().map(|k| k.as_str()).collect();
    kinds.join(", ")
}

fn unknown_kind(s: &str, span: Range<usize>) -> Diagnostic {
    Diagnostic::error(format!("unknown party kind `{s}`"), span)
        .with_help(format!("use one of: {}", kinds()))
}

/// Checks every party name a treaty file gives (`parties`, and `party` and
/// `predecessor` in any table: events, readings) against `parties`.
///
/// Returns one error per name that is not listed as it is spelt, pointing
/// at the string; the help gives the listed name when the name is another
/// name of a listed party. A file that does not parse gives none (the
/// loader reports it).
pub fn audit_parties(text: &str, parties: &Parties, list_name: &str) -> Vec<Diagnostic> {
    let Some(found) = crate::lists::strings_under(text, &["party", "predecessor"], "parties")
    else {
        return Vec::new();
    };
    found
        .into_iter()
        .filter_map(|(name, span)| match parties.standing(&name) {
            Standing::Listed => None,
            Standing::Names(listed) => Some(
                Diagnostic::error(
                    format!("the party `{name}` is not in {list_name}: it is listed as `{listed}`"),
                    span,
                )
                .with_label(format!("write \"{listed}\""))
                .with_help(format!(
                    "use the listed name `{listed}` (`{name}` is one of its other names, which `--party` accepts but the treaty files do not)"
                )),
            ),
            Standing::Unknown => {
                let near = parties
                    .suggest(&name)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                Some(
                    Diagnostic::error(format!("the party `{name}` is not in {list_name}"), span)
                        .with_label("unlisted party")
                        .with_help(format!(
                            "{near}use the name listed in {list_name}, or add the party there (`\"{name}\" = {{ kind = \"state\", also = [...] }}`)"
                        )),
                )
            }
        })
        .collect()
}

/// A parties file, read and parsed.
pub type Loaded = crate::lists::Loaded<Parties>;

/// Finds the parties list that applies to each treaty file, reading each
/// list once.
pub type Resolver = crate::lists::Resolver<Parties>;

impl crate::lists::List for Parties {
    const FILE_NAME: &'static str = FILE_NAME;

    fn embedded() -> Option<(&'static str, &'static str)> {
        crate::dataset::embedded_parties()
    }

    fn parse(text: &str) -> Result<Self, Vec<Diagnostic>> {
        parse(text)
    }

    fn merge(&mut self, other: &Self) {
        Parties::merge(self, other);
    }
}

/// The parties lists that apply to a command's treaties, merged: the
/// dataset's (embedded, or at the root of `--data`), and those of the files
/// named by path. Empty when none has one (or none loads: `check` reports
/// a list that does not load).
pub fn for_command(dataset: &crate::dataset::Dataset, paths: &[&str]) -> Parties {
    let mut resolver = Resolver::default();
    resolver.of_dataset(dataset);
    for p in paths {
        let _ = resolver.for_file(p);
    }
    resolver.merged()
}

/// `--party` values with each known name replaced by its listed name, so
/// that any of a party's names selects it (matching stays case-insensitive,
/// so an unknown name is kept as given).
pub fn resolve_all(parties: &Parties, names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            parties
                .canonical(n)
                .map_or_else(|| n.clone(), str::to_owned)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "\"Russian Federation\" = { kind = \"state\", also = [\"Russia\"] }\n\"Union of Soviet Socialist Republics\" = { kind = \"former-state\", also = [\"Soviet Union\", \"USSR\"] }\n\"Türkiye\" = { kind = \"state\", also = [\"Turkey\"] }\n";

    fn list() -> Parties {
        match parse(LIST) {
            Ok(p) => p,
            Err(d) => panic!("the test list does not parse: {d:?}"),
        }
    }

    #[test]
    fn any_name_in_any_case_finds_the_listed_name() {
        let p = list();
        assert_eq!(
            p.canonical("USSR"),
            Some("Union of Soviet Socialist Republics")
        );
        assert_eq!(
            p.canonical("soviet union"),
            Some("Union of Soviet Socialist Republics")
        );
        assert_eq!(p.canonical("TÜRKIYE"), Some("Türkiye"));
        assert_eq!(p.canonical(" Russia "), Some("Russian Federation"));
        assert_eq!(p.canonical("Russ"), None);
        assert_eq!(p.standing("Russian Federation"), Standing::Listed);
        assert_eq!(
            p.standing("russian federation"),
            Standing::Names("Russian Federation")
        );
        assert_eq!(p.suggest("Rusia"), Some("Russian Federation"));
        assert_eq!(p.get("Türkiye").map(|x| x.kind), Some(PartyKind::State));
    }

    #[test]
    fn a_bad_list_is_refused_with_spans() {
        let text = "\"A\" = { kind = \"country\" }\n\"B\" = { also = [\"Bee\"] }\n\"C\" = { kind = \"state\", also = [\"bee\", 3] }\n\"D\" = { kind = \"state\", flag = \"x\" }\n\" E\" = { kind = \"state\" }\n";
        let Err(d) = parse(text) else {
            panic!("a bad list parsed");
        };
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown party kind `country`",
                "the party `B` has no `kind`",
                "the name `bee` is listed twice (also for `B`)",
                "each other name in `also` must be a name in quotes",
                "unknown key `flag` for a party",
                "` E` is not a party name",
            ]
        );
        assert!(d.iter().all(|d| d.span.is_some()));
    }

    #[test]
    fn unlisted_names_are_errors_at_the_string() {
        let text = "title = \"T\"\nparties = [\"Russian Federation\", \"Soviet Union\", \"Narnia\"]\nsigned = 1990-01-01\n[[event]]\ndate = 1991-12-25\nkind = \"succeeded\"\nparty = \"Russian Federation\"\npredecessor = \"Soviet Union\"\n";
        let d = audit_parties(text, &list(), "data/parties.toml");
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the party `Soviet Union` is not in data/parties.toml: it is listed as `Union of Soviet Socialist Republics`",
                "the party `Narnia` is not in data/parties.toml",
                "the party `Soviet Union` is not in data/parties.toml: it is listed as `Union of Soviet Socialist Republics`",
            ]
        );
        let first = &d[0];
        assert_eq!(
            first.span.as_ref().and_then(|s| text.get(s.clone())),
            Some("\"Soviet Union\"")
        );
        assert!(
            first.help.as_deref().is_some_and(
                |h| h.contains("use the listed name `Union of Soviet Socialist Republics`")
            ),
            "{first:?}"
        );
        assert!(
            d[1].help
                .as_deref()
                .is_some_and(|h| h.contains("add the party there")),
            "{:?}",
            d[1]
        );
    }

    #[test]
    fn merging_keeps_the_first_list_for_a_name_both_know() {
        let mut a = list();
        let b =
            match parse("\"Russia\" = { kind = \"state\" }\n\"Narnia\" = { kind = \"other\" }\n") {
                Ok(p) => p,
                Err(d) => panic!("{d:?}"),
            };
        a.merge(&b);
        assert_eq!(a.canonical("Russia"), Some("Russian Federation"));
        assert_eq!(a.canonical("narnia"), Some("Narnia"));
        assert_eq!(a.len(), 4);
    }
}
