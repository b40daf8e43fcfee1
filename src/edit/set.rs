//! `treatyline set TREATY KEY VALUE` and `treatyline unset TREATY KEY`:
//! change or remove one dotted key of the format.
//!
//! A key is a dotted path: `title`, `term.length`, `event.2.note` (lists of
//! tables count from 1, in file order), `reading.1.term.length`. What the
//! value becomes is decided by [`super::keys`] from the schema; the loader
//! judges it, so `set` accepts exactly what a hand-written file may say,
//! with the loader's messages.

use std::io::{self, Write};

use toml_edit::{DocumentMut, Item, Key, Table, Value};

use super::args::{SetArgs, UnsetArgs};
use super::keys::{self, Shape};
use super::layout::{self, TablePath};
use super::{Mode, Refusal, Session, Target, apply, document, finish, locate};
use crate::outcome::Outcome;

/// A dotted key, split: the tables it goes through, and the key itself
/// (none when the path names a table, like `event.2` or `withdrawal`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeyPath {
    /// As the user wrote it.
    pub(crate) text: String,
    /// The tables, from the root.
    pub(crate) tables: TablePath,
    /// The key in the last table.
    pub(crate) leaf: Option<String>,
}

impl KeyPath {
    /// Parses `event.2.note` and the like.
    ///
    /// # Errors
    ///
    /// A sentence saying what a key looks like.
    pub(crate) fn parse(text: &str) -> Result<KeyPath, String> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(format!(
                "`{text}` is not a key of the format: use a top-level key like `title`, a table key like `term.length`, or an event's like `event.1.note`"
            ));
        }
        let mut tables: TablePath = Vec::new();
        let mut pending: Option<&str> = None;
        for part in parts {
            if part.bytes().all(|b| b.is_ascii_digit()) {
                let Some(name) = pending.take() else {
                    return Err(format!(
                        "`{text}`: a number names one table of a list, like `event.2`; it cannot come first or follow another number"
                    ));
                };
                match part.parse::<usize>() {
                    Ok(n) if n >= 1 => tables.push((name.to_owned(), Some(n - 1))),
                    _ => {
                        return Err(format!(
                            "`{part}` is not a number of a `{name}`: they count from 1, in file order, like `{name}.1`"
                        ));
                    }
                }
            } else {
                if let Some(name) = pending.replace(part) {
                    tables.push((name.to_owned(), None));
                }
            }
        }
        Ok(KeyPath {
            text: text.to_owned(),
            tables,
            leaf: pending.map(str::to_owned),
        })
    }

    /// The names along the path, for the schema (`["event", "note"]`).
    pub(crate) fn names(&self) -> Vec<&str> {
        self.tables
            .iter()
            .map(|(n, _)| n.as_str())
            .chain(self.leaf.as_deref())
            .collect()
    }

    /// The dotted name of the table the key is in, for its key order.
    fn table_name(&self) -> String {
        self.tables
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// An example key of the table `names`, for messages.
fn example_key(names: &[&str]) -> String {
    let order = document::order_of(&names.join("."));
    let first = order
        .first()
        .copied()
        .or_else(|| keys::keys_of(names).first().copied())
        .unwrap_or("note");
    let list = keys::shape(names) == Shape::Tables;
    format!(
        "{}{}.{first}",
        names.join("."),
        if list { ".1" } else { "" }
    )
}

/// Sets one dotted key of a treaty file.
///
/// # Errors
///
/// Only I/O errors writing the output; a refused edit is
/// [`Outcome::Failure`].
pub fn set(session: &Session<'_>, args: &SetArgs, out: &mut dyn Write) -> io::Result<Outcome> {
    set_key(
        session,
        &args.treaty,
        &args.key,
        &args.value,
        args.append,
        &args.write,
        out,
    )
}

/// `set`, shared with `event set`.
pub(crate) fn set_key(
    session: &Session<'_>,
    treaty: &str,
    key: &str,
    value: &str,
    append: bool,
    write: &super::args::WriteArgs,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some((target, path)) = target_and_key(session, treaty, key)? else {
        return Ok(Outcome::Failure);
    };
    if path.names().first() == Some(&"event")
        && path.leaf.as_deref() == Some("date")
        && !super::confirm_future(session, value)?
    {
        writeln!(io::stderr(), "aborted: {} is unchanged", target.name)?;
        return Ok(Outcome::Failure);
    }
    let mut note = None;
    let result = apply(&target, write, Mode::Modify, |text| {
        let mut doc = document::parse(&target, text.unwrap_or_default())?;
        note = set_in_doc(&mut doc, &target, &path, value, append)?;
        Ok(doc.to_string())
    })
    .map_err(|r| r.naming_flags(&[], &[]));
    let done = match note {
        Some(n) => format!("set {key} in {} ({n})", target.name),
        None => format!("set {key} in {}", target.name),
    };
    finish(session, out, &target, result, &done)
}

/// Sets `path` to `raw` in `doc`; returns a note for the status line (what
/// it replaced, where an event moved).
pub(crate) fn set_in_doc(
    doc: &mut DocumentMut,
    target: &Target,
    path: &KeyPath,
    raw: &str,
    append: bool,
) -> Result<Option<String>, Refusal> {
    let names = path.names();
    let Some(leaf) = path.leaf.as_deref() else {
        return Err(not_a_value(target, &path.text, &names));
    };
    if matches!(keys::shape(&names), Shape::Table | Shape::Tables) {
        return Err(not_a_value(target, &path.text, &names));
    }
    let value = keys::value_for(&names, &format!("`{}`", path.text), raw)?;
    let table_name = path.table_name();
    let table = container_mut(doc, target, &path.tables, true)?;
    if let Some(item) = table.get(leaf)
        && !item.is_value()
    {
        return Err(not_a_value(target, &path.text, &names));
    }
    let mut note = None;
    if append {
        match table.get_mut(leaf) {
            Some(Item::Value(Value::Array(existing))) => {
                let items: Vec<Value> = match value {
                    Value::Array(a) => a.into_iter().collect(),
                    v => vec![v],
                };
                append_to(existing, items);
            }
            Some(_) => {
                return Err(Refusal::new(
                    &target.name,
                    format!("`{}` is not a list", path.text),
                    "`--append` adds to a list, like `sources`; set the key without it",
                ));
            }
            None => document::set_in(table, document::order_of(&table_name), leaf, value),
        }
    } else {
        let term = path.tables.last().is_some_and(|(n, _)| n == "term");
        let replaced = if term {
            replace_term_end(table, leaf, value.clone())
        } else {
            None
        };
        match replaced {
            Some(old) => note = Some(format!("in place of {table_name}.{old}")),
            None => document::set_in(table, document::order_of(&table_name), leaf, value),
        }
    }
    layout::remove_hints(doc, &path.tables, leaf);
    layout::adopt_trailing_hints(doc, &path.tables, &table_name, leaf);
    if leaf == "date"
        && let Some((list, Some(index))) = path.tables.last()
        && path.tables.len() == 1
        && let Some(to) = keep_in_date_order(doc, list, *index)
    {
        note = Some(format!(
            "it is now {list} {}: {list}s are kept in date order",
            to + 1
        ));
    }
    Ok(note)
}

/// Appends `items` to `array` written the way its items are: each new item
/// takes the last one's spacing (`"a",\n  "b"` stays one per line), and
/// whatever stood before `]` stays there.
fn append_to(array: &mut toml_edit::Array, items: Vec<Value>) {
    let empty = array.is_empty();
    let last_index = array.len().saturating_sub(1);
    let (prefix, suffix) = match array.get_mut(last_index) {
        Some(last) => {
            let prefix = layout::raw(last.decor().prefix());
            let suffix = layout::raw(last.decor().suffix());
            last.decor_mut().set_suffix("");
            (prefix, suffix)
        }
        None => (String::new(), String::new()),
    };
    let count = items.len();
    for (i, mut item) in items.into_iter().enumerate() {
        item.decor_mut().clear();
        if empty && i == 0 {
            item.decor_mut().set_prefix("");
        } else {
            item.decor_mut()
                .set_prefix(if prefix.is_empty() { " " } else { &prefix });
        }
        if i + 1 == count {
            item.decor_mut().set_suffix(suffix.clone());
        } else {
            item.decor_mut().set_suffix("");
        }
        array.push_formatted(item);
    }
}

/// After the date of the `index`-th table of `list` changed: moves it where
/// the date order puts it, when the others are in date order. Returns its
/// new index when it moved.
fn keep_in_date_order(doc: &mut DocumentMut, list: &str, index: usize) -> Option<usize> {
    let Some(Item::ArrayOfTables(tables)) = doc.as_table().get(list) else {
        return None;
    };
    let dates: Vec<Option<(u16, u8, u8)>> = tables.iter().map(document::table_date).collect();
    let moved = dates.get(index).copied().flatten()?;
    let others: Vec<Option<(u16, u8, u8)>> = dates
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(_, d)| *d)
        .collect();
    if others.windows(2).any(|w| match w {
        [Some(a), Some(b)] => a > b,
        _ => true,
    }) {
        return None;
    }
    // Same rule as a new event: after every one dated on or before it.
    let to = others
        .iter()
        .take_while(|d| d.is_some_and(|d| d <= moved))
        .count();
    if to == index {
        return None;
    }
    let order = layout::render_order(doc);
    let Some(Item::ArrayOfTables(tables)) = doc.as_table_mut().get_mut(list) else {
        return None;
    };
    if index >= tables.len() {
        return None;
    }
    let table = tables.remove(index);
    let to = to.min(tables.len());
    tables.insert(to, table);
    // The tables of the list keep their places in the written order; only
    // which of them is where changes.
    layout::renumber(doc, &order);
    Some(to)
}

