//! Coding as a researcher checks it: answers cut into segments that each carry their themes,
//! codebook rules with context and exceptions, non-answers, evidence in responses.csv and
//! segments.csv, `teema explain`, and the default themes staying out of a survey about
//! something else. Every answer here is written for these tests.

use std::collections::HashMap;

use crate::util::{corpus_run, field, read_csv, Workdir};

/// A user's codebook for a hobby survey: one theme per kind of hobby, with a rule.
const HOBBIES: &str = r#"
[[theme]]
key = "sport"
label_fi = "Liikunta"
label_en = "Sport"
seeds = ["uinti", "uima*", "hiiht*", "*pallo", "luistel*"]

[[theme]]
key = "music"
label_fi = "Musiikki"
label_en = "Music"
seeds = ["piano*", "laul*", "kitara*"]

[[theme]]
key = "reading"
label_fi = "Lukeminen"
label_en = "Reading"
seeds = ["kirja*"]

[[theme.rule]]
words = ["lukea", "lukeminen"]
near = ["kirja*", "sarjakuv*", "paljon"]
alone = true
"#;

/// Invented answers to "Mitä harrastat?" (what are your hobbies?).
const ANSWERS: &[&str] = &[
    "Uinti, piano ja lukeminen",
    "jalkapallo",
    "Laulan kuorossa. Luen paljon kirjoja!",
    "hiihto sekä luistelu",
    "en tiedä",
    "kitaransoitto / koripallo",
    "Luen sarjakuvia ja pelaan lentopalloa",
    "-",
    "Lukeminen.",
    "eos",
    "metsäretket ja sienestys",
    "sienestys, retkeily",
    "retkeily metsässä",
];

fn write_survey(work: &Workdir) {
    let mut csv = String::from("id;Mitä harrastat?\n");
    for (i, a) in ANSWERS.iter().enumerate() {
        csv.push_str(&format!("H{:02};{a}\n", i + 1));
    }
    work.write("in/harrastukset.csv", csv);
    work.write("koodit.toml", HOBBIES);
}

fn themes_by_text(work: &Workdir, out: &str) -> HashMap<String, String> {
    let (header, rows) = read_csv(&work.path().join(out).join("responses.csv"));
    rows.iter()
        .map(|r| {
            (
                field(&header, r, "text").to_string(),
                field(&header, r, "theme").to_string(),
            )
        })
        .collect()
}

#[test]
fn list_answers_carry_every_theme_in_order_of_mention() {
    let work = Workdir::new();
    write_survey(&work);
    work.teema_ok(&["run", "in", "--out", "out", "-q", "--themes", "koodit.toml"]);
    let themes = themes_by_text(&work, "out");
    assert_eq!(themes["Uinti, piano ja lukeminen"], "sport;music;reading");
    assert_eq!(
        themes["Laulan kuorossa. Luen paljon kirjoja!"],
        "music;reading"
    );
    assert_eq!(themes["hiihto sekä luistelu"], "sport");
    assert_eq!(themes["kitaransoitto / koripallo"], "music;sport");
    assert_eq!(
        themes["Luen sarjakuvia ja pelaan lentopalloa"],
        "reading;sport"
    );
    assert_eq!(themes["Lukeminen."], "reading", "a rule's word alone");
    for non_answer in ["en tiedä", "'-", "eos"] {
        assert_eq!(themes[non_answer], "no_content", "{non_answer}");
    }

    // segments.csv: one row per segment, its offsets cut its text out of the answer.
    let (header, rows) = read_csv(&work.path().join("out/segments.csv"));
    let (rh, responses) = read_csv(&work.path().join("out/responses.csv"));
    let text_of: HashMap<&str, &str> = responses
        .iter()
        .map(|r| (field(&rh, r, "id"), field(&rh, r, "text")))
        .collect();
    let first: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| field(&header, r, "id") == "H01")
        .collect();
    let cut: Vec<(&str, &str)> = first
        .iter()
        .map(|r| (field(&header, r, "text"), field(&header, r, "theme")))
        .collect();
    assert_eq!(
        cut,
        [
            ("Uinti", "sport"),
            ("piano", "music"),
            ("lukeminen", "reading")
        ]
    );
    for r in &rows {
        let from: usize = field(&header, r, "from").parse().unwrap();
        let to: usize = field(&header, r, "to").parse().unwrap();
        let text = text_of[field(&header, r, "id")];
        assert_eq!(&text[from..to], field(&header, r, "text"));
    }

    // The summary's quotes show the segment that carries the theme in bold.
    let summary = work.read("out/summary.md");
    assert!(summary.contains("**piano**"), "{summary}");
}

