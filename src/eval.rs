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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::error::{Error, Result};
use crate::report::csv::undo_excel_safe;
use crate::report::{NO_CONTENT, OTHER};

/// Ids shown as examples of gold rows without an answer, and of answers without a gold row.
const EXAMPLES: usize = 5;

/// What to score.
#[derive(Debug, Clone)]
pub struct EvalRequest {
    /// The output folder of `teema run`.
    pub out: PathBuf,
    /// The gold file.
    pub gold: PathBuf,
    /// Themes to average F1 over instead of the run's named themes (`--themes`).
    pub themes: Option<Vec<String>>,
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

/// Precision, recall and F1 of one theme (see the module doc for the definitions).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeScore {
    pub theme: String,
    /// A named theme of the run.
    pub named: bool,
    /// Counted in macro-F1.
    pub in_macro: bool,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Answers predicted `t` whose gold set holds `t`.
    pub tp: u64,
    /// Answers predicted `t` whose gold set does not hold it.
    pub fp: u64,
    /// Answers with gold primary `t` not predicted `t`.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Answers with gold primary `t`.
    pub support: u64,
}

/// A gold theme and how many evaluated answers have it as primary theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Support {
    pub theme: String,
    pub support: u64,
}

/// One answer of `responses.csv`, as far as scoring needs it.
#[derive(Debug, Clone)]
struct Prediction {
    id: String,
    /// The `theme` column split at `;`, strongest first.
    themes: Vec<String>,
    /// The cluster number, or the primary theme where the cluster is empty.
    group: String,
}

/// One row of the gold file.
#[derive(Debug, Clone)]
struct GoldRow {
    id: String,
    /// `theme`/`themes` then `also`, primary first; empty when the row has only a label.
    themes: Vec<String>,
    /// Whether `themes[0]` is the primary theme (false when `theme` was empty and only `also`
    /// was given).
    has_primary: bool,
    label: Option<String>,
}

impl GoldRow {
    fn primary(&self) -> Option<&str> {
        self.has_primary.then(|| self.themes[0].as_str())
    }

    /// The gold group for clustering agreement: the label, else the primary theme.
    fn group(&self) -> &str {
        self.label.as_deref().or(self.primary()).unwrap_or_default()
    }
}

/// The gold file read.
#[derive(Debug, Clone)]
struct Gold {
    rows: Vec<GoldRow>,
    /// Whether the file has a `theme` or `themes` column.
    has_themes: bool,
}

