//! Fitting text to the terminal: wrapping at spaces only (never inside a
//! date, an id or a URL, which contain hyphens and slashes), cutting with an
//! ellipsis, and measuring in display columns rather than bytes.

use std::borrow::Cow;

/// The width of `text` in terminal columns (ANSI escapes take none).
pub(crate) fn width(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// `text` wrapped to `width` columns at spaces only. A word longer than the
/// line (a long URL) stands alone on its line rather than being split.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<Cow<'_, str>> {
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let lines = textwrap::wrap(text, options);
    if lines.iter().all(|l| self::width(l) <= width) {
        return lines;
    }
    lines
        .into_iter()
        .flat_map(|l| split_wide(l.into_owned(), width))
        .map(Cow::Owned)
        .collect()
}

/// A line still wider than `width` after wrapping at spaces: a URL stays
/// or an id stays whole (it stands alone on its line); text in wide
/// characters without spaces, like Chinese, is broken between characters,
/// which is where such text breaks.
fn split_wide(line: String, width: usize) -> Vec<String> {
    let wide_chars = line
        .chars()
        .any(|c| self::width(c.encode_utf8(&mut [0; 4])) > 1);
    if self::width(&line) <= width || line.contains("://") || !wide_chars {
        return vec![line];
    }
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for c in line.chars() {
        let mut buf = [0; 4];
        let w = self::width(c.encode_utf8(&mut buf));
        if !current.is_empty() && self::width(&current) + w > width {
            out.push(std::mem::replace(&mut current, indent.clone()));
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// `text` wrapped to `width` columns, the first line after `first` and the
/// others after `rest` (both counted in the width).
pub(crate) fn wrap_with(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false)
        .initial_indent(first)
        .subsequent_indent(rest);
    textwrap::wrap(text, options)
        .into_iter()
        .flat_map(|l| split_wide(l.into_owned(), width))
        .collect()
}

/// `text` cut to at most `width` columns, ending in "…" when cut.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// `text` padded with spaces to `width` columns.
pub(crate) fn pad(text: &str, width: usize) -> String {
    let w = self::width(text);
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_breaks_a_date_or_an_id() {
        let text = "the treaty was renewed on 2021-07-11 as sino-dprk-1961 says";
        for w in 10..40 {
            for line in wrap(text, w) {
                assert!(!line.ends_with('-'), "{line:?} at {w}");
            }
        }
    }

    #[test]
    fn a_long_url_stands_alone() {
        let url = "https://example.org/a/very/long/path/that/does/not/fit/anywhere";
        let text = format!("see {url} for more");
        let lines = wrap(&text, 30);
        assert!(lines.iter().any(|l| l == url), "{lines:?}");
    }

    #[test]
    fn truncates_to_the_width() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(width(&truncate("€€€€€€", 3)), 3);
    }
}

/// One cell of a [`Table`]: its renderings from the richest to the
/// plainest (a column is narrowed by choosing a plainer rendering in every
/// row), and whether it may run on over the empty cells after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cell {
    /// The renderings, richest first; never empty.
    pub(crate) forms: Vec<String>,
    /// Whether the cell may run on into the columns after it, which are
    /// then empty in its row ("ended 2002-06-13 (withdrawal)" under STATE,
    /// where an ended treaty has no next boundary or deadline).
    pub(crate) spill: bool,
}

impl Cell {
    /// A cell with one rendering.
    pub(crate) fn one(text: impl Into<String>) -> Cell {
        Cell {
            forms: vec![text.into()],
            spill: false,
        }
    }

    /// A cell with renderings from the richest to the plainest.
    pub(crate) fn forms(forms: Vec<String>) -> Cell {
        Cell {
            forms,
            spill: false,
        }
    }

    /// A cell that may run on over the empty cells after it.
    pub(crate) fn spilling(text: impl Into<String>) -> Cell {
        Cell {
            forms: vec![text.into()],
            spill: true,
        }
    }

    fn at(&self, level: usize) -> &str {
        self.forms
            .get(level.min(self.forms.len().saturating_sub(1)))
            .map_or("", String::as_str)
    }
}

/// A table fitted to a width: each column as wide as its widest cell, two
/// spaces between columns; while too wide, the columns take plainer
/// renderings, rightmost first; what still does not fit is wrapped at
/// spaces inside the last column (or under the row, indented, when the last
/// column would be narrower than 12). Nothing is cut unless even the
/// plainest renderings of the other columns are wider than the line.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    /// The column headings (shown when any is non-empty).
    pub(crate) head: Vec<&'static str>,
    /// The rows, one cell a column.
    pub(crate) rows: Vec<Vec<Cell>>,
}

const GAP: usize = 2;
const MIN_LAST: usize = 12;

