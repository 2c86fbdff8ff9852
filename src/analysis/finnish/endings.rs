//! Which inflectional endings a Finnish word form has, and what is left of it without them.
//!
//! A Finnish word form is stem + marker (plural `i`/`j`, past or conditional, participle,
//! comparative) + ending (case or person, infinitive) + possessive suffix + clitic. This
//! module takes the layers off from the right: [`strip_clitic`], [`strip_possessive`],
//! [`strip_ending`] and [`strip_marker`]. What is left is one of the word's stems, in some
//! grade and with some stem vowel (`talo`, `tavo`, `otta`, `ote`); `super::normal` then brings
//! the stems of one word together.
//!
//! Endings are read off the form alone, so an ambiguous one is cut the way that keeps the
//! forms of one word together, not always the way a grammar would: the partitive `arvostusta`
//! is cut as an elative (`arvostu`), and the normalisation also takes `arvostus` to `arvostu`.
//! Each rule says what must be left before the ending; that is what keeps nominatives such as
//! `kassa`, `sana` or `kiva` whole.

use super::word::{
    at_end, ends, ends_long, ends_vowel, is_long, is_short_open_syllable, is_vowel, len, syllables,
};

/// Is `w` a derived adverb, which is not inflected: a distributive (`päivittäin`), or a
/// comparative or superlative adverb (`paremmin`, `useimmin`, `parhaiten`)?
pub(super) fn is_adverb(w: &[char]) -> bool {
    let before = |cut: usize, n: usize| w.len() > cut && syllables(&w[..w.len() - cut]) >= n;
    (ends(w, "ittAin") && before(6, 1))
        || (ends(w, "mmin") && before(4, 2))
        || (ends(w, "Viten") && before(4, 2))
}

/// A condition on what is left of a word once an ending is cut.
type Rest = fn(&[char]) -> bool;

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

/// What may be left of a word: two letters or more with a vowel.
fn any(r: &[char]) -> bool {
    r.len() >= 2 && syllables(r) >= 1
}

/// A vowel-final rest: three letters or more, or a long vowel (`maa`, `yö`).
fn vowel(r: &[char]) -> bool {
    ends_vowel(r) && (r.len() >= 3 || ends_long(r))
}

/// A vowel stem of two syllables or more (`sano`, `halu`, `ote`): what a verb's passive and
/// infinitive endings follow, and few nouns' stems are.
fn stem2(r: &[char]) -> bool {
    ends_vowel(r) && syllables(r) >= 2
}

/// A vowel stem of two syllables or more ending in a short vowel (`halu`-ta, `sano`-ta).
fn short_stem2(r: &[char]) -> bool {
    stem2(r) && !ends_long(r)
}

/// A verb stem before an infinitive or agent ending (`teke`-mään, `ui`-maan): two syllables
/// or more, or one syllable with a diphthong; not a long vowel (`teema`, `draama` are nouns).
fn verb_stem(r: &[char]) -> bool {
    stem2(r) || type2(r)
}

/// The one-syllable stem of a type 2 verb (`juo`-da, `ui`-da, `syö`-dä): a diphthong of the
/// kinds these verbs end in; not `lai`-va or `tee`-ma.
fn type2(r: &[char]) -> bool {
    syllables(r) == 1
        && (ends(r, "uo") || ends(r, "yö") || ends(r, "ie") || ends(r, "Ui") || ends(r, "Oi"))
}

/// A long vowel, or the consonant of a type 3 verb's stem in l, r or s (`saa`-tiin,
/// `tul`-tiin); not n, whose `-ntiin` is an illative (`hyvinvointiin`).
fn long_or_lrs(r: &[char]) -> bool {
    ends_long(r) || (matches!(r.last(), Some('l' | 'r' | 's' | 'h')) && any(r))
}

/// A type 3 consonant stem in s (`nous`-taan, `pes`-tään).
fn type3_s(r: &[char]) -> bool {
    r.last() == Some(&'s') && type3(r)
}

/// A type 3 consonant stem in l or r (`tul`-tava, `pur`-taessa): `myön`-tävä is `myöntä`-vä,
/// `os`-taessa `osta`-essa.
fn type3_lr(r: &[char]) -> bool {
    matches!(r.last(), Some('l' | 'r')) && type3(r)
}

/// A rest ending in `j` after a vowel the plural's `j` follows (`taloj`-a, `pelej`-ä), not
/// after the i, a or ä of an agent noun (`tekij`-ä, `opettaj`-a).
fn plural_j_stem(r: &[char]) -> bool {
    r.len() >= 3 && (ends(r, "Oj") || ends(r, "Uj") || ends(r, "ej"))
}

