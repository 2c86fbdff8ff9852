//! One concept, one cluster. k-means with enough clusters to separate small themes also splits
//! big ones ("köyhyys", "köyhiä ihmisiä", "köyhää" as three clusters). Clusters whose centres
//! point the same way are merged, most similar pair first, until no pair is as close as the
//! threshold: average-linkage agglomeration on the k-means centres.

use ndarray::{Array1, Array2};

use super::lsa::normalize;

/// The unit-length centres of the clusters after merging, largest first (by sample members),
/// and how many k-means clusters each was merged from. `memberships[p]` is the k-means cluster
/// of sample point `p` (of `k`); empty clusters are dropped.
pub fn merge_centres(
    points: &Array2<f64>,
    memberships: &ndarray::Array1<usize>,
    k: usize,
    threshold: f64,
) -> (Array2<f64>, Vec<usize>) {
    let d = points.ncols();
    // Each cluster's sum of points (its centre up to scale), size and first member.
    let mut groups: Vec<(Array1<f64>, usize, usize, usize)> = (0..k)
        .map(|_| (Array1::zeros(d), 0, usize::MAX, 1))
        .collect();
    for (p, &c) in memberships.iter().enumerate() {
        groups[c].0 += &points.row(p);
        groups[c].1 += 1;
        groups[c].2 = groups[c].2.min(p);
    }
    groups.retain(|g| g.1 > 0);
    let unit = |v: &Array1<f64>| {
        let mut u = v.clone();
        normalize(u.view_mut());
        u
    };
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for a in 0..groups.len() {
            for b in a + 1..groups.len() {
                let cos = unit(&groups[a].0).dot(&unit(&groups[b].0));
                if cos >= threshold && best.is_none_or(|(s, _, _)| cos > s + 1e-12) {
                    best = Some((cos, a, b));
                }
            }
        }
        let Some((_, a, b)) = best else { break };
        let (sum, size, first, from) = groups.remove(b);
        groups[a].0 += &sum;
        groups[a].1 += size;
        groups[a].2 = groups[a].2.min(first);
        groups[a].3 += from;
    }
    groups.sort_by(|x, y| y.1.cmp(&x.1).then(x.2.cmp(&y.2)));
    let mut centres = Array2::zeros((groups.len(), d));
    for (i, g) in groups.iter().enumerate() {
        centres.row_mut(i).assign(&unit(&g.0));
    }
    (centres, groups.iter().map(|g| g.3).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_centres_merge_and_far_ones_stay() {
        let points = ndarray::array![[1.0, 0.0], [0.95, 0.31], [0.0, 1.0], [0.1, 0.99]];
        let memberships = ndarray::array![0, 1, 2, 2];
        let (centres, from) = merge_centres(&points, &memberships, 4, 0.9);
        assert_eq!(centres.nrows(), 2, "cluster 3 is empty, 0 and 1 merge");
        assert_eq!(
            from,
            [2, 1],
            "largest first (2 points each; the first member breaks ties)"
        );
        let (centres, _) = merge_centres(&points, &memberships, 4, 0.999);
        assert_eq!(centres.nrows(), 3);
    }
}
