//! The server backend: one PostgreSQL database shared by many hosts.
//!
//! Each command is one transaction on a connection of its own. Writes run
//! under READ COMMITTED and serialise per owner: the first thing a write
//! does to an owner is take that owner's transaction-scoped advisory lock
//! (what `BEGIN IMMEDIATE` gives on SQLite), so everything it reads of the
//! owner stays true until it commits, and racing commands from any number
//! of hosts never lose an update. Reads are one REPEATABLE READ snapshot.
//!
//! [`Server`] connects (see [`connect`]), checks or creates the schema (see
//! [`schema`]), and [`PgTxn`] answers the seam's questions with the fixed
//! SQL in [`sql`].

pub mod connect;
mod copy_in;
mod copy_out;
pub mod doctor;
pub mod enforce;
mod errors;
mod load;
pub mod schema;
mod sql;
#[cfg(test)]
pub(crate) mod testing;

use std::cell::{Cell, RefCell, RefMut};
use std::collections::HashMap;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use postgres::Client;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};

use super::runs::{self, CreatedRun, StoredRun};
use super::{
    Access, DetailFilter, HistoryFilter, NewEvent, NewItem, NewOperation, Operation, OwnerRef,
    Record, Storage, StorageTxn, StoredKey, absent::Absent,
};
use crate::domain::{
    Code, Error, Event, IdempotencyKey, Item, ItemName, ListQuery, Location, Note, OwnerItems,
    OwnerName, Quantity, Timestamp, Unit,
};
use connect::Target;
use schema::{SchemaName, State};
use sql::Sql;

pub use connect::is_postgres_url;

/// A PostgreSQL database, reached through a URL, and CountIQ's schema in it.
pub struct Server {
    /// The URL and schema name as resolved; a bad one is reported (exit 2)
    /// by the first command that needs the server, so that `config show`
    /// still shows it.
    resolved: Result<(Target, SchemaName), Error>,
    busy_timeout: Duration,
    /// Time spent waiting for owners' locks.
    lock_wait: Cell<Duration>,
    /// The connection, made by the first transaction and kept for the
    /// command's others.
    session: RefCell<Option<Session>>,
}

/// A connection and the statements prepared on it.
struct Session {
    conn: Conn,
    /// The thread that streams a batch's `COPY` while the command goes
    /// on, started by the first.
    copier: Option<Copier>,
    tls: connect::Tls,
}

/// Where the connection is.
enum Conn {
    /// Free for the next statement.
    Here(Box<Client>),
    /// With the [`Copier`], streaming a batch's `COPY`.
    Copying,
    /// Lost with a thread that ended.
    Lost,
}

/// A `COPY` for the copier: the connection, the statement, its data.
type CopyJob = (Box<Client>, String, Vec<u8>);

/// A thread that streams `COPY`s handed to it with the connection, and
/// hands the connection back with the outcome.
struct Copier {
    jobs: mpsc::Sender<CopyJob>,
    done: mpsc::Receiver<(Box<Client>, Result<(), Error>)>,
}

impl Copier {
    fn start() -> Result<Self, Error> {
        let (jobs, todo) = mpsc::channel::<CopyJob>();
        let (finished, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("countiq-copy".to_owned())
            .spawn(move || {
                // Ends when the session, which holds the sender, is gone.
                for (mut client, copy, data) in todo {
                    let outcome = stream_copy(&mut client, &copy, &data);
                    if finished.send((client, outcome)).is_err() {
                        break;
                    }
                }
            })
            .map_err(|err| {
                Error::Internal(
                    anyhow::Error::new(err).context("cannot start a thread to stream COPYs"),
                )
            })?;
        Ok(Self { jobs, done })
    }
}

/// The connection went with a thread that ended.
fn connection_lost() -> Error {
    Error::Internal(anyhow::anyhow!(
        "the connection was lost with the thread that streamed a COPY"
    ))
}

impl Session {
    /// The connection, once a `COPY` streaming apart has finished: its
    /// failure, if it failed, is this call's.
    fn client(&mut self) -> Result<&mut Client, Error> {
        self.settle()?;
        match &mut self.conn {
            Conn::Here(client) => Ok(client),
            Conn::Copying | Conn::Lost => Err(connection_lost()),
        }
    }

    /// Waits for a `COPY` streaming apart, and takes the connection back.
    fn settle(&mut self) -> Result<(), Error> {
        if !matches!(self.conn, Conn::Copying) {
            return Ok(());
        }
        self.conn = Conn::Lost;
        let copier = self.copier.as_ref().ok_or_else(connection_lost)?;
        let (client, outcome) = copier.done.recv().map_err(|_| connection_lost())?;
        self.conn = Conn::Here(client);
        outcome
    }

    /// Streams `data`, a whole binary `COPY`, with `copy` on the copier's
    /// thread, and returns at once: the command goes on (recording the
    /// batch's events, taking the next rows) while the server stores the
    /// rows. The next statement waits for it, and fails if it failed (see
    /// [`Self::client`]); COMMIT waits for it first, so a `COPY` that
    /// failed is never mistaken for a COMMIT that may have happened.
    fn copy_apart(&mut self, copy: String, data: Vec<u8>) -> Result<(), Error> {
        self.settle()?;
        if self.copier.is_none() {
            self.copier = Some(Copier::start()?);
        }
        let Conn::Here(client) = std::mem::replace(&mut self.conn, Conn::Lost) else {
            return Err(connection_lost());
        };
        let copier = self.copier.as_ref().ok_or_else(connection_lost)?;
        match copier.jobs.send((client, copy, data)) {
            Ok(()) => {
                self.conn = Conn::Copying;
                Ok(())
            }
            Err(mpsc::SendError((client, _, _))) => {
                self.conn = Conn::Here(client);
                Err(connection_lost())
            }
        }
    }
}

/// A batch of new items holds a name or code that is taken, stored or
/// twice in the batch: the caller creates them one at a time to find which.
fn batch_taken(owner: &OwnerRef) -> Error {
    Error::Conflict(format!("a name is taken for owner {:?}", owner.name))
}

/// Sends `data` as the rows of `copy`, a part at a time so that the server
/// starts storing them before the last has arrived, and waits for the
/// server to take them all.
fn stream_copy(client: &mut Client, copy: &str, data: &[u8]) -> Result<(), Error> {
    /// How much of the data goes in one message.
    const PART: usize = 64 * 1024;
    let mut writer = client.copy_in(copy)?;
    for part in data.chunks(PART) {
        writer.write_all(part).map_err(|err| {
            errors::of_copy_io(err)
                .unwrap_or_else(|err| Error::Database(format!("sending a COPY failed: {err}")))
        })?;
    }
    writer.finish()?;
    Ok(())
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.resolved {
            Ok((target, schema)) => f
                .debug_struct("Server")
                .field("url", &target.redacted())
                .field("schema", &schema.as_str())
                .finish_non_exhaustive(),
            Err(err) => f
                .debug_struct("Server")
                .field("error", err)
                .finish_non_exhaustive(),
        }
    }
}

impl Server {
    /// A server at `url` (libpq's URI syntax, completed from the `PG*`
    /// environment), with CountIQ's tables in `schema`. Nothing is
    /// connected yet.
    #[must_use]
    pub fn new(url: &str, schema: &str, busy_timeout: Duration) -> Self {
        let resolved = Target::resolve(url, &|name| std::env::var(name).ok())
            .and_then(|target| Ok((target, SchemaName::parse(schema)?)));
        Self {
            resolved,
            busy_timeout,
            lock_wait: Cell::new(Duration::ZERO),
            session: RefCell::new(None),
        }
    }

