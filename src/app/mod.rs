//! The application: settings and the parsed request in, one command run,
//! its result rendered, one closing log event. Every line a person reads
//! (confirmations, tables, the progress bar, errors) is written here.

mod bulk;
mod commands;
pub mod complete;
mod digest;
pub mod manual;
mod meta;
pub mod output;
mod progress;
mod render;
mod report;
mod scan;

use std::rc::Rc;
use std::time::{Duration, Instant};

use commands::Recorded;
use render::Look;
pub use report::Reporter;

use crate::cli::Cli;
use crate::config;
use crate::db::{Database, Storage};
use crate::domain::{Error, Outcome, OwnerName, Timestamp};
use crate::request::{self, Action};
use crate::service::{Ctx, InputHash, KeyGuard, Mode};
use digest::Digested;

/// Runs one parsed command line with its resolved settings, and logs one
/// structured event when it ends, whatever the outcome.
///
/// `command` is the subcommand's name as clap resolved it (`list` for
/// `ls`), for the closing log event.
pub fn run(cli: &Cli, command: &str, config: &config::Settings) -> Result<Outcome, Error> {
    report::init_logging(
        cli.global.verbose,
        config.log_format.value,
        config.color.value.stderr(),
    );
    let started = Instant::now();
    tracing::debug!(
        db = ?config.db.as_ref().map(|db| crate::db::shown(&db.value)),
        owner = ?config.owner,
        format = config.format.value.as_str(),
        busy_timeout = ?config.busy_timeout,
        config_file = ?config.file,
        "settings"
    );
    let store = config.db.as_ref().map(|db| {
        Database::new(
            &db.value,
            db.source == config::Source::Default,
            &config.pg_schema.value,
            Duration::from_millis(config.busy_timeout.value),
        )
    });
    let mut recorded = Recorded::default();
    let result = execute(cli, config, store.as_ref(), &mut recorded);
    let (outcome, exit_code) = match &result {
        Ok(outcome) => (outcome_name(*outcome), outcome.exit_code()),
        Err(err) => (err.kind().as_str(), err.kind().exit_code()),
    };
    tracing::info!(
        command,
        owner = %config.owner.value,
        db = %config.db.as_ref().map_or_else(String::new, |db| crate::db::shown(&db.value)),
        op = recorded.op,
        changed = recorded.changed,
        outcome,
        exit_code,
        lock_wait_ms = store.as_ref().map_or(0.0, |s| s.storage().lock_wait().as_secs_f64() * 1000.0),
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        "command finished"
    );
    result
}

/// The owner a command acts for: `parsed`, the owner the settings name,
/// except that where owners are database roles and none was named, the
/// login role.
fn acting_owner(
    source: &config::Source,
    parsed: Result<OwnerName, Error>,
    storage: &dyn Storage,
) -> Result<OwnerName, Error> {
    if *source == config::Source::Default
        && let Some(role) = storage.default_owner()?
    {
        return OwnerName::parse(&role);
    }
    parsed
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Success => "success",
        Outcome::BelowMinimum => "below_minimum",
    }
}

fn execute(
    cli: &Cli,
    config: &config::Settings,
    store: Option<&Database>,
    recorded: &mut Recorded,
) -> Result<Outcome, Error> {
    let look = Look {
        format: config.format.value,
        quiet: cli.global.quiet,
        color: config.color.value.stdout(),
    };
    // The owner and the key first, as a user reads the command line; then
    // the subcommand's own arguments. All of it before any I/O.
    let owner = OwnerName::parse(&config.owner.value);
    let key = request::idempotency_key(cli.global.idempotency_key.as_deref());
    let action = Action::parse(&cli.command, Timestamp::now());
    let mode = if cli.global.dry_run {
        Mode::DryRun
    } else {
        Mode::Commit
    };
    let busy_timeout = Duration::from_millis(config.busy_timeout.value);
    match &action {
        Ok(Action::Completions(shell)) => return meta::completions(*shell),
        Ok(Action::Man { subcommand }) => return meta::man(subcommand.as_deref()),
        Ok(Action::Schema) => return meta::schema(),
        Ok(Action::ConfigShow) => return meta::config_show(look, config),
        // Two databases of its own, named by --from and --to.
        Ok(Action::Copy { from, to }) => {
            let open = |db: &std::path::Path| {
                Database::new(db, false, &config.pg_schema.value, busy_timeout)
            };
            return meta::copy(look, (from, &open(from)), (to, &open(to)), mode);
        }
        _ => {}
    }
    let store = store.ok_or_else(|| {
        Error::Internal(anyhow::anyhow!(
            "cannot find a home directory for the default database; pass --db PATH"
        ))
    })?;
    match &action {
        Ok(Action::Doctor) => return meta::doctor(look, store),
        Ok(Action::Backup { dest, force }) => {
            return meta::backup(look, store, dest, *force, busy_timeout);
        }
        Ok(Action::AdminMigrate) => return meta::admin_migrate(look, store),
        Ok(Action::AdminEnforceOwners) => return meta::admin_enforce_owners(look, store),
        _ => {}
    }
    let owner = acting_owner(&config.owner.source, owner, store.storage())?;
    let key = key?;
    let action = action?;
    if key.is_some() && matches!(action, Action::Scan { .. }) {
        return Err(Error::Usage(
            "--idempotency-key cannot be used with scan: each scanned line is its own change; \
             retry the lines that failed instead"
                .to_owned(),
        ));
    }
    let actor = store
        .storage()
        .actor()
        .or_else(config::os_user)
        .unwrap_or_else(|| "unknown".to_owned());
    // The input of import and apply, opened before the transaction: an
    // unreadable file is a usage error, and a key guards its bytes.
    let input = match &action {
        Action::Import { file, .. } | Action::Apply { file } => {
            Some(digest::open(file, key.is_some())?)
        }
        _ => None,
    };
    let guard = key
        .zip(action.fingerprint())
        .map(|(key, request)| KeyGuard {
            key,
            request,
            input: input
                .clone()
                .map(|input| Rc::new(input) as Rc<dyn InputHash>),
        });
    // A dry run on a database that does not exist yet runs on a stand-in,
    // so that it creates nothing where the real one would go.
    let stand_in = match mode {
        Mode::DryRun => store.storage().dry_run_stand_in()?,
        Mode::Commit => None,
    };
    let storage: &dyn Storage = stand_in.as_deref().unwrap_or(store.storage());
    let ctx = Ctx::new(storage, &owner, &actor, mode).with_key(guard);
    recorded.keyed = ctx.key.is_some();
    let result = dispatch(&ctx, look, recorded, action, input);
    let outcome = settle(result, recorded)?;
    if recorded.replayed {
        report::message("replayed: this idempotency key was already used; nothing changed now");
    } else if mode == Mode::DryRun && !look.quiet {
        report::message("dry run: nothing was changed");
    }
    Ok(outcome)
}