/// Runs `teema eval`: prints the scores in `format` on stdout and notes on stderr. The exit code
/// is 1 when macro-F1 is below `min_macro_f1`.
pub fn command(
    request: &EvalRequest,
    format: EvalFormat,
    min_macro_f1: Option<f64>,
) -> anyhow::Result<ExitCode> {
    let eval = evaluate(request)?;
    if min_macro_f1.is_some() && eval.macro_f1.is_none() {
        anyhow::bail!(
            "--min-macro-f1: no macro-F1 to check: {}",
            if eval.per_theme.is_empty() {
                format!("{} has no theme column", request.gold.display())
            } else {
                "no themes to average over; name them with --themes".to_string()
            }
        );
    }
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
    if let (Some(min), Some(macro_f1)) = (min_macro_f1, eval.macro_f1) {
        if macro_f1 < min {
            eprintln!("teema: macro-F1 {macro_f1:.3} is below --min-macro-f1 {min}");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses `--min-macro-f1`: a number from 0 to 1.
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
        return Err(Error::input(
            &request.gold,
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
        ));
    }

    let predicted: BTreeSet<&str> = pairs
        .iter()
        .flat_map(|(p, _)| p.themes.iter().map(String::as_str))
        .collect();
    let in_gold: BTreeSet<&str> = pairs
        .iter()
        .flat_map(|(_, g)| g.themes.iter().map(String::as_str))
        .collect();
    let (named, named_from) = match named_in_file {
        Some(named) => (named, "themes.json"),
        None => (
            in_gold
                .intersection(&predicted)
                .filter(|t| ![NO_CONTENT, OTHER].contains(t))
                .map(|t| t.to_string())
                .collect(),
            "gold and predicted",
        ),
    };
    let (macro_themes, from) = match &request.themes {
        Some(themes) => {
            let mut keys: Vec<String> = Vec::new();
            for t in themes.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
                if !keys.iter().any(|k| k == t) {
                    keys.push(t.to_string());
                }
            }
            (keys, "--themes")
        }
        None => (named.clone(), named_from),
    };
    let scored: Vec<&(&Prediction, &GoldRow)> =
        pairs.iter().filter(|(_, g)| !g.themes.is_empty()).collect();
    counts.without_gold_theme = pairs.len() - scored.len();
    if gold.has_themes && counts.without_gold_theme > 0 {
        notes.push(format!(
            "{} answers have a gold label but no gold theme; they count only for ARI and NMI",
            counts.without_gold_theme
        ));
    }

    let mut per_theme = Vec::new();
    let mut macro_f1 = None;
    let mut not_predicted = Vec::new();
    if gold.has_themes {
        for t in &macro_themes {
            if !predicted.contains(t.as_str()) && !in_gold.contains(t.as_str()) {
                notes.push(format!(
                    "--themes: {t:?} is neither predicted nor in the gold file; its F1 is 0"
                ));
            }
        }
        let listed = table_themes(&named, &macro_themes, &predicted, &in_gold);
        per_theme = listed
            .iter()
            .map(|t| {
                let mut s = score_theme(t, scored.iter().map(|&&(p, g)| (p, g)));
                s.named = named.contains(t);
                s.in_macro = macro_themes.contains(t);
                s
            })
            .collect();
        if !macro_themes.is_empty() {
            let f1 = |t: &String| {
                per_theme
                    .iter()
                    .find(|s| &s.theme == t)
                    .map_or(0.0, |s| s.f1)
            };
            macro_f1 = Some(macro_themes.iter().map(f1).sum::<f64>() / macro_themes.len() as f64);
        }
        not_predicted = in_gold
            .iter()
            .filter(|t| !listed.iter().any(|l| l == *t))
            .map(|t| Support {
                theme: t.to_string(),
                support: scored
                    .iter()
                    .filter(|(_, g)| g.primary() == Some(t))
                    .count() as u64,
            })
            .collect();
    } else {
        notes.push(format!(
            "{} has labels but no theme column: only clustering agreement (ARI, NMI) is scored",
            request.gold.display()
        ));
    }

    let truth: Vec<&str> = pairs.iter().map(|(_, g)| g.group()).collect();
    let groups: Vec<&str> = pairs.iter().map(|(p, _)| p.group.as_str()).collect();
    counts.predicted_groups = groups.iter().collect::<HashSet<_>>().len();
    counts.gold_labels = truth.iter().collect::<HashSet<_>>().len();

    Ok(Evaluation {
        out: request.out.display().to_string(),
        gold: request.gold.display().to_string(),
        counts,
        per_theme,
        macro_themes,
        macro_themes_from: from.to_string(),
        macro_f1,
        ari: adjusted_rand_index(&truth, &groups),
        nmi: normalized_mutual_info(&truth, &groups),
        gold_themes_not_predicted: not_predicted,
        notes,
    })
}

/// What [`read_named_themes`] notes when it found no named themes.
const NO_THEMES_JSON: &str = "macro-F1 over the themes both predicted and in the gold file";

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

/// The themes of the per-theme table: named themes in their order, then, alphabetically,
/// `no_content`, `other`, the `--themes` and every gold theme predicted at least once.
fn table_themes(
    named: &[String],
    macro_themes: &[String],
    predicted: &BTreeSet<&str>,
    in_gold: &BTreeSet<&str>,
) -> Vec<String> {
    let mut rest: BTreeSet<&str> = in_gold.intersection(predicted).copied().collect();
    rest.extend([NO_CONTENT, OTHER]);
    rest.extend(macro_themes.iter().map(String::as_str));
    let mut themes = named.to_vec();
    themes.extend(
        rest.into_iter()
            .filter(|t| !named.iter().any(|n| n == t))
            .map(String::from),
    );
    themes
}

/// Precision, recall and F1 of `theme` over (prediction, gold) pairs.
fn score_theme<'a>(
    theme: &str,
    pairs: impl Iterator<Item = (&'a Prediction, &'a GoldRow)>,
) -> ThemeScore {
    let (mut tp, mut fp, mut fn_, mut support) = (0, 0, 0, 0);
    for (p, g) in pairs {
        let predicted = p.themes.iter().any(|t| t == theme);
        if predicted {
            if g.themes.iter().any(|t| t == theme) {
                tp += 1;
            } else {
                fp += 1;
            }
        }
        if g.primary() == Some(theme) {
            support += 1;
            if !predicted {
                fn_ += 1;
            }
        }
    }
    let precision = ratio(tp, tp + fp);
    let recall = ratio(support - fn_, support);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    ThemeScore {
        theme: theme.to_string(),
        named: false,
        in_macro: false,
        precision,
        recall,
        f1,
        tp,
        fp,
        fn_,
        support,
    }
}

