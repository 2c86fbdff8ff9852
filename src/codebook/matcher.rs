//! What in an answer says it belongs to a theme? [`Matcher`] is a [`Codebook`] compiled against
//! the analyzer: every seed is a rule of its own, every `[[theme.rule]]` one more. Each rule is
//! looked up by one word of each of its phrases (its *anchor*: a term, a prefix or a suffix), so
//! an answer costs a few hash lookups per word, and only answers with an anchor are read word by
//! word. What matched is kept as [`Evidence`]: the theme, the rule, the segment and the words,
//! so that every code can be shown and defended (`teema explain`).

use rustc_hash::{FxHashMap, FxHashSet};

use super::pattern::{self, Phrase, Role, Word, WordPattern};
use super::{Codebook, Order, DEFAULT_WITHIN};
use crate::analysis::{Analyzer, Token};
use crate::segment::Segment;

/// Why a segment carries a theme: a rule of the codebook matched these words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Index of the theme in the codebook.
    pub theme: usize,
    /// Index of the rule among the theme's rules ([`Matcher::rule`]).
    pub rule: usize,
    /// Which of the rule's words (or phrases) matched.
    pub trigger: usize,
    /// Which of its `near` phrases gave the context, if it needs one.
    pub near: Option<usize>,
    /// The segment of the answer ([`crate::segment::cut`]) the matched word is in.
    pub segment: usize,
    /// Byte span of the word the rule was found by (one of `spans`).
    pub word: (usize, usize),
    /// Byte spans of the matched words in the answer, in text order.
    pub spans: Vec<(usize, usize)>,
}

