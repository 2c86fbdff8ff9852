//! `themes.json`: the themes, the run's parameters and counts, the files read and the rows
//! skipped, for tools and scripts.

use std::io::{self, Write};

use super::{Report, ReportWriter};

/// Writes `themes.json`.
pub struct Json;

impl ReportWriter for Json {
    fn file_name(&self) -> &'static str {
        "themes.json"
    }

    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        out.write_all(b"\n")
    }
}
