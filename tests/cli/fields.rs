//! `--fields`, `--format tsv`, list's filters (`--low`, `--qty-min`,
//! `--qty-max`, `--updated-since`), `history --kind` and `owners`.

use serde_json::json;

use crate::util::Env;

/// The item and event field names `countiq schema` lists, joined by commas.
fn all_fields(env: &Env, shape: &str) -> String {
    let schema = env.json(&["schema"]);
    let names: Vec<&str> = schema["fields"][shape]
        .as_array()
        .expect("a list of field names")
        .iter()
        .map(|name| name.as_str().expect("a name"))
        .collect();
    names.join(",")
}

/// milk (2 L) and bread (1), added in that order.
fn milk_and_bread() -> Env {
    let env = Env::new();
    env.ok(&["add", "milk", "--qty", "2", "--unit", "L"]);
    env.add("bread", 1);
    env
}

#[test]
fn fields_choose_and_order_the_columns_of_every_format() {
    let env = milk_and_bread();
    let list =
        |format: &str| env.ok(&["list", "--fields", "quantity,name,unit", "--format", format]);
    assert_eq!(
        list("json"),
        "[\n{\"quantity\":1,\"name\":\"bread\",\"unit\":null},\n\
         {\"quantity\":2,\"name\":\"milk\",\"unit\":\"L\"}\n]\n"
    );
    assert_eq!(
        list("ndjson"),
        "{\"quantity\":1,\"name\":\"bread\",\"unit\":null}\n\
         {\"quantity\":2,\"name\":\"milk\",\"unit\":\"L\"}\n"
    );
    assert_eq!(list("csv"), "quantity,name,unit\n1,bread,\n2,milk,L\n");
    assert_eq!(list("tsv"), "1\tbread\t\n2\tmilk\tL\n");
    // Numbers align right, text left; the header is the field name.
    assert_eq!(
        list("table"),
        "QUANTITY  NAME   UNIT\n       1  bread\n       2  milk   L\n"
    );
}

#[test]
fn fields_apply_to_history_low_and_export() {
    let env = milk_and_bread();
    env.ok(&["adjust", "milk", "+3", "--reason", "delivery"]);
    env.ok(&["edit", "bread", "--min", "4"]);
    assert_eq!(
        env.ok(&[
            "history",
            "--fields",
            "kind,name_after,qty_after,reason",
            "--format",
            "tsv"
        ]),
        "edit\tbread\t1\t\nadjust\tmilk\t5\tdelivery\nadd\tbread\t1\t\nadd\tmilk\t2\t\n"
    );
    assert_eq!(
        env.ok(&["low", "--fields", "name,min,quantity", "--format", "csv"]),
        "name,min,quantity\nbread,4,1\n"
    );
    // export's default format, NDJSON, chosen fields and all.
    assert_eq!(
        env.ok(&["export", "--fields", "name,quantity"]),
        "{\"name\":\"bread\",\"quantity\":1}\n{\"name\":\"milk\",\"quantity\":5}\n"
    );
    env.ok(&["--owner", "bob", "add", "bolts", "--qty", "40"]);
    assert_eq!(
        env.ok(&[
            "export",
            "--all-owners",
            "--fields",
            "owner,name",
            "--format",
            "tsv"
        ]),
        "alice\tbread\nalice\tmilk\nbob\tbolts\n"
    );
}

#[test]
fn every_field_in_json_order_prints_what_no_fields_prints() {
    let env = milk_and_bread();
    env.ok(&["adjust", "milk", "-1", "--reason", "spilt"]);
    let items = all_fields(&env, "item");
    let events = all_fields(&env, "event");
    assert!(items.starts_with("id,owner,name,quantity"), "{items}");
    assert!(events.starts_with("op,seq,at,item_id,kind"), "{events}");
    for format in ["json", "ndjson", "csv", "tsv"] {
        for (command, fields) in [("list", &items), ("export", &items), ("history", &events)] {
            assert_eq!(
                env.ok(&[command, "--format", format, "--fields", fields]),
                env.ok(&[command, "--format", format]),
                "{command} --format {format}"
            );
        }
    }
}

