//! Issue 14, "nothing lost", column detection: open questions are not taken as metadata,
//! metadata is not taken as text, and every column's role comes with its reason in the run's
//! output and in `teema inspect`.

use serde_json::Value;

use crate::util::{field, read_csv, Workdir};

/// (question, text) of every answer in `out/responses.csv`.
fn answers(work: &Workdir) -> Vec<(String, String)> {
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    rows.iter()
        .map(|r| {
            (
                field(&header, r, "question").to_string(),
                field(&header, r, "text").to_string(),
            )
        })
        .collect()
}

/// `name → reason` of the columns of file `i` in `out/themes.json`.
fn reasons(work: &Workdir, i: usize) -> Vec<(String, String)> {
    let json: Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    json["files"][i]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const TOPICS: [&str; 6] = [
    "Kiire on kova eikä aikaa ole koskaan tarpeeksi",
    "Johto ei arvosta yhteisötyötä lainkaan",
    "Mittarit puuttuvat ja raportointi vie aikaa",
    "Yhteisö kasvaa mutta resurssit eivät kasva",
    "Tiimi tukee hyvin ja työ on mielekästä",
    "Kokouksia on liikaa ja ne venyvät",
];

/// A long varied answer for row `i`.
fn answer(i: usize) -> String {
    format!("{} (vastaaja {i})", TOPICS[i % TOPICS.len()])
}

#[test]
fn an_optional_question_answered_mostly_ei_is_text() {
    let work = Workdir::new();
    let mut csv = String::from("id;Mikä on suurin haasteesi?;Muuta kerrottavaa?\n");
    for i in 0..60 {
        let extra = if i % 10 == 0 {
            format!("Toivoisin lisää koulutusta aiheesta {i}")
        } else {
            ["Ei", "-", "En osaa sanoa", "ei"][i % 4].to_string()
        };
        csv.push_str(&format!("V{i};{};{extra}\n", answer(i)));
    }
    work.write("in/kysely.csv", csv);
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let extra: Vec<String> = answers(&work)
        .into_iter()
        .filter(|(q, _)| q == "Muuta kerrottavaa?")
        .map(|(_, t)| t)
        .collect();
    assert!(
        extra.contains(&"Toivoisin lisää koulutusta aiheesta 30".to_string()),
        "{extra:?}"
    );
    let why = reasons(&work, 0);
    assert!(why[2].1.starts_with("text: long varied answers"), "{why:?}");
    assert!(why[2].1.contains("non-answers not counted"), "{why:?}");
}

#[test]
fn a_question_added_mid_survey_is_text() {
    let work = Workdir::new();
    let mut csv = String::from("id,Mikä vie aikaa?,Mitä uutta kokeilit?\n");
    for i in 0..3000 {
        let late = if i >= 2500 {
            format!("Kokeilin uutta työkalua ja se auttoi {i}")
        } else {
            String::new()
        };
        csv.push_str(&format!("R{i},{},{late}\n", answer(i)));
    }
    work.write("in/kysely.csv", csv);
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let late = answers(&work)
        .into_iter()
        .filter(|(q, _)| q == "Mitä uutta kokeilit?")
        .count();
    assert_eq!(late, 500);
}

#[test]
fn a_category_column_is_never_the_text() {
    let work = Workdir::new();
    // Nobody answered the question; the role column is the same on every row.
    work.write(
        "in/tyhja.csv",
        "id,Rooli,Mitä haluat kertoa?\n1,Yhteisömanageri,\n2,Yhteisömanageri,\n\
         3,Yhteisömanageri,\n4,Yhteisömanageri,\n",
    );
    let mut other = String::from("id,vastaus\n");
    for i in 0..5 {
        other.push_str(&format!("{i},{}\n", answer(i)));
    }
    work.write("in/toinen.csv", other);
    let out = work.teema_ok(&["run", "in", "--out", "out"]);
    let texts: Vec<String> = answers(&work).into_iter().map(|a| a.1).collect();
    assert!(!texts.iter().any(|t| t == "Yhteisömanageri"), "{texts:?}");
    assert_eq!(texts.len(), 5);
    let why = reasons(&work, 1);
    assert_eq!(
        why[1],
        (
            "Rooli".to_string(),
            "metadata: the same value in all 4 rows".to_string()
        )
    );
    assert!(
        why[2].1.starts_with("text: named like a question"),
        "{why:?}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tyhja.csv: columns: ")
            && stderr.contains("\"Rooli\" metadata: the same value in all 4 rows"),
        "{stderr}"
    );
    let inspect = work.teema_ok(&["inspect", "in"]);
    let shown = String::from_utf8_lossy(&inspect.stdout);
    assert!(
        shown.contains("Rooli  (metadata: the same value in all 4 rows)"),
        "{shown}"
    );
}

