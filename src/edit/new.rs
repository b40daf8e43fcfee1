//! `treatyline new ID ...`: a new treaty file from flags (one per key of
//! the format), a JSON object (`--from-json`), or answers to questions when
//! stdin is a terminal.
//!
//! The file is built with the code `set` uses (each value typed by its
//! key's schema) and laid out by `fmt`, so a new file is already formatted.
//! Optional keys not given are left out; `--commented` writes them as
//! commented-out hints, each in its own table, which `set` removes when it
//! sets the key.

use std::io::{self, BufRead, Read, Write};

use serde_json::{Map, Value as Json};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::args::{KEY_FLAGS, NewArgs};
use super::document::{order_of, rank};
use super::keys;
use super::layout;
use super::set::{KeyPath, set_in_doc};
use super::{Mode, Refusal, Session, Target, apply, embedded_refusal, finish};
use crate::dataset::Dataset;
use crate::model::Length;
use crate::model::load::is_valid_id;
use crate::outcome::Outcome;

/// The questions asked in a terminal for what the flags left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Answers {
    title: Option<String>,
    parties: Option<String>,
    signed: Option<String>,
    in_force: Option<String>,
    term: Option<String>,
    renewal: Option<String>,
}

/// A value for the new file: its dotted key, the flag it came from, the
/// values given (more than one for a repeated flag).
type Given = (String, String, Vec<String>);

/// Creates `<data>/treaties/ID.toml`.
///
/// # Errors
///
/// Only I/O errors writing the output; a refused edit is
/// [`Outcome::Failure`].
pub fn new(session: &Session<'_>, args: &NewArgs, out: &mut dyn Write) -> io::Result<Outcome> {
    let fail = |r: Refusal| -> io::Result<Outcome> {
        r.print(session)?;
        Ok(Outcome::Failure)
    };
    let id = args.id.as_str();
    if !is_valid_id(id) {
        return fail(Refusal::new(
            id,
            format!("`{id}` is not a valid treaty id"),
            "ids use lowercase letters, digits and `-`, like `sino-dprk-1961`",
        ));
    }
    let Dataset::Dir(dir) = session.dataset else {
        return fail(embedded_refusal(id));
    };
    if let Ok(existing) = session.dataset.find(id) {
        return fail(Refusal::new(
            id,
            format!("the id `{id}` is already used by {}", existing.name),
            "ids are unique in a dataset: choose another, or change that file with `treatyline set`",
        ));
    }
    let json = match args.from_json.as_deref().map(read_json).transpose() {
        Ok(j) => j,
        Err(r) => return fail(r),
    };
    let mut given: Vec<Given> = args
        .keys
        .given
        .iter()
        .map(|(k, f, v)| ((*k).to_owned(), format!("--{f}"), v.clone()))
        .collect();
    let has = |given: &[Given], key: &str| {
        given.iter().any(|(k, _, _)| k == key) || json.as_ref().is_some_and(|j| json_has(j, key))
    };
    let missing: Vec<&str> = [
        ("title", "--title"),
        ("parties", "--parties"),
        ("signed", "--signed"),
    ]
    .iter()
    .filter(|(k, _)| !has(&given, k))
    .map(|(_, f)| *f)
    .collect();
    if !missing.is_empty() {
        if !session.interactive {
            return fail(Refusal::new(
                id,
                format!("`new` needs {}", missing.join(", ")),
                "give them as flags (or in `--from-json`), or run `treatyline new` in a terminal to be asked for them",
            ));
        }
        // Questions for what is not given yet; what is given is not asked.
        let mark = |key: &str| has(&given, key).then(String::new);
        let mut answers = Answers {
            title: mark("title"),
            parties: mark("parties"),
            signed: mark("signed"),
            in_force: mark("in_force"),
            term: mark("term.length")
                .or_else(|| mark("term.expires"))
                .or_else(|| mark("term.last_day")),
            renewal: mark("renewal.mode"),
        };
        let before = answers.clone();
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let mut err = io::stderr();
        if !ask(&mut input, &mut err, &mut answers)? {
            writeln!(err, "aborted: nothing was written")?;
            return Ok(Outcome::Failure);
        }
        for (key, flag, now, was) in [
            ("title", "--title", &answers.title, &before.title),
            ("parties", "--parties", &answers.parties, &before.parties),
            ("signed", "--signed", &answers.signed, &before.signed),
            (
                "in_force",
                "--in-force",
                &answers.in_force,
                &before.in_force,
            ),
            ("term.length", "--term", &answers.term, &before.term),
            (
                "renewal.mode",
                "--renewal",
                &answers.renewal,
                &before.renewal,
            ),
        ] {
            if was.is_none()
                && let Some(v) = now
            {
                given.push((key.to_owned(), flag.to_owned(), vec![v.clone()]));
            }
        }
    }
    let path = dir.join("treaties").join(format!("{id}.toml"));
    let target = Target {
        name: path.display().to_string(),
        path: path.clone(),
        stem: id.to_owned(),
    };
    let no_term = !["term.length", "term.expires", "term.last_day"]
        .iter()
        .any(|k| has(&given, k));
    if no_term {
        given.push((
            "term.length".into(),
            "--term".into(),
            vec!["indefinite".into()],
        ));
    }
    let text = match build(&target, json.as_ref(), &given, args.commented) {
        Ok(t) => t,
        Err(r) => return fail(r),
    };
    if !args.write.dry_run
        && let Some(folder) = path.parent()
        && let Err(e) = std::fs::create_dir_all(folder)
    {
        return fail(Refusal::new(
            &target.name,
            format!("cannot create the folder {}: {e}", folder.display()),
            "check that the dataset folder is writable",
        ));
    }
    let flags: Vec<(String, String)> = given
        .iter()
        .map(|(k, f, _)| (k.clone(), f.clone()))
        .collect();
    let known: Vec<(String, String)> = KEY_FLAGS
        .iter()
        .map(|f| (f.key.to_owned(), format!("--{}", f.long)))
        .collect();
    let result = apply(&target, &args.write, Mode::Create, |_| Ok(text))
        .map_err(|r| r.naming_flags(&flags, &known));
    if no_term && result.is_ok() {
        writeln!(
            io::stderr(),
            "note: no --term was given, so the term is \"indefinite\"; if it has one, set it with `treatyline set {id} term.length 20y`"
        )?;
    }
    let done = format!("created {}", target.name);
    finish(session, out, &target, result, &done)
}

