//! For tests: a schema of its own on the server `COUNTIQ_TEST_POSTGRES`
//! names, dropped when the test ends.

use std::io::Write as _;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use super::connect::Target;

/// The variable that names the test server.
pub const URL_VARIABLE: &str = "COUNTIQ_TEST_POSTGRES";

/// A uniquely named schema for one test, dropped with everything in it
/// when this is dropped.
pub struct TestSchema {
    url: String,
    name: String,
}

impl TestSchema {
    /// A new schema name for a test about `purpose`, or `None` (saying why
    /// once per process) when no server is configured. Under
    /// `COUNTIQ_REQUIRE_POSTGRES=1` a missing server fails the test.
    pub fn new(purpose: &str) -> Option<Self> {
        static SAID: Once = Once::new();
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let Some(url) = server_url() else {
            // Straight to stderr, past the test harness's capture, so that a
            // plain `cargo test` shows why these tests did nothing.
            SAID.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "skipping the PostgreSQL tests: {URL_VARIABLE} is not set (a postgres:// URL of a non-superuser role that may create schemas; .ci/run sets it)"
                );
            });
            return None;
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "t_{purpose}_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Some(Self { url, name })
    }

    /// The server's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The test server's URL, if one is configured.
pub fn server_url() -> Option<String> {
    match std::env::var(URL_VARIABLE) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("COUNTIQ_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "COUNTIQ_REQUIRE_POSTGRES=1 but {URL_VARIABLE} is not set"
            );
            None
        }
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        let dropped = Target::resolve(&self.url, &|name| std::env::var(name).ok())
            .and_then(|target| target.connect())
            .map_err(|e| e.to_string())
            .and_then(|mut connected| {
                let quoted = format!("\"{}\"", self.name.replace('"', "\"\""));
                connected
                    .client
                    .batch_execute(&format!("DROP SCHEMA IF EXISTS {quoted} CASCADE"))
                    .map_err(|e| e.to_string())
            });
        if let Err(err) = dropped {
            eprintln!("cannot drop test schema {}: {err}", self.name);
        }
    }
}
