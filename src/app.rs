//! Wiring: turns a parsed command line into settings, calls the service,
//! and renders the result. It holds no rules of its own.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::CommandFactory as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

use crate::cli::{self, Cli, Command};
use crate::config;
use crate::db::{Scratch, Store};
use crate::domain::{
    self, Delta, Error, ErrorKind, Event, Item, ItemName, ListQuery, OnConflict, Outcome,
    OwnerName, Quantity, SortKey, Timestamp, Unit, match_needle, sparkline,
};
use crate::input::{self, InputFormat};
use crate::output::{self, Format, RowWriter};
use crate::service::{self, Added, Ctx, IdempotencyKey, Mode};

/// How a command prints: its format, whether confirmations are wanted, and
/// whether tables are colored.
struct Settings {
    format: Format,
    /// The format was given on this command line (`--format`, `--json`),
    /// not by the environment, the config file or the default.
    format_on_command_line: bool,
    quiet: bool,
    color: bool,
}

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
            json: matches!(settings.format.value, Format::Json | Format::Ndjson),
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

/// Runs one parsed command line with its resolved settings, and logs one
/// structured event when it ends, whatever the outcome.
pub fn run(cli: Cli, config: &config::Settings) -> Result<Outcome, Error> {
    init_logging(
        cli.global.verbose,
        cli.global.log_format,
        config.color.value.stderr(),
    );
    let started = Instant::now();
    let command = command_name(&cli.command);
    tracing::debug!(
        db = ?config.db,
        owner = ?config.owner,
        format = config::format_str(config.format.value),
        busy_timeout = ?config.busy_timeout,
        config_file = ?config.file,
        "settings"
    );
    let store = config.db.as_ref().map(|db| {
        Store::new(
            db.value.clone(),
            Duration::from_millis(config.busy_timeout.value),
        )
    });
    let stats = Stats::default();
    let result = execute(cli, config, store.as_ref(), &stats);
    let (outcome, exit_code) = match &result {
        Ok(outcome) => (outcome_name(*outcome), outcome.exit_code()),
        Err(err) => (err.kind().as_str(), err.kind().exit_code()),
    };
    tracing::info!(
        command,
        owner = %config.owner.value,
        db = %config.db.as_ref().map_or_else(String::new, |db| db.value.display().to_string()),
        op = stats.op.get(),
        changed = stats.changed.get(),
        outcome,
        exit_code,
        lock_wait_ms = store.as_ref().map_or(0.0, |s| s.lock_wait().as_secs_f64() * 1000.0),
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        "command finished"
    );
    result
}

/// What a command changed, for its closing log event.
#[derive(Debug, Default)]
struct Stats {
    op: Cell<Option<i64>>,
    changed: Cell<u64>,
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Success => "success",
        Outcome::BelowMinimum => "below_minimum",
    }
}

/// The subcommand's name, as typed.
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Add(_) => "add",
        Command::List(_) => "list",
        Command::Remove(_) => "remove",
        Command::Rename(_) => "rename",
        Command::Edit(_) => "edit",
        Command::Adjust(_) => "adjust",
        Command::Set(_) => "set",
        Command::Count(_) => "count",
        Command::History(_) => "history",
        Command::Undo(_) => "undo",
        Command::Show(_) => "show",
        Command::Low(_) => "low",
        Command::Export(_) => "export",
        Command::Import(_) => "import",
        Command::Apply(_) => "apply",
        Command::Schema => "schema",
        Command::Doctor => "doctor",
        Command::Config(_) => "config",
        Command::Man { .. } => "man",
        Command::Completions(_) => "completions",
    }
}

