//! The command line: clap types with their help text ([`Cli`]), and [`run`], which hands each
//! subcommand to its function in [`commands`].

mod commands;
mod summary;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::index;
use crate::ingest::{self, IngestOptions, Limits};

/// Searchable quotes and labelled themes from Finnish free-text survey answers.
#[derive(Debug, Parser)]
#[command(name = "teema", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every export in a folder, find themes, build the search index and write reports.
    Run(RunArgs),
    /// Search the answers indexed by `teema run`.
    Search(SearchArgs),
    /// Show what teema sees in every file (format, encoding, header, columns, rows) without
    /// running anything else.
    Inspect(InspectArgs),
    /// Print how the Finnish analyzer reads text on stdin: a TSV of each word and its term
    /// (empty for a stop word). With --score, measure it on gold lemmas.
    Analyze(AnalyzeArgs),
    /// Keyword in context: every occurrence of a word (any inflected form) in the indexed
    /// answers, with the words around it, the keywords in one column.
    Kwic(KwicArgs),
    /// Score a run's themes against gold labels: per-theme precision, recall and F1,
    /// macro-F1, and how well the clusters agree with the labels (ARI, NMI).
    Eval(EvalArgs),
    /// Show why an answer has its themes: its segments, each segment's codes, and the rule and
    /// words (or the cluster) behind each.
    Explain(ExplainArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The output folder of `teema run`.
    pub out: PathBuf,
    /// The answer's id, as in responses.csv (`V017.q2`).
    pub id: String,
    /// Output: `text` (the segments marked in the answer, then each one's codes and evidence)
    /// or `json`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The output folder of `teema run` (its responses.csv and themes.json are read).
    pub out: PathBuf,
    /// Gold labels: CSV/TSV or JSONL/JSON with `id` and `theme` (or `themes`; primary first,
    /// `;`-separated), optional `also` (more themes, `;`-separated), and/or `label`.
    pub gold: PathBuf,
    /// Average F1 over these theme keys (comma-separated) instead of the run's named themes.
    #[arg(long, value_name = "KEY,KEY", value_delimiter = ',')]
    pub themes: Option<Vec<String>>,
    /// Output: `text` (a table) or `json` (one object).
    #[arg(long, value_enum, default_value_t = crate::eval::EvalFormat::Text)]
    pub format: crate::eval::EvalFormat,
    /// Exit with status 1 when macro-F1 is below this (0 to 1), e.g. in CI.
    #[arg(long, value_name = "X", value_parser = crate::eval::parse_fraction)]
    pub min_macro_f1: Option<f64>,
    /// Exit with status 1 when code recovery (mean best-match F1 over the gold codes) is
    /// below this (0 to 1).
    #[arg(long, value_name = "X", value_parser = crate::eval::parse_fraction)]
    pub min_code_recovery: Option<f64>,
    /// Code recovery scores the gold codes carried by at least this share of the answers
    /// (0 to 1).
    #[arg(long, value_name = "X", default_value_t = crate::eval::DEFAULT_MIN_SHARE)]
    #[arg(value_parser = crate::eval::parse_fraction)]
    pub min_share: f64,
}

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub analyzer: AnalyzerArgs,
    /// A TSV of `form<TAB>lemma` lines (header `form` skipped): print pairwise precision,
    /// recall and F1 of the analyzer's terms against the lemmas, instead of reading stdin.
    #[arg(long, value_name = "FILE")]
    pub score: Option<PathBuf>,
}

/// How words become terms.
#[derive(Debug, clap::Args)]
pub struct AnalyzerArgs {
    /// Lemmatiser: `builtin` (teema's own: irregular-stem lexicon, Snowball Finnish, gradation
    /// rules), or `voikko` (Voikko's lemmas; needs the Debian packages libvoikko1 and
    /// voikko-fi, loaded at run time).
    #[arg(long = "analyzer", value_enum, default_value_t = BackendArg::Builtin)]
    pub backend: BackendArg,
    /// More stop words, one per line (`#` starts a comment); repeatable. The Finnish, Swedish
    /// and English lists always apply.
    #[arg(long, value_name = "FILE")]
    pub stopwords: Vec<PathBuf>,
}

/// `run --lang` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    Fi,
    En,
}

/// `--analyzer` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendArg {
    Builtin,
    Voikko,
}

impl AnalyzerArgs {
    /// The analyzer configuration these options ask for.
    pub fn config(&self) -> anyhow::Result<crate::analysis::AnalyzerConfig> {
        let mut config = crate::analysis::AnalyzerConfig {
            backend: match self.backend {
                BackendArg::Builtin => crate::analysis::Backend::Builtin,
                BackendArg::Voikko => crate::analysis::Backend::Voikko,
            },
            extra_stop_words: Vec::new(),
        };
        for path in &self.stopwords {
            config.add_stop_words_file(path)?;
        }
        Ok(config)
    }
}

