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
