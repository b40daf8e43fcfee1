//! The bad-input corpus: every file in `tests/corpus/bad/` is refused by
//! `check` with exit 1 and a diagnostic naming `file:line:column` (or the
//! file, for problems with no place), never a panic; the diagnostics are
//! snapshotted, one snapshot per case.

use std::path::Path;

use super::support::treatyline;

#[test]
fn every_bad_file_gets_a_clear_refusal() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/bad");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 40,
        "the corpus has only {} cases",
        names.len()
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/corpus");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for name in &names {
            let out = treatyline()
                .current_dir(&dir)
                .args(["check", name.as_str()])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
            assert!(out.stdout.is_empty(), "{name}: wrote to stdout");
            assert!(
                stderr.contains(name.as_str()),
                "{name}: the file is not named:\n{stderr}"
            );
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
            insta::assert_snapshot!(name.trim_end_matches(".toml").to_owned(), stderr);
        }
    });
}
