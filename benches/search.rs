//! Search latency on a large index: term and phrase queries with 10 hits and their snippets,
//! against baselines without snippets, on an index of a million generated answers.
//!
//!     cargo bench --bench search                                  # 1M answers, 200 rounds
//!     TEEMA_BENCH_N=100000 TEEMA_BENCH_ROUNDS=50 cargo bench --bench search
//!
//! The answers are made from the team corpus (`corpora/yhteisomanagerit`, read with teema's
//! own ingest at run time): each is a corpus answer as it is, or 1–4 of the corpus's sentences
//! drawn with Zipf weights (a few sentences are very common, most are rare, like the words of
//! real answers), with the corpus's questions and metadata rows. Seeded, so every run and
//! machine gets the same answers. The index is built with `teema::index::build` and the
//! analyzer `teema run` uses (compounds learned from the answers), not with `teema run`:
//! clustering a million answers is not what is measured. It is kept in
//! `$TEEMA_BENCH_DIR/search-1m` (other N: `search-N`; default dir `/tmp/teema-bench`) and
//! reused while the corpus, the generator and the analyzer's output stay the same.
//!
//! Measured per query, in rounds (each query once per round, after warm-up rounds):
//! - `tantivy`: the query built directly as a Tantivy `TermQuery`/`PhraseQuery`, `TopDocs`
//!   of 10: the floor, no teema query parsing, no stored answers, no snippets;
//! - `top_docs`: `OpenIndex::top_docs`, teema's query language compiled, then `TopDocs`;
//! - `search`: `OpenIndex::search` with limit 10: hits, stored answers and snippets, on an
//!   index opened once: the query latency the goal is about;
//! - `search()`: `teema::index::search`, which opens the index on every call, as a CLI call
//!   does (`TEEMA_BENCH_OPEN_ROUNDS` rounds, default 20);
//! - `open`: `OpenIndex::open` alone, once per such round.
//!
//! Without `--bench` (`cargo test --benches`) it runs a quick smoke check on 3000 answers in a
//! temp dir instead.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{EnableScoring, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Executor, Term};
use teema::analysis::{Analyzer, AnalyzerConfig};
use teema::index::{IndexEntry, OpenIndex, SearchRequest};
use teema::ingest::Answer;

#[path = "common/pool.rs"]
mod pool;
use pool::{BoxError, Pool};

/// Bump when the generated answers change, so cached indexes are rebuilt.
const GENERATOR_VERSION: u32 = 1;
const SEED: u64 = 42;
/// Hits per query, as the goal says.
const LIMIT: usize = 10;
const GOAL_P50_MS: f64 = 5.0;
const GOAL_P99_MS: f64 = 50.0;

/// Single words: common and rare, inflected forms.
const TERM_QUERIES: [&str; 20] = [
    "aikaa",
    "johto",
    "työkalu",
    "tykkäykset",
    "raportti",
    "engagement",
    "moderointi",
    "budjetti",
    "kiire",
    "kommentit",
    "mittarit",
    "koulutusta",
    "johdon",
    "arvostuksen",
    "hiljaiset",
    "trollit",
    "resurssipula",
    "jaksaminen",
    "analytiikkaa",
    "somettelen",
];

/// Phrases, some with stop words inside (they keep their place).
const PHRASE_QUERIES: [&str; 10] = [
    "\"ei ole aikaa\"",
    "\"johto ei ymmärrä\"",
    "\"koko ajan\"",
    "\"kerran kuussa\"",
    "\"ei mitenkään\"",
    "\"aktiivisten jäsenten\"",
    "\"arvostuksen puute\"",
    "\"ei ehdi\"",
    "\"engagement rate\"",
    "\"toinen tekijä\"",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Term,
    Phrase,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Term => "term",
            Kind::Phrase => "phrase",
        }
    }
}

/// What is timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Tantivy,
    TantivyThreads,
    TopDocs,
    Search,
    SearchFn,
}

