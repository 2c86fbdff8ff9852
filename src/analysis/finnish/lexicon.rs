//! The lexicon of irregular stems (`fi_stems.txt`): the frequent Finnish words whose stems
//! change in ways no suffix rule follows (`tehdä`: `teke`-, `tee`-, `teh`-; `hyvä`: `parempi`,
//! `paras`), matched with a table of endings of the right kind.

use std::collections::{HashMap, HashSet};

/// Case endings of nouns and adjectives, singular and plural (`_` is no ending).
const NOUN_ENDINGS: &str =
    "_ a ä ta tä n na nä ksi ssa ssä sta stä lla llä lta ltä lle tta ttä t ne
    in an en on un yn än ön hin hen han hun hön hyn seen siin ja jä jen iden itten ten den tten
    ita itä ien ia iä ihin iin issa issä ista istä illa illä ilta iltä ille iksi ina inä ine ineen
    itta ittä oja ojen oihin oissa oista oilla oille oina oiksi öjä öjen";

/// Personal, tense, mood, passive and infinitive endings of verbs.
const VERB_ENDINGS: &str = "_ n t mme tte vat vät i in it imme itte ivat ivät isi isin isit
    isimme isitte isivat isivät is nut nyt neet neen nee ttiin tiin taan tään daan dään dä da ta
    tä la lä na nä ra rä a ä e ee en essa essä maan mään massa mässä masta mästä malla mällä matta mättä ko kö kaa
    kää koon köön kaamme käämme ttaisiin taisiin ttäisiin täisiin ttäisi ttaisi vi mi ni si
    sin sit simme sitte sivat sivät ttäessä ttaessa akseen äkseen akseni äkseni aksesi äksesi
    aksemme äksemme aksenne äksenne";

/// Participle suffixes of verbs, which then take noun endings (`tehty`, `tehdyt`, `tehtyjä`).
const PARTICIPLES: &str = "ttu tty tu ty du dy nut nyt nee va vä ttava ttävä tava tävä ma mä
    ttui ttyi tui tyi dui dyi ttuj ttyj tuj tyj duj dyj nei vi ttavi ttävi tavi tävi";

/// Possessive suffixes (`aikani`, `ajastaan`) and clitics (`aikakin`, `onko`).
const POSSESSIVES: &str = "_ ni si nsa nsä mme nne an en in on un yn än ön";
const CLITICS: &str = "_ kin kaan kään han hän pa pä ko kö s";

/// Whether a lexicon word is a verb or a nominal: which endings its stems take; or one of the
/// uninflected words of the last section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Verb,
    Noun,
    Invariable,
}

/// The stems and whole forms of `fi_stems.txt`, and the endings they take.
pub(super) struct Lexicon {
    /// Whole word forms → lemma.
    forms: HashMap<String, String>,
    /// Stem → (lemma, kind).
    stems: HashMap<String, (String, Kind)>,
    /// Case endings, and a verb's endings with its participles' case endings; possessives and
    /// clitics are matched on top ([`Lexicon::is_ending_of`]).
    noun_endings: HashSet<String>,
    verb_endings: HashSet<String>,
    longest_stem: usize,
    /// Uninflected words (adverbs, postpositions), each its own term.
    invariable: HashSet<String>,
}

fn words(list: &str) -> impl Iterator<Item = &str> {
    list.split_whitespace()
        .map(|w| if w == "_" { "" } else { w })
}

impl Lexicon {
    /// Reads a lexicon in the format of `fi_stems.txt`.
    pub(super) fn parse(lexicon: &str) -> Self {
        let noun_endings: HashSet<String> = words(NOUN_ENDINGS).map(str::to_string).collect();
        let mut verb_endings: HashSet<String> = words(VERB_ENDINGS).map(str::to_string).collect();
        for participle in words(PARTICIPLES) {
            for ending in words(NOUN_ENDINGS) {
                verb_endings.insert(format!("{participle}{ending}"));
            }
        }
        let mut forms = HashMap::new();
        let mut stems = HashMap::new();
        let mut invariable = HashSet::new();
        let mut kind = Kind::Verb;
        for line in lexicon.lines().map(str::trim) {
            if line.starts_with("# nominals") {
                kind = Kind::Noun;
            } else if line.starts_with("# invariable") {
                kind = Kind::Invariable;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if kind == Kind::Invariable {
                invariable.extend(line.split_whitespace().map(str::to_string));
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
        Lexicon {
            forms,
            stems,
            noun_endings,
            verb_endings,
            longest_stem,
            invariable,
        }
    }

    /// The lemma of a listed stem, as a whole: what is left of `olevia` once the rules have
    /// cut its ending and participle (`ole`) is a stem of `olla`.
    pub(super) fn lemma_of_stem(&self, stem: &str) -> Option<&str> {
        self.stems
            .get(stem)
            .filter(|(_, kind)| *kind == Kind::Verb || stem.chars().count() >= 4)
            .map(|(lemma, _)| lemma.as_str())
    }

    /// Is `word` one of the uninflected words?
    pub(super) fn is_invariable(&self, word: &str) -> bool {
        self.invariable.contains(word)
    }

    /// How many stems the lexicon lists.
    pub(super) fn len(&self) -> usize {
        self.stems.len()
    }

    /// The lemma of `word` (lowercase) if it is a listed form, or a listed stem and an ending
    /// of its kind.
    pub(super) fn lemma(&self, word: &str) -> Option<&str> {
        if let Some(lemma) = self.forms.get(word) {
            return Some(lemma);
        }
        // Try the longest stem first; stems are at least two characters.
        self.stems_of(word)
            .into_iter()
            .find(|&(len, _, kind)| self.is_ending_of(kind, &word[len..]))
            .map(|(_, lemma, _)| lemma)
    }

    /// The listed stems `word` starts with, longest first: their length in bytes, lemma and
    /// kind.
    fn stems_of(&self, word: &str) -> Vec<(usize, &str, Kind)> {
        let mut cuts: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain([word.len()])
            .skip(2)
            .take(self.longest_stem.saturating_sub(1))
            .collect();
        cuts.reverse();
        cuts.into_iter()
            .filter_map(|cut| {
                self.stems
                    .get(&word[..cut])
                    .map(|(lemma, kind)| (cut, lemma.as_str(), *kind))
            })
            .collect()
    }

    /// Is `s` a case or verb ending, then maybe a possessive suffix, then maybe a clitic?
    pub(super) fn is_ending_of(&self, kind: Kind, s: &str) -> bool {
        let cores = match kind {
            Kind::Verb => &self.verb_endings,
            Kind::Noun => &self.noun_endings,
            Kind::Invariable => return s.is_empty(),
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
                // vowel (`ajassaan`); alone after a stem, or after a consonant (`aika`-in-en,
                // `työ`-t-ön), it would read any `-Vn` as one.
                let long = possessive.chars().count() == 2 && possessive.ends_with('n');
                if long && !core.ends_with(|c: char| "aeiouyäö".contains(c)) {
                    continue;
                }
                if cores.contains(core) {
                    return true;
                }
            }
        }
        false
    }
}
