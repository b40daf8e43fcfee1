//! Format-preserving changes to a treaty file's TOML document.
//!
//! `toml_edit` keeps every byte it was not asked to change: comments, blank
//! lines, key order, quoting. What it cannot know is where a *new* key or
//! table belongs; that is decided here, by the canonical order of the format
//! (the order of the example in `spec/data-model.md`): a new key goes after
//! the last key that comes before it in that order, a new table after the
//! last table that does.

use toml_edit::{DocumentMut, Item, Key, Table, Value};

pub(crate) use super::order::{EVENT_ORDER, TOP_ORDER, order_of, rank};
use super::{Refusal, Target};
use crate::dataset::{self, SourceFile};

/// The `date` of a table (an event, a milestone) as `(year, month, day)`,
/// when it has one that is a TOML date.
pub(crate) fn table_date(t: &Table) -> Option<(u16, u8, u8)> {
    t.get("date")
        .and_then(Item::as_datetime)
        .and_then(|d| d.date)
        .map(|d| (d.year, d.month, d.day))
}

/// Parses the current text of `target`. A file `toml_edit` cannot parse is
/// reported with the loader's diagnostics.
pub(crate) fn parse(target: &Target, text: &str) -> Result<DocumentMut, Refusal> {
    text.parse::<DocumentMut>().map_err(|e| {
        let file = SourceFile {
            name: target.name.clone(),
            stem: target.stem.clone(),
            text: text.to_owned(),
        };
        let mut refusal = match dataset::load(&file) {
            Err(report) => Refusal::from_report(report),
            Ok(_) => Refusal::new(
                &target.name,
                format!("{} cannot be edited: {}", target.name, e.message()),
                "edit it by hand with `treatyline edit`",
            ),
        };
        refusal.closing = Some(format!(
            "error: refused: {} is not valid TOML; fix it first (`treatyline edit`); nothing was written",
            target.name
        ));
        refusal
    })
}

/// A TOML local date from the text of `--flag` (or a `set` value).
///
/// Only the shape is checked here (the value must become a TOML date); the
/// loader judges the date itself (the calendar range, an offset or time).
pub(crate) fn date_value(what: &str, raw: &str) -> Result<Value, Refusal> {
    match raw.trim().parse::<Value>() {
        Ok(v @ Value::Datetime(_)) => Ok(v),
        _ => {
            let why = crate::values::parse_date(raw.trim())
                .err()
                .unwrap_or_else(|| {
                    format!("`{raw}` is not a date: write it as YYYY-MM-DD, like 2026-11-29")
                });
            Err(Refusal::new(
                what,
                why,
                "dates are written YYYY-MM-DD, and must exist in the calendar",
            ))
        }
    }
}

/// A TOML string holding `raw` as given.
pub(crate) fn string_value(raw: &str) -> Value {
    Value::from(raw)
}

/// Sets `key` in `table` to `value`: in place when present (keeping its
/// comments and spacing), else as a new key at its canonical place.
pub(crate) fn set_in(table: &mut Table, order: &[&str], key: &str, mut value: Value) {
    let root = order == TOP_ORDER;
    if let Some(Item::Value(old)) = table.get_mut(key) {
        let decor = old.decor().clone();
        *value.decor_mut() = decor;
        *old = value;
        return;
    }
    let index = canonical_index(table, order, key);
    insert_at(table, index, Key::new(key), Item::Value(value), root);
    super::layout::adopt_anchored(table, order, key);
}

/// Where a new `key` goes among the keys of `table`: after the last key that
/// comes before it in `order`.
pub(crate) fn canonical_index(table: &Table, order: &[&str], key: &str) -> usize {
    let new_rank = rank(order, key);
    table
        .iter()
        .enumerate()
        .filter(|(_, (k, v))| v.is_value() && rank(order, k) < new_rank)
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(0)
}

