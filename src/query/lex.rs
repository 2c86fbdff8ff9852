//! The query's text to tokens: words with their `*` or `~N`, phrases with their slop,
//! parentheses and operators, each with the character where it starts.

use super::{WordKind, MAX_SLOP, MAX_TYPOS};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    Word(String, WordKind),
    Phrase(String, u32),
    Open,
    Close,
    And,
    Or,
    Not,
    /// `+` directly before a word, phrase or `(`.
    Plus,
    /// `-` directly before a word, phrase or `(`.
    Minus,
}

impl Tok {
    pub(super) fn describe(&self) -> String {
        match self {
            Tok::Word(w, _) => format!("{w:?}"),
            Tok::Phrase(p, _) => format!("\"{p}\""),
            Tok::Open => "(".into(),
            Tok::Close => ")".into(),
            Tok::And => "AND".into(),
            Tok::Or => "OR".into(),
            Tok::Not => "NOT".into(),
            Tok::Plus => "+".into(),
            Tok::Minus => "-".into(),
        }
    }
}

/// A token and the 1-based character where it starts.
pub(super) type Spanned = (Tok, usize);

fn is_quote(c: char) -> bool {
    // Straight quotes, and the typographic ones word processors put in: ” (Finnish), “ „.
    matches!(c, '"' | '”' | '“' | '„')
}

fn ends_word(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || is_quote(c)
}

pub(super) fn lex(query: &str) -> Result<Vec<Spanned>, String> {
    let chars: Vec<char> = query.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            toks.push((Tok::Open, at));
            i += 1;
        } else if c == ')' {
            toks.push((Tok::Close, at));
            i += 1;
        } else if is_quote(c) {
            let (tok, next) = phrase_token(&chars, i)?;
            toks.push((tok, at));
            i = next;
        } else if c == '+' || c == '-' {
            // At the start of a token: an operator on what follows, without a space.
            let operand = chars.get(i + 1);
            if !operand.is_some_and(|&n| !n.is_whitespace() && n != ')') {
                return Err(format!(
                    "{c:?} at character {at} must be directly followed by a word, a phrase or ( \
                 (like {c}kiire)"
                ));
            }
            toks.push((if c == '+' { Tok::Plus } else { Tok::Minus }, at));
            i += 1;
        } else {
            let len = chars[i..]
                .iter()
                .position(|&c| ends_word(c))
                .unwrap_or(chars.len() - i);
            let word: String = chars[i..i + len].iter().collect();
            i += len;
            toks.push((word_token(&word, at)?, at));
        }
    }
    Ok(toks)
}

/// The phrase whose opening quote is `chars[open]`, with its `~N`, and the index after it.
fn phrase_token(chars: &[char], open: usize) -> Result<(Tok, usize), String> {
    let at = open + 1;
    let start = open + 1;
    let Some(len) = chars[start..].iter().position(|&c| is_quote(c)) else {
        return Err(format!(
            "the quote at character {at} is never closed; end the phrase with \""
        ));
    };
    let text: String = chars[start..start + len].iter().collect();
    if text.trim().is_empty() {
        return Err(format!("empty phrase at character {at}"));
    }
    // `closed` is the 1-based place of the closing quote, and the index after it.
    let closed = start + len + 1;
    match chars.get(closed) {
        Some('~') => {
            let digits: String = chars[closed + 1..]
                .iter()
                .take_while(|c| !ends_word(**c))
                .collect();
            let slop = if digits.is_empty() {
                1
            } else {
                digits
                    .parse::<u32>()
                    .ok()
                    .filter(|&n| n <= MAX_SLOP)
                    .ok_or_else(|| {
                        format!(
                            "~{digits} after the phrase closed at character {closed}: the slop \
                             of a phrase is a number of words, 0 to {MAX_SLOP}"
                        )
                    })?
            };
            Ok((Tok::Phrase(text, slop), closed + 1 + digits.chars().count()))
        }
        Some(&c) if !ends_word(c) => Err(format!(
            "unexpected {c:?} right after the phrase closed at character {closed}; put a space \
             after the closing quote"
        )),
        _ => Ok((Tok::Phrase(text, 0), closed)),
    }
}

/// An operator, or a word with its `*` or `~N`.
fn word_token(word: &str, at: usize) -> Result<Tok, String> {
    match word {
        "AND" => return Ok(Tok::And),
        "OR" => return Ok(Tok::Or),
        "NOT" => return Ok(Tok::Not),
        "*" => {
            return Err(format!(
                "a lone * at character {at}: * ends a word (arvost*); \
                 to list every answer, search * alone or an empty query"
            ))
        }
        _ => {}
    }
    let (body, kind) = if let Some((body, n)) = word.rsplit_once('~') {
        let distance = if n.is_empty() {
            1
        } else {
            n.parse::<u8>()
                .ok()
                .filter(|&d| d <= MAX_TYPOS)
                .ok_or_else(|| {
                    format!(
                        "{word:?} at character {at}: ~ takes the number of typos, 0 to {MAX_TYPOS} (kiire~1)"
                    )
                })?
        };
        let kind = if distance == 0 {
            WordKind::Exact
        } else {
            WordKind::Fuzzy(distance)
        };
        (body, kind)
    } else if let Some(body) = word.strip_suffix('*') {
        (body, WordKind::Prefix)
    } else {
        (word, WordKind::Exact)
    };
    if matches!(kind, WordKind::Fuzzy(_)) && body.ends_with('*') {
        return Err(format!(
            "{word:?} at character {at}: a word is either a prefix (*) or fuzzy (~), not both"
        ));
    }
    if body.contains('*') {
        return Err(format!(
            "{word:?} at character {at}: * is only allowed at the end of a word (arvost*), once"
        ));
    }
    if body.contains('~') {
        return Err(format!(
            "{word:?} at character {at}: ~N is only allowed once, at the end of a word (kiire~1)"
        ));
    }
    if body.is_empty() {
        return Err(format!("{word:?} at character {at}: a word is missing"));
    }
    if kind == WordKind::Prefix && !body.chars().all(char::is_alphanumeric) {
        return Err(format!(
            "{word:?} at character {at}: a prefix (*) must be one word of letters"
        ));
    }
    Ok(Tok::Word(body.to_string(), kind))
}
