//! `teema run` and `teema inspect` on the ingest fixtures (`tests/fixtures/exports/`, described
//! in `tests/fixtures/README.md`): every answer, every file report and every count, exactly.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::{field, read_csv, Workdir};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn exports() -> PathBuf {
    fixtures().join("exports")
}

/// Copies fixture files (paths relative to `tests/fixtures`) into `dir` of `work`.
fn copy_fixtures(work: &Workdir, dir: &str, files: &[&str]) {
    for f in files {
        let src = fixtures().join(f);
        let name = Path::new(f).file_name().unwrap().to_str().unwrap();
        work.write(&format!("{dir}/{name}"), std::fs::read(&src).unwrap());
    }
}

/// Every file under `dir` (relative path, size), to see that nothing was written.
fn listing(dir: &Path) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                todo.push(entry.path());
            }
            out.insert(
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                if meta.is_dir() { 0 } else { meta.len() },
            );
        }
    }
    out
}

fn json_file(work: &Workdir, name: &str) -> Value {
    serde_json::from_str(&work.read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn stdout_json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("inspect --json prints JSON")
}

/// (id, source, row, question, text) of every row of a responses.csv.
fn answers(path: &Path) -> Vec<[String; 5]> {
    let (header, rows) = read_csv(path);
    rows.iter()
        .map(|r| ["id", "source", "row", "question", "text"].map(|c| field(&header, r, c).into()))
        .collect()
}

/// Compares two lists of answers item by item, so that a failure names the first difference.
fn assert_answers(actual: &[[String; 5]], expected: &[[&str; 5]]) {
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_eq!(a, e, "answer {i} (expected id {})", e[0]);
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "number of answers; extra or missing: {:?}",
        if actual.len() > expected.len() {
            actual[expected.len()..]
                .iter()
                .map(|a| a[0].as_str())
                .collect::<Vec<_>>()
        } else {
            expected[actual.len()..].iter().map(|e| e[0]).collect()
        }
    );
}

/// One `teema run` of the whole fixture folder, shared by the tests that only read its output.
struct ExportsRun {
    work: Workdir,
    stderr: String,
    themes: Value,
}

impl ExportsRun {
    fn out(&self, name: &str) -> PathBuf {
        self.work.path().join("out").join(name)
    }

    fn file(&self, source: &str) -> &Value {
        self.themes["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["source"] == source)
            .unwrap_or_else(|| panic!("no file report for {source}"))
    }
}

fn exports_run() -> &'static ExportsRun {
    static RUN: OnceLock<ExportsRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let work = Workdir::new();
        let input = exports();
        let out = work.teema_ok(&["run", input.to_str().unwrap(), "--out", "out"]);
        let themes = json_file(&work, "out/themes.json");
        ExportsRun {
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            work,
            themes,
        }
    })
}

