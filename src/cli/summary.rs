//! What `teema run` says on stderr when it is done: the columns each file gave, the counts,
//! the themes, and with `--weight` each question's effective sample size and the rows without
//! a valid weight.

use std::io::Write;
use std::path::Path;

use crate::progress::Timings;
use crate::report::weights::Weighting;
use crate::report::Report;

/// Rows named on stderr for a missing or invalid weight; summary.md names up to a hundred.
const SHOWN_WEIGHTS: usize = 5;

/// How many rows have no valid weight, and the first few of them.
pub(super) fn print_weight_problems(
    err: &mut impl Write,
    weight: &Weighting,
) -> std::io::Result<()> {
    if weight.invalid.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = weight
        .invalid
        .iter()
        .take(SHOWN_WEIGHTS)
        .map(ToString::to_string)
        .collect();
    let more = if weight.invalid.len() > SHOWN_WEIGHTS {
        ", …"
    } else {
        ""
    };
    writeln!(
        err,
        "teema: --weight {:?}: {} row{} with a missing or invalid weight, left out of the \
         weighted figures (named in summary.md): {}{more}",
        weight.column,
        weight.invalid.len(),
        if weight.invalid.len() == 1 { "" } else { "s" },
        shown.join(", ")
    )
}

/// The closing summary of a run on stderr: columns, cache, counts, themes, weights.
pub(super) fn print_summary(
    err: &mut impl Write,
    report: &Report,
    timings: &Timings,
    out: &Path,
) -> std::io::Result<()> {
    for f in &report.files {
        if let Some(line) = crate::inspect::columns_line(f) {
            writeln!(err, "teema: {}: columns: {line}", f.source)?;
        }
    }
    let c = &report.counts;
    let s = &timings.cache;
    if s.found {
        writeln!(
            err,
            "cache: {} answers reused, {} analysed; index: {} kept, {} added, {} removed",
            s.reused, s.analysed, s.index_kept, s.index_added, s.index_removed
        )?;
    }
    writeln!(
        err,
        "files: {} read, {} duplicate, {} skipped, {} unreadable",
        c.files, c.files_duplicate, c.files_skipped, c.files_failed
    )?;
    writeln!(
        err,
        "{}",
        crate::inspect::rows_line(
            c.rows_read,
            c.rows_ingested,
            c.rows_empty,
            c.rows_duplicate,
            c.rows_skipped
        )
    )?;
    writeln!(
        err,
        "{} answers: {} clustered, {} other, {} without content",
        c.answers, c.clustered, c.other, c.no_content
    )?;
    let named: Vec<String> = report
        .themes
        .iter()
        .map(|t| format!("{} ({})", t.key, t.count))
        .collect();
    writeln!(
        err,
        "themes (k = {}): {}",
        report
            .questions
            .iter()
            .map(|q| q.k.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        named.join(", ")
    )?;
    if let Some(weight) = &report.weight {
        for q in &report.questions {
            if let Some(base) = &q.weight {
                writeln!(
                    err,
                    "weighted by {}: {} answers, effective n {:.1} ({})",
                    weight.column, base.answers, base.effective_n, q.question
                )?;
            }
        }
    }
    writeln!(err, "wrote {}", out.display())?;
    Ok(())
}
