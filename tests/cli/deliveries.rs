//! Deliveries and details in bulk: `import` and `apply` carry locations,
//! tags, codes and notes; `import --on-conflict add` merges a delivery
//! into the stock; rows and lines name items by `name`, `id` or `code`;
//! `apply` edits, counts, moves and tags. Every failure changes nothing.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::util::Env;

/// 2^53 - 1, the largest quantity.
const MAX_QTY: u64 = (1 << 53) - 1;

/// What a replayed run says on stderr.
const REPLAYED: &str = "replayed: this idempotency key was already used; nothing changed now\n";

/// Every item of `items` without the fields a database gives it (its id
/// and timestamps): what an import into another database must reproduce.
fn portable(items: &Value) -> Value {
    items
        .as_array()
        .expect("an array of items")
        .iter()
        .map(|item| {
            let mut item = item.clone();
            let fields = item.as_object_mut().expect("an item object");
            for field in ["id", "created_at", "updated_at"] {
                fields.remove(field);
            }
            item
        })
        .collect()
}

/// Alice's stock with every new field used, in ways that break naive CSV
/// and JSON writers: commas and quotes in notes, a note over two lines,
/// several tags, a code of digits with leading zeros.
fn detailed_stock(env: &Env) {
    let adds: [&[&str]; 4] = [
        &[
            "add",
            "milk",
            "--qty",
            "4",
            "--unit",
            "L",
            "--min",
            "2",
            "--at",
            "fridge/top",
            "--code",
            "0040063",
        ],
        &["add", "bolts", "--qty", "40", "--at", "garage/shelf 2"],
        &["add", "tea", "--qty", "0"],
        &["add", "say \"hi\", ok", "--code", "X-1/\"q\""],
    ];
    for args in adds {
        env.run(args).success();
    }
    env.run(&["tag", "milk", "Cold", "dairy"]).success();
    env.run(&["tag", "bolts", "m6", "hardware"]).success();
    env.run(&["edit", "milk", "--note", "oat, not \"soy\"\nsecond line"])
        .success();
    env.run(&["edit", "tea", "--note", "loose"]).success();
}

#[test]
fn export_then_import_into_an_empty_database_keeps_every_field_in_every_format() {
    let source = Env::new();
    detailed_stock(&source);
    let expected = portable(&source.items());
    assert_eq!(expected[1]["tags"], json!(["Cold", "dairy"]), "{expected}");
    for format in ["json", "ndjson", "csv"] {
        let exported = source.run(&["--format", format, "export"]).success();
        let target = Env::new();
        let file = format!("items.{format}");
        target.write(&file, &exported.stdout);
        target.run(&["import", &file]).success();
        assert_eq!(portable(&target.items()), expected, "{format}\n{exported}");
        let again = target.run(&["--format", format, "export"]).success();
        assert_eq!(
            again.stdout.len(),
            exported.stdout.len(),
            "{format}\n{again}"
        );
        target.assert_consistent();
    }
}

/// Imports `file` holding `text` into `env`: exit `code`, exactly
/// `message`, and nothing changed.
#[track_caller]
fn assert_import_fails(
    env: &Env,
    args: &[&str],
    (file, text): (&str, &str),
    code: i32,
    message: &str,
) {
    let before = env.state();
    env.write(file, text);
    let run = env.run(&[&["import", file], args].concat()).code(code);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    assert_eq!(env.state(), before, "{run}");
}

