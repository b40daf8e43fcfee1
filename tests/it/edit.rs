//! The editing commands: `new`, `event add`, `renew`, `set`, `edit`, `fmt`.
//!
//! Most behaviour is pinned by case folders, one per scenario, in
//! `tests/cases/edit/<scenario>/`:
//!
//! - `args`: the command line after `treatyline`, one argument per line;
//! - `env` (optional): `KEY=VALUE` lines added to the environment;
//! - `in/` (optional): the dataset folder before, copied to `./data`
//!   (without it there is no `./data`, so the embedded dataset is in use);
//! - `out/` (optional): the dataset folder expected after; without it the
//!   folder must be byte-identical to `in/` (refusals, `--dry-run`);
//! - `stdout`, `stderr`, `code`: what the command prints and its exit code.
//!
//! The whole dataset folder is compared, so a stray lock or temporary file
//! fails a case too. `TREATYLINE_BLESS=1 cargo test --test it edit` rewrites
//! the expected files from what the commands do (review the diff!).
//!
//! The tests that need processes running at once, a killed writer or a lock
//! held from outside are written out below.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::support::{data_dir, treatyline};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/edit")
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else if let Ok(bytes) = fs::read(&p) {
                let rel = p.strip_prefix(base).unwrap_or(&p);
                out.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn write_tree(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(p, bytes).unwrap();
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Describes how two trees differ, file by file.
fn tree_diff(expected: &BTreeMap<String, Vec<u8>>, actual: &BTreeMap<String, Vec<u8>>) -> String {
    let mut out = String::new();
    for (k, v) in expected {
        match actual.get(k) {
            None => out.push_str(&format!("missing file {k}\n")),
            Some(a) if a != v => out.push_str(&format!(
                "{k} differs:\n--- expected\n{}\n--- actual\n{}\n",
                text(v),
                text(a)
            )),
            Some(_) => {}
        }
    }
    for k in actual.keys() {
        if !expected.contains_key(k) {
            out.push_str(&format!("unexpected file {k}\n"));
        }
    }
    out
}

/// Runs one case folder; returns what went wrong, if anything.
fn run_case(case: &Path, bless: bool) -> Option<String> {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let input = tree(&case.join("in"));
    if case.join("in").is_dir() {
        fs::create_dir_all(&data).unwrap();
        write_tree(&data, &input);
    }
    let args: Vec<String> = fs::read_to_string(case.join("args"))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect();
    let mut cmd = treatyline();
    cmd.current_dir(work.path())
        .args(&args)
        .stdin(Stdio::null());
    for line in fs::read_to_string(case.join("env"))
        .unwrap_or_default()
        .lines()
    {
        if let Some((k, v)) = line.split_once('=') {
            cmd.env(k, v);
        }
    }
    let out = cmd.output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let actual = tree(&data);
    if bless {
        fs::write(case.join("stdout"), &out.stdout).unwrap();
        fs::write(case.join("stderr"), &out.stderr).unwrap();
        fs::write(case.join("code"), format!("{code}\n")).unwrap();
        let _ = fs::remove_dir_all(case.join("out"));
        if actual != input {
            write_tree(&case.join("out"), &actual);
        }
        return None;
    }
    let mut problems = String::new();
    let expected_code: i32 = fs::read_to_string(case.join("code"))
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    if code != expected_code {
        problems.push_str(&format!("exit code {code}, expected {expected_code}\n"));
    }
    for (name, got) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let want = fs::read(case.join(name)).unwrap_or_default();
        if &want != got {
            problems.push_str(&format!(
                "{name} differs:\n--- expected\n{}\n--- actual\n{}\n",
                text(&want),
                text(got)
            ));
        }
    }
    let expected = if case.join("out").is_dir() {
        tree(&case.join("out"))
    } else {
        input
    };
    problems.push_str(&tree_diff(&expected, &actual));
    (!problems.is_empty()).then_some(problems)
}

#[test]
fn case_folders() {
    let bless = std::env::var_os("TREATYLINE_BLESS").is_some();
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("args").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} case folders", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run_case(c, bless).map(|p| format!("=== case {}\n{p}", c.display())))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// What case folders cannot show.

const ALPHA: &str = include_str!("../cases/edit/event-add-note/in/treaties/alpha-2001.toml");

/// A scratch dataset holding the alpha fixture.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data/treaties/alpha-2001.toml");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, ALPHA).unwrap();
    (dir, file)
}

fn in_dir(dir: &Path) -> Command {
    let mut cmd = treatyline();
    cmd.current_dir(dir).stdin(Stdio::null());
    cmd
}

fn output(mut cmd: Command) -> Output {
    cmd.output().unwrap()
}

/// The loader's view of a file: it must load, as `check` would load it.
fn load(path: &Path) -> treatyline::Treaty {
    let text = fs::read_to_string(path).unwrap();
    match treatyline::model::load::parse_treaty("alpha-2001", &text) {
        Ok(t) => t,
        Err(e) => panic!("{} does not load: {e:#?}\n{text}", path.display()),
    }
}

