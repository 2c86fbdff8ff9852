//! The words of a text: where each starts and which position it has, how long a word the
//! analyzer stems, and the offsets of tokens read back from the cache.

use unicode_segmentation::UnicodeSegmentation;

use super::Token;

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
pub(super) fn long_word_term(word: &str) -> Option<String> {
    is_long_word(word).then(|| word.chars().take(MAX_WORD_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

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
    fn redaction_tags_are_no_words() {
        let a = Analyzer::finnish();
        let terms: Vec<String> = a
            .analyze("Soita [puhelin] tai puhelin, [nimi] tietää")
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert_eq!(terms, ["soita", "puhelin", "tietää"]);
    }
}
