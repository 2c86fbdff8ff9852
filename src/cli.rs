//! The command line: clap types with their help text, and one function per subcommand.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cluster::ClusterParams;
use crate::coding::CodingParams;
use crate::index;
use crate::ingest::{self, FileReport, FileStatus, IngestOptions, Limits, Skipped};
use crate::pipeline::{self, RunConfig};
use crate::progress::Progress;

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
    /// Words of context on each side.
    #[arg(long, short, default_value_t = 5)]
    pub width: usize,
    /// Order of the lines: `position` (source, row, place in the answer), `left` (the words
    /// before, nearest first), `right` (the words after) or `keyword` (as written).
    #[arg(long, value_enum, default_value_t = crate::kwic::Sort::Position)]
    pub sort: crate::kwic::Sort,
    /// Most lines to show (after sorting). Default: all.
    #[arg(long, short = 'n')]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output: `text` (aligned; the keyword bold on a terminal, `[` `]` otherwise), or `json`,
    /// `csv`, `tsv` with id, source, row, question, theme, left, keyword, right.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Bold on, bold off: how a terminal marks hits.
const BOLD: (&str, &str) = ("\x1b[1m", "\x1b[0m");

/// `--format csv` or `tsv` output: CSV quoted where needed, or TSV without quoting, one record
/// per line (tabs and line breaks inside a TSV field become spaces).
struct Table<W: Write> {
    writer: ::csv::Writer<W>,
    tsv: bool,
}

impl<W: Write> Table<W> {
    fn new(out: W, format: Format) -> Self {
        let tsv = format == Format::Tsv;
        let writer = ::csv::WriterBuilder::new()
            .delimiter(if tsv { b'\t' } else { b',' })
            .quote_style(if tsv {
                ::csv::QuoteStyle::Never
            } else {
                ::csv::QuoteStyle::Necessary
            })
            .from_writer(out);
        Table { writer, tsv }
    }

