//! Keyword in context: every occurrence of a word in the indexed answers, with the words
//! around it, the concordance view of MAXQDA and NVivo (`teema kwic OUT TERM`).
//!
//! The word goes through the index's analyzer, so `arvostus` finds every word whose term is
//! the same; `arvost*` finds every word whose term (or written form) begins with `arvost`,
//! expanded through the index's term dictionary. The index gives the answers that contain one
//! of the terms; each is analysed again to find the words' byte offsets, and the context is
//! cut from the answer as written, never from a neighbouring answer.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::path::Path;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermSetQuery};
use tantivy::{DocAddress, TantivyDocument, Term};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::analysis::{Analyzer, Token};
use crate::error::{Error, Result};
use crate::index::{Filter, OpenIndex};

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
    let mut docs: Vec<DocAddress> = docs.into_iter().collect();
    let mut enough = None;
    if let (Sort::Position, Some(limit)) = (request.sort, request.limit) {
        // The answers in the order of the lines, so that only as many are analysed again as
        // give `limit` lines: `-n 3` on a million answers reads their citations, not texts.
        let mut keyed = Vec::with_capacity(docs.len());
        for address in docs {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| index.error(e))?;
            let answer = index.stored(&doc);
            keyed.push(((answer.source, answer.row, answer.id), address));
        }
        keyed.sort_by(|(a, _), (b, _)| {
            (&a.0, a.1)
                .cmp(&(&b.0, b.1))
                .then_with(|| natural_cmp(&a.2, &b.2))
        });
        docs = keyed.into_iter().map(|(_, address)| address).collect();
        enough = Some(limit);
    }
    let mut lines = Vec::new();
    for address in docs {
        if enough.is_some_and(|limit| lines.len() >= limit) {
            break;
        }
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
    }
    sort(&mut lines, request.sort);
    if let Some(limit) = request.limit {
        lines.truncate(limit);
    }
    Ok(lines)
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

/// Sorts lines by `by`; ties (and [`Sort::Position`]) by source, row, id and offset.
pub fn sort(lines: &mut [Line], by: Sort) {
    let words =
        |s: &str| -> Vec<String> { s.unicode_words().map(str::to_lowercase).collect::<Vec<_>>() };
    let key = |line: &Line| -> Vec<String> {
        match by {
            Sort::Position => Vec::new(),
            Sort::Left => words(&line.left).into_iter().rev().collect(),
            Sort::Right => words(&line.right),
            Sort::Keyword => std::iter::once(line.keyword.to_lowercase())
                .chain(words(&line.right))
                .collect(),
        }
    };
    lines.sort_by(position_order);
    if by != Sort::Position {
        // Stable: lines with the same key stay in the order of the exports.
        lines.sort_by_cached_key(key);
    }
}

/// The order of the exports: source, row, answer id (numbers compared as numbers, so `q10`
/// comes after `q9`), place in the answer.
fn position_order(a: &Line, b: &Line) -> Ordering {
    a.source
        .cmp(&b.source)
        .then(a.row.cmp(&b.row))
        .then_with(|| natural_cmp(&a.id, &b.id))
        .then(a.offset.cmp(&b.offset))
}

/// Compares strings with runs of ASCII digits compared by value.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = s;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let digits = first.is_ascii_digit();
            let end = rest
                .find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            let (chunk, tail) = rest.split_at(end);
            rest = tail;
            Some((digits, chunk))
        })
    }
    let mut ca = chunks(a);
    let mut cb = chunks(b);
    loop {
        match (ca.next(), cb.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some((true, x)), Some((true, y))) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                let order = x.len().cmp(&y.len()).then(x.cmp(y));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some((_, x)), Some((_, y))) => {
                if x != y {
                    return x.cmp(y);
                }
            }
        }
    }
}

/// The widest a context is shown in text output, in columns per word of context: wider
/// contexts (a long URL) are cut with `…` on the outer side, so one line cannot push the
/// keyword column far to the right.
const COLUMNS_PER_WORD: usize = 12;

