//! The progress line of long imports and applies.

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress line on stderr for imports and applies that take more than
/// a second, only when stderr is a terminal: scripts and logs never see it.
pub(super) struct Progress {
    what: &'static str,
    enabled: bool,
    start: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    pub(super) fn new(what: &'static str) -> Self {
        Self {
            what,
            enabled: io::stderr().is_terminal(),
            start: Instant::now(),
            bar: None,
        }
    }

    pub(super) fn tick(&mut self, done: u64) {
        if !self.enabled || !done.is_multiple_of(1024) {
            return;
        }
        if self.bar.is_none() && self.start.elapsed() >= Duration::from_secs(1) {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{spinner}} {{human_pos}} {}, {{elapsed}}",
                    self.what
                ))
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }

    pub(super) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
