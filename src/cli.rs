//! The command line, as clap types only: parsing, no rules.
//!
//! These types depend on nothing but clap, so shell completions are
//! generated from them. Doc comments are the `--help` text.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{
    ArgAction, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum,
};

/// Marks an argument that names an existing item of the owner: the shell
/// completions offer the owner's item names there, read from the database.
/// A new command taking an item's name adds `#[arg(add = ExistingItem)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExistingItem;

impl clap::builder::ArgExt for ExistingItem {}

/// A command-line inventory: add, list, rename, remove and count items in
/// one SQLite database that many scripts can share safely.
#[derive(Debug, Parser)]
#[command(
    name = "countiq",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Options accepted before or after the subcommand.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The top level of [`Cli`] without its subcommands: the same name,
/// version and settings (a test holds them equal).
#[derive(Debug, Parser)]
#[command(
    name = "countiq",
    version,
    propagate_version = true,
    max_term_width = 100
)]
struct TopLevel {
    #[command(flatten)]
    global: GlobalArgs,
}

impl Cli {
    /// Parses a command line (the program's name first) as
    /// `Cli::command().get_matches_from(args)` does, printing clap's usage
    /// errors, help and version and exiting as it does.
    ///
    /// Most command lines name a known subcommand, and are parsed first by
    /// a tree holding only that one: building the whole tree copies every
    /// global option into each of the other subcommands, which costs a
    /// one-row write a fifth of its instructions. Whatever that tree does
    /// not accept as it stands (an error, `--help`, `--version`, no
    /// subcommand) is parsed again by the whole tree, so usage errors,
    /// suggestions and help are always the whole tree's. A line the
    /// narrow tree accepts parses the same in both: it differs only in
    /// subcommands the line did not use.
    #[must_use]
    pub fn parse_args(args: Vec<OsString>) -> (Self, ArgMatches) {
        if let Some(parsed) = Self::parse_narrow(&args) {
            return parsed;
        }
        let matches = Self::command().get_matches_from(args);
        let cli = Self::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
        (cli, matches)
    }

    /// The parse by a tree holding only the first argument that names a
    /// subcommand, or None to leave the line to the whole tree.
    fn parse_narrow(args: &[OsString]) -> Option<(Self, ArgMatches)> {
        let one = args.iter().skip(1).find_map(|arg| {
            let token = arg.to_str()?;
            one_subcommand(token).or_else(|| {
                Command::has_subcommand(token).then(|| {
                    let mut all = Command::augment_subcommands(clap::Command::new("countiq"));
                    let one = all.find_subcommand_mut(token).map(std::mem::take);
                    // The process ends soon after: freeing the other
                    // subcommands would cost more than building the one.
                    std::mem::forget(all);
                    one
                })?
            })
        })?;
        let mut narrow = TopLevel::command().subcommand(one);
        let matches = narrow.try_get_matches_from_mut(args).ok()?;
        matches.subcommand_name()?;
        let cli = Self::from_arg_matches(&matches).ok()?;
        Some((cli, matches))
    }
}

