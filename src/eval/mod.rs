//! How good are a run's themes? `teema eval OUT GOLD` scores the `theme` and `cluster` columns
//! of `OUT/responses.csv` against gold labels that people gave the same answers.
//!
//! GOLD is a CSV/TSV file (delimiter by extension or sniffed; UTF-8, BOM optional) or JSONL/JSON
//! (by extension) with an `id` column or key and at least one of:
//!
//! - `theme` or `themes`: the gold themes, `;`-separated (in JSON also an array), the *primary*
//!   theme first;
//! - `also`: more themes the answer speaks to, `;`-separated (or an array);
//! - `label`: a class label (a public data set's category), used for clustering agreement.
//!
//! Rows are joined on `id`. Gold ids without an answer (teema makes no answer of an empty cell)
//! and answers without a gold row are counted and left out; the rest are scored.
//!
//! **Per theme** `t`, with an answer's *predicted set* the themes of its `theme` column
//! (`time_shortage;lack_of_appreciation`: both) and its *gold set* the primary theme, the other
//! themes of `theme`/`themes` and the `also` themes:
//!
//! - precision = of the answers whose predicted set holds `t`, the share whose gold set holds
//!   it (`tp / (tp + fp)`);
//! - recall = of the answers whose gold primary theme is `t` (the `support`), the share whose
//!   predicted set holds it (`(support - fn) / support`);
//! - F1 = their harmonic mean; a ratio with nothing to count is 0.
//!
//! So `also` themes are optional: predicting one is right, missing one is not wrong. `tp` counts
//! right predictions and can exceed `support - fn`, since a prediction confirmed by `also` is
//! right without being in the support.
//!
//! **Macro-F1** is the mean F1 over the run's named themes (`named: true` in `OUT/themes.json`),
//! or over `--themes`. Without `themes.json` it falls back to the themes both predicted and in
//! the gold file, `other` and `no_content` excepted.
//!
//! **Clustering agreement** compares groupings, not names: an answer's predicted group is its
//! `cluster` (or its primary theme where `cluster` is empty, so `other` and `no_content` are
//! groups), its gold group is its `label` (else its gold primary theme). The adjusted Rand
//! index and the normalised mutual information (arithmetic mean of the entropies) are computed
//! from their contingency table as scikit-learn's `adjusted_rand_score` and
//! `normalized_mutual_info_score` do, degenerate cases included.
//!
//! **Code recovery** asks, for each code the gold coders used, how well the run's best theme
//! matches it, whatever that theme is called. Over the `n` evaluated answers with gold themes,
//! an answer *carries* code `c` when its gold set holds it (in any position). Every code carried
//! by at least `--min-share` of them (`support / n >= min_share`, default 0.03) is matched to
//! the predicted theme `T` (any value in their `theme` column: named and discovered themes,
//! `other`, `no_content`) with the highest F1, where `tp` is the answers that carry `c` and
//! whose predicted set holds `T`, precision `tp` over the answers whose predicted set holds `T`,
//! and recall `tp / support`. Equal F1 goes to the higher precision, then to the first theme
//! name (by code point); both are compared as exact fractions. A code that shares no answer
//! with any theme has no match and F1 0. Code recovery is the mean F1 over the scored codes;
//! the codes under the share are listed as left out.
//!
//! **Named themes the gold never uses** are the run's named themes (or `--themes`) that no gold
//! set of the evaluated answers holds, each with the answers predicted with it; their share is
//! the answers with gold themes whose predicted set holds at least one of them, over `n`.
//! Without `themes.json` and `--themes` there are none (the fallback themes are in the gold).
//!
//! The parts: `read` (responses.csv, themes.json), `gold` (the gold file), `scores` (per-theme
//! scores, macro-F1), `recovery` (code recovery, unused named themes), `agreement` (ARI, NMI),
//! `render` (the text report).

mod agreement;
mod gold;
mod read;
mod recovery;
mod render;
mod scores;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::report::{NO_CONTENT, OTHER};

pub use agreement::{adjusted_rand_index, normalized_mutual_info};
pub use recovery::{CodeMatch, CodeRecovery, CodeSupport, UnusedNamed, UnusedTheme};
pub use render::render;
pub use scores::{Support, ThemeScore};

use gold::{read_gold, Gold, GoldRow};
use read::{read_named_themes, read_predictions, Prediction};
use recovery::{code_recovery, unused_named};
use scores::{score_themes, ThemeScores, ThemeSets};

