//! Errors: one human line, or one JSON line under `json`/`ndjson`, with the
//! contract's exit code; and files that are not CountIQ databases.

use std::fs;

use serde_json::json;

use crate::util::Env;

/// A failing command for each kind a user can cause with arguments alone,
/// after [`setup`]: (arguments, kind, exit code, message).
const FAILURES: &[(&[&str], &str, i32, &str)] = &[
    (
        &["remove", "bread"],
        "not_found",
        3,
        "no item named \"bread\" for owner \"alice\"",
    ),
    (
        &["rename", "bread", "toast"],
        "not_found",
        3,
        "no item named \"bread\" for owner \"alice\"",
    ),
    (
        &["add", "Milk"],
        "conflict",
        4,
        "an item named \"milk\" already exists for owner \"alice\"",
    ),
    (
        &["add", "eggs", "--qty", "-3"],
        "invalid",
        5,
        "invalid quantity \"-3\": must be from 0 to 9007199254740991",
    ),
    (
        &["add", " "],
        "invalid",
        5,
        "invalid item name: it is empty",
    ),
];

/// A database holding alice's milk.
fn setup() -> Env {
    let env = Env::new();
    env.add("milk", 2);
    env
}

#[test]
fn every_error_is_one_human_line_on_stderr_and_nothing_on_stdout() {
    let env = setup();
    let before = env.items();
    for (args, _, code, message) in FAILURES {
        for format in ["table", "csv"] {
            let mut all = vec!["--format", format];
            all.extend_from_slice(args);
            let run = env.run(&all).code(*code);
            assert_eq!(run.stdout, "", "{run}");
            assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
        }
    }
    assert_eq!(env.items(), before);
}

#[test]
fn with_json_or_ndjson_every_error_is_one_json_line_on_stderr() {
    let env = setup();
    let before = env.items();
    for (args, kind, code, message) in FAILURES {
        for format in ["json", "ndjson"] {
            let mut all = vec!["--format", format];
            all.extend_from_slice(args);
            let run = env.run(&all).code(*code);
            assert_eq!(run.stdout, "", "{run}");
            assert_eq!(
                run.json_error(),
                json!({"error": {"kind": kind, "message": message, "exit_code": code}}),
                "{run}"
            );
        }
    }
    assert_eq!(env.items(), before);
}

#[test]
fn the_json_flag_gives_the_json_error_form() {
    let env = setup();
    let run = env.run(&["add", "MILK", "--json"]).code(4);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.json_error(),
        json!({"error": {
            "kind": "conflict",
            "message": "an item named \"milk\" already exists for owner \"alice\"",
            "exit_code": 4,
        }})
    );
}

/// The contract writes the error object as `kind`, `message`, `exit_code`;
/// items keep their documented field order, and so should errors, so that
/// the line a script sees is the line the contract shows.
#[test]
fn json_errors_list_kind_message_and_exit_code_in_the_contract_order() {
    let env = setup();
    let run = env.run(&["--json", "add", "milk"]).code(4);
    let message = "an item named \"milk\" already exists for owner \"alice\"";
    assert_eq!(
        run.stderr,
        format!(
            "{{\"error\":{{\"kind\":\"conflict\",\"message\":{},\"exit_code\":4}}}}\n",
            serde_json::Value::from(message)
        ),
        "{run}"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched_sqlite_only() {
    let env = Env::sqlite();
    let text = "this is plain text, not sqlite!\n".repeat(128);
    assert_eq!(text.len(), 4096);
    fs::write(env.db(), &text).unwrap();
    let message = format!("{:?} is not a database", env.db().display().to_string());
    for args in [&["list"][..], &["add", "milk"]] {
        let run = env.run(args).code(7);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");

        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let run = env.run(&all).code(7);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.json_error(),
            json!({"error": {"kind": "database", "message": message, "exit_code": 7}})
        );
    }
    assert_eq!(fs::read(env.db()).unwrap(), text.as_bytes());
    let mut left: Vec<_> = fs::read_dir(env.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["inventory.db"],
        "no -wal or -journal files were made"
    );
}

#[test]
fn a_directory_as_the_database_is_refused_sqlite_only() {
    let env = Env::sqlite();
    let dir = env.dir().join("a-directory");
    fs::create_dir(&dir).unwrap();
    let dir = dir.to_str().unwrap();
    let message = format!("{dir:?} is a directory, not a database file");
    for args in [&["list"][..], &["add", "milk"]] {
        let mut all = vec!["--db", dir];
        all.extend_from_slice(args);
        let run = env.run(&all).code(7);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(fs::read_dir(dir).unwrap().count(), 0);
}
