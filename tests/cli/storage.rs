//! The database: the file (how it is created, what it refuses), and what
//! every backend has: a schema that enforces the rules itself, and locking.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::ToSql;
use rusqlite::{Connection, TransactionBehavior};

use crate::util::{Backend, Env, WriteLock, checkpoint_and_close, quote_identifier};

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_database_and_its_directories_are_private_to_the_user_sqlite_only() {
    let env = Env::sqlite();
    // Only the built-in default location creates its directories.
    let mut cmd = env.command(&["add", "milk"]);
    cmd.env_remove("COUNTIQ_DB")
        .env("XDG_DATA_HOME", env.dir().join("a/b"));
    env.run_command(cmd, None).success();
    assert_eq!(mode(&env.dir().join("a/b/countiq/countiq.db")), 0o600);
    assert_eq!(mode(&env.dir().join("a")), 0o700);
    assert_eq!(mode(&env.dir().join("a/b")), 0o700);
    assert_eq!(mode(&env.dir().join("a/b/countiq")), 0o700);
}

#[test]
fn a_path_the_user_gives_is_never_invented_sqlite_only() {
    let env = Env::sqlite();
    let fifo = env.dir().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (db, why) in [
        (
            env.dir().join("no/such/dir/inventory.db"),
            "cannot be used: its directory does not exist",
        ),
        (
            fifo.clone(),
            "is not a regular file (a FIFO, socket or device cannot hold a database)",
        ),
        (
            "/dev/null".into(),
            "is not a regular file (a FIFO, socket or device cannot hold a database)",
        ),
        (
            ":memory:".into(),
            "is not a database file path (an in-memory database keeps nothing)",
        ),
    ] {
        for args in [&["list"][..], &["add", "milk"], &["doctor"]] {
            let mut all = vec!["--db", db.to_str().unwrap()];
            all.extend_from_slice(args);
            let run = env.run(&all).code(7);
            assert!(run.stderr.contains(why), "{run}");
        }
    }
    assert!(!env.dir().join("no").exists());
    assert!(!env.dir().join(":memory:").exists());
}

#[test]
fn a_new_database_is_wal_with_the_current_schema_and_countiq_mark_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 1);
    let conn = Connection::open(env.db()).unwrap();
    let journal: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(version, countiq::db::LATEST_VERSION);
    assert_eq!(app_id, countiq::db::APPLICATION_ID);
}

/// Asserts a statement run straight on the test's PostgreSQL schema
/// (`{schema}` in `sql` stands for its quoted name) fails with `code`,
/// naming `constraint`.
fn assert_pg_refuses(
    env: &Env,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
    code: &SqlState,
    constraint: &str,
) {
    let sql = sql.replace("{schema}", &quote_identifier(env.pg_schema()));
    let err = env.pg_client().execute(&sql, params).unwrap_err();
    let refusal = err.as_db_error().map(|e| (e.code(), e.constraint()));
    assert_eq!(refusal, Some((code, Some(constraint))), "{sql}: {err}");
}

#[test]
fn the_schema_itself_rejects_a_second_item_with_the_same_owner_and_key() {
    let env = Env::new();
    env.add("milk", 1);
    match env.backend() {
        Backend::Sqlite => {
            let conn = Connection::open(env.db()).unwrap();
            let err = conn
                .execute(
                    "INSERT INTO items (owner_id, name, name_key, quantity, created_at, updated_at) \
                     SELECT owner_id, 'MILK', 'milk', 1, 0, 0 FROM items",
                    [],
                )
                .unwrap_err();
            assert!(countiq::db::is_unique_violation(&err), "{err}");
        }
        Backend::Postgres => assert_pg_refuses(
            &env,
            "INSERT INTO {schema}.items (owner_id, name, name_key, quantity, created_at, updated_at) \
             SELECT owner_id, 'MILK', 'milk', 1, 0, 0 FROM {schema}.items",
            &[],
            &SqlState::UNIQUE_VIOLATION,
            "items_owner_name_key_unique",
        ),
    }
    // The same name for another owner is fine.
    env.run(&["--owner", "bob", "add", "milk"]).success();
}

