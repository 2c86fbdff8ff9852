//! Which groups of segments say the same thing? Clustering is geometry only: it puts segments
//! (list items, clauses) that use related words close together and groups them; which segment
//! gets which theme is decided in [`crate::coding`].
//!
//! 1. sparse TF-IDF over the analyzer's terms of the *answers* ([`tfidf`]): sublinear tf,
//!    min/max document frequency, L2;
//! 2. LSA by randomized truncated SVD to ~100 dimensions ([`lsa`]), fitted on the answers (on a
//!    sample past `fit_sample`): words that answers use together ("jalkapallo, sähly, uinti")
//!    end up close, even when they never share a segment;
//! 3. every segment projected into that space, at unit length ([`Space::project`]);
//! 4. linfa k-means ([`kmeans`]) on a seeded sample of the segments, k given or chosen by the
//!    silhouette, restarted `n_runs` times;
//! 5. centres closer than `merge_similarity` merged: one concept, one cluster ([`merge`]);
//! 6. every segment assigned to its nearest centre, in parallel blocks, never holding all
//!    segments' vectors at once.
//!
//! [`describe`] labels groups and picks representative quotes.

pub mod describe;
pub mod kmeans;
pub mod lsa;
pub mod merge;
pub mod tfidf;

use ndarray::{Array1, Array2, Axis};

pub use crate::analysis::Term;
use crate::error::{Error, Result};
use kmeans::KMeansParams;
use lsa::{normalize, Lsa, LsaParams};
use tfidf::{Tfidf, TfidfParams};

/// Clustering settings; [`ClusterParams::check`] tells which are out of range. Each default is
/// documented on its field, with what it was chosen on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClusterParams {
    /// Number of k-means clusters before merging; `None` chooses it by silhouette on a sample.
    pub k: Option<usize>,
    /// Seed of every random choice (default 42).
    pub seed: u64,
    /// LSA dimensions (default 100).
    pub dims: usize,
    /// TF-IDF pruning (default min_df 2, max_df 0.9).
    #[serde(skip)]
    pub tfidf: TfidfParams,
    /// k-means iteration cap (default 100).
    pub max_iterations: u64,
    /// k-means restarts with different k-means++ picks; the lowest inertia wins (default 4).
    pub n_runs: usize,
    /// Segments used for the silhouette when choosing k (default 2,000).
    pub silhouette_sample: usize,
    /// LSA is fitted on at most this many answers and k-means on at most this many segments (a
    /// seeded sample), then applied to all (default 20,000): past it, fitting costs the same.
    pub fit_sample: usize,
    /// Segments each k is tried on when k is chosen automatically (default 2,000).
    pub screen_sample: usize,
    /// Cluster centres at least this close (cosine) are merged into one (default 0.5; chosen on
    /// the team corpora, where pairs above it repeated one concept).
    pub merge_similarity: f64,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            k: None,
            seed: 42,
            dims: 100,
            tfidf: TfidfParams::default(),
            max_iterations: 100,
            n_runs: 4,
            silhouette_sample: 2_000,
            fit_sample: 20_000,
            screen_sample: 2_000,
            merge_similarity: 0.5,
        }
    }
}

impl ClusterParams {
    /// Checks every setting, as linfa's `ParamGuard` does, naming the one out of range.
    pub fn check(&self) -> Result<()> {
        let bad = |what: String| Err(Error::Cluster(what));
        if self.k == Some(0) {
            return bad("k must be at least 1".into());
        }
        if self.dims < 2 {
            return bad(format!("dims {} must be at least 2", self.dims));
        }
        if self.n_runs == 0 || self.max_iterations == 0 {
            return bad("n_runs and max_iterations must be at least 1".into());
        }
        if self.fit_sample < 100 || self.screen_sample < 100 || self.silhouette_sample < 10 {
            return bad("samples must hold at least 100 (silhouette: 10) items".into());
        }
        if !(0.0..=1.0).contains(&self.merge_similarity) {
            return bad(format!(
                "merge_similarity {} is not in 0..1",
                self.merge_similarity
            ));
        }
        if self.tfidf.min_df == 0 || !(0.0..=1.0).contains(&self.tfidf.max_df) {
            return bad("min_df must be at least 1 and max_df in 0..1".into());
        }
        Ok(())
    }
}

/// Where the segments live: the answers' TF-IDF and its LSA.
#[derive(Debug, Clone)]
pub struct Space {
    pub tfidf: Tfidf,
    pub lsa: Lsa,
}

impl Space {
    /// The unit-length LSA vector of a list of terms; `None` when no term is a feature.
    pub fn project<S: AsRef<str>>(&self, terms: &[S]) -> Option<Array1<f64>> {
        let vector = self.tfidf.vector(terms);
        if vector.is_empty() {
            return None;
        }
        let v = self.lsa.project(&vector);
        (v.dot(&v) > 0.5).then_some(v)
    }

