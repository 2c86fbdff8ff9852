//! Bringing the stems of one Finnish word together.
//!
//! Once the endings and markers are cut, what is left is one of the word's stems: `köyhä` or
//! `köyhi`, `tarve` or `tarpee`, `vesi`, `vede` or `vet`, `ihmise` or `ihmis`, `arvostukse`,
//! `köyhyyde` or `köyhyyt`, `kirjoitta`, `kirjoita` or `kirjoite`. [`normalize`] maps them to
//! one key, in this order:
//!
//! 1. a long final vowel is shortened (`taloo`-n, `tekee`: the illative, the 3rd person);
//! 2. the `-si` nouns and past tenses get their `t` stem (`täysi` → `täyt`, like `täyttä`;
//!    `kansi` → `kant`, `ymmärsi` → `ymmärt`);
//! 3. a final a, ä, e or i goes from stems of five letters or more: these are the vowels that
//!    change across a word's forms (`köyhä`, `köyhi`-ä; `kivi`, `kive`-n; `otta`-a, `otti`,
//!    `ote`-taan). o, u, y and ö stay (`talo`, `sano`(a), apart from `sana`). A shorter stem
//!    keeps its vowel, which in short words tells words apart (`kala`, `kali`; `tila`,
//!    `tili`) more often than it changes; there the i and e stems meet at e (`kive`-n, `kivi`);
//! 4. type 5 verbs lose the `-ts` of `valits`-e, like `vali`-ta;
//! 5. s stems: the `-us` nouns keep their s and meet it (`arvostuks`- → `arvostus`;
//!    `köyhyyd`-, `köyhyyt`- → `köyhyys`), other s stems lose it (`rikkaa`-, `rikas` → `rik`;
//!    `kauniin`, `kaunis` → `kaun`; `ihmis` → `ihm`), keeping the i of `-Vinen` (`aikais` →
//!    `aikai`, apart from `aika`);
//! 6. `-ttoma`- adjectives meet their nominative (`työttömä` → `työtö`), the frequentative
//!    `-el`- of verbs goes (`opiskele`- → `opisk`, like `opiske`-lla), the `-io` plural of
//!    `-ia` nouns meets them (`asioi`- → `asi`);
//! 7. consonant gradation: the consonants before the final vowel or at the end are brought to
//!    one grade (kk/k → k, pp/p → p, tt/t → t, d → t, ng → nk, mm → mp, nn → nt, ll → lt,
//!    rr → rt, and at the very end lv → lp, rv → rp), so that `johdo`- meets `johto`,
//!    `piirr`-än meets `piirt`-ää, `tarpee`- meets `tarve`; `arvo` keeps its v.

use super::word::{ends, is_long, is_vowel, syllables};

/// Brings the stem `w` to the key its word shares with its other forms.
pub(super) fn normalize(w: &mut Vec<char>) {
    shorten_long(w);
    si_stem(w);
    i_to_e(w);
    drop_vowel(w);
    type5(w);
    s_stem(w);
    tOn(w);
    frequentative(w);
    io_plural(w);
    agent_plural(w);
    gradation(w);
}

/// `taloo` → `talo`, `tekee` → `teke`: a long final vowel of a stem of two syllables or more.
fn shorten_long(w: &mut Vec<char>) {
    let n = w.len();
    if n >= 4 && w[n - 1] == w[n - 2] && is_vowel(w[n - 1]) && syllables(w) >= 2 {
        w.pop();
    }
}

/// `vesi` → `vet`, `käsi` → `kät`, `kansi` → `kant`, `virsi` → `virt`, `tunsi` → `tunt`: two
/// syllables only (`halusi` is a past tense, `resursi` a misspelt `resurssi`).
fn si_stem(w: &mut Vec<char>) {
    let n = w.len();
    if n < 4 || !ends(w, "si") {
        return;
    }
    let before = w[n - 3];
    if syllables(w) == 2 && (is_vowel(before) || matches!(before, 'n' | 'r' | 'l')) {
        w.truncate(n - 2);
        w.push('t');
    }
}

/// `valits`(e) → `vale`, like `vali`(-ta): type 5 verbs' stem before their infinitive's `-ta`.
fn type5(w: &mut Vec<char>) {
    if ends(w, "its") && w.len() >= 6 {
        w.truncate(w.len() - 2);
        i_to_e(w);
        drop_vowel(w);
    }
}

/// `kivi` → `kive`, `peli` → `pele`: a short stem keeps its final vowel (see [`drop_vowel`]),
/// and then the i and e stems of one word (`kivi`, `kiven`; `peli`, `pelejä`) meet at e.
fn i_to_e(w: &mut [char]) {
    if w.len() == 4 && ends(w, "VCi") {
        w[3] = 'e';
    }
}

/// Drops a final a, ä, e or i after a consonant, or a final a or ä after a vowel it makes no
/// diphthong with (`asia` → `asi`; `alue` keeps its e); after `tärkeä`'s ä its e goes too.
/// Stems of four letters or fewer keep their vowel (see the module documentation).
fn drop_vowel(w: &mut Vec<char>) {
    let n = w.len();
    if n < 5 || !matches!(w[n - 1], 'a' | 'ä' | 'e' | 'i') {
        return;
    }
    let before = w[n - 2];
    if is_vowel(before) && (is_long(before, w[n - 1]) || !matches!(w[n - 1], 'a' | 'ä')) {
        return;
    }
    if syllables(&w[..n - 1]) == 0 {
        return;
    }
    let last = w.pop();
    if matches!(last, Some('a' | 'ä')) && ends(w, "Ce") && w.len() >= 4 {
        w.pop();
    }
}

