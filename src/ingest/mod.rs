//! What did the respondents write? Ingest walks a folder of survey exports and turns every row
//! into [`Answer`]s, keeping each answer's id, question, source file and row, and its metadata.
//!
//! One file goes through four steps:
//! 1. [`decode`] looks at the bytes: duplicate of a file already read, binary, which encoding
//!    (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252, or `--encoding`).
//! 2. A reader turns the file into raw rows of cells: [`delimited`] (CSV/TSV/`|`, delimiter
//!    sniffed), [`sheet`] (XLSX/ODS/XLS through calamine, one table per sheet), [`json`]
//!    (JSON arrays, JSONL) or [`text`] (one answer per line or paragraph).
//! 3. [`header`] finds the header rows of a table: one row, none, Qualtrics' three rows or
//!    SurveyMonkey's two, after any title rows. [`columns`] gives every column its role: id,
//!    question, free text or metadata.
//! 4. Every data row ends as exactly one [`RowOutcome`]: ingested, empty, duplicate or skipped
//!    with a reason, and the counts in [`FileReport`] add up to the rows read.
//!
//! Readers stream: a CSV is never held in memory whole, only the answers taken from it. Files
//! larger than [`Limits::max_file_bytes`], workbooks that unpack to more than that, and fields
//! longer than [`Limits::max_field_bytes`] are refused with a message that says so.

mod columns;
mod decode;
mod delimited;
mod file;
mod header;
mod json;
mod judge;
mod markdown;
mod mojibake;
mod row;
mod runaway;
mod sample;
mod sheet;
mod table;
mod text;
mod walk;

use std::collections::HashSet;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use row::Prehashed;
use walk::{extension, relative};

use crate::error::{Error, Result};

pub use decode::parse_encoding;
pub use delimited::sniff as sniff_delimiter;

/// One answer of one respondent to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Citable id: the respondent id (with `.qN` when a row holds several questions), or
    /// `file:row`.
    pub id: String,
    /// The file, relative to the input folder (`file.xlsx#Sheet` for one sheet of several);
    /// shared by the answers of a file.
    pub source: Arc<str>,
    /// The row as a spreadsheet shows it (the first line is row 1, header rows count), the
    /// line of a text or JSONL file, or the item of a JSON array.
    pub row: usize,
    /// The question answered; shared by the answers to one column.
    pub question: Arc<str>,
    /// The answer as written, trimmed.
    pub text: String,
    /// Metadata columns of the row, in the export's order; shared by the answers of a row.
    pub meta: Meta,
}

/// (column, value) pairs of one row, shared by the answers taken from it. A value is shared
/// by the rows that have it ([`MetaValues`]): metadata is mostly a few values repeated over
/// a million rows.
pub type Meta = Arc<[(Arc<str>, Arc<str>)]>;

/// One shared copy of each metadata value, for the first [`MetaValues::LIMIT`] distinct ones
/// (a column of unique values, such as timestamps, gains nothing from sharing).
#[derive(Debug, Default)]
pub(crate) struct MetaValues {
    values: rustc_hash::FxHashSet<Arc<str>>,
}

impl MetaValues {
    const LIMIT: usize = 1 << 16;

    /// The shared copy of `value`.
    pub(crate) fn get(&mut self, value: &str) -> Arc<str> {
        if let Some(v) = self.values.get(value) {
            return Arc::clone(v);
        }
        let v: Arc<str> = Arc::from(value);
        if self.values.len() < Self::LIMIT {
            self.values.insert(Arc::clone(&v));
        }
        v
    }
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub source: String,
    pub row: usize,
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    /// `file:row: skipped row: reason`, the one form every message about a skipped row uses.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: skipped row: {}",
            self.source, self.row, self.reason
        )
    }
}

/// What became of one data row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOutcome {
    /// At least one new answer was taken from it.
    Ingested,
    /// Every free-text cell is empty.
    Empty,
    /// Every answer in it was read before (the same respondent, question and text).
    Duplicate,
    /// It could not be read; the reason is in [`Corpus::skipped`].
    Skipped,
}

/// What teema did with a whole file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Read; its rows are counted.
    #[default]
    Read,
    /// Byte for byte the same as a file read before; every row counts as a duplicate.
    Duplicate,
    /// Left out on purpose: hidden, an Office lock file, a type teema does not read, or a
    /// sheet without a table.
    Skipped,
    /// Could not be read at all (see `reason`).
    Failed,
}

