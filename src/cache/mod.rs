//! Incremental runs. A run leaves `OUT/cache/teema-cache.bin`: the analysis of every answer
//! text (keyed by a hash of the text) and a hash of every document it indexed. The next run
//! into the same OUT reuses an answer's analysis when its text is unchanged, and keeps an
//! indexed document when nothing about it changed; only new or changed answers are analysed
//! and indexed. The themes are always recomputed, over all answers.
//!
//! The output is the same as a fresh run's: the cache is used only when it was made by the
//! same teema version and analyzer settings, and compounds (which are learned from the whole
//! corpus, so a new export can change them) are compared word by word: an answer with a word
//! now split differently is analysed again. Any problem with the cache file means a full run.
//!
//! File layout (little endian): `MAGIC`, fingerprint `u64`, the compound table (`u32` length,
//! TSV), `u64` record count, records (`u64` text hash, `u16` token count, tokens: `u8` part flag,
//! term and word as `u16` length + UTF-8), then `u64` document count and documents (`u32`
//! length + id, `u64` document hash), then the CRC-32 of everything before it (`u32`): a file
//! that does not verify, down to one changed byte, is no cache.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::analysis::compound::Compounds;
use crate::analysis::{Analyzer, Token};
use crate::error::{Error, Result};
use crate::index::IndexEntry;

mod write;
pub use write::{start, Pending, Records, SpillDir};

const MAGIC: &[u8] = b"TEEMA-CACHE 3\n";
/// The cache's folder in OUT.
pub const CACHE_DIR: &str = "cache";
const FILE: &str = "teema-cache.bin";

/// A stable 64-bit hash (FxHash has no random state: the same bytes give the same hash).
fn stable_hash(value: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// The key of an answer's analysis: a hash of its text.
pub fn text_hash(text: &str) -> u64 {
    stable_hash(text)
}

/// What an index document holds; a kept document must hash the same.
pub fn doc_hash(e: &IndexEntry) -> u64 {
    stable_hash((e.id, e.source, e.row, e.question, e.themes, e.text, &e.meta))
}

/// What the cached analyses and the index kept with them depend on, besides the compounds:
/// teema's version, the revisions of the analysis and of the index's schema, and the
/// analyzer's settings.
pub fn fingerprint(analyzer: &Analyzer) -> u64 {
    stable_hash((
        env!("CARGO_PKG_VERSION"),
        crate::analysis::REVISION,
        crate::index::SCHEMA_REVISION,
        format!("{:?}", analyzer.config()),
    ))
}

/// The path of the cache file in `out`.
pub fn path(out: &Path) -> PathBuf {
    out.join(CACHE_DIR).join(FILE)
}

/// What a run reused from the cache (`teema run` prints it; `--timings` records it).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CacheStats {
    /// Was a cache from an earlier run found and usable?
    pub found: bool,
    /// Answers whose analysis was reused, and answers analysed.
    pub reused: usize,
    pub analysed: usize,
    /// Words split differently than in the cached run.
    pub changed_compounds: usize,
    /// Index documents kept, added and removed; `rebuilt` when the index was made afresh.
    pub index_kept: usize,
    pub index_added: usize,
    pub index_removed: usize,
    pub index_rebuilt: bool,
}

/// A cache file read back.
pub struct Cache {
    buf: Vec<u8>,
    /// Text hash → offset of its record's tokens in `buf`.
    records: FxHashMap<u64, usize>,
    /// The compound table of the cache's run (TSV).
    compounds: String,
    /// Words split differently now than when the cache was written: `None` until
    /// [`Cache::compare_compounds`], and then no cached tokens are given out.
    changed: Option<FxHashSet<String>>,
    /// Indexed document id → its hash.
    pub indexed: FxHashMap<String, u64>,
}

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.buf.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str16(&mut self) -> Option<&'a str> {
        let n = self.u16()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
    fn str32(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
    /// The tokens of one record, after its hash: (part, term, word) each.
    fn tokens(&mut self) -> Option<Vec<(bool, &'a str, &'a str)>> {
        let n = self.u16()?;
        (0..n)
            .map(|_| Some((self.u8()? == 1, self.str16()?, self.str16()?)))
            .collect()
    }
}

impl Cache {
    /// The cache in `out`, if there is one made with `analyzer`'s fingerprint (its settings;
    /// its compounds may not be learned yet); `None` when there is none, it is unreadable or
    /// it was made otherwise (a full run follows). Call [`Cache::compare_compounds`] once the
    /// compounds are learned, before [`Cache::tokens`].
    pub fn load(out: &Path, analyzer: &Analyzer) -> Option<Cache> {
        let mut buf = std::fs::read(path(out)).ok()?;
        let body = buf.len().checked_sub(4)?;
        let sum = u32::from_le_bytes(buf[body..].try_into().ok()?);
        if crc32fast::hash(&buf[..body]) != sum {
            return None;
        }
        buf.truncate(body);
        let mut r = Reader { buf: &buf, at: 0 };
        if r.take(MAGIC.len())? != MAGIC || r.u64()? != fingerprint(analyzer) {
            return None;
        }
        let n = r.u32()? as usize;
        let tsv = std::str::from_utf8(r.take(n)?).ok()?.to_string();
        let count = r.u64()?;
        let mut records = FxHashMap::default();
        for _ in 0..count {
            let hash = r.u64()?;
            let start = r.at;
            r.tokens()?;
            records.entry(hash).or_insert(start);
        }
        let docs = r.u64()?;
        let mut indexed = FxHashMap::default();
        for _ in 0..docs {
            let id = r.str32()?.to_string();
            indexed.insert(id, r.u64()?);
        }
        if r.at != buf.len() {
            return None;
        }
        Some(Cache {
            buf,
            records,
            compounds: tsv,
            changed: None,
            indexed,
        })
    }