/// Inserts `key = item` so that it is the `index`-th entry of `table`.
///
/// `toml_edit` only appends; the entries after `index` are taken out and put
/// back, with their keys' formatting, which renders them unchanged.
/// A key inserted first in the `root` table takes over the comment that
/// opens the file, which stays the file's first lines.
pub(crate) fn insert_at(table: &mut Table, index: usize, mut key: Key, item: Item, root: bool) {
    let later: Vec<String> = table
        .iter()
        .skip(index)
        .filter(|(_, v)| v.is_value())
        .map(|(k, _)| k.to_owned())
        .collect();
    let mut moved = Vec::new();
    for k in &later {
        if let Some(entry) = table.remove_entry(k) {
            moved.push(entry);
        }
    }
    if index == 0
        && root
        && let Some((first_key, _)) = moved.first_mut()
        && let Some(prefix) = first_key.leaf_decor().prefix().and_then(|p| p.as_str())
        && !prefix.is_empty()
    {
        let prefix = prefix.to_owned();
        key.leaf_decor_mut().set_prefix(prefix);
        first_key.leaf_decor_mut().set_prefix("");
    }
    table.insert_formatted(&key, item);
    for (k, v) in moved {
        table.insert_formatted(&k, v);
    }
}

/// The table `name` of the root, created at its canonical place (after the
/// last table that comes before it) when absent.
///
/// # Errors
///
/// When `name` is there but is not a table (an inline table, a value).
pub(crate) fn table_mut<'d>(
    doc: &'d mut DocumentMut,
    target: &Target,
    name: &str,
) -> Result<&'d mut Table, Refusal> {
    if !doc.as_table().contains_key(name) {
        let new_rank = rank(TOP_ORDER, name);
        let position = doc
            .as_table()
            .iter()
            .filter(|(k, _)| rank(TOP_ORDER, k) < new_rank)
            .filter_map(|(_, v)| match v {
                Item::Table(t) => t.position(),
                Item::ArrayOfTables(a) => a.iter().filter_map(Table::position).max(),
                _ => None,
            })
            .max();
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        // Rendering sorts tables by position, stably: sharing the position
        // of the table it follows puts the new one right after it.
        table.set_position(position);
        doc.as_table_mut().insert(name, Item::Table(table));
    }
    match doc.as_table_mut().get_mut(name) {
        Some(Item::Table(t)) => Ok(t),
        _ => Err(Refusal::new(
            &target.name,
            format!(
                "`{name}` in {} is not written as a `[{name}]` table",
                target.name
            ),
            format!("rewrite it as a `[{name}]` table with `treatyline edit`, then try again"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::order::TERM_ORDER;

    fn doc(text: &str) -> DocumentMut {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn new_key_goes_to_its_canonical_place() {
        let mut d = doc("# head\ntitle = \"T\"\nsigned = 2001-01-01 # s\ntags = [\"x\"]\n");
        let v = date_value("in_force", "2001-02-01").unwrap_or_else(|_| panic!());
        set_in(d.as_table_mut(), TOP_ORDER, "in_force", v);
        assert_eq!(
            d.to_string(),
            "# head\ntitle = \"T\"\nsigned = 2001-01-01 # s\nin_force = 2001-02-01\ntags = [\"x\"]\n"
        );
    }

    #[test]
    fn first_key_takes_over_the_file_header() {
        let mut d = doc("# head\n\ntitle = \"T\"\n");
        set_in(d.as_table_mut(), TOP_ORDER, "id", string_value("t"));
        assert_eq!(d.to_string(), "# head\n\nid = \"t\"\ntitle = \"T\"\n");
    }

    #[test]
    fn replacing_keeps_the_comment() {
        let mut d = doc("[term]\nlength = \"20y\"   # as reported\n");
        if let Some(Item::Table(t)) = d.as_table_mut().get_mut("term") {
            set_in(t, TERM_ORDER, "length", string_value("25y"));
        }
        assert_eq!(d.to_string(), "[term]\nlength = \"25y\"   # as reported\n");
    }
}
