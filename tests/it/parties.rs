//! One name per party: a dataset with a `parties.toml` names each party as
//! listed there (`check` refuses another name at its `file:line:column`),
//! `--party` takes any of a party's names, and a dataset without the file is
//! unaffected (issue 16).

use std::path::Path;
use std::process::Command;

use super::support::{data_dir, run, run_in, write};

const LIST: &str = "# Parties\n\"Russian Federation\" = { kind = \"state\", also = [\"Russia\"] }\n\"Union of Soviet Socialist Republics\" = { kind = \"former-state\", also = [\"Soviet Union\", \"USSR\"] }\n\"Ukraine\" = { kind = \"state\" }\n";

const TREATY: &str = "title = \"Alpha\"\nparties = [\"Ukraine\", \"Russia\", \"Narnia\"]\nsigned = 2001-01-01\n[term]\nlength = \"10y\"\n[[event]]\ndate = 2005-01-01\nkind = \"note\"\nparty = \"Russia\"\n";

fn out_of(args: &[&str]) -> (String, String) {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn party_takes_any_listed_name_in_any_case() {
    // The bundled dataset names the UN's short forms; the old names, the
    // usual short names and any case select the same treaties.
    let (listed, _) = out_of(&["list", "--party", "Russian Federation"]);
    assert!(listed.contains("cn-ru-2001"), "{listed}");
    for other in ["Russia", "russia", "RUSSIAN FEDERATION"] {
        let (out, err) = out_of(&["list", "--party", other]);
        assert_eq!(out, listed, "--party {other}: {err}");
    }
    let (usa, _) = out_of(&["list", "--party", "USA"]);
    let (us, _) = out_of(&["list", "--party", "United States of America"]);
    assert_eq!(usa, us);
    assert!(us.contains("panama-canal-1977"), "{us}");
    // The focus of `status --party` names the listed party.
    let (out, _) = out_of(&["status", "inf-1987", "--party", "soviet union"]);
    assert!(
        out.contains("Union of Soviet Socialist Republics: left on 1991-12-25"),
        "{out}"
    );
    let (out, _) = out_of(&["status", "npt-1968", "--party", "UK"]);
    assert!(
        out.contains("United Kingdom of Great Britain and Northern Ireland: bound since"),
        "{out}"
    );
    // `explain --party` too.
    let (out, _) = out_of(&["explain", "sino-dprk-1961", "--party", "North Korea"]);
    assert!(out.contains("Sino-DPRK Treaty"), "{out}");
}

#[test]
fn an_unknown_party_matches_nothing_and_a_near_name_is_suggested() {
    // As before: no treaty, exit 0, a note on stderr; now with the listed
    // name a slip was probably meant for.
    let (out, err) = out_of(&["list", "--party", "Rusia"]);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(
            r#"no treaty matches --party "Rusia" (did you mean --party "Russian Federation"?"#
        ),
        "{err}"
    );
    let (_, err) = out_of(&["list", "--party", "Qqqq"]);
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn an_unlisted_party_is_refused_at_its_string() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "data/parties.toml", LIST);
    write(dir.path(), "data/treaties/alpha-2001.toml", TREATY);
    let (code, _, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{err}");
    // An other name of a listed party: the listed name is the fix.
    assert!(
        err.contains("data/treaties/alpha-2001.toml:2:23"),
        "the error names the string's line and column:\n{err}"
    );
    assert!(
        err.contains(
            "the party `Russia` is not in data/parties.toml: it is listed as `Russian Federation`"
        ),
        "{err}"
    );
    assert!(
        err.contains("use the listed name `Russian Federation`"),
        "{err}"
    );
    // A name the list does not know: add it, or use a listed one.
    assert!(err.contains("data/treaties/alpha-2001.toml:9:9"), "{err}");
    assert!(err.contains("data/treaties/alpha-2001.toml:2:33"), "{err}");
    assert!(
        err.contains("the party `Narnia` is not in data/parties.toml"),
        "{err}"
    );
    assert!(err.contains("add the party there"), "{err}");
    assert!(
        err.contains("0 treaties valid, 1 file with errors"),
        "{err}"
    );
    // The list is not a treaty, and once the names are listed the file is fine.
    let fixed = TREATY
        .replace("\"Russia\"", "\"Russian Federation\"")
        .replace(", \"Narnia\"", "");
    write(dir.path(), "data/treaties/alpha-2001.toml", &fixed);
    let (code, out, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("ok: 1 treaty valid"), "{out}");
    // --party takes the other name here too, for reading and for fmt.
    let (code, out, err) = run_in(dir.path(), &["list", "--party", "russia"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("alpha-2001"), "{out}");
    // (the file is not in fmt's layout, so the file --party selects is
    // reported, and one it does not select is not)
    let (code, _, err) = run_in(dir.path(), &["fmt", "--check", "--party", "russia"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("1 file(s) not formatted"), "{err}");
    let (code, _, err) = run_in(dir.path(), &["fmt", "--check", "--party", "Narnia"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn event_add_writes_the_listed_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "data/parties.toml", LIST);
    let treaty = "title = \"Alpha\"\nparties = [\"Ukraine\", \"Russian Federation\"]\nsigned = 2001-01-01\n\n[term]\nlength = \"10y\"\n";
    write(dir.path(), "data/treaties/alpha-2001.toml", treaty);
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "event",
            "add",
            "alpha-2001",
            "--kind",
            "note",
            "--date",
            "2005-01-01",
            "--party",
            "russia",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(dir.path().join("data/treaties/alpha-2001.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("party = \"Russian Federation\"\n"), "{text}");
    let (code, _, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_dataset_without_a_list_names_parties_as_it_likes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "data/treaties/alpha-2001.toml", TREATY);
    let (code, out, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("ok: 1 treaty valid"), "{out}");
    // --party matches the names as written, ignoring case, as before: the
    // bundled list's other names are not borrowed.
    let (_, out, _) = run_in(dir.path(), &["list", "--party", "RUSSIA"]);
    assert!(out.contains("alpha-2001"), "{out}");
    let (code, out, err) = run_in(dir.path(), &["list", "--party", "Russian Federation"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("no treaty matches"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn a_bad_list_is_an_error_naming_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "data/parties.toml",
        "\"Ukraine\" = { kind = \"state\" }\n\"Russia\" = { kind = \"country\" }\n",
    );
    write(dir.path(), "data/treaties/alpha-2001.toml", TREATY);
    let (code, _, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("data/parties.toml:2:"), "{err}");
    assert!(err.contains("unknown party kind `country`"), "{err}");
}

/// The bundled list names every party of the bundled dataset (`check`
/// passes, see `publishers::the_bundled_dataset_is_formatted_and_checks_clean`)
/// and the rename script has nothing left to do: it is idempotent.
#[test]
fn the_bundled_parties_are_renamed_and_the_script_is_idempotent() {
    let list =
        std::fs::read_to_string(data_dir().join("parties.toml")).unwrap_or_else(|e| panic!("{e}"));
    let parties = treatyline::parties::parse(&list).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(parties.len() >= 193, "{}", parties.len());
    assert_eq!(
        parties.canonical("North Korea"),
        Some("Democratic People's Republic of Korea")
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/rename_parties.py");
    let Ok(out) = Command::new("python3")
        .arg(&script)
        .arg("--check")
        .arg(data_dir())
        .output()
    else {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"SKIPPED: the rename script needs python3\n",
        );
        return;
    };
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_rename_script_touches_only_party_names() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "parties.toml", LIST);
    let before = "# Russia and the Soviet Union\ntitle = \"Russia\"\nparties = [\"Ukraine\", 'Russia'] # Russia\nsigned = 1991-01-01\nclause = \"\"\"\nparty = \"Russia\"\n\"\"\"\n[[event]]\ndate = 1991-12-25\nkind = \"succeeded\"\nparty = \"russia\"\npredecessor = \"USSR\"\nnote = \"Russia\"\n";
    write(dir.path(), "treaties/alpha-1991.toml", before);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/rename_parties.py");
    let Ok(out) = Command::new("python3")
        .arg(&script)
        .arg(dir.path())
        .output()
    else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(dir.path().join("treaties/alpha-1991.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let expected = before
        .replace("'Russia'", "\"Russian Federation\"")
        .replace("party = \"russia\"", "party = \"Russian Federation\"")
        .replace("\"USSR\"", "\"Union of Soviet Socialist Republics\"");
    assert_eq!(after, expected);
    // A second run changes nothing.
    let out = Command::new("python3")
        .arg(&script)
        .arg("--check")
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
