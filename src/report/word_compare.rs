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
//! once, and what the first group uses more the second uses less. The counts are unweighted
//! (words are counted per answer, as in the word tables), whatever `--weight` says.
//!
//! This reads the vectors of answers per word id that the word tables count for each group
//! anyway ([`super::word_count::QuestionWords::answers`]): no pass over the terms of its own.

use serde::Serialize;

use super::compare::{Direction, ALPHA};
use super::compare_tables::Sides;
use super::stats::{benjamini_hochberg, chi2_sf, g2_2x2, stars};
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
    /// The group's answers that use it, and their share of the group's answers with content.
    pub count: usize,
    pub share: f64,
    /// The other answers with a value that use it, and their share.
    pub count_elsewhere: usize,
    pub share_elsewhere: f64,
    pub g2: f64,
    pub p: f64,
    /// Benjamini–Hochberg adjusted over every test of the column.
    pub p_adjusted: f64,
    /// `*` p < 0.05, `**` p < 0.01, `***` p < 0.001, on `p_adjusted`.
    pub stars: &'static str,
    pub direction: Direction,
    /// The smallest expected count of the 2×2 table; under 5 the p-value is rough.
    pub min_expected: f64,
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
    /// `"G2"`, as in the comparison of themes.
    pub test: &'static str,
    /// `"benjamini-hochberg"`, over `tests`.
    pub correction: &'static str,
    /// The words tested: those used by at least `min_answers` compared answers.
    pub words: usize,
    /// The tests adjusted over (words × groups, a mirrored pair of groups counting once).
    pub tests: usize,
    pub min_answers: u32,
}

/// One test before the adjustment.
struct Raw {
    word: u32,
    group: usize,
    g2: f64,
    p: f64,
    min_expected: f64,
}

/// Tests every word used by [`MIN_ANSWERS`] compared answers in every group: `counts[g]` are
/// group `g`'s answers per word id, `sizes[g]` its answers with content. Gives each group's
/// significant words, and what was tested.
pub(super) fn compare(
    terms: &[&str],
    forms: &SurfaceForms,
    counts: &[Vec<u32>],
    sizes: &[usize],
) -> (Vec<GroupKeys>, Tested) {
    let n: usize = sizes.iter().sum();
    let vocabulary = counts.first().map_or(0, Vec::len);
    let total: Vec<u32> = (0..vocabulary)
        .map(|w| counts.iter().map(|c| c[w]).sum())
        .collect();
    let tested: Vec<u32> = (0..vocabulary as u32)
        .filter(|&w| total[w as usize] >= MIN_ANSWERS)
        .collect();
    let raw = if sizes.len() < 2 {
        Vec::new()
    } else {
        raw_tests(&tested, counts, &total, sizes)
    };
    let q = benjamini_hochberg(&raw.iter().map(|r| r.p).collect::<Vec<_>>());
    let mut keys = vec![GroupKeys::default(); sizes.len()];
    for (r, &q) in raw.iter().zip(&q) {
        if q >= ALPHA {
            continue;
        }
        let with = total[r.word as usize] as usize;
        let a = counts[r.group][r.word as usize] as usize;
        let test = |group: usize, a: usize| {
            let c = with - a;
            let sides = Sides::counts(a, sizes[group], c, n - sizes[group]);
            let (share, share_elsewhere) = sides.shares();
            WordTest {
                term: terms[r.word as usize].to_string(),
                word: String::new(),
                count: a,
                share,
                count_elsewhere: c,
                share_elsewhere,
                g2: r.g2,
                p: r.p,
                p_adjusted: q,
                stars: stars(q),
                direction: sides.direction(),
                min_expected: r.min_expected,
            }
        };
        let mut tests = vec![(r.group, test(r.group, a))];
        if sizes.len() == 2 {
            tests.push((1, test(1, with - a)));
        }
        for (g, t) in tests {
            match t.direction {
                Direction::Over => keys[g].more_common.push(t),
                Direction::Under => keys[g].less_common.push(t),
                Direction::Same => {}
            }
        }
    }
    for k in &mut keys {
        for list in [&mut k.more_common, &mut k.less_common] {
            list.sort_by(|a, b| b.g2.total_cmp(&a.g2).then_with(|| a.term.cmp(&b.term)));
            list.truncate(LISTED);
            for t in list.iter_mut() {
                t.word = forms.most_common(&t.term);
            }
        }
    }
    let tested = Tested {
        test: "G2",
        correction: "benjamini-hochberg",
        words: tested.len(),
        tests: raw.len(),
        min_answers: MIN_ANSWERS,
    };
    (keys, tested)
}

