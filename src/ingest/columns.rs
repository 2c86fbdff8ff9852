//! What is each column for? The id column is found by name (`id`, `Respondent ID`,
//! `ResponseId`, `Vastaajan tunnus`, …) and so is a long export's question column. Free-text
//! columns are `--column` (name, question text or 1-based number), or else every column whose
//! values look open-ended: mostly letters, several words, many distinct values; not dates,
//! numbers, e-mail addresses, fixed choices or a survey tool's bookkeeping columns. Everything
//! else is metadata.

use std::collections::HashSet;

use super::Role;

/// Data rows looked at to choose the free-text columns.
pub const SAMPLE_ROWS: usize = 2000;

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
    let text = if wanted.is_empty() && sample.is_empty() {
        // No data rows: nothing to detect, and nothing to take.
        Vec::new()
    } else if wanted.is_empty() {
        detect_text(names, &normalized, sample, id, question)?
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
        chosen
    };
    let id = id.filter(|i| !text.contains(i));
    let question = question.filter(|i| !text.contains(i));
    let meta = (0..names.len())
        .filter(|i| Some(*i) != id && Some(*i) != question && !text.contains(i))
        .collect();
    Ok(Roles {
        id,
        question,
        text,
        meta,
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

fn detect_text(
    names: &[String],
    normalized: &[String],
    sample: &[&[String]],
    id: Option<usize>,
    question: Option<usize>,
) -> Result<Vec<usize>, String> {
    let stats: Vec<(usize, TextStats)> = (0..names.len())
        .filter(|&i| Some(i) != id && Some(i) != question)
        .filter(|&i| !TOOL_COLUMNS.contains(&normalized[i].as_str()))
        .filter_map(|i| {
            TextStats::of(sample.iter().map(|r| r.get(i).map_or("", String::as_str)))
                .map(|s| (i, s))
        })
        .collect();
    let open: Vec<usize> = stats
        .iter()
        .filter(|(_, s)| s.is_open_ended())
        .map(|&(i, _)| i)
        .collect();
    if !open.is_empty() {
        return Ok(open);
    }
    stats
        .iter()
        .filter(|(_, s)| s.could_be_text())
        .max_by(|a, b| a.1.score().total_cmp(&b.1.score()).then(b.0.cmp(&a.0)))
        .map(|&(i, _)| vec![i])
        .ok_or_else(|| {
            format!(
                "no column holds free text; name it with --column (the columns are: {})",
                names.join(", ")
            )
        })
}

/// How much a column looks like open-ended text.
#[derive(Debug, Clone, Copy)]
pub struct TextStats {
    n: usize,
    avg_chars: f64,
    avg_words: f64,
    distinct: usize,
    letters: f64,
    emails: usize,
}

impl TextStats {
    pub fn of<'a>(values: impl Iterator<Item = &'a str>) -> Option<Self> {
        let mut n = 0usize;
        let (mut chars, mut words, mut letters, mut visible, mut emails) = (0, 0, 0, 0, 0);
        let mut distinct = HashSet::new();
        for v in values {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            n += 1;
            chars += v.chars().count();
            words += v.split_whitespace().count();
            letters += v.chars().filter(|c| c.is_alphabetic()).count();
            visible += v.chars().filter(|c| !c.is_whitespace()).count();
            if v.contains('@') && !v.contains(' ') {
                emails += 1;
            }
            distinct.insert(v.to_lowercase());
        }
        (n > 0).then(|| TextStats {
            n,
            avg_chars: chars as f64 / n as f64,
            avg_words: words as f64 / n as f64,
            distinct: distinct.len(),
            letters: letters as f64 / visible.max(1) as f64,
            emails,
        })
    }

    fn distinct_share(&self) -> f64 {
        self.distinct as f64 / self.n as f64
    }

    /// A handful of values repeated over many rows: a multiple-choice question.
    fn is_fixed_choice(&self) -> bool {
        self.n >= 20 && self.distinct <= 12 && self.distinct_share() < 0.4
    }

    fn could_be_text(&self) -> bool {
        self.letters >= 0.5 && self.emails * 2 < self.n && !self.is_fixed_choice()
    }

    fn score(&self) -> f64 {
        self.avg_chars * self.distinct_share() * self.letters
    }

    pub fn is_open_ended(&self) -> bool {
        self.could_be_text()
            && self.avg_chars >= 8.0
            && self.avg_words >= 2.0
            && self.distinct_share() >= 0.4
    }
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
    fn fixed_choices_and_emails_are_not_text() {
        let choices: Vec<String> = (0..40)
            .map(|i| ["Melko tyytyväinen", "Erittäin tyytyväinen", "En osaa sanoa"][i % 3].into())
            .collect();
        let s = TextStats::of(choices.iter().map(String::as_str)).unwrap();
        assert!(!s.is_open_ended());
        let emails = ["maija@example.fi", "pekka@example.fi"];
        let s = TextStats::of(emails.into_iter()).unwrap();
        assert!(!s.could_be_text());
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
