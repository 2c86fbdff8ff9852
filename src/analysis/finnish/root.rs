//! Derivational roots: the word a derived Finnish word is made from, for clustering.
//!
//! The stemmer keeps a derived word apart from its base (`piirtäminen` is not `piirtää`,
//! `köyhyys` is not `köyhä`), as dictionaries do. For clustering, a word family should still
//! meet, so [`root`] gives the base word of the derivations whose base a rule can rebuild
//! without a dictionary; the caller stems that word like any other:
//!
//! - `-minen` nouns and the MA infinitive (`piirtämisessä`, `piirtämään` → `piirtää`;
//!   `pelaaminen` → `pelata`; `uimassa` → `uida`);
//! - `-uus`/`-yys` nouns of adjectives (`köyhyydessä` → `köyhä`, `mahdollisuus` →
//!   `mahdollinen`);
//! - `-lu`/`-ly` nouns of frequentative verbs (`luistelussa` → `luistella`, `askartelu` →
//!   `askarrella`, `pyöräily` → `pyöräillä`);
//! - action nouns in `-mus`, `-stus`, `-tus`, `-nnus`, `-rrys` (`tutkimus` → `tutkia`,
//!   `ratsastus` → `ratsastaa`, `koulutus` → `kouluttaa`, `rakennus` → `rakentaa`), in `-to`
//!   (`hiihto` → `hiihtää`), `-nti` (`uinti` → `uida`) and `-ksu` (`juoksu` → `juosta`).
//!
//! Anything else is `None`: a wrong root would merge unrelated words, so each rule asks for
//! the shape only its derivation has (a verb stem's vowel before `-minen`, two syllables
//! before `-lu`).

use super::endings::{self, Cut};
use super::normal;
use super::word::{ends, ends_long, ends_vowel, is_long, is_vowel, syllables};

/// The base word `word` (lowercase, any inflection) is derived from, if one of the rules of
/// the module documentation applies.
pub(super) fn root(word: &str) -> Option<String> {
    let mut w: Vec<char> = word.chars().collect();
    endings::strip_clitic(&mut w);
    endings::strip_possessive(&mut w);
    if let Some(stem) = ma_infinitive(&w) {
        return Some(infinitive(stem));
    }
    let whole = w.clone();
    let cut = endings::strip_ending(&mut w);
    super::markers::strip_marker(&mut w, cut);
    if let Some(stem) = minen(&w, &whole, cut) {
        return Some(infinitive(stem));
    }
    let stem = w.clone();
    normal::normalize(&mut w);
    deverbal(&w, &stem).or_else(|| quality(&w, &stem))
}

/// The verb stem of an MA infinitive (`piirtä`-mään, `ui`-massa, `pelaa`-masta).
fn ma_infinitive(w: &[char]) -> Option<&[char]> {
    ["mAAn", "mAssA", "mAstA", "mAllA", "mAttA"]
        .iter()
        .find(|p| ends(w, p))
        .map(|p| &w[..w.len() - p.chars().count()])
        .filter(|stem| is_verb_stem(stem))
}

/// The verb stem of a `-minen` noun's form, cut to `piirtämise`, `piirtämis`, `piirtämisi`, or
/// `piirtämi` before an ending in s (`piirtämi`-stä). `tiimi`-ssä is no `-minen` form: its
/// `ii` ends no verb stem.
fn minen(stem: &[char], whole: &[char], cut: Cut) -> Option<Vec<char>> {
    let n = stem.len();
    let before = if ends(stem, "mise") || ends(stem, "misi") {
        n - 4
    } else if ends(stem, "mis") {
        n - 3
    } else if ends(stem, "mi") && cut != Cut::Nothing && whole.get(n) == Some(&'s') {
        n - 2
    } else {
        return None;
    };
    let verb = &stem[..before];
    is_verb_stem(verb).then(|| verb.to_vec())
}

/// Can `s` be the strong vowel stem of a verb: two syllables or more ending in a vowel, or
/// one syllable with a long vowel or diphthong (`ui`, `saa`, `syö`)? Not a long `ii`, `ee`,
/// `oo` or `uu`, which no verb stem ends in (`tiimi`, `teema`), nor the `-ttoma`- of `-ton`
/// adjectives (`työttömissä`) or the `-nomi`- of loanwords (`ekonominen`).
fn is_verb_stem(s: &[char]) -> bool {
    let not_verb = ["ii", "ee", "oo", "uu", "öö", "ttO", "ono"];
    if !ends_vowel(s) || not_verb.iter().any(|p| ends(s, p)) {
        return false;
    }
    syllables(s) >= 2 || (s.len() >= 2 && ends_long(s))
}

/// `a` or `ä` as the vowel harmony of `w`'s last part asks: its last back or front vowel
/// (`koulunkäy` → ä), ä when it has only i and e.
fn harmony(w: &[char]) -> char {
    match w
        .iter()
        .rev()
        .find(|c| matches!(c, 'a' | 'o' | 'u' | 'ä' | 'ö' | 'y'))
    {
        Some('a' | 'o' | 'u') => 'a',
        _ => 'ä',
    }
}

