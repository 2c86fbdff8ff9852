//! The `teema` binary: parse the command line, run it, turn the result into an exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: a million answers' many small allocations on
/// several threads fragmented glibc's per-thread arenas by about a quarter of the peak memory.
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
            eprintln!("teema: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