/// What a column is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Gives each answer its id.
    Id,
    /// Holds the question each row answers (long exports).
    Question,
    /// Free text: every non-empty cell is an answer.
    Text,
    /// Kept with each answer as a string.
    Meta,
}

/// One column of a table as teema sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnInfo {
    /// The column's name (from the header, or `column N`).
    pub name: String,
    /// The question text, where the export has it apart from the name (Qualtrics,
    /// SurveyMonkey); otherwise the name.
    pub question: String,
    pub role: Role,
    /// Why it has its role: `text: long varied answers (…)`, `metadata: 3 distinct values in
    /// 200 rows`.
    pub reason: String,
}

/// What ingest saw in one file (or one sheet of a workbook).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// The file relative to the input folder; `file.xlsx#Sheet` for a sheet.
    pub source: String,
    pub status: FileStatus,
    /// Why it was skipped, failed, or which file it duplicates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `csv`, `tsv`, `xlsx`, `ods`, `xls`, `json`, `jsonl`, `txt`, `md`.
    pub format: String,
    /// The text encoding read (`UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `windows-1252`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The delimiter of a delimited file: `,`, `;`, `tab` or `|`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// How the header was read: `one header row`, `no header row`, `Qualtrics (3 header
    /// rows)`, `SurveyMonkey (2 header rows)`, and title rows above it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// Rows above the data: title rows and header rows.
    pub header_rows: usize,
    pub columns: Vec<ColumnInfo>,
    /// Data rows: `ingested + empty + duplicate + skipped`.
    pub rows: usize,
    pub ingested: usize,
    pub empty: usize,
    pub duplicate: usize,
    pub skipped: usize,
    /// Answers taken (a row of a wide export gives one per non-empty question).
    pub answers: usize,
    /// Answers left out because the same respondent gave the same answer to the same question
    /// in a file read before (or earlier in this one).
    pub answers_duplicate: usize,
    /// Things the user should know, e.g. text that looks double-encoded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl FileReport {
    fn new(source: &str, format: &str) -> Self {
        FileReport {
            source: source.to_string(),
            format: format.to_string(),
            ..FileReport::default()
        }
    }

    /// A report of a file (or sheet) left out as a whole: skipped, failed or a duplicate.
    pub(crate) fn left_out(source: &str, format: &str, status: FileStatus, reason: String) -> Self {
        FileReport {
            status,
            reason: Some(reason),
            ..FileReport::new(source, format)
        }
    }

    fn count(&mut self, outcome: RowOutcome) {
        self.rows += 1;
        match outcome {
            RowOutcome::Ingested => self.ingested += 1,
            RowOutcome::Empty => self.empty += 1,
            RowOutcome::Duplicate => self.duplicate += 1,
            RowOutcome::Skipped => self.skipped += 1,
        }
    }

    /// Whether the file's rows are part of the run (read or duplicate).
    pub fn is_read(&self) -> bool {
        matches!(self.status, FileStatus::Read | FileStatus::Duplicate)
    }
}

/// Where every row went, summed over files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    pub rows: usize,
    pub ingested: usize,
    pub empty: usize,
    pub duplicate: usize,
    pub skipped: usize,
    pub answers_duplicate: usize,
}

/// Everything read from the input.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub answers: Vec<Answer>,
    /// Union of the metadata columns of all files, in first-seen order.
    pub meta_columns: Vec<Arc<str>>,
    /// One report per file (per sheet for workbooks), in walk order, skipped files included.
    pub files: Vec<FileReport>,
    /// Rows that could not be read, in file and row order.
    pub skipped: Vec<Skipped>,
}

impl Corpus {
    /// Row counts summed over all files.
    pub fn row_counts(&self) -> RowCounts {
        let mut c = RowCounts::default();
        for f in &self.files {
            c.rows += f.rows;
            c.ingested += f.ingested;
            c.empty += f.empty;
            c.duplicate += f.duplicate;
            c.skipped += f.skipped;
            c.answers_duplicate += f.answers_duplicate;
        }
        c
    }

    /// Files with the given status.
    pub fn files_with(&self, status: FileStatus) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }
}

/// Caps that keep hostile input from exhausting memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file read, and the most a workbook (a zip archive) may unpack to.
    pub max_file_bytes: u64,
    /// Longest single field; a row with a longer one is skipped.
    pub max_field_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 1 << 30,
            max_field_bytes: 1 << 20,
        }
    }
}

