//! `report --format mermaid`: a Mermaid `gantt` chart, raw, as mermaid-cli
//! (`mmdc -i chart.mmd`) and the Mermaid live editor read it; the Markdown
//! report carries the same chart in a ```` ```mermaid ```` fence, which
//! GitHub, GitLab and most Markdown tools render in place.
//!
//! Every task has a row of its own (no `displayMode: compact`), so no label
//! is drawn over another; caveats and what Mermaid cannot draw follow the
//! chart as `%%` comments, which keep the file valid Mermaid.
//!
//! One section per treaty with its periods (recorded `done`, automatic
//! `active`, possible plain), its end and its deadlines as milestones.
//! Recorded events are left to the other reports: in a Gantt chart each
//! would take a row of its own.
//!
//! Mermaid reads dates with a four-digit year pattern and cannot show any
//! before the year 1000; such items are left out and a note under the block
//! lists them. Mermaid's own "today" marker reads the viewer's clock, so it is
//! turned off and `--today` is drawn as a milestone instead.

use std::io::{self, Write};

use chrono::NaiveDate;

use super::summary::{deadline_label, kind_name, short_name};
use super::{Context, Projected, Render};
use crate::engine::Basis;

/// The Mermaid report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mermaid;

/// Text Mermaid can take as a task or section name: `:` separates a task's
/// name from its data, `#` and `;` end a statement in some versions, and
/// `%%` starts a comment.
fn label(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| match c {
            ':' | ';' | '#' | '\n' | '\r' => ' ',
            // Mermaid may render labels as HTML: no tag survives.
            '<' => '‹',
            '>' => '›',
            c => c,
        })
        .collect();
    cleaned
        .replace("%%", "%")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The longest party name a milestone's label shows when the parties list
/// has a shorter one.
const MAX_PARTY: usize = 24;

fn first_showable() -> NaiveDate {
    NaiveDate::from_ymd_opt(1000, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The chart's lines, and the items it cannot show (dates before 1000).
pub(crate) fn chart(items: &[Projected<'_>], cx: &Context) -> (Vec<String>, Vec<String>) {
    {
        let today = cx.horizon.today;
        let until = cx.horizon.until;
        let showable = |d: NaiveDate| d >= first_showable();
        let mut left_out: Vec<String> = Vec::new();
        let mut body = Vec::new();
        for item in items {
            let t = item.treaty;
            let p = &item.projection;
            let name = label(short_name(t));
            let mut lines = Vec::new();
            for period in &p.periods {
                let end = period.end.unwrap_or_else(|| until.max(period.start));
                let open = if period.end.is_none() {
                    ", open-ended"
                } else {
                    ""
                };
                let what = format!(
                    "{} {} ({}{open})",
                    super::wording::period_number(period.index),
                    kind_name(period.kind),
                    period.basis.as_str()
                );
                if !showable(period.start) {
                    left_out.push(format!("{}: period {what} from {}", t.id, period.start));
                    continue;
                }
                let tag = match period.basis {
                    Basis::Recorded => "done, ",
                    Basis::Automatic => "active, ",
                    Basis::Possible => "",
                };
                lines.push(format!(
                    "    {} :{tag}{}, {}",
                    label(&what),
                    period.start,
                    end
                ));
            }
            if let Some(e) = &p.end {
                if showable(e.date) {
                    lines.push(format!(
                        "    ends ({}) :milestone, {}, 0d",
                        e.reason.as_str(),
                        e.date
                    ));
                } else {
                    left_out.push(format!("{}: end on {}", t.id, e.date));
                }
            }
            for d in &p.deadlines {
                let what = format!("{} {}", deadline_label(d.kind), d.date);
                let what = match &d.party {
                    // A long name would push the label over the section
                    // names: a shorter other name from the parties list.
                    Some(party) => format!(
                        "{what} ({})",
                        cx.parties
                            .and_then(|l| l.fitting(party, MAX_PARTY))
                            .unwrap_or(party)
                    ),
                    None => what,
                };
                if showable(d.date) {
                    lines.push(format!(
                        "    {} :crit, milestone, {}, 0d",
                        label(&what),
                        d.date
                    ));
                } else {
                    left_out.push(format!("{}: {what}", t.id));
                }
            }
            if !lines.is_empty() {
                body.push(format!("    section {name}"));
                body.extend(lines);
            }
        }

        let mut chart = vec![
            "gantt".to_owned(),
            format!("    title Treaty timelines as of {today}"),
            "    dateFormat YYYY-MM-DD".to_owned(),
            "    axisFormat %Y".to_owned(),
            "    todayMarker off".to_owned(),
        ];
        if showable(today) {
            chart.push("    section Today".to_owned());
            chart.push(format!("    today {today} :crit, milestone, {today}, 0d"));
        }
        chart.extend(body);
        (chart, left_out)
    }
}

impl Render for Mermaid {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let (chart, left_out) = chart(items, cx);
        for l in chart {
            writeln!(out, "{l}")?;
        }
        // A chart cannot carry a caveat: they follow it as comments, as the
        // spec wants every output to show them.
        let caveats: Vec<_> = items
            .iter()
            .filter_map(|i| Some((&i.treaty.id, i.treaty.caveat.as_ref()?)))
            .collect();
        if !caveats.is_empty() {
            writeln!(out, "%% Caveats:")?;
            for (id, c) in caveats {
                writeln!(
                    out,
                    "%% - {id}: {}",
                    c.split_whitespace().collect::<Vec<_>>().join(" ")
                )?;
            }
        }
        if !left_out.is_empty() {
            writeln!(
                out,
                "%% Not shown, because Mermaid cannot draw dates before the year 1000:"
            )?;
            for l in left_out {
                writeln!(out, "%% - {l}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::summary::fixture::render_one;

    #[test]
    fn names_lose_what_mermaid_would_read_as_syntax() {
        assert_eq!(label("A: b; c # d %% e\nf"), "A b c d % e f");
    }

    #[test]
    fn raw_mermaid_without_a_fence() {
        let out = render_one(
            &Mermaid,
            "t",
            "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2000-01-01\n[term]\nlength = \"5y\"\n",
        );
        assert!(out.starts_with("gantt\n"), "{out}");
        assert!(!out.contains("```") && !out.contains("compact"), "{out}");
    }

    #[test]
    fn dates_before_the_year_1000_are_listed_under_the_chart() {
        let out = render_one(
            &Mermaid,
            "old",
            r#"
title = "Old"
parties = ["A", "B"]
signed = 0800-01-01
[term]
length = "300y"
"#,
        );
        assert!(
            out.contains("%% - old: period 1 initial term (recorded) from 0800-01-01"),
            "{out}"
        );
        assert!(
            out.contains("ends (expiry) :milestone, 1100-01-01, 0d"),
            "{out}"
        );
    }
}