/// The table at `path`, created at its canonical place when `create` and
/// it is a missing table (not a missing element of a list).
fn container_mut<'d>(
    doc: &'d mut DocumentMut,
    target: &Target,
    path: &[(String, Option<usize>)],
    create: bool,
) -> Result<&'d mut Table, Refusal> {
    // Create the missing tables along the way, outermost first.
    for depth in 1..=path.len() {
        let Some(((name, index), parent)) = path.get(..depth).and_then(|p| p.split_last()) else {
            break;
        };
        if index.is_some() {
            continue;
        }
        let parent_position = if parent.is_empty() {
            None
        } else {
            layout::table_at_mut(doc.as_table_mut(), parent).map(|t| t.position())
        };
        let exists = match layout::table_at_mut(doc.as_table_mut(), parent) {
            Some(t) => t.contains_key(name),
            None => true,
        };
        if exists || !create {
            continue;
        }
        if parent.is_empty() {
            document::table_mut(doc, target, name)?;
        } else if let Some(p) = layout::table_at_mut(doc.as_table_mut(), parent) {
            let mut table = Table::new();
            table.decor_mut().set_prefix("\n");
            table.set_position(parent_position.flatten());
            p.insert(name, Item::Table(table));
        }
    }
    let mut here = doc.as_table_mut();
    let mut walked: Vec<String> = Vec::new();
    for (name, index) in path {
        walked.push(name.clone());
        let shown = walked.join(".");
        here = match (here.get_mut(name), index) {
            (Some(Item::Table(t)), None) => t,
            (Some(Item::ArrayOfTables(a)), Some(i)) => {
                let count = a.len();
                let n = i + 1;
                match a.get_mut(*i) {
                    Some(t) => t,
                    None => {
                        return Err(Refusal::new(
                            &target.name,
                            format!(
                                "there is no {shown} {n}: {} has {count} {shown}(s)",
                                target.name
                            ),
                            if count == 0 {
                                format!("{shown}s count from 1, in file order")
                            } else {
                                format!(
                                    "{shown}s count from 1, in file order: use `{shown}.1` to `{shown}.{count}`"
                                )
                            },
                        ));
                    }
                }
            }
            (None, Some(_)) => {
                return Err(Refusal::new(
                    &target.name,
                    format!("{} has no `[[{shown}]]` tables", target.name),
                    if shown == "event" {
                        "add events with `treatyline event add`".to_owned()
                    } else {
                        format!("add a `[[{shown}]]` table with `treatyline edit`")
                    },
                ));
            }
            (None, None) => {
                return Err(Refusal::new(
                    &target.name,
                    format!("{} has no `[{shown}]` table", target.name),
                    "nothing was changed",
                ));
            }
            _ => {
                return Err(Refusal::new(
                    &target.name,
                    format!(
                        "`{shown}` in {} is not written as a `[{shown}]` table",
                        target.name
                    ),
                    "rewrite it as a table with `treatyline edit`, then try again".to_owned(),
                ));
            }
        };
    }
    Ok(here)
}