/// The subcommand `token` names (by its name or an alias), built alone
/// with the same name, aliases and arguments as the whole tree's, but no
/// help text (help is always the whole tree's); None for a token that
/// names none, or a subcommand with subcommands of its own or with its
/// arguments declared in the enum (`config`, `admin`, `man`), which is
/// taken from the whole tree instead. A test holds each equal to the
/// whole tree's.
fn one_subcommand(token: &str) -> Option<clap::Command> {
    type Build = fn(clap::Command) -> clap::Command;
    fn alone(cmd: clap::Command) -> clap::Command {
        cmd
    }
    let (name, alias, build): (&'static str, Option<&'static str>, Build) = match token {
        "add" => ("add", None, AddArgs::augment_args),
        "list" | "ls" => ("list", Some("ls"), ListArgs::augment_args),
        "remove" | "rm" => ("remove", Some("rm"), RemoveArgs::augment_args),
        "rename" | "mv" => ("rename", Some("mv"), RenameArgs::augment_args),
        "edit" => ("edit", None, EditArgs::augment_args),
        "move" => ("move", None, MoveArgs::augment_args),
        "tag" => ("tag", None, TagArgs::augment_args),
        "untag" => ("untag", None, TagArgs::augment_args),
        "locations" => ("locations", None, alone),
        "scan" => ("scan", None, ScanArgs::augment_args),
        "adjust" => ("adjust", None, AdjustArgs::augment_args),
        "set" => ("set", None, LevelArgs::augment_args),
        "count" => ("count", None, LevelArgs::augment_args),
        "history" => ("history", None, HistoryArgs::augment_args),
        "undo" => ("undo", None, UndoArgs::augment_args),
        "show" => ("show", None, ShowArgs::augment_args),
        "low" => ("low", None, LowArgs::augment_args),
        "owners" => ("owners", None, alone),
        "export" => ("export", None, ExportArgs::augment_args),
        "import" => ("import", None, ImportArgs::augment_args),
        "apply" => ("apply", None, ApplyArgs::augment_args),
        "schema" => ("schema", None, alone),
        "doctor" => ("doctor", None, alone),
        "backup" => ("backup", None, BackupArgs::augment_args),
        "copy" => ("copy", None, CopyArgs::augment_args),
        "completions" => ("completions", None, CompletionsArgs::augment_args),
        _ => return None,
    };
    Some(build(clap::Command::new(name).visible_aliases(alias)))
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database file, or a postgres:// URL [default: countiq.db in the platform data directory]
    #[arg(long, global = true, env = "COUNTIQ_DB", value_name = "PATH|URL")]
    pub db: Option<PathBuf>,

    /// PostgreSQL schema holding CountIQ's tables [default: countiq]
    #[arg(long, global = true, env = "COUNTIQ_PG_SCHEMA", value_name = "NAME")]
    pub pg_schema: Option<String>,

    /// Whose items to act on [default: $USER, else $LOGNAME, else "default"]
    #[arg(long, global = true, env = "COUNTIQ_OWNER", value_name = "NAME")]
    pub owner: Option<String>,

    /// Output format [default: table]
    #[arg(long, global = true, env = "COUNTIQ_FORMAT", value_enum)]
    pub format: Option<Format>,

    /// Same as --format json
    #[arg(long, global = true)]
    pub json: bool,

    /// Run the whole command and print its result, then roll back
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// No human confirmation lines (data output is still printed)
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// Apply a change at most once: a retry with the same KEY prints the first run's result again
    #[arg(long, global = true, value_name = "KEY")]
    pub idempotency_key: Option<String>,

    /// How long to wait for another process's lock, in milliseconds [default: 10000]
    #[arg(long, global = true, env = "COUNTIQ_BUSY_TIMEOUT", value_name = "MS")]
    pub busy_timeout: Option<u64>,

    /// When to color tables and errors (NO_COLOR is honoured) [default: auto]
    #[arg(
        long,
        global = true,
        env = "COUNTIQ_COLOR",
        value_enum,
        value_name = "WHEN"
    )]
    pub color: Option<ColorChoice>,

    /// Log line format on stderr
    #[arg(long, global = true, env = "COUNTIQ_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Configuration file [default: config.toml in the platform config directory]
    #[arg(long, global = true, env = "COUNTIQ_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when writing to a terminal and NO_COLOR is not set
    Auto,
    /// Always color
    Always,
    /// Never color
    Never,
}

