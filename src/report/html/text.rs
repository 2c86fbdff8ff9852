//! The words of `report.html`'s interface in Finnish and English (`--lang`), and numbers as
//! each language writes them: `1 234` and `26,2 %` in Finnish, `1,234` and `26.2%` in English.
//! A string with `{}` is a template: [`fill`] puts the values in, in order.

use crate::report::Lang;

/// Every fixed string of the page, in one language.
pub struct Text {
    pub lang: &'static str,
    pub title: &'static str,
    pub contents: &'static str,
    pub questions: &'static str,
    pub question: &'static str,
    pub all_answers: &'static str,
    /// `{}` answers from `{}` rows (files: `{}`); `{}` with content, `{}` without.
    pub intro: &'static str,
    pub k_chosen: &'static str,
    pub k_given: &'static str,
    pub k_none: &'static str,
    pub chart_title: &'static str,
    pub chart_note: &'static str,
    pub theme: &'static str,
    pub answers: &'static str,
    pub share: &'static str,
    pub first: &'static str,
    pub largest: &'static str,
    /// `{}` answers (`{}`), the first theme of `{}`.
    pub theme_stats: &'static str,
    pub top_terms: &'static str,
    pub coded_by: &'static str,
    pub show_answers: &'static str,
    pub minor: &'static str,
    /// `{}` small themes.
    pub minor_count: &'static str,
    pub minor_note: &'static str,
    pub other: &'static str,
    pub no_content: &'static str,
    pub named: &'static str,
    pub discovered: &'static str,
    /// Themes by `{}`.
    pub crosstab: &'static str,
    pub crosstab_note: &'static str,
    /// A cross-tab group of `{}` of the column's values (the smaller groups together).
    pub values_held: &'static str,
    pub search: &'static str,
    pub search_hint: &'static str,
    pub all_questions: &'static str,
    pub all_themes: &'static str,
    pub id: &'static str,
    pub source: &'static str,
    pub themes: &'static str,
    pub answer: &'static str,
    /// Showing `{}` of `{}` matching answers (`{}` in the file).
    pub showing: &'static str,
    pub more: &'static str,
    pub no_matches: &'static str,
    pub cut: &'static str,
    /// The weighted share, beside the share (`--weight`).
    pub weighted: &'static str,
    pub weighted_short: &'static str,
    /// The weighted bar in a chart's legend.
    pub weighted_bar: &'static str,
    /// Weights from column `{}`: `{}` rows weighted, `{}` without a valid weight.
    pub weight_line: &'static str,
    /// Weighted over `{}` answers with a valid weight; effective sample size `{}`; `{}` without.
    pub weight_base: &'static str,
    /// What the colours of the bars and cards mean: named, discovered, small, the rest.
    pub legend: [&'static str; 4],
    /// A sample: `{}` of `{}` answers, seed `{}`.
    pub sample: &'static str,
    pub noscript: &'static str,
    pub script_failed: &'static str,
    /// Made by teema `{}`, seed `{}`.
    pub footer: &'static str,
    pub not_redacted: &'static str,
    pub none_redacted: &'static str,
    /// Personal data replaced by tags: `{}`; in `{}` answers.
    pub redacted: &'static str,
    /// Left out: `{}` unreadable files, `{}` duplicate files, `{}` skipped rows, `{}`
    /// duplicate rows, `{}` empty rows.
    pub left_out: &'static str,
}

const FI: Text = Text {
    lang: "fi",
    title: "Teemat",
    contents: "Sisältö",
    questions: "Kysymykset",
    question: "Kysymys",
    all_answers: "Kaikki vastaukset",
    intro: "{} vastausta {} riviltä (tiedostoja {}); sisältöä {} vastauksessa, ilman sisältöä {}.",
    k_chosen: "ryhmiä k = {} (valittu siluettiarvolla {})",
    k_given: "ryhmiä k = {}",
    k_none: "liian vähän tekstiä ryhmittelyyn",
    chart_title: "Teemojen osuudet vastauksista",
    chart_note: "Vastauksessa voi olla useita teemoja, joten osuuksien summa voi ylittää 100 %. \
                 Ensimmäisenä: vastaukset, joiden ensimmäinen teema se on.",
    theme: "Teema",
    answers: "Vastauksia",
    share: "Osuus",
    first: "Ensimmäisenä",
    largest: "Suurimmat teemat",
    theme_stats: "{} ({}), ensimmäisenä teemana {}",
    top_terms: "Tunnussanat",
    coded_by: "Koodattu",
    show_answers: "Näytä vastaukset",
    minor: "Muut teemat",
    minor_count: "{} pientä teemaa",
    minor_note: "Pienet teemat, kunkin vastaukset ja osuus sekä esimerkki:",
    other: "Muu (ei teemaa)",
    no_content: "Ei sisältöä",
    named: "koodikirjan teema",
    discovered: "löydetty teema",
    crosstab: "Teemat ryhmittäin: {}",
    crosstab_note: "Osuus kunkin ryhmän vastauksista, joissa teema on (lukumäärä suluissa; \
                    vastauksessa voi olla useita teemoja). Mitä tummempi solu, sitä suurempi \
                    osuus.",
    values_held: "{} arvoa",
    search: "Hae",
    search_hint: "Kirjoita hakusanoja…",
    all_questions: "Kaikki kysymykset",
    all_themes: "Kaikki teemat",
    id: "Tunnus",
    source: "Lähde",
    themes: "Teemat",
    answer: "Vastaus",
    showing: "Näytetään {} / {} vastausta (tiedostossa {})",
    more: "Näytä lisää",
    no_matches: "Ei osumia.",
    cut: "(lyhennetty)",
    weighted: "painotettu osuus",
    weighted_short: "painotettu",
    weighted_bar: "painotettu osuus (alempi palkki)",
    weight_line: "Painot sarakkeesta {}: {} riviä painotettu, {} riviä ilman kelvollista painoa \
                  (nimetty tiedostossa summary.md).",
    weight_base: "painotettu {} vastauksen yli, efektiivinen otoskoko {}; ilman kelvollista \
                  painoa {}",
    legend: [
        "koodikirjan teema",
        "löydetty teema",
        "pienet teemat",
        "muu tai ei sisältöä",
    ],
    sample: "Tiedostossa on satunnaisotos: {} vastausta {} vastauksesta (siemen {}). Kaikki \
             vastaukset ovat tiedostossa responses.csv, ja niitä voi hakea komennolla teema \
             search.",
    noscript: "Vastausten taulukko tarvitsee JavaScriptin. Kaikki vastaukset ovat tiedostossa \
               responses.csv.",
    script_failed: "Sivun skripti epäonnistui:",
    footer: "Tehty ohjelmalla teema {} (siemen {}). Samat tiedot: summary.md, themes.json, \
             responses.csv.",
    not_redacted: "Henkilötietoja ei poistettu (--no-redact).",
    none_redacted: "Henkilötietoja ei löytynyt (henkilötunnukset, sähköpostiosoitteet, \
                    puhelinnumerot, IBAN-tilinumerot ja listatut sanat poistetaan).",
    redacted: "Henkilötiedot korvattu merkinnöillä: {}; {} vastauksessa.",
    left_out: "Jätetty pois: {} lukukelvotonta tiedostoa, {} kaksoistiedostoa, {} ohitettua \
               riviä, {} kaksoisriviä, {} tyhjää riviä (ks. skipped.csv).",
};

const EN: Text = Text {
    lang: "en",
    title: "Themes",
    contents: "Contents",
    questions: "Questions",
    question: "Question",
    all_answers: "All answers",
    intro: "{} answers from {} rows (files: {}); {} with content, {} without.",
    k_chosen: "k = {} (chosen by silhouette {})",
    k_given: "k = {}",
    k_none: "too little text to cluster",
    chart_title: "Share of answers by theme",
    chart_note: "An answer can carry several themes, so the shares can add up to more than \
                 100%. First: answers whose first theme it is.",
    theme: "Theme",
    answers: "Answers",
    share: "Share",
    first: "First",
    largest: "Largest themes",
    theme_stats: "{} ({}), the first theme of {}",
    top_terms: "Top terms",
    coded_by: "Coded by",
    show_answers: "Show answers",
    minor: "Other themes",
    minor_count: "{} small themes",
    minor_note: "Small themes, each with its answers, share and an example:",
    other: "Other (no theme)",
    no_content: "No content",
    named: "codebook theme",
    discovered: "discovered theme",
    crosstab: "Themes by {}",
    crosstab_note: "Share of each group's answers that carry the theme (counts in brackets; an \
                    answer can carry several themes). The darker the cell, the larger the \
                    share.",
    values_held: "{} values",
    search: "Search",
    search_hint: "Type words to search…",
    all_questions: "All questions",
    all_themes: "All themes",
    id: "ID",
    source: "Source",
    themes: "Themes",
    answer: "Answer",
    showing: "Showing {} of {} matching answers ({} in this file)",
    more: "Show more",
    no_matches: "No matches.",
    cut: "(shortened)",
    weighted: "weighted share",
    weighted_short: "weighted",
    weighted_bar: "weighted share (the lower bar)",
    weight_line: "Weights from column {}: {} rows weighted, {} rows without a valid weight \
                  (named in summary.md).",
    weight_base: "weighted over {} answers, effective sample size {}; without a valid weight {}",
    legend: [
        "codebook theme",
        "discovered theme",
        "small themes",
        "other or no content",
    ],
    sample: "This file holds a random sample: {} of {} answers (seed {}). Every answer is in \
             responses.csv and can be searched with teema search.",
    noscript: "The answers table needs JavaScript. Every answer is in responses.csv.",
    script_failed: "The page's script failed:",
    footer: "Made by teema {} (seed {}). The same figures: summary.md, themes.json, \
             responses.csv.",
    not_redacted: "Personal data: not redacted (--no-redact).",
    none_redacted: "Personal data: none found (henkilötunnus, e-mail addresses, phone numbers, \
                    IBANs and listed words are redacted).",
    redacted: "Personal data replaced by tags: {}; in {} answers.",
    left_out: "Left out: {} unreadable files, {} duplicate files, {} skipped rows, {} duplicate \
               rows, {} empty rows (see skipped.csv).",
};

/// The interface strings of `lang`.
pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::Fi => &FI,
        Lang::En => &EN,
    }
}