/// Every answer of `tests/fixtures/exports/`, in the order of responses.csv. Texts as the
/// fixtures hold them (see the README); the answer `-` is written `'-` so that Excel does not
/// take it for a formula.
#[rustfmt::skip]
const ALL_ANSWERS: [[&str; 5]; 67] = [
    ["avoimet.txt:1", "avoimet.txt", "1", "avoimet", "Aikaa ei yksinkertaisesti ole tarpeeks, kaikki on \"asap\""],
    ["avoimet.txt:2", "avoimet.txt", "2", "avoimet", "Esihenkilö ei tiedä mitä teen, eikä kyllä kysykään"],
    ["avoimet.txt:4", "avoimet.txt", "4", "avoimet", "'-"],
    ["avoimet.txt:5", "avoimet.txt", "5", "avoimet", "Kiire 😩"],
    ["avoimet.txt:6", "avoimet.txt", "6", "avoimet", "Toivoisin selkeitä mittareita, nyt mennään fiilispohjalta"],
    ["R1", "bad_rows.csv", "2", "vastaus", "Ihan ok mutta välillä tuntuu että huudan tyhjyyteen"],
    ["R6", "bad_rows.csv", "7", "vastaus", "Kiitos, että saa sanoa suoraan. Tällaisia kyselyitä lisää"],
    ["D1", "double_encoded.csv", "2", "vastaus", "TÃ¤Ã¤ kysely on hyvÃ¤ juttu, mutta vastauksista pitÃ¤Ã¤ myÃ¶s tehdÃ¤ jotain"],
    ["D2", "double_encoded.csv", "3", "vastaus", "TyÃ¶kuorma on liian iso, en ehdi kehittÃ¤Ã¤ yhteisÃ¶Ã¤ lainkaan"],
    ["D3", "double_encoded.csv", "4", "vastaus", "Ã„Ã¤nestyksiÃ¤ ja kyselyjÃ¤ enemmÃ¤n, jÃ¤senet tykkÃ¤Ã¤ niistÃ¤"],
    ["A1", "excel_ansi.csv", "2", "Vapaa palaute", "Ärsyttää että kaikki pitää raportoida kahteen kertaan. Ei oo aikaa varsinaiselle työlle"],
    ["A2", "excel_ansi.csv", "3", "Vapaa palaute", "Öisin tulee viestejä ja niihin odotetaan vastausta heti… johto ei arvosta sitä että joku päivystää"],
    ["A3", "excel_ansi.csv", "4", "Vapaa palaute", "Budjetti on 500 € vuodessa koko yhteisötyöhön, se on vitsi. Yhteisö ei oo meidän firman ’juttu’ ilmeisesti"],
    ["A4", "excel_ansi.csv", "5", "Vapaa palaute", "Åbon toimiston kanssa yhteistyö toimii, mutta mittaaminen on ihan hukassa. Ei tiedetä mitä pitäis seurata, kysyin jo Håkanilta"],
    ["U1", "excel_unicode.txt", "2", "Mitä toivoisit esihenkilöltäsi?", "Enemmän palautetta, nyt kuulen vain kun jokin menee pieleen"],
    ["U2", "excel_unicode.txt", "3", "Mitä toivoisit esihenkilöltäsi?", "Että hän oikeesti lukis ne raportit joita mä väännän joka kuukausi 📊"],
    ["U3", "excel_unicode.txt", "4", "Mitä toivoisit esihenkilöltäsi?", "Aikaa. Ja ymmärrystä siihen ettei kaikkea voi tehdä yhtä aikaa"],
    ["U4", "excel_unicode.txt", "5", "Mitä toivoisit esihenkilöltäsi?", "Selkeät tavoitteet ja sen että työ näkyy jossain muuallakin kuin excelissä"],
    ["E01", "excel_utf8.csv", "2", "Mikä on suurin haasteesi työssäsi?", "Ei ole aikaa tehdä mitään kunnolla, päivät menee palavereissa ja somen päivystyksessä 😅"],
    ["E02", "excel_utf8.csv", "3", "Mikä on suurin haasteesi työssäsi?", "Johto sanoo että \"yhteisö on tärkeä\" mut budjettia ei tule; resursseja ei oo.\nKäytännössä teen tätä yksin iltaisin."],
    ["E03", "excel_utf8.csv", "4", "Mikä on suurin haasteesi työssäsi?", "Mittaaminen on vaikeeta, en tiiä mitkä luvut oikeesti kertoo onnistumisesta. Analytiikka on ihan hajallaan"],
    ["E05", "excel_utf8.csv", "6", "Mikä on suurin haasteesi työssäsi?", "'-"],
    ["E03@jatko.csv:3", "jatko.csv", "3", "Mikä on suurin haasteesi työssäsi?", "Nyt kun mietin uudestaan: isoin haaste on se ettei kukaan omista analytiikkaa. Jokainen tiimi mittaa omalla tavallaan ja luvut ei täsmää koskaan"],
    ["E06", "jatko.csv", "4", "Mikä on suurin haasteesi työssäsi?", "Liian monta projektia yhtä aikaa, priorisointi puuttuu ja kaikki on yhtä tärkeetä"],
    ["O1", "kysely.ods", "2", "Mikä on parasta työssäsi?", "Ihmiset! Yhteisön jäsenet on ihan parhaita ja niiltä oppii koko ajan"],
    ["O2", "kysely.ods", "3", "Mikä on parasta työssäsi?", "Vapaus päättää omista aikatauluista, se on kullanarvoista"],
    ["O3", "kysely.ods", "4", "Mikä on parasta työssäsi?", "Kun joku kirjottaa että sai apua meidän foorumilta, se lämmittää mieltä ❤️"],
    ["101", "kysely.xlsx#Vastaukset", "2", "Mikä tekisi työstäsi helpompaa?", "Jos palaverit ois max 30 min ja agenda tulis etukäteen"],
    ["102", "kysely.xlsx#Vastaukset", "3", "Mikä tekisi työstäsi helpompaa?", "Yksi työkalu kaikkeen, nyt on neljä eri järjestelmää 🙄"],
    ["103", "kysely.xlsx#Vastaukset", "4", "Mikä tekisi työstäsi helpompaa?", "Että esihenkilö huomais onnistumiset eikä pelkästään virheitä"],
    ["104", "kysely.xlsx#Vastaukset", "5", "Mikä tekisi työstäsi helpompaa?", "Selkeämpi työnjako. Nyt kaikki kuuluu kaikille ja siksi ei kenellekkään"],
    ["P-1", "kysely.xlsx#Palaute", "2", "Vapaa sana", "Kiitos kyselystä! Toivottavasti tästä seuraa jotain konkreettista eikä vain PowerPoint-kalvoja"],
    ["P-2", "kysely.xlsx#Palaute", "3", "Vapaa sana", "Kahvihuoneen keitin on ollu rikki kolme viikkoa 😤"],
    ["P-3", "kysely.xlsx#Palaute", "4", "Vapaa sana", "Etätyöpäivät on pelastus, älkää viekö niitä pois"],
    ["no_header.csv:1", "no_header.csv", "1", "column 3", "Suurin ongelma on se, että yhteisötyö nähdään vain kivana lisänä eikä oikeena työnä. Kukaan ei kysy mitä mulle kuuluu"],
    ["no_header.csv:2", "no_header.csv", "2", "column 3", "Mittarit puuttuu kokonaan. Seurataan tykkäyksiä koska ne on helppo laskea, vaikka ne ei kerro mitään"],
    ["no_header.csv:3", "no_header.csv", "3", "column 3", "Ei oo aikaa kehittää mitään uutta kun kaikki aika menee tulipalojen sammutteluun 🔥"],
    ["no_header.csv:4", "no_header.csv", "4", "column 3", "Toivoisin että johto osallistuis joskus itse keskusteluihin, edes kerran kvartaalissa"],
    ["P1", "pipe.csv", "2", "Mikä toimii hyvin?", "Yhteishenki. Vaikka kiire on, autetaan toisiamme"],
    ["P2", "pipe.csv", "3", "Mikä toimii hyvin?", "Viikkopalaverit on lyhyitä, selkeitä; kaikki tietää mitä tehdään"],
    ["P3", "pipe.csv", "4", "Mikä toimii hyvin?", "Slack-kanava toimii tosi hyvin ja feedback tulee nopeesti"],
    ["R_1aBcD2eFgH3iJkL.q1", "qualtrics.csv", "4", "Mikä vie eniten aikaasi?", "Palaverit. Ihan liikaa palavereita, joista puolet vois hoitaa sähköpostilla"],
    ["R_1aBcD2eFgH3iJkL.q2", "qualtrics.csv", "4", "Mitä muuta haluat kertoa?", "Kiitos että kysytte, tää on eka kerta kun joku kysyy 🙂"],
    ["R_2xYzW8vUtS7rQpN.q1", "qualtrics.csv", "5", "Mikä vie eniten aikaasi?", "Raportointi ja excelien pyörittely. Analytiikkatyökalut ei puhu keskenään"],
    ["R_2xYzW8vUtS7rQpN.q2", "qualtrics.csv", "5", "Mitä muuta haluat kertoa?", "Johto ei arvosta tätä työtä, se näkyy palkassa ja siinä ettei meitä kutsuta strategiapäiville"],
    ["R_3mNoPq4RsTu5VwX.q1", "qualtrics.csv", "6", "Mikä vie eniten aikaasi?", "Asiakkaiden viesteihin vastaaminen, niitä tulee joka kanavasta"],
    ["R_4kLmN6oPqR7sTuV.q1", "qualtrics.csv", "7", "Mikä vie eniten aikaasi?", "Sisällöntuotanto vie eniten mut se on myös kivointa. Ålandin tiimin kanssa tehdään yhteisiä juttuja"],
    ["R_4kLmN6oPqR7sTuV.q2", "qualtrics.csv", "7", "Mitä muuta haluat kertoa?", "Toivon että tätä kyselyä ei vaan arkistoida. Mitä tuloksille tapahtuu??"],
    ["11482930571.q1", "surveymonkey.csv", "3", "Mikä on suurin haasteesi?", "Ajanpuute. Yhteisö kasvaa koko ajan mut mun työtunnit ei"],
    ["11482930571.q3", "surveymonkey.csv", "3", "Mitä muuta haluat sanoa?", "Hyvä että joku kysyy 👍"],
    ["11482935208.q1", "surveymonkey.csv", "4", "Mikä on suurin haasteesi?", "Kukaan ylempänä ei tiedä mitä mä teen. Arvostus on nolla"],
    ["11482935208.q2", "surveymonkey.csv", "4", "Mitä analytiikkatyökaluja käytät? – Other (please specify)", "Oma Power BI -raportti"],
    ["11482935208.q3", "surveymonkey.csv", "4", "Mitä muuta haluat sanoa?", "Power BI:n lisenssi pitäis saada kaikille, nyt se on vaan mulla"],
    ["11482941736.q1", "surveymonkey.csv", "5", "Mikä on suurin haasteesi?", "Mittaaminen!! Mitä ees pitäis mitata, jäsenmäärää vai aktiivisuutta?"],
    ["11482950019.q1", "surveymonkey.csv", "6", "Mikä on suurin haasteesi?", "Moderointi vie aikaa ja trollit käy voimille. Åsa hoitaa onneksi viikonloput"],
    ["11482950019.q2", "surveymonkey.csv", "6", "Mitä analytiikkatyökaluja käytät? – Other (please specify)", "Käsin laskettu taulukko"],
    ["11482950019.q3", "surveymonkey.csv", "6", "Mitä muuta haluat sanoa?", "Jaksaminen on koetuksella, lomaa odotellessa"],
    ["B1", "utf16be.tsv", "2", "kommentti", "Kiire on jatkuvaa, viikonloppunakin tsekkaan kommentit puhelimesta"],
    ["B2", "utf16be.tsv", "3", "kommentti", "Työkalut ok mut dashboardit ei kerro mitään järkevää"],
    ["B3", "utf16be.tsv", "4", "kommentti", "Ihan hyvä fiilis, tiimi tukee 👍 mutta esimies ei näe mitä teemme"],
    ["J1", "vastaukset.json", "1", "Mikä vie eniten aikaasi?", "Sähköpostit ja Teams-viestit. Keskittymiselle ei jää yhtään rauhallista hetkeä"],
    ["2", "vastaukset.json", "2", "Mikä vie eniten aikaasi?", "Raporttien kokoaminen käsin kolmesta eri järjestelmästä"],
    ["J3", "vastaukset.json", "3", "Mikä vie eniten aikaasi?", "Uusien jäsenten perehdytys, samat kysymykset joka viikko 🔁"],
    ["L1", "vastaukset.jsonl", "1", "teksti", "Liikaa kanavia seurattavana: Facebook, Insta, Discord ja vielä oma foorumi"],
    ["L2", "vastaukset.jsonl", "2", "teksti", "Johto ei arvosta, ne näkee vain kulut eikä sitä mitä yhteisö tuo"],
    ["L4", "vastaukset.jsonl", "4", "teksti", "Haluaisin oppia enemmän analytiikasta, onko jotain koulutusta tarjolla?"],
    ["L7", "vastaukset.jsonl", "7", "teksti", "Öisin mietin työasioita, ei hyvä 😴"],
];

