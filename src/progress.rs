//! Progress bars (indicatif) for each stage, drawn on stderr only when it is a terminal.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Makes progress bars, or hidden ones when progress is off or stderr is not a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    visible: bool,
}

impl Progress {
    /// Progress shown if `wanted` and stderr is a terminal.
    pub fn new(wanted: bool) -> Self {
        Progress {
            visible: wanted && std::io::stderr().is_terminal(),
        }
    }

    /// No progress at all.
    pub fn hidden() -> Self {
        Progress { visible: false }
    }

    /// A bar over `len` items.
    pub fn bar(&self, len: usize, stage: &str) -> ProgressBar {
        if !self.visible {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len as u64);
        bar.set_style(
            ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {elapsed}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(stage.to_string());
        bar
    }

    /// A spinner for a stage without a known length.
    pub fn spinner(&self, stage: &str) -> ProgressBar {
        if !self.visible {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{prefix:>10} {spinner} {msg} {elapsed}")
                .expect("valid template"),
        );
        bar.set_prefix(stage.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }
}
