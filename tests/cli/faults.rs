//! Damaged files and hostile file systems: a truncated or corrupt database,
//! files that are not databases, a directory, a newer schema, a full disk,
//! a read-only mount and a parent directory that cannot be created. Each
//! fails with its contract exit code, never a panic, and leaves the file
//! as the contract says. All of them are about a SQLite file.
//!
//! The full-disk and read-only tests mount file systems, which needs root.
//! Where mounting is impossible they print `skipping: ...` and pass, unless
//! `COUNTIQ_REQUIRE_MOUNTS` is set (as CI, running as root, should): then
//! they fail.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

use rusqlite::Connection;
use serde_json::json;

use crate::util::{Env, Rng, Run, checkpoint_and_close, import_rows, integrity_check};

/// A command line and its standard input.
type Cmd = (&'static [&'static str], Option<&'static str>);

/// Every command that only reads, against a database holding alice's "milk".
const READS: &[Cmd] = &[
    (&["list"], None),
    (&["--json", "list"], None),
    (&["list", "--as-of", "2026-01-01T00:00:00Z"], None),
    (&["history"], None),
    (&["history", "milk"], None),
    (&["show", "milk"], None),
    (&["low", "--check"], None),
    (&["export"], None),
    (&["export", "--all-owners"], None),
];

/// Every command that writes, against the same database.
const WRITES: &[Cmd] = &[
    (&["add", "bread"], None),
    (&["--dry-run", "add", "bread"], None),
    (&["remove", "milk"], None),
    (&["rename", "milk", "oat milk"], None),
    (&["edit", "milk", "--unit", "L"], None),
    (&["adjust", "milk", "+1"], None),
    (&["set", "milk", "5"], None),
    (&["count", "milk", "5"], None),
    (&["undo"], None),
    (&["undo", "1"], None),
    (
        &["import", "-"],
        Some("{\"name\":\"bread\",\"quantity\":1}\n"),
    ),
    (
        &["apply", "-"],
        Some("{\"op\":\"adjust\",\"name\":\"milk\",\"delta\":1}\n"),
    ),
];

fn every_command() -> impl Iterator<Item = &'static Cmd> {
    READS.iter().chain(WRITES)
}

fn run(env: &Env, args: &[&str], stdin: Option<&str>) -> Run {
    match stdin {
        Some(input) => env.run_with_stdin(args, input),
        None => env.run(args),
    }
}

/// The database path as error messages quote it.
fn quoted(path: &Path) -> String {
    format!("{:?}", path.display().to_string())
}

