//! The tests behind the group comparison ([`super::compare`]): the log-likelihood G² of a 2×2
//! table, Pearson's chi-square of a whole table, chi-square p-values (the regularised upper
//! incomplete gamma function, as Numerical Recipes computes it) and the Benjamini–Hochberg
//! adjustment for many tests. Written out here rather than taken from a crate: four small
//! functions, checked in the tests against closed forms and values worked by hand.

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, nine terms; relative error about 1e-15).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularised upper incomplete gamma function `Q(a, x) = Γ(a, x) / Γ(a)`: a series below
/// `x = a + 1`, a continued fraction (modified Lentz) above, so small p-values keep their digits.
fn gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let front = (-x + a * x.ln() - ln_gamma(a)).exp();
    if x < a + 1.0 {
        let (mut term, mut sum, mut n) = (1.0 / a, 1.0 / a, a);
        for _ in 0..1000 {
            n += 1.0;
            term *= x / n;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        return (1.0 - sum * front).clamp(0.0, 1.0);
    }
    const TINY: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..1000 {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-16 {
            break;
        }
    }
    (front * h).clamp(0.0, 1.0)
}

/// The chi-square distribution's upper tail: the p-value of statistic `x` with `df` degrees
/// of freedom.
pub fn chi2_sf(x: f64, df: usize) -> f64 {
    if df == 0 || x.is_nan() {
        return 1.0;
    }
    gamma_q(df as f64 / 2.0, x / 2.0)
}

/// Log-likelihood G² of the 2×2 table `[[a, b], [c, d]]` (rows: in the group or not; columns:
/// with the theme or not): `2 Σ O ln(O / E)`, a cell of 0 adding 0. Also the smallest expected
/// count, for judging the 1-df approximation (under 5 it is rough). The counts are `f64` so
/// that a weighted table scaled to its effective sample size (not whole numbers) is tested
/// the same way; answers counted as whole numbers give the same bits as integer arithmetic
/// would, since their sums are exact in `f64`.
pub fn g2_2x2(a: f64, b: f64, c: f64, d: f64) -> (f64, f64) {
    let n = a + b + c + d;
    if n <= 0.0 {
        return (0.0, 0.0);
    }
    let (r1, r2) = (a + b, c + d);
    let (c1, c2) = (a + c, b + d);
    let cells = [(a, r1 * c1), (b, r1 * c2), (c, r2 * c1), (d, r2 * c2)];
    let mut g2 = 0.0;
    let mut min_expected = f64::INFINITY;
    for (o, e) in cells {
        let e = e / n;
        min_expected = min_expected.min(e);
        if o > 0.0 {
            g2 += o * (o / e).ln();
        }
    }
    ((2.0 * g2).max(0.0), min_expected)
}

/// Pearson's chi-square of a contingency table (rows × columns of counts), leaving out empty
/// rows and columns: the statistic, its degrees of freedom, and the share of cells whose
/// expected count is under 5. Counts as in [`g2_2x2`]: whole numbers, or weighted and scaled.
pub fn pearson(table: &[Vec<f64>]) -> (f64, usize, f64) {
    let cols = table.first().map_or(0, Vec::len);
    let row_sums: Vec<f64> = table.iter().map(|r| r.iter().sum::<f64>()).collect();
    let col_sums: Vec<f64> = (0..cols)
        .map(|j| table.iter().map(|r| r[j]).sum::<f64>())
        .collect();
    let n: f64 = row_sums.iter().sum();
    let rows_used: Vec<usize> = (0..table.len()).filter(|&i| row_sums[i] > 0.0).collect();
    let cols_used: Vec<usize> = (0..cols).filter(|&j| col_sums[j] > 0.0).collect();
    if rows_used.len() < 2 || cols_used.len() < 2 {
        return (0.0, 0, 0.0);
    }
    let (mut chi2, mut small) = (0.0, 0usize);
    for &i in &rows_used {
        for &j in &cols_used {
            let e = row_sums[i] * col_sums[j] / n;
            if e < 5.0 {
                small += 1;
            }
            let diff = table[i][j] - e;
            chi2 += diff * diff / e;
        }
    }
    let df = (rows_used.len() - 1) * (cols_used.len() - 1);
    let cells = (rows_used.len() * cols_used.len()) as f64;
    (chi2, df, small as f64 / cells)
}

/// Benjamini–Hochberg adjusted p-values (q-values), in the order of `p`: the i-th smallest
/// becomes `min over j ≥ i of m·p(j)/j`, at most 1. Controls the false discovery rate over the
/// tests given.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut q = vec![1.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m as f64 / (rank + 1) as f64);
        q[i] = running.min(1.0);
    }
    q
}

