//! What each command does: resolve the treaties, project them, render.
//!
//! Everything that touches the outside world (the clock, the terminal, the
//! environment) is read here, once, and passed down as values.

use std::io::{self, IsTerminal, Write};

use chrono::NaiveDate;

use crate::cli::{
    CheckFormat, Cli, ColorWhen, Command, Day, DayArgs, EditingArgs, EventCommand, ProjectFormat,
    ProjectionArgs, ReportFormat, Selection, TableFormat, UpcomingFormat,
};
use crate::dataset::{self, Dataset, Loaded, looks_like_path};
use crate::diag::FileReport;
use crate::engine::{self, Horizon, calendar};
use crate::model::load;
pub use crate::outcome::Outcome;
use crate::publishers;
use crate::render::{self, Context, Projected, Render, count};

/// The terminal the output goes to.
#[derive(Clone, Copy, Debug)]
struct Terminal {
    color_out: bool,
    color_err: bool,
    width: usize,
}

fn terminal(when: ColorWhen) -> Terminal {
    // `--color auto`: NO_COLOR (any non-empty value) wins, then
    // CLICOLOR_FORCE (non-empty, not "0") forces colour even into a pipe,
    // which is what it is for; else colour only on a terminal that supports
    // it (anstream reads TERM and CLICOLOR). See docs/decisions.md.
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let no_color = var("NO_COLOR").is_some();
    let force = var("CLICOLOR_FORCE").is_some_and(|v| v != "0");
    let choice = |tty: bool, auto: anstream::ColorChoice| match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => !no_color && (force || (tty && auto != anstream::ColorChoice::Never)),
    };
    let out = io::stdout();
    let err = io::stderr();
    let color_out = choice(out.is_terminal(), anstream::AutoStream::choice(&out));
    let color_err = choice(err.is_terminal(), anstream::AutoStream::choice(&err));
    Terminal {
        color_out,
        color_err,
        width: width(),
    }
}

/// The width to fit: `COLUMNS` when set, else the terminal's, else 80 (a
/// pipe or a file). The binary wraps `--help` to it too.
pub fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
        .or_else(|| {
            io::stdout()
                .is_terminal()
                .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .flatten()
        })
        .unwrap_or(80)
        .clamp(40, 1000)
}

/// A day from the command line as a date, or a usage error naming the flag.
fn day(flag: &str, value: Option<Day>, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    match value {
        None => Ok(None),
        Some(v) => v.resolve(today).map(Some).ok_or_else(|| {
            format!("invalid value for '{flag}': it falls outside 0001-01-01..=9999-12-31")
        }),
    }
}

/// Today and the horizon from `--today` and `--until`.
fn horizon_of(args: &DayArgs) -> Result<Horizon, String> {
    let clock = crate::clock::system_today();
    let today = day("--today <DATE>", args.today, clock)?.unwrap_or(clock);
    let mut horizon = Horizon::from_today(today);
    if let Some(until) = day("--until <DATE>", args.until, today)? {
        horizon.until = until;
    }
    Ok(horizon)
}

fn usage(message: &str, term: Terminal) -> io::Result<Outcome> {
    let head = render::paint(
        term.color_err,
        anstyle::AnsiColor::Red.on_default().bold(),
        "error:",
    );
    writeln!(io::stderr(), "{head} {message}")?;
    Ok(Outcome::Usage)
}

/// The spec's common flags written before the command (`treatyline
/// --today D status`, hidden from the help) moved onto the command. There,
/// as anywhere, a flag wins over its environment variable, which the
/// command's own flag read when it was not given.
fn before_the_command(cli: &mut Cli) {
    let from_env = std::env::var("TREATYLINE_TODAY")
        .ok()
        .and_then(|v| crate::values::parse_day(&v).ok());
    let data_env = std::env::var_os("TREATYLINE_DATA").map(std::path::PathBuf::from);
    let (top_today, top_until, top_color, top_data) =
        (cli.today, cli.until, cli.color, cli.data.clone());
    let today = |own: Option<Day>| match (top_today, own) {
        (Some(top), own) if own.is_none() || own == from_env => Some(top),
        (_, own) => own,
    };
    let color = |own: ColorWhen| match (top_color, own) {
        (Some(top), ColorWhen::Auto) => top,
        (_, own) => own,
    };
    let data = |own: &mut Option<std::path::PathBuf>| {
        if top_data.is_some() && (own.is_none() || *own == data_env) {
            own.clone_from(&top_data);
        }
    };
    match &mut cli.command {
        Command::List { common, .. }
        | Command::Timeline { common, .. }
        | Command::Project { common, .. }
        | Command::Status { common, .. }
        | Command::Upcoming { common, .. }
        | Command::Explain { common, .. }
        | Command::Report { common, .. } => {
            common.day.today = today(common.day.today);
            common.day.until = common.day.until.or(top_until);
            common.color.color = color(common.color.color);
            data(&mut common.data.data);
        }
        Command::Check {
            day,
            color: own,
            data: own_data,
            ..
        } => {
            day.today = today(day.today);
            day.until = day.until.or(top_until);
            own.color = color(own.color);
            data(&mut own_data.data);
        }
        Command::New { common, .. }
        | Command::Event(EventCommand::Add { common, .. })
        | Command::Renew { common, .. }
        | Command::Event(EventCommand::List { common, .. })
        | Command::Event(EventCommand::Rm { common, .. })
        | Command::Event(EventCommand::Set { common, .. })
        | Command::Unset { common, .. }
        | Command::Set { common, .. }
        | Command::Edit { common, .. }
        | Command::Fmt { common, .. } => {
            common.color.color = color(common.color.color);
            data(&mut common.data.data);
        }
        Command::Completions { .. } | Command::Man { .. } | Command::Schema => {}
    }
}

