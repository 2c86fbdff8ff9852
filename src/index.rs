//! Where is the quote? A Tantivy index on disk (`OUT/index/`) of every answer, analysed by the
//! one Finnish analyzer (registered as [`TOKENIZER_NAME`]), with the fields needed to cite it:
//! id, source file, row, question and theme, and a `filter` field of exact, lowercased
//! `question=…`, `theme=…`, `source=…` and `meta:COLUMN=…` terms that [`Filter`]s match.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, INDEXED, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, IndexWriter, TantivyDocument, Term};

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
        source: builder.add_text_field("source", STRING | STORED),
        row: builder.add_u64_field("row", INDEXED | STORED),
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

/// The `filter` term of a field and value: lowercase, trimmed.
fn filter_term(field: &str, value: &str) -> String {
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
    fn term(&self) -> String {
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

/// One answer to index, with the theme it was given.
pub struct IndexEntry<'a> {
    pub answer: &'a Answer,
    pub theme: &'a str,
}

/// Builds a fresh index in `dir` (an index already there is replaced; any other non-empty
/// folder is refused). `on_doc` is called after each document, for progress.
pub fn build<'a>(
    dir: &Path,
    analyzer: &Arc<Analyzer>,
    entries: impl IntoIterator<Item = IndexEntry<'a>>,
    mut on_doc: impl FnMut(),
) -> Result<usize> {
    let err = |source| Error::Index {
        path: dir.to_path_buf(),
        source,
    };
    prepare_dir(dir)?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema).map_err(err)?;
    index
        .tokenizers()
        .register(TOKENIZER_NAME, analyzer.tantivy());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 64_000_000).map_err(err)?;
    let mut count = 0;
    for entry in entries {
        let a = entry.answer;
        let mut document = doc!(
            f.id => a.id.as_str(),
            f.source => &*a.source,
            f.row => a.row as u64,
            f.question => &*a.question,
            f.theme => entry.theme,
            f.text => a.text.as_str(),
        );
        let filters = [
            Filter::Question(a.question.to_string()),
            Filter::Theme(entry.theme.to_string()),
            Filter::Source(a.source.to_string()),
        ]
        .into_iter()
        .chain(
            a.meta
                .iter()
                .map(|(k, v)| Filter::Meta(k.to_string(), v.clone())),
        );
        for filter in filters {
            document.add_text(f.filter, filter.term());
        }
        writer.add_document(document).map_err(err)?;
        count += 1;
        on_doc();
    }
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

/// One search result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub id: String,
    pub source: String,
    pub row: u64,
    pub question: String,
    pub theme: String,
    pub score: f32,
    /// The whole answer.
    pub text: String,
    /// The part of the answer shown, at most a few hundred characters.
    pub snippet: String,
    /// Byte ranges of the matched words within `snippet`.
    pub highlights: Vec<(usize, usize)>,
}

/// Searches the index in `out/index` (or `out` itself if it is the index folder).
/// What to search for and which hits to return.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    /// All must match.
    pub filters: Vec<Filter>,
    pub limit: usize,
    /// Hits to skip first (for paging).
    pub offset: usize,
}

pub fn search(out: &Path, request: &SearchRequest) -> Result<Vec<Hit>> {
    let query = request.query.as_str();
    let dir = index_dir(out);
    let err = |source| Error::Index {
        path: dir.clone(),
        source,
    };
    if !dir.join("meta.json").exists() {
        return Err(Error::input(
            &dir,
            "no teema index here; run `teema run DIR --out OUT` first and search OUT",
        ));
    }
    let index = Index::open_in_dir(&dir).map_err(err)?;
    index
        .tokenizers()
        .register(TOKENIZER_NAME, Arc::new(Analyzer::for_index(&dir)?).tantivy());
    let f = fields_of(&index.schema()).map_err(|_| {
        Error::input(
            &dir,
            "this index was built by an older teema; run `teema run` again to rebuild it",
        )
    })?;
    let reader = index.reader().map_err(err)?;
    let searcher = reader.searcher();
    let parser = QueryParser::for_index(&index, vec![f.text]);
    // An empty query (or `*`) with filters lists every answer that passes them.
    let parsed: Box<dyn Query> = if query.trim().is_empty() || query.trim() == "*" {
        Box::new(tantivy::query::AllQuery)
    } else {
        parser.parse_query(query).map_err(|e| Error::Query {
            query: query.to_string(),
            message: e.to_string(),
        })?
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed.box_clone())];
    for filter in &request.filters {
        let term = Term::from_field_text(f.filter, &filter.term());
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        ));
    }
    let combined = BooleanQuery::new(clauses);
    let top = searcher
        .search(
            &combined,
            &TopDocs::with_limit(request.limit.max(1))
                .and_offset(request.offset)
                .order_by_score(),
        )
        .map_err(err)?;
    let mut snippets = SnippetGenerator::create(&searcher, &*parsed, f.text).map_err(err)?;
    snippets.set_max_num_chars(300);
    let mut hits = Vec::new();
    for (score, address) in top {
        let doc: TantivyDocument = searcher.doc(address).map_err(err)?;
        let text_of = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let snippet = snippets.snippet_from_doc(&doc);
        let (fragment, highlights) = if snippet.is_empty() {
            (text_of(f.text).chars().take(300).collect(), Vec::new())
        } else {
            (
                snippet.fragment().to_string(),
                snippet
                    .highlighted()
                    .iter()
                    .map(|r| (r.start, r.end))
                    .collect(),
            )
        };
        hits.push(Hit {
            id: text_of(f.id),
            source: text_of(f.source),
            row: doc.get_first(f.row).and_then(|v| v.as_u64()).unwrap_or(0),
            question: text_of(f.question),
            theme: text_of(f.theme),
            score,
            text: text_of(f.text),
            snippet: fragment,
            highlights,
        });
    }
    Ok(hits)
}

/// `out/index` if it exists, else `out`.
pub fn index_dir(out: &Path) -> PathBuf {
    let nested = out.join("index");
    if nested.join("meta.json").exists() || !out.join("meta.json").exists() {
        nested
    } else {
        out.to_path_buf()
    }
}

impl Hit {
    /// The snippet with each highlighted range wrapped in `open` and `close`.
    pub fn marked_snippet(&self, open: &str, close: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for &(from, to) in &self.highlights {
            if from < last || to > self.snippet.len() {
                continue;
            }
            out.push_str(&self.snippet[last..from]);
            out.push_str(open);
            out.push_str(&self.snippet[from..to]);
            out.push_str(close);
            last = to;
        }
        out.push_str(&self.snippet[last..]);
        out
    }
}
