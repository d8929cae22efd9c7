//! Reading import files and apply batches as streams of numbered records.
//!
//! Nothing here holds more than one record in memory, so an import of a
//! million rows uses as much memory as an import of ten. Every record
//! carries the line it starts on, so errors can name it.

use std::io::{BufRead, Read};

use serde::de::DeserializeOwned;

use crate::domain::{Error, ImportRow};

/// The longest record accepted: a line (NDJSON) or an array element (JSON).
/// Anything longer cannot be a valid item (names are at most 120
/// characters) and would otherwise be read into memory whole.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// A JSON array of objects, as `export --format json` writes.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// CSV with a header row.
    Csv,
}

impl InputFormat {
    /// The format a file name implies, if its extension says.
    #[must_use]
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Self::Json),
            "ndjson" | "jsonl" => Some(Self::Ndjson),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    /// Guesses the format from the first byte that is not whitespace:
    /// `[` is JSON, `{` is NDJSON, anything else CSV.
    pub fn sniff(reader: &mut impl BufRead) -> std::io::Result<Self> {
        loop {
            let buf = reader.fill_buf()?;
            let Some(pos) = buf.iter().position(|b| !b.is_ascii_whitespace()) else {
                if buf.is_empty() {
                    return Ok(Self::Ndjson);
                }
                let len = buf.len();
                reader.consume(len);
                continue;
            };
            return Ok(match buf[pos] {
                b'[' => Self::Json,
                b'{' => Self::Ndjson,
                // A UTF-8 byte order mark: look past it. Any other 0xEF
                // is not JSON, so it is read as CSV (and rejected there).
                0xEF if buf[pos..].starts_with(b"\xEF\xBB\xBF") => {
                    reader.consume(pos + 3);
                    return Self::sniff(reader);
                }
                _ => Self::Csv,
            });
        }
    }
}

/// A record and the line it starts on (from 1).
pub type Numbered<T> = (u64, T);

fn invalid(line: u64, message: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("line {line}: {message}"))
}

fn io_error(err: std::io::Error) -> Error {
    Error::Internal(anyhow::Error::new(err).context("cannot read the input"))
}

fn skip_bom(reader: &mut impl BufRead) -> std::io::Result<()> {
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

/// Import rows from `reader` in `format`, one at a time.
pub fn import_rows<'a, R: BufRead + Send + 'a>(
    mut reader: R,
    format: InputFormat,
) -> Box<dyn Iterator<Item = Result<Numbered<ImportRow>, Error>> + Send + 'a> {
    if let Err(err) = skip_bom(&mut reader) {
        return Box::new(std::iter::once(Err(io_error(err))));
    }
    match format {
        InputFormat::Ndjson => Box::new(ndjson(reader)),
        InputFormat::Json => Box::new(JsonArray::new(reader)),
        InputFormat::Csv => csv_rows(reader),
    }
}

/// NDJSON records: one JSON object per line; blank lines are skipped and a
/// trailing `\r` (CRLF files) is ignored.
pub fn ndjson<T: DeserializeOwned, R: BufRead>(
    reader: R,
) -> impl Iterator<Item = Result<Numbered<T>, Error>> {
    let mut lines = Lines {
        reader,
        line: 0,
        done: false,
    };
    std::iter::from_fn(move || {
        loop {
            let (line, bytes) = match lines.next()? {
                Ok(next) => next,
                Err(err) => return Some(Err(err)),
            };
            let text = bytes.strip_suffix(b"\r").unwrap_or(&bytes);
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(
                object(text)
                    .map(|record| (line, record))
                    .map_err(|e| invalid(line, e)),
            );
        }
    })
}

/// Reads one record, which must be a JSON object: serde would also read a
/// struct from an array of its fields in order, which no export writes.
fn object<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Err("expected a JSON object".to_owned());
    }
    serde_json::from_slice(bytes).map_err(|e| json_message(&e))
}

/// serde's message without its own "at line 1 column 9" (ours names the
/// file's line; the column is kept).
fn json_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => format!("{} (column {})", &text[..at], err.column()),
        None => text,
    }
}