#[test]
fn a_detail_that_breaks_its_rule_imports_nothing_and_names_its_line() {
    let env = Env::new();
    detailed_stock(&env);
    let long_code = "1".repeat(65);
    let cases = [
        (
            "loc.ndjson".to_owned(),
            "{\"name\":\"a\"}\n{\"name\":\"b\",\"location\":\"garage//shelf\"}\n".to_owned(),
            "line 2: invalid location \"garage//shelf\": a segment is empty (write `a/b`, not `a//b` or `/a`)"
                .to_owned(),
        ),
        (
            "code.json".to_owned(),
            format!("[{{\"name\":\"a\"}},\n\n{{\"name\":\"b\",\"code\":\"{long_code}\"}}]"),
            "line 3: invalid code: 65 characters is longer than the limit of 64".to_owned(),
        ),
        (
            "tag.csv".to_owned(),
            "name,tags\na,\"x,y\"\nb,\"ok,bad\u{7}tag\"\n".to_owned(),
            "line 3: invalid tag \"bad\\u{7}tag\": control character U+0007 is not allowed"
                .to_owned(),
        ),
        (
            "tags.ndjson".to_owned(),
            "{\"name\":\"a\",\"tags\":\"x,y\"}\n".to_owned(),
            "line 1: invalid type: string \"x,y\", expected a sequence (column 24)".to_owned(),
        ),
        (
            "note.ndjson".to_owned(),
            "{\"name\":\"a\",\"note\":\"bell\\u0007\"}\n".to_owned(),
            "line 1: invalid note \"bell\\u{7}\": control character U+0007 is not allowed"
                .to_owned(),
        ),
    ];
    for (file, text, message) in &cases {
        for args in [
            &[][..],
            &["--on-conflict", "replace"],
            &["--on-conflict", "add"],
        ] {
            assert_import_fails(&env, args, (file, text), 5, message);
        }
    }
}

#[test]
fn a_code_held_by_another_item_or_an_earlier_row_is_a_conflict_naming_the_line() {
    let env = Env::new();
    detailed_stock(&env);
    let taken = "countiq: error: line 2: the code \"0040063\" is already on the item \"milk\" of owner \"alice\"";
    for args in [
        &[][..],
        &["--on-conflict", "skip"],
        &["--on-conflict", "add"],
    ] {
        assert_import_fails(
            &env,
            args,
            (
                "new.ndjson",
                "{\"name\":\"eggs\"}\n{\"name\":\"oat milk\",\"code\":\"0040063\"}\n",
            ),
            4,
            taken.strip_prefix("countiq: error: ").unwrap(),
        );
    }
    // Replacing or adding to tea with milk's code.
    for args in [&["--on-conflict", "replace"][..], &["--on-conflict", "add"]] {
        assert_import_fails(
            &env,
            args,
            (
                "tea.ndjson",
                "{\"name\":\"eggs\"}\n{\"name\":\"tea\",\"quantity\":0,\"code\":\"0040063\"}\n",
            ),
            4,
            taken.strip_prefix("countiq: error: ").unwrap(),
        );
    }
    // Two rows of one file with the same code, past a batch of rows.
    let mut rows = String::new();
    for i in 0..150 {
        writeln!(rows, "{{\"name\":\"item {i}\",\"code\":\"C{i}\"}}").unwrap();
    }
    rows.push_str("{\"name\":\"late\",\"code\":\"C7\"}\n");
    for args in [&[][..], &["--on-conflict", "replace"]] {
        assert_import_fails(
            &env,
            args,
            ("same.ndjson", &rows),
            4,
            "line 151: the code \"C7\" is already on the item \"item 7\" of owner \"alice\"",
        );
    }
}

