//! Reading the index: [`OpenIndex`] opens it once with the analyzer it was built with, and
//! [`search`] runs a [`SearchRequest`] (teema's query language, [`Filter`]s, limit and
//! offset) on it, giving [`Hit`]s with a snippet and highlight ranges.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, EmptyQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, TantivyDocument, Term};

use super::{fields_of, filter, Fields, Filter};
use crate::analysis::{Analyzer, TOKENIZER_NAME};
use crate::error::{Error, Result};
use crate::query;

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

/// What to search for and which hits to return.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// In teema's query language ([`crate::query`]); empty or `*`: every answer.
    pub query: String,
    /// All must match.
    pub filters: Vec<Filter>,
    /// Most hits to return; 0: none. Larger than the index: every hit.
    pub limit: usize,
    /// Hits to skip first (for paging).
    pub offset: usize,
}

/// The hits of a search, and what the user should know about how the query was read.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Words left out of the query, prefixes or typos that matched nothing or too much; one
    /// sentence each, for stderr.
    pub notes: Vec<String>,
    /// How many answers match, when the offset skipped them all (else not counted).
    pub total: Option<usize>,
}

/// Searches the index in `out/index` (or `out` itself if it is the index folder).
pub fn search(out: &Path, request: &SearchRequest) -> Result<Vec<Hit>> {
    Ok(search_with_notes(out, request)?.hits)
}

/// [`search`], with the notes on the query.
pub fn search_with_notes(out: &Path, request: &SearchRequest) -> Result<Found> {
    OpenIndex::open(out)?.search_with_notes(request)
}

/// `out/index` if it exists, else `out` if it is an index itself. A run stopped while it
/// swapped a new index in leaves the old one aside: it is read from there until the next run
/// puts it back ([`crate::outdir::recover`]).
pub fn index_dir(out: &Path) -> PathBuf {
    let nested = out.join(crate::outdir::INDEX_DIR);
    let aside = out.join(crate::outdir::OLD_INDEX_DIR);
    if nested.join("meta.json").exists() {
        nested
    } else if aside.join("meta.json").exists() {
        aside
    } else if out.join("meta.json").exists() {
        out.to_path_buf()
    } else {
        nested
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

/// Runs `f`, catching a panic without printing it (the caller reports it as an error).
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result
}

/// An index opened once for many queries. [`search`] opens the folder, registers the analyzer
/// and starts a reader on every call, as a one-shot CLI call must; `teema kwic` and the search
/// benchmark open it once with this and then run their queries on it. The reader never
/// reloads: open again to see a rebuilt index.
pub struct OpenIndex {
    dir: PathBuf,
    reader: tantivy::IndexReader,
    fields: Fields,
    analyzer: Arc<Analyzer>,
}

/// A search request ready to run on one searcher.
struct Prepared {
    /// The query and the filters, all required.
    combined: BooleanQuery,
    /// The terms to highlight, for the snippet generator.
    highlight: Box<dyn Query>,
    notes: Vec<String>,
}

/// The stored fields of one indexed answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredAnswer {
    pub id: String,
    pub source: String,
    pub row: u64,
    pub question: String,
    pub theme: String,
    pub text: String,
}

