//! The everyday terminal (issue 17): every text output fits the width, the
//! whole-dataset views at 80 and 200 columns, closed pipes, usage errors,
//! filters, relative dates and report file names.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use super::support::{TODAY, data_dir, run, stdout_ok, succeeded, treatyline};

/// Runs `treatyline` on the bundled dataset at `width` columns.
fn at_width(width: usize, args: &[&str]) -> String {
    let out = treatyline()
        .env("COLUMNS", width.to_string())
        .arg("--data")
        .arg(data_dir())
        .args(args)
        .output()
        .unwrap();
    succeeded(&out, &format!("{args:?}"))
}

fn ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(data_dir().join("treaties"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            (p.extension()? == "toml")
                .then(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))?
        })
        .collect();
    ids.sort();
    ids
}

/// A line wider than the width is allowed only when it is one URL standing
/// alone (a URL is never split).
fn lone_url(line: &str) -> bool {
    let t = line.trim();
    !t.contains(' ') && t.contains("://")
}

#[test]
fn no_text_output_is_wider_than_80_columns() {
    let mut commands: Vec<Vec<String>> = [
        "status",
        "status --caveats",
        "timeline",
        "timeline --caveats",
        "upcoming --within 30y",
        "upcoming --within 30y --caveats",
        "project",
        "project --caveats",
        "list",
        "check",
        "timeline --from 1990-01-01 --to 2040-01-01",
    ]
    .iter()
    .map(|c| c.split(' ').map(str::to_owned).collect())
    .collect();
    for cmd in [
        "list",
        "timeline",
        "project",
        "status",
        "upcoming",
        "explain",
        "check",
        "new",
        "event",
        "renew",
        "set",
        "edit",
        "fmt",
        "report",
        "completions",
        "man",
        "schema",
    ] {
        commands.push(vec![cmd.to_owned(), "--help".to_owned()]);
    }
    commands.push(vec!["--help".to_owned()]);
    for id in ids() {
        for cmd in ["timeline", "status", "explain", "project"] {
            commands.push(vec![cmd.to_owned(), id.clone()]);
        }
    }
    for args in commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let text = at_width(80, &args);
        for line in text.lines() {
            let w = textwrap::core::display_width(line);
            assert!(
                w <= 80 || lone_url(line),
                "treatyline {}: a line of {w} columns:\n{line}",
                args.join(" ")
            );
        }
    }
}

fn settings() -> insta::Settings {
    super::support::snapshots("snapshots/terminal")
}

#[test]
fn whole_dataset_views_at_80_and_200_columns() {
    settings().bind(|| {
        for width in [80, 200] {
            for (name, args) in [
                ("timeline", vec!["timeline"]),
                ("status", vec!["status"]),
                ("upcoming", vec!["upcoming", "--within", "5y"]),
            ] {
                insta::assert_snapshot!(format!("{name}-{width}"), at_width(width, &args));
            }
            let explained: Vec<String> = ids()
                .iter()
                .map(|id| at_width(width, &["explain", id]))
                .collect();
            insta::assert_snapshot!(format!("explain-{width}"), explained.join("\n\n"));
        }
    });
}

