//! Is a column free text? Each column is judged on its content answers: empty cells and
//! non-answers ("Ei", "-", "En osaa sanoa", see [`crate::nonanswer`]) do not count against it,
//! so an optional question most respondents skipped is still a question. A column is never
//! text when its values are all the same, a handful of short values, e-mail addresses,
//! numbers, names repeated over many rows (organisations, roles) or checkbox choices
//! ("Asiakaspalvelu, Raportointi") drawn from a small list. Every judgement comes with the
//! reason shown to the user.

use std::collections::{HashMap, HashSet};

use crate::nonanswer::is_non_answer;

/// What a column is, by its values.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Open-ended answers: a free-text column.
    Open,
    /// Text-like, but not clearly open-ended: taken only when no column is open-ended, the
    /// one with the highest score.
    Maybe(f64),
    /// Never free text.
    Not,
    /// Every value is a non-answer: text if the column asks a question, else metadata.
    OnlyNonAnswers,
}

/// How much a column looks like open-ended text.
#[derive(Debug, Clone, Default)]
pub struct TextStats {
    /// Non-empty values.
    values: usize,
    /// Non-empty values that are non-answers, left out of everything below.
    non_answers: usize,
    /// Content values.
    n: usize,
    avg_chars: f64,
    avg_words: f64,
    max_words: usize,
    distinct: usize,
    letters: f64,
    emails: usize,
    /// Comma- or semicolon-separated items: distinct items, all items, values with several
    /// items, and the most words in one item.
    items_distinct: usize,
    items: usize,
    listed: usize,
    item_words: usize,
}

