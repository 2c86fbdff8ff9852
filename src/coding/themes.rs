//! From clusters to discovered themes, and the quotes of every theme: which clusters are kept,
//! merged and labelled, which are listed as minor, and which segments show a theme best.

use std::collections::BTreeSet;

use ndarray::Array1;

use super::{AnswerInput, Code, CodingParams, DiscoveredTheme, UnitCode, WordKnowledge};
use crate::cluster::describe::{distinct, distinctive_terms, representatives};
use crate::cluster::lsa::normalize;
use crate::cluster::Discovery;

/// The discovered themes of a question, most answers first. `items` are the (answer, segment)
/// pairs that were clustered, in the order of `discovery.assignment`.
pub fn discovered<'a>(
    answers: &[AnswerInput],
    items: &[(usize, usize)],
    left: &[bool],
    features: &(dyn Fn(usize) -> Vec<&'a str> + Sync),
    discovery: &Discovery,
    words: &WordKnowledge,
    params: &CodingParams,
) -> Vec<DiscoveredTheme> {
    let (related, weak) = (words.related, words.weak);
    let Some(space) = &discovery.space else {
        return Vec::new();
    };
    // Each cluster's items close enough to its centre.
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); discovery.centres.nrows()];
    for (i, placed) in discovery.assignment.iter().enumerate() {
        if let (Some((c, sim)), true) = (*placed, left[i]) {
            if f64::from(sim) >= params.other_similarity {
                groups[c as usize].push(i);
            }
        }
    }
    let answers_of = |members: &[usize]| {
        members
            .iter()
            .map(|&i| items[i].0)
            .collect::<BTreeSet<_>>()
            .len()
    };
    let mut themes: Vec<(Vec<usize>, Vec<usize>)> = groups
        .into_iter()
        .enumerate()
        .filter(|(_, m)| answers_of(m) >= params.min_theme_answers)
        .map(|(c, m)| (vec![c], m))
        .collect();
    let item_terms = |i: usize| {
        let (a, u) = items[i];
        words.vocabulary.terms(answers[a].unit_terms(u))
    };
    let allowed = |t: &str| space.tfidf.has_term(t) && !weak(t);
    // Generic words label a theme only when it has no other words.
    let any = |t: &str| space.tfidf.has_term(t);
    let label = |themes: &[(Vec<usize>, Vec<usize>)]| -> Vec<Vec<String>> {
        let groups: Vec<Vec<usize>> = themes.iter().map(|(_, m)| m.clone()).collect();
        let n = params.top_terms * 3;
        let mut ranked = distinctive_terms(&groups, item_terms, &allowed, n, 0.1);
        if ranked.iter().any(Vec::is_empty) {
            let fallback = distinctive_terms(&groups, item_terms, &any, n, 0.1);
            for (r, f) in ranked.iter_mut().zip(fallback) {
                if r.is_empty() {
                    *r = f;
                }
            }
        }
        ranked
            .into_iter()
            .map(|ranked| distinct(&ranked, related, params.top_terms))
            .collect()
    };
    // Clusters whose labels begin with the same word (or forms of one word) are one theme.
    let mut labels = label(&themes);
    let mut merged = true;
    while merged {
        merged = false;
        'pairs: for a in 0..themes.len() {
            for b in a + 1..themes.len() {
                let same = match (labels[a].first(), labels[b].first()) {
                    (Some(x), Some(y)) => x == y || related(x, y) || related(y, x),
                    _ => false,
                };
                if same {
                    let (clusters, members) = themes.remove(b);
                    themes[a].0.extend(clusters);
                    themes[a].1.extend(members);
                    themes[a].1.sort_unstable();
                    labels = label(&themes);
                    merged = true;
                    break 'pairs;
                }
            }
        }
    }
    let mut out: Vec<DiscoveredTheme> = themes
        .into_iter()
        .zip(labels)
        .map(|((clusters, members), top_terms)| DiscoveredTheme {
            answers: answers_of(&members),
            clusters,
            top_terms,
            members: members.iter().map(|&i| items[i]).collect(),
            representatives: representatives_of(
                answers, items, features, discovery, &members, params,
            ),
            minor: false,
        })
        .collect();
    out.sort_by(|a, b| {
        b.answers
            .cmp(&a.answers)
            .then(a.members[0].cmp(&b.members[0]))
    });
    let floor = params.min_theme_share * answers.len() as f64;
    for (rank, t) in out.iter_mut().enumerate() {
        t.minor = rank >= params.max_themes || (t.answers as f64) < floor;
    }
    out
}

