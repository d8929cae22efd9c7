//! `doctor` on a server: what it is, who we are on it, and whether
//! CountIQ's schema is whole. Runs in a read-only transaction.

use postgres::types::Type;
use serde::Serialize;

use super::Server;
use super::schema::{self, LATEST_VERSION, State};
use crate::db::sqlite::doctor::OwnerCounts;
use crate::domain::Error;

/// The constraints the schema must hold for the domain's rules to be
/// backed by the database.
const CONSTRAINTS: &[&str] = &[
    "items_owner_name_key_unique",
    "owners_name_key_unique",
    "operations_undone_once",
    "idempotency_keys_pkey",
];

/// The triggers that keep "every event names an operation of its owner"
/// since schema version 3 (a foreign key kept it before; see the
/// migration `0003_ledger_checked_per_statement.sql`).
const LEDGER_TRIGGERS: &[&str] = &[
    "events_name_operations_on_insert",
    "events_name_operations_on_update",
    "operations_keep_events_on_delete",
    "operations_keep_events_on_update",
    "operations_truncate_keeps_events",
];

/// The triggers that keep the same rule for creation runs, since schema
/// version 4.
const RUN_TRIGGERS: &[&str] = &[
    "created_runs_name_operations_on_insert",
    "created_runs_name_operations_on_update",
];

/// What [`check_present`] looks for.
#[derive(Debug, Clone, Copy)]
enum Object {
    /// A constraint of a table in the schema.
    Constraint,
    /// A trigger on a table in the schema, enabled.
    Trigger,
}

/// Records whether the constraint or enabled trigger `name` is in
/// `schema`, as a check, and as a problem when it is not.
fn check_present(
    client: &mut postgres::Client,
    report: &mut Report,
    schema: &str,
    object: Object,
    name: &str,
) -> Result<(), Error> {
    let names: [(&(dyn postgres::types::ToSql + Sync), Type); 2] =
        [(&schema, Type::TEXT), (&name, Type::TEXT)];
    let found = match object {
        Object::Constraint => client.query_typed_one(
            "SELECT EXISTS (SELECT 1 FROM pg_constraint c \
             JOIN pg_namespace n ON n.oid = c.connamespace \
             WHERE n.nspname = $1 AND c.conname = $2)",
            &names,
        ),
        Object::Trigger => client.query_typed_one(
            "SELECT EXISTS (SELECT 1 FROM pg_trigger t \
             JOIN pg_class c ON c.oid = t.tgrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND t.tgname = $2 \
             AND NOT t.tgisinternal AND t.tgenabled <> 'D')",
            &names,
        ),
    };
    let ok: bool = found?.try_get(0)?;
    if !ok {
        report.problems.push(match object {
            Object::Constraint => {
                format!("the constraint {name} is missing from schema {schema:?}")
            }
            Object::Trigger => {
                format!("the trigger {name} is missing from schema {schema:?} or disabled")
            }
        });
    }
    report.constraints.push(Check {
        name: name.to_owned(),
        ok,
    });
    Ok(())
}

/// The findings on a server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Always `postgres`.
    pub backend: &'static str,
    /// The URL, password hidden.
    pub url: String,
    /// `server_version` as the server reports it.
    pub server_version: Option<String>,
    /// CountIQ's schema name.
    pub schema: String,
    /// The schema version found; `None` when there is no schema yet.
    pub schema_version: Option<i32>,
    /// The schema version this binary writes.
    pub binary_schema_version: i32,
    /// Whether the connection is encrypted, and what was verified:
    /// `off`, or `on, ...`.
    pub tls: String,
    /// The database role the commands run as.
    pub role: Option<String>,
    /// Whether that role is a superuser (which bypasses row-level security).
    pub superuser: Option<bool>,
    /// The constraints that back the domain's rules, each present or not.
    pub constraints: Vec<Check>,
    /// Tables with row-level security enabled.
    pub row_level_security: Vec<String>,
    /// Whether owners are database roles, enforced by row-level security
    /// on every table (`admin enforce-owners`).
    pub enforced_owners: bool,
    /// Counts per owner this role can see.
    pub owners: Vec<OwnerCounts>,
    /// What is wrong; empty when the database is healthy.
    pub problems: Vec<String>,
}

/// One named check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked.
    pub name: String,
    /// Whether it holds.
    pub ok: bool,
}

