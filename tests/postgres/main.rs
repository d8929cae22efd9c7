//! Tests that only make sense on a PostgreSQL server: many processes on
//! many connections at once, migrations racing, a server that stops or a
//! network that breaks, credentials refused.
//!
//! They need `COUNTIQ_TEST_POSTGRES` (a postgres:// URL of a role that is
//! not a superuser and may create schemas); each test works in a schema of
//! its own and drops it. Without the variable each says why it skips.
//! Tests that stop a server run a private cluster of their own.

mod faults;
mod harness;
mod outputs;
mod proxy;
mod races;

#[path = "../../src/db/postgres/connect/test_cluster.rs"]
#[allow(dead_code)] // the certificate half is for the TLS tests beside the code
mod test_cluster;
