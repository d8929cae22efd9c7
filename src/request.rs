//! The command line as one typed request: every string parsed into a domain
//! type once, before any I/O (ripgrep's low-level args -> high-level args).
//!
//! [`Action::fingerprint`] is the request's canonical form: what an
//! idempotency key guards. It is built from the typed values, never from
//! the spelling of the command line or `Debug` output, so option order,
//! `--qty=3` versus `--qty 3`, and renamed clap fields cannot change it.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::cli::{self, Command};
use crate::domain::{
    Code, Delta, Error, Event, EventKind, Fields, IdempotencyKey, Item, ItemFields, ItemName,
    ItemRef, ListQuery, Location, Note, OnConflict, Quantity, SortKey, Tag, Tags, Timestamp, Unit,
    match_needle, parse_min, parse_reason,
};
use crate::input::InputFormat;
use crate::service::{Edit, FINGERPRINT_PREFIX, History, Level};

/// One command, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `add`.
    Add {
        /// The new item's name.
        name: ItemName,
        /// Its quantity, unit and reorder level.
        fields: ItemFields,
        /// `--exists-ok`.
        exists_ok: bool,
    },
    /// `list`, or `list --as-of`.
    List {
        /// Order, filters, limit.
        query: ListQuery,
        /// `--as-of`: the state at that time, from the ledger.
        as_of: Option<Timestamp>,
        /// `--fields`: the item fields to print.
        fields: Option<Fields>,
    },
    /// `remove`.
    Remove {
        /// The items.
        names: Vec<ItemRef>,
        /// `--missing-ok`.
        missing_ok: bool,
    },
    /// `rename`.
    Rename {
        /// The item.
        old: ItemRef,
        /// Its new name.
        new: ItemName,
    },
    /// `edit`.
    Edit {
        /// The item.
        name: ItemRef,
        /// The changes.
        edit: Edit,
    },
    /// `adjust`.
    Adjust {
        /// The item.
        name: ItemRef,
        /// The change.
        delta: Delta,
        /// `--reason`.
        reason: Option<String>,
    },
    /// `set` or `count`.
    Level {
        /// Which of the two.
        level: Level,
        /// The item.
        name: ItemRef,
        /// The new level.
        quantity: Quantity,
        /// `--reason`.
        reason: Option<String>,
    },
    /// `history`.
    History {
        /// What to select.
        query: History,
        /// `--fields`: the event fields to print.
        fields: Option<Fields>,
    },
    /// `undo`.
    Undo {
        /// The operation, or the latest undoable one.
        op: Option<i64>,
    },
    /// `show`.
    Show {
        /// The item.
        name: ItemRef,
    },
    /// `move`.
    Move {
        /// The item.
        name: ItemRef,
        /// Where to, or nowhere.
        location: Option<Location>,
    },
    /// `tag` or `untag`.
    Tag {
        /// True for `tag`, false for `untag`.
        add: bool,
        /// The item.
        name: ItemRef,
        /// The tags to add or remove.
        tags: Tags,
    },
    /// `locations`.
    Locations,
    /// `scan`.
    Scan {
        /// The change for each scanned code.
        delta: Delta,
    },
    /// `low`.
    Low {
        /// `--check`: exit 9 when any item is low.
        check: bool,
        /// `--fields`: the item fields to print.
        fields: Option<Fields>,
    },
    /// `owners`.
    Owners,
    /// `export`.
    Export {
        /// `--all-owners`.
        all_owners: bool,
        /// `--fields`: the item fields to write.
        fields: Option<Fields>,
    },
    /// `import`.
    Import {
        /// The file, `-` for stdin.
        file: PathBuf,
        /// `--input-format`: else the extension, else the content decides.
        format: Option<InputFormat>,
        /// `--all-owners`.
        all_owners: bool,
        /// `--on-conflict`.
        on_conflict: OnConflict,
    },
    /// `apply`.
    Apply {
        /// The file, `-` for stdin.
        file: PathBuf,
    },
    /// `schema`.
    Schema,
    /// `doctor`.
    Doctor,
    /// `backup DEST [--force]`.
    Backup {
        /// The file to write.
        dest: PathBuf,
        /// `--force`: overwrite `dest` if it exists.
        force: bool,
    },
    /// `copy --from SOURCE --to DEST`.
    Copy {
        /// The database to copy: a path or a URL, as `--db` takes.
        from: PathBuf,
        /// The empty database to write.
        to: PathBuf,
    },
    /// `admin migrate`.
    AdminMigrate,
    /// `admin enforce-owners`.
    AdminEnforceOwners,
    /// `config show`.
    ConfigShow,
    /// `man [SUBCOMMAND]`.
    Man {
        /// The subcommand whose page to print, or the main page.
        subcommand: Option<String>,
    },
    /// `completions`.
    Completions(clap_complete::Shell),
}

