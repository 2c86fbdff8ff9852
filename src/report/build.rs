//! Turns the stages' results (the corpus, each question's coding, the codebook's evidence) into
//! the [`Report`] every writer shares: theme summaries per question and over all questions,
//! quotes, cross-tabs, and one row per answer with its segments and evidence.
//! The evidence of each code is written by [`super::evidence`].

use std::collections::BTreeMap;
use std::sync::Arc;

use super::evidence::{code_evidence, segment_evidence};
use super::tables::{crosstab, overall_themes};
use super::{
    Counts, Key, Parameters, QuestionReport, Quote, Report, Response, ResponseSegment, RuleCount,
    ThemeKind, ThemeSummary, NO_CONTENT, OTHER, SCHEMA_VERSION,
};
use crate::analysis::SurfaceForms;
use crate::codebook::{Codebook, Matcher};
use crate::coding::{AnswerInput, Code, QuestionCoding};
use crate::ingest::{Answer, Corpus, FileStatus};

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
    /// Labels of discovered themes show this many words.
    pub label_terms: usize,
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
}

/// Builds the report from each part's answers as coded (in the part's order) and its coding,
/// freed part by part. The answers' ids and texts move from `corpus` into the report's rows.
pub fn build(
    input: &BuildInput,
    coded: Vec<(Vec<AnswerInput>, QuestionCoding)>,
    corpus: &mut Corpus,
) -> Report {
    let total = corpus.answers.len();
    let named: Vec<Key> = input
        .codebook
        .themes
        .iter()
        .map(|t| Key::from(t.key.as_str()))
        .collect();
    // Each part's rows, in the part's order; put in the corpus's order at the end, when the
    // coding they were made from is gone (no slot per answer held meanwhile).
    let mut built: Vec<Vec<Response>> = Vec::with_capacity(input.parts.len());
    let mut questions = Vec::with_capacity(input.parts.len());
    let mut cluster_offset = 0;
    for ((question, members), (inputs, mut coding)) in input.parts.iter().zip(coded) {
        let inputs = &inputs;
        let keys = Keys {
            named: named.clone(),
            themes: theme_labels(&coding, input.forms, input.label_terms),
            other: Key::from(OTHER),
            no_content: Key::from(NO_CONTENT),
            cluster_offset,
        };
        // Rows are made on every core, then take their id and text from the corpus.
        let locals: Vec<usize> = (0..members.len()).collect();
        let answers = &corpus.answers;
        let made = crate::parallel::map_chunks(&locals, |chunk| {
            chunk
                .iter()
                .map(|&local| {
                    let a = &answers[members[local]];
                    response_of(input, &keys, &inputs[local], &coding, local, a)
                })
                .collect::<Vec<Response>>()
        });
        let mut responses: Vec<Response> = Vec::with_capacity(members.len());
        for chunk in made {
            responses.extend(chunk);
        }
        for (&i, response) in members.iter().zip(&mut responses) {
            let answer = &mut corpus.answers[i];
            response.id = std::mem::take(&mut answer.id);
            response.text = std::mem::take(&mut answer.text);
        }
        // The segments' codes are in the rows now.
        coding.units = Vec::new();
        let summaries = summaries(input, &keys, question, members, &coding, inputs, &responses);
        let crosstabs = input
            .by
            .iter()
            .map(|column| crosstab(column, &responses, &summaries))
            .collect();
        cluster_offset += coding.discovery.centres.nrows();
        let d = &coding.discovery;
        questions.push(QuestionReport {
            question: question.clone(),
            answers: members.len(),
            k: d.k,
            k_auto: d.k_auto,
            silhouette: d.silhouette,
            lsa_dims: d.dims,
            vocabulary: d.vocabulary,
            themes: summaries,
            crosstabs,
        });
        built.push(responses);
    }
    let responses = in_corpus_order(total, input.parts, built);
    let counts = counts(corpus, &responses, &named);
    Report {
        tool: "teema".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: SCHEMA_VERSION,
        parameters: input.parameters.clone(),
        counts,
        // Issue 14: set by the pipeline, which redacted the corpus.
        redaction: crate::redact::Redaction::default(),
        themes: overall_themes(&questions, total),
        questions,
        files: corpus.files.clone(),
        skipped: corpus.skipped.clone(),
        responses,
        meta_columns: corpus.meta_columns.iter().map(|c| c.to_string()).collect(),
    }
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
    let segments = answer
        .units
        .iter()
        .zip(units)
        .enumerate()
        .map(|(u, (unit, coded))| ResponseSegment {
            from: unit.from,
            to: unit.to,
            themes: coded.codes.iter().map(|&c| keys.of(c)).collect(),
            cluster: coded
                .cluster
                .map(|c| (c as usize + keys.cluster_offset) as u32),
            similarity: coded.cluster.map(|_| coded.similarity),
            evidence: segment_evidence(input, keys, &a.text, answer, u, coded),
        })
        .collect();
    Response {
        id: String::new(),
        source: a.source.clone(),
        row: a.row,
        question: a.question.clone(),
        themes: codes.iter().map(|&c| keys.of(c)).collect(),
        cluster,
        evidence: evidence.join(" | "),
        text: String::new(),
        meta: a.meta.clone(),
        segments,
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

/// A quote of the part's answer `local` with segment `unit` highlighted.
fn quote(
    responses: &[Response],
    inputs: &[AnswerInput],
    local: usize,
    unit: Option<usize>,
) -> Quote {
    let r = &responses[local];
    Quote {
        id: r.id.clone(),
        source: r.source.to_string(),
        row: r.row,
        question: r.question.to_string(),
        text: r.text.clone(),
        highlight: unit.map(|u| {
            let unit = &inputs[local].units[u];
            (unit.from as usize, unit.to as usize)
        }),
    }
}

/// A question's theme summaries: named and discovered themes by answers carrying them, minor
/// themes after them, then `other` and `no_content`.
fn summaries(
    input: &BuildInput,
    keys: &Keys,
    question: &str,
    members: &[usize],
    coding: &QuestionCoding,
    inputs: &[AnswerInput],
    responses: &[Response],
) -> Vec<ThemeSummary> {
    let n = members.len().max(1) as f64;
    let mut first: BTreeMap<Code, usize> = BTreeMap::new();
    let mut mentions: BTreeMap<Code, usize> = BTreeMap::new();
    for codes in &coding.answers {
        *first.entry(codes[0]).or_default() += 1;
        for &c in codes {
            *mentions.entry(c).or_default() += 1;
        }
    }
    let summary = |code: Code, kind: ThemeKind| {
        let count = first.get(&code).copied().unwrap_or(0);
        let named = match code {
            Code::Named(t) => Some(&input.codebook.themes[t]),
            _ => None,
        };
        ThemeSummary {
            key: keys.of(code).to_string(),
            kind,
            label: named.map_or_else(|| keys.of(code).to_string(), |t| t.label_fi.clone()),
            label_fi: named.map(|t| t.label_fi.clone()),
            label_en: named.map(|t| t.label_en.clone()),
            named: named.is_some(),
            question: (kind == ThemeKind::Discovered).then(|| question.to_string()),
            clusters: Vec::new(),
            minor: false,
            count,
            share: count as f64 / n,
            mentions: mentions.get(&code).copied().unwrap_or(0),
            top_terms: Vec::new(),
            rules: Vec::new(),
            quotes: Vec::new(),
        }
    };
    let mut out: Vec<ThemeSummary> = Vec::new();
    for (t, quotes) in coding.named_quotes.iter().enumerate() {
        let mut s = summary(Code::Named(t), ThemeKind::Named);
        if s.mentions == 0 {
            continue;
        }
        s.quotes = quotes
            .iter()
            .map(|&(a, u)| quote(responses, inputs, a, Some(u)))
            .collect();
        s.rules = rule_counts(input, inputs, coding, t);
        s.top_terms = coding.named_terms[t]
            .iter()
            .map(|t| input.forms.readable(t))
            .collect();
        s.top_terms.dedup();
        out.push(s);
    }
    for (t, theme) in coding.themes.iter().enumerate() {
        let mut s = summary(Code::Theme(t), ThemeKind::Discovered);
        s.minor = theme.minor;
        s.clusters = theme
            .clusters
            .iter()
            .map(|c| c + keys.cluster_offset)
            .collect();
        s.top_terms = theme
            .top_terms
            .iter()
            .map(|t| input.forms.readable(t))
            .collect();
        s.top_terms.dedup();
        s.quotes = theme
            .representatives
            .iter()
            .map(|&(a, u)| quote(responses, inputs, a, Some(u)))
            .collect();
        out.push(s);
    }
    out.sort_by(|a, b| {
        a.minor
            .cmp(&b.minor)
            .then(b.mentions.cmp(&a.mentions))
            .then(b.named.cmp(&a.named))
            .then(a.key.cmp(&b.key))
    });
    for (code, kind) in [
        (Code::Other, ThemeKind::Other),
        (Code::NoContent, ThemeKind::NoContent),
    ] {
        let mut s = summary(code, kind);
        if s.mentions == 0 {
            continue;
        }
        s.quotes = (0..members.len())
            .filter(|&a| coding.answers[a].as_slice() == [code])
            .take(3)
            .map(|a| quote(responses, inputs, a, None))
            .collect();
        out.push(s);
    }
    out
}

/// How many answers each seed or rule of named theme `t` coded, most first (at most 10).
fn rule_counts(
    input: &BuildInput,
    inputs: &[AnswerInput],
    coding: &QuestionCoding,
    t: usize,
) -> Vec<RuleCount> {
    let mut counts: BTreeMap<(u32, u32, Option<u32>), usize> = BTreeMap::new();
    for (answer, codes) in inputs.iter().zip(&coding.answers) {
        if !codes.contains(&Code::Named(t)) {
            continue;
        }
        let mut seen: Vec<(u32, u32, Option<u32>)> = answer
            .evidence
            .iter()
            .filter(|e| e.theme() == t)
            .map(|e| (e.rule, e.trigger, e.near))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for key in seen {
            *counts.entry(key).or_default() += 1;
        }
    }
    let mut out: Vec<RuleCount> = counts
        .into_iter()
        .map(|((rule, trigger, near), answers)| RuleCount {
            rule: input
                .matcher
                .rule(t, rule as usize)
                .describe(trigger as usize, near.map(|n| n as usize)),
            answers,
        })
        .collect();
    out.sort_by(|a, b| b.answers.cmp(&a.answers).then_with(|| a.rule.cmp(&b.rule)));
    out.truncate(10);
    out
}

/// Where every row and answer went.
fn counts(corpus: &Corpus, responses: &[Response], named: &[Key]) -> Counts {
    let rows = corpus.row_counts();
    let mut counts = Counts {
        files: corpus.files_with(FileStatus::Read),
        files_duplicate: corpus.files_with(FileStatus::Duplicate),
        files_skipped: corpus.files_with(FileStatus::Skipped),
        files_failed: corpus.files_with(FileStatus::Failed),
        rows_read: rows.rows,
        rows_ingested: rows.ingested,
        rows_empty: rows.empty,
        rows_duplicate: rows.duplicate,
        rows_skipped: rows.skipped,
        answers: responses.len(),
        answers_duplicate: rows.answers_duplicate,
        ..Counts::default()
    };
    // Whether each (file, row) gave at least one answer with content.
    let mut row_has_content: BTreeMap<(&str, usize), bool> = BTreeMap::new();
    for r in responses {
        let first = &*r.themes[0];
        *row_has_content.entry((&r.source, r.row)).or_default() |= first != NO_CONTENT;
        match first {
            NO_CONTENT => counts.no_content += 1,
            OTHER => counts.other += 1,
            _ => counts.clustered += 1,
        }
        counts.segments += r.segments.len();
        counts.named += usize::from(r.themes.iter().any(|t| named.contains(t)));
    }
    counts.answers_with_content = responses.len() - counts.no_content;
    counts.rows_without_content = row_has_content.values().filter(|&&c| !c).count();
    counts
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