/// Lines of at most [`MAX_RECORD_BYTES`], numbered from 1.
struct Lines<R> {
    reader: R,
    line: u64,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    fn next(&mut self) -> Option<Result<(u64, Vec<u8>), Error>> {
        if self.done {
            return None;
        }
        self.line += 1;
        let mut bytes = Vec::new();
        let limit = (MAX_RECORD_BYTES + 1) as u64;
        match (&mut self.reader).take(limit).read_until(b'\n', &mut bytes) {
            Ok(0) => {
                self.done = true;
                None
            }
            Ok(n) if n > MAX_RECORD_BYTES && !bytes.ends_with(b"\n") => {
                self.done = true;
                Some(Err(invalid(
                    self.line,
                    format!("the line is longer than {MAX_RECORD_BYTES} bytes"),
                )))
            }
            Ok(_) => {
                if bytes.ends_with(b"\n") {
                    bytes.pop();
                }
                Some(Ok((self.line, bytes)))
            }
            Err(err) => {
                self.done = true;
                Some(Err(io_error(err)))
            }
        }
    }
}

/// The elements of one JSON array, read one at a time: a small scanner
/// finds where each element ends (tracking strings, escapes and nesting),
/// then serde reads just that element.
struct JsonArray<R> {
    reader: R,
    line: u64,
    state: ArrayState,
}

#[derive(PartialEq, Eq)]
enum ArrayState {
    Start,
    Element,
    Done,
}

impl<R: BufRead> JsonArray<R> {
    fn new(reader: R) -> Self {
        Self {
            reader,
            line: 1,
            state: ArrayState::Start,
        }
    }

    fn peek(&mut self) -> Result<Option<u8>, Error> {
        Ok(self.reader.fill_buf().map_err(io_error)?.first().copied())
    }

    fn bump(&mut self) {
        self.reader.consume(1);
    }

    fn skip_whitespace(&mut self) -> Result<Option<u8>, Error> {
        while let Some(b) = self.peek()? {
            if !b.is_ascii_whitespace() {
                return Ok(Some(b));
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.bump();
        }
        Ok(None)
    }

    /// Reads one element's bytes, starting at a non-whitespace byte.
    fn element(&mut self) -> Result<Vec<u8>, Error> {
        let start = self.line;
        let mut bytes = Vec::new();
        let (mut depth, mut in_string, mut escaped) = (0_usize, false, false);
        loop {
            let Some(b) = self.peek()? else {
                return Err(invalid(
                    start,
                    "the JSON array ends in the middle of an element",
                ));
            };
            if !in_string && depth == 0 && (b == b',' || b == b']' || b.is_ascii_whitespace()) {
                return Ok(bytes);
            }
            self.bump();
            if b == b'\n' {
                self.line += 1;
            }
            bytes.push(b);
            if bytes.len() > MAX_RECORD_BYTES {
                return Err(invalid(
                    start,
                    format!("the element is longer than {MAX_RECORD_BYTES} bytes"),
                ));
            }
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(bytes);
                    }
                }
                _ => {}
            }
        }
    }

    fn next_record(&mut self) -> Result<Option<Numbered<ImportRow>>, Error> {
        loop {
            match self.state {
                ArrayState::Done => return Ok(None),
                ArrayState::Start => match self.skip_whitespace()? {
                    Some(b'[') => {
                        self.bump();
                        self.state = ArrayState::Element;
                        if self.skip_whitespace()? == Some(b']') {
                            self.bump();
                            return self.end();
                        }
                    }
                    Some(_) => return Err(invalid(self.line, "expected a JSON array of items")),
                    None => {
                        return Err(invalid(
                            self.line,
                            "the input is empty; expected a JSON array of items",
                        ));
                    }
                },
                ArrayState::Element => {
                    let Some(_) = self.skip_whitespace()? else {
                        return Err(invalid(self.line, "the JSON array is not closed"));
                    };
                    let line = self.line;
                    let bytes = self.element()?;
                    let row = object(&bytes).map_err(|e| invalid(line, e))?;
                    match self.skip_whitespace()? {
                        Some(b',') => self.bump(),
                        Some(b']') => {
                            self.bump();
                            self.state = ArrayState::Done;
                            self.end()?;
                        }
                        Some(_) => {
                            return Err(invalid(self.line, "expected , or ] after an element"));
                        }
                        None => return Err(invalid(self.line, "the JSON array is not closed")),
                    }
                    return Ok(Some((line, row)));
                }
            }
        }
    }

    /// After the closing `]` only whitespace may follow.
    fn end(&mut self) -> Result<Option<Numbered<ImportRow>>, Error> {
        self.state = ArrayState::Done;
        match self.skip_whitespace()? {
            None => Ok(None),
            Some(_) => Err(invalid(self.line, "unexpected data after the JSON array")),
        }
    }
}