#[test]
fn organisations_and_checkboxes_are_metadata() {
    let work = Workdir::new();
    let mut csv = String::from("id;Organisaatio;Käytetyt työkalut;Mikä on haasteesi?\n");
    let orgs = [
        "Helsingin kaupunki",
        "Tampereen yliopisto",
        "Oulun kaupunki",
    ];
    let tools = [
        "Asiakaspalvelu, Raportointi, Teams-viestit",
        "Raportointi",
        "Teams-viestit, Asiakaspalvelu",
        "Asiakaspalvelu",
    ];
    for i in 0..12 {
        csv.push_str(&format!(
            "{i};{};{};{}\n",
            orgs[i % 3],
            tools[i % 4],
            answer(i)
        ));
    }
    work.write("in/kysely.csv", csv);
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let questions: Vec<String> = answers(&work).into_iter().map(|a| a.0).collect();
    assert_eq!(questions, vec!["Mikä on haasteesi?".to_string(); 12]);
    let why = reasons(&work, 0);
    assert_eq!(
        why[1].1, "metadata: 3 distinct values in 12 rows",
        "{why:?}"
    );
    assert!(
        why[2].1.starts_with("metadata: choices from a list"),
        "{why:?}"
    );
}

#[test]
fn a_one_column_file_without_a_header_keeps_its_first_answer() {
    let work = Workdir::new();
    work.write(
        "in/vastaukset.csv",
        "Kiire on kova eikä aikaa ole koskaan tarpeeksi\n\
         Johto ei arvosta yhteisötyötä lainkaan\n\
         Mittarit puuttuvat ja raportointi vie aikaa\n",
    );
    work.write(
        "in/otsikolla.csv",
        "Palautteet\nYhteisö kasvaa mutta resurssit eivät\nTiimi tukee hyvin\n",
    );
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let texts: Vec<String> = answers(&work).into_iter().map(|a| a.1).collect();
    assert_eq!(
        texts,
        [
            "Yhteisö kasvaa mutta resurssit eivät",
            "Tiimi tukee hyvin",
            "Kiire on kova eikä aikaa ole koskaan tarpeeksi",
            "Johto ei arvosta yhteisötyötä lainkaan",
            "Mittarit puuttuvat ja raportointi vie aikaa",
        ]
    );
    let json: Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let layout = json["files"][1]["layout"].as_str().unwrap();
    assert!(layout.starts_with("no header row (one column;"), "{layout}");
}

#[test]
fn qualtrics_legacy_question_row_is_the_question_not_an_answer() {
    let work = Workdir::new();
    let mut csv = String::from(
        "ResponseID,Q1,Q2\nResponse ID,Mikä vie eniten aikaa?,Mitä muuta haluat sanoa?\n",
    );
    for i in 0..4 {
        csv.push_str(&format!(
            "R_{i}x,{},Ei muuta kuin {}\n",
            answer(i),
            answer(i + 1)
        ));
    }
    work.write("in/qualtrics.csv", csv);
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let got = answers(&work);
    assert_eq!(got.len(), 8, "{got:?}");
    assert!(
        !got.iter().any(|(_, t)| t.starts_with("Mikä vie")),
        "{got:?}"
    );
    assert_eq!(got[0].0, "Mikä vie eniten aikaa?");
}

