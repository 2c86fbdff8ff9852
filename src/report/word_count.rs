//! The counting behind the word tables ([`super::words`]): word ids, the answers that use each
//! word and pair, the top items, and the pairs' written forms.
//!
//! A question's words get ids in one pass, which also counts their answers into a vector; a
//! group's answers are counted into a vector of the same ids, one group at a time. Pairs are
//! counted into a hash map, only between words used in at least `min` answers, which keeps a
//! million answers' pair map small: a pair is in at most as many answers as its rarer word, so
//! when the last pair kept reaches `min`, no pair left out could have made the table, and
//! otherwise one more pass with `min` lowered to that pair's count is exact
//! ([`pair_candidates`]).

use rustc_hash::{FxHashMap, FxHashSet};

use super::words::{words_of, WordInput};
use crate::analysis::{Analyzer, TermId, Token, Vocabulary};

/// A question's words: an id per distinct term, in the order first met.
pub(super) struct QuestionWords<'t> {
    /// Each term number's word id, [`NONE`] for the terms the question does not use.
    local: Vec<u32>,
    pub(super) terms: Vec<&'t str>,
    vocabulary: &'t Vocabulary,
}

/// No word id.
const NONE: u32 = u32::MAX;

impl<'t> QuestionWords<'t> {
    /// Gives every word of the answers of `subset` an id, and counts the answers that use
    /// each word (indexed by id).
    pub(super) fn count(input: &WordInput<'t>, subset: &[u32]) -> (Self, Vec<u32>) {
        let mut words = QuestionWords {
            local: Vec::new(),
            terms: Vec::new(),
            vocabulary: input.vocabulary,
        };
        let (mut answers, mut last): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
        for (n, answer) in input.numbered(subset) {
            for segment in input.segments(answer) {
                for term in segment {
                    let t = term as usize;
                    if t >= words.local.len() {
                        words.local.resize(t + 1, NONE);
                    }
                    if words.local[t] == NONE {
                        words.local[t] = words.terms.len() as u32;
                        words.terms.push(input.vocabulary.term(term));
                        answers.push(0);
                        last.push(0);
                    }
                    let id = words.local[t] as usize;
                    if last[id] != n {
                        last[id] = n;
                        answers[id] += 1;
                    }
                }
            }
        }
        (words, answers)
    }

    /// A word's id; every word of the question has one.
    pub(super) fn id(&self, term: TermId) -> u32 {
        self.local[term as usize]
    }

    /// The id of the word whose term is `term`, if the question uses it.
    fn id_of(&self, term: &str) -> Option<u32> {
        let t = self.vocabulary.get(term)?;
        self.local.get(t as usize).copied().filter(|&id| id != NONE)
    }

    /// The answers of `subset` (some of the question's) that use each word, indexed by id.
    pub(super) fn answers(&self, input: &WordInput, subset: &[u32]) -> Vec<u32> {
        self.tally(input, subset, |_| 1)
    }

    /// The sum of `weights` (by place in the question's inputs; `None` counts 0) of the
    /// answers of `subset` that use each word, indexed by id.
    pub(super) fn weighted(
        &self,
        input: &WordInput,
        subset: &[u32],
        weights: &[Option<f64>],
    ) -> Vec<f64> {
        // `tally` numbers the answers of `subset` from 1, in order.
        self.tally(input, subset, |n| {
            weights[subset[n as usize - 1] as usize].unwrap_or(0.0)
        })
    }

    /// Each word's sum of `amount(n)` over the answers of `subset` that use it, answer `n`
    /// (numbered from 1) counted once.
    fn tally<T: Copy + Default + std::ops::AddAssign>(
        &self,
        input: &WordInput,
        subset: &[u32],
        mut amount: impl FnMut(u32) -> T,
    ) -> Vec<T> {
        let mut sums = vec![T::default(); self.terms.len()];
        let mut last = vec![0u32; self.terms.len()];
        for (n, answer) in input.numbered(subset) {
            let x = amount(n);
            for segment in input.segments(answer) {
                for term in segment {
                    let id = self.id(term) as usize;
                    if last[id] != n {
                        last[id] = n;
                        sums[id] += x;
                    }
                }
            }
        }
        sums
    }

    /// A pair's two terms, a space between.
    fn pair_term(&self, key: u64) -> String {
        let (a, b) = pair_ids(key);
        format!("{} {}", self.terms[a as usize], self.terms[b as usize])
    }
}

