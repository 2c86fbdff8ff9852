//! Private by default: personal data is taken out of every answer before anything is analysed,
//! cached, indexed or written (issue 14). Each find becomes a tag and is counted:
//!
//! - [`hetu`]: a henkilötunnus whose date and check character are valid → `[hetu]`;
//! - [`email`]: an e-mail address → `[sähköposti]`;
//! - [`phone`]: a Finnish phone number (`040 123 4567`, `09-123 4567`, `+358 50 1234567`),
//!   only in a phone's shape, so dates, times, years, prices and codes stay → `[puhelin]`;
//! - [`iban`]: an IBAN with a valid mod-97 checksum, grouped or not → `[iban]`;
//! - [`words`]: the words of the user's list (`--redact-words FILE`) and their Finnish
//!   inflected forms (`Matti`: `Matin`, `Mattia`, `Matille`) → `[nimi]`.
//!
//! [`redact_corpus`] rewrites a [`Corpus`] in place: the answers' texts and the metadata values.
//! Finds never overlap: the one that starts first wins, then the longer one.

mod email;
mod hetu;
mod iban;
mod phone;
mod words;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::ingest::{Corpus, Meta};

pub use words::WordList;

/// A kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Hetu,
    Email,
    Phone,
    Iban,
    Name,
}

/// Whether the word `word` at byte `start` of `text` is the inside of a redaction tag
/// (`[puhelin]`): the analyzer skips tags.
pub fn is_tag_at(text: &str, start: usize, word: &str) -> bool {
    text[..start].ends_with('[')
        && text[start + word.len()..].starts_with(']')
        && Kind::ALL.iter().any(|k| k.key() == word)
}

impl Kind {
    /// Every kind, in the order of themes.json.
    pub const ALL: [Kind; 5] = [Kind::Hetu, Kind::Email, Kind::Phone, Kind::Iban, Kind::Name];

    /// What replaces it in the text.
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Hetu => "[hetu]",
            Kind::Email => "[sähköposti]",
            Kind::Phone => "[puhelin]",
            Kind::Iban => "[iban]",
            Kind::Name => "[nimi]",
        }
    }

    /// Its name in themes.json and in the tags.
    pub fn key(self) -> &'static str {
        let tag = self.tag();
        &tag[1..tag.len() - 1]
    }
}

/// One find: bytes `from..to` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: usize,
    pub to: usize,
    pub kind: Kind,
}

/// For the detectors' tests: the texts `find` marks in `text`.
#[cfg(test)]
pub(crate) fn found_by(find: fn(&str, &mut Vec<Span>), text: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    find(text, &mut spans);
    spans.iter().map(|s| &text[s.from..s.to]).collect()
}

/// What redaction did in a run, for themes.json (`"redaction"`) and summary.md.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Redaction {
    /// Off only with `--no-redact`.
    pub enabled: bool,
    pub hetu: usize,
    #[serde(rename = "sähköposti")]
    pub email: usize,
    #[serde(rename = "puhelin")]
    pub phone: usize,
    pub iban: usize,
    #[serde(rename = "nimi")]
    pub name: usize,
    /// Answers with at least one find.
    pub answers: usize,
    /// Rows whose metadata had at least one find.
    pub metadata_rows: usize,
    /// Entries of the `--redact-words` list.
    pub words: usize,
}

