//! What only a PostgreSQL server has: `doctor`'s report on it, `admin
//! migrate`, a schema someone else created, and a schema made by a newer
//! CountIQ (contract section 10).
//!
//! These tests run in the PostgreSQL run
//! (`backends::the_whole_suite_passes_on_postgresql` includes ignored
//! tests); the SQLite run lists them as ignored.

use std::collections::BTreeMap;

use countiq::db::postgres::schema::LATEST_VERSION;
use serde_json::{Value, json};

use crate::util::{Backend, Env, POSTGRES_VARIABLE, Run, actor, quote_identifier};

/// A test's world on the PostgreSQL server.
#[track_caller]
fn server() -> Env {
    assert_eq!(
        Backend::of_this_run(),
        Backend::Postgres,
        "a PostgreSQL-only test: run it with COUNTIQ_TEST_BACKEND=postgres and \
         {POSTGRES_VARIABLE} set, as backends::the_whole_suite_passes_on_postgresql does"
    );
    Env::new()
}

/// Every row of every table in the test's schema, as JSON text, by table:
/// what a command that must change nothing must leave exactly as it was.
fn rows(env: &Env) -> BTreeMap<String, Vec<String>> {
    let mut client = env.pg_client();
    let tables = client
        .query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1",
            &[&env.pg_schema()],
        )
        .expect("list the schema's tables");
    let mut all = BTreeMap::new();
    for table in tables {
        let table: String = table.get(0);
        let select = format!(
            "SELECT row_to_json(t)::text FROM {}.{} t",
            quote_identifier(env.pg_schema()),
            quote_identifier(&table)
        );
        let mut rows: Vec<String> = client
            .query(&select, &[])
            .expect("read a table")
            .iter()
            .map(|row| row.get(0))
            .collect();
        rows.sort();
        all.insert(table, rows);
    }
    all
}

/// The table `doctor` prints, as (check, result) pairs.
fn doctor_table(run: &Run) -> Vec<(String, String)> {
    run.stdout
        .lines()
        .skip(1)
        .map(|line| {
            let (check, result) = line
                .split_once("  ")
                .unwrap_or_else(|| panic!("a line of two columns: {line:?}\n{run}"));
            (check.to_owned(), result.trim_start().to_owned())
        })
        .collect()
}

/// True when a client that prefers TLS (libpq's default, `sslmode=prefer`)
/// gets it from the test server with the test URL.
fn tls_expected(env: &Env) -> bool {
    let url = std::env::var(POSTGRES_VARIABLE).expect("the server's URL");
    let ssl: String = env
        .pg_client()
        .query_one("SHOW ssl", &[])
        .expect("ask the server whether it offers TLS")
        .get(0);
    ssl == "on" && !url.contains("sslmode=disable")
}

#[test]
#[ignore = "PostgreSQL only: run by backends::the_whole_suite_passes_on_postgresql"]
fn doctor_on_a_server_reports_the_schema_the_role_and_the_constraints_and_changes_nothing() {
    let env = server();
    env.add("milk", 2);
    env.run(&["--owner", "bob", "add", "tea"]).success();
    env.ok(&["adjust", "milk", "+1"]);
    let before = rows(&env);
    let report = env.json(&["doctor"]);
    assert_eq!(rows(&env), before, "doctor changed the schema");
    let version = report["server_version"].as_str().unwrap_or_default();
    assert!(version.starts_with(char::is_numeric), "{report}");
    let constraints = report["constraints"].as_array().expect("an array");
    assert!(!constraints.is_empty(), "{report}");
    assert!(
        constraints.iter().all(|c| c["ok"] == true),
        "a constraint is missing: {report}"
    );
    let keys: Vec<&String> = report.as_object().expect("an object").keys().collect();
    assert_eq!(
        keys,
        [
            "backend",
            "binary_schema_version",
            "constraints",
            "enforced_owners",
            "owners",
            "problems",
            "role",
            "row_level_security",
            "schema",
            "schema_version",
            "server_version",
            "superuser",
            "tls",
            "url"
        ],
        "{report:#}"
    );
    let tls = report["tls"].as_str().unwrap_or_default();
    if tls_expected(&env) {
        assert!(tls.starts_with("on, "), "{report:#}");
    } else {
        assert_eq!(tls, "off", "{report:#}");
    }
    for (field, value) in [
        ("backend", json!("postgres")),
        ("url", json!(env.shown_db())),
        ("schema", json!(env.pg_schema())),
        ("schema_version", json!(LATEST_VERSION)),
        ("binary_schema_version", json!(LATEST_VERSION)),
        ("role", json!(actor("anyone"))),
        ("superuser", json!(false)),
        ("enforced_owners", json!(false)),
        ("row_level_security", json!([])),
        (
            "owners",
            json!([
                {"owner": "alice", "items": 1, "events": 2},
                {"owner": "bob", "items": 1, "events": 1}
            ]),
        ),
        ("problems", json!([])),
    ] {
        assert_eq!(report[field], value, "{field}\n{report:#}");
    }

    let table = env.run(&["doctor"]).success();
    let lines = doctor_table(&table);
    for line in [
        ("url", env.shown_db()),
        ("role", actor("anyone")),
        ("superuser", "no".to_owned()),
        ("schema", env.pg_schema().to_owned()),
        (
            "schema version",
            format!("{LATEST_VERSION} (this countiq: {LATEST_VERSION})"),
        ),
        ("owner \"alice\"", "1 items, 2 events".to_owned()),
        ("owner \"bob\"", "1 items, 1 events".to_owned()),
    ] {
        let line = (line.0.to_owned(), line.1);
        assert!(lines.contains(&line), "no {line:?}\n{table}");
    }
    assert_eq!(rows(&env), before, "doctor changed the schema");
}

