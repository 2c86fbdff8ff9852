//! A work folder in a temp dir, and helpers to run the binary and read what it wrote.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `name` (relative), creating folders.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Runs teema with `args` in this folder.
    pub fn teema(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_teema"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run teema")
    }

    /// Runs teema, fails the test unless it exits with 2 (an error), and returns its stderr.
    pub fn teema_err(&self, args: &[&str]) -> String {
        let out = self.teema(args);
        assert_eq!(out.status.code(), Some(2), "teema {args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// Runs teema and fails the test unless it succeeds.
    pub fn teema_ok(&self, args: &[&str]) -> Output {
        let out = self.teema(args);
        assert!(
            out.status.success(),
            "teema {args:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// The bundled corpus folder.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/yhteisomanagerit")
}

/// The gold labels of the bundled corpus.
pub fn gold_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/yhteisomanagerit-gold.csv")
}

/// One `teema run` on the bundled corpus, shared by the tests that only read its output.
pub struct CorpusRun {
    pub work: Workdir,
    pub stderr: String,
}

pub fn corpus_run() -> &'static CorpusRun {
    static RUN: OnceLock<CorpusRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let work = Workdir::new();
        let corpus = corpus_dir();
        let out = work.teema_ok(&["run", corpus.to_str().unwrap(), "--out", "out"]);
        CorpusRun {
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            work,
        }
    })
}

/// Reads a CSV file written by teema (UTF-8 with BOM) into header and records.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    read_csv_with(path, b',')
}

/// [`read_csv`] with another delimiter (`--csv-delimiter`).
pub fn read_csv_with(path: &Path, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Parses what `--format csv` or `--format tsv` printed (`format` is "csv" or "tsv"; TSV has
/// no quoting) into header and records.
pub fn parse_table(text: &str, format: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if format == "tsv" { b'\t' } else { b',' })
        .quoting(format == "csv")
        .from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(Result::unwrap).collect();
    (header, rows)
}

/// The value of `column` in `row`.
pub fn field<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    &row[i]
}

/// Asserts that `text` (a report, named `what`) holds each of `needles`, showing the text when
/// it does not.
pub fn assert_contains(what: &str, text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{what} lacks {needle:?}:\n{text}");
    }
}
