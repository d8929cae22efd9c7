//! Rendering rows as table, JSON, NDJSON, CSV or TSV, all of their fields
//! or those `--fields` selects. Everything here writes to a `Write` it is
//! given; the caller decides that it is stdout.

use std::borrow::Cow;
use std::io::{self, Write};

use std::marker::PhantomData;

use comfy_table::{Attribute, Cell, CellAlignment, Table, presets};
use serde::Serialize;
use serde::ser::SerializeMap as _;
use serde_json::{Map, Value};

use crate::domain::{Event, Fields, Item, OwnerItems, Timestamp};

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
    /// Tab-separated values without a header row, escaped (see [`tsv_cell`]).
    Tsv,
}

impl Format {
    /// Every format with its name, as `--format`, `COUNTIQ_FORMAT` and the
    /// config file spell it: the one table of format names.
    pub const NAMES: [(&'static str, Self); 5] = [
        ("table", Self::Table),
        ("json", Self::Json),
        ("ndjson", Self::Ndjson),
        ("csv", Self::Csv),
        ("tsv", Self::Tsv),
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
            crate::cli::Format::Tsv => Self::Tsv,
        }
    }
}

/// A value that can be printed as a row: every format but the table comes
/// from its `Serialize` impl (its JSON object); the table from
/// [`Row::cells`], or from the JSON object when `--fields` chose columns.
pub trait Row: Serialize {
    /// The JSON field names, in order: the CSV header, and the names
    /// `--fields` may choose from.
    const FIELDS: &'static [&'static str];
    /// Table header.
    const TABLE_HEADER: &'static [&'static str];
    /// Table columns aligned right (numbers).
    const RIGHT_ALIGNED: &'static [usize];
    /// The table cells, one per [`Row::TABLE_HEADER`] column.
    fn cells(&self) -> Vec<String>;

    /// The row as one JSON object, exactly as its `Serialize` writes it.
    fn write_json_to<W: Write>(&self, out: &mut W) -> io::Result<()> {
        serde_json::to_writer(out, self).map_err(io::Error::from)
    }
}

impl Row for Item {
    const FIELDS: &'static [&'static str] = Item::FIELDS;

    /// The same bytes as the derived `Serialize` (a test holds them
    /// equal), with the keys written as fixed text: `list` and `export`
    /// write one object per item, and serde's escaping of twelve keys was
    /// a third of the work.
    fn write_json_to<W: Write>(&self, out: &mut W) -> io::Result<()> {
        fn value<W: Write>(out: &mut W, value: &impl Serialize) -> io::Result<()> {
            serde_json::to_writer(out, value).map_err(io::Error::from)
        }
        fn time<W: Write>(out: &mut W, at: Timestamp) -> io::Result<()> {
            match at.json_text() {
                Some(text) => out.write_all(&text),
                None => value(out, &at),
            }
        }
        out.write_all(b"{\"id\":")?;
        value(out, &self.id)?;
        out.write_all(b",\"owner\":")?;
        value(out, &self.owner)?;
        out.write_all(b",\"name\":")?;
        value(out, &self.name)?;
        out.write_all(b",\"quantity\":")?;
        value(out, &self.quantity)?;
        out.write_all(b",\"created_at\":")?;
        time(out, self.created_at)?;
        out.write_all(b",\"updated_at\":")?;
        time(out, self.updated_at)?;
        out.write_all(b",\"unit\":")?;
        value(out, &self.unit)?;
        out.write_all(b",\"min\":")?;
        value(out, &self.min)?;
        out.write_all(b",\"location\":")?;
        value(out, &self.location)?;
        out.write_all(b",\"tags\":")?;
        value(out, &self.tags)?;
        out.write_all(b",\"code\":")?;
        value(out, &self.code)?;
        out.write_all(b",\"note\":")?;
        value(out, &self.note)?;
        out.write_all(b"}")
    }
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
    const FIELDS: &'static [&'static str] = Event::FIELDS;
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
    const FIELDS: &'static [&'static str] = &["location", "items", "quantity"];
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

