//! A quote that runs away. One stray quote at the start of a field (`R4,"Tämä jää auki`) makes
//! a CSV reader take every line up to the next quote, however far, as part of that one field:
//! the rows in between vanish into one long answer. Counting quotes per file does not catch it
//! when another row has a stray quote too.
//!
//! The sign is in the field itself: a real multi-line answer holds sentences, a runaway one
//! holds lines that read as whole records, starting with an id shaped like the row's own id
//! (`R5,…` inside the field of `R4`) and with at least as many fields as the table has
//! columns. Such a field is read again line by line without quote handling, every line a row
//! of its own on its own line number, and a note names the row where the quote opened.

use super::RawRow;

/// Longest id compared: longer first cells are text, not ids.
const MAX_ID: usize = 40;

/// Watches the records of one delimited file for runaway quotes.
pub struct Runaway {
    delimiter: u8,
    /// Fields of the first record (the header).
    width: Option<usize>,
}

impl Runaway {
    pub fn new(delimiter: u8) -> Self {
        Runaway {
            delimiter,
            width: None,
        }
    }

    /// The row as it is, or, if a quote ran away in it, a note and the rows it swallowed.
    pub fn check(&mut self, row: RawRow) -> Vec<RawRow> {
        let RawRow::Cells(n, cells) = &row else {
            return vec![row];
        };
        let Some(width) = self.width else {
            self.width = Some(cells.len());
            return vec![row];
        };
        split(*n, cells, width, self.delimiter).unwrap_or_else(|| vec![row])
    }
}

/// `R4` → `a9`, `V001` → `a9`, `12` → `9`: letters and digits as classes, runs as one.
fn shape(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        let class = if c.is_alphabetic() {
            'a'
        } else if c.is_ascii_digit() {
            '9'
        } else {
            c
        };
        if !out.ends_with(class) {
            out.push(class);
        }
    }
    out
}

/// The lines of a field: `\r\n`, `\r` and `\n` each end one.
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\r', '\n']) {
        out.push(&rest[..i]);
        let len = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + len..];
    }
    out.push(rest);
    out
}

fn cells_of(line: &str, delimiter: u8) -> Vec<String> {
    line.split(delimiter as char).map(str::to_string).collect()
}

/// The rows hidden in the field of row `row` where a quote ran away, if one did.
fn split(row: usize, cells: &[String], width: usize, delimiter: u8) -> Option<Vec<RawRow>> {
    let id = cells.first()?.trim();
    if width < 2 || id.is_empty() || id.len() > MAX_ID || id.contains(char::is_whitespace) {
        return None;
    }
    let k = cells.iter().position(|c| c.contains(['\r', '\n']))?;
    if k == 0 {
        return None;
    }
    let id_shape = shape(id);
    let lines = lines(&cells[k]);
    let record_like = lines[1..]
        .iter()
        .filter(|line| {
            let fields: Vec<&str> = line.split(delimiter as char).collect();
            fields.len() >= width && {
                let first = fields[0].trim();
                !first.is_empty() && first.len() <= MAX_ID && shape(first) == id_shape
            }
        })
        .count();
    if record_like == 0 {
        return None;
    }
    let mut first: Vec<String> = cells[..k].to_vec();
    first.extend(cells_of(lines[0], delimiter));
    let mut out = vec![
        RawRow::Note(
            row,
            format!(
                "a quote opened on this row runs over the next {} line(s), {record_like} of \
                 which read as rows of their own (ids like {id}); they are read as rows: check \
                 the stray quote in the export",
                lines.len() - 1
            ),
        ),
        RawRow::Cells(row, first),
    ];
    let last = lines.len() - 1;
    for (i, line) in lines.iter().enumerate().skip(1) {
        let mut text = line.to_string();
        if i == last {
            // The cells after the quoted one belong to the line where the quote closed.
            for cell in &cells[k + 1..] {
                text.push(delimiter as char);
                text.push_str(cell);
            }
        }
        // A blank line is no row, but it still counts as a line.
        if !text.trim().is_empty() {
            out.push(RawRow::Cells(row + i, cells_of(&text, delimiter)));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("R4"), "a9");
        assert_eq!(shape("R12"), "a9");
        assert_eq!(shape("V001"), "a9");
        assert_eq!(shape("17"), "9");
        assert_eq!(shape("R_3kX"), "a_9a");
    }

    #[test]
    fn a_runaway_field_gives_back_its_rows() {
        let mut r = Runaway::new(b',');
        assert_eq!(r.check(RawRow::Cells(1, cells(&["id", "v"]))).len(), 1);
        let field = "Tämä jää auki\nR5,Kiire on kova\n\nR6,Johto ei kuuntele";
        let rows = r.check(RawRow::Cells(4, cells(&["R4", field])));
        assert!(matches!(&rows[0], RawRow::Note(4, n) if n.contains("runs over the next 3")));
        assert_eq!(
            rows[1..],
            [
                RawRow::Cells(4, cells(&["R4", "Tämä jää auki"])),
                RawRow::Cells(5, cells(&["R5", "Kiire on kova"])),
                RawRow::Cells(7, cells(&["R6", "Johto ei kuuntele"])),
            ]
        );
    }

    #[test]
    fn real_multi_line_answers_stay_whole() {
        let mut r = Runaway::new(b',');
        r.check(RawRow::Cells(1, cells(&["id", "v"])));
        for field in [
            "Kiire.\nJa vielä: johto, mittarit\nja 2, 3 muuta asiaa",
            "Ensimmäinen rivi\r\nToinen rivi, pilkulla\r\n\r\nKolmas",
            "Lista:\n1. kiire\n2, johto",
        ] {
            let row = RawRow::Cells(2, cells(&["R1", field]));
            assert_eq!(r.check(row.clone()), [row], "{field:?}");
        }
    }
}
