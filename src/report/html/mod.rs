//! `report.html`: the report as one page to open, mail and print. Everything is inside the
//! file: the styles (`page.css`), the script (`page.js`), the charts as inline SVG
//! ([`chart`]), and the answers as JSON ([`answers`]); a Content-Security-Policy forbids
//! fetching anything, so it reads the same offline and as an e-mail attachment. Per question:
//! a bar chart of theme shares, each theme with its label, top terms and quotes with the
//! evidence marked ([`themes`]), the `--by` cross-tabs as shaded tables; then a table of all
//! answers, filtered by question and theme and searched as you type. The interface is Finnish,
//! or English with `--lang en` ([`text`]).
//!
//! Every text from the data (answers, questions, labels, file and column names) is escaped
//! ([`esc`]) or put into the page by the script as text, so an answer that holds markup shows as
//! the characters it is. The page is the same bytes for the same report: no time, no random id.
//!
//! Each part of a question's section is one function of [`themes`] and [`chart`]; a new kind
//! of figure is one more.

mod answers;
mod chart;
mod groups;
mod text;
mod themes;
mod words;

use std::borrow::Cow;
use std::io::{self, Write};

use super::{QuestionReport, Report, ReportWriter, ThemeKind, ThemeSummary};
use text::{fill, Num, Text};

pub use answers::MAX_ANSWERS;

/// Writes `report.html`.
pub struct Html;

/// The page's styles, screen and print.
const CSS: &str = include_str!("page.css");
/// The answers table's script.
const JS: &str = include_str!("page.js");
/// Runs first: an error in the page's script is shown on the page (and tests read it there).
const ON_ERROR: &str = "window.addEventListener('error',function(e){var b=document.\
getElementById('teema-errors');if(!b)return;b.hidden=false;b.appendChild(document.\
createTextNode(' '+(e.message||'error')+(e.lineno?' (line '+e.lineno+')':'')));});";
/// Nothing may be fetched: no network, no other file; only the page's own styles and scripts.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                   img-src data:; base-uri 'none'; form-action 'none'";

/// What every part of the page needs: the report, the language's strings and numbers.
pub struct Page<'a> {
    pub report: &'a Report,
    pub t: &'static Text,
    pub num: Num,
}

impl Page<'_> {
    /// A group's name as the page shows it ([`crate::report::compare::shown`]).
    pub fn group<'s>(&self, name: &'s str) -> &'s str {
        crate::report::compare::shown(name, self.report.parameters.lang)
    }
}

/// `s` with `&`, `<`, `>`, `"` and `'` as character references: safe as element text and as a
/// quoted attribute value.
pub fn esc(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A theme's name for people, in the page's language.
pub fn theme_label(theme: &ThemeSummary, t: &Text) -> String {
    let named = match t.lang {
        "en" => theme.label_en.as_ref(),
        _ => theme.label_fi.as_ref(),
    };
    match theme.kind {
        ThemeKind::Other => t.other.to_string(),
        ThemeKind::NoContent => t.no_content.to_string(),
        _ => named.unwrap_or(&theme.label).clone(),
    }
}

impl ReportWriter for Html {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let lang = report.parameters.lang;
        let page = Page {
            report,
            t: text::text(lang),
            num: Num(lang),
        };
        let mut keys = answers::Keys::new(report, &page);
        let rows = answers::chosen(&report.responses, report.parameters.seed);
        out.write_all(head(&page).as_bytes())?;
        out.write_all(header(&page).as_bytes())?;
        out.write_all(b"<main>\n")?;
        if report.questions.len() > 1 {
            out.write_all(overview(&page).as_bytes())?;
        }
        for (i, q) in report.questions.iter().enumerate() {
            out.write_all(question(&page, i, q).as_bytes())?;
        }
        out.write_all(answers::section(report, &page, &mut keys, &rows).as_bytes())?;
        out.write_all(b"</main>\n")?;
        out.write_all(footer(&page).as_bytes())?;
        out.write_all(answers::data_script(report, &page, &mut keys, &rows).as_bytes())?;
        write!(out, "<script>\n{JS}</script>\n</body>\n</html>\n")
    }
}

/// The document's head: character set, policy, title, styles, the error catcher.
fn head(page: &Page) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta \
         http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" \
         content=\"teema {}\">\n<title>{}: {}</title>\n<style>\n{CSS}</style>\n<script>\
         {ON_ERROR}</script>\n</head>\n<body>\n",
        page.t.lang,
        esc(&page.report.version),
        esc(page.t.title),
        esc(&page.report.parameters.input)
    )
}

