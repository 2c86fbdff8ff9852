//! The parts of a question's section: the bar chart of theme shares, a card per theme (label,
//! answers, top terms, the codebook rules that coded it, quotes with the segment that carries
//! the theme marked), the small themes together, and the `--by` cross-tabs as tables shaded by
//! share. Each part is one function returning its HTML.

use std::fmt::Write as _;

use super::chart::{self, Bar};
use super::text::fill;
use super::{esc, theme_label, Page};
use crate::report::{CrossTab, QuestionReport, Quote, ThemeKind, ThemeSummary};

/// Longest quote shown, in characters; longer answers are cut around the marked segment.
const QUOTE_CHARS: usize = 320;
/// Longest example quote of a small theme, in characters.
const EXAMPLE_CHARS: usize = 140;

/// The CSS class of a theme's kind.
fn class(t: &ThemeSummary) -> &'static str {
    match t.kind {
        ThemeKind::Named => "named",
        ThemeKind::Discovered if t.minor => "minor",
        ThemeKind::Discovered => "discovered",
        ThemeKind::Other | ThemeKind::NoContent => "bucket",
    }
}

fn is_bucket(t: &ThemeSummary) -> bool {
    matches!(t.kind, ThemeKind::Other | ThemeKind::NoContent)
}

/// The id of theme `j` of question `i` on the page.
fn anchor(i: usize, j: usize) -> String {
    format!("q{}-t{}", i + 1, j + 1)
}

/// The chart: every theme on its own, the small ones as one bar, then `other` and
/// `no_content`; each share is of the question's answers that mention the theme.
pub fn chart(page: &Page, i: usize, q: &QuestionReport) -> String {
    let t = page.t;
    let n = q.answers.max(1) as f64;
    let bar = |th: &ThemeSummary, j: usize| Bar {
        label: theme_label(th, t),
        share: th.mentions as f64 / n,
        count: th.mentions,
        weighted: th.weighted_mentions_share,
        class: class(th),
        href: Some(format!("#{}", anchor(i, j))),
    };
    let mut bars: Vec<Bar> = Vec::new();
    for (j, th) in q.themes.iter().enumerate() {
        if !th.minor && !is_bucket(th) {
            bars.push(bar(th, j));
        }
    }
    let minor: Vec<&ThemeSummary> = q.themes.iter().filter(|th| th.minor).collect();
    if !minor.is_empty() {
        let mentions: usize = minor.iter().map(|th| th.mentions).sum();
        let weighted = minor
            .iter()
            .map(|th| th.weighted_mentions_share)
            .sum::<Option<f64>>();
        bars.push(Bar {
            label: format!(
                "{} ({})",
                t.minor,
                fill(t.minor_count, &[&minor.len().to_string()])
            ),
            share: mentions as f64 / n,
            count: mentions,
            weighted,
            class: "minor",
            href: Some(format!("#q{}-minor", i + 1)),
        });
    }
    for (j, th) in q.themes.iter().enumerate() {
        if is_bucket(th) {
            bars.push(bar(th, j));
        }
    }
    let svg = chart::bars(&bars, page.num, t.chart_title, t.weighted_bar);
    let mut legend = String::new();
    for (class, name) in ["named", "discovered", "minor", "bucket"]
        .iter()
        .zip(t.legend)
    {
        if bars.iter().any(|b| b.class == *class) {
            let _ = write!(
                legend,
                "<span class=\"swatch {class}\"></span>{}",
                esc(name)
            );
        }
    }
    format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption>\n<p class=\"legend\">{legend}</p>\n\
         {svg}\n<p class=\"note\">{}</p></figure>\n",
        esc(t.chart_title),
        esc(t.chart_note)
    )
}

/// A card for every theme shown on its own, one for the small themes, and `other` and
/// `no_content` last (the order of `q.themes`).
pub fn cards(page: &Page, i: usize, q: &QuestionReport) -> String {
    let mut s = String::from("<div class=\"cards\">\n");
    let minor: Vec<&ThemeSummary> = q.themes.iter().filter(|th| th.minor).collect();
    let mut minor_done = false;
    for (j, th) in q.themes.iter().enumerate() {
        if th.minor {
            if !minor_done {
                s.push_str(&minor_card(page, i, &minor, q.answers));
                minor_done = true;
            }
            continue;
        }
        s.push_str(&card(page, &anchor(i, j), th, q.answers));
    }
    s.push_str("</div>\n");
    s
}

/// The link that filters the answers table to a theme.
fn show_link(page: &Page, key: &str) -> String {
    format!(
        "<span class=\"act\"> · <a class=\"show\" href=\"#answers\" data-key=\"{}\">{}</a></span>",
        esc(key),
        esc(page.t.show_answers)
    )
}

