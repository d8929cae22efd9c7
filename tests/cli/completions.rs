//! The committed completion scripts are exactly what the binary generates.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use clap::CommandFactory as _;

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
    assert!(!env.has_database());
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let env = Env::new();
    env.run(&["completions", "tcsh"]).code(2);
}

/// The generated pages, by file name.
fn generated_pages() -> BTreeMap<String, String> {
    countiq::app::manual::pages()
        .into_iter()
        .map(|(name, page)| (name, String::from_utf8(page).expect("a page is UTF-8")))
        .collect()
}

/// The `countiq man` argument that prints a page: none for the main page,
/// `add` for `countiq-add.1`.
fn man_args(file: &str) -> Vec<&str> {
    let stem = file.strip_suffix(".1").expect("a section 1 page");
    match stem.strip_prefix("countiq-") {
        Some(subcommand) => vec!["man", subcommand],
        None => vec!["man"],
    }
}

#[test]
fn committed_man_pages_match_what_the_binary_generates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let generated = generated_pages();
    let committed: BTreeMap<String, String> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "1"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect();
    if std::env::var_os("COUNTIQ_BLESS").is_some() {
        for name in committed
            .keys()
            .filter(|name| !generated.contains_key(*name))
        {
            fs::remove_file(dir.join(name)).unwrap();
        }
        for (name, page) in &generated {
            fs::write(dir.join(name), page).unwrap();
        }
        return;
    }
    let problems: Vec<String> = generated
        .keys()
        .chain(committed.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter_map(|name| match (generated.get(name), committed.get(name)) {
            (Some(_), None) => Some(format!("man/{name} is missing")),
            (None, Some(_)) => Some(format!("man/{name} is no longer generated")),
            (Some(new), Some(old)) if new != old => Some(format!("man/{name} is stale")),
            _ => None,
        })
        .collect();
    assert!(
        problems.is_empty(),
        "{}; regenerate with `COUNTIQ_BLESS=1 cargo test --test cli completions`",
        problems.join(", ")
    );
}

#[test]
fn the_binary_prints_every_page_and_the_main_page_by_default() {
    let env = Env::new();
    let generated = generated_pages();
    assert!(
        generated.contains_key("countiq.1"),
        "{:?}",
        generated.keys()
    );
    assert!(
        generated.contains_key("countiq-add.1"),
        "{:?}",
        generated.keys()
    );
    for (name, page) in &generated {
        assert!(page.contains(".TH COUNTIQ"), "{name} is not a man page");
        assert!(
            env.ok(&man_args(name)) == *page,
            "countiq {:?}",
            man_args(name)
        );
    }
    assert!(env.ok(&["man", "ls"]) == generated["countiq-list.1"]);
    assert!(env.ok(&["man", "config show"]) == generated["countiq-config-show.1"]);
    assert!(!env.has_database());
}

#[test]
fn an_unknown_page_is_a_usage_error_naming_the_pages() {
    let env = Env::new();
    let run = env.run(&["man", "frobnicate"]).code(2);
    assert_eq!(
        run.stderr,
        "countiq: error: no manual page for \"frobnicate\" (pages: add, list, remove, rename, edit, move, tag, untag, locations, scan, adjust, set, count, history, undo, show, low, owners, export, import, apply, schema, doctor, backup, copy, config, config-show, admin, admin-migrate, admin-enforce-owners, man, completions)\n"
    );
    assert_eq!(run.stdout, "");
}

/// The text of a page with its font changes removed and `\-` as `-`.
fn plain(page: &str) -> String {
    page.replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
        .replace("\\-", "-")
}

