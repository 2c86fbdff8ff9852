//! How is Finnish text turned into terms? This module holds teema's one analyzer.
//!
//! The same [`Analyzer`] feeds the Tantivy index (through [`TantivyFinnish`], registered on the
//! index as [`TOKENIZER_NAME`]) and the clustering (through [`Analyzer::terms`]), so a word
//! found by search is the same term that shapes a theme.
//!
//! `teema analyze` prints what it makes of text on stdin; [`score`] measures it on gold lemmas.
//!
//! Steps, in order:
//! 1. Unicode word segmentation (UAX #29, `unicode-segmentation`); segments without a letter
//!    or digit (spaces, punctuation, emoji and emoticons such as `:)`) are dropped, but every
//!    word counts as a position.
//! 2. Lowercasing. No accent folding: ä, ö and å are letters of their own in Finnish.
//! 3. A colon or apostrophe inside a word ends it: `CM:n` → `cm`, `EU:n` → `eu`, `KPI:t` →
//!    `kpi`, `some'ssa` → `some`; the case ending of an abbreviation is not a word.
//! 4. What UAX #29 makes of the rest, and so what teema does:
//!    - URLs are split at `/`, `.` and `:` into words (`https`, `yritys.fi` stays one word as
//!      `yritys.fi`), e-mail addresses into the local part and the domain;
//!    - `@mentions` and `#hashtags` lose the sign and are searched as words (`#someduuni` →
//!      `someduuni`);
//!    - hyphenated words are split at the hyphen (`some-kanava` → `some`, `kanava`;
//!      `B2B-markkinointi` → `b2b`, `markkinointi`), so each half is found;
//!    - words without a letter (numbers such as `2026`, `10 %`) and one-letter words are
//!      dropped; words with a letter and a digit (`b2b`, `4h`) are kept.
//! 5. Stop words (`stopwords/fi.txt`, `sv.txt`, `en.txt`, and the user's `--stopwords FILE`)
//!    are dropped, but still count as positions, so a phrase keeps its shape. Negation words
//!    (ei, en, et, emme, ette, eivät, älä, älkää) are not dropped: they get the term `ei`, so
//!    "ei ehdi" is a phrase search can find. Clustering leaves them out, see
//!    [`Analyzer::features`].
//! 6. The term: teema's Finnish stemmer ([`finnish`]: a lexicon of irregular words, then
//!    Finnish morphology), or Voikko's lemma when `--analyzer voikko` and libvoikko are there.
//! 7. Compounds the corpus knows ([`compound`]) add their parts as terms at the same position.
//!
//! Each token keeps the byte offsets of its word in the original text; that is what lets search
//! highlight the word as the respondent wrote it.

pub mod compound;
mod config;
pub mod finnish;
mod forms;
mod learn;
pub mod score;
mod stopwords;
mod terms;
mod tokenizer;
pub mod voikko;
mod words;

pub use config::{AnalyzerConfig, Backend, COMPOUNDS_FILE, CONFIG_FILE};
pub use forms::SurfaceForms;
pub use stopwords::{
    parse_stop_words, ENGLISH_STOP_WORDS, FINNISH_STOP_WORDS, NEGATION, NEGATIONS,
    SWEDISH_STOP_WORDS,
};
pub use terms::{Interner, Term, TermId, Vocabulary};
pub use tokenizer::{TantivyFinnish, VecTokenStream};
pub(crate) use words::word_segments;
pub use words::{is_long_word, restore_offsets, MAX_WORD_CHARS};

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::sync::Arc;

use tantivy::tokenizer::TextAnalyzer;

use stopwords::default_stop_words;
use words::long_word_term;

/// The name under which the analyzer is registered on the Tantivy index.
pub const TOKENIZER_NAME: &str = "teema_fi";

/// One content word of a text, or one part of a compound word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The term: the lemma or stem of the lowercased word. This is what is indexed and
    /// clustered.
    pub term: String,
    /// The word as written, lowercased (`Arvostuksen` → `arvostuksen`); for a compound's part,
    /// the part (`työajan` → `ajan`).
    pub word: String,
    /// Byte offset of the word's (or part's) first byte in the text.
    pub from: usize,
    /// Byte offset one past the word's (or part's) last byte.
    pub to: usize,
    /// Word position, counting stop words too. A compound's parts share the word's position.
    pub position: usize,
    /// Is this a part of a compound, after the whole word's own token?
    pub part: bool,
}

