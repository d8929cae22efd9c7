//! One handler per item, stock and ledger command: call the service with
//! the parsed request, then render its result. No rules here: those are
//! the domain's. The bulk commands' handlers are in `bulk`.

use std::io::Write;

use super::output::{self, Format, RowWriter};
use super::render::{Look, confirm, note_presence, output_error, print_change, print_rows, stdout};
use super::report::message;
use crate::domain::{
    Code, Delta, Error, Event, Fields, Item, ItemFields, ItemName, ItemRef, ListQuery, Location,
    Outcome, OwnerItems, Quantity, Tags, Timestamp, sparkline,
};
use crate::service::{self, Added, Ctx, Edit, History, Level, Mode, Receipt};

/// What a command did before it rendered its result: what a write
/// recorded (for the closing log event, the replay note and exit 11), and
/// the outcome it has earned so far, which a reader closing the pipe early
/// does not change.
#[derive(Debug, Clone)]
pub(super) struct Recorded {
    /// The last operation the command recorded.
    pub(super) op: Option<i64>,
    /// How many item changes it recorded.
    pub(super) changed: u64,
    /// The result came from an earlier run with the same key.
    pub(super) replayed: bool,
    /// The change is saved: committed now, or by the run being replayed.
    pub(super) committed: bool,
    /// The outcome the command has whatever happens to its output.
    pub(super) outcome: Outcome,
    /// The command carried an idempotency key.
    pub(super) keyed: bool,
}

impl Default for Recorded {
    fn default() -> Self {
        Self {
            op: None,
            changed: 0,
            replayed: false,
            committed: false,
            outcome: Outcome::Success,
            keyed: false,
        }
    }
}

impl Recorded {
    pub(super) fn note<T>(&mut self, ctx: &Ctx<'_>, receipt: &Receipt<T>) {
        self.op = receipt.ops.last().copied();
        self.changed = receipt.changed;
        self.replayed = receipt.replayed;
        self.committed = receipt.replayed || ctx.mode == Mode::Commit;
    }
}

pub(super) fn add(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    name: &ItemName,
    fields: &ItemFields,
    exists_ok: bool,
) -> Result<Outcome, Error> {
    let receipt = service::add(ctx, name, fields, exists_ok)?;
    recorded.note(ctx, &receipt);
    match receipt.value {
        Added::Created(item) => {
            let line = format!(
                "added {:?} (id {}, quantity {})",
                item.name, item.id, item.quantity
            );
            print_change(look, &item, &line)
        }
        Added::Existing(item) => {
            let line = format!(
                "{:?} already exists (id {}, quantity {}); nothing changed",
                item.name, item.id, item.quantity
            );
            print_change(look, &item, &line)
        }
    }
}

pub(super) fn list(
    ctx: &Ctx<'_>,
    look: Look,
    query: &ListQuery,
    as_of: Option<Timestamp>,
    fields: Option<&Fields>,
) -> Result<Outcome, Error> {
    if let Some(at) = as_of {
        let (items, presence) = service::list_as_of(ctx, at, query)?;
        print_rows::<Item, ()>(look, fields, |each| items.into_iter().try_for_each(each))?;
        return Ok(note_presence(look, ctx.owner.as_str(), presence));
    }
    let presence = print_rows::<Item, _>(look, fields, |each| service::list(ctx, query, each))?;
    Ok(note_presence(look, ctx.owner.as_str(), presence))
}

/// `owners`: every owner with its item count. It is about the database,
/// not the selected owner, so there is no note about a missing owner.
pub(super) fn owners(ctx: &Ctx<'_>, look: Look) -> Result<Outcome, Error> {
    print_rows::<OwnerItems, _>(look, None, |each| service::owners(ctx, each))?;
    Ok(Outcome::Success)
}

