//! Wiring: turns a parsed command line into settings, calls the service,
//! and renders the result. It holds no rules of its own.

use std::env;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::CommandFactory as _;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

use crate::cli::{self, Cli, Command};
use crate::db::Store;
use crate::domain::{Error, Item, ItemName, ListQuery, OwnerName, Quantity, SortKey, match_needle};
use crate::output::{self, Format, ItemWriter};
use crate::service::{self, Added, Mode};

/// Settings every command shares, resolved from flags, environment and defaults.
struct Settings {
    format: Format,
    quiet: bool,
    mode: Mode,
}

/// Reports a failed command on stderr, in the form the output format asks for.
#[derive(Debug, Clone, Copy)]
pub struct Reporter {
    json: bool,
}

impl Reporter {
    /// Chooses the error form from the parsed command line: one JSON line
    /// under `json`/`ndjson`, a human line otherwise.
    #[must_use]
    pub fn new(cli: &Cli) -> Self {
        Self {
            json: matches!(format_of(&cli.global), Format::Json | Format::Ndjson),
        }
    }

    /// Writes `err` to stderr.
    ///
    /// # Panics
    ///
    /// Never in practice: the JSON line is built from strings and a number.
    pub fn report(self, err: &Error) {
        let kind = err.kind();
        let line = if self.json {
            let body = ErrorBody {
                kind: kind.as_str(),
                message: err.to_string(),
                exit_code: kind.exit_code(),
            };
            // Strings and a number: serialising cannot fail.
            serde_json::to_string(&ErrorLine { error: body }).expect("an error line serialises")
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

fn format_of(global: &cli::GlobalArgs) -> Format {
    if global.json {
        return Format::Json;
    }
    match global.format {
        cli::Format::Table => Format::Table,
        cli::Format::Json => Format::Json,
        cli::Format::Ndjson => Format::Ndjson,
        cli::Format::Csv => Format::Csv,
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    init_logging(cli.global.verbose);
    let settings = Settings {
        format: format_of(&cli.global),
        quiet: cli.global.quiet,
        mode: if cli.global.dry_run {
            Mode::DryRun
        } else {
            Mode::Commit
        },
    };
    if let Command::Completions(args) = &cli.command {
        return completions(args.shell);
    }
    let owner = OwnerName::parse(&owner_name(cli.global.owner.as_deref()))?;
    let store = Store::new(
        database_path(cli.global.db)?,
        Duration::from_millis(cli.global.busy_timeout),
    );
    tracing::debug!(db = %store.path().display(), owner = %owner, "settings");
    let result = match cli.command {
        Command::Add(args) => add(&store, &owner, &settings, &args),
        Command::List(args) => list(&store, &owner, &settings, &args),
        Command::Remove(args) => remove(&store, &owner, &settings, &args),
        Command::Rename(args) => rename(&store, &owner, &settings, &args),
        Command::Completions(_) => unreachable!("handled above"),
    };
    let result = quiet_on_broken_pipe(result);
    if result.is_ok() && settings.mode == Mode::DryRun && !settings.quiet {
        message("dry run: nothing was changed");
    }
    result
}

/// `-v` beats `COUNTIQ_LOG`; with neither, only warnings are shown.
fn init_logging(verbose: u8) {
    let filter = match verbose {
        0 => EnvFilter::builder()
            .with_default_directive(LevelFilter::WARN.into())
            .with_env_var("COUNTIQ_LOG")
            .from_env_lossy(),
        1 => EnvFilter::new("info"),
        2 => EnvFilter::new("debug"),
        _ => EnvFilter::new("trace"),
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .init();
}

/// `--owner`/`COUNTIQ_OWNER`, else `$USER`, else `$LOGNAME`, else `default`.
fn owner_name(flag: Option<&str>) -> String {
    flag.map(str::to_owned)
        .or_else(|| env::var("USER").ok().filter(|v| !v.is_empty()))
        .or_else(|| env::var("LOGNAME").ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "default".to_owned())
}

/// `--db`/`COUNTIQ_DB`, else `countiq.db` in the platform data directory
/// (`$XDG_DATA_HOME/countiq` or `~/.local/share/countiq` on Linux).
fn database_path(flag: Option<PathBuf>) -> Result<PathBuf, Error> {
    if let Some(path) = flag {
        return Ok(path);
    }
    let dirs = directories::ProjectDirs::from("", "", "countiq")
        .context("cannot find a home directory for the default database; pass --db PATH")?;
    Ok(dirs.data_dir().join("countiq.db"))
}

fn message(text: &str) {
    if writeln!(io::stderr().lock(), "{text}").is_err() {
        tracing::trace!("stderr is closed; a message was not printed");
    }
}

/// A confirmation line: stdout, table format only, silenced by `-q`.
fn confirm(settings: &Settings, text: &str) -> Result<(), Error> {
    if settings.quiet {
        return Ok(());
    }
    writeln!(io::stdout().lock(), "{text}").map_err(output_error)
}

fn output_error(err: io::Error) -> Error {
    Error::Internal(anyhow::Error::new(err).context("cannot write to standard output"))
}

/// A reader that went away (`countiq list | head`) ends the output quietly;
/// the command itself already finished, or only read.
fn quiet_on_broken_pipe(result: Result<(), Error>) -> Result<(), Error> {
    match result {
        Err(Error::Internal(err))
            if err
                .root_cause()
                .downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}

fn print_item(settings: &Settings, item: &Item) -> Result<(), Error> {
    output::write_item(BufWriter::new(io::stdout().lock()), settings.format, item)
        .map_err(output_error)
}

fn add(
    store: &Store,
    owner: &OwnerName,
    settings: &Settings,
    args: &cli::AddArgs,
) -> Result<(), Error> {
    let name = ItemName::parse(&args.name)?;
    let quantity = Quantity::parse(&args.qty)?;
    let (item, line) =
        match service::add(store, owner, &name, quantity, args.exists_ok, settings.mode)? {
            Added::Created(item) => {
                let line = format!(
                    "added {:?} (id {}, quantity {})",
                    item.name, item.id, item.quantity
                );
                (item, line)
            }
            Added::Existing(item) => {
                let line = format!(
                    "{:?} already exists (id {}, quantity {}); nothing changed",
                    item.name, item.id, item.quantity
                );
                (item, line)
            }
        };
    match settings.format {
        Format::Table => confirm(settings, &line),
        _ => print_item(settings, &item),
    }
}

fn list(
    store: &Store,
    owner: &OwnerName,
    settings: &Settings,
    args: &cli::ListArgs,
) -> Result<(), Error> {
    let query = ListQuery {
        sort: match args.sort {
            cli::SortArg::Name => SortKey::Name,
            cli::SortArg::Quantity => SortKey::Quantity,
            cli::SortArg::Created => SortKey::Created,
            cli::SortArg::Updated => SortKey::Updated,
        },
        reverse: args.reverse,
        limit: args.limit,
        needle: args.matching.as_deref().map(match_needle),
    };
    let mut writer = ItemWriter::new(BufWriter::new(io::stdout().lock()), settings.format)
        .map_err(output_error)?;
    service::list(store, owner, &query, |item| {
        writer.push(&item).map_err(output_error)
    })?;
    writer.finish().map_err(output_error)
}

fn remove(
    store: &Store,
    owner: &OwnerName,
    settings: &Settings,
    args: &cli::RemoveArgs,
) -> Result<(), Error> {
    let names = args
        .names
        .iter()
        .map(|n| ItemName::parse(n))
        .collect::<Result<Vec<_>, _>>()?;
    let removed = service::remove(store, owner, &names, args.missing_ok, settings.mode)?;
    if settings.format != Format::Table {
        let mut writer = ItemWriter::new(BufWriter::new(io::stdout().lock()), settings.format)
            .map_err(output_error)?;
        for item in &removed {
            writer.push(item).map_err(output_error)?;
        }
        return writer.finish().map_err(output_error);
    }
    let line = match removed.as_slice() {
        [] => "nothing removed".to_owned(),
        [item] => format!("removed {:?} (id {})", item.name, item.id),
        items => format!(
            "removed {} items: {}",
            items.len(),
            items
                .iter()
                .map(|i| format!("{:?}", i.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    confirm(settings, &line)
}

fn rename(
    store: &Store,
    owner: &OwnerName,
    settings: &Settings,
    args: &cli::RenameArgs,
) -> Result<(), Error> {
    let old = ItemName::parse(&args.old)?;
    let new = ItemName::parse(&args.new)?;
    let renamed = service::rename(store, owner, &old, &new, settings.mode)?;
    match settings.format {
        Format::Table => confirm(
            settings,
            &format!(
                "renamed {:?} to {:?} (id {})",
                renamed.before.name, renamed.after.name, renamed.after.id
            ),
        ),
        _ => print_item(settings, &renamed.after),
    }
}

fn completions(shell: cli::Shell) -> Result<(), Error> {
    let shell = match shell {
        cli::Shell::Bash => clap_complete::Shell::Bash,
        cli::Shell::Zsh => clap_complete::Shell::Zsh,
        cli::Shell::Fish => clap_complete::Shell::Fish,
        cli::Shell::Elvish => clap_complete::Shell::Elvish,
        cli::Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "countiq", &mut out);
    let mut stdout = io::stdout().lock();
    quiet_on_broken_pipe(
        stdout
            .write_all(&out)
            .and_then(|()| stdout.flush())
            .map_err(output_error),
    )
}
