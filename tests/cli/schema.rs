//! `countiq schema`: the JSON Schema of every command's JSON output, checked
//! against real output with an independent validator.

use serde_json::{Value, json};

use crate::util::{Backend, Env, WriteLock};

/// The document `countiq schema` prints.
fn document(env: &Env) -> Value {
    let run = env.run(&["schema"]).success();
    assert_eq!(run.stderr, "", "{run}");
    run.json()
}

/// The schemas in `document`, one validator per location.
struct Schemas {
    document: Value,
}

impl Schemas {
    fn new(env: &Env) -> Self {
        Self {
            document: document(env),
        }
    }

    /// A validator for the subschema at `pointer` (`commands/add`): the whole
    /// document with a top-level `$ref` to it, so its own `$ref`s resolve.
    fn validator(&self, pointer: &str) -> jsonschema::Validator {
        let mut schema = self.document.clone();
        schema["$ref"] = json!(format!("#/{pointer}"));
        jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("the schema at #/{pointer} does not compile: {e}"))
    }

    /// The first way `instance` breaks the schema at `pointer`, if any.
    fn violation(&self, pointer: &str, instance: &Value) -> Option<String> {
        self.validator(pointer)
            .validate(instance)
            .err()
            .map(|e| format!("{e} (at {})", e.instance_path()))
    }

    /// Asserts that `instance` matches the schema at `pointer`.
    #[track_caller]
    fn check(&self, pointer: &str, instance: &Value) {
        if let Some(violation) = self.violation(pointer, instance) {
            panic!("output does not match #/{pointer}: {violation}\n{instance:#}");
        }
    }

    /// Runs `countiq --json ARGS`, asserts success, and checks its output
    /// against `commands.<command>`. Returns the output.
    #[track_caller]
    fn run(&self, env: &Env, command: &str, args: &[&str]) -> Value {
        let output = env.json(args);
        self.check(&format!("commands/{command}"), &output);
        output
    }
}

#[test]
fn schema_prints_a_draft_2020_12_document_with_every_command_and_the_exit_codes() {
    let env = Env::new();
    let doc = document(&env);
    assert!(!env.has_database(), "schema does not create a database");
    assert_eq!(
        doc["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(e) = jsonschema::meta::validate(&doc) {
        panic!(
            "not a valid draft 2020-12 schema: {e} (at {})",
            e.instance_path()
        );
    }
    let keys = |value: &Value| -> Vec<String> {
        let mut keys: Vec<String> = value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&doc["commands"]),
        [
            "add",
            "adjust",
            "admin-enforce-owners",
            "admin-migrate",
            "apply",
            "backup",
            "config-show",
            "copy",
            "count",
            "doctor",
            "edit",
            "error",
            "export",
            "history",
            "import",
            "list",
            "locations",
            "low",
            "move",
            "owners",
            "remove",
            "rename",
            "scan",
            "set",
            "show",
            "tag",
            "undo",
            "untag",
        ]
    );
    assert_eq!(
        keys(&doc["$defs"]),
        [
            "code",
            "error",
            "event",
            "item",
            "location",
            "quantity",
            "source",
            "tags",
            "timestamp"
        ]
    );
}

/// The exit-code table, word for word: scripts and people act on these
/// meanings, so a changed word is a change to review.
#[test]
fn schema_lists_every_exit_code_with_its_kind_and_meaning() {
    let env = Env::new();
    let doc = document(&env);
    let codes: Vec<Value> = doc["exit_codes"]
        .as_array()
        .expect("an array of exit codes")
        .iter()
        .map(|c| json!([c["code"], c["kind"], c["meaning"]]))
        .collect();
    assert_eq!(
        codes,
        [
            json!([0, null, "success"]),
            json!([
                1,
                "internal",
                "unexpected failure (I/O, an unclassified database error)"
            ]),
            json!([2, "usage", "bad command line"]),
            json!([
                3,
                "not_found",
                "a named item (or operation) does not exist for this owner"
            ]),
            json!([
                4,
                "conflict",
                "the name is already taken for this owner; a precondition does not hold"
            ]),
            json!([
                5,
                "invalid",
                "a rule rejected the input: name, quantity, stock below zero"
            ]),
            json!([
                6,
                "busy",
                "the database stayed locked past the busy timeout; nothing changed; safe to retry"
            ]),
            json!([
                7,
                "database",
                "not a CountIQ database, corrupt, made by a newer CountIQ, or cannot be opened for writing; the file is left untouched"
            ]),
            json!([
                8,
                "unavailable",
                "the database server could not be reached, or the connection broke before the commit was sent; nothing changed; safe to retry"
            ]),
            json!([9, null, "low --check found items below their reorder level"]),
            json!([
                10,
                "denied",
                "the server refused the credentials, or this database role may not act for this owner; nothing changed"
            ]),
            json!([
                11,
                "uncertain",
                "the change may have been saved: it was committed but its result could not be written to stdout (or, on a server, the connection broke during COMMIT); retry with the same --idempotency-key"
            ]),
            json!([
                130,
                "interrupted",
                "SIGINT before COMMIT: rolled back, nothing changed"
            ]),
            json!([
                143,
                "terminated",
                "SIGTERM before COMMIT: rolled back, nothing changed"
            ]),
        ]
    );
}