#[derive(Debug, clap::Args)]
pub struct KwicArgs {
    /// The output folder of `teema run`.
    pub out: PathBuf,
    /// One word: every word with the same term matches (`arvostus` finds "arvostusta" where
    /// the analyzer gives them one term). A trailing `*` matches every word whose term or
    /// written form begins with what precedes it (`arvost*`).
    pub term: String,
    /// Words of context on each side (0 to 50).
    #[arg(long, short, default_value_t = 5, value_parser = parse_width)]
    pub width: usize,
    /// Order of the lines: `position` (source, row, place in the answer), `left` (the words
    /// before, nearest first), `right` (the words after) or `keyword` (as written).
    #[arg(long, value_enum, default_value_t = crate::kwic::Sort::Position)]
    pub sort: crate::kwic::Sort,
    /// Most lines to show (after sorting), at least 1. Default: all.
    #[arg(long, short = 'n', value_parser = parse_count)]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output: `text` (aligned; the keyword bold on a terminal, `[` `]` otherwise), or `json`,
    /// `csv`, `tsv` with id, source, row, question, theme, left, keyword, right.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Which answers `search` and `kwic` look at.
#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    /// Only answers to this question (its text as in the export; case-insensitive).
    #[arg(long)]
    pub question: Option<String>,
    /// Only answers with this theme key (`time_shortage`, `no_content`, a cluster label, …).
    #[arg(long)]
    pub theme: Option<String>,
    /// Only answers from this file (as cited: `kysely.csv`, `kysely.xlsx#Palaute`).
    #[arg(long)]
    pub source: Option<String>,
    /// Only answers whose metadata column has this value: `--where "Rooli=Yhteisömanageri"`;
    /// repeat for several (all must hold).
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub filters: Vec<String>,
}

impl FilterArgs {
    /// The filters these options ask for; all must hold.
    pub fn filters(&self) -> anyhow::Result<Vec<index::Filter>> {
        let mut filters = Vec::new();
        filters.extend(self.question.clone().map(index::Filter::Question));
        filters.extend(self.theme.clone().map(index::Filter::Theme));
        filters.extend(self.source.clone().map(index::Filter::Source));
        for w in &self.filters {
            filters.push(index::Filter::parse_where(w).map_err(anyhow::Error::msg)?);
        }
        Ok(filters)
    }
}

/// How to read the exports; shared by `run` and `inspect`.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Free-text column by name, question text or 1-based number; repeat for several.
    /// Default: every column that looks open-ended.
    #[arg(long = "column", value_name = "NAME")]
    pub columns: Vec<String>,
    /// Text encoding of CSV/TSV/TXT files instead of detecting it: utf-8, utf-16le, utf-16be,
    /// windows-1252 (what Finnish Excel calls ANSI), iso-8859-1, …
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Read only this sheet of every workbook. Default: every sheet with a table.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// In .txt and .md files an answer is a paragraph (up to a blank line), not a line.
    #[arg(long)]
    pub paragraphs: bool,
    /// Largest file to read, in MB; also the most a workbook may unpack to.
    #[arg(long, value_name = "MB", default_value_t = 1024)]
    pub max_file_size: u64,
    /// Exit with status 1 if any file could not be read or any row was skipped.
    #[arg(long)]
    pub strict: bool,
}

