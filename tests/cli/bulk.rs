//! Scripting at scale: `export`, `import` and `apply`, each one
//! transaction and one operation, all or nothing.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::util::Env;

/// 2^53 - 1, the largest quantity.
const MAX_QTY: u64 = (1 << 53) - 1;

/// The fields an import carries over: what a round trip must keep.
const CARRIED: [&str; 5] = ["owner", "name", "quantity", "unit", "min"];

/// Alice's and Bob's items, with names that break naive CSV writers, JSON
/// encoders, SQL LIKE patterns and argument parsers.
fn hostile_stock(env: &Env) {
    let adds: [&[&str]; 8] = [
        &[
            "add",
            "say \"hi\", ok",
            "--qty",
            "3",
            "--unit",
            "big, \"boxes\"",
            "--min",
            "1",
        ],
        &["add", "100% _off_", "--qty", "0"],
        &["add", "🍺 beer", "--qty", &MAX_QTY.to_string()],
        // Decomposed: e followed by U+0301 COMBINING ACUTE ACCENT.
        &["add", "cafe\u{301}", "--qty", "2", "--min", "5"],
        &["add", "--qty", "7", "--", "-dash"],
        &["add", "007"],
        &[
            "--owner", "bob", "add", "bolts", "--qty", "40", "--unit", "pcs",
        ],
        &["--owner", "bob", "add", "say \"hi\", ok", "--qty", "6"],
    ];
    for args in adds {
        env.run(args).success();
    }
}

/// Only the fields an import carries over, of every item in `items`.
fn carried(items: &Value) -> Value {
    items
        .as_array()
        .expect("an array of items")
        .iter()
        .map(|item| {
            Value::Object(
                CARRIED
                    .iter()
                    .map(|field| ((*field).to_owned(), item[*field].clone()))
                    .collect::<Map<_, _>>(),
            )
        })
        .collect()
}

/// Every owner's items, as an import carries them over.
fn everything(env: &Env) -> Value {
    carried(&env.json(&["export", "--all-owners"]))
}

