//! Sixteen processes at a time running mixed commands on one database for
//! a while: only the contract's exit codes, no lost update, and a ledger
//! that still replays to the items table at the end.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::thread;
use std::time::Instant;

use crate::util::{Env, Rng, Run, import_rows, long_tests};

const WORKERS: u64 = 16;

/// The owner whose items the workers fight over.
const SHARED: &str = "shared";

/// The owner of one counter per worker, each adjusted by its worker only.
/// Nobody runs `undo` as this owner, so every adjustment stays.
const COUNTERS: &str = "counters";

/// Names the workers add, rename and remove under [`SHARED`]: few, so
/// that they collide.
const POOL: u64 = 8;

/// What one worker saw.
#[derive(Debug, Default)]
struct Report {
    /// Commands run, by exit code.
    codes: BTreeMap<i32, u64>,
    /// Runs that ended outside the expected codes.
    unexpected: Vec<String>,
    /// The counter's start plus the deltas of this worker's successful
    /// adjusts.
    counted: u64,
    /// How many of its adjusts succeeded.
    adjusts: u64,
    /// Its imports of 100 rows each: the batch's name prefix, and the
    /// operation that recorded it when it succeeded.
    imports: Vec<(String, Option<i64>)>,
    /// The operations its undos reverted.
    undid: BTreeSet<i64>,
}

impl Report {
    /// Records `run`, which may end with any of `allowed`, and returns its
    /// exit code when it was one of them.
    fn record(&mut self, run: &Run, allowed: &[i32]) -> Option<i32> {
        match run.code {
            Some(code) if allowed.contains(&code) => {
                *self.codes.entry(code).or_default() += 1;
                Some(code)
            }
            _ => {
                self.unexpected.push(brief(&run.to_string()));
                None
            }
        }
    }
}

/// The most of one unexpected run a failure shows: its command, exit code
/// and error, not the whole of a long listing.
const SHOWN: usize = 1500;

/// `text` cut to [`SHOWN`] bytes, at a character boundary.
fn brief(text: &str) -> String {
    if text.len() <= SHOWN {
        return text.to_owned();
    }
    let end = (0..=SHOWN)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    format!("{}... ({} bytes in all)", &text[..end], text.len())
}

fn counter(worker: u64) -> String {
    format!("counter {worker}")
}

