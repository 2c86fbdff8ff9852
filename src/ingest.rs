//! What did the respondents write? Ingest walks a folder of survey exports and turns every row
//! into [`Answer`]s, keeping each answer's id, question, source file and row, and its metadata.
//!
//! Formats: CSV/TSV (`,` `;` or tab, sniffed from the header line; UTF-8 with or without BOM),
//! JSONL and JSON arrays of objects, and plain text (one answer per non-empty line).
//!
//! Columns: an id-like column (`id`, `vastaaja`, `respondent id`, …) gives the answer its id,
//! otherwise `file:row`; a column named `question`/`kysymys` gives the question. The free-text
//! columns are `--column NAME` (repeatable), or else every column that looks like open-ended
//! text; a wide export with several open questions gives one answer per (respondent, question).
//! Everything else is metadata, kept as strings.
//!
//! Nothing vanishes: a row that cannot be read is recorded in [`Corpus::skipped`] with file, row
//! and reason, and a file that cannot be read at all in [`FileReport::error`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// One answer of one respondent to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// Citable id: the respondent id (with `.qN` when a row holds several questions), or
    /// `file:row`.
    pub id: String,
    /// The file, relative to the input folder.
    pub source: String,
    /// The row as a spreadsheet shows it (the header is row 1), or the line of a text/JSONL file.
    pub row: usize,
    /// The question answered.
    pub question: String,
    /// The answer as written.
    pub text: String,
    /// Metadata columns of the row, in the export's order.
    pub meta: Vec<(String, String)>,
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

/// What ingest saw in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileReport {
    pub source: String,
    pub format: String,
    /// Data rows read (header rows not counted).
    pub rows: usize,
    /// Answers taken from the file.
    pub answers: usize,
    /// Rows skipped, with reasons in [`Corpus::skipped`].
    pub skipped: usize,
    pub text_columns: Vec<String>,
    pub id_column: Option<String>,
    /// Why the whole file could not be read, if it could not.
    pub error: Option<String>,
}

/// Everything read from the input.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Corpus {
    pub answers: Vec<Answer>,
    /// Union of the metadata columns of all files, in first-seen order.
    pub meta_columns: Vec<String>,
    pub files: Vec<FileReport>,
    pub skipped: Vec<Skipped>,
}

impl Corpus {
    /// Data rows read in all files.
    pub fn rows_read(&self) -> usize {
        self.files.iter().map(|f| f.rows).sum()
    }
}

/// How to read the input.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Free-text columns by name (case-insensitive) or 1-based index; empty means detect.
    pub columns: Vec<String>,
}

const ID_COLUMNS: &[&str] = &[
    "id",
    "vastaaja",
    "vastaajaid",
    "vastaajantunnus",
    "vastaajanumero",
    "vastaajanro",
    "tunnus",
    "respondent",
    "respondentid",
    "responseid",
    "response",
    "vastausid",
    "vastauksenid",
];

const QUESTION_COLUMNS: &[&str] = &["question", "kysymys"];

