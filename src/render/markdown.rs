//! `report --format md`: a summary table, then each treaty's periods,
//! deadlines, withdrawals, events with their sources, and caveats.
//!
//! Written for GitHub-flavoured Markdown: pipe tables, a `[!WARNING]` alert
//! for caveats (a plain quote elsewhere), and one `## <id>` heading per
//! treaty so the summary links to `#<id>` (ids are already lowercase ASCII
//! and `-`, which is exactly what GitHub keeps in an anchor).

use std::io::{self, Write};

use super::summary::{
    Cell, CellKind, Table, detail_facts, detail_sections, event_text, events_by_date, summary_table,
};
use super::{Context, Projected, Render, count};

/// The Markdown report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Markdown;

/// Escapes text for a Markdown line or table cell: the characters that
/// would start emphasis, code, links, HTML or a new cell are backslashed, and
/// line breaks become spaces (a table row is one line).
pub(crate) fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            // `>` needs no escape: it starts a quote only at the start of a
            // line, where these values never stand, and `<` is escaped.
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A link destination in angle brackets, which allows parentheses; the few
/// characters it cannot hold are percent-encoded.
fn md_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 2);
    out.push('<');
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '\n' | '\r' => {}
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

fn cell(c: &Cell) -> String {
    match &c.kind {
        CellKind::Link(id) => format!("[{}](#{id})", md_text(&c.text)),
        CellKind::Value | CellKind::Prose | CellKind::Basis(_) => md_text(&c.text),
    }
}

/// Writes `t` as a pipe table, numeric columns aligned right.
fn table(out: &mut dyn Write, t: &Table) -> io::Result<()> {
    let heads: Vec<String> = t.columns.iter().map(|c| md_text(c.head)).collect();
    let rules: Vec<String> = t
        .columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" }.to_owned())
        .collect();
    table_row(out, &heads)?;
    table_row(out, &rules)?;
    for cells in &t.rows {
        table_row(out, &cells.iter().map(cell).collect::<Vec<_>>())?;
    }
    Ok(())
}

fn table_row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    writeln!(out, "| {} |", cells.join(" | "))
}

impl Render for Markdown {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let today = cx.horizon.today;
        writeln!(out, "# Treaty report")?;
        writeln!(out)?;
        writeln!(
            out,
            "As of {today}; periods listed to {}; {}.",
            cx.horizon.until,
            count(items.len(), "treaty", "treaties"),
        )?;
        writeln!(out)?;
        // The chart, in the fence Markdown tools render Mermaid from.
        let (chart, left_out) = super::mermaid::chart(items, cx);
        writeln!(out, "```mermaid")?;
        for l in chart {
            writeln!(out, "{l}")?;
        }
        writeln!(out, "```")?;
        writeln!(out)?;
        if !left_out.is_empty() {
            writeln!(
                out,
                "Not in the chart, because Mermaid cannot draw dates before the year 1000:"
            )?;
            writeln!(out)?;
            for l in left_out {
                writeln!(out, "- {}", md_text(&l))?;
            }
            writeln!(out)?;
        }
        table(out, &summary_table(items, today))?;
        for item in items {
            writeln!(out)?;
            treaty(item, cx, out)?;
        }
        Ok(())
    }
}

fn treaty(item: &Projected<'_>, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let t = item.treaty;
    let p = &item.projection;
    writeln!(out, "## {}", t.id)?;
    writeln!(out)?;
    match &t.short {
        Some(short) => writeln!(out, "**{}**: {}", md_text(short), md_text(&t.title))?,
        None => writeln!(out, "**{}**", md_text(&t.title))?,
    }
    writeln!(out)?;
    for fact in detail_facts(t, p, cx.horizon.today) {
        writeln!(out, "- {}", md_text(&fact))?;
    }
    if let Some(c) = &t.caveat {
        writeln!(out)?;
        writeln!(out, "> [!WARNING]")?;
        writeln!(out, "> **Caveat.** {}", md_text(c))?;
    }

    for section in detail_sections(p) {
        writeln!(out)?;
        writeln!(out, "### {}", section.title)?;
        writeln!(out)?;
        match &section.body {
            Ok(t) => table(out, t)?,
            Err(none) => writeln!(out, "{}", md_text(none))?,
        }
    }

    writeln!(out)?;
    writeln!(out, "### Events")?;
    writeln!(out)?;
    let events = events_by_date(t);
    if events.is_empty() {
        writeln!(out, "None recorded.")?;
    }
    for e in events {
        let mut line = format!("- **{}** {}", e.date, md_text(&event_text(e)));
        if let Some(n) = &e.note {
            line.push_str(": ");
            line.push_str(&md_text(n));
        }
        if let Some(s) = &e.source {
            // The publisher's name is the link's text, when the dataset lists
            // it; only a web address is a link (never `javascript:` and the like).
            let text = cx
                .publishers
                .and_then(|p| p.find(s))
                .map_or_else(|| "source".to_owned(), |p| md_text(&p.name));
            if super::is_web_link(s) {
                line.push_str(&format!(" ([{text}]({}))", md_url(s)));
            } else {
                line.push_str(&format!(" ({text}: {})", md_text(s)));
            }
        }
        writeln!(out, "{line}")?;
    }

    if !t.sources.is_empty() {
        writeln!(out)?;
        writeln!(out, "### Sources")?;
        writeln!(out)?;
        for s in &t.sources {
            match cx.publishers.and_then(|p| p.find(s)) {
                Some(p) if super::is_web_link(s) => writeln!(
                    out,
                    "- {} ({}, {})",
                    md_url(s),
                    md_text(&p.name),
                    p.kind.as_str()
                )?,
                _ if super::is_web_link(s) => writeln!(out, "- {}", md_url(s))?,
                _ => writeln!(out, "- {}", md_text(s))?,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_would_be_markup_is_escaped() {
        assert_eq!(
            md_text("a|b *c* [d](e) <f> ->"),
            r"a\|b \*c\* \[d\](e) \<f> ->"
        );
        assert_eq!(md_text("two\nlines"), "two lines");
    }

    #[test]
    fn urls_keep_parentheses_and_lose_spaces() {
        assert_eq!(md_url("https://x.org/a_(b) c"), "<https://x.org/a_(b)%20c>");
    }
}