/// Every `NAME(N)` reference in a page: `.BR NAME (N)` lines and `NAME(N)`
/// in text.
fn references(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in plain(page).lines() {
        let line = match line
            .strip_prefix(".BR ")
            .or_else(|| line.strip_prefix(".IR "))
        {
            Some(args) => args.replace(" (", "("),
            None => line.to_owned(),
        };
        for (at, _) in line.match_indices('(') {
            let section: String = line[at + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if section.is_empty() || !line[at + 1 + section.len()..].starts_with(')') {
                continue;
            }
            let name: String = line[..at]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if !name.is_empty() {
                found.push(format!("{name}.{section}"));
            }
        }
    }
    found
}

/// The body of section `title` of a page, up to the next section.
fn section<'a>(page: &'a str, title: &str) -> &'a str {
    let heading = if title.contains(' ') {
        format!(".SH \"{title}\"\n")
    } else {
        format!(".SH {title}\n")
    };
    let start = page
        .find(&heading)
        .unwrap_or_else(|| panic!("no {title} section in\n{page}"))
        + heading.len();
    let end = page[start..]
        .find("\n.SH ")
        .map_or(page.len(), |end| start + end + 1);
    &page[start..end]
}

#[test]
fn every_page_reference_names_a_shipped_page() {
    let generated = generated_pages();
    for (name, page) in &generated {
        let refs = references(page);
        assert!(!refs.is_empty(), "{name} refers to no page");
        for reference in refs {
            assert!(
                generated.contains_key(&reference),
                "{name} refers to {reference}, which is not shipped"
            );
        }
    }
    // The main page's SEE ALSO lists every other page.
    let see_also: BTreeSet<String> = references(section(&generated["countiq.1"], "SEE ALSO"))
        .into_iter()
        .collect();
    let others: BTreeSet<String> = generated
        .keys()
        .filter(|name| *name != "countiq.1")
        .cloned()
        .collect();
    assert_eq!(see_also, others);
    assert!(references("\\fBcountiq\\-nothing\\fR(1),\n.BR jq (1)\n").len() == 2);
}

#[test]
fn the_main_page_documents_exit_status_environment_files_and_examples() {
    let page = &generated_pages()["countiq.1"];
    let status = plain(section(page, "EXIT STATUS"));
    for code in [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "130", "143",
    ] {
        assert!(
            status.contains(&format!(".TP 14\n{code}\n"))
                || status.contains(&format!(".TP 14\n{code} ")),
            "exit status {code} is missing:\n{status}"
        );
    }
    assert!(status.contains("11 uncertain\n"), "{status}");
    assert!(
        status.contains("0 = applied, 11 = maybe applied, any other code = nothing changed."),
        "{status}"
    );
    let environment = plain(section(page, "ENVIRONMENT"));
    let declared = countiq::cli::Cli::command()
        .get_arguments()
        .filter_map(|arg| arg.get_env().map(|env| env.to_string_lossy().into_owned()))
        .collect::<Vec<_>>();
    assert!(declared.len() >= 7, "{declared:?}");
    let read_directly = [
        "COUNTIQ_LOG",
        "USER",
        "LOGNAME",
        "NO_COLOR",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "HOME",
    ];
    for var in declared.iter().map(String::as_str).chain(read_directly) {
        assert!(
            environment.contains(&format!("\n{var}\n"))
                || environment.contains(&format!("\n{var}, "))
                || environment.contains(&format!(", {var}\n")),
            "{var} is not in ENVIRONMENT:\n{environment}"
        );
    }
    let files = plain(section(page, "FILES"));
    for file in [
        "countiq/countiq.db",
        "countiq.db-wal",
        "countiq.db-shm",
        "countiq/config.toml",
    ] {
        assert!(files.contains(file), "{file} is not in FILES:\n{files}");
    }
    let examples = plain(section(page, "EXAMPLES"));
    assert!(examples.contains("| jq "), "{examples}");
    assert!(examples.contains("--idempotency-key"), "{examples}");
}

#[test]
fn every_subcommand_page_describes_more_than_its_summary() {
    for (name, page) in generated_pages() {
        let summary = section(&page, "NAME").trim_end().to_owned();
        let description = section(&page, "DESCRIPTION").trim_end();
        let summary = summary.split_once(" \\- ").map_or("", |(_, about)| about);
        assert!(
            description != summary && description.len() > 80,
            "{name} says no more than its summary: {description}"
        );
    }
}
