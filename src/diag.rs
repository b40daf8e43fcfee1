//! Diagnostics: every problem found in a treaty file, rendered against its
//! source line with the offending span marked, compiler-style.
//!
//! Problems are values ([`Diagnostic`]) collected while loading, so a file
//! with three mistakes reports all three, in file order.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The file is invalid; nothing is computed from it.
    Error,
    /// The file is valid but something looks wrong.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A full sentence: what is wrong.
    pub message: String,
    /// Where in the file (byte range), when the problem has a place.
    pub span: Option<Range<usize>>,
    /// A short label shown under the span.
    pub label: Option<String>,
    /// A sentence saying how to fix it.
    pub help: Option<String>,
    /// Other places that take part (e.g. the other event for one boundary).
    pub related: Vec<(Range<usize>, String)>,
    /// A warning's stable code (one of [`WARNING_CODES`]), shown as
    /// `warning[code]` and named in `allow` to acknowledge it.
    pub code: Option<&'static str>,
}

/// Every warning code, with what it means (spec v2 section C). Codes are
/// stable: a file's `allow = [...]` names them. `docs/warnings.md` lists the
/// same table.
pub const WARNING_CODES: &[(&str, &str)] = &[
    (
        "late-notice",
        "A non-renewal notice came after the last day for the boundary it was meant for; it takes effect a period later.",
    ),
    (
        "lenient-notice",
        "A non-renewal notice is timely only on the lenient reading (received on the last possible day, not before it).",
    ),
    (
        "notice-no-effect",
        "A non-renewal notice takes effect nowhere: no boundary it is timely for comes before the end.",
    ),
    (
        "record-overrides-notice",
        "A recorded renewal or extension overrides a timely two-party non-renewal notice.",
    ),
    (
        "beyond-rules",
        "A recorded renewal or extension goes beyond the rules (no renewal clause, mode \"none\", or `max` used up).",
    ),
    (
        "renewal-after-boundary",
        "A renewal is dated shortly after a boundary, so it renews the next one; it may have meant the one just passed.",
    ),
    (
        "before-signature",
        "An event is dated before the treaty was signed.",
    ),
    ("future-event", "A recorded event is dated after today."),
    (
        "recorded-end-differs",
        "A recorded expiry, termination or withdrawal date differs from what the rules give.",
    ),
    (
        "too-few-parties",
        "A multilateral treaty is left with fewer than two parties, yet the rules keep it in force.",
    ),
    (
        "notice-exceeds-term",
        "A non-renewal notice period is as long as the term or a renewal period, or longer: its deadlines fall on or before the period starts.",
    ),
    (
        "no-withdrawal-clause",
        "A withdrawal notice is recorded for a treaty without a withdrawal clause (VCLT Art. 56: it takes effect 12 months after receipt).",
    ),
];

