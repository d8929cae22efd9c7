//! The input of `import` and `apply`, read through a SHA-256 digest: an
//! idempotency key guards the bytes a command read, not the path they came
//! from, so `apply -` with the same key and other content is a conflict.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Context as _;
use sha2::{Digest as _, Sha256};

use crate::domain::Error;
use crate::service::InputHash;

/// The source and the digest of every byte read from it so far, when an
/// idempotency key needs one: without a key nothing compares the digest, so
/// an import does not pay to compute it.
struct State {
    source: Box<dyn Read + Send>,
    hasher: Option<Sha256>,
}

/// A reader whose bytes are digested as they are read. Clones share the
/// source and the digest, and may be read on another thread (an import's
/// rows are read ahead on one).
#[derive(Clone)]
pub(super) struct Digested(Arc<Mutex<State>>);

/// Opens `path` for reading, through a digest when `digest` is true, `-`
/// meaning standard input. A file that cannot be read is a usage error
/// naming it, found before any transaction starts.
pub(super) fn open(path: &Path, digest: bool) -> Result<Digested, Error> {
    if path == Path::new("-") {
        return Ok(Digested::new(Box::new(io::stdin()), digest));
    }
    let shown = crate::domain::quoted(&path.display().to_string());
    let unreadable = |e: &dyn std::fmt::Display| Error::Usage(format!("cannot read {shown}: {e}"));
    let file = File::open(path).map_err(|e| unreadable(&e))?;
    match file.metadata() {
        Ok(meta) if meta.is_dir() => Err(unreadable(&"is a directory")),
        Ok(_) => Ok(Digested::new(Box::new(file), digest)),
        Err(e) => Err(unreadable(&e)),
    }
}

impl Digested {
    pub(super) fn new(source: Box<dyn Read + Send>, digest: bool) -> Self {
        Self(Arc::new(Mutex::new(State {
            source,
            hasher: digest.then(Sha256::new),
        })))
    }

    /// The shared state. A thread that panicked while reading cannot have
    /// left it half-updated in a way that matters: the command fails.
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Read for Digested {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut state = self.state();
        let n = state.source.read(buf)?;
        if let Some(hasher) = &mut state.hasher {
            hasher.update(&buf[..n]);
        }
        Ok(n)
    }
}

impl InputHash for Digested {
    /// Reads whatever is left of the input, so the digest covers all of
    /// it, and returns it in hex.
    fn finish(&self) -> Result<String, Error> {
        let mut rest = self.clone();
        io::copy(&mut rest, &mut io::sink()).context("cannot read the input")?;
        let digest = self.state().hasher.clone().map(Sha256::finalize);
        let digest = digest.ok_or_else(|| {
            Error::Internal(anyhow::anyhow!("the input was opened without a digest"))
        })?;
        let mut hex = String::with_capacity(64);
        for byte in digest {
            // Writing to a String cannot fail.
            let _ = write!(hex, "{byte:02x}");
        }
        Ok(hex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_covers_every_byte_whether_read_or_left() {
        let whole = Digested::new(Box::new(&b"hello world"[..]), true);
        let mut part = whole.clone();
        let mut first = [0; 5];
        part.read_exact(&mut first).unwrap();
        assert_eq!(
            whole.finish().unwrap(),
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        let other = Digested::new(Box::new(&b"hello worle"[..]), true);
        assert_ne!(other.finish().unwrap(), whole.finish().unwrap());
    }
}