/// Everything a command could change at `path`: the file's bytes (or, for a
/// directory, its entries) and the names of the files beside it, so that a
/// stray `-wal`, `-shm` or `-journal` counts as a change too.
fn snapshot(path: &Path) -> (Vec<u8>, Vec<String>) {
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list a directory")
            .map(|entry| {
                entry
                    .expect("a directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    };
    let content = if path.is_dir() {
        names(path).join("\n").into_bytes()
    } else {
        fs::read(path).expect("read the database file")
    };
    (content, names(path.parent().expect("a parent directory")))
}

/// Asserts `run` was refused as the contract says: exit 7 and one error
/// line with `message`, in the JSON form under `--json`.
#[track_caller]
fn assert_refused(run: &Run, message: &str) {
    assert_eq!(run.code, Some(7), "{run}");
    if run.stderr.starts_with('{') {
        let error = json!({"error": {"kind": "database", "message": message, "exit_code": 7}});
        assert_eq!(run.json_error(), error, "{run}");
    } else {
        assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
    }
}

/// Runs every command against `env`'s database, which must be refused:
/// exit 7, exactly `countiq: error: MESSAGE` on stderr, nothing on stdout,
/// and the file and its directory exactly as they were. Returns how many
/// commands it ran.
fn assert_every_command_refused(env: &Env, message: &str) -> usize {
    let before = snapshot(env.db());
    for (args, stdin) in every_command() {
        let run = run(env, args, *stdin);
        assert_refused(&run, message);
        assert_eq!(run.stdout, "", "{run}");
        assert!(snapshot(env.db()) == before, "the file changed\n{run}");
    }
    READS.len() + WRITES.len()
}

/// A database holding alice's "milk" and `rows` more items from one import,
/// fully checkpointed into the main file (no `-wal` left).
fn stocked(rows: u64) -> Env {
    let env = Env::sqlite();
    env.add("milk", 4);
    env.run_with_stdin(&["-q", "import", "-"], &import_rows("item ", rows))
        .success();
    checkpoint_and_close(env.db());
    let wal = env.dir().join("inventory.db-wal");
    assert!(!wal.exists(), "the checkpoint left {}", wal.display());
    env
}

#[test]
fn a_database_cut_short_is_refused_by_every_command_and_left_untouched_sqlite_only() {
    let env = stocked(600);
    let whole = fs::read(env.db()).expect("read the database");
    let pages = whole.len() / 4096;
    assert!(pages > 8, "only {pages} pages");
    let mut tried = 0;
    // Cut on a page boundary, and in the middle of a page.
    for cut in [pages / 2 * 4096, whole.len() / 2 + 100] {
        fs::write(env.db(), &whole[..cut]).expect("cut the file");
        tried += assert_every_command_refused(&env, &format!("{} is corrupt", quoted(env.db())));
    }
    eprintln!("faults: a database cut short: {tried} commands refused");
}

/// The leaf pages of the items table, in key order, each with the number
/// of rows it holds (`dbstat` walks the b-tree in order).
fn item_leaf_pages(path: &Path) -> Vec<(usize, usize)> {
    let conn = Connection::open(path).expect("open the database");
    let mut stmt = conn
        .prepare(
            "SELECT pageno, ncell FROM dbstat \
             WHERE name = 'items' AND pagetype = 'leaf' ORDER BY path",
        )
        .expect("prepare the dbstat query");
    let count = |n: i64| usize::try_from(n).expect("a count");
    stmt.query_map([], |r| Ok((count(r.get(0)?), count(r.get(1)?))))
        .expect("query dbstat")
        .map(|row| row.expect("a dbstat row"))
        .collect()
}

#[test]
fn a_page_of_garbage_is_refused_by_every_command_reading_it_and_left_untouched_sqlite_only() {
    let env = stocked(600);
    let leaves = item_leaf_pages(env.db());
    assert!(leaves.len() > 4, "{leaves:?}");
    // The middle leaf of the items table, and the names of its rows: the
    // table is in id order, so they are the rows after the earlier leaves'.
    let middle = leaves.len() / 2;
    let (page, rows) = leaves[middle];
    let skip: usize = leaves[..middle].iter().map(|(_, n)| n).sum();
    let items = env.items();
    let mut by_id: Vec<&serde_json::Value> = items.as_array().expect("an array").iter().collect();
    by_id.sort_by_key(|item| item["id"].as_u64());
    let victim = by_id[skip + rows / 2]["name"]
        .as_str()
        .expect("a name")
        .to_owned();
    let mut bytes = fs::read(env.db()).expect("read the database");
    let start = (page - 1) * 4096;
    let mut rng = Rng::new(page as u64);
    for byte in &mut bytes[start..start + 4096] {
        *byte = rng.below(256) as u8;
    }
    fs::write(env.db(), &bytes).expect("write the garbage");
    assert_ne!(
        integrity_check(env.db()),
        "ok",
        "the garbage went unnoticed"
    );
    let before = snapshot(env.db());
    let commands: [&[&str]; 11] = [
        &["list"],
        &["--json", "list"],
        &["export"],
        &["export", "--all-owners"],
        &["show", &victim],
        &["adjust", &victim, "+1"],
        &["set", &victim, "0"],
        &["edit", &victim, "--min", "1"],
        &["rename", &victim, "renamed"],
        &["remove", &victim],
        // Reverting the import deletes every item it made.
        &["undo"],
    ];
    for args in commands {
        let run = env.run(args);
        // list and export stream: rows before the bad page may already be
        // on stdout when the error comes; the exit code says it failed.
        assert_refused(&run, "the database file is corrupt");
        assert!(snapshot(env.db()) == before, "the file changed\n{run}");
    }
    eprintln!(
        "faults: garbage in page {page} of {}: {} commands refused",
        bytes.len() / 4096,
        commands.len()
    );
}

#[test]
fn files_that_are_not_databases_are_refused_by_every_command_and_left_untouched_sqlite_only() {
    let mut rng = Rng::new(7);
    let random: Vec<u8> = (0..10_000).map(|_| rng.below(256) as u8).collect();
    let mut fake_header = b"SQLite format 3\0".to_vec();
    fake_header.extend((0..4080).map(|_| rng.below(256) as u8));
    let shapes: [(&str, Vec<u8>); 4] = [
        ("random bytes", random),
        ("an SQLite header over garbage", fake_header),
        ("six bytes of text", b"hello\n".to_vec()),
        ("two pages of zeros", vec![0; 8192]),
    ];
    let mut tried = 0;
    for (shape, bytes) in shapes {
        let env = Env::sqlite();
        fs::write(env.db(), &bytes).expect("write the file");
        eprintln!("faults: {shape}");
        tried +=
            assert_every_command_refused(&env, &format!("{} is not a database", quoted(env.db())));
    }
    eprintln!("faults: files that are not databases: {tried} commands refused");
}

#[test]
fn a_directory_in_place_of_the_database_is_refused_by_every_command_and_left_empty_sqlite_only() {
    let env = Env::sqlite();
    fs::create_dir(env.db()).expect("create the directory");
    let tried = assert_every_command_refused(
        &env,
        &format!("{} is a directory, not a database file", quoted(env.db())),
    );
    assert_eq!(fs::read_dir(env.db()).expect("list it").count(), 0);
    eprintln!("faults: a directory: {tried} commands refused");
}

#[test]
fn a_database_made_by_a_newer_countiq_is_refused_by_every_command_and_left_untouched_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 4);
    let newer = countiq::db::LATEST_VERSION + 1;
    Connection::open(env.db())
        .expect("open the database")
        .pragma_update(None, "user_version", newer)
        .expect("set a newer schema version");
    let tried = assert_every_command_refused(
        &env,
        &format!(
            "{} was made by a newer countiq (schema version {newer}; this countiq knows up to {})",
            quoted(env.db()),
            countiq::db::LATEST_VERSION
        ),
    );
    eprintln!("faults: a newer schema: {tried} commands refused");
}

/// A mount made for one test, undone when dropped.
struct Mount {
    point: PathBuf,
}

/// Runs `mount ARGS`; the error says why it could not.
fn mount(args: &[&OsStr]) -> Result<(), String> {
    let output = Command::new("mount")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run mount: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "mount {args:?} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

impl Mount {
    /// A `size`-byte tmpfs over `point`: a small disk that fills quickly.
    fn tmpfs(point: &Path, size: &str) -> Result<Self, String> {
        let options = format!("size={size}");
        mount(&[
            "-t".as_ref(),
            "tmpfs".as_ref(),
            "-o".as_ref(),
            options.as_ref(),
            "tmpfs".as_ref(),
            point.as_os_str(),
        ])?;
        Ok(Self {
            point: point.to_owned(),
        })
    }

    /// `dir` bound over itself, read-only: root ignores file permissions,
    /// but not a read-only mount.
    fn read_only(dir: &Path) -> Result<Self, String> {
        mount(&["--bind".as_ref(), dir.as_os_str(), dir.as_os_str()])?;
        let bound = Self {
            point: dir.to_owned(),
        };
        mount(&["-o".as_ref(), "remount,bind,ro".as_ref(), dir.as_os_str()])?;
        Ok(bound)
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(&self.point)
            .status()
            .is_ok_and(|s| s.success());
        if !unmounted {
            // Busy: detach it now, the kernel finishes when it can.
            let lazy = Command::new("umount").arg("-l").arg(&self.point).status();
            eprintln!(
                "umount {} failed; lazy umount: {lazy:?}",
                self.point.display()
            );
        }
    }
}

/// The mount, or `None` after saying why the test skips. With
/// `COUNTIQ_REQUIRE_MOUNTS` set, a mount that fails fails the test.
fn mounted_or_skip(mount: Result<Mount, String>) -> Option<Mount> {
    match mount {
        Ok(mount) => Some(mount),
        Err(why) => {
            assert!(
                std::env::var_os("COUNTIQ_REQUIRE_MOUNTS").is_none(),
                "COUNTIQ_REQUIRE_MOUNTS is set but {why}"
            );
            eprintln!("skipping: {why} (run as root to test this)");
            None
        }
    }
}

/// Fills the file system holding `dir` with one file, and returns its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = fs::File::create(&path).expect("create the filler file");
    for chunk in [65_536, 4096, 512, 1] {
        let bytes = vec![0xA5_u8; chunk];
        loop {
            match file.write(&bytes) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::StorageFull => break,
                Err(e) => panic!("cannot fill the disk: {e}"),
            }
        }
    }
    path
}

