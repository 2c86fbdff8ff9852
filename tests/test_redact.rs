//! Issue 14, private by default: the detectors measured on a hand-labelled set
//! (`tests/fixtures/redact/labelled.tsv`), and `teema run` on an export with personal data:
//! nothing of it in any file under OUT nor in what `teema search` brings back, unless
//! `--no-redact`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use teema::redact::{Kind, Redactor, WordList};

use crate::util::{field, read_csv, Workdir};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/redact")
}

/// Tags of each kind in a text.
fn tags(text: &str, kind: Kind) -> usize {
    text.matches(kind.tag()).count()
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

/// Per kind: a tag in both the expected and the redacted text is a true positive, one more in
/// the redacted text a false positive, one fewer a false negative. Rows whose note starts with
/// `kept:` must come back unchanged; every row must come back exactly as expected.
#[test]
fn labelled_set_precision_and_recall_per_kind() {
    let words = WordList::from_file(&fixtures().join("words.txt")).unwrap();
    let redactor = Redactor::new(words);
    let labelled = std::fs::read_to_string(fixtures().join("labelled.tsv")).unwrap();
    let mut scores: BTreeMap<Kind, Score> = BTreeMap::new();
    let mut kept: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut rows, mut exact) = (0, 0);
    let mut wrong = Vec::new();
    for line in labelled.lines().skip(1) {
        let mut cells = line.split('\t');
        let (text, expected, note) = (
            cells.next().unwrap(),
            cells.next().unwrap(),
            cells.next().unwrap_or(""),
        );
        let got = redactor.redacted(text);
        rows += 1;
        if got == expected {
            exact += 1;
        } else {
            wrong.push(format!("{text}\n  expected {expected}\n  got      {got}"));
        }
        if let Some(kind) = note.strip_prefix("kept:") {
            let k = kept.entry(kind).or_default();
            k.0 += 1;
            k.1 += usize::from(got == text);
        }
        for kind in Kind::ALL {
            let (e, g) = (tags(expected, kind), tags(&got, kind));
            let s = scores.entry(kind).or_default();
            s.tp += e.min(g);
            s.fp += g.saturating_sub(e);
            s.fn_ += e.saturating_sub(g);
        }
    }
    eprintln!("kind\tfound\tprecision\trecall");
    for (kind, s) in &scores {
        eprintln!(
            "{}\t{}\t{:.3}\t{:.3}",
            kind.key(),
            s.tp + s.fn_,
            s.precision(),
            s.recall()
        );
    }
    for (kind, (n, unchanged)) in &kept {
        eprintln!("kept:{kind}\t{unchanged}/{n} unchanged");
    }
    eprintln!("{exact}/{rows} rows exactly as labelled");
    assert!(rows >= 60, "{rows} rows");
    for (kind, s) in &scores {
        assert!(s.tp >= 5, "{kind:?}: only {} finds labelled", s.tp);
        assert!(
            s.precision() >= 0.95,
            "{kind:?}: precision {}",
            s.precision()
        );
        assert!(s.recall() >= 0.95, "{kind:?}: recall {}", s.recall());
    }
    for (kind, (n, unchanged)) in &kept {
        assert_eq!(n, unchanged, "kept:{kind} rows changed");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Personal data in an export, and where it could leak from.
const EXPORT: &str = "\
id,Rooli,Sähköposti,Mikä kuormittaa työssäsi eniten?
V01,Asiantuntija,sanna.esimerkki@firma-oy.fi,Kiire ja jatkuvat keskeytykset. Soittakaa 040 123 4567 jos haluatte kuulla lisää.
V02,Esihenkilö,,Palkkalaskelmassa oli väärä hetu 150385-1230 ja sen korjaaminen vei viikon.
V03,Asiantuntija,,Sanoin Matille jo viime vuonna että palaverit venyvät ja kiire kasvaa.
V04,Asiantuntija,,Matin tiimissä kiire on jatkuvaa eikä kukaan kysy miten jaksamme.
V05,Esihenkilö,,Kulukorvaus tilille FI66 1042 3500 0123 45 on yhä maksamatta ja se harmittaa.
V06,Asiantuntija,,Palaverit vievät aikaa. Kirjoita minulle tuki@palvelu.example.com tai +358 50 765 4321.
V07,Asiantuntija,,Jatkuva kiire ja liian vähän aikaa omalle työlle.
V08,Esihenkilö,,Kukaan ei arvosta tehtyä työtä. Virtaselle olen sanonut saman monta kertaa.
V09,Asiantuntija,,Palaverit ja sähköpostit vievät koko päivän klo 9-16.
V10,Asiantuntija,,Epäselvät tavoitteet ja muuttuvat prioriteetit vuosina 2019–2023.
V11,Esihenkilö,,Työkalut eivät toimi ja raportointi vie aikaa 1.2.2024 lähtien.
V12,Asiantuntija,,Kiire ja keskeytykset: 80 % ajasta menee muuhun kuin omaan työhön.
";

const WORDS: &str = "\u{feff}# kollegat\nMatti\nVirtanen\n";

/// What must not be found anywhere once redacted (lowercase).
const RAW: &[&str] = &[
    "sanna.esimerkki",
    "firma-oy",
    "040 123 4567",
    "0401234567",
    "150385-1230",
    "150385",
    "matille",
    "matin tiimissä",
    "virtaselle",
    "fi66",
    "1042 3500",
    "10423500012345",
    "tuki@palvelu",
    "765 4321",
];

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

/// The raw strings found in any file under `out` (case-insensitive), with the file.
fn leaks(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files(out) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for raw in RAW {
            if text.contains(raw) {
                found.push(format!("{raw} in {}", path.display()));
            }
        }
    }
    found
}

/// Every stored answer of the index, as `teema search` gives it (JSON).
fn indexed_texts(work: &Workdir, out: &str) -> String {
    let hits = work.teema_ok(&["search", out, "*", "-n", "100", "--format", "json"]);
    String::from_utf8_lossy(&hits.stdout).to_lowercase()
}

fn run(work: &Workdir, out: &str, extra: &[&str]) {
    let mut args = vec!["run", "kysely", "--out", out, "-q"];
    args.extend_from_slice(extra);
    work.teema_ok(&args);
}

#[test]
fn run_leaves_no_personal_data_in_any_output_file_or_search() {
    let work = Workdir::new();
    work.write("kysely/vastaukset.csv", EXPORT);
    work.write("nimet.txt", WORDS);
    run(&work, "out", &["--redact-words", "nimet.txt"]);
    assert_eq!(leaks(&work.path().join("out")), Vec::<String>::new());
    for query in [
        "Matti",
        "Matille",
        "Virtanen",
        "sanna",
        "esimerkki",
        "FI66",
        "150385",
    ] {
        let hits = work.teema(&["search", "out", query, "--format", "json"]);
        let stdout = String::from_utf8_lossy(&hits.stdout);
        assert!(!stdout.contains("\"id\""), "{query}: {stdout}");
    }
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    let text = |id: &str| {
        let row = rows.iter().find(|r| field(&header, r, "id") == id).unwrap();
        field(&header, row, "text").to_string()
    };
    assert!(text("V01").ends_with("Soittakaa [puhelin] jos haluatte kuulla lisää."));
    assert!(text("V02").contains("väärä hetu [hetu] ja"));
    assert!(text("V03").starts_with("Sanoin [nimi] jo"));
    assert!(text("V05").contains("tilille [iban] on"));
    assert!(text("V06").ends_with("[sähköposti] tai [puhelin]."));
    assert!(text("V09").ends_with("klo 9-16."), "times are kept");
    assert!(
        text("V10").ends_with("vuosina 2019–2023."),
        "years are kept"
    );
    assert!(text("V11").contains("1.2.2024"), "dates are kept");
    let v01 = rows
        .iter()
        .find(|r| field(&header, r, "id") == "V01")
        .unwrap();
    assert_eq!(field(&header, v01, "Sähköposti"), "[sähköposti]");
    // The tags are indexed: search finds the answers that had a phone number.
    assert!(indexed_texts(&work, "out").contains("[puhelin]"));
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let r = &json["redaction"];
    assert_eq!(r["enabled"], true);
    let counts: Vec<u64> = ["hetu", "sähköposti", "puhelin", "iban", "nimi"]
        .iter()
        .map(|k| r[k].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [1, 2, 2, 1, 3], "{r}");
    assert!(work
        .read("out/summary.md")
        .contains("Personal data redacted (tags such as `[puhelin]` in the text): 1 hetu, 2 sähköposti, 2 puhelin, 1 iban, 3 nimi"));
}

#[test]
fn no_redact_keeps_the_raw_text_and_switching_back_rebuilds_the_index() {
    let work = Workdir::new();
    work.write("kysely/vastaukset.csv", EXPORT);
    work.write("nimet.txt", WORDS);
    run(&work, "out", &["--no-redact"]);
    let leaked = leaks(&work.path().join("out"));
    for raw in ["040 123 4567", "150385-1230", "matille", "sanna.esimerkki"] {
        assert!(
            leaked.iter().any(|l| l.starts_with(raw)),
            "{raw}: {leaked:?}"
        );
    }
    assert!(indexed_texts(&work, "out").contains("150385-1230"));
    work.teema_ok(&["search", "out", "Matille"]);
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    assert_eq!(json["redaction"]["enabled"], false);
    assert!(work.read("out/summary.md").contains("not redacted"));
    // The same OUT again, redacted: the index is built anew, not updated in place, so that no
    // deleted document keeps the raw text in Tantivy's files.
    run(&work, "out", &["--redact-words", "nimet.txt"]);
    assert_eq!(leaks(&work.path().join("out")), Vec::<String>::new());
    assert!(!indexed_texts(&work, "out").contains("150385"));
}
