//! Work read ahead on a thread of its own: an import's rows are read,
//! parsed and checked beside the transaction that writes them, instead of
//! between its batches.

use crate::domain::Error;

/// Rows a reader thread sends at once: few enough to keep memory flat,
/// many enough that handing them over costs nothing per row.
const READ_AHEAD_CHUNK: usize = 512;

/// Chunks the reader thread may be ahead of the rows taken.
const READ_AHEAD_CHUNKS: usize = 4;

/// What the reader thread hands over.
enum Ahead<T> {
    Rows(Vec<T>),
    /// The rows ended: without it, a thread that stopped half-way (a
    /// panic) would look like the end of the input.
    End,
}

/// `rows`, read and parsed on a thread of their own while the caller works
/// on those already read: an import's parsing and checking run beside
/// its database work instead of between its batches. At most
/// `READ_AHEAD_CHUNK * (READ_AHEAD_CHUNKS + 2)` rows are held at once.
///
/// The thread starts at the first row taken, so that a caller that takes
/// none (an import replayed for its idempotency key, whose digest reads
/// the input itself) has nothing reading beside it. Rows come in their
/// order, each error in its place. A caller that stops early leaves the
/// thread to stop at its next hand-over (or at exit, if it waits for
/// input that never comes).
pub fn read_ahead<T: Send + 'static>(
    rows: impl Iterator<Item = Result<T, Error>> + Send + 'static,
) -> impl Iterator<Item = Result<T, Error>> {
    ReadAhead {
        unstarted: Some(Box::new(rows)),
        from: None,
        chunk: Vec::new().into_iter(),
        ended: false,
    }
}

type Rows<T> = Box<dyn Iterator<Item = Result<T, Error>> + Send>;

struct ReadAhead<T> {
    unstarted: Option<Rows<T>>,
    from: Option<std::sync::mpsc::Receiver<Ahead<Result<T, Error>>>>,
    chunk: std::vec::IntoIter<Result<T, Error>>,
    ended: bool,
}

impl<T: Send + 'static> ReadAhead<T> {
    fn start(
        mut rows: Rows<T>,
    ) -> std::io::Result<std::sync::mpsc::Receiver<Ahead<Result<T, Error>>>> {
        let (to, from) = std::sync::mpsc::sync_channel(READ_AHEAD_CHUNKS);
        std::thread::Builder::new()
            .name("input".to_owned())
            .spawn(move || {
                loop {
                    let chunk: Vec<_> = rows.by_ref().take(READ_AHEAD_CHUNK).collect();
                    let last = chunk.len() < READ_AHEAD_CHUNK;
                    if !chunk.is_empty() && to.send(Ahead::Rows(chunk)).is_err() {
                        return;
                    }
                    if last {
                        // The receiver may be gone: then nobody waits.
                        let _ = to.send(Ahead::End);
                        return;
                    }
                }
            })?;
        Ok(from)
    }
}

impl<T: Send + 'static> Iterator for ReadAhead<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.chunk.next() {
                return Some(row);
            }
            if self.ended {
                return None;
            }
            if let Some(rows) = self.unstarted.take() {
                match Self::start(rows) {
                    Ok(from) => self.from = Some(from),
                    Err(err) => {
                        self.ended = true;
                        return Some(Err(Error::Internal(
                            anyhow::Error::new(err).context("cannot start reading the input"),
                        )));
                    }
                }
            }
            match self.from.as_ref().map(std::sync::mpsc::Receiver::recv) {
                Some(Ok(Ahead::Rows(rows))) => self.chunk = rows.into_iter(),
                Some(Ok(Ahead::End)) | None => {
                    self.ended = true;
                    return None;
                }
                Some(Err(std::sync::mpsc::RecvError)) => {
                    self.ended = true;
                    return Some(Err(Error::Internal(anyhow::anyhow!(
                        "reading the input stopped before its end"
                    ))));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    /// Numbers 1..=n, with an error in place of each multiple of 7.
    fn numbers(n: u64) -> impl Iterator<Item = Result<u64, Error>> + Send {
        (1..=n).map(|i| {
            if i % 7 == 0 {
                Err(Error::Invalid(format!("line {i}")))
            } else {
                Ok(i)
            }
        })
    }

    fn shown(rows: impl Iterator<Item = Result<u64, Error>>) -> Vec<Result<u64, String>> {
        rows.map(|r| r.map_err(|e| e.to_string())).collect()
    }

    #[test]
    fn rows_read_ahead_come_in_order_with_each_error_in_its_place() {
        for n in [0, 1, 511, 512, 513, 5 * 512 + 3] {
            assert_eq!(shown(read_ahead(numbers(n))), shown(numbers(n)), "{n} rows");
        }
    }

    #[test]
    fn rows_are_not_read_ahead_before_the_first_is_taken() {
        use std::sync::atomic::{AtomicBool, Ordering};
        static READ: AtomicBool = AtomicBool::new(false);
        let rows = std::iter::from_fn(|| {
            READ.store(true, Ordering::SeqCst);
            Some(Ok(1_u64))
        });
        let mut ahead = read_ahead(rows);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!READ.load(Ordering::SeqCst));
        assert_eq!(ahead.next().unwrap().unwrap(), 1);
        assert!(READ.load(Ordering::SeqCst));
    }

    #[test]
    fn a_reader_that_stops_half_way_is_an_error_not_the_end_of_the_input() {
        let rows = numbers(2000).map(|row| {
            assert!(!matches!(row, Ok(1500)), "a reader that fails at row 1500");
            row
        });
        let taken: Vec<Result<u64, Error>> = read_ahead(rows).collect();
        let last = taken.last().unwrap().as_ref().unwrap_err();
        assert_eq!(last.kind(), ErrorKind::Internal);
        assert!(last.to_string().contains("before its end"), "{last}");
        // The rows handed over before the reader stopped all arrived.
        assert_eq!(taken.len(), 1024 + 1);
    }

    #[test]
    fn a_reader_whose_rows_are_no_longer_wanted_stops() {
        use std::sync::atomic::{AtomicBool, Ordering};
        static STOPPED: AtomicBool = AtomicBool::new(false);
        struct Stops;
        impl Drop for Stops {
            fn drop(&mut self) {
                STOPPED.store(true, Ordering::SeqCst);
            }
        }
        let guard = Stops;
        // Endless rows: only the reader's own stop ends them.
        let rows = std::iter::repeat_with(move || {
            let _ = &guard;
            Ok(1_u64)
        });
        let mut ahead = read_ahead(rows);
        assert_eq!(ahead.next().unwrap().unwrap(), 1);
        drop(ahead);
        let waited = std::time::Instant::now();
        while !STOPPED.load(Ordering::SeqCst) {
            assert!(waited.elapsed().as_secs() < 30, "the reader did not stop");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}
