//! Integration tests: the real `countiq` binary, one file per area.

mod add;
mod completions;
mod concurrency;
mod errors;
mod ledger;
mod list;
mod options;
mod recipes;
mod remove;
mod rename;
mod stock;
mod storage;
mod upgrade;
mod util;
