//! Finnish phone numbers, in a phone's shape only: a leading `0` (`040 123 4567`,
//! `09-123 4567`, `(09) 123 4567`, `0401234567`) or `+358` / `00358` (`+358 40 123 4567`,
//! `+358 (0)40 1234567`), then digit groups joined by one space or hyphen, 7 to 10 digits after
//! the `0` or `358`. Dates (`01-02-2024`), times (`0900-1600`), years, prices and counts do not
//! begin that way or are recognised and left as written.

use super::{ends_clear, scan, Kind, Span};

/// Digits after the trunk `0` or the country code `358`.
const DIGITS: std::ops::RangeInclusive<usize> = 7..=10;

/// Adds every phone number in `text`.
pub(super) fn find(text: &str, out: &mut Vec<Span>) {
    let starts = |bytes: &[u8], i: usize| matches!(bytes[i], b'+' | b'0' | b'(');
    scan(text, Kind::Phone, out, starts, number_at);
}

/// The end of a phone number that starts at `from`, if one does.
fn number_at(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let (prefix, national) = if let Some(r) = rest.strip_prefix("+358") {
        (rest.len() - r.len(), false)
    } else if let Some(r) = rest.strip_prefix("00358") {
        (rest.len() - r.len(), false)
    } else if rest.starts_with("(0") || rest.starts_with('0') {
        (0, true)
    } else {
        return None;
    };
    let mut at = from + prefix;
    if !national {
        at = skip_separator(text, at);
        if text[at..].starts_with("(0)") {
            at = skip_separator(text, at + 3);
        }
    }
    let groups = groups(text, at)?;
    let digits: usize = groups.lens.iter().sum::<usize>() - usize::from(national);
    // The area code or mobile prefix begins with 1–9 (`00` would be an international call).
    let lead = text[at..].strip_prefix('(').unwrap_or(&text[at..]);
    let lead = if national {
        lead.strip_prefix('0').unwrap_or("")
    } else {
        lead
    };
    let first = lead.bytes().next();
    let valid = DIGITS.contains(&digits)
        && first.is_some_and(|b| (b'1'..=b'9').contains(&b))
        && !(national
            && (is_date(&groups) || is_time_range(&groups) || continues_number(text, from)));
    (valid && ends_clear(text, groups.end)).then_some(groups.end)
}

/// One space or hyphen (and spaces around a hyphen) at `at`, skipped.
fn skip_separator(text: &str, at: usize) -> usize {
    let sep = text[at..]
        .chars()
        .take_while(|&c| matches!(c, ' ' | '-' | '\u{a0}'))
        .map(char::len_utf8)
        .sum::<usize>();
    if sep <= 3 {
        at + sep
    } else {
        at
    }
}

/// The digit groups of a number.
struct Groups {
    /// Digits in each group.
    lens: Vec<usize>,
    /// The separator before each group after the first.
    seps: Vec<char>,
    /// Where the last group ends.
    end: usize,
}

/// The digit groups from `at`: an area code in brackets may come first (`(09) 123 4567`);
/// groups after the first have at least two digits, joined by one space, hyphen or
/// no-break space.
fn groups(text: &str, mut at: usize) -> Option<Groups> {
    let bytes = text.as_bytes();
    let run = |at: usize| {
        bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut g = Groups {
        lens: Vec::new(),
        seps: Vec::new(),
        end: at,
    };
    if bytes.get(at) == Some(&b'(') {
        let n = run(at + 1);
        if !(2..=4).contains(&n) || bytes.get(at + 1 + n) != Some(&b')') {
            return None;
        }
        g.lens.push(n);
        at += n + 2;
        g.end = at;
        g.seps.push(' ');
        at = if bytes.get(at) == Some(&b' ') {
            at + 1
        } else {
            at
        };
    }
    loop {
        let n = run(at);
        if n == 0 || (!g.lens.is_empty() && n < 2) {
            break;
        }
        g.lens.push(n);
        g.end = at + n;
        let Some(sep) = text[g.end..].chars().next() else {
            break;
        };
        if !matches!(sep, ' ' | '-' | '\u{a0}') {
            break;
        }
        g.seps.push(sep);
        at = g.end + sep.len_utf8();
    }
    g.seps.truncate(g.lens.len().saturating_sub(1));
    (!g.lens.is_empty()).then_some(g)
}

/// `01-02-2024`, `01 02 2024`: a day, a month and a year, not a number.
fn is_date(g: &Groups) -> bool {
    g.lens == [2, 2, 4] || g.lens == [1, 2, 4] || g.lens == [2, 1, 4]
}

/// `2 045 678 900`, `5390 0754 7034`: groups that continue a number written before them
/// (a price, a reference), not a number of their own.
fn continues_number(text: &str, from: usize) -> bool {
    let mut before = text[..from].chars().rev();
    matches!(before.next(), Some(' ' | '\u{a0}'))
        && before.next().is_some_and(|c| c.is_ascii_digit())
}

/// `0900-1600`: two four-digit times joined by a hyphen.
fn is_time_range(g: &Groups) -> bool {
    g.lens == [4, 4] && g.seps == ['-']
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::redact::found_by(find, text)
    }

    #[test]
    fn mobiles_landlines_and_international_forms() {
        for number in [
            "040 123 4567",
            "0401234567",
            "050-765 4321",
            "044 765 43 21",
            "0400 123 456",
            "09 1234 5678",
            "09-123 4567",
            "(09) 123 4567",
            "02 234 5678",
            "017 123 456",
            "+358 40 123 4567",
            "+358401234567",
            "+358-50-7654321",
            "+358 (0)40 123 4567",
            "00358 9 123 4567",
        ] {
            assert_eq!(found(&format!("soita {number}, kiitos")), [number]);
        }
    }

    #[test]
    fn dates_times_years_prices_and_codes_stay() {
        for text in [
            "01-02-2024",
            "01.02.2024",
            "2024-02-01",
            "klo 09-16",
            "klo 0900-1600",
            "09.00–16.00",
            "vuosina 2019–2023",
            "1 250 €",
            "050 %",
            "vastaaja 1048573",
            "koodi R-0123456",
            "tunnus AB0123456",
            "0,5 h",
            "040 123",
            "001234567",
            "12.040 123 4567",
            "3 012 345 678 euroa",
            "viite 5390 0754 7034",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
