//! Exit codes that never lie, hit the way scripts hit them: `/dev/full`,
//! a reader that closes the pipe, signals, keys retried over other input,
//! and paths that hold no database. Each test checks the database after:
//! what should have changed did, exactly once, and nothing else did.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::process::Stdio;
use std::thread;
use std::time::Duration;

use serde_json::json;

use crate::util::Env;

/// Runs `countiq ARGS` with stdout going to `/dev/full`.
fn to_dev_full(env: &Env, args: &[&str]) -> crate::util::Run {
    let mut cmd = env.command(args);
    cmd.stdout(File::create("/dev/full").expect("/dev/full"));
    let output = cmd.output().expect("countiq runs");
    crate::util::Run::from_output(format!("{cmd:?} >/dev/full"), &output)
}

#[test]
fn a_change_whose_result_cannot_be_written_exits_11_and_a_keyed_retry_replays_it() {
    let env = Env::new();
    env.add("bolts", 10);
    let run = to_dev_full(&env, &["adjust", "bolts", "-1"]).code(11);
    assert!(
        run.stderr
            .starts_with("countiq: error: the change was saved as operation 2, but its result could not be written"),
        "{run}"
    );
    assert!(run.stderr.contains("check with `countiq history`"), "{run}");
    assert_eq!(env.items()[0]["quantity"], 9, "applied exactly once");

    let run = to_dev_full(&env, &["adjust", "bolts", "-1", "--idempotency-key", "k1"]).code(11);
    assert!(run.stderr.contains("as operation 3"), "{run}");
    assert!(
        run.stderr
            .contains("retrying with the same --idempotency-key"),
        "{run}"
    );
    let retry = env
        .run(&["--json", "adjust", "bolts", "-1", "--idempotency-key", "k1"])
        .success();
    assert_eq!(retry.json()["quantity"], 8, "{retry}");
    assert_eq!(
        retry.stderr,
        "replayed: this idempotency key was already used; nothing changed now\n"
    );
    assert_eq!(env.items()[0]["quantity"], 8, "the retry applied nothing");
    assert_eq!(env.history_of("alice").as_array().map(Vec::len), Some(3));
}

#[test]
fn a_backup_whose_report_cannot_be_written_exits_11_and_the_copy_is_there() {
    let env = Env::new();
    env.add("bolts", 10);
    let run = to_dev_full(&env, &["backup", "copy.db"]).code(11);
    assert!(
        run.stderr
            .starts_with("countiq: error: the backup was written to"),
        "{run}"
    );
    let copy = rusqlite::Connection::open(env.dir().join("copy.db")).expect("open the copy");
    let items: i64 = copy
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .expect("count");
    assert_eq!(items, 1);
}

#[test]
fn the_json_error_form_of_exit_11_names_its_kind() {
    let env = Env::new();
    env.add("bolts", 10);
    let run = to_dev_full(&env, &["--json", "adjust", "bolts", "+1"]).code(11);
    let error = run.json_error();
    assert_eq!(error["error"]["kind"], "uncertain", "{run}");
    assert_eq!(error["error"]["exit_code"], 11, "{run}");
}

#[test]
fn a_dry_run_whose_result_cannot_be_written_changed_nothing_and_does_not_say_11() {
    let env = Env::new();
    env.add("bolts", 10);
    let state = env.state();
    to_dev_full(&env, &["--dry-run", "adjust", "bolts", "-1"]).code(1);
    assert_eq!(env.state(), state);
}

/// Runs `countiq ARGS` with a reader that closes the pipe before reading
/// anything: the command's first write fails with a broken pipe.
fn with_closed_pipe(env: &Env, args: &[&str]) -> Option<i32> {
    let mut child = env
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("countiq starts");
    drop(child.stdout.take());
    child.wait().expect("countiq ends").code()
}

#[test]
fn a_closed_pipe_keeps_the_exit_code_the_command_had() {
    let env = Env::new();
    for (name, qty) in [("milk", 1), ("salt", 0)] {
        env.add(name, qty);
        env.ok(&["edit", name, "--min", "5"]);
    }
    for format in ["table", "json", "ndjson", "csv"] {
        assert_eq!(
            with_closed_pipe(&env, &["--format", format, "low", "--check"]),
            Some(9),
            "low --check --format {format} | head -c0"
        );
        assert_eq!(
            with_closed_pipe(&env, &["--format", format, "list"]),
            Some(0)
        );
    }
    assert_eq!(
        with_closed_pipe(&env, &["--json", "adjust", "milk", "+4"]),
        Some(0),
        "a change whose reader went away still happened"
    );
    assert_eq!(env.items()[0]["quantity"], 5, "applied exactly once");
    env.ok(&["set", "salt", "9"]);
    assert_eq!(with_closed_pipe(&env, &["low", "--check"]), Some(0));
}

