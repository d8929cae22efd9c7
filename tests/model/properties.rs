//! Property tests: name normalisation against the contract's own steps,
//! and arbitrary input to import, apply and the binary, none of which may
//! panic, and none of which may change anything when it fails.

use std::fmt;
use std::time::Duration;

use countiq::domain::{ErrorKind, ItemName, OnConflict, OwnerName};
use countiq::input::{self, InputFormat};
use countiq::service;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use unicode_normalization::UnicodeNormalization;

use crate::{Backend, World};

/// The contract's steps (section 2), written out once more: no control
/// character, NFC, trim and collapse whitespace, not empty, at most `max`
/// scalar values. Returns the stored name and its key (the lowercase).
fn contract_name(input: &str, max: usize) -> Option<(String, String)> {
    if input.chars().any(char::is_control) {
        return None;
    }
    let composed: String = input.nfc().collect();
    let mut name = String::new();
    for word in composed
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
    {
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
    }
    if name.is_empty() || name.chars().count() > max {
        return None;
    }
    let key = name.to_lowercase();
    Some((name, key))
}

/// Characters where normalisation is easy to get wrong: case pairs whose
/// lowercase is not a simple map, decomposed and composed forms, Unicode
/// spaces, and control characters (U+0085 is both a control character
/// and whitespace).
const TRICKY: &[char] = &[
    'a',
    'A',
    'e',
    'E',
    'i',
    'I',
    's',
    'k',
    ' ',
    '\u{e9}',
    '\u{c9}',
    '\u{301}',
    '\u{30a}',
    '\u{c5}',
    '\u{212b}',
    '\u{212a}',
    '\u{130}',
    '\u{131}',
    '\u{307}',
    '\u{df}',
    '\u{1e9e}',
    '\u{3a3}',
    '\u{3c3}',
    '\u{3c2}',
    '\u{345}',
    '\u{1c5}',
    '\u{fb01}',
    '\u{a0}',
    '\u{2003}',
    '\u{3000}',
    '\u{200b}',
    '\u{feff}',
    '\t',
    '\n',
    '\u{85}',
    '\u{7f}',
    '\u{0}',
    '\u{1f95b}',
];

fn tricky() -> impl Strategy<Value = String> {
    vec(select(TRICKY), 0..10).prop_map(|chars| chars.into_iter().collect())
}

/// Any string, a string of tricky characters, or one near the length limit.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        tricky(),
        (
            110..=130_usize,
            select(vec!["x", "\u{e9}", "e\u{301}", " ", "x ", "\u{1f95b}"])
        )
            .prop_map(|(n, unit)| unit.repeat(n)),
    ]
}

/// Two names that are often the same name written differently.
fn name_pair() -> impl Strategy<Value = (String, String)> {
    let variant = tricky().prop_flat_map(|a| {
        let variants = vec![
            a.to_uppercase(),
            a.to_lowercase(),
            a.nfd().collect(),
            a.nfc().collect(),
            format!(" \u{a0}{a}\u{3000}"),
            a.replace(' ', "\u{2003}\u{2003}"),
        ];
        (Just(a), select(variants))
    });
    prop_oneof![(tricky(), tricky()), variant]
}

proptest! {
    #![proptest_config(Config {
        cases: crate::cases(256, 4096),
        ..Config::default()
    })]

    #[test]
    fn normalising_a_normalised_name_changes_nothing(input in text()) {
        if let Ok(once) = ItemName::parse(&input) {
            prop_assert_eq!(ItemName::parse(once.as_str()).ok(), Some(once));
        }
        if let Ok(once) = OwnerName::parse(&input) {
            prop_assert_eq!(OwnerName::parse(once.as_str()).ok(), Some(once));
        }
    }

    #[test]
    fn names_are_normalised_exactly_as_the_contract_says(input in text()) {
        let parsed = ItemName::parse(&input);
        let got = parsed.as_ref().ok().map(|n| (n.as_str().to_owned(), n.key().to_owned()));
        prop_assert_eq!(got, contract_name(&input, 120));
        if let Err(err) = parsed {
            prop_assert_eq!(err.kind(), ErrorKind::Invalid);
        }
        let owner = OwnerName::parse(&input).ok().map(|n| (n.as_str().to_owned(), n.key().to_owned()));
        prop_assert_eq!(owner, contract_name(&input, 64));
    }

    #[test]
    fn two_names_have_equal_keys_exactly_when_they_are_the_same_name((a, b) in name_pair()) {
        if let (Ok(x), Ok(y), Some((_, ka)), Some((_, kb))) = (
            ItemName::parse(&a),
            ItemName::parse(&b),
            contract_name(&a, 120),
            contract_name(&b, 120),
        ) {
            prop_assert_eq!(x.key() == y.key(), ka == kb, "{:?} and {:?}", x, y);
        }
    }
}

