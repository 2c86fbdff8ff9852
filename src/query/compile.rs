//! An [`Expr`] to a Tantivy query on one index: words through the index's analyzer, prefixes
//! and typos expanded into the indexed terms they match (so that the same terms both match
//! and are highlighted), phrases at the analyzer's positions.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, TantivyError, Term};

use super::{Expr, WordKind, MAX_EXPANSIONS};
use crate::analysis::Analyzer;

/// Why a parsed query could not be turned into a Tantivy query.
#[derive(Debug)]
pub enum CompileError {
    /// The query asks for something that cannot be searched; the message says what.
    Query(String),
    /// Reading the term dictionary failed.
    Index(TantivyError),
}

impl From<TantivyError> for CompileError {
    fn from(e: TantivyError) -> Self {
        CompileError::Index(e)
    }
}

impl From<std::io::Error> for CompileError {
    fn from(e: std::io::Error) -> Self {
        CompileError::Index(e.into())
    }
}

/// A query ready to run.
pub struct Compiled {
    /// What to match.
    pub query: Box<dyn Query>,
    /// The terms to highlight: every term the query matches on, prefixes and typos expanded,
    /// words under NOT left out.
    pub highlight: Vec<Term>,
    /// What the user should know about how the query was read (words left out, capped
    /// expansions), one sentence each.
    pub notes: Vec<String>,
}

impl Compiled {
    /// A query over [`Compiled::highlight`], for `SnippetGenerator`.
    pub fn highlight_query(&self) -> BooleanQuery {
        BooleanQuery::new(
            self.highlight
                .iter()
                .map(|t| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic)),
                    )
                })
                .collect(),
        )
    }
}

/// Turns `expr` into a query on `field` of the index `searcher` reads, with the analyzer the
/// index was built with.
pub fn compile(
    expr: &Expr,
    searcher: &Searcher,
    field: Field,
    analyzer: &Analyzer,
) -> Result<Compiled, CompileError> {
    let mut c = Compiler {
        searcher,
        field,
        analyzer,
        highlight: BTreeSet::new(),
        left_out: Vec::new(),
        notes: Vec::new(),
    };
    let query = c.expr(expr, false)?;
    let mut notes = Vec::new();
    if !c.left_out.is_empty() {
        notes.push(left_out_note(&c.left_out));
    }
    notes.append(&mut c.notes);
    let Some(query) = query else {
        let why = if notes.is_empty() {
            "no word in it is indexed".to_string()
        } else {
            notes.join("; ")
        };
        return Err(CompileError::Query(format!(
            "nothing left to search for: {why}"
        )));
    };
    Ok(Compiled {
        query,
        highlight: c
            .highlight
            .iter()
            .map(|t| Term::from_field_text(field, t))
            .collect(),
        notes,
    })
}

fn left_out_note(words: &[String]) -> String {
    let mut note = format!(
        "left out of the query (stop words, numbers and one-letter words are not indexed): {}",
        words.join(", ")
    );
    if words.iter().any(|w| {
        matches!(
            w.as_str(),
            "JA" | "TAI" | "EI" | "tai" | "and" | "or" | "not"
        )
    }) {
        note.push_str("; the operators are uppercase AND, OR, NOT");
    }
    note
}

struct Compiler<'a> {
    searcher: &'a Searcher,
    field: Field,
    analyzer: &'a Analyzer,
    /// Terms (text) to highlight.
    highlight: BTreeSet<String>,
    /// Words as written that gave no term.
    left_out: Vec<String>,
    notes: Vec<String>,
}

type Q = Box<dyn Query>;

