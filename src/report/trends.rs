//! Trends (`--date COLUMN`, `--period`): each question's theme shares per period, and the
//! rows whose date is missing or unreadable, counted and named. Dates are read by
//! [`super::dates`]; counting is one pass over a question's rows into a map from period to
//! counts per theme.

use std::collections::BTreeMap;

use serde::Serialize;

use super::dates::{self, Period, SlashOrder};
use super::{Response, ThemeSummary};

/// How rows are dated: the column, the period, and how `a/b/yyyy` is read.
#[derive(Debug, Clone)]
pub struct DateSettings {
    pub column: String,
    pub period: Period,
    pub slash: SlashOrder,
}

/// Rows named as examples of a missing or unreadable date.
const EXAMPLES: usize = 5;

/// One question's theme shares per period.
#[derive(Debug, Clone, Serialize)]
pub struct Trends {
    pub column: String,
    pub period: Period,
    /// Answers with a date.
    pub answers: usize,
    /// Answers whose row has no date or one that cannot be read.
    pub undated: usize,
    /// The themes, in the order of each period's `themes` (the question's themes, the small
    /// ones left out).
    pub keys: Vec<String>,
    /// Sorted in time; only periods with answers.
    pub periods: Vec<TrendPeriod>,
}

/// One period of a question.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPeriod {
    /// `2024-03`, `2024-Q1` or `2024`.
    pub period: String,
    pub answers: usize,
    pub themes: Vec<TrendTheme>,
}

/// One theme in one period.
#[derive(Debug, Clone, Serialize)]
pub struct TrendTheme {
    pub key: String,
    /// The period's answers that carry the theme (first or further).
    pub count: usize,
    /// `count` over the period's answers.
    pub share: f64,
}

/// The run's rows and their dates (`themes.json`'s `dates`).
#[derive(Debug, Clone, Serialize)]
pub struct DateReport {
    pub column: String,
    pub period: Period,
    /// How `a/b/yyyy` values were read.
    pub slash_order: SlashOrder,
    /// Rows with at least one answer.
    pub rows: usize,
    pub rows_dated: usize,
    /// Rows with no value in the column.
    pub rows_missing: usize,
    /// Rows whose value is no date teema reads.
    pub rows_unreadable: usize,
    /// The first rows without a readable date: `file:row` and the value.
    pub examples: Vec<String>,
    /// The first and last day found, `yyyy-mm-dd`.
    pub first: Option<String>,
    pub last: Option<String>,
}

impl DateReport {
    /// One line for stderr and summary.md; `None` when every row has a date.
    pub fn problem_line(&self) -> Option<String> {
        let bad = self.rows_missing + self.rows_unreadable;
        (bad > 0).then(|| {
            format!(
                "{bad} of {} rows have no readable date in {:?} ({} missing, {} unreadable), \
                 left out of the trends: {}{}",
                self.rows,
                self.column,
                self.rows_missing,
                self.rows_unreadable,
                self.examples.join(", "),
                if bad > self.examples.len() {
                    ", …"
                } else {
                    ""
                }
            )
        })
    }
}

/// Theme shares per period over one question's answers.
pub(super) fn trends(
    settings: &DateSettings,
    responses: &[Response],
    summaries: &[ThemeSummary],
) -> Trends {
    let shown: Vec<&ThemeSummary> = summaries.iter().filter(|t| !t.minor).collect();
    let row: rustc_hash::FxHashMap<&str, usize> = shown
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    // Period key → (answers, mentions per shown theme).
    let mut by_period: BTreeMap<u32, (usize, Vec<usize>)> = BTreeMap::new();
    let mut undated = 0;
    for r in responses {
        let Some(date) = dates::parse(r.meta_value(&settings.column), settings.slash) else {
            undated += 1;
            continue;
        };
        let (n, counts) = by_period
            .entry(settings.period.key(date))
            .or_insert_with(|| (0, vec![0; shown.len()]));
        *n += 1;
        for key in &r.themes {
            if let Some(&t) = row.get(&**key) {
                counts[t] += 1;
            }
        }
    }
    let periods = by_period
        .into_iter()
        .map(|(key, (n, counts))| TrendPeriod {
            period: settings.period.label(key),
            answers: n,
            themes: shown
                .iter()
                .zip(counts)
                .map(|(t, count)| TrendTheme {
                    key: t.key.clone(),
                    count,
                    share: count as f64 / n.max(1) as f64,
                })
                .collect(),
        })
        .collect();
    Trends {
        column: settings.column.clone(),
        period: settings.period,
        answers: responses.len() - undated,
        undated,
        keys: shown.iter().map(|t| t.key.clone()).collect(),
        periods,
    }
}