/// The infinitive of a verb from its strong vowel stem (`piirtä` → `piirtää`, `luke` →
/// `lukea`, `ui` → `uida`, `pelaa` → `pelata`, `halua` → `haluta`, `tarvitse` → `tarvita`,
/// `tule` → `tulla`, `ajattele` → `ajatella`, `nouse` → `nousta`, `parane` → `parata`).
fn infinitive(stem: impl Into<Vec<char>>) -> String {
    let mut s: Vec<char> = stem.into();
    let a = harmony(&s);
    let n = s.len();
    let tail: &str = if ends(&s, "itse") && n >= 6 {
        s.truncate(n - 3);
        "t"
    } else if syllables(&s) == 1 && ends_long(&s) || ends(&s, "Oi") {
        "d"
    } else if ends(&s, "AA") || (ends(&s, "VA") && !is_long(s[n - 2], s[n - 1])) {
        // Type 4: pelaa → pela-ta (with the weak grade: tapaa → tava-ta), halua → halu-ta.
        s.pop();
        weaken(&mut s, 1);
        "t"
    } else if ends(&s, "Vne") && syllables(&s) >= 3 {
        // Type 6: parane → para-ta, heikkene → heike-tä.
        s.truncate(n - 2);
        weaken(&mut s, 1);
        "t"
    } else if ends(&s, "kse") {
        s.truncate(n - 3);
        "st"
    } else if ends(&s, "Vle") || ends(&s, "Vne") || ends(&s, "Vre") || ends(&s, "Vse") {
        // Type 3: tule → tul-la, mene → men-nä, nouse → nous-ta; ajattele → ajatel-la.
        s.pop();
        let last = s[s.len() - 1];
        if ends(&s, "Cel") {
            weaken(&mut s, 2);
        }
        match last {
            's' => "t",
            'l' => "l",
            'n' => "n",
            _ => "r",
        }
    } else {
        ""
    };
    let mut out: String = s.into_iter().collect();
    out.push_str(tail);
    out.push(a);
    out
}

/// The weak grade of the consonants before the last `skip` letters (`ajattel`, 2 → `ajatel`;
/// `kuuntel`, 2 → `kuunnel`; `tapa`, 1 → `tava`).
fn weaken(s: &mut Vec<char>, skip: usize) {
    let end = s.len().saturating_sub(skip);
    let mut start = end;
    while start > 0 && !is_vowel(s[start - 1]) {
        start -= 1;
    }
    if start == 0 || start == end {
        return;
    }
    let weak: &[char] = match &s[start..end] {
        [.., 'k', 'k'] | [.., 'p', 'p'] | [.., 't', 't'] => {
            s.remove(end - 1);
            return;
        }
        ['n', 't'] => &['n', 'n'],
        ['l', 't'] => &['l', 'l'],
        ['r', 't'] => &['r', 'r'],
        ['m', 'p'] => &['m', 'm'],
        ['n', 'k'] => &['n', 'g'],
        ['h', 't'] => &['h', 'd'],
        ['t'] => &['d'],
        ['p'] => &['v'],
        _ => return,
    };
    s.splice(start..end, weak.iter().copied());
}

/// The verb of a deverbal noun's key `k` (its stem before normalisation: `stem`):
/// `-lu`/`-ly` of frequentatives, `-mus`, `-stus`, `-tus`, `-nnus`, `-rrys`, `-to`, `-nti`,
/// `-ksu`.
fn deverbal(k: &[char], stem: &[char]) -> Option<String> {
    let n = k.len();
    // The verb's harmony is its stem's: hiihto → hiihtää (the o is the suffix's).
    let a = harmony(&k[..n.saturating_sub(2)]);
    let word = |stem: &[char], tail: String| -> String { stem.iter().collect::<String>() + &tail };
    if (ends(k, "elU") || ends(k, "ilU")) && syllables(k) >= 3 {
        // luistelu → luistel-la, askartelu → askarrel-la, pyöräily → pyöräil-lä.
        let mut s = k[..n - 1].to_vec();
        if ends(&s, "Cel") {
            weaken(&mut s, 2);
        }
        return Some(word(&s, format!("l{a}")));
    }
    if ends(k, "VmUs") && syllables(k) >= 3 {
        return Some(word(&k[..n - 3], a.to_string()));
    }
    if ends(k, "stUs") && syllables(k) >= 3 {
        return Some(word(&k[..n - 2], format!("{a}{a}")));
    }
    if ends(k, "VtUs") && syllables(k) >= 3 {
        return Some(word(&k[..n - 3], format!("tt{a}{a}")));
    }
    if (ends(k, "nnUs") || ends(k, "rrUs")) && syllables(k) >= 3 {
        let strong = if k[n - 4] == 'n' { "nt" } else { "rt" };
        return Some(word(&k[..n - 4], format!("{strong}{a}{a}")));
    }
    // hiihto, johto, piirto, hoito, käyttö, tuotto: -to after h, r, a diphthong in i or a
    // geminate, as the stem before normalisation has it; not muoto, kunto, auto, the
    // collective -sto (ympäristö) or the -ttoma- of -ton adjectives.
    let to = ["htO", "rtO", "oitO", "VttO"].iter().any(|p| ends(stem, p));
    if n >= 5 && ends(k, "tO") && to {
        return Some(word(&k[..n - 1], format!("{a}{a}")));
    }
    // uinti, uinnissa; markkinointi: a type 2 verb's stem before -nti (not suunta).
    let nti = ends(stem, "nti") || ends(stem, "nni");
    if nti && ends(k, "Vnt") && n >= 4 && ends_long(&k[..n - 2]) {
        return Some(word(&k[..n - 2], format!("d{a}")));
    }
    // juoksu: a type 3 -sta verb's stem (not syksy).
    if ends(k, "VksU") && syllables(k) == 2 && ends_long(&k[..n - 3]) {
        return Some(word(&k[..n - 3], format!("st{a}")));
    }
    None
}

