//! The bulk commands' handlers: export, import and apply, with their
//! progress line and summaries.

use std::io::BufReader;
use std::path::Path;

use anyhow::Context as _;

use super::commands::Recorded;
use super::digest::Digested;
use super::output::Format;
use super::progress::Progress;
use super::render::{Look, confirm, note_presence, print_rows, print_summary};
use crate::domain::{Error, Fields, Item, OnConflict, Outcome};
use crate::input::{self, InputFormat};
use crate::service::{self, Ctx, Imported};

/// `export` writes NDJSON unless `--format` asks for JSON, CSV or TSV: a
/// table cannot be imported again.
pub(super) fn export(
    ctx: &Ctx<'_>,
    look: Look,
    all_owners: bool,
    fields: Option<&Fields>,
) -> Result<Outcome, Error> {
    let format = match look.format {
        Format::Table => Format::Ndjson,
        other => other,
    };
    let look = Look { format, ..look };
    let presence =
        print_rows::<Item, _>(look, fields, |each| service::export(ctx, all_owners, each))?;
    Ok(note_presence(look, ctx.owner.as_str(), presence))
}

pub(super) fn import(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    (file, input): (&Path, Digested),
    given: Option<InputFormat>,
    all_owners: bool,
    on_conflict: OnConflict,
) -> Result<Outcome, Error> {
    let mut input = BufReader::with_capacity(1 << 16, input);
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
    recorded.note(ctx, &receipt);
    let imported = receipt.value;
    if look.format == Format::Table {
        return confirm(look, &import_line(&imported, on_conflict));
    }
    let summary = ImportSummary {
        ops: &imported.ops,
        rows: imported.rows,
        created: imported.created,
        replaced: imported.replaced,
        skipped: imported.skipped,
        added: imported.added,
    };
    let row = vec![
        imported.rows.to_string(),
        imported.created.to_string(),
        imported.replaced.to_string(),
        imported.skipped.to_string(),
        imported.added.to_string(),
    ];
    print_summary(
        look,
        &summary,
        (&["rows", "created", "replaced", "skipped", "added"], row),
    )
}

/// `import`'s confirmation line: under `--on-conflict add` it counts the
/// items added to where the others count those replaced (never both).
fn import_line(imported: &Imported, on_conflict: OnConflict) -> String {
    let changed = if on_conflict == OnConflict::Add {
        format!("{} added", imported.added)
    } else {
        format!("{} replaced", imported.replaced)
    };
    let ops = imported
        .ops
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "imported {} rows: {} created, {changed}, {} skipped{}",
        imported.rows,
        imported.created,
        imported.skipped,
        if ops.is_empty() {
            String::new()
        } else {
            format!(" (operation {ops})")
        }
    )
}

/// `import`'s summary in the data formats; `added` comes last, as fields
/// added later do.
#[derive(serde::Serialize)]
struct ImportSummary<'a> {
    ops: &'a [i64],
    rows: u64,
    created: u64,
    replaced: u64,
    skipped: u64,
    added: u64,
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
    input: Digested,
) -> Result<Outcome, Error> {
    let input = BufReader::with_capacity(1 << 16, input);
    let mut progress = Progress::new("lines");
    let receipt = service::apply(ctx, input::ndjson(input), &mut |n| {
        progress.tick(n);
    });
    progress.finish();
    let receipt = receipt?;
    recorded.note(ctx, &receipt);
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
