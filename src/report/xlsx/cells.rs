//! Writing cells: the workbook's formats, and a [`Cursor`] that writes a sheet's rows one after
//! another. Every text goes in with `write_string` (a respondent's `=HYPERLINK(…)` stays text,
//! never a formula), cut to what a cell holds; counts and shares are numbers, shares with a
//! percent format (`0.0%`) and effective sample sizes with one decimal (`0.0`).

use std::borrow::Cow;

use rust_xlsxwriter::{ColNum, Format, FormatAlign, RowNum, Worksheet, XlsxError};

/// The most a cell holds, in UTF-16 units.
pub const MAX_CELL: usize = 32_767;

/// The formats the sheets use.
#[derive(Debug, Clone)]
pub struct Formats {
    pub title: Format,
    pub heading: Format,
    pub header: Format,
    pub percent: Format,
    pub decimal: Format,
    pub wrap: Format,
    pub bold: Format,
}

impl Formats {
    pub fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(0xDDEBF7),
            percent: Format::new().set_num_format("0.0%"),
            decimal: Format::new().set_num_format("0.0"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            bold: Format::new().set_bold(),
        }
    }
}

/// One cell of a row.
#[derive(Debug, Clone)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Count(usize),
    Number(f64),
    /// A share (0–1), shown as a percentage.
    Share(f64),
    /// A number shown with one decimal, as the other reports show it (an effective sample
    /// size: its full decimals are noise); the cell keeps the whole value.
    Decimal(f64),
    Empty,
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Self {
        Cell::Text(s.into())
    }
}

impl From<String> for Cell<'_> {
    fn from(s: String) -> Self {
        Cell::Text(s.into())
    }
}

impl From<usize> for Cell<'_> {
    fn from(n: usize) -> Self {
        Cell::Count(n)
    }
}

/// `text` as it fits in a cell, and whether it was cut (then it ends in `…`).
pub fn fit(text: &str) -> (Cow<'_, str>, bool) {
    // UTF-16 units are never more than bytes: only long texts need counting.
    if text.len() <= MAX_CELL || text.encode_utf16().count() <= MAX_CELL {
        return (text.into(), false);
    }
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > MAX_CELL - 1
        })
        .map_or(text.len(), |(i, _)| i);
    (format!("{}…", &text[..end]).into(), true)
}

/// Writes a sheet's rows one after another, from row `row`.
pub struct Cursor<'a> {
    pub ws: &'a mut Worksheet,
    pub f: &'a Formats,
    pub row: RowNum,
    /// Texts cut to fit a cell so far.
    pub cut: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(ws: &'a mut Worksheet, f: &'a Formats) -> Cursor<'a> {
        Cursor {
            ws,
            f,
            row: 0,
            cut: 0,
        }
    }

    /// Writes `text` as a string into column `col` of the current row.
    pub fn text(
        &mut self,
        col: ColNum,
        text: &str,
        format: Option<&Format>,
    ) -> Result<(), XlsxError> {
        let (text, cut) = fit(text);
        self.cut += usize::from(cut);
        match format {
            Some(f) => self.ws.write_string_with_format(self.row, col, text, f)?,
            None => self.ws.write_string(self.row, col, text)?,
        };
        Ok(())
    }

    /// Writes one cell into column `col` of the current row.
    pub fn cell(&mut self, col: ColNum, cell: &Cell) -> Result<(), XlsxError> {
        match cell {
            Cell::Text(t) => self.text(col, t, None)?,
            Cell::Count(n) => {
                self.ws.write_number(self.row, col, *n as f64)?;
            }
            Cell::Number(x) if x.is_finite() => {
                self.ws.write_number(self.row, col, *x)?;
            }
            Cell::Share(x) if x.is_finite() => {
                self.ws
                    .write_number_with_format(self.row, col, *x, &self.f.percent)?;
            }
            Cell::Decimal(x) if x.is_finite() => {
                self.ws
                    .write_number_with_format(self.row, col, *x, &self.f.decimal)?;
            }
            Cell::Number(_) | Cell::Share(_) | Cell::Decimal(_) | Cell::Empty => {}
        }
        Ok(())
    }

    /// Writes `cells` as the current row and moves to the next.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        for (col, cell) in cells.iter().enumerate() {
            self.cell(col as ColNum, cell)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A row of column headers.
    pub fn header(&mut self, names: &[&str]) -> Result<(), XlsxError> {
        let f = self.f;
        for (col, name) in names.iter().enumerate() {
            self.text(col as ColNum, name, Some(&f.header))?;
        }
        self.row += 1;
        Ok(())
    }

    /// A section's heading, after an empty row unless it is the first row.
    pub fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        if self.row > 0 {
            self.row += 1;
        }
        let f = self.f;
        self.text(0, text, Some(&f.heading))?;
        self.row += 1;
        Ok(())
    }

    /// A name and its value.
    pub fn pair(&mut self, name: &str, value: Cell) -> Result<(), XlsxError> {
        self.row(&[name.into(), value])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_to_what_a_cell_holds() {
        assert_eq!(fit("lyhyt"), (Cow::Borrowed("lyhyt"), false));
        let long = "ä".repeat(MAX_CELL + 5);
        let (cut, was) = fit(&long);
        assert!(was);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL);
        assert!(cut.ends_with('…'));
        let emoji = "😀".repeat(MAX_CELL);
        let (cut, _) = fit(&emoji);
        assert!(cut.encode_utf16().count() <= MAX_CELL);
        let exact = "a".repeat(MAX_CELL);
        assert!(!fit(&exact).1);
    }
}
