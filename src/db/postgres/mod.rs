//! The server backend: one database shared by many hosts, reached by a
//! `postgres://` URL.

pub mod connect;
