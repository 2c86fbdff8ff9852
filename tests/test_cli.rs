//! The command line on hostile numbers, odd values and closed pipes (issue 14): nothing
//! crashes or allocates by a number the user typed, and every refusal says what to do.

use std::sync::OnceLock;

use crate::util::Workdir;

/// A small survey run once: ten answers, two roles, a formula in one answer.
fn survey() -> &'static Workdir {
    static RUN: OnceLock<Workdir> = OnceLock::new();
    RUN.get_or_init(|| {
        let work = Workdir::new();
        work.write(
            "in/kysely.csv",
            "id;rooli;vastaus\n\
             1;Yhteisömanageri;Kiire on jatkuvaa eikä aikaa jää mihinkään.\n\
             2;Somevastaava;Kiire ja resurssipula vievät kaiken ajan.\n\
             3;Yhteisömanageri;Johto ei arvosta työtä, kiire vain kasvaa.\n\
             4;Somevastaava;\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"kiire\"\")\"\n\
             5;Yhteisömanageri;Moderointi vie illat.\n\
             6;Somevastaava;Mittarit puuttuvat, kiire estää suunnittelun.\n\
             7;Yhteisömanageri;Tykkäykset eivät kerro mitään.\n\
             8;Somevastaava;Budjetti leikataan ensimmäisenä.\n\
             9;Yhteisömanageri;Aikaa ei ole tarpeeksi.\n\
             10;Somevastaava;Kiire, kiire ja vielä kerran kiire.\n",
        );
        work.teema_ok(&["run", "in", "--out", "out", "-q"]);
        work
    })
}

/// `teema ARGS…` in the survey's folder: exit code, stdout, stderr.
fn teema(args: &[&str]) -> (i32, String, String) {
    let out = survey().teema(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("memory allocation"),
        "{stderr}"
    );
}

#[test]
fn huge_limits_and_offsets_are_bounded() {
    for n in ["10000000000", "18446744073709551615"] {
        let (code, stdout, stderr) = teema(&["search", "out", "kiire", "-n", n]);
        no_panic(&stderr);
        assert_eq!(code, 0, "-n {n}: {stderr}");
        assert_eq!(stdout.matches("score ").count(), 6, "{stdout}");
        let (code, stdout, stderr) = teema(&["kwic", "out", "kiire", "-n", n]);
        no_panic(&stderr);
        assert_eq!(code, 0, "kwic -n {n}: {stderr}");
        assert_eq!(stdout.lines().count(), 8, "{stdout}");
        let (code, _, stderr) = teema(&["kwic", "out", "kiire", "-w", n]);
        no_panic(&stderr);
        assert_eq!(code, 2, "kwic -w {n}: {stderr}");
        assert!(stderr.contains("--width"), "{stderr}");
    }
    let (code, stdout, stderr) = teema(&["search", "out", "kiire", "--offset", "100000000000"]);
    no_panic(&stderr);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("6 answers match \"kiire\", but --offset 100000000000 is past them"),
        "{stderr}"
    );
}

