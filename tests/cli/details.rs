//! Where an item is, its tags, its code and its note; the `#ID` and `=CODE`
//! references; `scan`. Every change is in the ledger: undoable, in
//! `history`, and rebuilt by `list --as-of`.

use std::thread;

use serde_json::{Value, json};

use crate::util::Env;

/// The names of `items` (a JSON array), in order.
fn names(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .expect("an array of items")
        .iter()
        .map(|i| i["name"].as_str().expect("a name"))
        .collect()
}

/// Runs `args`, expects exit `code`, and checks that alice's items and
/// history are exactly as before: a failed command changes nothing.
#[track_caller]
fn refused(env: &Env, args: &[&str], code: i32) -> String {
    let before = env.state();
    let run = env.run(args).code(code);
    assert_eq!(env.state(), before, "{args:?} changed the state");
    run.stderr
}

#[test]
fn list_at_selects_a_location_and_everything_under_it() {
    let env = Env::new();
    env.ok(&["add", "drill", "--at", "garage/shelf-2"]);
    env.ok(&["add", "saw", "--at", " Garage "]);
    env.ok(&["add", "hammer", "--at", "workshop"]);
    env.ok(&["add", "nails"]);
    env.ok(&["add", "glue", "--at", "garages"]);
    assert_eq!(
        names(&env.json(&["list", "--at", "GARAGE"])),
        ["drill", "saw"]
    );
    assert_eq!(
        names(&env.json(&["list", "--at", "garage/Shelf-2"])),
        ["drill"]
    );
    assert_eq!(
        names(&env.json(&["list", "--at", "gar"])),
        Vec::<&str>::new()
    );
    let drill = &env.json(&["list", "--match", "drill"])[0];
    assert_eq!(drill["location"], "garage/shelf-2");
    assert_eq!(
        env.json(&["list", "--match", "nails"])[0]["location"],
        json!(null)
    );
    // --limit counts the items the filter keeps.
    assert_eq!(
        names(&env.json(&["list", "--at", "garage", "--limit", "1"])),
        ["drill"]
    );
}

#[test]
fn locations_count_the_items_directly_in_each_location() {
    let env = Env::new();
    assert_eq!(env.json(&["locations"]), json!([]));
    env.ok(&["add", "drill", "--at", "garage/shelf-2", "--qty", "2"]);
    env.ok(&["add", "saw", "--at", "Garage", "--qty", "3"]);
    env.ok(&["add", "rake", "--at", "garage", "--qty", "4"]);
    env.ok(&["add", "nails", "--qty", "100"]);
    assert_eq!(
        env.json(&["locations"]),
        json!([
            // Spelled as the first of its items by name (rake) spells it.
            {"location": "garage", "items": 2, "quantity": 7},
            {"location": "garage/shelf-2", "items": 1, "quantity": 2},
        ])
    );
    let table = env.ok(&["locations"]);
    assert!(table.starts_with("LOCATION"), "{table}");
    assert!(table.contains("garage/shelf-2"), "{table}");
    assert_eq!(
        env.ok(&["locations", "--format", "csv"]),
        "location,items,quantity\ngarage,2,7\ngarage/shelf-2,1,2\n"
    );
}

#[test]
fn move_changes_the_location_and_is_recorded_and_undone() {
    let env = Env::new();
    env.ok(&["add", "drill", "--at", "garage/shelf-2"]);
    let moved = env.json(&["move", "drill", "workshop/bench"]);
    assert_eq!(moved["location"], "workshop/bench");
    let event = &env.json(&["history", "--limit", "1"])[0];
    assert_eq!(
        (
            &event["kind"],
            &event["location_before"],
            &event["location_after"]
        ),
        (
            &json!("move"),
            &json!("garage/shelf-2"),
            &json!("workshop/bench")
        )
    );
    let nowhere = env.json(&["move", "drill", "--nowhere"]);
    assert_eq!(nowhere["location"], json!(null));
    env.ok(&["undo"]);
    assert_eq!(env.items()[0]["location"], "workshop/bench");
    env.ok(&["undo"]);
    assert_eq!(env.items()[0]["location"], "garage/shelf-2");
    // Another spelling of the same location is a change of spelling, as a
    // rename of case is; moving to where it is, as spelled, changes nothing.
    let events = env.history_of("alice").as_array().unwrap().len();
    env.ok(&["move", "drill", "GARAGE/shelf-2"]);
    assert_eq!(
        env.history_of("alice").as_array().unwrap().len(),
        events + 1
    );
    let before = env.state();
    env.ok(&["move", "drill", "GARAGE/shelf-2"]);
    assert_eq!(env.state(), before);
}

