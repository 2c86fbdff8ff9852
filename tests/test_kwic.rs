//! `teema kwic`: the concordance of a word, on a small survey written here (an Excel-style
//! CSV with two questions and a role column, and a Markdown file of one more question).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::util::{field, read_csv, Workdir};

/// `;`-separated, UTF-8 with BOM, CRLF, like Finnish Excel; K07's second answer spans three
/// lines and K02's first holds a `;`, so both are quoted.
const KYSELY: &str = "\u{feff}Vastaajan tunnus;Rooli;Mikä on suurin haasteesi?;Miten mittaatte onnistumista?\r
K01;Yhteisömanageri;Arvostuksen puute. Johto ei näe, mitä yhteisön eteen tehdään.;Tykkäykset ja kommentit kerran kuussa Exceliin.\r
K02;Somevastaava;\"Työtä ei arvosteta; sehän on johdon mielestä vaan somettamista 🙄\";Seuraamme tykkäyksiä, jakoja ja seuraajamäärän kasvua.\r
K03;Viestintäpäällikkö;Aikaa ei ole tarpeeksi. Kaikki muu menee aina edelle.;Johto katsoo vain tykkäyksiä, vaikka ne eivät kerro mitään.\r
K04;Yhteisömanageri;Moderointi vie iltaisin kaiken ajan ja jaksaminen on koetuksella.;Aktiivisten jäsenten määrä, ja tykkäyksistä lasketaan keskiarvo.\r
K05;Somevastaava;Budjetti leikataan ensimmäisenä, kun säästetään.;Ei mitenkään, tykkäykset näkyvät raportissa mutta kukaan ei lue sitä.\r
K06;Yrittäjä;Kiire! Teen tätä kaiken muun työn ohella.;Myynti ja yhteydenotot, tykkäyksillä ei makseta laskuja.\r
K07;Yhteisömanageri;Hiljaiset jäsenet: ryhmässä on tuhat jäsentä mutta vain harva keskustelee.;\"Kommenttien määrä\r
ja vastausaika, tykkäykset\r
ja jaot.\"\r
K08;Viestintäpäällikkö;Työkalut ovat kankeita ja raportointi vie aikaa.;Kuukausiraportti johtoryhmälle: reach, engagement ja tykkäysten määrä.\r
K09;Asiakkuusvastaava;Asiattomat kommentit ja häirintä viikonloppuisin.;Asiakaspalautteen määrä ja laatu.\r
K10;Somevastaava;En ehdi suunnitella sisältöä etukäteen.;Seuraajamäärä kasvaa, mutta tykkäykset vähenevät.\r
";

const PALAUTE: &str = "# Mikä auttaisi sinua?

Lisää aikaa ja selkeät tavoitteet.
Parempi analytiikka, pelkät tykkäykset eivät riitä.
Johdon tuki ja arvostus.
";

/// The answers with a form of "tykkäys" (tykkäykset, tykkäyksiä, tykkäyksistä, tykkäyksillä)
/// that any Finnish analyzer must read as one word. K08's "tykkäysten" is left out: whether
/// it has the same term is the analyzer's business; `tykkäy*` must find it.
const TYKKAYS: [&str; 9] = [
    "K01.q2",
    "K02.q2",
    "K03.q2",
    "K04.q2",
    "K05.q2",
    "K06.q2",
    "K07.q2",
    "K10.q2",
    "palaute.md:4",
];

/// One `teema run` on the survey, shared by the tests.
fn survey() -> &'static Workdir {
    static RUN: OnceLock<Workdir> = OnceLock::new();
    RUN.get_or_init(|| {
        let work = Workdir::new();
        work.write("in/kysely.csv", KYSELY);
        work.write("in/palaute.md", PALAUTE);
        work.teema_ok(&["run", "in", "--out", "out", "-q"]);
        work
    })
}

