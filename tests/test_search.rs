//! `teema search` on the index built from the bundled corpus.

use crate::util::{corpus_run, Workdir};

fn search(args: &[&str]) -> (i32, String, String) {
    let run = corpus_run();
    let mut all = vec!["search", "out"];
    all.extend_from_slice(args);
    let out = run.work.teema(&all);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn index_is_a_real_tantivy_index_on_disk() {
    let run = corpus_run();
    let index = run.work.path().join("out/index");
    assert!(index.join("meta.json").exists());
    let meta = std::fs::read_to_string(index.join("meta.json")).unwrap();
    assert!(
        meta.contains("teema_fi"),
        "the Finnish analyzer is registered by name"
    );
}

#[test]
fn finds_a_known_quote_by_an_inflected_form() {
    // The respondent wrote "Moderointi."; the query uses the partitive "moderointia".
    let (code, stdout, _) = search(&["moderointia", "--limit", "20"]);
    assert_eq!(code, 0);
    let hit = stdout
        .split("\n\n")
        .find(|h| h.starts_with("V044.q1  kysely_2026.csv:45"))
        .unwrap_or_else(|| panic!("V044.q1 not found:\n{stdout}"));
    assert!(
        hit.contains("Mikä on suurin haasteesi yhteisömanagerina?"),
        "{hit}"
    );
    assert!(hit.contains("**Moderointi**. Ja jaksaminen"), "{hit}");
}

#[test]
fn genitive_finds_nominative() {
    let (code, stdout, _) = search(&["vihapuheen"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("**Vihapuhe**. Joka kerta"), "{stdout}");
}

#[test]
fn hits_are_cited_by_id_source_row_and_theme() {
    let (_, stdout, _) = search(&["tykkäyksiä", "-n", "3"]);
    let first = stdout.lines().next().unwrap();
    let parts: Vec<&str> = first.split("  ").collect();
    assert!(
        parts[0].starts_with('V') && parts[0].contains(".q"),
        "{first}"
    );
    assert!(parts[1].starts_with("kysely_2026.csv:"), "{first}");
    assert!(
        parts[2].starts_with('[') && parts[2].ends_with(']'),
        "{first}"
    );
    assert_eq!(stdout.matches("score ").count(), 3);
}

#[test]
fn no_match_exits_1() {
    let (code, stdout, stderr) = search(&["kvanttitietokone"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("no answers match"), "{stderr}");
}

#[test]
fn searching_without_an_index_says_what_to_do() {
    let work = Workdir::new();
    let stderr = work.teema_err(&["search", "nothing-here", "aika"]);
    assert!(stderr.contains("nothing-here"), "{stderr}");
    assert!(stderr.contains("teema run"), "{stderr}");
}

/// The export's own rows: (id prefix, row, Rooli) for checking filters independently.
fn roles() -> std::collections::HashMap<String, String> {
    let bytes = std::fs::read(crate::util::corpus_dir().join("kysely_2026.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[2].to_string())
        })
        .collect()
}

#[test]
fn filters_restrict_hits_to_question_theme_source_and_metadata() {
    let question = "Miten mittaatte yhteisötyön onnistumista?";
    let (code, stdout, _) = search(&[
        "",
        "--question",
        &question.to_uppercase(),
        "--where",
        "rooli=yhteisömanageri",
        "--theme",
        "measurement",
        "--source",
        "kysely_2026.csv",
        "--format",
        "json",
        "-n",
        "1000",
    ]);
    assert_eq!(code, 0);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert!(hits.len() >= 5, "{}", hits.len());
    let roles = roles();
    for h in &hits {
        let id = h["id"].as_str().unwrap();
        assert!(id.ends_with(".q2"), "{id}");
        assert_eq!(h["question"], question);
        let themes: Vec<&str> = h["theme"].as_str().unwrap().split(';').collect();
        assert!(themes.contains(&"measurement"), "{themes:?}");
        let respondent = id.split('.').next().unwrap();
        assert_eq!(roles[respondent].to_lowercase(), "yhteisömanageri", "{id}");
    }
    // A value no answer has is an error that lists the values there are.
    let (code, _, stderr) = search(&["aikaa", "--where", "Rooli=Astronautti"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("the values of Rooli are: "), "{stderr}");
    assert!(stderr.contains("yhteisömanageri"), "{stderr}");
    let (code, _, stderr) = search(&["aikaa", "--where", "Rooli"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("expected COLUMN=VALUE"), "{stderr}");
}

#[test]
fn offset_pages_through_the_same_ranking() {
    let ids = |args: &[&str]| -> Vec<String> {
        let (_, stdout, _) = search(args);
        let hits: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
        hits.iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = ids(&["aikaa", "--format", "json", "-n", "6"]);
    let second = ids(&["aikaa", "--format", "json", "-n", "3", "--offset", "3"]);
    assert_eq!(all.len(), 6);
    assert_eq!(second, all[3..]);
}

#[test]
fn every_output_format_parses_back() {
    let (_, json, _) = search(&["moderointi", "--format", "json", "-n", "5"]);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(hits.len(), 5);
    for format in ["csv", "tsv"] {
        let (code, out, _) = search(&["moderointi", "--format", format, "-n", "5"]);
        assert_eq!(code, 0);
        let (header, rows) = crate::util::parse_table(&out, format);
        assert_eq!(
            header,
            ["id", "source", "row", "question", "theme", "score", "snippet", "text"]
        );
        assert_eq!(rows.len(), 5, "{format}");
        for (row, hit) in rows.iter().zip(&hits) {
            assert_eq!(&row[0], hit["id"].as_str().unwrap(), "{format}");
            assert_eq!(row[2].parse::<u64>().unwrap(), hit["row"].as_u64().unwrap());
            assert!(
                row[6].contains("**"),
                "{format}: snippet marks the hit: {}",
                &row[6]
            );
            if format == "csv" {
                assert_eq!(&row[7], hit["text"].as_str().unwrap());
            }
        }
    }
}

/// A small survey written for the query-language tests, indexed once: (id, answer).
const ANSWERS: [(&str, &str); 14] = [
    (
        "1",
        "Johto ei ymmärrä, mitä yhteisömanageri oikeasti tekee.",
    ),
    ("2", "Ei ole aikaa mihinkään, kun kiire on jatkuvaa."),
    (
        "3",
        "Johto ei vieläkään ymmärrä, miksi moderointi vie aikaa.",
    ),
    ("4", "Johto, ymmärrä jo: some ei ole sivutyö."),
    ("5", "Kiire ja budjetti ovat suurimmat haasteet."),
    ("6", "Budjetti on pieni, mutta johto tukee."),
    ("7", "Arvostus puuttuu, työtä ei nähdä."),
    ("8", "Toivoisin arvostuksen näkyvän palkassa."),
    ("9", "Tätä työtä arvostetaan vain puheissa."),
    ("10", "Arvosana yhteisötyölle olisi heikko."),
    ("11", "Moderointi on raskasta iltaisin."),
    ("12", "Tykkäykset ja kommentit ovat ainoa mittari."),
    ("13", "Palaute on tärkeää, mutta sitä ei kerätä."),
    ("14", "Palaute, vaikka vähäinen, on tärkeää."),
];

fn small() -> &'static Workdir {
    static RUN: std::sync::OnceLock<Workdir> = std::sync::OnceLock::new();
    RUN.get_or_init(|| {
        let work = Workdir::new();
        let mut csv = String::from("id;rooli;vastaus\n");
        for (i, (id, text)) in ANSWERS.iter().enumerate() {
            let role = ["Yhteisömanageri", "Somevastaava", "Yrittäjä"][i % 3];
            csv.push_str(&format!("{id};{role};{text}\n"));
        }
        work.write("in/kysely.csv", csv);
        work.teema_ok(&["run", "in", "--out", "out", "-q"]);
        work
    })
}

/// `teema search out QUERY --format json -n 100` on the small survey: exit code, hits (id and
/// snippet) and stderr.
fn query(q: &str) -> (i32, Vec<(String, String)>, String) {
    let out = small().teema(&["search", "out", q, "--format", "json", "-n", "100"]);
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{q}: {e}: {}", String::from_utf8_lossy(&out.stdout)));
    let hits = hits
        .iter()
        .map(|h| {
            let field = |k: &str| h[k].as_str().unwrap().to_string();
            (field("id"), field("snippet"))
        })
        .collect();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), hits, stderr)
}

/// The ids the query finds, sorted by number.
fn ids(q: &str) -> Vec<u32> {
    let (code, hits, stderr) = query(q);
    assert!(code == 0 || code == 1, "{q}: exit {code}: {stderr}");
    let mut ids: Vec<u32> = hits.iter().map(|(id, _)| id.parse().unwrap()).collect();
    ids.sort();
    ids
}

/// The snippet of answer `id` among the hits of `q`.
fn snippet(q: &str, id: &str) -> String {
    let (_, hits, _) = query(q);
    hits.into_iter()
        .find(|(i, _)| i == id)
        .unwrap_or_else(|| panic!("{q}: answer {id} not found"))
        .1
}

#[test]
fn words_are_all_required_unless_joined_by_or() {
    assert_eq!(ids("johto budjetti"), [6]);
    assert_eq!(ids("johto AND budjetti"), [6]);
    assert_eq!(ids("johto OR budjetti"), [1, 3, 4, 5, 6]);
    // AND binds tighter than OR.
    assert_eq!(ids("johto budjetti OR kiire"), [2, 5, 6]);
    assert_eq!(ids("johto (budjetti OR kiire)"), [6]);
    assert_eq!(ids("+kiire +budjetti"), [5]);
}

#[test]
fn not_and_minus_exclude() {
    assert_eq!(ids("johto NOT budjetti"), [1, 3, 4]);
    assert_eq!(ids("johto -budjetti"), [1, 3, 4]);
    assert_eq!(ids("-johto budjetti"), [5]);
    assert_eq!(ids("(kiire OR budjetti) -johto"), [2, 5]);
    assert_eq!(ids("NOT johto"), [2, 5, 7, 8, 9, 10, 11, 12, 13, 14]);
    assert_eq!(ids("johto -\"johto ei ymmärrä\""), [3, 4, 6]);
    // A word under NOT is not highlighted even where the answer has it.
    assert_eq!(
        snippet("budjetti OR NOT johto", "6"),
        "**Budjetti** on pieni, mutta johto tukee"
    );
}

#[test]
fn lowercase_finnish_words_are_never_operators() {
    // "tai" (or) and "ja" (and) are stop words: left out, with a note, and the words around
    // them are both required; "ei" (not) excludes nothing. (Whether the analyzer indexes "ei"
    // or not, the operator's answers do not come back.)
    let (code, hits, stderr) = query("kiire tai budjetti");
    assert_eq!(code, 0);
    let found: Vec<&str> = hits.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(found, ["5"], "not kiire OR budjetti");
    assert!(stderr.contains("left out of the query"), "{stderr}");
    assert!(stderr.contains(": tai"), "{stderr}");
    assert!(
        stderr.contains("operators are uppercase AND, OR, NOT"),
        "{stderr}"
    );
    assert_eq!(ids("kiire ja budjetti"), [5]);
    let not = ids("johto ei budjetti");
    assert!(
        not.iter().all(|&id| id == 6),
        "not johto NOT budjetti: {not:?}"
    );
}

#[test]
fn a_phrase_keeps_the_place_of_a_stop_word() {
    let (code, hits, _) = query("\"ei ole aikaa\"");
    assert_eq!(code, 0);
    let hit = hits.iter().find(|(id, _)| id == "2").expect("answer 2");
    assert!(hit.1.contains("**aikaa** mihinkään"), "{}", hit.1);
    // "on" between the words: found where they are one word apart, not farther apart.
    assert_eq!(ids("palaute tärkeää"), [13, 14]);
    assert_eq!(ids("\"palaute on tärkeää\""), [13]);
    assert_eq!(
        snippet("\"palaute on tärkeää\"", "13"),
        "**Palaute** on **tärkeää**, mutta sitä ei kerätä"
    );
    assert_eq!(ids("\"palaute tärkeää\""), Vec::<u32>::new());
    // Nor side by side.
    assert_eq!(ids("johto ymmärrä"), [1, 3, 4]);
    assert_eq!(ids("\"johto ei ymmärrä\""), [1]);
    assert_eq!(ids("\"johto ymmärrä\""), [4]);
    // Slop: up to two words between (or around) them.
    assert_eq!(ids("\"johto ymmärrä\"~2"), [1, 3, 4]);
    // Typographic quotes as Word writes them.
    assert_eq!(ids("”johto ei ymmärrä”"), [1]);
    // A stop word at the edge of a phrase has no place to keep: the user is told.
    let (_, _, stderr) = query("\"ja budjetti\"");
    assert!(stderr.contains("are not checked: ja"), "{stderr}");
}

#[test]
fn a_prefix_finds_every_form_and_marks_it() {
    let (code, hits, stderr) = query("arvost*");
    assert_eq!(code, 0, "{stderr}");
    let found: std::collections::BTreeSet<&str> = hits.iter().map(|(id, _)| id.as_str()).collect();
    assert!(found.is_superset(&["7", "8", "9"].into()), "{found:?}");
    for (id, marked) in [
        ("7", "**Arvostus** puuttuu"),
        ("8", "Toivoisin **arvostuksen** näkyvän"),
        ("9", "työtä **arvostetaan** vain"),
    ] {
        let s = &hits.iter().find(|(i, _)| i == id).unwrap().1;
        assert!(s.contains(marked), "{s}");
    }
    // Inside a query like any word.
    let without_pay = ids("arvost* -palkka*");
    assert!(
        without_pay.contains(&7) && without_pay.contains(&9) && !without_pay.contains(&8),
        "{without_pay:?}"
    );
    let (code, _, stderr) = query("arvostelu* OR kiire");
    assert_eq!(code, 0);
    assert!(stderr.contains("arvostelu* matches no word"), "{stderr}");
}

#[test]
fn a_prefix_expansion_is_capped_with_a_note() {
    let (code, stdout, stderr) = search(&["k*", "-n", "3"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.matches("score ").count(), 3);
    assert!(stderr.contains("k* matches"), "{stderr}");
    assert!(stderr.contains("searching only the 64"), "{stderr}");
}

#[test]
fn a_typo_is_found_with_tilde_and_marked() {
    let (code, hits, _) = query("modreointi");
    assert_eq!((code, hits.len()), (1, 0));
    assert_eq!(ids("modreointi~1"), [3, 11]);
    assert_eq!(ids("modreointi~"), [3, 11]);
    assert_eq!(
        snippet("modreointi~1", "11"),
        "**Moderointi** on raskasta iltaisin"
    );
    // Two typos need ~2.
    assert_eq!(ids("modreoniti~1"), Vec::<u32>::new());
    assert_eq!(ids("modreoniti~2"), [3, 11]);
    assert_eq!(ids("modreointi~1 -johto"), [11]);
}

#[test]
fn bad_query_syntax_exits_2_and_says_why() {
    for (q, why) in [
        ("\"ei ole aikaa", "the quote at character 1 is never closed"),
        ("(johto OR kiire", "the ( at character 1 is never closed"),
        ("johto)", "the ) at character 6 closes no ("),
        ("johto AND", "AND at character 7 ends the query"),
        ("OR kiire", "OR at character 1 needs a word before it"),
        ("johto OR OR kiire", "is followed by OR"),
        ("()", "empty parentheses"),
        ("ar*vostus", "* is only allowed at the end of a word"),
        ("kiire~3", "0 to 2"),
        ("johto - kiire", "must be directly followed by a word"),
        ("ja", "nothing left to search for"),
    ] {
        let (code, stdout, stderr) = search(&[q]);
        assert_eq!(code, 2, "{q}: {stderr}");
        assert!(stdout.is_empty(), "{q}");
        assert!(
            stderr.contains(&format!("cannot parse query {q:?}")),
            "{q}: {stderr}"
        );
        assert!(stderr.contains(why), "{q}: {stderr}");
        assert!(!stderr.contains("panicked"), "{q}: {stderr}");
    }
}
