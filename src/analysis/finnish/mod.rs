//! teema's built-in Finnish stemmer: a lexicon of irregular words, then Finnish morphology.
//!
//! A word's term is found in three ways; the first that applies wins:
//!
//! 1. **Lexicon** (`fi_stems.txt`, `lexicon.rs`): uninflected words are their own term
//!    (`mukaan`, `edelleen`); the stem alternants of frequent irregular words plus an
//!    inflectional ending of the right kind give the lemma (`tein`, `tekemään`, `tehty` →
//!    `tehdä`; `parhaat` → `hyvä`; `ajan` → `aika`).
//! 2. **Morphology**: the inflectional layers are cut off from the right (`endings.rs`:
//!    clitic, possessive suffix, case or personal or infinitive ending; `markers.rs`: plural,
//!    participle, comparative, conditional), each only where what is left could carry it
//!    (`rest.rs`). If what is left is a stem the lexicon lists, the term is its lemma
//!    (`olevia` → `ole` → `olla`).
//! 3. Otherwise the stem is brought to the key all stems of its word share (`normal.rs`: the
//!    stem types of Finnish nominals and verbs, consonant gradation): `köyhä`, `köyhää`,
//!    `köyhiä` → `köyh`; `piirtää`, `piirrän`, `piirretty` → `piirt`; `köyhyys`, `köyhyyttä`,
//!    `köyhyydessä` → `köyhyys`.
//!
//! The key is a stem, not always a word: labels show the most frequent written form of a term
//! (`SurfaceForms`). Derived words keep their own term (`piirtäminen` is not `piirtää`);
//! [`FinnishStemmer::root`] (`root.rs`) gives the word one is derived from, for clustering.
//!
//! Measured on UD Finnish gold lemmas (`teema analyze --score`): see `benches/README.md`.

mod endings;
mod lexicon;
mod markers;
mod normal;
mod rest;
mod root;
mod word;

use rust_stemmers::{Algorithm, Stemmer};

/// The lexicon of stem alternants shipped with teema.
pub const FINNISH_STEMS: &str = include_str!("../fi_stems.txt");

/// Words longer than this (in characters) are not taken apart: no Finnish word is, and the
/// rules need not look at what is not one.
pub const MAX_WORD_CHARS: usize = 60;

/// The built-in Finnish stemmer: a lexicon of irregular stems and rules of Finnish morphology
/// (see the module documentation).
pub struct FinnishStemmer {
    snowball: Stemmer,
    lexicon: lexicon::Lexicon,
}

impl std::fmt::Debug for FinnishStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FinnishStemmer")
            .field("stems", &self.lexicon.len())
            .finish()
    }
}

impl Default for FinnishStemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl FinnishStemmer {
    /// The stemmer with the lexicon shipped with teema.
    pub fn new() -> Self {
        Self::with_lexicon(FINNISH_STEMS)
    }

    /// The stemmer with a lexicon in the format of `fi_stems.txt`.
    pub fn with_lexicon(lexicon: &str) -> Self {
        FinnishStemmer {
            snowball: Stemmer::create(Algorithm::Finnish),
            lexicon: lexicon::Lexicon::parse(lexicon),
        }
    }

    /// The lemma of `word` (lowercase) if the lexicon knows it.
    pub fn lexicon_lemma(&self, word: &str) -> Option<&str> {
        self.lexicon.lemma(word)
    }

    /// Is `s` an inflectional ending (with possessive and clitic) of a noun or a verb?
    pub fn is_ending(&self, s: &str) -> bool {
        self.lexicon.is_ending_of(lexicon::Kind::Noun, s)
            || self.lexicon.is_ending_of(lexicon::Kind::Verb, s)
    }

