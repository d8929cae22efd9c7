//! Creating a database so that a command that fails leaves no file behind.
//!
//! The process that creates a database file first creates `<db>-creating`
//! beside it and holds an exclusive `flock` on that file until its command
//! ends. If the command saved nothing, it removes the database (and its
//! `-wal` and `-shm`) before it lets go; either way it removes the
//! `-creating` file last. Any other process that finds the database looks
//! for `-creating` (one `stat`, which fails in the common case) and, when
//! it is there, waits for its lock and looks again.
//!
//! The lock is on a separate file, never on the database: closing a second
//! descriptor of the database would drop the POSIX locks SQLite holds on it
//! in this process.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use super::errors::busy;
use crate::domain::Error;

/// `path` with `suffix` appended to its file name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// The marker a creating process holds, beside `db`.
fn marker(db: &Path) -> PathBuf {
    beside(db, "-creating")
}

/// A database this process is creating: the exclusive lock on its marker,
/// held until the command ends.
pub(super) struct Creation {
    db: PathBuf,
    marker: PathBuf,
    /// The locked marker; the lock goes when it closes.
    _lock: File,
    /// Set when the command's transaction committed: the database stays.
    kept: bool,
}

impl Creation {
    /// Marks the database as created for good: its first transaction
    /// committed.
    pub(super) fn keep(&mut self) {
        self.kept = true;
    }
}

impl Drop for Creation {
    fn drop(&mut self) {
        if !self.kept {
            for file in [
                self.db.clone(),
                beside(&self.db, "-wal"),
                beside(&self.db, "-shm"),
            ] {
                match fs::remove_file(&file) {
                    Ok(()) => {
                        tracing::debug!(file = %file.display(), "removed what a failed command created");
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(err) => {
                        tracing::warn!(file = %file.display(), %err, "cannot remove what a failed command created");
                    }
                }
            }
        }
        if let Err(err) = fs::remove_file(&self.marker)
            && err.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!(marker = %self.marker.display(), %err, "cannot remove the creation marker");
        }
    }
}

/// What [`begin`] found.
pub(super) enum Claim {
    /// This process creates the database; the caller makes the file.
    Ours(Creation),
    /// The database exists (another process made it meanwhile).
    Exists,
}

/// Claims the creation of `db`, which did not exist a moment ago: takes
/// the marker, then looks again, since another process may have created
/// the database (and finished) in between.
pub(super) fn begin(db: &Path, timeout: Duration) -> Result<Claim, Error> {
    let marker = marker(db);
    let deadline = Instant::now() + timeout;
    loop {
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&marker)
        {
            Ok(file) => {
                // Nobody else knows this file yet, so this cannot block
                // for long; a marker left by a killed process is replaced
                // below, never waited for.
                lock(&file, &marker, true, deadline)?;
                let claim = Creation {
                    db: db.to_owned(),
                    marker,
                    _lock: file,
                    kept: false,
                };
                if db.exists() {
                    // Not ours after all: keep it, drop only the marker.
                    let mut claim = claim;
                    claim.keep();
                    return Ok(Claim::Exists);
                }
                return Ok(Claim::Ours(claim));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                // Another creator, or a marker a killed one left behind.
                wait(db, deadline)?;
                if db.exists() {
                    return Ok(Claim::Exists);
                }
                if Instant::now() >= deadline {
                    return Err(busy());
                }
            }
            Err(e) => {
                return Err(Error::Database(format!(
                    "{:?} cannot be created: {e}",
                    db.display().to_string()
                )));
            }
        }
    }
}

/// Waits while another process is creating `db` (then the caller looks at
/// the database again). A marker a killed process left is removed.
pub(super) fn wait(db: &Path, deadline: Instant) -> Result<(), Error> {
    let marker = marker(db);
    // Not there (the common case), or not this user's to wait for.
    let Ok(file) = File::open(&marker) else {
        return Ok(());
    };
    lock(&file, &marker, false, deadline)?;
    // The creator is done, or died: a marker still there once its lock is
    // free is stale. Remove it only while holding it exclusively, so that a
    // live creator's marker is never removed.
    if file.try_lock().is_ok() && same_file(&file, &marker) {
        match fs::remove_file(&marker) {
            Ok(()) => {
                tracing::info!(marker = %marker.display(), "removed a creation marker a killed process left");
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(err) => {
                tracing::debug!(%err, "cannot remove a stale creation marker");
            }
        }
    }
    Ok(())
}

/// Whether the open `file` is still the file at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Locks `file`, exclusively or shared, waiting until `deadline`.
fn lock(file: &File, path: &Path, exclusive: bool, deadline: Instant) -> Result<(), Error> {
    let mut pause = Duration::from_millis(1);
    loop {
        let attempt = if exclusive {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match attempt {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock)
                if Instant::now() < deadline && crate::signals::pending().is_none() =>
            {
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => return Err(busy()),
            // A file system without flock: nothing to coordinate with.
            Err(TryLockError::Error(err)) => {
                tracing::debug!(path = %path.display(), %err, "cannot lock the creation marker");
                return Ok(());
            }
        }
    }
}
