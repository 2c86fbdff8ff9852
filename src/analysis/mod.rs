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
pub mod finnish;
mod forms;
pub mod score;
mod tokenizer;
pub mod voikko;

pub use forms::SurfaceForms;
pub use tokenizer::{TantivyFinnish, VecTokenStream};

use std::collections::{BTreeMap, HashSet};

use rustc_hash::FxHashMap;
use std::sync::Arc;

use tantivy::tokenizer::TextAnalyzer;
use unicode_segmentation::UnicodeSegmentation;

/// The name under which the analyzer is registered on the Tantivy index.
pub const TOKENIZER_NAME: &str = "teema_fi";

/// The Finnish stop word list shipped with teema (see `stopwords/README.md`).
pub const FINNISH_STOP_WORDS: &str = include_str!("../../stopwords/fi.txt");
/// Swedish stop words, for bilingual organisations (see `stopwords/README.md`).
pub const SWEDISH_STOP_WORDS: &str = include_str!("../../stopwords/sv.txt");
/// English stop words, for answers that mix in English (see `stopwords/README.md`).
pub const ENGLISH_STOP_WORDS: &str = include_str!("../../stopwords/en.txt");

/// The Finnish negation verb's forms, with the clitic -kä ("eikä" = "and not") and joined to
/// "että" ("ettei" = "that not"). They carry meaning ("ei ehdi", "eikä johto arvosta"), so they
/// are never stop words: all get the term [`NEGATION`].
pub const NEGATIONS: [&str; 20] = [
    "ei",
    "en",
    "et",
    "emme",
    "ette",
    "eivät",
    "älä",
    "älkää",
    "eikä",
    "enkä",
    "etkä",
    "emmekä",
    "ettekä",
    "eivätkä",
    "ettei",
    "etten",
    "ettet",
    "ettemme",
    "ettette",
    "etteivät",
];
/// The term of every negation word.
pub const NEGATION: &str = "ei";

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

/// Which lemmatiser gives the terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// teema's own: a lexicon of irregular words and rules of Finnish morphology.
    #[default]
    Builtin,
    /// Voikko's lemmas (libvoikko and its Finnish dictionary, loaded at run time), the
    /// built-in stemmer for words Voikko does not know.
    Voikko,
}

/// How an analyzer is set up; stored with the index so that a search analyses its query the
/// way the answers were analysed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnalyzerConfig {
    pub backend: Backend,
    /// The user's own stop words (`--stopwords FILE`), lowercased and sorted.
    #[serde(default)]
    pub extra_stop_words: Vec<String>,
}

impl AnalyzerConfig {
    /// Adds the stop words of a file (UTF-8, a BOM allowed; one per line, `#` starts a
    /// comment).
    pub fn add_stop_words_file(&mut self, path: &std::path::Path) -> crate::error::Result<()> {
        let bytes = std::fs::read(path).map_err(|e| crate::error::Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            crate::error::Error::input(
                path,
                "a stop word list must be UTF-8 text; save it as UTF-8 and try again",
            )
        })?;
        let mut words: Vec<String> = parse_stop_words(&text).into_iter().collect();
        self.extra_stop_words.append(&mut words);
        self.extra_stop_words.sort();
        self.extra_stop_words.dedup();
        Ok(())
    }
}

/// The file in the index folder that records the analyzer's [`AnalyzerConfig`].
pub const CONFIG_FILE: &str = "teema-analyzer.json";
/// The file in the index folder that records the compounds the analyzer split.
pub const COMPOUNDS_FILE: &str = "teema-compounds.tsv";

/// A term as later stages keep it: shared, so that a million answers' terms are pointers to
/// one copy of each distinct term (see [`Interner`]).
pub type Term = Arc<str>;

/// Hands out one shared [`Term`] per distinct term.
#[derive(Debug, Default)]
pub struct Interner {
    terms: rustc_hash::FxHashSet<Term>,
}

impl Interner {
    /// The shared copy of `term`.
    pub fn intern(&mut self, term: &str) -> Term {
        if let Some(t) = self.terms.get(term) {
            return Arc::clone(t);
        }
        let t: Term = Arc::from(term);
        self.terms.insert(Arc::clone(&t));
        t
    }
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

/// The stop words every analyzer starts from: Finnish, Swedish and English.
fn default_stop_words() -> HashSet<String> {
    let mut words = parse_stop_words(FINNISH_STOP_WORDS);
    words.extend(parse_stop_words(SWEDISH_STOP_WORDS));
    words.extend(parse_stop_words(ENGLISH_STOP_WORDS));
    words
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

    /// This analyzer, splitting the compounds it learns from the words of `texts` (a corpus).
    /// Every distinct word is stemmed here once (in parallel) and remembered.
    pub fn learn_compounds<'a>(self, texts: impl IntoIterator<Item = &'a str>) -> Self {
        let texts: Vec<&str> = texts.into_iter().collect();
        self.learn_compounds_with(&texts, |_| None)
    }