/// Ids shown as examples of gold rows without an answer, and of answers without a gold row.
const EXAMPLES: usize = 5;

/// The share of answers a gold code must be carried by to count in code recovery, unless
/// `--min-share` says otherwise.
pub const DEFAULT_MIN_SHARE: f64 = 0.03;

/// What to score.
#[derive(Debug, Clone)]
pub struct EvalRequest {
    /// The output folder of `teema run`.
    pub out: PathBuf,
    /// The gold file.
    pub gold: PathBuf,
    /// Themes to average F1 over instead of the run's named themes (`--themes`).
    pub themes: Option<Vec<String>>,
    /// Code recovery scores the gold codes carried by at least this share of the evaluated
    /// answers with gold themes (`--min-share`, 0 to 1).
    pub min_share: f64,
}

/// When `teema eval` exits with status 1: a score below its minimum.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Thresholds {
    /// `--min-macro-f1`.
    pub min_macro_f1: Option<f64>,
    /// `--min-code-recovery`.
    pub min_code_recovery: Option<f64>,
}

/// How `teema eval` prints its result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// A readable table.
    #[default]
    Text,
    /// One JSON object.
    Json,
}

/// Everything `teema eval` found.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub out: String,
    pub gold: String,
    pub counts: Counts,
    /// Per-theme scores: named themes in the themes file's order, then the rest alphabetically.
    /// Empty when the gold file has no themes (only labels).
    pub per_theme: Vec<ThemeScore>,
    /// The themes macro-F1 averages over, and where they came from: `themes.json`,
    /// `--themes`, or `gold and predicted` (no themes.json).
    pub macro_themes: Vec<String>,
    pub macro_themes_from: String,
    /// Mean F1 over `macro_themes`; `None` when there are none or the gold file has no themes.
    pub macro_f1: Option<f64>,
    /// Adjusted Rand index of predicted groups against gold labels.
    pub ari: f64,
    /// Normalised mutual information (arithmetic mean) of the same.
    pub nmi: f64,
    /// Gold themes the run never predicted, with their support (answers with it as primary).
    pub gold_themes_not_predicted: Vec<Support>,
    /// For each gold code, the run's best-matching theme; `None` when the gold file has no
    /// themes.
    pub code_recovery: Option<CodeRecovery>,
    /// The named themes (or `--themes`) no gold set holds, and how often the run gave them;
    /// `None` when the gold file has no themes.
    pub unused_named: Option<UnusedNamed>,
    /// Things the user should know (printed on stderr).
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// How many rows and answers went where.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Rows of `responses.csv`.
    pub answers: usize,
    /// Rows of the gold file.
    pub gold_rows: usize,
    /// Answers with a gold row: the ones scored.
    pub evaluated: usize,
    /// Gold ids with no answer (normal for empty cells).
    pub gold_without_answer: usize,
    /// Answers with no gold row.
    pub answers_without_gold: usize,
    /// Evaluated answers whose gold row has a label but no theme (left out of per-theme scores).
    pub without_gold_theme: usize,
    /// Distinct predicted groups and gold labels among the evaluated answers.
    pub predicted_groups: usize,
    pub gold_labels: usize,
    /// The first few ids of each kind of mismatch, in file order.
    pub gold_without_answer_examples: Vec<String>,
    pub answers_without_gold_examples: Vec<String>,
}

