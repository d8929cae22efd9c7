//! Integration tests: the real `countiq` binary, one file per area.

mod add;
mod backup;
mod bulk;
mod completions;
mod concurrency;
mod crash;
mod errors;
mod faults;
mod idempotency;
mod isolation;
mod ledger;
mod list;
mod operations;
mod options;
mod recipes;
mod remove;
mod rename;
mod schema;
mod soak;
mod static_sql;
mod stock;
mod storage;
mod upgrade;
mod util;
