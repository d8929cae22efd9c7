//! `backup`: a consistent copy of the database in one file, made while
//! other processes keep writing.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::Store;
use crate::db::Access;
use crate::domain::Error;

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupReport {
    /// The copy's path.
    pub dest: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its size in database pages.
    pub pages: u64,
    /// Items in the copy, of every owner.
    #[serde(skip)]
    pub items: u64,
    /// Owners with at least one item in the copy.
    #[serde(skip)]
    pub owners: u64,
}

impl Store {
    /// Copies the database to `dest` as one complete file (no `-wal`
    /// beside it), mode 0600, from one read snapshot: writers carry on and
    /// the copy holds every change committed before it began, and none
    /// after.
    ///
    /// The copy is made by `VACUUM INTO` into a new file beside `dest`,
    /// synced, then renamed to `dest` (`force`) or linked there, which
    /// fails when `dest` exists: an existing file is never overwritten
    /// without `force`, even one that appears while the copy is made.
    ///
    /// # Errors
    ///
    /// No database at the path: [`Error::Database`] (exit 7). `dest`
    /// exists and `force` is off: [`Error::Conflict`] (exit 4).
    pub fn backup(&self, dest: &Path, force: bool) -> Result<BackupReport, Error> {
        let named = |path: &Path| format!("{:?}", path.display().to_string());
        if !force && dest.symlink_metadata().is_ok() {
            return Err(exists(dest));
        }
        let Some((conn, _)) = self.connection(Access::Read)? else {
            return Err(Error::Database(format!(
                "no database at {}",
                named(self.path())
            )));
        };
        let temp = temp_path(dest)?;
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)
            .map_err(|e| Error::Database(format!("cannot create {}: {e}", named(&temp))))?;
        let copied = copy(&conn, &temp).and_then(|()| finish(&temp, dest, force));
        if copied.is_err() {
            discard(&temp);
        }
        copied
    }
}

/// Writes a backup at `dest` that `fill` makes: `fill` gets a new, empty
/// database file beside `dest` and writes into it through the SQLite
/// backend (a copy of a server's database), which creates it, mode 0600,
/// and removes it again if `fill` commits nothing. Then, as for a backup
/// of a file, the copy is made one complete file, synced, and renamed or
/// linked to `dest`, which is never overwritten without `force`.
///
/// # Errors
///
/// `dest` exists and `force` is off: [`Error::Conflict`] (exit 4). Any
/// error of `fill`'s.
pub fn new_backup(
    dest: &Path,
    force: bool,
    busy_timeout: Duration,
    fill: impl FnOnce(&Store) -> Result<(), Error>,
) -> Result<BackupReport, Error> {
    if !force && dest.symlink_metadata().is_ok() {
        return Err(exists(dest));
    }
    let temp = temp_path(dest)?;
    if temp.symlink_metadata().is_ok() {
        return Err(Error::Database(format!(
            "cannot create {:?}: it exists",
            temp.display().to_string()
        )));
    }
    let made =
        fill(&Store::new(temp.clone(), busy_timeout)).and_then(|()| finish(&temp, dest, force));
    if made.is_err() {
        discard(&temp);
    }
    made
}

/// Removes a half-made copy and the files SQLite may have left beside it;
/// they may already be gone (never made, or renamed or linked).
fn discard(temp: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = temp.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        if let Err(e) = fs::remove_file(&path)
            && e.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!(path = %path.display(), %e, "cannot remove a half-made backup");
        }
    }
}

fn exists(dest: &Path) -> Error {
    Error::Conflict(format!(
        "{:?} already exists; pass --force to overwrite it",
        dest.display().to_string()
    ))
}

/// A new file's name in `dest`'s directory, so that the final rename or
/// link stays on one file system.
fn temp_path(dest: &Path) -> Result<PathBuf, Error> {
    let name = dest.file_name().ok_or_else(|| {
        Error::Usage(format!(
            "{:?} does not name a file",
            dest.display().to_string()
        ))
    })?;
    let mut temp = name.to_owned();
    temp.push(format!(".countiq-backup-{}", std::process::id()));
    Ok(dest.with_file_name(temp))
}

/// `VACUUM INTO` the empty file at `temp`.
fn copy(conn: &Connection, temp: &Path) -> Result<(), Error> {
    let target = temp.to_str().ok_or_else(|| {
        Error::Usage(format!(
            "{:?}: the backup path must be UTF-8",
            temp.display().to_string()
        ))
    })?;
    // SQLite reads INTO's file name from an expression: a bound parameter.
    conn.execute("VACUUM INTO ?1", [target])?;
    Ok(())
}

/// Makes the copy at `temp` a rollback-journal database (so it needs no
/// `-wal` or `-shm` to be read), counts and syncs it, and puts it at
/// `dest`.
fn finish(temp: &Path, dest: &Path, force: bool) -> Result<BackupReport, Error> {
    let copy = Connection::open_with_flags(
        temp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let _: String = copy.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    let pages: i64 = copy.pragma_query_value(None, "page_count", |r| r.get(0))?;
    let (items, owners): (i64, i64) = copy.query_row(
        "SELECT count(*), count(DISTINCT owner_id) FROM items",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    copy.close().map_err(|(_, e)| Error::from(e))?;
    let file = File::open(temp).and_then(|f| f.sync_all().and(f.metadata()));
    let meta = file.map_err(|e| {
        Error::Database(format!("cannot sync {:?}: {e}", temp.display().to_string()))
    })?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    place(temp, dest, force)?;
    Ok(BackupReport {
        dest: dest.display().to_string(),
        bytes: meta.len(),
        pages: count(pages),
        items: count(items),
        owners: count(owners),
    })
}

/// Moves the finished copy to `dest` and syncs the directory entry.
fn place(temp: &Path, dest: &Path, force: bool) -> Result<(), Error> {
    let placed = if force {
        fs::rename(temp, dest)
    } else {
        fs::hard_link(temp, dest).and_then(|()| fs::remove_file(temp))
    };
    placed.map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => exists(dest),
        _ => Error::Database(format!(
            "cannot write {:?}: {e}",
            dest.display().to_string()
        )),
    })?;
    let dir = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::Database(format!("cannot sync {:?}: {e}", dir.display().to_string())))
}
