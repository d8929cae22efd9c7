//! Item names in the shell completions, read from the database.
//!
//! `countiq completions SHELL` prints the static script `clap_complete`
//! generates from the clap types, with a few lines added for bash, zsh and
//! fish: at each Tab they first ask `countiq __complete` whether the word
//! under the cursor names an existing item (an argument marked
//! [`ExistingItem`] in `cli.rs`). If it does, the answer is the selected
//! owner's item names that begin with it; if not, the static script
//! completes the word as it always did (subcommands, options, values).
//!
//! Answering reads the database the command line being completed selects
//! (`--db`, `--owner`, their environment variables, the config file and the
//! defaults, exactly as the command itself would) with a peek: nothing is
//! ever written, migrated or created. Whatever goes wrong (no database, a
//! bad URL, a lock held too long, a server that does not answer) the answer
//! is no names, with nothing on stderr, within [`DEADLINE`].

use std::ffi::OsString;
use std::io::{self, Write as _};
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use clap::{ArgMatches, Command, CommandFactory as _, FromArgMatches as _};

use crate::cli::{Cli, ExistingItem, GlobalArgs};
use crate::config;
use crate::db::Database;
use crate::domain::{Error, OwnerName};
use crate::service::{self, Ctx, Mode};

/// The first argument that makes `countiq` answer a completion script
/// instead of running a command: `countiq __complete SHELL -- ...`.
/// No subcommand has this name, and an older `countiq` refuses it as a
/// usage error, so a script never runs a command by asking.
pub const ENTRY: &str = "__complete";

/// The exit status that tells a script the word under the cursor does not
/// name an item: the static completions apply.
const NOT_AN_ITEM: u8 = 1;

/// The exit status of a malformed request, as for any usage error.
const USAGE: u8 = 2;

/// The longest a completion may take, however slow the database: a Tab
/// that answers nothing beats a shell that hangs.
const DEADLINE: Duration = Duration::from_secs(1);

/// The longest a completion waits for another process's lock on the
/// database (the busy timeout, when it is shorter).
const BUSY_TIMEOUT: Duration = Duration::from_millis(250);

/// Stands in for the word under the cursor while clap parses the command
/// line: no one types it, and it cannot be taken for an option.
const CURSOR: &str = "\u{1}countiq-cursor\u{1}";

/// A shell whose script asks for item names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shell {
    /// Sends the command line up to the cursor, as typed; takes each name
    /// quoted as the word under the cursor is.
    Bash,
    /// Sends the words, unquoted by zsh; quotes each name itself.
    Zsh,
    /// Sends the words, unquoted by fish; quotes each name itself.
    Fish,
}

impl Shell {
    fn parse(name: &str) -> Option<Self> {
        match name {
            "bash" => Some(Self::Bash),
            "zsh" => Some(Self::Zsh),
            "fish" => Some(Self::Fish),
            _ => None,
        }
    }
}

/// `script` (what `clap_complete` generated for `shell`) with the lines
/// that complete item names; other shells' scripts are returned as they are.
#[must_use]
pub fn with_item_names(shell: clap_complete::Shell, script: &str) -> String {
    match shell {
        // The generated function is renamed, and `_countiq`, which bash is
        // told to call (and zsh autoloads), asks for item names first.
        clap_complete::Shell::Bash => {
            script.replacen("_countiq() {\n", "_countiq_static() {\n", 1) + BASH
        }
        clap_complete::Shell::Zsh => {
            const TAIL: &str = "\nif [ \"$funcstack[1]\" = \"_countiq\" ]; then\n";
            script
                .replacen("_countiq() {\n", "_countiq_static() {\n", 1)
                .replacen(TAIL, &format!("\n{ZSH}{TAIL}"), 1)
        }
        clap_complete::Shell::Fish => script.to_owned() + FISH,
        _ => script.to_owned(),
    }
}

/// Added to the bash script. The command line is sent up to the cursor as
/// typed, so that words bash splits at `=` or `:` stay whole.
const BASH: &str = r#"
# Item names are completed from the database: `countiq __complete` answers
# when the word under the cursor names an existing item (exit 0, one name a
# line, quoted for bash); elsewhere the completions above apply.
_countiq() {
    local names
    if names=$(countiq __complete bash -- "${COMP_LINE:0:COMP_POINT}" 2>/dev/null); then
        COMPREPLY=()
        [[ -n $names ]] && mapfile -t COMPREPLY <<<"$names"
        # No file names where an item's name goes.
        compopt +o default +o bashdefault 2>/dev/null
        return 0
    fi
    _countiq_static "$@"
}
"#;