/// Runs `teema eval`: prints the scores in `format` on stdout and notes on stderr. The exit code
/// is 1 when a score is below its minimum in `thresholds`.
pub fn command(
    request: &EvalRequest,
    format: EvalFormat,
    thresholds: Thresholds,
) -> anyhow::Result<ExitCode> {
    let eval = evaluate(request)?;
    check_thresholds(request, &eval, thresholds)?;
    for note in &eval.notes {
        eprintln!("teema: {note}");
    }
    let mut out = std::io::stdout().lock();
    match format {
        EvalFormat::Text => out.write_all(render(&eval).as_bytes())?,
        EvalFormat::Json => {
            // Serialised first, so that a closed pipe is an I/O error the binary recognises.
            let text = serde_json::to_string_pretty(&eval)?;
            writeln!(out, "{text}")?;
        }
    }
    out.flush()?;
    let missed = missed_thresholds(&eval, thresholds);
    for line in &missed {
        eprintln!("teema: {line}");
    }
    Ok(if missed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Fails when a threshold is given for a score the evaluation could not compute.
fn check_thresholds(
    request: &EvalRequest,
    eval: &Evaluation,
    thresholds: Thresholds,
) -> anyhow::Result<()> {
    let no_themes = || format!("{} has no theme column", request.gold.display());
    if thresholds.min_macro_f1.is_some() && eval.macro_f1.is_none() {
        anyhow::bail!(
            "--min-macro-f1: no macro-F1 to check: {}",
            if eval.per_theme.is_empty() {
                no_themes()
            } else {
                "no themes to average over; name them with --themes".to_string()
            }
        );
    }
    let recovery = eval.code_recovery.as_ref().and_then(|r| r.mean_f1);
    if thresholds.min_code_recovery.is_some() && recovery.is_none() {
        anyhow::bail!(
            "--min-code-recovery: no code recovery to check: {}",
            if eval.code_recovery.is_none() {
                no_themes()
            } else {
                format!(
                    "no gold code is carried by --min-share {} of the answers",
                    request.min_share
                )
            }
        );
    }
    Ok(())
}

/// A line for each score below its threshold.
fn missed_thresholds(eval: &Evaluation, thresholds: Thresholds) -> Vec<String> {
    let mut missed = Vec::new();
    if let (Some(min), Some(macro_f1)) = (thresholds.min_macro_f1, eval.macro_f1) {
        if macro_f1 < min {
            missed.push(format!(
                "macro-F1 {macro_f1:.3} is below --min-macro-f1 {min}"
            ));
        }
    }
    let recovery = eval.code_recovery.as_ref().and_then(|r| r.mean_f1);
    if let (Some(min), Some(recovery)) = (thresholds.min_code_recovery, recovery) {
        if recovery < min {
            missed.push(format!(
                "code recovery {recovery:.3} is below --min-code-recovery {min}"
            ));
        }
    }
    missed
}

/// Parses `--min-macro-f1`, `--min-code-recovery` and `--min-share`: a number from 0 to 1.
pub fn parse_fraction(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("{s:?} is not a number from 0 to 1 (e.g. 0.7)")),
    }
}

/// Reads the run's output and the gold file and scores them.
pub fn evaluate(request: &EvalRequest) -> Result<Evaluation> {
    let responses = request.out.join("responses.csv");
    let predictions = read_predictions(&responses)?;
    let gold = read_gold(&request.gold)?;
    let mut notes = Vec::new();
    let named_in_file = read_named_themes(&request.out.join("themes.json"), &mut notes)?;

    let (pairs, mut counts) = join(&predictions, &gold);
    if pairs.is_empty() {
        return Err(no_id_in_common(
            &request.gold,
            &responses,
            &predictions,
            &gold,
        ));
    }
    let predicted = all_themes(pairs.iter().map(|(p, _)| &p.themes));
    let in_gold = all_themes(pairs.iter().map(|(_, g)| &g.themes));
    let (named, named_from) = match named_in_file {
        Some(named) => (named, "themes.json"),
        None => (common_themes(&predicted, &in_gold), "gold and predicted"),
    };
    let (macro_themes, from) = match &request.themes {
        Some(themes) => (distinct_keys(themes), "--themes"),
        None => (named.clone(), named_from),
    };
    let scored = with_gold_themes(&pairs, &mut counts);
    if gold.has_themes && counts.without_gold_theme > 0 {
        notes.push(format!(
            "{} answers have a gold label but no gold theme; they count only for ARI and NMI",
            counts.without_gold_theme
        ));
    }
    let themes = if gold.has_themes {
        let sets = ThemeSets {
            named: &named,
            macro_themes: &macro_themes,
            predicted: &predicted,
            in_gold: &in_gold,
        };
        score_themes(&sets, &scored, &mut notes)
    } else {
        notes.push(format!(
            "{} has labels but no theme column: only clustering agreement (ARI, NMI) is scored",
            request.gold.display()
        ));
        ThemeScores::default()
    };
    let (code_recovery, unused_named) = gold
        .has_themes
        .then(|| {
            (
                code_recovery(&scored, request.min_share),
                unused_named(&scored, &macro_themes),
            )
        })
        .unzip();
    let (ari, nmi) = clustering_agreement(&pairs, &mut counts);

    Ok(Evaluation {
        out: request.out.display().to_string(),
        gold: request.gold.display().to_string(),
        counts,
        per_theme: themes.per_theme,
        macro_themes,
        macro_themes_from: from.to_string(),
        macro_f1: themes.macro_f1,
        ari,
        nmi,
        gold_themes_not_predicted: themes.not_predicted,
        code_recovery,
        unused_named,
        notes,
    })
}

