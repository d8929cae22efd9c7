//! The one transaction template. Every command runs through [`Ctx::read`]
//! or [`Ctx::write`], which open the transaction, check an idempotency key,
//! record the ledger, and commit or roll back in one place.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::db::{Access, NewEvent, NewOperation, OwnerRef, Storage, StorageTxn, StoredKey};
use crate::domain::{Error, EventKind, IdempotencyKey, OwnerName, Timestamp, Transition};

/// The first pause before a command the server aborted runs again; each
/// next one is twice as long, up to [`LAST_RETRY_PAUSE`].
const FIRST_RETRY_PAUSE: Duration = Duration::from_millis(5);

/// The longest pause between two runs of an aborted command.
const LAST_RETRY_PAUSE: Duration = Duration::from_millis(200);

/// Whether a command keeps its change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Commit the transaction.
    Commit,
    /// Run the whole transition, then roll it back (`--dry-run`).
    DryRun,
}

/// The digest of the input a command reads (`import`, `apply`), as a key's
/// fingerprint needs it.
pub trait InputHash {
    /// The digest of the whole input, reading whatever is left of it.
    fn finish(&self) -> Result<String, Error>;
}

/// An idempotency key and the fingerprint of the request it guards: the
/// same key with another request, or with the same request over other
/// input, is a conflict.
#[derive(Clone)]
pub struct KeyGuard {
    /// The key.
    pub key: IdempotencyKey,
    /// The request's canonical form (see `Action::fingerprint`).
    pub request: String,
    /// The input the command reads, if it reads any.
    pub input: Option<Rc<dyn InputHash>>,
}

impl KeyGuard {
    /// The whole fingerprint: the request, and the digest of its input.
    fn fingerprint(&self) -> Result<String, Error> {
        match &self.input {
            None => Ok(self.request.clone()),
            Some(input) => Ok(format!("{} input:sha256:{}", self.request, input.finish()?)),
        }
    }
}

/// Who is running a command, against what, and whether it keeps its change.
pub struct Ctx<'a> {
    /// The database.
    pub storage: &'a dyn Storage,
    /// Whose items the command reads and changes.
    pub owner: &'a OwnerName,
    /// Who runs it, recorded in the ledger.
    pub actor: &'a str,
    /// Commit or dry run.
    pub mode: Mode,
    /// `--idempotency-key`, with the request it guards.
    pub key: Option<KeyGuard>,
}

/// A write command's header: its name (the ledger's `command`), how it
/// opens the database, and its `--reason`.
#[derive(Debug, Clone, Copy)]
pub struct Intent<'a> {
    /// The command, as the ledger records it.
    pub command: &'static str,
    /// Whether a missing database is created (`Create`) or means there is
    /// nothing to change (`Change`).
    pub access: Access,
    /// `--reason`, if given.
    pub reason: Option<&'a str>,
}

/// Whether a read found the owner it was asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// The owner exists (its data may still be empty).
    Found,
    /// The database exists but has no such owner.
    NoOwner,
    /// There is no database yet.
    NoDatabase,
}

/// What a write command did: its value and what the ledger recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt<T> {
    /// The command's result.
    pub value: T,
    /// The operations recorded, in order (one per owner changed).
    pub ops: Vec<i64>,
    /// How many item changes (events) were recorded.
    pub changed: u64,
    /// True when the value is the stored result of an earlier run with the
    /// same idempotency key, and nothing was done now.
    pub replayed: bool,
}

/// The stored form of a result kept with an idempotency key. Versioned,
/// and separate from any output format: the output may change between
/// releases while a stored result must stay readable.
#[derive(Serialize, serde::Deserialize)]
struct StoredResult<T> {
    /// The version of this record's layout.
    v: u32,
    /// The result.
    result: T,
}

/// The layout [`StoredResult`] is written with.
const STORED_RESULT_VERSION: u32 = 1;

/// The fingerprints this version writes begin with this, so a key stored
/// by an older CountIQ (whose fingerprint cannot be recomputed) is told
/// apart from a key used with another request.
pub const FINGERPRINT_PREFIX: &str = "v1:";

impl<'a> Ctx<'a> {
    /// A context without an idempotency key.
    #[must_use]
    pub fn new(storage: &'a dyn Storage, owner: &'a OwnerName, actor: &'a str, mode: Mode) -> Self {
        Self {
            storage,
            owner,
            actor,
            mode,
            key: None,
        }
    }

    /// The same context, guarded by an idempotency key.
    #[must_use]
    pub fn with_key(self, key: Option<KeyGuard>) -> Self {
        Self { key, ..self }
    }

