//! Survey weights (`--weight`) and the CSV delimiter for a Finnish Excel (`--csv-delimiter`):
//! weighted shares, cross-tabs and the effective sample size recomputed here from
//! responses.csv and the fixture's weights, invalid weights counted and named, and `;` files
//! read back.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::util::{field, Workdir};

/// Twelve respondents, two questions, a role and a weight (`paino`). Rows 9–11 (spreadsheet
/// rows; the header is row 1) have an empty, a non-numeric and a negative weight; row 4 writes
/// its weight with a decimal comma. Row 13 leaves the second question empty.
const SURVEY: &str = "\
id;Mikä on suurin haasteesi työssäsi?;Mitä toivoisit johdolta?;paino;Rooli
1;Kiire on jatkuvaa eikä aikaa jää suunnitteluun.;Että johto arvostaisi työtämme enemmän.;1;Yhteisömanageri
2;Johto ei arvosta työtä, kiire vain kasvaa.;Lisää resursseja ja aikaa kehittämiseen.;2;Somevastaava
3;Mittarit puuttuvat, emme tiedä mikä toimii.;Selkeät tavoitteet ja mittarit, joilla työtä seurataan.;\"1,5\";Yhteisömanageri
4;Moderointi vie illat ja viikonloput.;Tukea moderointiin ja selkeät ohjeet trolleihin.;0.5;Somevastaava
5;Aikaa ei ole tarpeeksi, tehtäviä tulee koko ajan lisää.;Kiitosta hyvin tehdystä työstä.;3;Yhteisömanageri
6;Budjetti leikataan aina ensimmäisenä.;Budjetti, jolla voi oikeasti tehdä jotain.;1;Somevastaava
7;Kukaan ei ymmärrä mitä yhteisömanageri tekee.;Arvostusta ja ymmärrystä työn sisällöstä.;2;Yhteisömanageri
8;Tykkäykset eivät kerro vaikuttavuudesta mitään.;Parempia työkaluja tulosten mittaamiseen.;;Somevastaava
9;Resurssipula ja kiire.;Lisää käsiä, yksin ei ehdi.;abc;Yhteisömanageri
10;Vihapuhe kommenteissa uuvuttaa.;Koulutusta vihapuheen käsittelyyn.;-1;Somevastaava
11;En osaa sanoa.;En tiedä.;1;Yhteisömanageri
12;Kiire, kiire ja vielä kerran kiire.;;0,5;Somevastaava
";

/// A weight cell as the fixture means it, read here without teema's parser: a decimal comma
/// or point; empty, not a number or negative is no weight.
fn weight_of(cell: &str) -> Option<f64> {
    let w: f64 = cell.trim().replace(',', ".").parse().ok()?;
    (w.is_finite() && w >= 0.0).then_some(w)
}

