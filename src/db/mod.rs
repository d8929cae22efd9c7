//! The database: opening a file safely, the per-connection pragmas, the
//! migration lock, and translating SQLite's errors into the contract's kinds.
//!
//! SQL that reads or changes items lives in [`items`]; it takes a
//! `&Transaction` so the service decides where every transaction begins and
//! ends.

pub mod doctor;
pub mod items;
pub mod keys;
pub mod ledger;
mod migrations;
mod scratch;

use std::cell::Cell;
use std::fs::{self, DirBuilder, File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::domain::Error;
pub use migrations::{APPLICATION_ID, LATEST_VERSION, MIGRATIONS};
pub use scratch::Scratch;

/// The longest busy timeout SQLite takes: `i32::MAX` milliseconds.
const MAX_BUSY_TIMEOUT: Duration = Duration::from_millis(i32::MAX as u64);

/// SQLite's extended result code for a UNIQUE constraint violation.
pub const SQLITE_CONSTRAINT_UNIQUE: i32 = 2067;

/// Where the database lives and how long to wait for its lock.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    busy_timeout: Duration,
    /// Time spent waiting for locks, shared with every `Db` opened here.
    lock_wait: Rc<Cell<Duration>>,
}

/// An open, migrated CountIQ database.
pub struct Db {
    conn: Connection,
    lock_wait: Rc<Cell<Duration>>,
}

impl Store {
    /// A store at `path`; nothing is opened until a command needs it.
    #[must_use]
    ///
    /// SQLite counts the busy timeout in milliseconds in a C `int`, so a
    /// longer one is cut to that (about 24 days): waiting "forever" rather
    /// than failing.
    pub fn new(path: PathBuf, busy_timeout: Duration) -> Self {
        Self {
            path,
            busy_timeout: busy_timeout.min(MAX_BUSY_TIMEOUT),
            lock_wait: Rc::default(),
        }
    }

    /// How long commands on this store waited for the write lock (and the
    /// creation lock) so far.
    #[must_use]
    pub fn lock_wait(&self) -> Duration {
        self.lock_wait.get()
    }

    fn db(&self, conn: Connection) -> Db {
        Db {
            conn,
            lock_wait: Rc::clone(&self.lock_wait),
        }
    }

    /// The database file's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the database for a command that changes it, creating the file
    /// (mode 0600) and its directory (mode 0700) when they do not exist.
    pub fn open_for_write(&self) -> Result<Db, Error> {
        if !self.exists()? {
            self.create_file()?;
        }
        self.open(Intent::Create)?
            .ok_or_else(|| self.refuse("could not be initialised"))
    }

    /// Opens the database, if there is one, for a command that can only
    /// change existing items (`remove`, `rename`, `adjust`, `undo`, ...):
    /// with no database there is nothing to change, and no file is created.
    pub fn open_existing_for_change(&self) -> Result<Option<Db>, Error> {
        if !self.exists()? {
            return Ok(None);
        }
        self.open(Intent::Change)
    }

    /// Opens the database if there is one, for a command that only reads.
    ///
    /// Returns `None` when there is no database yet (no file, or an empty
    /// one): the command prints the empty result and, as the contract asks,
    /// creates nothing. On read-only storage it reads what is there.
    pub fn open_existing(&self) -> Result<Option<Db>, Error> {
        if !self.exists()? {
            return Ok(None);
        }
        self.open(Intent::Read)
    }

    fn exists(&self) -> Result<bool, Error> {
        match fs::metadata(&self.path) {
            Ok(meta) if meta.is_dir() => Err(self.refuse("is a directory, not a database file")),
            Ok(_) => Ok(true),
            // A missing parent directory reads as ENOTDIR when a path
            // component is a file; creating it then says why it cannot.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(self.refuse(&format!("cannot be read: {e}"))),
        }
    }

