use super::*;

fn ingest_bytes(name: &str, bytes: &[u8], opts: &IngestOptions) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    ingest(dir.path(), opts).unwrap()
}

fn ids(c: &Corpus) -> Vec<&str> {
    c.answers.iter().map(|a| a.id.as_str()).collect()
}

/// (source, status) of every file report.
fn statuses(c: &Corpus) -> Vec<(&str, FileStatus)> {
    c.files
        .iter()
        .map(|f| (f.source.as_str(), f.status))
        .collect()
}

/// Every row of every file is counted exactly once.
fn assert_accounted(c: &Corpus) {
    for f in &c.files {
        assert_eq!(
            f.ingested + f.empty + f.duplicate + f.skipped,
            f.rows,
            "{f:?}"
        );
    }
    let skipped: usize = c.files.iter().map(|f| f.skipped).sum();
    assert_eq!(skipped, c.skipped.len());
}

#[test]
fn finnish_excel_csv_with_bom_and_semicolons() {
    let csv = "\u{feff}Vastaajan tunnus;Rooli;Mikä on suurin haasteesi?\r\nV1;Somevastaava;Ei ole aikaa, kaikki on kiireistä\r\nV2;Yrittäjä;\"Johto ei ymmärrä; arvostus puuttuu\"\r\n";
    let c = ingest_bytes("kysely.csv", csv.as_bytes(), &IngestOptions::default());
    assert_eq!(c.answers.len(), 2);
    let a = &c.answers[1];
    assert_eq!(a.id, "V2");
    assert_eq!(a.row, 3);
    assert_eq!(&*a.source, "kysely.csv");
    assert_eq!(&*a.question, "Mikä on suurin haasteesi?");
    assert_eq!(a.text, "Johto ei ymmärrä; arvostus puuttuu");
    assert_eq!(&*a.meta, [("Rooli".into(), "Yrittäjä".into())]);
    assert_eq!(c.meta_columns, [Arc::<str>::from("Rooli")]);
    let f = &c.files[0];
    assert_eq!(f.encoding.as_deref(), Some("UTF-8 with BOM"));
    assert_eq!(f.delimiter.as_deref(), Some(";"));
    assert_eq!(f.layout.as_deref(), Some("one header row"));
    let roles: Vec<Role> = f.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles, [Role::Id, Role::Meta, Role::Text]);
}

#[test]
fn wide_export_gives_one_answer_per_non_empty_question() {
    let csv = "id,koko,Haasteet,Mittaaminen\n1,10-49,Aikaa ei ole tarpeeksi mihinkään,Seuraamme tykkäyksiä ja jakoja\n2,1-9,Johto ei arvosta tätä työtä,\n3,1-9,,\n";
    let c = ingest_bytes("a.csv", csv.as_bytes(), &IngestOptions::default());
    assert_eq!(ids(&c), ["1.q1", "1.q2", "2.q1"]);
    assert_eq!(&*c.answers[1].question, "Mittaaminen");
    let f = &c.files[0];
    assert_eq!((f.rows, f.ingested, f.empty, f.answers), (3, 2, 1, 3));
    assert_accounted(&c);
}

#[test]
fn no_id_column_gives_file_and_row() {
    let csv = "vastaus\nkiire on aina ja joka päivä\n";
    let c = ingest_bytes("x.csv", csv.as_bytes(), &IngestOptions::default());
    assert_eq!(c.answers[0].id, "x.csv:2");
}

#[test]
fn column_option_by_name_and_missing_name() {
    let csv = "id;a;b\n1;kissa istuu puussa;koira haukkuu pihalla\n";
    let opts = IngestOptions {
        columns: vec!["B".to_string()],
        ..IngestOptions::default()
    };
    let c = ingest_bytes("x.csv", csv.as_bytes(), &opts);
    assert_eq!(c.answers[0].text, "koira haukkuu pihalla");
    let opts = IngestOptions {
        columns: vec!["puuttuu".to_string()],
        ..IngestOptions::default()
    };
    let c = ingest_bytes("x.csv", csv.as_bytes(), &opts);
    assert!(c.answers.is_empty());
    assert_eq!(c.files[0].status, FileStatus::Failed);
    assert!(c.files[0]
        .reason
        .as_deref()
        .unwrap()
        .contains("no column \"puuttuu\""));
}