/// `--log-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event
    Text,
    /// One JSON object per event
    Json,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people; confirmation lines for changes
    Table,
    /// One JSON document
    Json,
    /// One JSON object per line
    Ndjson,
    /// RFC 4180 CSV with a header row
    Csv,
    /// Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\, \t, \n
    Tsv,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add an item
    Add(AddArgs),
    /// List the owner's items
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Remove items, all or none
    #[command(visible_alias = "rm")]
    Remove(RemoveArgs),
    /// Rename an item; its id stays the same
    #[command(visible_alias = "mv")]
    Rename(RenameArgs),
    /// Change an item's unit, reorder level, code or note
    Edit(EditArgs),
    /// Move an item to a location (garage/shelf-2), or --nowhere
    Move(MoveArgs),
    /// Add tags to an item
    Tag(TagArgs),
    /// Remove tags from an item
    Untag(TagArgs),
    /// List the locations that hold items, with counts and total quantities
    Locations,
    /// Read codes from stdin, one per line, and take one (or --delta) off each item
    Scan(ScanArgs),
    /// Move an item's stock up or down: +3, -2
    Adjust(AdjustArgs),
    /// Set an item's stock level
    Set(LevelArgs),
    /// Record a stocktake: set the level and log it as a count
    Count(LevelArgs),
    /// Show the ledger of changes, newest first
    History(HistoryArgs),
    /// Revert the last operation (or the given one) as a new operation
    Undo(UndoArgs),
    /// Show one item, its recent changes and a sparkline of its stock
    Show(ShowArgs),
    /// List items below their reorder level
    Low(LowArgs),
    /// List the owners in the database, with how many items each holds
    Owners,
    /// Write items as NDJSON (or --format json|csv|tsv) for import
    Export(ExportArgs),
    /// Read items from a file export wrote (- for stdin), all or nothing
    Import(ImportArgs),
    /// Run a batch of NDJSON operations as one transaction, all or nothing
    Apply(ApplyArgs),
    /// Print the JSON Schema of every command's JSON output and the exit codes
    Schema,
    /// Check the database and report on it; never writes
    Doctor,
    /// Copy the database to DEST as one consistent file, while others keep writing
    Backup(BackupArgs),
    /// Copy a whole database into an empty one: SQLite to PostgreSQL, or back
    Copy(CopyArgs),
    /// Show the effective configuration and where each value comes from
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Administer a shared database: upgrade its schema
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Print the man page (roff), or a subcommand's page
    Man {
        /// The subcommand whose page to print: add, ls, config-show, ... [default: the main page]
        subcommand: Option<String>,
    },
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

/// `countiq backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write: a complete database, mode 0600
    pub dest: PathBuf,
    /// Overwrite DEST if it exists
    #[arg(long)]
    pub force: bool,
}

/// `countiq copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The database to copy: a SQLite file or a postgres:// URL
    #[arg(long, value_name = "SOURCE")]
    pub from: PathBuf,
    /// The database to write, which must hold no owner: a SQLite file (created if missing) or a postgres:// URL
    #[arg(long, value_name = "DEST")]
    pub to: PathBuf,
}

/// `countiq add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Item name (names beginning with '-' go after '--')
    pub name: String,
    /// Quantity, a whole number from 0 to 2^53-1
    #[arg(
        long,
        value_name = "N",
        default_value = "1",
        allow_hyphen_values = true
    )]
    pub qty: String,
    /// Unit of measure (L, kg, boxes)
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,
    /// Reorder level: `low` reports the item when its quantity is below N
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub min: Option<String>,
    /// Where the item is: a location such as garage/shelf-2
    #[arg(long, value_name = "LOC")]
    pub at: Option<String>,
    /// A barcode or SKU, unique per owner (then `=CODE` names the item)
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// Succeed and print the existing item when the name is already taken
    #[arg(long)]
    pub exists_ok: bool,
}

/// `countiq move`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("where").required(true))]
pub struct MoveArgs {
    /// Item name, #ID or =CODE
    #[arg(add = ExistingItem)]
    pub name: String,
    /// The new location: garage/shelf-2
    #[arg(group = "where", value_name = "LOC")]
    pub location: Option<String>,
    /// Take the item out of every location
    #[arg(long, group = "where")]
    pub nowhere: bool,
}

/// `countiq tag` and `countiq untag`.
#[derive(Debug, Args)]
pub struct TagArgs {
    /// Item name, #ID or =CODE
    #[arg(add = ExistingItem)]
    pub name: String,
    /// The tags
    #[arg(required = true, value_name = "TAG")]
    pub tags: Vec<String>,
}

/// `countiq scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The change for each scanned code: -1 takes one off, +1 adds one
    #[arg(
        long,
        value_name = "N",
        default_value = "-1",
        allow_hyphen_values = true
    )]
    pub delta: String,
}