/// The title, what was read, personal data, what was left out, and the contents.
fn header(page: &Page) -> String {
    let (r, t, num) = (page.report, page.t, page.num);
    let c = &r.counts;
    let mut s = format!(
        "<p id=\"teema-errors\" class=\"errors\" hidden>{}</p>\n<header>\n<h1>{}: {}</h1>\n",
        esc(t.script_failed),
        esc(t.title),
        esc(&r.parameters.input)
    );
    let intro = fill(
        t.intro,
        &[
            &num.int(c.answers),
            &num.int(c.rows_read),
            &num.int(c.files),
            &num.int(c.answers_with_content),
            &num.int(c.no_content),
        ],
    );
    s.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(&intro)));
    s.push_str(&format!(
        "<p class=\"meta\">{}</p>\n",
        esc(&redaction_line(page))
    ));
    if let Some(w) = &r.weight {
        let line = fill(
            t.weight_line,
            &[
                &w.column,
                &num.int(w.rows_weighted),
                &num.int(w.rows_invalid),
            ],
        );
        s.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(&line)));
    }
    if c.rows_skipped + c.files_failed + c.rows_duplicate + c.files_duplicate > 0 {
        let counts = [
            c.files_failed,
            c.files_duplicate,
            c.rows_skipped,
            c.rows_duplicate,
            c.rows_empty,
        ]
        .map(|n| num.int(n));
        let line = fill(t.left_out, &counts.each_ref().map(String::as_str));
        s.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(&line)));
    }
    s.push_str(&format!(
        "<nav class=\"toc\"><h2>{}</h2><ol>\n",
        esc(t.contents)
    ));
    for (i, q) in r.questions.iter().enumerate() {
        s.push_str(&format!(
            "<li><a href=\"#q{}\">{}</a> <span class=\"meta\">{}</span></li>\n",
            i + 1,
            esc(&q.question),
            esc(&num.answers(q.answers))
        ));
    }
    s.push_str(&format!(
        "<li><a href=\"#answers\">{}</a></li>\n</ol></nav>\n</header>\n",
        esc(t.all_answers)
    ));
    s
}

/// Personal data: whether it was redacted and what was found.
fn redaction_line(page: &Page) -> String {
    let (red, t, num) = (&page.report.redaction, page.t, page.num);
    if !red.enabled {
        return t.not_redacted.to_string();
    }
    if red.answers == 0 && red.metadata_rows == 0 {
        return t.none_redacted.to_string();
    }
    let found: Vec<String> = crate::redact::Kind::ALL
        .iter()
        .filter(|&&k| red.count(k) > 0)
        .map(|&k| format!("{} {}", k.tag(), num.int(red.count(k))))
        .collect();
    fill(t.redacted, &[&found.join(", "), &num.int(red.answers)])
}

/// With several questions: each question, its answers and its largest themes.
fn overview(page: &Page) -> String {
    let (t, num) = (page.t, page.num);
    let mut s = format!(
        "<section class=\"overview\">\n<h2>{}</h2>\n<table class=\"overview\"><thead><tr><th>\
         {}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>\n",
        esc(t.questions),
        esc(t.question),
        esc(t.answers),
        esc(t.largest)
    );
    for (i, q) in page.report.questions.iter().enumerate() {
        let largest: Vec<String> = q
            .themes
            .iter()
            .filter(|th| !th.minor && matches!(th.kind, ThemeKind::Named | ThemeKind::Discovered))
            .take(3)
            .map(|th| {
                let share = th.mentions as f64 / q.answers.max(1) as f64;
                format!("{} {}", theme_label(th, t), num.pct(share))
            })
            .collect();
        s.push_str(&format!(
            "<tr><td><a href=\"#q{}\">{}. {}</a></td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            i + 1,
            i + 1,
            esc(&q.question),
            num.int(q.answers),
            esc(&largest.join(" · "))
        ));
    }
    s.push_str("</tbody></table>\n</section>\n");
    s
}

/// One question's section: how it was clustered, the chart, the themes, the cross-tabs, the
/// groups compared (`--by`) and the trends (`--date`).
fn question(page: &Page, i: usize, q: &QuestionReport) -> String {
    let (t, num) = (page.t, page.num);
    let k = if q.k == 0 {
        t.k_none.to_string()
    } else if q.k_auto {
        let silhouette = num.dec(q.silhouette.unwrap_or(0.0), 3);
        fill(t.k_chosen, &[&q.k.to_string(), &silhouette])
    } else {
        fill(t.k_given, &[&q.k.to_string()])
    };
    let weighted = q.weight.as_ref().map_or(String::new(), |b| {
        let base = fill(
            t.weight_base,
            &[
                &num.int(b.answers),
                &num.dec(b.effective_n, 1),
                &num.int(b.answers_invalid),
            ],
        );
        format!("; {base}")
    });
    let mut s = format!(
        "<section class=\"question\" id=\"q{}\">\n<h2>{}. {}</h2>\n<p class=\"meta\">{}; {}{}.\
         </p>\n",
        i + 1,
        i + 1,
        esc(&q.question),
        esc(&num.answers(q.answers)),
        esc(&k),
        esc(&weighted)
    );
    s.push_str(&themes::chart(page, i, q));
    s.push_str(&themes::cards(page, i, q));
    for c in &q.crosstabs {
        s.push_str(&themes::crosstab(page, c));
    }
    for c in &q.comparison {
        s.push_str(&groups::comparison(page, c, &q.themes));
    }
    if let Some(tr) = &q.trends {
        s.push_str(&groups::trends(page, tr, &q.themes));
    }
    s.push_str(&words::tables(page, &q.word_tables));
    s.push_str("</section>\n");
    s
}

/// The closing line: the tool, its version and the seed (no date: the same run, the same
/// bytes).
fn footer(page: &Page) -> String {
    let r = page.report;
    let line = fill(page.t.footer, &[&r.version, &r.parameters.seed.to_string()]);
    format!("<footer class=\"meta\"><p>{}</p></footer>\n", esc(&line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(
            esc("<img src=x onerror=\"a('b')\"> & </script>"),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; &lt;/script&gt;"
        );
        assert!(matches!(esc("tavallinen teksti"), Cow::Borrowed(_)));
    }
}