/// One theme's card.
fn card(page: &Page, id: &str, th: &ThemeSummary, answers: usize) -> String {
    let (t, num) = (page.t, page.num);
    let kind = match th.kind {
        ThemeKind::Named => format!("{} · <code>{}</code>", esc(t.named), esc(&th.key)),
        ThemeKind::Discovered => esc(t.discovered).into_owned(),
        _ => String::new(),
    };
    let mut stats = fill(
        t.theme_stats,
        &[
            &num.answers(th.mentions),
            &num.pct(th.mentions as f64 / answers.max(1) as f64),
            &num.int(th.count),
        ],
    );
    if let Some(w) = th.weighted_mentions_share {
        stats = format!("{stats}; {} {}", t.weighted, num.pct(w));
    }
    let mut s = format!(
        "<article class=\"theme {}\" id=\"{id}\">\n<h3>{} <span class=\"kind\">{kind}</span></h3>\n\
         <p class=\"stats\">{}{}</p>\n",
        class(th),
        esc(&theme_label(th, t)),
        esc(&stats),
        show_link(page, &th.key)
    );
    if !th.top_terms.is_empty() && th.kind != ThemeKind::NoContent {
        let _ = write!(s, "<p class=\"terms\"><b>{}:</b> ", esc(t.top_terms));
        for term in &th.top_terms {
            let _ = write!(s, "<span class=\"term\">{}</span> ", esc(term));
        }
        s.push_str("</p>\n");
    }
    if !th.rules.is_empty() {
        let rules: Vec<String> = th
            .rules
            .iter()
            .map(|r| format!("{} ({})", r.rule, num.int(r.answers)))
            .collect();
        let _ = writeln!(
            s,
            "<p class=\"rules\"><b>{}:</b> {}</p>",
            esc(t.coded_by),
            esc(&rules.join(" · "))
        );
    }
    for quote in &th.quotes {
        s.push_str(&blockquote(quote, QUOTE_CHARS));
    }
    s.push_str("</article>\n");
    s
}

