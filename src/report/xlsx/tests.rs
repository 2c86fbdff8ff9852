//! The answers sheets split at the row limit (a small one here; Excel's is 1,048,576), read
//! back with calamine.

use std::io::Cursor as IoCursor;

use calamine::{Data, Reader};
use rust_xlsxwriter::Workbook;

use super::answers::{self, sheets_needed, Table};
use super::cells::{Cell, Formats};
use super::names::SheetNames;

#[test]
fn sheets_needed_counts_the_header_on_every_sheet() {
    assert_eq!(sheets_needed(0, 10), 1);
    assert_eq!(sheets_needed(9, 10), 1);
    assert_eq!(sheets_needed(10, 10), 2);
    assert_eq!(sheets_needed(25, 10), 3);
    assert_eq!(sheets_needed(1_048_575, answers::EXCEL_ROWS), 1);
    assert_eq!(sheets_needed(1_048_576, answers::EXCEL_ROWS), 2);
    assert_eq!(sheets_needed(2_000_000, answers::EXCEL_ROWS), 2);
}

#[test]
fn answers_past_the_row_limit_go_on_to_more_sheets() {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut names = SheetNames::default();
    wb.add_worksheet()
        .set_name(names.take("Yhteenveto"))
        .unwrap();
    let table = Table {
        name: "Vastaukset",
        header: vec!["Tunniste", "Vastaus"],
        widths: vec![10.0, 40.0],
        wrapped: vec![1],
    };
    let texts: Vec<String> = (0..25)
        .map(|i| format!("=HYPERLINK(\"http://x\",\"{i}\")"))
        .collect();
    let rows = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Ok(vec![Cell::Count(i), t.as_str().into()]));
    let written = answers::write(&mut wb, &f, &mut names, &table, rows, 25, 10).unwrap();
    assert_eq!(
        written.sheets,
        ["Vastaukset", "Vastaukset 2", "Vastaukset 3"]
    );
    let bytes = wb.save_to_buffer().unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(IoCursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Yhteenveto", "Vastaukset", "Vastaukset 2", "Vastaukset 3"]
    );
    let mut seen = Vec::new();
    for (name, rows) in [("Vastaukset", 9), ("Vastaukset 2", 9), ("Vastaukset 3", 7)] {
        let range = book.worksheet_range(name).unwrap();
        assert_eq!(range.height(), rows + 1, "{name}");
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header, ["Tunniste", "Vastaus"]);
        for row in range.rows().skip(1) {
            let Data::Float(id) = row[0] else {
                panic!("{name}: id {:?} is not a number", row[0]);
            };
            assert_eq!(row[1], Data::String(texts[id as usize].clone()));
            seen.push(id as usize);
        }
        let formulas = book.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name}"
        );
    }
    assert_eq!(seen, (0..25).collect::<Vec<_>>());
}

#[test]
fn an_empty_table_is_one_sheet_with_its_header() {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let table = Table {
        name: "Vastaukset",
        header: vec!["Tunniste"],
        widths: vec![10.0],
        wrapped: vec![],
    };
    let rows = std::iter::empty();
    let written =
        answers::write(&mut wb, &f, &mut SheetNames::default(), &table, rows, 0, 10).unwrap();
    assert_eq!(written.sheets, ["Vastaukset"]);
    let bytes = wb.save_to_buffer().unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(IoCursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Vastaukset").unwrap();
    assert_eq!(range.height(), 1);
}
