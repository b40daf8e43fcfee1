//! A small builder for running the `treatyline` binary the same way every
//! time: pinned today, no colour, 80 columns, no inherited dataset.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use treatyline::model::load::parse_treaty;
use treatyline::{Horizon, Projection, Treaty, project};

/// The day every test treats as today.
pub(crate) const TODAY: &str = "2026-11-29";

/// The repository's own dataset folder.
pub(crate) fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A `treatyline` command with a clean, pinned environment.
pub(crate) fn treatyline() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_treatyline"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .env("TREATYLINE_TODAY", TODAY);
    cmd
}

/// Runs `treatyline` on the repository's dataset with `args`.
pub(crate) fn run(args: &[&str]) -> Output {
    let mut cmd = treatyline();
    cmd.arg("--data").arg(data_dir()).args(args);
    match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run treatyline: {e}"),
    }
}

/// Stdout of a run that must succeed.
pub(crate) fn stdout_ok(args: &[&str]) -> String {
    succeeded(&run(args), &format!("treatyline {args:?}"))
}

/// The stdout of `out`, which must be a success (`what` names the run in
/// the failure's message, with its stderr).
pub(crate) fn succeeded(out: &Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Insta settings for snapshots kept in `path` (below `tests/it`), named
/// without the module's prefix.
pub(crate) fn snapshots(path: &str) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(path);
    s.set_prepend_module_to_snapshot(false);
    s
}

/// A date from its parts.
pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, day) {
        Some(d) => d,
        None => panic!("bad date {y}-{m}-{day}"),
    }
}

/// Parses a treaty from text (stem `t`), panicking with the diagnostics.
pub(crate) fn treaty(text: &str) -> Treaty {
    match parse_treaty("t", text) {
        Ok(t) => t,
        Err(e) => panic!("does not load: {e:#?}"),
    }
}

/// The horizon of the engine tests: today = 2026-11-29, until 2060-01-01.
fn horizon() -> Horizon {
    Horizon {
        today: d(2026, 11, 29),
        until: d(2060, 1, 1),
    }
}

/// Projects a treaty from text over [`horizon`].
pub(crate) fn projection(text: &str) -> Projection {
    match project(&treaty(text), &horizon()) {
        Ok(p) => p,
        Err(e) => panic!("does not project: {e:#?}"),
    }
}

/// The history audit's warnings for a treaty from text, over [`horizon`].
pub(crate) fn audit_warnings(text: &str) -> Vec<treatyline::diag::Diagnostic> {
    treatyline::engine::audit::audit(&treaty(text), &horizon())
}

/// The engine's errors for a treaty that loads but does not project.
pub(crate) fn engine_errors(text: &str) -> Vec<String> {
    match project(&treaty(text), &horizon()) {
        Ok(p) => panic!("projected, but should not: {p:#?}"),
        Err(e) => e.into_iter().map(|d| d.message).collect(),
    }
}

/// Writes `text` to `rel` below `dir`, making its folders.
pub(crate) fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

/// Runs the binary in `dir`: exit code, stdout, stderr.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = treatyline()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
