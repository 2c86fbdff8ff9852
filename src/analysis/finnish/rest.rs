//! What must be left of a word before an ending or marker is cut: the conditions the rules
//! of `super::endings` and `super::markers` are written with.
//!
//! An ending is only cut when what is left could carry it. That is what keeps nominatives
//! that end like a case form whole (`kassa` is no `ka` + `-ssa`, `sana` no `sa` + `-na`,
//! `kiva` no `ki` + `-va`) and tells a verb's forms from a noun's (`tul`-la, a type 3
//! infinitive; `talo`-lla, an adessive).

use super::word::{ends, ends_long, ends_vowel, is_short_open_syllable, is_vowel, syllables};

/// A condition on what is left of a word once an ending is cut.
pub(super) type Rest = fn(&[char]) -> bool;

/// What may be left of a word: two letters or more with a vowel.
pub(super) fn any(r: &[char]) -> bool {
    r.len() >= 2 && syllables(r) >= 1
}

/// A vowel-final rest: three letters or more, or a long vowel (`maa`, `yö`).
pub(super) fn vowel(r: &[char]) -> bool {
    ends_vowel(r) && (r.len() >= 3 || ends_long(r))
}

/// A vowel stem of two syllables or more (`sano`, `halu`, `ote`): what a verb's passive and
/// infinitive endings follow, and few nouns' stems are.
pub(super) fn stem2(r: &[char]) -> bool {
    ends_vowel(r) && syllables(r) >= 2
}

/// A vowel stem of two syllables or more ending in a short vowel (`halu`-ta, `sano`-ta).
pub(super) fn short_stem2(r: &[char]) -> bool {
    stem2(r) && !ends_long(r)
}

/// A verb stem before an infinitive or agent ending (`teke`-mään, `ui`-maan): two syllables
/// or more, or one syllable with a diphthong; not a long vowel (`teema`, `draama` are nouns).
pub(super) fn verb_stem(r: &[char]) -> bool {
    stem2(r) || type2(r)
}

/// The one-syllable stem of a type 2 verb (`juo`-da, `ui`-da, `syö`-dä): a diphthong of the
/// kinds these verbs end in; not `lai`-va or `tee`-ma.
pub(super) fn type2(r: &[char]) -> bool {
    syllables(r) == 1
        && (ends(r, "uo") || ends(r, "yö") || ends(r, "ie") || ends(r, "Ui") || ends(r, "Oi"))
}

/// A long vowel, or the consonant of a type 3 verb's stem in l, r or s (`saa`-tiin,
/// `tul`-tiin); not n, whose `-ntiin` is an illative (`hyvinvointiin`).
pub(super) fn long_or_lrs(r: &[char]) -> bool {
    ends_long(r) || (matches!(r.last(), Some('l' | 'r' | 's' | 'h')) && any(r))
}

/// A type 3 consonant stem in s (`nous`-taan, `pes`-tään).
pub(super) fn type3_s(r: &[char]) -> bool {
    r.last() == Some(&'s') && type3(r)
}

/// A type 3 consonant stem in l or r (`tul`-tava, `pur`-taessa): `myön`-tävä is `myöntä`-vä,
/// `os`-taessa `osta`-essa.
pub(super) fn type3_lr(r: &[char]) -> bool {
    matches!(r.last(), Some('l' | 'r')) && type3(r)
}

/// A rest ending in `j` after a vowel the plural's `j` follows (`taloj`-a, `pelej`-ä), not
/// after the i, a or ä of an agent noun (`tekij`-ä, `opettaj`-a).
pub(super) fn plural_j_stem(r: &[char]) -> bool {
    r.len() >= 3 && (ends(r, "Oj") || ends(r, "Uj") || ends(r, "ej"))
}

/// A rest ending in a long vowel or diphthong (`saa`-da, `maa`-han).
pub(super) fn long(r: &[char]) -> bool {
    ends_long(r)
}

/// The consonant stem of a type 3 verb (`tul`-tu, `men`-tiin, `nous`-taan): a consonant after
/// one short open syllable, so that nouns' `-lla` and `-nna` stay whole.
pub(super) fn type3(r: &[char]) -> bool {
    matches!(r.last(), Some('l' | 'n' | 'r' | 's')) && is_short_open_syllable(&r[..r.len() - 1])
}

/// A consonant-final rest, as before a consonant stem's ending (`ihmis`-ten, `las`-ten).
pub(super) fn consonant(r: &[char]) -> bool {
    r.last().is_some_and(|&c| !is_vowel(c)) && any(r)
}

/// The plural of a long e stem before the illative `-siin` (`huonei`-siin, `tarpei`-siin).
pub(super) fn long_e_plural(r: &[char]) -> bool {
    ends(r, "ei") && r.len() >= 4
}

/// An s stem before the plural illative `-iin` (`kansalais`-iin, `ihmis`-iin).
pub(super) fn s_stem(r: &[char]) -> bool {
    ends(r, "Vs") && syllables(r) >= 2
}

/// A rest ending in i after a vowel (a plural's `i`: `taloi`-den).
pub(super) fn plural_i(r: &[char]) -> bool {
    ends(r, "Vi") && r.len() >= 3
}

/// A rest ending in `j` after a vowel (`taloj`-en).
pub(super) fn plural_j(r: &[char]) -> bool {
    ends(r, "Vj") && r.len() >= 3
}

/// A rest of two syllables or more ending in `i` (`kivi`-en, a plural genitive).
pub(super) fn i_stem2(r: &[char]) -> bool {
    r.last() == Some(&'i') && syllables(r) >= 2
}

/// An `e` stem (`huone`-tta).
pub(super) fn e_stem(r: &[char]) -> bool {
    r.last() == Some(&'e') && r.len() >= 3
}

/// The partitive `-ta` after a consonant stem that ends in `s` or `t` (`köyhyyt`-tä, `mies`-tä)
/// or a long vowel (`maa`-ta, `työ`-tä, `taloi`-ta). After l, n and r the `t` is mostly the
/// stem's own (`kanta`, `hinta`, `silta`), and after a one-syllable diphthong in i or u too
/// (`paita`, `hauta`).
pub(super) fn partitive_ta(r: &[char]) -> bool {
    let own_t = syllables(r) == 1 && (ends(r, "Vi") || ends(r, "Vu") || ends(r, "Vy"));
    (matches!(r.last(), Some('s' | 't')) && any(r) && r.len() >= 3) || (ends_long(r) && !own_t)
}

/// The rest before the nominative `-nen` of an adjective or noun (`ihmi`-nen, `nai`-nen):
/// more than one syllable, or a diphthong; so that `menen` (1st person of mennä) stays.
pub(super) fn nen_noun(r: &[char]) -> bool {
    ends_vowel(r) && (syllables(r) >= 2 || ends_long(r)) && !ends(r, "e")
}

/// `-lut`, `-tu` after a type 3 stem in l or r, or after any `l` stem of two syllables
/// (`opiskel`-lut). Not after s or n: `pysty`-, `istu`-, `tuntu`- are verb stems of their own.
pub(super) fn type3_or_l(r: &[char]) -> bool {
    type3_lr(r) || (r.last() == Some(&'l') && syllables(r) >= 2)
}

/// The essive `-na` after a vowel stem of two syllables or more, or a long vowel (`lapse`-na,
/// `työ`-nä), so that `sana` and `kana` stay whole.
pub(super) fn essive(r: &[char]) -> bool {
    ends_vowel(r) && (syllables(r) >= 2 || ends_long(r))
}