/// How to read the input.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Free-text columns by name (case-insensitive) or 1-based index; empty means detect.
    pub columns: Vec<String>,
    /// Text encoding to use instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Read only the sheet of this name from workbooks.
    pub sheet: Option<String>,
    /// In `.txt`/`.md` files an answer is a paragraph (lines up to a blank line), not a line.
    pub paragraphs: bool,
    pub limits: Limits,
    /// Folders never read as input: the run's own output folder.
    pub exclude: Vec<PathBuf>,
}

/// A row as a reader yields it, before the header is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawRow {
    /// Row number and cells.
    Cells(usize, Vec<String>),
    /// Row number and why the row cannot be read.
    Bad(usize, String),
    /// A row that is not valid UTF-8, with its cells decoded lossily: skipped as a data row,
    /// but still usable as a header (with a warning) so that a data row never takes its place.
    Invalid(usize, Vec<String>),
    /// Row number and something the user should know about it; not a row itself.
    Note(usize, String),
}

impl RawRow {
    /// The row number.
    pub(crate) fn row(&self) -> usize {
        match self {
            RawRow::Cells(n, _)
            | RawRow::Bad(n, _)
            | RawRow::Invalid(n, _)
            | RawRow::Note(n, _) => *n,
        }
    }
}

/// How a reader knows the columns.
pub(crate) enum Layout {
    /// The first rows hold a header, to be detected.
    Detect,
    /// The reader knows the columns (JSON keys); every row is data.
    Known(Vec<String>),
    /// One free-text column with the given question; every row is data (plain text).
    Text(String),
}

/// One table a reader found in a file, with its rows still to come.
pub(crate) struct Table<'a> {
    pub source: String,
    pub format: String,
    pub encoding: Option<String>,
    pub delimiter: Option<u8>,
    pub layout: Layout,
    /// Things the user should know about the whole table (a hidden sheet).
    pub notes: Vec<String>,
    pub rows: Box<dyn Iterator<Item = RawRow> + 'a>,
}

/// What a reader made of a file, part by part in the file's order: tables to read, and
/// reports of parts left out (sheets without a table).
pub(crate) type Opened<'a> = Vec<Part<'a>>;

pub(crate) enum Part<'a> {
    Table(Table<'a>),
    Done(FileReport),
}

/// State shared across the files of one run.
struct Run<'o> {
    opts: &'o IngestOptions,
    corpus: Corpus,
    /// Hashes of the ids given so far.
    seen_ids: HashSet<u64, Prehashed>,
    /// Hashes of (respondent id, question, text) already taken.
    seen_answers: HashSet<u64, Prehashed>,
    /// Every file read, to find the same bytes again.
    seen_files: Vec<SeenFile>,
    meta_values: MetaValues,
}

/// A file read, and where its reports are.
struct SeenFile {
    size: u64,
    hash: u64,
    path: PathBuf,
    source: String,
    /// Its reports in [`Corpus::files`] (several for a workbook).
    reports: std::ops::Range<usize>,
}

/// Reads every supported export under `input` (a folder, walked recursively in sorted order,
/// or a single file).
pub fn ingest(input: &Path, opts: &IngestOptions) -> Result<Corpus> {
    let mut entries = Vec::new();
    let base = if input.is_dir() {
        entries = walk::walk(input, &opts.exclude)?;
        input
    } else if input.is_file() {
        entries.push(walk::Entry {
            path: input.to_path_buf(),
            skip: None,
        });
        input.parent().unwrap_or(Path::new(""))
    } else {
        return Err(Error::input(
            input,
            "no such file or folder; give the folder that holds the survey exports",
        ));
    };
    let mut run = Run {
        opts,
        corpus: Corpus::default(),
        seen_ids: HashSet::default(),
        seen_answers: HashSet::default(),
        seen_files: Vec::new(),
        meta_values: MetaValues::default(),
    };
    for entry in entries {
        let source = relative(&entry.path, base);
        let format = extension(&entry.path);
        if let Some(reason) = entry.skip {
            run.corpus.files.push(FileReport::left_out(
                &source,
                &format,
                FileStatus::Skipped,
                reason,
            ));
            continue;
        }
        run.file(&entry.path, &source, &format);
    }
    Ok(run.corpus)
}

/// `1.5 MB`, for messages about sizes.
pub(crate) fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// Why a row with field `i` (0-based) of `len` bytes is skipped.
pub(crate) fn field_too_long(i: usize, len: usize, max: usize) -> String {
    format!(
        "field {} is {} long; one answer can be at most {}",
        i + 1,
        megabytes(len as u64),
        megabytes(max as u64)
    )
}

#[cfg(test)]
mod tests;
