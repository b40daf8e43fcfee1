//! `report --format svg`: a proportional Gantt-style chart, one lane per
//! treaty on a shared year axis.
//!
//! Choices that keep it readable on screen and on paper:
//! - periods are told apart by lightness *and* texture (recorded: solid
//!   dark; automatic: light with hatching; possible: pale with a dashed
//!   outline), so the chart survives greyscale printing;
//! - every label is real `<text>` (searchable, selectable, read by screen
//!   readers), each lane and mark has a `<title>`, and the chart has a
//!   `<title>`/`<desc>` pair;
//! - the name column, the today label, the axis labels and the legend each
//!   have their own row or column, so no two labels can overlap; names that
//!   do not fit are shortened with "…" (the full name is in the lane title);
//! - the axis step (1 to 1000 years) is the smallest that leaves room for
//!   every year label.
//!
//! The chart ends at the horizon (`--until`): a period running past it ends
//! in an arrow rather than stretching the axis to its end.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};

use super::summary::{
    basis_name, deadline_label, deadline_text, end_text, event_text, kind_name, short_name,
    state_text,
};
use super::{Context, Projected, Render};
use crate::engine::{Basis, DeadlineKind, Period};

/// The SVG chart.
#[derive(Clone, Copy, Debug, Default)]
pub struct Svg;

impl Render for Svg {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        out.write_all(chart(items, cx).as_bytes())
    }
}

/// Escapes text for XML character data and attribute values.
pub(crate) fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and line breaks are not
            // allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            // Nor are these two noncharacters (XML 1.0, section 2.2).
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `s` cut to `max` characters, the last one an ellipsis when cut.
fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut cut: String = s.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

pub(crate) const WIDTH: f64 = 1200.0;
const MARGIN: f64 = 16.0;
const LABEL_W: f64 = 300.0;
/// Room right of the axis for the arrow of a period that runs on.
const ARROW_ROOM: f64 = 14.0;
pub(crate) const LANES_TOP: f64 = 100.0;
pub(crate) const LANE_H: f64 = 34.0;
/// The bar's top and height within a lane.
pub(crate) const BAR_TOP: f64 = 11.0;
pub(crate) const BAR_H: f64 = 12.0;
/// Average glyph widths of the sans-serif fonts we name, in ems; generous,
/// so that a label we think fits does fit.
const EM_BOLD: f64 = 0.64;
const EM: f64 = 0.58;

pub(crate) const RECORDED_FILL: &str = "#1f4e79";
pub(crate) const AUTOMATIC_FILL: &str = "#a9c8e8";
const AUTOMATIC_HATCH: &str = "#4a7fb5";
pub(crate) const POSSIBLE_FILL: &str = "#fdf1c7";
const POSSIBLE_STROKE: &str = "#9a7b00";
const DEADLINE_FILL: &str = "#c0392b";
const TODAY_STROKE: &str = "#c0392b";
const EVENT_FILL: &str = "#333333";
const GRID: &str = "#c9ced4";
const GRID_MINOR: &str = "#e6e9ec";
const STRIPE: &str = "#f3f5f7";
const MUTED: &str = "#555555";

/// Where things go: the date range, its scale and the axis step.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    /// The first day of the axis (1 January of a multiple of `step`).
    first: NaiveDate,
    /// The last day of the axis (1 January of a multiple of `step`).
    last: NaiveDate,
    /// Years between labelled ticks.
    step: i32,
    x0: f64,
    x1: f64,
}

