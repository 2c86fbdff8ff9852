//! How a theme is shown to people: its distinctive terms (class-based TF-IDF, as BERTopic labels
//! topics) and representative quotes chosen by maximal marginal relevance (close to the theme's
//! centre, yet different from the quotes already chosen).

use rustc_hash::FxHashMap;

use ndarray::{Array1, Array2};

use super::Term;

/// Distinctive terms of each group, most distinctive first: class-based TF-IDF, where a
/// group's answers are one document. A term's weight in a group is the share of the group's
/// answers that use it times `ln(1 + A / f)`, with `f` the term's answers over all groups and `A`
/// the mean group size: a word all groups use ("tehdä", "pitää") weighs little, a word most of
/// one group's answers use weighs most. Only terms in `allowed` (the TF-IDF vocabulary: no typos
/// or one-off words) are considered, and a term must be used by at least two answers of the
/// group and a tenth of them.
pub fn distinctive_terms(
    groups: &[Vec<usize>],
    terms: &[Vec<Term>],
    allowed: &dyn Fn(&str) -> bool,
    count: usize,
) -> Vec<Vec<String>> {
    let mut per_group: Vec<FxHashMap<&str, usize>> = Vec::with_capacity(groups.len());
    let mut total: FxHashMap<&str, usize> = FxHashMap::default();
    for group in groups {
        let mut docs: FxHashMap<&str, usize> = FxHashMap::default();
        for &a in group {
            let mut seen: Vec<&str> = terms[a]
                .iter()
                .map(|t| &**t)
                .filter(|t| allowed(t))
                .collect();
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
            let min_docs = (group.len() as f64 / 10.0).ceil().max(2.0) as usize;
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

/// Up to `count` representative answers of a group, best first, by maximal marginal relevance:
/// each pick maximises `λ·cos(answer, centre) − (1 − λ)·max cos(answer, picked)`. Answers with
/// fewer than three terms, or the same terms as a pick, are taken only when nothing else is
/// left. `members` index `points` rows; `ids` are the answer indexes returned.
pub fn representatives(
    points: &Array2<f64>,
    members: &[usize],
    ids: &[usize],
    centre: &Array1<f64>,
    terms: &[Vec<Term>],
    count: usize,
    lambda: f64,
) -> Vec<usize> {
    let relevance: Vec<f64> = members.iter().map(|&p| points.row(p).dot(centre)).collect();
    let mut chosen: Vec<usize> = Vec::new();
    for pass in 0..2 {
        while chosen.len() < count {
            let mut best: Option<(f64, usize)> = None;
            for (i, (&p, &id)) in members.iter().zip(ids).enumerate() {
                let short = terms[id].len() < 3;
                let repeat = chosen.iter().any(|&c| c == i || terms[ids[c]] == terms[id]);
                if repeat || (pass == 0 && short) {
                    continue;
                }
                let redundancy = chosen
                    .iter()
                    .map(|&c| points.row(p).dot(&points.row(members[c])))
                    .fold(f64::NEG_INFINITY, f64::max);
                let redundancy = if chosen.is_empty() { 0.0 } else { redundancy };
                let score = lambda * relevance[i] - (1.0 - lambda) * redundancy;
                if best.is_none_or(|(s, b)| score > s + 1e-12 || (score > s - 1e-12 && id < ids[b]))
                {
                    best = Some((score, i));
                }
            }
            match best {
                Some((_, i)) => chosen.push(i),
                None => break,
            }
        }
    }
    chosen.into_iter().map(|i| ids[i]).collect()
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
        let labels = distinctive_terms(&[vec![0, 1], vec![2, 3]], &docs, &|_| true, 2);
        assert_eq!(labels[0], ["arvostus", "johto"]);
        assert_eq!(labels[1], ["aika", "kiire"]);
        let none = distinctive_terms(&[vec![0, 1]], &docs, &|t| t != "johto", 1);
        assert_eq!(none[0], ["arvostus"]);
    }

    #[test]
    fn mmr_picks_different_quotes() {
        // Answers 0 and 1 say the same thing; 2 is a different side of the theme.
        let points = ndarray::array![[1.0, 0.0], [0.99, 0.14], [0.8, 0.6], [0.0, 1.0]];
        let docs = terms(&["a b c", "a b d", "a e f", "g h i"]);
        let centre = ndarray::array![0.95, 0.31];
        let ids = [0, 1, 2, 3];
        let plain = representatives(&points, &[0, 1, 2, 3], &ids, &centre, &docs, 2, 1.0);
        assert_eq!(plain, [1, 0]);
        let mmr = representatives(&points, &[0, 1, 2, 3], &ids, &centre, &docs, 2, 0.7);
        assert_eq!(mmr[0], 1);
        assert_eq!(mmr[1], 2, "the second quote differs from the first");
    }
}