#[test]
fn bad_rows_are_skipped_with_reasons() {
    let bytes = b"id,text\n1,hyvin menee kaikki\n2,\xff\xfe rikki\n3,a,b,c\n;;\n,\n4,ok vastaus on t\xc3\xa4ss\xc3\xa4\n";
    let c = ingest_bytes("x.csv", bytes, &IngestOptions::default());
    let texts: Vec<&str> = c.answers.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["hyvin menee kaikki", "ok vastaus on tässä"]);
    let skipped: Vec<(usize, &str)> = c
        .skipped
        .iter()
        .map(|s| (s.row, s.reason.as_str()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert_eq!(skipped[0].0, 3);
    assert!(skipped[0].1.contains("UTF-8"));
    assert_eq!(skipped[1].0, 4);
    assert!(skipped[1].1.contains("4 fields"));
    let f = &c.files[0];
    assert_eq!((f.rows, f.ingested, f.empty, f.skipped), (6, 2, 2, 2));
    assert_accounted(&c);
}

#[test]
fn jsonl_json_and_text() {
    let jsonl = "{\"id\": \"a\", \"vastaus\": \"Ajanpuute on suurin ongelma\"}\nnot json\n\n{\"id\": 7, \"vastaus\": \"arvostusta ei ole\"}\n[1]\n";
    let c = ingest_bytes("x.jsonl", jsonl.as_bytes(), &IngestOptions::default());
    assert_eq!(ids(&c), ["a", "7"]);
    assert_eq!(c.answers[1].row, 4);
    assert_eq!(c.skipped[0].row, 2);
    assert!(c.skipped[1].reason.contains("an array, not an object"));
    assert_accounted(&c);

    let json = r#"{"responses": [{"id": "j1", "v": {"teksti": "Mittaaminen on vaikeaa meillä", "kanava": "verkko"}}, 3]}"#;
    let c = ingest_bytes("x.json", json.as_bytes(), &IngestOptions::default());
    assert_eq!(c.answers[0].text, "Mittaaminen on vaikeaa meillä");
    assert_eq!(&*c.answers[0].question, "v.teksti");
    assert_eq!(c.skipped[0].reason, "item 2 is a number, not an object");

    let c = ingest_bytes(
        "x.txt",
        "eka rivi\n\n  toka rivi \n".as_bytes(),
        &IngestOptions::default(),
    );
    let got: Vec<(String, usize, String, String)> = c
        .answers
        .iter()
        .map(|a| (a.id.clone(), a.row, a.question.to_string(), a.text.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("x.txt:1".into(), 1, "x".into(), "eka rivi".into()),
            ("x.txt:3".into(), 3, "x".into(), "toka rivi".into())
        ]
    );
}

#[test]
fn skipped_and_failed_files_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kuva.png"), b"\x89PNG").unwrap();
    std::fs::write(dir.path().join(".hidden.csv"), b"id,text\n1,x\n").unwrap();
    std::fs::write(dir.path().join("~$kysely.xlsx"), b"\x0bMaija").unwrap();
    std::fs::write(dir.path().join("rikki.csv"), b"\x00\x01\x02\x03").unwrap();
    std::fs::write(dir.path().join("ok.txt"), "vastaus").unwrap();
    let c = ingest(dir.path(), &IngestOptions::default()).unwrap();
    assert_eq!(
        statuses(&c),
        [
            (".hidden.csv", FileStatus::Skipped),
            ("kuva.png", FileStatus::Skipped),
            ("ok.txt", FileStatus::Read),
            ("rikki.csv", FileStatus::Failed),
            ("~$kysely.xlsx", FileStatus::Skipped),
        ]
    );
    assert!(c.files[3].reason.as_deref().unwrap().contains("binary"));
    assert!(c.files[4].reason.as_deref().unwrap().contains("lock file"));
    assert_eq!(c.answers.len(), 1);
}

#[test]
fn duplicates_files_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let a = "id;vastaus\nV1;Aikaa ei ole\nV2;Johto ei arvosta\n";
    std::fs::write(dir.path().join("a.csv"), a).unwrap();
    std::fs::write(dir.path().join("b.csv"), a).unwrap();
    std::fs::write(
        dir.path().join("c.csv"),
        "id;vastaus\nV1;Aikaa ei ole\nV2;Nyt arvostetaan\nV3;Aikaa ei ole\n",
    )
    .unwrap();
    let c = ingest(dir.path(), &IngestOptions::default()).unwrap();
    assert_eq!(c.files[1].status, FileStatus::Duplicate);
    assert_eq!((c.files[1].rows, c.files[1].duplicate), (2, 2));
    let f = &c.files[2];
    assert_eq!((f.rows, f.ingested, f.duplicate), (3, 2, 1));
    // V2 answered again with other words: a new answer under a distinct id.
    assert_eq!(ids(&c), ["V1", "V2", "V2@c.csv:3", "V3"]);
    assert_accounted(&c);
}

