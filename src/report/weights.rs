//! Survey weights (`--weight COLUMN`): each answer's weight read from its row's metadata cell
//! (decimal comma or point), the weighted shares of themes over a question's answers with a
//! valid weight, Kish's effective sample size `(Σw)² / Σw²`, and the rows whose weight is
//! missing or invalid (named, never guessed: they stay in the unweighted figures only).

use std::collections::HashMap;

use serde::Serialize;

use super::{Response, ThemeSummary};

/// Why a weight cell gives no weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightProblem {
    /// Empty, or a missing-value marker (`NA`, `<NA>`, `N/A`, `.`).
    Missing,
    /// Not a number (`abc`, `1.234,5`, `12 %`).
    NotANumber,
    /// Below zero.
    Negative,
    /// `NaN` or infinite.
    NotFinite,
}

impl WeightProblem {
    /// How summary.md and stderr say it.
    pub fn describe(self) -> &'static str {
        match self {
            WeightProblem::Missing => "missing",
            WeightProblem::NotANumber => "not a number",
            WeightProblem::Negative => "negative",
            WeightProblem::NotFinite => "not finite",
        }
    }
}

/// Reads a weight cell: `0,544`, `144.09`, `2`, `1,5e-1`; surrounding spaces are ignored. A
/// weight of zero is valid (the answer counts for nothing); one that is empty, not a number,
/// negative, `NaN` or infinite is not. A cell with both a comma and a point (`1.234,5`) is not
/// read as a number: which one is the decimal mark cannot be told.
pub fn parse_weight(cell: &str) -> Result<f64, WeightProblem> {
    let cell = cell.trim();
    if cell.is_empty() || ["na", "<na>", "n/a", "."].contains(&cell.to_lowercase().as_str()) {
        return Err(WeightProblem::Missing);
    }
    let point;
    let number = match (cell.matches(',').count(), cell.contains('.')) {
        (0, _) => cell,
        (1, false) => {
            point = cell.replace(',', ".");
            point.as_str()
        }
        _ => return Err(WeightProblem::NotANumber),
    };
    let w: f64 = number.parse().map_err(|_| WeightProblem::NotANumber)?;
    if !w.is_finite() {
        Err(WeightProblem::NotFinite)
    } else if w < 0.0 {
        Err(WeightProblem::Negative)
    } else {
        // `-0` is zero.
        Ok(w + 0.0)
    }
}

/// Each answer's weight from its row's `column`, in the order of `responses`.
pub(super) fn answer_weights(responses: &[Response], column: &str) -> Vec<Option<f64>> {
    responses
        .iter()
        .map(|r| parse_weight(r.meta_value(column)).ok())
        .collect()
}

/// The answers a weighted figure is taken over: those with a valid weight, and the rest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct WeightedBase {
    /// Answers with a valid weight.
    pub answers: usize,
    /// Answers whose row has a missing or invalid weight: in the unweighted figures only.
    pub answers_invalid: usize,
    /// The sum of the valid weights.
    pub total: f64,
    /// Kish's effective sample size, `(Σw)² / Σw²`: the number of unweighted answers that
    /// would give the weighted figures the same precision (0 when every weight is 0).
    pub effective_n: f64,
    /// Σw², for `effective_n`.
    #[serde(skip)]
    squares: f64,
}

impl WeightedBase {
    /// Adds one answer's weight (`None`: missing or invalid).
    pub(super) fn add(&mut self, weight: Option<f64>) {
        match weight {
            Some(w) => {
                self.answers += 1;
                self.total += w;
                self.squares += w * w;
                self.effective_n = if self.squares > 0.0 {
                    self.total * self.total / self.squares
                } else {
                    0.0
                };
            }
            None => self.answers_invalid += 1,
        }
    }

    /// Adds another set of answers' base (the answers of several groups together).
    pub(super) fn absorb(&mut self, other: &WeightedBase) {
        self.answers += other.answers;
        self.answers_invalid += other.answers_invalid;
        self.total += other.total;
        self.squares += other.squares;
        self.effective_n = if self.squares > 0.0 {
            self.total * self.total / self.squares
        } else {
            0.0
        };
    }

    /// What a weight sum counts for when tested: `effective_n / total`, so that the answers'
    /// whole weight counts as their effective sample size (1 when every weight is 1); 0 when
    /// the total is 0.
    pub(super) fn scale(&self) -> f64 {
        if self.total > 0.0 {
            self.effective_n / self.total
        } else {
            0.0
        }
    }

    /// `weight` over the total weight; 0 when the total is 0.
    pub(super) fn share(&self, weight: f64) -> f64 {
        if self.total > 0.0 {
            weight / self.total
        } else {
            0.0
        }
    }
}

