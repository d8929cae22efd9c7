//! CountIQ: a command-line inventory over SQLite.
//!
//! Data flows one way: [`cli`] (parsing) -> [`app`] (wiring a parsed command
//! to its service call and its output) -> [`service`] (one transaction per
//! command) -> [`domain`] (pure rules) -> [`db`] (SQL, the final authority).

pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod input;
pub mod manual;
pub mod output;
pub mod schema;
pub mod service;