#[test]
fn the_schema_itself_rejects_quantities_out_of_range() {
    let env = Env::new();
    env.add("milk", 1);
    for bad in [-1_i64, 1 << 53] {
        match env.backend() {
            Backend::Sqlite => {
                let conn = Connection::open(env.db()).unwrap();
                let err = conn
                    .execute("UPDATE items SET quantity = ?1", [bad])
                    .unwrap_err();
                assert_eq!(
                    err.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::ConstraintViolation),
                    "{bad}: {err}"
                );
            }
            Backend::Postgres => assert_pg_refuses(
                &env,
                "UPDATE {schema}.items SET quantity = $1",
                &[&bad],
                &SqlState::CHECK_VIOLATION,
                "items_quantity_check",
            ),
        }
    }
    assert_eq!(env.items()[0]["quantity"], 1);
}

/// Runs `args` against a file that must be refused, and checks the refusal
/// (exit 7) and that the file is byte-for-byte what it was.
fn assert_refused_untouched(env: &Env, args: &[&str], expected_message: &str) {
    let before = fs::read(env.db()).unwrap();
    let run = env.run(args).code(7);
    assert_eq!(
        run.stderr,
        format!(
            "countiq: error: {:?} {expected_message}\n",
            env.db().display().to_string()
        ),
        "{run}"
    );
    assert_eq!(run.stdout, "", "{run}");
    assert!(
        fs::read(env.db()).unwrap() == before,
        "the file changed\n{run}"
    );
}

#[test]
fn a_database_made_by_a_newer_countiq_is_refused_and_left_untouched_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 1);
    let newer = countiq::db::LATEST_VERSION + 1;
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "user_version", newer).unwrap();
    }
    let message = format!(
        "was made by a newer countiq (schema version {newer}; this countiq knows up to {})",
        countiq::db::LATEST_VERSION
    );
    for args in [
        &["list"][..],
        &["add", "bread"],
        &["remove", "milk"],
        &["rename", "milk", "oat milk"],
    ] {
        assert_refused_untouched(&env, args, &message);
    }
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched_sqlite_only() {
    let env = Env::sqlite();
    fs::write(env.db(), "inventory notes\n".repeat(300)).unwrap();
    for args in [&["list"][..], &["add", "milk"], &["--json", "list"]] {
        let before = fs::read(env.db()).unwrap();
        let run = env.run(args).code(7);
        assert!(fs::read(env.db()).unwrap() == before, "{run}");
    }
    assert_refused_untouched(&env, &["add", "milk"], "is not a database");
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_untouched_sqlite_only() {
    let env = Env::sqlite();
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")
            .unwrap();
    }
    assert_refused_untouched(&env, &["add", "milk"], "is not a countiq database");
    assert_refused_untouched(&env, &["list"], "is not a countiq database");
}

#[test]
fn a_corrupt_database_is_refused_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 1);
    checkpoint_and_close(env.db());
    let mut bytes = fs::read(env.db()).unwrap();
    // Overwrite the second page (the owners table's b-tree) with garbage.
    for (i, byte) in bytes.iter_mut().enumerate().skip(4096).take(4096) {
        *byte = (i * 7 % 251) as u8;
    }
    fs::write(env.db(), &bytes).unwrap();
    let run = env.run(&["list"]).code(7);
    assert_eq!(
        run.stderr, "countiq: error: the database file is corrupt\n",
        "{run}"
    );
}

#[test]
fn an_empty_file_reads_as_an_empty_inventory_and_becomes_a_database_on_the_first_write_sqlite_only()
{
    let env = Env::sqlite();
    fs::write(env.db(), b"").unwrap();
    assert_eq!(env.ok(&["--json", "list"]), "[]\n");
    assert_eq!(
        fs::metadata(env.db()).unwrap().len(),
        0,
        "a read wrote to the file"
    );
    env.add("milk", 2);
    assert_eq!(env.items()[0]["quantity"], 2);
}

