//! CSV and TSV as survey tools and Excel write them: the delimiter (`,` `;` tab `|`) is sniffed
//! from the first records, quoted fields may hold delimiters, quotes and line breaks, and rows
//! are streamed one record at a time.

use std::io::{Cursor, Read};

use super::decode::Decoded;
use super::{Layout, RawRow, Table};

const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Bytes looked at to sniff the delimiter.
const SNIFF_BYTES: usize = 1 << 16;
/// Records looked at to sniff the delimiter.
const SNIFF_RECORDS: usize = 30;

/// Opens a delimited file as a table whose header is still to be detected.
pub fn read<'a>(decoded: Decoded, source: &str, format: &str) -> Result<Table<'a>, String> {
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
        rows: Box::new(rows(Cursor::new(head).chain(reader), delimiter)),
    })
}

/// The records of a delimited stream as raw rows; row numbers count records from 1.
pub fn rows<'a>(reader: impl Read + 'a, delimiter: u8) -> impl Iterator<Item = RawRow> + 'a {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let mut row = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        row += 1;
        match csv.read_byte_record(&mut record) {
            Ok(false) => None,
            Ok(true) => Some(to_row(row, &record)),
            Err(e) => {
                done = true;
                Some(RawRow::Bad(row, format!("cannot read on from here: {e}")))
            }
        }
    })
}

/// One validation of the whole record; fields are then sliced out of it (field boundaries are
/// ASCII delimiters, so always character boundaries). A decoded stream is valid UTF-8 by
/// construction; the check only fails on raw bytes.
fn to_row(row: usize, record: &csv::ByteRecord) -> RawRow {
    let Ok(text) = std::str::from_utf8(record.as_slice()) else {
        return RawRow::Bad(
            row,
            "not valid UTF-8; re-save the file as UTF-8, or give --encoding (e.g. windows-1252)"
                .to_string(),
        );
    };
    RawRow::Cells(
        row,
        (0..record.len())
            .map(|i| {
                record
                    .range(i)
                    .map_or_else(String::new, |r| text[r].to_string())
            })
            .collect(),
    )
}

/// Picks the delimiter under which the first records have the most consistent number of
/// fields, preferring more fields; a file with a single column gets `,`.
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
        let Some(&width) = lens.first() else {
            continue;
        };
        let same = lens.iter().filter(|&&n| n == width).count();
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
    fn quoted_fields_and_numbers() {
        let data = "id;t\r\n1;\"rivi\r\nja \"\"lainaus\"\"; ok\"\r\n2;b\r\n";
        let rows: Vec<RawRow> = rows(data.as_bytes(), b';').collect();
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
