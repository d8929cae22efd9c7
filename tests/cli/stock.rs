//! Stock: units and reorder levels (`add`, `edit`), movements (`adjust`,
//! `set`, `count`) and `low`.

use serde_json::{Value, json};

use crate::util::Env;

/// 2^53 - 1, the largest quantity every JSON reader keeps exact.
const MAX_QTY: u64 = (1 << 53) - 1;

const CSV_HEADER: &str =
    "id,owner,name,quantity,created_at,updated_at,unit,min,location,tags,code,note";

/// `item` with the given fields replaced, and `updated_at` taken from
/// `changed`: what a command that changes those fields should leave.
fn changed_copy(item: &Value, fields: &Value, changed: &Value) -> Value {
    let mut expected = item.clone();
    for (field, value) in fields.as_object().expect("an object of fields") {
        expected[field] = value.clone();
    }
    expected["updated_at"] = changed["updated_at"].clone();
    expected
}

/// Each event of a history as (kind, quantity before, quantity after, reason).
fn movements(history: &Value) -> Vec<Value> {
    history
        .as_array()
        .expect("an array of events")
        .iter()
        .map(|e| json!([e["kind"], e["qty_before"], e["qty_after"], e["reason"]]))
        .collect()
}

/// Alice's milk: 4 L, reorder level 2.
fn milk(env: &Env) -> Value {
    env.json(&["add", "milk", "--qty", "4", "--unit", "L", "--min", "2"])
}

#[test]
fn add_with_unit_and_min_shows_them_in_json() {
    let env = Env::new();
    let milk = milk(&env);
    assert_eq!(
        milk,
        json!({
            "id": 1, "owner": "alice", "name": "milk", "quantity": 4,
            "created_at": milk["created_at"], "updated_at": milk["created_at"],
            "unit": "L", "min": 2, "location": null, "tags": [], "code": null, "note": null,
        })
    );
    // Units are normalised like names: trimmed, inner spaces collapsed.
    let boxes = env.json(&["add", "eggs", "--unit", "  big   boxes ", "--min", "0"]);
    assert_eq!(
        (&boxes["unit"], &boxes["min"]),
        (&json!("big boxes"), &json!(0))
    );
    assert_eq!(env.items(), json!([boxes, milk]));
}