#[test]
#[ignore = "PostgreSQL only: run by backends::the_whole_suite_passes_on_postgresql"]
fn doctor_on_a_server_without_the_schema_finds_no_problem_and_creates_nothing() {
    let env = server();
    let report = env.json(&["doctor"]);
    assert_eq!(report["backend"], "postgres", "{report}");
    assert_eq!(report["schema_version"], Value::Null, "{report}");
    assert_eq!(report["binary_schema_version"], LATEST_VERSION, "{report}");
    assert_eq!(report["owners"], json!([]), "{report}");
    assert_eq!(report["problems"], json!([]), "{report}");
    let table = env.run(&["doctor"]).success();
    assert!(
        doctor_table(&table).contains(&(
            "schema version".to_owned(),
            format!("- (this countiq: {LATEST_VERSION})")
        )),
        "{table}"
    );
    assert!(!env.has_database(), "doctor created the schema");
}

#[test]
#[ignore = "PostgreSQL only: run by backends::the_whole_suite_passes_on_postgresql"]
fn admin_migrate_creates_a_missing_schema_and_then_has_nothing_to_do() {
    let env = server();
    let run = env.run(&["admin", "migrate"]).success();
    assert_eq!(
        run.stdout,
        format!("migrated the schema from version 0 to {LATEST_VERSION}\n"),
        "{run}"
    );
    assert!(env.has_database());
    let run = env.run(&["--json", "admin", "migrate"]).success();
    assert_eq!(
        run.json(),
        json!({"backend": "postgres", "from": LATEST_VERSION, "to": LATEST_VERSION}),
        "{run}"
    );
    assert_eq!(env.json(&["doctor"])["schema_version"], LATEST_VERSION);
    assert_eq!(env.items(), json!([]));
}

/// A schema written by the release before schema version 2 (see
/// `tests/fixtures/make-fixture.sh`), loaded into the test's schema.
fn load_version_1_fixture(env: &Env) {
    let dump = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postgres-v1.sql"),
    )
    .expect("read the fixture");
    let sql = dump.replace("countiq_fixture", &quote_identifier(env.pg_schema()));
    env.pg_client()
        .batch_execute(&sql)
        .expect("load the fixture");
}

#[test]
#[ignore = "PostgreSQL only: run by backends::the_whole_suite_passes_on_postgresql"]
fn a_version_1_schema_is_upgraded_by_admin_migrate_with_its_items_and_ledger() {
    let env = server();
    load_version_1_fixture(&env);
    // Only `admin migrate` upgrades an existing schema.
    let run = env.run(&["list"]).code(7);
    assert!(run.stderr.contains("admin migrate"), "{run}");
    let run = env.run(&["admin", "migrate"]).success();
    assert_eq!(
        run.stdout,
        format!("migrated the schema from version 1 to {LATEST_VERSION}\n"),
        "{run}"
    );
    let items = env.items();
    let names: Vec<(&str, u64)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["quantity"].as_u64().unwrap()))
        .collect();
    assert_eq!(names, [("#12", 1), ("=x", 5), ("milk", 8), ("oat milk", 3)]);
    assert_eq!(
        (&items[2]["unit"], &items[2]["tags"], &items[2]["code"]),
        (&json!("L"), &json!([]), &json!(null))
    );
    assert_eq!(env.json(&["history"]).as_array().unwrap().len(), 12);
    // The key recorded before the upgrade still replays; old operations undo.
    let run = env
        .run(&[
            "adjust",
            "milk",
            "+2",
            "--idempotency-key",
            "fixture-delivery-1",
        ])
        .success();
    assert!(run.stderr.contains("replayed"), "{run}");
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "bread"])["item"]["unit"], "loaves");
    assert_eq!(env.json(&["adjust", "\\#12", "+1"])["quantity"], 2);
    env.ok(&["edit", "bread", "--code", "B-1"]);
    env.ok(&["tag", "=B-1", "bakery"]);
    assert_eq!(
        env.json(&["show", "=B-1"])["item"]["tags"],
        json!(["bakery"])
    );
    env.assert_consistent();
}

