//! Which rows are the header? Survey tools disagree:
//! - most write one header row;
//! - Qualtrics writes three: column ids (`Q1`), question texts, and `{"ImportId":…}` cells;
//! - SurveyMonkey writes two: question texts, where an empty cell continues the question to
//!   its left, and under them `Response`, `Open-Ended Response` or the option of a choice;
//! - some exports have title rows above the header (one cell on a row of its own);
//! - some have no header at all: the first row already holds numbers or dates.

/// Rows looked at to find the header.
pub const SCAN_ROWS: usize = 12;

/// The header a table was found to have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Rows before the data (title rows and header rows).
    pub rows: usize,
    pub kind: Kind,
    /// Title rows above the header.
    pub title_rows: usize,
    /// A distinct name per column.
    pub names: Vec<String>,
    /// The question text per column (the name where the export has nothing better).
    pub questions: Vec<String>,
    /// Why, where it is not plain: shown after the layout.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    None,
    Single,
    Qualtrics,
    /// Qualtrics' legacy export: short codes (`Q1`), then the question texts.
    QualtricsLegacy,
    SurveyMonkey,
}

impl Header {
    /// No header: every row is data, columns are `column 1`, `column 2`, …
    fn none(width: usize) -> Self {
        Header::named(Kind::None, 0, 0, names_for(&[], width))
    }

    /// A header whose question texts are its names.
    fn named(kind: Kind, title_rows: usize, rows: usize, names: Vec<String>) -> Self {
        Header {
            rows,
            kind,
            title_rows,
            questions: names.clone(),
            names,
            note: None,
        }
    }

    /// For `teema inspect`: `one header row`, `Qualtrics (3 header rows)`, …
    pub fn describe(&self) -> String {
        let kind = match self.kind {
            Kind::None => "no header row".to_string(),
            Kind::Single => "one header row".to_string(),
            Kind::Qualtrics => "Qualtrics (3 header rows)".to_string(),
            Kind::QualtricsLegacy => "Qualtrics legacy (2 header rows)".to_string(),
            Kind::SurveyMonkey => "SurveyMonkey (2 header rows)".to_string(),
        };
        let kind = match &self.note {
            Some(note) => format!("{kind} ({note})"),
            None => kind,
        };
        match self.title_rows {
            0 => kind,
            n => format!("{n} title row(s), then {kind}"),
        }
    }
}

fn filled(row: &[String]) -> usize {
    row.iter().filter(|c| !c.trim().is_empty()).count()
}

/// Finds the header in the first rows of a table.
pub fn detect(first: &[&[String]]) -> Header {
    let width = first.iter().map(|r| r.len()).max().unwrap_or(0);
    let widest = first.iter().map(|r| filled(r)).max().unwrap_or(0);
    let start = title_rows(first, widest);
    // No header: the first row holds data like the rows below it. Title rows then do not
    // count either: a row with one filled cell is a data row too.
    let data_first = is_data_row(first, start) || (start > 0 && is_data_row(first, 0));
    let top = match first.get(start) {
        Some(&top) if !data_first => top,
        _ => return Header::none(width),
    };
    if widest == 1 && !one_column_header(first, start) {
        let mut header = Header::none(width);
        header.note = Some("one column; its first line reads like the answers below it".into());
        return header;
    }
    // The header decides the width; longer data rows are reported, not given new columns.
    let width = top.len();
    let second = first.get(start + 1).copied();
    let third = first.get(start + 2).copied();
    second
        .zip(third)
        .and_then(|(second, third)| qualtrics(top, second, third, start))
        .or_else(|| second.and_then(|second| surveymonkey(top, second, start)))
        .or_else(|| second.and_then(|second| qualtrics_legacy(top, second, start)))
        .unwrap_or_else(|| Header::named(Kind::Single, start, start + 1, names_for(top, width)))
}

/// How many title rows come first: a line of text (two words or more) alone on its row, or
/// an empty row, above the header of a table at least three columns wide (`widest` filled
/// cells). A lone word is more likely the name of the first column than a title.
fn title_rows(first: &[&[String]], widest: usize) -> usize {
    let mut start = 0;
    if widest >= 3 {
        while start + 1 < first.len() && start < SCAN_ROWS - 2 && is_title_row(first[start]) {
            start += 1;
        }
    }
    start
}

