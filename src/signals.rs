//! SIGINT and SIGTERM: noted, not obeyed at once, so that a command stops
//! only where stopping is safe. Before COMMIT the transaction is rolled back
//! and the command exits 130 or 143 (nothing changed); once COMMIT has been
//! sent the command finishes and prints its result.

use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};

use crate::domain::{Error, Signal};

/// The signal that arrived, as its number; 0 while none has.
fn pending_slot() -> &'static Arc<AtomicUsize> {
    static PENDING: OnceLock<Arc<AtomicUsize>> = OnceLock::new();
    PENDING.get_or_init(|| Arc::new(AtomicUsize::new(0)))
}

/// Starts noting SIGINT and SIGTERM instead of dying of them.
pub fn install() -> std::io::Result<()> {
    for signal in [SIGINT, SIGTERM] {
        signal_hook::flag::register_usize(
            signal,
            Arc::clone(pending_slot()),
            usize::try_from(signal).unwrap_or(usize::MAX),
        )?;
    }
    Ok(())
}

/// The signal that asked the command to stop, if one has.
#[must_use]
pub fn pending() -> Option<Signal> {
    match pending_slot().load(Ordering::SeqCst) {
        0 => None,
        n if n == usize::try_from(SIGINT).unwrap_or(0) => Some(Signal::Interrupt),
        _ => Some(Signal::Terminate),
    }
}

/// Set once the command's COMMIT is about to be sent: from then on the
/// command finishes whatever arrives.
static COMMITTING: AtomicBool = AtomicBool::new(false);

/// Says the command is sending its COMMIT: signals no longer stop it, so
/// it prints its result and exits with its own code.
pub fn committing() {
    COMMITTING.store(true, Ordering::SeqCst);
}

/// Fails with the pending signal, if any, unless the command's COMMIT
/// has been sent: called where stopping is safe (before a commit, between
/// rows of output).
pub fn check() -> Result<(), Error> {
    if COMMITTING.load(Ordering::SeqCst) {
        return Ok(());
    }
    match pending() {
        Some(signal) => Err(Error::Stopped(signal)),
        None => Ok(()),
    }
}