/// `countiq list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Order of the items (ties: name, then id)
    #[arg(long, value_enum, default_value_t = SortArg::Name)]
    pub sort: SortArg,
    /// Reverse the order
    #[arg(long)]
    pub reverse: bool,
    /// Print at most N items
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Keep items whose name contains TEXT, ignoring case (plain text, not a pattern)
    #[arg(long = "match", value_name = "TEXT", allow_hyphen_values = true)]
    pub matching: Option<String>,
    /// The items as they stood at TIME, rebuilt from the ledger (RFC 3339, or 2h, 3d ago)
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,
    /// Keep items at LOC or anywhere under it
    #[arg(long, value_name = "LOC")]
    pub at: Option<String>,
    /// Keep items with this tag (repeat: every one must match)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Keep the item with this code
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// Keep items below their reorder level, as `low` lists them
    #[arg(long)]
    pub low: bool,
    /// Keep items with at least N in stock
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub qty_min: Option<String>,
    /// Keep items with at most N in stock
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub qty_max: Option<String>,
    /// Keep items changed at or after TIME (RFC 3339, or 2h, 7d ago)
    #[arg(long, value_name = "TIME")]
    pub updated_since: Option<String>,
    /// Print only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)
    #[arg(long, value_name = "LIST")]
    pub fields: Option<String>,
}

/// `list --sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// By name, ignoring case
    Name,
    /// By quantity
    Quantity,
    /// By creation time
    Created,
    /// By time of the last change
    Updated,
}

/// `countiq remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Item names, #IDs or =CODEs
    #[arg(required = true, add = ExistingItem)]
    pub names: Vec<String>,
    /// Skip names that do not exist instead of failing
    #[arg(long)]
    pub missing_ok: bool,
}

/// `countiq rename`.
#[derive(Debug, Args)]
pub struct RenameArgs {
    /// Current name, #ID or =CODE
    #[arg(add = ExistingItem)]
    pub old: String,
    /// New name
    pub new: String,
}

/// `countiq edit`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("change").required(true).multiple(true))]
#[allow(clippy::struct_excessive_bools)] // each is a `--no-*` flag, as clap reads them
pub struct EditArgs {
    /// Item name, #ID or =CODE
    #[arg(add = ExistingItem)]
    pub name: String,
    /// New unit of measure
    #[arg(long, value_name = "U", group = "change", conflicts_with = "no_unit")]
    pub unit: Option<String>,
    /// Remove the unit
    #[arg(long, group = "change")]
    pub no_unit: bool,
    /// New reorder level
    #[arg(
        long,
        value_name = "N",
        group = "change",
        conflicts_with = "no_min",
        allow_hyphen_values = true
    )]
    pub min: Option<String>,
    /// Remove the reorder level
    #[arg(long, group = "change")]
    pub no_min: bool,
    /// New code (a barcode or SKU, unique per owner)
    #[arg(
        long,
        value_name = "CODE",
        group = "change",
        conflicts_with = "no_code"
    )]
    pub code: Option<String>,
    /// Remove the code
    #[arg(long, group = "change")]
    pub no_code: bool,
    /// New note (up to 1,000 characters; newlines allowed)
    #[arg(
        long,
        value_name = "TEXT",
        group = "change",
        conflicts_with = "no_note"
    )]
    pub note: Option<String>,
    /// Remove the note
    #[arg(long, group = "change")]
    pub no_note: bool,
}

/// `countiq adjust`.
#[derive(Debug, Args)]
pub struct AdjustArgs {
    /// Item name, #ID or =CODE
    #[arg(add = ExistingItem)]
    pub name: String,
    /// The change: +3, -2 or 3
    #[arg(allow_hyphen_values = true)]
    pub delta: String,
    /// Why, kept in the ledger
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

/// `countiq set` and `countiq count`.
#[derive(Debug, Args)]
pub struct LevelArgs {
    /// Item name, #ID or =CODE
    #[arg(add = ExistingItem)]
    pub name: String,
    /// The stock level
    #[arg(allow_hyphen_values = true)]
    pub quantity: String,
    /// Why, kept in the ledger
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

/// `countiq history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only the changes of the item with this name (now or before a rename), #ID or =CODE
    #[arg(add = ExistingItem)]
    pub name: Option<String>,
    /// Print at most N events
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Only events at or after TIME (RFC 3339, or 2h, 3d ago)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only events of this kind (repeatable: any of them)
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Vec<KindArg>,
    /// Print only these event fields, in this order: op,at,kind,... (`countiq schema` lists them)
    #[arg(long, value_name = "LIST")]
    pub fields: Option<String>,
}

/// `history --kind` values: what made an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// An item that was there before the ledger
    Baseline,
    /// add, or an apply add line
    Add,
    /// remove, or an apply remove line
    Remove,
    /// rename, or an apply rename line
    Rename,
    /// edit
    Edit,
    /// adjust, or an apply adjust line
    Adjust,
    /// set, or an apply set line
    Set,
    /// count: a stocktake
    Count,
    /// import
    Import,
    /// undo
    Undo,
    /// move, or an apply move line
    Move,
    /// tag, or an apply tag line that adds tags
    Tag,
    /// untag, or an apply tag line that only removes tags
    Untag,
    /// one line of scan
    Scan,
}

