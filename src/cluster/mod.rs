//! Which themes are in the answers? Clustering turns the analyzer's terms into themes:
//!
//! 1. sparse TF-IDF over the terms ([`tfidf`]): sublinear tf, min/max document frequency, L2,
//! 2. LSA by randomized truncated SVD to ~100 dimensions, unit-length rows ([`lsa`]),
//! 3. linfa k-means ([`kmeans`]), started from one centroid per named theme (the mean of the
//!    answers that use its seed words, Basu et al.'s seeded k-means) plus k-means++ picks for the
//!    free clusters, restarted `n_runs` times, seeded, so the same input gives the same themes,
//! 4. each answer's named themes, strongest first: those whose seed words it uses and whose
//!    direction it points to, else its cluster's theme when the cluster's centre is close to a
//!    named theme; other answers belong to their (unnamed) cluster, or to `other` when they are
//!    far from its centre,
//! 5. each theme described ([`describe`]): distinctive terms by class-based TF-IDF and
//!    representative quotes by maximal marginal relevance.
//!
//! Answers without a single content term are `NoContent`; answers whose terms are all too rare
//! to be features, and that use no seed word, are `Other`.

pub mod describe;
pub mod kmeans;
pub mod lsa;
pub mod tfidf;

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use ndarray::{Array1, Array2};

pub use crate::analysis::Term;
use crate::error::Result;
use kmeans::{KMeansFit, KMeansParams};
use lsa::{normalize, Lsa, LsaParams};
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
    /// Cosine between a cluster centroid and a theme's vector needed to name the cluster after
    /// the theme (default 0.3).
    pub match_threshold: f64,
    /// k-means iteration cap (default 100).
    pub max_iterations: u64,
    /// k-means restarts with different k-means++ picks; the lowest inertia wins (default 4).
    pub n_runs: usize,
    /// Answers used for the silhouette when choosing k (default 2000).
    pub silhouette_sample: usize,
    /// LSA and k-means are fitted on at most this many answers (a seeded sample) and applied
    /// to all (default 20,000): past it, the cost of fitting stops growing with N.
    pub fit_sample: usize,
    /// Answers each k is tried on when k is chosen automatically (default 5,000).
    pub screen_sample: usize,
    /// Copies of a theme's anchor feature added to an answer that uses its seed words
    /// (default 2; 0 turns guidance by anchors off).
    pub anchor_weight: usize,
    /// Cosine between an answer and a theme's vector needed for the theme's seed words in the
    /// answer to count (default 0.1): "aika hyvin" uses the word `aika` but not the theme.
    pub evidence_similarity: f64,
    /// A further theme is kept when its score is at least this share of the first theme's
    /// (default 0.6).
    pub secondary_ratio: f64,
    /// Cosine between an answer without the theme's seed words and the theme's vector needed
    /// for the answer to take its named cluster's theme (default 0.3); the others join the
    /// closest unnamed cluster.
    pub cluster_similarity: f64,
    /// An answer of a named cluster that did not take its theme, and that no unnamed cluster is
    /// close to, keeps the theme if its cosine to the cluster's centre is at least this
    /// (default 0.4); else it goes to `other`.
    pub keep_similarity: f64,
    /// An answer of an unnamed cluster whose cosine to the cluster's centre is below this goes
    /// to `other` (default 0.15).
    pub other_similarity: f64,
    /// Unnamed clusters with fewer answers than this are no theme: their answers go to `other`
    /// (default 3).
    pub min_cluster_size: usize,
    /// Most representative quotes per theme (default 5; 3 for themes under 20 answers).
    pub quotes: usize,
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
            n_runs: 4,
            silhouette_sample: 2000,
            fit_sample: 20_000,
            screen_sample: 2_000,
            anchor_weight: 2,
            evidence_similarity: 0.1,
            secondary_ratio: 0.6,
            cluster_similarity: 0.3,
            keep_similarity: 0.4,
            other_similarity: 0.15,
            quotes: 5,
            min_cluster_size: 3,
        }
    }
}

/// A named theme as clustering sees it: its key and its seeds, each seed the terms of one seed
/// word or phrase (already analysed). A seed matches an answer that has all its terms.
#[derive(Debug, Clone)]
pub struct ThemeSeed {
    pub key: String,
    pub seeds: Vec<Vec<String>>,
}

/// Where one answer went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    /// No content words at all ("Ei", "-", "?").
    NoContent,
    /// Content words, but no cluster or named theme takes the answer.
    Other,
    /// Member of the k-means cluster with this id.
    Cluster(usize),
}

