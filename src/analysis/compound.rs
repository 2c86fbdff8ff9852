//! Compound splitting. Finnish glues words together (`ajankäyttö`, `työaika`, `arvostuspuute`);
//! a compound is split where both halves are words the corpus itself uses, and the index and
//! the clustering then get the whole word and its parts, so `työaika` meets `aika`.
//!
//! The splits are worked out once per distinct word of a corpus ([`Compounds::learn`]), from
//! the words and terms it has on its own: a cut is taken when the left part as written (`ajan`,
//! `työ`, `arvostus`) is a word of the corpus, and the term of the right part (inflected or
//! not: `käytön`, `puutetta`) is the term of a word of the corpus or a lemma of the lexicon. Of
//! several cuts the one whose parts are most frequent wins (Koehn & Knight's geometric mean).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Analyzer;

/// Shortest word considered for splitting, and shortest part, in characters.
const MIN_WORD: usize = 7;
const MIN_PART: usize = 3;

/// One part of a compound: its byte range in the word and its term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub from: usize,
    pub to: usize,
    pub term: String,
}

/// The compounds of a corpus: lowercased word → its parts.
#[derive(Debug, Default, Clone)]
pub struct Compounds {
    splits: HashMap<String, Vec<Part>>,
}

impl Compounds {
    /// Learns the compounds of a vocabulary: each distinct lowercased word and how often it
    /// was seen. `analyzer` gives the terms (its own compounds are not used).
    pub fn learn(analyzer: &Analyzer, vocabulary: &BTreeMap<String, usize>) -> Compounds {
        let mut term_of: HashMap<&str, String> = HashMap::new();
        let mut term_counts: HashMap<String, usize> = HashMap::new();
        for (word, &count) in vocabulary {
            if word.chars().count() >= MIN_PART {
                let term = analyzer.stem(word);
                *term_counts.entry(term.clone()).or_default() += count;
                term_of.insert(word, term);
            }
        }
        let known = |term: &str| -> usize {
            term_counts
                .get(term)
                .copied()
                .unwrap_or(0)
                .max(usize::from(analyzer.is_lexicon_lemma(term)))
        };
        let mut splits = HashMap::new();
        for word in vocabulary.keys() {
            if word.chars().count() < MIN_WORD
                || super::is_long_word(word)
                || !word.chars().all(char::is_alphabetic)
            {
                continue;
            }
            let whole = &term_of[word.as_str()];
            let mut best: Option<(f64, Vec<Part>)> = None;
            let cuts = word.char_indices().map(|(i, _)| i).skip(MIN_PART);
            for cut in cuts {
                let (left, right) = word.split_at(cut);
                if right.chars().count() < MIN_PART {
                    break;
                }
                if analyzer.looks_like_ending(right) {
                    continue;
                }
                let (lt, rt) = (analyzer.stem(left), analyzer.stem(right));
                if lt == *whole || rt == *whole || lt.chars().count() < 2 {
                    continue;
                }
                // The left part must be a word of the corpus as written (`ajan`, `työ`,
                // `arvostus`): a cut at a random place rarely is one. The right part may be
                // inflected (`käytön`): its term must be known.
                let fl = vocabulary.get(left).copied().unwrap_or(0);
                let fr = known(&rt);
                if fl == 0 || fr == 0 {
                    continue;
                }
                let score = ((fl * fr) as f64).sqrt();
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    let parts = vec![
                        Part {
                            from: 0,
                            to: cut,
                            term: lt,
                        },
                        Part {
                            from: cut,
                            to: word.len(),
                            term: rt,
                        },
                    ];
                    best = Some((score, parts));
                }
            }
            if let Some((_, parts)) = best {
                splits.insert(word.clone(), parts);
            }
        }
        Compounds { splits }
    }

    /// The splits as TSV lines, sorted: word, then each part's end offset and term.
    pub fn to_tsv(&self) -> String {
        let mut words: Vec<&String> = self.splits.keys().collect();
        words.sort();
        let mut out = String::new();
        for word in words {
            out.push_str(word);
            for part in &self.splits[word] {
                out.push_str(&format!("\t{}\t{}", part.to, part.term));
            }
            out.push('\n');
        }
        out
    }

    /// Reads what [`Compounds::to_tsv`] wrote; lines that do not fit are left out.
    /// The words split differently here and in `other` (split in one only, or into other
    /// parts).
    pub fn changed_words(&self, other: &Compounds) -> HashSet<String> {
        let differs = |a: &Compounds, b: &Compounds| -> Vec<String> {
            a.splits
                .iter()
                .filter(|(word, parts)| b.splits.get(*word) != Some(*parts))
                .map(|(word, _)| word.clone())
                .collect()
        };
        differs(self, other)
            .into_iter()
            .chain(differs(other, self))
            .collect()
    }

    pub fn from_tsv(text: &str) -> Compounds {
        let mut splits = HashMap::new();
        for line in text.lines() {
            let mut fields = line.split('\t');
            let Some(word) = fields.next() else { continue };
            let mut parts = Vec::new();
            let mut from = 0;
            let rest: Vec<&str> = fields.collect();
            for pair in rest.chunks(2) {
                let [to, term] = pair else { break };
                match to.parse::<usize>() {
                    Ok(to) if to > from && to <= word.len() && word.is_char_boundary(to) => {
                        parts.push(Part {
                            from,
                            to,
                            term: term.to_string(),
                        });
                        from = to;
                    }
                    _ => break,
                }
            }
            if parts.len() >= 2 && from == word.len() {
                splits.insert(word.to_string(), parts);
            }
        }
        Compounds { splits }
    }

    /// The parts of a lowercased word, if it is a compound of the corpus.
    pub fn parts(&self, word: &str) -> Option<&[Part]> {
        self.splits.get(word).map(Vec::as_slice)
    }

    /// How many compounds were found.
    pub fn len(&self) -> usize {
        self.splits.len()
    }

    /// Were no compounds found?
    pub fn is_empty(&self) -> bool {
        self.splits.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_survive_the_index_file() {
        let analyzer =
            Analyzer::finnish().learn_compounds(["työaika ja työ", "ajankäyttö ajan käyttö"]);
        let compounds = analyzer.compounds.as_ref().unwrap();
        let tsv = compounds.to_tsv();
        assert_eq!(
            tsv,
            "ajankäyttö\t4\taika\t12\tkäytö\ntyöaika\t4\ttyö\t8\taika\n"
        );
        let back = Compounds::from_tsv(&(tsv + "rikki\t99\tx\n"));
        assert_eq!(back.splits, compounds.splits);
    }
}
