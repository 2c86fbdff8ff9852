//! `responses.csv`: one row per answer, for spreadsheets and pivot tables; `segments.csv`: one
//! row per segment of an answer (list item, clause) with its codes and their evidence, as
//! qualitative coding tools export coded segments; `skipped.csv`: every file and row that was
//! left out, with the reason. UTF-8 with BOM so that Excel shows ä and ö, and every field that
//! Excel would run as a formula is neutralised. The delimiter is `,` unless `--csv-delimiter`
//! asks for `;` (what a Finnish Excel reads as columns) or tab; fields holding it are quoted.

use std::io::{self, Write};

use super::{Report, ReportWriter};
use crate::ingest::{FileStatus, Skipped};

/// Writes `skipped.csv`: `file, row, reason`; a whole file has an empty row.
pub struct SkippedCsv;

/// Writes `responses.csv`.
pub struct ResponsesCsv;

/// Writes `segments.csv`.
pub struct SegmentsCsv;

/// The columns of `responses.csv` before the metadata columns.
pub const RESPONSE_COLUMNS: [&str; 8] = [
    "id", "source", "row", "question", "theme", "cluster", "evidence", "text",
];

/// The columns of `segments.csv`.
pub const SEGMENT_COLUMNS: [&str; 9] = [
    "id",
    "segment",
    "from",
    "to",
    "theme",
    "cluster",
    "similarity",
    "evidence",
    "text",
];

/// The delimiter of the CSV files a run writes (`--csv-delimiter`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvDelimiter {
    /// `,`, the default.
    #[default]
    Comma,
    /// `;`, the list separator of a Finnish (and most European) Excel.
    Semicolon,
    /// A tab.
    Tab,
}

impl CsvDelimiter {
    /// Reads `--csv-delimiter`: `,`, `;`, or `\t` (as typed, or a tab character); nothing
    /// else, so that the files stay CSV a spreadsheet opens.
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        match s {
            "," => Ok(CsvDelimiter::Comma),
            ";" => Ok(CsvDelimiter::Semicolon),
            "\\t" | "\t" => Ok(CsvDelimiter::Tab),
            _ => Err(
                "the CSV files' delimiter can be `,`, `;` or `\\t` (a tab); for a Finnish \
                 Excel, `--csv-delimiter ';'`"
                    .to_string(),
            ),
        }
    }

    pub fn byte(self) -> u8 {
        match self {
            CsvDelimiter::Comma => b',',
            CsvDelimiter::Semicolon => b';',
            CsvDelimiter::Tab => b'\t',
        }
    }

    /// Whether it is the default `,`.
    pub fn is_comma(&self) -> bool {
        *self == CsvDelimiter::Comma
    }

    /// The delimiter of a CSV file teema wrote, from the start of its header (`id` and the
    /// delimiter, after the BOM); `,` for anything else.
    pub fn sniff(start: &[u8]) -> Self {
        let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
        // Every file's first column has a name of two or more letters: `id`, `file`.
        let name = start.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        match start.get(name) {
            Some(b';') => CsvDelimiter::Semicolon,
            Some(b'\t') => CsvDelimiter::Tab,
            _ => CsvDelimiter::Comma,
        }
    }

    /// A CSV writer with this delimiter, quoting the fields that hold it.
    fn writer<W: Write>(self, out: W) -> ::csv::Writer<W> {
        ::csv::WriterBuilder::new()
            .delimiter(self.byte())
            .from_writer(out)
    }
}

impl serde::Serialize for CsvDelimiter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let byte = [self.byte()];
        s.serialize_str(std::str::from_utf8(&byte).expect("ASCII"))
    }
}

/// Makes a field safe to open in a spreadsheet: a field starting with `=`, `+`, `-`, `@`, tab or
/// carriage return would be read as a formula, so it gets a leading apostrophe (OWASP's advice
/// for CSV injection). Other fields are returned as they are.
pub fn excel_safe(field: &str) -> std::borrow::Cow<'_, str> {
    match field.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{field}").into(),
        _ => field.into(),
    }
}

/// Undoes [`excel_safe`]: drops the apostrophe before `=`, `+`, `-`, `@`, tab or carriage
/// return, for tools that read responses.csv back.
pub fn undo_excel_safe(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => field,
    }
}

impl ReportWriter for ResponsesCsv {
    fn file_name(&self) -> &'static str {
        "responses.csv"
    }

    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut w = report.parameters.csv_delimiter.writer(out);
        let mut header: Vec<&str> = RESPONSE_COLUMNS.to_vec();
        header.extend(report.meta_columns.iter().map(String::as_str));
        let header: Vec<_> = header.iter().map(|h| excel_safe(h)).collect();
        w.write_record(header.iter().map(|h| h.as_ref()))?;
        let mut details = report.row_details()?;
        for r in &report.responses {
            let detail = details.next_row()?;
            let row = r.row.to_string();
            let cluster = r.cluster.map(|c| c.to_string()).unwrap_or_default();
            let theme = r.theme_column();
            let mut fields = vec![
                excel_safe(&r.id),
                excel_safe(&r.source),
                row.as_str().into(),
                excel_safe(&r.question),
                excel_safe(&theme),
                cluster.as_str().into(),
                excel_safe(&detail.evidence),
                excel_safe(&r.text),
            ];
            fields.extend(
                report
                    .meta_columns
                    .iter()
                    .map(|c| excel_safe(r.meta_value(c))),
            );
            w.write_record(fields.iter().map(|f| f.as_ref()))?;
        }
        w.flush()
    }
}

