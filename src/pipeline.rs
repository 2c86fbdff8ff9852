//! The whole run: ingest → analysis → cluster → index → report, with progress per stage.
//! Each stage hands the next a plain struct; this module only wires them together.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{Analyzer, AnalyzerConfig, Interner, SurfaceForms};
use crate::cache;
use crate::cluster::{self, Assignment, ClusterParams, Clustering, SeedIndex, ThemeSeed};
use crate::error::{Error, Result};
use crate::index::{self, IndexEntry};
use crate::ingest::{self, Corpus, FileStatus, IngestOptions};
use crate::progress::{Progress, Timings};
use crate::report::{
    self, Counts, CrossTab, CrossTabRow, Parameters, QuestionReport, Quote, Report, Response,
    ThemeSummary, NO_CONTENT, OTHER,
};
use crate::themes::ThemeSet;

/// What to run.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub input: PathBuf,
    pub out: PathBuf,
    pub ingest: IngestOptions,
    pub cluster: ClusterParams,
    /// `None`: the built-in `themes.toml`.
    pub themes_file: Option<PathBuf>,
    /// Lemmatiser and extra stop words.
    pub analyzer: AnalyzerConfig,
    /// Cluster all questions' answers together instead of each question's apart.
    pub across_questions: bool,
    /// Metadata columns to cross-tabulate themes by.
    pub by: Vec<String>,
    pub progress: Progress,
    /// Reuse the analyses and index documents of an earlier run into `out` (`OUT/cache/`).
    pub use_cache: bool,
}

/// Runs the pipeline and writes `OUT/index/`, `summary.md`, `themes.json`, `responses.csv`.
pub fn run(config: &RunConfig) -> Result<Report> {
    run_timed(config, &mut Timings::default())
}