impl Layout {
    pub(crate) fn new(items: &[Projected<'_>], cx: &Context) -> Layout {
        let (lo, hi) = date_range(items, cx);
        let x0 = MARGIN + LABEL_W;
        let x1 = WIDTH - MARGIN - ARROW_ROOM;
        let years = hi.year().saturating_sub(lo.year()).saturating_add(1);
        // A four-digit label at 11px is about 28px wide: leave as much again.
        let max_ticks = ((x1 - x0) / 56.0).max(1.0);
        let step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
            .into_iter()
            .find(|s| f64::from(years) / f64::from(*s) <= max_ticks)
            .unwrap_or(2000);
        let y0 = lo.year().div_euclid(step) * step;
        let y1 = (hi.year().div_euclid(step).saturating_add(1)) * step;
        let first = NaiveDate::from_ymd_opt(y0.max(1), 1, 1).unwrap_or(lo);
        let last = NaiveDate::from_ymd_opt(y1, 1, 1).unwrap_or(crate::engine::calendar::MAX_DATE);
        Layout {
            first,
            last,
            step,
            x0,
            x1,
        }
    }

    /// The x of a day; days off the axis are pinned to its ends.
    pub(crate) fn x(&self, d: NaiveDate) -> f64 {
        let total = (self.last - self.first).num_days().max(1) as f64;
        let off = (d - self.first).num_days() as f64;
        self.x0 + (off / total).clamp(0.0, 1.0) * (self.x1 - self.x0)
    }

    fn on_axis(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// The top of lane `i`.
    pub(crate) fn lane_top(i: usize) -> f64 {
        LANES_TOP + LANE_H * i as f64
    }

    /// The chart area's left and right edges.
    pub(crate) fn chart_x(&self) -> (f64, f64) {
        (self.x0, self.x1)
    }
}

/// The days the chart must show: every listed period up to the horizon,
/// signature, recorded events, deadlines up to the horizon, and today.
fn date_range(items: &[Projected<'_>], cx: &Context) -> (NaiveDate, NaiveDate) {
    let today = cx.horizon.today;
    let until = cx.horizon.until;
    let mut lo = today;
    let mut hi = today;
    for item in items {
        let p = &item.projection;
        lo = lo.min(item.treaty.signed).min(p.anchor);
        for period in &p.periods {
            lo = lo.min(period.start);
            let end = period.end.unwrap_or(until).min(until).max(period.start);
            hi = hi.max(end);
        }
        if let Some(e) = p.end.as_ref().filter(|e| e.date <= until) {
            hi = hi.max(e.date);
        }
        for e in &item.treaty.events {
            lo = lo.min(e.date);
            if e.date <= until {
                hi = hi.max(e.date);
            }
        }
        for d in p.deadlines.iter().filter(|d| d.date <= until) {
            lo = lo.min(d.date);
            hi = hi.max(d.date);
        }
    }
    (lo, hi)
}

fn fill_for(basis: Basis) -> &'static str {
    match basis {
        Basis::Recorded => RECORDED_FILL,
        Basis::Automatic => "url(#tl-automatic)",
        Basis::Possible => POSSIBLE_FILL,
    }
}

fn period_title(p: &Period) -> String {
    format!(
        "period {} · {} ({}), {} → {}{}",
        super::wording::period_number(p.index),
        kind_name(p.kind),
        basis_name(p.basis),
        p.start,
        end_text(p.end),
        p.last_day()
            .map_or_else(String::new, |l| format!(" (last day in force {l})"))
    )
}

/// The chart as one `<svg>` element (no XML declaration), for the SVG file
/// and for inlining in HTML.
pub(crate) fn chart(items: &[Projected<'_>], cx: &Context) -> String {
    // v2 section R: each reading gets its own lane under its treaty's,
    // labelled "└ name" and drawn thinner.
    let reading_treaties: Vec<Vec<crate::model::Treaty>> = items
        .iter()
        .map(|item| {
            item.projection
                .readings
                .iter()
                .filter_map(|r| {
                    let mut t = item.treaty.with_reading(&r.name)?;
                    t.short = Some(format!("└ {}", r.name));
                    t.caveat = r.why.clone();
                    Some(t)
                })
                .collect()
        })
        .collect();
    let mut expanded: Vec<Projected<'_>> = Vec::new();
    for (item, treaties) in items.iter().zip(&reading_treaties) {
        expanded.push(item.clone());
        for (t, r) in treaties.iter().zip(&item.projection.readings) {
            expanded.push(Projected {
                treaty: t,
                projection: (*r.projection).clone(),
            });
        }
    }
    let items = expanded.as_slice();
    let layout = Layout::new(items, cx);
    let today = cx.horizon.today;
    let lanes_bottom = Layout::lane_top(items.len());
    let (x0, x1) = layout.chart_x();
    let legend_top = lanes_bottom + 40.0;
    let legend = legend_rows();
    let height = legend_top + 20.0 * legend.len() as f64 + 8.0;
    let title = match items {
        [one] => format!("{}: timeline as of {today}", one.treaty.display_name()),
        _ => format!("Treaty timelines as of {today}"),
    };
    let y_first = layout.first.year();
    let y_last = layout.last.year();
    let desc = format!(
        "A Gantt chart of {} {} from {y_first} to {y_last}, one lane per treaty. \
Periods are bars: solid dark for recorded periods, light hatched for automatic renewals \
projected by the treaty's rule, pale with a dashed outline for renewals the parties could agree to. \
White gaps mark boundaries between periods, black bars the end of a treaty, red diamonds \
non-renewal notice deadlines, hollow diamonds withdrawal dates, dots recorded events, and a \
dashed red line today ({today}). Periods are listed to {}; an arrow means a period runs on. \
A dagger (†) after a name marks a treaty with a caveat, given in the lane's tooltip.",
        items.len(),
        if items.len() == 1 {
            "treaty"
        } else {
            "treaties"
        },
        cx.horizon.until
    );

    let mut s = String::new();
    // Writing to a String cannot fail: the results below are ignored.
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0}" height="{height:.0}" viewBox="0 0 {WIDTH:.0} {height:.0}" role="img" aria-labelledby="tl-title tl-desc" font-family="DejaVu Sans, Verdana, Arial, Helvetica, sans-serif">"#
    );
    let _ = writeln!(s, r#"<title id="tl-title">{}</title>"#, xml_text(&title));
    let _ = writeln!(s, r#"<desc id="tl-desc">{}</desc>"#, xml_text(&desc));
    let _ = writeln!(
        s,
        r#"<defs><pattern id="tl-automatic" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{AUTOMATIC_FILL}"/><rect width="2" height="6" fill="{AUTOMATIC_HATCH}"/></pattern></defs>"#
    );
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{WIDTH:.0}" height="{height:.0}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        s,
        r#"<text x="{MARGIN:.0}" y="30" font-size="18" font-weight="bold">{}</text>"#,
        xml_text(&title)
    );
    let _ = writeln!(
        s,
        r#"<text x="{MARGIN:.0}" y="50" font-size="12" fill="{MUTED}">Periods listed to {}; every bar and mark carries its exact dates as a tooltip; † marks a treaty with a caveat (in its tooltip).</text>"#,
        cx.horizon.until
    );

    // Lane stripes first, so the grid and today's line are drawn over them.
    for i in (0..items.len()).filter(|i| i % 2 == 1) {
        let _ = writeln!(
            s,
            r#"<rect x="{MARGIN:.0}" y="{:.1}" width="{:.1}" height="{LANE_H:.0}" fill="{STRIPE}"/>"#,
            Layout::lane_top(i),
            WIDTH - 2.0 * MARGIN
        );
    }

    // Unlabelled minor gridlines between the labelled ones, so a date can be
    // read to the half-step or closer.
    let minor = match layout.step {
        s if s % 2 == 0 => s / 2,
        s if s % 5 == 0 => s / 5,
        _ => 0,
    };
    let minor_px = NaiveDate::from_ymd_opt(y_first.saturating_add(minor), 1, 1)
        .map_or(0.0, |d| layout.x(d) - x0);
    if minor > 0 && minor_px >= 14.0 {
        let mut y = y_first;
        while y < y_last {
            if y % layout.step != 0
                && let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1)
            {
                let x = layout.x(d);
                let _ = writeln!(
                    s,
                    r#"<line x1="{x:.1}" y1="{LANES_TOP:.1}" x2="{x:.1}" y2="{lanes_bottom:.1}" stroke="{GRID_MINOR}" stroke-width="1"/>"#
                );
            }
            y = y.saturating_add(minor);
        }
    }

    // The year axis, labelled above and below the lanes.
    let _ = writeln!(
        s,
        r#"<g font-size="11" fill="{MUTED}" text-anchor="middle">"#
    );
    let mut y = y_first;
    while y <= y_last {
        if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
            let x = layout.x(d);
            let _ = writeln!(
                s,
                r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{lanes_bottom:.1}" stroke="{GRID}" stroke-width="1"/>"#,
                LANES_TOP - 4.0
            );
            let _ = writeln!(s, r#"<text x="{x:.1}" y="90">{y}</text>"#);
            let _ = writeln!(
                s,
                r#"<text x="{x:.1}" y="{:.1}">{y}</text>"#,
                lanes_bottom + 16.0
            );
        }
        y = y.saturating_add(layout.step);
    }
    let _ = writeln!(s, "</g>");

    for (i, item) in items.iter().enumerate() {
        lane(&mut s, &layout, cx.horizon.until, i, item);
    }

    // Today, over everything else in the chart area.
    let tx = layout.x(today);
    let _ = writeln!(
        s,
        r#"<line x1="{tx:.1}" y1="{:.1}" x2="{tx:.1}" y2="{lanes_bottom:.1}" stroke="{TODAY_STROKE}" stroke-width="1.5" stroke-dasharray="5 3"><title>today: {today}</title></line>"#,
        LANES_TOP - 6.0
    );
    let label = format!("today {today}");
    let half = label.chars().count() as f64 * 11.0 * EM / 2.0;
    let anchor = if tx + half > WIDTH - MARGIN {
        "end"
    } else if tx - half < x0 {
        "start"
    } else {
        "middle"
    };
    let _ = writeln!(
        s,
        r#"<text x="{tx:.1}" y="72" font-size="11" font-weight="bold" fill="{TODAY_STROKE}" text-anchor="{anchor}">{label}</text>"#
    );

    legend_svg(&mut s, legend_top, &legend);
    let _ = x1;
    let _ = writeln!(s, "</svg>");
    s
}

fn lane(s: &mut String, layout: &Layout, until: NaiveDate, i: usize, item: &Projected<'_>) {
    let t = item.treaty;
    let p = &item.projection;
    let top = Layout::lane_top(i);
    // A reading's lane is thin: a third of the bar, centred.
    let thin = t.reading.is_some();
    let (bar_top, bar_h) = if thin {
        (top + BAR_TOP + BAR_H / 3.0, BAR_H / 3.0)
    } else {
        (top + BAR_TOP, BAR_H)
    };
    let mid = bar_top + bar_h / 2.0;
    let (_, x1) = layout.chart_x();
    let state = state_text(p);
    let caveat = t
        .caveat
        .as_deref()
        .map_or_else(String::new, |c| format!(" Caveat: {c}"));
    let _ = writeln!(
        s,
        r#"<g><title>{}: {}{}</title>"#,
        xml_text(&format!("{} ({})", t.display_name(), t.id)),
        xml_text(&state),
        xml_text(&caveat)
    );
    let name_max = ((LABEL_W - 8.0) / (12.0 * EM_BOLD)) as usize;
    let dagger = if t.caveat.is_some() { " †" } else { "" };
    let line_max = ((LABEL_W - 8.0) / (10.0 * EM)) as usize;
    let _ = writeln!(
        s,
        r#"<text x="{:.0}" y="{:.1}" font-size="12" font-weight="bold">{}</text>"#,
        MARGIN + 4.0,
        top + 14.0,
        xml_text(&format!(
            "{}{dagger}",
            fit(
                short_name(t),
                name_max.saturating_sub(dagger.chars().count())
            )
        ))
    );
    let _ = writeln!(
        s,
        r#"<text x="{:.0}" y="{:.1}" font-size="10" fill="{MUTED}">{}</text>"#,
        MARGIN + 4.0,
        top + 27.0,
        xml_text(&fit(&format!("{} · {state}", t.id), line_max))
    );

    for period in &p.periods {
        let a = layout.x(period.start);
        let runs_on = period.end.is_none_or(|e| e > layout.last);
        let b = period.end.map_or(x1, |e| layout.x(e));
        let w = (b - a).max(1.5);
        let stroke = if period.basis == Basis::Possible {
            format!(r#" stroke="{POSSIBLE_STROKE}" stroke-width="1" stroke-dasharray="3 2""#)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            r#"<rect x="{a:.1}" y="{bar_top:.1}" width="{w:.1}" height="{bar_h:.1}" fill="{}"{stroke}><title>{}</title></rect>"#,
            fill_for(period.basis),
            xml_text(&period_title(period))
        );
        // The last listed period of a treaty that goes on renewing past
        // the horizon: the arrow sits at its end, where the listing stops.
        let renews_on = !runs_on
            && period.end.is_some_and(|e| e > until)
            && p.periods.last().is_some_and(|l| l.index == period.index)
            && p.end.as_ref().is_none_or(|e| Some(e.date) != period.end);
        if runs_on || renews_on {
            let x1 = if runs_on { x1 } else { a + w };
            let fill = match period.basis {
                Basis::Recorded => RECORDED_FILL,
                Basis::Automatic => AUTOMATIC_HATCH,
                Basis::Possible => POSSIBLE_STROKE,
            };
            let _ = writeln!(
                s,
                r#"<path d="M{:.1} {:.1} L{:.1} {mid:.1} L{:.1} {:.1} Z" fill="{fill}"><title>{}</title></path>"#,
                x1 + 1.0,
                bar_top - 2.0,
                x1 + 10.0,
                x1 + 1.0,
                bar_top + bar_h + 2.0,
                if runs_on {
                    format!("runs on past {}", layout.last)
                } else {
                    format!("renews again: periods are listed to {until}")
                }
            );
        }
    }
    // Boundaries: a white gap where one period gives way to the next.
    for period in p.periods.iter().filter(|x| x.index > 0) {
        let x = layout.x(period.start);
        let _ = writeln!(
            s,
            r##"<line x1="{x:.1}" y1="{bar_top:.1}" x2="{x:.1}" y2="{:.1}" stroke="#ffffff" stroke-width="1.5"><title>boundary {}</title></line>"##,
            bar_top + bar_h,
            period.start
        );
    }
    if let Some(end) = p.end.as_ref().filter(|e| layout.on_axis(e.date)) {
        let x = layout.x(end.date);
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="3" height="{:.0}" fill="#111111"><title>{}</title></rect>"##,
            x - 1.5,
            bar_top - 4.0,
            bar_h + 8.0,
            xml_text(&format!(
                "end {} ({}; last day in force {})",
                end.date,
                end.reason.as_str(),
                end_text(end.date.pred_opt())
            ))
        );
    }
    if p.pending {
        // v2 section P: signed, not in force: a dashed outline from signature.
        let a = layout.x(t.signed);
        let b = p.end.as_ref().map_or(x1, |e| layout.x(e.date));
        let _ = writeln!(
            s,
            r#"<rect x="{a:.1}" y="{bar_top:.1}" width="{:.1}" height="{bar_h:.1}" fill="none" stroke="{MUTED}" stroke-width="1.2" stroke-dasharray="2 3"><title>{}</title></rect>"#,
            (b - a).max(1.5),
            xml_text(&format!("not in force (signed {})", t.signed))
        );
    }
    for m in p.milestones.iter().filter(|m| layout.on_axis(m.date)) {
        let x = layout.x(m.date);
        let _ = writeln!(
            s,
            r#"<path d="M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="{MILESTONE_FILL}"><title>{}</title></path>"#,
            bar_top - 1.0,
            x - 4.0,
            bar_top - 8.0,
            x + 4.0,
            bar_top - 8.0,
            xml_text(&format!("milestone {}: {}", m.date, m.title))
        );
    }
    // Deadlines above the bar, events below it.
    for d in p.deadlines.iter().filter(|d| layout.on_axis(d.date)) {
        let x = layout.x(d.date);
        let cy = top + 6.0;
        let (fill, stroke) = match d.kind {
            DeadlineKind::NonRenewalNotice => (DEADLINE_FILL, DEADLINE_FILL),
            DeadlineKind::WithdrawalOpens
            | DeadlineKind::WithdrawalEffective
            | DeadlineKind::WithdrawalWindow
            | DeadlineKind::SurvivalEnds => ("#ffffff", DEADLINE_FILL),
        };
        let _ = writeln!(
            s,
            r#"<path d="M{x:.1} {:.1} L{:.1} {cy:.1} L{x:.1} {:.1} L{:.1} {cy:.1} Z" fill="{fill}" stroke="{stroke}" stroke-width="1.2"><title>{}</title></path>"#,
            cy - 4.5,
            x + 4.0,
            cy + 4.5,
            x - 4.0,
            xml_text(&format!(
                "{} {}: {}",
                deadline_label(d.kind),
                d.date,
                deadline_text(d)
            ))
        );
    }
    let mut events: Vec<_> = t.events.iter().filter(|e| layout.on_axis(e.date)).collect();
    events.sort_by_key(|e| e.date);
    for e in events {
        let x = layout.x(e.date);
        let note = e
            .note
            .as_deref()
            .map_or_else(String::new, |n| format!(": {n}"));
        let _ = writeln!(
            s,
            r#"<circle cx="{x:.1}" cy="{:.1}" r="2.6" fill="{EVENT_FILL}"><title>{}</title></circle>"#,
            top + 28.5,
            xml_text(&format!("{} {}{note}", e.date, event_text(e)))
        );
    }
    let _ = writeln!(s, "</g>");
}

/// One legend entry: its swatch and its text.
#[derive(Clone, Copy)]
enum Swatch {
    Recorded,
    Automatic,
    Possible,
    Boundary,
    End,
    NoticeDeadline,
    WithdrawalDate,
    Event,
    Today,
    Milestone,
    NotInForce,
}

/// The colour of milestone markers.
const MILESTONE_FILL: &str = "#7a4cc2";

const LEGEND: [(Swatch, &str); 11] = [
    (Swatch::Recorded, "recorded period"),
    (Swatch::Automatic, "automatic renewal (by rule)"),
    (Swatch::Possible, "possible renewal (by agreement)"),
    (Swatch::Boundary, "boundary"),
    (Swatch::End, "end"),
    (Swatch::NoticeDeadline, "non-renewal notice deadline"),
    (Swatch::WithdrawalDate, "withdrawal opens / takes effect"),
    (Swatch::Event, "recorded event"),
    (Swatch::Today, "today"),
    (Swatch::Milestone, "milestone"),
    (Swatch::NotInForce, "not in force (pending)"),
];

/// The legend entries, flowed into rows that fit the width.
fn legend_rows() -> Vec<Vec<(Swatch, &'static str, f64)>> {
    let mut rows: Vec<Vec<(Swatch, &'static str, f64)>> = vec![Vec::new()];
    let mut x = MARGIN;
    for (swatch, text) in LEGEND {
        let w = 26.0 + text.chars().count() as f64 * 11.0 * EM + 18.0;
        if x + w > WIDTH - MARGIN && rows.last().is_some_and(|r| !r.is_empty()) {
            rows.push(Vec::new());
            x = MARGIN;
        }
        if let Some(row) = rows.last_mut() {
            row.push((swatch, text, x));
        }
        x += w;
    }
    rows
}

fn legend_svg(s: &mut String, top: f64, rows: &[Vec<(Swatch, &'static str, f64)>]) {
    let _ = writeln!(s, r#"<g font-size="11">"#);
    for (r, row) in rows.iter().enumerate() {
        let y = top + 20.0 * r as f64;
        let mid = y - 4.0;
        for (swatch, text, x) in row {
            let x = *x;
            let shape = match swatch {
                Swatch::Recorded => format!(
                    r#"<rect x="{x:.1}" y="{:.1}" width="20" height="10" fill="{RECORDED_FILL}"/>"#,
                    mid - 5.0
                ),
                Swatch::Automatic => format!(
                    r#"<rect x="{x:.1}" y="{:.1}" width="20" height="10" fill="url(#tl-automatic)"/>"#,
                    mid - 5.0
                ),
                Swatch::Possible => format!(
                    r#"<rect x="{x:.1}" y="{:.1}" width="20" height="10" fill="{POSSIBLE_FILL}" stroke="{POSSIBLE_STROKE}" stroke-dasharray="3 2"/>"#,
                    mid - 5.0
                ),
                Swatch::Boundary => format!(
                    r##"<rect x="{x:.1}" y="{:.1}" width="20" height="10" fill="{RECORDED_FILL}"/><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#ffffff" stroke-width="1.5"/>"##,
                    mid - 5.0,
                    x + 10.0,
                    mid - 5.0,
                    x + 10.0,
                    mid + 5.0
                ),
                Swatch::End => format!(
                    r##"<rect x="{:.1}" y="{:.1}" width="3" height="16" fill="#111111"/>"##,
                    x + 8.5,
                    mid - 8.0
                ),
                Swatch::NoticeDeadline | Swatch::WithdrawalDate => {
                    let fill = if matches!(swatch, Swatch::NoticeDeadline) {
                        DEADLINE_FILL
                    } else {
                        "#ffffff"
                    };
                    format!(
                        r#"<path d="M{:.1} {:.1} L{:.1} {mid:.1} L{:.1} {:.1} L{:.1} {mid:.1} Z" fill="{fill}" stroke="{DEADLINE_FILL}" stroke-width="1.2"/>"#,
                        x + 10.0,
                        mid - 4.5,
                        x + 14.0,
                        x + 10.0,
                        mid + 4.5,
                        x + 6.0
                    )
                }
                Swatch::Event => format!(
                    r#"<circle cx="{:.1}" cy="{mid:.1}" r="2.6" fill="{EVENT_FILL}"/>"#,
                    x + 10.0
                ),
                Swatch::Milestone => format!(
                    r#"<path d="M{:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="{MILESTONE_FILL}"/>"#,
                    x + 10.0,
                    mid + 4.0,
                    x + 6.0,
                    mid - 4.0,
                    x + 14.0,
                    mid - 4.0
                ),
                Swatch::NotInForce => format!(
                    r#"<rect x="{x:.1}" y="{:.1}" width="20" height="10" fill="none" stroke="{MUTED}" stroke-width="1.2" stroke-dasharray="2 3"/>"#,
                    mid - 5.0
                ),
                Swatch::Today => format!(
                    r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{TODAY_STROKE}" stroke-width="1.5" stroke-dasharray="5 3"/>"#,
                    x + 10.0,
                    mid - 8.0,
                    x + 10.0,
                    mid + 8.0
                ),
            };
            let _ = writeln!(
                s,
                r#"{shape}<text x="{:.1}" y="{y:.1}">{}</text>"#,
                x + 26.0,
                xml_text(text)
            );
        }
    }
    let _ = writeln!(s, "</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Horizon;
    use crate::model::load::parse_treaty;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const RU_UA: &str = r#"
title = "Treaty on Friendship"
short = "Russia-Ukraine Friendship Treaty"
parties = ["Ukraine", "Russia"]
signed = 1997-05-31
in_force = 1999-04-01
[term]
length = "10y"
[renewal]
mode = "automatic"
notice = "6m"
[[event]]
date = 2018-09-24
kind = "notice"
effect = "non-renewal"
party = "Ukraine"
"#;

    const AUTO: &str = r#"
title = "An automatic & <tricky> treaty"
parties = ["A", "B"]
signed = 1961-07-11
[term]
length = "20y"
[renewal]
mode = "automatic"
notice = "6m"
"#;

    fn projected<'a>(t: &'a crate::Treaty, cx: &Context) -> Projected<'a> {
        Projected {
            treaty: t,
            projection: crate::project(t, &cx.horizon).unwrap(),
        }
    }

    #[test]
    fn names_that_do_not_fit_are_shortened() {
        assert_eq!(fit("abcdef", 6), "abcdef");
        assert_eq!(fit("abcdefg", 6), "abcde…");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            xml_text(r#"a & <b> "c" 'd'"#),
            "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;"
        );
        assert_eq!(xml_text("bell\u{7}"), "bell");
    }

    #[test]
    fn the_axis_step_grows_with_the_span() {
        let cx = Context::plain(day(2026, 11, 29));
        let a = parse_treaty("a", AUTO).unwrap();
        let b = parse_treaty("ru-ua-1997", RU_UA).unwrap();
        let one = [projected(&b, &cx)];
        let l = Layout::new(&one, &cx);
        assert!(l.step <= 5, "{l:?}");
        let both = [projected(&a, &cx), projected(&b, &cx)];
        let l = Layout::new(&both, &cx);
        assert_eq!(l.step, 10, "{l:?}");
        assert_eq!(l.first, day(1960, 1, 1));
    }

    /// Renders the chart with resvg and looks at the pixels: each lane's bar
    /// is where the layout says, in the colours of its periods' bases.
    #[test]
    fn lanes_are_drawn_where_expected() {
        let cx = Context {
            horizon: Horizon {
                today: day(2026, 11, 29),
                until: day(2050, 1, 1),
            },
            ..Context::plain(day(2026, 11, 29))
        };
        let a = parse_treaty("auto-1961", AUTO).unwrap();
        let b = parse_treaty("ru-ua-1997", RU_UA).unwrap();
        let items = [projected(&a, &cx), projected(&b, &cx)];
        let svg = chart(&items, &cx);
        let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
        let size = tree.size().to_int_size();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        assert_eq!(size.width(), 1200);

        let layout = Layout::new(&items, &cx);
        let pixel = |x: f64, y: f64| {
            let p = pixmap.pixel(x as u32, y as u32).unwrap();
            format!("#{:02x}{:02x}{:02x}", p.red(), p.green(), p.blue())
        };
        let mid = |lane: usize| Layout::lane_top(lane) + BAR_TOP + BAR_H / 2.0;
        // Lane 0: recorded 1961-1981, automatic renewals after it.
        assert_eq!(pixel(layout.x(day(1970, 1, 1)), mid(0)), RECORDED_FILL);
        let auto = pixel(layout.x(day(1990, 6, 1)), mid(0));
        assert_ne!(auto, "#ffffff");
        assert_ne!(auto, RECORDED_FILL);
        // Lane 1: recorded 1999-2009, automatic 2009-2019, nothing after the end.
        assert_eq!(pixel(layout.x(day(2004, 1, 1)), mid(1)), RECORDED_FILL);
        assert_ne!(pixel(layout.x(day(2014, 1, 1)), mid(1)), STRIPE);
        assert_eq!(pixel(layout.x(day(2023, 1, 1)), mid(1)), STRIPE);
        // Before the first period, nothing but the lane background.
        assert_eq!(pixel(layout.x(day(1991, 6, 1)), mid(1)), STRIPE);
    }
}
