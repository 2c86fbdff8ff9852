//! Clustering agreement: the adjusted Rand index and normalised mutual information of two
//! labellings, computed as scikit-learn computes them.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// The contingency table of two labellings: counts of (true class, predicted cluster) pairs.
struct Contingency {
    /// Non-zero cells, keyed by (class, cluster) numbered in order of first appearance.
    cells: BTreeMap<(usize, usize), u64>,
    /// Class sizes (row sums) and cluster sizes (column sums).
    classes: Vec<u64>,
    clusters: Vec<u64>,
    n: u64,
}

impl Contingency {
    fn new<A: Hash + Eq, B: Hash + Eq>(truth: &[A], pred: &[B]) -> Self {
        assert_eq!(truth.len(), pred.len(), "two labellings of the same items");
        let mut class_ids: HashMap<&A, usize> = HashMap::new();
        let mut cluster_ids: HashMap<&B, usize> = HashMap::new();
        let mut table = Contingency {
            cells: BTreeMap::new(),
            classes: Vec::new(),
            clusters: Vec::new(),
            n: truth.len() as u64,
        };
        for (a, b) in truth.iter().zip(pred) {
            let next = class_ids.len();
            let i = *class_ids.entry(a).or_insert(next);
            let next = cluster_ids.len();
            let j = *cluster_ids.entry(b).or_insert(next);
            if i == table.classes.len() {
                table.classes.push(0);
            }
            if j == table.clusters.len() {
                table.clusters.push(0);
            }
            table.classes[i] += 1;
            table.clusters[j] += 1;
            *table.cells.entry((i, j)).or_insert(0) += 1;
        }
        table
    }
}

/// Adjusted Rand index of a predicted labelling against the true one, as scikit-learn's
/// `adjusted_rand_score`: from the pair confusion matrix, exact integers up to the last
/// division; 1.0 when no pair is split differently (also for no items, one cluster each, or
/// all singletons on both sides); can be negative.
pub fn adjusted_rand_index<A: Hash + Eq, B: Hash + Eq>(truth: &[A], pred: &[B]) -> f64 {
    let c = Contingency::new(truth, pred);
    let square = |x: &u64| (*x as i128) * (*x as i128);
    let n = c.n as i128;
    let sum_squares: i128 = c.cells.values().map(square).sum();
    let cluster_squares: i128 = c.clusters.iter().map(square).sum();
    let class_squares: i128 = c.classes.iter().map(square).sum();
    // Ordered pairs: together in both, only in the prediction, only in the truth, in neither.
    let tp = sum_squares - n;
    let fp = cluster_squares - sum_squares;
    let fn_ = class_squares - sum_squares;
    let tn = n * n - fp - fn_ - sum_squares;
    if fp == 0 && fn_ == 0 {
        return 1.0;
    }
    let numerator = 2 * (tp * tn - fn_ * fp);
    let denominator = (tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn);
    numerator as f64 / denominator as f64
}

/// Normalised mutual information of two labellings with the arithmetic mean of their entropies
/// as normaliser, as scikit-learn's `normalized_mutual_info_score` (its default): 1.0 when both
/// have one class (or no items), 0.0 when the mutual information is 0.
pub fn normalized_mutual_info<A: Hash + Eq, B: Hash + Eq>(truth: &[A], pred: &[B]) -> f64 {
    let c = Contingency::new(truth, pred);
    let (classes, clusters) = (c.classes.len(), c.clusters.len());
    if (classes == 1 && clusters == 1) || (classes == 0 && clusters == 0) {
        return 1.0;
    }
    let mi = mutual_info(&c);
    if mi == 0.0 {
        return 0.0;
    }
    let normaliser = (entropy(&c.classes, c.n) + entropy(&c.clusters, c.n)) / 2.0;
    mi / normaliser
}

/// Mutual information (natural log) from the table, term by term as scikit-learn computes it
/// (terms below machine epsilon are 0, the sum is at least 0).
fn mutual_info(c: &Contingency) -> f64 {
    if c.classes.len() == 1 || c.clusters.len() == 1 {
        return 0.0;
    }
    let n = c.n as f64;
    let log_n = n.ln();
    let sum: f64 = c
        .cells
        .iter()
        .map(|(&(i, j), &count)| {
            let count = count as f64;
            let p = count / n;
            let outer = (c.classes[i] as u128 * c.clusters[j] as u128) as f64;
            let log_outer = -outer.ln() + log_n + log_n;
            let term = p * (count.ln() - log_n) + p * log_outer;
            if term.abs() < f64::EPSILON {
                0.0
            } else {
                term
            }
        })
        .sum();
    sum.max(0.0)
}

