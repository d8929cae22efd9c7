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

/// Where each entry of one of the ELF header's tables starts: the table's
/// offset, entry size and entry count are 8, 2 and 2 bytes at `header`.
/// Program headers are at 32, 54 and 56; section headers at 40, 58 and 60.
fn entries(elf: &[u8], header: [usize; 3]) -> impl Iterator<Item = usize> {
    let [table, size, count] = header;
    let table = usize::try_from(field::<8>(elf, table)).unwrap();
    let size = usize::try_from(field::<2>(elf, size)).unwrap();
    let count = usize::try_from(field::<2>(elf, count)).unwrap();
    (0..count).map(move |i| table + i * size)
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
    let kinds: Vec<u64> = entries(&elf, [32, 54, 56])
        .map(|at| field::<4>(&elf, at))
        .collect();
    // PT_INTERP names the dynamic loader; a static PIE has none.
    assert!(
        !kinds.contains(&3),
        "{} asks for a dynamic loader (program header kinds {kinds:?})",
        binary.display()
    );
    assert!(kinds.contains(&1), "no loadable segment in {kinds:?}");
}

/// The functions a symbol table names, with their addresses and sizes.
fn functions(elf: &[u8]) -> std::collections::HashMap<&str, (u64, u64)> {
    let sections: Vec<usize> = entries(elf, [40, 58, 60]).collect();
    // SHT_SYMTAB, and the string table its sh_link names.
    let symtab = *sections
        .iter()
        .find(|&&at| field::<4>(elf, at + 4) == 2)
        .expect("a symbol table (is the binary stripped?)");
    let strings = sections[usize::try_from(field::<4>(elf, symtab + 40)).unwrap()];
    let strings = usize::try_from(field::<8>(elf, strings + 24)).unwrap();
    let (start, length) = (
        usize::try_from(field::<8>(elf, symtab + 24)).unwrap(),
        usize::try_from(field::<8>(elf, symtab + 32)).unwrap(),
    );
    elf[start..start + length]
        .chunks_exact(24)
        // STT_FUNC, in the low four bits of st_info.
        .filter(|symbol| symbol[4] & 0xf == 2)
        .map(|symbol| {
            let name = strings + usize::try_from(field::<4>(symbol, 0)).unwrap();
            let end = name + elf[name..].iter().position(|&b| b == 0).unwrap();
            let name = std::str::from_utf8(&elf[name..end]).unwrap_or("");
            (name, (field::<8>(symbol, 8), field::<8>(symbol, 16)))
        })
        .collect()
}

#[test]
fn the_shipped_binary_keeps_the_functions_commands_run_together() {
    let Some(binary) = shipped_binary() else {
        return;
    };
    let elf = std::fs::read(&binary).expect("read the shipped binary");
    let functions = functions(&elf);
    let listed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("layout/hot-functions.txt"),
    )
    .expect("read layout/hot-functions.txt");
    let listed: Vec<&str> = listed.lines().filter(|line| !line.is_empty()).collect();
    let found: Vec<(u64, u64)> = listed
        .iter()
        .filter_map(|name| functions.get(name).copied())
        .collect();
    // A dependency or toolchain upgrade renames symbols; the linker then
    // skips the names silently, and commands load more slowly.
    assert!(
        found.len() * 10 >= listed.len() * 9,
        "only {} of the {} functions in layout/hot-functions.txt are in {}: \
         run layout/regenerate",
        found.len(),
        listed.len(),
        binary.display()
    );
    // Placed first, they lie side by side: here 1.8 MiB from the first to
    // the end of the last, for 1.7 MiB of code; 7 MiB when the linker
    // places them where they fall.
    let first = found.iter().map(|&(at, _)| at).min().unwrap();
    let last = found.iter().map(|&(at, size)| at + size).max().unwrap();
    let code: u64 = found.iter().map(|&(_, size)| size).sum();
    assert!(
        (last - first) * 4 <= code * 5,
        "the listed functions span {} KiB of {} for {} KiB of code: was it \
         linked without layout/hot-functions.txt (build.rs)?",
        (last - first) >> 10,
        binary.display(),
        code >> 10
    );
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
