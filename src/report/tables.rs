//! Tables over answers: each theme summed over all questions, and theme shares by the values of
//! a metadata column (`--by`), weighted too with `--weight`.

use std::collections::HashMap;

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

/// Theme shares by the values of a metadata column, over one question's answers; weighted too
/// when the answers' `weights` are given (`None` for a missing or invalid weight).
pub(super) fn crosstab(
    column: &str,
    responses: &[Response],
    summaries: &[ThemeSummary],
    weights: Option<&[Option<f64>]>,
) -> CrossTab {
    const EMPTY: &str = "(empty)";
    let member_values: Vec<&str> = responses
        .iter()
        .map(|r| {
            let v = r.meta_value(column).trim();
            if v.is_empty() {
                EMPTY
            } else {
                v
            }
        })
        .collect();
    let mut values: Vec<&str> = member_values.clone();
    values.sort_unstable();
    values.dedup();
    let col: HashMap<&str, usize> = values.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let mut totals = vec![0usize; values.len()];
    let row: HashMap<&str, usize> = summaries
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    let mut counts = vec![vec![0usize; values.len()]; summaries.len()];
    let mut bases = vec![WeightedBase::default(); values.len()];
    let mut weighted = vec![vec![0.0f64; values.len()]; summaries.len()];
    for (i, (r, value)) in responses.iter().zip(&member_values).enumerate() {
        let v = col[value];
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
        values: values.into_iter().map(String::from).collect(),
        totals,
        weighted: weights.map(|_| bases),
        rows,
    }
}