#[test]
fn low_check_through_head_exits_9_in_a_real_pipeline() {
    let env = Env::new();
    // More output than a pipe holds, so `head` really closes it early.
    let rows = (0..3000)
        .map(|i| format!("{{\"name\":\"part {i:04}\",\"quantity\":0,\"min\":1}}"))
        .collect::<Vec<_>>()
        .join("\n");
    env.write("rows.ndjson", rows);
    env.ok(&["import", "rows.ndjson"]);
    let script = format!(
        "{} --json low --check | head -c1 >/dev/null; echo ${{PIPESTATUS[0]}}",
        crate::util::binary().display()
    );
    let output = env
        .program("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "9\n");
}

/// Starts `countiq import -` and feeds it `rows`, keeping stdin open.
fn start_import(env: &Env, rows: &str) -> std::process::Child {
    let mut child = env
        .command(&["import", "--input-format", "ndjson", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("countiq starts");
    child
        .stdin
        .as_mut()
        .expect("stdin")
        .write_all(rows.as_bytes())
        .expect("feed rows");
    child
}

/// Waits until `child` handles SIGINT and SIGTERM itself (its `SigCgt`
/// mask in /proc), so that a signal sent now is noted, not fatal.
fn wait_for_signal_handlers(child: &std::process::Child) {
    let status = format!("/proc/{}/status", child.id());
    for _ in 0..1000 {
        let caught = fs::read_to_string(&status)
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|l| l.strip_prefix("SigCgt:"))
                    .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            })
            .unwrap_or(0);
        // Bits 1 (SIGINT, 2) and 14 (SIGTERM, 15).
        if caught & (1 << 1) != 0 && caught & (1 << 14) != 0 {
            return;
        }
        thread::sleep(Duration::from_millis(10));
    }
    panic!("countiq never installed its signal handlers");
}

fn signal(child: &std::process::Child, name: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[test]
fn a_signal_before_the_commit_rolls_back_and_exits_130_or_143() {
    for (name, code) in [("TERM", 143), ("INT", 130)] {
        let env = Env::new();
        env.add("milk", 1);
        let state = env.state();
        let mut child = start_import(&env, &crate::util::import_rows("part", 500));
        // Let it read the rows and wait for more, then stop it.
        wait_for_signal_handlers(&child);
        thread::sleep(Duration::from_millis(200));
        signal(&child, name);
        thread::sleep(Duration::from_millis(100));
        // More input arrives and ends: the command must still not commit.
        // It may have stopped reading already: then the pipe is closed.
        let mut stdin = child.stdin.take().expect("stdin");
        match stdin.write_all(crate::util::import_rows("late", 10).as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            fed => fed.expect("feed rows"),
        }
        drop(stdin);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut stderr)
            .expect("read stderr");
        let status = child.wait().expect("countiq ends");
        assert_eq!(status.code(), Some(code), "SIG{name}: {stderr}");
        assert!(
            stderr.contains("before the commit; nothing changed"),
            "{stderr}"
        );
        assert_eq!(env.state(), state, "SIG{name} changed something");
    }
}

#[test]
fn a_signal_after_the_commit_lets_the_command_finish_and_print_everything() {
    let env = Env::new();
    let names: Vec<String> = (0..3000).map(|i| format!("part {i:04}")).collect();
    let rows: Vec<String> = names
        .iter()
        .map(|n| format!("{{\"name\":\"{n}\"}}"))
        .collect();
    env.write("parts.ndjson", rows.join("\n"));
    env.ok(&["import", "parts.ndjson"]);
    let mut args = vec!["--json", "remove"];
    args.extend(names.iter().map(String::as_str));
    let mut child = env
        .command(&args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("countiq starts");
    let mut stdout = child.stdout.take().expect("stdout");
    // Output begins only after the commit; more of it than a pipe holds
    // keeps the command writing while the signal arrives.
    let mut first = [0_u8; 1];
    stdout.read_exact(&mut first).expect("the first byte");
    signal(&child, "TERM");
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).expect("the rest");
    let status = child.wait().expect("countiq ends");
    assert_eq!(status.code(), Some(0));
    let printed: serde_json::Value =
        serde_json::from_slice(&[&first[..], &rest].concat()).expect("one whole JSON array");
    assert_eq!(printed.as_array().map(Vec::len), Some(3000));
    assert_eq!(env.items(), json!([]));
}

