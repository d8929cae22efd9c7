//! Real processes racing on one server: the per-owner lock is what keeps
//! every update, and the migration lock what lets many clients create the
//! schema at once.

use std::process::Child;

use countiq::db::postgres::schema::{LATEST_VERSION, SchemaName};

use crate::harness::{Run, World};

/// Starts every command, then waits for all: they overlap as much as the
/// machine allows.
pub fn race(world: &World, commands: Vec<Vec<String>>) -> Vec<Run> {
    let children: Vec<(String, Child)> = commands
        .into_iter()
        .map(|args| {
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let mut cmd = world.command(&refs);
            cmd.stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            (format!("{cmd:?}"), cmd.spawn().expect("countiq starts"))
        })
        .collect();
    children
        .into_iter()
        .map(|(description, child)| {
            let output = child.wait_with_output().expect("countiq runs");
            Run::from_output(description, &output)
        })
        .collect()
}

/// A transaction of another session holding `owner`'s lock, as a
/// long-running command would; the caller rolls it back.
fn hold_owner_lock(world: &World, owner: &str) -> postgres::Client {
    let mut holder = postgres::Client::connect(&world.url, postgres::NoTls).unwrap();
    holder.batch_execute("BEGIN").unwrap();
    let key = SchemaName::parse(&world.schema).unwrap().owner_lock(owner);
    holder
        .execute("SELECT pg_advisory_xact_lock($1)", &[&key])
        .unwrap();
    holder
}

pub fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

#[test]
fn sixteen_processes_racing_to_add_one_name_give_one_success_and_fifteen_conflicts() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "seed"]).code(0);
    let runs = race(
        &world,
        (0..16)
            .map(|_| args(&["add", "bolts", "--qty", "5"]))
            .collect(),
    );
    let won: Vec<&Run> = runs.iter().filter(|r| r.code == Some(0)).collect();
    assert_eq!(won.len(), 1, "exactly one add wins");
    for lost in runs.iter().filter(|r| r.code != Some(0)) {
        assert_eq!(lost.code, Some(4), "{}", lost.stderr);
        assert_eq!(
            lost.stderr,
            "countiq: error: an item named \"bolts\" already exists for owner \"alice\"\n"
        );
    }
    let items = world.json(&["list"]);
    let names: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["bolts", "seed"]);
}

#[test]
fn sixteen_writers_of_fifty_adjusts_each_lose_no_update() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "bolts", "--qty", "0"]).code(0);
    // Each of 16 processes runs 50 adjusts one after another; the 16 run
    // at once.
    let script = "for i in $(seq 50); do \"$0\" adjust bolts +1 -q || exit 1; done";
    let children: Vec<Child> = (0..16)
        .map(|_| {
            let cmd = world.command(&[]);
            let program = cmd.get_program().to_owned();
            let mut sh = std::process::Command::new("sh");
            sh.arg("-c").arg(script).arg(program);
            for (key, value) in cmd.get_envs() {
                match value {
                    Some(v) => sh.env(key, v),
                    None => sh.env_remove(key),
                };
            }
            sh.spawn().expect("sh starts")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "every adjust succeeds");
    }
    let item = &world.json(&["list"])[0];
    assert_eq!(item["quantity"], 800);
    let history = world.json(&["history", "bolts"]);
    assert_eq!(
        history.as_array().unwrap().len(),
        801,
        "one event per adjust, and the add"
    );
}

#[test]
fn eight_clients_creating_the_schema_at_once_all_succeed() {
    let Some(world) = World::new() else { return };
    let runs = race(
        &world,
        (0..8)
            .map(|i| args(&["add", &format!("item {i}")]))
            .collect(),
    );
    for run in runs {
        run.code(0);
    }
    let versions = world.sql(&format!(
        "SELECT count(*) FROM {}.schema_versions",
        world.quoted()
    ));
    assert_eq!(
        versions,
        [countiq::db::postgres::schema::MIGRATIONS.len().to_string()],
        "the schema was made once, with one row per migration"
    );
    assert_eq!(world.json(&["list"]).as_array().unwrap().len(), 8);
    let migrations = race(
        &world,
        (0..8)
            .map(|_| args(&["admin", "migrate", "--json"]))
            .collect(),
    );
    for run in migrations {
        let report = run.code(0).json();
        assert_eq!(
            report,
            serde_json::json!({"backend": "postgres", "from": LATEST_VERSION, "to": LATEST_VERSION})
        );
    }
}

#[test]
fn two_imports_of_every_owner_in_opposite_orders_never_deadlock() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "seed"]).code(0);
    let rows = |first: &str, second: &str, tag: &str| -> String {
        (0..200)
            .flat_map(|i| {
                [
                    format!("{{\"owner\":\"{first}\",\"name\":\"{tag} {i}\",\"quantity\":1}}\n"),
                    format!("{{\"owner\":\"{second}\",\"name\":\"{tag} {i}\",\"quantity\":1}}\n"),
                ]
            })
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ndjson");
    let b = dir.path().join("b.ndjson");
    std::fs::write(&a, rows("alice", "bob", "a")).unwrap();
    std::fs::write(&b, rows("bob", "alice", "b")).unwrap();
    let runs = race(
        &world,
        vec![
            args(&["import", "--all-owners", a.to_str().unwrap()]),
            args(&["import", "--all-owners", b.to_str().unwrap()]),
        ],
    );
    for run in runs {
        run.code(0);
    }
    let count = |owner: &str| {
        world
            .json(&["list", "--owner", owner])
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!((count("alice"), count("bob")), (401, 400));
}

#[test]
fn a_write_waiting_for_the_owners_lock_past_the_busy_timeout_is_busy_and_changes_nothing() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "bolts"]).code(0);
    let before = world.json(&["history"]);
    let mut holder = hold_owner_lock(&world, "alice");
    let run = world
        .run(&["--busy-timeout", "300", "adjust", "bolts", "+1"])
        .code(6);
    assert!(
        run.stderr.contains("locked past the busy timeout"),
        "{}",
        run.stderr
    );
    // Another owner is not held up.
    world
        .run(&["--owner", "bob", "--busy-timeout", "300", "add", "nuts"])
        .code(0);
    holder.batch_execute("ROLLBACK").unwrap();
    assert_eq!(world.json(&["history"]), before);
}

