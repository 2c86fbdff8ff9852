//! How a codebook's words and phrases match an answer's words. A pattern is written as people
//! write (`aika`, `ajan puute`, `köyh*`, `*pula`); it is compiled once against the analyzer, so
//! that it matches every inflected form the analyzer joins.
//!
//! - `aika`: the word's term (any inflection). As a rule's word or a seed, also the first part
//!   of a compound (`resurssi` in *resurssipula*, not `aika` in *vastausaika*); as context
//!   ([`Role::Context`]), any part (`puute` in *ajanpuute*).
//! - `köyh*`: words (or a compound's first part; as context, any part) that begin with `köyh`
//!   as written, lowercased, or whose term does (`tekijä*` finds *tekijöitä* when the analyzer
//!   gives it the term `tekijä`).
//! - `*pula`: words whose term ends with the term of `pula`, or whose last compound part is it.
//! - `=aikana`: this written form only, lowercased (the word "aikana", "during", and not every
//!   form of `aika`).
//! - Stop words (`vähän`, `koko`, `ole`) have no term: they match as written.
//! - A phrase (`ei ole aikaa`, `ajan puute`): its words in this order, at most one other word
//!   between two of them, in one clause; two of them may be parts of one compound (*ajanpuute*).

use crate::analysis::{Analyzer, Token};
use crate::segment::Segment;

/// How one word of a pattern matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WordPattern {
    /// The analyzer's term of the word.
    Term(String),
    /// The lowercased written word begins with this.
    Prefix(String),
    /// The word ends with this word: its term ends with the word's term (`term`), its last
    /// compound part is the word, or its written form holds `written` (the word less a final
    /// vowel, `pul` of `pula`) at least two letters in and followed by at most an ending.
    Suffix { term: String, written: String },
    /// A word the analyzer gives no term (a stop word), as written, lowercased.
    Written(String),
}

/// A word or phrase of the codebook, compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// As written in the codebook.
    pub text: String,
    pub words: Vec<WordPattern>,
}

/// Which word of a rule a pattern word stands for: the rule's word (or a seed), or its
/// context. Compound parts match differently (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Trigger,
    Context,
}

/// One word of an answer, as patterns see it; it borrows the answer's text and tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offsets of the word in the answer.
    pub from: usize,
    pub to: usize,
    /// As written, lowercased (an abbreviation without its case ending).
    pub written: std::borrow::Cow<'a, str>,
    /// The analyzer's term; `None` for stop words, numbers and one-letter words.
    pub term: Option<&'a str>,
    /// A compound's parts (their `term` and `word`), first part first.
    pub parts: &'a [Token],
    /// The clause the word is in.
    pub clause: usize,
    /// The segment the word is in; `None` for a word between segments ("ja", "mutta").
    pub segment: Option<usize>,
}

/// Checks how a pattern is written: a `*` only at the start or the end of a word, with at least
/// two letters beside it, and something to match.
pub fn check_syntax(pattern: &str) -> Result<(), String> {
    let words: Vec<&str> = pattern.split_whitespace().collect();
    if words.is_empty() {
        return Err("an empty word or phrase".to_string());
    }
    for w in &words {
        let exact = w.starts_with('=');
        let w = &w.strip_prefix('=').unwrap_or(w);
        if w.contains('=') || (exact && w.contains('*')) {
            return Err(format!(
                "{pattern:?}: `=` goes before a word without `*`, for that written form only \
                 (`=aikana`)"
            ));
        }
        let inner = w.trim_start_matches('*').trim_end_matches('*');
        let stars = w.matches('*').count();
        let bad = inner.contains('*')
            || stars > 1
            || (stars == 1 && inner.chars().filter(|c| c.is_alphanumeric()).count() < 2);
        if bad {
            return Err(format!(
                "{pattern:?}: `*` goes at the start or end of a word of two letters or more \
                 (`köyh*`, `*pula`)"
            ));
        }
        if !inner.chars().any(char::is_alphanumeric) {
            return Err(format!("{pattern:?}: {w:?} has no letters"));
        }
    }
    Ok(())
}

