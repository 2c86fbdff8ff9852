//! `--by` and `--date` in `report.html`: per question, the themes over- or under-represented in
//! a group (a table of the significant cells, as in `summary.md`), and the theme shares per
//! period as a line chart with a table under it. Strings in the page's language; every text
//! from the data escaped.

use std::fmt::Write as _;

use super::text::{fill, Num};
use super::{esc, theme_label, Page};
use crate::report::compare::{Comparison, Difference, Direction};
use crate::report::trends::Trends;
use crate::report::ThemeSummary;

/// Rows of the comparison table at most; the rest are in themes.json.
const SHOWN_CELLS: usize = 20;
/// Significance level of the cells listed.
use crate::report::compare::ALPHA;
/// Themes drawn in the trend chart at most (the largest overall).
const TREND_THEMES: usize = 6;
/// The trend lines' colours, in order.
const COLOURS: [&str; TREND_THEMES] = [
    "#2a62b8", "#e8963a", "#2f8a5d", "#b83a5e", "#7a55b8", "#5b6675",
];

/// The fixed strings of these sections, in one language.
struct Words {
    compared: &'static str,
    /// `{}` answers in `{}` groups, `{}` without a value left out.
    base: &'static str,
    /// With `--weight`: the effective sample size the tests are scaled to, answers left out.
    weighted: &'static str,
    /// Overall: χ², df, p, Cramér's V.
    overall: &'static str,
    rough: &'static str,
    group: &'static str,
    in_group: &'static str,
    elsewhere: &'static str,
    over: &'static str,
    under: &'static str,
    /// `{}` of `{}` comparisons differ at p (BH) < 0,05.
    note: &'static str,
    /// The `{}` strongest are shown.
    more: &'static str,
    /// None significant: `{}` comparisons; the largest difference: ...
    none: &'static str,
    /// `{}` in `{}`: `{}` against `{}` elsewhere, G² `{}`, p `{}`.
    largest: &'static str,
    /// Themes by `{}` (`{}`).
    trends: &'static str,
    trends_note: &'static str,
    undated: &'static str,
    no_dates: &'static str,
    period: &'static str,
    periods: [&'static str; 3],
}

const FI: Words = Words {
    compared: "Ryhmien vertailu: {}",
    base: "{} vastausta {} ryhmässä ({} ilman arvoa jätetty pois).",
    weighted: "Painotettu (--weight): testit on laskettu painotetuista osuuksista, kumpikin puoli \
               (ryhmä, muut vastaukset) skaalattuna tehollisen otoskokonsa mukaan (Kish; \
               asetelmavaikutuksella korjattu G²), yhteensä tehollinen otoskoko {}; {} vastausta \
               ilman kelvollista painoa jätetty testeistä pois.",
    overall: "Kokonaistesti (ensimmäinen teema × ryhmä): χ² = {}, df = {}, p {}, Cramérin V = {}.",
    rough: " Yli viidesosa soluista odottaa alle 5 vastausta, joten p on karkea.",
    group: "Ryhmä",
    in_group: "Ryhmässä",
    elsewhere: "Muualla",
    over: "yleisempi",
    under: "harvinaisempi",
    note: "{} / {} teema × ryhmä -vertailusta eroaa (p (BH) < 0,05). Ryhmässä: osuus ryhmän \
           vastauksista, joissa teema on; muualla: muiden vastausten osuus. G²: 2×2-taulun \
           log-uskottavuus, 1 df; p (BH): Benjamini–Hochberg-korjattu (* < 0,05, ** < 0,01, \
           *** < 0,001); † solu odottaa alle 5 vastausta.",
    more: " Näytetään {} vahvinta; kaikki ovat tiedostossa themes.json.",
    none: "Mikään teema ei ole yli- tai aliedustettu missään ryhmässä (p (BH) < 0,05, {} \
           vertailua).",
    largest: " Suurin ero: {} ryhmässä {}: {} vs. {} muualla, G² = {}, p = {}.",
    trends: "Teemat ajan mukaan: {} ({})",
    trends_note: "Osuus kunkin jakson vastauksista, joissa teema on; kuvassa enintään kuusi \
                  suurinta teemaa.",
    undated: " {} vastausta ilman luettavaa päivämäärää jätetty pois.",
    no_dates: "Yhdessäkään vastauksessa ei ole luettavaa päivämäärää.",
    period: "Jakso",
    periods: ["kuukausittain", "neljännesvuosittain", "vuosittain"],
};

const EN: Words = Words {
    compared: "Groups compared: {}",
    base: "{} answers in {} groups ({} without a value left out).",
    weighted: "Weighted (--weight): the tests are on the weighted shares, each side (the group, \
               the other answers) scaled to its effective sample size (Kish; design-effect \
               corrected G²), together {}; {} answers without a valid weight left out of the \
               tests.",
    overall: "Overall (first theme × group): χ² = {}, df = {}, p {}, Cramér's V = {}.",
    rough: " Over a fifth of the cells expect fewer than 5 answers, so p is rough.",
    group: "Group",
    in_group: "In group",
    elsewhere: "Elsewhere",
    over: "more common",
    under: "less common",
    note: "{} of {} theme × group comparisons differ (p (BH) < 0.05). In group: share of the \
           group's answers that carry the theme; elsewhere: of the other answers. G²: \
           log-likelihood of the 2×2 table, 1 df; p (BH): Benjamini–Hochberg adjusted (* < \
           0.05, ** < 0.01, *** < 0.001); † a cell expects fewer than 5 answers.",
    more: " The {} strongest are shown; all are in themes.json.",
    none: "No theme is over- or under-represented in any group (p (BH) < 0.05, {} \
           comparisons).",
    largest: " The largest difference: {} in {}: {} against {} elsewhere, G² = {}, p = {}.",
    trends: "Themes over time: {} ({})",
    trends_note: "Share of each period's answers that carry the theme; the chart shows the six \
                  largest themes at most.",
    undated: " {} answers without a readable date are left out.",
    no_dates: "No answer has a readable date.",
    period: "Period",
    periods: ["by month", "by quarter", "by year"],
};

fn words(page: &Page) -> &'static Words {
    match page.t.lang {
        "en" => &EN,
        _ => &FI,
    }
}