    /// Creates the file with owner-only permissions: an inventory can say a
    /// lot about a person or a company, and SQLite gives the `-wal` and
    /// `-shm` files the same mode as the database file.
    fn create_file(&self) -> Result<(), Error> {
        if let Some(parent) = self.path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.exists()
        {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|e| {
                    Error::Database(format!(
                        "cannot create directory {:?}: {e}",
                        parent.display().to_string()
                    ))
                })?;
        }
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&self.path)
        {
            Ok(_) => {
                tracing::info!(path = %self.path.display(), "created database file");
                Ok(())
            }
            // Another process created it between our check and now: fine.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(self.refuse(&format!("cannot be created: {e}"))),
        }
    }

    fn refuse(&self, why: &str) -> Error {
        Error::Database(format!("{:?} {why}", self.path.display().to_string()))
    }

    fn connect(&self) -> Result<Connection, Error> {
        self.connect_with_pragmas().map_err(|e| self.classify(e))
    }

    fn connect_with_pragmas(&self) -> rusqlite::Result<Connection> {
        // No SQLITE_OPEN_CREATE: the file was created above with the right
        // mode, and a file that vanished since must not be recreated here.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        conn.busy_timeout(self.busy_timeout)?;
        // Per-connection settings, never part of a migration.
        //
        // The query planner stability guarantee keeps one plan per
        // statement. Without it, this SQLite build (STAT4) re-prepares a
        // cached statement whenever a bound value changes, which costs more
        // than running it: ten times the time of an import.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        // 8 MiB of page cache (the default is 2): a big import spills
        // pages to the WAL less often, and memory stays far below 32 MiB.
        conn.execute_batch(
            "PRAGMA cache_size = -8192; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
        )?;
        Ok(conn)
    }

    /// True when a WAL database could not be read because its `-wal` and
    /// `-shm` files cannot be created (read-only storage) and there is no
    /// `-wal` file: then nobody is writing it and the file alone is the
    /// whole database, so it can be read as immutable. With a `-wal` file
    /// left over, reading the file alone would miss committed changes, so
    /// that stays an error.
    fn on_read_only_storage(&self, err: &rusqlite::Error) -> bool {
        let mut wal = self.path.as_os_str().to_owned();
        wal.push("-wal");
        err.sqlite_error_code() == Some(ErrorCode::CannotOpen) && !Path::new(&wal).exists()
    }

    /// A read-only, immutable connection, for a file on read-only storage.
    fn connect_immutable(&self) -> Result<Connection, Error> {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut uri = String::from("file:");
        for &byte in self.path.as_os_str().as_encoded_bytes() {
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
        let conn = Connection::open_with_flags(&uri, flags).map_err(|e| self.classify(e))?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(|e| self.classify(e))?;
        Ok(conn)
    }

    /// Opens an existing file, bringing its schema up to date if it is older.
    ///
    /// A blank file (no schema, no CountIQ mark) only becomes a database
    /// when a command that writes asks; a read-only command treats it as
    /// "no database yet" and leaves it alone.
    fn open(&self, intent: Intent) -> Result<Option<Db>, Error> {
        let attempt = self.connect_with_pragmas().and_then(|mut conn| {
            let state = SchemaState::read_snapshot(&mut conn)?;
            Ok((conn, state))
        });
        let (conn, state) = match attempt {
            Ok(opened) => opened,
            Err(e) if intent == Intent::Read && self.on_read_only_storage(&e) => {
                let mut conn = self.connect_immutable()?;
                let state = SchemaState::read_snapshot(&mut conn).map_err(|e| self.classify(e))?;
                (conn, state)
            }
            Err(e) => return Err(self.classify(e)),
        };
        self.check(&state)?;
        // A reader needs only the current schema; WAL is a writer's concern
        // (and a file on read-only storage can report another journal mode).
        let usable = match intent {
            Intent::Create | Intent::Change => state.is_current(),
            Intent::Read => state.has_current_schema(),
        };
        if usable {
            return Ok(Some(self.db(conn)));
        }
        if state.is_blank() && intent != Intent::Create {
            return Ok(None);
        }
        // The connection is closed before the init lock is taken and the
        // lock released only after the init connection is closed: see
        // `InitLock` for why the order matters.
        self.close(conn)?;
        let waiting = Instant::now();
        let lock = InitLock::acquire(&self.path, self.busy_timeout)?;
        self.lock_wait.set(self.lock_wait.get() + waiting.elapsed());
        let mut conn = self.connect()?;
        self.initialise(&mut conn)?;
        self.close(conn)?;
        drop(lock);
        Ok(Some(self.db(self.connect()?)))
    }

    fn close(&self, conn: Connection) -> Result<(), Error> {
        conn.close().map_err(|(_, e)| self.classify(e))
    }

    fn check(&self, state: &SchemaState) -> Result<(), Error> {
        match state.refusal() {
            Some(why) => Err(self.refuse(&why)),
            None => Ok(()),
        }
    }

    /// Creates or upgrades the schema; the caller holds the [`InitLock`].
    ///
    /// The state is re-read first, because another process may have done
    /// the work while we waited for the lock. WAL is switched on before the
    /// schema is written (SQLite cannot change the journal mode inside a
    /// transaction), so a file with a schema is always a WAL file. The
    /// migration runs in `BEGIN IMMEDIATE`: a deferred transaction that
    /// later writes could fail with `SQLITE_BUSY` whatever the timeout.
    fn initialise(&self, conn: &mut Connection) -> Result<(), Error> {
        let state = SchemaState::read_snapshot(conn).map_err(|e| self.classify(e))?;
        self.check(&state)?;
        if !state.wal {
            let mode = self.switch_to_wal(conn)?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(self.refuse(&format!("cannot use WAL mode (journal mode is {mode})")));
            }
        }
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.classify(e))?;
        let state = SchemaState::read(&tx).map_err(|e| self.classify(e))?;
        self.check(&state)?;
        if state.version < LATEST_VERSION {
            migrations::migrate(&tx, state.version).map_err(|e| self.classify(e))?;
        }
        tx.commit().map_err(|e| self.classify(e))
    }

    /// Switches the file to WAL. SQLite takes the lock this needs without
    /// calling the busy handler, so a reader (or a process that died while
    /// creating the file) would make it fail at once: retry until the busy
    /// timeout, as every other lock waits.
    fn switch_to_wal(&self, conn: &Connection) -> Result<String, Error> {
        let deadline = Instant::now() + self.busy_timeout;
        let mut pause = Duration::from_millis(1);
        loop {
            match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)) {
                Err(e)
                    if matches!(
                        e.sqlite_error_code(),
                        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                    ) && Instant::now() < deadline =>
                {
                    thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                result => return result.map_err(|e| self.classify(e)),
            }
        }
    }

    /// Translates an SQLite error met while opening, naming the file.
    fn classify(&self, err: rusqlite::Error) -> Error {
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => self.refuse("is not a database"),
            Some(ErrorCode::DatabaseCorrupt) => self.refuse("is corrupt"),
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                self.refuse(&format!("cannot be opened: {err}"))
            }
            Some(ErrorCode::ReadOnly) => self.refuse("cannot be opened for writing"),
            _ => Error::from(err),
        }
    }
}

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
struct InitLock {
    _file: File,
}

