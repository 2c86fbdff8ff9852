//! Plain text: one answer per line, or per paragraph with `--paragraphs`. In Markdown, list
//! markers are dropped and a heading becomes the question of the answers under it. A `.txt`
//! whose lines split into the same number of tab-separated fields is a table (Excel's
//! "Unicode text" export) and is read as TSV.

use std::io::{BufRead, BufReader, Cursor, Read};

use super::decode::Decoded;
use super::markdown::{self, Structure};
use super::{delimited, Layout, RawRow, Table};

/// Opens a text file as answers, or as a table if it is tab-separated.
pub fn read<'a>(
    decoded: Decoded,
    source: &str,
    format: &str,
    paragraphs: bool,
    max_field: usize,
) -> Result<Table<'a>, String> {
    let Decoded { mut reader, name } = decoded;
    let mut head = Vec::new();
    (&mut reader)
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(|e| format!("cannot read: {e}"))?;
    let tab_table = format == "txt" && is_tab_table(&head);
    let reader = Cursor::new(head).chain(reader);
    if tab_table {
        return Ok(Table {
            source: source.to_string(),
            format: format.to_string(),
            encoding: Some(name),
            delimiter: Some(b'\t'),
            layout: Layout::Detect,
            notes: Vec::new(),
            rows: Box::new(delimited::rows(reader, b'\t', max_field)),
        });
    }
    let stem = std::path::Path::new(source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let markdown = format == "md";
    Ok(Table {
        source: source.to_string(),
        format: format.to_string(),
        encoding: Some(name),
        delimiter: None,
        layout: Layout::Text(stem),
        notes: Vec::new(),
        rows: Box::new(Answers {
            lines: BufReader::new(reader),
            line: 0,
            paragraphs,
            markdown,
            question: None,
            next_question: None,
            done: false,
            structure: Structure::default(),
            peeked: None,
        }),
    })
}

/// Tab-separated: the first line has tabs and most of the first lines have as many.
fn is_tab_table(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let Some(first) = lines.first() else {
        return false;
    };
    let tabs = first.matches('\t').count();
    tabs > 0
        && lines
            .iter()
            .filter(|l| l.matches('\t').count() == tabs)
            .count()
            * 10
            >= lines.len() * 8
}

/// Yields answers; a Markdown heading is carried as the question (cells: text, question).
struct Answers<R> {
    lines: BufReader<R>,
    line: usize,
    paragraphs: bool,
    markdown: bool,
    question: Option<String>,
    /// A heading that ended a paragraph; it becomes the question after that paragraph.
    next_question: Option<String>,
    done: bool,
    /// Markdown front matter, tables, rules and code fences: not answers.
    structure: Structure,
    /// A line read after a list item, to see whether it continues the item.
    peeked: Option<(usize, Option<Result<Line, ()>>)>,
}

/// One line of a text file, as far as answers go.
enum Line {
    Blank,
    Heading(String),
    Text(String),
    /// A Markdown list item, without its marker.
    Item(String),
    /// A Markdown line indented under the line above.
    Indented(String),
}

/// Reads one line ending in `\n`, `\r\n` or a lone `\r` (old Mac files) into `buf`, without
/// its line end; false at the end of the input.
pub fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    buf.clear();
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any);
        }
        any = true;
        match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let cr = chunk[i] == b'\r';
                buf.extend_from_slice(&chunk[..i]);
                reader.consume(i + 1);
                if cr && reader.fill_buf()?.first() == Some(&b'\n') {
                    reader.consume(1);
                }
                return Ok(true);
            }
            None => {
                let n = chunk.len();
                buf.extend_from_slice(chunk);
                reader.consume(n);
            }
        }
    }
}

/// `## Otsikko` → `Otsikko`: one to six `#` and a space (so `#hashtag` is text).
fn heading(t: &str) -> Option<&str> {
    let rest = t.trim_start_matches('#');
    let hashes = t.len() - rest.len();
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' '))).then(|| rest.trim())
}

impl<R: Read> Answers<R> {
    /// The next line, a line peeked at first.
    fn next_line(&mut self) -> Option<Result<Line, ()>> {
        match self.peeked.take() {
            Some((line, peeked)) => {
                self.line = line;
                peeked
            }
            None => self.read_next_line(),
        }
    }

    /// A list item and the lines that continue it (indented, or text that is no new item),
    /// joined with spaces.
    fn continued(&mut self, mut text: String) -> String {
        loop {
            let start = self.line;
            let next = self.read_next_line();
            match next {
                Some(Ok(Line::Indented(t) | Line::Text(t))) => {
                    text.push(' ');
                    text.push_str(&t);
                }
                other => {
                    self.peeked = Some((self.line, other));
                    self.line = start;
                    return text;
                }
            }
        }
    }

