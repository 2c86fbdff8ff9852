//! Which themes does the user expect, and what in an answer says so? The **codebook** is the
//! user's `themes.toml`: named themes, each with seed words and phrases, exceptions, and rules
//! with context, in the spirit of content-analysis dictionaries (WordStat and the like). The
//! default file (`themes.toml` at the repository root) is compiled in; `--themes FILE` replaces
//! it. Files written for earlier versions (key, labels, description, seeds) read as before.
//!
//! ```toml
//! [[theme]]
//! key = "time_shortage"
//! label_fi = "Ajan puute"
//! label_en = "Time shortage"
//! seeds = ["kiire", "aikapula", "resurssipula", "*pula", "ylikuorm*", "tunnit riitä"]
//! except = ["koko ajan"]          # phrases inside which no seed or rule of the theme counts
//! exclusive = false               # true: only on answers with no other named theme
//!
//! [[theme.rule]]                  # a word that counts only in context
//! words = ["aika"]
//! near = ["ei", "puute", "pula", "riitä", "liian vähän"]
//! within = 3                      # words apart at most, in the same clause (default 4)
//! order = "any"                   # or "near_first", "word_first"
//! except = ["aika hyvä", "ajan tasalla"]
//! not_near = ["hyvä"]             # the rule does not count with one of these nearby
//! also_near = []                  # a second context, also required when given
//! alone = true                    # also counts as a one-word answer or list item ("Aika.")
//! ```
//!
//! How words match ([`pattern`]): a word matches any of its inflected forms (the analyzer's
//! term), and as a seed also the first part of a compound (`resurssi` matches *resurssipula*);
//! `köyh*` matches words beginning with "köyh", `*pula` words ending in it (*ruokapulaa*); stop
//! words ("vähän", "koko") match as written. A phrase's words come in this order, at most one
//! other word between two of them, in one clause ([`crate::segment`]). [`matcher`] compiles a
//! codebook against the analyzer and finds the [`Evidence`] in each answer.

pub mod matcher;
pub mod pattern;
pub mod rule;

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use matcher::{Evidence, Matcher};

/// The themes file shipped with teema.
pub const DEFAULT_THEMES: &str = include_str!("../../themes.toml");

/// Keys that teema uses itself and a themes file may not take.
pub const RESERVED_KEYS: [&str; 2] = ["no_content", "other"];

/// Words apart, at most, between a rule's word and its context, unless the rule says `within`.
pub const DEFAULT_WITHIN: usize = 4;

/// The most a rule's `within` may be: context further away is rarely about the same thing.
pub const MAX_WITHIN: usize = 20;

/// Where a rule's context must be relative to its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Before or after.
    #[default]
    Any,
    /// The context comes first ("ei ole aikaa": `ei` before `aika`).
    NearFirst,
    /// The word comes first ("ajan puute": `aika` before `puute`).
    WordFirst,
}

/// A word or phrase that codes a theme only in context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The words or phrases the rule looks for; any of them.
    pub words: Vec<String>,
    /// Context: one of these must be within `within` words, in the same clause. Empty: no
    /// context needed (the rule is then a seed with its own exceptions).
    #[serde(default)]
    pub near: Vec<String>,
    /// A second context: when given, one of these must be within `within` words too
    /// ("ymmärrä" near a negation *and* near "johto", "esimies", …).
    #[serde(default)]
    pub also_near: Vec<String>,
    /// The rule does not count when one of these is within `within` words.
    #[serde(default)]
    pub not_near: Vec<String>,
    /// The word also counts without context when it is all its segment says: a one-word
    /// answer or list item ("Resurssit.", "aika, raha").
    #[serde(default)]
    pub alone: bool,
    /// Words apart at most (default [`DEFAULT_WITHIN`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<usize>,
    #[serde(default)]
    pub order: Order,
    /// Phrases in which the word means something else ("koko ajan", "aika hyvä").
    #[serde(default)]
    pub except: Vec<String>,
    /// Why the rule exists; for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

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
    /// Words and phrases that code the theme wherever they occur.
    #[serde(default)]
    pub seeds: Vec<String>,
    /// Phrases inside which none of the theme's seeds and rules count ("epätasa-arvo").
    #[serde(default)]
    pub except: Vec<String>,
    /// Words that code the theme only in context.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
    /// A residual theme: it stays on an answer only when no other named theme is there (a
    /// coder's "only a comparison, nothing concrete").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
}

/// The named themes of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codebook {
    /// The format's version; files without one are read as the current version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(rename = "theme", default)]
    pub themes: Vec<Theme>,
}

/// The newest codebook format teema reads.
pub const VERSION: u32 = 2;

impl Codebook {
    /// The themes shipped with teema.
    pub fn default_themes() -> Self {
        Self::parse(DEFAULT_THEMES, Path::new("themes.toml (built in)"))
            .expect("the built-in themes.toml is valid")
    }