/// One compiled rule: a seed, or a `[[theme.rule]]`.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub theme: usize,
    /// The rule's number within its theme: seeds first, then `[[theme.rule]]`s.
    pub index: usize,
    /// Whether the rule is a seed (no context, no exceptions of its own).
    pub seed: bool,
    /// For a `[[theme.rule]]`, its number in the theme's list of rules, from 1.
    pub number: usize,
    pub triggers: Vec<Phrase>,
    pub near: Vec<Phrase>,
    pub also_near: Vec<Phrase>,
    pub not_near: Vec<Phrase>,
    /// Whether the word counts without context as all its segment says.
    pub alone: bool,
    /// The rule's exceptions and its theme's.
    pub except: Vec<Phrase>,
    pub within: usize,
    pub order: Order,
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
    fn any_anchor(&self, tokens: &[Token]) -> bool {
        let mut found = Vec::new();
        for (i, t) in tokens.iter().enumerate().filter(|(_, t)| !t.part) {
            let parts = tokens[i + 1..].iter().take_while(|p| p.part);
            let first = parts
                .clone()
                .next()
                .map(|p| (p.term.as_str(), p.word.as_str()));
            let last = parts.last().map(|p| p.term.as_str());
            self.anchors_of(Some(&t.term), &t.word, first, last, &mut found);
            if !found.is_empty() {
                return true;
            }
        }
        false
    }

    /// The evidence of every theme in an answer: its text, the analyzer's tokens of it and its
    /// segments. Sorted by segment, then by where the words are; one piece of evidence per
    /// rule and trigger word.
    pub fn code(&self, text: &str, tokens: &[Token], segments: &[Segment]) -> Vec<Evidence> {
        if self.rules.is_empty() || !self.any_anchor(tokens) {
            return Vec::new();
        }
        let words = pattern::words(text, tokens, segments);
        let mut out: Vec<Evidence> = Vec::new();
        let mut anchors = Vec::new();
        for at in 0..words.len() {
            let w = &words[at];
            anchors.clear();
            let first = w.parts.first().map(|(t, p)| (t.as_str(), p.as_str()));
            let last = w.parts.last().map(|(t, _)| t.as_str());
            self.anchors_of(w.term.as_deref(), &w.written, first, last, &mut anchors);
            anchors.sort_unstable();
            anchors.dedup();
            for &&(r, p, k) in &anchors {
                if let Some(e) = self.try_rule(r as usize, p as usize, k as usize, &words, at) {
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

    /// Rule `r`'s trigger phrase `p`, anchored by its word `k` on `words[at]`: the evidence,
    /// if the phrase matches, no exception covers it, its context is there and nothing it
    /// must not be near is.
    fn try_rule(
        &self,
        r: usize,
        p: usize,
        k: usize,
        words: &[Word],
        at: usize,
    ) -> Option<Evidence> {
        let rule = &self.rules[r];
        let matched = rule.triggers[p].match_at(k, words, at, Role::Trigger)?;
        let clause = words[at].clause;
        let (first, last) = (matched[0], *matched.last().expect("a phrase has words"));
        if rule
            .except
            .iter()
            .any(|e| covers(e, words, clause, &matched))
        {
            return None;
        }
        let lo = first.saturating_sub(rule.within);
        let hi = last + rule.within + 1;
        let near_ok = |m: &[usize]| {
            let (mf, ml) = (m[0], *m.last().expect("a phrase has words"));
            let distance = if ml < first {
                first - ml
            } else {
                mf.saturating_sub(last)
            };
            let order = match rule.order {
                Order::Any => true,
                Order::NearFirst => ml <= first,
                Order::WordFirst => mf >= last,
            };
            distance <= rule.within && order
        };
        // Context may lie inside the rule's own word only in a later compound part (`puute` of
        // *ajanpuute*), never the word itself (`kasvu*` is no context for `kasvu`).
        let outside = |phrase: &Phrase, m: &[usize]| {
            m.iter()
                .zip(&phrase.words)
                .all(|(i, p)| !matched.contains(i) || p.matches_later_part(&words[*i]))
        };
        let find = |phrases: &[Phrase]| {
            phrases.iter().enumerate().find_map(|(i, phrase)| {
                (lo..hi)
                    .filter(|&s| s < words.len() && words[s].clause == clause)
                    .filter_map(|s| phrase.match_at(0, words, s, Role::Context))
                    .find(|m| near_ok(m) && outside(phrase, m))
                    .map(|m| (i, m))
            })
        };
        // The context, if the rule has one: `near` and, when given, `also_near`; else the word
        // alone in its segment, if the rule allows it.
        let context = || {
            let near = find(&rule.near)?;
            if rule.also_near.is_empty() {
                return Some((near, None));
            }
            Some((near, Some(find(&rule.also_near)?)))
        };
        let (near, also) = if rule.near.is_empty() {
            (None, None)
        } else {
            match context() {
                Some((near, also)) => (Some(near), also),
                None if rule.alone && alone_in_segment(rule, words, &matched, at) => (None, None),
                None => return None,
            }
        };
        if find(&rule.not_near).is_some() {
            return None;
        }
        let context = near.iter().chain(&also).flat_map(|(_, m)| m);
        let mut spans: Vec<(usize, usize)> = matched
            .iter()
            .chain(context)
            .map(|&i| (words[i].from, words[i].to))
            .collect();
        spans.sort_unstable();
        spans.dedup();
        let segment = words[at]
            .segment
            .or_else(|| matched.iter().find_map(|&i| words[i].segment))
            .unwrap_or(0);
        Some(Evidence {
            theme: rule.theme,
            rule: rule.index,
            trigger: p,
            near: near.map(|(i, _)| i),
            segment,
            word: (words[at].from, words[at].to),
            spans,
        })
    }
}

/// Forms of "olla" (to be), which a one-word answer may have around its word ("ei ole aikaa").
const ALONE_FILLERS: &[&str] = &[
    "on", "ole", "oo", "ollut", "olleet", "olisi", "ois", "oli", "ovat", "olla", "is", "är",
];

/// Whether the rule's word is all its segment says: every word of the segment is a word of the
/// rule (or of its context, `near`), or a form of "olla" ("Aika.", "resursseja resursseja",
/// "liian vähän resursseja", "ei ole budjettia"; not "jossa on vähän resursseja").
fn alone_in_segment(rule: &CompiledRule, words: &[Word], matched: &[usize], at: usize) -> bool {
    let Some(segment) = words[at].segment else {
        return false;
    };
    let near_word = |w: &Word| {
        rule.near
            .iter()
            .flat_map(|p| &p.words)
            .any(|p| p.matches(w, Role::Context))
    };
    let trigger_word = |w: &Word| {
        rule.triggers
            .iter()
            .flat_map(|p| &p.words)
            .any(|p| p.matches(w, Role::Trigger))
    };
    words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.segment == Some(segment))
        .all(|(i, w)| {
            matched.contains(&i)
                || ALONE_FILLERS.contains(&w.written.as_str())
                || near_word(w)
                || trigger_word(w)
        })
}

/// Whether a match of the exception phrase in the clause holds one of the `matched` words.
fn covers(except: &Phrase, words: &[Word], clause: usize, matched: &[usize]) -> bool {
    let span = except.words.len() * 2;
    let lo = matched[0].saturating_sub(span);
    let hi = *matched.last().expect("a phrase has words") + 1;
    (lo..hi)
        .filter(|&s| words[s].clause == clause)
        .filter_map(|s| except.match_at(0, words, s, Role::Context))
        .any(|m| m.iter().any(|i| matched.contains(i)))
}

impl CompiledRule {
    /// The rule for people: `seed "kiire"`, or `"aika" near "ei"` with the phrases that matched.
    pub fn describe(&self, trigger: usize, near: Option<usize>) -> String {
        let word = &self.triggers[trigger].text;
        if self.seed {
            return format!("seed \"{word}\"");
        }
        if near.is_none() && !self.near.is_empty() {
            return format!("rule {}: \"{word}\" alone", self.number);
        }
        match near {
            Some(n) => format!(
                "rule {}: \"{word}\" near \"{}\" (within {})",
                self.number, self.near[n].text, self.within
            ),
            None => format!("rule {}: \"{word}\"", self.number),
        }
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
        m.code(text, &a.analyze(text), &cut(text))
            .into_iter()
            .map(|e| {
                let words: Vec<&str> = e.spans.iter().map(|&(f, t)| &text[f..t]).collect();
                (book.themes[e.theme].key.clone(), words.join(" "))
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
        let got = m.code(text, &a.analyze(text), &cut(text));
        let segments: Vec<(usize, usize)> = got.iter().map(|e| (e.theme, e.segment)).collect();
        assert_eq!(segments, [(0, 0), (1, 1), (0, 2)]);
        assert_eq!(m.rule(0, got[0].rule).describe(0, None), "seed \"kiire\"");
        let e = &m.code(
            "ei ole aikaa",
            &a.analyze("ei ole aikaa"),
            &cut("ei ole aikaa"),
        )[0];
        assert_eq!(
            m.rule(0, e.rule).describe(e.trigger, e.near),
            "rule 1: \"aika\" near \"ei\" (within 3)"
        );
    }
}
