//! Datasets: folders of treaty files, or the one embedded in the binary.
//!
//! Loading a file means reading it, parsing it ([`crate::model::load`]) and
//! running the engine once to find what only the engine can see (a renewal
//! that attaches to no boundary, say), so that a treaty that loads is one
//! every command can project. `check` and the editing commands use this
//! same path.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, FileReport};
use crate::engine::{self, Horizon, calendar};
use crate::model::Treaty;
use crate::model::load::{did_you_mean, parse_treaty};

/// Whether a treaty argument is a path (else it is an id looked up in the
/// dataset): it ends in `.toml` or holds a path separator.
pub(crate) fn looks_like_path(arg: &str) -> bool {
    arg.ends_with(".toml") || arg.contains('/') || arg.contains(std::path::MAIN_SEPARATOR)
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The largest treaty file read, in bytes. Real treaty files are a few
/// kilobytes; the limit keeps a stray multi-gigabyte file from exhausting
/// memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The deepest folder nesting searched for treaty files.
pub const MAX_DEPTH: usize = 32;

/// The text of one treaty file and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The name shown in messages: the path as given, or the package-relative
    /// path of an embedded file.
    pub name: String,
    /// The file stem, which is the treaty's id.
    pub stem: String,
    /// The text.
    pub text: String,
}

/// A loaded treaty and the file it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The treaty.
    pub treaty: Treaty,
    /// The file's name as shown in messages.
    pub file: String,
}

/// Where treaties are looked up by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dataset {
    /// A folder, searched recursively for `*.toml`.
    Dir(PathBuf),
    /// The dataset compiled into the binary.
    Embedded,
}

impl Dataset {
    /// The dataset to use: `dir` when given, else `./data` when that folder
    /// exists, else the embedded one.
    pub fn choose(dir: Option<PathBuf>) -> Dataset {
        match dir {
            Some(d) => Dataset::Dir(d),
            None if Path::new("data").is_dir() => Dataset::Dir(PathBuf::from("data")),
            None => Dataset::Embedded,
        }
    }

    /// A short description for messages.
    pub fn describe(&self) -> String {
        match self {
            Dataset::Dir(d) => format!("the dataset in {}", d.display()),
            Dataset::Embedded => "the embedded dataset".to_owned(),
        }
    }

    /// Every treaty file in the dataset, sorted by name.
    ///
    /// # Errors
    ///
    /// One report per file or folder that could not be read.
    pub fn files(&self) -> (Vec<SourceFile>, Vec<FileReport>) {
        match self {
            Dataset::Embedded => (embedded_files(), Vec::new()),
            Dataset::Dir(dir) => {
                let mut paths = Vec::new();
                let mut problems = Vec::new();
                let mut seen = HashSet::new();
                walk(dir, 0, &mut paths, &mut problems, &mut seen);
                paths.sort();
                let mut files = Vec::new();
                for p in paths {
                    match read_source(&p) {
                        Ok(f) => files.push(f),
                        Err(r) => problems.push(r),
                    }
                }
                (files, problems)
            }
        }
    }

    /// Every treaty in the dataset, loaded ([`load`]) with ids checked
    /// unique: what [`Dataset::files`] then [`load_all`] give, with the
    /// reading done on all cores too and each file's text dropped as soon
    /// as its treaty is loaded (a large dataset is never held in memory as
    /// text).
    ///
    /// # Errors
    ///
    /// One report per folder or file that could not be read (first, in
    /// path order) and per file that did not load.
    pub fn load_every(&self) -> (Vec<Loaded>, Vec<FileReport>) {
        let (loaded, _, problems) = self.load_each(|f| load(f).map(|l| (l, None::<()>)));
        (loaded, problems)
    }

    /// [`Dataset::load_every`], each treaty also projected on
    /// `then.horizon` as it loads ([`load_then`]): the treaties, and beside
    /// them what `then.keep` took of each one's projection.
    ///
    /// # Errors
    ///
    /// As [`Dataset::load_every`].
    pub fn load_every_then<T: Send>(
        &self,
        then: &Then<'_, T>,
    ) -> (Vec<Loaded>, Vec<Option<T>>, Vec<FileReport>) {
        self.load_each(|f| load_then(f, then))
    }

