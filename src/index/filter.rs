//! Which answers a search looks at: the [`Filter`]s of `--question`, `--theme`, `--source`
//! and `--where`, each one exact, lowercased term of the index's `filter` field
//! (`theme=time_shortage`, `meta:rooli=somevastaava`), and the check that a filter names a
//! value some answer has, listing the values there are when it does not.

use std::collections::BTreeSet;

use tantivy::schema::Field;
use tantivy::Term;

use super::OpenIndex;
use crate::error::{Error, Result};

/// The `filter` term of a field and value: lowercase, trimmed.
pub(super) fn filter_term(field: &str, value: &str) -> String {
    format!(
        "{}={}",
        field.trim().to_lowercase(),
        value.trim().to_lowercase()
    )
}

/// A restriction of a search to answers with an exact (case-insensitive) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Question(String),
    Theme(String),
    Source(String),
    /// A metadata column and its value (`--where Rooli=Yhteisömanageri`).
    Meta(String, String),
}

impl Filter {
    pub(super) fn term(&self) -> String {
        match self {
            Filter::Question(v) => filter_term("question", v),
            Filter::Theme(v) => filter_term("theme", v),
            Filter::Source(v) => filter_term("source", v),
            Filter::Meta(k, v) => filter_term(&format!("meta:{k}"), v),
        }
    }

    /// `COLUMN=VALUE` of `--where`.
    pub fn parse_where(s: &str) -> std::result::Result<Filter, String> {
        match s.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok(Filter::Meta(k.to_string(), v.to_string())),
            _ => Err(format!(
                "--where {s:?}: expected COLUMN=VALUE, e.g. --where \"Rooli=Yhteisömanageri\""
            )),
        }
    }
}

/// The most values an unknown-filter message lists.
const LISTED: usize = 30;

/// Fails with [`Error::UnknownFilter`] if a filter's term is in no document of the index.
pub(super) fn check(index: &OpenIndex, field: Field, filters: &[Filter]) -> Result<()> {
    let searcher = index.searcher();
    for filter in filters {
        let term = Term::from_field_text(field, &filter.term());
        if searcher.doc_freq(&term).map_err(|e| index.error(e))? > 0 {
            continue;
        }
        let values = |prefix: &str| values_with_prefix(index, field, prefix);
        let message = match filter {
            Filter::Question(v) => unknown(
                "--question",
                v,
                "a question",
                "the questions",
                values("question=")?,
            ),
            Filter::Theme(v) => unknown("--theme", v, "a theme", "the themes", values("theme=")?),
            Filter::Source(v) => {
                unknown("--source", v, "a source", "the sources", values("source=")?)
            }
            Filter::Meta(column, value) => {
                let known = values(&filter_term(&format!("meta:{column}"), ""))?;
                if known.is_empty() {
                    let columns: BTreeSet<String> = values("meta:")?
                        .into_iter()
                        .filter_map(|c| c.split_once('=').map(|(c, _)| c.to_string()))
                        .collect();
                    format!(
                        "--where \"{column}={value}\": {column} is not a metadata column; \
                         the metadata columns are: {}",
                        listed(columns)
                    )
                } else {
                    format!(
                        "--where \"{column}={value}\": no answer has this value; \
                         the values of {column} are: {}",
                        listed(known)
                    )
                }
            }
        };
        return Err(Error::UnknownFilter(message));
    }
    Ok(())
}

fn unknown(option: &str, value: &str, what: &str, all: &str, known: BTreeSet<String>) -> String {
    format!(
        "{option} {value:?} is not {what} of any answer; {all} are: {}",
        listed(known)
    )
}

/// At most [`LISTED`] values, comma-separated, and how many more there are.
fn listed(values: BTreeSet<String>) -> String {
    if values.is_empty() {
        return "(none)".into();
    }
    let more = values.len().saturating_sub(LISTED);
    let mut out = values
        .into_iter()
        .take(LISTED)
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        out.push_str(&format!(" … and {more} more"));
    }
    out
}

/// What follows `prefix` in every term of `field` that begins with it.
fn values_with_prefix(index: &OpenIndex, field: Field, prefix: &str) -> Result<BTreeSet<String>> {
    let io = |e: std::io::Error| index.error(e.into());
    let mut values = BTreeSet::new();
    for segment in index.searcher().segment_readers() {
        let inverted = segment.inverted_index(field).map_err(|e| index.error(e))?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix)
            .into_stream()
            .map_err(io)?;
        while stream.advance() {
            let Some(rest) = stream.key().strip_prefix(prefix.as_bytes()) else {
                break;
            };
            values.insert(String::from_utf8_lossy(rest).into_owned());
        }
    }
    Ok(values)
}