/// The text of an export in `format`, as rows of the carried fields
/// (strings, as CSV has them; JSON null becomes the empty field).
fn export_rows(format: &str, text: &str) -> Vec<Vec<String>> {
    if format == "csv" {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().expect("a CSV header").clone();
        let columns: Vec<usize> = CARRIED
            .iter()
            .map(|field| header.iter().position(|h| h == *field).expect(field))
            .collect();
        return reader
            .records()
            .map(|record| {
                let record = record.expect("a CSV record");
                columns.iter().map(|&c| record[c].to_owned()).collect()
            })
            .collect();
    }
    let items: Vec<Value> = if format == "json" {
        serde_json::from_str(text).expect("a JSON array")
    } else {
        text.lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect()
    };
    items
        .iter()
        .map(|item| {
            CARRIED
                .iter()
                .map(|field| match &item[*field] {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Each event of a history as `[op, kind, name_after, qty_after]`.
fn events(history: &Value) -> Vec<Value> {
    history
        .as_array()
        .expect("an array of events")
        .iter()
        .map(|e| json!([e["op"], e["kind"], e["name_after"], e["qty_after"]]))
        .collect()
}

/// Alice's milk (4 L, reorder level 2) and bread (2).
/// Applies `first` then each case's line as a batch: each must fail with
/// its exit code and message, print nothing, and leave alice's items and
/// history as they were before any of them.
pub fn assert_bad_second_lines(env: &Env, first: &str, cases: &[(&str, i32, &str)]) {
    let before = env.state();
    for (line, code, message) in cases {
        env.write("batch.ndjson", format!("{first}{line}\n"));
        let run = env.run(&["apply", "batch.ndjson"]).code(*code);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(env.state(), before);
}

fn milk_and_bread(env: &Env) {
    env.json(&["add", "milk", "--qty", "4", "--unit", "L", "--min", "2"]);
    env.json(&["add", "bread", "--qty", "2"]);
}

#[test]
fn export_then_import_into_an_empty_database_keeps_every_item_in_every_format() {
    let source = Env::new();
    hostile_stock(&source);
    let everyone = everything(&source);
    let alices: Value = everyone
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["owner"] == "alice")
        .cloned()
        .collect();
    assert_eq!(everyone.as_array().unwrap().len(), 8, "{everyone}");
    assert_eq!(alices.as_array().unwrap().len(), 6, "{alices}");
    assert!(
        alices
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["name"] == "caf\u{e9}"),
        "the name is stored in NFC: {alices}"
    );
    for format in ["json", "ndjson", "csv"] {
        for all_owners in [false, true] {
            let scope: &[&str] = if all_owners { &["--all-owners"] } else { &[] };
            let exported = source
                .run(&[&["--format", format, "export"], scope].concat())
                .success();
            let target = Env::new();
            // No telling extension: --format alone says what the file is.
            target.write("items.data", &exported.stdout);
            target
                .run(&[&["--format", format, "import", "items.data"], scope].concat())
                .success();
            let again = target
                .run(&[&["--format", format, "export"], scope].concat())
                .success();
            let case = format!("{format}, all owners: {all_owners}\n{exported}\n{again}");
            assert_eq!(
                export_rows(format, &again.stdout),
                export_rows(format, &exported.stdout),
                "{case}"
            );
            let expected = if all_owners { &everyone } else { &alices };
            assert_eq!(&everything(&target), expected, "{case}");
        }
    }
}

#[test]
fn export_without_a_format_writes_ndjson_that_import_reads_back() {
    let env = Env::new();
    hostile_stock(&env);
    let table = env.run(&["export"]).success();
    let ndjson = env.run(&["--format", "ndjson", "export"]).success();
    assert_eq!(table.stdout, ndjson.stdout);
    assert_eq!(json!(table.ndjson()), env.items());
    assert_eq!(table.stderr, "", "{table}");

    let target = Env::new();
    target.write("items.ndjson", &table.stdout);
    let run = target.run(&["import", "items.ndjson"]).success();
    assert_eq!(
        run.stdout, "imported 6 rows: 6 created, 0 replaced, 0 skipped (operation 1)\n",
        "{run}"
    );
    assert_eq!(carried(&target.items()), carried(&env.items()));
}

/// The same two rows in each format import reads; the first name is
/// decomposed (e + U+0301), as some editors and file systems write it.
fn two_rows(format: &str) -> String {
    match format {
        "json" => "\n  [{\"name\":\"cafe\u{301}\",\"quantity\":2},\n   {\"name\":\"tea\",\"unit\":\"g\",\"min\":50}]\n"
            .to_owned(),
        "ndjson" => "{\"name\":\"cafe\u{301}\",\"quantity\":2}\n{\"name\":\"tea\",\"unit\":\"g\",\"min\":50}\n"
            .to_owned(),
        "csv" => "name,quantity,unit,min\ncafe\u{301},2,,\ntea,,g,50\n".to_owned(),
        other => panic!("no such format {other}"),
    }
}

/// What importing [`two_rows`] for alice leaves.
fn two_rows_imported() -> Value {
    json!([
        {"owner": "alice", "name": "caf\u{e9}", "quantity": 2, "unit": null, "min": null},
        {"owner": "alice", "name": "tea", "quantity": 1, "unit": "g", "min": 50},
    ])
}

#[test]
fn import_reads_the_format_its_file_extension_names_and_stores_names_in_nfc() {
    let cases = [
        ("items.json", "json"),
        ("items.ndjson", "ndjson"),
        ("items.jsonl", "ndjson"),
        ("items.csv", "csv"),
        ("ITEMS.CSV", "csv"),
    ];
    for (file, format) in cases {
        let env = Env::new();
        env.write(file, two_rows(format));
        let run = env.run(&["import", file]).success();
        assert_eq!(
            run.stdout, "imported 2 rows: 2 created, 0 replaced, 0 skipped (operation 1)\n",
            "{run}"
        );
        assert_eq!(run.stderr, "", "{run}");
        assert_eq!(carried(&env.items()), two_rows_imported(), "{file}");
    }
}

#[test]
fn import_from_stdin_sniffs_the_format_from_the_content() {
    for format in ["json", "ndjson", "csv"] {
        let env = Env::new();
        let run = env
            .run_with_stdin(&["import", "-"], &two_rows(format))
            .success();
        assert_eq!(
            run.stdout, "imported 2 rows: 2 created, 0 replaced, 0 skipped (operation 1)\n",
            "{run}"
        );
        assert_eq!(carried(&env.items()), two_rows_imported(), "{format}");
    }
}

#[test]
fn the_input_format_flag_beats_the_file_extension_and_format_shapes_the_summary() {
    let env = Env::new();
    env.write("really-csv.json", two_rows("csv"));
    let run = env
        .run(&[
            "--format",
            "csv",
            "import",
            "--input-format",
            "csv",
            "really-csv.json",
        ])
        .success();
    assert_eq!(
        run.stdout, "rows,created,replaced,skipped,added\n2,2,0,0,0\n",
        "{run}"
    );
    assert_eq!(carried(&env.items()), two_rows_imported());

    let env = Env::new();
    env.write("really-json.ndjson", two_rows("json"));
    let run = env
        .run(&[
            "--json",
            "import",
            "--input-format",
            "json",
            "really-json.ndjson",
        ])
        .success();
    assert_eq!(
        run.json(),
        json!({"ops": [1], "rows": 2, "created": 2, "replaced": 0, "skipped": 0, "added": 0})
    );
    assert_eq!(carried(&env.items()), two_rows_imported());
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_accepted_in_every_format() {
    for (file, format) in [
        ("items.json", "json"),
        ("items.ndjson", "ndjson"),
        ("items.csv", "csv"),
    ] {
        let text = format!("\u{feff}{}", two_rows(format).replace('\n', "\r\n"));
        let env = Env::new();
        env.write(file, &text);
        env.run(&["import", file]).success();
        assert_eq!(carried(&env.items()), two_rows_imported(), "{file}");

        let env = Env::new();
        env.run_with_stdin(&["import", "-"], &text).success();
        assert_eq!(
            carried(&env.items()),
            two_rows_imported(),
            "stdin, {format}"
        );
    }
}

#[test]
fn an_empty_ndjson_file_imports_nothing_and_succeeds() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    env.write("empty.ndjson", "");
    let run = env.run(&["import", "empty.ndjson"]).success();
    assert_eq!(
        run.stdout, "imported 0 rows: 0 created, 0 replaced, 0 skipped\n",
        "{run}"
    );
    assert_eq!(env.state(), before);
}

#[test]
fn a_row_with_a_control_character_imports_nothing_and_names_its_line() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    let files = [
        (
            "bad.ndjson",
            "{\"name\":\"eggs\"}\n{\"name\":\"tea\"}\n{\"name\":\"bad\\u0007name\"}\n",
            "line 3: invalid item name \"bad\\u{7}name\": control character U+0007 is not allowed",
        ),
        (
            "bad.json",
            "[{\"name\":\"eggs\"},\n {\"name\":\"tea\"},\n {\"name\":\"bad\\u0007name\"}]\n",
            "line 3: invalid item name \"bad\\u{7}name\": control character U+0007 is not allowed",
        ),
        (
            "bad.csv",
            "name\neggs\n\"bad\tname\"\n",
            "line 3: invalid item name \"bad\\tname\": control character U+0009 is not allowed",
        ),
    ];
    for (file, text, message) in files {
        env.write(file, text);
        let run = env.run(&["import", file]).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    let run = env.run(&["--json", "import", "bad.json"]).code(5);
    assert_eq!(
        run.json_error(),
        json!({"error": {
            "kind": "invalid",
            "message": "line 3: invalid item name \"bad\\u{7}name\": control character U+0007 is not allowed",
            "exit_code": 5,
        }})
    );
    assert_eq!(env.state(), before);
}

#[test]
fn a_taken_name_under_the_default_on_conflict_imports_nothing_and_names_its_line() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    env.write(
        "items.ndjson",
        "{\"name\":\"eggs\",\"quantity\":12}\n\n{\"name\":\"MILK\",\"quantity\":9}\n",
    );
    for args in [
        &["import", "items.ndjson"][..],
        &["import", "items.ndjson", "--on-conflict", "fail"],
    ] {
        let run = env.run(args).code(4);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.stderr,
            "countiq: error: line 3: an item named \"milk\" already exists for owner \"alice\"\n",
            "{run}"
        );
    }
    assert_eq!(env.state(), before);
}

#[test]
fn on_conflict_skip_keeps_the_existing_item_and_replace_overwrites_it() {
    let rows = "[{\"name\":\"milk\",\"quantity\":9,\"unit\":\"kg\",\"min\":3},\n\
                 {\"name\":\"bread\",\"quantity\":2},\n\
                 {\"name\":\"eggs\",\"quantity\":12}]";
    let eggs = json!({"owner": "alice", "name": "eggs", "quantity": 12, "unit": null, "min": null});
    let bread =
        json!({"owner": "alice", "name": "bread", "quantity": 2, "unit": null, "min": null});

    let env = Env::new();
    milk_and_bread(&env);
    let milk = env.items()[1].clone();
    env.write("items.json", rows);
    let summary = env.json(&["import", "items.json", "--on-conflict", "skip"]);
    assert_eq!(
        summary,
        json!({"ops": [3], "rows": 3, "created": 1, "replaced": 0, "skipped": 2, "added": 0})
    );
    let items = env.items();
    assert_eq!(
        items[2], milk,
        "skip leaves the item as it was, timestamps too"
    );
    assert_eq!(
        carried(&items),
        json!([bread, eggs, {"owner": "alice", "name": "milk", "quantity": 4, "unit": "L", "min": 2}])
    );

    let env = Env::new();
    milk_and_bread(&env);
    let milk = env.items()[1].clone();
    env.write("items.json", rows);
    let summary = env.json(&["import", "items.json", "--on-conflict", "replace"]);
    // Bread's row matches it exactly: nothing to replace.
    assert_eq!(
        summary,
        json!({"ops": [3], "rows": 3, "created": 1, "replaced": 1, "skipped": 1, "added": 0})
    );
    let items = env.items();
    assert_eq!(
        items[2],
        json!({
            "id": milk["id"], "owner": "alice", "name": "milk", "quantity": 9,
            "created_at": milk["created_at"], "updated_at": items[1]["created_at"],
            "unit": "kg", "min": 3, "location": null, "tags": [], "code": null, "note": null,
        }),
        "replace keeps the id and creation time; the change time is the import's"
    );
    assert_eq!(
        carried(&items),
        json!([bread, eggs, {"owner": "alice", "name": "milk", "quantity": 9, "unit": "kg", "min": 3}])
    );
}

#[test]
fn a_conflict_past_the_first_hundred_rows_names_its_line_and_imports_nothing() {
    let env = Env::new();
    env.add("bread", 2);
    let before = env.state();
    let rows = (0..300)
        .map(|i| {
            let name = match i {
                150 => "item 10".to_owned(),
                250 => "BREAD".to_owned(),
                _ => format!("item {i}"),
            };
            format!("{{\"name\":\"{name}\",\"quantity\":{i}}}\n")
        })
        .collect::<Vec<_>>()
        .concat();
    env.write("items.ndjson", &rows);
    let run = env.run(&["import", "items.ndjson"]).code(4);
    assert_eq!(
        run.stderr,
        "countiq: error: line 151: an item named \"item 10\" already exists for owner \"alice\"\n",
        "{run}"
    );
    assert_eq!(env.state(), before);
}

/// Past the first batch a backend writes at once: a name taken by a row
/// of an earlier batch, and one taken by a stored item that sorts among
/// the file's names, are each found at their line.
#[test]
fn a_conflict_in_a_later_batch_of_a_sorted_import_names_its_line_and_imports_nothing() {
    let env = Env::new();
    env.add("item 06000b", 2);
    let before = env.state();
    let sorted = |i: usize| format!("{{\"name\":\"item {i:05}\",\"quantity\":{i}}}\n");
    let mut rows: Vec<String> = (0..9000).map(sorted).collect();
    // (the row, the name it repeats, the name stored or written first)
    for (at, name, taken) in [
        (4500, "ITEM 00010", "item 00010"),
        (6000, "Item 06000B", "item 06000b"),
    ] {
        rows[at] = format!("{{\"name\":\"{name}\",\"quantity\":1}}\n");
        env.write("items.ndjson", rows.concat());
        let run = env.run(&["import", "items.ndjson"]).code(4);
        assert_eq!(
            run.stderr,
            format!(
                "countiq: error: line {}: an item named \"{taken}\" already exists for owner \"alice\"\n",
                at + 1
            ),
            "{run}"
        );
        assert_eq!(env.state(), before);
        rows[at] = sorted(at);
    }
    env.write("items.ndjson", rows.concat());
    env.run(&["import", "items.ndjson"]).code(0);
    assert_eq!(env.items().as_array().unwrap().len(), 9001);
}

#[test]
fn every_row_of_a_large_import_has_its_event_in_order() {
    let env = Env::new();
    let rows = (0..300)
        .map(|i| format!("{{\"name\":\"item {i:03}\",\"quantity\":{i}}}\n"))
        .collect::<Vec<_>>()
        .concat();
    env.write("items.ndjson", &rows);
    env.run(&["import", "items.ndjson"]).code(0);
    let items = env.items();
    let history = env.run(&["history", "--json"]).code(0).json();
    let events = history.as_array().unwrap();
    assert_eq!(events.len(), 300);
    for (seq, event) in (1..=300).rev().zip(events) {
        let item = &items[seq - 1];
        assert_eq!(event["seq"], seq, "{event}");
        assert_eq!(event["kind"], "import", "{event}");
        assert_eq!(event["item_id"], item["id"], "{event}");
        assert_eq!(event["name_after"], item["name"], "{event}");
        assert_eq!(event["qty_after"], item["quantity"], "{event}");
    }
}

#[test]
fn a_name_repeated_within_one_file_is_a_conflict_with_the_earlier_row() {
    let rows = "{\"name\":\"milk\",\"quantity\":1}\n{\"name\":\"eggs\"}\n{\"name\":\"MILK\",\"quantity\":5,\"unit\":\"L\"}\n";
    let eggs = json!({"owner": "alice", "name": "eggs", "quantity": 1, "unit": null, "min": null});

    let env = Env::new();
    env.add("bread", 2);
    let before = env.state();
    env.write("items.ndjson", rows);
    let run = env.run(&["import", "items.ndjson"]).code(4);
    assert_eq!(
        run.stderr,
        "countiq: error: line 3: an item named \"milk\" already exists for owner \"alice\"\n",
        "{run}"
    );
    assert_eq!(env.state(), before);

    let run = env
        .run(&["import", "items.ndjson", "--on-conflict", "skip"])
        .success();
    // The failed import's operation id may be spent (a PostgreSQL
    // sequence does not roll back); the report names the one recorded.
    let op = env.history_of("alice")[0]["op"].clone();
    assert_eq!(
        run.stdout,
        format!("imported 3 rows: 2 created, 0 replaced, 1 skipped (operation {op})\n"),
        "{run}"
    );
    assert_eq!(
        carried(&env.items()),
        json!([
            {"owner": "alice", "name": "bread", "quantity": 2, "unit": null, "min": null},
            eggs,
            {"owner": "alice", "name": "milk", "quantity": 1, "unit": null, "min": null},
        ])
    );

    let env = Env::new();
    env.write("items.ndjson", rows);
    let run = env
        .run(&["import", "items.ndjson", "--on-conflict", "replace"])
        .success();
    assert_eq!(
        run.stdout, "imported 3 rows: 2 created, 1 replaced, 0 skipped (operation 1)\n",
        "{run}"
    );
    assert_eq!(
        carried(&env.items()),
        json!([eggs, {"owner": "alice", "name": "MILK", "quantity": 5, "unit": "L", "min": null}])
    );
}

#[test]
fn one_import_is_one_operation_and_undo_reverts_all_of_it() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.items();
    env.write(
        "items.ndjson",
        "{\"name\":\"eggs\",\"quantity\":12}\n{\"name\":\"milk\",\"quantity\":1}\n{\"name\":\"tea\",\"quantity\":3}\n",
    );
    let run = env
        .run(&["import", "items.ndjson", "--on-conflict", "replace"])
        .success();
    assert_eq!(
        run.stdout, "imported 3 rows: 2 created, 1 replaced, 0 skipped (operation 3)\n",
        "{run}"
    );
    assert_eq!(
        events(&env.history_of("alice")),
        [
            json!([3, "import", "tea", 3]),
            json!([3, "import", "milk", 1]),
            json!([3, "import", "eggs", 12]),
            json!([2, "add", "bread", 2]),
            json!([1, "add", "milk", 4]),
        ]
    );
    let run = env.run(&["undo"]).success();
    assert_eq!(
        run.stdout, "undid operation 3 (import): 3 item(s) reverted, recorded as operation 4\n",
        "{run}"
    );
    let after = env.items();
    assert_eq!(carried(&after), carried(&before));
    assert_eq!(after[0], before[0], "bread was not touched");
    assert_eq!(after[1]["id"], before[1]["id"]);
}

#[test]
fn an_all_owners_import_records_one_operation_per_owner() {
    let env = Env::new();
    env.write(
        "items.json",
        "[{\"owner\":\"bob\",\"name\":\"bolts\",\"quantity\":40},\
          {\"owner\":\"alice\",\"name\":\"milk\",\"quantity\":2},\
          {\"owner\":\"bob\",\"name\":\"nuts\",\"quantity\":9}]",
    );
    let summary = env.json(&["import", "items.json", "--all-owners"]);
    assert_eq!(
        summary,
        json!({"ops": [1, 2], "rows": 3, "created": 3, "replaced": 0, "skipped": 0, "added": 0})
    );
    assert_eq!(
        events(&env.history_of("bob")),
        [
            json!([1, "import", "nuts", 9]),
            json!([1, "import", "bolts", 40])
        ]
    );
    assert_eq!(
        events(&env.history_of("alice")),
        [json!([2, "import", "milk", 2])]
    );
    env.run(&["--owner", "bob", "undo"]).success();
    assert_eq!(env.items_of("bob"), json!([]));
    assert_eq!(
        carried(&env.items()),
        json!([{"owner": "alice", "name": "milk", "quantity": 2, "unit": null, "min": null}])
    );

    // Without an owner on a row, --all-owners cannot place it.
    let before = env.state();
    env.write(
        "no-owner.ndjson",
        "{\"owner\":\"bob\",\"name\":\"a\"}\n{\"name\":\"b\"}\n",
    );
    let run = env
        .run(&["import", "no-owner.ndjson", "--all-owners"])
        .code(5);
    assert_eq!(
        run.stderr, "countiq: error: line 2: missing \"owner\", needed with --all-owners\n",
        "{run}"
    );
    assert_eq!(env.state(), before);
    assert_eq!(env.items_of("bob"), json!([]));
}

/// Imports each `(file, contents, message)` into a database holding milk
/// and bread: each must exit 5 with exactly `message`, and change nothing.
fn assert_each_import_invalid(cases: &[(&str, String, String)]) {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    for (file, text, message) in cases {
        env.write(file, text);
        let run = env.run(&["import", file]).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn a_malformed_file_is_invalid_names_a_line_and_imports_nothing() {
    assert_each_import_invalid(&[
        (
            "truncated.json",
            "[{\"name\":\"a\"},\n{\"name\":\"b\"".to_owned(),
            "line 2: the JSON array ends in the middle of an element".to_owned(),
        ),
        (
            "unclosed.json",
            "[{\"name\":\"a\"},\n{\"name\":\"b\"}\n".to_owned(),
            "line 3: the JSON array is not closed".to_owned(),
        ),
        (
            "garbage.json",
            "[{\"name\":\"a\"}]\n{\"name\":\"b\"}\n".to_owned(),
            "line 2: unexpected data after the JSON array".to_owned(),
        ),
        (
            "object.json",
            "{\"name\":\"a\"}".to_owned(),
            "line 1: expected a JSON array of items".to_owned(),
        ),
        (
            "empty.json",
            String::new(),
            "line 1: the input is empty; expected a JSON array of items".to_owned(),
        ),
        (
            "empty.csv",
            String::new(),
            "line 1: the input is empty; expected a CSV header with a \"name\" column".to_owned(),
        ),
        (
            "no-name.csv",
            "item,quantity\nmilk,1\n".to_owned(),
            "line 1: the CSV header has no \"name\" column (nor \"id\" or \"code\")".to_owned(),
        ),
        (
            "ragged.csv",
            "name,quantity\na,1\nb,1,extra\n".to_owned(),
            "line 3: CSV error: record 2 (line: 3, byte: 18): found record with 3 fields, but the previous record has 2 fields"
                .to_owned(),
        ),
        (
            "no-name.ndjson",
            "{\"quantity\":1}\n".to_owned(),
            "line 1: the row has no \"name\" (nor an \"id\" or \"code\" of an existing item)"
                .to_owned(),
        ),
        (
            "two-on-a-line.ndjson",
            "{\"name\":\"a\"} {\"name\":\"b\"}\n".to_owned(),
            "line 1: trailing characters (column 14)".to_owned(),
        ),
    ]);
}

#[test]
fn a_value_of_the_wrong_type_or_range_is_invalid_names_its_line_and_imports_nothing() {
    let two_53 = MAX_QTY + 1;
    let abc_line = "{\"name\":\"b\",\"quantity\":\"abc\"}";
    assert_each_import_invalid(&[
        (
            "abc.ndjson",
            format!("{{\"name\":\"a\"}}\n{abc_line}\n"),
            "line 2: invalid type: string \"abc\", expected u64 (column 28)".to_owned(),
        ),
        (
            "abc.json",
            format!("[{{\"name\":\"a\"}},\n\n{abc_line}]"),
            "line 3: invalid type: string \"abc\", expected u64 (column 28)".to_owned(),
        ),
        (
            "abc.csv",
            "name,quantity\na,1\nb,abc\n".to_owned(),
            "line 3: CSV deserialize error: record 2 (line: 3, byte: 18): field 1: invalid digit found in string"
                .to_owned(),
        ),
        (
            "negative.ndjson",
            "{\"name\":\"a\"}\n{\"name\":\"b\",\"quantity\":-1}\n".to_owned(),
            "line 2: invalid value: integer `-1`, expected u64 (column 25)".to_owned(),
        ),
        (
            "fraction.ndjson",
            "{\"name\":\"b\",\"quantity\":1.5}\n".to_owned(),
            "line 1: invalid type: floating point `1.5`, expected u64 (column 26)".to_owned(),
        ),
        (
            "too-big.ndjson",
            format!("{{\"name\":\"a\"}}\n\n{{\"name\":\"b\",\"quantity\":{two_53}}}\n"),
            format!("line 3: invalid quantity {two_53}: must be from 0 to {MAX_QTY}"),
        ),
        (
            "too-big-min.csv",
            format!("name,min\na,1\nb,{two_53}\n"),
            format!("line 3: invalid min {two_53}: must be from 0 to {MAX_QTY}"),
        ),
    ]);
}

#[test]
fn an_error_thousands_of_rows_in_names_its_line_and_imports_nothing() {
    // Rows are read and checked ahead, 512 at a time: an error far past
    // the first hand-overs still comes in its place, the first of two
    // errors is the one reported, and nothing of the rows before is kept.
    let rows = crate::util::import_rows("row ", 5_000);
    assert_each_import_invalid(&[
        (
            "late.ndjson",
            format!("{rows}{{\"name\":\"b\",\"quantity\":-1}}\n"),
            "line 5001: invalid value: integer `-1`, expected u64 (column 25)".to_owned(),
        ),
        (
            "checked.ndjson",
            format!("{rows}{{\"name\":\"  \"}}\n{{\"quantity\":\n"),
            "line 5001: invalid item name: it is empty".to_owned(),
        ),
    ]);
}

#[test]
fn a_ten_megabyte_line_is_rejected_as_too_long() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    let huge = "x".repeat(10 << 20);
    let cases = [
        (
            "huge.ndjson",
            format!("{{\"name\":\"a\"}}\n{{\"name\":\"{huge}\"}}\n"),
            "line 2: the line is longer than 1048576 bytes",
        ),
        (
            "huge.json",
            format!("[{{\"name\":\"a\"}},\n{{\"name\":\"{huge}\"}}]"),
            "line 2: the element is longer than 1048576 bytes",
        ),
        (
            "huge.csv",
            format!("name,note\neggs,{huge}\n"),
            "line 2: the line is longer than 1048576 bytes",
        ),
    ];
    for (file, text, message) in cases {
        env.write(file, &text);
        let run = env.run(&["import", file]).code(5);
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn an_import_row_that_is_not_a_json_object_is_invalid() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    // serde alone would read an array of the fields in order as a row.
    let files = [
        (
            "rows.ndjson",
            "{\"name\":\"tea\"}\n[\"bob\",\"eggs\",3,\"box\",1]\n",
        ),
        (
            "rows.json",
            "[{\"name\":\"tea\"},\n[\"bob\",\"eggs\",3,\"box\",1]]",
        ),
        ("strings.ndjson", "{\"name\":\"tea\"}\n\"eggs\"\n"),
    ];
    for (file, text) in files {
        env.write(file, text);
        let run = env.run(&["import", file]).code(5);
        assert_eq!(
            run.stderr, "countiq: error: line 2: expected a JSON object\n",
            "{run}"
        );
    }
    assert_eq!(env.state(), before);
}

#[test]
fn a_five_thousand_row_import_prints_no_progress_when_stderr_is_not_a_terminal() {
    let env = Env::new();
    let mut rows = String::new();
    for i in 0..5000 {
        writeln!(rows, "{{\"name\":\"item {i:04}\",\"quantity\":{i}}}").unwrap();
    }
    env.write("items.ndjson", rows);
    let run = env
        .run(&["--format", "ndjson", "import", "items.ndjson"])
        .success();
    assert_eq!(run.stderr, "", "{run}");
    assert_eq!(
        run.json(),
        json!({"ops": [1], "rows": 5000, "created": 5000, "replaced": 0, "skipped": 0, "added": 0})
    );
    let last = env.json(&["list", "--sort", "quantity", "--reverse", "--limit", "1"]);
    assert_eq!(
        carried(&last),
        json!([{"owner": "alice", "name": "item 4999", "quantity": 4999, "unit": null, "min": null}])
    );
}

/// A batch with every kind of line, its preconditions holding.
const BATCH: &str = r#"{"op":"add","name":"eggs","quantity":12,"unit":"box","min":6,"expect_exists":false}
{"op":"adjust","name":"milk","delta":-1,"expect_quantity":4}
{"op":"set","name":"bread","quantity":5}
{"op":"set","name":"bread","quantity":5}

{"op":"rename","name":"milk","to":"oat milk","expect_exists":true}
{"op":"remove","name":"bread","expect_quantity":5}
"#;

#[test]
fn apply_runs_a_batch_as_one_transaction_and_one_operation() {
    let env = Env::new();
    milk_and_bread(&env);
    env.write("batch.ndjson", BATCH);
    let run = env.run(&["--json", "apply", "batch.ndjson"]).success();
    // The second set changes nothing, so it records no event.
    assert_eq!(run.json(), json!({"op": 3, "lines": 6, "changed": 5}));
    assert_eq!(run.stderr, "", "{run}");
    assert_eq!(
        carried(&env.items()),
        json!([
            {"owner": "alice", "name": "eggs", "quantity": 12, "unit": "box", "min": 6},
            {"owner": "alice", "name": "oat milk", "quantity": 3, "unit": "L", "min": 2},
        ])
    );
    assert_eq!(
        events(&env.history_of("alice")),
        [
            json!([3, "remove", null, null]),
            json!([3, "rename", "oat milk", 3]),
            json!([3, "set", "bread", 5]),
            json!([3, "adjust", "milk", 3]),
            json!([3, "add", "eggs", 12]),
            json!([2, "add", "bread", 2]),
            json!([1, "add", "milk", 4]),
        ]
    );
}

#[test]
fn apply_reads_standard_input_and_undo_reverts_the_whole_batch() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.items();
    let run = env.run_with_stdin(&["apply", "-"], BATCH).success();
    assert_eq!(
        run.stdout, "applied 6 lines, 5 item changes (operation 3)\n",
        "{run}"
    );
    let run = env.run(&["undo"]).success();
    assert_eq!(
        run.stdout, "undid operation 3 (apply): 5 item(s) reverted, recorded as operation 4\n",
        "{run}"
    );
    let after = env.items();
    assert_eq!(carried(&after), carried(&before));
    let ids = |items: &Value| -> Vec<Value> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].clone())
            .collect()
    };
    assert_eq!(
        ids(&after),
        ids(&before),
        "the removed bread comes back with its id"
    );
}