/// One k-means cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// 0-based; clusters are numbered by size, largest first.
    pub id: usize,
    /// Index of the named theme this cluster's centre is close to, if any.
    pub theme: Option<usize>,
    /// Cosine between the centroid and the closest theme's vector.
    pub theme_similarity: f64,
    /// Answer indexes, in input order.
    pub members: Vec<usize>,
}

/// A theme as it is reported: a named theme, or an unnamed cluster.
#[derive(Debug, Clone)]
pub struct Group {
    /// Index of the named theme; `None` for an unnamed cluster.
    pub theme: Option<usize>,
    /// The unnamed cluster's id.
    pub cluster: Option<usize>,
    /// Answers whose first theme this is, in input order.
    pub members: Vec<usize>,
    /// Answers that carry this theme at all (first or further).
    pub mentions: usize,
    /// Distinctive terms, most distinctive first.
    pub top_terms: Vec<String>,
    /// Answer indexes of representative quotes, best first.
    pub representatives: Vec<usize>,
}

/// The result of clustering.
#[derive(Debug, Clone)]
pub struct Clustering {
    pub assignments: Vec<Assignment>,
    /// Each answer's named themes (indexes into the themes given), strongest first.
    pub themes: Vec<Vec<usize>>,
    pub clusters: Vec<Cluster>,
    /// Named themes with answers, then unnamed clusters with answers, largest first.
    pub groups: Vec<Group>,
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

/// How many seeds of each theme an answer's terms match.
pub fn seed_matches(terms: &[Term], themes: &[ThemeSeed]) -> Vec<usize> {
    SeedIndex::new(themes).matches(terms)
}

/// The named themes' seeds by term, so that an answer is matched by looking up its own few
/// terms rather than testing every seed of every theme.
pub struct SeedIndex<'a> {
    /// Each term's (theme, seed) pairs.
    by_term: FxHashMap<&'a str, Vec<(usize, usize)>>,
    /// Each theme's seeds' numbers of terms.
    sizes: Vec<Vec<usize>>,
}

impl<'a> SeedIndex<'a> {
    pub fn new(themes: &'a [ThemeSeed]) -> Self {
        let mut by_term: FxHashMap<&str, Vec<(usize, usize)>> = FxHashMap::default();
        for (t, theme) in themes.iter().enumerate() {
            for (s, seed) in theme.seeds.iter().enumerate() {
                let mut words: Vec<&str> = seed.iter().map(String::as_str).collect();
                words.sort_unstable();
                words.dedup();
                for w in words {
                    by_term.entry(w).or_default().push((t, s));
                }
            }
        }
        let sizes = themes
            .iter()
            .map(|t| {
                t.seeds
                    .iter()
                    .map(|s| s.iter().collect::<HashSet<_>>().len())
                    .collect()
            })
            .collect();
        SeedIndex { by_term, sizes }
    }

    /// How many seeds of each theme `terms` match: a seed matches when all its terms occur.
    pub fn matches<S: AsRef<str>>(&self, terms: &[S]) -> Vec<usize> {
        let mut distinct: Vec<&str> = terms.iter().map(AsRef::as_ref).collect();
        distinct.sort_unstable();
        distinct.dedup();
        // (theme, seed) → how many of its terms were found.
        let mut found: Vec<((usize, usize), usize)> = Vec::new();
        for term in distinct {
            for &pair in self.by_term.get(term).into_iter().flatten() {
                match found.iter_mut().find(|(p, _)| *p == pair) {
                    Some((_, n)) => *n += 1,
                    None => found.push((pair, 1)),
                }
            }
        }
        let mut counts = vec![0; self.sizes.len()];
        for ((t, s), n) in found {
            if n == self.sizes[t][s] {
                counts[t] += 1;
            }
        }
        counts
    }
}