/// `countiq undo`.
#[derive(Debug, Args)]
pub struct UndoArgs {
    /// The operation to revert [default: the last one not yet undone]
    #[arg(value_name = "OP_ID")]
    pub op: Option<i64>,
}

/// `countiq show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Item name, #ID or =CODE
    #[arg(add = ExistingItem)]
    pub name: String,
}

/// `countiq low`.
#[derive(Debug, Args)]
pub struct LowArgs {
    /// Exit 9 when any item is below its reorder level (for cron and CI)
    #[arg(long)]
    pub check: bool,
    /// Print only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)
    #[arg(long, value_name = "LIST")]
    pub fields: Option<String>,
}

/// `countiq export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Every owner's items, each with its owner
    #[arg(long)]
    pub all_owners: bool,
    /// Write only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)
    #[arg(long, value_name = "LIST")]
    pub fields: Option<String>,
}

/// `countiq import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file, or - for standard input
    pub file: PathBuf,
    /// The input's format [default: the file's extension, else its content]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,
    /// Import into the owners the rows name (without it, rows naming two
    /// owners are refused)
    #[arg(long)]
    pub all_owners: bool,
    /// What to do with a row whose item exists
    #[arg(long, value_enum, default_value_t = OnConflictArg::Fail)]
    pub on_conflict: OnConflictArg,
}

/// `import --input-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// A JSON array of objects (what `export --format json` writes)
    Json,
    /// One JSON object per line (what `export` writes)
    Ndjson,
    /// CSV with a header row (what `export --format csv` writes)
    Csv,
}

/// `import --on-conflict` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnConflictArg {
    /// Import nothing and exit 4, naming the row
    Fail,
    /// Keep the existing item
    Skip,
    /// Overwrite the existing item
    Replace,
    /// Add the row's quantity to the existing item's (a delivery); the units must match
    Add,
}

/// `countiq apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// NDJSON operations, or - for standard input
    pub file: PathBuf,
}

/// `countiq config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print each setting's effective value and its source
    Show,
}

/// `countiq admin ...`.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create the database's schema, or upgrade it to this version of countiq
    Migrate,
    /// Make owners database roles, enforced by row-level security (PostgreSQL)
    EnforceOwners,
}

