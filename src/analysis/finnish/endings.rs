//! Which inflectional endings a Finnish word form has, and what is left of it without them.
//!
//! A Finnish word form is stem + marker (plural `i`/`j`, past or conditional, participle,
//! comparative) + ending (case or person, infinitive) + possessive suffix + clitic. This
//! module takes the outer layers off from the right: [`strip_clitic`], [`strip_possessive`]
//! and [`strip_ending`]; `super::markers` then takes the markers off. What is left is one of
//! the word's stems, in some grade and with some stem vowel (`talo`, `tavo`, `otta`, `ote`);
//! `super::normal` brings the stems of one word together.
//!
//! Endings are read off the form alone, so an ambiguous one is cut the way that keeps the
//! forms of one word together, not always the way a grammar would: the elative `ihmi`-stä and
//! the partitive `ihmis`-tä of `ihminen` both end up as `ihm`. Each rule says what must be
//! left before the ending (`super::rest`).

use super::rest::{
    any, consonant, e_stem, essive, i_stem2, long, long_e_plural, long_or_lrs, nen_noun,
    partitive_ta, plural_i, plural_j, plural_j_stem, s_stem, short_stem2, stem2, type3, type3_lr,
    type3_or_l, type3_s, verb_stem, vowel, Rest,
};
use super::word::{at_end, ends, ends_long, ends_vowel, is_vowel, len, syllables};

/// Is `w` a derived adverb, which is not inflected: a distributive (`päivittäin`), or a
/// comparative or superlative adverb (`paremmin`, `useimmin`, `parhaiten`)?
pub(super) fn is_adverb(w: &[char]) -> bool {
    let before = |cut: usize, n: usize| w.len() > cut && syllables(&w[..w.len() - cut]) >= n;
    (ends(w, "ittAin") && before(6, 1))
        || (ends(w, "mmin") && before(4, 2))
        || (ends(w, "Viten") && before(4, 2))
}

/// Takes clitic particles (`-kin`, `-kaan`, `-ko`, `-pa`, `-s`, and `-han` after a personal
/// ending) off `w`; returns whether it did.
pub(super) fn strip_clitic(w: &mut Vec<char>) -> bool {
    let mut cut_any = false;
    for _ in 0..2 {
        let Some(cut) = clitic(w) else { break };
        w.truncate(w.len() - cut);
        cut_any = true;
    }
    cut_any
}

/// The length of the clitic `w` ends with, if what is left can carry one: a word of three
/// letters or more ending in a vowel, `n` or `t` (`onkin` aside, a short word ending in `n`
/// is a genitive: `pankin` is no `pan` + `kin`).
fn clitic(w: &[char]) -> Option<usize> {
    let cut = if ends(w, "kAAn") {
        4
    } else if ends(w, "kOhAn") || ends(w, "pAhAn") {
        5
    } else if ends(w, "kin") || ends(w, "hAn") {
        3
    } else if ends(w, "kO") || ends(w, "pA") {
        2
    } else if ends(w, "kOs") || ends(w, "pAs") {
        1
    } else {
        return None;
    };
    let rest = &w[..w.len() - cut];
    let last = *rest.last()?;
    let fits = if ends(w, "hAn") && cut == 3 {
        // -han after a short word or a consonant other than a personal ending's t is a
        // genitive (rahan, vanhan); after a longer vowel-final form a clitic (tuleehan).
        (last == 't' || is_vowel(last)) && rest.len() >= 4
    } else if ends(w, "kO") || ends(w, "pA") {
        // The question and emphasis particles follow verb forms (onko, voisiko, tiedätkö,
        // tuleeko, olipa); after a short a or e they are a noun's own (jako, teko, lupa).
        matches!(last, 'n' | 't') && rest.len() >= 4
            || (last == 'i' || ends_long(rest)) && rest.len() >= 3
    } else if ends(w, "kAAn") && (ends(rest, "Ai") || ends(rest, "ei")) {
        // The illative of -ka nouns: aikaan, työaikaan, reikään.
        false
    } else {
        match last {
            'n' | 't' => rest.len() >= 4,
            c => is_vowel(c) && rest.len() >= 3,
        }
    };
    (fits && syllables(rest) >= 1).then_some(cut)
}

/// Case endings a possessive suffix may follow.
const BEFORE_POSSESSIVE: &[&str] = &[
    "ssA", "stA", "llA", "ltA", "lle", "nA", "tA", "kse", "iA", "jA",
];