#[test]
fn tsv_is_csv_without_the_header_or_quoting() {
    let env = Env::new();
    env.add("say \"hi\", then go", 3);
    env.add("back\\slash", 1);
    let csv = env.ok(&["list", "--format", "csv", "--fields", "name,quantity,unit"]);
    assert_eq!(
        csv,
        "name,quantity,unit\nback\\slash,1,\n\"say \"\"hi\"\", then go\",3,\n"
    );
    let tsv = env.ok(&["list", "--format", "tsv", "--fields", "name,quantity,unit"]);
    assert_eq!(tsv, "back\\\\slash\t1\t\nsay \"hi\", then go\t3\t\n");
    // Without --fields: every field, one line per item, no header.
    let all = env.ok(&["list", "--format", "tsv"]);
    let items = env.items();
    let lines: Vec<Vec<&str>> = all.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 2, "{all}");
    for (cells, item) in lines.iter().zip(items.as_array().unwrap()) {
        assert_eq!(cells.len(), 12, "{cells:?}");
        assert_eq!(cells[0], item["id"].to_string());
        assert_eq!(cells[4], item["created_at"].as_str().unwrap());
    }
}

#[test]
fn tsv_escapes_backslash_tab_and_newline_and_prints_null_empty_sqlite_only() {
    // On SQLite the ledger's actor is the OS user, which may hold anything.
    let env = Env::sqlite();
    env.run_as("a\tb\nc\\d", &["add", "milk"]).success();
    let run = env.run(&[
        "history",
        "--format",
        "tsv",
        "--fields",
        "actor,name_before,name_after",
    ]);
    assert_eq!(run.success().stdout, "a\\tb\\nc\\\\d\t\tmilk\n");
}

#[test]
fn tsv_works_wherever_csv_does_and_not_with_json() {
    let env = Env::new();
    assert_eq!(
        env.ok(&["--format", "tsv", "add", "milk", "--unit", "L"])
            .split('\t')
            .skip(2)
            .collect::<Vec<_>>()[..2],
        ["milk", "1"]
    );
    let mut cmd = env.command(&["list", "--fields", "name"]);
    cmd.env("COUNTIQ_FORMAT", "tsv");
    assert_eq!(env.run_command(cmd, None).success().stdout, "milk\n");
    env.write("more.ndjson", "{\"name\":\"eggs\",\"quantity\":12}\n");
    assert_eq!(
        env.ok(&["--format", "tsv", "import", "more.ndjson"]),
        // ops, rows, created, replaced, skipped, added
        "1\t1\t0\t0\t0\n"
    );
    let run = env.run(&["--json", "--format", "tsv", "list"]).code(2);
    assert_eq!(
        run.stderr,
        "countiq: error: --json means --format json; it cannot be combined with another --format\n"
    );
}

