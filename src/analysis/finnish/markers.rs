//! The markers between a Finnish stem and its ending: participles, comparatives and
//! superlatives, the conditional, the plural's `i` or `j`, the second infinitive's `e`.
//!
//! They stack (`kehitty-nee-mmä-t`), so [`strip_marker`] takes them off until none is left.
//! What is left is one of the word's stems for `super::normal`.

use super::endings::Cut;
use super::rest::{
    any, e_stem, plural_j_stem, stem2, type3, type3_lr, type3_or_l, verb_stem, Rest,
};
use super::word::{ends, ends_long, is_long, is_vowel, len, syllables};

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
        // No agent participle after -ton's -ttoma- (kehittymättömät) either.
        if *pattern == "mA" && (no_agent || ends(&w[..w.len().saturating_sub(2)], "ttO")) {
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
    let infinitive = matches!(after, Cut::Inessive | Cut::Person);
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
    let verb_form = matches!(after, Cut::Nothing | Cut::Person);
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
