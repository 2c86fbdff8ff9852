//! The whole run: ingest → analyse (segments, codebook evidence) → code each question
//! (clustering the rest) → report → index → write, with progress per stage. Each stage hands the
//! next a plain struct; this module only wires them together.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analysis::{Analyzer, AnalyzerConfig, Term};
use crate::cache;
use crate::cluster::ClusterParams;
use crate::codebook::{Codebook, Matcher};
use crate::coding::{self, AnswerInput, CodingParams};
use crate::error::{Error, Result};
use crate::incremental::{self, Analysed};
use crate::index::IndexEntry;
use crate::ingest::{self, Corpus, FileStatus, IngestOptions};
use crate::outdir::OutDir;
use crate::progress::{Progress, Timings};
use crate::report::build::BuildInput;
use crate::report::{self, Parameters, Report};

/// Generic words that clustering gives no weight (`stopwords/fi_weak.txt`).
pub const WEAK_WORDS: &str = include_str!("../stopwords/fi_weak.txt");

/// What to run.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub input: PathBuf,
    pub out: PathBuf,
    pub ingest: IngestOptions,
    pub cluster: ClusterParams,
    pub coding: CodingParams,
    /// `None`: the built-in `themes.toml`.
    pub themes_file: Option<PathBuf>,
    /// Lemmatiser and extra stop words.
    pub analyzer: AnalyzerConfig,
    /// Cluster all questions' answers together instead of each question's apart.
    pub across_questions: bool,
    /// Metadata columns to cross-tabulate themes by.
    pub by: Vec<String>,
    /// The metadata column of the survey weights (`--weight`).
    pub weight: Option<String>,
    /// The delimiter of responses.csv, segments.csv and skipped.csv.
    pub csv_delimiter: report::csv::CsvDelimiter,
    /// The date column of the trends (`--date`), if any.
    pub date: Option<String>,
    /// The trends' period (`--period`).
    pub period: crate::report::dates::Period,
    /// The language of `report.html`'s interface.
    pub lang: report::Lang,
    /// How many words and pairs each question's word tables keep.
    pub words: report::words::WordParams,
    pub progress: Progress,
    /// Reuse the analyses and index documents of an earlier run into `out` (`OUT/cache/`).
    pub use_cache: bool,
    /// Issue 14: personal data is replaced by tags right after ingest; `None` with
    /// `--no-redact`.
    pub redact: Option<crate::redact::Redactor>,
}

/// Runs the pipeline and writes `summary.md`, `themes.json`, `responses.csv`, `segments.csv`,
/// `skipped.csv` and `OUT/index/`. The report returned keeps each row's themes, not its
/// segments and evidence (they are in the files).
pub fn run(config: &RunConfig) -> Result<Report> {
    run_timed(config, &mut Timings::default())
}

