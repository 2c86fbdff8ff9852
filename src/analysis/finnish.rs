//! teema's built-in Finnish stemmer: Snowball Finnish, corrected where Finnish stems change.
//!
//! A word's term is found in three steps; the first that applies wins:
//!
//! 1. **Lexicon** (`fi_stems.txt`): the stem alternants of frequent irregular words. A word that
//!    is one of their stems plus an inflectional ending of the right kind gets the lemma as its
//!    term: `tein`, `tekemään`, `tehty` → `tehdä`; `parhaat` → `hyvä`; `ajan` → `aika`.
//! 2. **Snowball** (`rust-stemmers`) for every other word.
//! 3. **Rules** on the Snowball stem:
//!    - `-us`/`-ys`/`-os`/`-ös` nouns keep their `s` (`arvostus`, `arvostusta`), and the
//!      `-ks-` of their inflected stem becomes `s` (`arvostuks-` → `arvostus`);
//!    - a past-tense `i` after a consonant goes (`kehitti` → `kehitt`);
//!    - consonant gradation: the consonants before the stem's final vowels are brought to the
//!      strong grade, kk/k, pp/p, tt/t, nk/ng, mp/mm, lt/ll, nt/nn, rt/rr, t/d, p/v
//!      (`johdo-` → `johto`, `tarpee-`/`tarve-` → `tarp`).
//!
//! Measured on UD Finnish gold lemmas (`teema analyze --score`): see `benches/README.md`.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};

/// The lexicon of stem alternants shipped with teema.
pub const FINNISH_STEMS: &str = include_str!("fi_stems.txt");

const VOWELS: &[char] = &['a', 'e', 'i', 'o', 'u', 'y', 'ä', 'ö'];

/// Case endings of nouns and adjectives, singular and plural (`_` is no ending).
const NOUN_ENDINGS: &str =
    "_ a ä ta tä n na nä ksi ssa ssä sta stä lla llä lta ltä lle tta ttä t ne
    in an en on un yn än ön hin hen han hun hön hyn seen siin ja jä jen iden itten ten den tten
    ita itä ien ia iä ihin iin issa issä ista istä illa illä ilta iltä ille iksi ina inä ine ineen
    itta ittä oja ojen oihin oissa oista oilla oille oina oiksi öjä öjen";

/// Personal, tense, mood, passive and infinitive endings of verbs.
const VERB_ENDINGS: &str = "_ n t mme tte vat vät i in it imme itte ivat ivät isi isin isit
    isimme isitte isivat isivät is nut nyt neet neen nee ttiin tiin taan tään daan dään dä da ta
    tä a ä e ee en essa essä maan mään massa mässä masta mästä malla mällä matta mättä ko kö kaa
    kää koon köön kaamme käämme ttaisiin taisiin ttäisiin täisiin ttäisi ttaisi vi mi ni si
    ttäessä ttaessa";

/// Participle suffixes of verbs, which then take noun endings (`tehty`, `tehdyt`, `tehtyjä`).
const PARTICIPLES: &str = "ttu tty tu ty du dy nut nyt nee va vä ttava ttävä tava tävä ma mä";

/// Possessive suffixes (`aikani`, `ajastaan`) and clitics (`aikakin`, `onko`).
const POSSESSIVES: &str = "_ ni si nsa nsä mme nne an en in on un yn än ön";
const CLITICS: &str = "_ kin kaan kään han hän pa pä ko kö s";

/// Gradation pairs: the weak grade before the strong one.
const GRADATION: &[(&str, &str)] = &[
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("ng", "nk"),
    ("mm", "mp"),
    ("ll", "lt"),
    ("nn", "nt"),
    ("rr", "rt"),
    ("d", "t"),
    ("v", "p"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Verb,
    Noun,
}

/// Snowball Finnish with a lexicon of irregular stems and gradation rules.
pub struct FinnishStemmer {
    snowball: Stemmer,
    /// Whole word forms → lemma.
    forms: HashMap<String, String>,
    /// Stem → (lemma, kind).
    stems: HashMap<String, (String, Kind)>,
    /// Case endings, and a verb's endings with its participles' case endings; possessives and
    /// clitics are matched on top ([`FinnishStemmer::is_ending_of`]).
    noun_endings: HashSet<String>,
    verb_endings: HashSet<String>,
    longest_stem: usize,
}

impl std::fmt::Debug for FinnishStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FinnishStemmer")
            .field("stems", &self.stems.len())
            .finish()
    }
}

impl Default for FinnishStemmer {
    fn default() -> Self {
        Self::new()
    }
}

fn words(list: &str) -> impl Iterator<Item = &str> {
    list.split_whitespace()
        .map(|w| if w == "_" { "" } else { w })
}

impl FinnishStemmer {
    /// The stemmer with the lexicon shipped with teema.
    pub fn new() -> Self {
        Self::with_lexicon(FINNISH_STEMS)
    }

