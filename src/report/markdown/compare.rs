//! `summary.md`'s parts for `--by` and `--date`: per question, the themes over- or
//! under-represented in a group (a compact table of the significant cells), and the theme
//! shares per period; at the top, how many rows had a readable date.

use std::io::{self, Write};

use super::{cell, percent, title};
use crate::report::compare::{shown, Comparison, Difference, Direction, OTHER_GROUPS};
use crate::report::trends::{DateReport, Trends};
use crate::report::{Lang, ThemeSummary};

/// Rows of the compact table at most; the rest are in themes.json.
const SHOWN_CELLS: usize = 20;

/// Significance level of the cells listed.
use crate::report::compare::ALPHA;

fn theme_title(key: &str, label: &str, themes: &[ThemeSummary]) -> String {
    themes
        .iter()
        .find(|t| t.key == key)
        .map_or_else(|| label.to_string(), title)
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

/// With `--weight`, how the tests took the weights: the effective n they are scaled to and the
/// answers left out.
fn weighted_line(c: &Comparison) -> Option<String> {
    let bases = c.weighted.as_ref()?;
    let effective_n: f64 = bases.iter().map(|b| b.effective_n).sum();
    let invalid: usize = bases.iter().map(|b| b.answers_invalid).sum();
    let left_out = if invalid > 0 {
        let (answers, are) = if invalid == 1 {
            ("answer", "is")
        } else {
            ("answers", "are")
        };
        format!("; {invalid} {answers} without a valid weight {are} left out of them")
    } else {
        String::new()
    };
    Some(format!(
        "Weighted (`--weight`): the tests are on the weighted shares, each side of a table (the \
         group, the other answers) scaled to its effective n (Kish; design-effect corrected G², \
         first-order Rao–Scott), together effective n = {effective_n:.1}{left_out}.\n"
    ))
}

/// A group as the table names it: its answers and, with weights, its effective n.
fn group_cell(c: &Comparison, g: usize) -> String {
    let group = &c.groups[g];
    match c.weighted.as_ref().map(|b| b[g].effective_n) {
        Some(eff) => format!(
            "{} (n = {}, eff. n = {eff:.1})",
            cell(shown(&group.name, Lang::En)),
            group.answers
        ),
        None => format!(
            "{} (n = {})",
            cell(shown(&group.name, Lang::En)),
            group.answers
        ),
    }
}

/// The comparison's heading, its answers and groups, how weights were taken, the overall test.
fn intro(out: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    writeln!(out, "#### Groups compared by {}\n", cell(&c.column))?;
    let merged = c
        .groups
        .iter()
        .find(|g| g.other)
        .map_or(String::new(), |g| {
            format!(
                "; the {} largest groups on their own, the other {} values together as \"{}\"",
                c.groups.len() - 1,
                g.values,
                shown(OTHER_GROUPS, Lang::En)
            )
        });
    writeln!(
        out,
        "{} answers in {} groups ({} without a value left out){merged}.\n",
        c.answers,
        c.groups.len(),
        c.without_value
    )?;
    if let Some(line) = weighted_line(c) {
        writeln!(out, "{line}")?;
    }
    if let Some(o) = &c.overall {
        let rough = if o.low_expected > 0.2 {
            format!(
                "; {:.0} % of its cells expect fewer than 5 answers, so p is rough",
                o.low_expected * 100.0
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "Overall, first theme × group{}: χ² = {:.2}, df = {}, p {}, Cramér's V = {:.3}{rough}.\n",
            if c.weighted.is_some() { ", weighted" } else { "" },
            o.chi2,
            o.df,
            if o.p < 0.001 {
                "< 0.001".to_string()
            } else {
                format!("= {:.3}", o.p)
            },
            o.cramers_v
        )?;
    }
    Ok(())
}

/// The table of the cells shown: shares in and out of the group (weighted too), the tests.
fn table(
    out: &mut dyn Write,
    c: &Comparison,
    shown: &[(usize, usize, &Difference)],
    themes: &[ThemeSummary],
) -> io::Result<()> {
    let weighted = c.weighted.is_some();
    if weighted {
        writeln!(
            out,
            "| Theme | Group | In group | Elsewhere | In group, weighted | Elsewhere, weighted | \
             G² | p | p (BH) | |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
        )?;
    } else {
        writeln!(
            out,
            "| Theme | Group | In group | Elsewhere | G² | p | p (BH) | |\n\
             |---|---|---:|---:|---:|---:|---:|---|"
        )?;
    }
    for &(t, g, x) in shown {
        let theme = &c.themes[t];
        let direction = match x.direction {
            Direction::Over => "over",
            Direction::Under => "under",
            Direction::Same => "",
        };
        let rough = if x.min_expected < 5.0 { " †" } else { "" };
        let weighted_shares = match (x.weighted_share, x.weighted_share_elsewhere) {
            (Some(a), Some(b)) => format!(" {} | {} |", percent(a), percent(b)),
            _ => String::new(),
        };
        writeln!(
            out,
            "| {} | {} | {} ({}) | {} ({}) |{weighted_shares} {:.2} | {} | {} | {} {direction}{rough} |",
            cell(&theme_title(&theme.key, &theme.label, themes)),
            group_cell(c, g),
            percent(x.share),
            x.count,
            percent(x.share_elsewhere),
            x.count_elsewhere,
            x.g2,
            p_value(x.p),
            p_value(x.p_adjusted),
            x.stars
        )?;
    }
    Ok(())
}

/// The comparison of one `--by` column, for one question.
pub(super) fn comparison(
    out: &mut dyn Write,
    c: &Comparison,
    themes: &[ThemeSummary],
) -> io::Result<()> {
    intro(out, c)?;
    let cells = c.ranked_cells();
    let tests = cells.len();
    let significant = cells.iter().filter(|x| x.2.p_adjusted < ALPHA).count();
    if significant == 0 {
        let strongest = cells.first().map_or(String::new(), |&(t, g, x)| {
            let (share, elsewhere) = x.tested_shares();
            let weighted = if x.weighted_share.is_some() {
                "weighted "
            } else {
                ""
            };
            format!(
                " The largest difference: {} in {} ({weighted}{} against {} elsewhere, G² = {:.2}, p = {}).",
                theme_title(&c.themes[t].key, &c.themes[t].label, themes),
                cell(shown(&c.groups[g].name, Lang::En)),
                percent(share),
                percent(elsewhere),
                x.g2,
                p_value(x.p)
            )
        });
        return writeln!(
            out,
            "No theme is over- or under-represented in any group (p (BH) < {ALPHA}, {tests} \
             comparisons).{strongest}\n"
        );
    }
    let mut shown: Vec<(usize, usize, &Difference)> =
        cells[..significant.min(SHOWN_CELLS)].to_vec();
    shown.sort_by_key(|&(t, g, _)| (t, g));
    table(out, c, &shown, themes)?;
    let weighted = c.weighted.is_some();
    let pair = if c.groups.len() == 2 {
        " With two groups each theme is one test, shown for the group it is more common in."
    } else {
        ""
    };
    let weighted_note = if weighted {
        " *Weighted*: the weights' shares, which the test, the direction and p are on (each \
         side scaled to its effective n, Kish); *eff. n*: the group's effective sample size."
    } else {
        ""
    };
    let more = if significant > SHOWN_CELLS {
        format!(" The {SHOWN_CELLS} strongest of {significant} are shown; all are in themes.json.")
    } else {
        String::new()
    };
    writeln!(
        out,
        "\n{significant} of {tests} theme × group comparisons differ at p (BH) < {ALPHA}.{pair}{more} \
         *In group*: share of the group's answers that carry the theme; *Elsewhere*: of the \
         other answers with a value.{weighted_note} G²: log-likelihood of the 2×2 table, 1 df; p (BH): \
         Benjamini–Hochberg adjusted over the {tests} comparisons (\\* < 0.05, \\*\\* < 0.01, \
         \\*\\*\\* < 0.001); † a cell expects fewer than 5 answers, p is rough. Small themes \
         (Muut teemat) are not compared.\n"
    )
}

/// One question's theme shares per period.
pub(super) fn trends(out: &mut dyn Write, t: &Trends, themes: &[ThemeSummary]) -> io::Result<()> {
    writeln!(
        out,
        "#### Themes by {} ({})\n\nShare of each period's answers that carry the theme.{}\n",
        t.period.name(),
        cell(&t.column),
        if t.undated > 0 {
            format!(
                " {} answers without a readable date are left out.",
                t.undated
            )
        } else {
            String::new()
        }
    )?;
    if t.periods.is_empty() {
        return writeln!(out, "No answer has a readable date.\n");
    }
    write!(out, "| Period | Answers |")?;
    for key in &t.keys {
        write!(out, " {} |", cell(&theme_title(key, key, themes)))?;
    }
    write!(out, "\n|---|---:|")?;
    for _ in &t.keys {
        write!(out, "---:|")?;
    }
    writeln!(out)?;
    for p in &t.periods {
        write!(out, "| {} | {} |", p.period, p.answers)?;
        for theme in &p.themes {
            write!(out, " {} |", percent(theme.share))?;
        }
        writeln!(out)?;
    }
    writeln!(out)
}

/// The line under the run's counts: the dates found and the rows without one.
pub(super) fn dates_line(out: &mut dyn Write, d: &DateReport) -> io::Result<()> {
    let span = match (&d.first, &d.last) {
        (Some(first), Some(last)) => format!(", {first} to {last}"),
        _ => String::new(),
    };
    write!(
        out,
        "Dates from {} by {}: {} of {} rows dated{span}.",
        cell(&d.column),
        d.period.name(),
        d.rows_dated,
        d.rows
    )?;
    if let Some(line) = d.problem_line() {
        write!(out, " {}.", cell(&line))?;
    }
    writeln!(out, "\n")
}
