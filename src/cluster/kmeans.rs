//! k-means as teema runs it: linfa's k-means, started from the named themes' vectors plus
//! k-means++ picks for the free clusters, restarted `n_runs` times with different picks (the run
//! with the lowest inertia wins), iterations capped. k is given, or chosen by the mean silhouette
//! on a sample.

use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{Array1, Array2, ArrayView1, Axis};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

use crate::error::{Error, Result};

/// Settings of one k-means fit.
#[derive(Debug, Clone, Copy)]
pub struct KMeansParams {
    pub seed: u64,
    /// Restarts with different k-means++ picks; the lowest inertia wins.
    pub n_runs: usize,
    pub max_iterations: u64,
    /// A run stops when the centroids move less than this (Euclidean norm over all of them).
    pub tolerance: f64,
    /// k-means is fitted on at most this many points (a seeded sample); the others then go
    /// to their nearest centroid, as mini-batch k-means predicts.
    pub fit_sample: usize,
    /// Each k tried when choosing k is fitted once on at most this many points.
    pub screen_sample: usize,
}

/// A fitted k-means: each point's cluster, the fit's inertia and its centroids.
#[derive(Debug, Clone)]
pub struct KMeansFit {
    pub memberships: Array1<usize>,
    pub inertia: f64,
    pub centroids: Array2<f64>,
}

/// Starting centroids: `fixed` rows first (the named themes), then k-means++ picks from the data.
pub fn initial_centroids(
    points: &Array2<f64>,
    fixed: &[Array1<f64>],
    k: usize,
    seed: u64,
) -> Array2<f64> {
    let (n, d) = points.dim();
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let mut centroids = Array2::zeros((k, d));
    let mut chosen = 0;
    for v in fixed.iter().take(k) {
        centroids.row_mut(chosen).assign(v);
        chosen += 1;
    }
    let mut min_dist = vec![f64::INFINITY; n];
    // ‖p − c‖² = ‖p‖² + ‖c‖² − 2·p·c, the dot products as one matrix-vector product.
    let norms: Vec<f64> = points.rows().into_iter().map(|p| p.dot(&p)).collect();
    let update = |min_dist: &mut Vec<f64>, c: ArrayView1<f64>| {
        let cc = c.dot(&c);
        for ((d, &pp), pc) in min_dist.iter_mut().zip(&norms).zip(points.dot(&c)) {
            *d = d.min((pp + cc - 2.0 * pc).max(0.0));
        }
    };
    for c in 0..chosen {
        update(&mut min_dist, centroids.row(c));
    }
    if chosen == 0 {
        let first = rng.gen_range(0..n);
        centroids.row_mut(0).assign(&points.row(first));
        update(&mut min_dist, points.row(first));
        chosen = 1;
    }
    while chosen < k {
        let total: f64 = min_dist.iter().sum();
        let pick = if total <= 0.0 {
            rng.gen_range(0..n)
        } else {
            let mut target = rng.gen_range(0.0..total);
            let mut pick = n - 1;
            for (i, &dist) in min_dist.iter().enumerate() {
                if target < dist {
                    pick = i;
                    break;
                }
                target -= dist;
            }
            pick
        };
        centroids.row_mut(chosen).assign(&points.row(pick));
        update(&mut min_dist, points.row(pick));
        chosen += 1;
    }
    centroids
}

/// Fits k-means with `k` clusters. Up to `screen_sample` points: the best of `n_runs` starts
/// on all of them. Beyond: the restarts run on a `screen_sample` sample, the best centroids
/// are refined by one run on at most `fit_sample` points, and every point goes to its nearest
/// centroid.
pub fn fit(
    points: &Array2<f64>,
    fixed: &[Array1<f64>],
    k: usize,
    params: &KMeansParams,
) -> Result<KMeansFit> {
    let n = points.nrows();
    if n <= params.screen_sample {
        return fit_all(points, fixed, k, params);
    }
    let screen = points.select(
        Axis(0),
        &sample_indexes(n, params.screen_sample, params.seed),
    );
    let start = fit_all(&screen, fixed, k, params)?.centroids;
    let refine = |on: &Array2<f64>| -> Result<KMeansFit> {
        let dataset = DatasetBase::from(on.clone());
        let refined = linfa_run(&dataset, start.clone(), params.seed, params, |_| true)?;
        Ok(refined.expect("always wanted"))
    };
    if n <= params.fit_sample {
        return refine(points);
    }
    let sample = points.select(Axis(0), &sample_indexes(n, params.fit_sample, params.seed));
    Ok(assign(points, refine(&sample)?.centroids))
}

