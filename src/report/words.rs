//! Which words do the answers use? Per question, the most frequent words and word pairs by term
//! (the terms of the run's one analyzer, which the index and the themes use: stop words,
//! negations and redaction tags are no terms here), with the answers that use each and their
//! share of the question's answers with content; with `--by`, the same tables for each group
//! of each column, and the question's top words and pairs counted in every group. A word is
//! shown in the form it was most often written in ([`SurfaceForms::most_common`]: "aikaa",
//! "ajan" and "aika" are one word, shown as the most frequent of them, counted over the run's
//! answers); a pair as it was most often written in its first 25 occurrences in the question
//! ("ajan puute", not "aikaa puute"; [`word_count::pair_forms`]).
//!
//! What counts:
//! - answers with content (not coded `no_content`), and of them the segments that are not
//!   non-answers ("en tiedä"); the shares are of those answers;
//! - a word or a pair once per answer, however often the answer writes it;
//! - a compound once, as the word written: the analysis puts a compound's parts right after it
//!   (`työajan` → `työaika`, `työ`, `aika`) so that search and clustering see them, but counting
//!   them here would count "aika" for every "työaika", and pair a word with its own parts;
//! - a pair: two words next to each other in one segment, in the order written (stop words and
//!   negations between them do not part them; a word repeated is no pair), used by at least
//!   two answers.
//!
//! Order: most answers first, then by the form shown, then by term, so the same answers give
//! the same tables whatever the order they are read in.
//!
//! The pipeline calls [`count`] while a question's terms are still held, just after coding it.
//! Counting reads the terms (numbers in the run's vocabulary) in a few linear passes into
//! vectors and hash maps of word ids; it keeps per answer only its place in the question and,
//! with `--by`, its group ([`word_count`], [`super::word_groups`]). Each group is counted in
//! turn, so its vectors are freed before the next.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::compare::Group;
use super::weights::{parse_weight, WeightedBase};
use super::word_compare::{self, GroupKeys, Tested, Weighted};
use super::word_count::{self, Picked, QuestionWords};
use super::word_groups::{self, Column};
use crate::analysis::{Analyzer, SurfaceForms, Term, TermId, Vocabulary};
use crate::coding::{AnswerInput, Code, Codes};
use crate::ingest::Answer;

/// How many words and pairs a question's tables keep (`--top-words`, `--top-pairs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WordParams {
    pub top_words: usize,
    pub top_pairs: usize,
}

impl Default for WordParams {
    fn default() -> Self {
        WordParams {
            top_words: 30,
            top_pairs: 20,
        }
    }
}

/// One question's word tables; in `themes.json` their fields sit in the question's object.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WordTables {
    /// The question's answers with content: what the shares are of.
    pub word_answers: usize,
    /// The most frequent words: most answers first, then by the word as shown, then by term.
    pub words: Vec<WordRow>,
    /// The most frequent pairs of adjacent words, in the same order.
    pub word_pairs: Vec<WordRow>,
    /// With `--by`: each column's groups, each with its own tables. The rows of `words` and
    /// `word_pairs` above carry their answers in these groups ([`WordRow::by`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub word_groups: Vec<WordGroups>,
}

/// One word or pair of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordRow {
    /// The term; a pair's two terms, a space between.
    pub term: String,
    /// As it is shown: the word as most often written; a pair's two words as most often
    /// written together.
    pub word: String,
    /// Answers with content that use it.
    pub answers: usize,
    /// `answers` over the answers with content (of the question, or of the group).
    pub share: f64,
    /// With `--by`, in a question's own tables: its answers in each group of each column, in
    /// the order of [`WordTables::word_groups`] (answers without a value in none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<GroupCounts>,
}

/// The groups of one `--by` column, as the comparison of themes groups its values
/// ([`super::compare`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordGroups {
    pub column: String,
    /// Answers with content without a value in the column (empty, `NA`, `<NA>`, …), in no
    /// group.
    pub without_value: usize,
    /// Sorted naturally; the smaller groups together last, when there are many.
    pub groups: Vec<GroupWords>,
    /// The words compared between the groups ([`GroupWords::keys`]): what was tested.
    pub compared: Tested,
}

/// One group's own word tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupWords {
    /// The column's value, or [`super::compare::OTHER_GROUPS`].
    pub name: String,
    /// How many of the column's values the group holds (more than 1 only for the smaller
    /// groups together).
    pub values: usize,
    /// Whether this is the smaller groups together.
    pub other: bool,
    /// The group's answers with content: what its shares are of.
    pub word_answers: usize,
    pub words: Vec<WordRow>,
    pub word_pairs: Vec<WordRow>,
    /// The words the group uses significantly more, and less, than the other answers with a
    /// value ([`super::word_compare`]).
    #[serde(flatten)]
    pub keys: GroupKeys,
}