/// Bytes, shown as a byte string so that a failure reads as the input.
#[derive(Clone)]
struct Bytes(Vec<u8>);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

/// Tokens of the inputs import and apply read, numbers at the edges, and
/// broken UTF-8.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"\n",
    b"\r\n",
    b" ",
    b"\\",
    b"\"name\"",
    b"\"quantity\"",
    b"\"unit\"",
    b"\"min\"",
    b"\"owner\"",
    b"\"op\"",
    b"\"delta\"",
    b"\"to\"",
    b"\"expect_quantity\"",
    b"\"expect_exists\"",
    b"\"add\"",
    b"\"adjust\"",
    b"\"milk\"",
    b"\"caf\\u00e9\"",
    b"\"cafe\xcc\x81\"",
    b"\"a\\u0000b\"",
    b"\"\\ud800\"",
    b"\"\"",
    b"0",
    b"-1",
    b"2.5",
    b"1e3",
    b"9007199254740991",
    b"9007199254740992",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"true",
    b"null",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
];

/// Import rows that are valid on their own (they may still conflict).
const GOOD_ROWS: &[&str] = &[
    r#"{"name":"milk","quantity":2}"#,
    r#"{"name":"MILK"}"#,
    r#"{"name":" Milk ","quantity":5,"unit":"L","min":3}"#,
    r#"{"name":"bread","quantity":0,"unit":"L","min":1}"#,
    r#"{"name":"eggs","quantity":12}"#,
    r#"{"name":"cafe\u0301"}"#,
    r#"{"name":"caf\u00e9","quantity":9007199254740991}"#,
    r#"{"owner":"bob","name":"milk","quantity":3}"#,
    r#"{"owner":" Alice ","name":"eggs"}"#,
    r#"{"owner":"carol","name":"bread","id":4,"created_at":"2026-01-01T00:00:00.000Z"}"#,
];

/// Import rows no import may accept (`owner` only with --all-owners).
const BAD_ROWS: &[&str] = &[
    r#"{"name":"milk","quantity":9007199254740992}"#,
    r#"{"name":"milk","quantity":-1}"#,
    r#"{"name":"","quantity":1}"#,
    r#"{"name":"a\tb"}"#,
    r#"{"name":"x","unit":""}"#,
    r#"{"name":"x","min":18446744073709551615}"#,
    r#"{"owner":"","name":"x"}"#,
    r#"{"quantity":1}"#,
    "[1,2]",
];

/// `apply` lines that are valid on their own (they may still fail
/// against the items they meet).
const GOOD_LINES: &[&str] = &[
    r#"{"op":"add","name":"milk"}"#,
    r#"{"op":"add","name":"eggs","quantity":12,"unit":"box","min":6}"#,
    r#"{"op":"add","name":"eggs","expect_exists":false}"#,
    r#"{"op":"adjust","name":"milk","delta":-1}"#,
    r#"{"op":"adjust","name":"MILK","delta":3,"expect_quantity":2}"#,
    r#"{"op":"adjust","name":"milk","delta":-100}"#,
    r#"{"op":"set","name":"bread","quantity":5}"#,
    r#"{"op":"set","name":"bread","quantity":9007199254740991}"#,
    r#"{"op":"rename","name":"milk","to":"MILK"}"#,
    r#"{"op":"rename","name":"bread","to":"milk"}"#,
    r#"{"op":"rename","name":"bread","to":"toast"}"#,
    r#"{"op":"remove","name":"bread","expect_exists":true}"#,
    r#"{"op":"remove","name":"milk","expect_quantity":2}"#,
    r#"{"op":"remove","name":"nothing"}"#,
];

/// `apply` lines no batch may accept.
const BAD_LINES: &[&str] = &[
    r#"{"op":"adjust","name":"bread","delta":9007199254740992}"#,
    r#"{"op":"restock","name":"milk"}"#,
    r#"{"op":"set","name":"milk","delta":1}"#,
    r#"{"op":"adjust","name":"milk"}"#,
    r#"{"op":"add","name":"milk","colour":"red"}"#,
    r#"{"op":"add","name":"milk\n"}"#,
];

/// CSV rows, good and bad, after one of two headers.
const CSV_LINES: &[&str] = &[
    "milk,2,L,1,alice",
    "MILK,3,,,bob",
    "1,alice,milk,2,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z",
    "\"mi,lk\",1,,,bob",
    "eggs,,,,",
    "bread,-1",
    "\"unterminated",
    "milk,2,L,1,alice,extra",
];