fn execute(
    cli: Cli,
    config: &config::Settings,
    store: Option<&Store>,
    stats: &Stats,
) -> Result<Outcome, Error> {
    let settings = Settings {
        format: config.format.value,
        format_on_command_line: config.format.source == config::Source::Flag,
        quiet: cli.global.quiet,
        color: config.color.value.stdout(),
    };
    match &cli.command {
        Command::Completions(args) => return completions(args.shell),
        Command::Man { subcommand } => return man(subcommand.as_deref()),
        Command::Schema => return schema(),
        Command::Config(cli::ConfigCommand::Show) => return config_show(&settings, config),
        _ => {}
    }
    let store = store.ok_or_else(|| {
        Error::Internal(anyhow::anyhow!(
            "cannot find a home directory for the default database; pass --db PATH"
        ))
    })?;
    if let Command::Doctor = cli.command {
        return doctor(&settings, store);
    }
    let owner = OwnerName::parse(&config.owner.value)?;
    let actor = config::os_user().unwrap_or_else(|| "unknown".to_owned());
    let mode = if cli.global.dry_run {
        Mode::DryRun
    } else {
        Mode::Commit
    };
    // The command line a key guards: the subcommand and its arguments, so
    // that the same key on another command is a conflict.
    if let Some(key) = &cli.global.idempotency_key {
        domain::check_idempotency_key(key)?;
    }
    let fingerprint = format!("{:?}", cli.command);
    let key = cli
        .global
        .idempotency_key
        .as_deref()
        .map(|key| IdempotencyKey {
            key,
            fingerprint: &fingerprint,
        });
    // A dry run on a database that does not exist yet runs on a scratch
    // database, so that it creates no file or directory where the real one
    // would go; unless the real one could not be created there, so that the
    // dry run fails as the real run would.
    let scratch = match mode {
        Mode::DryRun => store.scratch_stand_in()?,
        Mode::Commit => None,
    };
    let store = scratch.as_ref().map_or(store, Scratch::store);
    let ctx = Ctx::new(store, &owner, &actor, mode).with_key(key);
    let result = match cli.command {
        Command::Add(args) => add(&ctx, &settings, &args),
        Command::List(args) => list(&ctx, &settings, &args),
        Command::Remove(args) => remove(&ctx, &settings, &args),
        Command::Rename(args) => rename(&ctx, &settings, &args),
        Command::Edit(args) => edit(&ctx, &settings, &args),
        Command::Adjust(args) => adjust(&ctx, &settings, &args),
        Command::Set(args) => set(&ctx, &settings, &args),
        Command::Count(args) => count(&ctx, &settings, &args),
        Command::History(args) => history(&ctx, &settings, &args),
        Command::Undo(args) => undo(&ctx, &settings, &args),
        Command::Show(args) => show(&ctx, &settings, &args),
        Command::Low(args) => low(&ctx, &settings, &args),
        Command::Export(args) => export(&ctx, &settings, &args),
        Command::Import(args) => import(&ctx, &settings, &args),
        Command::Apply(args) => apply(&ctx, &settings, &args),
        Command::Completions(_)
        | Command::Man { .. }
        | Command::Schema
        | Command::Doctor
        | Command::Config(_) => unreachable!("handled above"),
    };
    stats.op.set(ctx.last_op());
    stats.changed.set(ctx.changed());
    let outcome = quiet_on_broken_pipe(result)?;
    if ctx.replayed() {
        message("replayed: this idempotency key was already used; nothing changed now");
    } else if ctx.mode == Mode::DryRun && !settings.quiet {
        message("dry run: nothing was changed");
    }
    Ok(outcome)
}

/// `-v` beats `COUNTIQ_LOG`; with neither, only warnings are shown. Events
/// below the filter are never formatted, so logging off costs nothing.
fn init_logging(verbose: u8, format: cli::LogFormat, color: bool) {
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

fn message(text: &str) {
    if writeln!(io::stderr().lock(), "{text}").is_err() {
        tracing::trace!("stderr is closed; a message was not printed");
    }
}

/// A confirmation line: stdout, table format only, silenced by `-q`.
fn confirm(settings: &Settings, text: &str) -> Result<Outcome, Error> {
    if !settings.quiet {
        writeln!(io::stdout().lock(), "{text}").map_err(output_error)?;
    }
    Ok(Outcome::Success)
}

fn output_error(err: io::Error) -> Error {
    Error::Internal(anyhow::Error::new(err).context("cannot write to standard output"))
}

/// A reader that went away (`countiq list | head`) ends the output quietly;
/// the command itself already finished, or only read.
fn quiet_on_broken_pipe(result: Result<Outcome, Error>) -> Result<Outcome, Error> {
    match result {
        Err(Error::Internal(err))
            if err
                .root_cause()
                .downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            Ok(Outcome::Success)
        }
        other => other,
    }
}