#[test]
fn bad_locations_are_refused_and_change_nothing() {
    let env = Env::new();
    env.ok(&["add", "drill", "--at", "garage"]);
    for bad in ["a//b", "/garage", "garage/", " / ", "bad\tsegment"] {
        refused(&env, &["add", "saw", "--at", bad], 5);
        refused(&env, &["move", "drill", bad], 5);
    }
    let long = "x".repeat(65);
    refused(&env, &["move", "drill", &long], 5);
    // A location or --nowhere, not neither, not both.
    refused(&env, &["move", "drill"], 2);
    refused(&env, &["move", "drill", "shed", "--nowhere"], 2);
    refused(&env, &["move", "saw", "shed"], 3);
}

#[test]
fn tags_are_added_and_removed_ignoring_case_and_list_tag_needs_every_one() {
    let env = Env::new();
    env.ok(&["add", "bleach"]);
    env.ok(&["add", "soap"]);
    let tagged = env.json(&["tag", "bleach", "cleaning", "Hazard", "HAZARD"]);
    assert_eq!(tagged["tags"], json!(["cleaning", "Hazard"]));
    env.ok(&["tag", "soap", "Cleaning"]);
    let untagged = env.json(&["untag", "bleach", "hazard", "not-there"]);
    assert_eq!(untagged["tags"], json!(["cleaning"]));
    env.ok(&["tag", "bleach", "hazard"]);
    assert_eq!(
        names(&env.json(&["list", "--tag", "CLEANING"])),
        ["bleach", "soap"]
    );
    assert_eq!(
        names(&env.json(&["list", "--tag", "cleaning", "--tag", "hazard"])),
        ["bleach"]
    );
    // In CSV the tags are one field, joined by commas.
    let csv = env.ok(&["list", "--tag", "hazard", "--format", "csv"]);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .contains(",\"cleaning,hazard\","),
        "{csv}"
    );
    let event = &env.json(&["history", "--limit", "1"])[0];
    assert_eq!(
        (&event["kind"], &event["tags_before"], &event["tags_after"]),
        (
            &json!("tag"),
            &json!(["cleaning"]),
            &json!(["cleaning", "hazard"])
        )
    );
    // Tagging with tags it has already changes nothing and records nothing.
    let before = env.state();
    env.ok(&["tag", "bleach", "HAZARD"]);
    assert_eq!(env.state(), before);
    env.ok(&["undo"]);
    assert_eq!(env.items()[0]["tags"], json!(["cleaning"]));
}

#[test]
fn bad_tags_are_refused_and_change_nothing() {
    let env = Env::new();
    env.ok(&["add", "bleach"]);
    let long = "t".repeat(65);
    for bad in [
        "a,b",
        "",
        "  ",
        "bell\u{7}",
        "zero\u{200b}width",
        long.as_str(),
    ] {
        refused(&env, &["tag", "bleach", "ok", bad], 5);
    }
    refused(&env, &["tag", "bleach"], 2);
    refused(&env, &["tag", "nothing", "x"], 3);
    refused(&env, &["list", "--tag", "a,b"], 5);
}

#[test]
fn codes_name_items_and_are_unique_per_owner_exactly() {
    let env = Env::new();
    let milk = env.json(&["add", "milk", "--code", "4006381333931", "--qty", "3"]);
    assert_eq!(milk["code"], "4006381333931");
    env.ok(&["add", "bread"]);
    let adjusted = env.json(&["adjust", "=4006381333931", "-1"]);
    assert_eq!(
        (&adjusted["name"], &adjusted["quantity"]),
        (&json!("milk"), &json!(2))
    );
    // Another item may not take it; another owner may.
    let err = refused(&env, &["edit", "bread", "--code", "4006381333931"], 4);
    assert!(
        err.contains("4006381333931") && err.contains("milk"),
        "{err}"
    );
    refused(&env, &["add", "rolls", "--code", "4006381333931"], 4);
    env.ok(&["--owner", "bob", "add", "milk", "--code", "4006381333931"]);
    // Codes compare exactly: case matters.
    env.ok(&["edit", "bread", "--code", "abc"]);
    env.ok(&["add", "rolls", "--code", "ABC"]);
    assert_eq!(env.json(&["show", "=ABC"])["item"]["name"], "rolls");
    assert_eq!(names(&env.json(&["list", "--code", "abc"])), ["bread"]);
    refused(&env, &["adjust", "=abd", "+1"], 3);
    // Removing a code frees it, and undo puts it back.
    env.ok(&["edit", "=4006381333931", "--no-code"]);
    assert_eq!(env.json(&["show", "milk"])["item"]["code"], json!(null));
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "milk"])["item"]["code"], "4006381333931");
}