    /// Compares the compounds of this cache's run with `analyzer`'s, learned on this run's
    /// corpus: the answers that use a word now split otherwise are analysed again.
    pub fn compare_compounds(&mut self, analyzer: &Analyzer) {
        let old = Compounds::from_tsv(&self.compounds);
        let none = Compounds::default();
        let now = analyzer.compounds().unwrap_or(&none);
        self.changed = Some(now.changed_words(&old).into_iter().collect());
    }

    /// The cached tokens of the text with hash `hash`: (part, term, word) each.
    fn record(&self, hash: u64) -> Option<Vec<(bool, &str, &str)>> {
        let &at = self.records.get(&hash)?;
        Reader { buf: &self.buf, at }.tokens()
    }

    /// The content words of `text` with their terms, as its cached analysis has them (whole
    /// words only), whatever the compounds: what compound learning counts.
    pub fn words(&self, text: &str) -> Option<Vec<(&str, &str)>> {
        let tokens = self.record(text_hash(text))?;
        Some(
            tokens
                .into_iter()
                .filter(|&(part, _, _)| !part)
                .map(|(_, term, word)| (word, term))
                .collect(),
        )
    }

    /// The cached tokens of a text with hash `hash`, unless one of its words is now split
    /// differently. Only what clustering needs is kept: term, word and whether it is a part.
    pub fn tokens(&self, hash: u64) -> Option<Vec<Token>> {
        let changed = self.changed.as_ref()?;
        let tokens = self.record(hash)?;
        if tokens
            .iter()
            .any(|&(part, _, word)| !part && changed.contains(word))
        {
            return None;
        }
        Some(
            tokens
                .into_iter()
                .map(|(part, term, word)| Token {
                    term: term.to_string(),
                    word: word.to_string(),
                    from: 0,
                    to: 0,
                    position: 0,
                    part,
                })
                .collect(),
        )
    }

    /// How many words are split differently now.
    pub fn changed_compounds(&self) -> usize {
        self.changed.as_ref().map_or(0, FxHashSet::len)
    }

    /// Frees the analyses, keeping what the index update needs.
    pub fn drop_analyses(&mut self) {
        self.buf = Vec::new();
        self.records = FxHashMap::default();
    }
}

/// Removes the cache of `out`, before the index it describes is changed: a run that stops
/// half-way leaves no cache, and the next run is a full one.
pub fn remove(out: &Path) -> Result<()> {
    match std::fs::remove_file(path(out)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path(out), e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_changed_compounds_invalidate() {
        let analyzer = Analyzer::finnish().learn_compounds(["työaika ja työ aika", "kiire"]);
        let tokens = analyzer.analyze("Työaika ei riitä");
        let h7 = text_hash("Työaika ei riitä");
        let mut records = Records::default();
        records.add(h7, &tokens);
        records.add(8, &analyzer.analyze("kiire"));
        let dir = tempfile::tempdir().unwrap();
        // An id longer than 64 KiB is still listed, or its document would be indexed twice.
        let long_id = "x".repeat(70_000);
        start(dir.path(), &analyzer, vec![records])
            .unwrap()
            .finish([("a".to_string(), 1u64), (long_id.clone(), 2)].into_iter())
            .unwrap();
        let mut cache = Cache::load(dir.path(), &analyzer).unwrap();
        assert!(
            cache.tokens(h7).is_none(),
            "not before the compounds are compared"
        );
        cache.compare_compounds(&analyzer);
        let back = cache.tokens(h7).unwrap();
        let words = cache.words("Työaika ei riitä").unwrap();
        assert_eq!(
            words,
            tokens
                .iter()
                .filter(|t| !t.part)
                .map(|t| (t.word.as_str(), t.term.as_str()))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            back.iter()
                .map(|t| (&t.term, &t.word, t.part))
                .collect::<Vec<_>>(),
            tokens
                .iter()
                .map(|t| (&t.term, &t.word, t.part))
                .collect::<Vec<_>>()
        );
        assert!(cache.tokens(9).is_none());
        assert_eq!(cache.indexed["a"], 1);
        assert_eq!(cache.indexed[&long_id], 2);
        // The same texts without `työ` and `aika` as words: `työaika` is no longer split, so
        // the text that uses it is analysed again; the other is still reused.
        let other = Analyzer::finnish().learn_compounds(["työaika", "kiire"]);
        let mut cache = Cache::load(dir.path(), &other).unwrap();
        cache.compare_compounds(&other);
        assert!(cache.tokens(h7).is_none());
        assert!(cache.tokens(8).is_some());
        // Another analyzer setting: no cache at all.
        let mut config = crate::analysis::AnalyzerConfig::default();
        config.extra_stop_words.push("kiire".to_string());
        let third = Analyzer::from_config(&config)
            .unwrap()
            .learn_compounds(["työaika ja työ aika"]);
        assert!(Cache::load(dir.path(), &third).is_none());
        // One changed byte anywhere, or a truncated file, is no cache either.
        let bytes = std::fs::read(path(dir.path())).unwrap();
        for at in [
            MAGIC.len() + 9,
            bytes.len() / 2,
            bytes.len() - 20,
            bytes.len() - 1,
        ] {
            let mut changed = bytes.clone();
            changed[at] ^= 0x01;
            std::fs::write(path(dir.path()), &changed).unwrap();
            assert!(Cache::load(dir.path(), &analyzer).is_none(), "byte {at}");
        }
        std::fs::write(path(dir.path()), &bytes[..bytes.len() - 3]).unwrap();
        assert!(Cache::load(dir.path(), &analyzer).is_none());
        std::fs::write(path(dir.path()), &bytes).unwrap();
        assert!(Cache::load(dir.path(), &analyzer).is_some());
    }
}
