//! Groups compared (`--by COLUMN`): for each theme and group of one question, the share of the
//! group's answers that carry the theme against the share among the other answers, a 2×2
//! log-likelihood test (G², 1 df) with its p-value, the Benjamini–Hochberg adjusted p over all
//! the question's cells, and whether the theme is over- or under-represented; and Pearson's
//! chi-square of first theme × group for the question as a whole.
//!
//! With `--weight` the tests are on the weighted shares, each side of a table (the group, the
//! other answers) scaled to its Kish effective sample size `(Σw)² / Σw²`: a first-order
//! Rao–Scott correction, so a weighted survey's differences are judged by the information its
//! weights leave (the formula and why each side's own `n_eff`: [`super::compare_tables`]).
//! The cells keep the unweighted counts and shares and add the weighted shares.
//!
//! Answers without a value in the column ([`is_missing`]) are left out (and counted). A column of many values
//! keeps its [`MAX_GROUPS`] largest groups and puts the rest together as one group; groups are
//! sorted naturally ([`natural_cmp`]: "2" before "10", å ä ö after z). Counting is one pass
//! over the question's rows into per-value and per-group tables: no string per answer.
//!
//! Words per group (issue 15, item 6) are not tested here yet: [`super::stats::g2_2x2`] takes
//! any 2×2 counts, so a word's answers in and out of a group plug in as a theme's do.

use rustc_hash::FxHashMap;
use serde::Serialize;

pub use super::compare_tables::Difference;
use super::compare_tables::{Sides, WeightedCounts};
pub(super) use super::grouping::group_values;
pub use super::grouping::{is_missing, natural_cmp, shown, Group, MAX_GROUPS, OTHER_GROUPS};
use super::stats::{benjamini_hochberg, chi2_sf, pearson};
use super::weights::WeightedBase;
use super::{Response, ThemeSummary};

/// How a question's themes differ between the groups of one metadata column.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub column: String,
    /// Answers with a value, compared.
    pub answers: usize,
    /// Answers without a value in the column, left out of the comparison.
    pub without_value: usize,
    /// The groups, sorted naturally; the smaller groups together last.
    pub groups: Vec<Group>,
    /// `--weight`: each group's answers with and without a valid weight, their total weight
    /// and Kish's effective sample size, in the order of `groups`; the tests are on the
    /// weighted shares scaled to these.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted: Option<Vec<WeightedBase>>,
    /// Each cell's test: `"G2"`, log-likelihood G² of the 2×2 table (group or not × theme or
    /// not), 1 degree of freedom; with `--weight` `"G2-weighted-kish"`, the same on the
    /// weighted table whose sides are scaled to their effective sample sizes (and the
    /// overall chi-square and Cramér's V likewise).
    pub test: &'static str,
    /// `"benjamini-hochberg"`: `p_adjusted` controls the false discovery rate over all the
    /// question's cells in this comparison; the stars are given on it.
    pub correction: &'static str,
    /// Pearson's chi-square of first theme × group (each answer counted once, by its first
    /// theme; the small themes together); `None` with fewer than two groups or themes.
    pub overall: Option<OverallTest>,
    /// The question's themes (the small ones left out), each with one cell per group.
    pub themes: Vec<ThemeComparison>,
}

/// The chi-square test of first theme × group.
#[derive(Debug, Clone, Serialize)]
pub struct OverallTest {
    pub chi2: f64,
    pub df: usize,
    pub p: f64,
    /// Cramér's V, `sqrt(chi2 / (n · (min(rows, columns) − 1)))`: 0 no association, 1 complete.
    pub cramers_v: f64,
    /// Share of cells whose expected count is under 5 (above 0.2 the p-value is rough).
    pub low_expected: f64,
}

/// One theme across the groups.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeComparison {
    pub key: String,
    pub label: String,
    /// One per group, in the order of [`Comparison::groups`].
    pub cells: Vec<Cell>,
}

/// Whether a theme is more or less common in a group than elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Over,
    Under,
    Same,
}

/// One theme in one group.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub group: String,
    #[serde(flatten)]
    pub diff: Difference,
}

/// The adjusted p under which a cell is shown as a difference.
pub const ALPHA: f64 = 0.05;

impl Comparison {
    /// The cells the reports show, as (theme, group, cell), largest G² first (ties by theme
    /// and group). With two groups a theme's two cells are one test, mirrored: only the group
    /// it is more common in is kept.
    pub fn ranked_cells(&self) -> Vec<(usize, usize, &Difference)> {
        let two = self.groups.len() == 2;
        let mut cells: Vec<(usize, usize, &Difference)> = self
            .themes
            .iter()
            .enumerate()
            .flat_map(|(t, theme)| {
                theme
                    .cells
                    .iter()
                    .enumerate()
                    .map(move |(g, x)| (t, g, &x.diff))
            })
            .filter(|(_, g, x)| {
                !two || x.direction == Direction::Over
                    || (*g == 0 && x.direction == Direction::Same)
            })
            .collect();
        cells.sort_by(|a, b| b.2.g2.total_cmp(&a.2.g2).then((a.0, a.1).cmp(&(b.0, b.1))));
        cells
    }
}

