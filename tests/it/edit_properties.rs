//! `fmt` agrees with every editing command: random sequences of `new`,
//! `event add`, `renew`, `set`, `unset`, `event set` and `event rm`, on a
//! new file or on a formatted file of the bundled dataset, leave a file that
//! `fmt --check` accepts after every step (and no command crashes: a
//! refused edit exits 1 and changes nothing).

use std::fs;
use std::path::Path;
use std::process::Stdio;

use proptest::prelude::*;

use super::support::{data_dir, treatyline};

/// One editing command, as arguments after `treatyline --data DIR`.
#[derive(Clone, Debug)]
struct Step(Vec<String>);

fn date() -> impl Strategy<Value = String> {
    (1990i32..2032, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("A note".to_owned()),
        Just("with, commas, and \"quotes\"".to_owned()),
        Just("https://example.org/doc?id=312303,en".to_owned()),
        Just("two\nlines".to_owned()),
        Just("# not a comment".to_owned()),
    ]
}

fn step(id: &'static str) -> impl Strategy<Value = Step> {
    let s = |v: Vec<String>| Step(v);
    let owned = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    let n = 1usize..4;
    prop_oneof![
        (
            prop_oneof![
                Just("note"),
                Just("amended"),
                Just("suspended"),
                Just("resumed")
            ],
            date(),
            proptest::option::of(text())
        )
            .prop_map(move |(kind, date, note)| {
                let mut v = owned(&["event", "add", id, "--kind", kind, "--date", &date]);
                if let Some(n) = note {
                    v.extend(["--note".to_owned(), n]);
                }
                s(v)
            }),
        date().prop_map(move |d| s(owned(&["renew", id, "--date", &d]))),
        (
            prop_oneof![
                Just("title"),
                Just("short"),
                Just("caveat"),
                Just("clause"),
                Just("sources"),
                Just("tags")
            ],
            text()
        )
            .prop_map(move |(k, v)| s(owned(&["set", id, k, &v]))),
        (prop_oneof![Just("sources"), Just("tags")], text())
            .prop_map(move |(k, v)| s(owned(&["set", id, k, &v, "--append"]))),
        (
            prop_oneof![
                Just("renewal.notice"),
                Just("withdrawal.notice"),
                Just("withdrawal.earliest"),
                Just("renewal.length")
            ],
            prop_oneof![Just("6m"), Just("1y"), Just("2y")]
        )
            .prop_map(move |(k, v)| s(owned(&["set", id, k, v]))),
        prop_oneof![
            Just("renewal.max 3"),
            Just("term.from signed"),
            Just("in_force 1990-06-01"),
            Just("term.last_day 2009-12-31"),
            Just("term.length 10y"),
            Just("id ID"),
            Just("withdrawal.ends treaty"),
            Just("survival.length 20y"),
            Just("membership.in_force_after 30d"),
            Just("reading.1.why Another reading."),
            Just("milestone.1.note Reviewed.")
        ]
        .prop_map(move |kv| {
            let (k, v) = kv.split_once(' ').unwrap_or((kv, ""));
            s(owned(&["set", id, k, if v == "ID" { id } else { v }]))
        }),
        prop_oneof![
            Just("short"),
            Just("caveat"),
            Just("tags"),
            Just("in_force"),
            Just("renewal.max"),
            Just("renewal.notice"),
            Just("withdrawal"),
            Just("withdrawal.earliest"),
            Just("id"),
            Just("term.from"),
            Just("sources"),
            Just("survival"),
            Just("membership"),
            Just("milestone.1"),
            Just("reading.1"),
            Just("reading.1.term")
        ]
        .prop_map(move |k| s(owned(&["unset", id, k]))),
        (n.clone(), text()).prop_map(move |(n, v)| s(owned(&[
            "event",
            "set",
            id,
            &n.to_string(),
            "note",
            &v
        ]))),
        (n.clone(), date()).prop_map(move |(n, d)| s(owned(&[
            "event",
            "set",
            id,
            &n.to_string(),
            "date",
            &d
        ]))),
        n.clone()
            .prop_map(move |n| s(owned(&["unset", id, &format!("event.{n}.note")]))),
        n.prop_map(move |n| s(owned(&["event", "rm", id, &n.to_string()]))),
    ]
}

/// How the file is made: by `new` (with or without hints), or a copy of a
/// bundled file, formatted.
#[derive(Clone, Debug)]
enum Start {
    New { commented: bool, withdrawal: bool },
    Bundled(&'static str),
}

fn start() -> impl Strategy<Value = Start> {
    prop_oneof![
        (any::<bool>(), any::<bool>()).prop_map(|(commented, withdrawal)| Start::New {
            commented,
            withdrawal
        }),
        prop_oneof![
            Just("inf-1987"),
            Just("ru-ua-1997"),
            Just("de-pl-1934"),
            // v2: readings, milestones, survival, membership, postponements.
            Just("sino-dprk-1961"),
            Just("cn-ru-2001"),
            Just("ect-1994"),
            Just("rome-statute-1998"),
            Just("antarctic-1959"),
            Just("teu-1992")
        ]
        .prop_map(Start::Bundled),
    ]
}

fn run(dir: &Path, args: &[String]) -> (i32, String) {
    let out = treatyline()
        .arg("--data")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_owned()).collect()
}

proptest! {
    // Each case runs a few dozen processes: few cases keep CI fast.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn fmt_check_passes_after_every_edit(start in start(), steps in proptest::collection::vec(step("t-1990"), 1..8)) {
        let dir = tempfile::tempdir().unwrap();
        let treaties = dir.path().join("treaties");
        fs::create_dir_all(&treaties).unwrap();
        let id = match &start {
            Start::New { commented, withdrawal } => {
                let mut args = owned(&[
                    "new", "t-1990", "--title", "T", "--parties", "A,B,C", "--signed", "1990-01-01",
                    "--term", "5y", "--renewal", "automatic",
                ]);
                if *commented {
                    args.push("--commented".into());
                }
                if *withdrawal {
                    args.extend(owned(&["--withdrawal-notice", "6m"]));
                }
                let (code, out) = run(dir.path(), &args);
                prop_assert_eq!(code, 0, "{}", out);
                "t-1990"
            }
            Start::Bundled(id) => {
                let from = data_dir().join("treaties").join(format!("{id}.toml"));
                fs::copy(&from, treaties.join(format!("{id}.toml"))).unwrap();
                let (code, out) = run(dir.path(), &owned(&["fmt"]));
                prop_assert_eq!(code, 0, "{}", out);
                id
            }
        };
        let (code, out) = run(dir.path(), &owned(&["fmt", "--check"]));
        prop_assert_eq!(code, 0, "the start is not formatted:\n{}", out);
        for Step(args) in &steps {
            let args: Vec<String> = args
                .iter()
                .map(|a| if a == "t-1990" { id.to_owned() } else { a.clone() })
                .collect();
            let file = treaties.join(format!("{id}.toml"));
            let before = fs::read_to_string(&file).unwrap();
            let (code, out) = run(dir.path(), &args);
            prop_assert!(code == 0 || code == 1, "{:?} exited {}:\n{}", args, code, out);
            if code == 1 {
                prop_assert_eq!(&fs::read_to_string(&file).unwrap(), &before, "{:?} was refused but changed the file", args);
            }
            let (check, diff) = run(dir.path(), &owned(&["fmt", "--check"]));
            prop_assert_eq!(
                check, 0,
                "after {:?}, fmt --check fails:\n{}\n--- file before:\n{}\n--- file after:\n{}",
                args, diff, before, fs::read_to_string(&file).unwrap()
            );
        }
    }
}