#[test]
fn a_closed_pipe_is_a_quiet_success_in_every_format() {
    for args in [
        vec!["project", "--format", "csv", "--until", "9000-01-01"],
        vec!["project", "--format", "json", "--until", "9000-01-01"],
        vec!["project", "--until", "9000-01-01"],
        vec!["upcoming", "--format", "csv", "--within", "900y"],
        vec!["upcoming", "--within", "900y"],
        vec!["report", "--format", "csv", "--until", "9000-01-01"],
        vec!["status", "--format", "csv"],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["schema"],
        vec!["report", "--format", "html", "--until", "9000-01-01"],
        vec!["upcoming", "--format", "ics", "--within", "900y"],
    ] {
        let mut child = treatyline()
            .arg("--data")
            .arg(data_dir())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(mut out) = child.stdout.take() {
            let mut byte = [0u8; 1];
            let _ = out.read(&mut byte);
        }
        let status = child.wait().unwrap();
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        assert!(status.success(), "{args:?}: {status:?}, {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn malformed_arguments_exit_2_with_a_suggestion() {
    for args in [
        vec!["status", "--on", "2026-13-01"],
        vec!["upcoming", "--within", "5q"],
        vec![
            "event",
            "add",
            "sino-dprk-1961",
            "--kind",
            "renewed",
            "--date",
            "2026-13-01",
        ],
        vec!["status", "--state", "inforce"],
        vec!["status", "--on", "+9000y"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let out = run(&[
        "event",
        "add",
        "sino-dprk-1961",
        "--kind",
        "notcie",
        "--date",
        "2026-01-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'notice'"), "{err}");
}

#[test]
fn relative_dates_count_from_today() {
    assert_eq!(TODAY, "2026-11-29");
    assert_eq!(
        stdout_ok(&["status", "--on", "+1y"]),
        stdout_ok(&["status", "--on", "2027-11-29"])
    );
    assert_eq!(
        stdout_ok(&["status", "--on", "today"]),
        stdout_ok(&["status"])
    );
    // The old name is an alias.
    assert_eq!(
        stdout_ok(&["explain", "ru-ua-1997", "--date", "2019-04-01"]),
        stdout_ok(&["explain", "ru-ua-1997", "--on", "2019-04-01"])
    );
}

#[test]
fn filters_narrow_every_multi_treaty_command() {
    let list = stdout_ok(&["list", "--tag", "nuclear"]);
    assert!(
        list.contains("npt-1968") && !list.contains("nato-1949"),
        "{list}"
    );
    let status = stdout_ok(&["status", "--party", "north korea", "--state", "in-force"]);
    assert!(status.contains("sino-dprk-1961"), "{status}");
    assert!(
        !status.contains("ru-ua-1997") && !status.contains("inf-1987"),
        "{status}"
    );
    let ended = stdout_ok(&["list", "--state", "ended"]);
    assert!(
        ended.contains("inf-1987") && !ended.contains("nato-1949"),
        "{ended}"
    );
    assert!(stdout_ok(&["list", "--tag", "lease"]).ends_with("1 treaty\n"));
    // A filter that matches nothing is an empty answer, said on stderr.
    let out = run(&["status", "--tag", "no-such-tag"]);
    assert!(out.status.success() && out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no treaty matches --tag no-such-tag"), "{err}");
}

#[test]
fn timeline_zooms_between_from_and_to() {
    let text = stdout_ok(&[
        "timeline",
        "sino-dprk-1961",
        "--from",
        "2000-01-01",
        "--to",
        "2050-01-01",
    ]);
    assert!(text.contains("2000") && text.contains("2040"), "{text}");
    assert!(!text.contains("1970"), "{text}");
}

#[test]
fn report_output_takes_its_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("x.html");
    let out = run(&[
        "report",
        "sino-dprk-1961",
        "--output",
        html.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        text.starts_with("<!DOCTYPE html>") || text.starts_with("<!doctype html>"),
        "{}",
        &text[..40]
    );
    let out = run(&[
        "report",
        "--format",
        "md",
        "--output",
        html.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let missing = dir.path().join("no-such-folder").join("x.svg");
    let out = run(&["report", "--output", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no-such-folder") && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn human_output_counts_periods_from_1() {
    let status = stdout_ok(&["status", "sino-dprk-1961"]);
    assert!(status.contains("in force, period 4"), "{status}");
    let json = stdout_ok(&["project", "sino-dprk-1961", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["treaties"][0]["periods"][0]["index"], 0);
}

#[test]
fn diagnostics_stop_after_50_files() {
    let dir = tempfile::tempdir().unwrap();
    let treaties = dir.path().join("treaties");
    std::fs::create_dir(&treaties).unwrap();
    for i in 0..60 {
        std::fs::write(treaties.join(format!("bad-{i}.toml")), "title = 1\n").unwrap();
    }
    let out = treatyline()
        .arg("--data")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("and 10 more files with problems"), "{err}");
}

/// Every console example in the README (a ```console block: `$ command`,
/// then its output) is what the command prints, at 80 columns.
#[test]
fn readme_console_examples_match_the_real_output() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut blocks = 0;
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```console\n") {
        let body = &rest[start + 11..];
        let end = body.find("```").unwrap();
        let block = &body[..end];
        rest = &body[end + 3..];
        // The command: `$ treatyline ...`, continued over lines ending in `\`.
        let mut lines = block.lines();
        let Some(first) = lines.next().and_then(|l| l.strip_prefix("$ treatyline ")) else {
            continue;
        };
        let mut cmd = first.to_owned();
        while cmd.ends_with('\\') {
            cmd.pop();
            cmd.push_str(lines.next().unwrap_or("").trim_start());
        }
        let expected: String = lines.map(|l| format!("{l}\n")).collect();
        let actual = if let Some((ours, filter)) = cmd.split_once(" | ") {
            // A pipe into another tool: run through the shell, when the
            // tool is there.
            let tool = filter.split(' ').next().unwrap_or("");
            let found = Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|o| o.status.success());
            if !found {
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED: README example `{cmd}`: no {tool}"
                );
                continue;
            }
            let script = format!("{} {ours} | {filter}", env!("CARGO_BIN_EXE_treatyline"));
            let out = Command::new("sh")
                .args(["-c", &script])
                .env("NO_COLOR", "1")
                .env("COLUMNS", "80")
                .env("TREATYLINE_DATA", data_dir())
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        } else {
            let args = shell_words(&cmd);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            at_width(80, &args)
        };
        assert_eq!(actual, expected, "README example `treatyline {cmd}`");
        blocks += 1;
    }
    assert!(blocks >= 2, "the README shows console examples");
}

/// Splits a command line at spaces, keeping '...' together.
fn shell_words(cmd: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in cmd.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn the_common_flags_work_before_the_command_too() {
    let after = stdout_ok(&[
        "status",
        "sino-dprk-1961",
        "--reading",
        "reported-cycle",
        "--today",
        "2030-01-01",
    ]);
    let before = stdout_ok(&[
        "--today",
        "2030-01-01",
        "status",
        "sino-dprk-1961",
        "--reading",
        "reported-cycle",
    ]);
    assert_eq!(before, after);
    assert!(after.contains("in 11y 6m"), "{after}");
    let colour = stdout_ok(&["--color", "always", "status", "sino-dprk-1961"]);
    assert!(colour.contains('\u{1b}'));
    // Where a flag does nothing, the command does not take it.
    assert_eq!(
        run(&["schema", "--today", "2030-01-01"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["completions", "bash", "--color", "never"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn narrow_terminals_stack_rows_rather_than_overflow() {
    for width in [40, 57] {
        for args in [
            vec!["status"],
            vec!["upcoming", "--within", "10y"],
            vec!["list"],
            vec!["timeline"],
            vec!["project", "cst-1992"],
            vec!["explain", "cst-1992"],
            vec!["timeline", "sino-dprk-1961"],
            vec!["status", "sino-dprk-1961"],
        ] {
            let text = at_width(width, &args);
            for line in text.lines() {
                let w = textwrap::core::display_width(line);
                assert!(
                    w <= width || lone_url(line),
                    "{args:?} at {width}: a line of {w} columns:\n{line}"
                );
            }
        }
    }
    let status = at_width(40, &["status", "cn-ru-2001"]);
    assert!(
        status.contains("\n    next boundary: 2027-02-28"),
        "{status}"
    );
}