pub(super) fn remove(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    names: &[ItemRef],
    missing_ok: bool,
) -> Result<Outcome, Error> {
    let receipt = service::remove(ctx, names, missing_ok)?;
    recorded.note(ctx, &receipt);
    let removed = receipt.value;
    if look.format != Format::Table {
        print_rows::<Item, ()>(look, None, |each| removed.into_iter().try_for_each(each))?;
        return Ok(Outcome::Success);
    }
    let line = match removed.as_slice() {
        [] => "nothing removed".to_owned(),
        [item] => format!("removed {:?} (id {})", item.name, item.id),
        items => format!(
            "removed {} items: {}",
            items.len(),
            items
                .iter()
                .map(|i| format!("{:?}", i.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    confirm(look, &line)
}

pub(super) fn rename(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    old: &ItemRef,
    new: &ItemName,
) -> Result<Outcome, Error> {
    let receipt = service::rename(ctx, old, new)?;
    recorded.note(ctx, &receipt);
    let renamed = receipt.value;
    let line = format!(
        "renamed {:?} to {:?} (id {})",
        renamed.before.name, renamed.after.name, renamed.after.id
    );
    print_change(look, &renamed.after, &line)
}

pub(super) fn edit(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    name: &ItemRef,
    changes: &Edit,
) -> Result<Outcome, Error> {
    let receipt = service::edit(ctx, name, changes)?;
    recorded.note(ctx, &receipt);
    let item = &receipt.value.after;
    let mut line = format!(
        "edited {:?}: unit {}, min {}",
        item.name,
        item.unit
            .as_ref()
            .map_or_else(|| "none".to_owned(), ToString::to_string),
        item.min
            .map_or_else(|| "none".to_owned(), |m| m.to_string()),
    );
    if changes.code.is_some() {
        let code = item.code.as_ref().map_or("none", Code::as_str);
        line.push_str(", code ");
        line.push_str(code);
    }
    if changes.note.is_some() {
        line.push_str(if item.note.is_some() {
            ", note set"
        } else {
            ", note removed"
        });
    }
    print_change(look, item, &line)
}

pub(super) fn move_to(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    name: &ItemRef,
    location: Option<&Location>,
) -> Result<Outcome, Error> {
    let receipt = service::move_to(ctx, name, location)?;
    recorded.note(ctx, &receipt);
    let moved = receipt.value;
    let place = |l: Option<&Location>| l.map_or_else(|| "nowhere".to_owned(), ToString::to_string);
    let line = format!(
        "moved {:?}: {} -> {}",
        moved.after.name,
        place(moved.before.location.as_ref()),
        place(moved.after.location.as_ref())
    );
    print_change(look, &moved.after, &line)
}

pub(super) fn tag(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    add: bool,
    name: &ItemRef,
    tags: &Tags,
) -> Result<Outcome, Error> {
    let receipt = if add {
        service::tag(ctx, name, tags)?
    } else {
        service::untag(ctx, name, tags)?
    };
    recorded.note(ctx, &receipt);
    let item = &receipt.value.after;
    let now = if item.tags.is_empty() {
        "no tags".to_owned()
    } else {
        item.tags.joined()
    };
    let verb = if add { "tagged" } else { "untagged" };
    print_change(look, item, &format!("{verb} {:?}: {now}", item.name))
}

pub(super) fn locations(ctx: &Ctx<'_>, look: Look) -> Result<Outcome, Error> {
    let (places, presence) = service::locations(ctx)?;
    print_rows::<service::Place, ()>(look, None, |each| places.into_iter().try_for_each(each))?;
    Ok(note_presence(look, ctx.owner.as_str(), presence))
}

pub(super) fn adjust(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    name: &ItemRef,
    delta: Delta,
    reason: Option<&str>,
) -> Result<Outcome, Error> {
    let receipt = service::adjust(ctx, name, delta, reason)?;
    recorded.note(ctx, &receipt);
    let adjusted = receipt.value;
    let line = format!(
        "adjusted {:?}: {} -> {} ({delta})",
        adjusted.after.name, adjusted.before.quantity, adjusted.after.quantity
    );
    print_change(look, &adjusted.after, &line)
}

pub(super) fn set_level(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    level: Level,
    name: &ItemRef,
    quantity: Quantity,
    reason: Option<&str>,
) -> Result<Outcome, Error> {
    let receipt = service::set_level(ctx, level, name, quantity, reason)?;
    recorded.note(ctx, &receipt);
    let changed = receipt.value;
    let (after, before) = (&changed.after, &changed.before);
    let line = match level {
        Level::Set => format!(
            "set {:?}: {} -> {}",
            after.name, before.quantity, after.quantity
        ),
        Level::Count => format!(
            "counted {:?}: {} (was {})",
            after.name, after.quantity, before.quantity
        ),
    };
    print_change(look, after, &line)
}

pub(super) fn history(
    ctx: &Ctx<'_>,
    look: Look,
    query: &History,
    fields: Option<&Fields>,
) -> Result<Outcome, Error> {
    let presence = print_rows::<Event, _>(look, fields, |each| service::history(ctx, query, each))?;
    Ok(note_presence(look, ctx.owner.as_str(), presence))
}

/// `undo`'s output in the data formats.
#[derive(serde::Serialize)]
struct UndoOutput<'a> {
    op: i64,
    undid: i64,
    command: &'a str,
    events: &'a [Event],
}

pub(super) fn undo(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    op: Option<i64>,
) -> Result<Outcome, Error> {
    let receipt = service::undo(ctx, op)?;
    recorded.note(ctx, &receipt);
    let undone = receipt.value;
    match look.format {
        Format::Table => confirm(
            look,
            &format!(
                "undid operation {} ({}): {} item(s) reverted, recorded as operation {}",
                undone.undid,
                undone.command,
                undone.events.len(),
                undone.op
            ),
        ),
        Format::Csv | Format::Tsv => {
            print_rows::<Event, ()>(look, None, |each| {
                undone.events.into_iter().try_for_each(each)
            })?;
            Ok(Outcome::Success)
        }
        Format::Json | Format::Ndjson => {
            let out = UndoOutput {
                op: undone.op,
                undid: undone.undid,
                command: &undone.command,
                events: &undone.events,
            };
            output::write_json_line(stdout(), &out).map_err(output_error)?;
            Ok(Outcome::Success)
        }
    }
}

/// `show`'s output in the data formats.
#[derive(serde::Serialize)]
struct ShowOutput<'a> {
    item: &'a Item,
    events: &'a [Event],
    series: &'a [u64],
    sparkline: String,
}

pub(super) fn show(ctx: &Ctx<'_>, look: Look, name: &ItemRef) -> Result<Outcome, Error> {
    let shown = service::show(ctx, name)?;
    match look.format {
        Format::Csv | Format::Tsv => {
            output::write_one(stdout(), look.format, &shown.item).map_err(output_error)?;
        }
        Format::Json | Format::Ndjson => {
            let out = ShowOutput {
                item: &shown.item,
                events: &shown.events,
                series: &shown.series,
                sparkline: sparkline(&shown.series),
            };
            output::write_json_line(stdout(), &out).map_err(output_error)?;
        }
        Format::Table => {
            let item = &shown.item;
            let mut out = stdout();
            let unit = item
                .unit
                .as_ref()
                .map_or(String::new(), |u| format!(" {u}"));
            let min = item.min.map_or(String::new(), |m| format!(" (min {m})"));
            let low = if item.is_low() { "  LOW" } else { "" };
            write!(
                out,
                "{} (id {})\nquantity  {}{unit}{min}{low}\n",
                item.name, item.id, item.quantity,
            )
            .map_err(output_error)?;
            for (label, value) in details(item) {
                writeln!(out, "{label:<10}{value}").map_err(output_error)?;
            }
            write!(
                out,
                "created   {}\nupdated   {}\ntrend     {}\n\n",
                item.created_at,
                item.updated_at,
                sparkline(&shown.series)
            )
            .map_err(output_error)?;
            let mut writer =
                RowWriter::<_, Event>::new(out, Format::Table).map_err(output_error)?;
            for event in &shown.events {
                writer.push(event).map_err(output_error)?;
            }
            writer.finish().map_err(output_error)?;
        }
    }
    Ok(Outcome::Success)
}

/// The location, tags, code and note lines of `show`, for those the item
/// has. A note's later lines are indented under its first.
fn details(item: &Item) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    if let Some(location) = &item.location {
        lines.push(("at", location.to_string()));
    }
    if !item.tags.is_empty() {
        lines.push(("tags", item.tags.joined()));
    }
    if let Some(code) = &item.code {
        lines.push(("code", code.to_string()));
    }
    if let Some(note) = &item.note {
        lines.push(("note", note.as_str().replace('\n', "\n          ")));
    }
    lines
}

/// `low [--check]`. With `--check` the outcome is decided by the first
/// low item, so a reader that closes the pipe early (`| head -c1`) leaves
/// it as it is; `-q` prints nothing at all, like `grep -q`.
pub(super) fn low(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    check: bool,
    fields: Option<&Fields>,
) -> Result<Outcome, Error> {
    let mut found: u64 = 0;
    let mut note = |found: u64| {
        if check && found > 0 {
            recorded.outcome = Outcome::BelowMinimum;
        }
    };
    if check && look.quiet {
        service::low(ctx, &ListQuery::default(), |_| {
            found += 1;
            Ok(())
        })?;
        note(found);
        return Ok(recorded.outcome);
    }
    let presence = print_rows::<Item, _>(look, fields, |each| {
        service::low(ctx, &ListQuery::default(), |item| {
            found += 1;
            note(found);
            each(item)
        })
    })?;
    note_presence(look, ctx.owner.as_str(), presence);
    if check && found > 0 && look.format == Format::Table && !look.quiet {
        // A human note; the data formats keep stderr for JSON errors only.
        message(&format!("{found} item(s) below their reorder level"));
    }
    Ok(recorded.outcome)
}
