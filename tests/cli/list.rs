//! `countiq list`: order, filters, the four formats, missing databases,
//! owners, timestamps and a reader that goes away.

use std::fmt::Write as _;
use std::io::Read as _;
use std::process::Stdio;
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

use crate::util::{Env, is_rfc3339_utc_millis};

const CSV_HEADER: &str =
    "id,owner,name,quantity,created_at,updated_at,unit,min,location,tags,code,note";

/// The names of a JSON array of items, in order.
fn names(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .expect("an array of items")
        .iter()
        .map(|item| item["name"].as_str().expect("a name"))
        .collect()
}

/// A JSON field as a CSV cell: strings bare, null empty, numbers as JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        // Tags: one field, joined by commas.
        Value::Array(values) => values.iter().map(cell).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// One CSV row for `item`, written out by hand.
fn csv_row(item: &Value, quoted_name: &str) -> String {
    format!(
        "{},{},{},{},{},{},{},{},{},,{},{}",
        item["id"],
        item["owner"].as_str().unwrap(),
        quoted_name,
        item["quantity"],
        item["created_at"].as_str().unwrap(),
        item["updated_at"].as_str().unwrap(),
        cell(&item["unit"]),
        cell(&item["min"]),
        cell(&item["location"]),
        cell(&item["code"]),
        cell(&item["note"])
    )
}

#[test]
fn the_default_order_is_by_name_ignoring_case() {
    let env = Env::new();
    env.add("banana", 1);
    env.add("Zebra", 1);
    env.add("apple pie", 1);
    env.add("Apple", 1);
    // Byte order would put "Apple" and "Zebra" before the lowercase names.
    assert_eq!(
        names(&env.items()),
        ["Apple", "apple pie", "banana", "Zebra"]
    );
}

#[test]
fn sort_by_quantity_breaks_ties_by_name_and_reverse_flips_everything() {
    let env = Env::new();
    env.add("cherry", 5);
    env.add("banana", 1);
    env.add("Apple", 5);
    env.add("date", 3);
    let up = env.json(&["list", "--sort", "quantity"]);
    assert_eq!(names(&up), ["banana", "date", "Apple", "cherry"]);
    let down = env.json(&["list", "--sort", "quantity", "--reverse"]);
    assert_eq!(names(&down), ["cherry", "Apple", "date", "banana"]);
    let by_name = env.json(&["list", "--sort", "name", "--reverse"]);
    assert_eq!(names(&by_name), ["date", "cherry", "banana", "Apple"]);
}

#[test]
fn sort_by_created_and_updated_follow_the_clock() {
    let env = Env::new();
    let step = || thread::sleep(Duration::from_millis(5));
    env.add("cherry", 1);
    step();
    env.add("apple", 1);
    step();
    env.add("banana", 1);
    step();
    env.json(&["rename", "apple", "Apple"]);

    let created = env.json(&["list", "--sort", "created"]);
    assert_eq!(names(&created), ["cherry", "Apple", "banana"]);
    let created_rev = env.json(&["list", "--sort", "created", "--reverse"]);
    assert_eq!(names(&created_rev), ["banana", "Apple", "cherry"]);
    let updated = env.json(&["list", "--sort", "updated"]);
    assert_eq!(names(&updated), ["cherry", "banana", "Apple"]);
    let updated_rev = env.json(&["list", "--sort", "updated", "--reverse"]);
    assert_eq!(names(&updated_rev), ["Apple", "banana", "cherry"]);
}

#[test]
fn limit_keeps_the_first_items_of_the_order() {
    let env = Env::new();
    let a = env.add("a", 1);
    let b = env.add("b", 1);
    let c = env.add("c", 1);
    assert_eq!(env.json(&["list", "--limit", "2"]), json!([a, b]));
    assert_eq!(
        env.json(&["list", "--limit", "2", "--reverse"]),
        json!([c, b])
    );
    assert_eq!(env.json(&["list", "--limit", "0"]), json!([]));
    assert_eq!(env.json(&["list", "--limit", "10"]), json!([a, b, c]));
}

#[test]
fn match_ignores_case() {
    let env = Env::new();
    let milk = env.add("Milk", 1);
    env.add("bread", 1);
    let oat = env.add("OAT MILK", 1);
    assert_eq!(env.json(&["list", "--match", "mIL"]), json!([milk, oat]));
    assert_eq!(env.json(&["list", "--match", "cheese"]), json!([]));
}

#[test]
fn match_treats_percent_and_underscore_as_plain_text() {
    let env = Env::new();
    let percent = env.add("100%", 1);
    env.add("100x", 1);
    let underscore = env.add("a_b", 1);
    env.add("axb", 1);
    assert_eq!(env.json(&["list", "--match", "%"]), json!([percent]));
    assert_eq!(env.json(&["list", "--match", "_"]), json!([underscore]));
}