    /// Where the server is and which schema: a bad URL or schema name
    /// is a usage error.
    fn resolved(&self) -> Result<(&Target, &SchemaName), Error> {
        match &self.resolved {
            Ok((target, schema)) => Ok((target, schema)),
            Err(err) => Err(Error::Usage(err.to_string())),
        }
    }

    /// The target, once resolved.
    pub fn target(&self) -> Result<&Target, Error> {
        Ok(self.resolved()?.0)
    }

    /// The schema CountIQ's tables are in.
    pub fn schema(&self) -> Result<&SchemaName, Error> {
        Ok(self.resolved()?.1)
    }

    /// The connection, made on first use.
    fn session(&self) -> Result<RefMut<'_, Session>, Error> {
        let mut slot = self.session.borrow_mut();
        if slot.is_none() {
            let connected = self.target()?.connect()?;
            *slot = Some(Session {
                conn: Conn::Here(Box::new(connected.client)),
                copier: None,
                tls: connected.tls,
            });
        }
        Ok(RefMut::map(slot, |s| s.as_mut().expect("connected above")))
    }

    /// `countiq admin migrate`: creates the schema or brings it to this
    /// binary's version, in one transaction under the migration lock.
    /// Returns the versions before and after.
    pub fn migrate(&self) -> Result<(i32, i32), Error> {
        let schema = self.schema()?;
        let mut session = self.session()?;
        let client = session.client()?;
        client.batch_execute("BEGIN")?;
        let result = schema::migrate(client, schema);
        match result {
            Ok(versions) => {
                commit(client)?;
                Ok(versions)
            }
            Err(err) => {
                rollback(client);
                Err(err)
            }
        }
    }
}

impl Storage for Server {
    /// Reads are REPEATABLE READ, READ ONLY: one snapshot for the whole
    /// command. Writes are READ COMMITTED and take the owner's lock before
    /// reading anything of the owner (see [`PgTxn::lock_owner`]).
    fn txn(&self, access: Access) -> Result<Box<dyn StorageTxn + '_>, Error> {
        let schema = self.schema()?;
        let mut session = self.session()?;
        session.client()?.batch_execute(match access {
            Access::Read | Access::Peek => "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
            Access::Change | Access::Create | Access::CreateForAll => {
                "BEGIN ISOLATION LEVEL READ COMMITTED"
            }
        })?;
        let mut txn = PgTxn {
            session,
            server: self,
            schema,
            open: true,
            locking: if access.writes() {
                Locking::PerOwner
            } else {
                Locking::None
            },
            locked: Vec::new(),
            enforced: false,
            allowed: Vec::new(),
            events: Vec::new(),
            run: None,
            ended: None,
            op_owners: HashMap::new(),
            loading: None,
        };
        if access.writes() {
            // A row or table lock held by someone else (another program
            // on the same database) is waited for no longer than CountIQ's
            // own locks are; past it the command is busy, nothing changed.
            let millis = self.busy_timeout.as_millis().max(1).to_string();
            txn.execute(&sql::LOCK_TIMEOUT, &[&millis])?;
        }
        match schema::state(txn.session.client()?, schema)? {
            State::Usable { enforced, .. } => txn.enforced = enforced,
            State::Absent if access.creates() => {
                schema::migrate(txn.session.client()?, schema)?;
            }
            // Nothing to read or change; the transaction is rolled back.
            State::Absent => return Ok(Box::new(Absent)),
        }
        if access == Access::CreateForAll {
            let key = schema.writers_lock();
            txn.acquire(&sql::TRY_EVERY_OWNER, &[(&sql::WAIT_EXCLUSIVE, key)])?;
            txn.locking = Locking::EveryOwner;
        }
        Ok(Box::new(txn))
    }

    /// A deadlock or serialization failure the server settles by aborting
    /// one transaction: the command may run again within the busy timeout.
    fn retry_within(&self) -> Duration {
        self.busy_timeout
    }

    fn lock_wait(&self) -> Duration {
        self.lock_wait.get()
    }

    /// In enforced mode, the login role.
    fn default_owner(&self) -> Result<Option<String>, Error> {
        let schema = self.schema()?;
        let role = self.target()?.user().to_owned();
        let mut session = self.session()?;
        Ok(enforce::is_enforced(session.client()?, schema)?.then_some(role))
    }

    /// The ledger's actor is the database role the command logs in as.
    fn actor(&self) -> Option<String> {
        self.target().ok().map(|t| t.user().to_owned())
    }
}

/// COMMIT on `client`. A connection lost while COMMIT was under way leaves
/// it unknown whether the server committed: that is exit 11.
fn commit(client: &mut Client) -> Result<(), Error> {
    client.batch_execute("COMMIT").map_err(|err| {
        if err.as_db_error().is_none() && (err.is_closed() || errors::is_io(&err)) {
            Error::Uncertain(format!(
                "the connection to the database server broke during COMMIT ({err}): the change may have been saved; with an --idempotency-key, retrying with the same key prints the saved result; without one, check with `countiq history` before retrying"
            ))
        } else {
            err.into()
        }
    })
}

/// ROLLBACK on `client`; a connection that cannot is closed, which rolls
/// back as well.
fn rollback(client: &mut Client) {
    if let Err(err) = client.batch_execute("ROLLBACK") {
        tracing::debug!(%err, "rollback failed; the server rolls back when the connection closes");
    }
}

/// One command's transaction. Dropping it before [`StorageTxn::commit`]
/// rolls back.
pub struct PgTxn<'a> {
    session: RefMut<'a, Session>,
    server: &'a Server,
    schema: &'a SchemaName,
    /// True until COMMIT or ROLLBACK has run.
    open: bool,
    /// Which locks this transaction takes.
    locking: Locking,
    /// The owners (name keys) whose locks this transaction holds.
    locked: Vec<String>,
    /// Owners are enforced as roles: each owner is checked against the
    /// login role's memberships before anything of it is read.
    enforced: bool,
    /// The owners this login role was found to act for.
    allowed: Vec<String>,
    /// Events not yet written: streamed together with `COPY` before
    /// anything reads the ledger, and before COMMIT.
    events: Vec<EventRow>,
    /// Items created one after another whose creation is not written yet:
    /// one row of `created_runs` once the run ends, or an ordinary event
    /// when it holds one item.
    run: Option<CreatedRun>,
    /// A run that ended and is not written yet (see [`Self::end_run`]).
    ended: Option<CreatedRun>,
    /// The owner of each operation this transaction appended.
    op_owners: HashMap<i64, i64>,
    /// Rows a copy loaded that are not written yet (its events wait in
    /// `events`).
    loading: Option<load::Batch>,
}

impl Drop for PgTxn<'_> {
    fn drop(&mut self) {
        if self.open {
            // A COPY still streaming is waited for; its failure changes
            // nothing here, where everything is rolled back.
            if let Err(err) = self.session.settle() {
                tracing::debug!(%err, "a COPY failed before the rollback");
            }
            if let Conn::Here(client) = &mut self.session.conn {
                rollback(client);
            }
        }
    }
}

/// How many events `history` reads at a time.
const HISTORY_PAGE: u64 = 1024;

