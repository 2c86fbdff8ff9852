//! The query language of `teema search`, parsed here rather than by Tantivy's `QueryParser`
//! so that every part of it does what it says (Tantivy's parser turns `arvost*` into a plain
//! term and has no typo search on a custom tokenizer).
//!
//! ```text
//! johto arvostus          both words (AND is the default between words)
//! kiire OR budjetti       either word
//! johto NOT budjetti      johto without budjetti; also `johto -budjetti`; `+word` is required
//! (kiire OR työ) johto    parentheses group; AND binds tighter than OR
//! "johto ei ymmärrä"      a phrase: these words in this order, stop words keep their place
//! "johto ymmärrä"~2       a phrase with up to 2 words of slack (slop)
//! arvost*                 every indexed word starting with `arvost` (at most 64, the commonest)
//! modreointi~1            words one typo away (`~2`: two typos, `~` alone: one)
//! ```
//!
//! Operators are uppercase `AND`, `OR`, `NOT`; lowercase words (`ja`, `tai`, `ei`, `and`, …)
//! are always words. Every word goes through the index's analyzer; words the analyzer does not
//! index (stop words, numbers, one-letter words) are left out of the query with a note, except
//! inside a phrase, where they keep their place as a gap of one word.
//!
//! [`parse`] turns the text into an [`Expr`] (pure; errors name the character); [`compile`]
//! turns an `Expr` into a Tantivy query against one index, expanding prefixes and typos into
//! the indexed terms they match, so that the same terms both match and are highlighted.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, TantivyError, Term};

use crate::analysis::Analyzer;

/// Most indexed terms a prefix (`arvost*`) or a typo search (`term~1`) expands to; the terms
/// found in the most answers are kept.
pub const MAX_EXPANSIONS: usize = 64;

/// Largest edit distance of `term~N`.
pub const MAX_TYPOS: u8 = 2;

/// Largest slop of `"phrase"~N`.
pub const MAX_SLOP: u32 = 100;

/// Deepest nesting of parentheses and `NOT`s.
const MAX_DEPTH: usize = 64;

/// How a single word of the query matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// The word's term (after the analyzer).
    Exact,
    /// `word*`: every indexed term starting with the word (or with its term).
    Prefix,
    /// `word~N`: every indexed term within N edits of the word's term.
    Fuzzy(u8),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// One word as written (without its `*` or `~N`).
    Word { text: String, kind: WordKind },
    /// The text between double quotes, and the slop of `"…"~N`.
    Phrase { text: String, slop: u32 },
    /// All must match.
    And(Vec<Expr>),
    /// At least one must match.
    Or(Vec<Expr>),
    /// Must not match.
    Not(Box<Expr>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String, WordKind),
    Phrase(String, u32),
    Open,
    Close,
    And,
    Or,
    Not,
    /// `+` directly before a word, phrase or `(`.
    Plus,
    /// `-` directly before a word, phrase or `(`.
    Minus,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Word(w, _) => format!("{w:?}"),
            Tok::Phrase(p, _) => format!("\"{p}\""),
            Tok::Open => "(".into(),
            Tok::Close => ")".into(),
            Tok::And => "AND".into(),
            Tok::Or => "OR".into(),
            Tok::Not => "NOT".into(),
            Tok::Plus => "+".into(),
            Tok::Minus => "-".into(),
        }
    }
}

/// A token and the 1-based character where it starts.
type Spanned = (Tok, usize);

fn is_quote(c: char) -> bool {
    // Straight quotes, and the typographic ones word processors put in: ” (Finnish), “ „.
    matches!(c, '"' | '”' | '“' | '„')
}

fn ends_word(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || is_quote(c)
}