impl Report {
    /// True when nothing is wrong. No schema yet is not a problem: the
    /// first command that writes creates it.
    #[must_use]
    pub fn healthy(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Inspects the server without writing to it. A server that cannot be
/// reached, or refuses us, is an error (exit 8 or 10), not a finding.
pub fn inspect(server: &Server) -> Result<Report, Error> {
    let schema_name = server.schema()?;
    let mut report = Report {
        backend: "postgres",
        url: server.target()?.redacted(),
        schema: schema_name.as_str().to_owned(),
        binary_schema_version: LATEST_VERSION,
        ..Report::default()
    };
    let mut session = server.session()?;
    session.tls.describe().clone_into(&mut report.tls);
    let client = session.client()?;
    client.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
    let row = client.query_typed_one(
        "SELECT current_setting('server_version'), current_user, \
         (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)",
        &[],
    )?;
    report.server_version = row.try_get(0)?;
    report.role = row.try_get(1)?;
    report.superuser = row.try_get(2)?;
    match schema::state(client, schema_name) {
        Ok(State::Absent) => {}
        Ok(State::Usable { version, enforced }) => {
            report.schema_version = Some(version);
            report.enforced_owners = enforced;
        }
        Err(err) => report.problems.push(err.to_string()),
    }
    if report.schema_version.is_some() {
        let schema = schema_name.as_str();
        for name in CONSTRAINTS {
            check_present(client, &mut report, schema, Object::Constraint, name)?;
        }
        if report.schema_version >= Some(3) {
            for name in LEDGER_TRIGGERS {
                check_present(client, &mut report, schema, Object::Trigger, name)?;
            }
        }
        if report.schema_version >= Some(4) {
            for name in RUN_TRIGGERS {
                check_present(client, &mut report, schema, Object::Trigger, name)?;
            }
        }
        report.row_level_security = client
            .query_typed(
                "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relrowsecurity ORDER BY c.relname",
                &[(&schema, Type::TEXT)],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        if report.enforced_owners {
            // Enforcement is complete when every table has its policy too.
            // Creation runs arrived with schema version 4.
            let runs = report.schema_version >= Some(4);
            let missing: Vec<String> = client
                .query_typed(
                    "SELECT t FROM unnest(ARRAY['owners', 'items', 'operations', 'events', \
                     'idempotency_keys']) AS t \
                     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies p \
                     WHERE p.schemaname = $1 AND p.tablename = t AND p.policyname = 'countiq_owner') \
                     UNION ALL SELECT 'created_runs' WHERE $2 AND NOT EXISTS \
                     (SELECT 1 FROM pg_catalog.pg_policies p WHERE p.schemaname = $1 \
                     AND p.tablename = 'created_runs' AND p.policyname = 'countiq_owner')",
                    &[(&schema, Type::TEXT), (&runs, Type::BOOL)],
                )?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?;
            if !missing.is_empty() {
                report.problems.push(format!(
                    "owners are enforced, but these tables lack their policy: {}; run `countiq admin enforce-owners` again",
                    missing.join(", ")
                ));
            }
        }
        // Each item of a creation run (schema version 4) is an event.
        let counts = schema_name.sql(if report.schema_version >= Some(4) {
            "SELECT w.name, \
             (SELECT count(*) FROM {schema}.items i WHERE i.owner_id = w.owner_id), \
             (SELECT count(*) FROM {schema}.events e WHERE e.owner_id = w.owner_id) \
             + (SELECT coalesce(sum(r.last_id - r.first_id + 1), 0)::bigint \
                FROM {schema}.created_runs r WHERE r.owner_id = w.owner_id) \
             FROM {schema}.owners w ORDER BY w.name_key COLLATE \"C\""
        } else {
            "SELECT w.name, \
             (SELECT count(*) FROM {schema}.items i WHERE i.owner_id = w.owner_id), \
             (SELECT count(*) FROM {schema}.events e WHERE e.owner_id = w.owner_id) \
             FROM {schema}.owners w ORDER BY w.name_key COLLATE \"C\""
        });
        for row in client.query_typed(&counts, &[])? {
            report.owners.push(OwnerCounts {
                owner: row.try_get(0)?,
                items: row.try_get::<_, i64>(1)?.unsigned_abs(),
                events: row.try_get::<_, i64>(2)?.unsigned_abs(),
            });
        }
    }
    client.batch_execute("ROLLBACK")?;
    Ok(report)
}