/// Reads every supported export under `input` (a folder, walked recursively in sorted order,
/// or a single file).
pub fn ingest(input: &Path, opts: &IngestOptions) -> Result<Corpus> {
    let mut files = Vec::new();
    if input.is_dir() {
        walk(input, &mut files)?;
    } else if input.is_file() {
        files.push(input.to_path_buf());
    } else {
        return Err(Error::input(
            input,
            "no such file or folder; give the folder that holds the survey exports",
        ));
    }
    let base = if input.is_dir() {
        input
    } else {
        input.parent().unwrap_or(Path::new(""))
    };
    let mut corpus = Corpus::default();
    let mut seen_ids = HashSet::new();
    for path in files {
        let source = path
            .strip_prefix(base)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let report = read_file(&path, &source, opts, &mut corpus, &mut seen_ids);
        corpus.files.push(report);
    }
    Ok(corpus)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// A file read into columns and rows of strings, before columns get their roles.
struct Table {
    columns: Vec<String>,
    /// (row number, cells), cells padded to the number of columns.
    rows: Vec<(usize, Vec<String>)>,
}

fn read_file(
    path: &Path,
    source: &str,
    opts: &IngestOptions,
    corpus: &mut Corpus,
    seen_ids: &mut HashSet<String>,
) -> FileReport {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut report = FileReport {
        source: source.to_string(),
        format: ext.clone(),
        ..FileReport::default()
    };
    let skipped_before = corpus.skipped.len();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            report.error = Some(format!("cannot read: {e}"));
            return report;
        }
    };
    let table = match ext.as_str() {
        "csv" | "tsv" => read_delimited(&bytes, source, &mut corpus.skipped),
        "jsonl" | "ndjson" => read_jsonl(&bytes, source, &mut corpus.skipped),
        "json" => read_json(&bytes),
        "txt" | "md" => read_text(&bytes),
        _ => Err(format!(
            "unsupported file type {:?}; teema reads .csv, .tsv, .jsonl, .json and .txt",
            if ext.is_empty() { "(none)" } else { &ext }
        )),
    };
    let table = match table {
        Ok(t) => t,
        Err(reason) => {
            report.error = Some(reason);
            report.skipped = corpus.skipped.len() - skipped_before;
            return report;
        }
    };
    report.rows = table.rows.len() + (corpus.skipped.len() - skipped_before);
    if let Err(reason) = table_to_answers(table, source, opts, corpus, seen_ids, &mut report) {
        report.error = Some(reason);
    }
    report.skipped = corpus.skipped.len() - skipped_before;
    report
}

fn decode_utf8(bytes: &[u8]) -> std::result::Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (byte {}); re-save the file as UTF-8",
            e.valid_up_to()
        )
    })
}

/// Picks the delimiter that splits the header line into the most fields.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let candidates = [b';', b',', b'\t'];
    let mut in_quotes = false;
    for &b in bytes {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

fn read_delimited(
    bytes: &[u8],
    source: &str,
    skipped: &mut Vec<Skipped>,
) -> std::result::Result<Table, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = sniff_delimiter(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(format!("cannot read the header row: {e}")),
        None => return Err("the file is empty".to_string()),
    };
    let columns: Vec<String> = header
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    if std::str::from_utf8(header.as_slice()).is_err() {
        return Err("the header row is not valid UTF-8; re-save the file as UTF-8".to_string());
    }
    let mut rows = Vec::new();
    for (i, record) in records.enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                skipped.push(Skipped {
                    source: source.to_string(),
                    row,
                    reason: format!("unreadable CSV row: {e}"),
                });
                continue;
            }
        };
        if let Some(reason) = check_record(&record, columns.len()) {
            skipped.push(Skipped {
                source: source.to_string(),
                row,
                reason,
            });
            continue;
        }
        let mut cells: Vec<String> = record
            .iter()
            .take(columns.len())
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        cells.resize(columns.len(), String::new());
        rows.push((row, cells));
    }
    Ok(Table { columns, rows })
}

/// Why a CSV record cannot be used, if it cannot.
fn check_record(record: &csv::ByteRecord, width: usize) -> Option<String> {
    if std::str::from_utf8(record.as_slice()).is_err() {
        return Some("not valid UTF-8; re-save the file as UTF-8".to_string());
    }
    if record.len() > width && record.iter().skip(width).any(|f| !f.is_empty()) {
        return Some(format!(
            "{} fields but the header has {width}; a delimiter inside an unquoted field?",
            record.len()
        ));
    }
    if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
        return Some("empty row".to_string());
    }
    None
}

fn json_cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Turns JSON objects into a table; the columns are the union of keys in first-seen order.
fn objects_to_table(objects: Vec<(usize, serde_json::Map<String, serde_json::Value>)>) -> Table {
    let mut columns: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (_, obj) in &objects {
        for key in obj.keys() {
            if !index.contains_key(key) {
                index.insert(key.clone(), columns.len());
                columns.push(key.clone());
            }
        }
    }
    let rows = objects
        .into_iter()
        .map(|(row, obj)| {
            let mut cells = vec![String::new(); columns.len()];
            for (key, value) in &obj {
                cells[index[key]] = json_cell(value);
            }
            (row, cells)
        })
        .collect();
    Table { columns, rows }
}

