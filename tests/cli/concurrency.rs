//! Many real processes on one database at once: the case CountIQ exists for.

use std::collections::BTreeSet;
use std::process::{Child, Output, Stdio};

use serde_json::Value;

use crate::util::Env;

/// Starts every command before waiting for any, so they really overlap.
fn run_all(env: &Env, commands: &[Vec<String>]) -> Vec<Output> {
    let children: Vec<Child> = commands
        .iter()
        .map(|args| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            env.command(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

fn describe(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn sixteen_processes_adding_distinct_names_all_succeed() {
    let env = Env::new();
    env.add("seed", 1);
    let commands: Vec<Vec<String>> = (0..16)
        .map(|i| args(&["add", &format!("item {i}")]))
        .collect();
    for output in run_all(&env, &commands) {
        assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    }
    let names: BTreeSet<String> = env
        .items()
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    let mut expected: BTreeSet<String> = (0..16).map(|i| format!("item {i}")).collect();
    expected.insert("seed".to_owned());
    assert_eq!(names, expected);
}

#[test]
fn sixteen_processes_adding_the_same_name_one_wins_the_rest_conflict() {
    let env = Env::new();
    env.add("seed", 1);
    // Spelled differently each time: the key is what collides.
    let spellings = ["milk", "Milk", "MILK", " milk", "milk ", "mIlk"];
    let commands: Vec<Vec<String>> = (0..16)
        .map(|i| args(&["--json", "add", spellings[i % spellings.len()]]))
        .collect();
    let outputs = run_all(&env, &commands);
    let codes: Vec<Option<i32>> = outputs.iter().map(|o| o.status.code()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == Some(0)).count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == Some(4)).count(),
        15,
        "{codes:?}"
    );
    for output in outputs.iter().filter(|o| o.status.code() == Some(4)) {
        let error: Value = serde_json::from_slice(&output.stderr).unwrap();
        assert_eq!(error["error"]["kind"], "conflict", "{}", describe(output));
    }
    let items = env.items();
    assert_eq!(items.as_array().unwrap().len(), 2, "{items}");
}

#[test]
fn twelve_processes_opening_a_brand_new_database_at_once_all_succeed() {
    // A few rounds: the race is in creating the file, switching to WAL and
    // migrating, which happens once per database.
    for round in 0..4 {
        let env = Env::new();
        let commands: Vec<Vec<String>> = (0..12)
            .map(|i| {
                if i % 3 == 0 {
                    args(&["--json", "list"])
                } else {
                    args(&["add", &format!("item {i}")])
                }
            })
            .collect();
        for output in run_all(&env, &commands) {
            assert_eq!(
                output.status.code(),
                Some(0),
                "round {round}: {}",
                describe(&output)
            );
        }
        assert_eq!(env.items().as_array().unwrap().len(), 8, "round {round}");
    }
}

#[test]
fn readers_and_writers_together_see_no_errors_and_no_partial_state() {
    let env = Env::new();
    env.add("seed", 1);
    let mut commands = Vec::new();
    for i in 0..6 {
        commands.push(args(&["add", &format!("w{i} a")]));
        commands.push(args(&["--json", "list"]));
        commands.push(args(&[
            "remove",
            "--missing-ok",
            &format!("w{} a", (i + 5) % 6),
        ]));
        commands.push(args(&["--format", "ndjson", "list", "--sort", "quantity"]));
        commands.push(args(&["rename", "seed", &format!("seed {i}")]));
    }
    for output in run_all(&env, &commands) {
        let code = output.status.code();
        // Renames of "seed" race with each other: all but the first find
        // no "seed" any more (3). Everything else must succeed.
        assert!(code == Some(0) || code == Some(3), "{}", describe(&output));
        if code == Some(0) && output.stdout.starts_with(b"[") {
            let list: Value = serde_json::from_slice(&output.stdout).unwrap();
            assert!(list.is_array(), "{}", describe(&output));
        }
    }
    let items = env.items();
    let names: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.iter().filter(|n| n.starts_with("seed")).count(),
        1,
        "{names:?}"
    );
}

#[test]
fn eight_processes_adjusting_fifty_times_each_lose_no_update() {
    let env = Env::new();
    env.add("bolts", 400);
    std::thread::scope(|scope| {
        for worker in 0..8 {
            let env = &env;
            scope.spawn(move || {
                for step in 0..50 {
                    let reason = format!("worker {worker} step {step}");
                    let run = env.run(&["-q", "adjust", "bolts", "-1", "--reason", &reason]);
                    assert_eq!(run.code, Some(0), "{run}");
                }
            });
        }
    });
    let items = env.items();
    assert_eq!(items[0]["quantity"], 0, "{items}");
    let history = env.json(&["history", "bolts"]);
    let adjusts: Vec<&Value> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "adjust")
        .collect();
    assert_eq!(adjusts.len(), 400);
    // Each adjustment saw the level the previous one left: a chain from
    // 400 down to 0 with no gaps or repeats.
    let mut levels: Vec<u64> = adjusts
        .iter()
        .map(|e| e["qty_before"].as_u64().unwrap())
        .collect();
    levels.sort_unstable();
    assert_eq!(levels, (1..=400).collect::<Vec<u64>>());
    let before = env.items();
    env.run(&["adjust", "bolts", "-1"]).code(5);
    assert_eq!(env.items(), before);
}
