//! Analysis once per answer, reusing an earlier run's work: every answer's tokens come from the
//! cache (`OUT/cache/`, [`crate::cache`]) when its text was analysed before with the same
//! compounds, else from the analyzer; then the answer is cut into segments, its non-answer
//! segments are marked and the codebook's evidence is found, all in one parallel pass. The
//! index is then built afresh, or updated in place from the cache's record of it.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analysis::{Analyzer, Interner, SurfaceForms, Term, Token, Vocabulary};
use crate::cache;
use crate::codebook::matcher::AnchorCache;
use crate::codebook::Matcher;
use crate::coding::{AnswerInput, Unit};
use crate::error::Result;
use crate::index::{self, IndexEntry};
use crate::ingest::Corpus;
use crate::outdir::OutDir;

/// What analysis gives the answers, in the corpus's order.
pub struct Analysed {
    /// How each term was written.
    pub forms: SurfaceForms,
    /// Each compound term's parts' terms, for labels that name a word once.
    pub parts: FxHashMap<Term, Vec<Term>>,
    /// Each answer's terms (numbers in `vocabulary`), segments and evidence.
    pub inputs: Vec<AnswerInput>,
    pub vocabulary: Vocabulary,
    /// Was the analysis taken from the cache?
    pub reused: Vec<bool>,
    /// Cache records of every answer, one set per thread.
    pub records: Vec<cache::Records>,
}

/// Analyses every answer once, each core a contiguous share (joined in order), or takes its
/// tokens from `previous` when its text is there and its words are split as then.
pub fn analyse(
    corpus: &Corpus,
    analyzer: &Analyzer,
    matcher: &Matcher,
    previous: Option<&cache::Cache>,
    spills: &cache::SpillDir,
    on_answer: impl Fn() + Sync,
) -> Analysed {
    let mut all = Analysed {
        forms: SurfaceForms::default(),
        parts: FxHashMap::default(),
        inputs: Vec::with_capacity(corpus.answers.len()),
        vocabulary: Vocabulary::default(),
        reused: Vec::with_capacity(corpus.answers.len()),
        records: Vec::new(),
    };
    for part in crate::parallel::map_chunks(&corpus.answers, |chunk| {
        let mut part = Analysed {
            forms: SurfaceForms::default(),
            parts: FxHashMap::default(),
            inputs: Vec::with_capacity(chunk.len()),
            vocabulary: Vocabulary::default(),
            reused: Vec::with_capacity(chunk.len()),
            records: vec![spills.records()],
        };
        let mut interner = Interner::default();
        let mut seen = AnchorCache::default();
        for answer in chunk {
            let hash = cache::text_hash(&answer.text);
            let cached = previous.and_then(|c| c.tokens(hash));
            part.reused.push(cached.is_some());
            let tokens = match cached {
                Some(mut tokens) => {
                    crate::analysis::restore_offsets(&answer.text, &mut tokens);
                    tokens
                }
                None => analyzer.analyze(&answer.text),
            };
            part.records[0].add(hash, &tokens);
            let input = answer_input(
                &answer.text,
                &tokens,
                matcher,
                &mut seen,
                &mut part.vocabulary,
            );
            for t in tokens.iter().filter(|t| Analyzer::is_feature(t)) {
                part.forms.add_one(&t.term, &t.word);
            }
            note_parts(&tokens, &mut interner, &mut part.parts);
            part.inputs.push(input);
            on_answer();
        }
        part
    }) {
        all.forms.merge(part.forms);
        for (whole, parts) in part.parts {
            all.parts.entry(whole).or_insert(parts);
        }
        // Each thread numbered its own terms: the run's numbers are in order of first use.
        let numbers = all.vocabulary.absorb(part.vocabulary);
        for mut input in part.inputs {
            for t in &mut input.terms {
                *t = numbers[*t as usize];
            }
            all.inputs.push(input);
        }
        all.reused.extend(part.reused);
        all.records.extend(part.records);
    }
    all
}

