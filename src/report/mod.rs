//! What goes into the report? [`Report`] gathers everything a run found (counts, themes with
//! labels, terms and quotes, one row per answer and its segments, with the evidence of every
//! code), built by [`build`] from the stages' results. Each output format is one
//! [`ReportWriter`]: `summary.md` ([`markdown`]), `themes.json` ([`json`]), `responses.csv`,
//! `segments.csv` and `skipped.csv` ([`csv`]), `report.html` ([`html`]), `report.xlsx` ([`xlsx`]). Adding a format means adding one file that
//! implements the trait. The word tables ([`words`]) are counted by the pipeline while each
//! question's terms are held, and set on the built report.

pub mod build;
pub mod compare;
mod compare_tables;
pub mod csv;
pub mod dates;
pub mod details;
pub mod evidence;
mod grouping;
pub mod html;
pub mod json;
pub mod markdown;
mod stats;
mod summaries;
mod tables;
pub mod trends;
pub mod weights;
pub mod word_compare;
mod word_count;
mod word_groups;
pub mod words;
pub mod xlsx;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::{FileReport, Skipped};

/// Theme key of answers without content words.
pub const NO_CONTENT: &str = "no_content";
/// Theme key of answers with content that could not be placed in a cluster.
pub const OTHER: &str = "other";

/// The version of `themes.json`'s layout; it grows when fields change meaning or go.
pub const SCHEMA_VERSION: u32 = 2;

/// Everything a run produced, ready to be written in any format.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tool: String,
    pub version: String,
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    pub parameters: Parameters,
    pub counts: Counts,
    /// `--weight`: the weight column and the rows without a valid weight; absent without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<weights::Weighting>,
    /// Issue 14: whether personal data was redacted, and how much of each kind.
    pub redaction: crate::redact::Redaction,
    /// With `--date`: how many rows have a readable date, and examples of those that do not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dates: Option<trends::DateReport>,
    /// Themes over all questions, largest first; `other` and `no_content` last. A named theme
    /// sums its answers over the questions; an unnamed cluster belongs to one question.
    pub themes: Vec<ThemeSummary>,
    /// Each question's themes (clustered separately), in the order the questions were first
    /// seen; one entry for all answers with `--across-questions`.
    pub questions: Vec<QuestionReport>,
    pub files: Vec<FileReport>,
    pub skipped: Vec<Skipped>,
    /// One row per answer, in input order.
    #[serde(skip)]
    pub responses: Vec<Response>,
    /// Each row's evidence and segments, in files until the reports are written; `None`
    /// after.
    #[serde(skip)]
    pub details: Option<details::Details>,
    /// Metadata columns, in first-seen order.
    #[serde(skip)]
    pub meta_columns: Vec<String>,
}

impl Report {
    /// The rows' evidence and segments, row by row in the rows' order.
    pub fn row_details(&self) -> io::Result<details::DetailReader<'_>> {
        match &self.details {
            Some(d) => d.reader(),
            None => Err(io::Error::other(
                "the rows' evidence and segments are no longer at hand",
            )),
        }
    }
}

/// How the run was made.
#[derive(Debug, Clone, Serialize)]
pub struct Parameters {
    pub input: String,
    pub themes_file: String,
    pub columns: Vec<String>,
    /// `--encoding`, if given.
    pub encoding: Option<String>,
    /// `--sheet`, if given.
    pub sheet: Option<String>,
    pub paragraphs: bool,
    pub seed: u64,
    /// `-k`, if given; each question's k is in [`QuestionReport`].
    pub k: Option<usize>,
    /// Whether all questions' answers were clustered together.
    pub across_questions: bool,
    /// Metadata columns of the cross-tabs (`--by`).
    pub by: Vec<String>,
    /// The weight column (`--weight`), if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
    /// The CSV files' delimiter (`--csv-delimiter`); recorded only when it is not `,`.
    #[serde(skip_serializing_if = "csv::CsvDelimiter::is_comma")]
    pub csv_delimiter: csv::CsvDelimiter,
    /// The date column of the trends (`--date`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The trends' period (`--period`), with `--date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<dates::Period>,
    /// The analyzer's backend (`builtin` or `voikko`).
    pub analyzer: String,
    /// Clustering settings.
    pub cluster: crate::cluster::ClusterParams,
    /// Coding policy settings.
    pub coding: crate::coding::CodingParams,
    /// The language of `report.html`'s interface (`--lang`).
    pub lang: Lang,
    /// How many words and pairs the word tables keep.
    pub words: words::WordParams,
}