impl TextStats {
    /// The statistics of a column's values; `None` when every value is empty.
    pub fn of<'a>(values: impl Iterator<Item = &'a str>) -> Option<Self> {
        let mut s = TextStats::default();
        let (mut chars, mut words, mut letters, mut visible) = (0, 0, 0, 0);
        let mut distinct = HashSet::new();
        let mut items: HashMap<String, usize> = HashMap::new();
        let mut verdicts: HashMap<&str, bool> = HashMap::new();
        for v in values {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            s.values += 1;
            if *verdicts.entry(v).or_insert_with(|| is_non_answer(v)) {
                s.non_answers += 1;
                continue;
            }
            s.n += 1;
            chars += v.chars().count();
            let w = v.split_whitespace().count();
            words += w;
            s.max_words = s.max_words.max(w);
            letters += v.chars().filter(|c| c.is_alphabetic()).count();
            visible += v.chars().filter(|c| !c.is_whitespace()).count();
            if v.contains('@') && !v.contains(' ') {
                s.emails += 1;
            }
            distinct.insert(v.to_lowercase());
            let parts: Vec<&str> = v
                .split([',', ';'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            s.listed += usize::from(parts.len() > 1);
            for p in parts {
                s.items += 1;
                s.item_words = s.item_words.max(p.split_whitespace().count());
                *items.entry(p.to_lowercase()).or_default() += 1;
            }
        }
        if s.values == 0 {
            return None;
        }
        let n = s.n.max(1) as f64;
        s.avg_chars = chars as f64 / n;
        s.avg_words = words as f64 / n;
        s.distinct = distinct.len();
        s.letters = letters as f64 / visible.max(1) as f64;
        s.items_distinct = items.len();
        Some(s)
    }

    fn distinct_share(&self) -> f64 {
        self.distinct as f64 / self.n.max(1) as f64
    }

    /// `3 distinct values in 200 rows`.
    fn distinct_in(&self) -> String {
        format!("{} distinct values in {} rows", self.distinct, self.n)
    }

    /// Google Forms' checkboxes: items from a small list, several in some cells.
    fn is_checklist(&self) -> bool {
        self.listed > 0
            && self.n >= 3
            && self.item_words <= 4
            && self.items_distinct <= 30
            && self.items >= 2 * self.items_distinct
    }

    /// A handful of short values repeated over the rows: a choice or a category.
    fn is_category(&self) -> bool {
        let few = self.distinct <= 12 && self.distinct_share() < 0.4 && self.n >= 20;
        let short = self.distinct <= 12 && self.n >= 2 * self.distinct && self.max_words <= 3;
        // Names repeated over the rows ("Helsingin kaupunki"): answers seldom repeat word
        // for word once non-answers are left out.
        let repeated = self.n >= 4 && self.distinct_share() <= 0.6 && self.avg_words <= 4.0;
        few || short || repeated || self.distinct_share() < 0.4
    }

    /// The verdict and its reason, e.g. `metadata: 3 distinct values in 200 rows`.
    pub fn judge(&self) -> (Verdict, String) {
        let not = |why: String| (Verdict::Not, format!("metadata: {why}"));
        if self.n == 0 {
            let why = format!("only non-answers ({} values)", self.values);
            return (Verdict::OnlyNonAnswers, why);
        }
        if self.emails * 2 >= self.n {
            return not("e-mail addresses".to_string());
        }
        if self.letters < 0.5 {
            return not("mostly digits and signs (numbers, dates, codes)".to_string());
        }
        if self.distinct == 1 && self.n >= 2 {
            return not(format!("the same value in all {} rows", self.n));
        }
        if self.is_checklist() {
            return not(format!(
                "choices from a list ({} distinct items, several in some rows)",
                self.items_distinct
            ));
        }
        if self.is_category() {
            return not(self.distinct_in());
        }
        let skipped = if self.non_answers > 0 {
            format!(", {} non-answers not counted", self.non_answers)
        } else {
            String::new()
        };
        if self.avg_chars >= 8.0 && self.avg_words >= 2.0 {
            return (
                Verdict::Open,
                format!(
                    "text: long varied answers ({} distinct of {}, {:.1} words on average{skipped})",
                    self.distinct, self.n, self.avg_words
                ),
            );
        }
        let score = self.avg_chars * self.distinct_share() * self.letters;
        (
            Verdict::Maybe(score),
            format!(
                "metadata: short values ({:.1} words on average, {})",
                self.avg_words,
                self.distinct_in()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(values: &[String]) -> (Verdict, String) {
        TextStats::of(values.iter().map(String::as_str))
            .unwrap()
            .judge()
    }

    #[test]
    fn fixed_choices_and_emails_are_not_text() {
        let choices: Vec<String> = (0..40)
            .map(|i| ["Melko tyytyväinen", "Erittäin tyytyväinen", "En osaa sanoa"][i % 3].into())
            .collect();
        assert_eq!(verdict(&choices).0, Verdict::Not);
        let emails = ["maija@example.fi".to_string(), "pekka@example.fi".into()];
        assert_eq!(verdict(&emails).0, Verdict::Not);
    }

    #[test]
    fn non_answers_do_not_count_against_a_question() {
        let mut values: Vec<String> = (0..10)
            .map(|i| format!("Kiire on kova ja johto ei kuuntele, vastaus {i}"))
            .collect();
        values.extend((0..90).map(|i| ["Ei", "-", "En osaa sanoa"][i % 3].to_string()));
        let (v, why) = verdict(&values);
        assert_eq!(v, Verdict::Open, "{why}");
        assert!(why.contains("90 non-answers"), "{why}");
    }

    #[test]
    fn organisations_and_checkboxes_are_metadata() {
        let orgs: Vec<String> = (0..9)
            .map(|i| {
                [
                    "Helsingin kaupunki",
                    "Tampereen yliopisto",
                    "Oulun kaupunki",
                ][i % 3]
                    .into()
            })
            .collect();
        assert_eq!(verdict(&orgs).0, Verdict::Not);
        let boxes: Vec<String> = [
            "Asiakaspalvelu, Raportointi, Teams-viestit",
            "Raportointi",
            "Teams-viestit, Asiakaspalvelu",
            "Asiakaspalvelu, Raportointi",
            "Raportointi, Teams-viestit",
        ]
        .map(String::from)
        .to_vec();
        let (v, why) = verdict(&boxes);
        assert_eq!(v, Verdict::Not, "{why}");
    }
}
