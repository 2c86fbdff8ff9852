//! Keyword in context: every occurrence of a word in the indexed answers, with the words
//! around it, the concordance view of MAXQDA and NVivo (`teema kwic OUT TERM`).
//!
//! The word goes through the index's analyzer, so `arvostus` finds every word whose term is
//! the same; `arvost*` finds every word whose term (or written form) begins with `arvost`,
//! expanded through the index's term dictionary. The index gives the answers that contain one
//! of the terms; each is analysed again to find the words' byte offsets, and the context is
//! cut from the answer as written, never from a neighbouring answer.

mod render;

use std::collections::BTreeSet;
use std::path::Path;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermSetQuery};
use tantivy::{DocAddress, TantivyDocument, Term};
use unicode_segmentation::UnicodeSegmentation;

use crate::analysis::{Analyzer, Token};
use crate::error::{Error, Result};
use crate::index::{Filter, OpenIndex};

use render::natural_cmp;
pub use render::{render, sort};

/// The order of the lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Sort {
    /// By source, row, answer and place in the answer: the order of the exports.
    #[default]
    Position,
    /// By the words before the keyword, nearest first.
    Left,
    /// By the words after the keyword (the classic concordance order).
    Right,
    /// By the keyword as written, then the words after it.
    Keyword,
}

/// What to look for and how to show it.
#[derive(Debug, Clone)]
pub struct KwicRequest {
    /// One word (any inflected form), or a prefix ending in `*`.
    pub term: String,
    /// All must match.
    pub filters: Vec<Filter>,
    /// Words of context on each side.
    pub width: usize,
    pub sort: Sort,
    /// Most lines to return (after sorting); `None`: all.
    pub limit: Option<usize>,
}

/// One occurrence of the keyword with its context.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Line {
    pub id: String,
    pub source: String,
    pub row: u64,
    pub question: String,
    pub theme: String,
    /// Up to `width` words before the keyword, as written; white space (line breaks too)
    /// as single spaces.
    pub left: String,
    /// The word as written (`Arvostuksen`, `KPI:t`).
    pub keyword: String,
    /// Up to `width` words after the keyword, as written.
    pub right: String,
    /// Byte offset of the keyword in the answer.
    #[serde(skip)]
    pub offset: usize,
    /// Was there white space between the left context and the keyword?
    #[serde(skip)]
    pub left_gap: bool,
    /// Was there white space between the keyword and the right context?
    #[serde(skip)]
    pub right_gap: bool,
}

/// Which tokens are occurrences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// The analyzer's term of the word searched for.
    Term(String),
    /// A prefix (`arvost*`): tokens whose term or written form begins with one of these, the
    /// prefix lowercased and, if the analyzer reads it as a word, its term.
    Prefix(Vec<String>),
}

impl Matcher {
    /// The matcher of a TERM argument: a prefix if it ends in `*`, else the term of the one
    /// word it holds.
    pub fn new(analyzer: &Analyzer, term: &str) -> Result<Matcher> {
        let fail = |message: String| Error::Query {
            query: term.to_string(),
            message,
        };
        let trimmed = term.trim();
        if let Some(prefix) = trimmed.strip_suffix('*') {
            let prefix = prefix.trim().to_lowercase();
            if prefix.is_empty() || prefix.contains(char::is_whitespace) || prefix.contains('*') {
                return Err(fail(
                    "give one word or the beginning of one, e.g. `arvost*`".into(),
                ));
            }
            let mut prefixes = vec![prefix.clone()];
            if let [one] = analyzer.analyze_words(&prefix).as_slice() {
                if one.term != prefix {
                    prefixes.push(one.term.clone());
                }
            }
            return Ok(Matcher::Prefix(prefixes));
        }
        if trimmed.is_empty() {
            return Err(fail(
                "give a word to look for, e.g. `arvostus` or `arvost*`".into(),
            ));
        }
        let words = trimmed
            .split_word_bounds()
            .filter(|s| s.chars().any(char::is_alphanumeric))
            .count();
        if words > 1 {
            return Err(fail(
                "kwic looks for one word; use `teema search` for phrases".into(),
            ));
        }
        match analyzer.analyze_words(trimmed).as_slice() {
            [one] => Ok(Matcher::Term(one.term.clone())),
            _ => Err(fail(format!(
                "{trimmed:?} is not indexed (a stop word, a number or a single letter); \
                 `teema analyze` shows how words are read"
            ))),
        }
    }