/// Asserts a command that met a full disk failed as the contract allows:
/// exit 1 (an I/O failure) or 7 (cannot write the database), one error
/// line, never a panic.
#[track_caller]
fn assert_failed_cleanly(run: &Run) {
    assert!(matches!(run.code, Some(1 | 7)), "{run}");
    if run.stderr.starts_with('{') {
        let error = run.json_error();
        assert_eq!(error["error"]["exit_code"], json!(run.code), "{run}");
    } else {
        assert!(
            run.stderr.starts_with("countiq: error: ") && run.stderr.lines().count() == 1,
            "{run}"
        );
    }
}

#[test]
fn writes_on_a_full_disk_fail_cleanly_and_change_nothing_sqlite_only() {
    let env = Env::sqlite();
    let Some(_disk) = mounted_or_skip(Mount::tmpfs(env.dir(), "256k")) else {
        return;
    };
    env.add("milk", 4);
    env.add("bread", 2);
    env.run(&["adjust", "milk", "-1"]).success();
    let state = env.state();
    let before = snapshot(env.db());
    let filler = fill(env.dir());
    let mut codes = Vec::new();
    for (args, stdin) in WRITES {
        let run = run(&env, args, *stdin);
        // The WAL is kept between processes, so a write can open the
        // database and find a conflict before it needs any room.
        if run.code == Some(4) {
            assert!(run.stderr.contains("already exists"), "{run}");
        } else {
            assert_failed_cleanly(&run);
        }
        assert!(snapshot(env.db()).0 == before.0, "the file changed\n{run}");
        codes.push(run.code);
    }
    // Reading needs room for SQLite's shared-memory file: a read may fail
    // on a full disk too, but only cleanly, and never with wrong data.
    let read = env.run(&["--json", "list"]);
    match read.code {
        Some(0) => assert_eq!(read.json(), state["items"], "{read}"),
        _ => assert_failed_cleanly(&read),
    }
    fs::remove_file(filler).expect("free the disk");
    assert_eq!(env.state(), state);
    env.assert_consistent();
    env.add("eggs", 12);
    eprintln!(
        "faults: full disk: {} writes refused with exit codes {codes:?}; a read exited {:?}",
        codes.len(),
        read.code
    );
}

