//! `report.xlsx` read back with calamine as an analyst's Excel would: the sheets and their
//! headers, every answer of `responses.csv`, hostile answers as strings and never formulas,
//! shares as numbers, the cross-tabs of `--by`, and the same bytes from the same input.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};

use crate::util::{corpus_run, field, read_csv, Workdir};

const QUESTION: &str = "Mikä on suurin haasteesi yhteisömanagerina?";

const HOSTILE: [&str; 4] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "=1+1",
    "+358 ei ole aikaa",
    "@johto ei arvosta työtä",
];

/// A small survey with a background column and hostile answers.
fn survey(work: &Workdir) {
    let answers = [
        "Ei ole aikaa, kiire koko ajan",
        "Aika ei riitä moderointiin",
        "Johto ei arvosta yhteisötyötä",
        "Resurssit ovat liian pienet, budjetti loppuu",
        "Kiire ja liikaa tehtäviä",
        "Mittaaminen on vaikeaa, ei ole työkaluja",
        "Johdon tuki puuttuu",
        "Aikaa ei ole tarpeeksi",
        "Budjetti on pieni eikä tekijöitä ole",
        "Yhteisön aktivointi on vaikeaa",
    ];
    let mut csv = format!("Vastaajan tunnus;Rooli;{QUESTION}\n");
    for (i, a) in answers.iter().chain(&HOSTILE).enumerate() {
        let role = ["Yritys", "Järjestö", "Julkinen"][i % 3];
        csv.push_str(&format!(
            "V{:03};{role};\"{}\"\n",
            i + 1,
            a.replace('"', "\"\"")
        ));
    }
    work.write("in/kysely.csv", csv);
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The number format of the cell in column `col` of the row of `sheet` whose first cell is
/// `first` (`General` when it has none).
fn number_format(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    first: &str,
    col: usize,
) -> String {
    let range = book.worksheet_range(sheet).unwrap();
    let (top, left) = range.start().unwrap();
    let row = range.rows().position(|r| text(&r[0]) == first).unwrap() as u32 + top;
    let styles = book.worksheet_style(sheet).unwrap();
    styles
        .get((row, left + col as u32))
        .and_then(|s| s.number_format.as_ref())
        .map_or("General".to_string(), |f| f.format_code.clone())
}

/// The row of `range` whose first cell is `first`.
fn row_starting<'a>(range: &'a Range<Data>, first: &str) -> Option<&'a [Data]> {
    range.rows().find(|r| text(&r[0]) == first)
}

#[test]
fn the_workbook_has_a_summary_a_sheet_per_question_and_every_answer() {
    let run = corpus_run();
    let out = run.work.path().join("out");
    let mut book = open(&out.join("report.xlsx"));
    let names = book.sheet_names();
    assert_eq!(names[0], "Yhteenveto");
    assert_eq!(names.last().unwrap(), "Vastaukset");
    assert_eq!(names.len(), 6, "{names:?}");
    assert_eq!(names[names.len() - 2], "Sanat", "{names:?}");
    assert!(
        names[1].starts_with("1. Mikä on suurin haasteesi"),
        "{names:?}"
    );
    for name in &names {
        assert!(name.encode_utf16().count() <= 31 && !name.contains(['?', ':', '/']));
    }

    let (header, rows) = read_csv(&out.join("responses.csv"));
    let answers = book.worksheet_range("Vastaukset").unwrap();
    let mut sheet = answers.rows();
    let sheet_header: Vec<String> = sheet.next().unwrap().iter().map(text).collect();
    assert_eq!(
        sheet_header,
        [
            "Tunniste",
            "Lähde",
            "Rivi",
            "Kysymys",
            "Teemat",
            "Klusteri",
            "Perustelu",
            "Vastaus"
        ]
        .iter()
        .map(|s| s.to_string())
        .chain(header[8..].iter().cloned())
        .collect::<Vec<_>>()
    );
    assert_eq!(answers.height(), rows.len() + 1);
    for (csv_row, cells) in rows.iter().zip(sheet) {
        let csv_field = |c| teema::report::csv::undo_excel_safe(field(&header, csv_row, c));
        assert_eq!(text(&cells[0]), csv_field("id"));
        assert_eq!(cells[2], Data::Float(csv_field("row").parse().unwrap()));
        assert_eq!(text(&cells[4]), csv_field("theme"));
        assert_eq!(text(&cells[6]), csv_field("evidence"));
        assert_eq!(text(&cells[7]), csv_field("text"));
        for (i, meta) in header[8..].iter().enumerate() {
            assert_eq!(text(&cells[8 + i]), csv_field(meta));
        }
    }
}

