//! `treatyline edit TREATY`: edit a copy in `$VISUAL`, else `$EDITOR`, else
//! `vi` (saying which), and install it only when it validates, the way
//! `visudo` and `crontab -e` do.
//!
//! The file is not locked while the editor is open (that can take minutes,
//! and `event add` should not wait for it); instead the original's bytes are
//! remembered, and the copy is installed, under the lock, only if the file
//! still has them. If it changed meanwhile the edit is refused and the
//! edited copy is kept, so no one's work is lost.

use std::fs;
use std::io::{self, BufRead, Write};
use std::path::Path;
use std::process::Command;

use super::args::EditArgs;
use super::{Mode, Refusal, Session, Target, apply, finish, locate, read, validate};
use crate::outcome::Outcome;

/// What the user's editing came to.
#[derive(Debug)]
enum Flow {
    /// A valid new text, to install.
    Install(String),
    /// The copy was saved unchanged.
    Unchanged,
    /// The user or the situation gave up; the refusal says why when it was
    /// not the user's choice (it has been printed already otherwise).
    Abort(Option<Refusal>),
}

/// Opens a copy of a treaty file in the user's editor and installs it when
/// it validates.
///
/// # Errors
///
/// Only I/O errors writing the output; a refused or aborted edit is
/// [`Outcome::Failure`].
pub fn edit(session: &Session<'_>, args: &EditArgs, out: &mut dyn Write) -> io::Result<Outcome> {
    let fail = |r: Refusal| -> io::Result<Outcome> {
        r.print(session)?;
        Ok(Outcome::Failure)
    };
    let target = match locate(session, &args.treaty) {
        Ok(t) => t,
        Err(r) => return fail(r),
    };
    let original = match read(&target) {
        Ok(t) => t,
        Err(r) => return fail(r),
    };
    let (editor, from) = editor_command();
    writeln!(
        io::stderr(),
        "editing a copy of {} with `{editor}` ({from}); it is installed when you save a valid file and quit",
        target.name
    )?;
    // The copy keeps the file's name, so the editor knows it is TOML.
    let dir = match tempfile::Builder::new()
        .prefix("treatyline-edit-")
        .tempdir()
    {
        Ok(d) => d,
        Err(e) => {
            return fail(Refusal::new(
                &target.name,
                format!("cannot make a temporary folder for the copy: {e}"),
                "check that the temporary folder ($TMPDIR) is writable",
            ));
        }
    };
    let copy = dir.path().join(format!("{}.toml", target.stem));
    if let Err(e) = fs::write(&copy, &original) {
        return fail(Refusal::new(
            &target.name,
            format!("cannot write the copy {}: {e}", copy.display()),
            "check that the temporary folder ($TMPDIR) is writable",
        ));
    }
    let stdin = io::stdin();
    let mut answers = stdin.lock();
    let answers: Option<&mut dyn BufRead> = session
        .interactive
        .then_some(&mut answers as &mut dyn BufRead);
    let edited = match edit_until_valid(session, &target, &original, &copy, &editor, answers)? {
        Flow::Install(text) => text,
        Flow::Unchanged => {
            writeln!(
                io::stderr(),
                "{} is unchanged: the copy was saved as it was",
                target.name
            )?;
            return Ok(Outcome::Success);
        }
        Flow::Abort(refusal) => {
            if let Some(r) = refusal {
                r.print(session)?;
            }
            writeln!(io::stderr(), "aborted: {} is unchanged", target.name)?;
            return Ok(Outcome::Failure);
        }
    };
    let mut changed_meanwhile = false;
    let result = apply(&target, &args.write, Mode::Modify, |current| {
        if current != Some(original.as_str()) {
            changed_meanwhile = true;
            return Err(Refusal::new(
                &target.name,
                format!("{} changed while it was being edited", target.name),
                "your edit was not installed, so the other change is not lost; merge the two by hand, then run `treatyline edit` again",
            ));
        }
        Ok(edited)
    });
    if changed_meanwhile {
        let kept = dir.keep();
        writeln!(
            io::stderr(),
            "note: your edited copy is kept at {}",
            kept.join(format!("{}.toml", target.stem)).display()
        )?;
    }
    let done = format!("installed the edited {}", target.name);
    finish(session, out, &target, result, &done)
}

