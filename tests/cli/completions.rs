//! The committed completion scripts are exactly what the binary generates.

use std::fs;
use std::path::Path;

use crate::util::Env;

/// Shell name on the command line, committed file name.
const SCRIPTS: &[(&str, &str)] = &[
    ("bash", "countiq.bash"),
    ("zsh", "_countiq"),
    ("fish", "countiq.fish"),
    ("elvish", "countiq.elv"),
    ("powershell", "_countiq.ps1"),
];

#[test]
fn committed_completion_scripts_match_what_the_binary_generates() {
    let env = Env::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("COUNTIQ_BLESS").is_some();
    for (shell, file) in SCRIPTS {
        let generated = env.ok(&["completions", shell]);
        assert!(!generated.is_empty(), "{shell} script is empty");
        let path = dir.join(file);
        if bless {
            fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "completions/{file} is stale; regenerate with `COUNTIQ_BLESS=1 cargo test --test cli completions`"
        );
    }
}

#[test]
fn completions_need_no_database_and_create_none() {
    let env = Env::new();
    let script = env.ok(&["completions", "bash"]);
    assert!(script.contains("countiq"), "{script}");
    assert!(!env.db().exists());
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let env = Env::new();
    env.run(&["completions", "tcsh"]).code(2);
}

#[test]
fn the_committed_man_page_matches_what_the_binary_generates() {
    let env = Env::new();
    let generated = env.ok(&["man"]);
    assert!(
        generated.contains(".TH countiq 1"),
        "not a man page: {generated}"
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("man/countiq.1");
    if std::env::var_os("COUNTIQ_BLESS").is_some() {
        fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "man/countiq.1 is stale; regenerate with `COUNTIQ_BLESS=1 cargo test --test cli completions`"
    );
}
