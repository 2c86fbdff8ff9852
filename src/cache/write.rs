//! Writing the cache: the analyses are encoded as they are made, and past a few megabytes each
//! thread's go on to a spill file in `OUT/cache/`, so that a million answers' analyses are not
//! held in memory next to the answers themselves. The file is put together from them when the
//! analysis is done, and put in place (renamed) only when the run is.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{fingerprint, path, CACHE_DIR, FILE, MAGIC};
use crate::analysis::compound::Compounds;
use crate::analysis::{Analyzer, Token};
use crate::error::{Error, Result};

/// Encoded records held in memory before they go to the spill file.
const SPILL_BYTES: usize = 4 << 20;

/// Analyses to cache, encoded as the file holds them.
#[derive(Debug, Default)]
pub struct Records {
    bytes: Vec<u8>,
    count: u64,
    /// Where records past [`SPILL_BYTES`] go; `None`: all stay in memory.
    spill: Option<Spill>,
}

#[derive(Debug)]
struct Spill {
    path: PathBuf,
    file: Option<BufWriter<File>>,
    /// The first error writing it, reported when the cache is put together.
    error: Option<std::io::Error>,
}

/// Where a run's threads put their records: `OUT/cache/teema-cache.bin.partial.N`.
#[derive(Debug)]
pub struct SpillDir {
    dir: PathBuf,
    next: AtomicUsize,
}

impl SpillDir {
    /// The spill files' folder in `out`, created, with what an interrupted run left there
    /// removed.
    pub fn new(out: &Path) -> Result<SpillDir> {
        let dir = out.join(CACHE_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let stale = format!("{FILE}.partial.");
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(&stale) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(SpillDir {
            dir,
            next: AtomicUsize::new(0),
        })
    }

    /// Records of one thread, spilling to a file of their own.
    pub fn records(&self) -> Records {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        Records {
            spill: Some(Spill {
                path: self.dir.join(format!("{FILE}.partial.{n}")),
                file: None,
                error: None,
            }),
            ..Records::default()
        }
    }
}

impl Records {
    /// Adds the tokens of the text with hash `hash`. Tokens longer than `u16::MAX` bytes are
    /// not cached: the text is then analysed again next time.
    pub fn add(&mut self, hash: u64, tokens: &[Token]) {
        let fits = tokens.len() <= u16::MAX as usize
            && tokens
                .iter()
                .all(|t| t.term.len() <= u16::MAX as usize && t.word.len() <= u16::MAX as usize);
        if !fits {
            return;
        }
        let buf = &mut self.bytes;
        buf.extend_from_slice(&hash.to_le_bytes());
        buf.extend_from_slice(&(tokens.len() as u16).to_le_bytes());
        for t in tokens {
            buf.push(u8::from(t.part));
            for s in [&t.term, &t.word] {
                buf.extend_from_slice(&(s.len() as u16).to_le_bytes());
                buf.extend_from_slice(s.as_bytes());
            }
        }
        self.count += 1;
        if self.bytes.len() >= SPILL_BYTES {
            self.spill();
        }
    }

    /// Moves the records held in memory to the spill file, if there is one.
    fn spill(&mut self) {
        let Some(spill) = self.spill.as_mut() else {
            return;
        };
        if spill.error.is_none() {
            let written = match spill.file.as_mut() {
                Some(f) => f.write_all(&self.bytes),
                None => File::create(&spill.path).and_then(|f| {
                    let mut f = BufWriter::new(f);
                    f.write_all(&self.bytes)?;
                    spill.file = Some(f);
                    Ok(())
                }),
            };
            spill.error = written.err();
        }
        self.bytes.clear();
    }

