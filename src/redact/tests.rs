//! The detectors together: overlaps, tags, counts and a corpus.

use super::*;

fn redactor(words: &str) -> Redactor {
    Redactor::new(WordList::parse(words))
}

#[test]
fn every_kind_becomes_its_tag_and_is_counted() {
    let r = redactor("Matti\n");
    let mut counts = Redaction::default();
    let text = "Matti (matti.m@firma.fi, 040 123 4567) hetu 131052-308T tili FI3580008100123456";
    assert_eq!(
        r.redact(text, &mut counts).unwrap(),
        "[nimi] ([sähköposti], [puhelin]) hetu [hetu] tili [iban]"
    );
    for kind in Kind::ALL {
        assert_eq!(counts.count(kind), 1, "{kind:?}");
    }
    assert_eq!(r.redact("Ei mitään 1.2.2024 klo 9-16", &mut counts), None);
}

#[test]
fn the_report_names_the_kinds_in_finnish() {
    let counts = Redaction {
        enabled: true,
        hetu: 2,
        email: 1,
        answers: 2,
        ..Redaction::default()
    };
    let json = serde_json::to_string(&counts).unwrap();
    assert!(
        json.starts_with(r#"{"enabled":true,"hetu":2,"sähköposti":1,"puhelin":0,"#),
        "{json}"
    );
    assert!(counts.summary_line().contains("2 hetu, 1 sähköposti"));
    assert!(Redaction {
        enabled: true,
        ..Redaction::default()
    }
    .summary_line()
    .contains("none found"));
}

#[test]
fn a_corpus_is_redacted_in_its_texts_and_metadata() {
    let meta: Meta = vec![(Arc::from("Sähköposti"), Arc::from("liisa@firma.fi"))].into();
    let answer = |text: &str| crate::ingest::Answer {
        id: "1".into(),
        source: Arc::from("a.csv"),
        row: 2,
        question: Arc::from("Q"),
        text: text.into(),
        meta: Arc::clone(&meta),
    };
    let mut corpus = Corpus {
        answers: vec![answer("Soita 050 765 4321"), answer("Kiire on")],
        meta_columns: vec![Arc::from("Sähköposti")],
        files: Vec::new(),
        skipped: Vec::new(),
    };
    let counts = redact_corpus(&mut corpus, &Redactor::default());
    assert_eq!(corpus.answers[0].text, "Soita [puhelin]");
    assert_eq!(corpus.answers[1].text, "Kiire on");
    assert_eq!(&*corpus.answers[1].meta[0].1, "[sähköposti]");
    assert!(Arc::ptr_eq(
        &corpus.answers[0].meta,
        &corpus.answers[1].meta
    ));
    assert_eq!((counts.phone, counts.email), (1, 1));
    assert_eq!((counts.answers, counts.metadata_rows), (1, 1));
}