/// Runs a parsed command line, writing to stdout and stderr.
///
/// # Errors
///
/// Only I/O errors writing the output (a closed pipe among them, which the
/// binary treats as a clean exit).
pub fn run(mut cli: Cli) -> io::Result<Outcome> {
    before_the_command(&mut cli);
    let top_data = cli.data.clone();
    // The editing commands ask before writing an event dated after today:
    // `--today` before the command (or TREATYLINE_TODAY) sets the day.
    let clock = crate::clock::system_today();
    let top_today = cli
        .today
        .or_else(|| {
            std::env::var("TREATYLINE_TODAY")
                .ok()
                .and_then(|v| crate::values::parse_day(&v).ok())
        })
        .and_then(|d| d.resolve(clock))
        .unwrap_or(clock);
    match cli.command {
        Command::Completions { shell, dynamic } => {
            let mut out = io::stdout().lock();
            crate::tooling::completions(shell, dynamic, &mut out)?;
            Ok(Outcome::Success)
        }
        Command::Man { dir } => {
            let mut out = io::stdout().lock();
            crate::tooling::man(dir.as_deref(), &mut out)?;
            Ok(Outcome::Success)
        }
        Command::Schema => {
            let mut out = io::stdout().lock();
            crate::tooling::schema(&mut out)?;
            Ok(Outcome::Success)
        }
        Command::New { args, common } => {
            let create = args.create_data;
            edit_in(&common, top_data, top_today, create, |s, out| {
                crate::edit::new(s, &args, out)
            })
        }
        Command::Event(EventCommand::Add { args, common }) => {
            edit(&common, top_data, top_today, |s, out| {
                crate::edit::event_add(s, &args, out)
            })
        }
        Command::Event(EventCommand::List { args, common }) => {
            edit(&common, top_data, top_today, |s, out| {
                crate::edit::event_list(s, &args, out)
            })
        }
        Command::Event(EventCommand::Rm { args, common }) => {
            edit(&common, top_data, top_today, |s, out| {
                crate::edit::event_rm(s, &args, out)
            })
        }
        Command::Event(EventCommand::Set { args, common }) => {
            edit(&common, top_data, top_today, |s, out| {
                crate::edit::event_set(s, &args, out)
            })
        }
        Command::Unset { args, common } => edit(&common, top_data, top_today, |s, out| {
            crate::edit::unset(s, &args, out)
        }),
        Command::Renew { args, common } => edit(&common, top_data, top_today, |s, out| {
            crate::edit::renew(s, &args, out)
        }),
        Command::Set { args, common } => edit(&common, top_data, top_today, |s, out| {
            crate::edit::set(s, &args, out)
        }),
        Command::Edit { args, common } => edit(&common, top_data, top_today, |s, out| {
            crate::edit::edit(s, &args, out)
        }),
        Command::Fmt { args, common } => edit(&common, top_data, top_today, |s, out| {
            crate::edit::fmt(s, &args, out)
        }),
        Command::Check {
            select,
            deny_warnings,
            verbose,
            format,
            day: days,
            data,
            color,
        } => {
            let term = terminal(color.color);
            let horizon = match horizon_of(&days) {
                Ok(h) => h,
                Err(e) => return usage(&e, term),
            };
            let data = data.data.or(top_data);
            if let Some(outcome) = missing_data(data.as_deref(), false, term)? {
                return Ok(outcome);
            }
            let dataset = Dataset::choose(data);
            let run = Run::new(&dataset, term, &[], &select);
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let outcome = run.check(
                &horizon,
                CheckOptions {
                    deny_warnings,
                    verbose,
                    format,
                },
                &mut out,
            )?;
            out.flush()?;
            Ok(outcome)
        }
        command => read_only(command, top_data),
    }
}

