//! The Finnish analyzer, segments, non-answers and the built-in codebook on arbitrary text,
//! long words included.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use teema::analysis::Analyzer;
use teema::codebook::matcher::AnchorCache;
use teema::codebook::{Codebook, Matcher};

fuzz_target!(|data: &[u8]| {
    static SETUP: OnceLock<(Analyzer, Matcher)> = OnceLock::new();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (analyzer, matcher) = SETUP.get_or_init(|| {
        let analyzer = Analyzer::finnish();
        let matcher = Matcher::new(&Codebook::default_themes(), &analyzer);
        (analyzer, matcher)
    });
    let tokens = analyzer.analyze(text);
    for t in &tokens {
        assert!(
            t.from <= t.to && t.to <= text.len(),
            "token offsets inside the text"
        );
    }
    let segments = teema::segment::cut(text);
    let _ = teema::nonanswer::is_non_answer(text);
    let _ = matcher.code(text, &tokens, &segments, &mut AnchorCache::default());
});