impl Table {
    /// The table's lines, fitted to `width`; `style_head` styles the
    /// heading line.
    pub(crate) fn lines(&self, width: usize, style_head: impl Fn(&str) -> String) -> Vec<String> {
        let n = self
            .rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(self.head.len()))
            .max()
            .unwrap_or(0);
        if n == 0 {
            return Vec::new();
        }
        // Each column's width at each of its renderings, measured once:
        // `at[c][level]` (a row with fewer renderings keeps its plainest).
        let at: Vec<Vec<usize>> = (0..n)
            .map(|c| {
                // The last heading gives way to the content (it is
                // shortened to its last word when it does not fit).
                let head = match self.head.get(c) {
                    Some(h) if c + 1 == n => self::width(h.rsplit(' ').next().unwrap_or(h)),
                    Some(h) => self::width(h),
                    None => 0,
                };
                let depth = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.forms.len())
                    .max()
                    .unwrap_or(1)
                    .max(1);
                let mut per_level = vec![head; depth];
                for cell in self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .filter(|cell| !cell.spill)
                {
                    for (level, w) in per_level.iter_mut().enumerate() {
                        *w = (*w).max(self::width(cell.at(level)));
                    }
                }
                per_level
            })
            .collect();
        let mut levels = vec![0usize; n];
        let width_of = |c: usize, level: usize| {
            at.get(c)
                .and_then(|l| l.get(level).or(l.last()))
                .copied()
                .unwrap_or(0)
        };
        let widths_at = |levels: &[usize]| -> Vec<usize> {
            (0..n)
                .map(|c| width_of(c, levels.get(c).copied().unwrap_or(0)))
                .collect()
        };
        let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * n.saturating_sub(1);
        let mut widths = widths_at(&levels);
        // Narrow one column a step at a time, the one whose next rendering
        // saves the most (the rightmost on a tie), until the table fits.
        while total(&widths) > width {
            let mut best: Option<(usize, usize)> = None;
            for c in (0..n).rev() {
                let level = levels.get(c).copied().unwrap_or(0);
                if level + 1 >= at.get(c).map_or(1, Vec::len) {
                    continue;
                }
                let saving = width_of(c, level).saturating_sub(width_of(c, level + 1));
                if best.is_none_or(|(_, s)| saving > s) {
                    best = Some((c, saving));
                }
            }
            let Some((c, _)) = best else { break };
            if let Some(l) = levels.get_mut(c) {
                *l += 1;
            }
            widths = widths_at(&levels);
        }
        // The last column takes what is left (it wraps), unless that is too little.
        let before: usize = widths.iter().take(n - 1).sum::<usize>() + GAP * (n - 1);
        let room = width.saturating_sub(before);
        let last_content = self
            .rows
            .iter()
            .filter_map(|r| r.get(n - 1))
            .filter(|cell| !cell.spill)
            .map(|cell| self::width(cell.at(levels.get(n - 1).copied().unwrap_or(0))))
            .max()
            .unwrap_or(0);
        let under = room < MIN_LAST.min(last_content.max(1)) && total(&widths) > width;
        // Not even the other columns fit: each row is stacked instead, its
        // first cell on a line and every other cell under it.
        if under && before.saturating_sub(GAP) > width {
            return self.stacked(width, &levels);
        }
        if let Some(last) = widths.last_mut() {
            *last = if under {
                (*last).min(width.saturating_sub(4))
            } else {
                (*last).min(room.max(1))
            };
        }
        let mut out = Vec::new();
        if self.head.iter().any(|h| !h.is_empty()) {
            // A heading wider than its column keeps only its last word
            // ("NEXT DEADLINE" over a column of "none" is "DEADLINE").
            let cells: Vec<String> = (0..n)
                .map(|c| {
                    let head = self.head.get(c).copied().unwrap_or("");
                    let room = if c + 1 == n {
                        width.saturating_sub(before)
                    } else {
                        widths.get(c).copied().unwrap_or(0)
                    };
                    if self::width(head) > room {
                        head.rsplit(' ').next().unwrap_or(head).to_owned()
                    } else {
                        head.to_owned()
                    }
                })
                .collect();
            let line = truncate(&join(&cells, &widths, under), width);
            out.push(style_head(&line));
        }
        for row in &self.rows {
            let texts: Vec<&str> = (0..n)
                .map(|c| {
                    row.get(c)
                        .map_or("", |cell| cell.at(levels.get(c).copied().unwrap_or(0)))
                })
                .collect();
            // A spilling cell: the row is that cell and what comes before it.
            if let Some(s) = row.iter().position(|cell| cell.spill) {
                let offset: usize = widths.iter().take(s).sum::<usize>() + GAP * s;
                let lead: Vec<String> = texts.iter().take(s).map(|t| (*t).to_owned()).collect();
                let mut prefix = String::new();
                for (c, t) in lead.iter().enumerate() {
                    prefix.push_str(&pad(t, widths.get(c).copied().unwrap_or(0)));
                    prefix.push_str("  ");
                }
                let text = texts.get(s).copied().unwrap_or("");
                let room = width.saturating_sub(offset);
                if room < 20 {
                    out.push(truncate(prefix.trim_end(), width));
                    for line in wrap(text, width.saturating_sub(4)) {
                        out.push(format!("    {line}"));
                    }
                    continue;
                }
                let indent = " ".repeat(offset);
                for (i, line) in wrap(text, room).iter().enumerate() {
                    let head = if i == 0 {
                        prefix.as_str()
                    } else {
                        indent.as_str()
                    };
                    out.push(format!("{head}{line}").trim_end().to_owned());
                }
                continue;
            }
            let mut first = String::new();
            for (c, t) in texts.iter().enumerate().take(n - 1) {
                first.push_str(&pad(t, widths.get(c).copied().unwrap_or(0)));
                first.push_str("  ");
            }
            let last = texts.last().copied().unwrap_or("");
            if under {
                if self::width(&first) + self::width(last) <= width {
                    out.push(format!("{first}{last}").trim_end().to_owned());
                } else {
                    // Even the plainest renderings are too wide: cut the
                    // row (the last resort; the first column is kept whole).
                    out.push(truncate(first.trim_end(), width));
                    for line in wrap(last, width.saturating_sub(4)) {
                        out.push(format!("    {line}"));
                    }
                }
                continue;
            }
            let indent = " ".repeat(before);
            let lines = wrap(last, widths.last().copied().unwrap_or(1));
            if lines.is_empty() {
                out.push(first.trim_end().to_owned());
            }
            for (i, line) in lines.iter().enumerate() {
                let head = if i == 0 {
                    first.as_str()
                } else {
                    indent.as_str()
                };
                out.push(format!("{head}{line}").trim_end().to_owned());
            }
        }
        out
    }
}