/// An editing command: the dataset and the terminal, then the edit.
fn edit(
    common: &EditingArgs,
    top_data: Option<std::path::PathBuf>,
    today: NaiveDate,
    f: impl FnOnce(&crate::edit::Session<'_>, &mut dyn Write) -> io::Result<Outcome>,
) -> io::Result<Outcome> {
    edit_in(common, top_data, today, false, f)
}

/// [`edit`], where `create` (`new --create-data`) lets the dataset folder
/// not exist yet.
fn edit_in(
    common: &EditingArgs,
    top_data: Option<std::path::PathBuf>,
    today: NaiveDate,
    create: bool,
    f: impl FnOnce(&crate::edit::Session<'_>, &mut dyn Write) -> io::Result<Outcome>,
) -> io::Result<Outcome> {
    let term = terminal(common.color.color);
    let data = common.data.data.clone().or(top_data);
    if let Some(outcome) = missing_data(data.as_deref(), create, term)? {
        return Ok(outcome);
    }
    let dataset = Dataset::choose(data);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = f(&editing(&dataset, term, today), &mut out)?;
    out.flush()?;
    Ok(outcome)
}

/// The commands that project treaties and render them: the flags they share
/// are resolved here (today, the horizon, the dataset, the assumptions,
/// the selection), then each command is one method of [`Reading`].
fn read_only(command: Command, top_data: Option<std::path::PathBuf>) -> io::Result<Outcome> {
    let common: &ProjectionArgs = match &command {
        Command::List { common, .. }
        | Command::Timeline { common, .. }
        | Command::Project { common, .. }
        | Command::Status { common, .. }
        | Command::Upcoming { common, .. }
        | Command::Explain { common, .. }
        | Command::Report { common, .. } => common,
        _ => return Ok(Outcome::Usage),
    };
    let term = terminal(common.color.color);
    let horizon = match horizon_of(&common.day) {
        Ok(h) => h,
        Err(e) => return usage(&e, term),
    };
    let data = common.data.data.clone().or(top_data);
    if let Some(outcome) = missing_data(data.as_deref(), false, term)? {
        return Ok(outcome);
    }
    let dataset = Dataset::choose(data);
    let mut assumptions = Vec::new();
    for text in &common.assume.assume {
        match load::parse_assumption(text) {
            Ok(a) => assumptions.push(a),
            Err(diagnostics) => {
                report(&[assumption_report(text, diagnostics)], term)?;
                return Ok(Outcome::Failure);
            }
        }
    }
    let explain_args;
    let select: &Selection = match &command {
        Command::List { select, .. }
        | Command::Timeline { select, .. }
        | Command::Project { select, .. }
        | Command::Status { select, .. }
        | Command::Upcoming { select, .. }
        | Command::Report { select, .. } => select,
        Command::Explain {
            treaty,
            reading,
            party,
            ..
        } => {
            explain_args = Selection {
                treaties: vec![treaty.clone()],
                party: party.iter().cloned().collect(),
                reading: reading.clone(),
                ..Selection::default()
            };
            &explain_args
        }
        _ => return Ok(Outcome::Usage),
    };
    // `--party` takes any of a party's names in the dataset's parties list
    // (`parties.toml`): each becomes the listed name the files use.
    let with_listed_parties;
    let select: &Selection = if select.party.is_empty() {
        select
    } else {
        let list = parties_for(&dataset, select);
        with_listed_parties = Selection {
            party: crate::parties::resolve_all(&list, &select.party),
            ..select.clone()
        };
        &with_listed_parties
    };
    let mut reading = Reading {
        run: Run::new(&dataset, term, &assumptions, select),
        cx: Context {
            horizon,
            color: term.color_out,
            width: term.width,
            caveats: false,
            // The reports name each source's publisher (Markdown, HTML).
            publishers: match &command {
                Command::Report { .. } => report_publishers(&dataset, select),
                _ => None,
            },
            // Leaked once per run, like the publishers: where a party's
            // name does not fit, a renderer may show a shorter other name.
            parties: match &command {
                Command::Timeline { members: true, .. } | Command::Report { .. } => {
                    Some(parties_for(&dataset, select))
                        .filter(|l| !l.is_empty())
                        .map(|l| &*Box::leak(Box::new(l)))
                }
                _ => None,
            },
        },
        term,
        until: common.day.until,
    };
    // JSON keeps the treaties' texts as they are (escaped); every other
    // output shows their control characters (see render::visible).
    reading.run.visible = !matches!(
        &command,
        Command::List {
            format: TableFormat::Json,
            ..
        } | Command::Project {
            format: ProjectFormat::Json,
            ..
        } | Command::Status {
            format: TableFormat::Json,
            ..
        } | Command::Upcoming {
            format: UpcomingFormat::Json,
            ..
        } | Command::Report {
            format: Some(ReportFormat::Json),
            ..
        }
    );
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = match &command {
        Command::List { format, .. } => reading.list(*format, &mut out)?,
        Command::Timeline {
            from,
            to,
            caveats,
            members,
            ..
        } => reading.timeline(*from, *to, *members, caveats.caveats, &mut out)?,
        Command::Project {
            format, caveats, ..
        } => reading.project(*format, caveats.caveats, &mut out)?,
        Command::Status {
            on,
            format,
            caveats,
            ..
        } => reading.status(*on, *format, caveats.caveats, &mut out)?,
        Command::Upcoming {
            within,
            from,
            format,
            caveats,
            readings,
            ..
        } => reading.upcoming(
            within,
            *from,
            *format,
            UpcomingOptions {
                caveats: caveats.caveats,
                readings: *readings,
            },
            &mut out,
        )?,
        Command::Explain { on, .. } => reading.explain(*on, &mut out)?,
        Command::Report {
            format,
            output,
            remind,
            readings,
            ..
        } => reading.report(*format, output.as_deref(), remind, *readings, &mut out)?,
        _ => Outcome::Usage,
    };
    out.flush()?;
    Ok(outcome)
}

/// `upcoming`'s switches.
#[derive(Clone, Copy, Debug)]
struct UpcomingOptions {
    caveats: bool,
    readings: bool,
}

/// A read-only command's resolved flags: where the treaties come from and
/// which, and the context every renderer gets.
struct Reading<'a> {
    run: Run<'a>,
    cx: Context,
    term: Terminal,
    /// `--until` as given, for `status --on`, whose horizon follows its day.
    until: Option<Day>,
}

impl Reading<'_> {
    fn today(&self) -> NaiveDate {
        self.cx.horizon.today
    }

    /// A day flag as a date, or the usage error to report.
    fn day(&self, flag: &str, value: Option<Day>) -> Result<Option<NaiveDate>, String> {
        day(flag, value, self.today())
    }

    fn list(&self, format: TableFormat, out: &mut dyn Write) -> io::Result<Outcome> {
        let format = match format {
            TableFormat::Text => render::list::ListFormat::Text,
            TableFormat::Json => render::list::ListFormat::Json,
            TableFormat::Csv => render::list::ListFormat::Csv,
        };
        let cx = self.cx;
        self.run.projected(&cx.horizon, |items| {
            render::list::List { format }.render(items, &cx, out)
        })
    }

    fn timeline(
        &mut self,
        from: Option<Day>,
        to: Option<Day>,
        members: bool,
        caveats: bool,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        let (from, to) = match (self.day("--from <DATE>", from), self.day("--to <DATE>", to)) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => return usage(&e, self.term),
        };
        if let (Some(f), Some(t)) = (from, to)
            && f >= t
        {
            return usage(&format!("--from {f} is not before --to {t}"), self.term);
        }
        // The chart reaches to --to: project that far.
        if let Some(t) = to {
            self.cx.horizon.until = self.cx.horizon.until.max(t);
        }
        self.cx.caveats = caveats;
        let cx = self.cx;
        let timeline = render::timeline::Timeline { from, to, members };
        self.run
            .projected(&cx.horizon, |items| timeline.render(items, &cx, out))
    }

    fn project(
        &mut self,
        format: ProjectFormat,
        caveats: bool,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        self.cx.caveats = caveats;
        let cx = self.cx;
        if format == ProjectFormat::Json {
            // Streamed: the projections of a large dataset are never all in
            // memory, nor is the document. Each treaty is printed on a
            // worker; the main thread only writes the bytes, in order.
            let mut stream = render::json::JsonStream::new(out);
            let outcome =
                self.run
                    .projected_each(&cx.horizon, render::json::treaty_bytes, &mut |bytes| {
                        stream.push_bytes(&bytes)
                    })?;
            if outcome == Outcome::Success {
                stream.finish()?;
            }
            return Ok(outcome);
        }
        self.run.projected(&cx.horizon, |items| match format {
            ProjectFormat::Text => render::text::Text.render(items, &cx, out),
            ProjectFormat::Json => render::json::Json.render(items, &cx, out),
            ProjectFormat::Csv => render::csv::Csv.render(items, &cx, out),
        })
    }

    fn status(
        &mut self,
        on: Option<Day>,
        format: TableFormat,
        caveats: bool,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        match self.day("--on <DATE>", on) {
            Err(e) => return usage(&e, self.term),
            Ok(None) => {}
            Ok(Some(on)) => {
                // The day asked about is "today" for this command, and the
                // default horizon follows it, so `--on D` answers exactly as
                // `--today D` would.
                let mut h = Horizon::from_today(on);
                if let Ok(Some(until)) = self.day("--until <DATE>", self.until) {
                    h.until = until;
                }
                self.cx.horizon = h;
            }
        }
        self.cx.caveats = caveats;
        let cx = self.cx;
        self.run.projected(&cx.horizon, |items| match format {
            TableFormat::Text => render::status::StatusText.render(items, &cx, out),
            TableFormat::Json => render::status::StatusJson.render(items, &cx, out),
            TableFormat::Csv => render::status::StatusCsv.render(items, &cx, out),
        })
    }

    fn upcoming(
        &mut self,
        within: &crate::Length,
        from: Option<Day>,
        format: UpcomingFormat,
        options: UpcomingOptions,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        let UpcomingOptions { caveats, readings } = options;
        let from = match self.day("--from <DATE>", from) {
            Ok(f) => f.unwrap_or(self.today()),
            Err(e) => return usage(&e, self.term),
        };
        let to = calendar::add(from, within).unwrap_or(calendar::MAX_DATE);
        self.run.window_end = Some(to);
        self.cx.caveats = caveats;
        let cx = self.cx;
        let window = render::upcoming::Window { from, to, readings };
        let layout = match format {
            UpcomingFormat::Text => render::upcoming::Layout::Text,
            UpcomingFormat::Json => render::upcoming::Layout::Json,
            UpcomingFormat::Csv => render::upcoming::Layout::Csv,
            UpcomingFormat::Ics => {
                let ics = render::ics::Ics {
                    window: Some((from, to)),
                    readings,
                    ..render::ics::Ics::default()
                };
                return self
                    .run
                    .projected(&cx.horizon, |items| ics.render(items, &cx, out));
            }
        };
        let report = render::upcoming::UpcomingReport { window, layout };
        self.run
            .upcoming(&cx.horizon, window, |all| report.write(all, &cx, out))
    }

    fn explain(&mut self, on: Option<Day>, out: &mut dyn Write) -> io::Result<Outcome> {
        let only = match self.day("--on <DATE>", on) {
            Ok(d) => d,
            Err(e) => return usage(&e, self.term),
        };
        self.cx.caveats = true;
        let cx = self.cx;
        self.run.projected(&cx.horizon, |items| {
            render::explain::Explain { only }.render(items, &cx, out)
        })
    }

    fn report(
        &self,
        format: Option<ReportFormat>,
        output: Option<&std::path::Path>,
        remind: &[render::ics::Reminder],
        readings: bool,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        let format = match report_format(format, output) {
            Ok(f) => f,
            Err(e) => return usage(&e, self.term),
        };
        let ics = render::ics::Ics {
            window: None,
            reminders: remind.to_vec(),
            readings,
        };
        let r: &dyn Render = match format {
            ReportFormat::Md => &render::markdown::Markdown,
            ReportFormat::Html => &render::html::Html,
            ReportFormat::Svg => &render::svg::Svg,
            ReportFormat::Ics => &ics,
            ReportFormat::Json => &render::json::Json,
            ReportFormat::Csv => &render::csv::Csv,
            ReportFormat::Mermaid => &render::mermaid::Mermaid,
        };
        // Rendered whole before anything is written, so that invalid data
        // leaves an existing --output file untouched.
        let cx = self.cx;
        let mut buf = Vec::new();
        let outcome = self
            .run
            .projected(&cx.horizon, |items| r.render(items, &cx, &mut buf))?;
        match output {
            _ if outcome != Outcome::Success => Ok(outcome),
            None => {
                out.write_all(&buf)?;
                Ok(outcome)
            }
            Some(path) if path.as_os_str() == "-" => {
                out.write_all(&buf)?;
                Ok(outcome)
            }
            Some(path) => match write_report(path, &buf) {
                Ok(()) => Ok(outcome),
                Err(e) => {
                    let name = path.display().to_string();
                    writeln!(
                        io::stderr(),
                        "error: cannot write {}: {}",
                        render::visible::one_line(&name),
                        render::visible::one_line(&report_error(path, &e))
                    )?;
                    Ok(Outcome::Failure)
                }
            },
        }
    }
}