/// Events read oldest first, with the runs (read with their states, in
/// the same order) among them expanded.
fn in_order(events: &[postgres::Row], runs: &[postgres::Row]) -> Result<Vec<Event>, Error> {
    let mut events = events.iter();
    let mut states = HashMap::new();
    let runs = runs
        .iter()
        .map(|row| {
            let (run, text) = sql::run(row)?;
            states.insert((run.op, run.first_seq), text.unwrap_or_default());
            Ok(run)
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let mut all = Vec::new();
    runs::merge(
        false,
        None,
        runs,
        &mut || events.next().map(sql::event).transpose(),
        runs::position,
        &mut |run| run.events(&states.remove(&(run.op, run.first_seq)).unwrap_or_default()),
        &mut |e| {
            all.push(e);
            Ok(())
        },
    )?;
    Ok(all)
}

/// The locks a transaction takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locking {
    /// None: a read.
    None,
    /// Each owner's, when the owner is first looked up.
    PerOwner,
    /// The writers' lock, exclusively, when the transaction begins: every
    /// owner is this transaction's alone.
    EveryOwner,
}

/// How many items an import creates at once.
const IMPORT_BATCH: usize = 4096;

/// From how many items a batch is streamed with `COPY` rather than bound
/// as arrays.
const COPIED_FROM: usize = 256;

/// The most events held back before they are written.
const EVENT_BATCH: usize = 4096;

/// The most rows of a copy held back before they are written.
const LOAD_BATCH: usize = 4096;

/// How often a lock wait looks for SIGINT and SIGTERM.
const SIGNAL_POLL: Duration = Duration::from_millis(10);

/// Watches for SIGINT and SIGTERM while `waiting`, and when one arrives
/// asks the server to cancel the statement running on `token`'s
/// connection. Best effort: if the request fails, the wait ends with the
/// lock or with the busy timeout, and then the command stops.
fn cancel_on_signal(target: &Target, token: &postgres::CancelToken, waiting: &AtomicBool) {
    while waiting.load(AtomicOrdering::SeqCst) {
        if crate::signals::pending().is_some() {
            if let Err(err) = target.cancel(token) {
                tracing::debug!(%err, "cannot ask the server to cancel a lock wait");
            }
            return;
        }
        std::thread::park_timeout(SIGNAL_POLL);
    }
}

impl PgTxn<'_> {
    /// `sql`'s text for this schema, with each parameter paired with its
    /// type.
    fn typed<'p>(
        &self,
        sql: &Sql,
        params: &[&'p (dyn ToSql + Sync)],
    ) -> (String, Vec<(&'p (dyn ToSql + Sync), Type)>) {
        debug_assert_eq!(params.len(), sql.types.len(), "{}", sql.text);
        let typed = params
            .iter()
            .copied()
            .zip(sql.types.iter().cloned())
            .collect();
        (self.schema.sql(sql.text), typed)
    }

    fn query(
        &mut self,
        sql: &Sql,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, Error> {
        let (text, typed) = self.typed(sql, params);
        Ok(self.session.client()?.query_typed(&text, &typed)?)
    }

    fn query_opt(
        &mut self,
        sql: &Sql,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<postgres::Row>, Error> {
        let (text, typed) = self.typed(sql, params);
        Ok(self.session.client()?.query_typed_opt(&text, &typed)?)
    }

    fn execute(&mut self, sql: &Sql, params: &[&(dyn ToSql + Sync)]) -> Result<u64, Error> {
        self.execute_mapped(sql, params, Error::from)
    }

    /// [`Self::execute`], with the server's refusal translated by
    /// `refused` (which may read the constraint it names).
    fn execute_mapped(
        &mut self,
        sql: &Sql,
        params: &[&(dyn ToSql + Sync)],
        refused: impl FnOnce(postgres::Error) -> Error,
    ) -> Result<u64, Error> {
        let (text, typed) = self.typed(sql, params);
        self.session
            .client()?
            .execute_typed(&text, &typed)
            .map_err(refused)
    }

    /// Streams the rows of `sql` to `each` as they arrive: memory does not
    /// grow with the number of rows.
    fn stream<T>(
        &mut self,
        sql: &Sql,
        params: &[&(dyn ToSql + Sync)],
        row: fn(&postgres::Row) -> Result<T, Error>,
        each: &mut dyn FnMut(T) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let (text, typed) = self.typed(sql, params);
        let mut rows = self.session.client()?.query_typed_raw(&text, typed)?;
        while let Some(r) = rows.next()? {
            each(row(&r)?)?;
        }
        Ok(())
    }

    /// Takes the advisory locks `waits` names, in that order. First all at
    /// once with `attempt` (their `pg_try_` forms, in one statement that
    /// answers true when it got them all): one round trip when nobody
    /// holds them. Else it waits for each in the server's queue, first
    /// come, first served, so that a writer is never passed over by later
    /// ones, for no longer than what is left of the busy timeout in all.
    /// A signal cancels the wait.
    fn acquire(&mut self, attempt: &Sql, waits: &[(&Sql, i64)]) -> Result<(), Error> {
        let started = Instant::now();
        let outcome = self.take_locks(attempt, waits, started);
        let lock_wait = &self.server.lock_wait;
        lock_wait.set(lock_wait.get() + started.elapsed());
        outcome
    }

    /// [`Self::acquire`]'s work, its wait counted from `started`.
    fn take_locks(
        &mut self,
        attempt: &Sql,
        waits: &[(&Sql, i64)],
        started: Instant,
    ) -> Result<(), Error> {
        let keys: Vec<&(dyn ToSql + Sync)> = waits
            .iter()
            .map(|(_, key)| key as &(dyn ToSql + Sync))
            .collect();
        let got: bool = self.query(attempt, &keys)?[0].try_get(0)?;
        if got {
            return Ok(());
        }
        // The try may have taken the first lock and not the second: taking
        // it again is at once, and the server releases both at the end.
        for (wait, key) in waits {
            crate::signals::check()?;
            let left = self.server.busy_timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(errors::busy());
            }
            // Past it the server ends the wait with LOCK_NOT_AVAILABLE:
            // busy, nothing changed.
            let millis = left.as_millis().max(1).to_string();
            self.execute(&sql::LOCK_TIMEOUT, &[&millis])?;
            self.wait_for(wait, *key)?;
        }
        Ok(())
    }

    /// Runs `wait`, a statement that waits for the lock `key`, while a
    /// watcher asks the server to cancel it if SIGINT or SIGTERM arrives;
    /// then the command stops, whether or not the lock came first.
    fn wait_for(&mut self, wait: &Sql, key: i64) -> Result<(), Error> {
        let target = self.server.target()?;
        let token = self.session.client()?.cancel_token();
        let waiting = AtomicBool::new(true);
        let outcome = std::thread::scope(|scope| {
            let watcher = scope.spawn(|| cancel_on_signal(target, &token, &waiting));
            let outcome = self.execute(wait, &[&key]);
            waiting.store(false, AtomicOrdering::SeqCst);
            watcher.thread().unpark();
            outcome
        });
        // After a cancel was sent, only the rollback follows.
        crate::signals::check()?;
        outcome.map(drop)
    }

    /// Takes `owner`'s lock in a write transaction, once: the writers' lock
    /// shared, then the owner's own. Every writer takes them in that order,
    /// and an import of every owner takes the writers' lock exclusively
    /// before any, so no two writers can wait for each other.
    fn lock_owner(&mut self, owner: &OwnerName) -> Result<(), Error> {
        if self.locking != Locking::PerOwner || self.locked.iter().any(|k| k == owner.key()) {
            return Ok(());
        }
        let writers = self.schema.writers_lock();
        let own = self.schema.owner_lock(owner.key());
        self.acquire(
            &sql::TRY_OWNER,
            &[
                (&sql::WAIT_WRITERS_SHARED, writers),
                (&sql::WAIT_EXCLUSIVE, own),
            ],
        )?;
        self.locked.push(owner.key().to_owned());
        Ok(())
    }

    /// In enforced mode, refuses an owner the login role is not a member
    /// of: exit 10, saying nothing of the owner but the name given. The
    /// policies would hide it anyway; this says so instead of printing an
    /// empty result.
    fn check_role(&mut self, owner: &OwnerName) -> Result<(), Error> {
        if !self.enforced || self.allowed.iter().any(|a| a == owner.as_str()) {
            return Ok(());
        }
        let name = owner.as_str();
        let member: bool = self.query(&sql::ACTS_FOR, &[&name])?[0].try_get(0)?;
        if !member {
            let role = self.server.target()?.user();
            return Err(Error::Denied(format!(
                "role {role:?} may not act for owner {name:?}: owners are database roles here, and a role acts for itself and the groups it is a member of"
            )));
        }
        self.allowed.push(name.to_owned());
        Ok(())
    }

    /// The owner of operation `op`, which this transaction appended.
    fn owner_of(&self, op: i64) -> Result<i64, Error> {
        self.op_owners.get(&op).copied().ok_or_else(|| {
            Error::Internal(anyhow::anyhow!(
                "an event of operation {op} that this transaction did not append"
            ))
        })
    }

    /// Ends the creation run held back, if any: an ordinary event for a
    /// run of one item; otherwise one row of `created_runs`, written by
    /// [`Self::write_ended`] when the connection is next needed anyway
    /// (the `COPY` of the run's last items may still be streaming).
    fn end_run(&mut self) -> Result<(), Error> {
        let Some(run) = self.run.take() else {
            return Ok(());
        };
        if let Some(event) = run.alone() {
            let owner_id = self.owner_of(run.op)?;
            return self.hold_event(EventRow::new(owner_id, &event));
        }
        self.write_ended()?;
        self.ended = Some(run);
        Ok(())
    }

    /// Writes the run that ended, if it is not written yet.
    fn write_ended(&mut self) -> Result<(), Error> {
        let Some(run) = self.ended.take() else {
            return Ok(());
        };
        let owner_id = self.owner_of(run.op)?;
        let at = run.at.as_millis();
        let kind = run.kind.as_str();
        let states = run.states()?;
        self.execute(
            &sql::INSERT_RUN,
            &[
                &owner_id,
                &run.op,
                &run.first_seq,
                &run.first_id,
                &run.last_id,
                &at,
                &kind,
                &states,
            ],
        )?;
        Ok(())
    }

    /// Writes the runs held back, then the events held back.
    fn flush_events(&mut self) -> Result<(), Error> {
        self.end_run()?;
        self.write_ended()?;
        self.write_events()
    }

    /// Writes everything held back and waits for a `COPY` still streaming:
    /// what COMMIT, and a dry run's ROLLBACK, come after. If any of it
    /// fails, the command failed, nothing was committed, and dropping the
    /// transaction rolls back; once it succeeds, the caller ends it.
    fn wrap_up(&mut self) -> Result<&mut Client, Error> {
        self.flush_load()?;
        self.flush_events()?;
        self.session.settle()?;
        self.open = false;
        self.session.client()
    }

    /// Holds back one more event, writing those held once they are many.
    fn hold_event(&mut self, event: EventRow) -> Result<(), Error> {
        self.events.push(event);
        if self.events.len() >= EVENT_BATCH {
            self.write_events()?;
        }
        Ok(())
    }

    /// Streams the events held back into the ledger with one `COPY`.
    fn write_events(&mut self) -> Result<(), Error> {
        if self.events.is_empty() {
            return Ok(());
        }
        let events = std::mem::take(&mut self.events);
        if self.enforced {
            return self.insert_events(&events);
        }
        let copy = self.schema.sql(sql::COPY_EVENTS);
        let sink = self.session.client()?.copy_in(&copy)?;
        let mut writer = BinaryCopyInWriter::new(sink, &EventRow::TYPES);
        for event in &events {
            event.write(&mut writer)?;
        }
        writer.finish()?;
        Ok(())
    }

    /// Appends events with one INSERT of bound arrays, where row-level
    /// security refuses `COPY`.
    fn insert_events(&mut self, events: &[EventRow]) -> Result<(), Error> {
        fn column<T: Clone>(events: &[EventRow], field: impl Fn(&EventRow) -> T) -> Vec<T> {
            events.iter().map(field).collect()
        }
        let owner_id = column(events, |e| e.owner_id);
        let op_id = column(events, |e| e.op_id);
        let seq = column(events, |e| e.seq);
        let at = column(events, |e| e.at);
        let item_id = column(events, |e| e.item_id);
        let kind = column(events, |e| e.kind);
        let name_before = column(events, |e| e.name_before.clone());
        let name_after = column(events, |e| e.name_after.clone());
        let key_before = column(events, |e| e.key_before.clone());
        let key_after = column(events, |e| e.key_after.clone());
        let qty_before = column(events, |e| e.qty_before);
        let qty_after = column(events, |e| e.qty_after);
        let unit_before = column(events, |e| e.unit_before.clone());
        let unit_after = column(events, |e| e.unit_after.clone());
        let min_before = column(events, |e| e.min_before);
        let min_after = column(events, |e| e.min_after);
        let created_at = column(events, |e| e.created_at);
        let location_before = column(events, |e| e.location_before.clone());
        let location_after = column(events, |e| e.location_after.clone());
        let tags_before = column(events, |e| e.tags_before.clone());
        let tags_after = column(events, |e| e.tags_after.clone());
        let code_before = column(events, |e| e.code_before.clone());
        let code_after = column(events, |e| e.code_after.clone());
        let note_before = column(events, |e| e.note_before.clone());
        let note_after = column(events, |e| e.note_after.clone());
        self.execute(
            &sql::INSERT_EVENTS,
            &[
                &owner_id,
                &op_id,
                &seq,
                &at,
                &item_id,
                &kind,
                &name_before,
                &name_after,
                &key_before,
                &key_after,
                &qty_before,
                &qty_after,
                &unit_before,
                &unit_after,
                &min_before,
                &min_after,
                &created_at,
                &location_before,
                &location_after,
                &tags_before,
                &tags_after,
                &code_before,
                &code_after,
                &note_before,
                &note_after,
            ],
        )?;
        Ok(())
    }

    /// Writes the rows a copy holds back, with `COPY`, or with bound
    /// arrays where row-level security refuses `COPY`.
    fn flush_load(&mut self) -> Result<(), Error> {
        let Some(batch) = self.loading.take() else {
            return Ok(());
        };
        if self.enforced {
            self.execute(&batch.table().insert, &batch.arrays())?;
            return Ok(());
        }
        let copy = self.schema.sql(batch.table().copy);
        let sink = self.session.client()?.copy_in(&copy)?;
        let mut writer = BinaryCopyInWriter::new(sink, &batch.copy_types());
        for index in 0..batch.len() {
            writer.write(&batch.row(index))?;
        }
        writer.finish()?;
        Ok(())
    }

    /// A large batch of items as the rows of one `COPY` straight into the
    /// table (see [`Session::copy_apart`]), written before their ids are
    /// known: the places of the ids come with it.
    fn item_rows(owner: &OwnerRef, new: &[NewItem<'_>]) -> (copy_in::BinaryRows, Vec<usize>) {
        /// The columns of `sql::COPY_ITEMS`.
        const COLUMNS: i16 = 13;
        let mut rows = copy_in::BinaryRows::new(COLUMNS, new.len() * 128);
        let mut ids = Vec::with_capacity(new.len());
        for n in new {
            let at = n.now.as_millis();
            rows.row();
            ids.push(rows.int8_later());
            rows.int8(Some(owner.id));
            rows.text(Some(n.name.as_str()));
            rows.text(Some(n.name.key()));
            rows.int8(Some(n.quantity.get() as i64));
            rows.int8(Some(at));
            rows.int8(Some(at));
            rows.text(n.unit.map(Unit::as_str));
            rows.int8(n.min.map(|m| m.get() as i64));
            rows.text(n.location.map(Location::as_str));
            rows.text(Some(&n.tags.joined()));
            rows.text(n.code.map(Code::as_str));
            rows.text(n.note.map(Note::as_str));
        }
        (rows, ids)
    }

    /// Creates a large batch of items with one `COPY` straight into the
    /// table, once a probe found none of their `keys` and `codes` taken;
    /// the ids it took for them.
    fn copy_new_items(
        &mut self,
        owner: &OwnerRef,
        new: &[NewItem<'_>],
        keys: &[&str],
        codes: &[&str],
    ) -> Result<Vec<i64>, Error> {
        // The rows are written first, while the batch before may still
        // be streaming; the ids the probe takes go in after.
        let (mut rows, id_places) = Self::item_rows(owner, new);
        self.write_ended()?;
        // The probe and the ids in one round trip.
        let table = self.schema.sql("{schema}.items");
        let count = i32::try_from(new.len()).map_err(|_| {
            Error::Internal(anyhow::anyhow!(
                "a batch of {} items is too large",
                new.len()
            ))
        })?;
        let row = &self.query(
            &sql::TAKEN_OF_AND_IDS,
            &[&owner.id, &keys, &codes, &table, &count],
        )?[0];
        if row.try_get::<_, i64>(0)? > 0 {
            return Err(batch_taken(owner));
        }
        let ids: Vec<i64> = row.try_get(1)?;
        if ids.len() == new.len() {
            for (place, id) in id_places.into_iter().zip(&ids) {
                rows.set_int8(place, *id);
            }
            let copy = self.schema.sql(sql::COPY_ITEMS);
            self.session.copy_apart(copy, rows.finish())?;
        }
        Ok(ids)
    }

    /// The conflict for a name or code another item of the owner already
    /// holds, worded like the domain's, naming the holder. `id` is the item
    /// being written, when it has one.
    fn unique_conflict(
        &mut self,
        owner: &OwnerRef,
        key: &str,
        code: Option<&Code>,
        id: Option<i64>,
    ) -> Error {
        match self.find_item(owner, key) {
            Ok(Some(holder)) if Some(holder.id) != id => {
                return crate::domain::name_taken(&owner.name, &holder.name);
            }
            Ok(_) => {}
            Err(err) => return err,
        }
        if let Some(code) = code {
            match self.item_by_code(owner, code) {
                Ok(Some(holder)) if Some(holder.id) != id => {
                    return crate::domain::code_taken(&owner.name, code, &holder.name);
                }
                Ok(_) => {}
                Err(err) => return err,
            }
        }
        crate::domain::name_taken(&owner.name, key)
    }

    /// Maps a UNIQUE violation of an item's name or code to the domain's
    /// conflict. Unreachable while the owner's lock is held and the service
    /// checked first, but the schema is the final authority.
    fn unique_error(err: postgres::Error, owner: &OwnerRef, key: &str, item: &Item) -> Error {
        if errors::violates(&err, errors::ITEM_NAME_UNIQUE) {
            crate::domain::name_taken(&owner.name, key)
        } else if let Some(code) = &item.code
            && errors::violates(&err, errors::ITEM_CODE_UNIQUE)
        {
            crate::domain::code_taken(&owner.name, code, "another item")
        } else {
            err.into()
        }
    }
}

/// One event to append, as its row's values.
struct EventRow {
    owner_id: i64,
    op_id: i64,
    seq: i64,
    at: i64,
    item_id: i64,
    kind: &'static str,
    name_before: Option<String>,
    name_after: Option<String>,
    key_before: Option<String>,
    key_after: Option<String>,
    qty_before: Option<i64>,
    qty_after: Option<i64>,
    unit_before: Option<String>,
    unit_after: Option<String>,
    min_before: Option<i64>,
    min_after: Option<i64>,
    created_at: i64,
    location_before: Option<String>,
    location_after: Option<String>,
    tags_before: Option<String>,
    tags_after: Option<String>,
    code_before: Option<String>,
    code_after: Option<String>,
    note_before: Option<String>,
    note_after: Option<String>,
}

impl EventRow {
    fn new(owner_id: i64, event: &NewEvent<'_>) -> Self {
        let change = event.change;
        let (item, before, after) = (change.subject(), change.before(), change.after());
        let unit =
            |i: Option<&Item>| i.and_then(|i| i.unit.as_ref().map(|u| u.as_str().to_owned()));
        let min = |i: Option<&Item>| i.and_then(|i| i.min.map(|m| m.get() as i64));
        let location =
            |i: Option<&Item>| i.and_then(|i| i.location.as_ref().map(|l| l.as_str().to_owned()));
        let tags = |i: Option<&Item>| i.map(|i| i.tags.joined());
        let code =
            |i: Option<&Item>| i.and_then(|i| i.code.as_ref().map(|c| c.as_str().to_owned()));
        let note =
            |i: Option<&Item>| i.and_then(|i| i.note.as_ref().map(|n| n.as_str().to_owned()));
        Self {
            owner_id,
            op_id: event.op,
            seq: event.seq,
            at: event.at.as_millis(),
            item_id: item.id,
            kind: event.kind.as_str(),
            name_before: before.map(|i| i.name.clone()),
            name_after: after.map(|i| i.name.clone()),
            key_before: before.map(|i| ItemName::key_of_normalised(&i.name)),
            key_after: after.map(|i| ItemName::key_of_normalised(&i.name)),
            qty_before: before.map(|i| i.quantity.get() as i64),
            qty_after: after.map(|i| i.quantity.get() as i64),
            unit_before: unit(before),
            unit_after: unit(after),
            min_before: min(before),
            min_after: min(after),
            created_at: item.created_at.as_millis(),
            location_before: location(before),
            location_after: location(after),
            tags_before: tags(before),
            tags_after: tags(after),
            code_before: code(before),
            code_after: code(after),
            note_before: note(before),
            note_after: note(after),
        }
    }

    /// The column types of [`sql::COPY_EVENTS`], in order.
    const TYPES: [Type; 25] = [
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
    ];

    fn write(&self, writer: &mut BinaryCopyInWriter<'_>) -> Result<(), postgres::Error> {
        writer.write(&[
            &self.owner_id,
            &self.op_id,
            &self.seq,
            &self.at,
            &self.item_id,
            &self.kind,
            &self.name_before,
            &self.name_after,
            &self.key_before,
            &self.key_after,
            &self.qty_before,
            &self.qty_after,
            &self.unit_before,
            &self.unit_after,
            &self.min_before,
            &self.min_after,
            &self.created_at,
            &self.location_before,
            &self.location_after,
            &self.tags_before,
            &self.tags_after,
            &self.code_before,
            &self.code_after,
            &self.note_before,
            &self.note_after,
        ])
    }
}

fn operation(row: &postgres::Row) -> Result<Operation, Error> {
    Ok(Operation {
        id: row.try_get(0)?,
        command: row.try_get(1)?,
        undone_by: row.try_get(2)?,
    })
}

impl StorageTxn for PgTxn<'_> {
    fn exists(&self) -> bool {
        true
    }

    fn owner(&mut self, owner: &OwnerName) -> Result<Option<OwnerRef>, Error> {
        self.check_role(owner)?;
        self.lock_owner(owner)?;
        let key = owner.key();
        self.query_opt(&sql::OWNER, &[&key])?
            .map(|row| {
                Ok(OwnerRef {
                    id: row.try_get(0)?,
                    name: row.try_get(1)?,
                })
            })
            .transpose()
    }

    fn ensure_owner(&mut self, owner: &OwnerName) -> Result<OwnerRef, Error> {
        if let Some(found) = self.owner(owner)? {
            return Ok(found);
        }
        let (name, key) = (owner.as_str(), owner.key());
        let row = self
            .query(&sql::INSERT_OWNER, &[&name, &key])?
            .into_iter()
            .next()
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("creating an owner returned no id")))?;
        Ok(OwnerRef {
            id: row.try_get(0)?,
            name: name.to_owned(),
        })
    }

    fn find_item(&mut self, owner: &OwnerRef, key: &str) -> Result<Option<Item>, Error> {
        self.query_opt(&sql::FIND_ITEM, &[&owner.id, &key])?
            .as_ref()
            .map(sql::item)
            .transpose()
    }

    fn item_by_id(&mut self, owner: &OwnerRef, id: i64) -> Result<Option<Item>, Error> {
        self.query_opt(&sql::ITEM_BY_ID, &[&owner.id, &id])?
            .as_ref()
            .map(sql::item)
            .transpose()
    }

    fn item_by_code(&mut self, owner: &OwnerRef, code: &Code) -> Result<Option<Item>, Error> {
        self.query_opt(&sql::ITEM_BY_CODE, &[&owner.id, &code.as_str()])?
            .as_ref()
            .map(sql::item)
            .transpose()
    }

    fn insert_item(&mut self, owner: &OwnerRef, new: &NewItem<'_>) -> Result<Item, Error> {
        let (name, key) = (new.name.as_str(), new.name.key());
        let quantity = new.quantity.get() as i64;
        let now = new.now.as_millis();
        let unit = new.unit.map(Unit::as_str);
        let min = new.min.map(|m| m.get() as i64);
        let location = new.location.map(Location::as_str);
        let tags = new.tags.joined();
        let code = new.code.map(Code::as_str);
        let note = new.note.map(Note::as_str);
        let inserted = self.query_opt(
            &sql::INSERT_ITEM,
            &[
                &owner.id, &name, &key, &quantity, &now, &unit, &min, &location, &tags, &code,
                &note,
            ],
        )?;
        let Some(row) = inserted else {
            return Err(self.unique_conflict(owner, key, new.code, None));
        };
        Ok(new.created(row.try_get(0)?, owner))
    }

    /// One statement for the whole batch. A taken name, stored or twice in
    /// the batch, is found first, so the transaction stays usable for the
    /// caller to find which.
    fn insert_items(&mut self, owner: &OwnerRef, new: &[NewItem<'_>]) -> Result<Vec<Item>, Error> {
        let keys: Vec<&str> = new.iter().map(|n| n.name.key()).collect();
        let mut distinct = keys.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() != keys.len() {
            return Err(batch_taken(owner));
        }
        // Probes of the owner's name index: a taken name is found before
        // anything is written, so the transaction stays usable.
        let codes: Vec<&str> = new
            .iter()
            .filter_map(|n| n.code.map(Code::as_str))
            .collect();
        let mut distinct_codes = codes.clone();
        distinct_codes.sort_unstable();
        distinct_codes.dedup();
        if distinct_codes.len() != codes.len() {
            return Err(batch_taken(owner));
        }
        // Row-level security refuses COPY: an enforced schema binds arrays.
        let copied = new.len() >= COPIED_FROM && !self.enforced;
        let ids = if copied {
            self.copy_new_items(owner, new, &keys, &codes)?
        } else {
            let taken: i64 =
                self.query(&sql::TAKEN_OF, &[&owner.id, &keys, &codes])?[0].try_get(0)?;
            if taken > 0 {
                return Err(batch_taken(owner));
            }
            let names: Vec<&str> = new.iter().map(|n| n.name.as_str()).collect();
            let quantities: Vec<i64> = new.iter().map(|n| n.quantity.get() as i64).collect();
            let at: Vec<i64> = new.iter().map(|n| n.now.as_millis()).collect();
            let units: Vec<Option<&str>> = new.iter().map(|n| n.unit.map(Unit::as_str)).collect();
            let mins: Vec<Option<i64>> =
                new.iter().map(|n| n.min.map(|m| m.get() as i64)).collect();
            let locations: Vec<Option<&str>> = new
                .iter()
                .map(|n| n.location.map(Location::as_str))
                .collect();
            let tags: Vec<String> = new.iter().map(|n| n.tags.joined()).collect();
            let codes: Vec<Option<&str>> = new.iter().map(|n| n.code.map(Code::as_str)).collect();
            let notes: Vec<Option<&str>> = new.iter().map(|n| n.note.map(Note::as_str)).collect();
            self.query(
                &sql::INSERT_ITEMS,
                &[
                    &owner.id,
                    &names,
                    &keys,
                    &quantities,
                    &at,
                    &units,
                    &mins,
                    &locations,
                    &tags,
                    &codes,
                    &notes,
                ],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<Vec<i64>, _>>()?
        };
        if ids.len() != new.len() {
            return Err(Error::Internal(anyhow::anyhow!(
                "created {} of {} items",
                ids.len(),
                new.len()
            )));
        }
        Ok(ids
            .into_iter()
            .zip(new)
            .map(|(id, n)| n.created(id, owner))
            .collect())
    }

    /// Large batches: each costs a few round trips to the server,
    /// whatever its size.
    fn batch_size(&self) -> usize {
        IMPORT_BATCH
    }

    fn restore_item(&mut self, owner: &OwnerRef, item: &Item) -> Result<Item, Error> {
        let key = ItemName::key_of_normalised(&item.name);
        let quantity = item.quantity.get() as i64;
        let unit = item.unit.as_ref().map(Unit::as_str);
        let min = item.min.map(|m| m.get() as i64);
        let (created, updated) = (item.created_at.as_millis(), item.updated_at.as_millis());
        let location = item.location.as_ref().map(Location::as_str);
        let tags = item.tags.joined();
        let code = item.code.as_ref().map(Code::as_str);
        let note = item.note.as_ref().map(Note::as_str);
        self.execute_mapped(
            &sql::RESTORE_ITEM,
            &[
                &item.id, &owner.id, &item.name, &key, &quantity, &created, &updated, &unit, &min,
                &location, &tags, &code, &note,
            ],
            |e| Self::unique_error(e, owner, &key, item),
        )?;
        self.item_by_id(owner, item.id)?
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("restored item {} is missing", item.id)))
    }

    fn update_item(&mut self, owner: &OwnerRef, item: &Item) -> Result<Item, Error> {
        let key = ItemName::key_of_normalised(&item.name);
        let quantity = item.quantity.get() as i64;
        let unit = item.unit.as_ref().map(Unit::as_str);
        let min = item.min.map(|m| m.get() as i64);
        let updated = item.updated_at.as_millis();
        let location = item.location.as_ref().map(Location::as_str);
        let tags = item.tags.joined();
        let code = item.code.as_ref().map(Code::as_str);
        let note = item.note.as_ref().map(Note::as_str);
        self.execute_mapped(
            &sql::UPDATE_ITEM,
            &[
                &owner.id, &item.id, &item.name, &key, &quantity, &unit, &min, &updated, &location,
                &tags, &code, &note,
            ],
            |e| Self::unique_error(e, owner, &key, item),
        )?;
        self.item_by_id(owner, item.id)?
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("updated item {} is missing", item.id)))
    }

    fn delete_item(&mut self, owner: &OwnerRef, id: i64) -> Result<(), Error> {
        self.execute(&sql::DELETE_ITEM, &[&owner.id, &id])?;
        Ok(())
    }

    fn items(
        &mut self,
        owner: &OwnerRef,
        query: &ListQuery,
        each: &mut dyn FnMut(Item) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut filter = DetailFilter::new(query, each);
        let limit = Some(filter.sql_limit()).filter(|&n| n >= 0);
        let quantity = |q: Option<Quantity>| q.map(|q| q.get() as i64);
        let (qty_min, qty_max) = (quantity(query.qty_min), quantity(query.qty_max));
        let updated_since = query.updated_since.map(Timestamp::as_millis);
        let whole = query.needle.is_none()
            && limit.is_none()
            && !query.low_only
            && qty_min.is_none()
            && qty_max.is_none()
            && updated_since.is_none();
        if whole {
            // Every item of the owner (but what the details filter): one
            // binary COPY.
            self.query(&sql::SET_LIST_OWNER, &[&owner.id.to_string()])?;
            let copy = self.schema.sql(sql::list_copy(query.sort, query.reverse));
            let reader = self.session.client()?.copy_out(&copy)?;
            return copy_out::items(reader, &owner.name, &mut |item| filter.offer(item));
        }
        self.stream(
            &sql::list(query.sort, query.reverse),
            &[
                &owner.id,
                &query.needle,
                &limit,
                &query.low_only,
                &qty_min,
                &qty_max,
                &updated_since,
            ],
            sql::item,
            &mut |item| filter.offer(item),
        )
    }

    fn item_names(
        &mut self,
        owner: &OwnerRef,
        prefix: &str,
        each: &mut dyn FnMut(String) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.stream(&sql::ITEM_NAMES, &[&owner.id, &prefix], sql::name, each)
    }

    fn items_of_all_owners(
        &mut self,
        each: &mut dyn FnMut(Item) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.stream(&sql::ALL_ITEMS, &[], sql::item, each)
    }

    fn owners(
        &mut self,
        each: &mut dyn FnMut(OwnerItems) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.stream(&sql::OWNERS, &[], sql::owner_items, each)
    }

    fn insert_operation(&mut self, op: &NewOperation<'_>) -> Result<i64, Error> {
        let at = op.at.as_millis();
        let row = self
            .query(
                &sql::INSERT_OPERATION,
                &[
                    &op.owner_id,
                    &op.command,
                    &op.reason,
                    &at,
                    &op.actor,
                    &op.undoes,
                ],
            )?
            .into_iter()
            .next()
            .ok_or_else(|| {
                Error::Internal(anyhow::anyhow!("appending an operation returned no id"))
            })?;
        let id = row.try_get(0)?;
        self.op_owners.insert(id, op.owner_id);
        Ok(id)
    }

    fn insert_event(&mut self, event: &NewEvent<'_>) -> Result<(), Error> {
        if let Some(run) = &mut self.run
            && run.extend(event)?
        {
            return Ok(());
        }
        self.end_run()?;
        self.run = CreatedRun::start(event)?;
        if self.run.is_some() {
            return Ok(());
        }
        let owner_id = self.owner_of(event.op)?;
        self.hold_event(EventRow::new(owner_id, event))
    }

    fn history(
        &mut self,
        owner: &OwnerRef,
        filter: &HistoryFilter,
        each: &mut dyn FnMut(Event) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.flush_events()?;
        let since = filter.since.map(Timestamp::as_millis);
        // The kinds' stored names; all kinds when none.
        let kinds = (!filter.kinds.is_empty())
            .then(|| filter.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>());
        let ids: Option<Vec<i64>> = match &filter.key {
            Some(key) => Some(
                self.query(&sql::IDS_EVER_CALLED, &[&owner.id, key])?
                    .iter()
                    .map(|r| r.try_get(0))
                    .collect::<Result<_, _>>()?,
            ),
            None => None,
        };
        let runs: Vec<StoredRun> = self
            .query(
                &sql::HISTORY_RUNS,
                &[&owner.id, &filter.item_id, &since, &kinds],
            )?
            .iter()
            .map(|r| sql::run(r).map(|(run, _)| run))
            .filter(|run| {
                run.as_ref().map_or(true, |run| {
                    ids.as_ref()
                        .is_none_or(|ids| ids.iter().any(|&id| run.holds(id)))
                })
            })
            .collect::<Result<_, _>>()?;
        let keep = |e: &Event| {
            filter.item_id.is_none_or(|id| e.item_id == id)
                && ids.as_ref().is_none_or(|ids| ids.contains(&e.item_id))
        };
        // The events are read a page at a time, each page after the last
        // event read, so that a run's states can be read between pages.
        let this = RefCell::new(self);
        let mut page: std::collections::VecDeque<Event> = std::collections::VecDeque::new();
        let mut after: Option<(i64, i64)> = None;
        let mut exhausted = false;
        let mut left = filter.limit;
        runs::merge(
            true,
            filter.limit,
            runs,
            &mut || {
                if page.is_empty() && !exhausted {
                    let size = left.map_or(HISTORY_PAGE, |n| n.clamp(1, HISTORY_PAGE));
                    let size = i64::try_from(size).unwrap_or(i64::MAX);
                    let (op, seq) = (after.map(|a| a.0), after.map(|a| a.1));
                    let rows = this.borrow_mut().query(
                        &sql::HISTORY,
                        &[
                            &owner.id,
                            &ids,
                            &filter.item_id,
                            &since,
                            &size,
                            &kinds,
                            &op,
                            &seq,
                        ],
                    )?;
                    exhausted = i64::try_from(rows.len()).unwrap_or(i64::MAX) < size;
                    for row in &rows {
                        page.push_back(sql::event(row)?);
                    }
                }
                let next = page.pop_front();
                if let Some(e) = &next {
                    after = Some(runs::position(e));
                    left = left.map(|n| n.saturating_sub(1));
                }
                Ok(next)
            },
            runs::position,
            &mut |run| {
                let states: String = this
                    .borrow_mut()
                    .query(&sql::RUN_STATES, &[&run.owner_id, &run.op, &run.first_seq])?
                    .first()
                    .ok_or_else(|| Error::Internal(anyhow::anyhow!("a creation run vanished")))?
                    .try_get(0)?;
                let mut events = run.events(&states)?;
                events.retain(|e| keep(e));
                events.reverse();
                Ok(events)
            },
            each,
        )
    }

    fn replay_events(
        &mut self,
        owner: Option<&OwnerRef>,
        until: Option<Timestamp>,
    ) -> Result<Vec<Event>, Error> {
        self.flush_events()?;
        let owner = owner.map(|o| o.id);
        let until = until.map(Timestamp::as_millis);
        let events = self.query(&sql::REPLAY, &[&owner, &until])?;
        let runs = self.query(&sql::RUNS_IN_ORDER, &[&owner, &until, &None::<i64>])?;
        in_order(&events, &runs)
    }

    fn events_of(&mut self, op: i64) -> Result<Vec<Event>, Error> {
        self.flush_events()?;
        let events = self.query(&sql::EVENTS_OF, &[&op])?;
        let runs = self.query(
            &sql::RUNS_IN_ORDER,
            &[&None::<i64>, &None::<i64>, &Some(op)],
        )?;
        in_order(&events, &runs)
    }

    fn operation(&mut self, owner: &OwnerRef, id: i64) -> Result<Option<Operation>, Error> {
        self.flush_events()?;
        self.query_opt(&sql::OPERATION, &[&owner.id, &id])?
            .as_ref()
            .map(operation)
            .transpose()
    }

    fn last_undoable(&mut self, owner: &OwnerRef) -> Result<Option<Operation>, Error> {
        self.flush_events()?;
        self.query_opt(&sql::LAST_UNDOABLE, &[&owner.id])?
            .as_ref()
            .map(operation)
            .transpose()
    }

    fn find_key(
        &mut self,
        owner: &OwnerRef,
        key: &IdempotencyKey,
    ) -> Result<Option<StoredKey>, Error> {
        let key = key.as_str();
        self.query_opt(&sql::FIND_KEY, &[&owner.id, &key])?
            .map(|row| {
                Ok(StoredKey {
                    fingerprint: row.try_get(0)?,
                    result: row.try_get(1)?,
                })
            })
            .transpose()
    }

    fn insert_key(
        &mut self,
        owner: &OwnerRef,
        key: &IdempotencyKey,
        record: &StoredKey,
        at: Timestamp,
    ) -> Result<(), Error> {
        let key = key.as_str();
        let at = at.as_millis();
        self.execute(
            &sql::INSERT_KEY,
            &[&owner.id, &key, &record.fingerprint, &record.result, &at],
        )?;
        Ok(())
    }

    /// In enforced mode, only a role that bypasses row-level security.
    fn sees_every_owner(&mut self) -> Result<bool, Error> {
        if !self.enforced {
            return Ok(true);
        }
        let bypasses: Option<bool> = self
            .query_opt(&sql::BYPASSES_RLS, &[])?
            .map(|row| row.try_get(0))
            .transpose()?;
        Ok(bypasses == Some(true))
    }

    fn is_empty(&mut self) -> Result<bool, Error> {
        Ok(self.query(&sql::IS_EMPTY, &[])?[0].try_get(0)?)
    }

    fn records(&mut self, each: &mut dyn FnMut(Record) -> Result<(), Error>) -> Result<(), Error> {
        self.flush_load()?;
        self.flush_events()?;
        self.stream(&sql::OWNER_RECORDS, &[], sql::owner_record, each)?;
        self.stream(&sql::ITEM_RECORDS, &[], sql::item_record, each)?;
        self.stream(&sql::OPERATION_RECORDS, &[], sql::operation_record, each)?;
        self.stream(&sql::EVENT_RECORDS, &[], sql::event_record, each)?;
        // The creation runs' events, after the others: a copy writes each
        // event as a row of its own, in any order.
        let none = None::<i64>;
        self.stream(
            &sql::RUNS_IN_ORDER,
            &[&none, &none, &none],
            sql::run,
            &mut |(run, states)| {
                for event in run.events(&states.unwrap_or_default())? {
                    each(Record::Event(Box::new(runs::record(run.owner_id, event))))?;
                }
                Ok(())
            },
        )?;
        self.stream(&sql::KEY_RECORDS, &[], sql::key_record, each)
    }

    /// Rows of one table are held back and written together; a row of
    /// another table first writes what is held, so that every row is
    /// written after those it refers to. Events join the ones a command
    /// appends, and are written the same way.
    fn load(&mut self, record: Record) -> Result<(), Error> {
        use load::Value::{Int, Text};
        let quantity = |q: Option<crate::domain::Quantity>| q.map(|q| q.get() as i64);
        let unit = |u: Option<Unit>| u.map(|u| u.as_str().to_owned());
        let (table, row) = match record {
            Record::Event(e) => {
                self.flush_load()?;
                self.hold_event(EventRow {
                    owner_id: e.owner_id,
                    op_id: e.op,
                    seq: e.seq,
                    at: e.at.as_millis(),
                    item_id: e.item_id,
                    kind: e.kind.as_str(),
                    name_before: e.name_before,
                    name_after: e.name_after,
                    key_before: e.key_before,
                    key_after: e.key_after,
                    qty_before: quantity(e.qty_before),
                    qty_after: quantity(e.qty_after),
                    unit_before: unit(e.unit_before),
                    unit_after: unit(e.unit_after),
                    min_before: quantity(e.min_before),
                    min_after: quantity(e.min_after),
                    created_at: e.created_at.as_millis(),
                    location_before: e.location_before.map(|l| l.as_str().to_owned()),
                    location_after: e.location_after.map(|l| l.as_str().to_owned()),
                    tags_before: e.tags_before.map(|t| t.joined()),
                    tags_after: e.tags_after.map(|t| t.joined()),
                    code_before: e.code_before.map(|c| c.as_str().to_owned()),
                    code_after: e.code_after.map(|c| c.as_str().to_owned()),
                    note_before: e.note_before.map(|n| n.as_str().to_owned()),
                    note_after: e.note_after.map(|n| n.as_str().to_owned()),
                })?;
                return Ok(());
            }
            Record::Owner(o) => (
                &sql::LOAD_OWNERS,
                vec![Int(Some(o.id)), Text(Some(o.name)), Text(Some(o.key))],
            ),
            Record::Item(i) => (
                &sql::LOAD_ITEMS,
                vec![
                    Int(Some(i.owner_id)),
                    Int(Some(i.id)),
                    Text(Some(i.name)),
                    Text(Some(i.key)),
                    Int(quantity(Some(i.quantity))),
                    Text(unit(i.unit)),
                    Int(quantity(i.min)),
                    Int(Some(i.created_at.as_millis())),
                    Int(Some(i.updated_at.as_millis())),
                    Text(i.location.map(|l| l.as_str().to_owned())),
                    Text(Some(i.tags.joined())),
                    Text(i.code.map(|c| c.as_str().to_owned())),
                    Text(i.note.map(|n| n.as_str().to_owned())),
                ],
            ),
            Record::Operation(o) => (
                &sql::LOAD_OPERATIONS,
                vec![
                    Int(Some(o.owner_id)),
                    Int(Some(o.id)),
                    Text(Some(o.command)),
                    Text(o.reason),
                    Int(Some(o.at.as_millis())),
                    Text(Some(o.actor)),
                    Int(o.undoes),
                ],
            ),
            Record::Key(k) => (
                &sql::LOAD_KEYS,
                vec![
                    Int(Some(k.owner_id)),
                    Text(Some(k.key)),
                    Text(Some(k.stored.fingerprint)),
                    Text(Some(k.stored.result)),
                    Int(Some(k.at.as_millis())),
                ],
            ),
        };
        self.flush_events()?;
        if self
            .loading
            .as_ref()
            .is_some_and(|batch| !std::ptr::eq(batch.table(), table))
        {
            self.flush_load()?;
        }
        let batch = self.loading.get_or_insert_with(|| load::Batch::new(table));
        batch.push(row)?;
        if batch.len() >= LOAD_BATCH {
            self.flush_load()?;
        }
        Ok(())
    }

    fn finish_load(&mut self) -> Result<(), Error> {
        self.flush_load()?;
        self.flush_events()?;
        let owners = self.schema.sql("{schema}.owners");
        self.query(&sql::MOVE_OWNER_IDS, &[&owners])?;
        let items = self.schema.sql("{schema}.items");
        self.query(&sql::MOVE_ITEM_IDS, &[&items])?;
        let operations = self.schema.sql("{schema}.operations");
        self.query(&sql::MOVE_OPERATION_IDS, &[&operations])?;
        Ok(())
    }

    fn commit(mut self: Box<Self>) -> Result<(), Error> {
        commit(self.wrap_up()?)
    }

    fn rollback(mut self: Box<Self>) -> Result<(), Error> {
        rollback(self.wrap_up()?);
        Ok(())
    }
}
