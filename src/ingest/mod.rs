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
mod header;
mod json;
mod judge;
mod markdown;
mod mojibake;
mod runaway;
mod sample;
mod sheet;
mod text;
mod walk;

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use mojibake::MojibakeCount;
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

/// (column, value) pairs of one row, shared by the answers taken from it.
pub type Meta = Arc<[(Arc<str>, String)]>;

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

/// Why a row that is not valid UTF-8 is skipped, given how the file was decoded.
fn not_utf8(encoding: Option<&str>) -> String {
    if encoding.is_some_and(|e| e.contains("--encoding")) {
        "not valid UTF-8 (--encoding utf-8); try --encoding windows-1252".to_string()
    } else {
        "not valid UTF-8, although the rest of the file is: this row was saved in another \
         encoding; fix it in the export (forcing --encoding would garble the other rows)"
            .to_string()
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

impl Run<'_> {
    /// Reads one file and records its report(s).
    fn file(&mut self, path: &Path, source: &str, format: &str) {
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

    /// Takes the answers of one table and returns its report.
    fn table(&mut self, table: Table<'_>) -> FileReport {
        let mut report = FileReport::new(&table.source, &table.format);
        report.encoding = table.encoding.clone();
        report.delimiter = table.delimiter.map(|d| match d {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        });
        report.warnings.extend(table.notes);
        let mut rows = table.rows;
        let source = table.source;
        let limits = self.opts.limits;

        // The rows read before the data: for a header to be detected and column roles chosen.
        let mut pending: Vec<RawRow> = Vec::new();
        // The header rows, to know them again further down (two exports joined into one).
        let mut header_rows: Vec<Vec<String>> = Vec::new();
        let (names, questions, roles) = match table.layout {
            Layout::Text(question) => {
                report.layout = Some(
                    if self.opts.paragraphs {
                        "one answer per paragraph"
                    } else {
                        "one answer per line"
                    }
                    .to_string(),
                );
                if table.format == "md" {
                    (
                        vec!["text".to_string(), "question".to_string()],
                        vec![question, "question".to_string()],
                        columns::Roles::text_only(Some(1)),
                    )
                } else {
                    (
                        vec!["text".to_string()],
                        vec![question],
                        columns::Roles::text_only(None),
                    )
                }
            }
            layout => {
                let (names, questions) = match layout {
                    Layout::Known(names) => (names.clone(), names),
                    _ => {
                        let head: Vec<RawRow> = rows.by_ref().take(header::SCAN_ROWS).collect();
                        // A header that is not valid UTF-8 is still the header.
                        let found = header::detect(&cells_of(&head, true));
                        report.layout = Some(found.describe());
                        report.header_rows = found.rows;
                        // Drop the header rows (unreadable rows among them still count).
                        let mut header_left = found.rows;
                        for row in head {
                            match row {
                                RawRow::Invalid(..) if header_left > 0 => {
                                    header_left -= 1;
                                    report.warnings.push(
                                        "a header row is not valid UTF-8; its names are shown \
                                         with \u{fffd}; re-save the file as UTF-8, or give \
                                         --encoding"
                                            .to_string(),
                                    );
                                }
                                RawRow::Cells(_, cells) if header_left > 0 => {
                                    header_left -= 1;
                                    header_rows.push(cells);
                                }
                                row => pending.push(row),
                            }
                        }
                        (found.names, found.questions)
                    }
                };
                sample::read_ahead(&mut pending, &mut rows, names.len());
                match columns::assign(
                    &names,
                    &questions,
                    &cells_of(&pending, false),
                    &self.opts.columns,
                ) {
                    Ok(roles) => (names, questions, roles),
                    Err(reason) => {
                        report.status = FileStatus::Failed;
                        report.reason = Some(reason);
                        report.columns = describe_columns(&names, &questions, None);
                        return report;
                    }
                }
            }
        };
        report.columns = describe_columns(&names, &questions, Some(&roles));
        let meta_names: Vec<Arc<str>> = roles
            .meta
            .iter()
            .map(|&i| Arc::<str>::from(names[i].as_str()))
            .collect();
        for name in &meta_names {
            if !self.corpus.meta_columns.contains(name) {
                self.corpus.meta_columns.push(name.clone());
            }
        }
        let width = names.len();
        let shared_questions: Vec<Arc<str>> =
            questions.iter().map(|q| Arc::from(q.as_str())).collect();
        let shared_source: Arc<str> = Arc::from(source.as_str());
        let mut mojibake = MojibakeCount::default();
        for raw in pending.into_iter().chain(rows) {
            let outcome = match raw {
                RawRow::Note(row, note) => {
                    report.warnings.push(format!("row {row}: {note}"));
                    continue;
                }
                RawRow::Bad(row, reason) => {
                    self.skip(&source, row, reason);
                    RowOutcome::Skipped
                }
                RawRow::Invalid(row, _) => {
                    self.skip(&source, row, not_utf8(report.encoding.as_deref()));
                    RowOutcome::Skipped
                }
                RawRow::Cells(row, _) if is_header_again(raw_cells(&raw), &header_rows) => {
                    self.skip(
                        &source,
                        row,
                        "the header row again (two exports joined into one file?)".to_string(),
                    );
                    RowOutcome::Skipped
                }
                RawRow::Cells(row, cells) => match check_cells(&cells, width, &limits) {
                    Some(reason) => {
                        self.skip(&source, row, reason);
                        RowOutcome::Skipped
                    }
                    None => self.row(
                        &shared_source,
                        row,
                        cells,
                        &roles,
                        &shared_questions,
                        &meta_names,
                        &mut report,
                        &mut mojibake,
                    ),
                },
            };
            report.count(outcome);
        }
        if let Some(warning) = mojibake.warning() {
            report.warnings.push(warning);
        }
        if report.rows == 0 {
            report
                .warnings
                .push("no data rows (an empty export, or only a header)".to_string());
        }
        report
    }

    fn skip(&mut self, source: &str, row: usize, reason: String) {
        self.corpus.skipped.push(Skipped {
            source: source.to_string(),
            row,
            reason,
        });
    }

    /// Takes the answers of one row.
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        source: &Arc<str>,
        row: usize,
        mut cells: Vec<String>,
        roles: &columns::Roles,
        questions: &[Arc<str>],
        meta_names: &[Arc<str>],
        report: &mut FileReport,
        mojibake: &mut MojibakeCount,
    ) -> RowOutcome {
        cells.resize(questions.len(), String::new());
        let respondent = roles
            .id
            .map(|i| cells[i].trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        let several = roles.text.len() > 1;
        let (mut taken, mut duplicates) = (0, 0);
        let mut meta: Option<Meta> = None;
        let row_question: Option<Arc<str>> = roles
            .question
            .map(|i| cells[i].trim())
            .filter(|q| !q.is_empty())
            .map(Arc::from);
        for (q, &col) in roles.text.iter().enumerate() {
            if cells[col].trim().is_empty() {
                continue;
            }
            let question = row_question.as_ref().unwrap_or(&questions[col]);
            if let Some(respondent) = &respondent {
                // A row counter names another respondent in another file: such ids are
                // compared within the file only.
                let file = is_row_counter(respondent).then_some(self.seen_files.len());
                let key = hash_of(&(respondent, &**question, cells[col].trim(), file));
                if !self.seen_answers.insert(key) {
                    duplicates += 1;
                    continue;
                }
            }
            let text = trimmed(std::mem::take(&mut cells[col]));
            mojibake.check(&text, row);
            let mut id = match (&respondent, several) {
                (Some(r), false) => r.clone(),
                (Some(r), true) => {
                    // The most common id by far: built without the formatting machinery.
                    let mut id = String::with_capacity(r.len() + 4);
                    id.push_str(r);
                    id.push_str(".q");
                    id.push_str(&(q + 1).to_string());
                    id
                }
                (None, false) => format!("{source}:{row}"),
                (None, true) => format!("{source}:{row}.q{}", q + 1),
            };
            if !self.seen_ids.insert(hash_of(&id)) {
                id = format!("{id}@{source}:{row}");
                self.seen_ids.insert(hash_of(&id));
            }
            let meta = meta
                .get_or_insert_with(|| {
                    roles
                        .meta
                        .iter()
                        .zip(meta_names)
                        .map(|(&i, name)| (name.clone(), cells[i].trim().to_string()))
                        .collect()
                })
                .clone();
            self.corpus.answers.push(Answer {
                id,
                source: source.clone(),
                row,
                question: question.clone(),
                text,
                meta,
            });
            taken += 1;
        }
        report.answers += taken;
        report.answers_duplicate += duplicates;
        if taken > 0 {
            RowOutcome::Ingested
        } else if duplicates > 0 {
            RowOutcome::Duplicate
        } else {
            RowOutcome::Empty
        }
    }
}

/// An id that is a plain number of a few digits (`1`, `007`): the row counter every export
/// starts again from 1, not a respondent's identity across files (`R_3kX…`, `V001`,
/// SurveyMonkey's 11-digit ids).
fn is_row_counter(id: &str) -> bool {
    id.len() < 6 && id.bytes().all(|b| b.is_ascii_digit())
}

/// Sets of [`hash_of`] values: the keys are hashes already, so hashing them again is waste.
type Prehashed = std::hash::BuildHasherDefault<KeyIsHash>;

/// A hasher for `u64` keys that are themselves hashes.
#[derive(Default)]
struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A 64-bit hash, to remember ids and answers seen without keeping copies of them.
fn hash_of(value: &impl Hash) -> u64 {
    // FxHash (fast on short strings), then splitmix64's finaliser so that every bit of the
    // result depends on every input bit: the sets using it take the hash as it is.
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    let mut z = h.finish();
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The string without surrounding whitespace, reusing its buffer when nothing is cut.
fn trimmed(s: String) -> String {
    let t = s.trim();
    if t.len() == s.len() {
        s
    } else {
        t.to_string()
    }
}

/// The cells of the readable rows, and of the rows that are not valid UTF-8 if `invalid_too`.
fn cells_of(rows: &[RawRow], invalid_too: bool) -> Vec<&[String]> {
    rows.iter()
        .filter_map(|r| match r {
            RawRow::Cells(_, c) => Some(c.as_slice()),
            RawRow::Invalid(_, c) if invalid_too => Some(c.as_slice()),
            RawRow::Bad(..) | RawRow::Invalid(..) | RawRow::Note(..) => None,
        })
        .collect()
}

fn raw_cells(raw: &RawRow) -> &[String] {
    match raw {
        RawRow::Cells(_, c) | RawRow::Invalid(_, c) => c,
        RawRow::Bad(..) | RawRow::Note(..) => &[],
    }
}

/// Whether a data row repeats one of the header rows, cell for cell (blank cells at the end
/// aside).
fn is_header_again(cells: &[String], header_rows: &[Vec<String>]) -> bool {
    let filled = |r: &[String]| -> Vec<String> {
        let mut v: Vec<String> = r.iter().map(|c| c.trim().to_string()).collect();
        while v.last().is_some_and(String::is_empty) {
            v.pop();
        }
        v
    };
    let row = filled(cells);
    !row.is_empty() && header_rows.iter().any(|h| filled(h) == row)
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

/// Why a row of cells cannot be used, if it cannot.
fn check_cells(cells: &[String], width: usize, limits: &Limits) -> Option<String> {
    if let Some((i, cell)) = cells
        .iter()
        .enumerate()
        .find(|(_, c)| c.len() > limits.max_field_bytes)
    {
        return Some(field_too_long(i, cell.len(), limits.max_field_bytes));
    }
    if cells.len() > width && cells[width..].iter().any(|c| !c.trim().is_empty()) {
        return Some(format!(
            "{} fields but the table has {width} columns; a delimiter inside an unquoted field?",
            cells.len()
        ));
    }
    None
}

fn describe_columns(
    names: &[String],
    questions: &[String],
    roles: Option<&columns::Roles>,
) -> Vec<ColumnInfo> {
    names
        .iter()
        .zip(questions)
        .enumerate()
        .map(|(i, (name, question))| ColumnInfo {
            name: name.clone(),
            question: question.clone(),
            role: roles.map_or(Role::Meta, |r| r.role(i)),
            reason: roles
                .and_then(|r| r.reasons.get(i).cloned())
                .unwrap_or_default(),
        })
        .collect()
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

#[cfg(test)]
mod tests;
