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
    /// rule and trigger word. `seen` remembers which words start which rules (one per thread).
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
        out.sort_by(|a, b| {
            (a.segment, &a.spans, a.theme, a.rule).cmp(&(b.segment, &b.spans, b.theme, b.rule))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::cut;

    const BOOK: &str = r#"
[[theme]]
key = "time"
label_fi = "Aika"
label_en = "Time"
seeds = ["kiire", "*pula", "ylikuorm*", "tunnit riitä"]

[[theme.rule]]
words = ["aika"]
near = ["ei", "puute", "liian vähän"]
within = 3
except = ["aika hyvä", "koko ajan", "ajan tasalla"]

[[theme]]
key = "value"
label_fi = "Arvostus"
label_en = "Value"
seeds = ["arvo"]
except = ["epätasa-arvo", "tasa-arvo"]

[[theme.rule]]
words = ["palaute"]
near = ["ei", "puute"]
order = "near_first"

[[theme.rule]]
words = ["ymmärtää"]
near = ["ei"]
also_near = ["johto"]

[[theme.rule]]
words = ["kasvu"]
near = ["kasvu*"]

[[theme.rule]]
words = ["resurssi"]
near = ["puute", "ei"]
also_near = ["työ"]
alone = true
"#;

    fn code(text: &str) -> Vec<(String, String)> {
        let a = Analyzer::finnish().learn_compounds([
            "ajanpuute ajan puute resurssipula resurssi pula arvopohja arvo pohja",
        ]);
        let book = Codebook::parse(BOOK, std::path::Path::new("t.toml")).unwrap();
        let m = Matcher::new(&book, &a);
        m.code(
            text,
            &a.analyze(text),
            &cut(text),
            &mut AnchorCache::default(),
        )
        .into_iter()
        .map(|e| {
            let words: Vec<&str> = e.byte_spans().iter().map(|&(f, t)| &text[f..t]).collect();
            (book.themes[e.theme()].key.clone(), words.join(" "))
        })
        .collect()
    }

    #[test]
    fn seeds_wildcards_and_phrases() {
        assert_eq!(code("Kiireinen kevät"), []);
        assert_eq!(code("kiire!"), [("time".into(), "kiire".into())]);
        assert_eq!(
            code("resurssipulaa"),
            [("time".into(), "resurssipulaa".into())]
        );
        assert_eq!(
            code("ylikuormitus"),
            [("time".into(), "ylikuormitus".into())]
        );
        assert_eq!(
            code("tunnit eivät riitä"),
            [("time".into(), "tunnit riitä".into())]
        );
        assert_eq!(code("riitä tunnit"), []);
    }

    #[test]
    fn a_word_in_context_and_its_exceptions() {
        assert_eq!(code("Ei ole aikaa."), [("time".into(), "Ei aikaa".into())]);
        assert_eq!(code("ajan puute"), [("time".into(), "ajan puute".into())]);
        assert_eq!(code("ajanpuute"), [("time".into(), "ajanpuute".into())]);
        assert_eq!(
            code("aikaa on liian vähän"),
            [("time".into(), "aikaa liian vähän".into())]
        );
        assert_eq!(code("aika hyvä, ei valittamista"), []);
        assert_eq!(code("koko ajan ei jaksa"), []);
        assert_eq!(code("Aikaa on. Ei rahaa."), [], "context in another clause");
        assert_eq!(
            code("aikaa on mutta ei rahaa"),
            [],
            "a contrast ends the clause"
        );
    }

    #[test]
    fn exceptions_and_order() {
        assert_eq!(code("epätasa-arvo ja tasa-arvo"), []);
        assert_eq!(code("arvopohja"), [("value".into(), "arvopohja".into())]);
        assert_eq!(
            code("ei palautetta"),
            [("value".into(), "ei palautetta".into())]
        );
        assert_eq!(code("palaute ei toimi"), [], "near_first");
        assert_eq!(code("kasvu"), [], "no context from the word itself");
        assert_eq!(code("kasvu ja kasvua").len(), 2);
        assert_eq!(
            code("johto ei ymmärrä"),
            [("value".into(), "johto ei ymmärrä".into())]
        );
        assert_eq!(code("en ymmärrä"), [], "also_near");
        assert_eq!(code("johto ymmärtää"), [], "near");
        assert_eq!(code("Resurssit."), [("value".into(), "Resurssit".into())]);
        assert_eq!(
            code("kiire, resurssit"),
            [
                ("time".into(), "kiire".into()),
                ("value".into(), "resurssit".into())
            ]
        );
        assert_eq!(code("resurssit riittävät hyvin"), [], "not alone");
        assert_eq!(
            code("ei ole resursseja"),
            [("value".into(), "resursseja".into())]
        );
        assert_eq!(code("jossa on resursseja"), [], "not alone");
    }

    #[test]
    fn lists_give_one_piece_of_evidence_per_segment() {
        let a = Analyzer::finnish();
        let book = Codebook::parse(BOOK, std::path::Path::new("t.toml")).unwrap();
        let m = Matcher::new(&book, &a);
        let text = "kiire, arvo ja taas kiire";
        let got = m.code(
            text,
            &a.analyze(text),
            &cut(text),
            &mut AnchorCache::default(),
        );
        let segments: Vec<(usize, usize)> = got.iter().map(|e| (e.theme(), e.segment())).collect();
        assert_eq!(segments, [(0, 0), (1, 1), (0, 2)]);
        assert_eq!(
            m.rule(0, got[0].rule as usize).describe(0, None),
            "seed \"kiire\""
        );
        let e = &m.code(
            "ei ole aikaa",
            &a.analyze("ei ole aikaa"),
            &cut("ei ole aikaa"),
            &mut AnchorCache::default(),
        )[0];
        assert_eq!(
            m.rule(0, e.rule as usize)
                .describe(e.trigger as usize, e.near.map(|n| n as usize)),
            "rule 1: \"aika\" near \"ei\" (within 3)"
        );
    }
}
