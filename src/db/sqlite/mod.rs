//! The embedded backend: one SQLite file, WAL, `synchronous=FULL`, and
//! `BEGIN IMMEDIATE` for every command that writes.
//!
//! [`Store`] opens the file (see `open`), and [`SqliteTxn`] answers the
//! seam's questions with the fixed SQL in `items`, `ledger` and `keys`.

pub mod backup;
mod busy;
mod creation;
pub mod doctor;
mod errors;
mod init_lock;
mod items;
mod keys;
mod ledger;
mod migrations;
mod open;
mod read_only;
mod records;
mod schema_state;
mod scratch;

use std::cell::Cell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use rusqlite::config::DbConfig;

use super::runs::CreatedRun;
use super::{
    Access, HistoryFilter, NewEvent, NewItem, NewOperation, Operation, OwnerRef, Record, Storage,
    StorageTxn, StoredKey, absent::Absent,
};
use crate::domain::{
    Code, Error, Event, IdempotencyKey, Item, ListQuery, OwnerItems, OwnerName, Timestamp,
};

pub use errors::{SQLITE_CONSTRAINT_UNIQUE, is_unique_violation};
pub use items::INSERT_BATCH;
pub use migrations::{APPLICATION_ID, LATEST_VERSION, MIGRATIONS};
pub use scratch::Scratch;

/// The longest busy timeout SQLite takes: `i32::MAX` milliseconds.
const MAX_BUSY_TIMEOUT: Duration = Duration::from_millis(i32::MAX as u64);

/// Where the database lives and how long to wait for its lock.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    busy_timeout: Duration,
    /// Time spent waiting for locks, shared with every transaction begun here.
    lock_wait: Rc<Cell<Duration>>,
    /// The built-in default location, whose directories are created on
    /// demand; a path the user gave must be in a directory that exists.
    default_location: bool,
}

impl Storage for Store {
    /// Write transactions are `BEGIN IMMEDIATE`: the write lock is taken up
    /// front (waiting up to the busy timeout), so everything the command
    /// reads is still true when it commits, and it can never fail half-way
    /// with `SQLITE_BUSY`. Reads are one deferred snapshot that concurrent
    /// writers cannot change half-way through the output.
    fn txn(&self, access: Access) -> Result<Box<dyn StorageTxn + '_>, Error> {
        let Some((mut conn, creation)) = self.connection(access)? else {
            return Ok(Box::new(Absent));
        };
        let waiting = Instant::now();
        let begun = match access {
            Access::Read | Access::Peek => conn.execute_batch("BEGIN DEFERRED"),
            // A statement that writes several rows (an import's batch of
            // items) keeps the original of each
            // page it changes in a statement journal, to undo itself alone
            // on failure. SQLite spills that journal to a temporary file
            // once it passes 64 KiB, and from then on writes every
            // statement's journal to the file: a million-item import made
            // 340,000 writes there. In memory it costs no system call.
            // Such statements change at most 64 rows, so their journal
            // stays small; every
            // other write is one row, which needs none. The setting is read
            // when the transaction begins, so it precedes BEGIN.
            Access::Change | Access::Create | Access::CreateForAll => {
                conn.execute_batch("PRAGMA temp_store = MEMORY; BEGIN IMMEDIATE")
            }
        };
        self.lock_wait.set(self.lock_wait.get() + waiting.elapsed());
        if let Err(err) = begun {
            let read_only = err.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly);
            return Err(match self.write_refusal() {
                Some(refusal) if read_only => refusal,
                _ => err.into(),
            });
        }
        let wal_frames = count_wal_frames(&mut conn)?;
        Ok(Box::new(SqliteTxn {
            conn,
            open: true,
            wal_frames,
            creation,
            created: None,
        }))
    }

    fn dry_run_stand_in(&self) -> Result<Option<Box<dyn Storage>>, Error> {
        Ok(self
            .scratch_stand_in()?
            .map(|scratch| Box::new(scratch) as Box<dyn Storage>))
    }

    fn lock_wait(&self) -> Duration {
        self.lock_wait.get()
    }
}

/// One command's transaction on a connection of its own. Dropping it
/// before [`StorageTxn::commit`] rolls back.
pub struct SqliteTxn {
    conn: Connection,
    /// True until COMMIT or ROLLBACK has run.
    open: bool,
    /// The frames in the WAL after this connection's last commit, which
    /// decide a checkpoint after it.
    wal_frames: Arc<AtomicU32>,
    /// The database this command created, if it did: removed again unless
    /// the transaction commits. Declared after `conn`, so the connection
    /// is closed before the files go.
    creation: Option<creation::Creation>,
    /// Creation events not yet written, appended together by
    /// [`SqliteTxn::flush_created`] before anything that could read the
    /// ledger or change those items, and before COMMIT.
    created: Option<CreatedRun>,
}

