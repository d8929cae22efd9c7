//! Integration tests: the real `countiq` binary, one file per area.

mod add;
mod bulk;
mod completions;
mod concurrency;
mod crash;
mod errors;
mod faults;
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
mod soak;
mod static_sql;
mod stock;
mod storage;
mod time;
mod upgrade;
mod util;
