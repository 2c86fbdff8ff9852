//! The library's error type. Every variant names the file (and row, where there is one) and,
//! where it helps, what the user can do about it.

use std::path::PathBuf;

/// Errors of the teema library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file was read but its content is not what teema needs.
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    /// The themes file could not be used.
    #[error("{path}: invalid themes file: {message}")]
    Themes { path: PathBuf, message: String },
    /// The input folder held no answers at all.
    #[error("{path}: no answers found{details}; point teema at a folder of survey exports (.csv, .tsv, .xlsx, .ods, .json, .jsonl, .txt); `teema inspect` shows what it sees")]
    NoAnswers { path: PathBuf, details: String },
    /// Tantivy failed while building or reading the index.
    #[error("index {path}: {source}")]
    Index {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    /// The index could not be read: damaged, or written by another version of teema.
    #[error("the index in {path} is damaged or from another version: run `teema run` again")]
    DamagedIndex { path: PathBuf },
    /// A search filter (`--theme`, `--where`, …) names a value no indexed answer has; the
    /// message lists the values there are.
    #[error("{0}")]
    UnknownFilter(String),
    /// A search query could not be parsed.
    #[error("cannot parse query {query:?}: {message}")]
    Query { query: String, message: String },
    /// The analyzer asked for could not be set up (e.g. Voikko is not installed).
    #[error("analyzer: {0}")]
    Analyzer(String),
    /// Clustering failed.
    #[error("clustering failed: {0}")]
    Cluster(String),
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An I/O error on a file of a run's output folder: a missing file means the folder is not
    /// one `teema run` wrote.
    pub fn run_output(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::input(
                path,
                "not found; OUT must be the output folder of `teema run INPUT --out OUT`",
            )
        } else {
            Error::io(path, source)
        }
    }

    /// A content error on `path`.
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }
}