/// Compiles a pattern (already checked with [`check_syntax`]) against the analyzer.
pub fn compile(pattern: &str, analyzer: &Analyzer) -> Phrase {
    let mut words = Vec::new();
    for piece in pattern.split_whitespace() {
        if let Some(exact) = piece.strip_prefix('=') {
            words.push(WordPattern::Written(exact.to_lowercase()));
        } else if let Some(prefix) = piece.strip_suffix('*') {
            words.push(WordPattern::Prefix(prefix.to_lowercase()));
        } else if let Some(suffix) = piece.strip_prefix('*') {
            let lower = suffix.to_lowercase();
            let term = analyzer
                .analyze_words(suffix)
                .into_iter()
                .next()
                .map_or_else(|| lower.clone(), |t| t.term);
            let mut written = lower.clone();
            if written.chars().count() >= 4 && written.ends_with(VOWELS) {
                written.pop();
            }
            words.push(WordPattern::Suffix { term, written });
        } else {
            let tokens = analyzer.analyze_words(piece);
            for (_, start, core) in crate::analysis::word_segments(piece) {
                match tokens.iter().find(|t| t.from == start) {
                    Some(t) => words.push(WordPattern::Term(t.term.clone())),
                    None => words.push(WordPattern::Written(core.to_lowercase())),
                }
            }
        }
    }
    Phrase {
        text: pattern.split_whitespace().collect::<Vec<_>>().join(" "),
        words,
    }
}

impl WordPattern {
    /// Whether `word` matches this pattern word in `role`.
    pub fn matches(&self, word: &Word, role: Role) -> bool {
        let parts: &[Token] = match role {
            Role::Trigger => &word.parts[..word.parts.len().min(1)],
            Role::Context => word.parts,
        };
        match self {
            WordPattern::Term(t) => {
                word.term == Some(t.as_str()) || parts.iter().any(|p| p.term == *t)
            }
            WordPattern::Prefix(p) => {
                word.written.starts_with(p.as_str())
                    || word.term.is_some_and(|t| t.starts_with(p.as_str()))
                    || parts.iter().any(|w| w.word.starts_with(p.as_str()))
            }
            WordPattern::Suffix { term, written } => {
                word.term.is_some_and(|t| t.ends_with(term.as_str()))
                    || word.parts.last().is_some_and(|p| p.term == *term)
                    || ends_with_inflected(&word.written, written)
            }
            WordPattern::Written(w) => *word.written == **w,
        }
    }

    /// Whether a compound part of `word` after its first matches: the way a rule's context may
    /// be inside the rule's own word (`puute` in *ajanpuute*, where `aika` is the first part).
    pub fn matches_later_part(&self, word: &Word) -> bool {
        let later = word.parts.iter().skip(1);
        match self {
            WordPattern::Term(t) => later.clone().any(|p| p.term == *t),
            WordPattern::Prefix(p) => later.clone().any(|w| w.word.starts_with(p.as_str())),
            WordPattern::Suffix { term, .. } => {
                word.parts.len() > 1 && word.parts.last().is_some_and(|p| p.term == *term)
            }
            WordPattern::Written(_) => false,
        }
    }

    /// Whether the word has a term: a pattern of only [`WordPattern::Written`] words cannot be
    /// looked up by term.
    pub fn is_content(&self) -> bool {
        !matches!(self, WordPattern::Written(_))
    }
}

/// Vowels, which a suffix pattern's written form drops at its end (`pula` → `pul`, to find
/// *ruokapulaa*, *ruokapulan*).
const VOWELS: &[char] = &['a', 'e', 'i', 'o', 'u', 'y', 'ä', 'ö'];

