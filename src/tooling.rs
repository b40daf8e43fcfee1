//! What fits treatyline into its users' tools: shell completions, the
//! manual page and the JSON Schema of the treaty files.
//!
//! Completions come in two kinds. `treatyline completions SHELL` prints a
//! static script (what packagers ship): subcommands, flags and their values,
//! and file names for TREATY. `treatyline completions SHELL --dynamic`
//! prints a small script that asks `treatyline` itself at each Tab (through
//! the `COMPLETE` environment variable, see [`complete_from_env`]), which
//! also completes treaty ids from the dataset.

use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::Path;

use clap::CommandFactory;
use clap_complete::engine::{
    ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter,
};
use clap_complete::env::Shells;
use clap_complete::{CompleteEnv, Shell};

use crate::cli::Cli;
use crate::dataset::Dataset;

/// The binary's name, as shells and manual pages know it.
pub const BIN: &str = "treatyline";

/// The environment variable that switches the binary into completion mode
/// (`COMPLETE=bash treatyline` prints the dynamic registration script).
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Answers a shell's completion request and exits, when the `COMPLETE`
/// environment variable asks for one; otherwise returns at once.
///
/// The binary calls this first thing, before parsing its arguments.
pub fn complete_from_env() {
    CompleteEnv::with_factory(command)
        .var(COMPLETE_VAR)
        .bin(BIN)
        .complete();
}

/// The command line as completion sees it: [`Cli`] with the treaty-id
/// completer ([`complete_treaty`]) on every argument whose value is named
/// `TREATY`, in every subcommand, so a new command gets it without asking.
pub fn command() -> clap::Command {
    fn with_treaty_ids(cmd: clap::Command) -> clap::Command {
        cmd.mut_args(|arg| {
            let names_a_treaty = arg
                .get_value_names()
                .is_some_and(|names| names.iter().any(|n| n.as_str() == "TREATY"));
            if names_a_treaty {
                arg.add(ArgValueCompleter::new(complete_treaty))
            } else {
                arg
            }
        })
        .mut_subcommands(with_treaty_ids)
    }
    with_treaty_ids(Cli::command())
}

/// Writes the completion script for `shell`: the static one, or with
/// `dynamic` the registration that asks the binary at each Tab.
///
/// # Errors
///
/// Only the writer's errors.
///
/// # Example
///
/// ```
/// use clap_complete::Shell;
///
/// let mut script = Vec::new();
/// treatyline::tooling::completions(Shell::Bash, false, &mut script)?;
/// let script = String::from_utf8_lossy(&script);
/// assert!(script.contains("timeline"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn completions(shell: Shell, dynamic: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = command();
    if !dynamic {
        // clap_complete panics when its writer fails (a full disk, a closed
        // pipe): generate into memory, then write with errors returned.
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut cmd, BIN, &mut script);
        return out.write_all(&script);
    }
    let name = shell.to_string();
    let shells = Shells::builtins();
    let Some(completer) = shells.completer(&name) else {
        return Err(io::Error::other(format!(
            "no dynamic completion for {name}"
        )));
    };
    // The script calls this very binary back, by its full path when known,
    // so that it works even where `treatyline` is not on PATH.
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_owned))
        .unwrap_or_else(|| BIN.to_owned());
    completer.write_registration(COMPLETE_VAR, BIN, BIN, &exe, out)
}

/// Writes the manual page of `treatyline` (roff) to `out`, or with `dir`
/// one page per command into that folder (`treatyline.1`,
/// `treatyline-timeline.1`, ...), creating it if needed.
///
/// # Errors
///
/// The writer's errors, or a folder or file that cannot be written (the
/// error names it).
pub fn man(dir: Option<&Path>, out: &mut dyn Write) -> io::Result<()> {
    let cmd = Cli::command();
    match dir {
        None => clap_mangen::Man::new(cmd).render(out),
        Some(dir) => {
            let named = |e: io::Error| {
                io::Error::new(e.kind(), format!("cannot write to {}: {e}", dir.display()))
            };
            std::fs::create_dir_all(dir).map_err(named)?;
            clap_mangen::generate_to(cmd, dir).map_err(named)?;
            let mut pages: Vec<String> = std::fs::read_dir(dir)
                .map_err(named)?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(BIN) && n.ends_with(".1"))
                .collect();
            pages.sort();
            for p in pages {
                writeln!(out, "{}", dir.join(p).display())?;
            }
            Ok(())
        }
    }
}

/// Writes the JSON Schema of a treaty file
/// ([`crate::model::schema::treaty_file_schema`]), pretty-printed with a
/// final newline: exactly the text of `data/treaty.schema.json`.
///
/// # Errors
///
/// Only the writer's errors.
pub fn schema(out: &mut dyn Write) -> io::Result<()> {
    let schema = crate::model::schema::treaty_file_schema();
    serde_json::to_writer_pretty(&mut *out, &schema)?;
    writeln!(out)
}

/// Completes a TREATY argument: the ids of the dataset that start with what
/// was typed (with the treaty's short name as help where the shell shows
/// it), and file names once it looks like a path.
///
/// The dataset is the one a command would use without `--data`:
/// `$TREATYLINE_DATA`, else `./data`, else the embedded one (a `--data`
/// earlier on the line is not seen while completing).
pub fn complete_treaty(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    if typed.contains('/') || typed.contains(std::path::MAIN_SEPARATOR) || typed.starts_with('.') {
        return PathCompleter::any().complete(current);
    }
    let dir = std::env::var_os("TREATYLINE_DATA").map(std::path::PathBuf::from);
    let (files, _) = Dataset::choose(dir).files();
    files
        .into_iter()
        .filter(|f| f.stem.starts_with(typed.as_ref()))
        .map(|f| {
            let help = crate::model::load::parse_treaty(&f.stem, &f.text)
                .ok()
                .map(|t| t.display_name().to_owned());
            CompletionCandidate::new(f.stem).help(help.map(Into::into))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn treaty_ids_complete_from_the_dataset() {
        // The unit tests run in the package folder, where ./data exists.
        let found: Vec<String> = complete_treaty(OsStr::new("sino"))
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect();
        assert!(found.contains(&"sino-dprk-1961".to_owned()), "{found:?}");
        assert!(found.iter().all(|id| id.starts_with("sino")), "{found:?}");
    }
}
