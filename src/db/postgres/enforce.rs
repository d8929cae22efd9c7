//! Enforced owners (`countiq admin enforce-owners`): from then on an owner
//! is a database role, and row-level security on every table decides which
//! owners a login role may act for.

use postgres::Client;
use postgres::types::Type;

use super::Server;
use super::schema::{self, SchemaName};
use crate::domain::Error;

/// The grants and policies, applied again on every enforcement and
/// migration of an enforced schema (each statement replaces its own).
const ENFORCE_SQL: &str = include_str!("enforce.sql");

/// What `enforce-owners` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Enforced {
    /// The schema.
    pub schema: String,
    /// The group role whose members may use CountIQ.
    pub users_role: String,
    /// True when this run created that role.
    pub created_role: bool,
    /// Every owner, all of them roles now.
    pub owners: Vec<String>,
}

/// The group role of a schema's users: `<schema>_users`.
#[must_use]
pub fn users_role(schema: &SchemaName) -> String {
    format!("{}_users", schema.as_str())
}

fn quoted(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// Puts the schema in enforced mode, creating it if need be, in one
/// transaction under the migration lock. Refuses (exit 4, naming them)
/// while owners exist that are not roles.
pub fn enforce(server: &Server) -> Result<Enforced, Error> {
    let schema = server.schema()?;
    let mut session = server.session()?;
    let client = session.client()?;
    client.batch_execute("BEGIN")?;
    let result = enforce_in(client, schema);
    match result {
        Ok(enforced) => {
            super::commit(client)?;
            Ok(enforced)
        }
        Err(err) => {
            super::rollback(client);
            Err(err)
        }
    }
}

fn enforce_in(client: &mut Client, schema: &SchemaName) -> Result<Enforced, Error> {
    schema::migrate(client, schema)?;
    let users = users_role(schema);
    if users.len() > 63 {
        return Err(Error::Usage(format!(
            "the role {users:?} would be longer than 63 bytes; use a shorter --pg-schema"
        )));
    }
    let not_roles: Vec<String> = client
        .query_typed(
            &schema.sql(
                "SELECT o.name FROM {schema}.owners o \
                 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = o.name) \
                 ORDER BY o.name_key COLLATE \"C\"",
            ),
            &[],
        )?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    if !not_roles.is_empty() {
        let listed: Vec<String> = not_roles.iter().map(|n| format!("{n:?}")).collect();
        return Err(Error::Conflict(format!(
            "these owners are not database roles: {}; an administrator makes a role of each exact name (NOLOGIN, granted to the people who act for it), then run enforce-owners again",
            listed.join(", ")
        )));
    }
    let exists: bool = client
        .query_typed_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1)",
            &[(&users, Type::TEXT)],
        )?
        .try_get(0)?;
    if !exists {
        client
            .batch_execute(&format!("CREATE ROLE {} NOLOGIN", quoted(&users)))
            .map_err(|err| match Error::from(err) {
                Error::Denied(why) => Error::Denied(format!(
                    "cannot make the group role {users:?} ({why}): have an administrator make it (NOLOGIN), or run enforce-owners as a role with CREATEROLE"
                )),
                other => other,
            })?;
    }
    // Read before the policies apply, which hide from the schema's owner
    // too the owners it is not a member of.
    let owners = client
        .query_typed(
            &schema.sql("SELECT name FROM {schema}.owners ORDER BY name_key COLLATE \"C\""),
            &[],
        )?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    apply(client, schema)?;
    Ok(Enforced {
        schema: schema.as_str().to_owned(),
        users_role: users,
        created_role: !exists,
        owners,
    })
}

/// The grants and policies of enforced mode, for every table this version
/// has: run by `enforce-owners`, and by `admin migrate` on an enforced
/// schema so that tables a migration adds are covered too.
pub fn apply(client: &mut Client, schema: &SchemaName) -> Result<(), Error> {
    let sql = schema
        .sql(ENFORCE_SQL)
        .replace("{users}", &quoted(&users_role(schema)));
    client
        .batch_execute(&sql)
        .map_err(|err| match Error::from(err) {
            Error::Denied(why) => Error::Denied(format!(
                "only the owner of schema {:?} can enforce owners ({why})",
                schema.as_str()
            )),
            other => other,
        })
}

/// True when every table of the schema is under forced row-level security:
/// the schema is in enforced mode.
pub fn is_enforced(client: &mut Client, schema: &SchemaName) -> Result<bool, Error> {
    Ok(client
        .query_typed_one(
            "SELECT coalesce(bool_and(c.relrowsecurity AND c.relforcerowsecurity), false) \
             FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relkind = 'r' \
             AND c.relname IN ('owners', 'items', 'operations', 'events', 'idempotency_keys')",
            &[(&schema.as_str(), Type::TEXT)],
        )?
        .try_get(0)?)
}
