//! The binary CountIQ ships on Linux: `cargo build-static` (an alias in
//! `.cargo/config.toml`) links the C library in. The rest of the suite runs
//! the ordinary build; these tests hold the shipped one to it. They need
//! that binary built first: `COUNTIQ_TEST_STATIC_BIN` names it (CI builds
//! it and sets the variable); without it they say why they skip.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{Backend, Env, Run, postgres_url};

/// The shipped binary, when this run was given one.
fn shipped_binary() -> Option<PathBuf> {
    let path = std::env::var_os("COUNTIQ_TEST_STATIC_BIN").filter(|path| !path.is_empty());
    if path.is_none() {
        assert!(
            std::env::var_os("COUNTIQ_REQUIRE_TOOLS").is_none(),
            "COUNTIQ_TEST_STATIC_BIN must name the `cargo build-static` binary here \
             (COUNTIQ_REQUIRE_TOOLS is set)"
        );
        eprintln!(
            "skipping: COUNTIQ_TEST_STATIC_BIN is not set \
             (cargo build-static, then set it to target/release/countiq)"
        );
    }
    path.map(PathBuf::from)
}

/// Runs the shipped binary with `args`, in `env`'s directory, database and
/// owner, as [`Env::run`] runs the tested one.
fn run_shipped(env: &Env, binary: &Path, args: &[&str]) -> Run {
    let mut cmd = env.program(binary.to_str().expect("a UTF-8 path"));
    cmd.args(args);
    env.run_command(cmd, None)
}

/// A little-endian integer of `N` bytes at `at` in an ELF file.
fn field<const N: usize>(elf: &[u8], at: usize) -> u64 {
    let mut bytes = [0u8; 8];
    bytes[..N].copy_from_slice(&elf[at..at + N]);
    u64::from_le_bytes(bytes)
}

#[test]
fn the_shipped_binary_is_position_independent_and_needs_no_dynamic_loader() {
    let Some(binary) = shipped_binary() else {
        return;
    };
    let elf = std::fs::read(&binary).expect("read the shipped binary");
    assert_eq!(
        &elf[..4],
        b"\x7fELF",
        "{} is not an ELF file",
        binary.display()
    );
    assert_eq!(elf[4], 2, "a 64-bit ELF file");
    assert_eq!(elf[5], 1, "a little-endian ELF file");
    // ET_DYN: position-independent, so it is loaded at a random address.
    assert_eq!(
        field::<2>(&elf, 16),
        3,
        "not a position-independent executable"
    );
    let (table, size, count) = (
        usize::try_from(field::<8>(&elf, 32)).unwrap(),
        usize::try_from(field::<2>(&elf, 54)).unwrap(),
        usize::try_from(field::<2>(&elf, 56)).unwrap(),
    );
    let kinds: Vec<u64> = (0..count)
        .map(|i| field::<4>(&elf, table + i * size))
        .collect();
    // PT_INTERP names the dynamic loader; a static PIE has none.
    assert!(
        !kinds.contains(&3),
        "{} asks for a dynamic loader (program header kinds {kinds:?})",
        binary.display()
    );
    assert!(kinds.contains(&1), "no loadable segment in {kinds:?}");
}

/// The JSON of `run`, without the times, which differ between two runs.
fn timeless(run: &Run) -> Value {
    let mut value = run.json();
    strip_times(&mut value);
    value
}

fn strip_times(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, _| !key.ends_with("_at") && key != "at");
            map.values_mut().for_each(strip_times);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_times),
        _ => {}
    }
}

#[test]
fn the_shipped_binary_does_what_the_tested_build_does() {
    let Some(binary) = shipped_binary() else {
        return;
    };
    // The same commands, one database each: every output and exit code
    // agree, but for the times.
    let tested = Env::new();
    let shipped = Env::new();
    let script: &[&[&str]] = &[
        &["add", "milk", "--qty", "2", "--json"],
        &["adjust", "milk", "+3", "--json"],
        &["rename", "milk", "oat milk", "--json"],
        &["add", "bolts", "--qty", "7", "--unit", "pcs", "--json"],
        &["list", "--json"],
        &["history", "--json"],
        &["undo", "--json"],
        &["list", "--json"],
    ];
    for args in script {
        let expected = tested.run(args).success();
        let got = run_shipped(&shipped, &binary, args).success();
        assert_eq!(timeless(&got), timeless(&expected), "countiq {args:?}");
    }
    // A failure: the same exit code and the same message.
    let args = ["adjust", "nothing", "+1"];
    let expected = tested.run(&args);
    let got = run_shipped(&shipped, &binary, &args);
    assert_eq!(got.code, expected.code, "exit code of {args:?}");
    assert_ne!(got.code, Some(0));
    assert_eq!(got.stderr, expected.stderr, "message of {args:?}");
}

#[test]
fn the_shipped_binary_finds_a_postgresql_server_by_host_name() {
    // The C library linked in still resolves names (getaddrinfo, from
    // /etc/hosts here): a URL naming `localhost` reaches the server.
    if Backend::of_this_run() != Backend::Postgres {
        eprintln!("skipping: a test of the PostgreSQL run (COUNTIQ_TEST_POSTGRES)");
        return;
    }
    let Some(binary) = shipped_binary() else {
        return;
    };
    let url = postgres_url().expect("a PostgreSQL run has a server");
    let Some(by_name) = ["@127.0.0.1:", "@127.0.0.1/"]
        .iter()
        .find(|host| url.contains(*host))
        .map(|host| url.replacen(host, &host.replace("127.0.0.1", "localhost"), 1))
    else {
        eprintln!("skipping: {url:?} does not name 127.0.0.1, so there is no name to put there");
        return;
    };
    let env = Env::new();
    env.add("milk", 2);
    let mut cmd = env.program(binary.to_str().expect("a UTF-8 path"));
    cmd.env("COUNTIQ_DB", &by_name).args(["list", "--json"]);
    let listed = env.run_command(cmd, None).success().json();
    assert_eq!(listed[0]["name"], "milk", "{listed}");
}
