//! Tokens to an [`Expr`]: `OR` of `AND`s of (possibly negated) words, phrases and groups;
//! errors name the character.

use super::lex::{lex, Spanned, Tok};
use super::Expr;

/// Deepest nesting of parentheses and `NOT`s.
const MAX_DEPTH: usize = 64;

/// Parses a query. `Ok(None)`: the query is blank.
pub fn parse(query: &str) -> Result<Option<Expr>, String> {
    let toks = lex(query)?;
    if toks.is_empty() {
        return Ok(None);
    }
    let mut parser = Parser { toks, next: 0 };
    let expr = parser.or(0)?;
    match parser.toks.get(parser.next) {
        None => Ok(Some(expr)),
        Some((Tok::Close, at)) => Err(format!(
            "the ) at character {at} closes no (; remove it or add a ( before it"
        )),
        Some((tok, at)) => Err(format!("unexpected {} at character {at}", tok.describe())),
    }
}

struct Parser {
    toks: Vec<Spanned>,
    next: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.next).map(|(t, _)| t)
    }

    fn bump(&mut self) -> Option<Spanned> {
        let tok = self.toks.get(self.next).cloned();
        self.next += 1;
        tok
    }

    /// Skips the operator that comes next and returns its place.
    fn skip_operator(&mut self) -> usize {
        let at = self.toks.get(self.next).map_or(0, |(_, at)| *at);
        self.next += 1;
        at
    }

    /// Fails unless something that can start an operand comes next.
    fn operand_after(&self, op: &str, at: usize) -> Result<(), String> {
        match self.peek() {
            None => Err(format!(
                "{op} at character {at} ends the query; it needs a word after it"
            )),
            Some(Tok::Close | Tok::And | Tok::Or) => Err(format!(
                "{op} at character {at} is followed by {}; it needs a word after it",
                self.peek().map(Tok::describe).unwrap_or_default()
            )),
            _ => Ok(()),
        }
    }

    fn or(&mut self, depth: usize) -> Result<Expr, String> {
        let mut items = vec![self.and(depth)?];
        while let Some(Tok::Or) = self.peek() {
            let at = self.skip_operator();
            self.operand_after("OR", at)?;
            items.push(self.and(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Expr, String> {
        let mut items = vec![self.unary(depth)?];
        loop {
            match self.peek() {
                None | Some(Tok::Close | Tok::Or) => break,
                Some(Tok::And) => {
                    let at = self.skip_operator();
                    self.operand_after("AND", at)?;
                }
                Some(_) => {}
            }
            items.push(self.unary(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the query nests more than {MAX_DEPTH} parentheses or NOTs"
            ));
        }
        match self.peek() {
            Some(Tok::Not) => {
                let at = self.skip_operator();
                self.operand_after("NOT", at)?;
                Ok(Expr::Not(Box::new(self.unary(depth + 1)?)))
            }
            Some(Tok::Minus) => {
                self.bump();
                Ok(Expr::Not(Box::new(self.primary(depth + 1)?)))
            }
            Some(Tok::Plus) => {
                self.bump();
                self.primary(depth + 1)
            }
            _ => self.primary(depth),
        }
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, String> {
        let Some((tok, at)) = self.bump() else {
            return Err("the query ends where a word was expected".into());
        };
        match tok {
            Tok::Word(text, kind) => Ok(Expr::Word { text, kind }),
            Tok::Phrase(text, slop) => Ok(Expr::Phrase { text, slop }),
            Tok::Open => {
                match self.peek() {
                    Some(Tok::Close) => return Err(format!("empty parentheses at character {at}")),
                    None => {
                        return Err(format!(
                            "the ( at character {at} is never closed; add a ) after it"
                        ))
                    }
                    _ => {}
                }
                let inner = self.or(depth + 1)?;
                match self.bump() {
                    Some((Tok::Close, _)) => Ok(inner),
                    _ => Err(format!(
                        "the ( at character {at} is never closed; add a ) after it"
                    )),
                }
            }
            Tok::Close => Err(format!(
                "the ) at character {at} closes no (; remove it or add a ( before it"
            )),
            Tok::And | Tok::Or => Err(format!(
                "{} at character {at} needs a word before it",
                tok.describe()
            )),
            Tok::Not | Tok::Plus | Tok::Minus => Err(format!(
                "{} at character {at} cannot follow + or -",
                tok.describe()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::WordKind;

    fn word(text: &str) -> Expr {
        Expr::Word {
            text: text.into(),
            kind: WordKind::Exact,
        }
    }

    fn parsed(q: &str) -> Expr {
        parse(q).unwrap().unwrap()
    }

    #[test]
    fn words_are_anded_and_and_binds_tighter_than_or() {
        assert_eq!(
            parsed("johto arvostus"),
            Expr::And(vec![word("johto"), word("arvostus")])
        );
        assert_eq!(
            parsed("a b OR c AND d"),
            Expr::Or(vec![
                Expr::And(vec![word("a"), word("b")]),
                Expr::And(vec![word("c"), word("d")]),
            ])
        );
        assert_eq!(
            parsed("(a OR b) -c +d"),
            Expr::And(vec![
                Expr::Or(vec![word("a"), word("b")]),
                Expr::Not(Box::new(word("c"))),
                word("d"),
            ])
        );
    }

    #[test]
    fn lowercase_operators_are_words() {
        assert_eq!(
            parsed("kiire tai ei and or not"),
            Expr::And(
                ["kiire", "tai", "ei", "and", "or", "not"]
                    .map(word)
                    .to_vec()
            )
        );
    }

    #[test]
    fn phrases_prefixes_and_typos() {
        assert_eq!(
            parsed("\"ei ole aikaa\" ”johto ymmärrä”~2 arvost* kiire~ johdn~2 kiire~0"),
            Expr::And(vec![
                Expr::Phrase {
                    text: "ei ole aikaa".into(),
                    slop: 0
                },
                Expr::Phrase {
                    text: "johto ymmärrä".into(),
                    slop: 2
                },
                Expr::Word {
                    text: "arvost".into(),
                    kind: WordKind::Prefix
                },
                Expr::Word {
                    text: "kiire".into(),
                    kind: WordKind::Fuzzy(1)
                },
                Expr::Word {
                    text: "johdn".into(),
                    kind: WordKind::Fuzzy(2)
                },
                word("kiire"),
            ])
        );
        assert_eq!(parse("   ").unwrap(), None);
    }

    #[test]
    fn bad_syntax_says_where() {
        for (q, expected) in [
            ("\"ei ole aikaa", "quote at character 1 is never closed"),
            ("(johto OR kiire", "( at character 1 is never closed"),
            ("johto)", ") at character 6 closes no ("),
            ("johto AND", "AND at character 7 ends the query"),
            ("OR kiire", "OR at character 1 needs a word before it"),
            ("johto OR OR kiire", "OR at character 7 is followed by OR"),
            ("NOT", "NOT at character 1 ends the query"),
            ("()", "empty parentheses at character 1"),
            ("kiire ~1", "a word is missing"),
            ("ar*vo", "* is only allowed at the end"),
            ("kiire~3", "0 to 2"),
            ("kiire~x", "0 to 2"),
            (
                "johto - kiire",
                "'-' at character 7 must be directly followed",
            ),
            ("johto *", "a lone * at character 7"),
            ("johto (", "the ( at character 7 is never closed"),
            ("\"johto\"*", "right after the phrase closed at character 7"),
            ("\"johto ymmärrä\"~x", "0 to 100"),
            ("\"\"", "empty phrase"),
            ("yhteisö-man*", "a prefix (*) must be one word"),
        ] {
            let err = parse(q).unwrap_err();
            assert!(err.contains(expected), "{q}: {err}");
        }
        let deep = "(".repeat(1000) + "a" + &")".repeat(1000);
        assert!(parse(&deep).unwrap_err().contains("nests more than"));
        let nots = "NOT ".repeat(1000) + "a";
        assert!(parse(&nots).unwrap_err().contains("nests more than"));
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(q in "(\\PC|[\"”()*~+\\- ]|AND |OR |NOT ){0,40}") {
            let _ = parse(&q);
        }
    }
}