fn read_jsonl(
    bytes: &[u8],
    source: &str,
    skipped: &mut Vec<Skipped>,
) -> std::result::Result<Table, String> {
    let text = decode_utf8(bytes)?;
    let mut objects = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row = i + 1;
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(obj)) => objects.push((row, obj)),
            Ok(_) => skipped.push(Skipped {
                source: source.to_string(),
                row,
                reason: "not a JSON object".to_string(),
            }),
            Err(e) => skipped.push(Skipped {
                source: source.to_string(),
                row,
                reason: format!("invalid JSON: {e}"),
            }),
        }
    }
    Ok(objects_to_table(objects))
}

fn read_json(bytes: &[u8]) -> std::result::Result<Table, String> {
    let text = decode_utf8(bytes)?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let serde_json::Value::Array(items) = value else {
        return Err("expected a JSON array of objects (one object per answer)".to_string());
    };
    let mut objects = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match item {
            serde_json::Value::Object(obj) => objects.push((i + 1, obj)),
            _ => return Err(format!("item {} of the array is not an object", i + 1)),
        }
    }
    Ok(objects_to_table(objects))
}

fn read_text(bytes: &[u8]) -> std::result::Result<Table, String> {
    let text = decode_utf8(bytes)?;
    let rows = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, vec![l.trim().to_string()]))
        .collect();
    Ok(Table {
        columns: vec!["text".to_string()],
        rows,
    })
}

/// Lowercase alphanumerics only: "Vastaajan tunnus" → "vastaajantunnus".
fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How much a column looks like open-ended text.
#[derive(Debug, Clone, Copy)]
struct TextStats {
    avg_chars: f64,
    avg_words: f64,
    distinct: f64,
    letters: f64,
}

impl TextStats {
    fn of(values: impl Iterator<Item = String>) -> Option<Self> {
        let mut n = 0usize;
        let (mut chars, mut words, mut letters, mut visible) = (0usize, 0usize, 0usize, 0usize);
        let mut distinct = HashSet::new();
        for v in values {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            n += 1;
            chars += v.chars().count();
            words += v.split_whitespace().count();
            letters += v.chars().filter(|c| c.is_alphabetic()).count();
            visible += v.chars().filter(|c| !c.is_whitespace()).count();
            distinct.insert(v.to_lowercase());
        }
        (n > 0).then(|| TextStats {
            avg_chars: chars as f64 / n as f64,
            avg_words: words as f64 / n as f64,
            distinct: distinct.len() as f64 / n as f64,
            letters: letters as f64 / visible.max(1) as f64,
        })
    }

    fn score(&self) -> f64 {
        self.avg_chars * self.distinct * self.letters
    }

    fn is_open_ended(&self) -> bool {
        self.letters >= 0.5
            && self.avg_chars >= 8.0
            && self.avg_words >= 2.0
            && self.distinct >= 0.4
    }
}

/// Chooses the free-text columns: `--column` names or indexes, or all open-ended columns, or the
/// single most text-like one.
fn text_columns(
    table: &Table,
    candidates: &[usize],
    opts: &IngestOptions,
) -> std::result::Result<Vec<usize>, String> {
    if !opts.columns.is_empty() {
        let mut chosen = Vec::new();
        for wanted in &opts.columns {
            let wanted_lower = wanted.to_lowercase();
            let by_name = table
                .columns
                .iter()
                .position(|c| c.to_lowercase() == wanted_lower);
            let by_index = wanted
                .parse::<usize>()
                .ok()
                .filter(|&i| i >= 1 && i <= table.columns.len())
                .map(|i| i - 1);
            match by_name.or(by_index) {
                Some(i) => chosen.push(i),
                None => {
                    return Err(format!(
                        "no column {wanted:?}; the columns are: {}",
                        table.columns.join(", ")
                    ))
                }
            }
        }
        return Ok(chosen);
    }
    let stats: Vec<(usize, TextStats)> = candidates
        .iter()
        .filter_map(|&i| {
            TextStats::of(table.rows.iter().map(|(_, cells)| cells[i].clone())).map(|s| (i, s))
        })
        .collect();
    let open: Vec<usize> = stats
        .iter()
        .filter(|(_, s)| s.is_open_ended())
        .map(|&(i, _)| i)
        .collect();
    if !open.is_empty() {
        return Ok(open);
    }
    stats
        .iter()
        .filter(|(_, s)| s.letters >= 0.5)
        .max_by(|a, b| a.1.score().total_cmp(&b.1.score()))
        .map(|&(i, _)| vec![i])
        .ok_or_else(|| "no column holds text; name it with --column".to_string())
}

