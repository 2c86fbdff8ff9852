//! One rule of the codebook, compiled: a seed, or a `[[theme.rule]]` with its context,
//! exceptions and the words it must not be near. [`CompiledRule::evaluate`] decides, for one
//! place in an answer, whether the rule holds there, and gives the [`Evidence`].

use super::matcher::Evidence;
use super::pattern::{Phrase, Role, Word};
use super::Order;

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
    /// Whether the rule has exceptions of its own: its words have other senses.
    pub own_except: bool,
    pub within: usize,
    pub order: Order,
}

impl CompiledRule {
    /// The rule's trigger phrase `p`, anchored by its word `k` on `words[at]`: the evidence,
    /// if the phrase matches, no exception covers it, its context is there and nothing it
    /// must not be near is.
    pub fn evaluate(&self, p: usize, k: usize, words: &[Word], at: usize) -> Option<Evidence> {
        let rule = self;
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
        let mut spans: Vec<(u32, u32)> = matched
            .iter()
            .chain(context)
            .map(|&i| (words[i].from as u32, words[i].to as u32))
            .collect();
        spans.sort_unstable();
        spans.dedup();
        let segment = words[at]
            .segment
            .or_else(|| matched.iter().find_map(|&i| words[i].segment))
            .unwrap_or(0);
        Some(Evidence {
            theme: rule.theme as u32,
            rule: rule.index as u32,
            trigger: p as u32,
            near: near.map(|(i, _)| i as u32),
            segment: segment as u32,
            word: (words[at].from as u32, words[at].to as u32),
            spans: spans.into_boxed_slice(),
        })
    }
}

/// Forms of "olla" (to be), which a one-word answer may have around its word ("ei ole aikaa").
const ALONE_FILLERS: &[&str] = &[
    "on", "ole", "oo", "ollut", "olleet", "olisi", "ois", "oli", "ovat", "olla", "is", "är",
];

/// Whether the rule's word is all its segment says: every word of the segment is a word of the
/// rule's triggers, of a match of its context (`near`), or a form of "olla" ("Aika.",
/// "resursseja resursseja", "liian vähän resursseja", "ei ole budjettia"; not "jossa on vähän
/// resursseja", where "vähän" alone is no match of the context "liian vähän").
fn alone_in_segment(rule: &CompiledRule, words: &[Word], matched: &[usize], at: usize) -> bool {
    let Some(segment) = words[at].segment else {
        return false;
    };
    let in_segment: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].segment == Some(segment))
        .collect();
    let mut covered: Vec<usize> = matched.to_vec();
    for phrase in &rule.near {
        for &i in &in_segment {
            if let Some(m) = phrase.match_at(0, words, i, Role::Context) {
                covered.extend(m);
            }
        }
    }
    let trigger_word = |w: &Word| {
        rule.triggers
            .iter()
            .filter(|p| p.words.len() == 1)
            .any(|p| p.words[0].matches(w, Role::Trigger))
    };
    in_segment.iter().all(|&i| {
        covered.contains(&i)
            || ALONE_FILLERS.contains(&words[i].written.as_ref())
            || trigger_word(&words[i])
    })
}

/// Whether a match of the exception phrase in the clause holds one of the `matched` words.
fn covers(except: &Phrase, words: &[Word], clause: usize, matched: &[usize]) -> bool {
    // Most exceptions share no word with the match: one cheap look before the search.
    let shares = matched.iter().any(|&i| {
        except
            .words
            .iter()
            .any(|p| p.matches(&words[i], Role::Context))
    });
    if !shares {
        return false;
    }
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