/// Every command that only reads, and what it prints on a database with
/// nothing in it (`None`: exit 3, not found).
const READS: &[(&[&str], Option<&str>)] = &[
    (&["list"], Some("")),
    (&["--json", "list"], Some("[]\n")),
    (
        &["--format", "csv", "list"],
        Some("id,owner,name,quantity,created_at,updated_at,unit,min,location,tags,code,note\n"),
    ),
    (
        &["--json", "list", "--as-of", "2026-01-01T00:00:00Z"],
        Some("[]\n"),
    ),
    (&["--json", "history"], Some("[]\n")),
    (&["--json", "low"], Some("[]\n")),
    (&["low", "--check"], Some("")),
    (&["export"], Some("")),
    (&["export", "--all-owners"], Some("")),
    (&["show", "milk"], None),
    (&["history", "milk"], None),
];

#[test]
#[ignore = "PostgreSQL only: run by backends::the_whole_suite_passes_on_postgresql"]
fn reads_of_a_schema_someone_else_created_print_the_empty_result_and_create_nothing() {
    let env = server();
    env.pg_client()
        .batch_execute(&format!(
            "CREATE SCHEMA {}",
            quote_identifier(env.pg_schema())
        ))
        .expect("create the schema as its administrator would");
    for &(args, printed) in READS {
        let run = env.run(args);
        match printed {
            Some(empty) => assert_eq!(run.success().stdout, empty),
            None => assert_eq!(run.code(3).stdout, ""),
        }
    }
    assert_eq!(rows(&env), BTreeMap::new(), "a read created tables");
    // The first write creates CountIQ's tables in it.
    let milk = env.add("milk", 1);
    assert_eq!(env.items(), json!([milk]));
}

/// Records in the test's schema that a newer CountIQ migrated it to
/// version `LATEST_VERSION + 1`, usable by binaries from `compatible_from` on.
fn newer_schema(env: &Env, compatible_from: i32) {
    let insert = format!(
        "INSERT INTO {}.schema_versions (version, compatible_from) VALUES ($1, $2)",
        quote_identifier(env.pg_schema())
    );
    env.pg_client()
        .execute(&insert, &[&(LATEST_VERSION + 1), &compatible_from])
        .expect("record a newer schema version");
}

#[test]
#[ignore = "PostgreSQL only: run by backends::the_whole_suite_passes_on_postgresql"]
fn a_schema_a_newer_countiq_changed_beyond_this_ones_reach_is_refused_and_left_untouched() {
    let env = server();
    env.add("milk", 4);
    newer_schema(&env, LATEST_VERSION + 1);
    let before = rows(&env);
    let message = format!(
        "the PostgreSQL schema {:?} is at version {}, made by a newer countiq, and no longer \
         works with this one (version {LATEST_VERSION}); upgrade countiq",
        env.pg_schema(),
        LATEST_VERSION + 1
    );
    let writes: [&[&str]; 5] = [
        &["add", "bread"],
        &["adjust", "milk", "+1"],
        &["rename", "milk", "oat milk"],
        &["remove", "milk"],
        &["undo"],
    ];
    for args in READS.iter().map(|(args, _)| *args).chain(writes) {
        let run = env.run(args).code(7);
        if run.stderr.starts_with('{') {
            assert_eq!(run.json_error()["error"]["message"], message, "{run}");
        } else {
            assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
        }
        assert_eq!(rows(&env), before, "{args:?} changed the schema");
    }
}

#[test]
#[ignore = "PostgreSQL only: run by backends::the_whole_suite_passes_on_postgresql"]
fn a_schema_a_newer_countiq_extended_compatibly_keeps_working() {
    let env = server();
    env.add("milk", 4);
    newer_schema(&env, LATEST_VERSION);
    env.ok(&["adjust", "milk", "+1"]);
    env.add("bread", 1);
    assert_eq!(env.items().as_array().map(Vec::len), Some(2));
    assert_eq!(env.json(&["doctor"])["schema_version"], LATEST_VERSION + 1);
}