fn table_to_answers(
    table: Table,
    source: &str,
    opts: &IngestOptions,
    corpus: &mut Corpus,
    seen_ids: &mut HashSet<String>,
    report: &mut FileReport,
) -> std::result::Result<(), String> {
    let names: Vec<String> = table.columns.iter().map(|c| normalize_name(c)).collect();
    let id_col = names.iter().position(|n| ID_COLUMNS.contains(&n.as_str()));
    let question_col = names
        .iter()
        .position(|n| QUESTION_COLUMNS.contains(&n.as_str()));
    let candidates: Vec<usize> = (0..table.columns.len())
        .filter(|&i| Some(i) != id_col && Some(i) != question_col)
        .collect();
    let text_cols = text_columns(&table, &candidates, opts)?;
    let meta_cols: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|i| !text_cols.contains(i))
        .collect();
    for &i in &meta_cols {
        if !corpus.meta_columns.contains(&table.columns[i]) {
            corpus.meta_columns.push(table.columns[i].clone());
        }
    }
    report.text_columns = text_cols
        .iter()
        .map(|&i| table.columns[i].clone())
        .collect();
    report.id_column = id_col.map(|i| table.columns[i].clone());
    let several = text_cols.len() > 1;
    for (row, cells) in table.rows {
        let base = id_col
            .map(|i| cells[i].trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("{source}:{row}"));
        let meta: Vec<(String, String)> = meta_cols
            .iter()
            .map(|&i| (table.columns[i].clone(), cells[i].clone()))
            .collect();
        for (q, &col) in text_cols.iter().enumerate() {
            let mut id = if several {
                format!("{base}.q{}", q + 1)
            } else {
                base.clone()
            };
            if !seen_ids.insert(id.clone()) {
                id = format!("{id}@{source}:{row}");
                seen_ids.insert(id.clone());
            }
            let question = question_col
                .map(|i| cells[i].trim().to_string())
                .filter(|q| !q.is_empty())
                .unwrap_or_else(|| table.columns[col].clone());
            corpus.answers.push(Answer {
                id,
                source: source.to_string(),
                row,
                question,
                text: cells[col].trim().to_string(),
                meta: meta.clone(),
            });
            report.answers += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ingest_bytes(name: &str, bytes: &[u8], opts: &IngestOptions) -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        ingest(dir.path(), opts).unwrap()
    }

    #[test]
    fn finnish_excel_csv_with_bom_and_semicolons() {
        let csv = "\u{feff}Vastaajan tunnus;Rooli;Mikä on suurin haasteesi?\r\nV1;Somevastaava;Ei ole aikaa, kaikki on kiireistä\r\nV2;Yrittäjä;\"Johto ei ymmärrä; arvostus puuttuu\"\r\n";
        let c = ingest_bytes("kysely.csv", csv.as_bytes(), &IngestOptions::default());
        assert_eq!(c.answers.len(), 2);
        let a = &c.answers[1];
        assert_eq!(a.id, "V2");
        assert_eq!(a.row, 3);
        assert_eq!(a.source, "kysely.csv");
        assert_eq!(a.question, "Mikä on suurin haasteesi?");
        assert_eq!(a.text, "Johto ei ymmärrä; arvostus puuttuu");
        assert_eq!(a.meta, vec![("Rooli".to_string(), "Yrittäjä".to_string())]);
        assert_eq!(c.meta_columns, ["Rooli"]);
    }

    #[test]
    fn wide_export_gives_one_answer_per_question() {
        let csv = "id,koko,Haasteet,Mittaaminen\n1,10-49,Aikaa ei ole tarpeeksi mihinkään,Seuraamme tykkäyksiä ja jakoja\n2,1-9,Johto ei arvosta tätä työtä,\n";
        let c = ingest_bytes("a.csv", csv.as_bytes(), &IngestOptions::default());
        let ids: Vec<&str> = c.answers.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["1.q1", "1.q2", "2.q1", "2.q2"]);
        assert_eq!(c.answers[1].question, "Mittaaminen");
        assert_eq!(c.answers[3].text, "");
    }

    #[test]
    fn no_id_column_gives_file_and_row() {
        let csv = "vastaus\nkiire on aina ja joka päivä\n";
        let c = ingest_bytes("x.csv", csv.as_bytes(), &IngestOptions::default());
        assert_eq!(c.answers[0].id, "x.csv:2");
    }

    #[test]
    fn column_option_by_name_and_missing_name() {
        let csv = "id;a;b\n1;kissa istuu puussa;koira haukkuu pihalla\n";
        let opts = IngestOptions {
            columns: vec!["B".to_string()],
        };
        let c = ingest_bytes("x.csv", csv.as_bytes(), &opts);
        assert_eq!(c.answers[0].text, "koira haukkuu pihalla");
        let opts = IngestOptions {
            columns: vec!["puuttuu".to_string()],
        };
        let c = ingest_bytes("x.csv", csv.as_bytes(), &opts);
        assert!(c.answers.is_empty());
        assert!(c.files[0]
            .error
            .as_deref()
            .unwrap()
            .contains("no column \"puuttuu\""));
    }

    #[test]
    fn bad_rows_are_skipped_with_reasons() {
        let bytes = b"id,text\n1,hyvin menee kaikki\n2,\xff\xfe rikki\n3,a,b,c\n;;\n,\n4,ok vastaus on t\xc3\xa4ss\xc3\xa4\n";
        let c = ingest_bytes("x.csv", bytes, &IngestOptions::default());
        let texts: Vec<&str> = c.answers.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["hyvin menee kaikki", "", "ok vastaus on tässä"]);
        let skipped: Vec<(usize, &str)> = c
            .skipped
            .iter()
            .map(|s| (s.row, s.reason.as_str()))
            .collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[0].1.contains("UTF-8"));
        assert!(skipped[1].1.contains("4 fields"));
        assert_eq!(skipped[2], (6, "empty row"));
        assert_eq!(c.files[0].rows, 6);
        assert_eq!(c.files[0].answers + c.files[0].skipped, c.files[0].rows);
    }

    #[test]
    fn jsonl_and_text() {
        let jsonl = "{\"id\": \"a\", \"vastaus\": \"Ajanpuute on suurin ongelma\"}\nnot json\n\n{\"id\": 7, \"vastaus\": \"arvostusta ei ole\"}\n";
        let c = ingest_bytes("x.jsonl", jsonl.as_bytes(), &IngestOptions::default());
        let ids: Vec<&str> = c.answers.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "7"]);
        assert_eq!(c.answers[1].row, 4);
        assert_eq!(c.skipped[0].row, 2);

        let c = ingest_bytes(
            "x.txt",
            "eka rivi\n\n  toka rivi \n".as_bytes(),
            &IngestOptions::default(),
        );
        let got: Vec<(String, usize, String)> = c
            .answers
            .iter()
            .map(|a| (a.id.clone(), a.row, a.text.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("x.txt:1".to_string(), 1, "eka rivi".to_string()),
                ("x.txt:3".to_string(), 3, "toka rivi".to_string())
            ]
        );
    }

    #[test]
    fn unknown_and_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("kuva.png"), b"\x89PNG").unwrap();
        std::fs::write(dir.path().join(".hidden.csv"), b"id,text\n1,x\n").unwrap();
        std::fs::write(dir.path().join("ok.txt"), "vastaus").unwrap();
        let c = ingest(dir.path(), &IngestOptions::default()).unwrap();
        assert_eq!(c.files.len(), 2);
        assert!(c.files[0]
            .error
            .as_deref()
            .unwrap()
            .contains("unsupported file type"));
        assert_eq!(c.answers.len(), 1);
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_delimiter(b"a,b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;x\",b,c\n"), b',');
    }
}
