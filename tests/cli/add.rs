//! `countiq add`: quantities, name rules, conflicts, `--exists-ok`,
//! `--dry-run` and the human output.

use serde_json::{Value, json};

use crate::util::Env;

/// 2^53 - 1, the largest quantity every JSON reader keeps exact.
const MAX_QTY: u64 = (1 << 53) - 1;

/// The fields of `item` that do not depend on the clock.
fn fixed_fields(item: &Value) -> Value {
    json!({
        "id": item["id"],
        "owner": item["owner"],
        "name": item["name"],
        "quantity": item["quantity"],
        "unit": item["unit"],
        "min": item["min"],
    })
}

#[test]
fn add_without_qty_creates_one_of_the_item() {
    let env = Env::new();
    let item = env.json(&["add", "milk"]);
    assert_eq!(
        fixed_fields(&item),
        json!({"id": 1, "owner": "alice", "name": "milk", "quantity": 1, "unit": null, "min": null})
    );
    assert_eq!(item["created_at"], item["updated_at"], "{item}");
    assert_eq!(env.items(), json!([item]));
}

#[test]
fn add_with_qty_stores_that_quantity() {
    let env = Env::new();
    let item = env.json(&["add", "milk", "--qty", "7"]);
    assert_eq!(
        fixed_fields(&item),
        json!({"id": 1, "owner": "alice", "name": "milk", "quantity": 7, "unit": null, "min": null})
    );
    assert_eq!(env.items(), json!([item]));
}

#[test]
fn quantities_zero_and_two_to_the_53_minus_one_are_accepted() {
    let env = Env::new();
    let none = env.add("none", 0);
    let most = env.add("most", MAX_QTY);
    assert_eq!(none["quantity"], json!(0));
    assert_eq!(most["quantity"], json!(MAX_QTY));
    // The default order is by name: "most" before "none".
    assert_eq!(env.items(), json!([most, none]));
}

#[test]
fn quantities_out_of_range_or_not_whole_numbers_are_invalid_and_change_nothing() {
    let env = Env::new();
    env.add("bread", 2);
    let before = env.items();
    let table = [
        (
            "9007199254740992",
            "invalid quantity \"9007199254740992\": must be from 0 to 9007199254740991",
        ),
        (
            "-1",
            "invalid quantity \"-1\": must be from 0 to 9007199254740991",
        ),
        (
            "abc",
            "invalid quantity \"abc\": expected a whole number from 0 to 9007199254740991",
        ),
        (
            "1.5",
            "invalid quantity \"1.5\": expected a whole number from 0 to 9007199254740991",
        ),
    ];
    for (qty, message) in table {
        let run = env.run(&["add", "milk", "--qty", qty]).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(env.items(), before);
}

#[test]
fn names_differing_only_in_case_spacing_or_normal_form_conflict_and_change_nothing() {
    let env = Env::new();
    env.add("milk", 2);
    // "café" with the precomposed é.
    env.add("caf\u{e9}", 1);
    let before = env.items();
    let table = [
        ("Milk", "milk"),
        (" milk ", "milk"),
        ("MILK", "milk"),
        // e followed by COMBINING ACUTE ACCENT: the same name after NFC.
        ("cafe\u{301}", "caf\u{e9}"),
        ("CAFE\u{301}", "caf\u{e9}"),
    ];
    for (attempt, existing) in table {
        let run = env.run(&["add", attempt, "--qty", "9"]).code(4);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.stderr,
            format!(
                "countiq: error: an item named \"{existing}\" already exists for owner \"alice\"\n"
            ),
            "{run}"
        );
    }
    assert_eq!(env.items(), before);
}

#[test]
fn exists_ok_prints_the_existing_item_unchanged() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let before = env.items();
    let again = env.json(&["add", " MILK ", "--qty", "5", "--exists-ok"]);
    assert_eq!(again, milk);
    assert_eq!(env.items(), before);
}

#[test]
fn exists_ok_in_table_format_says_nothing_changed() {
    let env = Env::new();
    env.add("milk", 2);
    let before = env.items();
    let run = env.run(&["add", "Milk", "--exists-ok"]).success();
    assert_eq!(
        run.stdout, "\"milk\" already exists (id 1, quantity 2); nothing changed\n",
        "{run}"
    );
    assert_eq!(run.stderr, "", "{run}");
    assert_eq!(env.items(), before);
}

#[test]
fn two_owners_may_each_have_an_item_of_the_same_name() {
    let env = Env::new();
    let alices = env.add("milk", 2);
    let bobs = env.json(&["add", "milk", "--qty", "3", "--owner", "bob"]);
    assert_eq!(
        fixed_fields(&bobs),
        json!({"id": 2, "owner": "bob", "name": "milk", "quantity": 3, "unit": null, "min": null})
    );
    assert_eq!(env.items(), json!([alices]));
    assert_eq!(env.items_of("bob"), json!([bobs]));
}