/// The survey run once with `--weight paino --by Rooli` into `out/`; its stderr.
fn weighted_run() -> &'static (Workdir, String) {
    static RUN: OnceLock<(Workdir, String)> = OnceLock::new();
    RUN.get_or_init(|| {
        let work = Workdir::new();
        work.write("in/kysely.csv", SURVEY);
        let out = work.teema_ok(&[
            "run", "in", "--out", "out", "--weight", "paino", "--by", "Rooli",
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (work, stderr)
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// responses.csv, read with `delimiter`, as (header, rows).
fn read_with(path: &std::path::Path, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM");
    crate::util::read_csv_with(path, delimiter)
}

/// One answer as responses.csv gives it: its themes in order and its weight.
struct Row {
    themes: Vec<String>,
    weight: Option<f64>,
    role: String,
}

fn rows_by_question(work: &Workdir) -> HashMap<String, Vec<Row>> {
    let (header, rows) = read_with(&work.path().join("out/responses.csv"), b',');
    let mut out: HashMap<String, Vec<Row>> = HashMap::new();
    for r in &rows {
        out.entry(field(&header, r, "question").to_string())
            .or_default()
            .push(Row {
                themes: field(&header, r, "theme")
                    .split(';')
                    .map(String::from)
                    .collect(),
                weight: weight_of(field(&header, r, "paino")),
                role: field(&header, r, "Rooli").to_string(),
            });
    }
    out
}

/// Σw of `rows` with a valid weight that `keep`, and Kish's effective n of those rows.
fn weigh<'a>(rows: impl Iterator<Item = &'a Row>) -> (f64, f64) {
    let (mut sum, mut squares) = (0.0, 0.0);
    for w in rows.filter_map(|r| r.weight) {
        sum += w;
        squares += w * w;
    }
    let n = if squares > 0.0 {
        sum * sum / squares
    } else {
        0.0
    };
    (sum, n)
}

#[test]
fn weighted_shares_and_the_effective_n_match_a_recount() {
    let (work, _) = weighted_run();
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    assert_eq!(json["parameters"]["weight"], "paino");
    let by_question = rows_by_question(work);
    let questions = json["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 2);
    for q in questions {
        let rows = &by_question[q["question"].as_str().unwrap()];
        let (total, effective_n) = weigh(rows.iter());
        let base = &q["weight"];
        assert_eq!(
            base["answers"],
            rows.iter().filter(|r| r.weight.is_some()).count()
        );
        assert_eq!(
            base["answers_invalid"], 3,
            "rows 9-11 answer both questions"
        );
        assert!(close(base["total"].as_f64().unwrap(), total), "{base}");
        assert!(close(base["effective_n"].as_f64().unwrap(), effective_n));
        for t in q["themes"].as_array().unwrap() {
            let key = t["key"].as_str().unwrap();
            let first: f64 = rows
                .iter()
                .filter(|r| r.themes[0] == key)
                .filter_map(|r| r.weight)
                .sum();
            let any: f64 = rows
                .iter()
                .filter(|r| r.themes.iter().any(|k| k == key))
                .filter_map(|r| r.weight)
                .sum();
            let share = t["weighted_share"].as_f64().unwrap();
            let mentions = t["weighted_mentions_share"].as_f64().unwrap();
            assert!(
                close(share, first / total),
                "{key}: {share} vs {first}/{total}"
            );
            assert!(close(mentions, any / total), "{key}: {mentions}");
            assert!(share <= mentions + 1e-12);
        }
    }
    // By hand: the first question's valid weights are 1, 2, 1.5, 0.5, 3, 1, 2, 1 and 0.5:
    // Σw = 12.5, Σw² = 22.75; the second leaves out row 13 (0.5): Σw = 12, Σw² = 22.5.
    let first = questions
        .iter()
        .find(|q| q["question"] == "Mikä on suurin haasteesi työssäsi?")
        .unwrap();
    assert_eq!(first["weight"]["answers"], 9);
    assert!(close(first["weight"]["total"].as_f64().unwrap(), 12.5));
    let n = first["weight"]["effective_n"].as_f64().unwrap();
    assert!(close(n, 12.5 * 12.5 / 22.75), "{n}");
    let second = questions.iter().find(|q| q != &first).unwrap();
    assert!(close(
        second["weight"]["effective_n"].as_f64().unwrap(),
        144.0 / 22.5
    ));
    // The first themes' weighted shares add up to one, as the unweighted shares do.
    for q in questions {
        let sum: f64 = q["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["weighted_share"].as_f64().unwrap())
            .sum();
        assert!(close(sum, 1.0), "{sum}");
    }
    // Over all questions: every answer with a valid weight, of both questions.
    let all: Vec<&Row> = by_question.values().flatten().collect();
    let (total, _) = weigh(all.iter().copied());
    for t in json["themes"].as_array().unwrap() {
        let key = t["key"].as_str().unwrap();
        let first: f64 = all
            .iter()
            .filter(|r| r.themes[0] == key)
            .filter_map(|r| r.weight)
            .sum();
        assert!(
            close(t["weighted_share"].as_f64().unwrap(), first / total),
            "{key}"
        );
    }
}

#[test]
fn weighted_cross_tabs_match_a_recount() {
    let (work, _) = weighted_run();
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let by_question = rows_by_question(work);
    for q in json["questions"].as_array().unwrap() {
        let rows = &by_question[q["question"].as_str().unwrap()];
        let tab = &q["crosstabs"][0];
        let values: Vec<&str> = tab["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(values.len(), 2, "{values:?}");
        for (v, value) in values.iter().enumerate() {
            let group: Vec<&Row> = rows.iter().filter(|r| r.role == *value).collect();
            let (total, effective_n) = weigh(group.iter().copied());
            let base = &tab["weighted"][v];
            assert!(close(base["total"].as_f64().unwrap(), total));
            assert!(close(base["effective_n"].as_f64().unwrap(), effective_n));
            for row in tab["rows"].as_array().unwrap() {
                let key = row["key"].as_str().unwrap();
                let carrying: f64 = group
                    .iter()
                    .filter(|r| r.themes.iter().any(|k| k == key))
                    .filter_map(|r| r.weight)
                    .sum();
                let share = row["weighted_shares"][v].as_f64().unwrap();
                assert!(close(share, carrying / total), "{key} {value}: {share}");
            }
        }
    }
    let summary = work.read("out/summary.md");
    assert!(summary.contains("#### Themes by Rooli"), "{summary}");
    assert!(summary.contains("eff. n = "), "{summary}");
}

#[test]
fn summary_shows_weighted_shares_beside_the_unweighted() {
    let (work, _) = weighted_run();
    let summary = work.read("out/summary.md");
    assert!(
        summary.contains(
            "| Theme | Answers | Share | Weighted share | First theme | First theme, weighted |"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("9 answers with a valid weight, effective n = 6.9 (Kish)"),
        "{summary}"
    );
    assert!(summary.contains("effective n = 6.4 (Kish)"), "{summary}");
    // The question's first theme has six columns, its weighted share among them.
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let first = &json["questions"][0]["themes"][0];
    let share = first["weighted_mentions_share"].as_f64().unwrap();
    let shown = format!("{:.1} %", share * 100.0);
    let part = summary
        .split("\n## 1. ")
        .nth(1)
        .expect("the first question");
    let line = part
        .lines()
        .find(|l| l.starts_with("| ") && l.contains(first["label"].as_str().unwrap()))
        .expect("the theme's line");
    assert_eq!(line.matches('|').count(), 7, "{line}");
    assert!(line.contains(&shown), "{line} lacks {shown}");
}

#[test]
fn rows_without_a_valid_weight_are_counted_and_named() {
    let (work, stderr) = weighted_run();
    // Spreadsheet rows: the header is row 1, so respondent 8 is row 9.
    assert!(
        stderr.contains("--weight \"paino\": 3 rows with a missing or invalid weight"),
        "{stderr}"
    );
    for named in ["kysely.csv:9", "kysely.csv:10", "kysely.csv:11"] {
        assert!(stderr.contains(named), "{named} in {stderr}");
    }
    assert!(!stderr.contains("kysely.csv:4 "), "{stderr}");
    assert!(stderr.contains("effective n 6.9"), "{stderr}");
    let summary = work.read("out/summary.md");
    assert!(
        summary.contains("3 rows with a missing or invalid weight"),
        "{summary}"
    );
    let listed = summary
        .split("## Rows without a valid weight")
        .nth(1)
        .expect("the list of rows");
    assert!(listed.contains("- kysely.csv:9 (empty)"), "{listed}");
    assert!(
        listed.contains("- kysely.csv:10 (\"abc\": not a number)"),
        "{listed}"
    );
    assert!(
        listed.contains("- kysely.csv:11 (\"-1\": negative)"),
        "{listed}"
    );
    assert_eq!(listed.matches("\n- ").count(), 3, "{listed}");
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    assert_eq!(json["weight"]["column"], "paino");
    assert_eq!(json["weight"]["rows_weighted"], 9);
    assert_eq!(json["weight"]["rows_invalid"], 3);
}

#[test]
fn without_weight_nothing_weighted_is_written() {
    let work = Workdir::new();
    work.write("in/kysely.csv", SURVEY);
    work.teema_ok(&["run", "in", "--out", "out", "--by", "Rooli", "-q"]);
    let json = work.read("out/themes.json");
    assert!(!json.contains("weight"), "{json}");
    assert!(!json.contains("csv_delimiter"), "{json}");
    let summary = work.read("out/summary.md");
    assert!(!summary.contains("eighted"), "{summary}");
    assert!(!summary.contains("eff. n"), "{summary}");
    // The weighted run's unweighted figures are the same.
    let (weighted, _) = weighted_run();
    let a: serde_json::Value = serde_json::from_str(&json).unwrap();
    let b: serde_json::Value = serde_json::from_str(&weighted.read("out/themes.json")).unwrap();
    for (qa, qb) in a["questions"]
        .as_array()
        .unwrap()
        .iter()
        .zip(b["questions"].as_array().unwrap())
    {
        for (ta, tb) in qa["themes"]
            .as_array()
            .unwrap()
            .iter()
            .zip(qb["themes"].as_array().unwrap())
        {
            assert_eq!((&ta["key"], &ta["count"]), (&tb["key"], &tb["count"]));
            assert_eq!(ta["share"], tb["share"]);
        }
    }
    assert_eq!(
        work.read("out/responses.csv"),
        weighted.read("out/responses.csv")
    );
}

#[test]
fn a_weight_column_that_is_not_metadata_is_refused() {
    let work = Workdir::new();
    work.write("in/kysely.csv", SURVEY);
    let err = work.teema_err(&["run", "in", "--out", "out", "--weight", "Paino"]);
    assert!(
        err.contains("--weight \"Paino\" is not a metadata column"),
        "{err}"
    );
    assert!(err.contains("\"paino\""), "{err}");
}

#[test]
fn semicolon_csv_files_read_back_as_the_comma_ones() {
    let work = Workdir::new();
    // A row with a broken weight cell is not skipped; a row repeating the header is.
    let survey = format!(
        "{SURVEY}id;Mikä on suurin haasteesi työssäsi?;Mitä toivoisit johdolta?;paino;Rooli\n"
    );
    work.write("in/kysely.csv", &survey);
    work.write(
        "in/lisa.csv",
        "id;Mikä on suurin haasteesi työssäsi?\n20;\"Kiire; ja \"\"aina\"\" lisää, töitä\"\n",
    );
    work.teema_ok(&["run", "in", "--out", "comma", "-q"]);
    work.teema_ok(&["run", "in", "--out", "semi", "-q", "--csv-delimiter", ";"]);
    for file in ["responses.csv", "skipped.csv", "segments.csv"] {
        let comma = read_with(&work.path().join("comma").join(file), b',');
        let semi = read_with(&work.path().join("semi").join(file), b';');
        assert!(comma.0.len() > 2, "{file}: {:?}", comma.0);
        assert!(!comma.1.is_empty(), "{file}");
        assert_eq!(comma, semi, "{file}");
    }
    let raw = work.read("semi/responses.csv");
    let header = raw.lines().next().unwrap();
    assert!(
        header.starts_with("\u{feff}id;source;row;question;theme;"),
        "{header}"
    );
    assert!(
        raw.contains("\"Kiire; ja \"\"aina\"\" lisää, töitä\""),
        "{raw}"
    );
    let json: serde_json::Value = serde_json::from_str(&work.read("semi/themes.json")).unwrap();
    assert_eq!(json["parameters"]["csv_delimiter"], ";");
    // explain reads its own `;` files.
    let out = work.teema_ok(&["explain", "semi", "20"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("lisa.csv:2"), "{text}");
    assert!(text.contains("themes: time_shortage"), "{text}");
    // A tab works too.
    work.teema_ok(&["run", "in", "--out", "tab", "-q", "--csv-delimiter", "\t"]);
    let tab = read_with(&work.path().join("tab/responses.csv"), b'\t');
    assert_eq!(
        tab,
        read_with(&work.path().join("comma/responses.csv"), b',')
    );
}

#[test]
fn other_csv_delimiters_are_refused() {
    let work = Workdir::new();
    work.write("in/kysely.csv", SURVEY);
    for bad in ["|", ";;", "", "semicolon", ":"] {
        let err = work.teema_err(&["run", "in", "--out", "out", "--csv-delimiter", bad]);
        assert!(err.contains("--csv-delimiter"), "{bad}: {err}");
        assert!(err.contains("`,`, `;` or `\\t`"), "{bad}: {err}");
    }
    assert!(!work.path().join("out").exists());
}
