//! How the values of a metadata column become the groups that reports compare: the largest
//! [`MAX_GROUPS`] on their own and the rest together, sorted as people read them
//! ([`natural_cmp`]: "2" before "10", å ä ö after z), and which values mean "no value".

use std::cmp::Ordering;

use serde::Serialize;

use super::tables::EMPTY_GROUP;
use super::Lang;

/// The largest groups shown on their own; the others go together into one group.
pub const MAX_GROUPS: usize = 8;

/// The name of the group the smaller groups make together.
pub const OTHER_GROUPS: &str = "(muut ryhmät)";

/// How the reports name a group in `lang`: the smaller groups together ([`OTHER_GROUPS`]) and
/// a cross-tab's answers without a value ([`EMPTY_GROUP`]) in the reader's language, any other
/// group as its value. themes.json keeps the names as they are (with `other` to tell).
pub fn shown(name: &str, lang: Lang) -> &str {
    match (name, lang) {
        (OTHER_GROUPS, Lang::En) => "(other groups)",
        (EMPTY_GROUP, Lang::Fi) => "(tyhjä)",
        _ => name,
    }
}

/// One group of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The column's value, or [`OTHER_GROUPS`].
    pub name: String,
    /// Answers in the group.
    pub answers: usize,
    /// How many of the column's values the group holds (more than 1 only for the smaller
    /// groups together).
    pub values: usize,
    /// Whether this is the smaller groups together.
    pub other: bool,
}

/// Orders group names as people read them: runs of digits by their value ("2" before "10"),
/// letters without regard to case with Finnish å, ä, ö after z; ties by the bytes.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (nx, rx) = split_digits(x);
                let (ny, ry) = split_digits(y);
                let (tx, ty) = (nx.trim_start_matches('0'), ny.trim_start_matches('0'));
                let by_value = tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (x, y) = (rx, ry);
            }
            (Some(c), Some(d)) => {
                let by_letter = letter_key(c).cmp(&letter_key(d));
                if by_letter != Ordering::Equal {
                    return by_letter;
                }
                (x, y) = (&x[c.len_utf8()..], &y[d.len_utf8()..]);
            }
        }
    }
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// A character's place in Finnish alphabetical order, case folded: å, ä, ö right after z.
fn letter_key(c: char) -> u32 {
    let lower = c.to_lowercase().next().unwrap_or(c) as u32;
    let z = 'z' as u32 * 4;
    match char::from_u32(lower) {
        Some('å') => z + 1,
        Some('ä') => z + 2,
        Some('ö') => z + 3,
        _ => lower * 4,
    }
}

/// Which group each value goes to: with more than `MAX_GROUPS + 1` values, the `MAX_GROUPS`
/// largest (ties in natural order) on their own and the rest together. Returns the groups,
/// sorted naturally with the rest last, and each value's group.
pub(super) fn group_values(values: &[&str], totals: &[usize]) -> (Vec<Group>, Vec<usize>) {
    let mut by_size: Vec<usize> = (0..values.len()).collect();
    by_size.sort_by(|&a, &b| {
        totals[b]
            .cmp(&totals[a])
            .then_with(|| natural_cmp(values[a], values[b]))
    });
    let merge = values.len() > MAX_GROUPS + 1;
    let mut kept: Vec<usize> = if merge {
        by_size[..MAX_GROUPS].to_vec()
    } else {
        by_size
    };
    kept.sort_by(|&a, &b| natural_cmp(values[a], values[b]));
    let mut group_of = vec![kept.len(); values.len()];
    let mut groups: Vec<Group> = kept
        .iter()
        .enumerate()
        .map(|(g, &v)| {
            group_of[v] = g;
            Group {
                name: values[v].to_string(),
                answers: totals[v],
                values: 1,
                other: false,
            }
        })
        .collect();
    if merge {
        let rest: Vec<usize> = (0..values.len())
            .filter(|&v| group_of[v] == kept.len())
            .collect();
        groups.push(Group {
            name: OTHER_GROUPS.to_string(),
            answers: rest.iter().map(|&v| totals[v]).sum(),
            values: rest.len(),
            other: true,
        });
    }
    (groups, group_of)
}

/// Whether a value says there is none: empty, or a missing-value marker of R, Excel or SPSS
/// exports (`<NA>`, `NA`, `N/A`, `#N/A`).
pub fn is_missing(value: &str) -> bool {
    matches!(value, "" | "<NA>" | "NA" | "N/A" | "#N/A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reports_name_the_merged_group_and_no_value_in_their_language() {
        assert_eq!(shown(OTHER_GROUPS, Lang::Fi), "(muut ryhmät)");
        assert_eq!(shown(OTHER_GROUPS, Lang::En), "(other groups)");
        assert_eq!(shown(EMPTY_GROUP, Lang::Fi), "(tyhjä)");
        assert_eq!(shown(EMPTY_GROUP, Lang::En), "(empty)");
        assert_eq!(shown("Helsinki", Lang::En), "Helsinki");
    }

    #[test]
    fn groups_sort_naturally_with_finnish_letters_after_z() {
        let mut v = vec![
            "10",
            "2",
            "Öljymäki",
            "Ähtäri",
            "Zeta",
            "Åland",
            "alajärvi",
            "Espoo",
            "1",
            "kunta 10",
            "kunta 9",
            "02",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            [
                "1",
                "02",
                "2",
                "10",
                "alajärvi",
                "Espoo",
                "kunta 9",
                "kunta 10",
                "Zeta",
                "Åland",
                "Ähtäri",
                "Öljymäki"
            ]
        );
    }

    #[test]
    fn the_largest_groups_stay_and_the_rest_go_together() {
        let names: Vec<String> = (1..=12).map(|i| format!("k{i}")).collect();
        let values: Vec<&str> = names.iter().map(String::as_str).collect();
        // k1 has 1 answer, k12 has 12: k5..k12 are the eight largest.
        let totals: Vec<usize> = (1..=12).collect();
        let (groups, group_of) = group_values(&values, &totals);
        let shown: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            shown,
            [
                "k5",
                "k6",
                "k7",
                "k8",
                "k9",
                "k10",
                "k11",
                "k12",
                OTHER_GROUPS
            ]
        );
        let other = groups.last().unwrap();
        assert!(other.other && other.values == 4 && other.answers == 1 + 2 + 3 + 4);
        assert_eq!(group_of[0], 8);
        assert_eq!(group_of[11], 7);
        // Nine values are all shown: one merged value would read worse than its name.
        let (groups, _) = group_values(&values[..9], &totals[..9]);
        assert_eq!(groups.len(), 9);
        assert!(groups.iter().all(|g| !g.other));
    }
}
