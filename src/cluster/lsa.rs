//! Latent semantic analysis: a randomized truncated SVD (Halko, Martinsson & Tropp 2011) of the
//! sparse TF-IDF matrix, so that k-means works on ~100 dense dimensions instead of thousands of
//! sparse ones. Answers that use related words end up close even without a shared word.

use linfa_linalg::cholesky::Cholesky;
use linfa_linalg::eigh::Eigh;
use linfa_linalg::qr::QR;
use ndarray::{Array1, Array2, Axis};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

use super::tfidf::SparseMatrix;
use crate::error::{Error, Result};

/// A fitted LSA model.
#[derive(Debug, Clone)]
pub struct Lsa {
    /// Term loadings V, shape (terms, dims).
    pub components: Array2<f64>,
    /// Singular values, largest first.
    pub singular_values: Array1<f64>,
    /// The documents in LSA space, rows scaled to unit length (zero rows stay zero).
    pub embeddings: Array2<f64>,
}

/// Settings of the randomized SVD.
#[derive(Debug, Clone, Copy)]
pub struct LsaParams {
    pub dims: usize,
    pub oversample: usize,
    pub power_iterations: usize,
    pub seed: u64,
    /// The SVD is fitted on at most this many rows (a seeded sample); every row is then
    /// projected. A few thousand answers pin down the main directions of the vocabulary, so
    /// the cost stops growing with N beyond this.
    pub fit_rows: usize,
}

/// An orthonormal basis of `a`'s columns. CholeskyQR2 (two rounds of Q = A·L⁻ᵀ with
/// L·Lᵀ = AᵀA) is matrix products only, many times faster than Householder QR on the tall
/// matrices of the SVD; Householder is the fallback when A is (nearly) rank-deficient, as on
/// small corpora.
fn orthonormal(a: &Array2<f64>) -> Result<Array2<f64>> {
    if let Some(q) = cholesky_qr(a).and_then(|q| cholesky_qr(&q)) {
        return Ok(q);
    }
    let qr = a
        .qr()
        .map_err(|e| Error::Cluster(format!("QR decomposition failed: {e}")))?;
    Ok(qr.generate_q())
}

/// One round of CholeskyQR; `None` when AᵀA is not safely positive definite.
fn cholesky_qr(a: &Array2<f64>) -> Option<Array2<f64>> {
    let l = a.t().dot(a).cholesky().ok()?;
    let n = l.nrows();
    let diag: Vec<f64> = (0..n).map(|i| l[[i, i]]).collect();
    let max = diag.iter().cloned().fold(0.0, f64::max);
    if n == 0 || diag.iter().any(|&d| d <= max * 1e-6) {
        return None;
    }
    // L⁻¹ by forward substitution, column by column.
    let mut inv = Array2::<f64>::zeros((n, n));
    for c in 0..n {
        for r in c..n {
            let mut s = if r == c { 1.0 } else { 0.0 };
            for k in c..r {
                s -= l[[r, k]] * inv[[k, c]];
            }
            inv[[r, c]] = s / l[[r, r]];
        }
    }
    Some(a.dot(&inv.t()))
}

/// Scales a vector to unit length; a vector of zeros stays zero.
pub fn normalize(mut v: ndarray::ArrayViewMut1<f64>) {
    let norm = v.dot(&v).sqrt();
    if norm > 1e-12 {
        v /= norm;
    }
}

/// Scales each row to unit length; rows of zeros stay zero.
pub fn normalize_rows(m: &mut Array2<f64>) {
    m.axis_iter_mut(Axis(0)).for_each(normalize);
}

impl Lsa {
    /// Fits a rank-`dims` LSA of `x` (rows are documents) on at most `fit_rows` of its rows,
    /// and embeds every row. Needs at least 2 rows and columns.
    pub fn fit(x: &SparseMatrix, params: LsaParams) -> Result<Lsa> {
        let sample;
        let fit_on = if x.n_rows > params.fit_rows {
            sample = x.select_rows(&super::kmeans::sample_indexes(
                x.n_rows,
                params.fit_rows,
                params.seed,
            ));
            &sample
        } else {
            x
        };
        let mut lsa = Lsa::fit_components(fit_on, params)?;
        let mut embeddings = x.dot_dense(&lsa.components);
        normalize_rows(&mut embeddings);
        lsa.embeddings = embeddings;
        Ok(lsa)
    }

    /// The components and singular values of `x`, fitted on at most `fit_rows` of its rows (a
    /// seeded sample); `embeddings` left empty: rows are projected on demand.
    pub fn fit_components_sampled(x: &SparseMatrix, params: LsaParams) -> Result<Lsa> {
        if x.n_rows > params.fit_rows {
            let rows = super::kmeans::sample_indexes(x.n_rows, params.fit_rows, params.seed);
            Lsa::fit_components(&x.select_rows(&rows), params)
        } else {
            Lsa::fit_components(x, params)
        }
    }

