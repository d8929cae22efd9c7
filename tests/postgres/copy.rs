//! `copy` between SQLite and PostgreSQL, and `backup` of a server: every
//! copy answers every question as the original does, because it holds the
//! same rows with the same ids and times.

use std::path::Path;

use serde_json::{Value, json};

use crate::harness::{Run, World};

/// `countiq --db DB ARGS` in `world`, whose schema any PostgreSQL end uses.
fn on(world: &World, db: &str, args: &[&str]) -> Run {
    let mut all = vec!["--db", db];
    all.extend_from_slice(args);
    world.run(&all)
}

/// `countiq --db DB --json ARGS`, which must exit 0, parsed.
fn json_on(world: &World, db: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    on(world, db, &all).code(0).json()
}

/// A path as the command line takes it.
fn text(path: &Path) -> String {
    path.to_str().expect("UTF-8 temporary path").to_owned()
}

/// A SQLite database in `dir` with a history of every kind for alice, and
/// a little for bob: adds, an import, renames, removes, adjusts, a set, a
/// count, an edit, an undo, idempotency keys. The item with the highest
/// id is removed for good.
fn original(world: &World, dir: &Path) -> String {
    let db = text(&dir.join("original.db"));
    let import = dir.join("delivery.ndjson");
    std::fs::write(
        &import,
        "{\"name\":\"flour\",\"quantity\":3,\"unit\":\"kg\"}\n{\"name\":\"salt\"}\n{\"name\":\"sugar\",\"quantity\":2,\"min\":1}\n",
    )
    .unwrap();
    let import = text(&import);
    for args in [
        &["add", "milk", "--qty", "5", "--unit", "L", "--min", "2"][..],
        &["add", "bread", "--code", "4006381333931"],
        &["add", "eggs", "--qty", "12"],
        &[
            "--idempotency-key",
            "breakfast",
            "adjust",
            "milk",
            "-2",
            "--reason",
            "breakfast",
        ],
        &["rename", "bread", "rye bread"],
        &["remove", "eggs"],
        &["undo"],
        &["set", "milk", "9"],
        &["count", "milk", "8", "--reason", "stocktake"],
        &["import", &import],
        &["edit", "rye bread", "--unit", "loaf"],
        &["--owner", "bob", "add", "milk", "--qty", "1"],
        &[
            "--owner",
            "bob",
            "--idempotency-key",
            "delivery",
            "adjust",
            "milk",
            "+4",
        ],
        &["move", "milk", "fridge/door"],
        &["tag", "milk", "dairy", "cold"],
        &["edit", "=4006381333931", "--no-code"],
        &[
            "edit",
            "rye bread",
            "--code",
            "R-1",
            "--note",
            "sliced\nfreeze half",
        ],
        &["untag", "milk", "cold"],
        &["add", "last"],
        &["remove", "last"],
    ] {
        on(world, &db, args).code(0);
    }
    db
}