/// A pair of word ids as one key.
pub(super) fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn pair_ids(key: u64) -> (u32, u32) {
    ((key >> 32) as u32, key as u32)
}

/// The answers of `subset` per pair of adjacent words, for pairs whose words are both in at
/// least `min` of them (`counts`): `(answers, the number of the answer that last counted it)`.
pub(super) fn count_pairs(
    input: &WordInput,
    words: &QuestionWords,
    counts: &[u32],
    subset: &[u32],
    min: u32,
) -> FxHashMap<u64, (u32, u32)> {
    let mut pairs: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
    for (n, answer) in input.numbered(subset) {
        for segment in input.segments(answer) {
            let mut previous: Option<u32> = None;
            for term in segment {
                let id = words.id(term);
                if let Some(p) = previous.filter(|&p| p != id) {
                    if counts[p as usize] >= min && counts[id as usize] >= min {
                        let (answers, last) = pairs.entry(pair_key(p, id)).or_default();
                        if *last != n {
                            *last = n;
                            *answers += 1;
                        }
                    }
                }
                previous = Some(id);
            }
        }
    }
    pairs
}

/// An item picked for a table: its key, answers, form shown and term.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Picked<K> {
    pub(super) key: K,
    pub(super) answers: u32,
    pub(super) word: String,
    pub(super) term: String,
}

fn by_answers_then_form<K>(a: &Picked<K>, b: &Picked<K>) -> std::cmp::Ordering {
    b.answers
        .cmp(&a.answers)
        .then_with(|| a.word.cmp(&b.word))
        .then_with(|| a.term.cmp(&b.term))
}

/// Of the items with as many answers as the `n`th most, the first `keep`, by answers, then
/// form, then term. Only the items that reach the `n`th count are given their forms (`form`
/// gives the form shown and the term), and all of them are weighed, so the choice does not
/// depend on the maps' order.
pub(super) fn top<K: Copy>(
    items: impl Iterator<Item = (K, u32)> + Clone,
    n: usize,
    keep: usize,
    form: impl Fn(K) -> (String, String),
) -> Vec<Picked<K>> {
    let mut counts: Vec<u32> = items.clone().map(|(_, c)| c).filter(|&c| c > 0).collect();
    if n == 0 || counts.is_empty() {
        return Vec::new();
    }
    let cut = if counts.len() > n {
        *counts.select_nth_unstable_by(n - 1, |a, b| b.cmp(a)).1
    } else {
        1
    };
    let mut picked: Vec<Picked<K>> = items
        .filter(|&(_, c)| c >= cut)
        .map(|(key, answers)| {
            let (word, term) = form(key);
            Picked {
                key,
                answers,
                word,
                term,
            }
        })
        .collect();
    picked.sort_by(by_answers_then_form);
    picked.truncate(keep);
    picked
}

/// The top words of answers counted in `counts`, each in its most common written form.
pub(super) fn top_words(
    input: &WordInput,
    words: &QuestionWords,
    counts: &[u32],
) -> Vec<Picked<u32>> {
    let n = input.params.top_words;
    let items = counts.iter().enumerate().map(|(id, &c)| (id as u32, c));
    top(items, n, n, |id| {
        let term = words.terms[id as usize];
        (input.forms.most_common(term), term.to_string())
    })
}

/// A pair one answer uses is a quote, not a pattern: pairs need this many answers.
pub(super) const MIN_PAIR_ANSWERS: u32 = 2;

/// Pairs tied at the table's last count are weighed by their written form: this many times
/// the table's rows are kept as candidates for it (the words' own forms ordering them).
const CANDIDATES: usize = 5;

/// The candidates for the top pairs of `subset` (whose words' answers are `counts`), exactly:
/// counted between words of at least `min` answers first (a thousandth of the answers, so a
/// million answers' rare pairs are never held), and again with `min` lowered to the last
/// pair's count when that falls below `min`. Shown as their words' forms until
/// [`finish_pairs`].
pub(super) fn pair_candidates(
    input: &WordInput,
    words: &QuestionWords,
    counts: &[u32],
    subset: &[u32],
) -> Vec<Picked<u64>> {
    let n = input.params.top_pairs;
    let form = |key: u64| {
        let (a, b) = pair_ids(key);
        let f = |id: u32| input.forms.most_common(words.terms[id as usize]);
        (format!("{} {}", f(a), f(b)), words.pair_term(key))
    };
    let mut min = (subset.len() / 1000).max(MIN_PAIR_ANSWERS as usize) as u32;
    loop {
        let pairs = count_pairs(input, words, counts, subset, min);
        let counted = pairs.iter().map(|(&k, &(c, _))| (k, c));
        let picked = top(
            counted.filter(|&(_, c)| c >= MIN_PAIR_ANSWERS),
            n,
            n * CANDIDATES,
            form,
        );
        // A pair left out is in fewer than `min` answers.
        let lowest = match picked.get(n.max(1) - 1) {
            Some(p) if picked.len() >= n => p.answers,
            _ => MIN_PAIR_ANSWERS,
        };
        if min <= MIN_PAIR_ANSWERS || lowest >= min {
            return picked;
        }
        min = lowest;
    }
}

