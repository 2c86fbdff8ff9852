//! teema turns a folder of survey exports with Finnish free-text answers into a searchable
//! index of quotes and a set of labelled themes.
//!
//! The library is a batch pipeline, one module per stage, passing plain structs:
//!
//! ```text
//! ingest ──Corpus──▶ analysis ──terms──▶ cluster ──Clustering──▶ index (Tantivy, on disk)
//!                                                      └────────▶ report (md, json, csv)
//! ```
//!
//! [`pipeline::run`] wires the stages together; [`cli`] is the command line on top.

pub mod analysis;
pub mod cache;
pub mod cli;
pub mod cluster;
pub mod codebook;
pub mod coding;
pub mod error;
pub mod eval;
pub mod explain;
pub mod fault;
pub mod incremental;
pub mod index;
pub mod ingest;
pub mod inspect;
pub mod kwic;
pub mod nonanswer;
pub mod outdir;
pub mod parallel;
pub mod pipeline;
pub mod progress;
pub mod query;
pub mod redact;
pub mod report;
pub mod segment;

pub use error::{Error, Result};
