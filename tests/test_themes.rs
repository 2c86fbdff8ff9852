//! Themes as an analyst uses them: several themes per answer, questions clustered apart or
//! together, cross-tabs by a metadata column, `-k`, a user's themes file, stable output.

use std::collections::{HashMap, HashSet};

use crate::util::{corpus_dir, corpus_run, field, gold_file, read_csv, Workdir};

/// responses.csv of an output folder as (header, rows).
fn responses(work: &Workdir, out: &str) -> (Vec<String>, Vec<Vec<String>>) {
    read_csv(&work.path().join(out).join("responses.csv"))
}

/// `teema run` on the bundled corpus into `out/` of `work`, with `extra` options.
fn run_corpus_in(work: &Workdir, extra: &[&str]) {
    let corpus = corpus_dir();
    let mut args = vec!["run", corpus.to_str().unwrap(), "--out", "out", "-q"];
    args.extend_from_slice(extra);
    work.teema_ok(&args);
}

/// [`run_corpus_in`] a new work folder.
fn run_corpus(extra: &[&str]) -> Workdir {
    let work = Workdir::new();
    run_corpus_in(&work, extra);
    work
}

/// A copy of the corpus folder in `work`, at `corpus/`.
fn copy_corpus(work: &Workdir) -> String {
    let src = corpus_dir().join("kysely_2026.csv");
    work.write("corpus/kysely_2026.csv", std::fs::read(src).unwrap());
    "corpus".to_string()
}

#[test]
fn an_answer_about_two_themes_carries_both_strongest_first() {
    let work = Workdir::new();
    let corpus = copy_corpus(&work);
    work.write(
        "corpus/lisavastaus.txt",
        "Ei ole aikaa, eikä johto arvosta tätä työtä.\n",
    );
    work.teema_ok(&["run", &corpus, "--out", "out", "--across-questions", "-q"]);
    let (header, rows) = responses(&work, "out");
    let row = rows
        .iter()
        .find(|r| field(&header, r, "text").starts_with("Ei ole aikaa, eikä johto"))
        .expect("the extra answer");
    let themes: Vec<&str> = field(&header, row, "theme").split(';').collect();
    assert_eq!(themes.len(), 2, "{themes:?}");
    assert!(themes.contains(&"time_shortage") && themes.contains(&"lack_of_appreciation"));

    // On the corpus, most answers given two themes have both in the gold file too.
    let (gh, grows) = read_csv(&gold_file());
    let gold: HashMap<&str, HashSet<&str>> = grows
        .iter()
        .map(|r| {
            let mut all: HashSet<&str> = field(&gh, r, "also")
                .split(';')
                .filter(|s| !s.is_empty())
                .collect();
            all.insert(field(&gh, r, "theme"));
            (field(&gh, r, "id"), all)
        })
        .collect();
    let (header, rows) = &read_csv(&corpus_run().work.path().join("out/responses.csv"));
    let named = ["time_shortage", "lack_of_appreciation", "measurement"];
    let named_of = |r: &Vec<String>| -> Vec<String> {
        field(header, r, "theme")
            .split(';')
            .filter(|t| named.contains(t))
            .map(String::from)
            .collect()
    };
    let multi: Vec<&Vec<String>> = rows.iter().filter(|r| named_of(r).len() >= 2).collect();
    assert!(
        multi.len() >= 10,
        "only {} answers with two themes",
        multi.len()
    );
    let right = multi
        .iter()
        .filter(|r| {
            let g = &gold[field(header, r, "id")];
            named_of(r).iter().all(|t| g.contains(t.as_str()))
        })
        .count();
    assert!(
        right * 2 >= multi.len(),
        "{right} of {} two-theme answers match gold",
        multi.len()
    );
}