/// Added to the zsh script, before it registers `_countiq`.
const ZSH: &str = r#"# Item names are completed from the database: `countiq __complete` answers
# when the word under the cursor names an existing item (exit 0, one name a
# line); elsewhere the completions above apply.
_countiq() {
    local out
    if out=$(countiq __complete zsh -- "${(@Q)words[1,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null); then
        local -a names
        names=("${(@f)out}")
        # The names already begin with the word, ignoring case as names do.
        [[ -n $out ]] && compadd -U -- "${names[@]}"
        return
    fi
    _countiq_static "$@"
}

"#;

/// Added to the fish script.
const FISH: &str = r#"
# Item names are completed from the database: `countiq __complete` answers
# when the word under the cursor names an existing item (exit 0, one name a
# line); elsewhere the completions above apply.
function __fish_countiq_item_names --description 'Whether the token names an item; keeps the names'
    command -q countiq; or return
    set -l token (commandline -ct | string unescape)
    set -g __fish_countiq_items (countiq __complete fish -- (commandline -opc) "$token" 2>/dev/null)
end
complete -c countiq -n __fish_countiq_item_names -f -a '$__fish_countiq_items'
"#;

/// Answers a script: `args` are what follows [`ENTRY`], `SHELL -- LINE`
/// for bash and `SHELL -- WORD...` for zsh and fish (the command's name
/// first, the word under the cursor last).
///
/// Exit 0 with the names (none, when anything goes wrong) when the word
/// under the cursor names an existing item; [`NOT_AN_ITEM`] when it does
/// not; 2 for a request no script sends.
#[must_use]
pub fn answer(args: &[OsString]) -> ExitCode {
    let Some((shell, words, quote)) = request(args) else {
        return ExitCode::from(USAGE);
    };
    let Some((typed, matches)) = item_under_cursor(&words) else {
        return ExitCode::from(NOT_AN_ITEM);
    };
    let names = within(DEADLINE, move || names(&matches, &typed));
    print(&names, shell, quote);
    ExitCode::SUCCESS
}

/// The shell, the words up to the cursor (unquoted) and the quote open at
/// the cursor, from a script's arguments.
fn request(args: &[OsString]) -> Option<(Shell, Vec<String>, Quote)> {
    let [shell, dashes, rest @ ..] = args else {
        return None;
    };
    let shell = Shell::parse(shell.to_str()?)?;
    if dashes != "--" {
        return None;
    }
    let rest: Vec<String> = rest
        .iter()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    match (shell, rest.as_slice()) {
        (Shell::Bash, [line]) => {
            let (words, quote) = split(line);
            Some((shell, words, quote))
        }
        (Shell::Zsh | Shell::Fish, [_, ..]) => Some((shell, rest, Quote::None)),
        _ => None,
    }
}

/// When the last of `words` (the command's name first) is in the place of
/// an argument that names an existing item: what was typed of it, with a
/// reference's escape removed, and the matches of the words before it.
fn item_under_cursor(words: &[String]) -> Option<(String, ArgMatches)> {
    let (typed, before) = words.split_last()?;
    // An option being typed, unless `--` ended the options.
    if typed.starts_with('-') && !before.iter().any(|word| word == "--") {
        return None;
    }
    let command = Cli::command().ignore_errors(true);
    let argv = before.iter().map(String::as_str).chain([CURSOR]);
    let matches = command.clone().try_get_matches_from(argv).ok()?;
    names_an_item(&command, &matches)
        .then(|| (crate::domain::unescape_name(typed).to_owned(), matches))
}

/// Whether [`CURSOR`] landed in an argument marked [`ExistingItem`] of the
/// innermost subcommand `matches` reached.
fn names_an_item(command: &Command, matches: &ArgMatches) -> bool {
    if let Some((name, sub)) = matches.subcommand() {
        return command
            .find_subcommand(name)
            .is_some_and(|inner| names_an_item(inner, sub));
    }
    command
        .get_arguments()
        .filter(|arg| arg.get::<ExistingItem>().is_some())
        .filter_map(|arg| matches.try_get_raw(arg.get_id().as_str()).ok().flatten())
        .any(|mut values| values.any(|value| value == CURSOR))
}

/// Runs `lookup` on a thread of its own and waits up to `deadline` for it:
/// nothing when it fails or takes longer. The process ends when its answer
/// is printed, and an unfinished lookup with it.
fn within(
    deadline: Duration,
    lookup: impl FnOnce() -> Result<Vec<String>, Error> + Send + 'static,
) -> Vec<String> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        // The receiver is gone only when the deadline passed: the names
        // are no longer wanted.
        let _ = sender.send(lookup());
    });
    match receiver.recv_timeout(deadline) {
        Ok(Ok(names)) => names,
        Ok(Err(err)) => {
            tracing::debug!(%err, "no item names to complete");
            Vec::new()
        }
        Err(_) => Vec::new(),
    }
}