/// The report format: `--format` if given, else the one `--output`'s
/// extension names, else (to standard output) Markdown. A `--format` that
/// contradicts the extension, or an `--output` whose extension names no
/// format and no `--format`, is refused rather than writing, say, Markdown
/// into `x.html`.
fn report_format(
    format: Option<ReportFormat>,
    output: Option<&std::path::Path>,
) -> Result<ReportFormat, String> {
    let by_extension = output.and_then(|p| {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        Some((
            match ext.as_str() {
                "md" | "markdown" => ReportFormat::Md,
                "html" | "htm" => ReportFormat::Html,
                "svg" => ReportFormat::Svg,
                "ics" => ReportFormat::Ics,
                "json" => ReportFormat::Json,
                "csv" => ReportFormat::Csv,
                "mmd" | "mermaid" => ReportFormat::Mermaid,
                _ => return None,
            },
            ext,
        ))
    });
    let name = |f: ReportFormat| {
        clap::ValueEnum::to_possible_value(&f).map_or_else(String::new, |v| v.get_name().to_owned())
    };
    match (format, by_extension) {
        (Some(f), Some((e, ext))) if f != e => Err(format!(
            "--format {} contradicts the extension of --output (.{ext} is {}): drop --format, or name the file .{}",
            name(f),
            name(e),
            extension_of(f)
        )),
        (Some(f), _) => Ok(f),
        (None, Some((e, _))) => Ok(e),
        // A file whose name says no format gets none guessed for it.
        (None, None) => match output {
            Some(p) => Err(format!(
                "--output {}: the file name does not say which format to write; end it in .md, .html, .svg, .ics, .json, .csv or .mmd, or add --format",
                p.display()
            )),
            None => Ok(ReportFormat::Md),
        },
    }
}

/// The usual extension of a report format.
fn extension_of(f: ReportFormat) -> &'static str {
    match f {
        ReportFormat::Md => "md",
        ReportFormat::Html => "html",
        ReportFormat::Svg => "svg",
        ReportFormat::Ics => "ics",
        ReportFormat::Json => "json",
        ReportFormat::Csv => "csv",
        ReportFormat::Mermaid => "mmd",
    }
}

/// Why a report could not be written, in the user's terms (the temporary
/// file beside it is an implementation detail).
fn report_error(path: &std::path::Path, e: &io::Error) -> String {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !parent.is_dir() {
        return format!(
            "the folder {} does not exist (create it first: mkdir -p {})",
            parent.display(),
            parent.display()
        );
    }
    match e.kind() {
        io::ErrorKind::PermissionDenied => format!("permission denied in {}", parent.display()),
        _ if path.is_dir() => "it is a folder; name a file, like report.html".to_owned(),
        _ => {
            // The OS message, without any temporary file name in it.
            let text = e.to_string();
            match text.find(" at path ") {
                Some(i) => text.get(..i).unwrap_or(&text).to_owned(),
                None => text,
            }
        }
    }
}

/// Writes a report file so that a reader never sees half of it: the bytes
/// go to a temporary file in the same folder (a rename is atomic only within
/// one file system), which is flushed and then renamed over `path`, keeping
/// an existing file's permissions (the same path every edit takes).
/// Writes `--output PATH`.
///
/// - `-` is standard output (written by the caller, not here).
/// - A symbolic link is written through: its target is replaced
///   atomically and the link stays a link (as edits do); a link to nothing
///   is refused.
/// - A regular file, or a path where nothing is yet, is written atomically
///   (a temporary file in the same folder, flushed, then renamed over it),
///   keeping an existing file's permissions, owner and group.
/// - Anything else (`/dev/null`, `/dev/stdout`, a FIFO, a terminal) is
///   opened and written directly: renaming over it would replace the device
///   by a plain file.
fn write_report(path: &std::path::Path, bytes: &[u8]) -> io::Result<()> {
    use crate::edit::atomic::{Replace, write};
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("it is a symbolic link whose target cannot be resolved ({e}); it was left as it is"),
            )
        })?,
        _ => path.to_path_buf(),
    };
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => write(&path, bytes, Replace::Existing),
        Ok(m) if m.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder; name a file",
        )),
        Ok(_) => {
            let mut file = std::fs::OpenOptions::new().write(true).open(&path)?;
            file.write_all(bytes)?;
            file.flush()
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => write(&path, bytes, Replace::New),
        Err(e) => Err(e),
    }
}

