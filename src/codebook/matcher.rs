//! What in an answer says it belongs to a theme? [`Matcher`] is a [`Codebook`] compiled against
//! the analyzer: every seed is a rule of its own, every `[[theme.rule]]` one more. Each rule is
//! looked up by one word of each of its phrases (its *anchor*: a term, a prefix or a suffix), so
//! an answer costs a few hash lookups per word, and only answers with an anchor are read word by
//! word. What matched is kept as [`Evidence`]: the theme, the rule, the segment and the words,
//! so that every code can be shown and defended (`teema explain`).

use rustc_hash::{FxHashMap, FxHashSet};

use super::pattern::{self, Phrase, WordPattern};
pub use super::rule::CompiledRule;
use super::{Codebook, Order, DEFAULT_WITHIN};
use crate::analysis::{Analyzer, Token};
use crate::segment::Segment;

/// Why a segment carries a theme: a rule of the codebook matched these words. Kept small
/// (`u32`s, a boxed slice): a million answers hold one or more each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Index of the theme in the codebook.
    pub theme: u32,
    /// Index of the rule among the theme's rules ([`Matcher::rule`]).
    pub rule: u32,
    /// Which of the rule's words (or phrases) matched.
    pub trigger: u32,
    /// Which of its `near` phrases gave the context, if it needs one.
    pub near: Option<u32>,
    /// The segment of the answer ([`crate::segment::cut`]) the matched word is in.
    pub segment: u32,
    /// Byte span of the word the rule was found by (one of `spans`).
    pub word: (u32, u32),
    /// Byte spans of the matched words in the answer, in text order.
    pub spans: Box<[(u32, u32)]>,
}

impl Evidence {
    /// The theme's index.
    pub fn theme(&self) -> usize {
        self.theme as usize
    }

    /// The segment's index.
    pub fn segment(&self) -> usize {
        self.segment as usize
    }

    /// Where the quoted words start and end: from the first span to the last.
    pub fn extent(&self) -> (u32, u32) {
        let from = self.spans.first().map_or(self.word.0, |s| s.0);
        let to = self.spans.last().map_or(self.word.1, |s| s.1);
        (from, to)
    }

    /// The spans as `usize` byte ranges.
    pub fn byte_spans(&self) -> Vec<(usize, usize)> {
        self.spans
            .iter()
            .map(|&(f, t)| (f as usize, t as usize))
            .collect()
    }
}

/// Which words can start a rule, as far as a thread has seen: [`Matcher::code`] reads only the
/// answers that hold one.
#[derive(Debug, Default)]
pub struct AnchorCache {
    words: FxHashMap<String, Vec<AnchorRef>>,
}

/// Where an anchor word sends the matcher: rule, trigger phrase, word of the phrase.
type AnchorRef = (u32, u16, u16);

/// A codebook compiled against an analyzer.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    rules: Vec<CompiledRule>,
    /// Each theme's rules, by their number in the theme.
    by_theme: Vec<Vec<usize>>,
    terms: FxHashMap<String, Vec<AnchorRef>>,
    prefixes: FxHashMap<String, Vec<AnchorRef>>,
    suffixes: FxHashMap<String, Vec<AnchorRef>>,
    /// Lengths, in characters, of the prefixes and suffixes (few: each is one lookup per word).
    prefix_lengths: Vec<usize>,
    suffix_lengths: Vec<usize>,
}

