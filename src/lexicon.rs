//! Which words are of one kind? Words of one kind rarely share letters (uinti, hiihto, luistelu
//! are all sport), so the answers' own words cannot bring them together in a small survey. When
//! Debian's Finnish–English dictionary (`dict-freedict-fin-eng`, built from Wiktionary, CC
//! BY-SA) and WordNet (`wordnet-base`) are installed, this module reads them at run time (they
//! are never bundled) and gives each word *kind features* for clustering:
//!
//! - `wn:OFFSET` for the WordNet synset of the word's first English gloss and its hypernyms up
//!   to [`HYPERNYM_LEVELS`] levels (luistelu → skating → sport → diversion → …);
//! - `fi:PREFIX` for the first letters of the content words of its Finnish definition
//!   ("liikunta- tai urheilumuoto…" → `fi:liiku`, `fi:urhei`).
//!
//! A dictionary headword is found by the analyzer's term, so every inflected form of the word
//! finds it. The features only shape the geometry of clustering: labels and search never show
//! them. Without the packages teema clusters on the answers' words alone.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analysis::Analyzer;
use crate::error::{Error, Result};

/// Hypernym levels above a gloss's synset that become features.
pub const HYPERNYM_LEVELS: usize = 4;
/// Letters of a definition word kept as its feature.
const DEFINITION_PREFIX: usize = 5;
/// Definition words used per headword.
const DEFINITION_WORDS: usize = 6;

/// Where the dictionaries are on a Debian system.
pub const FREEDICT_DIR: &str = "/usr/share/dictd";
pub const WORDNET_DIR: &str = "/usr/share/wordnet";

/// The kind features of the words of a corpus.
#[derive(Debug, Default)]
pub struct Lexicon {
    features: FxHashMap<String, Vec<Arc<str>>>,
    /// What was read, for `themes.json`.
    pub source: String,
}

/// The files the lexicon reads, if they are there.
#[derive(Debug, Clone)]
pub struct LexiconFiles {
    pub index: PathBuf,
    pub dict: PathBuf,
    pub wordnet: Option<PathBuf>,
}

impl LexiconFiles {
    /// The dictionary in `freedict_dir` and WordNet in `wordnet_dir`, when the dictionary is
    /// there (WordNet is optional).
    pub fn find(freedict_dir: &Path, wordnet_dir: &Path) -> Option<LexiconFiles> {
        let index = freedict_dir.join("freedict-fin-eng.index");
        let dict = freedict_dir.join("freedict-fin-eng.dict.dz");
        if !index.is_file() || !dict.is_file() {
            return None;
        }
        let wordnet = wordnet_dir
            .join("data.noun")
            .is_file()
            .then(|| wordnet_dir.to_path_buf());
        Some(LexiconFiles {
            index,
            dict,
            wordnet,
        })
    }
}

/// One dictionary entry: its part of speech, first English glosses, first Finnish definition.
struct Entry {
    verb: bool,
    glosses: Vec<String>,
    definition: String,
}

