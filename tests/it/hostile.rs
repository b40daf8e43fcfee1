//! Hostile input: every case is refused or handled with a clear message,
//! exit 0 or 1 (never a panic or a signal), in bounded time and memory.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;

use super::support::treatyline;

fn check_in(dir: &Path, args: &[&str]) -> Output {
    treatyline().current_dir(dir).args(args).output().unwrap()
}

fn assert_refused(out: &Output, needle: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
}

const VALID: &str = "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2000-01-01\n[term]\nlength = \"10y\"\n[renewal]\nmode = \"automatic\"\n";

#[test]
fn a_10_mb_string_is_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("title = \"{}\"\n", "x".repeat(10 * 1024 * 1024));
    std::fs::write(dir.path().join("big-1.toml"), text).unwrap();
    assert_refused(
        &check_in(dir.path(), &["check", "big-1.toml"]),
        "more than the 4194304 a treaty file may have",
    );
}

#[test]
fn a_3_mb_string_is_read_and_refused_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("title = \"{}\"\nparties = 3\n", "x".repeat(3 * 1024 * 1024));
    std::fs::write(dir.path().join("long-1.toml"), text).unwrap();
    assert_refused(
        &check_in(dir.path(), &["check", "long-1.toml"]),
        "long-1.toml:2:11",
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let arrays = format!("title = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.path().join("arrays-1.toml"), arrays).unwrap();
    assert_refused(
        &check_in(dir.path(), &["check", "arrays-1.toml"]),
        "max recursion depth",
    );
    let tables = format!(
        "title = {}1{}\n",
        "{a = ".repeat(50_000),
        "}".repeat(50_000)
    );
    std::fs::write(dir.path().join("tables-1.toml"), tables).unwrap();
    assert_refused(
        &check_in(dir.path(), &["check", "tables-1.toml"]),
        "max recursion depth",
    );
}

#[test]
fn the_edges_of_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("first-1.toml"),
        "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 0001-01-01\n[term]\nlength = \"1y\"\n[renewal]\nmode = \"automatic\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("last-1.toml"),
        "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 9999-12-30\n[term]\nlength = \"1d\"\n[renewal]\nmode = \"automatic\"\nnotice = \"1y\"\n[withdrawal]\nearliest = \"1y\"\n",
    )
    .unwrap();
    let out = check_in(
        dir.path(),
        &[
            "project",
            "--format",
            "json",
            "first-1.toml",
            "last-1.toml",
            "--today",
            "9999-12-31",
            "--until",
            "9999-12-31",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The first runs yearly to the end of the calendar, then stays open.
    let first = &v["treaties"][0];
    assert_eq!(first["periods"].as_array().map(Vec::len), Some(9999));
    assert_eq!(first["status"]["period_end"], serde_json::Value::Null);
    // The last: one day, then a renewal that would end after 9999-12-31 is open.
    let last = &v["treaties"][1];
    assert_eq!(last["periods"][0]["end"], "9999-12-31");
    assert_eq!(last["periods"][1]["end"], serde_json::Value::Null);
    // The notice deadline is inside the calendar; `withdrawal-opens` (9999-12-30
    // + 1y) is not, and is omitted rather than invented.
    assert_eq!(last["deadlines"].as_array().map(Vec::len), Some(1));
    assert_eq!(last["deadlines"][0]["date"], "9998-12-30");
    assert_eq!(last["deadlines"][0]["kind"], "non-renewal-notice");
}

#[test]
fn lengths_that_leave_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("far-1.toml"),
        "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2000-01-01\n[term]\nlength = \"7000y\"\n[renewal]\nmode = \"automatic\"\nlength = \"9999y\"\n",
    )
    .unwrap();
    let out = check_in(
        dir.path(),
        &[
            "project",
            "far-1.toml",
            "--format",
            "json",
            "--until",
            "9999-12-31",
        ],
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["treaties"][0]["periods"][1]["end"],
        serde_json::Value::Null
    );
    assert_eq!(v["treaties"][0]["end"], serde_json::Value::Null);
}