#[test]
fn on_conflict_replace_replaces_the_new_fields_and_undo_restores_them() {
    let env = Env::new();
    detailed_stock(&env);
    let before = env.items();
    env.write(
        "milk.json",
        "[{\"name\":\"MILK\",\"quantity\":1,\"unit\":\"L\",\"location\":\"cellar\",\
          \"tags\":[\"fresh\"],\"code\":\"M-2\",\"note\":null}]",
    );
    let summary = env.json(&["import", "milk.json", "--on-conflict", "replace"]);
    assert_eq!(
        summary,
        json!({"ops": [9], "rows": 1, "created": 0, "replaced": 1, "skipped": 0, "added": 0})
    );
    let milk = &env.json(&["list", "--code", "M-2"])[0];
    assert_eq!(
        portable(&json!([milk])),
        json!([{
            "owner": "alice", "name": "MILK", "quantity": 1, "unit": "L", "min": null,
            "location": "cellar", "tags": ["fresh"], "code": "M-2", "note": null,
        }])
    );
    let event = &env.history_of("alice")[0];
    assert_eq!(
        (
            &event["kind"],
            &event["location_before"],
            &event["location_after"],
            &event["tags_before"],
            &event["tags_after"],
            &event["code_before"],
            &event["code_after"],
        ),
        (
            &json!("import"),
            &json!("fridge/top"),
            &json!("cellar"),
            &json!(["Cold", "dairy"]),
            &json!(["fresh"]),
            &json!("0040063"),
            &json!("M-2"),
        )
    );
    env.run(&["undo"]).success();
    assert_eq!(portable(&env.items()), portable(&before));
    env.assert_consistent();
}

#[test]
fn on_conflict_add_adds_the_quantity_creates_new_items_and_undo_takes_it_back() {
    let env = Env::new();
    detailed_stock(&env);
    let before = env.items();
    env.write(
        "delivery.csv",
        "name,quantity,unit,code\nmilk,6,L,0040063\neggs,12,,\nbolts,0,,\n",
    );
    let run = env
        .run(&["import", "delivery.csv", "--on-conflict", "add"])
        .success();
    assert_eq!(
        run.stdout, "imported 3 rows: 1 created, 1 added, 1 skipped (operation 9)\n",
        "{run}"
    );
    let items = env.items();
    let milk = &items[2];
    assert_eq!(
        (&milk["name"], &milk["quantity"]),
        (&json!("milk"), &json!(10))
    );
    let unchanged = |item: &Value| {
        let mut item = item.clone();
        item["quantity"] = json!(null);
        item["updated_at"] = json!(null);
        item
    };
    assert_eq!(
        unchanged(milk),
        unchanged(&before[1]),
        "only the quantity changes"
    );
    assert_eq!(items[1]["name"], "eggs");
    assert_eq!(items[0], before[0], "a row adding 0 changes nothing");
    let history = env.history_of("alice");
    let summary: Vec<Value> = history
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|e| {
            json!([
                e["op"],
                e["kind"],
                e["name_after"],
                e["qty_before"],
                e["qty_after"]
            ])
        })
        .collect();
    assert_eq!(
        summary,
        [
            json!([9, "import", "eggs", null, 12]),
            json!([9, "import", "milk", 4, 10]),
        ]
    );
    env.assert_consistent();
    let run = env.run(&["undo"]).success();
    assert_eq!(
        run.stdout, "undid operation 9 (import): 2 item(s) reverted, recorded as operation 10\n",
        "{run}"
    );
    assert_eq!(portable(&env.items()), portable(&before));
    env.assert_consistent();
}

#[test]
fn on_conflict_add_refuses_another_unit_and_a_sum_out_of_range() {
    let env = Env::new();
    detailed_stock(&env);
    env.run(&["set", "bolts", &(MAX_QTY - 1).to_string()])
        .success();
    let add = &["--on-conflict", "add"][..];
    assert_import_fails(
        &env,
        add,
        (
            "kg.ndjson",
            "{\"name\":\"eggs\"}\n{\"name\":\"milk\",\"quantity\":1,\"unit\":\"kg\"}\n",
        ),
        5,
        "line 2: cannot add a quantity in unit \"kg\" to \"milk\", whose unit is \"L\"",
    );
    assert_import_fails(
        &env,
        add,
        ("none.ndjson", "{\"name\":\"milk\",\"quantity\":1}\n"),
        5,
        "line 1: cannot add a quantity in unit none to \"milk\", whose unit is \"L\"",
    );
    assert_import_fails(
        &env,
        add,
        (
            "boxes.ndjson",
            "{\"name\":\"bolts\",\"quantity\":1,\"unit\":\"boxes\"}\n",
        ),
        5,
        "line 1: cannot add a quantity in unit \"boxes\" to \"bolts\", whose unit is none",
    );
    assert_import_fails(
        &env,
        add,
        (
            "big.ndjson",
            "{\"name\":\"bolts\",\"quantity\":1}\n{\"name\":\"bolts\",\"quantity\":1}\n",
        ),
        5,
        &format!(
            "line 2: stock of \"bolts\" would be {} ({MAX_QTY} +1); it must stay from 0 to {MAX_QTY}",
            MAX_QTY + 1
        ),
    );
}