#[test]
fn hostile_answers_are_strings_shares_are_numbers_and_groups_are_compared() {
    let work = Workdir::new();
    survey(&work);
    work.teema_ok(&["run", "in", "--out", "out", "--by", "Rooli", "-q"]);
    let mut book = open(&work.path().join("out/report.xlsx"));
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "Yhteenveto",
            "1. Mikä on suurin haasteesi",
            "Sanat",
            "Sanavertailu",
            "Vastaukset"
        ]
    );

    // Hostile answers read back as the strings they were, and no cell holds a formula.
    let answers = book.worksheet_range("Vastaukset").unwrap();
    let texts: HashMap<String, &Data> = answers
        .rows()
        .skip(1)
        .map(|r| (text(&r[0]), &r[7]))
        .collect();
    for (i, hostile) in HOSTILE.iter().enumerate() {
        let id = format!("V{:03}", 11 + i);
        assert_eq!(texts[&id], &Data::String(hostile.to_string()), "{id}");
    }
    for name in &names {
        let formulas = book.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} holds a formula"
        );
    }

    // The question's themes: shares are numbers between 0 and 1, next to their counts.
    let sheet = book.worksheet_range(&names[1]).unwrap();
    assert_eq!(text(&sheet.rows().next().unwrap()[0]), QUESTION);
    let header = row_starting(&sheet, "Teema").expect("the themes' header");
    let share = header.iter().position(|c| text(c) == "Osuus").unwrap();
    let first = header
        .iter()
        .position(|c| text(c) == "Vastauksia (ensimmäinen teema)")
        .unwrap();
    let time = row_starting(&sheet, "Ajan puute").expect("the time theme's row");
    let (Data::Float(n), Data::Float(s)) = (&time[first], &time[share]) else {
        panic!("count and share are not numbers: {time:?}");
    };
    assert!(*n >= 2.0 && (s - n / 14.0).abs() < 1e-9, "{n} {s}");

    // The cross-tab by Rooli: a column per group, their sizes, shares as numbers.
    assert!(row_starting(&sheet, "Teemat ryhmittäin: Rooli").is_some());
    let groups = row_starting(&sheet, "Vastauksia ryhmässä").expect("the groups' sizes");
    let sizes: Vec<&Data> = groups
        .iter()
        .skip(2)
        .take_while(|c| **c != Data::Empty)
        .collect();
    assert_eq!(
        sizes,
        [&Data::Float(4.0), &Data::Float(5.0), &Data::Float(5.0)]
    );

    // The summary: the run's counts as numbers.
    let summary = book.worksheet_range("Yhteenveto").unwrap();
    let answers_row = row_starting(&summary, "Vastauksia").expect("the answers count");
    assert_eq!(answers_row[1], Data::Float(14.0));
    assert!(row_starting(&summary, "Teemat kaikissa kysymyksissä").is_some());
}

#[test]
fn the_same_input_gives_the_same_workbook() {
    let work = Workdir::new();
    survey(&work);
    work.teema_ok(&["run", "in", "--out", "a", "--by", "Rooli", "-q"]);
    work.teema_ok(&[
        "run",
        "in",
        "--out",
        "b",
        "--by",
        "Rooli",
        "-q",
        "--no-cache",
    ]);
    let a = std::fs::read(work.path().join("a/report.xlsx")).unwrap();
    let b = std::fs::read(work.path().join("b/report.xlsx")).unwrap();
    assert!(a == b, "two runs wrote different workbooks");
}

