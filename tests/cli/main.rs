//! Integration tests: the real `countiq` binary, one file per area.

mod add;
mod completions;
mod concurrency;
mod errors;
mod list;
mod options;
mod recipes;
mod remove;
mod rename;
mod storage;
mod upgrade;
mod util;