/// Writes `text` and a newline to stdout, flushed, so a failed write is
/// reported rather than lost when a buffer is dropped.
fn print_text(text: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(output_error)
}

fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Prints a changed item: the item in the data formats, `line` in a table.
fn print_change(settings: &Settings, item: &Item, line: &str) -> Result<Outcome, Error> {
    if settings.format == Format::Table {
        return confirm(settings, line);
    }
    output::write_one(stdout(), settings.format, item).map_err(output_error)?;
    Ok(Outcome::Success)
}

/// Streams rows to stdout as `produce` finds them.
fn print_rows<T: output::Row>(
    settings: &Settings,
    produce: impl FnOnce(&mut dyn FnMut(T) -> Result<(), Error>) -> Result<(), Error>,
) -> Result<Outcome, Error> {
    let mut writer = RowWriter::<_, T>::styled(stdout(), settings.format, settings.color)
        .map_err(output_error)?;
    produce(&mut |row| writer.push(&row).map_err(output_error))?;
    writer.finish().map_err(output_error)?;
    Ok(Outcome::Success)
}

/// `--min N`: a quantity, named as the reorder level when it is wrong.
fn parse_min(text: Option<&str>) -> Result<Option<Quantity>, Error> {
    text.map(|t| {
        Quantity::parse(t).map_err(|_| {
            Error::Invalid(format!(
                "invalid min {t:?}: the reorder level must be a whole number from 0 to {}",
                Quantity::MAX
            ))
        })
    })
    .transpose()
}

fn parse_reason(text: Option<&str>) -> Result<Option<String>, Error> {
    text.map(domain::parse_reason).transpose()
}

fn parse_unit(text: Option<&str>) -> Result<Option<Unit>, Error> {
    text.map(Unit::parse).transpose()
}

fn parse_time(text: Option<&str>) -> Result<Option<Timestamp>, Error> {
    text.map(|t| Timestamp::parse(t, Timestamp::now()))
        .transpose()
}

fn add(ctx: &Ctx<'_>, settings: &Settings, args: &cli::AddArgs) -> Result<Outcome, Error> {
    let name = ItemName::parse(&args.name)?;
    let fields = service::NewFields {
        quantity: Quantity::parse(&args.qty)?,
        unit: parse_unit(args.unit.as_deref())?,
        min: parse_min(args.min.as_deref())?,
    };
    match service::add(ctx, &name, &fields, args.exists_ok)? {
        Added::Created(item) => {
            let line = format!(
                "added {:?} (id {}, quantity {})",
                item.name, item.id, item.quantity
            );
            print_change(settings, &item, &line)
        }
        Added::Existing(item) => {
            let line = format!(
                "{:?} already exists (id {}, quantity {}); nothing changed",
                item.name, item.id, item.quantity
            );
            print_change(settings, &item, &line)
        }
    }
}

fn list(ctx: &Ctx<'_>, settings: &Settings, args: &cli::ListArgs) -> Result<Outcome, Error> {
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
        low_only: false,
    };
    if let Some(at) = parse_time(args.as_of.as_deref())? {
        let items = service::list_as_of(ctx, at, &query)?;
        return print_rows::<Item>(settings, |each| items.into_iter().try_for_each(each));
    }
    print_rows::<Item>(settings, |each| service::list(ctx, &query, each))
}

