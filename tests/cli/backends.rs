//! One suite, every backend: a plain `cargo test` runs the suite on SQLite,
//! and, when a PostgreSQL server is configured, once more on it.

use std::io::Write as _;
use std::process::Command;

use crate::util::{BACKEND_VARIABLE, POSTGRES_VARIABLE, SQLITE_ONLY, postgres_url};

/// The most tests the PostgreSQL run runs at once. Some tests start up to
/// 30 `countiq` processes at once, each with a connection of its own: on a
/// machine with many cores, one test per core could use up the server's
/// connections (100 by default) and fail for that alone.
const MOST_THREADS: usize = 4;

/// Runs this test binary again with `COUNTIQ_TEST_BACKEND=postgres`, every
/// test but the SQLite-only ones, and fails with its whole output if any
/// test fails there. Without a server it says why it did nothing, unless
/// `COUNTIQ_REQUIRE_POSTGRES=1`, which makes that a failure.
#[test]
fn the_whole_suite_passes_on_postgresql() {
    if std::env::var_os(BACKEND_VARIABLE).is_some() {
        // This is that run, or a run on one backend chosen by hand.
        return;
    }
    if postgres_url().is_none() {
        assert!(
            std::env::var("COUNTIQ_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "COUNTIQ_REQUIRE_POSTGRES=1 but {POSTGRES_VARIABLE} is not set"
        );
        // Straight to stderr, past the test harness's capture, so that a
        // plain `cargo test` shows why the suite runs on SQLite only.
        writeln!(
            std::io::stderr(),
            "skipping the CLI suite on PostgreSQL: {POSTGRES_VARIABLE} is not set (a postgres:// \
             URL of a role that may create schemas, not a superuser; .ci/run sets it)"
        )
        .expect("write to stderr");
        return;
    }
    let threads = std::env::var("RUST_TEST_THREADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
        .min(MOST_THREADS);
    let started = std::time::Instant::now();
    let output = Command::new(std::env::current_exe().expect("the test binary's path"))
        .env(BACKEND_VARIABLE, "postgres")
        .args(["--skip", SQLITE_ONLY, "--skip", "backends::"])
        // The ignored tests are the PostgreSQL-only ones (see `server`),
        // which the SQLite run lists as ignored.
        .arg("--include-ignored")
        .arg(format!("--test-threads={threads}"))
        .output()
        .expect("run the suite again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the suite failed on PostgreSQL ({})\n--- stdout ---\n{stdout}\n--- stderr ---\n{}\n\
         --- the failures again, each from its start ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr),
        failures_in_short(&stdout)
    );
    let summary = stdout
        .lines()
        .rfind(|line| line.starts_with("test result:"))
        .unwrap_or("no summary");
    writeln!(
        std::io::stderr(),
        "the CLI suite on PostgreSQL, {threads} at a time, in {:.1?}: {summary}",
        started.elapsed()
    )
    .expect("write to stderr");
}

/// The most lines of one failing test's output that the summary repeats.
const SUMMARY_LINES: usize = 25;

/// The start of each failing test's captured output (its panic message
/// first) from a libtest run's `stdout`: repeated at the very end of the
/// failure, where a log cut short in the middle still shows it.
fn failures_in_short(stdout: &str) -> String {
    let mut summary = String::new();
    let mut lines = 0;
    for line in stdout.lines() {
        if line.starts_with("---- ") && line.ends_with(" stdout ----") {
            lines = SUMMARY_LINES;
        } else if line == "failures:" || line.starts_with("test result:") {
            lines = 0;
        }
        if lines > 0 {
            summary.push_str(line);
            summary.push('\n');
            lines -= 1;
        }
    }
    summary
}

#[test]
fn the_summary_repeats_the_start_of_each_failure_and_nothing_else() {
    let stdout = "running 3 tests\ntest a ... ok\ntest b ... FAILED\ntest c ... FAILED\n\n\
                  failures:\n\n---- b stdout ----\nthread 'b' panicked at x.rs:1:1:\nfirst\n\n\
                  ---- c stdout ----\nthread 'c' panicked at y.rs:2:2:\nsecond\n\n\
                  failures:\n    b\n    c\n\ntest result: FAILED. 1 passed; 2 failed\n";
    assert_eq!(
        failures_in_short(stdout),
        "---- b stdout ----\nthread 'b' panicked at x.rs:1:1:\nfirst\n\n\
         ---- c stdout ----\nthread 'c' panicked at y.rs:2:2:\nsecond\n\n"
    );
    let long = "a line\n".repeat(100);
    let summary = failures_in_short(&format!("---- d stdout ----\n{long}"));
    assert_eq!(summary.lines().count(), SUMMARY_LINES);
}