impl From<cli::SortArg> for SortKey {
    fn from(sort: cli::SortArg) -> Self {
        match sort {
            cli::SortArg::Name => Self::Name,
            cli::SortArg::Quantity => Self::Quantity,
            cli::SortArg::Created => Self::Created,
            cli::SortArg::Updated => Self::Updated,
        }
    }
}

impl From<cli::OnConflictArg> for OnConflict {
    fn from(policy: cli::OnConflictArg) -> Self {
        match policy {
            cli::OnConflictArg::Fail => Self::Fail,
            cli::OnConflictArg::Skip => Self::Skip,
            cli::OnConflictArg::Replace => Self::Replace,
            cli::OnConflictArg::Add => Self::Add,
        }
    }
}

fn shell(shell: cli::Shell) -> clap_complete::Shell {
    match shell {
        cli::Shell::Bash => clap_complete::Shell::Bash,
        cli::Shell::Zsh => clap_complete::Shell::Zsh,
        cli::Shell::Fish => clap_complete::Shell::Fish,
        cli::Shell::Elvish => clap_complete::Shell::Elvish,
        cli::Shell::Powershell => clap_complete::Shell::PowerShell,
    }
}

impl From<cli::KindArg> for EventKind {
    fn from(kind: cli::KindArg) -> Self {
        match kind {
            cli::KindArg::Baseline => Self::Baseline,
            cli::KindArg::Add => Self::Add,
            cli::KindArg::Remove => Self::Remove,
            cli::KindArg::Rename => Self::Rename,
            cli::KindArg::Edit => Self::Edit,
            cli::KindArg::Adjust => Self::Adjust,
            cli::KindArg::Set => Self::Set,
            cli::KindArg::Count => Self::Count,
            cli::KindArg::Import => Self::Import,
            cli::KindArg::Undo => Self::Undo,
            cli::KindArg::Move => Self::Move,
            cli::KindArg::Tag => Self::Tag,
            cli::KindArg::Untag => Self::Untag,
            cli::KindArg::Scan => Self::Scan,
        }
    }
}

/// `--fields`, checked against the field names of the shape printed.
fn fields(text: Option<&str>, valid: &'static [&'static str]) -> Result<Option<Fields>, Error> {
    text.map(|t| Fields::parse(t, valid)).transpose()
}

fn quantity(text: Option<&str>) -> Result<Option<Quantity>, Error> {
    text.map(Quantity::parse).transpose()
}

/// `list`'s order, filters and limit.
fn list_query(args: &cli::ListArgs, now: Timestamp) -> Result<ListQuery, Error> {
    Ok(ListQuery {
        sort: args.sort.into(),
        reverse: args.reverse,
        limit: args.limit,
        needle: args.matching.as_deref().map(match_needle),
        low_only: args.low,
        qty_min: quantity(args.qty_min.as_deref())?,
        qty_max: quantity(args.qty_max.as_deref())?,
        updated_since: time(args.updated_since.as_deref(), now)?,
        at: args.at.as_deref().map(Location::parse).transpose()?,
        tags: args
            .tags
            .iter()
            .map(|t| Tag::parse(t))
            .collect::<Result<_, _>>()?,
        code: args.code.as_deref().map(Code::parse).transpose()?,
    })
}

fn reason(text: Option<&str>) -> Result<Option<String>, Error> {
    text.map(parse_reason).transpose()
}

fn time(text: Option<&str>, now: Timestamp) -> Result<Option<Timestamp>, Error> {
    text.map(|t| Timestamp::parse(t, now)).transpose()
}