/// Whether `code` is a documented warning code.
pub fn is_warning_code(code: &str) -> bool {
    WARNING_CODES.iter().any(|(c, _)| *c == code)
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(message: impl Into<String>, span: Range<usize>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: Some(span),
            label: None,
            help: None,
            related: Vec::new(),
            code: None,
        }
    }

    /// A warning at `span`, with its stable `code` (one of
    /// [`WARNING_CODES`]).
    pub fn warning(code: &'static str, message: impl Into<String>, span: Range<usize>) -> Self {
        debug_assert!(is_warning_code(code), "undocumented warning code {code}");
        Diagnostic {
            severity: Severity::Warning,
            code: Some(code),
            ..Diagnostic::error(message, span)
        }
    }

    /// The message with the warning's code in front: `[late-notice] ...`
    /// is how text output shows it (`warning[late-notice]: ...`).
    pub fn titled(&self) -> String {
        match self.code {
            Some(c) => format!("[{c}]: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// An error that belongs to no place in a file (an unreadable file, say).
    pub fn unplaced(message: impl Into<String>) -> Self {
        Diagnostic {
            span: None,
            ..Diagnostic::error(message, 0..0)
        }
    }

    /// Adds a label under the span.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a sentence saying how to fix the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds another place in the treaty file, when the problem is shown
    /// against that file (`in_file`) and the place is known: a problem with
    /// an `--assume` event is shown against the assumption's text, where a
    /// span of the file would point at nothing.
    #[must_use]
    pub fn with_related_in_file(
        self,
        in_file: bool,
        span: Option<Range<usize>>,
        label: impl Into<String>,
    ) -> Self {
        match span.filter(|_| in_file) {
            Some(s) => self.with_related(s, label),
            None => self,
        }
    }

    /// Adds another place that takes part in the problem.
    #[must_use]
    pub fn with_related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }
}

/// The most diagnostics reported for one file. A file with thousands of
/// problems (garbage, a binary, a wrong encoding) is not worth reading
/// problem by problem; the first ones say what is wrong, and the rest are
/// counted. This also keeps the report linear in the size of the file.
pub const MAX_PER_FILE: usize = 50;

/// `diagnostics` with at most [`MAX_PER_FILE`] kept, in order, and the
/// others counted in a last, unplaced one.
pub fn capped(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diagnostics.len() > MAX_PER_FILE {
        let more = diagnostics.len() - MAX_PER_FILE;
        diagnostics.truncate(MAX_PER_FILE);
        diagnostics.push(more_problems(more));
    }
    diagnostics
}

/// The diagnostic that stands for `more` problems not shown.
pub fn more_problems(more: usize) -> Diagnostic {
    Diagnostic::unplaced(format!(
        "and {more} more problem(s) in this file, not shown (at most {MAX_PER_FILE} are reported per file)"
    ))
    .with_help("fix the problems above first, or check that this is a treaty file at all")
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
///
/// An offset inside a multi-byte character or past the end is clamped to the
/// nearest valid position, so a stale span can never panic.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(offset)
}

/// Where each line of a text starts, so that many positions are found in
/// `O(log lines)` each rather than by scanning the text from the start: a
/// file with thousands of diagnostics must not take quadratic time.
#[derive(Clone, Debug)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`.
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`, clamped
    /// to a valid position like [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = line
            .checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
            .unwrap_or(0);
        let col = self.text.get(start..offset).unwrap_or("").chars().count() + 1;
        (line, col)
    }

    /// The byte range of whole lines `first..=last` (1-based).
    fn lines(&self, first: usize, last: usize) -> std::ops::Range<usize> {
        let start = first
            .checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
            .unwrap_or(0);
        let end = self
            .starts
            .get(last)
            .map_or(self.text.len(), |&s| s.saturating_sub(1));
        start..end.max(start)
    }
}

/// The problems of one file, with the text they point into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    /// The file's name as shown to the user (a path, or `<embedded>/...`).
    pub file: String,
    /// The file's text (empty when it could not be read).
    pub text: String,
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// `file:line:column` of a diagnostic (just `file` when it has no span).
    pub fn location(&self, diagnostic: &Diagnostic) -> String {
        match &diagnostic.span {
            Some(span) => {
                let (line, col) = line_col(&self.text, span.start);
                format!("{}:{line}:{col}", self.file)
            }
            None => self.file.clone(),
        }
    }

    /// Renders every diagnostic, compiler-style, against the source.
    ///
    /// With `color`, ANSI styles are used; `width` bounds long lines.
    pub fn render(&self, color: bool, width: usize) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
        .term_width(width);
        let mut out = String::new();
        let index = LineIndex::new(&self.text);
        for d in &self.diagnostics {
            out.push_str(&self.render_one(d, &renderer, &index));
            out.push('\n');
        }
        out
    }

    fn render_one(&self, d: &Diagnostic, renderer: &Renderer, index: &LineIndex<'_>) -> String {
        // Names and messages may quote a file's text or a file name: their
        // control characters are shown, like those of source lines.
        use crate::render::visible::{one_line, visible};
        let file = one_line(&self.file);
        let message = one_line(&d.message);
        let label = d.label.as_deref().map(one_line);
        let help = d.help.as_deref().map(visible);
        let related: Vec<_> = d.related.iter().map(|(s, l)| (s, one_line(l))).collect();
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut groups = Vec::new();
        match &d.span {
            Some(span) => {
                // Only the lines the annotations touch are handed to the
                // renderer (with their line numbers), not the whole file.
                let spans: Vec<Range<usize>> = std::iter::once(span.clone())
                    .chain(d.related.iter().map(|(s, _)| s.clone()))
                    .map(|s| clamp_span(&self.text, s))
                    .collect();
                let first = spans
                    .iter()
                    .map(|s| index.line_col(s.start).0)
                    .min()
                    .unwrap_or(1);
                let last = spans
                    .iter()
                    .map(|s| index.line_col(s.end).0)
                    .max()
                    .unwrap_or(first);
                let window = index.lines(first, last);
                let shift = |s: &Range<usize>| {
                    let start = s.start.clamp(window.start, window.end) - window.start;
                    let end = s.end.clamp(window.start, window.end) - window.start;
                    start..end.max(start)
                };
                let source = self.text.get(window.clone()).unwrap_or("");
                let mut primary =
                    AnnotationKind::Primary.span(shift(&clamp_span(&self.text, span.clone())));
                if let Some(label) = &label {
                    primary = primary.label(label.as_ref());
                }
                let mut snippet = Snippet::source(source)
                    .line_start(first)
                    .path(file.as_ref())
                    .fold(true)
                    .annotation(primary);
                for (span, label) in &related {
                    snippet = snippet.annotation(
                        AnnotationKind::Context
                            .span(shift(&clamp_span(&self.text, (*span).clone())))
                            .label(label.as_ref()),
                    );
                }
                let mut title = level.primary_title(message.as_ref());
                if let Some(code) = d.code {
                    title = title.id(code);
                }
                groups.push(title.element(snippet));
            }
            None => {
                let text = format!("{file}: {message}");
                let mut title = level.primary_title(text);
                if let Some(code) = d.code {
                    title = title.id(code);
                }
                groups.push(Group::with_title(title));
            }
        }
        if let Some(help) = &help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_ref()),
            ));
        }
        renderer.render(&groups)
    }
}

/// Writes `check --format json`: every diagnostic with its file, line and
/// column (1-based, columns in characters), for editors and CI.
///
/// ```json
/// {"valid": 40, "errors": 0, "warnings": 1, "diagnostics": [
///   {"file": "data/treaties/x.toml", "line": 3, "column": 10, "end_line": 3, "end_column": 22,
///    "severity": "warning", "message": "...", "label": null, "help": "..."}]}
/// ```
///
/// # Errors
///
/// The writer's errors.
pub fn write_json(
    out: &mut dyn std::io::Write,
    files: &[&FileReport],
    valid: usize,
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Item<'a> {
        file: &'a str,
        line: Option<usize>,
        column: Option<usize>,
        end_line: Option<usize>,
        end_column: Option<usize>,
        severity: &'static str,
        code: Option<&'static str>,
        message: &'a str,
        label: Option<&'a str>,
        help: Option<&'a str>,
    }
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        valid: usize,
        errors: usize,
        warnings: usize,
        diagnostics: Vec<Item<'a>>,
    }
    let mut items = Vec::new();
    for f in files {
        let index = LineIndex::new(&f.text);
        for d in &f.diagnostics {
            let start = d.span.as_ref().map(|s| index.line_col(s.start));
            let end = d.span.as_ref().map(|s| index.line_col(s.end));
            items.push(Item {
                file: &f.file,
                line: start.map(|p| p.0),
                column: start.map(|p| p.1),
                end_line: end.map(|p| p.0),
                end_column: end.map(|p| p.1),
                severity: d.severity.as_str(),
                code: d.code,
                message: &d.message,
                label: d.label.as_deref(),
                help: d.help.as_deref(),
            });
        }
    }
    let count = |s: Severity| items.iter().filter(|i| i.severity == s.as_str()).count();
    let doc = Doc {
        valid,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        diagnostics: items,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (fix(span.start), fix(span.end));
    start..end.max(start)
}

