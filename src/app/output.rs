//! Rendering items as table, JSON, NDJSON or CSV. Everything here writes to
//! a `Write` it is given; the caller decides that it is stdout.

use std::io::{self, Write};

use std::marker::PhantomData;

use comfy_table::{Attribute, Cell, CellAlignment, Table, presets};
use serde::Serialize;

use crate::domain::{Event, Item};

/// The output formats of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for people.
    Table,
    /// A JSON document.
    Json,
    /// One JSON value per line.
    Ndjson,
    /// RFC 4180 CSV with a header row.
    Csv,
}

impl Format {
    /// Every format with its name, as `--format`, `COUNTIQ_FORMAT` and the
    /// config file spell it: the one table of format names.
    pub const NAMES: [(&'static str, Self); 4] = [
        ("table", Self::Table),
        ("json", Self::Json),
        ("ndjson", Self::Ndjson),
        ("csv", Self::Csv),
    ];

    /// The format's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, format)| *format == self)
            .map_or("table", |(name, _)| name)
    }

    /// The format a name stands for.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, format)| *format)
    }

    /// True for the formats whose errors are JSON lines on stderr.
    #[must_use]
    pub fn is_json(self) -> bool {
        matches!(self, Self::Json | Self::Ndjson)
    }
}

impl From<crate::cli::Format> for Format {
    fn from(format: crate::cli::Format) -> Self {
        match format {
            crate::cli::Format::Table => Self::Table,
            crate::cli::Format::Json => Self::Json,
            crate::cli::Format::Ndjson => Self::Ndjson,
            crate::cli::Format::Csv => Self::Csv,
        }
    }
}

/// A value that can be printed as a row: every format but the table comes
/// from its `Serialize` impl; the table from [`Row::cells`].
pub trait Row: Serialize {
    /// CSV header: the JSON field names, in order.
    const CSV_HEADER: &'static [&'static str];
    /// Table header.
    const TABLE_HEADER: &'static [&'static str];
    /// Table columns aligned right (numbers).
    const RIGHT_ALIGNED: &'static [usize];
    /// The table cells, one per [`Row::TABLE_HEADER`] column.
    fn cells(&self) -> Vec<String>;

    /// The CSV fields, one per [`Row::CSV_HEADER`] column: each the JSON
    /// field of that name, a list joined by commas (tags), null empty.
    fn csv_fields(&self) -> io::Result<Vec<String>> {
        let value = serde_json::to_value(self)?;
        Ok(Self::CSV_HEADER
            .iter()
            .map(|field| csv_field(&value[*field]))
            .collect())
    }
}

/// One JSON value as a CSV field: text as it is, null empty, a list's
/// values joined by commas, anything else as JSON.
pub fn csv_field(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(values) => values.iter().map(csv_field).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

impl Row for Item {
    const CSV_HEADER: &'static [&'static str] = &[
        "id",
        "owner",
        "name",
        "quantity",
        "created_at",
        "updated_at",
        "unit",
        "min",
        "location",
        "tags",
        "code",
        "note",
    ];
    const TABLE_HEADER: &'static [&'static str] =
        &["ID", "NAME", "QUANTITY", "UNIT", "MIN", "UPDATED"];
    const RIGHT_ALIGNED: &'static [usize] = &[0, 2, 4];

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.name.clone(),
            self.quantity.to_string(),
            self.unit
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            self.min.map(|m| m.to_string()).unwrap_or_default(),
            self.updated_at.to_string(),
        ]
    }
}

impl Row for Event {
    const CSV_HEADER: &'static [&'static str] = &[
        "op",
        "seq",
        "at",
        "item_id",
        "kind",
        "name_before",
        "name_after",
        "qty_before",
        "qty_after",
        "unit_before",
        "unit_after",
        "min_before",
        "min_after",
        "owner",
        "reason",
        "actor",
        "location_before",
        "location_after",
        "tags_before",
        "tags_after",
        "code_before",
        "code_after",
        "note_before",
        "note_after",
    ];
    const TABLE_HEADER: &'static [&'static str] =
        &["OP", "AT", "KIND", "ITEM", "NAME", "QUANTITY", "REASON"];
    const RIGHT_ALIGNED: &'static [usize] = &[0, 3];

    fn cells(&self) -> Vec<String> {
        fn change<T: PartialEq + ToString>(before: Option<&T>, after: Option<&T>) -> String {
            match (before, after) {
                (Some(b), Some(a)) if b == a => a.to_string(),
                (Some(b), Some(a)) => format!("{} -> {}", b.to_string(), a.to_string()),
                (None, Some(a)) => format!("+ {}", a.to_string()),
                (Some(b), None) => format!("{} -> -", b.to_string()),
                (None, None) => String::new(),
            }
        }
        vec![
            self.op.to_string(),
            self.at.to_string(),
            self.kind.as_str().to_owned(),
            self.item_id.to_string(),
            change(self.name_before.as_ref(), self.name_after.as_ref()),
            change(self.qty_before.as_ref(), self.qty_after.as_ref()),
            self.reason.clone().unwrap_or_default(),
        ]
    }
}

