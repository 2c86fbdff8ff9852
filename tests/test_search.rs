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