#[test]
fn thousands_of_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 1000-01-01\n[term]\nlength = \"1m\"\n[renewal]\nmode = \"automatic\"\nnotice = \"1w\"\n",
    );
    // 5,000 recorded monthly renewals, one per boundary, and 5,000 notes.
    for k in 0..5000u32 {
        let (y, m) = (1000 + (k + 1) / 12, (k + 1) % 12 + 1);
        let _ = write!(
            text,
            "[[event]]\ndate = {y:04}-{m:02}-01\nkind = \"renewed\"\n[[event]]\ndate = {y:04}-{m:02}-15\nkind = \"note\"\n"
        );
    }
    std::fs::write(dir.path().join("many-1.toml"), text).unwrap();
    let out = check_in(dir.path(), &["status", "many-1.toml", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn symlink_loops_and_duplicate_ids_in_a_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(dir.path().join("same-1.toml"), VALID).unwrap();
    std::fs::write(sub.join("same-1.toml"), VALID).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
    let out = treatyline()
        .arg("--data")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_refused(&out, "the id `same-1` is used by 2 files");
}

#[test]
fn a_missing_dataset_folder_is_a_clear_error() {
    let out = treatyline()
        .args(["--data", "/nonexistent/treaties", "check"])
        .output()
        .unwrap();
    assert_refused(&out, "cannot read the folder /nonexistent/treaties");
}

/// A dataset folder in a temporary directory with one valid treaty, `t-2000`.
fn dataset() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("treaties")).unwrap();
    std::fs::write(dir.path().join("treaties/t-2000.toml"), VALID).unwrap();
    dir
}

fn in_dataset(dir: &Path, args: &[&str]) -> Output {
    treatyline()
        .current_dir(dir)
        .arg("--data")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_planted_lock_link_is_refused_and_nothing_is_written() {
    let dir = dataset();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("treaties/.t-2000.toml.lock")).unwrap();
    let out = in_dataset(dir.path(), &["set", "t-2000", "short", "X"]);
    assert_refused(&out, "is a symbolic link; refusing to write through it");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("treaties/t-2000.toml")).unwrap(),
        VALID
    );
    // `new` likewise.
    std::os::unix::fs::symlink(&victim, dir.path().join("treaties/.n-2001.toml.lock")).unwrap();
    let out = in_dataset(
        dir.path(),
        &[
            "new",
            "n-2001",
            "--title",
            "N",
            "--parties",
            "A,B",
            "--signed",
            "2001-01-01",
            "--term",
            "5y",
        ],
    );
    assert_refused(&out, "is a symbolic link");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(!dir.path().join("treaties/n-2001.toml").exists());
}

#[cfg(unix)]
#[test]
fn output_writes_through_links_and_into_devices() {
    let dir = dataset();
    let report = |output: &str| {
        in_dataset(
            dir.path(),
            &["report", "--format", "csv", "t-2000", "--output", output],
        )
    };
    // `-` is standard output, not a file named `-`.
    let out = report("-");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("t-2000"));
    assert!(!dir.path().join("-").exists());
    // A symbolic link stays a link; its target gets the report.
    let target = dir.path().join("real.csv");
    std::fs::write(&target, "old\n").unwrap();
    std::os::unix::fs::symlink("real.csv", dir.path().join("link.csv")).unwrap();
    assert!(report("link.csv").status.success());
    let meta = std::fs::symlink_metadata(dir.path().join("link.csv")).unwrap();
    assert!(meta.file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("t-2000"));
    // A link to nothing is refused and left alone.
    std::os::unix::fs::symlink("nowhere.csv", dir.path().join("dangling.csv")).unwrap();
    assert_refused(&report("dangling.csv"), "symbolic link");
    assert!(std::fs::symlink_metadata(dir.path().join("dangling.csv")).is_ok());
    // A device is written to, not replaced: /dev/null stays a device (this
    // matters as root, where a rename over it would succeed).
    assert!(report("/dev/null").status.success());
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(!null.is_file());
    // A FIFO is written to directly.
    let fifo = dir.path().join("pipe");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let reader = std::thread::spawn({
            let fifo = fifo.clone();
            move || std::fs::read_to_string(fifo).unwrap_or_default()
        });
        assert!(report("pipe").status.success());
        assert!(reader.join().unwrap().contains("t-2000"));
        assert!(!std::fs::metadata(&fifo).unwrap().is_file());
    }
}

