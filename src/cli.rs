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
    /// Add a hypothetical event (a TOML inline table in the event schema; repeatable).
    ///
    /// Example: --assume '{date = 2026-12-01, kind = "notice", effect = "non-renewal", party = "China"}'.
    /// It applies to every selected treaty; add `treaty = "ID"` to the table to apply it to one.
    #[arg(long, global = true, value_name = "EVENT")]
    pub assume: Vec<String>,
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
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Text)]
        format: TableFormat,
    },
    /// List boundaries, deadlines, possible renewals and events in a window, soonest first.
    #[command(
        after_help = "Examples:\n  treatyline upcoming\n  treatyline upcoming --within 5y --from 2027-01-01\n  treatyline upcoming --format csv > upcoming.csv"
    )]
    Upcoming {
        /// Which treaties (none means the whole dataset).
        #[command(flatten)]
        treaties: TreatyArgs,
        /// How far ahead to look, as a length (1y, 6m, 90d, P2Y).
        #[arg(long, value_name = "LENGTH", default_value = "1y", value_parser = parse_length)]
        within: crate::Length,
        /// The first day of the window [default: today].
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Output format (ics: an iCalendar file of the window, with reminders).
        #[arg(long, value_enum, default_value_t = UpcomingFormat::Text)]
        format: UpcomingFormat,
    },
    /// Show how every date of a treaty was derived, step by step.
    #[command(
        after_help = "Examples:\n  treatyline explain sino-dprk-1961\n  treatyline explain ru-ua-1997 --date 2018-09-30"
    )]
    Explain {
        /// The treaty (an id or a path to a .toml file).
        #[arg(value_name = "TREATY")]
        treaty: String,
        /// Explain only the dates equal to this one.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Validate treaty files and audit their history; problems name file:line:column.
    #[command(
        after_help = "Examples:\n  treatyline check\n  treatyline check path/to/treaty.toml --deny-warnings"
    )]
    Check {
        /// Which treaties.
        #[command(flatten)]
        treaties: TreatyArgs,
        /// Exit 1 when the audit finds anything, not only on errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Output format: text diagnostics on stderr, or one JSON document on stdout.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Create a treaty file from flags (asking for what is missing in a terminal).
    #[command(
        after_help = "Examples:\n  treatyline new ru-ua-1997 --title \"Treaty on Friendship\" --parties Ukraine,Russia \\\n    --signed 1997-05-31 --in-force 1999-04-01 --term 10y --renewal automatic --renewal-notice 6m"
    )]
    New(crate::edit::args::NewArgs),
    /// Record history: `event add` appends an `[[event]]` to a treaty file.
    #[command(
        subcommand,
        after_help = "Examples:\n  treatyline event add sino-dprk-1961 --kind renewed --date 2021-07-11"
    )]
    Event(crate::edit::args::EventCommand),
    /// Record a renewal (shorthand for `event add --kind renewed`).
    #[command(after_help = "Examples:\n  treatyline renew sino-dprk-1961 --date 2021-07-11")]
    Renew(crate::edit::args::RenewArgs),
    /// Set one dotted key of a treaty file, keeping everything else as it is.
    #[command(
        after_help = "Examples:\n  treatyline set ru-ua-1997 term.length 10y\n  treatyline set ru-ua-1997 in_force 1999-04-01\n  treatyline set ru-ua-1997 event.1.note \"Received by Russia\" --dry-run"
    )]
    Set(crate::edit::args::SetArgs),
    /// Edit a copy of a treaty file in $VISUAL/$EDITOR; install it only if it validates.
    #[command(
        after_help = "Examples:\n  treatyline edit sino-dprk-1961\n  EDITOR=\"code --wait\" treatyline edit data/treaties/inf-1987.toml"
    )]
    Edit(crate::edit::args::EditArgs),
    /// Lay treaty files out canonically (key order, spacing), keeping comments.
    #[command(
        after_help = "Examples:\n  treatyline fmt\n  treatyline fmt --check\n  treatyline fmt sino-dprk-1961 --dry-run"
    )]
    Fmt(crate::edit::args::FmtArgs),
    /// Write a report to read, print or import: Markdown, HTML, SVG, iCalendar, JSON, CSV, Mermaid.
    #[command(
        after_help = "Examples:\n  treatyline report --format html --output treaties.html\n  \
treatyline report sino-dprk-1961 ru-ua-1997 --format md\n  \
treatyline report --format svg --output docs/timeline.svg\n  \
treatyline report --format ics --remind 60d,2w --output treaties.ics"
    )]
    Report {
        /// Which treaties (none means the whole dataset).
        #[command(flatten)]
        treaties: TreatyArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Write to this file (atomically) instead of standard output; `-` is standard output.
        #[arg(long, short, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
        output: Option<PathBuf>,
        /// iCalendar only: reminders before each non-renewal notice deadline, in days or weeks.
        #[arg(
            long,
            value_name = "LIST",
            value_delimiter = ',',
            default_value = "90d,30d,7d",
            value_parser = clap::value_parser!(crate::render::ics::Reminder)
        )]
        remind: Vec<crate::render::ics::Reminder>,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        long_about = "Print a shell completion script.\n\n\
The static script completes commands, flags and their values. With --dynamic the script \
asks treatyline at each Tab instead, so treaty ids complete too. docs/install.md says \
where each shell looks for it.",
        after_help = "Examples:\n  treatyline completions bash > ~/.local/share/bash-completion/completions/treatyline\n  \
treatyline completions zsh > ~/.zfunc/_treatyline\n  \
treatyline completions fish --dynamic > ~/.config/fish/completions/treatyline.fish\n  \
echo 'source <(treatyline completions bash --dynamic)' >> ~/.bashrc"
    )]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
        /// Ask treatyline at each Tab, which also completes treaty ids.
        #[arg(long)]
        dynamic: bool,
    },
    /// Print the manual page (roff), or write one page per command into a folder.
    #[command(after_help = "Examples:\n  treatyline man | man -l -\n  \