#[test]
fn a_directory_where_the_database_should_be_is_refused_sqlite_only() {
    let env = Env::sqlite();
    let dir = env.dir().join("not-a-file");
    fs::create_dir(&dir).unwrap();
    let run = env
        .run(&["--db", dir.to_str().unwrap(), "add", "milk"])
        .code(7);
    assert_eq!(
        run.stderr,
        format!(
            "countiq: error: {:?} is a directory, not a database file\n",
            dir.display().to_string()
        )
    );
}

#[test]
fn a_parent_directory_that_cannot_be_created_is_a_database_error_sqlite_only() {
    let env = Env::sqlite();
    let blocker = env.dir().join("file");
    fs::write(&blocker, "x").unwrap();
    let mut cmd = env.command(&["add", "milk"]);
    cmd.env_remove("COUNTIQ_DB")
        .env("XDG_DATA_HOME", blocker.join("sub"));
    let run = env.run_command(cmd, None).code(7);
    assert!(
        run.stderr
            .starts_with("countiq: error: cannot create directory"),
        "{run}"
    );
}

#[test]
fn a_write_blocked_past_the_busy_timeout_exits_6_and_changes_nothing() {
    let env = Env::new();
    env.add("milk", 1);
    let before = env.items();
    {
        let _lock = WriteLock::take(&env);
        let run = env.run(&["add", "bread", "--busy-timeout", "200"]).code(6);
        assert_eq!(
            run.stderr,
            "countiq: error: the database stayed locked past the busy timeout; nothing changed; safe to retry\n"
        );
        let mut cmd = env.command(&["--json", "remove", "milk"]);
        cmd.env("COUNTIQ_BUSY_TIMEOUT", "100");
        let run = env.run_command(cmd, None).code(6);
        assert_eq!(run.json_error()["error"]["kind"], "busy");
        // Readers are never blocked by a writer (on SQLite, thanks to WAL).
        assert_eq!(env.items(), before);
    }
    assert_eq!(env.items(), before);
}

#[test]
fn a_write_waits_for_a_lock_released_within_the_busy_timeout() {
    let env = Env::new();
    env.add("milk", 1);
    let lock = WriteLock::take(&env);
    let child = env
        .command(&["add", "bread"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(lock);
    let status = child.wait_with_output().unwrap().status;
    assert!(status.success(), "{status}");
    assert_eq!(env.items().as_array().unwrap().len(), 2);
}

#[test]
fn a_transaction_held_with_a_deferred_begin_does_not_block_readers_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 1);
    let mut conn = Connection::open(env.db()).unwrap();
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Deferred)
        .unwrap();
    let n: i64 = tx
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    env.add("bread", 1);
    drop(tx);
    assert_eq!(env.items().as_array().unwrap().len(), 2);
}

#[test]
fn doctor_counts_the_frames_in_the_wal_the_last_write_left_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 1);
    env.add("bread", 2);
    let wal = fs::metadata(env.dir().join("inventory.db-wal"))
        .unwrap()
        .len();
    let report = env.json(&["doctor"]);
    assert_eq!(report["wal_size_bytes"], wal);
    assert_eq!(report["wal_frames"], (wal - 32) / (4096 + 24));
    assert!(
        report["wal_frames"].as_u64().is_some_and(|n| n > 0),
        "{report}"
    );
    // The last writes are in the WAL, not yet in the database file.
    assert!(
        report["wal_pending_frames"].as_u64().is_some_and(|n| n > 0),
        "{report}"
    );
    // A checkpoint copies them all.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let report = env.json(&["doctor"]);
    assert_eq!(report["wal_pending_frames"], 0, "{report}");
    drop(conn);
}

