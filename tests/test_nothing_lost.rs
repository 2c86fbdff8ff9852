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

#[test]
fn a_quote_left_open_does_not_swallow_the_rows_after_it() {
    let work = Workdir::new();
    // Two stray quotes: an even count in the file, yet R4's quote is never closed.
    work.write(
        "in/kysely.csv",
        "id,vastaus\n\
         R1,\"Monirivinen vastaus\n\
         jatkuu tässä, pilkun kanssa\"\n\
         R2,Hän sanoi \"ei ole aikaa ja lähti\n\
         R3,Mittarit puuttuvat kokonaan\n\
         R4,\"Tämä lainaus jää auki ja johto ei arvosta\n\
         R5,Raportointi vie liikaa aikaa\n\
         R6,Yhteisö kasvaa mutta resurssit eivät\n\
         R7,Kiire on kova eikä aikaa ole\n\
         R8,Viimeinen vastaus\n",
    );
    let out = work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let ids: Vec<(String, String)> = answers(&work, "out")
        .into_iter()
        .map(|(id, row, _)| (id, row))
        .collect();
    let expected: Vec<(String, String)> = (1..=8)
        .map(|i| (format!("R{i}"), (i + 1).to_string()))
        .collect();
    assert_eq!(ids, expected);
    let texts = answers(&work, "out");
    assert_eq!(texts[3].2, "Tämä lainaus jää auki ja johto ei arvosta");
    assert_eq!(
        texts[0].2, "Monirivinen vastaus\njatkuu tässä, pilkun kanssa",
        "a real multi-line answer stays whole"
    );
    let json = json_file(&work, "out/themes.json");
    let warnings = json["files"][0]["warnings"].to_string();
    assert!(
        warnings.contains("row 5: a quote opened on this row"),
        "{warnings}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("row 5"), "{stderr}");
}

#[test]
fn one_column_files_keep_every_answer() {
    let work = Workdir::new();
    work.write(
        "in/kysymys.csv",
        "Mitä mieltä olet työstäsi?\n\
         Kiire on kova, mutta työ on kivaa\n\
         Johto ei arvosta, eikä kuuntele\n\
         Hyvä työyhteisö\n",
    );
    work.write(
        "in/vastaus.csv",
        "vastaus\r\nKiire on kova, mutta työ on kivaa\r\nMittarit, raportit ja kokoukset\r\n",
    );
    work.write(
        "in/puolipiste.csv",
        "vastaus\nAikaa ei ole; kiire on jatkuvaa\nJohto; mittarit; raportointi\n",
    );
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let got: Vec<String> = answers(&work, "out").into_iter().map(|a| a.2).collect();
    assert_eq!(
        got,
        [
            "Kiire on kova, mutta työ on kivaa",
            "Johto ei arvosta, eikä kuuntele",
            "Hyvä työyhteisö",
            "Aikaa ei ole; kiire on jatkuvaa",
            "Johto; mittarit; raportointi",
            "Kiire on kova, mutta työ on kivaa",
            "Mittarit, raportit ja kokoukset",
        ]
    );
    let json = json_file(&work, "out/themes.json");
    assert_eq!(json["counts"]["rows_skipped"], 0);
}

#[test]
fn two_surveys_numbered_from_1_are_not_duplicates_of_each_other() {
    let work = Workdir::new();
    work.write(
        "in/kevat.csv",
        "id;vastaus\n1;Kiire on kova\n2;En osaa sanoa\n3;Johto ei arvosta\n",
    );
    work.write(
        "in/syksy.csv",
        "id;vastaus\n1;Mittarit puuttuvat\n2;En osaa sanoa\n3;Raportointi vie aikaa\n",
    );
    work.write("in/tyhja1.csv", "");
    work.write("in/tyhja2.csv", "");
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    assert_eq!(answers(&work, "out").len(), 6);
    let json = json_file(&work, "out/themes.json");
    assert_eq!(json["counts"]["rows_duplicate"], 0);
    let statuses: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["source"], f["status"]))
        .collect();
    assert!(
        statuses.contains(&"\"tyhja2.csv\" \"read\"".to_string()),
        "an empty file is no copy of another: {statuses:?}"
    );
}