impl Drop for SqliteTxn {
    fn drop(&mut self) {
        if self.open
            && let Err(err) = self.conn.execute_batch("ROLLBACK")
        {
            // Closing the connection rolls back in any case.
            tracing::debug!(%err, "rollback failed; the connection is closed instead");
        }
    }
}

impl StorageTxn for SqliteTxn {
    fn exists(&self) -> bool {
        true
    }

    fn owner(&mut self, owner: &OwnerName) -> Result<Option<OwnerRef>, Error> {
        Ok(items::owner(&self.conn, owner)?)
    }

    fn ensure_owner(&mut self, owner: &OwnerName) -> Result<OwnerRef, Error> {
        Ok(items::ensure_owner(&self.conn, owner)?)
    }

    fn find_item(&mut self, owner: &OwnerRef, key: &str) -> Result<Option<Item>, Error> {
        Ok(items::find(&self.conn, owner.id, key)?)
    }

    fn item_by_id(&mut self, owner: &OwnerRef, id: i64) -> Result<Option<Item>, Error> {
        Ok(items::by_id(&self.conn, owner.id, id)?)
    }

    fn item_by_code(&mut self, owner: &OwnerRef, code: &Code) -> Result<Option<Item>, Error> {
        Ok(items::by_code(&self.conn, owner.id, code.as_str())?)
    }

    fn insert_item(&mut self, owner: &OwnerRef, new: &NewItem<'_>) -> Result<Item, Error> {
        items::insert(&self.conn, owner, new)
            .map_err(|e| self.unique_conflict(e, owner, new.name.key(), new.code, None))
    }