/// [`run`], recording each stage's wall time and peak memory in `timings`.
pub fn run_timed(config: &RunConfig, timings: &mut Timings) -> Result<Report> {
    let codebook = match &config.themes_file {
        Some(path) => Codebook::from_file(path)?,
        None => Codebook::default_themes(),
    };
    config.cluster.check()?;
    config.coding.check()?;
    // One run at a time into OUT; what an interrupted run left is put right first.
    let out = OutDir::lock(&config.out)?;
    let spinner = config.progress.spinner("ingest");
    // The run's own output is never read back as input, wherever it is.
    let mut ingest_options = config.ingest.clone();
    ingest_options.exclude.push(config.out.clone());
    let mut corpus = ingest::ingest(&config.input, &ingest_options)?;
    spinner.finish_and_clear();
    timings.mark("ingest");
    // --- Issue 14 (src/redact/): before anything is analysed, cached, indexed or written.
    let redaction = match &config.redact {
        Some(r) => crate::redact::redact_corpus(&mut corpus, r),
        None => crate::redact::Redaction::default(),
    };
    let redaction_id = crate::redact::settings_id(config.redact.as_ref());
    let index_dir = config.out.join("index");
    let reuse = config.use_cache && crate::redact::index_matches(&index_dir, &redaction_id);
    // ---
    if corpus.answers.is_empty() {
        return Err(no_answers(config, &corpus));
    }
    check_by(config, &corpus)?;
    let date_settings = date_settings(config, &corpus);

    let analyzer = Analyzer::from_config(&config.analyzer)?;
    let mut previous = if reuse {
        cache::Cache::load(&config.out, &analyzer)
    } else {
        None
    };
    // Compounds are split where the corpus itself uses their parts as words; the words of
    // texts an earlier run analysed come from its cache.
    let texts: Vec<&str> = corpus.answers.iter().map(|a| a.text.as_str()).collect();
    let analyzer = Arc::new(
        analyzer.learn_compounds_with(&texts, |t| previous.as_ref().and_then(|c| c.words(t))),
    );
    drop(texts);
    if let Some(c) = previous.as_mut() {
        c.compare_compounds(&analyzer);
    }
    let matcher = Matcher::new(&codebook, &analyzer);
    let bar = config.progress.bar(corpus.answers.len(), "analyse");
    let spills = cache::SpillDir::new(&config.out)?;
    let Analysed {
        forms,
        parts: compound_parts,
        mut inputs,
        vocabulary,
        reused,
        records,
    } = incremental::analyse(
        &corpus,
        &analyzer,
        &matcher,
        previous.as_ref(),
        &spills,
        || bar.inc(1),
    );
    bar.finish_and_clear();
    let stats = &mut timings.cache;
    stats.found = previous.is_some();
    stats.changed_compounds = previous.as_ref().map_or(0, |c| c.changed_compounds());
    stats.reused = reused.iter().filter(|&&r| r).count();
    stats.analysed = reused.len() - stats.reused;
    if let Some(c) = previous.as_mut() {
        c.drop_analyses();
    }
    let pending_cache = cache::start(&config.out, &analyzer, records)?;
    timings.mark("analyse");

    let spinner = config.progress.spinner("cluster");
    let parts = question_parts(&corpus, config.across_questions);
    let mut kinds = coding::Kinds::default();
    // A derived word's family root (köyhyys → köyhä, piirtäminen → piirtää): one family, one
    // feature.
    for (term, word) in forms.table() {
        if let Some(root) = analyzer.root_term(&word) {
            kinds.add(Term::from(term.as_str()), [Arc::from(root.as_str())]);
        }
    }
    let related = |a: &str, b: &str| {
        related_terms(&compound_parts, a, b)
            || kinds
                .of(a)
                .iter()
                .any(|r| &**r == b || kinds.of(b).contains(r))
            || kinds.of(b).iter().any(|r| &**r == a)
    };
    // Generic words, and terms that are only an ending cut off a word (`stä` of "KPI-stä"),
    // looked up once per term of the corpus.
    let generic: rustc_hash::FxHashSet<String> = crate::analysis::parse_stop_words(WEAK_WORDS)
        .into_iter()
        .map(|w| analyzer.stem(&w))
        .collect();
    let weak_terms: rustc_hash::FxHashSet<String> = forms
        .table()
        .into_keys()
        .filter(|t| generic.contains(t) || analyzer.looks_like_ending(t))
        .collect();
    let weak = |t: &str| weak_terms.contains(t);
    let guarded = matcher.guarded_terms();
    let words = coding::WordKnowledge {
        vocabulary: &vocabulary,
        related: &related,
        guarded: &guarded,
        weak: &weak,
        kinds: &kinds,
    };
    let build_input = BuildInput {
        parameters: parameters(config),
        parts: &parts,
        codebook: &codebook,
        matcher: &matcher,
        forms: &forms,
        by: &config.by,
        weight: config.weight.as_deref(),
        date: date_settings.as_ref(),
        label_terms: config.coding.label_terms,
        rows_dir: &out.staging().join("rows"),
    };
    // Each question's rows are made as soon as it is coded, and its analyses and coding
    // freed, before the next question is coded.
    let mut builder = report::build::Builder::new(&build_input, corpus.answers.len());
    let exclusive: Vec<bool> = codebook.themes.iter().map(|t| t.exclusive).collect();
    let mut word_tables = Vec::with_capacity(parts.len());
    let part_ids = report::words::part_ids(&compound_parts, &vocabulary);
    for (_, members) in &parts {
        // Each answer is in one part: its analysis moves there rather than being copied.
        let mine: Vec<AnswerInput> = members
            .iter()
            .map(|&i| std::mem::take(&mut inputs[i]))
            .collect();
        let coding =
            coding::code_question(&mine, &exclusive, &words, &config.cluster, &config.coding)?;
        // The word tables are counted while the terms are here, and the answers' texts and
        // metadata still in the corpus.
        let started = std::time::Instant::now();
        word_tables.push(report::words::count(&report::words::WordInput {
            inputs: &mine,
            codes: &coding.answers,
            answers: &corpus.answers,
            members,
            vocabulary: &vocabulary,
            parts: &part_ids,
            forms: &forms,
            analyzer: &analyzer,
            by: &config.by,
            weight: config.weight.as_deref(),
            params: config.words,
        }));
        timings.word_tables += started.elapsed().as_secs_f64();
        builder.add(mine, coding, &mut corpus)?;
    }
    drop(inputs);
    spinner.finish_and_clear();
    timings.mark("cluster");

    let mut report = builder.finish(&corpus);
    drop(corpus);
    report.redaction = redaction; // Issue 14
    for (question, tables) in report.questions.iter_mut().zip(word_tables) {
        question.word_tables = tables;
    }
    timings.mark("report");

    // The reports first, into the staging folder; then the rows keep only what the index and
    // the cache need.
    report::write_all(&report, &out.staging())?;
    crate::fault::point("reports-staged")?;
    if let Some(details) = report.details.take() {
        details.remove();
    }
    timings.mark("write");

    let bar = config.progress.bar(report.responses.len(), "index");
    let entries = report.responses.iter().map(|r| IndexEntry {
        id: &r.id,
        source: &r.source,
        row: r.row,
        question: &r.question,
        themes: &r.themes,
        text: &r.text,
        meta: report
            .meta_columns
            .iter()
            .map(String::as_str)
            .map(|c| (c, r.meta_value(c)))
            .collect(),
    });
    // The cache describes the index as it is: it goes before the index changes, and the new
    // one is written when the run is done.
    cache::remove(&config.out)?;
    let doc_hashes = incremental::write_index(
        &out,
        &analyzer,
        entries,
        &reused,
        previous,
        &mut timings.cache,
        || bar.inc(1),
    )?;
    bar.finish_and_clear();
    crate::redact::mark_index(&out.index(), &redaction_id)?; // Issue 14
                                                             // The index is in place: the reports take their places, then the cache.
    out.commit()?;
    crate::fault::point("before-cache")?;
    pending_cache.finish(
        report
            .responses
            .iter()
            .map(|r| r.id.clone())
            .zip(doc_hashes),
    )?;
    timings.mark("index");
    Ok(report)
}

