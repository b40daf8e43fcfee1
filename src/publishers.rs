//! Publishers: who may be cited as a source (`publishers.toml`).
//!
//! A dataset opts in to a source policy by putting a `publishers.toml` at
//! its root: one entry per web domain it cites, with the publisher's name
//! and kind. In such a dataset `check` refuses a source whose domain is not
//! listed, and the Markdown and HTML reports name the publisher beside each
//! source. The bundled dataset has one (`data/publishers.toml`).
//!
//! ```toml
//! "treaties.un.org" = { name = "United Nations Treaty Collection", kind = "depositary" }
//! "un.org" = { name = "United Nations", kind = "international-organisation" }
//! ```
//!
//! A domain covers its subdomains (`un.org` covers `news.un.org`); the most
//! specific listed domain names the publisher. Listing is per domain, not
//! per page: the policy (`data/README.md`) says which publishers belong in
//! the file at all; the file makes that decision visible and checkable.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::DeValue;

use crate::diag::Diagnostic;

/// The file name of a dataset's publishers list, at the dataset's root.
pub const FILE_NAME: &str = crate::dataset::PUBLISHERS_FILE_NAME;

/// What kind of publisher a domain belongs to, most authoritative first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PublisherKind {
    /// Keeps the treaty's official record: the UN Treaty Collection, the
    /// depositary government's treaty office, the organisation's own records.
    Depositary,
    /// A government: foreign ministries, official gazettes, archives.
    Government,
    /// An international organisation speaking for itself.
    InternationalOrganisation,
    /// An established news agency.
    PressAgency,
    /// A newspaper or broadcaster of record.
    Newspaper,
    /// A university, learned society, academic publisher or research institute.
    Academic,
    /// A reference work with editorial control.
    Reference,
}

impl PublisherKind {
    /// Every kind, in order.
    pub const ALL: [PublisherKind; 7] = [
        PublisherKind::Depositary,
        PublisherKind::Government,
        PublisherKind::InternationalOrganisation,
        PublisherKind::PressAgency,
        PublisherKind::Newspaper,
        PublisherKind::Academic,
        PublisherKind::Reference,
    ];

    /// The spelling used in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            PublisherKind::Depositary => "depositary",
            PublisherKind::Government => "government",
            PublisherKind::InternationalOrganisation => "international-organisation",
            PublisherKind::PressAgency => "press-agency",
            PublisherKind::Newspaper => "newspaper",
            PublisherKind::Academic => "academic",
            PublisherKind::Reference => "reference",
        }
    }

    fn parse(s: &str) -> Option<PublisherKind> {
        PublisherKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One listed domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publisher {
    /// The domain, lowercase, without `www.`.
    pub domain: String,
    /// The publisher's name, as a report shows it.
    pub name: String,
    /// The kind of publisher.
    pub kind: PublisherKind,
}

/// A dataset's publishers list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Publishers {
    by_domain: HashMap<String, Publisher>,
}

impl Publishers {
    /// The publisher of `url`: the most specific listed domain that is the
    /// URL's host or a parent of it. `None` for a URL of an unlisted domain
    /// and for a source that is not an `http(s)` URL.
    ///
    /// # Example
    ///
    /// ```
    /// use treatyline::publishers::parse;
    ///
    /// let list = parse("\"un.org\" = { name = \"United Nations\", kind = \"international-organisation\" }\n").unwrap();
    /// let p = list.find("https://news.un.org/en/story/2019/11/1050491").unwrap();
    /// assert_eq!(p.name, "United Nations");
    /// assert!(list.find("https://example.org/").is_none());
    /// ```
    pub fn find(&self, url: &str) -> Option<&Publisher> {
        let host = host(url)?;
        let mut rest = host.as_str();
        loop {
            if let Some(p) = self.by_domain.get(rest) {
                return Some(p);
            }
            rest = rest.split_once('.')?.1;
        }
    }

    /// How many domains are listed.
    pub fn len(&self) -> usize {
        self.by_domain.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.by_domain.is_empty()
    }

    /// The listed publishers, sorted by domain.
    pub fn all(&self) -> Vec<&Publisher> {
        let mut all: Vec<&Publisher> = self.by_domain.values().collect();
        all.sort_by(|a, b| a.domain.cmp(&b.domain));
        all
    }

    /// Adds the entries of `other` that `self` does not list.
    pub fn merge(&mut self, other: &Publishers) {
        for (domain, p) in &other.by_domain {
            self.by_domain
                .entry(domain.clone())
                .or_insert_with(|| p.clone());
        }
    }
}

