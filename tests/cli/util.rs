//! The harness every CLI test uses: its own temporary directory and
//! database, the real `countiq` binary, a clean environment, and failure
//! messages that show the command, exit code, stdout and stderr.
//!
//! The database is a SQLite file in the test's directory, or, when
//! `COUNTIQ_TEST_BACKEND=postgres`, a PostgreSQL schema of the test's own
//! on the server `COUNTIQ_TEST_POSTGRES` names, dropped when the test ends.
//! A test about files (modes, damaged pages, mounts, the WAL, the default
//! location) uses [`Env::sqlite`] and ends its name in `_sqlite_only`: the
//! PostgreSQL run skips it by that name.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::{self, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use tempfile::TempDir;

/// Environment variables that would leak the developer's own settings into
/// a test: CountIQ's own, the OS user, the default locations, and libpq's,
/// which fill in what a PostgreSQL URL leaves out.
const CLEARED: &[&str] = &[
    "COUNTIQ_DB",
    "COUNTIQ_OWNER",
    "COUNTIQ_FORMAT",
    "COUNTIQ_LOG",
    "COUNTIQ_BUSY_TIMEOUT",
    "COUNTIQ_PG_SCHEMA",
    "USER",
    "LOGNAME",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "COUNTIQ_CONFIG",
    "COUNTIQ_COLOR",
    "COUNTIQ_LOG_FORMAT",
    "NO_COLOR",
    "PGHOST",
    "PGPORT",
    "PGUSER",
    "PGPASSWORD",
    "PGDATABASE",
    "PGSSLMODE",
    "PGSSLROOTCERT",
    "PGCONNECT_TIMEOUT",
    "PGAPPNAME",
    "PGPASSFILE",
];

/// The variable that chooses the backend: `sqlite` (the default) or `postgres`.
pub const BACKEND_VARIABLE: &str = "COUNTIQ_TEST_BACKEND";

/// The variable that names the PostgreSQL server: a `postgres://` URL of a
/// role that may create schemas in its database (not a superuser, so that
/// permission checks are real). The tests' own connections, which set up
/// and drop schemas, do not use TLS, so the server must accept them without.
pub const POSTGRES_VARIABLE: &str = "COUNTIQ_TEST_POSTGRES";

/// The marker in the name of every test that only makes sense for a
/// SQLite file; the PostgreSQL run skips the tests whose names contain it.
pub const SQLITE_ONLY: &str = "_sqlite_only";

/// The path of the binary under test.
pub fn binary() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("countiq")
}

/// What the tests run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the test's directory.
    Sqlite,
    /// A schema of the test's own on the PostgreSQL server.
    Postgres,
}

impl Backend {
    /// The backend `COUNTIQ_TEST_BACKEND` chooses for this run.
    pub fn of_this_run() -> Self {
        match std::env::var(BACKEND_VARIABLE).as_deref() {
            Err(std::env::VarError::NotPresent) | Ok("" | "sqlite") => Self::Sqlite,
            Ok("postgres") => Self::Postgres,
            other => panic!("{BACKEND_VARIABLE}={other:?}: expected sqlite or postgres"),
        }
    }
}

/// The PostgreSQL server's URL, if `COUNTIQ_TEST_POSTGRES` names one.
pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_VARIABLE)
        .ok()
        .filter(|url| !url.is_empty())
}

/// A connection to the test server, for setting up and inspecting a test's
/// schema from outside CountIQ.
pub fn postgres_client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to {POSTGRES_VARIABLE}: {e}"))
}

/// `name` quoted as a PostgreSQL identifier.
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The actor the ledger records for a command run as the OS user
/// `os_user`: that user on SQLite, the database login role on PostgreSQL.
pub fn actor(os_user: &str) -> String {
    match Backend::of_this_run() {
        Backend::Sqlite => os_user.to_owned(),
        Backend::Postgres => login_role(&server_url()),
    }
}

/// The role a PostgreSQL URL logs in as.
fn login_role(url: &str) -> String {
    let config: postgres::Config = url
        .parse()
        .unwrap_or_else(|e| panic!("{POSTGRES_VARIABLE} is not a PostgreSQL URL: {e}"));
    config
        .get_user()
        .unwrap_or_else(|| panic!("{POSTGRES_VARIABLE} must name the role to log in as"))
        .to_owned()
}

