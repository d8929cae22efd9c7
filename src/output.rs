//! Rendering items as table, JSON, NDJSON or CSV. Everything here writes to
//! a `Write` it is given; the caller decides that it is stdout.

use std::io::{self, Write};

use comfy_table::{CellAlignment, Table, presets};

use crate::domain::Item;

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

/// The CSV header; the same names and order as the JSON fields.
const CSV_HEADER: [&str; 6] = [
    "id",
    "owner",
    "name",
    "quantity",
    "created_at",
    "updated_at",
];

/// Writes a sequence of items as they arrive.
///
/// JSON, NDJSON and CSV stream: each item is written when it is pushed, so
/// memory does not grow with the number of items. A table has to see every
/// row to size its columns, so it is rendered by [`ItemWriter::finish`].
pub struct ItemWriter<W: Write> {
    sink: Sink<W>,
}

enum Sink<W: Write> {
    Table { out: W, table: Table },
    Json { out: W, first: bool },
    Ndjson(W),
    Csv(csv::Writer<W>),
}

impl<W: Write> ItemWriter<W> {
    /// Starts the output: `[` for JSON, the header row for CSV.
    pub fn new(out: W, format: Format) -> io::Result<Self> {
        let sink = match format {
            Format::Table => Sink::Table {
                out,
                table: item_table(),
            },
            Format::Json => Sink::Json { out, first: true },
            Format::Ndjson => Sink::Ndjson(out),
            Format::Csv => Sink::Csv(csv_writer(out)?),
        };
        Ok(Self { sink })
    }

    /// Writes one item.
    pub fn push(&mut self, item: &Item) -> io::Result<()> {
        match &mut self.sink {
            Sink::Table { table, .. } => {
                table.add_row(table_row(item));
            }
            Sink::Json { out, first } => {
                out.write_all(if *first { b"[\n" } else { b",\n" })?;
                *first = false;
                serde_json::to_writer(&mut *out, item)?;
            }
            Sink::Ndjson(out) => {
                serde_json::to_writer(&mut *out, item)?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(out) => out.serialize(item).map_err(csv_to_io)?,
        }
        Ok(())
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

/// Writes one item as a whole document: the object in JSON, one line in
/// NDJSON, header and row in CSV, a one-row table in table format.
pub fn write_item<W: Write>(mut out: W, format: Format, item: &Item) -> io::Result<()> {
    match format {
        Format::Json | Format::Ndjson => {
            serde_json::to_writer(&mut out, item)?;
            out.write_all(b"\n")?;
            out.flush()
        }
        Format::Table | Format::Csv => {
            let mut writer = ItemWriter::new(out, format)?;
            writer.push(item)?;
            writer.finish()
        }
    }
}

fn item_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_header(vec!["ID", "NAME", "QUANTITY", "UPDATED"]);
    for (index, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, 2));
        if index == 0 || index == 2 {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

fn table_row(item: &Item) -> Vec<String> {
    vec![
        item.id.to_string(),
        item.name.clone(),
        item.quantity.to_string(),
        item.updated_at.to_string(),
    ]
}

fn csv_writer<W: Write>(out: W) -> io::Result<csv::Writer<W>> {
    // The header is written by hand so that an empty list still has one.
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    writer.write_record(CSV_HEADER).map_err(csv_to_io)?;
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
    fn an_item_in_json_has_the_contract_fields_in_order() {
        let mut out = Vec::new();
        write_item(&mut out, Format::Json, &item(1, "milk", 2)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"id\":1,\"owner\":\"alice\",\"name\":\"milk\",\"quantity\":2,\
             \"created_at\":\"2026-11-25T17:29:10.123Z\",\"updated_at\":\"2026-11-25T17:29:10.123Z\"}\n"
        );
    }

    #[test]
    fn empty_lists_are_an_empty_array_a_bare_header_or_nothing() {
        assert_eq!(render(Format::Json, &[]), "[]\n");
        assert_eq!(render(Format::Ndjson, &[]), "");
        assert_eq!(
            render(Format::Csv, &[]),
            "id,owner,name,quantity,created_at,updated_at\n"
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
            "id,owner,name,quantity,created_at,updated_at\n\
             7,alice,\"say \"\"hi\"\", then\u{a0}go\",3,2026-11-25T17:29:10.123Z,2026-11-25T17:29:10.123Z\n"
        );
    }

    #[test]
    fn tables_align_columns_under_a_header() {
        let text = render(
            Format::Table,
            &[item(1, "milk", 2), item(10, "oat milk", 12)],
        );
        assert_eq!(
            text,
            "ID  NAME      QUANTITY  UPDATED\n\
             \x201  milk             2  2026-11-25T17:29:10.123Z\n\
             10  oat milk        12  2026-11-25T17:29:10.123Z\n"
        );
    }
}
