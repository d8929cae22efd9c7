//! Model-based and property tests of the service, in process.
//!
//! `keys` runs keyed retries through the real binary against a model of
//! idempotency keys. `state_machine` runs random sequences of commands against both the real
//! service and a small reference model written here in plain Rust
//! (`model`), and checks after every step that they agree. `properties`
//! holds the property tests: name normalisation, and arbitrary input to
//! import, apply and the binary.
//!
//! Every test that touches a database runs once per backend, as
//! `TEST::sqlite` and `TEST::postgres`: on a SQLite file in a temporary
//! directory, and in a schema of its own on the PostgreSQL server that
//! `COUNTIQ_TEST_POSTGRES` names (a `postgres://` URL of a non-superuser
//! role that may create schemas), dropped when the test case ends. Without
//! that variable the PostgreSQL tests say why once and do nothing; under
//! `COUNTIQ_REQUIRE_POSTGRES=1` they fail instead.
//!
//! Case counts are modest so that `cargo test` stays fast; CI sets
//! `COUNTIQ_LONG_TESTS=1` to run many more.

/// Makes each named test, a function of the [`Backend`], a module of two
/// `#[test]`s: `NAME::sqlite` and `NAME::postgres`.
macro_rules! on_each_backend {
    ($($test:ident),+ $(,)?) => {
        $(
            mod $test {
                #[test]
                fn sqlite() {
                    crate::Backend::Sqlite.run(super::$test);
                }

                #[test]
                fn postgres() {
                    crate::Backend::Postgres.run(super::$test);
                }
            }
        )+
    };
}

mod keys;
mod model;
mod properties;
mod state_machine;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write as _;
use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use countiq::db::postgres::Server;
use countiq::db::{Storage, Store};
use countiq::domain::{Event, Item, ListQuery, OwnerName};
use countiq::service::{self, Ctx, History, Mode};
use postgres::{IsolationLevel, NoTls};
use proptest::test_runner::Config;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

/// `short` test cases normally, `long` when `COUNTIQ_LONG_TESTS` is set
/// to anything but empty or `0`.
fn cases(short: u32, long: u32) -> u32 {
    match std::env::var("COUNTIQ_LONG_TESTS") {
        Ok(value) if !value.is_empty() && value != "0" => long,
        _ => short,
    }
}

/// The variable that names the PostgreSQL server the tests may use.
const POSTGRES_URL: &str = "COUNTIQ_TEST_POSTGRES";

/// The database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    /// A SQLite file, the embedded default.
    Sqlite,
    /// A PostgreSQL server, the one `COUNTIQ_TEST_POSTGRES` names.
    Postgres,
}

impl Backend {
    /// Runs `test` on this backend, or, where the backend is not available
    /// here, nothing.
    fn run(self, test: fn(Self)) {
        let available = match self {
            Self::Sqlite => true,
            Self::Postgres => postgres_url().is_some(),
        };
        if available {
            test(self);
        }
    }

    /// The configuration of a property test of `short` cases, or `long`
    /// under `COUNTIQ_LONG_TESTS`. PostgreSQL runs a quarter of either:
    /// every command there is several round trips to a server (the whole
    /// long run took 38 minutes there on a loaded 2-core machine).
    fn config(self, short: u32, long: u32) -> Config {
        let (short, long) = match self {
            Self::Sqlite => (short, long),
            Self::Postgres => (short.div_ceil(4), long.div_ceil(4)),
        };
        Config {
            cases: cases(short, long),
            ..Config::default()
        }
    }
}

/// The test server's URL, if one is configured. Says once why the
/// PostgreSQL tests do nothing when it is not, straight to stderr, past
/// the test harness's capture, so that a plain `cargo test` shows it; under
/// `COUNTIQ_REQUIRE_POSTGRES=1` a missing server fails the test.
fn postgres_url() -> Option<String> {
    static SAID: Once = Once::new();
    match std::env::var(POSTGRES_URL) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("COUNTIQ_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "COUNTIQ_REQUIRE_POSTGRES=1 but {POSTGRES_URL} is not set"
            );
            SAID.call_once(|| {
                writeln!(
                    std::io::stderr(),
                    "model tests: skipping the PostgreSQL variants: {POSTGRES_URL} is not set (a postgres:// URL of a non-superuser role that may create schemas)"
                )
                .expect("writing to stderr");
            });
            None
        }
    }
}