#[test]
fn twenty_concurrent_event_adds_lose_nothing() {
    let (dir, file) = scratch();
    let children: Vec<Child> = (1..=20)
        .map(|i| {
            let mut cmd = in_dir(dir.path());
            cmd.args(["event", "add", "alpha-2001", "--kind", "note"])
                .arg("--date")
                .arg(format!("2002-01-{i:02}"))
                .arg("--note")
                .arg(format!("writer {i}"))
                .args(["--lock-timeout", "120"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let treaty = load(&file);
    assert_eq!(treaty.events.len(), 20);
    let text = fs::read_to_string(&file).unwrap();
    for i in 1..=20 {
        assert!(
            text.contains(&format!("note = \"writer {i}\"\n")),
            "writer {i} lost:\n{text}"
        );
    }
    // The original layout is still there, byte for byte.
    assert!(text.starts_with(ALPHA), "{text}");
    // No lock or temporary file is left behind.
    let names: Vec<String> = fs::read_dir(file.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["alpha-2001.toml"]);
}

/// Waits until `dir` holds a file whose name ends with `suffix`.
fn wait_for_file(dir: &Path, suffix: &str) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let found = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(suffix));
        if found {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn a_writer_killed_between_write_and_rename_leaves_the_original_whole_and_no_stale_lock() {
    let (dir, file) = scratch();
    // The failpoint stops the writer after the new text is written and
    // flushed to its temporary file, just before the rename; there it is
    // killed (SIGKILL on Unix), as a crash or power cut would stop it.
    let mut cmd = in_dir(dir.path());
    cmd.env("TREATYLINE_FAILPOINT", "stall-before-rename")
        .args(["renew", "alpha-2001", "--date", "2011-01-31"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut writer = cmd.spawn().unwrap();
    let folder = file.parent().unwrap();
    assert!(
        wait_for_file(folder, ".tmp"),
        "the writer never wrote its temporary file"
    );
    writer.kill().unwrap();
    let _ = writer.wait();
    // The original, whole.
    assert_eq!(fs::read_to_string(&file).unwrap(), ALPHA);

    // The dead writer's lock died with it: the next writer does not wait.
    let start = Instant::now();
    let mut next = in_dir(dir.path());
    next.args([
        "renew",
        "alpha-2001",
        "--date",
        "2011-01-31",
        "--lock-timeout",
        "0",
    ]);
    let out = output(next);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(start.elapsed() < Duration::from_secs(30));
    let after = fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        format!("{ALPHA}\n[[event]]\ndate = 2011-01-31\nkind = \"renewed\"\n")
    );
    load(&file);
}

#[test]
fn readers_during_writes_see_the_old_or_the_new_file_never_a_mix() {
    let (dir, file) = scratch();
    let mut writers: Vec<Child> = (1..=8)
        .map(|i| {
            let mut cmd = in_dir(dir.path());
            cmd.args(["event", "add", "alpha-2001", "--kind", "note"])
                .arg("--date")
                .arg(format!("2003-02-{i:02}"))
                .args(["--lock-timeout", "120"])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            cmd.spawn().unwrap()
        })
        .collect();
    let mut reads = 0;
    while writers
        .iter_mut()
        .any(|w| w.try_wait().ok().flatten().is_none())
    {
        let text = fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with(ALPHA) && text.ends_with('\n'),
            "torn read:\n{text}"
        );
        load(&file);
        reads += 1;
    }
    for mut w in writers {
        assert!(w.wait().unwrap().success());
    }
    assert!(reads > 0);
    assert_eq!(load(&file).events.len(), 8);
}

#[test]
fn a_lock_held_elsewhere_times_out_with_a_clear_error_and_the_file_untouched() {
    let (dir, file) = scratch();
    let lock_path = file.with_file_name(".alpha-2001.toml.lock");
    let held = fs::File::create(&lock_path).unwrap();
    held.lock().unwrap();
    let mut cmd = in_dir(dir.path());
    cmd.args([
        "set",
        "alpha-2001",
        "term.length",
        "12y",
        "--lock-timeout",
        "0.3",
    ]);
    let start = Instant::now();
    let out = output(cmd);
    assert_eq!(out.status.code(), Some(1));
    assert!(start.elapsed() >= Duration::from_millis(300));
    let err = text(&out.stderr);
    assert!(err.contains("is being edited by another process"), "{err}");
    assert!(err.contains("--lock-timeout"), "{err}");
    assert_eq!(fs::read_to_string(&file).unwrap(), ALPHA);
    drop(held);
}

#[cfg(unix)]
#[test]
fn edit_refuses_to_install_over_a_change_made_meanwhile_and_keeps_the_copy() {
    let (dir, file) = scratch();
    // The "editor" changes the copy, and meanwhile someone changes the file.
    let script = dir.path().join("editor.sh");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nsed -i 's/10y/12y/' \"$1\"\nprintf '# touched meanwhile\\n' >> {}\n",
            file.display()
        ),
    )
    .unwrap();
    let mut cmd = in_dir(dir.path());
    cmd.env("EDITOR", format!("sh {}", script.display()))
        .args(["edit", "alpha-2001"]);
    let out = output(cmd);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("changed while it was being edited"), "{err}");
    let kept = err
        .lines()
        .find_map(|l| l.strip_prefix("note: your edited copy is kept at "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        fs::read_to_string(kept)
            .unwrap()
            .contains("length = \"12y\"")
    );
    let now = fs::read_to_string(&file).unwrap();
    assert_eq!(now, format!("{ALPHA}# touched meanwhile\n"));
    let _ = fs::remove_dir_all(Path::new(kept).parent().unwrap());
}

#[cfg(unix)]
#[test]
fn edits_keep_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, file) = scratch();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    let mut cmd = in_dir(dir.path());
    cmd.args(["set", "alpha-2001", "term.length", "12y"]);
    assert!(output(cmd).status.success());
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn fmt_is_idempotent_keeps_every_projection_and_leaves_a_valid_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_tree(&data, &tree(&data_dir()));
    let project = || {
        let mut cmd = in_dir(dir.path());
        cmd.args(["project", "--format", "json"]);
        let out = output(cmd);
        assert!(out.status.success(), "{}", text(&out.stderr));
        out.stdout
    };
    let before = project();
    let mut once = in_dir(dir.path());
    once.arg("fmt");
    assert!(output(once).status.success());
    let formatted = tree(&data);
    let mut twice = in_dir(dir.path());
    twice.arg("fmt");
    assert!(output(twice).status.success());
    assert!(formatted == tree(&data), "fmt twice differs from fmt once");
    let mut check = in_dir(dir.path());
    check.args(["fmt", "--check"]);
    let out = output(check);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(before == project(), "fmt changed a projection");
    // Every comment of every file survives.
    for (rel, bytes) in tree(&data_dir()) {
        let after = text(&formatted[&rel]);
        for line in text(&bytes)
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
        {
            assert!(after.contains(line.trim()), "{rel}: lost comment {line}");
        }
    }
}

