//! Reading items from `COPY ... TO STDOUT (FORMAT binary)`.
//!
//! A whole list streams faster as one `COPY` than as rows of the extended
//! protocol: no row object, column lookup or type check per value, and the
//! server writes each value with its binary send function. The format
//! (PostgreSQL's documentation, "COPY", "Binary Format"): an 11-byte
//! signature, a flags word and a header extension; then per row a 16-bit
//! field count and per field a 32-bit length (-1 for NULL) and the value;
//! a field count of -1 ends the data. Integers are big-endian; text is
//! UTF-8 (the session's client encoding).

use std::io::BufRead;

use super::errors;
use crate::domain::{Code, Error, Item, Location, Note, Quantity, Tags, Timestamp, Unit};

/// What every binary `COPY` begins with.
pub(super) const SIGNATURE: &[u8; 11] = b"PGCOPY\n\xff\r\n\0";

/// The columns [`items`] reads, in order: those of `sql::LIST_COPY_*`.
const COLUMNS: i16 = 11;

/// A binary `COPY` stream, read field by field. The server sends each row
/// as one message, which the reader hands over whole: a row's fields are
/// read from that slice, copied only where a row spans two hand-overs.
struct Fields<R> {
    input: R,
    /// Bytes taken from `input` and not read yet, from `pos` on.
    buf: Vec<u8>,
    pos: usize,
}

/// The stream is not what this reader expects: a server or schema that
/// changed under CountIQ.
fn malformed(why: &str) -> Error {
    Error::Database(format!(
        "the server's COPY of the items is malformed: {why}"
    ))
}

