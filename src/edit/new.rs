//! `treatyline new ID ...`: a new, well-commented treaty file from flags,
//! asking for what is missing when stdin is a terminal.

use std::fmt::Write as _;
use std::io::{self, BufRead, Write};

use toml_edit::Value;

use super::args::NewArgs;
use super::document;
use super::{Mode, Refusal, Session, Target, apply, embedded_refusal, finish};
use crate::dataset::Dataset;
use crate::model::Length;
use crate::model::load::is_valid_id;
use crate::outcome::Outcome;

/// What the new file says, every value still text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Answers {
    title: Option<String>,
    parties: Option<String>,
    signed: Option<String>,
    in_force: Option<String>,
    term: Option<String>,
    renewal: Option<String>,
    renewal_length: Option<String>,
    renewal_notice: Option<String>,
    withdrawal_notice: Option<String>,
}

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
    let mut answers = Answers {
        title: args.title.clone(),
        parties: args.parties.clone(),
        signed: args.signed.clone(),
        in_force: args.in_force.clone(),
        term: args.term.clone(),
        renewal: args.renewal.clone(),
        renewal_length: args.renewal_length.clone(),
        renewal_notice: args.renewal_notice.clone(),
        withdrawal_notice: args.withdrawal_notice.clone(),
    };
    let missing = missing_flags(&answers);
    if !missing.is_empty() {
        if !session.interactive {
            return fail(Refusal::new(
                id,
                format!("`new` needs {}", missing.join(", ")),
                "give them as flags, or run `treatyline new` in a terminal to be asked for them",
            ));
        }
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let mut err = io::stderr();
        if !ask(&mut input, &mut err, &mut answers)? {
            writeln!(err, "aborted: nothing was written")?;
            return Ok(Outcome::Failure);
        }
    }
    let text = match template(&answers) {
        Ok(t) => t,
        Err(r) => return fail(r),
    };
    let path = dir.join("treaties").join(format!("{id}.toml"));
    let target = Target {
        name: path.display().to_string(),
        path: path.clone(),
        stem: id.to_owned(),
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
    let result = apply(&target, &args.write, Mode::Create, |_| Ok(text));
    let done = format!("created {}", target.name);
    finish(session, out, &target, result, &done)
}

fn missing_flags(a: &Answers) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if a.title.is_none() {
        missing.push("--title");
    }
    if a.parties.is_none() {
        missing.push("--parties");
    }
    if a.signed.is_none() {
        missing.push("--signed");
    }
    missing
}

