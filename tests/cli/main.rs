//! Integration tests: the real `countiq` binary, one file per area.

mod add;
mod bulk;
mod completions;
mod concurrency;
mod errors;
mod idempotency;
mod ledger;
mod list;
mod operations;
mod options;
mod recipes;
mod remove;
mod rename;
mod schema;
mod stock;
mod storage;
mod upgrade;
mod util;
