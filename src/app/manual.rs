//! The manual: `countiq.1` and one page per subcommand (`countiq-add.1`,
//! `countiq-config-show.1`, ...), the way git ships `git-add.1`.
//!
//! Synopses, options and one-line summaries come from the clap types in
//! [`crate::cli`], so they cannot drift from `--help`. The prose (what each
//! command does, exit status, environment, files, examples) is written here.
//! The pages are committed in `man/`, and a test fails when one is missing,
//! stale, or no longer generated.

use std::collections::BTreeSet;
use std::io;

use clap::{Command, CommandFactory as _};
use clap_mangen::Man;
use clap_mangen::roff::{Inline, Roff, bold, italic, roman};

use crate::cli::Cli;
use crate::domain::{Error, ErrorKind, Outcome};

/// The file name of the main page.
pub const MAIN_PAGE: &str = "countiq.1";

/// Every page as its file name and roff source: the main page first, then
/// one page per subcommand in `countiq --help` order, a nested subcommand
/// (`config show`) right after its parent.
#[must_use]
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let root = root();
    let subs = subcommands(&root);
    let mut pages = Vec::with_capacity(subs.len() + 1);
    pages.push((MAIN_PAGE.to_owned(), main_page(&root, &subs)));
    pages.extend(
        subs.iter()
            .map(|sub| (sub.file_name(), subcommand_page(&root, sub))),
    );
    pages
}

/// The page `countiq man [SUBCOMMAND]` prints: without a subcommand the main
/// page, else the page of the subcommand named as in its page's name
/// without `countiq-` (`add`, `config-show`), or by an alias (`ls`).
/// Words separated by spaces (`config show`) are taken as joined by `-`.
/// An unknown name is a usage error listing the pages.
pub fn page(subcommand: Option<&str>) -> Result<Vec<u8>, Error> {
    let root = root();
    let subs = subcommands(&root);
    let Some(wanted) = subcommand else {
        return Ok(main_page(&root, &subs));
    };
    let key = wanted.split_whitespace().collect::<Vec<_>>().join("-");
    if let Some(sub) = subs.iter().find(|sub| sub.answers_to(&key)) {
        return Ok(subcommand_page(&root, sub));
    }
    let known: Vec<&str> = subs.iter().map(|sub| sub.key.as_str()).collect();
    Err(Error::Usage(format!(
        "no manual page for {wanted:?} (pages: {})",
        known.join(", ")
    )))
}

/// A subcommand with a page of its own.
struct Sub {
    /// Its words on the command line joined by `-`: `add`, `config-show`.
    key: String,
    /// The same for each of its visible aliases: `ls` for `list`.
    aliases: Vec<String>,
    /// Whether it is a subcommand of `countiq` itself rather than of
    /// another subcommand.
    top_level: bool,
    /// The built clap command.
    cmd: Command,
}

impl Sub {
    /// The page's name without its section: `countiq-add`.
    fn stem(&self) -> String {
        format!("countiq-{}", self.key)
    }

    fn file_name(&self) -> String {
        format!("{}.1", self.stem())
    }

    fn answers_to(&self, key: &str) -> bool {
        self.key == key || self.aliases.iter().any(|alias| alias == key)
    }
}

/// The command tree as clap builds it to parse, without clap's `help`
/// subcommands: `countiq help` is clap's own and has no page to point to.
fn root() -> Command {
    fn without_help_subcommand(cmd: Command) -> Command {
        cmd.disable_help_subcommand(true)
            .mut_subcommands(without_help_subcommand)
    }
    let mut root = without_help_subcommand(Cli::command());
    root.build();
    root
}

/// Every visible subcommand, depth first, in declaration order.
fn subcommands(root: &Command) -> Vec<Sub> {
    fn collect(cmd: &Command, prefix: &str, out: &mut Vec<Sub>) {
        for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            let key = format!("{prefix}{}", sub.get_name());
            out.push(Sub {
                aliases: sub
                    .get_visible_aliases()
                    .map(|alias| format!("{prefix}{alias}"))
                    .collect(),
                top_level: prefix.is_empty(),
                cmd: sub.clone(),
                key: key.clone(),
            });
            collect(sub, &format!("{key}-"), out);
        }
    }
    let mut out = Vec::new();
    collect(root, "", &mut out);
    out
}

/// `clap_mangen`'s page builder with CountIQ's title line.
fn man(cmd: Command, stem: &str) -> Man {
    Man::new(cmd)
        .title(stem.to_uppercase())
        .source(concat!("CountIQ ", env!("CARGO_PKG_VERSION")))
        .manual("CountIQ Manual")
}

/// A page being put together from pieces of roff, some rendered by
/// `clap_mangen`, some written here.
struct Page {
    /// The definitions `roff` writes at the start of everything it renders
    /// (a string for the apostrophe); a page needs them once, at its top.
    preamble: String,
    out: Vec<u8>,
}

impl Page {
    fn new() -> Self {
        let preamble = Roff::new().render();
        Self {
            out: preamble.clone().into_bytes(),
            preamble,
        }
    }

    /// Appends a piece `clap_mangen` renders.
    fn clap(&mut self, render: impl FnOnce(&mut dyn io::Write) -> io::Result<()>) {
        let mut piece = Vec::new();
        // Impossible: clap_mangen only writes to the writer, and writing to
        // a `Vec` cannot fail.
        render(&mut piece).expect("writing to a Vec cannot fail");
        self.push(&piece);
    }

    /// Appends a piece written here.
    fn roff(&mut self, roff: &Roff) {
        self.push(roff.render().as_bytes());
    }

    fn push(&mut self, piece: &[u8]) {
        let piece = piece
            .strip_prefix(self.preamble.as_bytes())
            .unwrap_or(piece);
        self.out.extend_from_slice(piece);
    }
}

/// A block of a page's prose.
enum Block {
    /// A paragraph. Text between backquotes is set in bold, as the README
    /// sets it in code.
    Para(&'static str),
    /// Lines shown as they are, indented: commands, input.
    Code(&'static [&'static str]),
    /// A subsection heading.
    Heading(&'static str),
}

use Block::{Code, Heading, Para};

/// Prose with the parts between backquotes in bold.
fn prose(text: &str) -> Vec<Inline> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| if i % 2 == 1 { bold(part) } else { roman(part) })
        .collect()
}

