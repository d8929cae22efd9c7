//! Waiting for SQLite's locks: up to the busy timeout, and not a moment
//! longer once SIGINT or SIGTERM has asked the command to stop.
//!
//! SQLite's own busy timeout sleeps through signals (a handler that only
//! notes them leaves the process waiting the full timeout), so CountIQ
//! installs its own busy handler with the same back-off.

use std::thread;
use std::time::Duration;

/// SQLite's own back-off, in milliseconds: short sleeps first.
const DELAYS_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

/// How long the first `count` waits slept, in milliseconds.
fn slept_ms(count: usize) -> u64 {
    let early: u64 = DELAYS_MS.iter().take(count).sum();
    let late = count.saturating_sub(DELAYS_MS.len()) as u64;
    early + late * DELAYS_MS[DELAYS_MS.len() - 1]
}

/// SQLite's busy handler: `count` earlier calls for this lock. Returns
/// whether to try again (after sleeping), or give up (`SQLITE_BUSY`).
pub(super) fn wait(count: i32, timeout: Duration) -> bool {
    let count = usize::try_from(count).unwrap_or(0);
    let timeout = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
    let slept = slept_ms(count);
    if slept >= timeout || crate::signals::check().is_err() {
        return false;
    }
    let delay = DELAYS_MS
        .get(count)
        .copied()
        .unwrap_or(DELAYS_MS[DELAYS_MS.len() - 1])
        .min(timeout - slept);
    thread::sleep(Duration::from_millis(delay));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_off_adds_up_like_sqlites_and_then_waits_100_ms_at_a_time() {
        assert_eq!(slept_ms(0), 0);
        assert_eq!(slept_ms(3), 8);
        assert_eq!(slept_ms(12), 328);
        assert_eq!(slept_ms(14), 528);
    }
}
