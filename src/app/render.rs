//! Writing results to stdout: confirmation lines, rows in every format,
//! and summaries. Every human line of output is built in this module or
//! its siblings in `app`.

use std::io::{self, BufWriter, Write};

use crate::domain::{Error, Fields, Item, Outcome};
use crate::service::Presence;

use super::output::{self, Format, RowWriter};

/// How a command prints: its format, whether confirmations are wanted, and
/// whether tables are colored.
#[derive(Debug, Clone, Copy)]
pub(super) struct Look {
    pub(super) format: Format,
    pub(super) quiet: bool,
    pub(super) color: bool,
}

/// A confirmation line: stdout, table format only, silenced by `-q`.
pub(super) fn confirm(look: Look, text: &str) -> Result<Outcome, Error> {
    if !look.quiet {
        writeln!(io::stdout().lock(), "{text}").map_err(output_error)?;
    }
    Ok(Outcome::Success)
}

pub(super) fn output_error(err: io::Error) -> Error {
    Error::Internal(anyhow::Error::new(err).context("cannot write to standard output"))
}

/// True when `err` is a reader that went away (`countiq list | head`).
pub(super) fn is_broken_pipe(err: &Error) -> bool {
    matches!(err, Error::Internal(err) if err
        .root_cause()
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// A reader that went away ends the output quietly.
pub(super) fn quiet_on_broken_pipe(result: Result<Outcome, Error>) -> Result<Outcome, Error> {
    match result {
        Err(err) if is_broken_pipe(&err) => Ok(Outcome::Success),
        other => other,
    }
}

/// Writes `text` and a newline to stdout, flushed, so a failed write is
/// reported rather than lost when a buffer is dropped.
pub(super) fn print_text(text: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(output_error)
}

pub(super) fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Prints a changed item: the item in the data formats, `line` in a table.
pub(super) fn print_change(look: Look, item: &Item, line: &str) -> Result<Outcome, Error> {
    if look.format == Format::Table {
        return confirm(look, line);
    }
    output::write_one(stdout(), look.format, item).map_err(output_error)?;
    Ok(Outcome::Success)
}

/// Streams rows to stdout as `produce` finds them, only the `fields`
/// chosen when `--fields` was given, and returns what `produce` returns.
pub(super) fn print_rows<T: output::Row, R>(
    look: Look,
    fields: Option<&Fields>,
    produce: impl FnOnce(&mut dyn FnMut(T) -> Result<(), Error>) -> Result<R, Error>,
) -> Result<R, Error> {
    let mut writer = RowWriter::<_, T>::selected(stdout(), look.format, look.color, fields)
        .map_err(output_error)?;
    let produced = produce(&mut |row| {
        // A long listing stops between rows when asked to.
        crate::signals::check()?;
        writer.push(&row).map_err(output_error)
    })?;
    writer.finish().map_err(output_error)?;
    Ok(produced)
}

/// The note a person gets when the owner they asked about has nothing in
/// this database: `--owner warehuose` is noticed. Not under `-q` or a
/// machine format, where stderr carries errors only.
pub(super) fn note_presence(look: Look, owner: &str, presence: Presence) -> Outcome {
    if presence == Presence::NoOwner && !look.quiet && look.format == Format::Table {
        super::report::message(&format!(
            "countiq: note: no owner {} in this database",
            crate::domain::quoted(owner)
        ));
    }
    Outcome::Success
}

/// A summary in the data formats: one JSON line, a CSV header and row, or
/// one TSV row.
pub(super) fn print_summary<T: serde::Serialize>(
    look: Look,
    summary: &T,
    csv: (&[&str], Vec<String>),
) -> Result<Outcome, Error> {
    if look.format == Format::Tsv {
        let mut out = stdout();
        output::write_tsv_line(&mut out, &csv.1)
            .and_then(|()| out.flush())
            .map_err(output_error)?;
        return Ok(Outcome::Success);
    }
    if look.format == Format::Csv {
        let mut writer = csv::Writer::from_writer(stdout());
        writer
            .write_record(csv.0)
            .and_then(|()| writer.write_record(csv.1))
            .and_then(|()| writer.flush().map_err(csv::Error::from))
            .map_err(|e| output_error(io::Error::other(e)))?;
        return Ok(Outcome::Success);
    }
    output::write_json_line(stdout(), summary).map_err(output_error)?;
    Ok(Outcome::Success)
}