#[test]
fn the_json_output_of_every_command_matches_its_schema() {
    let env = Env::new();
    let schemas = Schemas::new(&env);
    schemas.run(&env, "list", &["list"]);
    schemas.run(
        &env,
        "add",
        &["add", "milk", "--qty", "4", "--unit", "L", "--min", "2"],
    );
    schemas.run(&env, "add", &["add", "bread"]);
    schemas.run(&env, "add", &["add", "bread", "--exists-ok"]);
    schemas.run(&env, "edit", &["edit", "bread", "--min", "5"]);
    schemas.run(
        &env,
        "adjust",
        &["adjust", "milk", "-1", "--reason", "spilt"],
    );
    schemas.run(&env, "set", &["set", "milk", "9"]);
    schemas.run(&env, "count", &["count", "milk", "9"]);
    schemas.run(&env, "rename", &["rename", "bread", "brown bread"]);
    let low = schemas.run(&env, "low", &["low"]);
    assert_eq!(low.as_array().map(Vec::len), Some(1), "{low}");
    schemas.run(&env, "show", &["show", "milk"]);
    env.write("items.json", "[{\"name\":\"eggs\",\"quantity\":12}]");
    schemas.run(&env, "import", &["import", "items.json"]);
    env.write(
        "batch.ndjson",
        "{\"op\":\"adjust\",\"name\":\"eggs\",\"delta\":-2}\n",
    );
    let applied = schemas.run(&env, "apply", &["apply", "batch.ndjson"]);
    assert_eq!(applied["op"], 9);
    // A batch that changes nothing has no operation: "op" is null.
    env.write(
        "noop.ndjson",
        "{\"op\":\"set\",\"name\":\"eggs\",\"quantity\":10}\n",
    );
    let applied = schemas.run(&env, "apply", &["apply", "noop.ndjson"]);
    assert_eq!(applied["op"], Value::Null);
    env.ok(&["--owner", "bob", "add", "bolts"]);
    let owners = schemas.run(&env, "owners", &["owners"]);
    assert_eq!(owners.as_array().map(Vec::len), Some(2), "{owners}");
    let exported = schemas.run(&env, "export", &["export", "--all-owners"]);
    assert_eq!(exported.as_array().map(Vec::len), Some(4), "{exported}");
    let removed = schemas.run(&env, "remove", &["remove", "eggs", "brown bread"]);
    assert_eq!(removed.as_array().map(Vec::len), Some(2), "{removed}");
    schemas.run(&env, "undo", &["undo"]);
    let db = env.db_spec();
    let copied = schemas.run(&env, "copy", &["copy", "--from", &db, "--to", "copy.db"]);
    assert_eq!(copied["owners"], 2, "{copied}");
    let history = schemas.run(&env, "history", &["history"]);
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    for kind in [
        "add", "edit", "adjust", "set", "count", "rename", "import", "remove", "undo",
    ] {
        assert!(
            kinds.contains(&kind),
            "history has a {kind} event: {kinds:?}"
        );
    }

    // Locations, tags, codes and notes, and the history they leave.
    schemas.run(&env, "move", &["move", "milk", "fridge/top"]);
    schemas.run(&env, "tag", &["tag", "milk", "dairy", "cold"]);
    schemas.run(&env, "untag", &["untag", "milk", "cold"]);
    let edited = schemas.run(
        &env,
        "edit",
        &[
            "edit",
            "milk",
            "--code",
            "4006381333931",
            "--note",
            "oat\nbarista",
        ],
    );
    assert_eq!(edited["tags"], serde_json::json!(["dairy"]), "{edited}");
    let places = schemas.run(&env, "locations", &["locations"]);
    assert_eq!(places.as_array().map(Vec::len), Some(1), "{places}");
    let run = env
        .run_with_stdin(&["--json", "scan"], "4006381333931\nunknown\n")
        .success();
    let scanned = run.json();
    schemas.check("commands/scan", &scanned);
    assert_eq!(scanned.as_array().map(Vec::len), Some(2), "{scanned}");
    let history = schemas.run(&env, "history", &["history", "--limit", "5"]);
    assert_eq!(history[0]["kind"], "scan", "{history}");

    // NDJSON: each line is one element of the JSON array.
    for (command, args) in [
        ("list", &["--format", "ndjson", "list"][..]),
        ("history", &["--format", "ndjson", "history"]),
        ("export", &["--format", "ndjson", "export", "--all-owners"]),
    ] {
        let lines = env.run(args).success().ndjson();
        assert!(!lines.is_empty(), "{command}");
        for line in &lines {
            schemas.check(&format!("commands/{command}/items"), line);
        }
    }
}

