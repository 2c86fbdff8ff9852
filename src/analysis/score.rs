//! How well does the analyzer join the forms of a word? Scored pairwise against gold lemmas:
//! over distinct word forms, **recall** is the share of pairs with the same lemma that get the
//! same main term, **precision** the share of pairs with the same main term that share a lemma.
//!
//! `teema analyze --score FILE` runs it on a TSV of `form<TAB>lemma` lines (a header line
//! starting with `form` is skipped; further columns are ignored; a form listed with several
//! lemmas keeps the one of its first line).

use std::collections::HashMap;

/// Pairwise precision, recall and F1 over distinct forms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub forms: usize,
    pub lemmas: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} forms, {} lemmas: P {:.3} R {:.3} F1 {:.3}",
            self.forms, self.lemmas, self.precision, self.recall, self.f1
        )
    }
}

/// Distinct (form, lemma) pairs of a gold TSV, forms and lemmas lowercased.
pub fn read_gold(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || (i == 0 && line.starts_with("form")) {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(form), Some(lemma)) = (cols.next(), cols.next()) else {
            return Err(format!(
                "line {}: expected form<TAB>lemma, got {line:?}",
                i + 1
            ));
        };
        let form = form.trim().to_lowercase();
        if form.is_empty() || seen.contains_key(&form) {
            continue;
        }
        seen.insert(form.clone(), ());
        out.push((form, lemma.trim().to_lowercase()));
    }
    if out.is_empty() {
        // Nothing to compare: every score would be a vacuous 1.000.
        return Err("no gold rows; expected form<TAB>lemma lines (after a `form` header)".into());
    }
    Ok(out)
}

fn pairs(n: usize) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

/// Scores main terms against lemmas: `items` are (lemma, term) per distinct form.
pub fn score<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>) -> Score {
    let mut cells: HashMap<(&str, &str), usize> = HashMap::new();
    let mut by_lemma: HashMap<&str, usize> = HashMap::new();
    let mut by_term: HashMap<&str, usize> = HashMap::new();
    let mut forms = 0;
    for (lemma, term) in items {
        forms += 1;
        *cells.entry((lemma, term)).or_default() += 1;
        *by_lemma.entry(lemma).or_default() += 1;
        *by_term.entry(term).or_default() += 1;
    }
    let together: f64 = cells.values().map(|&n| pairs(n)).sum();
    let same_lemma: f64 = by_lemma.values().map(|&n| pairs(n)).sum();
    let same_term: f64 = by_term.values().map(|&n| pairs(n)).sum();
    let precision = if same_term > 0.0 {
        together / same_term
    } else {
        1.0
    };
    let recall = if same_lemma > 0.0 {
        together / same_lemma
    } else {
        1.0
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Score {
        forms,
        lemmas: by_lemma.len(),
        precision,
        recall,
        f1,
    }
}

/// Scores `stem` on a gold TSV.
pub fn score_gold(text: &str, stem: impl Fn(&str) -> String) -> Result<Score, String> {
    let gold = read_gold(text)?;
    let terms: Vec<String> = gold.iter().map(|(form, _)| stem(form)).collect();
    Ok(score(
        gold.iter()
            .zip(&terms)
            .map(|((_, lemma), term)| (lemma.as_str(), term.as_str())),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    #[test]
    fn pairwise_scores() {
        // Lemma a: 3 forms, two share a term; lemma b: 1 form sharing that term.
        let s = score([("a", "x"), ("a", "x"), ("a", "y"), ("b", "x")]);
        // Same lemma pairs: 3; joined: 1. Same term pairs: 3 (x,x,x); right: 1.
        assert_eq!((s.forms, s.lemmas), (4, 2));
        assert!((s.recall - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.precision - 1.0 / 3.0).abs() < 1e-9);
    }

    /// Forms the team wrote, with their lemmas: the words the survey answers are made of.
    const WORDS: &str = "form\tlemma\n\
        aika\taika\naikaa\taika\najan\taika\najat\taika\najassa\taika\n\
        johto\tjohto\njohdon\tjohto\njohtoa\tjohto\njohdolle\tjohto\n\
        arvostus\tarvostus\narvostusta\tarvostus\narvostuksen\tarvostus\narvostukset\tarvostus\n\
        mittari\tmittari\nmittarit\tmittari\nmittareita\tmittari\nmittareiden\tmittari\n\
        kiire\tkiire\nkiireen\tkiire\nkiirettä\tkiire\nkiireinen\tkiireinen\nkiireisen\tkiireinen\n\
        seuranta\tseuranta\nseurannan\tseuranta\nseurantaa\tseuranta\n\
        yhteisö\tyhteisö\nyhteisön\tyhteisö\nyhteisöjä\tyhteisö\n";

    #[test]
    fn builtin_analyzer_beats_snowball_on_the_team_word_list() {
        let analyzer = Analyzer::finnish();
        let builtin = score_gold(WORDS, |w| analyzer.stem(w)).unwrap();
        let stemmer = crate::analysis::finnish::FinnishStemmer::new();
        let snowball = score_gold(WORDS, |w| stemmer.snowball(w)).unwrap();
        assert_eq!((builtin.forms, builtin.lemmas), (28, 8));
        // Snowball joins few forms of words with gradation or stem changes (aika/ajan,
        // johto/johdon, arvostus/arvostuksen); the built-in analyzer joins them, and what both
        // join is right.
        assert!(snowball.recall < 0.6, "{snowball}");
        assert!(builtin.recall > 0.8, "{builtin}");
        assert!(builtin.precision >= 0.95, "{builtin}");
    }

    #[test]
    fn gold_files_are_checked() {
        assert!(read_gold("form\tlemma\nyksi\n")
            .unwrap_err()
            .contains("line 2"));
        let g = read_gold("form\tlemma\tupos\nAika\taika\tNOUN\naika\taika\tNOUN\n").unwrap();
        assert_eq!(g, [("aika".to_string(), "aika".to_string())]);
    }
}
