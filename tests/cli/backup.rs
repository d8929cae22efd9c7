//! `backup`: a consistent one-file copy, made while others write. The copy
//! is a SQLite file whatever the backend, so these tests look at it on both.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::util::{Backend, Env, integrity_check};

const WRITERS: usize = 4;

fn open_copy(path: &std::path::Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open the copy")
}

#[test]
fn a_backup_made_while_four_processes_keep_adjusting_is_one_consistent_moment() {
    let env = Env::new();
    for w in 0..WRITERS {
        env.add(&format!("item {w}"), 0);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let mut cmd = env.command(&["-q", "adjust", &format!("item {w}"), "+1"]);
            cmd.stdout(Stdio::null());
            let stop = Arc::clone(&stop);
            let program = cmd.get_program().to_owned();
            let args: Vec<_> = cmd.get_args().map(ToOwned::to_owned).collect();
            let envs: Vec<_> = cmd
                .get_envs()
                .map(|(k, v)| (k.to_owned(), v.map(ToOwned::to_owned)))
                .collect();
            let dir = env.dir().to_owned();
            thread::spawn(move || {
                let mut done = 0_u64;
                while !stop.load(Ordering::Relaxed) {
                    let mut cmd = std::process::Command::new(&program);
                    cmd.args(&args).current_dir(&dir).stdout(Stdio::null());
                    for (k, v) in &envs {
                        match v {
                            Some(v) => cmd.env(k, v),
                            None => cmd.env_remove(k),
                        };
                    }
                    assert!(cmd.status().expect("run adjust").success());
                    done += 1;
                }
                done
            })
        })
        .collect();
    thread::sleep(Duration::from_millis(300));
    let copies: Vec<_> = (0..3)
        .map(|i| {
            let dest = env.dir().join(format!("copy-{i}.db"));
            env.run(&["backup", dest.to_str().expect("UTF-8")])
                .success();
            thread::sleep(Duration::from_millis(100));
            dest
        })
        .collect();
    stop.store(true, Ordering::Relaxed);
    let done: Vec<u64> = writers
        .into_iter()
        .map(|w| w.join().expect("a writer"))
        .collect();
    assert!(
        done.iter().all(|&n| n > 0),
        "writers made {done:?} adjustments"
    );
    for dest in &copies {
        assert_eq!(integrity_check(dest), "ok", "{}", dest.display());
        assert!(
            !dest
                .with_file_name(format!(
                    "{}-wal",
                    dest.file_name().unwrap().to_string_lossy()
                ))
                .exists(),
            "a -wal beside the copy"
        );
        let copy = open_copy(dest);
        for (w, &made) in done.iter().enumerate() {
            let (quantity, adjusts): (i64, i64) = copy
                .query_row(
                    "SELECT i.quantity, (SELECT count(*) FROM events e \
                     WHERE e.item_id = i.id AND e.kind = 'adjust') \
                     FROM items i WHERE i.name = ?1",
                    [format!("item {w}")],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("every item is in the copy");
            // Every adjustment is +1: the level and the ledger agree, and
            // the copy holds no more than the writers made.
            assert_eq!(quantity, adjusts, "item {w} in {}", dest.display());
            assert!(u64::try_from(quantity).unwrap() <= made, "item {w}");
        }
    }
    eprintln!("backup: 3 copies while {WRITERS} writers made {done:?} adjustments");
}

#[test]
fn a_backup_is_private_complete_and_reported() {
    let env = Env::new();
    env.add("milk", 4);
    env.add("bread", 2);
    let run = env.run(&["backup", "copy.db"]).success();
    let dest = env.dir().join("copy.db");
    assert_eq!(run.stdout, "backed up 2 items of 1 owners to copy.db\n");
    assert_eq!(
        fs::metadata(&dest).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(integrity_check(&dest), "ok");
    let journal: String = open_copy(&dest)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "delete");
    let json = env
        .run(&["--json", "backup", "--force", "copy.db"])
        .success()
        .json();
    assert_eq!(json["dest"], "copy.db");
    assert_eq!(json["bytes"], fs::metadata(&dest).unwrap().len());
    assert!(json["pages"].as_u64().is_some_and(|p| p > 0), "{json}");
    let names: Vec<String> = fs::read_dir(env.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("copy.db"))
        .collect();
    assert_eq!(names, ["copy.db"]);
}

#[test]
fn an_existing_destination_is_exit_4_and_left_untouched_unless_forced() {
    let env = Env::new();
    env.add("milk", 4);
    env.write("copy.db", "precious");
    let run = env.run(&["backup", "copy.db"]).code(4);
    assert_eq!(
        run.stderr,
        "countiq: error: \"copy.db\" already exists; pass --force to overwrite it\n"
    );
    assert_eq!(fs::read(env.dir().join("copy.db")).unwrap(), b"precious");
    env.run(&["backup", "--force", "copy.db"]).success();
    let copy = open_copy(&env.dir().join("copy.db"));
    let name: String = copy
        .query_row("SELECT name FROM items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "milk");
}

#[test]
fn a_backup_with_no_database_is_exit_7_and_creates_nothing() {
    let env = Env::new();
    let run = env.run(&["backup", "copy.db"]).code(7);
    let at = match env.backend() {
        Backend::Sqlite => format!("{:?}", env.shown_db()),
        Backend::Postgres => env.shown_db(),
    };
    assert_eq!(run.stderr, format!("countiq: error: no database at {at}\n"));
    assert!(!env.has_database());
    assert!(!env.dir().join("copy.db").exists());
}
