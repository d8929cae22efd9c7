//! The commands about CountIQ itself and its databases: `schema`,
//! `config show`, `doctor`, `backup`, `copy`, `admin`, `man` and
//! `completions`.

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use clap::CommandFactory as _;
use serde::Serialize;

use super::output;
use super::render::{Look, is_broken_pipe, output_error, print_text, quiet_on_broken_pipe, stdout};
use crate::cli::Cli;
use crate::config;
use crate::db::postgres::Server;
use crate::db::sqlite::doctor::Report;
use crate::db::{Database, Store};
use crate::domain::{Error, Outcome};
use crate::service::{self, Copied, End, Mode, Scope};

pub(super) fn schema() -> Result<Outcome, Error> {
    let text = serde_json::to_string_pretty(&crate::schema::document())
        .context("cannot print the schema")?;
    print_text(&text)?;
    Ok(Outcome::Success)
}

/// `config show`: every setting, its effective value and its source.
pub(super) fn config_show(look: Look, config: &config::Settings) -> Result<Outcome, Error> {
    if look.format.is_json() {
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
        |db| (crate::db::shown(&db.value), db.source.to_string()),
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
            config.format.value.as_str().to_owned(),
            config.format.source.to_string(),
        ),
        (
            "busy_timeout",
            config.busy_timeout.value.to_string(),
            config.busy_timeout.source.to_string(),
        ),
        (
            "pg_schema",
            config.pg_schema.value.clone(),
            config.pg_schema.source.to_string(),
        ),
        (
            "color",
            format!("{:?}", config.color.value).to_lowercase(),
            config.color.source.to_string(),
        ),
        (
            "log_format",
            config::log_format_str(config.log_format.value).to_owned(),
            config.log_format.source.to_string(),
        ),
    ];
    let mut table = output::plain_table(&["KEY", "VALUE", "SOURCE"], look.color);
    for (key, value, source) in rows {
        table.add_row(vec![key.to_owned(), value, source]);
    }
    print_text(&table.trim_fmt())?;
    Ok(Outcome::Success)
}

/// `doctor`: a report on the database; exit 7 when it finds it unusable.
pub(super) fn doctor(look: Look, database: &Database) -> Result<Outcome, Error> {
    match database {
        Database::Sqlite(store) => sqlite_doctor(look, store),
        Database::Postgres(server) => server_doctor(look, server),
    }
}

/// `doctor` on a server: exit 8 or 10 when it cannot be asked, 7 when
/// the schema is not right.
fn server_doctor(look: Look, server: &Server) -> Result<Outcome, Error> {
    let report = crate::db::postgres::doctor::inspect(server)?;
    if look.format.is_json() {
        output::write_json_line(stdout(), &report).map_err(output_error)?;
    } else {
        let or_dash = |v: Option<String>| v.unwrap_or_else(|| "-".to_owned());
        let mut lines = vec![
            ("url".to_owned(), report.url.clone()),
            ("server".to_owned(), or_dash(report.server_version.clone())),
            ("role".to_owned(), or_dash(report.role.clone())),
            (
                "superuser".to_owned(),
                or_dash(report.superuser.map(|s| {
                    if s {
                        "yes (bypasses row-level security)"
                    } else {
                        "no"
                    }
                    .to_owned()
                })),
            ),
            ("tls".to_owned(), report.tls.clone()),
            ("schema".to_owned(), report.schema.clone()),
            (
                "schema version".to_owned(),
                format!(
                    "{} (this countiq: {})",
                    or_dash(report.schema_version.map(|v| v.to_string())),
                    report.binary_schema_version
                ),
            ),
        ];
        for check in &report.constraints {
            lines.push((
                format!("constraint {}", check.name),
                if check.ok { "ok" } else { "missing" }.to_owned(),
            ));
        }
        lines.push((
            "owners".to_owned(),
            if report.enforced_owners {
                "database roles (enforced by row-level security)"
            } else {
                "namespaces (not enforced)"
            }
            .to_owned(),
        ));
        lines.push((
            "row-level security".to_owned(),
            if report.row_level_security.is_empty() {
                "off".to_owned()
            } else {
                format!("on for {}", report.row_level_security.join(", "))
            },
        ));
        for owner in &report.owners {
            lines.push((
                format!("owner {:?}", owner.owner),
                format!("{} items, {} events", owner.items, owner.events),
            ));
        }
        for problem in &report.problems {
            lines.push(("problem".to_owned(), problem.clone()));
        }
        let mut table = output::plain_table(&["CHECK", "RESULT"], look.color);
        for (check, result) in lines {
            table.add_row(vec![check, result]);
        }
        print_text(&table.trim_fmt())?;
    }
    if report.healthy() {
        Ok(Outcome::Success)
    } else {
        Err(Error::Database(format!(
            "schema {:?} at {} is not healthy: {}",
            report.schema,
            report.url,
            report.problems.join("; ")
        )))
    }
}

