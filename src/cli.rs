//! The command line: clap types with their help text, and one function per subcommand.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cluster::ClusterParams;
use crate::index;
use crate::ingest::IngestOptions;
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
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Folder of survey exports (.csv, .tsv, .jsonl, .json, .txt), or a single file.
    pub input: PathBuf,
    /// Output folder: gets index/, summary.md, themes.json and responses.csv.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Free-text column by name or 1-based number; repeat for several. Default: detect.
    #[arg(long = "column", value_name = "NAME")]
    pub columns: Vec<String>,
    /// Number of clusters. Default: chosen by silhouette.
    #[arg(short)]
    pub k: Option<usize>,
    /// Seed for every random choice; the same seed and input give the same output.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Themes file replacing the built-in themes.toml.
    #[arg(long, value_name = "FILE")]
    pub themes: Option<PathBuf>,
    /// No progress bars and no closing summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The output folder of `teema run`.
    pub out: PathBuf,
    /// Words to find; inflected forms match (Tantivy query syntax: AND, OR, -word, "phrase").
    pub query: String,
    /// Most hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
}

/// Runs a parsed command line; the exit code is 0 on success, 1 when a search finds nothing.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run_pipeline(args),
        Command::Search(args) => search(args),
    }
}

fn run_pipeline(args: RunArgs) -> anyhow::Result<ExitCode> {
    let config = RunConfig {
        input: args.input.clone(),
        out: args.out.clone(),
        ingest: IngestOptions {
            columns: args.columns,
        },
        cluster: ClusterParams {
            k: args.k,
            seed: args.seed,
            ..ClusterParams::default()
        },
        themes_file: args.themes,
        progress: Progress::new(!args.quiet),
    };
    let report = pipeline::run(&config)?;
    let mut err = std::io::stderr().lock();
    for f in &report.files {
        if let Some(reason) = &f.error {
            writeln!(err, "teema: {}: skipped file: {reason}", f.source)?;
        }
    }
    for s in &report.skipped {
        writeln!(err, "teema: {s}")?;
    }
    if !args.quiet {
        let c = &report.counts;
        writeln!(
            err,
            "read {} rows from {} file(s) ({} rows skipped, {} unreadable files)",
            c.rows_read, c.files, c.rows_skipped, c.files_failed
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
            report.parameters.k,
            named.join(", ")
        )?;
        writeln!(err, "wrote {}", args.out.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let hits = index::search(&args.out, &args.query, args.limit)?;
    let stdout = std::io::stdout();
    let (open, close) = if stdout.is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let mut out = stdout.lock();
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
    if hits.is_empty() {
        eprintln!("no answers match {:?}", args.query);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
