//! How the lines are shown: their order ([`sort`]: the exports' order, or the words around
//! the keyword) and the aligned text concordance ([`render`]).

use std::cmp::Ordering;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Line, Sort};

/// Sorts lines by `by`; ties (and [`Sort::Position`]) by source, row, id and offset.
pub fn sort(lines: &mut [Line], by: Sort) {
    let words =
        |s: &str| -> Vec<String> { s.unicode_words().map(str::to_lowercase).collect::<Vec<_>>() };
    let key = |line: &Line| -> Vec<String> {
        match by {
            Sort::Position => Vec::new(),
            Sort::Left => words(&line.left).into_iter().rev().collect(),
            Sort::Right => words(&line.right),
            Sort::Keyword => std::iter::once(line.keyword.to_lowercase())
                .chain(words(&line.right))
                .collect(),
        }
    };
    lines.sort_by(position_order);
    if by != Sort::Position {
        // Stable: lines with the same key stay in the order of the exports.
        lines.sort_by_cached_key(key);
    }
}

/// The order of the exports: source, row, answer id (numbers compared as numbers, so `q10`
/// comes after `q9`), place in the answer.
fn position_order(a: &Line, b: &Line) -> Ordering {
    a.source
        .cmp(&b.source)
        .then(a.row.cmp(&b.row))
        .then_with(|| natural_cmp(&a.id, &b.id))
        .then(a.offset.cmp(&b.offset))
}

/// Compares strings with runs of ASCII digits compared by value.
pub(super) fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = s;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let digits = first.is_ascii_digit();
            let end = rest
                .find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            let (chunk, tail) = rest.split_at(end);
            rest = tail;
            Some((digits, chunk))
        })
    }
    let mut ca = chunks(a);
    let mut cb = chunks(b);
    loop {
        match (ca.next(), cb.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some((true, x)), Some((true, y))) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                let order = x.len().cmp(&y.len()).then(x.cmp(y));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some((_, x)), Some((_, y))) => {
                if x != y {
                    return x.cmp(y);
                }
            }
        }
    }
}

/// The widest a context is shown in text output, in columns per word of context: wider
/// contexts (a long URL) are cut with `…` on the outer side, so one line cannot push the
/// keyword column far to the right.
const COLUMNS_PER_WORD: usize = 12;

/// The lines as an aligned concordance: the left contexts right-aligned so that the keywords
/// form one column, the keyword between `open` and `close` (`[` `]`, or bold on a terminal),
/// the right context, then `id  source:row`. Widths are terminal columns (`unicode-width`: ä is
/// one, an emoji two); `width` is the words of context asked for, which caps each side.
pub fn render(lines: &[Line], width: usize, open: &str, close: &str) -> String {
    let cap = width.saturating_mul(COLUMNS_PER_WORD).max(COLUMNS_PER_WORD);
    let lefts: Vec<String> = lines
        .iter()
        .map(|l| {
            let left = cut_left(&l.left, cap);
            if l.left_gap && !left.is_empty() {
                left + " "
            } else {
                left
            }
        })
        .collect();
    let rights: Vec<String> = lines
        .iter()
        .map(|l| {
            let right = cut_right(&l.right, cap);
            let gap = if l.right_gap && !right.is_empty() {
                " "
            } else {
                ""
            };
            format!("{}{gap}{right}", l.keyword)
        })
        .collect();
    let left_width = lefts.iter().map(|s| s.width()).max().unwrap_or(0);
    let right_width = rights.iter().map(|s| s.width()).max().unwrap_or(0);
    let mut out = String::new();
    for ((line, left), right) in lines.iter().zip(&lefts).zip(&rights) {
        out.extend(std::iter::repeat_n(' ', left_width - left.width()));
        out.push_str(left);
        out.push_str(open);
        out.push_str(&line.keyword);
        out.push_str(close);
        out.push_str(&right[line.keyword.len()..]);
        out.extend(std::iter::repeat_n(' ', right_width - right.width()));
        out.push_str(&format!("  {}  {}:{}\n", line.id, line.source, line.row));
    }
    out
}

/// The end of `s` that fits in `cap` columns, with `…` in front if cut.
fn cut_left(s: &str, cap: usize) -> String {
    if s.width() <= cap {
        return s.to_string();
    }
    let mut used = 1;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > cap {
            break;
        }
        start = i;
    }
    format!("…{}", s[start..].trim_start())
}

/// The start of `s` that fits in `cap` columns, with `…` after it if cut.
fn cut_right(s: &str, cap: usize) -> String {
    if s.width() <= cap {
        return s.to_string();
    }
    let mut used = 1;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        used += c.width().unwrap_or(0);
        if used > cap {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}…", s[..end].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_of_ids() {
        let mut ids = ["V1.q10", "V1.q2", "V10.q1", "V2.q1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["V1.q2", "V1.q10", "V2.q1", "V10.q1"]);
    }

    #[test]
    fn cutting_keeps_the_side_next_to_the_keyword() {
        assert_eq!(cut_left("yksi kaksi kolme", 7), "…kolme");
        assert_eq!(cut_right("yksi kaksi kolme", 7), "yksi k…");
        assert_eq!(cut_right("yksi kaksi kolme", 6), "yksi…");
        assert_eq!(cut_left("äö", 2), "äö");
    }

    #[test]
    fn render_aligns_the_keyword_column() {
        let line = |left: &str, keyword: &str, right: &str| Line {
            id: "1".into(),
            source: "a.csv".into(),
            row: 2,
            question: String::new(),
            theme: String::new(),
            left: left.into(),
            keyword: keyword.into(),
            right: right.into(),
            offset: 0,
            left_gap: !left.is_empty(),
            right_gap: !right.is_empty(),
        };
        let out = render(
            &[
                line("työtä ei arvosteta", "yhtään", "."),
                line("", "Äänet", "kuuluu"),
                line("öö", "yhtään", ""),
            ],
            5,
            "[",
            "]",
        );
        let columns: Vec<usize> = out
            .lines()
            .map(|l| l[..l.find('[').unwrap()].width())
            .collect();
        assert_eq!(columns, [19, 19, 19], "{out}");
        let ends: Vec<usize> = out
            .lines()
            .map(|l| l[..l.find("  1  ").unwrap()].width())
            .collect();
        assert!(ends.iter().all(|&e| e == ends[0]), "{out}");
    }
}
