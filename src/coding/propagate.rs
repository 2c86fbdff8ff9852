//! Named themes beyond their rules: a segment no rule coded, but that says what the segments
//! the rules coded say, takes their theme. Each named theme's *centre* is the mean of its
//! rule-coded segments in the clustering space ([`centres`], the anchors of
//! [`crate::cluster::discover`]); a clustered segment whose nearest centre is a named theme's at
//! a cosine of at least `propagate_similarity` takes the theme, with that cosine as its evidence
//! ("like the segments the rules coded time_shortage").
//!
//! Only themes the rules found in enough of the question's answers (`propagate_min_answers`
//! and `propagate_min_share`) spread: a theme that a survey about something else touches once
//! or twice has no centre to spread from.

use std::collections::BTreeSet;

use ndarray::{Array1, Array2};

use super::{Code, CodingParams, UnitCode};
use crate::cluster::lsa::normalize;
use crate::cluster::Space;

/// The named themes that may spread, with the (answer, segment) pairs the rules coded with
/// each.
pub fn spreading(
    units: &[Vec<UnitCode>],
    named: usize,
    params: &CodingParams,
) -> Vec<(usize, Vec<(usize, usize)>)> {
    let answers = units.len();
    let floor =
        (params.propagate_min_share * answers as f64).max(params.propagate_min_answers as f64);
    (0..named)
        .filter_map(|t| {
            let coded: Vec<(usize, usize)> = units
                .iter()
                .enumerate()
                .flat_map(|(a, us)| {
                    us.iter()
                        .enumerate()
                        .filter(move |(_, u)| u.codes.contains(&Code::Named(t)))
                        .map(move |(s, _)| (a, s))
                })
                .collect();
            let with = coded.iter().map(|&(a, _)| a).collect::<BTreeSet<_>>().len();
            (with as f64 >= floor).then_some((t, coded))
        })
        .collect()
}

/// The centre of each spreading theme's segments (a row each, in the order of `spreading`).
pub fn centres<'a>(
    space: &Space,
    spreading: &[(usize, Vec<(usize, usize)>)],
    features: &(dyn Fn(usize, usize) -> Vec<&'a str> + Sync),
) -> Array2<f64> {
    let d = space.lsa.components.ncols();
    let mut out = Array2::zeros((spreading.len(), d));
    for (row, (_, coded)) in spreading.iter().enumerate() {
        let mut centre = Array1::zeros(d);
        for &(a, s) in coded {
            if let Some(v) = space.project(&features(a, s)) {
                centre += &v;
            }
        }
        normalize(centre.view_mut());
        out.row_mut(row).assign(&centre);
    }
    out
}

/// Gives each clustered item whose nearest centre (`anchored`, from the clustering pass) is at
/// least `propagate_similarity` close that centre's theme, unless the theme's rules saw the
/// item and declined it (`declined(item, theme)`: it holds a word the rules count only in
/// context, "aika" of "aika hyvä").
pub fn propagate(
    units: &mut [Vec<UnitCode>],
    items: &[(usize, usize)],
    anchored: &[crate::cluster::Placement],
    spreading: &[(usize, Vec<(usize, usize)>)],
    declined: &dyn Fn(usize, usize) -> bool,
    params: &CodingParams,
) {
    for (i, (&(a, s), near)) in items.iter().zip(anchored).enumerate() {
        if let Some((row, sim)) = *near {
            let theme = spreading[row as usize].0;
            if f64::from(sim) >= params.propagate_similarity && !declined(i, theme) {
                let unit = &mut units[a][s];
                unit.codes = smallvec::smallvec![Code::Named(theme)];
                unit.like = Some(sim);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(codes: &[Code]) -> UnitCode {
        UnitCode::with(codes)
    }

    #[test]
    fn a_theme_spreads_to_close_segments_its_rules_did_not_decline() {
        let params = CodingParams::default();
        let mut units = vec![
            vec![unit(&[Code::Other])],
            vec![unit(&[Code::Other])],
            vec![unit(&[Code::Other])],
        ];
        let items = [(0, 0), (1, 0), (2, 0)];
        let spreading = [(4, vec![(9, 0)])];
        let anchored = [Some((0, 0.9)), Some((0, 0.9)), Some((0, 0.1))];
        let declined = |item: usize, theme: usize| item == 1 && theme == 4;
        propagate(
            &mut units, &items, &anchored, &spreading, &declined, &params,
        );
        assert_eq!(units[0][0].codes.as_slice(), [Code::Named(4)]);
        assert_eq!(units[0][0].like, Some(0.9));
        assert_eq!(
            units[1][0].codes.as_slice(),
            [Code::Other],
            "declined by the rules"
        );
        assert_eq!(units[2][0].codes.as_slice(), [Code::Other], "too far");
    }
}