/// Reads the JSON object of `--from-json` (`-`: stdin).
fn read_json(source: &str) -> Result<Map<String, Json>, Refusal> {
    let mut text = String::new();
    let read = if source == "-" {
        io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(source).map(|t| text = t)
    };
    let name = if source == "-" { "<stdin>" } else { source };
    read.map_err(|e| {
        Refusal::new(
            name,
            format!("cannot read {name}: {e}"),
            "give a JSON file, or `-` to read it from stdin",
        )
    })?;
    match serde_json::from_str::<Json>(&text) {
        Ok(Json::Object(map)) => Ok(map),
        Ok(_) => Err(Refusal::new(
            name,
            format!("{name} is not a JSON object"),
            "write the treaty as one object shaped like the file, like {\"title\": \"...\", \"parties\": [\"A\", \"B\"], \"signed\": \"2001-01-31\", \"term\": {\"length\": \"10y\"}}",
        )),
        Err(e) => Err(Refusal::new(
            name,
            format!("{name}:{}:{}: {e}", e.line(), e.column()),
            "`treatyline schema` describes the object's keys",
        )),
    }
}

/// Whether the JSON object gives the dotted `key`.
fn json_has(json: &Map<String, Json>, key: &str) -> bool {
    let mut here = json;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        match (here.get(part), parts.peek()) {
            (Some(Json::Null) | None, _) => return false,
            (Some(_), None) => return true,
            (Some(Json::Object(inner)), Some(_)) => here = inner,
            (Some(_), Some(_)) => return false,
        }
    }
    false
}

