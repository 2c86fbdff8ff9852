//! The weighted parts of `summary.md` (`--weight`): the run's weighting, each question's
//! weighted base and effective sample size, what the weighted columns mean, and the rows
//! without a valid weight.

use std::io::{self, Write};

use super::{escape, one_line};
use crate::report::weights::{WeightedBase, Weighting};

/// A column name inside backticks.
fn code(column: &str) -> String {
    column.replace('`', "'")
}

/// What the weighted columns of a theme table mean.
pub(super) fn weighted_note(column: &str) -> String {
    format!(
        " *Weighted*: each answer counts by its weight in `{}`, over the answers with a valid \
         weight.",
        code(column)
    )
}

/// What the weighted figures of a cross-tab mean.
pub(super) fn crosstab_note(column: &str) -> String {
    format!(
        " After `·` the share weighted by `{}` (over the group's answers with a valid weight); \
         *eff. n* is the group's effective sample size.",
        code(column)
    )
}

/// The run's weighting in one line, after the counts.
pub(super) fn weighting_line(w: &Weighting) -> String {
    let mut line = format!(
        "Weighted by `{}`: {} row{} with a valid weight",
        code(&w.column),
        w.rows_weighted,
        if w.rows_weighted == 1 { "" } else { "s" }
    );
    if w.rows_invalid > 0 {
        line.push_str(&format!(
            "; {} row{} with a missing or invalid weight, left out of the weighted shares \
             (listed at the end)",
            w.rows_invalid,
            if w.rows_invalid == 1 { "" } else { "s" }
        ));
    }
    line.push('.');
    line
}

/// A question's weighted base: answers with a weight and the effective sample size.
pub(super) fn weighted_base(column: &str, base: &WeightedBase) -> String {
    let mut line = format!(
        "Weighted by `{}`: {} answers with a valid weight, effective n = {:.1} (Kish)",
        code(column),
        base.answers,
        base.effective_n
    );
    if base.answers_invalid > 0 {
        line.push_str(&format!(
            "; {} without one, left out of the weighted shares",
            base.answers_invalid
        ));
    }
    line.push('.');
    line
}

/// Rows named at the end of summary.md for a missing or invalid weight; the rest are counted.
const SHOWN_INVALID_WEIGHTS: usize = 100;

/// The rows without a valid weight, by file and row.
pub(super) fn invalid_weights(out: &mut dyn Write, w: &Weighting) -> io::Result<()> {
    writeln!(
        out,
        "## Rows without a valid weight\n\n{} row{} whose `{}` is empty, not a number, negative \
         or not finite: in the unweighted figures, left out of the weighted ones.\n",
        w.rows_invalid,
        if w.rows_invalid == 1 { "" } else { "s" },
        code(&w.column)
    )?;
    for row in w.invalid.iter().take(SHOWN_INVALID_WEIGHTS) {
        writeln!(out, "- {}", escape(&one_line(&row.to_string())))?;
    }
    if w.invalid.len() > SHOWN_INVALID_WEIGHTS {
        writeln!(
            out,
            "- … and {} more (the `{}` column of responses.csv shows each row's value)",
            w.invalid.len() - SHOWN_INVALID_WEIGHTS,
            code(&w.column)
        )?;
    }
    writeln!(out)
}