#[test]
fn json_lists_are_one_array_of_items() {
    let env = Env::new();
    assert_eq!(env.run(&["--json", "list"]).success().stdout, "[]\n");
    let milk = env.add("milk", 2);
    let bread = env.add("bread", 1);
    let run = env.run(&["list", "--format", "json"]).success();
    assert_eq!(run.json(), json!([bread, milk]));
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn ndjson_lists_are_one_item_per_line() {
    let env = Env::new();
    let empty = env.run(&["list", "--format", "ndjson"]).success();
    assert_eq!(empty.stdout, "", "{empty}");
    let milk = env.add("milk", 2);
    let bread = env.add("bread", 1);
    let run = env.run(&["list", "--format", "ndjson"]).success();
    // Each line parses on its own, and the output ends with a newline.
    assert_eq!(run.ndjson(), vec![bread, milk]);
    assert!(run.stdout.ends_with("}\n"), "{run}");
}

#[test]
fn csv_lists_have_a_header_and_quote_names_as_rfc_4180_says() {
    let env = Env::new();
    let empty = env.run(&["list", "--format", "csv"]).success();
    assert_eq!(empty.stdout, format!("{CSV_HEADER}\n"), "{empty}");

    let awkward_name = "say \"hi\", then go";
    let awkward = env.add(awkward_name, 3);
    let milk = env.json(&["add", "milk", "--qty", "2", "--unit", "L", "--min", "1"]);
    let run = env.run(&["list", "--format", "csv"]).success();
    assert_eq!(
        run.stdout,
        format!(
            "{CSV_HEADER}\n{}\n{}\n",
            csv_row(&milk, "milk"),
            csv_row(&awkward, "\"say \"\"hi\"\", then go\"")
        ),
        "{run}"
    );

    // And a CSV reader gets every field back.
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header.join(","), CSV_HEADER);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let expected: Vec<Vec<String>> = [&milk, &awkward]
        .iter()
        .map(|item| {
            header
                .iter()
                .map(|field| cell(&item[field.as_str()]))
                .collect()
        })
        .collect();
    assert_eq!(rows, expected);
    assert_eq!(rows[1][2], awkward_name);
}

#[test]
fn table_lists_align_columns_and_print_nothing_when_empty() {
    let env = Env::new();
    let empty = env.run(&["list"]).success();
    assert_eq!(empty.stdout, "", "{empty}");
    let milk = env.add("milk", 2);
    let oat = env.json(&[
        "add", "oat milk", "--qty", "12", "--unit", "L", "--min", "4",
    ]);
    let run = env.run(&["list"]).success();
    assert_eq!(
        run.stdout,
        format!(
            "ID  NAME      QUANTITY  UNIT  MIN  UPDATED\n \
             1  milk             2             {}\n \
             2  oat milk        12  L       4  {}\n",
            milk["updated_at"].as_str().unwrap(),
            oat["updated_at"].as_str().unwrap()
        ),
        "{run}"
    );
    assert_eq!(run.stderr, "", "{run}");
    // Another owner's empty list is empty too.
    let bobs = env.run(&["list", "--owner", "bob"]).success();
    assert_eq!(bobs.stdout, "", "{bobs}");
}

#[test]
fn listing_a_database_that_does_not_exist_prints_the_empty_result_and_creates_nothing() {
    let env = Env::new();
    let table = [
        ("json", "[]\n".to_owned()),
        ("ndjson", String::new()),
        ("csv", format!("{CSV_HEADER}\n")),
        ("table", String::new()),
    ];
    for (format, expected) in table {
        let run = env.run(&["list", "--format", format]).success();
        assert_eq!(run.stdout, expected, "{run}");
        assert_eq!(run.stderr, "", "{run}");
    }
    assert!(!env.has_database(), "list created the database");
    let left: Vec<_> = std::fs::read_dir(env.dir()).unwrap().collect();
    assert!(left.is_empty(), "list left files behind: {left:?}");
}

#[test]
fn an_owner_sees_only_their_own_items() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    env.add("bread", 1);
    assert_eq!(env.items_of("bob"), json!([]));
    let bobs = env.json(&["add", "milk", "--owner", "bob", "--qty", "9"]);
    assert_eq!(env.items_of("bob"), json!([bobs]));
    assert_eq!(names(&env.items()), ["bread", "milk"]);
    assert_eq!(env.items()[1], milk);
}

#[test]
fn timestamps_are_rfc3339_utc_with_milliseconds() {
    let env = Env::new();
    env.add("milk", 1);
    env.add("bread", 1);
    env.json(&["rename", "bread", "Bread"]);
    let items = env.items();
    for item in items.as_array().unwrap() {
        for field in ["created_at", "updated_at"] {
            let text = item[field].as_str().expect("a string timestamp");
            assert!(is_rfc3339_utc_millis(text), "{field} = {text:?}");
        }
    }
}

/// Gives alice `count` items with 100-character names, in one import:
/// enough output to fill any pipe buffer, without `count` runs.
fn add_many(env: &Env, count: usize) {
    let mut rows = String::new();
    for i in 0..count {
        let name = format!("{i:05}{}", "x".repeat(95));
        writeln!(rows, r#"{{"name":"{name}","quantity":{i}}}"#).expect("write to a string");
    }
    env.run_with_stdin(&["-q", "import", "-"], &rows).success();
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let env = Env::new();
    add_many(&env, 2000);
    for format in ["table", "json", "ndjson", "csv"] {
        let mut child = env
            .command(&["list", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("countiq starts");
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0_u8; 16];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{format}");
    }
}
