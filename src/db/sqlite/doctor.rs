//! `doctor`: what a database file is and whether it is healthy, found out
//! without writing to it.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::migrations::LATEST_VERSION;
use super::read_only::open_immutable;
use super::schema_state::SchemaState;

/// Item and event counts of one owner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OwnerCounts {
    /// The owner's name.
    pub owner: String,
    /// Items now.
    pub items: u64,
    /// Events in the ledger.
    pub events: u64,
}

/// The findings. Fields that could not be read are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The database path.
    pub path: String,
    /// Whether the file exists.
    pub exists: bool,
    /// Its size in bytes.
    pub size_bytes: Option<u64>,
    /// The schema version in the file.
    pub schema_version: Option<i64>,
    /// The schema version this binary writes.
    pub binary_schema_version: i64,
    /// The SQLite library version.
    pub sqlite_version: String,
    /// The journal mode (`wal` for a CountIQ database).
    pub journal_mode: Option<String>,
    /// The `synchronous` level CountIQ runs with.
    pub synchronous: String,
    /// The size of the `-wal` file, if there is one.
    pub wal_size_bytes: Option<u64>,
    /// Frames in the `-wal` file, from its size:
    /// `(size - 32) / (page_size + 24)`. Found without writing (a checkpoint call would write), so
    /// some may already be checkpointed: SQLite reuses the file from the
    /// start after a complete checkpoint without shrinking it.
    pub wal_frames: Option<u64>,
    /// Frames of committed changes in the WAL not yet copied into the
    /// database file, from the WAL index in `-shm` (as the last process
    /// left it); `None` without a readable `-shm`.
    pub wal_pending_frames: Option<u64>,
    /// How doctor read the file: `read-only`, or `immutable` on read-only
    /// storage (then nothing can be writing it).
    pub opened: String,
    /// `PRAGMA integrity_check`: `ok` or the problems it found.
    pub integrity_check: Option<String>,
    /// Counts per owner.
    pub owners: Vec<OwnerCounts>,
    /// What is wrong; empty when the database is healthy.
    pub problems: Vec<String>,
}

