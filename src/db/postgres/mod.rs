//! The PostgreSQL backend: a shared server instead of a file.

pub mod connect;