#[test]
fn an_import_that_fills_the_disk_half_way_imports_nothing_sqlite_only() {
    let env = Env::sqlite();
    let Some(_disk) = mounted_or_skip(Mount::tmpfs(env.dir(), "256k")) else {
        return;
    };
    env.add("milk", 4);
    let state = env.state();
    let before = fs::read(env.db()).expect("read the database");
    let run = env.run_with_stdin(&["import", "-"], &import_rows("row ", 3000));
    assert_failed_cleanly(&run);
    assert!(
        fs::read(env.db()).expect("read the database") == before,
        "the file changed\n{run}"
    );
    assert_eq!(env.state(), state);
    env.assert_consistent();
    // The space the failed import used is free again.
    env.run_with_stdin(&["-q", "import", "-"], &import_rows("row ", 100))
        .success();
    eprintln!(
        "faults: an import that fills the disk: exit {:?}, nothing imported",
        run.code
    );
}

#[test]
fn a_new_database_on_a_full_disk_fails_cleanly_and_works_once_there_is_room_sqlite_only() {
    let env = Env::sqlite();
    let Some(_disk) = mounted_or_skip(Mount::tmpfs(env.dir(), "256k")) else {
        return;
    };
    let filler = fill(env.dir());
    let run = env.run(&["add", "milk"]);
    assert_failed_cleanly(&run);
    fs::remove_file(filler).expect("free the disk");
    // At most an empty file is left, which reads as an empty inventory.
    assert_eq!(env.ok(&["--json", "list"]), "[]\n");
    env.add("milk", 1);
    env.assert_consistent();
    eprintln!("faults: a new database on a full disk: exit {:?}", run.code);
}

