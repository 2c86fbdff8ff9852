//! Per-theme precision, recall and F1 of a run against gold themes, and which themes the
//! per-theme table lists.

use std::collections::BTreeSet;

use serde::Serialize;

use super::gold::GoldRow;
use super::read::Prediction;
use crate::report::{NO_CONTENT, OTHER};

/// Precision, recall and F1 of one theme (see the module doc for the definitions).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeScore {
    pub theme: String,
    /// A named theme of the run.
    pub named: bool,
    /// Counted in macro-F1.
    pub in_macro: bool,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Answers predicted `t` whose gold set holds `t`.
    pub tp: u64,
    /// Answers predicted `t` whose gold set does not hold it.
    pub fp: u64,
    /// Answers with gold primary `t` not predicted `t`.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Answers with gold primary `t`.
    pub support: u64,
}

/// A gold theme and how many evaluated answers have it as primary theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Support {
    pub theme: String,
    pub support: u64,
}

/// The themes [`score_themes`] needs to know: the run's named themes, the ones macro-F1
/// averages over, and those predicted and in the gold file among the evaluated answers.
pub(super) struct ThemeSets<'a> {
    pub(super) named: &'a [String],
    pub(super) macro_themes: &'a [String],
    pub(super) predicted: &'a BTreeSet<&'a str>,
    pub(super) in_gold: &'a BTreeSet<&'a str>,
}

/// What [`score_themes`] found.
#[derive(Debug, Default)]
pub(super) struct ThemeScores {
    /// One row per theme of the table (see [`table_themes`]).
    pub(super) per_theme: Vec<ThemeScore>,
    /// Mean F1 over the macro themes; `None` when there are none.
    pub(super) macro_f1: Option<f64>,
    /// Gold themes outside the table, with their support.
    pub(super) not_predicted: Vec<Support>,
}

/// Scores every theme of the table over the answers with gold themes (`scored`), averages
/// macro-F1, and notes `--themes` keys that are neither predicted nor in the gold file.
pub(super) fn score_themes(
    sets: &ThemeSets,
    scored: &[(&Prediction, &GoldRow)],
    notes: &mut Vec<String>,
) -> ThemeScores {
    for t in sets.macro_themes {
        if !sets.predicted.contains(t.as_str()) && !sets.in_gold.contains(t.as_str()) {
            notes.push(format!(
                "--themes: {t:?} is neither predicted nor in the gold file; its F1 is 0"
            ));
        }
    }
    let listed = table_themes(sets.named, sets.macro_themes, sets.predicted, sets.in_gold);
    let per_theme: Vec<ThemeScore> = listed
        .iter()
        .map(|t| {
            let mut s = score_theme(t, scored.iter().copied());
            s.named = sets.named.contains(t);
            s.in_macro = sets.macro_themes.contains(t);
            s
        })
        .collect();
    let macro_f1 = (!sets.macro_themes.is_empty()).then(|| {
        let f1 = |t: &String| {
            per_theme
                .iter()
                .find(|s| &s.theme == t)
                .map_or(0.0, |s| s.f1)
        };
        sets.macro_themes.iter().map(f1).sum::<f64>() / sets.macro_themes.len() as f64
    });
    let not_predicted = sets
        .in_gold
        .iter()
        .filter(|t| !listed.iter().any(|l| l == *t))
        .map(|t| Support {
            theme: t.to_string(),
            support: scored
                .iter()
                .filter(|(_, g)| g.primary() == Some(t))
                .count() as u64,
        })
        .collect();
    ThemeScores {
        per_theme,
        macro_f1,
        not_predicted,
    }
}

/// The themes of the per-theme table: named themes in their order, then, alphabetically,
/// `no_content`, `other`, the `--themes` and every gold theme predicted at least once.
fn table_themes(
    named: &[String],
    macro_themes: &[String],
    predicted: &BTreeSet<&str>,
    in_gold: &BTreeSet<&str>,
) -> Vec<String> {
    let mut rest: BTreeSet<&str> = in_gold.intersection(predicted).copied().collect();
    rest.extend([NO_CONTENT, OTHER]);
    rest.extend(macro_themes.iter().map(String::as_str));
    let mut themes = named.to_vec();
    themes.extend(
        rest.into_iter()
            .filter(|t| !named.iter().any(|n| n == t))
            .map(String::from),
    );
    themes
}

/// Precision, recall and F1 of `theme` over (prediction, gold) pairs.
fn score_theme<'a>(
    theme: &str,
    pairs: impl Iterator<Item = (&'a Prediction, &'a GoldRow)>,
) -> ThemeScore {
    let (mut tp, mut fp, mut fn_, mut support) = (0, 0, 0, 0);
    for (p, g) in pairs {
        let predicted = p.themes.iter().any(|t| t == theme);
        if predicted {
            if g.themes.iter().any(|t| t == theme) {
                tp += 1;
            } else {
                fp += 1;
            }
        }
        if g.primary() == Some(theme) {
            support += 1;
            if !predicted {
                fn_ += 1;
            }
        }
    }
    let precision = ratio(tp, tp + fp);
    let recall = ratio(support - fn_, support);
    let f1 = harmonic_mean(precision, recall);
    ThemeScore {
        theme: theme.to_string(),
        named: false,
        in_macro: false,
        precision,
        recall,
        f1,
        tp,
        fp,
        fn_,
        support,
    }
}

/// F1 of a precision and a recall: their harmonic mean, 0 when both are 0.
pub(super) fn harmonic_mean(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// `part / whole`, 0 when there is nothing to count.
pub(super) fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-9;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= TOL
    }

    #[test]
    fn also_themes_are_optional() {
        let p = |id: &str, themes: &[&str]| Prediction {
            id: id.into(),
            themes: themes.iter().map(|t| t.to_string()).collect(),
            group: String::new(),
        };
        let g = |id: &str, themes: &[&str]| GoldRow {
            id: id.into(),
            themes: themes.iter().map(|t| t.to_string()).collect(),
            has_primary: true,
            label: None,
        };
        let pairs = [
            // Right via `also`: a tp of b, not in b's support.
            (p("1", &["a", "b"]), g("1", &["a", "b"])),
            // `also` b not predicted: no miss for b.
            (p("2", &["a"]), g("2", &["a", "b"])),
            // A miss of b, a wrong a.
            (p("3", &["a"]), g("3", &["b"])),
        ];
        let b = score_theme("b", pairs.iter().map(|(p, g)| (p, g)));
        assert_eq!((b.tp, b.fp, b.fn_, b.support), (1, 0, 1, 1));
        assert_eq!((b.precision, b.recall, b.f1), (1.0, 0.0, 0.0));
        let a = score_theme("a", pairs.iter().map(|(p, g)| (p, g)));
        assert_eq!((a.tp, a.fp, a.fn_, a.support), (2, 1, 0, 2));
        assert!(close(a.precision, 2.0 / 3.0) && close(a.recall, 1.0));
        assert!(close(a.f1, 0.8));
    }
}