impl<R: BufRead> Iterator for JsonArray<R> {
    type Item = Result<Numbered<ImportRow>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_record() {
            Ok(record) => record.map(Ok),
            Err(err) => {
                self.state = ArrayState::Done;
                Some(Err(err))
            }
        }
    }
}

/// A CSV reading error, naming its line (our own length limit names it in
/// its message; the parser's errors carry a position).
fn csv_error(err: csv::Error) -> Error {
    match err.position().map(csv::Position::line) {
        Some(line) => invalid(line, err),
        None => match err.into_kind() {
            csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
                Error::Invalid(io.to_string())
            }
            csv::ErrorKind::Io(io) => io_error(io),
            other => Error::Invalid(format!("{other:?}")),
        },
    }
}

/// CSV rows with a header naming the fields (RFC 4180, CRLF or LF).
fn csv_rows<'a, R: BufRead + Send + 'a>(
    reader: R,
) -> Box<dyn Iterator<Item = Result<Numbered<ImportRow>, Error>> + Send + 'a> {
    let reader = LineLimit {
        inner: reader,
        line: 1,
        line_bytes: 0,
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(reader);
    let header = match csv.headers() {
        Ok(header) if header.iter().any(|field| REFERENCES.contains(&field)) => header.clone(),
        Ok(header) if header.is_empty() => {
            return Box::new(std::iter::once(Err(invalid(
                1,
                "the input is empty; expected a CSV header with a \"name\" column",
            ))));
        }
        Ok(_) => {
            return Box::new(std::iter::once(Err(invalid(
                1,
                "the CSV header has no \"name\" column (nor \"id\" or \"code\")",
            ))));
        }
        Err(err) => return Box::new(std::iter::once(Err(csv_error(err)))),
    };
    let (header, tags) = set_tags_apart(&header);
    let mut failed = false;
    Box::new(csv.into_records().map_while(move |record| {
        if failed {
            return None;
        }
        let row = record.map_err(csv_error).and_then(|record| {
            let line = record.position().map_or(0, csv::Position::line);
            let mut row = record
                .deserialize::<ImportRow>(Some(&header))
                .map_err(|e| invalid(line, e))?;
            row.tags = tags.and_then(|column| record.get(column)).map(split_tags);
            Ok((line, row))
        });
        failed = row.is_err();
        Some(row)
    }))
}

/// The CSV columns that name a row's item; a header needs one of them.
const REFERENCES: [&str; 3] = ["name", "id", "code"];

/// The header serde reads rows by, with the `tags` column renamed so that
/// serde leaves it alone, and that column's position: CSV holds the tags
/// joined by commas, where JSON has an array.
fn set_tags_apart(header: &csv::StringRecord) -> (csv::StringRecord, Option<usize>) {
    let column = header.iter().position(|field| field == "tags");
    let renamed = header
        .iter()
        .map(|field| if field == "tags" { "" } else { field })
        .collect();
    (renamed, column)
}