/// Significance stars: `***` p < 0.001, `**` p < 0.01, `*` p < 0.05, else none.
pub fn stars(p: f64) -> &'static str {
    if p < 0.001 {
        "***"
    } else if p < 0.01 {
        "**"
    } else if p < 0.05 {
        "*"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn chi_square_tails_match_closed_forms_and_critical_values() {
        // df = 2: sf(x) = exp(−x/2); df = 4: exp(−x/2)(1 + x/2); df = 1: erfc(√(x/2)).
        for x in [0.1, 1.0, 3.0, 10.0, 40.0, 120.0] {
            let e = (-x / 2.0f64).exp();
            assert!(close(chi2_sf(x, 2), e, 1e-12), "{x}");
            assert!(close(chi2_sf(x, 4), e * (1.0 + x / 2.0), 1e-12), "{x}");
        }
        // Python: math.erfc(math.sqrt(0.5)) = 0.31731050786291404.
        assert!(close(chi2_sf(1.0, 1), 0.317_310_507_862_914_04, 1e-12));
        // The textbook critical values of 1 df: 3.841459 (0.05), 6.634897 (0.01), 10.827566
        // (0.001); scipy.stats.chi2.isf(p, 1).
        assert!(close(chi2_sf(3.841_458_820_694_124, 1), 0.05, 1e-9));
        assert!(close(chi2_sf(6.634_896_601_021_214, 1), 0.01, 1e-9));
        assert!(close(chi2_sf(10.827_566_170_662_733, 1), 0.001, 1e-9));
        // 10 df, the 0.05 critical value 18.307038 (chi2.isf(0.05, 10)).
        assert!(close(chi2_sf(18.307_038_053_275_146, 10), 0.05, 1e-9));
        assert_eq!(chi2_sf(0.0, 3), 1.0);
    }

    #[test]
    fn g2_and_chi_square_of_a_two_by_two_table_worked_by_hand() {
        // 100 answers in the group, 30 with the theme; 200 elsewhere, 20 with it.
        // Expected: 16.667, 83.333, 33.333, 166.667.
        // G² = 2 [30 ln(30/16.667) + 70 ln(70/83.333) + 20 ln(20/33.333) + 180 ln(180/166.667)]
        //    = 2 [17.63360 − 12.20474 − 10.21651 + 13.85299] = 18.130676
        // Pearson = n (ad − bc)² / (r1 r2 c1 c2) = 300 · 4000² / (100 · 200 · 50 · 250) = 19.2
        // p = erfc(√(G²/2)) = 2.0625187e-5 (scipy.stats.chi2.sf(18.130676, 1)).
        let (g2, min_e) = g2_2x2(30.0, 70.0, 20.0, 180.0);
        assert!(close(g2, 18.130_675_552_224_86, 1e-12), "{g2}");
        assert!(close(min_e, 50.0 / 3.0, 1e-12));
        assert!(close(chi2_sf(g2, 1), 2.062_518_663_371_451_5e-5, 1e-8));
        let (chi2, df, small) = pearson(&[vec![30.0, 70.0], vec![20.0, 180.0]]);
        assert!(close(chi2, 19.2, 1e-12) && df == 1 && small == 0.0);
        assert!(close(chi2_sf(chi2, 1), 1.177_133_909_761_500_6e-5, 1e-8));
        // No difference: G² = 0; an empty cell adds nothing.
        assert_eq!(g2_2x2(10.0, 90.0, 20.0, 180.0).0, 0.0);
        assert!(g2_2x2(0.0, 100.0, 50.0, 150.0).0 > 0.0);
    }

    #[test]
    fn pearson_leaves_out_empty_rows_and_columns() {
        // A 3×3 table with an empty row and column is the 2×2 above.
        let t = [
            vec![30.0, 0.0, 70.0],
            vec![0.0, 0.0, 0.0],
            vec![20.0, 0.0, 180.0],
        ];
        let (chi2, df, _) = pearson(&t);
        assert!(close(chi2, 19.2, 1e-12) && df == 1);
        // Expected counts under 5: one cell of four.
        let (_, _, small) = pearson(&[vec![2.0, 8.0], vec![10.0, 80.0]]);
        assert_eq!(small, 0.25);
    }

    #[test]
    fn benjamini_hochberg_by_hand() {
        // m = 5, sorted p 0.01 0.02 0.03 0.04 0.5 → m·p/rank 0.05 0.05 0.05 0.05 0.5.
        let q = benjamini_hochberg(&[0.04, 0.5, 0.01, 0.03, 0.02]);
        for (got, want) in q.iter().zip([0.05, 0.5, 0.05, 0.05, 0.05]) {
            assert!(close(*got, want, 1e-12), "{q:?}");
        }
        // Monotone, capped at 1.
        let q = benjamini_hochberg(&[0.9, 0.001, 0.8]);
        assert!(
            close(q[1], 0.003, 1e-12) && q[0] == 0.9 && q[2] == 0.9,
            "{q:?}"
        );
        assert_eq!(stars(0.0009), "***");
        assert_eq!(stars(0.009), "**");
        assert_eq!(stars(0.049), "*");
        assert_eq!(stars(0.05), "");
    }
}
