//! One file of the input: scanned ([`decode`]), compared with the files read before (the same
//! bytes are a duplicate file), opened by the reader its extension names, and each of its
//! tables read, a reader's panic reported as a failed file.

use std::path::Path;

use super::{
    decode, delimited, json, sheet, text, FileReport, FileStatus, IngestOptions, Opened, Part, Run,
    SeenFile,
};

impl Run<'_> {
    /// Reads one file and records its report(s).
    pub(super) fn file(&mut self, path: &Path, source: &str, format: &str) {
        let failed =
            |reason: String| FileReport::left_out(source, format, FileStatus::Failed, reason);
        let scan = match decode::scan(path, self.opts.limits.max_file_bytes) {
            Ok(scan) => scan,
            Err(reason) => {
                self.corpus.files.push(failed(reason));
                return;
            }
        };
        if let Some(original) = self.duplicate_of(path, &scan) {
            let rows = self.corpus.files[original.reports.clone()]
                .iter()
                .map(|f| f.rows)
                .sum();
            self.corpus.files.push(FileReport {
                rows,
                duplicate: rows,
                ..FileReport::left_out(
                    source,
                    format,
                    FileStatus::Duplicate,
                    format!("the same bytes as {}", original.source),
                )
            });
            return;
        }
        let first_report = self.corpus.files.len();
        let opts = self.opts;
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_tables(path, source, format, &scan, opts)
        }));
        let read = match read {
            Ok(Ok(read)) => read,
            Ok(Err(reason)) => {
                self.corpus.files.push(failed(reason));
                return;
            }
            Err(_) => {
                self.corpus.files.push(failed(format!(
                    "the {format} reader failed on this file (a bug in teema: please report it)"
                )));
                return;
            }
        };
        for part in read {
            let table = match part {
                Part::Table(table) => table,
                Part::Done(report) => {
                    self.corpus.files.push(report);
                    continue;
                }
            };
            let report = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.table(table)
            })) {
                Ok(report) => report,
                Err(_) => failed(format!(
                    "reading rows of this {format} file failed (a bug in teema: please report it)"
                )),
            };
            self.corpus.files.push(report);
        }
        self.seen_files.push(SeenFile {
            size: scan.size,
            hash: scan.hash,
            path: path.to_path_buf(),
            source: source.to_string(),
            reports: first_report..self.corpus.files.len(),
        });
    }

    /// An earlier file with the same bytes.
    fn duplicate_of(&self, path: &Path, scan: &decode::Scan) -> Option<&SeenFile> {
        // Empty files have the same bytes, but say nothing about being one export.
        self.seen_files.iter().find(|seen| {
            scan.size > 0
                && seen.size == scan.size
                && seen.hash == scan.hash
                && decode::same_bytes(path, &seen.path)
        })
    }
}

/// Chooses the reader by extension and opens the file's tables.
fn read_tables<'a>(
    path: &Path,
    source: &str,
    format: &str,
    scan: &decode::Scan,
    opts: &'a IngestOptions,
) -> std::result::Result<Opened<'a>, String> {
    match format {
        "xlsx" | "xlsm" | "xls" | "ods" => {
            // Text that decodes cleanly is no workbook (a CSV saved under the wrong name).
            let text = !scan.binary && scan.size > 0 && scan.utf8_invalid == 0;
            sheet::read(path, source, format, opts, text)
        }
        _ => {
            if scan.binary && opts.encoding.is_none() {
                return Err(format!(
                    "looks like a binary file, not {} text (zero bytes); is it really a \
                     .{format}? If it is text in another encoding, give --encoding",
                    format.to_uppercase()
                ));
            }
            let decoded = decode::open(path, scan, opts.encoding)?;
            let table = match format {
                "json" => json::read_array(decoded, source, format)?,
                "jsonl" | "ndjson" => json::read_lines(decoded, source, format),
                "txt" | "md" => text::read(
                    decoded,
                    source,
                    format,
                    opts.paragraphs,
                    opts.limits.max_field_bytes,
                )?,
                _ => delimited::read(decoded, source, format, opts.limits.max_field_bytes)?,
            };
            Ok(vec![Part::Table(table)])
        }
    }
}
