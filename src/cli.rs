//! The command line, as clap types only. What each command does lives in
//! [`crate::app`]; the binary is a thin shell that parses and calls it.

use std::path::PathBuf;

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
    after_help = "Examples:\n  treatyline status\n  treatyline list --tag nuclear\n  \
treatyline timeline sino-dprk-1961 --today 2026-11-29\n  \
treatyline project ru-ua-1997 --format json\n  treatyline status --on 2030-01-01\n  treatyline check --data my-treaties/"
)]
pub struct Cli {
    /// The dataset folder, also accepted before the command (each command
    /// that reads treaties takes `--data` too, and shows it in its help).
    #[arg(long, env = "TREATYLINE_DATA", value_name = "DIR", hide = true)]
    pub data: Option<PathBuf>,
    /// "Today", also accepted before the command (each command that uses
    /// it takes `--today` too, and shows it in its help).
    #[arg(long, value_name = "DATE", value_parser = parse_day, allow_hyphen_values = true, hide = true)]
    pub today: Option<Day>,
    /// The horizon, also accepted before the command (hidden, as `--today`).
    #[arg(long, value_name = "DATE", value_parser = parse_day, allow_hyphen_values = true, hide = true)]
    pub until: Option<Day>,
    /// Colour, also accepted before the command (hidden, as `--today`).
    #[arg(long, value_enum, value_name = "WHEN", hide = true)]
    pub color: Option<ColorWhen>,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// `--data`: where the treaties are.
#[derive(Clone, Debug, Default, Args)]
pub struct DataArgs {
    /// The dataset folder (searched recursively for *.toml) [default: ./data, else the bundled one].
    #[arg(long, env = "TREATYLINE_DATA", value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub data: Option<PathBuf>,
}

/// `--color`.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct ColorArgs {
    /// When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with auto).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

/// `--today` and `--until`: the day the projections are made on and how far
/// they reach.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct DayArgs {
    /// The date that "today" means [default: the system date].
    #[arg(long, env = "TREATYLINE_TODAY", value_name = "DATE", value_parser = parse_day, allow_hyphen_values = true)]
    pub today: Option<Day>,
    /// List periods that start on or before this date [default: today + 30 years].
    #[arg(long, value_name = "DATE", value_parser = parse_day, allow_hyphen_values = true)]
    pub until: Option<Day>,
}

/// `--assume`: hypothetical events.
#[derive(Clone, Debug, Default, Args)]
pub struct AssumeArgs {
    /// Add a hypothetical event (a TOML inline table in the event schema; repeatable).
    ///
    /// Example: --assume '{date = 2026-12-01, kind = "notice", effect = "non-renewal", party = "China"}'.
    /// It applies to every selected treaty; add `treaty = "ID"` to the table to apply it to one.
    #[arg(long, value_name = "EVENT")]
    pub assume: Vec<String>,
}

/// What every command that projects treaties takes besides its own flags.
#[derive(Clone, Debug, Default, Args)]
pub struct ProjectionArgs {
    /// Today and the horizon.
    #[command(flatten)]
    pub day: DayArgs,
    /// Hypothetical events.
    #[command(flatten)]
    pub assume: AssumeArgs,
    /// The dataset.
    #[command(flatten)]
    pub data: DataArgs,
    /// Colour.
    #[command(flatten)]
    pub color: ColorArgs,
}

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when writing to a terminal that wants it.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

pub use crate::select::StateFilter;

/// Which treaties: ids or paths, narrowed by tag, party and state.
#[derive(Clone, Debug, Default, Args)]
pub struct Selection {
    /// Treaty ids (looked up in the dataset) or paths to .toml files; none means all.
    #[arg(value_name = "TREATY")]
    pub treaties: Vec<String>,
    /// Only treaties with this tag (repeatable: any of them).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only treaties this party is a party to, by name, case-insensitive (repeatable: any of them).
    #[arg(long, value_name = "PARTY")]
    pub party: Vec<String>,
    /// Only treaties in this state on the day (repeatable: any of them).
    #[arg(long, value_enum, value_name = "STATE")]
    pub state: Vec<StateFilter>,
    /// Make this reading (a `[[reading]]` of the file) the base: every date is
    /// computed as that reading has it. Treaties without it keep their base.
    #[arg(long, value_name = "NAME")]
    pub reading: Option<String>,
}