fn lex(query: &str) -> Result<Vec<Spanned>, String> {
    let chars: Vec<char> = query.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            toks.push((Tok::Open, at));
            i += 1;
        } else if c == ')' {
            toks.push((Tok::Close, at));
            i += 1;
        } else if is_quote(c) {
            let (tok, next) = phrase_token(&chars, i)?;
            toks.push((tok, at));
            i = next;
        } else if c == '+' || c == '-' {
            // At the start of a token: an operator on what follows, without a space.
            let operand = chars.get(i + 1);
            if !operand.is_some_and(|&n| !n.is_whitespace() && n != ')') {
                return Err(format!(
                    "{c:?} at character {at} must be directly followed by a word, a phrase or ( \
                 (like {c}kiire)"
                ));
            }
            toks.push((if c == '+' { Tok::Plus } else { Tok::Minus }, at));
            i += 1;
        } else {
            let len = chars[i..]
                .iter()
                .position(|&c| ends_word(c))
                .unwrap_or(chars.len() - i);
            let word: String = chars[i..i + len].iter().collect();
            i += len;
            toks.push((word_token(&word, at)?, at));
        }
    }
    Ok(toks)
}

/// The phrase whose opening quote is `chars[open]`, with its `~N`, and the index after it.
fn phrase_token(chars: &[char], open: usize) -> Result<(Tok, usize), String> {
    let at = open + 1;
    let start = open + 1;
    let Some(len) = chars[start..].iter().position(|&c| is_quote(c)) else {
        return Err(format!(
            "the quote at character {at} is never closed; end the phrase with \""
        ));
    };
    let text: String = chars[start..start + len].iter().collect();
    if text.trim().is_empty() {
        return Err(format!("empty phrase at character {at}"));
    }
    // `closed` is the 1-based place of the closing quote, and the index after it.
    let closed = start + len + 1;
    match chars.get(closed) {
        Some('~') => {
            let digits: String = chars[closed + 1..]
                .iter()
                .take_while(|c| !ends_word(**c))
                .collect();
            let slop = if digits.is_empty() {
                1
            } else {
                digits
                    .parse::<u32>()
                    .ok()
                    .filter(|&n| n <= MAX_SLOP)
                    .ok_or_else(|| {
                        format!(
                            "~{digits} after the phrase closed at character {closed}: the slop \
                             of a phrase is a number of words, 0 to {MAX_SLOP}"
                        )
                    })?
            };
            Ok((Tok::Phrase(text, slop), closed + 1 + digits.chars().count()))
        }
        Some(&c) if !ends_word(c) => Err(format!(
            "unexpected {c:?} right after the phrase closed at character {closed}; put a space \
             after the closing quote"
        )),
        _ => Ok((Tok::Phrase(text, 0), closed)),
    }
}

/// An operator, or a word with its `*` or `~N`.
fn word_token(word: &str, at: usize) -> Result<Tok, String> {
    match word {
        "AND" => return Ok(Tok::And),
        "OR" => return Ok(Tok::Or),
        "NOT" => return Ok(Tok::Not),
        "*" => {
            return Err(format!(
                "a lone * at character {at}: * ends a word (arvost*); \
                 to list every answer, search * alone or an empty query"
            ))
        }
        _ => {}
    }
    let (body, kind) = if let Some((body, n)) = word.rsplit_once('~') {
        let distance = if n.is_empty() {
            1
        } else {
            n.parse::<u8>()
                .ok()
                .filter(|&d| d <= MAX_TYPOS)
                .ok_or_else(|| {
                    format!(
                        "{word:?} at character {at}: ~ takes the number of typos, 0 to {MAX_TYPOS} (kiire~1)"
                    )
                })?
        };
        let kind = if distance == 0 {
            WordKind::Exact
        } else {
            WordKind::Fuzzy(distance)
        };
        (body, kind)
    } else if let Some(body) = word.strip_suffix('*') {
        (body, WordKind::Prefix)
    } else {
        (word, WordKind::Exact)
    };
    if matches!(kind, WordKind::Fuzzy(_)) && body.ends_with('*') {
        return Err(format!(
            "{word:?} at character {at}: a word is either a prefix (*) or fuzzy (~), not both"
        ));
    }
    if body.contains('*') {
        return Err(format!(
            "{word:?} at character {at}: * is only allowed at the end of a word (arvost*), once"
        ));
    }
    if body.contains('~') {
        return Err(format!(
            "{word:?} at character {at}: ~N is only allowed once, at the end of a word (kiire~1)"
        ));
    }
    if body.is_empty() {
        return Err(format!("{word:?} at character {at}: a word is missing"));
    }
    if kind == WordKind::Prefix && !body.chars().all(char::is_alphanumeric) {
        return Err(format!(
            "{word:?} at character {at}: a prefix (*) must be one word of letters"
        ));
    }
    Ok(Tok::Word(body.to_string(), kind))
}

