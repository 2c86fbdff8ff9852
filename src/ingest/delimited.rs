//! CSV and TSV as survey tools and Excel write them: the delimiter (`,` `;` tab `|`) is sniffed
//! from the first records, quoted fields may hold delimiters, quotes and line breaks, and rows
//! are streamed one record at a time.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{Cursor, Read};
use std::rc::Rc;

use super::decode::Decoded;
use super::runaway::Runaway;
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
    // One column: every line is one answer, whatever delimiters it holds.
    let (delimiter, shown) = if one_column(&head, truncated) {
        (NO_DELIMITER, None)
    } else {
        (delimiter, Some(delimiter))
    };
    Ok(Table {
        source: source.to_string(),
        format: format.to_string(),
        encoding: Some(name),
        delimiter: shown,
        layout: Layout::Detect,
        notes: Vec::new(),
        rows: Box::new(rows(Cursor::new(head).chain(reader), delimiter, max_field)),
    })
}

/// The records of a delimited stream as raw rows. Row numbers are what a spreadsheet shows:
/// one per record and one per blank line, whether lines end in `\n`, `\r\n` or `\r` (a
/// record whose quoted field spans lines is one row, as in Excel). A quote that is never closed swallows the rest of the file into one field;
/// the record it opened is then skipped with that reason instead of passing as an answer. A
/// quote that runs over lines that read as rows of their own gives them back ([`Runaway`]).
pub fn rows<'a>(
    reader: impl Read + 'a,
    delimiter: u8,
    max_field: usize,
) -> impl Iterator<Item = RawRow> + 'a {
    let lines = Rc::new(RefCell::new(Lines::new()));
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(LineCount {
            inner: reader,
            lines: lines.clone(),
        });
    let mut record = csv::ByteRecord::new();
    let mut runaway = Runaway::new(delimiter);
    // Line breaks inside the quoted fields read so far: a spreadsheet shows such a record on
    // one row.
    let mut inside = 0;
    // The rows of the record read last, held back until it is known whether it is an
    // unclosed quote's, and whether it spans lines.
    let mut held: Option<(Vec<RawRow>, bool)> = None;
    let mut last_row = 0;
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
                let start = record.position().map_or(0, |p| p.byte());
                last_row = lines.borrow_mut().row_at(start).saturating_sub(inside);
                let breaks = line_breaks(record.as_slice());
                let rows = runaway.check(to_row(last_row, &record, max_field));
                if rows.len() == 1 {
                    inside += breaks;
                }
                if let Some((previous, _)) = held.replace((rows, breaks > 0)) {
                    ready.extend(previous);
                }
            }
            Ok(false) => {
                done = true;
                if let Some((rows, multi_line)) = held.take() {
                    match rows.as_slice() {
                        [one] if multi_line && lines.borrow().quotes % 2 == 1 => {
                            ready.push_back(RawRow::Bad(
                                one.row(),
                                "a quote opened on this row is never closed, so the rest of \
                                 the file ran into one field; close the quote and export again"
                                    .to_string(),
                            ))
                        }
                        _ => ready.extend(rows),
                    }
                }
            }
            Err(e) => {
                done = true;
                ready.extend(held.take().into_iter().flat_map(|h| h.0));
                ready.push_back(RawRow::Bad(
                    last_row + 1,
                    format!("cannot read on from here: {e}"),
                ));
            }
        }
    })
}

/// Line breaks in `bytes`: `\r\n`, `\r` and `\n` each count once.
fn line_breaks(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' && (i == 0 || bytes[i - 1] != b'\r') || b == b'\r')
        .count()
}

/// Where lines start in the bytes read so far, to give a record the line it starts on.
struct Lines {
    /// (byte offset, line) of the first byte of every line that is not blank, from the
    /// record asked for last on.
    starts: VecDeque<(u64, usize)>,
    offset: u64,
    line: usize,
    at_start: bool,
    after_cr: bool,
    /// Quote characters read.
    quotes: u64,
}

impl Lines {
    fn new() -> Self {
        Lines {
            starts: VecDeque::new(),
            offset: 0,
            line: 1,
            at_start: true,
            after_cr: false,
            quotes: 0,
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\n' => {
                    if !self.after_cr {
                        self.line += 1;
                    }
                    self.at_start = true;
                }
                b'\r' => {
                    self.line += 1;
                    self.at_start = true;
                }
                _ => {
                    if self.at_start {
                        self.starts.push_back((self.offset, self.line));
                        self.at_start = false;
                    }
                    if b == b'"' {
                        self.quotes += 1;
                    }
                }
            }
            self.after_cr = b == b'\r';
            self.offset += 1;
        }
    }

    /// The line of the record that starts at or after byte `at` (after the line ends and
    /// blank lines the reader skips).
    fn row_at(&mut self, at: u64) -> usize {
        while self.starts.front().is_some_and(|&(o, _)| o < at) {
            self.starts.pop_front();
        }
        self.starts.front().map_or(self.line, |&(_, line)| line)
    }
}

/// Feeds every byte read to [`Lines`].
struct LineCount<R> {
    inner: R,
    lines: Rc<RefCell<Lines>>,
}