/// The owners whose history a snapshot reads. Tests that create other
/// owners still see their items through `current_items` and the raw rows.
const KNOWN_OWNERS: [&str; 3] = ["alice", "bob", "carol"];

/// One test case's database, and a temporary directory that is the
/// binary's home.
struct World {
    db: Db,
    dir: TempDir,
}

/// A world's database.
enum Db {
    /// A file in the world's directory.
    Sqlite(Store),
    /// A schema of the world's own on the test server. The server comes
    /// first: it is dropped, closing its connection, before the schema.
    Postgres {
        server: Box<Server>,
        schema: Box<Schema>,
    },
}

/// Everything a later command could tell about the database.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    /// Every item of every owner, by id.
    items: BTreeMap<i64, Item>,
    /// The history of the known owners, oldest first.
    events: Vec<Event>,
    /// The database read past the service; `None` when there is none.
    raw: Option<Raw>,
}

/// A database's contents as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Raw {
    /// Every row of every table, as text.
    rows: Vec<String>,
    /// Where each id counter stands (SQLite's `sqlite_sequence`): the ids
    /// the next new rows get. Empty on PostgreSQL, whose sequences a
    /// rolled-back transaction may still have moved.
    counters: Vec<String>,
}

impl Snapshot {
    /// Asserts that `after` shows nothing changed since `self`. A command
    /// that fails on a missing database may leave an empty one behind:
    /// that is invisible to every later command, so the rows are only
    /// compared when there was a database before.
    #[track_caller]
    fn assert_unchanged(&self, after: &Self, what: &dyn std::fmt::Display) {
        assert_eq!(after.items, self.items, "{what}: the items changed");
        assert_eq!(after.events, self.events, "{what}: the history changed");
        if let Some(raw) = &self.raw {
            let after = after
                .raw
                .as_ref()
                .unwrap_or_else(|| panic!("{what}: the database vanished"));
            assert_eq!(after.rows, raw.rows, "{what}: the database's rows changed");
            assert_eq!(
                after.counters, raw.counters,
                "{what}: the id counters moved, so the next new row gets another id"
            );
        }
    }
}

impl World {
    /// A world with no database yet, on `backend`.
    fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let timeout = Duration::from_secs(5);
        let db = match backend {
            Backend::Sqlite => Db::Sqlite(Store::new(dir.path().join("inventory.db"), timeout)),
            Backend::Postgres => {
                let url = postgres_url().expect("the PostgreSQL tests run only with a server");
                let schema = Box::new(Schema::new(url));
                Db::Postgres {
                    server: Box::new(Server::new(&schema.url, &schema.name, timeout)),
                    schema,
                }
            }
        };
        Self { db, dir }
    }

    /// The temporary directory.
    fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database as the service sees it.
    fn storage(&self) -> &dyn Storage {
        match &self.db {
            Db::Sqlite(store) => store,
            Db::Postgres { server, .. } => &**server,
        }
    }

    /// The environment that points the binary at this world's database.
    fn db_env(&self) -> Vec<(&'static str, OsString)> {
        match &self.db {
            Db::Sqlite(store) => vec![("COUNTIQ_DB", store.path().into())],
            Db::Postgres { schema, .. } => vec![
                ("COUNTIQ_DB", schema.url.clone().into()),
                ("COUNTIQ_PG_SCHEMA", schema.name.clone().into()),
            ],
        }
    }

    fn ctx<'a>(&'a self, owner: &'a OwnerName) -> Ctx<'a> {
        Ctx::new(self.storage(), owner, "tester", Mode::Commit)
    }

    /// The owner's items as `list` prints them.
    fn items_of(&self, owner: &OwnerName) -> Vec<Item> {
        let mut items = Vec::new();
        service::list(&self.ctx(owner), &ListQuery::default(), |item| {
            items.push(item);
            Ok(())
        })
        .expect("list");
        items
    }

    /// The known owners' events, oldest first.
    fn events(&self) -> Vec<Event> {
        let mut events = Vec::new();
        for owner in KNOWN_OWNERS {
            let owner = OwnerName::parse(owner).expect("owner");
            service::history(&self.ctx(&owner), &History::default(), |event| {
                events.push(event);
                Ok(())
            })
            .expect("history");
        }
        events.sort_by_key(|e| (e.op, e.seq));
        events
    }

    /// Every item of every owner in the items table, by id.
    fn current_items(&self) -> BTreeMap<i64, Item> {
        service::current_items(self.storage()).expect("current items")
    }

    /// The database, read past the service.
    fn raw(&self) -> Option<Raw> {
        match &self.db {
            Db::Sqlite(store) => sqlite_raw(store.path()),
            Db::Postgres { schema, .. } => schema.raw(),
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            items: self.current_items(),
            events: self.events(),
            raw: self.raw(),
        }
    }

    /// The ledger is the source of truth: replaying it gives the items table.
    fn assert_ledger_replays(&self) {
        assert_eq!(
            service::replay_all(self.storage()).expect("replay"),
            self.current_items(),
            "the ledger does not replay to the items table"
        );
    }
}