impl Selection {
    /// Whether the selection narrows the treaties beyond naming them.
    pub fn filters(&self) -> bool {
        !(self.tag.is_empty() && self.party.is_empty() && self.state.is_empty())
    }
}

/// The treaties named on the command line (kept for the library's users).
pub type TreatyArgs = Selection;

/// `--caveats`: show each treaty's caveat whole.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct CaveatArgs {
    /// Show each treaty's caveat in full (by default: a † marker, and the first sentence for one treaty).
    #[arg(long)]
    pub caveats: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the treaties: id, short title, parties, state and tags.
    #[command(
        after_help = "Examples:\n  treatyline list\n  treatyline list --tag nuclear --state in-force\n  treatyline list --party Russia"
    )]
    List {
        /// Which treaties.
        #[command(flatten)]
        select: Selection,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Text)]
        format: TableFormat,
        /// Today, the dataset, colour.
        #[command(flatten)]
        common: ProjectionArgs,
    },
    /// Show a timeline in the terminal: periods, boundaries, today, events and the next deadline.
    #[command(
        after_help = "Examples:\n  treatyline timeline\n  treatyline timeline sino-dprk-1961 ru-ua-1997\n  \
treatyline timeline --from 1990-01-01 --to +20y --state in-force"
    )]
    Timeline {
        /// Which treaties.
        #[command(flatten)]
        select: Selection,
        /// The first day the chart shows [default: the earliest date of the treaties].
        #[arg(long, value_name = "DATE", value_parser = parse_day, allow_hyphen_values = true)]
        from: Option<Day>,
        /// The last day the chart shows [default: the horizon].
        #[arg(long, value_name = "DATE", value_parser = parse_day, allow_hyphen_values = true)]
        to: Option<Day>,
        /// One lane per party under each treaty, sorted by the first day bound.
        #[arg(long)]
        members: bool,
        /// Caveats in full.
        #[command(flatten)]
        caveats: CaveatArgs,
        /// Today, the horizon, assumptions, the dataset, colour.
        #[command(flatten)]
        common: ProjectionArgs,
    },
    /// Print the projection: periods, end, deadlines, withdrawals and status.
    #[command(
        after_help = "Examples:\n  treatyline project sino-dprk-1961\n  treatyline project data/treaties/inf-1987.toml --format json"
    )]
    Project {
        /// Which treaties.
        #[command(flatten)]
        select: Selection,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ProjectFormat::Text)]
        format: ProjectFormat,
        /// Caveats in full.
        #[command(flatten)]
        caveats: CaveatArgs,
        /// Today, the horizon, assumptions, the dataset, colour.
        #[command(flatten)]
        common: ProjectionArgs,
    },
    /// Show each treaty's state on a day, one line each: its state, next boundary and next deadline.
    #[command(
        after_help = "Examples:\n  treatyline status\n  treatyline status new-start-2010 --on 2026-02-04\n  treatyline status --on +5y --state in-force"
    )]
    Status {
        /// Which treaties.
        #[command(flatten)]
        select: Selection,
        /// The day to report on [default: today].
        #[arg(long, value_name = "DATE", value_parser = parse_day, visible_alias = "date", allow_hyphen_values = true)]
        on: Option<Day>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Text)]
        format: TableFormat,
        /// Caveats in full.
        #[command(flatten)]
        caveats: CaveatArgs,
        /// Today, the horizon, assumptions, the dataset, colour.
        #[command(flatten)]
        common: ProjectionArgs,
    },
    /// List boundaries, deadlines, possible renewals and events in a window, soonest first.
    #[command(
        after_help = "Examples:\n  treatyline upcoming\n  treatyline upcoming --within 5y --from 2027-01-01\n  \
treatyline upcoming --party China --within 10y\n  treatyline upcoming --format csv > upcoming.csv"
    )]
    Upcoming {
        /// Which treaties (none means the whole dataset).
        #[command(flatten)]
        select: Selection,
        /// How far ahead to look, as a length (1y, 6m, 90d, P2Y).
        #[arg(long, value_name = "LENGTH", default_value = "1y", value_parser = parse_length)]
        within: crate::Length,
        /// The first day of the window [default: today].
        #[arg(long, value_name = "DATE", value_parser = parse_day, allow_hyphen_values = true)]
        from: Option<Day>,
        /// Output format (ics: an iCalendar file of the window, with reminders).
        #[arg(long, value_enum, default_value_t = UpcomingFormat::Text)]
        format: UpcomingFormat,
        /// Also list what each treaty's other readings (`[[reading]]`) give, marked as such.
        #[arg(long)]
        readings: bool,
        /// Caveats in full.
        #[command(flatten)]
        caveats: CaveatArgs,
        /// Today, the horizon, assumptions, the dataset, colour.
        #[command(flatten)]
        common: ProjectionArgs,
    },
    /// Show how every date of a treaty was derived, step by step.
    #[command(
        after_help = "Examples:\n  treatyline explain sino-dprk-1961\n  treatyline explain ru-ua-1997 --on 2018-09-30"
    )]
    Explain {
        /// The treaty (an id or a path to a .toml file).
        #[arg(value_name = "TREATY")]
        treaty: String,
        /// Explain only the dates equal to this one.
        #[arg(long, value_name = "DATE", value_parser = parse_day, visible_alias = "date", allow_hyphen_values = true)]
        on: Option<Day>,
        /// Explain the dates as this reading (a `[[reading]]` of the file) has them.
        #[arg(long, value_name = "NAME")]
        reading: Option<String>,
        /// Explain only what concerns this party.
        #[arg(long, value_name = "PARTY")]
        party: Option<String>,
        /// Today, the horizon, assumptions, the dataset, colour.
        #[command(flatten)]
        common: ProjectionArgs,
    },
    /// Validate treaty files and audit their history; problems name file:line:column.
    #[command(
        after_help = "Examples:\n  treatyline check\n  treatyline check path/to/treaty.toml --deny-warnings"
    )]
    Check {
        /// Which treaties.
        #[command(flatten)]
        select: Selection,
        /// Exit 1 when the audit finds anything, not only on errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Also show the warnings a file acknowledges with `allow = [...]`
        /// (they are counted, never fail the check).
        #[arg(long, short)]
        verbose: bool,
        /// Output format: text diagnostics on stderr, or one JSON document on stdout.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Today and the horizon the audit looks at.
        #[command(flatten)]
        day: DayArgs,
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
        /// Colour.
        #[command(flatten)]
        color: ColorArgs,
    },
    /// Create a treaty file from flags (asking for what is missing in a terminal).
    #[command(
        after_help = "Examples:\n  treatyline new ru-ua-1997 --title \"Treaty on Friendship\" --parties Ukraine,Russia \\\n    --signed 1997-05-31 --in-force 1999-04-01 --term 10y --renewal automatic --renewal-notice 6m \\\n    --source https://example.org/a --source https://example.org/b,en\n  treatyline new x-2024 --from-json x.json --commented\n  generate-json | treatyline new x-2024 --from-json -"
    )]
    New {
        /// What to create.
        #[command(flatten)]
        args: crate::edit::args::NewArgs,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
    /// Record history: `event add`, `event list`, `event rm`, `event set`.
    #[command(
        subcommand,
        after_help = "Examples:\n  treatyline event add sino-dprk-1961 --kind renewed --date 2021-07-11\n  treatyline event list sino-dprk-1961\n  treatyline event rm sino-dprk-1961 3"
    )]
    Event(EventCommand),
    /// Record a renewal (shorthand for `event add --kind renewed`).
    #[command(after_help = "Examples:\n  treatyline renew sino-dprk-1961 --date 2021-07-11")]
    Renew {
        /// The renewal.
        #[command(flatten)]
        args: crate::edit::args::RenewArgs,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
    /// Set one dotted key of a treaty file, keeping everything else as it is.
    #[command(
        after_help = "Examples:\n  treatyline set ru-ua-1997 term.length 10y\n  treatyline set ru-ua-1997 in_force 1999-04-01\n  treatyline set ru-ua-1997 event.1.note \"Received by Russia\" --dry-run\n  treatyline set ru-ua-1997 sources '[\"https://a/b,c\", \"https://d\"]'\n  treatyline set ru-ua-1997 sources https://e --append"
    )]
    Set {
        /// The change.
        #[command(flatten)]
        args: crate::edit::args::SetArgs,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
    /// Remove one dotted key (or a table, like `withdrawal` or `event.2`) from a treaty file.
    #[command(
        after_help = "Examples:\n  treatyline unset ru-ua-1997 renewal.max\n  treatyline unset ru-ua-1997 withdrawal --dry-run"
    )]
    Unset {
        /// What to remove.
        #[command(flatten)]
        args: crate::edit::args::UnsetArgs,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
    /// Edit a copy of a treaty file in $VISUAL/$EDITOR; install it only if it validates.
    #[command(
        after_help = "Examples:\n  treatyline edit sino-dprk-1961\n  EDITOR=\"code --wait\" treatyline edit data/treaties/inf-1987.toml"
    )]
    Edit {
        /// The file.
        #[command(flatten)]
        args: crate::edit::args::EditArgs,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
    /// Lay treaty files out canonically (key order, spacing), keeping comments.
    #[command(
        after_help = "Examples:\n  treatyline fmt\n  treatyline fmt --check\n  treatyline fmt sino-dprk-1961 --dry-run"
    )]
    Fmt {
        /// The files.
        #[command(flatten)]
        args: crate::edit::args::FmtArgs,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
    /// Write a report to read, print or import: Markdown, HTML, SVG, iCalendar, JSON, CSV, Mermaid.
    #[command(
        after_help = "Examples:\n  treatyline report --output treaties.html\n  \
treatyline report sino-dprk-1961 ru-ua-1997 --format md\n  \
treatyline report --output docs/timeline.svg\n  \
treatyline report --remind 60d,2w --output treaties.ics"
    )]
    Report {
        /// Which treaties (none means the whole dataset).
        #[command(flatten)]
        select: Selection,
        /// Output format [default: from the --output extension, else md].
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Write to this file (atomically; `-` is standard output) instead of standard output; its extension
        /// (.md .html .svg .ics .json .csv .mmd) chooses the format.
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
        /// iCalendar only: also what each treaty's other readings give, marked as such.
        #[arg(long)]
        readings: bool,
        /// Today, the horizon, assumptions, the dataset, colour.
        #[command(flatten)]
        common: ProjectionArgs,
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

/// What every editing command takes besides its own flags.
#[derive(Clone, Debug, Default, Args)]
pub struct EditingArgs {
    /// The dataset.
    #[command(flatten)]
    pub data: DataArgs,
    /// Colour of the diagnostics.
    #[command(flatten)]
    pub color: ColorArgs,
}

/// `treatyline event ...`.
#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Append an `[[event]]` to a treaty file.
    #[command(
        after_help = "Examples:\n  treatyline event add ru-ua-1997 --kind notice --date 2018-09-24 --effect non-renewal --party Ukraine\n  \
treatyline event add inf-1987 --kind withdrawn --date 2019-08-02 --party \"United States\" --dry-run"
    )]
    Add {
        /// The event.
        #[command(flatten)]
        args: Box<crate::edit::args::EventAddArgs>,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
    /// List a treaty's events, numbered from 1 in file order (the numbers `rm` and `set` take).
    #[command(after_help = "Examples:\n  treatyline event list ru-ua-1997")]
    List {
        /// The treaty.
        #[command(flatten)]
        args: crate::edit::args::EventListArgs,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
    /// Remove the N-th event (from 1, in file order) with its own comment.
    #[command(
        after_help = "Examples:\n  treatyline event list ru-ua-1997\n  treatyline event rm ru-ua-1997 2 --dry-run"
    )]
    Rm {
        /// The event.
        #[command(flatten)]
        args: crate::edit::args::EventRmArgs,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
    /// Set one key of the N-th event (from 1, in file order).
    #[command(
        after_help = "Examples:\n  treatyline event set ru-ua-1997 1 note \"Received by Russia\""
    )]
    Set {
        /// The change.
        #[command(flatten)]
        args: crate::edit::args::EventSetArgs,
        /// The dataset and colour.
        #[command(flatten)]
        common: EditingArgs,
    },
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
    /// A Mermaid gantt chart, raw (for mermaid-cli, or a ```mermaid block).
    Mermaid,
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

pub use crate::values::{
    Day, date_text, length_text, parse_date, parse_day, parse_length, term_text,
};
