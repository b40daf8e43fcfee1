//! The `treatyline` binary: parse the command line, run it, map the outcome
//! to an exit code (0 success, 1 invalid data or failed check, 2 usage).

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{CommandFactory, FromArgMatches};
use treatyline::app::{self, Outcome};
use treatyline::cli::Cli;

fn main() -> ExitCode {
    // `treatyline timeline >&-`: whatever it printed would be lost, and an
    // edit's report with it; refuse before doing anything.
    if STDOUT_CLOSED_AT_START.load(Ordering::Relaxed) {
        let _ = writeln!(
            io::stderr(),
            "error: standard output is closed: the output would be lost (redirect it to /dev/null to discard it)"
        );
        return ExitCode::from(1);
    }
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

/// Whether file descriptor 1 was closed when the process started.
///
/// Rust's runtime reopens a closed standard descriptor on `/dev/null`
/// before `main` runs (so that no file the program opens can land on it),
/// after which a closed stdout cannot be told from `> /dev/null`: every
/// write would succeed and the output be lost with exit status 0. So the
/// probe below runs first, as an ELF/Mach-O initialiser (the same mechanism
/// the `ctor` crate uses), and records what it saw here. On other
/// platforms it never runs and this stays `false` (the runtime's behaviour).
static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

/// Records whether stdout can be duplicated (it cannot when it is closed).
/// Safe code only, and nothing in it panics.
extern "C" fn probe_stdout() {
    use std::os::fd::AsFd;
    let closed = io::stdout().as_fd().try_clone_to_owned().is_err();
    STDOUT_CLOSED_AT_START.store(closed, Ordering::Relaxed);
}

// SAFETY: the one `unsafe` of the project: placing a function pointer in
// the initialiser section, which the dynamic loader calls once, before
// `main` and before Rust's runtime touches the standard descriptors. The
// function is `extern "C"`, takes no arguments (the loader passes argc,
// argv and envp, which the C ABI lets it ignore) and does not unwind.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly",
    target_os = "illumos"
))]
#[allow(unsafe_code)]
#[used]
#[unsafe(link_section = ".init_array")]
static PROBE_STDOUT: extern "C" fn() = probe_stdout;

// SAFETY: as above, in Mach-O's initialiser section.
#[cfg(target_vendor = "apple")]
#[allow(unsafe_code)]
#[used]
#[unsafe(link_section = "__DATA,__mod_init_func")]
static PROBE_STDOUT: extern "C" fn() = probe_stdout;