impl Matcher {
    /// Compiles every theme's seeds and rules. Patterns are checked when the codebook is read;
    /// a phrase of stop words only (nothing to look up) is left out.
    pub fn new(book: &Codebook, analyzer: &Analyzer) -> Matcher {
        let mut m = Matcher {
            by_theme: vec![Vec::new(); book.themes.len()],
            ..Matcher::default()
        };
        let compile = |list: &[String]| -> Vec<Phrase> {
            list.iter()
                .filter(|p| !p.trim().is_empty())
                .map(|p| pattern::compile(p, analyzer))
                .filter(|p| !p.words.is_empty())
                .collect()
        };
        for (t, theme) in book.themes.iter().enumerate() {
            let theme_except = compile(&theme.except);
            let mut rules: Vec<CompiledRule> = compile(&theme.seeds)
                .into_iter()
                .map(|seed| CompiledRule {
                    theme: t,
                    index: 0,
                    seed: true,
                    number: 0,
                    triggers: vec![seed],
                    near: Vec::new(),
                    also_near: Vec::new(),
                    not_near: Vec::new(),
                    alone: false,
                    own_except: false,
                    except: theme_except.clone(),
                    within: DEFAULT_WITHIN,
                    order: Order::Any,
                })
                .collect();
            for (number, rule) in theme.rules.iter().enumerate() {
                let mut except = compile(&rule.except);
                except.extend(theme_except.iter().cloned());
                rules.push(CompiledRule {
                    theme: t,
                    index: 0,
                    seed: false,
                    number: number + 1,
                    triggers: compile(&rule.words),
                    near: compile(&rule.near),
                    also_near: compile(&rule.also_near),
                    not_near: compile(&rule.not_near),
                    alone: rule.alone,
                    own_except: !rule.except.is_empty(),
                    except,
                    within: rule.within.unwrap_or(DEFAULT_WITHIN),
                    order: rule.order,
                });
            }
            for (i, mut rule) in rules.into_iter().enumerate() {
                rule.index = i;
                m.by_theme[t].push(m.rules.len());
                m.rules.push(rule);
            }
        }
        m.index_anchors();
        m
    }

    /// Indexes each trigger phrase by its first word that has a term.
    fn index_anchors(&mut self) {
        let (mut prefix_lengths, mut suffix_lengths) = (FxHashSet::default(), FxHashSet::default());
        for (r, rule) in self.rules.iter().enumerate() {
            for (p, phrase) in rule.triggers.iter().enumerate() {
                let Some(k) = phrase.words.iter().position(WordPattern::is_content) else {
                    continue;
                };
                let anchor = (r as u32, p as u16, k as u16);
                match &phrase.words[k] {
                    WordPattern::Term(t) => self.terms.entry(t.clone()).or_default().push(anchor),
                    WordPattern::Prefix(s) => {
                        prefix_lengths.insert(s.chars().count());
                        self.prefixes.entry(s.clone()).or_default().push(anchor);
                    }
                    WordPattern::Suffix { written, .. } => {
                        suffix_lengths.insert(written.chars().count());
                        self.suffixes
                            .entry(written.clone())
                            .or_default()
                            .push(anchor);
                    }
                    WordPattern::Written(_) => unreachable!("anchors have a term"),
                }
            }
        }
        self.prefix_lengths = prefix_lengths.into_iter().collect();
        self.prefix_lengths.sort_unstable();
        self.suffix_lengths = suffix_lengths.into_iter().collect();
        self.suffix_lengths.sort_unstable();
    }

    /// Rule `index` of theme `theme`.
    pub fn rule(&self, theme: usize, index: usize) -> &CompiledRule {
        &self.rules[self.by_theme[theme][index]]
    }

    /// Each theme's *guarded* terms: the terms of the words its rules count only in context and
    /// know other senses of (a rule with `near` and its own `except`: `aika`, not in "aika
    /// hyvä"). A segment that holds one but that no rule coded was seen and declined by the
    /// rules, and nothing else should give it the theme.
    pub fn guarded_terms(&self) -> Vec<FxHashSet<String>> {
        let mut out = vec![FxHashSet::default(); self.by_theme.len()];
        for rule in self
            .rules
            .iter()
            .filter(|r| !r.near.is_empty() && r.own_except)
        {
            for phrase in &rule.triggers {
                for word in &phrase.words {
                    if let WordPattern::Term(t) = word {
                        out[rule.theme].insert(t.clone());
                    }
                }
            }
        }
        out
    }

