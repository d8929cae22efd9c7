//! One test's world on the test server: a schema of its own, the real
//! `countiq` binary, and a clean environment.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;

/// Settings that would leak the developer's own into a test.
const CLEARED: &[&str] = &[
    "COUNTIQ_DB",
    "COUNTIQ_OWNER",
    "COUNTIQ_FORMAT",
    "COUNTIQ_LOG",
    "COUNTIQ_BUSY_TIMEOUT",
    "COUNTIQ_CONFIG",
    "COUNTIQ_PG_SCHEMA",
    "COUNTIQ_LOG_FORMAT",
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

/// The test server's URL, or `None` after saying once why the tests skip.
/// Under `COUNTIQ_REQUIRE_POSTGRES=1` a missing server fails the test.
pub fn server_url() -> Option<String> {
    static SAID: Once = Once::new();
    match std::env::var("COUNTIQ_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("COUNTIQ_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "COUNTIQ_REQUIRE_POSTGRES=1 but COUNTIQ_TEST_POSTGRES is not set"
            );
            // Past the test harness's capture, so a plain `cargo test`
            // shows why these tests did nothing.
            SAID.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "skipping the PostgreSQL-only tests: COUNTIQ_TEST_POSTGRES is not set (a postgres:// URL of a non-superuser role that may create schemas; .ci/run sets it)"
                );
            });
            None
        }
    }
}

/// A schema of its own on a server, dropped at the end.
pub struct World {
    /// The server.
    pub url: String,
    /// The schema's name.
    pub schema: String,
    /// Where commands connect, when not straight to the server (a pooler).
    pub through: Option<String>,
}

impl World {
    /// A fresh schema name on the test server; `None` when there is none.
    pub fn new() -> Option<Self> {
        Some(Self::on(server_url()?))
    }

    /// A fresh schema name on the server at `url`.
    pub fn on(url: String) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let schema = format!(
            "t_pg_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Self {
            url,
            schema,
            through: None,
        }
    }

    /// `countiq ARGS` for owner alice on this world's schema, not started.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_at(self.through.as_deref().unwrap_or(&self.url), args)
    }

    /// The same, through another URL (a proxy in front of the server).
    pub fn command_at(&self, url: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("countiq"));
        for var in CLEARED {
            cmd.env_remove(var);
        }
        // Racing processes on a loaded machine may wait long for an owner's
        // lock; the tests about the busy timeout pass their own.
        cmd.env("COUNTIQ_DB", url)
            .env("COUNTIQ_BUSY_TIMEOUT", "60000")
            .env("COUNTIQ_PG_SCHEMA", &self.schema)
            .env("COUNTIQ_OWNER", "alice")
            .env("HOME", std::env::temp_dir())
            .args(args)
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `countiq ARGS` to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command(args))
    }

    /// Runs `countiq --json ARGS`, asserts exit 0, and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        self.run(&all).code(0).json()
    }

    /// A connection to the server as the test role, outside CountIQ.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to the test server: {e}"))
    }

    /// Runs SQL on the server as the test role, outside CountIQ: the
    /// first column of each row, as text.
    pub fn sql(&self, sql: &str) -> Vec<String> {
        self.client()
            .simple_query(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .into_iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(row) => Some(row.get(0).unwrap_or("").to_owned()),
                _ => None,
            })
            .collect()
    }

    /// The schema's name quoted as an identifier.
    pub fn quoted(&self) -> String {
        format!("\"{}\"", self.schema.replace('"', "\"\""))
    }
}

impl Drop for World {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let drop = format!("DROP SCHEMA IF EXISTS {} CASCADE", self.quoted());
            if let Err(err) = client.batch_execute(&drop) {
                eprintln!("cannot drop test schema {}: {err}", self.schema);
            }
        }
    }
}

/// `count` import rows as NDJSON: `item 0000000`, `item 0000001`, ...
pub fn items_ndjson(count: u32) -> String {
    use std::fmt::Write as _;
    (0..count).fold(String::new(), |mut rows, i| {
        let _ = writeln!(
            rows,
            "{{\"name\":\"item {i:07}\",\"quantity\":{}}}",
            i % 100
        );
        rows
    })
}

/// A finished run.
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
    /// Runs `cmd` to completion.
    pub fn of(mut cmd: Command) -> Self {
        let description = format!("{cmd:?}");
        let output = cmd.output().expect("countiq runs");
        Self::from_output(description, &output)
    }

    /// Runs `cmd` to completion with `input` on its standard input;
    /// `what` describes it in failures.
    pub fn fed(mut cmd: Command, input: &str, what: String) -> Self {
        use std::io::Write as _;
        use std::process::Stdio;
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("countiq runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        Self::from_output(what, &output)
    }

    /// A run from its output.
    pub fn from_output(description: String, output: &Output) -> Self {
        Self {
            description,
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(
            self.code,
            Some(expected),
            "{}\nstdout:\n{}\nstderr:\n{}",
            self.description,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: stdout is not JSON ({e}):\n{}",
                self.description, self.stdout
            )
        })
    }
}
