//! `copy`, and `backup` of a server: a whole database, every row as
//! stored, from one backend into an empty one, in one transaction on the
//! destination and from one snapshot of the source.

use serde::Serialize;

use super::Mode;
use crate::db::{Access, Record, Storage};
use crate::domain::Error;

/// One end of a copy: a database, and its name as messages show it (a
/// URL without its password).
#[derive(Clone, Copy)]
pub struct End<'a> {
    /// The database.
    pub storage: &'a dyn Storage,
    /// How to name it.
    pub shown: &'a str,
}

/// Which of the source's rows a copy takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// All of them: a source that hides some owners from this login is
    /// refused (`copy`).
    Whole,
    /// The ones this login sees (`backup` by a user of a server whose
    /// owners are roles).
    Visible,
}

/// What a copy wrote, row by row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Copied {
    /// Owners.
    pub owners: u64,
    /// Items.
    pub items: u64,
    /// Operations of the ledger.
    pub operations: u64,
    /// Their events.
    pub events: u64,
    /// Idempotency keys.
    pub keys: u64,
}

impl Copied {
    fn count(&mut self, record: &Record) {
        let counter = match record {
            Record::Owner(_) => &mut self.owners,
            Record::Item(_) => &mut self.items,
            Record::Operation(_) => &mut self.operations,
            Record::Event(_) => &mut self.events,
            Record::Key(_) => &mut self.keys,
        };
        *counter += 1;
    }
}

/// Why a login that does not see every owner cannot copy a whole database.
fn hidden_owners(what: &str, shown: &str) -> Error {
    Error::Denied(format!(
        "{what} {shown} needs a database role with BYPASSRLS, or a superuser: its owners are database roles, and row-level security shows this role only the owners it acts for; nothing was written"
    ))
}

/// Copies every row of `from` into `to`, which must hold no owner: ids,
/// name keys and times as stored, so that both answer `list`, `history`,
/// `undo` and `list --as-of` alike, and the destination never gives an id
/// again that the copy holds.
///
/// The source is read from one snapshot while the rows stream into one
/// transaction on the destination, which is created if need be and holds
/// every writer off until it commits; memory does not grow with the
/// number of rows. Everything that can refuse the copy is checked before
/// a row is written: a source with no database (exit 7), an end whose
/// owners this login cannot all see (exit 10), a destination that is not
/// empty (exit 4).
pub fn copy(from: End<'_>, to: End<'_>, scope: Scope, mode: Mode) -> Result<Copied, Error> {
    let mut source = from.storage.txn(Access::Read)?;
    if !source.exists() {
        return Err(Error::Database(format!("no database at {}", from.shown)));
    }
    if scope == Scope::Whole && !source.sees_every_owner()? {
        return Err(hidden_owners("copying", from.shown));
    }
    // Every owner's rows at once: the destination is this transaction's
    // alone until it ends.
    let mut dest = to.storage.txn(Access::CreateForAll)?;
    if !dest.sees_every_owner()? {
        return Err(hidden_owners("writing every owner into", to.shown));
    }
    if !dest.is_empty()? {
        return Err(Error::Conflict(format!(
            "{} already holds owners: copy writes only into an empty database; nothing was written",
            to.shown
        )));
    }
    let mut copied = Copied::default();
    source.records(&mut |record| {
        crate::signals::check()?;
        copied.count(&record);
        dest.load(record)
    })?;
    dest.finish_load()?;
    // Ends the snapshot, which nothing needs any more; nothing was written
    // to the source.
    source.commit()?;
    // The last moment a signal can stop the copy.
    crate::signals::check()?;
    match mode {
        Mode::Commit => {
            crate::signals::committing();
            dest.commit()?;
        }
        Mode::DryRun => dest.rollback()?,
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::db::Store;
    use crate::domain::ErrorKind;
    use crate::service::fixture::{fields, fixture, name, new_name};
    use crate::service::{Added, Ctx, add, remove, undo};

    fn end<'a>(store: &'a Store, shown: &'a str) -> End<'a> {
        End {
            storage: store,
            shown,
        }
    }

    #[test]
    fn a_copy_holds_every_row_and_the_id_sequences_of_the_original() {
        let f = fixture();
        f.add(&f.alice, "milk", 2);
        f.add(&f.bob, "milk", 3);
        let gone = f.add(&f.alice, "last", 1);
        remove(&f.alice(), &[name("last")], false).unwrap();
        undo(&f.alice(), None).unwrap();
        remove(&f.alice(), &[name("last")], false).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let copy = Store::new(dir.path().join("copy.db"), Duration::from_secs(5));
        let copied = super::copy(
            end(&f.store, "original"),
            end(&copy, "copy"),
            Scope::Whole,
            Mode::Commit,
        )
        .unwrap();
        assert_eq!(
            copied,
            Copied {
                owners: 2,
                items: 2,
                operations: 6,
                events: 6,
                keys: 0
            }
        );
        // Every row, and the sequences that decide the next ids.
        assert_eq!(copy.dump(), f.dump());
        let ctx = Ctx::new(&copy, &f.alice, "tester", Mode::Commit);
        let Added::Created(next) = add(&ctx, &new_name("next"), &fields(1), false)
            .unwrap()
            .value
        else {
            panic!("next existed");
        };
        assert_eq!(
            next.id,
            gone.id + 1,
            "the removed item's id is never given again"
        );
    }

    #[test]
    fn a_copy_into_a_database_with_owners_is_a_conflict_and_changes_nothing() {
        let (from, to) = (fixture(), fixture());
        from.add(&from.alice, "milk", 2);
        to.add(&to.bob, "bread", 1);
        let before = to.dump();
        let err = super::copy(
            end(&from.store, "from"),
            end(&to.store, "to"),
            Scope::Whole,
            Mode::Commit,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
        assert_eq!(to.dump(), before);
    }

    #[test]
    fn a_copy_from_no_database_is_exit_7_and_a_dry_run_creates_nothing() {
        let (from, to) = (fixture(), fixture());
        let err = super::copy(
            end(&from.store, "from"),
            end(&to.store, "to"),
            Scope::Whole,
            Mode::Commit,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Database, "{err}");
        assert!(!to.store.path().exists());
        from.add(&from.alice, "milk", 2);
        let copied = super::copy(
            end(&from.store, "from"),
            end(&to.store, "to"),
            Scope::Whole,
            Mode::DryRun,
        )
        .unwrap();
        assert_eq!(copied.items, 1);
        assert!(!to.store.path().exists(), "a dry run leaves no file");
    }
}
