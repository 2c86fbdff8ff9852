//! JSON exports: an array of objects (or an object holding one, like `{"responses": […]}`),
//! and JSONL with one object per line. Nested objects are flattened to dotted keys
//! (`meta.kanava`), arrays of plain values joined with `; `. The columns are the union of keys
//! in first-seen order.

use std::collections::HashMap;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::decode::Decoded;
use super::{Layout, RawRow, Table};

/// Collects rows of flattened objects and the union of their keys.
#[derive(Default)]
struct Collector {
    columns: Vec<String>,
    index: HashMap<String, usize>,
    rows: Vec<RawRow>,
}

impl Collector {
    fn object(&mut self, row: usize, obj: Map<String, Value>) {
        let mut flat = Vec::new();
        flatten("", obj, &mut flat);
        let mut cells = vec![String::new(); self.columns.len()];
        // `{"a.b": 1, "a": {"b": 2}}` flattens to `a.b` twice: the second becomes `a.b (2)`.
        let mut taken: HashSet<String> = HashSet::new();
        for (mut key, value) in flat {
            if !taken.insert(key.clone()) {
                let base = key.clone();
                let mut n = 2;
                while !taken.insert(format!("{base} ({n})")) {
                    n += 1;
                }
                key = format!("{base} ({n})");
            }
            let i = *self.index.entry(key.clone()).or_insert_with(|| {
                self.columns.push(key);
                self.columns.len() - 1
            });
            if i >= cells.len() {
                cells.resize(i + 1, String::new());
            }
            cells[i] = value;
        }
        self.rows.push(RawRow::Cells(row, cells));
    }

    fn value(&mut self, row: usize, value: Value, what: &str) {
        match value {
            Value::Object(obj) => self.object(row, obj),
            other => self.rows.push(RawRow::Bad(
                row,
                format!("{what} is {}, not an object", kind(&other)),
            )),
        }
    }

