//! `scan`: codes read one per line from standard input, each applied as
//! its own adjustment in its own transaction. A stream of independent
//! commands, not one transition: each line reports its own result, and the
//! exit status says only whether all the input was read.

use std::io::{self, BufRead, Write};

use serde::Serialize;

use super::commands::Recorded;
use super::output::{Format, Row, RowWriter};
use super::render::{Look, output_error, stdout};
use super::report::message;
use crate::domain::{Code, Delta, Error, ErrorKind, Item, Outcome};
use crate::service::{self, Ctx, Mode};

/// What one scanned line did. The item's id, name and quantity are
/// repeated flat, for CSV and TSV; JSON also has the whole item.
#[derive(Debug, Serialize)]
pub(super) struct ScanLine {
    /// The line number, from 1.
    line: u64,
    /// The code as read (without the line ending).
    code: String,
    /// The exit status this line would have had as its own `adjust`.
    exit: u8,
    /// The item's id, when the line changed one.
    id: Option<i64>,
    /// Its name.
    name: Option<String>,
    /// Its quantity after the change.
    quantity: Option<u64>,
    /// Why the line changed nothing, when it did not.
    error: Option<String>,
    /// The item after the change.
    item: Option<Item>,
}

impl ScanLine {
    fn applied(line: u64, code: &str, item: Item) -> Self {
        Self {
            line,
            code: code.to_owned(),
            exit: 0,
            id: Some(item.id),
            name: Some(item.name.clone()),
            quantity: Some(item.quantity.get()),
            error: None,
            item: Some(item),
        }
    }

    fn failed(line: u64, code: &str, err: &Error) -> Self {
        Self {
            line,
            code: code.to_owned(),
            exit: err.kind().exit_code(),
            id: None,
            name: None,
            quantity: None,
            error: Some(err.to_string()),
            item: None,
        }
    }
}

impl Row for ScanLine {
    const FIELDS: &'static [&'static str] =
        &["line", "code", "exit", "id", "name", "quantity", "error"];
    const TABLE_HEADER: &'static [&'static str] = &["LINE", "CODE", "ITEM", "QUANTITY", "RESULT"];
    const RIGHT_ALIGNED: &'static [usize] = &[0, 3];

    fn cells(&self) -> Vec<String> {
        vec![
            self.line.to_string(),
            self.code.clone(),
            self.name.clone().unwrap_or_default(),
            self.quantity.map(|q| q.to_string()).unwrap_or_default(),
            self.error.clone().unwrap_or_else(|| "ok".to_owned()),
        ]
    }
}

/// True for the errors that are about one line (its code, its item, its
/// quantity): the line is reported and scanning goes on. Anything else
/// (the database, the server, a signal) stops the scan with its code.
fn is_about_the_line(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::NotFound | ErrorKind::Invalid | ErrorKind::Conflict
    )
}

/// Runs `scan` over standard input.
pub(super) fn scan(
    ctx: &Ctx<'_>,
    look: Look,
    recorded: &mut Recorded,
    delta: Delta,
) -> Result<Outcome, Error> {
    let stdin = io::stdin().lock();
    let mut out = ScanOutput::new(look)?;
    let mut number = 0;
    for line in stdin.split(b'\n') {
        crate::signals::check()?;
        let line = line.map_err(|e| Error::Usage(format!("cannot read standard input: {e}")))?;
        number += 1;
        let text = String::from_utf8_lossy(&line);
        let code = text.strip_suffix('\r').unwrap_or(&text).trim();
        if code.is_empty() {
            continue;
        }
        let result = Code::parse(code).and_then(|c| service::scan(ctx, &c, delta));
        let row = match result {
            Ok(receipt) => {
                if ctx.mode == Mode::Commit {
                    recorded.changed += receipt.changed;
                    recorded.op = receipt.ops.last().copied().or(recorded.op);
                }
                ScanLine::applied(number, code, receipt.value.after)
            }
            Err(err) if is_about_the_line(err.kind()) => ScanLine::failed(number, code, &err),
            Err(err) => {
                out.finish()?;
                return Err(err);
            }
        };
        out.push(&row, recorded.changed > 0)?;
    }
    out.finish()?;
    Ok(Outcome::Success)
}

/// Where each line's result goes: a data format streams one row per line
/// to stdout; a table prints one confirmation line per scan, and a line
/// that changed nothing goes to stderr as a message.
struct ScanOutput {
    look: Look,
    rows: Option<RowWriter<io::BufWriter<io::StdoutLock<'static>>, ScanLine>>,
    /// True once the reader of stdout went away (`countiq scan | head`):
    /// the output ends quietly, and scanning goes on to the end of input,
    /// as any command does the same work whoever reads its output.
    gone: bool,
}

impl ScanOutput {
    fn new(look: Look) -> Result<Self, Error> {
        let rows = match look.format {
            Format::Table => None,
            format => Some(RowWriter::new(stdout(), format).map_err(output_error)?),
        };
        Ok(Self {
            look,
            rows,
            gone: false,
        })
    }

    /// Writes one line's result. Once a change is saved (`saved`), failing
    /// to say so is exit 11, like any command's.
    fn push(&mut self, row: &ScanLine, saved: bool) -> Result<(), Error> {
        if self.gone {
            return Ok(());
        }
        let written = match &mut self.rows {
            Some(rows) => rows.push(row).and_then(|()| rows.flush()),
            None => match (&row.name, row.quantity, &row.error) {
                (_, _, Some(error)) => {
                    message(&format!("countiq: line {}: {error}", row.line));
                    Ok(())
                }
                (Some(name), Some(quantity), None) if !self.look.quiet => {
                    let mut out = io::stdout().lock();
                    writeln!(out, "line {}: {name:?} now {quantity}", row.line)
                        .and_then(|()| out.flush())
                }
                _ => Ok(()),
            },
        };
        match written {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            Err(err) if saved => Err(Error::Uncertain(format!(
                "scanned changes were saved, but their results could not be written: {err}"
            ))),
            Err(err) => Err(output_error(err)),
        }
    }

    fn finish(self) -> Result<(), Error> {
        match self.rows {
            Some(rows) if !self.gone => rows.finish().map_err(output_error),
            _ => Ok(()),
        }
    }
}