impl IngestArgs {
    fn options(&self) -> anyhow::Result<IngestOptions> {
        let encoding = match &self.encoding {
            Some(label) => Some(ingest::parse_encoding(label).map_err(anyhow::Error::msg)?),
            None => None,
        };
        Ok(IngestOptions {
            columns: self.columns.clone(),
            encoding,
            sheet: self.sheet.clone(),
            paragraphs: self.paragraphs,
            exclude: Vec::new(),
            limits: Limits {
                max_file_bytes: self.max_file_size.saturating_mul(1024 * 1024),
                ..Limits::default()
            },
        })
    }
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// Folder of survey exports, or a single file.
    pub input: PathBuf,
    #[command(flatten)]
    pub ingest: IngestArgs,
    /// Print JSON (files, skipped rows, counts) instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Folder of survey exports (.csv, .tsv, .xlsx, .ods, .xls, .json, .jsonl, .txt, .md),
    /// or a single file.
    pub input: PathBuf,
    /// Output folder: gets index/, summary.md, themes.json, responses.csv, segments.csv,
    /// skipped.csv and report.html.
    #[arg(long, short)]
    pub out: PathBuf,
    #[command(flatten)]
    pub ingest: IngestArgs,
    #[command(flatten)]
    pub analyzer: AnalyzerArgs,
    /// Number of clusters, at least 1. Default: chosen by silhouette.
    #[arg(short, value_parser = parse_count)]
    pub k: Option<usize>,
    /// Seed for every random choice; the same seed and input give the same output.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Themes file replacing the built-in themes.toml.
    #[arg(long, value_name = "FILE")]
    pub themes: Option<PathBuf>,
    /// Cluster the answers of all questions together; by default each question's answers are
    /// clustered apart and the summaries are grouped by question.
    #[arg(long)]
    pub across_questions: bool,
    /// Cross-tabulate theme shares by this metadata column (e.g. `--by Rooli`); repeatable.
    #[arg(long, value_name = "COLUMN")]
    pub by: Vec<String>,
    /// Survey weights from this metadata column (`--weight paino`; `0,544` or `144.09`):
    /// weighted theme shares and cross-tabs next to the unweighted ones, with the effective
    /// sample size. Rows with a missing or invalid weight are left out of the weighted figures
    /// and named in summary.md.
    #[arg(long, value_name = "COLUMN")]
    pub weight: Option<String>,
    /// Delimiter of responses.csv, segments.csv and skipped.csv: `,` (default), `;` (what a
    /// Finnish Excel opens as columns) or `\t` (a tab). Nothing else is accepted.
    #[arg(long, value_name = "DELIMITER", default_value = ",")]
    #[arg(value_parser = crate::report::csv::CsvDelimiter::parse)]
    pub csv_delimiter: crate::report::csv::CsvDelimiter,
    /// Theme shares per period by this metadata column of dates (ISO, 5.3.2024, 5.3.24, Excel
    /// serial numbers, survey tools' timestamps).
    #[arg(long, value_name = "COLUMN")]
    pub date: Option<String>,
    /// The period of the trends with --date.
    #[arg(long, value_enum, default_value_t = crate::report::dates::Period::Month, requires = "date")]
    pub period: crate::report::dates::Period,
    /// Language of report.html's headings, labels and controls: `fi` (Finnish) or `en`
    /// (English). The answers stay as written.
    #[arg(long, value_enum, default_value_t = LangArg::Fi)]
    pub lang: LangArg,
    /// Words in each question's word table (themes.json; summary.md shows the first 15).
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = parse_count)]
    pub top_words: usize,
    /// Pairs of adjacent words in each question's word-pair table.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = parse_count)]
    pub top_pairs: usize,
    /// No progress bars and no closing summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Analyse and index everything again, ignoring what an earlier run into OUT left in
    /// OUT/cache/ (by default, unchanged answers are not analysed or indexed again).
    #[arg(long)]
    pub no_cache: bool,
    /// Write each stage's wall time and peak memory to FILE as JSON (for benchmarks).
    #[arg(long, value_name = "FILE")]
    pub timings: Option<PathBuf>,
    // --- Issue 14: personal data (src/redact/).
    /// Keep personal data as written. By default henkilötunnus, e-mail addresses, phone
    /// numbers, IBANs and the --redact-words are replaced by tags ([hetu], [sähköposti],
    /// [puhelin], [iban], [nimi]) before anything is analysed, indexed or written.
    #[arg(long, conflicts_with = "redact_words")]
    pub no_redact: bool,
    /// Also redact these words and names, with their inflected forms (`Matti`: Matin,
    /// Matille): one per line, UTF-8, `#` starts a comment.
    #[arg(long, value_name = "FILE")]
    pub redact_words: Option<PathBuf>,
    // ---
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The output folder of `teema run`.
    pub out: PathBuf,
    /// Words to find; inflected forms match. All words must match unless joined by OR;
    /// also NOT, -word, +word, (…), "a phrase", prefix*, typo~1 (see README). Operators are
    /// uppercase. Empty or `*` with filters: every answer that passes them.
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    /// Most hits to show, at least 1 (more than there are answers shows them all).
    #[arg(long, short = 'n', default_value_t = 10, value_parser = parse_count)]
    pub limit: usize,
    /// Hits to skip first, for paging (past the last hit: nothing is shown, exit status 1).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output: `text` (bold hits on a terminal, `**` markers otherwise), or `json`, `csv`,
    /// `tsv` with id, source, row, question, theme, score, snippet (with `**` markers) and text.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The most words of context `kwic --width` takes: more would only repeat whole answers.
pub const MAX_WIDTH: usize = 50;

/// A count the user gives (`-n`, `--limit`, `-k`): a whole number of at least 1. Zero is
/// refused rather than read as "none" or "all", so that it means one thing everywhere.
fn parse_count(s: &str) -> Result<usize, String> {
    match s.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1 (leave the option out for the default)".into()),
        // Larger than the platform's addresses: as good as "all"; callers clamp.
        Ok(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        Err(_) => Err("expected a whole number of at least 1".into()),
    }
}

/// `kwic --width`: 0 to [`MAX_WIDTH`] words.
fn parse_width(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n <= MAX_WIDTH => Ok(n),
        _ => Err(format!("expected 0 to {MAX_WIDTH} words of context")),
    }
}

/// How `search` prints hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
    Tsv,
}

/// Runs a parsed command line; the exit code is 0 on success, 1 when a search finds nothing
/// or `--strict` finds a file or row that could not be read.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => commands::run_pipeline(args),
        Command::Search(args) => commands::search(args),
        Command::Inspect(args) => commands::inspect(args),
        Command::Analyze(args) => commands::analyze(args),
        Command::Kwic(args) => commands::kwic(args),
        Command::Explain(args) => commands::explain(args),
        Command::Eval(args) => crate::eval::command(
            &crate::eval::EvalRequest {
                out: args.out,
                gold: args.gold,
                themes: args.themes,
                min_share: args.min_share,
            },
            args.format,
            crate::eval::Thresholds {
                min_macro_f1: args.min_macro_f1,
                min_code_recovery: args.min_code_recovery,
            },
        ),
    }
}
