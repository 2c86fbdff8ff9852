//! One data row to answers: each free-text cell an [`Answer`], with an id that is unique in
//! the run, unless the same respondent gave the same text to the same question before.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::mojibake::MojibakeCount;
use super::table::TableShape;
use super::{Answer, FileReport, Meta, RowOutcome, Run};

impl Run<'_> {
    /// Takes the answers of one row.
    pub(super) fn row(
        &mut self,
        shape: &TableShape,
        row: usize,
        mut cells: Vec<String>,
        report: &mut FileReport,
        mojibake: &mut MojibakeCount,
    ) -> RowOutcome {
        let TableShape {
            source,
            questions,
            roles,
            meta_names,
            ..
        } = shape;
        cells.resize(questions.len(), String::new());
        let respondent = roles
            .id
            .map(|i| cells[i].trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        let several = roles.text.len() > 1;
        let (mut taken, mut duplicates) = (0, 0);
        let mut meta: Option<Meta> = None;
        let row_question: Option<Arc<str>> = roles
            .question
            .map(|i| cells[i].trim())
            .filter(|q| !q.is_empty())
            .map(Arc::from);
        for (q, &col) in roles.text.iter().enumerate() {
            if cells[col].trim().is_empty() {
                continue;
            }
            let question = row_question.as_ref().unwrap_or(&questions[col]);
            if let Some(respondent) = &respondent {
                // A row counter names another respondent in another file: such ids are
                // compared within the file only.
                let file = is_row_counter(respondent).then_some(self.seen_files.len());
                let key = hash_of(&(respondent, &**question, cells[col].trim(), file));
                if !self.seen_answers.insert(key) {
                    duplicates += 1;
                    continue;
                }
            }
            let text = trimmed(std::mem::take(&mut cells[col]));
            mojibake.check(&text, row);
            let id = self.answer_id(respondent.as_deref(), several.then_some(q), source, row);
            let values = &mut self.meta_values;
            let meta = meta
                .get_or_insert_with(|| {
                    roles
                        .meta
                        .iter()
                        .zip(meta_names)
                        .map(|(&i, name)| (name.clone(), values.get(cells[i].trim())))
                        .collect()
                })
                .clone();
            self.corpus.answers.push(Answer {
                id,
                source: source.clone(),
                row,
                question: question.clone(),
                text,
                meta,
            });
            taken += 1;
        }
        report.answers += taken;
        report.answers_duplicate += duplicates;
        if taken > 0 {
            RowOutcome::Ingested
        } else if duplicates > 0 {
            RowOutcome::Duplicate
        } else {
            RowOutcome::Empty
        }
    }

    /// The id of an answer: the respondent's, else `source:row`, with `.qN` for the answer to
    /// the row's `N`th free-text question (`question`, 0-based) when the row holds several;
    /// made unique in the run with `@source:row` when an earlier answer has it.
    fn answer_id(
        &mut self,
        respondent: Option<&str>,
        question: Option<usize>,
        source: &str,
        row: usize,
    ) -> String {
        let mut id = match (respondent, question) {
            (Some(r), None) => r.to_string(),
            (Some(r), Some(q)) => {
                // The most common id by far: built without the formatting machinery.
                let mut id = String::with_capacity(r.len() + 4);
                id.push_str(r);
                id.push_str(".q");
                id.push_str(&(q + 1).to_string());
                id
            }
            (None, None) => format!("{source}:{row}"),
            (None, Some(q)) => format!("{source}:{row}.q{}", q + 1),
        };
        if !self.seen_ids.insert(hash_of(&id)) {
            id = format!("{id}@{source}:{row}");
            self.seen_ids.insert(hash_of(&id));
        }
        id
    }
}

/// An id that is a plain number of a few digits (`1`, `007`): the row counter every export
/// starts again from 1, not a respondent's identity across files (`R_3kX…`, `V001`,
/// SurveyMonkey's 11-digit ids).
fn is_row_counter(id: &str) -> bool {
    id.len() < 6 && id.bytes().all(|b| b.is_ascii_digit())
}

/// Sets of [`hash_of`] values: the keys are hashes already, so hashing them again is waste.
pub(super) type Prehashed = std::hash::BuildHasherDefault<KeyIsHash>;

/// A hasher for `u64` keys that are themselves hashes.
#[derive(Default)]
pub(super) struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A 64-bit hash, to remember ids and answers seen without keeping copies of them.
fn hash_of(value: &impl Hash) -> u64 {
    // FxHash (fast on short strings), then splitmix64's finaliser so that every bit of the
    // result depends on every input bit: the sets using it take the hash as it is.
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    let mut z = h.finish();
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The string without surrounding whitespace, reusing its buffer when nothing is cut.
fn trimmed(s: String) -> String {
    let t = s.trim();
    if t.len() == s.len() {
        s
    } else {
        t.to_string()
    }
}
