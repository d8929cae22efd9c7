//! Owners are namespaces: every command acting as bob reads and changes
//! bob's items and history only, whatever names he gives, even names of
//! alice's items and ids of alice's operations.

use serde_json::{Value, json};

use crate::util::{Env, Run};

/// Alice's items (one of them below its reorder level, one with a name bob
/// never uses) and a little history; bob's one item.
fn two_owners() -> Env {
    let env = Env::new();
    env.run(&["add", "milk", "--qty", "4", "--unit", "L", "--min", "2"])
        .success();
    env.run(&["add", "bread", "--qty", "1", "--min", "3"])
        .success();
    env.add("eggs", 12);
    env.add("flour", 5);
    env.run(&["adjust", "milk", "-1", "--reason", "breakfast"])
        .success();
    env.run(&["--owner", "bob", "add", "tea", "--qty", "3"])
        .success();
    env
}

/// Every `"owner"` field anywhere in `value`.
fn owners_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, field) in map {
                if key == "owner" {
                    found.push(field.as_str().unwrap_or("?").to_owned());
                }
                owners_in(field, found);
            }
        }
        Value::Array(values) => values.iter().for_each(|v| owners_in(v, found)),
        _ => {}
    }
}

/// Runs commands as one owner and checks, after each, that alice's items
/// and history are exactly as they were, that a failed command left the
/// owner's own state as it was too, and that nothing the command printed
/// belongs to anyone else.
struct Actor<'a> {
    env: &'a Env,
    owner: &'a str,
    alice: Value,
    runs: usize,
}

impl<'a> Actor<'a> {
    fn new(env: &'a Env, owner: &'a str) -> Self {
        Self {
            env,
            owner,
            alice: env.state_of("alice"),
            runs: 0,
        }
    }

    #[track_caller]
    fn run(&mut self, args: &[&str], stdin: Option<&str>, code: i32) -> Run {
        let mut all = vec!["--owner", self.owner];
        all.extend_from_slice(args);
        let own_before = self.env.state_of(self.owner);
        let run = match stdin {
            Some(input) => self.env.run_with_stdin(&all, input),
            None => self.env.run(&all),
        }
        .code(code);
        self.runs += 1;
        assert_eq!(
            self.env.state_of("alice"),
            self.alice,
            "{} changed alice's items or history\n{run}",
            self.owner
        );
        if code != 0 {
            assert_eq!(
                self.env.state_of(self.owner),
                own_before,
                "a failed command changed its owner's state\n{run}"
            );
        }
        let mut owners = Vec::new();
        for line in run.stdout.lines() {
            if let Ok(value) = serde_json::from_str::<Value>(line) {
                owners_in(&value, &mut owners);
            }
        }
        if let Ok(value) = serde_json::from_str::<Value>(&run.stdout) {
            owners_in(&value, &mut owners);
        }
        assert!(
            owners.iter().all(|o| o == self.owner),
            "{} was shown {owners:?}\n{run}",
            self.owner
        );
        run
    }

    #[track_caller]
    fn ok(&mut self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        self.run(&all, None, 0).json()
    }

    #[track_caller]
    fn fails(&mut self, args: &[&str], code: i32) {
        self.run(args, None, code);
    }

    /// The owner's item names and quantities, in list order.
    fn stock(&mut self) -> Vec<(String, u64)> {
        self.ok(&["list"])
            .as_array()
            .expect("an array")
            .iter()
            .map(|i| {
                (
                    i["name"].as_str().expect("a name").to_owned(),
                    i["quantity"].as_u64().expect("a quantity"),
                )
            })
            .collect()
    }
}

fn stock(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    items.iter().map(|(n, q)| ((*n).to_owned(), *q)).collect()
}

/// The ids of alice's operations.
fn alices_ops(env: &Env) -> Vec<String> {
    let mut ops: Vec<String> = env
        .history_of("alice")
        .as_array()
        .expect("an array")
        .iter()
        .map(|e| e["op"].to_string())
        .collect();
    ops.dedup();
    ops
}

#[test]
fn bobs_reads_show_only_bobs_items_and_history() {
    let env = two_owners();
    let mut bob = Actor::new(&env, "bob");
    assert_eq!(bob.stock(), stock(&[("tea", 3)]));
    assert_eq!(bob.ok(&["export"]), bob.ok(&["list"]));
    assert_eq!(bob.ok(&["list", "--match", "milk"]), json!([]));
    assert_eq!(bob.ok(&["list", "--as-of", "0s"]), bob.ok(&["list"]));
    assert_eq!(bob.ok(&["low"]), json!([]));
    // Alice has an item below its reorder level; bob has none.
    bob.fails(&["low", "--check"], 0);
    let history = bob.ok(&["history"]);
    assert_eq!(history.as_array().map(Vec::len), Some(1), "{history}");
    bob.fails(&["history", "milk"], 3);
    bob.fails(&["show", "milk"], 3);
    assert_eq!(bob.ok(&["show", "tea"])["item"]["quantity"], 3);
    eprintln!("isolation: {} reads as bob", bob.runs);
}

