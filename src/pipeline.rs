//! The whole run: ingest → analysis → cluster → index → report, with progress per stage.
//! Each stage hands the next a plain struct; this module only wires them together.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{Analyzer, AnalyzerConfig, SurfaceForms};
use crate::cluster::{self, Assignment, ClusterParams, Clustering, ThemeSeed};
use crate::error::{Error, Result};
use crate::index::{self, IndexEntry};
use crate::ingest::{self, Corpus, FileStatus, IngestOptions};
use crate::progress::Progress;
use crate::report::{
    self, Counts, Parameters, Quote, Report, Response, ThemeSummary, NO_CONTENT, OTHER,
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
    pub progress: Progress,
}

/// Runs the pipeline and writes `OUT/index/`, `summary.md`, `themes.json`, `responses.csv`.
pub fn run(config: &RunConfig) -> Result<Report> {
    let themes = match &config.themes_file {
        Some(path) => ThemeSet::from_file(path)?,
        None => ThemeSet::default_themes(),
    };
    let spinner = config.progress.spinner("ingest");
    let corpus = ingest::ingest(&config.input, &config.ingest)?;
    spinner.finish_and_clear();
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

    let analyzer = Analyzer::from_config(&config.analyzer)?;
    // Compounds are split where the corpus itself uses their parts as words.
    let analyzer =
        Arc::new(analyzer.learn_compounds(corpus.answers.iter().map(|a| a.text.as_str())));
    let bar = config.progress.bar(corpus.answers.len(), "analyse");
    let mut forms = SurfaceForms::default();
    let mut terms = Vec::with_capacity(corpus.answers.len());
    for answer in &corpus.answers {
        let features = Analyzer::features(&analyzer.analyze(&answer.text));
        forms.add_pairs(&features);
        terms.push(
            features
                .into_iter()
                .map(|(term, _)| term)
                .collect::<Vec<_>>(),
        );
        bar.inc(1);
    }
    bar.finish_and_clear();

    let seeds: Vec<ThemeSeed> = themes
        .themes
        .iter()
        .map(|t| ThemeSeed {
            key: t.key.clone(),
            terms: t
                .seeds
                .iter()
                .flat_map(|s| Analyzer::features(&analyzer.analyze(s)))
                .map(|(term, _)| term)
                .collect(),
        })
        .collect();
    let spinner = config.progress.spinner("cluster");
    let clustering = cluster::cluster(&terms, &seeds, &config.cluster)?;
    spinner.finish_and_clear();

    let report = build_report(config, &corpus, &clustering, &forms, &themes);

    let bar = config.progress.bar(corpus.answers.len(), "index");
    let entries = corpus
        .answers
        .iter()
        .zip(&report.responses)
        .map(|(answer, r)| IndexEntry {
            answer,
            theme: &r.theme,
        });
    index::build(&config.out.join("index"), &analyzer, entries, || bar.inc(1))?;
    bar.finish_and_clear();

    report::write_all(&report, &config.out)?;
    Ok(report)
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Turns the stages' results into the report all writers share.
pub fn build_report(
    config: &RunConfig,
    corpus: &Corpus,
    clustering: &Clustering,
    forms: &SurfaceForms,
    themes: &ThemeSet,
) -> Report {
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

    // Theme key (or label) of each cluster.
    let cluster_key: Vec<String> = clustering
        .clusters
        .iter()
        .map(|c| match &c.theme {
            Some(key) => key.clone(),
            None if c.top_terms.is_empty() => format!("cluster_{}", c.id),
            None => readable(&c.top_terms)
                .into_iter()
                .take(3)
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();

    // Group clusters by key: a named theme may span several clusters.
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (c, key) in cluster_key.iter().enumerate() {
        groups.entry(key).or_default().push(c);
    }
    let mut summaries: Vec<ThemeSummary> = groups
        .into_iter()
        .map(|(key, cs)| {
            let named = themes.themes.iter().find(|t| t.key == key);
            let count: usize = cs
                .iter()
                .map(|&c| clustering.clusters[c].members.len())
                .sum();
            let mut terms = Vec::new();
            let mut quotes = Vec::new();
            let longest = cs
                .iter()
                .map(|&c| {
                    clustering.clusters[c]
                        .top_terms
                        .len()
                        .max(clustering.clusters[c].representatives.len())
                })
                .max()
                .unwrap_or(0);
            for i in 0..longest {
                for &c in &cs {
                    let cl = &clustering.clusters[c];
                    terms.extend(cl.top_terms.get(i).cloned());
                    quotes.extend(cl.representatives.get(i).copied());
                }
            }
            let top_terms: Vec<String> = readable(&terms).into_iter().take(8).collect();
            ThemeSummary {
                key: key.to_string(),
                label: named.map_or_else(|| key.to_string(), |t| t.label_fi.clone()),
                label_fi: named.map(|t| t.label_fi.clone()),
                label_en: named.map(|t| t.label_en.clone()),
                named: named.is_some(),
                clusters: cs,
                count,
                share: count as f64 / total as f64,
                top_terms,
                quotes: quotes.into_iter().take(3).map(quote).collect(),
            }
        })
        .collect();
    summaries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));

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
    // Position of each metadata column in the report's columns.
    let meta_index: std::collections::HashMap<&str, usize> = corpus
        .meta_columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_ref(), i))
        .collect();
    let mut responses = Vec::with_capacity(total);
    let mut other_members = Vec::new();
    // Whether each (file, row) gave at least one answer with content.
    let mut row_has_content: BTreeMap<(&str, usize), bool> = BTreeMap::new();
    for (i, a) in corpus.answers.iter().enumerate() {
        let assignment = clustering.assignments[i];
        *row_has_content.entry((&a.source, a.row)).or_default() |=
            assignment != Assignment::NoContent;
        let (theme, cluster) = match assignment {
            Assignment::NoContent => {
                counts.no_content += 1;
                (NO_CONTENT.to_string(), None)
            }
            Assignment::Other => {
                counts.other += 1;
                other_members.push(i);
                (OTHER.to_string(), None)
            }
            Assignment::Cluster(c) => {
                counts.clustered += 1;
                (cluster_key[c].clone(), Some(c))
            }
        };
        let mut meta = vec![String::new(); corpus.meta_columns.len()];
        for (k, v) in a.meta.iter() {
            meta[meta_index[k.as_ref()]] = v.clone();
        }
        responses.push(Response {
            id: a.id.clone(),
            source: a.source.to_string(),
            row: a.row,
            question: a.question.to_string(),
            theme,
            cluster,
            text: a.text.clone(),
            meta,
        });
    }
    counts.answers_with_content = total - counts.no_content;
    counts.rows_without_content = row_has_content.values().filter(|&&c| !c).count();
    for (key, count, members) in [
        (OTHER, counts.other, other_members),
        (NO_CONTENT, counts.no_content, Vec::new()),
    ] {
        if count > 0 {
            summaries.push(ThemeSummary {
                key: key.to_string(),
                label: key.to_string(),
                label_fi: None,
                label_en: None,
                named: false,
                clusters: Vec::new(),
                count,
                share: count as f64 / total as f64,
                top_terms: Vec::new(),
                quotes: members.into_iter().take(3).map(quote).collect(),
            });
        }
    }

    Report {
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
            k: clustering.k,
            k_auto: clustering.k_auto,
            silhouette: clustering.silhouette,
            lsa_dims: clustering.dims,
            vocabulary: clustering.vocabulary,
        },
        counts,
        themes: summaries,
        files: corpus.files.clone(),
        skipped: corpus.skipped.clone(),
        responses,
        meta_columns: corpus.meta_columns.iter().map(|c| c.to_string()).collect(),
    }
}