/// The language of a report's interface (`--lang`); the answers stay as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Finnish, the default.
    #[default]
    Fi,
    En,
}

/// The themes of one question's answers (or of all answers, pooled).
#[derive(Debug, Clone, Serialize)]
pub struct QuestionReport {
    /// The question; `(all questions)` when pooled.
    pub question: String,
    pub answers: usize,
    /// The k that k-means ran with (0 when there was too little text to cluster).
    pub k: usize,
    pub k_auto: bool,
    /// Mean silhouette on the sample, when k was chosen automatically.
    pub silhouette: Option<f64>,
    pub lsa_dims: usize,
    pub vocabulary: usize,
    /// Largest first; `other` and `no_content` last.
    pub themes: Vec<ThemeSummary>,
    /// Theme shares by the values of each `--by` column.
    pub crosstabs: Vec<CrossTab>,
    /// `--weight`: the answers the weighted shares are over, and the effective sample size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<weights::WeightedBase>,
    /// Each `--by` column's comparison of the groups: which themes are over- or
    /// under-represented, with a test ([`compare`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comparison: Vec<compare::Comparison>,
    /// With `--date`: the theme shares per period ([`trends`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trends: Option<trends::Trends>,
    /// The most frequent words and word pairs ([`words`]): `word_answers`, `words`,
    /// `word_pairs` and, with `--by`, `word_groups`; filled in by the pipeline, which counts
    /// them while the terms are held.
    #[serde(flatten)]
    pub word_tables: words::WordTables,
}

/// Theme shares by the groups of one metadata column: of the answers in each group, how many
/// carry each theme (first or further, so an answer may count under two themes).
#[derive(Debug, Clone, Serialize)]
pub struct CrossTab {
    pub column: String,
    /// The column's groups, the same as its comparison's: its values sorted naturally, with
    /// many values the smaller ones together as `(muut ryhmät)`; `(empty)` last for the answers
    /// without a value (`tables::crosstab` tells why).
    pub values: Vec<String>,
    /// How many of the column's values each group holds: 1, more for `(muut ryhmät)`. Left
    /// out of themes.json when every group is one value, so a column of few values gives the
    /// same file as before groups were merged.
    #[serde(skip_serializing_if = "one_value_each")]
    pub values_held: Vec<usize>,
    /// Answers in each group.
    pub totals: Vec<usize>,
    /// `--weight`: each group's answers with a valid weight, their total weight and effective
    /// sample size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted: Option<Vec<weights::WeightedBase>>,
    pub rows: Vec<CrossTabRow>,
}

/// Whether each of a cross-tab's groups is one value (none merged).
fn one_value_each(held: &[usize]) -> bool {
    held.iter().all(|&n| n == 1)
}

/// One theme's line of a cross-tab.
#[derive(Debug, Clone, Serialize)]
pub struct CrossTabRow {
    pub key: String,
    pub label: String,
    /// Answers in each group that carry the theme.
    pub counts: Vec<usize>,
    /// `counts` over the group's answers.
    pub shares: Vec<f64>,
    /// `--weight`: the weights of the group's answers that carry the theme over the weights of
    /// the group's answers (those with a valid weight).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_shares: Option<Vec<f64>>,
}

