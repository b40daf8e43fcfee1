//! The commands that edit treaty files: `new`, `event add|list|rm|set`,
//! `renew`, `set`, `unset`, `edit` and `fmt`.
//!
//! Every edit goes through one path, `apply`:
//!
//! 1. lock the file (`lock`: one writer at a time, bounded wait);
//! 2. read it (under the lock, so no concurrent change is lost);
//! 3. change the text: format-preserving through `toml_edit`, so comments,
//!    blank lines, key order and quoting outside the change stay
//!    byte-identical (`document`);
//! 4. validate the result with the code `check` runs
//!    ([`crate::dataset::load`]), refusing with its diagnostics, shown
//!    against the proposed text (labelled so) after the diff that made it,
//!    and naming the flag to change when the edit came from flags;
//! 5. with `--dry-run`, print a unified diff and stop; else write atomically
//!    (`atomic`).
//!
//! A refused edit exits 1 and leaves the file byte-identical. The embedded
//! dataset is read-only: naming a treaty by id without a dataset folder is
//! refused with a message that names `--data`.

pub mod args;
pub(crate) mod atomic;
mod document;
mod editor;
mod event;
mod fmt;
mod keys;
mod layout;
mod lock;
mod new;
mod order;
mod set;

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::dataset::{self, Dataset, SourceFile};
use crate::diag::{Diagnostic, FileReport};
use crate::outcome::Outcome;
use crate::render::visible::one_line;

pub use editor::edit;
pub use event::{event_add, event_list, event_rm, event_set, renew};
pub use fmt::fmt;
pub use new::new;
pub use set::{set, unset};

use args::WriteArgs;
use lock::{LockError, TreatyLock};

/// What every editing command needs from the outside world, read once by
/// [`crate::app`].
#[derive(Clone, Copy, Debug)]
pub struct Session<'a> {
    /// Where treaties named by id are found.
    pub dataset: &'a Dataset,
    /// Whether diagnostics on stderr are coloured.
    pub color: bool,
    /// The width diagnostics are wrapped to.
    pub width: usize,
    /// Whether stdin is a terminal, so the user can be asked questions.
    pub interactive: bool,
    /// Today (`--today`), to notice an event dated in the future.
    pub today: NaiveDate,
}

impl<'a> Session<'a> {
    /// A session on `dataset`, asking questions only when stdin is a terminal.
    pub fn new(dataset: &'a Dataset, color: bool, width: usize, today: NaiveDate) -> Self {
        Session {
            dataset,
            color,
            width,
            interactive: io::stdin().is_terminal(),
            today,
        }
    }
}

/// A refused edit: what to tell the user. The file is untouched.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// The problems, rendered against the text they concern.
    report: FileReport,
    /// A closing sentence, e.g. that the file is unchanged.
    closing: Option<String>,
    /// For an edit the loader refused: the text before it, so the change
    /// is shown as a diff above the diagnostics (which are against the
    /// proposed text, `report.text`).
    before: Option<String>,
}

impl Refusal {
    /// A refusal with one message about `file` and a sentence saying how to fix it.
    pub(crate) fn new(file: &str, message: impl Into<String>, help: impl Into<String>) -> Self {
        Refusal {
            report: FileReport {
                file: file.to_owned(),
                text: String::new(),
                diagnostics: vec![Diagnostic::unplaced(message).with_help(help)],
            },
            closing: None,
            before: None,
        }
    }

    fn from_report(report: FileReport) -> Self {
        Refusal {
            report,
            closing: None,
            before: None,
        }
    }

    /// Names the flag behind each refused line: `flags` maps a key (`note`,
    /// or dotted, `renewal.notice`) to the flag that gave it, `known` every
    /// key the command has a flag for. A diagnostic on a line the edit wrote
    /// for a given flag says to change that flag, and a help that says to
    /// add `key = value` for a key with a flag says to give the flag instead.
    pub(crate) fn naming_flags(
        mut self,
        flags: &[(String, String)],
        known: &[(String, String)],
    ) -> Self {
        let Some(before) = &self.before else {
            return self;
        };
        let after = self.report.text.clone();
        let written = written_lines(before, &after);
        for d in &mut self.report.diagnostics {
            if let Some(span) = &d.span {
                let (line, _) = crate::diag::line_col(&after, span.start);
                if written.contains(&line)
                    && let Some(flag) = flag_of_line(&after, line, flags)
                {
                    let help = format!("this line comes from `{flag}`: change that flag");
                    d.help = Some(match d.help.take() {
                        Some(h) => format!("{h}\n{help}"),
                        None => help,
                    });
                }
            }
            if let Some(help) = &d.help {
                d.help = Some(help_with_flags(help, known));
            }
        }
        self
    }