fn blocks(roff: &mut Roff, blocks: &[Block]) {
    let mut first = true;
    for block in blocks {
        match block {
            Para(text) => {
                if !first {
                    roff.control("PP", []);
                }
                roff.text(prose(text));
            }
            Code(lines) => code(roff, lines),
            Heading(title) => {
                roff.control("SS", [*title]);
                first = true;
                continue;
            }
        }
        first = false;
    }
}

fn code(roff: &mut Roff, lines: &[&str]) {
    roff.control("PP", []);
    roff.control("RS", ["4"]);
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(*line)]);
    }
    roff.control("fi", []);
    roff.control("RE", []);
}

/// A tagged paragraph: a term, then its description.
fn item(roff: &mut Roff, term: Vec<Inline>, text: &str) {
    roff.control("TP", []);
    roff.text(term);
    roff.text(prose(text));
}

/// A list of page references, `countiq-add(1), countiq-list(1)`.
fn references(roff: &mut Roff, stems: &[String]) {
    for (i, stem) in stems.iter().enumerate() {
        let tail = if i + 1 == stems.len() { "(1)" } else { "(1)," };
        roff.text([bold(stem.as_str()), roman(tail)]);
    }
}

/// A subcommand's one-line summary, from its doc comment.
fn about(cmd: &Command) -> String {
    cmd.get_about().map(ToString::to_string).unwrap_or_default()
}

fn main_page(root: &Command, subs: &[Sub]) -> Vec<u8> {
    let man = man(root.clone(), "countiq");
    let mut page = Page::new();
    page.clap(|w| man.render_title(w));
    page.clap(|w| man.render_name_section(w));
    page.clap(|w| man.render_synopsis_section(w));

    let mut roff = Roff::new();
    roff.control("SH", ["DESCRIPTION"]);
    blocks(&mut roff, MAIN_DESCRIPTION);
    page.roff(&roff);

    page.clap(|w| man.render_options_section(w));

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in subs.iter().filter(|sub| sub.top_level) {
        let mut text = about(&sub.cmd);
        if !sub.aliases.is_empty() {
            text = format!("{text}. Alias: `{}`.", sub.aliases.join("`, `"));
        }
        item(&mut roff, vec![bold(sub.stem()), roman("(1)")], &text);
    }
    roff.control("SH", ["EXIT STATUS"]);
    exit_status(&mut roff);
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, text) in ENVIRONMENT {
        item(&mut roff, vec![bold(*name)], text);
    }
    roff.control("SH", ["FILES"]);
    for (name, text) in FILES {
        item(&mut roff, vec![italic(*name)], text);
    }
    roff.control("SH", ["EXAMPLES"]);
    blocks(&mut roff, EXAMPLES);
    roff.control("SH", ["SEE ALSO"]);
    let mut stems: Vec<String> = subs.iter().map(Sub::stem).collect();
    stems.sort();
    references(&mut roff, &stems);
    page.roff(&roff);
    page.out
}

fn exit_status(roff: &mut Roff) {
    // Wide enough for "11 uncertain", so every code and kind stands on the
    // line its meaning starts on.
    let status = |roff: &mut Roff, code: u8, kind: Option<&str>, text: &str| {
        roff.control("TP", ["14"]);
        let mut term = vec![bold(code.to_string())];
        if let Some(kind) = kind {
            term.extend([roman(" "), italic(kind)]);
        }
        roff.text(term);
        roff.text(prose(text));
    };
    status(
        roff,
        Outcome::Success.exit_code(),
        None,
        "Success: the command did what it was asked, or replayed the saved result of an earlier run with the same `--idempotency-key`.",
    );
    // In numeric order: 9 belongs between the error kinds 1-7 and 11.
    let (below, above): (Vec<ErrorKind>, Vec<ErrorKind>) = ErrorKind::ALL
        .into_iter()
        .partition(|kind| kind.exit_code() < Outcome::BelowMinimum.exit_code());
    for kind in below {
        status(roff, kind.exit_code(), Some(kind.as_str()), meaning(kind));
    }
    status(
        roff,
        Outcome::BelowMinimum.exit_code(),
        None,
        "`countiq low --check` found items below their reorder level. Nothing changed.",
    );
    for kind in above {
        status(roff, kind.exit_code(), Some(kind.as_str()), meaning(kind));
    }
    roff.control("PP", []);
    roff.text(prose(
        "Scripts can rely on one rule: `0 = applied, 11 = maybe applied, any other code = nothing changed.`",
    ));
    roff.control("PP", []);
    roff.text(prose(
        "The kind is the one the JSON error form names, `{\"error\":{\"kind\":\"conflict\",\"message\":\"...\",\"exit_code\":4}}`. `--help` and `--version` exit 0. An exit status of 101 is a panic, and always a bug.",
    ));
}

/// What an exit code means, in the manual's words. A new error kind does
/// not compile until it is described here.
fn meaning(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Internal => {
            "An unexpected failure: an I/O error, an unclassified database error."
        }
        ErrorKind::Usage => {
            "A bad command line or configuration (an unknown option, a bad value, a bad config file), found before any transaction starts. Always a human line on standard error, never JSON."
        }
        ErrorKind::NotFound => "A named item (or operation) does not exist for this owner.",
        ErrorKind::Conflict => {
            "The name is already taken for this owner, or a precondition does not hold: an `apply` expectation, an `undo` that would break a rule now or of an operation already undone, an idempotency key already used for another command."
        }
        ErrorKind::Invalid => {
            "A rule rejected the input: a name, a quantity, a time, stock below zero."
        }
        ErrorKind::Busy => {
            "The database stayed locked past the busy timeout. Nothing changed; retrying is safe."
        }
        ErrorKind::Database => {
            "Not a CountIQ database, corrupt, made by a newer CountIQ, or cannot be opened for writing. The file is left untouched."
        }
        ErrorKind::Unavailable => {
            "PostgreSQL only: the server could not be reached (refused, timed out, unknown host), or the connection broke before the commit was sent. Standard error names the host and port. Nothing changed; retrying is safe."
        }
        ErrorKind::Denied => {
            "PostgreSQL only: the server refused the credentials, or this database role may not act for this owner. Nothing changed."
        }
        ErrorKind::Uncertain => {
            "The change may have been saved: it was committed, but its result could not be written to standard output, or the connection to a server broke while COMMIT was under way. Standard error says so, with the operation id. When the run carried an `--idempotency-key`, retrying with the same key is safe and prints the saved result; without one, check (with `countiq list` or `countiq history`) before retrying."
        }
        ErrorKind::Interrupted => {
            "SIGINT (Ctrl-C) arrived before the commit: the transaction was rolled back and nothing changed. Once the commit has been sent, a signal lets the command finish and exit with its own code."
        }
        ErrorKind::Terminated => {
            "SIGTERM (`timeout`, `kill`, a cancelled CI job) arrived before the commit: the transaction was rolled back and nothing changed."
        }
    }
}