impl<R: BufRead> Fields<R> {
    fn new(input: R) -> Self {
        Self {
            input,
            buf: Vec::with_capacity(8 * 1024),
            pos: 0,
        }
    }

    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Result<&[u8], Error> {
        while self.buf.len() - self.pos < n {
            if self.pos == self.buf.len() {
                self.buf.clear();
            } else {
                self.buf.drain(..self.pos);
            }
            self.pos = 0;
            let chunk = self.input.fill_buf().map_err(read_error)?;
            if chunk.is_empty() {
                return Err(malformed("the data ended early"));
            }
            let len = chunk.len();
            self.buf.extend_from_slice(chunk);
            self.input.consume(len);
        }
        let bytes = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// The header: signature, flags (no OIDs), extension (skipped).
    fn header(&mut self) -> Result<(), Error> {
        if &self.bytes::<11>()? != SIGNATURE {
            return Err(malformed("no binary COPY signature"));
        }
        let flags = u32::from_be_bytes(self.bytes()?);
        if flags & (1 << 16) != 0 {
            return Err(malformed("rows carry OIDs"));
        }
        let extension = u32::from_be_bytes(self.bytes()?);
        let extension = usize::try_from(extension).map_err(|_| malformed("a huge header"))?;
        self.take(extension)?;
        Ok(())
    }

    /// The next row's field count; `None` at the end of the data.
    fn row(&mut self) -> Result<Option<i16>, Error> {
        match i16::from_be_bytes(self.bytes()?) {
            -1 => Ok(None),
            n => Ok(Some(n)),
        }
    }

    /// The next field's length; `None` for NULL.
    fn length(&mut self) -> Result<Option<usize>, Error> {
        match i32::from_be_bytes(self.bytes()?) {
            -1 => Ok(None),
            n => usize::try_from(n)
                .map(Some)
                .map_err(|_| malformed("a negative field length")),
        }
    }

    fn int8(&mut self) -> Result<Option<i64>, Error> {
        match self.length()? {
            None => Ok(None),
            Some(8) => Ok(Some(i64::from_be_bytes(self.bytes()?))),
            Some(_) => Err(malformed("a bigint that is not 8 bytes")),
        }
    }

    fn text(&mut self) -> Result<Option<String>, Error> {
        let Some(len) = self.length()? else {
            return Ok(None);
        };
        let text = std::str::from_utf8(self.take(len)?)
            .map_err(|_| malformed("text that is not UTF-8"))?;
        Ok(Some(text.to_owned()))
    }
}

fn read_error(err: std::io::Error) -> Error {
    match errors::of_copy_io(err) {
        Ok(err) => err,
        Err(err) if err.get_ref().is_none() => malformed("the data ended early"),
        Err(other) => Error::Database(format!("reading the items failed: {other}")),
    }
}

fn required<T>(value: Option<T>, what: &str) -> Result<T, Error> {
    value.ok_or_else(|| {
        Error::Database(format!(
            "a stored {what} is missing; the schema was changed"
        ))
    })
}

fn quantity(value: Option<i64>) -> Result<Option<Quantity>, Error> {
    value
        .map(|v| {
            u64::try_from(v)
                .ok()
                .and_then(Quantity::new)
                .ok_or_else(|| {
                    Error::Database(format!(
                        "a stored quantity ({v}) is out of range; the schema's checks were changed"
                    ))
                })
        })
        .transpose()
}

/// Reads the items of `owner` from a binary `COPY` of the list columns
/// (`id, name, quantity, created_at, updated_at, unit, min_quantity,
/// location, tags, code, note`) and passes each to `each`, in order.
pub fn items(
    input: impl BufRead,
    owner: &str,
    each: &mut dyn FnMut(Item) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut fields = Fields::new(input);
    fields.header()?;
    while let Some(count) = fields.row()? {
        if count != COLUMNS {
            return Err(malformed("a row with another number of columns"));
        }
        let item = Item {
            id: required(fields.int8()?, "id")?,
            owner: owner.to_owned(),
            name: required(fields.text()?, "name")?,
            quantity: required(quantity(fields.int8()?)?, "quantity")?,
            created_at: Timestamp::from_millis(required(fields.int8()?, "creation time")?),
            updated_at: Timestamp::from_millis(required(fields.int8()?, "change time")?),
            unit: fields.text()?.map(Unit::from_stored),
            min: quantity(fields.int8()?)?,
            location: fields.text()?.map(Location::from_stored),
            tags: Tags::from_stored(&required(fields.text()?, "tags")?),
            code: fields.text()?.map(Code::from_stored),
            note: fields.text()?.map(Note::from_stored),
        };
        each(item)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A binary COPY of `rows`, each field `None` for NULL.
    fn stream(rows: &[Vec<Option<Vec<u8>>>]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend(0u32.to_be_bytes());
        out.extend(4u32.to_be_bytes());
        out.extend(b"skip");
        for row in rows {
            out.extend((row.len() as i16).to_be_bytes());
            for field in row {
                match field {
                    None => out.extend((-1i32).to_be_bytes()),
                    Some(bytes) => {
                        out.extend((bytes.len() as i32).to_be_bytes());
                        out.extend(bytes);
                    }
                }
            }
        }
        out.extend((-1i16).to_be_bytes());
        out
    }

    #[allow(clippy::unnecessary_wraps)] // a field; None is NULL
    fn int(n: i64) -> Option<Vec<u8>> {
        Some(n.to_be_bytes().to_vec())
    }

    #[allow(clippy::unnecessary_wraps)] // a field; None is NULL
    fn text(s: &str) -> Option<Vec<u8>> {
        Some(s.as_bytes().to_vec())
    }

    fn read(bytes: &[u8]) -> Result<Vec<Item>, Error> {
        let mut items = Vec::new();
        items_from(bytes, &mut items)?;
        Ok(items)
    }

    fn items_from(bytes: &[u8], out: &mut Vec<Item>) -> Result<(), Error> {
        items(bytes, "me", &mut |item| {
            out.push(item);
            Ok(())
        })
    }

    fn plain_row() -> Vec<Option<Vec<u8>>> {
        vec![
            int(7),
            text("bolts"),
            int(40),
            int(1_000),
            int(2_000),
            None,
            None,
            None,
            text(""),
            None,
            None,
        ]
    }

    fn full_row() -> Vec<Option<Vec<u8>>> {
        vec![
            int(8),
            text("café"),
            int(0),
            int(5),
            int(6),
            text("kg"),
            int(3),
            text("shelf/a"),
            text("dry,red"),
            text("SKU-1"),
            text("a note"),
        ]
    }

    #[test]
    fn rows_read_as_items_with_nulls_and_details() {
        let items = read(&stream(&[plain_row(), full_row()])).unwrap();
        assert_eq!(items.len(), 2);
        let (a, b) = (&items[0], &items[1]);
        assert_eq!((a.id, a.name.as_str(), a.quantity.get()), (7, "bolts", 40));
        assert_eq!(
            (a.created_at.as_millis(), a.updated_at.as_millis()),
            (1_000, 2_000)
        );
        assert!(a.unit.is_none() && a.min.is_none() && a.location.is_none());
        assert!(a.tags.is_empty() && a.code.is_none() && a.note.is_none());
        assert_eq!(a.owner, "me");
        assert_eq!(b.unit.as_ref().map(Unit::as_str), Some("kg"));
        assert_eq!(b.min.map(Quantity::get), Some(3));
        assert_eq!(b.location.as_ref().map(Location::as_str), Some("shelf/a"));
        assert_eq!(b.tags.joined(), "dry,red");
        assert_eq!(b.code.as_ref().map(Code::as_str), Some("SKU-1"));
        assert_eq!(b.note.as_ref().map(Note::as_str), Some("a note"));
        assert!(read(&stream(&[])).unwrap().is_empty());
        // Handed over in pieces of any size, rows split anywhere.
        let whole = stream(&[plain_row(), full_row()]);
        for size in [1, 2, 3, 5, 7, 64] {
            let mut pieces = Vec::new();
            super::items(
                std::io::BufReader::with_capacity(size, &whole[..]),
                "me",
                &mut |item| {
                    pieces.push(item);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(pieces, read(&whole).unwrap(), "pieces of {size}");
        }
    }

    #[test]
    fn a_stream_that_is_not_the_expected_copy_is_an_error() {
        let good = stream(&[plain_row()]);
        let mut partial = Vec::new();
        // Cut anywhere before its end marker, the stream is an error.
        for cut in 0..good.len() - 2 {
            assert!(
                items_from(&good[..cut], &mut partial).is_err(),
                "cut at {cut}"
            );
        }
        let mut wrong = good.clone();
        wrong[0] = b'X';
        assert!(read(&wrong).is_err());
        let short_row = stream(&[vec![int(1), text("a")]]);
        assert!(read(&short_row).is_err());
        let mut row = plain_row();
        row[2] = int(-1);
        assert!(read(&stream(&[row])).is_err(), "a negative quantity");
        let mut row = plain_row();
        row[1] = Some(vec![0xff]);
        assert!(read(&stream(&[row])).is_err(), "a name that is not UTF-8");
        let mut row = plain_row();
        row[0] = Some(vec![1, 2, 3]);
        assert!(read(&stream(&[row])).is_err(), "a short bigint");
    }
}
