//! `summary.md`: the themes as a report section. Each question gets its own part: a table of
//! themes with answers and shares, then each theme's label, size, top terms as words and
//! representative quotes with their ids, and the cross-tabs asked for with `--by`. With more
//! than one question an overview of all questions comes first.

use std::io::{self, Write};

use super::{CrossTab, QuestionReport, Report, ReportWriter, ThemeSummary};

/// Writes `summary.md`.
pub struct Markdown;

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

/// One line of a quote: newlines folded, long answers cut at a word boundary.
fn quote_line(text: &str) -> String {
    let flat = one_line(text);
    if flat.chars().count() <= 320 {
        return flat;
    }
    let cut: String = flat.chars().take(320).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

fn theme_table(out: &mut dyn Write, themes: &[ThemeSummary]) -> io::Result<()> {
    writeln!(
        out,
        "| Theme | Answers | Share | Mentions |\n|---|---:|---:|---:|"
    )?;
    for t in themes {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&title(t)),
            t.count,
            percent(t.share),
            t.mentions
        )?;
    }
    writeln!(
        out,
        "\n*Answers*: answers whose first theme this is. *Mentions*: answers that carry the \
         theme at all (an answer can carry several).\n"
    )
}

fn theme_section(out: &mut dyn Write, number: &str, t: &ThemeSummary) -> io::Result<()> {
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
    let more = if t.mentions > t.count {
        format!(", mentioned in {}", t.mentions)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} answers ({}){more}{clusters}\n",
        t.count,
        percent(t.share)
    )?;
    if !t.top_terms.is_empty() {
        writeln!(out, "**Top terms:** {}\n", t.top_terms.join(" · "))?;
    }
    for q in &t.quotes {
        writeln!(
            out,
            "> {}\n>\n> — `{}` ({}:{})\n",
            quote_line(&q.text),
            q.id,
            q.source,
            q.row
        )?;
    }
    Ok(())
}

fn crosstab(out: &mut dyn Write, c: &CrossTab) -> io::Result<()> {
    writeln!(
        out,
        "#### Themes by {}\n\nShare of each group's answers that carry the theme (counts in \
         brackets; an answer can carry several themes).\n",
        cell(&c.column)
    )?;
    write!(out, "| Theme |")?;
    for (v, n) in c.values.iter().zip(&c.totals) {
        write!(out, " {} (n = {n}) |", cell(v))?;
    }
    write!(out, "\n|---|")?;
    for _ in &c.values {
        write!(out, "---:|")?;
    }
    writeln!(out)?;
    for row in &c.rows {
        write!(out, "| {} |", cell(&row.label))?;
        for (count, share) in row.counts.iter().zip(&row.shares) {
            write!(out, " {} ({count}) |", percent(*share))?;
        }
        writeln!(out)?;
    }
    writeln!(out)
}

fn question(out: &mut dyn Write, number: usize, q: &QuestionReport) -> io::Result<()> {
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
    theme_table(out, &q.themes)?;
    for (i, t) in q.themes.iter().enumerate() {
        theme_section(out, &format!("{number}.{}.", i + 1), t)?;
    }
    for c in &q.crosstabs {
        crosstab(out, c)?;
    }
    Ok(())
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
            theme_table(out, &report.themes)?;
        }
        for (i, q) in report.questions.iter().enumerate() {
            question(out, i + 1, q)?;
        }
        Ok(())
    }
}
