//! Groups compared (`--by`) and trends (`--date`, `--period`) on a small team-written survey:
//! teachers write about haste, principals about measuring; dates in every format an export
//! uses, two rows without a readable date. The figures in themes.json are recounted here from
//! responses.csv and the G² and p-values recomputed with formulas of the test's own.

use calamine::Reader;

use crate::util::{assert_contains, field, read_csv, Workdir};

const HASTE: [&str; 8] = [
    "Kiire on jatkuvaa, en ehdi valmistella tunteja kunnolla.",
    "Aina kiire, töitä on aivan liikaa.",
    "En ehdi tehdä kaikkea mitä pitäisi.",
    "Työkuorma kasvaa joka vuosi eikä loppua näy.",
    "Kiireen takia oppilaat jäävät vähälle huomiolle.",
    "Ylityöt ovat arkea ja jaksaminen on koetuksella.",
    "Resurssipula näkyy kaikessa, kiire syö ilon.",
    "Uupumus on lähellä, en jaksa enää.",
];

const MEASURING: [&str; 6] = [
    "Mittarit puuttuvat, emme tiedä mikä toimii.",
    "Oppimistulosten mittaaminen on vaikeaa.",
    "Raportointi opetushallitukselle on sekavaa.",
    "Tarvitsemme selkeät tunnusluvut koulun tavoitteille.",
    "Tilastot eivät kerro oppilaiden hyvinvoinnista.",
    "Haluaisin dashboardin, josta näkee poissaolot.",
];

/// The date of respondent `i` (from 0): January, February or March 2024, in six formats.
fn date_of(i: usize) -> &'static str {
    match i {
        64 => "",
        65 => "ei muista",
        _ => [
            "15.1.2024",
            "2024-02-03",
            "45356",
            "03/05/2024 10:12 AM",
            "5.3.2024 klo 10.12",
            "2024-01-20T08:00:00",
        ][i % 6],
    }
}

/// 30 teachers (24 write of haste, 6 of measuring), 30 principals (4 and 26) and 6 school
/// social workers (3 and 3); grades 2, 9 and 10 in turn.
pub(crate) fn survey() -> String {
    let mut csv = String::from("id,Rooli,Luokka,Pvm,Vastaus\n");
    for i in 0..66 {
        let (role, haste) = match i {
            0..=29 => ("Opettaja", i < 24),
            30..=59 => ("Rehtori", i < 34),
            _ => ("Kuraattori", i < 63),
        };
        let text = if haste {
            HASTE[i % HASTE.len()]
        } else {
            MEASURING[i % MEASURING.len()]
        };
        let grade = ["2", "10", "9"][i % 3];
        csv.push_str(&format!(
            "R{:02},{role},{grade},{},\"{text}\"\n",
            i + 1,
            date_of(i)
        ));
    }
    csv
}