/// The TOML table a JSON object becomes, at dotted `path`.
fn json_table(path: &[&str], map: &Map<String, Json>) -> Result<Table, String> {
    let mut table = Table::new();
    for (key, value) in map {
        let mut here = path.to_vec();
        here.push(key.as_str());
        let shown = here.join(".");
        match value {
            Json::Null => {}
            Json::Object(inner) => {
                let mut t = json_table(&here, inner)?;
                t.set_implicit(false);
                table.insert(key, Item::Table(t));
            }
            Json::Array(items) if !items.is_empty() && items.iter().all(Json::is_object) => {
                let mut list = ArrayOfTables::new();
                for item in items {
                    if let Json::Object(inner) = item {
                        list.push(json_table(&here, inner)?);
                    }
                }
                table.insert(key, Item::ArrayOfTables(list));
            }
            other => {
                let v = keys::value_from_json(&here, other).ok_or_else(|| {
                    format!("`{shown}`: {other} cannot be written in a treaty file")
                })?;
                table.insert(key, Item::Value(v));
            }
        }
    }
    Ok(table)
}

/// The new file's text: the JSON object's keys, then the flags' (which win),
/// laid out by `fmt`, with hints for the optional keys left out when
/// `commented`.
fn build(
    target: &Target,
    json: Option<&Map<String, Json>>,
    given: &[Given],
    commented: bool,
) -> Result<String, Refusal> {
    let mut doc = DocumentMut::new();
    if let Some(json) = json {
        let root = json_table(&[], json).map_err(|e| {
            Refusal::new("--from-json", e, "`treatyline schema` describes the keys")
        })?;
        for (k, item) in root {
            doc.as_table_mut().insert(&k, item);
        }
    }
    for (key, flag, values) in given {
        let path = KeyPath::parse(key)
            .map_err(|e| Refusal::new(flag, e, "see `treatyline new --help`"))?;
        let raw = match values.as_slice() {
            // `--parties A,B` is split on commas (party names have none);
            // no other flag is.
            [one] if key == "parties" && !one.trim_start().starts_with('[') => one
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Value>()
                .to_string(),
            [one] => one.clone(),
            many => many
                .iter()
                .map(String::as_str)
                .collect::<Value>()
                .to_string(),
        };
        set_in_doc(&mut doc, target, &path, &raw, false).map_err(|mut r| {
            r.report.file.clone_from(flag);
            r
        })?;
    }
    one_item_per_line(doc.as_table_mut());
    let title = doc
        .get("title")
        .and_then(Item::as_str)
        .unwrap_or_default()
        .to_owned();
    let one_line: String = title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let header = format!(
        "# {one_line}\n#\n# Created with `treatyline new`; the format is spec/data-model.md.\n# Record history with `treatyline event add`, change a key with\n# `treatyline set`, and validate with `treatyline check`.\n\n"
    );
    let first = doc
        .as_table()
        .iter()
        .find(|(_, v)| v.is_value())
        .map(|(k, _)| k.to_owned());
    if let Some(first) = first
        && let Some(mut key) = doc.as_table_mut().key_mut(&first)
    {
        key.leaf_decor_mut().set_prefix(header);
    }
    let mut text = super::fmt::canonical(&mut doc);
    if commented {
        add_hints(&mut doc);
        text = super::fmt::canonical(&mut doc);
    }
    Ok(text)
}

/// Lists too long for one line are written one item per line, as in the
/// bundled files.
fn one_item_per_line(table: &mut Table) {
    const WIDTH: usize = 88;
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    for key in keys {
        let Some(Item::Value(Value::Array(array))) = table.get_mut(&key) else {
            continue;
        };
        if key.len() + 3 + array.to_string().trim().len() <= WIDTH {
            continue;
        }
        for item in array.iter_mut() {
            item.decor_mut().set_prefix("\n  ");
            item.decor_mut().set_suffix("");
        }
        array.set_trailing_comma(true);
        array.set_trailing("\n");
    }
}

