//! Sheet names Excel accepts: at most 31 characters (UTF-16 units), none of `[]:*?/\`, no
//! apostrophe first or last, not `History`, and no two alike (Excel compares them without
//! case). A question's text is cut to fit, and a number added when two would clash.

use std::collections::HashSet;

/// Excel's longest sheet name, in UTF-16 units.
pub const MAX_SHEET_NAME: usize = 31;

/// Hands out valid sheet names, each different from those before.
#[derive(Debug, Default)]
pub struct SheetNames {
    taken: HashSet<String>,
}

impl SheetNames {
    /// A valid name like `wanted`, not taken before (compared without case), and takes it.
    pub fn take(&mut self, wanted: &str) -> String {
        let base = valid(wanted);
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name.to_lowercase()) {
            let suffix = format!(" ({n})");
            name = format!("{}{suffix}", cut(&base, MAX_SHEET_NAME - suffix.len()));
            n += 1;
        }
        self.taken.insert(name.to_lowercase());
        name
    }
}

/// `wanted` made valid: forbidden characters and control characters become spaces, runs of
/// spaces one, apostrophes trimmed from the ends, cut to 31 units at a word if it can be.
pub fn valid(wanted: &str) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut name = cut(&cleaned, MAX_SHEET_NAME);
    if name.encode_utf16().count() < cleaned.encode_utf16().count() {
        // Cut at the last space when that keeps most of it.
        if let Some(i) = name.rfind(' ').filter(|&i| i >= MAX_SHEET_NAME / 2) {
            name.truncate(i);
        }
    }
    let name = name.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    if name.is_empty() || name.eq_ignore_ascii_case("history") {
        format!("{name} _").trim_start().to_string()
    } else {
        name.to_string()
    }
}

/// The longest head of `s` of at most `units` UTF-16 units.
fn cut(s: &str, units: usize) -> String {
    let mut used = 0;
    s.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= units
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_short_and_unique() {
        let mut names = SheetNames::default();
        assert_eq!(names.take("Yhteenveto"), "Yhteenveto");
        assert_eq!(names.take("yhteenveto"), "yhteenveto (2)");
        let long = names.take("1 Mikä on suurin haasteesi yhteisömanagerina? [valitse]");
        assert_eq!(long, "1 Mikä on suurin haasteesi");
        let again = names.take("1 Mikä on suurin haasteesi yhteisömanagerina? [toinen]");
        assert_eq!(again, "1 Mikä on suurin haasteesi (2)");
        assert_eq!(names.take("a/b\\c*d:e?f[g]h"), "a b c d e f g h");
        assert_eq!(names.take("'lainaus'"), "lainaus");
        assert_eq!(names.take("History"), "History _");
        assert_eq!(names.take("???"), "_");
        assert_eq!(names.take("rivi\nrivi\ttoinen"), "rivi rivi toinen");
        let emoji = names.take(&"😀".repeat(40));
        assert_eq!(emoji.encode_utf16().count(), 30);
        for _ in 0..12 {
            let n = names.take(&"x".repeat(40));
            assert!(n.encode_utf16().count() <= MAX_SHEET_NAME, "{n}");
        }
    }
}