#[test]
fn an_unknown_empty_or_repeated_field_is_a_usage_error_that_changes_nothing() {
    let env = Env::new();
    for command in ["list", "low", "export", "history"] {
        let run = env.run(&[command, "--fields", "name,colour"]).code(2);
        assert!(run.stdout.is_empty(), "{command}: {}", run.stdout);
    }
    assert!(!env.has_database(), "a refused read creates nothing");
    env.add("milk", 2);
    let before = env.state();
    let items = "(valid fields: id, owner, name, quantity, created_at, updated_at, unit, min, \
                 location, tags, code, note)";
    for (args, problem) in [
        (
            &["list", "--fields", "name,colour"][..],
            "unknown field \"colour\"",
        ),
        (&["low", "--fields", "Name"], "unknown field \"Name\""),
        (
            &["export", "--fields", "name,,quantity"],
            "--fields \"name,,quantity\" has an empty field name",
        ),
        (
            &["list", "--fields", ""],
            "--fields \"\" has an empty field name",
        ),
        (
            &["--json", "list", "--fields", "name,quantity,name"],
            "field \"name\" is given twice",
        ),
    ] {
        let run = env.run(args).code(2);
        assert_eq!(run.stderr, format!("countiq: error: {problem} {items}\n"));
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    // History's fields are the event's.
    let run = env.run(&["history", "--fields", "name"]).code(2);
    assert_eq!(
        run.stderr,
        "countiq: error: unknown field \"name\" (valid fields: op, seq, at, item_id, kind, \
         name_before, name_after, qty_before, qty_after, unit_before, unit_after, min_before, \
         min_after, owner, reason, actor, location_before, location_after, tags_before, \
         tags_after, code_before, code_after, note_before, note_after)\n"
    );
    assert_eq!(env.state(), before);
}

/// The names `list ARGS --json` prints, in order.
fn names(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list"];
    all.extend(args);
    env.json(&all)
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn list_keeps_items_within_the_quantity_bounds_and_below_their_minimum() {
    let env = Env::new();
    for (name, qty, min) in [
        ("a", 0, None),
        ("b", 1, Some("2")),
        ("c", 2, Some("2")),
        ("d", 5, None),
    ] {
        env.add(name, qty);
        if let Some(min) = min {
            env.ok(&["edit", name, "--min", min]);
        }
    }
    assert_eq!(
        names(&env, &["--qty-min", "1", "--qty-max", "2"]),
        ["b", "c"]
    );
    assert_eq!(names(&env, &["--qty-min", "2"]), ["c", "d"]);
    assert_eq!(names(&env, &["--qty-max", "0"]), ["a"]);
    assert_eq!(names(&env, &["--low"]), ["b"]);
    assert_eq!(
        names(&env, &["--low", "--qty-min", "2"]),
        Vec::<String>::new()
    );
    assert_eq!(
        names(
            &env,
            &[
                "--qty-min",
                "1",
                "--sort",
                "quantity",
                "--reverse",
                "--limit",
                "2"
            ]
        ),
        ["d", "c"]
    );
    // A minimum above the maximum keeps nothing, as SQL's BETWEEN 3 AND 2.
    let run = env
        .run(&["list", "--qty-min", "3", "--qty-max", "2"])
        .success();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    assert_eq!(
        names(&env, &["--qty-min", "3", "--qty-max", "2"]),
        Vec::<String>::new()
    );
    // `list --low` is `low`.
    assert_eq!(
        env.ok(&["list", "--low"]),
        env.run(&["low"]).success().stdout
    );
    for bad in ["-1", "x", "9007199254740992"] {
        let run = env.run(&["list", "--qty-min", bad]).code(5);
        assert!(
            run.stderr.starts_with("countiq: error: invalid quantity"),
            "{run}"
        );
        env.run(&["list", "--qty-max", bad]).code(5);
    }
}

#[test]
fn list_updated_since_keeps_items_changed_at_or_after_the_time() {
    let env = Env::new();
    env.add("milk", 2);
    env.add("bread", 1);
    let adjusted = env.json(&["adjust", "bread", "+1"]);
    let at = adjusted["updated_at"].as_str().unwrap();
    assert_eq!(names(&env, &["--updated-since", at]), ["bread"]);
    assert_eq!(names(&env, &["--updated-since", "7d"]), ["bread", "milk"]);
    assert_eq!(
        names(&env, &["--updated-since", "1w ago"]),
        ["bread", "milk"]
    );
    assert_eq!(
        names(&env, &["--updated-since", "2999-01-01"]),
        Vec::<String>::new()
    );
    let run = env
        .run(&["list", "--updated-since", "last tuesday"])
        .code(5);
    assert!(
        run.stderr
            .starts_with("countiq: error: invalid time \"last tuesday\""),
        "{run}"
    );
}

#[test]
fn list_as_of_applies_the_filters_to_the_past_state() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let then = milk["updated_at"].as_str().unwrap().to_owned();
    std::thread::sleep(std::time::Duration::from_millis(5));
    env.ok(&["adjust", "milk", "+5"]);
    env.add("bread", 1);
    let as_of = |args: &[&str]| {
        let mut all = vec!["list", "--as-of", then.as_str(), "--format", "tsv"];
        all.extend(args);
        all.extend(["--fields", "name,quantity"]);
        env.ok(&all)
    };
    assert_eq!(as_of(&[]), "milk\t2\n");
    assert_eq!(as_of(&["--qty-max", "2"]), "milk\t2\n");
    assert_eq!(as_of(&["--qty-min", "3"]), "");
    assert_eq!(as_of(&["--updated-since", &then]), "milk\t2\n");
    assert_eq!(as_of(&["--updated-since", "2999-01-01"]), "");
    // Now, milk is 7: the same filter finds it.
    assert_eq!(
        env.ok(&[
            "list",
            "--qty-min",
            "3",
            "--fields",
            "name,quantity",
            "--format",
            "tsv"
        ]),
        "milk\t7\n"
    );
}

#[test]
fn history_kind_keeps_the_events_of_any_kind_given() {
    let env = Env::new();
    env.add("milk", 2);
    env.add("bread", 1);
    env.ok(&["adjust", "milk", "+3"]);
    env.ok(&["set", "bread", "4"]);
    env.ok(&["count", "milk", "5"]);
    let kinds = |args: &[&str]| {
        let mut all = vec!["history", "--format", "tsv", "--fields", "kind,name_after"];
        all.extend(args);
        env.ok(&all)
    };
    assert_eq!(kinds(&["--kind", "adjust"]), "adjust\tmilk\n");
    assert_eq!(
        kinds(&["--kind", "count", "--kind", "adjust"]),
        "count\tmilk\nadjust\tmilk\n"
    );
    assert_eq!(
        kinds(&["bread", "--kind", "add", "--kind", "set"]),
        "set\tbread\nadd\tbread\n"
    );
    assert_eq!(kinds(&["--kind", "add", "--limit", "1"]), "add\tbread\n");
    // A name the owner had, with no event of that kind: empty, not "not found".
    assert_eq!(kinds(&["milk", "--kind", "remove"]), "");
    env.run(&["history", "tea", "--kind", "add"]).code(3);
    let run = env.run(&["history", "--kind", "delivery"]).code(2);
    assert!(
        run.stderr.contains(
            "[possible values: baseline, add, remove, rename, edit, adjust, set, count, import, \
             undo, move, tag, untag, scan]"
        ),
        "{run}"
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn owners_lists_every_owner_with_its_item_count_in_every_format() {
    let env = Env::new();
    assert_eq!(env.json(&["owners"]), json!([]));
    assert!(!env.has_database(), "owners creates no database");
    env.add("milk", 2);
    env.add("bread", 1);
    env.ok(&["--owner", "Bob", "add", "bolts"]);
    env.ok(&["--owner", "carol", "add", "tea"]);
    env.ok(&["--owner", "carol", "remove", "tea"]);
    assert_eq!(
        env.json(&["owners"]),
        json!([
            {"owner": "alice", "items": 2},
            {"owner": "Bob", "items": 1},
            {"owner": "carol", "items": 0}
        ])
    );
    let owners = |format: &str| env.ok(&["owners", "--format", format]);
    assert_eq!(
        owners("ndjson"),
        "{\"owner\":\"alice\",\"items\":2}\n{\"owner\":\"Bob\",\"items\":1}\n{\"owner\":\"carol\",\"items\":0}\n"
    );
    assert_eq!(owners("csv"), "owner,items\nalice,2\nBob,1\ncarol,0\n");
    assert_eq!(owners("tsv"), "alice\t2\nBob\t1\ncarol\t0\n");
    assert_eq!(
        owners("table"),
        "OWNER  ITEMS\nalice      2\nBob        1\ncarol      0\n"
    );
    // It is about the database, not the selected owner: no note for one
    // that does not exist.
    let run = env
        .run(&["--owner", "nobody", "owners", "--format", "tsv"])
        .success();
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        (owners("tsv").as_str(), "")
    );
}
