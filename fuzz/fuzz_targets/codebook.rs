//! The themes file parser, and compiling what it accepts against the analyzer.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use teema::analysis::Analyzer;
use teema::codebook::{Codebook, Matcher};

fuzz_target!(|data: &[u8]| {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(book) = Codebook::parse(text, std::path::Path::new("themes.toml")) {
        let analyzer = ANALYZER.get_or_init(Analyzer::finnish);
        let _ = Matcher::new(&book, analyzer);
    }
});
