//! `--idempotency-key`: a retried mutation applies at most once, and the
//! retry prints what the first run printed.

use std::process::{Child, Stdio};

use serde_json::{Value, json};

use crate::util::{Env, Run};

/// What a replayed run says on stderr.
const REPLAYED: &str = "replayed: this idempotency key was already used; nothing changed now\n";

/// Alice's milk (4 L) and bread (2).
fn milk_and_bread(env: &Env) {
    env.json(&["add", "milk", "--qty", "4", "--unit", "L"]);
    env.json(&["add", "bread", "--qty", "2"]);
}

/// Runs `args` (with `stdin`) twice. Asserts that the first run changed
/// `owner`'s state and said nothing on stderr, and that the second printed
/// the same stdout, said it was a replay, and changed nothing. Returns the
/// first run.
#[track_caller]
fn run_twice_as(env: &Env, owner: &str, args: &[&str], stdin: Option<&str>) -> Run {
    let before = env.state_of(owner);
    let first = env.run_command(env.command(args), stdin).success();
    assert_eq!(first.stderr, "", "{first}");
    let after = env.state_of(owner);
    assert_ne!(after, before, "the first run changes the state\n{first}");
    let second = env.run_command(env.command(args), stdin).success();
    assert_eq!(second.stdout, first.stdout, "{second}");
    assert_eq!(second.stderr, REPLAYED, "{second}");
    assert_eq!(
        env.state_of(owner),
        after,
        "the retry changes nothing\n{second}"
    );
    first
}

/// [`run_twice_as`] for alice.
#[track_caller]
fn run_twice(env: &Env, args: &[&str], stdin: Option<&str>) -> Run {
    run_twice_as(env, "alice", args, stdin)
}

/// `(op, kind)` of each event in alice's history, newest first.
fn operations(env: &Env) -> Vec<Value> {
    env.history_of("alice")
        .as_array()
        .expect("an array of events")
        .iter()
        .map(|e| json!([e["op"], e["kind"]]))
        .collect()
}

#[test]
fn every_mutation_retried_with_the_same_key_changes_once_and_prints_the_same_output() {
    let env = Env::new();
    milk_and_bread(&env);
    env.write("items.ndjson", "{\"name\":\"tea\",\"quantity\":3}\n");
    let batch =
        "{\"op\":\"adjust\",\"name\":\"milk\",\"delta\":2}\n{\"op\":\"add\",\"name\":\"jam\"}\n";
    let cases: [(&[&str], Option<&str>, &str); 10] = [
        (
            &["add", "eggs", "--qty", "12", "--idempotency-key", "k-add"],
            None,
            "added \"eggs\" (id 3, quantity 12)\n",
        ),
        (
            &["adjust", "milk", "-1", "--idempotency-key", "k-adjust"],
            None,
            "adjusted \"milk\": 4 -> 3 (-1)\n",
        ),
        (
            &["set", "milk", "10", "--idempotency-key", "k-set"],
            None,
            "set \"milk\": 3 -> 10\n",
        ),
        (
            &["count", "bread", "2", "--idempotency-key", "k-count"],
            None,
            "counted \"bread\": 2 (was 2)\n",
        ),
        (
            &["edit", "bread", "--min", "1", "--idempotency-key", "k-edit"],
            None,
            "edited \"bread\": unit none, min 1\n",
        ),
        (
            &["rename", "eggs", "Eggs", "--idempotency-key", "k-rename"],
            None,
            "renamed \"eggs\" to \"Eggs\" (id 3)\n",
        ),
        (
            &["import", "items.ndjson", "--idempotency-key", "k-import"],
            None,
            "imported 1 rows: 1 created, 0 replaced, 0 skipped (operation 9)\n",
        ),
        (
            &["apply", "-", "--idempotency-key", "k-apply"],
            Some(batch),
            "applied 2 lines, 2 item changes (operation 10)\n",
        ),
        (
            &["remove", "Eggs", "tea", "--idempotency-key", "k-remove"],
            None,
            "removed 2 items: \"Eggs\", \"tea\"\n",
        ),
        (
            &["undo", "--idempotency-key", "k-undo"],
            None,
            "undid operation 11 (remove): 2 item(s) reverted, recorded as operation 12\n",
        ),
    ];
    for (args, stdin, stdout) in cases {
        let first = run_twice(&env, args, stdin);
        assert_eq!(first.stdout, stdout, "{first}");
    }
    // One operation per command, none for the retries.
    assert_eq!(
        operations(&env),
        [
            json!([12, "undo"]),
            json!([12, "undo"]),
            json!([11, "remove"]),
            json!([11, "remove"]),
            json!([10, "add"]),
            json!([10, "adjust"]),
            json!([9, "import"]),
            json!([8, "rename"]),
            json!([7, "edit"]),
            json!([6, "count"]),
            json!([5, "set"]),
            json!([4, "adjust"]),
            json!([3, "add"]),
            json!([2, "add"]),
            json!([1, "add"]),
        ]
    );
}

#[test]
fn a_retry_in_json_prints_the_first_runs_item_again() {
    let env = Env::new();
    milk_and_bread(&env);
    let args = ["--json", "remove", "bread", "--idempotency-key", "k"];
    let bread = env.items()[0].clone();
    let first = run_twice(&env, &args, None);
    assert_eq!(first.json(), json!([bread]));

    let args = ["--json", "add", "eggs", "--idempotency-key", "k2"];
    let first = run_twice(&env, &args, None);
    assert_eq!(
        json!([first.json()]),
        env.json(&["list", "--match", "eggs"])
    );
}