const MODES: [Mode; 5] = [
    Mode::Tantivy,
    Mode::TantivyThreads,
    Mode::TopDocs,
    Mode::Search,
    Mode::SearchFn,
];

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Tantivy => "tantivy: TopDocs 10, no snippets",
            Mode::TantivyThreads => "tantivy: same, a thread per core",
            Mode::TopDocs => "top_docs: teema query, TopDocs 10",
            Mode::Search => "search: 10 hits + snippets",
            Mode::SearchFn => "search(): + open per call",
        }
    }
}

struct Config {
    answers: usize,
    rounds: usize,
    warmup: usize,
    open_rounds: usize,
    dir: PathBuf,
    /// A temp dir to delete at the end (the smoke check).
    _temp: Option<tempfile::TempDir>,
}

fn env_usize(name: &str, default: usize) -> Result<usize, BoxError> {
    match std::env::var(name) {
        Ok(v) => Ok(v
            .replace('_', "")
            .parse()
            .map_err(|e| format!("{name}={v}: {e}"))?),
        Err(_) => Ok(default),
    }
}

fn config() -> Result<Config, BoxError> {
    if !std::env::args().any(|a| a == "--bench") {
        let temp = tempfile::tempdir()?;
        eprintln!("not run by `cargo bench`: smoke check on 3000 answers");
        return Ok(Config {
            answers: 3000,
            rounds: 3,
            warmup: 1,
            open_rounds: 1,
            dir: temp.path().join("search"),
            _temp: Some(temp),
        });
    }
    let answers = env_usize("TEEMA_BENCH_N", 1_000_000)?;
    let base = std::env::var_os("TEEMA_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/teema-bench"));
    let name = if answers == 1_000_000 {
        "search-1m".to_string()
    } else {
        format!("search-{answers}")
    };
    Ok(Config {
        answers,
        rounds: env_usize("TEEMA_BENCH_ROUNDS", 200)?,
        warmup: env_usize("TEEMA_BENCH_WARMUP", 10)?,
        open_rounds: env_usize("TEEMA_BENCH_OPEN_ROUNDS", 20)?,
        dir: base.join(name),
        _temp: None,
    })
}

/// The corpus's answers, split into sentences per question, and the rows to borrow from.
/// The analyzer `teema run` builds an index with: the default configuration, compounds
/// learned from the answers.
fn run_analyzer<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<Analyzer, BoxError> {
    Ok(Analyzer::from_config(&AnalyzerConfig::default())?.learn_compounds(texts))
}

/// What the cached index depends on: generator, size, corpus, and what the analyzer makes of
/// the corpus.
fn fingerprint(config: &Config, pool: &Pool) -> Result<String, BoxError> {
    let mut h = DefaultHasher::new();
    (GENERATOR_VERSION, SEED, config.answers).hash(&mut h);
    let texts: Vec<&str> = pool.corpus.iter().map(|a| a.text.as_str()).collect();
    let analyzer = run_analyzer(texts.iter().copied())?;
    for text in &texts {
        text.hash(&mut h);
        for t in analyzer.analyze(text) {
            (t.term, t.from, t.to, t.position).hash(&mut h);
        }
    }
    Ok(format!(
        "generator {GENERATOR_VERSION}, seed {SEED}, {} answers, {:016x}\n",
        config.answers,
        h.finish()
    ))
}

