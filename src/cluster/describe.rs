//! How a theme is shown to people: its distinctive terms (class-based TF-IDF, as BERTopic labels
//! topics) and representative quotes chosen by maximal marginal relevance (close to the theme's
//! centre, yet different from the quotes already chosen).

use rustc_hash::FxHashMap;

use ndarray::{Array1, Array2};

/// Distinctive terms of each group, most distinctive first: class-based TF-IDF, where a
/// group's members are one document. A term's weight in a group is the share of the group's
/// members that use it times `ln(1 + A / f)`, with `f` the term's members over all groups and
/// `A` the mean group size: a word all groups use ("tehdä", "pitää") weighs little, a word most
/// of one group's members use weighs most. Only terms in `allowed` (the TF-IDF vocabulary: no
/// typos or one-off words) are considered, and a term must be used by at least two members of
/// the group and `min_share` of them. `terms(m)` are member `m`'s terms.
pub fn distinctive_terms<'a, I: IntoIterator<Item = &'a str>>(
    groups: &[Vec<usize>],
    terms: impl Fn(usize) -> I,
    allowed: &dyn Fn(&str) -> bool,
    count: usize,
    min_share: f64,
) -> Vec<Vec<String>> {
    let mut per_group: Vec<FxHashMap<&str, usize>> = Vec::with_capacity(groups.len());
    let mut total: FxHashMap<&str, usize> = FxHashMap::default();
    for group in groups {
        let mut docs: FxHashMap<&str, usize> = FxHashMap::default();
        for &a in group {
            let mut seen: Vec<&str> = terms(a).into_iter().filter(|t| allowed(t)).collect();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                *docs.entry(t).or_default() += 1;
                *total.entry(t).or_default() += 1;
            }
        }
        per_group.push(docs);
    }
    let mean_size = groups.iter().map(Vec::len).sum::<usize>() as f64 / groups.len().max(1) as f64;
    per_group
        .iter()
        .zip(groups)
        .map(|(docs, group)| {
            let min_docs = (group.len() as f64 * min_share).ceil().max(2.0) as usize;
            let mut scored: Vec<(f64, &str)> = docs
                .iter()
                .filter(|(_, &d)| d >= min_docs.min(group.len()))
                .map(|(&t, &d)| {
                    let weight =
                        d as f64 / group.len() as f64 * (1.0 + mean_size / total[t] as f64).ln();
                    (weight, t)
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            scored
                .into_iter()
                .take(count)
                .map(|(_, t)| t.to_string())
                .collect()
        })
        .collect()
}

/// The first `count` of `ranked` terms that are distinct words: a term is skipped when
/// `related(term, chosen)` holds for a term already chosen (another form of one word, a part of
/// a compound chosen, or a compound of a part chosen).
pub fn distinct(
    ranked: &[String],
    related: impl Fn(&str, &str) -> bool,
    count: usize,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in ranked {
        if out.len() == count {
            break;
        }
        if !out.iter().any(|c| related(t, c) || related(c, t)) {
            out.push(t.clone());
        }
    }
    out
}

/// Up to `count` representatives among the rows of `points`, best first, by maximal marginal
/// relevance: each pick maximises `λ·cos(row, centre) − (1 − λ)·max cos(row, picked)`. Rows
/// that are `short`, or the `same` as a pick, are taken only when nothing else is left; ties go
/// to the lower row.
pub fn representatives(
    points: &Array2<f64>,
    centre: &Array1<f64>,
    same: impl Fn(usize, usize) -> bool,
    short: impl Fn(usize) -> bool,
    count: usize,
    lambda: f64,
) -> Vec<usize> {
    let relevance: Vec<f64> = points.rows().into_iter().map(|p| p.dot(centre)).collect();
    let mut chosen: Vec<usize> = Vec::new();
    for pass in 0..2 {
        while chosen.len() < count {
            let mut best: Option<(f64, usize)> = None;
            for (i, &relevant) in relevance.iter().enumerate() {
                let repeat = chosen.iter().any(|&c| c == i || same(c, i));
                if repeat || (pass == 0 && short(i)) {
                    continue;
                }
                let redundancy = chosen
                    .iter()
                    .map(|&c| points.row(i).dot(&points.row(c)))
                    .fold(f64::NEG_INFINITY, f64::max);
                let redundancy = if chosen.is_empty() { 0.0 } else { redundancy };
                let score = lambda * relevant - (1.0 - lambda) * redundancy;
                if best.is_none_or(|(s, _)| score > s + 1e-12) {
                    best = Some((score, i));
                }
            }
            match best {
                Some((_, i)) => chosen.push(i),
                None => break,
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::tests::terms;

    #[test]
    fn class_tfidf_prefers_terms_of_one_group() {
        let docs = terms(&[
            "johto arvostus ymmärtää",
            "johto arvostus merkitys",
            "aika kiire johto",
            "aika kiire resurssi",
        ]);
        let of = |i: usize| docs[i].iter().map(|t| &**t);
        let labels = distinctive_terms(&[vec![0, 1], vec![2, 3]], of, &|_| true, 2, 0.1);
        assert_eq!(labels[0], ["arvostus", "johto"]);
        assert_eq!(labels[1], ["aika", "kiire"]);
        let none = distinctive_terms(&[vec![0, 1]], of, &|t| t != "johto", 1, 0.1);
        assert_eq!(none[0], ["arvostus"]);
        let ranked: Vec<String> = ["nälänhätä", "hätä", "nälkä", "vesi"]
            .map(String::from)
            .to_vec();
        let part = |a: &str, b: &str| b.contains(a);
        assert_eq!(distinct(&ranked, part, 2), ["nälänhätä", "nälkä"]);
    }

    #[test]
    fn mmr_picks_different_quotes() {
        // Answers 0 and 1 say the same thing; 2 is a different side of the theme.
        let points = ndarray::array![[1.0, 0.0], [0.99, 0.14], [0.8, 0.6], [0.0, 1.0]];
        let centre = ndarray::array![0.95, 0.31];
        let never = |_: usize, _: usize| false;
        let plain = representatives(&points, &centre, never, |_| false, 2, 1.0);
        assert_eq!(plain, [1, 0]);
        let mmr = representatives(&points, &centre, never, |_| false, 2, 0.7);
        assert_eq!(mmr[0], 1);
        assert_eq!(mmr[1], 2, "the second quote differs from the first");
    }
}
