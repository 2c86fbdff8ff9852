//! The user's words (`--redact-words FILE`): names of colleagues, places, anything that must
//! not leave the survey. One word or name per line, UTF-8 (a BOM is dropped), `#` starts a
//! comment. A word is found case-insensitively as a whole word, and in its Finnish inflected
//! forms: the word, its weak grade (`Matti` → `Mati-`, `Pekka` → `Peka-`, `Outi` → `Oudi-`),
//! `-nen` names' stems (`Virtanen` → `Virtase-`, `Virtas-`) or a consonant name with `i`
//! (`Tom` → `Tomi-`, `Tom:lle`), followed only by a case ending (singular or plural) and a
//! clitic (`Matillekin`). A name of several words is found word by word, and neighbouring
//! finds become one.

use std::collections::HashSet;
use std::path::Path;

use super::{Kind, Span};
use crate::error::{Error, Result};

/// Case endings after a stem, singular and plural.
const ENDINGS: &[&str] = &[
    "n", "a", "ä", "ta", "tä", "na", "nä", "ksi", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta",
    "ltä", "lle", "tta", "ttä", "t", "ine", "ineen", "ille", "illa", "illä", "ilta", "iltä",
    "issa", "issä", "ista", "istä", "ien", "iin", "ia", "iä", "ina", "inä", "iksi", "in",
];
/// Clitics and possessive suffixes that may follow a form.
const CLITICS: &[&str] = &[
    "", "kin", "kaan", "kään", "han", "hän", "pa", "pä", "ko", "kö", "ni", "si", "nsa", "nsä",
];

/// The words to redact, ready to match.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    /// Whole forms (lowercase): the words themselves and their illatives.
    forms: HashSet<String>,
    /// Stems a case ending may follow (lowercase).
    stems: HashSet<String>,
    /// Distinct words read.
    words: usize,
    /// The distinct words, sorted, for [`WordList::fingerprint`].
    sorted: Vec<String>,
}

impl WordList {
    /// Reads a list: one word or name per line, `#` comments, BOM dropped.
    pub fn parse(text: &str) -> WordList {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut list = WordList::default();
        let mut seen = HashSet::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            for word in line.split_whitespace() {
                let word = word
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if word.chars().count() >= 2 && seen.insert(word.clone()) {
                    list.add(&word);
                }
            }
        }
        list.words = seen.len();
        list.sorted = seen.into_iter().collect();
        list.sorted.sort();
        list
    }

    /// Reads the list in `path`.
    pub fn from_file(path: &Path) -> Result<WordList> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::input(path, "--redact-words: the file is not UTF-8"))?;
        Ok(WordList::parse(&text))
    }

    /// Distinct words in the list.
    pub fn len(&self) -> usize {
        self.words
    }

    pub fn is_empty(&self) -> bool {
        self.words == 0
    }

    /// A stable hash of the words (FxHash has no random state).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        self.sorted.hash(&mut h);
        h.finish()
    }

    fn add(&mut self, word: &str) {
        self.forms.insert(word.to_string());
        let mut stems = vec![word.to_string()];
        let last = word.chars().last().unwrap_or('a');
        if is_vowel(last) {
            // Illative: the last vowel long, then n (Mattiin, Pekkaan).
            self.forms.insert(format!("{word}{last}n"));
            stems.extend(weak_grade(word));
        } else if let Some(base) = word.strip_suffix("nen") {
            stems.push(format!("{base}se"));
            stems.push(format!("{base}s"));
        } else {
            stems.push(format!("{word}i"));
            self.forms.insert(format!("{word}iin"));
        }
        self.stems.extend(stems);
    }

    /// Whether a word (lowercase) is one of the list's words or their forms.
    fn matches(&self, word: &str) -> bool {
        let without_clitic = CLITICS
            .iter()
            .filter_map(|c| word.strip_suffix(c))
            .filter(|w| !w.is_empty());
        for w in without_clitic {
            if self.forms.contains(w) {
                return true;
            }
            for (i, _) in w.char_indices().skip(1) {
                let (stem, ending) = w.split_at(i);
                let ending = ending.strip_prefix(':').unwrap_or(ending);
                if self.stems.contains(stem) && ENDINGS.contains(&ending) {
                    return true;
                }
            }
        }
        false
    }

    /// Adds every word of the list in `text`; a hyphenated word is looked at whole and part
    /// by part. Finds separated only by spaces become one (`Matti Virtaselle`).
    pub(super) fn find(&self, text: &str, out: &mut Vec<Span>) {
        if self.is_empty() {
            return;
        }
        let start = out.len();
        for (from, word) in words(text) {
            if self.matches(&word.to_lowercase()) {
                push_merged(text, out, start, from, from + word.len());
                continue;
            }
            let mut at = from;
            for part in word.split('-') {
                if !part.is_empty() && self.matches(&part.to_lowercase()) {
                    push_merged(text, out, start, at, at + part.len());
                }
                at += part.len() + 1;
            }
        }
    }
}

