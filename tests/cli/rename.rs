//! `countiq rename`: the id stays, the name and `updated_at` change.

use serde_json::{Value, json};

use crate::util::Env;

/// `item` as `rename` should leave it: a new name, every other field but
/// `updated_at` the same, and `updated_at` taken from `renamed`.
fn renamed_copy(item: &Value, name: &str, renamed: &Value) -> Value {
    let mut expected = item.clone();
    expected["name"] = json!(name);
    expected["updated_at"] = renamed["updated_at"].clone();
    expected
}

#[test]
fn rename_keeps_the_id_and_changes_the_name_and_updated_at() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let bread = env.add("bread", 1);
    let renamed = env.json(&["rename", "milk", "oat milk"]);
    assert_eq!(renamed, renamed_copy(&milk, "oat milk", &renamed));
    // RFC 3339 with a fixed width compares in time order as text.
    assert!(
        renamed["updated_at"].as_str() > milk["updated_at"].as_str(),
        "updated_at did not move: {milk} -> {renamed}"
    );
    assert_eq!(env.items(), json!([bread, renamed]));
}

#[test]
fn renaming_a_missing_item_is_not_found_and_changes_nothing() {
    let env = Env::new();
    env.add("milk", 2);
    let before = env.items();
    let run = env.run(&["rename", "bread", "toast"]).code(3);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr, "countiq: error: no item named \"bread\" for owner \"alice\"\n",
        "{run}"
    );
    assert_eq!(env.items(), before);
}

#[test]
fn renaming_another_owners_item_is_not_found() {
    let env = Env::new();
    env.add("milk", 2);
    let before = env.items();
    let run = env
        .run(&["rename", "milk", "oat milk", "--owner", "bob"])
        .code(3);
    assert_eq!(
        run.stderr, "countiq: error: no item named \"milk\" for owner \"bob\"\n",
        "{run}"
    );
    assert_eq!(env.items(), before);
}

#[test]
fn failed_rename_to_a_taken_name_leaves_state_unchanged() {
    let env = Env::new();
    env.add("milk", 2);
    env.add("bread", 1);
    let before = env.items();
    for taken in ["milk", "MILK", "  Milk "] {
        let run = env.run(&["rename", "bread", taken]).code(4);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.stderr,
            "countiq: error: an item named \"milk\" already exists for owner \"alice\"\n",
            "{run}"
        );
    }
    assert_eq!(env.items(), before);
}

#[test]
fn a_rename_that_changes_only_case_updates_the_display_name() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let renamed = env.json(&["rename", "milk", "Milk"]);
    assert_eq!(renamed, renamed_copy(&milk, "Milk", &renamed));
    assert_ne!(renamed["updated_at"], milk["updated_at"]);
    assert_eq!(env.items(), json!([renamed]));
}

#[test]
fn a_rename_that_changes_case_and_spacing_updates_the_display_name() {
    let env = Env::new();
    let oat = env.add("oat milk", 2);
    let renamed = env.json(&["rename", " OAT   milk ", "  Oat \u{a0} Milk"]);
    assert_eq!(renamed, renamed_copy(&oat, "Oat Milk", &renamed));
    assert_eq!(env.items(), json!([renamed]));
}

#[test]
fn renaming_to_the_same_name_succeeds_and_changes_nothing() {
    let env = Env::new();
    let milk = env.add("oat milk", 2);
    let before = env.items();
    // Only spacing differs, and spacing is normalised away: the same name.
    assert_eq!(env.json(&["rename", "oat milk", "oat  milk "]), milk);
    assert_eq!(env.json(&["rename", "oat milk", "oat milk"]), milk);
    assert_eq!(env.items(), before);
}

#[test]
fn renaming_to_an_invalid_name_changes_nothing() {
    let env = Env::new();
    env.add("milk", 2);
    let before = env.items();
    let run = env.run(&["rename", "milk", "oat\tmilk"]).code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        "countiq: error: invalid item name \"oat\\tmilk\": control character U+0009 is not allowed\n",
        "{run}"
    );
    assert_eq!(env.items(), before);
}

#[test]
fn rename_prints_one_ndjson_line_or_a_csv_header_and_row() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let run = env
        .run(&["rename", "milk", "oat milk", "--format", "ndjson"])
        .success();
    let [renamed] = run.ndjson().try_into().expect("exactly one line");
    assert_eq!(renamed, renamed_copy(&milk, "oat milk", &renamed));

    let run = env
        .run(&["rename", "oat milk", "milk, \"oat\"", "--format", "csv"])
        .success();
    let after = env.items()[0].clone();
    assert_eq!(after["name"], json!("milk, \"oat\""));
    assert_eq!(
        run.stdout,
        format!(
            "id,owner,name,quantity,created_at,updated_at,unit,min,location,tags,code,note\n{},alice,\"milk, \"\"oat\"\"\",2,{},{},,,,,,\n",
            milk["id"],
            milk["created_at"].as_str().unwrap(),
            after["updated_at"].as_str().unwrap()
        ),
        "{run}"
    );
}

#[test]
fn rename_in_table_format_prints_a_confirmation_line() {
    let env = Env::new();
    env.add("milk", 2);
    let run = env.run(&["rename", "milk", "oat milk"]).success();
    assert_eq!(
        run.stdout, "renamed \"milk\" to \"oat milk\" (id 1)\n",
        "{run}"
    );
    assert_eq!(run.stderr, "", "{run}");
}
