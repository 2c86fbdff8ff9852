//! The word tables of `summary.md` ([`super`]): per question, the most frequent words
//! and word pairs side by side; with `--by`, for each column the question's words' shares in
//! each group, and each group's own most frequent words. Compact: the first rows and the
//! largest groups; `themes.json` has them all.

use std::io::{self, Write};

use super::{cell, escape, percent};
use crate::report::words::{GroupWords, WordGroups, WordRow, WordTables};

/// Rows of the question's word tables.
const WORD_ROWS: usize = 15;
/// Rows of the tables by group.
const GROUP_ROWS: usize = 10;
/// Groups shown of a column with more values: the largest.
const GROUP_COLUMNS: usize = 8;

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
        let shown = largest(groups);
        shares_by_group(out, t, c, groups, &shown)?;
        own_words(out, groups, &shown)?;
    }
    Ok(())
}

/// The places of the groups shown, in the column's order: all, or the largest.
fn largest(groups: &WordGroups) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..groups.groups.len()).collect();
    shown.sort_by_key(|&g| std::cmp::Reverse(groups.groups[g].word_answers));
    shown.truncate(GROUP_COLUMNS);
    shown.sort_unstable();
    shown
}

/// The note under a table of groups when some are not shown.
fn more_groups(out: &mut dyn Write, groups: &WordGroups, shown: &[usize]) -> io::Result<()> {
    let left = groups.groups.len() - shown.len();
    if left > 0 {
        writeln!(
            out,
            "The {} largest groups; themes.json has the other {left}.\n",
            shown.len()
        )?;
    }
    Ok(())
}

/// The header row of a table with a column per group shown, after `first` columns.
fn group_header(out: &mut dyn Write, first: &str, groups: &[&GroupWords]) -> io::Result<()> {
    write!(out, "{first}")?;
    for g in groups {
        write!(
            out,
            " {} (n = {}) |",
            cell(&escape(&g.value)),
            g.word_answers
        )?;
    }
    writeln!(out, "\n|---|{}", "---:|".repeat(groups.len() + 1))
}

/// The question's most frequent words in each group of column `c`.
fn shares_by_group(
    out: &mut dyn Write,
    t: &WordTables,
    c: usize,
    groups: &WordGroups,
    shown: &[usize],
) -> io::Result<()> {
    writeln!(
        out,
        "#### Words by {}\n\nThe share of each group's answers with content that use the \
         question's most frequent words (answers in brackets).\n",
        cell(&groups.column)
    )?;
    let header = format!("| Word | All (n = {}) |", t.word_answers);
    let shown_groups: Vec<&GroupWords> = shown.iter().map(|&g| &groups.groups[g]).collect();
    group_header(out, &header, &shown_groups)?;
    for r in t.words.iter().take(WORD_ROWS) {
        write!(
            out,
            "| {} | {} ({}) |",
            word(r),
            percent(r.share),
            r.answers
        )?;
        if let Some(by) = r.by.get(c) {
            for &g in shown {
                write!(out, " {} ({}) |", percent(by.shares[g]), by.counts[g])?;
            }
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    more_groups(out, groups, shown)
}

/// Each group's own most frequent words, side by side.
fn own_words(out: &mut dyn Write, groups: &WordGroups, shown: &[usize]) -> io::Result<()> {
    writeln!(
        out,
        "Each group's own most frequent words: the answers with content in the group that use \
         each, and their share (pairs by group are in themes.json).\n"
    )?;
    let shown_groups: Vec<&GroupWords> = shown.iter().map(|&g| &groups.groups[g]).collect();
    write!(out, "| # |")?;
    for g in &shown_groups {
        write!(
            out,
            " {} (n = {}) |",
            cell(&escape(&g.value)),
            g.word_answers
        )?;
    }
    writeln!(out, "\n|---:|{}", "---|".repeat(shown_groups.len()))?;
    let rows = shown_groups
        .iter()
        .map(|g| g.words.len())
        .max()
        .unwrap_or(0);
    for i in 0..rows.min(GROUP_ROWS) {
        write!(out, "| {} |", i + 1)?;
        for g in &shown_groups {
            match g.words.get(i) {
                Some(r) => write!(out, " {} {} ({}) |", word(r), r.answers, percent(r.share))?,
                None => write!(out, " |")?,
            }
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    more_groups(out, groups, shown)
}