/// `[term]` takes exactly one of `length`, `expires` and `last_day`: setting
/// one replaces another where it stands, with the comments above it (the
/// comment at the end of its line explained the old key, and goes).
fn replace_term_end(table: &mut Table, key: &str, value: Value) -> Option<String> {
    const ENDS: [&str; 3] = ["length", "expires", "last_day"];
    if !ENDS.contains(&key) || table.contains_key(key) {
        return None;
    }
    let old = ENDS.iter().find(|k| table.contains_key(k))?;
    let index = table.iter().position(|(k, _)| k == *old)?;
    let (old_key, _) = table.remove_entry(old)?;
    let new_key = Key::new(key).with_leaf_decor(old_key.leaf_decor().clone());
    document::insert_at(table, index, new_key, Item::Value(value), false);
    Some((*old).to_owned())
}

fn not_a_value(target: &Target, key: &str, names: &[&str]) -> Refusal {
    Refusal::new(
        &target.name,
        format!("`{key}` is a table, not a value"),
        format!("set one of its keys instead, like `{}`", example_key(names)),
    )
}

/// Removes one dotted key (or a table, like `withdrawal` or `event.2`).
///
/// # Errors
///
/// Only I/O errors writing the output; a refused edit is
/// [`Outcome::Failure`].
pub fn unset(session: &Session<'_>, args: &UnsetArgs, out: &mut dyn Write) -> io::Result<Outcome> {
    remove_key(session, &args.treaty, &args.key, &args.write, out, None)
}