/// Takes a possessive suffix off `w` (`-ni`, `-si`, `-nsa`, `-mme`, `-nne`, and the long
/// vowel + n of the third person after a case ending: `talossaan`), and a translative's `kse`
/// before it (`lapsekseen`).
pub(super) fn strip_possessive(w: &mut Vec<char>) {
    let cut = possessive(w);
    if cut == 0 {
        return;
    }
    w.truncate(w.len() - cut);
    if ends(w, "kse") && syllables(&w[..w.len() - 3]) >= 1 && w.len() >= 6 {
        w.truncate(w.len() - 3);
    }
}

/// The third person's long vowel + n after a case ending (`talossaan`, `mukanaan`,
/// `luokseen`) or a plural partitive (`tapojaan`, `ystäviään`), and a long first
/// infinitive's (`auttaakseen`; after u or y it is an -us noun's illative: `ajatukseen`).
const LONG_POSSESSIVE: &[&str] = &[
    "ssAAn", "stAAn", "llAAn", "ltAAn", "nAAn", "lleen", "iAAn", "jAAn", "Akseen",
];

/// The length of the possessive suffix `w` ends with, or 0.
fn possessive(w: &[char]) -> usize {
    let rest = |cut: usize| &w[..w.len() - cut];
    let vowel_rest = |cut: usize| w.len() >= cut + 3 && ends_vowel(rest(cut));
    let after_case = |cut: usize| BEFORE_POSSESSIVE.iter().any(|p| ends(rest(cut), p));
    // -mme and -nne on a bare stem are left to the personal endings (sano-mme is no
    // possessive; tilanne, asenne are nouns).
    // -nsa after a case ending in n takes its n (talojensa = talojen + sa): cut the sa.
    let sa = ends(w, "nsA") && vowel_rest(3) && w.len() >= 6;
    let three = (ends(w, "mme") || ends(w, "nne")) && after_case(3) && vowel_rest(3);
    let ni = ends(w, "ni")
        && vowel_rest(2)
        && (after_case(2) || ends_long(rest(2)) || syllables(rest(2)) >= 2);
    let si = ends(w, "si") && vowel_rest(2) && after_case(2);
    let long = LONG_POSSESSIVE.iter().any(|p| ends(w, p)) && w.len() >= 7;
    if three {
        3
    } else if ni || si || long || sa {
        2
    } else if ends(w, "tUAAn") && w.len() >= 8 {
        // The temporal construction: sanottuaan, päästyään.
        3
    } else {
        0
    }
}

/// What kind of ending [`strip_ending`] cut, which tells the markers before it apart: the
/// `-isi` of `haluaisi`(n) is a conditional, that of `erilaisi`-a a plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cut {
    /// No ending: a nominative or a bare verb form.
    Nothing,
    /// An ending that may be a verb's person ending: `-n`, `-t`, `-mme`, `-tte`, `-vat`.
    Person,
    /// The inessive `-ssa` or the instructive `-n`, after which a second infinitive's `e` can
    /// stand (`otta-e-ssa`, `otta-e-n`).
    Inessive,
    /// A partitive `-a` after the same vowel (`päivä-ä`), which may as well be the end of a
    /// long vowel (`kotimaa`).
    LongVowel,
    /// Any other case or verb ending.
    Other,
}

use Cut::{Inessive, Other, Person};