#[test]
fn every_fixture_answer_is_read_exactly() {
    let run = exports_run();
    let actual = answers(&run.out("responses.csv"));
    assert_answers(&actual, &ALL_ANSWERS);
    let ids: HashSet<&str> = actual.iter().map(|a| a[0].as_str()).collect();
    assert_eq!(ids.len(), actual.len(), "ids are unique");
    for a in &actual {
        assert!(
            !a[4].contains('\u{fffd}'),
            "{}: lossy decoding: {:?}",
            a[0],
            a[4]
        );
        assert!(!a[4].contains('\r'), "{}: CR left in {:?}", a[0], a[4]);
    }
}

#[test]
fn metadata_columns_keep_their_values() {
    let run = exports_run();
    let (header, rows) = read_csv(&run.out("responses.csv"));
    assert_eq!(
        header,
        [
            "id",
            "source",
            "row",
            "question",
            "theme",
            "cluster",
            "evidence",
            "text",
            "rooli",
            "Yksikkö",
            "Ikäryhmä",
            "Rooli",
            "Organisaation koko",
            "Aloitusaika",
            "Valmistumisaika",
            "Toimipiste",
            "Arvio 1-10",
            "column 1",
            "column 2",
            "tiimi",
            "StartDate",
            "EndDate",
            "Status",
            "IPAddress",
            "Progress",
            "Duration (in seconds)",
            "Finished",
            "RecordedDate",
            "UserLanguage",
            "Q1",
            "Collector ID",
            "Start Date",
            "End Date",
            "IP Address",
            "Email Address",
            "First Name",
            "Last Name",
            "Custom Data 1",
            "Mitä analytiikkatyökaluja käytät? – Google Analytics",
            "Mitä analytiikkatyökaluja käytät? – Excel",
            "meta.kanava",
            "meta.kieli",
        ],
        "metadata columns in first-seen order; id, question and text columns are not among them"
    );
    let row = |id: &str| {
        rows.iter()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("no answer {id}"))
    };
    let ga = "Mitä analytiikkatyökaluja käytät? – Google Analytics";
    for (id, column, value) in [
        ("R1", "rooli", "Yhteisömanageri"),
        ("A1", "Yksikkö", "Myynti"),
        ("A3", "Yksikkö", "Talous"),
        ("U1", "Ikäryhmä", "25–34"),
        ("E01", "Rooli", "Yhteisömanageri"),
        ("E01", "Organisaation koko", "10–49"),
        ("E05", "Organisaation koko", "1–9"),
        ("E06", "Rooli", "Sisällöntuottaja"),
        ("101", "Aloitusaika", "2026-03-02 08:30:00"),
        ("101", "Valmistumisaika", "2026-03-02 08:41:00"),
        ("101", "Toimipiste", "Helsinki"),
        ("101", "Arvio 1-10", "6"),
        ("103", "Toimipiste", "Jyväskylä"),
        ("104", "Aloitusaika", "2026-03-04 08:30:00"),
        ("104", "Arvio 1-10", "5"),
        ("no_header.csv:1", "column 1", "1"),
        ("no_header.csv:1", "column 2", "Helsinki"),
        ("P2", "tiimi", "Asiakastuki"),
        ("R_1aBcD2eFgH3iJkL.q1", "Q1", "4"),
        ("R_1aBcD2eFgH3iJkL.q2", "Q1", "4"),
        ("R_1aBcD2eFgH3iJkL.q1", "StartDate", "2026-03-02 09:14:55"),
        ("R_2xYzW8vUtS7rQpN.q1", "Q1", "2"),
        ("11482930571.q1", ga, "Google Analytics"),
        (
            "11482930571.q1",
            "Mitä analytiikkatyökaluja käytät? – Excel",
            "Excel",
        ),
        ("11482950019.q1", ga, ""),
        ("J1", "meta.kanava", "verkko"),
        ("J1", "meta.kieli", "fi"),
        ("2", "meta.kanava", "mobiili"),
        ("L1", "meta.kanava", ""),
    ] {
        assert_eq!(field(&header, row(id), column), value, "{id}: {column}");
    }
}

/// (source, status, rows, ingested, empty, duplicate, skipped, answers, answers_duplicate)
type Counts<S> = (S, S, u64, u64, u64, u64, u64, u64, u64);

#[rustfmt::skip]
const FILE_COUNTS: [Counts<&str>; 24] = [
    (".piilotettu.csv",           "skipped",   0, 0, 0, 0, 0, 0, 0),
    ("avoimet.txt",               "read",      5, 5, 0, 0, 0, 5, 0),
    ("bad_rows.csv",              "read",      6, 2, 2, 0, 2, 2, 0),
    ("binaari.csv",               "failed",    0, 0, 0, 0, 0, 0, 0),
    ("double_encoded.csv",        "read",      3, 3, 0, 0, 0, 3, 0),
    ("excel_ansi.csv",            "read",      4, 4, 0, 0, 0, 4, 0),
    ("excel_unicode.txt",         "read",      4, 4, 0, 0, 0, 4, 0),
    ("excel_utf8.csv",            "read",      5, 4, 1, 0, 0, 4, 0),
    ("excel_utf8 (1).csv",        "duplicate", 5, 0, 0, 5, 0, 0, 0),
    ("jatko.csv",                 "read",      3, 2, 0, 1, 0, 2, 1),
    ("kuva.png",                  "skipped",   0, 0, 0, 0, 0, 0, 0),
    ("kysely.ods",                "read",      3, 3, 0, 0, 0, 3, 0),
    ("kysely.xlsx#Vastaukset",    "read",      4, 4, 0, 0, 0, 4, 0),
    ("kysely.xlsx#Muistiinpanot", "skipped",   0, 0, 0, 0, 0, 0, 0),
    ("kysely.xlsx#Palaute",       "read",      3, 3, 0, 0, 0, 3, 0),
    ("no_header.csv",             "read",      4, 4, 0, 0, 0, 4, 0),
    ("pipe.csv",                  "read",      3, 3, 0, 0, 0, 3, 0),
    ("qualtrics.csv",             "read",      4, 4, 0, 0, 0, 7, 0),
    ("rikki.xlsx",                "failed",    0, 0, 0, 0, 0, 0, 0),
    ("surveymonkey.csv",          "read",      4, 4, 0, 0, 0, 9, 0),
    ("utf16be.tsv",               "read",      3, 3, 0, 0, 0, 3, 0),
    ("vastaukset.json",           "read",      5, 3, 1, 0, 1, 3, 0),
    ("vastaukset.jsonl",          "read",      6, 4, 0, 0, 2, 4, 0),
    ("~$kysely.xlsx",             "skipped",   0, 0, 0, 0, 0, 0, 0),
];