/// A rest ending in a long vowel or diphthong (`saa`-da, `maa`-han).
fn long(r: &[char]) -> bool {
    ends_long(r)
}

/// The consonant stem of a type 3 verb (`tul`-tu, `men`-tiin, `nous`-taan): a consonant after
/// one short open syllable, so that nouns' `-lla` and `-nna` stay whole.
fn type3(r: &[char]) -> bool {
    matches!(r.last(), Some('l' | 'n' | 'r' | 's')) && is_short_open_syllable(&r[..r.len() - 1])
}

/// A consonant-final rest, as before a consonant stem's ending (`ihmis`-ten, `las`-ten).
fn consonant(r: &[char]) -> bool {
    r.last().is_some_and(|&c| !is_vowel(c)) && any(r)
}

/// The plural of a long e stem before the illative `-siin` (`huonei`-siin, `tarpei`-siin).
fn long_e_plural(r: &[char]) -> bool {
    ends(r, "ei") && r.len() >= 4
}

/// An s stem before the plural illative `-iin` (`kansalais`-iin, `ihmis`-iin).
fn s_stem(r: &[char]) -> bool {
    ends(r, "Vs") && syllables(r) >= 2
}

/// A rest ending in i after a vowel (a plural's `i`: `taloi`-den).
fn plural_i(r: &[char]) -> bool {
    ends(r, "Vi") && r.len() >= 3
}

/// A rest ending in `j` after a vowel (`taloj`-en).
fn plural_j(r: &[char]) -> bool {
    ends(r, "Vj") && r.len() >= 3
}

/// A rest of two syllables or more ending in `i` (`kivi`-en, a plural genitive).
fn i_stem2(r: &[char]) -> bool {
    r.last() == Some(&'i') && syllables(r) >= 2
}

/// An `e` stem (`huone`-tta).
fn e_stem(r: &[char]) -> bool {
    r.last() == Some(&'e') && r.len() >= 3
}

/// The partitive `-ta` after a consonant stem that ends in `s` or `t` (`köyhyyt`-tä, `mies`-tä)
/// or a long vowel (`maa`-ta, `työ`-tä, `taloi`-ta). After l, n and r the `t` is mostly the
/// stem's own (`kanta`, `hinta`, `silta`), and after a one-syllable diphthong in i or u too
/// (`paita`, `hauta`).
fn partitive_ta(r: &[char]) -> bool {
    let own_t = syllables(r) == 1 && (ends(r, "Vi") || ends(r, "Vu") || ends(r, "Vy"));
    (matches!(r.last(), Some('s' | 't')) && any(r) && r.len() >= 3) || (ends_long(r) && !own_t)
}