/// The host of an `http(s)` URL, lowercase, without `www.`, port or
/// credentials; `None` when `url` is not an `http(s)` URL with a host.
pub fn host(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    let host = authority.split(':').next().unwrap_or_default();
    let host = host.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && host.contains('.')).then(|| host.to_owned())
}

fn valid_domain(d: &str) -> bool {
    !d.is_empty()
        && d.contains('.')
        && !d.starts_with("www.")
        && d.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Parses the text of a publishers file.
///
/// # Errors
///
/// Every problem found (syntax, a key that is not a domain, a missing or
/// unknown `name` or `kind`), with its span.
pub fn parse(text: &str) -> Result<Publishers, Vec<Diagnostic>> {
    let root = crate::lists::syntax(
        text,
        "\"un.org\" = { name = \"United Nations\", kind = \"international-organisation\" }",
    )?;
    let mut diags = Vec::new();
    let mut by_domain = HashMap::new();
    for (key, value) in root.get_ref().iter() {
        let domain = key.get_ref().as_ref();
        if !valid_domain(domain) {
            diags.push(
                Diagnostic::error(format!("`{domain}` is not a web domain"), key.span())
                    .with_help("write the domain in lowercase without `www.`, a scheme or a path, like `\"treaties.un.org\"`"),
            );
            continue;
        }
        let DeValue::Table(entry) = value.get_ref() else {
            diags.push(
                Diagnostic::error(
                    format!("`{domain}` must be a table with `name` and `kind`"),
                    value.span(),
                )
                .with_help(format!(
                    "write it like `\"{domain}\" = {{ name = \"...\", kind = \"depositary\" }}`"
                )),
            );
            continue;
        };
        let mut name = None;
        let mut kind = None;
        for (k, v) in entry.iter() {
            match (k.get_ref().as_ref(), v.get_ref()) {
                ("name", DeValue::String(s)) if !s.trim().is_empty() => {
                    name = Some(s.trim().to_owned());
                }
                ("kind", DeValue::String(s)) => match PublisherKind::parse(s) {
                    Some(kk) => kind = Some(kk),
                    None => diags.push(unknown_kind(s, v.span())),
                },
                ("name" | "kind", _) => diags.push(
                    Diagnostic::error(
                        format!("`{}` must be a non-empty string", k.get_ref()),
                        v.span(),
                    )
                    .with_help("write it in quotes, like `name = \"United Nations\"`"),
                ),
                (other, _) => diags.push(
                    Diagnostic::error(format!("unknown key `{other}` for a publisher"), k.span())
                        .with_help("a publisher has only `name` and `kind`"),
                ),
            }
        }
        // A key that is there but wrong has its own error already.
        let has = |key: &str| entry.iter().any(|(k, _)| k.get_ref().as_ref() == key);
        let missing: Vec<&str> = ["name", "kind"].into_iter().filter(|k| !has(k)).collect();
        match (name, kind) {
            (Some(name), Some(kind)) => {
                by_domain.insert(
                    domain.to_owned(),
                    Publisher {
                        domain: domain.to_owned(),
                        name,
                        kind,
                    },
                );
            }
            _ if missing.is_empty() => {}
            _ => diags.push(
                Diagnostic::error(
                    format!(
                        "the publisher `{domain}` has no `{}`",
                        missing.join("` or `")
                    ),
                    value.span(),
                )
                .with_help("every publisher has a `name` and a `kind`"),
            ),
        }
    }
    if diags.is_empty() {
        Ok(Publishers { by_domain })
    } else {
        diags.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        Err(diags)
    }
}

fn unknown_kind(s: &str, span: Range<usize>) -> Diagnostic {
    let kinds: Vec<&str> = PublisherKind::ALL.iter().map(|k| k.as_str()).collect();
    Diagnostic::error(format!("unknown publisher kind `{s}`"), span)
        .with_help(format!("use one of: {}", kinds.join(", ")))
}

/// Checks every source a treaty file cites (`sources`, and `source` in any
/// table: events, readings, milestones) against `publishers`.
///
/// Returns one error per source that is not an `http(s)` URL of a listed
/// domain, pointing at the string. A file that does not parse gives none
/// (the loader reports it).
pub fn audit_sources(text: &str, publishers: &Publishers, list_name: &str) -> Vec<Diagnostic> {
    let Some(found) = crate::lists::strings_under(text, &["source"], "sources") else {
        return Vec::new();
    };
    found
        .into_iter()
        .filter_map(|(url, span)| match host(&url) {
            Some(_) if publishers.find(&url).is_some() => None,
            Some(h) => Some(
                Diagnostic::error(
                    format!("the source's domain `{h}` is not in {list_name}"),
                    span,
                )
                .with_label("unlisted publisher")
                .with_help(format!(
                    "add the publisher to {list_name} (`\"{h}\" = {{ name = \"...\", kind = \"...\" }}`) if data/README.md's source policy admits it, or cite another source"
                )),
            ),
            None => Some(
                Diagnostic::error(
                    format!("the source `{url}` is not a web address"),
                    span,
                )
                .with_label("not an http(s) URL")
                .with_help(format!(
                    "in a dataset with {list_name}, every source is an http(s) address of a listed publisher; cite the page, or add its publisher"
                )),
            ),
        })
        .collect()
}

/// A publishers file, read and parsed.
pub type Loaded = crate::lists::Loaded<Publishers>;

/// Finds the publishers list that applies to each treaty file, reading
/// each list once.
pub type Resolver = crate::lists::Resolver<Publishers>;

impl crate::lists::List for Publishers {
    const FILE_NAME: &'static str = FILE_NAME;

    fn embedded() -> Option<(&'static str, &'static str)> {
        crate::dataset::embedded_publishers()
    }

    fn parse(text: &str) -> Result<Self, Vec<Diagnostic>> {
        parse(text)
    }

    fn merge(&mut self, other: &Self) {
        Publishers::merge(self, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Publishers {
        let text = "\"un.org\" = { name = \"United Nations\", kind = \"international-organisation\" }\n\"treaties.un.org\" = { name = \"United Nations Treaty Collection\", kind = \"depositary\" }\n";
        match parse(text) {
            Ok(p) => p,
            Err(d) => panic!("the test list does not parse: {d:?}"),
        }
    }

    #[test]
    fn the_most_specific_domain_names_the_publisher() {
        let p = list();
        let name = |url: &str| p.find(url).map(|x| x.name.clone());
        assert_eq!(
            name("https://treaties.un.org/Pages/ViewDetails.aspx"),
            Some("United Nations Treaty Collection".to_owned())
        );
        assert_eq!(
            name("https://www.un.org/en/about-us"),
            Some("United Nations".to_owned())
        );
        assert_eq!(
            name("http://NEWS.UN.ORG:443/x"),
            Some("United Nations".to_owned())
        );
        // A look-alike is not a subdomain.
        assert_eq!(name("https://fakeun.org/"), None);
        assert_eq!(name("https://un.org.example.com/"), None);
        assert_eq!(name("ftp://un.org/"), None);
        assert_eq!(name("un.org"), None);
    }

    #[test]
    fn hosts_lose_scheme_credentials_port_and_www() {
        assert_eq!(
            host("https://user@www.Example.org:8080/a?b#c").as_deref(),
            Some("example.org")
        );
        assert_eq!(host("https://localhost/").as_deref(), None);
        assert_eq!(host("https://").as_deref(), None);
    }

    #[test]
    fn a_bad_list_is_refused_with_spans() {
        let text = "\"https://un.org\" = { name = \"UN\", kind = \"depositary\" }\n\"un.org\" = { name = \"UN\", kind = \"blog\" }\n\"a.org\" = { kind = \"academic\" }\n\"b.org\" = { name = \"B\", kind = \"academic\", url = \"x\" }\n";
        let Err(d) = parse(text) else {
            panic!("a bad list parsed");
        };
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`https://un.org` is not a web domain",
                "unknown publisher kind `blog`",
                "the publisher `a.org` has no `name`",
                "unknown key `url` for a publisher",
            ]
        );
        assert!(d.iter().all(|d| d.span.is_some()));
    }

    #[test]
    fn unlisted_and_non_url_sources_are_errors_at_the_string() {
        let text = "title = \"T\"\nsources = [\"https://treaties.un.org/a\", \"https://blog.example.com/x\"]\n[[event]]\ndate = 2000-01-01\nkind = \"note\"\nsource = \"a book\"\n";
        let d = audit_sources(text, &list(), "publishers.toml");
        assert_eq!(d.len(), 2);
        let first = &d[0];
        assert!(first.message.contains("`blog.example.com`"), "{first:?}");
        assert_eq!(
            first.span.as_ref().and_then(|s| text.get(s.clone())),
            Some("\"https://blog.example.com/x\"")
        );
        assert!(d[1].message.contains("not a web address"));
    }
}