    /// Every file loaded by `load_file` on all cores, reading included, in
    /// path order, with ids checked unique; the problems: folders and files
    /// that could not be read (first, in path order), then files that did
    /// not load, then the ids used twice.
    fn load_each<T: Send>(
        &self,
        load_file: impl Fn(&SourceFile) -> Result<(Loaded, Option<T>), FileReport> + Sync,
    ) -> (Vec<Loaded>, Vec<Option<T>>, Vec<FileReport>) {
        let Dataset::Dir(dir) = self else {
            return load_files(&self.files().0, load_file);
        };
        let mut paths = Vec::new();
        let mut problems = Vec::new();
        walk(dir, 0, &mut paths, &mut problems, &mut HashSet::new());
        paths.sort();
        let results = crate::par::map(
            &paths,
            |p| match read_source(p) {
                Ok(f) => load_file(&f).map_err(|r| (false, r)),
                Err(r) => Err((true, r)),
            },
            || Err((false, panicked())),
        );
        let (mut read, mut invalid) = (Vec::new(), Vec::new());
        let (loaded, kept) = keep_loaded(results, |(unreadable, report)| {
            if unreadable {
                read.push(report);
            } else {
                invalid.push(report);
            }
        });
        problems.extend(read);
        problems.extend(invalid);
        problems.extend(duplicate_ids(&loaded));
        (loaded, kept, problems)
    }

    /// The file whose stem is `id`, if the dataset has one.
    ///
    /// # Errors
    ///
    /// A report when no file has that id (with a suggestion), when two do,
    /// or when it cannot be read.
    pub fn find(&self, id: &str) -> Result<SourceFile, FileReport> {
        let (files, _) = match self {
            Dataset::Embedded => (embedded_files(), Vec::<FileReport>::new()),
            Dataset::Dir(dir) => {
                let mut paths = Vec::new();
                let mut problems = Vec::new();
                walk(dir, 0, &mut paths, &mut problems, &mut HashSet::new());
                let matching: Vec<PathBuf> = paths
                    .iter()
                    .filter(|p| p.file_stem().is_some_and(|s| s == id))
                    .cloned()
                    .collect();
                match matching.as_slice() {
                    [one] => return read_source(one),
                    [first, second, ..] => {
                        return Err(report_message(
                            &first.display().to_string(),
                            format!(
                                "the id `{id}` is used by two files: {} and {}",
                                first.display(),
                                second.display()
                            ),
                            "ids must be unique in a dataset: rename one file",
                        ));
                    }
                    [] => {
                        let stems: Vec<String> = paths
                            .iter()
                            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                            .collect();
                        return Err(unknown_id(id, &stems, self));
                    }
                }
            }
        };
        let stems: Vec<String> = files.iter().map(|f| f.stem.clone()).collect();
        files
            .into_iter()
            .find(|f| f.stem == id)
            .ok_or_else(|| unknown_id(id, &stems, self))
    }
}

fn unknown_id(id: &str, stems: &[String], dataset: &Dataset) -> FileReport {
    let names: Vec<&str> = stems.iter().map(String::as_str).collect();
    let help = match did_you_mean(id, &names) {
        Some(s) => format!("did you mean `{s}`? `treatyline list` lists every treaty"),
        None => "name a treaty by its id (the file name without `.toml`) or give a path to a `.toml` file".to_owned(),
    };
    report_message(
        id,
        format!("there is no treaty `{id}` in {}", dataset.describe()),
        &help,
    )
}

fn report_message(file: &str, message: String, help: &str) -> FileReport {
    FileReport {
        file: file.to_owned(),
        text: String::new(),
        diagnostics: vec![Diagnostic::unplaced(message).with_help(help)],
    }
}