#[test]
fn rows_without_a_name_refer_to_existing_items_by_id_or_else_by_code() {
    let env = Env::new();
    detailed_stock(&env);
    let bolts_id = env.json(&["list", "--at", "garage"])[0]["id"].clone();
    env.write(
        "by-ref.ndjson",
        format!(
            "{{\"code\":\"0040063\",\"quantity\":2,\"unit\":\"L\"}}\n\
             {{\"id\":{bolts_id},\"code\":\"B-6\",\"quantity\":5}}\n"
        ),
    );
    let summary = env.json(&["import", "by-ref.ndjson", "--on-conflict", "add"]);
    assert_eq!(
        summary,
        json!({"ops": [9], "rows": 2, "created": 0, "replaced": 0, "skipped": 0, "added": 2})
    );
    let items = env.items();
    assert_eq!(
        (
            &items[0]["quantity"],
            &items[0]["code"],
            &items[1]["quantity"]
        ),
        (&json!(45), &json!(null), &json!(6)),
        "add changes only the quantity: {items}"
    );
    // Under replace, a row by id keeps the item's name and takes its code.
    env.write(
        "replace.ndjson",
        format!("{{\"id\":{bolts_id},\"code\":\"B-6\",\"quantity\":7}}\n"),
    );
    env.run(&["import", "replace.ndjson", "--on-conflict", "replace"])
        .success();
    let bolts = &env.json(&["list", "--code", "B-6"])[0];
    assert_eq!(
        (&bolts["name"], &bolts["quantity"], &bolts["location"]),
        (&json!("bolts"), &json!(7), &json!(null))
    );

    // A row with a name is matched by name: its id is another database's.
    env.write(
        "named.ndjson",
        "{\"id\":1,\"name\":\"oats\",\"quantity\":3}\n",
    );
    env.run(&["import", "named.ndjson"]).success();
    let items = env.items();
    let oats = items
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["name"] == "oats")
        .expect("oats imported");
    assert_ne!(oats["id"], 1, "{items}");

    assert_import_fails(
        &env,
        &[],
        ("fail.ndjson", "{\"code\":\"0040063\",\"quantity\":2}\n"),
        4,
        "line 1: \"=0040063\" is the existing item \"milk\"; a row without a name changes an \
         existing item only with --on-conflict skip, replace or add",
    );
    for args in [&[][..], &["--on-conflict", "add"]] {
        assert_import_fails(
            &env,
            args,
            ("missing.ndjson", "{\"name\":\"x\"}\n{\"code\":\"nope\"}\n"),
            3,
            "line 2: no item with code \"nope\" for owner \"alice\"",
        );
        assert_import_fails(
            &env,
            args,
            ("missing-id.csv", "id,quantity\n999,1\n"),
            3,
            "line 2: no item with id 999 for owner \"alice\"",
        );
        assert_import_fails(
            &env,
            args,
            ("nothing.ndjson", "{\"quantity\":2}\n"),
            5,
            "line 1: the row has no \"name\" (nor an \"id\" or \"code\" of an existing item)",
        );
    }
}

