//! The `countiq` binary: parse, run, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;
use countiq::{app, cli::Cli};

fn main() -> ExitCode {
    // Usage errors are clap's own: printed in clap's words, exit 2
    // (`--help` and `--version` exit 0).
    let cli = Cli::parse();
    let reporter = app::Reporter::new(&cli);
    match app::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) => {
            reporter.report(&err);
            ExitCode::from(err.kind().exit_code())
        }
    }
}
