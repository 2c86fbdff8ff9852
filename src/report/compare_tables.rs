//! The tables a group comparison ([`super::compare`]) tests, and how survey weights
//! (`--weight`) enter them.
//!
//! Without weights a theme's table in a group is the answers: in the group with and without
//! the theme, elsewhere with and without. With weights the weighted shares estimate the
//! population's, but weight sums are not counts: a test on Σw depends on the weights' units,
//! and a test on the unweighted answers tests shares the report does not claim. The test is
//! the first-order Rao–Scott correction with Kish's design effect: each side of the table
//! (the group's answers; the other answers) is its weighted shares scaled to its effective
//! sample size,
//!
//! ```text
//! n_eff = (Σw)² / Σw²,   deff = n / n_eff,   p̂ = Σ_{with the theme} w / Σw,
//! group:     p̂_g · n_eff,g        (1 − p̂_g) · n_eff,g
//! elsewhere: p̂_e · n_eff,e        (1 − p̂_e) · n_eff,e
//! ```
//!
//! and G² is taken on these counts (not whole numbers), 1 df as before. Why this is the right
//! size: the 2×2 test compares two independent shares, and Kish's approximation gives a
//! weighted share the variance `p(1 − p) / n_eff`, so the test of `p̂_g − p̂_e` needs
//! `1/n_eff,g + 1/n_eff,e` where the unweighted one has `1/n_g + 1/n_e`; scaling each side
//! to its `n_eff` is dividing its information by its own design effect. The overall test
//! scales each group's column of the first theme × group table (weighted) to the group's
//! `n_eff` likewise, and Cramér's V is read off that table, `sqrt(X² / (N (min(r, c) − 1)))`
//! with `N = Σ n_eff,g`.
//!
//! Why each side's own `n_eff` and not one design effect for all the compared answers: weights
//! are often made from the very column compared (post-stratified by region or age group).
//! Then a group's weights are all alike, its weighted share is its plain share, as precise as
//! its n says, and one whole-set `deff` (inflated by the differences *between* the groups'
//! weights) would throw away evidence that is there. Scaled side by side, such weights leave
//! the groups' own shares tested as without weights, and weights all 1 give the unweighted
//! test bit for bit (`n_eff = n`, scale 1; whole numbers are exact in `f64`).
//!
//! Answers without a valid weight are left out of the weighted test (they are counted and
//! named by [`super::weights`]); over or under follows the weighted shares.

use std::cmp::Ordering;

use serde::Serialize;

use super::compare::Direction;
use super::stats::{chi2_sf, g2_2x2, stars};
use super::weights::WeightedBase;

/// One theme or word in one group against the other answers with a value: the answers on each
/// side and their shares, with `--weight` the weighted shares, and the test of the table
/// ([`Sides`]). A comparison's cell and a word compared each hold one, flattened into their
/// JSON objects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// The group's answers that carry the theme or use the word.
    pub count: usize,
    /// `count` over the group's answers.
    pub share: f64,
    /// The other answers (with a value) that carry or use it.
    pub count_elsewhere: usize,
    pub share_elsewhere: f64,
    /// `--weight`: the weights of the group's answers that carry or use it over the weights
    /// of the group's answers (those with a valid weight); the test and `direction` follow it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_share: Option<f64>,
    /// `--weight`: the same over the other answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_share_elsewhere: Option<f64>,
    pub g2: f64,
    pub p: f64,
    /// Benjamini–Hochberg adjusted over the comparison's tests.
    pub p_adjusted: f64,
    /// `*` p < 0.05, `**` p < 0.01, `***` p < 0.001, on `p_adjusted`.
    pub stars: &'static str,
    pub direction: Direction,
    /// The smallest expected count of the 2×2 table (with weights, of the scaled table);
    /// under 5 the p-value is rough.
    pub min_expected: f64,
}

impl Difference {
    /// The answers counted (`plain`) and, with `--weight`, the weighted table, which is then
    /// the one tested; `p_adjusted` is `p` until [`Difference::adjust`].
    pub(super) fn new(plain: Sides, weighted: Option<Sides>) -> Difference {
        let tested = weighted.unwrap_or(plain);
        let (g2, p, min_expected) = tested.test();
        let (share, share_elsewhere) = plain.shares();
        let weighted_shares = weighted.map(|w| w.shares());
        Difference {
            count: plain.with_in as usize,
            share,
            count_elsewhere: plain.with_out as usize,
            share_elsewhere,
            weighted_share: weighted_shares.map(|s| s.0),
            weighted_share_elsewhere: weighted_shares.map(|s| s.1),
            g2,
            p,
            p_adjusted: p,
            stars: "",
            direction: tested.direction(),
            min_expected,
        }
    }

