//! `summary.md`: the themes as a report section: label, size and share, top terms as words, and
//! representative quotes with their ids.

use std::io::{self, Write};

use super::{Report, ReportWriter, ThemeSummary};

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

/// One line of a quote: newlines folded, long answers cut at a word boundary.
fn quote_line(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 320 {
        return flat;
    }
    let cut: String = flat.chars().take(320).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
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
            "{} answers from {} rows in {} file{}; {} with content, {} without. \
             k = {}{}, seed {}.\n",
            c.answers,
            c.rows_read,
            c.files,
            if c.files == 1 { "" } else { "s" },
            c.answers_with_content,
            c.no_content,
            p.k,
            if p.k_auto {
                " (chosen by silhouette)"
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
        writeln!(out, "| Theme | Answers | Share |\n|---|---:|---:|")?;
        for t in &report.themes {
            writeln!(out, "| {} | {} | {} |", title(t), t.count, percent(t.share))?;
        }
        for (i, t) in report.themes.iter().enumerate() {
            writeln!(out, "\n## {}. {}\n", i + 1, title(t))?;
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
            writeln!(
                out,
                "{} answers ({}){clusters}\n",
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
        }
        Ok(())
    }
}
