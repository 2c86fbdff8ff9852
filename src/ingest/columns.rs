//! What is each column for? The id column is found by name (`id`, `Respondent ID`,
//! `ResponseId`, `Vastaajan tunnus`, …) and so is a long export's question column. Free-text
//! columns are `--column` (name, question text or 1-based number), or else every column whose
//! values look open-ended: mostly letters, several words, many distinct values; not dates,
//! numbers, e-mail addresses, fixed choices or a survey tool's bookkeeping columns. Everything
//! else is metadata.

use std::collections::HashSet;

use super::judge::{TextStats, Verdict};
use super::Role;

/// Normalised names of id columns, in order of preference.
const ID_COLUMNS: &[&str] = &[
    "id",
    "responseid",
    "respondentid",
    "vastaajantunnus",
    "vastaajatunnus",
    "vastaajaid",
    "vastaajanid",
    "vastaajanumero",
    "vastaajanro",
    "vastausid",
    "vastauksenid",
    "vastaustunnus",
    "tunnus",
    "tunniste",
    "vastaaja",
    "respondent",
    "response",
    "submissionid",
    "recordid",
];

const QUESTION_COLUMNS: &[&str] = &["question", "kysymys"];

/// Bookkeeping columns of Qualtrics, SurveyMonkey, Google Forms, Microsoft Forms and Webropol:
/// never free text, whatever their values look like.
const TOOL_COLUMNS: &[&str] = &[
    "startdate",
    "enddate",
    "status",
    "responsetype",
    "ipaddress",
    "progress",
    "durationinseconds",
    "finished",
    "recordeddate",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externalreference",
    "externaldatareference",
    "locationlatitude",
    "locationlongitude",
    "distributionchannel",
    "userlanguage",
    "collectorid",
    "emailaddress",
    "firstname",
    "lastname",
    "customdata1",
    "timestamp",
    "aikaleima",
    "starttime",
    "completiontime",
    "lastmodifiedtime",
    "aloitusaika",
    "valmistumisaika",
    "viimeksimuokattu",
    "sähköposti",
    "sähköpostiosoite",
    "email",
    "name",
    "nimi",
    "language",
    "kieli",
];

/// The role of every column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    pub id: Option<usize>,
    pub question: Option<usize>,
    pub text: Vec<usize>,
    pub meta: Vec<usize>,
    /// Why each column has its role, e.g. `metadata: 3 distinct values in 200 rows`.
    pub reasons: Vec<String>,
}

impl Roles {
    /// A plain text file: column 0 is the answer; in Markdown column 1 is the question (the
    /// heading above).
    pub fn text_only(question: Option<usize>) -> Self {
        Roles {
            id: None,
            question,
            text: vec![0],
            meta: Vec::new(),
            reasons: vec![
                "text: every line (or paragraph) of a text file is an answer".to_string(),
                "question: the Markdown heading above the answer".to_string(),
            ],
        }
    }

    pub fn role(&self, column: usize) -> Role {
        if self.id == Some(column) {
            Role::Id
        } else if self.question == Some(column) {
            Role::Question
        } else if self.text.contains(&column) {
            Role::Text
        } else {
            Role::Meta
        }
    }
}

