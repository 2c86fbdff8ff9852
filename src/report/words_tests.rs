//! Tests of the word tables' counting: lemmas and their most common written forms, stop words
//! and redaction tags, compounds, pairs, once per answer, ties, the shares' answers, the pairs'
//! threshold and the groups.

use std::sync::Arc;

use smallvec::smallvec;

use super::*;
use crate::analysis::{Term, Vocabulary};
use crate::codebook::matcher::AnchorCache;
use crate::codebook::{Codebook, Matcher};
use crate::coding::Unit;
use crate::report::word_count::MIN_PAIR_ANSWERS;

/// A question's answers written as segments of terms (a `+` joins a compound to its parts:
/// `työaika+työ+aika`), each answer's code, and its `group` value.
struct Fixture {
    inputs: Vec<AnswerInput>,
    codes: Vec<Codes>,
    answers: Vec<Answer>,
    members: Vec<usize>,
    vocabulary: Vocabulary,
    parts: FxHashMap<Term, Vec<Term>>,
    part_ids: FxHashMap<TermId, Vec<TermId>>,
    forms: SurfaceForms,
    analyzer: Analyzer,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            inputs: Vec::new(),
            codes: Vec::new(),
            answers: Vec::new(),
            members: Vec::new(),
            vocabulary: Vocabulary::default(),
            parts: FxHashMap::default(),
            part_ids: FxHashMap::default(),
            forms: SurfaceForms::default(),
            analyzer: Analyzer::finnish(),
        }
    }

    /// Adds an answer of `segments` (words separated by spaces; a segment starting with `!` is
    /// a non-answer), coded `code`, in group `group` ("" for none).
    fn answer(&mut self, segments: &[&str], code: Code, group: &str) -> &mut Self {
        let mut input = AnswerInput::default();
        for s in segments {
            let start = input.terms.len() as u32;
            let non_answer = s.starts_with('!');
            for word in s.trim_start_matches('!').split_whitespace() {
                let mut pieces = word.split('+');
                let whole: Term = Arc::from(pieces.next().unwrap());
                let parts: Vec<Term> = pieces.map(Arc::from).collect();
                input.terms.push(self.vocabulary.id(&whole));
                input
                    .terms
                    .extend(parts.iter().map(|p| self.vocabulary.id(p)));
                if !parts.is_empty() {
                    self.parts.insert(whole, parts);
                }
            }
            input.units.push(Unit {
                from: 0,
                to: 0,
                terms: start..input.terms.len() as u32,
                non_answer,
            });
        }
        self.push(input, "", code, group)
    }

    /// Adds an answer as a run analyses it.
    fn text(&mut self, text: &str) -> &mut Self {
        let matcher = Matcher::new(&Codebook::default_themes(), &self.analyzer);
        let tokens = self.analyzer.analyze(text);
        let input = crate::incremental::answer_input(
            text,
            &tokens,
            &matcher,
            &mut AnchorCache::default(),
            &mut self.vocabulary,
        );
        for t in tokens.iter().filter(|t| Analyzer::is_feature(t)) {
            self.forms.add_one(&t.term, &t.word);
        }
        self.push(input, text, OTHER, "")
    }

    fn push(&mut self, input: AnswerInput, text: &str, code: Code, group: &str) -> &mut Self {
        self.members.push(self.answers.len());
        self.answers.push(Answer {
            id: format!("a{}", self.answers.len()),
            source: Arc::from("a.csv"),
            row: self.answers.len() + 2,
            question: Arc::from("Q"),
            text: text.to_string(),
            meta: Arc::from(vec![(Arc::from("group"), Arc::from(group))]),
        });
        self.inputs.push(input);
        self.codes.push(smallvec![code]);
        self
    }

    fn count(&mut self, by: &[String], params: WordParams) -> WordTables {
        count(&self.input(by, params))
    }

    /// What [`count`] reads (the compounds' parts numbered first).
    fn input<'a>(&'a mut self, by: &'a [String], params: WordParams) -> WordInput<'a> {
        self.part_ids = part_ids(&self.parts, &self.vocabulary);
        WordInput {
            inputs: &self.inputs,
            codes: &self.codes,
            answers: &self.answers,
            members: &self.members,
            vocabulary: &self.vocabulary,
            parts: &self.part_ids,
            forms: &self.forms,
            analyzer: &self.analyzer,
            by,
            weight: None,
            params,
        }
    }
}

fn shown(rows: &[WordRow]) -> Vec<(&str, usize)> {
    rows.iter().map(|r| (r.word.as_str(), r.answers)).collect()
}

const OTHER: Code = Code::Other;

