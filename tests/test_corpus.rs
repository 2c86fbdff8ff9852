//! `teema run` on the bundled corpus: nothing lost, themes found, reports as promised.

use std::collections::HashMap;

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
        &header[..8],
        ["id", "source", "row", "question", "theme", "cluster", "evidence", "text"]
    );
    assert_eq!(
        &header[8..],
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
    // Most answers without content come from respondents who answered something else; a few
    // answered "eos" or "-" to every question.
    assert!(n("rows_without_content") <= n("no_content") / 2);
    assert!(n("named") <= n("clustered") && n("named") > n("answers") / 2);
    assert!(n("segments") > n("answers"));
    let theme_total: u64 = json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .sum();
    assert_eq!(theme_total, n("answers"));
    let p = &json["parameters"];
    assert_eq!(p["seed"], 42);
    assert_eq!(p["across_questions"], false);
    // Each question is clustered apart, and its themes account for all its answers.
    let questions = json["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 3);
    let mut answers = 0;
    for q in questions {
        let n_q = q["answers"].as_u64().unwrap();
        answers += n_q;
        assert!(q["k"].as_u64().unwrap() >= 4, "{}", q["question"]);
        assert_eq!(q["k_auto"], true);
        let sum: u64 = q["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["count"].as_u64().unwrap())
            .sum();
        assert_eq!(sum, n_q, "{}", q["question"]);
    }
    assert_eq!(answers, n("answers"));
    let answers = format!("{} answers", non_empty_answers());
    assert!(run.stderr.contains(&answers), "{}", run.stderr);
    let rows = format!("{} rows: {} ingested", n("rows_read"), n("rows_ingested"));
    assert!(run.stderr.contains(&rows), "{}", run.stderr);
}

/// The `### ` sections of `summary.md` whose heading contains `needle`.
fn sections<'a>(summary: &'a str, needle: &str) -> Vec<&'a str> {
    summary
        .split("\n### ")
        .skip(1)
        .map(|s| &s[..s.find("\n## ").unwrap_or(s.len())])
        .map(|s| &s[..s.find("\n#### ").unwrap_or(s.len())])
        .filter(|s| s.lines().next().unwrap_or_default().contains(needle))
        .collect()
}

#[test]
fn summary_names_the_three_themes_with_quotes() {
    let summary = corpus_run().work.read("out/summary.md");
    // Grouped by question, in the export's order.
    let q1 = summary
        .find("## 1. Mikä on suurin haasteesi")
        .expect(&summary);
    let q2 = summary.find("## 2. Miten mittaatte").expect(&summary);
    let q3 = summary.find("## 3. Mikä auttaisi sinua").expect(&summary);
    assert!(summary.find("## All questions").unwrap() < q1 && q1 < q2 && q2 < q3);
    for (label, key) in [
        ("Ajan puute — Time shortage", "time_shortage"),
        (
            "Arvostuksen puute — Lack of appreciation",
            "lack_of_appreciation",
        ),
        ("Mittaaminen — Measurement", "measurement"),
    ] {
        let found = sections(&summary, &format!(". {label} (`{key}`)"));
        assert!(!found.is_empty(), "no section for {key}\n{summary}");
        for section in found {
            assert!(section.contains("**Top terms:**"), "{section}");
            let quotes = section.matches("> — `V").count();
            let answers: usize = section
                .lines()
                .nth(2)
                .and_then(|l| l.split(' ').next())
                .and_then(|n| n.parse().ok())
                .expect(section);
            // 3 to 5 quotes with ids; 5 for themes of 20 answers or more.
            let expected = if answers >= 20 { 5 } else { answers.min(3) };
            assert!(
                quotes <= 5 && quotes >= expected.min(3),
                "{quotes} quotes: {section}"
            );
            assert!(section.contains("(kysely_2026.csv:"), "{section}");
            let mut texts: Vec<&str> = section
                .lines()
                .filter(|l| l.starts_with("> ") && !l.starts_with("> —"))
                .collect();
            let all = texts.len();
            texts.sort();
            texts.dedup();
            assert_eq!(texts.len(), all, "quotes differ from each other: {section}");
        }
    }
    // Top terms are words as written, never stems.
    for line in summary.lines().filter(|l| l.starts_with("**Top terms:**")) {
        assert!(!line.contains("arvostuks"), "{line}");
    }
}

/// `teema eval OUT GOLD --format json` on a run's output.
fn eval_json(work: &Workdir, out: &str, gold: &std::path::Path) -> serde_json::Value {
    let out = work.teema_ok(&[
        "eval",
        work.path().join(out).to_str().unwrap(),
        gold.to_str().unwrap(),
        "--format",
        "json",
    ]);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// F1 of `theme` in `teema eval`'s JSON.
fn f1_of(json: &serde_json::Value, theme: &str) -> f64 {
    json["per_theme"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["theme"] == theme)
        .unwrap_or_else(|| panic!("no {theme} in {json}"))["f1"]
        .as_f64()
        .unwrap()
}

#[test]
fn named_themes_reach_f1_on_gold() {
    let run = corpus_run();
    let json = eval_json(&run.work, "out", &gold_file());
    assert_eq!(json["counts"]["answers_without_gold"], 0);
    let macro_f1 = json["macro_f1"].as_f64().unwrap();
    let mut failures = Vec::new();
    for (theme, floor) in [
        ("time_shortage", 0.78),
        ("lack_of_appreciation", 0.77),
        ("measurement", 0.84),
        ("no_content", 0.95),
    ] {
        let f1 = f1_of(&json, theme);
        eprintln!("{theme:22} F1 {f1:.3}");
        if f1 < floor {
            failures.push(format!("{theme}: F1 {f1:.3} < {floor}"));
        }
    }
    // Measured 0.83 (seeds 42, 1, 2; benches/themes/README.md) with rules alone and no
    // help from the clusters; the floor leaves room for small changes only.
    if macro_f1 < 0.80 {
        failures.push(format!("macro-F1 {macro_f1:.3} < 0.80"));
    }
    assert!(failures.is_empty(), "{failures:?}");
}

/// The held-out staff survey, written without looking at the seed words: named themes still
/// work on answers the seed words were not written for.
#[test]
fn named_themes_generalise_to_the_held_out_survey() {
    let work = Workdir::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let input = root.join("henkilostokysely");
    work.teema_ok(&["run", input.to_str().unwrap(), "--out", "out", "-q"]);
    let json = eval_json(&work, "out", &root.join("henkilostokysely-gold.csv"));
    assert_eq!(json["counts"]["answers_without_gold"], 0);
    let macro_f1 = json["macro_f1"].as_f64().unwrap();
    // Measured 0.63: the rules are written to stay out of surveys about something else, and
    // this survey's answers say much in their own words (see benches/themes/README.md).
    assert!(macro_f1 >= 0.60, "macro-F1 {macro_f1:.3}\n{json}");
    for theme in ["time_shortage", "lack_of_appreciation", "measurement"] {
        assert!(f1_of(&json, theme) >= 0.45, "{theme}\n{json}");
    }
    // Discovery finds this survey's other codes as well as its named ones.
    let recovery = json["code_recovery"]["mean_f1"].as_f64().unwrap();
    assert!(recovery >= 0.40, "code recovery {recovery:.3}");
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
        } else if field(&header, r, "theme").contains(" · ") {
            // A discovered theme (labelled by its words) comes from a cluster.
            assert!(!field(&header, r, "cluster").is_empty(), "{r:?}");
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