/// A question's word or pair in the groups of one column, in [`WordGroups::groups`]' order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupCounts {
    pub column: String,
    /// Answers with content in each group that use it.
    pub counts: Vec<usize>,
    /// `counts` over the group's answers with content.
    pub shares: Vec<f64>,
}

/// What [`count`] reads of one question.
pub struct WordInput<'a> {
    /// The question's answers as coded, terms still held.
    pub inputs: &'a [AnswerInput],
    /// Their codes: answers coded `no_content` are left out.
    pub codes: &'a [Codes],
    /// The corpus, and where each of the question's answers is in it (for `--by` and for the
    /// written forms of pairs).
    pub answers: &'a [Answer],
    pub members: &'a [usize],
    /// The terms the answers' numbers stand for.
    pub vocabulary: &'a Vocabulary,
    /// Each compound term's parts' terms, as numbers ([`part_ids`]).
    pub parts: &'a FxHashMap<TermId, Vec<TermId>>,
    pub forms: &'a SurfaceForms,
    /// The run's analyzer, for the written forms of pairs.
    pub analyzer: &'a Analyzer,
    /// The `--by` columns.
    pub by: &'a [String],
    /// The `--weight` column: the words compared between groups are weighted.
    pub weight: Option<&'a str>,
    pub params: WordParams,
}

impl<'a> WordInput<'a> {
    /// With `--weight`, each answer's weight (`None`: missing or invalid), by place in
    /// [`WordInput::inputs`].
    fn weights(&self) -> Option<Vec<Option<f64>>> {
        let column = self.weight?;
        let weights = self
            .members
            .iter()
            .map(|&m| {
                let meta = &self.answers[m].meta;
                let cell = meta
                    .iter()
                    .find(|(k, _)| &**k == column)
                    .map_or("", |(_, v)| v);
                parse_weight(cell).ok()
            })
            .collect();
        Some(weights)
    }

    /// The answers with content: their places in [`WordInput::inputs`].
    pub(super) fn content(&self) -> Vec<u32> {
        self.codes
            .iter()
            .enumerate()
            .filter(|(_, codes)| codes.first().is_some_and(|&c| c != Code::NoContent))
            .map(|(local, _)| local as u32)
            .collect()
    }

    /// The answers of `subset` (places in `inputs`), numbered from 1 (0 is "no answer yet").
    pub(super) fn numbered<'s>(
        &self,
        subset: &'s [u32],
    ) -> impl Iterator<Item = (u32, &'a AnswerInput)> + 's
    where
        'a: 's,
    {
        let inputs = self.inputs;
        subset
            .iter()
            .enumerate()
            .map(move |(n, &local)| (n as u32 + 1, &inputs[local as usize]))
    }

    /// The words of each segment of `input` that says something.
    pub(super) fn segments(
        &self,
        input: &'a AnswerInput,
    ) -> impl Iterator<Item = impl Iterator<Item = TermId> + 'a> {
        let parts = self.parts;
        input.units.iter().filter(|u| !u.non_answer).map(move |u| {
            words_of(
                &input.terms[u.terms.start as usize..u.terms.end as usize],
                parts,
            )
        })
    }
}

/// The words of a segment's terms: each word's term, a compound's parts (which follow it)
/// skipped.
pub fn words_of<'t>(
    terms: &'t [TermId],
    parts: &'t FxHashMap<TermId, Vec<TermId>>,
) -> impl Iterator<Item = TermId> + 't {
    let mut i = 0;
    std::iter::from_fn(move || {
        let &term = terms.get(i)?;
        i += 1;
        if let Some(p) = parts.get(&term) {
            if terms[i..].starts_with(p) {
                i += p.len();
            }
        }
        Some(term)
    })
}

/// Each compound's parts ([`crate::incremental::Analysed::parts`]) by term number, the parts
/// the answers' terms can hold (all but negations).
pub fn part_ids(
    parts: &FxHashMap<Term, Vec<Term>>,
    vocabulary: &Vocabulary,
) -> FxHashMap<TermId, Vec<TermId>> {
    parts
        .iter()
        .filter_map(|(whole, parts)| {
            let of = parts.iter().filter_map(|p| vocabulary.get(p)).collect();
            Some((vocabulary.get(whole)?, of))
        })
        .collect()
}

/// The words and pair candidates picked for one set of answers, before the pairs' forms.
struct Picks {
    answers: usize,
    words: Vec<Picked<u32>>,
    pairs: Vec<Picked<u64>>,
}