/// Runs `args` on the repository's dataset with stdout a pipe whose reader
/// is already gone.
#[cfg(unix)]
fn into_closed_pipe(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    treatyline()
        .arg("--data")
        .arg(super::support::data_dir())
        .args(args)
        .stdout(writer)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_is_a_quiet_success_in_every_command_and_format() {
    let runs: &[&[&str]] = &[
        &["completions", "bash"],
        &["completions", "zsh", "--dynamic"],
        &["man"],
        &["schema"],
        &["timeline"],
        &["project"],
        &["project", "--format", "json"],
        &["project", "--format", "csv"],
        &["status", "--format", "csv"],
        &["status", "--format", "json"],
        &["upcoming", "--format", "csv"],
        &["upcoming", "--format", "ics"],
        &["explain", "abm-1972"],
        &["check"],
        &["report", "--format", "csv"],
        &["report", "--format", "html"],
        &["report", "--format", "ics"],
    ];
    for args in runs {
        let out = into_closed_pipe(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

/// Runs `args` on the repository's dataset with standard output closed
/// (`>&-`), through `sh`, since `Command` cannot close a descriptor.
#[cfg(unix)]
fn with_stdout_closed(args: &[&str]) -> Output {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(r#"exec "$@" >&-"#)
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_treatyline"))
        .arg("--data")
        .arg(super::support::data_dir())
        .args(args)
        .env("NO_COLOR", "1")
        .env("TREATYLINE_TODAY", super::support::TODAY);
    cmd.output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_an_error_before_anything_is_done() {
    for args in [
        &["timeline"][..],
        &["status", "--format", "json"],
        &["report", "--format", "ics"],
        &["completions", "bash"],
        &["--help"],
    ] {
        let out = with_stdout_closed(args);
        assert_refused(&out, "standard output is closed");
    }
    // An edit is refused before it writes: its report would be lost.
    let dir = dataset();
    let before = std::fs::read_to_string(dir.path().join("treaties/t-2000.toml")).unwrap();
    let mut cmd = std::process::Command::new("sh");
    let out = cmd
        .current_dir(dir.path())
        .arg("-c")
        .arg(r#"exec "$@" >&-"#)
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_treatyline"))
        .args(["set", "t-2000", "short", "X"])
        .output()
        .unwrap();
    assert_refused(&out, "standard output is closed");
    let after = std::fs::read_to_string(dir.path().join("treaties/t-2000.toml")).unwrap();
    assert_eq!(before, after);
}

/// `> /dev/null`, opened for writing only (a shell) or for reading and
/// writing (Python's `subprocess.DEVNULL`, the same as Rust's runtime does
/// for a closed descriptor), discards the output on purpose: success.
#[cfg(unix)]
#[test]
fn stdout_on_dev_null_is_a_success_however_it_was_opened() {
    for read in [false, true] {
        let null = std::fs::OpenOptions::new()
            .read(read)
            .write(true)
            .open("/dev/null")
            .unwrap();
        let out = treatyline()
            .arg("--data")
            .arg(super::support::data_dir())
            .arg("timeline")
            .stdout(null)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    for args in [
        &["completions", "bash"][..],
        &["timeline"],
        &["report", "--format", "csv"],
    ] {
        let out = treatyline()
            .arg("--data")
            .arg(super::support::data_dir())
            .args(args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        assert_refused(&out, "No space left on device");
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_write_removes_its_temporary_file_and_check_reports_leftovers() {
    let dir = dataset();
    let child = treatyline()
        .arg("--data")
        .arg(dir.path())
        .args(["set", "t-2000", "short", "X"])
        .env("TREATYLINE_FAILPOINT", "stall-before-rename")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let treaties = dir.path().join("treaties");
    let temporaries = || -> Vec<String> {
        std::fs::read_dir(&treaties)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    };
    let start = std::time::Instant::now();
    while temporaries().is_empty() {
        assert!(start.elapsed().as_secs() < 60, "no temporary file appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(temporaries().is_empty(), "{:?}", temporaries());
    assert!(!treaties.join(".t-2000.toml.lock").exists());
    assert_eq!(
        std::fs::read_to_string(treaties.join("t-2000.toml")).unwrap(),
        VALID
    );
    // What kill -9 would leave: `check` names it.
    std::fs::write(treaties.join(".t-2000.toml.a1B2c3.tmp"), "partial").unwrap();
    let out = in_dataset(dir.path(), &["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains(".t-2000.toml.a1B2c3.tmp"), "{err}");
    assert!(err.contains("left by an interrupted write"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 warning"));
}

const DAILY_SINCE_YEAR_1: &str = "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 0001-01-01\n[term]\nlength = \"1d\"\n[renewal]\nmode = \"automatic\"\nnotice = \"1d\"\n";

#[test]
fn a_daily_treaty_since_the_year_1_is_listed_capped_in_every_format() {
    // About 740,000 periods to the horizon: the issue's 117-byte file that
    // wrote 1.1 GB of ICS in 11 minutes. Every format now lists at most
    // 10,000 periods, says so on stderr, and stays small.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("daily-1.toml"), DAILY_SINCE_YEAR_1).unwrap();
    let start = std::time::Instant::now();
    let mut runs: Vec<Vec<&str>> = ["ics", "html", "svg", "md", "json", "csv", "mermaid"]
        .iter()
        .map(|f| vec!["report", "--format", f])
        .collect();
    runs.extend([
        vec!["explain"],
        vec!["timeline"],
        vec!["upcoming"],
        vec!["upcoming", "--format", "ics"],
        vec!["project"],
        vec!["project", "--format", "json"],
        vec!["status"],
    ]);
    for args in &runs {
        let mut args = args.clone();
        args.push("daily-1.toml");
        let out = check_in(dir.path(), &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(
            out.stdout.len() < 32 * 1024 * 1024,
            "{args:?}: {} bytes",
            out.stdout.len()
        );
        let lists_periods = !matches!(args[0], "timeline" | "upcoming" | "status");
        if lists_periods {
            assert!(
                err.contains("only the 10000 starting") && err.contains("daily-1"),
                "{args:?}: {err}"
            );
        }
    }
    // Generous: a slow two-core CI machine running a debug build.
    assert!(start.elapsed().as_secs() < 600, "{:?}", start.elapsed());
}

#[test]
fn lone_cr_line_endings_are_one_error_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cr-1.toml"), "# c\r".repeat(16_000)).unwrap();
    let out = check_in(dir.path(), &["check", "cr-1.toml"]);
    assert_refused(&out, "16000 lone carriage returns (CR)");
    assert!(out.stderr.len() < 4096, "{} bytes", out.stderr.len());
    // 4 MB of them: was still running at 30 s with 1.6 GB resident.
    let start = std::time::Instant::now();
    let big = "# c\r".repeat(4 * 1024 * 1024 / 4 - 16);
    std::fs::write(dir.path().join("cr4-1.toml"), big).unwrap();
    let out = check_in(dir.path(), &["check", "cr4-1.toml"]);
    assert_refused(&out, "lone carriage returns");
    assert!(out.stderr.len() < 4096, "{} bytes", out.stderr.len());
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

#[test]
fn thousands_of_syntax_errors_are_counted_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("junk-1.toml"), "=\n".repeat(20_000)).unwrap();
    let out = check_in(dir.path(), &["check", "junk-1.toml"]);
    assert_refused(&out, "more problem(s) in this file, not shown (at most 50");
    let err = String::from_utf8_lossy(&out.stderr);
    // 50 shown at their place, then the count.
    assert_eq!(err.matches("junk-1.toml:").count(), 51, "{err}");
    let out = check_in(dir.path(), &["check", "--format", "json", "junk-1.toml"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(51));
}

#[test]
fn a_treaty_of_20000_parties_does_not_repeat_them_in_every_calendar_entry() {
    let dir = tempfile::tempdir().unwrap();
    let parties: Vec<String> = (0..20_000).map(|i| format!("\"Party {i}\"")).collect();
    let text = format!(
        "title = \"T\"\nparties = [{}]\nsigned = 1990-01-01\n[term]\nlength = \"1y\"\n[renewal]\nmode = \"automatic\"\nnotice = \"1m\"\n",
        parties.join(", ")
    );
    std::fs::write(dir.path().join("many-1.toml"), text).unwrap();
    let out = check_in(dir.path(), &["report", "--format", "ics", "many-1.toml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ics = String::from_utf8_lossy(&out.stdout).replace("\r\n ", "");
    assert!(
        ics.contains("and 19980 more"),
        "{}",
        &ics[..2000.min(ics.len())]
    );
    assert!(ics.len() < 1024 * 1024, "{} bytes", ics.len());
}

/// A treaty whose every text is hostile: terminal escapes, a forged line, a
/// right-to-left override, formula cells, script links, a tag, XML-illegal
/// noncharacters.
const HOSTILE: &str = "title = \"Evil\\u001b]0;pwned\\u0007\\u001b[2J Treaty\\uFFFE\\uFFFF\"\nshort = \"=HYPERLINK(\\\"http://x\\\")\"\nparties = [\"+A\", \"@B\\u202E\"]\nsigned = 2000-01-01\nsources = [\"javascript:alert(1)\", \"data:text/html,<script>x</script>\", \"VBScript:msgbox\", \"https://example.org/ok\"]\ncaveat = \"<img src=x onerror=alert(1)> -1+1\"\n[term]\nlength = \"10y\"\n[renewal]\nmode = \"automatic\"\nnotice = \"6m\"\n[[event]]\ndate = 2026-12-01\nkind = \"note\"\nparty = \"+A\"\nnote = \"fine\\n2026-12-02  in 3 days        evil-2000  non-renewal-notice  forged\"\nsource = \"javascript:alert(2)\"\n";

fn hostile_report(dir: &Path, args: &[&str]) -> String {
    let out = check_in(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn nothing_executable_in_any_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evil-2000.toml"), HOSTILE).unwrap();
    let t = "evil-2000.toml";
    // HTML: links only to http(s), a restrictive CSP, well-formed XML.
    let html = hostile_report(dir.path(), &["report", "--format", "html", t]);
    assert!(html.contains("Content-Security-Policy"), "{html}");
    assert!(html.contains("default-src 'none'"));
    assert!(html.contains(r#"<a href="https://example.org/ok">"#));
    for scheme in ["javascript:", "data:", "vbscript:"] {
        assert!(
            !html.to_lowercase().contains(&format!("href=\"{scheme}")),
            "{scheme} linked"
        );
    }
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains('\u{1b}') && !html.contains('\u{fffe}') && !html.contains('\u{ffff}'));
    roxmltree::Document::parse(html.trim_start_matches("<!DOCTYPE html>")).unwrap();
    // SVG: well-formed despite U+FFFE and U+FFFF.
    let svg = hostile_report(dir.path(), &["report", "--format", "svg", t]);
    roxmltree::Document::parse(&svg).unwrap();
    // Markdown: no script link, no raw tag.
    let md = hostile_report(dir.path(), &["report", "--format", "md", t]);
    assert!(
        !md.contains("](<javascript:") && !md.contains("<javascript:"),
        "{md}"
    );
    assert_eq!(
        md.matches("<img").count(),
        md.matches("\\<img").count(),
        "{md}"
    );
    // Mermaid (raw, issue 17): caveats only in `%%` comments, which no
    // renderer shows, each on one line; labels without tags.
    let mermaid = hostile_report(dir.path(), &["report", "--format", "mermaid", t]);
    assert!(
        mermaid
            .lines()
            .filter(|l| !l.trim_start().starts_with("%%"))
            .all(|l| !l.contains("<img")),
        "{mermaid}"
    );
    // CSV: no cell starts with a formula character.
    for args in [
        &["report", "--format", "csv", t][..],
        &["status", "--format", "csv", t],
        &["upcoming", "--format", "csv", "--within", "1y", t],
    ] {
        let csv = hostile_report(dir.path(), args);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(csv.as_bytes());
        for record in r.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{args:?}: {cell:?}"
                );
            }
        }
        assert!(
            csv.contains("'=HYPERLINK") || csv.contains("'+A"),
            "{args:?}: {csv}"
        );
    }
    // Text: no escape reaches the terminal, and no forged line in upcoming.
    for args in [
        &["timeline", t][..],
        &["project", t],
        &["status", t],
        &["explain", t],
        &["upcoming", "--within", "1y", t],
        &["report", "--format", "md", t],
        &["report", "--format", "mermaid", t],
    ] {
        let text = hostile_report(dir.path(), args);
        assert!(!text.contains('\u{1b}'), "{args:?}: {text}");
        assert!(!text.contains('\u{7}'), "{args:?}");
        assert!(!text.contains('\u{202e}'), "{args:?}");
    }
    let upcoming = hostile_report(dir.path(), &["upcoming", "--within", "1y", t]);
    assert!(upcoming.contains("fine␊2026-12-02"), "{upcoming}");
    assert!(
        !upcoming.lines().any(|l| l.starts_with("2026-12-02")),
        "{upcoming}"
    );
    let project = hostile_report(dir.path(), &["project", t]);
    assert!(project.contains("Evil␛]0;pwned␇␛[2J"), "{project}");
    assert!(project.contains("@B<U+202E>"), "{project}");
    // JSON keeps the text as written (escaped by the JSON writer).
    let json = hostile_report(dir.path(), &["project", "--format", "json", t]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v["treaties"][0]["title"]
            .as_str()
            .is_some_and(|s| s.contains('\u{1b}'))
    );
}

#[test]
fn diagnostics_show_control_characters_in_names_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    // A party named in an event that is not listed: the message quotes it.
    let text = "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2000-01-01\n[term]\nlength = \"10y\"\n[[event]]\ndate = 2001-01-01\nkind = \"withdrawn\"\nparty = \"C\\u001b[2J\"\n";
    let name = "bad\u{1b}[31m-1.toml";
    std::fs::write(dir.path().join(name), text).unwrap();
    let out = check_in(dir.path(), &["check", name]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
    assert!(err.contains("bad␛[31m-1.toml"), "{err}");
}

#[test]
fn an_assumption_for_an_unknown_treaty_is_an_error() {
    let dir = dataset();
    let assume = "{date = 2026-12-01, kind = \"notice\", effect = \"non-renewal\", party = \"A\", treaty = \"t-200\"}";
    for cmd in [
        &["timeline"][..],
        &["status"],
        &["upcoming"],
        &["project", "--format", "json"],
    ] {
        let mut args = cmd.to_vec();
        args.extend(["--assume", assume]);
        let out = in_dataset(dir.path(), &args);
        assert_refused(
            &out,
            "this assumption is for treaty `t-200`, which is not among",
        );
        assert_refused(&out, "did you mean `t-2000`?");
        assert!(out.stdout.is_empty(), "{cmd:?}");
    }
    // The right id still works.
    let good = assume.replace("t-200\"", "t-2000\"");
    let out = in_dataset(dir.path(), &["status", "--assume", &good]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_notice_period_as_long_as_the_term_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2000-01-01\n[term]\nlength = \"1m\"\n[renewal]\nmode = \"automatic\"\nnotice = \"10y\"\n";
    std::fs::write(dir.path().join("odd-2000.toml"), text).unwrap();
    let out = check_in(dir.path(), &["check", "odd-2000.toml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("the non-renewal notice period (10y) is as long as the term (1m) or longer"),
        "{err}"
    );
    assert!(err.contains("odd-2000.toml:"), "{err}");
    let out = check_in(dir.path(), &["check", "--deny-warnings", "odd-2000.toml"]);
    assert_eq!(out.status.code(), Some(1));
    // Equal is as bad; a renewal period shorter than the notice too.
    std::fs::write(
        dir.path().join("eq-2000.toml"),
        text.replace("\"1m\"", "\"1y\"")
            .replace("\"10y\"", "\"12m\""),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ren-2000.toml"),
        text.replace("\"1m\"", "\"5y\"")
            .replace("notice = \"10y\"", "notice = \"6m\"\nlength = \"3m\""),
    )
    .unwrap();
    let out = check_in(dir.path(), &["check", "eq-2000.toml", "ren-2000.toml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("(12m) is as long as the term (1y)"), "{err}");
    assert!(
        err.contains("(6m) is as long as the renewal period (3m)"),
        "{err}"
    );
    // A renewal period exactly as long as the notice is how "terminable at
    // any time on six months' notice" is modelled (de-pl-1934): no warning.
    std::fs::write(
        dir.path().join("any-2000.toml"),
        text.replace("\"1m\"", "\"10y\"")
            .replace("notice = \"10y\"", "notice = \"6m\"\nlength = \"6m\""),
    )
    .unwrap();
    let out = check_in(dir.path(), &["check", "any-2000.toml"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("notice period ("));
    // The dataset has none.
    let out = treatyline()
        .arg("--data")
        .arg(super::support::data_dir())
        .arg("check")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("notice period ("));
}

#[test]
fn confusable_party_names_are_an_error_showing_both_spellings() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("Russia", "Russ\\u200Bia", "\"Russ\\u{200b}ia\""),
        ("Russia", "Russi\\u0430", "\"Russi\\u{430}\""),
        ("C\\u00F4te", "Co\\u0302te", "\"Co\\u{302}te\""),
        ("Mali", "\\uFF2Dali", "\"\\u{ff2d}ali\""),
    ];
    for (i, (a, b, shown)) in cases.iter().enumerate() {
        let text = format!(
            "title = \"T\"\nparties = [\"{a}\", \"{b}\"]\nsigned = 2000-01-01\n[term]\nlength = \"10y\"\n"
        );
        let name = format!("c{i}-2000.toml");
        std::fs::write(dir.path().join(&name), text).unwrap();
        let out = check_in(dir.path(), &["check", &name]);
        assert_refused(&out, "look the same");
        assert_refused(&out, shown);
    }
    // An event naming a look-alike of a listed party says so.
    let text = "title = \"T\"\nparties = [\"Russia\", \"Ukraine\"]\nsigned = 2000-01-01\n[term]\nlength = \"10y\"\n[[event]]\ndate = 2001-01-01\nkind = \"withdrawn\"\nparty = \"Russi\\u0430\"\n";
    std::fs::write(dir.path().join("ev-2000.toml"), text).unwrap();
    let out = check_in(dir.path(), &["check", "ev-2000.toml"]);
    assert_refused(
        &out,
        "it looks like \"Russia\" but is spelt \"Russi\\u{430}\"",
    );
}

#[test]
fn a_data_folder_that_does_not_exist_is_an_error_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t-2000.toml"), VALID).unwrap();
    let nope = dir.path().join("nope");
    let nope = nope.to_str().unwrap();
    let new = [
        "new",
        "n-2001",
        "--title",
        "N",
        "--parties",
        "A,B",
        "--signed",
        "2001-01-01",
        "--term",
        "5y",
    ];
    let runs: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["timeline", "t-2000.toml"],
        vec!["status", "t-2000"],
        vec!["set", "t-2000", "short", "X"],
        new.to_vec(),
    ];
    for args in &runs {
        let out = treatyline()
            .current_dir(dir.path())
            .args(["--data", nope])
            .args(args)
            .output()
            .unwrap();
        assert_refused(
            &out,
            "given by --data (or TREATYLINE_DATA): it does not exist",
        );
        assert!(!dir.path().join("nope").exists(), "{args:?} created it");
    }
    // On purpose: `new --create-data`.
    let mut args = new.to_vec();
    args.push("--create-data");
    let out = treatyline()
        .current_dir(dir.path())
        .args(["--data", nope])
        .args(&args)
        .output()
        .unwrap();
    super::support::succeeded(&out, "new --create-data");
    assert!(dir.path().join("nope/treaties/n-2001.toml").is_file());
}

#[test]
fn edits_keep_crlf_line_endings_and_the_bom() {
    let dir = dataset();
    let path = dir.path().join("treaties/t-2000.toml");
    let styled = format!("\u{feff}{}", VALID.replace('\n', "\r\n"));
    std::fs::write(&path, &styled).unwrap();
    // The dry run's diff shows one added line, not the whole file.
    let out = in_dataset(dir.path(), &["set", "t-2000", "short", "X", "--dry-run"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diff = String::from_utf8_lossy(&out.stdout);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(changed, ["+short = \"X\""], "{diff}");
    let out = in_dataset(dir.path(), &["set", "t-2000", "short", "X"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.starts_with('\u{feff}'), "{after:?}");
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "{after:?}"
    );
    assert!(after.contains("short = \"X\"\r\n"), "{after:?}");
    assert_eq!(
        after.replace("short = \"X\"\r\n", ""),
        styled,
        "nothing else changed"
    );
    // `fmt` keeps them too.
    let out = in_dataset(dir.path(), &["fmt", "t-2000"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert!(formatted.starts_with('\u{feff}'));
    assert_eq!(
        formatted.matches('\n').count(),
        formatted.matches("\r\n").count()
    );
}

#[cfg(unix)]
#[test]
fn edits_keep_the_owner_and_say_when_a_hard_link_is_broken() {
    use std::os::unix::fs::MetadataExt;
    let dir = dataset();
    let path = dir.path().join("treaties/t-2000.toml");
    let other = dir.path().join("other-name.toml.bak");
    std::fs::hard_link(&path, &other).unwrap();
    let me = std::fs::metadata(&path).unwrap();
    let as_root = me.uid() == 0;
    if as_root {
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    }
    let out = in_dataset(dir.path(), &["set", "t-2000", "short", "X"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("had 2 hard links"), "{err}");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("short = \"X\"")
    );
    assert_eq!(std::fs::read_to_string(&other).unwrap(), VALID);
    if as_root {
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!((after.uid(), after.gid()), (65534, 65534));
    }
}