/// The names of the selected owner's items that begin with `typed`, from
/// the database the command line selects, settled as a command settles
/// them (flags, environment, config file, defaults).
fn names(matches: &ArgMatches, typed: &str) -> Result<Vec<String>, Error> {
    let global = GlobalArgs::from_arg_matches(matches).map_err(|e| Error::Usage(e.to_string()))?;
    let settings = config::resolve(&global, matches)?;
    let db = settings
        .db
        .as_ref()
        .ok_or_else(|| Error::Usage("no home directory for the default database".to_owned()))?;
    let busy_timeout = Duration::from_millis(settings.busy_timeout.value).min(BUSY_TIMEOUT);
    let store = Database::new(
        &db.value,
        db.source == config::Source::Default,
        &settings.pg_schema.value,
        busy_timeout,
    );
    let owner = super::acting_owner(
        &settings.owner.source,
        OwnerName::parse(&settings.owner.value),
        store.storage(),
    )?;
    let ctx = Ctx::new(store.storage(), &owner, "", Mode::Commit);
    let mut names = Vec::new();
    service::item_names(&ctx, typed, |name| {
        names.push(name);
        Ok(())
    })?;
    Ok(names)
}

/// Writes the names, one a line, as `shell` takes them. A script that
/// stopped reading gets no more; there is no one to tell.
fn print(names: &[String], shell: Shell, quote: Quote) {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for name in names {
        let word = crate::domain::escape_name(name);
        let line = match shell {
            Shell::Bash => quote.quoted(&word),
            // zsh's compadd and fish quote what they insert themselves.
            Shell::Zsh | Shell::Fish => word,
        };
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
    // Nothing to do about a failed flush: see above.
    let _ = out.flush();
}

/// The quote open at the cursor in a bash command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// None: special characters are escaped with a backslash.
    None,
    /// `'`: everything is literal up to the closing quote.
    Single,
    /// `"`: `"`, `$`, `` ` `` and `\` are escaped with a backslash.
    Double,
}

