//! Where is the quote? A Tantivy index on disk (`OUT/index/`) of every answer, analysed by the
//! one Finnish analyzer (registered as [`TOKENIZER_NAME`]), with the fields needed to cite it:
//! id, source file, row, question and theme, and a `filter` field of exact, lowercased
//! `question=…`, `theme=…`, `source=…` and `meta:COLUMN=…` terms that [`Filter`]s match.

use std::path::Path;
use std::sync::Arc;

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::{doc, Index, IndexWriter, Term};

use crate::analysis::{Analyzer, TOKENIZER_NAME};
use crate::error::{Error, Result};
use crate::ingest::Answer;

/// The fields of the index.
struct Fields {
    id: Field,
    source: Field,
    row: Field,
    question: Field,
    theme: Field,
    text: Field,
    filter: Field,
}

/// The revision of the index's schema: bump it when the schema changes, so that the next run
/// builds the index afresh instead of updating one of the old schema (2: `source` and `row`
/// are fast fields).
pub const SCHEMA_REVISION: u32 = 2;

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text_options = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        // Fast: `kwic` orders the answers by them without reading the stored ones.
        source: builder.add_text_field("source", STRING | STORED | FAST),
        row: builder.add_u64_field("row", INDEXED | STORED | FAST),
        question: builder.add_text_field("question", STRING | STORED),
        theme: builder.add_text_field("theme", STRING | STORED),
        text: builder.add_text_field("text", text_options),
        filter: builder.add_text_field("filter", STRING),
    };
    (builder.build(), fields)
}

fn fields_of(schema: &Schema) -> std::result::Result<Fields, tantivy::TantivyError> {
    Ok(Fields {
        id: schema.get_field("id")?,
        source: schema.get_field("source")?,
        row: schema.get_field("row")?,
        question: schema.get_field("question")?,
        theme: schema.get_field("theme")?,
        text: schema.get_field("text")?,
        filter: schema.get_field("filter")?,
    })
}

mod filter;
mod search;

pub use filter::Filter;
pub use search::{
    index_dir, search, search_with_notes, Found, Hit, OpenIndex, SearchRequest, StoredAnswer,
};

/// One answer to index, with the themes it was given.
pub struct IndexEntry<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub row: usize,
    pub question: &'a str,
    /// Its themes, first mentioned first: each is a `theme=…` filter term of its own, so that
    /// `--theme KEY` finds every answer that carries KEY; stored `;`-joined.
    pub themes: &'a [crate::report::Key],
    pub text: &'a str,
    /// (column, value) of each metadata column.
    pub meta: Vec<(&'a str, &'a str)>,
}

impl<'a> IndexEntry<'a> {
    /// An ingested answer with its themes.
    pub fn of_answer(a: &'a Answer, themes: &'a [crate::report::Key]) -> Self {
        IndexEntry {
            id: &a.id,
            source: &a.source,
            row: a.row,
            question: &a.question,
            themes,
            text: &a.text,
            meta: a.meta.iter().map(|(k, v)| (&**k, &**v)).collect(),
        }
    }
}

/// Builds a fresh index in `dir` (an index already there is replaced; any other non-empty
/// folder is refused). `on_doc` is called after each document, for progress.
pub fn build<'a>(
    dir: &Path,
    analyzer: &Arc<Analyzer>,
    entries: impl IntoIterator<Item = IndexEntry<'a>>,
    on_doc: impl FnMut(),
) -> Result<usize> {
    prepare_dir(dir)?;
    let (schema, _) = schema();
    let index = Index::create_in_dir(dir, schema).map_err(|source| Error::Index {
        path: dir.to_path_buf(),
        source,
    })?;
    write(dir, index, analyzer, &[], entries, on_doc)
}

/// Updates the index in `dir` made by an earlier run: removes the documents with the ids in
/// `remove`, adds `entries`, and records `analyzer` (its compounds may have changed) as the
/// index's analyzer. Returns the number of documents added.
pub fn update<'a>(
    dir: &Path,
    analyzer: &Arc<Analyzer>,
    remove: &[&str],
    entries: impl IntoIterator<Item = IndexEntry<'a>>,
    on_doc: impl FnMut(),
) -> Result<usize> {
    let index = Index::open_in_dir(dir).map_err(|source| Error::Index {
        path: dir.to_path_buf(),
        source,
    })?;
    write(dir, index, analyzer, remove, entries, on_doc)
}

fn write<'a>(
    dir: &Path,
    index: Index,
    analyzer: &Arc<Analyzer>,
    remove: &[&str],
    entries: impl IntoIterator<Item = IndexEntry<'a>>,
    mut on_doc: impl FnMut(),
) -> Result<usize> {
    let err = |source| Error::Index {
        path: dir.to_path_buf(),
        source,
    };
    let f = fields_of(&index.schema()).map_err(err)?;
    index
        .tokenizers()
        .register(TOKENIZER_NAME, analyzer.tantivy());
    analyzer.save_config(dir)?;
    // Two indexing threads from 50k answers on. Below, one: a single segment in insertion
    // order, so that hits with equal scores always come in the same order.
    let entries = entries.into_iter();
    let threads = if entries.size_hint().0 < 50_000 {
        1
    } else {
        crate::parallel::threads().min(2)
    };
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, 100_000_000 * threads)
        .map_err(err)?;
    for id in remove {
        writer.delete_term(Term::from_field_text(f.id, id));
    }
    let mut count = 0;
    for entry in entries {
        let a = entry;
        let mut document = doc!(
            f.id => a.id,
            f.source => a.source,
            f.row => a.row as u64,
            f.question => a.question,
            f.theme => a.themes.join(";"),
            f.text => a.text,
        );
        let filters = [
            Filter::Question(a.question.to_string()),
            Filter::Source(a.source.to_string()),
        ]
        .into_iter()
        .chain(a.themes.iter().map(|t| Filter::Theme(t.to_string())))
        .chain(
            a.meta
                .iter()
                .map(|&(k, v)| Filter::Meta(k.to_string(), v.to_string())),
        );
        for filter in filters {
            document.add_text(f.filter, filter.term());
        }
        writer.add_document(document).map_err(err)?;
        count += 1;
        on_doc();
    }
    crate::fault::point("index-commit")?;
    writer.commit().map_err(err)?;
    writer.wait_merging_threads().map_err(err)?;
    Ok(count)
}

fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let is_index = dir.join("meta.json").exists();
        let is_empty = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_none();
        if !is_index && !is_empty {
            return Err(Error::input(
                dir,
                "exists and is not a teema index; choose another --out folder",
            ));
        }
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}
