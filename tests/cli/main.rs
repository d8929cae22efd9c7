//! Integration tests: the real `countiq` binary, one file per area, on
//! every backend (see `util` and `backends`).

mod add;
mod backends;
mod backup;
mod bulk;
mod complete_names;
mod completions;
mod concurrency;
mod crash;
mod deliveries;
mod details;
mod errors;
mod exits;
mod faults;
mod fields;
mod fish;
mod idempotency;
mod isolation;
mod ledger;
mod list;
mod names;
mod operations;
mod options;
mod recipes;
mod remove;
mod rename;
mod schema;
mod server;
mod shipped;
mod soak;
mod static_sql;
mod stock;
mod storage;
mod time;
mod upgrade;
mod util;
