//! `summary.md`: the themes as a report section. Each question gets its own part: a table of
//! themes (answers that mention each, their share, and how often it is the first theme), then
//! each theme's label, size, top terms as words, the codebook rules that coded it, and
//! representative quotes with the segment that carries the theme in bold; small discovered
//! themes are listed together under "Muut teemat" with their sizes; then the cross-tabs asked
//! for with `--by`, and the most frequent words and word pairs (with `--by`, the words by
//! group). With more than one question an overview of all questions comes first.

use std::io::{self, Write};

mod compare;
mod weights;
mod words;

use self::weights::{crosstab_note, invalid_weights, weighted_base, weighted_note, weighting_line};
use super::compare::shown;
use super::{CrossTab, Lang, QuestionReport, Quote, Report, ReportWriter, ThemeSummary};

/// Writes `summary.md`.
pub struct Markdown;

/// Longest quote shown, in characters; longer answers are cut around the highlighted segment.
const QUOTE_CHARS: usize = 320;

fn title(theme: &ThemeSummary) -> String {
    match (&theme.label_fi, &theme.label_en) {
        (Some(fi), Some(en)) => format!("{fi} — {en} (`{}`)", theme.key),
        _ => theme.label.clone(),
    }
}

fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// `text` on one line: runs of whitespace and line breaks become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table cell: `|` and line breaks would break the table.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// Characters that Markdown would read as formatting, escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The first `n` characters of `s`, cut back to a word boundary.
fn head(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        None => s,
        Some((i, _)) => s[..i].rsplit_once(' ').map_or(&s[..i], |(h, _)| h),
    }
}

/// The last `n` characters of `s`, cut forward to a word boundary.
fn tail(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    let start = s.char_indices().nth(count - n).map_or(0, |(i, _)| i);
    s[start..].split_once(' ').map_or(&s[start..], |(_, t)| t)
}

/// One line of a quote: newlines folded, the highlighted segment in bold, long answers cut
/// around it.
fn quote_line(q: &Quote) -> String {
    let valid = |&(from, to): &(usize, usize)| {
        from < to
            && to <= q.text.len()
            && q.text.is_char_boundary(from)
            && q.text.is_char_boundary(to)
    };
    let Some((from, to)) = q.highlight.filter(valid) else {
        let flat = one_line(&q.text);
        let shown = head(&flat, QUOTE_CHARS);
        let more = if shown.len() < flat.len() { " …" } else { "" };
        return format!("{}{more}", escape(shown));
    };
    let (before, seg, after) = (&q.text[..from], &q.text[from..to], &q.text[to..]);
    let space_before = before.ends_with(char::is_whitespace);
    let space_after = after.starts_with(char::is_whitespace);
    let (before, seg, after) = (one_line(before), one_line(seg), one_line(after));
    let (b, a) = (before.chars().count(), after.chars().count());
    let budget = QUOTE_CHARS.saturating_sub(seg.chars().count());
    let (keep_b, keep_a) = if b + a <= budget {
        (b, a)
    } else if b <= budget / 2 {
        (b, budget - b)
    } else if a <= budget / 2 {
        (budget - a, a)
    } else {
        (budget / 2, budget - budget / 2)
    };
    let (shown_before, shown_after) = (tail(&before, keep_b), head(&after, keep_a));
    let mut out = String::new();
    if shown_before.len() < before.len() {
        out.push_str("… ");
    }
    out.push_str(&escape(shown_before));
    if !shown_before.is_empty() && space_before {
        out.push(' ');
    }
    out.push_str(&format!("**{}**", escape(&seg)));
    if !shown_after.is_empty() {
        if space_after {
            out.push(' ');
        }
        out.push_str(&escape(shown_after));
    }
    if shown_after.len() < after.len() {
        out.push_str(" …");
    }
    out
}

/// The themes' table; with `weight` (the `--weight` column) the weighted shares beside.
fn theme_table(
    out: &mut dyn Write,
    themes: &[ThemeSummary],
    answers: usize,
    weight: Option<&str>,
) -> io::Result<()> {
    if weight.is_some() {
        writeln!(
            out,
            "| Theme | Answers | Share | Weighted share | First theme | First theme, weighted \
             |\n|---|---:|---:|---:|---:|---:|"
        )?;
    } else {
        writeln!(
            out,
            "| Theme | Answers | Share | First theme |\n|---|---:|---:|---:|"
        )?;
    }
    let minor: Vec<&ThemeSummary> = themes.iter().filter(|t| t.minor).collect();
    for t in themes.iter().filter(|t| !t.minor && !is_bucket(t)) {
        row(out, &title(t), &[t], answers)?;
    }
    if !minor.is_empty() {
        let name = format!(
            "Muut teemat — other themes ({} small themes, below)",
            minor.len()
        );
        row(out, &name, &minor, answers)?;
    }
    for t in themes.iter().filter(|t| is_bucket(t)) {
        row(out, &title(t), &[t], answers)?;
    }
    writeln!(
        out,
        "\n*Answers*: answers that mention the theme (an answer can mention several, so shares \
         add up to more than 100 %). *First theme*: answers whose first theme it is. For \
         \"Muut teemat\" the answers of its themes are summed.{}\n",
        weight.map_or_else(String::new, weighted_note)
    )
}

