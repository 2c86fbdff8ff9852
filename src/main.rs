//! The `teema` binary: parse the command line, run it, turn the result into an exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: a million answers' many small allocations on
/// several threads fragmented glibc's per-thread arenas by about a quarter of the peak memory.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = teema::cli::Cli::parse();
    match teema::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("teema: error: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line, each cause left out if the text so far already
/// holds it (teema's errors quote their source: `OUT/x: Not a directory`, once).
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Did writing to stdout fail because the reader went away (`teema search … | head`)? That is
/// a normal end, as in ripgrep. The I/O error can come wrapped by the JSON or CSV writer.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = |kind: Option<std::io::ErrorKind>| kind == Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|cause| {
        if let Some(e) = cause.downcast_ref::<std::io::Error>() {
            return broken(Some(e.kind()));
        }
        if let Some(e) = cause.downcast_ref::<serde_json::Error>() {
            return broken(e.io_error_kind());
        }
        if let Some(e) = cause.downcast_ref::<csv::Error>() {
            return matches!(e.kind(), csv::ErrorKind::Io(e) if broken(Some(e.kind())));
        }
        false
    })
}