/// The evaluated answers with gold themes, the ones per-theme scores and code recovery count;
/// the others (a label and no theme) are counted in `counts.without_gold_theme`.
fn with_gold_themes<'a>(
    pairs: &[(&'a Prediction, &'a GoldRow)],
    counts: &mut Counts,
) -> Vec<(&'a Prediction, &'a GoldRow)> {
    let scored: Vec<(&Prediction, &GoldRow)> = pairs
        .iter()
        .filter(|(_, g)| !g.themes.is_empty())
        .copied()
        .collect();
    counts.without_gold_theme = pairs.len() - scored.len();
    scored
}

/// ARI and NMI of the predicted groups against the gold groups of the evaluated answers; their
/// numbers of distinct groups go into `counts`.
fn clustering_agreement(pairs: &[(&Prediction, &GoldRow)], counts: &mut Counts) -> (f64, f64) {
    let truth: Vec<&str> = pairs.iter().map(|(_, g)| g.group()).collect();
    let groups: Vec<&str> = pairs.iter().map(|(p, _)| p.group.as_str()).collect();
    counts.predicted_groups = groups.iter().collect::<HashSet<_>>().len();
    counts.gold_labels = truth.iter().collect::<HashSet<_>>().len();
    (
        adjusted_rand_index(&truth, &groups),
        normalized_mutual_info(&truth, &groups),
    )
}

/// The error when no answer id is in the gold file, with an example id of each side.
fn no_id_in_common(
    gold_path: &Path,
    responses: &Path,
    predictions: &[Prediction],
    gold: &Gold,
) -> Error {
    Error::input(
        gold_path,
        format!(
            "no id is both here and in {} ({} gold rows, {} answers; gold ids look like {:?}, \
             answer ids like {:?}); the gold `id` must be the answer id teema gives \
             (`V017.q2` for several questions, else the respondent id)",
            responses.display(),
            gold.rows.len(),
            predictions.len(),
            gold.rows.first().map_or("", |r| r.id.as_str()),
            predictions.first().map_or("", |p| p.id.as_str()),
        ),
    )
}

/// The distinct themes of some theme lists.
fn all_themes<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> BTreeSet<&'a str> {
    lists.flatten().map(String::as_str).collect()
}

/// The themes both predicted and in the gold file, `other` and `no_content` excepted: what
/// macro-F1 averages over without `themes.json`.
fn common_themes(predicted: &BTreeSet<&str>, in_gold: &BTreeSet<&str>) -> Vec<String> {
    in_gold
        .intersection(predicted)
        .filter(|t| ![NO_CONTENT, OTHER].contains(t))
        .map(|t| t.to_string())
        .collect()
}

/// The `--themes` keys trimmed, empty ones and repeats dropped, in their order.
fn distinct_keys(themes: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for t in themes.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !keys.iter().any(|k| k == t) {
            keys.push(t.to_string());
        }
    }
    keys
}

/// Pairs every answer with its gold row, in the order of `responses.csv`, and counts the ids
/// that are on one side only.
fn join<'a>(
    predictions: &'a [Prediction],
    gold: &'a Gold,
) -> (Vec<(&'a Prediction, &'a GoldRow)>, Counts) {
    let by_id: HashMap<&str, &GoldRow> = gold.rows.iter().map(|g| (g.id.as_str(), g)).collect();
    let answered: HashSet<&str> = predictions.iter().map(|p| p.id.as_str()).collect();
    let mut counts = Counts {
        answers: predictions.len(),
        gold_rows: gold.rows.len(),
        ..Counts::default()
    };
    let mut pairs = Vec::new();
    for p in predictions {
        match by_id.get(p.id.as_str()) {
            Some(g) => pairs.push((p, *g)),
            None => {
                counts.answers_without_gold += 1;
                if counts.answers_without_gold_examples.len() < EXAMPLES {
                    counts.answers_without_gold_examples.push(p.id.clone());
                }
            }
        }
    }
    for g in &gold.rows {
        if !answered.contains(g.id.as_str()) {
            counts.gold_without_answer += 1;
            if counts.gold_without_answer_examples.len() < EXAMPLES {
                counts.gold_without_answer_examples.push(g.id.clone());
            }
        }
    }
    counts.evaluated = pairs.len();
    (pairs, counts)
}
