//! Writing a treaty file so that a reader or a crash never sees half of it.
//!
//! The new text goes to a temporary file in the same folder (a rename is
//! atomic only within one file system), which is flushed to disk and given
//! the original's permissions; then it is renamed over the original, and on
//! Unix the folder is flushed too so the rename itself survives a power cut.
//! Until the rename the original is untouched; after it the new file is
//! complete. A crash in between leaves the original and, at worst, a hidden
//! `.<name>.<random>.tmp` file that nothing reads (datasets load `*.toml`)
//! and `check` reports. An interrupt (SIGINT, SIGTERM, SIGHUP) is not a
//! crash: the temporary file is removed and the process exits with 130.
//!
//! The temporary file is created with `O_CREAT | O_EXCL` under a random
//! name, so a symbolic link planted there makes the creation fail instead of
//! being followed.

use std::fs::{self, File, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once, PoisonError};

/// Whether the write may replace an existing file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Replace {
    /// Replace the file, keeping its permissions.
    Existing,
    /// Create the file; fail if it appeared meanwhile.
    New,
}

/// The test hook that simulates a crash between writing the temporary file
/// and renaming it: with `TREATYLINE_FAILPOINT=stall-before-rename` the
/// writer waits there (holding the lock) until it is killed. Only the crash
/// tests set it.
const FAILPOINT: &str = "TREATYLINE_FAILPOINT";

/// Writes `text` to `path` atomically.
///
/// # Errors
///
/// Any I/O error; the file at `path` is then unchanged.
pub(crate) fn write(path: &Path, text: impl AsRef<[u8]>, replace: Replace) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    let original = match replace {
        Replace::Existing => Some(fs::metadata(path)?),
        Replace::New => None,
    };
    let permissions = match &original {
        Some(m) => Some(m.permissions()),
        None => new_file_permissions(),
    };
    if let Some(p) = &permissions {
        builder.permissions(p.clone());
    }
    let mut tmp = builder.tempfile_in(dir)?;
    let _pending = Pending::register(tmp.path());
    tmp.write_all(text.as_ref())?;
    if let Some(m) = &original {
        keep_owner(tmp.as_file(), m)?;
    }
    if let (Replace::Existing, Some(p)) = (replace, permissions) {
        // The mode given at creation is reduced by the umask; set it exactly.
        tmp.as_file().set_permissions(p)?;
    }
    tmp.as_file().sync_all()?;
    if std::env::var_os(FAILPOINT).is_some_and(|v| v == "stall-before-rename") {
        std::thread::sleep(std::time::Duration::from_secs(300));
    }
    match replace {
        Replace::Existing => tmp.persist(path).map_err(|e| e.error)?,
        Replace::New => tmp.persist_noclobber(path).map_err(|e| e.error)?,
    };
    sync_dir(dir)
}

/// Files to remove when the process is interrupted: the temporary files
/// being written and the lock files held.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A file removed if an interrupt comes while this guard lives.
#[derive(Debug)]
pub(crate) struct Pending(PathBuf);

impl Pending {
    /// Registers `path` (and, once per process, the interrupt handler).
    pub(crate) fn register(path: &Path) -> Pending {
        static HANDLER: Once = Once::new();
        HANDLER.call_once(|| {
            // Without a handler (one already set, say) an interrupt kills
            // the process as before, and `check` reports the leftover.
            let _ = ctrlc::set_handler(|| {
                let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
                for path in pending.drain(..) {
                    let _ = fs::remove_file(path);
                }
                let _ = writeln!(
                    io::stderr(),
                    "interrupted: the unfinished temporary file was removed"
                );
                std::process::exit(130);
            });
        });
        PENDING
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(path.to_path_buf());
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(i) = pending.iter().position(|p| *p == self.0) {
            pending.swap_remove(i);
        }
    }
}

/// Gives the new file the owner and group of the one it replaces: an edit
/// run as root must not leave another user's file root-owned (and
/// unreadable to its owner). When that is not allowed (a user editing a
/// file that a group lets them write but another user owns), the edit is
/// refused rather than silently changing who owns the file.
#[cfg(unix)]
fn keep_owner(tmp: &File, original: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mine = tmp.metadata()?;
    if mine.uid() == original.uid() && mine.gid() == original.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(tmp, Some(original.uid()), Some(original.gid())).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "the file belongs to user {} and group {}, and the rewritten file could not be given them ({e}); it would change owner, so nothing was written (edit it as its owner)",
                original.uid(),
                original.gid()
            ),
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_tmp: &File, _original: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// A new file gets what `touch` would give it: 0o666 less the umask.
#[cfg(unix)]
fn new_file_permissions() -> Option<Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<Permissions> {
    None
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("t.toml");
        fs::write(&path, "old\n").unwrap_or_else(|e| panic!("{e}"));
        write(&path, "new\n", Replace::Existing).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("new\n"));
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_original_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("t.toml");
        fs::write(&path, "old\n").unwrap_or_else(|e| panic!("{e}"));
        fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap_or_else(|e| panic!("{e}"));
        write(&path, "new\n", Replace::Existing).unwrap_or_else(|e| panic!("{e}"));
        let mode = fs::metadata(&path)
            .map(|m| m.permissions().mode() & 0o777)
            .ok();
        assert_eq!(mode, Some(0o640));
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_original_owner_and_group() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("t.toml");
        fs::write(&path, "old\n").unwrap_or_else(|e| panic!("{e}"));
        let me = fs::metadata(&path).unwrap_or_else(|e| panic!("{e}"));
        // As root, hand the file to `nobody` (65534) as another user would
        // own it; otherwise only the owner's own ids can be kept.
        let other = if me.uid() == 0 { 65534 } else { me.uid() };
        if std::os::unix::fs::chown(&path, Some(other), Some(other)).is_err() {
            return;
        }
        write(&path, "new\n", Replace::Existing).unwrap_or_else(|e| panic!("{e}"));
        let after = fs::metadata(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((after.uid(), after.gid()), (other, other));
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("new\n"));
    }

    #[test]
    fn new_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("t.toml");
        fs::write(&path, "old\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(write(&path, "new\n", Replace::New).is_err());
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("old\n"));
    }
}