fn remove(ctx: &Ctx<'_>, settings: &Settings, args: &cli::RemoveArgs) -> Result<Outcome, Error> {
    let names = args
        .names
        .iter()
        .map(|n| ItemName::parse(n))
        .collect::<Result<Vec<_>, _>>()?;
    let removed = service::remove(ctx, &names, args.missing_ok)?;
    if settings.format != Format::Table {
        return print_rows::<Item>(settings, |each| removed.into_iter().try_for_each(each));
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

fn rename(ctx: &Ctx<'_>, settings: &Settings, args: &cli::RenameArgs) -> Result<Outcome, Error> {
    let old = ItemName::parse(&args.old)?;
    let new = ItemName::parse(&args.new)?;
    let renamed = service::rename(ctx, &old, &new)?;
    let line = format!(
        "renamed {:?} to {:?} (id {})",
        renamed.before.name, renamed.after.name, renamed.after.id
    );
    print_change(settings, &renamed.after, &line)
}

fn edit(ctx: &Ctx<'_>, settings: &Settings, args: &cli::EditArgs) -> Result<Outcome, Error> {
    let name = ItemName::parse(&args.name)?;
    let changes = service::Edit {
        unit: if args.no_unit {
            Some(None)
        } else {
            parse_unit(args.unit.as_deref())?.map(Some)
        },
        min: if args.no_min {
            Some(None)
        } else {
            parse_min(args.min.as_deref())?.map(Some)
        },
    };
    let edited = service::edit(ctx, &name, &changes)?;
    let item = &edited.after;
    let line = format!(
        "edited {:?}: unit {}, min {}",
        item.name,
        item.unit
            .as_ref()
            .map_or_else(|| "none".to_owned(), ToString::to_string),
        item.min
            .map_or_else(|| "none".to_owned(), |m| m.to_string()),
    );
    print_change(settings, item, &line)
}

fn adjust(ctx: &Ctx<'_>, settings: &Settings, args: &cli::AdjustArgs) -> Result<Outcome, Error> {
    let name = ItemName::parse(&args.name)?;
    let delta = Delta::parse(&args.delta)?;
    let reason = parse_reason(args.reason.as_deref())?;
    let adjusted = service::adjust(ctx, &name, delta, reason.as_deref())?;
    let line = format!(
        "adjusted {:?}: {} -> {} ({delta})",
        adjusted.after.name, adjusted.before.quantity, adjusted.after.quantity
    );
    print_change(settings, &adjusted.after, &line)
}

fn set(ctx: &Ctx<'_>, settings: &Settings, args: &cli::LevelArgs) -> Result<Outcome, Error> {
    let name = ItemName::parse(&args.name)?;
    let quantity = Quantity::parse(&args.quantity)?;
    let reason = parse_reason(args.reason.as_deref())?;
    let changed = service::set(ctx, &name, quantity, reason.as_deref())?;
    let line = format!(
        "set {:?}: {} -> {}",
        changed.after.name, changed.before.quantity, changed.after.quantity
    );
    print_change(settings, &changed.after, &line)
}

fn count(ctx: &Ctx<'_>, settings: &Settings, args: &cli::LevelArgs) -> Result<Outcome, Error> {
    let name = ItemName::parse(&args.name)?;
    let quantity = Quantity::parse(&args.quantity)?;
    let reason = parse_reason(args.reason.as_deref())?;
    let counted = service::count(ctx, &name, quantity, reason.as_deref())?;
    let line = format!(
        "counted {:?}: {} (was {})",
        counted.after.name, counted.after.quantity, counted.before.quantity
    );
    print_change(settings, &counted.after, &line)
}

fn history(ctx: &Ctx<'_>, settings: &Settings, args: &cli::HistoryArgs) -> Result<Outcome, Error> {
    let query = service::History {
        name: args.name.as_deref().map(ItemName::parse).transpose()?,
        since: parse_time(args.since.as_deref())?,
        limit: args.limit,
    };
    print_rows::<Event>(settings, |each| service::history(ctx, &query, each))
}

/// `undo`'s output in the data formats.
#[derive(serde::Serialize)]
struct UndoOutput<'a> {
    op: i64,
    undid: i64,
    command: &'a str,
    events: &'a [Event],
}

fn undo(ctx: &Ctx<'_>, settings: &Settings, args: &cli::UndoArgs) -> Result<Outcome, Error> {
    let undone = service::undo(ctx, args.op)?;
    match settings.format {
        Format::Table => confirm(
            settings,
            &format!(
                "undid operation {} ({}): {} item(s) reverted, recorded as operation {}",
                undone.undid,
                undone.command,
                undone.events.len(),
                undone.op
            ),
        ),
        Format::Csv => print_rows::<Event>(settings, |each| {
            undone.events.into_iter().try_for_each(each)
        }),
        Format::Json | Format::Ndjson => {
            let out = UndoOutput {
                op: undone.op,
                undid: undone.undid,
                command: &undone.command,
                events: &undone.events,
            };
            output::write_json_line(stdout(), &out).map_err(output_error)?;
            Ok(Outcome::Success)
        }
    }
}

/// `show`'s output in the data formats.
#[derive(serde::Serialize)]
struct ShowOutput<'a> {
    item: &'a Item,
    events: &'a [Event],
    series: &'a [u64],
    sparkline: String,
}