/// Clusters answers given their terms (from the one analyzer), how many seeds of each named
/// theme they match ([`SeedIndex::matches`] of [`crate::analysis::Analyzer::seed_terms`]) and
/// the named themes.
pub fn cluster(
    terms: &[Vec<Term>],
    seed_hits: &[Vec<usize>],
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
    let mut answer_themes: Vec<Vec<usize>> = vec![Vec::new(); terms.len()];
    let docs: Vec<usize> = (0..terms.len()).filter(|&i| !terms[i].is_empty()).collect();
    let hits: Vec<&[usize]> = docs.iter().map(|&i| seed_hits[i].as_slice()).collect();
    let anchors: Vec<String> = themes
        .iter()
        .map(|t| format!("{ANCHOR_PREFIX}{}", t.key))
        .collect();
    let tfidf = Tfidf::fit_with(
        docs.len(),
        |d| with_anchors(&terms[docs[d]], hits[d], &anchors, params.anchor_weight),
        params.tfidf,
    );
    // Only answers with at least one feature are clustered.
    let placed: Vec<usize> = (0..docs.len())
        .filter(|&d| !tfidf.matrix.row(d).0.is_empty())
        .collect();
    // Each answer's row among the placed points, if it has one.
    let mut point_of = vec![None; terms.len()];
    for (p, &d) in placed.iter().enumerate() {
        point_of[docs[d]] = Some(p);
    }
    let too_little = placed.len() < 3 || tfidf.vocabulary.len() < 2;
    // Answers that cannot be placed (all of them when there is too little text to cluster) keep
    // the themes whose seed words they use.
    for (d, &i) in docs.iter().enumerate() {
        if too_little || point_of[i].is_none() {
            answer_themes[i] = by_seed_count(hits[d]);
        }
    }
    if too_little {
        let mut result = Clustering {
            assignments,
            themes: answer_themes,
            clusters: Vec::new(),
            groups: Vec::new(),
            k: 0,
            k_auto: params.k.is_none(),
            silhouette: None,
            vocabulary: tfidf.vocabulary.len(),
            dims: 0,
        };
        result.groups = describe_groups(&result, themes.len(), terms, &tfidf, None, params);
        return Ok(result);
    }
    let mut lsa = Lsa::fit(
        &tfidf.matrix,
        LsaParams {
            dims: params.dims,
            oversample: 10,
            power_iterations: 4,
            seed: params.seed,
            fit_rows: params.fit_sample,
        },
    )?;
    // The placed answers' rows, moved up in place (`placed` is ascending): no second copy of
    // the largest matrix of the run.
    let mut points = std::mem::take(&mut lsa.embeddings);
    for (p, &d) in placed.iter().enumerate() {
        if p != d {
            let row = points.row(d).to_owned();
            points.row_mut(p).assign(&row);
        }
    }
    let dims = points.ncols();
    let (mut raw, _) = points.into_raw_vec_and_offset();
    raw.truncate(placed.len() * dims);
    let points = Array2::from_shape_vec((placed.len(), dims), raw).expect("rows of the same width");
    let placed_hits: Vec<&[usize]> = placed.iter().map(|&p| hits[p]).collect();
    let vectors = theme_vectors(themes, &placed_hits, &points, &tfidf, &lsa);
    let fixed: Vec<Array1<f64>> = vectors.iter().flatten().cloned().collect();

    let n = points.nrows();
    let kparams = KMeansParams {
        seed: params.seed,
        n_runs: params.n_runs,
        max_iterations: params.max_iterations,
        tolerance: 1e-3,
        fit_sample: params.fit_sample,
        screen_sample: params.screen_sample,
    };
    let (k, silhouette, fitted) = match params.k {
        Some(k) => {
            let k = k.clamp(1, n);
            (k, None, kmeans::fit(&points, &fixed, k, &kparams)?)
        }
        None => {
            let (k, s, f) = kmeans::choose_k(&points, &fixed, &kparams, params.silhouette_sample)?;
            (k, Some(s), f)
        }
    };
    let KMeansFit { memberships, .. } = fitted;

    // Group members, drop empty clusters, number clusters by size (largest first).
    let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (p, &c) in memberships.iter().enumerate() {
        members_of[c].push(p);
    }
    members_of.retain(|g| !g.is_empty());
    members_of.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let mut cluster_of = vec![0usize; n];
    let mut centres = Vec::with_capacity(members_of.len());
    let mut clusters = Vec::with_capacity(members_of.len());
    for (id, group) in members_of.iter().enumerate() {
        let centre = unit_mean(&points, group);
        let (theme, theme_similarity) = vectors
            .iter()
            .enumerate()
            .filter_map(|(t, v)| v.as_ref().map(|v| (t, centre.dot(v))))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(t, sim)| ((sim >= params.match_threshold).then_some(t), sim))
            .unwrap_or((None, 0.0));
        for &p in group {
            cluster_of[p] = id;
        }
        clusters.push(Cluster {
            id,
            theme,
            theme_similarity,
            // Filled below, once answers have moved.
            members: Vec::new(),
        });
        centres.push(centre);
    }

    for (p, &d) in placed.iter().enumerate() {
        let i = docs[d];
        let c = cluster_of[p];
        assignments[i] = Assignment::Cluster(c);
        answer_themes[i] =
            themes_of_point(points.row(p), hits[d], &vectors, clusters[c].theme, params);
        if answer_themes[i].is_empty() {
            // Not clearly a named theme's answer: its own unnamed cluster, or the closest
            // unnamed one if close enough, else its named cluster's theme if it lies close to
            // that cluster's centre, else `other`.
            let own = points.row(p).dot(&centres[c]);
            let best = if clusters[c].theme.is_none() {
                Some((c, own))
            } else {
                clusters
                    .iter()
                    .filter(|cl| cl.theme.is_none())
                    .map(|cl| (cl.id, points.row(p).dot(&centres[cl.id])))
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            };
            assignments[i] = match (best, clusters[c].theme) {
                (Some((c, sim)), _) if sim >= params.other_similarity => Assignment::Cluster(c),
                (_, Some(t)) if own >= params.keep_similarity => {
                    answer_themes[i] = vec![t];
                    Assignment::Cluster(c)
                }
                _ => Assignment::Other,
            };
        }
    }

    // Members after the moves above; unnamed clusters too small to be a theme go to `other`.
    let mut unnamed_size = vec![0usize; clusters.len()];
    for (i, a) in assignments.iter().enumerate() {
        if let Assignment::Cluster(c) = a {
            if answer_themes[i].is_empty() {
                unnamed_size[*c] += 1;
            }
        }
    }
    for (i, a) in assignments.iter_mut().enumerate() {
        if let Assignment::Cluster(c) = *a {
            if answer_themes[i].is_empty() && unnamed_size[c] < params.min_cluster_size {
                *a = Assignment::Other;
            } else {
                clusters[c].members.push(i);
            }
        }
    }
    let mut result = Clustering {
        assignments,
        themes: answer_themes,
        clusters,
        groups: Vec::new(),
        k,
        k_auto: params.k.is_none(),
        silhouette,
        vocabulary: tfidf.vocabulary.len(),
        dims: lsa.components.ncols(),
    };
    result.groups = describe_groups(
        &result,
        themes.len(),
        terms,
        &tfidf,
        Some((&points, &point_of)),
        params,
    );
    Ok(result)
}

