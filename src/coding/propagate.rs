//! Named themes beyond their rules: a segment no rule coded, but that says what the segments
//! the rules coded say, takes their theme. Each named theme's *centre* is the mean of its
//! rule-coded segments in the clustering space; a clustered segment whose cosine to that centre
//! is at least `propagate_similarity`, and higher than to any other named centre, takes the
//! theme, with that cosine as its evidence ("like the answers coded time_shortage").
//!
//! Only themes the rules found in enough of the question's answers (`propagate_min_answers`
//! and `propagate_min_share`) spread: a theme that a survey about something else touches once
//! or twice has no centre to spread from.

use std::collections::BTreeSet;

use ndarray::{Array1, Array2};

use super::{AnswerInput, Code, CodingParams, UnitCode};
use crate::cluster::lsa::normalize;
use crate::cluster::Space;

/// Gives uncoded items the named theme whose centre they are close to. `items` are the
/// (answer, segment) pairs that were clustered; `features(i)` the features of item `i`;
/// `named_features(a, u)` those of any segment.
pub fn propagate<'a>(
    answers: &[AnswerInput],
    units: &mut [Vec<UnitCode>],
    items: &[(usize, usize)],
    features: &(dyn Fn(usize) -> Vec<&'a str> + Sync),
    segment_features: &(dyn Fn(usize, usize) -> Vec<&'a str> + Sync),
    space: &Space,
    named: usize,
    params: &CodingParams,
) {
    let floor = (params.propagate_min_share * answers.len() as f64)
        .max(params.propagate_min_answers as f64);
    let mut centres: Vec<(usize, Array1<f64>)> = Vec::new();
    for t in 0..named {
        let coded: Vec<(usize, usize)> = units
            .iter()
            .enumerate()
            .flat_map(|(a, us)| {
                us.iter()
                    .enumerate()
                    .filter(move |(_, u)| u.codes.contains(&Code::Named(t)) && u.like.is_none())
                    .map(move |(s, _)| (a, s))
            })
            .collect();
        let answers_with = coded.iter().map(|&(a, _)| a).collect::<BTreeSet<_>>().len();
        if (answers_with as f64) < floor {
            continue;
        }
        let mut centre = Array1::zeros(space.lsa.components.ncols());
        for &(a, s) in &coded {
            if let Some(v) = space.project(&segment_features(a, s)) {
                centre += &v;
            }
        }
        normalize(centre.view_mut());
        if centre.dot(&centre) > 0.5 {
            centres.push((t, centre));
        }
    }
    if centres.is_empty() {
        return;
    }
    let ids: Vec<usize> = (0..items.len()).collect();
    let points: Array2<f64> = space.project_many(&ids, features);
    for (i, &(a, s)) in items.iter().enumerate() {
        let p = points.row(i);
        if p.dot(&p) < 0.5 {
            continue;
        }
        let best = centres
            .iter()
            .map(|(t, c)| (*t, p.dot(c)))
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        if let Some((t, sim)) = best.filter(|&(_, sim)| sim >= params.propagate_similarity) {
            let unit = &mut units[a][s];
            unit.codes = vec![Code::Named(t)];
            unit.like = Some(sim);
        }
    }
}