/// Adds a name find, joined to the last one (from `start` on) when only spaces are between.
fn push_merged(text: &str, out: &mut Vec<Span>, start: usize, from: usize, to: usize) {
    if out.len() > start {
        let last = out.last_mut().expect("a find");
        if text[last.to..from]
            .chars()
            .all(|c| c == ' ' || c == '\u{a0}')
        {
            last.to = to;
            return;
        }
    }
    out.push(Span {
        from,
        to,
        kind: Kind::Name,
    });
}

/// The words of `text` with their byte offsets: letters, with `-`, `'`, `’` and `:` inside
/// (`Matti-Pekka`, `O'Brien`, `Tom:lle`).
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = matches!(c, '-' | '\'' | '’' | ':')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic());
        if c.is_alphabetic() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

fn is_vowel(c: char) -> bool {
    "aeiouyäö".contains(c)
}

/// The weak grade of a word ending in a vowel: the consonants before its last vowels
/// weakened (`tt` → `t`, `kk` → `k`, `pp` → `p`, `nk` → `ng`, `mp` → `mm`, `lt` → `ll`,
/// `nt` → `nn`, `rt` → `rr`, `t` → `d`).
fn weak_grade(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut end = chars.len();
    while end > 0 && is_vowel(chars[end - 1]) {
        end -= 1;
    }
    if end == 0 || end == chars.len() {
        return Vec::new();
    }
    let (head, tail) = (&chars[..end], &chars[end..]);
    let pair = |a: char, b: char| head.len() >= 2 && head[end - 2] == a && head[end - 1] == b;
    let replaced = |n: usize, with: &str| -> String {
        let mut s: String = head[..end - n].iter().collect();
        s.push_str(with);
        s.extend(tail);
        s
    };
    let mut out = Vec::new();
    for (a, b, weak) in [
        ('t', 't', "t"),
        ('k', 'k', "k"),
        ('p', 'p', "p"),
        ('n', 'k', "ng"),
        ('m', 'p', "mm"),
        ('l', 't', "ll"),
        ('n', 't', "nn"),
        ('r', 't', "rr"),
    ] {
        if pair(a, b) {
            out.push(replaced(2, weak));
        }
    }
    let single_t = head[end - 1] == 't' && (end < 2 || is_vowel(head[end - 2]));
    if single_t {
        out.push(replaced(1, "d"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(list: &str, text: &str) -> Vec<String> {
        let mut spans = Vec::new();
        WordList::parse(list).find(text, &mut spans);
        spans
            .iter()
            .map(|s| text[s.from..s.to].to_string())
            .collect()
    }

    #[test]
    fn the_list_is_read_with_bom_comments_and_blank_lines() {
        let list = WordList::parse("\u{feff}# kollegat\nMatti\n\n  Pekka  # esimies\nmatti\n");
        assert_eq!(list.len(), 2);
        assert!(list.matches("matti") && list.matches("pekka"));
    }

    #[test]
    fn inflected_forms_are_found_and_other_words_are_not() {
        let forms = "Matti Matin Mattia Matille Mattiin Matillekin MATIN Matista";
        assert_eq!(found("Matti", forms).len(), 1, "one merged find");
        for word in forms.split(' ') {
            assert_eq!(found("Matti", word), [word]);
        }
        assert_eq!(found("Pekka", "Pekan ja Pekalle"), ["Pekan", "Pekalle"]);
        assert_eq!(found("Outi", "Oudin kanssa"), ["Oudin"]);
        assert_eq!(
            found("Virtanen", "Virtasen, Virtaselle, Virtasta"),
            ["Virtasen", "Virtaselle", "Virtasta"]
        );
        assert_eq!(found("Tom", "Tomille ja Tom:lle"), ["Tomille", "Tom:lle"]);
        for other in ["Mattila", "matto", "Matinkylä", "Pekkarinen", "Virta"] {
            assert!(found("Matti\nPekka\nVirtanen", other).is_empty(), "{other}");
        }
    }

    #[test]
    fn names_of_several_words_and_hyphens() {
        assert_eq!(
            found("Matti Virtanen", "Kiitos Matti Virtaselle!"),
            ["Matti Virtaselle"]
        );
        assert_eq!(found("Liisa", "Liisa-tiimi"), ["Liisa"]);
    }
}