/// The counts of every file report in `files` (a `files` array of themes.json or inspect).
fn file_counts(files: &Value) -> Vec<Counts<String>> {
    files
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap_or_else(|| panic!("{k} in {f}"));
            let s = |k: &str| {
                f[k].as_str()
                    .unwrap_or_else(|| panic!("{k} in {f}"))
                    .to_string()
            };
            (
                s("source"),
                s("status"),
                n("rows"),
                n("ingested"),
                n("empty"),
                n("duplicate"),
                n("skipped"),
                n("answers"),
                n("answers_duplicate"),
            )
        })
        .collect()
}

fn owned(counts: &[Counts<&str>]) -> Vec<Counts<String>> {
    counts
        .iter()
        .map(|c| (c.0.into(), c.1.into(), c.2, c.3, c.4, c.5, c.6, c.7, c.8))
        .collect()
}

#[test]
fn every_file_is_reported_in_order_and_its_rows_add_up() {
    let run = exports_run();
    let files = &run.themes["files"];
    assert_eq!(file_counts(files), owned(&FILE_COUNTS));
    for f in files.as_array().unwrap() {
        let n = |k: &str| f[k].as_u64().unwrap();
        assert_eq!(
            n("rows"),
            n("ingested") + n("empty") + n("duplicate") + n("skipped"),
            "{}",
            f["source"]
        );
    }
    let reason = |s: &str| run.file(s)["reason"].as_str().unwrap_or("").to_string();
    assert_eq!(reason(".piilotettu.csv"), "hidden file");
    assert_eq!(
        reason("binaari.csv"),
        "looks like a binary file, not CSV text (zero bytes); is it really a .csv? If it is text in another encoding, give --encoding"
    );
    assert_eq!(
        reason("excel_utf8 (1).csv"),
        "the same bytes as excel_utf8.csv"
    );
    assert!(reason("kuva.png").starts_with("not a survey export teema reads (.png)"));
    assert!(reason("kysely.xlsx#Muistiinpanot").starts_with("no table on this sheet"));
    assert!(
        reason("rikki.xlsx")
            == "this is text, not a .xlsx workbook; if it is a CSV export, name it .csv",
        "{}",
        reason("rikki.xlsx")
    );
    assert!(reason("~$kysely.xlsx").starts_with("Office lock file"));
    for (source, status, ..) in FILE_COUNTS {
        let f = run.file(source);
        if status == "read" {
            assert!(f["reason"].is_null(), "{source}: {}", f["reason"]);
        } else {
            assert!(
                f["columns"].as_array().is_none_or(Vec::is_empty),
                "{source}"
            );
        }
    }
}

/// (source, format, encoding, delimiter, layout, header_rows, column roles)
type HowRead<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    u64,
    &'a str,
);