impl ReportWriter for SegmentsCsv {
    fn file_name(&self) -> &'static str {
        "segments.csv"
    }

    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut w = report.parameters.csv_delimiter.writer(out);
        w.write_record(SEGMENT_COLUMNS)?;
        let mut details = report.row_details()?;
        for r in &report.responses {
            let id = excel_safe(&r.id);
            for (n, s) in details.next_row()?.segments.iter().enumerate() {
                let text = r
                    .text
                    .get(s.from as usize..s.to as usize)
                    .unwrap_or_default();
                let similarity = s.similarity.map(|x| format!("{x:.3}")).unwrap_or_default();
                let evidence = super::evidence::segment_line(s);
                w.write_record([
                    id.as_ref(),
                    &(n + 1).to_string(),
                    &s.from.to_string(),
                    &s.to.to_string(),
                    excel_safe(&s.themes.join(";")).as_ref(),
                    &s.cluster.map(|c| c.to_string()).unwrap_or_default(),
                    &similarity,
                    excel_safe(&evidence).as_ref(),
                    excel_safe(text).as_ref(),
                ])?;
            }
        }
        w.flush()
    }
}

fn write_skipped<W: Write>(w: &mut ::csv::Writer<W>, s: &Skipped) -> io::Result<()> {
    w.write_record([
        excel_safe(&s.source).as_ref(),
        &s.row.to_string(),
        excel_safe(&s.reason).as_ref(),
    ])?;
    Ok(())
}

impl ReportWriter for SkippedCsv {
    fn file_name(&self) -> &'static str {
        "skipped.csv"
    }

    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut w = report.parameters.csv_delimiter.writer(out);
        w.write_record(["file", "row", "reason"])?;
        let mut rows = report.skipped.iter().peekable();
        for f in &report.files {
            let what = match f.status {
                FileStatus::Skipped => Some("file skipped"),
                FileStatus::Failed => Some("file not read"),
                FileStatus::Read | FileStatus::Duplicate => None,
            };
            if let Some(what) = what {
                let reason = format!("{what}: {}", f.reason.as_deref().unwrap_or(""));
                w.write_record([
                    excel_safe(&f.source).as_ref(),
                    "",
                    excel_safe(&reason).as_ref(),
                ])?;
            }
            while let Some(s) = rows.next_if(|s| s.source == f.source) {
                write_skipped(&mut w, s)?;
            }
        }
        // Rows of sources without a report (none are expected), so that nothing is lost.
        for s in rows {
            write_skipped(&mut w, s)?;
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(
            excel_safe("=HYPERLINK(\"http://x\",\"klik\")"),
            "'=HYPERLINK(\"http://x\",\"klik\")"
        );
        assert_eq!(excel_safe("+1 ajanpuutteelle"), "'+1 ajanpuutteelle");
        assert_eq!(excel_safe("-"), "'-");
        assert_eq!(excel_safe("@johto"), "'@johto");
        assert_eq!(excel_safe("Kiire"), "Kiire");
        assert_eq!(excel_safe(""), "");
    }

    #[test]
    fn only_comma_semicolon_and_tab_are_delimiters() {
        assert_eq!(CsvDelimiter::parse(","), Ok(CsvDelimiter::Comma));
        assert_eq!(CsvDelimiter::parse(";"), Ok(CsvDelimiter::Semicolon));
        assert_eq!(CsvDelimiter::parse("\\t"), Ok(CsvDelimiter::Tab));
        assert_eq!(CsvDelimiter::parse("\t"), Ok(CsvDelimiter::Tab));
        for bad in ["", "|", ";;", " ;", "tab", "semicolon", ":"] {
            assert!(CsvDelimiter::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_delimiter_of_a_written_file_is_read_from_its_header() {
        for d in [
            CsvDelimiter::Comma,
            CsvDelimiter::Semicolon,
            CsvDelimiter::Tab,
        ] {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            let mut w = d.writer(&mut out);
            w.write_record(RESPONSE_COLUMNS).unwrap();
            w.write_record(["V1", "a;b.csv", "2", "Q, eh?", "x", "", "", "a\tb"])
                .unwrap();
            drop(w);
            assert_eq!(CsvDelimiter::sniff(&out), d);
            assert_eq!(CsvDelimiter::sniff(&out[3..]), d);
        }
        assert_eq!(CsvDelimiter::sniff(b""), CsvDelimiter::Comma);
        assert_eq!(
            CsvDelimiter::sniff(b"file;row;reason\n"),
            CsvDelimiter::Semicolon
        );
    }

    #[test]
    fn undo_excel_safe_undoes_excel_safe() {
        for field in ["=1+1", "+358", "-", "@johto", "V001.q1", "'lainaus", ""] {
            assert_eq!(undo_excel_safe(&excel_safe(field)), field);
        }
    }
}
