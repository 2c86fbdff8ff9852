//! Which themes does the user expect? Named themes come from a `themes.toml`: a key, Finnish and
//! English labels, and seed words. The default file (`themes.toml` at the repository root) is
//! compiled in; `--themes FILE` replaces it.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The themes file shipped with teema.
pub const DEFAULT_THEMES: &str = include_str!("../themes.toml");

/// One named theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Stable identifier, e.g. `time_shortage`.
    pub key: String,
    /// Finnish label, e.g. "Ajan puute".
    pub label_fi: String,
    /// English label, e.g. "Time shortage".
    pub label_en: String,
    /// What belongs to the theme; for people, not used for matching.
    #[serde(default)]
    pub description: String,
    /// Words and phrases that speak of the theme.
    pub seeds: Vec<String>,
}

/// The named themes of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeSet {
    #[serde(rename = "theme", default)]
    pub themes: Vec<Theme>,
}

/// Keys that teema uses itself and a themes file may not take.
pub const RESERVED_KEYS: [&str; 2] = ["no_content", "other"];

impl ThemeSet {
    /// The themes shipped with teema.
    pub fn default_themes() -> Self {
        Self::parse(DEFAULT_THEMES, Path::new("themes.toml (built in)"))
            .expect("the built-in themes.toml is valid")
    }

    /// Reads and checks a themes file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, path)
    }

    /// Parses and checks themes from TOML text; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let err = |message: String| Error::Themes {
            path: path.to_path_buf(),
            message,
        };
        let set: ThemeSet = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let mut seen = HashSet::new();
        for theme in &set.themes {
            if theme.key.is_empty()
                || !theme
                    .key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(err(format!(
                    "theme key {:?} must be non-empty and use only a-z, 0-9, _ and -",
                    theme.key
                )));
            }
            if RESERVED_KEYS.contains(&theme.key.as_str()) {
                return Err(err(format!(
                    "theme key {:?} is reserved by teema",
                    theme.key
                )));
            }
            if !seen.insert(theme.key.clone()) {
                return Err(err(format!("theme key {:?} appears twice", theme.key)));
            }
            if theme.seeds.iter().all(|s| s.trim().is_empty()) {
                return Err(err(format!("theme {:?} has no seed words", theme.key)));
            }
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_themes_have_the_three_keys() {
        let keys: Vec<String> = ThemeSet::default_themes()
            .themes
            .into_iter()
            .map(|t| t.key)
            .collect();
        assert_eq!(
            keys,
            ["time_shortage", "lack_of_appreciation", "measurement"]
        );
    }

    #[test]
    fn rejects_duplicate_and_reserved_keys() {
        let p = Path::new("t.toml");
        let dup = "[[theme]]\nkey='a'\nlabel_fi='A'\nlabel_en='A'\nseeds=['x']\n".repeat(2);
        assert!(ThemeSet::parse(&dup, p)
            .unwrap_err()
            .to_string()
            .contains("twice"));
        let reserved = "[[theme]]\nkey='other'\nlabel_fi='A'\nlabel_en='A'\nseeds=['x']\n";
        assert!(ThemeSet::parse(reserved, p).is_err());
        let no_seeds = "[[theme]]\nkey='a'\nlabel_fi='A'\nlabel_en='A'\nseeds=[]\n";
        assert!(ThemeSet::parse(no_seeds, p).is_err());
    }
}
