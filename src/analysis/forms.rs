//! How was each term written? Labels and top terms show words as respondents wrote them
//! ("arvostus"), not stems ("arvostuks").

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::Token;

/// Remembers how each term was written, so that labels show words people wrote ("arvostus"),
/// not stems ("arvostuks").
#[derive(Debug, Default, Clone)]
pub struct SurfaceForms {
    counts: FxHashMap<String, FxHashMap<String, usize>>,
}

impl SurfaceForms {
    /// Counts the words of `tokens`.
    pub fn add(&mut self, tokens: &[Token]) {
        for t in tokens {
            self.add_one(&t.term, &t.word);
        }
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: SurfaceForms) {
        for (term, words) in other.counts {
            let mine = self.counts.entry(term).or_default();
            for (word, n) in words {
                *mine.entry(word).or_default() += n;
            }
        }
    }

    /// Counts one (term, word) pair.
    pub fn add_one(&mut self, term: &str, word: &str) {
        let words = match self.counts.get_mut(term) {
            Some(words) => words,
            None => self.counts.entry(term.to_string()).or_default(),
        };
        match words.get_mut(word) {
            Some(n) => *n += 1,
            None => {
                words.insert(word.to_string(), 1);
            }
        }
    }

    /// How `term` is shown to people: of the ways it was written at least a third as often as
    /// the most frequent, the shortest (a base form is usually the shortest: "köyhyys" before
    /// "köyhyyttä", "piirtäminen" before "piirtämisessä"); ties go to the more frequent, then
    /// the alphabetically first. The term itself if it was never seen.
    pub fn readable(&self, term: &str) -> String {
        let Some(words) = self.counts.get(term) else {
            return term.to_string();
        };
        let most = words.values().copied().max().unwrap_or(0);
        words
            .iter()
            .filter(|(_, &n)| n * 3 >= most)
            .min_by(|(wa, ca), (wb, cb)| {
                wa.chars()
                    .count()
                    .cmp(&wb.chars().count())
                    .then_with(|| cb.cmp(ca))
                    .then_with(|| wa.cmp(wb))
            })
            .map_or_else(|| term.to_string(), |(w, _)| w.clone())
    }

    /// The form `term` was most often written in ("aikaa" for `aik` written "aikaa" three
    /// times, "aika" twice, "ajan" once); ties go to the alphabetically first. The term itself
    /// if it was never seen.
    pub fn most_common(&self, term: &str) -> String {
        self.counts
            .get(term)
            .and_then(|words| {
                words
                    .iter()
                    .max_by(|(wa, ca), (wb, cb)| ca.cmp(cb).then_with(|| wb.cmp(wa)))
            })
            .map_or_else(|| term.to_string(), |(w, _)| w.clone())
    }

    /// All terms with their readable forms, sorted by term.
    pub fn table(&self) -> BTreeMap<String, String> {
        self.counts
            .keys()
            .map(|t| (t.clone(), self.readable(t)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

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

    #[test]
    fn the_most_common_form_is_the_most_frequent_ties_alphabetical() {
        let a = Analyzer::finnish();
        let mut forms = SurfaceForms::default();
        for text in ["aikaa", "ajan", "aika", "aikaa", "aika", "aikaa"] {
            forms.add(&a.analyze(text));
        }
        let term = &a.terms("aika")[0];
        assert_eq!(a.terms("ajan")[0], *term, "one lemma");
        assert_eq!(forms.most_common(term), "aikaa");
        forms.add(&a.analyze("aika"));
        assert_eq!(
            forms.most_common(term),
            "aika",
            "a tie: the first alphabetically"
        );
        assert_eq!(forms.most_common("tuntematon"), "tuntematon");
    }
}