#[test]
fn weighted_shares_stand_next_to_the_shares() {
    let work = Workdir::new();
    let mut csv = format!("Vastaajan tunnus;Paino;{QUESTION}\n");
    let answers = [
        ("0,5", "Ei ole aikaa, kiire koko ajan"),
        ("2", "Johto ei arvosta yhteisötyötä"),
        ("1,5", "Aika ei riitä moderointiin"),
        ("", "Mittaaminen on vaikeaa"),
    ];
    for (i, (w, a)) in answers.iter().enumerate() {
        csv.push_str(&format!("V{};{w};{a}\n", i + 1));
    }
    work.write("in/kysely.csv", csv);
    work.teema_ok(&["run", "in", "--out", "out", "--weight", "Paino", "-q"]);
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let themes = json["questions"][0]["themes"].as_array().unwrap();
    let time = themes.iter().find(|t| t["key"] == "time_shortage").unwrap();
    let mut book = open(&work.path().join("out/report.xlsx"));
    let sheet = book.worksheet_range("1. Mikä on suurin haasteesi").unwrap();
    let header = row_starting(&sheet, "Teema").expect("the themes' header");
    let col = |name: &str| header.iter().position(|c| text(c) == name).unwrap();
    let row = row_starting(&sheet, "Ajan puute").unwrap();
    for (column, field) in [
        ("Painotettu osuus", "weighted_share"),
        ("Painotettu mainintojen osuus", "weighted_mentions_share"),
    ] {
        let Data::Float(x) = row[col(column)] else {
            panic!("{column} is not a number: {row:?}");
        };
        assert!(
            (x - time[field].as_f64().unwrap()).abs() < 1e-12,
            "{column}"
        );
    }
    assert_eq!(col("Painotettu osuus"), col("Osuus") + 1);
    // Shares show as percentages; the effective n with one decimal, a number all the same.
    let question = "1. Mikä on suurin haasteesi";
    for column in ["Osuus", "Painotettu osuus"] {
        let format = number_format(&mut book, question, "Ajan puute", col(column));
        assert_eq!(format, "0.0%", "{column}");
    }
    let effective = row_starting(&sheet, "Tehollinen otoskoko").expect("the effective n");
    let n = json["questions"][0]["weight"]["effective_n"]
        .as_f64()
        .unwrap();
    assert_eq!(effective[1], Data::Float(n));
    let format = number_format(&mut book, question, "Tehollinen otoskoko", 1);
    assert_eq!(format, "0.0");
    let summary = book.worksheet_range("Yhteenveto").unwrap();
    let invalid = row_starting(&summary, "Rivejä ilman kelvollista painoa").unwrap();
    assert_eq!(invalid[1], Data::Float(1.0));
}

#[test]
fn groups_compared_and_trends_have_their_tables() {
    let work = Workdir::new();
    let corpus = crate::util::corpus_dir();
    let args = [
        "run",
        corpus.to_str().unwrap(),
        "--out",
        "out",
        "--by",
        "Rooli",
        "--date",
        "Vastauspäivä",
        "--period",
        "month",
        "-q",
    ];
    work.teema_ok(&args);
    let mut book = open(&work.path().join("out/report.xlsx"));
    let name = book.sheet_names()[1].clone();
    let sheet = book.worksheet_range(&name).unwrap();
    assert!(row_starting(&sheet, "Ryhmävertailu: Rooli").is_some());
    let cells: Vec<&[Data]> = sheet
        .rows()
        .skip_while(|r| text(&r[0]) != "Ryhmävertailu: Rooli")
        .skip_while(|r| text(&r[1]) != "Ryhmä")
        .skip(1)
        .take_while(|r| r[0] != Data::Empty)
        .collect();
    assert!(!cells.is_empty());
    for row in &cells {
        let (Data::Float(p), Data::Float(q)) = (&row[8], &row[9]) else {
            panic!("p-values are not numbers: {row:?}");
        };
        assert!((0.0..=1.0).contains(p) && (0.0..=1.0).contains(q) && q >= p);
    }
    let trend = sheet
        .rows()
        .skip_while(|r| text(&r[0]) != "Teemat ajan mukaan: Vastauspäivä")
        .nth(2)
        .expect("the trend table's header");
    assert!(text(&trend[0]).starts_with("Jakso"), "{trend:?}");
}

