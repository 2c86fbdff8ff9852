//! Words compared between groups (`--by`): which words a group's answers use more, or less,
//! than the other answers, tested as the comparison of themes tests a theme
//! ([`super::compare`]). For each word and group, the 2×2 table of answers (in the group or
//! not × using the word or not; answers with content and a value in the column) gives a
//! log-likelihood G² with 1 degree of freedom, its p-value, and the Benjamini–Hochberg adjusted
//! p over every test of the column. A group's list holds the words whose adjusted p is under
//! [`super::compare::ALPHA`], the largest G² first: the words it is known by, and the words it
//! leaves out.
//!
//! Tested: every word used by at least [`MIN_ANSWERS`] of the compared answers (rarer words
//! cannot reach significance after the adjustment, and testing them would only lengthen it),
//! in every group. With two groups a word's two tables are one table mirrored: it is tested
//! once, and what the first group uses more the second uses less. With `--weight` the tables
//! are weighted as the themes' are ([`super::compare_tables`]: each side's weighted shares
//! scaled to its Kish effective n; answers without a valid weight left out of the test), and
//! over or under follows the weighted shares; which words are tested still goes by answers.
//!
//! This reads the vectors of answers per word id that the word tables count for each group
//! anyway ([`super::word_count::QuestionWords::answers`]): no pass over the terms of its own.

use serde::Serialize;

use super::compare::{Direction, ALPHA};
use super::compare_tables::{Difference, Sides};
use super::stats::benjamini_hochberg;
use super::weights::WeightedBase;
use crate::analysis::SurfaceForms;

/// Words used by fewer of the compared answers are not tested.
pub const MIN_ANSWERS: u32 = 5;

/// A group's list keeps at most this many words each way.
pub const LISTED: usize = 10;

/// One word in one group against the other answers with a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordTest {
    pub term: String,
    /// As it is shown: the word as most often written.
    pub word: String,
    /// The answers that use it, in the group and elsewhere, and its test.
    #[serde(flatten)]
    pub diff: Difference,
}

/// A group's significant words: used more than elsewhere, and used less.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupKeys {
    pub more_common: Vec<WordTest>,
    pub less_common: Vec<WordTest>,
}

/// What one column's test covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tested {
    /// `"G2"`, as in the comparison of themes; with `--weight` `"G2-weighted-kish"`, each side
    /// of the table its weighted shares scaled to its effective n.
    pub test: &'static str,
    /// `"benjamini-hochberg"`, over `tests`.
    pub correction: &'static str,
    /// The words tested: those used by at least `min_answers` compared answers.
    pub words: usize,
    /// The tests adjusted over (words × groups, a mirrored pair of groups counting once).
    pub tests: usize,
    pub min_answers: u32,
}

/// With `--weight`, what the weighted test reads: each group's weight sum of the answers that
/// use each word (indexed as the counts), and each group's base (Σw, Σw², answers without a
/// valid weight).
#[derive(Debug, Clone, Default)]
pub struct Weighted {
    pub sums: Vec<Vec<f64>>,
    pub bases: Vec<WeightedBase>,
}

/// One test before the adjustment.
struct Raw {
    word: u32,
    group: usize,
    p: f64,
}

/// The counts a column's tests read, and the 2×2 table of a word in a group.
struct Tables<'a> {
    counts: &'a [Vec<u32>],
    sizes: &'a [usize],
    n: usize,
    /// Each word's compared answers.
    total: Vec<u32>,
    /// With weights: the sums, each word's total weight, and each group's other groups' base.
    weighted: Option<(&'a Weighted, Vec<f64>, Vec<WeightedBase>)>,
}

impl<'a> Tables<'a> {
    fn new(counts: &'a [Vec<u32>], sizes: &'a [usize], weighted: Option<&'a Weighted>) -> Self {
        let vocabulary = counts.first().map_or(0, Vec::len);
        let total = (0..vocabulary)
            .map(|w| counts.iter().map(|c| c[w]).sum())
            .collect();
        let weighted = weighted.map(|wt| {
            let total_w = (0..vocabulary)
                .map(|w| wt.sums.iter().map(|s| s[w]).sum())
                .collect();
            let elsewhere = (0..sizes.len())
                .map(|g| {
                    let mut base = WeightedBase::default();
                    for (_, b) in wt.bases.iter().enumerate().filter(|&(h, _)| h != g) {
                        base.absorb(b);
                    }
                    base
                })
                .collect();
            (wt, total_w, elsewhere)
        });
        Tables {
            counts,
            sizes,
            n: sizes.iter().sum(),
            total,
            weighted,
        }
    }