fn show(ctx: &Ctx<'_>, settings: &Settings, args: &cli::ShowArgs) -> Result<Outcome, Error> {
    let name = ItemName::parse(&args.name)?;
    let shown = service::show(ctx, &name)?;
    match settings.format {
        Format::Csv => {
            output::write_one(stdout(), settings.format, &shown.item).map_err(output_error)?;
        }
        Format::Json | Format::Ndjson => {
            let out = ShowOutput {
                item: &shown.item,
                events: &shown.events,
                series: &shown.series,
                sparkline: sparkline(&shown.series),
            };
            output::write_json_line(stdout(), &out).map_err(output_error)?;
        }
        Format::Table => {
            let item = &shown.item;
            let mut out = stdout();
            let unit = item
                .unit
                .as_ref()
                .map_or(String::new(), |u| format!(" {u}"));
            let min = item.min.map_or(String::new(), |m| format!(" (min {m})"));
            let low = if item.is_low() { "  LOW" } else { "" };
            write!(
                out,
                "{} (id {})\nquantity  {}{unit}{min}{low}\ncreated   {}\nupdated   {}\ntrend     {}\n\n",
                item.name,
                item.id,
                item.quantity,
                item.created_at,
                item.updated_at,
                sparkline(&shown.series)
            )
            .map_err(output_error)?;
            let mut writer =
                RowWriter::<_, Event>::new(out, Format::Table).map_err(output_error)?;
            for event in &shown.events {
                writer.push(event).map_err(output_error)?;
            }
            writer.finish().map_err(output_error)?;
        }
    }
    Ok(Outcome::Success)
}

fn low(ctx: &Ctx<'_>, settings: &Settings, args: &cli::LowArgs) -> Result<Outcome, Error> {
    let mut found = 0;
    print_rows::<Item>(settings, |each| {
        found = service::low(ctx, &ListQuery::default(), each)?;
        Ok(())
    })?;
    if args.check && found > 0 {
        // A human note; the data formats keep stderr for JSON errors only.
        if settings.format == Format::Table && !settings.quiet {
            message(&format!("{found} item(s) below their reorder level"));
        }
        return Ok(Outcome::BelowMinimum);
    }
    Ok(Outcome::Success)
}

/// `export` writes NDJSON unless `--format` asks for JSON or CSV: a table
/// cannot be imported again.
fn export(ctx: &Ctx<'_>, settings: &Settings, args: &cli::ExportArgs) -> Result<Outcome, Error> {
    let format = match settings.format {
        Format::Table => Format::Ndjson,
        other => other,
    };
    let settings = Settings {
        format,
        ..*settings
    };
    print_rows::<Item>(&settings, |each| {
        service::export(ctx, args.all_owners, each)
    })
}

