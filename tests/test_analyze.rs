//! `teema analyze`: how the analyzer reads words, and its score on gold lemmas.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::Workdir;

fn analyze(stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_teema"))
        .arg("analyze")
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
fn prints_each_word_and_its_term() {
    let tsv = analyze("Ei ole aikaa, KPI:t puuttuu 😅");
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    let words: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    // Emoji and punctuation are no words; the case ending after a colon is cut.
    assert_eq!(words, ["Ei", "ole", "aikaa", "KPI", "puuttuu"]);
    // Stop words have no term; the rest are lowercased terms.
    assert_eq!((rows[0][1], rows[1][1], rows[3][1]), ("", "", "kpi"));
    assert!(rows[2][1].starts_with("aika"), "{tsv}");
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
    // aika/aikaa join, ajan does not: 1 of 3 same-lemma pairs.
    assert_eq!(line, "4 forms, 2 lemmas: P 1.000 R 0.333 F1 0.500\n");
    let stderr = work.teema_err(&["analyze", "--score", "puuttuu.tsv"]);
    assert!(stderr.contains("puuttuu.tsv"), "{stderr}");
}