/// One answer's terms, segments (with their terms and whether they say nothing) and evidence.
pub fn answer_input(
    text: &str,
    tokens: &[Token],
    matcher: &Matcher,
    seen: &mut AnchorCache,
    vocabulary: &mut Vocabulary,
) -> AnswerInput {
    let segments = crate::segment::cut(text);
    let evidence = matcher.code(text, tokens, &segments, seen);
    let mut terms: Vec<u32> = Vec::new();
    let mut units = Vec::with_capacity(segments.len());
    let mut next = 0;
    for s in &segments {
        while next < tokens.len() && tokens[next].from < s.from {
            next += 1;
        }
        let start = terms.len() as u32;
        while next < tokens.len() && tokens[next].from < s.to {
            if Analyzer::is_feature(&tokens[next]) {
                terms.push(vocabulary.id(&tokens[next].term));
            }
            next += 1;
        }
        units.push(Unit {
            from: s.from as u32,
            to: s.to as u32,
            terms: start..terms.len() as u32,
            non_answer: crate::nonanswer::is_non_answer(s.text(text)),
        });
    }
    AnswerInput {
        terms,
        units,
        evidence,
    }
}

/// Records each compound's parts' terms under its own term.
fn note_parts(tokens: &[Token], interner: &mut Interner, parts: &mut FxHashMap<Term, Vec<Term>>) {
    for (i, t) in tokens.iter().enumerate() {
        if t.part || tokens.get(i + 1).is_none_or(|p| !p.part) {
            continue;
        }
        let whole = interner.intern(&t.term);
        if parts.contains_key(&whole) {
            continue;
        }
        let of: Vec<Term> = tokens[i + 1..]
            .iter()
            .take_while(|p| p.part)
            .map(|p| interner.intern(&p.term))
            .collect();
        parts.insert(whole, of);
    }
}

/// Builds the index afresh, or, with an earlier run's cache and index, updates it: a document
/// stays when its answer's analysis was reused and nothing it holds changed (the themes
/// included); every other earlier document goes, and the others are added. Returns every
/// document's [`cache::doc_hash`], in order, for the next run's cache.
pub fn write_index<'a>(
    out: &OutDir,
    analyzer: &Arc<Analyzer>,
    entries: impl Iterator<Item = IndexEntry<'a>>,
    reused: &[bool],
    previous: Option<cache::Cache>,
    stats: &mut cache::CacheStats,
    on_doc: impl FnMut(),
) -> Result<Vec<u64>> {
    let mut hashes = Vec::with_capacity(reused.len());
    let dir = &out.index();
    let Some(previous) = previous.filter(|_| dir.join("meta.json").exists()) else {
        // Built beside the old index, which stays whole until the new one takes its place.
        stats.index_rebuilt = true;
        let entries = entries.inspect(|e| hashes.push(cache::doc_hash(e)));
        stats.index_added = index::build(&out.staged_index(), analyzer, entries, on_doc)?;
        crate::fault::point("index-built")?;
        out.swap_index()?;
        return Ok(hashes);
    };
    // Updated in place: Tantivy's commit is atomic, and until it the old documents stay.
    let mut kept: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut added = Vec::new();
    for (entry, &reused) in entries.zip(reused) {
        let hash = cache::doc_hash(&entry);
        hashes.push(hash);
        if reused && previous.indexed.get(entry.id) == Some(&hash) {
            kept.insert(entry.id);
        } else {
            added.push(entry);
        }
    }
    let remove: Vec<&str> = previous
        .indexed
        .keys()
        .map(String::as_str)
        .filter(|id| !kept.contains(id))
        .collect();
    stats.index_kept = kept.len();
    stats.index_removed = remove.len();
    stats.index_added = index::update(dir, analyzer, &remove, added, on_doc)?;
    Ok(hashes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::Codebook;
    use std::path::Path;

    #[test]
    fn segments_hold_their_own_terms_and_evidence() {
        let a = Analyzer::finnish();
        let book = Codebook::parse(
            "[[theme]]\nkey='t'\nlabel_fi='T'\nlabel_en='T'\nseeds=['kiire']\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let m = Matcher::new(&book, &a);
        let text = "Kiire, mittarit ja -";
        let input = answer_input(
            text,
            &a.analyze(text),
            &m,
            &mut AnchorCache::default(),
            &mut Vocabulary::default(),
        );
        assert_eq!(input.units.len(), 2);
        assert_eq!(input.unit_terms(0).len(), 1);
        assert_eq!(input.unit_terms(1).len(), 1);
        assert_eq!(input.evidence.len(), 1);
        assert_eq!(input.evidence[0].segment, 0);
        let empty = answer_input(
            "?",
            &a.analyze("?"),
            &m,
            &mut AnchorCache::default(),
            &mut Vocabulary::default(),
        );
        assert!(empty.units.is_empty() && empty.terms.is_empty());
    }
}
