//! Idempotency keys against a model: a key maps to the first request it
//! succeeded with. Random sequences of keyed commands, written in several
//! equivalent spellings (option order, `--qty=3` and `--qty 3`, spacing and
//! case of names, output options) and over other input, run through the
//! real binary; after every step the exit code and the stock agree with
//! the model: a retry of the same request replays and changes nothing, the
//! same key with another request is exit 4 and changes nothing, and only
//! successful runs record their key.

use std::collections::HashMap;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::{Backend, World};

/// What a command does, in the model's terms: the canonical request.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Request {
    /// `adjust NAME DELTA`, on one of two items (by their keys).
    Adjust { item: &'static str, delta: i64 },
    /// `set NAME N`.
    Set { item: &'static str, quantity: u64 },
    /// `apply -` of one adjust line; the bytes read are part of the request.
    Apply { item: &'static str, delta: i64 },
}

/// One step: a key (or none), the request, and how it is spelt.
#[derive(Debug, Clone)]
struct Keyed {
    key: Option<&'static str>,
    request: Request,
    spelling: usize,
}

/// The two items, as their names are typed in ways that normalise to the
/// same name. (Case is kept by normalisation, so `MILK` would be another
/// request for the same item: the key guards the request, as written
/// after normalisation.)
const SPELLINGS: &[(&str, &[&str])] = &[
    ("milk", &["milk", " milk ", "milk\u{a0}", "  milk"]),
    (
        "oat milk",
        &["oat milk", "oat  milk", " oat milk ", "oat\u{3000}milk"],
    ),
];

fn spelt(item: &str, spelling: usize) -> String {
    let (_, forms) = SPELLINGS
        .iter()
        .find(|(key, _)| *key == item)
        .expect("a known item");
    forms[spelling % forms.len()].to_owned()
}

impl Keyed {
    /// The command line (and stdin) for this step.
    fn command_line(&self) -> (Vec<String>, Vec<u8>) {
        let s = self.spelling;
        let mut args: Vec<String> = Vec::new();
        let mut stdin = Vec::new();
        match &self.request {
            Request::Adjust { item, delta } => {
                args.extend(["adjust".to_owned(), spelt(item, s), format!("{delta:+}")]);
            }
            Request::Set { item, quantity } => {
                let value = if s.is_multiple_of(2) {
                    quantity.to_string()
                } else {
                    format!("{quantity:03}")
                };
                args.extend(["set".to_owned(), spelt(item, s), value]);
            }
            Request::Apply { item, delta } => {
                args.extend(["apply".to_owned(), "-".to_owned()]);
                stdin = format!("{{\"op\":\"adjust\",\"name\":\"{item}\",\"delta\":{delta}}}\n")
                    .into_bytes();
            }
        }
        if let Some(key) = self.key {
            if s.is_multiple_of(2) {
                args.push(format!("--idempotency-key={key}"));
            } else {
                args.splice(0..0, ["--idempotency-key".to_owned(), key.to_owned()]);
            }
        }
        // Options that decide nothing about the effect.
        match s % 3 {
            0 => args.insert(0, "-q".to_owned()),
            1 => args.push("--json".to_owned()),
            _ => {}
        }
        (args, stdin)
    }
}

/// The model: stock per item, and each key's first successful request.
#[derive(Debug, Default, Clone)]
struct Model {
    stock: HashMap<&'static str, i64>,
    keys: HashMap<&'static str, Request>,
}

impl Model {
    fn new() -> Self {
        Self {
            stock: SPELLINGS.iter().map(|(item, _)| (*item, 5)).collect(),
            keys: HashMap::new(),
        }
    }

    /// Runs a step; returns the exit code the contract requires.
    fn run(&mut self, step: &Keyed) -> i32 {
        if let Some(key) = step.key
            && let Some(first) = self.keys.get(key)
        {
            return if *first == step.request { 0 } else { 4 };
        }
        let (item, after) = match step.request {
            Request::Adjust { item, delta } | Request::Apply { item, delta } => {
                (item, self.stock[item] + delta)
            }
            Request::Set { item, quantity } => (item, i64::try_from(quantity).unwrap_or(i64::MAX)),
        };
        if after < 0 {
            // Stock below zero: invalid, nothing recorded.
            return 5;
        }
        self.stock.insert(item, after);
        if let Some(key) = step.key {
            self.keys.insert(key, step.request.clone());
        }
        0
    }
}

fn request() -> impl Strategy<Value = Request> {
    let item = select(vec!["milk", "oat milk"]);
    prop_oneof![
        3 => (item.clone(), -3..=3_i64).prop_map(|(item, delta)| Request::Adjust { item, delta }),
        1 => (item.clone(), 0..=6_u64).prop_map(|(item, quantity)| Request::Set { item, quantity }),
        2 => (item, -3..=3_i64).prop_map(|(item, delta)| Request::Apply { item, delta }),
    ]
}

fn keyed() -> impl Strategy<Value = Keyed> {
    (
        prop_oneof![1 => Just(None), 4 => select(vec!["k1", "k2", "k3"]).prop_map(Some)],
        request(),
        0..12_usize,
    )
        .prop_map(|(key, request, spelling)| Keyed {
            key,
            request,
            spelling,
        })
}

/// Sequences that retry: each step is often an earlier one again, in
/// another spelling.
fn sequence() -> impl Strategy<Value = Vec<Keyed>> {
    (
        vec(keyed(), 1..8),
        vec((any::<bool>(), 0..8_usize, 0..12_usize), 8),
    )
        .prop_map(|(mut steps, retries)| {
            for (retry, pick, spelling) in retries {
                if retry {
                    let mut again = steps[pick % steps.len()].clone();
                    again.spelling = spelling;
                    steps.push(again);
                }
            }
            steps
        })
}

/// The stock of each item, as `list --json` shows it.
fn stock(world: &World) -> HashMap<String, i64> {
    let output = super::properties::countiq(world, &["--json", "list"], Vec::new());
    let items: serde_json::Value = serde_json::from_slice(&output.stdout).expect("list --json");
    items
        .as_array()
        .expect("an array")
        .iter()
        .map(|item| {
            (
                item["name"].as_str().expect("a name").to_lowercase(),
                item["quantity"].as_i64().expect("a quantity"),
            )
        })
        .collect()
}

on_each_backend!(keyed_retries_behave_like_a_map_from_key_to_first_request);

fn keyed_retries_behave_like_a_map_from_key_to_first_request(backend: Backend) {
    proptest!(backend.config(24, 160), |(steps in sequence())| {
        let world = World::new(backend);
        for (item, _) in SPELLINGS {
            let output = super::properties::countiq(&world, &["add", item, "--qty", "5"], Vec::new());
            prop_assert!(output.status.success());
        }
        let mut model = Model::new();
        for step in &steps {
            let (args, stdin) = step.command_line();
            let expected = model.run(step);
            let output = super::properties::countiq(&world, &args, stdin);
            prop_assert_eq!(
                output.status.code(),
                Some(expected),
                "countiq {:?}\nstderr: {}",
                args,
                String::from_utf8_lossy(&output.stderr)
            );
            let want: HashMap<String, i64> = model
                .stock
                .iter()
                .map(|(item, qty)| ((*item).to_owned(), *qty))
                .collect();
            prop_assert_eq!(stock(&world), want, "after countiq {:?}", args);
        }
    });
}