#[test]
fn bobs_changes_to_names_alice_uses_touch_only_bobs_items() {
    let env = two_owners();
    let mut bob = Actor::new(&env, "bob");
    // Alice's names are not bob's items.
    for args in [
        &["adjust", "milk", "+1"][..],
        &["set", "milk", "9"],
        &["count", "milk", "9"],
        &["edit", "milk", "--min", "1"],
        &["rename", "milk", "oat milk"],
        &["remove", "milk"],
        // All or nothing: bob's tea stays too.
        &["remove", "tea", "milk"],
    ] {
        bob.fails(args, 3);
    }
    assert_eq!(bob.ok(&["remove", "milk", "--missing-ok"]), json!([]));
    // The same names, made bob's own.
    bob.ok(&["rename", "tea", "milk"]);
    bob.ok(&["add", "bread", "--qty", "7"]);
    bob.fails(&["add", "BREAD"], 4);
    assert_eq!(
        bob.ok(&["add", "MILK", "--exists-ok"])["owner"],
        json!("bob")
    );
    bob.ok(&["adjust", "milk", "+1"]);
    bob.ok(&["set", "bread", "0"]);
    bob.ok(&["count", "bread", "2"]);
    bob.ok(&["edit", "bread", "--min", "5"]);
    assert_eq!(bob.ok(&["low"]).as_array().map(Vec::len), Some(1));
    bob.fails(&["low", "--check"], 9);
    assert_eq!(bob.ok(&["show", "milk"])["series"], json!([3, 3, 4]));
    assert_eq!(bob.stock(), stock(&[("bread", 2), ("milk", 4)]));
    eprintln!("isolation: {} changes as bob", bob.runs);
}

#[test]
fn bobs_imports_and_applies_naming_alices_items_touch_only_bobs() {
    let env = two_owners();
    let mut bob = Actor::new(&env, "bob");
    bob.ok(&["rename", "tea", "milk"]);
    let rows = "{\"name\":\"milk\",\"quantity\":100}\n{\"name\":\"eggs\",\"quantity\":100}\n";
    let import = ["--format", "ndjson", "import", "-", "--on-conflict"];
    bob.run(&[&import[..], &["fail"]].concat(), Some(rows), 4);
    bob.run(&[&import[..], &["replace"]].concat(), Some(rows), 0);
    bob.run(
        &[&import[..], &["skip"]].concat(),
        Some("{\"name\":\"bread\"}\n"),
        0,
    );
    assert_eq!(
        bob.stock(),
        stock(&[("bread", 1), ("eggs", 100), ("milk", 100)])
    );
    // "flour" is alice's only: to bob it does not exist.
    let apply = ["apply", "-"];
    for (line, code) in [
        (r#"{"op":"adjust","name":"flour","delta":1}"#, 3),
        (r#"{"op":"set","name":"flour","quantity":1}"#, 3),
        (r#"{"op":"rename","name":"flour","to":"rye"}"#, 3),
        (r#"{"op":"remove","name":"flour"}"#, 3),
        (r#"{"op":"add","name":"flour","expect_exists":true}"#, 4),
        (
            r#"{"op":"set","name":"flour","quantity":1,"expect_quantity":5}"#,
            4,
        ),
        // Alice's milk holds 3, bob's 100.
        (
            r#"{"op":"adjust","name":"milk","delta":1,"expect_quantity":3}"#,
            4,
        ),
        (
            "{\"op\":\"adjust\",\"name\":\"milk\",\"delta\":-1}\n{\"op\":\"remove\",\"name\":\"flour\"}",
            3,
        ),
    ] {
        bob.run(&apply, Some(&format!("{line}\n")), code);
    }
    bob.run(
        &apply,
        Some(
            "{\"op\":\"add\",\"name\":\"flour\",\"quantity\":2}\n\
             {\"op\":\"adjust\",\"name\":\"milk\",\"delta\":-1,\"expect_quantity\":100}\n",
        ),
        0,
    );
    assert_eq!(
        bob.stock(),
        stock(&[("bread", 1), ("eggs", 100), ("flour", 2), ("milk", 99)])
    );
    eprintln!("isolation: {} imports and applies as bob", bob.runs);
}

#[test]
fn bobs_undo_never_reverts_alices_operations() {
    let env = Env::new();
    env.add("milk", 4);
    env.run(&["adjust", "milk", "+2"]).success();
    let mut bob = Actor::new(&env, "bob");
    // Bob has done nothing: there is nothing of his to undo.
    bob.fails(&["undo"], 3);
    for op in alices_ops(&env) {
        bob.fails(&["undo", &op], 3);
    }
    bob.ok(&["add", "tea", "--qty", "3"]);
    bob.ok(&["add", "milk"]);
    bob.ok(&["adjust", "milk", "+5"]);
    bob.ok(&["rename", "tea", "green tea"]);
    bob.ok(&["remove", "milk"]);
    for op in alices_ops(&env) {
        bob.fails(&["undo", &op], 3);
    }
    // Undo walks back bob's operations only, newest first, then stops.
    let mut undid = Vec::new();
    loop {
        let run = bob.run(&["--json", "undo"], None, 0);
        undid.push(
            run.json()["command"]
                .as_str()
                .expect("a command")
                .to_owned(),
        );
        if undid.len() == 5 {
            break;
        }
    }
    assert_eq!(undid, ["remove", "rename", "adjust", "add", "add"]);
    bob.fails(&["undo"], 3);
    assert_eq!(bob.stock(), []);
    eprintln!("isolation: {} undos as bob", bob.runs);
}

#[test]
fn owners_named_like_patterns_of_alice_see_nothing_of_hers() {
    let env = two_owners();
    for owner in ["%", "a%", "_lice", "alice%", "alic", "alice bob"] {
        let mut stranger = Actor::new(&env, owner);
        assert_eq!(stranger.ok(&["list"]), json!([]), "{owner}");
        assert_eq!(stranger.ok(&["history"]), json!([]), "{owner}");
        assert_eq!(stranger.ok(&["export"]), json!([]), "{owner}");
        stranger.fails(&["undo"], 3);
        stranger.fails(&["remove", "milk"], 3);
        stranger.fails(&["adjust", "milk", "+1"], 3);
    }
}