    /// Prints the refusal on stderr.
    pub(crate) fn print(&self, session: &Session<'_>) -> io::Result<()> {
        let mut err = io::stderr().lock();
        if let Some(before) = &self.before {
            let name = self.report.file.trim_end_matches(PROPOSED);
            writeln!(
                err,
                "the edit would make this change to {name}, and the result is not valid:"
            )?;
            print_diff(&mut err, name, before, &self.report.text)?;
        }
        write!(err, "{}", self.report.render(session.color, session.width))?;
        if let Some(c) = &self.closing {
            writeln!(err, "{c}")?;
        }
        Ok(())
    }
}

/// What the name of a file gets in diagnostics against its proposed text.
const PROPOSED: &str = " (proposed)";

/// The 1-based numbers of the lines of `after` that the edit wrote (that
/// are not in `before`).
fn written_lines(before: &str, after: &str) -> Vec<usize> {
    similar::TextDiff::from_lines(before, after)
        .ops()
        .iter()
        .flat_map(|op| match op {
            similar::DiffOp::Insert {
                new_index, new_len, ..
            }
            | similar::DiffOp::Replace {
                new_index, new_len, ..
            } => (*new_index..new_index + new_len)
                .map(|i| i + 1)
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
        .collect()
}

/// The flag behind line `line` of `text`: its key, dotted with the table it
/// is in (`renewal.notice`), looked up in `flags` (dotted, then bare).
fn flag_of_line(text: &str, line: usize, flags: &[(String, String)]) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?;
    let key = here.split_once('=')?.0.trim();
    let table = lines
        .iter()
        .take(line)
        .rev()
        .find_map(|l| {
            let l = l.trim();
            l.starts_with('[')
                .then(|| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned())
        })
        .unwrap_or_default();
    let dotted = if table.is_empty() {
        key.to_owned()
    } else {
        format!("{table}.{key}")
    };
    flags
        .iter()
        .find(|(k, _)| *k == dotted)
        .or_else(|| flags.iter().find(|(k, _)| k == key && !k.contains('.')))
        .map(|(_, f)| f.clone())
}

/// `help` with every `` `key = value` `` for a key in `flags` written as the
/// flag: `` `--effect non-renewal` ``.
fn help_with_flags(help: &str, flags: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, part) in help.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let replaced = (i % 2 == 1)
            .then(|| part.split_once(" = "))
            .flatten()
            .and_then(|(k, v)| {
                let k = k.trim();
                let flag = flags.iter().find(|(key, _)| key == k).or_else(|| {
                    // `length` is `term.length` or `renewal.length`: the
                    // help names the table when it matters.
                    let mut candidates = flags
                        .iter()
                        .filter(|(key, _)| key.rsplit('.').next() == Some(k));
                    let first = candidates.next()?;
                    let rest: Vec<_> = candidates.collect();
                    if rest.is_empty() {
                        return Some(first);
                    }
                    std::iter::once(first).chain(rest).find(|(key, _)| {
                        key.split_once('.')
                            .is_some_and(|(table, _)| help.contains(&format!("`[{table}]`")))
                    })
                })?;
                let v = v.trim();
                let v = match v.parse::<toml_edit::Value>() {
                    // A list: the flags that take one are given once per
                    // item, except `--parties A,B`.
                    Ok(toml_edit::Value::Array(items)) if flag.1 == "--parties" => items
                        .iter()
                        .filter_map(|i| i.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                    Ok(toml_edit::Value::Array(_)) => return None,
                    Ok(toml_edit::Value::String(s)) => s.value().clone(),
                    _ => v.to_owned(),
                };
                let v = if v.contains(' ') {
                    format!("\"{v}\"")
                } else {
                    v
                };
                Some(format!("{} {v}", flag.1))
            });
        out.push_str(replaced.as_deref().unwrap_or(part));
    }
    // "add `--renewal-length 5y` to `[renewal]`": the flag says where.
    let mut cleaned = out.clone();
    let tables = document::TOP_ORDER
        .iter()
        .filter(|k| keys::shape(&[k]) == keys::Shape::Table);
    for table in tables {
        let flag = format!("`--{table}");
        let to = format!(" to `[{table}]`");
        if cleaned.contains(&flag) {
            cleaned = cleaned.replace(&to, "");
        }
    }
    cleaned
}

