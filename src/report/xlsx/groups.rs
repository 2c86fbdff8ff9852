//! A question's groups compared (`--by`: each theme in each group against the other answers,
//! G² with its p-value, Benjamini–Hochberg adjusted, as one row per theme and group so that
//! Excel's filter picks the significant ones) and its trends (`--date`: theme shares per
//! period, then counts).

use rust_xlsxwriter::XlsxError;

use super::cells::{Cell, Cursor};
use super::labels::Labels;
use crate::report::compare::{Comparison, Direction};
use crate::report::trends::Trends;
use crate::report::{ThemeSummary, NO_CONTENT, OTHER};

/// One comparison: its overall test, then a row per theme and group.
pub fn comparison(cur: &mut Cursor, l: &Labels, c: &Comparison) -> Result<(), XlsxError> {
    cur.heading(&format!("{}: {}", l.comparison, c.column))?;
    cur.pair(l.compared_answers, c.answers.into())?;
    cur.pair(l.without_value, c.without_value.into())?;
    if let Some(t) = &c.overall {
        cur.pair(l.overall_test, Cell::Number(t.chi2))?;
        cur.pair("df", t.df.into())?;
        cur.pair("p", Cell::Number(t.p))?;
        cur.pair(l.cramers_v, Cell::Number(t.cramers_v))?;
    }
    let mut header = l.comparison_columns.to_vec();
    if let Some(bases) = &c.weighted {
        let effective_n: f64 = bases.iter().map(|b| b.effective_n).sum();
        cur.pair(l.comparison_weighted_test, c.test.into())?;
        cur.pair(l.effective_n, Cell::Number(effective_n))?;
        header.extend(l.comparison_weighted_columns);
    }
    cur.header(&header)?;
    for t in &c.themes {
        let label = match t.key.as_str() {
            OTHER => l.kinds[2],
            NO_CONTENT => l.kinds[3],
            _ => &t.label,
        };
        for (g, (tested, group)) in t.cells.iter().zip(&c.groups).enumerate() {
            let cell = &tested.diff;
            let direction = match cell.direction {
                Direction::Over => l.directions[0],
                Direction::Under => l.directions[1],
                Direction::Same => l.directions[2],
            };
            let mut row = vec![
                label.into(),
                l.group(&tested.group).into(),
                group.answers.into(),
                cell.count.into(),
                Cell::Share(cell.share),
                Cell::Share(cell.share_elsewhere),
                direction.into(),
                Cell::Number(cell.g2),
                Cell::Number(cell.p),
                Cell::Number(cell.p_adjusted),
                cell.stars.into(),
                Cell::Number(cell.min_expected),
            ];
            if let (Some(bases), Some(a), Some(b)) = (
                &c.weighted,
                cell.weighted_share,
                cell.weighted_share_elsewhere,
            ) {
                row.extend([
                    Cell::Number(bases[g].effective_n),
                    Cell::Share(a),
                    Cell::Share(b),
                ]);
            }
            cur.row(&row)?;
        }
    }
    Ok(())
}

/// The trends: a row per period with its answers and each theme's share, then the counts.
pub fn trends(
    cur: &mut Cursor,
    l: &Labels,
    t: &Trends,
    themes: &[ThemeSummary],
) -> Result<(), XlsxError> {
    let label = |key: &str| {
        themes
            .iter()
            .find(|s| s.key == key)
            .map_or(key.to_string(), |s| super::tables::label(l, s).to_string())
    };
    cur.heading(&format!("{}: {}", l.trends, t.column))?;
    cur.pair(l.undated, t.undated.into())?;
    for shares in [true, false] {
        let what = if shares {
            l.crosstab_shares
        } else {
            l.crosstab_counts
        };
        let mut header = vec![format!("{} ({what})", l.period), l.answers.to_string()];
        header.extend(t.keys.iter().map(|k| label(k)));
        cur.header(&header.iter().map(String::as_str).collect::<Vec<_>>())?;
        for p in &t.periods {
            let mut cells: Vec<Cell> = vec![p.period.as_str().into(), p.answers.into()];
            cells.extend(p.themes.iter().map(|x| {
                if shares {
                    Cell::Share(x.share)
                } else {
                    Cell::Count(x.count)
                }
            }));
            cur.row(&cells)?;
        }
        cur.row += 1;
    }
    Ok(())
}