#[test]
fn a_failed_precondition_applies_nothing_and_names_its_line() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    // Preconditions see the batch's own earlier lines: milk is 3 by line 3.
    let cases = [
        (
            "{\"op\":\"set\",\"name\":\"bread\",\"quantity\":7}\n\
             {\"op\":\"adjust\",\"name\":\"milk\",\"delta\":-1}\n\
             {\"op\":\"adjust\",\"name\":\"milk\",\"delta\":-1,\"expect_quantity\":4}\n",
            "line 3: precondition failed: \"milk\" has quantity 3, expected 4",
        ),
        (
            "{\"op\":\"set\",\"name\":\"bread\",\"quantity\":7}\n\
             {\"op\":\"remove\",\"name\":\"milk\"}\n\
             {\"op\":\"add\",\"name\":\"MILK\",\"expect_exists\":true}\n",
            "line 3: precondition failed: expected \"MILK\" to exist",
        ),
        (
            "{\"op\":\"set\",\"name\":\"bread\",\"quantity\":7}\n\n\
             {\"op\":\"set\",\"name\":\"milk\",\"quantity\":1,\"expect_exists\":false}\n",
            "line 3: precondition failed: expected \"milk\" not to exist",
        ),
        (
            "{\"op\":\"set\",\"name\":\"bread\",\"quantity\":7}\n\
             {\"op\":\"remove\",\"name\":\"milk\"}\n\
             {\"op\":\"add\",\"name\":\"milk\",\"expect_quantity\":4}\n",
            "line 3: precondition failed: \"milk\" does not exist, expected quantity 4",
        ),
    ];
    for (batch, message) in cases {
        env.write("batch.ndjson", batch);
        let run = env.run(&["apply", "batch.ndjson"]).code(4);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
        let run = env.run(&["--json", "apply", "batch.ndjson"]).code(4);
        assert_eq!(
            run.json_error(),
            json!({"error": {"kind": "conflict", "message": message, "exit_code": 4}})
        );
    }
    assert_eq!(env.state(), before);
}