/// A theme's quotes by maximal marginal relevance among its segments closest to its centre.
fn representatives_of<'a>(
    answers: &[AnswerInput],
    items: &[(usize, usize)],
    features: &(dyn Fn(usize) -> Vec<&'a str> + Sync),
    discovery: &Discovery,
    members: &[usize],
    params: &CodingParams,
) -> Vec<(usize, usize)> {
    const POOL: usize = 100;
    let Some(space) = &discovery.space else {
        return Vec::new();
    };
    let mut pool: Vec<(f32, usize)> = members
        .iter()
        .filter_map(|&i| discovery.assignment[i].map(|(_, s)| (s, i)))
        .collect();
    pool.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    pool.truncate(POOL);
    pool.sort_by_key(|&(_, i)| i);
    let rows: Vec<usize> = pool.iter().map(|&(_, i)| i).collect();
    let points = space.project_many(&rows, features);
    let mut centre = Array1::zeros(points.ncols());
    for r in points.rows() {
        centre += &r;
    }
    normalize(centre.view_mut());
    let answer_count = members
        .iter()
        .map(|&i| items[i].0)
        .collect::<BTreeSet<_>>()
        .len();
    let count = quote_count(answer_count, params);
    let same = |x: usize, y: usize| {
        let ((a, _), (b, _)) = (items[rows[x]], items[rows[y]]);
        a == b || answers[a].terms == answers[b].terms
    };
    let short = |x: usize| answers[items[rows[x]].0].terms.len() < 3;
    representatives(&points, &centre, same, short, count, params.quote_lambda)
        .into_iter()
        .map(|r| items[rows[r]])
        .collect()
}

/// How many quotes a theme of `answers` answers gets.
fn quote_count(answers: usize, params: &CodingParams) -> usize {
    if answers < 20 {
        params.quotes.min(3)
    } else {
        params.quotes
    }
}

/// Each named theme's quotes: answers where it is the first theme come first, and each new
/// quote shows a rule (a seed or a rule's word) that no quote chosen before shows, while there
/// are such; then answers of three or more terms before shorter ones, then input order.
pub fn named_quotes(
    answers: &[AnswerInput],
    codes: &[super::Codes],
    named: usize,
    params: &CodingParams,
) -> Vec<Vec<(usize, usize)>> {
    (0..named)
        .map(|t| {
            // (not first, short, answer, segment, (rule, trigger))
            type Candidate = (bool, bool, usize, usize, (u32, u32));
            let mut candidates: Vec<Candidate> = Vec::new();
            for (a, answer) in answers.iter().enumerate() {
                let Some(pos) = codes[a].iter().position(|&c| c == Code::Named(t)) else {
                    continue;
                };
                let Some(e) = answer.evidence.iter().find(|e| e.theme() == t) else {
                    continue;
                };
                let short = answer.terms.len() < 3;
                candidates.push((pos > 0, short, a, e.segment(), (e.rule, e.trigger)));
            }
            candidates.sort();
            let count = quote_count(candidates.len(), params);
            let mut chosen: Vec<usize> = Vec::new();
            let mut shown: BTreeSet<(u32, u32)> = BTreeSet::new();
            for pass in 0..2 {
                for (c, cand) in candidates.iter().enumerate() {
                    if chosen.len() == count {
                        break;
                    }
                    let repeat = chosen.iter().any(|&x| {
                        x == c || answers[candidates[x].2].terms == answers[cand.2].terms
                    });
                    if repeat || (pass == 0 && shown.contains(&cand.4)) {
                        continue;
                    }
                    shown.insert(cand.4);
                    chosen.push(c);
                }
            }
            chosen
                .into_iter()
                .map(|c| (candidates[c].2, candidates[c].3))
                .collect()
        })
        .collect()
}

/// Each named theme's distinctive terms: class-based TF-IDF of the segments it was given,
/// against the other themes' segments (named and discovered), distinct words first.
pub fn named_terms(
    answers: &[AnswerInput],
    units: &[Vec<UnitCode>],
    themes: &[DiscoveredTheme],
    named: usize,
    words: &WordKnowledge,
    params: &CodingParams,
) -> Vec<Vec<String>> {
    let (related, weak) = (words.related, words.weak);
    let mut groups: Vec<Vec<(usize, usize)>> = vec![Vec::new(); named];
    for (a, us) in units.iter().enumerate() {
        for (u, unit) in us.iter().enumerate() {
            for code in &unit.codes {
                if let Code::Named(t) = code {
                    groups[*t].push((a, u));
                }
            }
        }
    }
    groups.extend(themes.iter().map(|t| t.members.clone()));
    let flat: Vec<(usize, usize)> = groups.iter().flatten().copied().collect();
    let mut start = 0;
    let indexed: Vec<Vec<usize>> = groups
        .iter()
        .map(|g| {
            let ids = (start..start + g.len()).collect();
            start += g.len();
            ids
        })
        .collect();
    let terms = |i: usize| {
        let (a, u) = flat[i];
        words.vocabulary.terms(answers[a].unit_terms(u))
    };
    // A named theme gathers many ways of saying it: a term a fortieth of its segments use
    // is distinctive enough.
    distinctive_terms(&indexed, terms, &|t| !weak(t), params.top_terms * 3, 0.025)
        .into_iter()
        .take(named)
        .map(|ranked| distinct(&ranked, related, params.top_terms))
        .collect()
}
