//! The ledger: `history`, `undo`, `show` and `list --as-of`, and the one
//! operation with one event per changed item that every mutation records.

use std::fmt::Write as _;
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

use crate::util::{Env, Run, actor, is_rfc3339_utc_millis};

/// An event's fields, in the contract's order: the JSON keys and the CSV header.
const EVENT_FIELDS: [&str; 24] = [
    "op",
    "seq",
    "at",
    "item_id",
    "kind",
    "name_before",
    "name_after",
    "qty_before",
    "qty_after",
    "unit_before",
    "unit_after",
    "min_before",
    "min_after",
    "owner",
    "reason",
    "actor",
    "location_before",
    "location_after",
    "tags_before",
    "tags_after",
    "code_before",
    "code_after",
    "note_before",
    "note_after",
];

/// An item as an event records it: (name, quantity, unit, min).
type State<'a> = (&'a str, u64, Option<&'a str>, Option<u64>);

/// The OS user every mutation in these tests runs as (the actor on SQLite;
/// on PostgreSQL it is the login role, see [`actor`]).
const ACTOR: &str = "tester";

/// Runs `countiq ARGS` as [`ACTOR`] and asserts it succeeded.
fn tester(env: &Env, args: &[&str]) -> Run {
    env.run_as(ACTOR, args).success()
}

/// Runs `countiq --json ARGS` as [`ACTOR`], asserts success, parses stdout.
fn tester_json(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    tester(env, &all).json()
}

/// An event of alice's, made by [`ACTOR`] with no reason, without its time
/// (compare with [`timeless`]).
fn event(
    op: i64,
    seq: i64,
    item_id: i64,
    kind: &str,
    before: Option<State<'_>>,
    after: Option<State<'_>>,
) -> Value {
    json!({
        "op": op,
        "seq": seq,
        "item_id": item_id,
        "kind": kind,
        "name_before": before.map(|s| s.0),
        "name_after": after.map(|s| s.0),
        "qty_before": before.map(|s| s.1),
        "qty_after": after.map(|s| s.1),
        "unit_before": before.and_then(|s| s.2),
        "unit_after": after.and_then(|s| s.2),
        "min_before": before.and_then(|s| s.3),
        "min_after": after.and_then(|s| s.3),
        "owner": "alice",
        "reason": null,
        "actor": actor(ACTOR),
        "location_before": null,
        "location_after": null,
        "tags_before": before.map(|_| json!([])),
        "tags_after": after.map(|_| json!([])),
        "code_before": null,
        "code_after": null,
        "note_before": null,
        "note_after": null,
    })
}

/// `value` with `field` set to `to`.
fn with(mut value: Value, field: &str, to: Value) -> Value {
    value[field] = to;
    value
}

/// A history without its clock: checks that every `at` is an RFC 3339
/// time, shared by the events of one operation and never later than the
/// event above it (newest first), then drops it.
#[track_caller]
fn timeless(events: &Value) -> Value {
    let events = events.as_array().expect("an array of events");
    for pair in events.windows(2) {
        let (newer, older) = (&pair[0], &pair[1]);
        // RFC 3339 with a fixed width compares in time order as text.
        assert!(
            newer["at"].as_str() >= older["at"].as_str(),
            "{newer} {older}"
        );
        if newer["op"] == older["op"] {
            assert_eq!(newer["at"], older["at"], "one operation, one time");
        }
    }
    let mut out = Vec::new();
    for event in events {
        let at = event["at"].as_str().expect("a string time");
        assert!(is_rfc3339_utc_millis(at), "{event}");
        let mut event = event.clone();
        event.as_object_mut().unwrap().remove("at");
        out.push(event);
    }
    Value::Array(out)
}