/// A batch using every new op, naming items by name, id and code.
fn new_ops_batch(milk_id: &Value) -> String {
    format!(
        r#"{{"op":"edit","name":"milk","note":"skimmed","code":"M-9","min":null,"expect_quantity":4}}
{{"op":"count","code":"M-9","quantity":3}}
{{"op":"count","name":"tea","quantity":0}}
{{"op":"move","id":{milk_id},"to":"fridge / door"}}
{{"op":"move","name":"bolts","to":null}}
{{"op":"tag","name":"bolts","add":["Steel"],"remove":["m6"]}}
{{"op":"tag","code":"M-9","remove":["dairy","absent"]}}
{{"op":"edit","code":"X-1/\"q\"","unit":"pcs","note":null}}
{{"op":"add","name":"eggs","quantity":12,"location":"fridge","tags":["fresh"],"code":"E-1","note":"free range","expect_exists":false}}
{{"op":"adjust","code":"E-1","delta":-2}}
"#
    )
}

#[test]
fn apply_edits_counts_moves_and_tags_as_one_undoable_operation() {
    let env = Env::new();
    detailed_stock(&env);
    let before = env.items();
    let milk_id = before[1]["id"].clone();
    env.write("batch.ndjson", new_ops_batch(&milk_id));
    let run = env.run(&["--json", "apply", "batch.ndjson"]).success();
    // The count of tea confirms its level: still a stocktake, recorded.
    assert_eq!(run.json(), json!({"op": 9, "lines": 10, "changed": 10}));
    assert_eq!(
        portable(&env.items()),
        json!([
            {"owner": "alice", "name": "bolts", "quantity": 40, "unit": null, "min": null,
             "location": null, "tags": ["hardware", "Steel"], "code": null, "note": null},
            {"owner": "alice", "name": "eggs", "quantity": 10, "unit": null, "min": null,
             "location": "fridge", "tags": ["fresh"], "code": "E-1", "note": "free range"},
            {"owner": "alice", "name": "milk", "quantity": 3, "unit": "L", "min": null,
             "location": "fridge/door", "tags": ["Cold"], "code": "M-9", "note": "skimmed"},
            {"owner": "alice", "name": "say \"hi\", ok", "quantity": 1, "unit": "pcs", "min": null,
             "location": null, "tags": [], "code": "X-1/\"q\"", "note": null},
            {"owner": "alice", "name": "tea", "quantity": 0, "unit": null, "min": null,
             "location": null, "tags": [], "code": null, "note": "loose"},
        ])
    );
    let history = env.history_of("alice");
    let kinds: Vec<&Value> = history.as_array().unwrap()[..10]
        .iter()
        .map(|e| &e["kind"])
        .collect();
    assert_eq!(
        kinds,
        [
            "adjust", "add", "edit", "untag", "tag", "move", "move", "count", "count", "edit"
        ]
    );
    let edit = &history[9];
    assert_eq!(
        (
            &edit["code_before"],
            &edit["code_after"],
            &edit["note_after"],
            &edit["min_before"],
            &edit["min_after"]
        ),
        (
            &json!("0040063"),
            &json!("M-9"),
            &json!("skimmed"),
            &json!(2),
            &json!(null)
        )
    );
    env.assert_consistent();
    let run = env.run(&["undo"]).success();
    assert_eq!(
        run.stdout, "undid operation 9 (apply): 9 item(s) reverted, recorded as operation 10\n",
        "{run}"
    );
    assert_eq!(portable(&env.items()), portable(&before));
    env.assert_consistent();
}