/// `admin migrate`: creates or upgrades the schema of a server; on SQLite,
/// where every command upgrades an older file, it does just that.
pub(super) fn admin_migrate(look: Look, database: &Database) -> Result<Outcome, Error> {
    let (backend, from, to) = match database {
        Database::Postgres(server) => {
            let (from, to) = server.migrate()?;
            ("postgres", i64::from(from), i64::from(to))
        }
        Database::Sqlite(store) => {
            let tx = crate::db::Storage::txn(store, crate::db::Access::Create)?;
            tx.commit()?;
            (
                "sqlite",
                crate::db::LATEST_VERSION,
                crate::db::LATEST_VERSION,
            )
        }
    };
    let written = if look.format.is_json() {
        let report = serde_json::json!({ "backend": backend, "from": from, "to": to });
        output::write_json_line(stdout(), &report).map_err(output_error)
    } else if look.quiet {
        Ok(())
    } else {
        print_text(&if from == to {
            format!("the schema is at version {to}; nothing to do")
        } else {
            format!("migrated the schema from version {from} to {to}")
        })
    };
    saved(written, &format!("the schema is at version {to}"))
}

/// `admin enforce-owners`: owners become database roles (PostgreSQL only).
pub(super) fn admin_enforce_owners(look: Look, database: &Database) -> Result<Outcome, Error> {
    let Database::Postgres(server) = database else {
        return Err(Error::Usage(
            "enforce-owners needs a PostgreSQL database: on SQLite owners are namespaces, and the file's permissions decide who may use it".to_owned(),
        ));
    };
    let report = crate::db::postgres::enforce::enforce(server)?;
    let written = if look.format.is_json() {
        output::write_json_line(stdout(), &report).map_err(output_error)
    } else if look.quiet {
        Ok(())
    } else {
        let created = if report.created_role {
            " (created)"
        } else {
            ""
        };
        print_text(&format!(
            "owners of schema {:?} are now database roles; let people and CI runners in with `GRANT {} TO <role>`{created}",
            report.schema, report.users_role
        ))
    };
    saved(
        written,
        &format!("owners of schema {:?} are enforced", report.schema),
    )
}

fn sqlite_doctor(look: Look, store: &Store) -> Result<Outcome, Error> {
    let mut report = crate::db::sqlite::doctor::inspect(store.path());
    // A path that can never hold a database (a directory the user named
    // that does not exist, `:memory:`) is a finding too.
    if let Err(err) = store.check_path()
        && report.problems.is_empty()
    {
        report.problems.push(err.to_string());
    }
    if look.format.is_json() {
        output::write_json_line(stdout(), &report).map_err(output_error)?;
    } else {
        let mut table = output::plain_table(&["CHECK", "RESULT"], look.color);
        for (check, result) in doctor_lines(&report) {
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

/// `backup DEST [--force]`: a consistent one-file SQLite copy of the
/// database; of a server, a copy of what the role can see, from one
/// snapshot.
pub(super) fn backup(
    look: Look,
    database: &Database,
    dest: &Path,
    force: bool,
    busy_timeout: Duration,
) -> Result<Outcome, Error> {
    let report = match database {
        Database::Sqlite(store) => store.backup(dest, force)?,
        Database::Postgres(server) => {
            let shown = server.target()?.redacted();
            let source = End {
                storage: &**server,
                shown: &shown,
            };
            crate::db::sqlite::backup::new_backup(dest, force, busy_timeout, |store| {
                let shown = store.path().display().to_string();
                let copy = End {
                    storage: store,
                    shown: &shown,
                };
                service::copy(source, copy, Scope::Visible, Mode::Commit).map(drop)
            })?
        }
    };
    let written = if look.format.is_json() {
        output::write_json_line(stdout(), &report).map_err(output_error)
    } else if look.quiet {
        Ok(())
    } else {
        print_text(&format!(
            "backed up {} items of {} owners to {}",
            report.items, report.owners, report.dest
        ))
    };
    saved(
        written,
        &format!("the backup was written to {}", report.dest),
    )
}

/// The outcome of a command whose change is saved once its report is
/// written: a report that cannot be written does not undo the change, so
/// it is never "nothing changed" (the exit rule of `settle`).
fn saved(written: Result<(), Error>, what: &str) -> Result<Outcome, Error> {
    match written {
        Ok(()) => Ok(Outcome::Success),
        Err(err) if is_broken_pipe(&err) => Ok(Outcome::Success),
        Err(err) => Err(Error::Uncertain(format!(
            "{what}, but its report could not be: {err}"
        ))),
    }
}

/// What `copy --json` prints.
#[derive(Serialize)]
struct CopyReport<'a> {
    from: &'a str,
    to: &'a str,
    #[serde(flatten)]
    copied: Copied,
}

/// `copy --from SOURCE --to DEST`: every row of one database, as stored,
/// into an empty one. Each end is given as `--db` takes it, with the
/// database it names.
pub(super) fn copy(
    look: Look,
    from: (&Path, &Database),
    to: (&Path, &Database),
    mode: Mode,
) -> Result<Outcome, Error> {
    let (from_shown, to_shown) = (crate::db::shown(from.0), crate::db::shown(to.0));
    let copied = service::copy(
        End {
            storage: from.1.storage(),
            shown: &from_shown,
        },
        End {
            storage: to.1.storage(),
            shown: &to_shown,
        },
        Scope::Whole,
        mode,
    )?;
    let written = if look.format.is_json() {
        let report = CopyReport {
            from: &from_shown,
            to: &to_shown,
            copied,
        };
        output::write_json_line(stdout(), &report).map_err(output_error)
    } else if look.quiet {
        Ok(())
    } else {
        print_text(&format!(
            "copied {} owners, {} items, {} operations, {} events and {} idempotency keys from {from_shown} to {to_shown}",
            copied.owners, copied.items, copied.operations, copied.events, copied.keys
        ))
    };
    match mode {
        Mode::Commit => saved(written, &format!("{to_shown} holds the copy")),
        Mode::DryRun => {
            if !look.quiet {
                super::report::message("dry run: nothing was changed");
            }
            quiet_on_broken_pipe(written.map(|()| Outcome::Success))
        }
    }
}

/// `man`: the main man page, or a subcommand's page, as roff.
pub(super) fn man(subcommand: Option<&str>) -> Result<Outcome, Error> {
    let page = super::manual::page(subcommand)?;
    let mut out = io::stdout().lock();
    let written = out
        .write_all(&page)
        .and_then(|()| out.flush())
        .map_err(output_error);
    quiet_on_broken_pipe(written.map(|()| Outcome::Success))
}

pub(super) fn completions(shell: clap_complete::Shell) -> Result<Outcome, Error> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "countiq", &mut out);
    if shell == clap_complete::Shell::Fish {
        out = fish_values_before_the_subcommand(&String::from_utf8_lossy(&out)).into_bytes();
    }
    let out = super::complete::with_item_names(shell, &String::from_utf8_lossy(&out));
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(output_error);
    quiet_on_broken_pipe(written.map(|()| Outcome::Success))
}