/// Parses a query. `Ok(None)`: the query is blank.
pub fn parse(query: &str) -> Result<Option<Expr>, String> {
    let toks = lex(query)?;
    if toks.is_empty() {
        return Ok(None);
    }
    let mut parser = Parser { toks, next: 0 };
    let expr = parser.or(0)?;
    match parser.toks.get(parser.next) {
        None => Ok(Some(expr)),
        Some((Tok::Close, at)) => Err(format!(
            "the ) at character {at} closes no (; remove it or add a ( before it"
        )),
        Some((tok, at)) => Err(format!("unexpected {} at character {at}", tok.describe())),
    }
}

struct Parser {
    toks: Vec<Spanned>,
    next: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.next).map(|(t, _)| t)
    }

    fn bump(&mut self) -> Option<Spanned> {
        let tok = self.toks.get(self.next).cloned();
        self.next += 1;
        tok
    }

    /// Skips the operator that comes next and returns its place.
    fn skip_operator(&mut self) -> usize {
        let at = self.toks.get(self.next).map_or(0, |(_, at)| *at);
        self.next += 1;
        at
    }

    /// Fails unless something that can start an operand comes next.
    fn operand_after(&self, op: &str, at: usize) -> Result<(), String> {
        match self.peek() {
            None => Err(format!(
                "{op} at character {at} ends the query; it needs a word after it"
            )),
            Some(Tok::Close | Tok::And | Tok::Or) => Err(format!(
                "{op} at character {at} is followed by {}; it needs a word after it",
                self.peek().map(Tok::describe).unwrap_or_default()
            )),
            _ => Ok(()),
        }
    }

    fn or(&mut self, depth: usize) -> Result<Expr, String> {
        let mut items = vec![self.and(depth)?];
        while let Some(Tok::Or) = self.peek() {
            let at = self.skip_operator();
            self.operand_after("OR", at)?;
            items.push(self.and(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Expr, String> {
        let mut items = vec![self.unary(depth)?];
        loop {
            match self.peek() {
                None | Some(Tok::Close | Tok::Or) => break,
                Some(Tok::And) => {
                    let at = self.skip_operator();
                    self.operand_after("AND", at)?;
                }
                Some(_) => {}
            }
            items.push(self.unary(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the query nests more than {MAX_DEPTH} parentheses or NOTs"
            ));
        }
        match self.peek() {
            Some(Tok::Not) => {
                let at = self.skip_operator();
                self.operand_after("NOT", at)?;
                Ok(Expr::Not(Box::new(self.unary(depth + 1)?)))
            }
            Some(Tok::Minus) => {
                self.bump();
                Ok(Expr::Not(Box::new(self.primary(depth + 1)?)))
            }
            Some(Tok::Plus) => {
                self.bump();
                self.primary(depth + 1)
            }
            _ => self.primary(depth),
        }
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, String> {
        let Some((tok, at)) = self.bump() else {
            return Err("the query ends where a word was expected".into());
        };
        match tok {
            Tok::Word(text, kind) => Ok(Expr::Word { text, kind }),
            Tok::Phrase(text, slop) => Ok(Expr::Phrase { text, slop }),
            Tok::Open => {
                match self.peek() {
                    Some(Tok::Close) => return Err(format!("empty parentheses at character {at}")),
                    None => {
                        return Err(format!(
                            "the ( at character {at} is never closed; add a ) after it"
                        ))
                    }
                    _ => {}
                }
                let inner = self.or(depth + 1)?;
                match self.bump() {
                    Some((Tok::Close, _)) => Ok(inner),
                    _ => Err(format!(
                        "the ( at character {at} is never closed; add a ) after it"
                    )),
                }
            }
            Tok::Close => Err(format!(
                "the ) at character {at} closes no (; remove it or add a ( before it"
            )),
            Tok::And | Tok::Or => Err(format!(
                "{} at character {at} needs a word before it",
                tok.describe()
            )),
            Tok::Not | Tok::Plus | Tok::Minus => Err(format!(
                "{} at character {at} cannot follow + or -",
                tok.describe()
            )),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Expr {
        Expr::Word {
            text: text.into(),
            kind: WordKind::Exact,
        }
    }

    fn parsed(q: &str) -> Expr {
        parse(q).unwrap().unwrap()
    }

    #[test]
    fn words_are_anded_and_and_binds_tighter_than_or() {
        assert_eq!(
            parsed("johto arvostus"),
            Expr::And(vec![word("johto"), word("arvostus")])
        );
        assert_eq!(
            parsed("a b OR c AND d"),
            Expr::Or(vec![
                Expr::And(vec![word("a"), word("b")]),
                Expr::And(vec![word("c"), word("d")]),
            ])
        );
        assert_eq!(
            parsed("(a OR b) -c +d"),
            Expr::And(vec![
                Expr::Or(vec![word("a"), word("b")]),
                Expr::Not(Box::new(word("c"))),
                word("d"),
            ])
        );
    }

    #[test]
    fn lowercase_operators_are_words() {
        assert_eq!(
            parsed("kiire tai ei and or not"),
            Expr::And(
                ["kiire", "tai", "ei", "and", "or", "not"]
                    .map(word)
                    .to_vec()
            )
        );
    }

    #[test]
    fn phrases_prefixes_and_typos() {
        assert_eq!(
            parsed("\"ei ole aikaa\" ”johto ymmärrä”~2 arvost* kiire~ johdn~2 kiire~0"),
            Expr::And(vec![
                Expr::Phrase {
                    text: "ei ole aikaa".into(),
                    slop: 0
                },
                Expr::Phrase {
                    text: "johto ymmärrä".into(),
                    slop: 2
                },
                Expr::Word {
                    text: "arvost".into(),
                    kind: WordKind::Prefix
                },
                Expr::Word {
                    text: "kiire".into(),
                    kind: WordKind::Fuzzy(1)
                },
                Expr::Word {
                    text: "johdn".into(),
                    kind: WordKind::Fuzzy(2)
                },
                word("kiire"),
            ])
        );
        assert_eq!(parse("   ").unwrap(), None);
    }

    #[test]
    fn bad_syntax_says_where() {
        for (q, expected) in [
            ("\"ei ole aikaa", "quote at character 1 is never closed"),
            ("(johto OR kiire", "( at character 1 is never closed"),
            ("johto)", ") at character 6 closes no ("),
            ("johto AND", "AND at character 7 ends the query"),
            ("OR kiire", "OR at character 1 needs a word before it"),
            ("johto OR OR kiire", "OR at character 7 is followed by OR"),
            ("NOT", "NOT at character 1 ends the query"),
            ("()", "empty parentheses at character 1"),
            ("kiire ~1", "a word is missing"),
            ("ar*vo", "* is only allowed at the end"),
            ("kiire~3", "0 to 2"),
            ("kiire~x", "0 to 2"),
            (
                "johto - kiire",
                "'-' at character 7 must be directly followed",
            ),
            ("johto *", "a lone * at character 7"),
            ("johto (", "the ( at character 7 is never closed"),
            ("\"johto\"*", "right after the phrase closed at character 7"),
            ("\"johto ymmärrä\"~x", "0 to 100"),
            ("\"\"", "empty phrase"),
            ("yhteisö-man*", "a prefix (*) must be one word"),
        ] {
            let err = parse(q).unwrap_err();
            assert!(err.contains(expected), "{q}: {err}");
        }
        let deep = "(".repeat(1000) + "a" + &")".repeat(1000);
        assert!(parse(&deep).unwrap_err().contains("nests more than"));
        let nots = "NOT ".repeat(1000) + "a";
        assert!(parse(&nots).unwrap_err().contains("nests more than"));
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(q in "(\\PC|[\"”()*~+\\- ]|AND |OR |NOT ){0,40}") {
            let _ = parse(&q);
        }
    }
}