#[test]
fn doctor_and_config_show_json_match_their_schemas() {
    let env = Env::new();
    let schemas = Schemas::new(&env);
    env.add("milk", 2);
    env.ok(&["--owner", "bob", "add", "bolts"]);
    let report = schemas.run(&env, "doctor", &["doctor"]);
    assert_eq!(report["problems"], json!([]), "{report}");
    assert_eq!(
        report["owners"].as_array().map(Vec::len),
        Some(2),
        "{report}"
    );
    let missing = schemas.run(&env, "doctor", &["--db", "missing.db", "doctor"]);
    assert_eq!(missing["exists"], false, "{missing}");
    assert_eq!(missing["size_bytes"], Value::Null, "{missing}");

    // config show: every source, a config file included.
    schemas.run(&env, "config-show", &["config", "show"]);
    env.write(
        "config.toml",
        "owner = \"carol\"\nformat = \"csv\"\nbusy_timeout = 250\ncolor = \"never\"\nlog_format = \"json\"\n",
    );
    let shown = schemas.run(
        &env,
        "config-show",
        &[
            "--config",
            "config.toml",
            "--busy-timeout",
            "5",
            "config",
            "show",
        ],
    );
    for (key, source) in [
        ("db", "env COUNTIQ_DB"),
        ("owner", "env COUNTIQ_OWNER"),
        ("format", "flag"),
        ("busy_timeout", "flag"),
        ("color", "config config.toml"),
        ("log_format", "config config.toml"),
    ] {
        assert_eq!(shown[key]["source"], source, "{key}: {shown}");
    }
}

#[test]
fn every_json_error_line_matches_the_error_schema() {
    let env = Env::new();
    let schemas = Schemas::new(&env);
    env.add("milk", 4);
    let cases: [(&[&str], i32); 4] = [
        (&["adjust", "nope", "1"], 3),
        (&["add", "MILK"], 4),
        (&["add", "a\tb"], 5),
        (&["adjust", "milk", "-5"], 5),
    ];
    let mut errors = Vec::new();
    for (args, code) in cases {
        let run = env.run(&[&["--json"], args].concat()).code(code);
        errors.push((run.json_error(), code));
    }
    {
        let _lock = WriteLock::take(&env);
        let run = env
            .run(&["--json", "--busy-timeout", "50", "adjust", "milk", "+1"])
            .code(6);
        errors.push((run.json_error(), 6));
    }
    let not_ours = env.dir().join("notes.db");
    std::fs::write(&not_ours, "inventory notes\n".repeat(300)).unwrap();
    let run = env
        .run(&["--format", "ndjson", "--db", "notes.db", "list"])
        .code(7);
    errors.push((run.json_error(), 7));
    // doctor on a file that is not a database: its report on stdout, the
    // error on stderr, both as the schema says.
    let run = env.run(&["--json", "--db", "notes.db", "doctor"]).code(7);
    let report = run.json();
    schemas.check("commands/doctor", &report);
    assert_ne!(report["problems"], json!([]), "{run}");
    errors.push((run.json_error(), 7));
    env.write(
        "stale.ndjson",
        "{\"op\":\"set\",\"name\":\"milk\",\"quantity\":1,\"expect_quantity\":99}\n",
    );
    let run = env.run(&["--json", "apply", "stale.ndjson"]).code(4);
    errors.push((run.json_error(), 4));
    let run = env.run(&["--json", "undo", "999"]).code(3);
    errors.push((run.json_error(), 3));
    for (error, code) in errors {
        schemas.check("commands/error", &error);
        assert_eq!(error["error"]["exit_code"], code, "{error}");
    }
}