/// The command's exit, once it has run: the contract's rule is 0 applied,
/// 11 maybe applied, anything else nothing changed.
///
/// - A reader that closed the pipe (`| head`) ends the output quietly and
///   keeps the outcome the command had earned (0 for a change, 9 for
///   `low --check` that found a low item).
/// - Any other failure after the change was saved is exit 11, saying so.
/// - A signal that stopped the command before its commit is 130 or 143.
fn settle(result: Result<Outcome, Error>, recorded: &Recorded) -> Result<Outcome, Error> {
    let err = match result {
        Ok(outcome) => return Ok(outcome),
        Err(err) if render::is_broken_pipe(&err) => return Ok(recorded.outcome),
        Err(err) => err,
    };
    if recorded.committed {
        let op = recorded
            .op
            .map_or_else(String::new, |op| format!(" as operation {op}"));
        let retry = if recorded.keyed {
            "retrying with the same --idempotency-key prints it without applying the change again"
        } else {
            "check with `countiq history` before retrying"
        };
        return Err(Error::Uncertain(format!(
            "the change was saved{op}, but its result could not be written: {err}; {retry}"
        )));
    }
    match crate::signals::check() {
        Err(stopped) => Err(stopped),
        Ok(()) => Err(err),
    }
}

/// Runs a data command.
fn dispatch(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    action: Action,
    input: Option<Digested>,
) -> Result<Outcome, Error> {
    let input =
        || input.ok_or_else(|| Error::Internal(anyhow::anyhow!("the input was not opened")));
    match action {
        Action::Add {
            name,
            fields,
            exists_ok,
        } => commands::add(ctx, look, recorded, &name, &fields, exists_ok),
        Action::List {
            query,
            as_of,
            fields,
        } => commands::list(ctx, look, &query, as_of, fields.as_ref()),
        Action::Remove { names, missing_ok } => {
            commands::remove(ctx, look, recorded, &names, missing_ok)
        }
        Action::Rename { old, new } => commands::rename(ctx, look, recorded, &old, &new),
        Action::Edit { name, edit } => commands::edit(ctx, look, recorded, &name, &edit),
        Action::Adjust {
            name,
            delta,
            reason,
        } => commands::adjust(ctx, look, recorded, &name, delta, reason.as_deref()),
        Action::Level {
            level,
            name,
            quantity,
            reason,
        } => commands::set_level(
            ctx,
            look,
            recorded,
            level,
            &name,
            quantity,
            reason.as_deref(),
        ),
        Action::History { query, fields } => commands::history(ctx, look, &query, fields.as_ref()),
        Action::Undo { op } => commands::undo(ctx, look, recorded, op),
        Action::Show { name } => commands::show(ctx, look, &name),
        Action::Move { name, location } => {
            commands::move_to(ctx, look, recorded, &name, location.as_ref())
        }
        Action::Tag { add, name, tags } => commands::tag(ctx, look, recorded, add, &name, &tags),
        Action::Locations => commands::locations(ctx, look),
        Action::Scan { delta } => scan::scan(ctx, look, recorded, delta),
        Action::Low { check, fields } => commands::low(ctx, look, recorded, check, fields.as_ref()),
        Action::Owners => commands::owners(ctx, look),
        Action::Export { all_owners, fields } => {
            bulk::export(ctx, look, all_owners, fields.as_ref())
        }
        Action::Import {
            file,
            format,
            all_owners,
            on_conflict,
        } => bulk::import(
            ctx,
            look,
            recorded,
            (&file, input()?),
            format,
            all_owners,
            on_conflict,
        ),
        Action::Apply { .. } => bulk::apply(ctx, look, recorded, input()?),
        Action::Schema
        | Action::Doctor
        | Action::Backup { .. }
        | Action::Copy { .. }
        | Action::AdminMigrate
        | Action::AdminEnforceOwners
        | Action::ConfigShow
        | Action::Man { .. }
        | Action::Completions(_) => Err(Error::Internal(anyhow::anyhow!(
            "{} is not a data command",
            action.name()
        ))),
    }
}
