//! The table of all answers: the controls (search as you type, question and theme filters) and
//! an empty table written here, the answers themselves embedded as one JSON array in a
//! `<script type="application/json">` block that `page.js` renders rows from, a page at a time.
//! So the file stays small and a search over 20,000 answers is a loop over strings, not a DOM of
//! 20,000 rows. Above [`MAX_ANSWERS`] the file holds a seeded sample, in corpus order, and says
//! so. The JSON is written with `<`, `>` and `&` as `\u003c` escapes, so no answer can end the
//! script block (`</script>`); the script puts answers into the page as text, never as markup.

use std::collections::HashMap;
use std::fmt::Write as _;

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

use super::text::fill;
use super::{esc, theme_label, Page};
use crate::report::{Report, Response};

/// Most answers embedded in one page; above this a sample of this many.
pub const MAX_ANSWERS: usize = 20_000;
/// Longest answer text embedded, in characters; the rest is in responses.csv.
const MAX_TEXT_CHARS: usize = 3_000;
/// Longest question shown in a filter's option, in characters.
const OPTION_CHARS: usize = 70;

/// Theme keys as the table numbers them, with their labels: every key of the questions'
/// summaries in page order, then any other key an answer holds.
pub struct Keys {
    pub list: Vec<(String, String)>,
    index: HashMap<String, usize>,
}

impl Keys {
    pub fn new(report: &Report, page: &Page) -> Keys {
        let mut keys = Keys {
            list: Vec::new(),
            index: HashMap::new(),
        };
        for q in &report.questions {
            for t in &q.themes {
                keys.add(&t.key, || theme_label(t, page.t));
            }
        }
        keys
    }

    fn add(&mut self, key: &str, label: impl FnOnce() -> String) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        self.list.push((key.to_string(), label()));
        self.index.insert(key.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }

    /// The number of `key` (added, labelled by itself, if no summary has it).
    pub fn of(&mut self, key: &str) -> usize {
        self.add(key, || key.to_string())
    }
}

/// One answer as the script reads it: id, source, row, question number, theme numbers, text.
type Row<'a> = (&'a str, &'a str, usize, usize, Vec<usize>, String);

/// What the script reads.
#[derive(Serialize)]
struct Data<'a> {
    lang: &'static str,
    /// The strings the script writes.
    t: [&'static str; 3],
    questions: Vec<&'a str>,
    keys: &'a [(String, String)],
    answers: Vec<Row<'a>>,
}

/// The rows the page holds: all, or a seeded sample of [`MAX_ANSWERS`] in corpus order.
pub fn chosen(responses: &[Response], seed: u64) -> Vec<usize> {
    if responses.len() <= MAX_ANSWERS {
        return (0..responses.len()).collect();
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut picked = rand::seq::index::sample(&mut rng, responses.len(), MAX_ANSWERS).into_vec();
    picked.sort_unstable();
    picked
}

/// `text` cut to [`MAX_TEXT_CHARS`] characters, saying so.
fn capped(text: &str, cut: &str) -> String {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        None => text.to_string(),
        Some((at, _)) => format!("{} … {cut}", &text[..at]),
    }
}

/// The questions of the answers in first-seen order, and each answer's question number.
fn questions(responses: &[Response], rows: &[usize]) -> (Vec<String>, Vec<usize>) {
    let mut list: Vec<String> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut of_row = Vec::with_capacity(rows.len());
    for &i in rows {
        let q = &*responses[i].question;
        let n = *index.entry(q).or_insert_with(|| {
            list.push(q.to_string());
            list.len() - 1
        });
        of_row.push(n);
    }
    (list, of_row)
}

/// The `<script type="application/json">` block with the answers.
pub fn data_script(report: &Report, page: &Page, keys: &mut Keys, rows: &[usize]) -> String {
    let (question_list, question_of) = questions(&report.responses, rows);
    let mut answers = Vec::with_capacity(rows.len());
    for (&i, &q) in rows.iter().zip(&question_of) {
        let r = &report.responses[i];
        let themes = r.themes.iter().map(|k| keys.of(k)).collect();
        let text = capped(&r.text, page.t.cut);
        answers.push((r.id.as_str(), &*r.source, r.row, q, themes, text));
    }
    let data = Data {
        lang: page.t.lang,
        t: [page.t.showing, page.t.more, page.t.no_matches],
        questions: question_list.iter().map(String::as_str).collect(),
        keys: &keys.list,
        answers,
    };
    let json = serde_json::to_string(&data).expect("the answers serialise");
    format!(
        "<script type=\"application/json\" id=\"teema-data\">{}</script>\n",
        script_safe(&json)
    )
}