/// `countiq completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells with completion scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash
    Bash,
    /// Zsh
    Zsh,
    /// Fish
    Fish,
    /// Elvish
    Elvish,
    /// `PowerShell`
    Powershell,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(args: &[&str]) -> Vec<OsString> {
        std::iter::once("countiq")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect()
    }

    /// The whole tree's parse, as text, or None for an error.
    fn whole(args: &[OsString]) -> Option<String> {
        let matches = Cli::command().try_get_matches_from(args).ok()?;
        Cli::from_arg_matches(&matches)
            .ok()
            .map(|cli| format!("{cli:?}"))
    }

    #[test]
    fn the_top_level_is_the_whole_trees_without_subcommands() {
        let whole = Cli::command();
        let top = TopLevel::command();
        assert_eq!(top.get_name(), whole.get_name());
        assert_eq!(top.get_version(), whole.get_version());
        assert_eq!(
            top.is_propagate_version_set(),
            whole.is_propagate_version_set()
        );
        let ids = |c: &clap::Command| {
            c.get_arguments()
                .map(|a| a.get_id().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&top), ids(&whole));
    }

    #[test]
    fn each_subcommand_built_alone_is_the_whole_trees_but_for_its_help() {
        let tree = Cli::command();
        let mut alone = 0;
        for whole in tree.get_subcommands() {
            let names = std::iter::once(whole.get_name()).chain(whole.get_all_aliases());
            for token in names {
                let Some(one) = one_subcommand(token) else {
                    // Subcommands of their own, or fields declared in the
                    // enum: these are taken from the whole tree.
                    assert!(["config", "admin", "man"].contains(&token), "{token}");
                    continue;
                };
                alone += 1;
                assert_eq!(one.get_name(), whole.get_name());
                assert_eq!(
                    one.get_all_aliases().collect::<Vec<_>>(),
                    whole.get_all_aliases().collect::<Vec<_>>()
                );
                let args = |c: &clap::Command| {
                    c.get_arguments()
                        .map(|a| format!("{a:?}"))
                        .collect::<Vec<_>>()
                };
                assert_eq!(args(&one), args(whole), "{token}");
                let groups = |c: &clap::Command| {
                    c.get_groups().map(|g| format!("{g:?}")).collect::<Vec<_>>()
                };
                assert_eq!(groups(&one), groups(whole), "{token}");
            }
        }
        assert!(alone > 25, "{alone}");
    }

    #[test]
    fn a_line_the_narrow_tree_accepts_parses_as_the_whole_tree_parses_it() {
        // (the subcommand or alias, the line)
        let mut lines: Vec<(String, Vec<String>)> = Vec::new();
        let tree = Cli::command();
        for sub in tree.get_subcommands() {
            let mut names = vec![sub.get_name().to_owned()];
            names.extend(sub.get_all_aliases().map(str::to_owned));
            for name in names {
                let shapes: [&[&str]; 15] = [
                    &["bash"],
                    &["--from", "a.db", "--to", "b.db"],
                    &["x", "--unit", "L"],
                    &[],
                    &["x"],
                    &["x", "+1"],
                    &["x", "y"],
                    &["x", "--json"],
                    &["--owner", "add", "x"],
                    &["x", "-2", "--reason", "r"],
                    &["--", "-x", "3"],
                    &["x", "--help"],
                    &["--version"],
                    &["migrate"],
                    &["show"],
                ];
                for shape in shapes {
                    let mut l = vec![name.clone()];
                    l.extend(shape.iter().map(|s| (*s).to_owned()));
                    lines.push((name.clone(), l.clone()));
                    let mut before = vec!["--db".to_owned(), "f.db".to_owned(), "-q".to_owned()];
                    before.extend(l);
                    lines.push((name.clone(), before));
                }
            }
        }
        // A global option's value that is a subcommand's name.
        for l in [
            &["--owner", "add", "list"][..],
            &["--owner", "add"],
            &["--owner=list", "add", "x"],
            &["help", "add"],
            &[],
        ] {
            lines.push((String::new(), l.iter().map(|s| (*s).to_owned()).collect()));
        }
        let mut narrowed = std::collections::BTreeSet::new();
        for (name, l) in &lines {
            let refs: Vec<&str> = l.iter().map(String::as_str).collect();
            let args = line(&refs);
            if let Some((cli, _)) = Cli::parse_narrow(&args) {
                narrowed.insert(name.clone());
                assert_eq!(Some(format!("{cli:?}")), whole(&args), "{l:?}");
            }
        }
        // Every subcommand and alias was parsed by a narrow tree at least
        // once (so the comparison above is not empty for any of them).
        let every: std::collections::BTreeSet<String> = tree
            .get_subcommands()
            .flat_map(|s| std::iter::once(s.get_name()).chain(s.get_all_aliases()))
            .filter(|name| *name != "help")
            .map(str::to_owned)
            .collect();
        narrowed.remove("");
        assert_eq!(narrowed, every);
    }

    #[test]
    fn help_version_errors_and_lines_without_a_subcommand_are_the_whole_trees() {
        for l in [
            &["add", "--help"][..],
            &["add", "--version"],
            &["adjust"],
            &["adjust", "milk", "+1", "--no-such-option"],
            &["--owner", "add"],
            &["--owner", "add", "list"],
            &["help", "add"],
            &["addd", "milk"],
            &[],
        ] {
            assert!(Cli::parse_narrow(&line(l)).is_none(), "{l:?}");
        }
        let (cli, matches) = Cli::parse_narrow(&line(&["--owner", "add", "add", "milk"])).unwrap();
        assert_eq!(cli.global.owner.as_deref(), Some("add"));
        assert_eq!(matches.subcommand_name(), Some("add"));
        let (_, matches) = Cli::parse_narrow(&line(&["ls", "--json"])).unwrap();
        assert_eq!(matches.subcommand_name(), Some("list"));
    }
}
