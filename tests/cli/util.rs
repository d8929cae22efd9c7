//! The harness every CLI test uses: its own temporary directory and
//! database, the real `countiq` binary, a clean environment, and failure
//! messages that show the command, exit code, stdout and stderr.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::{self, Output};

use serde_json::{Value, json};
use tempfile::TempDir;

/// Environment variables that would leak the developer's own settings into a test.
const CLEARED: &[&str] = &[
    "COUNTIQ_DB",
    "COUNTIQ_OWNER",
    "COUNTIQ_FORMAT",
    "COUNTIQ_LOG",
    "COUNTIQ_BUSY_TIMEOUT",
    "USER",
    "LOGNAME",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "COUNTIQ_CONFIG",
    "COUNTIQ_COLOR",
    "COUNTIQ_LOG_FORMAT",
    "NO_COLOR",
];

/// The path of the binary under test.
pub fn binary() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("countiq")
}

/// One test's world: a temporary directory holding its database.
pub struct Env {
    dir: TempDir,
    db: PathBuf,
}

impl Env {
    /// A new directory with no database in it yet.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = dir.path().join("inventory.db");
        Self { dir, db }
    }

    /// The temporary directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database path every command gets through `COUNTIQ_DB`.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// A `countiq` command with only this test's settings: `COUNTIQ_DB`,
    /// owner `alice`, and `HOME` inside the temporary directory.
    pub fn command(&self, args: &[&str]) -> process::Command {
        let mut cmd = process::Command::new(binary());
        for var in CLEARED {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.dir())
            .env("COUNTIQ_DB", &self.db)
            .env("COUNTIQ_OWNER", "alice")
            .current_dir(self.dir())
            .args(args);
        cmd
    }

    /// Runs `countiq ARGS` to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_command(self.command(args), None)
    }

    /// Runs a prepared command (extra environment, say) to completion, in
    /// this test's directory, with `stdin` as its standard input.
    pub fn run_command(&self, mut cmd: process::Command, stdin: Option<&str>) -> Run {
        cmd.current_dir(self.dir());
        let mut cmd = assert_cmd::Command::from_std(cmd);
        if let Some(input) = stdin {
            cmd.write_stdin(input.to_owned());
        }
        let description = format!("{cmd:?}");
        let output = cmd.output().expect("countiq runs");
        Run::new(description, &output)
    }

    /// Runs `countiq ARGS` with `stdin` piped to its standard input.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        self.run_command(self.command(args), Some(stdin))
    }

    /// Writes `contents` to the file `name` in the test's directory. Every
    /// command runs there, so `name` itself is a path a command can take.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) {
        std::fs::write(self.dir().join(name), contents)
            .unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    }

    /// Runs `countiq ARGS`, asserts it succeeded, and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        self.run(args).success().stdout
    }

    /// Runs `countiq --json ARGS`, asserts success, and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        self.run(&all).success().json()
    }

    /// The state as a later `list` sees it, for one owner: every field of
    /// every item, in the default order.
    pub fn items_of(&self, owner: &str) -> Value {
        self.json(&["list", "--owner", owner])
    }

    /// Alice's items.
    pub fn items(&self) -> Value {
        self.items_of("alice")
    }

    /// Adds an item for alice and returns it as JSON.
    pub fn add(&self, name: &str, qty: u64) -> Value {
        self.json(&["add", name, "--qty", &qty.to_string()])
    }

    /// Runs `countiq ARGS` as the OS user `user` (`$USER`), whom the ledger
    /// records as the actor.
    pub fn run_as(&self, user: &str, args: &[&str]) -> Run {
        let mut cmd = self.command(args);
        cmd.env("USER", user);
        self.run_command(cmd, None)
    }

    /// An owner's whole history as `history --json` prints it, newest first.
    pub fn history_of(&self, owner: &str) -> Value {
        self.json(&["history", "--owner", owner])
    }

    /// What a failed command must leave exactly as it was: an owner's items
    /// and history.
    pub fn state_of(&self, owner: &str) -> Value {
        json!({"items": self.items_of(owner), "history": self.history_of(owner)})
    }

    /// Alice's items and history.
    pub fn state(&self) -> Value {
        self.state_of("alice")
    }
}

/// True when `text` looks like `2026-11-25T17:29:10.123Z`.
pub fn is_rfc3339_utc_millis(text: &str) -> bool {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:dd.dddZ";
    text.len() == SHAPE.len()
        && text.bytes().zip(SHAPE).all(|(c, &s)| match s {
            b'd' => c.is_ascii_digit(),
            _ => c == s,
        })
}

/// A finished run of `countiq`.
pub struct Run {
    description: String,
    /// The exit code (`None` if a signal ended the process).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// A run described by `description`, from its output.
    pub fn from_output(description: String, output: &Output) -> Self {
        Self::new(description, output)
    }