    /// The next line of the file; `Err` for a line that is not UTF-8.
    fn read_next_line(&mut self) -> Option<Result<Line, ()>> {
        let mut buf = Vec::new();
        match read_line(&mut self.lines, &mut buf) {
            Ok(false) | Err(_) => None,
            Ok(true) => {
                self.line += 1;
                let Ok(text) = String::from_utf8(buf) else {
                    return Some(Err(()));
                };
                let t = text.trim();
                if self.markdown {
                    if self.structure.skip(t) {
                        return Some(Ok(Line::Blank));
                    }
                    if let Some(h) = heading(t) {
                        return Some(Ok(Line::Heading(h.to_string())));
                    }
                    if let Some(rest) = markdown::item(t) {
                        return Some(Ok(Line::Item(rest.to_string())));
                    }
                    if !t.is_empty() && text.starts_with([' ', '\t']) {
                        return Some(Ok(Line::Indented(t.to_string())));
                    }
                }
                Some(Ok(if t.is_empty() {
                    Line::Blank
                } else {
                    Line::Text(t.to_string())
                }))
            }
        }
    }

    fn cells(&self, text: String) -> Vec<String> {
        match &self.question {
            Some(q) => vec![text, q.clone()],
            None => vec![text],
        }
    }

    /// The paragraph that started at line `start` (0: none).
    fn finish(&self, start: usize, text: String, bad: bool) -> Option<RawRow> {
        match (start, bad) {
            (0, _) => None,
            (_, true) => Some(RawRow::Invalid(start, Vec::new())),
            _ => Some(RawRow::Cells(start, self.cells(text))),
        }
    }
}

impl<R: Read> Iterator for Answers<R> {
    type Item = RawRow;

    fn next(&mut self) -> Option<RawRow> {
        if let Some(q) = self.next_question.take() {
            self.question = Some(q);
        }
        if self.done {
            return None;
        }
        let (mut start, mut text, mut bad) = (0, String::new(), false);
        loop {
            let Some(line) = self.next_line() else {
                self.done = true;
                return self.finish(start, text, bad);
            };
            match line {
                Ok(Line::Blank) => {
                    if self.paragraphs && start > 0 {
                        return self.finish(start, text, bad);
                    }
                }
                Ok(Line::Heading(h)) => {
                    if start > 0 {
                        self.next_question = Some(h);
                        return self.finish(start, text, bad);
                    }
                    self.question = Some(h);
                }
                Err(()) if !self.paragraphs => {
                    return Some(RawRow::Invalid(self.line, Vec::new()));
                }
                Err(()) => {
                    bad = true;
                    if start == 0 {
                        start = self.line;
                    }
                }
                Ok(Line::Item(t)) if !self.paragraphs => {
                    let start = self.line;
                    let text = self.continued(t);
                    return Some(RawRow::Cells(start, self.cells(text)));
                }
                Ok(Line::Text(t) | Line::Item(t) | Line::Indented(t)) => {
                    if !self.paragraphs {
                        return Some(RawRow::Cells(self.line, self.cells(t)));
                    }
                    if start == 0 {
                        start = self.line;
                    }
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(&t);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(text: &str, paragraphs: bool, markdown: bool) -> Vec<RawRow> {
        Answers {
            lines: BufReader::new(text.as_bytes()),
            line: 0,
            paragraphs,
            markdown,
            question: None,
            next_question: None,
            done: false,
            structure: Structure::default(),
            peeked: None,
        }
        .collect()
    }

    fn cells(row: usize, c: &[&str]) -> RawRow {
        RawRow::Cells(row, c.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn lines_and_paragraphs() {
        let text = "eka\r\n\n  toka \nkolmas\n\n\nneljäs\n";
        assert_eq!(
            answers(text, false, false),
            [
                cells(1, &["eka"]),
                cells(3, &["toka"]),
                cells(4, &["kolmas"]),
                cells(7, &["neljäs"])
            ]
        );
        assert_eq!(
            answers(text, true, false),
            [
                cells(1, &["eka"]),
                cells(3, &["toka\nkolmas"]),
                cells(7, &["neljäs"])
            ]
        );
    }

    #[test]
    fn markdown_headings_are_questions() {
        let text = "# Kysely\n## Mikä on haasteesi?\n- kiire\n* johto ei arvosta\n";
        assert_eq!(
            answers(text, false, true),
            [
                cells(3, &["kiire", "Mikä on haasteesi?"]),
                cells(4, &["johto ei arvosta", "Mikä on haasteesi?"])
            ]
        );
    }

    #[test]
    fn hashtags_are_text_headings_end_paragraphs_and_cr_ends_lines() {
        let text = "## Q1\nvastaus yksi\n#hashtag vastaus\n## Q2\nvastaus kaksi\n";
        assert_eq!(
            answers(text, true, true),
            [
                cells(2, &["vastaus yksi\n#hashtag vastaus", "Q1"]),
                cells(5, &["vastaus kaksi", "Q2"])
            ]
        );
        assert_eq!(
            answers("eka\rtoka\r\nkolmas\r", false, false),
            [
                cells(1, &["eka"]),
                cells(2, &["toka"]),
                cells(3, &["kolmas"])
            ]
        );
    }

    #[test]
    fn tab_tables() {
        assert!(is_tab_table(b"id\tvastaus\n1\tkiire\n2\tjoo\n"));
        assert!(!is_tab_table(b"kiire on\nvastaus\ttab vahingossa\n"));
    }
}
