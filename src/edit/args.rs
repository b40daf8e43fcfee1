//! The command-line arguments of the editing commands, as clap types only.
//!
//! Values that end up in a treaty file (dates, lengths, kinds, parties) are
//! taken as plain text here, not parsed by clap: they go into the edited
//! document and are judged by the loader, the same code `check` runs, so a
//! bad value is refused (exit 1) with the loader's own sentence, not turned
//! into a usage error.

use std::time::Duration;

use clap::{Args, Subcommand};

/// Options every editing command takes.
#[derive(Clone, Debug, Args)]
pub struct WriteArgs {
    /// Print the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// How long to wait for another edit of the same file to finish, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_timeout)]
    pub lock_timeout: Duration,
}

/// `treatyline new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new treaty's id, which is also its file name: lowercase letters, digits and `-`.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The full title.
    #[arg(long)]
    pub title: Option<String>,
    /// The parties, separated by commas: `--parties "China,North Korea"`.
    #[arg(long, value_name = "A,B")]
    pub parties: Option<String>,
    /// The date of signature (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub signed: Option<String>,
    /// The date of entry into force (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub in_force: Option<String>,
    /// The initial term, like `20y`, or `indefinite`.
    #[arg(long, value_name = "LENGTH")]
    pub term: Option<String>,
    /// How the treaty renews: automatic, agreement or none.
    #[arg(long, value_name = "MODE")]
    pub renewal: Option<String>,
    /// The length of each renewal [default: the term's length].
    #[arg(long, value_name = "LENGTH")]
    pub renewal_length: Option<String>,
    /// How long before a period ends a non-renewal notice must come.
    #[arg(long, value_name = "LENGTH")]
    pub renewal_notice: Option<String>,
    /// The withdrawal notice period [default: 12m].
    #[arg(long, value_name = "LENGTH")]
    pub withdrawal_notice: Option<String>,
    /// Create the --data folder if it does not exist (else a missing folder is an error, to catch typos).
    #[arg(long)]
    pub create_data: bool,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `treatyline event ...`.
#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Append an `[[event]]` to a treaty file.
    #[command(
        after_help = "Examples:\n  treatyline event add ru-ua-1997 --kind notice --date 2018-09-24 --effect non-renewal --party Ukraine\n  \
treatyline event add inf-1987 --kind withdrawn --date 2019-08-02 --party \"United States\" --dry-run"
    )]
    Add(EventAddArgs),
}

/// `treatyline event add`.
#[derive(Debug, Args)]
pub struct EventAddArgs {
    /// The treaty: an id in the dataset or a path to a `.toml` file.
    #[arg(value_name = "TREATY")]
    pub treaty: String,
    /// renewed, extended, notice, withdrawn, joined, terminated, expired, suspended, resumed, amended or note.
    #[arg(long)]
    pub kind: String,
    /// When it happened; for a notice, the day it was received (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// The party concerned (one of the treaty's parties).
    #[arg(long)]
    pub party: Option<String>,
    /// For a notice: non-renewal or withdrawal.
    #[arg(long)]
    pub effect: Option<String>,
    /// For an extension: the first day no longer in force.
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// For an extension: the last day in force.
    #[arg(long, value_name = "DATE")]
    pub last_day: Option<String>,
    /// For a renewal or an extension: its length, like `20y`.
    #[arg(long, value_name = "LENGTH")]
    pub length: Option<String>,
    /// For a renewal: the day it took effect; for a withdrawal notice: the day it names.
    #[arg(long, value_name = "DATE")]
    pub effective: Option<String>,
    /// For a notice: the day it was revoked.
    #[arg(long, value_name = "DATE")]
    pub revoked: Option<String>,
    /// A free-text note.
    #[arg(long)]
    pub note: Option<String>,
    /// Where the fact comes from (a URL).
    #[arg(long, value_name = "URL")]
    pub source: Option<String>,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `treatyline renew`: shorthand for `event add --kind renewed`.
#[derive(Debug, Args)]
pub struct RenewArgs {
    /// The treaty: an id in the dataset or a path to a `.toml` file.
    #[arg(value_name = "TREATY")]
    pub treaty: String,
    /// When the renewal happened (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// The renewal's length [default: the renewal clause's].
    #[arg(long, value_name = "LENGTH")]
    pub length: Option<String>,
    /// The day the renewal took effect, when it is not the boundary.
    #[arg(long, value_name = "DATE")]
    pub effective: Option<String>,
    /// A free-text note.
    #[arg(long)]
    pub note: Option<String>,
    /// Where the fact comes from (a URL).
    #[arg(long, value_name = "URL")]
    pub source: Option<String>,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `treatyline set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The treaty: an id in the dataset or a path to a `.toml` file.
    #[arg(value_name = "TREATY")]
    pub treaty: String,
    /// A dotted key of the format, like `term.length`, `renewal.notice` or `event.2.note` (events count from 1).
    #[arg(value_name = "KEY")]
    pub key: String,
    /// The value: a date as YYYY-MM-DD, a length like `20y`, a list as `A,B` or `["A", "B"]`, else text.
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `treatyline edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The treaty: an id in the dataset or a path to a `.toml` file.
    #[arg(value_name = "TREATY")]
    pub treaty: String,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `treatyline fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Treaty ids or paths to `.toml` files; none means the whole dataset.
    #[arg(value_name = "TREATY")]
    pub treaties: Vec<String>,
    /// Write nothing; list the files that are not formatted, show the diff, exit 1 if any.
    #[arg(long)]
    pub check: bool,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// Parses `--lock-timeout`: seconds, fractions allowed.
///
/// # Errors
///
/// A sentence for clap to show.
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0 && *n <= 86_400.0)
        .and_then(|n| Duration::try_from_secs_f64(n).ok())
        .ok_or_else(|| {
            format!("`{s}` is not a number of seconds between 0 and 86400, like 10 or 0.5")
        })
}