/// A CSV `tags` field: the tags joined by commas; empty is none.
fn split_tags(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|tag| !tag.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Fails a read once a line grows past [`MAX_RECORD_BYTES`], so that a CSV
/// field cannot make the reader hold an unbounded record in memory; and
/// turns CRLF line ends into LF, so that the CSV reader numbers lines as
/// the file's author sees them.
struct LineLimit<R> {
    inner: R,
    line: u64,
    line_bytes: usize,
}

impl<R: BufRead> LineLimit<R> {
    /// The next byte, with a `\r` that ends a line left out.
    fn next_byte(&mut self) -> std::io::Result<Option<u8>> {
        let Some(&b) = self.inner.fill_buf()?.first() else {
            return Ok(None);
        };
        self.inner.consume(1);
        if b == b'\r' && self.inner.fill_buf()?.first() == Some(&b'\n') {
            self.inner.consume(1);
            return Ok(Some(b'\n'));
        }
        Ok(Some(b))
    }
}

impl<R: BufRead> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            let Some(b) = self.next_byte()? else { break };
            buf[n] = b;
            n += 1;
            if b == b'\n' {
                self.line += 1;
                self.line_bytes = 0;
                // Hand the line over: the reader counts lines from here.
                break;
            }
            self.line_bytes += 1;
            if self.line_bytes > MAX_RECORD_BYTES {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "line {}: the line is longer than {MAX_RECORD_BYTES} bytes",
                        self.line
                    ),
                ));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    /// A row as (line, name, quantity), or the error's message.
    type Parsed = Result<(u64, String, Option<u64>), String>;

    fn rows(text: &str, format: InputFormat) -> Vec<Parsed> {
        import_rows(text.as_bytes(), format)
            .map(|r| {
                r.map(|(line, row)| (line, row.name.unwrap_or_default(), row.quantity))
                    .map_err(|e| e.to_string())
            })
            .collect()
    }

    #[test]
    fn json_array_elements_carry_the_line_they_start_on() {
        let text =
            "[\n{\"name\":\"a\",\"quantity\":1},\n\n  {\"name\":\"b\",\n \"quantity\":2}\n]\n";
        assert_eq!(
            rows(text, InputFormat::Json),
            [
                Ok((2, "a".to_owned(), Some(1))),
                Ok((4, "b".to_owned(), Some(2)))
            ]
        );
        assert_eq!(rows("[]", InputFormat::Json), []);
        assert_eq!(rows("[ ]\n", InputFormat::Json), []);
    }

    #[test]
    fn strings_with_brackets_and_escapes_do_not_confuse_the_scanner() {
        let text = r#"[{"name":"a \"]},{\" b","quantity":3}]"#;
        assert_eq!(
            rows(text, InputFormat::Json),
            [Ok((1, "a \"]},{\" b".to_owned(), Some(3)))]
        );
    }

    #[test]
    fn malformed_json_arrays_are_invalid_and_name_a_line() {
        let table = [
            (
                "",
                "line 1: the input is empty; expected a JSON array of items",
            ),
            ("{\"name\":\"a\"}", "line 1: expected a JSON array of items"),
            (
                "[{\"name\":\"a\"},\n{\"name\":",
                "line 2: the JSON array ends in the middle of an element",
            ),
            (
                "[{\"name\":\"a\"}\n",
                "line 2: the JSON array is not closed",
            ),
            (
                "[{\"name\":\"a\"}] x",
                "line 1: unexpected data after the JSON array",
            ),
            ("[[\"a\", 1]]", "line 1: expected a JSON object"),
        ];
        for (text, message) in table {
            let got = rows(text, InputFormat::Json);
            assert_eq!(got.last(), Some(&Err(message.to_owned())), "{text:?}");
        }
    }

    #[test]
    fn ndjson_skips_blank_lines_accepts_crlf_and_a_bom() {
        let text = "\u{feff}{\"name\":\"a\"}\r\n\r\n{\"name\":\"b\",\"quantity\":5}\r\n";
        assert_eq!(
            rows(text, InputFormat::Ndjson),
            [
                Ok((1, "a".to_owned(), None)),
                Ok((3, "b".to_owned(), Some(5)))
            ]
        );
    }

    #[test]
    fn records_longer_than_the_limit_are_invalid_without_being_read_whole() {
        let long = format!("{{\"name\":\"{}\"}}\n", "x".repeat(MAX_RECORD_BYTES + 10));
        let got = rows(&long, InputFormat::Ndjson);
        assert_eq!(
            got,
            [Err(format!(
                "line 1: the line is longer than {MAX_RECORD_BYTES} bytes"
            ))]
        );
        let csv = format!("name\n{}\n", "x".repeat(MAX_RECORD_BYTES + 10));
        let got = rows(&csv, InputFormat::Csv);
        assert_eq!(
            got,
            [Err(format!(
                "line 2: the line is longer than {MAX_RECORD_BYTES} bytes"
            ))]
        );
    }

    #[test]
    fn csv_rows_need_a_name_column_and_name_their_line() {
        assert_eq!(
            rows("name,quantity\nmilk,2\n\"oat, milk\",3\n", InputFormat::Csv),
            [
                Ok((2, "milk".to_owned(), Some(2))),
                Ok((3, "oat, milk".to_owned(), Some(3)))
            ]
        );
        let got = rows("item,quantity\nmilk,2\n", InputFormat::Csv);
        assert_eq!(
            got,
            [Err(
                "line 1: the CSV header has no \"name\" column (nor \"id\" or \"code\")".to_owned()
            )]
        );
        let got = rows("name,quantity\nmilk,abc\n", InputFormat::Csv);
        assert!(
            got[0].as_ref().unwrap_err().starts_with("line 2: "),
            "{got:?}"
        );
        let err = import_rows("".as_bytes(), InputFormat::Csv)
            .next()
            .unwrap()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }

    #[test]
    fn csv_tags_are_one_column_joined_by_commas_and_json_tags_an_array() {
        let tags = |text: &str, format| -> Vec<Option<Vec<String>>> {
            import_rows(text.as_bytes(), format)
                .map(|r| r.unwrap().1.tags)
                .collect()
        };
        let list = |tags: &[&str]| Some(tags.iter().map(|t| (*t).to_owned()).collect());
        assert_eq!(
            tags(
                "name,tags,code\nmilk,\"cold,dairy\",007\ntea,,\n",
                InputFormat::Csv
            ),
            [list(&["cold", "dairy"]), list(&[])]
        );
        assert_eq!(
            tags("name\nmilk\n", InputFormat::Csv),
            [None],
            "no tags column"
        );
        assert_eq!(
            tags(
                "{\"name\":\"milk\",\"tags\":[\"007\",\"a\"]}\n{\"name\":\"tea\",\"tags\":null}\n",
                InputFormat::Ndjson
            ),
            [list(&["007", "a"]), None]
        );
        // A code of digits keeps its leading zeros, in CSV as in JSON.
        let code = import_rows("code,quantity\n007,2\n".as_bytes(), InputFormat::Csv)
            .next()
            .unwrap()
            .unwrap()
            .1;
        assert_eq!((code.code.as_deref(), code.name), (Some("007"), None));
        let err = import_rows(
            "{\"name\":\"milk\",\"tags\":\"a,b\"}\n".as_bytes(),
            InputFormat::Ndjson,
        )
        .next()
        .unwrap()
        .unwrap_err();
        assert!(err.to_string().starts_with("line 1: invalid type"), "{err}");
    }

    #[test]
    fn a_lone_byte_order_mark_byte_does_not_stop_sniffing() {
        for text in [
            &b"\xefxyz"[..],
            b"\xef",
            b"\xef\xbb\xbf\xefx",
            b"  \xef\xbb",
        ] {
            let mut reader = text;
            assert_eq!(
                InputFormat::sniff(&mut reader).unwrap(),
                InputFormat::Csv,
                "{text:?}"
            );
        }
    }

    #[test]
    fn csv_rows_with_crlf_line_ends_name_the_right_line() {
        let got = rows("name,quantity\r\na,1\r\nb,x\r\n", InputFormat::Csv);
        assert_eq!(got[0], Ok((2, "a".to_owned(), Some(1))));
        assert!(
            got[1].as_ref().unwrap_err().starts_with("line 3: "),
            "{got:?}"
        );
        // A CR that ends no line is data.
        assert_eq!(
            rows("name\n\"a\rb\"\n", InputFormat::Csv),
            [Ok((2, "a\rb".to_owned(), None))]
        );
    }

    #[test]
    fn the_format_is_sniffed_from_the_first_byte() {
        for (text, format) in [
            ("  [", InputFormat::Json),
            ("\n{", InputFormat::Ndjson),
            ("name,quantity", InputFormat::Csv),
            ("\u{feff}[", InputFormat::Json),
            ("", InputFormat::Ndjson),
        ] {
            let mut reader = text.as_bytes();
            assert_eq!(InputFormat::sniff(&mut reader).unwrap(), format, "{text:?}");
        }
    }
}