/// Entropy (natural log) of a labelling given its group sizes.
fn entropy(sizes: &[u64], n: u64) -> f64 {
    if n == 0 {
        return 1.0;
    }
    if sizes.len() == 1 {
        return 0.0;
    }
    let n = n as f64;
    -sizes
        .iter()
        .map(|&s| {
            let s = s as f64;
            (s / n) * (s.ln() - n.ln())
        })
        .sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-9;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= TOL
    }

    /// `normalized_mutual_info_score`), computed in a venv and copied here.
    #[allow(clippy::type_complexity)]
    fn sklearn_cases() -> Vec<(Vec<u32>, Vec<u32>, f64, f64)> {
        vec![
            // The example of scikit-learn's docs.
            (
                vec![0, 0, 1, 1],
                vec![0, 0, 1, 2],
                0.5714285714285714,
                0.7999999999999999,
            ),
            // The same partition under other names.
            (vec![0, 0, 1, 1, 2], vec![5, 5, 3, 3, 9], 1.0, 1.0),
            // One cluster each: perfect by convention.
            (vec![7, 7, 7], vec![1, 1, 1], 1.0, 1.0),
            // One cluster against several, either way round.
            (vec![0, 0, 0, 0], vec![0, 1, 2, 3], 0.0, 0.0),
            (vec![0, 0, 1, 1], vec![0, 0, 0, 0], 0.0, 0.0),
            // All singletons on both sides.
            (vec![0, 1, 2, 3], vec![3, 2, 1, 0], 1.0, 1.0),
            // Worse than chance: ARI below 0.
            (vec![0, 0, 1, 1], vec![0, 1, 0, 1], -0.5, 0.0),
            // A single item.
            (vec![4], vec![2], 1.0, 1.0),
            // 40 items, 5 classes against 6 clusters at random (numpy RandomState(7)).
            (
                vec![
                    4, 1, 3, 3, 4, 1, 0, 1, 2, 2, 0, 4, 0, 4, 0, 3, 2, 3, 4, 4, 0, 0, 0, 3, 0, 2,
                    0, 1, 4, 1, 3, 3, 0, 3, 0, 1, 0, 0, 4, 4,
                ],
                vec![
                    4, 2, 1, 3, 0, 5, 4, 0, 5, 4, 3, 1, 3, 3, 3, 1, 3, 3, 4, 3, 1, 3, 1, 5, 1, 5,
                    1, 2, 3, 2, 2, 5, 3, 3, 2, 0, 4, 5, 3, 1,
                ],
                0.03976812316898336,
                0.2608546708904706,
            ),
            // 60 items, 4 classes; 70 % predicted right, the rest among 7 clusters
            // (RandomState(11)).
            (
                vec![
                    1, 3, 0, 3, 1, 3, 1, 0, 1, 3, 2, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 2, 0, 1, 2, 1,
                    1, 3, 0, 1, 3, 0, 0, 1, 3, 2, 3, 2, 2, 0, 1, 3, 0, 3, 3, 2, 1, 3, 2, 1, 3, 0,
                    1, 2, 3, 3, 3, 0, 0, 0,
                ],
                vec![
                    1, 2, 4, 3, 1, 5, 4, 0, 1, 3, 2, 0, 1, 0, 0, 1, 0, 1, 3, 1, 0, 2, 0, 1, 3, 1,
                    1, 1, 0, 2, 4, 5, 0, 1, 6, 3, 3, 2, 2, 3, 1, 1, 4, 3, 3, 2, 1, 3, 2, 0, 3, 0,
                    0, 2, 3, 3, 6, 1, 6, 6,
                ],
                0.3606562003217037,
                0.4382848537741963,
            ),
        ]
    }

    #[test]
    fn ari_and_nmi_match_scikit_learn() {
        for (truth, pred, ari, nmi) in sklearn_cases() {
            let got_ari = adjusted_rand_index(&truth, &pred);
            let got_nmi = normalized_mutual_info(&truth, &pred);
            assert!(
                close(got_ari, ari),
                "ARI {truth:?} {pred:?}: {got_ari} vs {ari}"
            );
            assert!(
                close(got_nmi, nmi),
                "NMI {truth:?} {pred:?}: {got_nmi} vs {nmi}"
            );
            // Both are symmetric.
            assert!(close(adjusted_rand_index(&pred, &truth), ari));
            assert!(close(normalized_mutual_info(&pred, &truth), nmi));
        }
    }

    #[test]
    fn no_items_agree_perfectly() {
        let none: [u8; 0] = [];
        assert_eq!(adjusted_rand_index(&none, &none), 1.0);
        assert_eq!(normalized_mutual_info(&none, &none), 1.0);
    }
}
