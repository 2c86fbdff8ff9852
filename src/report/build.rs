//! Turns the stages' results (the corpus, each question's coding, the codebook's evidence) into
//! the [`Report`] every writer shares: theme summaries per question and over all questions,
//! quotes, cross-tabs, and one row per answer with its segments and evidence.
//! The evidence of each code is written by [`super::evidence`].

use std::sync::Arc;

use std::io::Write;

use smallvec::SmallVec;

use super::details::{encode_row, Details, EncodedSegment};
use super::evidence::{code_evidence, segment_evidence};
use super::summaries::{counts, summaries};
use super::tables::{crosstab, overall_themes};
use super::weights;
use super::{Key, Parameters, QuestionReport, Report, Response, NO_CONTENT, OTHER, SCHEMA_VERSION};
use crate::analysis::SurfaceForms;
use crate::codebook::{Codebook, Matcher};
use crate::coding::{AnswerInput, Code, QuestionCoding};
use crate::error::{Error, Result};
use crate::ingest::{Answer, Corpus};

/// What the report is made of.
pub struct BuildInput<'a> {
    pub parameters: Parameters,
    /// Each part's question (or `(all questions)`) and its answers' indexes in the corpus.
    pub parts: &'a [(String, Vec<usize>)],
    pub codebook: &'a Codebook,
    pub matcher: &'a Matcher,
    /// How each term was written, for labels.
    pub forms: &'a SurfaceForms,
    /// Metadata columns to cross-tabulate by (`--by`).
    pub by: &'a [String],
    /// The metadata column of the survey weights (`--weight`).
    pub weight: Option<&'a str>,
    /// The date column and period of the trends (`--date`, `--period`).
    pub date: Option<&'a super::trends::DateSettings>,
    /// Labels of discovered themes show this many words.
    pub label_terms: usize,
    /// Where the rows' evidence and segments are written ([`super::details`]).
    pub rows_dir: &'a std::path::Path,
}

/// The keys of one part's codes.
pub(super) struct Keys {
    named: Vec<Key>,
    themes: Vec<Key>,
    other: Key,
    no_content: Key,
    /// Run-wide number of the part's first cluster.
    pub(super) cluster_offset: usize,
}

impl Keys {
    pub(super) fn of(&self, code: Code) -> Key {
        match code {
            Code::Named(t) => Arc::clone(&self.named[t]),
            Code::Theme(t) => Arc::clone(&self.themes[t]),
            Code::Other => Arc::clone(&self.other),
            Code::NoContent => Arc::clone(&self.no_content),
        }
    }

    /// The code's place in [`Keys::table`].
    fn index(&self, code: Code) -> u32 {
        let (named, themes) = (self.named.len(), self.themes.len());
        (match code {
            Code::Named(t) => t,
            Code::Theme(t) => named + t,
            Code::Other => named + themes,
            Code::NoContent => named + themes + 1,
        }) as u32
    }

    /// Every key, numbered as [`Keys::index`] numbers the codes.
    fn table(&self) -> Vec<Key> {
        let mut all: Vec<Key> = self.named.iter().chain(&self.themes).cloned().collect();
        all.extend([Arc::clone(&self.other), Arc::clone(&self.no_content)]);
        all
    }
}

/// Rows are made this many at a time, so that one block's details are held, not a part's.
const BLOCK: usize = 1 << 14;

/// Builds the report part by part, as each part (question) is coded: the part's rows are made
/// and its coding freed before the next part is coded. The answers' ids and texts move from
/// the corpus into the report's rows; their evidence and segments go to files in
/// `input.rows_dir` ([`Details`]).
pub struct Builder<'a> {
    input: &'a BuildInput<'a>,
    named: Vec<Key>,
    /// Each part's rows, in the part's order; put in the corpus's order at the end (no slot
    /// per answer held meanwhile).
    built: Vec<Vec<Response>>,
    questions: Vec<QuestionReport>,
    cluster_offset: usize,
    details: Details,
    segments: usize,
}