/// The adjective of an `-uus`/`-yys` noun's key `k` (`stem` before normalisation):
/// `mahdollisuus` → `mahdollinen`, `köyhyys` → `köyhä`, `hyvyys` → `hyvä`.
fn quality(k: &[char], stem: &[char]) -> Option<String> {
    let n = k.len();
    // The -uus nouns' stems end in s, d, t or -uksi; -uutti, -uuti- are loanwords (minuutti).
    let loan = ends(stem, "ti") || ends(stem, "tei");
    if !(ends(k, "uus") || ends(k, "yys")) || syllables(k) < 2 || loan || n < 6 {
        return None;
    }
    if ends(k, "isUUs") && n >= 8 {
        let base: String = k[..n - 4].iter().collect();
        return Some(format!("{base}nen"));
    }
    // pituus is pitkä's: a single t after a short vowel is no adjective's stem end.
    if ends(k, "CUUs") && !ends(k, "VtUUs") {
        let base: String = k[..n - 3].iter().collect();
        return Some(format!("{base}{}", harmony(&k[..n - 3])));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::FinnishStemmer;

    /// `derived`'s root, stemmed, is `base`'s term: the two words meet in clustering.
    fn family(s: &FinnishStemmer, derived: &str, base: &str) {
        let root = s
            .root(derived)
            .unwrap_or_else(|| panic!("no root for {derived}"));
        assert_eq!(
            s.stem(&root),
            s.stem(base),
            "{derived} → {root}, not {base}"
        );
    }

    #[test]
    fn roots_are_plain_words() {
        let s = FinnishStemmer::new();
        for (derived, root) in [
            ("piirtämisessä", "piirtää"),
            ("lukeminen", "lukea"),
            ("kirjoittamisessa", "kirjoittaa"),
            ("pelaamisessa", "pelata"),
            ("uiminen", "uida"),
            ("piirtämään", "piirtää"),
            ("uimassa", "uida"),
            ("köyhyyttä", "köyhä"),
            ("hyvyys", "hyvä"),
            ("mahdollisuus", "mahdollinen"),
            ("luistelussa", "luistella"),
            ("askartelu", "askarrella"),
            ("pyöräily", "pyöräillä"),
            ("kiipeily", "kiipeillä"),
            ("hiihto", "hiihtää"),
            ("ratsastus", "ratsastaa"),
            ("juoksu", "juosta"),
            ("uinti", "uida"),
        ] {
            assert_eq!(s.root(derived).as_deref(), Some(root), "{derived}");
        }
    }

    #[test]
    fn minen_nouns_and_ma_infinitives_meet_their_verb() {
        let s = FinnishStemmer::new();
        for (derived, verb) in [
            ("piirtämisestä", "piirtää"),
            ("piirtämisiä", "piirrän"),
            ("tarvitseminen", "tarvitsen"),
            ("opiskelemaan", "opiskelen"),
            ("juokseminen", "juoksen"),
            ("paraneminen", "parata"),
            ("ajattelemassa", "ajatella"),
            ("tekemisestä", "tehdä"),
        ] {
            family(&s, derived, verb);
        }
    }

    #[test]
    fn uus_and_deverbal_nouns_meet_their_base() {
        let s = FinnishStemmer::new();
        for (derived, base) in [
            ("köyhyydessä", "köyhiä"),
            ("mahdollisuuksia", "mahdollisen"),
            ("koulutuksen", "kouluttaa"),
            ("tutkimusta", "tutkia"),
            ("rakennuksessa", "rakentaa"),
            ("keskustelussa", "keskustella"),
            ("kuuntelu", "kuunnella"),
            ("hoitoa", "hoitaa"),
            ("markkinointi", "markkinoida"),
        ] {
            family(&s, derived, base);
        }
    }

    #[test]
    fn only_derivations_have_a_root() {
        let s = FinnishStemmer::new();
        for word in [
            "talo",
            "koulu",
            "piirtää",
            "tiimissä",
            "suomi",
            "nimistä",
            "auto",
            "kunto",
            "muoto",
            "syksyllä",
            "ympäristö",
            "ekonominen",
            "minuutti",
            "työttöminä",
            "suunta",
            "mukaan",
        ] {
            assert_eq!(s.root(word), None, "{word}");
        }
    }
}