impl Report {
    /// True when nothing is wrong. A missing file is not a problem: it is
    /// created by the first command that writes.
    #[must_use]
    pub fn healthy(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Inspects the database at `path`. Opens it read-only and never migrates,
/// so the file is left exactly as it was.
#[must_use]
pub fn inspect(path: &Path) -> Report {
    let mut report = Report {
        path: path.display().to_string(),
        binary_schema_version: LATEST_VERSION,
        sqlite_version: rusqlite::version().to_owned(),
        synchronous: "full".to_owned(),
        opened: "read-only".to_owned(),
        ..Report::default()
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return report,
        Err(e) => {
            report.problems.push(format!("cannot read the file: {e}"));
            return report;
        }
    };
    report.exists = true;
    if meta.is_dir() {
        report
            .problems
            .push("is a directory, not a database file".to_owned());
        return report;
    }
    if !meta.is_file() {
        report.problems.push(
            "is not a regular file (a FIFO, socket or device cannot hold a database)".to_owned(),
        );
        return report;
    }
    report.size_bytes = Some(meta.len());
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    report.wal_size_bytes = std::fs::metadata(&wal).ok().map(|m| m.len());
    report.wal_frames = report
        .wal_size_bytes
        .zip(page_size(path))
        .map(|(size, page)| size.saturating_sub(32) / (page + 24));
    let mut shm = path.as_os_str().to_owned();
    shm.push("-shm");
    report.wal_pending_frames = pending_frames(Path::new(&shm));
    if let Err(problem) = examine(path, &mut report) {
        report.problems.push(problem);
    }
    report
}

/// The WAL frames not yet checkpointed, read from the WAL index at the
/// start of the `-shm` file: its header's `mxFrame` (the last valid frame,
/// at byte 16) less the checkpoint's `nBackfill` (frames copied into the
/// database, at byte 96), both native-endian, as SQLite's WAL format
/// documents them. A plain read of a few bytes: it takes no lock and
/// changes nothing, so a writer at the same moment can make it a little
/// stale, which is all a report needs.
fn pending_frames(shm: &Path) -> Option<u64> {
    /// The WAL index format version in its header's first field.
    const WAL_INDEX_VERSION: u32 = 3_007_000;
    let mut header = [0_u8; 100];
    let mut file = std::fs::File::open(shm).ok()?;
    std::io::Read::read_exact(&mut file, &mut header).ok()?;
    let field = |at: usize| {
        let bytes: [u8; 4] = header[at..at + 4].try_into().ok()?;
        Some(u32::from_ne_bytes(bytes))
    };
    if field(0)? != WAL_INDEX_VERSION {
        return None;
    }
    let (max_frame, backfilled) = (field(16)?, field(96)?);
    Some(u64::from(max_frame.saturating_sub(backfilled)))
}

/// The page size from the database header (bytes 16-17, big-endian; 1
/// stands for 65536), or `None` when the file has no valid header.
fn page_size(path: &Path) -> Option<u64> {
    use std::io::Read as _;
    let mut header = [0_u8; 18];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .ok()?;
    match u16::from_be_bytes([header[16], header[17]]) {
        1 => Some(65536),
        n if n >= 512 && n.is_power_of_two() => Some(u64::from(n)),
        _ => None,
    }
}

fn examine(path: &Path, report: &mut Report) -> Result<(), String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let sql_problem = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => "is not a database".to_owned(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => "is corrupt".to_owned(),
        _ => format!("cannot be read: {e}"),
    };
    let opened = Connection::open_with_flags(path, flags).and_then(|conn| {
        let state = SchemaState::read(&conn)?;
        Ok((conn, state))
    });
    let (conn, state) = match opened {
        Ok(opened) => opened,
        // On read-only storage SQLite cannot make the `-shm` a WAL
        // database needs; with no WAL content no writer can exist, and the
        // file alone is the whole database.
        Err(e)
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen)
                && report.wal_size_bytes.unwrap_or(0) == 0 =>
        {
            let conn = open_immutable(path).map_err(|e| format!("cannot be opened: {e}"))?;
            let state = SchemaState::read(&conn).map_err(sql_problem)?;
            "immutable: read-only storage with no WAL content, so no writer can exist"
                .clone_into(&mut report.opened);
            (conn, state)
        }
        Err(e) => return Err(format!("cannot be opened: {e}")),
    };
    report.schema_version = Some(state.version);
    report.journal_mode = Some(
        conn.pragma_query_value(None, "journal_mode", |r| r.get(0))
            .map_err(sql_problem)?,
    );
    let integrity = integrity_check(&conn).map_err(sql_problem)?;
    let ok = integrity == "ok";
    report.integrity_check = Some(integrity);
    if !ok {
        return Err("the integrity check failed".to_owned());
    }
    if let Some(why) = state.refusal() {
        return Err(why);
    }
    if state.is_blank() {
        return Ok(());
    }
    report.owners = counts(&conn, state.version).map_err(sql_problem)?;
    Ok(())
}

fn integrity_check(conn: &Connection) -> rusqlite::Result<String> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(lines.join("; "))
}

fn counts(conn: &Connection, version: i64) -> rusqlite::Result<Vec<OwnerCounts>> {
    let mut owners: BTreeMap<String, OwnerCounts> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT o.name_key, o.name, (SELECT count(*) FROM items i WHERE i.owner_id = o.id) \
         FROM owners o ORDER BY o.name_key",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (key, owner, items) = row?;
        owners.insert(
            key,
            OwnerCounts {
                owner,
                items: items as u64,
                events: 0,
            },
        );
    }
    // Adds the events a query counts per owner's name key.
    let mut add_events = |mut stmt: rusqlite::Statement<'_>| -> rusqlite::Result<()> {
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (key, events) = row?;
            if let Some(counts) = owners.get_mut(&key) {
                counts.events += events as u64;
            }
        }
        Ok(())
    };
    // The ledger arrived with schema version 2.
    if version >= 2 {
        add_events(conn.prepare(
            "SELECT w.name_key, count(*) FROM events e JOIN operations o ON o.id = e.op_id \
             JOIN owners w ON w.id = o.owner_id GROUP BY w.name_key",
        )?)?;
    }
    // Items created together are one row of `created_runs` since version 6,
    // each item an event.
    if version >= 6 {
        add_events(conn.prepare(
            "SELECT w.name_key, sum(r.last_id - r.first_id + 1) FROM created_runs r \
             JOIN operations o ON o.id = r.op_id \
             JOIN owners w ON w.id = o.owner_id GROUP BY w.name_key",
        )?)?;
    }
    Ok(owners.into_values().collect())
}
