//! The creation lock: one process at a time creates, switches to WAL and
//! migrates a database file.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use super::errors::busy;
use crate::domain::Error;

/// Serialises creating, switching to WAL and migrating a database among
/// CountIQ processes: an exclusive `flock` on the database file, waited for
/// up to the busy timeout.
///
/// Only processes that found the file blank or old take it; the common path
/// (a current WAL database) never does. `flock` locks are separate from the
/// POSIX record locks SQLite uses, so they never block SQLite. The one hazard
/// of a second descriptor on the file is that closing it drops this
/// process's POSIX locks on it, so the lock is only taken and released while
/// this process has no SQLite connection to the file open.
pub(super) struct InitLock {
    _file: File,
}

impl InitLock {
    pub(super) fn acquire(path: &Path, timeout: Duration) -> Result<Self, Error> {
        let file = File::open(path).map_err(|e| {
            Error::Database(format!(
                "{:?} cannot be opened: {e}",
                path.display().to_string()
            ))
        })?;
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Self { _file: file }),
                Err(TryLockError::WouldBlock)
                    if Instant::now() < deadline && crate::signals::pending().is_none() =>
                {
                    thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(TryLockError::WouldBlock) => return Err(busy()),
                Err(TryLockError::Error(e)) => {
                    return Err(Error::Internal(anyhow::Error::new(e).context(format!(
                        "cannot lock {:?} to create or upgrade it",
                        path.display().to_string()
                    ))));
                }
            }
        }
    }
}