    /// The shares the test is on, in the group and elsewhere: the weighted ones with
    /// `--weight`.
    pub fn tested_shares(&self) -> (f64, f64) {
        match (self.weighted_share, self.weighted_share_elsewhere) {
            (Some(a), Some(b)) => (a, b),
            _ => (self.share, self.share_elsewhere),
        }
    }

    /// Sets the adjusted p and the stars given on it.
    pub(super) fn adjust(&mut self, q: f64) {
        self.p_adjusted = q;
        self.stars = stars(q);
    }
}

/// One theme in one group against the other answers, as its test takes it: the part that
/// carries the theme and the whole, on each side (answers, or with weights the weight sums),
/// and what one unit counts for in the test (1; with weights `n_eff / Σw`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Sides {
    pub with_in: f64,
    pub all_in: f64,
    pub with_out: f64,
    pub all_out: f64,
    pub scale_in: f64,
    pub scale_out: f64,
}

impl Sides {
    /// Answers counted: `a` of the group's `n_in` carry the theme, `c` of the other `n_out`.
    pub fn counts(a: usize, n_in: usize, c: usize, n_out: usize) -> Sides {
        Sides {
            with_in: a as f64,
            all_in: n_in as f64,
            with_out: c as f64,
            all_out: n_out as f64,
            scale_in: 1.0,
            scale_out: 1.0,
        }
    }

    /// The 2×2 table tested, `[a, b, c, d]`: group with and without the theme, elsewhere
    /// with and without, each side scaled.
    pub fn table(&self) -> [f64; 4] {
        [
            self.with_in * self.scale_in,
            (self.all_in - self.with_in) * self.scale_in,
            self.with_out * self.scale_out,
            (self.all_out - self.with_out) * self.scale_out,
        ]
    }

    /// The table's G² (1 df), its p-value (1 when a side counts for nothing) and its smallest
    /// expected count.
    pub fn test(&self) -> (f64, f64, f64) {
        let [a, b, c, d] = self.table();
        let (g2, min_expected) = g2_2x2(a, b, c, d);
        let p = if self.testable() { chi2_sf(g2, 1) } else { 1.0 };
        (g2, p, min_expected)
    }

    /// Whether both sides count for something; a test with an empty side has p = 1.
    pub fn testable(&self) -> bool {
        self.all_in * self.scale_in > 0.0 && self.all_out * self.scale_out > 0.0
    }

    /// The share in the group and elsewhere (0 for an empty side).
    pub fn shares(&self) -> (f64, f64) {
        let share = |part: f64, all: f64| if all > 0.0 { part / all } else { 0.0 };
        (
            share(self.with_in, self.all_in),
            share(self.with_out, self.all_out),
        )
    }

    /// Over or under: the shares compared as cross-products, so that whole numbers compare
    /// exactly.
    pub fn direction(&self) -> Direction {
        match (self.with_in * self.all_out).total_cmp(&(self.with_out * self.all_in)) {
            Ordering::Greater => Direction::Over,
            Ordering::Less => Direction::Under,
            Ordering::Equal => Direction::Same,
        }
    }
}

/// A question's weight sums per theme and group, counted beside its answers.
pub(super) struct WeightedCounts {
    /// Σw of each group's answers that carry each theme (the summaries' order).
    mentions: Vec<Vec<f64>>,
    /// Σw by first theme × group (the rows as the unweighted table's).
    first: Vec<Vec<f64>>,
    /// Each group's answers with and without a valid weight, Σw and `n_eff`.
    pub bases: Vec<WeightedBase>,
}

impl WeightedCounts {
    pub fn new(themes: usize, first_rows: usize, groups: usize) -> Self {
        WeightedCounts {
            mentions: vec![vec![0.0; groups]; themes],
            first: vec![vec![0.0; groups]; first_rows],
            bases: vec![WeightedBase::default(); groups],
        }
    }

    /// One answer of group `g`: its weight (`None`: missing or invalid, left out), the rows
    /// of the themes it carries and the row of its first theme.
    pub fn add(
        &mut self,
        g: usize,
        weight: Option<f64>,
        themes: impl Iterator<Item = usize>,
        first: Option<usize>,
    ) {
        self.bases[g].add(weight);
        let Some(w) = weight else { return };
        for t in themes {
            self.mentions[t][g] += w;
        }
        if let Some(t) = first {
            self.first[t][g] += w;
        }
    }

