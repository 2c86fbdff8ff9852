//! The text report of `teema eval`: counts, the per-theme table and the summary lines.

use unicode_width::UnicodeWidthStr;

use super::{Evaluation, ThemeScore};

/// The text report: counts, the per-theme table, macro-F1, ARI and NMI.
pub fn render(e: &Evaluation) -> String {
    let c = &e.counts;
    let mut s = String::new();
    let examples = |ids: &[String], total: usize| {
        if total == 0 {
            String::new()
        } else {
            let more = if total > ids.len() { ", …" } else { "" };
            format!(" (e.g. {}{more})", ids.join(", "))
        }
    };
    s.push_str(&format!("run:  {} ({} answers)\n", e.out, c.answers));
    s.push_str(&format!("gold: {} ({} rows)\n", e.gold, c.gold_rows));
    s.push_str(&format!(
        "evaluated: {} answers with a gold row\n",
        c.evaluated
    ));
    s.push_str(&format!(
        "gold rows without an answer: {}{}\n",
        c.gold_without_answer,
        examples(&c.gold_without_answer_examples, c.gold_without_answer)
    ));
    s.push_str(&format!(
        "answers without a gold row: {}{}\n",
        c.answers_without_gold,
        examples(&c.answers_without_gold_examples, c.answers_without_gold)
    ));
    if !e.per_theme.is_empty() {
        s.push('\n');
        s.push_str(&theme_table(&e.per_theme));
        s.push_str("(* counted in macro-F1)\n");
    }
    s.push('\n');
    match e.macro_f1 {
        Some(f1) => s.push_str(&format!(
            "macro-F1: {f1:.3} over {} themes ({}: {})\n",
            e.macro_themes.len(),
            e.macro_themes_from,
            e.macro_themes.join(", ")
        )),
        None if e.per_theme.is_empty() => {
            s.push_str("macro-F1: - (the gold file has labels, no themes)\n")
        }
        None => s.push_str("macro-F1: - (no themes to average over; name them with --themes)\n"),
    }
    s.push_str(&format!(
        "clustering agreement: ARI {:.3}, NMI {:.3} ({} predicted groups, {} gold labels)\n",
        e.ari, e.nmi, c.predicted_groups, c.gold_labels
    ));
    if !e.gold_themes_not_predicted.is_empty() {
        let missed: Vec<String> = e
            .gold_themes_not_predicted
            .iter()
            .map(|t| format!("{} ({})", t.theme, t.support))
            .collect();
        s.push_str(&format!(
            "gold themes never predicted (support): {}\n",
            missed.join(", ")
        ));
    }
    s
}

/// The per-theme table, the theme column as wide as its longest key.
fn theme_table(scores: &[ThemeScore]) -> String {
    let name = |t: &ThemeScore| format!("{}{}", t.theme, if t.in_macro { " *" } else { "" });
    let width = scores
        .iter()
        .map(|t| name(t).width())
        .chain(["theme".len()])
        .max()
        .unwrap_or_default();
    let pad = |text: &str| format!("{text}{}", " ".repeat(width - text.width()));
    let mut s = format!(
        "{}  precision  recall     F1     tp     fp     fn  support\n",
        pad("theme")
    );
    for t in scores {
        s.push_str(&format!(
            "{}  {:>9.3}  {:>6.3}  {:>5.3}  {:>5}  {:>5}  {:>5}  {:>7}\n",
            pad(&name(t)),
            t.precision,
            t.recall,
            t.f1,
            t.tp,
            t.fp,
            t.fn_,
            t.support
        ));
    }
    s
}