/// Whether `e` is, or wraps (a CSV writer's error, say), a closed pipe:
/// `treatyline project --format csv | head -1` is a reader that left, not a
/// failure.
pub fn is_broken_pipe(e: &io::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        // The csv crate's error does not expose its cause as a `source`.
        if let Some(::csv::ErrorKind::Io(io)) = c.downcast_ref::<::csv::Error>().map(|e| e.kind())
            && io.kind() == io::ErrorKind::BrokenPipe
        {
            return true;
        }
        cause = c
            .downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
            .map(|inner| inner as &(dyn std::error::Error + 'static))
            .or_else(|| c.source());
    }
    false
}

fn assumption_report(text: &str, diagnostics: Vec<crate::diag::Diagnostic>) -> FileReport {
    FileReport {
        file: "--assume".to_owned(),
        text: text.to_owned(),
        diagnostics,
    }
}

/// What every command shares: where treaties come from, the terminal, the
/// assumptions.
struct Run<'a> {
    dataset: &'a Dataset,
    term: Terminal,
    assumptions: &'a [load::Assumption],
    /// Which treaties.
    select: &'a Selection,
    /// For `upcoming`: the last day of the window, which each treaty's
    /// horizon must reach far enough to list every deadline in it.
    window_end: Option<NaiveDate>,
    /// Whether the treaties' texts get their control characters shown
    /// (every output but JSON, which escapes them).
    visible: bool,
}

impl<'a> Run<'a> {
    fn new(
        dataset: &'a Dataset,
        term: Terminal,
        assumptions: &'a [load::Assumption],
        select: &'a Selection,
    ) -> Self {
        Run {
            dataset,
            term,
            assumptions,
            select,
            window_end: None,
            visible: true,
        }
    }

    /// Whether `--state` keeps a projected treaty.
    fn keeps(&self, p: &engine::Projection) -> bool {
        crate::select::in_state(p, &self.select.state)
    }

    /// The selected treaties, loaded, or the problems that stop the command.
    fn load(&self) -> (Vec<Loaded>, Vec<FileReport>) {
        let (mut loaded, mut problems) = resolve(self.dataset, self.select);
        loaded.retain(|l| selected(self.select, &l.treaty));
        if let Some(name) = &self.select.reading {
            apply_reading(&mut loaded, name, &mut problems);
        }
        if self.visible {
            for l in &mut loaded {
                if let Some(t) = render::visible::treaty(&l.treaty) {
                    l.treaty = t;
                }
            }
        }
        (loaded, problems)
    }

    /// [`Run::load`] for `check`: each treaty also audited on `horizon`
    /// as it loads, from the projection that validates it (one projection
    /// per treaty, not two). Beside each treaty, its warnings, or `None`
    /// when they are still to be found: the treaty shown is not the one
    /// loaded (`--reading`, control characters made visible), or it does
    /// not project on `horizon`.
    fn load_audited(
        &self,
        horizon: &Horizon,
    ) -> (
        Vec<Loaded>,
        Vec<Option<Vec<crate::diag::Diagnostic>>>,
        Vec<FileReport>,
    ) {
        if self.select.reading.is_some() {
            let (loaded, problems) = self.load();
            let audits = loaded.iter().map(|_| None).collect();
            return (loaded, audits, problems);
        }
        let keep = |t: &crate::model::Treaty, p: &engine::Projection| {
            engine::audit::audit_projected(t, p, horizon)
        };
        let then = dataset::Then {
            horizon: *horizon,
            keep: &keep,
        };
        let (mut loaded, mut audits, problems) = resolve_then(self.dataset, self.select, &then);
        let keep: Vec<bool> = loaded
            .iter()
            .map(|l| selected(self.select, &l.treaty))
            .collect();
        retain_both(&mut loaded, &mut audits, &keep);
        if self.visible {
            for (l, audit) in loaded.iter_mut().zip(&mut audits) {
                if let Some(t) = render::visible::treaty(&l.treaty) {
                    l.treaty = t;
                    *audit = None;
                }
            }
        }
        (loaded, audits, problems)
    }

    /// One treaty's projection, focused on the party when exactly one
    /// `--party` is given (v2 section M: only what concerns it).
    fn project(
        &self,
        treaty: &crate::model::Treaty,
        horizon: &Horizon,
    ) -> Result<engine::Projection, Vec<crate::diag::Diagnostic>> {
        let mut p = engine::project(treaty, horizon)?;
        if let [party] = self.select.party.as_slice()
            && let Some(spelt) = treaty
                .parties
                .iter()
                .find(|x| x.to_lowercase() == party.to_lowercase())
        {
            p.focus_on(spelt);
        }
        Ok(p)
    }
    /// The horizon to project `treaty` over.
    fn horizon(&self, base: &Horizon, treaty: &crate::model::Treaty) -> Horizon {
        match self.window_end {
            Some(to) => engine::upcoming::horizon_for(treaty, base, to),
            None => *base,
        }
    }