fn joined(pieces: &[&str], open: &str, separator: &str, close: &str) -> Vec<u8> {
    format!("{open}{}{close}", pieces.join(separator)).into_bytes()
}

/// Up to four records, each mostly a good one.
fn records(
    good: &'static [&'static str],
    bad: &'static [&'static str],
) -> impl Strategy<Value = Vec<&'static str>> + Clone {
    vec(prop_oneof![6 => select(good), 1 => select(bad)], 0..5)
}

/// What a file given to `import` might hold: records in each format,
/// mostly well formed, sometimes with one byte inserted, token soup, or
/// random bytes.
fn import_input() -> impl Strategy<Value = Bytes> {
    let ndjson = records(GOOD_ROWS, BAD_ROWS).prop_map(|lines| joined(&lines, "", "\n", "\n"));
    let json = records(GOOD_ROWS, BAD_ROWS).prop_map(|rows| joined(&rows, "[", ",\n", "]"));
    let header = select(vec![
        "name,quantity,unit,min,owner",
        "id,owner,name,quantity,created_at,updated_at",
    ]);
    let csv = (header, vec(select(CSV_LINES), 0..5))
        .prop_map(|(header, rows)| joined(&rows, &format!("{header}\n"), "\n", "\n"));
    damaged(prop_oneof![2 => ndjson, 1 => json, 1 => csv])
}

/// What a batch given to `apply` might hold.
fn apply_input() -> impl Strategy<Value = Bytes> {
    damaged(records(GOOD_LINES, BAD_LINES).prop_map(|lines| joined(&lines, "", "\n", "\n")))
}

fn damaged(
    wellformed: impl Strategy<Value = Vec<u8>> + Clone + 'static,
) -> impl Strategy<Value = Bytes> {
    let one_byte_more = (
        wellformed.clone(),
        any::<prop::sample::Index>(),
        any::<u8>(),
    )
        .prop_map(|(mut bytes, at, byte)| {
            let at = at.index(bytes.len() + 1);
            bytes.insert(at, byte);
            bytes
        });
    prop_oneof![
        6 => wellformed,
        2 => one_byte_more,
        2 => vec(select(TOKENS), 0..16).prop_map(|tokens| tokens.concat()),
        1 => vec(any::<u8>(), 0..64),
    ]
    .prop_map(Bytes)
}

/// A database on `backend` where alice has milk and bread, and bob has milk.
fn seeded_world(backend: Backend) -> World {
    let world = World::new(backend);
    for (owner, batch) in [
        (
            "alice",
            "{\"op\":\"add\",\"name\":\"milk\",\"quantity\":2,\"unit\":\"L\",\"min\":1}\n\
             {\"op\":\"add\",\"name\":\"bread\",\"quantity\":0}\n",
        ),
        ("bob", "{\"op\":\"add\",\"name\":\"milk\",\"quantity\":7}\n"),
    ] {
        let owner = OwnerName::parse(owner).expect("owner");
        service::apply(
            &world.ctx(&owner),
            input::ndjson(batch.as_bytes()),
            &mut |_| {},
        )
        .expect("seed");
    }
    world
}

fn on_conflict() -> impl Strategy<Value = OnConflict> {
    select(vec![
        OnConflict::Fail,
        OnConflict::Skip,
        OnConflict::Replace,
        OnConflict::Add,
    ])
}

/// Mostly `None`, to sniff the format from the input as the CLI does;
/// sometimes a format, which may not be the input's.
fn format() -> impl Strategy<Value = Option<InputFormat>> {
    prop_oneof![
        3 => Just(None),
        1 => select(vec![InputFormat::Ndjson, InputFormat::Json, InputFormat::Csv]).prop_map(Some),
    ]
}

on_each_backend!(
    arbitrary_import_input_is_imported_whole_or_not_at_all,
    arbitrary_apply_input_is_applied_whole_or_not_at_all,
);