impl OpenIndex {
    /// Opens the index in `out/index` (or `out` itself if it is the index folder), with the
    /// analyzer it was built with.
    pub fn open(out: &Path) -> Result<OpenIndex> {
        let dir = index_dir(out);
        if !dir.join("meta.json").exists() {
            return Err(Error::input(
                &dir,
                "no teema index here; run `teema run DIR --out OUT` first and search OUT",
            ));
        }
        let damaged = |_| Error::DamagedIndex { path: dir.clone() };
        let index = Index::open_in_dir(&dir).map_err(damaged)?;
        let analyzer = Arc::new(Analyzer::for_index(&dir)?);
        index
            .tokenizers()
            .register(TOKENIZER_NAME, analyzer.tantivy());
        let fields = fields_of(&index.schema()).map_err(|_| {
            Error::input(
                &dir,
                "this index was built by an older teema; run `teema run` again to rebuild it",
            )
        })?;
        // Tantivy can panic on a truncated segment file rather than fail: that, too, is a
        // damaged index.
        let reader = quietly(|| {
            index
                .reader_builder()
                .reload_policy(tantivy::ReloadPolicy::Manual)
                .try_into()
        })
        .unwrap_or_else(|_| Err(tantivy::TantivyError::InternalError("panic".into())))
        .map_err(damaged)?;
        Ok(OpenIndex {
            dir,
            reader,
            fields,
            analyzer,
        })
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The analyzer of the index, for analysing queries and re-analysing stored answers.
    pub fn analyzer(&self) -> &Arc<Analyzer> {
        &self.analyzer
    }

    /// A searcher on the index as opened (cheap: one per query is fine).
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Each document's place in the exports, `(source, row)` as ranks that sort like the
    /// source names and the rows, read from the index's fast fields (no stored answer is
    /// read); `None` for an index built before they were fast.
    pub fn positions(
        &self,
        searcher: &tantivy::Searcher,
        docs: &[tantivy::DocAddress],
    ) -> Option<Vec<(u32, u64)>> {
        let mut columns = Vec::with_capacity(searcher.segment_readers().len());
        let mut names: Vec<Vec<String>> = Vec::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let source = fast.str("source").ok()??;
            let row = fast.u64("row").ok()?;
            let mut of_segment = Vec::with_capacity(source.num_terms());
            for ord in 0..source.num_terms() as u64 {
                let mut name = String::new();
                source.ord_to_str(ord, &mut name).ok()?;
                of_segment.push(name);
            }
            names.push(of_segment);
            columns.push((source, row));
        }
        // One rank per source name over all segments (each segment orders its own names).
        let mut all: Vec<&str> = names.iter().flatten().map(String::as_str).collect();
        all.sort_unstable();
        all.dedup();
        let ranks: Vec<Vec<u32>> = names
            .iter()
            .map(|n| {
                n.iter()
                    .map(|name| all.binary_search(&name.as_str()).unwrap_or(0) as u32)
                    .collect()
            })
            .collect();
        let positions = docs
            .iter()
            .map(|d| {
                let (source, row) = &columns[d.segment_ord as usize];
                let rank = source
                    .term_ords(d.doc_id)
                    .next()
                    .map_or(0, |ord| ranks[d.segment_ord as usize][ord as usize]);
                (rank, row.first(d.doc_id).unwrap_or(0))
            })
            .collect();
        Some(positions)
    }

    /// The analysed answer text field.
    pub fn text_field(&self) -> Field {
        self.fields.text
    }

    /// A Tantivy error on this index as the library's error: a file that cannot be read or
    /// makes no sense means the index is damaged (one line that says what to do).
    pub fn error(&self, source: tantivy::TantivyError) -> Error {
        use tantivy::TantivyError as T;
        match source {
            T::OpenReadError(_)
            | T::OpenDirectoryError(_)
            | T::IoError(_)
            | T::DataCorruption(_)
            | T::IncompatibleIndex(_)
            | T::SchemaError(_)
            | T::FieldNotFound(_)
            | T::DeserializeError(_) => Error::DamagedIndex {
                path: self.dir.clone(),
            },
            source => Error::Index {
                path: self.dir.clone(),
                source,
            },
        }
    }

    /// Fails with the values there are if a filter names a value no indexed answer has, so
    /// that a typo in `--theme` is not mistaken for an empty result.
    pub fn check_filters(&self, filters: &[Filter]) -> Result<()> {
        filter::check(self, self.fields.filter, filters)
    }

    /// One required term query per filter, to combine with a query in a [`BooleanQuery`].
    pub fn filter_queries(&self, filters: &[Filter]) -> Vec<Box<dyn Query>> {
        filters
            .iter()
            .map(|filter| {
                let term = Term::from_field_text(self.fields.filter, &filter.term());
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
            })
            .collect()
    }

    /// The stored fields of a document of this index.
    pub fn stored(&self, doc: &TantivyDocument) -> StoredAnswer {
        let text_of = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let f = &self.fields;
        StoredAnswer {
            id: text_of(f.id),
            source: text_of(f.source),
            row: doc.get_first(f.row).and_then(|v| v.as_u64()).unwrap_or(0),
            question: text_of(f.question),
            theme: text_of(f.theme),
            text: text_of(f.text),
        }
    }