#[test]
fn a_new_file_is_already_formatted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("treaties")).unwrap();
    let run = |args: &[&str]| {
        super::support::treatyline()
            .arg("--data")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let made = run(&[
        "new",
        "us-xx-2024",
        "--title",
        "Agreement",
        "--parties",
        "United States,Exampleland",
        "--signed",
        "2024-05-01",
        "--term",
        "5y",
        "--renewal",
        "automatic",
        "--renewal-notice",
        "6m",
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let check = run(&["fmt", "--check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// `fmt` takes the filters of every command that takes several treaties
/// (issue 17): only the matching files are checked or formatted, and files
/// that do not load are left out with a note.
#[test]
fn fmt_takes_tag_party_and_state_filters() {
    let dir = tempfile::tempdir().unwrap();
    let treaties = dir.path().join("treaties");
    fs::create_dir_all(&treaties).unwrap();
    // Both unformatted (extra spaces around `=`).
    let file = |tag: &str, party: &str| {
        format!(
            "title   =   \"T\"\nparties = [\"{party}\", \"B\"]\nsigned = 2000-01-01\ntags = [\"{tag}\"]\n[term]\nlength = \"indefinite\"\n"
        )
    };
    fs::write(treaties.join("one-2000.toml"), file("nuclear", "A")).unwrap();
    fs::write(treaties.join("two-2000.toml"), file("trade", "C")).unwrap();
    fs::write(treaties.join("bad-2000.toml"), "title = \n").unwrap();
    let run = |extra: &[&str]| {
        treatyline()
            .arg("--data")
            .arg(dir.path())
            .args(["fmt", "--check"])
            .args(extra)
            .output()
            .unwrap()
    };
    let tagged = run(&["--tag", "nuclear"]);
    let err = String::from_utf8_lossy(&tagged.stderr);
    assert!(err.contains("1 file(s) not formatted"), "{err}");
    assert!(
        err.contains("1 file(s) that do not load were left out"),
        "{err}"
    );
    let out = String::from_utf8_lossy(&tagged.stdout);
    assert!(
        out.contains("one-2000.toml") && !out.contains("two-2000.toml"),
        "{out}"
    );
    let by_party = run(&["--party", "c"]);
    let out = String::from_utf8_lossy(&by_party.stdout);
    assert!(
        out.contains("two-2000.toml") && !out.contains("one-2000.toml"),
        "{out}"
    );
    let none = run(&["--state", "ended"]);
    assert!(
        none.status.success(),
        "{}",
        String::from_utf8_lossy(&none.stderr)
    );
}