    /// The term of one lowercased word: itself if it is uninflected, its lexicon lemma, or the
    /// key its stems share. Words of more than [`MAX_WORD_CHARS`] characters are their own
    /// term; the work is linear in the word's length.
    pub fn stem(&self, word: &str) -> String {
        if word.chars().nth(MAX_WORD_CHARS).is_some() {
            return word.to_lowercase();
        }
        if self.lexicon.is_invariable(word) {
            return word.to_string();
        }
        let mut w: Vec<char> = word.chars().collect();
        if endings::is_adverb(&w) {
            return word.to_string();
        }
        if let Some(lemma) = self.lexicon_lemma(word) {
            return lemma.to_string();
        }
        if endings::strip_clitic(&mut w) {
            let bare: String = w.iter().collect();
            if self.lexicon.is_invariable(&bare) {
                return bare;
            }
            if let Some(lemma) = self.lexicon_lemma(&bare) {
                return lemma.to_string();
            }
        }
        endings::strip_possessive(&mut w);
        let cut = endings::strip_ending(&mut w);
        markers::strip_marker(&mut w, cut);
        let bare: String = w.iter().collect();
        if let Some(lemma) = self.lexicon.lemma_of_stem(&bare) {
            return lemma.to_string();
        }
        normal::normalize(&mut w);
        w.into_iter().collect()
    }

    /// The base word a derived word comes from, as a plain word to be stemmed like any other
    /// (`piirtämisessä` → `piirtää`, `köyhyyttä` → `köyhä`, `luistelu` → `luistella`), or
    /// `None` when `word` (lowercase, any inflection) is no derivation the rules know (see
    /// `root.rs`). Used to let the words of one family meet in clustering.
    pub fn root(&self, word: &str) -> Option<String> {
        if word.chars().nth(MAX_WORD_CHARS).is_some()
            || !word.chars().all(char::is_alphabetic)
            || self.lexicon.is_invariable(word)
        {
            return None;
        }
        root::root(word).filter(|r| r != word)
    }