    /// Writes every record, spilled ones first, to `w`, and removes the spill file.
    fn copy_to(&mut self, w: &mut impl Write, to: &Path) -> Result<()> {
        if let Some(spill) = self.spill.take() {
            let io = |e| Error::io(&spill.path, e);
            if let Some(e) = spill.error {
                let _ = std::fs::remove_file(&spill.path);
                return Err(io(e));
            }
            if let Some(file) = spill.file {
                file.into_inner()
                    .map_err(|e| io(e.into_error()))?
                    .sync_data()
                    .map_err(io)?;
                let mut read = File::open(&spill.path).map_err(io)?;
                std::io::copy(&mut read, w).map_err(|e| Error::io(to, e))?;
                std::fs::remove_file(&spill.path).map_err(io)?;
            }
        }
        w.write_all(&self.bytes).map_err(|e| Error::io(to, e))?;
        self.bytes = Vec::new();
        Ok(())
    }
}

/// A cache being written: the analyses go to `OUT/cache/teema-cache.bin.partial` as soon as
/// they are made; the indexed documents when the index is done ([`Pending::finish`]).
pub struct Pending {
    partial: PathBuf,
    final_path: PathBuf,
    w: BufWriter<Summed>,
}

/// The cache file, with the CRC-32 of what went into it.
struct Summed {
    file: File,
    crc: crc32fast::Hasher,
}

impl Write for Summed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Starts the cache of this run with the analyses in `records` (their spill files are read
/// back and removed).
pub fn start(out: &Path, analyzer: &Analyzer, records: Vec<Records>) -> Result<Pending> {
    let dir = out.join(CACHE_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let partial = dir.join(format!("{FILE}.partial"));
    let io = |e| Error::io(&partial, e);
    let file = File::create(&partial).map_err(io)?;
    let mut w = BufWriter::new(Summed {
        file,
        crc: crc32fast::Hasher::new(),
    });
    w.write_all(MAGIC).map_err(io)?;
    w.write_all(&fingerprint(analyzer).to_le_bytes())
        .map_err(io)?;
    let tsv = analyzer
        .compounds()
        .map(Compounds::to_tsv)
        .unwrap_or_default();
    w.write_all(&(tsv.len() as u32).to_le_bytes()).map_err(io)?;
    w.write_all(tsv.as_bytes()).map_err(io)?;
    let count: u64 = records.iter().map(|r| r.count).sum();
    w.write_all(&count.to_le_bytes()).map_err(io)?;
    for mut r in records {
        r.copy_to(&mut w, &partial)?;
    }
    Ok(Pending {
        final_path: path(out),
        partial,
        w,
    })
}

impl Pending {
    /// Adds the indexed documents (id and [`super::doc_hash`]) and puts the file in place.
    pub fn finish(self, docs: impl Iterator<Item = (String, u64)>) -> Result<()> {
        let Pending {
            partial,
            final_path,
            mut w,
        } = self;
        let io = |e| Error::io(&partial, e);
        // Every indexed document is listed: one left out would be added again next time
        // without the old one being removed.
        let docs: Vec<(String, u64)> = docs.collect();
        w.write_all(&(docs.len() as u64).to_le_bytes())
            .map_err(io)?;
        for (id, hash) in docs {
            w.write_all(&(id.len() as u32).to_le_bytes()).map_err(io)?;
            w.write_all(id.as_bytes()).map_err(io)?;
            w.write_all(&hash.to_le_bytes()).map_err(io)?;
        }
        let Summed { mut file, crc } = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.write_all(&crc.finalize().to_le_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&partial, &final_path).map_err(|e| Error::io(&final_path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_records_come_back_in_order_and_the_files_go() {
        let analyzer = crate::analysis::Analyzer::finnish();
        let dir = tempfile::tempdir().unwrap();
        // A stale spill file from a run that stopped is removed.
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        let stale = dir.path().join(CACHE_DIR).join(format!("{FILE}.partial.7"));
        std::fs::write(&stale, b"old").unwrap();
        let spills = SpillDir::new(dir.path()).unwrap();
        assert!(!stale.exists());
        let mut spilled = spills.records();
        let mut kept = Records::default();
        // Enough records to spill several times, and some left in memory.
        let texts: Vec<String> = (0..120_000)
            .map(|i| format!("vastaus numero {i} kiire"))
            .collect();
        for (i, t) in texts.iter().enumerate() {
            let tokens = analyzer.analyze(t);
            spilled.add(i as u64, &tokens);
            kept.add(i as u64, &tokens);
        }
        let spill_file = dir.path().join(CACHE_DIR).join(format!("{FILE}.partial.0"));
        assert!(spill_file.exists(), "past {SPILL_BYTES} bytes they spill");
        assert!(spilled.bytes.len() < SPILL_BYTES);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        spilled.copy_to(&mut a, dir.path()).unwrap();
        kept.copy_to(&mut b, dir.path()).unwrap();
        assert_eq!(a, b, "the same bytes, in the same order");
        assert!(!spill_file.exists());
    }
}