#[test]
fn words_count_once_per_answer_in_their_most_common_written_form() {
    let mut f = Fixture::new();
    // The term `aik` written "aikaa" three times, "aika" twice and "ajan" once.
    for (word, n) in [("aikaa", 3), ("ajan", 1), ("aika", 2)] {
        for _ in 0..n {
            f.forms.add_one("aik", word);
        }
    }
    f.answer(&["aik aik", "aik puute"], OTHER, "")
        .answer(&["puute"], OTHER, "")
        .answer(&["aik"], OTHER, "");
    let t = f.count(&[], WordParams::default());
    assert_eq!(shown(&t.words), [("aikaa", 2), ("puute", 2)]);
    assert_eq!(t.words[0].term, "aik");
    assert_eq!(t.word_answers, 3);
    assert!((t.words[1].share - 2.0 / 3.0).abs() < 1e-12);
    assert!(t.word_groups.is_empty() && t.words[0].by.is_empty());
}

#[test]
fn inflected_forms_are_one_word_by_the_analyzers_lemma() {
    let mut f = Fixture::new();
    f.text("Ei ole aikaa.")
        .text("Ajan puute, aikaa ei ole")
        .text("aika loppuu")
        .text("Aikaa ei riitä")
        .text("AIKAA!");
    let t = f.count(&[], WordParams::default());
    let aika = f.analyzer.stem("aika");
    assert_eq!(
        [f.analyzer.stem("aikaa"), f.analyzer.stem("ajan")],
        [aika.clone(), aika.clone()]
    );
    assert_eq!(t.words[0].term, aika);
    assert_eq!((t.words[0].word.as_str(), t.words[0].answers), ("aikaa", 5));
    assert_eq!(t.words[0].share, 1.0);
    assert_eq!(t.words.iter().filter(|r| r.term == aika).count(), 1);
}

#[test]
fn stop_words_negations_and_redaction_tags_never_appear() {
    let mut f = Fixture::new();
    for _ in 0..3 {
        f.text("Minä en ole [nimi], ja se on [hetu] tai [sähköposti] että kiire")
            .text("[puhelin] ja [iban] eivät ole kiire");
    }
    let t = f.count(&[], WordParams::default());
    assert_eq!(shown(&t.words), [("kiire", 6)]);
    assert!(t.word_pairs.is_empty(), "{:?}", t.word_pairs);
}

#[test]
fn a_compound_counts_as_the_word_written_and_its_parts_make_no_pairs() {
    let mut f = Fixture::new();
    for _ in 0..2 {
        f.answer(&["työaika+työ+aika loppua"], OTHER, "")
            .answer(&["aika loppua"], OTHER, "")
            // The whole word without its parts after it (a form not split): still one word.
            .answer(&["työaika työ"], OTHER, "");
    }
    let t = f.count(&[], WordParams::default());
    assert_eq!(
        shown(&t.words),
        [("loppua", 4), ("työaika", 4), ("aika", 2), ("työ", 2)]
    );
    assert_eq!(
        shown(&t.word_pairs),
        [
            ("aika loppua", 2),
            ("työaika loppua", 2),
            ("työaika työ", 2)
        ]
    );
}

#[test]
fn pairs_are_adjacent_words_of_one_segment_in_order_once_per_answer() {
    let mut f = Fixture::new();
    f.answer(&["ajan puute ajan puute", "kiire"], OTHER, "")
        .answer(&["puute ajan", "hyvä hyvä"], OTHER, "")
        .answer(&["ajan puute", "kiire hyvä hyvä"], OTHER, "");
    let t = f.count(&[], WordParams::default());
    // Not "puute kiire" (two segments), not "hyvä hyvä" (one word twice), not "kiire hyvä"
    // (one answer).
    assert_eq!(shown(&t.word_pairs), [("ajan puute", 2), ("puute ajan", 2)]);
    assert_eq!(t.word_pairs[0].term, "ajan puute");
}

#[test]
fn a_pair_is_shown_as_it_was_most_often_written() {
    let mut f = Fixture::new();
    f.text("Ajan puute.")
        .text("Kiire ja ajan puute vaivaa")
        .text("aika puute, kiire")
        .text("Aika loppuu");
    let t = f.count(&[], WordParams::default());
    let aika = f.analyzer.stem("ajan");
    let puute = f.analyzer.stem("puute");
    let pair = &t.word_pairs[0];
    assert_eq!(pair.term, format!("{aika} {puute}"));
    // Its words' own forms would give "aika puute": "aika" and "ajan" are written twice each,
    // a tie that goes to the alphabetically first.
    assert_eq!((pair.word.as_str(), pair.answers), ("ajan puute", 3));
    assert_eq!(t.words[0].term, aika);
    assert_eq!((t.words[0].word.as_str(), t.words[0].answers), ("aika", 4));
    // "puute vaivaa" and "aika loppuu" are in one answer each.
    assert_eq!(t.word_pairs.len(), 1, "{:?}", t.word_pairs);
}