impl std::error::Error for FileReport {}

impl fmt::Display for FileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false, 100))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 9), (2, 3)); // after the two-byte é
        assert_eq!(line_col(text, 8), (2, 2)); // inside é: clamped back
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn one_index_answers_for_many_offsets() {
        let text = "a = 1\nbé = 2\n\nlast";
        let index = LineIndex::new(text);
        let got: Vec<_> = [0, 6, 8, 9, 13, 14, 17, 99]
            .iter()
            .map(|&o| index.line_col(o))
            .collect();
        assert_eq!(
            got,
            [
                (1, 1),
                (2, 1),
                (2, 2),
                (2, 3),
                (2, 7),
                (3, 1),
                (4, 3),
                (4, 5)
            ]
        );
    }

    #[test]
    fn renders_location_and_help() {
        let report = FileReport {
            file: "data/treaties/x.toml".into(),
            text: "title = \"X\"\nsigned = \"1961-07-11\"\n".into(),
            diagnostics: vec![
                Diagnostic::error("`signed` must be a date, not a string", 21..33)
                    .with_label("this is a string")
                    .with_help("dates are written without quotes: `signed = 1961-07-11`"),
            ],
        };
        let text = report.render(false, 100);
        assert!(text.contains("data/treaties/x.toml:2:10"), "{text}");
        assert!(text.contains("without quotes"), "{text}");
        assert_eq!(
            report.location(&report.diagnostics[0]),
            "data/treaties/x.toml:2:10"
        );
    }
}
