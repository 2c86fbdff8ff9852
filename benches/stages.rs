//! Throughput of each stage, with criterion: the analyzer (MB/s), indexing (answers/s), TF-IDF +
//! LSA, and k-means, each next to a baseline measured in the same run.
//!
//!     cargo bench --bench stages                       # 20,000 generated answers
//!     TEEMA_BENCH_N=50000 cargo bench --bench stages   # another size
//!     cargo bench --bench stages -- analyzer           # one group
//!
//! The answers come from `common/pool.rs` (the team corpus recombined, seeded). Every measured
//! call checks its result inside the loop, so that nothing is optimised away or silently
//! broken. Machines here are noisy: compare a stage with its baseline from the same run.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::KMeans;
use ndarray::Array2;
use rand::SeedableRng;
use rand_xoshiro::{Xoshiro256Plus, Xoshiro256PlusPlus};
use teema::analysis::{Analyzer, AnalyzerConfig};
use teema::cluster::kmeans::{self, KMeansParams};
use teema::cluster::lsa::{Lsa, LsaParams};
use teema::cluster::tfidf::{Tfidf, TfidfParams};
use teema::index::IndexEntry;
use teema::ingest::Answer;
use unicode_segmentation::UnicodeSegmentation;

#[path = "common/pool.rs"]
mod pool;

struct Data {
    answers: Vec<Answer>,
    analyzer: Arc<Analyzer>,
    terms: Vec<Vec<String>>,
    bytes: u64,
}

fn data() -> Data {
    let n = std::env::var("TEEMA_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
    let pool = pool::Pool::read(&mut rng).expect("the team corpus reads");
    let answers: Vec<Answer> = (0..n).map(|i| pool.answer(i, &mut rng)).collect();
    let analyzer = Analyzer::from_config(&AnalyzerConfig::default())
        .expect("the built-in analyzer")
        .learn_compounds(answers.iter().map(|a| a.text.as_str()));
    let terms = answers
        .iter()
        .map(|a| {
            Analyzer::features(&analyzer.analyze(&a.text))
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        })
        .collect();
    let bytes = answers.iter().map(|a| a.text.len() as u64).sum();
    Data {
        answers,
        analyzer: Arc::new(analyzer),
        terms,
        bytes,
    }
}

fn lsa_params() -> LsaParams {
    LsaParams {
        dims: 100,
        oversample: 10,
        power_iterations: 4,
        seed: 42,
        fit_rows: 20_000,
    }
}

fn benches(c: &mut Criterion) {
    let d = data();
    let n = d.answers.len();

    // Analyzer, one thread: teema's analysis (the stems of the corpus's words remembered, as in
    // a run), the same without the remembered stems (every word stemmed), and the floor: word
    // segmentation and lowercasing only.
    let mut g = c.benchmark_group("analyzer");
    g.throughput(Throughput::Bytes(d.bytes));
    g.sample_size(10);
    let cold = Analyzer::from_config(&AnalyzerConfig::default()).expect("analyzer");
    for (name, analyzer) in [("analyze", &*d.analyzer), ("analyze, no stem memo", &cold)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let tokens: usize = d
                    .answers
                    .iter()
                    .map(|a| analyzer.analyze(black_box(&a.text)).len())
                    .sum();
                assert!(tokens > n, "{tokens} tokens from {n} answers");
                tokens
            })
        });
    }
    g.bench_function("baseline: segment + lowercase", |b| {
        b.iter(|| {
            let words: usize = d
                .answers
                .iter()
                .map(|a| {
                    black_box(&a.text)
                        .unicode_words()
                        .map(|w| w.to_lowercase().len())
                        .filter(|&l| l > 1)
                        .count()
                })
                .sum();
            assert!(words > n);
            words
        })
    });
    g.finish();

    // Indexing into a fresh Tantivy index on disk, one writer thread below 50k answers.
    let mut g = c.benchmark_group("index");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("build", |b| {
        let other: [teema::report::Key; 1] = ["other".into()];
        b.iter(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let entries = d.answers.iter().map(|a| IndexEntry::of_answer(a, &other));
            let count = teema::index::build(&dir.path().join("index"), &d.analyzer, entries, || {})
                .expect("index builds");
            assert_eq!(count, n);
        })
    });
    g.finish();

    // TF-IDF + LSA: teema's randomized SVD (fitted on at most 20,000 rows, all rows embedded).
    let mut g = c.benchmark_group("tfidf_lsa");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.bench_function("tfidf", |b| {
        b.iter(|| {
            let tfidf = Tfidf::fit(black_box(&d.terms), TfidfParams::default());
            assert_eq!(tfidf.matrix.n_rows, n);
            tfidf
        })
    });
    let tfidf = Tfidf::fit(&d.terms, TfidfParams::default());
    g.bench_function("lsa 100 dims", |b| {
        b.iter(|| {
            let lsa = Lsa::fit(black_box(&tfidf.matrix), lsa_params()).expect("LSA fits");
            assert_eq!(lsa.embeddings.dim(), (n, 100));
            lsa
        })
    });
    g.finish();

    // k-means on the LSA points: teema's fit (restarts on a sample, refined, all assigned) and
    // choice of k, against linfa's k-means with its defaults (10 runs, tolerance 1e-4) on all.
    let points: Array2<f64> = Lsa::fit(&tfidf.matrix, lsa_params())
        .expect("LSA")
        .embeddings;
    let params = KMeansParams {
        seed: 42,
        n_runs: 4,
        max_iterations: 100,
        tolerance: 1e-3,
        fit_sample: 20_000,
        screen_sample: 2_000,
    };
    let k = 12;
    let mut g = c.benchmark_group("kmeans");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.bench_function(BenchmarkId::new("teema fit", k), |b| {
        b.iter(|| {
            let fit = kmeans::fit(black_box(&points), &[], k, &params).expect("k-means");
            assert_eq!(fit.memberships.len(), n);
            fit
        })
    });
    g.bench_function("teema choose k", |b| {
        b.iter(|| {
            let (chosen, _, fit) =
                kmeans::choose_k(black_box(&points), &[], &params, 2000).expect("k-means");
            assert!(chosen >= 2 && fit.memberships.len() == n);
            chosen
        })
    });
    let dataset = DatasetBase::from(points.clone());
    g.bench_function(BenchmarkId::new("baseline: linfa defaults", k), |b| {
        b.iter(|| {
            let model = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(42))
                .fit(black_box(&dataset))
                .expect("linfa k-means");
            let memberships = model.predict(&points);
            assert_eq!(memberships.len(), n);
            model
        })
    });
    g.finish();
}

criterion_group!(stages, benches);
criterion_main!(stages);
