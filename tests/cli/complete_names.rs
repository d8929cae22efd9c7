//! Item names in the shell completions: the committed scripts, run by the
//! real bash, zsh and fish, against a database the CLI made.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::recipes::have_tool;
use crate::util::{Env, binary};

/// A committed completion script.
fn script(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(file)
}

/// `PATH` with the binary under test first: the scripts call `countiq`.
fn path_with_countiq() -> OsString {
    let mut dirs = vec![binary().parent().unwrap().to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

/// `shell` in the test's directory and environment, `countiq` on its path.
fn shell(env: &Env, shell: &str) -> Command {
    let mut cmd = env.program(shell);
    cmd.env("PATH", path_with_countiq());
    cmd
}

/// The lines `cmd` printed; it must succeed and print nothing on stderr.
fn lines(mut cmd: Command) -> Vec<String> {
    let output = cmd.output().expect("the shell runs");
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "{cmd:?}: {output:?}"
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// What bash's `_countiq` puts in COMPREPLY for `line`, the cursor at its
/// end, as bash calls it: `COMP_LINE` and `COMP_POINT`, and `COMP_WORDS`,
/// `COMP_CWORD` and the word and the one before it for the static part.
fn bash(env: &Env, line: &str) -> Vec<String> {
    let mut cmd = shell(env, "bash");
    cmd.args([
        "--norc",
        "--noprofile",
        "-c",
        r#"source "$1"
COMP_LINE=$2 COMP_POINT=${#2}
read -ra COMP_WORDS <<<"$2"
[[ $2 == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_countiq countiq "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
if (( ${#COMPREPLY[@]} )); then printf '%s\n' "${COMPREPLY[@]}"; fi"#,
        "bash",
    ])
    .arg(script("countiq.bash"))
    .arg(line);
    lines(cmd)
}

/// What fish offers for `line`, without descriptions.
fn fish(env: &Env, line: &str) -> Vec<String> {
    let mut cmd = shell(env, "fish");
    cmd.args(["--no-config", "-c", "source $argv[1]; complete -C $argv[2]"])
        .arg(script("countiq.fish"))
        .arg(line);
    lines(cmd)
        .into_iter()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

/// What zsh's `_countiq` gives `compadd` when `words` are on the line (the
/// last under the cursor, as zsh unquotes it), `compadd` printing what it
/// is given; `(static)` when it leaves the word to the generated
/// completions.
fn zsh(env: &Env, words: &[&str]) -> Vec<String> {
    let mut cmd = shell(env, "zsh");
    cmd.args([
        "-f",
        "-c",
        r#"autoload -U compinit && compinit -u -D
source "$1"
compadd() { while [[ $# -gt 0 && $1 != -- ]]; do shift; done; shift; print -rl -- "$@" }
_countiq_static() { print -r -- '(static)' }
words=("${(@)argv[2,-1]}") CURRENT=$(( $# - 1 )) PREFIX=${argv[-1]}
_countiq || true"#,
        "zsh",
    ])
    .arg(script("_countiq"))
    .args(words);
    lines(cmd)
}

/// alice's milk, Milk 2L, mint, oat milk and an item named `#12` (made by
/// import, where a name is never a reference), and bob's mice.
fn stocked() -> Env {
    let env = Env::new();
    for name in ["milk", "Milk 2L", "mint", "oat milk"] {
        env.ok(&["-q", "add", name]);
    }
    env.write("odd.ndjson", "{\"name\":\"#12\",\"quantity\":1}\n");
    env.ok(&["-q", "import", "odd.ndjson"]);
    env.ok(&["-q", "--owner", "bob", "add", "mice"]);
    env
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|&name| name.to_owned()).collect()
}

#[test]
fn bash_completes_item_names_from_the_database() {
    if !have_tool("bash") {
        return;
    }
    let env = stocked();
    let mi = strings(&["milk", r"Milk\ 2L", "mint"]);
    for line in [
        "countiq adjust mi",
        "countiq adjust MI",
        "countiq rm milk mi",
        "countiq rename mi",
        "countiq edit mi",
        "countiq set mi",
        "countiq count mi",
        "countiq show mi",
        "countiq history mi",
        &format!("countiq --db '{}' adjust --reason x mi", env.db_spec()),
    ] {
        assert_eq!(bash(&env, line), mi, "{line}");
    }
    // In quotes, as typed; after a space, the next word of the name.
    assert_eq!(bash(&env, "countiq show 'milk "), ["Milk 2L"]);
    assert_eq!(bash(&env, "countiq show oat\\ "), [r"oat\ milk"]);
    // A leading # is a reference unless escaped: the name comes escaped
    // for countiq, and that escaped again for bash.
    assert_eq!(bash(&env, r"countiq show \\\#"), [r"\\\#12"]);
    assert_eq!(bash(&env, "countiq show x"), Vec::<String>::new());
    // The owner of the command line, or of the environment.
    assert_eq!(bash(&env, "countiq --owner bob show "), ["mice"]);
    assert_eq!(bash(&env, "countiq show --owner=bob m"), ["mice"]);
    // Elsewhere, the generated completions, as before.
    assert_eq!(bash(&env, "countiq ad"), ["add", "adjust", "admin"]);
    assert_eq!(bash(&env, "countiq add mi"), Vec::<String>::new());
    assert!(bash(&env, "countiq adjust milk ").contains(&"--reason".to_owned()));
}

#[test]
fn fish_completes_item_names_from_the_database() {
    if !have_tool("fish") {
        return;
    }
    let env = stocked();
    let mi = ["milk", "Milk 2L", "mint"];
    for line in [
        "countiq adjust mi",
        "countiq adjust MI",
        "countiq remove --missing-ok milk mi",
        "countiq history mi",
    ] {
        assert_eq!(fish(&env, line), mi, "{line}");
    }
    // Where some names begin with the very letters typed, fish keeps those.
    assert_eq!(fish(&env, "countiq adjust Mi"), ["Milk 2L"]);
    assert_eq!(fish(&env, "countiq show 'milk "), ["Milk 2L"]);
    assert_eq!(fish(&env, r"countiq show \\#"), [r"\#12"]);
    assert_eq!(fish(&env, "countiq --owner bob show m"), ["mice"]);
    assert_eq!(fish(&env, "countiq ad"), ["add", "adjust", "admin"]);
}

#[test]
fn zsh_completes_item_names_from_the_database() {
    if !have_tool("zsh") {
        return;
    }
    let env = stocked();
    let mi = ["milk", "Milk 2L", "mint"];
    assert_eq!(zsh(&env, &["countiq", "adjust", "mi"]), mi);
    assert_eq!(zsh(&env, &["countiq", "rm", "milk", "MI"]), mi);
    assert_eq!(zsh(&env, &["countiq", "show", "oat "]), ["oat milk"]);
    assert_eq!(zsh(&env, &["countiq", "show", r"\#"]), [r"\#12"]);
    assert_eq!(
        zsh(&env, &["countiq", "--owner", "bob", "show", ""]),
        ["mice"]
    );
    assert_eq!(zsh(&env, &["countiq", "show", "x"]), Vec::<String>::new());
    assert_eq!(zsh(&env, &["countiq", "ad"]), ["(static)"]);
    assert_eq!(zsh(&env, &["countiq", "adjust", "milk", ""]), ["(static)"]);
}

/// `countiq __complete bash -- LINE` as the bash script runs it, with
/// `env`'s settings and `extra` ones: its output, and how long it took.
fn answer(env: &Env, line: &str, extra: &[(&str, &str)]) -> (crate::util::Run, Duration) {
    let mut cmd = env.command(&["__complete", "bash", "--", line]);
    cmd.envs(extra.iter().copied());
    let started = Instant::now();
    let run = env.run_command(cmd, None);
    (run, started.elapsed())
}

/// Asserts that the answer was "an item, and no names", quietly.
fn no_names(run: crate::util::Run) {
    let run = run.code(0);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn completing_never_creates_the_database() {
    let env = Env::new();
    no_names(answer(&env, "countiq show m", &[]).0);
    assert!(!env.has_database());
    // On PostgreSQL, a command that only reads does not create the
    // schema either: the completion finds it missing all the same.
    env.run(&["list"]).success();
    no_names(answer(&env, "countiq show m", &[]).0);
    assert!(!env.has_database());
}

#[test]
fn completing_on_a_path_with_no_database_creates_nothing_sqlite_only() {
    let env = Env::sqlite();
    let before = fs::read_dir(env.dir()).unwrap().count();
    for line in [
        "countiq show m",
        "countiq --db missing.db show m",
        "countiq --db no/such/dir/x.db show m",
    ] {
        no_names(answer(&env, line, &[]).0);
    }
    // The default location, whose directories a command would create.
    let mut cmd = env.command(&["__complete", "bash", "--", "countiq show m"]);
    cmd.env_remove("COUNTIQ_DB");
    no_names(env.run_command(cmd, None));
    assert_eq!(fs::read_dir(env.dir()).unwrap().count(), before);
}

#[test]
fn an_older_database_is_not_migrated_by_a_completion_sqlite_only() {
    let env = Env::sqlite();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1.db"),
        env.db(),
    )
    .unwrap();
    let bytes = fs::read(env.db()).unwrap();
    no_names(answer(&env, "countiq show m", &[]).0);
    assert!(fs::read(env.db()).unwrap() == bytes, "the file changed");
    // A command migrates it, and then its names complete.
    env.run(&["list"]).success();
    assert_eq!(
        answer(&env, "countiq show m", &[]).0.success().stdout,
        "milk\n"
    );
}

#[test]
fn a_corrupt_database_completes_nothing_quietly_sqlite_only() {
    let env = Env::sqlite();
    let garbage = vec![0x5a_u8; 8192];
    fs::write(env.db(), &garbage).unwrap();
    no_names(answer(&env, "countiq show m", &[]).0);
    assert!(fs::read(env.db()).unwrap() == garbage, "the file changed");
}

#[test]
fn a_locked_database_completes_nothing_within_the_deadline_sqlite_only() {
    let env = Env::sqlite();
    env.ok(&["-q", "add", "milk"]);
    // An exclusive lock in WAL mode keeps readers out too.
    let holder = rusqlite::Connection::open(env.db()).unwrap();
    holder
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; \
             UPDATE items SET quantity = quantity + 1;",
        )
        .unwrap();
    let (run, took) = answer(&env, "countiq show m", &[("COUNTIQ_BUSY_TIMEOUT", "60000")]);
    no_names(run);
    assert!(took < Duration::from_secs(3), "took {took:?}");
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(
        answer(&env, "countiq show m", &[]).0.success().stdout,
        "milk\n"
    );
}

#[test]
fn an_unreachable_or_malformed_server_completes_nothing_quietly() {
    let env = Env::new();
    for db in [
        "postgres://nobody:pw@127.0.0.1:1/countiq",
        "postgres://[not a url",
    ] {
        let (run, took) = answer(&env, &format!("countiq --db '{db}' show m"), &[]);
        no_names(run);
        assert!(took < Duration::from_secs(3), "{db} took {took:?}");
    }
}

#[test]
fn a_word_that_names_no_item_is_left_to_the_generated_completions() {
    let env = stocked();
    for line in [
        "countiq ad",
        "countiq add mi",
        "countiq adjust milk ",
        "countiq show -",
    ] {
        let run = answer(&env, line, &[]).0.code(1);
        assert_eq!(
            (run.stdout.as_str(), run.stderr.as_str()),
            ("", ""),
            "{line}"
        );
    }
    env.run(&["__complete", "tcsh", "--", "countiq show m"])
        .code(2);
}
