//! Fitting into users' tools (issue 9): completions, the manual page, the
//! JSON Schema and `.taplo.toml`, colour and width, help and version.

use std::path::{Path, PathBuf};
use std::process::Output;

use clap::CommandFactory;
use serde_json::Value;
use treatyline::cli::Cli;
use treatyline::model::load::parse_treaty;

use super::support::{data_dir, run, stdout_ok, treatyline};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn output(cmd: &mut std::process::Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run treatyline: {e}"))
}

/// Every subcommand as the words that name it (`["timeline"]`, and for a
/// nested one `["event", "add"]`), from the clap definition itself, so a new
/// command is covered without touching this file.
fn subcommand_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_owned());
            walk(sub, &path, out);
            out.push(path);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out.sort();
    out
}

fn top_level_subcommands() -> Vec<String> {
    subcommand_paths()
        .into_iter()
        .filter(|p| p.len() == 1)
        .map(|mut p| p.remove(0))
        .collect()
}

// ---------------------------------------------------------------- completions

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "powershell", "elvish"];

#[test]
fn completion_scripts_for_every_shell_mention_every_subcommand() {
    let subcommands = top_level_subcommands();
    assert!(subcommands.len() >= 7, "{subcommands:?}");
    for shell in SHELLS {
        let script = stdout_ok(&["completions", shell]);
        assert!(script.len() > 500, "{shell}: script too short:\n{script}");
        for sub in &subcommands {
            assert!(
                script.contains(sub.as_str()),
                "{shell}: no `{sub}` in the script"
            );
        }
    }
}

#[test]
fn dynamic_completion_scripts_call_treatyline_back() {
    for shell in SHELLS {
        let script = stdout_ok(&["completions", shell, "--dynamic"]);
        assert!(
            script.contains("COMPLETE") && script.contains("treatyline"),
            "{shell}:\n{script}"
        );
    }
}

/// What the dynamic script asks: `COMPLETE=fish treatyline -- treatyline WORDS`
/// answers one candidate per line (fish's protocol is the simplest to read).
fn complete(words: &[&str], data: Option<&Path>) -> Vec<String> {
    let mut cmd = treatyline();
    cmd.env("COMPLETE", "fish")
        .current_dir(std::env::temp_dir())
        .arg("--")
        .arg("treatyline")
        .args(words);
    if let Some(d) = data {
        cmd.env("TREATYLINE_DATA", d);
    }
    let out = output(&mut cmd);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn dynamic_completion_offers_treaty_ids_for_treaty_arguments() {
    // From a folder without ./data: the embedded dataset.
    let ids = complete(&["timeline", "sino"], None);
    assert!(ids.contains(&"sino-dprk-1961".to_owned()), "{ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("sino")), "{ids:?}");
    let ids = complete(&["project", "ru-"], None);
    assert!(ids.contains(&"ru-ua-1997".to_owned()), "{ids:?}");
    // Every argument named TREATY gets them, the editing commands' too.
    for words in [&["renew", "ru-u"][..], &["event", "add", "ru-u"]] {
        assert_eq!(complete(words, None), ["ru-ua-1997"], "{words:?}");
    }
    // $TREATYLINE_DATA is the dataset, as for the commands themselves.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("zz-test-2001.toml"),
        "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2001-01-31\n[term]\nlength = \"10y\"\n",
    )
    .unwrap();
    assert_eq!(
        complete(&["status", "zz"], Some(dir.path())),
        ["zz-test-2001"]
    );
    // And the subcommands themselves.
    let subs = complete(&[""], None);
    for sub in top_level_subcommands() {
        assert!(subs.contains(&sub), "{sub} not offered: {subs:?}");
    }
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

// ------------------------------------------------------------------- man page

#[test]
fn man_page_mentions_every_subcommand() {
    let page = stdout_ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH"),
        "not roff:\n{page}"
    );
    assert!(page.contains(".TH treatyline 1"), "{page}");
    for sub in top_level_subcommands() {
        assert!(
            page.contains(&format!("treatyline\\-{sub}(1)")),
            "no `{sub}` in the man page:\n{page}"
        );
    }
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("man1");
    let listed = stdout_ok(&["man", "--dir", &target.to_string_lossy()]);
    assert!(target.join("treatyline.1").is_file(), "{listed}");
    for path in subcommand_paths() {
        let page = target.join(format!("treatyline-{}.1", path.join("-")));
        let text = std::fs::read_to_string(&page)
            .unwrap_or_else(|e| panic!("{}: {e}\n{listed}", page.display()));
        assert!(text.contains(".TH"), "{}", page.display());
        assert!(
            listed.contains(&page.to_string_lossy().into_owned()),
            "{listed}"
        );
    }
}

// ---------------------------------------------------------------- help, version

#[test]
fn help_of_every_command_has_a_description_and_examples() {
    let top = stdout_ok(&["--help"]);
    assert!(top.contains("Examples:"), "{top}");
    for path in subcommand_paths() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = run(&args);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            text.contains("Examples:"),
            "`{}` has no examples:\n{text}",
            path.join(" ")
        );
        // The first line is the command's own short description.
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.len() > 10 && !first.starts_with("Usage"),
            "{args:?}: {first}"
        );
    }
}