#[test]
fn paging_past_the_end_says_how_many_match() {
    let (code, _, stderr) = teema(&["search", "out", "kiire", "--offset", "6"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("6 answers match \"kiire\", but --offset 6 is past them"),
        "{stderr}"
    );
    let (code, stdout, _) = teema(&["search", "out", "kiire", "--offset", "5"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.matches("score ").count(), 1);
    let (code, _, stderr) = teema(&["search", "out", "kvanttitietokone", "--offset", "3"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no answers match"), "{stderr}");
}

#[test]
fn zero_limits_and_zero_k_are_refused_when_parsing() {
    for args in [
        &["search", "out", "kiire", "-n", "0"][..],
        &["kwic", "out", "kiire", "-n", "0"],
        &["kwic", "out", "kiire", "--limit", "0"],
    ] {
        let (code, stdout, stderr) = teema(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("at least 1"), "{args:?}: {stderr}");
    }
    let work = Workdir::new();
    work.write("in/a.csv", "id;vastaus\n1;Aikaa ei ole\n");
    let stderr = work.teema_err(&["run", "in", "--out", "out", "-k", "0"]);
    assert!(
        stderr.contains("-k") && stderr.contains("at least 1"),
        "{stderr}"
    );
    assert!(!work.path().join("out").exists(), "refused before running");
}

#[test]
fn csv_and_tsv_output_cannot_start_a_formula() {
    let dangerous = |f: &str| f.starts_with(['=', '+', '-', '@', '\t', '\r']);
    for (command, format) in [
        ("search", "csv"),
        ("search", "tsv"),
        ("kwic", "csv"),
        ("kwic", "tsv"),
    ] {
        let (code, stdout, stderr) =
            teema(&[command, "out", "kiire", "-n", "100", "--format", format]);
        assert_eq!(code, 0, "{stderr}");
        let (header, rows) = crate::util::parse_table(&stdout, format);
        let formula: Vec<&str> = rows
            .iter()
            .flat_map(|r| r.iter())
            .filter(|f| f.contains("HYPERLINK"))
            .collect();
        assert!(!formula.is_empty(), "{command} {format}: {stdout}");
        for f in formula {
            assert!(!dangerous(f), "{command} {format}: {f:?}");
        }
        if command == "search" {
            let text = header.iter().position(|h| h == "text").unwrap();
            let row = rows.iter().find(|r| &r[0] == "4").unwrap();
            assert_eq!(
                &row[text], "'=HYPERLINK(\"http://example.invalid\",\"kiire\")",
                "as responses.csv writes it"
            );
        }
    }
}

#[test]
fn out_that_is_a_file_is_named_once() {
    let work = Workdir::new();
    work.write("in/a.csv", "id;vastaus\n1;Aikaa ei ole\n");
    work.write("tiedosto", "");
    let stderr = work.teema_err(&["run", "in", "--out", "tiedosto", "-q"]);
    assert_eq!(
        stderr.trim(),
        "teema: error: tiedosto: --out is a file; it must be a folder (new or one an earlier run wrote)"
    );
}

#[test]
fn a_damaged_index_is_one_line_that_says_what_to_do() {
    let work = Workdir::new();
    work.write("in/a.csv", "id;vastaus\n1;Aikaa ei ole\n2;Kiire on\n");
    work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let index = work.path().join("out/index");
    for entry in std::fs::read_dir(&index).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "store" || e == "idx") {
            std::fs::write(&path, "rikki").unwrap();
        }
    }
    let expected = format!(
        "teema: error: the index in {} is damaged or from another version: run `teema run` again",
        std::path::Path::new("out").join("index").display()
    );
    for command in ["search", "kwic"] {
        let stderr = work.teema_err(&[command, "out", "aikaa"]);
        assert_eq!(stderr.trim(), expected, "{command}");
    }
    work.write("out/index/meta.json", "rikki");
    let stderr = work.teema_err(&["search", "out", "aikaa"]);
    assert_eq!(stderr.trim(), expected);
}

#[test]
fn unknown_filter_values_list_the_valid_ones() {
    for command in ["search", "kwic"] {
        let cases: [(&[&str], &str); 4] = [
            (&["--theme", "ei_ole"], "--theme \"ei_ole\" is not a theme of any answer; the themes are: "),
            (&["--source", "muu.csv"], "--source \"muu.csv\" is not a source of any answer; the sources are: kysely.csv"),
            (&["--question", "Mitä?"], "--question \"Mitä?\" is not a question of any answer; the questions are: vastaus"),
            (
                &["--where", "Rooli=Johtaja"],
                "--where \"Rooli=Johtaja\": no answer has this value; the values of Rooli are: somevastaava, yhteisömanageri",
            ),
        ];
        for (filter, message) in cases {
            let mut args = vec![command, "out", "kiire"];
            args.extend_from_slice(filter);
            let (code, stdout, stderr) = teema(&args);
            assert_eq!(code, 2, "{args:?}: {stderr}");
            assert!(stdout.is_empty());
            assert!(stderr.contains(message), "{args:?}: {stderr}");
        }
        let (code, _, stderr) = teema(&[command, "out", "kiire", "--where", "Tiimi=A"]);
        assert_eq!(code, 2);
        assert!(
            stderr.contains("--where \"Tiimi=A\": Tiimi is not a metadata column; the metadata columns are: rooli"),
            "{stderr}"
        );
        // A known value that holds no hit for this word is an empty result, not an error.
        let (code, _, _) = teema(&[
            command,
            "out",
            "budjetti",
            "--where",
            "Rooli=Yhteisömanageri",
        ]);
        assert_eq!(code, 1, "{command}");
    }
}

#[test]
fn a_closed_pipe_is_a_normal_end() {
    use std::io::Read;
    // More output than a pipe holds, so that teema is still writing when the reader goes.
    let work = Workdir::new();
    let mut csv = String::from("id;vastaus\n");
    for i in 0..3000 {
        csv.push_str(&format!(
            "{i};Kiire on jatkuvaa ja aikaa ei ole mihinkään muuhun {i}\n"
        ));
    }
    work.write("in/a.csv", csv);
    work.teema_ok(&["run", "in", "--out", "out", "-q", "-k", "2"]);
    for args in [
        &["search", "out", "kiire", "-n", "5000", "--format", "json"][..],
        &["search", "out", "kiire", "-n", "5000", "--format", "csv"],
        &["search", "out", "kiire", "-n", "5000"],
        &["kwic", "out", "kiire", "--format", "json"],
        &["kwic", "out", "kiire", "--format", "tsv"],
        &["kwic", "out", "kiire"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_teema"))
            .args(args)
            .current_dir(work.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is closed here.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn scoring_an_empty_gold_file_is_refused() {
    let work = Workdir::new();
    for (name, text) in [("tyhja.tsv", ""), ("otsikko.tsv", "form\tlemma\n")] {
        work.write(name, text);
        let stderr = work.teema_err(&["analyze", "--score", name]);
        assert!(
            stderr.contains(&format!("{name}: no gold rows")),
            "{stderr}"
        );
    }
}

#[test]
fn kwic_limit_gives_the_first_lines_of_the_whole_concordance() {
    for sort in ["position", "right", "left", "keyword"] {
        let all = ["kwic", "out", "kiire", "--sort", sort, "--format", "tsv"];
        let (code, whole, stderr) = teema(&all);
        assert_eq!(code, 0, "{stderr}");
        let mut limited = all.to_vec();
        limited.extend_from_slice(&["-n", "3"]);
        let (code, first, stderr) = teema(&limited);
        assert_eq!(code, 0, "{stderr}");
        let expected: Vec<&str> = whole.lines().take(4).collect();
        assert_eq!(first.lines().collect::<Vec<_>>(), expected, "--sort {sort}");
    }
}
