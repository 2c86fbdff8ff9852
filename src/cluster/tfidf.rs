//! Sparse TF-IDF over the analyzer's terms: sublinear term frequency, smoothed idf, min/max
//! document frequency pruning, rows scaled to unit length. Kept sparse (CSR): a dense matrix of
//! a million answers would not fit in memory.

use rustc_hash::FxHashMap;

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

    /// The rows `rows` (in that order) as a new matrix.
    pub fn select_rows(&self, rows: &[usize]) -> SparseMatrix {
        let mut out = SparseMatrix {
            n_rows: rows.len(),
            n_cols: self.n_cols,
            indptr: Vec::with_capacity(rows.len() + 1),
            ..SparseMatrix::default()
        };
        out.indptr.push(0);
        for &r in rows {
            let (cols, vals) = self.row(r);
            out.indices.extend_from_slice(cols);
            out.values.extend_from_slice(vals);
            out.indptr.push(out.indices.len());
        }
        out
    }

    /// `self · b` for a dense `b` of shape (n_cols, l).
    pub fn dot_dense(&self, b: &Array2<f64>) -> Array2<f64> {
        assert_eq!(b.nrows(), self.n_cols);
        let mut out = Array2::zeros((self.n_rows, b.ncols()));
        crate::parallel::for_row_blocks(&mut out, |first, mut block| {
            for (r, mut out_row) in block.rows_mut().into_iter().enumerate() {
                let (cols, vals) = self.row(first + r);
                for (&c, &v) in cols.iter().zip(vals) {
                    out_row.scaled_add(v, &b.row(c));
                }
            }
        });
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
    index: FxHashMap<String, usize>,
}

impl Tfidf {
    /// Fits on `docs` (each a list of terms) and builds their matrix.
    pub fn fit<S: AsRef<str> + Sync>(docs: &[Vec<S>], params: TfidfParams) -> Tfidf {
        Tfidf::fit_with(
            docs.len(),
            |i| docs[i].iter().map(AsRef::as_ref).collect(),
            params,
        )
    }

    /// Fits on `n` documents, the terms of document `i` given by `doc(i)` (called twice per
    /// document), so that callers need not hold a second copy of every document's terms.
    pub fn fit_with<'a>(
        n: usize,
        doc: impl Fn(usize) -> Vec<&'a str> + Sync,
        params: TfidfParams,
    ) -> Tfidf {
        let ids: Vec<usize> = (0..n).collect();
        Tfidf::fit_rows(n, doc, params, &ids)
    }

    /// [`Tfidf::fit_with`], the vocabulary and weights from all `n` documents but the matrix
    /// holding only documents `rows`, in that order (what a sampled fit needs: a million
    /// answers' rows are not built to be thrown away).
    pub fn fit_rows<'a>(
        n: usize,
        doc: impl Fn(usize) -> Vec<&'a str> + Sync,
        params: TfidfParams,
        rows: &[usize],
    ) -> Tfidf {
        let mut counted: FxHashMap<&str, usize> = FxHashMap::default();
        for i in 0..n {
            let mut terms = doc(i);
            terms.sort_unstable();
            terms.dedup();
            for t in terms {
                *counted.entry(t).or_default() += 1;
            }
        }
        let mut df: Vec<(&str, usize)> = counted.into_iter().collect();
        df.sort_unstable();
        let max_df = ((params.max_df * n as f64).floor() as usize).max(1);
        let mut vocabulary = Vec::new();
        let mut idf = Vec::new();
        for &(term, count) in &df {
            // Synthetic features (starting with a control character, see `ANCHOR_PREFIX`) are
            // never too common: they exist to be shared.
            let synthetic = term.starts_with('\u{1}');
            if count >= params.min_df && (count <= max_df || synthetic) {
                vocabulary.push(term.to_string());
                idf.push(((1.0 + n as f64) / (1.0 + count as f64)).ln() + 1.0);
            }
        }
        let index: FxHashMap<String, usize> = vocabulary
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
            n_rows: rows.len(),
            n_cols: model.vocabulary.len(),
            indptr: vec![0],
            ..SparseMatrix::default()
        };
        // Rows are built in parallel, one share of the documents per core, and joined in order.
        let model_ref = &model;
        for part in crate::parallel::map_chunks(rows, |chunk| {
            let mut part = SparseMatrix::default();
            for &i in chunk {
                for (col, value) in model_ref.vector(&doc(i)) {
                    part.indices.push(col);
                    part.values.push(value);
                }
                part.indptr.push(part.indices.len());
            }
            part
        }) {
            let offset = matrix.indices.len();
            matrix
                .indptr
                .extend(part.indptr.iter().map(|&end| offset + end));
            matrix.indices.extend(part.indices);
            matrix.values.extend(part.values);
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
        let mut cols: Vec<usize> = terms
            .iter()
            .filter_map(|t| self.index.get(t.as_ref()).copied())
            .collect();
        cols.sort_unstable();
        let mut row: Vec<(usize, f64)> = Vec::with_capacity(cols.len());
        for group in cols.chunk_by(|a, b| a == b) {
            let (col, count) = (group[0], group.len());
            row.push((col, (1.0 + (count as f64).ln()) * self.idf[col]));
        }
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
    fn a_matrix_of_some_rows_is_those_rows_of_the_whole() {
        let docs = docs();
        let params = TfidfParams {
            min_df: 2,
            max_df: 0.5,
        };
        let whole = Tfidf::fit(&docs, params);
        let doc = |i: usize| docs[i].clone();
        let some = Tfidf::fit_rows(docs.len(), doc, params, &[3, 1]);
        assert_eq!(some.vocabulary, whole.vocabulary);
        assert_eq!(some.idf, whole.idf);
        assert_eq!(some.matrix.n_rows, 2);
        assert_eq!(some.matrix.row(0), whole.matrix.row(3));
        assert_eq!(some.matrix.row(1), whole.matrix.row(1));
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