/// A theme's name for people, by its key.
fn name(page: &Page, key: &str, fallback: &str, themes: &[ThemeSummary]) -> String {
    themes
        .iter()
        .find(|t| t.key == key)
        .map_or_else(|| fallback.to_string(), |t| theme_label(t, page.t))
}

/// A p-value: `< 0,001` or three decimals.
fn p_value(num: Num, p: f64) -> String {
    if p < 0.001 {
        format!("< {}", num.dec(0.001, 3))
    } else {
        num.dec(p, 3)
    }
}

/// How weights were taken (with `--weight`) and the overall test, as paragraphs.
fn tests_lines(page: &Page, c: &Comparison) -> String {
    let (w, num) = (words(page), page.num);
    let mut s = String::new();
    if let Some(bases) = &c.weighted {
        let effective_n: f64 = bases.iter().map(|b| b.effective_n).sum();
        let invalid: usize = bases.iter().map(|b| b.answers_invalid).sum();
        let line = fill(w.weighted, &[&num.dec(effective_n, 1), &num.int(invalid)]);
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", esc(&line));
    }
    if let Some(o) = &c.overall {
        let p = if o.p < 0.001 {
            p_value(num, o.p)
        } else {
            format!("= {}", num.dec(o.p, 3))
        };
        let mut line = fill(
            w.overall,
            &[
                &num.dec(o.chi2, 2),
                &o.df.to_string(),
                &p,
                &num.dec(o.cramers_v, 3),
            ],
        );
        if o.low_expected > 0.2 {
            line.push_str(w.rough);
        }
        let _ = writeln!(s, "<p class=\"overall\">{}</p>", esc(&line));
    }
    s
}

/// The table rows of the cells shown.
fn rows(
    page: &Page,
    c: &Comparison,
    shown: &[(usize, usize, &Difference)],
    themes: &[ThemeSummary],
) -> String {
    let (w, num) = (words(page), page.num);
    let theme_of = |t: usize| name(page, &c.themes[t].key, &c.themes[t].label, themes);
    let mut s = String::new();
    for &(t, g, x) in shown {
        let (class, arrow, word) = match x.direction {
            Direction::Over => ("over", "▲", w.over),
            Direction::Under => ("under", "▼", w.under),
            Direction::Same => ("same", "", ""),
        };
        let rough = if x.min_expected < 5.0 { " †" } else { "" };
        let neff = c.weighted.as_ref().map_or(String::new(), |b| {
            format!(", n<sub>eff</sub> = {}", esc(&num.dec(b[g].effective_n, 1)))
        });
        let weighted = match (x.weighted_share, x.weighted_share_elsewhere) {
            (Some(a), Some(b)) => format!(
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                num.pct(a),
                num.pct(b)
            ),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "<tr class=\"{class}\"><td>{}</td><td>{} <span class=\"n\">n = {}{neff}</span></td><td \
             class=\"num\">{} <span class=\"n\">({})</span></td><td class=\"num\">{} <span \
             class=\"n\">({})</span></td>{weighted}<td class=\"num\">{}</td><td class=\"num\">{}</td><td \
             class=\"dir\"><span class=\"arrow\" title=\"{}\">{arrow}</span> {}{rough}</td></tr>",
            esc(&theme_of(t)),
            esc(page.group(&c.groups[g].name)),
            num.int(c.groups[g].answers),
            num.pct(x.share),
            num.int(x.count),
            num.pct(x.share_elsewhere),
            num.int(x.count_elsewhere),
            num.dec(x.g2, 2),
            esc(&p_value(num, x.p_adjusted)),
            esc(word),
            esc(x.stars)
        );
    }
    s
}