/// The Finnish analyzer. Cheap to share: wrap it in an [`Arc`].
pub struct Analyzer {
    config: AnalyzerConfig,
    stop_words: HashSet<String>,
    /// The terms of the user's own stop words (`--stopwords FILE`): every form of such a
    /// word is a stop word (`aika` drops `ajan` too).
    stop_terms: HashSet<String>,
    stemmer: finnish::FinnishStemmer,
    voikko: Option<voikko::Voikko>,
    compounds: Option<compound::Compounds>,
    /// The term of every word of the corpus [`Analyzer::learn_compounds`] read: each distinct
    /// word is stemmed once, then looked up.
    stems: FxHashMap<String, String>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("config", &self.config)
            .field("stop_words", &self.stop_words.len())
            .field("compounds", &self.compounds.as_ref().map(|c| c.len()))
            .finish()
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::finnish()
    }
}

impl Analyzer {
    /// The default analyzer: the built-in stemmer, Finnish, Swedish and English stop words.
    pub fn finnish() -> Self {
        Self::from_config(&AnalyzerConfig::default())
            .expect("the built-in analyzer needs no system library")
    }

    /// The analyzer a configuration asks for; fails if it asks for Voikko and Voikko cannot
    /// be loaded.
    pub fn from_config(config: &AnalyzerConfig) -> crate::error::Result<Self> {
        let mut stop_words = default_stop_words();
        stop_words.extend(config.extra_stop_words.iter().cloned());
        let voikko = match config.backend {
            Backend::Builtin => None,
            Backend::Voikko => Some(voikko::Voikko::load().map_err(crate::error::Error::Analyzer)?),
        };
        let mut analyzer = Analyzer {
            config: config.clone(),
            stop_words,
            stop_terms: HashSet::new(),
            stemmer: finnish::FinnishStemmer::new(),
            voikko,
            compounds: None,
            stems: FxHashMap::default(),
        };
        analyzer.stop_terms = config
            .extra_stop_words
            .iter()
            .filter(|w| !NEGATIONS.contains(&w.as_str()))
            .map(|w| analyzer.stem(w))
            .collect();
        Ok(analyzer)
    }

    /// How this analyzer was set up.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// The compounds this analyzer splits, once learned.
    pub fn compounds(&self) -> Option<&compound::Compounds> {
        self.compounds.as_ref()
    }

