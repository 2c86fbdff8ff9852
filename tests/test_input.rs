//! `teema run` on small hand-made folders: hostile fields, bad rows, options and errors.

use crate::util::{corpus_dir, field, read_csv, Workdir};

#[test]
fn formulas_in_answers_are_neutralised_in_responses_csv() {
    let work = Workdir::new();
    work.write(
        "in/kysely.csv",
        "id;rooli;vastaus\n\
         1;=2+3;\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"klikkaa\"\")\"\n\
         2;Somevastaava;+1 ajanpuutteelle ja kiireelle\n\
         3;Yrittäjä;@johto arvostakaa meidän työtä\n\
         4;Yrittäjä;-ei ole aikaa mihinkään-\n\
         5;Yrittäjä;Tavallinen vastaus ilman kaavoja\n",
    );
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let raw = work.read("out/responses.csv");
    assert!(raw.starts_with('\u{feff}'), "BOM for Excel");
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    let texts: Vec<&str> = rows.iter().map(|r| field(&header, r, "text")).collect();
    assert_eq!(
        texts,
        [
            "'=HYPERLINK(\"http://example.invalid\",\"klikkaa\")",
            "'+1 ajanpuutteelle ja kiireelle",
            "'@johto arvostakaa meidän työtä",
            "'-ei ole aikaa mihinkään-",
            "Tavallinen vastaus ilman kaavoja",
        ]
    );
    assert_eq!(field(&header, &rows[0], "rooli"), "'=2+3", "metadata too");
    for r in &rows {
        for f in r {
            assert!(!f.starts_with(['=', '+', '-', '@']), "unsafe field {f:?}");
        }
    }
}

#[test]
fn bad_rows_and_files_are_reported_and_counted() {
    let work = Workdir::new();
    work.write(
        "in/a.csv",
        b"id,vastaus\n1,Ei ole aikaa tehd\xc3\xa4 kunnolla\n2,rikki \xff\xfe teksti\n3,liikaa,kentti\xc3\xa4,t\xc3\xa4ss\xc3\xa4\n,\n4,Johto ei arvosta\n",
    );
    work.write(
        "in/b.jsonl",
        "{\"id\": \"j1\", \"vastaus\": \"Mittaaminen on vaikeaa\"}\n{rikki\n[1, 2]\n",
    );
    work.write("in/sub/c.txt", "Kiire\n\nTykkäykset ja kommentit\n");
    work.write("in/kuva.png", b"\x89PNG\r\n");
    work.write("in/.piilo.csv", "id,vastaus\n1,ei lueta\n");
    let out = work.teema_ok(&["run", "in", "--out", "out"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "a.csv:3: skipped row: not valid UTF-8",
        "a.csv:4: skipped row: 4 fields but the table has 2 columns",
        "b.jsonl:2: skipped row: invalid JSON",
        "b.jsonl:3: skipped row: the line is an array, not an object",
        "rows: 5 ingested, 1 empty, 0 duplicate, 4 skipped",
        "files: 3 read, 0 duplicate, 2 skipped, 0 unreadable",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(!stderr.contains("piilo"), "hidden files are not read");
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let c = &json["counts"];
    assert_eq!(c["rows_read"], 5 + 3 + 2);
    assert_eq!(c["rows_skipped"], 4);
    assert_eq!(c["rows_empty"], 1);
    assert_eq!(c["rows_ingested"], 5);
    assert_eq!(c["answers"], 5);
    assert_eq!(c["files_skipped"], 2);
    assert_eq!(json["skipped"].as_array().unwrap().len(), 4);
    let (sh, srows) = read_csv(&work.path().join("out/skipped.csv"));
    assert_eq!(sh, ["file", "row", "reason"]);
    let skipped: Vec<String> = srows.iter().map(|r| r[..2].join(":")).collect();
    assert_eq!(
        skipped,
        [
            ".piilo.csv:",
            "a.csv:3",
            "a.csv:4",
            "b.jsonl:2",
            "b.jsonl:3",
            "kuva.png:"
        ]
    );
    assert_eq!(srows[0][2], "file skipped: hidden file");
    assert!(srows[5][2].starts_with("file skipped: not a survey export"));
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    let cites: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} {}:{}",
                field(&header, r, "id"),
                field(&header, r, "source"),
                field(&header, r, "row")
            )
        })
        .collect();
    assert_eq!(
        cites,
        [
            "1 a.csv:2",
            "4 a.csv:6",
            "j1 b.jsonl:1",
            "sub/c.txt:1 sub/c.txt:1",
            "sub/c.txt:3 sub/c.txt:3"
        ]
    );
}

#[test]
fn a_folder_without_answers_is_an_error_naming_it() {
    let work = Workdir::new();
    work.write("tyhja/lueminut.png", b"x");
    let stderr = work.teema_err(&["run", "tyhja", "--out", "out"]);
    assert!(stderr.contains("tyhja: no answers found"), "{stderr}");
    assert!(
        stderr.contains("lueminut.png: not a survey export teema reads (.png)"),
        "{stderr}"
    );
    let stderr = work.teema_err(&["run", "puuttuu", "--out", "out"]);
    assert!(
        stderr.contains("puuttuu: no such file or folder"),
        "{stderr}"
    );
}

#[test]
fn column_option_k_and_a_custom_themes_file() {
    let work = Workdir::new();
    work.write(
        "teemat.toml",
        "[[theme]]\nkey = \"moderation\"\nlabel_fi = \"Moderointi\"\nlabel_en = \"Moderation\"\n\
         seeds = [\"moderointi\", \"trollit\", \"vihapuhe\", \"häirikkö\", \"asiattomat kommentit\"]\n",
    );
    let corpus = corpus_dir();
    work.teema_ok(&[
        "run",
        corpus.to_str().unwrap(),
        "--out",
        "out",
        "-q",
        "-k",
        "6",
        "--themes",
        "teemat.toml",
        "--column",
        "Mikä on suurin haasteesi yhteisömanagerina?",
    ]);
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    assert_eq!(json["parameters"]["k"], 6);
    assert_eq!(
        json["counts"]["answers"], json["counts"]["rows_ingested"],
        "one question only"
    );
    let keys: Vec<&str> = json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"moderation"), "{keys:?}");
    assert!(
        !keys.contains(&"time_shortage"),
        "the file replaces the defaults: {keys:?}"
    );
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    assert_eq!(
        field(&header, &rows[0], "id"),
        "V001",
        "single question: the respondent id"
    );
}

#[test]
fn an_invalid_themes_file_names_the_file() {
    let work = Workdir::new();
    work.write("in/a.txt", "Kiire on\n");
    work.write(
        "huono.toml",
        "[[theme]]\nkey = \"other\"\nlabel_fi = \"x\"\nlabel_en = \"x\"\nseeds = [\"x\"]\n",
    );
    let stderr = work.teema_err(&["run", "in", "--out", "out", "--themes", "huono.toml"]);
    assert!(
        stderr.contains("huono.toml: invalid themes file"),
        "{stderr}"
    );
    assert!(stderr.contains("reserved"), "{stderr}");
}

#[test]
fn refuses_to_overwrite_a_folder_that_is_not_an_index() {
    let work = Workdir::new();
    work.write("in/a.txt", "Kiire on\nJohto ei arvosta\n");
    work.write("out/index/tärkeä.docx", "x");
    let stderr = work.teema_err(&["run", "in", "--out", "out"]);
    assert!(stderr.contains("not a teema index"), "{stderr}");
    assert!(work.path().join("out/index/tärkeä.docx").exists());
}