    /// Theme `t` in group `g` against the other groups, each side scaled to its `n_eff`.
    pub fn sides(&self, t: usize, g: usize) -> Sides {
        let mut elsewhere = WeightedBase::default();
        let mut with_out = 0.0;
        for (h, base) in self.bases.iter().enumerate().filter(|&(h, _)| h != g) {
            elsewhere.absorb(base);
            with_out += self.mentions[t][h];
        }
        let group = &self.bases[g];
        Sides {
            with_in: self.mentions[t][g],
            all_in: group.total,
            with_out,
            all_out: elsewhere.total,
            scale_in: group.scale(),
            scale_out: elsewhere.scale(),
        }
    }

    /// The first theme × group table with each group's column scaled to its `n_eff`, and its
    /// total `N = Σ n_eff,g`.
    pub fn first_scaled(&self) -> (Vec<Vec<f64>>, f64) {
        let table = self
            .first
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&self.bases)
                    .map(|(w, base)| w * base.scale())
                    .collect()
            })
            .collect();
        (table, self.bases.iter().map(|b| b.effective_n).sum())
    }
}

#[cfg(test)]
mod tests {

    use super::super::compare::{compare, Comparison, Direction};
    use crate::report::{test_theme as theme, Response};

    fn response(group: &str, theme: &str) -> Response {
        crate::report::test_response(2, "ryhmä", group, &[theme])
    }

