//! report.html: one self-contained page, the same bytes for the same run, English with
//! `--lang en`, and, rendered by headless Chromium, a page that is not blank, holds its charts and
//! answer rows, logs no errors, and shows hostile answers as text. Without Chromium the browser
//! checks print a note and pass, unless `TEEMA_REQUIRE_BROWSER=1` (set by `.ci/run` when it
//! installed the browser), when they fail.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{corpus_dir, corpus_run, Workdir};

/// The hand-written file of hostile answers.
fn hostile_fixture() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html/hostile.csv");
    std::fs::read_to_string(path).unwrap()
}

/// A run on the hostile answers, from a file whose name is hostile too; returns the work dir.
fn hostile_run(extra: &[&str]) -> Workdir {
    let work = Workdir::new();
    work.write(
        "in/kysely<img src=x onerror=alert(1)>.csv",
        hostile_fixture(),
    );
    let mut args = vec![
        "run", "in", "--out", "out", "-q", "--column", "3", "--by", "Rooli",
    ];
    args.extend_from_slice(extra);
    work.teema_ok(&args);
    work
}

/// Headless Chromium, or `None` with a note when it is not installed (a failure instead with
/// `TEEMA_REQUIRE_BROWSER=1`).
fn browser() -> Option<PathBuf> {
    let found = std::env::var_os("TEEMA_CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from))
        .find(|p| p.is_file());
    if found.is_none() {
        assert_ne!(
            std::env::var("TEEMA_REQUIRE_BROWSER").as_deref(),
            Ok("1"),
            "TEEMA_REQUIRE_BROWSER=1 but Chromium is not installed (apt-get install chromium)"
        );
        eprintln!("note: Chromium not installed; report.html's browser checks skipped");
    }
    found
}

/// Runs headless Chromium on `page` with `args` in a fresh profile; its stdout and stderr.
fn chromium(browser: &Path, page: &Path, args: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium {args:?} did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let read = |p: &Path| {
        let mut s = String::new();
        std::fs::File::open(p)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    (read(&out_path), read(&err_path))
}

/// The DOM after the page's scripts ran.
fn dom(browser: &Path, page: &Path) -> String {
    let (dom, err) = chromium(browser, page, &["--dump-dom", "--virtual-time-budget=3000"]);
    assert!(dom.contains("</html>"), "no DOM from chromium: {err}");
    dom
}

/// Checks that the page's script ran to its end without an error and rendered `answers`.
fn assert_script_ran(dom: &str, answers: usize) {
    assert!(
        dom.contains(&format!("data-ready=\"{answers}\"")),
        "the page's script did not finish"
    );
    let errors = dom.split("id=\"teema-errors\"").nth(1).unwrap();
    let errors = &errors[..errors.find("</p>").unwrap()];
    assert!(errors.contains("hidden"), "script errors: {errors}");
}

/// Decodes an 8-bit RGB or RGBA PNG (as Chromium writes screenshots) into its width and rows
/// of pixels, each pixel's bytes as one `u32`.
fn png_pixels(bytes: &[u8]) -> (usize, Vec<u32>) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let (mut at, mut idat) = (8, Vec::new());
    let (mut width, mut height, mut channels) = (0, 0, 0);
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let data = &bytes[at + 8..at + 8 + len];
        match &bytes[at + 4..at + 8] {
            b"IHDR" => {
                width = u32::from_be_bytes(data[0..4].try_into().unwrap()) as usize;
                height = u32::from_be_bytes(data[4..8].try_into().unwrap()) as usize;
                assert_eq!(data[8], 8, "bit depth");
                channels = match data[9] {
                    2 => 3,
                    6 => 4,
                    other => panic!("colour type {other}"),
                };
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = width * channels;
    let mut prev = vec![0u8; stride];
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let mut cur = line[1..].to_vec();
        for i in 0..stride {
            let a = if i >= channels {
                cur[i - channels] as i32
            } else {
                0
            };
            let (b, c) = (
                prev[i] as i32,
                if i >= channels {
                    prev[i - channels] as i32
                } else {
                    0
                },
            );
            let add = match line[0] {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("filter {f}"),
            };
            cur[i] = cur[i].wrapping_add(add as u8);
        }
        for px in cur.chunks(channels) {
            pixels.push(px.iter().fold(0u32, |v, &b| (v << 8) | b as u32));
        }
        prev = cur;
    }
    (width, pixels)
}

#[test]
fn report_html_is_one_self_contained_file_with_the_same_bytes_each_run() {
    let run = corpus_run();
    let html = run.work.read("out/report.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fi\">"));
    assert!(html.contains("Content-Security-Policy"));
    // Nothing to fetch: no links, sources, imports or URLs but the SVG namespace.
    for needle in ["<link", " src=", "@import", "url(", "<iframe", "<img"] {
        assert!(!html.contains(needle), "report.html holds {needle}");
    }
    let urls = html.matches("http://").count() + html.matches("https://").count();
    let svg_ns = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(urls, svg_ns, "a URL other than the SVG namespace");
    // A chart per question, every theme's quotes, the answers as JSON.
    assert_eq!(html.matches("<svg class=\"chart bars\"").count(), 3);
    assert!(
        html.contains("<mark>Ajanpuute</mark>"),
        "quotes mark their evidence"
    );
    assert!(html.contains("<script type=\"application/json\" id=\"teema-data\">"));
    assert!(html.contains("Kaikki vastaukset") && html.contains("Teemojen osuudet"));
    // Each question's word and word-pair tables, from themes.json's counts.
    assert_eq!(
        html.matches("<div class=\"words\"><h3>Yleisimmät sanat")
            .count(),
        3
    );
    let json: serde_json::Value = serde_json::from_str(&run.work.read("out/themes.json")).unwrap();
    let first = &json["questions"][0]["words"][0];
    let row = format!("<tr><td>{}</td>", first["word"].as_str().unwrap());
    assert!(html.contains(&row), "no word table row {row}");
    assert!(html.contains("<th>Sanapari</th>"));
    let again = Workdir::new();
    let corpus = corpus_dir();
    again.teema_ok(&["run", corpus.to_str().unwrap(), "--out", "out", "-q"]);
    assert!(
        again.read("out/report.html") == html,
        "report.html differs between runs"
    );
}

#[test]
fn lang_en_writes_the_interface_in_english() {
    let work = hostile_run(&["--lang", "en"]);
    let html = work.read("out/report.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    for s in [
        "All answers",
        "Share of answers by theme",
        "Themes by Rooli",
        "Search",
    ] {
        assert!(html.contains(s), "no {s:?}");
    }
    assert!(!html.contains("Kaikki vastaukset"));
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    assert_eq!(json["parameters"]["lang"], "en");
    let err = work.teema_err(&["run", "in", "--out", "out2", "--lang", "sv"]);
    assert!(err.contains("--lang"), "{err}");
}

#[test]
fn weighted_shares_stand_beside_the_shares() {
    let work = Workdir::new();
    let mut csv = String::new();
    for (i, line) in hostile_fixture().lines().enumerate() {
        let weight = match i {
            0 => "paino",
            i if i % 2 == 0 => "2",
            _ => "1,5",
        };
        csv.push_str(&format!("{line};{weight}\n"));
    }
    work.write("in/kysely.csv", csv);
    let args = [
        "run", "in", "--out", "out", "-q", "--column", "3", "--weight", "paino",
    ];
    work.teema_ok(&[&args[..], &["--by", "Rooli"]].concat());
    let html = work.read("out/report.html");
    let json: serde_json::Value = serde_json::from_str(&work.read("out/themes.json")).unwrap();
    let first = &json["questions"][0]["themes"][0];
    let weighted = first["weighted_mentions_share"].as_f64().unwrap();
    let shown = format!("{:.1}\u{a0}%", weighted * 100.0).replace('.', ",");
    assert!(
        html.contains(&format!("painotettu osuus {shown}")),
        "{shown}"
    );
    assert_eq!(
        html.matches("<rect class=\"bar weighted\"").count(),
        1 + html.matches("<rect class=\"bar named\"").count()
            + html.matches("<rect class=\"bar discovered\"").count()
            + html.matches("<rect class=\"bar minor\"").count()
            + html.matches("<rect class=\"bar bucket\"").count()
    );
    assert!(html.contains("Painot sarakkeesta paino: 12 riviä painotettu, 0 riviä"));
    assert!(
        html.contains("n<sub>eff</sub> = "),
        "the cross-tab's effective n"
    );
    if let Some(browser) = browser() {
        assert_script_ran(&dom(&browser, &work.path().join("out/report.html")), 12);
    }
}

#[test]
fn groups_compared_and_trends_have_their_sections() {
    let work = Workdir::new();
    work.write("kysely/kysely.csv", crate::test_compare::survey());
    let args = [
        "run", "kysely", "-q", "--column", "Vastaus", "--by", "Rooli", "--date", "Pvm", "--out",
    ];
    work.teema_ok(&[&args[..], &["out"]].concat());
    let html = work.read("out/report.html");
    // The significant cells: teachers write of haste more than the others, principals less.
    assert!(html.contains("<h3>Ryhmien vertailu: Rooli</h3>"));
    assert!(html.contains("<table class=\"compare\">"));
    assert!(html.contains("Kokonaistesti (ensimmäinen teema × ryhmä): χ² = "));
    let over = html
        .split("<tr class=\"over\">")
        .nth(1)
        .expect("an over cell");
    assert!(over.contains("▲") && over.contains("***"), "{over}");
    assert!(html.contains("<tr class=\"under\">"));
    // The trends: a line per theme over January to March, the same shares in the table.
    assert!(html.contains("<h3>Teemat ajan mukaan: Pvm (kuukausittain)</h3>"));
    let svg = html
        .split("<svg class=\"chart lines\"")
        .nth(1)
        .expect("a trend chart");
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert!(svg.matches("<polyline").count() >= 2, "{svg}");
    for month in ["2024-01", "2024-02", "2024-03"] {
        assert!(svg.contains(&format!(">{month}</text>")), "no {month}");
    }
    assert!(
        svg.contains("20\u{a0}%") && svg.contains("Ajan puute"),
        "{svg}"
    );
    assert!(html.contains("<table class=\"trends\">"));
    assert!(html.contains("2 vastausta ilman luettavaa päivämäärää"));
    let en = Workdir::new();
    en.write("kysely/kysely.csv", crate::test_compare::survey());
    en.teema_ok(&[&args[..], &["out", "--lang", "en"]].concat());
    let html_en = en.read("out/report.html");
    assert!(html_en.contains("<h3>Groups compared: Rooli</h3>"));
    assert!(html_en.contains("<h3>Themes over time: Pvm (by month)</h3>"));
    if let Some(browser) = browser() {
        assert_script_ran(&dom(&browser, &work.path().join("out/report.html")), 66);
    }
}

#[test]
fn hostile_answers_are_escaped_in_the_file() {
    let work = hostile_run(&[]);
    let html = work.read("out/report.html");
    // Outside the one script of the page and its JSON, no markup from the answers.
    for needle in [
        "<script>document",
        "<img src=x",
        "<svg onload",
        "<b id=pwned",
        "<!-- komm",
    ] {
        assert!(!html.contains(needle), "{needle} unescaped in report.html");
    }
    let data = html.split("id=\"teema-data\">").nth(1).unwrap();
    let data = &data[..data.find("</script>").unwrap()];
    assert!(!data.contains('<') && data.contains("\\u003c/script\\u003e"));
    assert!(
        html.contains("&lt;b id=pwned&gt;johto&lt;/b&gt;"),
        "the --by value as text"
    );
}

#[test]
fn chromium_shows_hostile_answers_as_text() {
    let Some(browser) = browser() else { return };
    let work = hostile_run(&[]);
    let page = work.path().join("out/report.html");
    let dom = dom(&browser, &page);
    assert_script_ran(&dom, 12);
    assert!(
        !dom.contains("id=\"pwned\""),
        "an answer's markup became an element"
    );
    assert!(
        dom.contains("<title>Teemat: in</title>"),
        "the title was changed"
    );
    for text in [
        "&lt;script&gt;document.title='pwned';alert(1)&lt;/script&gt; Kiire",
        "&lt;img src=x onerror=\"document.body",
        "&lt;/script&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt; Johto",
        "=HYPERLINK(\"http://x.invalid\",\"y\")",
        "**Lihavoitu** kiire ja [linkki](http://x.invalid)",
        "&lt;!-- kommentti --&gt;",
        "kysely&lt;img src=x onerror=alert(1)&gt;.csv:2",
    ] {
        assert!(dom.contains(text), "{text} is not shown as text");
    }
    // Every answer has its row.
    let body = dom.split("id=\"answers-body\">").nth(1).unwrap();
    assert_eq!(
        body[..body.find("</tbody>").unwrap()]
            .matches("<tr>")
            .count(),
        12
    );
}

#[test]
fn chromium_renders_the_corpus_report() {
    let Some(browser) = browser() else { return };
    let run = corpus_run();
    let page = run.work.path().join("out/report.html");
    let dom = dom(&browser, &page);
    assert_script_ran(&dom, 671);
    assert_eq!(dom.matches("<svg class=\"chart bars\"").count(), 3);
    assert!(dom.matches("<rect class=\"bar").count() > 30);
    let body = dom.split("id=\"answers-body\">").nth(1).unwrap();
    let rows = body[..body.find("</tbody>").unwrap()]
        .matches("<tr>")
        .count();
    assert_eq!(rows, 200, "the first page of answers");
    assert!(dom.contains("Näytetään 200 / 671 vastausta"));

    let shot = tempfile::tempdir().unwrap();
    let png = shot.path().join("report.png");
    let (_, log) = chromium(
        &browser,
        &page,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,2000",
            "--enable-logging=stderr",
            "--v=0",
        ],
    );
    for line in log.lines().filter(|l| l.contains("CONSOLE")) {
        assert!(
            !line.contains("Uncaught") && !line.contains("Error"),
            "{line}"
        );
    }
    let (width, pixels) = png_pixels(&std::fs::read(&png).unwrap());
    assert_eq!(width, 1280);
    let colours: HashSet<u32> = pixels.iter().copied().collect();
    let white = pixels[0];
    let inked = pixels.iter().filter(|&&p| p != white).count();
    assert!(
        colours.len() > 100,
        "{} colours: a blank page?",
        colours.len()
    );
    assert!(
        inked * 20 > pixels.len(),
        "{inked} of {} pixels inked",
        pixels.len()
    );
}

#[test]
fn chromium_prints_the_report_on_a4_a_question_a_page() {
    let Some(browser) = browser() else { return };
    let run = corpus_run();
    let page = run.work.path().join("out/report.html");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    chromium(
        &browser,
        &page,
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = String::from_utf8_lossy(&bytes);
    // Skia writes each page's dictionary uncompressed: A4 is 594.96 × 841.92 points (Letter,
    // Chromium's default, 612 × 792).
    let pages = text.matches("<</Type /Page\n").count();
    let a4 = text.matches("/MediaBox [0 0 594.95996 841.91998]").count();
    assert_eq!(a4, pages, "A4 pages: {a4} of {pages}");
    // Three questions and the answers, each from a new page; the first question on the first.
    assert!(pages >= 4, "{pages} pages");
}