/// Lowercase letters and digits only: "Vastaajan tunnus" → "vastaajantunnus".
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Gives every column a role. `names` and `questions` have one entry per column; `sample`
/// holds the first data rows.
pub fn assign(
    names: &[String],
    questions: &[String],
    sample: &[&[String]],
    wanted: &[String],
) -> Result<Roles, String> {
    let normalized: Vec<String> = names.iter().map(|n| normalize_name(n)).collect();
    // By name, as long as the values look like ids: a column called `Response` that holds the
    // answers is not an id column.
    let id = ID_COLUMNS
        .iter()
        .find_map(|want| {
            normalized
                .iter()
                .position(|n| n == want)
                .filter(|&i| holds_ids(sample, i))
        })
        .or_else(|| id_like(&normalized, sample));
    let question = normalized
        .iter()
        .position(|n| QUESTION_COLUMNS.contains(&n.as_str()));
    let (text, mut reasons) = if wanted.is_empty() && sample.is_empty() {
        // No data rows: nothing to detect, and nothing to take.
        (Vec::new(), Vec::new())
    } else if wanted.is_empty() {
        detect_text(names, questions, &normalized, sample, id, question)?
    } else {
        let mut chosen = Vec::new();
        for want in wanted {
            let i = find_column(names, questions, want).ok_or_else(|| {
                format!("no column {want:?}; the columns are: {}", names.join(", "))
            })?;
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        (chosen, Vec::new())
    };
    let id = id.filter(|i| !text.contains(i));
    let question = question.filter(|i| !text.contains(i));
    let meta = (0..names.len())
        .filter(|i| Some(*i) != id && Some(*i) != question && !text.contains(i))
        .collect();
    reasons.resize(names.len(), None);
    let reasons = (0..names.len())
        .map(|i| {
            let given = reasons[i].take();
            if Some(i) == id {
                "id: named like an id, values look like ids".to_string()
            } else if Some(i) == question {
                "question: the column that names each row's question".to_string()
            } else if !wanted.is_empty() {
                if text.contains(&i) {
                    "text: chosen with --column".to_string()
                } else {
                    "metadata: not chosen with --column".to_string()
                }
            } else if sample.is_empty() {
                "metadata: no data rows to judge".to_string()
            } else {
                given.unwrap_or_else(|| "metadata".to_string())
            }
        })
        .collect();
    Ok(Roles {
        id,
        question,
        text,
        meta,
        reasons,
    })
}

/// A column named like an id (`Palaute-ID`, `Asiakastunnus`) whose values are unique in the
/// sample and look like ids.
fn id_like(normalized: &[String], sample: &[&[String]]) -> Option<usize> {
    normalized.iter().enumerate().position(|(i, n)| {
        let named = ["id", "tunnus", "tunniste"].iter().any(|s| n.ends_with(s))
            && !TOOL_COLUMNS.contains(&n.as_str());
        named && holds_ids(sample, i) && {
            let values: Vec<&str> = column(sample, i).collect();
            let distinct: HashSet<&str> = values.iter().copied().collect();
            !values.is_empty() && distinct.len() == values.len()
        }
    })
}

/// The non-empty values of column `i`, trimmed.
fn column<'a>(sample: &'a [&[String]], i: usize) -> impl Iterator<Item = &'a str> + 'a {
    sample
        .iter()
        .map(move |r| r.get(i).map_or("", |v| v.trim()))
        .filter(|v| !v.is_empty())
}

/// Values that look like ids: short, one or two words.
fn holds_ids(sample: &[&[String]], i: usize) -> bool {
    column(sample, i).all(|v| v.chars().count() <= 64 && v.split_whitespace().count() <= 2)
}

/// `--column`: a name or question text (case-insensitive), or a 1-based number.
fn find_column(names: &[String], questions: &[String], want: &str) -> Option<usize> {
    let lower = want.trim().to_lowercase();
    names
        .iter()
        .position(|n| n.to_lowercase() == lower)
        .or_else(|| questions.iter().position(|q| q.to_lowercase() == lower))
        .or_else(|| {
            want.trim()
                .parse::<usize>()
                .ok()
                .filter(|&i| i >= 1 && i <= names.len())
                .map(|i| i - 1)
        })
}

/// The free-text columns and the reason for every column's role (`None` where the caller
/// gives it).
type Detected = (Vec<usize>, Vec<Option<String>>);