#[test]
fn version_prints_the_package_version() {
    let out = run(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("treatyline {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2_and_data_errors_exit_1() {
    for args in [
        &["--no-such-flag"][..],
        &["man", "--dir"],
        &["schema", "extra"],
        &["timeline", "--color", "sometimes"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("error:"),
            "{args:?}"
        );
    }
    assert_eq!(run(&["timeline", "no-such-treaty"]).status.code(), Some(1));
}

// ------------------------------------------------------------- colour, width

const ESC: char = '\u{1b}';

/// `treatyline timeline sino-dprk-1961` piped, with `env` set on a clean
/// environment (no NO_COLOR, no COLUMNS unless given).
fn timeline_with(env: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = treatyline();
    cmd.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .arg("--data")
        .arg(data_dir())
        .args(["timeline", "sino-dprk-1961"])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = output(&mut cmd);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn no_colour_when_piped() {
    assert!(!timeline_with(&[], &[]).contains(ESC));
    assert!(!timeline_with(&[("TERM", "xterm-256color")], &[]).contains(ESC));
}

#[test]
fn clicolor_force_colours_even_a_pipe_and_no_color_wins_over_it() {
    assert!(timeline_with(&[("CLICOLOR_FORCE", "1")], &[]).contains(ESC));
    assert!(!timeline_with(&[("CLICOLOR_FORCE", "0")], &[]).contains(ESC));
    assert!(!timeline_with(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).contains(ESC));
}

#[test]
fn color_flag_overrides_the_environment() {
    assert!(timeline_with(&[("NO_COLOR", "1")], &["--color", "always"]).contains(ESC));
    assert!(!timeline_with(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]).contains(ESC));
    assert!(!timeline_with(&[], &["--color", "auto"]).contains(ESC));
}

fn widest_line(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn width_is_80_when_piped_and_columns_overrides_it() {
    let piped = timeline_with(&[], &[]);
    assert!(widest_line(&piped) <= 80, "{piped}");
    assert!(widest_line(&piped) > 70, "{piped}");
    let wide = timeline_with(&[("COLUMNS", "120")], &[]);
    assert!(
        widest_line(&wide) > 80 && widest_line(&wide) <= 120,
        "{}:\n{wide}",
        widest_line(&wide)
    );
}

// ------------------------------------------------------------------- schema

fn committed_schema() -> Value {
    let path = repo().join("data/treaty.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn committed_schema_is_what_treatyline_schema_prints() {
    let printed = stdout_ok(&["schema"]);
    let committed = std::fs::read_to_string(repo().join("data/treaty.schema.json")).unwrap();
    assert!(
        printed == committed,
        "data/treaty.schema.json is out of date with src/model/schema.rs; \
         regenerate it with `cargo run -- schema > data/treaty.schema.json` and review the diff"
    );
}

fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&committed_schema())
        .unwrap_or_else(|e| panic!("the schema is not a valid JSON Schema: {e}"))
}

/// A TOML document as the JSON an editor validates: what Taplo does, dates
/// become `YYYY-MM-DD` strings.
fn toml_to_json(text: &str) -> Value {
    fn convert(v: toml::Value) -> Value {
        match v {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(i) => Value::from(i),
            toml::Value::Float(f) => Value::from(f),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(a) => Value::Array(a.into_iter().map(convert).collect()),
            toml::Value::Table(t) => {
                Value::Object(t.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
        }
    }
    let table: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    convert(toml::Value::Table(table))
}

fn schema_errors(v: &jsonschema::Validator, text: &str) -> Vec<String> {
    let json = toml_to_json(text);
    v.iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

#[test]
fn every_bundled_treaty_validates_against_the_schema() {
    let v = validator();
    let mut files = Vec::new();
    toml_files(&data_dir(), &mut files);
    // The publishers and parties lists sit beside the treaties; they are
    // not treaties.
    files.retain(|f| {
        f != &data_dir().join("publishers.toml") && f != &data_dir().join("parties.toml")
    });
    assert!(files.len() >= 20, "{files:?}");
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for e in schema_errors(&v, &text) {
            failures.push(format!("{}: {e}", f.display()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

const BASE: &str =
    "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2001-01-31\n[term]\nlength = \"10y\"\n";

fn with_event(event: &str) -> String {
    format!("{BASE}[[event]]\ndate = 2005-01-01\n{event}\n")
}

/// Files the loader and the schema must judge alike: the schema is only
/// useful in an editor if it flags what `treatyline check` flags, and
/// nothing else.
fn shape_cases() -> Vec<(String, bool)> {
    let term = |t: &str| BASE.replace("length = \"10y\"", t);
    let mut cases = vec![
        (BASE.to_owned(), true),
        (
            format!(
                "id = \"t-2001\"\nshort = \"T\"\nsources = [\"https://example.org\"]\nclause = \"Art. 1\"\ntags = [\"x\"]\ncaveat = \"c\"\nin_force = 2001-03-01\n{BASE}"
            ),
            true,
        ),
        (format!("{BASE}lenght = \"5y\"\n"), false),
        (BASE.replace("title = \"T\"\n", ""), false),
        (BASE.replace("title = \"T\"", "title = \"  \""), false),
        (BASE.replace("title = \"T\"", "title = 3"), false),
        (BASE.replace("parties = [\"A\", \"B\"]\n", ""), false),
        (BASE.replace("[\"A\", \"B\"]", "[\"A\"]"), false),
        (BASE.replace("[\"A\", \"B\"]", "[\"A\", \"A\"]"), false),
        (BASE.replace("signed = 2001-01-31\n", ""), false),
        (BASE.replace("2001-01-31", "2001-01-31T10:00:00"), false),
        (format!("id = \"Bad_Id\"\n{BASE}"), false),
        (
            "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2001-01-31\n".to_owned(),
            false,
        ),
        (term("expires = 2011-01-31"), true),
        (term("last_day = 2011-01-30"), true),
        (term("length = \"indefinite\""), true),
        (term("length = \"10y\"\nfrom = \"signed\""), true),
        (term("length = \"10y\"\nfrom = 2001-02-01"), true),
        (term("length = \"10y\"\nfrom = \"tomorrow\""), false),
        (term("length = \"10y\"\nexpires = 2011-01-31"), false),
        (term("from = \"signed\""), false),
        (term("length = \"P1Y6M\""), true),
        (term("length = \"1y2w3d\""), true),
        (term("length = \"6M\""), true),
        (term("length = \"20 years\""), false),
        (term("length = \"1.5y\""), false),
        (term("length = \"2w1y\""), false),
        (term("length = 20"), false),
        (
            format!(
                "{BASE}[renewal]\nmode = \"automatic\"\nlength = \"5y\"\nmax = 3\nnotice = \"6m\"\n"
            ),
            true,
        ),
        (format!("{BASE}[renewal]\nlength = \"5y\"\n"), false),
        (format!("{BASE}[renewal]\nmode = \"auto\"\n"), false),
        (
            format!("{BASE}[renewal]\nmode = \"none\"\nmax = -1\n"),
            false,
        ),
        (
            format!("{BASE}[renewal]\nmode = \"none\"\nmax = \"3\"\n"),
            false,
        ),
        (
            format!(
                "{BASE}[withdrawal]\nnotice = \"6m\"\nearliest = \"5y\"\ntakes_effect = \"day-after\"\n"
            ),
            true,
        ),
        (
            format!("{BASE}[withdrawal]\ntakes_effect = \"yearly\"\n"),
            false,
        ),
        (format!("{BASE}[withdrawal]\nperiod = \"6m\"\n"), false),
        (
            format!("{BASE}[event]\ndate = 2005-01-01\nkind = \"note\"\n"),
            false,
        ),
        (format!("{BASE}[[event]]\nkind = \"note\"\n"), false),
        (with_event(""), false),
        (with_event("kind = \"renewal\""), false),
        (with_event("kind = \"note\"\nwhat = \"x\""), false),
        (with_event("kind = \"withdrawn\""), false),
        (with_event("kind = \"joined\""), false),
        (
            with_event("kind = \"withdrawn\"\nparty = \"A\"\neffective = 2005-02-01"),
            false,
        ),
        (with_event("kind = \"notice\"\nparty = \"A\""), false),
        (
            with_event("kind = \"notice\"\neffect = \"non-renewal\"\neffective = 2005-02-01"),
            false,
        ),
        (with_event("kind = \"notice\"\neffect = \"renewal\""), false),
        (with_event("kind = \"extended\""), false),
        (
            with_event("kind = \"extended\"\nlength = \"2y\"\nexpires = 2013-01-31"),
            false,
        ),
        (with_event("kind = \"terminated\"\nparty = \"A\""), false),
        (with_event("kind = \"expired\"\nlength = \"1y\""), false),
    ];
    for ok in [
        "kind = \"renewed\"",
        "kind = \"renewed\"\nlength = \"5y\"\neffective = 2011-01-31",
        "kind = \"extended\"\nexpires = 2013-01-31",
        "kind = \"extended\"\nlast_day = 2013-01-30",
        "kind = \"extended\"\nlength = \"2y\"",
        "kind = \"notice\"\neffect = \"non-renewal\"\nparty = \"A\"\nrevoked = 2005-02-01",
        "kind = \"notice\"\neffect = \"withdrawal\"\neffective = 2006-01-01",
        "kind = \"withdrawn\"\nparty = \"B\"",
        "kind = \"joined\"\nparty = \"B\"",
        "kind = \"terminated\"\nnote = \"n\"\nsource = \"s\"",
        "kind = \"expired\"",
        "kind = \"suspended\"\nparty = \"A\"",
        "kind = \"resumed\"",
        "kind = \"amended\"",
        "kind = \"note\"\nnote = \"n\"",
    ] {
        cases.push((with_event(ok), true));
    }
    cases
}

#[test]
fn schema_and_loader_agree_on_the_shape_of_a_file() {
    let v = validator();
    let mut disagreements = Vec::new();
    for (text, valid) in shape_cases() {
        let loader = parse_treaty("t-2001", &text)
            .map(|_| ())
            .map_err(|d| d.into_iter().map(|d| d.message).collect::<Vec<_>>());
        // `[event]` instead of `[[event]]` is still TOML, so both see it.
        let schema = schema_errors(&v, &text);
        if loader.is_ok() != valid || schema.is_empty() != valid {
            disagreements.push(format!(
                "expected {}:\n{text}\nloader: {loader:?}\nschema: {schema:?}\n",
                if valid { "valid" } else { "invalid" }
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// What only `treatyline check` can see; docs/install.md lists these.
#[test]
fn what_the_schema_cannot_see_is_left_to_check() {
    let v = validator();
    for text in [
        BASE.replace("2001-01-31", "\"2001-01-31\""),
        format!("id = \"other\"\n{BASE}"),
        BASE.replace("\"10y\"", "\"0y\""),
        with_event("kind = \"joined\"\nparty = \"C\""),
        with_event("kind = \"notice\"\neffect = \"withdrawal\"\nrevoked = 2004-01-01"),
        BASE.replace("\"10y\"", "\"indefinite\"") + "[renewal]\nmode = \"automatic\"\n",
    ] {
        assert!(parse_treaty("t-2001", &text).is_err(), "{text}");
        assert!(schema_errors(&v, &text).is_empty(), "{text}");
    }
}

#[test]
fn taplo_config_maps_the_treaty_files_to_the_schema() {
    let text = std::fs::read_to_string(repo().join(".taplo.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).unwrap();
    let rules = config["rule"].as_array().unwrap();
    let rule = rules
        .iter()
        .find(|r| {
            r["include"]
                .as_array()
                .is_some_and(|i| i.iter().any(|p| p.as_str() == Some("data/**/*.toml")))
        })
        .unwrap_or_else(|| panic!("no rule includes data/**/*.toml:\n{text}"));
    let path = rule["schema"]["path"].as_str().unwrap();
    assert_eq!(
        std::fs::read_to_string(repo().join(path)).unwrap(),
        stdout_ok(&["schema"])
    );
}
