//! Tests that only make sense on a PostgreSQL server: many processes on
//! many connections at once, migrations racing, a server that stops or a
//! network that breaks, credentials refused.
//!
//! They need `COUNTIQ_TEST_POSTGRES` (a postgres:// URL of a role that is
//! not a superuser and may create schemas); each test works in a schema of
//! its own and drops it. Without the variable each says why it skips.
//! Tests that stop a server run a private cluster of their own.

mod copy;
mod faults;
mod harness;
mod image;
mod ledger;
mod outputs;
mod pooler;
mod proxy;
mod races;
mod teams;

#[path = "../../src/db/postgres/connect/test_cluster.rs"]
#[allow(dead_code)] // the certificate half is for the TLS tests beside the code
mod test_cluster;

/// TLS is rustls and the protocol is the postgres crate's: the binary loads
/// no OpenSSL and no libpq, so it runs on a machine without either.
#[test]
fn the_binary_links_no_openssl_and_no_libpq() {
    let binary = assert_cmd::cargo::cargo_bin!("countiq");
    let output = match std::process::Command::new("ldd").arg(binary).output() {
        Ok(output) => output,
        Err(err) => {
            assert!(
                std::env::var("COUNTIQ_REQUIRE_TOOLS").as_deref() != Ok("1"),
                "ldd: {err}"
            );
            eprintln!("skipping: ldd cannot run ({err})");
            return;
        }
    };
    let libraries = String::from_utf8_lossy(&output.stdout);
    for banned in ["libssl", "libcrypto", "libpq"] {
        assert!(
            !libraries.contains(banned),
            "the binary loads {banned}:\n{libraries}"
        );
    }
    assert!(
        libraries.contains("libc.so"),
        "ldd listed the libraries:\n{libraries}"
    );
}