/// The small themes: each with its answers, share and one short example.
fn minor_card(page: &Page, i: usize, minor: &[&ThemeSummary], answers: usize) -> String {
    let (t, num) = (page.t, page.num);
    let mut s = format!(
        "<article class=\"theme minor\" id=\"q{}-minor\">\n<h3>{} <span class=\"kind\">{}</span>\
         </h3>\n<p class=\"note\">{}</p>\n<ul class=\"minor\">\n",
        i + 1,
        esc(t.minor),
        esc(&fill(t.minor_count, &[&minor.len().to_string()])),
        esc(t.minor_note)
    );
    for th in minor {
        let example = th
            .quotes
            .first()
            .map(|q| format!(" <q>{}</q>", marked(q, EXAMPLE_CHARS)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "<li><b>{}</b> — {} ({}){}{example}</li>",
            esc(&theme_label(th, t)),
            esc(&num.answers(th.mentions)),
            esc(&num.pct(th.mentions as f64 / answers.max(1) as f64)),
            show_link(page, &th.key)
        );
    }
    s.push_str("</ul>\n</article>\n");
    s
}

/// A quote with its citation.
fn blockquote(q: &Quote, max: usize) -> String {
    format!(
        "<blockquote class=\"quote\"><p>{}</p><footer>{} · {}:{}</footer></blockquote>\n",
        marked(q, max),
        esc(&q.id),
        esc(&q.source),
        q.row
    )
}

/// The first `n` characters of `s`, cut back to a space; whether it was cut.
fn head(s: &str, n: usize) -> (&str, bool) {
    match s.char_indices().nth(n) {
        None => (s, false),
        Some((at, _)) => (s[..at].rsplit_once(' ').map_or(&s[..at], |(h, _)| h), true),
    }
}

/// The last `n` characters of `s`, cut forward to a space; whether it was cut.
fn tail(s: &str, n: usize) -> (&str, bool) {
    let count = s.chars().count();
    if count <= n {
        return (s, false);
    }
    let start = s.char_indices().nth(count - n).map_or(0, |(i, _)| i);
    (
        s[start..].split_once(' ').map_or(&s[start..], |(_, t)| t),
        true,
    )
}

/// A quote's text, escaped, with the segment that carries the theme in `<mark>`; a long answer
/// cut to about `max` characters around it.
pub fn marked(q: &Quote, max: usize) -> String {
    let text = q.text.as_str();
    let valid = |&(from, to): &(usize, usize)| {
        from < to && to <= text.len() && text.is_char_boundary(from) && text.is_char_boundary(to)
    };
    let Some((from, to)) = q.highlight.filter(valid) else {
        let (shown, cut) = head(text, max);
        return format!("{}{}", esc(shown), if cut { " …" } else { "" });
    };
    let (seg, seg_cut) = head(&text[from..to], max);
    let budget = max.saturating_sub(seg.chars().count());
    let (before, after) = (&text[..from], &text[to..]);
    let (b, a) = (before.chars().count(), after.chars().count());
    let (keep_b, keep_a) = if b + a <= budget {
        (b, a)
    } else if b <= budget / 2 {
        (b, budget - b)
    } else if a <= budget / 2 {
        (budget - a, a)
    } else {
        (budget / 2, budget - budget / 2)
    };
    let (before, cut_b) = tail(before, keep_b);
    let (after, cut_a) = if seg_cut {
        ("", true)
    } else {
        head(after, keep_a)
    };
    format!(
        "{}{}<mark>{}</mark>{}{}",
        if cut_b { "… " } else { "" },
        esc(before),
        esc(seg),
        esc(after),
        if cut_a { " …" } else { "" }
    )
}

/// The background of a cross-tab cell: the larger its share of the table's largest, the
/// darker; and whether its text should be light.
fn shade(share: f64, max: f64) -> (String, bool) {
    let level = if max > 0.0 { share / max } else { 0.0 };
    let lightness = 97.0 - 52.0 * level;
    (format!("hsl(212,65%,{lightness:.0}%)"), lightness < 62.0)
}

/// One `--by` cross-tab: themes down, the column's groups across (a merged group with its
/// number of values), each cell the share of the group's answers that carry the theme, shaded
/// by it.
pub fn crosstab(page: &Page, c: &CrossTab) -> String {
    let (t, num) = (page.t, page.num);
    let mut s = format!(
        "<div class=\"crosstab\"><h3>{}</h3>\n<p class=\"note\">{}</p>\n<div class=\"scroll\">\
         <table class=\"crosstab\"><thead><tr><th>{}</th>",
        esc(&fill(t.crosstab, &[&c.column])),
        esc(t.crosstab_note),
        esc(t.theme)
    );
    for (i, (v, n)) in c.values.iter().zip(&c.totals).enumerate() {
        let neff = c
            .weighted
            .as_ref()
            .and_then(|w| w.get(i))
            .map_or(String::new(), |b| {
                format!(
                    "<br><span class=\"n\">n<sub>eff</sub> = {}</span>",
                    num.dec(b.effective_n, 1)
                )
            });
        let held = match c.values_held[i] {
            1 => String::new(),
            k => format!(
                "<br><span class=\"n\">{}</span>",
                esc(&fill(t.values_held, &[&num.int(k)]))
            ),
        };
        let _ = write!(
            s,
            "<th class=\"num\">{}{held}<br><span class=\"n\">n = {}</span>{neff}</th>",
            esc(page.group(v)),
            num.int(*n)
        );
    }
    s.push_str("</tr></thead><tbody>\n");
    let max = c
        .rows
        .iter()
        .flat_map(|r| r.shares.iter().copied())
        .fold(0.0_f64, f64::max);
    for row in &c.rows {
        let _ = write!(
            s,
            "<tr><th>{}</th>",
            esc(&row_label(page, &row.key, &row.label))
        );
        for (i, (count, share)) in row.counts.iter().zip(&row.shares).enumerate() {
            let (bg, light) = shade(*share, max);
            let weighted = row.weighted_shares.as_ref().and_then(|w| w.get(i));
            let weighted = weighted.map_or(String::new(), |w| {
                format!(
                    "<br><span class=\"n w\">{} {}</span>",
                    esc(t.weighted_short),
                    num.pct(*w)
                )
            });
            let _ = write!(
                s,
                "<td class=\"num{}\" style=\"background:{bg}\">{} <span class=\"n\">({})</span>\
                 {weighted}</td>",
                if light { " light" } else { "" },
                esc(&num.pct(*share)),
                num.int(*count)
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div></div>\n");
    s
}

/// A cross-tab row's label in the page's language (the buckets and named themes translated).
fn row_label(page: &Page, key: &str, label: &str) -> String {
    let theme = page
        .report
        .themes
        .iter()
        .find(|th| th.key == key && th.kind != ThemeKind::Discovered);
    theme.map_or_else(|| label.to_string(), |th| theme_label(th, page.t))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::test_quote as q;

    #[test]
    fn quotes_mark_their_segment_escaped_and_cut_long_answers_around_it() {
        let text = "Kiire, ja <b>johto</b> ei arvosta.";
        let from = text.find('<').unwrap();
        assert_eq!(
            marked(&q(text, Some((from, text.len() - 1))), 320),
            "Kiire, ja <mark>&lt;b&gt;johto&lt;/b&gt; ei arvosta</mark>."
        );
        assert_eq!(marked(&q("<i>", None), 320), "&lt;i&gt;");
        let long = format!("{} keskellä {}", "alku ".repeat(100), "loppu ".repeat(100));
        let from = long.find("keskellä").unwrap();
        let html = marked(&q(&long, Some((from, from + "keskellä".len()))), 100);
        assert!(html.starts_with("… ") && html.ends_with(" …"), "{html}");
        assert!(html.contains("<mark>keskellä</mark>"));
        assert!(html.chars().count() < 130, "{html}");
        // A highlight that is not on character boundaries is ignored, not a panic.
        assert_eq!(marked(&q("ä", Some((0, 1))), 10), "ä");
    }

    #[test]
    fn shades_darken_with_the_share() {
        assert_eq!(shade(0.0, 0.5), ("hsl(212,65%,97%)".to_string(), false));
        assert_eq!(shade(0.5, 0.5), ("hsl(212,65%,45%)".to_string(), true));
    }
}
