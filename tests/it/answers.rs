//! `status`, `upcoming`, `explain`, `--assume` and the history audit of
//! `check`.

use std::path::Path;

use super::support::{run, stdout_ok, treatyline};

const SEED: &str = "sino-dprk-1961";
const ASSUME_CHINA: &str =
    r#"{date = 2026-12-01, kind = "notice", effect = "non-renewal", party = "China"}"#;

fn settings() -> insta::Settings {
    super::support::snapshots("snapshots")
}

#[test]
fn status_in_every_format() {
    settings().bind(|| {
        insta::assert_snapshot!(
            "status-text-on-2030",
            stdout_ok(&["status", "--on", "2030-01-01"])
        );
        insta::assert_snapshot!(
            "status-json-seed",
            stdout_ok(&["status", SEED, "ru-ua-1997", "--format", "json"])
        );
        insta::assert_snapshot!("status-csv", stdout_ok(&["status", "--format", "csv"]));
    });
}

#[test]
fn upcoming_in_every_format() {
    settings().bind(|| {
        insta::assert_snapshot!(
            "upcoming-text-5y",
            stdout_ok(&["upcoming", "--within", "5y"])
        );
        insta::assert_snapshot!(
            "upcoming-json-from-2040",
            stdout_ok(&[
                "upcoming",
                "--from",
                "2040-01-01",
                "--within",
                "P2Y",
                "--format",
                "json"
            ])
        );
        insta::assert_snapshot!(
            "upcoming-csv-5y",
            stdout_ok(&["upcoming", "--within", "5y", "--format", "csv"])
        );
    });
}

#[test]
fn upcoming_puts_deadlines_first_on_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    // The withdrawal notice takes effect on the same day as a boundary.
    write(
        dir.path(),
        "same-day",
        "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 2020-01-01\n[term]\nlength = \"10y\"\n[renewal]\nmode = \"automatic\"\n[[event]]\ndate = 2029-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"C\"\n",
    );
    let out = data_run(
        dir.path(),
        &[
            "upcoming",
            "--from",
            "2029-06-01",
            "--within",
            "1y",
            "--format",
            "csv",
        ],
    );
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(
        rows[0].starts_with("2030-01-01,") && rows[0].contains("withdrawal-effective"),
        "{out}"
    );
    assert!(
        rows[1].starts_with("2030-01-01,") && rows[1].contains(",renewal,"),
        "{out}"
    );
}

#[test]
fn explain_shows_every_step_for_the_seed_and_the_clamp_for_a_leap_day() {
    settings().bind(|| {
        insta::assert_snapshot!("explain-seed", stdout_ok(&["explain", SEED]));
    });
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "leap-1996",
        "title = \"Leap-day agreement\"\nparties = [\"A\", \"B\"]\nsigned = 1996-01-15\nin_force = 1996-02-29\n[term]\nlength = \"5y\"\n[renewal]\nmode = \"automatic\"\nlength = \"3y\"\nnotice = \"90d\"\n",
    );
    let out = data_run(
        dir.path(),
        &["explain", "leap-1996", "--until", "2010-01-01"],
    );
    // Steps wrap to the width: compare with the line breaks taken out.
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("1996-02-29 + 60 months (5y) = 2001-02-28 (day 29 does not exist in that month: clamped to its last day)"), "{out}");
    assert!(
        out.contains("1996-02-29 + 96 months (8y) = 2004-02-29"),
        "{out}"
    );
    settings().bind(|| insta::assert_snapshot!("explain-leap-day", out));
    let one = data_run(
        dir.path(),
        &["explain", "leap-1996", "--date", "2003-11-30"],
    );
    assert!(
        one.contains("deadline 2003-11-30 non-renewal-notice"),
        "{one}"
    );
    assert!(!one.contains("period 0"), "{one}");
}