/// Qualtrics' header, with `top` at row `start`: column ids, question texts, and a third row
/// of `{"ImportId":…}` cells.
fn qualtrics(top: &[String], second: &[String], third: &[String], start: usize) -> Option<Header> {
    let import_ids = third
        .iter()
        .filter(|c| c.trim_start().starts_with("{\"ImportId\""))
        .count();
    if import_ids == 0 || import_ids * 2 < filled(third) {
        return None;
    }
    let width = top.len();
    let names = names_for(top, width);
    let questions = (0..width)
        .map(|i| {
            second
                .get(i)
                .map(|q| q.trim())
                .filter(|q| !q.is_empty())
                .map_or_else(|| names[i].clone(), str::to_string)
        })
        .collect();
    Some(Header {
        rows: start + 3,
        kind: Kind::Qualtrics,
        title_rows: start,
        names,
        questions,
        note: None,
    })
}

/// SurveyMonkey's header, with `top` at row `start`: question texts, an empty cell continuing
/// the question to its left, and under them `Response` markers or the options of a choice.
fn surveymonkey(top: &[String], second: &[String], start: usize) -> Option<Header> {
    if !is_surveymonkey_subheader(top, second) {
        return None;
    }
    let width = top.len();
    let mut names = Vec::with_capacity(width);
    let mut questions = Vec::with_capacity(width);
    let mut current = String::new();
    for i in 0..width {
        let q = top.get(i).map_or("", |c| c.trim());
        if !q.is_empty() {
            current = q.to_string();
        }
        let sub = second.get(i).map_or("", |c| c.trim());
        let question = if sub.is_empty() || is_response_marker(sub) {
            current.clone()
        } else if current.is_empty() {
            sub.to_string()
        } else {
            format!("{current} – {sub}")
        };
        names.push(question.clone());
        questions.push(question);
    }
    let names = names_for(&names, width);
    let questions = questions
        .into_iter()
        .zip(&names)
        .map(|(q, n)| if q.is_empty() { n.clone() } else { q })
        .collect();
    Some(Header {
        rows: start + 2,
        kind: Kind::SurveyMonkey,
        title_rows: start,
        names,
        questions,
        note: None,
    })
}

/// Qualtrics' legacy header: codes on the first row, question texts on the second.
fn qualtrics_legacy(top: &[String], second: &[String], start: usize) -> Option<Header> {
    if !is_legacy_question_row(top, second) {
        return None;
    }
    let names = names_for(top, top.len());
    let questions = (0..top.len())
        .map(|i| {
            let q = second.get(i).map_or("", |q| q.trim());
            if q.is_empty() {
                names[i].clone()
            } else {
                q.to_string()
            }
        })
        .collect();
    Some(Header {
        rows: start + 2,
        kind: Kind::QualtricsLegacy,
        title_rows: start,
        names,
        questions,
        note: None,
    })
}

/// Names a one-column file's header may have.
const ONE_COLUMN_NAMES: &[&str] = &[
    "vastaus",
    "vastaukset",
    "answer",
    "answers",
    "response",
    "responses",
    "kommentti",
    "kommentit",
    "comment",
    "comments",
    "palaute",
    "palautteet",
    "feedback",
    "teksti",
    "text",
    "avoimet",
    "avoin palaute",
];

/// Whether the first line of a one-column file is its header: a question (`?`, `:`), a known
/// column name, or a line unlike the lines below it (a label, not a sentence of their length).
fn one_column_header(first: &[&[String]], start: usize) -> bool {
    fn cell(r: &[String]) -> &str {
        r.iter()
            .map(|c| c.trim())
            .find(|c| !c.is_empty())
            .unwrap_or("")
    }
    let top = cell(first[start]);
    if top.ends_with('?') || top.ends_with(':') {
        return true;
    }
    if ONE_COLUMN_NAMES.contains(&top.to_lowercase().as_str()) {
        return true;
    }
    let below: Vec<usize> = first[start + 1..]
        .iter()
        .map(|r| cell(r).chars().count())
        .filter(|&n| n > 0)
        .collect();
    // A label of a word or two is a header; so is anything above no lines.
    if below.is_empty() || top.split_whitespace().count() < 3 {
        return true;
    }
    // A sentence of the answers' length is an answer.
    let n = top.chars().count();
    let m = median(&below);
    !(n * 3 >= m && n <= m * 3)
}