impl Row for OwnerItems {
    const FIELDS: &'static [&'static str] = OwnerItems::FIELDS;
    const TABLE_HEADER: &'static [&'static str] = &["OWNER", "ITEMS"];
    const RIGHT_ALIGNED: &'static [usize] = &[1];

    fn cells(&self) -> Vec<String> {
        vec![self.owner.clone(), self.items.to_string()]
    }
}

/// Writes a sequence of rows as they arrive.
///
/// JSON, NDJSON, CSV and TSV stream: each row is written when it is
/// pushed, so memory does not grow with the number of rows. A table has to
/// see every row to size its columns, so it is rendered by
/// [`RowWriter::finish`].
///
/// CSV, TSV and chosen columns (`--fields`) are read from the row's JSON
/// object, so they always agree with the JSON output field for field.
pub struct RowWriter<W: Write, T: Row> {
    sink: Sink<W>,
    /// The fields `--fields` chose, in order; `None` for every field, in
    /// JSON order.
    chosen: Option<Vec<&'static str>>,
    rows: PhantomData<fn(&T)>,
}

enum Sink<W: Write> {
    /// A table of [`Row::cells`].
    Table {
        out: W,
        table: Table,
    },
    /// A table of chosen fields; `numeric[i]` while column `i` has held
    /// numbers only, which are aligned right.
    Columns {
        out: W,
        table: Table,
        numeric: Vec<bool>,
    },
    Json {
        out: W,
        first: bool,
    },
    Ndjson(W),
    Csv(csv::Writer<W>),
    Tsv(W),
}

impl<W: Write, T: Row> RowWriter<W, T> {
    /// Starts the output: `[` for JSON, the header row for CSV.
    pub fn new(out: W, format: Format) -> io::Result<Self> {
        Self::styled(out, format, false)
    }

    /// Like [`RowWriter::new`], with a bold table header when `color`.
    pub fn styled(out: W, format: Format, color: bool) -> io::Result<Self> {
        Self::selected(out, format, color, None)
    }

    /// Like [`RowWriter::styled`], printing only the `fields` chosen, in
    /// their order, in every format.
    pub fn selected(
        out: W,
        format: Format,
        color: bool,
        fields: Option<&Fields>,
    ) -> io::Result<Self> {
        let chosen = fields.map(|f| f.names().to_vec());
        let names = chosen.as_deref().unwrap_or(T::FIELDS);
        let sink = match (format, &chosen) {
            (Format::Table, None) => Sink::Table {
                out,
                table: table_of(T::TABLE_HEADER, T::RIGHT_ALIGNED, color),
            },
            (Format::Table, Some(chosen)) => {
                let header: Vec<String> = chosen.iter().map(|n| n.to_uppercase()).collect();
                let header: Vec<&str> = header.iter().map(String::as_str).collect();
                Sink::Columns {
                    out,
                    table: table_of(&header, &[], color),
                    numeric: vec![true; chosen.len()],
                }
            }
            (Format::Json, _) => Sink::Json { out, first: true },
            (Format::Ndjson, _) => Sink::Ndjson(out),
            (Format::Csv, _) => Sink::Csv(csv_writer(out, names)?),
            (Format::Tsv, _) => Sink::Tsv(out),
        };
        Ok(Self {
            sink,
            chosen,
            rows: PhantomData,
        })
    }

    /// The values of the row's chosen fields (all of them when none were
    /// chosen), in order.
    fn values(&self, row: &T) -> io::Result<Vec<Value>> {
        let mut object = json_object(row)?;
        let names = self.chosen.as_deref().unwrap_or(T::FIELDS);
        Ok(names
            .iter()
            .map(|name| object.remove(*name).unwrap_or(Value::Null))
            .collect())
    }

