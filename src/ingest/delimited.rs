//! CSV and TSV as survey tools and Excel write them: the delimiter (`,` `;` tab `|`) is sniffed
//! from the first records, quoted fields may hold delimiters, quotes and line breaks, and rows
//! are streamed one record at a time.

use std::cell::Cell;
use std::collections::VecDeque;
use std::io::{Cursor, Read};
use std::rc::Rc;

use super::decode::Decoded;
use super::{field_too_long, Layout, RawRow, Table};

const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Bytes looked at to sniff the delimiter.
const SNIFF_BYTES: usize = 1 << 16;
/// Records looked at to sniff the delimiter.
const SNIFF_RECORDS: usize = 30;

/// Opens a delimited file as a table whose header is still to be detected.
pub fn read<'a>(
    decoded: Decoded,
    source: &str,
    format: &str,
    max_field: usize,
) -> Result<Table<'a>, String> {
    let Decoded { mut reader, name } = decoded;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| format!("cannot read: {e}"))?;
    let truncated = head.len() == SNIFF_BYTES;
    let delimiter = sniff(&head, truncated);
    Ok(Table {
        source: source.to_string(),
        format: format.to_string(),
        encoding: Some(name),
        delimiter: Some(delimiter),
        layout: Layout::Detect,
        rows: Box::new(rows(Cursor::new(head).chain(reader), delimiter, max_field)),
    })
}

/// The records of a delimited stream as raw rows. Row numbers are what a spreadsheet shows:
/// one per record, blank lines included (the csv reader skips them; their lines are added
/// back). A quote that is never closed swallows the rest of the file into one field; the
/// record it opened is then skipped with that reason instead of passing as an answer.
pub fn rows<'a>(
    reader: impl Read + 'a,
    delimiter: u8,
    max_field: usize,
) -> impl Iterator<Item = RawRow> + 'a {
    let quotes = Rc::new(Cell::new(0u64));
    let last_byte = Rc::new(Cell::new(b'\n'));
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(QuoteCount {
            inner: reader,
            quotes: quotes.clone(),
            last: last_byte.clone(),
        });
    let mut record = csv::ByteRecord::new();
    // Spreadsheet row and line of the end of the record read last.
    let (mut row, mut end_line) = (0usize, 0u64);
    let mut held: Option<Held> = None;
    let mut ready: VecDeque<RawRow> = VecDeque::new();
    let mut done = false;
    std::iter::from_fn(move || loop {
        if let Some(next) = ready.pop_front() {
            return Some(next);
        }
        if done {
            return None;
        }
        match csv.read_byte_record(&mut record) {
            Ok(true) => {
                // The reader is now past the record's line end, if it has one (only the last
                // record may not); lines skipped before the record were blank lines.
                let newlines = record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
                let after = csv.position().line();
                let before = (row, end_line);
                let start = after.saturating_sub(newlines + 1);
                row += start.saturating_sub(end_line).max(1) as usize;
                end_line = start.max(end_line + 1) + newlines;
                let next = Held {
                    row: to_row(row, &record, max_field),
                    newlines,
                    after,
                    before,
                };
                if let Some(previous) = held.replace(next) {
                    ready.push_back(previous.row);
                }
            }
            Ok(false) => {
                done = true;
                if let Some(mut last) = held.take() {
                    if last_byte.get() != b'\n' {
                        // No line end after the last record: it started a line later.
                        let (prev_row, prev_end) = last.before;
                        let start = last.after.saturating_sub(last.newlines);
                        let n = prev_row + start.saturating_sub(prev_end).max(1) as usize;
                        *last.row.row_mut() = n;
                    }
                    ready.push_back(if last.newlines > 0 && quotes.get() % 2 == 1 {
                        RawRow::Bad(
                            *last.row.row_mut(),
                            "a quote opened on this row is never closed, so the rest of the \
                             file ran into one field; close the quote and export again"
                                .to_string(),
                        )
                    } else {
                        last.row
                    });
                }
            }
            Err(e) => {
                done = true;
                ready.extend(held.take().map(|h| h.row));
                ready.push_back(RawRow::Bad(
                    row + 1,
                    format!("cannot read on from here: {e}"),
                ));
            }
        }
    })
}

/// The row read last, held back until it is known whether a line end follows it and whether
/// it is an unclosed quote's.
struct Held {
    row: RawRow,
    /// Line feeds inside the record.
    newlines: u64,
    /// The reader's line after the record.
    after: u64,
    /// (row, end line) of the record before it.
    before: (usize, u64),
}

/// Counts the quote characters read, to tell at the end whether one was left open, and keeps
/// the last byte, to tell whether the file ends with a line end.
struct QuoteCount<R> {
    inner: R,
    quotes: Rc<Cell<u64>>,
    last: Rc<Cell<u8>>,
}

impl<R: Read> Read for QuoteCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let q = buf[..n].iter().filter(|&&b| b == b'"').count() as u64;
        self.quotes.set(self.quotes.get() + q);
        if n > 0 {
            self.last.set(buf[n - 1]);
        }
        Ok(n)
    }
}