/// The times of every event of alice and bob at `db`, distinct, oldest
/// first: the instants `list --as-of` is asked about.
fn instants(world: &World, db: &str) -> Vec<String> {
    let mut times: Vec<String> = ["alice", "bob"]
        .iter()
        .flat_map(|owner| {
            json_on(world, db, &["--owner", owner, "history"])
                .as_array()
                .unwrap()
                .iter()
                .map(|event| event["at"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    times.sort();
    times.dedup();
    times
}

/// Everything a user can ask the database at `db` about alice and bob:
/// their items, their history, their items at each of `instants`, and the
/// export of every owner.
fn answers(world: &World, db: &str, instants: &[String]) -> Value {
    let mut all = serde_json::Map::new();
    for owner in ["alice", "bob"] {
        let as_of: Vec<Value> = instants
            .iter()
            .map(|time| json_on(world, db, &["--owner", owner, "list", "--as-of", time]))
            .collect();
        all.insert(
            owner.to_owned(),
            json!({
                "list": json_on(world, db, &["--owner", owner, "list"]),
                "history": json_on(world, db, &["--owner", owner, "history"]),
                "as_of": as_of,
            }),
        );
    }
    all.insert(
        "export".to_owned(),
        json_on(world, db, &["export", "--all-owners"]),
    );
    Value::Object(all)
}

/// The password in a postgres:// URL, if it has one.
fn password(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let (credentials, _) = rest.rsplit_once('@')?;
    let (_, password) = credentials.split_once(':')?;
    Some(password).filter(|p| !p.is_empty())
}

#[test]
fn a_copy_from_sqlite_to_postgresql_and_back_answers_every_question_alike() {
    let Some(world) = World::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let original = original(&world, dir.path());
    let instants = instants(&world, &original);
    assert!(instants.len() >= 15, "{instants:?}");
    let expected = answers(&world, &original, &instants);

    let report = world.json(&["copy", "--from", &original, "--to", &world.url]);
    let to = report["to"].as_str().unwrap().to_owned();
    if let Some(password) = password(&world.url) {
        assert!(!to.contains(&format!(":{password}@")), "{report}");
    }
    assert_eq!(
        report,
        json!({"from": original, "to": to, "owners": 2, "items": 7, "operations": 20,
               "events": 22, "keys": 2})
    );
    assert_eq!(answers(&world, &world.url, &instants), expected);

    let back = text(&dir.path().join("back.db"));
    let report = world.json(&["copy", "--from", &world.url, "--to", &back]);
    assert_eq!((&report["from"], &report["to"]), (&json!(to), &json!(back)));
    assert_eq!(answers(&world, &back, &instants), expected);

    // The copied keys replay the first run's result.
    let replay = on(
        &world,
        &world.url,
        &[
            "--json",
            "--owner",
            "bob",
            "--idempotency-key",
            "delivery",
            "adjust",
            "milk",
            "+4",
        ],
    )
    .code(0);
    assert_eq!(replay.json()["quantity"], 5);
    assert!(replay.stderr.contains("replayed"), "{}", replay.stderr);

    // Later ids are new on every copy: the removed item's is never given
    // again, and an undo is the same operation under the same new id.
    let last = expected["alice"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|event| event["name_before"] == "last")
        .unwrap()["item_id"]
        .as_i64()
        .unwrap();
    for db in [&original, &world.url, &back] {
        let added = json_on(&world, db, &["add", "next"]);
        assert_eq!(added["id"], last + 1, "{db}");
        let undone = json_on(&world, db, &["undo"]);
        assert_eq!(
            (&undone["op"], &undone["undid"], &undone["command"]),
            (&json!(22), &json!(21), &json!("add")),
            "{db}"
        );
    }
}

#[test]
fn a_copy_into_a_database_with_owners_is_exit_4_and_writes_nothing() {
    let Some(world) = World::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let source = text(&dir.path().join("source.db"));
    on(&world, &source, &["add", "milk"]).code(0);
    world.run(&["--owner", "carol", "add", "flour"]).code(0);
    let other = text(&dir.path().join("other.db"));
    on(&world, &other, &["--owner", "carol", "add", "salt"]).code(0);
    for (from, to) in [(&source, &world.url), (&world.url, &other)] {
        let before = json_on(&world, to, &["export", "--all-owners"]);
        let history = json_on(&world, to, &["--owner", "carol", "history"]);
        let run = world.run(&["copy", "--from", from, "--to", to]).code(4);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(
            run.stderr.contains("already holds owners"),
            "{}",
            run.stderr
        );
        assert_eq!(json_on(&world, to, &["export", "--all-owners"]), before);
        assert_eq!(
            json_on(&world, to, &["--owner", "carol", "history"]),
            history
        );
    }
    // A source with no database is exit 7, and nothing is created.
    let missing = text(&dir.path().join("missing.db"));
    let fresh = text(&dir.path().join("fresh.db"));
    world
        .run(&["copy", "--from", &missing, "--to", &fresh])
        .code(7);
    assert!(!Path::new(&missing).exists() && !Path::new(&fresh).exists());
}

#[test]
fn backup_of_a_server_is_a_sqlite_file_answering_as_the_server_does() {
    let Some(world) = World::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let original = original(&world, dir.path());
    world
        .run(&["copy", "--from", &original, "--to", &world.url])
        .code(0);
    let instants = instants(&world, &world.url);
    let server = answers(&world, &world.url, &instants);

    let dest = dir.path().join("backup.db");
    let report = world.json(&["backup", &text(&dest)]);
    let meta = std::fs::metadata(&dest).unwrap();
    assert_eq!(report["dest"], text(&dest));
    assert_eq!(report["bytes"], meta.len());
    assert!(report["pages"].as_u64().unwrap() > 0, "{report}");
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("backup.db"))
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        ["backup.db"],
        "one complete file, nothing beside it"
    );
    assert_eq!(answers(&world, &text(&dest), &instants), server);

    // DEST is never overwritten without --force.
    world.run(&["add", "later"]).code(0);
    let run = world.run(&["backup", &text(&dest)]).code(4);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(answers(&world, &text(&dest), &instants), server);
    world.run(&["backup", "--force", &text(&dest)]).code(0);
    assert_eq!(
        json_on(&world, &text(&dest), &["list"]),
        world.json(&["list"])
    );

    // A server without CountIQ's schema: exit 7, nothing written.
    let Some(empty) = World::new() else { return };
    let none = dir.path().join("none.db");
    empty.run(&["backup", &text(&none)]).code(7);
    assert!(!none.exists());
}

/// A world whose schema is put in enforced mode: the group role of its
/// users goes with it.
struct Enforced(World);

impl Drop for Enforced {
    fn drop(&mut self) {
        self.0.sql(&format!(
            "DROP SCHEMA IF EXISTS {} CASCADE; DROP ROLE IF EXISTS \"{}_users\"",
            self.0.quoted(),
            self.0.schema
        ));
    }
}

#[test]
fn copying_an_enforced_database_without_bypassrls_is_exit_10_and_writes_nothing() {
    let Some(world) = World::new() else { return };
    let source = Enforced(world);
    let world = &source.0;
    let me = world.sql("SELECT current_user").remove(0);
    let bypasses =
        world.sql("SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user");
    assert_eq!(
        bypasses,
        ["f"],
        "the test role must not bypass row-level security"
    );
    world
        .run(&["--owner", &me, "add", "milk", "--qty", "3"])
        .code(0);
    world.run(&["admin", "enforce-owners"]).code(0);
    let dir = tempfile::tempdir().unwrap();

    let dest = dir.path().join("copy.db");
    let run = world
        .run(&["copy", "--from", &world.url, "--to", &text(&dest)])
        .code(10);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("BYPASSRLS"), "{}", run.stderr);
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing is created: {left:?}");

    // A backup is a copy of what the role can see.
    let mine = text(&dir.path().join("mine.db"));
    world.json(&["backup", &mine]);
    assert_eq!(
        json_on(world, &mine, &["--owner", &me, "list"]),
        world.json(&["--owner", &me, "list"])
    );

    // An enforced destination is refused before anything is written.
    let Some(other) = World::new() else { return };
    let dest = Enforced(other);
    dest.0.run(&["admin", "enforce-owners"]).code(0);
    let run = dest
        .0
        .run(&["copy", "--from", &mine, "--to", &dest.0.url])
        .code(10);
    assert!(run.stderr.contains("BYPASSRLS"), "{}", run.stderr);
    assert_eq!(
        dest.0
            .sql(&format!("SELECT count(*) FROM {}.owners", dest.0.quoted())),
        ["0"]
    );
}