    /// The vectors of `items` (rows of zeros for items without a feature), in parallel.
    pub fn project_many<'a>(
        &self,
        items: &[usize],
        terms: impl Fn(usize) -> Vec<&'a str> + Sync,
    ) -> Array2<f64> {
        let d = self.lsa.components.ncols();
        let mut out = Array2::zeros((items.len(), d));
        crate::parallel::for_row_blocks(&mut out, |first, mut block| {
            for (r, mut row) in block.rows_mut().into_iter().enumerate() {
                if let Some(v) = self.project(&terms(items[first + r])) {
                    row.assign(&v);
                }
            }
        });
        out
    }
}

/// What clustering found in one question's segments.
#[derive(Debug, Clone)]
pub struct Discovery {
    /// The space, when there was text enough to fit one.
    pub space: Option<Space>,
    /// The k that k-means ran with (0 when there was too little text to cluster).
    pub k: usize,
    pub k_auto: bool,
    /// Mean silhouette on the sample, when k was chosen automatically.
    pub silhouette: Option<f64>,
    /// TF-IDF features kept.
    pub vocabulary: usize,
    /// LSA dimensions used.
    pub dims: usize,
    /// The clusters' unit-length centres, after merging.
    pub centres: Array2<f64>,
    /// How many k-means clusters each cluster was merged from.
    pub merged_from: Vec<usize>,
    /// Each segment's cluster and its cosine to the cluster's centre; `None` for a segment
    /// without a feature. (`u32` and `f32`: millions of segments.) Emptied once coding has
    /// put it into the segments' codes.
    pub assignment: Vec<Placement>,
    /// Each segment's nearest *anchor* (a row of the anchors `discover` was given) and its
    /// cosine to it, found in the same pass; `None` without a feature or without anchors.
    pub anchored: Vec<Placement>,
}

impl Discovery {
    fn empty(items: usize, vocabulary: usize, k_auto: bool) -> Self {
        Discovery {
            space: None,
            k: 0,
            k_auto,
            silhouette: None,
            vocabulary,
            dims: 0,
            centres: Array2::zeros((0, 0)),
            merged_from: Vec::new(),
            assignment: vec![None; items],
            anchored: vec![None; items],
        }
    }
}

/// Clusters `items` segments (the terms of item `i` given by `item(i)`) in the space of
/// `docs` answers (the terms of answer `j` by `doc(j)`). `anchors(space)` gives unit vectors
/// (rows) that each segment is also compared with in the same pass (the named themes' centres,
/// [`crate::coding`]).
pub fn discover<'a>(
    docs: usize,
    doc: impl Fn(usize) -> Vec<&'a str> + Sync,
    items: usize,
    item: impl Fn(usize) -> Vec<&'a str> + Sync,
    anchors: impl FnOnce(&Space) -> Array2<f64>,
    params: &ClusterParams,
) -> Result<Discovery> {
    params.check()?;
    // The LSA is fitted on a seeded sample of the documents: only their rows are built.
    let fit_rows: Vec<usize> = if docs > params.fit_sample {
        kmeans::sample_indexes(docs, params.fit_sample, params.seed)
    } else {
        (0..docs).collect()
    };
    let tfidf = Tfidf::fit_rows(docs, &doc, params.tfidf, &fit_rows);
    // At least three documents with a feature (looked for until three are found).
    let placed_docs = (0..docs)
        .filter(|&d| doc(d).iter().any(|t| tfidf.has_term(t)))
        .take(3)
        .count();
    if placed_docs < 3 || tfidf.vocabulary.len() < 2 || items < 3 {
        return Ok(Discovery::empty(
            items,
            tfidf.vocabulary.len(),
            params.k.is_none(),
        ));
    }
    let lsa = Lsa::fit_components_sampled(
        &tfidf.matrix,
        LsaParams {
            dims: params.dims,
            oversample: 10,
            power_iterations: 4,
            seed: params.seed,
            fit_rows: params.fit_sample,
        },
    )?;
    let mut space = Space { tfidf, lsa };
    space.tfidf.matrix = tfidf::SparseMatrix::default();
    let dims = space.lsa.components.ncols();
    let vocabulary = space.tfidf.vocabulary.len();

    // k-means on a sample of the segments that have a vector.
    let all: Vec<usize> = (0..items).collect();
    let sample_ids = kmeans::sample_indexes(items, params.fit_sample, params.seed);
    let sample_points = space.project_many(&sample_ids, &item);
    let keep: Vec<usize> = (0..sample_ids.len())
        .filter(|&r| sample_points.row(r).dot(&sample_points.row(r)) > 0.5)
        .collect();
    if keep.len() < 3 {
        let mut d = Discovery::empty(items, vocabulary, params.k.is_none());
        d.space = Some(space);
        return Ok(d);
    }
    let points = sample_points.select(Axis(0), &keep);
    let kparams = KMeansParams {
        seed: params.seed,
        n_runs: params.n_runs,
        max_iterations: params.max_iterations,
        tolerance: 1e-3,
        fit_sample: params.fit_sample,
        screen_sample: params.screen_sample,
    };
    let n = points.nrows();
    let (k, silhouette, fitted) = match params.k {
        Some(k) => {
            let k = k.clamp(1, n);
            (k, None, kmeans::fit(&points, &[], k, &kparams)?)
        }
        None => {
            let (k, s, f) = kmeans::choose_k(&points, &[], &kparams, params.silhouette_sample)?;
            (k, Some(s), f)
        }
    };
    let (centres, merged_from) =
        merge::merge_centres(&points, &fitted.memberships, k, params.merge_similarity);
    let anchors = anchors(&space);
    let (assignment, anchored) = assign(&space, &centres, &anchors, &all, &item);
    Ok(Discovery {
        space: Some(space),
        k,
        k_auto: params.k.is_none(),
        silhouette,
        vocabulary,
        dims,
        centres,
        merged_from,
        assignment,
        anchored,
    })
}