/// Runs teema and fails the test if it has not finished within a minute.
fn teema_within_a_minute(work: &Workdir, args: &[&str]) -> std::process::ExitStatus {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_teema"))
        .args(args)
        .current_dir(work.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("teema {args:?} hangs");
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_are_skipped_not_read() {
    let work = Workdir::new();
    work.write("in/kysely.csv", SURVEY);
    std::os::unix::fs::symlink("/dev/zero", work.path().join("in/nollat.csv")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(work.path().join("in/putki.csv"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(teema_within_a_minute(&work, &["inspect", "in"]).success());
    assert!(teema_within_a_minute(&work, &["run", "in", "--out", "out", "-q"]).success());
    assert_eq!(answers(&work, "out").len(), 3);
    let notes = skipped(&work, "out");
    assert!(
        notes
            .iter()
            .any(|s| s.starts_with("nollat.csv:: file skipped: not a regular file")),
        "{notes:?}"
    );
    if made {
        assert!(
            notes
                .iter()
                .any(|s| s.starts_with("putki.csv:: file skipped")),
            "{notes:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_subfolder_is_skipped_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let work = Workdir::new();
    work.write("in/kysely.csv", SURVEY);
    work.write("in/lukittu/salainen.csv", SURVEY);
    let locked = work.path().join("in/lukittu");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let unreadable = std::fs::read_dir(&locked).is_err();
    let out = work.teema(&["run", "in", "--out", "out", "-q"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if !unreadable {
        return; // As root every folder can be read.
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(answers(&work, "out").len(), 3);
    let notes = skipped(&work, "out");
    assert!(
        notes
            .iter()
            .any(|s| s.starts_with("lukittu:: file skipped: cannot read the folder")),
        "{notes:?}"
    );
}

#[test]
fn rows_are_cited_as_excel_shows_them_with_any_line_ends() {
    for end in ["\n", "\r\n", "\r"] {
        let work = Workdir::new();
        let lines = [
            "id;vastaus",
            "R1;Kiire on kova",
            "",
            "R3;Johto ei arvosta",
            "",
            "",
            "R6;\"Mittarit puuttuvat,|ja raportointi vie aikaa\"",
            "R7;Yhteisö kasvaa",
        ];
        let text = lines.join(end).replace('|', end) + end;
        work.write("in/kysely.csv", text);
        work.teema_ok(&["run", "in", "--out", "out", "-q"]);
        let rows: Vec<(String, String)> = answers(&work, "out")
            .into_iter()
            .map(|(id, row, _)| (id, row))
            .collect();
        let expected: Vec<(String, String)> = [("R1", "2"), ("R3", "4"), ("R6", "7"), ("R7", "8")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(rows, expected, "line end {end:?}");
    }
}

#[test]
fn a_second_header_row_is_no_answer() {
    let work = Workdir::new();
    let a = "id;vastaus\nA1;Kiire on kova\nA2;Johto ei arvosta\n";
    let b = "id;vastaus\nB1;Mittarit puuttuvat\n";
    work.write("in/yhdessa.csv", format!("{a}{b}"));
    work.write(
        "in/monkey.csv",
        "Vastaajan tunnus;Mikä kuormittaa?;Muuta?\n;Avoin vastaus;Vastaus\n\
         114;Kiire on kova;Ei muuta\n",
    );
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let texts: Vec<String> = answers(&work, "out").into_iter().map(|a| a.2).collect();
    assert_eq!(
        texts,
        [
            "Kiire on kova",
            "Ei muuta",
            "Kiire on kova",
            "Johto ei arvosta",
            "Mittarit puuttuvat"
        ]
    );
    let notes = skipped(&work, "out");
    assert!(
        notes
            .iter()
            .any(|s| s.starts_with("yhdessa.csv:4: the header row again")),
        "{notes:?}"
    );
}

/// Found by the `ingest` fuzz target: a delimiter between the two bytes of one character
/// (`Ty\xC3,\xB6kalu`) left the record valid UTF-8 as a whole but not field by field, and the
/// reader panicked. The row is now read with the bytes it has, and every other row is kept.
#[test]
fn a_delimiter_inside_a_character_is_no_crash() {
    let work = Workdir::new();
    let mut data = String::from("id,vastaus,rooli\n");
    for i in 1..40 {
        data.push_str(&format!(
            "R{i},Tämä on vastaus numero {i} ja siinä on ääkkösiä,Yhteisömanageri\n"
        ));
    }
    let mut bytes = data.into_bytes();
    bytes.extend_from_slice(b"R40,Ty\xc3,\xb6kalu puuttuu,Somevastaava\n");
    work.write("in/a.csv", &bytes);
    work.teema_ok(&["inspect", "in"]);
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let responses = work.read("out/responses.csv");
    assert!(responses.contains("R39"), "every other row is kept");
}