#[test]
fn writes_to_a_read_only_database_exit_7_and_leave_it_untouched_sqlite_only() {
    // With the WAL its last write left, and checkpointed into the file alone.
    for checkpointed in [false, true] {
        let env = Env::sqlite();
        env.add("milk", 4);
        if checkpointed {
            checkpoint_and_close(env.db());
        }
        let state = env.state();
        let Some(read_only) = mounted_or_skip(Mount::read_only(env.dir())) else {
            return;
        };
        // Whether SQLite refuses at open (no WAL) or at BEGIN (a WAL),
        // the user hears that the storage is read-only.
        let expected = format!(
            "countiq: error: {} is on read-only storage: it can be read, not written\n",
            quoted(env.db())
        );
        let before = snapshot(env.db());
        for (args, stdin) in WRITES {
            let run = run(&env, args, *stdin).code(7);
            assert_eq!(run.stderr, expected, "{run}");
            assert!(snapshot(env.db()) == before, "the file changed\n{run}");
        }
        drop(read_only);
        assert_eq!(env.state(), state);
    }
    eprintln!(
        "faults: a read-only database: {} writes refused, twice",
        WRITES.len()
    );
}

#[test]
fn a_read_only_directory_with_a_non_empty_wal_and_its_shm_lists_every_item_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 4);
    env.add("bread", 2);
    env.run(&["adjust", "milk", "+3"]).success();
    let wal = fs::metadata(env.dir().join("inventory.db-wal")).expect("the -wal is kept");
    assert!(wal.len() > 0, "the -wal is empty");
    assert!(env.dir().join("inventory.db-shm").exists(), "no -shm");
    let items = env.items();
    assert_eq!(items.as_array().map(Vec::len), Some(2));
    let Some(_ro) = mounted_or_skip(Mount::read_only(env.dir())) else {
        return;
    };
    let before = snapshot(env.db());
    assert_eq!(env.items(), items);
    assert_eq!(env.history_of("alice").as_array().map(Vec::len), Some(3));
    assert!(snapshot(env.db()) == before, "the files changed");
}

#[test]
fn a_read_only_directory_with_a_non_empty_wal_but_no_shm_is_refused_saying_so_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 4);
    fs::remove_file(env.dir().join("inventory.db-shm")).expect("remove the -shm");
    let Some(_ro) = mounted_or_skip(Mount::read_only(env.dir())) else {
        return;
    };
    let before = snapshot(env.db());
    for args in [&["list"][..], &["adjust", "milk", "+1"]] {
        let run = env.run(args).code(7);
        assert_eq!(
            run.stderr,
            format!(
                "countiq: error: {} has a non-empty -wal file but no -shm file, on read-only \
                 storage: it cannot be read without missing committed changes\n",
                quoted(env.db())
            ),
            "{run}"
        );
        assert!(snapshot(env.db()) == before, "the files changed\n{run}");
    }
}