/// The consonant stems in s: the `-us` nouns keep theirs and meet it (`arvostuks`- →
/// `arvostus`, `köyhyyd`-, `köyhyyt`- → `köyhyys`, `vapaut`- → `vapaus`); other s stems lose
/// it with their vowel (`rikas`, `rikkaa`- → `rik`; `kaunis`, `kaunii`- → `kaun`; `ihmis`,
/// `ihmise`- → `ihm`). After a vowel the `i` of `-inen` stays: `aikais` → `aikai`, apart from
/// `aika`.
fn s_stem(w: &mut Vec<char>) {
    let n = w.len();
    if n < 4 || syllables(w) < 2 {
        return;
    }
    if ends(w, "Uks") || ends(w, "Oks") {
        w.truncate(n - 2);
        w.push('s');
        return;
    }
    if ends(w, "VUd") || ends(w, "VUt") || ends(w, "VUtt") {
        while w.last().is_some_and(|&c| !is_vowel(c)) {
            w.pop();
        }
        w.push('s');
        return;
    }
    if ends(w, "Us") || ends(w, "Os") {
        return;
    }
    let (cut, drop) = if ends(w, "Cis") {
        (2, false)
    } else if ends(w, "Vs") {
        (1, !ends(w, "is"))
    } else {
        return;
    };
    w.truncate(n - cut);
    shorten_long(w);
    if drop {
        drop_vowel(w);
    }
}

/// `työttöm` → `työtö`: the `-ttoma-` stem of `-ton` adjectives, to meet their nominative
/// (`työtön`, cut to `työtö`).
#[allow(non_snake_case)]
fn tOn(w: &mut Vec<char>) {
    if (ends(w, "Vttom") || ends(w, "Vttöm")) && syllables(w) >= 2 {
        let n = w.len();
        w.remove(n - 4);
        w.pop();
    }
}

/// `opiskel` → `opisk`, `ajattel` → `ajatt`: the `-el-` of frequentative verbs, whose
/// infinitive is cut like an adessive (`opiske`-lla). Needs two syllables before it.
fn frequentative(w: &mut Vec<char>) {
    let n = w.len();
    if n >= 6 && ends(w, "Cel") && syllables(&w[..n - 2]) >= 2 {
        w.truncate(n - 2);
    }
}

/// `asio` → `asi`: the plural stem of `-ia` nouns (`asioita`).
fn io_plural(w: &mut Vec<char>) {
    if ends(w, "Cio") && syllables(w) >= 2 {
        w.pop();
    }
}

/// `tekijö` → `tekij`: the plural stem of `-ijä`/`-ija` agent nouns (`tekijöitä`, `lukijoita`).
fn agent_plural(w: &mut Vec<char>) {
    if ends(w, "ijO") && syllables(w) >= 3 {
        w.pop();
    }
}

/// Brings the consonants before the final vowels (or at the end) to one grade.
fn gradation(w: &mut Vec<char>) {
    let mut end = w.len();
    while end > 0 && is_vowel(w[end - 1]) {
        end -= 1;
    }
    let at_end = end == w.len();
    let mut start = end;
    while start > 0 && !is_vowel(w[start - 1]) {
        start -= 1;
    }
    if start == 0 || start == end {
        return;
    }
    let strong: &[char] = match &w[start..end] {
        // ss too, which is no grade but is often written s (resurssi, resursit).
        [.., 'k', 'k'] | [.., 'p', 'p'] | [.., 't', 't'] | [.., 's', 's'] => {
            w.remove(end - 1);
            return;
        }
        [.., 'd'] => {
            w[end - 1] = 't';
            return;
        }
        ['n', 'g'] => &['n', 'k'],
        ['m', 'm'] => &['m', 'p'],
        ['n', 'n'] => &['n', 't'],
        ['l', 'l'] => &['l', 't'],
        ['r', 'r'] => &['r', 't'],
        ['l', 'v'] if at_end => &['l', 'p'],
        ['r', 'v'] if at_end => &['r', 'p'],
        _ => return,
    };
    w.splice(start..end, strong.iter().copied());
}

/// The key of a stem, for the tests below.
#[cfg(test)]
fn key(s: &str) -> String {
    let mut w: Vec<char> = s.chars().collect();
    normalize(&mut w);
    w.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_of_one_word_meet() {
        for group in [
            &["vuosi", "vuode", "vuot"][..],
            &["kausi", "kaude", "kaut"],
            &["arvostus", "arvostukse", "arvostuksi"],
            &["köyhyys", "köyhyyde", "köyhyyt", "köyhyyksi"],
            &["johto", "johdo"],
            &["kirjoitta", "kirjoita", "kirjoite"],
            &["tarve", "tarpee"],
            &["ihmise", "ihmis"],
            &["suomalaise", "suomalais", "suomalai"],
            &["tärkeä", "tärke"],
        ] {
            let keys: Vec<String> = group.iter().map(|s| key(s)).collect();
            assert!(keys.windows(2).all(|p| p[0] == p[1]), "{group:?}: {keys:?}");
        }
    }

    #[test]
    fn arvo_keeps_its_v() {
        assert_eq!(key("arvo"), "arvo");
    }
}