/// The treaty file an edit writes.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    /// The path as shown in messages (as given, or as found in the dataset).
    pub(crate) name: String,
    /// The path written: symbolic links resolved, so a link keeps pointing
    /// at the file it names instead of being replaced by a copy.
    pub(crate) path: PathBuf,
    /// The file stem, which is the treaty's id.
    pub(crate) stem: String,
}

impl Target {
    fn at(path: &Path) -> Target {
        Target {
            name: path.display().to_string(),
            path: std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
            stem: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// The file a treaty argument names, by the rules every command follows: a
/// path when it looks like one, else an id looked up in the dataset (which
/// must be a folder: the embedded dataset cannot be written).
pub(crate) fn locate(session: &Session<'_>, arg: &str) -> Result<Target, Refusal> {
    if crate::dataset::looks_like_path(arg) {
        return Ok(Target::at(Path::new(arg)));
    }
    match session.dataset {
        Dataset::Embedded => Err(embedded_refusal(arg)),
        Dataset::Dir(_) => session
            .dataset
            .find(arg)
            .map(|f| Target::at(Path::new(&f.name)))
            .map_err(Refusal::from_report),
    }
}

/// The refusal for writing into the dataset compiled into the binary.
pub(crate) fn embedded_refusal(what: &str) -> Refusal {
    Refusal::new(
        what,
        "the embedded dataset is read-only: there is no ./data folder here and no --data was given",
        "name the dataset folder to edit with `--data DIR` (or TREATYLINE_DATA), run from a folder that has ./data, or give a path to a `.toml` file",
    )
}

/// Whether an edit creates a file or changes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The file must not exist yet.
    Create,
    /// The file must exist.
    Modify,
}

/// What an accepted edit did.
#[derive(Debug)]
pub(crate) struct Applied {
    /// The text before (empty for a new file).
    pub(crate) before: String,
    /// The text after.
    pub(crate) after: String,
    /// Whether the file was written (false for `--dry-run` and no-op edits).
    pub(crate) written: bool,
}

impl Applied {
    pub(crate) fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// The one path every edit takes: lock, read, change, validate, write.
///
/// `change` gets the current text (`None` when creating) and returns the new
/// text or a refusal. Nothing is written unless the new text loads.
pub(crate) fn apply(
    target: &Target,
    write: &WriteArgs,
    mode: Mode,
    change: impl FnOnce(Option<&str>) -> Result<String, Refusal>,
) -> Result<Applied, Refusal> {
    if mode == Mode::Modify {
        // A missing file is reported as such, not as a lock problem.
        read(target)?;
    }
    // A dry run of `new` into a folder that does not exist yet has nothing
    // to lock (and must not create the folder).
    let folder_missing = target
        .path
        .parent()
        .is_some_and(|p| !p.as_os_str().is_empty() && !p.is_dir());
    let _lock = if mode == Mode::Create && write.dry_run && folder_missing {
        None
    } else {
        Some(
            TreatyLock::acquire(&target.path, write.lock_timeout)
                .map_err(|e| lock_refusal(target, e))?,
        )
    };
    let before = match mode {
        Mode::Modify => Some(read(target)?),
        Mode::Create if target.path.exists() => {
            return Err(Refusal::new(
                &target.name,
                format!("{} already exists", target.name),
                "choose another id, or change the existing file with `treatyline set` or `treatyline edit`",
            ));
        }
        Mode::Create => None,
    };
    // The edit works on LF text without a BOM; the file keeps its own
    // style (CRLF line endings, a BOM), so a diff shows only the change.
    let style = before.as_deref().map(TextStyle::of).unwrap_or_default();
    let plain = before.as_deref().map(|b| style.strip(b));
    let after = style.restore(change(plain.as_deref())?);
    let before = before.unwrap_or_default();
    if mode == Mode::Modify && after == before {
        return Ok(Applied {
            before,
            after,
            written: false,
        });
    }
    validate(target, &after).map_err(|mut r| {
        r.before = Some(before.clone());
        r
    })?;
    if write.dry_run {
        return Ok(Applied {
            before,
            after,
            written: false,
        });
    }
    let replace = match mode {
        Mode::Create => atomic::Replace::New,
        Mode::Modify => atomic::Replace::Existing,
    };
    let links = hard_links(&target.path);
    atomic::write(&target.path, &after, replace).map_err(|e| {
        Refusal::new(
            &target.name,
            format!("cannot write {}: {e}", target.name),
            "check that the folder is writable; the file is unchanged",
        )
    })?;
    if links > 1 {
        // The new text is a new file renamed into place (see `atomic`):
        // the other names of the old file keep the old text.
        let _ = writeln!(
            io::stderr(),
            "note: {} had {links} hard links; it is now a file of its own, and its other names still hold the old text",
            one_line(&target.name)
        );
    }
    Ok(Applied {
        before,
        after,
        written: true,
    })
}

/// How many names (hard links) the file at `path` has; 1 when unknown.
fn hard_links(path: &Path) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).map_or(1, |m| m.nlink())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        1
    }
}

