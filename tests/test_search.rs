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
        assert_eq!(h["theme"], "measurement");
        let respondent = id.split('.').next().unwrap();
        assert_eq!(roles[respondent].to_lowercase(), "yhteisömanageri", "{id}");
    }
    // A filter nothing passes: no hits, exit 1.
    let (code, _, _) = search(&["aikaa", "--where", "Rooli=Astronautti"]);
    assert_eq!(code, 1);
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
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let (code, out, _) = search(&["moderointi", "--format", format, "-n", "5"]);
        assert_eq!(code, 0);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(format == "csv")
            .from_reader(out.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            ["id", "source", "row", "question", "theme", "score", "snippet", "text"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
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