/// `add`: the new name and its fields.
fn add(args: &cli::AddArgs) -> Result<Action, Error> {
    Ok(Action::Add {
        name: ItemRef::parse_new_name(&args.name)?,
        fields: ItemFields {
            quantity: Quantity::parse(&args.qty)?,
            unit: args.unit.as_deref().map(Unit::parse).transpose()?,
            min: args.min.as_deref().map(parse_min).transpose()?,
            location: args.at.as_deref().map(Location::parse).transpose()?,
            tags: Tags::new(),
            code: args.code.as_deref().map(Code::parse).transpose()?,
            note: None,
        },
        exists_ok: args.exists_ok,
    })
}

/// `set` or `count`.
fn level(level: Level, args: &cli::LevelArgs) -> Result<Action, Error> {
    Ok(Action::Level {
        level,
        name: ItemRef::parse(&args.name)?,
        quantity: Quantity::parse(&args.quantity)?,
        reason: reason(args.reason.as_deref())?,
    })
}

/// `tag` (`add`) or `untag`.
fn tag(add: bool, args: &cli::TagArgs) -> Result<Action, Error> {
    Ok(Action::Tag {
        add,
        name: ItemRef::parse(&args.name)?,
        tags: Tags::parse_all(args.tags.iter().map(String::as_str))?,
    })
}

/// `edit`'s changes: `--no-unit`/`--no-min` clear, a value sets.
fn edit(args: &cli::EditArgs) -> Result<Edit, Error> {
    Ok(Edit {
        unit: if args.no_unit {
            Some(None)
        } else {
            args.unit.as_deref().map(Unit::parse).transpose()?.map(Some)
        },
        min: if args.no_min {
            Some(None)
        } else {
            args.min.as_deref().map(parse_min).transpose()?.map(Some)
        },
        code: if args.no_code {
            Some(None)
        } else {
            args.code.as_deref().map(Code::parse).transpose()?.map(Some)
        },
        note: if args.no_note {
            Some(None)
        } else {
            args.note.as_deref().map(Note::parse).transpose()?.map(Some)
        },
    })
}

impl Action {
    /// Parses the subcommand's arguments. `now` anchors relative times
    /// (`--since 2h`).
    pub fn parse(command: &Command, now: Timestamp) -> Result<Self, Error> {
        Ok(match command {
            Command::Add(args) => add(args)?,
            Command::List(args) => Self::List {
                query: list_query(args, now)?,
                as_of: time(args.as_of.as_deref(), now)?,
                fields: fields(args.fields.as_deref(), Item::FIELDS)?,
            },
            Command::Remove(args) => Self::Remove {
                names: args
                    .names
                    .iter()
                    .map(|n| ItemRef::parse(n))
                    .collect::<Result<_, _>>()?,
                missing_ok: args.missing_ok,
            },
            Command::Rename(args) => Self::Rename {
                old: ItemRef::parse(&args.old)?,
                new: ItemRef::parse_new_name(&args.new)?,
            },
            Command::Edit(args) => Self::Edit {
                name: ItemRef::parse(&args.name)?,
                edit: edit(args)?,
            },
            Command::Adjust(args) => Self::Adjust {
                name: ItemRef::parse(&args.name)?,
                delta: Delta::parse(&args.delta)?,
                reason: reason(args.reason.as_deref())?,
            },
            Command::Set(args) => level(Level::Set, args)?,
            Command::Count(args) => level(Level::Count, args)?,
            Command::History(args) => Self::History {
                query: History {
                    name: args.name.as_deref().map(ItemRef::parse).transpose()?,
                    since: time(args.since.as_deref(), now)?,
                    kinds: args.kind.iter().map(|&k| k.into()).collect(),
                    limit: args.limit,
                },
                fields: fields(args.fields.as_deref(), Event::FIELDS)?,
            },
            Command::Undo(args) => Self::Undo { op: args.op },
            Command::Show(args) => Self::Show {
                name: ItemRef::parse(&args.name)?,
            },
            Command::Move(args) => Self::Move {
                name: ItemRef::parse(&args.name)?,
                location: args.location.as_deref().map(Location::parse).transpose()?,
            },
            Command::Tag(args) => tag(true, args)?,
            Command::Untag(args) => tag(false, args)?,
            Command::Locations => Self::Locations,
            Command::Scan(args) => Self::Scan {
                delta: Delta::parse(&args.delta)?,
            },
            Command::Low(args) => Self::Low {
                check: args.check,
                fields: fields(args.fields.as_deref(), Item::FIELDS)?,
            },
            Command::Owners => Self::Owners,
            Command::Export(args) => Self::Export {
                all_owners: args.all_owners,
                fields: fields(args.fields.as_deref(), Item::FIELDS)?,
            },
            Command::Import(args) => Self::Import {
                file: args.file.clone(),
                format: args.input_format.map(|f| match f {
                    cli::InputFormatArg::Json => InputFormat::Json,
                    cli::InputFormatArg::Ndjson => InputFormat::Ndjson,
                    cli::InputFormatArg::Csv => InputFormat::Csv,
                }),
                all_owners: args.all_owners,
                on_conflict: args.on_conflict.into(),
            },
            Command::Apply(args) => Self::Apply {
                file: args.file.clone(),
            },
            Command::Schema => Self::Schema,
            Command::Doctor => Self::Doctor,
            Command::Backup(args) => Self::Backup {
                dest: args.dest.clone(),
                force: args.force,
            },
            Command::Copy(args) => Self::Copy {
                from: args.from.clone(),
                to: args.to.clone(),
            },
            Command::Config(cli::ConfigCommand::Show) => Self::ConfigShow,
            Command::Admin(cli::AdminCommand::Migrate) => Self::AdminMigrate,
            Command::Admin(cli::AdminCommand::EnforceOwners) => Self::AdminEnforceOwners,
            Command::Man { subcommand } => Self::Man {
                subcommand: subcommand.clone(),
            },
            Command::Completions(args) => Self::Completions(shell(args.shell)),
        })
    }