impl Row for crate::service::Place {
    const CSV_HEADER: &'static [&'static str] = &["location", "items", "quantity"];
    const TABLE_HEADER: &'static [&'static str] = &["LOCATION", "ITEMS", "QUANTITY"];
    const RIGHT_ALIGNED: &'static [usize] = &[1, 2];

    fn cells(&self) -> Vec<String> {
        vec![
            self.location.to_string(),
            self.items.to_string(),
            self.quantity.to_string(),
        ]
    }
}

/// Writes a sequence of rows as they arrive.
///
/// JSON, NDJSON and CSV stream: each row is written when it is pushed, so
/// memory does not grow with the number of rows. A table has to see every
/// row to size its columns, so it is rendered by [`RowWriter::finish`].
pub struct RowWriter<W: Write, T: Row> {
    sink: Sink<W>,
    rows: PhantomData<fn(&T)>,
}

enum Sink<W: Write> {
    Table { out: W, table: Table },
    Json { out: W, first: bool },
    Ndjson(W),
    Csv(csv::Writer<W>),
}

impl<W: Write, T: Row> RowWriter<W, T> {
    /// Starts the output: `[` for JSON, the header row for CSV.
    pub fn new(out: W, format: Format) -> io::Result<Self> {
        Self::styled(out, format, false)
    }

    /// Like [`RowWriter::new`], with a bold table header when `color`.
    pub fn styled(out: W, format: Format, color: bool) -> io::Result<Self> {
        let sink = match format {
            Format::Table => Sink::Table {
                out,
                table: table_of(T::TABLE_HEADER, T::RIGHT_ALIGNED, color),
            },
            Format::Json => Sink::Json { out, first: true },
            Format::Ndjson => Sink::Ndjson(out),
            Format::Csv => Sink::Csv(csv_writer(out, T::CSV_HEADER)?),
        };
        Ok(Self {
            sink,
            rows: PhantomData,
        })
    }

    /// Writes one row.
    pub fn push(&mut self, row: &T) -> io::Result<()> {
        match &mut self.sink {
            Sink::Table { table, .. } => {
                table.add_row(row.cells());
            }
            Sink::Json { out, first } => {
                out.write_all(if *first { b"[\n" } else { b",\n" })?;
                *first = false;
                serde_json::to_writer(&mut *out, row)?;
            }
            Sink::Ndjson(out) => {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(out) => out.write_record(row.csv_fields()?).map_err(csv_to_io)?,
        }
        Ok(())
    }

    /// Sends what was written so far on, for output that must appear as
    /// it happens (`scan`). A table is only written by [`finish`](Self::finish).
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Table { .. } => Ok(()),
            Sink::Json { out, .. } | Sink::Ndjson(out) => out.flush(),
            Sink::Csv(out) => out.flush(),
        }
    }

    /// Ends the output: `]` for JSON (`[]` when empty), the table when it
    /// has rows (an empty table prints nothing), and flushes.
    pub fn finish(self) -> io::Result<()> {
        match self.sink {
            Sink::Table { mut out, table } => {
                if !table.is_empty() {
                    writeln!(out, "{}", table.trim_fmt())?;
                }
                out.flush()
            }
            Sink::Json { mut out, first } => {
                out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Sink::Ndjson(mut out) => out.flush(),
            Sink::Csv(mut out) => out.flush(),
        }
    }
}

/// Items as `list` prints them.
pub type ItemWriter<W> = RowWriter<W, Item>;

/// Writes one value as a whole document: the object in JSON, one line in
/// NDJSON, header and row in CSV, a one-row table in table format.
pub fn write_one<W: Write, T: Row>(mut out: W, format: Format, row: &T) -> io::Result<()> {
    match format {
        Format::Json | Format::Ndjson => write_json_line(&mut out, row),
        Format::Table | Format::Csv => {
            let mut writer = RowWriter::<W, T>::new(out, format)?;
            writer.push(row)?;
            writer.finish()
        }
    }
}

/// Writes any value as one line of JSON.
pub fn write_json_line<W: Write, T: Serialize + ?Sized>(mut out: W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut out, value)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// A borderless table with a header, for key/value reports.
#[must_use]
pub fn plain_table(header: &[&str], color: bool) -> Table {
    table_of(header, &[], color)
}