    /// Writes one row.
    pub fn push(&mut self, row: &T) -> io::Result<()> {
        let values = match self.sink {
            Sink::Columns { .. } | Sink::Csv(_) | Sink::Tsv(_) => self.values(row)?,
            _ => Vec::new(),
        };
        match &mut self.sink {
            Sink::Table { table, .. } => {
                table.add_row(row.cells());
            }
            Sink::Columns { table, numeric, .. } => {
                for (is_numeric, value) in numeric.iter_mut().zip(&values) {
                    *is_numeric &= value.is_number() || value.is_null();
                }
                table.add_row(values.iter().map(text).collect::<Vec<_>>());
            }
            Sink::Json { out, first } => {
                out.write_all(if *first { b"[\n" } else { b",\n" })?;
                *first = false;
                write_json(&mut *out, row, self.chosen.as_deref())?;
            }
            Sink::Ndjson(out) => {
                write_json(&mut *out, row, self.chosen.as_deref())?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(out) => out
                .write_record(values.iter().map(|v| text(v).into_owned()))
                .map_err(csv_to_io)?,
            Sink::Tsv(out) => write_tsv_line(out, values.iter().map(text))?,
        }
        Ok(())
    }

    /// Sends what was written so far on, for output that must appear as
    /// it happens (`scan`). A table is only written by [`finish`](Self::finish).
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Table { .. } | Sink::Columns { .. } => Ok(()),
            Sink::Json { out, .. } | Sink::Ndjson(out) | Sink::Tsv(out) => out.flush(),
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
            Sink::Columns {
                mut out,
                mut table,
                numeric,
            } => {
                if !table.is_empty() {
                    for (column, is_numeric) in table.column_iter_mut().zip(numeric) {
                        if is_numeric {
                            column.set_cell_alignment(CellAlignment::Right);
                        }
                    }
                    writeln!(out, "{}", table.trim_fmt())?;
                }
                out.flush()
            }
            Sink::Json { mut out, first } => {
                out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Sink::Ndjson(mut out) | Sink::Tsv(mut out) => out.flush(),
            Sink::Csv(mut out) => out.flush(),
        }
    }
}

/// A row's JSON object: the source of every chosen field and of CSV and
/// TSV cells.
fn json_object<T: Serialize>(row: &T) -> io::Result<Map<String, Value>> {
    match serde_json::to_value(row)? {
        Value::Object(object) => Ok(object),
        other => Err(io::Error::other(format!(
            "a row is not a JSON object: {other}"
        ))),
    }
}

/// Writes the row as a JSON object: the whole of it, or only the `chosen`
/// fields in their order.
fn write_json<W: Write, T: Row>(
    mut out: W,
    row: &T,
    chosen: Option<&[&'static str]>,
) -> io::Result<()> {
    match chosen {
        None => row.write_json_to(&mut out)?,
        Some(names) => {
            let object = json_object(row)?;
            serde_json::to_writer(
                out,
                &Chosen {
                    names,
                    object: &object,
                },
            )?;
        }
    }
    Ok(())
}

/// Some of an object's fields, serialised in the order of `names` (a
/// `serde_json::Map` would sort them by name).
struct Chosen<'a> {
    names: &'a [&'static str],
    object: &'a Map<String, Value>,
}

impl Serialize for Chosen<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.names.len()))?;
        for name in self.names {
            map.serialize_entry(name, self.object.get(*name).unwrap_or(&Value::Null))?;
        }
        map.end()
    }
}

/// A JSON value as one CSV, TSV or table cell: a string as it is, null
/// empty, an array's elements joined by commas, anything else as JSON.
fn text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::String(s) => Cow::Borrowed(s),
        Value::Array(items) => Cow::Owned(items.iter().map(text).collect::<Vec<_>>().join(",")),
        other => Cow::Owned(other.to_string()),
    }
}