/// One line of a theme table: one theme, or the sum of the small ones.
fn row(
    out: &mut dyn Write,
    name: &str,
    themes: &[&ThemeSummary],
    answers: usize,
) -> io::Result<()> {
    let mentions: usize = themes.iter().map(|t| t.mentions).sum();
    let first: usize = themes.iter().map(|t| t.count).sum();
    let share = percent(mentions as f64 / answers.max(1) as f64);
    write!(out, "| {} | {mentions} | {share} |", cell(name))?;
    if themes.iter().any(|t| t.weighted_share.is_some()) {
        let weighted: f64 = themes
            .iter()
            .filter_map(|t| t.weighted_mentions_share)
            .sum();
        write!(out, " {} |", percent(weighted))?;
    }
    write!(out, " {first} |")?;
    if themes.iter().any(|t| t.weighted_share.is_some()) {
        let weighted: f64 = themes.iter().filter_map(|t| t.weighted_share).sum();
        write!(out, " {} |", percent(weighted))?;
    }
    writeln!(out)
}

fn is_bucket(t: &ThemeSummary) -> bool {
    !t.named
        && t.question.is_none()
        && t.clusters.is_empty()
        && !t.minor
        && (t.key == super::OTHER || t.key == super::NO_CONTENT)
}

fn theme_section(
    out: &mut dyn Write,
    number: &str,
    t: &ThemeSummary,
    answers: usize,
) -> io::Result<()> {
    writeln!(out, "### {number} {}\n", title(t))?;
    let clusters = match t.clusters.len() {
        0 => String::new(),
        1 => format!(" · cluster {}", t.clusters[0]),
        _ => format!(
            " · clusters {}",
            t.clusters
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let (weighted, first_weighted) = match (t.weighted_mentions_share, t.weighted_share) {
        (Some(m), Some(f)) => (
            format!("; weighted {}", percent(m)),
            format!(" (weighted {})", percent(f)),
        ),
        _ => (String::new(), String::new()),
    };
    writeln!(
        out,
        "{} answers ({}{weighted}), the first theme of {}{first_weighted}{clusters}\n",
        t.mentions,
        percent(t.mentions as f64 / answers.max(1) as f64),
        t.count
    )?;
    if !t.top_terms.is_empty() {
        writeln!(out, "**Top terms:** {}\n", t.top_terms.join(" · "))?;
    }
    if !t.rules.is_empty() {
        let rules: Vec<String> = t
            .rules
            .iter()
            .map(|r| format!("{} ({})", r.rule, r.answers))
            .collect();
        writeln!(out, "**Coded by:** {}\n", escape(&rules.join(" · ")))?;
    }
    for q in &t.quotes {
        writeln!(
            out,
            "> {}\n>\n> — `{}` ({}:{})\n",
            quote_line(q),
            q.id,
            q.source,
            q.row
        )?;
    }
    Ok(())
}

fn minor_section(
    out: &mut dyn Write,
    number: &str,
    minor: &[&ThemeSummary],
    answers: usize,
) -> io::Result<()> {
    writeln!(out, "### {number} Muut teemat — other themes\n")?;
    writeln!(
        out,
        "Small themes, each with its answers and share, an example in brackets:\n"
    )?;
    for t in minor {
        let example = t
            .quotes
            .first()
            .map(|q| format!(" (`{}`: {})", q.id, quote_line(q)))
            .unwrap_or_default();
        let weighted = t
            .weighted_mentions_share
            .map(|w| format!("; weighted {}", percent(w)))
            .unwrap_or_default();
        writeln!(
            out,
            "- {} — {} answers ({}{weighted}){example}",
            cell(&t.label),
            t.mentions,
            percent(t.mentions as f64 / answers.max(1) as f64)
        )?;
    }
    writeln!(out)
}

fn crosstab(out: &mut dyn Write, c: &CrossTab, weight: Option<&str>) -> io::Result<()> {
    let weighted = match (weight, &c.weighted) {
        (Some(column), Some(_)) => crosstab_note(column),
        _ => String::new(),
    };
    writeln!(
        out,
        "#### Themes by {}\n\nShare of each group's answers that carry the theme (counts in \
         brackets; an answer can carry several themes).{weighted}\n",
        cell(&c.column)
    )?;
    write!(out, "| Theme |")?;
    for (i, (v, n)) in c.values.iter().zip(&c.totals).enumerate() {
        let held = match c.values_held[i] {
            1 => String::new(),
            k => format!("{k} values, "),
        };
        match c.weighted.as_ref().map(|w| w[i].effective_n) {
            Some(eff) => write!(
                out,
                " {} ({held}n = {n}, eff. n = {eff:.1}) |",
                cell(shown(v, Lang::En))
            )?,
            None => write!(out, " {} ({held}n = {n}) |", cell(shown(v, Lang::En)))?,
        }
    }
    write!(out, "\n|---|")?;
    for _ in &c.values {
        write!(out, "---:|")?;
    }
    writeln!(out)?;
    for row in &c.rows {
        write!(out, "| {} |", cell(&row.label))?;
        for (i, (count, share)) in row.counts.iter().zip(&row.shares).enumerate() {
            match row.weighted_shares.as_ref().map(|w| w[i]) {
                Some(w) => write!(out, " {} ({count}) · {} |", percent(*share), percent(w))?,
                None => write!(out, " {} ({count}) |", percent(*share))?,
            }
        }
        writeln!(out)?;
    }
    writeln!(out)
}

fn question(
    out: &mut dyn Write,
    number: usize,
    q: &QuestionReport,
    weight: Option<&str>,
) -> io::Result<()> {
    writeln!(out, "## {number}. {}\n", cell(&q.question))?;
    let k = if q.k == 0 {
        "too little text to cluster".to_string()
    } else if q.k_auto {
        format!(
            "k = {} (chosen by silhouette {:.3})",
            q.k,
            q.silhouette.unwrap_or(0.0)
        )
    } else {
        format!("k = {}", q.k)
    };
    writeln!(out, "{} answers; {k}.\n", q.answers)?;
    if let (Some(column), Some(base)) = (weight, &q.weight) {
        writeln!(out, "{}\n", weighted_base(column, base))?;
    }
    theme_table(out, &q.themes, q.answers, weight)?;
    let mut n = 0;
    for t in q.themes.iter().filter(|t| !t.minor) {
        n += 1;
        theme_section(out, &format!("{number}.{n}."), t, q.answers)?;
    }
    let minor: Vec<&ThemeSummary> = q.themes.iter().filter(|t| t.minor).collect();
    if !minor.is_empty() {
        minor_section(out, &format!("{number}.{}.", n + 1), &minor, q.answers)?;
    }
    for c in &q.crosstabs {
        crosstab(out, c, weight)?;
    }
    for c in &q.comparison {
        compare::comparison(out, c, &q.themes)?;
    }
    if let Some(t) = &q.trends {
        compare::trends(out, t, &q.themes)?;
    }
    words::word_tables(out, &q.word_tables)
}

impl ReportWriter for Markdown {
    fn file_name(&self) -> &'static str {
        "summary.md"
    }

    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let c = &report.counts;
        let p = &report.parameters;
        writeln!(out, "# Themes in {}\n", p.input)?;
        writeln!(
            out,
            "{} answers from {} rows in {} file{}; {} with content, {} without. {} question{}{}; \
             seed {}.\n",
            c.answers,
            c.rows_read,
            c.files,
            if c.files == 1 { "" } else { "s" },
            c.answers_with_content,
            c.no_content,
            report.questions.len(),
            if report.questions.len() == 1 { "" } else { "s" },
            if p.across_questions {
                " (clustered together)"
            } else {
                ""
            },
            p.seed,
        )?;
        writeln!(out, "{}\n", report.redaction.summary_line())?; // Issue 14
        let weight = report.weight.as_ref();
        if let Some(w) = weight {
            writeln!(out, "{}\n", weighting_line(w))?;
        }
        let weight = weight.map(|w| w.column.as_str());
        if let Some(dates) = &report.dates {
            compare::dates_line(out, dates)?;
        }
        if c.rows_skipped + c.files_failed + c.rows_duplicate + c.files_duplicate > 0 {
            writeln!(
                out,
                "Left out: {} unreadable file(s), {} duplicate file(s), {} skipped row(s), {} \
                 duplicate row(s), {} empty row(s); see `skipped.csv` and `themes.json`.\n",
                c.files_failed, c.files_duplicate, c.rows_skipped, c.rows_duplicate, c.rows_empty
            )?;
        }
        if report.questions.len() > 1 {
            writeln!(out, "## All questions\n")?;
            let overview: Vec<ThemeSummary> = report
                .themes
                .iter()
                .filter(|t| t.named || is_bucket(t))
                .cloned()
                .collect();
            theme_table(out, &overview, c.answers, weight)?;
            writeln!(
                out,
                "Each question's discovered themes are in its own part below.\n"
            )?;
        }
        for (i, q) in report.questions.iter().enumerate() {
            question(out, i + 1, q, weight)?;
        }
        if let Some(w) = report.weight.as_ref().filter(|w| !w.invalid.is_empty()) {
            invalid_weights(out, w)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::test_quote as q;

    #[test]
    fn quotes_show_their_segment_in_bold_and_escape_markdown() {
        let text = "Kiire, ja *johto* ei\narvosta.";
        assert_eq!(
            quote_line(&q(text, Some((10, 28)))),
            "Kiire, ja **\\*johto\\* ei arvosta**."
        );
        assert_eq!(quote_line(&q("<b>x</b>", None)), "\\<b\\>x\\</b\\>");
        let long = format!("{} keskellä {}", "alku ".repeat(100), "loppu ".repeat(100));
        let from = long.find("keskellä").unwrap();
        let line = quote_line(&q(&long, Some((from, from + "keskellä".len()))));
        assert!(line.starts_with("… ") && line.ends_with(" …"), "{line}");
        assert!(line.contains("**keskellä**"));
        assert!(line.chars().count() <= QUOTE_CHARS + 10);
    }
}