fn subcommand_page(root: &Command, sub: &Sub) -> Vec<u8> {
    let stem = sub.stem();
    // The global options are described once, on the main page.
    let cmd = sub.cmd.clone().mut_args(|arg| {
        if arg.is_global_set() {
            arg.hide(true)
        } else {
            arg
        }
    });
    let man = man(cmd, &stem);
    let text = page_text(&sub.key);
    let mut page = Page::new();
    page.clap(|w| man.render_title(w));
    page.clap(|w| man.render_name_section(w));
    page.clap(|w| man.render_synopsis_section(w));

    let mut roff = Roff::new();
    roff.control("SH", ["DESCRIPTION"]);
    if text.description.is_empty() {
        roff.text([roman(about(&sub.cmd))]);
    } else {
        blocks(&mut roff, text.description);
    }
    page.roff(&roff);

    page.clap(|w| man.render_options_section(w));

    let mut roff = Roff::new();
    let children: Vec<&Command> = sub
        .cmd
        .get_subcommands()
        .filter(|cmd| !cmd.is_hide_set())
        .collect();
    if !children.is_empty() {
        roff.control("SH", ["COMMANDS"]);
        for child in children {
            let child_stem = format!("{stem}-{}", child.get_name());
            item(
                &mut roff,
                vec![bold(child_stem), roman("(1)")],
                &about(child),
            );
        }
    }
    roff.control("SH", ["GLOBAL OPTIONS"]);
    let globals: Vec<String> = root
        .get_arguments()
        .filter(|arg| arg.is_global_set() && !arg.is_hide_set())
        .filter_map(|arg| arg.get_long().map(|long| format!("`--{long}`")))
        .collect();
    roff.text(prose(&format!(
        "`{}` also accepts the global options, before or after it: {}. They are described in `countiq`(1).",
        sub.cmd.get_bin_name().unwrap_or_else(|| sub.cmd.get_name()),
        globals.join(", ")
    )));
    roff.control("SH", ["SEE ALSO"]);
    let mut see_also = vec!["countiq".to_owned()];
    let related: BTreeSet<&str> = text.see_also.iter().copied().collect();
    see_also.extend(related.into_iter().map(|key| format!("countiq-{key}")));
    references(&mut roff, &see_also);
    page.roff(&roff);
    page.out
}

/// What a subcommand's page says besides its synopsis and options.
struct Text {
    description: &'static [Block],
    /// The keys of related subcommands' pages.
    see_also: &'static [&'static str],
}

const FIELDS: &str = "`--fields` prints only the fields named, in the order named, in every format: the keys of each JSON object, the CSV header and columns, the table's columns, the TSV columns. The names are the JSON field names (`countiq schema` lists them under `fields`); an unknown, empty or repeated name is exit 2, naming the valid ones. `--format tsv` prints tab-separated lines without a header, like `sqlite3 -tabs`, for `sort`, `cut` and `awk`: no quoting; a backslash, tab or newline in a value is written `\\\\`, `\\t` or `\\n`; null is empty.";

const TIME: &str = "TIME is RFC 3339 (`2026-11-25T17:29:10Z`, `2026-11-25T18:29:10+01:00`), a date (`2026-11-25`, midnight UTC), or a span back from now: `90s`, `15m`, `2h`, `3d`, `1w`.";

