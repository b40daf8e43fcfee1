//! Where comments belong, and the order tables are written in.
//!
//! `toml_edit` keeps a comment as part of the whitespace ("decor") before
//! the key or table header that follows it, or as the document's trailing
//! text after the last one. The format reads them the way a person does:
//!
//! - a comment block directly above a key or header (no blank line between)
//!   is that line's own, and goes wherever it goes;
//! - comment lines separated from the next header by a blank line trail the
//!   section above them (notes, commented-out keys), so they belong to that
//!   section: a new table is written after them, never between a section's
//!   keys and its comments;
//! - the comment that opens the file stays on top.
//!
//! A commented-out key, like `# max = 3` in `[renewal]`, is a *hint*: it is
//! removed when that key is set, so the file never says `max = 3` beside
//! `# max = 3`.

use toml_edit::{DocumentMut, Item, RawString, Table};

/// Where a table is: the keys from the root, with the index in a list of
/// tables (`[["event", Some(2)]]` is the third `[[event]]`).
pub(crate) type TablePath = Vec<(String, Option<usize>)>;

/// Every table of the document, in the order it is written (as
/// `toml_edit` renders it: by position, stably, nested tables visited
/// depth first), the root excluded.
pub(crate) fn render_order(doc: &DocumentMut) -> Vec<TablePath> {
    fn visit(
        table: &Table,
        path: &mut TablePath,
        last: &mut isize,
        out: &mut Vec<(isize, TablePath)>,
    ) {
        for (key, item) in table.iter() {
            match item {
                Item::Table(t) => {
                    path.push((key.to_owned(), None));
                    if !t.is_dotted() {
                        if let Some(p) = t.position() {
                            *last = p;
                        }
                        if !t.is_implicit() || t.iter().any(|(_, v)| v.is_value()) {
                            out.push((*last, path.clone()));
                        }
                    }
                    visit(t, path, last, out);
                    path.pop();
                }
                Item::ArrayOfTables(a) => {
                    for (i, t) in a.iter().enumerate() {
                        path.push((key.to_owned(), Some(i)));
                        if let Some(p) = t.position() {
                            *last = p;
                        }
                        out.push((*last, path.clone()));
                        visit(t, path, last, out);
                        path.pop();
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    let mut last = 0;
    visit(doc.as_table(), &mut Vec::new(), &mut last, &mut out);
    out.sort_by_key(|(p, _)| *p);
    out.into_iter().map(|(_, p)| p).collect()
}

/// The table at `path`.
pub(crate) fn table_at_mut<'d>(
    root: &'d mut Table,
    path: &[(String, Option<usize>)],
) -> Option<&'d mut Table> {
    let mut here = root;
    for (key, index) in path {
        here = match (here.get_mut(key)?, index) {
            (Item::Table(t), None) => t,
            (Item::ArrayOfTables(a), Some(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(here)
}

/// Gives the tables positions 1, 2, ... in the order `order` lists them,
/// so that the document is written in that order.
pub(crate) fn renumber(doc: &mut DocumentMut, order: &[TablePath]) {
    let mut position: isize = 1;
    for path in order {
        if let Some(t) = table_at_mut(doc.as_table_mut(), path) {
            t.set_position(Some(position));
            position += 1;
        }
    }
}

/// The text of a decor part.
pub(crate) fn raw(s: Option<&RawString>) -> String {
    s.and_then(RawString::as_str).unwrap_or("").to_owned()
}

/// Splits the comments before a key or header into what trails the section
/// above (up to and including the last blank line) and the line's own
/// comment block (after it). Without a blank line, all of it is the line's.
pub(crate) fn split_own(prefix: &str) -> (String, String) {
    let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
    match lines
        .iter()
        .rposition(|l| l.trim().is_empty() && l.ends_with('\n'))
    {
        Some(i) => {
            let (head, own) = lines.split_at(i + 1);
            (head.concat(), own.concat())
        }
        None => (String::new(), prefix.to_owned()),
    }
}

/// Whether `line` is a commented-out `key = ...`.
pub(crate) fn is_hint_for(line: &str, key: &str) -> bool {
    line.trim_start()
        .strip_prefix('#')
        .map(str::trim_start)
        .and_then(|l| l.strip_prefix(key))
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

/// `text` without the hint lines for `key`.
pub(crate) fn drop_hints(text: &str, key: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| !is_hint_for(l, key))
        .collect()
}

/// The comments that trail the table at `path` (or the root's keys, for
/// `[]`): the part before the next header up to its last blank line, or the
/// document's trailing text after the last table. Changed by `change`.
pub(crate) fn edit_trailing(
    doc: &mut DocumentMut,
    path: &[(String, Option<usize>)],
    change: impl FnOnce(&str) -> String,
) {
    let order = render_order(doc);
    let next = if path.is_empty() {
        order.first().cloned()
    } else {
        order
            .iter()
            .position(|p| p.as_slice() == path)
            .and_then(|i| order.get(i + 1).cloned())
    };
    match next.and_then(|n| table_at_mut(doc.as_table_mut(), &n)) {
        Some(t) => {
            let prefix = raw(t.decor().prefix());
            let (detached, own) = header_split(&prefix);
            let changed = change(&detached);
            if changed == detached {
                return;
            }
            // Nothing left but blank lines: one, as before every header.
            let changed = if changed.trim().is_empty() {
                "\n".to_owned()
            } else {
                changed
            };
            t.decor_mut().set_prefix(format!("{changed}{own}"));
        }
        None => {
            let trailing = raw(Some(doc.trailing()));
            let changed = change(&trailing);
            if changed == trailing {
                return;
            }
            doc.set_trailing(if changed.trim().is_empty() {
                String::new()
            } else {
                changed
            });
        }
    }
}

/// The lines of a prefix not `taken` (moved elsewhere), in order.
fn untaken(lines: &[&str], taken: &[bool]) -> String {
    lines
        .iter()
        .zip(taken)
        .filter(|(_, t)| !**t)
        .map(|(l, _)| *l)
        .collect()
}

/// Splits a header's prefix as `fmt` does: what trails the section above
/// (up to the last blank line, or all of it without one) and the header's
/// own comments.
pub(crate) fn header_split(prefix: &str) -> (String, String) {
    let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
    match lines.iter().rposition(|l| l.trim().is_empty()) {
        Some(i) => {
            let (head, own) = lines.split_at(i + 1);
            (head.concat(), own.concat())
        }
        None => (prefix.to_owned(), String::new()),
    }
}

/// Removes the hints for `key` from the table at `path` (`[]`: the root):
/// from the comments above its keys and from those trailing it.
pub(crate) fn remove_hints(doc: &mut DocumentMut, path: &[(String, Option<usize>)], key: &str) {
    if let Some(table) = table_at_mut(doc.as_table_mut(), path) {
        let keys: Vec<String> = table
            .iter()
            .filter(|(_, v)| v.is_value())
            .map(|(k, _)| k.to_owned())
            .collect();
        for k in keys {
            if let Some(mut kk) = table.key_mut(&k) {
                let prefix = raw(kk.leaf_decor().prefix());
                if prefix.contains('#') {
                    kk.leaf_decor_mut().set_prefix(drop_hints(&prefix, key));
                }
            }
        }
        // Comments right under the header.
        let suffix = raw(table.decor().suffix());
        if suffix.contains('#') {
            table.decor_mut().set_suffix(drop_hints(&suffix, key));
        }
    }
    edit_trailing(doc, path, |t| drop_hints(t, key));
}

/// A comment block about a key the table does not have: a hint for it
/// (`# max = 3`), or a note that names it (`` `in_force` is left out ``).
/// It belongs where that key would go, whatever key it happens to precede.
#[derive(Clone, Debug)]
pub(crate) struct Anchored {
    /// The rank of the absent key in the table's order.
    rank: usize,
    /// The block, with the blank line above it when it had one.
    text: String,
}

/// The comment blocks of a key's prefix, as (first line, lines) ranges:
/// runs of comment lines, each hint line a block of its own.
fn blocks(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        let comment = l.trim_start().starts_with('#');
        let hint = comment && is_any_hint(l);
        if !comment || hint {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
            if hint {
                out.push((i, i + 1));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, lines.len()));
    }
    out
}

/// Whether `line` is a commented-out `key = ...` of any key.
fn is_any_hint(line: &str) -> bool {
    line.trim_start()
        .strip_prefix('#')
        .map(str::trim_start)
        .and_then(|l| l.split_once('='))
        .is_some_and(|(k, _)| {
            let k = k.trim_end();
            !k.is_empty()
                && k.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

/// The absent key (its rank in `order`) a block is about, if any: a hint
/// for it, or a note naming it that stands where it would go (after a key
/// ranked `lo` and before `owner`, ranked after it).
fn about_absent(
    block: &[&str],
    order: &[&str],
    present: &[String],
    owner: &str,
    lo: Option<usize>,
) -> Option<usize> {
    let absent: Vec<&str> = order
        .iter()
        .copied()
        .filter(|k| *k != owner && !present.iter().any(|p| p == k))
        .collect();
    if let Some(first) = block.first()
        && let Some(k) = absent.iter().find(|k| is_hint_for(first, k))
    {
        return crate::edit::order::rank(order, k).into();
    }
    let text = block.concat();
    if text.contains(&format!("`{owner}`")) || text.contains(&format!("`{owner} =")) {
        return None;
    }
    let rank = |k: &str| crate::edit::order::rank(order, k);
    absent
        .iter()
        .filter(|k| lo.is_none_or(|lo| lo < rank(k)) && rank(k) < rank(owner))
        .find(|k| text.contains(&format!("`{k}`")) || text.contains(&format!("`{k} =")))
        .map(|k| rank(k))
}

/// Takes out of the keys' prefixes the blocks about absent keys that have a
/// place among the present ones (a present key after them in `order`).
pub(crate) fn take_anchored(table: &mut Table, order: &[&str]) -> Vec<Anchored> {
    let present: Vec<String> = table
        .iter()
        .filter(|(_, v)| v.is_value())
        .map(|(k, _)| k.to_owned())
        .collect();
    let last_rank = present
        .iter()
        .map(|k| crate::edit::order::rank(order, k))
        .max();
    let mut out = Vec::new();
    let mut lo = None;
    for owner in &present {
        let this_lo = lo;
        lo = Some(crate::edit::order::rank(order, owner));
        let Some(mut key) = table.key_mut(owner) else {
            continue;
        };
        let prefix = raw(key.leaf_decor().prefix());
        if !prefix.contains('#') {
            continue;
        }
        let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
        let mut taken = vec![false; lines.len()];
        for (s, e) in blocks(&lines) {
            let Some(block) = lines.get(s..e) else {
                continue;
            };
            let Some(rank) = about_absent(block, order, &present, owner, this_lo) else {
                continue;
            };
            if last_rank.is_none_or(|l| l <= rank) {
                continue;
            }
            let blank_before = s > 0 && lines.get(s - 1).is_some_and(|l| l.trim().is_empty());
            out.push(Anchored {
                rank,
                text: format!("{}{}", if blank_before { "\n" } else { "" }, block.concat()),
            });
            for t in taken.iter_mut().take(e).skip(s) {
                *t = true;
            }
        }
        if taken.iter().any(|t| *t) {
            key.leaf_decor_mut().set_prefix(untaken(&lines, &taken));
        }
    }
    out
}

/// After `new_key` was inserted: the blocks above the key after it that
/// are about absent keys coming before `new_key` move above `new_key`, where
/// `fmt` puts them.
pub(crate) fn adopt_anchored(table: &mut Table, order: &[&str], new_key: &str) {
    let present: Vec<String> = table
        .iter()
        .filter(|(_, v)| v.is_value())
        .map(|(k, _)| k.to_owned())
        .collect();
    let new_rank = crate::edit::order::rank(order, new_key);
    let at = present.iter().position(|k| k == new_key);
    let Some(next) = at.and_then(|i| present.get(i + 1)) else {
        return;
    };
    let lo = at
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| present.get(i))
        .map(|k| crate::edit::order::rank(order, k));
    let Some(mut key) = table.key_mut(next) else {
        return;
    };
    let prefix = raw(key.leaf_decor().prefix());
    let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
    let mut moved = String::new();
    let mut taken = vec![false; lines.len()];
    for (s, e) in blocks(&lines) {
        let Some(block) = lines.get(s..e) else {
            continue;
        };
        if about_absent(block, order, &present, next, lo).is_some_and(|r| r < new_rank) {
            let blank_before = s > 0 && lines.get(s - 1).is_some_and(|l| l.trim().is_empty());
            if blank_before {
                moved.push('\n');
            }
            moved.push_str(&block.concat());
            for t in taken.iter_mut().take(e).skip(s) {
                *t = true;
            }
        }
    }
    if moved.is_empty() {
        return;
    }
    key.leaf_decor_mut().set_prefix(untaken(&lines, &taken));
    if let Some(mut key) = table.key_mut(new_key) {
        let own = raw(key.leaf_decor().prefix());
        key.leaf_decor_mut().set_prefix(format!("{moved}{own}"));
    }
}

/// After `key` was set in the table at `path` (dotted `name`): when it is
/// the table's last key, the hints right after it (attached to the table)
/// for absent keys that come before it in the format's order move above it,
/// where they stand in a file `new --commented` writes.
pub(crate) fn adopt_trailing_hints(
    doc: &mut DocumentMut,
    path: &[(String, Option<usize>)],
    name: &str,
    key: &str,
) {
    let order = crate::edit::order::order_of(name);
    let rank = |k: &str| crate::edit::order::rank(order, k);
    let Some(table) = table_at_mut(doc.as_table_mut(), path) else {
        return;
    };
    let present: Vec<String> = table
        .iter()
        .filter(|(_, v)| v.is_value())
        .map(|(k, _)| k.to_owned())
        .collect();
    if present.last().map(String::as_str) != Some(key) {
        return;
    }
    let absent_before: Vec<&str> = order
        .iter()
        .copied()
        .filter(|k| rank(k) < rank(key) && !present.iter().any(|p| p == k))
        .collect();
    let mut moved = String::new();
    edit_trailing(doc, path, |t| {
        let lines: Vec<&str> = t.split_inclusive('\n').collect();
        let attached = lines
            .iter()
            .position(|l| l.trim().is_empty())
            .unwrap_or(lines.len());
        let mut rest = String::new();
        for (i, l) in lines.iter().enumerate() {
            if i < attached && absent_before.iter().any(|k| is_hint_for(l, k)) {
                moved.push_str(l);
            } else {
                rest.push_str(l);
            }
        }
        rest
    });
    if moved.is_empty() {
        return;
    }
    if let Some(table) = table_at_mut(doc.as_table_mut(), path)
        && let Some(mut k) = table.key_mut(key)
    {
        let own = raw(k.leaf_decor().prefix());
        k.leaf_decor_mut().set_prefix(format!("{moved}{own}"));
    }
}

/// Puts each anchored block before the first key after it in `order`.
pub(crate) fn put_anchored(table: &mut Table, order: &[&str], mut anchored: Vec<Anchored>) {
    anchored.sort_by_key(|a| a.rank);
    let keys: Vec<String> = table
        .iter()
        .filter(|(_, v)| v.is_value())
        .map(|(k, _)| k.to_owned())
        .collect();
    let mut by_key: Vec<(String, String)> = Vec::new();
    for a in anchored {
        let Some(dest) = keys
            .iter()
            .find(|k| crate::edit::order::rank(order, k) > a.rank)
        else {
            continue;
        };
        match by_key.iter_mut().find(|(k, _)| k == dest) {
            Some((_, text)) => text.push_str(&a.text),
            None => by_key.push((dest.clone(), a.text)),
        }
    }
    for (k, text) in by_key {
        if let Some(mut key) = table.key_mut(&k) {
            let prefix = raw(key.leaf_decor().prefix());
            key.leaf_decor_mut().set_prefix(format!("{text}{prefix}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_about_an_absent_key_stays_at_its_place() {
        let order = crate::edit::order::TOP_ORDER;
        let mut doc: DocumentMut = "title = \"T\"\nsigned = 2001-01-01\n# no `in_force` known\ntags = [\"x\"]\nsources = [\"s\"]\n"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let root = doc.as_table_mut();
        let anchored = take_anchored(root, order);
        root.sort_values_by(|a, _, b, _| {
            crate::edit::order::rank(order, a).cmp(&crate::edit::order::rank(order, b))
        });
        put_anchored(root, order, anchored);
        assert_eq!(
            doc.to_string(),
            "title = \"T\"\nsigned = 2001-01-01\n# no `in_force` known\nsources = [\"s\"]\ntags = [\"x\"]\n"
        );
    }

    #[test]
    fn a_key_s_own_comment_that_names_an_absent_key_stays_with_it() {
        let order = crate::edit::order::TOP_ORDER;
        let text = "title = \"T\"\nparties = [\"A\", \"B\"]\n# so no `in_force` is set\nsigned = 2001-01-01\n";
        let mut doc: DocumentMut = text.parse().unwrap_or_else(|e| panic!("{e}"));
        let anchored = take_anchored(doc.as_table_mut(), order);
        assert!(anchored.is_empty(), "{anchored:?}");
        assert_eq!(doc.to_string(), text);
    }

    #[test]
    fn hints() {
        assert!(is_hint_for("# max = 3   # the most", "max"));
        assert!(is_hint_for("#max=3", "max"));
        assert!(!is_hint_for("# maximum = 3", "max"));
        assert!(!is_hint_for("# max is 3", "max"));
        assert!(!is_hint_for("max = 3", "max"));
    }

    #[test]
    fn own_comments_are_those_right_above() {
        assert_eq!(
            split_own("# a\n\n# b\n"),
            ("# a\n\n".to_owned(), "# b\n".to_owned())
        );
        assert_eq!(split_own("# b\n"), (String::new(), "# b\n".to_owned()));
    }

    #[test]
    fn tables_in_written_order() {
        let doc: DocumentMut = "a = 1\n[term]\nx = 1\n[[event]]\nd = 1\n[[event]]\nd = 2\n"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> = render_order(&doc)
            .iter()
            .map(|p| format!("{p:?}"))
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }
}