    fn insert_items(&mut self, owner: &OwnerRef, new: &[NewItem<'_>]) -> Result<Vec<Item>, Error> {
        items::insert_many(&self.conn, owner, new).map_err(|e| {
            if is_unique_violation(&e) {
                Error::Conflict(format!(
                    "a name or code is taken for owner {:?}",
                    owner.name
                ))
            } else {
                e.into()
            }
        })
    }

    /// One statement creates [`INSERT_BATCH`] items.
    fn batch_size(&self) -> usize {
        INSERT_BATCH
    }

    fn restore_item(&mut self, owner: &OwnerRef, item: &Item) -> Result<Item, Error> {
        self.flush_created()?;
        let key = crate::domain::ItemName::key_of_normalised(&item.name);
        items::restore(&self.conn, owner.id, item)
            .map_err(|e| self.unique_conflict(e, owner, &key, item.code.as_ref(), Some(item.id)))
    }

    fn update_item(&mut self, owner: &OwnerRef, item: &Item) -> Result<Item, Error> {
        self.flush_created()?;
        let key = crate::domain::ItemName::key_of_normalised(&item.name);
        items::update(&self.conn, item)
            .map_err(|e| self.unique_conflict(e, owner, &key, item.code.as_ref(), Some(item.id)))
    }

    fn delete_item(&mut self, owner: &OwnerRef, id: i64) -> Result<(), Error> {
        self.flush_created()?;
        Ok(items::delete(&self.conn, owner.id, id)?)
    }

    fn items(
        &mut self,
        owner: &OwnerRef,
        query: &ListQuery,
        each: &mut dyn FnMut(Item) -> Result<(), Error>,
    ) -> Result<(), Error> {
        items::for_each(&self.conn, owner.id, query, each)
    }

    fn item_names(
        &mut self,
        owner: &OwnerRef,
        prefix: &str,
        each: &mut dyn FnMut(String) -> Result<(), Error>,
    ) -> Result<(), Error> {
        items::names(&self.conn, owner.id, prefix, each)
    }

    fn items_of_all_owners(
        &mut self,
        each: &mut dyn FnMut(Item) -> Result<(), Error>,
    ) -> Result<(), Error> {
        items::for_each_of_all_owners(&self.conn, each)
    }

    fn owners(
        &mut self,
        each: &mut dyn FnMut(OwnerItems) -> Result<(), Error>,
    ) -> Result<(), Error> {
        items::for_each_owner(&self.conn, each)
    }

    fn insert_operation(&mut self, op: &NewOperation<'_>) -> Result<i64, Error> {
        Ok(ledger::insert_operation(&self.conn, op)?)
    }

    /// A creation is held back and appended with the creations that follow
    /// it (an import's) as one run; any other event is written at once,
    /// after them.
    fn insert_event(&mut self, event: &NewEvent<'_>) -> Result<(), Error> {
        if let Some(run) = &mut self.created
            && run.extend(event)?
        {
            return Ok(());
        }
        self.flush_created()?;
        self.created = CreatedRun::start(event)?;
        if self.created.is_some() {
            return Ok(());
        }
        Ok(ledger::insert_event(&self.conn, event)?)
    }

    fn history(
        &mut self,
        owner: &OwnerRef,
        filter: &HistoryFilter,
        each: &mut dyn FnMut(Event) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.flush_created()?;
        ledger::history(&self.conn, owner.id, filter, each)
    }

    fn replay_events(
        &mut self,
        owner: Option<&OwnerRef>,
        until: Option<Timestamp>,
    ) -> Result<Vec<Event>, Error> {
        self.flush_created()?;
        ledger::replay_events(&self.conn, owner.map(|o| o.id), until)
    }

    fn events_of(&mut self, op: i64) -> Result<Vec<Event>, Error> {
        self.flush_created()?;
        ledger::events_of(&self.conn, op)
    }

    fn operation(&mut self, owner: &OwnerRef, id: i64) -> Result<Option<Operation>, Error> {
        self.flush_created()?;
        Ok(ledger::operation(&self.conn, owner.id, id)?)
    }

    fn last_undoable(&mut self, owner: &OwnerRef) -> Result<Option<Operation>, Error> {
        self.flush_created()?;
        Ok(ledger::last_undoable(&self.conn, owner.id)?)
    }

    fn find_key(
        &mut self,
        owner: &OwnerRef,
        key: &IdempotencyKey,
    ) -> Result<Option<StoredKey>, Error> {
        Ok(keys::find(&self.conn, owner.id, key.as_str())?)
    }

    fn insert_key(
        &mut self,
        owner: &OwnerRef,
        key: &IdempotencyKey,
        record: &StoredKey,
        at: Timestamp,
    ) -> Result<(), Error> {
        Ok(keys::insert(
            &self.conn,
            owner.id,
            key.as_str(),
            record,
            at,
        )?)
    }

    /// A file holds every owner's rows: its permissions decide who may
    /// open it, not the owners.
    fn sees_every_owner(&mut self) -> Result<bool, Error> {
        Ok(true)
    }

    fn is_empty(&mut self) -> Result<bool, Error> {
        Ok(records::is_empty(&self.conn)?)
    }

    fn records(&mut self, each: &mut dyn FnMut(Record) -> Result<(), Error>) -> Result<(), Error> {
        self.flush_created()?;
        records::for_each(&self.conn, each)
    }

    fn load(&mut self, record: Record) -> Result<(), Error> {
        self.flush_created()?;
        Ok(records::load(&self.conn, &record)?)
    }

    fn finish_load(&mut self) -> Result<(), Error> {
        Ok(records::finish_load(&self.conn)?)
    }

    /// Commits. Once COMMIT has returned the change is saved, so what
    /// follows (the WAL's upkeep) can never fail the command: a problem
    /// there is logged and left to the next writer.
    fn commit(mut self: Box<Self>) -> Result<(), Error> {
        self.flush_created()?;
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        if let Some(creation) = &mut self.creation {
            creation.keep();
        }
        if self.conn.total_changes() > 0 {
            self.after_write();
        }
        Ok(())
    }
}

/// The WAL frames (pages written since the WAL last started over) past
/// which a committing writer checkpoints and rewinds it, about 256 KiB (the
/// checkpoint policy is described in `open.rs`).
const WAL_CHECKPOINT_FRAMES: u32 = 64;

/// Counts the frames in the WAL after each commit of `conn`, as SQLite
/// reports them. Replaces SQLite's automatic checkpoint, which runs from
/// the same hook: [`SqliteTxn::after_write`] keeps the WAL bounded instead.
fn count_wal_frames(conn: &mut Connection) -> rusqlite::Result<Arc<AtomicU32>> {
    let frames = Arc::new(AtomicU32::new(0));
    let seen = Arc::clone(&frames);
    conn.wal_hook(Some(
        move |_: &mut rusqlite::hooks::Wal, n: std::ffi::c_int| {
            seen.store(u32::try_from(n).unwrap_or(0), Ordering::Relaxed);
            Ok(())
        },
    ))?;
    Ok(frames)
}

impl SqliteTxn {
    /// Appends the creation events held back, if any. Anything that reads
    /// the ledger or changes an item calls this first, so no one can see
    /// the ledger without them or an item changed before its creation is
    /// recorded.
    fn flush_created(&mut self) -> Result<(), Error> {
        match self.created.take() {
            Some(run) => ledger::insert_created_run(&self.conn, &run),
            None => Ok(()),
        }
    }

