//! Control characters made visible, so that text from a treaty file (or a
//! file name) cannot drive the terminal or forge lines.
//!
//! A title holding `ESC ]0;...` would set the window title, `ESC [2J`
//! would clear the screen, a U+202E (right-to-left override) would reorder
//! what follows, and a line feed in a note would print a line that looks
//! like another deadline in `upcoming`. Every human-readable output and
//! diagnostic shows such characters instead, the way the diagnostics
//! already show them in source lines:
//!
//! - C0 controls (U+0000 to U+001F, but tab and line feed) as the Unicode
//!   "control pictures" (`␛`, `␍`, ...), DEL as `␡`;
//! - C1 controls (U+0080 to U+009F) and the bidirectional embeddings,
//!   overrides and isolates (U+202A to U+202E, U+2066 to U+2069) as
//!   `<U+202E>`;
//! - in texts shown on one line ([`one_line`]) the line feed too, as `␊`.
//!
//! JSON output keeps the text as it is (escaped by the JSON writer), and
//! iCalendar escapes it by its own rules.

use std::borrow::Cow;

use crate::model::{EventKind, Treaty};

fn shown(c: char, keep_line_feed: bool) -> Option<String> {
    match c {
        '\t' => None,
        '\n' if keep_line_feed => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).map(String::from),
        '\u{7f}' => Some("\u{2421}".to_owned()),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some(format!("<U+{:04X}>", u32::from(c)))
        }
        _ => None,
    }
}

/// Whether `s` has a character [`replace`] would change.
fn changes(s: &str, keep_line_feed: bool) -> bool {
    // Printable ASCII, tabs and kept line feeds change nothing: most texts
    // are decided by this byte scan, without decoding a character.
    // (Blocks without a branch per byte, which the compiler vectorises.)
    let plain =
        |b: u8| (b.wrapping_sub(b' ') < 0x5f) | (b == b'\t') | (keep_line_feed & (b == b'\n'));
    let all_plain = s
        .as_bytes()
        .chunks(64)
        .all(|block| block.iter().fold(true, |ok, &b| ok & plain(b)));
    !all_plain && s.chars().any(|c| shown(c, keep_line_feed).is_some())
}

fn replace(s: &str, keep_line_feed: bool) -> Cow<'_, str> {
    if !changes(s, keep_line_feed) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match shown(c, keep_line_feed) {
            Some(v) => out.push_str(&v),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `s` with its control characters visible; tabs and line feeds are kept.
pub fn visible(s: &str) -> Cow<'_, str> {
    replace(s, true)
}

/// `s` with its control characters visible, line feeds included: for text
/// shown on one line (a name, a row of a table).
pub fn one_line(s: &str) -> Cow<'_, str> {
    replace(s, false)
}

/// A copy of `treaty` whose texts have their control characters visible
/// (names and lists on one line; the clause, the caveat and notes keep
/// their line feeds), or `None` when there is nothing to change.
///
/// Party names are changed alike wherever they appear, so that events
/// still name listed parties.
pub fn treaty(t: &Treaty) -> Option<Treaty> {
    if !shows_any(t) {
        // The common case, found without copying the treaty.
        return None;
    }
    let line = |s: &String| one_line(s).into_owned();
    let text = |s: &String| visible(s).into_owned();
    let mut v = t.clone();
    v.id = line(&t.id);
    v.title = line(&t.title);
    v.short = t.short.as_ref().map(line);
    v.parties = t.parties.iter().map(line).collect();
    v.sources = t.sources.iter().map(line).collect();
    v.tags = t.tags.iter().map(line).collect();
    v.clause = t.clause.as_ref().map(text);
    v.caveat = t.caveat.as_ref().map(text);
    for e in &mut v.events {
        e.note = e.note.as_ref().map(text);
        e.source = e.source.as_ref().map(line);
        match &mut e.kind {
            EventKind::Notice { party, .. }
            | EventKind::Suspended { party }
            | EventKind::Resumed { party }
            | EventKind::Amended { party }
            | EventKind::Note { party }
            | EventKind::Postponed { party, .. } => *party = party.as_ref().map(line),
            EventKind::Withdrawn { party }
            | EventKind::Joined { party }
            | EventKind::Deposited { party } => *party = line(party),
            EventKind::Succeeded { party, predecessor } => {
                *party = line(party);
                *predecessor = line(predecessor);
            }
            EventKind::Renewed { .. }
            | EventKind::Extended(_)
            | EventKind::Terminated
            | EventKind::Expired => {}
        }
    }
    for m in &mut v.milestones {
        m.title = line(&m.title);
        m.note = m.note.as_ref().map(text);
        m.source = m.source.as_ref().map(line);
    }
    for r in &mut v.readings {
        r.why = r.why.as_ref().map(text);
        r.source = r.source.as_ref().map(line);
    }
    (v != *t).then_some(v)
}

