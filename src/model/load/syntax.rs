//! Stage 1, syntax: the TOML text parsed into a spanned tree
//! (`toml::de::DeTable`, every value with its byte range), and the parser's
//! errors said so that a reader can fix them.

use toml::Spanned;
use toml::de::DeTable;

use super::Loader;
use crate::diag::{Diagnostic, line_col};

/// The TOML parser's errors in a treaty file as diagnostics.
///
/// An impossible date (1961-02-30) is a syntax error to the TOML parser,
/// but the rest of the file is still well-formed: it is walked too, so that
/// every problem is reported at once, leaving out what the bad dates
/// themselves cause (a key reported missing where the date stood).
pub(super) fn file_errors(
    stem: &str,
    text: &str,
    root: &Spanned<DeTable<'_>>,
    errors: Vec<toml::de::Error>,
) -> Vec<Diagnostic> {
    let only_bad_dates = errors
        .iter()
        .all(|e| e.message().starts_with("invalid date"));
    let mut syntax: Vec<Diagnostic> = errors
        .into_iter()
        .map(|e| {
            let span = e.span().unwrap_or(0..0);
            let help = if e.message().starts_with("invalid date") {
                "check the day and the month (30 February, 29 February outside a leap year and 31 April do not exist)"
            } else {
                "fix the TOML syntax here; see spec/data-model.md for the format"
            };
            Diagnostic::error(syntax_message(e.message()), span).with_help(help)
        })
        .collect();
    if only_bad_dates {
        let mut cx = Loader::new(text);
        let _ = cx.treaty(stem, root.get_ref(), root.span());
        let lines: Vec<usize> = syntax
            .iter()
            .filter_map(|d| d.span.as_ref().map(|s| line_col(text, s.start).0))
            .collect();
        // The keys the bad dates belong to (`signed = 1961-02-30`).
        let keys: Vec<String> = lines
            .iter()
            .filter_map(|l| text.lines().nth(l.saturating_sub(1)))
            .filter_map(|line| line.split('=').next())
            .map(|k| format!("has no `{}`", k.trim()))
            .collect();
        syntax.extend(cx.diags.into_iter().filter(|d| {
            // A bad date reads as a missing key, or echoes on its line.
            let line = d.span.as_ref().map(|s| line_col(text, s.start).0);
            !keys.iter().any(|k| d.message.contains(k.as_str()))
                && line.is_none_or(|l| !lines.contains(&l))
        }));
        syntax.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    }
    syntax
}

pub(super) fn syntax_message(raw: &str) -> String {
    if raw.starts_with("invalid date") {
        // toml reports impossible dates (1961-02-30) as syntax errors.
        return format!("this date does not exist in the calendar ({raw})");
    }
    let mut m = format!("this is not valid TOML: {raw}");
    if !m.ends_with('.') {
        m.push('.');
    }
    m
}

/// A carriage return not followed by a line feed (the line ending of the
/// classic Mac OS, or a stray CR) is not allowed anywhere in TOML. A file
/// using them would give one syntax error per line, all on one "line" (TOML
/// counts lines by LF): it gets a single error at the first, with a count.
pub(super) fn lone_carriage_return(text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let mut lone = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .map(|(i, _)| i);
    let first = lone.next()?;
    let count = 1 + lone.count();
    let message = if count == 1 {
        "a lone carriage return (CR): TOML ends lines with LF or CRLF and allows no other CR"
            .to_owned()
    } else {
        format!(
            "{count} lone carriage returns (CR), the first here: TOML ends lines with LF or CRLF, not CR alone (classic Mac OS line endings)"
        )
    };
    Some(
        Diagnostic::error(message, first..first + 1)
            .with_label("CR not followed by LF")
            .with_help("convert the line endings to LF (for example `tr '\\r' '\\n' < old.toml > new.toml`), or remove the stray CR"),
    )
}
