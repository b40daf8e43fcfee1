//! The command-line arguments of the editing commands, as clap types only.
//!
//! Dates, lengths and kinds are checked by clap, so a malformed one is a
//! usage error (exit 2) with a suggestion, and reach the edit as text
//! (`today` and `+90d` already turned into dates). Everything else that ends
//! up in a treaty file (parties, how values fit together) is judged by the
//! loader, the same code `check` runs (exit 1).

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
    /// Every key of the format, as a flag (`--title`, `--term`, `--renewal-notice`, ...).
    #[command(flatten)]
    pub keys: KeyFlags,
    /// Read the treaty from a JSON object shaped like the file (`treatyline schema`), `-` for stdin; flags override it.
    #[arg(long, value_name = "FILE")]
    pub from_json: Option<String>,
    /// Write the optional keys not given as commented-out hints, each in its table.
    #[arg(long)]
    pub commented: bool,
    /// Create the --data folder if it does not exist (else a missing folder is an error, to catch typos).
    #[arg(long)]
    pub create_data: bool,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// One flag of `new` for one key of the format.
#[derive(Clone, Copy, Debug)]
pub struct KeyFlag {
    /// The flag, without `--`.
    pub long: &'static str,
    /// The dotted key it sets.
    pub key: &'static str,
    /// The placeholder in `--help`.
    pub value_name: &'static str,
    /// The help line.
    pub help: &'static str,
    /// Whether it may be given more than once (one list item each).
    pub repeat: bool,
}

const fn flag(
    long: &'static str,
    key: &'static str,
    value_name: &'static str,
    help: &'static str,
) -> KeyFlag {
    KeyFlag {
        long,
        key,
        value_name,
        help,
        repeat: false,
    }
}

const fn list(
    long: &'static str,
    key: &'static str,
    value_name: &'static str,
    help: &'static str,
) -> KeyFlag {
    KeyFlag {
        repeat: true,
        ..flag(long, key, value_name, help)
    }
}

/// The flags of `new`, one per key of the format (v1 and v2), in the
/// format's order. The value is typed by the key's schema, like `set`'s.
pub const KEY_FLAGS: &[KeyFlag] = &[
    flag("title", "title", "TEXT", "The full title."),
    flag("short", "short", "TEXT", "A short display name."),
    flag(
        "parties",
        "parties",
        "A,B",
        "The parties, separated by commas (`\"China,North Korea\"`), or a TOML array.",
    ),
    flag(
        "signed",
        "signed",
        "DATE",
        "The date of signature (YYYY-MM-DD).",
    ),
    flag(
        "in-force",
        "in_force",
        "DATE",
        "The date of entry into force (YYYY-MM-DD), or `pending` (v2).",
    ),
    list(
        "source",
        "sources",
        "URL",
        "Where the facts come from; repeat for more (never split on commas).",
    ),
    flag(
        "clause",
        "clause",
        "TEXT",
        "The duration, renewal and withdrawal articles, quoted.",
    ),
    list("tag", "tags", "TAG", "A tag; repeat for more."),
    flag(
        "caveat",
        "caveat",
        "TEXT",
        "A warning every output shows with the treaty.",
    ),
    list(
        "allow",
        "allow",
        "CODE",
        "A warning code `check` should not report for this file; repeat for more (v2).",
    ),
    flag(
        "term",
        "term.length",
        "LENGTH",
        "The initial term, like `20y`, or `indefinite`.",
    ),
    flag(
        "term-expires",
        "term.expires",
        "DATE",
        "Instead of --term: the first day no longer in force.",
    ),
    flag(
        "term-last-day",
        "term.last_day",
        "DATE",
        "Instead of --term: the last day in force.",
    ),
    flag(
        "term-from",
        "term.from",
        "ANCHOR",
        "Count periods from `signed`, `in_force` or a date.",
    ),
    flag(
        "term-min-parties",
        "term.min_parties",
        "N",
        "The treaty ends when fewer parties are bound (v2).",
    ),
    flag(
        "renewal",
        "renewal.mode",
        "MODE",
        "How the treaty renews: automatic, agreement, none or until-denounced.",
    ),
    flag(
        "renewal-length",
        "renewal.length",
        "LENGTH",
        "The length of each renewal [default: the term's length].",
    ),
    flag(
        "renewal-max",
        "renewal.max",
        "N",
        "The most renewals and extensions allowed.",
    ),
    flag(
        "renewal-notice",
        "renewal.notice",
        "LENGTH",
        "How long before a period ends a non-renewal notice must come.",
    ),
    flag(
        "renewal-ends",
        "renewal.ends",
        "WHO",
        "What a non-renewal notice ends: `party` or `treaty` (v2).",
    ),
    flag(
        "withdrawal-notice",
        "withdrawal.notice",
        "LENGTH",
        "The withdrawal notice period [default: 12m].",
    ),
    flag(
        "withdrawal-earliest",
        "withdrawal.earliest",
        "LENGTH",
        "Notice allowed only this long after the anchor.",
    ),
    flag(
        "withdrawal-earliest-from",
        "withdrawal.earliest_from",
        "FROM",
        "Count --withdrawal-earliest from the `treaty` or each `party` (v2).",
    ),
    flag(
        "withdrawal-every",
        "withdrawal.every",
        "LENGTH",
        "Denunciation windows open this often (v2).",
    ),
    flag(
        "withdrawal-window",
        "withdrawal.window",
        "LENGTH",
        "How long each denunciation window lasts (v2).",
    ),
    flag(
        "withdrawal-takes-effect",
        "withdrawal.takes_effect",
        "RULE",
        "anniversary, day-after, first-of-month-after or end-of-following-year.",
    ),
    flag(
        "withdrawal-ends",
        "withdrawal.ends",
        "WHO",
        "What a withdrawal ends: `party` or `treaty` (v2).",
    ),
    flag(
        "membership-in-force-after",
        "membership.in_force_after",
        "LENGTH",
        "A party is bound this long after its deposit (v2).",
    ),
    flag(
        "membership-in-force-on",
        "membership.in_force_on",
        "RULE",
        "Then on `first-of-month-after` (v2).",
    ),
    flag(
        "survival-length",
        "survival.length",
        "LENGTH",
        "How long obligations survive a withdrawal or the end (v2).",
    ),
    flag(
        "survival-note",
        "survival.note",
        "TEXT",
        "What survives (v2).",
    ),
];