#[test]
fn a_signal_stops_a_command_waiting_for_the_write_lock_at_once() {
    let env = Env::new();
    env.add("milk", 1);
    let state = env.state();
    let lock = crate::util::WriteLock::take(&env);
    let mut child = env
        .command(&["--busy-timeout", "60000", "adjust", "milk", "+1"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("countiq starts");
    wait_for_signal_handlers(&child);
    thread::sleep(Duration::from_millis(200));
    let asked = std::time::Instant::now();
    signal(&child, "TERM");
    let status = child.wait().expect("countiq ends");
    let waited = asked.elapsed();
    drop(lock);
    assert_eq!(status.code(), Some(143));
    // Not the minute of its busy timeout: about one back-off step.
    assert!(waited < Duration::from_secs(10), "it took {waited:?}");
    assert_eq!(env.state(), state);
}

#[test]
fn a_key_guards_the_bytes_read_not_the_path() {
    let env = Env::new();
    env.add("milk", 5);
    let one = "{\"op\":\"adjust\",\"name\":\"milk\",\"delta\":-1}\n";
    let two = "{\"op\":\"adjust\",\"name\":\"milk\",\"delta\":-2}\n";
    env.run_with_stdin(&["apply", "-", "--idempotency-key", "batch-7"], one)
        .success();
    // The same bytes from a file: a replay, nothing applied again.
    env.write("batch.ndjson", one);
    let run = env
        .run(&["apply", "batch.ndjson", "--idempotency-key", "batch-7"])
        .success();
    assert!(run.stderr.starts_with("replayed:"), "{run}");
    assert_eq!(env.items()[0]["quantity"], 4);
    // Other bytes with the same key: refused, nothing applied.
    let state = env.state();
    let run = env
        .run_with_stdin(&["apply", "-", "--idempotency-key", "batch-7"], two)
        .code(4);
    assert!(run.stderr.contains("for a different command"), "{run}");
    assert_eq!(env.state(), state);
}

#[test]
fn a_key_is_the_same_whatever_the_spelling_of_the_command_line() {
    let env = Env::new();
    env.ok(&["add", "milk", "--qty=3", "--idempotency-key", "k"]);
    for same in [
        &["add", "--qty", "3", "milk", "--idempotency-key", "k"][..],
        &[
            "--json",
            "add",
            "  milk ",
            "--qty",
            "3",
            "--idempotency-key=k",
        ],
    ] {
        let run = env.run(same).success();
        assert!(run.stderr.starts_with("replayed:"), "{run}");
    }
    env.run(&["add", "milk", "--qty", "4", "--idempotency-key", "k"])
        .code(4);
    assert_eq!(env.items().as_array().map(Vec::len), Some(1));
}

#[test]
fn a_key_recorded_by_an_older_countiq_is_a_conflict_that_says_so_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 1);
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    conn.execute(
        "INSERT INTO idempotency_keys (owner_id, key, fingerprint, result, at) \
         VALUES (1, 'old', 'Adjust(AdjustArgs { name: \"milk\", delta: \"+1\", reason: None })', '{}', 0)",
        [],
    )
    .expect("insert an old record");
    drop(conn);
    let state = env.state();
    let run = env
        .run(&["adjust", "milk", "+1", "--idempotency-key", "old"])
        .code(4);
    assert!(run.stderr.contains("recorded by an older countiq"), "{run}");
    assert_eq!(env.state(), state);
}

#[test]
fn format_is_for_output_only_and_json_with_another_format_is_a_usage_error() {
    let env = Env::new();
    env.write("parts.csv", "name,quantity\nbolt,4\nnut,9\n");
    let run = env.run(&["--json", "import", "parts.csv"]).success();
    assert_eq!(
        run.json(),
        json!({"ops": [1], "rows": 2, "created": 2, "replaced": 0, "skipped": 0, "added": 0})
    );
    let state = env.state();
    let run = env.run(&["--json", "--format", "csv", "list"]).code(2);
    assert_eq!(
        run.stderr,
        "countiq: error: --json means --format json; it cannot be combined with another --format\n"
    );
    // A format from the environment is simply overridden by --json.
    let mut cmd = env.command(&["--json", "list"]);
    cmd.env("COUNTIQ_FORMAT", "csv");
    let run = env.run_command(cmd, None).success();
    assert_eq!(run.json().as_array().map(Vec::len), Some(2));
    assert_eq!(env.state(), state);
}