#[test]
fn a_bad_apply_line_applies_nothing_and_names_its_line() {
    let env = Env::new();
    milk_and_bread(&env);
    let first = "{\"op\":\"adjust\",\"name\":\"milk\",\"delta\":-1}\n";
    let cases = [
        (
            "{\"op\":\"explode\",\"name\":\"milk\"}",
            5,
            "line 2: unknown op \"explode\"; expected add, adjust, set, count, rename, remove, edit, \
             move or tag",
        ),
        (
            "{\"op\":\"adjust\",\"name\":\"milk\"}",
            5,
            "line 2: \"adjust\" needs \"delta\"",
        ),
        (
            "{\"op\":\"set\",\"name\":\"milk\",\"quantity\":1,\"delta\":2}",
            5,
            "line 2: \"delta\" does not apply to \"set\"",
        ),
        (
            "{\"op\":\"set\",\"name\":\"milk\",\"quantity\":1,\"colour\":\"red\"}",
            5,
            "line 2: unknown field `colour`, expected one of `op`, `name`, `id`, `code`, \
             `quantity`, `unit`, `min`, `location`, `tags`, `note`, `delta`, `to`, `add`, \
             `remove`, `expect_quantity`, `expect_exists` (column 47)",
        ),
        (
            "{\"op\":\"adjust\",\"name\":\"milk\",\"delta\":-4}",
            5,
            "line 2: stock of \"milk\" would be -1 (3 -4); it must stay from 0 to 9007199254740991",
        ),
        (
            "{\"op\":\"add\",\"name\":\"a\\u0000b\"}",
            5,
            "line 2: invalid item name \"a\\0b\": control character U+0000 is not allowed",
        ),
        ("not json", 5, "line 2: expected a JSON object"),
        (
            "{\"op\":\"adjust\",\"name\":\"nope\",\"delta\":1}",
            3,
            "line 2: no item named \"nope\" for owner \"alice\"",
        ),
        (
            "{\"op\":\"add\",\"name\":\"Bread\"}",
            4,
            "line 2: an item named \"bread\" already exists for owner \"alice\"",
        ),
        (
            "{\"op\":\"rename\",\"name\":\"milk\",\"to\":\"BREAD\"}",
            4,
            "line 2: an item named \"bread\" already exists for owner \"alice\"",
        ),
    ];
    assert_bad_second_lines(&env, first, &cases);
}