#[test]
fn a_read_only_database_can_still_be_listed_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 4);
    let items = env.items();
    let Some(_ro) = mounted_or_skip(Mount::read_only(env.dir())) else {
        return;
    };
    assert_eq!(env.items(), items);
    assert_eq!(env.history_of("alice").as_array().map(Vec::len), Some(1));
}

#[test]
fn doctor_reads_a_database_on_read_only_storage_and_says_how_sqlite_only() {
    for checkpointed in [false, true] {
        let env = Env::sqlite();
        env.add("milk", 4);
        if checkpointed {
            checkpoint_and_close(env.db());
        }
        let before = snapshot(env.db());
        let Some(_ro) = mounted_or_skip(Mount::read_only(env.dir())) else {
            return;
        };
        let report = env.json(&["doctor"]);
        assert_eq!(report["problems"], serde_json::json!([]), "{report}");
        assert_eq!(report["integrity_check"], "ok", "{report}");
        assert_eq!(report["owners"][0]["items"], 1, "{report}");
        let opened = report["opened"].as_str().unwrap_or_default();
        if checkpointed {
            assert!(opened.starts_with("immutable"), "{report}");
        } else {
            assert_eq!(opened, "read-only", "{report}");
        }
        assert!(snapshot(env.db()) == before, "doctor changed the files");
    }
}

#[test]
fn a_read_only_database_in_use_elsewhere_can_be_listed_but_refuses_writes_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 4);
    let items = env.items();
    // A reader that keeps the database open keeps its -wal and -shm files,
    // which a read-only view of the directory then shows.
    let reader = Connection::open(env.db()).expect("open the database");
    let n: i64 = reader
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .expect("read the items");
    assert_eq!(n, 1);
    let Some(_ro) = mounted_or_skip(Mount::read_only(env.dir())) else {
        return;
    };
    assert_eq!(env.items(), items);
    let before = fs::read(env.db()).expect("read the database");
    for (args, stdin) in WRITES {
        let run = run(&env, args, *stdin).code(7);
        assert_eq!(
            run.stderr,
            format!(
                "countiq: error: {} is on read-only storage: it can be read, not written\n",
                quoted(env.db())
            ),
            "{run}"
        );
        assert!(
            fs::read(env.db()).expect("read the database") == before,
            "the file changed\n{run}"
        );
    }
    assert_eq!(env.items(), items);
    eprintln!(
        "faults: a read-only database in use: list works, {} writes refused",
        WRITES.len()
    );
}

/// What each command does when the default database location's directory
/// is missing and cannot be created (`XDG_DATA_HOME` is `data_home`): the
/// commands that would create the database fail with exit 7 and `message`;
/// the rest find nothing (exit 0 with an empty result, or 3) and create
/// nothing. Returns how many commands ran.
fn assert_missing_parent(env: &Env, data_home: &Path, message: &str) -> usize {
    let db = data_home.join("countiq/countiq.db");
    let mut ran = 0;
    for (args, stdin) in every_command() {
        let mut cmd = env.command(args);
        cmd.env_remove("COUNTIQ_DB").env("XDG_DATA_HOME", data_home);
        let run = env.run_command(cmd, *stdin);
        let creates = args
            .iter()
            .any(|a| matches!(*a, "add" | "import" | "apply"));
        let finds_nothing = matches!(
            *args,
            ["history" | "show", "milk"]
                | [
                    "remove" | "rename" | "edit" | "adjust" | "set" | "count" | "undo",
                    ..
                ]
        );
        if creates {
            let run = run.code(7);
            assert_eq!(run.stderr, format!("countiq: error: {message}\n"), "{run}");
        } else if finds_nothing {
            run.code(3);
        } else {
            let run = run.success();
            assert!(
                matches!(run.stdout.as_str(), "" | "[]\n"),
                "an empty result expected\n{run}"
            );
        }
        ran += 1;
    }
    assert!(
        !db.exists(),
        "{} was created by a failed command",
        db.display()
    );
    ran
}

