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

/// Wall time and peak memory of each stage of a run (`teema run --timings FILE`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct StageTime {
    pub stage: String,
    pub seconds: f64,
    /// Peak resident memory of the run so far, at the end of the stage, in MiB (`VmHWM`,
    /// Linux): where it rises is the stage that set it. `None` where the system does not tell.
    pub peak_rss_mb: Option<f64>,
}

/// Records [`StageTime`]s: call [`Timings::mark`] at the end of each stage.
#[derive(Debug, Clone)]
pub struct Timings {
    last: std::time::Instant,
    pub stages: Vec<StageTime>,
    /// What the run reused from an earlier run's cache.
    pub cache: crate::cache::CacheStats,
    /// Of the `cluster` stage, the seconds spent counting the word tables.
    pub word_tables: f64,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            last: std::time::Instant::now(),
            stages: Vec::new(),
            cache: crate::cache::CacheStats::default(),
            word_tables: 0.0,
        }
    }
}

impl Timings {
    /// Ends the stage `stage`: records the time since the previous mark and the peak memory
    /// so far.
    pub fn mark(&mut self, stage: &str) {
        let now = std::time::Instant::now();
        self.stages.push(StageTime {
            stage: stage.to_string(),
            seconds: (now - self.last).as_secs_f64(),
            peak_rss_mb: peak_rss_bytes().map(|b| b as f64 / 1_048_576.0),
        });
        self.last = std::time::Instant::now();
    }

    /// `{"stages": [...], "seconds": total, "peak_rss_mb": max, "cache": ...,
    /// "word_tables_seconds": ...}` as pretty JSON.
    pub fn to_json(&self) -> String {
        let peak = self
            .stages
            .iter()
            .filter_map(|s| s.peak_rss_mb)
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
        serde_json::to_string_pretty(&serde_json::json!({
            "stages": self.stages,
            "seconds": self.stages.iter().map(|s| s.seconds).sum::<f64>(),
            "peak_rss_mb": peak,
            "cache": self.cache,
            "word_tables_seconds": self.word_tables,
        }))
        .expect("timings serialise")
    }
}

/// The process's peak resident memory (`VmHWM` of `/proc/self/status`), Linux only.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