/// `part / whole`, 0 when there is nothing to count.
fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the run's output

/// Splits a `;`-separated list of themes, trimmed, empty ones and repeats dropped.
fn split_themes(field: &str) -> Vec<String> {
    let mut themes: Vec<String> = Vec::new();
    for t in field.split(';').map(str::trim).filter(|t| !t.is_empty()) {
        if !themes.iter().any(|x| x == t) {
            themes.push(t.to_string());
        }
    }
    themes
}

/// Reads `responses.csv`: id, theme and cluster of every answer.
fn read_predictions(path: &Path) -> Result<Vec<Prediction>> {
    let bytes = std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::input(
                path,
                "not found; OUT must be the output folder of `teema run INPUT --out OUT`",
            )
        } else {
            Error::io(path, e)
        }
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = ::csv::ReaderBuilder::new().from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| Error::input(path, format!("cannot read the header: {e}")))?
        .clone();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(id_col), Some(theme_col)) = (column("id"), column("theme")) else {
        return Err(Error::input(
            path,
            format!(
                "needs the columns `id` and `theme` that `teema run` writes, found: {}",
                header.iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    let cluster_col = column("cluster");
    let mut predictions = Vec::new();
    let mut seen = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(path, e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: usize| undo_excel_safe(record.get(i).unwrap_or_default().trim());
        let id = get(id_col).to_string();
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(Error::input(
                path,
                format!("id {id:?} is on lines {first} and {line}; ids must be unique"),
            ));
        }
        let themes = split_themes(get(theme_col));
        let group = match cluster_col.map(get).filter(|c| !c.is_empty()) {
            Some(c) => format!("cluster {c}"),
            None => format!("theme {}", themes.first().map_or("", String::as_str)),
        };
        predictions.push(Prediction { id, themes, group });
    }
    if predictions.is_empty() {
        return Err(Error::input(path, "has no answers"));
    }
    Ok(predictions)
}

/// The run's named themes from `themes.json`: the keys of `themes[*]` (or
/// `questions[*].themes[*]`) with `"named": true`, in file order. `None`, with a note, when
/// the file is missing or names none.
fn read_named_themes(path: &Path, notes: &mut Vec<String>) -> Result<Option<Vec<String>>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            notes.push(format!("{} not found: {NO_THEMES_JSON}", path.display()));
            return Ok(None);
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| Error::input(path, format!("not valid JSON: {e}")))?;
    let named = named_themes(&value);
    if named.is_empty() {
        notes.push(format!(
            "{} names no themes: {NO_THEMES_JSON}",
            path.display()
        ));
        return Ok(None);
    }
    Ok(Some(named))
}

/// Keys of the entries with `"named": true` of `themes`, else of every `questions[*].themes`.
fn named_themes(value: &Value) -> Vec<String> {
    let entries: Vec<&Value> = match value.get("themes").and_then(Value::as_array) {
        Some(themes) => themes.iter().collect(),
        None => value
            .get("questions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|q| q.get("themes").and_then(Value::as_array))
            .flatten()
            .collect(),
    };
    let mut keys: Vec<String> = Vec::new();
    for entry in entries {
        if entry.get("named").and_then(Value::as_bool) != Some(true) {
            continue;
        }
        if let Some(key) = entry.get("key").and_then(Value::as_str) {
            if !keys.iter().any(|k| k == key) {
                keys.push(key.to_string());
            }
        }
    }
    keys
}

// ---------------------------------------------------------------------------------------------
// Reading the gold file

/// The gold file's fields of one row, as strings (or lists, from JSON arrays).
#[derive(Debug, Default)]
struct RawGold {
    id: Option<String>,
    theme: Option<Vec<String>>,
    also: Vec<String>,
    label: Option<String>,
}

/// Gold rows with their line (or item) number, and the columns (or keys) found.
type Rows = (Vec<(usize, RawGold)>, Vec<String>);

/// Which column or key holds what (case-insensitive, trimmed names).
fn field_role(name: &str) -> Option<&'static str> {
    match name.trim().to_lowercase().as_str() {
        "id" => Some("id"),
        "theme" | "themes" => Some("theme"),
        "also" => Some("also"),
        "label" => Some("label"),
        _ => None,
    }
}

