//! Rows for `COPY ... FROM STDIN (FORMAT binary)`, written into memory.
//!
//! The same format [`super::copy_out`] reads: the signature, a flags word
//! and an empty header extension; per row a 16-bit field count and per
//! field a 32-bit length (-1 for NULL) and the value, integers big-endian
//! and text as UTF-8; a field count of -1 ends the data. A batch written
//! here is whole before it is sent, so the connection can stream it on a
//! thread of its own while the command goes on (see `Session::copy_apart`).

use super::copy_out::SIGNATURE;

/// One batch of rows, as the bytes of a binary `COPY`.
#[derive(Debug)]
pub struct BinaryRows {
    bytes: Vec<u8>,
    /// The field count every row has.
    fields: i16,
    /// The fields the row being written still needs.
    missing: i16,
}

impl BinaryRows {
    /// An empty batch of rows of `fields` fields, with room for about
    /// `capacity` bytes.
    pub fn new(fields: i16, capacity: usize) -> Self {
        let mut bytes = Vec::with_capacity(capacity.max(32));
        bytes.extend_from_slice(SIGNATURE);
        bytes.extend_from_slice(&0i32.to_be_bytes()); // flags: no OIDs
        bytes.extend_from_slice(&0i32.to_be_bytes()); // no header extension
        Self {
            bytes,
            fields,
            missing: 0,
        }
    }

    /// Starts the next row.
    ///
    /// # Panics
    ///
    /// If the row before it is not complete: a bug in the caller, which
    /// the server would refuse as a malformed row.
    pub fn row(&mut self) {
        assert_eq!(self.missing, 0, "a COPY row is short of fields");
        self.bytes.extend_from_slice(&self.fields.to_be_bytes());
        self.missing = self.fields;
    }

    fn field(&mut self, value: Option<&[u8]>) {
        assert!(self.missing > 0, "a COPY row has too many fields");
        self.missing -= 1;
        match value {
            None => self.bytes.extend_from_slice(&(-1i32).to_be_bytes()),
            Some(value) => {
                let len = i32::try_from(value.len()).expect("a field under 2 GiB");
                self.bytes.extend_from_slice(&len.to_be_bytes());
                self.bytes.extend_from_slice(value);
            }
        }
    }

    /// A `bigint`, or NULL.
    pub fn int8(&mut self, value: Option<i64>) {
        self.field(
            value
                .map(i64::to_be_bytes)
                .as_ref()
                .map(<[u8; 8]>::as_slice),
        );
    }

    /// A `bigint` whose value is not known yet: its place, for
    /// [`Self::set_int8`].
    pub fn int8_later(&mut self) -> usize {
        self.int8(Some(0));
        self.bytes.len() - 8
    }

    /// The value of the `bigint` at `place`, from [`Self::int8_later`].
    pub fn set_int8(&mut self, place: usize, value: i64) {
        self.bytes[place..place + 8].copy_from_slice(&value.to_be_bytes());
    }

    /// A `text`, or NULL.
    pub fn text(&mut self, value: Option<&str>) {
        self.field(value.map(str::as_bytes));
    }

    /// The whole `COPY` data, ended.
    ///
    /// # Panics
    ///
    /// If the last row is not complete.
    pub fn finish(mut self) -> Vec<u8> {
        assert_eq!(self.missing, 0, "a COPY row is short of fields");
        self.bytes.extend_from_slice(&(-1i16).to_be_bytes());
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_in_the_binary_copy_format() {
        let mut rows = BinaryRows::new(3, 0);
        rows.row();
        rows.int8(Some(-2));
        rows.text(Some("é"));
        rows.text(None);
        rows.row();
        rows.int8(None);
        rows.text(Some(""));
        rows.int8(Some(1 << 40));
        let mut expected = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0".to_vec();
        expected.extend_from_slice(&[0, 3]);
        expected.extend_from_slice(&[0, 0, 0, 8, 255, 255, 255, 255, 255, 255, 255, 254]);
        expected.extend_from_slice(&[0, 0, 0, 2, 0xc3, 0xa9]);
        expected.extend_from_slice(&[255, 255, 255, 255]);
        expected.extend_from_slice(&[0, 3]);
        expected.extend_from_slice(&[255, 255, 255, 255]);
        expected.extend_from_slice(&[0, 0, 0, 0]);
        expected.extend_from_slice(&[0, 0, 0, 8, 0, 0, 1, 0, 0, 0, 0, 0]);
        expected.extend_from_slice(&[255, 255]);
        assert_eq!(rows.finish(), expected);
    }

    #[test]
    fn a_value_written_later_takes_its_place() {
        let mut later = BinaryRows::new(2, 0);
        later.row();
        let place = later.int8_later();
        later.text(Some("x"));
        later.set_int8(place, 7);
        let mut now = BinaryRows::new(2, 0);
        now.row();
        now.int8(Some(7));
        now.text(Some("x"));
        assert_eq!(later.finish(), now.finish());
    }

    #[test]
    fn no_rows_is_a_header_and_an_end() {
        let rows = BinaryRows::new(13, 0);
        assert_eq!(
            rows.finish(),
            b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0\xff\xff".to_vec()
        );
    }

    #[test]
    #[should_panic(expected = "short of fields")]
    fn a_short_row_is_a_bug() {
        let mut rows = BinaryRows::new(2, 0);
        rows.row();
        rows.int8(Some(1));
        rows.row();
    }

    #[test]
    #[should_panic(expected = "too many fields")]
    fn a_long_row_is_a_bug() {
        let mut rows = BinaryRows::new(1, 0);
        rows.row();
        rows.int8(Some(1));
        rows.text(Some("x"));
    }
}