fn median(values: &[usize]) -> usize {
    let mut v = values.to_vec();
    v.sort_unstable();
    v[v.len() / 2]
}

/// A short column code: `Q1`, `Q2_3`, `QID12_TEXT`, `V1`, or an id column's name.
fn is_code(cell: &str) -> bool {
    let c = cell.trim();
    let letters = c.chars().take_while(char::is_ascii_alphabetic).count();
    (1..=4).contains(&letters)
        && c[letters..].starts_with(|ch: char| ch.is_ascii_digit())
        && c.len() <= 24
        && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// Qualtrics' legacy second row: under a row of codes (`ID`, `Q1`, `Q2`), the question texts:
/// nothing that looks like data, and some cell under a code a question (`?`, `:`).
fn is_legacy_question_row(top: &[String], row: &[String]) -> bool {
    let codes: Vec<usize> = (0..top.len()).filter(|&i| is_code(&top[i])).collect();
    let others_short = top
        .iter()
        .filter(|c| !is_code(c) && !c.trim().is_empty())
        .all(|c| !c.trim().contains(' ') && c.trim().len() <= 24);
    !codes.is_empty()
        && codes.len() * 2 >= filled(top)
        && others_short
        && !row.iter().any(|c| looks_like_data(c))
        && codes.iter().any(|&i| {
            let q = row.get(i).map_or("", |c| c.trim());
            q.ends_with('?') || q.ends_with(':')
        })
}

fn is_response_marker(cell: &str) -> bool {
    matches!(
        cell.to_lowercase().as_str(),
        "response"
            | "responses"
            | "open-ended response"
            | "open-ended responses"
            | "vastaus"
            | "vastaukset"
            | "avoin vastaus"
            | "avoimet vastaukset"
    )
}

/// SurveyMonkey's second header row: at least one `Response` marker, nothing that looks like
/// data, and every other filled cell an option of a question that spans several columns (an
/// empty cell above it, or to the right of its question).
fn is_surveymonkey_subheader(top: &[String], row: &[String]) -> bool {
    let blank = |r: &[String], i: usize| r.get(i).is_none_or(|c| c.trim().is_empty());
    row.iter().any(|c| is_response_marker(c.trim()))
        && row.iter().enumerate().all(|(i, c)| {
            let c = c.trim();
            c.is_empty()
                || is_response_marker(c)
                || (!looks_like_data(c)
                    && (blank(top, i) || (i + 1 < top.len() && blank(top, i + 1))))
        })
}

/// A title row: empty, or one cell of two words or more.
fn is_title_row(row: &[String]) -> bool {
    let cells: Vec<&str> = row
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    match cells.as_slice() {
        [] => true,
        [one] => one.split_whitespace().count() >= 2,
        _ => false,
    }
}

/// Whether row `at` holds data: some cell looks like a number or a date, and so do most of the
/// filled cells below it in the same column (so a header named `2025` is still a header).
fn is_data_row(first: &[&[String]], at: usize) -> bool {
    let Some(row) = first.get(at) else {
        return false;
    };
    row.iter().enumerate().any(|(i, cell)| {
        if !looks_like_data(cell) {
            return false;
        }
        let below: Vec<&str> = first[at + 1..]
            .iter()
            .filter_map(|r| r.get(i).map(|c| c.trim()))
            .filter(|c| !c.is_empty())
            .collect();
        below.is_empty() || below.iter().filter(|c| looks_like_data(c)).count() * 2 >= below.len()
    })
}

/// A number or a date: no header cell looks like that.
pub fn looks_like_data(cell: &str) -> bool {
    let c = cell.trim();
    if c.is_empty() {
        return false;
    }
    let digits = c.chars().filter(char::is_ascii_digit).count();
    digits > 0
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || " .,:-/+".contains(ch))
}

