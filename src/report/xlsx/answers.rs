//! The answers sheets: every row of `responses.csv`, the same columns, under a frozen header
//! with an autofilter, the evidence and answer columns wrapped. Written in rust_xlsxwriter's
//! constant-memory mode (each row goes to a temporary file as soon as the next one starts), so
//! a million answers cost no more memory than ten. A sheet holds at most `limit` rows, header
//! included (Excel's 1,048,576); more answers go on to `Vastaukset 2`, `Vastaukset 3`, ….

use std::io;

use rust_xlsxwriter::{ColNum, RowNum, Workbook, XlsxError};

use super::cells::{Cell, Cursor, Formats};
use super::names::SheetNames;

/// Excel's rows per sheet.
pub const EXCEL_ROWS: usize = 1_048_576;

/// A table spread over as many sheets as it needs.
#[derive(Debug)]
pub struct Table<'h> {
    /// The first sheet's name; the next ones add ` 2`, ` 3`, ….
    pub name: &'h str,
    pub header: Vec<&'h str>,
    /// Each column's width (characters).
    pub widths: Vec<f64>,
    /// The columns whose text wraps.
    pub wrapped: Vec<usize>,
}

/// The sheets written, and how many texts were cut to fit a cell.
#[derive(Debug, Default)]
pub struct Written {
    pub sheets: Vec<String>,
    pub cut: usize,
}

/// How many sheets `rows` rows take at `limit` rows a sheet (one of them the header); at
/// least one, so that an empty table still shows its header.
pub fn sheets_needed(rows: usize, limit: usize) -> usize {
    let per_sheet = limit.saturating_sub(1).max(1);
    rows.div_ceil(per_sheet).max(1)
}

/// Writes the `total` rows of `rows` into new constant-memory sheets of `wb`, at most `limit`
/// rows a sheet (header included).
pub fn write<'r>(
    wb: &mut Workbook,
    f: &Formats,
    names: &mut SheetNames,
    table: &Table,
    mut rows: impl Iterator<Item = io::Result<Vec<Cell<'r>>>>,
    total: usize,
    limit: usize,
) -> Result<Written, XlsxError> {
    let per_sheet = limit.saturating_sub(1).max(1);
    let mut written = Written::default();
    for sheet in 0..sheets_needed(total, limit) {
        let name = match sheet {
            0 => names.take(table.name),
            n => names.take(&format!("{} {}", table.name, n + 1)),
        };
        let here = per_sheet.min(total - sheet * per_sheet);
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(&name)?;
        let last_col = table.header.len().saturating_sub(1) as ColNum;
        for (col, width) in table.widths.iter().enumerate() {
            ws.set_column_width(col as ColNum, *width)?;
        }
        for &col in &table.wrapped {
            ws.set_column_format(col as ColNum, &f.wrap)?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, here as RowNum, last_col)?;
        let mut cur = Cursor::new(ws, f);
        cur.header(&table.header)?;
        for _ in 0..here {
            let cells = rows.next().ok_or_else(|| {
                io::Error::new(io::ErrorKind::UnexpectedEof, "fewer rows than counted")
            })??;
            cur.row(&cells)?;
        }
        written.cut += cur.cut;
        written.sheets.push(name);
    }
    Ok(written)
}