#[test]
fn add_with_a_min_that_is_not_a_quantity_is_invalid_and_changes_nothing() {
    let env = Env::new();
    milk(&env);
    let before = env.state();
    let table = [
        (
            "-1",
            "invalid min \"-1\": the reorder level must be a whole number from 0 to 9007199254740991",
        ),
        (
            "abc",
            "invalid min \"abc\": the reorder level must be a whole number from 0 to 9007199254740991",
        ),
        (
            "1.5",
            "invalid min \"1.5\": the reorder level must be a whole number from 0 to 9007199254740991",
        ),
        (
            "9007199254740992",
            "invalid min \"9007199254740992\": the reorder level must be a whole number from 0 to 9007199254740991",
        ),
    ];
    for (min, message) in table {
        let run = env.run(&["add", "eggs", "--min", min]).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn a_unit_with_a_control_character_or_too_long_is_invalid_and_changes_nothing() {
    let env = Env::new();
    milk(&env);
    let before = env.state();
    let long = "u".repeat(33);
    let table: [(&[&str], &str); 3] = [
        (
            &["add", "eggs", "--unit", "k\tg"],
            "invalid unit \"k\\tg\": control character U+0009 is not allowed",
        ),
        (
            &["edit", "milk", "--unit", "a\nb"],
            "invalid unit \"a\\nb\": control character U+000A is not allowed",
        ),
        (
            &["add", "eggs", "--unit", &long],
            "invalid unit: 33 characters is longer than the limit of 32",
        ),
    ];
    for (args, message) in table {
        let run = env.run(args).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn edit_sets_and_clears_the_unit_and_the_min() {
    let env = Env::new();
    let milk = milk(&env);
    let kg = env.json(&["edit", "milk", "--unit", "kg", "--min", "5"]);
    assert_eq!(
        kg,
        changed_copy(&milk, &json!({"unit": "kg", "min": 5}), &kg)
    );
    let no_unit = env.json(&["edit", "milk", "--no-unit"]);
    assert_eq!(no_unit, changed_copy(&kg, &json!({"unit": null}), &no_unit));
    let no_min = env.json(&["edit", "milk", "--no-min", "--unit", "L"]);
    assert_eq!(
        no_min,
        changed_copy(&no_unit, &json!({"unit": "L", "min": null}), &no_min)
    );
    assert_eq!(env.items(), json!([no_min]));
}

#[test]
fn edit_without_a_change_or_with_contradicting_options_is_a_usage_error() {
    let env = Env::new();
    milk(&env);
    let before = env.state();
    let table: [&[&str]; 4] = [
        &["edit", "milk"],
        &["edit", "milk", "--unit", "x", "--no-unit"],
        &["edit", "milk", "--min", "1", "--no-min"],
        &["--json", "edit", "milk"],
    ];
    for args in table {
        let run = env.run(args).code(2);
        assert_eq!(run.stdout, "", "{run}");
        assert!(run.stderr.starts_with("error: "), "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn stock_commands_on_a_missing_item_are_not_found_and_change_nothing() {
    let env = Env::new();
    milk(&env);
    let before = env.state();
    let table: [&[&str]; 4] = [
        &["edit", "bread", "--unit", "loaf"],
        &["adjust", "bread", "+3"],
        &["set", "bread", "12"],
        &["count", "bread", "11"],
    ];
    for args in table {
        let run = env.run(args).code(3);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.stderr, "countiq: error: no item named \"bread\" for owner \"alice\"\n",
            "{run}"
        );
        // Another owner's milk is just as missing.
        let mut bobs = args.to_vec();
        bobs[1] = "milk";
        bobs.extend(["--owner", "bob"]);
        env.run(&bobs).code(3);
    }
    assert_eq!(env.state(), before);
    assert_eq!(env.state_of("bob"), json!({"items": [], "history": []}));
}

#[test]
fn adjust_moves_the_quantity_by_a_signed_or_unsigned_delta() {
    let env = Env::new();
    let milk = milk(&env);
    let up = env.json(&["adjust", "milk", "+3"]);
    assert_eq!(up, changed_copy(&milk, &json!({"quantity": 7}), &up));
    let down = env.json(&["adjust", "milk", "-2", "--reason", "used in build 418"]);
    assert_eq!(down, changed_copy(&up, &json!({"quantity": 5}), &down));
    let plain = env.json(&["adjust", "milk", "3"]);
    assert_eq!(plain, changed_copy(&down, &json!({"quantity": 8}), &plain));
    assert_eq!(env.items(), json!([plain]));
    assert_eq!(
        movements(&env.history_of("alice")),
        [
            json!(["adjust", 5, 8, null]),
            json!(["adjust", 7, 5, "used in build 418"]),
            json!(["adjust", 4, 7, null]),
            json!(["add", null, 4, null]),
        ]
    );
}

#[test]
fn adjusting_below_zero_or_above_the_maximum_is_invalid_and_changes_nothing() {
    let env = Env::new();
    milk(&env);
    env.json(&["add", "salt", "--qty", &MAX_QTY.to_string()]);
    let before = env.state();
    let table: [(&[&str], &str); 3] = [
        (
            &["adjust", "milk", "-5"],
            "stock of \"milk\" would be -1 (4 -5); it must stay from 0 to 9007199254740991",
        ),
        (
            &["adjust", "salt", "+1"],
            "stock of \"salt\" would be 9007199254740992 (9007199254740991 +1); it must stay from 0 to 9007199254740991",
        ),
        (
            &["adjust", "milk", "+9007199254740991"],
            "stock of \"milk\" would be 9007199254740995 (4 +9007199254740991); it must stay from 0 to 9007199254740991",
        ),
    ];
    for (args, message) in table {
        let run = env.run(args).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    let run = env.run(&["--json", "adjust", "milk", "-5"]).code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.json_error(),
        json!({"error": {
            "kind": "invalid",
            "message": "stock of \"milk\" would be -1 (4 -5); it must stay from 0 to 9007199254740991",
            "exit_code": 5,
        }})
    );
    assert_eq!(env.state(), before);
}

#[test]
fn a_delta_that_is_not_a_whole_number_is_invalid_and_changes_nothing() {
    let env = Env::new();
    milk(&env);
    let before = env.state();
    for delta in ["abc", "1.5", "+-1", "9007199254740992"] {
        let run = env.run(&["adjust", "milk", delta]).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.stderr,
            format!(
                "countiq: error: invalid change {delta:?}: expected a whole number such as +3, -2 or 3, of at most 9007199254740991 either way\n"
            ),
            "{run}"
        );
    }
    assert_eq!(env.state(), before);
}

#[test]
fn set_and_count_put_the_level_where_they_are_told() {
    let env = Env::new();
    let milk = milk(&env);
    let set = env.json(&["set", "milk", "12", "--reason", "delivery"]);
    assert_eq!(set, changed_copy(&milk, &json!({"quantity": 12}), &set));
    let counted = env.json(&["count", "milk", "11"]);
    assert_eq!(
        counted,
        changed_copy(&set, &json!({"quantity": 11}), &counted)
    );
    assert_eq!(env.items(), json!([counted]));
    assert_eq!(
        movements(&env.history_of("alice")),
        [
            json!(["count", 12, 11, null]),
            json!(["set", 4, 12, "delivery"]),
            json!(["add", null, 4, null]),
        ]
    );
}

#[test]
fn a_count_that_confirms_the_level_is_recorded_but_a_set_to_the_same_level_is_not() {
    let env = Env::new();
    let milk = milk(&env);
    assert_eq!(env.json(&["set", "milk", "4"]), milk);
    assert_eq!(env.history_of("alice").as_array().map(Vec::len), Some(1));
    let counted = env.json(&["count", "milk", "4"]);
    assert_eq!(counted, changed_copy(&milk, &json!({}), &counted));
    assert_eq!(env.items(), json!([counted]));
    assert_eq!(
        movements(&env.history_of("alice")),
        [json!(["count", 4, 4, null]), json!(["add", null, 4, null])]
    );
}

#[test]
fn set_and_count_to_a_level_that_is_not_a_quantity_are_invalid_and_change_nothing() {
    let env = Env::new();
    milk(&env);
    let before = env.state();
    for command in ["set", "count"] {
        for (qty, expected) in [("-1", "must be"), ("x", "expected a whole number")] {
            let run = env.run(&[command, "milk", qty]).code(5);
            assert_eq!(run.stdout, "", "{run}");
            assert_eq!(
                run.stderr,
                format!(
                    "countiq: error: invalid quantity {qty:?}: {expected} from 0 to 9007199254740991\n"
                ),
                "{run}"
            );
        }
    }
    assert_eq!(env.state(), before);
}

#[test]
fn stock_commands_in_table_format_print_a_confirmation_line() {
    let env = Env::new();
    milk(&env);
    let table: [(&[&str], &str); 8] = [
        (&["adjust", "milk", "+3"], "adjusted \"milk\": 4 -> 7 (+3)"),
        (&["adjust", "milk", "-2"], "adjusted \"milk\": 7 -> 5 (-2)"),
        (&["adjust", "milk", "3"], "adjusted \"milk\": 5 -> 8 (+3)"),
        (&["set", "milk", "12"], "set \"milk\": 8 -> 12"),
        (&["count", "milk", "11"], "counted \"milk\": 11 (was 12)"),
        (
            &["edit", "milk", "--unit", "kg"],
            "edited \"milk\": unit kg, min 2",
        ),
        (
            &["edit", "milk", "--no-unit", "--no-min"],
            "edited \"milk\": unit none, min none",
        ),
        (
            &["edit", "milk", "--min", "20"],
            "edited \"milk\": unit none, min 20",
        ),
    ];
    for (args, line) in table {
        let run = env.run(args).success();
        assert_eq!(run.stdout, format!("{line}\n"), "{run}");
        assert_eq!(run.stderr, "", "{run}");
    }
    let quiet = env.run(&["-q", "adjust", "milk", "+1"]).success();
    assert_eq!(
        (quiet.stdout.as_str(), quiet.stderr.as_str()),
        ("", ""),
        "{quiet}"
    );
    let item = &env.items()[0];
    assert_eq!(
        (&item["quantity"], &item["unit"], &item["min"]),
        (&json!(12), &json!(null), &json!(20))
    );
}

#[test]
fn dry_run_adjust_prints_the_change_but_keeps_nothing() {
    let env = Env::new();
    let milk = milk(&env);
    let before = env.state();
    let run = env.run(&["--dry-run", "adjust", "milk", "+3"]).success();
    assert_eq!(run.stdout, "adjusted \"milk\": 4 -> 7 (+3)\n", "{run}");
    assert_eq!(run.stderr, "dry run: nothing was changed\n", "{run}");
    let run = env
        .run(&["--dry-run", "--json", "adjust", "milk", "-4"])
        .success();
    let item = run.json();
    assert_eq!(item, changed_copy(&milk, &json!({"quantity": 0}), &item));
    assert_eq!(env.state(), before);
}

/// Alice's stock for the `low` tests: milk and salt are below their
/// reorder level; flour is exactly at it, bread has none, eggs plenty.
fn pantry(env: &Env) -> [Value; 5] {
    [
        env.json(&["add", "milk", "--qty", "1", "--unit", "L", "--min", "2"]),
        env.json(&["add", "bread", "--qty", "0"]),
        env.json(&["add", "eggs", "--qty", "12", "--min", "6"]),
        env.json(&["add", "flour", "--qty", "5", "--unit", "kg", "--min", "5"]),
        env.json(&["add", "salt", "--qty", "0", "--min", "1"]),
    ]
}

#[test]
fn low_lists_only_items_below_their_min_in_every_format() {
    let env = Env::new();
    let [milk, _, _, _, salt] = pantry(&env);
    assert_eq!(env.json(&["low"]), json!([milk, salt]));

    let ndjson = env.run(&["low", "--format", "ndjson"]).success();
    assert_eq!(ndjson.ndjson(), vec![milk.clone(), salt.clone()]);

    let at = |item: &Value, field: &str| item[field].as_str().unwrap().to_owned();
    let csv = env.run(&["low", "--format", "csv"]).success();
    assert_eq!(
        csv.stdout,
        format!(
            "{CSV_HEADER}\n1,alice,milk,1,{},{},L,2,,,,\n5,alice,salt,0,{},{},,1,,,,\n",
            at(&milk, "created_at"),
            at(&milk, "updated_at"),
            at(&salt, "created_at"),
            at(&salt, "updated_at"),
        ),
        "{csv}"
    );

    let table = env.run(&["low"]).success();
    assert_eq!(
        table.stdout,
        format!(
            "ID  NAME  QUANTITY  UNIT  MIN  UPDATED\n \
             1  milk         1  L       2  {}\n \
             5  salt         0          1  {}\n",
            at(&milk, "updated_at"),
            at(&salt, "updated_at"),
        ),
        "{table}"
    );
    assert_eq!(table.stderr, "", "{table}");
}

#[test]
fn low_check_exits_9_when_any_item_is_below_its_min_and_0_when_none_is() {
    let env = Env::new();
    let [milk, _, _, _, salt] = pantry(&env);
    let run = env.run(&["--json", "low", "--check"]).code(9);
    assert_eq!(run.json(), json!([milk, salt]));
    // The human note is for tables; JSON output keeps stderr for errors.
    assert_eq!(run.stderr, "", "{run}");
    let table = env.run(&["low", "--check"]).code(9);
    assert_eq!(
        table.stderr, "2 item(s) below their reorder level\n",
        "{table}"
    );
    // Like `grep -q`: the exit status only, in every format.
    for format in ["table", "json", "ndjson", "csv"] {
        let quiet = env
            .run(&["--format", format, "low", "--check", "-q"])
            .code(9);
        assert_eq!(
            (quiet.stdout.as_str(), quiet.stderr.as_str()),
            ("", ""),
            "{quiet}"
        );
    }

    env.json(&["set", "milk", "2"]);
    env.json(&["edit", "salt", "--no-min"]);
    let run = env.run(&["low", "--check"]).success();
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        ("", ""),
        "{run}"
    );
    env.run(&["--json", "low", "--check"]).success();
}

#[test]
fn low_on_a_database_that_does_not_exist_finds_nothing_and_creates_nothing() {
    let env = Env::new();
    assert_eq!(env.run(&["low", "--check"]).success().stdout, "");
    assert_eq!(env.json(&["low"]), json!([]));
    assert!(!env.has_database(), "low created the database");
}