/// Reads the gold file, CSV/TSV or JSONL/JSON by its extension (or its first character).
fn read_gold(path: &Path) -> Result<Gold> {
    let bytes = std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::input(path, "gold file not found")
        } else {
            Error::io(path, e)
        }
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::input(
            path,
            format!(
                "not UTF-8 text (byte {}); save it as UTF-8 (Excel: \"CSV UTF-8\")",
                e.valid_up_to()
            ),
        )
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    let first = text.trim_start().chars().next();
    let (rows, columns) = match ext.as_str() {
        "jsonl" | "ndjson" => read_jsonl(path, text)?,
        "json" => read_json(path, text)?,
        "csv" | "tsv" | "tab" | "txt" => read_delimited(path, text, &ext)?,
        _ if first == Some('{') => read_jsonl(path, text)?,
        _ if first == Some('[') => read_json(path, text)?,
        _ => read_delimited(path, text, &ext)?,
    };
    gold_from_raw(path, rows, &columns)
}

/// Checks the columns and rows and turns them into [`GoldRow`]s.
fn gold_from_raw(path: &Path, rows: Vec<(usize, RawGold)>, columns: &[String]) -> Result<Gold> {
    let roles: HashSet<&str> = columns.iter().filter_map(|c| field_role(c)).collect();
    let found = || {
        if columns.is_empty() {
            "none".to_string()
        } else {
            columns.join(", ")
        }
    };
    if !roles.contains("id") {
        return Err(Error::input(
            path,
            format!(
                "gold file needs an `id` column or key (the answer id); found: {}",
                found()
            ),
        ));
    }
    if !roles.contains("theme") && !roles.contains("label") {
        return Err(Error::input(
            path,
            format!(
                "gold file needs a `theme` (or `themes`) or `label` column or key; found: {}",
                found()
            ),
        ));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut gold = Vec::with_capacity(rows.len());
    for (line, raw) in rows {
        let id = raw.id.unwrap_or_default();
        if id.is_empty() {
            return Err(Error::input(path, format!("line {line}: the id is empty")));
        }
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(Error::input(
                path,
                format!("id {id:?} is on lines {first} and {line}; give each id one row"),
            ));
        }
        let primary = raw.theme.unwrap_or_default();
        let has_primary = !primary.is_empty();
        let mut themes = primary;
        for t in raw.also {
            if !themes.contains(&t) {
                themes.push(t);
            }
        }
        let label = raw.label.filter(|l| !l.is_empty());
        if !has_primary && label.is_none() {
            return Err(Error::input(
                path,
                format!("line {line}: id {id:?} has no theme and no label"),
            ));
        }
        gold.push(GoldRow {
            id,
            themes,
            has_primary,
            label,
        });
    }
    if gold.is_empty() {
        return Err(Error::input(path, "the gold file has no rows"));
    }
    Ok(Gold {
        rows: gold,
        has_themes: roles.contains("theme"),
    })
}

/// The delimiter of a CSV/TSV: tab for `.tsv`/`.tab`, else sniffed as ingest sniffs exports.
fn sniff_delimiter(text: &str, ext: &str) -> u8 {
    if ext == "tsv" || ext == "tab" {
        return b'\t';
    }
    crate::ingest::sniff_delimiter(text.as_bytes(), false)
}

/// Reads a CSV/TSV gold file: `(line, row)` pairs and the header.
fn read_delimited(path: &Path, text: &str, ext: &str) -> Result<Rows> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text, ext))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::input(path, format!("cannot read the header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let role_of: Vec<Option<&str>> = header.iter().map(|h| field_role(h)).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(path, e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let mut raw = RawGold::default();
        for (role, value) in role_of.iter().zip(record.iter()) {
            let value = value.trim();
            match role {
                Some("id") => raw.id = Some(value.to_string()),
                Some("theme") => raw.theme = Some(split_themes(value)),
                Some("also") => raw.also = split_themes(value),
                Some("label") => raw.label = Some(value.to_string()),
                _ => {}
            }
        }
        rows.push((line, raw));
    }
    Ok((rows, header))
}

/// Reads a JSONL gold file: one object per line, blank lines skipped.
fn read_jsonl(path: &Path, text: &str) -> Result<Rows> {
    let mut rows = Vec::new();
    let mut columns = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| Error::input(path, format!("line {}: not JSON: {e}", i + 1)))?;
        rows.push((i + 1, raw_from_json(path, i + 1, &value, &mut columns)?));
    }
    Ok((rows, columns))
}