    /// Word `w` in group `g` against the other groups: answers counted, or with weights each
    /// side's weights scaled to its effective n ([`super::compare_tables`]).
    fn sides(&self, g: usize, w: u32) -> Sides {
        let w = w as usize;
        match &self.weighted {
            None => {
                let a = self.counts[g][w] as usize;
                let c = self.total[w] as usize - a;
                Sides::counts(a, self.sizes[g], c, self.n - self.sizes[g])
            }
            Some((wt, total_w, elsewhere)) => Sides {
                with_in: wt.sums[g][w],
                all_in: wt.bases[g].total,
                with_out: total_w[w] - wt.sums[g][w],
                all_out: elsewhere[g].total,
                scale_in: wt.bases[g].scale(),
                scale_out: elsewhere[g].scale(),
            },
        }
    }

    /// Word `w` in group `g` as a report lists it: its counts, tested, the test's p adjusted
    /// to `q`.
    fn test(&self, g: usize, w: u32, term: &str, q: f64) -> WordTest {
        let a = self.counts[g][w as usize] as usize;
        let plain = Sides::counts(
            a,
            self.sizes[g],
            self.total[w as usize] as usize - a,
            self.n - self.sizes[g],
        );
        let weighted = self.weighted.as_ref().map(|_| self.sides(g, w));
        let mut diff = Difference::new(plain, weighted);
        diff.adjust(q);
        WordTest {
            term: term.to_string(),
            word: String::new(),
            diff,
        }
    }

    /// The p-value of each word of `tested` in each group (only the first of two groups: the
    /// second's tables are the first's mirrored), before the adjustment.
    fn raw_tests(&self, tested: &[u32]) -> Vec<Raw> {
        let groups = if self.sizes.len() == 2 {
            1
        } else {
            self.sizes.len()
        };
        let mut raw = Vec::with_capacity(tested.len() * groups);
        for &w in tested {
            for g in 0..groups {
                let (_, p, _) = self.sides(g, w).test();
                raw.push(Raw {
                    word: w,
                    group: g,
                    p,
                });
            }
        }
        raw
    }
}