/// `unset`, shared with `event rm`; `done` replaces the status line.
pub(crate) fn remove_key(
    session: &Session<'_>,
    treaty: &str,
    key: &str,
    write: &super::args::WriteArgs,
    out: &mut dyn Write,
    done: Option<String>,
) -> io::Result<Outcome> {
    let Some((target, path)) = target_and_key(session, treaty, key)? else {
        return Ok(Outcome::Failure);
    };
    let result = apply(&target, write, Mode::Modify, |text| {
        let mut doc = document::parse(&target, text.unwrap_or_default())?;
        remove_in_doc(&mut doc, &target, &path)?;
        Ok(doc.to_string())
    })
    .map_err(|r| r.naming_flags(&[], &[]));
    let done = done.unwrap_or_else(|| format!("removed {key} from {}", target.name));
    finish(session, out, &target, result, &done)
}

/// Removes `path` from `doc`, with its own comments; the comments that
/// trail the section above it stay where they are.
pub(crate) fn remove_in_doc(
    doc: &mut DocumentMut,
    target: &Target,
    path: &KeyPath,
) -> Result<(), Refusal> {
    let missing = || {
        Refusal::new(
            &target.name,
            format!("there is no `{}` to remove", path.text),
            "the file does not say it (`treatyline event list` numbers the events); nothing was changed",
        )
    };
    match path.leaf.as_deref() {
        Some(_) if keys::shape(&path.names()) == Shape::Tables => Err(Refusal::new(
            &target.name,
            format!(
                "`{}` is the list of every {}: it is not removed at once",
                path.text, path.text
            ),
            format!(
                "remove them one by one, like `{}.1`{}",
                path.text,
                if path.text == "event" {
                    " (`treatyline event rm ID 1`)"
                } else {
                    ""
                }
            ),
        )),
        Some(leaf) => {
            let root = path.tables.is_empty();
            let table =
                layout::table_at_mut(doc.as_table_mut(), &path.tables).ok_or_else(missing)?;
            if table.get(leaf).is_none() {
                return Err(missing());
            }
            if !table.get(leaf).is_some_and(Item::is_value) {
                // A table: `unset withdrawal`.
                let mut tables = path.tables.clone();
                tables.push((leaf.to_owned(), None));
                return remove_table(doc, target, &tables);
            }
            let keys: Vec<String> = table
                .iter()
                .filter(|(_, v)| v.is_value())
                .map(|(k, _)| k.to_owned())
                .collect();
            let at = keys.iter().position(|k| k == leaf).unwrap_or(0);
            let prefix = table
                .key(leaf)
                .map(|k| layout::raw(k.leaf_decor().prefix()))
                .unwrap_or_default();
            // The file's opening comment is on its first key: it stays.
            let (kept, _own) = if root && at == 0 {
                layout::header_split(&prefix)
            } else {
                layout::split_own(&prefix)
            };
            table.remove(leaf);
            match keys.get(at + 1) {
                Some(next) => {
                    if let Some(mut k) = table.key_mut(next) {
                        let p = layout::raw(k.leaf_decor().prefix());
                        k.leaf_decor_mut().set_prefix(format!("{kept}{p}"));
                    }
                }
                None if !kept.trim().is_empty() => {
                    layout::edit_trailing(doc, &path.tables, |t| format!("{kept}{t}"));
                }
                None => {}
            }
            Ok(())
        }
        None => remove_table(doc, target, &path.tables),
    }
}

