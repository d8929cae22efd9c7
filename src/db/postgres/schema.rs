//! CountIQ's PostgreSQL schema: its name, its numbered migrations, and the
//! advisory locks that serialise creating it, migrating it and writing to
//! it.

use postgres::Client;
use postgres::types::Type;
use sha2::{Digest, Sha256};

use crate::domain::Error;

/// Every migration, in order; index + 1 is the schema version it produces,
/// with the oldest version whose binaries can still use it. A shipped file
/// is never edited: a change to the schema is a new file.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_init.sql",
        sql: include_str!("../../../migrations/postgres/0001_init.sql"),
        compatible_from: 1,
    },
    Migration {
        name: "0002_details.sql",
        sql: include_str!("../../../migrations/postgres/0002_details.sql"),
        compatible_from: 2,
    },
    Migration {
        name: "0003_ledger_checked_per_statement.sql",
        sql: include_str!("../../../migrations/postgres/0003_ledger_checked_per_statement.sql"),
        compatible_from: 2,
    },
    Migration {
        name: "0004_creation_runs.sql",
        sql: include_str!("../../../migrations/postgres/0004_creation_runs.sql"),
        compatible_from: 4,
    },
];

/// The schema version this binary writes and fully understands.
pub const LATEST_VERSION: i32 = MIGRATIONS.len() as i32;

/// One numbered migration.
#[derive(Debug)]
pub struct Migration {
    /// Its file name under `migrations/postgres/`.
    pub name: &'static str,
    /// Its SQL, with `{schema}` for the schema's quoted name.
    pub sql: &'static str,
    /// The oldest schema version whose binaries still work on the schema
    /// this migration produces: its own version for a change older binaries
    /// cannot follow, an older one for an additive change.
    pub compatible_from: i32,
}

/// The PostgreSQL schema CountIQ's tables live in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaName {
    name: String,
    quoted: String,
}

impl SchemaName {
    /// The schema used when nothing names another.
    pub const DEFAULT: &'static str = "countiq";

    /// Checks a schema name: 1 to 63 bytes (PostgreSQL's limit), no NUL,
    /// not one of the server's own (`pg_*`, `information_schema`).
    pub fn parse(name: &str) -> Result<Self, Error> {
        if name.is_empty() || name.len() > 63 || name.contains('\0') {
            return Err(Error::Usage(format!(
                "invalid PostgreSQL schema name {name:?}: it must be 1 to 63 bytes"
            )));
        }
        if name.starts_with("pg_") || name == "information_schema" {
            return Err(Error::Usage(format!(
                "invalid PostgreSQL schema name {name:?}: that name belongs to the server"
            )));
        }
        Ok(Self {
            name: name.to_owned(),
            quoted: format!("\"{}\"", name.replace('"', "\"\"")),
        })
    }

    /// The name as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// `template` with `{schema}` replaced by the quoted name: the one
    /// piece of text ever put into CountIQ's SQL.
    #[must_use]
    pub fn sql(&self, template: &str) -> String {
        template.replace("{schema}", &self.quoted)
    }

    /// The advisory lock key that serialises migrations of this schema.
    #[must_use]
    pub fn migration_lock(&self) -> i64 {
        lock_key(&[b"countiq migrations", self.name.as_bytes()])
    }

    /// The advisory lock key that every writer takes shared and an import
    /// of every owner takes exclusively.
    #[must_use]
    pub fn writers_lock(&self) -> i64 {
        lock_key(&[b"countiq writers", self.name.as_bytes()])
    }

    /// The advisory lock key of one owner's items: writers of one owner
    /// take it first, and so run one after another.
    #[must_use]
    pub fn owner_lock(&self, owner_key: &str) -> i64 {
        lock_key(&[b"countiq owner", self.name.as_bytes(), owner_key.as_bytes()])
    }
}

/// A 64-bit advisory lock key from the SHA-256 of its parts, each
/// length-prefixed so that no two lists of parts give the same bytes.
fn lock_key(parts: &[&[u8]]) -> i64 {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    let digest = hash.finalize();
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// What a client found of the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No CountIQ schema here yet.
    Absent,
    /// A schema this binary can use.
    Usable {
        /// Its version.
        version: i32,
        /// Whether owners are enforced as roles.
        enforced: bool,
    },
}