/// The commented-out keys `--commented` writes: table, key, example,
/// what it means.
const HINTS: &[(&str, &str, &str, &str)] = &[
    ("", "short", "\"...\"", "a short display name"),
    ("", "in_force", "YYYY-MM-DD", "entry into force, when known"),
    (
        "",
        "sources",
        "[\"https://...\"]",
        "where the facts come from",
    ),
    (
        "",
        "clause",
        "\"\"\"...\"\"\"",
        "the duration, renewal and withdrawal articles, quoted",
    ),
    ("", "tags", "[\"bilateral\"]", "free-form tags"),
    ("", "caveat", "\"...\"", "shown by every renderer"),
    (
        "term",
        "from",
        "\"signed\"",
        "count periods from \"signed\", \"in_force\" or a date",
    ),
    (
        "renewal",
        "length",
        "\"20y\"",
        "each renewal's length (default: the term's)",
    ),
    (
        "renewal",
        "max",
        "3",
        "the most renewals and extensions allowed",
    ),
    (
        "renewal",
        "notice",
        "\"1y\"",
        "non-renewal notice before a period ends",
    ),
    (
        "withdrawal",
        "notice",
        "\"12m\"",
        "the default (VCLT Art. 56(2))",
    ),
    (
        "withdrawal",
        "earliest",
        "\"5y\"",
        "notice allowed only from the anchor + earliest",
    ),
    (
        "withdrawal",
        "takes_effect",
        "\"anniversary\"",
        "or \"day-after\", \"first-of-month-after\", \"end-of-following-year\"",
    ),
];

/// Adds a hint for each optional key left out, in its table where the key
/// would go: above the next key, or after the table's last.
fn add_hints(doc: &mut DocumentMut) {
    let tables: Vec<&str> = {
        let mut t: Vec<&str> = HINTS.iter().map(|h| h.0).collect();
        t.dedup();
        t
    };
    for table_name in tables {
        let path: layout::TablePath = if table_name.is_empty() {
            Vec::new()
        } else {
            vec![(table_name.to_owned(), None)]
        };
        let order = order_of(table_name);
        let Some(table) = layout::table_at_mut(doc.as_table_mut(), &path) else {
            continue;
        };
        let present: Vec<String> = table
            .iter()
            .filter(|(_, v)| v.is_value())
            .map(|(k, _)| k.to_owned())
            .collect();
        let mut after_last = String::new();
        let mut above: Vec<(String, String)> = Vec::new();
        for (_, key, example, meaning) in HINTS.iter().filter(|h| h.0 == table_name) {
            if present.iter().any(|p| p == key) {
                continue;
            }
            let line = format!("{:<30} # {meaning}\n", format!("# {key} = {example}"));
            let next = present.iter().find(|p| rank(order, p) > rank(order, key));
            match next {
                Some(n) => match above.iter_mut().find(|(k, _)| k == n) {
                    Some((_, text)) => text.push_str(&line),
                    None => above.push((n.clone(), line)),
                },
                None => after_last.push_str(&line),
            }
        }
        for (k, text) in above {
            if let Some(mut key) = table.key_mut(&k) {
                let prefix = layout::raw(key.leaf_decor().prefix());
                // Below the file's opening comment, above the key's own.
                let (head, own) = if table_name.is_empty() {
                    layout::header_split(&prefix)
                } else {
                    (String::new(), prefix)
                };
                key.leaf_decor_mut()
                    .set_prefix(format!("{head}{text}{own}"));
            }
        }
        if !after_last.is_empty() {
            layout::edit_trailing(doc, &path, |t| format!("{after_last}{t}"));
        }
    }
}