#[test]
fn the_same_key_on_a_different_command_line_is_a_conflict_and_changes_nothing() {
    let env = Env::new();
    milk_and_bread(&env);
    env.ok(&["adjust", "milk", "-1", "--idempotency-key", "k"]);
    let before = env.state();
    let message =
        "idempotency key \"k\" was already used by owner \"alice\" for a different command";
    for args in [
        &["adjust", "milk", "-2", "--idempotency-key", "k"][..],
        &["adjust", "bread", "-1", "--idempotency-key", "k"],
        &[
            "adjust",
            "milk",
            "-1",
            "--reason",
            "spilt",
            "--idempotency-key",
            "k",
        ],
        &["set", "milk", "3", "--idempotency-key", "k"],
        &["add", "eggs", "--idempotency-key", "k"],
    ] {
        let run = env.run(args).code(4);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    let run = env
        .run(&["--json", "add", "eggs", "--idempotency-key", "k"])
        .code(4);
    assert_eq!(
        run.json_error(),
        json!({"error": {"kind": "conflict", "message": message, "exit_code": 4}})
    );
    assert_eq!(env.state(), before);
}

#[test]
fn a_failed_run_is_not_recorded_so_its_retry_runs_for_real() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    let args = ["adjust", "milk", "-5", "--idempotency-key", "k"];
    let run = env.run(&args).code(5);
    assert_eq!(
        run.stderr,
        "countiq: error: stock of \"milk\" would be -1 (4 -5); it must stay from 0 to 9007199254740991\n",
        "{run}"
    );
    assert_eq!(env.state(), before);

    env.ok(&["adjust", "milk", "+1"]);
    let run = env.run(&args).success();
    assert_eq!(run.stdout, "adjusted \"milk\": 5 -> 0 (-5)\n", "{run}");
    assert_eq!(run.stderr, "", "{run}");
    assert_eq!(env.items()[1]["quantity"], 0);

    // A failed apply, fixed, then retried with its key.
    env.write(
        "batch.ndjson",
        "{\"op\":\"adjust\",\"name\":\"bread\",\"delta\":-1,\"expect_quantity\":3}\n",
    );
    let args = ["apply", "batch.ndjson", "--idempotency-key", "a"];
    let before = env.state();
    env.run(&args).code(4);
    assert_eq!(env.state(), before);
    env.ok(&["set", "bread", "3"]);
    run_twice(&env, &args, None);
    assert_eq!(env.items()[0]["quantity"], 2);
}

#[test]
fn a_dry_run_records_no_key_so_the_real_run_still_happens() {
    let env = Env::new();
    milk_and_bread(&env);
    let before = env.state();
    let dry = env
        .run(&[
            "--dry-run",
            "adjust",
            "milk",
            "-1",
            "--idempotency-key",
            "k",
        ])
        .success();
    assert_eq!(dry.stderr, "dry run: nothing was changed\n", "{dry}");
    assert_eq!(env.state(), before);
    let real = run_twice(
        &env,
        &["adjust", "milk", "-1", "--idempotency-key", "k"],
        None,
    );
    assert_eq!(real.stdout, dry.stdout);
}

#[test]
fn keys_belong_to_an_owner_so_another_owner_may_reuse_one() {
    let env = Env::new();
    milk_and_bread(&env);
    env.ok(&["adjust", "milk", "-1", "--idempotency-key", "k"]);
    let alices = env.state();
    let bobs = [
        "--owner",
        "bob",
        "add",
        "milk",
        "--qty",
        "9",
        "--idempotency-key",
        "k",
    ];
    let first = run_twice_as(&env, "bob", &bobs, None);
    assert_eq!(
        first.stdout, "added \"milk\" (id 3, quantity 9)\n",
        "{first}"
    );
    assert_eq!(env.items_of("bob")[0]["quantity"], 9);
    assert_eq!(env.state(), alices);
    // And alice's key still guards alice's command.
    let run = env
        .run(&["adjust", "milk", "-1", "--idempotency-key", "k"])
        .success();
    assert_eq!(run.stderr, REPLAYED, "{run}");
    assert_eq!(env.state(), alices);
}

#[test]
fn eight_processes_racing_with_one_key_change_the_stock_once() {
    let env = Env::new();
    env.add("bolts", 10);
    let children: Vec<Child> = (0..8)
        .map(|_| {
            env.command(&["adjust", "bolts", "-1", "--idempotency-key", "k"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("countiq starts")
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("countiq finishes"))
        .collect();
    let mut replays = 0;
    for output in &outputs {
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let shown = format!("exit {:?}\n{stdout}\n{stderr}", output.status.code());
        assert_eq!(output.status.code(), Some(0), "{shown}");
        assert_eq!(stdout, "adjusted \"bolts\": 10 -> 9 (-1)\n", "{shown}");
        match stderr.as_ref() {
            "" => {}
            REPLAYED => replays += 1,
            _ => panic!("unexpected stderr\n{shown}"),
        }
    }
    assert_eq!(replays, 7, "one run is real, the rest replay it");
    assert_eq!(env.items()[0]["quantity"], 9);
    assert_eq!(operations(&env), [json!([2, "adjust"]), json!([1, "add"])]);
}