/// `template` with each `{}` replaced by the next of `values`.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(values.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// Numbers as `lang` writes them.
#[derive(Clone, Copy)]
pub struct Num(pub Lang);

impl Num {
    /// A count with thousands grouped: `12 345` (a no-break space) or `12,345`.
    pub fn int(self, n: usize) -> String {
        let digits = n.to_string();
        let sep = match self.0 {
            Lang::Fi => '\u{a0}',
            Lang::En => ',',
        };
        let mut out = String::with_capacity(digits.len() + 4);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A decimal number with `places` decimals: `0,089` or `0.089`.
    pub fn dec(self, x: f64, places: usize) -> String {
        let s = format!("{x:.places$}");
        match self.0 {
            Lang::Fi => s.replace('.', ",").replace('-', "\u{2212}"),
            Lang::En => s,
        }
    }

    /// A share as a percentage with one decimal: `26,2 %` or `26.2%`.
    pub fn pct(self, share: f64) -> String {
        let n = self.dec(share * 100.0, 1);
        match self.0 {
            Lang::Fi => format!("{n}\u{a0}%"),
            Lang::En => format!("{n}%"),
        }
    }

    /// A share as a whole percentage, for a chart's axis: `30 %` or `30%`.
    pub fn pct_whole(self, share: f64) -> String {
        let n = (share * 100.0).round() as i64;
        match self.0 {
            Lang::Fi => format!("{n}\u{a0}%"),
            Lang::En => format!("{n}%"),
        }
    }

    /// `n` answers, singular for one.
    pub fn answers(self, n: usize) -> String {
        match (self.0, n) {
            (Lang::Fi, 1) => "1 vastaus".to_string(),
            (Lang::Fi, n) => format!("{} vastausta", self.int(n)),
            (Lang::En, 1) => "1 answer".to_string(),
            (Lang::En, n) => format!("{} answers", self.int(n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        let (fi, en) = (Num(Lang::Fi), Num(Lang::En));
        assert_eq!(fi.int(1234567), "1\u{a0}234\u{a0}567");
        assert_eq!(en.int(1234567), "1,234,567");
        assert_eq!(fi.int(999), "999");
        assert_eq!(fi.pct(0.2619), "26,2\u{a0}%");
        assert_eq!(en.pct(0.2619), "26.2%");
        assert_eq!(fi.answers(1), "1 vastaus");
        assert_eq!(en.answers(2000), "2,000 answers");
        assert_eq!(fill("{} / {}", &["1", "2"]), "1 / 2");
        assert_eq!(fill("{} and {}", &["a"]), "a and ");
    }
}
