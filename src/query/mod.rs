//! The query language of `teema search`, parsed here rather than by Tantivy's `QueryParser`
//! so that every part of it does what it says (Tantivy's parser turns `arvost*` into a plain
//! term and has no typo search on a custom tokenizer).
//!
//! ```text
//! johto arvostus          both words (AND is the default between words)
//! kiire OR budjetti       either word
//! johto NOT budjetti      johto without budjetti; also `johto -budjetti`; `+word` is required
//! (kiire OR työ) johto    parentheses group; AND binds tighter than OR
//! "johto ei ymmärrä"      a phrase: these words in this order, stop words keep their place
//! "johto ymmärrä"~2       a phrase with up to 2 words of slack (slop)
//! arvost*                 every indexed word starting with `arvost` (at most 64, the commonest)
//! modreointi~1            words one typo away (`~2`: two typos, `~` alone: one)
//! ```
//!
//! Operators are uppercase `AND`, `OR`, `NOT`; lowercase words (`ja`, `tai`, `ei`, `and`, …)
//! are always words. Every word goes through the index's analyzer; words the analyzer does not
//! index (stop words, numbers, one-letter words) are left out of the query with a note, except
//! inside a phrase, where they keep their place as a gap of one word.
//!
//! [`parse`](parse()) turns the text into an [`Expr`] (pure; errors name the character);
//! [`compile`](compile()) turns an `Expr` into a Tantivy query against one index, expanding
//! prefixes and typos into the indexed terms they match, so that the same terms both match and
//! are highlighted. The steps are files: `lex.rs` (tokens), `parse.rs`, `compile.rs`.

mod compile;
mod lex;
mod parse;

pub use compile::{compile, CompileError, Compiled};
pub use parse::parse;

/// Most indexed terms a prefix (`arvost*`) or a typo search (`term~1`) expands to; the terms
/// found in the most answers are kept.
pub const MAX_EXPANSIONS: usize = 64;

/// Largest edit distance of `term~N`.
pub const MAX_TYPOS: u8 = 2;

/// Largest slop of `"phrase"~N`.
pub const MAX_SLOP: u32 = 100;

/// How a single word of the query matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// The word's term (after the analyzer).
    Exact,
    /// `word*`: every indexed term starting with the word (or with its term).
    Prefix,
    /// `word~N`: every indexed term within N edits of the word's term.
    Fuzzy(u8),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// One word as written (without its `*` or `~N`).
    Word { text: String, kind: WordKind },
    /// The text between double quotes, and the slop of `"…"~N`.
    Phrase { text: String, slop: u32 },
    /// All must match.
    And(Vec<Expr>),
    /// At least one must match.
    Or(Vec<Expr>),
    /// Must not match.
    Not(Box<Expr>),
}
