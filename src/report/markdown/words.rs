//! The word tables of `summary.md` ([`super`]): per question, the most frequent words
//! and word pairs side by side; with `--by`, for each column the question's words' shares in
//! each group, and each group's own most frequent words (the groups as the comparison of themes
//! makes them: at most 8 and the rest together), and the words each group uses significantly
//! more or less than the other answers. Compact: the first rows; `themes.json` has
//! more, and the pairs by group.

use std::io::{self, Write};

use super::{cell, escape, percent};
use crate::report::compare::{shown, ALPHA};
use crate::report::word_compare::WordTest;
use crate::report::words::{GroupWords, WordGroups, WordRow, WordTables};
use crate::report::Lang;

/// Rows of the question's word tables.
const WORD_ROWS: usize = 15;
/// Rows of the tables by group.
const GROUP_ROWS: usize = 10;

/// A word or pair in a cell: `|`, line breaks and Markdown's formatting characters escaped.
fn word(row: &WordRow) -> String {
    cell(&escape(&row.word))
}

/// The question's word tables.
pub(super) fn word_tables(out: &mut dyn Write, t: &WordTables) -> io::Result<()> {
    if t.words.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "#### Words\n\nThe most frequent words, their inflected forms counted as one word \
         (*aikaa*, *ajan*, *aika*) and shown as most often written, and the most frequent \
         pairs of words written next to each other: the answers that use each, of the {} \
         answers with content (themes.json has more).\n",
        t.word_answers
    )?;
    writeln!(
        out,
        "| # | Word | Answers | Share | Word pair | Answers | Share |\n\
         |---:|---|---:|---:|---|---:|---:|"
    )?;
    let half = |row: Option<&WordRow>| {
        row.map_or_else(
            || " |  | ".to_string(),
            |r| format!("{} | {} | {}", word(r), r.answers, percent(r.share)),
        )
    };
    for i in 0..t.words.len().max(t.word_pairs.len()).min(WORD_ROWS) {
        let (w, p) = (half(t.words.get(i)), half(t.word_pairs.get(i)));
        writeln!(out, "| {} | {w} | {p} |", i + 1)?;
    }
    writeln!(out)?;
    for (c, groups) in t.word_groups.iter().enumerate() {
        shares_by_group(out, t, c, groups)?;
        own_words(out, groups)?;
        compared(out, groups)?;
    }
    Ok(())
}

/// A group's column heading: its name and answers.
fn heading(g: &GroupWords) -> String {
    let name = shown(&g.name, Lang::En);
    format!("{} (n = {})", cell(&escape(name)), g.word_answers)
}

/// The question's most frequent words in each group of column `c`.
fn shares_by_group(
    out: &mut dyn Write,
    t: &WordTables,
    c: usize,
    groups: &WordGroups,
) -> io::Result<()> {
    let without = match groups.without_value {
        0 => String::new(),
        n => format!(" The answers without a value ({n}) are in no group."),
    };
    writeln!(
        out,
        "#### Words by {}\n\nThe share of each group's answers with content that use the \
         question's most frequent words (answers in brackets).{without}\n",
        cell(&groups.column)
    )?;
    write!(out, "| Word | All (n = {}) |", t.word_answers)?;
    for g in &groups.groups {
        write!(out, " {} |", heading(g))?;
    }
    writeln!(out, "\n|---|{}", "---:|".repeat(groups.groups.len() + 1))?;
    for r in t.words.iter().take(WORD_ROWS) {
        write!(
            out,
            "| {} | {} ({}) |",
            word(r),
            percent(r.share),
            r.answers
        )?;
        if let Some(by) = r.by.get(c) {
            for (share, count) in by.shares.iter().zip(&by.counts) {
                write!(out, " {} ({count}) |", percent(*share))?;
            }
        }
        writeln!(out)?;
    }
    writeln!(out)
}

/// Each group's own most frequent words, side by side.
fn own_words(out: &mut dyn Write, groups: &WordGroups) -> io::Result<()> {
    writeln!(
        out,
        "Each group's own most frequent words: the answers with content in the group that use \
         each, and their share (pairs by group are in themes.json).\n"
    )?;
    write!(out, "| # |")?;
    for g in &groups.groups {
        write!(out, " {} |", heading(g))?;
    }
    writeln!(out, "\n|---:|{}", "---|".repeat(groups.groups.len()))?;
    let rows = groups
        .groups
        .iter()
        .map(|g| g.words.len())
        .max()
        .unwrap_or(0);
    for i in 0..rows.min(GROUP_ROWS) {
        write!(out, "| {} |", i + 1)?;
        for g in &groups.groups {
            match g.words.get(i) {
                Some(r) => write!(out, " {} {} ({}) |", word(r), r.answers, percent(r.share))?,
                None => write!(out, " |")?,
            }
        }
        writeln!(out)?;
    }
    writeln!(out)
}

/// A tested word in a list: `word 45.0 % / 12.0 % ***` (in the group / elsewhere; with
/// `--weight` the weighted shares, which the test is on).
fn tested(w: &WordTest) -> String {
    let (share, elsewhere) = w.diff.tested_shares();
    format!(
        "{} {} / {} {}",
        cell(&escape(&w.word)),
        percent(share),
        percent(elsewhere),
        w.diff.stars
    )
}

/// The words each group uses significantly more, and less, than the other answers.
fn compared(out: &mut dyn Write, groups: &WordGroups) -> io::Result<()> {
    let c = &groups.compared;
    writeln!(
        out,
        "Words each group uses more (▲) or less (▼) than the other answers with a value: the \
         share of the group's answers that use the word / the share among the others; a \
         log-likelihood test (G²) in each group of each of the {} words that at least {} \
         answers use, Benjamini–Hochberg adjusted over the {} tests; listed when the adjusted p \
         is under {ALPHA} (`*` < 0.05, `**` < 0.01, `***` < 0.001), the largest difference \
         first.{}\n",
        c.words,
        c.min_answers,
        c.tests,
        if c.test == "G2" {
            ""
        } else {
            " Weighted (`--weight`): the shares are weighted, and each side of a test is scaled to \
             its effective sample size (answers without a valid weight left out)."
        }
    )?;
    if groups
        .groups
        .iter()
        .all(|g| g.keys.more_common.is_empty() && g.keys.less_common.is_empty())
    {
        return writeln!(out, "No word differs significantly between the groups.\n");
    }
    writeln!(out, "| Group | ▲ More | ▼ Less |\n|---|---|---|")?;
    for g in &groups.groups {
        let list = |words: &[WordTest]| {
            words
                .iter()
                .take(GROUP_ROWS)
                .map(tested)
                .collect::<Vec<_>>()
                .join("; ")
        };
        writeln!(
            out,
            "| {} | {} | {} |",
            heading(g),
            list(&g.keys.more_common),
            list(&g.keys.less_common)
        )?;
    }
    writeln!(out)
}
