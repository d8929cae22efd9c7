//! `countiq remove`: all named items or none of them.

use serde_json::{Value, json};

use crate::util::Env;

/// A JSON array of items ordered by id, whatever order it came in.
fn by_id(items: &Value) -> Vec<Value> {
    let mut items = items.as_array().expect("an array of items").clone();
    items.sort_by_key(|item| item["id"].as_i64());
    items
}

#[test]
fn remove_one_item_prints_it_and_it_is_gone() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let bread = env.add("bread", 1);
    assert_eq!(env.json(&["remove", "MILK"]), json!([milk]));
    assert_eq!(env.items(), json!([bread]));
}

#[test]
fn remove_many_items_in_one_call_prints_all_of_them() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let bread = env.add("bread", 1);
    let eggs = env.add("eggs", 12);
    let removed = env.json(&["remove", "milk", "eggs"]);
    assert_eq!(by_id(&removed), vec![milk, eggs]);
    assert_eq!(env.items(), json!([bread]));
}

#[test]
fn remove_with_a_missing_name_removes_nothing() {
    let env = Env::new();
    env.add("milk", 2);
    env.add("bread", 1);
    let before = env.items();
    let run = env.run(&["remove", "milk", "nope", "bread"]).code(3);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr, "countiq: error: no item named \"nope\" for owner \"alice\"\n",
        "{run}"
    );
    let run = env.run(&["remove", "gone", "milk", "nope"]).code(3);
    assert_eq!(
        run.stderr, "countiq: error: no items named \"gone\", \"nope\" for owner \"alice\"\n",
        "{run}"
    );
    assert_eq!(env.items(), before);
}

#[test]
fn missing_ok_skips_missing_names_and_removes_the_rest() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let bread = env.add("bread", 1);
    let removed = env.json(&["remove", "nope", "milk", "--missing-ok"]);
    assert_eq!(removed, json!([milk]));
    assert_eq!(env.items(), json!([bread]));
    assert_eq!(
        env.json(&["remove", "nope", "--missing-ok"]),
        json!([]),
        "nothing to remove is still a success"
    );
    assert_eq!(env.items(), json!([bread]));
}

#[test]
fn naming_the_same_item_twice_removes_it_once() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    assert_eq!(
        env.json(&["remove", "milk", "MILK", " milk "]),
        json!([milk])
    );
    assert_eq!(env.items(), json!([]));
}

#[test]
fn removing_for_another_owner_leaves_alices_items_alone() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let before = env.items();
    let run = env.run(&["remove", "milk", "--owner", "bob"]).code(3);
    assert_eq!(
        run.stderr, "countiq: error: no item named \"milk\" for owner \"bob\"\n",
        "{run}"
    );
    assert_eq!(env.items(), before);

    let bobs = env.json(&["add", "milk", "--owner", "bob"]);
    assert_eq!(
        env.json(&["remove", "milk", "--owner", "bob"]),
        json!([bobs])
    );
    assert_eq!(env.items(), json!([milk]));
    assert_eq!(env.items_of("bob"), json!([]));
}

#[test]
fn ids_are_never_reused_after_a_remove() {
    let env = Env::new();
    let bread = env.add("bread", 1);
    let milk = env.add("milk", 1);
    env.json(&["remove", "milk"]);
    let again = env.add("milk", 1);
    assert!(
        again["id"].as_i64() > milk["id"].as_i64(),
        "removed id {} was reused: {again}",
        milk["id"]
    );
    assert_eq!(env.items(), json!([bread, again]));
}

#[test]
fn remove_in_table_format_prints_a_confirmation_line() {
    let env = Env::new();
    env.add("milk", 1);
    env.add("bread", 1);
    env.add("eggs", 1);
    let one = env.run(&["remove", "eggs"]).success();
    assert_eq!(one.stdout, "removed \"eggs\" (id 3)\n", "{one}");
    let two = env.run(&["remove", "milk", "bread"]).success();
    assert_eq!(
        two.stdout, "removed 2 items: \"milk\", \"bread\"\n",
        "{two}"
    );
    let none = env.run(&["remove", "nope", "--missing-ok"]).success();
    assert_eq!(none.stdout, "nothing removed\n", "{none}");
    assert_eq!(env.items(), json!([]));
}

#[test]
fn remove_in_ndjson_and_csv_prints_the_removed_items() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let run = env.run(&["remove", "milk", "--format", "ndjson"]).success();
    assert_eq!(run.ndjson(), vec![milk]);
    assert_eq!(run.stdout.lines().count(), 1, "{run}");

    let bread = env.add("bread, white", 1);
    let run = env
        .run(&["remove", "bread, white", "--format", "csv"])
        .success();
    assert_eq!(
        run.stdout,
        format!(
            "id,owner,name,quantity,created_at,updated_at,unit,min,location,tags,code,note\n{},alice,\"bread, white\",1,{},{},,,,,,\n",
            bread["id"],
            bread["created_at"].as_str().unwrap(),
            bread["updated_at"].as_str().unwrap()
        ),
        "{run}"
    );
    assert_eq!(env.items(), json!([]));
}

#[test]
fn dry_run_remove_prints_the_items_but_keeps_them() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let before = env.items();
    let run = env
        .run(&["--dry-run", "--json", "remove", "milk"])
        .success();
    assert_eq!(run.json(), json!([milk]));
    assert_eq!(env.items(), before);
}

#[test]
fn names_beginning_with_a_dash_are_removed_after_double_dash() {
    let env = Env::new();
    let dash = env.json(&["add", "--", "-x"]);
    assert_eq!(env.json(&["remove", "--", "-x"]), json!([dash]));
    assert_eq!(env.items(), json!([]));
}