    /// Whether the codebook has no rule at all.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The anchors a word (its term, written form and compound parts) can start.
    fn anchors_of<'a>(
        &'a self,
        term: Option<&str>,
        written: &str,
        first_part: Option<(&str, &str)>,
        last_part: Option<&str>,
        out: &mut Vec<&'a AnchorRef>,
    ) {
        let mut by_term = |t: &str| out.extend(self.terms.get(t).into_iter().flatten());
        term.into_iter().for_each(&mut by_term);
        if let Some((t, _)) = first_part {
            by_term(t);
        }
        for &n in &self.prefix_lengths {
            for w in std::iter::once(written).chain(first_part.map(|(_, w)| w)) {
                if let Some((end, _)) = w.char_indices().nth(n) {
                    out.extend(self.prefixes.get(&w[..end]).into_iter().flatten());
                } else if w.chars().count() == n {
                    out.extend(self.prefixes.get(w).into_iter().flatten());
                }
            }
        }
        // A suffix is looked up where it would end if an ending of up to six letters follows
        // it in the written word, and at the end of the term and of the last part's term.
        if self.suffix_lengths.is_empty() {
            return;
        }
        let candidates =
            std::iter::once((written, 6)).chain(term.into_iter().chain(last_part).map(|t| (t, 0)));
        for (w, max_ending) in candidates {
            let chars: Vec<usize> = w.char_indices().map(|(i, _)| i).collect();
            let count = chars.len();
            for &n in &self.suffix_lengths {
                for ending in 0..=max_ending {
                    if count < n + ending + 2 {
                        break;
                    }
                    let start = chars[count - ending - n];
                    let end = chars.get(count - ending).copied().unwrap_or(w.len());
                    out.extend(self.suffixes.get(&w[start..end]).into_iter().flatten());
                }
            }
        }
    }

    /// Whether any token of an answer could start a rule: answers without one are not read
    /// word by word.
    /// The anchors a word starts (its term, written form and compound parts), looked up once
    /// per distinct word and cache: they depend on the word alone.
    fn anchors_cached<'c>(
        &self,
        seen: &'c mut AnchorCache,
        written: &str,
        term: Option<&str>,
        parts: &[(&str, &str)],
    ) -> &'c [AnchorRef] {
        if !seen.words.contains_key(written) {
            let mut found = Vec::new();
            let first = parts.first().copied();
            let last = parts.last().map(|&(t, _)| t);
            self.anchors_of(term, written, first, last, &mut found);
            let mut found: Vec<AnchorRef> = found.into_iter().copied().collect();
            found.sort_unstable();
            found.dedup();
            seen.words.insert(written.to_string(), found);
        }
        &seen.words[written]
    }

    /// Whether any token of an answer could start a rule: answers without one are not read
    /// word by word.
    fn any_anchor(&self, tokens: &[Token], seen: &mut AnchorCache) -> bool {
        let mut parts: Vec<(&str, &str)> = Vec::new();
        for (i, t) in tokens.iter().enumerate().filter(|(_, t)| !t.part) {
            parts.clear();
            parts.extend(
                tokens[i + 1..]
                    .iter()
                    .take_while(|p| p.part)
                    .map(|p| (p.term.as_str(), p.word.as_str())),
            );
            if !self
                .anchors_cached(seen, &t.word, Some(&t.term), &parts)
                .is_empty()
            {
                return true;
            }
        }
        false
    }

    /// The evidence of every theme in an answer: its text, the analyzer's tokens of it and its
    /// segments. Sorted by segment, then by where the words are; one piece of evidence per
    /// rule and trigger word, and one per theme for the same words. `seen` remembers which words start which rules (one per thread).
    pub fn code(
        &self,
        text: &str,
        tokens: &[Token],
        segments: &[Segment],
        seen: &mut AnchorCache,
    ) -> Vec<Evidence> {
        if self.rules.is_empty() || !self.any_anchor(tokens, seen) {
            return Vec::new();
        }
        let words = pattern::words(text, tokens, segments);
        let mut out: Vec<Evidence> = Vec::new();
        for (at, w) in words.iter().enumerate() {
            // Stop words and numbers start no rule.
            let Some(term) = w.term else {
                continue;
            };
            let parts: Vec<(&str, &str)> = w
                .parts
                .iter()
                .map(|p| (p.term.as_str(), p.word.as_str()))
                .collect();
            let anchors = self
                .anchors_cached(seen, &w.written, Some(term), &parts)
                .to_vec();
            for (r, p, k) in anchors {
                let rule = &self.rules[r as usize];
                if let Some(e) = rule.evaluate(p as usize, k as usize, &words, at) {
                    if !out
                        .iter()
                        .any(|o| o.rule == e.rule && o.theme == e.theme && o.word == e.word)
                    {
                        out.push(e);
                    }
                }
            }
        }
        // Two seeds or rules that matched the same stretch of words for one theme ("ei ehdi",
        // "en ehdi"; "johto … ymmärrä" with or without its "ei") are one piece of evidence:
        // the first rule's.
        out.sort_by_key(|e| (e.segment, e.extent(), e.theme, e.rule));
        out.dedup_by(|b, a| {
            a.segment == b.segment && a.theme == b.theme && a.extent() == b.extent()
        });
        out
    }
}

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