fn detect_text(
    names: &[String],
    questions: &[String],
    normalized: &[String],
    sample: &[&[String]],
    id: Option<usize>,
    question: Option<usize>,
) -> Result<Detected, String> {
    let mut reasons: Vec<Option<String>> = vec![None; names.len()];
    let mut verdicts: Vec<(usize, Verdict)> = Vec::new();
    for i in (0..names.len()).filter(|&i| Some(i) != id && Some(i) != question) {
        if TOOL_COLUMNS.contains(&normalized[i].as_str()) {
            reasons[i] = Some("metadata: a survey tool's bookkeeping column".to_string());
            continue;
        }
        match TextStats::of(sample.iter().map(|r| r.get(i).map_or("", String::as_str))) {
            None => {
                reasons[i] = Some(format!("metadata: empty in all {} rows read", sample.len()));
            }
            Some(stats) => {
                let (verdict, why) = match stats.judge() {
                    (Verdict::OnlyNonAnswers, why) if is_question_like(&questions[i]) => {
                        (Verdict::Open, format!("text: a question, {why}"))
                    }
                    (Verdict::OnlyNonAnswers, why) => (Verdict::Not, format!("metadata: {why}")),
                    judged => judged,
                };
                reasons[i] = Some(why);
                verdicts.push((i, verdict));
            }
        }
    }
    let open: Vec<usize> = verdicts
        .iter()
        .filter(|(_, v)| *v == Verdict::Open)
        .map(|&(i, _)| i)
        .collect();
    if !open.is_empty() {
        return Ok((open, reasons));
    }
    let best = verdicts
        .iter()
        .filter_map(|(i, v)| match v {
            Verdict::Maybe(score) => Some((*i, *score)),
            _ => None,
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    if let Some((i, _)) = best {
        let why = reasons[i].take().unwrap_or_default();
        reasons[i] = Some(format!(
            "text: the most text-like column, no other looks open-ended ({})",
            why.trim_start_matches("metadata: ")
        ));
        return Ok((vec![i], reasons));
    }
    // Questions nobody answered: their rows are empty answers, not a file without text.
    let asked: Vec<usize> = (0..names.len())
        .filter(|&i| Some(i) != id && Some(i) != question)
        .filter(|&i| is_question_like(&questions[i]) && TextStats::of(column(sample, i)).is_none())
        .collect();
    if !asked.is_empty() {
        for &i in &asked {
            reasons[i] = Some(format!(
                "text: named like a question, no answers in {} rows read",
                sample.len()
            ));
        }
        return Ok((asked, reasons));
    }
    Err(format!(
        "no column holds free text; name it with --column (the columns are: {})",
        names.join(", ")
    ))
}

/// A column name that asks something: ends in `?` or `:`.
pub fn is_question_like(name: &str) -> bool {
    let t = name.trim();
    t.ends_with('?') || t.ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn roles_by_name_and_values() {
        let names = strings(&[
            "Vastaajan tunnus",
            "Aikaleima",
            "Rooli",
            "Mikä on haasteesi?",
        ]);
        let rows: Vec<Vec<String>> = (0..30)
            .map(|i| {
                strings(&[
                    &format!("V{i}"),
                    "2026-03-02 10:00",
                    ["Manageri", "Päällikkö"][i % 2],
                    &format!("Aikaa ei ole tarpeeksi, vastaus numero {i}"),
                ])
            })
            .collect();
        let sample: Vec<&[String]> = rows.iter().map(Vec::as_slice).collect();
        let roles = assign(&names, &names, &sample, &[]).unwrap();
        assert_eq!(roles.id, Some(0));
        assert_eq!(roles.text, [3]);
        assert_eq!(roles.meta, [1, 2]);
    }

    #[test]
    fn a_response_column_with_answers_is_not_the_id() {
        let names = strings(&["Question", "Response"]);
        let rows: Vec<Vec<String>> = (0..5)
            .map(|i| {
                strings(&[
                    "Mikä on haasteesi?",
                    &format!("Kiire on liian kova täällä {i}"),
                ])
            })
            .collect();
        let sample: Vec<&[String]> = rows.iter().map(Vec::as_slice).collect();
        let roles = assign(&names, &names, &sample, &[]).unwrap();
        assert_eq!(
            (roles.id, roles.question, roles.text),
            (None, Some(0), vec![1])
        );
    }

    #[test]
    fn column_option_by_name_question_or_number() {
        let names = strings(&["Q1", "Q2"]);
        let questions = strings(&["Mikä vie aikaa?", "Muuta?"]);
        let sample: Vec<&[String]> = Vec::new();
        let by = |w: &str| assign(&names, &questions, &sample, &[w.to_string()]);
        assert_eq!(by("q2").unwrap().text, [1]);
        assert_eq!(by("mikä vie aikaa?").unwrap().text, [0]);
        assert_eq!(by("2").unwrap().text, [1]);
        assert!(by("Q9").unwrap_err().contains("no column \"Q9\""));
    }
}