    /// The subcommand's name, as typed.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Add { .. } => "add",
            Self::List { .. } => "list",
            Self::Remove { .. } => "remove",
            Self::Rename { .. } => "rename",
            Self::Edit { .. } => "edit",
            Self::Adjust { .. } => "adjust",
            Self::Level {
                level: Level::Set, ..
            } => "set",
            Self::Level {
                level: Level::Count,
                ..
            } => "count",
            Self::History { .. } => "history",
            Self::Undo { .. } => "undo",
            Self::Show { .. } => "show",
            Self::Move { .. } => "move",
            Self::Tag { add: true, .. } => "tag",
            Self::Tag { add: false, .. } => "untag",
            Self::Locations => "locations",
            Self::Scan { .. } => "scan",
            Self::Low { .. } => "low",
            Self::Owners => "owners",
            Self::Export { .. } => "export",
            Self::Import { .. } => "import",
            Self::Apply { .. } => "apply",
            Self::Schema => "schema",
            Self::Doctor => "doctor",
            Self::Backup { .. } => "backup",
            Self::Copy { .. } => "copy",
            Self::ConfigShow => "config",
            Self::AdminMigrate | Self::AdminEnforceOwners => "admin",
            Self::Man { .. } => "man",
            Self::Completions(_) => "completions",
        }
    }

    /// The request's canonical form, for an idempotency key: the
    /// subcommand and the resolved arguments that decide its effect (names
    /// normalised, defaults applied), versioned. `None` for commands that
    /// change nothing. A command that reads input adds a hash of it (see
    /// the caller); the path of the file is not part of it.
    #[must_use]
    pub fn fingerprint(&self) -> Option<String> {
        let item = |r: &ItemRef| Value::from(r.written());
        let quantity = |q: Quantity| Value::from(q.get());
        let unit = |u: &Option<Unit>| u.as_ref().map(|u| u.as_str().to_owned());
        let body = match self {
            Self::Add {
                name: new,
                fields,
                exists_ok,
            } => {
                let mut body = json!({
                    "name": Value::from(crate::domain::escape_name(new.as_str())),
                    "quantity": quantity(fields.quantity),
                    "unit": unit(&fields.unit),
                    "min": fields.min.map(quantity),
                    "exists_ok": exists_ok,
                });
                // Added only when given, so that the requests of earlier
                // versions keep their fingerprints.
                extend(
                    &mut body,
                    "at",
                    fields.location.as_ref().map(Location::as_str),
                );
                extend(&mut body, "code", fields.code.as_ref().map(Code::as_str));
                body
            }
            Self::Remove { names, missing_ok } => json!({
                "names": names.iter().map(item).collect::<Vec<_>>(),
                "missing_ok": missing_ok,
            }),
            Self::Rename { old, new } => json!({
                "old": item(old),
                "new": Value::from(crate::domain::escape_name(new.as_str())),
            }),
            Self::Edit { name: target, edit } => {
                let mut body = json!({
                    "name": item(target),
                    "unit": edit.unit.as_ref().map(unit),
                    "min": edit.min.map(|m| m.map(quantity)),
                });
                if let Some(code) = &edit.code {
                    body["code"] = json!(code.as_ref().map(Code::as_str));
                }
                if let Some(note) = &edit.note {
                    body["note"] = json!(note.as_ref().map(Note::as_str));
                }
                body
            }
            Self::Adjust {
                name: target,
                delta,
                reason,
            } => json!({ "name": item(target), "delta": delta.get(), "reason": reason }),
            Self::Level {
                name: target,
                quantity: q,
                reason,
                ..
            } => json!({ "name": item(target), "quantity": quantity(*q), "reason": reason }),
            Self::Move {
                name: target,
                location,
            } => json!({ "name": item(target), "to": location.as_ref().map(Location::as_str) }),
            Self::Tag {
                name: target, tags, ..
            } => json!({
                "name": item(target),
                "tags": tags.iter().map(Tag::key).collect::<Vec<_>>(),
            }),
            Self::Undo { op } => json!({ "op": op }),
            Self::Import {
                all_owners,
                on_conflict,
                ..
            } => json!({
                "all_owners": all_owners,
                "on_conflict": format!("{on_conflict:?}").to_lowercase(),
            }),
            Self::Apply { .. } => json!({}),
            _ => return None,
        };
        Some(format!(
            "{FINGERPRINT_PREFIX}{}",
            json!({ "command": self.name(), "args": body })
        ))
    }
}