/// Sets each theme's `weighted_share` (the weights of the answers whose first theme it is) and
/// `weighted_mentions_share` (of the answers that carry it at all), both over the weights of
/// `responses` with a valid weight; returns that base.
pub(super) fn weigh_themes(
    themes: &mut [ThemeSummary],
    responses: &[Response],
    weights: &[Option<f64>],
) -> WeightedBase {
    let index: HashMap<&str, usize> = themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    let mut first = vec![0.0; themes.len()];
    let mut mentions = vec![0.0; themes.len()];
    let mut base = WeightedBase::default();
    for (r, &weight) in responses.iter().zip(weights) {
        base.add(weight);
        let Some(w) = weight else { continue };
        if let Some(&t) = r.themes.first().and_then(|k| index.get(&**k)) {
            first[t] += w;
        }
        // An answer's themes are distinct: each counts once.
        for key in &r.themes {
            if let Some(&t) = index.get(&**key) {
                mentions[t] += w;
            }
        }
    }
    for (t, theme) in themes.iter_mut().enumerate() {
        theme.weighted_share = Some(base.share(first[t]));
        theme.weighted_mentions_share = Some(base.share(mentions[t]));
    }
    base
}

/// The run's weighting over all its answers (`responses` in corpus order): sets the overall
/// `themes`' weighted shares and names the rows without a valid weight.
pub(super) fn weigh_run(
    column: &str,
    themes: &mut [ThemeSummary],
    responses: &[Response],
) -> Weighting {
    let weights = answer_weights(responses, column);
    weigh_themes(themes, responses, &weights);
    weighting(column, responses)
}

/// The run's weighting: the column, and the rows without a valid weight.
#[derive(Debug, Clone, Serialize)]
pub struct Weighting {
    /// The metadata column the weights are read from (`--weight`).
    pub column: String,
    /// Rows (respondents) with a valid weight.
    pub rows_weighted: usize,
    /// Rows with a missing or invalid weight, left out of the weighted figures.
    pub rows_invalid: usize,
    /// Those rows, in file and row order (named in summary.md).
    #[serde(skip)]
    pub invalid: Vec<InvalidWeight>,
}

/// A row whose weight cell gives no weight.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidWeight {
    pub source: String,
    pub row: usize,
    /// The cell as written.
    pub value: String,
    pub problem: WeightProblem,
}

impl std::fmt::Display for InvalidWeight {
    /// `file:row (value: problem)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.source, self.row)?;
        if self.value.trim().is_empty() {
            write!(f, " (empty)")
        } else {
            write!(f, " ({:?}: {})", self.value, self.problem.describe())
        }
    }
}

/// The rows of `responses` (in corpus order) with and without a valid weight in `column`.
fn weighting(column: &str, responses: &[Response]) -> Weighting {
    let mut out = Weighting {
        column: column.to_string(),
        rows_weighted: 0,
        rows_invalid: 0,
        invalid: Vec::new(),
    };
    // A row's answers are next to each other in corpus order; one row counts once.
    let mut last: Option<(&str, usize)> = None;
    for r in responses {
        if last == Some((&r.source, r.row)) {
            continue;
        }
        last = Some((&r.source, r.row));
        let value = r.meta_value(column);
        match parse_weight(value) {
            Ok(_) => out.rows_weighted += 1,
            Err(problem) => out.invalid.push(InvalidWeight {
                source: r.source.to_string(),
                row: r.row,
                value: value.to_string(),
                problem,
            }),
        }
    }
    out.rows_invalid = out.invalid.len();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_read_with_a_decimal_comma_or_point() {
        assert_eq!(parse_weight("0,544"), Ok(0.544));
        assert_eq!(parse_weight(" 144.09 "), Ok(144.09));
        assert_eq!(parse_weight("2"), Ok(2.0));
        assert_eq!(parse_weight("1,5e-1"), Ok(0.15));
        assert_eq!(parse_weight("0"), Ok(0.0));
        assert_eq!(parse_weight("-0"), Ok(0.0));
        assert!(parse_weight("-0").unwrap().is_sign_positive());
    }

    #[test]
    fn missing_and_invalid_weights_say_why() {
        for cell in ["", "  ", "NA", "<NA>", "n/a", "."] {
            assert_eq!(parse_weight(cell), Err(WeightProblem::Missing), "{cell:?}");
        }
        for cell in ["abc", "1.234,5", "1,2,3", "12 %", "1 234", "0x10", "--1"] {
            assert_eq!(
                parse_weight(cell),
                Err(WeightProblem::NotANumber),
                "{cell:?}"
            );
        }
        assert_eq!(parse_weight("-0,5"), Err(WeightProblem::Negative));
        for cell in ["NaN", "inf", "-inf", "1e400"] {
            assert_eq!(
                parse_weight(cell),
                Err(WeightProblem::NotFinite),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn effective_n_is_kish() {
        let mut base = WeightedBase::default();
        for w in [Some(1.5), Some(0.5), None, Some(1.0), Some(0.0)] {
            base.add(w);
        }
        assert_eq!((base.answers, base.answers_invalid), (4, 1));
        assert!((base.total - 3.0).abs() < 1e-12);
        // (1.5 + 0.5 + 1 + 0)² / (2.25 + 0.25 + 1) = 9 / 3.5
        assert!((base.effective_n - 9.0 / 3.5).abs() < 1e-12);
        // Equal weights: the effective n is the number of answers.
        let mut equal = WeightedBase::default();
        (0..7).for_each(|_| equal.add(Some(144.09)));
        assert!((equal.effective_n - 7.0).abs() < 1e-9);
        let mut zero = WeightedBase::default();
        zero.add(Some(0.0));
        assert_eq!((zero.effective_n, zero.share(0.0)), (0.0, 0.0));
    }
}