#[test]
fn evidence_names_the_rule_and_the_words_and_explain_shows_it() {
    let work = Workdir::new();
    write_survey(&work);
    work.teema_ok(&["run", "in", "--out", "out", "-q", "--themes", "koodit.toml"]);
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    let row = rows
        .iter()
        .find(|r| field(&header, r, "id") == "H03")
        .unwrap();
    let evidence = field(&header, row, "evidence");
    assert!(
        evidence.contains("music: \"Laulan\" (seed \"laul*\")"),
        "{evidence}"
    );
    assert!(
        evidence
            .contains("reading: \"Luen paljon\" (rule 1: \"lukea\" near \"paljon\" (within 4))"),
        "{evidence}"
    );

    let out = work.teema_ok(&["explain", "out", "H03"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[Laulan kuorossa]^1"), "{text}");
    assert!(
        text.contains("segment 2 (bytes 17..36): Luen paljon kirjoja"),
        "{text}"
    );
    assert!(text.contains("→ reading: \"Luen paljon\""), "{text}");
    assert!(text.contains("themes: music; reading"), "{text}");
    let out = work.teema_ok(&["explain", "out", "H03", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["segments"].as_array().unwrap().len(), 2);
    assert_eq!(json["segments"][1]["themes"][0], "reading");

    let missing = work.teema(&["explain", "out", "H99"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("ids look like H01"));
}

/// Everyday senses of the default themes' words, in a survey about summer: none of them is a
/// shortage of time, a lack of appreciation or measuring.
const SUMMER: &[&str] = &[
    "Aika hyvä kesä, uimassa joka päivä",
    "Koko ajan oli lämmintä ja aurinkoista",
    "mökillä oli aika paljon hyttysiä",
    "Pysyin ajan tasalla uutisista kännykällä",
    "Sain paljon aikaan pihalla",
    "Kesällä on aikaa lukea ja levätä",
    "Matkustimme pitkän aikaa Lapissa",
    "Ihmisten epätasa-arvo näkyy myös kesälomissa",
    "Tasa-arvo toteutui kesäleirillä hyvin",
    "Arvokas kesä perheen kanssa",
    "Mittava remontti valmistui",
    "Tapasin ystäviä, se oli tärkeää",
    "Hallitus päätti tukea matkailua, mikä näkyi",
    "Järvessä on paljon vettä ja kalaa",
    "Kesätyöstä sain hyvää palautetta",
    "Kalastus ja marjastus",
    "Luin kirjoja ja kävin konserteissa",
    "Mummolan puutarha ja sen omenat",
    "Pyöräilin joka päivä töihin",
    "Kesäteatteri oli hauska",
];

#[test]
fn default_themes_stay_out_of_a_survey_about_something_else() {
    let work = Workdir::new();
    let mut csv = String::from("id;Mikä ilahdutti sinua kesällä?\n");
    for (i, a) in SUMMER.iter().enumerate() {
        csv.push_str(&format!("K{:02};{a}\n", i + 1));
    }
    work.write("in/kesa.csv", csv);
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let themes = themes_by_text(&work, "out");
    for (text, theme) in &themes {
        for named in ["time_shortage", "lack_of_appreciation", "measurement"] {
            assert!(
                !theme.split(';').any(|t| t == named),
                "{text:?} got {theme}"
            );
        }
    }
    // The same words in the sense of the themes do get them.
    let work = Workdir::new();
    work.write(
        "in/tyo.csv",
        "id;Mikä on suurin haasteesi?\nT1;Ei ole aikaa mihinkään\nT2;Johto ei arvosta työtämme\n\
         T3;Miten mitata vaikuttavuutta\nT4;aika\n",
    );
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let themes = themes_by_text(&work, "out");
    assert_eq!(themes["Ei ole aikaa mihinkään"], "time_shortage");
    assert_eq!(themes["Johto ei arvosta työtämme"], "lack_of_appreciation");
    assert_eq!(themes["Miten mitata vaikuttavuutta"], "measurement");
    assert_eq!(
        themes["aika"], "time_shortage",
        "the word alone as an answer"
    );
}

#[test]
fn a_theme_filter_finds_every_answer_that_carries_the_theme() {
    let run = corpus_run();
    let (header, rows) = read_csv(&run.work.path().join("out/responses.csv"));
    let carrying = rows
        .iter()
        .filter(|r| {
            field(&header, r, "theme")
                .split(';')
                .any(|t| t == "time_shortage")
        })
        .count();
    let second = rows
        .iter()
        .filter(|r| {
            let themes: Vec<&str> = field(&header, r, "theme").split(';').collect();
            themes.len() > 1 && themes[0] != "time_shortage" && themes.contains(&"time_shortage")
        })
        .count();
    assert!(
        second > 0,
        "some answers carry time_shortage as a later theme"
    );
    let out = run.work.teema_ok(&[
        "search",
        "out",
        "",
        "--theme",
        "time_shortage",
        "-n",
        "10000",
        "--format",
        "json",
    ]);
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.len(), carrying);
}

#[test]
fn themes_json_records_the_coding_parameters_and_the_readable_themes() {
    let run = corpus_run();
    let json: serde_json::Value = serde_json::from_str(&run.work.read("out/themes.json")).unwrap();
    assert_eq!(json["schema_version"], 2);
    let p = &json["parameters"];
    assert!(p["coding"]["other_similarity"].as_f64().is_some(), "{p}");
    assert!(p["cluster"]["merge_similarity"].as_f64().is_some(), "{p}");
    for q in json["questions"].as_array().unwrap() {
        let shown = q["themes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["kind"] == "named" || (t["kind"] == "discovered" && t["minor"] == false))
            .count();
        assert!((3..=15).contains(&shown), "{} themes shown: {q}", shown);
        for t in q["themes"].as_array().unwrap() {
            if t["kind"] != "discovered" {
                continue;
            }
            // A label names each word once: no word of it is a form of another.
            let words: Vec<&str> = t["key"].as_str().unwrap().split(" · ").collect();
            for (i, a) in words.iter().enumerate() {
                for b in &words[i + 1..] {
                    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
                    assert!(common < 5, "{a} and {b} in one label: {t}");
                }
            }
        }
    }
    let summary = run.work.read("out/summary.md");
    if summary.contains("Muut teemat — other themes (") {
        assert!(
            summary.contains("### ") && summary.contains(" answers ("),
            "{summary}"
        );
    }
}
