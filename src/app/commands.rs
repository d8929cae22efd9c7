//! One handler per data command: call the service with the parsed request,
//! then render its result. No rules here: those are the domain's.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;

use anyhow::Context as _;

use super::output::{self, Format, RowWriter};
use super::progress::Progress;
use super::render::{Look, confirm, output_error, print_change, print_rows, print_summary, stdout};
use super::report::message;
use crate::domain::{
    Delta, Error, Event, Item, ItemFields, ItemName, ListQuery, OnConflict, Outcome, Quantity,
    Timestamp, sparkline,
};
use crate::input::{self, InputFormat};
use crate::service::{self, Added, Ctx, Edit, History, Level, Receipt};

/// What a write command recorded, for the closing log event and the
/// replay note.
#[derive(Debug, Default, Clone)]
pub(super) struct Recorded {
    pub(super) op: Option<i64>,
    pub(super) changed: u64,
    pub(super) replayed: bool,
}

impl Recorded {
    fn of<T>(receipt: &Receipt<T>) -> Self {
        Self {
            op: receipt.ops.last().copied(),
            changed: receipt.changed,
            replayed: receipt.replayed,
        }
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
    *recorded = Recorded::of(&receipt);
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
) -> Result<Outcome, Error> {
    if let Some(at) = as_of {
        let items = service::list_as_of(ctx, at, query)?;
        return print_rows::<Item>(look, |each| items.into_iter().try_for_each(each));
    }
    print_rows::<Item>(look, |each| service::list(ctx, query, each))
}

pub(super) fn remove(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    names: &[ItemName],
    missing_ok: bool,
) -> Result<Outcome, Error> {
    let receipt = service::remove(ctx, names, missing_ok)?;
    *recorded = Recorded::of(&receipt);
    let removed = receipt.value;
    if look.format != Format::Table {
        return print_rows::<Item>(look, |each| removed.into_iter().try_for_each(each));
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
    old: &ItemName,
    new: &ItemName,
) -> Result<Outcome, Error> {
    let receipt = service::rename(ctx, old, new)?;
    *recorded = Recorded::of(&receipt);
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
    name: &ItemName,
    changes: &Edit,
) -> Result<Outcome, Error> {
    let receipt = service::edit(ctx, name, changes)?;
    *recorded = Recorded::of(&receipt);
    let item = &receipt.value.after;
    let line = format!(
        "edited {:?}: unit {}, min {}",
        item.name,
        item.unit
            .as_ref()
            .map_or_else(|| "none".to_owned(), ToString::to_string),
        item.min
            .map_or_else(|| "none".to_owned(), |m| m.to_string()),
    );
    print_change(look, item, &line)
}

pub(super) fn adjust(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    name: &ItemName,
    delta: Delta,
    reason: Option<&str>,
) -> Result<Outcome, Error> {
    let receipt = service::adjust(ctx, name, delta, reason)?;
    *recorded = Recorded::of(&receipt);
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
    name: &ItemName,
    quantity: Quantity,
    reason: Option<&str>,
) -> Result<Outcome, Error> {
    let receipt = service::set_level(ctx, level, name, quantity, reason)?;
    *recorded = Recorded::of(&receipt);
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

pub(super) fn history(ctx: &Ctx<'_>, look: Look, query: &History) -> Result<Outcome, Error> {
    print_rows::<Event>(look, |each| service::history(ctx, query, each))
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
    *recorded = Recorded::of(&receipt);
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
        Format::Csv => {
            print_rows::<Event>(look, |each| undone.events.into_iter().try_for_each(each))
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

pub(super) fn show(ctx: &Ctx<'_>, look: Look, name: &ItemName) -> Result<Outcome, Error> {
    let shown = service::show(ctx, name)?;
    match look.format {
        Format::Csv => {
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
                "{} (id {})\nquantity  {}{unit}{min}{low}\ncreated   {}\nupdated   {}\ntrend     {}\n\n",
                item.name,
                item.id,
                item.quantity,
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

pub(super) fn low(ctx: &Ctx<'_>, look: Look, check: bool) -> Result<Outcome, Error> {
    let mut found = 0;
    print_rows::<Item>(look, |each| {
        found = service::low(ctx, &ListQuery::default(), each)?;
        Ok(())
    })?;
    if check && found > 0 {
        // A human note; the data formats keep stderr for JSON errors only.
        if look.format == Format::Table && !look.quiet {
            message(&format!("{found} item(s) below their reorder level"));
        }
        return Ok(Outcome::BelowMinimum);
    }
    Ok(Outcome::Success)
}

/// `export` writes NDJSON unless `--format` asks for JSON or CSV: a table
/// cannot be imported again.
pub(super) fn export(ctx: &Ctx<'_>, look: Look, all_owners: bool) -> Result<Outcome, Error> {
    let format = match look.format {
        Format::Table => Format::Ndjson,
        other => other,
    };
    let look = Look { format, ..look };
    print_rows::<Item>(look, |each| service::export(ctx, all_owners, each))
}

/// Opens `path` for reading, `-` meaning standard input.
fn open_input(path: &Path) -> Result<Box<dyn BufRead>, Error> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            io::stdin().lock(),
        )));
    }
    let file = File::open(path)
        .with_context(|| format!("cannot open {:?}", path.display().to_string()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

pub(super) fn import(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    given: Option<InputFormat>,
    file: &Path,
    all_owners: bool,
    on_conflict: OnConflict,
) -> Result<Outcome, Error> {
    let mut input = open_input(file)?;
    let format = match given.or_else(|| InputFormat::from_extension(file)) {
        Some(format) => format,
        None => InputFormat::sniff(&mut input).context("cannot read the input")?,
    };
    let mut progress = Progress::new("rows");
    let rows = input::import_rows(input, format);
    let receipt = service::import(ctx, rows, all_owners, on_conflict, &mut |n| {
        progress.tick(n);
    });
    progress.finish();
    let receipt = receipt?;
    *recorded = Recorded::of(&receipt);
    let imported = receipt.value;
    if look.format == Format::Table {
        let ops = imported
            .ops
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        return confirm(
            look,
            &format!(
                "imported {} rows: {} created, {} replaced, {} skipped{}",
                imported.rows,
                imported.created,
                imported.replaced,
                imported.skipped,
                if ops.is_empty() {
                    String::new()
                } else {
                    format!(" (operation {ops})")
                }
            ),
        );
    }
    let summary = ImportSummary {
        ops: &imported.ops,
        rows: imported.rows,
        created: imported.created,
        replaced: imported.replaced,
        skipped: imported.skipped,
    };
    let row = vec![
        imported.rows.to_string(),
        imported.created.to_string(),
        imported.replaced.to_string(),
        imported.skipped.to_string(),
    ];
    print_summary(
        look,
        &summary,
        (&["rows", "created", "replaced", "skipped"], row),
    )
}

/// `import`'s summary in the data formats.
#[derive(serde::Serialize)]
struct ImportSummary<'a> {
    ops: &'a [i64],
    rows: u64,
    created: u64,
    replaced: u64,
    skipped: u64,
}

/// `apply`'s summary in the data formats.
#[derive(serde::Serialize)]
struct ApplySummary {
    op: Option<i64>,
    lines: u64,
    changed: u64,
}

pub(super) fn apply(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    file: &Path,
) -> Result<Outcome, Error> {
    let input = open_input(file)?;
    let mut progress = Progress::new("lines");
    let receipt = service::apply(ctx, input::ndjson(input), &mut |n| {
        progress.tick(n);
    });
    progress.finish();
    let receipt = receipt?;
    *recorded = Recorded::of(&receipt);
    let applied = receipt.value;
    if look.format == Format::Table {
        let op = applied
            .op
            .map_or(String::new(), |op| format!(" (operation {op})"));
        return confirm(
            look,
            &format!(
                "applied {} lines, {} item changes{op}",
                applied.lines, applied.changed
            ),
        );
    }
    let summary = ApplySummary {
        op: applied.op,
        lines: applied.lines,
        changed: applied.changed,
    };
    let row = vec![
        applied.op.map(|op| op.to_string()).unwrap_or_default(),
        applied.lines.to_string(),
        applied.changed.to_string(),
    ];
    print_summary(look, &summary, (&["op", "lines", "changed"], row))
}
