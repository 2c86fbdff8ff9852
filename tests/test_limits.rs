//! Hostile input: huge fields, huge files and zip bombs are refused with a clear message, and
//! the rest of the folder is still read.

use std::io::Write;

use crate::util::{read_csv, Workdir};

fn themes_json(work: &Workdir) -> serde_json::Value {
    serde_json::from_str(&work.read("out/themes.json")).unwrap()
}

#[test]
fn a_50_mb_field_skips_its_row_only() {
    let work = Workdir::new();
    let mut csv = b"id;vastaus\n1;Aikaa ei ole tarpeeksi\n2;\"".to_vec();
    csv.extend(std::iter::repeat_n(b'a', 50 << 20));
    csv.extend_from_slice(b"\"\n3;Johto ei arvosta ty\xc3\xb6t\xc3\xa4\n");
    work.write("in/iso.csv", &csv);
    let out = work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "iso.csv:3: skipped row: field 2 is 50 MB long; one answer can be at most 1.0 MB"
        ),
        "{stderr}"
    );
    let (_, rows) = read_csv(&work.path().join("out/responses.csv"));
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["1", "3"]);
    assert_eq!(themes_json(&work)["counts"]["rows_skipped"], 1);
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let work = Workdir::new();
    work.write("in/pieni.csv", "id;vastaus\n1;Mittaaminen on vaikeaa\n");
    // A 2 GB file without writing 2 GB: sparse where the file system allows.
    let huge = std::fs::File::create(work.path().join("in/valtava.csv")).unwrap();
    huge.set_len(2 << 30).unwrap();
    let out = work.teema(&["run", "in", "--out", "out", "-q", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "--strict: a file was not read");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "valtava.csv: file not read: the file is 2048 MB, more than the 1024 MB limit; \
             split it, or raise --max-file-size"
        ),
        "{stderr}"
    );
    let json = themes_json(&work);
    assert_eq!(json["counts"]["answers"], 1);
    assert_eq!(json["counts"]["files_failed"], 1);
}

/// A workbook whose one sheet unpacks to `size` bytes of zeros.
fn zip_bomb(path: &std::path::Path, size: usize) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(size > u32::MAX as usize);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..size >> 20 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_zip_bomb_workbook_is_refused() {
    let work = Workdir::new();
    work.write("in/pieni.csv", "id;vastaus\n1;Mittaaminen on vaikeaa\n");
    let bomb = work.path().join("in/pommi.xlsx");
    zip_bomb(&bomb, 1100 << 20);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 5 << 20);
    let out = work.teema_ok(&["run", "in", "--out", "out", "-q"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "pommi.xlsx: file not read: the workbook unpacks to more than 1024 MB (a zip bomb, \
             or too big to read)"
        ),
        "{stderr}"
    );
    // With a lower limit a smaller bomb is refused too.
    zip_bomb(&bomb, 64 << 20);
    let out = work.teema_ok(&["run", "in", "--out", "out", "-q", "--max-file-size", "16"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than 16 MB"));
}

/// Runs teema with `args` in `work`, and fails the test if it is not done within `secs`.
/// Returns its exit status, stdout and stderr (kept in files, so a full pipe cannot stall it).
fn teema_within(work: &Workdir, args: &[&str], secs: u64) -> (i32, Vec<u8>, String) {
    let (out, err) = (
        work.path().join("stdout.txt"),
        work.path().join("stderr.txt"),
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_teema"))
        .args(args)
        .current_dir(work.path())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() >= secs {
            child.kill().unwrap();
            panic!("teema {args:?} was not done in {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let code = child.wait().unwrap().code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&std::fs::read(err).unwrap()).into_owned();
    (code, std::fs::read(out).unwrap(), stderr)
}

#[test]
fn a_1_mb_word_and_a_1_mb_answer_do_not_hang_the_analysis() {
    let work = Workdir::new();
    let mut csv = String::from("id;vastaus\n1;Aikaa ei ole tarpeeksi\n2;");
    // One word of a million letters, as a pasted blob reads; then a 120 KB token.
    csv.extend(std::iter::repeat_n("kiire", 200_000));
    csv.push_str("\n3;");
    csv.extend(std::iter::repeat_n("ö", 60_000));
    csv.push_str(" ja johto\n4;Johto ei arvosta työtä\n");
    work.write("in/pitka.csv", &csv);
    let (code, _, stderr) = teema_within(&work, &["run", "in", "--out", "out", "-q"], 60);
    assert_eq!(code, 0, "{stderr}");
    let (_, rows) = read_csv(&work.path().join("out/responses.csv"));
    assert_eq!(rows.len(), 4);
    // The long words are searchable by their beginning, as one (truncated) term.
    let args = ["search", "out", "kiirekiire*", "--format", "json"];
    let (code, stdout, stderr) = teema_within(&work, &args, 60);
    assert_eq!(code, 0, "{stderr}");
    let hits: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(hits[0]["id"], "2", "{hits}");
}