fn arbitrary_import_input_is_imported_whole_or_not_at_all(backend: Backend) {
    proptest!(backend.config(128, 2048), |(
        input in import_input(),
        format in format(),
        on_conflict in on_conflict(),
        all_owners in proptest::bool::weighted(0.25),
    )| {
        let world = seeded_world(backend);
        let before = world.snapshot();
        let alice = OwnerName::parse("alice").expect("owner");
        let mut reader = std::io::Cursor::new(input.0.clone());
        let format = match format {
            Some(format) => format,
            None => InputFormat::sniff(&mut reader).expect("reading a slice"),
        };
        let rows = input::import_rows(reader, format);
        if let Err(err) = service::import(&world.ctx(&alice), rows, all_owners, on_conflict, &mut |_| {}) {
            // A row without a name refers to an existing item by its id or
            // code, which may not exist: not found.
            prop_assert!(
                matches!(
                    err.kind(),
                    ErrorKind::Invalid | ErrorKind::Conflict | ErrorKind::NotFound
                ),
                "bad input must be invalid, a conflict or name a missing item, not {}: {err}",
                err.kind()
            );
            before.assert_unchanged(&world.snapshot(), &format_args!("a failed import ({err})"));
        }
        world.assert_ledger_replays();
    });
}

fn arbitrary_apply_input_is_applied_whole_or_not_at_all(backend: Backend) {
    proptest!(backend.config(128, 2048), |(input in apply_input())| {
        let world = seeded_world(backend);
        let before = world.snapshot();
        let alice = OwnerName::parse("alice").expect("owner");
        let lines = input::ndjson(input.0.as_slice());
        if let Err(err) = service::apply(&world.ctx(&alice), lines, &mut |_| {}) {
            prop_assert!(
                matches!(err.kind(), ErrorKind::Invalid | ErrorKind::Conflict | ErrorKind::NotFound),
                "a bad batch must be invalid, a conflict or not found, not {}: {err}", err.kind()
            );
            before.assert_unchanged(&world.snapshot(), &format_args!("a failed apply ({err})"));
        }
        world.assert_ledger_replays();
    });
}

/// Each subcommand, how many positional values it takes (at least, at
/// most), and the options only it knows.
const GRAMMAR: &[(&str, (usize, usize), &[&str])] = &[
    ("add", (1, 1), &["--qty", "--unit", "--min", "--exists-ok"]),
    (
        "list",
        (0, 0),
        &["--sort", "--reverse", "--limit", "--match", "--as-of"],
    ),
    ("remove", (1, 3), &["--missing-ok"]),
    ("rename", (2, 2), &[]),
    (
        "edit",
        (1, 1),
        &["--unit", "--no-unit", "--min", "--no-min"],
    ),
    ("adjust", (2, 2), &["--reason"]),
    ("set", (2, 2), &["--reason"]),
    ("count", (2, 2), &["--reason"]),
    ("history", (0, 1), &["--limit", "--since"]),
    ("undo", (0, 1), &[]),
    ("show", (1, 1), &[]),
    ("low", (0, 0), &["--check"]),
    ("export", (0, 0), &["--all-owners"]),
    ("import", (1, 1), &["--all-owners", "--on-conflict"]),
    ("apply", (1, 1), &[]),
    ("schema", (0, 0), &[]),
    ("doctor", (0, 0), &[]),
    ("backup", (1, 1), &["--force"]),
    ("config show", (0, 0), &[]),
    ("man", (0, 1), &[]),
    ("completions", (1, 1), &[]),
    ("help", (0, 1), &[]),
];

/// Options every subcommand takes.
const GLOBAL_OPTIONS: &[&str] = &[
    "--format",
    "--json",
    "--dry-run",
    "-q",
    "-v",
    "--owner",
    "--idempotency-key",
    "--busy-timeout",
    "--color",
    "--log-format",
    "--config",
];

/// Options that take no value.
const FLAGS: &[&str] = &[
    "--exists-ok",
    "--reverse",
    "--missing-ok",
    "--no-unit",
    "--no-min",
    "--check",
    "--all-owners",
    "--json",
    "--dry-run",
    "-q",
    "-v",
    "--help",
    "--version",
    "--",
];

/// Every option.
const OPTIONS: &[&str] = &[
    "--qty",
    "--unit",
    "--no-unit",
    "--min",
    "--no-min",
    "--exists-ok",
    "--missing-ok",
    "--sort",
    "--reverse",
    "--limit",
    "--match",
    "--as-of",
    "--reason",
    "--since",
    "--check",
    "--all-owners",
    "--on-conflict",
    "--format",
    "--json",
    "--dry-run",
    "-q",
    "-v",
    "-vvv",
    "--owner",
    "--idempotency-key",
    "--busy-timeout",
    "--db",
    "--",
    "--help",
    "--version",
    "--color",
    "--log-format",
    "--config",
];

