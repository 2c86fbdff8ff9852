//! Which segment and which answer get which code? The coding policy, in one place:
//!
//! 1. A segment that is a non-answer ("en tiedä", "-") or has no content word is `no_content`.
//! 2. A segment with codebook [`Evidence`] carries those named themes.
//! 3. The other segments are clustered ([`crate::cluster::discover`]); a segment close enough
//!    to its cluster's centre carries the cluster's discovered theme, the rest are `other`.
//!    Clusters of too few answers are `other`; clusters whose labels start with the same word
//!    are one theme; themes beyond the readable number are marked minor ("muut teemat").
//! 4. An answer carries every code of its segments, in order of first mention; `other` and
//!    `no_content` only when it carries nothing else (`no_content` when it has no segment with
//!    content at all).
//!
//! Every code can be traced back: named themes to their evidence, discovered themes to the
//! cluster and its words ([`QuestionCoding`]).

pub mod params;
mod propagate;
mod themes;

use smallvec::{smallvec, SmallVec};
use std::ops::Range;

pub use params::CodingParams;

use crate::analysis::{Term, TermId, Vocabulary};
use crate::cluster::{self, ClusterParams, Discovery};
use crate::codebook::Evidence;
use crate::error::Result;

/// A segment as coding sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Byte offsets of the segment in its answer's text.
    pub from: u32,
    pub to: u32,
    /// Its terms: a range of its answer's [`AnswerInput::terms`].
    pub terms: Range<u32>,
    /// Whether it says nothing ("en tiedä", "ei mitään", "-").
    pub non_answer: bool,
}

/// One answer, analysed and cut into segments, with the codebook's evidence.
#[derive(Debug, Clone, Default)]
pub struct AnswerInput {
    /// The terms clustering counts, in order (compound parts after their word), as numbers in
    /// the run's [`Vocabulary`].
    pub terms: Vec<TermId>,
    pub units: Vec<Unit>,
    /// What the codebook found, segment by segment.
    pub evidence: Vec<Evidence>,
}

impl AnswerInput {
    /// The terms of segment `u`.
    pub fn unit_terms(&self, u: usize) -> &[TermId] {
        let r = &self.units[u].terms;
        &self.terms[r.start as usize..r.end as usize]
    }
}

/// A code of a segment or an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// A named theme of the codebook (its index).
    Named(usize),
    /// A discovered theme of the question (its index in [`QuestionCoding::themes`]).
    Theme(usize),
    /// Content that no theme takes.
    Other,
    /// A non-answer or no content words.
    NoContent,
}

/// A segment's or an answer's codes. Nearly always one: held inline, without an allocation
/// of its own (millions of segments at a million answers).
pub type Codes = SmallVec<[Code; 1]>;

/// How one segment was coded.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitCode {
    /// Its codes: named themes in order of their evidence, or one discovered theme, `other`
    /// or `no_content`.
    pub codes: Codes,
    /// The cluster it was placed in (index in the question's [`Discovery`]), if any.
    pub cluster: Option<u32>,
    /// Its cosine to that cluster's centre.
    pub similarity: f32,
    /// For a named theme no rule gave it: its cosine to the centre of the segments the rules
    /// gave the theme ([`propagate`]).
    pub like: Option<f32>,
}

#[cfg(test)]
impl UnitCode {
    /// A segment with these codes and no cluster, for tests.
    pub(crate) fn with(codes: &[Code]) -> Self {
        UnitCode {
            codes: codes.into(),
            cluster: None,
            similarity: 0.0,
            like: None,
        }
    }
}

/// A theme found by clustering.
#[derive(Debug, Clone)]
pub struct DiscoveredTheme {
    /// The clusters of [`QuestionCoding::discovery`] it is made of.
    pub clusters: Vec<usize>,
    /// Its distinctive terms, distinct words, best first; the label is the first few.
    pub top_terms: Vec<String>,
    /// (answer, segment) of its segments, in input order; emptied when [`code_question`]
    /// is done (the segments' [`UnitCode`]s say it then).
    pub members: Vec<(usize, usize)>,
    /// Answers that carry it.
    pub answers: usize,
    /// (answer, segment) of its representative quotes, best first.
    pub representatives: Vec<(usize, usize)>,
    /// Listed with the other small themes under "muut teemat" rather than on its own.
    pub minor: bool,
}

/// The codes of one question's answers.
#[derive(Debug, Clone)]
pub struct QuestionCoding {
    /// Each answer's codes, in order of first mention.
    pub answers: Vec<Codes>,
    /// Each answer's segments' codes.
    pub units: Vec<Vec<UnitCode>>,
    /// Discovered themes, most answers first.
    pub themes: Vec<DiscoveredTheme>,
    /// Each named theme's representative (answer, segment) quotes, best first.
    pub named_quotes: Vec<Vec<(usize, usize)>>,
    /// Each named theme's distinctive terms in the segments it was given, best first.
    pub named_terms: Vec<Vec<String>>,
    /// The clustering behind the discovered themes.
    pub discovery: Discovery,
}