/// Whether `word` holds `core` after at least two letters, followed by at most six letters
/// (an inflectional ending): *resurssipulaa* holds `pul`.
fn ends_with_inflected(word: &str, core: &str) -> bool {
    word.char_indices()
        .skip(2)
        .any(|(i, _)| word[i..].starts_with(core) && word[i + core.len()..].chars().count() <= 6)
}

/// The words of an answer: every word of `text` (stop words included, so that positions are
/// word indexes), with the terms and compound parts of `tokens` (the analyzer's tokens of the
/// same text) and the clause and segment of `segments` ([`crate::segment::cut`] of the text).
pub fn words<'a>(text: &'a str, tokens: &'a [Token], segments: &[Segment]) -> Vec<Word<'a>> {
    let mut out = Vec::new();
    let mut next_token = 0;
    let mut next_segment = 0;
    for (_, start, core) in crate::analysis::word_segments(text) {
        while next_token < tokens.len() && tokens[next_token].from < start {
            next_token += 1;
        }
        let mut term = None;
        let mut written = None;
        let mut parts: &[Token] = &[];
        if let Some(t) = tokens
            .get(next_token)
            .filter(|t| t.from == start && !t.part)
        {
            term = Some(t.term.as_str());
            written = Some(std::borrow::Cow::Borrowed(t.word.as_str()));
            next_token += 1;
            let first = next_token;
            while tokens.get(next_token).is_some_and(|p| p.part) {
                next_token += 1;
            }
            parts = &tokens[first..next_token];
        }
        while next_segment < segments.len() && segments[next_segment].to <= start {
            next_segment += 1;
        }
        let segment = segments
            .get(next_segment)
            .filter(|s| s.contains(start))
            .map(|_| next_segment);
        let clause = match segment {
            Some(s) => segments[s].clause,
            None => next_segment
                .checked_sub(1)
                .map_or(0, |s| segments[s].clause),
        };
        let written = written.unwrap_or_else(|| {
            if core.chars().any(char::is_uppercase) {
                core.to_lowercase().into()
            } else {
                core.into()
            }
        });
        out.push(Word {
            from: start,
            to: start + core.len(),
            written,
            term,
            parts,
            clause,
            segment,
        });
    }
    out
}

impl Phrase {
    /// Where the phrase matches with its word `k` on `words[at]` (in `role`; its other words
    /// as context): the index of the word each of its words matched, in order.
    pub fn match_at(&self, k: usize, words: &[Word], at: usize, role: Role) -> Option<Vec<usize>> {
        if !self.words[k].matches(&words[at], role) {
            return None;
        }
        let mut matched = vec![at; self.words.len()];
        let clause = words[at].clause;
        self.extend(k, words, clause, &mut matched)
            .then_some(matched)
    }

    /// Fills `matched` left of `k` and right of it, backtracking over the next one or two
    /// words (or the same word, for a compound's parts).
    fn extend(&self, k: usize, words: &[Word], clause: usize, matched: &mut [usize]) -> bool {
        fn right(p: &Phrase, j: usize, words: &[Word], clause: usize, m: &mut [usize]) -> bool {
            if j == p.words.len() {
                return true;
            }
            let prev = m[j - 1];
            for i in prev..(prev + 3).min(words.len()) {
                if words[i].clause == clause && p.words[j].matches(&words[i], Role::Context) {
                    m[j] = i;
                    if right(p, j + 1, words, clause, m) {
                        return true;
                    }
                }
            }
            false
        }
        fn left(p: &Phrase, j: usize, words: &[Word], clause: usize, m: &mut [usize]) -> bool {
            let next = m[j + 1];
            for i in (next.saturating_sub(2)..=next).rev() {
                if words[i].clause == clause && p.words[j].matches(&words[i], Role::Context) {
                    m[j] = i;
                    if j == 0 || left(p, j - 1, words, clause, m) {
                        return true;
                    }
                }
            }
            false
        }
        (k == 0 || left(self, k - 1, words, clause, matched))
            && right(self, k + 1, words, clause, matched)
    }