/// The frames in the `-wal` beside `db` written since it last started over
/// (those carrying the header's salts, which SQLite reads), and all the
/// frames the file holds.
fn wal_frames(db: &Path) -> (u64, u64) {
    let mut path = db.as_os_str().to_owned();
    path.push("-wal");
    let wal = fs::read(path).expect("the -wal is kept");
    let word = |at: usize| u32::from_be_bytes(wal[at..at + 4].try_into().unwrap());
    let frame = 24 + word(8) as usize;
    let salts = (word(16), word(20));
    let (mut live, mut all, mut current) = (0, 0, true);
    let mut at = 32;
    while at + frame <= wal.len() {
        all += 1;
        current &= (word(at + 8), word(at + 12)) == salts;
        live += u64::from(current);
        at += frame;
    }
    (live, all)
}

#[test]
fn writers_keep_the_wal_bounded_and_start_it_over_in_place_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 0);
    let wal = env.dir().join("inventory.db-wal");
    let mut sizes = Vec::new();
    for _ in 0..120 {
        env.ok(&["-q", "adjust", "milk", "+1"]);
        sizes.push(fs::metadata(&wal).unwrap().len());
    }
    // About 7 pages a write: 120 writes went through a WAL that holds at
    // most 64 frames past a checkpoint, plus one command's and the one
    // that starts it over.
    let frame = 4096 + 24;
    let bound = 32 + (64 + 16) * frame;
    let largest = *sizes.iter().max().unwrap();
    assert!(largest <= bound, "{largest} > {bound}");
    let (live, all) = wal_frames(env.db());
    assert!(live <= 64 + 16, "{live} frames since the WAL started over");
    assert!(
        live < all,
        "the WAL never started over ({live} of {all} frames)"
    );
    // Once full, the file keeps its size: later commits overwrite old
    // frames in place instead of truncating it and growing it again.
    let full = sizes
        .iter()
        .position(|&s| s + 16 * frame >= largest)
        .unwrap();
    assert!(full < 60, "the -wal filled up late: {sizes:?}");
    assert!(
        sizes[full..].iter().all(|&s| s + 16 * frame >= largest),
        "the -wal shrank: {sizes:?}"
    );
    // Nothing was lost on the way.
    assert_eq!(env.json(&["show", "milk"])["item"]["quantity"], 120);
    assert_eq!(
        env.json(&["history", "--limit", "1000"])
            .as_array()
            .unwrap()
            .len(),
        121
    );
    assert_eq!(crate::util::integrity_check(env.db()), "ok");
}

/// Runs CountIQ with `args` under `strace` with `trace` (strace's options
/// before the program), writing strace's output to `out`. None, after
/// saying why, when strace is not installed and the run does not require it.
fn under_strace(env: &Env, trace: &[&str], out: &Path, args: &[&str]) -> Option<()> {
    let mut cmd = env.program("strace");
    cmd.args(trace)
        .arg("-o")
        .arg(out)
        .arg(crate::util::binary())
        .args(args);
    let Ok(output) = cmd.output() else {
        assert!(
            std::env::var_os("COUNTIQ_REQUIRE_TOOLS").is_none(),
            "strace is required here (COUNTIQ_REQUIRE_TOOLS is set) but not installed"
        );
        eprintln!("skipping: strace is not installed, so system calls cannot be counted");
        return None;
    };
    assert!(output.status.success(), "{output:?}");
    Some(())
}