    /// Is `token` an occurrence?
    pub fn matches(&self, token: &Token) -> bool {
        match self {
            Matcher::Term(term) => token.term == *term,
            Matcher::Prefix(prefixes) => prefixes.iter().any(|prefix| {
                token.term.starts_with(prefix.as_str()) || token.word.starts_with(prefix.as_str())
            }),
        }
    }

    /// The index terms to look up: the term, or every term of the dictionary that begins with
    /// a prefix (and every term a prefix begins with, since a written form that begins with
    /// the prefix can have a shorter term).
    fn index_terms(&self, index: &OpenIndex) -> Result<BTreeSet<String>> {
        let prefixes = match self {
            Matcher::Term(term) => return Ok(BTreeSet::from([term.clone()])),
            Matcher::Prefix(prefixes) => prefixes,
        };
        let io = |e: std::io::Error| index.error(e.into());
        let mut terms = BTreeSet::new();
        let searcher = index.searcher();
        for (segment, prefix) in searcher
            .segment_readers()
            .iter()
            .flat_map(|s| prefixes.iter().map(move |p| (s, p)))
        {
            let inverted = segment
                .inverted_index(index.text_field())
                .map_err(|e| index.error(e))?;
            let dictionary = inverted.terms();
            let mut stream = dictionary.range().ge(prefix).into_stream().map_err(io)?;
            while stream.advance() {
                if !stream.key().starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    terms.insert(term.to_string());
                }
            }
            for (end, _) in prefix.char_indices().skip(1) {
                if dictionary.get(&prefix[..end]).map_err(io)?.is_some() {
                    terms.insert(prefix[..end].to_string());
                }
            }
        }
        Ok(terms)
    }
}

/// Opens the index in `out` and returns the concordance of `request`.
pub fn kwic(out: &Path, request: &KwicRequest) -> Result<Vec<Line>> {
    concordance(&OpenIndex::open(out)?, request)
}

/// The concordance of `request` on an opened index: every occurrence in the answers that pass
/// the filters, sorted, at most `limit`.
pub fn concordance(index: &OpenIndex, request: &KwicRequest) -> Result<Vec<Line>> {
    let matcher = Matcher::new(index.analyzer(), &request.term)?;
    index.check_filters(&request.filters)?;
    let terms = matcher.index_terms(index)?;
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let field = index.text_field();
    let words: Box<dyn Query> = Box::new(TermSetQuery::new(
        terms.iter().map(|t| Term::from_field_text(field, t)),
    ));
    let clauses = std::iter::once(words)
        .chain(index.filter_queries(&request.filters))
        .map(|q| (Occur::Must, q))
        .collect();
    let searcher = index.searcher();
    let docs = searcher
        .search(&BooleanQuery::new(clauses), &DocSetCollector)
        .map_err(|e| index.error(e))?;
    let docs: Vec<DocAddress> = docs.into_iter().collect();
    let mut lines = Vec::new();
    let add = |address: DocAddress, lines: &mut Vec<Line>| -> Result<()> {
        let doc: TantivyDocument = searcher.doc(address).map_err(|e| index.error(e))?;
        let answer = index.stored(&doc);
        for occurrence in occurrences(index.analyzer(), &matcher, &answer.text, request.width) {
            lines.push(Line {
                id: answer.id.clone(),
                source: answer.source.clone(),
                row: answer.row,
                question: answer.question.clone(),
                theme: answer.theme.clone(),
                ..occurrence
            });
        }
        Ok(())
    };
    match (request.sort, request.limit) {
        // The answers in the order of the lines, so that only as many are analysed again as
        // give `limit` lines: `-n 3` on a million answers reads three answers' texts.
        (Sort::Position, Some(limit)) => {
            let keyed = in_position_order(index, &searcher, docs)?;
            for group in keyed.chunk_by(|a, b| a.0 == b.0) {
                if lines.len() >= limit {
                    break;
                }
                let group = by_id(index, &searcher, group)?;
                for address in group {
                    add(address, &mut lines)?;
                }
            }
        }
        _ => {
            for address in docs {
                add(address, &mut lines)?;
            }
        }
    }
    sort(&mut lines, request.sort);
    if let Some(limit) = request.limit {
        lines.truncate(limit);
    }
    Ok(lines)
}

