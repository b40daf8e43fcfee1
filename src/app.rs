//! What each command does: resolve the treaties, project them, render.
//!
//! Everything that touches the outside world (the clock, the terminal, the
//! environment) is read here, once, and passed down as values.

use std::io::{self, IsTerminal, Write};

use chrono::NaiveDate;

use crate::cli::{
    Cli, ColorWhen, Command, ProjectFormat, ReportFormat, TableFormat, TreatyArgs, UpcomingFormat,
};
use crate::dataset::{self, Dataset, Loaded};
use crate::diag::{Diagnostic, FileReport};
use crate::engine::{self, Horizon, calendar};
use crate::model::load;
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
    if let Some(dir) = &cli.global.data
        && !dir.is_dir()
        && !matches!(
            &cli.command,
            Command::Completions { .. } | Command::Man { .. } | Command::Schema
        )
    {
        // A misspelt --data would otherwise read nothing or, for `new`,
        // silently create the misspelt folder.
        let create = matches!(&cli.command, Command::New(a) if a.create_data);
        if !create {
            let name = dir.display().to_string();
            let what = if dir.exists() {
                "it is not a folder"
            } else {
                "it does not exist"
            };
            let problem = FileReport {
                file: name.clone(),
                text: String::new(),
                diagnostics: vec![Diagnostic::unplaced(format!(
                    "cannot read the folder {name} given by --data (or TREATYLINE_DATA): {what}"
                ))
                .with_help(
                    "check the path; to start a new dataset there, run `treatyline new ID --create-data ...`",
                )],
            };
            report(&[problem], term)?;
            return Ok(Outcome::Failure);
        }
    }
    let dataset = Dataset::choose(cli.global.data.clone());
    let cx = Context {
        horizon,
        color: term.color_out,
        width: term.width,
    };
    let mut assumptions = Vec::new();
    for text in &cli.global.assume {
        match load::parse_assumption(text) {
            Ok(a) => assumptions.push(a),
            Err(diagnostics) => {
                report(&[assumption_report(text, diagnostics)], term)?;
                return Ok(Outcome::Failure);
            }
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // JSON keeps the treaties' texts as they are (escaped); every other
    // output shows their control characters (see render::visible).
    let json = matches!(
        &cli.command,
        Command::Project {
            format: ProjectFormat::Json,
            ..
        } | Command::Status {
            format: TableFormat::Json,
            ..
        } | Command::Upcoming {
            format: UpcomingFormat::Json,
            ..
        } | Command::Report {
            format: ReportFormat::Json,
            ..
        }
    );
    let mut run = Run {
        dataset: &dataset,
        term,
        assumptions: &assumptions,
        window_end: None,
        visible: !json,
    };

    let outcome = match &cli.command {
        Command::Timeline(args) => run.projected(args, &horizon, |items| {
            render::timeline::Timeline.render(items, &cx, &mut out)
        })?,
        Command::Project {
            treaties,
            format: ProjectFormat::Json,
        } => {
            // Streamed: the projections of a large dataset are never all in
            // memory, nor is the document.
            // Each treaty is printed on a worker; the main thread only
            // writes the bytes, in order.
            let mut stream = render::json::JsonStream::new(&mut out);
            let outcome = run.projected_each(
                treaties,
                &horizon,
                render::json::treaty_bytes,
                &mut |bytes| stream.push_bytes(&bytes),
            )?;
            if outcome == Outcome::Success {
                stream.finish()?;
            }
            outcome
        }
        Command::Project { treaties, format } => {
            run.projected(treaties, &horizon, |items| match format {
                ProjectFormat::Text => render::text::Text.render(items, &cx, &mut out),
                ProjectFormat::Json => render::json::Json.render(items, &cx, &mut out),
                ProjectFormat::Csv => render::csv::Csv.render(items, &cx, &mut out),
            })?
        }
        Command::Status {
            treaties,
            on,
            format,
        } => {
            let mut h = horizon;
            if let Some(on) = on {
                // The day asked about is "today" for this command, and the
                // default horizon follows it, so `--on D` answers exactly as
                // `--today D` would.
                h = Horizon::from_today(*on);
                if let Some(until) = cli.global.until {
                    h.until = until;
                }
            }
            let cx = Context { horizon: h, ..cx };
            run.projected(treaties, &h, |items| match format {
                TableFormat::Text => render::status::StatusText.render(items, &cx, &mut out),
                TableFormat::Json => render::status::StatusJson.render(items, &cx, &mut out),
                TableFormat::Csv => render::status::StatusCsv.render(items, &cx, &mut out),
            })?
        }
        Command::Upcoming {
            treaties,
            within,
            from,
            format,
        } => {
            let from = from.unwrap_or(today);
            let to = calendar::add(from, within).unwrap_or(calendar::MAX_DATE);
            let h = horizon;
            run.window_end = Some(to);
            let window = render::upcoming::Window { from, to };
            let layout = match format {
                UpcomingFormat::Text => Some(render::upcoming::Layout::Text),
                UpcomingFormat::Json => Some(render::upcoming::Layout::Json),
                UpcomingFormat::Csv => Some(render::upcoming::Layout::Csv),
                UpcomingFormat::Ics => None,
            };
            match layout {
                Some(layout) => {
                    let report = render::upcoming::UpcomingReport { window, layout };
                    run.upcoming(treaties, &h, window, |all| report.write(all, &cx, &mut out))?
                }
                None => {
                    let ics = render::ics::Ics {
                        window: Some((from, to)),
                        ..render::ics::Ics::default()
                    };
                    run.projected(treaties, &h, |items| ics.render(items, &cx, &mut out))?
                }
            }
        }
        Command::Explain { treaty, date } => {
            let args = TreatyArgs {
                treaties: vec![treaty.clone()],
            };
            run.projected(&args, &horizon, |items| {
                render::explain::Explain { only: *date }.render(items, &cx, &mut out)
            })?
        }
        Command::Check {
            treaties,
            deny_warnings,
            format,
        } => run.check(treaties, &horizon, *deny_warnings, *format, &mut out)?,
        Command::New(args) => crate::edit::new(&editing(&dataset, term), args, &mut out)?,
        Command::Event(crate::edit::args::EventCommand::Add(args)) => {
            crate::edit::event_add(&editing(&dataset, term), args, &mut out)?
        }
        Command::Renew(args) => crate::edit::renew(&editing(&dataset, term), args, &mut out)?,
        Command::Set(args) => crate::edit::set(&editing(&dataset, term), args, &mut out)?,
        Command::Edit(args) => crate::edit::edit(&editing(&dataset, term), args, &mut out)?,
        Command::Fmt(args) => crate::edit::fmt(&editing(&dataset, term), args, &mut out)?,
        Command::Completions { shell, dynamic } => {
            crate::tooling::completions(*shell, *dynamic, &mut out)?;
            Outcome::Success
        }
        Command::Man { dir } => {
            crate::tooling::man(dir.as_deref(), &mut out)?;
            Outcome::Success
        }
        Command::Schema => {
            crate::tooling::schema(&mut out)?;
            Outcome::Success
        }
        Command::Report {
            treaties,
            format,
            output,
            remind,
        } => {
            let ics = render::ics::Ics {
                window: None,
                reminders: remind.clone(),
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
            let mut buf = Vec::new();
            let outcome =
                run.projected(treaties, &horizon, |items| r.render(items, &cx, &mut buf))?;
            match output {
                _ if outcome != Outcome::Success => outcome,
                None => {
                    out.write_all(&buf)?;
                    outcome
                }
                Some(path) if path.as_os_str() == "-" => {
                    out.write_all(&buf)?;
                    outcome
                }
                Some(path) => match write_report(path, &buf) {
                    Ok(()) => outcome,
                    Err(e) => {
                        let name = path.display().to_string();
                        writeln!(
                            io::stderr(),
                            "error: cannot write {}: {}",
                            render::visible::one_line(&name),
                            render::visible::one_line(&e.to_string())
                        )?;
                        Outcome::Failure
                    }
                },
            }
        }
    };
    out.flush()?;
    Ok(outcome)
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
    /// For `upcoming`: the last day of the window, which each treaty's
    /// horizon must reach far enough to list every deadline in it.
    window_end: Option<NaiveDate>,
    /// Whether the treaties' texts get their control characters shown.
    visible: bool,
}

impl Run<'_> {
    /// The treaties the arguments name ([`resolve`]), with their control
    /// characters made visible unless the output is JSON.
    fn resolve(&self, args: &TreatyArgs) -> (Vec<Loaded>, Vec<FileReport>) {
        let (mut loaded, problems) = resolve(self.dataset, args);
        if self.visible {
            for l in &mut loaded {
                if let Some(t) = render::visible::treaty(&l.treaty) {
                    l.treaty = t;
                }
            }
        }
        (loaded, problems)
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
        args: &TreatyArgs,
        horizon: &Horizon,
        render: impl FnOnce(&[Projected<'_>]) -> io::Result<()>,
    ) -> io::Result<Outcome> {
        let (loaded, problems) = self.resolve(args);
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
                    Diagnostic::unplaced(format!(
                        "this assumption is for treaty `{id}`, which is not among the {} treaty(ies) shown: {}",
                        loaded.len(),
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
                let baseline = engine::project(&l.treaty, &self.horizon(horizon, &l.treaty));
                match (a, baseline) {
                    (None, b) => b.map(|p| (&l.treaty, p)),
                    (Some(t), Ok(b)) => {
                        engine::project(t, &self.horizon(horizon, t)).map(|mut p| {
                            p.mark_changes_from(&b);
                            (&**t, p)
                        })
                    }
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
        for item in &mut items {
            let today = horizon.today;
            if let Some(w) = render::limit_periods(
                item.treaty,
                &mut item.projection,
                today,
                render::MAX_LISTED_PERIODS,
            ) {
                writeln!(io::stderr(), "{w}")?;
            }
        }
        render(&items)?;
        Ok(Outcome::Success)
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
        args: &TreatyArgs,
        horizon: &Horizon,
        prepare: impl Fn(&Projected<'_>) -> P + Sync,
        each: &mut dyn FnMut(P) -> io::Result<()>,
    ) -> io::Result<Outcome> {
        if !self.assumptions.is_empty() {
            return self.projected(args, horizon, |items| {
                items.iter().try_for_each(|item| each(prepare(item)))
            });
        }
        let (loaded, problems) = self.resolve(args);
        if !problems.is_empty() {
            report(&problems, self.term)?;
            return Ok(Outcome::Failure);
        }
        for block in loaded.chunks(4096) {
            let results = crate::par::map(
                block,
                |l| {
                    engine::project(&l.treaty, &self.horizon(horizon, &l.treaty)).map(
                        |mut projection| {
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
                        },
                    )
                },
                || {
                    Err(vec![crate::diag::Diagnostic::unplaced(
                        "internal error: a projection thread panicked".to_owned(),
                    )])
                },
            );
            for (l, result) in block.iter().zip(results) {
                match result {
                    Ok((prepared, warning)) => {
                        if let Some(w) = warning {
                            writeln!(io::stderr(), "{w}")?;
                        }
                        each(prepared)?;
                    }
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
        args: &TreatyArgs,
        horizon: &Horizon,
        window: render::upcoming::Window,
        write: impl FnOnce(&[crate::engine::upcoming::Upcoming<'_>]) -> io::Result<()>,
    ) -> io::Result<Outcome> {
        if !self.assumptions.is_empty() {
            return self.projected(args, horizon, |items| {
                write(&render::upcoming::items(items, window))
            });
        }
        let (loaded, problems) = self.resolve(args);
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
                engine::project(&l.treaty, &self.horizon(horizon, &l.treaty)).map(|p| {
                    crate::engine::upcoming::upcoming(&l.treaty, &p, window.from, window.to)
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
        args: &TreatyArgs,
        horizon: &Horizon,
        deny_warnings: bool,
        format: crate::cli::CheckFormat,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        let (loaded, problems) = resolve(self.dataset, args);
        let audits = crate::par::map(
            &loaded,
            |l| engine::audit::audit(&l.treaty, horizon),
            Vec::new,
        );
        let mut warnings = Vec::new();
        for (l, found) in loaded.iter().zip(audits) {
            if !found.is_empty() {
                warnings.push(FileReport {
                    file: l.file.clone(),
                    text: dataset::source_text(l),
                    diagnostics: found,
                });
            }
        }
        if args.treaties.is_empty() {
            for path in dataset::leftover_temporaries(self.dataset) {
                let name = path.display().to_string();
                warnings.push(FileReport {
                    diagnostics: vec![Diagnostic {
                        severity: crate::diag::Severity::Warning,
                        ..Diagnostic::unplaced("a temporary file left by an interrupted write (a crash or kill -9 during an edit); it is not a treaty file")
                    }
                    .with_help("delete it once no treatyline command is running in this folder")],
                    file: name,
                    text: String::new(),
                });
            }
        }
        let errors = problems.iter().filter(|p| p.has_errors()).count();
        let warned: usize = warnings.iter().map(|w| w.diagnostics.len()).sum();
        let failed = errors > 0 || (deny_warnings && warned > 0);
        if format == crate::cli::CheckFormat::Json {
            let files: Vec<&FileReport> = problems.iter().chain(&warnings).collect();
            crate::diag::write_json(out, &files, loaded.len())?;
            return Ok(if failed {
                Outcome::Failure
            } else {
                Outcome::Success
            });
        }
        report(&problems, self.term)?;
        report(&warnings, self.term)?;
        let summary = format!(
            "{} treaties valid, {errors} file(s) with errors, {warned} warning(s)",
            loaded.len()
        );
        if failed {
            writeln!(io::stderr(), "error: {summary}")?;
            Ok(Outcome::Failure)
        } else {
            writeln!(out, "ok: {summary}")?;
            Ok(Outcome::Success)
        }
    }
}

fn report(problems: &[FileReport], term: Terminal) -> io::Result<()> {
    let mut err = io::stderr().lock();
    for p in problems {
        write!(err, "{}", p.render(term.color_err, term.width))?;
    }
    Ok(())
}

/// The editing commands' view of the session.
fn editing(dataset: &Dataset, term: Terminal) -> crate::edit::Session<'_> {
    crate::edit::Session::new(dataset, term.color_err, term.width)
}

/// Whether a treaty argument is a path (else it is an id).
pub(crate) fn looks_like_path(arg: &str) -> bool {
    arg.ends_with(".toml") || arg.contains('/') || arg.contains(std::path::MAIN_SEPARATOR)
}

/// The treaties the arguments name, or the whole dataset when there are none.
fn resolve(dataset: &Dataset, args: &TreatyArgs) -> (Vec<Loaded>, Vec<FileReport>) {
    if args.treaties.is_empty() {
        return dataset.load_every();
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
