//! Tables over answers: each theme summed over all questions, and theme shares by the groups of
//! a metadata column (`--by`, the same groups as the comparison's), weighted too with
//! `--weight`.

use std::collections::HashMap;

use super::grouping::{group_values, is_missing};
use super::weights::WeightedBase;
use super::{CrossTab, CrossTabRow, QuestionReport, Response, ThemeSummary, NO_CONTENT, OTHER};

/// The themes of all questions together: the same key's summaries summed (named themes, and
/// discovered themes with the same label), quotes and terms taken in turn from each question.
pub(super) fn overall_themes(questions: &[QuestionReport], total: usize) -> Vec<ThemeSummary> {
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, Vec<&ThemeSummary>> = HashMap::new();
    for q in questions {
        for t in &q.themes {
            if !by_key.contains_key(&t.key) {
                order.push(t.key.clone());
            }
            by_key.entry(t.key.clone()).or_default().push(t);
        }
    }
    let mut out: Vec<ThemeSummary> = order
        .iter()
        .map(|key| {
            let parts = &by_key[key];
            let mut sum = parts[0].clone();
            let mut parts_sorted = parts.clone();
            parts_sorted.sort_by_key(|t| std::cmp::Reverse(t.count));
            sum.count = parts.iter().map(|t| t.count).sum();
            sum.mentions = parts.iter().map(|t| t.mentions).sum();
            sum.share = sum.count as f64 / total.max(1) as f64;
            sum.clusters = parts.iter().flat_map(|t| t.clusters.clone()).collect();
            sum.minor = parts.iter().all(|t| t.minor);
            if parts.len() > 1 {
                sum.question = None;
            }
            let longest = parts.iter().map(|t| t.quotes.len()).max().unwrap_or(0);
            sum.quotes = (0..longest)
                .flat_map(|i| parts_sorted.iter().filter_map(move |t| t.quotes.get(i)))
                .take(parts_sorted[0].quotes.len().max(3))
                .cloned()
                .collect();
            sum.top_terms = parts_sorted[0].top_terms.clone();
            sum
        })
        .collect();
    out.sort_by(|a, b| {
        let bucket = |t: &ThemeSummary| [OTHER, NO_CONTENT].iter().position(|k| *k == t.key);
        bucket(a)
            .cmp(&bucket(b))
            .then(a.minor.cmp(&b.minor))
            .then(b.mentions.cmp(&a.mentions))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// The cross-tab's column for the answers without a value.
pub const EMPTY_GROUP: &str = "(empty)";

/// Theme shares by the groups of a metadata column, over one question's answers; weighted too
/// when the answers' `weights` are given (`None` for a missing or invalid weight).
///
/// The columns are the groups the comparison has ([`group_values`]): with more than
/// `MAX_GROUPS + 1` values, the [`MAX_GROUPS`](super::grouping::MAX_GROUPS) largest on their own and the rest together as
/// [`OTHER_GROUPS`](super::grouping::OTHER_GROUPS), all sorted naturally; so a column of 300
/// municipalities gives nine columns, not 300, and the two tables can be read side by side.
/// Answers without a value ([`is_missing`]: empty, `NA`, `#N/A` …) are left out of the
/// comparison, but a cross-tab accounts for every answer: they get one column of their own,
/// [`EMPTY_GROUP`], last, that never takes a group's place nor joins the smaller groups.
pub(super) fn crosstab(
    column: &str,
    responses: &[Response],
    summaries: &[ThemeSummary],
    weights: Option<&[Option<f64>]>,
) -> CrossTab {
    let (values, value_totals, value_of) = number_values(responses, column);
    let (groups, group_of) = group_values(&values, &value_totals);
    let empty = groups.len();
    let column_of: Vec<usize> = value_of
        .iter()
        .map(|v| v.map_or(empty, |v| group_of[v]))
        .collect();
    let mut names: Vec<String> = groups.iter().map(|g| g.name.clone()).collect();
    let mut values_held: Vec<usize> = groups.iter().map(|g| g.values).collect();
    if column_of.contains(&empty) {
        names.push(EMPTY_GROUP.to_string());
        values_held.push(1);
    }
    let columns = names.len();
    let mut totals = vec![0usize; columns];
    let row: HashMap<&str, usize> = summaries
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    let mut counts = vec![vec![0usize; columns]; summaries.len()];
    let mut bases = vec![WeightedBase::default(); columns];
    let mut weighted = vec![vec![0.0f64; columns]; summaries.len()];
    for (i, (r, &v)) in responses.iter().zip(&column_of).enumerate() {
        totals[v] += 1;
        let weight = weights.and_then(|w| w[i]);
        if let Some(w) = weights {
            bases[v].add(w[i]);
        }
        for key in &r.themes {
            if let Some(&t) = row.get(&**key) {
                counts[t][v] += 1;
                weighted[t][v] += weight.unwrap_or(0.0);
            }
        }
    }
    let rows = summaries
        .iter()
        .zip(counts)
        .zip(weighted)
        .map(|((t, counts), weighted)| CrossTabRow {
            key: t.key.clone(),
            label: t.label.clone(),
            shares: counts
                .iter()
                .zip(&totals)
                .map(|(&c, &n)| c as f64 / n.max(1) as f64)
                .collect(),
            counts,
            weighted_shares: weights.map(|_| {
                weighted
                    .iter()
                    .zip(&bases)
                    .map(|(&w, base)| base.share(w))
                    .collect()
            }),
        })
        .collect();
    CrossTab {
        column: column.to_string(),
        values: names,
        values_held,
        totals,
        weighted: weights.map(|_| bases),
        rows,
    }
}

/// Each answer's value of `column`, numbered in order of first appearance (`None`: no value),
/// with the values and their answers.
fn number_values<'a>(
    responses: &'a [Response],
    column: &str,
) -> (Vec<&'a str>, Vec<usize>, Vec<Option<usize>>) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut values: Vec<&str> = Vec::new();
    let mut totals: Vec<usize> = Vec::new();
    let value_of = responses
        .iter()
        .map(|r| {
            let v = r.meta_value(column).trim();
            if is_missing(v) {
                return None;
            }
            let id = *index.entry(v).or_insert_with(|| {
                values.push(v);
                totals.push(0);
                values.len() - 1
            });
            totals[id] += 1;
            Some(id)
        })
        .collect();
    (values, totals, value_of)
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::report::compare::{compare, OTHER_GROUPS};
    use crate::report::test_theme;

    fn response(value: &str, themes: &[&str]) -> Response {
        crate::report::test_response(2, "kunta", value, themes)
    }

    /// Values k1..k12, k`i` with `i` answers, the first of each carrying "x" and the rest "y".
    fn twelve_values() -> Vec<Response> {
        (1..=12)
            .flat_map(|i| {
                (0..i).map(move |j| response(&format!("k{i}"), &[if j == 0 { "x" } else { "y" }]))
            })
            .collect()
    }

    #[test]
    fn many_values_give_the_comparisons_groups_the_small_ones_summed() {
        let rows = twelve_values();
        let themes = [test_theme("x", false), test_theme("y", false)];
        let weights: Vec<Option<f64>> = (0..rows.len())
            .map(|i| Some(1.0 + (i % 3) as f64))
            .collect();
        let tab = crosstab("kunta", &rows, &themes, Some(&weights));
        let mut expected: Vec<String> = (5..=12).map(|i| format!("k{i}")).collect();
        expected.push(OTHER_GROUPS.to_string());
        assert_eq!(tab.values, expected);
        let compared: Vec<String> = compare("kunta", &rows, &themes, None)
            .groups
            .into_iter()
            .map(|g| g.name)
            .collect();
        assert_eq!(tab.values, compared);
        assert_eq!(tab.values_held, [1, 1, 1, 1, 1, 1, 1, 1, 4]);
        // The merged group: k1..k4, 1 + 2 + 3 + 4 answers, one "x" each.
        assert_eq!(tab.totals[8], 10);
        assert_eq!(tab.totals.iter().sum::<usize>(), rows.len());
        assert_eq!(tab.rows[0].counts[8], 4);
        assert_eq!(tab.rows[1].counts[8], 6);
        assert!((tab.rows[0].shares[8] - 0.4).abs() < 1e-12);
        assert_eq!(tab.rows[0].counts[7], 1);
        // Weighted the same way: the merged group's base is its values' answers together.
        let small: Vec<f64> = weights[..10].iter().map(|w| w.unwrap()).collect();
        let base = &tab.weighted.as_ref().unwrap()[8];
        let total: f64 = small.iter().sum();
        let squares: f64 = small.iter().map(|w| w * w).sum();
        assert_eq!(base.answers, 10);
        assert!((base.total - total).abs() < 1e-12);
        assert!((base.effective_n - total * total / squares).abs() < 1e-12);
        // The first answers of k1..k4 (rows 0, 1, 3, 6) carry "x".
        let x: f64 = [0, 1, 3, 6].iter().map(|&i| small[i]).sum();
        let share = tab.rows[0].weighted_shares.as_ref().unwrap()[8];
        assert!((share - x / total).abs() < 1e-12);
    }

    #[test]
    fn answers_without_a_value_come_last_and_few_values_stay_apart() {
        let mut rows: Vec<Response> = ["10", "2", "9", "NA", "", "2", "#N/A"]
            .iter()
            .map(|v| response(v, &["x"]))
            .collect();
        rows.push(response(" ", &["y"]));
        let themes = [test_theme("x", false), test_theme("y", false)];
        let tab = crosstab("kunta", &rows, &themes, None);
        // Natural order, not the bytes' ("10" before "2"); the missing markers together, last.
        assert_eq!(tab.values, ["2", "9", "10", EMPTY_GROUP]);
        assert_eq!(tab.values_held, [1, 1, 1, 1]);
        assert_eq!(tab.totals, [2, 1, 1, 4]);
        assert_eq!(tab.rows[0].counts, [2, 1, 1, 3]);
        assert!(tab.weighted.is_none() && tab.rows[0].weighted_shares.is_none());
    }
}
