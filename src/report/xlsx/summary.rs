//! The summary sheet (`Yhteenveto`): the notes a reader must see (answers split across sheets,
//! texts cut), the themes over all questions, what each sheet holds, the run's parameters, the
//! counts of files, rows and answers, and what was redacted. One function per part.

use rust_xlsxwriter::{ColNum, Worksheet, XlsxError};

use super::cells::{Cell, Cursor, Formats};
use super::labels::Labels;
use super::tables;
use crate::redact::Redaction;
use crate::report::weights::WeightProblem;
use crate::report::{Counts, Report};

/// Column widths: names, values (and the themes' wide column), then numbers.
const WIDTHS: [f64; 10] = [36.0, 60.0, 14.0, 10.0, 12.0, 12.0, 12.0, 10.0, 20.0, 40.0];

/// What the other sheets hold, and the notes about them.
#[derive(Debug, Default)]
pub struct Contents {
    /// Each sheet's name and what it holds, in order.
    pub sheets: Vec<(String, String)>,
    pub notes: Vec<String>,
}

/// Writes the summary sheet.
pub fn write(
    ws: &mut Worksheet,
    f: &Formats,
    l: &Labels,
    report: &Report,
    contents: &Contents,
) -> Result<(), XlsxError> {
    for (col, width) in WIDTHS.iter().enumerate() {
        ws.set_column_width(col as ColNum, *width)?;
    }
    let mut cur = Cursor::new(ws, f);
    cur.text(
        0,
        &format!("{} {}", l.title, report.parameters.input),
        Some(&f.title),
    )?;
    cur.row += 1;
    notes(&mut cur, l, &contents.notes)?;
    cur.heading(l.all_themes)?;
    tables::themes(&mut cur, l, &report.themes, report.counts.answers, true)?;
    cur.heading(l.sheets)?;
    for (name, what) in &contents.sheets {
        cur.row(&[name.as_str().into(), what.as_str().into()])?;
    }
    parameters(&mut cur, l, report)?;
    counts(&mut cur, l, &report.counts)?;
    weighting(&mut cur, l, report)?;
    redaction(&mut cur, l, &report.redaction)
}

fn problem(l: &Labels, p: WeightProblem) -> &'static str {
    match p {
        WeightProblem::Missing => l.weight_problems[0],
        WeightProblem::NotANumber => l.weight_problems[1],
        WeightProblem::Negative => l.weight_problems[2],
        WeightProblem::NotFinite => l.weight_problems[3],
    }
}

/// Rows without a valid weight listed at most (their number is always given).
const MAX_INVALID_LISTED: usize = 1000;

/// With `--weight`: the column, the rows weighted and those without a valid weight, named.
fn weighting(cur: &mut Cursor, l: &Labels, report: &Report) -> Result<(), XlsxError> {
    let Some(w) = &report.weight else {
        return Ok(());
    };
    cur.heading(l.weighting)?;
    let names = &l.weighting_names;
    cur.pair(names[0], w.column.as_str().into())?;
    cur.pair(names[1], w.rows_weighted.into())?;
    cur.pair(names[2], w.rows_invalid.into())?;
    if w.invalid.is_empty() {
        return Ok(());
    }
    cur.header(&l.invalid_weight_columns)?;
    for i in w.invalid.iter().take(MAX_INVALID_LISTED) {
        cur.row(&[
            i.source.as_str().into(),
            i.row.into(),
            i.value.as_str().into(),
            problem(l, i.problem).into(),
        ])?;
    }
    Ok(())
}

fn notes(cur: &mut Cursor, l: &Labels, notes: &[String]) -> Result<(), XlsxError> {
    if notes.is_empty() {
        return Ok(());
    }
    cur.heading(l.notes)?;
    for note in notes {
        let f = cur.f;
        cur.text(0, note, Some(&f.bold))?;
        cur.row += 1;
    }
    Ok(())
}

fn parameters(cur: &mut Cursor, l: &Labels, report: &Report) -> Result<(), XlsxError> {
    let p = &report.parameters;
    let yes_no = |b: bool| Cell::from(if b { l.yes } else { l.no });
    fn or<'a>(v: &'a Option<String>, none: &'static str) -> Cell<'a> {
        Cell::from(v.as_deref().unwrap_or(none))
    }
    let columns = if p.columns.is_empty() {
        l.detected.to_string()
    } else {
        p.columns.join(", ")
    };
    let values: [Cell; 13] = [
        p.input.as_str().into(),
        p.themes_file.as_str().into(),
        columns.into(),
        or(&p.encoding, l.detected),
        or(&p.sheet, ""),
        yes_no(p.paragraphs),
        Cell::Number(p.seed as f64),
        p.k.map_or(Cell::from(l.auto), Cell::Count),
        yes_no(p.across_questions),
        p.by.join(", ").into(),
        or(&p.weight, ""),
        p.analyzer.as_str().into(),
        report.version.as_str().into(),
    ];
    cur.heading(l.parameters)?;
    for (name, value) in l.parameter_names.iter().zip(values) {
        cur.pair(name, value)?;
    }
    Ok(())
}

fn counts(cur: &mut Cursor, l: &Labels, c: &Counts) -> Result<(), XlsxError> {
    let values = [
        c.files,
        c.files_duplicate,
        c.files_skipped,
        c.files_failed,
        c.rows_read,
        c.rows_ingested,
        c.rows_empty,
        c.rows_duplicate,
        c.rows_skipped,
        c.rows_without_content,
        c.answers,
        c.answers_duplicate,
        c.answers_with_content,
        c.no_content,
        c.other,
        c.clustered,
        c.named,
        c.segments,
    ];
    cur.heading(l.counts)?;
    for (name, n) in l.count_names.iter().zip(values) {
        cur.pair(name, n.into())?;
    }
    Ok(())
}

fn redaction(cur: &mut Cursor, l: &Labels, r: &Redaction) -> Result<(), XlsxError> {
    cur.heading(l.redaction)?;
    let names = &l.redaction_names;
    cur.pair(names[0], if r.enabled { l.yes } else { l.no }.into())?;
    let values = [
        r.hetu,
        r.email,
        r.phone,
        r.iban,
        r.name,
        r.answers,
        r.metadata_rows,
        r.words,
    ];
    for (name, n) in names[1..].iter().zip(values) {
        cur.pair(name, n.into())?;
    }
    Ok(())
}