/// Removes the table at `path` (a `[table]` or one of a `[[list]]`), its
/// header comment and the hints that trailed it.
fn remove_table(
    doc: &mut DocumentMut,
    target: &Target,
    path: &[(String, Option<usize>)],
) -> Result<(), Refusal> {
    let Some(((name, index), parent)) = path.split_last() else {
        return Err(Refusal::new(
            &target.name,
            "name a key to remove",
            "like `renewal.max`",
        ));
    };
    let names: Vec<&str> = path.iter().map(|(n, _)| n.as_str()).collect();
    let shown = match index {
        Some(i) => format!("{}.{}", names.join("."), i + 1),
        None => names.join("."),
    };
    let count = match layout::table_at_mut(doc.as_table_mut(), parent).and_then(|p| p.get(name)) {
        Some(Item::ArrayOfTables(a)) => a.len(),
        _ => 0,
    };
    let Some(table) = layout::table_at_mut(doc.as_table_mut(), path) else {
        return Err(Refusal::new(
            &target.name,
            match index {
                Some(i) => format!(
                    "there is no {} {}: {} has {count} {}(s)",
                    names.join("."),
                    i + 1,
                    target.name,
                    names.join(".")
                ),
                None => format!("{} has no `[{shown}]` table", target.name),
            },
            "nothing was changed",
        ));
    };
    // What trails the section above stays; the header's own comment goes,
    // and so do the hints for this table's keys after it.
    let prefix = layout::raw(table.decor().prefix());
    let (kept, _own) = layout::header_split(&prefix);
    for key in keys::keys_of(&names) {
        layout::remove_hints(doc, path, key);
    }
    let order = layout::render_order(doc);
    let next = order
        .iter()
        .position(|p| p.as_slice() == path)
        .and_then(|i| order.get(i + 1).cloned());
    let Some(parent_table) = layout::table_at_mut(doc.as_table_mut(), parent) else {
        return Ok(());
    };
    match (index, parent_table.get_mut(name)) {
        (Some(i), Some(Item::ArrayOfTables(a))) => {
            if *i < a.len() {
                a.remove(*i);
            }
            if a.is_empty() {
                parent_table.remove(name);
            }
        }
        _ => {
            parent_table.remove(name);
        }
    }
    // The next table after it now follows the one before: the comments that
    // trailed the one before go on its header, before its own comment.
    // A blank line above them (they stood free) stays; without one they
    // stay attached to the section above.
    let lead = if kept.trim_start_matches([' ', '\t']).starts_with('\n') {
        "\n"
    } else {
        ""
    };
    let kept = kept.trim();
    if !kept.is_empty() {
        let next = next.map(|mut n| {
            // The list shrank: the next element of the same list moved up.
            let same_depth = n.len() == path.len();
            if let (Some((nn, Some(ni))), Some((_, Some(i)))) = (n.last_mut(), path.last())
                && nn == name
                && *ni > *i
                && same_depth
            {
                *ni -= 1;
            }
            n
        });
        match next.and_then(|n| layout::table_at_mut(doc.as_table_mut(), &n)) {
            Some(t) => {
                let p = layout::raw(t.decor().prefix());
                let (detached, own) = layout::header_split(&p);
                let detached = detached.trim();
                let detached = if detached.is_empty() {
                    String::new()
                } else {
                    format!("{detached}\n\n")
                };
                t.decor_mut()
                    .set_prefix(format!("{lead}{kept}\n\n{detached}{own}"));
            }
            None => {
                let t = layout::raw(Some(doc.trailing()));
                doc.set_trailing(format!("{lead}{kept}\n{t}"));
            }
        }
    }
    Ok(())
}