#[test]
fn assume_marks_what_it_changed() {
    let json = stdout_ok(&[
        "project",
        SEED,
        "--format",
        "json",
        "--reading",
        "reported-cycle",
        "--assume",
        ASSUME_CHINA,
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let t = &v["treaties"][0];
    assert_eq!(t["end"]["date"], "2041-07-11");
    assert_eq!(t["end"]["reason"], "non-renewal");
    assert_eq!(t["end"]["assumed"], true);
    // Periods 0-3 are unchanged; period 4 is gone.
    assert_eq!(t["periods"].as_array().map(Vec::len), Some(4));
    assert!(
        t["periods"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.get("assumed").is_none())
    );
    let status = stdout_ok(&[
        "status",
        SEED,
        "--reading",
        "reported-cycle",
        "--assume",
        ASSUME_CHINA,
    ]);
    assert!(
        status.contains("2041-07-11 ends (non-renewal) [assumed]"),
        "{status}"
    );
    let timeline = stdout_ok(&[
        "timeline",
        SEED,
        "--reading",
        "reported-cycle",
        "--assume",
        ASSUME_CHINA,
    ]);
    assert!(timeline.contains("[assumed]"), "{timeline}");
    let explain = stdout_ok(&[
        "explain",
        SEED,
        "--reading",
        "reported-cycle",
        "--assume",
        ASSUME_CHINA,
    ]);
    let flat = explain.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("the assumed `notice` event of 2026-12-01"),
        "{explain}"
    );
}

#[test]
fn assume_applies_to_one_treaty_with_treaty_key() {
    let assume = r#"{treaty = "sino-dprk-1961", date = 2026-12-01, kind = "notice", effect = "non-renewal", party = "China"}"#;
    let out = stdout_ok(&[
        "upcoming",
        "--within",
        "20y",
        "--format",
        "csv",
        "--reading",
        "reported-cycle",
        "--assume",
        assume,
    ]);
    assert!(
        out.contains("2041-07-11,5338,sino-dprk-1961,end,,the treaty ends (non-renewal),true,"),
        "{out}"
    );
}

#[test]
fn bad_assumptions_get_file_like_errors() {
    let out = run(&[
        "status",
        SEED,
        "--assume",
        r#"{date = 2026-12-01, kind = "notice", effect = "non-renewal", party = "Chine"}"#,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean \"China\"?"), "{err}");
    let out = run(&["status", SEED, "--assume", "{date = 2026-12-01, kind = "]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&[
        "status",
        SEED,
        "--assume",
        r#"{date = "2026-12-01", kind = "note"}"#,
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("dates are written without quotes"), "{err}");
}

fn write(dir: &Path, id: &str, text: &str) {
    std::fs::write(dir.join(format!("{id}.toml")), text).unwrap();
}

fn data_run(dir: &Path, args: &[&str]) -> String {
    let out = treatyline()
        .arg("--data")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    super::support::succeeded(&out, &format!("{args:?}"))
}

/// Runs `check` on a one-treaty dataset and returns (exit code, stderr).
fn audit(body: &str, extra: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "audited",
        &format!("title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2000-01-01\n{body}"),
    );
    let out = treatyline()
        .arg("--data")
        .arg(dir.path())
        .arg("check")
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const AUTO: &str = "[term]\nlength = \"10y\"\n[renewal]\nmode = \"automatic\"\nnotice = \"6m\"\n";

#[test]
fn audit_recorded_expiry_differing_from_the_rules() {
    let (code, err) = audit(
        "[term]\nlength = \"10y\"\n[[event]]\ndate = 2009-12-31\nkind = \"expired\"\n",
        &[],
    );
    assert_eq!(code, Some(0));
    assert!(
        err.contains("recorded as expired on 2009-12-31, but the rules give 2010-01-01 (expiry)"),
        "{err}"
    );
    assert!(err.contains("audited.toml:7:8"), "{err}");
}

#[test]
fn audit_termination_after_the_rules_ended_it() {
    let (_, err) = audit(
        "[term]\nlength = \"10y\"\n[[event]]\ndate = 2012-01-01\nkind = \"terminated\"\n",
        &[],
    );
    assert!(
        err.contains("by the rules it had already ended on 2010-01-01"),
        "{err}"
    );
}

#[test]
fn audit_withdrawal_differing_from_the_clause() {
    let (_, err) = audit(
        "[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"6m\"\n[[event]]\ndate = 2010-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n[[event]]\ndate = 2010-07-02\nkind = \"withdrawn\"\nparty = \"A\"\n",
        &[],
    );
    assert!(err.contains("A's withdrawal is recorded as taking effect on 2010-07-02, but its notice of 2010-01-01 gives 2010-07-01"), "{err}");
}

#[test]
fn audit_renewal_beyond_the_rules() {
    let (_, err) = audit(
        "[term]\nlength = \"10y\"\n[[event]]\ndate = 2009-12-01\nkind = \"renewed\"\n",
        &[],
    );
    assert!(
        err.contains("goes beyond the rules: the treaty has no `[renewal]` clause"),
        "{err}"
    );
    let (_, err) = audit(
        "[term]\nlength = \"10y\"\n[renewal]\nmode = \"agreement\"\nmax = 1\n[[event]]\ndate = 2009-12-01\nkind = \"renewed\"\n[[event]]\ndate = 2019-12-01\nkind = \"extended\"\nlength = \"1y\"\n",
        &[],
    );
    assert!(
        err.contains("`renewal.max` (1) is already used up"),
        "{err}"
    );
    let (_, err) = audit(
        "[term]\nlength = \"10y\"\n[renewal]\nmode = \"none\"\n[[event]]\ndate = 2009-12-01\nkind = \"renewed\"\n",
        &[],
    );
    assert!(err.contains("`renewal.mode` is \"none\""), "{err}");
}

#[test]
fn audit_notice_timing() {
    // Received on the last day of the lenient reading.
    let (_, err) = audit(
        &format!(
            "{AUTO}[[event]]\ndate = 2009-07-01\nkind = \"notice\"\neffect = \"non-renewal\"\n"
        ),
        &[],
    );
    assert!(
        err.contains(
            "timely for 2010-01-01 only on the lenient reading: the safe last day was 2009-06-30"
        ),
        "{err}"
    );
    // Too late for 2010: effective a period later.
    let (_, err) = audit(
        &format!(
            "{AUTO}[[event]]\ndate = 2009-07-02\nkind = \"notice\"\neffect = \"non-renewal\"\n"
        ),
        &[],
    );
    assert!(err.contains("came after the last day for the boundary of 2010-01-01 (2009-06-30); it takes effect a period later, on 2020-01-01"), "{err}");
}

#[test]
fn audit_renewal_overriding_a_timely_notice() {
    let (_, err) = audit(
        &format!(
            "{AUTO}[[event]]\ndate = 2009-01-01\nkind = \"notice\"\neffect = \"non-renewal\"\n[[event]]\ndate = 2009-12-01\nkind = \"renewed\"\n"
        ),
        &[],
    );
    assert!(
        err.contains("overrides a timely non-renewal notice (line 10)"),
        "{err}"
    );
    assert!(err.contains("`revoked = YYYY-MM-DD`"), "{err}");
}

#[test]
fn audit_renewal_shortly_after_a_boundary() {
    let (_, err) = audit(
        &format!("{AUTO}[[event]]\ndate = 2010-02-01\nkind = \"renewed\"\n"),
        &[],
    );
    assert!(err.contains("dated 31 days after the boundary of 2010-01-01, so it renews the period ending 2020-01-01"), "{err}");
    assert!(err.contains("add `effective = 2010-01-01`"), "{err}");
}

#[test]
fn audit_dates_before_signature_and_after_today() {
    let (_, err) = audit(
        &format!(
            "{AUTO}[[event]]\ndate = 1999-06-01\nkind = \"note\"\n[[event]]\ndate = 2027-01-01\nkind = \"note\"\n"
        ),
        &[],
    );
    assert!(
        err.contains("is dated before the treaty was signed (2000-01-01)"),
        "{err}"
    );
    assert!(
        err.contains("is dated 2027-01-01, after today (2026-11-29)"),
        "{err}"
    );
}

#[test]
fn deny_warnings_turns_warnings_into_exit_1() {
    let body = "[term]\nlength = \"10y\"\n[[event]]\ndate = 2009-12-31\nkind = \"expired\"\n";
    assert_eq!(audit(body, &[]).0, Some(0));
    assert_eq!(audit(body, &["--deny-warnings"]).0, Some(1));
    assert_eq!(
        audit("[term]\nlength = \"10y\"\n", &["--deny-warnings"]).0,
        Some(0)
    );
}

#[test]
fn every_bundled_treaty_with_warnings_explains_them_in_a_caveat() {
    let out = run(&["check"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for line in err.lines().filter(|l| l.contains("-->")) {
        let file = line.split("-->").nth(1).unwrap_or("").trim();
        let path = file.split(':').next().unwrap_or("");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            text.contains("caveat = "),
            "{path} has audit warnings but no caveat:\n{err}"
        );
    }
}

#[test]
fn upcoming_as_a_calendar_holds_only_the_window() {
    let ics = stdout_ok(&["upcoming", "--within", "3y", "--format", "ics"]);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20270101"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20270228"), "{ics}");
    let days: Vec<&str> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:"))
        .collect();
    assert!(!days.is_empty());
    assert!(
        days.iter().all(|d| ("20261129".."20291130").contains(d)),
        "{days:?}"
    );
}

#[test]
fn assumed_outputs_are_marked() {
    settings().bind(|| {
        insta::assert_snapshot!(
            "assume-timeline",
            stdout_ok(&[
                "timeline",
                SEED,
                "--reading",
                "reported-cycle",
                "--assume",
                ASSUME_CHINA
            ])
        );
        insta::assert_snapshot!(
            "assume-project-text",
            stdout_ok(&[
                "project",
                SEED,
                "--reading",
                "reported-cycle",
                "--assume",
                ASSUME_CHINA
            ])
        );
        insta::assert_snapshot!(
            "assume-explain-end",
            stdout_ok(&[
                "explain",
                SEED,
                "--reading",
                "reported-cycle",
                "--date",
                "2041-07-11",
                "--assume",
                ASSUME_CHINA
            ])
        );
    });
}

#[test]
fn an_assumption_that_fits_only_some_treaties_says_how_to_target_one() {
    let out = run(&["upcoming", "--assume", ASSUME_CHINA]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not fit"), "{err}");
    assert!(err.contains("add `treaty = \"ID\"`"), "{err}");
    assert!(
        err.matches("is not one of the treaty's `parties`").count() == 1,
        "{err}"
    );
}

#[test]
fn audit_a_multilateral_treaty_every_party_has_left() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "empty",
        "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 2000-01-01\n[term]\nlength = \"indefinite\"\n\
         [[event]]\ndate = 2010-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n\
         [[event]]\ndate = 2010-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"B\"\n",
    );
    let out = treatyline()
        .arg("--data")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "after 2011-01-01 1 of the 3 parties remains, yet the rules keep the treaty in force"
        ),
        "{err}"
    );
}

