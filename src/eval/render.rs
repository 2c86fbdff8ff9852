//! The text report of `teema eval`: counts, the per-theme table, the code recovery table and
//! the summary lines.

use unicode_width::UnicodeWidthStr;

use super::{CodeMatch, CodeRecovery, Evaluation, ThemeScore, UnusedNamed};

/// The text report: counts, the per-theme table, macro-F1, ARI and NMI, then code recovery
/// and the named themes the gold never uses.
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
    if let Some(recovery) = &e.code_recovery {
        s.push('\n');
        s.push_str(&recovery_section(recovery));
    }
    if let Some(unused) = &e.unused_named {
        s.push_str(&unused_line(unused));
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

/// The code recovery table, its mean and the codes left out.
fn recovery_section(r: &CodeRecovery) -> String {
    let share = format!("{} % of answers", percent(r.min_share));
    let mut s = String::new();
    match r.mean_f1 {
        Some(mean) => {
            s.push_str(&code_table(&r.codes));
            s.push_str(&format!(
                "code recovery: {mean:.3} over {} codes (≥ {share})\n",
                r.codes.len()
            ));
        }
        None => s.push_str(&format!(
            "code recovery: - (no gold code reaches {share})\n"
        )),
    }
    if !r.left_out.is_empty() {
        let codes: Vec<String> = r
            .left_out
            .iter()
            .map(|c| format!("{} ({})", c.code, c.support))
            .collect();
        s.push_str(&format!(
            "codes left out, under {share} (support): {}\n",
            codes.join(", ")
        ));
    }
    s
}

/// The code recovery table, the code and theme columns as wide as their longest entry.
fn code_table(codes: &[CodeMatch]) -> String {
    let theme = |m: &CodeMatch| m.theme.clone().unwrap_or_else(|| "-".to_string());
    let code_width = width(codes.iter().map(|m| m.code.clone()), "code");
    let theme_width = width(codes.iter().map(theme), "best theme");
    let pad = |text: &str, width: usize| format!("{text}{}", " ".repeat(width - text.width()));
    let mut s = format!(
        "{}  support  {}  precision  recall     F1\n",
        pad("code", code_width),
        pad("best theme", theme_width)
    );
    for m in codes {
        s.push_str(&format!(
            "{}  {:>7}  {}  {:>9.3}  {:>6.3}  {:>5.3}\n",
            pad(&m.code, code_width),
            m.support,
            pad(&theme(m), theme_width),
            m.precision,
            m.recall,
            m.f1
        ));
    }
    s
}

/// The display width of the widest of `texts` and `header`.
fn width(texts: impl Iterator<Item = String>, header: &str) -> usize {
    texts
        .map(|t| t.width())
        .chain([header.width()])
        .max()
        .unwrap_or_default()
}

/// The line on the named themes no gold set holds: the share of answers given one, then each
/// with its answers.
fn unused_line(u: &UnusedNamed) -> String {
    if u.themes.is_empty() {
        return "named themes the gold never uses: none\n".to_string();
    }
    let themes: Vec<String> = u
        .themes
        .iter()
        .map(|t| format!("{} {}", t.theme, t.answers))
        .collect();
    format!(
        "named themes the gold never uses: {:.1} % of answers ({})\n",
        u.share * 100.0,
        themes.join(", ")
    )
}

/// A fraction as a percentage without trailing zeros: 0.03 is `3`, 0.025 is `2.5`.
fn percent(x: f64) -> String {
    let p = (x * 100.0 * 1e6).round() / 1e6;
    format!("{p}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_print_as_short_percentages() {
        assert_eq!(percent(0.03), "3");
        assert_eq!(percent(0.025), "2.5");
        assert_eq!(percent(0.0), "0");
        assert_eq!(percent(1.0), "100");
        assert_eq!(percent(0.001), "0.1");
    }
}