/// One event as compact JSON with its fields in the contract's order.
fn json_line(event: &Value) -> String {
    let fields: Vec<String> = EVENT_FIELDS
        .iter()
        .map(|field| format!("\"{field}\":{}", event[field]))
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// `(op, seq, item_id, kind)` of each event, to check how a series of
/// commands was grouped into operations.
fn shape(events: &Value) -> Vec<Value> {
    events
        .as_array()
        .expect("an array of events")
        .iter()
        .map(|e| json!([e["op"], e["seq"], e["item_id"], e["kind"]]))
        .collect()
}

/// The events of `history` that belong to item `id`.
fn of_item(history: &Value, id: i64) -> Value {
    history
        .as_array()
        .expect("an array of events")
        .iter()
        .filter(|e| e["item_id"] == json!(id))
        .cloned()
        .collect()
}

/// Lets the clock move on so the next command gets a later time.
fn tick() {
    thread::sleep(Duration::from_millis(20));
}

/// Alice's milk: 4 L, reorder level 2.
const MILK: State<'static> = ("milk", 4, Some("L"), Some(2));

#[test]
fn history_lists_every_event_newest_first_with_every_field() {
    let env = Env::new();
    tester(
        &env,
        &["add", "milk", "--qty", "4", "--unit", "L", "--min", "2"],
    );
    tester(&env, &["add", "bread"]);
    tester(
        &env,
        &["adjust", "milk", "-2", "--reason", "spilled, sorry"],
    );
    tester(&env, &["rename", "milk", "oat milk"]);
    tester(&env, &["remove", "bread"]);
    let bread = ("bread", 1, None, None);
    let milk_2 = ("milk", 2, Some("L"), Some(2));
    assert_eq!(
        timeless(&env.history_of("alice")),
        json!([
            event(5, 1, 2, "remove", Some(bread), None),
            event(
                4,
                1,
                1,
                "rename",
                Some(milk_2),
                Some(("oat milk", 2, Some("L"), Some(2)))
            ),
            with(
                event(3, 1, 1, "adjust", Some(MILK), Some(milk_2)),
                "reason",
                json!("spilled, sorry")
            ),
            event(2, 1, 2, "add", None, Some(bread)),
            event(1, 1, 1, "add", None, Some(MILK)),
        ])
    );
}

#[test]
fn history_prints_the_same_events_as_json_ndjson_csv_and_a_table() {
    let env = Env::new();
    tester(
        &env,
        &["add", "milk", "--qty", "4", "--unit", "L", "--min", "2"],
    );
    tester(
        &env,
        &["adjust", "milk", "-2", "--reason", "spilled, sorry"],
    );
    tester(&env, &["rename", "milk", "oat milk"]);

    let json_run = env.run(&["history", "--json"]).success();
    let events = json_run.json();
    let lines: Vec<String> = events.as_array().unwrap().iter().map(json_line).collect();
    assert_eq!(
        json_run.stdout,
        format!("[\n{}\n]\n", lines.join(",\n")),
        "{json_run}"
    );

    let ndjson = env.run(&["history", "--format", "ndjson"]).success();
    assert_eq!(ndjson.stdout, format!("{}\n", lines.join("\n")), "{ndjson}");

    let at = |i: usize| events[i]["at"].as_str().unwrap().to_owned();
    let csv = env.run(&["history", "--format", "csv"]).success();
    assert_eq!(
        csv.stdout,
        format!(
            "{}\n\
             3,1,{},1,rename,milk,oat milk,2,2,L,L,2,2,alice,,{actor},,,,,,,,\n\
             2,1,{},1,adjust,milk,milk,4,2,L,L,2,2,alice,\"spilled, sorry\",{actor},,,,,,,,\n\
             1,1,{},1,add,,milk,,4,,L,,2,alice,,{actor},,,,,,,,\n",
            EVENT_FIELDS.join(","),
            at(0),
            at(1),
            at(2),
            actor = actor(ACTOR)
        ),
        "{csv}"
    );

    let table = env.run(&["history"]).success();
    assert_eq!(
        table.stdout,
        format!(
            "OP  AT                        KIND    ITEM  NAME              QUANTITY  REASON\n \
             3  {}  rename     1  milk -> oat milk  2\n \
             2  {}  adjust     1  milk              4 -> 2    spilled, sorry\n \
             1  {}  add        1  + milk            + 4\n",
            at(0),
            at(1),
            at(2)
        ),
        "{table}"
    );
    assert_eq!(table.stderr, "", "{table}");
}

#[test]
fn history_of_a_name_follows_the_item_across_a_rename() {
    let env = Env::new();
    tester(&env, &["add", "milk", "--qty", "4"]);
    tester(&env, &["add", "bread"]);
    tester(&env, &["adjust", "milk", "+3"]);
    tester(&env, &["rename", "milk", "oat milk"]);
    let milks = of_item(&env.history_of("alice"), 1);
    assert_eq!(
        shape(&milks),
        [
            json!([4, 1, 1, "rename"]),
            json!([3, 1, 1, "adjust"]),
            json!([1, 1, 1, "add"])
        ]
    );
    assert_eq!(env.json(&["history", "milk"]), milks);
    assert_eq!(env.json(&["history", " OAT  MILK"]), milks);
}

#[test]
fn history_of_a_name_never_used_is_not_found() {
    let env = Env::new();
    let run = env.run(&["history", "milk"]).code(3);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(env.json(&["history"]), json!([]));
    assert!(!env.has_database(), "history created the database");

    tester_json(&env, &["add", "milk"]);
    let before = env.state();
    for (owner, name) in [("alice", "bread"), ("bob", "milk")] {
        let run = env.run(&["history", name, "--owner", owner]).code(3);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.stderr,
            format!("countiq: error: no item named \"{name}\" for owner \"{owner}\"\n"),
            "{run}"
        );
    }
    assert_eq!(env.state(), before);
}