/// erfc by Simpson's rule on 2/√π ∫ exp(−t²) from x (the tail past x + 8 is below 1e-28).
fn erfc(x: f64) -> f64 {
    let (n, h) = (20_000, 8.0 / 20_000.0);
    let f = |t: f64| (-t * t).exp();
    let mut sum = f(x) + f(x + 8.0);
    for i in 1..n {
        sum += f(x + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    sum * h / 3.0 * 2.0 / std::f64::consts::PI.sqrt()
}

/// G² of a 2×2 table, written out: 2 Σ O ln(O/E).
fn g2(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = a + b + c + d;
    let e = [
        (a + b) * (a + c) / n,
        (a + b) * (b + d) / n,
        (c + d) * (a + c) / n,
        (c + d) * (b + d) / n,
    ];
    2.0 * [a, b, c, d]
        .iter()
        .zip(e)
        .filter(|(o, _)| **o > 0.0)
        .map(|(o, e)| o * (o / e).ln())
        .sum::<f64>()
}

#[test]
fn groups_are_compared_with_a_test_and_themes_follow_the_months() {
    let work = Workdir::new();
    work.write("kysely/kysely.csv", survey());
    let out = work.teema_ok(&[
        "run", "kysely", "--out", "out", "-q", "--column", "Vastaus", "--by", "Rooli", "--by",
        "Luokka", "--date", "Pvm",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("teema: --date: 2 of 66 rows have no readable date in \"Pvm\""),
        "{stderr}"
    );
    assert!(stderr.contains("kysely.csv:66 \"\""), "{stderr}");
    assert!(stderr.contains("kysely.csv:67 \"ei muista\""), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    let q = &json["questions"][0];

    // Roles: in natural order; teachers over-represented in haste, principals under.
    let roles = &q["comparison"][0];
    assert_eq!(roles["column"], "Rooli");
    assert_eq!(roles["answers"], 66);
    assert_eq!(roles["correction"], "benjamini-hochberg");
    let names: Vec<&str> = roles["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Kuraattori", "Opettaja", "Rehtori"]);
    let haste = roles["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "time_shortage")
        .expect("time_shortage compared");
    let has = |r: &Vec<String>| {
        field(&header, r, "theme")
            .split(';')
            .any(|t| t == "time_shortage")
    };
    for (g, name) in names.iter().enumerate() {
        let cell = &haste["cells"][g];
        let in_group = |r: &&Vec<String>| field(&header, r, "Rooli") == *name;
        let a = rows.iter().filter(in_group).filter(|r| has(r)).count() as f64;
        let n_in = rows.iter().filter(in_group).count() as f64;
        let c = rows.iter().filter(|r| has(r)).count() as f64 - a;
        let n_out = rows.len() as f64 - n_in;
        assert_eq!(cell["count"].as_f64().unwrap(), a, "{name}");
        assert!((cell["share"].as_f64().unwrap() - a / n_in).abs() < 1e-12);
        assert!((cell["share_elsewhere"].as_f64().unwrap() - c / n_out).abs() < 1e-12);
        let want = g2(a, n_in - a, c, n_out - c);
        let got = cell["g2"].as_f64().unwrap();
        assert!((got - want).abs() < 1e-9, "{name}: {got} {want}");
        let p = erfc((want / 2.0).sqrt());
        let got_p = cell["p"].as_f64().unwrap();
        assert!(
            (got_p - p).abs() <= 1e-9 * p.max(1e-12),
            "{name}: {got_p} {p}"
        );
    }
    let teachers = &haste["cells"][1];
    assert!(teachers["count"].as_u64().unwrap() >= 20, "{teachers}");
    assert_eq!(teachers["direction"], "over");
    assert_eq!(teachers["stars"], "***");
    assert_eq!(haste["cells"][2]["direction"], "under");
    let overall = &roles["overall"];
    assert!(overall["p"].as_f64().unwrap() < 0.001, "{overall}");
    assert_eq!(overall["df"].as_u64().unwrap() % 2, 0, "{overall}");

    // Grades: numbers in numeric order, and nothing there to find.
    let grades = &q["comparison"][1];
    let names: Vec<&str> = grades["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2", "9", "10"]);

    // Trends: months in order, answers and counts recounted.
    let trends = &q["trends"];
    assert_eq!(
        (trends["answers"].as_u64(), trends["undated"].as_u64()),
        (Some(64), Some(2))
    );
    let periods: Vec<&str> = trends["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2024-01", "2024-02", "2024-03"]);
    let month_of = |i: usize| match i % 6 {
        0 | 5 => 0,
        1 => 1,
        _ => 2,
    };
    for (m, period) in trends["periods"].as_array().unwrap().iter().enumerate() {
        let members: Vec<usize> = (0..64).filter(|&i| month_of(i) == m).collect();
        assert_eq!(period["answers"].as_u64().unwrap(), members.len() as u64);
        let t = period["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == "time_shortage")
            .unwrap();
        let id = |i: usize| format!("R{:02}", i + 1);
        let want = rows
            .iter()
            .filter(|r| members.iter().any(|&i| field(&header, r, "id") == id(i)))
            .filter(|r| has(r))
            .count();
        assert_eq!(t["count"].as_u64().unwrap(), want as u64, "{period}");
    }
    let dates = &json["dates"];
    assert_eq!(dates["rows_dated"], 64);
    assert_eq!(dates["rows_missing"], 1);
    assert_eq!(dates["rows_unreadable"], 1);
    assert_eq!(dates["first"], "2024-01-15");
    assert_eq!(dates["last"], "2024-03-05");
    assert_eq!(json["parameters"]["period"], "month");

    let summary = work.read("out/summary.md");
    assert_contains(
        "summary.md",
        &summary,
        &[
            "#### Groups compared by Rooli",
            "| Ajan puute — Time shortage (`time_shortage`) | Opettaja (n = 30) |",
            "*** over |",
            "Overall, first theme × group: χ² = ",
            "#### Groups compared by Luokka",
            "#### Themes by month (Pvm)",
            "| 2024-02 | 11 |",
            "2 of 66 rows have no readable date",
        ],
    );
}

#[test]
fn quarters_and_no_flags_leave_the_reports_as_they_were() {
    let work = Workdir::new();
    work.write("kysely/kysely.csv", survey());
    let base = ["run", "kysely", "-q", "--column", "Vastaus"];
    work.teema_ok(&[&base[..], &["--out", "plain"]].concat());
    work.teema_ok(
        &[
            &base[..],
            &["--out", "q", "--date", "Pvm", "--period", "quarter"],
        ]
        .concat(),
    );
    let plain = work.read("plain/themes.json");
    for key in ["\"comparison\"", "\"trends\"", "\"dates\"", "\"period\""] {
        assert!(!plain.contains(key), "{key}");
    }
    assert!(!work.read("plain/summary.md").contains("compared by"));
    let json: serde_json::Value = serde_json::from_str(&work.read("q/themes.json")).unwrap();
    let periods = json["questions"][0]["trends"]["periods"]
        .as_array()
        .unwrap();
    assert_eq!(periods.len(), 1);
    assert_eq!(periods[0]["period"], "2024-Q1");
    assert_eq!(periods[0]["answers"], 64);
    // Without --date, --period is refused.
    let out = work.teema(&[&base[..], &["--out", "x", "--period", "year"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = work.teema_err(&[&base[..], &["--out", "y", "--date", "pvm"]].concat());
    assert!(
        err.contains("--date \"pvm\" is not a metadata column"),
        "{err}"
    );
}

#[test]
fn a_column_of_many_values_is_cross_tabulated_in_the_comparisons_groups() {
    // A municipality per respondent out of twelve: k1 for one answer, k2 for two … k6 for
    // six, k7–k9 for seven, k10–k12 for eight. The eight largest on their own, the four
    // smallest together.
    let csv = survey();
    let mut lines = csv.lines();
    let mut with_town = format!("{},Kunta\n", lines.next().unwrap());
    let sizes = [1, 2, 3, 4, 5, 6, 7, 7, 7, 8, 8, 8];
    let towns: Vec<usize> = (1..=12).flat_map(|k| vec![k; sizes[k - 1]]).collect();
    assert_eq!(towns.len(), 66);
    for (i, line) in lines.enumerate() {
        with_town.push_str(&format!("{line},k{}\n", towns[i]));
    }
    let work = Workdir::new();
    work.write("kysely/kysely.csv", with_town);
    work.teema_ok(&[
        "run", "kysely", "--out", "out", "-q", "--column", "Vastaus", "--by", "Kunta",
    ]);
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let q = &json["questions"][0];
    let tab = &q["crosstabs"][0];
    let groups: Vec<&str> = tab["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let compared: Vec<&str> = q["comparison"][0]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert!(groups.len() <= 9, "{groups:?}");
    assert_eq!(groups, compared);
    assert_eq!(groups.last(), Some(&"(muut ryhmät)"));
    assert_eq!(tab["values_held"][8], 4);
    assert_eq!(tab["totals"][8], 1 + 2 + 3 + 4);
    let totals: Vec<u64> = tab["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(totals.iter().sum::<u64>(), 66);
    let summary = work.read("out/summary.md");
    assert!(
        summary.contains("(other groups) (4 values, n = "),
        "{summary}"
    );
    let html = work.read("out/report.html");
    assert!(html.contains("(muut ryhmät)<br><span class=\"n\">4 arvoa</span>"));
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(work.path().join("out/report.xlsx")).unwrap();
    let sheet = book.sheet_names()[1].clone();
    let sheet = book.worksheet_range(&sheet).unwrap();
    let merged = calamine::Data::String("(muut ryhmät) (4 arvoa)".into());
    assert!(sheet.rows().any(|r| r.contains(&merged)));
    // In English the merged group is named in English; themes.json keeps its name.
    work.teema_ok(&[
        "run", "kysely", "--out", "en", "-q", "--column", "Vastaus", "--by", "Kunta", "--lang",
        "en",
    ]);
    let html = work.read("en/report.html");
    assert!(html.contains("(other groups)<br>") && !html.contains("(muut ryhmät)"));
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(work.path().join("en/report.xlsx")).unwrap();
    let sheet = book.sheet_names()[1].clone();
    let sheet = book.worksheet_range(&sheet).unwrap();
    let merged = calamine::Data::String("(other groups) (4 values)".into());
    assert!(sheet.rows().any(|r| r.contains(&merged)), "{sheet:?}");
    assert!(work.read("en/themes.json").contains("\"(muut ryhmät)\""));
}

/// Respondent `i`'s weight in the weighted survey: 1, 2,5 (decimal comma), 0.5 or 3 in turn;
/// respondent 11's is empty (left out of the weighted test).
fn weight_cell(i: usize) -> &'static str {
    if i == 10 {
        return "";
    }
    ["1", "\"2,5\"", "0.5", "3"][i % 4]
}

#[test]
fn weighted_groups_are_tested_at_their_effective_n() {
    let work = Workdir::new();
    let mut csv = String::new();
    for (i, line) in survey().lines().enumerate() {
        let extra = if i == 0 { "Paino" } else { weight_cell(i - 1) };
        csv.push_str(&format!("{line},{extra}\n"));
    }
    work.write("kysely/kysely.csv", &csv);
    work.teema_ok(&[
        "run", "kysely", "--out", "out", "-q", "--column", "Vastaus", "--by", "Rooli", "--weight",
        "Paino",
    ]);
    // The weights as the input gives them, by id; themes and roles from responses.csv.
    let (in_header, in_rows) = read_csv(&work.path().join("kysely/kysely.csv"));
    let weight: std::collections::HashMap<String, Option<f64>> = in_rows
        .iter()
        .map(|r| {
            let cell = field(&in_header, r, "Paino").replace(',', ".");
            (field(&in_header, r, "id").to_string(), cell.parse().ok())
        })
        .collect();
    let (header, rows) = read_csv(&work.path().join("out/responses.csv"));
    // (role, carries time_shortage, weight) of each answer with a valid weight.
    let answers: Vec<(&str, bool, f64)> = rows
        .iter()
        .filter_map(|r| {
            let w = weight[field(&header, r, "id")]?;
            let has = field(&header, r, "theme")
                .split(';')
                .any(|t| t == "time_shortage");
            Some((field(&header, r, "Rooli"), has, w))
        })
        .collect();
    assert_eq!(answers.len(), 65);
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let roles = &json["questions"][0]["comparison"][0];
    assert_eq!(roles["test"], "G2-weighted-kish");
    let haste = roles["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "time_shortage")
        .expect("time_shortage compared");
    // One side's share of time_shortage by weight, and its rows scaled to Kish's n_eff.
    let side = |keep: &dyn Fn(&str) -> bool| {
        let (mut with, mut all, mut squares) = (0.0, 0.0, 0.0);
        for &(_, has, w) in answers.iter().filter(|a| keep(a.0)) {
            all += w;
            squares += w * w;
            if has {
                with += w;
            }
        }
        let n_eff = all * all / squares;
        (with / all, n_eff)
    };
    for (g, group) in roles["groups"].as_array().unwrap().iter().enumerate() {
        let name = group["name"].as_str().unwrap();
        let (p_in, n_in) = side(&|role| role == name);
        let (p_out, n_out) = side(&|role| role != name);
        let want = g2(
            p_in * n_in,
            (1.0 - p_in) * n_in,
            p_out * n_out,
            (1.0 - p_out) * n_out,
        );
        let cell = &haste["cells"][g];
        let got = cell["g2"].as_f64().unwrap();
        assert!((got - want).abs() < 1e-9, "{name}: {got} {want}");
        let p = erfc((want / 2.0).sqrt());
        assert!((cell["p"].as_f64().unwrap() - p).abs() <= 1e-9 * p.max(1e-12));
        assert!((cell["weighted_share"].as_f64().unwrap() - p_in).abs() < 1e-12);
        assert!((cell["weighted_share_elsewhere"].as_f64().unwrap() - p_out).abs() < 1e-12);
        let n = roles["weighted"][g]["effective_n"].as_f64().unwrap();
        assert!((n - n_in).abs() < 1e-9, "{name}: {n} {n_in}");
        let over = if p_in > p_out { "over" } else { "under" };
        assert_eq!(cell["direction"], over, "{name}");
        // The unweighted figures stay: counts over all the group's answers.
        assert!(cell["count"].as_u64().is_some() && cell["share"].as_f64().is_some());
    }
    let summary = work.read("out/summary.md");
    assert_contains(
        "summary.md",
        &summary,
        &[
            "Weighted (`--weight`): the tests are on the weighted shares",
            "1 answer without a valid weight is left out",
            "| In group, weighted | Elsewhere, weighted |",
            "Opettaja (n = 30, eff. n = ",
        ],
    );
    let html = work.read("out/report.html");
    assert!(
        html.contains("Painotettu (--weight): testit"),
        "report.html"
    );
}