/// Reads a JSON gold file: an array of objects, or an object holding one such array.
fn read_json(path: &Path, text: &str) -> Result<Rows> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        // Many JSONL files are called .json.
        Err(_) if text.lines().filter(|l| !l.trim().is_empty()).count() > 1 => {
            return read_jsonl(path, text)
        }
        Err(e) => return Err(Error::input(path, format!("not valid JSON: {e}"))),
    };
    let expected = || {
        Error::input(
            path,
            "expected an array of objects with `id` and `theme` or `label` \
             (or an object holding one such array)",
        )
    };
    let items = match &value {
        Value::Array(items) => items,
        Value::Object(map) => {
            let arrays: Vec<&Vec<Value>> = map.values().filter_map(Value::as_array).collect();
            match arrays.as_slice() {
                [items] => *items,
                _ => return Err(expected()),
            }
        }
        _ => return Err(expected()),
    };
    let mut rows = Vec::new();
    let mut columns = Vec::new();
    for (i, item) in items.iter().enumerate() {
        rows.push((i + 1, raw_from_json(path, i + 1, item, &mut columns)?));
    }
    Ok((rows, columns))
}

/// One JSON object as a gold row; its keys are added to `columns` (first seen first).
fn raw_from_json(
    path: &Path,
    at: usize,
    value: &Value,
    columns: &mut Vec<String>,
) -> Result<RawGold> {
    let Value::Object(map) = value else {
        return Err(Error::input(path, format!("item {at}: not a JSON object")));
    };
    let mut raw = RawGold::default();
    for (key, v) in map {
        if !columns.contains(key) {
            columns.push(key.clone());
        }
        let bad = || {
            Error::input(
                path,
                format!("item {at}: `{key}` must be a string or a list of strings"),
            )
        };
        match field_role(key) {
            Some("id") => raw.id = json_scalar(v).map(|s| s.trim().to_string()),
            Some("theme") => raw.theme = Some(json_themes(v).ok_or_else(bad)?),
            Some("also") => raw.also = json_themes(v).ok_or_else(bad)?,
            Some("label") => raw.label = json_scalar(v).map(|s| s.trim().to_string()),
            _ => {}
        }
    }
    Ok(raw)
}

