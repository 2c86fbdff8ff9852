//! Discovery, scored apart from names: for each code the gold coders used, how well the best
//! theme of the run matches it (code recovery), and how often the run's named themes fire on
//! answers whose gold never uses them. Per-theme scores only judge the run's own names; these
//! judge the themes a run discovered too, whatever their labels.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::gold::GoldRow;
use super::read::Prediction;
use super::scores::{harmonic_mean, ratio};

/// Code recovery: the best-matching theme of every gold code that reaches `min_share`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeRecovery {
    /// The share of answers a code must be carried by to be scored.
    pub min_share: f64,
    /// Mean F1 over `codes`; `None` when no code reaches `min_share`.
    pub mean_f1: Option<f64>,
    /// The scored codes, most carried first (then by name).
    pub codes: Vec<CodeMatch>,
    /// The codes under `min_share`, in the same order.
    pub left_out: Vec<CodeSupport>,
}

/// A gold code and the theme of the run that matches it best.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeMatch {
    pub code: String,
    /// Answers carrying the code.
    pub support: u64,
    /// The best theme; `None` when no predicted theme shares an answer with the code.
    pub theme: Option<String>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Answers carrying the code and predicted with the theme.
    pub tp: u64,
}

/// A gold code and how many answers carry it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeSupport {
    pub code: String,
    pub support: u64,
}

/// The run's named themes that no evaluated answer's gold set holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnusedNamed {
    /// `answers` over the evaluated answers with gold themes.
    pub share: f64,
    /// Answers predicted with at least one of `themes`.
    pub answers: u64,
    /// Each such theme with the answers predicted with it, most first (then by name).
    pub themes: Vec<UnusedTheme>,
}

/// A named theme the gold never uses, and how many answers the run gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnusedTheme {
    pub theme: String,
    pub answers: u64,
}

/// A predicted theme as a candidate match of one code: how many answers it was predicted for
/// and how many of those carry the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate<'a> {
    pub(super) theme: &'a str,
    pub(super) predicted: u64,
    pub(super) tp: u64,
}

/// Scores code recovery over the answers with gold themes (`scored`): an answer carries a code
/// when its gold set holds it, and holds a theme when its predicted set does.
pub(super) fn code_recovery(scored: &[(&Prediction, &GoldRow)], min_share: f64) -> CodeRecovery {
    let mut support: BTreeMap<&str, u64> = BTreeMap::new();
    let mut predicted: BTreeMap<&str, u64> = BTreeMap::new();
    let mut both: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for (p, g) in scored {
        for c in &g.themes {
            *support.entry(c).or_default() += 1;
            for t in &p.themes {
                *both.entry((c, t)).or_default() += 1;
            }
        }
        for t in &p.themes {
            *predicted.entry(t).or_default() += 1;
        }
    }
    let mut codes: Vec<(&str, u64)> = support.into_iter().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let n = scored.len() as u64;
    let (kept, left): (Vec<_>, Vec<_>) = codes
        .into_iter()
        .partition(|&(_, support)| carried_enough(support, n, min_share));
    let matches: Vec<CodeMatch> = kept
        .into_iter()
        .map(|(code, support)| {
            let candidates = predicted.iter().map(|(&theme, &n)| Candidate {
                theme,
                predicted: n,
                tp: both.get(&(code, theme)).copied().unwrap_or_default(),
            });
            code_match(code, support, best_theme(support, candidates))
        })
        .collect();
    let mean_f1 = (!matches.is_empty())
        .then(|| matches.iter().map(|m| m.f1).sum::<f64>() / matches.len() as f64);
    CodeRecovery {
        min_share,
        mean_f1,
        codes: matches,
        left_out: left
            .into_iter()
            .map(|(code, support)| CodeSupport {
                code: code.to_string(),
                support,
            })
            .collect(),
    }
}

/// Whether `support` of `n` answers is at least `min_share`. The share is compared as the
/// quotient, so that 7 of 100 answers is 0.07 as `--min-share 0.07` is (`0.07 × 100` is not 7
/// in floating point).
fn carried_enough(support: u64, n: u64, min_share: f64) -> bool {
    ratio(support, n) >= min_share
}

/// The row of one code with its best candidate (none: everything 0).
fn code_match(code: &str, support: u64, best: Option<Candidate>) -> CodeMatch {
    let (theme, precision, recall, tp) = match best {
        Some(c) => (
            Some(c.theme.to_string()),
            ratio(c.tp, c.predicted),
            ratio(c.tp, support),
            c.tp,
        ),
        None => (None, 0.0, 0.0, 0),
    };
    CodeMatch {
        code: code.to_string(),
        support,
        theme,
        precision,
        recall,
        f1: harmonic_mean(precision, recall),
        tp,
    }
}

/// The candidate with the highest F1 against a code carried by `support` answers, then the
/// highest precision, then the first theme name; `None` when none shares an answer with it.
/// F1 is `2 tp / (predicted + support)` and precision `tp / predicted`, so they are compared
/// as exact fractions: equal values tie whatever the rounding.
pub(super) fn best_theme<'a>(
    support: u64,
    candidates: impl IntoIterator<Item = Candidate<'a>>,
) -> Option<Candidate<'a>> {
    candidates
        .into_iter()
        .filter(|c| c.tp > 0)
        .min_by(|a, b| better(support, a, b))
}

