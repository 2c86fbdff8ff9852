//! Which themes are in the answers? Clustering turns the analyzer's terms into themes:
//!
//! 1. sparse TF-IDF over the terms ([`tfidf`]),
//! 2. LSA by randomized truncated SVD to ~100 dimensions, unit-length rows ([`lsa`]),
//! 3. linfa k-means, started from one centroid per named theme (its seed words projected into
//!    LSA space) plus k-means++ picks for the free clusters, seeded, so the same input gives
//!    the same themes,
//! 4. each cluster whose centroid is close enough to a named theme's seed vector carries that
//!    theme's key; the others are labelled by their distinctive terms.
//!
//! Answers without a single content term are `NoContent`; answers whose terms are all too rare
//! to be features are `Other`.

pub mod lsa;
pub mod tfidf;

use std::collections::HashSet;

use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{Array1, Array2, Axis};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

use crate::error::{Error, Result};
use lsa::{Lsa, LsaParams};
use tfidf::{Tfidf, TfidfParams};

/// Clustering settings. Defaults are documented on each field.
#[derive(Debug, Clone)]
pub struct ClusterParams {
    /// Total number of clusters; `None` chooses it by silhouette on a sample.
    pub k: Option<usize>,
    /// Seed of every random choice (default 42).
    pub seed: u64,
    /// LSA dimensions (default 100).
    pub dims: usize,
    /// TF-IDF pruning (default min_df 2, max_df 0.9).
    pub tfidf: TfidfParams,
    /// Cosine between a cluster centroid and a theme's seed vector needed to name the cluster
    /// after the theme (default 0.3).
    pub match_threshold: f64,
    /// k-means iteration cap (default 100).
    pub max_iterations: u64,
    /// Answers used for the silhouette when choosing k (default 2000).
    pub silhouette_sample: usize,
    /// Copies of a theme's anchor feature added to an answer that uses its seed words
    /// (default 2; 0 turns guidance by anchors off).
    pub anchor_weight: usize,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            k: None,
            seed: 42,
            dims: 100,
            tfidf: TfidfParams::default(),
            match_threshold: 0.3,
            max_iterations: 100,
            silhouette_sample: 2000,
            anchor_weight: 2,
        }
    }
}

/// A named theme as clustering sees it: its key and its seed terms (already analysed).
#[derive(Debug, Clone)]
pub struct ThemeSeed {
    pub key: String,
    pub terms: Vec<String>,
}

/// Where one answer went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    /// No content words at all ("Ei", "-", "?").
    NoContent,
    /// Content words, but none common enough to place the answer.
    Other,
    /// Member of the cluster with this id.
    Cluster(usize),
}

/// One cluster of answers.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// 0-based; clusters are numbered by size, largest first.
    pub id: usize,
    /// Key of the named theme this cluster matches, if any.
    pub theme: Option<String>,
    /// Cosine between the centroid and the best theme's seed vector.
    pub theme_similarity: f64,
    /// Answer indexes, in input order.
    pub members: Vec<usize>,
    /// Distinctive terms, most distinctive first.
    pub top_terms: Vec<String>,
    /// Answer indexes of representative quotes, best first.
    pub representatives: Vec<usize>,
}

/// The result of clustering.
#[derive(Debug, Clone)]
pub struct Clustering {
    pub assignments: Vec<Assignment>,
    pub clusters: Vec<Cluster>,
    /// The k that k-means ran with.
    pub k: usize,
    /// Whether k was chosen automatically.
    pub k_auto: bool,
    /// Mean silhouette of the chosen clustering on the sample, when k was chosen automatically.
    pub silhouette: Option<f64>,
    /// TF-IDF features kept.
    pub vocabulary: usize,
    /// LSA dimensions used.
    pub dims: usize,
}