/// The line endings and byte-order mark of a file's text, which an edit
/// keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TextStyle {
    /// The text starts with U+FEFF.
    bom: bool,
    /// Every line ends in CRLF (a file mixing endings is left as it is).
    crlf: bool,
}

impl TextStyle {
    pub(crate) fn of(text: &str) -> TextStyle {
        let body = text.strip_prefix('\u{feff}');
        let lines = text.matches('\n').count();
        TextStyle {
            bom: body.is_some(),
            crlf: lines > 0 && text.matches("\r\n").count() == lines,
        }
    }

    /// `text` as an edit sees it: LF line endings, no BOM.
    pub(crate) fn strip(self, text: &str) -> String {
        let body = if self.bom {
            text.strip_prefix('\u{feff}').unwrap_or(text)
        } else {
            text
        };
        if self.crlf {
            body.replace("\r\n", "\n")
        } else {
            body.to_owned()
        }
    }

    /// `text` (LF, no BOM) in this style.
    pub(crate) fn restore(self, text: String) -> String {
        let text = if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text
        };
        if self.bom && !text.starts_with('\u{feff}') {
            format!("\u{feff}{text}")
        } else {
            text
        }
    }
}

/// Reads the text of `target`.
pub(crate) fn read(target: &Target) -> Result<String, Refusal> {
    dataset::read_source(&target.path)
        .map(|f| f.text)
        .map_err(|mut r| {
            r.file.clone_from(&target.name);
            Refusal::from_report(r)
        })
}

/// Validates `text` as the new content of `target`, with the code `check` runs.
pub(crate) fn validate(target: &Target, text: &str) -> Result<(), Refusal> {
    let file = SourceFile {
        name: format!("{}{PROPOSED}", target.name),
        stem: target.stem.clone(),
        text: text.to_owned(),
    };
    dataset::load(&file).map(|_| ()).map_err(|report| Refusal {
        report,
        closing: Some(format!(
            "error: refused: {} would not be valid after this edit (the lines shown are of the proposed text); nothing was written",
            target.name
        )),
        before: None,
    })
}

fn lock_refusal(target: &Target, e: LockError) -> Refusal {
    match e {
        LockError::Timeout { path, holder } => Refusal::new(
            &target.name,
            format!(
                "{} is being edited by another process{}: its lock ({}) was not released in time",
                target.name,
                holder.map(|p| format!(" (pid {p})")).unwrap_or_default(),
                path.display()
            ),
            "try again when that edit is done, or wait longer with `--lock-timeout SECONDS`; the file is unchanged",
        ),
        LockError::Io { path, error } => Refusal::new(
            &target.name,
            format!(
                "cannot lock {}: {error} (lock file {})",
                target.name,
                path.display()
            ),
            "check that the folder exists and is writable",
        ),
    }
}

/// Prints the unified diff from `before` to `after`, as `git diff` would.
pub(crate) fn print_diff(
    out: &mut dyn Write,
    name: &str,
    before: &str,
    after: &str,
) -> io::Result<()> {
    let diff = similar::TextDiff::from_lines(before, after);
    // `a/` and `b/` as git writes them, also before an absolute path.
    let name = name.trim_start_matches('/');
    let old = if before.is_empty() {
        "/dev/null".to_owned()
    } else {
        format!("a/{name}")
    };
    write!(
        out,
        "{}",
        diff.unified_diff()
            .context_radius(3)
            .missing_newline_hint(true)
            .header(&old, &format!("b/{name}"))
    )
}

