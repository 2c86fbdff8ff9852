//! The output folder of a run, kept whole: one run at a time (a lock), every file written
//! beside its place and renamed into it, and a rebuilt index swapped in for the old one. A run
//! that stops at any moment, or fails on a full disk, leaves the previous run's complete files
//! and a working index.
//!
//! Layout while a run writes: `OUT/.teema.lock` (held by the run), `OUT/.teema-staging/` (the
//! new reports and, when rebuilt, the new index), `OUT/.teema-old-index/` (the previous index,
//! for the moment of the swap). [`recover`] puts an interrupted swap right.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The lock file in OUT.
pub const LOCK_FILE: &str = ".teema.lock";
/// Where a run writes before its files take their places.
pub const STAGING_DIR: &str = ".teema-staging";
/// The previous index while the new one is swapped in.
pub const OLD_INDEX_DIR: &str = ".teema-old-index";
/// The index's folder in OUT.
pub const INDEX_DIR: &str = "index";

/// OUT, locked for one run. The lock is the operating system's: it goes when the process
/// ends, however it ends.
#[derive(Debug)]
pub struct OutDir {
    path: PathBuf,
    _lock: File,
}

impl OutDir {
    /// Creates OUT if needed, and locks it. Another run holding the lock is an error that says
    /// so; an interrupted earlier run's leftovers are cleared ([`recover`]).
    pub fn lock(path: &Path) -> Result<OutDir> {
        if path.exists() && !path.is_dir() {
            return Err(Error::input(
                path,
                "--out is a file; it must be a folder (new or one an earlier run wrote)",
            ));
        }
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let lock_path = path.join(LOCK_FILE);
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::input(
                    path,
                    "another teema run is writing into this folder; wait for it to finish, \
                     or choose another --out",
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&lock_path, e)),
        }
        recover(path)?;
        check_index(&path.join(INDEX_DIR))?;
        let staging = path.join(STAGING_DIR);
        remove_dir_if_there(&staging)?;
        std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(OutDir {
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    /// OUT itself.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder the new files are written into before [`OutDir::commit`].
    pub fn staging(&self) -> PathBuf {
        self.path.join(STAGING_DIR)
    }

    /// Where the index is.
    pub fn index(&self) -> PathBuf {
        self.path.join(INDEX_DIR)
    }

    /// Where a rebuilt index is written before [`OutDir::swap_index`].
    pub fn staged_index(&self) -> PathBuf {
        self.staging().join(INDEX_DIR)
    }

    /// Puts the index built in [`OutDir::staged_index`] in place of the old one: the old one
    /// moves aside, the new one takes its name, the old one goes.
    pub fn swap_index(&self) -> Result<()> {
        let new = self.staged_index();
        let index = self.index();
        let old = self.path.join(OLD_INDEX_DIR);
        remove_dir_if_there(&old)?;
        if index.exists() {
            std::fs::rename(&index, &old).map_err(|e| Error::io(&index, e))?;
        }
        crate::fault::point("swap-index")?;
        std::fs::rename(&new, &index).map_err(|e| Error::io(&index, e))?;
        sync_dir(&self.path);
        remove_dir_if_there(&old)
    }

    /// Moves every file written into the staging folder to its place in OUT (each one whole,
    /// by rename), then removes the staging folder.
    pub fn commit(&self) -> Result<()> {
        let staging = self.staging();
        let mut names: Vec<PathBuf> = std::fs::read_dir(&staging)
            .map_err(|e| Error::io(&staging, e))?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .collect();
        names.sort();
        for from in names {
            let name = from.file_name().expect("a file in the staging folder");
            let to = self.path.join(name);
            std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
            crate::fault::point("commit-file")?;
        }
        sync_dir(&self.path);
        remove_dir_if_there(&staging)
    }
}

/// Puts right what an interrupted run left in OUT: an index moved aside but not replaced goes
/// back; a staging folder is removed. Search calls it too, read-only apart from that rename.
pub fn recover(out: &Path) -> Result<()> {
    let index = out.join(INDEX_DIR);
    let old = out.join(OLD_INDEX_DIR);
    if old.exists() {
        if index.join("meta.json").exists() {
            remove_dir_if_there(&old)?;
        } else {
            remove_dir_if_there(&index)?;
            std::fs::rename(&old, &index).map_err(|e| Error::io(&index, e))?;
        }
    }
    Ok(())
}

/// Writes `path` whole: into a temporary file beside it, flushed to disk, then renamed over
/// it. `write` gets the open file.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<File>) -> std::io::Result<()>,
) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let io = |e| Error::io(path, e);
    let file = File::create(&tmp).map_err(io)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    let written = write(&mut out).and_then(|()| {
        out.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    std::fs::rename(&tmp, path).map_err(io)
}

/// A folder named `index` in OUT that is no teema index and not empty is someone's: the run
/// stops rather than replace it.
fn check_index(dir: &Path) -> Result<()> {
    if !dir.exists() || dir.join("meta.json").exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .next()
        .is_none();
    if empty {
        Ok(())
    } else {
        Err(Error::input(
            dir,
            "exists and is not a teema index; choose another --out folder",
        ))
    }
}

fn remove_dir_if_there(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(dir, e)),
    }
}

/// Flushes a folder's entries (the renames) to disk where the platform allows it.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_folder_is_refused_until_the_first_goes() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutDir::lock(dir.path()).unwrap();
        let err = OutDir::lock(dir.path()).unwrap_err().to_string();
        assert!(err.contains("another teema run"), "{err}");
        drop(first);
        OutDir::lock(dir.path()).unwrap();
    }

    #[test]
    fn an_index_moved_aside_and_not_replaced_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(OLD_INDEX_DIR);
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("meta.json"), "{}").unwrap();
        recover(dir.path()).unwrap();
        assert!(dir.path().join(INDEX_DIR).join("meta.json").exists());
        assert!(!old.exists());
    }

    #[test]
    fn a_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomically(&path, |w| {
            use std::io::Write;
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert!(!dir.path().join("a.txt.partial").exists());
        write_atomically(&path, |w| {
            use std::io::Write;
            w.write_all(b"new")
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }
}
