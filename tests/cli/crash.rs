//! Real `countiq` processes killed with SIGKILL at random moments: a crash
//! may lose the command that was running, never a command that finished,
//! never half of one, and never the database.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::os::unix::process::ExitStatusExt as _;
use std::process::{Child, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use countiq::domain::{Event, Item, OwnerName};
use countiq::service::{self, Ctx, History, Mode};

use crate::util::{Backend, Env, Rng, import_rows, integrity_check, long_tests};

/// SIGKILL's number: the signal that ends a killed process.
const SIGKILL: i32 = 9;

/// One command a round starts. Each leaves marks only it can leave, so
/// afterwards its effect can be told apart from every other's.
#[derive(Debug, Clone, Copy)]
enum Job {
    /// `import` of `rows` new items named `imp{batch} row {j}`.
    Import { batch: u64, rows: u64 },
    /// `apply` of `adds` new items named `app{batch} item {j}` and one
    /// `adjust tally +1`: one transaction.
    Apply { batch: u64, adds: u64 },
    /// `adjust tally +1 --reason adj{n}`.
    Adjust { n: u64 },
}

/// How a job's process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Exited 0 before the kill arrived: its change must be there in full.
    Finished,
    /// Killed while running: its change is there in full or not at all.
    Killed,
}

impl Job {
    fn import_prefix(batch: u64) -> String {
        format!("imp{batch} row ")
    }

    fn apply_prefix(batch: u64) -> String {
        format!("app{batch} item ")
    }

