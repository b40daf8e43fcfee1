//! `report --format html`: one self-contained page with the chart, the
//! summary table and each treaty's details.
//!
//! No script, no web font, no external stylesheet or image: the file opens
//! the same offline, in a mail attachment or years from now. The markup is
//! also well-formed XML (XHTML-compatible: every element closed, attributes
//! quoted, only XML's five entities), so it can be checked and processed by
//! any XML tool.

use std::io::{self, Write};

use super::summary::{
    Cell, CellKind, Column, Table, basis_name, detail_facts, detail_sections, event_text,
    events_by_date, summary_table,
};
use super::svg::{chart, xml_text};
use super::{Context, Projected, Render, count};

/// The HTML report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Html;

/// Print-friendly, light styling; the chart scales to the page width.
const STYLE: &str = "
body { font-family: 'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 1240px; margin: 1.5em auto; padding: 0 1em; line-height: 1.45; overflow-wrap: anywhere; }
code { font-size: 0.92em; background: #f0f2f4; padding: 0 0.2em; border-radius: 3px; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
h3 { font-size: 1.05em; margin-top: 1.4em; }
.muted { color: #555; }
figure { margin: 1em 0; }
figure svg { width: 100%; height: auto; }
time { white-space: nowrap; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.92em; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.55em; text-align: left; vertical-align: top; }
th { background: #f0f2f4; }
td.num { text-align: right; }
.caveat { border-left: 4px solid #b7950b; background: #fdf6dc; padding: 0.5em 0.9em; margin: 1em 0; }
.basis-recorded { font-weight: bold; }
.basis-possible { font-style: italic; }
ul.events li { margin-bottom: 0.3em; }
a { color: #1f4e79; }
@media print {
  body { max-width: none; margin: 0; }
  section.treaty { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
";

/// A `<td>`: numbers are aligned right, a period's basis styled, and dates
/// in prose marked up.
fn cell(column: &Column, c: &Cell) -> String {
    let (class, body) = match &c.kind {
        CellKind::Value => (None, xml_text(&c.text)),
        CellKind::Prose => (None, text(&c.text)),
        CellKind::Basis(b) => (Some(format!("basis-{}", basis_name(*b))), xml_text(&c.text)),
        CellKind::Link(id) => (
            None,
            format!(r##"<a href="#{}">{}</a>"##, xml_text(id), xml_text(&c.text)),
        ),
    };
    match class.or_else(|| column.numeric.then(|| "num".to_owned())) {
        Some(class) => format!(r#"<td class="{class}">{body}</td>"#),
        None => format!("<td>{body}</td>"),
    }
}

/// Writes `t` as a `<table>` with a head and a body.
fn table(out: &mut dyn Write, t: &Table) -> io::Result<()> {
    writeln!(out, "<table>")?;
    let heads: String = t
        .columns
        .iter()
        .map(|c| format!("<th>{}</th>", xml_text(c.head)))
        .collect();
    writeln!(out, "<thead><tr>{heads}</tr></thead>")?;
    writeln!(out, "<tbody>")?;
    for cells in &t.rows {
        let cells: String = t
            .columns
            .iter()
            .zip(cells)
            .map(|(col, c)| cell(col, c))
            .collect();
        writeln!(out, "<tr>{cells}</tr>")?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")
}

/// Escapes `s` and marks each `YYYY-MM-DD` in it up as `<time>`, which the
/// style keeps on one line: a table cell would otherwise break a date at
/// its hyphens.
fn text(s: &str) -> String {
    let escaped = xml_text(s);
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    while let Some(at) = find_date(rest) {
        let (before, from) = rest.split_at(at);
        let (date, after) = from.split_at(10);
        out.push_str(before);
        out.push_str(&format!(r#"<time datetime="{date}">{date}</time>"#));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The byte offset of the first `YYYY-MM-DD` in `s` that is not part of a
/// longer run of digits.
fn find_date(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let dash = |i: usize| b.get(i) == Some(&b'-');
    (0..b.len()).find(|&i| {
        (i == 0 || !digit(i - 1))
            && (0..4).all(|k| digit(i + k))
            && dash(i + 4)
            && digit(i + 5)
            && digit(i + 6)
            && dash(i + 7)
            && digit(i + 8)
            && digit(i + 9)
            && !digit(i + 10)
    })
}

impl Render for Html {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let today = cx.horizon.today;
        let title = match items {
            [one] => format!("{}: treaty report as of {today}", one.treaty.display_name()),
            _ => format!("Treaty report as of {today}"),
        };
        writeln!(out, "<!DOCTYPE html>")?;
        writeln!(
            out,
            r#"<html xmlns="http://www.w3.org/1999/xhtml" lang="en">"#
        )?;
        writeln!(out, "<head>")?;
        writeln!(out, r#"<meta charset="utf-8"/>"#)?;
        writeln!(
            out,
            r#"<meta name="viewport" content="width=device-width, initial-scale=1"/>"#
        )?;
        writeln!(out, r#"<meta name="generator" content="treatyline"/>"#)?;
        // Nothing runs in a report: no script, no plugin, no form, no base
        // change; only its own inline style and inline images.
        writeln!(
            out,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>"
        )?;
        writeln!(out, "<title>{}</title>", xml_text(&title))?;
        writeln!(out, "<style>{STYLE}</style>")?;
        writeln!(out, "</head>")?;
        writeln!(out, "<body>")?;
        writeln!(out, "<header>")?;
        writeln!(out, "<h1>{}</h1>", xml_text(&title))?;
        writeln!(
            out,
            r#"<p class="muted">As of {today}; periods listed to {}; {}. A date at which something ends is the first day it no longer holds.</p>"#,
            cx.horizon.until,
            count(items.len(), "treaty", "treaties"),
        )?;
        writeln!(out, "</header>")?;
        writeln!(out, "<figure>")?;
        out.write_all(chart(items, cx).as_bytes())?;
        writeln!(out, "</figure>")?;

        writeln!(out, r#"<h2 id="summary">Summary</h2>"#)?;
        table(out, &summary_table(items, today))?;

        for item in items {
            treaty(item, cx, out)?;
        }
        writeln!(out, "</body>")?;
        writeln!(out, "</html>")
    }
}

/// Text with the inline markup a caveat uses: `code` between backticks
/// (an unpaired backtick stays as it is), and dates as in [`text`].
fn inline_markup(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let paired = parts.len() % 2 == 1;
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if i % 2 == 1 && (paired || !last) {
            out.push_str("<code>");
            out.push_str(&xml_text(part));
            out.push_str("</code>");
        } else {
            if i % 2 == 1 {
                out.push('`');
            }
            out.push_str(&text(part));
        }
    }
    out
}

/// The report's Content-Security-Policy.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// A link to `url`, when it is a web address ([`super::is_web_link`]);
/// otherwise the text, never an `href`.
fn link(url: &str, text: &str) -> String {
    if !super::is_web_link(url) {
        return if url == text {
            xml_text(url)
        } else {
            format!("{}: {}", xml_text(text), xml_text(url))
        };
    }
    format!(r#"<a href="{}">{}</a>"#, xml_text(url), xml_text(text))
}

fn treaty(item: &Projected<'_>, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let t = item.treaty;
    let p = &item.projection;
    writeln!(out, r#"<section class="treaty" id="{}">"#, xml_text(&t.id))?;
    writeln!(
        out,
        r#"<h2>{} <span class="muted">({})</span></h2>"#,
        xml_text(t.display_name()),
        xml_text(&t.id)
    )?;
    if t.short.is_some() {
        writeln!(out, "<p><em>{}</em></p>", xml_text(&t.title))?;
    }
    writeln!(out, "<ul>")?;
    for fact in detail_facts(t, p, cx.horizon.today) {
        writeln!(out, "<li>{}</li>", xml_text(&fact))?;
    }
    writeln!(out, "</ul>")?;
    if let Some(c) = &t.caveat {
        writeln!(
            out,
            r#"<p class="caveat"><strong>Caveat.</strong> {}</p>"#,
            inline_markup(c)
        )?;
    }

    for section in detail_sections(p) {
        writeln!(out, "<h3>{}</h3>", section.title)?;
        match &section.body {
            Ok(t) => table(out, t)?,
            Err(none) => writeln!(out, "<p>{}</p>", xml_text(none))?,
        }
    }

    writeln!(out, "<h3>Events</h3>")?;
    let events = events_by_date(t);
    if events.is_empty() {
        writeln!(out, "<p>None recorded.</p>")?;
    } else {
        writeln!(out, r#"<ul class="events">"#)?;
        for e in events {
            let note = e
                .note
                .as_deref()
                .map_or_else(String::new, |n| format!(": {}", xml_text(n)));
            let source = e.source.as_deref().map_or_else(String::new, |s| {
                // The publisher's name is the link's text, when the dataset lists it.
                let text = cx
                    .publishers
                    .and_then(|p| p.find(s))
                    .map_or("source", |p| p.name.as_str());
                format!(" ({})", link(s, text))
            });
            writeln!(
                out,
                "<li><strong>{}</strong> {}{note}{source}</li>",
                e.date,
                xml_text(&event_text(e))
            )?;
        }
        writeln!(out, "</ul>")?;
    }

    if !t.sources.is_empty() {
        writeln!(out, "<h3>Sources</h3>")?;
        writeln!(out, "<ol>")?;
        for s in &t.sources {
            match cx.publishers.and_then(|p| p.find(s)) {
                Some(p) => writeln!(
                    out,
                    r#"<li>{} <span class="muted">({}, {})</span></li>"#,
                    link(s, s),
                    xml_text(&p.name),
                    p.kind.as_str()
                )?,
                None => writeln!(out, "<li>{}</li>", link(s, s))?,
            }
        }
        writeln!(out, "</ol>")?;
    }
    writeln!(out, "</section>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caveats_render_code_between_backticks() {
        assert_eq!(
            inline_markup("set `renewal.length = \"1y\"` & go"),
            "set <code>renewal.length = &quot;1y&quot;</code> &amp; go"
        );
        assert_eq!(inline_markup("a ` b"), "a ` b");
    }

    #[test]
    fn dates_are_marked_up_and_kept_on_one_line() {
        assert_eq!(
            text("from 2022-02-28 → 2027-02-28 & on"),
            r#"from <time datetime="2022-02-28">2022-02-28</time> → <time datetime="2027-02-28">2027-02-28</time> &amp; on"#
        );
        assert_eq!(text("12022-02-28 2022-02-281"), "12022-02-28 2022-02-281");
        assert_eq!(text("2022-02-2"), "2022-02-2");
    }
}