/// [`run`], recording each stage's wall time and peak memory in `timings`.
pub fn run_timed(config: &RunConfig, timings: &mut Timings) -> Result<Report> {
    let themes = match &config.themes_file {
        Some(path) => ThemeSet::from_file(path)?,
        None => ThemeSet::default_themes(),
    };
    let spinner = config.progress.spinner("ingest");
    let corpus = ingest::ingest(&config.input, &config.ingest)?;
    spinner.finish_and_clear();
    timings.mark("ingest");
    if corpus.answers.is_empty() {
        let reasons: Vec<String> = corpus
            .files
            .iter()
            .filter(|f| matches!(f.status, FileStatus::Failed | FileStatus::Skipped))
            .filter_map(|f| f.reason.as_ref().map(|e| format!("{}: {e}", f.source)))
            .take(5)
            .chain(corpus.skipped.iter().take(5).map(ToString::to_string))
            .collect();
        return Err(Error::NoAnswers {
            path: config.input.clone(),
            details: if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join("; "))
            },
        });
    }

    check_by(config, &corpus)?;
    let analyzer = Analyzer::from_config(&config.analyzer)?;
    let mut previous = if config.use_cache {
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
    let seeds = theme_seeds(&analyzer, &themes);
    let bar = config.progress.bar(corpus.answers.len(), "analyse");
    let Analysed {
        forms,
        mut terms,
        mut hits,
        reused,
        records,
    } = analyse(
        &corpus,
        &analyzer,
        &SeedIndex::new(&seeds),
        previous.as_ref(),
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
    let pending_cache = cache::start(&config.out, &analyzer, &records)?;
    drop(records);
    timings.mark("analyse");

    let spinner = config.progress.spinner("cluster");
    let parts = question_parts(&corpus, config.across_questions);
    let mut clusterings = Vec::with_capacity(parts.len());
    for (_, members) in &parts {
        // Each answer is in one part: its terms move there rather than being copied.
        fn take<T: Default>(all: &mut [T], members: &[usize]) -> Vec<T> {
            members
                .iter()
                .map(|&i| std::mem::take(&mut all[i]))
                .collect()
        }
        let (part_terms, part_hits) = (take(&mut terms, members), take(&mut hits, members));
        clusterings.push(cluster::cluster(
            &part_terms,
            &part_hits,
            &seeds,
            &config.cluster,
        )?);
    }
    spinner.finish_and_clear();
    timings.mark("cluster");

    let report = build_report(config, &corpus, &parts, &clusterings, &forms, &themes)?;
    timings.mark("report");

    // The report holds every answer as written: the corpus is no longer needed, and the index
    // is built from the report's rows.
    drop(corpus);
    let bar = config.progress.bar(report.responses.len(), "index");
    let entries = report.responses.iter().map(|r| IndexEntry {
        id: &r.id,
        source: &r.source,
        row: r.row,
        question: &r.question,
        theme: &r.theme,
        text: &r.text,
        meta: report
            .meta_columns
            .iter()
            .map(String::as_str)
            .zip(r.meta.iter().map(String::as_str))
            .collect(),
    });
    // The cache describes the index as it is: it goes before the index changes, and the new
    // one is written when the run is done.
    cache::remove(&config.out)?;
    let doc_hashes = write_index(
        &config.out.join("index"),
        &analyzer,
        entries,
        &reused,
        previous,
        &mut timings.cache,
        || bar.inc(1),
    )?;
    bar.finish_and_clear();
    timings.mark("index");

    report::write_all(&report, &config.out)?;
    pending_cache.finish(
        report
            .responses
            .iter()
            .map(|r| r.id.clone())
            .zip(doc_hashes),
    )?;
    timings.mark("write");
    Ok(report)
}

/// What analysis gives each answer, in the corpus's order.
struct Analysed {
    /// How each term was written.
    forms: SurfaceForms,
    /// The terms clustering counts ([`Analyzer::is_feature`]).
    terms: Vec<Vec<cluster::Term>>,
    /// How many seeds of each named theme the answer matches.
    hits: Vec<Vec<usize>>,
    /// Was the analysis taken from the cache?
    reused: Vec<bool>,
    /// Cache records of every answer, one set per thread.
    records: Vec<cache::Records>,
}

/// Analyses every answer once, each core a contiguous share (joined in order), or takes its
/// tokens from `previous` when its text is there and its words are split as then.
fn analyse(
    corpus: &Corpus,
    analyzer: &Analyzer,
    seed_index: &SeedIndex,
    previous: Option<&cache::Cache>,
    on_answer: impl Fn() + Sync,
) -> Analysed {
    let mut all = Analysed {
        forms: SurfaceForms::default(),
        terms: Vec::with_capacity(corpus.answers.len()),
        hits: Vec::with_capacity(corpus.answers.len()),
        reused: Vec::with_capacity(corpus.answers.len()),
        records: Vec::new(),
    };
    for part in crate::parallel::map_chunks(&corpus.answers, |chunk| {
        let mut part = Analysed {
            forms: SurfaceForms::default(),
            terms: Vec::with_capacity(chunk.len()),
            hits: Vec::with_capacity(chunk.len()),
            reused: Vec::with_capacity(chunk.len()),
            records: vec![cache::Records::default()],
        };
        let mut interner = Interner::default();
        for answer in chunk {
            let hash = cache::text_hash(&answer.text);
            let cached = previous.and_then(|c| c.tokens(hash));
            part.reused.push(cached.is_some());
            let tokens = cached.unwrap_or_else(|| analyzer.analyze(&answer.text));
            part.records[0].add(hash, &tokens);
            part.hits
                .push(seed_index.matches(&Analyzer::seed_terms(&tokens)));
            let features = tokens.iter().filter(|t| Analyzer::is_feature(t));
            let terms = features.map(|t| {
                part.forms.add_one(&t.term, &t.word);
                interner.intern(&t.term)
            });
            part.terms.push(terms.collect());
            on_answer();
        }
        part
    }) {
        all.forms.merge(part.forms);
        all.terms.extend(part.terms);
        all.hits.extend(part.hits);
        all.reused.extend(part.reused);
        all.records.extend(part.records);
    }
    all
}

/// Builds the index afresh, or, with an earlier run's cache and index, updates it: a document
/// stays when its answer's analysis was reused and nothing it holds changed (the theme
/// included); every other earlier document goes, and the others are added. Returns every
/// document's [`cache::doc_hash`], in order, for the next run's cache.
fn write_index<'a>(
    dir: &Path,
    analyzer: &Arc<Analyzer>,
    entries: impl Iterator<Item = IndexEntry<'a>>,
    reused: &[bool],
    previous: Option<cache::Cache>,
    stats: &mut cache::CacheStats,
    on_doc: impl FnMut(),
) -> Result<Vec<u64>> {
    let mut hashes = Vec::with_capacity(reused.len());
    let Some(previous) = previous.filter(|_| dir.join("meta.json").exists()) else {
        stats.index_rebuilt = true;
        let entries = entries.inspect(|e| hashes.push(cache::doc_hash(e)));
        stats.index_added = index::build(dir, analyzer, entries, on_doc)?;
        return Ok(hashes);
    };
    let mut kept: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut added = Vec::new();
    for (entry, &reused) in entries.zip(reused) {
        let hash = cache::doc_hash(&entry);
        hashes.push(hash);
        if reused && previous.indexed.get(entry.id) == Some(&hash) {
            kept.insert(entry.id);
        } else {
            added.push(entry);
        }
    }
    let remove: Vec<&str> = previous
        .indexed
        .keys()
        .map(String::as_str)
        .filter(|id| !kept.contains(id))
        .collect();
    stats.index_kept = kept.len();
    stats.index_removed = remove.len();
    stats.index_added = index::update(dir, analyzer, &remove, added, on_doc)?;
    Ok(hashes)
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The named themes as clustering matches them: each seed word or phrase through the analyzer,
/// its terms sorted and unique; seeds without content words and repeats left out.
fn theme_seeds(analyzer: &Analyzer, themes: &ThemeSet) -> Vec<ThemeSeed> {
    themes
        .themes
        .iter()
        .map(|t| {
            let mut seeds: Vec<Vec<String>> = t
                .seeds
                .iter()
                .map(|s| {
                    let mut terms: Vec<String> = Analyzer::features(&analyzer.analyze_words(s))
                        .into_iter()
                        .map(|(term, _)| term)
                        .collect();
                    terms.sort();
                    terms.dedup();
                    terms
                })
                .filter(|terms| !terms.is_empty())
                .collect();
            seeds.sort();
            seeds.dedup();
            ThemeSeed {
                key: t.key.clone(),
                seeds,
            }
        })
        .collect()
}

/// Checks that every `--by` column is a metadata column of the corpus.
fn check_by(config: &RunConfig, corpus: &Corpus) -> Result<()> {
    for column in &config.by {
        if !corpus.meta_columns.iter().any(|c| c.as_ref() == column) {
            let columns: Vec<String> = corpus
                .meta_columns
                .iter()
                .map(|c| format!("{c:?}"))
                .collect();
            return Err(Error::input(
                &config.input,
                format!(
                    "--by {column:?} is not a metadata column; the metadata columns are: {}",
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

/// What one answer got, in the report's words.
struct Coded {
    /// Keys, strongest first (one for an unnamed cluster, `other`, `no_content`).
    keys: Vec<String>,
    cluster: Option<usize>,
}

/// Turns the stages' results into the report all writers share. `parts` are the answer
/// indexes of each clustering.
pub fn build_report(
    config: &RunConfig,
    corpus: &Corpus,
    parts: &[(String, Vec<usize>)],
    clusterings: &[Clustering],
    forms: &SurfaceForms,
    themes: &ThemeSet,
) -> Result<Report> {
    let total = corpus.answers.len();
    let readable = |terms: &[String]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in terms {
            let word = forms.readable(t);
            if !out.contains(&word) {
                out.push(word);
            }
        }
        out
    };
    let quote = |i: usize| {
        let a = &corpus.answers[i];
        Quote {
            id: a.id.clone(),
            source: a.source.to_string(),
            row: a.row,
            question: a.question.to_string(),
            text: a.text.clone(),
        }
    };
    // Position of each metadata column in the report's columns.
    let meta_index: HashMap<&str, usize> = corpus
        .meta_columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_ref(), i))
        .collect();
    let mut coded: Vec<Option<Coded>> = (0..total).map(|_| None).collect();
    let mut questions = Vec::with_capacity(parts.len());
    let mut cluster_offset = 0;
    for ((question, members), clustering) in parts.iter().zip(clusterings) {
        let n = members.len();
        // Label of each unnamed group's cluster.
        let mut label_of_cluster: HashMap<usize, String> = HashMap::new();
        let mut summaries: Vec<ThemeSummary> = Vec::new();
        for group in &clustering.groups {
            let named = group.theme.map(|t| &themes.themes[t]);
            let top_terms: Vec<String> = readable(&group.top_terms).into_iter().take(8).collect();
            // A named theme spans the clusters whose centre is close to it; an unnamed
            // cluster is labelled by its top terms.
            let (key, clusters) = match (group.theme, group.cluster) {
                (Some(t), _) => (
                    themes.themes[t].key.clone(),
                    clustering
                        .clusters
                        .iter()
                        .filter(|c| c.theme == Some(t))
                        .map(|c| c.id + cluster_offset)
                        .collect(),
                ),
                (None, Some(c)) => {
                    let label = if top_terms.is_empty() {
                        format!("cluster_{}", c + cluster_offset)
                    } else {
                        top_terms[..top_terms.len().min(3)].join(" · ")
                    };
                    label_of_cluster.insert(c, label.clone());
                    (label, vec![c + cluster_offset])
                }
                (None, None) => continue,
            };
            summaries.push(ThemeSummary {
                label: named.map_or_else(|| key.clone(), |t| t.label_fi.clone()),
                label_fi: named.map(|t| t.label_fi.clone()),
                label_en: named.map(|t| t.label_en.clone()),
                named: named.is_some(),
                question: named.is_none().then(|| question.clone()),
                key,
                clusters,
                count: group.members.len(),
                share: group.members.len() as f64 / n.max(1) as f64,
                mentions: group.mentions,
                top_terms,
                quotes: group
                    .representatives
                    .iter()
                    .map(|&r| quote(members[r]))
                    .collect(),
            });
        }
        let mut other = Vec::new();
        let mut empty = 0;
        for (local, &i) in members.iter().enumerate() {
            let keys: Vec<String> = clustering.themes[local]
                .iter()
                .map(|&t| themes.themes[t].key.clone())
                .collect();
            let (keys, cluster) = match clustering.assignments[local] {
                Assignment::NoContent => {
                    empty += 1;
                    (vec![NO_CONTENT.to_string()], None)
                }
                Assignment::Other if keys.is_empty() => {
                    other.push(i);
                    (vec![OTHER.to_string()], None)
                }
                Assignment::Other => (keys, None),
                Assignment::Cluster(c) if keys.is_empty() => {
                    (vec![label_of_cluster[&c].clone()], Some(c + cluster_offset))
                }
                Assignment::Cluster(c) => (keys, Some(c + cluster_offset)),
            };
            coded[i] = Some(Coded { keys, cluster });
        }
        for (key, count, quotes) in [(OTHER, other.len(), other), (NO_CONTENT, empty, Vec::new())] {
            if count > 0 {
                summaries.push(bucket(key, count, n, quotes.into_iter().take(3).map(quote)));
            }
        }
        let crosstabs = config
            .by
            .iter()
            .map(|column| crosstab(column, members, corpus, &coded, &summaries))
            .collect();
        cluster_offset += clustering.clusters.len();
        questions.push(QuestionReport {
            question: question.clone(),
            answers: n,
            k: clustering.k,
            k_auto: clustering.k_auto,
            silhouette: clustering.silhouette,
            lsa_dims: clustering.dims,
            vocabulary: clustering.vocabulary,
            themes: summaries,
            crosstabs,
        });
    }
    let coded: Vec<Coded> = coded
        .into_iter()
        .map(|c| c.expect("every answer is in one part"))
        .collect();

    let rows = corpus.row_counts();
    let mut counts = Counts {
        files: corpus.files_with(FileStatus::Read),
        files_duplicate: corpus.files_with(FileStatus::Duplicate),
        files_skipped: corpus.files_with(FileStatus::Skipped),
        files_failed: corpus.files_with(FileStatus::Failed),
        rows_read: rows.rows,
        rows_ingested: rows.ingested,
        rows_empty: rows.empty,
        rows_duplicate: rows.duplicate,
        rows_skipped: rows.skipped,
        answers: total,
        answers_duplicate: rows.answers_duplicate,
        ..Counts::default()
    };
    let mut responses = Vec::with_capacity(total);
    // Whether each (file, row) gave at least one answer with content.
    let mut row_has_content: BTreeMap<(&str, usize), bool> = BTreeMap::new();
    for (a, c) in corpus.answers.iter().zip(&coded) {
        let first = c.keys[0].as_str();
        *row_has_content.entry((&a.source, a.row)).or_default() |= first != NO_CONTENT;
        match first {
            NO_CONTENT => counts.no_content += 1,
            OTHER => counts.other += 1,
            _ => counts.clustered += 1,
        }
        let mut meta = vec![String::new(); corpus.meta_columns.len()];
        for (k, v) in a.meta.iter() {
            meta[meta_index[k.as_ref()]] = v.clone();
        }
        responses.push(Response {
            id: a.id.clone(),
            source: a.source.to_string(),
            row: a.row,
            question: a.question.to_string(),
            theme: c.keys.join(";"),
            cluster: c.cluster,
            text: a.text.clone(),
            meta,
        });
    }
    counts.answers_with_content = total - counts.no_content;
    counts.rows_without_content = row_has_content.values().filter(|&&c| !c).count();

    Ok(Report {
        tool: "teema".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        parameters: Parameters {
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
            analyzer: format!("{:?}", config.analyzer.backend).to_lowercase(),
        },
        counts,
        themes: overall_themes(&questions, total),
        questions,
        files: corpus.files.clone(),
        skipped: corpus.skipped.clone(),
        responses,
        meta_columns: corpus.meta_columns.iter().map(|c| c.to_string()).collect(),
    })
}

/// The summary of `other` or `no_content`.
fn bucket(
    key: &str,
    count: usize,
    total: usize,
    quotes: impl Iterator<Item = Quote>,
) -> ThemeSummary {
    ThemeSummary {
        key: key.to_string(),
        label: key.to_string(),
        label_fi: None,
        label_en: None,
        named: false,
        question: None,
        clusters: Vec::new(),
        count,
        share: count as f64 / total.max(1) as f64,
        mentions: count,
        top_terms: Vec::new(),
        quotes: quotes.collect(),
    }
}

/// The themes of all questions together: the same key's summaries summed (named themes, and
/// unnamed clusters with the same label), quotes and terms taken in turn from each question.
fn overall_themes(questions: &[QuestionReport], total: usize) -> Vec<ThemeSummary> {
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, Vec<&ThemeSummary>> = HashMap::new();
    for q in questions {
        for t in &q.themes {
            if !by_key.contains_key(&t.key) {
                order.push(t.key.clone());
            }
            by_key.entry(t.key.clone()).or_default().push(t);
        }
    }
    let mut out: Vec<ThemeSummary> = order
        .iter()
        .map(|key| {
            let parts = &by_key[key];
            let mut sum = parts[0].clone();
            let mut parts_sorted = parts.clone();
            parts_sorted.sort_by_key(|t| std::cmp::Reverse(t.count));
            sum.count = parts.iter().map(|t| t.count).sum();
            sum.mentions = parts.iter().map(|t| t.mentions).sum();
            sum.share = sum.count as f64 / total.max(1) as f64;
            sum.clusters = parts.iter().flat_map(|t| t.clusters.clone()).collect();
            if parts.len() > 1 {
                sum.question = None;
            }
            let longest = parts.iter().map(|t| t.quotes.len()).max().unwrap_or(0);
            sum.quotes = (0..longest)
                .flat_map(|i| parts_sorted.iter().filter_map(move |t| t.quotes.get(i)))
                .take(parts_sorted[0].quotes.len().max(3))
                .cloned()
                .collect();
            sum.top_terms = parts_sorted[0].top_terms.clone();
            sum
        })
        .collect();
    out.sort_by(|a, b| {
        let bucket = |t: &ThemeSummary| [OTHER, NO_CONTENT].iter().position(|k| *k == t.key);
        bucket(a)
            .cmp(&bucket(b))
            .then(b.count.cmp(&a.count))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// Theme shares by the values of a metadata column, over one question's answers.
fn crosstab(
    column: &str,
    members: &[usize],
    corpus: &Corpus,
    coded: &[Option<Coded>],
    summaries: &[ThemeSummary],
) -> CrossTab {
    const EMPTY: &str = "(empty)";
    // Each member's value, looked up once.
    let member_values: Vec<&str> = members
        .iter()
        .map(|&i| {
            corpus.answers[i]
                .meta
                .iter()
                .find(|(k, _)| k.as_ref() == column)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
                .unwrap_or(EMPTY)
        })
        .collect();
    let mut values: Vec<&str> = member_values.clone();
    values.sort_unstable();
    values.dedup();
    let col: HashMap<&str, usize> = values.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let mut totals = vec![0usize; values.len()];
    let row: HashMap<&str, usize> = summaries
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    let mut counts = vec![vec![0usize; values.len()]; summaries.len()];
    for (&i, value) in members.iter().zip(&member_values) {
        let v = col[value];
        totals[v] += 1;
        let c = coded[i].as_ref().expect("coded before cross-tabs");
        for key in &c.keys {
            if let Some(&r) = row.get(key.as_str()) {
                counts[r][v] += 1;
            }
        }
    }
    let rows = summaries
        .iter()
        .zip(counts)
        .map(|(t, counts)| CrossTabRow {
            key: t.key.clone(),
            label: t.label.clone(),
            shares: counts
                .iter()
                .zip(&totals)
                .map(|(&c, &n)| c as f64 / n.max(1) as f64)
                .collect(),
            counts,
        })
        .collect();
    CrossTab {
        column: column.to_string(),
        values: values.into_iter().map(String::from).collect(),
        totals,
        rows,
    }
}