/// Runs the editor on `copy` until it holds a valid treaty, the user gives
/// up, or (without a terminal to ask on) the first invalid save.
fn edit_until_valid(
    session: &Session<'_>,
    target: &Target,
    original: &str,
    copy: &Path,
    editor: &str,
    mut answers: Option<&mut dyn BufRead>,
) -> io::Result<Flow> {
    loop {
        if let Err(why) = run_editor(editor, copy) {
            return Ok(Flow::Abort(Some(Refusal::new(
                &target.name,
                why,
                if editor == "vi" {
                    "set $VISUAL or $EDITOR to the editor you use, like `EDITOR=nano treatyline edit ...`"
                } else {
                    "fix the editor command in $VISUAL or $EDITOR"
                },
            ))));
        }
        let edited = match fs::read_to_string(copy) {
            Ok(t) => t,
            Err(e) => {
                return Ok(Flow::Abort(Some(Refusal::new(
                    &target.name,
                    format!("cannot read the edited copy {}: {e}", copy.display()),
                    "save the file as UTF-8 text",
                ))));
            }
        };
        if edited == original {
            return Ok(Flow::Unchanged);
        }
        let Err(refusal) = validate(target, &edited) else {
            return Ok(Flow::Install(edited));
        };
        refusal.print(session)?;
        let Some(input) = answers.as_deref_mut() else {
            return Ok(Flow::Abort(None));
        };
        if !ask_again(input)? {
            return Ok(Flow::Abort(None));
        }
    }
}

/// "(e)dit again / (a)bort": true to edit again.
fn ask_again(input: &mut dyn BufRead) -> io::Result<bool> {
    let mut err = io::stderr();
    loop {
        write!(err, "What now? (e)dit again / (a)bort: ")?;
        err.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(err)?;
            return Ok(false);
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "e" | "edit" => return Ok(true),
            "a" | "abort" | "q" | "quit" => return Ok(false),
            _ => {}
        }
    }
}

/// `$VISUAL`, else `$EDITOR`, else `vi` (as git and crontab do), with
/// where it came from, to say so.
fn editor_command() -> (String, &'static str) {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|k| {
            std::env::var(k)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .map(|v| {
                    (
                        v,
                        if *k == "VISUAL" {
                            "from $VISUAL"
                        } else {
                            "from $EDITOR"
                        },
                    )
                })
        })
        .unwrap_or_else(|| ("vi".to_owned(), "neither $VISUAL nor $EDITOR is set"))
}

/// Runs `editor` on `file` and waits for it. The command is run by the
/// shell, as git does, so `EDITOR="code --wait"` works.
fn run_editor(editor: &str, file: &Path) -> Result<(), String> {
    #[cfg(unix)]
    let mut command = {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("{editor} \"$@\""))
            .arg(editor)
            .arg(file);
        c
    };
    #[cfg(not(unix))]
    let mut command = {
        let mut words = editor.split_whitespace();
        let mut c = Command::new(words.next().unwrap_or("notepad"));
        c.args(words).arg(file);
        c
    };
    let why = match command.status() {
        Ok(s) if s.success() => return Ok(()),
        Ok(s) => format!("the editor `{editor}` failed ({s}); nothing was installed"),
        Err(e) => format!("cannot run the editor `{editor}`: {e}"),
    };
    // The fallback may not be what the user expected, or not installed.
    Err(if editor == "vi" {
        format!("{why} (neither $VISUAL nor $EDITOR is set, so `vi` was used)")
    } else {
        why
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    const VALID: &str =
        "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2001-01-01\n[term]\nlength = \"10y\"\n";

    /// Runs `editor` on a copy of [`VALID`] in `dir`, answering the
    /// prompts with `answers`.
    fn edit_with(dir: &tempfile::TempDir, editor: &str, answers: &[u8]) -> io::Result<Flow> {
        let copy = dir.path().join("t-2001.toml");
        fs::write(&copy, VALID)?;
        let dataset = Dataset::Dir(dir.path().to_path_buf());
        let session = Session {
            dataset: &dataset,
            color: false,
            width: 80,
            interactive: true,
            today: chrono::NaiveDate::MIN,
        };
        let target = Target {
            name: "t-2001.toml".into(),
            path: copy.clone(),
            stem: "t-2001".into(),
        };
        let mut answers = answers;
        edit_until_valid(&session, &target, VALID, &copy, editor, Some(&mut answers))
    }

    #[test]
    fn an_invalid_save_can_be_edited_again_until_it_is_valid() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // First save: a misspelt key; second save: fixed.
        let script = dir.path().join("ed.sh");
        let count = dir.path().join("count");
        fs::write(
            &script,
            format!(
                "#!/bin/sh\nif [ -e {c} ]; then sed -i 's/lenght/length/' \"$1\"; else touch {c}; sed -i 's/length = \"10y\"/lenght = \"12y\"/' \"$1\"; fi\n",
                c = count.display()
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let flow = edit_with(&dir, &format!("sh {}", script.display()), b"x\ne\n")
            .unwrap_or_else(|e| panic!("{e}"));
        match flow {
            Flow::Install(text) => assert!(text.contains("length = \"12y\""), "{text}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn abort_on_the_prompt_gives_up() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let flow = edit_with(&dir, "sed -i s/10y/0y/", b"a\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(flow, Flow::Abort(None)), "{flow:?}");
    }
}
