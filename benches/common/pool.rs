//! Generated survey answers for the benchmarks, made from the team corpus
//! (`corpora/yhteisomanagerit`, read with teema's own ingest): each answer is a corpus answer
//! as it is, or 1–4 of the corpus's sentences drawn with Zipf weights (a few sentences are very
//! common, most are rare, like the words of real answers). Seeded: every run and machine gets
//! the same answers.

use std::path::Path;
use std::sync::Arc;

use rand::distributions::{Distribution, WeightedIndex};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_xoshiro::Xoshiro256PlusPlus;
use teema::ingest::{Answer, IngestOptions};
use unicode_segmentation::UnicodeSegmentation;

pub type BoxError = Box<dyn std::error::Error>;

pub struct Pool {
    pub corpus: Vec<Answer>,
    /// Per question: its text and the corpus answers to it.
    questions: Vec<(Arc<str>, Vec<usize>)>,
    /// Per question: its sentences in Zipf rank order, and their weights.
    sentences: Vec<(Vec<String>, WeightedIndex<f64>)>,
}

impl Pool {
    pub fn read(rng: &mut Xoshiro256PlusPlus) -> Result<Pool, BoxError> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/yhteisomanagerit");
        let corpus = teema::ingest::ingest(&dir, &IngestOptions::default())?.answers;
        let mut questions: Vec<(Arc<str>, Vec<usize>)> = Vec::new();
        for (i, a) in corpus.iter().enumerate() {
            match questions.iter_mut().find(|(q, _)| *q == a.question) {
                Some((_, list)) => list.push(i),
                None => questions.push((a.question.clone(), vec![i])),
            }
        }
        let mut sentences = Vec::new();
        for (_, list) in &questions {
            let mut all: Vec<String> = list
                .iter()
                .flat_map(|&i| corpus[i].text.split('\n'))
                .flat_map(|line| line.split_sentence_bounds())
                .map(str::trim)
                .filter(|s| s.chars().any(char::is_alphanumeric))
                .map(String::from)
                .collect();
            all.shuffle(rng);
            let weights = WeightedIndex::new((0..all.len()).map(|r| 1.0 / (r as f64 + 1.0)))?;
            sentences.push((all, weights));
        }
        Ok(Pool {
            corpus,
            questions,
            sentences,
        })
    }

    /// Answer `i` of the generated survey: respondent `i / questions`, question
    /// `i % questions`.
    pub fn answer(&self, i: usize, rng: &mut Xoshiro256PlusPlus) -> Answer {
        let q = i % self.questions.len();
        let respondent = i / self.questions.len() + 1;
        let (question, answers) = &self.questions[q];
        let model = &self.corpus[answers[rng.gen_range(0..answers.len())]];
        let text = if rng.gen_bool(0.3) {
            model.text.clone()
        } else {
            let (sentences, weights) = &self.sentences[q];
            let count = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4][rng.gen_range(0..10)];
            (0..count)
                .map(|_| sentences[weights.sample(rng)].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        Answer {
            id: format!("R{respondent:07}.q{}", q + 1),
            source: Arc::from("kysely_bench.csv"),
            row: respondent + 1,
            question: question.clone(),
            text,
            meta: model.meta.clone(),
        }
    }
}
