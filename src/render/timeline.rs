//! `timeline`: a proportional chart in the terminal, one lane per treaty on a
//! shared year axis, followed by what matters for each treaty now.
//!
//! Recorded, automatic and possible periods are told apart by their glyphs
//! (`█`, `▒`, `░`), so the chart reads without colour; colour only adds to it.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use chrono::{Datelike, NaiveDate};

use super::{Context, Projected, Render, countdown, paint};
use crate::engine::{Basis, EndReason, Period, PeriodKind, Projection, State};
use crate::model::{RenewalMode, Treaty};

/// The terminal timeline.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timeline;

const RECORDED: char = '█';
const AUTOMATIC: char = '▒';
const POSSIBLE: char = '░';
const BOUNDARY: char = '│';
const END: char = '┤';

fn style_for(basis: Basis) -> Style {
    match basis {
        Basis::Recorded => AnsiColor::Blue.on_default(),
        Basis::Automatic => AnsiColor::Green.on_default(),
        Basis::Possible => AnsiColor::Yellow.on_default(),
    }
}

fn glyph_for(basis: Basis) -> char {
    match basis {
        Basis::Recorded => RECORDED,
        Basis::Automatic => AUTOMATIC,
        Basis::Possible => POSSIBLE,
    }
}

/// Maps dates to columns of the chart.
struct Scale {
    first: NaiveDate,
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
        let width = cx.width.max(40);
        let label_w = items
            .iter()
            .map(|i| i.treaty.id.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, width.saturating_sub(22).clamp(4, 24));
        let cols = width.saturating_sub(label_w + 2).max(20);
        let pad = " ".repeat(label_w + 2);
        let (y0, y1) = range(items, cx);
        let first = NaiveDate::from_ymd_opt(y0, 1, 1).unwrap_or(cx.horizon.today);
        let last = NaiveDate::from_ymd_opt(y1, 1, 1).unwrap_or(cx.horizon.today);
        let scale = Scale {
            first,
            days: (last - first).num_days().max(1),
            cols,
        };
        let today = cx.horizon.today;
        let dim = Style::new().dimmed();
        let red = AnsiColor::Red.on_default().bold();

        // Today's marker and the year axis.
        let today_col = scale.col(today);
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

        let step = tick_step(y1 - y0, cols);
        let mut years = vec![' '; cols];
        let mut axis = vec!['─'; cols];
        let mut y = y0.div_euclid(step) * step;
        while y <= y1 {
            if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| *d >= first && *d <= last)
            {
                let c = scale.col(d);
                if let Some(cell) = axis.get_mut(c) {
                    *cell = '┬';
                }
                place(&mut years, c, &format!("{y}"));
            }
            y += step;
        }
        if let Some(cell) = axis.get_mut(today_col) {
            *cell = '┼';
        }
        writeln!(out, "{pad}{}", String::from_iter(years).trim_end())?;
        writeln!(
            out,
            "{pad}{}",
            paint(cx.color, dim, &String::from_iter(axis))
        )?;

        for item in items {
            self.lane(item, cx, &scale, label_w, out)?;
        }
        let legend = format!(
            "{RECORDED} recorded  {AUTOMATIC} automatic  {POSSIBLE} possible  {BOUNDARY} boundary  {END} end  ▼ today"
        );
        // Under the chart when it fits, else from the margin.
        let indent = if pad.len() + legend.chars().count() <= width {
            pad.as_str()
        } else {
            ""
        };
        for line in textwrap::wrap(&legend, width.saturating_sub(indent.len())) {
            writeln!(out, "{indent}{line}")?;
        }
        for item in items {
            writeln!(out)?;
            details(item, cx, out)?;
        }
        Ok(())
    }
}

