//! Sparse TF-IDF over the analyzer's terms: sublinear term frequency, smoothed idf, min/max
//! document frequency pruning, rows scaled to unit length. Kept sparse (CSR): a dense matrix of
//! a million answers would not fit in memory.

use std::collections::{BTreeMap, HashMap};

use ndarray::Array2;

/// A compressed sparse row matrix of `f64`.
#[derive(Debug, Clone, Default)]
pub struct SparseMatrix {
    pub n_rows: usize,
    pub n_cols: usize,
    pub indptr: Vec<usize>,
    pub indices: Vec<usize>,
    pub values: Vec<f64>,
}

impl SparseMatrix {
    /// The column indexes and values of row `i`.
    pub fn row(&self, i: usize) -> (&[usize], &[f64]) {
        let range = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[range.clone()], &self.values[range])
    }

    /// `self · b` for a dense `b` of shape (n_cols, l).
    pub fn dot_dense(&self, b: &Array2<f64>) -> Array2<f64> {
        assert_eq!(b.nrows(), self.n_cols);
        let mut out = Array2::zeros((self.n_rows, b.ncols()));
        for i in 0..self.n_rows {
            let (cols, vals) = self.row(i);
            let mut out_row = out.row_mut(i);
            for (&c, &v) in cols.iter().zip(vals) {
                out_row.scaled_add(v, &b.row(c));
            }
        }
        out
    }

    /// `selfᵀ · a` for a dense `a` of shape (n_rows, l).
    pub fn t_dot_dense(&self, a: &Array2<f64>) -> Array2<f64> {
        assert_eq!(a.nrows(), self.n_rows);
        let mut out = Array2::zeros((self.n_cols, a.ncols()));
        for i in 0..self.n_rows {
            let (cols, vals) = self.row(i);
            let a_row = a.row(i);
            for (&c, &v) in cols.iter().zip(vals) {
                out.row_mut(c).scaled_add(v, &a_row);
            }
        }
        out
    }
}

/// Pruning settings.
#[derive(Debug, Clone, Copy)]
pub struct TfidfParams {
    /// A term must occur in at least this many answers.
    pub min_df: usize,
    /// A term may occur in at most this share of answers.
    pub max_df: f64,
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            min_df: 2,
            max_df: 0.9,
        }
    }
}

/// A fitted TF-IDF model and the matrix of the documents it was fitted on.
#[derive(Debug, Clone)]
pub struct Tfidf {
    /// The kept terms, sorted; a term's index is its column.
    pub vocabulary: Vec<String>,
    pub idf: Vec<f64>,
    pub matrix: SparseMatrix,
    index: HashMap<String, usize>,
}

impl Tfidf {
    /// Fits on `docs` (each a list of terms) and builds their matrix.
    pub fn fit<S: AsRef<str>>(docs: &[Vec<S>], params: TfidfParams) -> Tfidf {
        let n = docs.len();
        let mut df: BTreeMap<&str, usize> = BTreeMap::new();
        for doc in docs {
            let mut terms: Vec<&str> = doc.iter().map(AsRef::as_ref).collect();
            terms.sort_unstable();
            terms.dedup();
            for t in terms {
                *df.entry(t).or_default() += 1;
            }
        }
        let max_df = ((params.max_df * n as f64).floor() as usize).max(1);
        let mut vocabulary = Vec::new();
        let mut idf = Vec::new();
        for (term, &count) in &df {
            // Synthetic features (starting with a control character, see `ANCHOR_PREFIX`) are
            // never too common: they exist to be shared.
            let synthetic = term.starts_with('\u{1}');
            if count >= params.min_df && (count <= max_df || synthetic) {
                vocabulary.push(term.to_string());
                idf.push(((1.0 + n as f64) / (1.0 + count as f64)).ln() + 1.0);
            }
        }
        let index: HashMap<String, usize> = vocabulary
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i))
            .collect();
        let mut model = Tfidf {
            vocabulary,
            idf,
            matrix: SparseMatrix::default(),
            index,
        };
        let mut matrix = SparseMatrix {
            n_rows: n,
            n_cols: model.vocabulary.len(),
            indptr: vec![0],
            ..SparseMatrix::default()
        };
        for doc in docs {
            for (col, value) in model.vector(doc) {
                matrix.indices.push(col);
                matrix.values.push(value);
            }
            matrix.indptr.push(matrix.indices.len());
        }
        model.matrix = matrix;
        model
    }

    /// Whether `term` is a feature.
    pub fn has_term(&self, term: &str) -> bool {
        self.index.contains_key(term)
    }

    /// The unit-length TF-IDF vector of a list of terms, as sorted (column, value) pairs.
    /// Unknown terms are ignored; an empty result means no known term.
    pub fn vector<S: AsRef<str>>(&self, terms: &[S]) -> Vec<(usize, f64)> {
        let mut tf: BTreeMap<usize, usize> = BTreeMap::new();
        for t in terms {
            if let Some(&col) = self.index.get(t.as_ref()) {
                *tf.entry(col).or_default() += 1;
            }
        }
        let mut row: Vec<(usize, f64)> = tf
            .into_iter()
            .map(|(col, count)| (col, (1.0 + (count as f64).ln()) * self.idf[col]))
            .collect();
        let norm = row.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|(_, v)| *v /= norm);
        }
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<Vec<&'static str>> {
        vec![
            vec!["aika", "kiire", "aika"],
            vec!["aika", "johto"],
            vec!["johto", "arvostus"],
            vec!["harvinainen"],
        ]
    }

    #[test]
    fn prunes_and_normalises() {
        let m = Tfidf::fit(
            &docs(),
            TfidfParams {
                min_df: 2,
                max_df: 0.5,
            },
        );
        assert_eq!(m.vocabulary, ["aika", "johto"]);
        for i in 0..3 {
            let (_, vals) = m.matrix.row(i);
            let norm: f64 = vals.iter().map(|v| v * v).sum();
            assert!((norm - 1.0).abs() < 1e-9);
        }
        assert!(m.matrix.row(3).0.is_empty());
    }

    #[test]
    fn sparse_products_match_dense() {
        let m = Tfidf::fit(
            &docs(),
            TfidfParams {
                min_df: 1,
                max_df: 1.0,
            },
        );
        let mut dense = Array2::zeros((m.matrix.n_rows, m.matrix.n_cols));
        for i in 0..m.matrix.n_rows {
            let (cols, vals) = m.matrix.row(i);
            for (&c, &v) in cols.iter().zip(vals) {
                dense[[i, c]] = v;
            }
        }
        let b = Array2::from_shape_fn((m.matrix.n_cols, 2), |(i, j)| (i * 2 + j) as f64);
        let a = Array2::from_shape_fn((m.matrix.n_rows, 3), |(i, j)| (i + j) as f64);
        assert!((m.matrix.dot_dense(&b) - dense.dot(&b))
            .iter()
            .all(|d| d.abs() < 1e-12));
        assert!((m.matrix.t_dot_dense(&a) - dense.t().dot(&a))
            .iter()
            .all(|d| d.abs() < 1e-12));
    }
}
