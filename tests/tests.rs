//! Integration tests: the real `teema` binary on real files in temp dirs. All test files build
//! into this one binary.

mod util;

mod test_analyze;
mod test_cli;
mod test_coding;
mod test_columns;
mod test_compare;
mod test_corpus;
mod test_eval;
mod test_html;
mod test_ingest;
mod test_input;
mod test_kwic;
mod test_limits;
mod test_nothing_lost;
mod test_outputs;
mod test_redact;
mod test_scale;
mod test_search;
mod test_themes;
mod test_weights;
mod test_words;
mod test_xlsx;