/// Where every file, row and answer went.
/// `rows_read = rows_ingested + rows_empty + rows_duplicate + rows_skipped`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Files (sheets of workbooks) read.
    pub files: usize,
    /// Files byte for byte the same as one read before.
    pub files_duplicate: usize,
    /// Files left out on purpose (hidden, lock files, other types, sheets without a table).
    pub files_skipped: usize,
    /// Files that could not be read at all.
    pub files_failed: usize,
    /// Data rows in all files read (duplicate files included).
    pub rows_read: usize,
    /// Rows that gave at least one new answer.
    pub rows_ingested: usize,
    /// Rows whose free-text cells are all empty.
    pub rows_empty: usize,
    /// Rows all of whose answers were read before (or in a duplicate file).
    pub rows_duplicate: usize,
    /// Rows that could not be read (listed under `skipped` and in `skipped.csv`).
    pub rows_skipped: usize,
    /// Ingested rows none of whose answers has a content word.
    pub rows_without_content: usize,
    /// Answers: one per row and non-empty open question.
    pub answers: usize,
    /// Answers left out as the same respondent's same answer to the same question.
    pub answers_duplicate: usize,
    /// Answers with at least one content word.
    pub answers_with_content: usize,
    /// Answers without content: no content words ("-", "?") or a non-answer ("en tiedä").
    pub no_content: usize,
    /// Answers with content that no theme took.
    pub other: usize,
    /// Answers with at least one theme, named or discovered.
    pub clustered: usize,
    /// Answers with at least one named theme.
    pub named: usize,
    /// Segments of all answers (list items, clauses).
    pub segments: usize,
}

/// What kind of theme a summary is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeKind {
    /// A theme of the codebook.
    Named,
    /// A theme found by clustering.
    Discovered,
    /// `other`: content no theme took.
    Other,
    /// `no_content`.
    NoContent,
}

/// One theme: a named theme, a discovered theme, or a bucket.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeSummary {
    /// The value in the `theme` column: the named theme's key, the discovered theme's label,
    /// `no_content` or `other`.
    pub key: String,
    pub kind: ThemeKind,
    /// Label for people.
    pub label: String,
    pub label_fi: Option<String>,
    pub label_en: Option<String>,
    /// Whether it is a theme from the themes file.
    pub named: bool,
    /// The question of an unnamed cluster; `None` for named themes and buckets.
    pub question: Option<String>,
    /// The clusters a discovered theme is made of (numbered over the run).
    pub clusters: Vec<usize>,
    /// A small discovered theme, listed under "muut teemat" with the others.
    pub minor: bool,
    /// Answers whose first theme this is.
    pub count: usize,
    /// `count` over all answers (of the question, or of the run at the top level).
    pub share: f64,
    /// Answers that carry this theme at all, first or further.
    pub mentions: usize,
    /// `--weight`: the weights of the answers whose first theme this is, over the weights of
    /// the question's (or the run's) answers with a valid weight.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_share: Option<f64>,
    /// `--weight`: the same for the answers that carry this theme at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_mentions_share: Option<f64>,
    /// Distinctive terms, as words people wrote.
    pub top_terms: Vec<String>,
    /// For a named theme: the codebook's seeds and rules that put it on answers, with how many
    /// answers each, most first.
    pub rules: Vec<RuleCount>,
    pub quotes: Vec<Quote>,
}

/// How many answers one seed or rule of the codebook coded.
#[derive(Debug, Clone, Serialize)]
pub struct RuleCount {
    /// As [`crate::codebook::matcher::CompiledRule::describe`] writes it.
    pub rule: String,
    pub answers: usize,
}

/// A quote that can be cited.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub id: String,
    pub source: String,
    pub row: usize,
    pub question: String,
    pub text: String,
    /// Byte offsets of the segment that carries the theme, within `text`.
    pub highlight: Option<(usize, usize)>,
}

/// A theme key as answers and segments hold it: one shared copy per key.
pub type Key = Arc<str>;

/// One answer in the per-answer table.
#[derive(Debug, Clone)]
pub struct Response {
    pub id: String,
    pub source: std::sync::Arc<str>,
    pub row: usize,
    pub question: std::sync::Arc<str>,
    /// Theme keys in order of first mention: named keys and discovered themes' labels; or
    /// `other`, or `no_content`.
    pub themes: Vec<Key>,
    /// The cluster of its first segment that has one.
    pub cluster: Option<usize>,
    pub text: String,
    /// The row's metadata, (column, value) pairs shared by the answers of the row.
    pub meta: crate::ingest::Meta,
}

impl Response {
    /// The themes as the `theme` column writes them: `;`-separated.
    pub fn theme_column(&self) -> String {
        self.themes.join(";")
    }