/// Themes by how many of their seeds an answer matches, most first.
fn by_seed_count(hits: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..hits.len()).filter(|&t| hits[t] > 0).collect();
    order.sort_by(|&a, &b| hits[b].cmp(&hits[a]).then(a.cmp(&b)));
    order
}

/// An answer's named themes, strongest first. A theme counts when the answer uses its seed
/// words and points its way (cosine at least `evidence_similarity`), or when it is the theme of
/// the answer's cluster. Each theme scores its cosine, plus 0.2 per matched seed (up to three),
/// plus 0.1 for the cluster's theme; the first theme is the best score, and further themes need
/// seed words of their own and `secondary_ratio` of the first's score.
fn themes_of_point(
    point: ndarray::ArrayView1<f64>,
    hits: &[usize],
    vectors: &[Option<Array1<f64>>],
    cluster_theme: Option<usize>,
    params: &ClusterParams,
) -> Vec<usize> {
    let sims: Vec<f64> = vectors
        .iter()
        .map(|v| v.as_ref().map_or(0.0, |v| point.dot(v)))
        .collect();
    let mut scored: Vec<(f64, usize)> = Vec::new();
    for (t, &h) in hits.iter().enumerate() {
        let from_seeds = h > 0 && sims[t] >= params.evidence_similarity;
        let from_cluster = cluster_theme == Some(t) && sims[t] >= params.cluster_similarity;
        if from_seeds || from_cluster {
            let seeds = if from_seeds { h.min(3) as f64 } else { 0.0 };
            let cluster = if from_cluster { 0.1 } else { 0.0 };
            scored.push((sims[t] + 0.2 * seeds + cluster, t));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let Some(&(first, _)) = scored.first() else {
        return Vec::new();
    };
    scored
        .iter()
        .enumerate()
        .filter(|&(rank, &(score, t))| {
            rank == 0 || (hits[t] > 0 && score >= params.secondary_ratio * first)
        })
        .map(|(_, &(_, t))| t)
        .collect()
}

/// The unit-length mean of some rows of `points` (zero stays zero).
fn unit_mean(points: &Array2<f64>, rows: &[usize]) -> Array1<f64> {
    let mut centre = Array1::zeros(points.ncols());
    for &r in rows {
        centre += &points.row(r);
    }
    normalize(centre.view_mut());
    centre
}

/// The groups as reported: each named theme with answers (by first theme), then each unnamed
/// cluster's answers without a named theme; largest first. Describes each with distinctive
/// terms and representative quotes (quotes need the answers' LSA points).
fn describe_groups(
    result: &Clustering,
    named: usize,
    terms: &[Vec<Term>],
    tfidf: &Tfidf,
    points: Option<(&Array2<f64>, &[Option<usize>])>,
    params: &ClusterParams,
) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut named_members: Vec<Vec<usize>> = vec![Vec::new(); named];
    let mut mentions = vec![0usize; named];
    let mut cluster_members: Vec<Vec<usize>> = vec![Vec::new(); result.clusters.len()];
    for (i, themes) in result.themes.iter().enumerate() {
        for &t in themes {
            mentions[t] += 1;
        }
        match (themes.first(), result.assignments[i]) {
            (Some(&t), _) => named_members[t].push(i),
            (None, Assignment::Cluster(c)) => cluster_members[c].push(i),
            _ => {}
        }
    }
    for (t, members) in named_members.into_iter().enumerate() {
        if !members.is_empty() {
            groups.push(Group {
                theme: Some(t),
                cluster: None,
                members,
                mentions: mentions[t],
                top_terms: Vec::new(),
                representatives: Vec::new(),
            });
        }
    }
    for (c, members) in cluster_members.into_iter().enumerate() {
        if !members.is_empty() {
            groups.push(Group {
                theme: None,
                cluster: Some(c),
                mentions: members.len(),
                members,
                top_terms: Vec::new(),
                representatives: Vec::new(),
            });
        }
    }
    groups.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.theme.is_none().cmp(&b.theme.is_none()))
            .then(a.members[0].cmp(&b.members[0]))
    });
    let allowed = |t: &str| tfidf.has_term(t) && !t.starts_with(ANCHOR_PREFIX);
    let member_lists: Vec<Vec<usize>> = groups.iter().map(|g| g.members.clone()).collect();
    let labels = describe::distinctive_terms(&member_lists, terms, &allowed, 8);
    for (group, top_terms) in groups.iter_mut().zip(labels) {
        group.top_terms = top_terms;
        let count = if group.members.len() < 20 {
            params.quotes.min(3)
        } else {
            params.quotes
        };
        group.representatives = match points {
            Some((points, point_of)) => {
                let (rows, ids): (Vec<usize>, Vec<usize>) = group
                    .members
                    .iter()
                    .filter_map(|&i| point_of[i].map(|p| (p, i)))
                    .unzip();
                let centre = unit_mean(points, &rows);
                describe::representatives(points, &rows, &ids, &centre, terms, count, 0.7)
            }
            None => group.members.iter().copied().take(count).collect(),
        };
    }
    groups
}