impl<'a> Builder<'a> {
    /// A report of `total` answers, in `input.parts`.
    pub fn new(input: &'a BuildInput<'a>, total: usize) -> Builder<'a> {
        Builder {
            input,
            named: input
                .codebook
                .themes
                .iter()
                .map(|t| Key::from(t.key.as_str()))
                .collect(),
            built: Vec::with_capacity(input.parts.len()),
            questions: Vec::with_capacity(input.parts.len()),
            cluster_offset: 0,
            details: Details::new(input.rows_dir, input.parts, total),
            segments: 0,
        }
    }

    /// Adds the next part: its answers as coded (in the part's order) and its coding.
    pub fn add(
        &mut self,
        inputs: Vec<AnswerInput>,
        mut coding: QuestionCoding,
        corpus: &mut Corpus,
    ) -> Result<()> {
        let input = self.input;
        let (question, members) = &input.parts[self.built.len()];
        let keys = Keys {
            named: self.named.clone(),
            themes: theme_labels(&coding, input.forms, input.label_terms),
            other: Key::from(OTHER),
            no_content: Key::from(NO_CONTENT),
            cluster_offset: self.cluster_offset,
        };
        let mut responses = rows(
            input,
            &keys,
            &inputs,
            &coding,
            members,
            corpus,
            &mut self.details,
        )
        .map_err(|e| Error::io(input.rows_dir, e))?;
        self.segments += inputs.iter().map(|a| a.units.len()).sum::<usize>();
        for (&i, response) in members.iter().zip(&mut responses) {
            let answer = &mut corpus.answers[i];
            response.id = std::mem::take(&mut answer.id);
            response.text = std::mem::take(&mut answer.text);
        }
        // The segments' codes are in the rows' details now.
        coding.units = Vec::new();
        let mut summaries = summaries(
            input, &keys, question, members, &coding, &inputs, &responses,
        );
        let weights = input.weight.map(|c| weights::answer_weights(&responses, c));
        let weighted = weights
            .as_deref()
            .map(|w| weights::weigh_themes(&mut summaries, &responses, w));
        let crosstabs = input
            .by
            .iter()
            .map(|column| crosstab(column, &responses, &summaries, weights.as_deref()))
            .collect();
        let comparison = input
            .by
            .iter()
            .map(|column| {
                super::compare::compare(column, &responses, &summaries, weights.as_deref())
            })
            .collect();
        let trends = input
            .date
            .map(|date| super::trends::trends(date, &responses, &summaries));
        self.cluster_offset += coding.discovery.centres.nrows();
        let d = &coding.discovery;
        self.questions.push(QuestionReport {
            question: question.clone(),
            answers: members.len(),
            k: d.k,
            k_auto: d.k_auto,
            silhouette: d.silhouette,
            lsa_dims: d.dims,
            vocabulary: d.vocabulary,
            themes: summaries,
            crosstabs,
            weight: weighted,
            comparison,
            trends,
            word_tables: Default::default(), // counted by the pipeline (`words::count`)
        });
        self.built.push(responses);
        Ok(())
    }

    /// The report, once every part is added.
    pub fn finish(self, corpus: &Corpus) -> Report {
        let total = corpus.answers.len();
        let responses = in_corpus_order(total, self.input.parts, self.built);
        let mut counts = counts(corpus, &responses, &self.named);
        counts.segments = self.segments;
        let mut themes = overall_themes(&self.questions, total);
        let weight = self
            .input
            .weight
            .map(|c| weights::weigh_run(c, &mut themes, &responses));
        Report {
            tool: "teema".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: SCHEMA_VERSION,
            parameters: self.input.parameters.clone(),
            counts,
            weight,
            // Issue 14: set by the pipeline, which redacted the corpus.
            redaction: crate::redact::Redaction::default(),
            dates: self
                .input
                .date
                .map(|date| super::trends::date_report(date, &responses)),
            themes,
            questions: self.questions,
            files: corpus.files.clone(),
            skipped: corpus.skipped.clone(),
            responses,
            details: Some(self.details),
            meta_columns: corpus.meta_columns.iter().map(|c| c.to_string()).collect(),
        }
    }
}

/// A part's rows, made on every core a block at a time, their details written to the part's
/// file in order. Each row's id and text are still in the corpus.
fn rows(
    input: &BuildInput,
    keys: &Keys,
    inputs: &[AnswerInput],
    coding: &QuestionCoding,
    members: &[usize],
    corpus: &Corpus,
    details: &mut Details,
) -> std::io::Result<Vec<Response>> {
    let mut file = details.part(keys.table())?;
    let locals: Vec<usize> = (0..members.len()).collect();
    let mut responses: Vec<Response> = Vec::with_capacity(members.len());
    for block in locals.chunks(BLOCK) {
        let made = crate::parallel::map_chunks(block, |chunk| {
            let mut bytes = Vec::new();
            let rows: Vec<Response> = chunk
                .iter()
                .map(|&local| {
                    let a = &corpus.answers[members[local]];
                    response_of(input, keys, &inputs[local], coding, local, a, &mut bytes)
                })
                .collect();
            (rows, bytes)
        });
        for (rows, bytes) in made {
            responses.extend(rows);
            file.write_all(&bytes)?;
        }
    }
    file.flush()?;
    Ok(responses)
}

