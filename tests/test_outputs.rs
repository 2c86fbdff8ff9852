//! The output folder stays whole: a run stopped at any point (killed, or failing as on a full
//! disk) leaves the previous complete files and a working index; one run at a time; a damaged
//! cache is no cache.

use std::path::Path;
use std::process::Command;

use crate::util::{corpus_dir, Workdir};

const OUTPUTS: [&str; 6] = [
    "summary.md",
    "themes.json",
    "responses.csv",
    "segments.csv",
    "skipped.csv",
    "report.xlsx",
];

/// Where a run can be stopped (`TEEMA_FAULT`), in the order it passes them.
const POINTS: [&str; 6] = [
    "reports-staged",
    "index-commit",
    "index-built",
    "swap-index",
    "commit-file",
    "before-cache",
];

const NEW_EXPORT: &str = "Vastaajan tunnus;Mikä on suurin haasteesi yhteisömanagerina?\n\
    U1;Kvanttimoderointi vie kaiken ajan, ei ehdi muuta\n\
    U2;Johto ei arvosta, kvanttimoderointi on näkymätöntä työtä\n\
    U3;Ei ole aikaa mittaamiseen\n";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn outputs(dir: &Path) -> Vec<Vec<u8>> {
    OUTPUTS
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect()
}

fn run_with_fault(work: &Workdir, out: &str, fault: &str, cache: bool) -> std::process::Output {
    let mut args = vec!["run", "in2", "--out", out, "-q"];
    if !cache {
        args.push("--no-cache");
    }
    Command::new(env!("CARGO_BIN_EXE_teema"))
        .args(&args)
        .env("TEEMA_FAULT", fault)
        .current_dir(work.path())
        .output()
        .unwrap()
}

#[test]
fn a_run_stopped_at_any_point_leaves_whole_outputs_and_a_working_index() {
    let work = Workdir::new();
    // The first 150 lines of the corpus: 18 stopped runs and their reruns stay quick.
    let corpus = std::fs::read_to_string(corpus_dir().join("kysely_2026.csv")).unwrap();
    let corpus: String = corpus.lines().take(150).map(|l| format!("{l}\n")).collect();
    work.write("in/kysely_2026.csv", &corpus);
    work.write("in2/kysely_2026.csv", &corpus);
    work.write("in2/uusi.csv", NEW_EXPORT);
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    work.teema_ok(&["run", "in2", "--out", "fresh", "-q", "--no-cache"]);
    let old = outputs(&work.path().join("out"));
    let new = outputs(&work.path().join("fresh"));

    let mut stopped = std::collections::BTreeSet::new();
    for point in POINTS {
        for (fault, cache) in [
            (point.to_string(), true),
            (point.to_string(), false),
            (format!("{point}:error"), false),
        ] {
            let name = format!("out-{}-{cache}", fault.replace(':', "-"));
            let dir = work.path().join(&name);
            copy_dir(&work.path().join("out"), &dir);
            let run = run_with_fault(&work, &name, &fault, cache);
            if !run.status.success() {
                stopped.insert(point);
            }
            if fault.ends_with(":error") && !run.status.success() {
                assert_eq!(run.status.code(), Some(2), "{fault}");
                let stderr = String::from_utf8_lossy(&run.stderr);
                assert!(stderr.contains("TEEMA_FAULT"), "{fault}: {stderr}");
            }
            // Every file is whole: the previous run's or this one's.
            for (i, bytes) in outputs(&dir).iter().enumerate() {
                assert!(
                    *bytes == old[i] || *bytes == new[i],
                    "{fault} (cache {cache}): {} is neither the old nor the new one",
                    OUTPUTS[i]
                );
            }
            // The index answers, with the previous documents or the new ones.
            let found = work.teema(&["search", &name, "moderointi"]);
            assert_eq!(
                found.status.code(),
                Some(0),
                "{fault} (cache {cache}): {}",
                String::from_utf8_lossy(&found.stderr)
            );
            // The next run puts everything right.
            work.teema_ok(&["run", "in2", "--out", &name, "-q"]);
            assert!(outputs(&dir) == new, "{fault}: the next run's outputs");
            assert!(!dir.join(".teema-staging").exists());
            assert!(!dir.join(".teema-old-index").exists());
            let hits = work.teema_ok(&["search", &name, "kvanttimoderointi"]);
            assert!(String::from_utf8_lossy(&hits.stdout).contains("U1"));
        }
    }
    assert_eq!(
        stopped.len(),
        POINTS.len(),
        "every point stops a run: {stopped:?}"
    );
}

#[test]
fn a_second_run_into_a_locked_folder_stops_with_a_clear_message() {
    let work = Workdir::new();
    let out = work.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let lock = std::fs::File::create(out.join(".teema.lock")).unwrap();
    lock.lock().unwrap();
    let err = work.teema_err(&["run", corpus_dir().to_str().unwrap(), "--out", "out", "-q"]);
    assert!(err.contains("another teema run"), "{err}");
    assert!(!out.join("summary.md").exists());
    lock.unlock().unwrap();
    work.teema_ok(&["run", corpus_dir().to_str().unwrap(), "--out", "out", "-q"]);
    assert!(out.join("summary.md").exists());
}

#[test]
fn a_changed_byte_in_the_cache_means_a_full_run_with_a_fresh_runs_results() {
    let work = Workdir::new();
    let corpus = corpus_dir();
    let corpus = corpus.to_str().unwrap();
    work.teema_ok(&["run", corpus, "--out", "out", "-q"]);
    work.teema_ok(&["run", corpus, "--out", "fresh", "-q"]);
    let cache = work.path().join("out/cache/teema-cache.bin");
    let mut bytes = std::fs::read(&cache).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&cache, &bytes).unwrap();
    work.teema_ok(&["run", corpus, "--out", "out", "-q", "--timings", "t.json"]);
    let t: serde_json::Value = serde_json::from_str(&work.read("t.json")).unwrap();
    assert_eq!(t["cache"]["found"], false, "{t}");
    assert!(outputs(&work.path().join("out")) == outputs(&work.path().join("fresh")));
}