/// Clusters answers given their terms (from the one analyzer) and the named themes.
pub fn cluster(
    terms: &[Vec<String>],
    themes: &[ThemeSeed],
    params: &ClusterParams,
) -> Result<Clustering> {
    let mut assignments: Vec<Assignment> = terms
        .iter()
        .map(|t| {
            if t.is_empty() {
                Assignment::NoContent
            } else {
                Assignment::Other
            }
        })
        .collect();
    let docs: Vec<usize> = (0..terms.len()).filter(|&i| !terms[i].is_empty()).collect();
    // How many seed words of each named theme every answer uses, counted once for the anchors
    // and the starting centroids.
    let seed_sets: Vec<HashSet<&str>> = themes
        .iter()
        .map(|t| t.terms.iter().map(String::as_str).collect())
        .collect();
    let hits: Vec<Vec<usize>> = docs
        .iter()
        .map(|&i| {
            seed_sets
                .iter()
                .map(|set| terms[i].iter().filter(|t| set.contains(t.as_str())).count())
                .collect()
        })
        .collect();
    let anchors: Vec<String> = themes
        .iter()
        .map(|t| format!("{ANCHOR_PREFIX}{}", t.key))
        .collect();
    let anchored: Vec<Vec<String>> = docs
        .iter()
        .zip(&hits)
        .map(|(&i, h)| with_anchors(&terms[i], h, &anchors, params.anchor_weight))
        .collect();
    let tfidf = Tfidf::fit(&anchored, params.tfidf);
    // Only answers with at least one feature are clustered.
    let placed: Vec<usize> = (0..docs.len())
        .filter(|&d| !tfidf.matrix.row(d).0.is_empty())
        .collect();
    if placed.len() < 3 || tfidf.vocabulary.len() < 2 {
        // Too little text to cluster: every answer with content is `Other`.
        return Ok(Clustering {
            assignments,
            clusters: Vec::new(),
            k: 0,
            k_auto: params.k.is_none(),
            silhouette: None,
            vocabulary: tfidf.vocabulary.len(),
            dims: 0,
        });
    }
    let lsa = Lsa::fit(
        &tfidf.matrix,
        LsaParams {
            dims: params.dims,
            oversample: 10,
            power_iterations: 4,
            seed: params.seed,
        },
    )?;
    let points = lsa.embeddings.select(Axis(0), &placed);
    let placed_hits: Vec<&Vec<usize>> = placed.iter().map(|&p| &hits[p]).collect();
    let seeds = theme_centroids(themes, &placed_hits, &points, &tfidf, &lsa);

    let n = points.nrows();
    let (k, silhouette, memberships) = match params.k {
        Some(k) => {
            let k = k.clamp(1, n);
            (k, None, run_kmeans(&points, &seeds, k, params)?)
        }
        None => choose_k(&points, &seeds, params)?,
    };

    // Group members, drop empty clusters, number clusters by size (largest first).
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (p, &c) in memberships.iter().enumerate() {
        groups[c].push(p);
    }
    groups.retain(|g| !g.is_empty());
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));

    let mut clusters = Vec::new();
    for (id, group) in groups.iter().enumerate() {
        let mut centroid = points
            .select(Axis(0), group)
            .mean_axis(Axis(0))
            .expect("non-empty");
        let norm = centroid.dot(&centroid).sqrt();
        if norm > 1e-12 {
            centroid /= norm;
        }
        let (theme, theme_similarity) = seeds
            .iter()
            .map(|(key, v)| (key, centroid.dot(v)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(key, sim)| ((sim >= params.match_threshold).then(|| key.clone()), sim))
            .unwrap_or((None, 0.0));
        let members: Vec<usize> = group.iter().map(|&p| docs[placed[p]]).collect();
        for &m in &members {
            assignments[m] = Assignment::Cluster(id);
        }
        let representatives = representatives(&points, group, &centroid, terms, &members, 3);
        clusters.push(Cluster {
            id,
            theme,
            theme_similarity,
            top_terms: Vec::new(),
            members,
            representatives,
        });
    }
    distinctive_terms(&tfidf, &groups, &placed, &mut clusters, 8);
    Ok(Clustering {
        assignments,
        clusters,
        k,
        k_auto: params.k.is_none(),
        silhouette,
        vocabulary: tfidf.vocabulary.len(),
        dims: lsa.components.ncols(),
    })
}

