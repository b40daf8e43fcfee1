//! The command line, as clap types only. What each command does lives in
//! [`crate::app`]; the binary is a thin shell that parses and calls it.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// When does a treaty renew, expire or need notice, and why?
#[derive(Debug, Parser)]
#[command(
    name = "treatyline",
    version,
    about,
    long_about = "treatyline projects every period, boundary and notice deadline of a treaty \
from its rules and recorded history, and shows how each date was derived.\n\n\
Treaties are TOML files (see spec/data-model.md). Without --data, ./data is used when it \
exists, else the dataset embedded in the binary.",
    after_help = "Examples:\n  treatyline timeline\n  treatyline timeline sino-dprk-1961 --today 2026-11-29\n  \
treatyline project ru-ua-1997 --format json\n  treatyline status --on 2030-01-01\n  treatyline check --data my-treaties/"
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The dataset folder (searched recursively for *.toml).
    #[arg(long, global = true, env = "TREATYLINE_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The date that "today" means [default: the system date].
    #[arg(long, global = true, env = "TREATYLINE_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// List periods that start on or before this date [default: today + 30 years].
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<NaiveDate>,
    /// When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with auto).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when writing to a terminal that wants it.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a timeline in the terminal: periods, boundaries, today, events and the next deadline.
    #[command(
        after_help = "Examples:\n  treatyline timeline\n  treatyline timeline sino-dprk-1961 ru-ua-1997"
    )]
    Timeline(TreatyArgs),
    /// Print the projection: periods, end, deadlines, withdrawals and status.
    #[command(
        after_help = "Examples:\n  treatyline project sino-dprk-1961\n  treatyline project data/treaties/inf-1987.toml --format json"
    )]
    Project {
        /// Which treaties.
        #[command(flatten)]
        treaties: TreatyArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ProjectFormat::Text)]
        format: ProjectFormat,
    },
    /// Show each treaty's state on a day, its period and what comes next.
    #[command(
        after_help = "Examples:\n  treatyline status\n  treatyline status new-start-2010 --on 2026-02-04"
    )]
    Status {
        /// Which treaties.
        #[command(flatten)]
        treaties: TreatyArgs,
        /// The day to report on [default: today].
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// Validate treaty files; problems name file:line:column.
    #[command(after_help = "Examples:\n  treatyline check\n  treatyline check path/to/treaty.toml")]
    Check(TreatyArgs),
}

/// Treaties named by id or by path; none means the whole dataset.
#[derive(Debug, Args)]
pub struct TreatyArgs {
    /// Treaty ids (looked up in the dataset) or paths to .toml files; none means all.
    #[arg(value_name = "TREATY")]
    pub treaties: Vec<String>,
}

/// `project --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProjectFormat {
    /// A readable table per treaty.
    Text,
    /// The JSON projection of spec/data-model.md section 6.
    Json,
}

/// Parses a `YYYY-MM-DD` date in 0001-01-01..=9999-12-31.
///
/// # Errors
///
/// A sentence saying what is wrong, for clap to show.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: write it as YYYY-MM-DD, like 2026-11-29"))?;
    if s.len() != 10 || !crate::engine::calendar::in_range(d) {
        return Err(format!(
            "`{s}` is not a date between 0001-01-01 and 9999-12-31 written as YYYY-MM-DD"
        ));
    }
    Ok(d)
}