#[test]
fn a_signal_during_a_wait_for_the_owners_lock_ends_it_at_once_with_nothing_changed() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "bolts"]).code(0);
    let before = world.json(&["history"]);
    let mut holder = hold_owner_lock(&world, "alice");
    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let mut cmd = world.command(&["--busy-timeout", "60000", "adjust", "bolts", "+1"]);
        cmd.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let child = cmd.spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(500));
        let sent = std::time::Instant::now();
        let killed = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let output = child.wait_with_output().unwrap();
        assert!(
            sent.elapsed() < std::time::Duration::from_secs(5),
            "the wait ended at once"
        );
        Run::from_output(format!("adjust, then kill {signal}"), &output).code(code);
    }
    holder.batch_execute("ROLLBACK").unwrap();
    assert_eq!(world.json(&["history"]), before);
}

/// Runs `query`, a count, every 20 ms until `done` accepts its answer;
/// fails after 30 s saying that `what` never happened.
fn wait_until_counted(world: &World, query: &str, done: impl Fn(&str) -> bool, what: &str) {
    let started = std::time::Instant::now();
    loop {
        let answer = world.sql(query);
        if answer.first().is_some_and(|n| done(n)) {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{what} (last count: {answer:?})"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Waits until `count` sessions wait for `owner`'s lock.
fn wait_for_lock_waiters(world: &World, owner: &str, count: usize) {
    // The server shows a 64-bit advisory key as two 32-bit halves.
    let key = SchemaName::parse(&world.schema)
        .unwrap()
        .owner_lock(owner)
        .cast_unsigned();
    let query = format!(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted \
         AND classid = {} AND objid = {} AND objsubid = 1",
        key >> 32,
        key & 0xFFFF_FFFF
    );
    wait_until_counted(
        world,
        &query,
        |n| n == count.to_string(),
        &format!("{count} commands never waited for the lock together"),
    );
}

#[test]
fn writers_waiting_for_an_owners_lock_get_it_in_the_order_they_asked() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "bolts"]).code(0);
    let mut holder = hold_owner_lock(&world, "alice");
    // Each starts waiting once the one before it is waiting.
    let names: Vec<String> = (0..6).map(|i| format!("item {i}")).collect();
    let children: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(waiting, name)| {
            let mut cmd = world.command(&["add", name]);
            cmd.stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let child = cmd.spawn().unwrap();
            wait_for_lock_waiters(&world, "alice", waiting + 1);
            (name, child)
        })
        .collect();
    holder.batch_execute("ROLLBACK").unwrap();
    for (name, child) in children {
        let output = child.wait_with_output().unwrap();
        Run::from_output(format!("add {name}"), &output).code(0);
    }
    // The ledger's order (newest first) is the order they got the lock in.
    let history = world.json(&["history"]);
    let mut added: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|event| event["name_after"].as_str())
        .filter(|name| name.starts_with("item "))
        .collect();
    added.reverse();
    assert_eq!(added, names, "{history}");
}

/// Waits until a CountIQ session of this world waits for a row lock.
fn wait_for_a_row_lock_wait(world: &World) {
    wait_until_counted(
        world,
        "SELECT count(*) FROM pg_stat_activity \
         WHERE application_name = 'countiq' AND wait_event_type = 'Lock' \
         AND wait_event IN ('transactionid', 'tuple')",
        |n| n != "0",
        "countiq never waited for the row",
    );
}

#[test]
fn a_command_the_server_aborts_to_break_a_deadlock_runs_again_and_applies_once() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "bolts", "--qty", "10"]).code(0);
    // Another program holds bolts' row; countiq takes alice's lock, then
    // waits for the row; the other program then waits for alice's lock:
    // a deadlock, which the server breaks by aborting one of the two.
    let mut other = postgres::Client::connect(&world.url, postgres::NoTls).unwrap();
    other.batch_execute("BEGIN").unwrap();
    other
        .execute(
            &format!(
                "SELECT 1 FROM {}.items WHERE name_key = 'bolts' FOR UPDATE",
                world.quoted()
            ),
            &[],
        )
        .unwrap();
    let mut adjust = world.command(&["--json", "adjust", "bolts", "+1"]);
    adjust
        .env("COUNTIQ_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = adjust.spawn().unwrap();
    wait_for_a_row_lock_wait(&world);
    let key = SchemaName::parse(&world.schema)
        .unwrap()
        .owner_lock("alice");
    // The server checks for a deadlock in the session that has waited
    // longest (deadlock_timeout, 1 s by default): countiq's. It aborts
    // countiq's transaction, which releases alice's lock to the other
    // program; countiq runs the command again once that one is done.
    other
        .execute("SELECT pg_advisory_xact_lock($1)", &[&key])
        .expect("the server aborts countiq's transaction, not this one");
    other.batch_execute("COMMIT").unwrap();
    let output = child.wait_with_output().unwrap();
    let run = Run::from_output("adjust bolts +1 in a deadlock".to_owned(), &output).code(0);
    assert!(run.stderr.contains("running again"), "{}", run.stderr);
    assert_eq!(run.json()["quantity"], 11);
    let history = world.json(&["history", "bolts"]);
    assert_eq!(history.as_array().unwrap().len(), 2, "{history}");
}
