//! Opening a database file safely: creating it with private permissions,
//! the per-connection pragmas, read-only storage, and the creation lock
//! around WAL and migrations.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::busy;
use super::creation::{self, Claim, Creation};
use super::init_lock::InitLock;
use super::migrations::{self, LATEST_VERSION};
use super::read_only::ReadOnlyStorage;
use super::schema_state::SchemaState;
use super::{MAX_BUSY_TIMEOUT, Store};
use crate::db::Access;
use crate::domain::Error;

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
            default_location: false,
        }
    }

    /// The same store, marked as the built-in default location: the only
    /// one whose missing directories are created.
    #[must_use]
    pub fn at_default_location(self, default: bool) -> Self {
        Self {
            default_location: default,
            ..self
        }
    }

    /// The database file's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens a connection for a command with `access`, bringing an older
    /// schema up to date.
    ///
    /// `Create` makes the file (mode 0600) and its directory (mode 0700)
    /// when they do not exist. `Read` and `Change` return `None` when there
    /// is no database yet (no file, or an empty one): the command sees an
    /// empty inventory and, as the contract asks, nothing is created. On
    /// read-only storage `Read` reads what is there.
    ///
    /// A database this command creates comes with its [`Creation`]: if the
    /// command saves nothing, the file goes again (see `creation`).
    pub(super) fn connection(
        &self,
        access: Access,
    ) -> Result<Option<(Connection, Option<Creation>)>, Error> {
        let deadline = Instant::now() + self.busy_timeout;
        if self.exists()? {
            // Another process may be creating it, and remove it again.
            creation::wait(&self.path, deadline)?;
        }
        let mut created = None;
        if !self.exists()? {
            if !access.creates() {
                return Ok(None);
            }
            self.create_directory()?;
            if let Claim::Ours(claim) = creation::begin(&self.path, self.busy_timeout)? {
                self.create_file()?;
                created = Some(claim);
            }
        }
        match self.open(access)? {
            Some(conn) => Ok(Some((conn, created))),
            None if access.creates() => Err(self.refuse("could not be initialised")),
            None => Ok(None),
        }
    }

    fn exists(&self) -> Result<bool, Error> {
        if self.path.as_os_str() == ":memory:" || self.path.as_os_str().is_empty() {
            // SQLite's name for a private in-memory database: nothing it
            // holds would outlive the command.
            return Err(
                self.refuse("is not a database file path (an in-memory database keeps nothing)")
            );
        }
        match fs::metadata(&self.path) {
            Ok(meta) if meta.is_dir() => Err(self.refuse("is a directory, not a database file")),
            Ok(meta) if !meta.is_file() => Err(self
                .refuse("is not a regular file (a FIFO, socket or device cannot hold a database)")),
            Ok(_) => Ok(true),
            Err(e) if !self.default_location && !self.directory_exists() => Err(self.refuse(
                &format!("cannot be used: its directory does not exist ({e})"),
            )),
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

    /// Fails when the path can never hold a database: a directory, a FIFO
    /// or device, `:memory:`, or a path the user gave in a directory that
    /// does not exist. A missing file in an existing directory is fine.
    pub fn check_path(&self) -> Result<(), Error> {
        self.exists().map(drop)
    }

    /// Whether the directory the file would go in exists.
    fn directory_exists(&self) -> bool {
        match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.is_dir(),
            _ => true,
        }
    }

    /// Creates the directory of the built-in default location (mode 0700)
    /// when it does not exist; a path the user gave was checked by
    /// `exists` to be in an existing directory.
    fn create_directory(&self) -> Result<(), Error> {
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
        Ok(())
    }

    /// Creates the file with owner-only permissions: an inventory can say a
    /// lot about a person or a company, and SQLite gives the `-wal` and
    /// `-shm` files the same mode as the database file.
    fn create_file(&self) -> Result<(), Error> {
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

    pub(super) fn refuse(&self, why: &str) -> Error {
        Error::Database(format!("{:?} {why}", self.path.display().to_string()))
    }

    fn connect(&self) -> Result<Connection, Error> {
        self.connect_with_pragmas().map_err(|e| self.classify(e))
    }

    fn connect_with_pragmas(&self) -> rusqlite::Result<Connection> {
        // No SQLITE_OPEN_CREATE: the file was created above with the right
        // mode, and a file that vanished since must not be recreated here.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&self.path, flags)?;
        // The busy timeout, with a handler that also stops for a signal.
        let timeout = self.busy_timeout;
        conn.busy_handler(Some(move |count| busy::wait(count, timeout)))?;
        // Per-connection settings, never part of a migration.
        //
        // The query planner stability guarantee keeps one plan per
        // statement. Without it, this SQLite build (STAT4) re-prepares a
        // cached statement whenever a bound value changes, which costs more
        // than running it: ten times the time of an import.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        // The checkpoint policy. Closing the last connection does not
        // checkpoint: the `-wal` (and `-shm`) stay between processes, so a
        // one-row write costs one sync, its commit's, instead of the commit's
        // plus a whole checkpoint's. Durability is unchanged: a commit is on
        // disk once its WAL frames are synced.
        //
        // SQLite's automatic PASSIVE checkpoint (at 1000 pages) copies the
        // frames into the database but never lets the WAL start over here:
        // each new process recovers the WAL index from the file, which
        // marks nothing as checkpointed, so the next writer appends instead
        // of starting over, and every process pays to recover a WAL that
        // only grows. So a committing writer that finds more than
        // `WAL_CHECKPOINT_FRAMES` in the WAL (SQLite's count after its
        // commit) checkpoints it itself and starts it over with one small
        // write (`SqliteTxn::after_write`), without waiting for readers or
        // writers (the next writer tries again when they are busy). The
        // WAL holds about 256 KiB plus one command's writes, and the file
        // keeps its size (at most `journal_size_limit` once a big import
        // has been checkpointed), so later commits overwrite old frames in
        // place and their syncs flush data only. That writer pays the
        // checkpoint's syncs; the others pay one.
        //
        // One exception keeps a command that changed nothing from leaving
        // files behind: when there was no WAL content at open, closing
        // still lets SQLite remove the empty `-wal` and `-shm` it made,
        // until a commit writes something (`keep_wal_on_close`).
        conn.set_db_config(
            DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            !self.wal_is_empty(),
        )?;
        // 8 MiB of page cache (the default is 2): a big import spills
        // pages to the WAL less often, and memory stays far below 32 MiB.
        conn.execute_batch(
            "PRAGMA cache_size = -8192; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; \
             PRAGMA journal_size_limit = 4194304;",
        )?;
        Ok(conn)
    }

    /// The `-wal` file beside the database.
    pub(super) fn wal_path(&self) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push("-wal");
        PathBuf::from(name)
    }

    /// True when there is no `-wal` file, or an empty one: every committed
    /// change is in the database file itself.
    pub(super) fn wal_is_empty(&self) -> bool {
        fs::metadata(self.wal_path()).map_or(true, |m| m.len() == 0)
    }

    /// Opens an existing file, bringing its schema up to date if it is older.
    ///
    /// A blank file (no schema, no CountIQ mark) only becomes a database
    /// when a command that writes asks; a read-only command treats it as
    /// "no database yet" and leaves it alone.
    fn open(&self, access: Access) -> Result<Option<Connection>, Error> {
        let attempt = self.connect_with_pragmas().and_then(|mut conn| {
            let state = SchemaState::read_snapshot(&mut conn)?;
            Ok((conn, state))
        });
        let (conn, state) = match attempt {
            Ok(opened) => opened,
            Err(e) => match self.on_read_only_storage(&e) {
                Some(ReadOnlyStorage::WalWithoutShm) => {
                    return Err(self.refuse(
                        "has a non-empty -wal file but no -shm file, on read-only storage: \
                         it cannot be read without missing committed changes",
                    ));
                }
                Some(ReadOnlyStorage::WholeFile) if !access.writes() => {
                    let mut conn = self.connect_immutable()?;
                    let state =
                        SchemaState::read_snapshot(&mut conn).map_err(|e| self.classify(e))?;
                    (conn, state)
                }
                _ if access.writes() => {
                    return Err(self.write_refusal().unwrap_or_else(|| self.classify(e)));
                }
                _ => return Err(self.classify(e)),
            },
        };
        self.check(&state)?;
        // SQLite opens a file it may not write read-only without a word;
        // a command that writes is told why here, before it begins.
        if access.writes()
            && conn
                .is_readonly(rusqlite::MAIN_DB)
                .map_err(|e| self.classify(e))?
        {
            return Err(self
                .write_refusal()
                .unwrap_or_else(|| self.refuse("cannot be opened for writing")));
        }
        // A reader needs only the current schema; WAL is a writer's concern
        // (and a file on read-only storage can report another journal mode).
        let usable = match access {
            Access::Create | Access::CreateForAll | Access::Change => state.is_current(),
            Access::Read | Access::Peek => state.has_current_schema(),
        };
        if usable {
            return Ok(Some(conn));
        }
        // A peek never migrates: an older database is, to it, none yet.
        if (state.is_blank() && !access.creates()) || access == Access::Peek {
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
        Ok(Some(self.connect()?))
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
    pub(super) fn classify(&self, err: rusqlite::Error) -> Error {
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
