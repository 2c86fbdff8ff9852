//! A question's word tables in `report.html`: its most frequent words and word pairs, as
//! [`crate::report::words`] counted them (answers using each, and their share of the answers
//! with content); with `--by`, for each column the top words' shares in each group, and the
//! words each group uses significantly more or less than the other answers
//! ([`crate::report::word_compare`]).

use std::fmt::Write;

use super::text::fill;
use super::{esc, Page};
use crate::report::word_compare::WordTest;
use crate::report::words::{WordGroups, WordRow, WordTables};

/// Rows of the words-by-group table.
const BY_GROUP_ROWS: usize = 15;
/// Words listed per group and direction.
const LISTED: usize = 8;

/// The section: the words and the pairs side by side; nothing when the question has neither.
pub fn tables(page: &Page, w: &WordTables) -> String {
    if w.words.is_empty() && w.word_pairs.is_empty() {
        return String::new();
    }
    let fi = page.t.lang == "fi";
    let (title, note, words, pairs, answers, share) = if fi {
        (
            "Yleisimmät sanat",
            "Sanat perusmuodon mukaan, yleisimmässä kirjoitusasussaan; vastauksia, joissa sana on, \
             ja osuus sisältöä sisältävistä vastauksista",
            "Sana",
            "Sanapari",
            "Vastauksia",
            "Osuus",
        )
    } else {
        (
            "Most frequent words",
            "Words by their lemma, shown as most often written; answers using each, and their \
             share of the answers with content",
            "Word",
            "Word pair",
            "Answers",
            "Share",
        )
    };
    let mut s = format!(
        "<div class=\"words\"><h3>{}</h3>\n<p class=\"note\">{} ({}).</p>\n<div class=\"scroll\">",
        esc(title),
        esc(note),
        esc(&page.num.answers(w.word_answers))
    );
    for (head, rows) in [(words, &w.words), (pairs, &w.word_pairs)] {
        if !rows.is_empty() {
            s.push_str(&table(page, head, answers, share, rows));
        }
    }
    s.push_str("</div>\n");
    for (c, groups) in w.word_groups.iter().enumerate() {
        s.push_str(&by_group(page, w, c, groups));
        s.push_str(&compared(page, groups));
    }
    s.push_str("</div>\n");
    s
}

