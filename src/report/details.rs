//! Each answer's evidence and segments: the bulk of `responses.csv` and `segments.csv`, and
//! at a million answers more memory than the answers themselves. [`super::build`] writes them
//! to one file per part (question) as the rows are made, and the writers read them back in the
//! corpus's order with a [`DetailReader`], row by row, so they are never all held at once.
//!
//! A row's record: its evidence, its number of segments, then per segment `from`, `to`, its
//! codes (indexes into the part's keys), its cluster (`u32::MAX`: none), its similarity
//! (NaN: none) and its evidence. Integers are little-endian `u32`, strings a length and bytes.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};

use super::{Key, ResponseSegment};

/// One row's evidence and segments, read back.
#[derive(Debug, Clone, Default)]
pub struct RowDetail {
    /// What put each theme there, theme by theme (see [`super::evidence`]).
    pub evidence: String,
    pub segments: Vec<ResponseSegment>,
}

/// Where the rows' details are: a file per part, each part's keys, and each row's part.
#[derive(Debug, Clone)]
pub struct Details {
    files: Vec<PathBuf>,
    keys: Vec<Vec<Key>>,
    /// The part of each row, in the corpus's order.
    parts: Vec<u32>,
}

impl Details {
    /// Details written into `dir`, one file per part.
    pub(super) fn new(dir: &Path, parts: &[(String, Vec<usize>)], total: usize) -> Details {
        let mut of_row = vec![0u32; total];
        for (p, (_, members)) in parts.iter().enumerate() {
            for &i in members {
                of_row[i] = p as u32;
            }
        }
        Details {
            files: (0..parts.len())
                .map(|p| dir.join(format!("rows-{p}.bin")))
                .collect(),
            keys: Vec::with_capacity(parts.len()),
            parts: of_row,
        }
    }

    /// Starts part `p`'s file (`p` is the number of parts started so far), whose codes are
    /// numbered by `keys`.
    pub(super) fn part(&mut self, keys: Vec<Key>) -> io::Result<BufWriter<File>> {
        let path = &self.files[self.keys.len()];
        self.keys.push(keys);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        Ok(BufWriter::with_capacity(1 << 16, File::create(path)?))
    }

    /// Reads the rows' details back in the corpus's order.
    pub fn reader(&self) -> io::Result<DetailReader<'_>> {
        let files = self
            .files
            .iter()
            .map(|path| Ok(BufReader::with_capacity(1 << 16, File::open(path)?)))
            .collect::<io::Result<_>>()?;
        Ok(DetailReader {
            details: self,
            files,
            row: 0,
        })
    }

    /// Removes the files.
    pub fn remove(&self) {
        for path in &self.files {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The rows' details, one after another in the corpus's order.
pub struct DetailReader<'a> {
    details: &'a Details,
    files: Vec<BufReader<File>>,
    row: usize,
}

impl DetailReader<'_> {
    /// The next row's details.
    pub fn next_row(&mut self) -> io::Result<RowDetail> {
        let part =
            *self.details.parts.get(self.row).ok_or_else(|| {
                io::Error::new(io::ErrorKind::UnexpectedEof, "no more rows' details")
            })? as usize;
        self.row += 1;
        read_row(&mut self.files[part], &self.details.keys[part])
    }
}

/// Appends one row's record to `out`.
pub(super) fn encode_row<'s>(
    out: &mut Vec<u8>,
    evidence: &str,
    segments: impl ExactSizeIterator<Item = EncodedSegment<'s>>,
) {
    put_str(out, evidence);
    put_u32(out, segments.len() as u32);
    for s in segments {
        put_u32(out, s.from);
        put_u32(out, s.to);
        put_u32(out, s.codes.len() as u32);
        for &c in s.codes {
            put_u32(out, c);
        }
        put_u32(out, s.cluster.unwrap_or(u32::MAX));
        out.extend_from_slice(&s.similarity.unwrap_or(f32::NAN).to_le_bytes());
        put_str(out, s.evidence);
    }
}

/// One segment as [`encode_row`] takes it.
pub(super) struct EncodedSegment<'s> {
    pub from: u32,
    pub to: u32,
    /// Indexes into the part's keys.
    pub codes: &'s [u32],
    pub cluster: Option<u32>,
    pub similarity: Option<f32>,
    pub evidence: &'s str,
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn read_row(r: &mut impl Read, keys: &[Key]) -> io::Result<RowDetail> {
    let evidence = get_str(r)?;
    let n = get_u32(r)? as usize;
    let mut segments = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        let from = get_u32(r)?;
        let to = get_u32(r)?;
        let codes = get_u32(r)? as usize;
        let themes = (0..codes)
            .map(|_| {
                let c = get_u32(r)? as usize;
                keys.get(c)
                    .cloned()
                    .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "unknown code"))
            })
            .collect::<io::Result<Box<[Key]>>>()?;
        let cluster = Some(get_u32(r)?).filter(|&c| c != u32::MAX);
        let similarity = Some(f32::from_bits(get_u32(r)?)).filter(|s| !s.is_nan());
        let evidence = get_str(r)?.into_boxed_str();
        segments.push(ResponseSegment {
            from,
            to,
            themes,
            cluster,
            similarity,
            evidence,
        });
    }
    Ok(RowDetail { evidence, segments })
}

fn get_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn get_str(r: &mut impl Read) -> io::Result<String> {
    let n = get_u32(r)? as usize;
    let mut bytes = Vec::with_capacity(n.min(1 << 20));
    r.take(n as u64).read_to_end(&mut bytes)?;
    if bytes.len() != n {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn rows_come_back_in_the_corpus_order_with_their_segments() {
        let dir = tempfile::tempdir().unwrap();
        // Two parts whose rows interleave: part 0 has rows 0 and 2, part 1 rows 1 and 3.
        let parts = vec![("a".to_string(), vec![0, 2]), ("b".to_string(), vec![1, 3])];
        let mut details = Details::new(dir.path(), &parts, 4);
        for (p, keys) in [["aika", "other"], ["johto", "no_content"]]
            .into_iter()
            .enumerate()
        {
            let mut w = details
                .part(keys.iter().map(|&k| Key::from(k)).collect())
                .unwrap();
            for local in 0..2u32 {
                let mut bytes = Vec::new();
                let evidence = format!("part {p} row {local}");
                let segment = EncodedSegment {
                    from: local,
                    to: local + 5,
                    codes: &[local, 0],
                    cluster: (local == 1).then_some(7),
                    similarity: (local == 1).then_some(0.5),
                    evidence: "miksi",
                };
                encode_row(&mut bytes, &evidence, [segment].into_iter());
                w.write_all(&bytes).unwrap();
            }
            w.flush().unwrap();
        }
        let mut reader = details.reader().unwrap();
        let got: Vec<RowDetail> = (0..4).map(|_| reader.next_row().unwrap()).collect();
        let evidence: Vec<&str> = got.iter().map(|d| d.evidence.as_str()).collect();
        assert_eq!(
            evidence,
            [
                "part 0 row 0",
                "part 1 row 0",
                "part 0 row 1",
                "part 1 row 1"
            ]
        );
        let s = &got[3].segments[0];
        assert_eq!((s.from, s.to), (1, 6));
        assert_eq!(&*s.themes, [Key::from("no_content"), Key::from("johto")]);
        assert_eq!((s.cluster, s.similarity), (Some(7), Some(0.5)));
        assert_eq!(&*s.evidence, "miksi");
        assert_eq!(got[0].segments[0].cluster, None);
        assert_eq!(got[0].segments[0].similarity, None);
        assert!(reader.next_row().is_err(), "no fifth row");
        details.remove();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
