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
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots");
    s.set_prepend_module_to_snapshot(false);
    s
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
