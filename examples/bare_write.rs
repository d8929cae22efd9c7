//! The least a program can do for one durable write to an item with the
//! SQLite that CountIQ is built with: open the file, one `UPDATE` in
//! `BEGIN IMMEDIATE` with `synchronous = FULL`, commit, close without a
//! checkpoint. No command line, no owner or item lookup, no ledger.
//!
//! `bench/run` times it beside `countiq adjust` and sqlite3's update, as
//! the floor of what any one-write process costs on the machine:
//!
//! ```text
//! cargo rustc --release --example bare_write -- -C target-feature=+crt-static
//! bare_write DB NAME_KEY     # adds 1 to the item of owner 1 with that key
//! ```

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

fn main() -> rusqlite::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(key)) = (args.next(), args.next()) else {
        eprintln!("usage: bare_write DB NAME_KEY");
        std::process::exit(2);
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(db, flags)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    conn.execute_batch("PRAGMA synchronous = FULL; BEGIN IMMEDIATE")?;
    conn.execute(
        "UPDATE items SET quantity = quantity + 1 WHERE owner_id = 1 AND name_key = ?1",
        [key],
    )?;
    conn.execute_batch("COMMIT")
}
