//! Issue 14, "nothing lost": inputs an outside tester found to lose, multiply or hang on, each
//! run through the real binary on files written in a temp dir.

use serde_json::Value;

use crate::util::{field, read_csv, Workdir};

fn json_file(work: &Workdir, name: &str) -> Value {
    serde_json::from_str(&work.read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// (id, row, text) of every answer in `responses.csv` under `out`.
fn answers(work: &Workdir, out: &str) -> Vec<(String, String, String)> {
    let (header, rows) = read_csv(&work.path().join(out).join("responses.csv"));
    rows.iter()
        .map(|r| {
            (
                field(&header, r, "id").to_string(),
                field(&header, r, "row").to_string(),
                field(&header, r, "text").to_string(),
            )
        })
        .collect()
}

/// `file:row: reason` of every line of `skipped.csv` under `out`.
fn skipped(work: &Workdir, out: &str) -> Vec<String> {
    let (_, rows) = read_csv(&work.path().join(out).join("skipped.csv"));
    rows.iter()
        .map(|r| format!("{}:{}: {}", r[0], r[1], r[2]))
        .collect()
}

const SURVEY: &str = "id;vastaus\n\
    1;Kiire on kova eikä aikaa ole koskaan tarpeeksi\n\
    2;Johto ei arvosta yhteisötyötä lainkaan\n\
    3;Mittarit puuttuvat ja raportointi vie aikaa\n";

#[test]
fn an_output_folder_inside_the_input_is_not_read_back() {
    let work = Workdir::new();
    work.write("d/kysely.csv", SURVEY);
    work.teema_ok(&["run", "d", "--out", "d/out", "-q"]);
    let first = answers(&work, "d/out");
    assert_eq!(first.len(), 3);
    // Twice into the same folder, and once more elsewhere: the reports are never answers.
    work.teema_ok(&["run", "d", "--out", "d/out", "-q"]);
    assert_eq!(answers(&work, "d/out"), first);
    work.teema_ok(&["run", "d", "--out", "toinen", "-q"]);
    assert_eq!(answers(&work, "toinen"), first);
    let notes = skipped(&work, "toinen");
    assert!(
        notes
            .iter()
            .any(|s| s.starts_with("out:: file skipped: the output folder of an earlier")),
        "{notes:?}"
    );
    let notes = skipped(&work, "d/out");
    assert!(
        notes
            .iter()
            .any(|s| s.starts_with("out:: file skipped: the output folder of this run")),
        "{notes:?}"
    );
    // The input folder itself as the output folder: teema's files in it are left out.
    work.teema_ok(&["run", "d", "--out", "d", "-q"]);
    work.teema_ok(&["run", "d", "--out", "d", "-q"]);
    assert_eq!(answers(&work, "d"), first);
}