#[test]
fn empty_files_and_header_only_exports_are_read_with_no_rows() {
    let cases: [(&str, &[u8]); 8] = [
        ("x.csv", b""),
        ("x.csv", b"id;vastaus\r\n"),
        ("x.csv", b"\xEF\xBB\xBF"),
        ("x.tsv", b"\n\n"),
        ("x.json", b"[]"),
        ("x.jsonl", b"\n"),
        ("x.txt", b""),
        ("x.md", b"# Vain otsikko\n\n"),
    ];
    for (name, bytes) in cases {
        let c = ingest_bytes(name, bytes, &IngestOptions::default());
        let f = &c.files[0];
        assert_eq!(
            (f.status, f.rows),
            (FileStatus::Read, 0),
            "{name} {bytes:?}"
        );
        assert!(f.warnings[0].contains("no data rows"), "{name} {bytes:?}");
    }
    let c = ingest_bytes("x.json", b"", &IngestOptions::default());
    assert_eq!(c.files[0].reason.as_deref(), Some("the file is empty"));
}

#[test]
fn long_fields_are_skipped() {
    let long = "a".repeat(2 << 20);
    let csv = format!("id,vastaus\n1,{long}\n2,lyhyt vastaus\n");
    let c = ingest_bytes("x.csv", csv.as_bytes(), &IngestOptions::default());
    assert_eq!(ids(&c), ["2"]);
    assert!(c.skipped[0].reason.contains("field 2 is 2.0 MB"));
}

#[test]
fn mojibake_is_reported() {
    let text = "id,vastaus\n1,Ajan puute ja johdon tuki\n2,Meill\u{c3}\u{a4} ei ole aikaa\n";
    let c = ingest_bytes("x.csv", text.as_bytes(), &IngestOptions::default());
    assert!(c.files[0].warnings[0].contains("double-encoded"));
    assert!(c.files[0].warnings[0].contains("row 3"));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Bytes that look a little like survey exports: delimiters, quotes, line breaks, BOMs,
    /// Finnish letters in UTF-8 and Windows-1252, NULs, JSON punctuation, and anything else.
    fn export_bytes() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b",".to_vec()),
            Just(b";".to_vec()),
            Just(b"\t".to_vec()),
            Just(b"|".to_vec()),
            Just(b"\"".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just(b"\xFF\xFE".to_vec()),
            Just(b"\xFE\xFF".to_vec()),
            Just("ä".as_bytes().to_vec()),
            Just(b"\xE4\xF6".to_vec()),
            Just(b"\0".to_vec()),
            Just(b"{\"id\": ".to_vec()),
            Just(b"}".to_vec()),
            Just(b"[".to_vec()),
            Just(b"{\"ImportId\":\"QID1\"}".to_vec()),
            Just(b"Response".to_vec()),
            Just(b"id".to_vec()),
            Just(b"# ".to_vec()),
            Just(b"12".to_vec()),
            "[a-zäö ]{1,12}".prop_map(String::into_bytes),
            proptest::collection::vec(any::<u8>(), 1..8),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|p| p.concat())
    }

    fn check(name: &str, bytes: &[u8], opts: &IngestOptions) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let c = ingest(dir.path(), opts).unwrap();
        for f in &c.files {
            let reason = f.reason.as_deref().unwrap_or("");
            assert!(!reason.contains("a bug in teema"), "{name}: {reason}");
        }
        assert_accounted(&c);
        let rows = c.row_counts();
        assert!(c.answers.len() >= rows.ingested);
    }

    proptest! {
        // 256 cases each by default; PROPTEST_CASES=100000 for a long run.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn on_export_like_bytes(
            bytes in export_bytes(),
            ext in prop::sample::select(vec!["csv", "tsv", "txt", "md", "json", "jsonl", "xlsx", "ods"]),
            paragraphs in any::<bool>(),
        ) {
            let opts = IngestOptions { paragraphs, ..IngestOptions::default() };
            check(&format!("x.{ext}"), &bytes, &opts);
        }

        #[test]
        fn on_arbitrary_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..2048),
            ext in prop::sample::select(vec!["csv", "txt", "json", "jsonl", "xlsx", "xls", "ods"]),
        ) {
            check(&format!("x.{ext}"), &bytes, &IngestOptions::default());
        }

        /// A real workbook with some bytes changed: gets past the zip check into calamine.
        #[test]
        fn on_damaged_workbooks(
            flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        ) {
            let mut bytes = include_bytes!("../../tests/fixtures/exports/kysely.xlsx").to_vec();
            for (at, value) in flips {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            check("x.xlsx", &bytes, &IngestOptions::default());
        }
    }
}