    fn into_table<'a>(self, source: &str, format: &str, encoding: String) -> Table<'a> {
        let width = self.columns.len();
        let rows = self.rows.into_iter().map(move |r| match r {
            RawRow::Cells(row, mut cells) => {
                cells.resize(width, String::new());
                RawRow::Cells(row, cells)
            }
            bad => bad,
        });
        Table {
            source: source.to_string(),
            format: format.to_string(),
            encoding: Some(encoding),
            delimiter: None,
            layout: Layout::Known(self.columns),
            notes: Vec::new(),
            rows: Box::new(rows),
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn flatten(prefix: &str, obj: Map<String, Value>, out: &mut Vec<(String, String)>) {
    for (key, value) in obj {
        let key = if prefix.is_empty() {
            key
        } else {
            format!("{prefix}.{key}")
        };
        flatten_value(key, value, out);
    }
}

fn flatten_value(key: String, value: Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(inner) => flatten(&key, inner, out),
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            let joined: Vec<String> = items.iter().map(scalar).collect();
            out.push((key, joined.join("; ")));
        }
        // Typeform-like `answers: [{"q": "…?", "a": "…"}]`: each pair is a column named by
        // its question; other items are numbered (`answers.1.x`).
        Value::Array(items) => {
            for (n, item) in items.into_iter().enumerate() {
                let numbered = format!("{key}.{}", n + 1);
                match item {
                    Value::Object(inner) => match question_answer(&inner) {
                        Some(pair) => out.push(pair),
                        None => flatten(&numbered, inner, out),
                    },
                    other => flatten_value(numbered, other, out),
                }
            }
        }
        other => out.push((key, scalar(&other))),
    }
}

/// A question and its answer in one object: the question from `q`, `question`, `title` or
/// `field.title`; the answer from `a`, `answer`, `text` or `value`.
fn question_answer(obj: &Map<String, Value>) -> Option<(String, String)> {
    let question = ["q", "question", "title"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
        .or_else(|| obj.get("field")?.get("title")?.as_str())?;
    let answer = ["a", "answer", "text", "value"]
        .iter()
        .find_map(|k| obj.get(*k))?;
    let text = match answer {
        Value::Array(items) => items.iter().map(answer_text).collect::<Vec<_>>().join("; "),
        other => answer_text(other),
    };
    Some((question.trim().to_string(), text))
}

/// The text of an answer value: a string, a number, or an object's `text`, `value` or
/// `label`.
fn answer_text(value: &Value) -> String {
    match value {
        Value::Object(o) => ["text", "value", "label"]
            .iter()
            .find_map(|k| o.get(*k))
            .map_or_else(|| value.to_string(), scalar),
        other => scalar(other),
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Keys under which exports keep their list of answers.
const LIST_KEYS: &[&str] = &[
    "responses",
    "data",
    "items",
    "answers",
    "results",
    "vastaukset",
];

/// A JSON file: an array of objects (read item by item), or an object with one such array.
pub fn read_array<'a>(decoded: Decoded, source: &str, format: &str) -> Result<Table<'a>, String> {
    let Decoded { reader, name, .. } = decoded;
    let mut reader = BufReader::new(reader);
    let first = loop {
        let buf = reader.fill_buf().map_err(|e| format!("cannot read: {e}"))?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                reader.consume(i);
                break Some(b);
            }
            None if buf.is_empty() => break None,
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    };
    let mut collector = Collector::default();
    match first {
        None => return Err("the file is empty".to_string()),
        Some(b'[') => {
            let mut de = serde_json::Deserializer::from_reader(reader);
            de.deserialize_seq(ArrayVisitor(&mut collector))
                .map_err(|e| format!("invalid JSON: {e}"))?;
            de.end().map_err(|e| format!("invalid JSON: {e}"))?;
        }
        Some(_) => {
            let value: Value = serde_json::from_reader(reader).map_err(|e| {
                if e.to_string().contains("trailing characters") {
                    format!(
                        "invalid JSON: {e}; if the file holds one object per line (JSON \
                         Lines), name it .jsonl"
                    )
                } else {
                    format!("invalid JSON: {e}")
                }
            })?;
            let Value::Object(mut obj) = value else {
                return Err("expected a JSON array of objects (one object per answer)".to_string());
            };
            let key = LIST_KEYS
                .iter()
                .map(|k| k.to_string())
                .find(|k| obj.get(k).is_some_and(Value::is_array))
                .or_else(|| {
                    let arrays: Vec<&String> = obj
                        .iter()
                        .filter(|(_, v)| v.is_array())
                        .map(|(k, _)| k)
                        .collect();
                    (arrays.len() == 1).then(|| arrays[0].clone())
                })
                .ok_or_else(|| {
                    "expected a JSON array of objects, or an object with one such array \
                     (like {\"responses\": [...]})"
                        .to_string()
                })?;
            if let Some(Value::Array(items)) = obj.remove(&key) {
                for (i, item) in items.into_iter().enumerate() {
                    collector.value(i + 1, item, &format!("item {}", i + 1));
                }
            }
        }
    }
    Ok(collector.into_table(source, format, name))
}

/// Hands every item of a JSON array to the collector as it is parsed.
struct ArrayVisitor<'c>(&'c mut Collector);

impl<'de> Visitor<'de> for ArrayVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(item) = seq.next_element::<Value>()? {
            i += 1;
            self.0.value(i, item, &format!("item {i}"));
        }
        Ok(())
    }
}

/// JSONL: one object per line; the row is the line number. Blank lines are not rows.
pub fn read_lines<'a>(decoded: Decoded, source: &str, format: &str) -> Table<'a> {
    let Decoded { reader, name, .. } = decoded;
    let mut collector = Collector::default();
    let mut reader = BufReader::new(reader);
    let mut line = Vec::new();
    let mut row = 0;
    loop {
        match super::text::read_line(&mut reader, &mut line) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                collector.rows.push(RawRow::Bad(
                    row + 1,
                    format!("cannot read on from here: {e}"),
                ));
                break;
            }
        }
        row += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match std::str::from_utf8(&line) {
            Ok(t) => t,
            Err(_) => {
                collector.rows.push(RawRow::Bad(
                    row,
                    "not valid UTF-8; JSON must be UTF-8".to_string(),
                ));
                continue;
            }
        };
        match serde_json::from_str::<Value>(text.trim()) {
            Ok(value) => collector.value(row, value, "the line"),
            Err(e) => collector
                .rows
                .push(RawRow::Bad(row, format!("invalid JSON: {e}"))),
        }
    }
    collector.into_table(source, format, name)
}
