//! One writer at a time per treaty file.
//!
//! The lock is an OS advisory lock (`File::try_lock`: `flock` on Unix,
//! `LockFileEx` on Windows) on a separate file, `.<file name>.lock`, next to
//! the treaty file. It is separate because every write replaces the treaty
//! file by a rename: a lock held on the old file would guard an inode that
//! is no longer the file, and the next writer would lock the new one.
//!
//! **Stale locks cannot happen.** The OS releases an advisory lock when the
//! process holding it ends, however it ends (exit, panic, `kill -9`, a
//! crash): there is no lock that outlives its owner, so nothing ever has to
//! guess whether a lock is stale or break one. A lock *file* left behind by a
//! crashed writer is just an empty file; the next writer locks it at once.
//!
//! On Unix the holder removes the lock file before releasing the lock, so
//! none is left lying around in a researcher's git checkout. That opens a
//! race, closed the usual way: a waiter that wins the lock checks that the
//! path still names the file it locked (same device and inode) and starts
//! over if not. Elsewhere the lock file stays (it is empty and hidden).
//!
//! The wait is bounded (`--lock-timeout`): `try_lock` is polled with a short
//! back-off, and a writer that cannot get the lock in time gives up with an
//! error naming the process that holds it (its id is written in the file).

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A held lock on one treaty file; released when dropped.
#[derive(Debug)]
pub(crate) struct TreatyLock {
    file: File,
    path: PathBuf,
    /// Removes the lock file if the process is interrupted.
    _pending: super::atomic::Pending,
}

/// Why a lock was not obtained.
#[derive(Debug)]
pub(crate) enum LockError {
    /// Another process held it for the whole wait.
    Timeout {
        /// The lock file.
        path: PathBuf,
        /// The process id the holder wrote into the lock file, if readable.
        holder: Option<String>,
    },
    /// The lock file could not be created or locked.
    Io {
        /// The lock file.
        path: PathBuf,
        /// What went wrong.
        error: io::Error,
    },
}

/// The lock file that guards `target`: `.<file name>.lock` in its folder.
pub(crate) fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.lock"))
}

impl TreatyLock {
    /// Locks `target` (a treaty file, which need not exist yet), waiting at
    /// most `timeout`.
    pub(crate) fn acquire(target: &Path, timeout: Duration) -> Result<TreatyLock, LockError> {
        let path = lock_path(target);
        let io_err = |error| LockError::Io {
            path: path.clone(),
            error,
        };
        let start = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            let file = open_lock_file(&path).map_err(io_err)?;
            match file.try_lock() {
                Ok(()) => {
                    if still_named(&file, &path) {
                        let _pending = super::atomic::Pending::register(&path);
                        let mut lock = TreatyLock {
                            file,
                            path,
                            _pending,
                        };
                        lock.write_owner();
                        return Ok(lock);
                    }
                    // The previous holder removed this file after we opened
                    // it: the lock we hold guards nothing. Start over.
                    continue;
                }
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => return Err(io_err(e)),
            }
            if start.elapsed() >= timeout {
                let holder = read_owner(&path);
                return Err(LockError::Timeout { path, holder });
            }
            std::thread::sleep(pause.min(timeout.saturating_sub(start.elapsed())));
            pause = (pause * 2).min(Duration::from_millis(100));
        }
    }

    /// Records who holds the lock, for the message of a writer that waits in
    /// vain. Best effort: the lock itself is what matters.
    fn write_owner(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.rewind();
        let _ = writeln!(self.file, "{}", std::process::id());
    }
}

impl Drop for TreatyLock {
    fn drop(&mut self) {
        // Remove the file while still holding the lock (see the module
        // documentation); the lock goes when `file` closes right after.
        #[cfg(unix)]
        {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Opens (creating it if need be) the lock file at `path` without following
/// a symbolic link there, and checks that it is a regular file: a link
/// planted under the lock file's name (`.x.toml.lock -> /etc/passwd`) would
/// otherwise be truncated and written through, and a FIFO or device would
/// receive the process id. Either is refused, and nothing is written.
fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO planted there must not wait for a
        // reader; it is refused below like any other non-regular file.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(_) if is_a_link(path) => return Err(not_regular(path, "a symbolic link")),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(path, "not a regular file"));
    }
    Ok(file)
}

fn is_a_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn not_regular(path: &Path, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "the lock file {} is {what}; refusing to write through it (remove it if you did not put it there)",
            path.display()
        ),
    )
}

/// Whether `path` still names the file `file` has open.
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Lock files are never removed off Unix, so the name always holds.
#[cfg(not(unix))]
fn still_named(_file: &File, _path: &Path) -> bool {
    true
}

fn read_owner(path: &Path) -> Option<String> {
    let mut text = String::new();
    let file = open_lock_file(path).ok()?;
    file.take(64).read_to_string(&mut text).ok()?;
    let pid = text.trim();
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then(|| pid.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_waits_then_gives_up_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("t-2001.toml");
        let held = TreatyLock::acquire(&target, Duration::ZERO);
        assert!(held.is_ok(), "{held:?}");
        match TreatyLock::acquire(&target, Duration::from_millis(50)) {
            Err(LockError::Timeout { holder, .. }) => {
                assert_eq!(holder, Some(std::process::id().to_string()));
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
        drop(held);
        assert!(TreatyLock::acquire(&target, Duration::ZERO).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_file_is_removed_on_release() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("t-2001.toml");
        let lock = TreatyLock::acquire(&target, Duration::ZERO);
        assert!(lock_path(&target).exists());
        drop(lock);
        assert!(!lock_path(&target).exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_as_lock_file_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("t-2001.toml");
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious\n").unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(&victim, lock_path(&target)).unwrap_or_else(|e| panic!("{e}"));
        match TreatyLock::acquire(&target, Duration::ZERO) {
            Err(LockError::Io { error, .. }) => {
                assert!(error.to_string().contains("symbolic link"), "{error}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(
            fs::read_to_string(&victim).ok().as_deref(),
            Some("precious\n")
        );
        // A dangling link is refused too, and creates nothing.
        let dangling = dir.path().join("t-2002.toml");
        let nowhere = dir.path().join("nowhere");
        std::os::unix::fs::symlink(&nowhere, lock_path(&dangling))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(TreatyLock::acquire(&dangling, Duration::ZERO).is_err());
        assert!(!nowhere.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_as_lock_file_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("t-2001.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(lock_path(&target))
            .status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        match TreatyLock::acquire(&target, Duration::ZERO) {
            Err(LockError::Io { error, .. }) => {
                assert!(error.to_string().contains("not a regular file"), "{error}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_leftover_lock_file_does_not_block() {
        // What a crashed writer leaves: the file, but no lock on it.
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("t-2001.toml");
        fs::write(lock_path(&target), "4242\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(TreatyLock::acquire(&target, Duration::ZERO).is_ok());
    }
}