#[test]
fn questions_are_clustered_apart_unless_pooled() {
    let run = corpus_run();
    let (header, rows) = read_csv(&run.work.path().join("out/responses.csv"));
    // Cluster ids are unique over the run: no cluster holds answers of two questions.
    let mut question_of: HashMap<&str, &str> = HashMap::new();
    for r in &rows {
        let cluster = field(&header, r, "cluster");
        if !cluster.is_empty() {
            let q = field(&header, r, "question");
            assert_eq!(
                *question_of.entry(cluster).or_insert(q),
                q,
                "cluster {cluster}"
            );
        }
    }
    assert!(question_of.values().collect::<HashSet<_>>().len() == 3);

    let work = run_corpus(&["--across-questions"]);
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let questions = json["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 1);
    assert_eq!(questions[0]["question"], "(all questions)");
    assert_eq!(questions[0]["answers"], json["counts"]["answers"]);
    assert_eq!(json["parameters"]["across_questions"], true);
    let summary = work.read("out/summary.md");
    assert!(summary.contains("## 1. (all questions)"), "{summary}");
    assert!(!summary.contains("## 2."), "{summary}");
    // Pooled clusters mix questions.
    let (header, rows) = responses(&work, "out");
    let mut questions_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for r in &rows {
        let cluster = field(&header, r, "cluster");
        if !cluster.is_empty() {
            questions_of
                .entry(cluster)
                .or_default()
                .insert(field(&header, r, "question"));
        }
    }
    assert!(questions_of.values().any(|q| q.len() > 1));
}

#[test]
fn cross_tabs_count_themes_by_a_metadata_column() {
    let work = run_corpus(&["--by", "Rooli"]);
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    assert_eq!(json["parameters"]["by"][0], "Rooli");
    let (header, rows) = responses(&work, "out");
    for q in json["questions"].as_array().unwrap() {
        let question = q["question"].as_str().unwrap();
        let tab = &q["crosstabs"][0];
        assert_eq!(tab["column"], "Rooli");
        let values: Vec<&str> = tab["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let totals: Vec<u64> = tab["totals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert!(values.len() >= 3, "{values:?}");
        // A few values, none merged: no values_held, as before groups were merged.
        assert!(tab.get("values_held").is_none(), "{tab}");
        assert_eq!(totals.iter().sum::<u64>(), q["answers"].as_u64().unwrap());
        // Recount every cell from responses.csv.
        for row in tab["rows"].as_array().unwrap() {
            let key = row["key"].as_str().unwrap();
            for (v, value) in values.iter().enumerate() {
                let expected = rows
                    .iter()
                    .filter(|r| field(&header, r, "question") == question)
                    .filter(|r| {
                        let rooli = field(&header, r, "Rooli").trim();
                        let missing = ["", "NA", "<NA>", "N/A", "#N/A"].contains(&rooli);
                        rooli == *value || (missing && *value == "(empty)")
                    })
                    .filter(|r| field(&header, r, "theme").split(';').any(|t| t == key))
                    .count() as u64;
                assert_eq!(
                    row["counts"][v].as_u64().unwrap(),
                    expected,
                    "{key} {value}"
                );
                let share = row["shares"][v].as_f64().unwrap();
                assert!((share - expected as f64 / totals[v] as f64).abs() < 1e-9);
            }
        }
    }
    let summary = work.read("out/summary.md");
    assert_eq!(
        summary.matches("#### Themes by Rooli").count(),
        3,
        "{summary}"
    );
    assert!(summary.contains("| Ajan puute |"), "{summary}");

    let corpus = corpus_dir();
    let err = work.teema_err(&[
        "run",
        corpus.to_str().unwrap(),
        "--out",
        "out2",
        "--by",
        "rooli ",
    ]);
    assert!(
        err.contains("--by \"rooli \" is not a metadata column"),
        "{err}"
    );
    assert!(err.contains("\"Rooli\""), "{err}");
}

#[test]
fn k_can_be_given_and_a_themes_file_replaces_the_default() {
    let work = Workdir::new();
    let themes = work.write(
        "omat.toml",
        "[[theme]]\nkey = \"moderointi\"\nlabel_fi = \"Moderointi\"\nlabel_en = \"Moderation\"\n\
         seeds = [\"moderointi\", \"trolli\", \"häirikkö\", \"vihapuhe\", \"asiattomat kommentit\"]\n",
    );
    run_corpus_in(&work, &["-k", "6", "--themes", themes.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    assert_eq!(json["parameters"]["k"], 6);
    for q in json["questions"].as_array().unwrap() {
        assert_eq!(q["k"], 6);
        assert_eq!(q["k_auto"], false);
        assert!(q["silhouette"].is_null());
    }
    let (header, rows) = responses(&work, "out");
    let themes: HashSet<&str> = rows
        .iter()
        .flat_map(|r| field(&header, r, "theme").split(';'))
        .collect();
    assert!(themes.contains("moderointi"));
    assert!(!themes.contains("time_shortage"));
    let trolls: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| field(&header, r, "text").to_lowercase().contains("trolli"))
        .collect();
    assert!(trolls.len() >= 3);
    for r in trolls {
        assert!(
            field(&header, r, "theme").starts_with("moderointi"),
            "{r:?}"
        );
    }
    // Unnamed clusters are labelled by distinctive words, joined by " · ".
    assert!(themes.iter().any(|t| t.contains(" · ")), "{themes:?}");
}

#[test]
fn a_different_seed_gives_nearly_the_same_themes() {
    let run = corpus_run();
    let work = run_corpus(&["--seed", "7"]);
    let first_theme = |header: &[String], r: &[String]| {
        field(header, r, "theme")
            .split(';')
            .next()
            .unwrap()
            .to_string()
    };
    let (h1, r1) = read_csv(&run.work.path().join("out/responses.csv"));
    let (h2, r2) = responses(&work, "out");
    let named = ["time_shortage", "lack_of_appreciation", "measurement"];
    let (mut same, mut total) = (0, 0);
    for (a, b) in r1.iter().zip(&r2) {
        assert_eq!(field(&h1, a, "id"), field(&h2, b, "id"));
        let (ta, tb) = (first_theme(&h1, a), first_theme(&h2, b));
        if named.contains(&ta.as_str()) || named.contains(&tb.as_str()) {
            total += 1;
            same += usize::from(ta == tb);
        }
    }
    assert!(
        same as f64 >= 0.9 * total as f64,
        "{same} of {total} answers keep their named theme"
    );
}