/// The question's top words' shares in each group of column `c`.
fn by_group(page: &Page, w: &WordTables, c: usize, groups: &WordGroups) -> String {
    let fi = page.t.lang == "fi";
    let (title, word, all) = if fi {
        ("Sanat ryhmittäin: {}", "Sana", "Kaikki")
    } else {
        ("Words by {}", "Word", "All")
    };
    let n = |n: usize| format!(" <span class=\"n\">n = {}</span>", esc(&page.num.int(n)));
    let mut s = format!(
        "<h4>{}</h4>\n<div class=\"scroll\"><table class=\"wordtable bygroup\"><thead><tr>\
         <th>{}</th><th class=\"num\">{}{}</th>",
        esc(&fill(title, &[&groups.column])),
        esc(word),
        esc(all),
        n(w.word_answers)
    );
    for g in &groups.groups {
        let _ = write!(
            s,
            "<th class=\"num\">{}{}</th>",
            esc(page.group(&g.name)),
            n(g.word_answers)
        );
    }
    s.push_str("</tr></thead><tbody>\n");
    for r in w.words.iter().take(BY_GROUP_ROWS) {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td>",
            esc(&r.word),
            esc(&page.num.pct(r.share))
        );
        if let Some(by) = r.by.get(c) {
            for share in &by.shares {
                let _ = write!(s, "<td class=\"num\">{}</td>", esc(&page.num.pct(*share)));
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div>\n");
    s
}

/// The words each group of a column uses significantly more (▲) and less (▼) than the others.
fn compared(page: &Page, groups: &WordGroups) -> String {
    let fi = page.t.lang == "fi";
    let t = &groups.compared;
    let (title, note, none, group, more, less) = if fi {
        (
            "Ryhmälle tyypilliset sanat: {}",
            "Sanat, joita ryhmän vastaukset käyttävät merkitsevästi useammin (▲) tai \
             harvemmin (▼) kuin muut vastaukset: osuus ryhmän vastauksista / muiden osuus. \
             G²-testi jokaiselle sanalle, jota vähintään {} vastausta käyttää ({} sanaa), \
             Benjamini–Hochberg-korjaus {} testin yli; p (BH) < 0,05 (* < 0,05, ** < 0,01, \
             *** < 0,001).",
            "Mikään sana ei eroa ryhmien välillä merkitsevästi.",
            "Ryhmä",
            "▲ Useammin",
            "▼ Harvemmin",
        )
    } else {
        (
            "Words typical of a group: {}",
            "Words a group's answers use significantly more (▲) or less (▼) than the other \
             answers: share of the group's answers / share of the others. A G² test for every \
             word used by at least {} answers ({} words), Benjamini–Hochberg adjusted over {} \
             tests; p (BH) < 0.05 (* < 0.05, ** < 0.01, *** < 0.001).",
            "No word differs significantly between the groups.",
            "Group",
            "▲ More",
            "▼ Less",
        )
    };
    let counts = [
        page.num.int(t.min_answers as usize),
        page.num.int(t.words),
        page.num.int(t.tests),
    ];
    let weighted = match (t.test != "G2", fi) {
        (false, _) => "",
        (true, true) => {
            " Painotettu (--weight): osuudet ovat painotettuja, ja testin kumpikin puoli on \
             skaalattu efektiiviseen otoskokoonsa (vastaukset ilman kelvollista painoa jätetty \
             pois)."
        }
        (true, false) => {
            " Weighted (--weight): the shares are weighted, and each side of a test is scaled \
             to its effective sample size (answers without a valid weight left out)."
        }
    };
    let mut s = format!(
        "<h4>{}</h4>\n<p class=\"note\">{}{}</p>\n",
        esc(&fill(title, &[&groups.column])),
        esc(&fill(note, &[&counts[0], &counts[1], &counts[2]])),
        esc(weighted)
    );
    let empty = |g: &crate::report::words::GroupWords| {
        g.keys.more_common.is_empty() && g.keys.less_common.is_empty()
    };
    if groups.groups.iter().all(empty) {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(none));
        return s;
    }
    let _ = writeln!(
        s,
        "<div class=\"scroll\"><table class=\"wordtable keywords\"><thead><tr><th>{}</th>\
         <th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(group),
        esc(more),
        esc(less)
    );
    for g in &groups.groups {
        let _ = writeln!(
            s,
            "<tr><td>{} <span class=\"n\">n = {}</span></td><td class=\"over\">{}</td>\
             <td class=\"under\">{}</td></tr>",
            esc(page.group(&g.name)),
            esc(&page.num.int(g.word_answers)),
            listed(page, &g.keys.more_common),
            listed(page, &g.keys.less_common)
        );
    }
    s.push_str("</tbody></table></div>\n");
    s
}

/// A group's words of one direction: `word 45 % / 12 % ***`, escaped.
fn listed(page: &Page, words: &[WordTest]) -> String {
    words
        .iter()
        .take(LISTED)
        .map(|w| {
            let (share, elsewhere) = w.diff.tested_shares();
            format!(
                "<span class=\"kw\"><b>{}</b> {} / {} {}</span>",
                esc(&w.word),
                esc(&page.num.pct(share)),
                esc(&page.num.pct(elsewhere)),
                esc(w.diff.stars)
            )
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

fn table(page: &Page, head: &str, answers: &str, share: &str, rows: &[WordRow]) -> String {
    let mut s = format!(
        "<table class=\"wordtable\"><thead><tr><th>{}</th><th class=\"num\">{}</th>\
         <th class=\"num\">{}</th></tr></thead><tbody>\n",
        esc(head),
        esc(answers),
        esc(share)
    );
    for r in rows {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&r.word),
            esc(&page.num.int(r.answers)),
            esc(&page.num.pct(r.share))
        );
    }
    s.push_str("</tbody></table>\n");
    s
}