fn table_of(header: &[&str], right_aligned: &[usize], color: bool) -> Table {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    // Styling is decided by the caller (`--color`, NO_COLOR, a terminal),
    // never by comfy-table's own terminal check.
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    let cells: Vec<Cell> = header
        .iter()
        .map(|h| {
            let cell = Cell::new(h);
            if color {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            }
        })
        .collect();
    table.set_header(cells);
    for (index, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, 2));
        if right_aligned.contains(&index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

fn csv_writer<W: Write>(out: W, header: &[&str]) -> io::Result<csv::Writer<W>> {
    // The header is written by hand so that an empty list still has one.
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    writer.write_record(header).map_err(csv_to_io)?;
    Ok(writer)
}

fn csv_to_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Quantity, Timestamp};

    fn item(id: i64, name: &str, quantity: u64) -> Item {
        Item {
            id,
            owner: "alice".to_owned(),
            name: name.to_owned(),
            quantity: Quantity::new(quantity).unwrap(),
            created_at: Timestamp::from_millis(1_795_627_750_123),
            updated_at: Timestamp::from_millis(1_795_627_750_123),
            unit: None,
            min: None,
            location: None,
            tags: crate::domain::Tags::new(),
            code: None,
            note: None,
        }
    }

    fn render(format: Format, items: &[Item]) -> String {
        let mut out = Vec::new();
        let mut writer = ItemWriter::new(&mut out, format).unwrap();
        for item in items {
            writer.push(item).unwrap();
        }
        writer.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_format_name_reads_back_and_matches_the_command_line() {
        use clap::ValueEnum as _;
        for (name, format) in Format::NAMES {
            assert_eq!(Format::from_name(name), Some(format));
            assert_eq!(format.as_str(), name);
        }
        let cli: Vec<String> = crate::cli::Format::value_variants()
            .iter()
            .filter_map(clap::ValueEnum::to_possible_value)
            .map(|v| v.get_name().to_owned())
            .collect();
        let ours: Vec<&str> = Format::NAMES.iter().map(|(name, _)| *name).collect();
        assert_eq!(cli, ours);
    }

    #[test]
    fn an_item_in_json_has_the_contract_fields_in_order() {
        let mut out = Vec::new();
        write_one(&mut out, Format::Json, &item(1, "milk", 2)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"id\":1,\"owner\":\"alice\",\"name\":\"milk\",\"quantity\":2,\
             \"created_at\":\"2026-11-25T17:29:10.123Z\",\"updated_at\":\"2026-11-25T17:29:10.123Z\",\
             \"unit\":null,\"min\":null,\"location\":null,\"tags\":[],\"code\":null,\"note\":null}\n"
        );
    }

    #[test]
    fn empty_lists_are_an_empty_array_a_bare_header_or_nothing() {
        assert_eq!(render(Format::Json, &[]), "[]\n");
        assert_eq!(render(Format::Ndjson, &[]), "");
        assert_eq!(
            render(Format::Csv, &[]),
            "id,owner,name,quantity,created_at,updated_at,unit,min,location,tags,code,note\n"
        );
        assert_eq!(render(Format::Table, &[]), "");
    }

    #[test]
    fn json_lists_parse_as_one_array() {
        let text = render(Format::Json, &[item(1, "a", 1), item(2, "b", 2)]);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value.as_array().unwrap().len(), 2);
        assert_eq!(value[1]["name"], "b");
    }

    #[test]
    fn csv_quotes_fields_as_rfc_4180_says() {
        let text = render(Format::Csv, &[item(7, "say \"hi\", then\u{a0}go", 3)]);
        assert_eq!(
            text,
            "id,owner,name,quantity,created_at,updated_at,unit,min,location,tags,code,note\n\
             7,alice,\"say \"\"hi\"\", then\u{a0}go\",3,2026-11-25T17:29:10.123Z,2026-11-25T17:29:10.123Z,,,,,,\n"
        );
    }

    #[test]
    fn tables_align_columns_under_a_header() {
        let mut oat = item(10, "oat milk", 12);
        oat.unit = Some(crate::domain::Unit::parse("L").unwrap());
        oat.min = Quantity::new(4);
        let text = render(Format::Table, &[item(1, "milk", 2), oat]);
        assert_eq!(
            text,
            "ID  NAME      QUANTITY  UNIT  MIN  UPDATED\n\
             \x201  milk             2             2026-11-25T17:29:10.123Z\n\
             10  oat milk        12  L       4  2026-11-25T17:29:10.123Z\n"
        );
    }
}