/// The prose of the page of the subcommand `key` (`add`, `config-show`).
/// A subcommand without an entry gets its one-line summary, and a test
/// fails.
// One entry per subcommand: splitting the match would only scatter them.
#[allow(clippy::too_many_lines)]
fn page_text(key: &str) -> Text {
    let (description, see_also): (&'static [Block], &'static [&'static str]) = match key {
        "add" => (
            &[
                Para(
                    "Creates an item for the owner. `--qty` is a whole number from 0 to 2^53-1 (default 1); `--unit` is a unit of measure such as `L` or `kg`, up to 32 characters; `--min` is the reorder level `countiq low` checks against.",
                ),
                Para(
                    "If the owner already has an item with the same name (ignoring case and spacing), nothing changes and the exit status is 4; with `--exists-ok`, the exit status is 0 and the existing item is printed unchanged. A name or quantity that breaks a rule is exit 5.",
                ),
                Para(
                    "`--at` puts the item in a location (`garage/shelf-2`, see `countiq move`); `--code` gives it a barcode or SKU, unique per owner (see `countiq edit`). A name that begins with `#` followed by digits, or with `=`, would read as an item reference: write it with a backslash, `countiq add '\\#12'`.",
                ),
                Para("A name that begins with `-` goes after `--`:"),
                Code(&["countiq add -- -40C-freezer"]),
            ],
            &["list", "edit", "remove"],
        ),
        "list" => (
            &[
                Para(
                    "Prints the owner's items: a table, or, with `--format`, a JSON array (`[]` when there are none), one JSON object per line, or CSV with a header row. The default order is by name ignoring case, then by id; `countiq ls` is the same command.",
                ),
                Para(
                    "`--match` keeps the items whose name contains TEXT, ignoring case; it is plain text, so `%` and `_` match themselves. `--low` keeps the items below their reorder level; `--qty-min N` and `--qty-max N` those with at least and at most N in stock (a minimum above the maximum keeps nothing); `--updated-since` those changed at or after TIME. The filters combine: an item must pass all of them. `--as-of` shows the items as they stood at TIME, rebuilt from the ledger, with the same filters.",
                ),
                Para(TIME),
                Para(FIELDS),
                Code(&[
                    "countiq list --qty-max 2 --updated-since 7d --fields name,quantity --format tsv | sort -k2n",
                ]),
                Para(
                    "On a database that does not exist, prints the empty result and creates nothing.",
                ),
            ],
            &["show", "low", "export"],
        ),
        "remove" => (
            &[
                Para(
                    "Removes all the named items in one transaction. If any of them does not exist, nothing is removed and the exit status is 3, unless `--missing-ok`, which skips the missing names. `countiq rm` is the same command.",
                ),
                Para(
                    "`countiq undo` brings removed items back, with their ids, quantities, units and reorder levels.",
                ),
            ],
            &["add", "undo"],
        ),
        "rename" => (
            &[
                Para(
                    "Renames an item; its id never changes. OLD missing is exit 3; NEW being the name of another of the owner's items is exit 4. Changing only the case or spacing of a name is allowed and changes the name shown. `countiq mv` is the same command.",
                ),
                Para("`countiq history NEW` still shows the item's events from before the rename."),
            ],
            &["history"],
        ),
        "edit" => (
            &[
                Para(
                    "Changes an item's unit of measure (`--unit`, or `--no-unit` to remove it), its reorder level (`--min`, or `--no-min`), its code (`--code`, or `--no-code`) or its note (`--note`, or `--no-note`). At least one of them is needed. The quantity is changed by `countiq adjust`, `set` and `count`; the location by `countiq move`; tags by `countiq tag` and `untag`.",
                ),
                Para(
                    "A code is a barcode or SKU: 1 to 64 printable ASCII characters without spaces, compared exactly. It is unique per owner: a code another item has is a conflict (exit 4). Once set, `=CODE` names the item wherever a command takes NAME. A note is up to 1,000 characters; newlines are kept, other control characters are refused (exit 5).",
                ),
                Code(&[
                    "countiq edit milk --code 4006381333931 --note \"the oat one\"",
                    "countiq adjust =4006381333931 -1",
                ]),
            ],
            &["add", "low", "scan"],
        ),
        "move" => (
            &[
                Para(
                    "Moves an item to LOC, a location such as `garage/shelf-2`: segments separated by `/`, each normalised like a name, compared ignoring case. `--nowhere` takes it out of every location. An empty segment (`a//b`, a leading or trailing `/`) is refused (exit 5). Moving an item to where it already is records nothing.",
                ),
                Para(
                    "`countiq list --at garage` lists the items in `garage` and everything under it; `countiq locations` lists the locations that hold items. The move is in the ledger, and `countiq undo` moves the item back.",
                ),
                Code(&[
                    "countiq move drill workshop/bench",
                    "countiq list --at workshop",
                ]),
            ],
            &["locations", "list", "add"],
        ),
        "tag" => (
            &[
                Para(
                    "Adds the tags TAG... to an item, in one transaction. Tags are normalised like names, 1 to 64 characters with no comma, and unique per item ignoring case: a tag the item has already is left as it is. `countiq list --tag T` (repeatable: every one must match) selects by tag.",
                ),
                Code(&[
                    "countiq tag bleach cleaning hazard",
                    "countiq list --tag cleaning --low",
                ]),
            ],
            &["untag", "list"],
        ),
        "untag" => (
            &[Para(
                "Removes the tags TAG... from an item, in one transaction, ignoring case; a tag the item does not have is ignored. The change is in the ledger, and `countiq undo` puts the tags back.",
            )],
            &["tag", "list"],
        ),
        "locations" => (
            &[Para(
                "Lists each location that directly holds items of the owner, in order ignoring case, with how many items are directly in it and their total quantity: a table, or, with `--format`, `{\"location\":\"garage/shelf-2\",\"items\":3,\"quantity\":12}` objects. It never writes: on a database that does not exist, it prints the empty result and creates nothing.",
            )],
            &["move", "list"],
        ),
        "scan" => (
            &[
                Para(
                    "Reads codes from standard input, one per line, as a USB barcode scanner types them, and applies each as an adjustment of the item with that code: `--delta` (default -1) each time, every line in its own transaction, recorded in the ledger as a scan. Blank lines are skipped and a trailing carriage return is ignored.",
                ),
                Para(
                    "Each line's result is printed as it happens: in a table a line per scan, with lines that changed nothing on standard error; with `--format ndjson`, one object per line, `{\"line\":1,\"code\":\"4006381333931\",\"exit\":0,\"id\":3,\"name\":\"milk\",\"quantity\":4,\"error\":null,\"item\":{...}}`, where `exit` is the status that line would have had as its own `countiq adjust` (3 for an unknown code, 5 for a bad code or a quantity that would go below 0).",
                ),
                Para(
                    "`scan` is a stream of independent changes, not one: its own exit status says only whether it read all of its input. It is 0 at the end of the input, whatever each line's outcome, or the status of the error that stopped it early (6, 7, 8, 10, 130, 143), the lines before having been applied. `--idempotency-key` cannot be used with it (exit 2): retry the lines that failed instead.",
                ),
                Code(&[
                    "countiq scan < codes.txt",
                    "countiq scan --format ndjson | jq -c 'select(.exit != 0)'",
                ]),
            ],
            &["edit", "adjust", "history"],
        ),
        "adjust" => (
            &[
                Para(
                    "Moves an item's stock up or down by DELTA: `+3`, `-2` or `3`. A negative DELTA needs no `--`. The result must stay from 0 to 2^53-1, or nothing changes and the exit status is 5.",
                ),
                Para(
                    "Adjustments from any number of processes at once never lose an update. `--reason` is kept in the ledger, and `countiq undo` reverts an adjustment by applying the opposite one, so changes made since are kept.",
                ),
                Code(&["countiq adjust bolts -40 --reason \"build 418\""]),
            ],
            &["set", "count", "history"],
        ),
        "set" => (
            &[Para(
                "Sets an item's stock level to N, a whole number from 0 to 2^53-1. `--reason` is kept in the ledger. Setting the level the item already has records nothing; to record that a stocktake found it right, use `countiq count`.",
            )],
            &["adjust", "count"],
        ),
        "count" => (
            &[Para(
                "Records a stocktake: sets an item's stock level to N and records it in the ledger as a count, even when the level was already right. `--reason` is kept in the ledger.",
            )],
            &["set", "adjust", "history"],
        ),
        "history" => (
            &[
                Para(
                    "Prints the ledger, newest first: one event per item a change touched, with the operation id (`op`), the time, the kind of change, the name, quantity, unit and reorder level before and after, the reason, and the OS user who ran it.",
                ),
                Para(
                    "With NAME, only the events of the item that has, or had, that name, across renames. `--since` keeps the events at or after TIME. `--kind` keeps the events of one kind (`baseline`, `add`, `remove`, `rename`, `edit`, `adjust`, `set`, `count`, `import`, `undo`); given more than once, of any of them.",
                ),
                Para(TIME),
                Para(FIELDS),
                Code(&[
                    "countiq history --kind adjust --kind count --fields at,name_after,qty_after --format tsv",
                ]),
            ],
            &["undo", "show"],
        ),
        "undo" => (
            &[
                Para(
                    "Reverts the owner's most recent operation that is not an undo and not undone yet, or the operation OP_ID (the `op` that `countiq history` shows), as a new operation: the ledger only grows, and running `countiq undo` again walks further back.",
                ),
                Para(
                    "Every item the operation touched goes back, or none does. Undoing an `add` removes the item; undoing a `remove` brings the items back with their ids; undoing a `rename`, `set`, `count` or `edit` restores the old values; undoing an `adjust` applies the opposite adjustment, so changes made since are kept.",
                ),
                Para(
                    "If going back would break a rule now (the old name has been taken since, or the stock would go below zero), or the operation is already undone, nothing changes and the exit status is 4. An OP_ID the owner has no operation with is exit 3.",
                ),
            ],
            &["history"],
        ),
        "show" => (
            &[Para(
                "Prints one item, its last 10 events, and a sparkline of its quantity over time. With `--json`, one object: `{\"item\":{...},\"events\":[...],\"series\":[4,7,1],\"sparkline\":\"...\"}`.",
            )],
            &["history", "list"],
        ),
        "low" => (
            &[
                Para(
                    "Lists the items whose quantity is below their reorder level (set by `--min` on `countiq add` or `countiq edit`), in the same forms as `countiq list`, `--fields` included (`countiq list --low` is the same list with list's other filters).",
                ),
                Para(
                    "With `--check`, the exit status is 9 when there is at least one such item, and 0 when there is none, so a cron line can act on it:",
                ),
                Code(&["countiq low --check >/dev/null || countiq low"]),
            ],
            &["edit", "list"],
        ),
        "owners" => (
            &[
                Para(
                    "Lists the owners in the database, by name, with how many items each holds: a table, or, with `--format`, a JSON array of `{\"owner\":\"alice\",\"items\":3}` objects, one object per line, CSV or TSV. An owner with no items left is listed with 0.",
                ),
                Para(
                    "On a PostgreSQL database whose owners are database roles (`countiq admin enforce-owners`), only the owners the login role may act for. `--owner` does not matter. It never writes: on a database that does not exist, it prints the empty result and creates nothing.",
                ),
            ],
            &["list", "export"],
        ),
        "export" => (
            &[
                Para(
                    "Writes the owner's items as NDJSON, one item per line, or with `--format json` or `--format csv` as a JSON array or CSV; `countiq import` reads all three back. With `--all-owners`, every owner's items, each naming its owner. `--format tsv` and `--fields` write what `countiq list` would; an export without `name` cannot be imported again.",
                ),
                Para("Export streams: its memory does not grow with the number of items."),
                Code(&["countiq export --all-owners > inventory.ndjson"]),
            ],
            &["import"],
        ),
        "import" => (
            &[
                Para(
                    "Reads items from FILE, or from standard input when FILE is `-`, in any form `countiq export` writes. An import is one transaction and one operation in the ledger (one per owner with `--all-owners`), so `countiq undo` reverts it whole.",
                ),
                Para(
                    "A row that breaks a rule (exit 5), or a name the owner already has under the default `--on-conflict fail` (exit 4), imports nothing, and the error names the line. `--on-conflict skip` keeps the existing item; `replace` overwrites its quantity, unit, reorder level, location, tags, code and note; `add` adds the row's quantity to the item's and changes nothing else (a row whose unit is not the item's, or a total above 2^53-1, is exit 5 naming the line).",
                ),
                Para(
                    "Rows carry the item's own fields: `name`, `quantity`, `unit`, `min`, `location`, `tags` (a JSON array; in CSV one field joined by commas), `code` and `note`. A row with a `name` is matched by name, its `id` ignored; a row without one refers to an existing item by `id`, else by `code`, and never creates one (exit 3 when there is no such item). A code another item holds is exit 4.",
                ),
                Para(
                    "The format is `--format` (or `--json`) given on the command line, else the file's extension (`.json`, `.ndjson` or `.jsonl`, `.csv`), else the first character (`[` JSON, `{` NDJSON, anything else CSV). Rows use the item's own field names: `name` (required), `quantity` (default 1), `unit`, `min`, and `owner` with `--all-owners`; other fields, such as `id` and the timestamps, are ignored.",
                ),
            ],
            &["export", "apply"],
        ),
        "apply" => (
            &[
                Para(
                    "Runs a batch of operations from FILE, or from standard input when FILE is `-`, one JSON object per line, as one transaction and one operation in the ledger:",
                ),
                Code(&[
                    r#"{"op":"add","name":"milk","quantity":2,"unit":"L","min":1}"#,
                    r#"{"op":"adjust","name":"milk","delta":-1,"expect_quantity":2}"#,
                    r#"{"op":"set","name":"bread","quantity":5,"expect_exists":true}"#,
                    r#"{"op":"rename","name":"milk","to":"oat milk"}"#,
                    r#"{"op":"remove","name":"eggs","expect_exists":true}"#,
                    r#"{"op":"edit","name":"oat milk","min":null,"code":"4006381333931","note":"barista"}"#,
                    r#"{"op":"count","code":"4006381333931","quantity":3}"#,
                    r#"{"op":"move","name":"oat milk","to":"fridge/door"}"#,
                    r#"{"op":"tag","id":12,"add":["dairy"],"remove":["sale"]}"#,
                ]),
                Para(
                    "A line names its item by `name`, or by `id` or `code` instead. In an `edit` line a field left out is unchanged and `null` clears it. `move` takes `to`, a location or `null`; `tag` adds and removes tags. `add` lines also take `location`, `tags`, `code` and `note`.",
                ),
                Para(
                    "Any line may carry the preconditions `expect_quantity` and `expect_exists`, checked against the state the earlier lines left. A failed precondition is exit 4 naming the line; any other failing line fails the batch with its own exit status. Either way nothing of the batch is applied.",
                ),
            ],
            &["import", "undo"],
        ),
        "schema" => (
            &[Para(
                "Prints the JSON Schema (draft 2020-12) of every command's JSON output, and the table of exit codes, so that a CI job can validate what it parses.",
            )],
            &[],
        ),
        "doctor" => (
            &[
                Para(
                    "Reports on the database: its path, size, schema version (and this binary's), SQLite version, journal mode, synchronous setting, WAL size, integrity check, and items and events per owner. It opens the database read-only and never migrates it; SQLite may leave the `-wal` and `-shm` files beside it, as any reader does. When the file is unusable, it prints its findings and the exit status is 7.",
                ),
                Para(
                    "On a PostgreSQL server it reports the URL (password hidden), the server version, the role and whether it is a superuser, what TLS verified, the schema and its version, the constraints that back CountIQ's rules, which tables have row-level security, and items and events per owner the role can see. It runs in a read-only transaction. A server that cannot be reached is exit 8, refused credentials exit 10, a schema that is not right exit 7.",
                ),
            ],
            &["config-show"],
        ),
        "backup" => (
            &[
                Para(
                    "Copies the database to DEST as one complete SQLite file (mode 0600, no `-wal` beside it) from one consistent moment, while other processes keep reading and writing. The database is the `.db` file and its `-wal` together, so copy it with `backup`, not `cp`. DEST is never overwritten without `--force`: when it exists the exit status is 4. With no database at the path, the exit status is 7. With `--json`, prints `dest`, `bytes` and `pages`.",
                ),
                Code(&["countiq backup ~/inventory-$(date +%F).db"]),
                Para(
                    "On a PostgreSQL server, `backup` writes the same kind of SQLite file: everything the role can see, read from one snapshot of the server, with the ids and times the server holds, so `countiq --db DEST` answers `list`, `history` and `list --as-of` as the server does. Where owners are database roles, the role sees the owners it acts for; `countiq copy`, run as a role with BYPASSRLS, copies every owner. A server without CountIQ's schema is exit 7.",
                ),
                Code(&[
                    "countiq --db postgres://ci@db.internal/inventory backup inventory-$(date +%F).db",
                ]),
            ],
            &["doctor", "copy"],
        ),
        "copy" => (
            &[
                Para(
                    "Copies a whole database into an empty one: every owner, item, operation, event and idempotency key, with the same ids and times, so that `list`, `history`, `undo`, `list --as-of` and a retry with an `--idempotency-key` give the same answers on both. SOURCE and DEST are each a SQLite file or a `postgres://` URL, as `--db` takes them (`--db` itself is not used); `--pg-schema` names CountIQ's schema on whichever is a server.",
                ),
                Para(
                    "SOURCE is read from one consistent snapshot while other processes keep writing, and the rows stream into one transaction on DEST, which holds off every other writer until it commits: memory stays flat at any size, and DEST gets everything or nothing. A missing SQLite file is created (mode 0600), as is a missing schema on a server; a copy that fails leaves neither behind. Ids given on DEST afterwards never repeat one the copy holds.",
                ),
                Para(
                    "When DEST already holds an owner, the exit status is 4; with no database at SOURCE, 7. Where owners are database roles (`countiq admin enforce-owners`), row-level security shows a role only the owners it acts for, so reading or writing every owner needs a role with BYPASSRLS, or a superuser: otherwise the exit status is 10. In each case nothing is written. With `--json`, prints `from` and `to` (a URL without its password) and how many `owners`, `items`, `operations`, `events` and `keys` were copied. With `--dry-run`, copies and reports, then rolls back.",
                ),
                Code(&[
                    "countiq copy --from ~/.local/share/countiq/countiq.db --to postgres://admin@db.internal/inventory",
                    "countiq copy --from postgres://admin@db.internal/inventory --to inventory.db",
                ]),
            ],
            &["backup", "export", "admin-enforce-owners"],
        ),
        "admin" => (
            &[Para(
                "Administers a shared PostgreSQL database: `countiq admin migrate` creates or upgrades CountIQ's schema (ordinary commands never upgrade a schema other clients are using, so that the runners of a fleet can be upgraded one at a time), and `countiq admin enforce-owners` makes owners database roles.",
            )],
            &["admin-migrate", "admin-enforce-owners"],
        ),
        "admin-migrate" => (
            &[
                Para(
                    "Creates CountIQ's schema in a PostgreSQL database, or upgrades it to the version this binary writes, in one transaction under an advisory lock (many at once are safe: one does the work). Other commands create the schema in an empty database, but never upgrade an existing one: a fleet of CI runners keeps working while their binaries are upgraded one at a time, and a binary that needs a newer schema than it finds exits 7 naming this command. Each schema version records the oldest version whose binaries can still use it. On SQLite, where every command upgrades an older file, it does just that. With `--json`, prints `backend`, `from` and `to`.",
                ),
                Code(&["COUNTIQ_DB=postgres://admin@db.internal/inventory countiq admin migrate"]),
            ],
            &["doctor"],
        ),
        "admin-enforce-owners" => (
            &[
                Para(
                    "Puts a PostgreSQL database in enforced mode: from then on an owner is a database role. A login role acts for itself by default, for a team whose group role it is a member of (`GRANT kitchen TO alice`), and for no one else: any other owner is exit 10, with nothing changed and nothing about that owner shown. Row-level security, forced on every table with policies on role membership, is the final authority, so a role's own SQL cannot read or change other owners' rows either.",
                ),
                Para(
                    "Run it once as the owner of CountIQ's schema. It is idempotent. While owners exist that are not roles it refuses with exit 4, naming them. It creates the group role `countiq_users` (`<schema>_users` with `--pg-schema`), which needs CREATEROLE (without it, exit 10), and grants it what the CLI needs; let people and CI runners in with `GRANT countiq_users TO alice`. A role dropped later only makes its owner's rows unreachable. `admin migrate` keeps enforcement on tables later versions add. With `--json`, prints `schema`, `users_role`, `created_role` and `owners`. On SQLite it is exit 2.",
                ),
                Code(&["countiq --db postgres://admin@db.internal/inventory admin enforce-owners"]),
            ],
            &["admin-migrate", "doctor"],
        ),
        "config" => (
            &[Para(
                "Shows the configuration. Each setting comes from its flag, else its environment variable, else the config file, else its default; `countiq`(1) lists the environment variables and where the config file is.",
            )],
            &["config-show"],
        ),
        "config-show" => (
            &[Para(
                "Prints each setting's effective value (`db`, `owner`, `format`, `busy_timeout`, `pg_schema`, `color`, `log_format`) and where it came from: `flag`, `env COUNTIQ_...`, `config PATH` or `default`. With `--json`, one JSON object.",
            )],
            &["doctor"],
        ),
        "man" => (
            &[
                Para(
                    "Prints a page of this manual as roff: the main page, `countiq`(1), or the page of SUBCOMMAND, named as in the page's name without `countiq-` (`add`, `config-show`) or by an alias (`ls`). An unknown SUBCOMMAND is exit 2. The pages are also in the `man/` directory of the source tree.",
                ),
                Code(&["countiq man add | man -l -"]),
            ],
            &["completions"],
        ),
        "completions" => (
            &[
                Para(
                    "Prints a completion script for SHELL on standard output. The scripts are also in the `completions/` directory of the source tree. For bash:",
                ),
                Code(&[
                    "countiq completions bash > ~/.local/share/bash-completion/completions/countiq",
                    "countiq completions zsh > ~/.zfunc/_countiq    # with fpath+=(~/.zfunc) before compinit",
                    "countiq completions fish > ~/.config/fish/completions/countiq.fish",
                ]),
                Para(
                    "In bash, zsh and fish the scripts also complete item names where a command takes an existing item (`adjust`, `remove`, `rename`'s OLD, `edit`, `set`, `count`, `show`, `history`): `countiq adjust mi` and Tab offers `milk`. The names are read from the database the command line being completed selects (`--db`, `--owner`, their environment variables, the config file, the defaults), matched ignoring case as names are, and quoted for the shell; a name beginning with `#` or `=` comes with the backslash that keeps it a name. Completing never writes to the database: it never creates one, never migrates an older one (whose names complete once a command has upgraded it) and never creates a PostgreSQL schema. On any error (no database, a bad URL, a lock held longer than 250 ms, no answer within a second) it offers no names and prints nothing. The script runs the `countiq` on PATH.",
                ),
            ],
            &["man"],
        ),
        _ => (&[], &[]),
    };
    Text {
        description,
        see_also,
    }
}

/// The main page's DESCRIPTION.
const MAIN_DESCRIPTION: &[Block] = &[
    Para(
        "CountIQ keeps an inventory in one SQLite database that any number of shell scripts, CI jobs and cron lines can share. Each owner has its own items; an item has an id, a name, a quantity (a whole number from 0 to 2^53-1), and optionally a unit of measure and a reorder level.",
    ),
    Para(
        "Every command is one SQLite transaction: it happens completely or not at all, and no command loses another's change. Once a command that changes something exits 0, its change survives a crash or power loss. Every change is recorded in a ledger, which `countiq history` prints and `countiq undo` reverts. Each subcommand has its own page, listed under COMMANDS.",
    ),
    Para(
        "Data goes to standard output; messages, logs and errors go to standard error, so output can be piped to jq. An error is one line, `countiq: error: MESSAGE`; with `--format json` or `ndjson` it is one JSON object instead, except for usage errors.",
    ),
    Heading("Names"),
    Para(
        "Item and owner names are normalised before anything else: a name with a control character (tab, newline, NUL) is rejected; it is put in Unicode NFC; leading and trailing whitespace is removed, and each inner run of whitespace becomes one space. An empty name, an item name over 120 characters or an owner name over 64 is rejected (exit 5).",
    ),
    Para(
        "Two names are the same when their normalised forms are equal ignoring case: `Milk`, `MILK` and `milk` padded with spaces are one item, while two owners can each have a `milk`. The name shown is the one last given by `add` or `rename`. A name that begins with `-` goes after `--` (`countiq add -- -40C-freezer`); a negative DELTA needs none (`countiq adjust milk -2`).",
    ),
    Heading("Item references"),
    Para(
        "Wherever a command names an existing item, `#N` (digits only) is the item with id N and `=CODE` the item with that code (`countiq edit milk --code 4006381333931`): `countiq adjust =4006381333931 -1`, `countiq show '#12'` (quote `#` from the shell). A leading backslash escapes the first character, so `\\#12` and `\\=x` are the names `#12` and `=x`; a name being given (`add`, `rename`'s NEW) that begins with an unescaped `#N` or `=` is refused (exit 5).",
    ),
    Heading("Locations, tags, codes and notes"),
    Para(
        "An item may have one location, a path such as `garage/shelf-2` whose segments are normalised like names and compared ignoring case; tags, each normalised like a name (1-64 characters, no comma) and unique per item ignoring case; a code, 1-64 printable ASCII characters without spaces, unique per owner and compared exactly; and a note of up to 1,000 characters. Item JSON has `location`, `tags` (an array, sorted), `code` and `note`; CSV has a `tags` column joined by commas. Every change to them is in the ledger, undone by `countiq undo` and rebuilt by `list --as-of`.",
    ),
    Heading("Owners"),
    Para(
        "Owners are namespaces, not accounts: anyone who can open the database can name any owner. Every command reads and changes the selected owner's items only.",
    ),
    Heading("A shared server: PostgreSQL"),
    Para(
        "`--db` (or `COUNTIQ_DB`) may be a `postgres://` or `postgresql://` URL instead of a path, in libpq's syntax; what it leaves out comes from the `PG*` environment variables and `~/.pgpass`, as `psql` reads them. Every command, output, exit status, the ledger, undo, idempotency keys, import, export and dry runs behave as on SQLite; ids and timestamps differ. Commands that change an owner's items take that owner's lock on the server first, so commands from any number of hosts never lose an update. CountIQ's tables live in the PostgreSQL schema `countiq` (`--pg-schema`). The first command that writes creates the schema in an empty database; `countiq admin migrate` upgrades an existing one. TLS follows `sslmode` (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`) with `sslrootcert`. A password never appears in any output. The ledger's actor is the database role. `countiq copy` moves a whole database, ledger and all, from SQLite to a server or back, and `countiq backup` on a server writes a SQLite file.",
    ),
    Heading("Times"),
    Para(TIME),
    Heading("Settings"),
    Para(
        "Global options are accepted before or after the subcommand. Each setting comes from its flag, else its environment variable, else the config file, else its default; `countiq config show` prints each value and where it came from.",
    ),
];

/// The main page's ENVIRONMENT: every variable CountIQ reads.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "COUNTIQ_DB",
        "The database file or PostgreSQL URL, as `--db`.",
    ),
    (
        "COUNTIQ_PG_SCHEMA",
        "The PostgreSQL schema of CountIQ's tables, as `--pg-schema`.",
    ),
    (
        "PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, PGSSLROOTCERT, PGCONNECT_TIMEOUT, PGAPPNAME, PGPASSFILE",
        "What a `postgres://` URL leaves out, read as `psql` reads them; the password file is `PGPASSFILE`, else `~/.pgpass`.",
    ),
    ("COUNTIQ_OWNER", "Whose items to act on, as `--owner`."),
    (
        "COUNTIQ_FORMAT",
        "The output format, as `--format`: `table`, `json`, `ndjson`, `csv` or `tsv`.",
    ),
    (
        "COUNTIQ_LOG",
        "Which log events to write to standard error: a `tracing` filter such as `debug`, `countiq=trace` or `off`. `-v` wins over it.",
    ),
    (
        "COUNTIQ_LOG_FORMAT",
        "The log line format, as `--log-format`: `text` or `json`.",
    ),
    (
        "COUNTIQ_BUSY_TIMEOUT",
        "How long to wait for another process's lock, in milliseconds, as `--busy-timeout`.",
    ),
    (
        "COUNTIQ_COLOR",
        "When to color tables and errors, as `--color`: `auto`, `always` or `never`.",
    ),
    ("COUNTIQ_CONFIG", "The config file, as `--config`."),
    (
        "USER, LOGNAME",
        "The default owner is `$USER`, else `$LOGNAME`, else `default`. The same user is recorded in the ledger as the one who made each change.",
    ),
    (
        "NO_COLOR",
        "When set to a non-empty value, `--color auto` does not color.",
    ),
    (
        "XDG_DATA_HOME",
        "The default database is `$XDG_DATA_HOME/countiq/countiq.db`; when the variable is unset or not an absolute path, `~/.local/share` is used.",
    ),
    (
        "XDG_CONFIG_HOME",
        "The default config file is `$XDG_CONFIG_HOME/countiq/config.toml`; when the variable is unset or not an absolute path, `~/.config` is used.",
    ),
    ("HOME", "The home directory, for the defaults above."),
];