/// Values: valid, at the edges, or wrong, and names that need care.
const VALUES: &[&str] = &[
    "milk",
    "MILK",
    " milk ",
    "caf\u{e9}",
    "cafe\u{301}",
    "bread",
    "eggs",
    "-",
    "0",
    "1",
    "+3",
    "-2",
    "1.5",
    "-9007199254740991",
    "9007199254740991",
    "9007199254740992",
    "99999999999999999999",
    "18446744073709551616",
    "json",
    "ndjson",
    "csv",
    "table",
    "auto",
    "always",
    "never",
    "text",
    "name",
    "quantity",
    "created",
    "updated",
    "fail",
    "skip",
    "replace",
    "bash",
    "zsh",
    "fish",
    "elvish",
    "powershell",
    "2h",
    "3d",
    "0s",
    "2026-01-01T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "99999-01-01T00:00:00Z",
    "inventory.db",
    "",
    " ",
    "\u{3000}",
    "a\tb",
    "\u{1b}[31m",
    "%",
    "_",
    "\u{1f95b}",
];

/// A value, an option, or any text.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(VALUES).prop_map(str::to_owned),
        3 => select(OPTIONS).prop_map(str::to_owned),
        // Anything but NUL, which no argument can hold.
        1 => any::<String>().prop_map(|s| s.replace('\0', "")),
    ]
}

/// Mostly a subcommand with values and its own options in the right
/// places; sometimes a subcommand and any words, or words alone.
fn command_line() -> impl Strategy<Value = Vec<String>> {
    let well_formed = select(GRAMMAR).prop_flat_map(|(command, (least, most), options)| {
        let options: Vec<&str> = options.iter().chain(GLOBAL_OPTIONS).copied().collect();
        (
            Just(command),
            vec(select(VALUES), least..=most),
            vec((select(options), select(VALUES)), 0..3),
        )
    });
    let well_formed = well_formed.prop_map(|(command, values, options)| {
        let mut words: Vec<&str> = command.split(' ').collect();
        words.extend(values);
        for (option, value) in options {
            words.push(option);
            if !FLAGS.contains(&option) {
                words.push(value);
            }
        }
        words.into_iter().map(str::to_owned).collect()
    });
    let commands: Vec<&str> = GRAMMAR.iter().map(|(command, ..)| *command).collect();
    let anything_after = (select(commands), vec(word(), 0..4))
        .prop_map(|(command, words)| command.split(' ').map(str::to_owned).chain(words).collect());
    prop_oneof![4 => well_formed, 1 => anything_after, 1 => vec(word(), 0..4)]
}

on_each_backend!(
    no_command_line_makes_the_binary_panic,
    importing_input_that_only_starts_like_a_byte_order_mark_is_invalid,
    a_busy_timeout_longer_than_sqlite_can_wait_does_not_panic,
);

fn no_command_line_makes_the_binary_panic(backend: Backend) {
    proptest!(backend.config(48, 384), |(
        args in command_line(),
        stdin in prop_oneof![import_input(), apply_input()],
    )| {
        let world = seeded_world(backend);
        let output = countiq(&world, &args, stdin.0);
        let code = output.status.code();
        prop_assert!(
            code.is_some_and(|c| c != 101),
            "countiq {args:?} ended with {}\nstderr: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    });
}

/// Runs the real binary on `world`'s database, as alice, in a clean
/// environment whose home, data and config directories are all inside
/// the test's temporary directory.
pub(crate) fn countiq(
    world: &World,
    args: &[impl AsRef<std::ffi::OsStr>],
    stdin: Vec<u8>,
) -> std::process::Output {
    let dir = world.dir();
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_countiq"))
        .env_clear()
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .envs(world.db_env())
        .env("COUNTIQ_OWNER", "alice")
        .env("USER", "tester")
        .current_dir(dir)
        .args(args)
        .write_stdin(stdin)
        .timeout(Duration::from_secs(30))
        .output()
        .expect("countiq runs")
}

// Two crashes these properties once found, kept as plain regression tests.

fn importing_input_that_only_starts_like_a_byte_order_mark_is_invalid(backend: Backend) {
    let world = seeded_world(backend);
    let output = countiq(&world, &["import", "-"], b"\xefxyz\n".to_vec());
    assert_eq!(
        output.status.code(),
        Some(5),
        "{}; stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// 2^31 milliseconds: one more than SQLite's busy timeout can hold. A
/// server backend waits for its locks in its own loop, and must not panic
/// either.
fn a_busy_timeout_longer_than_sqlite_can_wait_does_not_panic(backend: Backend) {
    let world = seeded_world(backend);
    let output = countiq(
        &world,
        &["list", "--busy-timeout", "2147483648"],
        Vec::new(),
    );
    assert!(
        output.status.code().is_some_and(|code| code != 101),
        "{}; stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}
