//! Read-only storage: reading a database SQLite cannot make its `-wal` and
//! `-shm` files beside (as an immutable file, when no writer can exist),
//! and telling a command that writes why it cannot.

use std::fs::{self, OpenOptions};
use std::io;
use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::Store;
use crate::domain::Error;

/// A database on storage where its `-wal` and `-shm` cannot be created.
pub(super) enum ReadOnlyStorage {
    /// No `-wal`, or an empty one: the file alone is the whole database.
    WholeFile,
    /// A non-empty `-wal` without its `-shm`: committed changes that cannot
    /// be read.
    WalWithoutShm,
}

impl Store {
    /// What a failed open means on read-only storage, where SQLite cannot
    /// create the `-wal` and `-shm` files it needs. `None` when `err` is
    /// not that (or when both files are there, so nothing is missing).
    ///
    /// The `-wal` persists between processes (see the checkpoint policy in
    /// `connect_with_pragmas`), so it is usually there. With a non-empty
    /// `-wal` the file alone would miss committed changes: it is read
    /// normally when its `-shm` is there too, and refused, saying so, when
    /// it is not (never read as immutable). With no `-wal` or an empty one
    /// the file alone is the whole database, and nobody can be writing it.
    pub(super) fn on_read_only_storage(&self, err: &rusqlite::Error) -> Option<ReadOnlyStorage> {
        if err.sqlite_error_code() != Some(ErrorCode::CannotOpen) {
            return None;
        }
        let mut shm = self.path.as_os_str().to_owned();
        shm.push("-shm");
        if self.wal_is_empty() {
            Some(ReadOnlyStorage::WholeFile)
        } else if !Path::new(&shm).exists() {
            Some(ReadOnlyStorage::WalWithoutShm)
        } else {
            None
        }
    }
    /// A read-only, immutable connection, for a file on read-only storage.
    pub(super) fn connect_immutable(&self) -> Result<Connection, Error> {
        let conn = open_immutable(&self.path).map_err(|e| self.classify(e))?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(|e| self.classify(e))?;
        Ok(conn)
    }
    /// Why this file cannot be written, when the storage says so: a
    /// read-only file system, a file or directory the user may not write.
    /// Checked only after SQLite refused a write, and without creating or
    /// changing anything (the file is opened for writing, not written).
    pub(super) fn write_refusal(&self) -> Option<Error> {
        let can_be_read = "it can be read, not written";
        match OpenOptions::new().write(true).open(&self.path) {
            Err(e) if e.kind() == io::ErrorKind::ReadOnlyFilesystem => {
                Some(self.refuse(&format!("is on read-only storage: {can_be_read}")))
            }
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                Some(self.refuse(&format!("is not writable by this user: {can_be_read}")))
            }
            _ => {
                let dir = self.path.parent().filter(|p| !p.as_os_str().is_empty());
                let dir_read_only = dir
                    .and_then(|d| fs::metadata(d).ok())
                    .is_some_and(|m| m.permissions().readonly());
                dir_read_only.then(|| {
                    self.refuse(&format!(
                        "is in a read-only directory, where its -wal and -shm files cannot be made: {can_be_read}"
                    ))
                })
            }
        }
    }
}

/// Opens `path` read-only and immutable: SQLite reads the file alone,
/// takes no locks and makes no `-wal` or `-shm`. Only for a file on
/// read-only storage with no WAL content, where no writer can exist.
pub(super) fn open_immutable(path: &Path) -> rusqlite::Result<Connection> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut uri = String::from("file:");
    for &byte in path.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/._-~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            // Percent-encoding, as SQLite's URI filenames require.
            uri.push('%');
            uri.push(char::from(HEX[usize::from(byte >> 4)]));
            uri.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    uri.push_str("?immutable=1");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(&uri, flags)
}