    /// The plain Snowball stem, for comparison.
    pub fn snowball(&self, word: &str) -> String {
        self.snowball.stem(word).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(stemmer: &FinnishStemmer, words: &[&str]) {
        let terms: Vec<String> = words.iter().map(|w| stemmer.stem(w)).collect();
        assert!(
            terms.windows(2).all(|p| p[0] == p[1]),
            "{words:?} gave {terms:?}"
        );
    }

    #[test]
    fn gradation_and_stem_changes_meet() {
        let s = FinnishStemmer::new();
        same(&s, &["aika", "ajan", "aikaa", "ajat", "aikoja"]);
        same(&s, &["johto", "johdon", "johtoa", "johdossa"]);
        same(
            &s,
            &["arvostus", "arvostuksen", "arvostusta", "arvostuksia"],
        );
        same(
            &s,
            &["tehdä", "tein", "tekee", "tehty", "tekemään", "tehnyt"],
        );
        same(&s, &["vuosi", "vuoden", "vuotta", "vuosina"]);
        same(&s, &["hyvä", "parempi", "parhaat", "hyvää"]);
        same(&s, &["olla", "on", "oli", "ollut", "olisi", "olevan"]);
        same(&s, &["tarve", "tarpeen", "tarpeet"]);
        same(&s, &["kauppa", "kaupan", "kauppaa"]);
        same(&s, &["ranta", "rannan", "rantaa", "rannalla"]);
        same(&s, &["kenkä", "kengän", "kenkää"]);
        same(
            &s,
            &["arvo", "arvon", "arvot", "arvoa", "arvoja", "arvoissa"],
        );
    }

    #[test]
    fn nominal_stem_types_meet() {
        let s = FinnishStemmer::new();
        // a/ä stems and their plural in i; comparatives.
        same(&s, &["köyhä", "köyhää", "köyhiä", "köyhien", "köyhemmät"]);
        // -nen, -is, -as, -e/-ee, -si/-de/-te, -ton.
        same(
            &s,
            &[
                "suomalainen",
                "suomalaisen",
                "suomalaista",
                "suomalaisia",
                "suomalaisiin",
            ],
        );
        same(&s, &["kaunis", "kauniin", "kaunista", "kauniita"]);
        same(
            &s,
            &["huone", "huoneen", "huonetta", "huoneita", "huoneisiin"],
        );
        same(&s, &["tavoite", "tavoitteen", "tavoitetta", "tavoitteita"]);
        same(&s, &["täysi", "täyden", "täyttä"]);
        same(&s, &["työtön", "työttömän", "työttömiä"]);
        // -us nouns (-ukse-) and -uus nouns (-ude-, -uute-).
        same(&s, &["kysymys", "kysymyksen", "kysymystä", "kysymyksiä"]);
        same(
            &s,
            &[
                "köyhyys",
                "köyhyyden",
                "köyhyyttä",
                "köyhyydessä",
                "köyhyyteen",
                "köyhyyksiä",
            ],
        );
        same(
            &s,
            &[
                "mahdollisuus",
                "mahdollisuuden",
                "mahdollisuutta",
                "mahdollisuuksia",
            ],
        );
    }

    #[test]
    fn verb_types_meet() {
        let s = FinnishStemmer::new();
        // Type 1, with gradation, past tense, passive, participles, MA infinitive.
        same(
            &s,
            &[
                "piirtää",
                "piirrän",
                "piirsi",
                "piirretään",
                "piirretty",
                "piirtänyt",
                "piirtävä",
                "piirtämään",
            ],
        );
        same(
            &s,
            &["kehittyä", "kehittyy", "kehittyneet", "kehittyneemmät"],
        );
        // Type 2 to 5.
        same(&s, &["uida", "uin", "uimme", "uinut", "uidaan", "uimassa"]);
        same(
            &s,
            &[
                "opiskella",
                "opiskelen",
                "opiskeli",
                "opiskellut",
                "opiskeltu",
                "opiskellaan",
            ],
        );
        same(
            &s,
            &[
                "pelata", "pelaan", "pelaa", "pelannut", "pelataan", "pelaisin",
            ],
        );
        same(
            &s,
            &["valita", "valitsen", "valitsi", "valittu", "valitaan"],
        );
    }

    #[test]
    fn minen_nouns_meet_each_other_not_their_verb() {
        let s = FinnishStemmer::new();
        same(
            &s,
            &[
                "piirtäminen",
                "piirtämisen",
                "piirtämistä",
                "piirtämisessä",
                "piirtämisiä",
            ],
        );
        assert_ne!(s.stem("piirtäminen"), s.stem("piirtää"));
    }

    #[test]
    fn spoken_forms_meet_the_written_ones() {
        let s = FinnishStemmer::new();
        same(&s, &["kirjottaa", "kirjoittaa"]);
        same(&s, &["tiiä", "tietää"]);
        same(&s, &["oon", "olla"]);
    }

    #[test]
    fn different_words_stay_apart() {
        let s = FinnishStemmer::new();
        for (a, b) in [
            ("aika", "aikoa"),
            ("tee", "tehdä"),
            ("osa", "osata"),
            ("tieto", "tietää"),
            ("teema", "tehdä"),
            ("arvo", "arpoa"),
            ("kesä", "kesäinen"),
            ("aika", "aikainen"),
            ("koulu", "koulutus"),
            ("tulo", "tulos"),
            ("alue", "alku"),
            ("köyhyys", "köyhä"),
            ("palvelu", "palvelus"),
            ("sana", "sanoa"),
            ("mukaan", "muka"),
            ("hyvin", "hyvä"),
        ] {
            assert_ne!(s.stem(a), s.stem(b), "{a} and {b}");
        }
    }

    #[test]
    fn uninflected_words_are_their_own_term() {
        let s = FinnishStemmer::new();
        for (word, term) in [
            ("mukaan", "mukaan"),
            ("edelleenkin", "edelleen"),
            ("päivittäin", "päivittäin"),
            ("useammin", "useammin"),
        ] {
            assert_eq!(s.stem(word), term);
        }
    }

    #[test]
    fn lemmas_are_readable_terms() {
        let s = FinnishStemmer::new();
        assert_eq!(s.stem("ajan"), "aika");
        assert_eq!(s.stem("johdon"), "johto");
        assert_eq!(s.stem("arvostuksen"), "arvostus");
        assert_eq!(s.stem("eivät"), "ei");
    }

    #[test]
    fn long_and_odd_words_are_left_alone() {
        let s = FinnishStemmer::new();
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(s.stem(&long), long);
        for word in ["", "a", "ää", "sssss"] {
            let _ = s.stem(word);
            assert_eq!(s.root(word), None, "{word}");
        }
    }
}