    /// Answers as (group, theme, weight), compared by group, weighted and not.
    fn run(answers: &[(&str, &str, Option<f64>)]) -> (Comparison, Comparison) {
        let rows: Vec<Response> = answers.iter().map(|&(g, t, _)| response(g, t)).collect();
        let weights: Vec<Option<f64>> = answers.iter().map(|a| a.2).collect();
        let themes = [theme("x", false), theme("y", false)];
        (
            compare("ryhmä", &rows, &themes, Some(&weights)),
            compare("ryhmä", &rows, &themes, None),
        )
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn a_weighted_table_scaled_to_its_effective_n_worked_by_hand() {
        let (w, plain) = run(&[
            ("A", "x", Some(3.0)),
            ("A", "x", Some(1.0)),
            ("A", "y", Some(1.0)),
            ("A", "y", Some(1.0)),
            ("A", "x", None),
            ("B", "x", Some(1.0)),
            ("B", "y", Some(1.0)),
            ("B", "y", Some(2.0)),
            ("B", "y", Some(2.0)),
        ]);
        assert_eq!((w.test, plain.test), ("G2-weighted-kish", "G2"));
        assert!(plain.weighted.is_none());
        // A's valid weights 3 1 1 1: Σw = 6, Σw² = 12, n_eff = 36 / 12 = 3; x weighs 4, so
        // p̂ = 4/6 and the row is 2/3 · 3 = 2 with x, 1 without. The answer without a weight
        // is left out (still counted unweighted: 3 of 5).
        // B's 1 1 2 2: Σw = 6, Σw² = 10, n_eff = 3.6; x weighs 1, p̂ = 1/6: 0.6 and 3.
        let bases = w.weighted.as_ref().unwrap();
        assert_eq!((bases[0].answers, bases[0].answers_invalid), (4, 1));
        assert!(close(bases[0].effective_n, 3.0) && close(bases[1].effective_n, 3.6));
        let a = &w.themes[0].cells[0];
        assert_eq!((a.diff.count, a.diff.count_elsewhere), (3, 1));
        assert!(close(a.diff.share, 0.6) && close(a.diff.share_elsewhere, 0.25));
        assert!(close(a.diff.weighted_share.unwrap(), 4.0 / 6.0));
        assert!(close(a.diff.weighted_share_elsewhere.unwrap(), 1.0 / 6.0));
        // Table [2, 1; 0.6, 3], n = 6.6, rows 3 and 3.6, columns 2.6 and 4. Expected:
        // 3 · 2.6 / 6.6 = 1.181818, 1.818182, 1.418182, 2.181818.
        // G² = 2 [2 ln(2/1.181818) + 1 ln(1/1.818182) + 0.6 ln(0.6/1.418182) + 3 ln(3/2.181818)]
        //    = 2 [1.052186 − 0.597837 − 0.516121 + 0.955361] = 1.787179,
        // p = erfc(√(G²/2)) = 0.181270 (Python: math.erfc).
        assert!(
            (a.diff.g2 - 1.787_179_250_519_348).abs() < 1e-9,
            "{}",
            a.diff.g2
        );
        assert!(
            (a.diff.p - 0.181_270_221_227_899_5).abs() < 1e-9,
            "{}",
            a.diff.p
        );
        assert!((a.diff.min_expected - 7.8 / 6.6).abs() < 1e-12);
        assert_eq!(a.diff.direction, Direction::Over);
        // Unweighted the same answers give [3, 2; 1, 3]: another test.
        assert!((plain.themes[0].cells[0].diff.g2 - a.diff.g2).abs() > 0.1);
        // Overall, first theme × group, each group's column scaled: x 2 and 0.6, y 1 and 3,
        // N = 3 + 3.6. Pearson = N (ad − bc)² / (r1 r2 c1 c2) = 6.6 · 5.4² / (2.6 · 4 · 3 · 3.6)
        // = 1.713462; V = √(1.713462 / 6.6) = 0.509525.
        let o = w.overall.unwrap();
        assert!((o.chi2 - 1.713_461_538_461_538_6).abs() < 1e-9, "{o:?}");
        assert!(
            (o.cramers_v - 0.509_524_665_365_068_1).abs() < 1e-9,
            "{o:?}"
        );
    }

    /// 300 answers in three groups, two themes; each of `groups` weighs its answers by
    /// `weight(group, index)`.
    fn survey(
        weight: impl Fn(&str, usize) -> Option<f64>,
    ) -> Vec<(&'static str, &'static str, Option<f64>)> {
        let mut out = Vec::new();
        for (group, n, with_x) in [("A", 100, 50), ("B", 120, 20), ("C", 80, 40)] {
            for i in 0..n {
                let theme = if i < with_x { "x" } else { "y" };
                out.push((group, theme, weight(group, i)));
            }
        }
        out.push(("", "x", Some(1.0)));
        out
    }

    #[test]
    fn weights_all_one_test_as_no_weights_bit_for_bit() {
        let (w, plain) = run(&survey(|_, _| Some(1.0)));
        for (tw, tp) in w.themes.iter().zip(&plain.themes) {
            for (a, b) in tw.cells.iter().zip(&tp.cells) {
                assert_eq!(
                    (a.diff.g2, a.diff.p, a.diff.p_adjusted, a.diff.min_expected),
                    (b.diff.g2, b.diff.p, b.diff.p_adjusted, b.diff.min_expected)
                );
                assert_eq!(
                    (a.diff.stars, a.diff.direction),
                    (b.diff.stars, b.diff.direction)
                );
                assert_eq!(a.diff.weighted_share, Some(b.diff.share));
                assert_eq!(
                    a.diff.weighted_share_elsewhere,
                    Some(b.diff.share_elsewhere)
                );
            }
        }
        let (ow, op) = (w.overall.unwrap(), plain.overall.unwrap());
        assert_eq!((ow.chi2, ow.p, ow.cramers_v), (op.chi2, op.p, op.cramers_v));
        assert!(op.chi2 > 10.0, "{op:?}");
    }

    #[test]
    fn weights_alike_within_each_group_leave_its_tests_as_they_were() {
        // Post-stratified by the column compared: a group's weights are all alike, so its
        // weighted shares are its plain shares, as precise as its n.
        let weight = |g: &str, _| Some(if g == "A" { 2.5 } else { 0.4 });
        let (w, plain) = run(&survey(weight));
        let a = &w.themes[0].cells[0];
        let b = &plain.themes[0].cells[0];
        assert!(
            b.diff.g2 > 10.0 && (a.diff.g2 - b.diff.g2).abs() < 1e-9 * b.diff.g2,
            "{} {}",
            a.diff.g2,
            b.diff.g2
        );
        let (ow, op) = (w.overall.unwrap(), plain.overall.unwrap());
        assert!((ow.chi2 - op.chi2).abs() < 1e-9 * op.chi2);
    }

    #[test]
    fn weights_can_reverse_the_direction() {
        // A: 10 answers, 6 with x (60 %) weighing 0.5 each, 4 without weighing 2: weighted
        // 3 / 11 = 27 %. B: 10 answers, 4 with x, weights 1: 40 %. Unweighted A is over,
        // weighted under.
        let mut answers = Vec::new();
        for i in 0..10 {
            let (theme, weight) = if i < 6 { ("x", 0.5) } else { ("y", 2.0) };
            answers.push(("A", theme, Some(weight)));
            answers.push(("B", if i < 4 { "x" } else { "y" }, Some(1.0)));
        }
        let (w, plain) = run(&answers);
        let (a, p) = (&w.themes[0].cells[0], &plain.themes[0].cells[0]);
        assert_eq!(
            (p.diff.direction, a.diff.direction),
            (Direction::Over, Direction::Under)
        );
        assert!(close(a.diff.weighted_share.unwrap(), 3.0 / 11.0));
        assert!(close(a.diff.weighted_share_elsewhere.unwrap(), 0.4));
        assert!((a.diff.share, a.diff.count) == (0.6, 6));
        assert_eq!(w.themes[0].cells[1].diff.direction, Direction::Over);
    }
}