    /// After a commit that wrote something: closing leaves the WAL for the
    /// next process instead of checkpointing it, and a WAL of more than
    /// [`WAL_CHECKPOINT_FRAMES`] is checkpointed and rewound now: its
    /// frames are copied into the database file, and the next write starts
    /// the WAL over from its beginning, overwriting the old frames in
    /// place. The file keeps its size (up to `journal_size_limit`), so a
    /// commit's sync flushes data only, without a change of size for the
    /// file system to journal; and each new process recovers the WAL index
    /// from the frames written since the rewind, which stay few.
    fn after_write(&self) {
        if let Err(err) = self
            .conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        {
            tracing::debug!(%err, "cannot keep the WAL on close; closing checkpoints it instead");
        }
        let frames = self.wal_frames.load(Ordering::Relaxed);
        if frames <= WAL_CHECKPOINT_FRAMES {
            return;
        }
        // Never wait for readers or another writer: they hold the WAL for a
        // moment only, and the next writer tries again.
        let checkpoint = self.conn.busy_timeout(Duration::ZERO).and_then(|()| {
            self.conn
                .query_row("PRAGMA wal_checkpoint(RESTART)", [], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })
        });
        match checkpoint {
            Ok((0, log, copied)) if log == copied => {}
            Ok(_) => {
                tracing::debug!(frames, "readers busy; the WAL is left for the next writer");
                return;
            }
            Err(err) => {
                tracing::debug!(%err, frames, "WAL checkpoint failed; left for the next writer");
                return;
            }
        }
        // Every frame is in the database file now. SQLite starts the WAL
        // over at the next write of this connection (a later process would
        // find the frames again and append after them): write the
        // database header's application id, unchanged, as that write.
        let rewind = self
            .conn
            .execute_batch("BEGIN IMMEDIATE")
            .and_then(|()| {
                self.conn
                    .pragma_update(None, "application_id", APPLICATION_ID)
            })
            .and_then(|()| self.conn.execute_batch("COMMIT"));
        match rewind {
            Ok(()) => tracing::debug!(frames, "checkpointed the WAL and started it over"),
            Err(err) => {
                if !self.conn.is_autocommit() {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
                tracing::debug!(%err, frames, "WAL checkpointed but not started over; left for the next writer");
            }
        }
    }
}

impl Store {
    /// Every row of every table, as text: the items, owners, the whole
    /// ledger, and the id sequences that decide the next ids. Two equal
    /// dumps mean nothing a later command could observe has changed.
    #[cfg(test)]
    pub(crate) fn dump(&self) -> Vec<String> {
        let conn = Connection::open(&self.path).unwrap();
        let mut rows = Vec::new();
        for (table, sql) in [
            ("items", "SELECT * FROM items ORDER BY rowid"),
            ("owners", "SELECT * FROM owners ORDER BY rowid"),
            ("operations", "SELECT * FROM operations ORDER BY rowid"),
            ("events", "SELECT * FROM events ORDER BY op_id, seq"),
            (
                "created_runs",
                "SELECT * FROM created_runs ORDER BY op_id, first_seq",
            ),
            (
                "sqlite_sequence",
                "SELECT * FROM sqlite_sequence ORDER BY name",
            ),
        ] {
            let mut stmt = conn.prepare(sql).unwrap();
            let columns = stmt.column_count();
            let mapped = stmt
                .query_map([], |r| {
                    Ok((0..columns)
                        .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap();
            rows.extend(mapped.map(|row| format!("{table}: {}", row.unwrap())));
        }
        rows
    }
}

impl SqliteTxn {
    /// Maps a UNIQUE violation on an item's name key or code to the same
    /// conflict the domain reports, naming the item that holds it.
    /// Unreachable while the IMMEDIATE lock is held and the service checked
    /// first, but the schema is the final authority and its verdict must
    /// read exactly like the domain's. `id` is the item being written, when
    /// it has one.
    fn unique_conflict(
        &self,
        err: rusqlite::Error,
        owner: &OwnerRef,
        key: &str,
        code: Option<&Code>,
        id: Option<i64>,
    ) -> Error {
        if !is_unique_violation(&err) {
            return err.into();
        }
        let other = |found: Option<Item>| found.filter(|holder| Some(holder.id) != id);
        match items::find(&self.conn, owner.id, key).map(other) {
            Ok(Some(holder)) => return crate::domain::name_taken(&owner.name, &holder.name),
            Ok(None) => {}
            Err(e) => return e.into(),
        }
        if let Some(code) = code {
            match items::by_code(&self.conn, owner.id, code.as_str()).map(other) {
                Ok(Some(holder)) => {
                    return crate::domain::code_taken(&owner.name, code, &holder.name);
                }
                Ok(None) => {}
                Err(e) => return e.into(),
            }
        }
        crate::domain::name_taken(&owner.name, key)
    }
}
