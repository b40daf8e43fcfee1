//! The benchmark generator (`examples/gen.rs`) writes datasets that load:
//! a small smoke test, so that a change to the engine's rules that the
//! generator no longer follows is caught by `cargo test`, not by a failed
//! benchmark run.

#[allow(dead_code)]
#[path = "../../examples/gen.rs"]
mod gen_example;

use std::collections::HashSet;

use treatyline::dataset::Dataset;

#[test]
fn two_hundred_generated_treaties_load_without_a_warning() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let mut folders = HashSet::new();
    for i in 0..200 {
        let Some(g) = gen_example::treaty(i, 7) else {
            panic!("treaty {i} could not be generated");
        };
        let path = dir.path().join(&g.path);
        if let Some(parent) = path.parent() {
            folders.insert(parent.to_path_buf());
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        std::fs::write(&path, &g.text).unwrap_or_else(|e| panic!("write: {e}"));
    }
    assert!(folders.len() > 5, "files are spread over subfolders");

    let (loaded, problems) = Dataset::Dir(dir.path().to_path_buf()).load_every();
    let messages: Vec<String> = problems
        .iter()
        .flat_map(|p| {
            p.diagnostics
                .iter()
                .map(move |d| format!("{}: {}", p.file, d.message))
        })
        .collect();
    assert!(messages.is_empty(), "{messages:#?}");
    assert_eq!(loaded.len(), 200);

    // Nor does the audit of `check` find anything to warn about.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let horizon = treatyline::Horizon::from_today(today);
    for l in &loaded {
        let warnings = treatyline::engine::audit::audit(&l.treaty, &horizon);
        assert!(warnings.is_empty(), "{}: {:?}", l.file, warnings);
    }

    // The same seed gives the same files.
    let again = gen_example::treaty(17, 7).map(|g| g.text);
    let first = gen_example::treaty(17, 7).map(|g| g.text);
    assert_eq!(again, first);
}

/// `check` audits each treaty from the projection that validates it as it
/// loads (`load_every_then`): the same treaties and the same warnings as
/// loading, then auditing each treaty again (`load_every`, then `audit`).
#[test]
fn auditing_as_treaties_load_finds_what_auditing_after_finds() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for i in 0..120 {
        let Some(g) = gen_example::treaty(i, 11) else {
            panic!("treaty {i} could not be generated");
        };
        let path = dir.path().join(&g.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        std::fs::write(&path, &g.text).unwrap_or_else(|e| panic!("write: {e}"));
    }
    let dataset = Dataset::Dir(dir.path().to_path_buf());
    let mut warned = 0;
    // 1960: every later event is a `future-event` warning.
    for (y, m, d) in [(1960, 1, 1), (2026, 11, 29)] {
        let today = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let horizon = treatyline::Horizon::from_today(today);
        let keep = |t: &treatyline::model::Treaty, p: &treatyline::engine::Projection| {
            treatyline::engine::audit::audit_projected(t, p, &horizon)
        };
        let then = treatyline::dataset::Then {
            horizon,
            keep: &keep,
        };
        let (loaded, kept, problems) = dataset.load_every_then(&then);
        let (plain, plain_problems) = dataset.load_every();
        assert_eq!(loaded, plain);
        assert_eq!(problems.len(), plain_problems.len());
        assert_eq!(kept.len(), loaded.len());
        for (l, k) in loaded.iter().zip(kept) {
            let after = treatyline::engine::audit::audit(&l.treaty, &horizon);
            warned += after.len();
            assert_eq!(k, Some(after), "{}", l.file);
        }
    }
    assert!(warned > 100, "the comparison covers warnings ({warned})");
}