#[test]
fn ties_go_by_written_form_whatever_the_order_met() {
    let words = ["öljy", "auto", "bussi", "juna", "vene", "kävely"];
    let mut a = Fixture::new();
    let mut b = Fixture::new();
    for w in words {
        a.answer(&[w], OTHER, "");
    }
    for w in words.iter().rev() {
        b.answer(&[w], OTHER, "");
    }
    a.answer(&["juna"], OTHER, "");
    b.answer(&["juna"], OTHER, "");
    let params = WordParams {
        top_words: 3,
        top_pairs: 3,
    };
    let (ta, tb) = (a.count(&[], params), b.count(&[], params));
    assert_eq!(ta, tb);
    assert_eq!(shown(&ta.words), [("juna", 2), ("auto", 1), ("bussi", 1)]);
}

#[test]
fn shares_are_of_answers_with_content_and_non_answers_say_nothing() {
    let mut f = Fixture::new();
    f.answer(&["tietää"], Code::NoContent, "")
        .answer(&["!tietää", "piirtää"], OTHER, "")
        .answer(&["piirtää"], Code::Named(0), "")
        .answer(&["laulaa"], Code::Theme(0), "")
        .answer(&[], OTHER, "");
    let t = f.count(&[], WordParams::default());
    assert_eq!(t.word_answers, 4);
    assert_eq!(shown(&t.words), [("piirtää", 2), ("laulaa", 1)]);
    assert_eq!(t.words[0].share, 0.5);
}

/// Every pair counted, for comparison with the thresholded count.
fn all_pairs(f: &mut Fixture, n: usize) -> Vec<(u64, u32)> {
    let input = f.input(&[], WordParams::default());
    let content = input.content();
    let (words, counts) = QuestionWords::count(&input, &content);
    let pairs = word_count::count_pairs(&input, &words, &counts, &content, 1);
    let counted = pairs.iter().map(|(&k, &(c, _))| (k, c));
    // As the words' forms show it (the fixture has none: the terms).
    let form = |key: u64| {
        let (a, b) = ((key >> 32) as usize, key as u32 as usize);
        (
            format!("{} {}", words.terms[a], words.terms[b]),
            String::new(),
        )
    };
    let all = word_count::top(counted.filter(|&(_, c)| c >= MIN_PAIR_ANSWERS), n, n, form);
    all.iter().map(|p| (p.key, p.answers)).collect()
}

/// The top pairs picked with the threshold, as [`all_pairs`] gives them.
fn picked_pairs(f: &mut Fixture, n: usize) -> Vec<(u64, u32)> {
    let input = f.input(&[], WordParams::default());
    let content = input.content();
    let (words, counts) = QuestionWords::count(&input, &content);
    let picked = word_count::pair_candidates(&input, &words, &counts, &content);
    let picked = word_count::finish_pairs(picked, &FxHashMap::default(), n);
    picked.iter().map(|p| (p.key, p.answers)).collect()
}

#[test]
fn pairs_counted_above_a_threshold_are_the_pairs_counted_in_full() {
    // 3,000 answers: pairs between words of at least 3 answers are counted first.
    let mut f = Fixture::new();
    let mut state = 7u64;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    for _ in 0..3000 {
        // Frequent words w0…w9 and rare ones r0…r4999, mixed.
        let words: Vec<String> = (0..4)
            .map(|_| match next(3) {
                0 => format!("r{}", next(5000)),
                _ => format!("w{}", next(10)),
            })
            .collect();
        f.answer(&[&words.join(" ")], OTHER, "");
    }
    let picked = picked_pairs(&mut f, 20);
    assert_eq!(picked, all_pairs(&mut f, 20));
    assert!(picked[19].1 >= 3);

    // 3,000 answers of words used twice: the first count (words of 3 answers) finds no pair,
    // the second (words of 2) every one.
    let mut rare = Fixture::new();
    for i in 0..3000 {
        rare.answer(&[&format!("x{} y{}", i / 2, i / 2)], OTHER, "");
    }
    let input = rare.input(&[], WordParams::default());
    let content = input.content();
    let (words, counts) = QuestionWords::count(&input, &content);
    assert!(word_count::count_pairs(&input, &words, &counts, &content, 3).is_empty());
    let picked = picked_pairs(&mut rare, 20);
    assert_eq!(picked, all_pairs(&mut rare, 20));
    assert_eq!(picked.len(), 20);
}