    /// Is `word` (lowercase) a stop word?
    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.contains(word) && !NEGATIONS.contains(&word)
    }

    /// Is `s` an inflectional ending (`ille`, `mista`), or a vowel and one (`alla`, `osta`)?
    /// No such string is the second half of a compound.
    pub fn looks_like_ending(&self, s: &str) -> bool {
        let mut chars = s.chars();
        let first_is_vowel = chars.next().is_some_and(|c| "aeiouyäö".contains(c));
        self.stemmer.is_ending(s) || (first_is_vowel && self.stemmer.is_ending(chars.as_str()))
    }

    /// The term of the word a derived word comes from (`piirtämisessä` → the term of
    /// `piirtää`, `köyhyyttä` → that of `köyhä`), when it differs from the word's own term; for
    /// clustering, where the words of one family should meet. `word` is lowercase.
    pub fn root_term(&self, word: &str) -> Option<String> {
        let root = self.stemmer.root(word)?;
        let term = self.stem(&root);
        (term != self.stem(word)).then_some(term)
    }

    /// Is `term` a lemma of the built-in lexicon?
    pub fn is_lexicon_lemma(&self, term: &str) -> bool {
        self.stemmer.lexicon_lemma(term) == Some(term)
    }

    /// The tokens of the words of `text` without compound parts: how a query or a concordance
    /// term is read (the parts would widen it beyond the word written).
    pub fn analyze_words(&self, text: &str) -> Vec<Token> {
        let mut tokens = self.analyze(text);
        tokens.retain(|t| !t.part);
        tokens
    }

    /// The content tokens of `text`, in order; a compound's parts follow its whole word.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        for (position, start, core) in word_segments(text) {
            let Some((word, term)) = self.index_term(core) else {
                continue;
            };
            let to = start + core.len();
            // A part is highlighted where it is written, unless lowercasing changed the
            // word's length; then it points at the whole word.
            let same_length = word.len() == core.len();
            let parts: Vec<Token> = self
                .compounds
                .as_ref()
                .and_then(|c| c.parts(&word))
                .unwrap_or_default()
                .iter()
                .map(|p| Token {
                    term: p.term.clone(),
                    word: word[p.from..p.to].to_string(),
                    from: if same_length { start + p.from } else { start },
                    to: if same_length { start + p.to } else { to },
                    position,
                    part: true,
                })
                .collect();
            tokens.push(Token {
                term,
                word,
                from: start,
                to,
                position,
                part: false,
            });
            tokens.extend(parts);
        }
        tokens
    }

    /// The lowercased word if `core` is a content word: it has a letter, more than one
    /// character, and is no stop word (negations are content words).
    fn content_word(&self, core: &str) -> Option<String> {
        if !core.chars().any(char::is_alphabetic) || core.chars().nth(1).is_none() {
            return None;
        }
        let word = core.to_lowercase();
        (!self.is_stop_word(&word)).then_some(word)
    }

    /// The lowercased word and its term, if `core` is an index term: a content word whose
    /// term is not that of one of the user's stop words.
    fn index_term(&self, core: &str) -> Option<(String, String)> {
        let word = self.content_word(core)?;
        let term = self.stem(&word);
        (!self.stop_terms.contains(&term)).then_some((word, term))
    }

    /// The term of one lowercased word, whether or not it is a stop word. A word longer than
    /// [`MAX_WORD_CHARS`] is no Finnish word (a pasted blob, a hash): its term is its first
    /// [`MAX_WORD_CHARS`] characters, neither stemmed nor split.
    pub fn stem(&self, word: &str) -> String {
        if let Some(long) = long_word_term(word) {
            return long;
        }
        if let Some(term) = self.stems.get(word) {
            return term.clone();
        }
        if NEGATIONS.contains(&word) {
            return NEGATION.to_string();
        }
        // Domains, e-mail parts and codes (`yritys.fi`, `b2b`) are names, not Finnish words;
        // a dash at either end (`-artikkelin`, from a word list) is not part of the word.
        let word = word.trim_matches('-');
        if !word.chars().all(char::is_alphabetic) {
            return word.to_string();
        }
        if let Some(lemma) = self.voikko.as_ref().and_then(|v| v.lemma(word)) {
            return lemma;
        }
        self.stemmer.stem(word)
    }

    /// Every word of `text` as written (an abbreviation without its case ending) and its
    /// terms, the main term first, then a compound's parts; no terms for a stop word. For
    /// `teema analyze`.
    pub fn words(&self, text: &str) -> Vec<(String, Vec<String>)> {
        word_segments(text)
            .filter(|(_, _, core)| core.chars().any(char::is_alphabetic))
            .map(|(_, _, core)| {
                let terms = match self.index_term(core) {
                    None => Vec::new(),
                    Some((word, term)) => {
                        let parts = self.compounds.as_ref().and_then(|c| c.parts(&word));
                        std::iter::once(term)
                            .chain(parts.into_iter().flatten().map(|p| p.term.clone()))
                            .collect()
                    }
                };
                (core.to_string(), terms)
            })
            .collect()
    }

    /// Just the terms of `text`, in order, compound parts included.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyze(text).into_iter().map(|t| t.term).collect()
    }

    /// What clustering counts of a text's tokens, as (term, word) pairs: every term but the
    /// negation's. A negation alone says nothing about a theme; joined to the next word
    /// ("ei ehdi" as one feature) it was measured to blur the named themes of the team corpus
    /// (time shortage F1 0.79 → 0.71), so for now negations serve search, not clustering.
    pub fn features(tokens: &[Token]) -> Vec<(String, String)> {
        tokens
            .iter()
            .filter(|t| Self::is_feature(t))
            .map(|t| (t.term.clone(), t.word.clone()))
            .collect()
    }

    /// The terms a theme's seed word may match: each whole word's, and the first part of each
    /// compound (the part that says what it is about: `ajan`puute, `resurssi`pula), but not
    /// the last (vastaus`aika` is no shortage of time). Negations are left out, as in
    /// [`Analyzer::features`].
    pub fn seed_terms(tokens: &[Token]) -> Vec<&str> {
        let mut out = Vec::new();
        let mut first_part = false;
        for t in tokens {
            if !t.part {
                first_part = true;
                if t.term != NEGATION {
                    out.push(t.term.as_str());
                }
            } else if first_part {
                first_part = false;
                out.push(t.term.as_str());
            }
        }
        out
    }

    /// Whether clustering counts a token ([`Analyzer::features`]): all but negations.
    pub fn is_feature(token: &Token) -> bool {
        token.term != NEGATION
    }

    /// A Tantivy text analyzer that runs this analyzer.
    pub fn tantivy(self: &Arc<Self>) -> TextAnalyzer {
        TextAnalyzer::from(TantivyFinnish {
            analyzer: Arc::clone(self),
        })
    }
}