/// A segment's nearest centre (its row) and its cosine to it.
pub type Placement = Option<(u32, f32)>;

/// Each item's nearest centre and nearest anchor, with their cosines, projecting the items
/// block by block in parallel (never all their vectors at once).
type Nearest = Vec<Placement>;

fn assign<'a>(
    space: &Space,
    centres: &Array2<f64>,
    anchors: &Array2<f64>,
    items: &[usize],
    item: &(impl Fn(usize) -> Vec<&'a str> + Sync),
) -> (Nearest, Nearest) {
    const BLOCK: usize = 8_192;
    let nearest = |rows: &Array2<f64>, v: &Array1<f64>| {
        rows.dot(v)
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .map(|(c, &s)| (c as u32, s as f32))
    };
    let blocks: Vec<&[usize]> = items.chunks(BLOCK).collect();
    let parts = crate::parallel::map_tasks(&blocks, |block| {
        let mut out = Vec::with_capacity(block.len());
        for &i in block.iter() {
            out.push(match space.project(&item(i)) {
                Some(v) => (nearest(centres, &v), nearest(anchors, &v)),
                None => (None, None),
            });
        }
        out
    });
    parts.into_iter().flatten().unzip()
}

/// The unit-length mean of some rows of `points` (zero stays zero).
pub fn unit_mean(points: &Array2<f64>, rows: &[usize]) -> Array1<f64> {
    let mut centre = Array1::zeros(points.ncols());
    for &r in rows {
        centre += &points.row(r);
    }
    normalize(centre.view_mut());
    centre
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

    fn corpus() -> Vec<Vec<Term>> {
        let mut lines = Vec::new();
        for i in 0..15 {
            lines.push(if i % 2 == 0 {
                "uinti hiihto"
            } else {
                "hiihto luistelu uinti"
            });
            lines.push(if i % 2 == 0 {
                "piirtää maalata"
            } else {
                "maalata askarrella"
            });
            lines.push(if i % 2 == 0 {
                "lukea kirjoittaa"
            } else {
                "kirjoittaa laskea lukea"
            });
        }
        terms(&lines)
    }

    fn run(docs: &[Vec<Term>], items: &[Vec<Term>], params: &ClusterParams) -> Discovery {
        discover(
            docs.len(),
            |d| docs[d].iter().map(|t| &**t).collect(),
            items.len(),
            |i| items[i].iter().map(|t| &**t).collect(),
            |s| Array2::zeros((0, s.lsa.components.ncols())),
            params,
        )
        .unwrap()
    }

    #[test]
    fn segments_meet_through_the_answers_words() {
        let docs = corpus();
        // Single words: "luistelu" never shares a segment with "uinti", but answers use them
        // together.
        let items = terms(&[
            "uinti",
            "luistelu",
            "hiihto",
            "maalata",
            "askarrella",
            "lukea",
            "laskea",
            "zzz",
        ]);
        let params = ClusterParams {
            k: Some(3),
            dims: 3,
            ..ClusterParams::default()
        };
        let d = run(&docs, &items, &params);
        let c = |i: usize| d.assignment[i].map(|(c, _)| c);
        assert_eq!(c(0), c(1));
        assert_eq!(c(0), c(2));
        assert_eq!(c(3), c(4));
        assert_eq!(c(5), c(6));
        assert_ne!(c(0), c(3));
        assert_ne!(c(0), c(5));
        assert_eq!(d.assignment[7], None, "no feature, no place");
        let again = run(&docs, &items, &params);
        assert_eq!(again.assignment, d.assignment);
    }

    #[test]
    fn too_many_clusters_are_merged_and_params_are_checked() {
        let docs = corpus();
        let items = docs.clone();
        let params = ClusterParams {
            k: Some(9),
            dims: 3,
            merge_similarity: 0.9,
            ..ClusterParams::default()
        };
        let d = run(&docs, &items, &params);
        assert!(d.centres.nrows() <= 4, "{} clusters", d.centres.nrows());
        assert!(d.merged_from.iter().sum::<usize>() <= 9);
        assert!(ClusterParams {
            dims: 1,
            ..ClusterParams::default()
        }
        .check()
        .is_err());
        assert!(ClusterParams {
            merge_similarity: 2.0,
            ..ClusterParams::default()
        }
        .check()
        .is_err());
    }

    #[test]
    fn too_little_text_gives_no_clusters() {
        let docs = terms(&["a", "b"]);
        let d = run(&docs, &docs, &ClusterParams::default());
        assert_eq!(d.k, 0);
        assert!(d.assignment.iter().all(Option::is_none));
    }
}