#[test]
fn every_file_reports_how_it_was_read() {
    let run = exports_run();
    let meta8 = "meta meta meta meta meta meta meta meta";
    let qualtrics_roles = format!("{meta8} id meta meta text text");
    let monkey_roles = format!("id {meta8} text meta meta text text");
    #[rustfmt::skip]
    let expected: Vec<HowRead> = vec![
        ("avoimet.txt", "txt", Some("UTF-8"), None, Some("one answer per line"), 0, "text"),
        ("bad_rows.csv", "csv", Some("UTF-8"), Some(","), Some("one header row"), 1, "id meta text"),
        ("double_encoded.csv", "csv", Some("UTF-8"), Some(","), Some("one header row"), 1, "id text"),
        ("excel_ansi.csv", "csv", Some("windows-1252"), Some(";"), Some("one header row"), 1, "id meta text"),
        ("excel_unicode.txt", "txt", Some("UTF-16LE with BOM"), Some("tab"), Some("one header row"), 1, "id meta text"),
        ("excel_utf8.csv", "csv", Some("UTF-8 with BOM"), Some(";"), Some("one header row"), 1, "id meta meta text"),
        ("jatko.csv", "csv", Some("UTF-8 with BOM"), Some(";"), Some("one header row"), 1, "id meta meta text"),
        ("kysely.ods", "ods", None, None, Some("one header row"), 1, "id text"),
        ("kysely.xlsx#Vastaukset", "xlsx", None, None, Some("one header row"), 1, "id meta meta meta text meta"),
        ("kysely.xlsx#Palaute", "xlsx", None, None, Some("one header row"), 1, "id text"),
        ("no_header.csv", "csv", Some("UTF-8"), Some(","), Some("no header row"), 0, "meta meta text"),
        ("pipe.csv", "csv", Some("UTF-8"), Some("|"), Some("one header row"), 1, "id meta text"),
        ("qualtrics.csv", "csv", Some("UTF-8 with BOM"), Some(","), Some("Qualtrics (3 header rows)"), 3, qualtrics_roles.as_str()),
        ("surveymonkey.csv", "csv", Some("UTF-8"), Some(","), Some("SurveyMonkey (2 header rows)"), 2, monkey_roles.as_str()),
        ("utf16be.tsv", "tsv", Some("UTF-16BE with BOM"), Some("tab"), Some("one header row"), 1, "id text"),
        ("vastaukset.json", "json", Some("UTF-8"), None, None, 0, "id question text meta meta"),
        ("vastaukset.jsonl", "jsonl", Some("UTF-8"), None, None, 0, "id text"),
    ];
    let actual: Vec<_> = run.themes["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "read")
        .map(|f| {
            let roles: Vec<&str> = f["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["role"].as_str().unwrap())
                .collect();
            (
                f["source"].as_str().unwrap(),
                f["format"].as_str().unwrap(),
                f["encoding"].as_str(),
                f["delimiter"].as_str(),
                f["layout"].as_str(),
                f["header_rows"].as_u64().unwrap(),
                roles.join(" "),
            )
        })
        .collect();
    let actual: Vec<_> = actual
        .iter()
        .map(|(s, f, e, d, l, h, r)| (*s, *f, *e, *d, *l, *h, r.as_str()))
        .collect();
    assert_eq!(actual, expected);

    // Question texts: from the second Qualtrics header row, from SurveyMonkey's two rows, from
    // the file stem of a .txt.
    let columns = |source: &str| -> Vec<(String, String)> {
        run.file(source)["columns"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["role"] == "text")
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_string(),
                    c["question"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        columns("qualtrics.csv"),
        pairs(&[
            ("Q2", "Mikä vie eniten aikaasi?"),
            ("Q3_TEXT", "Mitä muuta haluat kertoa?")
        ])
    );
    let other = "Mitä analytiikkatyökaluja käytät? – Other (please specify)";
    assert_eq!(
        columns("surveymonkey.csv"),
        pairs(&[
            ("Mikä on suurin haasteesi?", "Mikä on suurin haasteesi?"),
            (other, other),
            ("Mitä muuta haluat sanoa?", "Mitä muuta haluat sanoa?"),
        ])
    );
    assert_eq!(columns("avoimet.txt"), pairs(&[("text", "avoimet")]));

    // Only double_encoded.csv has a warning: its mojibake is reported, not repaired.
    for f in run.themes["files"].as_array().unwrap() {
        let warnings = f["warnings"].as_array().cloned().unwrap_or_default();
        if f["source"] == "double_encoded.csv" {
            assert_eq!(warnings.len(), 1);
            let w = warnings[0].as_str().unwrap();
            assert!(
                w.contains("double-encoded") && w.contains("first at row 2"),
                "{w}"
            );
        } else {
            assert!(warnings.is_empty(), "{}: {warnings:?}", f["source"]);
        }
    }
}

#[test]
fn totals_add_up_across_themes_json_responses_skipped_and_stderr() {
    let run = exports_run();
    let c = &run.themes["counts"];
    for (key, value) in [
        ("files", 17),
        ("files_duplicate", 1),
        ("files_skipped", 4),
        ("files_failed", 2),
        ("rows_read", 74),
        ("rows_ingested", 59),
        ("rows_empty", 4),
        ("rows_duplicate", 6),
        ("rows_skipped", 5),
        ("answers", 67),
        ("answers_duplicate", 1),
    ] {
        assert_eq!(c[key], value, "counts.{key}");
    }
    let n = |k: &str| c[k].as_u64().unwrap();
    assert_eq!(
        n("rows_read"),
        n("rows_ingested") + n("rows_empty") + n("rows_duplicate") + n("rows_skipped")
    );
    // The totals are the sums over the file reports.
    let files = file_counts(&run.themes["files"]);
    let sum = |pick: fn(&Counts<String>) -> u64| files.iter().map(pick).sum::<u64>();
    assert_eq!(sum(|f| f.2), n("rows_read"));
    assert_eq!(sum(|f| f.3), n("rows_ingested"));
    assert_eq!(sum(|f| f.4), n("rows_empty"));
    assert_eq!(sum(|f| f.5), n("rows_duplicate"));
    assert_eq!(sum(|f| f.6), n("rows_skipped"));
    assert_eq!(sum(|f| f.7), n("answers"));
    assert_eq!(sum(|f| f.8), n("answers_duplicate"));

    let (_, responses) = read_csv(&run.out("responses.csv"));
    assert_eq!(responses.len() as u64, n("answers"));

    // Skipped rows, in themes.json and in skipped.csv; skipped.csv also lists the files that
    // were not read, in the order of the file reports.
    let row_skips = [
        ("bad_rows.csv", 3, "5 fields but the table has 3 columns"),
        ("bad_rows.csv", 4, "not valid UTF-8"),
        ("vastaukset.json", 4, "item 4 is a string, not an object"),
        ("vastaukset.jsonl", 3, "invalid JSON"),
        ("vastaukset.jsonl", 6, "the line is an array, not an object"),
    ];
    let skipped = run.themes["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), row_skips.len());
    for (s, (source, row, reason)) in skipped.iter().zip(row_skips) {
        assert_eq!(s["source"], source);
        assert_eq!(s["row"], row);
        assert!(s["reason"].as_str().unwrap().starts_with(reason), "{s}");
    }
    let (header, lines) = read_csv(&run.out("skipped.csv"));
    assert_eq!(header, ["file", "row", "reason"]);
    let expected = [
        (".piilotettu.csv", "", "file skipped: hidden file"),
        ("bad_rows.csv", "3", "5 fields but the table has 3 columns"),
        ("bad_rows.csv", "4", "not valid UTF-8"),
        ("binaari.csv", "", "file not read: looks like a binary file"),
        ("kuva.png", "", "file skipped: not a survey export"),
        (
            "kysely.xlsx#Muistiinpanot",
            "",
            "file skipped: no table on this sheet",
        ),
        (
            "rikki.xlsx",
            "",
            "file not read: this is text, not a .xlsx workbook",
        ),
        ("vastaukset.json", "4", "item 4 is a string, not an object"),
        ("vastaukset.jsonl", "3", "invalid JSON"),
        (
            "vastaukset.jsonl",
            "6",
            "the line is an array, not an object",
        ),
        ("~$kysely.xlsx", "", "file skipped: Office lock file"),
    ];
    let actual: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l[0].as_str(), l[1].as_str()))
        .collect();
    let wanted: Vec<(&str, &str)> = expected.iter().map(|e| (e.0, e.1)).collect();
    assert_eq!(actual, wanted);
    for (line, (_, _, reason)) in lines.iter().zip(expected) {
        assert!(line[2].starts_with(reason), "{line:?}");
    }
    // The row-level reasons are the same text in both files.
    let csv_row_reasons: Vec<&str> = lines
        .iter()
        .filter(|l| !l[1].is_empty())
        .map(|l| l[2].as_str())
        .collect();
    let json_reasons: Vec<&str> = skipped
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(csv_row_reasons, json_reasons);

    let stderr: Vec<&str> = run.stderr.lines().collect();
    for prefix in [
        "teema: binaari.csv: file not read: looks like a binary file",
        "teema: rikki.xlsx: file not read: this is text, not a .xlsx workbook",
        "teema: double_encoded.csv: warning: 3 answer(s) look double-encoded",
        "teema: bad_rows.csv:3: skipped row: 5 fields but the table has 3 columns",
        "teema: bad_rows.csv:4: skipped row: not valid UTF-8",
        "teema: vastaukset.json:4: skipped row: item 4 is a string, not an object",
        "teema: vastaukset.jsonl:3: skipped row: invalid JSON",
        "teema: vastaukset.jsonl:6: skipped row: the line is an array, not an object",
    ] {
        assert!(
            stderr.iter().any(|l| l.starts_with(prefix)),
            "missing {prefix:?} in\n{}",
            run.stderr
        );
    }
    for line in [
        "files: 17 read, 1 duplicate, 4 skipped, 2 unreadable",
        "74 rows: 59 ingested, 4 empty, 6 duplicate, 5 skipped",
    ] {
        assert!(
            stderr.contains(&line),
            "missing line {line:?} in\n{}",
            run.stderr
        );
    }
    assert!(
        stderr.iter().any(|l| l.starts_with("67 answers")),
        "{}",
        run.stderr
    );
}

#[test]
fn inspect_describes_every_file_and_writes_nothing() {
    let work = Workdir::new();
    for entry in std::fs::read_dir(exports()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        work.write(&format!("in/{name}"), std::fs::read(entry.path()).unwrap());
    }
    let before = listing(work.path());
    assert_eq!(before.len(), 23, "the folder and its 22 fixtures");

    let out = work.teema_ok(&["inspect", "in"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for block in [
        ".piilotettu.csv  [skipped]\n  hidden file\n\n",
        "binaari.csv  [not read]\n  looks like a binary file, not CSV text (zero bytes); is it really a .csv? If it is text in another encoding, give --encoding\n\n",
        "excel_ansi.csv\n\
         \x20 CSV, windows-1252, delimiter \";\", one header row\n\
         \x20   1  id        id  (id: named like an id, values look like ids)\n\
         \x20   2  meta      Yksikkö  (metadata: short values (1.0 words on average, 4 distinct values in 4 rows))\n\
         \x20   3  text      Vapaa palaute  (text: long varied answers (4 distinct of 4, 15.5 words on average))\n\
         \x20 4 rows: 4 ingested, 0 empty, 0 duplicate, 0 skipped; 4 answers\n\n",
        "excel_unicode.txt\n  TXT, UTF-16LE with BOM, delimiter tab, one header row\n",
        "excel_utf8 (1).csv  [duplicate]\n\
         \x20 the same bytes as excel_utf8.csv\n\
         \x20 5 rows: 0 ingested, 0 empty, 5 duplicate, 0 skipped\n\n",
        "jatko.csv\n\
         \x20 CSV, UTF-8 with BOM, delimiter \";\", one header row\n\
         \x20   1  id        Vastaajan tunnus  (id: named like an id, values look like ids)\n\
         \x20   2  meta      Rooli  (metadata: short values (1.0 words on average, 2 distinct values in 3 rows))\n\
         \x20   3  meta      Organisaation koko  (metadata: mostly digits and signs (numbers, dates, codes))\n\
         \x20   4  text      Mikä on suurin haasteesi työssäsi?  (text: long varied answers (3 distinct of 3, 15.7 words on average))\n\
         \x20 3 rows: 2 ingested, 0 empty, 1 duplicate, 0 skipped; 2 answers\n\n",
        "kysely.xlsx#Muistiinpanot  [skipped]\n  no table on this sheet",
        "kysely.xlsx#Palaute\n\
         \x20 XLSX, one header row\n\
         \x20   1  id        Palaute-ID  (id: named like an id, values look like ids)\n\
         \x20   2  text      Vapaa sana  (text: long varied answers (3 distinct of 3, 8.3 words on average))\n\
         \x20 3 rows: 3 ingested, 0 empty, 0 duplicate, 0 skipped; 3 answers\n\n",
        "no_header.csv\n  CSV, UTF-8, delimiter \",\", no header row\n",
        "pipe.csv\n  CSV, UTF-8, delimiter \"|\", one header row\n",
        "qualtrics.csv\n\
         \x20 CSV, UTF-8 with BOM, delimiter \",\", Qualtrics (3 header rows)\n\
         \x20   1  meta      StartDate  \"Start Date\"  (metadata: a survey tool's bookkeeping column)\n",
        "    9  id        ResponseId  \"Response ID\"  (id: named like an id, values look like ids)\n\
         \x20  10  meta      UserLanguage  \"User Language\"  (metadata: a survey tool's bookkeeping column)\n\
         \x20  11  meta      Q1  \"Kuinka tyytyväinen olet työhösi? (1-5)\"  (metadata: mostly digits and signs (numbers, dates, codes))\n\
         \x20  12  text      Q2  \"Mikä vie eniten aikaasi?\"  (text: long varied answers (4 distinct of 4, 9.5 words on average))\n\
         \x20  13  text      Q3_TEXT  \"Mitä muuta haluat kertoa?\"  (text: long varied answers (3 distinct of 3, 11.7 words on average))\n\
         \x20 4 rows: 4 ingested, 0 empty, 0 duplicate, 0 skipped; 7 answers\n\n",
        "surveymonkey.csv\n  CSV, UTF-8, delimiter \",\", SurveyMonkey (2 header rows)\n",
        "   10  text      Mikä on suurin haasteesi?  (text: long varied answers (4 distinct of 4, 9.5 words on average))\n\
         \x20  11  meta      Mitä analytiikkatyökaluja käytät? – Google Analytics  (metadata: the same value in all 3 rows)\n\
         \x20  12  meta      Mitä analytiikkatyökaluja käytät? – Excel  (metadata: the same value in all 2 rows)\n\
         \x20  13  text      Mitä analytiikkatyökaluja käytät? – Other (please specify)  (text: long varied answers (2 distinct of 2, 3.5 words on average))\n\
         \x20  14  text      Mitä muuta haluat sanoa?  (text: long varied answers (3 distinct of 3, 7.0 words on average))\n\
         \x20 4 rows: 4 ingested, 0 empty, 0 duplicate, 0 skipped; 9 answers\n\n",
        "utf16be.tsv\n  TSV, UTF-16BE with BOM, delimiter tab, one header row\n",
        "vastaukset.json\n\
         \x20 JSON, UTF-8\n\
         \x20   1  id        id  (id: named like an id, values look like ids)\n\
         \x20   2  question  kysymys  (question: the column that names each row's question)\n\
         \x20   3  text      vastaus  (text: long varied answers (3 distinct of 3, 7.7 words on average))\n\
         \x20   4  meta      meta.kanava  (metadata: 2 distinct values in 4 rows)\n\
         \x20   5  meta      meta.kieli  (metadata: 2 distinct values in 4 rows)\n\
         \x20 5 rows: 3 ingested, 1 empty, 0 duplicate, 1 skipped; 3 answers\n\
         \x20 row 4: item 4 is a string, not an object\n\n",
        "vastaukset.jsonl\n  JSONL, UTF-8\n",
        "  6 rows: 4 ingested, 0 empty, 0 duplicate, 2 skipped; 4 answers\n\
         \x20 row 3: invalid JSON",
        "  row 6: the line is an array, not an object\n\n",
        "  warning: 3 answer(s) look double-encoded",
        "rikki.xlsx  [not read]\n  this is text, not a .xlsx workbook",
        "~$kysely.xlsx  [skipped]\n  Office lock file",
        "total: 17 file(s) read, 1 duplicate, 4 skipped, 2 unreadable\n\
         \x20      74 rows: 59 ingested, 4 empty, 6 duplicate, 5 skipped\n\
         \x20      67 answers (1 duplicate answers left out)\n",
    ] {
        assert!(text.contains(block), "missing\n{block}\nin\n{text}");
    }
    assert!(text.ends_with("67 answers (1 duplicate answers left out)\n"));

    let out = work.teema_ok(&["inspect", "in", "--json"]);
    let json = stdout_json(&out);
    assert_eq!(
        json["counts"],
        serde_json::json!({
            "rows": 74, "ingested": 59, "empty": 4, "duplicate": 6, "skipped": 5,
            "answers_duplicate": 1
        })
    );
    assert_eq!(json["answers"], 67);
    assert_eq!(file_counts(&json["files"]), owned(&FILE_COUNTS));
    let run = exports_run();
    assert_eq!(
        json["skipped"], run.themes["skipped"],
        "the same skipped rows as run"
    );
    for (i, f) in json["files"].as_array().unwrap().iter().enumerate() {
        let r = &run.themes["files"][i];
        for key in [
            "source",
            "encoding",
            "delimiter",
            "layout",
            "header_rows",
            "reason",
        ] {
            assert_eq!(f[key], r[key], "{}: {key}", f["source"]);
        }
    }

    assert_eq!(listing(work.path()), before, "inspect wrote nothing");
}

#[test]
fn strict_exits_1_when_a_file_failed_or_a_row_was_skipped() {
    let work = Workdir::new();
    let input = exports();
    let input = input.to_str().unwrap();
    let out = work.teema(&["run", input, "--out", "out", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "run --strict on the fixtures");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--strict: some files or rows could not be read"),
        "{stderr}"
    );
    let (_, rows) = read_csv(&work.path().join("out/responses.csv"));
    assert_eq!(rows.len(), 67, "the results are still written");
    let out = work.teema(&["inspect", input, "--strict"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "inspect --strict on the fixtures"
    );
    let out = work.teema(&["inspect", input, "--strict", "--json"]);
    assert_eq!(out.status.code(), Some(1), "inspect --strict --json");
    assert_eq!(stdout_json(&out)["answers"], 67);

    // Clean input, and files left out on purpose (hidden, lock file, not an export), are fine.
    let clean = Workdir::new();
    copy_fixtures(&clean, "in", &["exports/pipe.csv"]);
    for args in [
        &["run", "in", "--out", "out", "--strict"][..],
        &["inspect", "in", "--strict"],
    ] {
        let out = clean.teema(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
    }
    copy_fixtures(
        &clean,
        "in",
        &[
            "exports/kuva.png",
            "exports/.piilotettu.csv",
            "exports/~$kysely.xlsx",
        ],
    );
    let out = clean.teema(&["inspect", "in", "--strict", "--json"]);
    assert_eq!(out.status.code(), Some(0), "skipped files are not failures");
    let json = stdout_json(&out);
    assert_eq!(json["answers"], 3);
    assert_eq!(json["files"].as_array().unwrap().len(), 4);
}

#[test]
fn encoding_latin1_reads_excel_ansi_right() {
    let work = Workdir::new();
    copy_fixtures(&work, "in", &["exports/excel_ansi.csv"]);
    work.teema_ok(&["run", "in", "--out", "out", "--encoding", "latin1", "-q"]);
    let actual = answers(&work.path().join("out/responses.csv"));
    // WHATWG `latin1` is windows-1252, so € (0x80), ’ (0x92) and … (0x85) come out right.
    let expected: Vec<[&str; 5]> = ALL_ANSWERS
        .iter()
        .filter(|a| a[1] == "excel_ansi.csv")
        .copied()
        .collect();
    assert_eq!(expected.len(), 4);
    assert_answers(&actual, &expected);
    let themes = json_file(&work, "out/themes.json");
    let f = &themes["files"][0];
    assert_eq!(f["encoding"], "windows-1252 (--encoding)");
    assert_eq!(f["columns"][1]["name"], "Yksikkö");
}

/// Forcing UTF-8 on a Windows-1252 file: every line (header included) has invalid UTF-8.
/// The data rows must not vanish: each is counted and reported as a skipped row.
///
/// This failed at commit 367fff1: the file was reported as failed with the misleading reason
/// `no column holds free text; name it with --column (the columns are: )`, no columns, and its
/// 5 rows were counted nowhere (rows 0, nothing in `skipped`). `RawRow::Bad` rows are left out
/// of `header::detect`, which then found 0 columns, and `columns::assign` failed before the
/// pending bad rows were counted. With `assign` accepting a table without data rows, all 5
/// rows are skipped as not UTF-8.
#[test]
fn encoding_utf8_on_a_cp1252_file_skips_its_rows_as_not_utf8() {
    let work = Workdir::new();
    copy_fixtures(&work, "in", &["exports/excel_ansi.csv"]);
    let out = work.teema_ok(&["inspect", "in", "--json", "--encoding", "utf-8"]);
    let json = stdout_json(&out);
    let f = &json["files"][0];
    assert_eq!(f["source"], "excel_ansi.csv");
    assert_eq!(f["encoding"], "UTF-8 (--encoding)");
    let n = |k: &str| f[k].as_u64().unwrap();
    assert_eq!(
        n("rows"),
        n("ingested") + n("empty") + n("duplicate") + n("skipped")
    );
    assert_eq!(json["answers"], 0, "no lossy answers with U+FFFD");
    let skipped: Vec<u64> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s["source"], "excel_ansi.csv");
            let reason = s["reason"].as_str().unwrap();
            assert!(reason.contains("not valid UTF-8"), "{reason}");
            s["row"].as_u64().unwrap()
        })
        .collect();
    // Row 1 is the header: it may be skipped too, or taken as the header.
    let data_rows: Vec<u64> = skipped.iter().copied().filter(|&r| r > 1).collect();
    assert_eq!(
        data_rows,
        [2, 3, 4, 5],
        "every data row is skipped as not UTF-8; file report: {f}"
    );
    assert!(skipped.len() <= 5);
    assert_eq!(n("skipped"), skipped.len() as u64);
}

#[test]
fn sheet_reads_one_sheet_of_a_workbook() {
    let work = Workdir::new();
    copy_fixtures(&work, "in", &["exports/kysely.xlsx"]);
    work.teema_ok(&["run", "in", "--out", "out", "--sheet", "Palaute", "-q"]);
    // A single sheet read is named after the file alone, without `#Palaute`.
    let expected: Vec<[&str; 5]> = ALL_ANSWERS
        .iter()
        .filter(|a| a[1] == "kysely.xlsx#Palaute")
        .map(|a| [a[0], "kysely.xlsx", a[2], a[3], a[4]])
        .collect();
    assert_eq!(expected.len(), 3);
    assert_answers(&answers(&work.path().join("out/responses.csv")), &expected);
    let themes = json_file(&work, "out/themes.json");
    assert_eq!(
        file_counts(&themes["files"]),
        owned(&[("kysely.xlsx", "read", 3, 3, 0, 0, 0, 3, 0)])
    );
    assert_eq!(
        themes["counts"]["files_skipped"], 0,
        "no other sheet reported"
    );

    let out = work.teema_ok(&["inspect", "in", "--json", "--sheet", "Puuttuu"]);
    let json = stdout_json(&out);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["source"], "kysely.xlsx");
    assert_eq!(files[0]["status"], "failed");
    let reason = r#"no sheet "Puuttuu"; the sheets are: Vastaukset, Muistiinpanot, Palaute"#;
    assert_eq!(files[0]["reason"], reason);
    assert_eq!(json["answers"], 0);
    // `run` has nothing left to analyse: an error that passes the reason on.
    let stderr = work.teema_err(&["run", "in", "--out", "out2", "--sheet", "Puuttuu"]);
    assert!(stderr.contains(reason), "{stderr}");
}

#[test]
fn paragraphs_make_one_answer_per_paragraph() {
    let work = Workdir::new();
    copy_fixtures(&work, "in", &["paragraphs/pitkat.txt"]);
    work.teema_ok(&["run", "in", "--out", "out", "--paragraphs", "-q"]);
    let q = "pitkat";
    assert_answers(
        &answers(&work.path().join("out/responses.csv")),
        &[
            [
                "pitkat.txt:1",
                "pitkat.txt",
                "1",
                q,
                "Suurin haaste on ehdottomasti aika. Mulla on virallisesti 20 % työajasta yhteisölle,\n\
                 mutta käytännössä se on lähempänä viittä prosenttia, koska kaikki muu menee edelle.\n\
                 Yhteisö kyllä huomaa sen, vastausajat on venyneet ja aktiivisuus laskenut.",
            ],
            [
                "pitkat.txt:5",
                "pitkat.txt",
                "5",
                q,
                "Arvostus. Kun yhteisössä menee hyvin, se on \"markkinoinnin ansiota\",\n\
                 ja kun menee huonosti, se on mun vika. Johto ei oo kertaakaan käynyt foorumilla 🤷",
            ],
            [
                "pitkat.txt:8",
                "pitkat.txt",
                "8",
                q,
                "Mittaamiseen toivoisin selkeyttä. Nyt raportoidaan kuukausittain jäsenmäärä ja postausten määrä,\n\
                 vaikka oikeasti kiinnostaisi se, saako joku apua ja pysyykö porukka mukana.\n\
                 Engagement rate on ihan hyvä mittari, mutta kukaan ei osaa laskea sitä samalla tavalla.",
            ],
        ],
    );
    let themes = json_file(&work, "out/themes.json");
    assert_eq!(themes["files"][0]["layout"], "one answer per paragraph");
    assert_eq!(themes["counts"]["rows_read"], 3);

    work.teema_ok(&["run", "in", "--out", "lines", "-q"]);
    let (header, rows) = read_csv(&work.path().join("lines/responses.csv"));
    let cites: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (field(&header, r, "id"), field(&header, r, "row")))
        .collect();
    let rows_wanted = ["1", "2", "3", "5", "6", "8", "9", "10"];
    let ids: Vec<String> = rows_wanted
        .iter()
        .map(|r| format!("pitkat.txt:{r}"))
        .collect();
    let wanted: Vec<(&str, &str)> = ids
        .iter()
        .zip(rows_wanted)
        .map(|(i, r)| (i.as_str(), r))
        .collect();
    assert_eq!(cites, wanted, "one answer per line without --paragraphs");
    assert_eq!(
        field(&header, &rows[1], "text"),
        "mutta käytännössä se on lähempänä viittä prosenttia, koska kaikki muu menee edelle."
    );
}

#[test]
fn column_by_question_text_takes_only_that_column() {
    let work = Workdir::new();
    copy_fixtures(&work, "in", &["exports/qualtrics.csv"]);
    let question = "Mitä muuta haluat kertoa?";
    work.teema_ok(&["run", "in", "--out", "out", "--column", question, "-q"]);
    // One text column: the ids are the respondent ids, without `.qN`.
    let expected: Vec<[&str; 5]> = ALL_ANSWERS
        .iter()
        .filter(|a| a[1] == "qualtrics.csv" && a[0].ends_with(".q2"))
        .map(|a| [a[0].trim_end_matches(".q2"), a[1], a[2], a[3], a[4]])
        .collect();
    assert_eq!(expected.len(), 3);
    assert_answers(&answers(&work.path().join("out/responses.csv")), &expected);
    let themes = json_file(&work, "out/themes.json");
    let f = &themes["files"][0];
    assert_eq!(
        file_counts(&themes["files"]),
        owned(&[("qualtrics.csv", "read", 4, 3, 1, 0, 0, 3, 0)]),
        "R_3mNoPq4RsTu5VwX left Q3_TEXT empty, so its row is empty now"
    );
    let roles: Vec<(&str, &str)> = f["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["role"] != "meta")
        .map(|c| (c["name"].as_str().unwrap(), c["role"].as_str().unwrap()))
        .collect();
    assert_eq!(roles, [("ResponseId", "id"), ("Q3_TEXT", "text")]);
}

/// `tests/fixtures/more/`: an old `.xls`, the same survey saved twice in different encodings
/// and delimiters, a Google Forms export and a Markdown file of answers under headings.
#[test]
fn more_formats_legacy_xls_google_forms_markdown_and_a_resaved_survey() {
    let work = Workdir::new();
    let more = fixtures().join("more");
    work.teema_ok(&["run", more.to_str().unwrap(), "--out", "out", "-q"]);
    let q_md1 = "Mikä kuormittaa eniten?";
    let q_md2 = "Mikä auttaisi?";
    let q_gf = "Mikä on suurin haasteesi?";
    assert_answers(
        &answers(&work.path().join("out/responses.csv")),
        &[
            [
                "google_forms.csv:2",
                "google_forms.csv",
                "2",
                q_gf,
                "Kokouksia on ihan liikaa, oma työ jää iltaan",
            ],
            [
                "google_forms.csv:3",
                "google_forms.csv",
                "3",
                q_gf,
                "Kukaan ei kysy miten mä jaksan",
            ],
            [
                "google_forms.csv:4",
                "google_forms.csv",
                "4",
                q_gf,
                "Analytiikka on sekavaa, eri työkalut antaa eri lukuja",
            ],
            [
                "kysely.md:5",
                "kysely.md",
                "5",
                q_md1,
                "Jatkuva kiire ja keskeytykset",
            ],
            [
                "kysely.md:6",
                "kysely.md",
                "6",
                q_md1,
                "Epäselvät prioriteetit, kaikki on tärkeää",
            ],
            [
                "kysely.md:10",
                "kysely.md",
                "10",
                q_md2,
                "Selkeät tavoitteet ja niiden seuranta",
            ],
            [
                "kysely.md:11",
                "kysely.md",
                "11",
                q_md2,
                "Että esihenkilö kysyisi joskus miten menee",
            ],
            [
                "S1",
                "sama_kysely.csv",
                "2",
                q_gf,
                "Kiire on jatkuvaa, lomallakin luen viestejä",
            ],
            [
                "S2",
                "sama_kysely.csv",
                "3",
                q_gf,
                "Johto ei ymmärrä mitä yhteisötyö on, näkee vain kustannukset",
            ],
            [
                "S3",
                "sama_kysely.csv",
                "4",
                q_gf,
                "Mittarit puuttuu. Seuraamme vain jäsenmäärää",
            ],
            [
                "X1",
                "vanha.xls",
                "2",
                "Palaute",
                "Vanha Excel mutta toimii. Ärsyttää silti että tiedostot on näin isoja",
            ],
            [
                "X2",
                "vanha.xls",
                "3",
                "Palaute",
                "Ei ole aikaa lukea näitä raportteja, joku tiivistys olis kiva",
            ],
            [
                "X3",
                "vanha.xls",
                "4",
                "Palaute",
                "Öisin tulee hälytyksiä, päivystysvuorot pitäis jakaa tasaisemmin",
            ],
        ],
    );
    let json = json_file(&work, "out/themes.json");
    let files = json["files"].as_array().unwrap();
    let resaved = files
        .iter()
        .find(|f| f["source"] == "sama_kysely_ansi.tsv")
        .unwrap();
    // Other bytes (Windows-1252, tabs), same respondents and answers: every row a duplicate.
    assert_eq!(resaved["status"], "read");
    assert_eq!(resaved["encoding"], "windows-1252");
    assert_eq!(
        (
            &resaved["rows"],
            &resaved["duplicate"],
            &resaved["answers_duplicate"]
        ),
        (&Value::from(3), &Value::from(3), &Value::from(3))
    );
    let gf = files
        .iter()
        .find(|f| f["source"] == "google_forms.csv")
        .unwrap();
    let roles: Vec<&str> = gf["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["meta", "meta", "text", "meta"],
        "timestamp, e-mail, answer, hours"
    );
    let c = &json["counts"];
    assert_eq!(
        (&c["rows_read"], &c["rows_duplicate"]),
        (&Value::from(16), &Value::from(3))
    );
}