/// Whether two terms name one word for a label: one is a compound part of the other, or they
/// begin alike (at least four letters, three quarters of the shorter: forms the stemmer left
/// apart, `köyh` and `köyhyyt`).
fn related_terms(parts: &FxHashMap<Term, Vec<Term>>, a: &str, b: &str) -> bool {
    let part_of = |whole: &str, part: &str| {
        parts
            .get(whole)
            .is_some_and(|ps| ps.iter().any(|p| &**p == part))
    };
    if part_of(a, b) || part_of(b, a) {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 4 && common * 4 >= shorter * 3
}

/// The error for a run without answers, with the first reasons files and rows gave.
fn no_answers(config: &RunConfig, corpus: &Corpus) -> Error {
    let reasons: Vec<String> = corpus
        .files
        .iter()
        .filter(|f| matches!(f.status, FileStatus::Failed | FileStatus::Skipped))
        .filter_map(|f| f.reason.as_ref().map(|e| format!("{}: {e}", f.source)))
        .take(5)
        .chain(corpus.skipped.iter().take(5).map(ToString::to_string))
        .collect();
    Error::NoAnswers {
        path: config.input.clone(),
        details: if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join("; "))
        },
    }
}

/// How the run was made, for themes.json.
fn parameters(config: &RunConfig) -> Parameters {
    Parameters {
        input: display_path(&config.input),
        themes_file: config
            .themes_file
            .as_deref()
            .map_or_else(|| "themes.toml (built in)".to_string(), display_path),
        columns: config.ingest.columns.clone(),
        encoding: config.ingest.encoding.map(|e| e.name().to_string()),
        sheet: config.ingest.sheet.clone(),
        paragraphs: config.ingest.paragraphs,
        seed: config.cluster.seed,
        k: config.cluster.k,
        across_questions: config.across_questions,
        by: config.by.clone(),
        weight: config.weight.clone(),
        csv_delimiter: config.csv_delimiter,
        date: config.date.clone(),
        period: config.date.as_ref().map(|_| config.period),
        analyzer: format!("{:?}", config.analyzer.backend).to_lowercase(),
        cluster: config.cluster.clone(),
        coding: config.coding.clone(),
        lang: config.lang,
        words: config.words,
    }
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// How the `--date` column's values are read: `a/b/yyyy` by what the column's values say.
fn date_settings(config: &RunConfig, corpus: &Corpus) -> Option<report::trends::DateSettings> {
    let column = config.date.as_ref()?;
    let slash = report::dates::SlashOrder::detect(corpus.answers.iter().map(|a| {
        a.meta
            .iter()
            .find(|(k, _)| &**k == column)
            .map_or("", |(_, v)| &**v)
    }));
    Some(report::trends::DateSettings {
        column: column.clone(),
        period: config.period,
        slash,
    })
}

/// Checks that every `--by` column, the `--weight` column and the `--date` column are metadata
/// columns of the corpus.
fn check_by(config: &RunConfig, corpus: &Corpus) -> Result<()> {
    let by = config.by.iter().map(|c| ("--by", c));
    let weight = config.weight.iter().map(|c| ("--weight", c));
    for (option, column) in by
        .chain(weight)
        .chain(config.date.iter().map(|c| ("--date", c)))
    {
        if !corpus.meta_columns.iter().any(|c| c.as_ref() == column) {
            let columns: Vec<String> = corpus
                .meta_columns
                .iter()
                .map(|c| format!("{c:?}"))
                .collect();
            return Err(Error::input(
                &config.input,
                format!(
                    "{option} {column:?} is not a metadata column; the metadata columns are: {}",
                    if columns.is_empty() {
                        "(none)".to_string()
                    } else {
                        columns.join(", ")
                    }
                ),
            ));
        }
    }
    Ok(())
}

/// The label of answers clustered over all questions.
pub const ALL_QUESTIONS: &str = "(all questions)";

/// The answers clustered together: each question's (in first-seen order), or all of them.
fn question_parts(corpus: &Corpus, across: bool) -> Vec<(String, Vec<usize>)> {
    if across {
        return vec![(
            ALL_QUESTIONS.to_string(),
            (0..corpus.answers.len()).collect(),
        )];
    }
    let mut parts: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, a) in corpus.answers.iter().enumerate() {
        let p = *index.entry(&a.question).or_insert_with(|| {
            parts.push((a.question.to_string(), Vec::new()));
            parts.len() - 1
        });
        parts[p].1.push(i);
    }
    parts
}