/// The rest before the nominative `-nen` of an adjective or noun (`ihmi`-nen, `nai`-nen):
/// more than one syllable, or a diphthong; so that `menen` (1st person of mennä) stays.
fn nen_noun(r: &[char]) -> bool {
    ends_vowel(r) && (syllables(r) >= 2 || ends_long(r)) && !ends(r, "e")
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
    ("vAt", vowel, "", Person),
    ("mAisillAAn", verb_stem, "", Other),
    ("mAAn", verb_stem, "", Other),
    ("mAssA", verb_stem, "", Other),
    ("mAstA", verb_stem, "", Other),
    ("mAllA", verb_stem, "", Other),
    ("mAttA", verb_stem, "", Other),
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

/// `-lut`, `-tu` after a type 3 stem in l, n or r, or after any `l` stem of two syllables
/// (`opiskel`-lut). Not after s: `pysty`-, `istu`- are verb stems of their own.
fn type3_or_l(r: &[char]) -> bool {
    (type3(r) && r.last() != Some(&'s')) || (r.last() == Some(&'l') && syllables(r) >= 2)
}

/// The essive `-na` after a vowel stem of two syllables or more, or a long vowel (`lapse`-na,
/// `työ`-nä), so that `sana` and `kana` stay whole.
fn essive(r: &[char]) -> bool {
    ends_vowel(r) && (syllables(r) >= 2 || ends_long(r))
}

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

/// Markers between a stem and its ending, with what must be left before them.
const MARKERS: &[(&str, Rest)] = &[
    // Superlative and comparative (suur-impi, piene-mpi).
    ("impi", any),
    ("impA", any),
    ("immA", any),
    ("immi", any),
    ("mpi", stem2),
    ("mpA", stem2),
    ("mmA", stem2),
    ("mmi", stem2),
    // Passive participles (luettava, sanottu, sanotuissa, tultu).
    ("ttAvA", e_stem),
    ("ttAvi", e_stem),
    ("tAvA", type3_lr),
    ("tAvi", type3_lr),
    ("ttUj", stem2),
    ("ttUi", stem2),
    ("ttU", stem2),
    ("tUj", stem2),
    ("tUi", stem2),
    ("tU", stem2),
    ("tUj", type3_or_l),
    ("tUi", type3_or_l),
    ("tU", type3_or_l),
    // Active past participle (sanonee-n, sanonei-ta, tullee-t).
    ("nee", participle_nee),
    ("nei", participle_nee),
    ("lee", type3_or_l),
    ("lei", type3_or_l),
    ("see", type3),
    ("sei", type3),
    // Present and agent participles (tekevä, tekevi-ä; tekemä).
    ("vA", participle_v),
    ("vi", participle_v),
    ("mA", verb_stem),
];

/// The stem before a present participle's `v` (`teke`-vä): a verb stem, but not the long
/// `ii` of loanwords (`direktiivi`, `aktiivi`).
fn participle_v(r: &[char]) -> bool {
    verb_stem(r) && !ends(r, "ii")
}

/// The stem before `-nee-`: two syllables or more (`sano`-neet, `halun`-neet), or a type 3
/// stem ending in n (`men`-neet); not `huo`-neen, `ko`-neen.
fn participle_nee(r: &[char]) -> bool {
    stem2(r) || (r.last() == Some(&'n') && syllables(r) >= 1) && r.len() >= 3
}

/// Takes the last participle or comparative marker off `w` ([`MARKERS`]); returns whether
/// it did. `no_agent`: `-ma` is no agent participle here.
fn strip_one_marker(w: &mut Vec<char>, no_agent: bool) -> bool {
    for (pattern, rest) in MARKERS {
        let cut = len(pattern);
        if no_agent && *pattern == "mA" {
            continue;
        }
        if w.len() > cut && ends(w, pattern) && rest(&w[..w.len() - cut]) {
            w.truncate(w.len() - cut);
            // halun-neet, halun-nut: the n doubled after a type 4 verb's vowel stem.
            if ends(w, "Vn") && syllables(w) >= 2 && pattern.starts_with('n') {
                w.pop();
            }
            return true;
        }
    }
    false
}

/// Takes the markers off `w`: a participle or comparative ([`MARKERS`]), the conditional's
/// `si` (`halua-i-si`), the plural's `i` or `j` and the `e` of the second infinitive
/// (`otta-e-ssa`).
pub(super) fn strip_marker(w: &mut Vec<char>, after: Cut) {
    // The second infinitive (otta-e-ssa, puhu-e-n), not an -e noun (alue, aluee-n).
    let n = w.len();
    let infinitive = matches!(after, Inessive | Person);
    if infinitive && n >= 3 && w[n - 1] == 'e' && is_vowel(w[n - 2]) && !is_long(w[n - 2], 'e') {
        w.pop();
        return;
    }
    // An illative's long vowel (sanottuun, tekevään). Then -ma is not read as an agent
    // participle: länsimaa(t), kotimaa(n) are compounds of maa.
    let participle = ends(w, "nee") || ends(w, "lee") || ends(w, "see");
    let long =
        n >= 4 && w[n - 1] == w[n - 2] && is_vowel(w[n - 1]) && syllables(w) >= 2 && !participle;
    if long {
        w.pop();
    }
    // Markers stack (kehitty-nee-mmä-t): take them off until none is left, three at most.
    let no_agent = long || after == Cut::LongVowel;
    for _ in 0..3 {
        if !strip_one_marker(w, no_agent) {
            break;
        }
    }
    // The conditional (halua-isi-n, tek-isi), where no case ending follows; before a case
    // ending it is the plural of an -is or -nen word (erilais-i-a), left to the plural rule.
    let verb_form = matches!(after, Cut::Nothing | Person);
    if verb_form && ends(w, "isi") && w.len() >= 5 && syllables(&w[..w.len() - 3]) >= 1 {
        w.truncate(w.len() - 3);
        // sop-isi: a short e or i stem's vowel went with it (sopi-, luke-).
        if w.len() == 3 && ends(w, "C") {
            w.push('e');
        }
    }
    let n = w.len();
    let plural_j = n >= 3 && w[n - 1] == 'j' && plural_j_stem(w);
    let plural_i = n >= 3 && w[n - 1] == 'i' && is_vowel(w[n - 2]);
    if plural_i || plural_j {
        let rest = &w[..n - 1];
        if syllables(rest) >= 2 || ends_long(rest) {
            w.pop();
        }
    }
}