/// The server's URL, which a PostgreSQL run cannot do without.
fn server_url() -> String {
    postgres_url().unwrap_or_else(|| {
        panic!("{BACKEND_VARIABLE}=postgres needs {POSTGRES_VARIABLE}, a postgres:// URL")
    })
}

/// A uniquely named PostgreSQL schema for one test. CountIQ creates it on
/// the first write; dropping this drops it with everything in it.
struct Schema {
    url: String,
    name: String,
}

impl Schema {
    /// A fresh name: the process id and a counter keep the tests of one
    /// run apart, the clock keeps runs apart.
    fn new(url: String) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("the clock is after 1970")
            .subsec_nanos();
        let name = format!(
            "t_{}_{}_{nanos}",
            process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Self { url, name }
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let sql = format!(
            "DROP SCHEMA IF EXISTS {} CASCADE",
            quote_identifier(&self.name)
        );
        let dropped = postgres::Client::connect(&self.url, postgres::NoTls)
            .and_then(|mut client| client.batch_execute(&sql));
        if let Err(e) = dropped {
            // Not a panic: this may run while a failed test unwinds.
            eprintln!("cannot drop the test schema {}: {e}", self.name);
        }
    }
}

/// Where a test's data lives.
enum Database {
    /// This SQLite file (there may be no file yet).
    File(PathBuf),
    /// This schema on the test server (it may not exist yet).
    Schema(Schema),
}

/// One test's world: a temporary directory, which every command runs in,
/// and its own database.
pub struct Env {
    dir: TempDir,
    database: Database,
}

impl Env {
    /// A new directory and a database of the run's backend with nothing in
    /// it yet.
    pub fn new() -> Self {
        match Backend::of_this_run() {
            Backend::Sqlite => Self::sqlite_file(),
            Backend::Postgres => Self {
                dir: tempfile::tempdir().expect("temporary directory"),
                database: Database::Schema(Schema::new(server_url())),
            },
        }
    }

    /// A new directory and a SQLite file in it (not yet created), whatever
    /// the run's backend: for a test about files, whose name must say so.
    #[track_caller]
    pub fn sqlite() -> Self {
        // libtest runs each test on a thread named after it; a helper
        // thread has no name.
        if let Some(test) = std::thread::current().name() {
            assert!(
                test == "main" || test.contains(SQLITE_ONLY),
                "{test} uses a SQLite file only, so its name must contain {SQLITE_ONLY:?} \
                 (the PostgreSQL run skips such tests by name)"
            );
        }
        Self::sqlite_file()
    }