/// The comparison of one `--by` column for one question.
pub fn comparison(page: &Page, c: &Comparison, themes: &[ThemeSummary]) -> String {
    let (w, num) = (words(page), page.num);
    let base = fill(
        w.base,
        &[
            &num.int(c.answers),
            &num.int(c.groups.len()),
            &num.int(c.without_value),
        ],
    );
    let mut s = format!(
        "<div class=\"compare\"><h3>{}</h3>\n<p class=\"meta\">{}</p>\n",
        esc(&fill(w.compared, &[&c.column])),
        esc(&base)
    );
    s.push_str(&tests_lines(page, c));
    let cells = c.ranked_cells();
    let tests = cells.len();
    let significant = cells.iter().filter(|x| x.2.p_adjusted < ALPHA).count();
    let theme_of = |t: usize| name(page, &c.themes[t].key, &c.themes[t].label, themes);
    if significant == 0 {
        let mut line = fill(w.none, &[&num.int(tests)]);
        if let Some(&(t, g, x)) = cells.first() {
            let (share, elsewhere) = x.tested_shares();
            line.push_str(&fill(
                w.largest,
                &[
                    &theme_of(t),
                    page.group(&c.groups[g].name),
                    &num.pct(share),
                    &num.pct(elsewhere),
                    &num.dec(x.g2, 2),
                    &p_value(num, x.p),
                ],
            ));
        }
        let _ = writeln!(s, "<p class=\"note\">{}</p>\n</div>", esc(&line));
        return s;
    }
    let mut shown = cells[..significant.min(SHOWN_CELLS)].to_vec();
    shown.sort_by_key(|&(t, g, _)| (t, g));
    let weighted_heads = if c.weighted.is_some() {
        let head = |what: &str| {
            format!(
                "<th class=\"num\">{}</th>",
                esc(&format!("{what}, {}", page.t.weighted_short))
            )
        };
        head(w.in_group) + &head(w.elsewhere)
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "<div class=\"scroll\"><table class=\"compare\"><thead><tr><th>{}</th><th>{}</th><th \
         class=\"num\">{}</th><th class=\"num\">{}</th>{weighted_heads}<th \
         class=\"num\">G²</th><th class=\"num\">p (BH)</th><th></th></tr></thead><tbody>",
        esc(page.t.theme),
        esc(w.group),
        esc(w.in_group),
        esc(w.elsewhere)
    );
    s.push_str(&rows(page, c, &shown, themes));
    let mut note = fill(w.note, &[&num.int(significant), &num.int(tests)]);
    if significant > SHOWN_CELLS {
        note.push_str(&fill(w.more, &[&SHOWN_CELLS.to_string()]));
    }
    let _ = writeln!(
        s,
        "</tbody></table></div>\n<p class=\"note\">{}</p>\n</div>",
        esc(&note)
    );
    s
}

/// One question's theme shares per period: a line chart of the largest themes, and a table.
pub fn trends(page: &Page, tr: &Trends, themes: &[ThemeSummary]) -> String {
    let (w, num) = (words(page), page.num);
    let period = match tr.period.name() {
        "month" => w.periods[0],
        "quarter" => w.periods[1],
        _ => w.periods[2],
    };
    let mut note = w.trends_note.to_string();
    if tr.undated > 0 {
        note.push_str(&fill(w.undated, &[&num.int(tr.undated)]));
    }
    let mut s = format!(
        "<div class=\"trends\"><h3>{}</h3>\n<p class=\"note\">{}</p>\n",
        esc(&fill(w.trends, &[&tr.column, period])),
        esc(&note)
    );
    if tr.periods.is_empty() {
        let _ = writeln!(s, "<p class=\"note\">{}</p>\n</div>", esc(w.no_dates));
        return s;
    }
    // The largest themes over all periods, in the order of their keys for ties.
    let mut order: Vec<(usize, usize)> = (0..tr.keys.len())
        .map(|k| (k, tr.periods.iter().map(|p| p.themes[k].count).sum()))
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    order.truncate(TREND_THEMES);
    let shown: Vec<(usize, String)> = order
        .iter()
        .map(|&(k, _)| (k, name(page, &tr.keys[k], &tr.keys[k], themes)))
        .collect();
    s.push_str(&super::chart::lines(
        tr,
        &shown,
        num,
        &COLOURS,
        page.t.share,
    ));
    let _ = write!(
        s,
        "<div class=\"scroll\"><table class=\"trends\"><thead><tr><th>{}</th><th \
         class=\"num\">{}</th>",
        esc(w.period),
        esc(page.t.answers)
    );
    for (i, (_, label)) in shown.iter().enumerate() {
        let _ = write!(
            s,
            "<th class=\"num\"><span class=\"key\" style=\"background:{}\"></span>{}</th>",
            COLOURS[i],
            esc(label)
        );
    }
    s.push_str("</tr></thead><tbody>\n");
    for p in &tr.periods {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td>",
            esc(&p.period),
            num.int(p.answers)
        );
        for &(k, _) in &shown {
            let th = &p.themes[k];
            let _ = write!(
                s,
                "<td class=\"num\">{} <span class=\"n\">({})</span></td>",
                num.pct(th.share),
                num.int(th.count)
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div>\n</div>\n");
    s
}