impl Lexicon {
    /// Reads the dictionary (and WordNet) and gives the kind features of every headword that
    /// `wanted(term)` asks for, by the headword's term.
    pub fn load(
        files: &LexiconFiles,
        analyzer: &Analyzer,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<Lexicon> {
        let entries = read_freedict(files, analyzer, &wanted)?;
        let wordnet = match &files.wordnet {
            Some(dir) => Some(WordNet::read(dir)?),
            None => None,
        };
        let mut features: FxHashMap<String, Vec<Arc<str>>> = FxHashMap::default();
        let mut interned: FxHashMap<String, Arc<str>> = FxHashMap::default();
        let mut intern = |s: String| -> Arc<str> {
            interned
                .entry(s)
                .or_insert_with_key(|k| Arc::from(k.as_str()))
                .clone()
        };
        for (term, entry) in entries {
            let mut out: Vec<Arc<str>> = Vec::new();
            if let Some(wn) = &wordnet {
                for offset in wn.kinds(&entry.glosses, entry.verb) {
                    out.push(intern(format!("wn:{offset}")));
                }
            }
            for word in definition_words(&entry.definition, analyzer) {
                out.push(intern(format!("fi:{word}")));
            }
            out.sort();
            out.dedup();
            if !out.is_empty() {
                features.insert(term, out);
            }
        }
        let source = format!(
            "{}{}",
            files.index.display(),
            files
                .wordnet
                .as_ref()
                .map(|w| format!(" + WordNet {}", w.display()))
                .unwrap_or_default()
        );
        Ok(Lexicon { features, source })
    }

    /// The kind features of a term (empty when the dictionary does not know it).
    pub fn features(&self, term: &str) -> &[Arc<str>] {
        self.features.get(term).map_or(&[], Vec::as_slice)
    }

    /// How many terms have features.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// Whether no term has features.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }
}

/// The first letters of the first content words of a Finnish definition.
fn definition_words(definition: &str, analyzer: &Analyzer) -> Vec<String> {
    analyzer
        .analyze_words(definition)
        .into_iter()
        .filter(|t| t.word.chars().count() >= 4 && t.term != crate::analysis::NEGATION)
        .take(DEFINITION_WORDS)
        .map(|t| t.word.chars().take(DEFINITION_PREFIX).collect())
        .collect()
}

/// Decodes a dictd base-64 number.
fn b64(s: &str) -> Option<usize> {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    s.bytes().try_fold(0usize, |v, c| {
        DIGITS.iter().position(|&d| d == c).map(|d| v * 64 + d)
    })
}

/// Every single-word headword whose term is wanted, with its first sense.
fn read_freedict(
    files: &LexiconFiles,
    analyzer: &Analyzer,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<FxHashMap<String, Entry>> {
    let index = std::fs::read_to_string(&files.index).map_err(|e| Error::io(&files.index, e))?;
    let file = std::fs::File::open(&files.dict).map_err(|e| Error::io(&files.dict, e))?;
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(std::io::BufReader::new(file))
        .read_to_end(&mut text)
        .map_err(|e| Error::io(&files.dict, e))?;
    let mut out: FxHashMap<String, Entry> = FxHashMap::default();
    for line in index.lines() {
        let mut cols = line.split('\t');
        let (Some(word), Some(offset), Some(length)) = (cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        if word.starts_with("00") || !word.chars().all(|c| c.is_alphabetic() || c == '-') {
            continue;
        }
        let term = analyzer.stem(&word.to_lowercase());
        if out.contains_key(&term) || !wanted(&term) {
            continue;
        }
        let (Some(offset), Some(length)) = (b64(offset), b64(length)) else {
            continue;
        };
        let Some(bytes) = text.get(offset..offset + length) else {
            continue;
        };
        if let Some(entry) = parse_entry(&String::from_utf8_lossy(bytes)) {
            out.insert(term, entry);
        }
    }
    Ok(out)
}

/// An entry's first sense: `headword /ipa/ <pos>`, then the English glosses (`1. a, b`), then
/// the Finnish definition.
fn parse_entry(text: &str) -> Option<Entry> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let header = lines.next()?;
    let verb = header.contains("<v>");
    let glosses_line = lines.next()?;
    let glosses_line = glosses_line
        .split_once(". ")
        .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        .map_or(glosses_line, |(_, rest)| rest);
    let glosses = glosses_line
        .split([',', ';'])
        .map(|g| g.trim().to_lowercase())
        .filter(|g| !g.is_empty())
        .take(3)
        .collect();
    let definition = lines
        .next()
        .filter(|l| !l.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or_default()
        .to_string();
    Some(Entry {
        verb,
        glosses,
        definition,
    })
}

/// WordNet's nouns and verbs: each lemma's first synset and each synset's first hypernym.
struct WordNet {
    first: FxHashMap<(bool, String), String>,
    hypernym: FxHashMap<(bool, String), String>,
}

impl WordNet {
    fn read(dir: &Path) -> Result<WordNet> {
        let mut wn = WordNet {
            first: FxHashMap::default(),
            hypernym: FxHashMap::default(),
        };
        for (verb, pos) in [(false, "noun"), (true, "verb")] {
            let index = dir.join(format!("index.{pos}"));
            let data = dir.join(format!("data.{pos}"));
            if !index.is_file() || !data.is_file() {
                continue;
            }
            let index = std::fs::read(&index).map_err(|e| Error::io(&index, e))?;
            for line in String::from_utf8_lossy(&index)
                .lines()
                .filter(|l| !l.starts_with(' '))
            {
                let p: Vec<&str> = line.split_whitespace().collect();
                let Some(pointers) = p.get(3).and_then(|n| n.parse::<usize>().ok()) else {
                    continue;
                };
                if let Some(offset) = p.get(4 + pointers + 2) {
                    wn.first
                        .insert((verb, p[0].to_string()), offset.to_string());
                }
            }
            let bytes = std::fs::read(&data).map_err(|e| Error::io(&data, e))?;
            for line in String::from_utf8_lossy(&bytes)
                .lines()
                .filter(|l| !l.starts_with(' '))
            {
                if let Some((offset, parent)) = first_hypernym(line) {
                    wn.hypernym.insert((verb, offset), parent);
                }
            }
        }
        Ok(wn)
    }

    /// The synsets of a word's kind: its first gloss's synset (as a verb or a noun, as the
    /// entry says, else the other) and its hypernyms.
    fn kinds(&self, glosses: &[String], verb: bool) -> Vec<String> {
        for gloss in glosses {
            let key = gloss.replace(' ', "_");
            for pos in [verb, !verb] {
                if let Some(start) = self.first.get(&(pos, key.clone())) {
                    let mut out = vec![format!("{}{start}", if pos { 'v' } else { 'n' })];
                    let mut at = start.clone();
                    for _ in 0..HYPERNYM_LEVELS {
                        match self.hypernym.get(&(pos, at.clone())) {
                            Some(parent) => {
                                out.push(format!("{}{parent}", if pos { 'v' } else { 'n' }));
                                at = parent.clone();
                            }
                            None => break,
                        }
                    }
                    return out;
                }
            }
        }
        Vec::new()
    }
}

/// A data line's synset offset and its first hypernym's.
fn first_hypernym(line: &str) -> Option<(String, String)> {
    let p: Vec<&str> = line.split_whitespace().collect();
    let words = usize::from_str_radix(p.get(3)?, 16).ok()?;
    let k = 4 + 2 * words;
    let pointers: usize = p.get(k)?.parse().ok()?;
    (0..pointers).find_map(|i| {
        let symbol = p.get(k + 1 + 4 * i)?;
        (*symbol == "@" || *symbol == "@i")
            .then(|| (p[0].to_string(), p[k + 2 + 4 * i].to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_give_their_first_sense() {
        let e = parse_entry(
            "jalkapallo /x/ <n>\n1. football, soccer\nurheilulaji, jossa joukkueet pelaavat\n2. ball\n",
        )
        .unwrap();
        assert!(!e.verb);
        assert_eq!(e.glosses, ["football", "soccer"]);
        assert!(e.definition.starts_with("urheilulaji"));
        let v = parse_entry("piirtää /x/ <v>\ndraw, design\n").unwrap();
        assert!(v.verb && v.definition.is_empty());
        assert_eq!(b64("B"), Some(1));
        assert_eq!(b64("BA"), Some(64));
    }

    #[test]
    fn wordnet_lines_give_hypernyms() {
        let line = "00440039 04 n 01 skating 0 002 @ 00433216 n 0000 ~ 00440185 n 0000 | the gloss";
        assert_eq!(
            first_hypernym(line),
            Some(("00440039".to_string(), "00433216".to_string()))
        );
        let a = Analyzer::finnish();
        let words = definition_words("liikunta- tai urheilumuoto, jossa luistellaan", &a);
        assert_eq!(words, ["liiku", "urhei", "luist"]);
    }

    #[test]
    fn the_installed_dictionaries_give_sports_one_kind() {
        let Some(files) = LexiconFiles::find(Path::new(FREEDICT_DIR), Path::new(WORDNET_DIR))
        else {
            eprintln!("skipped: dict-freedict-fin-eng is not installed");
            return;
        };
        let a = Analyzer::finnish();
        let lexicon = Lexicon::load(&files, &a, |_| true).unwrap();
        let kinds = |w: &str| lexicon.features(&a.stem(w)).to_vec();
        let (skating, skiing) = (kinds("luistelu"), kinds("hiihto"));
        assert!(
            skating.iter().any(|f| skiing.contains(f)),
            "{skating:?} {skiing:?}"
        );
    }
}
