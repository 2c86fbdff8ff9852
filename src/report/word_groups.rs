//! Word tables by group (`--by`): which answers are in which group of a column, and how many
//! answers of each group use each of the question's top words and pairs, beside the total
//! ([`super::words::WordRow::by`]). That is one more pass over the question's terms, counting
//! only the rows already picked, so it costs a hash lookup per word whatever the vocabulary.
//! Each group's own tables are counted by [`super::words::count`].

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::word_count::{pair_key, QuestionWords};
use super::words::{GroupCounts, WordInput, WordTables, EMPTY_VALUE};
use crate::ingest::Answer;

/// The value of metadata column `column` for an answer, as the cross-tabs take it.
fn value<'a>(answer: &'a Answer, column: &str) -> &'a str {
    let v = answer
        .meta
        .iter()
        .find(|(k, _)| &**k == column)
        .map_or("", |(_, v)| v.trim());
    if v.is_empty() {
        EMPTY_VALUE
    } else {
        v
    }
}

/// One `--by` column's values among the question's answers with content, sorted, and the
/// group of each of those answers.
pub(super) struct Column<'a> {
    pub(super) name: &'a str,
    pub(super) values: Vec<&'a str>,
    /// The group (index in `values`) of each answer with content, in their order.
    group: Vec<u32>,
}

impl<'a> Column<'a> {
    /// The column `name` of the answers of `content` (places in the question's inputs).
    pub(super) fn new(input: &'a WordInput, name: &'a str, content: &[u32]) -> Self {
        let of = |local: u32| value(&input.answers[input.members[local as usize]], name);
        let values: BTreeSet<&str> = content.iter().map(|&l| of(l)).collect();
        let values: Vec<&str> = values.into_iter().collect();
        let index: FxHashMap<&str, u32> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| (v, i as u32))
            .collect();
        let group = content.iter().map(|&l| index[of(l)]).collect();
        Column {
            name,
            values,
            group,
        }
    }

    /// Each group's answers (places in the question's inputs), in the order of `content`.
    pub(super) fn members(&self, content: &[u32]) -> Vec<Vec<u32>> {
        let mut members = vec![Vec::new(); self.values.len()];
        for (&local, &g) in content.iter().zip(&self.group) {
            members[g as usize].push(local);
        }
        members
    }
}

/// Counts the answers of each group of each column that use each row of `tables`, whose
/// words' ids and pairs' keys are `picked`, in order.
pub(super) fn add_counts(
    input: &WordInput,
    words: &QuestionWords,
    columns: &[Column],
    picked: (&[u32], &[u64]),
    tables: &mut WordTables,
) {
    if columns.is_empty() {
        return;
    }
    let (word_ids, pair_keys) = picked;
    let word_row: FxHashMap<u32, usize> = word_ids
        .iter()
        .enumerate()
        .map(|(r, &id)| (id, r))
        .collect();
    let pair_row: FxHashMap<u64, usize> = pair_keys
        .iter()
        .enumerate()
        .map(|(r, &key)| (key, word_ids.len() + r))
        .collect();
    let rows = word_ids.len() + pair_keys.len();
    // counts[column][row][group]; the number of the answer that last counted each row.
    let mut counts: Vec<Vec<Vec<usize>>> = columns
        .iter()
        .map(|c| vec![vec![0; c.values.len()]; rows])
        .collect();
    let mut totals: Vec<Vec<usize>> = columns.iter().map(|c| vec![0; c.values.len()]).collect();
    let mut last = vec![0u32; rows];
    let content = input.content();
    for (i, (n, answer)) in input.numbered(&content).enumerate() {
        for (c, column) in columns.iter().enumerate() {
            totals[c][column.group[i] as usize] += 1;
        }
        for segment in input.segments(answer) {
            let mut previous: Option<u32> = None;
            for term in segment {
                let id = words.id(term);
                let pair = previous.and_then(|p| pair_row.get(&pair_key(p, id)));
                for &r in [word_row.get(&id), pair].into_iter().flatten() {
                    if last[r] != n {
                        last[r] = n;
                        for (c, column) in columns.iter().enumerate() {
                            counts[c][r][column.group[i] as usize] += 1;
                        }
                    }
                }
                previous = Some(id);
            }
        }
    }
    let rows = tables.words.iter_mut().chain(&mut tables.word_pairs);
    for (r, row) in rows.enumerate() {
        row.by = columns
            .iter()
            .zip(&counts)
            .zip(&totals)
            .map(|((column, counts), totals)| GroupCounts {
                column: column.name.to_string(),
                shares: counts[r]
                    .iter()
                    .zip(totals)
                    .map(|(&c, &t)| c as f64 / t.max(1) as f64)
                    .collect(),
                counts: counts[r].clone(),
            })
            .collect();
    }
}
