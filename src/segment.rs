//! Where does an answer say one thing? Real answers are lists ("köyhyys, nälänhätä ja sodat"),
//! several sentences, or clauses joined by "ja", "mutta", "eikä": each part can speak of a
//! different theme. [`cut`] splits an answer's text into **segments** (list items, clauses,
//! sentences) by byte offsets, after analysis: the analyzer, the cache and the index see the
//! whole answer as before, and a segment's tokens are the tokens whose offsets fall inside it.
//!
//! Two levels:
//! - a **clause** ends at a line break, a sentence end (`.` `!` `?` `…`, not after an
//!   abbreviation such as `esim.`), `;`, `:`, and before "mutta", "vaan" (a contrast);
//! - a **segment** (an item of a list, or a clause's part) also ends at a comma, a slash, a
//!   parenthesis, a dash or `&` between spaces, and before "ja", "sekä", "tai", "eikä" (and their
//!   Swedish and English kin). Bullets and numbering at the start of an item are left out.
//!
//! Codebook rules look for their context within the clause ("ajan ja resurssien puute": the
//! `puute` of the clause makes `ajan` a lack of time), themes are carried by segments.

use unicode_segmentation::UnicodeSegmentation;

/// One part of an answer that says one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Byte offset of the segment's first character in the answer's text.
    pub from: usize,
    /// Byte offset one past its last character.
    pub to: usize,
    /// The clause it belongs to: 0 for the answer's first clause, counting up.
    pub clause: usize,
}

impl Segment {
    /// The segment's text.
    pub fn text<'a>(&self, answer: &'a str) -> &'a str {
        &answer[self.from..self.to]
    }

    /// Whether the byte offset `at` lies inside the segment.
    pub fn contains(&self, at: usize) -> bool {
        (self.from..self.to).contains(&at)
    }
}

/// Words that join list items or clauses: a segment ends before them and they are left out of
/// both segments.
const JOINERS: &[&str] = &[
    "ja", "sekä", "tai", "tahi", "taikka", "eli", "plus", "och", "samt", "eller", "and", "or",
];
/// Words that join items but belong to the next one ("eikä johto arvosta": and not).
const JOINERS_KEPT: &[&str] = &[
    "eikä",
    "enkä",
    "etkä",
    "emmekä",
    "ettekä",
    "eivätkä",
    "ettei",
    "vaikka",
    "koska",
    "jotta",
];
/// Words of contrast: they end a clause and are left out ("aika hyvä, mutta ei rahaa").
const CONTRASTS: &[&str] = &["mutta", "vaan", "men", "but"];
/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "esim", "mm", "jne", "ns", "yms", "tms", "ym", "ts", "vrt", "ks", "mahd", "eng", "engl", "lk",
    "klo", "ca", "etc", "eg", "ie", "vs", "dr", "prof", "tri", "ym",
];

/// What a piece of text between words does to the segment it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    /// Nothing: the piece is inside a segment.
    None,
    /// The segment ends here; the clause goes on.
    Item,
    /// The segment and the clause end here.
    Clause,
}

/// Splits `text` into segments, in order; pieces without a letter or digit are no segment.
pub fn cut(text: &str) -> Vec<Segment> {
    let pieces: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
    let mut out = Vec::new();
    let mut clause = 0;
    // Where the current segment starts and ends (its last word), if it has a word yet.
    let mut current: Option<(usize, usize)> = None;
    let close = |out: &mut Vec<Segment>, current: &mut Option<(usize, usize)>, clause: usize| {
        if let Some((from, to)) = current.take() {
            out.push(Segment { from, to, clause });
        }
    };
    for (i, &(start, piece)) in pieces.iter().enumerate() {
        let is_word = piece.chars().any(char::is_alphanumeric);
        if !is_word {
            match punctuation_break(&pieces, i) {
                Break::None => {}
                Break::Item => close(&mut out, &mut current, clause),
                Break::Clause => {
                    close(&mut out, &mut current, clause);
                    if out.last().is_some_and(|s| s.clause == clause) {
                        clause += 1;
                    }
                }
            }
            continue;
        }
        // Joiners and contrasts are short words: longer ones need no lowercasing.
        let lower = if piece.len() <= 16 {
            piece.to_lowercase()
        } else {
            String::new()
        };
        let end = start + piece.len();
        if JOINERS.contains(&lower.as_str()) {
            close(&mut out, &mut current, clause);
            continue;
        }
        if CONTRASTS.contains(&lower.as_str()) {
            close(&mut out, &mut current, clause);
            if out.last().is_some_and(|s| s.clause == clause) {
                clause += 1;
            }
            continue;
        }
        if JOINERS_KEPT.contains(&lower.as_str()) {
            close(&mut out, &mut current, clause);
        }
        if is_numbering(&pieces, i) {
            close(&mut out, &mut current, clause);
            continue;
        }
        current = Some(match current {
            Some((from, _)) => (from, end),
            None => (start, end),
        });
    }
    close(&mut out, &mut current, clause);
    out
}