impl Compiler<'_> {
    /// The query of `expr`; `None` when it has nothing to search for (only stop words), which
    /// its parent then leaves out. `negated`: under an odd number of NOTs (not highlighted).
    fn expr(&mut self, expr: &Expr, negated: bool) -> Result<Option<Q>, CompileError> {
        match expr {
            Expr::Word { text, kind } => self.word(text, *kind, negated),
            Expr::Phrase { text, slop } => Ok(self.phrase(text, *slop, negated)),
            Expr::And(items) => {
                let mut clauses: Vec<(Occur, Q)> = Vec::new();
                let mut positive = false;
                for item in items {
                    if let Expr::Not(inner) = item {
                        if let Some(q) = self.expr(inner, !negated)? {
                            clauses.push((Occur::MustNot, q));
                        }
                    } else if let Some(q) = self.expr(item, negated)? {
                        clauses.push((Occur::Must, q));
                        positive = true;
                    }
                }
                if clauses.is_empty() {
                    return Ok(None);
                }
                if !positive {
                    clauses.insert(0, (Occur::Must, Box::new(AllQuery)));
                }
                if clauses.len() == 1 {
                    return Ok(clauses.pop().map(|(_, q)| q));
                }
                Ok(Some(Box::new(BooleanQuery::new(clauses))))
            }
            Expr::Or(items) => {
                let mut clauses: Vec<(Occur, Q)> = Vec::new();
                for item in items {
                    if let Some(q) = self.expr(item, negated)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                if clauses.len() <= 1 {
                    return Ok(clauses.pop().map(|(_, q)| q));
                }
                Ok(Some(Box::new(BooleanQuery::new(clauses))))
            }
            Expr::Not(inner) => Ok(self.expr(inner, !negated)?.map(|q| -> Q {
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, q),
                ]))
            })),
        }
    }

    fn term(&self, text: &str) -> Term {
        Term::from_field_text(self.field, text)
    }

    fn term_query(&mut self, text: &str, negated: bool) -> Q {
        if !negated {
            self.highlight.insert(text.to_string());
        }
        Box::new(TermQuery::new(
            self.term(text),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// The analyzer's terms of `text`, as (position from the first, term): the words' own
    /// terms, not a compound's parts, which would widen the query beyond the word.
    fn analyzed(&self, text: &str) -> Vec<(usize, String)> {
        let tokens = self.analyzer.analyze_words(text);
        let first = tokens.first().map_or(0, |t| t.position);
        tokens
            .into_iter()
            .map(|t| (t.position - first, t.term))
            .collect()
    }

    /// The words of `text` before its first and after its last index term: stop words (or
    /// numbers) that a phrase cannot check, having no position to hold.
    fn unchecked_edges(&self, text: &str) -> Vec<String> {
        let tokens = self.analyzer.analyze_words(text);
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            return Vec::new();
        };
        let before = text.get(..first.from).unwrap_or_default();
        let after = text.get(last.to..).unwrap_or_default();
        [before, after]
            .iter()
            .flat_map(|edge| edge.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// A phrase: the analyzer's terms at the analyzer's positions, so that a stop word in the
    /// middle is a gap of exactly one word.
    fn phrase(&mut self, text: &str, slop: u32, negated: bool) -> Option<Q> {
        let terms = self.analyzed(text);
        let unchecked = self.unchecked_edges(text);
        if !terms.is_empty() && !unchecked.is_empty() {
            self.notes.push(format!(
                "in \"{text}\", words at the start or end of the phrase that are not indexed \
                 are not checked: {}",
                unchecked.join(", ")
            ));
        }
        if terms.is_empty() {
            self.left_out.push(format!("\"{text}\""));
        }
        self.sequence(&terms, slop, negated)
    }

    /// The query of terms at their offsets: a term query for one, a phrase query for more.
    /// `None` for no terms.
    fn sequence(&mut self, terms: &[(usize, String)], slop: u32, negated: bool) -> Option<Q> {
        match terms {
            [] => None,
            [(_, term)] => Some(self.term_query(term, negated)),
            _ => {
                if !negated {
                    self.highlight.extend(terms.iter().map(|(_, t)| t.clone()));
                }
                let terms = terms
                    .iter()
                    .map(|(offset, t)| (*offset, self.term(t)))
                    .collect();
                Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)))
            }
        }
    }

    fn word(
        &mut self,
        text: &str,
        kind: WordKind,
        negated: bool,
    ) -> Result<Option<Q>, CompileError> {
        let shown = match kind {
            WordKind::Exact => text.to_string(),
            WordKind::Prefix => format!("{text}*"),
            WordKind::Fuzzy(n) => format!("{text}~{n}"),
        };
        let terms = self.analyzed(text);
        let expanded = match kind {
            WordKind::Exact => {
                // Punctuation alone (a dash) is no word; anything else without a term is.
                if terms.is_empty() && text.chars().any(char::is_alphanumeric) {
                    self.left_out.push(shown);
                }
                // A word the analyzer splits (`yhteisö-manageri`) is a phrase of its parts.
                return Ok(self.sequence(&terms, 0, negated));
            }
            WordKind::Prefix => {
                let mut prefixes = vec![text.to_lowercase()];
                prefixes.extend(terms.into_iter().map(|(_, t)| t));
                self.expand_prefixes(&prefixes)?
            }
            WordKind::Fuzzy(distance) => {
                if terms.len() > 1 {
                    return Err(CompileError::Query(format!(
                        "{shown}: ~ applies to one word, and the analyzer reads {text:?} as {} words",
                        terms.len()
                    )));
                }
                let Some((_, term)) = terms.into_iter().next() else {
                    self.left_out.push(shown);
                    return Ok(None);
                };
                let mut targets = vec![term];
                let lower = text.to_lowercase();
                if lower != targets[0] {
                    targets.push(lower);
                }
                self.expand_fuzzy(&targets, distance)?
            }
        };
        Ok(Some(self.expansion(&shown, expanded, negated)))
    }

    /// A query matching any of the expanded terms (found in the most answers first), capped at
    /// [`MAX_EXPANSIONS`] with a note.
    fn expansion(&mut self, shown: &str, found: BTreeMap<String, u64>, negated: bool) -> Q {
        if found.is_empty() {
            self.notes
                .push(format!("{shown} matches no word in the index"));
            return Box::new(EmptyQuery);
        }
        let mut ranked: Vec<(String, u64)> = found.into_iter().collect();
        ranked.sort_by(|(ta, da), (tb, db)| db.cmp(da).then_with(|| ta.cmp(tb)));
        if ranked.len() > MAX_EXPANSIONS {
            self.notes.push(format!(
                "{shown} matches {} indexed words; searching only the {MAX_EXPANSIONS} found in \
                 the most answers (type more letters to narrow it)",
                ranked.len()
            ));
            ranked.truncate(MAX_EXPANSIONS);
        }
        if ranked.len() == 1 {
            return self.term_query(&ranked[0].0, negated);
        }
        let clauses = ranked
            .iter()
            .map(|(t, _)| (Occur::Should, self.term_query(t, negated)))
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    /// Every indexed term starting with one of `prefixes`, with its document frequency.
    fn expand_prefixes(&self, prefixes: &[String]) -> Result<BTreeMap<String, u64>, CompileError> {
        let mut found = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(self.field)?;
            let dict = inverted.terms();
            let mut in_segment = BTreeMap::new();
            for prefix in prefixes.iter().filter(|p| !p.is_empty()) {
                let mut stream = dict.range().ge(prefix.as_bytes()).into_stream()?;
                while stream.advance() {
                    if !stream.key().starts_with(prefix.as_bytes()) {
                        break;
                    }
                    in_segment.insert(stream.key().to_vec(), stream.value().doc_freq);
                }
            }
            merge(&mut found, in_segment);
        }
        Ok(found)
    }

    /// Every indexed term within `distance` edits (a swap of two letters counts as one) of one
    /// of `targets`, with its document frequency.
    fn expand_fuzzy(
        &self,
        targets: &[String],
        distance: u8,
    ) -> Result<BTreeMap<String, u64>, CompileError> {
        let mut found = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(self.field)?;
            let dict = inverted.terms();
            let mut in_segment = BTreeMap::new();
            for target in targets {
                let automaton =
                    FuzzyTermQuery::new(self.term(target), distance, true).automaton()?;
                let mut stream = dict.search(automaton).into_stream()?;
                while stream.advance() {
                    in_segment.insert(stream.key().to_vec(), stream.value().doc_freq);
                }
            }
            merge(&mut found, in_segment);
        }
        Ok(found)
    }
}

/// Adds one segment's document frequencies to the index-wide ones.
fn merge(found: &mut BTreeMap<String, u64>, segment: BTreeMap<Vec<u8>, u32>) {
    for (key, doc_freq) in segment {
        if let Ok(term) = String::from_utf8(key) {
            *found.entry(term).or_default() += u64::from(doc_freq);
        }
    }
}