impl Redaction {
    /// The finds of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Hetu => self.hetu,
            Kind::Email => self.email,
            Kind::Phone => self.phone,
            Kind::Iban => self.iban,
            Kind::Name => self.name,
        }
    }

    fn add(&mut self, kind: Kind) {
        match kind {
            Kind::Hetu => self.hetu += 1,
            Kind::Email => self.email += 1,
            Kind::Phone => self.phone += 1,
            Kind::Iban => self.iban += 1,
            Kind::Name => self.name += 1,
        }
    }

    fn merge(&mut self, other: &Redaction) {
        self.hetu += other.hetu;
        self.email += other.email;
        self.phone += other.phone;
        self.iban += other.iban;
        self.name += other.name;
        self.answers += other.answers;
        self.metadata_rows += other.metadata_rows;
    }

    /// The line summary.md gives it.
    pub fn summary_line(&self) -> String {
        if !self.enabled {
            return "Personal data: not redacted (`--no-redact`).".to_string();
        }
        if self.answers == 0 && self.metadata_rows == 0 {
            return "Personal data: none found (henkilötunnus, e-mail addresses, phone numbers, \
                    IBANs and listed words are redacted)."
                .to_string();
        }
        let counts: Vec<String> = Kind::ALL
            .iter()
            .filter(|&&k| self.count(k) > 0)
            .map(|&k| format!("{} {}", self.count(k), k.key()))
            .collect();
        format!(
            "Personal data redacted (tags such as `[puhelin]` in the text): {}; in {} answers{}.",
            counts.join(", "),
            self.answers,
            match self.metadata_rows {
                0 => String::new(),
                1 => " and the metadata of 1 row".to_string(),
                n => format!(" and the metadata of {n} rows"),
            }
        )
    }
}

/// Finds personal data in texts and replaces it with tags.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    words: WordList,
}

impl Redactor {
    /// The built-in detectors and the words of `words`.
    pub fn new(words: WordList) -> Self {
        Redactor { words }
    }

    /// Entries of the word list.
    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// The finds in `text`, in order, none overlapping.
    pub fn find(&self, text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        if text
            .bytes()
            .any(|b| b.is_ascii_digit() || b == b'@' || b == b')' || b == b']')
        {
            email::find(text, &mut spans);
            iban::find(text, &mut spans);
            hetu::find(text, &mut spans);
            phone::find(text, &mut spans);
        }
        self.words.find(text, &mut spans);
        spans.sort_by_key(|s| (s.from, std::cmp::Reverse(s.to)));
        let mut end = 0;
        spans.retain(|s| {
            let keep = s.from >= end;
            if keep {
                end = s.to;
            }
            keep
        });
        spans
    }

    /// `text` with every find replaced by its tag, counted in `counts`; `None` when there is
    /// nothing to replace.
    pub fn redact(&self, text: &str, counts: &mut Redaction) -> Option<String> {
        let spans = self.find(text);
        if spans.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for s in spans {
            out.push_str(&text[at..s.from]);
            out.push_str(s.kind.tag());
            counts.add(s.kind);
            at = s.to;
        }
        out.push_str(&text[at..]);
        Some(out)
    }

    /// A text with its finds replaced (for tests and one-off use).
    pub fn redacted(&self, text: &str) -> String {
        self.redact(text, &mut Redaction::default())
            .unwrap_or_else(|| text.to_string())
    }
}

/// Replaces the personal data in every answer's text and in every metadata value of `corpus`,
/// in parallel over the answers; the counts are the same whatever the number of threads.
pub fn redact_corpus(corpus: &mut Corpus, redactor: &Redactor) -> Redaction {
    let mut total = Redaction {
        enabled: true,
        words: redactor.word_count(),
        ..Redaction::default()
    };
    let parts = crate::parallel::map_chunks(&corpus.answers, |chunk| {
        let mut counts = Redaction::default();
        let texts: Vec<Option<String>> = chunk
            .iter()
            .map(|a| {
                let new = redactor.redact(&a.text, &mut counts);
                counts.answers += usize::from(new.is_some());
                new
            })
            .collect();
        (texts, counts)
    });
    let mut answers = corpus.answers.iter_mut();
    for (texts, counts) in parts {
        total.merge(&counts);
        for (answer, text) in answers.by_ref().zip(texts) {
            if let Some(text) = text {
                answer.text = text;
            }
        }
    }
    redact_meta(corpus, redactor, &mut total);
    // Reasons and warnings are written to themes.json and skipped.csv too.
    for skipped in &mut corpus.skipped {
        if let Some(reason) = redactor.redact(&skipped.reason, &mut total) {
            skipped.reason = reason;
        }
    }
    for warning in corpus.files.iter_mut().flat_map(|f| &mut f.warnings) {
        if let Some(new) = redactor.redact(warning, &mut total) {
            *warning = new;
        }
    }
    total
}