    /// Writes the job's input file, if it has one, and starts it.
    fn start(self, env: &Env) -> Child {
        let args: Vec<String> = match self {
            Self::Import { batch, rows } => {
                let file = format!("import{batch}.ndjson");
                env.write(&file, import_rows(&Self::import_prefix(batch), rows));
                vec!["import".into(), file]
            }
            Self::Apply { batch, adds } => {
                let mut text = String::new();
                for j in 0..adds {
                    writeln!(
                        text,
                        r#"{{"op":"add","name":"{}{j}","quantity":1}}"#,
                        Self::apply_prefix(batch)
                    )
                    .expect("write to a string");
                }
                text.push_str("{\"op\":\"adjust\",\"name\":\"tally\",\"delta\":1}\n");
                let file = format!("apply{batch}.ndjson");
                env.write(&file, text);
                vec!["apply".into(), file]
            }
            Self::Adjust { n } => vec![
                "adjust".into(),
                "tally".into(),
                "+1".into(),
                "--reason".into(),
                format!("adj{n}"),
            ],
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.command(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start countiq")
    }
}

/// Tallies for the log.
#[derive(Debug, Default)]
struct Figures {
    kills: u64,
    killed_mid_run: u64,
    finished_first: u64,
}

/// Starts `jobs` together, kills each at a random moment 0-50 ms after the
/// start, and returns how each ended. A process that ends any other way
/// than exit 0 or SIGKILL fails the test.
fn run_and_kill(env: &Env, rng: &mut Rng, jobs: &[Job], figures: &mut Figures) -> Vec<Fate> {
    let start = Instant::now();
    let mut children: Vec<(Duration, Child)> = jobs
        .iter()
        .map(|job| (Duration::from_millis(rng.below(51)), job.start(env)))
        .collect();
    let mut order: Vec<usize> = (0..children.len()).collect();
    order.sort_by_key(|&i| children[i].0);
    for i in order {
        let (at, child) = &mut children[i];
        thread::sleep(at.saturating_sub(start.elapsed()));
        // The child is not reaped yet, so this succeeds even when it has
        // already exited; its exit status then says it finished first.
        child.kill().expect("send SIGKILL");
        figures.kills += 1;
    }
    children
        .into_iter()
        .zip(jobs)
        .map(|((_, child), job)| {
            let output = child.wait_with_output().expect("wait for countiq");
            match (output.status.code(), output.status.signal()) {
                (Some(0), _) => {
                    figures.finished_first += 1;
                    Fate::Finished
                }
                (None, Some(SIGKILL)) => {
                    figures.killed_mid_run += 1;
                    Fate::Killed
                }
                _ => panic!(
                    "{job:?} ended with {:?}\nstderr: {}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr)
                ),
            }
        })
        .collect()
}

/// Every event of alice's, oldest first.
fn alices_events(env: &Env) -> Vec<Event> {
    let database = env.storage();
    let alice = OwnerName::parse("alice").expect("a valid owner name");
    let ctx = Ctx::new(database.storage(), &alice, "tester", Mode::Commit);
    let mut events = Vec::new();
    service::history(&ctx, &History::default(), |event| {
        events.push(event);
        Ok(())
    })
    .expect("read alice's history");
    events.reverse();
    events
}

/// The operations whose events created items named with `prefix`.
fn ops_creating(events: &[Event], prefix: &str) -> BTreeSet<i64> {
    events
        .iter()
        .filter(|e| e.name_before.is_none())
        .filter(|e| {
            e.name_after
                .as_deref()
                .is_some_and(|n| n.starts_with(prefix))
        })
        .map(|e| e.op)
        .collect()
}

/// Checks every job against the final database: a finished job's change is
/// there in full, a killed job's change is there in full or not at all, and
/// the tally counts exactly the applies and adjusts that are there.
fn assert_all_or_nothing(env: &Env, outcomes: &[(Job, Fate)]) {
    env.assert_consistent();
    let items: Vec<Item> = service::current_items(env.storage().storage())
        .expect("read the items")
        .into_values()
        .collect();
    let events = alices_events(env);
    let mut events_per_op: BTreeMap<i64, u64> = BTreeMap::new();
    for event in &events {
        *events_per_op.entry(event.op).or_default() += 1;
    }
    let present = |prefix: &str| items.iter().filter(|i| i.name.starts_with(prefix)).count() as u64;
    let mut tally_expected = 0;
    for &(job, fate) in outcomes {
        let (prefix, size, ops) = match job {
            Job::Import { batch, rows } => {
                let prefix = Job::import_prefix(batch);
                let ops = ops_creating(&events, &prefix);
                (prefix, rows, ops)
            }
            Job::Apply { batch, adds } => {
                let prefix = Job::apply_prefix(batch);
                let ops = ops_creating(&events, &prefix);
                (prefix, adds, ops)
            }
            Job::Adjust { n } => {
                let reason = format!("adj{n}");
                let found = events
                    .iter()
                    .filter(|e| e.reason.as_deref() == Some(reason.as_str()))
                    .count();
                assert!(found <= 1, "{job:?} is recorded {found} times");
                assert!(
                    found == 1 || fate == Fate::Killed,
                    "{job:?} exited 0 but is not in the ledger"
                );
                tally_expected += found as u64;
                continue;
            }
        };
        let here = present(&prefix);
        match ops.iter().collect::<Vec<_>>()[..] {
            [] => {
                assert_eq!(here, 0, "{job:?}: items without an operation");
                assert_eq!(fate, Fate::Killed, "{job:?} exited 0 but left nothing");
            }
            [&op] => {
                assert_eq!(here, size, "{job:?} ({fate:?}) is there only in part");
                // An apply's operation also holds its tally adjustment.
                let extra = u64::from(matches!(job, Job::Apply { .. }));
                assert_eq!(events_per_op[&op], size + extra, "{job:?}: operation {op}");
                tally_expected += extra;
            }
            _ => panic!("{job:?} was recorded by several operations: {ops:?}"),
        }
    }
    let tally = items
        .iter()
        .find(|i| i.name == "tally")
        .expect("the tally item");
    assert_eq!(
        tally.quantity.get(),
        tally_expected,
        "the tally does not count the applies and adjusts that are there"
    );
}

#[test]
fn imports_applies_and_adjusts_killed_at_random_moments_are_all_or_nothing() {
    let rounds = if long_tests() { 100 } else { 10 };
    let started = Instant::now();
    let mut rng = Rng::from_env("crash");
    let env = Env::new();
    env.add("tally", 0);
    let mut figures = Figures::default();
    let mut outcomes: Vec<(Job, Fate)> = Vec::new();
    for round in 0..rounds {
        let jobs = [
            Job::Import {
                batch: round,
                rows: 1000 + rng.below(3001),
            },
            Job::Apply {
                batch: round,
                adds: 100 + rng.below(701),
            },
            Job::Adjust { n: round },
        ];
        let fates = run_and_kill(&env, &mut rng, &jobs, &mut figures);
        outcomes.extend(jobs.into_iter().zip(fates));
        if env.backend() == Backend::Sqlite {
            assert_eq!(
                integrity_check(env.db()),
                "ok",
                "after round {round}: {outcomes:?}"
            );
        }
    }
    // The database still takes writes, and what the kills left is whole.
    env.add("after the kills", 1);
    assert_all_or_nothing(&env, &outcomes);
    eprintln!(
        "crash: {} rounds, {} kills sent: {} landed mid-run, {} after the command finished; \
         {} items checked in {:.1?}",
        rounds,
        figures.kills,
        figures.killed_mid_run,
        figures.finished_first,
        service::current_items(env.storage().storage())
            .expect("read the items")
            .len(),
        started.elapsed()
    );
    assert!(
        figures.killed_mid_run > 0,
        "no kill landed while a command ran"
    );
}

/// Starts `adds` commands `add "item {i}"` on a new database, the i-th
/// one `stagger * i` after the first, kills each 0-20 ms after its start
/// (creating the database takes a few milliseconds), then checks that
/// every add that exited 0 is there, that the next write works, and that
/// the database is sound.
fn kill_while_creating(rng: &mut Rng, adds: usize, stagger: Duration, figures: &mut Figures) {
    let env = Env::new();
    let names: Vec<String> = (0..adds).map(|i| format!("item {i}")).collect();
    let mut finished = Vec::new();
    let mut running: Vec<(Instant, Child)> = Vec::new();
    for name in &names {
        let kill_at = Instant::now() + Duration::from_millis(rng.below(21));
        let child = env
            .command(&["add", name])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start countiq");
        running.push((kill_at, child));
        thread::sleep(stagger);
    }
    let mut order: Vec<usize> = (0..running.len()).collect();
    order.sort_by_key(|&i| running[i].0);
    for i in order {
        let (at, child) = &mut running[i];
        thread::sleep(at.saturating_duration_since(Instant::now()));
        child.kill().expect("send SIGKILL");
        figures.kills += 1;
    }
    for (name, (_, child)) in names.iter().zip(running) {
        let output = child.wait_with_output().expect("wait for countiq");
        match (output.status.code(), output.status.signal()) {
            (Some(0), _) => figures.finished_first += 1,
            (None, Some(SIGKILL)) => figures.killed_mid_run += 1,
            _ => panic!(
                "add {name:?} ended with {:?} while others were killed creating the database\n\
                 stderr: {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ),
        }
        finished.push(output.status.success());
    }
    let listed = env.items();
    let listed: BTreeSet<&str> = listed
        .as_array()
        .expect("an array")
        .iter()
        .map(|item| item["name"].as_str().expect("a name"))
        .collect();
    for (name, finished) in names.iter().zip(&finished) {
        assert!(
            !finished || listed.contains(name.as_str()),
            "{name:?} was added (exit 0) but is missing: {listed:?}"
        );
    }
    env.add("after", 1);
    env.assert_consistent();
}

#[test]
fn a_process_killed_while_it_creates_a_new_database_leaves_it_usable() {
    let rounds = if long_tests() { 100 } else { 20 };
    let started = Instant::now();
    let mut rng = Rng::from_env("crash on creation");
    let mut figures = Figures::default();
    for _ in 0..rounds {
        kill_while_creating(&mut rng, 1, Duration::ZERO, &mut figures);
    }
    eprintln!(
        "crash on creation: {rounds} new databases, {} kills sent: {} landed mid-run, \
         {} after the command finished, in {:.1?}",
        figures.kills,
        figures.killed_mid_run,
        figures.finished_first,
        started.elapsed()
    );
}

#[test]
fn processes_killed_while_others_create_the_same_new_database_never_make_them_fail() {
    let rounds = if long_tests() { 200 } else { 50 };
    let started = Instant::now();
    let mut rng = Rng::from_env("crash on concurrent creation");
    let mut figures = Figures::default();
    for _ in 0..rounds {
        kill_while_creating(&mut rng, 3, Duration::from_millis(2), &mut figures);
    }
    eprintln!(
        "crash on concurrent creation: {rounds} new databases, {} kills sent: {} landed \
         mid-run, {} after the command finished, in {:.1?}",
        figures.kills,
        figures.killed_mid_run,
        figures.finished_first,
        started.elapsed()
    );
}

/// The mechanism behind the test above, made deterministic: switching a
/// rollback-journal file to WAL asks for the RESERVED lock without calling
/// SQLite's busy handler, so CountIQ must wait for it itself. After a kill mid-switch, the likely holder is another
/// process's first read, which briefly takes RESERVED to delete the
/// leftover journal of the still empty file. Here another program holds
/// RESERVED on a blank file for 300 ms, and `add` must wait for it.
#[test]
fn a_blank_database_write_locked_by_another_program_is_waited_for_sqlite_only() {
    let env = Env::sqlite();
    std::fs::write(env.db(), b"").expect("create a blank file");
    let (locked, wait_for_lock) = std::sync::mpsc::channel();
    thread::scope(|scope| {
        scope.spawn(|| {
            let holder = rusqlite::Connection::open(env.db()).expect("open the blank file");
            holder
                .execute_batch("BEGIN IMMEDIATE")
                .expect("take the write lock");
            locked.send(()).expect("tell the test");
            thread::sleep(Duration::from_millis(300));
            holder.execute_batch("ROLLBACK").expect("release the lock");
        });
        wait_for_lock.recv().expect("the lock is taken");
        let started = Instant::now();
        let run = env.run(&["add", "milk"]);
        assert_eq!(
            run.code,
            Some(0),
            "after {:.0?}, with a busy timeout of 10 s\n{run}",
            started.elapsed()
        );
    });
    assert_eq!(env.items()[0]["name"], "milk");
}