/// The revision of what the analysis gives for a text, within one teema version: bump it when
/// a change gives other tokens (the long-word cap, skipping redaction tags), so that a cache
/// made before is not reused.
pub const REVISION: u32 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, String)> {
        Analyzer::finnish()
            .analyze(text)
            .into_iter()
            .map(|t| (t.word, t.term))
            .collect()
    }

    #[test]
    fn drops_stop_words_punctuation_emoji_and_numbers() {
        let got = words("Ei ole aikaa!! 😅 Vuonna 2026 mä teen tätä yksin.");
        let got: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(got, ["ei", "aikaa", "vuonna", "teen", "yksin"]);
    }

    #[test]
    fn offsets_point_at_the_original_word() {
        let text = "Johdon ARVOSTUSTA ei näy.";
        for t in Analyzer::finnish().analyze(text) {
            assert_eq!(text[t.from..t.to].to_lowercase(), t.word);
        }
    }

    #[test]
    fn positions_count_stop_words() {
        let tokens = Analyzer::finnish().analyze("aikaa ei ole koskaan");
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 3]);
    }

    #[test]
    fn colon_case_endings_are_cut() {
        let got = words("KPI:t ja CM:n työ, some'ssa");
        let got: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(got, ["kpi", "cm", "työ", "some"]);
    }

    #[test]
    fn inflected_forms_share_a_term() {
        let a = Analyzer::finnish();
        assert_eq!(a.terms("tykkäykset"), a.terms("tykkäyksiä"));
        assert_eq!(a.terms("analytiikka"), a.terms("analytiikkaa"));
        assert_eq!(a.terms("johto"), a.terms("johtoa"));
        // Where Snowball fails: consonant gradation and stem alternation.
        assert_eq!(a.terms("ajan"), ["aika"]);
        assert_eq!(a.terms("johdon"), ["johto"]);
        assert_eq!(a.terms("arvostuksen"), ["arvostus"]);
        assert_eq!(a.terms("arvostusta"), ["arvostus"]);
    }

    #[test]
    fn swedish_english_and_own_stop_words() {
        let got = words("Det är the best och viktigaste some-kanava");
        let got: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        // "some" is Finnish (social media), not the English stop word.
        assert_eq!(got, ["best", "viktigaste", "some", "kanava"]);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("omat.txt");
        std::fs::write(&file, "# omat\nkanava\nBEST\n").unwrap();
        let mut config = AnalyzerConfig::default();
        config.add_stop_words_file(&file).unwrap();
        assert_eq!(config.extra_stop_words, ["best", "kanava"]);
        let own = Analyzer::from_config(&config).unwrap();
        assert_eq!(own.terms("best some-kanava"), ["some"]);
    }

    #[test]
    fn urls_mentions_hashtags_and_hyphens() {
        let got = words("Katso https://www.yritys.fi/palaute tai matti@yritys.fi #someduuni @mikko B2B-markkinointi 10 % :)");
        let terms: Vec<(&str, &str)> = got.iter().map(|(w, t)| (w.as_str(), t.as_str())).collect();
        assert_eq!(
            terms,
            [
                ("katso", "katsoa"),
                ("https", "https"),
                ("www.yritys.fi", "www.yritys.fi"),
                ("palaute", "palaus"),
                ("matti", "mat"),
                ("yritys.fi", "yritys.fi"),
                ("someduuni", "sometu"),
                ("mikko", "miko"),
                ("b2b", "b2b"),
                ("markkinointi", "markkinoint"),
            ]
        );
    }

    #[test]
    fn negations_are_index_terms_but_not_clustering_features() {
        let a = Analyzer::finnish();
        let tokens = a.analyze("Ei ehdi, eivät arvosta ja en ole jaksanut");
        let terms: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms[0], "ei");
        assert_eq!(terms[2], "ei");
        let features = Analyzer::features(&tokens);
        let feature_terms: Vec<&str> = features.iter().map(|(t, _)| t.as_str()).collect();
        assert!(!feature_terms.contains(&"ei"), "{feature_terms:?}");
        assert_eq!(feature_terms.len(), tokens.len() - 3);
    }

    #[test]
    fn keeps_finnish_letters() {
        let got = words("Työajan käyttö ÖISIN");
        assert_eq!(got[0].0, "työajan");
        assert_eq!(got[2].0, "öisin");
    }
}
