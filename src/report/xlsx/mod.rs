//! `report.xlsx`: the report as an Excel workbook, for the analysts who open everything in
//! Excel (a Finnish Excel reads the comma-separated CSVs as one column). Sheets, in order: a
//! summary ([`summary`]), one sheet per question ([`question`]: themes, quotes, rules,
//! cross-tabs), the word tables and, with `--by`, the words compared ([`words`]), and every
//! answer ([`answers`]: the rows of `responses.csv`, split over sheets
//! past Excel's 1,048,576 rows). Every text is written as a string, never a formula; counts
//! and shares are numbers. The same report gives the same bytes: the document's creation date
//! is fixed, and the zip's file times are rust_xlsxwriter's fixed ones.

mod answers;
mod cells;
mod groups;
mod labels;
mod labels_en;
mod names;
mod question;
mod summary;
mod tables;
#[cfg(test)]
mod tests;
mod words;

use std::io::{self, Write};
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

pub use answers::EXCEL_ROWS;
use cells::{Cell, Formats};
use labels::Labels;
use names::SheetNames;

use super::{Report, ReportWriter};

/// Writes `report.xlsx`.
#[derive(Debug, Clone)]
pub struct Xlsx {
    /// Rows per answers sheet, the header included: Excel's 1,048,576 (smaller in tests).
    pub row_limit: usize,
}

impl Default for Xlsx {
    fn default() -> Self {
        Xlsx {
            row_limit: EXCEL_ROWS,
        }
    }
}

impl ReportWriter for Xlsx {
    fn file_name(&self) -> &'static str {
        "report.xlsx"
    }

    /// The workbook in memory, then out; [`Xlsx::write_file`] is what runs use.
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut wb = workbook(report, None, self.row_limit).map_err(io_error)?;
        out.write_all(&wb.save_to_buffer().map_err(io_error)?)
    }

    /// Streams the workbook into `path`; the answers sheets' temporary files go beside it (in
    /// the staging folder, not in a /tmp that may be memory), unnamed, so they vanish with the
    /// run.
    fn write_file(&self, report: &Report, path: &Path) -> io::Result<()> {
        let mut wb = workbook(report, path.parent(), self.row_limit).map_err(io_error)?;
        let mut out = io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
        wb.save_to_writer(&mut out).map_err(io_error)?;
        out.flush()
    }
}

fn io_error(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        e => io::Error::other(e),
    }
}

/// The workbook of `report`, its answers in sheets of at most `row_limit` rows.
fn workbook(
    report: &Report,
    tempdir: Option<&Path>,
    row_limit: usize,
) -> Result<Workbook, XlsxError> {
    let l = match report.parameters.lang {
        super::Lang::Fi => &labels::FI,
        super::Lang::En => &labels_en::EN,
    };
    let f = Formats::new();
    let mut wb = Workbook::new();
    // Deflate level 1, not 6: the answers sheets are most of a large run's write time, and
    // the file is only somewhat larger (BENCHMARKS.md).
    wb.set_zip_compression_level(1);
    if let Some(dir) = tempdir {
        wb.set_tempdir(dir)?;
    }
    // A fixed date: the same report gives the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", l.title, report.parameters.input))
            .set_creation_datetime(&created),
    );
    let mut names = SheetNames::default();
    let mut contents = summary::Contents::default();
    let first = names.take(l.summary_sheet);
    wb.add_worksheet().set_name(&first)?;
    contents.sheets.push((first, l.sheet_summary.to_string()));
    let mut cut = 0;
    for (i, q) in report.questions.iter().enumerate() {
        let name = names.take(&format!("{}. {}", i + 1, q.question));
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        cut += question::write(ws, &f, l, q)?;
        contents.sheets.push((name, q.question.clone()));
    }
    let (word_sheets, words_cut) = words::write(&mut wb, &f, l, &mut names, report)?;
    cut += words_cut;
    for (name, what) in word_sheets {
        contents.sheets.push((name, what.to_string()));
    }
    let written = write_answers(&mut wb, &f, l, &mut names, report, row_limit)?;
    cut += written.cut;
    if written.sheets.len() > 1 {
        contents
            .notes
            .push((l.split_note)(row_limit, &written.sheets.join(", ")));
    }
    for name in written.sheets {
        contents.sheets.push((name, l.sheet_answers.to_string()));
    }
    if cut > 0 {
        contents.notes.push((l.cut_note)(cut));
    }
    summary::write(wb.worksheet_from_index(0)?, &f, l, report, &contents)?;
    Ok(wb)
}

/// The answers sheets: the columns of `responses.csv` with the report's words as headers.
fn write_answers(
    wb: &mut Workbook,
    f: &Formats,
    l: &Labels,
    names: &mut SheetNames,
    report: &Report,
    row_limit: usize,
) -> Result<answers::Written, XlsxError> {
    let mut header = l.answer_columns.to_vec();
    header.extend(report.meta_columns.iter().map(String::as_str));
    let mut widths = vec![14.0, 22.0, 8.0, 36.0, 28.0, 9.0, 45.0, 70.0];
    widths.extend(
        report
            .meta_columns
            .iter()
            .map(|c| (c.chars().count() as f64 + 2.0).clamp(10.0, 30.0)),
    );
    let table = answers::Table {
        name: l.answers_sheet,
        header,
        widths,
        wrapped: vec![6, 7],
    };
    let mut details = report.row_details()?;
    let rows = report.responses.iter().map(move |r| {
        let detail = details.next_row()?;
        let mut cells: Vec<Cell> = vec![
            r.id.as_str().into(),
            (*r.source).into(),
            r.row.into(),
            (*r.question).into(),
            r.theme_column().into(),
            r.cluster.map_or(Cell::Empty, Cell::Count),
            detail.evidence.into(),
            r.text.as_str().into(),
        ];
        cells.extend(report.meta_columns.iter().map(|c| r.meta_value(c).into()));
        Ok(cells)
    });
    answers::write(
        wb,
        f,
        names,
        &table,
        rows,
        report.responses.len(),
        row_limit,
    )
}