#[test]
fn a_write_syncs_its_wal_and_the_directory_and_nothing_else_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 0);
    env.ok(&["-q", "adjust", "milk", "+1"]);
    let trace = env.dir().join("syncs.txt");
    let counted = ["-f", "-c", "-e", "trace=fdatasync,fsync"];
    if under_strace(&env, &counted, &trace, &["-q", "adjust", "milk", "+1"]).is_none() {
        return;
    }
    // strace -c: "% time seconds usecs/call calls [errors] syscall".
    let summary = fs::read_to_string(&trace).unwrap();
    let syncs: u64 = summary
        .lines()
        .filter(|line| line.ends_with(" fdatasync") || line.ends_with(" fsync"))
        .map(|line| {
            line.split_whitespace()
                .nth(3)
                .unwrap()
                .parse::<u64>()
                .unwrap()
        })
        .sum();
    // One for the commit's WAL frames, one for the directory SQLite syncs
    // after opening the WAL; closing checkpoints nothing.
    assert_eq!(syncs, 2, "{summary}");
    assert_eq!(env.json(&["show", "milk"])["item"]["quantity"], 2);
}

#[test]
fn a_big_import_writes_the_database_and_its_wal_and_no_other_file_sqlite_only() {
    // Past about 40,000 rows the page cache spills, and with it the journal
    // each multi-row statement keeps of the pages it changes would spill to
    // a temporary file, written again by every statement after.
    const ROWS: u64 = 50_000;
    let env = Env::sqlite();
    env.add("first", 1);
    let rows = env.dir().join("rows.ndjson");
    fs::write(&rows, crate::util::import_rows("item ", ROWS)).unwrap();
    let trace = env.dir().join("opened.txt");
    let opens = ["-f", "-e", "trace=open,openat,creat"];
    let import = ["-q", "import", rows.to_str().unwrap()];
    if under_strace(&env, &opens, &trace, &import).is_none() {
        return;
    }
    let db = env.db().to_str().unwrap().to_owned();
    let opened = fs::read_to_string(&trace).unwrap();
    let written: Vec<&str> = opened
        .lines()
        .filter(|line| {
            ["O_RDWR", "O_WRONLY", "O_TMPFILE", "creat("]
                .iter()
                .any(|flag| line.contains(flag))
                && !line.contains("ENOENT")
        })
        .collect();
    assert!(!written.is_empty());
    for line in &written {
        let opened_file = [db.clone(), format!("{db}-wal"), format!("{db}-shm")]
            .iter()
            .any(|file| line.contains(&format!("\"{file}\"")));
        assert!(opened_file, "an import wrote another file: {line}");
    }
    assert_eq!(env.items().as_array().unwrap().len() as u64, ROWS + 1);
}

#[test]
fn an_import_records_its_items_in_runs_not_a_row_each_sqlite_only() {
    // More rows than one run holds (4,096), so the import ends one run and
    // starts the next twice.
    const ROWS: u64 = 10_000;
    let env = Env::sqlite();
    env.add("first", 1);
    let rows = env.dir().join("rows.ndjson");
    fs::write(&rows, crate::util::import_rows("item ", ROWS)).unwrap();
    env.ok(&["-q", "import", rows.to_str().unwrap()]);
    let conn = Connection::open(env.db()).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    // The single add stays an event of its own; the import is three rows.
    assert_eq!(count("SELECT count(*) FROM events"), 1);
    assert_eq!(count("SELECT count(*) FROM created_runs"), 3);
    assert_eq!(
        count("SELECT sum(last_id - first_id + 1) FROM created_runs"),
        ROWS as i64
    );
    drop(conn);
    // Read back as the events they stand for: the newest first, across the
    // runs' boundaries, and one item's by its name.
    let newest = env.json(&["history", "--limit", "4100", "--json"]);
    let newest = newest.as_array().unwrap();
    assert_eq!(newest.len(), 4100);
    let seqs: Vec<u64> = newest.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (ROWS - 4099..=ROWS).rev().collect::<Vec<_>>());
    assert_eq!(newest[0]["name_after"], format!("item {}", ROWS - 1));
    let one = env.json(&["history", "item 4096", "--json"]);
    assert_eq!(one.as_array().unwrap().len(), 1, "{one}");
    assert_eq!(one[0]["seq"], 4097);
    assert_eq!(one[0]["kind"], "import");
    assert_eq!(
        env.json(&["doctor", "--json"])["owners"][0]["events"],
        ROWS + 1
    );
}
