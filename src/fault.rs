//! Named points where a run can be made to fail on purpose, to test that a stopped run leaves
//! the previous outputs whole. `TEEMA_FAULT=POINT` aborts the process there (as a kill would);
//! `TEEMA_FAULT=POINT:error` makes the step fail with an I/O error (as a full disk would).
//! Without the variable a point costs one comparison.

use std::sync::OnceLock;

use crate::error::{Error, Result};

/// The points, in the order a run passes them (for tests and `--help`-free documentation).
pub const POINTS: &[&str] = &[
    "reports-staged",
    "index-commit",
    "index-built",
    "swap-index",
    "commit-file",
    "before-cache",
];

fn wanted() -> Option<&'static (String, bool)> {
    static FAULT: OnceLock<Option<(String, bool)>> = OnceLock::new();
    FAULT
        .get_or_init(|| {
            let v = std::env::var("TEEMA_FAULT").ok()?;
            Some(match v.strip_suffix(":error") {
                Some(point) => (point.to_string(), true),
                None => (v, false),
            })
        })
        .as_ref()
}

/// Passes the point `name`: aborts or fails if `TEEMA_FAULT` names it.
pub fn point(name: &str) -> Result<()> {
    match wanted() {
        Some((point, error)) if point == name => {
            if *error {
                Err(Error::io(
                    name,
                    std::io::Error::other("failure injected by TEEMA_FAULT"),
                ))
            } else {
                std::process::abort()
            }
        }
        _ => Ok(()),
    }
}
