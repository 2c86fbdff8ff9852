//! Workbooks: XLSX, ODS and XLS through calamine. Every sheet that holds a table (at least a
//! header row and a data row) is read, or only `--sheet NAME`. A workbook is a zip archive
//! that may unpack to far more than its size, so before calamine opens it every entry is
//! unpacked into nothing, counting bytes, and a workbook that unpacks to more than the limit
//! is refused (a zip bomb, or more than teema should hold in memory).

use std::io::{self, BufReader, Read};
use std::path::Path;

use calamine::{Data, Reader};

use super::{
    megabytes, FileReport, FileStatus, IngestOptions, Layout, Opened, Part, RawRow, Table,
};

/// Opens every sheet with a table as a [`Table`]; sheets without one come back as skipped
/// reports.
pub fn read<'a>(
    path: &Path,
    source: &str,
    format: &str,
    opts: &IngestOptions,
    text: bool,
) -> Result<Opened<'a>, String> {
    if text {
        return Err(format!(
            "this is text, not a .{format} workbook; if it is a CSV export, name it .csv"
        ));
    }
    if format != "xls" {
        check_zip(path, format, opts.limits.max_file_bytes)?;
    }
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| {
        format!(
            "not a readable {} workbook ({e}); open it in Excel or LibreOffice and save it again",
            format.to_uppercase()
        )
    })?;
    let names = workbook.sheet_names();
    let hidden: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let wanted: Vec<String> = match &opts.sheet {
        Some(want) => {
            let found = names
                .iter()
                .find(|n| n.to_lowercase() == want.to_lowercase())
                .ok_or_else(|| {
                    format!("no sheet {want:?}; the sheets are: {}", names.join(", "))
                })?;
            vec![found.clone()]
        }
        None => names.clone(),
    };
    // Sheets with a table, and reports of the others, in the workbook's order.
    let mut sheets: Vec<Result<SheetRows, FileReport>> = Vec::new();
    for name in &wanted {
        let range = match workbook.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                sheets.push(Err(FileReport::left_out(
                    &format!("{source}#{name}"),
                    format,
                    FileStatus::Failed,
                    format!("cannot read the sheet: {e}"),
                )));
                continue;
            }
        };
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|cells| cells.iter().map(cell_text).collect())
            .collect();
        let filled = rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .count();
        if filled < 2 {
            sheets.push(Err(FileReport::left_out(
                &format!("{source}#{name}"),
                format,
                FileStatus::Skipped,
                format!("no table on this sheet ({filled} row(s) with content)"),
            )));
            continue;
        }
        sheets.push(Ok(SheetRows {
            name: name.clone(),
            first_row,
            rows,
            hidden: hidden.contains(name),
        }));
    }
    let several = sheets.iter().filter(|s| s.is_ok()).count() > 1;
    let parts = sheets
        .into_iter()
        .map(|sheet| match sheet {
            Err(report) => Part::Done(report),
            Ok(SheetRows {
                name,
                first_row,
                rows,
                hidden,
            }) => Part::Table(Table {
                source: if several {
                    format!("{source}#{name}")
                } else {
                    source.to_string()
                },
                format: format.to_string(),
                encoding: None,
                delimiter: None,
                layout: Layout::Detect,
                notes: if hidden {
                    vec![format!(
                        "the sheet {name:?} is hidden in the workbook; its rows are read all the same"
                    )]
                } else {
                    Vec::new()
                },
                rows: Box::new(
                    rows.into_iter()
                        .enumerate()
                        .map(move |(i, cells)| RawRow::Cells(first_row + i + 1, cells)),
                ) as Box<dyn Iterator<Item = RawRow>>,
            }),
        })
        .collect();
    Ok(parts)
}

/// The cells of one sheet with a table; `first_row` is the 0-based row of the first.
struct SheetRows {
    name: String,
    first_row: usize,
    rows: Vec<Vec<String>>,
    /// Hidden in the workbook (read all the same, with a note).
    hidden: bool,
}

/// A cell as the user sees it: dates as `2026-03-02` or `2026-03-02 08:30:00`, whole numbers
/// without `.0`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, min, s, _) = dt.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// Unpacks every entry of the archive into nothing, and fails once more than `limit` bytes
/// come out, whatever the entries' headers claim.
fn check_zip(path: &Path, format: &str, limit: u64) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        format!(
            "not a valid .{format} file: it is not a zip archive as a workbook is ({e}); \
             open it in Excel or LibreOffice and save it again"
        )
    })?;
    let too_big = || {
        format!(
            "the workbook unpacks to more than {} (a zip bomb, or too big to read); raise \
             --max-file-size if it really is one export",
            megabytes(limit)
        )
    };
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("broken .{format} file (entry {i}: {e})"))?;
        if total.saturating_add(entry.size()) > limit {
            return Err(too_big());
        }
        let mut limited = (&mut entry).take(limit - total + 1);
        let n = io::copy(&mut limited, &mut io::sink())
            .map_err(|e| format!("broken .{format} file (entry {i}: {e})"))?;
        total += n;
        if total > limit {
            return Err(too_big());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn zip_bombs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pommi.xlsx");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..8 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() < 100_000);
        let err = check_zip(&path, "xlsx", 4 << 20).unwrap_err();
        assert!(err.contains("zip bomb"), "{err}");
        assert!(check_zip(&path, "xlsx", 16 << 20).is_ok());
    }

    #[test]
    fn not_a_zip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rikki.xlsx");
        std::fs::write(&path, "tämä ei ole excel").unwrap();
        let err = check_zip(&path, "xlsx", 1 << 20).unwrap_err();
        assert!(err.contains("not a zip archive"), "{err}");
    }
}