/// Compares the themes of one question's answers between the groups of `column`; with the
/// answers' `weights` (`None` for a missing or invalid one), on the weighted shares.
pub(super) fn compare(
    column: &str,
    responses: &[Response],
    summaries: &[ThemeSummary],
    weights: Option<&[Option<f64>]>,
) -> Comparison {
    // Each answer's value, numbered; empty values left out.
    let mut index: FxHashMap<&str, u32> = FxHashMap::default();
    let mut values: Vec<&str> = Vec::new();
    let mut totals: Vec<usize> = Vec::new();
    let mut value_of: Vec<u32> = Vec::with_capacity(responses.len());
    for r in responses {
        let v = r.meta_value(column).trim();
        if is_missing(v) {
            value_of.push(u32::MAX);
            continue;
        }
        let id = *index.entry(v).or_insert_with(|| {
            values.push(v);
            totals.push(0);
            (values.len() - 1) as u32
        });
        totals[id as usize] += 1;
        value_of.push(id);
    }
    let (groups, group_of) = group_values(&values, &totals);
    let shown: Vec<usize> = (0..summaries.len())
        .filter(|&t| !summaries[t].minor)
        .collect();
    let table = Table {
        value_of: &value_of,
        group_of: &group_of,
        groups: groups.len(),
    };
    let counts = count(responses, weights, &table, summaries);
    let answers: usize = groups.iter().map(|g| g.answers).sum();
    let mut themes: Vec<ThemeComparison> = shown
        .iter()
        .map(|&t| theme_cells(t, &summaries[t], &counts, &groups, answers))
        .collect();
    adjust(&mut themes);
    let overall = match &counts.weighted {
        Some(w) => {
            let (first, n) = w.first_scaled();
            overall(&first, n)
        }
        None => {
            let first: Vec<Vec<f64>> = counts
                .first
                .iter()
                .map(|row| row.iter().map(|&c| c as f64).collect())
                .collect();
            overall(&first, answers as f64)
        }
    };
    Comparison {
        column: column.to_string(),
        answers,
        without_value: responses.len() - answers,
        overall,
        groups,
        test: if counts.weighted.is_some() {
            "G2-weighted-kish"
        } else {
            "G2"
        },
        weighted: counts.weighted.map(|w| w.bases),
        correction: "benjamini-hochberg",
        themes,
    }
}

/// A question's counts per theme and group.
struct Counts {
    /// Answers of each group that carry each theme (summaries' order).
    mentions: Vec<Vec<usize>>,
    /// Answers of each group by first theme: the shown themes, then the small ones together.
    first: Vec<Vec<usize>>,
    /// `--weight`: the same as weight sums, and each group's weighted base.
    weighted: Option<WeightedCounts>,
}

/// Where each answer goes: its value's number (`u32::MAX`: no value), each value's group.
struct Table<'a> {
    value_of: &'a [u32],
    group_of: &'a [usize],
    groups: usize,
}

fn count(
    responses: &[Response],
    weights: Option<&[Option<f64>]>,
    table: &Table,
    summaries: &[ThemeSummary],
) -> Counts {
    let groups = table.groups;
    let row: FxHashMap<&str, usize> = summaries
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    let minor_row = summaries.len();
    let mut mentions = vec![vec![0usize; groups]; summaries.len()];
    let mut first = vec![vec![0usize; groups]; summaries.len() + 1];
    let mut weighted =
        weights.map(|_| WeightedCounts::new(summaries.len(), summaries.len() + 1, groups));
    for (i, (r, &v)) in responses.iter().zip(table.value_of).enumerate() {
        if v == u32::MAX {
            continue;
        }
        let g = table.group_of[v as usize];
        let carried = || r.themes.iter().filter_map(|key| row.get(&**key).copied());
        for t in carried() {
            mentions[t][g] += 1;
        }
        let first_row = r.themes.first().and_then(|k| row.get(&**k)).map(|&t| {
            if summaries[t].minor {
                minor_row
            } else {
                t
            }
        });
        if let Some(t) = first_row {
            first[t][g] += 1;
        }
        if let (Some(w), Some(weights)) = (&mut weighted, weights) {
            w.add(g, weights[i], carried(), first_row);
        }
    }
    Counts {
        mentions,
        first,
        weighted,
    }
}

/// One theme's cells: its share in each group against the rest, and G² (p-values adjusted
/// later, over all cells); with weights, G² and the direction of the weighted table.
fn theme_cells(
    t: usize,
    theme: &ThemeSummary,
    counts: &Counts,
    groups: &[Group],
    answers: usize,
) -> ThemeComparison {
    let mentions = &counts.mentions[t];
    let with: usize = mentions.iter().sum();
    let cells = groups
        .iter()
        .zip(mentions)
        .enumerate()
        .map(|(g, (group, &a))| {
            let n_in = group.answers;
            let plain = Sides::counts(a, n_in, with - a, answers - n_in);
            let weighted = counts.weighted.as_ref().map(|w| w.sides(t, g));
            Cell {
                group: group.name.clone(),
                diff: Difference::new(plain, weighted),
            }
        })
        .collect();
    ThemeComparison {
        key: theme.key.clone(),
        label: theme.label.clone(),
        cells,
    }
}

