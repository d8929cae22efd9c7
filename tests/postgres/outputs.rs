//! What a server adds to CountIQ's JSON: `doctor` and `admin migrate`
//! print what `countiq schema` says they print.

use countiq::db::postgres::schema::LATEST_VERSION;
use serde_json::{Value, json};

use crate::harness::World;

/// Asserts that `instance` matches the schema of `command` in `countiq
/// schema`'s document.
fn assert_matches(world: &World, command: &str, instance: &Value) {
    let mut schema = world.run(&["schema"]).code(0).json();
    schema["$ref"] = json!(format!("#/commands/{command}"));
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    if let Err(e) = validator.validate(instance) {
        panic!(
            "{command} --json breaks its schema: {e} (at {})\n{instance:#}",
            e.instance_path()
        );
    }
}

#[test]
fn doctor_on_a_server_reports_role_tls_schema_constraints_and_owners() {
    let Some(world) = World::new() else { return };
    let empty = world.json(&["doctor"]);
    assert_eq!(empty["backend"], "postgres");
    assert_eq!(
        empty["schema_version"],
        Value::Null,
        "no schema yet, and doctor made none"
    );
    assert_matches(&world, "doctor", &empty);
    world.run(&["add", "milk"]).code(0);
    world.run(&["--owner", "bob", "add", "nuts"]).code(0);
    let report = world.json(&["doctor"]);
    assert_matches(&world, "doctor", &report);
    assert_eq!(report["schema"], world.schema.as_str());
    assert_eq!(report["schema_version"], LATEST_VERSION);
    assert_eq!(
        report["superuser"], false,
        "the tests run as an ordinary role"
    );
    assert!(
        report["constraints"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true)
    );
    assert_eq!(
        report["owners"],
        json!([
            {"owner": "alice", "items": 1, "events": 1},
            {"owner": "bob", "items": 1, "events": 1}
        ])
    );
    assert_eq!(report["problems"], json!([]));
    // The ledger's rule is kept by triggers since schema version 3: one
    // disabled is a problem doctor names.
    let names: Vec<&str> = report["constraints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"events_name_operations_on_insert"),
        "{names:?}"
    );
    world.sql(&format!(
        "ALTER TABLE {}.events DISABLE TRIGGER events_name_operations_on_insert",
        world.schema
    ));
    let broken = world.run(&["--json", "doctor"]);
    let broken: Value = serde_json::from_str(&broken.stdout).unwrap();
    assert!(
        broken["problems"][0]
            .as_str()
            .is_some_and(|p| p.contains("events_name_operations_on_insert")),
        "{broken}"
    );
    world.sql(&format!(
        "ALTER TABLE {}.events ENABLE TRIGGER events_name_operations_on_insert",
        world.schema
    ));
    let url = report["url"].as_str().unwrap();
    assert!(
        url.contains(":***@") && !url.contains(":countiq_test@"),
        "{url}"
    );
}

#[test]
fn admin_migrate_creates_the_schema_once_and_reports_the_versions() {
    let Some(world) = World::new() else { return };
    let first = world.json(&["admin", "migrate"]);
    assert_eq!(
        first,
        json!({"backend": "postgres", "from": 0, "to": LATEST_VERSION})
    );
    assert_matches(&world, "admin-migrate", &first);
    let again = world.run(&["admin", "migrate"]).code(0);
    assert_eq!(
        again.stdout,
        format!("the schema is at version {LATEST_VERSION}; nothing to do\n")
    );
}

#[test]
fn the_ledger_records_the_database_role_as_the_actor() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "milk"]).code(0);
    let role = world.sql("SELECT current_user");
    assert_eq!(world.json(&["history"])[0]["actor"], role[0].as_str());
}

#[test]
fn schemas_keep_inventories_apart_in_one_database() {
    let Some(one) = World::new() else { return };
    let two = World::on(one.url.clone());
    one.run(&["add", "milk"]).code(0);
    two.run(&["add", "milk", "--qty", "5"]).code(0);
    assert_eq!(one.json(&["list"])[0]["quantity"], 1);
    assert_eq!(two.json(&["list"])[0]["quantity"], 5);
}