/// The run's rows (each once, however many answers it gave) and their dates. `responses` are
/// in corpus order, so a row's answers are next to each other.
pub(super) fn date_report(settings: &DateSettings, responses: &[Response]) -> DateReport {
    let mut report = DateReport {
        column: settings.column.clone(),
        period: settings.period,
        slash_order: settings.slash,
        rows: 0,
        rows_dated: 0,
        rows_missing: 0,
        rows_unreadable: 0,
        examples: Vec::new(),
        first: None,
        last: None,
    };
    let (mut first, mut last): (Option<dates::Date>, Option<dates::Date>) = (None, None);
    let mut previous: Option<(&str, usize)> = None;
    for r in responses {
        let here = (&*r.source, r.row);
        if previous == Some(here) {
            continue;
        }
        previous = Some(here);
        report.rows += 1;
        let value = r.meta_value(&settings.column).trim();
        match dates::parse(value, settings.slash) {
            Some(date) => {
                report.rows_dated += 1;
                first = Some(first.map_or(date, |f| f.min(date)));
                last = Some(last.map_or(date, |l| l.max(date)));
            }
            None => {
                if value.is_empty() {
                    report.rows_missing += 1;
                } else {
                    report.rows_unreadable += 1;
                }
                if report.examples.len() < EXAMPLES {
                    let shown: String = value.chars().take(40).collect();
                    report
                        .examples
                        .push(format!("{}:{} {shown:?}", r.source, r.row));
                }
            }
        }
    }
    let day = |d: dates::Date| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
    report.first = first.map(day);
    report.last = last.map(day);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(row: usize, date: &str, themes: &[&str]) -> Response {
        crate::report::test_response(row, "pvm", date, themes)
    }

    use crate::report::test_theme as theme;

    fn settings(period: Period) -> DateSettings {
        DateSettings {
            column: "pvm".into(),
            period,
            slash: SlashOrder::MonthFirst,
        }
    }

    #[test]
    fn shares_per_period_in_time_order_and_bad_dates_counted() {
        let rows = [
            response(2, "5.3.2024", &["x"]),
            response(3, "2024-01-31 10:00", &["x", "y"]),
            response(4, "45356", &["y"]),
            response(5, "15.4.2024 klo 9.00", &["small"]),
            response(6, "", &["x"]),
            response(7, "31.2.2024", &["x"]),
        ];
        let themes = [theme("x", false), theme("y", false), theme("small", true)];
        let t = trends(&settings(Period::Month), &rows, &themes);
        assert_eq!((t.answers, t.undated), (4, 2));
        assert_eq!(t.keys, ["x", "y"]);
        let labels: Vec<&str> = t.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2024-01", "2024-03", "2024-04"]);
        let march = &t.periods[1];
        assert_eq!(march.answers, 2);
        assert_eq!((march.themes[0].count, march.themes[1].count), (1, 1));
        assert_eq!(march.themes[0].share, 0.5);
        let q = trends(&settings(Period::Quarter), &rows, &themes);
        assert_eq!(q.periods.len(), 2);
        assert_eq!(
            (q.periods[0].period.as_str(), q.periods[0].answers),
            ("2024-Q1", 3)
        );

        let report = date_report(&settings(Period::Month), &rows);
        assert_eq!(
            (report.rows, report.rows_dated, report.rows_missing),
            (6, 4, 1)
        );
        assert_eq!(report.rows_unreadable, 1);
        assert_eq!(report.examples, ["a.csv:6 \"\"", "a.csv:7 \"31.2.2024\""]);
        assert_eq!(report.first.as_deref(), Some("2024-01-31"));
        assert_eq!(report.last.as_deref(), Some("2024-04-15"));
        assert!(report.problem_line().unwrap().starts_with("2 of 6 rows"));
    }

    #[test]
    fn a_row_of_several_answers_counts_once() {
        let rows = [
            response(2, "x", &["x"]),
            response(2, "x", &["y"]),
            response(3, "1.1.2024", &["y"]),
        ];
        let report = date_report(&settings(Period::Year), &rows);
        assert_eq!((report.rows, report.rows_unreadable), (2, 1));
    }
}