    /// [`Analyzer::learn_compounds`], with the content words of some texts known already:
    /// `known(text)` gives each content word of `text` with its term (as [`Analyzer::analyze`]
    /// made them, whole words only), or `None`, and then the text is read. An earlier run's
    /// cache knows them (`crate::cache`).
    pub fn learn_compounds_with<'c>(
        mut self,
        texts: &[&str],
        known: impl Fn(&str) -> Option<Vec<(&'c str, &'c str)>> + Sync,
    ) -> Self {
        self.compounds = None;
        self.stems.clear();
        let mut counted: FxHashMap<String, usize> = FxHashMap::default();
        let mut stems: FxHashMap<String, String> = FxHashMap::default();
        for (part, part_stems) in crate::parallel::map_chunks(texts, |chunk| {
            let mut read = Vec::new();
            let mut counts: FxHashMap<String, usize> = FxHashMap::default();
            let mut stems: FxHashMap<String, String> = FxHashMap::default();
            for &text in chunk {
                match known(text) {
                    Some(words) => {
                        for (word, term) in words {
                            match counts.get_mut(word) {
                                Some(n) => *n += 1,
                                None => {
                                    counts.insert(word.to_string(), 1);
                                    stems.insert(word.to_string(), term.to_string());
                                }
                            }
                        }
                    }
                    None => read.push(text),
                }
            }
            for (word, n) in self.count_words(&read) {
                *counts.entry(word).or_default() += n;
            }
            (counts, stems)
        }) {
            for (word, count) in part {
                *counted.entry(word).or_default() += count;
            }
            stems.extend(part_stems);
        }
        let vocabulary: BTreeMap<String, usize> = counted.into_iter().collect();
        let unknown: Vec<&String> = vocabulary
            .keys()
            .filter(|w| !stems.contains_key(w.as_str()))
            .collect();
        let computed: Vec<Vec<String>> = crate::parallel::map_chunks(&unknown, |chunk| {
            chunk.iter().map(|w| self.stem(w)).collect()
        });
        stems.extend(
            unknown
                .iter()
                .map(|w| (*w).clone())
                .zip(computed.into_iter().flatten()),
        );
        self.stems = stems;
        let compounds = compound::Compounds::learn(&self, &vocabulary);
        self.compounds = Some(compounds);
        self
    }

    /// The distinct lowercased content words of `texts`, with counts: what
    /// [`Analyzer::learn_compounds`] learns from.
    pub fn vocabulary<'a>(
        &self,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> BTreeMap<String, usize> {
        let texts: Vec<&str> = texts.into_iter().collect();
        self.count_words(&texts).into_iter().collect()
    }

    fn count_words(&self, texts: &[&str]) -> FxHashMap<String, usize> {
        let mut counts: FxHashMap<String, usize> = FxHashMap::default();
        for text in texts {
            for (_, _, core) in word_segments(text) {
                if let Some(word) = self.content_word(core) {
                    match counts.get_mut(&word) {
                        Some(n) => *n += 1,
                        None => {
                            counts.insert(word, 1);
                        }
                    }
                }
            }
        }
        counts
    }

    /// The analyzer an index in `index_dir` was built with, for searching it: its settings
    /// and its compounds (so snippets highlight `ajan` in `työajan` for `aika`; a query itself
    /// should use a word's own token, not its parts: see [`Token::part`]).
    pub fn for_index(index_dir: &std::path::Path) -> crate::error::Result<Self> {
        let mut analyzer = Self::for_index_config(index_dir)?;
        let path = index_dir.join(COMPOUNDS_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => analyzer.compounds = Some(compound::Compounds::from_tsv(&text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(crate::error::Error::io(&path, e)),
        }
        Ok(analyzer)
    }

    fn for_index_config(index_dir: &std::path::Path) -> crate::error::Result<Self> {
        let path = index_dir.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let config: AnalyzerConfig = serde_json::from_str(&text).map_err(|e| {
                    crate::error::Error::input(
                        &path,
                        format!("not an analyzer configuration ({e}); run `teema run` again"),
                    )
                })?;
                Self::from_config(&config)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::finnish()),
            Err(e) => Err(crate::error::Error::io(&path, e)),
        }
    }

    /// Records this analyzer's configuration and compounds in an index folder.
    pub fn save_config(&self, index_dir: &std::path::Path) -> crate::error::Result<()> {
        let path = index_dir.join(CONFIG_FILE);
        let text = serde_json::to_string_pretty(&self.config).expect("config serializes");
        std::fs::write(&path, text + "\n").map_err(|e| crate::error::Error::io(&path, e))?;
        if let Some(compounds) = &self.compounds {
            let path = index_dir.join(COMPOUNDS_FILE);
            std::fs::write(&path, compounds.to_tsv())
                .map_err(|e| crate::error::Error::io(&path, e))?;
        }
        Ok(())
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

/// Puts back the byte offsets and positions of `tokens` (the analyzer's tokens of `text`, as the
/// cache keeps them: term, word and whether a part, without offsets). The analysis is
/// deterministic, so the tokens' words come in the order of `text`'s content words.
pub fn restore_offsets(text: &str, tokens: &mut [Token]) {
    let mut i = 0;
    for (position, start, core) in word_segments(text) {
        if i >= tokens.len() {
            break;
        }
        let lower = core.to_lowercase();
        if tokens[i].part || tokens[i].word != lower {
            continue;
        }
        let to = start + core.len();
        let same_length = lower.len() == core.len();
        tokens[i].from = start;
        tokens[i].to = to;
        tokens[i].position = position;
        i += 1;
        let mut search = 0;
        while i < tokens.len() && tokens[i].part {
            let t = &mut tokens[i];
            match lower[search..].find(&t.word).map(|o| o + search) {
                Some(o) if same_length => {
                    t.from = start + o;
                    t.to = start + o + t.word.len();
                    search = o + t.word.len();
                }
                _ => {
                    t.from = start;
                    t.to = to;
                }
            }
            t.position = position;
            i += 1;
        }
    }
}

/// The words of `text`: (position, byte offset, word), for every segment with a letter or
/// digit; positions count them all. An abbreviation's case ending after a colon or
/// apostrophe is not a word of its own (`KPI:t` → `KPI`). A redaction tag (`[puhelin]`) is no
/// word: it is neither indexed nor clustered, and does not meet the word it is named after.
pub(crate) fn word_segments(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    text.split_word_bound_indices()
        .filter(|(_, segment)| segment.chars().any(char::is_alphanumeric))
        .filter(|&(start, segment)| !crate::redact::is_tag_at(text, start, segment))
        .enumerate()
        .map(|(position, (start, segment))| {
            let core = segment.split([':', '\'', '’']).next().unwrap_or(segment);
            (position, start, core)
        })
}

/// The revision of what the analysis gives for a text, within one teema version: bump it when
/// a change gives other tokens (the long-word cap, skipping redaction tags), so that a cache
/// made before is not reused.
pub const REVISION: u32 = 2;

/// The longest word, in characters, that the analyzer stems and splits into compound parts.
/// Finnish words in survey answers stay far below it (the longest dictionary compounds are
/// about 60 letters); stemming and splitting cost grows faster than a word's length, so a
/// longer "word" (a pasted blob, a hash, a row of one letter) gets its first this many
/// characters as its term and nothing else, which keeps the analysis linear in the text.
pub const MAX_WORD_CHARS: usize = 64;

/// Is `word` longer than [`MAX_WORD_CHARS`]?
pub fn is_long_word(word: &str) -> bool {
    word.len() > MAX_WORD_CHARS && word.chars().nth(MAX_WORD_CHARS).is_some()
}

/// The term of a word longer than [`MAX_WORD_CHARS`]: its first [`MAX_WORD_CHARS`] characters.
fn long_word_term(word: &str) -> Option<String> {
    is_long_word(word).then(|| word.chars().take(MAX_WORD_CHARS).collect())
}

/// Parses a stop word file: one word per line; `#` starts a comment, on a line of its own or
/// after the word; a BOM (as Windows editors save UTF-8) is not part of the first line.
pub fn parse_stop_words(text: &str) -> HashSet<String> {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .map(str::to_lowercase)
        .collect()
}

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
    fn compounds_of_the_corpus_are_split() {
        let a = Analyzer::finnish();
        let texts = [
            "ajanpuute ja työaika",
            "ajan puute",
            "työ",
            "kokemus",
            "arvostuspuute",
            "arvostus",
        ];
        let a = a.learn_compounds(texts);
        let tokens = a.analyze("Työaika ei riitä, ajanpuute ja arvostuspuute");
        let got: Vec<(&str, &str, bool)> = tokens
            .iter()
            .map(|t| (t.word.as_str(), t.term.as_str(), t.part))
            .collect();
        assert_eq!(
            &got[..3],
            [
                ("työaika", "työaik", false),
                ("työ", "työ", true),
                ("aika", "aika", true)
            ]
        );
        assert!(got.contains(&("ajan", "aika", true)), "{got:?}");
        assert!(got.contains(&("puute", "puut", true)), "{got:?}");
        assert!(got.contains(&("arvostus", "arvostus", true)), "{got:?}");
        // A part is highlighted where it is written, at its word's position.
        let text = "Työaika ei riitä, ajanpuute ja arvostuspuute";
        for t in &tokens {
            assert_eq!(text[t.from..t.to].to_lowercase(), t.word);
        }
        assert_eq!(tokens[1].position, tokens[0].position);
        // "kokemus" is no compound though "kokemus" = "koke" + "mus" could be cut.
        assert!(a.words("kokemus")[0].1.len() == 1);
    }

    #[test]
    fn offsets_are_restored_from_words_alone() {
        let a = Analyzer::finnish().learn_compounds(["ajanpuute ajan puute"]);
        let text = "Ei ole AIKAA: ajanpuute, ja öisin töitä.";
        let tokens = a.analyze(text);
        let mut bare: Vec<Token> = tokens
            .iter()
            .map(|t| Token {
                from: 0,
                to: 0,
                position: 0,
                ..t.clone()
            })
            .collect();
        restore_offsets(text, &mut bare);
        assert_eq!(bare, tokens);
    }

    #[test]
    fn a_word_longer_than_the_cap_is_one_truncated_term() {
        let long = "kiire".repeat(40);
        let analyzer = Analyzer::finnish().learn_compounds([long.as_str()]);
        let tokens = analyzer.analyze(&format!("{long} ja johto"));
        assert_eq!(tokens.len(), 2, "{tokens:?}");
        assert_eq!(tokens[0].term, long[..MAX_WORD_CHARS]);
        assert_eq!((tokens[0].from, tokens[0].to), (0, long.len()));
        assert_eq!(tokens[1].term, "johto");
        // Up to the cap a word is stemmed as before.
        assert_eq!(analyzer.stem("kiireitä"), analyzer.stem("kiire"));
    }

    #[test]
    fn keeps_finnish_letters() {
        let got = words("Työajan käyttö ÖISIN");
        assert_eq!(got[0].0, "työajan");
        assert_eq!(got[2].0, "öisin");
    }

    #[test]
    fn redaction_tags_are_no_words() {
        let a = Analyzer::finnish();
        let terms: Vec<String> = a
            .analyze("Soita [puhelin] tai puhelin, [nimi] tietää")
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert_eq!(terms, ["soita", "puhelin", "tietää"]);
    }

    #[test]
    fn tantivy_and_clustering_see_the_same_terms() {
        let analyzer = Arc::new(Analyzer::finnish());
        let text = "Johto ei ymmärrä, mitä yhteisömanageri tekee! Ajanpuute & KPI:t 😩 — arvostuksen puute.";
        let mut tantivy = analyzer.tantivy();
        let mut stream = tantivy.token_stream(text);
        let mut from_tantivy = Vec::new();
        while stream.advance() {
            let t = stream.token();
            from_tantivy.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        let direct: Vec<_> = analyzer
            .analyze(text)
            .into_iter()
            .map(|t| (t.term, t.from, t.to, t.position))
            .collect();
        assert!(!direct.is_empty());
        assert_eq!(from_tantivy, direct);
    }

    #[test]
    fn surface_forms_show_a_frequent_short_form() {
        let a = Analyzer::finnish();
        let mut forms = SurfaceForms::default();
        for text in [
            "arvostusta",
            "arvostus puuttuu",
            "arvostusta",
            "arvostuksen",
        ] {
            forms.add(&a.analyze(text));
        }
        let term = &a.terms("arvostus")[0];
        assert_eq!(
            forms.readable(term),
            "arvostus",
            "short and a third as frequent"
        );
        let mut rare = SurfaceForms::default();
        for text in [
            "piirtämisessä",
            "piirtämisessä",
            "piirtämisessä",
            "piirtämisessä",
            "piirtäminen",
        ] {
            rare.add(&a.analyze(text));
        }
        let term = &a.terms("piirtäminen")[0];
        assert_eq!(
            rare.readable(term),
            "piirtämisessä",
            "too rare a short form"
        );
        assert_eq!(forms.readable("tuntematon"), "tuntematon");
    }
}
