//! The analyzer as Tantivy's tokenizer, so that the index sees exactly the terms clustering
//! and the codebook see.

use std::sync::Arc;

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use super::Analyzer;

/// The analyzer as a Tantivy tokenizer. Register it with [`Analyzer::tantivy`] under
/// [`TOKENIZER_NAME`].
#[derive(Clone)]
pub struct TantivyFinnish {
    pub(super) analyzer: Arc<Analyzer>,
}

impl Tokenizer for TantivyFinnish {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = self
            .analyzer
            .analyze(text)
            .into_iter()
            .map(|t| TantivyToken {
                offset_from: t.from,
                offset_to: t.to,
                position: t.position,
                text: t.term,
                position_length: 1,
            })
            .collect();
        VecTokenStream {
            tokens,
            next: 0,
            current: TantivyToken::default(),
        }
    }
}

/// The token stream of [`TantivyFinnish`]: the analyzer's tokens, handed out one by one.
pub struct VecTokenStream {
    tokens: Vec<TantivyToken>,
    next: usize,
    current: TantivyToken,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.get_mut(self.next) {
            Some(token) => {
                self.current = std::mem::take(token);
                self.next += 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &TantivyToken {
        &self.current
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tantivy_and_clustering_see_the_same_terms() {
        let analyzer = Arc::new(Analyzer::finnish());
        let text = "Johto ei ymmärrä, mitä yhteisömanageri tekee! Ajanpuute & KPI:t 😩 — arvostuksen puute.";
        let mut tantivy = analyzer.tantivy();
        let mut stream = tantivy.token_stream(text);
        let mut from_tantivy = Vec::new();
        while stream.advance() {
            let t = stream.token();
            from_tantivy.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        let direct: Vec<_> = analyzer
            .analyze(text)
            .into_iter()
            .map(|t| (t.term, t.from, t.to, t.position))
            .collect();
        assert!(!direct.is_empty());
        assert_eq!(from_tantivy, direct);
    }
}
