//! Reading a run's output: the answers of `responses.csv` with their themes and clusters, and
//! the named themes of `themes.json`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::report::csv::{undo_excel_safe, CsvDelimiter};

/// One answer of `responses.csv`, as far as scoring needs it.
#[derive(Debug, Clone)]
pub(super) struct Prediction {
    pub(super) id: String,
    /// The `theme` column split at `;`, strongest first.
    pub(super) themes: Vec<String>,
    /// The cluster number, or the primary theme where the cluster is empty.
    pub(super) group: String,
}

/// What [`read_named_themes`] notes when it found no named themes.
const NO_THEMES_JSON: &str = "macro-F1 over the themes both predicted and in the gold file";

/// Splits a `;`-separated list of themes, trimmed, empty ones and repeats dropped.
pub(super) fn split_themes(field: &str) -> Vec<String> {
    let mut themes: Vec<String> = Vec::new();
    for t in field.split(';').map(str::trim).filter(|t| !t.is_empty()) {
        if !themes.iter().any(|x| x == t) {
            themes.push(t.to_string());
        }
    }
    themes
}

/// Reads `responses.csv`: id, theme and cluster of every answer.
pub(super) fn read_predictions(path: &Path) -> Result<Vec<Prediction>> {
    let bytes = std::fs::read(path).map_err(|e| Error::run_output(path, e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    // A run with `--csv-delimiter` wrote `;` or tabs.
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(CsvDelimiter::sniff(bytes).byte())
        .from_reader(bytes);
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
pub(super) fn read_named_themes(
    path: &Path,
    notes: &mut Vec<String>,
) -> Result<Option<Vec<String>>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_split_at_semicolons() {
        assert_eq!(
            split_themes(" time_shortage ; lack_of_appreciation;;time_shortage"),
            ["time_shortage", "lack_of_appreciation"]
        );
        assert!(split_themes("").is_empty());
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
}