fn embedded_files() -> Vec<SourceFile> {
    embedded::EMBEDDED
        .iter()
        // The publishers and parties lists sit beside the treaties; they are
        // not treaties.
        .filter(|(name, _)| *name != EMBEDDED_PUBLISHERS && *name != EMBEDDED_PARTIES)
        .map(|(name, text)| SourceFile {
            name: (*name).to_owned(),
            stem: Path::new(name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text: (*text).to_owned(),
        })
        .collect()
}

/// The temporary files interrupted writes left in the dataset folder
/// (`.<name>.toml.<random>.tmp`, see [`crate::edit`]), sorted: `check`
/// mentions them, as nothing else reads or removes them.
pub fn leftover_temporaries(dataset: &Dataset) -> Vec<PathBuf> {
    let Dataset::Dir(dir) = dataset else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The folder walk that finds treaty files, asking for another kind of
    // file; a folder it cannot read is reported by the loading, not here.
    visit(
        dir,
        0,
        &mut HashSet::new(),
        &mut out,
        &mut Vec::new(),
        &|path, _| {
            path.file_name()
                .is_some_and(|n| is_temporary_name(&n.to_string_lossy()))
        },
    );
    out.sort();
    out
}

/// Whether `name` is that of a temporary file an edit writes: `.`, a treaty
/// file's name, `.`, random letters, `.tmp`.
fn is_temporary_name(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .and_then(|n| n.rsplit_once('.'))
        .is_some_and(|(file, random)| file.ends_with(".toml") && !random.is_empty())
}

/// Every treaty file under `dir`: `*.toml`, except the publishers and
/// parties lists at the dataset's root.
fn walk(
    dir: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<FileReport>,
    seen: &mut HashSet<PathBuf>,
) {
    visit(dir, depth, seen, out, problems, &|path, depth| {
        path.extension().is_some_and(|e| e == "toml")
            && !(depth == 0
                && path
                    .file_name()
                    .is_some_and(|n| n == PUBLISHERS_FILE_NAME || n == PARTIES_FILE_NAME))
    });
}

/// Walks `dir` (folders at most [`MAX_DEPTH`] deep, each symlinked folder
/// once), keeping the files `keep` takes, given their path and depth.
fn visit(
    dir: &Path,
    depth: usize,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<FileReport>,
    keep: &dyn Fn(&Path, usize) -> bool,
) {
    let name = dir.display().to_string();
    if depth > MAX_DEPTH {
        problems.push(report_message(
            &name,
            format!(
                "the folder {name} is nested more than {MAX_DEPTH} levels deep; it was not searched"
            ),
            "keep treaty files in a shallow folder tree",
        ));
        return;
    }
    // A symlink loop would revisit a folder: remember where we have been.
    if let Ok(real) = fs::canonicalize(dir)
        && !seen.insert(real)
    {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(report_message(
                &name,
                format!("cannot read the folder {name}: {e}"),
                "check that the folder exists and is readable, or pass another with `--data`",
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // The entry's type comes with the listing; only a symlink needs a
        // `stat` to see what it points to.
        let is_dir = match entry.file_type() {
            Ok(t) if t.is_symlink() => path.is_dir(),
            Ok(t) => t.is_dir(),
            Err(_) => path.is_dir(),
        };
        if is_dir {
            visit(&path, depth + 1, seen, out, problems, keep);
        } else if keep(&path, depth) {
            out.push(path);
        }
    }
}

/// The embedded dataset's publishers list (`data/publishers.toml`): its
/// name and text, when the bundled dataset has one.
pub fn embedded_publishers() -> Option<(&'static str, &'static str)> {
    embedded::EMBEDDED
        .iter()
        .find(|(name, _)| *name == EMBEDDED_PUBLISHERS)
        .copied()
}

/// The embedded dataset's parties list (`data/parties.toml`): its name and
/// text, when the bundled dataset has one.
pub fn embedded_parties() -> Option<(&'static str, &'static str)> {
    embedded::EMBEDDED
        .iter()
        .find(|(name, _)| *name == EMBEDDED_PARTIES)
        .copied()
}

/// Whether `name` is a file of the embedded dataset (and not on disk).
pub fn is_embedded(name: &str) -> bool {
    // The names first: a file of a folder is answered without asking the
    // file system (`check` asks for each of 100,000 files).
    embedded::EMBEDDED.iter().any(|(n, _)| *n == name) && !Path::new(name).exists()
}

/// The file name of a dataset's publishers list, at the dataset's root
/// ([`crate::publishers`] reads it; the folder walk leaves it out).
pub const PUBLISHERS_FILE_NAME: &str = "publishers.toml";

/// The embedded publishers list's name: the root of the bundled dataset.
const EMBEDDED_PUBLISHERS: &str = "data/publishers.toml";

/// The file name of a dataset's parties list, at the dataset's root
/// ([`crate::parties`] reads it; the folder walk leaves it out).
pub const PARTIES_FILE_NAME: &str = "parties.toml";

/// The embedded parties list's name: the root of the bundled dataset.
const EMBEDDED_PARTIES: &str = "data/parties.toml";

/// The text a loaded treaty came from, read again for a diagnostic: from
/// the disk, or from the embedded dataset when no such file exists.
pub fn source_text(loaded: &Loaded) -> String {
    match fs::read_to_string(&loaded.file) {
        Ok(text) => text,
        Err(_) => embedded::EMBEDDED
            .iter()
            .find(|(name, _)| *name == loaded.file)
            .map(|(_, text)| (*text).to_owned())
            .unwrap_or_default(),
    }
}

/// Reads one treaty file from disk.
///
/// # Errors
///
/// A report when the file cannot be read, is too large or is not UTF-8.
pub fn read_source(path: &Path) -> Result<SourceFile, FileReport> {
    let name = path.display().to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fail = |message: String, help: &str| Err(report_message(&name, message, help));
    // One open, and the size from the open handle: a dataset of 100,000
    // files pays for every system call 100,000 times.
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return fail(
                format!("cannot read {name}: {e}"),
                "check the path and its permissions",
            );
        }
    };
    let size = match file.metadata() {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return fail(
                format!(
                    "the file is {} bytes, more than the {MAX_FILE_BYTES} a treaty file may have",
                    m.len()
                ),
                "a treaty file holds one treaty; split or trim it",
            );
        }
        Ok(m) if m.is_dir() => {
            return fail(
                format!("{name} is a folder, not a treaty file"),
                "name a `.toml` file",
            );
        }
        Ok(m) => m.len(),
        Err(e) => {
            return fail(
                format!("cannot read {name}: {e}"),
                "check the path and its permissions",
            );
        }
    };
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    if let Err(e) = std::io::Read::read_to_end(&mut file, &mut bytes) {
        return fail(
            format!("cannot read {name}: {e}"),
            "check the path and its permissions",
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile { name, stem, text }),
        Err(e) => fail(
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save the file as UTF-8",
        ),
    }
}