/// Asks for the required fields not given, and the main optional ones.
/// Dates and lengths are asked again until they parse (with the parsers the
/// loader uses). Returns false at the end of input (the user gave up).
fn ask(input: &mut dyn BufRead, err: &mut dyn Write, a: &mut Answers) -> io::Result<bool> {
    type Check = fn(&str) -> Result<(), String>;
    let any: Check = |_| Ok(());
    let date: Check = |s| crate::cli::parse_date(s).map(|_| ());
    let length: Check = |s| {
        if s == "indefinite" {
            return Ok(());
        }
        s.parse::<Length>().map(|_| ()).map_err(|e| e.to_string())
    };
    let mode: Check = |s| match s {
        "automatic" | "agreement" | "none" => Ok(()),
        _ => Err("answer automatic, agreement or none".to_owned()),
    };
    let questions: [(&mut Option<String>, &str, bool, Check); 6] = [
        (&mut a.title, "Title", true, any),
        (&mut a.parties, "Parties, separated by commas", true, any),
        (&mut a.signed, "Signed (YYYY-MM-DD)", true, date),
        (
            &mut a.in_force,
            "In force (YYYY-MM-DD, Enter if unknown)",
            false,
            date,
        ),
        (&mut a.term, "Term (like 20y, or indefinite)", false, length),
        (
            &mut a.renewal,
            "Renewal (automatic, agreement or none; Enter for none)",
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

/// `key = value`, with a comment aligned at column 31.
fn line(out: &mut String, assignment: &str, comment: &str) {
    if comment.is_empty() {
        let _ = writeln!(out, "{assignment}");
    } else {
        let _ = writeln!(out, "{assignment:<30} # {comment}");
    }
}

fn string(raw: &str) -> String {
    document::string_value(raw).to_string()
}

fn date(flag: &str, raw: &str) -> Result<String, Refusal> {
    document::date_value(flag, raw).map(|v: Value| v.to_string())
}

/// The new file's text: every key the flags give, with a comment saying
/// what it means, and the optional keys as commented-out examples.
fn template(a: &Answers) -> Result<String, Refusal> {
    let title = a.title.as_deref().unwrap_or_default();
    let parties = document::list_value("--parties", a.parties.as_deref().unwrap_or_default())?;
    let signed = date("--signed", a.signed.as_deref().unwrap_or_default())?;
    let mut t = String::new();
    let one_line: String = title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = writeln!(t, "# {one_line}");
    t.push_str(concat!(
        "#\n",
        "# Created with `treatyline new`; the format is spec/data-model.md.\n",
        "# Record history with `treatyline event add`, change a key with\n",
        "# `treatyline set`, and validate with `treatyline check`.\n",
        "\n",
    ));
    line(&mut t, &format!("title = {}", string(title)), "");
    line(&mut t, "# short = \"...\"", "optional display name");
    line(
        &mut t,
        &format!("parties = {parties}"),
        "at least two, no duplicates",
    );
    line(
        &mut t,
        &format!("signed = {signed}"),
        "the date of signature",
    );
    match &a.in_force {
        Some(d) => line(
            &mut t,
            &format!("in_force = {}", date("--in-force", d)?),
            "entry into force",
        ),
        None => line(
            &mut t,
            "# in_force = YYYY-MM-DD",
            "entry into force, when known",
        ),
    }
    line(
        &mut t,
        "# sources = [\"https://...\"]",
        "where the facts come from",
    );
    line(
        &mut t,
        "# clause = \"\"\"...\"\"\"",
        "the duration, renewal and withdrawal articles, quoted",
    );
    line(&mut t, "# tags = [\"bilateral\"]", "");
    line(&mut t, "# caveat = \"...\"", "shown by every renderer");

    t.push_str("\n[term]\n");
    match &a.term {
        Some(l) => line(
            &mut t,
            &format!("length = {}", string(l)),
            "a length like \"20y\", or \"indefinite\"",
        ),
        None => line(
            &mut t,
            "length = \"indefinite\"",
            "no --term was given: set it with `treatyline set`",
        ),
    }
    line(
        &mut t,
        "# from = \"signed\"",
        "count periods from \"signed\", \"in_force\" or a date",
    );

    if a.renewal.is_some() || a.renewal_length.is_some() || a.renewal_notice.is_some() {
        t.push_str("\n[renewal]\n");
        if let Some(m) = &a.renewal {
            line(
                &mut t,
                &format!("mode = {}", string(m)),
                "\"automatic\", \"agreement\" or \"none\"",
            );
        }
        match &a.renewal_length {
            Some(l) => line(
                &mut t,
                &format!("length = {}", string(l)),
                "each renewal's length",
            ),
            None => line(
                &mut t,
                "# length = \"20y\"",
                "each renewal's length (default: the term's)",
            ),
        }
        line(
            &mut t,
            "# max = 3",
            "the most renewals and extensions allowed",
        );
        match &a.renewal_notice {
            Some(l) => line(
                &mut t,
                &format!("notice = {}", string(l)),
                "non-renewal notice before a period ends",
            ),
            None => line(
                &mut t,
                "# notice = \"1y\"",
                "non-renewal notice before a period ends",
            ),
        }
    }
    if let Some(l) = &a.withdrawal_notice {
        t.push_str("\n[withdrawal]\n");
        line(
            &mut t,
            &format!("notice = {}", string(l)),
            "default \"12m\" (VCLT Art. 56(2))",
        );
        line(
            &mut t,
            "# earliest = \"5y\"",
            "notice allowed only from the anchor + earliest",
        );
        line(
            &mut t,
            "# takes_effect = \"anniversary\"",
            "or \"day-after\", \"first-of-month-after\", \"end-of-following-year\"",
        );
    }
    Ok(t)
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
    fn end_of_input_aborts() {
        let mut input: &[u8] = b"Treaty of X\n";
        let mut a = Answers::default();
        let done = ask(&mut input, &mut Vec::new(), &mut a).unwrap_or_else(|e| panic!("{e}"));
        assert!(!done);
    }
}