    /// The components and singular values of `x`; `embeddings` left empty.
    fn fit_components(x: &SparseMatrix, params: LsaParams) -> Result<Lsa> {
        let (n, m) = (x.n_rows, x.n_cols);
        let l = (params.dims + params.oversample).min(n).min(m);
        if l < 2 {
            return Err(Error::Cluster(format!(
                "too little text for LSA ({n} answers, {m} terms)"
            )));
        }
        let mut rng = Xoshiro256Plus::seed_from_u64(params.seed);
        let omega = Array2::from_shape_fn((m, l), |_| rng.gen_range(-1.0..1.0));
        let mut q = orthonormal(&x.dot_dense(&omega))?;
        for _ in 0..params.power_iterations {
            let z = orthonormal(&x.t_dot_dense(&q))?;
            q = orthonormal(&x.dot_dense(&z))?;
        }
        // B = Qᵀ X, held transposed: Bt = Xᵀ Q, shape (m, l).
        let bt = x.t_dot_dense(&q);
        let gram = bt.t().dot(&bt);
        let (values, vectors) = gram
            .eigh()
            .map_err(|e| Error::Cluster(format!("eigendecomposition failed: {e}")))?;
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
        let top = values[order[0]].max(0.0);
        let keep: Vec<usize> = order
            .into_iter()
            .filter(|&i| values[i] > top * 1e-10 && values[i] > 0.0)
            .take(params.dims)
            .collect();
        let d = keep.len();
        let mut singular_values = Array1::zeros(d);
        let mut u_b = Array2::zeros((l, d));
        for (j, &i) in keep.iter().enumerate() {
            singular_values[j] = values[i].sqrt();
            u_b.column_mut(j).assign(&vectors.column(i));
        }
        // Fix each component's sign so that its largest loading is positive: same input, same
        // output, whatever the eigen solver did.
        let mut components = bt.dot(&u_b);
        for j in 0..d {
            let mut col = components.column_mut(j);
            col /= singular_values[j];
            let (mut max_abs, mut sign) = (0.0, 1.0);
            for &v in col.iter() {
                if v.abs() > max_abs {
                    max_abs = v.abs();
                    sign = v.signum();
                }
            }
            if sign < 0.0 {
                col *= -1.0;
            }
        }
        Ok(Lsa {
            components,
            singular_values,
            embeddings: Array2::zeros((0, d)),
        })
    }

    /// Projects a sparse term vector into LSA space, at unit length.
    pub fn project(&self, vector: &[(usize, f64)]) -> Array1<f64> {
        let mut out = Array1::zeros(self.components.ncols());
        for &(col, v) in vector {
            out.scaled_add(v, &self.components.row(col));
        }
        normalize(out.view_mut());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::tfidf::{Tfidf, TfidfParams};
    use super::*;

    #[test]
    fn recovers_two_topics() {
        let mut docs = Vec::new();
        for i in 0..20 {
            docs.push(vec![
                "aika",
                "kiire",
                if i % 2 == 0 { "resurssi" } else { "ehdi" },
            ]);
            docs.push(vec![
                "mittari",
                "analytiikka",
                if i % 2 == 0 { "seuranta" } else { "kpi" },
            ]);
        }
        let tfidf = Tfidf::fit(
            &docs,
            TfidfParams {
                min_df: 1,
                max_df: 1.0,
            },
        );
        let params = LsaParams {
            dims: 2,
            oversample: 4,
            power_iterations: 2,
            seed: 1,
            fit_rows: 1000,
        };
        let lsa = Lsa::fit(&tfidf.matrix, params).unwrap();
        let e = &lsa.embeddings;
        let same = e.row(0).dot(&e.row(2));
        let other = e.row(0).dot(&e.row(1));
        assert!(same > 0.9, "same topic cosine {same}");
        assert!(other < 0.2, "different topic cosine {other}");
        let q = orthonormal(&Array2::from_shape_fn((50, 6), |(i, j)| {
            ((i * 7 + j * 3) % 11) as f64 + (i == j) as u8 as f64
        }))
        .unwrap();
        let eye = q.t().dot(&q);
        assert!(eye
            .indexed_iter()
            .all(|((i, j), &v)| (v - f64::from(u8::from(i == j))).abs() < 1e-10));
        let again = Lsa::fit(&tfidf.matrix, params).unwrap();
        assert_eq!(again.embeddings, lsa.embeddings);
        // Fitted on a sample of the rows, every row is still embedded, and alike.
        let sampled = Lsa::fit(
            &tfidf.matrix,
            LsaParams {
                fit_rows: 10,
                ..params
            },
        )
        .unwrap();
        let e = &sampled.embeddings;
        assert_eq!(e.nrows(), docs.len());
        assert!(e.row(0).dot(&e.row(2)) > 0.9 && e.row(0).dot(&e.row(1)) < 0.2);
        assert_eq!(again.embeddings, lsa.embeddings);
    }
}
