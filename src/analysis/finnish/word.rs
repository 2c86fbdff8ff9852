//! Letters, syllables and suffix patterns: the vocabulary the stemmer's rules are written in.
//!
//! A rule's suffix is a pattern whose capitals stand for classes of letters, so one pattern
//! covers both vowel harmonies: `A` is a or ä, `O` o or ö, `U` u or y, `V` any vowel and `C`
//! any other letter (`ssA` matches `ssa` and `ssä`).

/// Is `c` a Finnish vowel?
pub(super) fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö')
}

/// Does the letter `c` fit the pattern letter `p`?
fn fits(c: char, p: char) -> bool {
    match p {
        'A' => c == 'a' || c == 'ä',
        'O' => c == 'o' || c == 'ö',
        'U' => c == 'u' || c == 'y',
        'V' => is_vowel(c),
        'C' => !is_vowel(c),
        _ => c == p,
    }
}

/// Does `w` end with the pattern `pat`?
pub(super) fn ends(w: &[char], pat: &str) -> bool {
    let mut letters = w.iter().rev();
    pat.chars()
        .rev()
        .all(|p| letters.next().is_some_and(|&c| fits(c, p)))
}

/// The number of letters in the pattern `pat`.
pub(super) fn len(pat: &str) -> usize {
    pat.chars().count()
}

/// The letter `back` places from the end (0: the last one).
pub(super) fn at_end(w: &[char], back: usize) -> Option<char> {
    w.len().checked_sub(back + 1).map(|i| w[i])
}

/// How many syllables `w` has, counted as groups of vowels (a diphthong or a long vowel is
/// one; so is a vowel pair across a syllable boundary, which is close enough for rules that
/// only ask whether a stem is short).
pub(super) fn syllables(w: &[char]) -> usize {
    let mut groups = 0;
    let mut in_vowels = false;
    for &c in w {
        let v = is_vowel(c);
        if v && !in_vowels {
            groups += 1;
        }
        in_vowels = v;
    }
    groups
}

/// Is `a` followed by `b` one syllable's nucleus: a long vowel or a diphthong?
pub(super) fn is_long(a: char, b: char) -> bool {
    if a == b {
        return is_vowel(a);
    }
    matches!(
        (a, b),
        ('a' | 'e' | 'o' | 'u' | 'y' | 'ä' | 'ö', 'i')
            | ('a' | 'e' | 'i' | 'o', 'u')
            | ('e' | 'i' | 'ä' | 'ö', 'y')
            | ('i', 'e')
            | ('u', 'o')
            | ('y', 'ö')
    )
}

/// Does `w` end in a long vowel or a diphthong?
pub(super) fn ends_long(w: &[char]) -> bool {
    match w {
        [.., a, b] => is_long(*a, *b),
        _ => false,
    }
}

/// Does `w` end in a vowel?
pub(super) fn ends_vowel(w: &[char]) -> bool {
    w.last().is_some_and(|&c| is_vowel(c))
}

/// Is `w` one short syllable closed by nothing: consonants, then one short vowel (`tu`, `me`)?
pub(super) fn is_short_open_syllable(w: &[char]) -> bool {
    syllables(w) == 1 && ends_vowel(w) && !ends_long(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn patterns_cover_both_harmonies() {
        assert!(ends(&chars("talossa"), "ssA"));
        assert!(ends(&chars("kylässä"), "ssA"));
        assert!(!ends(&chars("ssa"), "VssA"));
        assert!(ends(&chars("taloissa"), "VssA"));
        assert!(ends(&chars("tehnyt"), "nUt"));
    }

    #[test]
    fn syllables_and_vowels() {
        assert_eq!(syllables(&chars("köyhyys")), 2);
        assert_eq!(syllables(&chars("tie")), 1);
        assert!(ends_long(&chars("maa")));
        assert!(ends_long(&chars("työ")));
        assert!(!ends_long(&chars("asia")));
        assert!(is_short_open_syllable(&chars("tu")));
        assert!(!is_short_open_syllable(&chars("saa")));
    }
}