/// The values of [`KEY_FLAGS`] given on the command line: (dotted key,
/// flag, values) in the flags' order.
#[derive(Clone, Debug, Default)]
pub struct KeyFlags {
    /// What was given.
    pub given: Vec<(&'static str, &'static str, Vec<String>)>,
}

impl clap::FromArgMatches for KeyFlags {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let given = KEY_FLAGS
            .iter()
            .filter_map(|f| {
                let values: Vec<String> = matches
                    .get_many::<String>(f.long)
                    .map(|v| v.cloned().collect())
                    .unwrap_or_default();
                (!values.is_empty()).then_some((f.key, f.long, values))
            })
            .collect();
        Ok(KeyFlags { given })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for KeyFlags {
    fn augment_args(mut cmd: clap::Command) -> clap::Command {
        for f in KEY_FLAGS {
            let mut arg = clap::Arg::new(f.long)
                .long(f.long)
                .value_name(f.value_name)
                .help(f.help)
                .allow_hyphen_values(true)
                .action(if f.repeat {
                    clap::ArgAction::Append
                } else {
                    clap::ArgAction::Set
                });
            if f.repeat {
                arg = arg.visible_alias(f.key);
            }
            cmd = cmd.arg(arg);
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// `treatyline event ...`.
#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Append an `[[event]]` to a treaty file.
    #[command(
        after_help = "Examples:\n  treatyline event add ru-ua-1997 --kind notice --date 2018-09-24 --effect non-renewal --party Ukraine\n  \
treatyline event add inf-1987 --kind withdrawn --date 2019-08-02 --party \"United States\" --dry-run"
    )]
    Add(Box<EventAddArgs>),
    /// List a treaty's events, numbered from 1 in file order (the numbers `rm` and `set` take).
    #[command(after_help = "Examples:\n  treatyline event list ru-ua-1997")]
    List(EventListArgs),
    /// Remove the N-th event (from 1, in file order) with its own comment.
    #[command(
        after_help = "Examples:\n  treatyline event list ru-ua-1997\n  treatyline event rm ru-ua-1997 2 --dry-run"
    )]
    Rm(EventRmArgs),
    /// Set one key of the N-th event (from 1, in file order).
    #[command(
        after_help = "Examples:\n  treatyline event set ru-ua-1997 1 note \"Received by Russia\""
    )]
    Set(EventSetArgs),
}