/// `clap_complete`'s fish script decides whether a subcommand has been typed
/// by running `argparse` over the words before the cursor. While the cursor
/// is on the value of a global option typed before the subcommand
/// (`countiq --format <TAB>`), the last word is that option without its
/// value, `argparse` fails, and no completion applies: the option's values
/// were never offered. This drops that last word and asks again, so the
/// option's values are completed before the subcommand as they are after it.
fn fish_values_before_the_subcommand(script: &str) -> String {
    const PARSE: &str =
        "    argparse -s (__fish_countiq_global_optspecs) -- $cmd 2>/dev/null\n    or return\n";
    const RETRY: &str = "    argparse -s (__fish_countiq_global_optspecs) -- $cmd 2>/dev/null\n    \
        or begin\n        \
            # The last word may be an option still waiting for its value.\n        \
            set -e cmd[-1]\n        \
            argparse -s (__fish_countiq_global_optspecs) -- $cmd 2>/dev/null\n    \
        end\n    \
        or return\n";
    script.replacen(PARSE, RETRY, 1)
}

/// The doctor's findings as (check, result) lines for people.
fn doctor_lines(report: &Report) -> Vec<(String, String)> {
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "-".to_owned());
    let mut lines = vec![
        ("path".to_owned(), report.path.clone()),
        (
            "exists".to_owned(),
            if report.exists {
                "yes"
            } else {
                "no (created by the first write)"
            }
            .to_owned(),
        ),
        (
            "size".to_owned(),
            or_dash(report.size_bytes.map(|b| format!("{b} bytes"))),
        ),
        (
            "schema version".to_owned(),
            format!(
                "{} (this countiq: {})",
                or_dash(report.schema_version.map(|v| v.to_string())),
                report.binary_schema_version
            ),
        ),
        ("sqlite".to_owned(), report.sqlite_version.clone()),
        (
            "journal mode".to_owned(),
            or_dash(report.journal_mode.clone()),
        ),
        ("synchronous".to_owned(), report.synchronous.clone()),
        (
            "wal size".to_owned(),
            or_dash(report.wal_size_bytes.map(|b| format!("{b} bytes"))),
        ),
        (
            "wal frames".to_owned(),
            or_dash(report.wal_frames.map(|n| {
                format!("{n} frames in WAL (from its size; some may be checkpointed already)")
            })),
        ),
        (
            "wal pending".to_owned(),
            or_dash(
                report
                    .wal_pending_frames
                    .map(|n| format!("{n} frames not yet checkpointed")),
            ),
        ),
        ("opened".to_owned(), report.opened.clone()),
        (
            "integrity".to_owned(),
            or_dash(report.integrity_check.clone()),
        ),
    ];
    for owner in &report.owners {
        lines.push((
            format!("owner {}", owner.owner),
            format!("{} items, {} events", owner.items, owner.events),
        ));
    }
    lines.push((
        "status".to_owned(),
        if report.healthy() {
            "healthy".to_owned()
        } else {
            report.problems.join("; ")
        },
    ));
    lines
}