#[test]
fn a_bad_line_with_the_new_ops_applies_nothing_and_names_its_line() {
    let env = Env::new();
    detailed_stock(&env);
    let first = "{\"op\":\"move\",\"name\":\"milk\",\"to\":\"cellar\"}\n";
    let cases = [
        (
            "{\"op\":\"count\",\"code\":\"nope\",\"quantity\":1}",
            3,
            "line 2: no item with code \"nope\" for owner \"alice\"",
        ),
        (
            "{\"op\":\"remove\",\"id\":999}",
            3,
            "line 2: no item with id 999 for owner \"alice\"",
        ),
        (
            "{\"op\":\"edit\",\"name\":\"tea\",\"code\":\"0040063\"}",
            4,
            "line 2: the code \"0040063\" is already on the item \"milk\" of owner \"alice\"",
        ),
        (
            "{\"op\":\"add\",\"name\":\"eggs\",\"code\":\"0040063\"}",
            4,
            "line 2: the code \"0040063\" is already on the item \"milk\" of owner \"alice\"",
        ),
        (
            "{\"op\":\"move\",\"code\":\"0040063\",\"to\":\"x\",\"expect_quantity\":5}",
            4,
            "line 2: precondition failed: \"milk\" has quantity 4, expected 5",
        ),
        (
            "{\"op\":\"tag\",\"code\":\"0040063\",\"add\":[\"a\"],\"expect_exists\":false}",
            4,
            "line 2: precondition failed: expected \"=0040063\" not to exist",
        ),
        (
            "{\"op\":\"move\",\"name\":\"milk\",\"to\":\"a//b\"}",
            5,
            "line 2: invalid location \"a//b\": a segment is empty (write `a/b`, not `a//b` or `/a`)",
        ),
        (
            "{\"op\":\"edit\",\"name\":\"milk\",\"note\":\"tab\\there\"}",
            5,
            "line 2: invalid note \"tab\\there\": control character U+0009 is not allowed",
        ),
        (
            "{\"op\":\"tag\",\"name\":\"milk\",\"add\":[\"x\"],\"remove\":[\"X\"]}",
            5,
            "line 2: the tag \"x\" is both added and removed",
        ),
        (
            "{\"op\":\"edit\",\"name\":\"milk\"}",
            5,
            "line 2: \"edit\" needs \"unit\", \"min\", \"note\" or \"code\"",
        ),
    ];
    crate::bulk::assert_bad_second_lines(&env, first, &cases);
}

#[test]
fn idempotency_keys_replay_an_added_delivery_and_a_batch_of_new_ops() {
    let env = Env::new();
    detailed_stock(&env);
    env.write(
        "delivery.ndjson",
        "{\"code\":\"0040063\",\"quantity\":6,\"unit\":\"L\"}\n",
    );
    let import = [
        "import",
        "delivery.ndjson",
        "--on-conflict",
        "add",
        "--idempotency-key",
        "k-delivery",
    ];
    let first = env.run(&import).success();
    assert_eq!(
        first.stdout, "imported 1 rows: 0 created, 1 added, 0 skipped (operation 9)\n",
        "{first}"
    );
    let after = env.state();
    let again = env.run(&import).success();
    assert_eq!(
        (again.stdout.as_str(), again.stderr.as_str()),
        (first.stdout.as_str(), REPLAYED)
    );
    assert_eq!(env.state(), after, "a replay adds nothing");
    // Another policy with the same key is another request.
    let other = [
        &import[..3],
        &["replace", "--idempotency-key", "k-delivery"],
    ]
    .concat();
    env.run(&other).code(4);

    let batch = "{\"op\":\"tag\",\"name\":\"tea\",\"add\":[\"green\"]}\n";
    let apply = ["apply", "-", "--idempotency-key", "k-batch"];
    let first = env.run_with_stdin(&apply, batch).success();
    let after = env.state();
    let again = env.run_with_stdin(&apply, batch).success();
    assert_eq!(
        (again.stdout.as_str(), again.stderr.as_str()),
        (first.stdout.as_str(), REPLAYED)
    );
    assert_eq!(env.state(), after);
    env.run_with_stdin(
        &apply,
        "{\"op\":\"tag\",\"name\":\"tea\",\"add\":[\"black\"]}\n",
    )
    .code(4);
    assert_eq!(env.state(), after);
}
