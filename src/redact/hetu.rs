//! The henkilötunnus: `DDMMYY`, a century sign (`+ - A`, and since 2023 `B C D E F` and
//! `Y X W V U`), a three-digit individual number and a check character, the 9-digit number
//! `DDMMYYNNN` mod 31 in `0123456789ABCDEFHJKLMNPRSTUVWXY`. Only codes with a real day and
//! month and the right check character are found, so a mistyped or invented one stays.

use super::{ends_clear, scan, Kind, Span};

/// The check characters, by the remainder mod 31.
const CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
/// The century signs.
const CENTURY: &[u8] = b"+-ABCDEFYXWVU";

/// Adds every valid henkilötunnus in `text`.
pub(super) fn find(text: &str, out: &mut Vec<Span>) {
    scan(
        text,
        Kind::Hetu,
        out,
        |bytes, i| bytes[i].is_ascii_digit() && i + 11 <= bytes.len(),
        |text, i| {
            (is_hetu(&text.as_bytes()[i..i + 11]) && ends_clear(text, i + 11)).then_some(i + 11)
        },
    );
}

/// The check character of a henkilötunnus (its first 10 characters are read).
pub(super) fn check_char(code: &[u8]) -> Option<u8> {
    let digits: Vec<u8> = code[..6].iter().chain(&code[7..10]).copied().collect();
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = digits
        .iter()
        .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
    Some(CHECK[(n % 31) as usize])
}

/// Whether 11 bytes are a henkilötunnus with a valid date and check character; the letters
/// may be in either case.
fn is_hetu(code: &[u8]) -> bool {
    let two = |i: usize| u32::from(code[i] - b'0') * 10 + u32::from(code[i + 1] - b'0');
    if !code[..6].iter().chain(&code[7..10]).all(u8::is_ascii_digit)
        || !CENTURY.contains(&code[6].to_ascii_uppercase())
    {
        return false;
    }
    let (day, month) = (two(0), two(2));
    if !(1..=12).contains(&month) || day == 0 || day > days_in(month) {
        return false;
    }
    check_char(code) == Some(code[10].to_ascii_uppercase())
}

/// The most days a month can have (29 for February: the year's century is in the sign).
fn days_in(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::redact::found_by(find, text)
    }

    #[test]
    fn valid_codes_of_every_century_are_found() {
        // 131052308 mod 31 = 19 → T; the same number with each sign.
        assert_eq!(check_char(b"131052-308"), Some(b'T'));
        for sign in ["-", "+", "A", "B", "F", "Y", "U"] {
            let code = format!("131052{sign}308T");
            assert_eq!(found(&format!("Hetu {code}.")), [code.as_str()]);
        }
        assert_eq!(found("hetu 131052a308t"), ["131052a308t"]);
    }

    #[test]
    fn wrong_check_characters_dates_and_longer_numbers_stay() {
        assert!(found("131052-308U").is_empty());
        assert!(found("321052-308T").is_empty(), "day 32");
        assert!(found("131352-308T").is_empty(), "month 13");
        assert!(found("9131052-308T").is_empty());
        assert!(found("131052-308T5").is_empty());
        assert!(found("131052-3081").is_empty());
    }
}