/// Parses and validates one treaty file: the shape by the loader, then the
/// meaning by one run of the engine.
///
/// # Errors
///
/// The file's diagnostics, all of them, in file order.
///
/// # Example
///
/// ```
/// use treatyline::dataset::{load, SourceFile};
///
/// let file = SourceFile {
///     name: "lease.toml".into(),
///     stem: "lease".into(),
///     text: "title = \"Lease\"\nparties = [\"A\", \"B\"]\nsigned = 1898-06-09\n[term]\nlength = \"99y\"\n".into(),
/// };
/// let loaded = load(&file).unwrap();
/// assert_eq!(loaded.treaty.id, "lease");
/// ```
pub fn load(file: &SourceFile) -> Result<Loaded, FileReport> {
    let treaty = parse_treaty(&file.stem, &file.text).map_err(|d| failed(file, d))?;
    validate(&treaty).map_err(|d| failed(file, d))?;
    Ok(Loaded {
        treaty,
        file: file.name.clone(),
    })
}

fn failed(file: &SourceFile, diagnostics: Vec<Diagnostic>) -> FileReport {
    FileReport {
        file: file.name.clone(),
        text: file.text.clone(),
        diagnostics: crate::diag::capped(diagnostics),
    }
}

/// A projection to make of each treaty as it loads, and what to keep of it.
///
/// A command that needs every treaty's projection on one horizon (the
/// audit of `check`) has the load validate on that horizon and keep what
/// it needs, instead of projecting each treaty twice.
pub struct Then<'a, T> {
    /// The horizon of the projection.
    pub horizon: Horizon,
    /// What to keep of a treaty's projection, on the worker that loaded it.
    pub keep: &'a (dyn Fn(&Treaty, &engine::Projection) -> T + Sync),
}

/// [`load`], projecting the treaty on `then.horizon` and keeping what
/// `then.keep` takes of the projection.
///
/// The treaty loads, or not, with the same diagnostics as by [`load`]: a
/// projection that fails on `then.horizon` is followed by the validation
/// of [`load`], whose errors are the file's. The kept value is `None` when
/// the treaty loads but does not project on `then.horizon`.
///
/// # Errors
///
/// As [`load`].
pub fn load_then<T>(
    file: &SourceFile,
    then: &Then<'_, T>,
) -> Result<(Loaded, Option<T>), FileReport> {
    let treaty = parse_treaty(&file.stem, &file.text).map_err(|d| failed(file, d))?;
    let kept = match engine::project(&treaty, &then.horizon) {
        Ok(p) => Some((then.keep)(&treaty, &p)),
        Err(_) => {
            validate(&treaty).map_err(|d| failed(file, d))?;
            None
        }
    };
    let loaded = Loaded {
        treaty,
        file: file.name.clone(),
    };
    Ok((loaded, kept))
}

/// Runs the engine once over `treaty` to find the errors only it can see.
///
/// # Errors
///
/// Those errors.
pub fn validate(treaty: &Treaty) -> Result<(), Vec<Diagnostic>> {
    // The horizon does not change what is an error; the smallest one keeps
    // the walk short.
    let horizon = Horizon {
        today: calendar::MIN_DATE,
        until: calendar::MIN_DATE,
    };
    engine::project(treaty, &horizon).map(|_| ())
}

/// Loads many files, in parallel, and checks that their ids are unique.
///
/// Returns the treaties that loaded (in the order of `files`) and a report
/// for each file that did not.
pub fn load_all(files: &[SourceFile]) -> (Vec<Loaded>, Vec<FileReport>) {
    let (loaded, _, problems) = load_files(files, |f| load(f).map(|l| (l, None::<()>)));
    (loaded, problems)
}