/// The lines as an aligned concordance: the left contexts right-aligned so that the keywords
/// form one column, the keyword between `open` and `close` (`[` `]`, or bold on a terminal),
/// the right context, then `id  source:row`. Widths are terminal columns (`unicode-width`: ä is
/// one, an emoji two); `width` is the words of context asked for, which caps each side.
pub fn render(lines: &[Line], width: usize, open: &str, close: &str) -> String {
    let cap = width.saturating_mul(COLUMNS_PER_WORD).max(COLUMNS_PER_WORD);
    let lefts: Vec<String> = lines
        .iter()
        .map(|l| {
            let left = cut_left(&l.left, cap);
            if l.left_gap && !left.is_empty() {
                left + " "
            } else {
                left
            }
        })
        .collect();
    let rights: Vec<String> = lines
        .iter()
        .map(|l| {
            let right = cut_right(&l.right, cap);
            let gap = if l.right_gap && !right.is_empty() {
                " "
            } else {
                ""
            };
            format!("{}{gap}{right}", l.keyword)
        })
        .collect();
    let left_width = lefts.iter().map(|s| s.width()).max().unwrap_or(0);
    let right_width = rights.iter().map(|s| s.width()).max().unwrap_or(0);
    let mut out = String::new();
    for ((line, left), right) in lines.iter().zip(&lefts).zip(&rights) {
        out.extend(std::iter::repeat_n(' ', left_width - left.width()));
        out.push_str(left);
        out.push_str(open);
        out.push_str(&line.keyword);
        out.push_str(close);
        out.push_str(&right[line.keyword.len()..]);
        out.extend(std::iter::repeat_n(' ', right_width - right.width()));
        out.push_str(&format!("  {}  {}:{}\n", line.id, line.source, line.row));
    }
    out
}

/// The end of `s` that fits in `cap` columns, with `…` in front if cut.
fn cut_left(s: &str, cap: usize) -> String {
    if s.width() <= cap {
        return s.to_string();
    }
    let mut used = 1;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > cap {
            break;
        }
        start = i;
    }
    format!("…{}", s[start..].trim_start())
}

/// The start of `s` that fits in `cap` columns, with `…` after it if cut.
fn cut_right(s: &str, cap: usize) -> String {
    if s.width() <= cap {
        return s.to_string();
    }
    let mut used = 1;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        used += c.width().unwrap_or(0);
        if used > cap {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}…", s[..end].trim_end())
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

    #[test]
    fn natural_order_of_ids() {
        let mut ids = ["V1.q10", "V1.q2", "V10.q1", "V2.q1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["V1.q2", "V1.q10", "V2.q1", "V10.q1"]);
    }

    #[test]
    fn cutting_keeps_the_side_next_to_the_keyword() {
        assert_eq!(cut_left("yksi kaksi kolme", 7), "…kolme");
        assert_eq!(cut_right("yksi kaksi kolme", 7), "yksi k…");
        assert_eq!(cut_right("yksi kaksi kolme", 6), "yksi…");
        assert_eq!(cut_left("äö", 2), "äö");
    }

    #[test]
    fn render_aligns_the_keyword_column() {
        let line = |left: &str, keyword: &str, right: &str| Line {
            id: "1".into(),
            source: "a.csv".into(),
            row: 2,
            question: String::new(),
            theme: String::new(),
            left: left.into(),
            keyword: keyword.into(),
            right: right.into(),
            offset: 0,
            left_gap: !left.is_empty(),
            right_gap: !right.is_empty(),
        };
        let out = render(
            &[
                line("työtä ei arvosteta", "yhtään", "."),
                line("", "Äänet", "kuuluu"),
                line("öö", "yhtään", ""),
            ],
            5,
            "[",
            "]",
        );
        let columns: Vec<usize> = out
            .lines()
            .map(|l| l[..l.find('[').unwrap()].width())
            .collect();
        assert_eq!(columns, [19, 19, 19], "{out}");
        let ends: Vec<usize> = out
            .lines()
            .map(|l| l[..l.find("  1  ").unwrap()].width())
            .collect();
        assert!(ends.iter().all(|&e| e == ends[0]), "{out}");
    }
}
