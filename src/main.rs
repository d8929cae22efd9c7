//! The `countiq` binary: parse, run, turn the outcome into an exit code.

use std::process::ExitCode;

use countiq::{app, cli::Cli, config};

fn main() -> ExitCode {
    // A completion script asking for item names: no command runs.
    let args: Vec<_> = std::env::args_os().collect();
    if args.get(1).is_some_and(|arg| arg == app::complete::ENTRY) {
        return app::complete::answer(&args[2..]);
    }
    // Usage errors are clap's own: printed in clap's words, exit 2
    // (`--help` and `--version` exit 0).
    let (cli, matches) = Cli::parse_args(args);
    let settings = match config::resolve(&cli.global, &matches) {
        Ok(settings) => settings,
        Err(err) => {
            app::Reporter::plain().report(&err);
            return ExitCode::from(err.kind().exit_code());
        }
    };
    let reporter = app::Reporter::new(&settings);
    if let Err(err) = countiq::signals::install() {
        // Without the handlers a signal simply kills the process, which
        // SQLite's journal also survives; say so and go on.
        eprintln!("countiq: warning: cannot handle signals: {err}");
    }
    match app::run(
        &cli,
        matches.subcommand_name().unwrap_or_default(),
        &settings,
    ) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) => {
            reporter.report(&err);
            ExitCode::from(err.kind().exit_code())
        }
    }
}
