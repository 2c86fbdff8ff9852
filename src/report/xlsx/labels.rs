//! The workbook's words: sheet names, headings and column headers, in Finnish (the default).
//! One table of them; English (`--lang en`) is in `labels_en.rs`.

/// Every word the workbook writes itself (the survey's own text is written as it is).
#[derive(Debug)]
pub struct Labels {
    /// The language these are in: it names the groups the reports make
    /// ([`crate::report::compare::shown`]).
    pub lang: crate::report::Lang,
    pub summary_sheet: &'static str,
    pub answers_sheet: &'static str,
    /// The title of the summary sheet; the input folder follows.
    pub title: &'static str,
    pub parameters: &'static str,
    pub counts: &'static str,
    pub redaction: &'static str,
    pub all_themes: &'static str,
    pub sheets: &'static str,
    pub notes: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub auto: &'static str,
    pub detected: &'static str,
    /// Parameter names, in the order [`super::summary`] writes them.
    pub parameter_names: [&'static str; 13],
    /// Count names, in the order of [`crate::report::Counts`]' fields.
    pub count_names: [&'static str; 18],
    /// `enabled`, then the finds (hetu, e-mail, phone, IBAN, name), answers, metadata rows,
    /// listed words.
    pub redaction_names: [&'static str; 9],
    // Theme tables.
    pub theme: &'static str,
    pub top_terms: &'static str,
    pub first: &'static str,
    pub share: &'static str,
    pub mentions: &'static str,
    pub mentions_share: &'static str,
    pub weighted_share: &'static str,
    pub weighted_mentions_share: &'static str,
    pub crosstab_weighted: &'static str,
    pub effective_n: &'static str,
    pub weighting: &'static str,
    pub comparison: &'static str,
    pub compared_answers: &'static str,
    pub without_value: &'static str,
    pub overall_test: &'static str,
    pub cramers_v: &'static str,
    /// Theme, group, group's answers, count, share, share elsewhere, direction, G², p,
    /// p adjusted, significance, smallest expected count.
    pub comparison_columns: [&'static str; 12],
    /// With `--weight`, after those: the group's effective sample size, the weighted share in
    /// the group and elsewhere (the test is on these).
    pub comparison_weighted_columns: [&'static str; 3],
    /// With `--weight`: how the comparison's tests took the weights.
    pub comparison_weighted_test: &'static str,
    /// Over, under, the same.
    pub directions: [&'static str; 3],
    pub trends: &'static str,
    pub undated: &'static str,
    pub period: &'static str,
    /// The weight column, rows weighted, rows without a valid weight.
    pub weighting_names: [&'static str; 3],
    pub weighted_base: &'static str,
    /// Headers of the rows without a valid weight: source, row, value, problem.
    pub invalid_weight_columns: [&'static str; 4],
    /// Missing, not a number, negative, not finite.
    pub weight_problems: [&'static str; 4],
    pub kind: &'static str,
    pub key: &'static str,
    pub question: &'static str,
    pub minor: &'static str,
    /// Named, discovered, other, no content.
    pub kinds: [&'static str; 4],
    // A question's sheet.
    pub themes: &'static str,
    pub answers_word: &'static str,
    pub answers: &'static str,
    pub quotes: &'static str,
    pub quote: &'static str,
    pub rules: &'static str,
    pub rule: &'static str,
    pub by: &'static str,
    pub crosstab_shares: &'static str,
    pub crosstab_counts: &'static str,
    pub group_answers: &'static str,
    /// After a merged group's name in a cross-tab's header: how many values it holds.
    pub values_held: &'static str,
    pub all_groups: &'static str,
    pub too_little_text: &'static str,
    pub k_by_silhouette: &'static str,
    // The answers sheets: the columns of responses.csv.
    pub answer_columns: [&'static str; 8],
    pub sheet_answers: &'static str,
    /// The note when the answers fill more than one sheet: rows per sheet, the sheets' names.
    pub split_note: fn(usize, &str) -> String,
    /// The note when texts were longer than a cell holds: how many.
    pub cut_note: fn(usize) -> String,
    pub sheet_summary: &'static str,
    // The word sheets.
    pub words_sheet: &'static str,
    pub sheet_words: &'static str,
    /// Question, `--by` column, group, kind, rank, word, lemma, answers, share, answers with
    /// content.
    pub word_columns: [&'static str; 10],
    /// Word, word pair.
    pub word_kinds: [&'static str; 2],
    pub word_tests_sheet: &'static str,
    pub sheet_word_tests: &'static str,
    /// Question, column, group, direction, word, lemma, answers in the group and share,
    /// answers elsewhere and share, G², p, p adjusted, significance, smallest expected count,
    /// weighted share in the group and elsewhere (`--weight`: the test is on these).
    pub word_test_columns: [&'static str; 17],
}

impl Labels {
    /// A group's name in these labels' language.
    pub fn group<'a>(&self, name: &'a str) -> &'a str {
        crate::report::compare::shown(name, self.lang)
    }
}

/// Finnish, the default.
pub const FI: Labels = Labels {
    lang: crate::report::Lang::Fi,
    summary_sheet: "Yhteenveto",
    answers_sheet: "Vastaukset",
    title: "Teemat aineistosta",
    parameters: "Ajon asetukset",
    counts: "Määrät",
    redaction: "Henkilötiedot",
    all_themes: "Teemat kaikissa kysymyksissä",
    sheets: "Välilehdet",
    notes: "Huomiot",
    yes: "kyllä",
    no: "ei",
    auto: "automaattinen",
    detected: "tunnistettu",
    parameter_names: [
        "Aineisto",
        "Teemakirja",
        "Vastaussarakkeet",
        "Merkistö",
        "Taulukko",
        "Kappaleet vastauksina",
        "Siemenluku",
        "Klustereita (k)",
        "Kysymykset yhdessä",
        "Ristiintaulukoitu (--by)",
        "Painosarake (--weight)",
        "Analysaattori",
        "teema-ohjelman versio",
    ],
    count_names: [
        "Tiedostoja luettu",
        "Samoja tiedostoja",
        "Tiedostoja ohitettu",
        "Tiedostoja lukematta",
        "Rivejä luettu",
        "Rivejä mukana",
        "Tyhjiä rivejä",
        "Samoja rivejä",
        "Rivejä ohitettu",
        "Rivejä ilman sisältöä",
        "Vastauksia",
        "Samoja vastauksia",
        "Vastauksia, joissa sisältöä",
        "Vastauksia ilman sisältöä",
        "Vastauksia ilman teemaa",
        "Vastauksia, joilla teema",
        "Vastauksia, joilla nimetty teema",
        "Segmenttejä (lauseita, luettelon kohtia)",
    ],
    redaction_names: [
        "Henkilötiedot poistettu",
        "Henkilötunnuksia",
        "Sähköpostiosoitteita",
        "Puhelinnumeroita",
        "Tilinumeroita (IBAN)",
        "Nimiä",
        "Vastauksia, joista poistettu",
        "Taustatietorivejä, joista poistettu",
        "Poistettavien sanojen lista",
    ],
    theme: "Teema",
    top_terms: "Tyypilliset sanat",
    first: "Vastauksia (ensimmäinen teema)",
    share: "Osuus",
    mentions: "Mainintoja",
    mentions_share: "Mainintojen osuus",
    weighted_share: "Painotettu osuus",
    weighted_mentions_share: "Painotettu mainintojen osuus",
    crosstab_weighted: "painotettu osuus ryhmän vastauksista",
    effective_n: "Tehollinen otoskoko",
    weighting: "Painotus",
    comparison: "Ryhmävertailu",
    compared_answers: "Verrattuja vastauksia",
    without_value: "Vastauksia ilman ryhmää (ei verrattu)",
    overall_test: "Ensimmäinen teema × ryhmä: khiin neliö",
    cramers_v: "Cramérin V",
    comparison_columns: [
        "Teema",
        "Ryhmä",
        "Vastauksia ryhmässä",
        "Teeman vastauksia ryhmässä",
        "Osuus ryhmässä",
        "Osuus muualla",
        "Ero",
        "G²",
        "p",
        "p (Benjamini–Hochberg)",
        "Merkitsevyys",
        "Pienin odotettu frekvenssi",
    ],
    comparison_weighted_columns: [
        "Tehollinen otoskoko ryhmässä",
        "Painotettu osuus ryhmässä",
        "Painotettu osuus muualla",
    ],
    comparison_weighted_test: "Testi: painotettu, kummankin puolen tehollinen otoskoko (Kish)",
    directions: ["yli", "ali", "sama"],
    trends: "Teemat ajan mukaan",
    undated: "Vastauksia ilman päivämäärää",
    period: "Jakso",
    weighting_names: [
        "Painosarake (--weight)",
        "Rivejä, joilla kelvollinen paino",
        "Rivejä ilman kelvollista painoa",
    ],
    weighted_base: "painotettu",
    invalid_weight_columns: ["Lähde", "Rivi", "Paino", "Ongelma"],
    weight_problems: ["puuttuu", "ei luku", "negatiivinen", "ei äärellinen"],
    kind: "Laji",
    key: "Avain",
    question: "Kysymys",
    minor: "Pieni teema",
    kinds: ["nimetty", "löydetty", "muu", "ei sisältöä"],
    themes: "Teemat",
    answers_word: "vastausta",
    answers: "Vastauksia",
    quotes: "Lainaukset (teeman kohta lihavoitu)",
    quote: "Lainaus",
    rules: "Teemakirjan säännöt",
    rule: "Sääntö",
    by: "Teemat ryhmittäin",
    crosstab_shares: "osuus ryhmän vastauksista",
    crosstab_counts: "vastauksia",
    group_answers: "Vastauksia ryhmässä",
    values_held: "arvoa",
    all_groups: "Kaikki",
    too_little_text: "liian vähän tekstiä ryhmiteltäväksi",
    k_by_silhouette: "valittu siluetin mukaan",
    answer_columns: [
        "Tunniste",
        "Lähde",
        "Rivi",
        "Kysymys",
        "Teemat",
        "Klusteri",
        "Perustelu",
        "Vastaus",
    ],
    sheet_answers: "Kaikki vastaukset",
    split_note: fi_split_note,
    cut_note: fi_cut_note,
    sheet_summary: "Ajon asetukset, määrät ja teemat",
    words_sheet: "Sanat",
    sheet_words: "Yleisimmät sanat ja sanaparit kysymyksittäin ja ryhmittäin",
    word_columns: [
        "Kysymys",
        "Ryhmittely",
        "Ryhmä",
        "Laji",
        "Sija",
        "Sana",
        "Perusmuoto",
        "Vastauksia",
        "Osuus",
        "Sisältöä sisältäviä vastauksia",
    ],
    word_kinds: ["sana", "sanapari"],
    word_tests_sheet: "Sanavertailu",
    sheet_word_tests: "Sanat, joita ryhmä käyttää merkitsevästi muita enemmän tai vähemmän",
    word_test_columns: [
        "Kysymys",
        "Ryhmittely",
        "Ryhmä",
        "Ero",
        "Sana",
        "Perusmuoto",
        "Vastauksia ryhmässä",
        "Osuus ryhmässä",
        "Vastauksia muualla",
        "Osuus muualla",
        "G²",
        "p",
        "p (Benjamini–Hochberg)",
        "Merkitsevyys",
        "Pienin odotettu frekvenssi",
        "Painotettu osuus ryhmässä",
        "Painotettu osuus muualla",
    ],
};

fn fi_split_note(rows: usize, sheets: &str) -> String {
    format!(
        "Vastauksia on enemmän kuin yhdelle Excelin välilehdelle mahtuu ({} riviä otsikkorivi \
         mukaan lukien): ne on jaettu välilehdille {sheets}.",
        thousands(rows)
    )
}

fn fi_cut_note(cut: usize) -> String {
    format!(
        "Excelin solussa voi olla enintään 32 767 merkkiä: {} pidempää tekstiä on lyhennetty \
         (kokonaisina ne ovat tiedostoissa responses.csv ja themes.json).",
        thousands(cut)
    )
}

/// `n` with a space between thousands, as Finnish writes numbers.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}
