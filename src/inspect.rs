//! `teema inspect`: what ingest sees in every file, before a run: format, encoding, delimiter,
//! header rows, each column's role, and where every row went.

use std::fmt::Write;

use crate::ingest::{Corpus, FileReport, FileStatus, Role};

/// The plain-text description of every file and the totals.
pub fn render(corpus: &Corpus) -> String {
    let mut out = String::new();
    for f in &corpus.files {
        file(&mut out, f, corpus);
    }
    let c = corpus.row_counts();
    let _ = writeln!(
        out,
        "total: {} file(s) read, {} duplicate, {} skipped, {} unreadable",
        corpus.files_with(FileStatus::Read),
        corpus.files_with(FileStatus::Duplicate),
        corpus.files_with(FileStatus::Skipped),
        corpus.files_with(FileStatus::Failed),
    );
    let _ = writeln!(
        out,
        "       {}",
        rows_line(c.rows, c.ingested, c.empty, c.duplicate, c.skipped)
    );
    let _ = writeln!(
        out,
        "       {} answers ({} duplicate answers left out)",
        corpus.answers.len(),
        c.answers_duplicate
    );
    out
}

/// What was decided about every column of a file read, and why, on one line:
/// `"Rooli" metadata: 3 distinct values in 200 rows; "Vastaus" text: long varied answers (…)`.
pub fn columns_line(f: &FileReport) -> Option<String> {
    if f.status != FileStatus::Read || f.columns.is_empty() {
        return None;
    }
    let parts: Vec<String> = f
        .columns
        .iter()
        .map(|c| format!("{:?} {}", c.name, c.reason))
        .collect();
    Some(parts.join("; "))
}

/// `230 rows: 220 ingested, 5 empty, 3 duplicate, 2 skipped`.
pub fn rows_line(
    rows: usize,
    ingested: usize,
    empty: usize,
    duplicate: usize,
    skipped: usize,
) -> String {
    format!(
        "{rows} rows: {ingested} ingested, {empty} empty, {duplicate} duplicate, {skipped} skipped"
    )
}

fn file(out: &mut String, f: &FileReport, corpus: &Corpus) {
    let status = match f.status {
        FileStatus::Read => "",
        FileStatus::Duplicate => "  [duplicate]",
        FileStatus::Skipped => "  [skipped]",
        FileStatus::Failed => "  [not read]",
    };
    let _ = writeln!(out, "{}{status}", f.source);
    if let Some(reason) = &f.reason {
        let _ = writeln!(out, "  {reason}");
    }
    // A file whose columns were never seen has nothing more to show; a duplicate, its rows.
    let columns_seen = match f.status {
        FileStatus::Read => true,
        FileStatus::Failed => !f.columns.is_empty(),
        FileStatus::Duplicate => {
            let _ = writeln!(
                out,
                "  {}",
                rows_line(f.rows, f.ingested, f.empty, f.duplicate, f.skipped)
            );
            false
        }
        FileStatus::Skipped => false,
    };
    if !columns_seen {
        let _ = writeln!(out);
        return;
    }
    let mut how = vec![f.format.to_uppercase()];
    how.extend(f.encoding.clone());
    how.extend(f.delimiter.as_ref().map(|d| match d.as_str() {
        "tab" => "delimiter tab".to_string(),
        d => format!("delimiter \"{d}\""),
    }));
    how.extend(f.layout.clone());
    let _ = writeln!(out, "  {}", how.join(", "));
    for (i, c) in f.columns.iter().enumerate() {
        let role = match c.role {
            Role::Id => "id",
            Role::Question => "question",
            Role::Text => "text",
            Role::Meta => "meta",
        };
        let question = if c.question != c.name {
            format!("  \"{}\"", c.question)
        } else {
            String::new()
        };
        let reason = if c.reason.is_empty() {
            String::new()
        } else {
            format!("  ({})", c.reason)
        };
        let _ = writeln!(
            out,
            "  {:>3}  {role:<8}  {}{question}{reason}",
            i + 1,
            c.name
        );
    }
    if f.status == FileStatus::Read {
        let _ = writeln!(
            out,
            "  {}; {} answers",
            rows_line(f.rows, f.ingested, f.empty, f.duplicate, f.skipped),
            f.answers
        );
    }
    for w in &f.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
    let skipped: Vec<_> = corpus
        .skipped
        .iter()
        .filter(|s| s.source == f.source)
        .collect();
    for s in skipped.iter().take(5) {
        let _ = writeln!(out, "  row {}: {}", s.row, s.reason);
    }
    if skipped.len() > 5 {
        let _ = writeln!(out, "  … and {} more skipped rows", skipped.len() - 5);
    }
    let _ = writeln!(out);
}
