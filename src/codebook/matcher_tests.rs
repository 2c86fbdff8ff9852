//! Tests of the compiled codebook: which words code, and what evidence they leave.

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
    let a = Analyzer::finnish()
        .learn_compounds(["ajanpuute ajan puute resurssipula resurssi pula arvopohja arvo pohja"]);
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
fn the_same_words_are_one_piece_of_evidence() {
    let a = Analyzer::finnish();
    let book = format!("{BOOK}\n[[theme.rule]]\nwords = ['ymmärrä']\nnear = ['johdon']\n");
    let book = Codebook::parse(&book, std::path::Path::new("t.toml")).unwrap();
    let m = Matcher::new(&book, &a);
    let text = "johto ei ymmärrä";
    let got = m.code(
        text,
        &a.analyze(text),
        &cut(text),
        &mut AnchorCache::default(),
    );
    // Rule 2 matched "johto", "ei" and "ymmärrä", the new rule "johto" and "ymmärrä": the
    // same stretch of the answer, quoted once.
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        m.rule(1, got[0].rule as usize).number,
        2,
        "the first rule's"
    );
}

#[test]
fn guarded_terms_are_the_words_of_rules_with_context_and_exceptions() {
    let a = Analyzer::finnish();
    let book = Codebook::parse(BOOK, std::path::Path::new("t.toml")).unwrap();
    let guarded = Matcher::new(&book, &a).guarded_terms();
    assert_eq!(guarded.len(), 2);
    assert!(guarded[0].contains(&a.stem("aika")), "{guarded:?}");
    assert_eq!(guarded[0].len(), 1, "seeds are no guarded words");
    assert!(
        guarded[1].is_empty(),
        "rules without exceptions: {guarded:?}"
    );
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
