//! A question's word tables in `report.html`: its most frequent words and word pairs, as
//! [`crate::report::words`] counted them (answers using each, and their share of the answers
//! with content).

use std::fmt::Write;

use super::{esc, Page};
use crate::report::words::{WordRow, WordTables};

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
    s.push_str("</div></div>\n");
    s
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