/// Builds the index unless the one in the folder was built from the same answers.
fn prepare_index(config: &Config) -> Result<(), BoxError> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let pool = Pool::read(&mut rng)?;
    let stamp_file = config.dir.join("bench-stamp.txt");
    let stamp = fingerprint(config, &pool)?;
    if std::fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str())
        && OpenIndex::open(&config.dir).is_ok()
    {
        eprintln!("reusing {}", config.dir.join("index").display());
        return Ok(());
    }
    let _ = std::fs::remove_file(&stamp_file);
    std::fs::create_dir_all(&config.dir)?;
    let started = Instant::now();
    eprintln!("generating {} answers", config.answers);
    let answers: Vec<Answer> = (0..config.answers)
        .map(|i| pool.answer(i, &mut rng))
        .collect();
    let bytes: usize = answers.iter().map(|a| a.text.len()).sum();
    eprintln!(
        "  {:.1} s, {:.0} MB of text, {:.0} bytes per answer",
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1048576.0,
        bytes as f64 / answers.len() as f64
    );
    let started = Instant::now();
    let analyzer = Arc::new(run_analyzer(answers.iter().map(|a| a.text.as_str()))?);
    eprintln!(
        "learned compounds in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let themes: Vec<[teema::report::Key; 1]> = [
        "time_shortage",
        "lack_of_appreciation",
        "measurement",
        "other",
    ]
    .map(|k| [k.into()])
    .into();
    let entries = answers
        .iter()
        .enumerate()
        .map(|(i, answer)| IndexEntry::of_answer(answer, &themes[i % themes.len()]));
    let started = Instant::now();
    let mut done = 0usize;
    let count = teema::index::build(&config.dir.join("index"), &analyzer, entries, || {
        done += 1;
        if done.is_multiple_of(100_000) {
            eprintln!(
                "  indexed {done} in {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
    })?;
    eprintln!(
        "indexed {count} answers in {:.1} s ({:.0} answers/s)",
        started.elapsed().as_secs_f64(),
        count as f64 / started.elapsed().as_secs_f64()
    );
    std::fs::write(&stamp_file, stamp)?;
    Ok(())
}

/// A query as Tantivy sees it without teema's query language: the analyzer's terms of the
/// words, one `TermQuery`, or a `PhraseQuery` with the words' positions (stop words keep
/// their place).
fn tantivy_query(index: &OpenIndex, text: &str) -> Box<dyn Query> {
    let field = index.text_field();
    let mut terms: Vec<(usize, Term)> = Vec::new();
    for t in index.analyzer().analyze(text.trim_matches('"')) {
        // A compound's parts share its position: the whole word is enough.
        if terms.last().is_none_or(|(p, _)| *p != t.position) {
            terms.push((t.position, Term::from_field_text(field, &t.term)));
        }
    }
    let first = terms[0].0;
    if terms.len() == 1 {
        Box::new(TermQuery::new(
            terms.remove(0).1,
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new_with_offset(
            terms.into_iter().map(|(p, t)| (p - first, t)).collect(),
        ))
    }
}

/// Latencies in milliseconds.
#[derive(Default)]
struct Samples(Vec<f64>);

impl Samples {
    fn push(&mut self, d: Duration) {
        self.0.push(d.as_secs_f64() * 1000.0);
    }

    /// Nearest-rank percentile.
    fn percentile(&self, p: f64) -> f64 {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
        v[rank.clamp(1, v.len()) - 1]
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

struct Measured {
    /// [kind][mode]
    samples: [[Samples; 5]; 2],
    open: Samples,
    /// `Analyzer::for_index` alone: the part of opening that is the analyzer's.
    analyzer: Samples,
    per_query: Vec<PerQuery>,
}

struct PerQuery {
    kind: Kind,
    text: &'static str,
    /// Answers that match.
    answers: usize,
    /// Answers with each word: what a phrase has to intersect.
    postings: Vec<u64>,
    search: Samples,
    tantivy: Samples,
}

fn measure(config: &Config) -> Result<Measured, BoxError> {
    let (index, open_time) = timed(|| OpenIndex::open(&config.dir));
    let index = index?;
    eprintln!("first open: {:.1} ms", open_time.as_secs_f64() * 1000.0);
    let queries: Vec<(Kind, &'static str)> = TERM_QUERIES
        .iter()
        .map(|q| (Kind::Term, *q))
        .chain(PHRASE_QUERIES.iter().map(|q| (Kind::Phrase, *q)))
        .collect();
    let searcher = index.searcher();
    let tantivy_queries: Vec<Box<dyn Query>> = queries
        .iter()
        .map(|(_, q)| tantivy_query(&index, q))
        .collect();
    let mut m = Measured {
        samples: Default::default(),
        open: Samples::default(),
        analyzer: Samples::default(),
        per_query: Vec::new(),
    };
    for ((kind, q), tq) in queries.iter().zip(&tantivy_queries) {
        let mut postings = Vec::new();
        tq.query_terms(&mut |term, _| postings.push(term.clone()));
        m.per_query.push(PerQuery {
            kind: *kind,
            text: q,
            answers: searcher.search(&**tq, &Count)?,
            postings: postings
                .iter()
                .map(|t| searcher.doc_freq(t))
                .collect::<Result<_, _>>()?,
            search: Samples::default(),
            tantivy: Samples::default(),
        });
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let executor = Executor::multi_thread(threads, "bench-search")?;
    let request = |q: &str| SearchRequest {
        query: q.to_string(),
        filters: Vec::new(),
        limit: LIMIT,
        offset: 0,
    };
    // Every query must find answers, the same with and without opening the index.
    for ((_, q), tq) in queries.iter().zip(&tantivy_queries) {
        let hits = index.search(&request(q))?;
        assert!(!hits.is_empty(), "{q}: no hits");
        assert!(
            hits.iter().any(|h| !h.highlights.is_empty()),
            "{q}: no highlights"
        );
        let fresh = teema::index::search(&config.dir, &request(q))?;
        let ids =
            |hits: &[teema::index::Hit]| hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&hits), ids(&fresh), "{q}");
        assert!(!index.top_docs(&request(q))?.is_empty(), "{q}: no top docs");
        let top = searcher.search(&**tq, &TopDocs::with_limit(LIMIT).order_by_score())?;
        assert!(!top.is_empty(), "{q}: Tantivy finds nothing");
    }
    let total = config.warmup + config.rounds;
    for round in 0..total {
        let record = round >= config.warmup;
        let with_open = record && round - config.warmup < config.open_rounds;
        if with_open {
            let (opened, d) = timed(|| OpenIndex::open(&config.dir));
            drop(opened?);
            m.open.push(d);
            let (analyzer, d) = timed(|| Analyzer::for_index(index.dir()));
            drop(analyzer?);
            m.analyzer.push(d);
        }
        for (i, ((kind, q), tq)) in queries.iter().zip(&tantivy_queries).enumerate() {
            let k = *kind as usize;
            let req = request(q);
            let (top, d_tantivy) =
                timed(|| searcher.search(&**tq, &TopDocs::with_limit(LIMIT).order_by_score()));
            assert!(!top?.is_empty());
            let (top, d_threads) = timed(|| {
                searcher.search_with_executor(
                    &**tq,
                    &TopDocs::with_limit(LIMIT).order_by_score(),
                    &executor,
                    EnableScoring::enabled_from_searcher(&searcher),
                )
            });
            assert!(!top?.is_empty());
            let (top, d_top) = timed(|| index.top_docs(&req));
            assert!(!top?.is_empty());
            let (hits, d_search) = timed(|| index.search(&req));
            assert!(!hits?.is_empty());
            if record {
                m.samples[k][Mode::Tantivy as usize].push(d_tantivy);
                m.samples[k][Mode::TantivyThreads as usize].push(d_threads);
                m.samples[k][Mode::TopDocs as usize].push(d_top);
                m.samples[k][Mode::Search as usize].push(d_search);
                m.per_query[i].search.push(d_search);
                m.per_query[i].tantivy.push(d_tantivy);
            }
            if with_open {
                let (hits, d) = timed(|| teema::index::search(&config.dir, &req));
                assert!(!hits?.is_empty());
                m.samples[k][Mode::SearchFn as usize].push(d);
            }
        }
        if (round + 1).is_multiple_of(50) {
            eprintln!("  round {}/{total}", round + 1);
        }
    }
    Ok(m)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn report(config: &Config, m: &Measured) -> Result<(), BoxError> {
    let index = OpenIndex::open(&config.dir)?;
    let searcher = index.searcher();
    println!(
        "index {}: {} answers, {} segments, {:.0} MB",
        index.dir().display(),
        searcher.num_docs(),
        searcher.segment_readers().len(),
        dir_size(index.dir()) as f64 / 1048576.0
    );
    println!(
        "{} term and {} phrase queries, limit {LIMIT}; {} rounds after {} warm-up rounds \
         (search(): the first {} rounds)",
        TERM_QUERIES.len(),
        PHRASE_QUERIES.len(),
        config.rounds,
        config.warmup,
        config.open_rounds.min(config.rounds)
    );
    println!();
    println!(
        "{:<7} {:<36} {:>8} {:>8} {:>8} {:>8} {:>7}",
        "kind", "what", "p50 ms", "p90 ms", "p99 ms", "max ms", "n"
    );
    for (k, kind) in [Kind::Term, Kind::Phrase].into_iter().enumerate() {
        for mode in MODES {
            let s = &m.samples[k][mode as usize];
            println!(
                "{:<7} {:<36} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>7}",
                kind.name(),
                mode.name(),
                s.percentile(50.0),
                s.percentile(90.0),
                s.percentile(99.0),
                s.percentile(100.0),
                s.0.len()
            );
        }
    }
    for (what, s) in [
        ("OpenIndex::open", &m.open),
        ("Analyzer::for_index alone", &m.analyzer),
    ] {
        println!(
            "{:<7} {:<36} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>7}",
            "open",
            what,
            s.percentile(50.0),
            s.percentile(90.0),
            s.percentile(99.0),
            s.percentile(100.0),
            s.0.len()
        );
    }
    println!();
    for (k, kind) in [Kind::Term, Kind::Phrase].into_iter().enumerate() {
        let p50 = |mode: Mode| m.samples[k][mode as usize].percentile(50.0);
        println!(
            "{}: p50 of search / tantivy = {:.1}x (snippets and stored answers), \
             top_docs / tantivy = {:.1}x (teema's query language)",
            kind.name(),
            p50(Mode::Search) / p50(Mode::Tantivy),
            p50(Mode::TopDocs) / p50(Mode::Tantivy)
        );
    }
    for (label, mode) in [
        ("open index", Mode::Search),
        ("search() with open", Mode::SearchFn),
    ] {
        let verdicts: Vec<String> = [Kind::Term, Kind::Phrase]
            .into_iter()
            .enumerate()
            .map(|(k, kind)| {
                let s = &m.samples[k][mode as usize];
                let (p50, p99) = (s.percentile(50.0), s.percentile(99.0));
                let ok = p50 < GOAL_P50_MS && p99 < GOAL_P99_MS;
                format!(
                    "{} {} (p50 {p50:.2} ms, p99 {p99:.2} ms)",
                    kind.name(),
                    if ok { "PASS" } else { "FAIL" }
                )
            })
            .collect();
        println!(
            "goal p50 < {GOAL_P50_MS} ms, p99 < {GOAL_P99_MS} ms, {label}: {}",
            verdicts.join("; ")
        );
    }
    println!();
    println!(
        "{:<7} {:<24} {:>8} {:>12} {:>11} {:>11} {:>11}",
        "kind", "query", "answers", "word answers", "search p50", "search p99", "tantivy p50"
    );
    for q in &m.per_query {
        let postings: Vec<String> = q.postings.iter().map(|n| n.to_string()).collect();
        println!(
            "{:<7} {:<24} {:>8} {:>12} {:>11.3} {:>11.3} {:>11.3}",
            q.kind.name(),
            q.text,
            q.answers,
            postings.join("+"),
            q.search.percentile(50.0),
            q.search.percentile(99.0),
            q.tantivy.percentile(50.0)
        );
    }
    Ok(())
}

/// The load average, to judge how noisy the machine was.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn main() -> Result<(), BoxError> {
    let config = config()?;
    prepare_index(&config)?;
    let before = load();
    let started = Instant::now();
    let measured = measure(&config)?;
    report(&config, &measured)?;
    println!();
    println!(
        "measured in {:.0} s; load average before {before}, after {} ({} cores)",
        started.elapsed().as_secs_f64(),
        load(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    Ok(())
}