    fn new(description: String, output: &Output) -> Self {
        Self {
            description,
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts exit code 0.
    #[track_caller]
    pub fn success(self) -> Self {
        self.code(0)
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(self.code, Some(expected), "unexpected exit code\n{self}");
        self
    }

    /// Stdout parsed as one JSON document.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{self}"))
    }

    /// Stdout parsed as NDJSON: one JSON value per line.
    #[track_caller]
    pub fn ndjson(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("line {line:?} is not JSON: {e}\n{self}"))
            })
            .collect()
    }

    /// Stderr parsed as the JSON error form; asserts it is exactly one line.
    #[track_caller]
    pub fn json_error(&self) -> Value {
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "one error line expected\n{self}"
        );
        serde_json::from_str(&self.stderr)
            .unwrap_or_else(|e| panic!("stderr is not a JSON error: {e}\n{self}"))
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "command: {}\nexit code: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.description, self.code, self.stdout, self.stderr
        )
    }
}

/// Holds SQLite's write lock on a test's database until dropped, as a
/// long-running writer in another process would.
pub struct WriteLock {
    conn: rusqlite::Connection,
}

impl WriteLock {
    /// Takes the lock (`BEGIN IMMEDIATE`) on `env`'s database.
    pub fn take(env: &Env) -> Self {
        let conn = rusqlite::Connection::open(env.db()).expect("open the test database");
        conn.execute_batch("BEGIN IMMEDIATE")
            .expect("take the write lock");
        Self { conn }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        self.conn
            .execute_batch("ROLLBACK")
            .expect("release the write lock");
    }
}

/// True when the long variants of the crash and soak tests run
/// (`COUNTIQ_LONG_TESTS` is set, as CI should); a plain `cargo test` keeps
/// them to a few seconds each.
pub fn long_tests() -> bool {
    std::env::var_os("COUNTIQ_LONG_TESTS").is_some()
}

/// A small seeded pseudo-random generator (xorshift64*): enough to pick
/// commands and kill moments, and repeatable from the seed it prints.
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded from `COUNTIQ_SEED` when set, else from the clock.
    /// Prints the seed, so a failing run can be repeated exactly as far as
    /// the random choices go.
    pub fn from_env(test: &str) -> Self {
        let seed = match std::env::var("COUNTIQ_SEED") {
            Ok(given) => given
                .parse()
                .unwrap_or_else(|e| panic!("COUNTIQ_SEED={given:?} is not a number: {e}")),
            Err(_) => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("the clock is after 1970")
                .as_nanos() as u64,
        };
        eprintln!("{test}: seed {seed} (repeat with COUNTIQ_SEED={seed})");
        Self::new(seed)
    }

    /// A generator with a fixed seed.
    pub fn new(seed: u64) -> Self {
        // xorshift never leaves 0; any other start is as good as the next.
        let state = seed ^ 0x9E37_79B9_7F4A_7C15;
        Self {
            state: if state == 0 { 1 } else { state },
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// `n` import rows as NDJSON: `{"name":"PREFIX<i>","quantity":<i>}` for
/// each `i` in `0..n`.
pub fn import_rows(prefix: &str, n: u64) -> String {
    let mut rows = String::new();
    for i in 0..n {
        writeln!(rows, r#"{{"name":"{prefix}{i}","quantity":{i}}}"#).expect("write to a string");
    }
    rows
}

/// Copies every committed change from the `-wal` into the database file
/// and removes the `-wal` and `-shm`, as SQLite does when the last
/// connection closes (CountIQ's own connections leave the WAL in place).
pub fn checkpoint_and_close(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("open the database");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    })
    .expect("checkpoint the database");
    conn.close().expect("close the database");
}

/// `PRAGMA integrity_check` of the database at `path`: `"ok"` when sound,
/// else SQLite's list of problems, one per line, or the error that stopped
/// the check.
pub fn integrity_check(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("open the database to check it");
    let check = || -> rusqlite::Result<Vec<String>> {
        conn.prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect()
    };
    match check() {
        Ok(lines) => lines.join("\n"),
        Err(e) => format!("the integrity check failed: {e}"),
    }
}

impl Env {
    /// The test's database as the library opens it.
    pub fn store(&self) -> countiq::db::Store {
        countiq::db::Store::new(self.db.clone(), std::time::Duration::from_secs(10))
    }

    /// Asserts the database is sound: SQLite's integrity check passes and
    /// replaying the whole ledger gives exactly the items table.
    #[track_caller]
    pub fn assert_consistent(&self) {
        assert_eq!(integrity_check(self.db()), "ok", "integrity check");
        let store = self.store();
        let replayed = countiq::service::replay_all(&store).expect("replay the ledger");
        let current = countiq::service::current_items(&store).expect("read the items");
        assert_eq!(
            replayed, current,
            "the ledger does not replay to the items table"
        );
    }
}