    fn sqlite_file() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let file = dir.path().join("inventory.db");
        Self {
            dir,
            database: Database::File(file),
        }
    }

    /// The backend this test's database is on.
    pub fn backend(&self) -> Backend {
        match self.database {
            Database::File(_) => Backend::Sqlite,
            Database::Schema(_) => Backend::Postgres,
        }
    }

    /// The temporary directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The SQLite file every command gets through `COUNTIQ_DB`. Only a
    /// test that made its `Env` with [`Env::sqlite`] may look at the file.
    #[track_caller]
    pub fn db(&self) -> &Path {
        match &self.database {
            Database::File(file) => file,
            Database::Schema(_) => {
                panic!("a test that looks at the database file is SQLite-only: use Env::sqlite()")
            }
        }
    }

    /// `COUNTIQ_DB` itself, for a command line that names the test's
    /// database (`copy --from`): the file's path, or the server's URL (whose
    /// schema the command takes from `COUNTIQ_PG_SCHEMA`).
    pub fn db_spec(&self) -> String {
        match &self.database {
            Database::File(file) => file.display().to_string(),
            Database::Schema(schema) => schema.url.clone(),
        }
    }

    /// `COUNTIQ_DB` as `config show`, `doctor` and the logs show it: the
    /// file's path, or the server's URL with its password as `***`.
    pub fn shown_db(&self) -> String {
        match &self.database {
            Database::File(file) => file.display().to_string(),
            Database::Schema(schema) => redacted(&schema.url),
        }
    }

    /// The PostgreSQL schema this test's commands use (`COUNTIQ_PG_SCHEMA`).
    #[track_caller]
    pub fn pg_schema(&self) -> &str {
        match &self.database {
            Database::Schema(schema) => &schema.name,
            Database::File(_) => panic!("a SQLite test has no PostgreSQL schema"),
        }
    }

    /// A connection to the test's PostgreSQL server, to set up or look at
    /// its schema from outside CountIQ.
    #[track_caller]
    pub fn pg_client(&self) -> postgres::Client {
        match &self.database {
            Database::Schema(schema) => postgres_client(&schema.url),
            Database::File(_) => panic!("a SQLite test has no PostgreSQL server"),
        }
    }

    /// True once the test's database exists: the file, or the schema.
    pub fn has_database(&self) -> bool {
        match &self.database {
            Database::File(file) => file.exists(),
            Database::Schema(schema) => self
                .pg_client()
                .query_opt(
                    "SELECT 1 FROM information_schema.schemata WHERE schema_name = $1",
                    &[&schema.name],
                )
                .expect("look the schema up")
                .is_some(),
        }
    }

    /// A `countiq` command with only this test's settings: its database
    /// (`COUNTIQ_DB`, and `COUNTIQ_PG_SCHEMA` on PostgreSQL), owner
    /// `alice`, and `HOME` inside the temporary directory.
    pub fn command(&self, args: &[&str]) -> process::Command {
        let mut cmd = process::Command::new(binary());
        for var in CLEARED {
            cmd.env_remove(var);
        }
        match &self.database {
            Database::File(file) => cmd.env("COUNTIQ_DB", file),
            Database::Schema(schema) => cmd
                .env("COUNTIQ_DB", &schema.url)
                .env("COUNTIQ_PG_SCHEMA", &schema.name),
        };
        cmd.env("HOME", self.dir())
            .env("COUNTIQ_OWNER", "alice")
            .current_dir(self.dir())
            .args(args);
        cmd
    }

    /// `program` (a shell, `script`) in the test's directory with the
    /// environment a `countiq` command gets here, for a test that runs
    /// `countiq` through it.
    pub fn program(&self, program: &str) -> process::Command {
        let mut cmd = process::Command::new(program);
        for (key, value) in self.command(&[]).get_envs() {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        cmd.current_dir(self.dir());
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
    /// records as the actor on SQLite (see [`actor`]).
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

/// Holds the database's write lock until dropped, as a long-running writer
/// in another process would: SQLite's (`BEGIN IMMEDIATE`) on a file; on
/// PostgreSQL, the advisory lock every CountIQ writer takes shared, taken
/// exclusively, as an import of every owner holds it.
pub struct WriteLock(Holder);

/// The connection whose open transaction holds the lock.
enum Holder {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

impl WriteLock {
    /// Takes the lock on `env`'s database.
    pub fn take(env: &Env) -> Self {
        Self(match &env.database {
            Database::File(file) => {
                let conn = rusqlite::Connection::open(file).expect("open the test database");
                conn.execute_batch("BEGIN IMMEDIATE")
                    .expect("take the write lock");
                Holder::Sqlite(conn)
            }
            Database::Schema(schema) => {
                let key = countiq::db::postgres::schema::SchemaName::parse(&schema.name)
                    .expect("a valid schema name")
                    .writers_lock();
                let mut client = postgres_client(&schema.url);
                client.batch_execute("BEGIN").expect("begin");
                client
                    .execute("SELECT pg_advisory_xact_lock($1)", &[&key])
                    .expect("take the writers' lock");
                Holder::Postgres(client)
            }
        })
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let released = match &mut self.0 {
            Holder::Sqlite(conn) => conn.execute_batch("ROLLBACK").map_err(|e| e.to_string()),
            Holder::Postgres(client) => client.batch_execute("ROLLBACK").map_err(|e| e.to_string()),
        };
        released.expect("release the write lock");
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
    pub fn storage(&self) -> countiq::db::Database {
        let timeout = Duration::from_secs(10);
        match &self.database {
            Database::File(file) => countiq::db::Database::new(file, false, "countiq", timeout),
            Database::Schema(schema) => {
                countiq::db::Database::new(Path::new(&schema.url), false, &schema.name, timeout)
            }
        }
    }

    /// Asserts the database is sound: replaying the whole ledger gives
    /// exactly the items table, and on SQLite the integrity check passes.
    #[track_caller]
    pub fn assert_consistent(&self) {
        if let Database::File(file) = &self.database {
            assert_eq!(integrity_check(file), "ok", "integrity check");
        }
        let database = self.storage();
        let storage = database.storage();
        let replayed = countiq::service::replay_all(storage).expect("replay the ledger");
        let current = countiq::service::current_items(storage).expect("read the items");
        assert_eq!(
            replayed, current,
            "the ledger does not replay to the items table"
        );
    }
}

/// `url` with its password, if any, replaced by `***`.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}