#[test]
fn bad_codes_are_refused_and_change_nothing() {
    let env = Env::new();
    env.ok(&["add", "milk"]);
    let long = "1".repeat(65);
    for bad in [long.as_str(), "", "a b", "caf\u{e9}", "tab\tcode"] {
        refused(&env, &["edit", "milk", "--code", bad], 5);
        refused(&env, &["add", "other", "--code", bad], 5);
    }
    env.ok(&["edit", "milk", "--code", &"1".repeat(64)]);
    refused(&env, &["edit", "milk", "--code", "x", "--no-code"], 2);
    refused(&env, &["adjust", "=", "+1"], 5);
}

#[test]
fn undoing_a_removal_gives_the_code_back_unless_another_item_took_it() {
    let env = Env::new();
    env.ok(&["add", "milk", "--code", "123"]);
    env.ok(&["remove", "=123"]);
    env.ok(&["add", "oat milk", "--code", "123"]);
    let err = refused(&env, &["undo", "2"], 4);
    assert!(err.contains("123"), "{err}");
    env.ok(&["edit", "oat milk", "--no-code"]);
    env.ok(&["undo", "2"]);
    assert_eq!(env.json(&["show", "=123"])["item"]["name"], "milk");
}

#[test]
fn racing_code_edits_on_two_items_give_one_success_and_one_conflict() {
    let env = Env::new();
    for round in 0..4 {
        let (a, b) = (format!("a{round}"), format!("b{round}"));
        let code = format!("race-{round}");
        env.ok(&["add", &a]);
        env.ok(&["add", &b]);
        let codes: Vec<Option<i32>> = thread::scope(|s| {
            let runs: Vec<_> = [&a, &b]
                .into_iter()
                .map(|item| s.spawn(|| env.run(&["edit", item, "--code", &code]).code))
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(sorted, [Some(0), Some(4)], "round {round}: {codes:?}");
        let holders: Vec<Value> = env
            .items()
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["code"] == json!(code))
            .cloned()
            .collect();
        assert_eq!(holders.len(), 1, "round {round}");
    }
}

#[test]
fn ids_and_codes_refer_to_items_in_every_command_that_names_one() {
    let env = Env::new();
    let milk = env.json(&["add", "milk", "--code", "M1", "--qty", "5"]);
    let id = format!("#{}", milk["id"]);
    env.ok(&["adjust", &id, "+1"]);
    env.ok(&["set", "=M1", "7"]);
    env.ok(&["count", &id, "7"]);
    env.ok(&["edit", &id, "--unit", "L"]);
    env.ok(&["tag", "=M1", "dairy"]);
    env.ok(&["move", &id, "fridge"]);
    assert_eq!(env.json(&["show", &id])["item"]["quantity"], 7);
    assert!(env.json(&["history", "=M1"]).as_array().unwrap().len() >= 6);
    env.ok(&["rename", &id, "oat milk"]);
    env.ok(&["remove", "=M1"]);
    // The removed item's history is still reached by its id.
    let history = env.json(&["history", &id]);
    assert_eq!(history[0]["kind"], "remove");
    let err = refused(&env, &["adjust", "#999", "+1"], 3);
    assert!(err.contains("id 999"), "{err}");
    refused(&env, &["history", "=gone"], 3);
}

#[test]
fn names_that_look_like_references_need_a_backslash() {
    let env = Env::new();
    let err = refused(&env, &["add", "#12"], 5);
    assert!(err.contains("\\#12"), "{err}");
    refused(&env, &["add", "=x"], 5);
    let hash = env.json(&["add", "\\#12", "--qty", "2"]);
    assert_eq!(hash["name"], "#12");
    env.ok(&["add", "\\=x"]);
    // `#1a` is not an id, so it is a name as it is.
    env.ok(&["add", "#1a"]);
    env.ok(&["adjust", "\\#12", "+1"]);
    env.ok(&["adjust", "#1a", "+1"]);
    env.ok(&["rename", "\\=x", "\\=y"]);
    refused(&env, &["rename", "#1a", "#7"], 5);
    assert_eq!(names(&env.items()), ["#12", "#1a", "=y"], "{}", env.items());
    assert_eq!(env.items()[0]["quantity"], 3);
}

#[test]
fn notes_keep_newlines_and_refuse_other_control_characters() {
    let env = Env::new();
    env.ok(&["add", "milk"]);
    let noted = env.json(&["edit", "milk", "--note", "the oat one\nsecond shelf  "]);
    assert_eq!(noted["note"], "the oat one\nsecond shelf");
    let long = "n".repeat(1001);
    for bad in [long.as_str(), "bell\u{7}", "", "tab\there"] {
        refused(&env, &["edit", "milk", "--note", bad], 5);
    }
    let shown = env.ok(&["show", "milk"]);
    assert!(
        shown.contains("note      the oat one\n          second shelf"),
        "{shown}"
    );
    env.ok(&["edit", "milk", "--no-note"]);
    assert_eq!(env.items()[0]["note"], json!(null));
    env.ok(&["undo"]);
    assert_eq!(env.items()[0]["note"], "the oat one\nsecond shelf");
}

#[test]
fn list_as_of_rebuilds_locations_tags_codes_and_notes() {
    let env = Env::new();
    env.ok(&["add", "milk", "--at", "fridge", "--code", "M1"]);
    env.ok(&["tag", "milk", "dairy"]);
    env.ok(&["edit", "milk", "--note", "oat"]);
    let then = env.items();
    thread::sleep(std::time::Duration::from_millis(20));
    let at = then[0]["updated_at"].as_str().unwrap().to_owned();
    env.ok(&["move", "milk", "shelf"]);
    env.ok(&["untag", "milk", "dairy"]);
    env.ok(&["edit", "milk", "--no-code", "--no-note"]);
    assert_eq!(env.json(&["list", "--as-of", &at]), then);
    assert_eq!(
        names(&env.json(&["list", "--as-of", &at, "--tag", "dairy", "--at", "fridge"])),
        ["milk"]
    );
    assert_eq!(
        names(&env.json(&["list", "--tag", "dairy"])),
        Vec::<&str>::new()
    );
}

#[test]
fn scan_applies_each_line_as_its_own_change_and_reports_every_line() {
    let env = Env::new();
    env.ok(&["add", "milk", "--code", "4006381333931", "--qty", "2"]);
    env.ok(&["add", "bread", "--code", "B-1", "--qty", "1"]);
    let input = "4006381333931\r\nunknown\n\nB-1\n4006381333931\n4006381333931\nbad code\n";
    let run = env
        .run_with_stdin(&["scan", "--format", "ndjson"], input)
        .success();
    let lines = run.ndjson();
    let summary: Vec<(u64, &str, u64)> = lines
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l["code"].as_str().unwrap(),
                l["exit"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "4006381333931", 0),
            (2, "unknown", 3),
            (4, "B-1", 0),
            (5, "4006381333931", 0),
            (6, "4006381333931", 5),
            (7, "bad code", 5),
        ]
    );
    assert_eq!(lines[0]["item"]["quantity"], 1);
    assert_eq!(lines[1]["item"], json!(null));
    assert!(lines[1]["error"].as_str().unwrap().contains("unknown"));
    let items = env.items();
    assert_eq!(
        (&items[0]["quantity"], &items[1]["quantity"]),
        (&json!(0), &json!(0))
    );
    // One operation per applied line, each a scan that undo reverts alone.
    let history = env.json(&["history"]);
    let scans = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "scan")
        .count();
    assert_eq!(scans, 3);
    env.ok(&["undo"]);
    assert_eq!(env.items()[1]["quantity"], 1);
}

