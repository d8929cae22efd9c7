//! What a database file says about itself, read without writing anything.

use rusqlite::{Connection, TransactionBehavior};

use super::migrations::{APPLICATION_ID, LATEST_VERSION};

/// The schema version, the CountIQ mark and the journal mode of a file.
pub(super) struct SchemaState {
    pub(super) version: i64,
    pub(super) application_id: i32,
    pub(super) objects: i64,
    pub(super) wal: bool,
}

impl SchemaState {
    /// Why CountIQ must not use this file, if it must not: another
    /// program's database, or one made by a newer CountIQ.
    pub(super) fn refusal(&self) -> Option<String> {
        if self.is_blank() {
            None
        } else if self.application_id != APPLICATION_ID {
            Some("is not a countiq database".to_owned())
        } else if self.version > LATEST_VERSION {
            Some(format!(
                "was made by a newer countiq (schema version {}; this countiq knows up to {LATEST_VERSION})",
                self.version
            ))
        } else {
            None
        }
    }
}

impl SchemaState {
    /// Reads the state in one read transaction: four separate statements
    /// could each see a different moment of a concurrent migration.
    pub(super) fn read_snapshot(conn: &mut Connection) -> rusqlite::Result<Self> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let state = Self::read(&tx)?;
        tx.commit()?;
        Ok(state)
    }

    /// Reads the state inside the caller's transaction.
    pub(super) fn read(conn: &Connection) -> rusqlite::Result<Self> {
        // One statement: this runs at the start of every command.
        conn.query_row(
            "SELECT v.user_version, a.application_id, j.journal_mode, \
             (SELECT count(*) FROM sqlite_schema) \
             FROM pragma_user_version AS v, pragma_application_id AS a, pragma_journal_mode AS j",
            [],
            |r| {
                let mode: String = r.get(2)?;
                Ok(Self {
                    version: r.get(0)?,
                    application_id: r.get(1)?,
                    objects: r.get(3)?,
                    wal: mode.eq_ignore_ascii_case("wal"),
                })
            },
        )
    }

    /// A file with nothing in it yet: newly created, or empty.
    pub(super) fn is_blank(&self) -> bool {
        self.objects == 0 && self.version == 0 && self.application_id == 0
    }

    pub(super) fn has_current_schema(&self) -> bool {
        !self.is_blank() && self.version == LATEST_VERSION
    }

    pub(super) fn is_current(&self) -> bool {
        self.has_current_schema() && self.wal
    }
}
