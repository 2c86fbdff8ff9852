//! The tables the summary and the questions' sheets share: themes with their sizes, and theme
//! shares by group (cross-tabs). Each table is one function writing from the cursor's row.

use rust_xlsxwriter::XlsxError;

use super::cells::{Cell, Cursor};
use super::labels::Labels;
use crate::report::{CrossTab, ThemeKind, ThemeSummary, NO_CONTENT, OTHER};

/// A theme's label as the workbook shows it: the buckets by their kind's name.
pub fn label<'a>(l: &Labels, t: &'a ThemeSummary) -> &'a str {
    match t.kind {
        ThemeKind::Other => l.kinds[2],
        ThemeKind::NoContent => l.kinds[3],
        ThemeKind::Named | ThemeKind::Discovered => &t.label,
    }
}

fn kind(l: &Labels, kind: ThemeKind) -> &'static str {
    match kind {
        ThemeKind::Named => l.kinds[0],
        ThemeKind::Discovered => l.kinds[1],
        ThemeKind::Other => l.kinds[2],
        ThemeKind::NoContent => l.kinds[3],
    }
}

/// The themes' table: label, top terms, answers whose first theme it is and their share (and
/// weighted share with `--weight`), answers that mention it and their share (weighted too),
/// kind, minor, key; the question with `with_question`. Shares are over `answers`.
pub fn themes(
    cur: &mut Cursor,
    l: &Labels,
    themes: &[ThemeSummary],
    answers: usize,
    with_question: bool,
) -> Result<(), XlsxError> {
    let weighted = themes.iter().any(|t| t.weighted_share.is_some());
    let mut header = vec![l.theme, l.top_terms, l.first, l.share];
    if weighted {
        header.push(l.weighted_share);
    }
    header.extend([l.mentions, l.mentions_share]);
    if weighted {
        header.push(l.weighted_mentions_share);
    }
    header.extend([l.kind, l.minor, l.key]);
    if with_question {
        header.push(l.question);
    }
    cur.header(&header)?;
    let share = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Share);
    for t in themes {
        let mut cells: Vec<Cell> = vec![
            label(l, t).into(),
            t.top_terms.join(", ").into(),
            t.count.into(),
            Cell::Share(t.share),
        ];
        if weighted {
            cells.push(share(t.weighted_share));
        }
        cells.extend([
            t.mentions.into(),
            Cell::Share(t.mentions as f64 / answers.max(1) as f64),
        ]);
        if weighted {
            cells.push(share(t.weighted_mentions_share));
        }
        cells.extend([
            kind(l, t.kind).into(),
            if t.minor { l.yes } else { "" }.into(),
            t.key.as_str().into(),
        ]);
        if with_question {
            cells.push(t.question.as_deref().unwrap_or("").into());
        }
        cur.row(&cells)?;
    }
    Ok(())
}

/// A cross-tab row's label: the buckets by their kind's name.
fn row_label<'a>(l: &Labels, key: &str, label: &'a str) -> &'a str {
    match key {
        OTHER => l.kinds[2],
        NO_CONTENT => l.kinds[3],
        _ => label,
    }
}

/// The cross-tab's group names for its headers: a merged group with how many values it holds.
fn group_names(l: &Labels, c: &CrossTab) -> Vec<String> {
    c.values
        .iter()
        .zip(&c.values_held)
        .map(|(name, &held)| match held {
            1 => l.group(name).to_string(),
            k => format!("{} ({k} {})", l.group(name), l.values_held),
        })
        .collect()
}

/// One cross-tab: a heading, the groups' shares of answers that carry each theme (all groups
/// together first, each group's size on the first row), then the same as counts. The groups
/// are the comparison's (at most nine, and the answers without a value), so they fit any sheet.
pub fn crosstab(cur: &mut Cursor, l: &Labels, c: &CrossTab) -> Result<(), XlsxError> {
    let all: usize = c.totals.iter().sum();
    cur.heading(&format!("{}: {}", l.by, c.column))?;
    for (what, shares) in [(l.crosstab_shares, true), (l.crosstab_counts, false)] {
        let mut header = vec![format!("{} ({what})", l.theme), l.all_groups.to_string()];
        header.extend(group_names(l, c));
        cur.header(&header.iter().map(String::as_str).collect::<Vec<_>>())?;
        let mut totals: Vec<Cell> = vec![l.group_answers.into(), all.into()];
        totals.extend(c.totals.iter().map(|&n| Cell::Count(n)));
        cur.row(&totals)?;
        for r in &c.rows {
            let n: usize = r.counts.iter().sum();
            let mut cells: Vec<Cell> = vec![row_label(l, &r.key, &r.label).into()];
            if shares {
                cells.push(Cell::Share(n as f64 / all.max(1) as f64));
                cells.extend(r.shares.iter().map(|&s| Cell::Share(s)));
            } else {
                cells.push(n.into());
                cells.extend(r.counts.iter().map(|&n| Cell::Count(n)));
            }
            cur.row(&cells)?;
        }
        cur.row += 1;
    }
    weighted_crosstab(cur, l, c)
}

/// With `--weight`: the groups' weighted shares, each group's effective sample size on the
/// first row.
fn weighted_crosstab(cur: &mut Cursor, l: &Labels, c: &CrossTab) -> Result<(), XlsxError> {
    let Some(bases) = &c.weighted else {
        return Ok(());
    };
    let mut header = vec![
        format!("{} ({})", l.theme, l.crosstab_weighted),
        String::new(),
    ];
    header.extend(group_names(l, c));
    cur.header(&header.iter().map(String::as_str).collect::<Vec<_>>())?;
    let mut sizes: Vec<Cell> = vec![l.effective_n.into(), Cell::Empty];
    sizes.extend(bases.iter().map(|b| Cell::Decimal(b.effective_n)));
    cur.row(&sizes)?;
    for r in &c.rows {
        let mut cells: Vec<Cell> = vec![row_label(l, &r.key, &r.label).into(), Cell::Empty];
        if let Some(shares) = &r.weighted_shares {
            cells.extend(shares.iter().map(|&s| Cell::Share(s)));
        }
        cur.row(&cells)?;
    }
    cur.row += 1;
    Ok(())
}