/// Distinct names: empty cells become `column N`, repeats get ` (2)`, ` (3)`, …
fn names_for(cells: &[String], width: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(width);
    for i in 0..width {
        let cell = cells.get(i).map_or("", |c| c.trim());
        let base = if cell.is_empty() {
            format!("column {}", i + 1)
        } else {
            cell.to_string()
        };
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base} ({n})");
            n += 1;
        }
        names.push(name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.split('|').map(str::to_string).collect())
            .collect()
    }

    fn detect_lines(lines: &[&str]) -> Header {
        let rows = rows(lines);
        let refs: Vec<&[String]> = rows.iter().map(Vec::as_slice).collect();
        detect(&refs)
    }

    #[test]
    fn single_header() {
        let h = detect_lines(&["id|Rooli|Vastaus", "1|a|kiire on", "2|b|joo"]);
        assert_eq!((h.kind, h.rows), (Kind::Single, 1));
        assert_eq!(h.names, ["id", "Rooli", "Vastaus"]);
    }

    #[test]
    fn no_header_when_first_row_has_numbers() {
        let h = detect_lines(&["1|Helsinki|kiire on", "2|Oulu|joo"]);
        assert_eq!((h.kind, h.rows), (Kind::None, 0));
        assert_eq!(h.names, ["column 1", "column 2", "column 3"]);
    }

    #[test]
    fn qualtrics() {
        let h = detect_lines(&[
            "StartDate|ResponseId|Q1|Q2",
            "Start Date|Response ID|Mikä vie aikaa?|",
            "{\"ImportId\":\"startDate\"}|{\"ImportId\":\"_recordId\"}|{\"ImportId\":\"QID1_TEXT\"}|{\"ImportId\":\"QID2\"}",
            "2026-03-02|R_1|kokoukset|3",
        ]);
        assert_eq!((h.kind, h.rows), (Kind::Qualtrics, 3));
        assert_eq!(h.names, ["StartDate", "ResponseId", "Q1", "Q2"]);
        assert_eq!(h.questions[2], "Mikä vie aikaa?");
        assert_eq!(h.questions[3], "Q2");
    }

    #[test]
    fn surveymonkey() {
        let h = detect_lines(&[
            "Respondent ID|Haaste?|Työkalut?|||Muuta?",
            "|Open-Ended Response|Google Analytics|Excel|Other (please specify)|Response",
            "114|kiire|Google Analytics||oma|ei",
        ]);
        assert_eq!((h.kind, h.rows), (Kind::SurveyMonkey, 2));
        assert_eq!(
            h.names,
            [
                "Respondent ID",
                "Haaste?",
                "Työkalut? – Google Analytics",
                "Työkalut? – Excel",
                "Työkalut? – Other (please specify)",
                "Muuta?"
            ]
        );
    }

    #[test]
    fn surveymonkey_in_finnish() {
        let h = detect_lines(&[
            "Vastaajan tunnus|Mikä kuormittaa?|Muuta?",
            "|Avoin vastaus|Vastaus",
            "114|kiire|ei",
        ]);
        assert_eq!((h.kind, h.rows), (Kind::SurveyMonkey, 2));
    }

    #[test]
    fn title_rows_and_names() {
        let h = detect_lines(&["Kyselyn tulokset||", "||", "id|id|", "1|a|kiire"]);
        assert_eq!((h.kind, h.rows, h.title_rows), (Kind::Single, 3, 2));
        assert_eq!(h.names, ["id", "id (2)", "column 3"]);
    }

    #[test]
    fn data_like_cells() {
        assert!(looks_like_data("42"));
        assert!(looks_like_data("2026-03-02 09:14:55"));
        assert!(looks_like_data("3,5"));
        assert!(!looks_like_data("Q1"));
        assert!(!looks_like_data("10–49 henkeä"));
        assert!(!looks_like_data(""));
    }
}