    fn row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) -> ::csv::Result<()> {
        let tsv = self.tsv;
        self.writer.write_record(fields.into_iter().map(|f| {
            if tsv {
                f.replace(['\t', '\n', '\r'], " ")
            } else {
                f.to_string()
            }
        }))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
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
    /// Output folder: gets index/, summary.md, themes.json, responses.csv and skipped.csv.
    #[arg(long, short)]
    pub out: PathBuf,
    #[command(flatten)]
    pub ingest: IngestArgs,
    #[command(flatten)]
    pub analyzer: AnalyzerArgs,
    /// Number of clusters. Default: chosen by silhouette.
    #[arg(short)]
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
    /// Most hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip first, for paging.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output: `text` (bold hits on a terminal, `**` markers otherwise), or `json`, `csv`,
    /// `tsv` with id, source, row, question, theme, score, snippet (with `**` markers) and text.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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
        Command::Run(args) => run_pipeline(args),
        Command::Search(args) => search(args),
        Command::Inspect(args) => inspect(args),
        Command::Analyze(args) => analyze(args),
        Command::Kwic(args) => kwic(args),
        Command::Explain(args) => explain(args),
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

fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let explained = match crate::explain::explain(&args.out, &args.id)? {
        Ok(e) => e,
        Err(examples) => {
            eprintln!(
                "teema: no answer with id {:?} in {} (ids look like {})",
                args.id,
                args.out.join("responses.csv").display(),
                examples.join(", ")
            );
            return Ok(ExitCode::from(1));
        }
    };
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &explained)?;
            writeln!(out)?;
        }
        _ => {
            let (open, close) = if terminal { BOLD } else { ("[", "]") };
            out.write_all(crate::explain::render(&explained, open, close).as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn analyze(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let config = args.analyzer.config()?;
    let analyzer = crate::analysis::Analyzer::from_config(&config)?;
    let mut out = std::io::stdout().lock();
    if let Some(path) = args.score {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let score = crate::analysis::score::score_gold(&text, |w| analyzer.stem(w))
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let snowball = crate::analysis::finnish::FinnishStemmer::new();
        let baseline = crate::analysis::score::score_gold(&text, |w| snowball.snowball(w))
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let name = match config.backend {
            crate::analysis::Backend::Builtin => "builtin",
            crate::analysis::Backend::Voikko => "voikko",
        };
        writeln!(out, "{name}: {score}")?;
        writeln!(out, "snowball: {baseline}")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
    // Compounds are learnt from the text itself, as a run learns them from its corpus.
    let analyzer = analyzer.learn_compounds([text.as_str()]);
    for (word, terms) in analyzer.words(&text) {
        let mut line = word;
        if terms.is_empty() {
            line.push('\t');
        }
        for term in terms {
            line.push('\t');
            line.push_str(&term);
        }
        writeln!(out, "{line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn kwic(args: KwicArgs) -> anyhow::Result<ExitCode> {
    let filters = args.filter.filters()?;
    let request = crate::kwic::KwicRequest {
        term: args.term.clone(),
        filters,
        width: args.width,
        sort: args.sort,
        limit: args.limit,
    };
    let lines = crate::kwic::kwic(&args.out, &request)?;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    match args.format {
        Format::Text => {
            let (open, close) = if terminal { BOLD } else { ("[", "]") };
            out.write_all(crate::kwic::render(&lines, args.width, open, close).as_bytes())?;
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &lines)?;
            writeln!(out)?;
        }
        Format::Csv | Format::Tsv => {
            let mut w = Table::new(&mut out, args.format);
            w.row(KWIC_COLUMNS)?;
            for l in &lines {
                let row = l.row.to_string();
                let fields = [
                    &l.id,
                    &l.source,
                    &row,
                    &l.question,
                    &l.theme,
                    &l.left,
                    &l.keyword,
                    &l.right,
                ];
                w.row(fields.map(String::as_str))?;
            }
            w.flush()?;
        }
    }
    if lines.is_empty() {
        eprintln!("no occurrences of {:?}", args.term);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The columns of `kwic --format csv|tsv`, and the keys of `--format json`.
const KWIC_COLUMNS: [&str; 8] = [
    "id", "source", "row", "question", "theme", "left", "keyword", "right",
];

/// Rows skipped printed on stderr; the rest are in `skipped.csv`.
const SHOWN_SKIPS: usize = 20;

/// Prints unreadable files, warnings and skipped rows on stderr.
fn print_problems(
    err: &mut impl Write,
    files: &[FileReport],
    skipped: &[Skipped],
    more: &str,
) -> std::io::Result<()> {
    for f in files {
        if f.status == FileStatus::Failed {
            writeln!(
                err,
                "teema: {}: file not read: {}",
                f.source,
                f.reason.as_deref().unwrap_or("")
            )?;
        }
        for w in &f.warnings {
            writeln!(err, "teema: {}: warning: {w}", f.source)?;
        }
    }
    for s in skipped.iter().take(SHOWN_SKIPS) {
        writeln!(err, "teema: {s}")?;
    }
    if skipped.len() > SHOWN_SKIPS {
        writeln!(
            err,
            "teema: … and {} more skipped rows{more}",
            skipped.len() - SHOWN_SKIPS
        )?;
    }
    Ok(())
}

fn strict_failure(strict: bool, files: &[FileReport], skipped: &[Skipped]) -> bool {
    strict && (files.iter().any(|f| f.status == FileStatus::Failed) || !skipped.is_empty())
}

fn inspect(args: InspectArgs) -> anyhow::Result<ExitCode> {
    let opts = args.ingest.options()?;
    let corpus = ingest::ingest(&args.input, &opts)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        #[derive(serde::Serialize)]
        struct Inspected<'a> {
            counts: ingest::RowCounts,
            answers: usize,
            files: &'a [FileReport],
            skipped: &'a [Skipped],
        }
        let value = Inspected {
            counts: corpus.row_counts(),
            answers: corpus.answers.len(),
            files: &corpus.files,
            skipped: &corpus.skipped,
        };
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        out.write_all(crate::inspect::render(&corpus).as_bytes())?;
    }
    if strict_failure(args.ingest.strict, &corpus.files, &corpus.skipped) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_pipeline(args: RunArgs) -> anyhow::Result<ExitCode> {
    let config = RunConfig {
        input: args.input.clone(),
        out: args.out.clone(),
        ingest: args.ingest.options()?,
        cluster: ClusterParams {
            k: args.k,
            seed: args.seed,
            ..ClusterParams::default()
        },
        coding: CodingParams::default(),
        themes_file: args.themes,
        analyzer: args.analyzer.config()?,
        across_questions: args.across_questions,
        by: args.by.clone(),
        progress: Progress::new(!args.quiet),
        use_cache: !args.no_cache,
    };
    let mut config = config;
    // EXPERIMENT-HOOK (to be removed)
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    if let Some(v) = env("TX_DIMS") {
        config.cluster.dims = v as usize;
    }
    if let Some(v) = env("TX_MERGE") {
        config.cluster.merge_similarity = v;
    }
    if let Some(v) = env("TX_OTHER") {
        config.coding.other_similarity = v;
    }
    if let Some(v) = env("TX_K") {
        config.cluster.k = Some(v as usize);
    }
    if let Some(v) = env("TX_PROP") {
        config.coding.propagate_similarity = v;
    }
    let mut timings = crate::progress::Timings::default();
    let report = pipeline::run_timed(&config, &mut timings)?;
    if let Some(path) = &args.timings {
        std::fs::write(path, timings.to_json())
            .map_err(|e| anyhow::anyhow!("writing the timings to {}: {e}", path.display()))?;
    }
    let mut err = std::io::stderr().lock();
    let more = format!(" (all in {})", args.out.join("skipped.csv").display());
    print_problems(&mut err, &report.files, &report.skipped, &more)?;
    if !args.quiet {
        let c = &report.counts;
        let s = &timings.cache;
        if s.found {
            writeln!(
                err,
                "cache: {} answers reused, {} analysed; index: {} kept, {} added, {} removed",
                s.reused, s.analysed, s.index_kept, s.index_added, s.index_removed
            )?;
        }
        writeln!(
            err,
            "files: {} read, {} duplicate, {} skipped, {} unreadable",
            c.files, c.files_duplicate, c.files_skipped, c.files_failed
        )?;
        writeln!(
            err,
            "{}",
            crate::inspect::rows_line(
                c.rows_read,
                c.rows_ingested,
                c.rows_empty,
                c.rows_duplicate,
                c.rows_skipped
            )
        )?;
        writeln!(
            err,
            "{} answers: {} clustered, {} other, {} without content",
            c.answers, c.clustered, c.other, c.no_content
        )?;
        let named: Vec<String> = report
            .themes
            .iter()
            .map(|t| format!("{} ({})", t.key, t.count))
            .collect();
        writeln!(
            err,
            "themes (k = {}): {}",
            report
                .questions
                .iter()
                .map(|q| q.k.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            named.join(", ")
        )?;
        writeln!(err, "wrote {}", args.out.display())?;
    }
    if strict_failure(args.ingest.strict, &report.files, &report.skipped) {
        writeln!(
            err,
            "teema: --strict: some files or rows could not be read (see {})",
            args.out.join("skipped.csv").display()
        )?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let filters = args.filter.filters()?;
    let request = index::SearchRequest {
        query: args.query.clone(),
        filters,
        limit: args.limit,
        offset: args.offset,
    };
    let found = index::search_with_notes(&args.out, &request)?;
    for note in &found.notes {
        eprintln!("teema: {note}");
    }
    let hits = found.hits;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    match args.format {
        Format::Text => {
            let (open, close) = if terminal { BOLD } else { ("**", "**") };
            for hit in &hits {
                writeln!(
                    out,
                    "{}  {}:{}  [{}]  score {:.2}",
                    hit.id, hit.source, hit.row, hit.theme, hit.score
                )?;
                writeln!(out, "  {}", hit.question)?;
                let snippet = hit.marked_snippet(open, close);
                writeln!(
                    out,
                    "  {}\n",
                    snippet.split_whitespace().collect::<Vec<_>>().join(" ")
                )?;
            }
        }
        Format::Json => {
            let rows: Vec<serde_json::Value> = hits.iter().map(hit_json).collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        Format::Csv | Format::Tsv => {
            let mut w = Table::new(&mut out, args.format);
            w.row(HIT_COLUMNS)?;
            for hit in &hits {
                let score = format!("{:.4}", hit.score);
                let row = hit.row.to_string();
                let snippet = hit.marked_snippet("**", "**");
                let fields = [
                    hit.id.as_str(),
                    &hit.source,
                    &row,
                    &hit.question,
                    &hit.theme,
                    &score,
                    &snippet,
                    &hit.text,
                ];
                w.row(fields)?;
            }
            w.flush()?;
        }
    }
    if hits.is_empty() {
        eprintln!("no answers match {:?}", args.query);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The columns of `search --format csv|tsv`, and the keys of `--format json`.
const HIT_COLUMNS: [&str; 8] = [
    "id", "source", "row", "question", "theme", "score", "snippet", "text",
];

fn hit_json(hit: &index::Hit) -> serde_json::Value {
    serde_json::json!({
        "id": hit.id,
        "source": hit.source,
        "row": hit.row,
        "question": hit.question,
        "theme": hit.theme,
        "score": hit.score,
        "snippet": hit.marked_snippet("**", "**"),
        "text": hit.text,
    })
}