/// The main page's FILES.
const FILES: &[(&str, &str)] = &[
    (
        "$XDG_DATA_HOME/countiq/countiq.db",
        "The database when neither `--db`, `COUNTIQ_DB` nor the config file names one: `~/.local/share/countiq/countiq.db` when `XDG_DATA_HOME` is not set (on macOS, `~/Library/Application Support/countiq/countiq.db`). It is an ordinary SQLite file. Commands that only read never create it. A database file CountIQ creates gets mode 0600, a directory it creates 0700.",
    ),
    (
        "countiq.db-wal, countiq.db-shm",
        "SQLite's write-ahead log and its shared-memory index, beside whichever database is in use. The log may hold committed changes not yet copied into the database file: never delete these files, and copy a database with `sqlite3 countiq.db \".backup copy.db\"`, not with `cp` while it is in use.",
    ),
    (
        "$XDG_CONFIG_HOME/countiq/config.toml",
        "The config file, read when it exists: `~/.config/countiq/config.toml` when `XDG_CONFIG_HOME` is not set (on macOS, `~/Library/Application Support/countiq/config.toml`). `--config` or `COUNTIQ_CONFIG` names another one, which must exist. It is TOML and may set `db`, `owner`, `format`, `busy_timeout`, `pg_schema`, `color` and `log_format`, for example `db = \"/srv/inventory/countiq.db\"` and `busy_timeout = 30000`. An unknown key or a bad value is exit 2, naming the key and the file.",
    ),
];

