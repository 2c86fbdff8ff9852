//! `teema run` on the bundled corpus: nothing lost, themes found, reports as promised.

use std::collections::{HashMap, HashSet};

use crate::util::{corpus_dir, corpus_run, field, gold_file, read_csv, Workdir};

/// The export read independently of teema: (respondent id, row, three answers).
fn export_rows() -> Vec<(String, usize, Vec<String>)> {
    let bytes = std::fs::read(corpus_dir().join("kysely_2026.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "saved as Finnish Excel does, with BOM"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    reader
        .records()
        .enumerate()
        .map(|(i, r)| {
            let r = r.unwrap();
            let answers = (4..7).map(|c| r[c].trim().to_string()).collect();
            (r[0].to_string(), i + 2, answers)
        })
        .collect()
}

/// Non-empty cells of the three questions: the answers teema must take.
fn non_empty_answers() -> usize {
    export_rows()
        .iter()
        .map(|(_, _, a)| a.iter().filter(|t| !t.is_empty()).count())
        .sum()
}

#[test]
fn every_input_row_appears_in_responses_csv() {
    let run = corpus_run();
    let (header, rows) = read_csv(&run.work.path().join("out/responses.csv"));
    assert_eq!(
        &header[..7],
        ["id", "source", "row", "question", "theme", "cluster", "text"]
    );
    assert_eq!(
        &header[7..],
        ["Organisaation koko", "Rooli", "Vastauspäivä"]
    );
    let by_id: HashMap<&str, &Vec<String>> =
        rows.iter().map(|r| (field(&header, r, "id"), r)).collect();
    assert_eq!(by_id.len(), rows.len(), "ids are unique");
    let export = export_rows();
    assert!(export.len() >= 150, "at least 150 respondents");
    assert_eq!(rows.len(), non_empty_answers());
    for (rid, row, answers) in &export {
        for (q, text) in answers.iter().enumerate() {
            let id = format!("{rid}.q{}", q + 1);
            if text.is_empty() {
                assert!(!by_id.contains_key(id.as_str()), "empty {id} is no answer");
                continue;
            }
            let r = by_id
                .get(id.as_str())
                .unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(field(&header, r, "source"), "kysely_2026.csv");
            assert_eq!(field(&header, r, "row"), row.to_string());
            let written = field(&header, r, "text");
            let unescaped = written
                .strip_prefix('\'')
                .filter(|_| text.starts_with(['=', '+', '-', '@']));
            assert_eq!(unescaped.unwrap_or(written), text, "{id}");
        }
    }
}

#[test]
fn counts_add_up_in_themes_json() {
    let run = corpus_run();
    let json: serde_json::Value = serde_json::from_str(&run.work.read("out/themes.json")).unwrap();
    let c = &json["counts"];
    let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("counts.{k}"));
    assert_eq!(n("rows_read"), export_rows().len() as u64);
    assert_eq!(
        n("rows_ingested") + n("rows_empty") + n("rows_duplicate") + n("rows_skipped"),
        n("rows_read")
    );
    assert_eq!(n("rows_skipped") + n("rows_duplicate"), 0);
    assert_eq!(n("answers"), non_empty_answers() as u64);
    assert_eq!(n("clustered") + n("other") + n("no_content"), n("answers"));
    assert_eq!(n("answers_with_content") + n("no_content"), n("answers"));
    assert!(n("rows_without_content") <= n("no_content") / 3);
    let theme_total: u64 = json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .sum();
    assert_eq!(theme_total, n("answers"));
    let p = &json["parameters"];
    assert_eq!(p["seed"], 42);
    assert!(p["k"].as_u64().unwrap() >= 4);
    let answers = format!("{} answers", non_empty_answers());
    assert!(run.stderr.contains(&answers), "{}", run.stderr);
    let rows = format!("{} rows: {} ingested", n("rows_read"), n("rows_ingested"));
    assert!(run.stderr.contains(&rows), "{}", run.stderr);
}

#[test]
fn summary_names_the_three_themes_with_quotes() {
    let summary = corpus_run().work.read("out/summary.md");
    for (label, key) in [
        ("Ajan puute — Time shortage", "time_shortage"),
        (
            "Arvostuksen puute — Lack of appreciation",
            "lack_of_appreciation",
        ),
        ("Mittaaminen — Measurement", "measurement"),
    ] {
        let heading = format!(". {label} (`{key}`)");
        let start = summary
            .find(&heading)
            .unwrap_or_else(|| panic!("no section {heading}\n{summary}"));
        let section = &summary[start..];
        let section = &section[..section[1..].find("\n## ").map_or(section.len(), |e| e + 1)];
        assert!(section.contains("**Top terms:**"), "{section}");
        assert_eq!(
            section.matches("> — `V").count(),
            3,
            "three quotes with ids: {section}"
        );
        assert!(section.contains("(kysely_2026.csv:"), "{section}");
    }
    // Top terms are words as written, never stems.
    assert!(!summary.contains("arvostuks"), "{summary}");
}

/// Per-theme precision, recall and F1 against the gold file. A prediction counts as right when
/// the gold answer names the theme at all (primary or `also`); a miss is a gold primary theme
/// the prediction did not give.
fn f1_by_theme(
    pred: &HashMap<String, String>,
    gold: &HashMap<String, (String, HashSet<String>)>,
    theme: &str,
) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (id, (primary, all)) in gold {
        let p = pred[id].split(';').next().unwrap_or_default();
        if p == theme {
            if all.contains(theme) {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
        } else if primary == theme {
            fn_ += 1.0;
        }
    }
    let precision = tp / f64::max(tp + fp, 1.0);
    let recall = tp / f64::max(tp + fn_, 1.0);
    let f1 = 2.0 * precision * recall / f64::max(precision + recall, 1e-9);
    (precision, recall, f1)
}

#[test]
fn named_themes_reach_f1_on_gold() {
    let run = corpus_run();
    let (header, rows) = read_csv(&run.work.path().join("out/responses.csv"));
    let pred: HashMap<String, String> = rows
        .iter()
        .map(|r| {
            (
                field(&header, r, "id").to_string(),
                field(&header, r, "theme").to_string(),
            )
        })
        .collect();
    let (gh, grows) = read_csv(&gold_file());
    let mut gold: HashMap<String, (String, HashSet<String>)> = grows
        .iter()
        .map(|r| {
            let primary = field(&gh, r, "theme").to_string();
            let mut all: HashSet<String> = field(&gh, r, "also")
                .split(';')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            all.insert(primary.clone());
            (field(&gh, r, "id").to_string(), (primary, all))
        })
        .collect();
    // The gold file labels every cell; empty cells are no answers.
    let empty: HashSet<String> = export_rows()
        .iter()
        .flat_map(|(rid, _, a)| {
            a.iter()
                .enumerate()
                .filter(|(_, t)| t.is_empty())
                .map(move |(q, _)| format!("{rid}.q{}", q + 1))
        })
        .collect();
    gold.retain(|id, _| !empty.contains(id));
    assert!(pred.keys().all(|id| gold.contains_key(id)));
    assert_eq!(gold.len(), pred.len(), "one gold label per answer");
    let mut failures = Vec::new();
    for theme in [
        "time_shortage",
        "lack_of_appreciation",
        "measurement",
        "no_content",
    ] {
        let (p, r, f1) = f1_by_theme(&pred, &gold, theme);
        eprintln!("{theme:22} P {p:.2} R {r:.2} F1 {f1:.2}");
        if f1 < 0.7 {
            failures.push(format!("{theme}: F1 {f1:.2}"));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn answers_without_content_get_no_content_and_no_cluster() {
    let run = corpus_run();
    let (header, rows) = read_csv(&run.work.path().join("out/responses.csv"));
    let mut seen = 0;
    for r in &rows {
        let text = field(&header, r, "text");
        if ["'-", "?", "Ei", "", "😅"].contains(&text) {
            assert_eq!(field(&header, r, "theme"), "no_content", "{text:?}");
            assert_eq!(field(&header, r, "cluster"), "", "{text:?}");
            seen += 1;
        } else if field(&header, r, "theme") != "no_content"
            && field(&header, r, "theme") != "other"
        {
            assert!(!field(&header, r, "cluster").is_empty());
        }
    }
    assert!(seen >= 20, "the corpus has one-word and empty answers");
}

#[test]
fn same_input_gives_the_same_bytes() {
    let first = corpus_run();
    let again = Workdir::new();
    let corpus = corpus_dir();
    again.teema_ok(&["run", corpus.to_str().unwrap(), "--out", "out", "--quiet"]);
    for file in ["summary.md", "themes.json", "responses.csv"] {
        assert!(
            first.work.read(&format!("out/{file}")) == again.read(&format!("out/{file}")),
            "{file} differs between two runs"
        );
    }
}

#[test]
fn no_progress_output_when_stderr_is_not_a_terminal() {
    let stderr = &corpus_run().stderr;
    assert!(
        !stderr.contains('\r') && !stderr.contains('\x1b'),
        "{stderr:?}"
    );
    assert!(stderr.contains("wrote out"), "{stderr}");
}
