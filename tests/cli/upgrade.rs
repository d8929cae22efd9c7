//! Databases made by earlier releases open, upgrade and keep every item.

use std::fs;
use std::path::Path;

use rusqlite::Connection;
use serde_json::{Value, json};

use crate::util::Env;

/// A database made by the release with schema version 1 (no ledger): alice
/// has milk, Oat Milk (renamed) and bread, bob has milk and café; item 4
/// was added and removed.
const V1_FIXTURE: &str = "tests/fixtures/v1.db";

fn copy_fixture(env: &Env) {
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(V1_FIXTURE),
        env.db(),
    )
    .unwrap();
}

fn summary(items: &Value) -> Vec<(i64, String, u64)> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_i64().unwrap(),
                i["name"].as_str().unwrap().to_owned(),
                i["quantity"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_schema_1_database_upgrades_and_keeps_every_item_of_every_owner_sqlite_only() {
    let env = Env::sqlite();
    copy_fixture(&env);
    let alice = env.items_of("alice");
    assert_eq!(
        summary(&alice),
        [
            (3, "bread".to_owned(), 1),
            (1, "milk".to_owned(), 2),
            (2, "Oat Milk".to_owned(), 6)
        ]
    );
    assert_eq!(
        summary(&env.items_of("bob")),
        [(6, "café".to_owned(), 0), (5, "milk".to_owned(), 1)]
    );
    // Timestamps survive, and the new fields start empty.
    assert_eq!(alice[2]["created_at"], "2026-11-25T18:05:08.527Z");
    assert_eq!(alice[2]["updated_at"], "2026-11-25T18:05:08.540Z");
    assert_eq!(
        (&alice[0]["unit"], &alice[0]["min"]),
        (&Value::Null, &Value::Null)
    );
    let conn = Connection::open(env.db()).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, countiq::db::LATEST_VERSION);
}

#[test]
fn the_upgrade_moves_every_event_into_the_table_keyed_by_operation_and_position_sqlite_only() {
    let env = Env::sqlite();
    copy_fixture(&env);
    // Version 2 made the baseline events; version 4 rebuilt their table.
    let history = env.json(&["history"]);
    let events: Vec<(i64, i64, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["op"].as_i64().unwrap(),
                e["seq"].as_i64().unwrap(),
                e["name_after"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [(1, 3, "bread"), (1, 2, "Oat Milk"), (1, 1, "milk")]
    );
    let conn = Connection::open(env.db()).unwrap();
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'events'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.ends_with("STRICT, WITHOUT ROWID"), "{sql}");
    let indexes: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(indexes, ["events_by_item"]);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn upgraded_items_have_a_baseline_in_the_ledger_and_keep_working_sqlite_only() {
    let env = Env::sqlite();
    copy_fixture(&env);
    let history = env.json(&["history"]);
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["baseline", "baseline", "baseline"]);
    // The baseline is not undoable, so undo has nothing to do.
    env.run(&["undo"]).code(3);
    // Ids continue after the highest ever used (4 was removed before).
    let added = env.add("eggs", 12);
    assert_eq!(added["id"], 7);
    env.ok(&["adjust", "milk", "-2"]);
    env.ok(&["rename", "Oat Milk", "oat milk"]);
    // The ledger rebuilds exactly the items table, for every owner.
    env.assert_consistent();
}

#[test]
fn a_newer_database_is_still_refused_after_the_upgrade_exists_sqlite_only() {
    let env = Env::sqlite();
    copy_fixture(&env);
    env.ok(&["list"]);
    let conn = Connection::open(env.db()).unwrap();
    conn.pragma_update(None, "user_version", countiq::db::LATEST_VERSION + 1)
        .unwrap();
    drop(conn);
    let before = fs::read(env.db()).unwrap();
    env.run(&["list"]).code(7);
    env.run(&["adjust", "milk", "+1"]).code(7);
    assert!(fs::read(env.db()).unwrap() == before);
}

/// The fixtures made by the releases with schema versions 2, 3 and 4
/// (`tests/fixtures/make-fixture.sh`, the same history on each; version 3
/// and later also used an idempotency key).
const RELEASES: [u32; 3] = [2, 3, 4];

fn copy_release_fixture(env: &Env, version: u32) {
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}.db")),
        env.db(),
    )
    .unwrap();
}

