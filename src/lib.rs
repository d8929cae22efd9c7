//! CountIQ: a command-line inventory that many scripts can share safely.
//!
//! Data flows one way: [`cli`] (clap types, parsing only) -> [`request`]
//! (one typed request, every string parsed once) -> [`app`] (runs it and
//! renders the result) -> [`service`] (one transaction per command, through
//! the storage seam) -> [`domain`] (pure rules and types). The service
//! reaches the database only through the seam in [`db`], whose backends
//! turn its calls into SQL; the domain depends on nothing.

pub mod ahead;
pub mod app;
pub mod backoff;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod input;
pub mod request;
pub mod schema;
pub mod service;
pub mod signals;
