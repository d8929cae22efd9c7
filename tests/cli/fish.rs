//! The committed fish completion script, run by the real fish shell.

use std::path::Path;
use std::process::Command;

use crate::recipes::have_tool;

/// What fish offers for `line` (the cursor at its end), one candidate a
/// line without its description, after sourcing the committed script.
fn fish_completes(line: &str) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/countiq.fish");
    let empty = tempfile::tempdir().expect("temporary directory");
    let output = Command::new("fish")
        .args(["--no-config", "-c", "source $argv[1]; complete -C $argv[2]"])
        .arg(&script)
        .arg(line)
        // Nothing to offer as a file name, should a completion fall back to files.
        .current_dir(empty.path())
        .output()
        .expect("fish runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "fish failed on {line:?}: {output:?}"
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn fish_completes_the_format_values_before_and_after_the_subcommand() {
    if !have_tool("fish") {
        return;
    }
    let formats = ["csv", "json", "ndjson", "table", "tsv"];
    for line in [
        "countiq --format ",
        "countiq -q --db x.db --format ",
        "countiq list --format ",
        "countiq ls --format ",
        "countiq add milk --format ",
        "countiq config show --format ",
    ] {
        assert_eq!(fish_completes(line), formats, "{line:?}");
    }
    assert_eq!(
        fish_completes("countiq --format="),
        formats.map(|f| format!("--format={f}")),
    );
    assert_eq!(
        fish_completes("countiq --color "),
        ["always", "auto", "never"]
    );
    assert_eq!(
        fish_completes("countiq list --log-format "),
        ["json", "text"]
    );
    // Once the value is typed, the subcommands are offered again.
    assert_eq!(fish_completes("countiq --format json li"), ["list"]);
}