#[test]
fn every_earlier_schema_upgrades_with_its_items_and_ledger_intact_sqlite_only() {
    for version in RELEASES {
        let env = Env::sqlite();
        copy_release_fixture(&env, version);
        let milk_quantity = if version >= 3 { 8 } else { 6 };
        let items = env.items();
        assert_eq!(
            summary(&items),
            [
                (3, "#12".to_owned(), 1),
                (4, "=x".to_owned(), 5),
                (1, "milk".to_owned(), milk_quantity),
                (5, "oat milk".to_owned(), 3),
            ],
            "version {version}"
        );
        let milk = &items[2];
        assert_eq!(
            (
                &milk["unit"],
                &milk["min"],
                &milk["location"],
                &milk["tags"]
            ),
            (&json!("L"), &json!(2), &json!(null), &json!([])),
            "version {version}"
        );
        assert_eq!((&milk["code"], &milk["note"]), (&json!(null), &json!(null)));
        // The ledger reads back whole, the new fields empty.
        let history = env.json(&["history"]);
        let kinds: Vec<&str> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        let mut expected = vec![
            "remove", "rename", "edit", "count", "set", "adjust", "add", "add", "add", "add", "add",
        ];
        if version >= 3 {
            expected.insert(0, "adjust");
        }
        assert_eq!(kinds, expected, "version {version}");
        let removal = &history[usize::from(version >= 3)];
        assert_eq!(
            (&removal["tags_before"], &removal["tags_after"]),
            (&json!([]), &json!(null)),
            "version {version}"
        );
        let conn = Connection::open(env.db()).unwrap();
        let schema: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(schema, countiq::db::LATEST_VERSION);
        env.assert_consistent();
    }
}

#[test]
fn names_stored_before_references_are_reached_with_a_backslash_sqlite_only() {
    for version in RELEASES {
        let env = Env::sqlite();
        copy_release_fixture(&env, version);
        // `#12` is now the item with id 12, and there is none.
        env.run(&["adjust", "#12", "+1"]).code(3);
        env.run(&["show", "=x"]).code(3);
        assert_eq!(env.json(&["adjust", "\\#12", "+1"])["quantity"], 2);
        assert_eq!(env.json(&["show", "\\=x"])["item"]["id"], 4);
        // And by id, now that ids name items.
        assert_eq!(env.json(&["show", "#3"])["item"]["name"], "#12");
        env.ok(&["rename", "\\=x", "x"]);
        env.assert_consistent();
    }
}

#[test]
fn upgraded_databases_undo_old_operations_and_take_the_new_fields_sqlite_only() {
    for version in RELEASES {
        let env = Env::sqlite();
        copy_release_fixture(&env, version);
        let retry = [
            "adjust",
            "milk",
            "+2",
            "--idempotency-key",
            "fixture-delivery-1",
        ];
        if version == 3 {
            // That release fingerprinted requests in a form no longer
            // computed: the retry is refused rather than guessed at.
            let before = env.state();
            let run = env.run(&retry).code(4);
            assert!(run.stderr.contains("older countiq"), "{run}");
            assert_eq!(env.state(), before);
        }
        if version >= 4 {
            // The key recorded before the upgrade still replays.
            let run = env.run(&retry).success();
            assert!(run.stderr.contains("replayed"), "version {version}: {run}");
        }
        if version >= 3 {
            env.ok(&["undo"]);
        }
        // Undo the removal of bread, made before the upgrade.
        env.ok(&["undo"]);
        let bread = env.json(&["show", "bread"]);
        assert_eq!(
            (&bread["item"]["quantity"], &bread["item"]["unit"]),
            (&json!(2), &json!("loaves")),
            "version {version}"
        );
        env.ok(&["edit", "bread", "--code", "B-1", "--note", "rye"]);
        env.ok(&["tag", "=B-1", "bakery"]);
        env.ok(&["move", "bread", "pantry/top"]);
        env.ok(&["undo"]);
        env.ok(&["move", "bread", "pantry"]);
        let bread = env.json(&["show", "=B-1"])["item"].clone();
        assert_eq!(
            (&bread["location"], &bread["tags"], &bread["note"]),
            (&json!("pantry"), &json!(["bakery"]), &json!("rye"))
        );
        env.assert_consistent();
    }
}
