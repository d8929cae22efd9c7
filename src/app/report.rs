//! Error reporting and logging: everything the user hears on stderr
//! besides the data.

use std::io::{self, Write};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

use crate::cli;
use crate::config;
use crate::domain::{Error, ErrorKind};

/// Reports a failed command on stderr, in the form the output format asks for.
#[derive(Debug, Clone, Copy)]
pub struct Reporter {
    json: bool,
    color: bool,
}

impl Reporter {
    /// Chooses the error form: one JSON line under `json`/`ndjson`, a human
    /// line otherwise (colored on a terminal, as `--color` says).
    #[must_use]
    pub fn new(settings: &config::Settings) -> Self {
        Self {
            json: settings.format.value.is_json(),
            color: settings.color.value.stderr(),
        }
    }

    /// Before settings could be read (a bad config file): a plain line.
    #[must_use]
    pub fn plain() -> Self {
        Self {
            json: false,
            color: false,
        }
    }

    /// Writes `err` to stderr. Usage errors are always a human line, like
    /// clap's own.
    ///
    /// # Panics
    ///
    /// Never in practice: the JSON line is built from strings and a number.
    pub fn report(self, err: &Error) {
        let kind = err.kind();
        let line = if self.json && kind != ErrorKind::Usage {
            let body = ErrorBody {
                kind: kind.as_str(),
                message: err.to_string(),
                exit_code: kind.exit_code(),
            };
            // Strings and a number: serialising cannot fail.
            serde_json::to_string(&ErrorLine { error: body }).expect("an error line serialises")
        } else if self.color {
            format!("countiq: \x1b[1;31merror:\x1b[0m {err}")
        } else {
            format!("countiq: error: {err}")
        };
        // If stderr itself is closed there is nowhere left to report to;
        // the exit code still carries the kind.
        if writeln!(io::stderr().lock(), "{line}").is_err() {
            tracing::trace!("stderr is closed; the error was not printed");
        }
    }
}

/// The JSON error line: `{"error":{...}}`.
#[derive(serde::Serialize)]
struct ErrorLine {
    error: ErrorBody,
}

/// The JSON error object, fields in the contract's order.
#[derive(serde::Serialize)]
struct ErrorBody {
    kind: &'static str,
    message: String,
    exit_code: u8,
}

/// `-v` beats `COUNTIQ_LOG`; with neither, only warnings are shown. Events
/// below the filter are never formatted, so logging off costs nothing.
pub(super) fn init_logging(verbose: u8, format: cli::LogFormat, color: bool) {
    let filter = match verbose {
        0 => EnvFilter::builder()
            .with_default_directive(LevelFilter::WARN.into())
            .with_env_var("COUNTIQ_LOG")
            .from_env_lossy(),
        1 => EnvFilter::new("info"),
        2 => EnvFilter::new("debug"),
        _ => EnvFilter::new("trace"),
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr);
    match format {
        cli::LogFormat::Text => logs.with_ansi(color).init(),
        cli::LogFormat::Json => logs.json().with_ansi(false).init(),
    }
}

pub(super) fn message(text: &str) {
    if writeln!(io::stderr().lock(), "{text}").is_err() {
        tracing::trace!("stderr is closed; a message was not printed");
    }
}