/// Whether [`treaty`] would change any of the texts it makes visible.
fn shows_any(t: &Treaty) -> bool {
    let line = |s: &String| changes(s, false);
    let text = |s: &String| changes(s, true);
    line(&t.id)
        || line(&t.title)
        || t.short.as_ref().is_some_and(line)
        || t.parties.iter().any(line)
        || t.sources.iter().any(line)
        || t.tags.iter().any(line)
        || t.clause.as_ref().is_some_and(text)
        || t.caveat.as_ref().is_some_and(text)
        || t.events.iter().any(|e| {
            e.note.as_ref().is_some_and(text)
                || e.source.as_ref().is_some_and(line)
                || match &e.kind {
                    EventKind::Notice { party, .. }
                    | EventKind::Suspended { party }
                    | EventKind::Resumed { party }
                    | EventKind::Amended { party }
                    | EventKind::Note { party }
                    | EventKind::Postponed { party, .. } => party.as_ref().is_some_and(line),
                    EventKind::Withdrawn { party }
                    | EventKind::Joined { party }
                    | EventKind::Deposited { party } => line(party),
                    EventKind::Succeeded { party, predecessor } => line(party) || line(predecessor),
                    EventKind::Renewed { .. }
                    | EventKind::Extended(_)
                    | EventKind::Terminated
                    | EventKind::Expired => false,
                }
        })
        || t.milestones.iter().any(|m| {
            line(&m.title)
                || m.note.as_ref().is_some_and(text)
                || m.source.as_ref().is_some_and(line)
        })
        || t.readings
            .iter()
            .any(|r| r.why.as_ref().is_some_and(text) || r.source.as_ref().is_some_and(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown() {
        assert_eq!(visible("a\u{1b}]0;pwned\u{7}b"), "a␛]0;pwned␇b");
        assert_eq!(visible("x\u{7f}\u{85}\u{202e}y"), "x␡<U+0085><U+202E>y");
        assert_eq!(visible("two\nlines\tand tab"), "two\nlines\tand tab");
        assert_eq!(one_line("two\nlines\r"), "two␊lines␍");
        assert!(matches!(visible("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_treaty_is_copied_only_when_a_text_changes() {
        let base = "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 2001-01-31\n[term]\nlength = \"10y\"\n";
        let parse = |text: &str| match crate::model::load::parse_treaty("t-2001", text) {
            Ok(t) => t,
            Err(e) => panic!("{e:?}"),
        };
        let plain = parse(&format!(
            "{base}[[event]]\ndate = 2002-01-01\nkind = \"note\"\nnote = \"two\\nlines\\tand a tab\"\n"
        ));
        assert!(!shows_any(&plain));
        assert_eq!(treaty(&plain), None);
        for (key, value) in [("note", "a \\u001b[2J b"), ("source", "line\\nfeed")] {
            let t = parse(&format!(
                "{base}[[event]]\ndate = 2002-01-01\nkind = \"note\"\n{key} = \"{value}\"\n"
            ));
            assert!(shows_any(&t), "{key}");
            assert!(treaty(&t).is_some_and(|v| v != t), "{key}");
        }
        for tail in [
            "[[milestone]]\ntitle = \"Review \\u001b]0;x\\u0007\"\nafter = \"5y\"\n",
            "[[reading]]\nname = \"r\"\nwhy = \"a \\u001b[2J b\"\n",
        ] {
            let t = parse(&format!("{base}{tail}"));
            assert!(shows_any(&t), "{tail}");
            let v = treaty(&t).unwrap_or_else(|| panic!("{tail}"));
            let shown = format!("{:?} {:?}", v.milestones, v.readings);
            assert!(!shown.contains('\u{1b}') && shown.contains('␛'), "{shown}");
        }
        let title = parse(&base.replace("title = \"T\"", "title = \"T\\u202e\""));
        assert!(shows_any(&title));
        assert_eq!(
            treaty(&title).map(|v| v.title),
            Some("T<U+202E>".to_owned())
        );
    }
}