/// One run of linfa's k-means on `dataset` from the centroids `init`. The fit (its
/// memberships predicted) is returned only if `wanted(inertia)`: a restart that lost costs no
/// prediction.
fn linfa_run(
    dataset: &DatasetBase<Array2<f64>, Array1<()>>,
    init: Array2<f64>,
    seed: u64,
    params: &KMeansParams,
    wanted: impl Fn(f64) -> bool,
) -> Result<Option<KMeansFit>> {
    let k = init.nrows();
    let model = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(seed))
        .init_method(KMeansInit::Precomputed(init))
        .n_runs(1)
        .max_n_iterations(params.max_iterations)
        .tolerance(params.tolerance)
        .fit(dataset)
        .map_err(|e| Error::Cluster(format!("k-means with k={k}: {e}")))?;
    let inertia = model.inertia();
    Ok(wanted(inertia).then(|| KMeansFit {
        memberships: model.predict(dataset.records()),
        inertia,
        centroids: model.centroids().clone(),
    }))
}

/// linfa's k-means on every point, restarted `n_runs` times.
fn fit_all(
    points: &Array2<f64>,
    fixed: &[Array1<f64>],
    k: usize,
    params: &KMeansParams,
) -> Result<KMeansFit> {
    let dataset = DatasetBase::from(points.clone());
    let mut best: Option<KMeansFit> = None;
    for run in 0..params.n_runs.max(1) as u64 {
        let run_seed = params
            .seed
            .wrapping_add(run.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let init = initial_centroids(points, fixed, k, run_seed);
        let better = |inertia: f64| best.as_ref().is_none_or(|b| inertia < b.inertia - 1e-12);
        if let Some(fit) = linfa_run(&dataset, init, run_seed, params, better)? {
            best = Some(fit);
        }
    }
    Ok(best.expect("at least one run"))
}

/// Each point's nearest centroid, by blocks of rows: ‖x − c‖² = ‖x‖² − 2·x·c + ‖c‖², the dot
/// products as one matrix product per block. The inertia is the mean squared distance.
pub fn assign(points: &Array2<f64>, centroids: Array2<f64>) -> KMeansFit {
    const BLOCK: usize = 16_384;
    let n = points.nrows();
    let c_norms: Vec<f64> = centroids.rows().into_iter().map(|c| c.dot(&c)).collect();
    let mut memberships = Array1::zeros(n);
    let mut total = 0.0;
    for start in (0..n).step_by(BLOCK) {
        let block = points.slice(ndarray::s![start..(start + BLOCK).min(n), ..]);
        let dots = block.dot(&centroids.t());
        for (r, (row, x)) in dots.rows().into_iter().zip(block.rows()).enumerate() {
            let (best, d2) = row
                .iter()
                .zip(&c_norms)
                .map(|(&xc, &cc)| cc - 2.0 * xc)
                .enumerate()
                .fold(
                    (0, f64::INFINITY),
                    |b, (c, d)| if d < b.1 { (c, d) } else { b },
                );
            memberships[start + r] = best;
            total += (d2 + x.dot(&x)).max(0.0);
        }
    }
    KMeansFit {
        memberships,
        inertia: total / n.max(1) as f64,
        centroids,
    }
}

/// The range of k tried when k is chosen automatically: at least the named themes plus two
/// free clusters, at most the named themes plus √(n/2) free clusters (4 to 20), and never more
/// than a fifth of the answers. 50 answers try up to 7 free clusters' worth; 100k answers up to
/// 20.
pub fn k_range(n: usize, named: usize) -> (usize, usize) {
    let extra = ((n as f64 / 2.0).sqrt().round() as usize).clamp(4, 20);
    let low = (named + 2).min(n).max(1);
    let high = (named + extra).min(n / 5).max(low);
    (low, high)
}

/// Chooses k by the mean silhouette on a seeded sample; returns k, its silhouette and its fit.
/// Each k in the range is tried with one k-means run on at most `screen_sample` points, the
/// silhouette taken on `sample_size` of those; the chosen k is then fitted with all restarts
/// ([`fit`]). Trying a k costs the same at 10k and at 1M answers.
pub fn choose_k(
    points: &Array2<f64>,
    fixed: &[Array1<f64>],
    params: &KMeansParams,
    sample_size: usize,
) -> Result<(usize, f64, KMeansFit)> {
    let n = points.nrows();
    let (low, high) = k_range(n, fixed.len());
    let screen = sample_indexes(n, params.screen_sample, params.seed);
    let screen_points = points.select(Axis(0), &screen);
    let sample = sample_indexes(screen.len(), sample_size, params.seed);
    let distances = pairwise_distances(&screen_points.select(Axis(0), &sample));
    let one_run = KMeansParams {
        n_runs: 1,
        ..*params
    };
    // The values of k are tried side by side, one per core; the best is taken in k's order.
    let ks: Vec<usize> = (low..=high).collect();
    let scores = crate::parallel::map_tasks(&ks, |&k| {
        let fitted = fit_all(&screen_points, fixed, k, &one_run)?;
        let labels: Vec<usize> = sample.iter().map(|&i| fitted.memberships[i]).collect();
        Ok(silhouette_of(&distances, &labels))
    });
    let mut best: Option<(usize, f64)> = None;
    let mut last_error = None;
    for (k, score) in ks.into_iter().zip(scores) {
        match score {
            Ok(score) if best.is_none_or(|b| score > b.1 + 1e-9) => best = Some((k, score)),
            Ok(_) => {}
            Err(e) => last_error = Some(e),
        }
    }
    let (k, score) = best
        .ok_or_else(|| last_error.unwrap_or_else(|| Error::Cluster("no k to try".to_string())))?;
    Ok((k, score, fit(points, fixed, k, params)?))
}

/// Up to `size` distinct indexes of `0..n`, sorted, chosen with a seeded RNG.
pub fn sample_indexes(n: usize, size: usize, seed: u64) -> Vec<usize> {
    if n <= size {
        return (0..n).collect();
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed ^ 0x5eed);
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..size {
        let j = rng.gen_range(i..n);
        idx.swap(i, j);
    }
    let mut idx = idx[..size].to_vec();
    idx.sort_unstable();
    idx
}

/// Euclidean distances between all pairs of rows: O(s²) memory, so only for samples. The
/// distances are made in place of the Gram matrix: one s × s matrix, not two.
pub fn pairwise_distances(points: &Array2<f64>) -> Array2<f64> {
    let mut distances = points.dot(&points.t());
    let norms: Vec<f64> = distances.diag().to_vec();
    for ((i, j), d) in distances.indexed_iter_mut() {
        *d = (norms[i] + norms[j] - 2.0 * *d).max(0.0).sqrt();
    }
    distances
}

/// Mean silhouette with Euclidean distance; O(s²) in the sample size, so keep it sampled.
pub fn silhouette(points: &Array2<f64>, labels: &[usize]) -> f64 {
    silhouette_of(&pairwise_distances(points), labels)
}

/// Mean silhouette from the points' pairwise distances.
pub fn silhouette_of(distances: &Array2<f64>, labels: &[usize]) -> f64 {
    let n = distances.nrows();
    let k = labels.iter().max().map_or(0, |m| m + 1);
    if n < 2 || k < 2 {
        return 0.0;
    }
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let mut total = 0.0;
    let mut sums = vec![0.0; k];
    for (i, row) in distances.rows().into_iter().enumerate() {
        sums.iter_mut().for_each(|s| *s = 0.0);
        for (j, &d) in row.iter().enumerate() {
            if i != j {
                sums[labels[j]] += d;
            }
        }
        let own = labels[i];
        if sizes[own] <= 1 {
            continue;
        }
        let a = sums[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| sums[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() {
            total += (b - a) / a.max(b).max(1e-12);
        }
    }
    total / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silhouette_prefers_true_clusters() {
        let points = ndarray::array![[0.0, 1.0], [0.0, 0.9], [1.0, 0.0], [0.9, 0.0]];
        assert!(silhouette(&points, &[0, 0, 1, 1]) > 0.8);
        assert!(silhouette(&points, &[0, 1, 0, 1]) < 0.0);
    }

    #[test]
    fn k_range_suits_survey_sizes() {
        assert_eq!(k_range(50, 3), (5, 8));
        assert_eq!(k_range(230, 3), (5, 14));
        assert_eq!(k_range(100_000, 3), (5, 23));
        assert_eq!(k_range(10, 0), (2, 2));
        let (low, high) = k_range(3, 3);
        assert!(low <= high && high <= 3);
    }

    #[test]
    fn restarts_keep_the_lowest_inertia_and_are_seeded() {
        let points = ndarray::array![
            [0.0, 1.0],
            [0.1, 1.0],
            [1.0, 0.0],
            [1.0, 0.1],
            [0.7, 0.7],
            [0.72, 0.7]
        ];
        let params = KMeansParams {
            seed: 7,
            n_runs: 5,
            max_iterations: 50,
            tolerance: 1e-6,
            fit_sample: 1000,
            screen_sample: 1000,
        };
        let a = fit(&points, &[], 3, &params).unwrap();
        let b = fit(&points, &[], 3, &params).unwrap();
        assert_eq!(a.memberships, b.memberships);
        assert_eq!(a.memberships[0], a.memberships[1]);
        assert_eq!(a.memberships[2], a.memberships[3]);
        assert_eq!(a.memberships[4], a.memberships[5]);
        let one = fit(
            &points,
            &[],
            3,
            &KMeansParams {
                n_runs: 1,
                ..params
            },
        )
        .unwrap();
        assert!(a.inertia <= one.inertia + 1e-12);
    }
}