/// JSON that can sit inside a `<script>` element: `<`, `>`, `&` and the line separators as
/// `\u` escapes (they only occur inside JSON strings, where the escapes mean the same).
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `s` cut to `n` characters with an ellipsis.
fn cut(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        None => s.to_string(),
        Some((at, _)) => format!("{}…", s[..at].trim_end()),
    }
}

/// The section: heading, sample note, controls, the empty table the script fills.
pub fn section(report: &Report, page: &Page, keys: &mut Keys, rows: &[usize]) -> String {
    let t = page.t;
    let num = page.num;
    let mut s = format!(
        "<section id=\"answers\" class=\"answers\">\n<h2>{}</h2>\n",
        esc(t.all_answers)
    );
    if rows.len() < report.responses.len() {
        let note = fill(
            t.sample,
            &[
                &num.int(rows.len()),
                &num.int(report.responses.len()),
                &report.parameters.seed.to_string(),
            ],
        );
        let _ = writeln!(s, "<p class=\"sample note\">{}</p>", esc(&note));
    }
    s.push_str("<div class=\"controls\">\n");
    let _ = writeln!(
        s,
        "<label>{}<input type=\"search\" id=\"f-search\" placeholder=\"{}\" \
         autocomplete=\"off\"></label>",
        esc(t.search),
        esc(t.search_hint)
    );
    let (question_list, _) = questions(&report.responses, rows);
    let _ = write!(
        s,
        "<label>{}<select id=\"f-question\"><option value=\"\">{}</option>",
        esc(t.question),
        esc(t.all_questions)
    );
    for (i, q) in question_list.iter().enumerate() {
        let _ = write!(
            s,
            "<option value=\"{i}\">{}. {}</option>",
            i + 1,
            esc(&cut(q, OPTION_CHARS))
        );
    }
    s.push_str("</select></label>\n");
    theme_filter(&mut s, report, page, keys);
    let _ = write!(
        s,
        "</div>\n<p class=\"count\" id=\"answers-count\" aria-live=\"polite\"></p>\n<noscript><p \
         class=\"note\">{}</p></noscript>\n<table class=\"answers\"><thead><tr><th>{}</th><th>{}\
         </th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody id=\"answers-body\"></tbody>\
         </table>\n<button type=\"button\" class=\"more\" id=\"answers-more\" hidden>{}</button>\n\
         </section>\n",
        esc(t.noscript),
        esc(t.id),
        esc(t.source),
        esc(t.question),
        esc(t.themes),
        esc(t.answer),
        esc(t.more)
    );
    s
}

/// The theme filter: every question's themes under the question, each once.
fn theme_filter(s: &mut String, report: &Report, page: &Page, keys: &mut Keys) {
    let _ = write!(
        s,
        "<label>{}<select id=\"f-theme\"><option value=\"\">{}</option>",
        esc(page.t.theme),
        esc(page.t.all_themes)
    );
    for (n, q) in report.questions.iter().enumerate() {
        let group = format!("{}. {}", n + 1, cut(&q.question, OPTION_CHARS));
        let _ = write!(s, "<optgroup label=\"{}\">", esc(&group));
        for theme in &q.themes {
            let k = keys.of(&theme.key);
            let _ = write!(
                s,
                "<option value=\"{k}\">{} ({})</option>",
                esc(&keys.list[k].1),
                page.num.int(theme.mentions)
            );
        }
        s.push_str("</optgroup>");
    }
    s.push_str("</select></label>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_the_script_and_reads_back_the_same() {
        let text = "</script><script>alert(1)</script> & <!-- \u{2028}";
        let json = serde_json::to_string(&[text]).unwrap();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, [text]);
    }

    #[test]
    fn above_the_limit_a_seeded_sample_in_corpus_order() {
        let source: std::sync::Arc<str> = "a.csv".into();
        let responses: Vec<Response> = (0..MAX_ANSWERS + 500)
            .map(|i| Response {
                id: i.to_string(),
                source: source.clone(),
                row: i + 2,
                question: source.clone(),
                themes: Vec::new(),
                cluster: None,
                text: String::new(),
                meta: std::sync::Arc::new([]),
            })
            .collect();
        let rows = chosen(&responses, 42);
        assert_eq!(rows.len(), MAX_ANSWERS);
        assert!(rows.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(rows, chosen(&responses, 42));
        assert_ne!(rows, chosen(&responses, 7));
        assert_eq!(chosen(&responses[..10], 42), (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn long_answers_are_capped() {
        let long = "ä".repeat(MAX_TEXT_CHARS + 5);
        let c = capped(&long, "(cut)");
        assert!(c.ends_with(" … (cut)"));
        assert_eq!(c.chars().count(), MAX_TEXT_CHARS + 8);
        assert_eq!(capped("lyhyt", "(cut)"), "lyhyt");
    }
}
