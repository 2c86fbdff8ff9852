//! E-mail addresses: a local part, `@` (or the anti-spam `(at)`, `[at]`), and a domain of at
//! least two labels whose last is letters only (`matti.m@firma.fi`, `a+b@x.co.uk`,
//! `etunimi.sukunimi(at)firma.fi`).

use super::{Kind, Span};

/// Adds every e-mail address in `text`.
pub(super) fn find(text: &str, out: &mut Vec<Span>) {
    for sign in ["@", "(at)", "[at]", "(AT)", "[AT]"] {
        for (at, _) in text.match_indices(sign) {
            let Some(from) = local_start(text, at) else {
                continue;
            };
            let Some(to) = domain_end(text, at + sign.len()) else {
                continue;
            };
            out.push(Span {
                from,
                to,
                kind: Kind::Email,
            });
        }
    }
}

fn is_local(c: char) -> bool {
    c.is_alphanumeric() || "._%+-'".contains(c)
}

/// Where the local part before `at` starts (not with a dot), if there is one.
fn local_start(text: &str, at: usize) -> Option<usize> {
    let mut from = at;
    for (i, c) in text[..at].char_indices().rev() {
        if !is_local(c) {
            break;
        }
        from = i;
    }
    while text[from..at].starts_with(['.', '\'', '-']) {
        from += 1;
    }
    (from < at).then_some(from)
}

/// Where the domain that starts at `from` ends, if it has two labels or more and a top-level
/// label of letters.
fn domain_end(text: &str, from: usize) -> Option<usize> {
    let len = text[from..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-' || c == '.'))
        .map_or(text.len() - from, |(i, _)| i);
    let domain = text[from..from + len].trim_end_matches(['.', '-']);
    let labels: Vec<&str> = domain.split('.').collect();
    let top = labels.last()?;
    let ok = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty())
        && top.chars().count() >= 2
        && top.chars().all(char::is_alphabetic);
    ok.then_some(from + domain.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::redact::found_by(find, text)
    }

    #[test]
    fn addresses_end_before_punctuation() {
        assert_eq!(
            found("Laita viestiä: teppo.testaaja@esimerkki.fi."),
            ["teppo.testaaja@esimerkki.fi"]
        );
        assert_eq!(found("(a+b@sub.firma.co.uk)"), ["a+b@sub.firma.co.uk"]);
        assert_eq!(found("äijä.öljy@kylä.fi,"), ["äijä.öljy@kylä.fi"]);
        assert_eq!(found("maija.m(at)firma.fi"), ["maija.m(at)firma.fi"]);
    }

    #[test]
    fn mentions_and_bare_at_signs_stay() {
        assert!(found("@Matti kiitos").is_empty());
        assert!(found("tavataan @ 9").is_empty());
        assert!(found("x@localhost").is_empty());
        assert!(found("hinta 5@3.50").is_empty());
    }
}
