//! Which bytes are these? One streaming pass over a file gives its size, a content hash (to
//! find the same export twice), whether it looks binary, and how well it reads as UTF-8; from
//! that, [`open`] picks the encoding and returns a reader that yields UTF-8.
//!
//! Detection: a BOM wins (UTF-8, UTF-16LE, UTF-16BE). Without one, a file that is valid UTF-8
//! (or mostly so, with a few broken rows) is UTF-8; UTF-16 without a BOM is recognised by its
//! zero bytes; anything else is Windows-1252, what Finnish Excel writes as plain "CSV" (a
//! superset of ISO-8859-1 for every printable character). `--encoding` overrides detection.

use std::fs::File;
use std::hash::Hasher;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::megabytes;

/// What one pass over a file found.
#[derive(Debug, Clone)]
pub struct Scan {
    pub size: u64,
    pub hash: u64,
    /// Zero bytes in the first 8 KiB that UTF-16 does not explain.
    pub binary: bool,
    /// The encoding a byte-order mark names.
    pub bom: Option<&'static Encoding>,
    /// UTF-16 without a BOM, from the pattern of zero bytes.
    pub utf16: Option<&'static Encoding>,
    /// Stretches of bytes that are not UTF-8.
    pub utf8_invalid: usize,
    /// Characters of two or more bytes in valid UTF-8 stretches.
    pub utf8_multibyte: usize,
}

const HEAD: usize = 8192;

/// Reads the file once. Fails, naming the limit, on files larger than `max_bytes`.
pub fn scan(path: &Path, max_bytes: u64) -> Result<Scan, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(
            "not a regular file (a pipe, device or socket); teema reads only files".to_string(),
        );
    }
    if meta.len() > max_bytes {
        return Err(too_large(Some(meta.len()), max_bytes));
    }
    let mut file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut head: Vec<u8> = Vec::with_capacity(HEAD);
    let mut utf8 = Utf8Stats::default();
    // With a BOM the encoding is decided; counting UTF-8 would be wasted.
    let mut count_utf8 = None;
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read: {e}")),
        };
        let chunk = &buf[..n];
        size += n as u64;
        // Counted as read, too: a file may grow, or its size may say nothing (a device).
        if size > max_bytes {
            return Err(too_large(None, max_bytes));
        }
        hasher.write(chunk);
        if head.len() < HEAD {
            let take = (HEAD - head.len()).min(n);
            head.extend_from_slice(&chunk[..take]);
        }
        if *count_utf8.get_or_insert_with(|| Encoding::for_bom(chunk).is_none()) {
            utf8.feed(chunk);
        }
    }
    utf8.finish();
    let bom = Encoding::for_bom(&head).map(|(enc, _)| enc);
    let utf16 = if bom.is_none() {
        guess_utf16(&head)
    } else {
        None
    };
    let is_utf16 = matches!(bom, Some(e) if e == UTF_16LE || e == UTF_16BE) || utf16.is_some();
    Ok(Scan {
        size,
        hash: hasher.finish(),
        binary: !is_utf16 && looks_binary(&head),
        bom,
        utf16,
        utf8_invalid: utf8.invalid,
        utf8_multibyte: utf8.multibyte,
    })
}

/// Why a file is refused: `size` bytes (`None`: more than were read), over the limit.
fn too_large(size: Option<u64>, max_bytes: u64) -> String {
    let size = match size {
        Some(size) => format!("is {}, more than", megabytes(size)),
        None => "is larger than".to_string(),
    };
    format!(
        "the file {size} the {} limit; split it, or raise --max-file-size if it really is one \
         export",
        megabytes(max_bytes)
    )
}

/// How well a stream reads as UTF-8, fed chunk by chunk.
#[derive(Default)]
struct Utf8Stats {
    /// Stretches of bytes that are not UTF-8.
    invalid: usize,
    /// Characters of two or more bytes.
    multibyte: usize,
    /// The start of a character cut off at the end of the last chunk.
    carry: Vec<u8>,
}

impl Utf8Stats {
    fn feed(&mut self, chunk: &[u8]) {
        if self.carry.is_empty() {
            self.count(chunk);
        } else {
            let mut data = std::mem::take(&mut self.carry);
            data.extend_from_slice(chunk);
            self.count(&data);
        }
    }

    fn count(&mut self, data: &[u8]) {
        let mut pos = 0;
        loop {
            match std::str::from_utf8(&data[pos..]) {
                Ok(s) => {
                    self.multibyte += count_multibyte(s.as_bytes());
                    return;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    self.multibyte += count_multibyte(&data[pos..pos + valid]);
                    match e.error_len() {
                        Some(len) => {
                            // A run of bad bytes counts once: `\xff\xfe` is one broken spot.
                            if valid > 0 || pos == 0 {
                                self.invalid += 1;
                            }
                            pos += valid + len;
                        }
                        None => {
                            self.carry = data[pos + valid..].to_vec();
                            return;
                        }
                    }
                }
            }
        }
    }

    /// A character cut off by the end of the file is broken.
    fn finish(&mut self) {
        if !self.carry.is_empty() {
            self.invalid += 1;
            self.carry.clear();
        }
    }
}

/// Binary, not text: several zero bytes, or many control characters (a zip, an image, a
/// database). A stray zero byte in a text file does not make it binary.
fn looks_binary(head: &[u8]) -> bool {
    let zeros = head.iter().filter(|&&b| b == 0).count();
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    (zeros >= 4 && zeros * 200 >= head.len()) || controls * 20 >= head.len().max(1) && controls > 0
}

fn count_multibyte(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b >= 0xC0).count()
}

