//! What each command does: resolve the treaties, project them, render.
//!
//! Everything that touches the outside world (the clock, the terminal, the
//! environment) is read here, once, and passed down as values.

use std::io::{self, IsTerminal, Write};

use chrono::NaiveDate;

use crate::cli::{Cli, ColorWhen, Command, ProjectFormat, TreatyArgs};
use crate::dataset::{self, Dataset, Loaded};
use crate::diag::FileReport;
use crate::engine::{self, Horizon, calendar};
use crate::render::{self, Context, Projected, Render};

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went well: exit 0.
    Success,
    /// The data is invalid or a check failed: exit 1.
    Failure,
}

/// The terminal the output goes to.
#[derive(Clone, Copy, Debug)]
struct Terminal {
    color_out: bool,
    color_err: bool,
    width: usize,
}

fn terminal(when: ColorWhen) -> Terminal {
    let choice = |tty: bool, auto: anstream::ColorChoice| match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => tty && auto != anstream::ColorChoice::Never,
    };
    let out = io::stdout();
    let err = io::stderr();
    let color_out = choice(out.is_terminal(), anstream::AutoStream::choice(&out));
    let color_err = choice(err.is_terminal(), anstream::AutoStream::choice(&err));
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
        .or_else(|| {
            out.is_terminal()
                .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .flatten()
        })
        .unwrap_or(80)
        .clamp(40, 1000);
    Terminal {
        color_out,
        color_err,
        width,
    }
}

/// The system date (UTC), read only when `--today` is not given.
fn system_today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(calendar::MIN_DATE);
    epoch
        .checked_add_days(chrono::Days::new(secs / 86_400))
        .unwrap_or(epoch)
}

/// Runs a parsed command line, writing to stdout and stderr.
///
/// # Errors
///
/// Only I/O errors writing the output (a closed pipe among them, which the
/// binary treats as a clean exit).
pub fn run(cli: Cli) -> io::Result<Outcome> {
    let term = terminal(cli.global.color);
    let today = cli.global.today.unwrap_or_else(system_today);
    let mut horizon = Horizon::from_today(today);
    if let Some(until) = cli.global.until {
        horizon.until = until;
    }
    let dataset = Dataset::choose(cli.global.data.clone());
    let cx = Context {
        horizon,
        color: term.color_out,
        width: term.width,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());

    let outcome = match &cli.command {
        Command::Timeline(args) => with_projected(&dataset, args, &horizon, term, |items| {
            render::timeline::Timeline.render(items, &cx, &mut out)
        })?,
        Command::Project { treaties, format } => {
            with_projected(&dataset, treaties, &horizon, term, |items| match format {
                ProjectFormat::Text => render::text::Text.render(items, &cx, &mut out),
                ProjectFormat::Json => render::json::Json.render(items, &cx, &mut out),
            })?
        }
        Command::Status { treaties, on } => {
            let mut h = horizon;
            if let Some(on) = on {
                h.today = *on;
            }
            let cx = Context { horizon: h, ..cx };
            with_projected(&dataset, treaties, &h, term, |items| {
                render::status::StatusText.render(items, &cx, &mut out)
            })?
        }
        Command::Check(args) => {
            let (loaded, problems) = resolve(&dataset, args);
            report(&problems, term)?;
            if problems.iter().any(FileReport::has_errors) {
                let files = problems.iter().filter(|p| p.has_errors()).count();
                writeln!(
                    io::stderr(),
                    "error: {files} file(s) with errors; {} treaties valid",
                    loaded.len()
                )?;
                Outcome::Failure
            } else {
                writeln!(out, "ok: {} treaties valid", loaded.len())?;
                Outcome::Success
            }
        }
    };
    out.flush()?;
    Ok(outcome)
}

fn report(problems: &[FileReport], term: Terminal) -> io::Result<()> {
    let mut err = io::stderr().lock();
    for p in problems {
        write!(err, "{}", p.render(term.color_err, term.width))?;
    }
    Ok(())
}

/// Loads the named treaties (or all), projects them and hands them to
/// `render`; on invalid data, reports and renders nothing.
fn with_projected(
    dataset: &Dataset,
    args: &TreatyArgs,
    horizon: &Horizon,
    term: Terminal,
    render: impl FnOnce(&[Projected<'_>]) -> io::Result<()>,
) -> io::Result<Outcome> {
    let (loaded, problems) = resolve(dataset, args);
    if !problems.is_empty() {
        report(&problems, term)?;
        return Ok(Outcome::Failure);
    }
    let mut items = Vec::with_capacity(loaded.len());
    let mut failed = Vec::new();
    for l in &loaded {
        match engine::project(&l.treaty, horizon) {
            Ok(projection) => items.push(Projected {
                treaty: &l.treaty,
                projection,
            }),
            Err(diagnostics) => failed.push(FileReport {
                file: l.file.clone(),
                text: String::new(),
                diagnostics,
            }),
        }
    }
    if !failed.is_empty() {
        report(&failed, term)?;
        return Ok(Outcome::Failure);
    }
    render(&items)?;
    Ok(Outcome::Success)
}

fn looks_like_path(arg: &str) -> bool {
    arg.ends_with(".toml") || arg.contains('/') || arg.contains(std::path::MAIN_SEPARATOR)
}

/// The treaties the arguments name, or the whole dataset when there are none.
fn resolve(dataset: &Dataset, args: &TreatyArgs) -> (Vec<Loaded>, Vec<FileReport>) {
    if args.treaties.is_empty() {
        let (files, mut problems) = dataset.files();
        let (loaded, more) = dataset::load_all(&files);
        problems.extend(more);
        return (loaded, problems);
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for arg in &args.treaties {
        let found = if looks_like_path(arg) {
            dataset::read_source(std::path::Path::new(arg))
        } else {
            dataset.find(arg)
        };
        match found {
            Ok(f) => files.push(f),
            Err(r) => problems.push(r),
        }
    }
    let (loaded, more) = dataset::load_all(&files);
    problems.extend(more);
    (loaded, problems)
}
