//! Word tables (issue 15, item 6): a run on a small export written for this test, with known
//! counts, read back from themes.json and summary.md.

use serde_json::Value;

use crate::util::Workdir;

/// Ten answers to one question, by role. "aika" is written "aikaa" (4 times, in 3 answers),
/// "ajan" (2) and "aika" (1): one word in 6 of the 9 answers with content, shown as "aikaa".
/// "ajan puute" is a pair in 2 answers (a manager's and an expert's). Personal data (a hetu,
/// an e-mail address) is redacted before anything is counted; "En osaa sanoa" is no content.
const EXPORT: &str = "Tunnus;Rooli;Mikä vie eniten aikaa työssäsi?\n\
    V01;Esihenkilö;Ei ole aikaa, kokoukset vievät aikaa\n\
    V02;Esihenkilö;Ajan puute ja kokoukset\n\
    V03;Esihenkilö;Viestit osoitteeseen matti.meikalainen@example.fi kuormittavat\n\
    V04;Asiantuntija;Ajan puute, raportointi\n\
    V05;Asiantuntija;Raportointi ja kokoukset, 150385-1230 väärin\n\
    V06;Asiantuntija;Aikaa menee raportointiin\n\
    V07;Asiantuntija;En osaa sanoa\n\
    V08;;Aika ei riitä raportointiin\n\
    V09;Esihenkilö;Aikaa kuluu sähköpostiin\n\
    V10;Asiantuntija;Kokoukset\n";

fn row<'a>(rows: &'a Value, word: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["word"] == word)
        .unwrap_or_else(|| panic!("no {word} in {rows}"))
}

#[test]
fn word_tables_count_lemmas_once_per_answer_in_themes_json_and_summary() {
    let work = Workdir::new();
    work.write("in/kysely.csv", EXPORT);
    work.teema_ok(&["run", "in", "--out", "out", "--by", "Rooli", "-q"]);
    let json: Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let q = &json["questions"][0];
    assert_eq!(q["word_answers"], 9, "V07 says nothing");

    let words = &q["words"];
    let aika = row(words, "aikaa");
    assert_eq!(aika["answers"], 6);
    assert!((aika["share"].as_f64().unwrap() - 6.0 / 9.0).abs() < 1e-9);
    assert_eq!(words[0]["word"], "aikaa", "the most frequent word first");
    assert_eq!(row(words, "kokoukset")["answers"], 4);
    assert_eq!(row(words, "raportointi")["answers"], 4);
    let all: Vec<&str> = words
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["word"].as_str().unwrap())
        .collect();
    // The tag [sähköposti] is no word: "sähköpostiin" is in V09 only.
    assert_eq!(row(words, "sähköpostiin")["answers"], 1);
    for absent in [
        "ajan", "aika", "ja", "ei", "ole", "hetu", "sanoa", "osaa", "matti",
    ] {
        assert!(!all.contains(&absent), "{absent} in {all:?}");
    }
    assert!(
        all.iter()
            .all(|w| !w.contains('[') && !w.contains("example") && !w.contains("150385")),
        "{all:?}"
    );
    // Count desc, then form.
    let order: Vec<(u64, &str)> = words
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["answers"].as_u64().unwrap(), r["word"].as_str().unwrap()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    assert_eq!(order, sorted);

    let puute = row(&q["word_pairs"], "ajan puute");
    assert_eq!(puute["answers"], 2);
    assert_eq!(puute["by"][0]["column"], "Rooli");

    // By role: Asiantuntija, Esihenkilö; V08 has no role.
    let groups = &q["word_groups"][0];
    assert_eq!(groups["column"], "Rooli");
    assert_eq!(groups["without_value"], 1);
    let values: Vec<(&str, u64)> = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap(),
                g["word_answers"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(values, [("Asiantuntija", 4), ("Esihenkilö", 4)]);
    assert_eq!(aika["by"][0]["counts"], serde_json::json!([2, 3]));
    assert_eq!(puute["by"][0]["counts"], serde_json::json!([1, 1]));
    let expert = &groups["groups"][0];
    assert_eq!(expert["words"][0]["word"], "raportointi");
    assert_eq!(expert["words"][0]["answers"], 3);
    assert_eq!(expert["words"][0]["share"], 0.75);

    let summary = work.read("out/summary.md");
    assert!(summary.contains("#### Words\n"), "{summary}");
    assert!(summary.contains("| 1 | aikaa | 6 | 66.7 % |"), "{summary}");
    assert!(summary.contains("ajan puute | 2 | 22.2 % |"), "{summary}");
    assert!(summary.contains("#### Words by Rooli"), "{summary}");
    assert!(
        summary.contains("without a value (1) are in no group"),
        "{summary}"
    );
    assert!(
        summary.contains("| aikaa | 66.7 % (6) | 50.0 % (2) | 75.0 % (3) |"),
        "{summary}"
    );
    assert!(!summary.contains("| hetu"), "{summary}");
}

/// Respondent `i`'s weight in [`roles_export`]: managers (even `i`) 1 and 0,5 in turn, experts
/// 2 and 3.
fn roles_weight(i: usize) -> f64 {
    [1.0, 2.0, 0.5, 3.0][i % 4]
}

