//! Terms as the later stages keep them: shared strings ([`Term`], handed out by an
//! [`Interner`]) or numbers into the run's [`Vocabulary`] ([`TermId`]).

use std::sync::Arc;

/// A term as later stages keep it: shared, so that a million answers' terms are pointers to
/// one copy of each distinct term (see [`Interner`]).
pub type Term = Arc<str>;

/// Hands out one shared [`Term`] per distinct term.
#[derive(Debug, Default)]
pub struct Interner {
    terms: rustc_hash::FxHashSet<Term>,
}

impl Interner {
    /// The shared copy of `term`.
    pub fn intern(&mut self, term: &str) -> Term {
        if let Some(t) = self.terms.get(term) {
            return Arc::clone(t);
        }
        let t: Term = Arc::from(term);
        self.terms.insert(Arc::clone(&t));
        t
    }
}

/// A term as answers hold it: its number in the run's [`Vocabulary`] (4 bytes, where a shared
/// [`Term`] is 16: a million answers hold tens of millions of terms).
pub type TermId = u32;

/// The run's distinct terms, numbered in the order they first occur.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: rustc_hash::FxHashMap<Term, TermId>,
    terms: Vec<Term>,
}

impl Vocabulary {
    /// The number of `term`, numbering it if it is new.
    pub fn id(&mut self, term: &str) -> TermId {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as TermId;
        let term: Term = Arc::from(term);
        self.terms.push(Arc::clone(&term));
        self.ids.insert(term, id);
        id
    }

    /// The number of `term`, if it has one.
    pub fn get(&self, term: &str) -> Option<TermId> {
        self.ids.get(term).copied()
    }

    /// The term numbered `id`.
    pub fn term(&self, id: TermId) -> &str {
        &self.terms[id as usize]
    }

    /// The terms numbered `ids`.
    pub fn terms<'a>(&'a self, ids: &'a [TermId]) -> impl Iterator<Item = &'a str> + 'a {
        ids.iter().map(|&id| self.term(id))
    }

    /// Adds `other`'s terms; returns the new number of each of `other`'s numbers.
    pub fn absorb(&mut self, other: Vocabulary) -> Vec<TermId> {
        other.terms.iter().map(|t| self.id(t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_numbers_terms_once_and_renumbers_a_thread_part_on_merge() {
        let mut run = Vocabulary::default();
        assert_eq!([run.id("aika"), run.id("kiire"), run.id("aika")], [0, 1, 0]);
        let mut part = Vocabulary::default();
        assert_eq!([part.id("johto"), part.id("aika")], [0, 1]);
        // The part's `johto` is new to the run, its `aika` the run's own.
        let remap = run.absorb(part);
        assert_eq!(remap, [2, 0]);
        assert_eq!([run.get("johto"), run.get("kissa")], [Some(2), None]);
        assert_eq!(
            run.terms(&[2, 1, 0]).collect::<Vec<_>>(),
            ["johto", "kiire", "aika"]
        );
    }
}