#[test]
fn groups_count_the_top_words_and_pairs_beside_the_total_and_have_their_own() {
    let mut f = Fixture::new();
    f.answer(&["ajan puute", "ajan"], OTHER, "tyttö")
        .answer(&["ajan puute"], OTHER, " poika ")
        .answer(&["puute"], OTHER, "")
        .answer(&["ajan puute"], Code::NoContent, "tyttö")
        .answer(&["kiire", "kiire ajan"], OTHER, "tyttö")
        .answer(&["kiire ajan"], OTHER, "tyttö");
    let by = vec!["group".to_string()];
    let t = f.count(&by, WordParams::default());
    assert_eq!(t.word_groups.len(), 1);
    let g = &t.word_groups[0];
    assert_eq!((g.column.as_str(), g.without_value), ("group", 1));
    assert_eq!(names(g), [("poika", 1), ("tyttö", 3)]);
    // The question's rows, counted in each group.
    let row = |rows: &[WordRow], w: &str| rows.iter().find(|r| r.word == w).unwrap().by.clone();
    let ajan = &row(&t.words, "ajan")[0];
    assert_eq!(ajan.column, "group");
    assert_eq!(ajan.counts, [1, 3]);
    assert_eq!(ajan.shares, [1.0, 1.0]);
    // One of its answers has no group.
    assert_eq!(row(&t.words, "puute")[0].counts, [1, 1]);
    assert_eq!(row(&t.words, "kiire")[0].counts, [0, 2]);
    assert_eq!(row(&t.word_pairs, "ajan puute")[0].counts, [1, 1]);
    assert_eq!(row(&t.word_pairs, "kiire ajan")[0].counts, [0, 2]);
    // Each group's own tables: "tyttö" has its pair "kiire ajan" (2 answers), while "ajan
    // puute" is in one of its answers only.
    let tytto = &g.groups[1];
    assert_eq!(
        shown(&tytto.words),
        [("ajan", 3), ("kiire", 2), ("puute", 1)]
    );
    assert_eq!(shown(&tytto.word_pairs), [("kiire ajan", 2)]);
    assert!((tytto.words[1].share - 2.0 / 3.0).abs() < 1e-12);
    assert!(tytto.words.iter().all(|r| r.by.is_empty()));
    let poika = &g.groups[0];
    assert_eq!(shown(&poika.words), [("ajan", 1), ("puute", 1)]);
    assert!(poika.word_pairs.is_empty(), "a pair needs two answers");
}

/// Each group's name and answers with content.
fn names(g: &WordGroups) -> Vec<(&str, usize)> {
    g.groups
        .iter()
        .map(|g| (g.name.as_str(), g.word_answers))
        .collect()
}

#[test]
fn groups_are_the_comparisons_the_largest_eight_and_the_rest_together() {
    let mut f = Fixture::new();
    // Group k1 has 1 answer, k10 10; "NA" and "<NA>" are no value.
    for k in 1..=10 {
        for _ in 0..k {
            f.answer(&["kiire"], OTHER, &format!("k{k}"));
        }
    }
    f.answer(&["kiire"], OTHER, "NA")
        .answer(&["kiire"], OTHER, "<NA>");
    let by = vec!["group".to_string()];
    let t = f.count(&by, WordParams::default());
    let g = &t.word_groups[0];
    assert_eq!(g.without_value, 2);
    // Sorted naturally (k3 before k10), the two smallest together last.
    let mut expected: Vec<(String, usize)> = (3..=10).map(|k| (format!("k{k}"), k)).collect();
    expected.push((crate::report::compare::OTHER_GROUPS.to_string(), 3));
    let got: Vec<(String, usize)> = names(g).iter().map(|&(n, a)| (n.into(), a)).collect();
    assert_eq!(got, expected);
    let other = &g.groups[8];
    assert!(other.other && other.values == 2);
    assert_eq!(shown(&other.words), [("kiire", 3)]);
    assert_eq!(
        t.words[0].by[0].counts,
        [3, 4, 5, 6, 7, 8, 9, 10, 3],
        "in the order of the groups"
    );
    assert_eq!(t.words[0].answers, 57);
}

#[test]
fn a_groups_pairs_are_shown_as_written_too() {
    let mut f = Fixture::new();
    for group in ["a", "a", "b", "b"] {
        f.text("Ajan puute").text(if group == "a" {
            "aika loppuu"
        } else {
            "ajan puute"
        });
        let last = f.answers.len();
        for a in &mut f.answers[last - 2..] {
            a.meta = Arc::from(vec![(Arc::from("group"), Arc::from(group))]);
        }
    }
    let by = vec!["group".to_string()];
    let t = f.count(&by, WordParams::default());
    let groups = &t.word_groups[0].groups;
    assert_eq!(
        shown(&t.word_pairs),
        [("ajan puute", 6), ("aika loppuu", 2)]
    );
    assert_eq!(
        shown(&groups[0].word_pairs),
        [("aika loppuu", 2), ("ajan puute", 2)]
    );
    assert_eq!(shown(&groups[1].word_pairs), [("ajan puute", 4)]);
}
