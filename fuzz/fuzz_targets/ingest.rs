//! Every ingest reader on arbitrary bytes: the first byte picks the file type, the rest is the
//! file. Reading may fail or skip rows; it must not panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

const KINDS: [&str; 7] = ["csv", "tsv", "txt", "json", "jsonl", "xlsx", "md"];

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let name = format!("vastaukset.{}", KINDS[kind as usize % KINDS.len()]);
    std::fs::write(dir.path().join(name), bytes).expect("write");
    let _ = teema::ingest::ingest(dir.path(), &teema::ingest::IngestOptions::default());
});