/// The file `treaty` names and the parsed `key`; `None` once the refusal
/// has been printed (no such treaty, or a key that is not a dotted path).
fn target_and_key(
    session: &Session<'_>,
    treaty: &str,
    key: &str,
) -> io::Result<Option<(super::Target, KeyPath)>> {
    let target = match locate(session, treaty) {
        Ok(t) => t,
        Err(r) => {
            r.print(session)?;
            return Ok(None);
        }
    };
    match KeyPath::parse(key) {
        Ok(p) => Ok(Some((target, p))),
        Err(message) => {
            Refusal::new(&target.name, message, "see spec/data-model.md for the keys")
                .print(session)?;
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<(TablePath, Option<String>), String> {
        KeyPath::parse(s).map(|k| (k.tables, k.leaf))
    }

    fn target() -> Target {
        Target {
            name: "t.toml".into(),
            path: "t.toml".into(),
            stem: "t".into(),
        }
    }

    fn set_text(text: &str, key: &str, raw: &str, append: bool) -> String {
        let mut doc: DocumentMut = text.parse().unwrap_or_else(|e| panic!("{e}"));
        let path = KeyPath::parse(key).unwrap_or_else(|e| panic!("{e}"));
        if let Err(e) = set_in_doc(&mut doc, &target(), &path, raw, append) {
            panic!("{e:?}");
        }
        doc.to_string()
    }

    #[test]
    fn a_reading_s_table_is_made_right_after_it() {
        let text = "title = \"T\"\n\n[[reading]]\nname = \"a\"\n\n[[reading]]\nname = \"b\"\n\n[[event]]\ndate = 2001-01-01\nkind = \"note\"\n";
        assert_eq!(
            set_text(text, "reading.1.term.length", "20y", false),
            "title = \"T\"\n\n[[reading]]\nname = \"a\"\n\n[reading.term]\nlength = \"20y\"\n\n[[reading]]\nname = \"b\"\n\n[[event]]\ndate = 2001-01-01\nkind = \"note\"\n"
        );
    }

    #[test]
    fn append_keeps_one_item_per_line() {
        let text = "sources = [\n  \"a\",\n  \"b\",\n]\n";
        assert_eq!(
            set_text(text, "sources", "https://c/d,en", true),
            "sources = [\n  \"a\",\n  \"b\",\n  \"https://c/d,en\",\n]\n"
        );
        assert_eq!(
            set_text("title = \"T\"\n", "tags", "[\"x\", \"y\"]", true),
            "title = \"T\"\ntags = [\"x\", \"y\"]\n"
        );
    }

    #[test]
    fn paths() {
        assert_eq!(p("title"), Ok((vec![], Some("title".into()))));
        assert_eq!(
            p("term.length"),
            Ok((vec![("term".into(), None)], Some("length".into())))
        );
        assert_eq!(
            p("event.2.note"),
            Ok((vec![("event".into(), Some(1))], Some("note".into())))
        );
        assert_eq!(p("event.2"), Ok((vec![("event".into(), Some(1))], None)));
        assert_eq!(
            p("reading.1.term.length"),
            Ok((
                vec![("reading".into(), Some(0)), ("term".into(), None)],
                Some("length".into())
            ))
        );
        assert!(p("event.0.note").is_err());
        assert!(p("2.note").is_err());
        assert!(p("").is_err());
        assert!(p("a..b").is_err());
    }
}
