//! Pauses between tries, jittered so that processes waiting for the same
//! thing do not try again in step.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher as _, Hasher as _};
use std::time::{Duration, Instant};

/// `pause` scaled by a random factor from 0.5 to 1.5.
#[must_use]
pub fn jittered(pause: Duration) -> Duration {
    pause.mul_f64(0.5 + random_fraction())
}

/// A random number in `[0, 1)`: the standard library's hasher keys are
/// random per process.
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(Instant::now().elapsed().as_nanos() as u64);
    // 32 random bits convert to f64 exactly.
    f64::from((hasher.finish() >> 32) as u32) / f64::from(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jittered_pause_stays_within_half_and_one_and_a_half_times() {
        let pause = Duration::from_millis(100);
        let pauses: Vec<Duration> = (0..200).map(|_| jittered(pause)).collect();
        assert!(
            pauses
                .iter()
                .all(|p| *p >= pause / 2 && *p <= pause * 3 / 2)
        );
        // Not all the same: they are random.
        assert!(pauses.iter().any(|p| *p != pauses[0]));
    }
}