#[test]
fn an_import_never_merges_owners_silently() {
    let env = Env::new();
    env.add("milk", 1);
    let state = env.state();
    let rows = "{\"owner\":\"alice\",\"name\":\"a\"}\n{\"owner\":\"Alice\",\"name\":\"b\"}\n\
                {\"owner\":\"bob\",\"name\":\"c\"}\n";
    let run = env.run_with_stdin(&["import", "-"], rows).code(5);
    assert!(run.stderr.starts_with("countiq: error: line 3: "), "{run}");
    assert_eq!(env.state(), state);
    // One owner's export imported under another owner is a copy.
    let export = env.ok(&["export"]);
    let run = env.run_with_stdin(&["--owner", "carol", "import", "-"], &export);
    run.success();
    assert_eq!(env.items_of("carol")[0]["name"], "milk");
    assert_eq!(env.state(), state);
}

#[test]
fn a_failed_command_on_a_path_with_no_database_leaves_no_file_behind() {
    let env = Env::new();
    env.write("bad.ndjson", "{\"name\":\"ok\"}\n{\"name\":\"\"}\n");
    for (args, stdin) in [
        (&["import", "bad.ndjson"][..], None),
        (
            &["apply", "-"],
            Some("{\"op\":\"adjust\",\"name\":\"nope\",\"delta\":1}\n"),
        ),
        (&["add", "milk", "--qty", "-1"], None),
        (&["add", "milk\u{200b}"], None),
        (&["remove", "milk"], None),
        (&["list"], None),
    ] {
        let run = env.run_command(env.command(args), stdin);
        assert_eq!(run.code == Some(0), args == ["list"], "{run}");
        let left: Vec<String> = fs::read_dir(env.dir())
            .expect("list the directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("inventory.db"))
            .collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
        assert!(!env.has_database(), "{args:?} created the database");
    }
}

#[test]
fn an_unreadable_input_file_is_a_usage_error_naming_it() {
    let env = Env::new();
    for args in [
        &["import", "missing.csv"][..],
        &["apply", "missing.ndjson"],
        &["import", "."],
    ] {
        let run = env.run(args).code(2);
        assert!(
            run.stderr.contains(&format!("cannot read \"{}\"", args[1])),
            "{run}"
        );
    }
    assert!(!env.has_database());
}

#[test]
fn a_read_of_an_owner_the_database_lacks_says_so_except_to_scripts() {
    let env = Env::new();
    env.add("milk", 1);
    for args in [
        &["list", "--owner", "warehuose"][..],
        &["history", "--owner", "warehuose"],
        &["low", "--owner", "warehuose"],
    ] {
        let run = env.run(args).success();
        assert_eq!(
            run.stderr, "countiq: note: no owner \"warehuose\" in this database\n",
            "{run}"
        );
        for quiet in ["-q", "--json"] {
            let run = env.run(&[&[quiet], args].concat()).success();
            assert_eq!(run.stderr, "", "{run}");
        }
    }
    // `export` writes a machine format (NDJSON unless told otherwise), so
    // its stderr carries errors only.
    let run = env.run(&["export", "--owner", "warehuose"]).success();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    // No database at all is not a misspelt owner.
    let fresh = Env::new();
    assert_eq!(fresh.run(&["list"]).success().stderr, "");
}

#[test]
fn long_user_input_is_shortened_in_error_messages() {
    let env = Env::new();
    let long = "x".repeat(5000);
    for args in [
        vec!["add", long.as_str()],
        vec!["adjust", "milk", long.as_str()],
        vec!["list", "--idempotency-key", long.as_str()],
    ] {
        let run = env.run(&args);
        assert_ne!(run.code, Some(0));
        assert!(run.stderr.len() < 400, "{} bytes: {run}", run.stderr.len());
    }
}

#[test]
fn show_marks_an_item_low_only_below_its_min() {
    let env = Env::new();
    for (name, qty, min) in [
        ("above", 5, Some("2")),
        ("at", 2, Some("2")),
        ("below", 1, Some("2")),
        ("none", 0, None),
    ] {
        env.add(name, qty);
        if let Some(min) = min {
            env.ok(&["edit", name, "--min", min]);
        }
        let shown = env.ok(&["show", name]);
        let quantity_line = shown.lines().nth(1).expect("a quantity line");
        assert_eq!(
            quantity_line.ends_with("LOW"),
            name == "below",
            "{name}: {quantity_line}"
        );
    }
}

#[test]
fn admin_migrate_whose_report_cannot_be_written_is_exit_11_not_nothing_changed() {
    let env = Env::new();
    let run = to_dev_full(&env, &["admin", "migrate"]).code(11);
    assert!(
        run.stderr.contains("the schema is at version"),
        "{}",
        run.stderr
    );
    assert!(env.has_database(), "the database was made");
    // Run again, it has nothing to do and says so.
    env.run(&["admin", "migrate"]).success();
}