/// Asks for the required fields not given, and the main optional ones.
/// Dates and lengths are asked again until they parse (with the parsers the
/// loader uses). Returns false at the end of input (the user gave up).
fn ask(input: &mut dyn BufRead, err: &mut dyn Write, a: &mut Answers) -> io::Result<bool> {
    type Check = fn(&str) -> Result<(), String>;
    let any: Check = |_| Ok(());
    let date: Check = |s| crate::values::parse_date(s).map(|_| ());
    let length: Check = |s| {
        if s == "indefinite" {
            return Ok(());
        }
        s.parse::<Length>().map(|_| ()).map_err(|e| e.to_string())
    };
    let in_force: Check = |s| {
        if s == "pending" {
            return Ok(());
        }
        crate::cli::parse_date(s).map(|_| ())
    };
    let mode: Check = |s| match s {
        "automatic" | "agreement" | "none" | "until-denounced" => Ok(()),
        _ => Err("answer automatic, agreement, none or until-denounced".to_owned()),
    };
    let questions: [(&mut Option<String>, &str, bool, Check); 6] = [
        (&mut a.title, "Title", true, any),
        (&mut a.parties, "Parties, separated by commas", true, any),
        (&mut a.signed, "Signed (YYYY-MM-DD)", true, date),
        (
            &mut a.in_force,
            "In force (YYYY-MM-DD, `pending` if not yet, Enter if unknown)",
            false,
            in_force,
        ),
        (&mut a.term, "Term (like 20y, or indefinite)", false, length),
        (
            &mut a.renewal,
            "Renewal (automatic, agreement, none or until-denounced; Enter for none)",
            false,
            mode,
        ),
    ];
    for (slot, question, required, check) in questions {
        if slot.is_some() {
            continue;
        }
        loop {
            write!(err, "{question}: ")?;
            err.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                writeln!(err)?;
                return Ok(false);
            }
            let answer = line.trim();
            if answer.is_empty() {
                if required {
                    writeln!(err, "  this is required")?;
                    continue;
                }
                break;
            }
            match check(answer) {
                Ok(()) => {
                    *slot = Some(answer.to_owned());
                    break;
                }
                Err(e) => writeln!(err, "  {e}")?,
            }
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_for_what_is_missing_and_again_when_invalid() {
        let mut input: &[u8] = b"Treaty of X\nA, B\n2001-02-30\n2001-02-03\n\n20y\nautomatic\n";
        let mut err = Vec::new();
        let mut a = Answers::default();
        let done = ask(&mut input, &mut err, &mut a).unwrap_or_else(|e| panic!("{e}"));
        assert!(done);
        assert_eq!(a.title.as_deref(), Some("Treaty of X"));
        assert_eq!(a.signed.as_deref(), Some("2001-02-03"));
        assert_eq!(a.in_force, None);
        assert_eq!(a.term.as_deref(), Some("20y"));
        let err = String::from_utf8_lossy(&err);
        assert!(err.contains("is not a date"), "{err}");
    }

    #[test]
    fn every_key_of_the_schema_has_a_flag() {
        let flagged: Vec<&str> = super::super::args::KEY_FLAGS
            .iter()
            .map(|f| f.key)
            .collect();
        let mut missing = Vec::new();
        for key in keys::keys_of(&[]) {
            match keys::shape(&[key]) {
                keys::Shape::Tables => {}
                keys::Shape::Table => {
                    for k in keys::keys_of(&[key]) {
                        let dotted = format!("{key}.{k}");
                        if !flagged.contains(&dotted.as_str()) {
                            missing.push(dotted);
                        }
                    }
                }
                _ if key == "id" => {}
                _ if !flagged.contains(&key) => missing.push(key.to_owned()),
                _ => {}
            }
        }
        assert!(missing.is_empty(), "no `new` flag for {missing:?}");
    }

    #[test]
    fn end_of_input_aborts() {
        let mut input: &[u8] = b"Treaty of X\n";
        let mut a = Answers::default();
        let done = ask(&mut input, &mut Vec::new(), &mut a).unwrap_or_else(|e| panic!("{e}"));
        assert!(!done);
    }
}