/// Picks the top words and the pair candidates of `subset`, whose words' answers are `counts`.
fn pick(input: &WordInput, words: &QuestionWords, counts: &[u32], subset: &[u32]) -> Picks {
    Picks {
        answers: subset.len(),
        words: word_count::top_words(input, words, counts),
        pairs: word_count::pair_candidates(input, words, counts, subset),
    }
}

/// The table's rows of the items picked, with their shares of `answers`.
fn rows<K>(picked: Vec<Picked<K>>, answers: usize) -> Vec<WordRow> {
    picked
        .into_iter()
        .map(|p| WordRow {
            term: p.term,
            word: p.word,
            answers: p.answers as usize,
            share: f64::from(p.answers) / answers.max(1) as f64,
            by: Vec::new(),
        })
        .collect()
}

/// A group's tables of `picks`, the pairs shown as written (`forms`), sorted and cut, and its
/// words compared (`keys`).
fn group(
    group: &Group,
    (picks, keys): (Picks, GroupKeys),
    forms: &FxHashMap<u64, String>,
    n: usize,
) -> GroupWords {
    let pairs = word_count::finish_pairs(picks.pairs, forms, n);
    GroupWords {
        name: group.name.clone(),
        values: group.values,
        other: group.other,
        word_answers: picks.answers,
        words: rows(picks.words, picks.answers),
        word_pairs: rows(pairs, picks.answers),
        keys,
    }
}

/// One column's groups: each group's picks and its words compared with the other groups', and
/// what the comparison tested. A column's groups' answers per word are held together (a vector
/// of the question's words per group) for the comparison, then dropped.
fn column_picks(
    input: &WordInput,
    words: &QuestionWords,
    column: &Column,
    (content, weights): (&[u32], Option<&[Option<f64>]>),
) -> (Vec<(Picks, GroupKeys)>, Tested) {
    let members = column.members(content);
    let counts: Vec<Vec<u32>> = members.iter().map(|s| words.answers(input, s)).collect();
    let sizes: Vec<usize> = members.iter().map(Vec::len).collect();
    let weighted = weights.map(|weights| Weighted {
        sums: members
            .iter()
            .map(|s| words.weighted(input, s, weights))
            .collect(),
        bases: members
            .iter()
            .map(|s| {
                let mut base = WeightedBase::default();
                for &local in s {
                    base.add(weights[local as usize]);
                }
                base
            })
            .collect(),
    });
    let (keys, tested) = word_compare::compare(
        &words.terms,
        input.forms,
        &counts,
        &sizes,
        weighted.as_ref(),
    );
    let picks = members
        .iter()
        .zip(&counts)
        .map(|(subset, counts)| pick(input, words, counts, subset))
        .zip(keys)
        .collect();
    (picks, tested)
}

/// Counts one question's words and pairs ([`WordTables`]), and with `--by` each group's.
pub fn count(input: &WordInput) -> WordTables {
    let content = input.content();
    let weights = input.weights();
    let (words, counts) = QuestionWords::count(input, &content);
    let question = pick(input, &words, &counts, &content);
    drop(counts);
    let columns: Vec<Column> = input
        .by
        .iter()
        .map(|name| Column::new(input, name, &content))
        .collect();
    // Each column's groups' picks and words compared, one column counted at a time.
    let groups: Vec<(Vec<(Picks, GroupKeys)>, Tested)> = columns
        .iter()
        .map(|column| column_picks(input, &words, column, (&content, weights.as_deref())))
        .collect();
    // The written forms of every pair that may be shown, found in one pass.
    let keys: FxHashSet<u64> = std::iter::once(&question)
        .chain(groups.iter().flat_map(|(g, _)| g.iter().map(|(p, _)| p)))
        .flat_map(|p| p.pairs.iter().map(|p| p.key))
        .collect();
    let forms = word_count::pair_forms(input, &words, &keys, &content);
    let n = input.params.top_pairs;
    let pairs = word_count::finish_pairs(question.pairs, &forms, n);
    let word_ids: Vec<u32> = question.words.iter().map(|p| p.key).collect();
    let pair_keys: Vec<u64> = pairs.iter().map(|p| p.key).collect();
    let mut tables = WordTables {
        word_answers: question.answers,
        words: rows(question.words, question.answers),
        word_pairs: rows(pairs, question.answers),
        word_groups: Vec::new(),
    };
    word_groups::add_counts(
        input,
        &words,
        &columns,
        (&word_ids, &pair_keys),
        &mut tables,
    );
    tables.word_groups = columns
        .iter()
        .zip(groups)
        .map(|(column, (picks, compared))| WordGroups {
            column: column.name.to_string(),
            without_value: column.without_value(),
            groups: column
                .groups
                .iter()
                .zip(picks)
                .map(|(g, picks)| group(g, picks, &forms, n))
                .collect(),
            compared,
        })
        .collect();
    tables
}

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