/// UTF-16 text without a BOM: most high bytes of ASCII characters are zero.
fn guess_utf16(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= pairs * 7 && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A reader that yields UTF-8 (for a UTF-8 file: its bytes as they are, so a row may still
/// hold invalid UTF-8 and readers check), and what was decided.
pub struct Decoded {
    pub reader: Box<dyn Read>,
    /// For reports: `UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `windows-1252`, …
    pub name: String,
}

/// Opens the file with the detected (or forced) encoding.
pub fn open(
    path: &Path,
    scan: &Scan,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, String> {
    let mut file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let (encoding, how) = match forced {
        Some(enc) => (enc, " (--encoding)"),
        None => match (scan.bom, scan.utf16) {
            (Some(enc), _) => (enc, " with BOM"),
            (None, Some(enc)) => (enc, " without BOM"),
            _ if scan.utf8_invalid == 0 || scan.utf8_multibyte >= scan.utf8_invalid => (UTF_8, ""),
            _ => (WINDOWS_1252, ""),
        },
    };
    let name = format!("{}{how}", encoding.name());
    if encoding == UTF_8 {
        if scan.bom == Some(UTF_8) {
            file.seek(SeekFrom::Start(3))
                .map_err(|e| format!("cannot read: {e}"))?;
        }
        return Ok(Decoded {
            reader: Box::new(BufReader::with_capacity(1 << 16, file)),
            name,
        });
    }
    let reader = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(forced.is_none())
        .strip_bom(true)
        .build(BufReader::with_capacity(1 << 16, file));
    Ok(Decoded {
        reader: Box::new(reader),
        name,
    })
}

/// Whether two files have the same bytes (read side by side, in blocks).
pub fn same_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(fa), Ok(fb)) = (File::open(a), File::open(b)) else {
        return false;
    };
    let (mut ra, mut rb) = (BufReader::new(fa), BufReader::new(fb));
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = match read_full(&mut ra, &mut ba) {
            Ok(n) => n,
            Err(_) => return false,
        };
        let m = match read_full(&mut rb, &mut bb) {
            Ok(m) => m,
            Err(_) => return false,
        };
        if n != m || ba[..n] != bb[..m] {
            return false;
        }
        if n == 0 {
            return true;
        }
    }
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// The encoding named by `--encoding`: any WHATWG label (`utf-8`, `utf-16le`, `utf-16be`,
/// `windows-1252`, `latin1`, `iso-8859-1`, `cp1252`, …), plus `ansi` and `utf-16`.
pub fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    let lower = label.trim().to_lowercase();
    let alias = match lower.as_str() {
        "ansi" | "excel" => "windows-1252",
        "utf16" | "ucs-2" | "ucs2" => "utf-16le",
        "utf8" => "utf-8",
        other => other,
    };
    Encoding::for_label(alias.as_bytes())
        .filter(|e| *e != encoding_rs::REPLACEMENT)
        .ok_or_else(|| {
            format!(
                "unknown encoding {label:?}; use utf-8, utf-16le, utf-16be, windows-1252 or \
                 iso-8859-1"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_bytes(bytes: &[u8]) -> Scan {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, bytes).unwrap();
        scan(&path, u64::MAX).unwrap()
    }

    fn decode(bytes: &[u8]) -> (String, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, bytes).unwrap();
        let s = scan(&path, u64::MAX).unwrap();
        let mut d = open(&path, &s, None).unwrap();
        let mut out = Vec::new();
        d.reader.read_to_end(&mut out).unwrap();
        (d.name, String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn detects_encodings() {
        assert_eq!(decode("äö".as_bytes()), ("UTF-8".into(), "äö".into()));
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\xC3\xA4"),
            ("UTF-8 with BOM".into(), "aä".into())
        );
        assert_eq!(
            decode(b"P\xE4iv\xE4\xE4 \x80 \x92"),
            ("windows-1252".into(), "Päivää € ’".into())
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("id\tä".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&le), ("UTF-16LE with BOM".into(), "id\tä".into()));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("id\tö".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&be), ("UTF-16BE with BOM".into(), "id\tö".into()));
        let bare: Vec<u8> = "vastaus;teksti\nrivi yksi"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&bare).0, "UTF-16LE without BOM");
    }

    #[test]
    fn mostly_utf8_with_a_broken_row_stays_utf8() {
        let s = scan_bytes(b"\xC3\xA4\xC3\xB6 ok\n\xFF bad\n\xC3\xA5");
        assert_eq!((s.utf8_invalid, s.utf8_multibyte), (1, 3));
        assert_eq!(
            decode(b"\xC3\xA4\xC3\xB6 ok\n\xFF bad\n\xC3\xA5").0,
            "UTF-8"
        );
    }

    #[test]
    fn binary_and_limits() {
        assert!(scan_bytes(b"\x00\x01\x02abc\x00").binary);
        let stray = b"id,vastaus\n1,Kiire on liian\x00 kova\n2,Johto ei kuuntele\n";
        assert!(!scan_bytes(stray).binary, "one stray zero byte");
        let bytes: Vec<u8> = (0..=255).collect();
        assert!(scan_bytes(&bytes).binary);
        assert!(!scan_bytes(b"abc").binary);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, vec![b'a'; 2048]).unwrap();
        let err = scan(&path, 1024).unwrap_err();
        assert!(err.contains("--max-file-size"), "{err}");
    }

    #[test]
    fn encoding_labels() {
        assert_eq!(parse_encoding("cp1252").unwrap(), WINDOWS_1252);
        assert_eq!(parse_encoding("Latin1").unwrap(), WINDOWS_1252);
        assert_eq!(parse_encoding("ansi").unwrap(), WINDOWS_1252);
        assert_eq!(parse_encoding("UTF-16").unwrap(), UTF_16LE);
        assert!(parse_encoding("klingon").is_err());
    }
}