impl Timeline {
    fn lane(
        &self,
        item: &Projected<'_>,
        cx: &Context,
        scale: &Scale,
        label_w: usize,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let p = &item.projection;
        let cols = scale.cols;
        let mut cells: Vec<Option<(char, Basis)>> = vec![None; cols];
        for period in &p.periods {
            let a = scale.col(period.start);
            let b = period
                .end
                .map_or(cols, |e| scale.col(e))
                .max(a + 1)
                .min(cols);
            let basis = period.basis;
            for cell in cells.iter_mut().take(b).skip(a) {
                *cell = Some((glyph_for(basis), basis));
            }
        }
        // Boundaries between periods, then the end.
        for pair in p.periods.windows(2) {
            if let [prev, next] = pair
                && prev.end == Some(next.start)
                && let Some(cell) = cells.get_mut(scale.col(next.start))
            {
                *cell = Some((BOUNDARY, next.basis));
            }
        }
        if let Some(end) = &p.end {
            let c = scale.col(end.date);
            let possible_follows = p.periods.last().is_some_and(|l| l.basis == Basis::Possible);
            if !possible_follows && let Some(cell) = cells.get_mut(c) {
                *cell = Some((END, Basis::Recorded));
            }
        }
        let bar: String = cells
            .iter()
            .map(|c| match c {
                Some((g, basis)) => paint(cx.color, style_for(*basis), &g.to_string()),
                None => " ".to_owned(),
            })
            .collect();
        let id: String = item.treaty.id.chars().take(label_w).collect();
        writeln!(out, "{id:<label_w$}  {}", bar.trim_end())?;

        // Boundary years under the lane.
        let mut labels = vec![' '; cols];
        let mut dates: Vec<NaiveDate> = p.periods.iter().map(|x| x.start).collect();
        if let Some(e) = p.periods.last().and_then(|l| l.end) {
            dates.push(e);
        }
        for d in dates {
            place(&mut labels, scale.col(d), &d.year().to_string());
        }
        let labels: String = labels.into_iter().collect();
        if !labels.trim().is_empty() {
            writeln!(out, "{}  {}", " ".repeat(label_w), labels.trim_end())?;
        }
        Ok(())
    }
}

fn describe_period(period: &Period) -> String {
    let kind = match period.kind {
        PeriodKind::Initial => "initial term",
        PeriodKind::Renewal => "renewal",
        PeriodKind::Extension => "extension",
    };
    let end = period
        .end
        .map_or_else(|| "open-ended".to_owned(), |e| e.to_string());
    format!(
        "period {} ({kind}, {}) {} → {end}",
        period.index,
        period.basis.as_str(),
        period.start
    )
}

/// What happens at `boundary`, the end of the current period.
pub(super) fn what_next(t: &Treaty, p: &Projection, boundary: NaiveDate) -> String {
    if let Some(end) = p.end.as_ref().filter(|e| e.date == boundary) {
        return match end.reason {
            EndReason::Expiry => match p.periods.last() {
                Some(last) if last.basis == Basis::Possible && last.start == boundary => {
                    "expires unless the parties agree to renew".to_owned()
                }
                _ => "expires".to_owned(),
            },
            EndReason::NonRenewal => "ends: a non-renewal notice takes effect".to_owned(),
            EndReason::Withdrawal => "ends: a withdrawal takes effect".to_owned(),
            EndReason::Termination => "ends: terminated".to_owned(),
        };
    }
    // Periods are in date order: a binary search, not a scan, so a report
    // asking this at every boundary stays linear.
    let at = p.periods.partition_point(|x| x.start < boundary);
    let next = p
        .periods
        .get(at)
        .filter(|x| x.start == boundary)
        .or_else(|| p.current.as_ref().filter(|x| x.start == boundary));
    match next {
        Some(n) if n.basis == Basis::Automatic => {
            let len = t.renewal.as_ref().and_then(|r| r.length).or(t
                .term
                .duration
                .length()
                .copied());
            match len {
                Some(l) => format!("renews automatically for {l}"),
                None => "renews automatically".to_owned(),
            }
        }
        Some(n) if n.kind == PeriodKind::Extension => "extended (recorded)".to_owned(),
        Some(_) => "renewed (recorded)".to_owned(),
        None => "the next period begins".to_owned(),
    }
}

/// Writes `text` under a label in the details column, wrapped to `width`.
fn labelled(out: &mut dyn Write, label: &str, text: &str, width: usize) -> io::Result<()> {
    let wrapped = textwrap::wrap(text, width.saturating_sub(12).max(20));
    for (i, line) in wrapped.iter().enumerate() {
        let head = if i == 0 { label } else { "" };
        writeln!(out, "  {head:<10}{line}")?;
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
            "{b} {} ({}){}",
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
    for (i, e) in super::summary::events_by_date(t).into_iter().enumerate() {
        let head = if i == 0 {
            "  events    "
        } else {
            "            "
        };
        let what = super::summary::event_text(e);
        let note = e.note.as_deref().map_or_else(String::new, |n| {
            format!(": {}", super::visible::one_line(n))
        });
        // One line per event here; `project` and the reports carry the full note.
        let line = format!("{} {what}{note}", e.date);
        let wrapped = textwrap::wrap(&line, wrap_w.saturating_sub(1));
        let first = wrapped.first().map_or("", |l| l.as_ref());
        let more = if wrapped.len() > 1 { "…" } else { "" };
        writeln!(out, "{head}{first}{more}")?;
    }
    if let Some(c) = &t.caveat {
        for (i, line) in textwrap::wrap(c, wrap_w).iter().enumerate() {
            let head = if i == 0 {
                "  caveat    "
            } else {
                "            "
            };
            writeln!(
                out,
                "{head}{}",
                paint(cx.color, AnsiColor::Yellow.on_default(), line)
            )?;
        }
    }
    Ok(())
}
