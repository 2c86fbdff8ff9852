//! What the analyzer learns from a corpus: its words, their terms, and the compounds among them.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::{compound, word_segments, Analyzer};

impl Analyzer {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
