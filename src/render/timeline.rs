//! `timeline`: a proportional chart in the terminal, one lane per treaty on a
//! shared year axis, followed by what matters now: for one treaty its
//! details, for several one line each (the `status` overview).
//!
//! Recorded history, renewals by the rule, the projected future and
//! possible periods are told apart by their glyphs (`█`, `▓`, `▒`, `░`), so
//! the chart reads without colour; colour only adds to it, and the legend
//! wears the same colours as the bars.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use chrono::{Datelike, NaiveDate};

use super::wording::{event_text, events_by_date, what_next};
use super::{Context, Projected, Render, countdown, paint};
use crate::engine::{Basis, Period, PeriodKind, State};
use crate::model::RenewalMode;

/// The terminal timeline, over the treaties' whole span or between `from`
/// and `to`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timeline {
    /// The first day shown [default: the January 1st before the earliest date].
    pub from: Option<NaiveDate>,
    /// The last day shown [default: the January 1st after the horizon].
    pub to: Option<NaiveDate>,
    /// `--members`: one lane per party under each treaty.
    pub members: bool,
}

/// The most party lanes drawn under one treaty; the rest are counted.
pub const MEMBER_LANES: usize = 30;

const NOT_IN_FORCE: char = '┈';
const MILESTONE: char = '◆';
const MEMBER: char = '▬';

const RECORDED: char = '█';
const AUTOMATIC: char = '▓';
const PROJECTED: char = '▒';
const POSSIBLE: char = '░';
const DENSE: char = '▚';
const BOUNDARY: char = '│';
const END: char = '┤';
const TODAY: char = '┊';

/// Boundaries fewer columns apart than this are drawn as a texture: a
/// boundary mark needs at least two columns of bar between it and the next
/// to read as a period rather than a comb (`│▒│▒│`).
const MIN_GAP: usize = 3;

/// How a column of a lane is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fill {
    /// Recorded history, before today.
    Recorded,
    /// Renewed by the rule, before today.
    Automatic,
    /// What the rule projects from today on.
    Projected,
    /// Possible only if the parties agree.
    Possible,
}

impl Fill {
    fn of(basis: Basis, future: bool) -> Fill {
        match (basis, future) {
            (Basis::Possible, _) => Fill::Possible,
            (_, true) => Fill::Projected,
            (Basis::Recorded, false) => Fill::Recorded,
            (Basis::Automatic, false) => Fill::Automatic,
        }
    }

    fn glyph(self) -> char {
        match self {
            Fill::Recorded => RECORDED,
            Fill::Automatic => AUTOMATIC,
            Fill::Projected => PROJECTED,
            Fill::Possible => POSSIBLE,
        }
    }

    fn style(self) -> Style {
        match self {
            Fill::Recorded => AnsiColor::Blue.on_default(),
            Fill::Automatic => AnsiColor::Green.on_default(),
            Fill::Projected => AnsiColor::Cyan.on_default(),
            Fill::Possible => AnsiColor::Yellow.on_default(),
        }
    }
}

/// Maps dates to columns of the chart.
struct Scale {
    first: NaiveDate,
    last: NaiveDate,
    days: i64,
    cols: usize,
}

impl Scale {
    fn col(&self, d: NaiveDate) -> usize {
        let offset = (d - self.first).num_days().clamp(0, self.days);
        let col = offset.saturating_mul(i64::try_from(self.cols).unwrap_or(0)) / self.days.max(1);
        usize::try_from(col)
            .unwrap_or(0)
            .min(self.cols.saturating_sub(1))
    }

    fn shows(&self, d: NaiveDate) -> bool {
        d >= self.first && d <= self.last
    }
}

