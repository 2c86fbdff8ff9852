//! What the report says of each question's themes (counts, shares, quotes, the rules that
//! coded them) and where every row and answer went.

use std::collections::BTreeMap;

use super::build::{BuildInput, Keys};
use super::{Counts, Key, Quote, Response, RuleCount, ThemeKind, ThemeSummary, NO_CONTENT, OTHER};
use crate::coding::{AnswerInput, Code, QuestionCoding};
use crate::ingest::{Corpus, FileStatus};

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
pub(super) fn summaries(
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
            weighted_share: None,
            weighted_mentions_share: None,
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
pub(super) fn counts(corpus: &Corpus, responses: &[Response], named: &[Key]) -> Counts {
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
        counts.named += usize::from(r.themes.iter().any(|t| named.contains(t)));
    }
    counts.answers_with_content = responses.len() - counts.no_content;
    counts.rows_without_content = row_has_content.values().filter(|&&c| !c).count();
    counts
}