/// Sets `body[field]` when there is a value.
fn extend(body: &mut Value, field: &str, value: Option<&str>) {
    if let Some(value) = value {
        body[field] = Value::from(value);
    }
}

/// Checks `--idempotency-key`.
pub fn idempotency_key(key: Option<&str>) -> Result<Option<IdempotencyKey>, Error> {
    key.map(IdempotencyKey::parse).transpose()
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::Cli;

    fn fingerprint(args: &[&str]) -> Option<String> {
        let cli =
            Cli::try_parse_from(std::iter::once("countiq").chain(args.iter().copied())).unwrap();
        Action::parse(&cli.command, Timestamp::now())
            .unwrap()
            .fingerprint()
    }

    #[test]
    fn the_fingerprint_ignores_spelling_order_and_output_options() {
        let one = fingerprint(&["add", "milk", "--qty", "3", "--unit", "L"]);
        for same in [
            &["add", "--unit=L", "milk", "--qty=3"][..],
            &[
                "--json", "add", "  milk ", "--qty", "3", "--unit", "L", "-q",
            ],
            &[
                "add", "milk", "--qty", "03", "--unit", "L", "--format", "csv",
            ],
        ] {
            assert_eq!(fingerprint(same), one, "{same:?}");
        }
        assert_eq!(
            fingerprint(&["add", "milk"]),
            fingerprint(&["add", "milk", "--qty", "1"])
        );
        assert_ne!(fingerprint(&["add", "milk"]), fingerprint(&["add", "Milk"]));
        assert_ne!(
            fingerprint(&["set", "milk", "2"]),
            fingerprint(&["count", "milk", "2"])
        );
        assert!(one.unwrap().starts_with(FINGERPRINT_PREFIX));
    }

    #[test]
    fn the_fingerprint_is_stable_across_releases() {
        // Pinned: a change here breaks every retry across an upgrade.
        assert_eq!(
            fingerprint(&["adjust", "milk", "-2", "--reason", "sold"]).unwrap(),
            r#"v1:{"args":{"delta":-2,"name":"milk","reason":"sold"},"command":"adjust"}"#
        );
    }

    #[test]
    fn every_event_kind_is_a_kind_option() {
        use clap::ValueEnum as _;
        let kinds: Vec<EventKind> = cli::KindArg::value_variants()
            .iter()
            .map(|&k| k.into())
            .collect();
        assert_eq!(kinds, EventKind::ALL);
        for arg in cli::KindArg::value_variants() {
            let name = arg.to_possible_value().unwrap();
            assert_eq!(name.get_name(), EventKind::from(*arg).as_str());
        }
    }

    #[test]
    fn reads_have_no_fingerprint() {
        assert_eq!(fingerprint(&["list"]), None);
        assert_eq!(fingerprint(&["history", "milk"]), None);
    }
}
