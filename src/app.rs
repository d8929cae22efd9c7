//! Wiring: turns a parsed command line into settings, calls the service,
//! and renders the result. It holds no rules of its own.

use std::env;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::CommandFactory as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

use crate::cli::{self, Cli, Command};
use crate::db::Store;
use crate::domain::{
    self, Delta, Error, Event, Item, ItemName, ListQuery, OnConflict, Outcome, OwnerName, Quantity,
    SortKey, Timestamp, Unit, match_needle, sparkline,
};
use crate::input::{self, InputFormat};
use crate::output::{self, Format, RowWriter};
use crate::service::{self, Added, Ctx, IdempotencyKey, Mode};

/// Settings every command shares, resolved from flags, environment and defaults.
struct Settings {
    format: Format,
    quiet: bool,
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
pub fn run(cli: Cli) -> Result<Outcome, Error> {
    init_logging(cli.global.verbose);
    let settings = Settings {
        format: format_of(&cli.global),
        quiet: cli.global.quiet,
    };
    if let Command::Completions(args) = &cli.command {
        completions(args.shell)?;
        return Ok(Outcome::Success);
    }
    let owner = OwnerName::parse(&owner_name(cli.global.owner.as_deref()))?;
    let store = Store::new(
        database_path(cli.global.db)?,
        Duration::from_millis(cli.global.busy_timeout),
    );
    let actor = actor();
    let mode = if cli.global.dry_run {
        Mode::DryRun
    } else {
        Mode::Commit
    };
    // The command line a key guards: the subcommand and its arguments, so
    // that the same key on another command is a conflict.
    let fingerprint = format!("{:?}", cli.command);
    let key = cli
        .global
        .idempotency_key
        .as_deref()
        .map(|key| IdempotencyKey {
            key,
            fingerprint: &fingerprint,
        });
    let ctx = Ctx::new(&store, &owner, &actor, mode).with_key(key);
    tracing::debug!(db = %store.path().display(), owner = %owner, "settings");
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
        Command::Schema => schema(),
        Command::Completions(_) => unreachable!("handled above"),
    };
    let outcome = quiet_on_broken_pipe(result)?;
    if ctx.replayed() {
        message("replayed: this idempotency key was already used; nothing changed now");
    } else if ctx.mode == Mode::DryRun && !settings.quiet {
        message("dry run: nothing was changed");
    }
    Ok(outcome)
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
    flag.map_or_else(
        || os_user().unwrap_or_else(|| "default".to_owned()),
        str::to_owned,
    )
}

/// The OS user running the command: `$USER`, else `$LOGNAME`.
fn os_user() -> Option<String> {
    env::var("USER")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| env::var("LOGNAME").ok().filter(|v| !v.is_empty()))
}

/// The actor recorded in the ledger: the OS user, whatever `--owner` says.
fn actor() -> String {
    os_user().unwrap_or_else(|| "unknown".to_owned())
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
    let mut writer = RowWriter::<_, T>::new(stdout(), settings.format).map_err(output_error)?;
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

fn set(ctx: &Ctx<'_>, settings: &Settings, args: &cli::SetArgs) -> Result<Outcome, Error> {
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

fn count(ctx: &Ctx<'_>, settings: &Settings, args: &cli::CountArgs) -> Result<Outcome, Error> {
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
                "undid operation {} ({}): {} item(s) put back, recorded as operation {}",
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
        quiet: settings.quiet,
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
    enabled: bool,
    start: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new() -> Self {
        Self {
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
                ProgressStyle::with_template("{spinner} {human_pos} rows, {per_sec}, {elapsed}")
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
    let format = match settings.format {
        Format::Json => InputFormat::Json,
        Format::Ndjson => InputFormat::Ndjson,
        Format::Csv => InputFormat::Csv,
        Format::Table => match InputFormat::from_extension(&args.file) {
            Some(format) => format,
            None => InputFormat::sniff(&mut input).context("cannot read the input")?,
        },
    };
    let on_conflict = match args.on_conflict {
        cli::OnConflictArg::Fail => OnConflict::Fail,
        cli::OnConflictArg::Skip => OnConflict::Skip,
        cli::OnConflictArg::Replace => OnConflict::Replace,
    };
    let mut progress = Progress::new();
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
    let mut progress = Progress::new();
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
    writeln!(stdout(), "{text}").map_err(output_error)?;
    Ok(Outcome::Success)
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
    let written = stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .map_err(output_error);
    quiet_on_broken_pipe(written.map(|()| Outcome::Success)).map(|_| ())
}