/// [`load_all`] with [`load_then`]: the treaties, and beside them what
/// `then.keep` took of each one's projection.
///
/// # Errors
///
/// As [`load_all`].
pub fn load_all_then<T: Send>(
    files: &[SourceFile],
    then: &Then<'_, T>,
) -> (Vec<Loaded>, Vec<Option<T>>, Vec<FileReport>) {
    load_files(files, |f| load_then(f, then))
}

/// Every file loaded by `load_file`, in parallel, in the order of `files`,
/// with ids checked unique; a report for each file that did not load, then
/// for each id used twice.
fn load_files<T: Send>(
    files: &[SourceFile],
    load_file: impl Fn(&SourceFile) -> Result<(Loaded, Option<T>), FileReport> + Sync,
) -> (Vec<Loaded>, Vec<Option<T>>, Vec<FileReport>) {
    let results = crate::par::map(files, load_file, || Err(panicked()));
    let mut problems = Vec::new();
    let (loaded, kept) = keep_loaded(results, |report| problems.push(report));
    problems.extend(duplicate_ids(&loaded));
    (loaded, kept, problems)
}

fn panicked() -> FileReport {
    report_message(
        "treatyline",
        "internal error: a loader thread panicked".to_owned(),
        "please report this with the files that caused it",
    )
}

/// The treaties that loaded, in order, and beside them what was kept of
/// each; every failure goes to `failed`. (The treaties are collected in
/// place where the layouts allow: no second array of 100,000 treaties.)
fn keep_loaded<T, E>(
    results: Vec<Result<(Loaded, Option<T>), E>>,
    mut failed: impl FnMut(E),
) -> (Vec<Loaded>, Vec<Option<T>>) {
    let mut kept = Vec::with_capacity(results.len());
    let loaded = results
        .into_iter()
        .filter_map(|r| match r {
            Ok((l, k)) => {
                kept.push(k);
                Some(l)
            }
            Err(e) => {
                failed(e);
                None
            }
        })
        .collect();
    (loaded, kept)
}

/// A report for each id used by more than one file, in id order.
fn duplicate_ids(loaded: &[Loaded]) -> Vec<FileReport> {
    // Sorting pairs (stably, so each id's files stay in load order) finds
    // the duplicates without a map entry per treaty.
    let mut ids: Vec<(&str, &str)> = loaded
        .iter()
        .map(|l| (l.treaty.id.as_str(), l.file.as_str()))
        .collect();
    ids.sort_by_key(|(id, _)| *id);
    let mut problems = Vec::new();
    for same in ids.chunk_by(|a, b| a.0 == b.0) {
        if let [(id, first), _, ..] = same {
            let names: Vec<&str> = same.iter().map(|(_, file)| *file).collect();
            problems.push(report_message(
                first,
                format!(
                    "the id `{id}` is used by {} files: {}",
                    names.len(),
                    names.join(", ")
                ),
                "ids must be unique in a dataset: rename all but one file",
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names() {
        assert!(is_temporary_name(".ru-ua-1997.toml.Ab12Cd.tmp"));
        assert!(!is_temporary_name("ru-ua-1997.toml"));
        assert!(!is_temporary_name(".ru-ua-1997.toml.lock"));
        assert!(!is_temporary_name(".notes.tmp"));
        assert!(!is_temporary_name(".x.toml..tmp"));
    }

    #[test]
    fn load_then_loads_as_load_and_keeps_from_the_projection() {
        let file = |text: &str| SourceFile {
            name: "t.toml".into(),
            stem: "t".into(),
            text: format!(
                "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 2000-01-01\n[term]\nlength = \"10y\"\n{text}"
            ),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let keep = |t: &Treaty, p: &engine::Projection| (t.id.clone(), p.status.on);
        let then = Then {
            horizon: Horizon::from_today(today),
            keep: &keep,
        };
        let good = file("");
        match (load_then(&good, &then), load(&good)) {
            (Ok((l, kept)), Ok(plain)) => {
                assert_eq!(l, plain);
                assert_eq!(kept, Some(("t".to_owned(), today)));
            }
            other => panic!("{other:?}"),
        }
        // An error only the engine sees: the same report as `load`'s.
        let bad = file("[[event]]\ndate = 1999-06-01\nkind = \"withdrawn\"\nparty = \"C\"\n");
        match (load_then(&bad, &then), load(&bad)) {
            (Err(a), Err(b)) => {
                assert_eq!(a.diagnostics, b.diagnostics);
                assert!(!a.diagnostics.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }
}