/// The break a punctuation or space piece makes, given its neighbours.
fn punctuation_break(pieces: &[(usize, &str)], i: usize) -> Break {
    let piece = pieces[i].1;
    let prev_word = || pieces[..i].iter().rev().find(|p| !p.1.trim().is_empty());
    let spaced = |i: usize| {
        let before = i > 0 && pieces[i - 1].1.chars().all(char::is_whitespace);
        let after = pieces
            .get(i + 1)
            .is_some_and(|p| p.1.chars().all(char::is_whitespace));
        before || after
    };
    if piece.contains('\n') || piece.contains('\r') || piece.contains('\u{2029}') {
        return Break::Clause;
    }
    match piece {
        "!" | "?" | "…" | ";" | "‼" | "⁇" | "¿" | "¡" => Break::Clause,
        "." => {
            let abbreviation = prev_word().is_some_and(|(_, w)| {
                let w = w.to_lowercase();
                ABBREVIATIONS.contains(&w.as_str())
                    || (w.chars().count() == 1 && w.chars().all(char::is_alphabetic))
            });
            if abbreviation {
                Break::None
            } else {
                Break::Clause
            }
        }
        ":" => {
            let digit_before = i > 0 && pieces[i - 1].1.ends_with(|c: char| c.is_ascii_digit());
            let digit_after = pieces
                .get(i + 1)
                .is_some_and(|p| p.1.starts_with(|c: char| c.is_ascii_digit()));
            if digit_before && digit_after {
                Break::None
            } else {
                Break::Clause
            }
        }
        "," | "/" | "(" | ")" | "[" | "]" | "{" | "}" | "•" | "·" | "|" | "\"" | "”" | "“" => {
            Break::Item
        }
        "-" | "–" | "—" | "&" | "+" | "*" | ">" | "=" if spaced(i) => Break::Item,
        "–" | "—" => Break::Item,
        _ => Break::None,
    }
}

/// Whether the word at `i` numbers a list item: one or two digits followed by `.` or `)`, or
/// one letter followed by `)`, and then a space ("1. aika", "2) raha", "a) johto").
fn is_numbering(pieces: &[(usize, &str)], i: usize) -> bool {
    let word = pieces[i].1;
    let next = pieces.get(i + 1).map(|p| p.1);
    let digits = word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit());
    let letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    let marked = (digits && matches!(next, Some("." | ")"))) || (letter && next == Some(")"));
    let then_space = pieces
        .get(i + 2)
        .is_none_or(|p| p.1.chars().all(char::is_whitespace));
    marked && then_space
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, usize)> {
        cut(text)
            .into_iter()
            .map(|s| (s.text(text), s.clause))
            .collect()
    }

    #[test]
    fn lists_are_items_of_one_clause() {
        assert_eq!(
            texts("köyhyys, nälänhätä ja sodat"),
            [("köyhyys", 0), ("nälänhätä", 0), ("sodat", 0)]
        );
        assert_eq!(
            texts("Uinti / hiihto sekä luistelu."),
            [("Uinti", 0), ("hiihto", 0), ("luistelu", 0)]
        );
    }

    #[test]
    fn sentences_and_lines_are_clauses() {
        assert_eq!(
            texts("Ei ole aikaa. Johto ei arvosta!\nMittarit puuttuvat"),
            [
                ("Ei ole aikaa", 0),
                ("Johto ei arvosta", 1),
                ("Mittarit puuttuvat", 2)
            ]
        );
        assert_eq!(
            texts("Aika hyvä, mutta rahaa ei ole"),
            [("Aika hyvä", 0), ("rahaa ei ole", 1)]
        );
    }

    #[test]
    fn negating_joiners_stay_with_their_item() {
        assert_eq!(
            texts("Ei ole aikaa, eikä johto arvosta tätä työtä."),
            [("Ei ole aikaa", 0), ("eikä johto arvosta tätä työtä", 0)]
        );
    }

    #[test]
    fn bullets_numbering_and_abbreviations() {
        assert_eq!(
            texts("- kiire\n- budjetti\n1. mittarit 2) raportointi"),
            [
                ("kiire", 0),
                ("budjetti", 1),
                ("mittarit", 2),
                ("raportointi", 2)
            ]
        );
        assert_eq!(
            texts("perusasiat puuttuvat (esim. vesi, ruoka) jne. ja muuta"),
            [
                ("perusasiat puuttuvat", 0),
                ("esim. vesi", 0),
                ("ruoka", 0),
                ("jne", 0),
                ("muuta", 0)
            ]
        );
    }

    #[test]
    fn words_with_inner_punctuation_are_not_cut() {
        assert_eq!(
            texts("epätasa-arvo ja KPI:t, klo 8:30 ja 2,5 h yritys.fi"),
            [
                ("epätasa-arvo", 0),
                ("KPI:t", 0),
                ("klo 8:30", 0),
                ("2,5 h yritys.fi", 0)
            ]
        );
        assert_eq!(
            texts("kaikissa - melkein"),
            [("kaikissa", 0), ("melkein", 0)]
        );
    }

    #[test]
    fn offsets_point_into_the_text_and_empty_text_has_no_segment() {
        let text = "  Öisin, päivisin…  ";
        for s in cut(text) {
            assert!(text.is_char_boundary(s.from) && text.is_char_boundary(s.to));
            assert!(s.contains(s.from) && !s.contains(s.to));
        }
        assert!(cut("").is_empty());
        assert!(cut(" -- ?! ").is_empty());
    }
}