/// Opens `path` for reading, `-` meaning standard input.
fn open_input(path: &Path) -> Result<Box<dyn BufRead>, Error> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            io::stdin().lock(),
        )));
    }
    let file = File::open(path)
        .with_context(|| format!("cannot open {:?}", path.display().to_string()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// A progress line on stderr for imports and applies that take more than
/// a second, only when stderr is a terminal: scripts and logs never see it.
struct Progress {
    what: &'static str,
    enabled: bool,
    start: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(what: &'static str) -> Self {
        Self {
            what,
            enabled: io::stderr().is_terminal(),
            start: Instant::now(),
            bar: None,
        }
    }

    fn tick(&mut self, done: u64) {
        if !self.enabled || !done.is_multiple_of(1024) {
            return;
        }
        if self.bar.is_none() && self.start.elapsed() >= Duration::from_secs(1) {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{spinner}} {{human_pos}} {}, {{elapsed}}",
                    self.what
                ))
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A summary in the data formats: one JSON line, or a CSV header and row.
fn print_summary<T: serde::Serialize>(
    settings: &Settings,
    summary: &T,
    csv: (&[&str], Vec<String>),
) -> Result<Outcome, Error> {
    if settings.format == Format::Csv {
        let mut writer = csv::Writer::from_writer(stdout());
        writer
            .write_record(csv.0)
            .and_then(|()| writer.write_record(csv.1))
            .and_then(|()| writer.flush().map_err(csv::Error::from))
            .map_err(|e| output_error(io::Error::other(e)))?;
        return Ok(Outcome::Success);
    }
    output::write_json_line(stdout(), summary).map_err(output_error)?;
    Ok(Outcome::Success)
}

fn import(ctx: &Ctx<'_>, settings: &Settings, args: &cli::ImportArgs) -> Result<Outcome, Error> {
    let mut input = open_input(&args.file)?;
    // A format given on this command line; else the file's extension;
    // else the content. A format from the environment or the config file
    // is about output in general, not about this file.
    let given = match settings.format {
        Format::Json if settings.format_on_command_line => Some(InputFormat::Json),
        Format::Ndjson if settings.format_on_command_line => Some(InputFormat::Ndjson),
        Format::Csv if settings.format_on_command_line => Some(InputFormat::Csv),
        _ => None,
    };
    let format = match given.or_else(|| InputFormat::from_extension(&args.file)) {
        Some(format) => format,
        None => InputFormat::sniff(&mut input).context("cannot read the input")?,
    };
    let on_conflict = match args.on_conflict {
        cli::OnConflictArg::Fail => OnConflict::Fail,
        cli::OnConflictArg::Skip => OnConflict::Skip,
        cli::OnConflictArg::Replace => OnConflict::Replace,
    };
    let mut progress = Progress::new("rows");
    let rows = input::import_rows(input, format);
    let imported = service::import(ctx, rows, args.all_owners, on_conflict, &mut |n| {
        progress.tick(n);
    });
    progress.finish();
    let imported = imported?;
    if settings.format == Format::Table {
        let ops = imported
            .ops
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        return confirm(
            settings,
            &format!(
                "imported {} rows: {} created, {} replaced, {} skipped{}",
                imported.rows,
                imported.created,
                imported.replaced,
                imported.skipped,
                if ops.is_empty() {
                    String::new()
                } else {
                    format!(" (operation {ops})")
                }
            ),
        );
    }
    let row = vec![
        imported.rows.to_string(),
        imported.created.to_string(),
        imported.replaced.to_string(),
        imported.skipped.to_string(),
    ];
    print_summary(
        settings,
        &imported,
        (&["rows", "created", "replaced", "skipped"], row),
    )
}

fn apply(ctx: &Ctx<'_>, settings: &Settings, args: &cli::ApplyArgs) -> Result<Outcome, Error> {
    let input = open_input(&args.file)?;
    let mut progress = Progress::new("lines");
    let applied = service::apply(ctx, input::ndjson(input), &mut |n| {
        progress.tick(n);
    });
    progress.finish();
    let applied = applied?;
    if settings.format == Format::Table {
        let op = applied
            .op
            .map_or(String::new(), |op| format!(" (operation {op})"));
        return confirm(
            settings,
            &format!(
                "applied {} lines, {} item changes{op}",
                applied.lines, applied.changed
            ),
        );
    }
    let row = vec![
        applied.op.map(|op| op.to_string()).unwrap_or_default(),
        applied.lines.to_string(),
        applied.changed.to_string(),
    ];
    print_summary(settings, &applied, (&["op", "lines", "changed"], row))
}

fn schema() -> Result<Outcome, Error> {
    let text = serde_json::to_string_pretty(&crate::schema::document())
        .context("cannot print the schema")?;
    print_text(&text)?;
    Ok(Outcome::Success)
}

/// `config show`: every setting, its effective value and its source.
fn config_show(settings: &Settings, config: &config::Settings) -> Result<Outcome, Error> {
    if matches!(settings.format, Format::Json | Format::Ndjson) {
        output::write_json_line(stdout(), config).map_err(output_error)?;
        return Ok(Outcome::Success);
    }
    let db = config.db.as_ref().map_or_else(
        || {
            (
                "(no home directory: pass --db)".to_owned(),
                "default".to_owned(),
            )
        },
        |db| (db.value.display().to_string(), db.source.to_string()),
    );
    let rows = [
        ("db", db.0, db.1),
        (
            "owner",
            config.owner.value.clone(),
            config.owner.source.to_string(),
        ),
        (
            "format",
            config::format_str(config.format.value).to_owned(),
            config.format.source.to_string(),
        ),
        (
            "busy_timeout",
            config.busy_timeout.value.to_string(),
            config.busy_timeout.source.to_string(),
        ),
        (
            "color",
            format!("{:?}", config.color.value).to_lowercase(),
            config.color.source.to_string(),
        ),
    ];
    let mut table = output::plain_table(&["KEY", "VALUE", "SOURCE"], settings.color);
    for (key, value, source) in rows {
        table.add_row(vec![key.to_owned(), value, source]);
    }
    print_text(&table.trim_fmt())?;
    Ok(Outcome::Success)
}

/// `doctor`: a report on the database; exit 7 when it finds it unusable.
fn doctor(settings: &Settings, store: &Store) -> Result<Outcome, Error> {
    let report = crate::db::doctor::inspect(store.path());
    if matches!(settings.format, Format::Json | Format::Ndjson) {
        output::write_json_line(stdout(), &report).map_err(output_error)?;
    } else {
        let mut table = output::plain_table(&["CHECK", "RESULT"], settings.color);
        for (check, result) in report.lines() {
            table.add_row(vec![check, result]);
        }
        print_text(&table.trim_fmt())?;
    }
    if report.healthy() {
        Ok(Outcome::Success)
    } else {
        Err(Error::Database(format!(
            "{:?} is not healthy: {}",
            store.path().display().to_string(),
            report.problems.join("; ")
        )))
    }
}

/// `man`: the main man page, or a subcommand's page, as roff.
fn man(subcommand: Option<&str>) -> Result<Outcome, Error> {
    let page = crate::manual::page(subcommand)?;
    let mut out = io::stdout().lock();
    let written = out
        .write_all(&page)
        .and_then(|()| out.flush())
        .map_err(output_error);
    quiet_on_broken_pipe(written.map(|()| Outcome::Success))
}

fn completions(shell: cli::Shell) -> Result<Outcome, Error> {
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
    let written = stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .map_err(output_error);
    quiet_on_broken_pipe(written.map(|()| Outcome::Success))
}