/// Benjamini–Hochberg over every cell of the comparison, and the stars on the adjusted p.
/// With two groups a theme's two cells are one test (the same table, mirrored): it is counted
/// once.
fn adjust(themes: &mut [ThemeComparison]) {
    let tests = |t: &ThemeComparison| if t.cells.len() == 2 { 1 } else { t.cells.len() };
    let p: Vec<f64> = themes
        .iter()
        .flat_map(|t| t.cells[..tests(t)].iter().map(|c| c.diff.p))
        .collect();
    let mut q = benjamini_hochberg(&p).into_iter();
    for t in themes.iter_mut() {
        let n = tests(t);
        for i in 0..n {
            let q = q.next().unwrap_or(1.0);
            let cells = if n == 1 {
                &mut t.cells[..]
            } else {
                &mut t.cells[i..=i]
            };
            for cell in cells {
                cell.diff.adjust(q);
            }
        }
    }
}

/// Pearson's chi-square of the first theme × group table (answers, or weighted and scaled)
/// and Cramér's V over its `n` answers.
fn overall(first: &[Vec<f64>], n: f64) -> Option<OverallTest> {
    let (chi2, df, low_expected) = pearson(first);
    if df == 0 {
        return None;
    }
    let rows = first.iter().filter(|r| r.iter().any(|&c| c > 0.0)).count();
    let cols = (0..first[0].len())
        .filter(|&j| first.iter().any(|r| r[j] > 0.0))
        .count();
    let k = rows.min(cols) as f64 - 1.0;
    Some(OverallTest {
        chi2,
        df,
        p: chi2_sf(chi2, df),
        cramers_v: (chi2 / (n * k)).sqrt(),
        low_expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::stats::stars;

    use crate::report::test_theme as theme;

    fn response(group: &str, themes: &[&str]) -> Response {
        crate::report::test_response(2, "ryhmä", group, themes)
    }

    #[test]
    fn cells_recount_the_two_by_two_tables_worked_by_hand() {
        // Group A: 100 answers, 30 with "x"; group B: 200 answers, 20 with "x"; 5 without a
        // value. The table of A is the one in stats' test: G² = 18.130676, p = 2.0625e-5.
        let mut rows = Vec::new();
        rows.extend((0..30).map(|_| response("A", &["x"])));
        rows.extend((0..70).map(|_| response("A", &["y"])));
        rows.extend((0..20).map(|_| response("B", &["x", "y"])));
        rows.extend((0..180).map(|_| response("B", &["y"])));
        rows.extend((0..3).map(|_| response(" ", &["x"])));
        rows.extend((0..2).map(|_| response("<NA>", &["x"])));
        let c = compare(
            "ryhmä",
            &rows,
            &[theme("x", false), theme("y", false)],
            None,
        );
        assert_eq!((c.answers, c.without_value), (300, 5));
        let x = &c.themes[0];
        let a = &x.cells[0];
        assert_eq!(
            (a.group.as_str(), a.diff.count, a.diff.count_elsewhere),
            ("A", 30, 20)
        );
        assert!((a.diff.share - 0.3).abs() < 1e-12 && (a.diff.share_elsewhere - 0.1).abs() < 1e-12);
        assert!(
            (a.diff.g2 - 18.130_675_552_224_86).abs() < 1e-9,
            "{}",
            a.diff.g2
        );
        assert!((a.diff.p - 2.062_518_663_371_451_5e-5).abs() < 1e-12);
        assert_eq!(a.diff.direction, Direction::Over);
        // Two groups: B's table is A's mirrored, same G², under-represented.
        let b = &x.cells[1];
        assert!((b.diff.g2 - a.diff.g2).abs() < 1e-9 && b.diff.direction == Direction::Under);
        // "y": A 70/100, B 200/200 → every B answer. Two groups: one test per theme, so BH
        // over two p-values, the mirrored cell sharing its theme's.
        let y = &c.themes[1];
        let q = benjamini_hochberg(&[a.diff.p, y.cells[0].diff.p]);
        assert!((a.diff.p_adjusted - q[0]).abs() < 1e-15 && a.diff.stars == stars(q[0]));
        assert_eq!(b.diff.p_adjusted, a.diff.p_adjusted);
        assert!((y.cells[1].diff.p_adjusted - q[1]).abs() < 1e-15);
        // Overall, first theme × group: A x 30, y 70; B x 20, y 180 → Pearson 19.2, 1 df.
        let o = c.overall.unwrap();
        assert!((o.chi2 - 19.2).abs() < 1e-9 && o.df == 1, "{o:?}");
        assert!((o.cramers_v - (19.2f64 / 300.0).sqrt()).abs() < 1e-12);
    }
}