    /// The stemmer with a lexicon in the format of `fi_stems.txt`.
    pub fn with_lexicon(lexicon: &str) -> Self {
        let noun_endings: HashSet<String> = words(NOUN_ENDINGS).map(str::to_string).collect();
        let mut verb_endings: HashSet<String> = words(VERB_ENDINGS).map(str::to_string).collect();
        for participle in words(PARTICIPLES) {
            for ending in words(NOUN_ENDINGS) {
                verb_endings.insert(format!("{participle}{ending}"));
            }
        }

        let mut forms = HashMap::new();
        let mut stems = HashMap::new();
        let mut kind = Kind::Verb;
        for line in lexicon.lines().map(str::trim) {
            if line.starts_with("# nominals") {
                kind = Kind::Noun;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((lemma, alternants)) = line.split_once(':') else {
                continue;
            };
            let lemma = lemma.trim().to_string();
            for alternant in alternants.split_whitespace() {
                match alternant.strip_prefix('=') {
                    Some(form) => {
                        forms.entry(form.to_string()).or_insert(lemma.clone());
                    }
                    None => {
                        stems
                            .entry(alternant.to_string())
                            .or_insert((lemma.clone(), kind));
                    }
                }
            }
        }
        let longest_stem = stems.keys().map(|s| s.chars().count()).max().unwrap_or(0);
        FinnishStemmer {
            snowball: Stemmer::create(Algorithm::Finnish),
            forms,
            stems,
            noun_endings,
            verb_endings,
            longest_stem,
        }
    }

    /// The lemma of `word` (lowercase) if the lexicon knows it.
    pub fn lexicon_lemma(&self, word: &str) -> Option<&str> {
        if let Some(lemma) = self.forms.get(word) {
            return Some(lemma);
        }
        // Try the longest stem first; stems are at least two characters.
        let cuts: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain([word.len()])
            .skip(2)
            .take(self.longest_stem.saturating_sub(1))
            .collect();
        for &cut in cuts.iter().rev() {
            let (stem, ending) = word.split_at(cut);
            if let Some((lemma, kind)) = self.stems.get(stem) {
                if self.is_ending_of(*kind, ending) {
                    return Some(lemma);
                }
            }
        }
        None
    }

    /// Is `s` an inflectional ending (with possessive and clitic) of a noun or a verb?
    pub fn is_ending(&self, s: &str) -> bool {
        self.is_ending_of(Kind::Noun, s) || self.is_ending_of(Kind::Verb, s)
    }

    /// Is `s` a case or verb ending, then maybe a possessive suffix, then maybe a clitic?
    fn is_ending_of(&self, kind: Kind, s: &str) -> bool {
        let cores = match kind {
            Kind::Verb => &self.verb_endings,
            Kind::Noun => &self.noun_endings,
        };
        for clitic in words(CLITICS) {
            let Some(rest) = s.strip_suffix(clitic) else {
                continue;
            };
            for possessive in words(POSSESSIVES) {
                let Some(core) = rest.strip_suffix(possessive) else {
                    continue;
                };
                // The long third-person possessive (-an, -en, …) lengthens a case ending's
                // vowel (`ajassaan`); alone after a stem it would read any `-Vn` as one.
                if core.is_empty() && possessive.len() == 2 && possessive.ends_with('n') {
                    continue;
                }
                if cores.contains(core) {
                    return true;
                }
            }
        }
        false
    }

    /// The term of one lowercased word.
    pub fn stem(&self, word: &str) -> String {
        if let Some(lemma) = self.lexicon_lemma(word) {
            return lemma.to_string();
        }
        let snowball = self.snowball.stem(word);
        rules(word, &snowball)
    }

    /// The plain Snowball stem, for comparison.
    pub fn snowball(&self, word: &str) -> String {
        self.snowball.stem(word).into_owned()
    }
}

fn is_vowel(c: char) -> bool {
    VOWELS.contains(&c)
}

/// The rules applied to a Snowball stem (see the module documentation).
fn rules(word: &str, snowball: &str) -> String {
    let mut s: Vec<char> = snowball.chars().collect();
    let w: Vec<char> = word.chars().collect();
    // -us/-ys/-os/-ös nouns keep their s: Snowball cuts it from the base form only.
    if w.len() >= 3
        && w[w.len() - 1] == 's'
        && matches!(w[w.len() - 2], 'u' | 'y' | 'o' | 'ö')
        && s.len() + 1 == w.len()
        && w.starts_with(&s)
    {
        return word.to_string();
    }
    // The partitive of -us nouns: arvostusta → arvostus (not arvostu).
    if s.len() >= 3
        && matches!(s[s.len() - 1], 'u' | 'y')
        && w.len() == s.len() + 3
        && w.starts_with(&s)
        && matches!(w[s.len()..], ['s', 't', 'a' | 'ä'])
    {
        s.push('s');
        return s.into_iter().collect();
    }
    // The -ks- stem of -us nouns: arvostuks- → arvostus.
    if s.len() > 4 && s.ends_with(&['k', 's']) {
        s.truncate(s.len() - 2);
        s.push('s');
    } else if s.len() > 5 && s.ends_with(&['k', 's', 'e']) {
        s.truncate(s.len() - 3);
        s.push('s');
    }
    // A past-tense i after a consonant.
    if s.len() > 3 && s[s.len() - 1] == 'i' && !is_vowel(s[s.len() - 2]) {
        s.pop();
    }
    // Gradation of the consonants before the final vowels.
    let body = s.len() - s.iter().rev().take_while(|&&c| is_vowel(c)).count();
    let (head, tail) = s.split_at(body);
    for (weak, strong) in GRADATION {
        let weak: Vec<char> = weak.chars().collect();
        if head.len() >= weak.len() + 2 && head.ends_with(&weak) {
            // A v after a vowel is a participle's (tekevä), not a weak p (tarve/tarpeen).
            if weak == ['v'] && is_vowel(head[head.len() - 2]) {
                break;
            }
            let mut out: String = head[..head.len() - weak.len()].iter().collect();
            out.push_str(strong);
            out.extend(tail);
            return out;
        }
    }
    s.into_iter().collect()
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
        ] {
            assert_ne!(s.stem(a), s.stem(b), "{a} and {b}");
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
}
