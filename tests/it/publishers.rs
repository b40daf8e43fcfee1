//! The source policy: a dataset with a `publishers.toml` cites only listed
//! publishers (`check` refuses the others, naming the source's
//! `file:line:column`), and the reports name each source's publisher.

use std::collections::BTreeSet;

use super::support::{data_dir, run_in, write};

const LIST: &str = "# Publishers\n\"treaties.un.org\" = { name = \"United Nations Treaty Collection\", kind = \"depositary\" }\n\"mofa.go.jp\" = { name = \"Ministry of Foreign Affairs of Japan\", kind = \"government\" }\n";

const TREATY: &str = "title = \"Alpha\"\nparties = [\"A\", \"B\"]\nsigned = 2001-01-01\nsources = [\n  \"https://treaties.un.org/x\",\n  \"https://blog.example.com/post\",\n]\n[term]\nlength = \"10y\"\n[[event]]\ndate = 2005-01-01\nkind = \"note\"\nsource = \"https://www.mofa.go.jp/a.html\"\n";

#[test]
fn an_unlisted_publisher_is_refused_at_the_source_string() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "data/publishers.toml", LIST);
    write(dir.path(), "data/treaties/alpha-2001.toml", TREATY);
    let (code, _, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("data/treaties/alpha-2001.toml:6:3"),
        "the error names the source string's line and column:\n{err}"
    );
    assert!(
        err.contains("the source's domain `blog.example.com` is not in data/publishers.toml"),
        "{err}"
    );
    assert!(
        err.contains("add the publisher to data/publishers.toml"),
        "{err}"
    );
    assert!(err.contains("or cite another source"), "{err}");
    assert!(
        err.contains("0 treaties valid, 1 file with errors"),
        "{err}"
    );
    // The publishers list is not a treaty, and the rest of the file is fine.
    let fixed = TREATY.replace("https://blog.example.com/post", "https://treaties.un.org/y");
    write(dir.path(), "data/treaties/alpha-2001.toml", &fixed);
    let (code, out, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("ok: 1 treaty valid"), "{out}");
}

#[test]
fn a_file_named_by_path_uses_the_list_of_its_dataset() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "mine/publishers.toml", LIST);
    write(dir.path(), "mine/treaties/alpha-2001.toml", TREATY);
    let (code, _, err) = run_in(dir.path(), &["check", "mine/treaties/alpha-2001.toml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("mine/treaties/alpha-2001.toml:6:3"), "{err}");
    assert!(err.contains("mine/publishers.toml"), "{err}");
    // The check is `check`'s: other commands still read the file.
    let (code, _, err) = run_in(dir.path(), &["project", "mine/treaties/alpha-2001.toml"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_dataset_without_a_list_cites_anything() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "data/treaties/alpha-2001.toml", TREATY);
    let (code, out, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("ok: 1 treaty valid"), "{out}");
}

#[test]
fn a_bad_list_is_an_error_naming_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "data/publishers.toml",
        "\"un.org\" = { name = \"United Nations\", kind = \"blog\" }\n",
    );
    write(dir.path(), "data/treaties/alpha-2001.toml", TREATY);
    let (code, _, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("data/publishers.toml:1:"), "{err}");
    assert!(err.contains("unknown publisher kind `blog`"), "{err}");
}

#[test]
fn reports_name_the_publisher_beside_each_source() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "data/publishers.toml", LIST);
    write(dir.path(), "data/treaties/alpha-2001.toml", TREATY);
    let (code, md, err) = run_in(dir.path(), &["report", "--format", "md"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        md.contains("- <https://treaties.un.org/x> (United Nations Treaty Collection, depositary)"),
        "{md}"
    );
    assert!(md.contains("- <https://blog.example.com/post>\n"), "{md}");
    assert!(
        md.contains("([Ministry of Foreign Affairs of Japan](<https://www.mofa.go.jp/a.html>))"),
        "{md}"
    );
    let (code, html, err) = run_in(dir.path(), &["report", "--format", "html"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        html.contains(r#"<a href="https://treaties.un.org/x">https://treaties.un.org/x</a> <span class="muted">(United Nations Treaty Collection, depositary)</span>"#),
        "{html}"
    );
    assert!(
        html.contains(
            r#"<a href="https://www.mofa.go.jp/a.html">Ministry of Foreign Affairs of Japan</a>"#
        ),
        "{html}"
    );
}
#[test]
fn the_embedded_dataset_carries_its_list() {
    // From an empty folder the embedded dataset is used: it checks clean
    // (so its list is there and covers it) and its reports name publishers.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = run_in(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        !out.contains("publishers"),
        "the list is not a treaty: {out}"
    );
    let (code, md, err) = run_in(dir.path(), &["report", "icsid-1965", "--format", "md"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        md.contains("(International Centre for Settlement of Investment Disputes"),
        "{md}"
    );
}

/// Every domain the bundled dataset cites is listed (else `check` fails),
/// and every listed domain is cited: the list is the dataset's, not a
/// catalogue of the web.
#[test]
fn the_bundled_list_has_no_entry_nothing_cites() {
    let text = std::fs::read_to_string(data_dir().join("publishers.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let list = treatyline::publishers::parse(&text).unwrap_or_else(|e| panic!("{e:?}"));
    let mut cited = BTreeSet::new();
    let mut stack = vec![data_dir().join("treaties")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            for word in text.split(['"', ' ', '(', ')', ',', '\n']) {
                if let Some(p) = list.find(word) {
                    cited.insert(p.domain.clone());
                }
            }
        }
    }
    let unused: Vec<&str> = list
        .all()
        .into_iter()
        .map(|p| p.domain.as_str())
        .filter(|d| !cited.contains(*d))
        .collect();
    assert!(unused.is_empty(), "listed but never cited: {unused:?}");
}

/// The bundled dataset is kept in `treatyline fmt`'s canonical layout and
/// checks without warnings (issue 16: both run in CI).
#[test]
fn the_bundled_dataset_is_formatted_and_checks_clean() {
    let out = super::support::run(&["fmt", "--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = super::support::run(&["check", "--deny-warnings"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