/// A TSV cell: backslash, tab and newline escaped as `\\`, `\t` and `\n`,
/// so every row is one line and every tab separates cells (PostgreSQL's
/// `COPY` text format; `cut`, `sort` and `awk` need no quoting rules).
#[must_use]
pub fn tsv_cell(text: &str) -> Cow<'_, str> {
    if !text.contains(['\\', '\t', '\n']) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '\t' => escaped.push_str("\\t"),
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// Writes one TSV line: the cells escaped, separated by tabs.
pub fn write_tsv_line<W: Write, S: AsRef<str>>(
    mut out: W,
    cells: impl IntoIterator<Item = S>,
) -> io::Result<()> {
    for (index, cell) in cells.into_iter().enumerate() {
        if index > 0 {
            out.write_all(b"\t")?;
        }
        out.write_all(tsv_cell(cell.as_ref()).as_bytes())?;
    }
    out.write_all(b"\n")
}

/// Items as `list` prints them.
pub type ItemWriter<W> = RowWriter<W, Item>;

/// Writes one value as a whole document: the object in JSON, one line in
/// NDJSON, header and row in CSV, a one-row table in table format.
pub fn write_one<W: Write, T: Row>(mut out: W, format: Format, row: &T) -> io::Result<()> {
    match format {
        Format::Json | Format::Ndjson => write_json_line(&mut out, row),
        Format::Table | Format::Csv | Format::Tsv => {
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
    use crate::domain::Quantity;

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
    fn an_items_hand_written_json_is_what_serde_writes() {
        use crate::domain::{Code, Location, Note, Tags, Unit};
        let mut full = item(7, "say \"hi\"\\ \u{1}\u{7f} caf\u{e9} \u{1F95B}", 9);
        full.unit = Some(Unit::parse("L").unwrap());
        full.min = Quantity::new(2);
        full.location = Some(Location::parse("garage/shelf \"2\"").unwrap());
        full.tags = Tags::parse_all(["cleaning", "Hazard"]).unwrap();
        full.code = Some(Code::parse("4006381333931").unwrap());
        full.note = Some(Note::parse("the oat one\nsecond line").unwrap());
        full.created_at = Timestamp::from_millis(-62_167_219_200_001);
        full.updated_at = Timestamp::from_millis(i64::MAX);
        for row in [item(1, "milk", 0), full] {
            let mut ours = Vec::new();
            row.write_json_to(&mut ours).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&row).unwrap()
            );
        }
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
    fn tsv_cells_escape_backslash_tab_and_newline_and_nothing_else() {
        assert_eq!(tsv_cell("say \"hi\", then go"), "say \"hi\", then go");
        assert_eq!(tsv_cell("a\\b\tc\nd"), "a\\\\b\\tc\\nd");
        let mut out = Vec::new();
        write_tsv_line(&mut out, ["x\ty", "", "z"]).unwrap();
        assert_eq!(out, b"x\\ty\t\tz\n");
    }

    #[test]
    fn chosen_fields_print_in_their_order_in_every_format() {
        let fields = Fields::parse("min,name,id", Item::FIELDS).unwrap();
        let render = |format: Format| {
            let mut out = Vec::new();
            let mut writer = ItemWriter::selected(&mut out, format, false, Some(&fields)).unwrap();
            writer.push(&item(7, "milk", 2)).unwrap();
            writer.finish().unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            render(Format::Json),
            "[\n{\"min\":null,\"name\":\"milk\",\"id\":7}\n]\n"
        );
        assert_eq!(
            render(Format::Ndjson),
            "{\"min\":null,\"name\":\"milk\",\"id\":7}\n"
        );
        assert_eq!(render(Format::Csv), "min,name,id\n,milk,7\n");
        assert_eq!(render(Format::Tsv), "\tmilk\t7\n");
        assert_eq!(render(Format::Table), "MIN  NAME  ID\n     milk   7\n");
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
