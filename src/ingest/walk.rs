//! Which files are survey exports? The walk goes through the input folder recursively, sorted
//! by name then extension, and gives every path one [`Entry`]: to be read, or left out with a
//! reason. Left out: hidden files and folders, Office lock files, types teema does not read,
//! links to folders, things that are not regular files (pipes, devices, sockets: reading them
//! could block forever), folders that cannot be listed, and teema's own output folders (a
//! run's `--out` inside the input folder, whose reports would otherwise be read back as
//! answers on the next run).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A path found by the walk, and why it is left out, if it is.
pub(crate) struct Entry {
    pub path: PathBuf,
    pub skip: Option<String>,
}

/// File extensions teema reads.
const FORMATS: &[&str] = &[
    "csv", "tsv", "tab", "xlsx", "xlsm", "xls", "ods", "json", "jsonl", "ndjson", "txt", "md",
];

/// The files `teema run` writes at the top of its output folder.
const OUTPUT_FILES: &[&str] = &[
    "themes.json",
    "responses.csv",
    "segments.csv",
    "skipped.csv",
    "summary.md",
    "report.xlsx",
    "report.html",
];

/// Why a folder is teema's own output, if it is: the current run's `--out` (`exclude`), or a
/// folder with `themes.json` next to `responses.csv`, `cache/teema-cache.bin` or
/// `index/meta.json`.
fn output_folder(dir: &Path, exclude: &[PathBuf]) -> Option<String> {
    if let Ok(canonical) = dir.canonicalize() {
        if exclude
            .iter()
            .any(|e| e.canonicalize().is_ok_and(|e| e == canonical))
        {
            return Some(
                "the output folder of this run (--out); its reports are not answers".into(),
            );
        }
    }
    let marked = dir.join("themes.json").is_file()
        && ["responses.csv", "cache/teema-cache.bin", "index/meta.json"]
            .iter()
            .any(|m| dir.join(m).is_file());
    marked.then(|| {
        "the output folder of an earlier teema run (themes.json, responses.csv, …); its \
         reports are not answers"
            .to_string()
    })
}

/// Every path under the folder `dir`, in walk order. Fails only if `dir` itself cannot be
/// listed; a subfolder that cannot be is left out with the reason.
pub(crate) fn walk(dir: &Path, exclude: &[PathBuf]) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    let paths = list(dir).map_err(|e| Error::io(dir, e))?;
    // The input folder is itself an output folder: leave out teema's files, read the rest.
    let is_output = output_folder(dir, exclude);
    for path in paths {
        let name = file_name(&path);
        match &is_output {
            Some(why) if OUTPUT_FILES.contains(&name.as_str()) || is_output_subfolder(&path) => {
                out.push(Entry {
                    path,
                    skip: Some(format!("written by teema: {why}")),
                });
            }
            _ => visit(path, exclude, &mut out),
        }
    }
    Ok(out)
}

fn is_output_subfolder(path: &Path) -> bool {
    let name = file_name(path);
    (name == "index" || name == "cache") && path.is_dir()
}

/// The folder's paths, sorted by name, then extension: `kysely.csv` comes before its copy
/// `kysely (1).csv`.
fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort_by(|a, b| {
        let key = |p: &Path| {
            (
                p.file_stem().map(|s| s.to_os_string()),
                p.extension().map(|s| s.to_os_string()),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(paths)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Adds the entry of one path, and of everything under it if it is a folder to walk.
fn visit(path: PathBuf, exclude: &[PathBuf], out: &mut Vec<Entry>) {
    let name = file_name(&path);
    // What the path points to (links followed), and whether it is a link.
    let meta = std::fs::metadata(&path);
    let is_dir = meta.as_ref().is_ok_and(|m| m.is_dir());
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    let skip = if is_dir && is_link {
        Some("link to a folder, not followed (so that no folder is read twice)".to_string())
    } else if name.starts_with("~$") {
        Some("Office lock file (the export is open in Excel)".to_string())
    } else if name.starts_with('.') {
        Some(
            if is_dir {
                "hidden folder"
            } else {
                "hidden file"
            }
            .to_string(),
        )
    } else if is_dir {
        if let Some(why) = output_folder(&path, exclude) {
            Some(why)
        } else {
            match list(&path) {
                Ok(paths) => {
                    for p in paths {
                        visit(p, exclude, out);
                    }
                    return;
                }
                Err(e) => Some(format!("cannot read the folder: {e}")),
            }
        }
    } else if let Some(why) = not_a_file(meta) {
        Some(why)
    } else if !FORMATS.contains(&extension(&path).as_str()) {
        Some(format!(
            "not a survey export teema reads ({}); teema reads {}",
            match extension(&path).as_str() {
                "" => "no extension".to_string(),
                e => format!(".{e}"),
            },
            ".csv, .tsv, .xlsx, .ods, .xls, .json, .jsonl, .txt and .md"
        ))
    } else {
        None
    };
    out.push(Entry { path, skip });
}

/// Why a path that is no folder cannot be read as a file, if it cannot: a pipe or a device
/// (reading it could block forever or never end).
pub(crate) fn not_a_file(meta: std::io::Result<std::fs::Metadata>) -> Option<String> {
    match meta {
        Ok(m) if m.is_file() => None,
        Ok(_) => Some(
            "not a regular file (a pipe, device or socket, or a link to one); teema reads only \
             files"
                .to_string(),
        ),
        // Reading it fails and says why.
        Err(_) => None,
    }
}

pub(crate) fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

pub(crate) fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    /// Every report a run writes is known here, so that an input folder that is also the
    /// output folder never reads a report back as answers.
    #[test]
    fn every_report_file_is_an_output_file() {
        for writer in crate::report::writers() {
            assert!(
                super::OUTPUT_FILES.contains(&writer.file_name()),
                "{} is not in OUTPUT_FILES",
                writer.file_name()
            );
        }
    }
}
