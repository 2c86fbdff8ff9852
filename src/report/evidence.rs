//! Why each code is there, as `responses.csv` and `segments.csv` write it, theme by theme
//! (` | ` between themes):
//!
//! - a named theme: `key: "words" (seed "word")` or `key: "words" (rule 2: "aika" near "ei"
//!   (within 3))`, the words as the respondent wrote them; or, for a segment no rule coded,
//!   `key: "words" (like the segments the rules coded key, cosine 0.52)`;
//! - a discovered theme: `label: cluster 12, cosine 0.71`;
//! - `other`: `other: closest cluster 4, cosine 0.21` (below the threshold), or
//!   `other: no word shared with other answers`;
//! - `no_content`: `no_content: non-answer` or `no_content: no content words`.

use super::build::{BuildInput, Keys};
use super::{ResponseSegment, OTHER};
use crate::codebook::Evidence;
use crate::coding::{AnswerInput, Code, UnitCode};

/// The words of `spans` as written: the text from the first to the last when they are close,
/// else each, joined by " … ".
pub fn quoted_words(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut last: Option<usize> = None;
    for &(from, to) in spans {
        match last {
            Some(end) if from >= end && from - end <= 16 => out.push_str(&text[end..to]),
            Some(_) => {
                out.push_str(" … ");
                out.push_str(&text[from..to]);
            }
            None => out.push_str(&text[from..to]),
        }
        last = Some(to.max(last.unwrap_or(0)));
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One piece of evidence for people: `"ei ole aikaa" (rule 1: "aika" near "ei" (within 3))`.
fn describe_evidence(input: &BuildInput, text: &str, e: &Evidence) -> String {
    let rule = input.matcher.rule(e.theme(), e.rule as usize);
    format!(
        "\"{}\" ({})",
        quoted_words(text, &e.byte_spans()),
        rule.describe(e.trigger as usize, e.near.map(|n| n as usize))
    )
}

/// What put `code` on an answer.
pub(super) fn code_evidence(
    input: &BuildInput,
    keys: &Keys,
    text: &str,
    answer: &AnswerInput,
    units: &[UnitCode],
    code: Code,
) -> String {
    let key = keys.of(code);
    let why = match code {
        Code::Named(t) => {
            let mut seen: Vec<String> = Vec::new();
            for (u, unit) in units.iter().enumerate() {
                if !unit.codes.contains(&code) {
                    continue;
                }
                for d in named_evidence(input, text, answer, u, unit, t) {
                    if !seen.contains(&d) && seen.len() < 3 {
                        seen.push(d);
                    }
                }
            }
            seen.join(", ")
        }
        Code::Theme(_) => {
            let best = units
                .iter()
                .filter(|u| u.codes.contains(&code))
                .max_by(|a, b| a.similarity.total_cmp(&b.similarity));
            match best {
                Some(u) => cluster_words(keys, u),
                None => String::new(),
            }
        }
        Code::Other => other_words(keys, units),
        Code::NoContent => no_content_words(answer),
    };
    format!("{key}: {why}")
}

/// Why segment `u` carries named theme `t`: the rules that matched in it, or its likeness to
/// the segments the rules coded.
fn named_evidence(
    input: &BuildInput,
    text: &str,
    answer: &AnswerInput,
    u: usize,
    unit: &UnitCode,
    t: usize,
) -> Vec<String> {
    if let Some(sim) = unit.like {
        let key = &input.codebook.themes[t].key;
        return vec![format!(
            "\"{}\" (like the segments the rules coded {key}, cosine {sim:.2})",
            quoted_words(
                text,
                &[(answer.units[u].from as usize, answer.units[u].to as usize)]
            )
        )];
    }
    answer
        .evidence
        .iter()
        .filter(|e| e.segment() == u && e.theme() == t)
        .map(|e| describe_evidence(input, text, e))
        .collect()
}

fn cluster_words(keys: &Keys, u: &UnitCode) -> String {
    match u.cluster {
        Some(c) => format!(
            "cluster {}, cosine {:.2}",
            c as usize + keys.cluster_offset,
            u.similarity
        ),
        None => String::new(),
    }
}

fn other_words(keys: &Keys, units: &[UnitCode]) -> String {
    let closest = units
        .iter()
        .filter(|u| u.codes.contains(&Code::Other) && u.cluster.is_some())
        .max_by(|a, b| a.similarity.total_cmp(&b.similarity));
    match closest {
        Some(u) => format!("closest {}", cluster_words(keys, u)),
        None => "no word shared with other answers".to_string(),
    }
}

fn no_content_words(answer: &AnswerInput) -> String {
    if answer.units.iter().any(|u| u.non_answer) {
        "non-answer".to_string()
    } else {
        "no content words".to_string()
    }
}

/// What put a segment's codes on it.
pub(super) fn segment_evidence(
    input: &BuildInput,
    keys: &Keys,
    text: &str,
    answer: &AnswerInput,
    u: usize,
    coded: &UnitCode,
) -> Box<str> {
    let parts: Vec<String> = coded
        .codes
        .iter()
        .filter_map(|&code| {
            let why = match code {
                Code::Named(t) => named_evidence(input, text, answer, u, coded, t).join(", "),
                // Said from the segment's cluster and cosine when written: `segment_line`.
                Code::Theme(_) | Code::Other => return None,
                Code::NoContent if answer.units[u].non_answer => "non-answer".to_string(),
                Code::NoContent => "no content words".to_string(),
            };
            Some(format!("{}: {why}", keys.of(code)))
        })
        .collect();
    parts.join(" | ").into_boxed_str()
}

/// A segment's evidence as `segments.csv` writes it: what the report kept (named themes,
/// `no_content`), else its cluster and cosine.
pub fn segment_line(s: &ResponseSegment) -> std::borrow::Cow<'_, str> {
    if !s.evidence.is_empty() {
        return s.evidence.as_ref().into();
    }
    let key = s.themes.first().map_or("", |k| &**k);
    let near = match (s.cluster, s.similarity) {
        (Some(c), Some(sim)) => format!("cluster {c}, cosine {sim:.2}"),
        _ => String::new(),
    };
    match (key, near.is_empty()) {
        (OTHER, true) => format!("{OTHER}: no word shared with other answers").into(),
        (OTHER, false) => format!("{OTHER}: closest {near}").into(),
        (_, _) => format!("{key}: {near}").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_words_are_quoted_as_written() {
        let text = "Ei ole koskaan aikaa, johto";
        assert_eq!(
            quoted_words(text, &[(0, 2), (15, 20)]),
            "Ei ole koskaan aikaa"
        );
        assert_eq!(quoted_words(text, &[(0, 2), (22, 27)]), "Ei … johto");
        assert_eq!(quoted_words(text, &[(15, 20)]), "aikaa");
    }
}