impl<R: Read> Read for LineCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.lines.borrow_mut().feed(&buf[..n]);
        Ok(n)
    }
}

/// Each field is validated on its own: a record can be valid UTF-8 as a whole while a
/// delimiter splits a character between two fields (`ty\xC3,\xB6`). A decoded stream is valid
/// UTF-8 by construction; the check only fails on raw bytes.
fn to_row(row: usize, record: &csv::ByteRecord, max_field: usize) -> RawRow {
    // A field over the limit is refused before it is copied again.
    if let Some((i, f)) = record.iter().enumerate().find(|(_, f)| f.len() > max_field) {
        return RawRow::Bad(row, field_too_long(i, f.len(), max_field));
    }
    match record
        .iter()
        .map(std::str::from_utf8)
        .collect::<Result<Vec<&str>, _>>()
    {
        Ok(fields) => RawRow::Cells(row, fields.into_iter().map(str::to_string).collect()),
        Err(_) => RawRow::Invalid(
            row,
            record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        ),
    }
}

/// The delimiter used to read a one-column file: a control character no export holds.
const NO_DELIMITER: u8 = 0x1f;

/// The first records of `head` under `delimiter`, as text.
fn first_records(head: &[u8], delimiter: u8, truncated: bool) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(head);
    let mut records: Vec<Vec<String>> = reader
        .byte_records()
        .take(SNIFF_RECORDS)
        .map_while(Result::ok)
        .map(|r| {
            r.iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect()
        })
        .collect();
    if truncated && records.len() > 1 && records.len() < SNIFF_RECORDS {
        records.pop();
    }
    records
}

/// A one-column file, as Excel writes a sheet of one column: its first record is one field
/// under every delimiter, and it is not the title line of a table (a line naming three
/// columns or more, and rows below with that many fields).
pub fn one_column(head: &[u8], truncated: bool) -> bool {
    if CANDIDATES.iter().any(|&d| {
        first_records(head, d, truncated)
            .first()
            .is_none_or(|r| r.len() != 1)
    }) {
        return false;
    }
    CANDIDATES.iter().all(|&d| {
        let records = first_records(head, d, truncated);
        let Some(names) = records.get(1) else {
            return true;
        };
        let width = names.len();
        let named = width >= 3
            && names.iter().all(|c| {
                let c = c.trim();
                !c.is_empty() && c.chars().count() <= 60
            });
        let rows = &records[2..];
        let table = rows.iter().filter(|r| r.len() == width).count() * 5 >= rows.len() * 4;
        !(named && table)
    })
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
    fn one_column_files() {
        for head in [
            "Mitä mieltä olet työstäsi?\nKiire on kova, mutta työ on kivaa\nEi valittamista\n",
            "vastaus\nKiire; ei aikaa\nJohto; mittarit\n",
            "vastaus\n\"Kiire on kova; mutta kivaa\"\n",
            "vastaus\n",
        ] {
            assert!(one_column(head.as_bytes(), false), "{head:?}");
        }
        for head in [
            "id,vastaus\n1,kiire\n",
            "Kyselyn tulokset 2025\nid,vastaus,tiimi\n1,a;b,A\n2,c,B\n",
            "",
        ] {
            assert!(!one_column(head.as_bytes(), false), "{head:?}");
        }
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
                RawRow::Note(n, _) => (n, false),
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
        // Blank lines count with every line end, as Excel shows them.
        assert_eq!(
            row_numbers("id,v\r\n\r\n1,a\r\n\r\n\r\n2,\"b\r\nc\"\r\n3,d\r\n"),
            [(1, true), (3, true), (6, true), (7, true)]
        );
        assert_eq!(
            row_numbers("id,v\r\r1,a\r\r\r2,\"b\rc\"\r3,d"),
            [(1, true), (3, true), (6, true), (7, true)]
        );
        // No line end at the end, after blank lines.
        assert_eq!(row_numbers("id,v\n\n1,a"), [(1, true), (3, true)]);
        assert_eq!(row_numbers("id,v\r\n1,a"), [(1, true), (2, true)]);
    }

    #[test]
    fn an_unclosed_quote_is_not_an_answer() {
        let rows: Vec<RawRow> = rows(
            "id,v\n1,\"kiire on\nja johto\nei kuuntele\n".as_bytes(),
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

    #[test]
    fn a_quote_that_runs_over_rows_gives_them_back() {
        // An even number of quotes in the file: the unclosed one is found by the rows it ate.
        let data = "id,v\r\nR2,Hän sanoi \"ei\r\nR4,\"Auki jää\r\nR5,kiire\r\n\r\nR7,johto\r\n";
        let got: Vec<(usize, Vec<String>)> = rows_of(data)
            .into_iter()
            .filter_map(|r| match r {
                RawRow::Cells(n, c) => Some((n, c)),
                _ => None,
            })
            .collect();
        let ids: Vec<(usize, &str)> = got.iter().map(|(n, c)| (*n, c[0].as_str())).collect();
        assert_eq!(ids, [(1, "id"), (2, "R2"), (3, "R4"), (4, "R5"), (6, "R7")]);
        assert!(rows_of(data)
            .iter()
            .any(|r| matches!(r, RawRow::Note(3, n) if n.contains("quote"))));
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