/// Forty answers by role, written for this test: every manager's answer speaks of pay
/// ("palkka"), every expert's of meetings ("kokoukset"), and both of hurry ("kiire") as often;
/// a weight column (`Paino`, decimal comma).
pub(crate) fn roles_export(work: &Workdir) {
    let mut csv = String::from("Tunnus;Rooli;Paino;Mikä kuormittaa työssäsi?\n");
    let rest = [
        "kiire",
        "ja kiire",
        "raportointi",
        "eikä muuta",
        "kiire painaa",
    ];
    for i in 0..40 {
        let (role, topic) = if i % 2 == 0 {
            ("Esihenkilö", "Palkka on pieni")
        } else {
            ("Asiantuntija", "Kokoukset venyvät")
        };
        let weight = roles_weight(i).to_string().replace('.', ",");
        csv.push_str(&format!(
            "V{i:02};{role};{weight};{topic} {}\n",
            rest[i / 2 % 5]
        ));
    }
    work.write("in/roolit.csv", csv);
}

/// The run of [`roles_export`]: its answers repeat, so the question is named.
pub(crate) const ROLES_RUN: [&str; 9] = [
    "run",
    "in",
    "--out",
    "out",
    "--by",
    "Rooli",
    "--column",
    "Mikä kuormittaa työssäsi?",
    "-q",
];

/// G² of the 2×2 table [[a, b], [c, d]], written out here: 2 Σ O ln(O / E).
fn g2(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = a + b + c + d;
    let e = |row: f64, col: f64| row * col / n;
    let term = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
    2.0 * (term(a, e(a + b, a + c))
        + term(b, e(a + b, b + d))
        + term(c, e(c + d, a + c))
        + term(d, e(c + d, b + d)))
}

#[test]
fn words_a_group_uses_more_or_less_are_tested_in_every_report() {
    let work = Workdir::new();
    roles_export(&work);
    work.teema_ok(&ROLES_RUN);
    let json: Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let column = &json["questions"][0]["word_groups"][0];
    assert_eq!(column["compared"]["test"], "G2");
    assert_eq!(column["compared"]["correction"], "benjamini-hochberg");
    let tests = column["compared"]["tests"].as_u64().unwrap();
    assert_eq!(
        tests,
        column["compared"]["words"].as_u64().unwrap(),
        "two groups: one test a word"
    );
    let groups = column["groups"].as_array().unwrap();
    let (expert, manager) = (&groups[0], &groups[1]);
    assert_eq!(
        (expert["name"].as_str(), manager["name"].as_str()),
        (Some("Asiantuntija"), Some("Esihenkilö"))
    );
    let more: Vec<&str> = manager["more_common"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["word"].as_str().unwrap())
        .collect();
    assert!(more.iter().any(|w| w.starts_with("palk")), "{more:?}");
    assert!(
        !more.iter().any(|w| w.starts_with("kiire")),
        "as common in both: {more:?}"
    );
    let less: Vec<&str> = manager["less_common"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["word"].as_str().unwrap())
        .collect();
    assert!(less.iter().any(|w| w.starts_with("kokoukse")), "{less:?}");
    // The manager's pay: 20 of 20 answers against 0 of 20; the test recomputed here.
    let pay = &manager["more_common"][0];
    assert_eq!(
        (pay["count"].as_u64(), pay["count_elsewhere"].as_u64()),
        (Some(20), Some(0))
    );
    let expected = g2(20.0, 0.0, 0.0, 20.0);
    assert!(
        (pay["g2"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{pay}"
    );
    assert_eq!(pay["direction"], "over");
    assert_eq!(pay["stars"], "***");
    let q = pay["p_adjusted"].as_f64().unwrap();
    assert!(q >= pay["p"].as_f64().unwrap() && q < 0.001);
    // The expert's list mirrors it.
    assert!(expert["less_common"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["word"] == pay["word"] && w["count"] == 0 && w["count_elsewhere"] == 20));

    let summary = work.read("out/summary.md");
    assert!(summary.contains("| Group | ▲ More | ▼ Less |"), "{summary}");
    let row = summary
        .lines()
        .find(|l| l.starts_with("| Esihenkilö (n = 20) | "))
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(
        row.contains(&format!(
            "{} 100.0 % / 0.0 % ***",
            pay["word"].as_str().unwrap()
        )),
        "{row}"
    );
    let html = work.read("out/report.html");
    assert!(html.contains("Ryhmälle tyypilliset sanat: Rooli"));
    assert!(html.contains("Sanat ryhmittäin: Rooli"));
}

#[test]
fn with_weights_the_words_are_compared_on_weighted_shares() {
    let work = Workdir::new();
    roles_export(&work);
    work.teema_ok(&[&ROLES_RUN[..], &["--weight", "Paino"]].concat());
    let json: Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let column = &json["questions"][0]["word_groups"][0];
    assert_eq!(column["compared"]["test"], "G2-weighted-kish");
    let pay = &column["groups"][1]["more_common"][0];
    assert!(pay["word"].as_str().unwrap().starts_with("palk"), "{pay}");
    assert_eq!(pay["weighted_share"], 1.0);
    assert_eq!(pay["weighted_share_elsewhere"], 0.0);
    // Each side scaled to its Kish effective n, worked out here from the weights.
    let n_eff = |even: bool| {
        let w: Vec<f64> = (0..40)
            .filter(|i| (i % 2 == 0) == even)
            .map(roles_weight)
            .collect();
        let sum: f64 = w.iter().sum();
        sum * sum / w.iter().map(|x| x * x).sum::<f64>()
    };
    let (managers, experts) = (n_eff(true), n_eff(false));
    assert!((managers - 18.0).abs() < 1e-9, "{managers}");
    let expected = g2(managers, 0.0, 0.0, experts);
    assert!(
        (pay["g2"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{pay} {expected}"
    );
    let unweighted = g2(20.0, 0.0, 0.0, 20.0);
    assert!((expected - unweighted).abs() > 1.0);
    let summary = work.read("out/summary.md");
    assert!(
        summary.contains("Weighted (`--weight`): the shares are weighted, and each side"),
        "{summary}"
    );
}