    /// The query of `request` in teema's query language ([`crate::query`]; empty or `*`: every
    /// answer) compiled against this index as `searcher` sees it, with the filters added.
    fn prepare(&self, request: &SearchRequest, searcher: &tantivy::Searcher) -> Result<Prepared> {
        let query_error = |message| Error::Query {
            query: request.query.clone(),
            message,
        };
        self.check_filters(&request.filters)?;
        let text = request.query.trim();
        let expr = if text == "*" {
            None
        } else {
            query::parse(text).map_err(query_error)?
        };
        let (parsed, highlight, notes): (Box<dyn Query>, Box<dyn Query>, _) = match expr {
            None => (Box::new(AllQuery), Box::new(EmptyQuery), Vec::new()),
            Some(expr) => {
                let compiled = query::compile(&expr, searcher, self.fields.text, &self.analyzer)
                    .map_err(|e| match e {
                        query::CompileError::Query(message) => query_error(message),
                        query::CompileError::Index(source) => self.error(source),
                    })?;
                let highlight = Box::new(compiled.highlight_query());
                (compiled.query, highlight, compiled.notes)
            }
        };
        let clauses = std::iter::once(parsed)
            .chain(self.filter_queries(&request.filters))
            .map(|q| (Occur::Must, q))
            .collect();
        Ok(Prepared {
            combined: BooleanQuery::new(clauses),
            highlight,
            notes,
        })
    }

    /// The addresses and scores of the hits of `request`, best first: the query alone, without
    /// reading stored answers or making snippets.
    pub fn top_docs(&self, request: &SearchRequest) -> Result<Vec<(f32, tantivy::DocAddress)>> {
        let searcher = self.searcher();
        let prepared = self.prepare(request, &searcher)?;
        self.top(&searcher, &prepared, request)
    }

    fn top(
        &self,
        searcher: &tantivy::Searcher,
        prepared: &Prepared,
        request: &SearchRequest,
    ) -> Result<Vec<(f32, tantivy::DocAddress)>> {
        // Never more than the index holds: the collector keeps `limit + offset` hits, and a
        // number typed on the command line must not become an allocation.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = request.limit.min(docs.saturating_sub(request.offset));
        if limit == 0 {
            return Ok(Vec::new());
        }
        searcher
            .search(
                &prepared.combined,
                &TopDocs::with_limit(limit)
                    .and_offset(request.offset)
                    .order_by_score(),
            )
            .map_err(|e| self.error(e))
    }

    /// [`search`] on the opened index: the same hits, snippets and highlights.
    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>> {
        Ok(self.search_with_notes(request)?.hits)
    }

    /// [`search_with_notes`] on the opened index.
    pub fn search_with_notes(&self, request: &SearchRequest) -> Result<Found> {
        let searcher = self.searcher();
        let prepared = self.prepare(request, &searcher)?;
        let top = self.top(&searcher, &prepared, request)?;
        // Paged past the end: how many there were, so the user is not told none match.
        let total = if top.is_empty() && request.offset > 0 && request.limit > 0 {
            let count = searcher
                .search(&prepared.combined, &Count)
                .map_err(|e| self.error(e))?;
            Some(count)
        } else {
            None
        };
        // Highlights come from the terms the query matched on (prefixes and typos expanded);
        // words under NOT are not among them.
        let mut snippets =
            SnippetGenerator::create(&searcher, &*prepared.highlight, self.fields.text)
                .map_err(|e| self.error(e))?;
        snippets.set_max_num_chars(300);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.error(e))?;
            let answer = self.stored(&doc);
            let snippet = snippets.snippet_from_doc(&doc);
            let (fragment, highlights) = if snippet.is_empty() {
                (answer.text.chars().take(300).collect(), Vec::new())
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
                id: answer.id,
                source: answer.source,
                row: answer.row,
                question: answer.question,
                theme: answer.theme,
                score,
                text: answer.text,
                snippet: fragment,
                highlights,
            });
        }
        Ok(Found {
            hits,
            notes: prepared.notes,
            total,
        })
    }
}