/// What an index was built from, as far as redaction goes: `off`, or the detectors' version
/// and a hash of the word list. A run whose settings differ from the index's rebuilds the index
/// rather than updating it in place: deleted documents stay in Tantivy's files until a merge,
/// and with them the text an earlier run did not redact.
pub fn settings_id(redactor: Option<&Redactor>) -> String {
    match redactor {
        None => "off".to_string(),
        Some(r) => format!("on v{DETECTORS} {:016x}", r.words.fingerprint()),
    }
}

/// The version of the detectors; a change that finds more raises it.
const DETECTORS: u32 = 1;

/// The file beside the index that records [`settings_id`].
const MARKER: &str = "teema-redaction.txt";

/// Whether the index in `dir` was built with the settings `id`.
pub fn index_matches(dir: &std::path::Path, id: &str) -> bool {
    std::fs::read_to_string(dir.join(MARKER)).is_ok_and(|s| s.trim() == id)
}

/// Records the settings `id` beside the index in `dir`.
pub fn mark_index(dir: &std::path::Path, id: &str) -> crate::Result<()> {
    let path = dir.join(MARKER);
    std::fs::write(&path, format!("{id}\n")).map_err(|e| crate::Error::io(&path, e))
}

/// The metadata of each row (shared by its answers) redacted once.
fn redact_meta(corpus: &mut Corpus, redactor: &Redactor, total: &mut Redaction) {
    let mut done: HashMap<*const (Arc<str>, Arc<str>), Meta> = HashMap::new();
    for answer in &mut corpus.answers {
        let key = answer.meta.as_ptr();
        if let Some(meta) = done.get(&key) {
            answer.meta = Arc::clone(meta);
            continue;
        }
        let mut changed = false;
        let meta: Vec<(Arc<str>, Arc<str>)> = answer
            .meta
            .iter()
            .map(|(column, value)| {
                let new = redactor.redact(value, total);
                changed |= new.is_some();
                let value = new.map_or_else(|| Arc::clone(value), Arc::from);
                (Arc::clone(column), value)
            })
            .collect();
        let meta: Meta = if changed {
            total.metadata_rows += 1;
            meta.into()
        } else {
            Arc::clone(&answer.meta)
        };
        done.insert(key, Arc::clone(&meta));
        answer.meta = meta;
    }
}

/// The character before byte `at`.
fn before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// Adds a `kind` span for each find of a number-like detector: at every byte `i` where
/// `starts(bytes, i)` holds and the text starts clear, `at(text, i)` gives the find's end, if
/// there is one; the scan goes on after each find.
fn scan(
    text: &str,
    kind: Kind,
    out: &mut Vec<Span>,
    starts: impl Fn(&[u8], usize) -> bool,
    at: impl Fn(&str, usize) -> Option<usize>,
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if starts(bytes, i) && starts_clear(text, i) {
            if let Some(to) = at(text, i) {
                out.push(Span { from: i, to, kind });
                i = to;
                continue;
            }
        }
        i += 1;
    }
}

/// The character at byte `at`.
fn after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Whether a number-like find may start at `at`: not inside a word or a longer number (a
/// letter or digit before it, `-` `–` `/` `+` right after one, or `.` `,` `:` right after a
/// digit).
fn starts_clear(text: &str, at: usize) -> bool {
    match before(text, at) {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some(c) if "-–/+".contains(c) => {
            !before(text, at - c.len_utf8()).is_some_and(|d| d.is_alphanumeric())
        }
        Some(c) if ".,:".contains(c) => {
            !before(text, at - c.len_utf8()).is_some_and(|d| d.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// Whether a number-like find may end at `at`: not followed by a letter or digit, nor by
/// `.` `,` `/` `-` `–` `:` and a digit (a longer number, a range, a time).
fn ends_clear(text: &str, at: usize) -> bool {
    match after(text, at) {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' || c == '%' => false,
        Some(c) if ".,/-–:".contains(c) => {
            !after(text, at + c.len_utf8()).is_some_and(|d| d.is_ascii_digit())
        }
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests;