    /// Reads and checks a themes file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Self::parse(text, path)
    }

    /// Parses and checks themes from TOML text; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let err = |message: String| Error::Themes {
            path: path.to_path_buf(),
            message,
        };
        let book: Codebook = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        if let Some(v) = book.version.filter(|&v| v > VERSION) {
            return Err(err(format!(
                "version {v} is newer than this teema reads ({VERSION}); update teema"
            )));
        }
        let mut seen = HashSet::new();
        for theme in &book.themes {
            check_theme(theme, &mut seen).map_err(err)?;
        }
        Ok(book)
    }
}

/// Checks one theme: its key, that it has something to match, and its rules' settings.
fn check_theme(theme: &Theme, seen: &mut HashSet<String>) -> std::result::Result<(), String> {
    let key = &theme.key;
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "theme key {key:?} must be non-empty and use only a-z, 0-9, _ and -"
        ));
    }
    if RESERVED_KEYS.contains(&key.as_str()) {
        return Err(format!("theme key {key:?} is reserved by teema"));
    }
    if !seen.insert(key.clone()) {
        return Err(format!("theme key {key:?} appears twice"));
    }
    let has_seed = theme.seeds.iter().any(|s| !s.trim().is_empty());
    if !has_seed && theme.rules.is_empty() {
        return Err(format!("theme {key:?} has no seed words and no rules"));
    }
    for (i, rule) in theme.rules.iter().enumerate() {
        let at = format!(
            "theme {key:?}, rule {} ({:?})",
            i + 1,
            rule.words.join(", ")
        );
        if rule.words.iter().all(|w| w.trim().is_empty()) {
            return Err(format!("{at}: `words` is empty"));
        }
        match rule.within {
            Some(0) => return Err(format!("{at}: `within` must be at least 1")),
            Some(w) if w > MAX_WITHIN => {
                return Err(format!("{at}: `within` {w} is more than {MAX_WITHIN}"))
            }
            _ => {}
        }
        if rule.near.is_empty() && rule.order != Order::Any {
            return Err(format!("{at}: `order` needs `near` words"));
        }
        if rule.near.is_empty() && !rule.also_near.is_empty() {
            return Err(format!("{at}: `also_near` needs `near` words"));
        }
    }
    let patterns = theme
        .seeds
        .iter()
        .chain(&theme.except)
        .chain(theme.rules.iter().flat_map(|r| {
            r.words
                .iter()
                .chain(&r.near)
                .chain(&r.also_near)
                .chain(&r.not_near)
                .chain(&r.except)
        }));
    for p in patterns {
        pattern::check_syntax(p).map_err(|e| format!("theme {key:?}: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> std::result::Result<Codebook, String> {
        Codebook::parse(text, Path::new("t.toml")).map_err(|e| e.to_string())
    }

    const THEME: &str = "[[theme]]\nkey='a'\nlabel_fi='A'\nlabel_en='A'\n";

    #[test]
    fn default_themes_have_the_three_keys() {
        let keys: Vec<String> = Codebook::default_themes()
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
    fn rejects_duplicate_and_reserved_keys_and_empty_themes() {
        let dup = format!("{THEME}seeds=['x']\n").repeat(2);
        assert!(parse(&dup).unwrap_err().contains("twice"));
        let reserved = "[[theme]]\nkey='other'\nlabel_fi='A'\nlabel_en='A'\nseeds=['x']\n";
        assert!(parse(reserved).is_err());
        assert!(parse(&format!("{THEME}seeds=[]\n"))
            .unwrap_err()
            .contains("no seed words and no rules"));
    }

    #[test]
    fn old_files_read_and_rules_are_checked() {
        let old = format!("{THEME}description='d'\nseeds=['kiire', 'tunnit riitä']\n");
        let book = parse(&old).unwrap();
        assert_eq!(book.themes[0].seeds.len(), 2);
        assert!(book.themes[0].rules.is_empty() && !book.themes[0].exclusive);
        let residual = parse(&format!("{THEME}seeds=['x']\nexclusive=true\n")).unwrap();
        assert!(residual.themes[0].exclusive);
        let rule = format!(
            "{THEME}[[theme.rule]]\nwords=['aika']\nnear=['ei', 'liian vähän']\nwithin=3\n\
             order='near_first'\nexcept=['koko ajan']\n"
        );
        let book = parse(&rule).unwrap();
        assert_eq!(book.themes[0].rules[0].order, Order::NearFirst);
        let bad = [
            ("[[theme.rule]]\nwords=['aika']\nwithin=0\n", "at least 1"),
            ("[[theme.rule]]\nwords=['aika']\nwithin=99\n", "more than"),
            ("[[theme.rule]]\nwords=[]\n", "`words` is empty"),
            (
                "[[theme.rule]]\nwords=['aika']\norder='word_first'\n",
                "needs `near`",
            ),
            (
                "[[theme.rule]]\nwords=['aika']\nnaer=['ei']\n",
                "unknown field",
            ),
            ("seeds=['a*b']\n", "`*`"),
        ];
        for (body, message) in bad {
            let err = parse(&format!("{THEME}{body}")).unwrap_err();
            assert!(err.contains(message), "{body}: {err}");
        }
        assert!(parse(&format!("version=9\n{THEME}seeds=['x']\n"))
            .unwrap_err()
            .contains("newer"));
    }
}