/// The date range the chart covers: whole years around every listed period,
/// today and the horizon's open ends.
fn range(items: &[Projected<'_>], cx: &Context) -> (i32, i32) {
    let today = cx.horizon.today;
    let mut lo = today.year();
    let mut hi = today.year();
    for item in items {
        let p = &item.projection;
        lo = lo.min(item.treaty.signed.year()).min(p.anchor.year());
        for period in &p.periods {
            lo = lo.min(period.start.year());
            let end = period.end.unwrap_or(cx.horizon.until.max(period.start));
            hi = hi.max(end.year());
        }
    }
    (lo, hi.saturating_add(1).max(lo.saturating_add(1)))
}

fn tick_step(years: i32, cols: usize) -> i32 {
    // A label is four digits and needs a little room on either side.
    let max_ticks = (cols / 7).max(1);
    [
        1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000,
    ]
    .into_iter()
    .find(|s| usize::try_from(years / s).unwrap_or(usize::MAX) <= max_ticks)
    .unwrap_or(10_000)
}

/// Places `text` at column `at` in `line` if it fits without overwriting.
fn place(line: &mut [char], at: usize, text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let end = at + chars.len();
    if end > line.len() {
        return false;
    }
    let free = line
        .get(at.saturating_sub(1)..(end + 1).min(line.len()))
        .is_some_and(|s| s.iter().all(|c| *c == ' '));
    if !free {
        return false;
    }
    for (i, c) in chars.into_iter().enumerate() {
        if let Some(cell) = line.get_mut(at + i) {
            *cell = c;
        }
    }
    true
}

impl Render for Timeline {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let width = cx.width.max(40);
        let widest = width.saturating_sub(22).clamp(4, 24);
        let label_w = items
            .iter()
            .flat_map(|i| {
                std::iter::once(i.treaty.id.chars().count())
                    .chain(
                        i.projection
                            .readings
                            .iter()
                            .map(|r| r.name.chars().count() + 3),
                    )
                    .chain(
                        i.projection
                            .members
                            .iter()
                            .filter(|_| self.members)
                            .map(|m| {
                                let room = widest.saturating_sub(2);
                                member_label(&m.party, room, cx.parties).chars().count() + 2
                            }),
                    )
            })
            .max()
            .unwrap_or(4)
            .clamp(4, widest);
        let cols = width.saturating_sub(label_w + 2).max(20);
        let pad = " ".repeat(label_w + 2);
        let (y0, y1) = range(items, cx);
        let first = self
            .from
            .or_else(|| NaiveDate::from_ymd_opt(y0, 1, 1))
            .unwrap_or(cx.horizon.today);
        let last = self
            .to
            .or_else(|| NaiveDate::from_ymd_opt(y1, 1, 1))
            .unwrap_or(cx.horizon.today)
            .max(first);
        let scale = Scale {
            first,
            last,
            days: (last - first).num_days().max(1),
            cols,
        };
        let today = cx.horizon.today;
        let dim = Style::new().dimmed();
        let red = AnsiColor::Red.on_default().bold();

        // Today's marker and the year axis.
        let today_col = scale.shows(today).then(|| scale.col(today));
        if let Some(today_col) = today_col {
            let mut marker = vec![' '; cols];
            let label = format!("today {today}");
            let label_len = label.chars().count();
            if let Some(c) = marker.get_mut(today_col) {
                *c = '▼';
            }
            if today_col + 2 + label_len <= cols {
                place(&mut marker, today_col + 2, &label);
            } else if today_col >= label_len + 2 {
                place(&mut marker, today_col - label_len - 1, &label);
            }
            let marker: String = marker.into_iter().collect();
            writeln!(out, "{pad}{}", paint(cx.color, red, marker.trim_end()))?;
        }

        let step = tick_step(last.year() - first.year(), cols);
        let mut years = vec![' '; cols];
        let mut axis = vec!['─'; cols];
        let mut y = first.year().div_euclid(step) * step;
        while y <= last.year() {
            if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| scale.shows(*d)) {
                let c = scale.col(d);
                if let Some(cell) = axis.get_mut(c) {
                    *cell = '┬';
                }
                place(&mut years, c, &format!("{y}"));
            }
            y += step;
        }
        if let Some(cell) = today_col.and_then(|c| axis.get_mut(c)) {
            *cell = '┼';
        }
        writeln!(out, "{pad}{}", String::from_iter(years).trim_end())?;
        writeln!(
            out,
            "{pad}{}",
            paint(cx.color, dim, &String::from_iter(axis))
        )?;

        let single = items.len() == 1;
        for item in items {
            lane(item, cx, &scale, today_col, label_w, single, out)?;
            // v2 section R: a thin lane per reading, labelled with its name.
            for r in &item.projection.readings {
                let mut t = item.treaty.clone();
                t.id = format!(" └ {}", r.name);
                let reading = Projected {
                    treaty: &t,
                    projection: (*r.projection).clone(),
                };
                let mut buf = Vec::new();
                lane(&reading, cx, &scale, today_col, label_w, single, &mut buf)?;
                let thin: String = String::from_utf8_lossy(&buf)
                    .chars()
                    .map(|c| match c {
                        RECORDED => '━',
                        AUTOMATIC | PROJECTED => '─',
                        POSSIBLE => '┄',
                        other => other,
                    })
                    .collect();
                out.write_all(thin.as_bytes())?;
            }
            if self.members {
                member_lanes(item, cx, &scale, label_w, out)?;
            }
        }
        let extra = Extra {
            pending: items.iter().any(|i| i.projection.pending),
            milestones: items.iter().any(|i| !i.projection.milestones.is_empty()),
            readings: items.iter().any(|i| !i.projection.readings.is_empty()),
            members: self.members,
        };
        legend(cx, width, &pad, extra, out)?;
        if single {
            for item in items {
                writeln!(out)?;
                details(item, cx, out)?;
            }
        } else {
            // The whole dataset: one line per treaty, as `status` shows it.
            writeln!(out)?;
            super::status::write_overview(items, cx, out)?;
        }
        Ok(())
    }
}

