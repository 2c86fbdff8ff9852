//! Runs at scale: incremental runs reuse an earlier run's work and give the bytes of a fresh
//! run; `--timings` records every stage; the number of threads does not change the output.

use std::path::Path;
use std::process::Command;

use crate::util::{corpus_dir, Workdir};

const OUTPUTS: [&str; 4] = ["summary.md", "themes.json", "responses.csv", "report.xlsx"];

fn timings(work: &Workdir, name: &str) -> serde_json::Value {
    serde_json::from_str(&work.read(name)).expect("timings are JSON")
}

fn same_outputs(work: &Workdir, a: &str, b: &str) {
    for file in OUTPUTS {
        let read = |out: &str| std::fs::read(work.path().join(out).join(file)).unwrap();
        assert!(read(a) == read(b), "{file} differs between {a} and {b}");
    }
}

fn search(work: &Workdir, out: &str, query: &str) -> String {
    String::from_utf8(work.teema_ok(&["search", out, query]).stdout).unwrap()
}

fn hit_ids(found: &str) -> Vec<&str> {
    found
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

const NEW_EXPORT: &str = "Vastaajan tunnus;Mikä on suurin haasteesi yhteisömanagerina?\n\
    U1;Kvanttimoderointi vie kaiken ajan, ei ehdi muuta\n\
    U2;Johto ei arvosta, kvanttimoderointi on näkymätöntä työtä\n\
    U3;Ei ole aikaa mittaamiseen\n";

#[test]
fn a_rerun_analyses_and_indexes_only_the_new_answers_and_matches_a_fresh_run() {
    let work = Workdir::new();
    let corpus = std::fs::read(corpus_dir().join("kysely_2026.csv")).unwrap();
    work.write("in/kysely_2026.csv", &corpus);
    work.teema_ok(&["run", "in", "--out", "out", "-q", "--timings", "t1.json"]);
    let first = timings(&work, "t1.json");
    assert_eq!(first["cache"]["found"], false);
    assert_eq!(first["cache"]["index_rebuilt"], true);
    let answers = first["cache"]["analysed"].as_u64().unwrap();
    assert!(answers > 600, "{first}");

    // A new export appears: only its answers are analysed (and any whose words are now split
    // differently); the index keeps the documents that did not change.
    work.write("in/uusi.csv", NEW_EXPORT);
    let out = work.teema_ok(&["run", "in", "--out", "out", "--timings", "t2.json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cache: "), "{stderr}");
    let second = timings(&work, "t2.json");
    let c = &second["cache"];
    assert_eq!(c["found"], true);
    assert_eq!(c["index_rebuilt"], false);
    let reused = c["reused"].as_u64().unwrap();
    let analysed = c["analysed"].as_u64().unwrap();
    assert_eq!(reused + analysed, answers + 3, "{c}");
    assert!((3..=30).contains(&analysed), "{c}");
    let kept = c["index_kept"].as_u64().unwrap();
    let added = c["index_added"].as_u64().unwrap();
    // Discovered themes move a little with every answer added (their labels are in the index),
    // named themes do not: at least the answers with a named theme are kept.
    assert!(kept > answers / 4, "{c}");
    assert_eq!(kept + added, answers + 3, "{c}");
    assert_eq!(
        c["index_removed"].as_u64().unwrap(),
        added - 3,
        "every earlier document that was not kept is removed: {c}"
    );

    work.teema_ok(&["run", "in", "--out", "fresh", "-q", "--no-cache"]);
    same_outputs(&work, "out", "fresh");
    assert!(search(&work, "out", "kvanttimoderointi").contains("U2"));
    // The same hits in the same order; BM25 scores may differ slightly, because an updated
    // index counts removed documents in its statistics until Tantivy merges its segments.
    assert_eq!(
        hit_ids(&search(&work, "out", "ajanpuute")),
        hit_ids(&search(&work, "fresh", "ajanpuute"))
    );

    // The export goes away again: its answers leave the index too.
    std::fs::remove_file(work.path().join("in/uusi.csv")).unwrap();
    work.teema_ok(&["run", "in", "--out", "out", "-q", "--timings", "t3.json"]);
    assert_eq!(timings(&work, "t3.json")["cache"]["analysed"], 0);
    work.teema_ok(&["run", "in", "--out", "fresh2", "-q", "--no-cache"]);
    same_outputs(&work, "out", "fresh2");
    let gone = work.teema(&["search", "out", "kvanttimoderointi"]);
    assert_eq!(gone.status.code(), Some(1), "no answer matches any more");
}

#[test]
fn a_broken_cache_means_a_full_run() {
    let work = Workdir::new();
    work.teema_ok(&["run", corpus_dir().to_str().unwrap(), "--out", "out", "-q"]);
    let cache = work.path().join("out/cache/teema-cache.bin");
    let bytes = std::fs::read(&cache).unwrap();
    std::fs::write(&cache, &bytes[..bytes.len() / 2]).unwrap();
    work.teema_ok(&[
        "run",
        corpus_dir().to_str().unwrap(),
        "--out",
        "out",
        "-q",
        "--timings",
        "t.json",
    ]);
    let t = timings(&work, "t.json");
    assert_eq!(t["cache"]["found"], false);
    assert_eq!(t["cache"]["index_rebuilt"], true);
    let stages: Vec<&str> = t["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        ["ingest", "analyse", "cluster", "report", "write", "index"]
    );
    assert!(t["stages"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["seconds"].as_f64().unwrap() >= 0.0));
    work.teema_ok(&[
        "run",
        corpus_dir().to_str().unwrap(),
        "--out",
        "fresh",
        "-q",
    ]);
    same_outputs(&work, "out", "fresh");
}

/// A survey of `n` answers to one question, each two or three sentences of the team corpus's
/// first question, picked by a fixed linear congruential sequence.
fn large_survey(n: usize) -> String {
    let text = std::fs::read_to_string(corpus_dir().join("kysely_2026.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let sentences: Vec<String> = reader
        .records()
        .filter_map(|r| r.ok()?.get(4).map(str::to_string))
        .flat_map(|a| {
            a.split(['.', '!', '?'])
                .map(str::trim)
                .filter(|s| s.len() > 3)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut state: u64 = 42;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % m
    };
    let mut out = String::from("Vastaaja;Mikä on suurin haasteesi?\n");
    for i in 0..n {
        let parts: Vec<&str> = (0..2 + next(2))
            .map(|_| sentences[next(sentences.len())].as_str())
            .collect();
        out.push_str(&format!(
            "G{i:05};\"{}\"\n",
            parts.join(". ").replace('"', "")
        ));
    }
    out
}

fn run_with_threads(work: &Workdir, threads: &str, out: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_teema"))
        .args(["run", "in", "--out", out, "-q", "--no-cache"])
        .env("TEEMA_THREADS", threads)
        .current_dir(work.path())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn one_thread_or_two_give_the_same_bytes_on_a_sampled_run() {
    // 6,000 answers: analysed in two shares, and k-means tried on a 2,000-answer sample,
    // refined on all and every answer assigned.
    let work = Workdir::new();
    work.write("in/iso.csv", large_survey(6000));
    run_with_threads(&work, "1", "one");
    run_with_threads(&work, "2", "two");
    same_outputs(&work, "one", "two");
    let themes: serde_json::Value = serde_json::from_str(&work.read("two/themes.json")).unwrap();
    assert_eq!(themes["counts"]["answers"], 6000);
    let named = themes["themes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["named"] == true && t["count"].as_u64().unwrap() > 100)
        .count();
    assert!(named >= 2, "the named themes are found at this size too");
    assert!(Path::new(&work.path().join("two/index/meta.json")).exists());
}