/// The documents keyed by their place, `(source, row)` ranks, in that order; the answers of
/// one row share a key and are ordered by id when they are reached ([`by_id`]). An index from
/// before the places were fast fields gives every document its own key, from the stored
/// citations (source, row, id).
fn in_position_order(
    index: &OpenIndex,
    searcher: &tantivy::Searcher,
    docs: Vec<DocAddress>,
) -> Result<Vec<((u32, u64), DocAddress)>> {
    if let Some(positions) = index.positions(searcher, &docs) {
        let mut keyed: Vec<_> = positions.into_iter().zip(docs).collect();
        keyed.sort_unstable();
        return Ok(keyed);
    }
    let mut stored = Vec::with_capacity(docs.len());
    for address in docs {
        stored.push((stored_citation(index, searcher, address)?, address));
    }
    stored.sort_by(|(a, _), (b, _)| {
        (&a.0, a.1)
            .cmp(&(&b.0, b.1))
            .then_with(|| natural_cmp(&a.2, &b.2))
    });
    Ok(stored
        .into_iter()
        .enumerate()
        .map(|(i, (_, address))| ((i as u32, 0), address))
        .collect())
}

/// One row's documents in the order of their ids.
fn by_id(
    index: &OpenIndex,
    searcher: &tantivy::Searcher,
    group: &[((u32, u64), DocAddress)],
) -> Result<Vec<DocAddress>> {
    if let [(_, one)] = group {
        return Ok(vec![*one]);
    }
    let mut ids = Vec::with_capacity(group.len());
    for &(_, address) in group {
        ids.push((stored_citation(index, searcher, address)?.2, address));
    }
    ids.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    Ok(ids.into_iter().map(|(_, a)| a).collect())
}

/// A document's stored citation: source, row and id.
fn stored_citation(
    index: &OpenIndex,
    searcher: &tantivy::Searcher,
    address: DocAddress,
) -> Result<(String, u64, String)> {
    let doc: TantivyDocument = searcher.doc(address).map_err(|e| index.error(e))?;
    let answer = index.stored(&doc);
    Ok((answer.source, answer.row, answer.id))
}