/// What the catalog says of the schema: whether it has its table of
/// versions, and whether its tables are under forced row-level security
/// (enforced owners). Read with the statement's own snapshot (not
/// `to_regclass`, whose cached lookups may not yet see a table another
/// session has just committed): after waiting for the migration lock, this
/// sees the winner's schema.
fn catalog(client: &mut Client, schema: &SchemaName) -> Result<(bool, bool), Error> {
    let row = client.query_typed_one(
        "SELECT coalesce(bool_or(c.relname = 'schema_versions'), false), \
         coalesce(bool_and(c.relrowsecurity AND c.relforcerowsecurity) \
                  FILTER (WHERE c.relname <> 'schema_versions'), false) \
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = $1 AND c.relkind = 'r' \
         AND c.relname IN ('schema_versions', 'owners', 'items', 'operations', 'events', \
                           'idempotency_keys')",
        &[(&schema.as_str(), Type::TEXT)],
    )?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// Reads the schema's version inside the caller's transaction and decides
/// whether this binary may use it.
pub fn state(client: &mut Client, schema: &SchemaName) -> Result<State, Error> {
    let (found, enforced) = catalog(client, schema)?;
    if !found {
        return Ok(State::Absent);
    }
    let row = client.query_typed_opt(
        &schema.sql(
            "SELECT version, compatible_from FROM {schema}.schema_versions \
             ORDER BY version DESC LIMIT 1",
        ),
        &[],
    )?;
    let Some(row) = row else {
        return Err(Error::Database(format!(
            "the PostgreSQL schema {:?} has no recorded version; it was not made by countiq",
            schema.as_str()
        )));
    };
    let (version, compatible_from): (i32, i32) = (row.try_get(0)?, row.try_get(1)?);
    if version < LATEST_VERSION {
        return Err(Error::Database(format!(
            "the PostgreSQL schema {:?} is at version {version} and this countiq needs version {LATEST_VERSION}: run `countiq admin migrate` to upgrade it",
            schema.as_str()
        )));
    }
    if compatible_from > LATEST_VERSION {
        return Err(Error::Database(format!(
            "the PostgreSQL schema {:?} is at version {version}, made by a newer countiq, and no longer works with this one (version {LATEST_VERSION}); upgrade countiq",
            schema.as_str()
        )));
    }
    Ok(State::Usable { version, enforced })
}

/// Creates the schema, or brings it to [`LATEST_VERSION`], inside the
/// caller's transaction, under the migration lock: of many clients doing it
/// at once, the first does the work and the others find it done. Returns
/// the versions before and after.
pub fn migrate(client: &mut Client, schema: &SchemaName) -> Result<(i32, i32), Error> {
    client.execute_typed(
        "SELECT pg_advisory_xact_lock($1)",
        &[(&schema.migration_lock(), Type::INT8)],
    )?;
    let (found, enforced) = catalog(client, schema)?;
    let from = if found {
        client
            .query_typed_one(
                &schema.sql("SELECT coalesce(max(version), 0) FROM {schema}.schema_versions"),
                &[],
            )?
            .try_get::<_, i32>(0)?
    } else {
        client.batch_execute(&schema.sql("CREATE SCHEMA IF NOT EXISTS {schema}"))?;
        0
    };
    if from > LATEST_VERSION {
        let compatible_from: i32 = client
            .query_typed_one(
                &schema
                    .sql("SELECT compatible_from FROM {schema}.schema_versions WHERE version = $1"),
                &[(&from, Type::INT4)],
            )?
            .try_get(0)?;
        if compatible_from > LATEST_VERSION {
            return Err(Error::Database(format!(
                "the PostgreSQL schema {:?} is at version {from}, made by a newer countiq; upgrade countiq",
                schema.as_str()
            )));
        }
        return Ok((from, from));
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = index as i32 + 1;
        tracing::info!(
            migration = migration.name,
            schema = schema.as_str(),
            "applying migration"
        );
        client.batch_execute(&schema.sql(migration.sql))?;
        client.execute_typed(
            &schema.sql(
                "INSERT INTO {schema}.schema_versions (version, compatible_from) VALUES ($1, $2)",
            ),
            &[
                (&version, Type::INT4),
                (&migration.compatible_from, Type::INT4),
            ],
        )?;
    }
    // Tables a migration added come under the same policies.
    if enforced && from < LATEST_VERSION {
        super::enforce::apply(client, schema)?;
    }
    Ok((from, from.max(LATEST_VERSION)))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn schema_names_are_quoted_as_identifiers() {
        let odd = SchemaName::parse("team \"a\"").unwrap();
        assert_eq!(odd.sql("{schema}.items"), "\"team \"\"a\"\"\".items");
        assert_eq!(
            SchemaName::parse("countiq")
                .unwrap()
                .sql("SELECT 1 FROM {schema}.items"),
            "SELECT 1 FROM \"countiq\".items"
        );
    }

    #[test]
    fn the_servers_own_and_overlong_schema_names_are_refused() {
        for bad in [
            "",
            "pg_catalog",
            "information_schema",
            &"x".repeat(64),
            "a\0b",
        ] {
            assert!(SchemaName::parse(bad).is_err(), "{bad:?}");
        }
        assert!(SchemaName::parse(&"x".repeat(63)).is_ok());
    }

    #[test]
    fn lock_keys_differ_by_schema_owner_and_purpose() {
        let a = SchemaName::parse("a").unwrap();
        let b = SchemaName::parse("b").unwrap();
        let keys = [
            a.owner_lock("alice"),
            a.owner_lock("bob"),
            b.owner_lock("alice"),
            a.writers_lock(),
            b.writers_lock(),
            a.migration_lock(),
        ];
        for (i, x) in keys.iter().enumerate() {
            for y in &keys[i + 1..] {
                assert_ne!(x, y);
            }
        }
        assert_eq!(
            a.owner_lock("alice"),
            SchemaName::parse("a").unwrap().owner_lock("alice")
        );
    }

    #[test]
    fn the_embedded_list_is_exactly_the_migrations_folder_in_order() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| {
                std::path::Path::new(n)
                    .extension()
                    .is_some_and(|e| e == "sql")
            })
            .collect();
        files.sort();
        let embedded: Vec<&str> = MIGRATIONS.iter().map(|m| m.name).collect();
        assert_eq!(files, embedded);
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert!(
                m.name.starts_with(&format!("{:04}_", i + 1)),
                "{} is out of sequence",
                m.name
            );
            assert!(
                (1..=i as i32 + 1).contains(&m.compatible_from),
                "{}: compatible_from must name this version or an older one",
                m.name
            );
        }
    }

    /// A shipped migration is never edited; this pins each file's bytes.
    #[test]
    fn shipped_migrations_are_never_edited() {
        let pinned: &[(&str, &str)] = &[
            (
                "0001_init.sql",
                "9690f79633770d40412d272c371f759f8cb8401a1edd1b858a6f5930d55c654d",
            ),
            (
                "0002_details.sql",
                "5d23800f64328464a39777e6b7fc315e6da70ca3013a5f2522b97becc269c994",
            ),
            (
                "0003_ledger_checked_per_statement.sql",
                "1f761b9c72233fa343a599e8a13ef18d34ee16ece5442403a9e718efddb9565b",
            ),
            (
                "0004_creation_runs.sql",
                "2c593e31f1358cb4cb3a466d2d8ab44a3a8ed52cc4af4ede57a9a7f34f4c997d",
            ),
        ];
        for (m, (name, hash)) in MIGRATIONS.iter().zip(pinned) {
            assert_eq!(m.name, *name);
            let digest = Sha256::digest(m.sql.as_bytes());
            let hex: String = digest.iter().fold(String::new(), |mut hex, b| {
                let _ = write!(hex, "{b:02x}");
                hex
            });
            assert_eq!(hex, *hash, "{} was edited after it shipped", m.name);
        }
        assert_eq!(
            pinned.len(),
            MIGRATIONS.len(),
            "pin the new migration's hash"
        );
    }
}