    /// A match of the phrase starting at a word in `range` (word indexes) of `clause`, as
    /// context: the matched word indexes, first found first.
    pub fn find_in(
        &self,
        words: &[Word],
        clause: usize,
        range: std::ops::Range<usize>,
    ) -> Option<Vec<usize>> {
        range
            .filter(|&i| i < words.len() && words[i].clause == clause)
            .find_map(|i| self.match_at(0, words, i, Role::Context))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::cut;

    fn answer<'a>(text: &'a str, tokens: &'a [Token]) -> Vec<Word<'a>> {
        words(text, tokens, &cut(text))
    }

    fn any_match(p: &Phrase, words: &[Word], role: Role) -> Option<Vec<usize>> {
        (0..words.len()).find_map(|i| p.match_at(0, words, i, role))
    }

    #[test]
    fn syntax_of_wildcards() {
        assert!(check_syntax("köyh*").is_ok());
        assert!(check_syntax("*pula").is_ok());
        assert!(check_syntax("ei ole aikaa").is_ok());
        assert!(check_syntax("=aikana").is_ok());
        for bad in [
            "a*b", "*", "k*", "**pula", "  ", "*köyh*", "…", "a=b", "=*pula",
        ] {
            assert!(check_syntax(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn words_carry_terms_clauses_and_segments() {
        let a = Analyzer::finnish().learn_compounds(["ajanpuute", "ajan", "puute"]);
        let text = "Ei ole aikaa ja ajanpuute. Mutta koko ajan";
        let tokens = a.analyze(text);
        let w = answer(text, &tokens);
        let written: Vec<&str> = w.iter().map(|w| w.written.as_ref()).collect();
        assert_eq!(
            written,
            [
                "ei",
                "ole",
                "aikaa",
                "ja",
                "ajanpuute",
                "mutta",
                "koko",
                "ajan"
            ]
        );
        assert_eq!(w[1].term, None, "a stop word has no term");
        assert_eq!(w[2].term, Some("aika"));
        assert_eq!(w[4].parts[0].term, "aika");
        assert_eq!((w[3].segment, w[3].clause), (None, 0));
        assert_eq!((w[4].segment, w[6].clause), (Some(1), 1));
    }

    #[test]
    fn phrases_words_wildcards_and_roles() {
        let a = Analyzer::finnish().learn_compounds(["ajanpuute", "ajan", "puute", "resurssi"]);
        let text = "Johdolla ei ole aikaa, ajanpuute ja köyhyyttä";
        let tokens = a.analyze(text);
        let w = answer(text, &tokens);
        let p = |s: &str| compile(s, &a);
        assert!(any_match(&p("ei ole aikaa"), &w, Role::Trigger).is_some());
        assert!(
            any_match(&p("ei aikaa"), &w, Role::Trigger).is_some(),
            "one word between"
        );
        assert!(
            any_match(&p("aikaa ei"), &w, Role::Trigger).is_none(),
            "order"
        );
        assert!(
            any_match(&p("ajan puute"), &w, Role::Trigger).is_some(),
            "parts of one word"
        );
        assert!(any_match(&p("köyh*"), &w, Role::Trigger).is_some());
        assert!(any_match(&p("*puute"), &w, Role::Trigger).is_some());
        // `puute` as a seed does not match the last part of ajanpuute; as context it does.
        assert!(any_match(&p("puute"), &w, Role::Trigger).is_none());
        assert!(any_match(&p("puute"), &w, Role::Context).is_some());
        // A phrase stays in its clause.
        let tokens = a.analyze("ei ole. aikaa");
        let two = answer("ei ole. aikaa", &tokens);
        assert!(any_match(&p("ei aikaa"), &two, Role::Trigger).is_none());
        assert_eq!(p("vähän").words, [WordPattern::Written("vähän".into())]);
        assert_eq!(p("epätasa-arvo").words.len(), 2);
        assert_eq!(p("=Aikana").words, [WordPattern::Written("aikana".into())]);
    }
}