impl Quote {
    /// `word` written so that bash reads it back as `word` here.
    fn quoted(self, word: &str) -> String {
        let special: fn(char) -> bool = match self {
            Self::Single => return word.to_owned(),
            Self::Double => |c| matches!(c, '"' | '$' | '`' | '\\'),
            // `:` and `=` too, where bash would otherwise break the word
            // for completion.
            Self::None => {
                |c| c.is_ascii() && !c.is_ascii_alphanumeric() && !"-_./+,@%^".contains(c)
            }
        };
        let mut out = String::with_capacity(word.len());
        for c in word.chars() {
            if special(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }
}

/// Splits the bash command line up to the cursor into words as bash reads
/// them (quotes and backslashes removed, a leading `~/` made `$HOME/`),
/// from the start of its last command; the last word is the one under the
/// cursor, empty after a space. Also says which quote is open at the end.
fn split(line: &str) -> (Vec<String>, Quote) {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = Quote::None;
    let mut started = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Quote::Single, '\'') | (Quote::Double, '"') => quote = Quote::None,
            (Quote::Double, '\\') => match chars.next_if(|n| "\"$`\\\n".contains(*n)) {
                Some('\n') => {}
                Some(escaped) => word.push(escaped),
                None => word.push('\\'),
            },
            (Quote::Single | Quote::Double, c) => word.push(c),
            (Quote::None, '\'') => (quote, started) = (Quote::Single, true),
            (Quote::None, '"') => (quote, started) = (Quote::Double, true),
            (Quote::None, '\\') => {
                started = true;
                match chars.next() {
                    Some('\n') | None => {}
                    Some(escaped) => word.push(escaped),
                }
            }
            (Quote::None, ' ' | '\t' | '\n') => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            // The start of another command: its words are the ones to read.
            (Quote::None, ';' | '&' | '|') => {
                words.clear();
                word.clear();
                started = false;
            }
            (Quote::None, '~') if !started && matches!(chars.peek(), None | Some('/')) => {
                started = true;
                match std::env::var("HOME") {
                    Ok(home) if chars.peek().is_some() => word.push_str(&home),
                    _ => word.push('~'),
                }
            }
            (Quote::None, c) => {
                started = true;
                word.push(c);
            }
        }
    }
    words.push(word);
    (words, quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split(line).0
    }

    #[test]
    fn a_bash_line_splits_into_words_as_bash_reads_them() {
        assert_eq!(words("countiq adjust mi"), ["countiq", "adjust", "mi"]);
        assert_eq!(words("countiq adjust "), ["countiq", "adjust", ""]);
        assert_eq!(
            words(r#"countiq --db "/tmp/my db" rm 'oat milk' a\ b "x\"y\z" 'mi"#),
            [
                "countiq",
                "--db",
                "/tmp/my db",
                "rm",
                "oat milk",
                "a b",
                "x\"y\\z",
                "mi"
            ]
        );
        assert_eq!(words(r"countiq rm \\\#1"), ["countiq", "rm", r"\#1"]);
        assert_eq!(
            words("ls; countiq show x|countiq rm m"),
            ["countiq", "rm", "m"]
        );
        assert_eq!(
            words("countiq --db=a=b rm ''"),
            ["countiq", "--db=a=b", "rm", ""]
        );
        assert_eq!(split("countiq rm 'mi").1, Quote::Single);
        assert_eq!(split("countiq rm \"mi").1, Quote::Double);
        assert_eq!(split("countiq rm mi").1, Quote::None);
        assert_eq!(
            words("countiq --db x~/y '~/z'"),
            ["countiq", "--db", "x~/y", "~/z"]
        );
    }

    #[test]
    fn a_leading_tilde_is_the_home_directory() {
        let home = std::env::var("HOME").unwrap_or_default();
        if home.is_empty() {
            return;
        }
        assert_eq!(
            words("countiq --db ~/x.db show "),
            [
                "countiq".to_owned(),
                "--db".to_owned(),
                format!("{home}/x.db"),
                "show".to_owned(),
                String::new()
            ]
        );
    }

    #[test]
    fn names_are_quoted_as_the_word_under_the_cursor_is() {
        let name = r#"oat "milk" $2 it's #1:a=b é"#;
        assert_eq!(
            Quote::None.quoted(name),
            r#"oat\ \"milk\"\ \$2\ it\'s\ \#1\:a\=b\ é"#
        );
        assert_eq!(
            Quote::Double.quoted(name),
            r#"oat \"milk\" \$2 it's #1:a=b é"#
        );
        assert_eq!(Quote::Single.quoted(name), name);
        for (line, name) in [
            ("countiq show ", "a b"),
            ("countiq show \"", "x\"$y"),
            ("countiq show ", "\\#1"),
        ] {
            let quote = split(line).1;
            let typed = format!("{line}{}", quote.quoted(name));
            assert_eq!(words(&typed).last().unwrap(), name, "{typed}");
        }
    }

    #[test]
    fn names_that_read_as_references_are_escaped_and_typed_escapes_removed() {
        assert_eq!(crate::domain::escape_name("#12"), r"\#12");
        assert_eq!(crate::domain::escape_name("=x"), r"\=x");
        assert_eq!(crate::domain::escape_name("a#1"), "a#1");
        assert_eq!(crate::domain::unescape_name(r"\#1"), "#1");
        assert_eq!(crate::domain::unescape_name(r"\="), "=");
        // The backslash escapes whatever character it is before, as
        // `countiq` reads an item argument.
        assert_eq!(crate::domain::unescape_name(r"\a"), "a");
        assert_eq!(crate::domain::escape_name(r"\a"), r"\\a");
    }

    fn under_cursor(line: &str) -> Option<String> {
        item_under_cursor(&words(line)).map(|(typed, _)| typed)
    }

    #[test]
    fn only_arguments_marked_as_naming_an_item_are_completed_from_the_database() {
        for line in [
            "countiq adjust mi",
            "countiq --owner bob adjust mi",
            "countiq adjust --reason x mi",
            "countiq rm a b mi",
            "countiq remove --missing-ok mi",
            "countiq rename mi",
            "countiq mv mi",
            "countiq edit mi",
            "countiq set mi",
            "countiq count mi",
            "countiq show mi",
            "countiq history mi",
            "countiq move mi",
            "countiq tag mi",
            "countiq untag mi",
            "countiq adjust -- mi",
        ] {
            assert_eq!(under_cursor(line).as_deref(), Some("mi"), "{line}");
        }
        assert_eq!(under_cursor(r"countiq show \\\#1").as_deref(), Some("#1"));
        assert_eq!(under_cursor("countiq adjust -- -x").as_deref(), Some("-x"));
        for line in [
            "countiq mi",
            "countiq add mi",
            "countiq adjust milk mi",
            "countiq rename milk mi",
            "countiq set milk mi",
            "countiq adjust --reason mi",
            "countiq adjust -",
            "countiq --owner mi",
            "countiq undo mi",
            "countiq import mi",
            "countiq completions mi",
            "countiq list mi",
        ] {
            assert_eq!(under_cursor(line), None, "{line}");
        }
    }
}
