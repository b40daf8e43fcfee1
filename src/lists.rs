//! The lists a dataset keeps at its root beside its treaty files
//! (`publishers.toml`, `parties.toml`): found for a treaty file from its
//! folder upwards, read and parsed once per run, and merged when a command
//! shows treaties of more than one dataset.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::dataset::Dataset;
use crate::diag::{Diagnostic, FileReport};

/// A list a dataset may keep at its root.
pub trait List: Clone + Default + std::fmt::Debug {
    /// Its file name (`publishers.toml`).
    const FILE_NAME: &'static str;

    /// The embedded dataset's copy: its name and text, when it has one.
    fn embedded() -> Option<(&'static str, &'static str)>;

    /// Parses the file's text.
    ///
    /// # Errors
    ///
    /// Every problem of the file, with its span.
    fn parse(text: &str) -> Result<Self, Vec<Diagnostic>>;

    /// Adds what `other` lists and this one does not.
    fn merge(&mut self, other: &Self);
}

/// Where a dataset's list named `file_name` is for a treaty file at
/// `path`: the nearest folder, from the file's own upwards, that has one.
/// `None` when no folder has one. A relative `path` gives a relative answer
/// while the answer lies below the current folder.
pub fn file_for(path: &Path, file_name: &str) -> Option<PathBuf> {
    let in_path = path
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(file_name))
        .find(|candidate| candidate.is_file());
    if in_path.is_some() || path.is_absolute() {
        return in_path;
    }
    std::env::current_dir()
        .ok()?
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(file_name))
        .find(|candidate| candidate.is_file())
}

/// A list file, read and parsed.
#[derive(Clone, Debug)]
pub struct Loaded<L> {
    /// The name shown in messages (the path as found).
    pub name: String,
    /// The parsed list.
    pub list: L,
}

/// Parses the list file `text`, shown as `name`.
///
/// # Errors
///
/// A report when it does not parse.
pub fn load<L: List>(name: &str, text: &str) -> Result<Loaded<L>, FileReport> {
    L::parse(text)
        .map(|list| Loaded {
            name: name.to_owned(),
            list,
        })
        .map_err(|diagnostics| FileReport {
            file: name.to_owned(),
            text: text.to_owned(),
            diagnostics,
        })
}

/// Finds the list that applies to each treaty file, reading each list
/// file once.
#[derive(Debug)]
pub struct Resolver<L> {
    by_dir: HashMap<PathBuf, Option<String>>,
    lists: HashMap<String, Option<Loaded<L>>>,
    /// A report for each list file that could not be read or parsed.
    pub problems: Vec<FileReport>,
}

impl<L> Default for Resolver<L> {
    fn default() -> Self {
        Resolver {
            by_dir: HashMap::new(),
            lists: HashMap::new(),
            problems: Vec::new(),
        }
    }
}

impl<L: List> Resolver<L> {
    /// The list that applies to the treaty file named `file` (a path, or the
    /// name of an embedded file), if its dataset has one that loads.
    pub fn for_file(&mut self, file: &str) -> Option<&Loaded<L>> {
        if crate::dataset::is_embedded(file) {
            return self.embedded();
        }
        let key = {
            let dir = Path::new(file)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            self.by_dir
                .entry(dir)
                .or_insert_with(|| {
                    file_for(Path::new(file), L::FILE_NAME).map(|p| p.display().to_string())
                })
                .clone()
        }?;
        if !self.lists.contains_key(&key) {
            let text = crate::dataset::read_source(Path::new(&key)).map(|f| f.text);
            self.remember(&key, text);
        }
        self.lists.get(&key).and_then(Option::as_ref)
    }

    /// The embedded dataset's list, if it has one.
    pub fn embedded(&mut self) -> Option<&Loaded<L>> {
        let (name, text) = L::embedded()?;
        if !self.lists.contains_key(name) {
            self.remember(name, Ok(text.to_owned()));
        }
        self.lists.get(name).and_then(Option::as_ref)
    }

    /// Reads `dataset`'s own list: the embedded one, or the one at the root
    /// of the folder.
    pub fn of_dataset(&mut self, dataset: &Dataset) {
        match dataset {
            Dataset::Embedded => {
                let _ = self.embedded();
            }
            // A file in the dataset's root folder finds its list.
            Dataset::Dir(d) => {
                let _ = self.for_file(&d.join("_").display().to_string());
            }
        }
    }

    fn remember(&mut self, key: &str, text: Result<String, FileReport>) {
        let loaded = match text.and_then(|t| load(key, &t)) {
            Ok(l) => Some(l),
            Err(report) => {
                self.problems.push(report);
                None
            }
        };
        self.lists.insert(key.to_owned(), loaded);
    }

    /// Every list found so far, merged in the order of their names (the
    /// first list to name an entry keeps it).
    pub fn merged(&self) -> L {
        let mut all = L::default();
        let mut names: Vec<&String> = self.lists.keys().collect();
        names.sort();
        for name in names {
            if let Some(Some(l)) = self.lists.get(name) {
                all.merge(&l.list);
            }
        }
        all
    }
}

/// Every string a treaty file's `text` gives under one of the keys `one`
/// (a string, in any table: events, readings, milestones) or under the key
/// `many` (an array of strings, in any table), with its span, in file
/// order. `None` when the text does not parse (the loader reports it).
pub fn strings_under(text: &str, one: &[&str], many: &str) -> Option<Vec<(String, Range<usize>)>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return None;
    }
    let mut found = Vec::new();
    collect_table(root.get_ref(), one, many, &mut found);
    Some(found)
}

fn collect_table(
    table: &DeTable<'_>,
    one: &[&str],
    many: &str,
    out: &mut Vec<(String, Range<usize>)>,
) {
    for (key, value) in table.iter() {
        let key: &str = key.get_ref().as_ref();
        match value.get_ref() {
            DeValue::String(s) if one.contains(&key) => out.push((s.to_string(), value.span())),
            DeValue::Array(items) if key == many => {
                for item in items.iter() {
                    if let DeValue::String(s) = item.get_ref() {
                        out.push((s.to_string(), item.span()));
                    }
                }
            }
            v => collect_value(v, one, many, out),
        }
    }
}

fn collect_value(
    value: &DeValue<'_>,
    one: &[&str],
    many: &str,
    out: &mut Vec<(String, Range<usize>)>,
) {
    match value {
        DeValue::Table(t) => collect_table(t, one, many, out),
        DeValue::Array(items) => {
            for item in items.iter() {
                collect_value(item.get_ref(), one, many, out);
            }
        }
        _ => {}
    }
}

/// A list file's TOML, or each of its syntax errors with a help showing
/// what a line of the list looks like (`example`).
pub(crate) fn syntax<'i>(
    text: &'i str,
    example: &str,
) -> Result<toml::Spanned<DeTable<'i>>, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Ok(root);
    }
    Err(errors
        .into_iter()
        .map(|e| {
            Diagnostic::error(e.message().trim().to_owned(), e.span().unwrap_or(0..0)).with_help(
                format!("fix the TOML syntax here; each line is like `{example}`"),
            )
        })
        .collect())
}
