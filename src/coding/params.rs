//! The numbers of the coding policy, in one place: each default says what it does and on which
//! data it was chosen. Recorded in `themes.json` with every run.

use serde::Serialize;

use crate::error::{Error, Result};

/// How segments and answers get their codes; [`CodingParams::check`] names a setting out of
/// range.
#[derive(Debug, Clone, Serialize)]
pub struct CodingParams {
    /// A segment whose cosine to its cluster's centre is below this is `other`: it is not like
    /// the cluster's other segments (default 0.3; chosen on the team corpora, where segments
    /// below it were mostly one-off remarks).
    pub other_similarity: f64,
    /// A discovered theme needs segments of at least this many answers; smaller clusters'
    /// segments are `other` (default 3).
    pub min_theme_answers: usize,
    /// Most discovered themes shown on their own per question; the rest are listed together
    /// as "muut teemat" with their sizes (default 12, so that a question shows about 5–15
    /// themes with the named ones).
    pub max_themes: usize,
    /// A discovered theme carried by fewer than this share of the question's answers goes to
    /// "muut teemat" too (default 0.02).
    pub min_theme_share: f64,
    /// Words in a discovered theme's label (default 3) and in its list of top terms (8).
    pub label_terms: usize,
    pub top_terms: usize,
    /// Most quotes per theme (default 5; 3 for themes of fewer than 20 answers).
    pub quotes: usize,
    /// Weight of relevance against variety when quotes are picked (maximal marginal relevance;
    /// default 0.7).
    pub quote_lambda: f64,
    /// A segment no rule coded takes a named theme when its cosine to the centre of the
    /// segments the rules coded with it is at least this (default 0.4; chosen on the team
    /// corpora); 1 turns it off.
    pub propagate_similarity: f64,
    /// A named theme spreads so only when the rules found it in at least this many of the
    /// question's answers (default 5) and this share of them (default 0.03): a survey about
    /// something else, where a rule fires once or twice, has no centre to spread from.
    pub propagate_min_answers: usize,
    pub propagate_min_share: f64,
}

impl Default for CodingParams {
    fn default() -> Self {
        CodingParams {
            other_similarity: 0.3,
            min_theme_answers: 3,
            max_themes: 12,
            min_theme_share: 0.02,
            label_terms: 3,
            top_terms: 8,
            quotes: 5,
            quote_lambda: 0.7,
            propagate_similarity: 0.4,
            propagate_min_answers: 5,
            propagate_min_share: 0.03,
        }
    }
}

impl CodingParams {
    /// Checks every setting, naming the one out of range.
    pub fn check(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::Cluster(format!("coding parameter {what}")));
        if !(-1.0..=1.0).contains(&self.other_similarity) {
            return bad("other_similarity must be a cosine, -1 to 1");
        }
        if self.min_theme_answers == 0 || self.max_themes == 0 {
            return bad("min_theme_answers and max_themes must be at least 1");
        }
        let shares = [
            self.min_theme_share,
            self.quote_lambda,
            self.propagate_min_share,
        ];
        if shares.iter().any(|s| !(0.0..=1.0).contains(s)) {
            return bad("min_theme_share, quote_lambda and propagate_min_share must be 0 to 1");
        }
        if !(-1.0..=1.0).contains(&self.propagate_similarity) {
            return bad("propagate_similarity must be a cosine, -1 to 1");
        }
        if self.label_terms == 0 || self.top_terms < self.label_terms {
            return bad("label_terms must be at least 1 and top_terms at least label_terms");
        }
        Ok(())
    }
}