    /// The value of metadata column `column`, or "" when the row has none.
    pub fn meta_value(&self, column: &str) -> &str {
        self.meta
            .iter()
            .find(|(k, _)| &**k == column)
            .map_or("", |(_, v)| &**v)
    }
}

/// One segment of an answer and its codes ([`details`]).
#[derive(Debug, Clone)]
pub struct ResponseSegment {
    /// Byte offsets in the answer's text.
    pub from: u32,
    pub to: u32,
    pub themes: Box<[Key]>,
    pub cluster: Option<u32>,
    /// Cosine to the cluster's centre, when it was clustered.
    pub similarity: Option<f32>,
    /// What put its named themes there (empty for the others: the writers say why from the
    /// cluster and similarity, [`evidence::segment_line`]).
    pub evidence: Box<str>,
}

/// An output format.
pub trait ReportWriter: Sync {
    /// The file written in the output folder.
    fn file_name(&self) -> &'static str;
    /// Writes the report.
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;

    /// Writes the report into the file `path` (in the staging folder): through a buffer into
    /// [`ReportWriter::write`], unless the format needs the file itself.
    fn write_file(&self, report: &Report, path: &Path) -> io::Result<()> {
        let file = std::fs::File::create(path)?;
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        self.write(report, &mut out)?;
        out.flush()
    }
}

/// Every format teema writes.
pub fn writers() -> Vec<Box<dyn ReportWriter>> {
    vec![
        Box::new(markdown::Markdown),
        Box::new(json::Json),
        Box::new(csv::ResponsesCsv),
        Box::new(csv::SegmentsCsv),
        Box::new(csv::SkippedCsv),
        Box::new(html::Html),
        Box::new(xlsx::Xlsx::default()),
    ]
}

/// Writes every format into `dir`; returns the paths written.
pub fn write_all(report: &Report, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Each file on a thread of its own: responses.csv and segments.csv take the time.
    let writers = writers();
    let results: Vec<Result<PathBuf>> = std::thread::scope(|scope| {
        let handles: Vec<_> = writers
            .iter()
            .map(|writer| {
                scope.spawn(move || {
                    let path = dir.join(writer.file_name());
                    writer
                        .write_file(report, &path)
                        .map_err(|e| Error::io(&path, e))?;
                    Ok(path)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a report writer does not panic"))
            .collect()
    });
    results.into_iter().collect()
}

/// An answer at `row` with `themes`, whose only metadata cell is `column` = `value`, for
/// tests.
#[cfg(test)]
pub(crate) fn test_response(row: usize, column: &str, value: &str, themes: &[&str]) -> Response {
    Response {
        id: String::new(),
        source: std::sync::Arc::from("a.csv"),
        row,
        question: std::sync::Arc::from("Q"),
        themes: themes.iter().map(|t| Key::from(*t)).collect(),
        cluster: None,
        text: String::new(),
        meta: std::sync::Arc::from(vec![(
            std::sync::Arc::from(column),
            std::sync::Arc::from(value),
        )]),
    }
}

/// A quote of answer `V1` (row 2 of `a.csv`) whose segment `highlight` carries its theme, for
/// tests.
#[cfg(test)]
pub(crate) fn test_quote(text: &str, highlight: Option<(usize, usize)>) -> Quote {
    Quote {
        id: "V1".into(),
        source: "a.csv".into(),
        row: 2,
        question: "Q".into(),
        text: text.into(),
        highlight,
    }
}

/// A discovered theme with no answers, for tests.
#[cfg(test)]
pub(crate) fn test_theme(key: &str, minor: bool) -> ThemeSummary {
    ThemeSummary {
        key: key.into(),
        kind: ThemeKind::Discovered,
        label: key.into(),
        label_fi: None,
        label_en: None,
        named: false,
        question: None,
        clusters: Vec::new(),
        minor,
        count: 0,
        share: 0.0,
        mentions: 0,
        weighted_share: None,
        weighted_mentions_share: None,
        top_terms: Vec::new(),
        rules: Vec::new(),
        quotes: Vec::new(),
    }
}