#[test]
fn audit_of_thousands_of_settled_withdrawals_stays_linear_enough() {
    // 3,000 notice / withdrawn / joined cycles, each withdrawn a day after
    // its notice (so every one is warned about): the audit and the rendering
    // of 3,000 diagnostics used to take quadratic time.
    let mut text = String::from(
        "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 2000-01-01\n[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"12m\"\n",
    );
    let start = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
    for k in 0..3000u64 {
        let day = |n: u64| start + chrono::Days::new(9 * k + n);
        text.push_str(&format!(
            "[[event]]\ndate = {}\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n[[event]]\ndate = {}\nkind = \"withdrawn\"\nparty = \"A\"\n[[event]]\ndate = {}\nkind = \"joined\"\nparty = \"A\"\n",
            day(0),
            day(1),
            day(2)
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "many", &text);
    let out = treatyline()
        .arg("--data")
        .arg(dir.path())
        .args(["check", "--today", "2100-01-01", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["warnings"], 3000);
}

#[test]
fn status_on_a_day_answers_as_today_would() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t1",
        "title = \"T1\"\nparties = [\"A\", \"B\"]\nsigned = 2000-01-01\n[term]\nlength = \"10y\"\n[renewal]\nmode = \"automatic\"\nnotice = \"6m\"\n",
    );
    let on = data_run(dir.path(), &["status", "--on", "2062-06-01"]);
    let today = data_run(dir.path(), &["status", "--today", "2062-06-01"]);
    assert_eq!(on, today);
    assert!(on.contains("2069-06-30 notice"), "{on}");
}

#[test]
fn upcoming_sees_deadlines_of_periods_starting_after_the_window() {
    // Quarterly periods with a one-year notice: each deadline in the window
    // belongs to a period that starts a year later.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "quarterly",
        "title = \"Q\"\nparties = [\"A\", \"B\"]\nsigned = 2026-01-01\n[term]\nlength = \"3m\"\n[renewal]\nmode = \"automatic\"\nnotice = \"1y\"\n",
    );
    for until in ["2026-12-01", "2060-01-01"] {
        let out = data_run(
            dir.path(),
            &[
                "upcoming", "--within", "1y", "--until", until, "--format", "csv",
            ],
        );
        assert_eq!(
            out.matches("non-renewal-notice").count(),
            4,
            "--until {until}:\n{out}"
        );
    }
}