/// Each discovered theme's label: its first terms in their most frequent written forms; a
/// label that repeats an earlier one gets its rank added.
fn theme_labels(coding: &QuestionCoding, forms: &SurfaceForms, words: usize) -> Vec<Key> {
    let mut seen: Vec<String> = Vec::new();
    coding
        .themes
        .iter()
        .enumerate()
        .map(|(t, theme)| {
            let mut shown: Vec<String> = Vec::new();
            for term in &theme.top_terms {
                let word = forms.readable(term);
                if !shown.contains(&word) {
                    shown.push(word);
                }
                if shown.len() == words {
                    break;
                }
            }
            let mut label = if shown.is_empty() {
                format!("theme {}", t + 1)
            } else {
                shown.join(" · ")
            };
            if seen.contains(&label) {
                label = format!("{label} ({})", t + 1);
            }
            seen.push(label.clone());
            Key::from(label.as_str())
        })
        .collect()
}

/// One answer's row: its themes, cluster, evidence and segments (its id and text are moved in
/// afterwards).
fn response_of(
    input: &BuildInput,
    keys: &Keys,
    answer: &AnswerInput,
    coding: &QuestionCoding,
    local: usize,
    a: &Answer,
    details: &mut Vec<u8>,
) -> Response {
    let units = &coding.units[local];
    let codes = &coding.answers[local];
    let cluster = units
        .iter()
        .find_map(|u| {
            u.cluster
                .filter(|_| u.codes.iter().any(|c| matches!(c, Code::Theme(_))))
        })
        .map(|c| c as usize + keys.cluster_offset);
    let evidence: Vec<String> = codes
        .iter()
        .map(|&code| code_evidence(input, keys, &a.text, answer, units, code))
        .collect();
    let segment_codes: Vec<SmallVec<[u32; 2]>> = units
        .iter()
        .map(|coded| coded.codes.iter().map(|&c| keys.index(c)).collect())
        .collect();
    let segment_evidence: Vec<Box<str>> = units
        .iter()
        .enumerate()
        .map(|(u, coded)| segment_evidence(input, keys, &a.text, answer, u, coded))
        .collect();
    let segments = answer
        .units
        .iter()
        .zip(units)
        .enumerate()
        .map(|(u, (unit, coded))| EncodedSegment {
            from: unit.from,
            to: unit.to,
            codes: &segment_codes[u],
            cluster: coded
                .cluster
                .map(|c| (c as usize + keys.cluster_offset) as u32),
            similarity: coded.cluster.map(|_| coded.similarity),
            evidence: &segment_evidence[u],
        });
    encode_row(details, &evidence.join(" | "), segments);
    Response {
        id: String::new(),
        source: a.source.clone(),
        row: a.row,
        question: a.question.clone(),
        themes: codes.iter().map(|&c| keys.of(c)).collect(),
        cluster,
        text: String::new(),
        meta: a.meta.clone(),
    }
}

/// The parts' rows in the corpus's order (every answer is in one part). The rows are moved
/// into one vector part by part, then put in place by swaps, cycle by cycle: never two copies
/// of every row at once.
fn in_corpus_order<T>(
    total: usize,
    parts: &[(String, Vec<usize>)],
    mut built: Vec<Vec<T>>,
) -> Vec<T> {
    if built.len() == 1 {
        // One part holds every answer in order.
        return built.pop().expect("one part");
    }
    // Where each row goes, the parts' rows one after another.
    let mut to: Vec<u32> = parts
        .iter()
        .flat_map(|(_, members)| members.iter().map(|&i| i as u32))
        .collect();
    let mut all = Vec::with_capacity(total);
    for mut part in built {
        all.append(&mut part);
    }
    for j in 0..all.len() {
        while to[j] as usize != j {
            let k = to[j] as usize;
            all.swap(j, k);
            to.swap(j, k);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::in_corpus_order;

    #[test]
    fn rows_built_part_by_part_come_back_in_the_corpus_order() {
        // Three questions whose answers interleave as rows of an export do, one part longer.
        let members = [vec![0, 3, 6, 9, 10], vec![1, 4, 7], vec![2, 5, 8, 11]];
        let parts: Vec<(String, Vec<usize>)> = members
            .iter()
            .enumerate()
            .map(|(q, m)| (format!("q{q}"), m.clone()))
            .collect();
        let built: Vec<Vec<usize>> = members.to_vec();
        assert_eq!(
            in_corpus_order(12, &parts, built),
            (0..12).collect::<Vec<_>>()
        );
        let one = vec![("q".to_string(), vec![0, 1, 2])];
        assert_eq!(in_corpus_order(3, &one, vec![vec![7, 8, 9]]), [7, 8, 9]);
    }
}
