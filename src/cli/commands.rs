//! One function per subcommand: it reads what the library gives and prints it, as text for a
//! person or as JSON, CSV or TSV for a pipeline.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use super::summary;
use super::{AnalyzeArgs, ExplainArgs, Format, InspectArgs, KwicArgs, RunArgs, SearchArgs};
use crate::cluster::ClusterParams;
use crate::coding::CodingParams;
use crate::index;
use crate::ingest::{self, FileReport, FileStatus, Skipped};
use crate::pipeline::{self, RunConfig};
use crate::progress::Progress;
use crate::report::csv::excel_safe;

/// Bold on, bold off: how a terminal marks hits.
const BOLD: (&str, &str) = ("\x1b[1m", "\x1b[0m");

/// `--format csv` or `tsv` output: CSV quoted where needed, or TSV without quoting, one record
/// per line (tabs and line breaks inside a TSV field become spaces). Every field goes through
/// [`excel_safe`], as in responses.csv: a spreadsheet opening it runs no formula.
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
            let f = excel_safe(f);
            if tsv {
                f.replace(['\t', '\n', '\r'], " ")
            } else {
                f.into_owned()
            }
        }))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

pub(super) fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
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

pub(super) fn analyze(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
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

pub(super) fn kwic(args: KwicArgs) -> anyhow::Result<ExitCode> {
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

pub(super) fn inspect(args: InspectArgs) -> anyhow::Result<ExitCode> {
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

/// Issue 14: the redactor `run` asks for; `None` with `--no-redact`.
fn redactor(args: &RunArgs) -> anyhow::Result<Option<crate::redact::Redactor>> {
    if args.no_redact {
        return Ok(None);
    }
    let words = match &args.redact_words {
        Some(path) => crate::redact::WordList::from_file(path)?,
        None => crate::redact::WordList::default(),
    };
    Ok(Some(crate::redact::Redactor::new(words)))
}

pub(super) fn run_pipeline(args: RunArgs) -> anyhow::Result<ExitCode> {
    let redact = redactor(&args)?; // Issue 14
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
        weight: args.weight.clone(),
        csv_delimiter: args.csv_delimiter,
        date: args.date.clone(),
        period: args.period,
        lang: match args.lang {
            super::LangArg::Fi => crate::report::Lang::Fi,
            super::LangArg::En => crate::report::Lang::En,
        },
        words: crate::report::words::WordParams {
            top_words: args.top_words,
            top_pairs: args.top_pairs,
        },
        progress: Progress::new(!args.quiet),
        use_cache: !args.no_cache,
        redact,
    };
    let mut timings = crate::progress::Timings::default();
    let report = pipeline::run_timed(&config, &mut timings)?;
    if let Some(path) = &args.timings {
        std::fs::write(path, timings.to_json())
            .map_err(|e| anyhow::anyhow!("writing the timings to {}: {e}", path.display()))?;
    }
    let mut err = std::io::stderr().lock();
    let more = format!(" (all in {})", args.out.join("skipped.csv").display());
    print_problems(&mut err, &report.files, &report.skipped, &more)?;
    if let Some(weight) = &report.weight {
        summary::print_weight_problems(&mut err, weight)?;
    }
    if let Some(line) = report.dates.as_ref().and_then(|d| d.problem_line()) {
        writeln!(err, "teema: --date: {line}")?;
    }
    if !args.quiet {
        summary::print_summary(&mut err, &report, &timings, &args.out)?;
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

pub(super) fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
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
    let hits = &found.hits;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    match args.format {
        Format::Text => {
            let (open, close) = if terminal { BOLD } else { ("**", "**") };
            for hit in hits {
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
            for hit in hits {
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
        match found.total {
            Some(total) if total > 0 => eprintln!(
                "{total} {} {:?}, but --offset {} is past them",
                if total == 1 {
                    "answer matches"
                } else {
                    "answers match"
                },
                args.query,
                args.offset
            ),
            _ => eprintln!("no answers match {:?}", args.query),
        }
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