impl Table {
    /// The rows one under the other, for a width too narrow for columns:
    /// the first cell (and the second when it fits beside it), then each
    /// other cell indented, after its heading.
    fn stacked(&self, width: usize, levels: &[usize]) -> Vec<String> {
        let mut out = Vec::new();
        for row in &self.rows {
            let texts: Vec<(usize, &Cell, &str)> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| (c, cell, cell.at(levels.get(c).copied().unwrap_or(0))))
                .filter(|(_, _, t)| !t.is_empty())
                .collect();
            let mut rest = texts.iter();
            let Some((_, _, first)) = rest.next() else {
                continue;
            };
            let mut line = (*first).to_owned();
            let mut rest = rest.peekable();
            if let Some((_, _, second)) = rest.peek()
                && self::width(&line) + GAP + self::width(second) <= width
            {
                line.push_str("  ");
                line.push_str(second);
                rest.next();
            }
            out.push(line);
            // Unlabelled cells share an indented line while they fit.
            let mut pending = String::new();
            for (c, cell, text) in rest {
                let head = self.head.get(*c).copied().unwrap_or("");
                let text = if head.is_empty() || cell.spill {
                    (*text).to_owned()
                } else {
                    format!("{}: {text}", head.to_lowercase())
                };
                if head.is_empty() && 4 + self::width(&pending) + GAP + self::width(&text) <= width
                {
                    if !pending.is_empty() {
                        pending.push_str("  ");
                    }
                    pending.push_str(&text);
                    continue;
                }
                if !pending.is_empty() {
                    out.push(format!("    {}", std::mem::take(&mut pending)));
                }
                if head.is_empty() && 4 + self::width(&text) <= width {
                    pending = text;
                } else {
                    out.extend(wrap_with(&text, width, "    ", "      "));
                }
            }
            if !pending.is_empty() {
                out.push(format!("    {pending}"));
            }
        }
        out
    }
}

fn join(cells: &[String], widths: &[usize], under: bool) -> String {
    let mut line = String::new();
    let n = cells.len();
    for (c, t) in cells.iter().enumerate() {
        if c + 1 == n {
            if !under {
                line.push_str(t);
            }
        } else {
            line.push_str(&pad(t, widths.get(c).copied().unwrap_or(0)));
            line.push_str("  ");
        }
    }
    line.trim_end().to_owned()
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn narrows_then_wraps_never_wider_than_the_width() {
        let table = Table {
            head: vec!["ID", "WHAT"],
            rows: vec![vec![
                Cell::one("sino-dprk-1961"),
                Cell::forms(vec![
                    "renews automatically for 20y on 2041-07-11".to_owned(),
                    "renews 2041-07-11".to_owned(),
                ]),
            ]],
        };
        let wide = table.lines(100, str::to_owned);
        assert!(wide.iter().any(|l| l.contains("automatically")), "{wide:?}");
        let narrow = table.lines(40, str::to_owned);
        assert!(narrow.iter().all(|l| width(l) <= 40), "{narrow:?}");
        assert!(
            narrow.iter().any(|l| l.contains("renews 2041-07-11")),
            "{narrow:?}"
        );
    }
}
