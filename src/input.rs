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
                // A UTF-8 byte order mark: look past it.
                0xEF => {
                    reader.consume(pos);
                    skip_bom(reader)?;
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
pub fn import_rows<'a, R: BufRead + 'a>(
    mut reader: R,
    format: InputFormat,
) -> Box<dyn Iterator<Item = Result<Numbered<ImportRow>, Error>> + 'a> {
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
                serde_json::from_slice(text)
                    .map(|record| (line, record))
                    .map_err(|e| invalid(line, json_message(&e))),
            );
        }
    })
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
                    let row = serde_json::from_slice(&bytes)
                        .map_err(|e| invalid(line, json_message(&e)))?;
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

/// CSV rows with a header naming the fields (RFC 4180, CRLF or LF).
fn csv_rows<'a, R: Read + 'a>(
    reader: R,
) -> Box<dyn Iterator<Item = Result<Numbered<ImportRow>, Error>> + 'a> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(reader);
    let header = match csv.headers() {
        Ok(header) if header.iter().any(|field| field == "name") => header.clone(),
        Ok(header) if header.is_empty() => {
            return Box::new(std::iter::once(Err(invalid(
                1,
                "the input is empty; expected a CSV header with a \"name\" column",
            ))));
        }
        Ok(_) => {
            return Box::new(std::iter::once(Err(invalid(
                1,
                "the CSV header has no \"name\" column",
            ))));
        }
        Err(err) => return Box::new(std::iter::once(Err(invalid(1, err)))),
    };
    let mut failed = false;
    Box::new(csv.into_records().map_while(move |record| {
        if failed {
            return None;
        }
        let row = record
            .map_err(|e| invalid(e.position().map_or(0, csv::Position::line), e))
            .and_then(|record| {
                let line = record.position().map_or(0, csv::Position::line);
                record
                    .deserialize::<ImportRow>(Some(&header))
                    .map(|row| (line, row))
                    .map_err(|e| invalid(line, e))
            });
        failed = row.is_err();
        Some(row)
    }))
}
