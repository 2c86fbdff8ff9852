//! How an analyzer is set up, and how that setting and the compounds it learned are kept
//! beside an index, so that a search reads text as the run did.

use super::{compound, parse_stop_words, Analyzer};

/// Which lemmatiser gives the terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// teema's own: a lexicon of irregular words and rules of Finnish morphology.
    #[default]
    Builtin,
    /// Voikko's lemmas (libvoikko and its Finnish dictionary, loaded at run time), the
    /// built-in stemmer for words Voikko does not know.
    Voikko,
}

/// How an analyzer is set up; stored with the index so that a search analyses its query the
/// way the answers were analysed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnalyzerConfig {
    pub backend: Backend,
    /// The user's own stop words (`--stopwords FILE`), lowercased and sorted.
    #[serde(default)]
    pub extra_stop_words: Vec<String>,
}

impl AnalyzerConfig {
    /// Adds the stop words of a file (UTF-8, a BOM allowed; one per line, `#` starts a
    /// comment).
    pub fn add_stop_words_file(&mut self, path: &std::path::Path) -> crate::error::Result<()> {
        let bytes = std::fs::read(path).map_err(|e| crate::error::Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            crate::error::Error::input(
                path,
                "a stop word list must be UTF-8 text; save it as UTF-8 and try again",
            )
        })?;
        let mut words: Vec<String> = parse_stop_words(&text).into_iter().collect();
        self.extra_stop_words.append(&mut words);
        self.extra_stop_words.sort();
        self.extra_stop_words.dedup();
        Ok(())
    }
}

/// The file in the index folder that records the analyzer's [`AnalyzerConfig`].
pub const CONFIG_FILE: &str = "teema-analyzer.json";
/// The file in the index folder that records the compounds the analyzer split.
pub const COMPOUNDS_FILE: &str = "teema-compounds.tsv";

impl Analyzer {
    /// The analyzer an index in `index_dir` was built with, for searching it: its settings
    /// and its compounds (so snippets highlight `ajan` in `työajan` for `aika`; a query itself
    /// should use a word's own token, not its parts: see [`Token::part`](super::Token::part)).
    pub fn for_index(index_dir: &std::path::Path) -> crate::error::Result<Self> {
        let mut analyzer = Self::for_index_config(index_dir)?;
        let path = index_dir.join(COMPOUNDS_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => analyzer.compounds = Some(compound::Compounds::from_tsv(&text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(crate::error::Error::io(&path, e)),
        }
        Ok(analyzer)
    }

    fn for_index_config(index_dir: &std::path::Path) -> crate::error::Result<Self> {
        let path = index_dir.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let config: AnalyzerConfig = serde_json::from_str(&text).map_err(|e| {
                    crate::error::Error::input(
                        &path,
                        format!("not an analyzer configuration ({e}); run `teema run` again"),
                    )
                })?;
                Self::from_config(&config)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::finnish()),
            Err(e) => Err(crate::error::Error::io(&path, e)),
        }
    }

    /// Records this analyzer's configuration and compounds in an index folder.
    pub fn save_config(&self, index_dir: &std::path::Path) -> crate::error::Result<()> {
        let path = index_dir.join(CONFIG_FILE);
        let text = serde_json::to_string_pretty(&self.config).expect("config serializes");
        std::fs::write(&path, text + "\n").map_err(|e| crate::error::Error::io(&path, e))?;
        if let Some(compounds) = &self.compounds {
            let path = index_dir.join(COMPOUNDS_FILE);
            std::fs::write(&path, compounds.to_tsv())
                .map_err(|e| crate::error::Error::io(&path, e))?;
        }
        Ok(())
    }
}