#[cfg(unix)]
#[test]
fn links_to_folders_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/a.txt"), "kiire on\n").unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("sub/ylos")).unwrap();
    let c = ingest(dir.path(), &IngestOptions::default()).unwrap();
    assert_eq!(
        statuses(&c),
        [
            ("sub/a.txt", FileStatus::Read),
            ("sub/ylos", FileStatus::Skipped)
        ]
    );
}

#[test]
fn json_keeps_key_order_and_both_colliding_keys() {
    let json = r#"[{"id": "j1", "vastaus": "Kiire on kova", "a.b": "eka", "a": {"b": "toka"}}]"#;
    let c = ingest_bytes("x.json", json.as_bytes(), &IngestOptions::default());
    let names: Vec<&str> = c.files[0].columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "vastaus", "a.b", "a.b (2)"]);
    let meta: Vec<(&str, &str)> = c.answers[0]
        .meta
        .iter()
        .map(|(k, v)| (&**k, &**v))
        .collect();
    assert_eq!(meta, [("a.b", "eka"), ("a.b (2)", "toka")]);
}

#[test]
fn header_mistakes_do_not_eat_data_rows() {
    let cases: [(&str, &str, usize); 5] = [
        // Invalid UTF-8 in the header: still the header.
        ("a.csv", "nimi,vastaus\u{fffd},tiimi\nMaija,Kiire on liian kova täällä,A\nPekka,Johto ei kuuntele meitä,B\n", 2),
        // A first data row with `Response` in it is not a SurveyMonkey header.
        ("b.csv", "nimi,tyyppi,vastaus\nMaija,Response,Kiire on liian kova\nPekka,Other,Johto ei kuuntele\n", 2),
        // Headerless rows with one filled cell are data, not title rows.
        ("c.csv", "101,,\n102,,\n103,Kiire on liian kova,A\n104,Johto ei kuuntele,B\n", 4),
        // One named column over a wider table is the header, not a title.
        ("d.csv", "Vastaus,,\nKiire on liian kova,A,x\nJohto ei kuuntele,B,y\n", 2),
        // A numeric column name is still a header.
        ("e.csv", "id,2025,tiimi\n1,Kiire on liian kova,A\n2,Johto ei kuuntele,B\n", 2),
    ];
    for (name, text, rows) in cases {
        let bytes = text.replace('\u{fffd}', "\u{0}").into_bytes();
        let bytes: Vec<u8> = bytes
            .into_iter()
            .map(|b| if b == 0 { 0xff } else { b })
            .collect();
        let c = ingest_bytes(name, &bytes, &IngestOptions::default());
        assert_eq!(c.files[0].rows, rows, "{name}: {:?}", c.files[0]);
        assert_accounted(&c);
        if name == "a.csv" {
            assert_eq!(c.files[0].encoding.as_deref(), Some("UTF-8"));
            assert_eq!(c.files[0].columns[0].name, "nimi");
            assert!(c.files[0].warnings[0].contains("header row is not valid UTF-8"));
        }
    }
}

#[test]
fn a_copy_of_a_workbook_counts_the_rows_of_all_its_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let book = include_bytes!("../../tests/fixtures/exports/kysely.xlsx");
    std::fs::create_dir(dir.path().join("kopio")).unwrap();
    std::fs::write(dir.path().join("kysely.xlsx"), book).unwrap();
    std::fs::write(dir.path().join("kopio/kysely.xlsx"), book).unwrap();
    let c = ingest(dir.path(), &IngestOptions::default()).unwrap();
    // The walk reads kopio/ first, so the file at the top is the duplicate.
    let copy = c.files.last().unwrap();
    assert_eq!(
        (copy.source.as_str(), copy.status, copy.rows, copy.duplicate),
        ("kysely.xlsx", FileStatus::Duplicate, 7, 7),
        "4 + 3 rows on two sheets"
    );
    assert_eq!(
        copy.reason.as_deref(),
        Some("the same bytes as kopio/kysely.xlsx")
    );
}

#[test]
fn encoding_option_overrides_the_binary_check() {
    // UTF-16 without a BOM, too short to be recognised: its zero bytes look binary.
    let bytes: Vec<u8> = "v\nä\nö\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let c = ingest_bytes("x.txt", &bytes, &IngestOptions::default());
    assert_eq!(c.files[0].status, FileStatus::Failed);
    assert!(c.files[0]
        .reason
        .as_deref()
        .unwrap()
        .contains("give --encoding"));
    let opts = IngestOptions {
        encoding: Some(encoding_rs::UTF_16LE),
        ..IngestOptions::default()
    };
    let c = ingest_bytes("x.txt", &bytes, &opts);
    let texts: Vec<&str> = c.answers.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["v", "ä", "ö"]);
}