/// The G² of each tested word in each group (only the first of two groups: the second's
/// tables are the first's mirrored), before the adjustment.
fn raw_tests(tested: &[u32], counts: &[Vec<u32>], total: &[u32], sizes: &[usize]) -> Vec<Raw> {
    let n: usize = sizes.iter().sum();
    let groups = if sizes.len() == 2 { 1 } else { sizes.len() };
    let mut raw = Vec::with_capacity(tested.len() * groups);
    for &w in tested {
        for g in 0..groups {
            let (a, with) = (counts[g][w as usize] as usize, total[w as usize] as usize);
            let sides = Sides::counts(a, sizes[g], with - a, n - sizes[g]);
            let [a, b, c, d] = sides.table();
            let (g2, min_expected) = g2_2x2(a, b, c, d);
            let p = if sides.testable() {
                chi2_sf(g2, 1)
            } else {
                1.0
            };
            raw.push(Raw {
                word: w,
                group: g,
                g2,
                p,
                min_expected,
            });
        }
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (keys, tested) = compare(&terms, &forms(), &counts, &[100, 200]);
        assert_eq!((tested.words, tested.tests, tested.min_answers), (2, 2, 5));
        let a = &keys[0].more_common;
        assert_eq!(a.len(), 1, "{a:?}");
        let p = &a[0];
        assert_eq!((p.term.as_str(), p.word.as_str()), ("palkka", "palkkaa"));
        assert_eq!((p.count, p.count_elsewhere), (30, 20));
        assert!((p.share - 0.3).abs() < 1e-12 && (p.share_elsewhere - 0.1).abs() < 1e-12);
        assert!((p.g2 - 18.130_675_552_224_86).abs() < 1e-9, "{}", p.g2);
        assert!((p.p - 2.062_518_663_371_451_5e-5).abs() < 1e-12);
        // Two tests adjusted: palkka's p is the smaller, so q = 2p/1; aika's is 1.
        let q = benjamini_hochberg(&[p.p, chi2_sf(0.0, 1)]);
        assert!((p.p_adjusted - q[0]).abs() < 1e-15 && p.stars == "***");
        assert_eq!(p.direction, Direction::Over);
        assert!(keys[0].less_common.is_empty());
        // B's table is A's mirrored: palkka is less common there, with the same test.
        assert!(keys[1].more_common.is_empty());
        let b = &keys[1].less_common[0];
        assert_eq!((b.count, b.count_elsewhere), (20, 30));
        assert_eq!((b.g2, b.p_adjusted), (p.g2, p.p_adjusted));
        assert_eq!(b.direction, Direction::Under);
    }

    #[test]
    fn many_groups_test_each_group_against_the_rest_and_adjust_over_all() {
        // Three groups of 100. "kiire": 40, 10, 10 (more in the first, less in the others,
        // each against the 200 others); "aika": 20 in each (no difference).
        let terms = ["kiire", "aika"];
        let counts = vec![vec![40, 20], vec![10, 20], vec![10, 20]];
        let (keys, tested) = compare(&terms, &SurfaceForms::default(), &counts, &[100; 3]);
        assert_eq!((tested.words, tested.tests), (2, 6));
        let first = &keys[0].more_common[0];
        let (g2, _) = g2_2x2(40.0, 60.0, 20.0, 180.0);
        assert!((first.g2 - g2).abs() < 1e-12);
        assert_eq!(first.word, "kiire", "no written form: the term");
        let (g2_less, _) = g2_2x2(10.0, 90.0, 50.0, 150.0);
        for k in &keys[1..] {
            assert!(k.more_common.is_empty());
            assert!((k.less_common[0].g2 - g2_less).abs() < 1e-12);
        }
        // BH over the six p-values.
        let p: Vec<f64> = [g2, 0.0, g2_less, 0.0, g2_less, 0.0]
            .iter()
            .map(|&g| chi2_sf(g, 1))
            .collect();
        let q = benjamini_hochberg(&p);
        assert!((first.p_adjusted - q[0]).abs() < 1e-15);
        assert!((keys[2].less_common[0].p_adjusted - q[4]).abs() < 1e-15);
    }

    #[test]
    fn nothing_significant_lists_nothing_and_one_group_tests_nothing() {
        let counts = vec![vec![6, 3], vec![5, 3]];
        let (keys, _) = compare(&["a", "b"], &SurfaceForms::default(), &counts, &[50, 50]);
        assert!(keys.iter().all(|k| k == &GroupKeys::default()));
        let (keys, tested) = compare(&["a"], &SurfaceForms::default(), &[vec![9]], &[10]);
        assert_eq!((keys.len(), tested.tests), (1, 0));
    }

    #[test]
    fn a_list_keeps_the_largest_g2_first_ties_by_term() {
        // Twelve words only in the first group, two strengths: the list keeps ten.
        let terms: Vec<String> = (0..12).map(|i| format!("w{i:02}")).collect();
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let a: Vec<u32> = (0..12).map(|i| if i % 2 == 0 { 30 } else { 20 }).collect();
        let counts = vec![a, vec![0; 12]];
        let (keys, _) = compare(&terms, &SurfaceForms::default(), &counts, &[100, 100]);
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
}
