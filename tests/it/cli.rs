//! The command line's fixed points: exit codes, the embedded dataset,
//! diagnostics on stderr, quiet exit on a closed pipe.

use std::io::Read;
use std::process::Stdio;

use super::support::{TODAY, run, stdout_ok, treatyline};

#[test]
fn founding_example_from_an_empty_folder_uses_the_embedded_dataset() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = treatyline()
        .current_dir(dir.path())
        .args(["timeline", "sino-dprk-1961"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for year in ["1961", "1981", "2001", "2021", "2041"] {
        assert!(text.contains(year), "{year} missing from:\n{text}");
    }
    // The base is the text (indefinite); the reported 20-year cycle is a
    // reading, drawn and described under it.
    assert!(text.contains("└ reported-cycle"), "{text}");
    assert!(
        text.contains("reported-cycle: in force, period 4 until 2041-07-11"),
        "{text}"
    );
    assert!(text.contains(&format!("today {TODAY}")), "{text}");
    assert!(text.contains("caveat"), "{text}");
}

#[test]
fn embedded_dataset_checks_clean() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = treatyline()
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_file_exits_1_naming_file_line_column() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("bad-1961.toml");
    std::fs::write(&path, "title = \"Bad\"\nparties = [\"A\", \"B\"]\nsigned = \"1961-07-11\"\n[term]\nlenght = \"20y\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = treatyline()
        .args(["project", &path.to_string_lossy()])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad-1961.toml:3:10"), "{err}");
    assert!(
        err.contains("dates are written without quotes: `signed = 1961-07-11`"),
        "{err}"
    );
    assert!(err.contains("bad-1961.toml:5:1"), "{err}");
    assert!(err.contains("did you mean `length`?"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["project", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(
        run(&["timeline", "--today", "2026-13-01"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["no-such-command"]).status.code(), Some(2));
}

#[test]
fn unknown_treaty_exits_1_with_a_suggestion() {
    let out = run(&["timeline", "sino-dprk-1962"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `sino-dprk-1961`?"), "{err}");
}

#[test]
fn today_and_until_are_honoured() {
    let json = stdout_ok(&[
        "project",
        "sino-dprk-1961",
        "--format",
        "json",
        "--today",
        "2050-01-01",
        "--until",
        "2030-01-01",
        "--reading",
        "reported-cycle",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let t = &v["treaties"][0];
    assert_eq!(t["status"]["on"], "2050-01-01");
    assert_eq!(t["status"]["period"], 4);
    assert_eq!(t["periods"].as_array().map(Vec::len), Some(4));
}

#[test]
fn closed_pipe_is_a_quiet_success() {
    let mut child = treatyline()
        .arg("--data")
        .arg(super::support::data_dir())
        .args(["project", "--until", "9000-01-01"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Read one byte, then hang up.
    if let Some(mut out) = child.stdout.take() {
        let mut byte = [0u8; 1];
        let _ = out.read(&mut byte);
    }
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert!(status.success(), "status {status:?}, stderr {err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn color_is_off_when_piped_and_on_when_forced() {
    let plain = stdout_ok(&["timeline", "sino-dprk-1961"]);
    assert!(!plain.contains('\u{1b}'));
    let forced = stdout_ok(&["timeline", "sino-dprk-1961", "--color", "always"]);
    assert!(forced.contains('\u{1b}'));
}

#[test]
fn timeline_fits_the_width_it_is_given() {
    for width in ["40", "57", "80", "132"] {
        let out = treatyline()
            .arg("--data")
            .arg(super::support::data_dir())
            .env("COLUMNS", width)
            .arg("timeline")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        let max: usize = width.parse().unwrap_or(80);
        for line in text.lines() {
            assert!(
                line.chars().count() <= max,
                "{width} columns, line of {}: {line}",
                line.chars().count()
            );
        }
    }
}
