//! A stand-in database for a dry run on a database that does not exist yet,
//! so that the dry run creates no file or directory where the real one
//! would go.

use std::fs::{self, DirBuilder, OpenOptions};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::Store;
use crate::db::{Access, Storage, StorageTxn};
use crate::domain::Error;

/// A database in a fresh private temporary directory, removed on drop.
pub struct Scratch {
    dir: PathBuf,
    store: Store,
}

impl Scratch {
    /// The stand-in store.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }
}

impl Storage for Scratch {
    fn txn(&self, access: Access) -> Result<Box<dyn StorageTxn + '_>, Error> {
        self.store.txn(access)
    }

    fn lock_wait(&self) -> std::time::Duration {
        self.store.lock_wait()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Err(err) = fs::remove_dir_all(&self.dir) {
            tracing::warn!(dir = %self.dir.display(), %err, "cannot remove the dry run's scratch directory");
        }
    }
}

impl Store {
    /// A scratch database standing in for this one in a dry run, when this
    /// one does not exist yet but could be created: a dry run must not
    /// create the file, yet must fail where the real run would.
    pub(super) fn scratch_stand_in(&self) -> Result<Option<Scratch>, Error> {
        if self.path.exists() || !could_create(&self.path) {
            return Ok(None);
        }
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("countiq-dry-run-{}-{nanos}", std::process::id()));
        DirBuilder::new().mode(0o700).create(&dir).map_err(|e| {
            Error::Internal(anyhow::Error::new(e).context(format!(
                "cannot create a scratch directory {:?}",
                dir.display().to_string()
            )))
        })?;
        let store = Store::new(dir.join("countiq.db"), self.busy_timeout);
        Ok(Some(Scratch { dir, store }))
    }
}

/// Whether a database could be created at `path`: the nearest directory
/// that exists accepts a new file (tried with a file removed at once).
fn could_create(path: &Path) -> bool {
    let Some(existing) = path
        .ancestors()
        .skip(1)
        .find(|a| a.as_os_str().is_empty() || a.exists())
    else {
        return false;
    };
    let dir = if existing.as_os_str().is_empty() {
        Path::new(".")
    } else {
        existing
    };
    if !dir.is_dir() {
        return false;
    }
    let probe = dir.join(format!(".countiq-probe-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            if let Err(err) = fs::remove_file(&probe) {
                tracing::warn!(probe = %probe.display(), %err, "cannot remove a probe file");
            }
            true
        }
        Err(_) => false,
    }
}