/// The prefix of anchor features: one per named theme, added to an answer that uses the
/// theme's seed words. Not a word: no analyzer term starts with a control character.
pub const ANCHOR_PREFIX: &str = "\u{1}theme:";

/// `doc`'s terms plus `weight` copies of the anchor feature of each theme whose seed words it
/// uses (`hits[t] > 0`). Anchors give answers that name a theme in different words ("arvostus",
/// "johto ei ymmärrä") one shared feature, so that LSA keeps the theme as a direction of its own.
fn with_anchors(doc: &[String], hits: &[usize], anchors: &[String], weight: usize) -> Vec<String> {
    let mut out = doc.to_vec();
    for (anchor, &h) in anchors.iter().zip(hits) {
        if h > 0 {
            out.extend(std::iter::repeat_n(anchor.clone(), weight));
        }
    }
    out
}

/// The reference vector of each named theme, in LSA space: the mean of the answers that use
/// the theme's seed words and no other theme's more (Seeded k-means, Basu et al. 2002), or, when
/// no answer does, the seed words themselves projected into LSA space. Themes with neither are
/// left out.
/// `hits[p][t]` is how many seed words of theme `t` point `p` uses.
fn theme_centroids(
    themes: &[ThemeSeed],
    hits: &[&Vec<usize>],
    points: &Array2<f64>,
    tfidf: &Tfidf,
    lsa: &Lsa,
) -> Vec<(String, Array1<f64>)> {
    let mut sums: Vec<Array1<f64>> = vec![Array1::zeros(points.ncols()); themes.len()];
    let mut counts = vec![0usize; themes.len()];
    for (p, hits) in hits.iter().enumerate() {
        let best = hits.iter().copied().max().unwrap_or(0);
        if best == 0 || hits.iter().filter(|&&h| h == best).count() > 1 {
            continue;
        }
        let theme = hits.iter().position(|&h| h == best).expect("max exists");
        sums[theme] += &points.row(p);
        counts[theme] += 1;
    }
    themes
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut v = if counts[i] > 0 {
                sums[i].clone()
            } else {
                lsa.project(&tfidf.vector(&t.terms))
            };
            let norm = v.dot(&v).sqrt();
            if norm > 1e-12 {
                v /= norm;
            }
            (t.key.clone(), v)
        })
        .filter(|(_, v)| v.dot(v) > 0.5)
        .collect()
}

