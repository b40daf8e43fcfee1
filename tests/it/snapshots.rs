//! Snapshots of `timeline` and `project` (text and JSON) for every bundled
//! treaty, with today pinned: a change in the engine that moves any real date
//! shows up in review.

use std::fs;

use super::support::{data_dir, stdout_ok};

fn bundled_ids() -> Vec<String> {
    let mut ids: Vec<String> = match fs::read_dir(data_dir().join("treaties")) {
        Ok(entries) => entries
            .flatten()
            .filter_map(|e| {
                let p = e.path();
                if p.extension()? == "toml" {
                    Some(p.file_stem()?.to_string_lossy().into_owned())
                } else {
                    None
                }
            })
            .collect(),
        Err(e) => panic!("no data/treaties: {e}"),
    };
    ids.sort();
    ids
}

fn settings() -> insta::Settings {
    super::support::snapshots("snapshots")
}

#[test]
fn timeline_of_every_treaty() {
    settings().bind(|| {
        for id in bundled_ids() {
            insta::assert_snapshot!(format!("timeline-{id}"), stdout_ok(&["timeline", &id]));
        }
    });
}

#[test]
fn project_text_of_every_treaty() {
    settings().bind(|| {
        for id in bundled_ids() {
            insta::assert_snapshot!(format!("project-text-{id}"), stdout_ok(&["project", &id]));
        }
    });
}

#[test]
fn project_json_of_every_treaty() {
    settings().bind(|| {
        for id in bundled_ids() {
            let out = stdout_ok(&["project", &id, "--format", "json"]);
            let value: serde_json::Value = match serde_json::from_str(&out) {
                Ok(v) => v,
                Err(e) => panic!("{id}: not JSON: {e}"),
            };
            insta::assert_json_snapshot!(format!("project-json-{id}"), value);
        }
    });
}

#[test]
fn timeline_of_the_whole_dataset() {
    settings().bind(|| {
        insta::assert_snapshot!("timeline-all", stdout_ok(&["timeline"]));
    });
}

#[test]
fn status_of_the_whole_dataset() {
    settings().bind(|| {
        insta::assert_snapshot!("status-all", stdout_ok(&["status"]));
    });
}

/// The founding example with its disputed reading (v2 section R), in every
/// output: the base (the text: indefinite) and the reported 20-year cycle.
#[test]
fn the_seed_with_its_reading_in_every_format() {
    let seed = "sino-dprk-1961";
    let runs: &[(&str, &[&str])] = &[
        ("timeline", &["timeline", seed]),
        ("status", &["status", seed]),
        ("project-text", &["project", seed]),
        ("project-csv", &["project", seed, "--format", "csv"]),
        ("explain", &["explain", seed]),
        (
            "explain-reading",
            &["explain", seed, "--reading", "reported-cycle"],
        ),
        (
            "status-reading",
            &["status", seed, "--reading", "reported-cycle"],
        ),
        (
            "upcoming-readings",
            &["upcoming", seed, "--within", "20y", "--readings"],
        ),
        ("report-md", &["report", seed, "--format", "md"]),
        ("report-html", &["report", seed, "--format", "html"]),
        ("report-svg", &["report", seed, "--format", "svg"]),
        (
            "report-ics-readings",
            &["report", seed, "--format", "ics", "--readings"],
        ),
        ("report-mermaid", &["report", seed, "--format", "mermaid"]),
    ];
    settings().bind(|| {
        for (name, args) in runs {
            insta::assert_snapshot!(format!("seed-{name}"), stdout_ok(args));
        }
    });
}

/// v2 treaties of each kind, in the text outputs a reader checks first:
/// pending (ctbt-1996), members (paris-2015, rome-statute-1998),
/// postponed withdrawal (teu-1992), windows (ilo-c087-1948), until
/// denounced with survival (us-ec-bit-1993), milestones (antarctic-1959).
#[test]
fn v2_treaties_in_the_terminal() {
    let runs: &[(&str, &[&str])] = &[
        ("ctbt-status", &["status", "ctbt-1996"]),
        ("paris-members", &["timeline", "paris-2015", "--members"]),
        (
            "rome-philippines-before",
            &[
                "status",
                "rome-statute-1998",
                "--party",
                "Philippines",
                "--on",
                "2019-03-16",
            ],
        ),
        (
            "rome-philippines-after",
            &[
                "status",
                "rome-statute-1998",
                "--party",
                "Philippines",
                "--on",
                "2019-03-17",
            ],
        ),
        ("teu-explain", &["explain", "teu-1992"]),
        (
            "ilo-explain-window",
            &["explain", "ilo-c087-1948", "--date", "2030-07-04"],
        ),
        ("bit-project", &["project", "us-ec-bit-1993"]),
        (
            "antarctic-upcoming",
            &["upcoming", "antarctic-1959", "--within", "30y"],
        ),
    ];
    settings().bind(|| {
        for (name, args) in runs {
            insta::assert_snapshot!(format!("v2-{name}"), stdout_ok(args));
        }
    });
}
