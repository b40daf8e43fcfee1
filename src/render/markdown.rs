//! `report --format md`: a summary table, then each treaty's periods,
//! deadlines, withdrawals, events with their sources, and caveats.
//!
//! Written for GitHub-flavoured Markdown: pipe tables, a `[!WARNING]` alert
//! for caveats (a plain quote elsewhere), and one `## <id>` heading per
//! treaty so the summary links to `#<id>` (ids are already lowercase ASCII
//! and `-`, which is exactly what GitHub keeps in an anchor).

use std::io::{self, Write};

use super::summary::{
    basis_name, deadline_label, deadline_text, end_text, event_text, events_by_date, kind_name,
    rules_text, state_text, summary_row,
};
use super::{Context, Projected, Render};

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

fn cell(s: Option<&str>) -> String {
    s.map_or_else(|| "—".to_owned(), md_text)
}

impl Render for Markdown {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let today = cx.horizon.today;
        writeln!(out, "# Treaty report")?;
        writeln!(out)?;
        writeln!(
            out,
            "As of {today}; periods listed to {}; {} {}.",
            cx.horizon.until,
            items.len(),
            if items.len() == 1 {
                "treaty"
            } else {
                "treaties"
            }
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "| Treaty | State | Current period | Next boundary | Next deadline |"
        )?;
        writeln!(out, "| --- | --- | --- | --- | --- |")?;
        for item in items {
            let row = summary_row(item, today);
            writeln!(
                out,
                "| [{}](#{}) | {} | {} | {} | {} |",
                md_text(item.treaty.display_name()),
                item.treaty.id,
                md_text(&row.state),
                cell(row.current.as_deref()),
                cell(row.next_boundary.as_deref()),
                cell(row.next_deadline.as_deref()),
            )?;
        }
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
    writeln!(out, "- Parties: {}", md_text(&t.parties.join(", ")))?;
    match t.in_force {
        Some(f) => writeln!(out, "- Signed {}; in force {f}", t.signed)?,
        None => writeln!(out, "- Signed {}; entry into force not recorded", t.signed)?,
    }
    writeln!(out, "- Rules: {}", md_text(&rules_text(t, p)))?;
    writeln!(
        out,
        "- Status on {}: {}",
        cx.horizon.today,
        md_text(&state_text(p))
    )?;
    match &p.end {
        Some(e) => writeln!(
            out,
            "- End: {} ({}; last day in force {}){}",
            e.date,
            e.reason.as_str(),
            end_text(e.date.pred_opt()),
            if e.assumed { " \\[assumed\\]" } else { "" }
        )?,
        None => writeln!(out, "- End: none projected")?,
    }
    if let Some(c) = &t.caveat {
        writeln!(out)?;
        writeln!(out, "> [!WARNING]")?;
        writeln!(out, "> **Caveat.** {}", md_text(c))?;
    }

    writeln!(out)?;
    writeln!(out, "### Periods")?;
    writeln!(out)?;
    if p.periods.is_empty() {
        writeln!(out, "None listed: the treaty ended before it began.")?;
    } else {
        writeln!(
            out,
            "| # | Kind | Basis | Start | End (first day out) | Last day in force |"
        )?;
        writeln!(out, "| ---: | --- | --- | --- | --- | --- |")?;
        for period in &p.periods {
            writeln!(
                out,
                "| {} | {} | {}{} | {} | {} | {} |",
                period.index,
                kind_name(period.kind),
                basis_name(period.basis),
                if period.assumed { " \\[assumed\\]" } else { "" },
                period.start,
                end_text(period.end),
                period
                    .last_day()
                    .map_or_else(|| "—".to_owned(), |d| d.to_string()),
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "### Deadlines")?;
    writeln!(out)?;
    if p.deadlines.is_empty() {
        writeln!(out, "None.")?;
    } else {
        writeln!(out, "| Date | Kind | What | Lenient reading | Period |")?;
        writeln!(out, "| --- | --- | --- | --- | ---: |")?;
        for d in &p.deadlines {
            writeln!(
                out,
                "| {} | {} | {}{} | {} | {} |",
                d.date,
                deadline_label(d.kind),
                md_text(&deadline_text(d)),
                if d.assumed { " \\[assumed\\]" } else { "" },
                d.latest.map_or_else(|| "—".to_owned(), |l| l.to_string()),
                d.period.map_or_else(|| "—".to_owned(), |i| i.to_string()),
            )?;
        }
    }

    if !p.withdrawals.is_empty() {
        writeln!(out)?;
        writeln!(out, "### Withdrawals")?;
        writeln!(out)?;
        writeln!(
            out,
            "| Party | Notice received | Effective (first day not bound) |"
        )?;
        writeln!(out, "| --- | --- | --- |")?;
        for w in &p.withdrawals {
            writeln!(
                out,
                "| {} | {} | {}{} |",
                cell(w.party.as_deref()),
                w.notice.map_or_else(|| "—".to_owned(), |n| n.to_string()),
                w.effective,
                if w.by_non_renewal {
                    " (non-renewal)"
                } else {
                    ""
                },
            )?;
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
            line.push_str(&format!(" ([source]({}))", md_url(s)));
        }
        writeln!(out, "{line}")?;
    }

    if !t.sources.is_empty() {
        writeln!(out)?;
        writeln!(out, "### Sources")?;
        writeln!(out)?;
        for s in &t.sources {
            writeln!(out, "- {}", md_url(s))?;
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