#[test]
fn output_that_breaks_the_schema_fails_validation() {
    let env = Env::new();
    let schemas = Schemas::new(&env);
    let item = schemas.run(&env, "add", &["add", "milk", "--qty", "4", "--unit", "L"]);
    let event = schemas.run(&env, "history", &["history"])[0].clone();

    let mut broken_items = Vec::new();
    let mut without_updated_at = item.clone();
    without_updated_at
        .as_object_mut()
        .unwrap()
        .remove("updated_at");
    broken_items.push(without_updated_at);
    let mut without_unit = item.clone();
    without_unit.as_object_mut().unwrap().remove("unit");
    broken_items.push(without_unit);
    for (field, value) in [
        ("created_at", json!("2026-11-25 17:29:10")),
        ("created_at", json!("2026-11-25T17:29:10Z")),
        ("updated_at", json!("2026-11-25T17:29:10.123+01:00")),
        ("quantity", json!(-1)),
        ("quantity", json!(9_007_199_254_740_992_u64)),
        ("quantity", json!("4")),
        ("id", json!("1")),
        ("unit", json!("")),
        ("min", json!(1.5)),
        ("name", json!("")),
    ] {
        let mut broken = item.clone();
        broken[field] = value;
        broken_items.push(broken);
    }
    for broken in &broken_items {
        assert!(
            schemas.violation("commands/add", broken).is_some(),
            "the schema accepts a broken item: {broken}"
        );
        assert!(
            schemas
                .violation("commands/list", &json!([item, broken]))
                .is_some(),
            "the schema accepts a list with a broken item: {broken}"
        );
    }

    let mut without_actor = event.clone();
    without_actor.as_object_mut().unwrap().remove("actor");
    let mut bad_time = event.clone();
    bad_time["at"] = json!("yesterday");
    for broken in [without_actor, bad_time] {
        assert!(
            schemas
                .violation("commands/history", &json!([broken]))
                .is_some(),
            "the schema accepts a broken event: {broken}"
        );
    }

    for (kind, code) in [("conflict", 4), ("uncertain", 11), ("interrupted", 130)] {
        let error = json!({"error": {"kind": kind, "message": "m", "exit_code": code}});
        schemas.check("commands/error", &error);
    }
    for broken in [
        json!({"error": {"kind": "oops", "message": "taken", "exit_code": 4}}),
        json!({"error": {"kind": "conflict", "message": "taken", "exit_code": 9}}),
        json!({"error": {"kind": "conflict", "message": "taken", "exit_code": 5}}),
        json!({"error": {"kind": "usage", "message": "bad", "exit_code": 2}}),
        json!({"error": {"kind": "conflict", "exit_code": 4}}),
    ] {
        assert!(
            schemas.violation("commands/error", &broken).is_some(),
            "the schema accepts a broken error: {broken}"
        );
    }
}

#[test]
fn a_broken_doctor_report_or_config_show_fails_validation() {
    let env = Env::new();
    let schemas = Schemas::new(&env);
    env.add("milk", 2);
    let report = schemas.run(&env, "doctor", &["doctor"]);
    // Each backend's report has fields of its own.
    let own = match env.backend() {
        Backend::Sqlite => [("exists", json!("yes")), ("size_bytes", json!("4096"))],
        Backend::Postgres => [("tls", json!(true)), ("schema_version", json!("1"))],
    };
    let shared = [
        ("problems", json!("none")),
        (
            "owners",
            json!([{"owner": "alice", "items": -1, "events": 0}]),
        ),
    ];
    for (field, value) in own.into_iter().chain(shared) {
        let mut broken = report.clone();
        broken[field] = value;
        assert!(
            schemas.violation("commands/doctor", &broken).is_some(),
            "the schema accepts a broken report: {broken}"
        );
    }
    let shown = schemas.run(&env, "config-show", &["config", "show"]);
    let mut without_log_format = shown.clone();
    without_log_format
        .as_object_mut()
        .unwrap()
        .remove("log_format");
    let mut bad_format = shown.clone();
    bad_format["format"]["value"] = json!("xml");
    let mut bad_source = shown.clone();
    bad_source["owner"]["source"] = json!("somewhere");
    for broken in [without_log_format, bad_format, bad_source] {
        assert!(
            schemas.violation("commands/config-show", &broken).is_some(),
            "the schema accepts a broken config show: {broken}"
        );
    }
}