/// `treatyline event list`.
#[derive(Debug, Args)]
pub struct EventListArgs {
    /// The treaty: an id in the dataset or a path to a `.toml` file.
    #[arg(value_name = "TREATY")]
    pub treaty: String,
    /// One line per event, or a JSON array for scripts.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// The output of `event list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// One line per event: number, date, kind, details.
    Text,
    /// `[{"number": 1, "date": "...", "kind": "...", ...}]`, every key of each event.
    Json,
}

/// `treatyline event rm`.
#[derive(Debug, Args)]
pub struct EventRmArgs {
    /// The treaty: an id in the dataset or a path to a `.toml` file.
    #[arg(value_name = "TREATY")]
    pub treaty: String,
    /// The event's number, as `event list` shows it.
    #[arg(value_name = "N")]
    pub number: usize,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `treatyline event set`.
#[derive(Debug, Args)]
pub struct EventSetArgs {
    /// The treaty: an id in the dataset or a path to a `.toml` file.
    #[arg(value_name = "TREATY")]
    pub treaty: String,
    /// The event's number, as `event list` shows it.
    #[arg(value_name = "N")]
    pub number: usize,
    /// The event's key, like `note` or `date`.
    #[arg(value_name = "KEY")]
    pub key: String,
    /// The value, as for `set`.
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `treatyline event add`.
#[derive(Debug, Args)]
pub struct EventAddArgs {
    /// The treaty: an id in the dataset or a path to a `.toml` file.
    #[arg(value_name = "TREATY")]
    pub treaty: String,
    /// What happened: renewed, extended, notice, withdrawn, joined, deposited, succeeded, postponed, terminated, expired, suspended, resumed, amended, note.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::EVENT_KINDS))]
    pub kind: String,
    /// When it happened; for a notice, the day it was received (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = crate::values::date_text, allow_hyphen_values = true)]
    pub date: String,
    /// The party concerned (one of the treaty's parties).
    #[arg(long)]
    pub party: Option<String>,
    /// `succeeded`: the party whose membership `--party` continues (v2).
    #[arg(long)]
    pub predecessor: Option<String>,
    /// For a notice: what it does.
    #[arg(long, value_parser = ["non-renewal", "withdrawal"])]
    pub effect: Option<String>,
    /// For an extension: the first day no longer in force.
    #[arg(long, value_name = "DATE", value_parser = crate::values::date_text, allow_hyphen_values = true)]
    pub expires: Option<String>,
    /// For an extension: the last day in force.
    #[arg(long, value_name = "DATE", value_parser = crate::values::date_text, allow_hyphen_values = true)]
    pub last_day: Option<String>,
    /// For a renewal or an extension: its length, like `20y`.
    #[arg(long, value_name = "LENGTH", value_parser = crate::values::length_text)]
    pub length: Option<String>,
    /// For a renewal: the day it took effect; for a withdrawal notice: the day it names.
    #[arg(long, value_name = "DATE", value_parser = crate::values::date_text, allow_hyphen_values = true)]
    pub effective: Option<String>,
    /// For a notice: the day it was revoked.
    #[arg(long, value_name = "DATE", value_parser = crate::values::date_text, allow_hyphen_values = true)]
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
    #[arg(long, value_name = "DATE", value_parser = crate::values::date_text, allow_hyphen_values = true)]
    pub date: String,
    /// The renewal's length [default: the renewal clause's].
    #[arg(long, value_name = "LENGTH", value_parser = crate::values::length_text)]
    pub length: Option<String>,
    /// The day the renewal took effect, when it is not the boundary.
    #[arg(long, value_name = "DATE", value_parser = crate::values::date_text, allow_hyphen_values = true)]
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
    /// The value, as TOML (`'["a,b", "c"]'`, `3`, `1961-07-11`) or else as text (`6m`); a list key given text gets one item.
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,
    /// Add the value's items to the list instead of replacing it.
    #[arg(long)]
    pub append: bool,
    /// How the write happens.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `treatyline unset`.
#[derive(Debug, Args)]
pub struct UnsetArgs {
    /// The treaty: an id in the dataset or a path to a `.toml` file.
    #[arg(value_name = "TREATY")]
    pub treaty: String,
    /// A dotted key, like `renewal.max`, or a table, like `withdrawal` or `event.2`.
    #[arg(value_name = "KEY")]
    pub key: String,
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
    /// Only treaties with this tag (repeatable: any of them).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only treaties this party is a party to, by name, case-insensitive (repeatable).
    #[arg(long, value_name = "PARTY")]
    pub party: Vec<String>,
    /// Only treaties in this state today (repeatable: any of them).
    #[arg(long, value_enum, value_name = "STATE")]
    pub state: Vec<crate::select::StateFilter>,
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