/// The prefix of anchor features: one per named theme, added to an answer that uses the
/// theme's seed words. Not a word: no analyzer term starts with a control character.
pub const ANCHOR_PREFIX: &str = "\u{1}theme:";

/// `doc`'s terms plus `weight` copies of the anchor feature of each theme whose seed words it
/// uses (`hits[t] > 0`). Anchors give answers that name a theme in different words ("arvostus",
/// "johto ei ymmärrä") one shared feature, so that LSA keeps the theme as a direction of its own.
fn with_anchors<'a>(
    doc: &'a [Term],
    hits: &[usize],
    anchors: &'a [String],
    weight: usize,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = doc.iter().map(|t| &**t).collect();
    for (anchor, &h) in anchors.iter().zip(hits) {
        if h > 0 {
            out.extend(std::iter::repeat_n(anchor.as_str(), weight));
        }
    }
    out
}

/// The vector of each named theme, in LSA space: the mean of the answers that use the theme's
/// seed words and no other theme's more (Seeded k-means, Basu et al. 2002), or, when no answer
/// does, the seed words themselves projected into LSA space. `None` for a theme with neither.
/// `hits[p][t]` is how many seeds of theme `t` point `p` matches.
fn theme_vectors(
    themes: &[ThemeSeed],
    hits: &[&[usize]],
    points: &Array2<f64>,
    tfidf: &Tfidf,
    lsa: &Lsa,
) -> Vec<Option<Array1<f64>>> {
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); themes.len()];
    for (p, hits) in hits.iter().enumerate() {
        let best = hits.iter().copied().max().unwrap_or(0);
        if best == 0 || hits.iter().filter(|&&h| h == best).count() > 1 {
            continue;
        }
        rows[hits.iter().position(|&h| h == best).expect("max exists")].push(p);
    }
    themes
        .iter()
        .zip(rows)
        .map(|(t, rows)| {
            let v = if rows.is_empty() {
                let words: Vec<&String> = t.seeds.iter().flatten().collect();
                lsa.project(&tfidf.vector(&words))
            } else {
                unit_mean(points, &rows)
            };
            (v.dot(&v) > 0.5).then_some(v)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Answers' terms, one answer per line, terms separated by spaces.
    pub(crate) fn terms(lines: &[&str]) -> Vec<Vec<Term>> {
        lines
            .iter()
            .map(|l| l.split_whitespace().map(Term::from).collect())
            .collect()
    }

    fn seeds(key: &str, seeds: &[&str]) -> ThemeSeed {
        ThemeSeed {
            key: key.into(),
            seeds: seeds
                .iter()
                .map(|s| s.split_whitespace().map(str::to_string).collect())
                .collect(),
        }
    }

    fn hits_of(docs: &[Vec<Term>], themes: &[ThemeSeed]) -> Vec<Vec<usize>> {
        docs.iter().map(|d| seed_matches(d, themes)).collect()
    }

    fn corpus() -> Vec<Vec<Term>> {
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
        lines.push("kiire mittari analytiikka aika");
        terms(&lines)
    }

    fn themes() -> Vec<ThemeSeed> {
        vec![
            seeds("time", &["aika", "kiire"]),
            seeds("measure", &["mittari", "kpi seuranta"]),
        ]
    }

    #[test]
    fn seeded_themes_name_their_answers() {
        let params = ClusterParams {
            k: Some(3),
            dims: 5,
            ..ClusterParams::default()
        };
        let docs = corpus();
        let result = cluster(&docs, &hits_of(&docs, &themes()), &themes(), &params).unwrap();
        assert_eq!(result.assignments[45], Assignment::NoContent);
        assert_eq!(result.assignments[46], Assignment::Other);
        assert_eq!(result.themes[0], [0]);
        assert_eq!(result.themes[1], [1]);
        assert!(result.themes[2].is_empty());
        assert!(matches!(result.assignments[2], Assignment::Cluster(_)));
        // An answer about both themes carries both, the stronger first.
        assert_eq!(result.themes[47].len(), 2, "{:?}", result.themes[47]);
        let free = result.groups.iter().find(|g| g.theme.is_none()).unwrap();
        assert!(free.top_terms.contains(&"moderointi".to_string()));
        assert_eq!(free.representatives.len(), 2, "two distinct texts only");
        let named = result.groups.iter().find(|g| g.theme == Some(0)).unwrap();
        assert_eq!(named.mentions, 16);
        let again = cluster(&docs, &hits_of(&docs, &themes()), &themes(), &params).unwrap();
        assert_eq!(again.assignments, result.assignments);
        assert_eq!(again.themes, result.themes);
    }

    #[test]
    fn a_seed_phrase_needs_all_its_words() {
        let t = themes();
        assert_eq!(seed_matches(&terms(&["kpi seuranta"])[0], &t), [0, 1]);
        // A seed's repeated term counts once; an answer's repeated term too.
        let twice = vec![seeds("x", &["aika aika"])];
        assert_eq!(seed_matches(&terms(&["aika aika kiire"])[0], &twice), [1]);
        assert_eq!(seed_matches(&terms(&["kpi"])[0], &t), [0, 0]);
        assert_eq!(seed_matches(&terms(&["aika kiire mittari"])[0], &t), [2, 1]);
    }

    #[test]
    fn automatic_k_stays_in_range() {
        let params = ClusterParams {
            dims: 5,
            ..ClusterParams::default()
        };
        let result = cluster(
            &corpus(),
            &hits_of(&corpus(), &themes()),
            &themes(),
            &params,
        )
        .unwrap();
        assert!(result.k_auto && result.silhouette.is_some());
        let (low, high) = kmeans::k_range(46, 2);
        assert!((low..=high).contains(&result.k), "k = {}", result.k);
    }
}