/// The legend, each glyph coloured as in the bars; under the chart when it
/// fits, else from the margin, wrapped.
/// The v2 marks a chart may carry, each with its legend entry.
#[derive(Clone, Copy, Debug, Default)]
struct Extra {
    pending: bool,
    milestones: bool,
    readings: bool,
    members: bool,
}

fn legend(
    cx: &Context,
    width: usize,
    pad: &str,
    extra: Extra,
    out: &mut dyn Write,
) -> io::Result<()> {
    let dim = Style::new().dimmed();
    let mut entries: Vec<(char, Style, &str)> = vec![
        (RECORDED, Fill::Recorded.style(), "recorded"),
        (AUTOMATIC, Fill::Automatic.style(), "renewed by the rule"),
        (PROJECTED, Fill::Projected.style(), "projected"),
        (POSSIBLE, Fill::Possible.style(), "if the parties agree"),
        (DENSE, Style::new(), "short periods"),
        (BOUNDARY, Style::new(), "boundary"),
        (END, Style::new(), "end"),
        (TODAY, dim, "today"),
    ];
    if extra.pending {
        entries.push((NOT_IN_FORCE, dim, "not in force"));
    }
    if extra.milestones {
        entries.push((MILESTONE, Fill::Possible.style(), "milestone"));
    }
    if extra.readings {
        entries.push(('━', Style::new(), "a reading (└ name)"));
    }
    if extra.members {
        entries.push((MEMBER, dim, "a party bound"));
    }
    let plain: Vec<String> = entries.iter().map(|(g, _, w)| format!("{g} {w}")).collect();
    let total: usize = plain.iter().map(|e| e.chars().count() + 2).sum::<usize>();
    let indent = if pad.len() + total <= width + 2 {
        pad
    } else {
        ""
    };
    let room = width.saturating_sub(indent.len());
    let mut line = String::new();
    let mut used = 0;
    for ((g, style, words), text) in entries.iter().zip(&plain) {
        let w = text.chars().count();
        if used > 0 && used + 2 + w > room {
            writeln!(out, "{indent}{line}")?;
            line.clear();
            used = 0;
        }
        if used > 0 {
            line.push_str("  ");
            used += 2;
        }
        line.push_str(&paint(cx.color, *style, &g.to_string()));
        line.push(' ');
        line.push_str(words);
        used += w;
    }
    if !line.is_empty() {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

/// "every 5y": the length of the periods in a run too short to draw one by
/// one, when they share it.
fn every(t: &crate::model::Treaty, periods: &[&Period]) -> String {
    let renewals = periods.iter().all(|p| p.kind == PeriodKind::Renewal);
    let len = t
        .renewal
        .as_ref()
        .and_then(|r| r.length)
        .or(t.term.duration.length().copied());
    match len {
        Some(l) if renewals => format!("every {l}"),
        _ => format!("{} periods", periods.len()),
    }
}

/// One treaty's lane (and, for a single treaty, its boundary years under
/// it). Periods shorter than two columns are drawn as one texture labelled
/// with their length, not as a comb of boundaries.
fn lane(
    item: &Projected<'_>,
    cx: &Context,
    scale: &Scale,
    today_col: Option<usize>,
    label_w: usize,
    single: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let p = &item.projection;
    let cols = scale.cols;
    let dim = Style::new().dimmed();
    let mut cells: Vec<Option<(char, Style)>> = vec![None; cols];
    let future_from = today_col.unwrap_or(if cx.horizon.today < scale.first {
        0
    } else {
        cols
    });
    let shown: Vec<&Period> = p
        .periods
        .iter()
        .filter(|x| x.start <= scale.last && x.end.is_none_or(|e| e > scale.first))
        .collect();
    for period in &shown {
        let a = scale.col(period.start);
        let b = period
            .end
            .map_or(cols, |e| scale.col(e))
            .max(a + 1)
            .min(cols);
        for (c, cell) in cells.iter_mut().enumerate().take(b).skip(a) {
            let fill = Fill::of(period.basis, c >= future_from);
            *cell = Some((fill.glyph(), fill.style()));
        }
    }
    // Boundaries between periods: drawn one by one where they are at least
    // two columns apart; closer ones form runs drawn as a texture.
    let bounds: Vec<(usize, usize)> = shown
        .windows(2)
        .enumerate()
        .filter_map(|(k, pair)| match pair {
            [prev, next] if prev.end == Some(next.start) && scale.shows(next.start) => {
                Some((scale.col(next.start), k + 1))
            }
            _ => None,
        })
        .collect();
    let dense = |i: usize| {
        let c = bounds.get(i).map_or(0, |b| b.0);
        let near_prev = i
            .checked_sub(1)
            .and_then(|j| bounds.get(j))
            .is_some_and(|b| c.saturating_sub(b.0) < MIN_GAP);
        let near_next = bounds
            .get(i + 1)
            .is_some_and(|b| b.0.saturating_sub(c) < MIN_GAP);
        near_prev || near_next
    };
    let mut runs: Vec<(usize, usize, Vec<&Period>)> = Vec::new();
    let mut run: Option<(usize, usize, Vec<&Period>)> = None;
    for (i, (c, k)) in bounds.iter().enumerate() {
        if dense(i) {
            let period = shown.get(*k).copied();
            match run.as_mut() {
                Some(r) => {
                    r.1 = *c;
                    r.2.extend(period);
                }
                None => run = Some((*c, *c, period.into_iter().collect())),
            }
        } else {
            if let Some(r) = run.take() {
                runs.push(r);
            }
            if let Some(cell) = cells.get_mut(*c) {
                let style = cell.map_or(Style::new(), |x| x.1);
                *cell = Some((BOUNDARY, style));
            }
        }
    }
    runs.extend(run);
    for (a, b, periods) in &runs {
        for cell in cells.iter_mut().take(b + 1).skip(*a) {
            let style = cell.map_or(Style::new(), |x| x.1);
            *cell = Some((DENSE, style));
        }
        // The label inside the texture, when it fits with a glyph either side.
        let label = format!(" {} ", every(item.treaty, periods));
        let len = label.chars().count();
        if b - a + 1 >= len + 2 {
            let at = a + (b - a + 1 - len) / 2;
            for (i, ch) in label.chars().enumerate() {
                if let Some(cell) = cells.get_mut(at + i) {
                    *cell = Some((ch, Style::new()));
                }
            }
        }
    }
    if p.pending {
        // v2 section P: signed, not in force.
        let a = scale.col(item.treaty.signed.max(scale.first));
        let b = p
            .end
            .as_ref()
            .map_or(cols, |e| scale.col(e.date))
            .max(a + 1)
            .min(cols);
        for cell in cells.iter_mut().take(b).skip(a) {
            *cell = Some((NOT_IN_FORCE, dim));
        }
    }
    if let Some(end) = p.end.as_ref().filter(|e| scale.shows(e.date)) {
        let c = scale.col(end.date);
        let possible_follows = p.periods.last().is_some_and(|l| l.basis == Basis::Possible);
        if !possible_follows && let Some(cell) = cells.get_mut(c) {
            *cell = Some((END, Style::new()));
        }
    }
    for m in p.milestones.iter().filter(|m| scale.shows(m.date)) {
        if let Some(cell) = cells.get_mut(scale.col(m.date)) {
            *cell = Some((MILESTONE, Fill::Possible.style()));
        }
    }
    // Today: a dim line through the lane, where no boundary is drawn.
    if let Some(cell) = today_col.and_then(|c| cells.get_mut(c))
        && !matches!(cell, Some((g, _)) if *g == BOUNDARY || *g == END || g.is_alphanumeric() || *g == ' ')
    {
        *cell = Some((TODAY, dim));
    }
    let bar: String = cells
        .iter()
        .map(|c| match c {
            Some((g, style)) => paint(cx.color, *style, &g.to_string()),
            None => " ".to_owned(),
        })
        .collect();
    let id: String = item.treaty.id.chars().take(label_w).collect();
    writeln!(out, "{id:<label_w$}  {}", bar.trim_end())?;

    if !single {
        return Ok(());
    }
    // Boundary years under the lane (not inside a texture).
    let mut labels = vec![' '; cols];
    let in_run = |c: usize| runs.iter().any(|(a, b, _)| c > *a && c <= *b);
    let mut dates: Vec<NaiveDate> = shown.iter().map(|x| x.start).collect();
    if let Some(e) = shown.last().and_then(|l| l.end) {
        dates.push(e);
    }
    for d in dates.into_iter().filter(|d| scale.shows(*d)) {
        let c = scale.col(d);
        if !in_run(c) {
            place(&mut labels, c, &d.year().to_string());
        }
    }
    let labels: String = labels.into_iter().collect();
    if !labels.trim().is_empty() {
        writeln!(out, "{}  {}", " ".repeat(label_w), labels.trim_end())?;
    }
    Ok(())
}

fn describe_period(period: &Period) -> String {
    let kind = match period.kind {
        PeriodKind::Initial => "initial term",
        PeriodKind::Renewal => "renewal",
        PeriodKind::Extension => "extension",
        PeriodKind::Continuing => "continuing",
    };
    let end = period
        .end
        .map_or_else(|| "open-ended".to_owned(), |e| e.to_string());
    format!(
        "period {} ({kind}, {}) {} → {end}",
        super::wording::period_number(period.index),
        period.basis.as_str(),
        period.start
    )
}

/// Writes `text` under a label in the details column, wrapped to `width`.
fn labelled(out: &mut dyn Write, label: &str, text: &str, width: usize) -> io::Result<()> {
    let first = format!("  {label:<10}");
    for line in super::fit::wrap_with(text, width, &first, "            ") {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The parties joined by commas, cut to `room` columns with "and N more".
fn parties_fitting(parties: &[String], room: usize) -> String {
    let all = parties.join(", ");
    if all.chars().count() <= room {
        return all;
    }
    let mut shown = String::new();
    for (i, p) in parties.iter().enumerate() {
        let rest = parties.len() - i - 1;
        let candidate = if shown.is_empty() {
            p.clone()
        } else {
            format!("{shown}, {p}")
        };
        let tail = format!(" and {rest} more");
        if candidate.chars().count() + tail.chars().count() > room && !shown.is_empty() {
            return format!("{shown} and {} more", parties.len() - i);
        }
        shown = candidate;
    }
    shown
}

fn details(item: &Projected<'_>, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let t = item.treaty;
    let p = &item.projection;
    let today = cx.horizon.today;
    let bold = Style::new().bold();
    let wrap_w = cx.width.saturating_sub(12).max(20);
    let head = format!("{} · {} · {}", t.id, t.display_name(), t.parties.join(", "));
    if head.chars().count() <= cx.width {
        writeln!(
            out,
            "{} · {} · {}",
            paint(cx.color, bold, &t.id),
            t.display_name(),
            t.parties.join(", ")
        )?;
    } else {
        // Too long for one line: the name on its own (cut if it must be),
        // the parties under it, as many as fit.
        let room = cx.width.saturating_sub(t.id.chars().count() + 3).max(10);
        let name: String = if t.display_name().chars().count() > room {
            let cut: String = t
                .display_name()
                .chars()
                .take(room.saturating_sub(1))
                .collect();
            format!("{cut}…")
        } else {
            t.display_name().to_owned()
        };
        writeln!(out, "{} · {name}", paint(cx.color, bold, &t.id))?;
        writeln!(
            out,
            "  parties   {}",
            parties_fitting(&t.parties, cx.width.saturating_sub(12))
        )?;
    }
    let now = match p.status.state {
        State::NotInForce if p.pending => format!("not in force (signed {})", t.signed),
        State::NotInForce => "not yet in force".to_owned(),
        State::Ended => match &p.end {
            Some(e) => format!("ended {} ({})", e.date, e.reason.as_str()),
            None => "ended".to_owned(),
        },
        State::InForce => {
            let holding = p.status.period.and_then(|i| {
                p.periods
                    .iter()
                    .chain(p.current.iter())
                    .find(|x| x.index == i)
            });
            match holding {
                Some(h) => format!("in force, {}", describe_period(h)),
                None => "in force".to_owned(),
            }
        }
    };
    labelled(out, "now", &now, cx.width)?;
    if p.status.state != State::Ended
        && let Some(b) = p.status.period_end.or_else(|| p.next_boundary_after(today))
    {
        let changed = p.end.as_ref().is_some_and(|e| e.date == b && e.assumed)
            || p.periods
                .iter()
                .chain(p.current.iter())
                .any(|x| x.start == b && x.assumed);
        let next = format!(
            "{b} {}, {}{}",
            what_next(t, p, b),
            countdown(today, b),
            super::assumed_mark(changed)
        );
        labelled(out, "next", &next, cx.width)?;
    }
    match p.next_deadline_from(today) {
        Some(d) => {
            let what = d.describe_with_latest();
            let line = format!(
                "{} {what}, {}{}",
                d.date,
                countdown(today, d.date),
                super::assumed_mark(d.assumed)
            );
            labelled(out, "deadline", &line, cx.width)?;
        }
        None if p.status.state != State::Ended => {
            let why = match &t.renewal {
                Some(r) if r.mode == RenewalMode::Automatic && r.notice.is_none() => {
                    "none: the renewal clause sets no notice period"
                }
                _ => "none ahead",
            };
            labelled(out, "deadline", why, cx.width)?;
        }
        None => {}
    }
    for (i, e) in events_by_date(t).into_iter().enumerate() {
        let head = if i == 0 {
            "  events    "
        } else {
            "            "
        };
        let what = event_text(e);
        let note = e.note.as_deref().map_or_else(String::new, |n| {
            format!(": {}", super::visible::one_line(n))
        });
        // One line per event here; `project` and the reports carry the full note.
        let line = format!("{} {what}{note}", e.date);
        let wrapped = super::fit::wrap(&line, wrap_w.saturating_sub(1));
        let first = wrapped.first().map_or("", |l| l.as_ref());
        let more = if wrapped.len() > 1 { "…" } else { "" };
        writeln!(out, "{head}{first}{more}")?;
    }
    for line in super::status::lines_under(item, cx, true) {
        writeln!(
            out,
            "{}",
            paint(cx.color, AnsiColor::Yellow.on_default(), &line)
        )?;
    }
    Ok(())
}

/// A member lane's label: the party's name if it fits in `room` columns,
/// else the first of its other names in the parties list that fits
/// ("United States" for "United States of America"), else the name cut
/// short with an ellipsis.
fn member_label(party: &str, room: usize, names: Option<&crate::parties::Parties>) -> String {
    if party.chars().count() <= room {
        return party.to_owned();
    }
    if let Some(short) = names.and_then(|l| l.fitting(party, room)) {
        return short.to_owned();
    }
    let cut: String = party.chars().take(room.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// `timeline --members`: one lane per party under the treaty, sorted by the
/// first day bound (then name), at most [`MEMBER_LANES`] of them, then a
/// count of the rest.
fn member_lanes(
    item: &Projected<'_>,
    cx: &Context,
    scale: &Scale,
    label_w: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let p = &item.projection;
    let mut parties: Vec<(&str, NaiveDate)> = Vec::new();
    for m in &p.members {
        match parties.iter_mut().find(|(name, _)| *name == m.party) {
            Some((_, first)) => *first = (*first).min(m.from),
            None => parties.push((&m.party, m.from)),
        }
    }
    parties.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    let cols = scale.cols;
    for (party, _) in parties.iter().take(MEMBER_LANES) {
        let mut cells = vec![' '; cols];
        for m in p.members.iter().filter(|m| m.party == *party) {
            if m.until.is_some_and(|u| u <= scale.first) || m.from > scale.last {
                continue;
            }
            let a = scale.col(m.from);
            let b = m.until.map_or(cols, |u| scale.col(u)).max(a + 1).min(cols);
            for cell in cells.iter_mut().take(b).skip(a) {
                *cell = MEMBER;
            }
        }
        let bar: String = cells.into_iter().collect();
        let label = format!(
            "  {}",
            member_label(party, label_w.saturating_sub(2), cx.parties)
        );
        writeln!(
            out,
            "{label:<label_w$}  {}",
            paint(cx.color, Style::new().dimmed(), bar.trim_end())
        )?;
    }
    if parties.len() > MEMBER_LANES {
        let more = format!(
            "… and {} more parties (see `--party NAME` or `project --format json`)",
            parties.len() - MEMBER_LANES
        );
        for line in super::fit::wrap_with(
            &more,
            cx.width,
            &" ".repeat(label_w + 2),
            &" ".repeat(label_w + 4),
        ) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::member_label;

    #[test]
    fn a_long_name_gives_way_to_a_shorter_listed_name_then_an_ellipsis() {
        let list = match crate::parties::parse(
            "\"United States of America\" = { kind = \"state\", also = [\"United States\", \"USA\"] }\n",
        ) {
            Ok(l) => l,
            Err(d) => panic!("{d:?}"),
        };
        assert_eq!(member_label("France", 22, Some(&list)), "France");
        assert_eq!(
            member_label("United States of America", 22, Some(&list)),
            "United States"
        );
        assert_eq!(
            member_label("United States of America", 10, Some(&list)),
            "USA"
        );
        assert_eq!(
            member_label("United States of America", 22, None),
            "United States of Amer…"
        );
        assert_eq!(
            member_label("Saint Vincent and the Grenadines", 22, Some(&list))
                .chars()
                .count(),
            22
        );
    }
}