/// `teema kwic out ARGS…`: exit code, stdout, stderr.
fn kwic(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["kwic", "out"];
    all.extend_from_slice(args);
    let out = survey().teema(&all);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The lines of `--format json`.
fn kwic_json(args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let (code, stdout, stderr) = kwic(&all);
    assert_eq!(code, 0, "kwic {args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn ids(lines: &[Value]) -> Vec<&str> {
    lines.iter().map(|l| l["id"].as_str().unwrap()).collect()
}

fn words(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

#[test]
fn inflected_forms_are_found_as_written() {
    let lines = kwic_json(&["tykkäykset"]);
    let found: BTreeSet<&str> = ids(&lines).into_iter().collect();
    for id in TYKKAYS {
        assert!(found.contains(id), "{id} missing: {found:?}");
    }
    let keywords: BTreeSet<&str> = lines
        .iter()
        .map(|l| l["keyword"].as_str().unwrap())
        .collect();
    for form in [
        "Tykkäykset",
        "tykkäykset",
        "tykkäyksiä",
        "tykkäyksistä",
        "tykkäyksillä",
    ] {
        assert!(keywords.contains(form), "{form} missing: {keywords:?}");
    }
    // Any form of the word finds the same lines.
    assert_eq!(kwic_json(&["TYKKÄYKSIÄ"]), lines);
}

#[test]
fn contexts_are_width_words_of_the_same_answer() {
    let lines = kwic_json(&["tykkäykset", "-w", "2"]);
    for l in &lines {
        assert!(words(l["left"].as_str().unwrap()) <= 2, "{l}");
        assert!(words(l["right"].as_str().unwrap()) <= 2, "{l}");
    }
    let line = |id: &str| lines.iter().find(|l| l["id"] == id).unwrap();
    assert_eq!(line("K04.q2")["left"], "määrä, ja");
    assert_eq!(line("K04.q2")["keyword"], "tykkäyksistä");
    // The last words of the answer: up to its end, full stop included.
    assert_eq!(line("K04.q2")["right"], "lasketaan keskiarvo.");
    assert_eq!(line("K05.q2")["right"], "näkyvät raportissa");
    // The first word of an answer has no left context, though the row's first answer
    // comes before it in the export.
    assert_eq!(line("K01.q2")["left"], "");
    assert_eq!(line("K01.q2")["keyword"], "Tykkäykset");
    // Line breaks inside the answer are spaces.
    let wide = kwic_json(&["tykkäykset", "--width", "5", "--source", "kysely.csv"]);
    let k07 = wide.iter().find(|l| l["id"] == "K07.q2").unwrap();
    assert_eq!(k07["left"], "Kommenttien määrä ja vastausaika,");
    assert_eq!(k07["right"], "ja jaot.");
    let (_, text, _) = kwic(&["tykkäykset"]);
    assert_eq!(text.lines().count(), lines.len(), "one line per occurrence");
}

#[test]
fn keywords_form_one_column_in_text_output() {
    // Contexts with ä and ö, and an emoji (two columns) in K02's first answer.
    for args in [
        &["tykkäy*"][..],
        &["joh*", "-w", "4"],
        &["tykkäykset", "-w", "1"],
    ] {
        let (code, stdout, stderr) = kwic(args);
        assert_eq!(code, 0, "{stderr}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert!(lines.len() >= 2, "{stdout}");
        let keyword_columns: BTreeSet<usize> = lines
            .iter()
            .map(|l| l[..l.find('[').expect("[ marks the keyword")].width())
            .collect();
        assert_eq!(keyword_columns.len(), 1, "keywords not aligned:\n{stdout}");
        // Then the citation, also in one column: `id  source:row` at the end.
        let json = kwic_json(args);
        let citation_columns: BTreeSet<usize> = lines
            .iter()
            .zip(&json)
            .map(|(l, j)| {
                let citation = format!(
                    "  {}  {}:{}",
                    j["id"].as_str().unwrap(),
                    j["source"].as_str().unwrap(),
                    j["row"]
                );
                assert!(
                    l.ends_with(&citation),
                    "{l:?} does not end with {citation:?}"
                );
                l[..l.len() - citation.len()].width()
            })
            .collect();
        assert_eq!(
            citation_columns.len(),
            1,
            "citations not aligned:\n{stdout}"
        );
    }
    let (_, stdout, _) = kwic(&["joh*", "-w", "4"]);
    assert!(
        stdout.contains("sehän on [johdon] mielestä vaan somettamista 🙄"),
        "{stdout}"
    );
}

#[test]
fn a_trailing_star_finds_every_word_with_the_prefix() {
    let lines = kwic_json(&["tykkäy*"]);
    let found: BTreeSet<&str> = ids(&lines).into_iter().collect();
    for id in TYKKAYS.iter().chain(&["K08.q2"]) {
        assert!(found.contains(id), "{id} missing: {found:?}");
    }
    for l in &lines {
        let keyword = l["keyword"].as_str().unwrap().to_lowercase();
        assert!(keyword.starts_with("tykkäy"), "{l}");
    }
    assert!(lines.iter().any(|l| l["keyword"] == "tykkäysten"));
}

#[test]
fn filters_restrict_lines_like_search() {
    let by_role = kwic_json(&["tykkäykset", "--where", "rooli=SOMEVASTAAVA"]);
    assert_eq!(ids(&by_role), ["K02.q2", "K05.q2", "K10.q2"]);

    let by_source = kwic_json(&["tykkäykset", "--source", "palaute.md"]);
    assert_eq!(ids(&by_source), ["palaute.md:4"]);

    let all = kwic_json(&["tykkäykset"]);
    let by_question = kwic_json(&["tykkäykset", "--question", "MITEN mittaatte onnistumista?"]);
    let expected: Vec<&str> = ids(&all)
        .into_iter()
        .filter(|id| id.ends_with(".q2"))
        .collect();
    assert_eq!(
        ids(&by_question),
        expected,
        "all but palaute.md and the q1 answers"
    );
    assert!(ids(&all).contains(&"palaute.md:4"));
    for l in &by_question {
        assert_eq!(l["question"], "Miten mittaatte onnistumista?");
    }

    // The theme of each answer as responses.csv gives it.
    let work = survey();
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    let theme_of = |id: &str| -> String {
        let row = rows.iter().find(|r| field(&header, r, "id") == id).unwrap();
        field(&header, row, "theme").to_string()
    };
    // A theme filter finds every answer that carries the theme, first or not.
    let theme = theme_of("K01.q2").split(';').next().unwrap().to_string();
    let by_theme = kwic_json(&["tykkäykset", "--theme", &theme]);
    let carries = |t: &str| t.split(';').any(|k| k == theme);
    let expected: Vec<&str> = ids(&all)
        .into_iter()
        .filter(|id| carries(&theme_of(id)))
        .collect();
    assert_eq!(ids(&by_theme), expected);
    assert!(by_theme
        .iter()
        .all(|l| carries(l["theme"].as_str().unwrap())));

    // A known value without the word: exit 1; an unknown value or a malformed filter: exit 2.
    let (code, stdout, stderr) = kwic(&["tykkäykset", "--where", "Rooli=Asiakkuusvastaava"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("no occurrences"), "{stderr}");
    let (code, stdout, stderr) = kwic(&["tykkäykset", "--where", "Rooli=Astronautti"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("no answer has this value"), "{stderr}");
    let (code, _, stderr) = kwic(&["tykkäykset", "--where", "Rooli"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("expected COLUMN=VALUE"), "{stderr}");
}

#[test]
fn lines_are_sorted_by_position_or_by_context() {
    let all = kwic_json(&["tykkäy*"]);
    let positions: Vec<(String, u64)> = all
        .iter()
        .map(|l| {
            (
                l["source"].as_str().unwrap().to_string(),
                l["row"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "default: source, then row");

    let key = |l: &Value, side: &str| -> Vec<String> {
        l[side]
            .as_str()
            .unwrap()
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    };
    let right = kwic_json(&["tykkäy*", "--sort", "right"]);
    assert_eq!(right.len(), all.len());
    let keys: Vec<Vec<String>> = right.iter().map(|l| key(l, "right")).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");

    let left = kwic_json(&["tykkäy*", "--sort", "left"]);
    let keys: Vec<Vec<String>> = left
        .iter()
        .map(|l| key(l, "left").into_iter().rev().collect())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");

    let keyword = kwic_json(&["tykkäy*", "--sort", "keyword"]);
    let keys: Vec<String> = keyword
        .iter()
        .map(|l| l["keyword"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");

    // --limit keeps the first lines of the order.
    let first = kwic_json(&["tykkäy*", "--sort", "right", "-n", "3"]);
    assert_eq!(first, right[..3]);
    let (code, _, stderr) = kwic(&["tykkäy*", "--sort", "middle"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn json_csv_and_tsv_carry_the_same_lines() {
    let json = kwic_json(&["tykkäy*", "-w", "3"]);
    let columns = [
        "id", "source", "row", "question", "theme", "left", "keyword", "right",
    ];
    for l in &json {
        let keys: Vec<&str> = l.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, columns);
    }
    for format in ["csv", "tsv"] {
        let (code, out, stderr) = kwic(&["tykkäy*", "-w", "3", "--format", format]);
        assert_eq!(code, 0, "{stderr}");
        let (header, rows) = crate::util::parse_table(&out, format);
        assert_eq!(header, columns);
        assert_eq!(rows.len(), json.len(), "{format}");
        for (row, l) in rows.iter().zip(&json) {
            for (i, column) in columns.iter().enumerate() {
                let expected = match &l[column] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(&row[i], expected, "{format} {column}");
            }
        }
    }
}

#[test]
fn words_that_are_not_indexed_and_missing_indexes_are_errors() {
    let (code, stdout, _) = kwic(&["kvanttitietokone"]);
    assert_eq!(code, 1, "an indexed word that no answer has");
    assert!(stdout.is_empty());
    let (code, _, stderr) = kwic(&["ja"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not indexed"), "{stderr}");
    let (code, _, stderr) = kwic(&["ei ole aikaa"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("one word"), "{stderr}");
    let work = Workdir::new();
    let stderr = work.teema_err(&["kwic", "nothing-here", "aika"]);
    assert!(stderr.contains("teema run"), "{stderr}");
}

/// `-n` in the default order takes the first lines of the whole order (source, row, id), also
/// when the index has several segments (a second run adds a file that sorts first) and a row
/// holds several answers with the word (`.q2` before `.q10`).
#[test]
fn a_limit_in_position_order_is_the_start_of_the_whole_order() {
    let work = Workdir::new();
    let mut header = String::from("id");
    for q in 1..=10 {
        header.push_str(&format!(",Kysymys {q}: mikä vie aikaa?"));
    }
    let row = |id: &str, word: &str| {
        let mut line = id.to_string();
        for q in 1..=10 {
            // Only questions 2 and 10 use the word; the others are there to make `.q10`.
            let text = if q == 2 || q == 10 {
                format!("{word} vie paljon sanoo {id} kohdassa {q}")
            } else {
                format!("vastaaja {id} kertoo jotain muuta kohdassa {q}")
            };
            line.push(',');
            line.push_str(&text);
        }
        line
    };
    let table = |rows: &[(&str, &str)]| {
        let mut t = header.clone();
        for (id, word) in rows {
            t.push('\n');
            t.push_str(&row(id, word));
        }
        t.push('\n');
        t
    };
    work.write("in/b.csv", table(&[("B1", "kiire"), ("B2", "kiire")]));
    work.write("in/c.csv", table(&[("C1", "kiire")]));
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    // A second run adds a file that sorts before the others: its documents go into a new
    // segment of the index, with its own dictionary of sources.
    work.write("in/a.csv", table(&[("A1", "muu"), ("A2", "kiire")]));
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let lines = |n: &str| -> Vec<String> {
        let out = work.teema_ok(&["kwic", "out", "kiire", "-n", n, "--format", "json"]);
        let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        v.iter()
            .map(|l| l["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = lines("100");
    assert_eq!(
        all,
        ["A2.q2", "A2.q10", "B1.q2", "B1.q10", "B2.q2", "B2.q10", "C1.q2", "C1.q10"],
    );
    for n in 1..all.len() {
        assert_eq!(lines(&n.to_string()), all[..n], "-n {n}");
    }
}