/// A workbook of two sheets of (id, answer) rows; the second is hidden.
fn workbook_with_hidden_sheet(path: &std::path::Path) {
    use std::io::Write;
    let sheet = |rows: &[(&str, &str)]| {
        let cells: String = rows
            .iter()
            .enumerate()
            .map(|(r, (a, b))| {
                format!(
                    "<row r=\"{n}\"><c r=\"A{n}\" t=\"inlineStr\"><is><t>{a}</t></is></c>\
                     <c r=\"B{n}\" t=\"inlineStr\"><is><t>{b}</t></is></c></row>",
                    n = r + 1
                )
            })
            .collect();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet \
             xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
             <sheetData>{cells}</sheetData></worksheet>"
        )
    };
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let files = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types \
             xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
             <Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
             </Types>"
                .to_string(),
        ),
        (
            "_rels/.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships \
                 xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/>\
                 </Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook \
                 xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"{rel}\">\
                 <sheets><sheet name=\"Vastaukset\" sheetId=\"1\" r:id=\"rId1\"/>\
                 <sheet name=\"Piilossa\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></sheets></workbook>"
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships \
                 xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
                 <Relationship Id=\"rId2\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet2.xml\"/>\
                 </Relationships>"
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            sheet(&[
                ("id", "vastaus"),
                ("A1", "Kiire on kova eikä aikaa ole"),
                ("A2", "Johto ei arvosta yhteisötyötä"),
            ]),
        ),
        (
            "xl/worksheets/sheet2.xml",
            sheet(&[
                ("id", "vastaus"),
                ("B1", "Mittarit puuttuvat kokonaan"),
                ("B2", "Raportointi vie liikaa aikaa"),
            ]),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_hidden_sheet_is_read_with_a_note() {
    let work = Workdir::new();
    std::fs::create_dir_all(work.path().join("in")).unwrap();
    workbook_with_hidden_sheet(&work.path().join("in/kysely.xlsx"));
    let out = work.teema_ok(&["run", "in", "--out", "out"]);
    assert_eq!(answers(&work).len(), 4);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("kysely.xlsx#Piilossa: warning: the sheet \"Piilossa\" is hidden"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("kysely.xlsx#Vastaukset: warning"),
        "{stderr}"
    );
}

#[test]
fn nested_question_answer_json_gives_answers_not_json() {
    let work = Workdir::new();
    work.write(
        "in/typeform.json",
        r#"{"responses": [
            {"id": "r1", "answers": [
                {"q": "Mikä vie eniten aikaa?", "a": "Raportointi ja kokoukset vievät päivän"},
                {"field": {"title": "Mitä toivoisit?"}, "text": "Lisää aikaa yhteisön hoitoon"}]},
            {"id": "r2", "answers": [
                {"question": "Mikä vie eniten aikaa?", "answer": "Kiire on kova joka päivä"},
                {"field": {"title": "Mitä toivoisit?"}, "text": "Johdon tukea ja arvostusta"}]}
        ]}"#,
    );
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let mut got = answers(&work);
    got.sort();
    assert_eq!(
        got,
        [
            ("Mikä vie eniten aikaa?", "Kiire on kova joka päivä"),
            (
                "Mikä vie eniten aikaa?",
                "Raportointi ja kokoukset vievät päivän"
            ),
            ("Mitä toivoisit?", "Johdon tukea ja arvostusta"),
            ("Mitä toivoisit?", "Lisää aikaa yhteisön hoitoon"),
        ]
        .map(|(q, t)| (q.to_string(), t.to_string()))
    );
}

#[test]
fn markdown_structure_is_no_answer_and_a_wrapped_item_is_one() {
    let work = Workdir::new();
    work.write(
        "in/muistiinpanot.md",
        "---\ntitle: Haastattelut\ndate: 2026-03-02\n---\n\
         # Mikä vie aikaa?\n\n\
         - Raportointi vie ison osan\n  viikosta ja kuukaudesta\n\
         - Kokoukset venyvät\n\n\
         | Tiimi | Määrä |\n|---|---|\n| A | 3 |\n\n\
         ---\n\n\
         ```\nkoodia = 1\n```\n\
         Johto ei arvosta työtä\n",
    );
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let got: Vec<String> = answers(&work).into_iter().map(|a| a.1).collect();
    assert_eq!(
        got,
        [
            "Raportointi vie ison osan viikosta ja kuukaudesta",
            "Kokoukset venyvät",
            "Johto ei arvosta työtä",
        ]
    );
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    assert_eq!(field(&header, &rows[0], "row"), "7");
    assert_eq!(field(&header, &rows[2], "row"), "20");
}