impl InitLock {
    fn acquire(path: &Path, timeout: Duration) -> Result<Self, Error> {
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
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
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

/// Why a command opens the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    /// Only read: never create; on read-only storage, read what is there.
    Read,
    /// Change existing items: never create a database.
    Change,
    /// Write, creating the database if need be.
    Create,
}

/// What a database file says about itself, read without writing anything.
struct SchemaState {
    version: i64,
    application_id: i32,
    objects: i64,
    wal: bool,
}

impl SchemaState {
    /// Why CountIQ must not use this file, if it must not: another
    /// program's database, or one made by a newer CountIQ.
    fn refusal(&self) -> Option<String> {
        if self.is_blank() {
            None
        } else if self.application_id != APPLICATION_ID {
            Some("is not a countiq database".to_owned())
        } else if self.version > LATEST_VERSION {
            Some(format!(
                "was made by a newer countiq (schema version {}; this countiq knows up to {LATEST_VERSION})",
                self.version
            ))
        } else {
            None
        }
    }
}

impl SchemaState {
    /// Reads the state in one read transaction: four separate statements
    /// could each see a different moment of a concurrent migration.
    fn read_snapshot(conn: &mut Connection) -> rusqlite::Result<Self> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let state = Self::read(&tx)?;
        tx.commit()?;
        Ok(state)
    }

    /// Reads the state inside the caller's transaction.
    fn read(conn: &Connection) -> rusqlite::Result<Self> {
        // One statement: this runs at the start of every command.
        conn.query_row(
            "SELECT v.user_version, a.application_id, j.journal_mode, \
             (SELECT count(*) FROM sqlite_schema) \
             FROM pragma_user_version AS v, pragma_application_id AS a, pragma_journal_mode AS j",
            [],
            |r| {
                let mode: String = r.get(2)?;
                Ok(Self {
                    version: r.get(0)?,
                    application_id: r.get(1)?,
                    objects: r.get(3)?,
                    wal: mode.eq_ignore_ascii_case("wal"),
                })
            },
        )
    }

    /// A file with nothing in it yet: newly created, or empty.
    fn is_blank(&self) -> bool {
        self.objects == 0 && self.version == 0 && self.application_id == 0
    }

    fn has_current_schema(&self) -> bool {
        !self.is_blank() && self.version == LATEST_VERSION
    }

    fn is_current(&self) -> bool {
        self.has_current_schema() && self.wal
    }
}

impl Db {
    /// Starts the one transaction of a command that writes.
    ///
    /// IMMEDIATE takes the write lock up front (waiting up to the busy
    /// timeout), so everything the command reads is still true when it
    /// commits, and it can never fail half-way with `SQLITE_BUSY`.
    pub fn write(&mut self) -> Result<Transaction<'_>, Error> {
        let waiting = Instant::now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate);
        self.lock_wait.set(self.lock_wait.get() + waiting.elapsed());
        Ok(tx?)
    }

    /// Starts the one transaction of a command that only reads: a snapshot
    /// that concurrent writers cannot change half-way through the output.
    pub fn read(&mut self) -> Result<Transaction<'_>, Error> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?)
    }
}

/// Translates an SQLite error into the contract's kinds by its result code,
/// never by its message.
impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => busy(),
            Some(ErrorCode::NotADatabase) => {
                Error::Database("the file is not a database".to_owned())
            }
            Some(ErrorCode::DatabaseCorrupt) => {
                Error::Database("the database file is corrupt".to_owned())
            }
            Some(ErrorCode::ReadOnly) => {
                Error::Database("the database cannot be opened for writing".to_owned())
            }
            _ => Error::Internal(anyhow::Error::new(err).context("database error")),
        }
    }
}

fn busy() -> Error {
    Error::Busy(
        "the database stayed locked past the busy timeout; nothing changed; safe to retry"
            .to_owned(),
    )
}

/// True when `err` is a UNIQUE constraint violation (extended code 2067).
#[must_use]
pub fn is_unique_violation(err: &rusqlite::Error) -> bool {
    err.sqlite_error()
        .is_some_and(|e| e.extended_code == SQLITE_CONSTRAINT_UNIQUE)
}
