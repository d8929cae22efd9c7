//! Model-based and property tests of the service, in process.
//!
//! `keys` runs keyed retries through the real binary against a model of
//! idempotency keys. `state_machine` runs random sequences of commands against both the real
//! service and a small reference model written here in plain Rust
//! (`model`), and checks after every step that they agree. `properties`
//! holds the property tests: name normalisation, and arbitrary input to
//! import, apply and the binary.
//!
//! Case counts are modest so that `cargo test` stays fast; CI sets
//! `COUNTIQ_LONG_TESTS=1` to run many more.

mod keys;
mod model;
mod properties;
mod state_machine;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use countiq::db::Store;
use countiq::domain::{Event, Item, ListQuery, OwnerName};
use countiq::service::{self, Ctx, History, Mode};
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

/// The owners whose history a snapshot reads. Tests that create other
/// owners still see their items through `current_items` and the raw rows.
const KNOWN_OWNERS: [&str; 3] = ["alice", "bob", "carol"];

/// A temporary directory holding one test case's database.
struct World {
    dir: TempDir,
    store: Store,
}

/// Everything a later command could tell about the database.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    /// Every item of every owner, by id.
    items: BTreeMap<i64, Item>,
    /// The history of the known owners, oldest first.
    events: Vec<Event>,
    /// Every row of every table, as text; `None` when there is no file.
    rows: Option<Vec<String>>,
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
        if self.rows.is_some() {
            assert_eq!(after.rows, self.rows, "{what}: the database's rows changed");
        }
    }
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let store = Store::new(dir.path().join("inventory.db"), Duration::from_secs(5));
        Self { dir, store }
    }

    /// The temporary directory.
    fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database file.
    fn path(&self) -> &Path {
        self.store.path()
    }

    fn ctx<'a>(&'a self, owner: &'a OwnerName) -> Ctx<'a> {
        Ctx::new(&self.store, owner, "tester", Mode::Commit)
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

    /// Every row of every table, read with a plain read-only connection.
    fn rows(&self) -> Option<Vec<String>> {
        if !self.path().exists() {
            return None;
        }
        let conn = Connection::open_with_flags(self.path(), OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("read-only connection");
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("tables");
        tables.sort();
        let mut rows = Vec::new();
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
            rows.extend(table_rows.iter().map(|row| format!("{table}: {row:?}")));
        }
        Some(rows)
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            items: service::current_items(&self.store).expect("current items"),
            events: self.events(),
            rows: self.rows(),
        }
    }

    /// The ledger is the source of truth: replaying it gives the items table.
    fn assert_ledger_replays(&self) {
        assert_eq!(
            service::replay_all(&self.store).expect("replay"),
            service::current_items(&self.store).expect("current items"),
            "the ledger does not replay to the items table"
        );
    }
}
