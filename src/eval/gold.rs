//! Reading the gold file: CSV/TSV or JSONL/JSON rows of `id`, `theme`/`themes`, `also` and
//! `label`, checked and turned into one [`GoldRow`] per answer id.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::read::split_themes;
use crate::error::{Error, Result};

/// One row of the gold file.
#[derive(Debug, Clone)]
pub(super) struct GoldRow {
    pub(super) id: String,
    /// `theme`/`themes` then `also`, primary first; empty when the row has only a label.
    pub(super) themes: Vec<String>,
    /// Whether `themes[0]` is the primary theme (false when `theme` was empty and only `also`
    /// was given).
    pub(super) has_primary: bool,
    pub(super) label: Option<String>,
}

impl GoldRow {
    pub(super) fn primary(&self) -> Option<&str> {
        self.has_primary.then(|| self.themes[0].as_str())
    }

    /// The gold group for clustering agreement: the label, else the primary theme.
    pub(super) fn group(&self) -> &str {
        self.label.as_deref().or(self.primary()).unwrap_or_default()
    }
}

/// The gold file read.
#[derive(Debug, Clone)]
pub(super) struct Gold {
    pub(super) rows: Vec<GoldRow>,
    /// Whether the file has a `theme` or `themes` column.
    pub(super) has_themes: bool,
}

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
pub(super) fn read_gold(path: &Path) -> Result<Gold> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