/// `Less` when `a` is the better match (so that the best is the minimum).
fn better(support: u64, a: &Candidate, b: &Candidate) -> Ordering {
    let cross = |x: u64, y: u64| x as u128 * y as u128;
    // F1 a > F1 b  ⇔  tp_a (predicted_b + support) > tp_b (predicted_a + support).
    let f1 = cross(b.tp, a.predicted + support).cmp(&cross(a.tp, b.predicted + support));
    let precision = cross(b.tp, a.predicted).cmp(&cross(a.tp, b.predicted));
    f1.then(precision).then(a.theme.cmp(b.theme))
}

/// The themes of `named` that no gold set of `scored` holds, and how many answers the run
/// predicted with them.
pub(super) fn unused_named(scored: &[(&Prediction, &GoldRow)], named: &[String]) -> UnusedNamed {
    let in_gold: BTreeSet<&str> = scored
        .iter()
        .flat_map(|(_, g)| g.themes.iter().map(String::as_str))
        .collect();
    let unused: Vec<&str> = named
        .iter()
        .map(String::as_str)
        .filter(|t| !in_gold.contains(t))
        .collect();
    let holds = |p: &Prediction, t: &str| p.themes.iter().any(|x| x == t);
    let mut themes: Vec<UnusedTheme> = unused
        .iter()
        .map(|&t| UnusedTheme {
            theme: t.to_string(),
            answers: scored.iter().filter(|(p, _)| holds(p, t)).count() as u64,
        })
        .collect();
    themes.sort_by(|a, b| b.answers.cmp(&a.answers).then(a.theme.cmp(&b.theme)));
    let answers = scored
        .iter()
        .filter(|(p, _)| unused.iter().any(|t| holds(p, t)))
        .count() as u64;
    UnusedNamed {
        share: ratio(answers, scored.len() as u64),
        answers,
        themes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(theme: &str, predicted: u64, tp: u64) -> Candidate<'_> {
        Candidate {
            theme,
            predicted,
            tp,
        }
    }

    fn best<'a>(support: u64, candidates: &[Candidate<'a>]) -> Option<&'a str> {
        best_theme(support, candidates.iter().copied()).map(|c| c.theme)
    }

    #[test]
    fn the_highest_f1_wins_even_with_lower_precision() {
        // Support 10. a: P 1, R 0.2, F1 1/3; b: P 0.5, R 0.6, F1 6/11.
        assert_eq!(best(10, &[c("a", 2, 2), c("b", 12, 6)]), Some("b"));
    }

    #[test]
    fn equal_f1_goes_to_the_higher_precision() {
        // Support 4. a: 2·1/(4+4) = 0.25, P 0.25; b: 2·2/(12+4) = 0.25, P 1/6.
        let candidates = [c("b", 12, 2), c("a", 4, 1)];
        assert_eq!(best(4, &candidates), Some("a"));
        // The same with the names swapped: the name does not decide.
        assert_eq!(best(4, &[c("a", 12, 2), c("b", 4, 1)]), Some("b"));
    }

    #[test]
    fn equal_f1_and_precision_go_to_the_first_name() {
        for candidates in [
            [c("beta", 6, 3), c("alpha", 6, 3), c("gamma", 6, 3)],
            [c("gamma", 6, 3), c("beta", 6, 3), c("alpha", 6, 3)],
        ] {
            assert_eq!(best(6, &candidates), Some("alpha"));
        }
    }

    #[test]
    fn exact_fractions_tie_where_floats_do_not() {
        // Support 2. a: tp 1 of 4 (F1 2/6 = 1/3, P 1/4); b: tp 2 of 10 (F1 4/12 = 1/3, P 1/5).
        // 2·P·R/(P+R) in floats is 0.3333333333333333 for a and 0.33333333333333337 for b; the
        // fractions are equal, so precision decides.
        let (a, b) = (c("a", 4, 1), c("b", 10, 2));
        let float_f1 = |x: &Candidate| harmonic_mean(ratio(x.tp, x.predicted), ratio(x.tp, 2));
        assert!(float_f1(&b) > float_f1(&a));
        assert_eq!(best(2, &[b, a]), Some("a"));
    }

    #[test]
    fn a_share_of_exactly_min_share_is_enough() {
        assert!(carried_enough(7, 100, 0.07));
        assert!(!carried_enough(6, 100, 0.07));
        assert!(carried_enough(3, 10, 0.3));
        assert!(carried_enough(1, 3, 1.0 / 3.0));
        assert!(carried_enough(0, 10, 0.0));
        assert!(!carried_enough(9, 10, 1.0));
    }

    #[test]
    fn no_shared_answer_is_no_match() {
        assert_eq!(best(5, &[c("a", 9, 0), c("b", 1, 0)]), None);
        assert_eq!(best(5, &[]), None);
        let m = code_match("x", 5, None);
        assert_eq!(
            (m.theme, m.precision, m.recall, m.f1, m.tp),
            (None, 0.0, 0.0, 0.0, 0)
        );
    }
}