/// A database path the user gave (`--db`) in a directory that does not
/// exist: every command, reads included, is exit 7 and creates nothing.
fn assert_explicit_path_in_a_missing_directory(env: &Env, db: &Path) -> usize {
    let path = db.to_str().expect("a UTF-8 path");
    let mut ran = 0;
    for (args, stdin) in every_command() {
        let mut all = vec!["--db", path];
        all.extend_from_slice(args);
        let run = run(env, &all, *stdin).code(7);
        let why = format!(
            "{} cannot be used: its directory does not exist",
            quoted(db)
        );
        assert!(
            run.stderr.contains(&why) || run.stderr.contains(&why.replace('"', "\\\"")),
            "{run}"
        );
        ran += 1;
    }
    assert!(!db.exists(), "{} was created", db.display());
    ran
}

#[test]
fn a_parent_directory_blocked_by_a_file_fails_every_creating_command_with_exit_7_sqlite_only() {
    let env = Env::sqlite();
    let blocker = env.dir().join("file");
    fs::write(&blocker, "x").expect("write the blocking file");
    let ran =
        assert_missing_parent(
            &env,
            &blocker.join("sub"),
            &format!(
                "cannot create directory {}: Not a directory (os error 20)",
                quoted(&blocker.join("sub/countiq"))
            ),
        ) + assert_explicit_path_in_a_missing_directory(&env, &blocker.join("sub/inventory.db"));
    assert_eq!(
        fs::read(&blocker).expect("read the blocking file"),
        b"x",
        "the blocking file changed"
    );
    eprintln!("faults: a parent blocked by a file: {ran} commands");
}

#[test]
fn a_parent_on_a_read_only_file_system_fails_every_creating_command_with_exit_7_sqlite_only() {
    let env = Env::sqlite();
    let Some(_ro) = mounted_or_skip(Mount::read_only(env.dir())) else {
        return;
    };
    let parent = env.dir().join("new/sub");
    let ran = assert_missing_parent(
        &env,
        &parent,
        &format!(
            "cannot create directory {}: Read-only file system (os error 30)",
            quoted(&parent.join("countiq"))
        ),
    ) + assert_explicit_path_in_a_missing_directory(&env, &parent.join("inventory.db"));
    // The database file itself on a read-only file system.
    let run = env.run(&["add", "milk"]).code(7);
    assert_eq!(
        run.stderr,
        format!(
            "countiq: error: {} cannot be created: Read-only file system (os error 30)\n",
            quoted(env.db())
        )
    );
    assert_eq!(env.ok(&["--json", "list"]), "[]\n");
    assert!(!env.db().exists());
    eprintln!(
        "faults: a parent on a read-only file system: {} commands",
        ran + 2
    );
}

#[test]
fn the_json_error_form_reports_every_refusal_as_kind_database_sqlite_only() {
    // One check of the JSON form per fault kind, so that scripts reading
    // `error.kind` see the same thing the exit code says.
    let env = Env::sqlite();
    fs::create_dir(env.db()).expect("create the directory");
    let run = env.run(&["--json", "add", "milk"]).code(7);
    assert_eq!(
        run.json_error(),
        json!({"error": {
            "kind": "database",
            "message": format!("{} is a directory, not a database file", quoted(env.db())),
            "exit_code": 7
        }})
    );
    let env = stocked(10);
    let cut = fs::read(env.db()).expect("read the database");
    fs::write(env.db(), &cut[..cut.len() / 2]).expect("cut the file");
    let run = env.run(&["--format", "ndjson", "list"]).code(7);
    assert_eq!(run.json_error()["error"]["kind"], "database", "{run}");
}