/// Starting centroids: the named themes' seed vectors first, then k-means++ picks from the data.
fn initial_centroids(
    points: &Array2<f64>,
    seeds: &[(String, Array1<f64>)],
    k: usize,
    seed: u64,
) -> Array2<f64> {
    let (n, d) = points.dim();
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let mut centroids = Array2::zeros((k, d));
    let mut chosen = 0;
    for (_, v) in seeds.iter().take(k) {
        centroids.row_mut(chosen).assign(v);
        chosen += 1;
    }
    let mut min_dist = vec![f64::INFINITY; n];
    let update = |min_dist: &mut Vec<f64>, c: ndarray::ArrayView1<f64>| {
        for (i, p) in points.axis_iter(Axis(0)).enumerate() {
            let diff = &p - &c;
            min_dist[i] = min_dist[i].min(diff.dot(&diff));
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

fn run_kmeans(
    points: &Array2<f64>,
    seeds: &[(String, Array1<f64>)],
    k: usize,
    params: &ClusterParams,
) -> Result<Array1<usize>> {
    let init = initial_centroids(points, seeds, k, params.seed);
    let rng = Xoshiro256Plus::seed_from_u64(params.seed);
    let dataset = DatasetBase::from(points.clone());
    let model = KMeans::params_with_rng(k, rng)
        .init_method(KMeansInit::Precomputed(init))
        .n_runs(1)
        .max_n_iterations(params.max_iterations)
        .tolerance(1e-4)
        .fit(&dataset)
        .map_err(|e| Error::Cluster(format!("k-means with k={k}: {e}")))?;
    Ok(model.predict(points))
}

/// Chooses k by the mean silhouette on a sample, over a range that suits survey data; returns
/// k, its silhouette and the memberships of that k-means run.
fn choose_k(
    points: &Array2<f64>,
    seeds: &[(String, Array1<f64>)],
    params: &ClusterParams,
) -> Result<(usize, Option<f64>, Array1<usize>)> {
    let n = points.nrows();
    let low = (seeds.len() + 2).min(n);
    let high = (seeds.len() + 12).min(n / 10).max(low);
    let sample = sample_indexes(n, params.silhouette_sample, params.seed);
    let sample_points = points.select(Axis(0), &sample);
    let mut best: Option<(usize, f64, Array1<usize>)> = None;
    let mut last_error = None;
    for k in low..=high {
        let memberships = match run_kmeans(points, seeds, k, params) {
            Ok(m) => m,
            Err(e) => {
                last_error = Some(e);
                continue;
            }
        };
        let labels: Vec<usize> = sample.iter().map(|&i| memberships[i]).collect();
        let score = silhouette(&sample_points, &labels);
        if best.as_ref().is_none_or(|b| score > b.1 + 1e-9) {
            best = Some((k, score, memberships));
        }
    }
    match best {
        Some((k, score, memberships)) => Ok((k, Some(score), memberships)),
        None => Err(last_error.unwrap_or_else(|| Error::Cluster("no k to try".to_string()))),
    }
}

/// Up to `size` distinct indexes of `0..n`, sorted, chosen with a seeded RNG.
fn sample_indexes(n: usize, size: usize, seed: u64) -> Vec<usize> {
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

/// Mean silhouette with Euclidean distance; O(s²) in the sample size, so keep it sampled.
pub fn silhouette(points: &Array2<f64>, labels: &[usize]) -> f64 {
    let n = points.nrows();
    let k = labels.iter().max().map_or(0, |m| m + 1);
    if n < 2 || k < 2 {
        return 0.0;
    }
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let gram = points.dot(&points.t());
    let mut total = 0.0;
    for i in 0..n {
        let mut sums = vec![0.0; k];
        for j in 0..n {
            if i != j {
                let d2 = (gram[[i, i]] + gram[[j, j]] - 2.0 * gram[[i, j]]).max(0.0);
                sums[labels[j]] += d2.sqrt();
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

/// Answers closest to the centroid, skipping repeats of the same text and preferring answers
/// with at least three content words.
fn representatives(
    points: &Array2<f64>,
    group: &[usize],
    centroid: &Array1<f64>,
    terms: &[Vec<String>],
    members: &[usize],
    count: usize,
) -> Vec<usize> {
    let mut ranked: Vec<(f64, usize)> = group
        .iter()
        .zip(members)
        .map(|(&p, &m)| (points.row(p).dot(centroid), m))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = Vec::new();
    let mut seen: Vec<&Vec<String>> = Vec::new();
    for pass in 0..2 {
        for &(_, m) in &ranked {
            if chosen.len() == count {
                return chosen;
            }
            let long_enough = terms[m].len() >= 3;
            if (pass == 0 && !long_enough) || chosen.contains(&m) || seen.contains(&&terms[m]) {
                continue;
            }
            seen.push(&terms[m]);
            chosen.push(m);
        }
    }
    chosen
}

/// Fills `top_terms` of each cluster: terms whose mean TF-IDF weight in the cluster most exceeds
/// their mean weight in the other clusters (a c-TF-IDF style contrast).
fn distinctive_terms(
    tfidf: &Tfidf,
    groups: &[Vec<usize>],
    placed: &[usize],
    clusters: &mut [Cluster],
    count: usize,
) {
    let m = tfidf.vocabulary.len();
    let mut sums = vec![vec![0.0; m]; groups.len()];
    let mut total = vec![0.0; m];
    for (c, group) in groups.iter().enumerate() {
        for &p in group {
            let (cols, vals) = tfidf.matrix.row(placed[p]);
            for (&col, &v) in cols.iter().zip(vals) {
                sums[c][col] += v;
                total[col] += v;
            }
        }
    }
    let n_all: usize = groups.iter().map(Vec::len).sum();
    for (c, group) in groups.iter().enumerate() {
        let inside = group.len() as f64;
        let outside = (n_all - group.len()).max(1) as f64;
        let mut scored: Vec<(f64, usize)> = (0..m)
            .filter(|&t| sums[c][t] > 0.0 && !tfidf.vocabulary[t].starts_with(ANCHOR_PREFIX))
            .map(|t| (sums[c][t] / inside - (total[t] - sums[c][t]) / outside, t))
            .filter(|&(s, _)| s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        clusters[c].top_terms = scored
            .into_iter()
            .take(count)
            .map(|(_, t)| tfidf.vocabulary[t].clone())
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lines: &[&str]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect()
    }

    fn corpus() -> Vec<Vec<String>> {
        let mut lines = Vec::new();
        for i in 0..15 {
            lines.push(if i % 2 == 0 {
                "aika kiire resurssi"
            } else {
                "kiire aika tekijä"
            });
            lines.push(if i % 2 == 0 {
                "mittari analytiikka seuranta"
            } else {
                "analytiikka kpi mittari"
            });
            lines.push(if i % 2 == 0 {
                "troll moderointi kommentti"
            } else {
                "moderointi häirikkö troll"
            });
        }
        lines.push("");
        lines.push("ainutkertainen");
        terms(&lines)
    }

    #[test]
    fn seeded_themes_name_their_clusters() {
        let themes = vec![
            ThemeSeed {
                key: "time".into(),
                terms: vec!["aika".into(), "kiire".into()],
            },
            ThemeSeed {
                key: "measure".into(),
                terms: vec!["mittari".into()],
            },
        ];
        let params = ClusterParams {
            k: Some(3),
            dims: 5,
            ..ClusterParams::default()
        };
        let docs = corpus();
        let result = cluster(&docs, &themes, &params).unwrap();
        assert_eq!(result.assignments[45], Assignment::NoContent);
        assert_eq!(result.assignments[46], Assignment::Other);
        let theme_of = |i: usize| match result.assignments[i] {
            Assignment::Cluster(c) => result.clusters[c].theme.clone(),
            _ => panic!("answer {i} not clustered"),
        };
        assert_eq!(theme_of(0).as_deref(), Some("time"));
        assert_eq!(theme_of(1).as_deref(), Some("measure"));
        assert_eq!(theme_of(2), None);
        let free = result.clusters.iter().find(|c| c.theme.is_none()).unwrap();
        assert!(free.top_terms.contains(&"moderointi".to_string()));
        assert_eq!(free.representatives.len(), 2, "two distinct texts only");
        let again = cluster(&docs, &themes, &params).unwrap();
        assert_eq!(again.assignments, result.assignments);
    }

    #[test]
    fn silhouette_prefers_true_clusters() {
        let points = ndarray::array![[0.0, 1.0], [0.0, 0.9], [1.0, 0.0], [0.9, 0.0]];
        assert!(silhouette(&points, &[0, 0, 1, 1]) > 0.8);
        assert!(silhouette(&points, &[0, 1, 0, 1]) < 0.0);
    }
}