#[test]
fn limit_keeps_the_newest_events() {
    let env = Env::new();
    for name in ["a", "b", "c"] {
        tester(&env, &["add", name]);
    }
    let all = env.history_of("alice");
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    assert_eq!(
        env.json(&["history", "--limit", "2"]),
        json!([all[0], all[1]])
    );
    assert_eq!(env.json(&["history", "--limit", "0"]), json!([]));
    assert_eq!(env.json(&["history", "--limit", "9"]), all);
}

#[test]
fn since_keeps_the_events_at_or_after_a_time() {
    let env = Env::new();
    for name in ["a", "b", "c"] {
        tester(&env, &["add", name]);
        tick();
    }
    let all = env.history_of("alice");
    let b_at = all[1]["at"].as_str().unwrap();
    assert_eq!(
        env.json(&["history", "--since", b_at]),
        json!([all[0], all[1]])
    );
    assert_eq!(env.json(&["history", "--since", "1h"]), all);
    assert_eq!(
        env.json(&["history", "--since", "2999-01-01T00:00:00Z"]),
        json!([])
    );

    let before = env.state();
    let run = env.run(&["history", "--since", "yesterday"]).code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        "countiq: error: invalid time \"yesterday\": expected RFC 3339 (2026-11-25T17:29:10Z), a date (2026-11-25) or a span such as 90s, 15m, 2h, 3d, 1w\n",
        "{run}"
    );
    assert_eq!(env.state(), before);
}

#[test]
fn every_successful_mutation_writes_one_operation_with_one_event_per_item_changed() {
    let env = Env::new();
    let commands: [&[&str]; 10] = [
        &["add", "milk", "--qty", "4"],
        &["add", "bread"],
        &["add", "eggs", "--qty", "12"],
        &["remove", "bread", "eggs"],
        &["rename", "milk", "oat milk"],
        &["adjust", "oat milk", "+3"],
        &["set", "oat milk", "10"],
        &["count", "oat milk", "9"],
        &["edit", "oat milk", "--unit", "L"],
        &["undo"],
    ];
    for args in commands {
        tester(&env, args);
    }
    assert_eq!(
        shape(&env.history_of("alice")),
        [
            json!([10, 1, 1, "undo"]),
            json!([9, 1, 1, "edit"]),
            json!([8, 1, 1, "count"]),
            json!([7, 1, 1, "set"]),
            json!([6, 1, 1, "adjust"]),
            json!([5, 1, 1, "rename"]),
            json!([4, 2, 3, "remove"]),
            json!([4, 1, 2, "remove"]),
            json!([3, 1, 3, "add"]),
            json!([2, 1, 2, "add"]),
            json!([1, 1, 1, "add"]),
        ]
    );
}