/// Reports how an edit ended: the diff for `--dry-run`, a status line on
/// stderr, or the refusal. `done` is the status line, e.g. "added a
/// `renewed` event dated 2021-07-11 to data/treaties/x.toml".
pub(crate) fn finish(
    session: &Session<'_>,
    out: &mut dyn Write,
    target: &Target,
    result: Result<Applied, Refusal>,
    done: &str,
) -> io::Result<Outcome> {
    match result {
        Ok(applied) if applied.written => {
            // Each line shown as one line: a control character in a name or
            // note cannot move the cursor or forge a line.
            for line in done.lines() {
                writeln!(io::stderr(), "{}", one_line(line))?;
            }
            Ok(Outcome::Success)
        }
        Ok(applied) if applied.changed() => {
            print_diff(out, &target.name, &applied.before, &applied.after)?;
            writeln!(
                io::stderr(),
                "dry run: {} was not written",
                one_line(&target.name)
            )?;
            Ok(Outcome::Success)
        }
        Ok(_) => {
            writeln!(
                io::stderr(),
                "{} is unchanged: it already says that",
                one_line(&target.name)
            )?;
            Ok(Outcome::Success)
        }
        Err(refusal) => {
            refusal.print(session)?;
            Ok(Outcome::Failure)
        }
    }
}

/// Whether to record an event dated `raw`: yes when it is not after today;
/// after today, on a terminal the user is asked, otherwise a warning says
/// that `check --deny-warnings` will report it.
///
/// # Errors
///
/// I/O errors on the terminal.
pub(crate) fn confirm_future(session: &Session<'_>, raw: &str) -> io::Result<bool> {
    let ask = session.interactive && io::stderr().is_terminal();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let answers: Option<&mut dyn BufRead> = ask.then_some(&mut input as &mut dyn BufRead);
    confirm_future_with(session.today, raw, answers, &mut io::stderr())
}

/// [`confirm_future`], asking on `answers` when there is a terminal.
pub(crate) fn confirm_future_with(
    today: chrono::NaiveDate,
    raw: &str,
    answers: Option<&mut dyn BufRead>,
    err: &mut dyn Write,
) -> io::Result<bool> {
    let Ok(date) = crate::cli::parse_date(raw.trim()) else {
        return Ok(true);
    };
    if date <= today {
        return Ok(true);
    }
    let what = format!("{date} is after today ({today}): an event records what has happened");
    if let Some(input) = answers {
        write!(err, "{what}. Record it anyway? [y/N] ")?;
        err.flush()?;
        let mut line = String::new();
        input.read_line(&mut line)?;
        return Ok(matches!(
            line.trim().to_ascii_lowercase().as_str(),
            "y" | "yes"
        ));
    }
    writeln!(
        err,
        "warning: {what}; recorded anyway, and `treatyline check` will warn about it until then"
    )?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, f)| ((*k).to_owned(), (*f).to_owned()))
            .collect()
    }

    #[test]
    fn a_help_names_the_flag_instead_of_the_key() {
        let known = flags(&[
            ("effect", "--effect"),
            ("term.length", "--term"),
            ("renewal.length", "--renewal-length"),
            ("parties", "--parties"),
        ]);
        let h = |s: &str| help_with_flags(s, &known);
        assert_eq!(
            h("add `effect = \"non-renewal\"` or `effect = \"withdrawal\"`"),
            "add `--effect non-renewal` or `--effect withdrawal`"
        );
        assert_eq!(
            h("add `length = \"...\"` to `[renewal]`"),
            "add `--renewal-length ...`"
        );
        assert_eq!(
            h("list every party, like `parties = [\"China\", \"North Korea\"]`"),
            "list every party, like `--parties \"China,North Korea\"`"
        );
        assert_eq!(h("keep `mode = \"none\"`"), "keep `mode = \"none\"`");
    }

    #[test]
    fn written_lines_are_those_the_edit_added_or_changed() {
        assert_eq!(written_lines("a\nb\nc\n", "a\nB\nc\nd\n"), vec![2, 4]);
    }
}

#[cfg(test)]
mod style_tests {
    use super::TextStyle;

    #[test]
    fn crlf_and_bom_survive_an_edit() {
        let text = "\u{feff}a = 1\r\nb = 2\r\n";
        let style = TextStyle::of(text);
        assert_eq!(style.strip(text), "a = 1\nb = 2\n");
        assert_eq!(
            style.restore("a = 1\nc = 3\nb = 2\n".to_owned()),
            "\u{feff}a = 1\r\nc = 3\r\nb = 2\r\n"
        );
        // LF files and files mixing endings are left alone.
        let mixed = "a = 1\r\nb = 2\n";
        assert_eq!(TextStyle::of(mixed).strip(mixed), mixed);
        assert_eq!(TextStyle::of("a\n").restore("a\nb\n".to_owned()), "a\nb\n");
    }
}
