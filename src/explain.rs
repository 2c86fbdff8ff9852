//! Why does an answer have its themes? `teema explain OUT ID` reads the run's `responses.csv`
//! and `segments.csv` and prints the answer, its segments, each segment's codes and the
//! evidence behind each: the codebook's rule and the words it matched, or the cluster and how
//! close the segment is to its centre. A researcher can defend every code with it.

use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::report::csv::{undo_excel_safe, CsvDelimiter};

/// One answer as the run coded it.
#[derive(Debug, Clone, Serialize)]
pub struct Explained {
    pub id: String,
    pub source: String,
    pub row: String,
    pub question: String,
    pub themes: Vec<String>,
    pub cluster: String,
    pub evidence: String,
    pub text: String,
    pub segments: Vec<ExplainedSegment>,
}

/// One segment of the answer.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedSegment {
    /// From 1, in the answer's order.
    pub segment: usize,
    /// Byte offsets in the answer's text.
    pub from: usize,
    pub to: usize,
    pub text: String,
    pub themes: Vec<String>,
    pub cluster: String,
    pub similarity: String,
    pub evidence: String,
}

/// Reads a CSV the run wrote: its header and the records for which `keep(id)` holds.
fn read_rows(
    path: &Path,
    mut keep: impl FnMut(&str) -> bool,
) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let file = std::fs::File::open(path).map_err(|e| Error::run_output(path, e))?;
    let mut file = std::io::BufReader::new(file);
    // A run with `--csv-delimiter` wrote `;` or tabs.
    let start = std::io::BufRead::fill_buf(&mut file).map_err(|e| Error::run_output(path, e))?;
    let delimiter = CsvDelimiter::sniff(start).byte();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(file);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::input(path, format!("cannot read the header: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(path, e.to_string()))?;
        let id = undo_excel_safe(record.get(0).unwrap_or_default());
        if keep(id) {
            rows.push(
                record
                    .iter()
                    .map(|f| undo_excel_safe(f).to_string())
                    .collect(),
            );
        }
    }
    Ok((header, rows))
}

/// The field `name` of `row`, or "" when the column is missing.
fn field<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    header
        .iter()
        .position(|h| h == name)
        .and_then(|i| row.get(i))
        .map_or("", String::as_str)
}

fn split(themes: &str) -> Vec<String> {
    themes
        .split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// The answer `id` of the run in `out`, with its segments; `None` when there is no such id
/// (with a few ids that do exist, for the message).
pub fn explain(out: &Path, id: &str) -> Result<std::result::Result<Explained, Vec<String>>> {
    let mut examples = Vec::new();
    let (header, rows) = read_rows(&out.join("responses.csv"), |i| {
        if examples.len() < 3 {
            examples.push(i.to_string());
        }
        i == id
    })?;
    let Some(row) = rows.first() else {
        return Ok(Err(examples));
    };
    let f = |name: &str| field(&header, row, name).to_string();
    let (sheader, srows) = read_rows(&out.join("segments.csv"), |i| i == id)?;
    let text = f("text");
    let segments = srows
        .iter()
        .map(|s| {
            let g = |name: &str| field(&sheader, s, name).to_string();
            let from: usize = g("from").parse().unwrap_or(0);
            let to: usize = g("to").parse().unwrap_or(0);
            ExplainedSegment {
                segment: g("segment").parse().unwrap_or(0),
                from,
                to,
                text: g("text"),
                themes: split(&g("theme")),
                cluster: g("cluster"),
                similarity: g("similarity"),
                evidence: g("evidence"),
            }
        })
        .collect();
    Ok(Ok(Explained {
        id: f("id"),
        source: f("source"),
        row: f("row"),
        question: f("question"),
        themes: split(&f("theme")),
        cluster: f("cluster"),
        evidence: f("evidence"),
        text,
        segments,
    }))
}

/// The answer's text with each segment between `open` and `close`, numbered.
fn marked(e: &Explained, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for s in &e.segments {
        let ok = s.from >= last
            && s.to <= e.text.len()
            && e.text.is_char_boundary(s.from)
            && e.text.is_char_boundary(s.to);
        if !ok {
            continue;
        }
        out.push_str(&e.text[last..s.from]);
        out.push_str(&format!("{open}{}{close}", &e.text[s.from..s.to]));
        out.push_str(&format!("^{}", s.segment));
        last = s.to;
    }
    out.push_str(&e.text[last..]);
    out
}

/// `explain` as text: the answer with its segments marked, then each segment's codes and
/// evidence, then the answer's themes and why.
pub fn render(e: &Explained, open: &str, close: &str) -> String {
    let mut out = format!("{}  {}:{}\n{}\n\n", e.id, e.source, e.row, e.question);
    for line in marked(e, open, close).lines() {
        out.push_str(&format!("  {line}\n"));
    }
    out.push('\n');
    for s in &e.segments {
        out.push_str(&format!(
            "segment {} (bytes {}..{}): {}\n",
            s.segment,
            s.from,
            s.to,
            s.text.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
        for part in s.evidence.split(" | ").filter(|p| !p.is_empty()) {
            out.push_str(&format!("  → {part}\n"));
        }
    }
    out.push_str(&format!("\nthemes: {}\n", e.themes.join("; ")));
    for part in e.evidence.split(" | ").filter(|p| !p.is_empty()) {
        out.push_str(&format!("  {part}\n"));
    }
    out
}