#[test]
fn failed_commands_add_no_events() {
    let env = Env::new();
    tester(&env, &["add", "milk", "--qty", "4"]);
    tester(&env, &["add", "bread"]);
    let before = env.state();
    let failures: [(&[&str], i32); 9] = [
        (&["add", "milk"], 4),
        (&["add", "eggs", "--qty", "-1"], 5),
        (&["remove", "bread", "eggs"], 3),
        (&["rename", "bread", "MILK"], 4),
        (&["adjust", "milk", "-5"], 5),
        (&["set", "eggs", "1"], 3),
        (&["count", "milk", "x"], 5),
        (&["edit", "eggs", "--unit", "L"], 3),
        (&["undo", "99"], 3),
    ];
    for (args, code) in failures {
        let run = env.run_as(ACTOR, args).code(code);
        assert_eq!(run.stdout, "", "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn dry_run_mutations_record_nothing() {
    let env = Env::new();
    tester(&env, &["add", "milk", "--qty", "4"]);
    tester(&env, &["add", "bread"]);
    let before = env.state();
    let commands: [&[&str]; 5] = [
        &["add", "eggs"],
        &["remove", "milk", "bread"],
        &["rename", "milk", "oat milk"],
        &["count", "milk", "4"],
        &["undo"],
    ];
    for args in commands {
        let mut all = vec!["--dry-run"];
        all.extend_from_slice(args);
        let run = tester(&env, &all);
        assert_eq!(run.stderr, "dry run: nothing was changed\n", "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn the_actor_is_who_ran_the_command_whoever_the_owner_is() {
    let env = Env::new();
    tester(&env, &["add", "milk", "--owner", "bob"]);
    let mut cmd = env.command(&["adjust", "milk", "+1", "--owner", "bob"]);
    cmd.env("LOGNAME", "carol");
    env.run_command(cmd, None).success();
    let history = env.history_of("bob");
    let who: Vec<Value> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!([e["kind"], e["owner"], e["actor"]]))
        .collect();
    assert_eq!(
        who,
        [
            json!(["adjust", "bob", actor("carol")]),
            json!(["add", "bob", actor("tester")])
        ]
    );
}

#[test]
fn undo_reverts_the_last_operation_as_a_new_one() {
    let env = Env::new();
    tester(
        &env,
        &["add", "milk", "--qty", "4", "--unit", "L", "--min", "2"],
    );
    tester(&env, &["adjust", "milk", "+3"]);
    let undone = tester_json(&env, &["undo"]);
    let history = env.history_of("alice");
    assert_eq!(
        undone,
        json!({"op": 3, "undid": 2, "command": "adjust", "events": [history[0]]})
    );
    assert_eq!(
        timeless(&json!([history[0]])),
        json!([event(
            3,
            1,
            1,
            "undo",
            Some(("milk", 7, Some("L"), Some(2))),
            Some(MILK)
        )])
    );
    let items = env.items();
    assert_eq!(
        (&items[0]["quantity"], &items[0]["updated_at"]),
        (&json!(4), &history[0]["at"])
    );
}

#[test]
fn repeated_undo_walks_back_through_history() {
    let env = Env::new();
    let milk = tester_json(&env, &["add", "milk", "--qty", "4"]);
    tester(&env, &["add", "bread"]);
    tester(&env, &["adjust", "milk", "+3"]);
    let lines = [
        "undid operation 3 (adjust): 1 item(s) reverted, recorded as operation 4",
        "undid operation 2 (add): 1 item(s) reverted, recorded as operation 5",
    ];
    for line in lines {
        let run = tester(&env, &["undo"]);
        assert_eq!(run.stdout, format!("{line}\n"), "{run}");
        assert_eq!(run.stderr, "", "{run}");
    }
    let items = env.items();
    let mut expected = milk.clone();
    expected["updated_at"] = items[0]["updated_at"].clone();
    assert_eq!(items, json!([expected]));
    assert_eq!(
        shape(&env.history_of("alice"))[..2],
        [json!([5, 1, 2, "undo"]), json!([4, 1, 1, "undo"])]
    );
}

#[test]
fn undoing_an_operation_twice_or_undoing_an_undo_is_a_conflict() {
    let env = Env::new();
    tester(&env, &["add", "milk", "--qty", "4"]);
    tester(&env, &["adjust", "milk", "+3"]);
    tester(&env, &["undo", "2"]);
    let before = env.state();
    let table = [
        ("2", "operation 2 was already undone by operation 3"),
        (
            "3",
            "operation 3 is an undo; undo skips undos, so run `undo` again to go further back",
        ),
    ];
    for (op, message) in table {
        let run = env.run_as(ACTOR, &["undo", op]).code(4);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn undo_with_nothing_to_undo_or_an_unknown_operation_is_not_found() {
    let env = Env::new();
    let nothing = "countiq: error: nothing to undo for owner \"alice\"\n";
    let run = env.run_as(ACTOR, &["undo"]).code(3);
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        ("", nothing),
        "{run}"
    );
    assert!(!env.has_database(), "undo created the database");

    tester(&env, &["add", "milk"]);
    let before = env.state();
    let run = env.run_as(ACTOR, &["undo", "99"]).code(3);
    assert_eq!(
        run.stderr, "countiq: error: no operation 99 for owner \"alice\"\n",
        "{run}"
    );
    assert_eq!(env.state(), before);
    tester(&env, &["undo"]);
    let before = env.state();
    let run = env.run_as(ACTOR, &["undo"]).code(3);
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        ("", nothing),
        "{run}"
    );
    assert_eq!(env.state(), before);
}

#[test]
fn undo_of_a_multi_item_remove_brings_every_item_back_as_it_was() {
    let env = Env::new();
    tester(
        &env,
        &["add", "milk", "--qty", "4", "--unit", "L", "--min", "2"],
    );
    tester(&env, &["add", "eggs", "--qty", "12", "--unit", "box"]);
    tester(&env, &["add", "bread"]);
    let before = env.items();
    tester(&env, &["remove", "milk", "eggs"]);
    let undone = tester_json(&env, &["undo"]);
    assert_eq!(
        (&undone["op"], &undone["undid"], &undone["command"]),
        (&json!(5), &json!(4), &json!("remove"))
    );
    assert_eq!(
        timeless(&undone["events"]),
        json!([
            event(5, 1, 2, "undo", None, Some(("eggs", 12, Some("box"), None))),
            event(5, 2, 1, "undo", None, Some(MILK)),
        ])
    );
    // Every field but `updated_at` is as it was: id, created_at, quantity,
    // unit and min.
    let after = env.items();
    let mut expected = before.clone();
    for i in [1, 2] {
        expected[i]["updated_at"] = undone["events"][0]["at"].clone();
    }
    assert_eq!(after, expected);
}

#[test]
fn an_undo_that_would_break_an_invariant_is_a_conflict_and_puts_nothing_back() {
    let env = Env::new();
    tester(&env, &["add", "milk", "--qty", "4"]);
    tester(&env, &["add", "eggs", "--qty", "12"]);
    tester(&env, &["remove", "milk", "eggs"]);
    tester(&env, &["add", "milk"]);
    let before = env.state();
    let run = env.run_as(ACTOR, &["undo", "3"]).code(4);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        "countiq: error: cannot undo operation 3: the name \"milk\" is now used by another item (id 3)\n",
        "{run}"
    );
    let run = env.run_as(ACTOR, &["--json", "undo", "3"]).code(4);
    assert_eq!(
        run.json_error()["error"]["kind"],
        json!("conflict"),
        "{run}"
    );
    assert_eq!(env.state(), before);
}

#[test]
fn an_owner_undoes_and_sees_only_their_own_operations() {
    let env = Env::new();
    tester(&env, &["add", "milk", "--qty", "4"]);
    tester(&env, &["add", "bread", "--owner", "bob"]);
    tester(&env, &["adjust", "milk", "+1"]);
    let alices = env.state();
    let bread = ("bread", 1, None, None);
    assert_eq!(
        timeless(&env.history_of("bob")),
        json!([with(
            event(2, 1, 2, "add", None, Some(bread)),
            "owner",
            json!("bob")
        )])
    );

    let undone = tester_json(&env, &["undo", "--owner", "bob"]);
    assert_eq!((&undone["op"], &undone["undid"]), (&json!(4), &json!(2)));
    for (args, message) in [
        (&["undo"][..], "nothing to undo for owner \"bob\""),
        (&["undo", "3"][..], "no operation 3 for owner \"bob\""),
    ] {
        let mut all = args.to_vec();
        all.extend(["--owner", "bob"]);
        let run = env.run_as(ACTOR, &all).code(3);
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
    assert_eq!(env.state(), alices);
    let bobs = env.state_of("bob");
    assert_eq!(bobs["items"], json!([]));
    assert_eq!(
        timeless(&bobs["history"]),
        json!([
            with(
                event(4, 1, 2, "undo", Some(bread), None),
                "owner",
                json!("bob")
            ),
            with(
                event(2, 1, 2, "add", None, Some(bread)),
                "owner",
                json!("bob")
            ),
        ])
    );
}

/// Milk added with 4, raised by 3, lowered by 6: 1 left, below its min of 5.
fn milk_over_time(env: &Env) {
    tester(
        env,
        &["add", "milk", "--qty", "4", "--unit", "L", "--min", "5"],
    );
    tester(env, &["adjust", "milk", "+3"]);
    tester(env, &["adjust", "milk", "-6"]);
}

#[test]
fn show_in_json_has_the_item_its_events_newest_first_its_series_and_a_sparkline() {
    let env = Env::new();
    milk_over_time(&env);
    tester(&env, &["add", "bread"]);
    let shown = env.json(&["show", "MILK"]);
    let history = env.history_of("alice");
    assert_eq!(
        shown,
        json!({
            "item": env.items()[1],
            "events": of_item(&history, 1),
            "series": [4, 7, 1],
            "sparkline": "\u{2584}\u{2588}\u{2581}",
        })
    );
}

#[test]
fn show_in_a_table_starts_with_the_name_and_id_and_draws_the_trend() {
    let env = Env::new();
    milk_over_time(&env);
    let item = &env.items()[0];
    let history = env.history_of("alice");
    let at = |field: &str| item[field].as_str().unwrap().to_owned();
    let event_at = |i: usize| history[i]["at"].as_str().unwrap().to_owned();
    let run = env.run(&["show", "milk"]).success();
    assert_eq!(
        run.stdout,
        format!(
            "milk (id 1)\n\
             quantity  1 L (min 5)  LOW\n\
             created   {}\n\
             updated   {}\n\
             trend     \u{2584}\u{2588}\u{2581}\n\
             \n\
             OP  AT                        KIND    ITEM  NAME    QUANTITY  REASON\n \
             3  {}  adjust     1  milk    7 -> 1\n \
             2  {}  adjust     1  milk    4 -> 7\n \
             1  {}  add        1  + milk  + 4\n",
            at("created_at"),
            at("updated_at"),
            event_at(0),
            event_at(1),
            event_at(2)
        ),
        "{run}"
    );
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn show_of_a_missing_item_is_not_found() {
    let env = Env::new();
    env.run(&["show", "milk"]).code(3);
    assert!(!env.has_database(), "show created the database");
    tester(&env, &["add", "milk"]);
    tester(&env, &["remove", "milk"]);
    let before = env.state();
    let run = env.run(&["show", "milk"]).code(3);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr, "countiq: error: no item named \"milk\" for owner \"alice\"\n",
        "{run}"
    );
    assert_eq!(env.state(), before);
}

#[test]
fn list_as_of_rebuilds_the_items_as_they_stood_then() {
    let env = Env::new();
    let milk = tester_json(&env, &["add", "milk", "--qty", "4", "--unit", "L"]);
    let bread = tester_json(&env, &["add", "bread"]);
    tick();
    let then = env.history_of("alice")[0]["at"]
        .as_str()
        .unwrap()
        .to_owned();
    tester(&env, &["adjust", "milk", "+3"]);
    tester(&env, &["rename", "milk", "oat milk"]);
    tester(&env, &["remove", "bread"]);
    assert_eq!(env.json(&["list", "--as-of", &then]), json!([bread, milk]));
    assert_eq!(
        env.json(&["list", "--as-of", &then, "--owner", "bob"]),
        json!([])
    );
    assert_eq!(env.json(&["list", "--as-of", "1970-01-01"]), json!([]));
}

#[test]
fn list_as_of_now_agrees_with_list_and_a_bad_time_is_invalid() {
    let env = Env::new();
    tester(
        &env,
        &["add", "milk", "--qty", "4", "--unit", "L", "--min", "2"],
    );
    tester(&env, &["add", "eggs", "--qty", "12"]);
    tester(&env, &["remove", "milk", "eggs"]);
    tester(&env, &["undo"]);
    tester(&env, &["rename", "eggs", "Eggs"]);
    tester(&env, &["count", "milk", "3"]);
    let before = env.state();
    assert_eq!(
        env.json(&["list", "--as-of", "2999-01-01T00:00:00Z"]),
        before["items"]
    );
    let run = env.run(&["list", "--as-of", "soon"]).code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        "countiq: error: invalid time \"soon\": expected RFC 3339 (2026-11-25T17:29:10Z), a date (2026-11-25) or a span such as 90s, 15m, 2h, 3d, 1w\n",
        "{run}"
    );
    assert_eq!(env.state(), before);
}

#[test]
fn thousands_of_events_after_an_import_read_back_in_order_across_pages_and_runs() {
    // An import of more items than a creation run holds, then an import
    // that replaces each: thousands of ordinary events after the runs, more
    // than one page of a PostgreSQL history read.
    const ROWS: u64 = 5_000;
    let env = Env::new();
    let created = crate::util::import_rows("item ", ROWS);
    env.run_with_stdin(&["-q", "import", "-"], &created)
        .success();
    let replaced = (0..ROWS).fold(String::new(), |mut rows, i| {
        writeln!(rows, r#"{{"name":"item {i}","quantity":{}}}"#, i + 1).unwrap();
        rows
    });
    env.run_with_stdin(
        &["-q", "import", "--on-conflict", "replace", "-"],
        &replaced,
    )
    .success();
    let all = env.json(&["history", "--json"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len() as u64, 2 * ROWS);
    let positions: Vec<(u64, u64)> = all
        .iter()
        .map(|e| (e["op"].as_u64().unwrap(), e["seq"].as_u64().unwrap()))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] > w[1]), "newest first");
    let (first_op, second_op) = (positions[all.len() - 1].0, positions[0].0);
    for (i, e) in all.iter().enumerate() {
        let i = i as u64;
        let (op, kind, qty_after) = if i < ROWS {
            (second_op, "import", ROWS - i)
        } else {
            (first_op, "import", 2 * ROWS - i - 1)
        };
        assert_eq!(
            (
                e["op"].as_u64(),
                e["kind"].as_str(),
                e["qty_after"].as_u64()
            ),
            (Some(op), Some(kind), Some(qty_after)),
            "event {i}: {e}"
        );
    }
    // Limits that end inside the replacements, at their end, and inside a run.
    for limit in [1, 1_024, 1_025, ROWS, ROWS + 1, ROWS + 4_097] {
        let some = env.json(&["history", "--json", "--limit", &limit.to_string()]);
        assert_eq!(
            some.as_array().unwrap()[..],
            all[..limit as usize],
            "limit {limit}"
        );
    }
    // doctor counts each item of a run as an event.
    assert_eq!(
        env.json(&["doctor", "--json"])["owners"][0]["events"],
        2 * ROWS
    );
    // One item: its replacement, then its creation.
    let one = env.json(&["history", "item 4500", "--json"]);
    let one: Vec<(Option<u64>, Option<u64>)> = one
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["qty_before"].as_u64(), e["qty_after"].as_u64()))
        .collect();
    assert_eq!(one, [(Some(4500), Some(4501)), (None, Some(4500))]);
}
