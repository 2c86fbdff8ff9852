//! Which words are dropped: the stop word lists, and the negation words that never are.

use std::collections::HashSet;

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

/// The stop words every analyzer starts from: Finnish, Swedish and English.
pub(super) fn default_stop_words() -> HashSet<String> {
    let mut words = parse_stop_words(FINNISH_STOP_WORDS);
    words.extend(parse_stop_words(SWEDISH_STOP_WORDS));
    words.extend(parse_stop_words(ENGLISH_STOP_WORDS));
    words
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