/// The first `n` of the candidates, each shown as written most often (`forms`, from
/// [`pair_forms`]), by answers, then form, then term.
pub(super) fn finish_pairs(
    mut candidates: Vec<Picked<u64>>,
    forms: &FxHashMap<u64, String>,
    n: usize,
) -> Vec<Picked<u64>> {
    for c in &mut candidates {
        if let Some(word) = forms.get(&c.key) {
            c.word.clone_from(word);
        }
    }
    candidates.sort_by(by_answers_then_form);
    candidates.truncate(n);
    candidates
}

/// Occurrences of a pair read again for its written form.
const PAIR_EXAMPLES: usize = 25;

/// Each pair of `keys` as written most often in its first [`PAIR_EXAMPLES`] occurrences in the
/// answers of `subset` ("ajan puute", where the words' own forms would give "aikaa puute"),
/// ties to the alphabetically first. Only the segments that hold a pair still short of
/// examples are analysed again, so this costs a lookup per word and at most `PAIR_EXAMPLES`
/// analyses per pair.
pub(super) fn pair_forms(
    input: &WordInput,
    words: &QuestionWords,
    keys: &FxHashSet<u64>,
    subset: &[u32],
) -> FxHashMap<u64, String> {
    let mut written: FxHashMap<u64, (usize, FxHashMap<String, usize>)> =
        keys.iter().map(|&k| (k, Default::default())).collect();
    let mut short = written.len();
    for &local in subset {
        if short == 0 {
            break;
        }
        let answer = &input.inputs[local as usize];
        let text = &input.answers[input.members[local as usize]].text;
        for unit in answer.units.iter().filter(|u| !u.non_answer) {
            let terms = &answer.terms[unit.terms.start as usize..unit.terms.end as usize];
            let mut previous = None;
            let holds = words_of(terms, input.parts).any(|term| {
                let id = words.id(term);
                let wanted = previous.is_some_and(|p| {
                    written
                        .get(&pair_key(p, id))
                        .is_some_and(|(read, _)| *read < PAIR_EXAMPLES)
                });
                previous = Some(id);
                wanted
            });
            let Some(text) = text.get(unit.from as usize..unit.to as usize) else {
                continue;
            };
            if holds {
                short -= read_pairs(input, words, text, &mut written);
            }
        }
    }
    written
        .into_iter()
        .filter_map(|(key, (_, forms))| {
            let most = forms
                .into_iter()
                .max_by(|(wa, ca), (wb, cb)| ca.cmp(cb).then_with(|| wb.cmp(wa)));
            most.map(|(word, _)| (key, word))
        })
        .collect()
}

/// Analyses a segment's `text` again and counts how its wanted pairs are written; returns how
/// many pairs it gave their last example.
fn read_pairs(
    input: &WordInput,
    words: &QuestionWords,
    text: &str,
    written: &mut FxHashMap<u64, (usize, FxHashMap<String, usize>)>,
) -> usize {
    let tokens = input.analyzer.analyze(text);
    let shown: Vec<&Token> = tokens
        .iter()
        .filter(|t| !t.part && Analyzer::is_feature(t))
        .collect();
    let mut done = 0;
    for w in shown.windows(2) {
        let (Some(a), Some(b)) = (words.id_of(&w[0].term), words.id_of(&w[1].term)) else {
            continue;
        };
        if let Some((read, forms)) = written.get_mut(&pair_key(a, b)) {
            if *read < PAIR_EXAMPLES {
                *read += 1;
                done += usize::from(*read == PAIR_EXAMPLES);
                *forms
                    .entry(format!("{} {}", w[0].word, w[1].word))
                    .or_default() += 1;
            }
        }
    }
    done
}