#[test]
fn an_apply_line_that_is_not_a_json_object_is_invalid() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    env.write(
        "batch.ndjson",
        "{\"op\":\"adjust\",\"name\":\"milk\",\"delta\":1}\n[\"set\",\"milk\",9]\n",
    );
    let run = env.run(&["apply", "batch.ndjson"]).code(5);
    assert_eq!(
        run.stderr, "countiq: error: line 2: expected a JSON object\n",
        "{run}"
    );
    assert_eq!(env.state(), before);
}

#[test]
fn a_format_from_the_environment_or_config_file_does_not_decide_how_a_file_is_read() {
    let env = Env::new();
    env.write("rows.csv", two_rows("csv"));
    env.write("config.toml", "format = \"ndjson\"\n");
    let mut cmd = env.command(&["import", "rows.csv"]);
    cmd.env("COUNTIQ_FORMAT", "json");
    let run = env.run_command(cmd, None).success();
    assert_eq!(
        run.stdout,
        "{\"ops\":[1],\"rows\":2,\"created\":2,\"replaced\":0,\"skipped\":0,\"added\":0}\n",
        "{run}"
    );
    let other = Env::new();
    other.write("rows.csv", two_rows("csv"));
    other.write("config.toml", "format = \"ndjson\"\n");
    let config = other.dir().join("config.toml");
    let run = other
        .run(&["--config", config.to_str().unwrap(), "import", "rows.csv"])
        .success();
    assert!(run.stdout.contains("\"created\":2"), "{run}");
}

#[test]
fn an_applied_rename_that_changes_only_the_case_keeps_the_item() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let batch = "{\"op\":\"rename\",\"name\":\"milk\",\"to\":\"MILK\"}\n";
    env.run_with_stdin(&["apply", "-"], batch).success();
    let items = env.items();
    assert_eq!(items.as_array().map(Vec::len), Some(1));
    assert_eq!(items[0]["name"], "MILK");
    assert_eq!(items[0]["id"], milk["id"]);
}

#[test]
fn an_applied_change_moves_updated_at_and_keeps_created_at() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let batch = "{\"op\":\"adjust\",\"name\":\"milk\",\"delta\":3}\n";
    env.run_with_stdin(&["apply", "-"], batch).success();
    let after = &env.items()[0];
    assert_eq!(after["quantity"], 5);
    assert_eq!(after["created_at"], milk["created_at"]);
    assert!(
        after["updated_at"].as_str() > milk["updated_at"].as_str(),
        "{after} after {milk}"
    );
}