/// The personal, case and infinitive endings, longest first where they overlap: the ending,
/// what must be left before it, what replaces it, and its kind.
const ENDINGS: &[(&str, Rest, &str, Cut)] = &[
    // Passive.
    ("ttAisiin", any, "", Other),
    ("tAisiin", long_or_lrs, "", Other),
    ("ttiin", vowel, "", Other),
    ("tiin", long_or_lrs, "", Other),
    ("ttAessA", e_stem, "", Other),
    ("tAessA", type3_lr, "", Other),
    ("ttAkOOn", any, "", Other),
    ("dAAn", long, "", Other),
    ("tAAn", short_stem2, "", Other),
    ("tAAn", type3_s, "", Other),
    ("lAAn", type3, "", Other),
    ("nAAn", type3, "", Other),
    ("rAAn", type3, "", Other),
    // Active past participle, third person plural, infinitives.
    ("nnUttA", short_stem2, "", Other),
    ("nUttA", any, "", Other),
    ("lUttA", type3_or_l, "", Other),
    ("nnUt", short_stem2, "", Other),
    ("nUt", any, "", Other),
    ("lUt", type3_or_l, "", Other),
    ("rUt", type3, "", Other),
    ("sUt", type3, "", Other),
    ("vAt", verb_stem, "", Person),
    ("mAisillAAn", verb_stem, "", Other),
    ("mAAn", verb_stem, "", Other),
    ("mAssA", verb_stem, "", Other),
    ("mAstA", verb_stem, "", Other),
    ("mAllA", verb_stem, "", Other),
    ("dA", long, "", Other),
    ("lA", type3, "", Other),
    ("nA", type3, "", Other),
    ("rA", type3, "", Other),
    ("tA", short_stem2, "", Other),
    // Cases, singular and plural.
    ("siin", long_e_plural, "", Other),
    ("iin", s_stem, "", Other),
    ("den", plural_i, "", Other),
    ("tten", plural_i, "", Other),
    ("ten", consonant, "", Other),
    ("nen", nen_noun, "se", Other),
    ("en", plural_j, "", Other),
    ("en", i_stem2, "", Other),
    ("ttA", e_stem, "", Other),
    ("ssA", vowel, "", Inessive),
    ("stA", vowel, "", Other),
    ("llA", vowel, "", Other),
    ("ltA", vowel, "", Other),
    ("lle", vowel, "", Other),
    ("ksi", vowel, "", Other),
    ("nA", essive, "", Other),
    ("tA", partitive_ta, "", Other),
    // Personal endings and the imperative.
    ("mme", vowel, "", Person),
    ("tte", vowel, "", Person),
    ("kOOn", stem2, "", Other),
    // One letter: partitive -a, genitive or first person -n, plural or second person -t.
    ("A", vowel, "", Other),
    ("A", plural_j_stem, "", Other),
    ("n", vowel, "", Person),
    ("t", vowel, "", Person),
];

/// Takes the case, personal or infinitive ending off `w` (the first rule of [`ENDINGS`]
/// that fits, and the illative `-hVn`); says what kind of ending it was.
pub(super) fn strip_ending(w: &mut Vec<char>) -> Cut {
    if let Some(cut) = illative_h(w) {
        w.truncate(w.len() - cut);
        return Other;
    }
    // -usta, -östä are the partitive of an -us noun (koulutusta, päätöstä) or the elative of
    // a u or o stem (koulusta, talosta). After t, m or s (the -tus, -mus, -stus nouns) it is
    // read as the partitive; after other consonants (palvelusta) as the elative. -aista is
    // the partitive of an -ainen word (suomalaista), not a plural elative (taloista).
    let partitive = ends(w, "tUstA") || ends(w, "mUstA") || ends(w, "sUstA") || ends(w, "tOstA");
    let ainen = ends(w, "AistA") && !ends(w, "mAistA") && syllables(&w[..w.len() - 5]) >= 1;
    if (partitive || ainen) && w.len() >= 7 {
        w.truncate(w.len() - 2);
        return Other;
    }
    for (pattern, rest, replace, kind) in ENDINGS {
        let cut = len(pattern);
        if w.len() > cut && ends(w, pattern) && rest(&w[..w.len() - cut]) {
            w.truncate(w.len() - cut);
            w.extend(replace.chars());
            if cut == 1 && kind == &Other && w.last() == Some(&pattern_vowel(w)) {
                return Cut::LongVowel;
            }
            return *kind;
        }
    }
    Cut::Nothing
}

/// The a or ä a partitive ending after `w` would be.
fn pattern_vowel(w: &[char]) -> char {
    if w.iter().any(|c| matches!(c, 'a' | 'o' | 'u')) {
        'a'
    } else {
        'ä'
    }
}

/// The illative `-hVn` after a long vowel or diphthong ending in the same vowel (`maa`-han,
/// `työ`-hön, `taloi`-hin); 3 if `w` ends in one.
fn illative_h(w: &[char]) -> Option<usize> {
    let n = w.len();
    if n < 6 || w[n - 3] != 'h' || w[n - 1] != 'n' {
        return None;
    }
    let rest = &w[..n - 3];
    (at_end(rest, 0) == Some(w[n - 2]) && ends_long(rest)).then_some(3)
}