treatyline man --dir ~/.local/share/man/man1")]
    Man {
        /// Write treatyline.1 and one treatyline-COMMAND.1 per command into DIR.
        #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        dir: Option<PathBuf>,
    },
    /// Print the JSON Schema of a treaty file, for editors (see .taplo.toml).
    #[command(
        after_help = "Examples:\n  treatyline schema > data/treaty.schema.json\n  \
treatyline schema | jq '.properties.term.properties | keys'"
    )]
    Schema,
}

/// `check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Compiler-style diagnostics on stderr.
    Text,
    /// One JSON document on stdout, for editors and CI.
    Json,
}

/// `upcoming --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UpcomingFormat {
    /// Aligned text for the terminal.
    Text,
    /// JSON, one object with an array.
    Json,
    /// CSV with a header row.
    Csv,
    /// iCalendar (RFC 5545) all-day events, with reminders before notice deadlines.
    Ics,
}

/// `--format` of the tabular commands (`status`, `upcoming`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned text for the terminal.
    Text,
    /// JSON, one object with an array.
    Json,
    /// CSV with a header row.
    Csv,
}

/// `report --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown: a summary table, then each treaty's details (renders on GitHub).
    Md,
    /// One self-contained HTML page: chart, summary and details.
    Html,
    /// The timeline chart as an SVG image.
    Svg,
    /// An iCalendar file of boundaries and deadlines, with reminders.
    Ics,
    /// The JSON projection of spec/data-model.md section 6.
    Json,
    /// One row per period, end, deadline and event.
    Csv,
    /// A Mermaid gantt chart in a fenced Markdown block.
    Mermaid,
}

/// Parses a length such as `1y` or `P6M`.
///
/// # Errors
///
/// The length parser's sentence.
pub fn parse_length(s: &str) -> Result<crate::Length, String> {
    s.parse()
        .map_err(|e: crate::model::LengthError| e.to_string())
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
    /// One row per period, end, deadline and event (the `report --format csv` table).
    Csv,
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