/// Tests every word used by [`MIN_ANSWERS`] compared answers in every group: `counts[g]` are
/// group `g`'s answers per word id, `sizes[g]` its answers with content, and with `--weight`
/// `weighted` their weights. Gives each group's significant words, and what was tested.
pub(super) fn compare(
    terms: &[&str],
    forms: &SurfaceForms,
    counts: &[Vec<u32>],
    sizes: &[usize],
    weighted: Option<&Weighted>,
) -> (Vec<GroupKeys>, Tested) {
    let tables = Tables::new(counts, sizes, weighted);
    let tested: Vec<u32> = (0..tables.total.len() as u32)
        .filter(|&w| tables.total[w as usize] >= MIN_ANSWERS)
        .collect();
    let raw = if sizes.len() < 2 {
        Vec::new()
    } else {
        tables.raw_tests(&tested)
    };
    let q = benjamini_hochberg(&raw.iter().map(|r| r.p).collect::<Vec<_>>());
    let mut keys = vec![GroupKeys::default(); sizes.len()];
    for (r, &q) in raw.iter().zip(&q) {
        if q >= ALPHA {
            continue;
        }
        let term = terms[r.word as usize];
        let first = tables.test(r.group, r.word, term, q);
        let mut tests = vec![(r.group, first.clone())];
        if sizes.len() == 2 {
            // The second group's table is the first's mirrored: the same test, as tested.
            let mut mirrored = tables.test(1, r.word, term, q);
            let d = &first.diff;
            (mirrored.diff.g2, mirrored.diff.p) = (d.g2, d.p);
            mirrored.diff.min_expected = d.min_expected;
            tests.push((1, mirrored));
        }
        for (g, t) in tests {
            match t.diff.direction {
                Direction::Over => keys[g].more_common.push(t),
                Direction::Under => keys[g].less_common.push(t),
                Direction::Same => {}
            }
        }
    }
    for k in &mut keys {
        for list in [&mut k.more_common, &mut k.less_common] {
            list.sort_by(|a, b| {
                (b.diff.g2)
                    .total_cmp(&a.diff.g2)
                    .then_with(|| a.term.cmp(&b.term))
            });
            list.truncate(LISTED);
            for t in list.iter_mut() {
                t.word = forms.most_common(&t.term);
            }
        }
    }
    let tested = Tested {
        test: if weighted.is_some() {
            "G2-weighted-kish"
        } else {
            "G2"
        },
        correction: "benjamini-hochberg",
        words: tested.len(),
        tests: raw.len(),
        min_answers: MIN_ANSWERS,
    };
    (keys, tested)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::stats::{chi2_sf, g2_2x2};

    fn forms() -> SurfaceForms {
        let mut f = SurfaceForms::default();
        f.add_one("palkka", "palkkaa");
        f
    }

    #[test]
    fn two_groups_are_one_test_per_word_worked_by_hand() {
        // Group A: 100 answers, 30 use "palkka"; group B: 200 answers, 20 do: the table of the
        // stats test, G² = 18.130676, p = 2.0625e-5. "aika": 10 of A, 20 of B, the same share,
        // G² 0. "harva": 4 answers, under MIN_ANSWERS, not tested.
        let terms = ["palkka", "aika", "harva"];
        let counts = vec![vec![30, 10, 4], vec![20, 20, 0]];
        let (keys, tested) = compare(&terms, &forms(), &counts, &[100, 200], None);
        assert_eq!((tested.words, tested.tests, tested.min_answers), (2, 2, 5));
        let a = &keys[0].more_common;
        assert_eq!(a.len(), 1, "{a:?}");
        let p = &a[0];
        assert_eq!((p.term.as_str(), p.word.as_str()), ("palkka", "palkkaa"));
        assert_eq!((p.diff.count, p.diff.count_elsewhere), (30, 20));
        assert!((p.diff.share - 0.3).abs() < 1e-12 && (p.diff.share_elsewhere - 0.1).abs() < 1e-12);
        assert!(
            (p.diff.g2 - 18.130_675_552_224_86).abs() < 1e-9,
            "{}",
            p.diff.g2
        );
        assert!((p.diff.p - 2.062_518_663_371_451_5e-5).abs() < 1e-12);
        // Two tests adjusted: palkka's p is the smaller, so q = 2p/1; aika's is 1.
        let q = benjamini_hochberg(&[p.diff.p, chi2_sf(0.0, 1)]);
        assert!((p.diff.p_adjusted - q[0]).abs() < 1e-15 && p.diff.stars == "***");
        assert_eq!(p.diff.direction, Direction::Over);
        assert!(keys[0].less_common.is_empty());
        // B's table is A's mirrored: palkka is less common there, with the same test.
        assert!(keys[1].more_common.is_empty());
        let b = &keys[1].less_common[0];
        assert_eq!((b.diff.count, b.diff.count_elsewhere), (20, 30));
        assert_eq!(
            (b.diff.g2, b.diff.p_adjusted),
            (p.diff.g2, p.diff.p_adjusted)
        );
        assert_eq!(b.diff.direction, Direction::Under);
    }

    #[test]
    fn many_groups_test_each_group_against_the_rest_and_adjust_over_all() {
        // Three groups of 100. "kiire": 40, 10, 10 (more in the first, less in the others,
        // each against the 200 others); "aika": 20 in each (no difference).
        let terms = ["kiire", "aika"];
        let counts = vec![vec![40, 20], vec![10, 20], vec![10, 20]];
        let (keys, tested) = compare(&terms, &SurfaceForms::default(), &counts, &[100; 3], None);
        assert_eq!((tested.words, tested.tests), (2, 6));
        let first = &keys[0].more_common[0];
        let (g2, _) = g2_2x2(40.0, 60.0, 20.0, 180.0);
        assert!((first.diff.g2 - g2).abs() < 1e-12);
        assert_eq!(first.word, "kiire", "no written form: the term");
        let (g2_less, _) = g2_2x2(10.0, 90.0, 50.0, 150.0);
        for k in &keys[1..] {
            assert!(k.more_common.is_empty());
            assert!((k.less_common[0].diff.g2 - g2_less).abs() < 1e-12);
        }
        // BH over the six p-values.
        let p: Vec<f64> = [g2, 0.0, g2_less, 0.0, g2_less, 0.0]
            .iter()
            .map(|&g| chi2_sf(g, 1))
            .collect();
        let q = benjamini_hochberg(&p);
        assert!((first.diff.p_adjusted - q[0]).abs() < 1e-15);
        assert!((keys[2].less_common[0].diff.p_adjusted - q[4]).abs() < 1e-15);
    }

    #[test]
    fn nothing_significant_lists_nothing_and_one_group_tests_nothing() {
        let counts = vec![vec![6, 3], vec![5, 3]];
        let (keys, _) = compare(
            &["a", "b"],
            &SurfaceForms::default(),
            &counts,
            &[50, 50],
            None,
        );
        assert!(keys.iter().all(|k| k == &GroupKeys::default()));
        let (keys, tested) = compare(&["a"], &SurfaceForms::default(), &[vec![9]], &[10], None);
        assert_eq!((keys.len(), tested.tests), (1, 0));
    }

    #[test]
    fn a_list_keeps_the_largest_g2_first_ties_by_term() {
        // Twelve words only in the first group, two strengths: the list keeps ten.
        let terms: Vec<String> = (0..12).map(|i| format!("w{i:02}")).collect();
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let a: Vec<u32> = (0..12).map(|i| if i % 2 == 0 { 30 } else { 20 }).collect();
        let counts = vec![a, vec![0; 12]];
        let (keys, _) = compare(&terms, &SurfaceForms::default(), &counts, &[100, 100], None);
        let listed: Vec<&str> = keys[0]
            .more_common
            .iter()
            .map(|t| t.term.as_str())
            .collect();
        assert_eq!(
            listed,
            ["w00", "w02", "w04", "w06", "w08", "w10", "w01", "w03", "w05", "w07"]
        );
    }

    /// Group A: ten answers, five of weight 2 that use the word and five of weight 1 that do
    /// not; group B: ten of weight 1, one using it, and one more using it without a weight.
    fn weighted_example() -> (Vec<Vec<u32>>, [usize; 2], Weighted) {
        let mut a = WeightedBase::default();
        let mut b = WeightedBase::default();
        for _ in 0..5 {
            a.add(Some(2.0));
            a.add(Some(1.0));
        }
        for _ in 0..10 {
            b.add(Some(1.0));
        }
        b.add(None);
        let weighted = Weighted {
            sums: vec![vec![10.0], vec![1.0]],
            bases: vec![a, b],
        };
        (vec![vec![5], vec![2]], [10, 11], weighted)
    }

    #[test]
    fn weights_scale_each_side_to_its_effective_n_worked_by_hand() {
        let (counts, sizes, weighted) = weighted_example();
        let (keys, tested) = compare(&["w"], &forms(), &counts, &sizes, Some(&weighted));
        assert_eq!(tested.test, "G2-weighted-kish");
        // A: Σw 15, Σw² 25, n_eff 9, p̂ 10/15 → 6 and 3. B (the answer without a weight left
        // out): Σw 10, Σw² 10, n_eff 10, p̂ 0.1 → 1 and 9.
        let t = &keys[0].more_common[0];
        let (g2, _) = g2_2x2(6.0, 3.0, 1.0, 9.0);
        assert!((t.diff.g2 - g2).abs() < 1e-12, "{} {g2}", t.diff.g2);
        assert_eq!(t.diff.weighted_share, Some(10.0 / 15.0));
        assert_eq!(t.diff.weighted_share_elsewhere, Some(0.1));
        // The unweighted figures stay beside them: 5 of 10 against 2 of 11.
        assert_eq!((t.diff.count, t.diff.count_elsewhere), (5, 2));
        assert!(
            (t.diff.share - 0.5).abs() < 1e-12
                && (t.diff.share_elsewhere - 2.0 / 11.0).abs() < 1e-12
        );
        let (unweighted, _) = g2_2x2(5.0, 5.0, 2.0, 9.0);
        assert!(
            (t.diff.g2 - unweighted).abs() > 0.5,
            "the weights change the test"
        );
        assert_eq!(keys[1].less_common[0].diff.weighted_share, Some(0.1));
    }

    #[test]
    fn weights_all_one_give_the_unweighted_test() {
        let terms = ["kiire", "aika"];
        let counts = vec![vec![40, 20], vec![10, 20], vec![10, 20]];
        let weighted = Weighted {
            sums: counts
                .iter()
                .map(|c| c.iter().map(|&x| f64::from(x)).collect())
                .collect(),
            bases: (0..3)
                .map(|_| {
                    let mut b = WeightedBase::default();
                    (0..100).for_each(|_| b.add(Some(1.0)));
                    b
                })
                .collect(),
        };
        let forms = SurfaceForms::default();
        let (plain, _) = compare(&terms, &forms, &counts, &[100; 3], None);
        let (weighted, _) = compare(&terms, &forms, &counts, &[100; 3], Some(&weighted));
        for (p, w) in plain.iter().zip(&weighted) {
            for (p, w) in p
                .more_common
                .iter()
                .chain(&p.less_common)
                .zip(w.more_common.iter().chain(&w.less_common))
            {
                assert_eq!(
                    (p.diff.g2, p.diff.p, p.diff.p_adjusted, p.diff.direction),
                    (w.diff.g2, w.diff.p, w.diff.p_adjusted, w.diff.direction)
                );
                assert_eq!(w.diff.weighted_share, Some(p.diff.share));
            }
            assert_eq!(
                p.more_common.len() + p.less_common.len(),
                w.more_common.len() + w.less_common.len()
            );
        }
    }
}
