//! The `treatyline` binary: parse the command line, run it, map the outcome
//! to an exit code (0 success, 1 invalid data or failed check, 2 usage).

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use treatyline::app::{self, Outcome};
use treatyline::cli::Cli;

fn main() -> ExitCode {
    // `COMPLETE=bash treatyline ...`: a shell asking for completions.
    treatyline::tooling::complete_from_env();
    // Help and usage errors are wrapped to the same width as every other
    // output (80 when piped, `COLUMNS` overrides).
    let matches = Cli::command().term_width(app::width()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match app::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Ok(Outcome::Usage) => ExitCode::from(2),
        // `treatyline timeline | head -1`: the reader left; that is not an error.
        Err(e) if app::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string();
            let _ = writeln!(
                io::stderr(),
                "error: {}",
                treatyline::render::visible::one_line(&message)
            );
            ExitCode::from(1)
        }
    }
}