/// The occurrences of `matcher` in one answer with `width` words of context on each side;
/// only the context fields and `offset` are filled in.
pub fn occurrences(analyzer: &Analyzer, matcher: &Matcher, text: &str, width: usize) -> Vec<Line> {
    let tokens: Vec<Token> = analyzer
        .analyze(text)
        .into_iter()
        .filter(|t| matcher.matches(t))
        .collect();
    if tokens.is_empty() {
        return Vec::new();
    }
    // Every word of the answer (stop words too): the units of context.
    let words: Vec<(usize, usize)> = text
        .split_word_bound_indices()
        .filter(|(_, s)| s.chars().any(char::is_alphanumeric))
        .map(|(start, s)| (start, start + s.len()))
        .collect();
    let mut last_word = None;
    tokens
        .iter()
        .filter_map(|token| {
            let i = words.partition_point(|&(_, end)| end <= token.from);
            // One line per written word, even if the analyzer gives it several tokens.
            if last_word.replace(i) == Some(i) {
                return None;
            }
            let &(start, end) = words.get(i)?;
            // The keyword is the whole written word: `KPI:t`, not just the `KPI` indexed.
            let (from, to) = (start.min(token.from), end.max(token.to));
            // Up to `width` words; the answer's own start and end (with their punctuation) if
            // there are no more words than that.
            let left_from = match i.checked_sub(width) {
                _ if width == 0 => from,
                Some(first) if first > 0 => words[first].0,
                _ => 0,
            };
            let last = i.saturating_add(width);
            let right_to = match words.get(last) {
                _ if width == 0 => to,
                Some(&(_, end)) if last + 1 < words.len() => end.max(to),
                _ => text.len(),
            };
            let left = &text[left_from..from];
            let right = &text[to..right_to];
            Some(Line {
                id: String::new(),
                source: String::new(),
                row: 0,
                question: String::new(),
                theme: String::new(),
                left: one_line(left),
                keyword: text[from..to].to_string(),
                right: one_line(right),
                offset: from,
                left_gap: left.ends_with(char::is_whitespace),
                right_gap: right.starts_with(char::is_whitespace),
            })
        })
        .collect()
}

/// `text` on one line: runs of white space and control characters as one space, trimmed.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if !part.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contexts(text: &str, term: &str, width: usize) -> Vec<(String, String, String)> {
        let analyzer = Analyzer::finnish();
        let matcher = Matcher::new(&analyzer, term).unwrap();
        occurrences(&analyzer, &matcher, text, width)
            .into_iter()
            .map(|l| (l.left, l.keyword, l.right))
            .collect()
    }

    fn triple(l: &str, k: &str, r: &str) -> (String, String, String) {
        (l.into(), k.into(), r.into())
    }

    #[test]
    fn context_is_width_words_as_written() {
        let text = "Meillä on liian vähän aikaa, ja johto\nei ymmärrä sitä. Aikaa ei ole.";
        assert_eq!(
            contexts(text, "aikaa", 2),
            [
                triple("liian vähän", "aikaa", ", ja johto"),
                triple("ymmärrä sitä.", "Aikaa", "ei ole.")
            ]
        );
        assert_eq!(
            contexts(text, "aikaa", 0),
            [triple("", "aikaa", ""), triple("", "Aikaa", "")]
        );
        // Fewer words than the width: the answer's start and end, line breaks as spaces.
        assert_eq!(
            contexts(text, "johto", 10)[0],
            triple(
                "Meillä on liian vähän aikaa, ja",
                "johto",
                "ei ymmärrä sitä. Aikaa ei ole."
            )
        );
    }

    #[test]
    fn keyword_is_the_whole_written_word() {
        assert_eq!(
            contexts("Selkeät KPI:t ja seuranta", "kpi", 1),
            [triple("Selkeät", "KPI:t", "ja")]
        );
    }

    #[test]
    fn prefix_matches_terms_and_written_forms() {
        let analyzer = Analyzer::finnish();
        let m = Matcher::new(&analyzer, "Tykkäyk*").unwrap();
        assert!(
            matches!(&m, Matcher::Prefix(p) if p[0] == "tykkäyk"),
            "{m:?}"
        );
        let text = "tykkäykset, tykkäyksiä ja tykkää";
        let found: Vec<String> = occurrences(&analyzer, &m, text, 0)
            .into_iter()
            .map(|l| l.keyword)
            .collect();
        assert_eq!(found, ["tykkäykset", "tykkäyksiä"]);
    }

    #[test]
    fn terms_that_are_not_one_indexed_word_are_refused() {
        let analyzer = Analyzer::finnish();
        for bad in ["ja", "2026", "x", "", "*", "ei ole aikaa", "aika kiire"] {
            assert!(Matcher::new(&analyzer, bad).is_err(), "{bad:?}");
        }
    }
}