#[test]
fn names_beginning_with_a_dash_are_given_after_double_dash() {
    let env = Env::new();
    let item = env.json(&["add", "--qty", "2", "--", "-milk"]);
    assert_eq!(item["name"], json!("-milk"));
    assert_eq!(env.items(), json!([item]));
}

#[test]
fn a_name_beginning_with_a_dash_without_double_dash_is_a_usage_error() {
    let env = Env::new();
    let run = env.run(&["add", "-milk"]).code(2);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(env.items(), json!([]));
}

#[test]
fn names_with_control_characters_are_invalid_and_change_nothing() {
    let env = Env::new();
    env.add("bread", 1);
    let before = env.items();
    let table = [
        (
            "a\tb",
            "invalid item name \"a\\tb\": control character U+0009 is not allowed",
        ),
        (
            "milk\n",
            "invalid item name \"milk\\n\": control character U+000A is not allowed",
        ),
    ];
    for (name, message) in table {
        let run = env.run(&["add", name]).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(env.items(), before);
}

#[test]
fn item_names_may_have_120_characters_but_not_121() {
    let env = Env::new();
    let ascii = "x".repeat(120);
    // Two bytes each in UTF-8: the limit counts characters, not bytes.
    let accented = "\u{e9}".repeat(120);
    let x = env.add(&ascii, 1);
    let e = env.add(&accented, 1);
    assert_eq!(x["name"], json!(ascii));
    assert_eq!(e["name"], json!(accented));
    let before = env.items();
    let run = env.run(&["add", &"y".repeat(121)]).code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        "countiq: error: invalid item name: 121 characters is longer than the limit of 120\n",
        "{run}"
    );
    assert_eq!(env.items(), before);
}

#[test]
fn owner_names_may_have_64_characters_but_not_65() {
    let env = Env::new();
    let long_owner = "o".repeat(64);
    let item = env.json(&["add", "milk", "--owner", &long_owner]);
    assert_eq!(item["owner"], json!(long_owner));
    assert_eq!(env.items_of(&long_owner), json!([item]));

    let before = env.items_of(&long_owner);
    let run = env
        .run(&["add", "bread", "--owner", &"o".repeat(65)])
        .code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        "countiq: error: invalid owner name: 65 characters is longer than the limit of 64\n",
        "{run}"
    );
    assert_eq!(env.items_of(&long_owner), before);
    assert_eq!(env.items(), json!([]));
}

#[test]
fn dry_run_prints_the_item_but_keeps_nothing() {
    let env = Env::new();
    env.add("bread", 1);
    let before = env.items();
    let run = env
        .run(&["--dry-run", "--json", "add", "milk", "--qty", "3"])
        .success();
    let item = run.json();
    assert_eq!(
        fixed_fields(&item),
        json!({"id": 2, "owner": "alice", "name": "milk", "quantity": 3, "unit": null, "min": null})
    );
    assert_eq!(run.stderr, "dry run: nothing was changed\n", "{run}");
    assert_eq!(env.items(), before);
    // The name is still free.
    env.add("milk", 3);
}

#[test]
fn add_in_table_format_prints_a_confirmation_line() {
    let env = Env::new();
    let run = env.run(&["add", "oat milk", "--qty", "2"]).success();
    assert_eq!(
        run.stdout, "added \"oat milk\" (id 1, quantity 2)\n",
        "{run}"
    );
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn quiet_add_in_table_format_prints_nothing_but_still_adds() {
    let env = Env::new();
    let run = env.run(&["-q", "add", "milk", "--qty", "2"]).success();
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(run.stderr, "", "{run}");
    let items = env.items();
    assert_eq!(
        fixed_fields(&items[0]),
        json!({"id": 1, "owner": "alice", "name": "milk", "quantity": 2, "unit": null, "min": null})
    );
    assert_eq!(items.as_array().map(Vec::len), Some(1));
}

#[test]
fn add_prints_one_ndjson_line_or_a_csv_header_and_row() {
    let env = Env::new();
    let run = env
        .run(&["add", "milk", "--qty", "2", "--format", "ndjson"])
        .success();
    let [milk] = run.ndjson().try_into().expect("exactly one line");
    assert_eq!(
        fixed_fields(&milk),
        json!({"id": 1, "owner": "alice", "name": "milk", "quantity": 2, "unit": null, "min": null})
    );

    let run = env
        .run(&["add", "oat, \"barista\"", "--format", "csv"])
        .success();
    let oat = env.items()[1].clone();
    assert_eq!(
        run.stdout,
        format!(
            "id,owner,name,quantity,created_at,updated_at,unit,min,location,tags,code,note\n\
             2,alice,\"oat, \"\"barista\"\"\",1,{},{},,,,,,\n",
            oat["created_at"].as_str().unwrap(),
            oat["updated_at"].as_str().unwrap()
        ),
        "{run}"
    );
    assert_eq!(env.items(), json!([milk, oat]));
}