/// A string, number or boolean as text; `None` for null, arrays and objects.
fn json_scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Themes from a `;`-separated string or an array of strings (null: none).
fn json_themes(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Null => Some(Vec::new()),
        Value::String(s) => Some(split_themes(s)),
        Value::Array(items) => {
            let mut themes: Vec<String> = Vec::new();
            for item in items {
                for t in split_themes(item.as_str()?) {
                    if !themes.contains(&t) {
                        themes.push(t);
                    }
                }
            }
            Some(themes)
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Clustering agreement

/// The contingency table of two labellings: counts of (true class, predicted cluster) pairs.
struct Contingency {
    /// Non-zero cells, keyed by (class, cluster) numbered in order of first appearance.
    cells: BTreeMap<(usize, usize), u64>,
    /// Class sizes (row sums) and cluster sizes (column sums).
    classes: Vec<u64>,
    clusters: Vec<u64>,
    n: u64,
}

impl Contingency {
    fn new<A: Hash + Eq, B: Hash + Eq>(truth: &[A], pred: &[B]) -> Self {
        assert_eq!(truth.len(), pred.len(), "two labellings of the same items");
        let mut class_ids: HashMap<&A, usize> = HashMap::new();
        let mut cluster_ids: HashMap<&B, usize> = HashMap::new();
        let mut table = Contingency {
            cells: BTreeMap::new(),
            classes: Vec::new(),
            clusters: Vec::new(),
            n: truth.len() as u64,
        };
        for (a, b) in truth.iter().zip(pred) {
            let next = class_ids.len();
            let i = *class_ids.entry(a).or_insert(next);
            let next = cluster_ids.len();
            let j = *cluster_ids.entry(b).or_insert(next);
            if i == table.classes.len() {
                table.classes.push(0);
            }
            if j == table.clusters.len() {
                table.clusters.push(0);
            }
            table.classes[i] += 1;
            table.clusters[j] += 1;
            *table.cells.entry((i, j)).or_insert(0) += 1;
        }
        table
    }
}

/// Adjusted Rand index of a predicted labelling against the true one, as scikit-learn's
/// `adjusted_rand_score`: from the pair confusion matrix, exact integers up to the last
/// division; 1.0 when no pair is split differently (also for no items, one cluster each, or
/// all singletons on both sides); can be negative.
pub fn adjusted_rand_index<A: Hash + Eq, B: Hash + Eq>(truth: &[A], pred: &[B]) -> f64 {
    let c = Contingency::new(truth, pred);
    let square = |x: &u64| (*x as i128) * (*x as i128);
    let n = c.n as i128;
    let sum_squares: i128 = c.cells.values().map(square).sum();
    let cluster_squares: i128 = c.clusters.iter().map(square).sum();
    let class_squares: i128 = c.classes.iter().map(square).sum();
    // Ordered pairs: together in both, only in the prediction, only in the truth, in neither.
    let tp = sum_squares - n;
    let fp = cluster_squares - sum_squares;
    let fn_ = class_squares - sum_squares;
    let tn = n * n - fp - fn_ - sum_squares;
    if fp == 0 && fn_ == 0 {
        return 1.0;
    }
    let numerator = 2 * (tp * tn - fn_ * fp);
    let denominator = (tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn);
    numerator as f64 / denominator as f64
}

/// Normalised mutual information of two labellings with the arithmetic mean of their entropies
/// as normaliser, as scikit-learn's `normalized_mutual_info_score` (its default): 1.0 when both
/// have one class (or no items), 0.0 when the mutual information is 0.
pub fn normalized_mutual_info<A: Hash + Eq, B: Hash + Eq>(truth: &[A], pred: &[B]) -> f64 {
    let c = Contingency::new(truth, pred);
    let (classes, clusters) = (c.classes.len(), c.clusters.len());
    if (classes == 1 && clusters == 1) || (classes == 0 && clusters == 0) {
        return 1.0;
    }
    let mi = mutual_info(&c);
    if mi == 0.0 {
        return 0.0;
    }
    let normaliser = (entropy(&c.classes, c.n) + entropy(&c.clusters, c.n)) / 2.0;
    mi / normaliser
}

/// Mutual information (natural log) from the table, term by term as scikit-learn computes it
/// (terms below machine epsilon are 0, the sum is at least 0).
fn mutual_info(c: &Contingency) -> f64 {
    if c.classes.len() == 1 || c.clusters.len() == 1 {
        return 0.0;
    }
    let n = c.n as f64;
    let log_n = n.ln();
    let sum: f64 = c
        .cells
        .iter()
        .map(|(&(i, j), &count)| {
            let count = count as f64;
            let p = count / n;
            let outer = (c.classes[i] as u128 * c.clusters[j] as u128) as f64;
            let log_outer = -outer.ln() + log_n + log_n;
            let term = p * (count.ln() - log_n) + p * log_outer;
            if term.abs() < f64::EPSILON {
                0.0
            } else {
                term
            }
        })
        .sum();
    sum.max(0.0)
}

/// Entropy (natural log) of a labelling given its group sizes.
fn entropy(sizes: &[u64], n: u64) -> f64 {
    if n == 0 {
        return 1.0;
    }
    if sizes.len() == 1 {
        return 0.0;
    }
    let n = n as f64;
    -sizes
        .iter()
        .map(|&s| {
            let s = s as f64;
            (s / n) * (s.ln() - n.ln())
        })
        .sum::<f64>()
}

// ---------------------------------------------------------------------------------------------
// Output

/// The text report: counts, the per-theme table, macro-F1, ARI and NMI.
pub fn render(e: &Evaluation) -> String {
    let c = &e.counts;
    let mut s = String::new();
    let examples = |ids: &[String], total: usize| {
        if total == 0 {
            String::new()
        } else {
            let more = if total > ids.len() { ", …" } else { "" };
            format!(" (e.g. {}{more})", ids.join(", "))
        }
    };
    s.push_str(&format!("run:  {} ({} answers)\n", e.out, c.answers));
    s.push_str(&format!("gold: {} ({} rows)\n", e.gold, c.gold_rows));
    s.push_str(&format!(
        "evaluated: {} answers with a gold row\n",
        c.evaluated
    ));
    s.push_str(&format!(
        "gold rows without an answer: {}{}\n",
        c.gold_without_answer,
        examples(&c.gold_without_answer_examples, c.gold_without_answer)
    ));
    s.push_str(&format!(
        "answers without a gold row: {}{}\n",
        c.answers_without_gold,
        examples(&c.answers_without_gold_examples, c.answers_without_gold)
    ));
    if !e.per_theme.is_empty() {
        s.push('\n');
        s.push_str(&theme_table(&e.per_theme));
        s.push_str("(* counted in macro-F1)\n");
    }
    s.push('\n');
    match e.macro_f1 {
        Some(f1) => s.push_str(&format!(
            "macro-F1: {f1:.3} over {} themes ({}: {})\n",
            e.macro_themes.len(),
            e.macro_themes_from,
            e.macro_themes.join(", ")
        )),
        None if e.per_theme.is_empty() => {
            s.push_str("macro-F1: - (the gold file has labels, no themes)\n")
        }
        None => s.push_str("macro-F1: - (no themes to average over; name them with --themes)\n"),
    }
    s.push_str(&format!(
        "clustering agreement: ARI {:.3}, NMI {:.3} ({} predicted groups, {} gold labels)\n",
        e.ari, e.nmi, c.predicted_groups, c.gold_labels
    ));
    if !e.gold_themes_not_predicted.is_empty() {
        let missed: Vec<String> = e
            .gold_themes_not_predicted
            .iter()
            .map(|t| format!("{} ({})", t.theme, t.support))
            .collect();
        s.push_str(&format!(
            "gold themes never predicted (support): {}\n",
            missed.join(", ")
        ));
    }
    s
}

/// The per-theme table, the theme column as wide as its longest key.
fn theme_table(scores: &[ThemeScore]) -> String {
    let name = |t: &ThemeScore| format!("{}{}", t.theme, if t.in_macro { " *" } else { "" });
    let width = scores
        .iter()
        .map(|t| name(t).width())
        .chain(["theme".len()])
        .max()
        .unwrap_or_default();
    let pad = |text: &str| format!("{text}{}", " ".repeat(width - text.width()));
    let mut s = format!(
        "{}  precision  recall     F1     tp     fp     fn  support\n",
        pad("theme")
    );
    for t in scores {
        s.push_str(&format!(
            "{}  {:>9.3}  {:>6.3}  {:>5.3}  {:>5}  {:>5}  {:>5}  {:>7}\n",
            pad(&name(t)),
            t.precision,
            t.recall,
            t.f1,
            t.tp,
            t.fp,
            t.fn_,
            t.support
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-9;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= TOL
    }

    #[test]
    fn themes_split_at_semicolons() {
        assert_eq!(
            split_themes(" time_shortage ; lack_of_appreciation;;time_shortage"),
            ["time_shortage", "lack_of_appreciation"]
        );
        assert!(split_themes("").is_empty());
    }

    #[test]
    fn delimiter_is_sniffed_from_the_header() {
        assert_eq!(
            sniff_delimiter("id;theme;also\nV1;a;\"b,c\"\n", "csv"),
            b';'
        );
        assert_eq!(sniff_delimiter("id,theme\n", "csv"), b',');
        assert_eq!(sniff_delimiter("id\ttheme\n", "txt"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",c\n", "csv"), b',');
        assert_eq!(sniff_delimiter("id,theme\n", "tsv"), b'\t');
    }

    #[test]
    fn named_themes_from_either_layout() {
        let flat = serde_json::json!({"themes": [
            {"key": "b", "named": true}, {"key": "x · y", "named": false},
            {"key": "a", "named": true}, {"key": "other"}]});
        assert_eq!(named_themes(&flat), ["b", "a"]);
        let nested = serde_json::json!({"questions": [
            {"question": "Q1", "themes": [{"key": "b", "named": true}]},
            {"question": "Q2", "themes": [{"key": "c", "named": true}, {"key": "b", "named": true}]}]});
        assert_eq!(named_themes(&nested), ["b", "c"]);
        assert!(named_themes(&serde_json::json!({"counts": {}})).is_empty());
    }

    #[test]
    fn also_themes_are_optional() {
        let p = |id: &str, themes: &[&str]| Prediction {
            id: id.into(),
            themes: themes.iter().map(|t| t.to_string()).collect(),
            group: String::new(),
        };
        let g = |id: &str, themes: &[&str]| GoldRow {
            id: id.into(),
            themes: themes.iter().map(|t| t.to_string()).collect(),
            has_primary: true,
            label: None,
        };
        let pairs = [
            // Right via `also`: a tp of b, not in b's support.
            (p("1", &["a", "b"]), g("1", &["a", "b"])),
            // `also` b not predicted: no miss for b.
            (p("2", &["a"]), g("2", &["a", "b"])),
            // A miss of b, a wrong a.
            (p("3", &["a"]), g("3", &["b"])),
        ];
        let b = score_theme("b", pairs.iter().map(|(p, g)| (p, g)));
        assert_eq!((b.tp, b.fp, b.fn_, b.support), (1, 0, 1, 1));
        assert_eq!((b.precision, b.recall, b.f1), (1.0, 0.0, 0.0));
        let a = score_theme("a", pairs.iter().map(|(p, g)| (p, g)));
        assert_eq!((a.tp, a.fp, a.fn_, a.support), (2, 1, 0, 2));
        assert!(close(a.precision, 2.0 / 3.0) && close(a.recall, 1.0));
        assert!(close(a.f1, 0.8));
    }

    /// Label pairs and what scikit-learn 1.9.1 gives for them (`adjusted_rand_score`,
    /// `normalized_mutual_info_score`), computed in a venv and copied here.
    #[allow(clippy::type_complexity)]
    fn sklearn_cases() -> Vec<(Vec<u32>, Vec<u32>, f64, f64)> {
        vec![
            // The example of scikit-learn's docs.
            (
                vec![0, 0, 1, 1],
                vec![0, 0, 1, 2],
                0.5714285714285714,
                0.7999999999999999,
            ),
            // The same partition under other names.
            (vec![0, 0, 1, 1, 2], vec![5, 5, 3, 3, 9], 1.0, 1.0),
            // One cluster each: perfect by convention.
            (vec![7, 7, 7], vec![1, 1, 1], 1.0, 1.0),
            // One cluster against several, either way round.
            (vec![0, 0, 0, 0], vec![0, 1, 2, 3], 0.0, 0.0),
            (vec![0, 0, 1, 1], vec![0, 0, 0, 0], 0.0, 0.0),
            // All singletons on both sides.
            (vec![0, 1, 2, 3], vec![3, 2, 1, 0], 1.0, 1.0),
            // Worse than chance: ARI below 0.
            (vec![0, 0, 1, 1], vec![0, 1, 0, 1], -0.5, 0.0),
            // A single item.
            (vec![4], vec![2], 1.0, 1.0),
            // 40 items, 5 classes against 6 clusters at random (numpy RandomState(7)).
            (
                vec![
                    4, 1, 3, 3, 4, 1, 0, 1, 2, 2, 0, 4, 0, 4, 0, 3, 2, 3, 4, 4, 0, 0, 0, 3, 0, 2,
                    0, 1, 4, 1, 3, 3, 0, 3, 0, 1, 0, 0, 4, 4,
                ],
                vec![
                    4, 2, 1, 3, 0, 5, 4, 0, 5, 4, 3, 1, 3, 3, 3, 1, 3, 3, 4, 3, 1, 3, 1, 5, 1, 5,
                    1, 2, 3, 2, 2, 5, 3, 3, 2, 0, 4, 5, 3, 1,
                ],
                0.03976812316898336,
                0.2608546708904706,
            ),
            // 60 items, 4 classes; 70 % predicted right, the rest among 7 clusters
            // (RandomState(11)).
            (
                vec![
                    1, 3, 0, 3, 1, 3, 1, 0, 1, 3, 2, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 2, 0, 1, 2, 1,
                    1, 3, 0, 1, 3, 0, 0, 1, 3, 2, 3, 2, 2, 0, 1, 3, 0, 3, 3, 2, 1, 3, 2, 1, 3, 0,
                    1, 2, 3, 3, 3, 0, 0, 0,
                ],
                vec![
                    1, 2, 4, 3, 1, 5, 4, 0, 1, 3, 2, 0, 1, 0, 0, 1, 0, 1, 3, 1, 0, 2, 0, 1, 3, 1,
                    1, 1, 0, 2, 4, 5, 0, 1, 6, 3, 3, 2, 2, 3, 1, 1, 4, 3, 3, 2, 1, 3, 2, 0, 3, 0,
                    0, 2, 3, 3, 6, 1, 6, 6,
                ],
                0.3606562003217037,
                0.4382848537741963,
            ),
        ]
    }

    #[test]
    fn ari_and_nmi_match_scikit_learn() {
        for (truth, pred, ari, nmi) in sklearn_cases() {
            let got_ari = adjusted_rand_index(&truth, &pred);
            let got_nmi = normalized_mutual_info(&truth, &pred);
            assert!(
                close(got_ari, ari),
                "ARI {truth:?} {pred:?}: {got_ari} vs {ari}"
            );
            assert!(
                close(got_nmi, nmi),
                "NMI {truth:?} {pred:?}: {got_nmi} vs {nmi}"
            );
            // Both are symmetric.
            assert!(close(adjusted_rand_index(&pred, &truth), ari));
            assert!(close(normalized_mutual_info(&pred, &truth), nmi));
        }
    }

    #[test]
    fn no_items_agree_perfectly() {
        let none: [u8; 0] = [];
        assert_eq!(adjusted_rand_index(&none, &none), 1.0);
        assert_eq!(normalized_mutual_info(&none, &none), 1.0);
    }
}