/// What coding needs to know of words besides the answers: which terms are forms, parts or
/// derivations of one word (for labels, and for merging clusters that repeat one word), and
/// the features that bring the words of one family together in clustering.
pub struct WordKnowledge<'a> {
    /// The terms the answers' numbers stand for.
    pub vocabulary: &'a Vocabulary,
    pub related: &'a (dyn Fn(&str, &str) -> bool + Sync),
    /// Generic words (`stopwords/fi_weak.txt`): no weight in clustering when a segment has
    /// other content words.
    pub weak: &'a (dyn Fn(&str) -> bool + Sync),
    /// Each named theme's guarded terms ([`crate::codebook::Matcher::guarded_terms`]): a
    /// segment with one of them takes the theme from its rules only, never by likeness.
    pub guarded: &'a [rustc_hash::FxHashSet<String>],
    /// Features a term adds to clustering: the term of the word it derives from
    /// (`köyhyys` → `köyhä`, `piirtäminen` → `piirtää`; [`crate::analysis::Analyzer::root_term`]).
    pub kinds: &'a Kinds,
}

/// Features that bring the words of one family together in clustering, by term.
#[derive(Debug, Default)]
pub struct Kinds {
    by_term: rustc_hash::FxHashMap<Term, Vec<std::sync::Arc<str>>>,
}

impl Kinds {
    /// Adds `features` to `term`'s.
    pub fn add(&mut self, term: Term, features: impl IntoIterator<Item = std::sync::Arc<str>>) {
        let mine = self.by_term.entry(term).or_default();
        mine.extend(features);
        mine.sort();
        mine.dedup();
    }

    /// The features of a term.
    pub fn of(&self, term: &str) -> &[std::sync::Arc<str>] {
        self.by_term.get(term).map_or(&[], Vec::as_slice)
    }

    /// Terms with features.
    pub fn len(&self) -> usize {
        self.by_term.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_term.is_empty()
    }
}

/// Codes the answers of one question. `named` is the number of the codebook's themes.
/// `exclusive[t]` says whether named theme `t` is residual (`exclusive = true`: it stays only
/// on answers without another named theme).
pub fn code_question(
    answers: &[AnswerInput],
    exclusive: &[bool],
    words: &WordKnowledge,
    cluster_params: &ClusterParams,
    params: &CodingParams,
) -> Result<QuestionCoding> {
    let named = exclusive.len();
    params.check()?;
    let mut units: Vec<Vec<UnitCode>> = answers.iter().map(named_units).collect();
    for us in &mut units {
        drop_residual(us, exclusive);
    }
    // Segments left to discovery: content, no named theme.
    let items: Vec<(usize, usize)> = units
        .iter()
        .enumerate()
        .flat_map(|(a, us)| {
            us.iter()
                .enumerate()
                .filter(|(_, u)| u.codes.is_empty())
                .map(move |(u, _)| (a, u))
        })
        .collect();
    // A segment's (or answer's) features: its terms but the generic ones (unless it has no
    // other), and their family roots.
    let item_terms = |i: usize| {
        let (a, u) = items[i];
        features(answers[a].unit_terms(u), words)
    };
    let spreading = propagate::spreading(&units, named, params);
    let segment_features = |a: usize, u: usize| features(answers[a].unit_terms(u), words);
    let discovery = cluster::discover(
        answers.len(),
        |a| features(&answers[a].terms, words),
        items.len(),
        item_terms,
        |space| propagate::centres(space, &spreading, &segment_features),
        cluster_params,
    )?;
    for (&(a, u), placed) in items.iter().zip(&discovery.assignment) {
        let unit = &mut units[a][u];
        if let Some((c, sim)) = *placed {
            unit.cluster = Some(c);
            unit.similarity = sim;
        }
        unit.codes = smallvec![Code::Other];
    }
    let declined = |i: usize, t: usize| {
        let (a, u) = items[i];
        let guarded = words.guarded.get(t);
        words
            .vocabulary
            .terms(answers[a].unit_terms(u))
            .any(|term| guarded.is_some_and(|g| g.contains(term)))
    };
    propagate::propagate(
        &mut units,
        &items,
        &discovery.anchored,
        &spreading,
        &declined,
        params,
    );
    // Discovery goes on with the segments that took no named theme.
    let left: Vec<bool> = items
        .iter()
        .map(|&(a, u)| units[a][u].like.is_none())
        .collect();
    let themes = themes::discovered(
        answers,
        &items,
        &left,
        &item_terms,
        &discovery,
        words,
        params,
    );
    for (t, theme) in themes.iter().enumerate() {
        for &(a, u) in &theme.members {
            units[a][u].codes = smallvec![Code::Theme(t)];
        }
    }
    let answer_codes: Vec<Codes> = units.iter().map(|us| roll_up(us)).collect();
    let named_quotes = themes::named_quotes(answers, &answer_codes, named, params);
    let named_terms = themes::named_terms(answers, &units, &themes, named, words, params);
    // The segments carry their clusters and codes now: what placed them (several vectors of
    // millions of entries at a million answers) is not kept.
    let mut discovery = discovery;
    discovery.assignment = Vec::new();
    discovery.anchored = Vec::new();
    let mut themes = themes;
    for theme in &mut themes {
        theme.members = Vec::new();
    }
    Ok(QuestionCoding {
        answers: answer_codes,
        units,
        themes,
        named_quotes,
        named_terms,
        discovery,
    })
}