/// The main page's EXAMPLES. Each works as written.
const EXAMPLES: &[Block] = &[
    Para("Add two items, use one, and see what is left:"),
    Code(&[
        "countiq add milk --qty 2 --unit L --min 1",
        "countiq add \"oat milk\" --qty 6",
        "countiq adjust milk -1 --reason breakfast",
        "countiq list",
    ]),
    Para("The names of the items with fewer than 3 left, and what to reorder, with jq:"),
    Code(&[
        "countiq list --json | jq -r '.[] | select(.quantity < 3) | .name'",
        "countiq low --json | jq -r '.[] | \"\\(.name): \\(.min - .quantity)\"'",
    ]),
    Para(
        "Apply a change from a job that may be retried. Exit 6 (busy) changed nothing and exit 11 may have applied the change, so both are retried with the same idempotency key, which never applies it twice; any other status ends the loop:",
    ),
    Code(&[
        "key=\"delivery-$(date +%Y-%m-%d)-bolts\"",
        "for attempt in 1 2 3 4 5; do",
        "    countiq adjust bolts +40 --reason delivery --idempotency-key \"$key\"",
        "    status=$?",
        "    case $status in",
        "        6|11) sleep \"$attempt\" ;;",
        "        *) break ;;",
        "    esac",
        "done",
        "[ \"$status\" -eq 0 ] || echo \"adjust failed with exit status $status\" >&2",
    ]),
    Para("See what a removal would do, then look back and undo the last change:"),
    Code(&[
        "countiq --dry-run remove \"oat milk\"",
        "countiq history --limit 5",
        "countiq undo",
    ]),
    Para("Copy every owner's items into another database:"),
    Code(&[
        "countiq export --all-owners > inventory.ndjson",
        "countiq --db copy.db import --all-owners inventory.ndjson",
    ]),
];