/// Runs `steps` random commands as worker `worker`.
fn work(env: &Env, worker: u64, steps: u64, mut rng: Rng) -> Report {
    let mut report = Report {
        // The counter's starting quantity.
        counted: worker,
        ..Report::default()
    };
    for step in 0..steps {
        let pick = |rng: &mut Rng| format!("p{}", rng.below(POOL));
        match rng.below(10) {
            0 => {
                let name = pick(&mut rng);
                let run = env.run(&["--owner", SHARED, "add", &name]);
                report.record(&run, &[0, 4]);
            }
            1 => {
                let (from, to) = (pick(&mut rng), pick(&mut rng));
                let run = env.run(&["--owner", SHARED, "rename", &from, &to]);
                report.record(&run, &[0, 3, 4]);
            }
            2 => {
                let name = pick(&mut rng);
                let run = env.run(&["--owner", SHARED, "remove", &name]);
                report.record(&run, &[0, 3]);
            }
            3 => {
                let run = env.run(&["--owner", SHARED, "--json", "list", "--limit", "50"]);
                if report.record(&run, &[0]).is_some() {
                    let items = run.json();
                    let owners_ok = items
                        .as_array()
                        .is_some_and(|items| items.iter().all(|i| i["owner"] == SHARED));
                    if !owners_ok {
                        report
                            .unexpected
                            .push(brief(&format!("another owner's items\n{run}")));
                    }
                }
            }
            4 => {
                let run = env.run(&["--owner", SHARED, "history", "--limit", "20"]);
                report.record(&run, &[0]);
            }
            5 => {
                // A batch of 100 new names; one in four also takes a pool
                // name, which may be taken: then nothing is imported.
                let prefix = format!("w{worker} s{step} row ");
                let mut rows = import_rows(&prefix, 100);
                if rng.below(4) == 0 {
                    writeln!(rows, r#"{{"name":"{}"}}"#, pick(&mut rng))
                        .expect("write to a string");
                }
                let run = env.run_with_stdin(
                    &["--owner", SHARED, "--format", "ndjson", "import", "-"],
                    &rows,
                );
                let op = match report.record(&run, &[0, 4]) {
                    Some(0) => run.json()["ops"][0].as_i64(),
                    _ => None,
                };
                report.imports.push((prefix, op));
            }
            6 => {
                let run = env.run(&["--owner", SHARED, "--json", "undo"]);
                if report.record(&run, &[0, 3, 4]) == Some(0) {
                    let undid = run.json()["undid"].as_i64().expect("the undone operation");
                    report.undid.insert(undid);
                }
            }
            _ => {
                // Mostly up, sometimes down past zero, which is refused.
                let delta = rng.below(13).cast_signed() - 3;
                let delta = if delta == 0 { 1 } else { delta };
                let run = env.run(&[
                    "--owner",
                    COUNTERS,
                    "adjust",
                    &counter(worker),
                    &format!("{delta:+}"),
                ]);
                if report.record(&run, &[0, 5]) == Some(0) {
                    report.counted = report
                        .counted
                        .checked_add_signed(delta)
                        .expect("a successful adjust never takes the counter below zero");
                    report.adjusts += 1;
                }
            }
        }
    }
    report
}

/// Asserts every adjust is accounted for: each counter holds its start
/// plus the sum of its worker's successful adjusts, and the ledger holds
/// one event for each of them.
fn assert_every_adjust_counted(env: &Env, reports: &[Report]) {
    let items = env.items_of(COUNTERS);
    let quantity = |name: &str| {
        items
            .as_array()
            .expect("an array")
            .iter()
            .find(|i| i["name"] == name)
            .and_then(|i| i["quantity"].as_u64())
    };
    for (w, report) in reports.iter().enumerate() {
        let name = counter(w as u64);
        assert_eq!(quantity(&name), Some(report.counted), "{name}");
        let history = env.json(&["--owner", COUNTERS, "history", &name]);
        let adjusts = history
            .as_array()
            .expect("an array")
            .iter()
            .filter(|e| e["kind"] == "adjust")
            .count() as u64;
        assert_eq!(adjusts, report.adjusts, "adjust events of {name}");
    }
}

/// Asserts every import is all or nothing: a successful one is there in
/// full unless an undo reverted it, a refused one is not there at all.
/// Returns how many imports succeeded and were undone, and how many items
/// the shared owner has.
fn assert_imports_whole(env: &Env, reports: &[Report]) -> (usize, usize) {
    let undone: BTreeSet<i64> = reports
        .iter()
        .flat_map(|r| r.undid.iter().copied())
        .collect();
    let shared = env.json(&["--owner", SHARED, "export"]);
    let names: Vec<&str> = shared
        .as_array()
        .expect("an array")
        .iter()
        .map(|i| i["name"].as_str().expect("a name"))
        .collect();
    let mut reverted = 0;
    for (prefix, op) in reports.iter().flat_map(|r| &r.imports) {
        let present = names
            .iter()
            .filter(|n| n.starts_with(prefix.as_str()))
            .count();
        let expected = match op {
            Some(op) if undone.contains(op) => {
                reverted += 1;
                0
            }
            Some(_) => 100,
            None => 0,
        };
        assert_eq!(present, expected, "batch {prefix:?} (operation {op:?})");
    }
    (reverted, names.len())
}

#[test]
fn sixteen_processes_running_mixed_commands_keep_every_change_and_the_ledger_whole() {
    let steps = if long_tests() { 200 } else { 20 };
    let started = Instant::now();
    let mut rng = Rng::from_env("soak");
    let env = Env::new();
    // Counter w starts at w.
    env.run_with_stdin(
        &["-q", "--owner", COUNTERS, "import", "-"],
        &import_rows("counter ", WORKERS),
    )
    .success();
    let seeds: Vec<u64> = (0..WORKERS).map(|_| rng.next_u64()).collect();
    let reports: Vec<Report> = thread::scope(|scope| {
        let env = &env;
        let handles: Vec<_> = seeds
            .iter()
            .enumerate()
            .map(|(w, &seed)| scope.spawn(move || work(env, w as u64, steps, Rng::new(seed))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker thread"))
            .collect()
    });
    let unexpected: Vec<&str> = reports
        .iter()
        .flat_map(|r| &r.unexpected)
        .map(String::as_str)
        .collect();
    assert!(
        unexpected.is_empty(),
        "{} runs ended outside the contract's expected codes (0, 3, 4, 5); the first few:\n{}",
        unexpected.len(),
        unexpected[..unexpected.len().min(4)].join("\n\n")
    );
    env.assert_consistent();
    assert_every_adjust_counted(&env, &reports);
    let (reverted, shared_items) = assert_imports_whole(&env, &reports);
    let mut codes: BTreeMap<i32, u64> = BTreeMap::new();
    for report in &reports {
        for (code, n) in &report.codes {
            *codes.entry(*code).or_default() += n;
        }
    }
    let commands: u64 = codes.values().sum();
    assert_eq!(commands, WORKERS * steps);
    eprintln!(
        "soak: {WORKERS} workers x {steps} commands = {commands} runs in {:.1?}; \
         exit codes {codes:?}; {} adjusts, {} imports ({reverted} undone), \
         {shared_items} shared items, {} shared events",
        started.elapsed(),
        reports.iter().map(|r| r.adjusts).sum::<u64>(),
        reports.iter().map(|r| r.imports.len()).sum::<usize>(),
        env.history_of(SHARED).as_array().map_or(0, Vec::len),
    );
}