#[test]
fn lang_en_gives_english_sheets_and_headers() {
    let work = Workdir::new();
    survey(&work);
    work.teema_ok(&[
        "run", "in", "--out", "out", "--lang", "en", "--by", "Rooli", "-q",
    ]);
    let mut book = open(&work.path().join("out/report.xlsx"));
    let names = book.sheet_names();
    assert_eq!(names[0], "Summary");
    assert_eq!(names.last().unwrap(), "Answers");
    assert!(names.iter().any(|n| n == "Words"), "{names:?}");
    let answers = book.worksheet_range("Answers").unwrap();
    assert_eq!(text(&answers.rows().next().unwrap()[7]), "Answer");
    // The workbook's own words are English everywhere, the comparison's statistics too.
    let question = book.worksheet_range(&names[1]).unwrap();
    let v = row_starting(&question, "Cramér's V").expect("Cramér's V in English");
    assert!(matches!(v[1], Data::Float(_)), "{v:?}");
    for name in &names {
        let sheet = book.worksheet_range(name).unwrap();
        for cell in sheet.used_cells() {
            assert!(!text(cell.2).contains("Cramérin"), "{name}: {:?}", cell.2);
        }
    }
}

#[test]
fn word_tables_and_words_compared_have_their_sheets() {
    let work = Workdir::new();
    crate::test_words::roles_export(&work);
    work.teema_ok(&crate::test_words::ROLES_RUN);
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let q = &json["questions"][0];
    let mut book = open(&work.path().join("out/report.xlsx"));
    let words = book.worksheet_range("Sanat").unwrap();
    let header: Vec<String> = words.rows().next().unwrap().iter().map(text).collect();
    assert_eq!(header[5], "Sana");
    // The question's words first, as in themes.json, with numbers as numbers.
    let first = words.rows().nth(1).unwrap();
    assert_eq!(text(&first[2]), "Kaikki");
    assert_eq!(text(&first[3]), "sana");
    assert_eq!(first[4], Data::Float(1.0));
    assert_eq!(text(&first[5]), q["words"][0]["word"].as_str().unwrap());
    assert_eq!(
        first[7],
        Data::Float(q["words"][0]["answers"].as_f64().unwrap())
    );
    assert_eq!(first[9], Data::Float(40.0));
    // Then each group's own.
    assert!(words
        .rows()
        .any(|r| text(&r[1]) == "Rooli" && text(&r[2]) == "Esihenkilö" && text(&r[5]) == "palkka"));
    let tests = book.worksheet_range("Sanavertailu").unwrap();
    let pay = tests
        .rows()
        .find(|r| text(&r[2]) == "Esihenkilö" && text(&r[3]) == "yli")
        .expect("the manager's words used more");
    let manager = &q["word_groups"][0]["groups"][1]["more_common"][0];
    assert_eq!(text(&pay[4]), manager["word"].as_str().unwrap());
    assert_eq!(pay[6], Data::Float(20.0));
    assert_eq!(pay[7], Data::Float(1.0));
    assert_eq!(pay[10], Data::Float(manager["g2"].as_f64().unwrap()));
    assert_eq!(text(&pay[13]), "***");
    // The summary sheet says what the sheets hold.
    let summary = book.worksheet_range("Yhteenveto").unwrap();
    assert!(summary.rows().any(|r| text(&r[0]) == "Sanavertailu"));
}
