//! Word tables by group (`--by`): which answers are in which group of a column, grouped as the
//! comparison of themes groups them ([`super::compare`]: answers without a value left out, the
//! 8 largest groups and the rest together, sorted naturally), and how many answers of each
//! group use each of the question's top words and pairs, beside the total
//! ([`super::words::WordRow::by`]). That is one more pass over the question's terms, counting
//! only the rows already picked, so it costs a hash lookup per word whatever the vocabulary.
//! Each group's own tables are counted by [`super::words::count`].

use rustc_hash::FxHashMap;

use super::compare::{group_values, is_missing, Group};
use super::word_count::{pair_key, QuestionWords};
use super::words::{GroupCounts, WordInput, WordTables};

/// No group: the answer has no value in the column.
const NONE: u32 = u32::MAX;

/// One `--by` column's groups among the question's answers with content, and the group of each
/// of those answers.
pub(super) struct Column<'a> {
    pub(super) name: &'a str,
    pub(super) groups: Vec<Group>,
    /// The group (index in `groups`) of each answer with content, in their order; [`NONE`]
    /// without a value.
    group: Vec<u32>,
}

impl<'a> Column<'a> {
    /// The column `name` of the answers of `content` (places in the question's inputs).
    pub(super) fn new(input: &'a WordInput, name: &'a str, content: &[u32]) -> Self {
        let mut index: FxHashMap<&str, u32> = FxHashMap::default();
        let mut values: Vec<&str> = Vec::new();
        let mut totals: Vec<usize> = Vec::new();
        let value_of: Vec<u32> = content
            .iter()
            .map(|&local| {
                let answer = &input.answers[input.members[local as usize]];
                let v = answer
                    .meta
                    .iter()
                    .find(|(k, _)| &**k == name)
                    .map_or("", |(_, v)| v.trim());
                if is_missing(v) {
                    return NONE;
                }
                let id = *index.entry(v).or_insert_with(|| {
                    values.push(v);
                    totals.push(0);
                    (values.len() - 1) as u32
                });
                totals[id as usize] += 1;
                id
            })
            .collect();
        let (groups, group_of) = group_values(&values, &totals);
        let group = value_of
            .iter()
            .map(|&v| match v {
                NONE => NONE,
                v => group_of[v as usize] as u32,
            })
            .collect();
        Column {
            name,
            groups,
            group,
        }
    }

    /// Each group's answers (places in the question's inputs), in the order of `content`.
    pub(super) fn members(&self, content: &[u32]) -> Vec<Vec<u32>> {
        let mut members = vec![Vec::new(); self.groups.len()];
        for (&local, &g) in content.iter().zip(&self.group) {
            if g != NONE {
                members[g as usize].push(local);
            }
        }
        members
    }

    /// Answers with content without a value.
    pub(super) fn without_value(&self) -> usize {
        self.group.iter().filter(|&&g| g == NONE).count()
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
        .map(|c| vec![vec![0; c.groups.len()]; rows])
        .collect();
    let totals: Vec<Vec<usize>> = columns
        .iter()
        .map(|c| c.groups.iter().map(|g| g.answers).collect())
        .collect();
    let mut last = vec![0u32; rows];
    let content = input.content();
    for (i, (n, answer)) in input.numbered(&content).enumerate() {
        for segment in input.segments(answer) {
            let mut previous: Option<u32> = None;
            for term in segment {
                let id = words.id(term);
                let pair = previous.and_then(|p| pair_row.get(&pair_key(p, id)));
                for &r in [word_row.get(&id), pair].into_iter().flatten() {
                    if last[r] != n {
                        last[r] = n;
                        for (c, column) in columns.iter().enumerate() {
                            let g = column.group[i];
                            if g != NONE {
                                counts[c][r][g as usize] += 1;
                            }
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