/// One validation of the whole record; fields are then sliced out of it (field boundaries are
/// ASCII delimiters, so always character boundaries). A decoded stream is valid UTF-8 by
/// construction; the check only fails on raw bytes.
fn to_row(row: usize, record: &csv::ByteRecord, max_field: usize) -> RawRow {
    // A field over the limit is refused before it is copied again.
    if let Some((i, f)) = record.iter().enumerate().find(|(_, f)| f.len() > max_field) {
        return RawRow::Bad(row, field_too_long(i, f.len(), max_field));
    }
    match std::str::from_utf8(record.as_slice()) {
        Ok(text) => RawRow::Cells(
            row,
            (0..record.len())
                .map(|i| {
                    record
                        .range(i)
                        .map_or_else(String::new, |r| text[r].to_string())
                })
                .collect(),
        ),
        Err(_) => RawRow::Invalid(
            row,
            record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        ),
    }
}

/// Picks the delimiter under which the first records most consistently have the same number
/// of fields, preferring more fields; a file with a single column gets `,`.
pub fn sniff(head: &[u8], truncated: bool) -> u8 {
    let mut best = (b',', (false, 0usize, 0usize));
    for &d in &CANDIDATES {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(head);
        let mut lens = Vec::new();
        let mut record = csv::ByteRecord::new();
        while lens.len() < SNIFF_RECORDS {
            match reader.read_byte_record(&mut record) {
                Ok(true) => lens.push(record.len()),
                _ => break,
            }
        }
        if truncated && lens.len() > 1 && lens.len() < SNIFF_RECORDS {
            lens.pop();
        }
        if lens.is_empty() {
            continue;
        }
        // The most common width (the wider on a tie): a title line above the header does not
        // decide it.
        let count = |w: usize| lens.iter().filter(|&&n| n == w).count();
        let width = lens
            .iter()
            .copied()
            .max_by_key(|&w| (count(w), w))
            .unwrap_or(1);
        let same = count(width);
        // Consistency in tenths, so that one odd record does not outweigh a wider header.
        let score = (width > 1, same * 10 / lens.len(), width);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff(b"a;b;c\n1,2;3;4", false), b';');
        assert_eq!(sniff(b"a,b,c\n", false), b',');
        assert_eq!(sniff(b"a\tb\n", false), b'\t');
        assert_eq!(sniff(b"\"a;x\",b,c\n", false), b',');
        assert_eq!(
            sniff(b"id|tiimi|vastaus\n1|a|hyva, mutta; kiire\n2|b|ok\n", false),
            b'|'
        );
        assert_eq!(sniff(b"vastaus\nyksi\n", false), b',');
        // A comma in every answer of a `;` file does not fool it.
        assert_eq!(
            sniff(b"id;vastaus\n1;no, ei\n2;joo, kylla, ehka\n", false),
            b';'
        );
    }

    #[test]
    fn title_line_does_not_decide_the_delimiter() {
        assert_eq!(
            sniff(
                b"Kyselyn tulokset 2025\nid,vastaus,tiimi\n1,a;b,A\n2,c,B\n",
                false
            ),
            b','
        );
    }

    fn row_numbers(data: &str) -> Vec<(usize, bool)> {
        rows(data.as_bytes(), b',', usize::MAX)
            .map(|r| match r {
                RawRow::Cells(n, _) | RawRow::Invalid(n, _) => (n, true),
                RawRow::Bad(n, _) => (n, false),
            })
            .collect()
    }

    #[test]
    fn rows_are_spreadsheet_rows_blank_lines_included() {
        // A record spanning two lines is one row, as in a spreadsheet; a blank line is a row.
        assert_eq!(
            row_numbers("id,v\n\n1,a\n\n\n2,\"b\nc\"\n3,d\n"),
            [(1, true), (3, true), (6, true), (7, true)]
        );
        // Old Mac line ends: no line feeds at all.
        assert_eq!(
            row_numbers("id,v\r1,a\r2,b\r"),
            [(1, true), (2, true), (3, true)]
        );
        // No line end at the end, after blank lines.
        assert_eq!(row_numbers("id,v\n\n1,a"), [(1, true), (3, true)]);
        assert_eq!(row_numbers("id,v\r\n1,a"), [(1, true), (2, true)]);
    }

    #[test]
    fn an_unclosed_quote_is_not_an_answer() {
        let rows: Vec<RawRow> = rows(
            "id,v\n1,\"kiire on\n2,johto\n3,mittarit\n".as_bytes(),
            b',',
            usize::MAX,
        )
        .collect();
        assert_eq!(rows.len(), 2);
        assert!(matches!(&rows[1], RawRow::Bad(2, r) if r.contains("never closed")));
        // A closed quote spanning lines at the end is fine.
        let rows: Vec<RawRow> = rows_of("id,v\n1,\"kiire\non\"\n");
        assert!(matches!(&rows[1], RawRow::Cells(2, c) if c[1] == "kiire\non"));
    }

    fn rows_of(data: &str) -> Vec<RawRow> {
        rows(data.as_bytes(), b',', usize::MAX).collect()
    }

    #[test]
    fn quoted_fields_and_numbers() {
        let data = "id;t\r\n1;\"rivi\r\nja \"\"lainaus\"\"; ok\"\r\n2;b\r\n";
        let rows: Vec<RawRow> = rows(data.as_bytes(), b';', usize::MAX).collect();
        assert_eq!(
            rows,
            [
                RawRow::Cells(1, vec!["id".into(), "t".into()]),
                RawRow::Cells(2, vec!["1".into(), "rivi\r\nja \"lainaus\"; ok".into()]),
                RawRow::Cells(3, vec!["2".into(), "b".into()]),
            ]
        );
    }
}
