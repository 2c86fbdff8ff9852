//! The rows column roles are judged on. Not only the first rows: a question added in the
//! middle of a survey is empty in them. Rows are read ahead until every column has
//! [`SAMPLE_VALUES`] non-empty values, the file ends, or [`SAMPLE_BYTES`] of cells are held;
//! the rows read ahead are then taken as answers like any other.

use super::RawRow;

/// Data rows always looked at.
pub const SAMPLE_ROWS: usize = 2000;

/// Non-empty values a column needs before reading ahead stops.
pub const SAMPLE_VALUES: usize = 100;

/// The most cell bytes held while reading ahead.
pub const SAMPLE_BYTES: usize = 64 << 20;

/// Reads rows from `rows` into `pending` (which may hold rows already) until the sample is
/// enough to judge all `width` columns.
pub(super) fn read_ahead(
    pending: &mut Vec<RawRow>,
    rows: &mut impl Iterator<Item = RawRow>,
    width: usize,
) {
    let mut filled = vec![0usize; width];
    let mut bytes = 0usize;
    let mut data_rows = 0usize;
    let mut add = |row: &RawRow, filled: &mut Vec<usize>| {
        if let RawRow::Cells(_, cells) = row {
            data_rows += 1;
            for (i, c) in cells.iter().enumerate().take(width) {
                bytes += c.len();
                if !c.trim().is_empty() {
                    filled[i] += 1;
                }
            }
        }
        (data_rows, bytes)
    };
    for row in pending.iter() {
        add(row, &mut filled);
    }
    for row in rows {
        let (data_rows, bytes) = add(&row, &mut filled);
        pending.push(row);
        let enough = data_rows >= SAMPLE_ROWS && filled.iter().all(|&n| n >= SAMPLE_VALUES);
        if enough || bytes >= SAMPLE_BYTES {
            break;
        }
    }
}