    /// Runs a read-only command in one snapshot. `body` gets the
    /// transaction and the owner, if it exists; a missing database is an
    /// empty one and is not created.
    pub fn read<T>(
        &self,
        body: impl FnOnce(&mut dyn StorageTxn, Option<&OwnerRef>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.snapshot(Access::Read, body)
    }

    /// [`Ctx::read`] that writes nothing at all, not even a migration: an
    /// older database reads as a missing one.
    pub fn peek<T>(
        &self,
        body: impl FnOnce(&mut dyn StorageTxn, Option<&OwnerRef>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.snapshot(Access::Peek, body)
    }

    /// One snapshot opened with `access`, a read or a peek.
    fn snapshot<T>(
        &self,
        access: Access,
        body: impl FnOnce(&mut dyn StorageTxn, Option<&OwnerRef>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        debug_assert!(!access.writes(), "{access:?}");
        let mut tx = self.storage.txn(access)?;
        let owner = tx.owner(self.owner)?;
        let value = body(&mut *tx, owner.as_ref())?;
        // Ends the snapshot; nothing was written.
        tx.commit()?;
        Ok(value)
    }

    /// Runs a read-only command about the whole database rather than one
    /// owner (`owners`) in one snapshot: the selected owner is not looked
    /// up, so it need not exist, and a missing database reads as empty.
    pub fn read_database<T>(
        &self,
        body: impl FnOnce(&mut dyn StorageTxn) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut tx = self.storage.txn(Access::Read)?;
        let value = body(&mut *tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs a read of the owner's data in one snapshot, and says whether
    /// the owner was there to read: a script that misspells `--owner`
    /// gets an empty result, and a person deserves a note about why.
    pub fn read_owner(
        &self,
        body: impl FnOnce(&mut dyn StorageTxn, &OwnerRef) -> Result<(), Error>,
    ) -> Result<Presence, Error> {
        self.read(|tx, owner| match owner {
            Some(owner) => body(tx, owner).map(|()| Presence::Found),
            None if tx.exists() => Ok(Presence::NoOwner),
            None => Ok(Presence::NoDatabase),
        })
    }

    /// Runs a write command as one transaction: begin (taking the write
    /// lock), replay an earlier run with the same key, run `body`, record
    /// the key with the result, then commit, or roll back for a dry run.
    /// When `body` fails the transaction is dropped, which rolls back:
    /// nothing changed.
    pub fn write<T: Serialize + DeserializeOwned>(
        &self,
        intent: Intent<'_>,
        body: impl FnOnce(&mut dyn StorageTxn, &mut Ledger<'_>) -> Result<T, Error>,
    ) -> Result<Receipt<T>, Error> {
        let mut tx = self.storage.txn(intent.access)?;
        if let Some(value) = self.replay(&mut *tx)? {
            return Ok(Receipt {
                value,
                ops: Vec::new(),
                changed: 0,
                replayed: true,
            });
        }
        let mut ledger = Ledger {
            actor: self.actor,
            command: intent.command,
            reason: intent.reason,
            at: Timestamp::now(),
            undoes: None,
            ops: BTreeMap::new(),
            events: 0,
        };
        let value = body(&mut *tx, &mut ledger)?;
        // The last moment a signal can stop the command: after this the
        // commit is sent, and the command finishes whatever arrives.
        crate::signals::check()?;
        match self.mode {
            Mode::Commit => {
                self.record_key(&mut *tx, intent.access, &value)?;
                crate::signals::committing();
                tx.commit()?;
            }
            Mode::DryRun => tx.rollback()?,
        }
        Ok(Receipt {
            value,
            ops: ledger.ops(),
            changed: ledger.events,
            replayed: false,
        })
    }

    /// [`Ctx::write`] for a command whose body can run again: one the
    /// server aborted to settle a conflict with another transaction
    /// ([`Error::Aborted`]: a deadlock, a serialization failure) runs again
    /// after a short, jittered pause, for as long as the storage allows
    /// (its busy timeout), and only then is reported as busy. Commands
    /// that read their input as they go (import, apply) use
    /// [`Ctx::write`]: their input is not read twice.
    pub fn write_retrying<T: Serialize + DeserializeOwned>(
        &self,
        intent: Intent<'_>,
        mut body: impl FnMut(&mut dyn StorageTxn, &mut Ledger<'_>) -> Result<T, Error>,
    ) -> Result<Receipt<T>, Error> {
        let started = Instant::now();
        let within = self.storage.retry_within();
        let mut pause = FIRST_RETRY_PAUSE;
        loop {
            match self.write(intent, &mut body) {
                Err(Error::Aborted(why)) if started.elapsed() + pause < within => {
                    tracing::info!(command = intent.command, %why, ?pause, "aborted by the server; running again");
                    std::thread::sleep(crate::backoff::jittered(pause));
                    crate::signals::check()?;
                    pause = (pause * 2).min(LAST_RETRY_PAUSE);
                }
                other => return other,
            }
        }
    }

    /// The stored result of an earlier successful run with this key, if
    /// any. Looked up inside the write lock, so of two racing retries the
    /// second sees the first's record.
    fn replay<T: DeserializeOwned>(&self, tx: &mut dyn StorageTxn) -> Result<Option<T>, Error> {
        let Some(guard) = &self.key else {
            return Ok(None);
        };
        let Some(owner) = tx.owner(self.owner)? else {
            return Ok(None);
        };
        let Some(recorded) = tx.find_key(&owner, &guard.key)? else {
            return Ok(None);
        };
        let shown = crate::domain::quoted(guard.key.as_str());
        if !recorded.fingerprint.starts_with(FINGERPRINT_PREFIX) {
            return Err(Error::Conflict(format!(
                "idempotency key {shown} was recorded by an older countiq, whose record of the command cannot be compared with this one; use a new key"
            )));
        }
        if recorded.fingerprint != guard.fingerprint()? {
            return Err(Error::Conflict(format!(
                "idempotency key {shown} was already used by owner {:?} for a different command",
                self.owner.as_str()
            )));
        }
        let stored: StoredResult<T> =
            serde_json::from_str(&recorded.result).with_context(|| {
                format!("the result stored for idempotency key {shown} is unreadable")
            })?;
        tracing::info!(key = guard.key.as_str(), owner = %self.owner, "replaying the result of an earlier run");
        Ok(Some(stored.result))
    }

    /// Records the key with the command's result in the command's
    /// transaction. A command that may create the database records it for
    /// its owner, created if need be; any other records it only when the
    /// owner exists (a `remove --missing-ok` of nothing creates no owner).
    fn record_key<T: Serialize>(
        &self,
        tx: &mut dyn StorageTxn,
        access: Access,
        value: &T,
    ) -> Result<(), Error> {
        let Some(guard) = &self.key else {
            return Ok(());
        };
        if !tx.exists() {
            return Ok(());
        }
        let owner = match access {
            Access::Create | Access::CreateForAll => Some(create_owner(tx, self.owner)?),
            Access::Read | Access::Peek | Access::Change => tx.owner(self.owner)?,
        };
        let Some(owner) = owner else {
            return Ok(());
        };
        let stored = StoredResult {
            v: STORED_RESULT_VERSION,
            result: value,
        };
        let record = StoredKey {
            fingerprint: guard.fingerprint()?,
            result: serde_json::to_string(&stored)
                .context("cannot store the result for the idempotency key")?,
        };
        tx.insert_key(&owner, &guard.key, &record, Timestamp::now())
    }
}

/// The stored owner, created on its first write. A new owner's name must
/// pass the rule for names being created; one stored before that rule
/// still resolves.
pub(super) fn create_owner(tx: &mut dyn StorageTxn, owner: &OwnerName) -> Result<OwnerRef, Error> {
    if let Some(stored) = tx.owner(owner)? {
        return Ok(stored);
    }
    OwnerName::parse_new(owner.as_str())?;
    tx.ensure_owner(owner)
}

/// The ledger of one write command: one operation per owner it changes,
/// created with that owner's first event, so a command that changes
/// nothing leaves no trace.
pub struct Ledger<'a> {
    actor: &'a str,
    command: &'static str,
    reason: Option<&'a str>,
    at: Timestamp,
    undoes: Option<i64>,
    /// Per owner id: the operation and its last event's sequence number.
    ops: BTreeMap<i64, (i64, i64)>,
    events: u64,
}

impl Ledger<'_> {
    /// The command's time: every change it makes is stamped with it.
    #[must_use]
    pub fn at(&self) -> Timestamp {
        self.at
    }

    /// Marks the command as the undo of operation `op`.
    pub fn undoes(&mut self, op: i64) {
        self.undoes = Some(op);
    }

    /// The owner's operation, created now if it has none yet. `undo` asks
    /// for it explicitly, because an undo is recorded even when nothing was
    /// left to revert.
    pub fn operation(&mut self, tx: &mut dyn StorageTxn, owner: &OwnerRef) -> Result<i64, Error> {
        if let Some(&(op, _)) = self.ops.get(&owner.id) {
            return Ok(op);
        }
        let op = tx.insert_operation(&NewOperation {
            owner_id: owner.id,
            command: self.command,
            reason: self.reason,
            at: self.at,
            actor: self.actor,
            undoes: self.undoes,
        })?;
        self.ops.insert(owner.id, (op, 0));
        Ok(op)
    }

    /// Records one item's transition as an event of the owner's operation.
    pub fn record(
        &mut self,
        tx: &mut dyn StorageTxn,
        owner: &OwnerRef,
        kind: EventKind,
        change: Transition<'_>,
    ) -> Result<(), Error> {
        let op = self.operation(tx, owner)?;
        let seq = self.ops.get_mut(&owner.id).map_or(1, |entry| {
            entry.1 += 1;
            entry.1
        });
        tx.insert_event(&NewEvent {
            op,
            seq,
            at: self.at,
            kind,
            change,
        })?;
        self.events += 1;
        tracing::debug!(op, seq, %kind, before = ?change.before(),
            after = ?change.after(), "transition");
        Ok(())
    }

    /// The owner's operation, once one was recorded.
    #[must_use]
    pub fn op_of(&self, owner: &OwnerRef) -> Option<i64> {
        self.ops.get(&owner.id).map(|&(op, _)| op)
    }

    /// Every operation recorded so far, in the order of their owners' ids.
    #[must_use]
    pub fn ops(&self) -> Vec<i64> {
        self.ops.values().map(|&(op, _)| op).collect()
    }

    /// How many events were recorded so far.
    #[must_use]
    pub fn events(&self) -> u64 {
        self.events
    }
}
