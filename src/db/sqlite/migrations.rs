//! The schema's history: numbered SQL files from `migrations/`, embedded at
//! compile time and applied in order inside the caller's transaction.

use rusqlite::Transaction;

/// Every migration, in order; index + 1 is the schema version it produces.
/// A shipped file is never edited: a change to the schema is a new file.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("../../../migrations/sqlite/0001_init.sql"),
    ),
    (
        "0002_ledger.sql",
        include_str!("../../../migrations/sqlite/0002_ledger.sql"),
    ),
    (
        "0003_idempotency.sql",
        include_str!("../../../migrations/sqlite/0003_idempotency.sql"),
    ),
    (
        "0004_events_without_rowid.sql",
        include_str!("../../../migrations/sqlite/0004_events_without_rowid.sql"),
    ),
    (
        "0005_details.sql",
        include_str!("../../../migrations/sqlite/0005_details.sql"),
    ),
    (
        "0006_creation_runs.sql",
        include_str!("../../../migrations/sqlite/0006_creation_runs.sql"),
    ),
];

/// The schema version this binary writes and fully understands.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Marks a file as a CountIQ database (`PRAGMA application_id`), so another
/// program's SQLite file is refused instead of having tables added to it.
pub const APPLICATION_ID: i32 = 0x436E_4951; // "CnIQ"

/// Applies every migration after `from` and records the new version.
///
/// Runs inside the caller's transaction: either the database reaches
/// [`LATEST_VERSION`] or nothing changes.
pub fn migrate(tx: &Transaction<'_>, from: i64) -> rusqlite::Result<()> {
    let start = usize::try_from(from).unwrap_or(0);
    for (name, sql) in &MIGRATIONS[start.min(MIGRATIONS.len())..] {
        tracing::info!(migration = name, "applying migration");
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", LATEST_VERSION)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn every_migration_applies_in_order_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        migrate(&tx, 0).unwrap();
        tx.commit().unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, LATEST_VERSION);
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let fk: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
    }

    #[test]
    fn the_embedded_list_is_exactly_the_migrations_folder_in_order() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite");
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
        let embedded: Vec<&str> = MIGRATIONS.iter().map(|(n, _)| *n).collect();
        assert_eq!(files, embedded);
        for (i, name) in embedded.iter().enumerate() {
            assert!(
                name.starts_with(&format!("{:04}_", i + 1)),
                "{name} is out of sequence"
            );
        }
    }

    /// A shipped migration is never edited; this pins each file's bytes.
    /// Adding a migration means adding a line here, never changing one.
    #[test]
    fn shipped_migrations_are_never_edited() {
        fn fnv1a(bytes: &[u8]) -> u64 {
            bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
            })
        }
        let pinned: &[(&str, u64)] = &[
            ("0001_init.sql", 16_791_043_837_461_666_736),
            ("0002_ledger.sql", 36_228_647_295_831_370),
            ("0003_idempotency.sql", 3_564_460_855_900_101_614),
            ("0004_events_without_rowid.sql", 716_315_538_888_848_999),
            ("0005_details.sql", 8_942_792_606_948_518_526),
            ("0006_creation_runs.sql", 668_790_425_633_214_585),
        ];
        for ((name, sql), (pinned_name, hash)) in MIGRATIONS.iter().zip(pinned) {
            assert_eq!(name, pinned_name);
            assert_eq!(
                fnv1a(sql.as_bytes()),
                *hash,
                "{name} was edited after it shipped"
            );
        }
        assert_eq!(
            pinned.len(),
            MIGRATIONS.len(),
            "pin the new migration's hash"
        );
    }
}