/// The clustering features of some terms: each term and its family root, generic terms
/// left out when there are others.
fn features<'x>(terms: &'x [TermId], words: &WordKnowledge<'x>) -> Vec<&'x str> {
    let (kinds, weak) = (words.kinds, words.weak);
    let all_weak = words.vocabulary.terms(terms).all(weak);
    let mut out: Vec<&str> = Vec::with_capacity(terms.len() + 2);
    for t in words
        .vocabulary
        .terms(terms)
        .filter(|t| all_weak || !weak(t))
    {
        out.push(t);
        out.extend(kinds.of(t).iter().map(|k| &**k));
    }
    out
}

/// An answer's segments with their named themes (from the evidence); `no_content` for
/// non-answers and segments without content words; no code yet for the rest.
fn named_units(answer: &AnswerInput) -> Vec<UnitCode> {
    answer
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let mut codes = Codes::new();
            if unit.non_answer || unit.terms.is_empty() {
                codes.push(Code::NoContent);
            } else {
                for e in answer.evidence.iter().filter(|e| e.segment() == u) {
                    if !codes.contains(&Code::Named(e.theme())) {
                        codes.push(Code::Named(e.theme()));
                    }
                }
            }
            UnitCode {
                codes,
                cluster: None,
                similarity: 0.0,
                like: None,
            }
        })
        .collect()
}

/// Takes residual themes off an answer's segments when another named theme is on the answer;
/// a segment left without a code is clustered like any other.
fn drop_residual(units: &mut [UnitCode], exclusive: &[bool]) {
    let residual = |c: &Code| matches!(c, Code::Named(t) if exclusive[*t]);
    let other_named = units
        .iter()
        .flat_map(|u| &u.codes)
        .any(|c| matches!(c, Code::Named(_)) && !residual(c));
    if other_named {
        for u in units.iter_mut() {
            u.codes.retain(|c| !residual(c));
        }
    }
}

/// An answer's codes: its segments' themes in order of first mention; `other` when it has
/// content but no theme; `no_content` when it has no content.
pub fn roll_up(units: &[UnitCode]) -> Codes {
    let mut out = Codes::new();
    for code in units.iter().flat_map(|u| &u.codes) {
        if matches!(code, Code::Named(_) | Code::Theme(_)) && !out.contains(code) {
            out.push(*code);
        }
    }
    if out.is_empty() {
        let other = units.iter().any(|u| u.codes.contains(&Code::Other));
        out.push(if other { Code::Other } else { Code::NoContent });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(codes: &[Code]) -> UnitCode {
        UnitCode::with(codes)
    }

    #[test]
    fn answers_carry_their_segments_codes_in_order() {
        let us = [
            unit(&[Code::Theme(2)]),
            unit(&[Code::Named(1), Code::Named(0)]),
            unit(&[Code::Other]),
            unit(&[Code::Theme(2)]),
            unit(&[Code::NoContent]),
        ];
        assert_eq!(
            roll_up(&us).as_slice(),
            [Code::Theme(2), Code::Named(1), Code::Named(0)]
        );
        assert_eq!(
            roll_up(&[unit(&[Code::NoContent]), unit(&[Code::Other])]).as_slice(),
            [Code::Other]
        );
        assert_eq!(
            roll_up(&[unit(&[Code::NoContent])]).as_slice(),
            [Code::NoContent]
        );
        assert_eq!(roll_up(&[]).as_slice(), [Code::NoContent]);
    }

    #[test]
    fn a_residual_theme_stays_only_alone() {
        let exclusive = [false, true];
        let mut us = [unit(&[Code::Named(1)]), unit(&[Code::Named(0)])];
        drop_residual(&mut us, &exclusive);
        assert_eq!(roll_up(&us).as_slice(), [Code::Named(0)]);
        let mut alone = [unit(&[Code::Named(1)]), unit(&[Code::Other])];
        drop_residual(&mut alone, &exclusive);
        assert_eq!(roll_up(&alone).as_slice(), [Code::Named(1)]);
    }
}
