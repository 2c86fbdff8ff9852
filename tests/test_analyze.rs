//! `teema analyze`: how the analyzer reads words, and its score on gold lemmas.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::Workdir;

fn analyze(stdin: &str) -> String {
    analyze_with(&[], stdin)
}

#[test]
fn prints_each_word_and_its_term() {
    let tsv = analyze("Ei ole aikaa, KPI:t puuttuu 😅");
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    let words: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    // Emoji and punctuation are no words; the case ending after a colon is cut.
    assert_eq!(words, ["Ei", "ole", "aikaa", "KPI", "puuttuu"]);
    // Stop words have no term; negations keep theirs; the rest are lowercased terms.
    assert_eq!((rows[0][1], rows[1][1], rows[3][1]), ("ei", "", "kpi"));
    assert_eq!(rows[2][1], "aika", "{tsv}");
}

#[test]
fn inflected_forms_get_their_lemma_and_compounds_their_parts() {
    let tsv = analyze("ajan johdon arvostuksen\ntyöajan\ntyö\naika\nei arvosteta");
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0], ["ajan", "aika"]);
    assert_eq!(rows[1], ["johdon", "johto"]);
    assert_eq!(rows[2], ["arvostuksen", "arvostus"]);
    // The compound's own term first, then its parts, learnt from the words of the input.
    assert_eq!(rows[3][0], "työajan");
    assert_eq!(rows[3][2..], ["työ", "aika"]);
    assert_eq!(rows[6], ["ei", "ei"]);
}

#[test]
fn scores_a_gold_file() {
    let work = Workdir::new();
    work.write(
        "gold.tsv",
        "form\tlemma\tupos\naika\taika\tNOUN\naikaa\taika\tNOUN\najan\taika\tNOUN\nkiire\tkiire\tNOUN\n",
    );
    let out = work.teema_ok(&["analyze", "--score", "gold.tsv"]);
    let line = String::from_utf8(out.stdout).unwrap();
    // The built-in analyzer joins aika/aikaa/ajan; Snowball only aika/aikaa: 1 of 3 pairs.
    assert_eq!(
        line,
        "builtin: 4 forms, 2 lemmas: P 1.000 R 1.000 F1 1.000\n\
         snowball: 4 forms, 2 lemmas: P 1.000 R 0.333 F1 0.500\n"
    );
    let stderr = work.teema_err(&["analyze", "--score", "puuttuu.tsv"]);
    assert!(stderr.contains("puuttuu.tsv"), "{stderr}");
}

/// Answers where the analyzer matters: inflected forms, compounds, a negation.
const ANSWERS: &str = "id,vastaus\n\
    1,Ajan puute on suurin ongelma\n\
    2,Työaika ei riitä kaikkeen\n\
    3,Johdon arvostuksen puute näkyy\n\
    4,Arvostus puuttuu johdolta täysin\n\
    5,Ei ehdi tehdä kunnolla mitään\n\
    6,Aikaa ei ole tarpeeksi\n\
    7,Työ on kivaa mutta paperityö tappaa\n\
    8,Liikaa palavereja viikossa\n";

fn search_ids(work: &Workdir, query: &str) -> Vec<String> {
    let out = work.teema(&["search", "out", query, "--format", "json", "-n", "50"]);
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut ids: Vec<String> = hits
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn search_reads_queries_with_the_runs_stop_words() {
    let work = Workdir::new();
    work.write("in/kysely.csv", ANSWERS);
    work.write("omat.txt", "# our own\npalavereja\n");
    work.teema_ok(&[
        "run",
        "in",
        "--out",
        "out",
        "-q",
        "--stopwords",
        "omat.txt",
        "-k",
        "2",
    ]);
    let config: serde_json::Value =
        serde_json::from_str(&work.read("out/index/teema-analyzer.json")).unwrap();
    assert_eq!(config["backend"], "builtin");
    assert_eq!(
        config["extra_stop_words"],
        serde_json::json!(["palavereja"])
    );
    // The word is no term of the index, and the search drops it from the query too.
    assert!(search_ids(&work, "palavereja").is_empty());
    assert_eq!(search_ids(&work, "viikossa"), ["8"]);
    // Inflected forms, compounds by their parts, and a negation phrase.
    assert_eq!(search_ids(&work, "aika"), ["1", "2", "6"]);
    assert_eq!(search_ids(&work, "arvostus"), ["3", "4"]);
    assert_eq!(search_ids(&work, "johto"), ["3", "4"]);
    assert_eq!(search_ids(&work, "\"ei ehdi\""), ["5"]);
    // A stop word inside a phrase keeps its place.
    assert_eq!(search_ids(&work, "\"ei ole tarpeeksi\""), ["6"]);
    assert!(search_ids(&work, "\"ei tarpeeksi\"").is_empty());
    // The concordance finds the part of a compound, and takes a compound as one word.
    for (word, ids) in [("aika", vec!["1", "2", "6"]), ("työaika", vec!["2"])] {
        let out = work.teema_ok(&["kwic", "out", word, "--format", "json"]);
        let lines: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        let mut got: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
        got.sort();
        got.dedup();
        assert_eq!(got, ids, "kwic {word}");
    }
}

#[test]
fn voikko_backend_when_installed() {
    let work = Workdir::new();
    work.write("in/kysely.csv", ANSWERS);
    let out = work.teema(&[
        "run",
        "in",
        "--out",
        "out",
        "-q",
        "--analyzer",
        "voikko",
        "-k",
        "2",
    ]);
    if !out.status.success() {
        // Not installed here: the error says what to install.
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("libvoikko1") && err.contains("voikko-fi"),
            "{err}"
        );
        eprintln!("skipped: voikko not installed");
        return;
    }
    let config: serde_json::Value =
        serde_json::from_str(&work.read("out/index/teema-analyzer.json")).unwrap();
    assert_eq!(config["backend"], "voikko");
    assert_eq!(search_ids(&work, "ajan"), ["1", "2", "6"]);
    assert_eq!(search_ids(&work, "arvostuksen"), ["3", "4"]);
    let tsv = analyze_with(&["--analyzer", "voikko"], "johdon tehdyn");
    assert_eq!(tsv, "johdon\tjohto\ntehdyn\ttehdä\n");
}

fn analyze_with(args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_teema"))
        .arg("analyze")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_stop_word_file_drops_every_form_and_reads_like_the_help_says() {
    let work = Workdir::new();
    // Saved by Windows Notepad: a BOM before the first comment, CRLF, a comment after a word.
    let file = work.write(
        "omat.txt",
        "\u{feff}# omat stop words\r\naika   # every form: ajan, aikaa\r\n  # indented comment\r\narvostus\r\n",
    );
    let file = file.to_str().unwrap();
    let tsv = analyze_with(
        &["--stopwords", file],
        "ajan aikaa arvostuksen omat stop words johto",
    );
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    let terms: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[1])).collect();
    assert_eq!(
        terms,
        [
            ("ajan", ""),
            ("aikaa", ""),
            ("arvostuksen", ""),
            ("omat", "oma"),
            ("stop", "stop"),
            ("words", "words"),
            ("johto", "johto"),
        ],
        "{tsv}"
    );
    // The index keeps the list: a search reads `ajan` as the run did.
    work.write(
        "in/a.csv",
        "id;vastaus\n1;Ajan puute ja arvostuksen puute\n2;Johto\n",
    );
    work.teema_ok(&["run", "in", "--out", "out", "-q", "--stopwords", file]);
    let stderr = work.teema_err(&["kwic", "out", "ajan"]);
    assert!(stderr.contains("is not indexed"), "{stderr}");
}
