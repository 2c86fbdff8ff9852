//! The word sheets: every question's word tables as one flat table (`Sanat`: the question's
//! most frequent words and pairs, then each `--by` group's own), and with `--by` the words
//! compared between groups (`Sanavertailu`: the words each group uses significantly more or
//! less than the other answers, [`crate::report::word_compare`]). Flat, under a frozen header
//! with an autofilter, so that Excel's filter picks a question, a group or a direction.

use rust_xlsxwriter::{ColNum, RowNum, Workbook, XlsxError};

use super::cells::{Cell, Cursor, Formats};
use super::labels::Labels;
use super::names::SheetNames;
use crate::report::compare::Direction;
use crate::report::word_compare::WordTest;
use crate::report::words::{WordRow, WordTables};
use crate::report::Report;

/// Column widths of the word table: question, column, group, kind, rank, word, term, answers,
/// share, base.
const WORD_WIDTHS: [f64; 10] = [36.0, 16.0, 18.0, 10.0, 6.0, 24.0, 24.0, 11.0, 9.0, 11.0];

/// Column widths of the comparison: question, column, group, direction, word, term, counts and
/// shares, the test, then with `--weight` the weighted shares.
const TEST_WIDTHS: [f64; 17] = [
    36.0, 16.0, 18.0, 9.0, 20.0, 20.0, 11.0, 9.0, 11.0, 9.0, 9.0, 10.0, 10.0, 8.0, 10.0, 11.0, 11.0,
];

/// The sheets written: each one's name and what it holds.
pub type Sheets = Vec<(String, &'static str)>;

/// Writes the word sheets that have rows; returns them and how many texts were cut.
pub fn write(
    wb: &mut Workbook,
    f: &Formats,
    l: &Labels,
    names: &mut SheetNames,
    report: &Report,
) -> Result<(Sheets, usize), XlsxError> {
    let mut written = Vec::new();
    let mut cut = 0;
    let tables: Vec<(&str, &WordTables)> = report
        .questions
        .iter()
        .map(|q| (q.question.as_str(), &q.word_tables))
        .collect();
    let word_rows: usize = tables.iter().map(|(_, t)| word_rows(t)).sum();
    if word_rows > 0 {
        let name = names.take(l.words_sheet);
        let ws = sheet(wb, f, &name, &WORD_WIDTHS, word_rows)?;
        let mut cur = Cursor::new(ws, f);
        cur.header(&l.word_columns)?;
        for (question, t) in &tables {
            words(&mut cur, l, question, t)?;
        }
        cut += cur.cut;
        written.push((name, l.sheet_words));
    }
    let test_rows: usize = tables.iter().map(|(_, t)| test_rows(t)).sum();
    if tables.iter().any(|(_, t)| !t.word_groups.is_empty()) {
        let name = names.take(l.word_tests_sheet);
        let ws = sheet(wb, f, &name, &TEST_WIDTHS, test_rows)?;
        let mut cur = Cursor::new(ws, f);
        cur.header(&l.word_test_columns)?;
        for (question, t) in &tables {
            tests(&mut cur, l, question, t)?;
        }
        cut += cur.cut;
        written.push((name, l.sheet_word_tests));
    }
    Ok((written, cut))
}

/// A new sheet named `name` of `rows` rows under a frozen header with an autofilter.
fn sheet<'w>(
    wb: &'w mut Workbook,
    f: &Formats,
    name: &str,
    widths: &[f64],
    rows: usize,
) -> Result<&'w mut rust_xlsxwriter::Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(col as ColNum, *width)?;
    }
    ws.set_column_format(0, &f.wrap)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows as RowNum, widths.len() as ColNum - 1)?;
    Ok(ws)
}

fn word_rows(t: &WordTables) -> usize {
    let groups: usize = t
        .word_groups
        .iter()
        .flat_map(|c| &c.groups)
        .map(|g| g.words.len() + g.word_pairs.len())
        .sum();
    t.words.len() + t.word_pairs.len() + groups
}

fn test_rows(t: &WordTables) -> usize {
    t.word_groups
        .iter()
        .flat_map(|c| &c.groups)
        .map(|g| g.keys.more_common.len() + g.keys.less_common.len())
        .sum()
}

/// A question's words and pairs, then each group's.
fn words(cur: &mut Cursor, l: &Labels, question: &str, t: &WordTables) -> Result<(), XlsxError> {
    let mut table = |column: &str, group: &str, answers: usize, rows: [&[WordRow]; 2]| {
        for (kind, rows) in l.word_kinds.iter().zip(rows) {
            for (rank, r) in rows.iter().enumerate() {
                cur.row(&[
                    question.into(),
                    column.into(),
                    group.into(),
                    (*kind).into(),
                    (rank + 1).into(),
                    r.word.as_str().into(),
                    r.term.as_str().into(),
                    r.answers.into(),
                    Cell::Share(r.share),
                    answers.into(),
                ])?;
            }
        }
        Ok::<(), XlsxError>(())
    };
    table("", l.all_groups, t.word_answers, [&t.words, &t.word_pairs])?;
    for c in &t.word_groups {
        for g in &c.groups {
            table(
                &c.column,
                l.group(&g.name),
                g.word_answers,
                [&g.words, &g.word_pairs],
            )?;
        }
    }
    Ok(())
}

/// Each group's words used more, then less, than elsewhere, with their tests.
fn tests(cur: &mut Cursor, l: &Labels, question: &str, t: &WordTables) -> Result<(), XlsxError> {
    for c in &t.word_groups {
        for g in &c.groups {
            for w in g.keys.more_common.iter().chain(&g.keys.less_common) {
                test(cur, l, [question, &c.column, l.group(&g.name)], w)?;
            }
        }
    }
    Ok(())
}

fn test(cur: &mut Cursor, l: &Labels, at: [&str; 3], t: &WordTest) -> Result<(), XlsxError> {
    let w = &t.diff;
    let direction = match w.direction {
        Direction::Over => l.directions[0],
        Direction::Under => l.directions[1],
        Direction::Same => l.directions[2],
    };
    cur.row(&[
        at[0].into(),
        at[1].into(),
        at[2].into(),
        direction.into(),
        t.word.as_str().into(),
        t.term.as_str().into(),
        w.count.into(),
        Cell::Share(w.share),
        w.count_elsewhere.into(),
        Cell::Share(w.share_elsewhere),
        Cell::Number(w.g2),
        Cell::Number(w.p),
        Cell::Number(w.p_adjusted),
        w.stars.into(),
        Cell::Number(w.min_expected),
        w.weighted_share.map_or(Cell::Empty, Cell::Share),
        w.weighted_share_elsewhere.map_or(Cell::Empty, Cell::Share),
    ])
}
