//! IBANs: a country code, two check digits and the account, 15 to 34 characters, written
//! together or in groups (`FI35 8000 8100 1234 56`), with a valid mod-97 checksum; where the
//! country's length is known it must match. A mistyped number fails the checksum and stays.

use super::{ends_clear, scan, Kind, Span};

/// IBAN lengths of the countries a Finnish survey meets most; other countries: 15–34.
const LENGTHS: &[(&str, usize)] = &[
    ("AT", 20),
    ("BE", 16),
    ("CH", 21),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LT", 20),
    ("LV", 21),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("SE", 24),
];

/// Adds every IBAN in `text`.
pub(super) fn find(text: &str, out: &mut Vec<Span>) {
    let starts = |bytes: &[u8], i: usize| {
        i + 15 <= bytes.len()
            && bytes[i..i + 2].iter().all(u8::is_ascii_alphabetic)
            && bytes[i + 2..i + 4].iter().all(u8::is_ascii_digit)
    };
    scan(text, Kind::Iban, out, starts, iban_at);
}

/// The end of the longest valid IBAN starting at `from`: its characters are read group by
/// group (one space between groups), and it may end after any group.
fn iban_at(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut chars: Vec<u8> = Vec::with_capacity(34);
    // (characters so far, byte end) after each whole group.
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut at = from;
    loop {
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_alphanumeric() && chars.len() < 35 {
            chars.push(bytes[at].to_ascii_uppercase());
            at += 1;
        }
        if at == start || chars.len() > 34 {
            break;
        }
        ends.push((chars.len(), at));
        if bytes.get(at) == Some(&b' ') && bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            at += 1;
        } else {
            break;
        }
    }
    let country = std::str::from_utf8(&chars[..2]).ok()?;
    if country == "RF" {
        // An RF creditor reference (`RF18 5390 0754 7034`) shares the checksum; not an account.
        return None;
    }
    let length = LENGTHS.iter().find(|(c, _)| *c == country).map(|&(_, n)| n);
    ends.iter().rev().find_map(|&(n, end)| {
        let fits = length.map_or(n >= 15, |l| l == n);
        (fits && ends_clear(text, end) && is_valid(&chars[..n])).then_some(end)
    })
}

/// Whether an IBAN (uppercase, no spaces) has a valid checksum: its first four characters moved
/// to the end and letters read as 10–35, the number mod 97 is 1.
pub(super) fn is_valid(iban: &[u8]) -> bool {
    if !(15..=34).contains(&iban.len()) || !iban[..2].iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    let mut rest = 0u32;
    for &c in iban[4..].iter().chain(&iban[..4]) {
        rest = match c {
            b'0'..=b'9' => (rest * 10 + u32::from(c - b'0')) % 97,
            b'A'..=b'Z' => (rest * 100 + u32::from(c - b'A' + 10)) % 97,
            _ => return false,
        };
    }
    rest == 1
}

/// The two check digits that make `country` + `account` a valid IBAN (for making test data).
#[cfg(test)]
fn check_digits(country: &str, account: &str) -> String {
    let probe = format!("{country}00{account}");
    (2..=98)
        .map(|d| format!("{country}{d:02}{account}"))
        .find(|s| is_valid(s.as_bytes()))
        .map_or(probe, |s| s[2..4].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::redact::found_by(find, text)
    }

    #[test]
    fn checksums_decide() {
        assert_eq!(check_digits("FI", "80008100123456"), "35");
        assert!(is_valid(b"FI3580008100123456"));
        assert!(!is_valid(b"FI3580008100123457"));
        assert!(is_valid(b"GB38TEEM40512318765432"));
    }

    #[test]
    fn grouped_or_not_and_not_the_words_after() {
        assert_eq!(
            found("Tili FI35 8000 8100 1234 56 kiitos"),
            ["FI35 8000 8100 1234 56"]
        );
        assert_eq!(found("tilille FI3580008100123456."), ["FI3580008100123456"]);
        assert_eq!(
            found("IBAN GB38 TEEM 4051 2318 7654 32 ok"),
            ["GB38 TEEM 4051 2318 7654 32"]
        );
        assert!(found("FI35 8000 8100 1234 57").is_empty());
        assert!(found("ABFI3580008100123456").is_empty());
        assert!(found("viite RF18 5390 0754 7034").is_empty());
    }
}