#[test]
fn scan_whose_reader_went_away_still_applies_every_line_and_exits_0() {
    use std::io::Write as _;
    use std::process::Stdio;
    let env = Env::new();
    env.ok(&["add", "milk", "--code", "M-1", "--qty", "500"]);
    for format in ["ndjson", "table"] {
        let mut cmd = env.command(&["scan", "--format", format]);
        cmd.current_dir(env.dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        // The reader is gone before the first result is written.
        drop(child.stdout.take());
        child
            .stdin
            .take()
            .unwrap()
            .write_all("M-1\n".repeat(100).as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{format}: {output:?}");
        assert!(output.stderr.is_empty(), "{format}: {output:?}");
    }
    assert_eq!(env.items()[0]["quantity"], 300);
}

#[test]
fn scan_takes_a_delta_refuses_keys_and_says_what_it_did_in_a_table() {
    let env = Env::new();
    env.ok(&["add", "milk", "--code", "M1", "--qty", "0"]);
    let run = env
        .run_with_stdin(&["scan", "--delta", "+2"], "M1\nnope\n")
        .success();
    assert!(run.stdout.contains("line 1: \"milk\" now 2"), "{run}");
    assert!(run.stderr.contains("line 2"), "{run}");
    let before = env.state();
    env.run_with_stdin(&["scan", "--idempotency-key", "k1"], "M1\n")
        .code(2);
    env.run_with_stdin(&["scan", "--delta", "x"], "M1\n")
        .code(5);
    assert_eq!(env.state(), before);
}

#[test]
fn scan_of_a_database_that_does_not_exist_reports_each_line_and_creates_nothing() {
    let env = Env::new();
    let run = env
        .run_with_stdin(&["scan", "--format", "ndjson"], "M1\nM2\n")
        .success();
    let exits: Vec<u64> = run
        .ndjson()
        .iter()
        .map(|l| l["exit"].as_u64().unwrap())
        .collect();
    assert_eq!(exits, [3, 3]);
    assert!(!env.has_database());
}