/// The SQLite file at `path`, read with a plain read-only connection;
/// `None` when there is no file.
fn sqlite_raw(path: &Path) -> Option<Raw> {
    if !path.exists() {
        return None;
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("read-only connection");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    let mut rows = Vec::new();
    let mut counters = Vec::new();
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{table}\"")))
            .expect("select");
        let width = statement.column_count();
        let table_rows = statement
            .query_map([], |row| {
                (0..width)
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .expect("rows");
        let text = table_rows.iter().map(|row| format!("{table}: {row:?}"));
        if table == "sqlite_sequence" {
            counters.extend(text);
        } else {
            rows.extend(text);
        }
    }
    Some(Raw { rows, counters })
}

/// A uniquely named PostgreSQL schema for one world, with a connection of
/// the test's own that reads its rows past the service and, when this is
/// dropped, drops the schema and everything in it.
struct Schema {
    url: String,
    name: String,
    client: RefCell<postgres::Client>,
}

impl Schema {
    /// A new schema name on the server at `url`; CountIQ creates the
    /// schema itself on the first write, as it would on a fresh server.
    fn new(url: String) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("the clock is past 1970")
            .subsec_nanos();
        let name = format!(
            "t_model_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        // Without TLS, which a test server on this machine does not need;
        // the service and the binary connect as the URL says.
        let client = postgres::Client::connect(&url, NoTls)
            .unwrap_or_else(|err| panic!("cannot connect to {POSTGRES_URL}: {err}"));
        Self {
            url,
            name,
            client: RefCell::new(client),
        }
    }

    /// `name` quoted as an SQL identifier.
    fn quoted(name: &str) -> String {
        format!("\"{}\"", name.replace('"', "\"\""))
    }

    /// Every row of every table in the schema, as PostgreSQL writes the
    /// row as text, and every sequence's last value, read in one snapshot;
    /// `None` when there is no schema yet.
    fn raw(&self) -> Option<Raw> {
        let mut client = self.client.borrow_mut();
        let mut txn = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .expect("a read-only transaction");
        let exists: bool = txn
            .query_one(
                "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)",
                &[&self.name],
            )
            .expect("schema lookup")
            .get(0);
        if !exists {
            return None;
        }
        let tables: Vec<String> = txn
            .query(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = $1 ORDER BY tablename",
                &[&self.name],
            )
            .expect("tables")
            .iter()
            .map(|row| row.get(0))
            .collect();
        let mut rows = Vec::new();
        for table in tables {
            let select = format!(
                "SELECT t::text FROM {}.{} AS t ORDER BY 1",
                Self::quoted(&self.name),
                Self::quoted(&table)
            );
            let table_rows = txn.query(&select, &[]).expect("rows");
            rows.extend(
                table_rows
                    .iter()
                    .map(|row| format!("{table}: {}", row.get::<_, String>(0))),
            );
        }
        // No counters: PostgreSQL's sequences are not transactional, by
        // design, so a command that fails may leave a gap in the ids (ids
        // are still never reused). SQLite's sqlite_sequence rolls back, and
        // is compared there.
        let counters = Vec::new();
        txn.commit().expect("commit a read");
        Some(Raw { rows, counters })
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let dropped = self.client.get_mut().batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {} CASCADE",
            Self::quoted(&self.name)
        ));
        if let Err(err) = dropped {
            // A second panic while a failed test unwinds would abort the
            // run and hide the first.
            if std::thread::panicking() {
                eprintln!("cannot drop test schema {}: {err}", self.name);
            } else {
                panic!("cannot drop test schema {}: {err}", self.name);
            }
        }
    }
}