    /// Loads the named treaties (or all), adds the assumptions, projects
    /// them and hands them to `render`; on invalid data, reports and renders
    /// nothing.
    fn projected(
        &self,
        horizon: &Horizon,
        render: impl FnOnce(&[Projected<'_>]) -> io::Result<()>,
    ) -> io::Result<Outcome> {
        let (loaded, problems) = self.load();
        if !problems.is_empty() {
            report(&problems, self.term)?;
            return Ok(Outcome::Failure);
        }
        // The treaties as assumed: each gets the assumptions that apply to it.
        let mut failed = Vec::new();
        // An assumption limited to a treaty that is not shown (a misspelt
        // id) would otherwise change nothing without a word.
        for a in self.assumptions {
            let Some(id) = &a.treaty else { continue };
            if loaded.iter().any(|l| l.treaty.id == *id) {
                continue;
            }
            let ids: Vec<&str> = loaded.iter().map(|l| l.treaty.id.as_str()).collect();
            let hint = load::did_you_mean(id, &ids)
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            failed.push(FileReport {
                file: "--assume".to_owned(),
                text: String::new(),
                diagnostics: vec![
                    crate::diag::Diagnostic::unplaced(format!(
                        "this assumption is for treaty `{id}`, which is not among the {} shown: {}",
                        count(loaded.len(), "treaty", "treaties"),
                        a.text
                    ))
                    .with_help(format!(
                        "{hint}check the id in `treaty = \"...\"`, or name that treaty on the command line"
                    )),
                ],
            });
        }
        // Boxed: without assumptions this is 100,000 `None`s, not 100,000
        // treaty-sized slots.
        let mut assumed: Vec<Option<Box<crate::model::Treaty>>> = Vec::with_capacity(loaded.len());
        // The treaties each assumption (by its text) does not fit.
        let mut invalid_for: std::collections::BTreeMap<&str, Vec<&str>> =
            std::collections::BTreeMap::new();
        for l in &loaded {
            let applying: Vec<&load::Assumption> = self
                .assumptions
                .iter()
                .filter(|a| a.applies_to(&l.treaty.id))
                .collect();
            if applying.is_empty() {
                assumed.push(None);
                continue;
            }
            let mut t = l.treaty.clone();
            for a in applying {
                match a.event_for(&t) {
                    Ok(e) => t.events.push(e),
                    Err(diagnostics) => {
                        let bad = invalid_for.entry(a.text.as_str()).or_default();
                        bad.push(l.treaty.id.as_str());
                        // One report per assumption: the first treaty it does not fit.
                        if bad.len() == 1 {
                            failed.push(FileReport {
                                file: format!("--assume (for {})", l.treaty.id),
                                text: a.text.clone(),
                                diagnostics,
                            });
                        }
                    }
                }
            }
            assumed.push(Some(Box::new(t)));
        }
        for (text, ids) in &invalid_for {
            let broad = self
                .assumptions
                .iter()
                .any(|a| a.text == *text && a.treaty.is_none());
            if broad && loaded.len() > 1 {
                let shown: Vec<&str> = ids.iter().take(5).copied().collect();
                let more = ids.len().saturating_sub(shown.len());
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                failed.push(FileReport {
                    file: "--assume".to_owned(),
                    text: String::new(),
                    diagnostics: vec![crate::diag::Diagnostic::unplaced(format!(
                        "this assumption applies to every selected treaty, and does not fit {} of them ({}{more})",
                        ids.len(),
                        shown.join(", ")
                    ))
                    .with_help("add `treaty = \"ID\"` to the inline table to apply it to one treaty, or name the treaty on the command line")],
                });
            }
        }
        let pairs: Vec<_> = loaded.iter().zip(&assumed).collect();
        let results = crate::par::map(
            &pairs,
            |(l, a)| {
                let baseline = self.project(&l.treaty, &self.horizon(horizon, &l.treaty));
                match (a, baseline) {
                    (None, b) => b.map(|p| (&l.treaty, p)),
                    (Some(t), Ok(b)) => self.project(t, &self.horizon(horizon, t)).map(|mut p| {
                        p.mark_changes_from(&b);
                        (&**t, p)
                    }),
                    (Some(_), Err(e)) => Err(e),
                }
            },
            || {
                Err(vec![crate::diag::Diagnostic::unplaced(
                    "internal error: a projection thread panicked".to_owned(),
                )])
            },
        );
        let mut items = Vec::with_capacity(loaded.len());
        for ((l, a), result) in pairs.iter().zip(results) {
            match result {
                Ok((treaty, projection)) => items.push(Projected { treaty, projection }),
                Err(diagnostics) => {
                    // With assumptions, the problem is most likely theirs.
                    let text = match a {
                        Some(_) => self
                            .assumptions
                            .iter()
                            .map(|x| x.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                        None => dataset::source_text(l),
                    };
                    let file = if a.is_some() {
                        format!("--assume (for {})", l.treaty.id)
                    } else {
                        l.file.clone()
                    };
                    failed.push(FileReport {
                        file,
                        text,
                        diagnostics,
                    });
                }
            }
        }
        if !failed.is_empty() {
            report(&failed, self.term)?;
            return Ok(Outcome::Failure);
        }
        items.retain(|i| self.keeps(&i.projection));
        if items.is_empty() && self.select.filters() {
            self.no_match()?;
        }
        for item in &mut items {
            if let Some(w) = render::limit_periods(
                item.treaty,
                &mut item.projection,
                horizon.today,
                render::MAX_LISTED_PERIODS,
            ) {
                writeln!(io::stderr(), "{w}")?;
            }
        }
        render(&items)?;
        Ok(Outcome::Success)
    }

    /// Says on stderr that the filters left no treaty (not an error: the
    /// output is empty, and exit 0, as for a search that finds nothing).
    fn no_match(&self) -> io::Result<()> {
        let mut filters = Vec::new();
        filters.extend(self.select.tag.iter().map(|t| format!("--tag {t}")));
        filters.extend(self.select.party.iter().map(|p| format!("--party {p:?}")));
        filters.extend(self.select.state.iter().map(|s| {
            let name = clap::ValueEnum::to_possible_value(s)
                .map_or_else(String::new, |v| v.get_name().to_owned());
            format!("--state {name}")
        }));
        // A name no list knows may be a slip for one it does.
        let list = parties_for(self.dataset, self.select);
        let hints: Vec<String> = self
            .select
            .party
            .iter()
            .filter(|p| list.canonical(p).is_none())
            .filter_map(|p| {
                list.suggest(p)
                    .map(|s| format!("did you mean --party {s:?}? "))
            })
            .collect();
        writeln!(
            io::stderr(),
            "note: no treaty matches {} ({}`treatyline list` shows each treaty's tags, parties and state)",
            filters.join(" "),
            hints.concat()
        )
    }

    /// Like [`Run::projected`], for a renderer that takes one treaty at a
    /// time: without assumptions, the treaties are projected in blocks and
    /// `prepare`d (rendered to bytes, say) on all cores, and each result is
    /// handed to `each` in order as soon as its block is done, so the
    /// projections of a large dataset are never all in memory.
    ///
    /// Loading already ran the engine on every treaty and the horizon
    /// changes no error, so once the dataset loads every treaty projects;
    /// were one not to (a bug), it is reported and the output stops there.
    fn projected_each<P: Send>(
        &self,
        horizon: &Horizon,
        prepare: impl Fn(&Projected<'_>) -> P + Sync,
        each: &mut dyn FnMut(P) -> io::Result<()>,
    ) -> io::Result<Outcome> {
        if !self.assumptions.is_empty() {
            return self.projected(horizon, |items| {
                items.iter().try_for_each(|item| each(prepare(item)))
            });
        }
        let (loaded, problems) = self.load();
        if !problems.is_empty() {
            report(&problems, self.term)?;
            return Ok(Outcome::Failure);
        }
        for block in loaded.chunks(4096) {
            let results = crate::par::map(
                block,
                |l| {
                    self.project(&l.treaty, &self.horizon(horizon, &l.treaty))
                        .map(|mut projection| {
                            self.keeps(&projection).then(|| {
                                let warning = render::limit_periods(
                                    &l.treaty,
                                    &mut projection,
                                    horizon.today,
                                    render::MAX_LISTED_PERIODS,
                                );
                                let prepared = prepare(&Projected {
                                    treaty: &l.treaty,
                                    projection,
                                });
                                (prepared, warning)
                            })
                        })
                },
                || {
                    Err(vec![crate::diag::Diagnostic::unplaced(
                        "internal error: a projection thread panicked".to_owned(),
                    )])
                },
            );
            for (l, result) in block.iter().zip(results) {
                match result {
                    Ok(Some((prepared, warning))) => {
                        if let Some(w) = warning {
                            writeln!(io::stderr(), "{w}")?;
                        }
                        each(prepared)?;
                    }
                    Ok(None) => {}
                    Err(diagnostics) => {
                        let failed = FileReport {
                            file: l.file.clone(),
                            text: dataset::source_text(l),
                            diagnostics,
                        };
                        report(&[failed], self.term)?;
                        return Ok(Outcome::Failure);
                    }
                }
            }
        }
        Ok(Outcome::Success)
    }

    /// `upcoming` without building every projection first: each treaty is
    /// projected on a worker and only its items in the window are kept, so
    /// the memory is that of the items, not of 100,000 projections. With
    /// assumptions, the general path ([`Run::projected`]).
    fn upcoming(
        &self,
        horizon: &Horizon,
        window: render::upcoming::Window,
        write: impl FnOnce(&[crate::engine::upcoming::Upcoming<'_>]) -> io::Result<()>,
    ) -> io::Result<Outcome> {
        if !self.assumptions.is_empty() {
            return self.projected(horizon, |items| {
                write(&render::upcoming::items(items, window))
            });
        }
        let (loaded, problems) = self.load();
        if !problems.is_empty() {
            report(&problems, self.term)?;
            return Ok(Outcome::Failure);
        }
        // By reference, so that the items may borrow the treaties.
        let treaties: Vec<&Loaded> = loaded.iter().collect();
        let per_treaty = crate::par::map(
            &treaties,
            |l| {
                let l: &Loaded = l;
                self.project(&l.treaty, &self.horizon(horizon, &l.treaty))
                    .map(|p| {
                        if !self.keeps(&p) {
                            return Vec::new();
                        }
                        let mut items = crate::engine::upcoming::upcoming(
                            &l.treaty,
                            &p,
                            window.from,
                            window.to,
                        );
                        if window.readings {
                            items.extend(crate::engine::upcoming::reading_items(
                                &l.treaty,
                                &p,
                                window.from,
                                window.to,
                            ));
                        }
                        items
                    })
            },
            || {
                Err(vec![crate::diag::Diagnostic::unplaced(
                    "internal error: a projection thread panicked".to_owned(),
                )])
            },
        );
        let mut all = Vec::new();
        let mut failed = Vec::new();
        for (l, result) in loaded.iter().zip(per_treaty) {
            match result {
                Ok(items) => all.extend(items),
                Err(diagnostics) => failed.push(FileReport {
                    file: l.file.clone(),
                    text: dataset::source_text(l),
                    diagnostics,
                }),
            }
        }
        if !failed.is_empty() {
            report(&failed, self.term)?;
            return Ok(Outcome::Failure);
        }
        crate::engine::upcoming::sort(&mut all);
        write(&all)?;
        Ok(Outcome::Success)
    }

    /// `check`: load, validate and audit; warnings fail only with
    /// `--deny-warnings`.
    fn check(
        &self,
        horizon: &Horizon,
        options: CheckOptions,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        let CheckOptions {
            deny_warnings,
            verbose,
            format,
        } = options;
        let (mut loaded, mut audits, mut problems) = self.load_audited(horizon);
        let refused = source_policy(&loaded, &mut problems);
        let mut leftovers = Vec::new();
        if self.select.treaties.is_empty() {
            for path in dataset::leftover_temporaries(self.dataset) {
                let name = path.display().to_string();
                leftovers.push(FileReport {
                    diagnostics: vec![crate::diag::Diagnostic {
                        severity: crate::diag::Severity::Warning,
                        ..crate::diag::Diagnostic::unplaced("a temporary file left by an interrupted write (a crash or kill -9 during an edit); it is not a treaty file")
                    }
                    .with_help("delete it once no treatyline command is running in this folder")],
                    file: name,
                    text: String::new(),
                });
            }
        }
        if !self.select.state.is_empty() {
            let keep: Vec<bool> = loaded
                .iter()
                .map(|l| engine::project(&l.treaty, horizon).is_ok_and(|p| self.keeps(&p)))
                .collect();
            retain_both(&mut loaded, &mut audits, &keep);
        }
        // The audits not made as the treaties loaded.
        if audits.iter().any(Option::is_none) {
            let todo: Vec<(&Loaded, bool)> = loaded
                .iter()
                .zip(&audits)
                .map(|(l, a)| (l, a.is_none()))
                .collect();
            let found = crate::par::map(
                &todo,
                |&(l, todo)| todo.then(|| engine::audit::audit(&l.treaty, horizon)),
                || Some(Vec::new()),
            );
            for (audit, found) in audits.iter_mut().zip(found) {
                if audit.is_none() {
                    *audit = found;
                }
            }
        }
        let audits = audits.into_iter().map(Option::unwrap_or_default);
        let mut warnings = leftovers;
        let mut allowed = 0usize;
        for (l, found) in loaded.iter().zip(audits) {
            // v2 section C: a file's `allow = [...]` acknowledges warning
            // codes; they are not reported (`--verbose` still shows them,
            // marked) and never fail the check.
            let (acknowledged, mut found): (Vec<_>, Vec<_>) = found.into_iter().partition(|d| {
                d.code
                    .is_some_and(|c| l.treaty.allow.iter().any(|a| a == c))
            });
            allowed += acknowledged.len();
            if verbose {
                found.extend(acknowledged.into_iter().map(|mut d| {
                    d.message = format!("{} (allowed in this file)", d.message);
                    d
                }));
                found.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            }
            if !found.is_empty() {
                warnings.push(FileReport {
                    file: l.file.clone(),
                    text: dataset::source_text(l),
                    diagnostics: found,
                });
            }
        }
        let errors = problems.iter().filter(|p| p.has_errors()).count();
        let warned: usize = warnings.iter().map(|w| w.diagnostics.len()).sum::<usize>()
            - if verbose { allowed } else { 0 };
        let valid = loaded.len().saturating_sub(refused);
        let failed = errors > 0 || (deny_warnings && warned > 0);
        if format == CheckFormat::Json {
            let files: Vec<&FileReport> = problems.iter().chain(&warnings).collect();
            crate::diag::write_json(out, &files, valid)?;
            return Ok(if failed {
                Outcome::Failure
            } else {
                Outcome::Success
            });
        }
        report(&problems, self.term)?;
        report(&warnings, self.term)?;
        let mut summary = format!(
            "{} valid, {} with errors, {}",
            count(valid, "treaty", "treaties"),
            count(errors, "file", "files"),
            count(warned, "warning", "warnings")
        );
        if allowed > 0 {
            summary.push_str(&format!(", {allowed} allowed"));
        }
        if failed {
            writeln!(io::stderr(), "error: {summary}")?;
            Ok(Outcome::Failure)
        } else {
            writeln!(out, "ok: {summary}")?;
            Ok(Outcome::Success)
        }
    }
}

/// A `--data` folder that does not exist (a typo) is an error for every
/// command, rather than reading nothing or, for `new`, silently creating the
/// misspelt folder; `new --create-data` makes one on purpose.
fn missing_data(
    dir: Option<&std::path::Path>,
    create: bool,
    term: Terminal,
) -> io::Result<Option<Outcome>> {
    let Some(dir) = dir.filter(|d| !d.is_dir()) else {
        return Ok(None);
    };
    if create && !dir.exists() {
        return Ok(None);
    }
    let name = dir.display().to_string();
    let what = if dir.exists() {
        "it is not a folder"
    } else {
        "it does not exist"
    };
    let problem = FileReport {
        file: name.clone(),
        text: String::new(),
        diagnostics: vec![
            crate::diag::Diagnostic::unplaced(format!(
                "cannot read the folder {name} given by --data (or TREATYLINE_DATA): {what}"
            ))
            .with_help(
                "check the path; to start a new dataset there, run `treatyline new ID --create-data ...`",
            ),
        ],
    };
    report(&[problem], term)?;
    Ok(Some(Outcome::Failure))
}

/// How `check` reports.
#[derive(Clone, Copy, Debug)]
struct CheckOptions {
    deny_warnings: bool,
    verbose: bool,
    format: CheckFormat,
}

/// The source policy: in a dataset with a publishers list, every source
/// must be of a listed publisher; in a dataset with a parties list, every
/// party name must be listed. Adds a report per file that breaks either
/// (and per list that does not load) to `problems`; returns how many
/// treaty files were refused.
fn source_policy(loaded: &[Loaded], problems: &mut Vec<FileReport>) -> usize {
    let mut resolver = publishers::Resolver::default();
    let mut party_lists = crate::parties::Resolver::default();
    let mut refused = Vec::new();
    for l in loaded {
        let sources = resolver.for_file(&l.file);
        let names = party_lists.for_file(&l.file);
        if sources.is_none() && names.is_none() {
            continue;
        }
        let text = dataset::source_text(l);
        let mut found = sources
            .map(|list| publishers::audit_sources(&text, &list.list, &list.name))
            .unwrap_or_default();
        if let Some(list) = names {
            found.extend(crate::parties::audit_parties(&text, &list.list, &list.name));
            found.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        }
        if !found.is_empty() {
            refused.push(FileReport {
                file: l.file.clone(),
                text,
                diagnostics: found,
            });
        }
    }
    let count = refused.len();
    problems.append(&mut resolver.problems);
    problems.append(&mut party_lists.problems);
    problems.append(&mut refused);
    count
}

/// The publishers the reports name: from the lists of the dataset and of
/// the folders of the files named by path. Leaked once per run (the
/// rendering context is `Copy`); a list that does not load is left out here
/// (`check` reports it).
fn report_publishers(
    dataset: &Dataset,
    args: &Selection,
) -> Option<&'static publishers::Publishers> {
    let mut resolver = publishers::Resolver::default();
    if args.treaties.is_empty() || args.treaties.iter().any(|a| !looks_like_path(a)) {
        resolver.of_dataset(dataset);
    }
    for path in args.treaties.iter().filter(|a| looks_like_path(a)) {
        let _ = resolver.for_file(path);
    }
    let merged = resolver.merged();
    (!merged.is_empty()).then(|| &*Box::leak(Box::new(merged)))
}

/// The parties lists of the dataset and of the files named by path,
/// merged (empty when there is none).
fn parties_for(dataset: &Dataset, args: &Selection) -> crate::parties::Parties {
    let paths: Vec<&str> = args
        .treaties
        .iter()
        .filter(|a| looks_like_path(a))
        .map(String::as_str)
        .collect();
    crate::parties::for_command(dataset, &paths)
}

/// The most files whose diagnostics are printed; past it, a count (a broken
/// dataset of thousands of files would otherwise bury the first problem).
const MAX_FILES_REPORTED: usize = 50;

fn report(problems: &[FileReport], term: Terminal) -> io::Result<()> {
    let mut err = io::stderr().lock();
    for p in problems.iter().take(MAX_FILES_REPORTED) {
        write!(err, "{}", p.render(term.color_err, term.width))?;
    }
    if let Some(more) = problems
        .len()
        .checked_sub(MAX_FILES_REPORTED)
        .filter(|m| *m > 0)
    {
        writeln!(
            err,
            "... and {more} more {} with problems, not shown (`treatyline check --format json` lists them all)",
            if more == 1 { "file" } else { "files" }
        )?;
    }
    Ok(())
}

/// `--reading NAME`: each selected treaty that has the reading is read as
/// it (v2 section R); an error listing the selection's readings when none
/// has it.
fn apply_reading(loaded: &mut [Loaded], name: &str, problems: &mut Vec<FileReport>) {
    let mut found = false;
    for l in loaded.iter_mut() {
        if let Some(t) = l.treaty.with_reading(name) {
            l.treaty = t;
            found = true;
        }
    }
    if found || loaded.is_empty() {
        return;
    }
    let mut names: Vec<String> = loaded
        .iter()
        .flat_map(|l| {
            l.treaty
                .reading_names()
                .into_iter()
                .map(move |r| format!("{r} ({})", l.treaty.id))
        })
        .collect();
    names.sort();
    let help = if names.is_empty() {
        "the selected treaties have no readings".to_owned()
    } else {
        format!(
            "the readings of the selected treaties: {}",
            names.join(", ")
        )
    };
    problems.push(FileReport {
        file: "--reading".to_owned(),
        text: String::new(),
        diagnostics: vec![
            crate::diag::Diagnostic::unplaced(format!(
                "no selected treaty has a reading named `{name}`"
            ))
            .with_help(help),
        ],
    });
}

/// Whether `--tag` and `--party` keep a treaty: any of the tags, any of the
/// parties (by name, ignoring case).
fn selected(select: &Selection, t: &crate::model::Treaty) -> bool {
    crate::select::tagged_and_party(t, &select.tag, &select.party)
}

/// The editing commands' view of the session.
fn editing(dataset: &Dataset, term: Terminal, today: NaiveDate) -> crate::edit::Session<'_> {
    crate::edit::Session::new(dataset, term.color_err, term.width, today)
}

/// The treaties the arguments name, or the whole dataset when there are none.
/// Keeps the treaties, and what is beside each, where `keep` says so.
fn retain_both<T>(loaded: &mut Vec<Loaded>, beside: &mut Vec<T>, keep: &[bool]) {
    let mut k = keep.iter();
    loaded.retain(|_| k.next().copied().unwrap_or(true));
    let mut k = keep.iter();
    beside.retain(|_| k.next().copied().unwrap_or(true));
}

/// [`resolve`] with [`dataset::load_then`].
fn resolve_then<T: Send>(
    dataset: &Dataset,
    args: &Selection,
    then: &dataset::Then<'_, T>,
) -> (Vec<Loaded>, Vec<Option<T>>, Vec<FileReport>) {
    if args.treaties.is_empty() {
        return dataset.load_every_then(then);
    }
    let (files, mut problems) = named_files(dataset, args);
    let (loaded, kept, more) = dataset::load_all_then(&files, then);
    problems.extend(more);
    (loaded, kept, problems)
}

fn resolve(dataset: &Dataset, args: &Selection) -> (Vec<Loaded>, Vec<FileReport>) {
    if args.treaties.is_empty() {
        return dataset.load_every();
    }
    let (files, mut problems) = named_files(dataset, args);
    let (loaded, more) = dataset::load_all(&files);
    problems.extend(more);
    (loaded, problems)
}

/// The files of the treaties named on the command line (by id or path).
fn named_files(dataset: &Dataset, args: &Selection) -> (Vec<dataset::SourceFile>, Vec<FileReport>) {
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
    (files, problems)
}
