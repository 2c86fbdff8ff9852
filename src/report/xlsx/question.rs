//! One sheet per question: the question and its size, the themes' table, the quotes (the
//! segment that carries the theme in bold), the codebook rules that coded each named theme, and
//! the cross-tabs asked for with `--by`. Each part is one function writing from the cursor's
//! row, so a new table is one more function and one more line in [`write`].

use rust_xlsxwriter::{ColNum, Worksheet, XlsxError};

use super::cells::{fit, Cell, Cursor, Formats};
use super::labels::Labels;
use super::{groups, tables};
use crate::report::{QuestionReport, Quote, ThemeSummary};

/// Column widths of a question's sheet: labels, the wide text column (terms, quotes, rules),
/// then numbers.
const WIDTHS: [f64; 10] = [36.0, 60.0, 14.0, 10.0, 12.0, 12.0, 12.0, 10.0, 20.0, 20.0];

/// Writes question `q`'s sheet; returns how many texts were cut to fit a cell.
pub fn write(
    ws: &mut Worksheet,
    f: &Formats,
    l: &Labels,
    q: &QuestionReport,
) -> Result<usize, XlsxError> {
    for (col, width) in WIDTHS.iter().enumerate() {
        ws.set_column_width(col as ColNum, *width)?;
    }
    ws.set_column_format(1, &f.wrap)?;
    let mut cur = Cursor::new(ws, f);
    title(&mut cur, l, q)?;
    cur.heading(l.themes)?;
    tables::themes(&mut cur, l, &q.themes, q.answers, false)?;
    quotes(&mut cur, l, &q.themes)?;
    rules(&mut cur, l, &q.themes)?;
    for c in &q.crosstabs {
        tables::crosstab(&mut cur, l, c)?;
    }
    for c in &q.comparison {
        groups::comparison(&mut cur, l, c)?;
    }
    if let Some(t) = &q.trends {
        groups::trends(&mut cur, l, t, &q.themes)?;
    }
    Ok(cur.cut)
}

/// The question in bold, then its answers and k.
fn title(cur: &mut Cursor, l: &Labels, q: &QuestionReport) -> Result<(), XlsxError> {
    let f = cur.f;
    cur.text(0, &q.question, Some(&f.title))?;
    cur.row += 1;
    let k = if q.k == 0 {
        l.too_little_text.to_string()
    } else if q.k_auto {
        format!(
            "k = {} ({} {:.3})",
            q.k,
            l.k_by_silhouette,
            q.silhouette.unwrap_or(0.0)
        )
    } else {
        format!("k = {}", q.k)
    };
    cur.row(&[format!("{} {}; {k}", q.answers, l.answers_word).into()])?;
    if let Some(w) = &q.weight {
        cur.row(&[
            format!("{} ({}): {}", l.weighted_base, l.answers, w.answers).into(),
            Cell::Empty,
        ])?;
        cur.pair(l.effective_n, Cell::Decimal(w.effective_n))?;
    }
    Ok(())
}

/// Every theme's quotes: theme, the quote with the theme's segment in bold, id, source, row.
fn quotes(cur: &mut Cursor, l: &Labels, themes: &[ThemeSummary]) -> Result<(), XlsxError> {
    if themes.iter().all(|t| t.quotes.is_empty()) {
        return Ok(());
    }
    cur.heading(l.quotes)?;
    cur.header(&[
        l.theme,
        l.quote,
        l.answer_columns[0],
        l.answer_columns[1],
        l.answer_columns[2],
    ])?;
    for t in themes {
        for q in &t.quotes {
            cur.cell(0, &tables::label(l, t).into())?;
            quote(cur, q)?;
            cur.cell(2, &q.id.as_str().into())?;
            cur.cell(3, &q.source.as_str().into())?;
            cur.row(&[
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                q.row.into(),
            ])?;
        }
    }
    Ok(())
}

/// A quote into column 1: the highlighted segment in bold when there is one.
fn quote(cur: &mut Cursor, q: &Quote) -> Result<(), XlsxError> {
    let text = &q.text;
    let parts = q.highlight.filter(|&(from, to)| {
        from < to && to <= text.len() && text.is_char_boundary(from) && text.is_char_boundary(to)
    });
    let (Some((from, to)), false) = (parts, fit(text).1) else {
        return cur.text(1, text, None);
    };
    let f = cur.f;
    let plain = &f.wrap;
    let bold = f.wrap.clone().set_bold();
    let fragments: Vec<(&rust_xlsxwriter::Format, &str)> = [
        (plain, &text[..from]),
        (&bold, &text[from..to]),
        (plain, &text[to..]),
    ]
    .into_iter()
    .filter(|(_, s)| !s.is_empty())
    .collect();
    cur.ws.write_rich_string(cur.row, 1, &fragments)?;
    Ok(())
}

/// The rules of the codebook that coded each named theme, with their answers.
fn rules(cur: &mut Cursor, l: &Labels, themes: &[ThemeSummary]) -> Result<(), XlsxError> {
    if themes.iter().all(|t| t.rules.is_empty()) {
        return Ok(());
    }
    cur.heading(l.rules)?;
    cur.header(&[l.theme, l.rule, l.answers])?;
    for t in themes {
        for r in &t.rules {
            cur.row(&[
                tables::label(l, t).into(),
                r.rule.as_str().into(),
                r.answers.into(),
            ])?;
        }
    }
    Ok(())
}
