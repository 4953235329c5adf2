//! Safe file writes for providers.toml (and the journal's lock): an advisory lock beside the
//! file, bounded reads that refuse FIFOs and sockets, and atomic replacement through a
//! uniquely named temp file whose stale siblings (left by a kill) are removed.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::Error;

/// Largest providers.toml ldapdeck reads (a hand-edited file is kilobytes).
pub const MAX_FILE: u64 = 16 << 20;

/// How long a save waits for another writer's lock.
const LOCK_WAIT: Duration = Duration::from_secs(5);

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Io {
        action,
        path,
        source,
    }
}

fn kind(ft: &fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        None
    } else if ft.is_dir() {
        Some("a directory")
    } else if ft.is_fifo() {
        Some("a FIFO")
    } else if ft.is_socket() {
        Some("a socket")
    } else if ft.is_char_device() {
        Some("a character device")
    } else if ft.is_block_device() {
        Some("a block device")
    } else {
        Some("not a regular file")
    }
}

/// Refuses a path that exists and is not a regular file (after following symlinks).
pub fn regular_or_missing(path: &Path) -> Result<(), Error> {
    match fs::metadata(path) {
        Ok(m) => match kind(&m.file_type()) {
            None => Ok(()),
            Some(k) => Err(Error::NotAFile(path.to_path_buf(), k)),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io {
            action: "inspect",
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Reads at most `MAX_FILE` bytes; a FIFO or socket (which could block forever) is refused,
/// a character device such as /dev/null is read within the bound. `Ok(None)`: no such file.
pub fn read_bounded(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match fs::metadata(path) {
        Ok(m) => {
            let ft = m.file_type();
            if ft.is_fifo() || ft.is_socket() || ft.is_dir() || ft.is_block_device() {
                let k = kind(&ft).unwrap_or("not a regular file");
                return Err(Error::NotAFile(path.to_path_buf(), k));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Io {
                action: "read",
                path: path.to_path_buf(),
                source,
            });
        }
    }
    let f = File::open(path).map_err(io("read", path))?;
    let mut bytes = Vec::new();
    f.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(io("read", path))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(Error::Io {
            action: "read",
            path: path.to_path_buf(),
            source: std::io::Error::other(format!(
                "the file is larger than {} MiB",
                MAX_FILE >> 20
            )),
        });
    }
    Ok(Some(bytes))
}

fn dir_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "providers.toml".into())
}

fn ensure_dir(dir: &Path) -> Result<(), Error> {
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io("create directory", dir))?;
    }
    Ok(())
}

/// An exclusive advisory lock (flock) on `.NAME.lock` beside `target`, held until dropped.
pub struct Lock {
    _file: File,
}

/// Takes the lock for `target`, waiting up to a few seconds for another writer.
pub fn lock(target: &Path) -> Result<Lock, Error> {
    lock_within(target, LOCK_WAIT)
}

fn lock_within(target: &Path, wait: Duration) -> Result<Lock, Error> {
    let dir = dir_of(target);
    ensure_dir(dir)?;
    let path = dir.join(format!(".{}.lock", name_of(target)));
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(io("lock", &path))?;
    lock_file(file, target, &path, wait).map(|f| Lock { _file: f })
}

/// Locks an open file exclusively, waiting up to `wait` for another holder.
pub fn lock_file(
    file: File,
    target: &Path,
    lock_path: &Path,
    wait: Duration,
) -> Result<File, Error> {
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Error::Locked(target.to_path_buf(), lock_path.to_path_buf()));
            }
            Err(fs::TryLockError::Error(source)) => {
                return Err(Error::Io {
                    action: "lock",
                    path: lock_path.to_path_buf(),
                    source,
                });
            }
        }
    }
}

/// Prefix of ldapdeck's temp files for `name` (`.providers.toml.` + random + `.tmp`).
fn temp_prefix(name: &str) -> String {
    format!(".{name}.")
}

/// Removes temp files of ldapdeck's own pattern for `target` that a killed save left (they
/// may hold a password). Call with the lock held: no live save owns one then.
fn remove_stale(target: &Path) {
    let (dir, prefix) = (dir_of(target), temp_prefix(&name_of(target)));
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".tmp") {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Uniquely named temp file in the same directory (mode 0600), fsync, rename over the
/// target, fsync the directory.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = dir_of(target);
    ensure_dir(dir)?;
    remove_stale(target);
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(&name_of(target)))
        .suffix(".tmp")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(io("create a temp file in", dir))?;
    let tmp_path: PathBuf = tmp.path().to_path_buf();
    tmp.write_all(bytes).map_err(io("write", &tmp_path))?;
    tmp.as_file().sync_all().map_err(io("sync", &tmp_path))?;
    tmp.persist(target).map_err(|e| Error::Io {
        action: "replace",
        path: target.to_path_buf(),
        source: e.error,
    })?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io("sync directory", dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temp_files_go_and_the_mode_is_private() {
        let d = tempfile::tempdir().expect("dir");
        let target = d.path().join("providers.toml");
        for stale in [".providers.toml.4242.tmp", ".providers.toml.abCD12.tmp"] {
            fs::write(d.path().join(stale), "bind_password = 'old'").expect("write");
        }
        fs::write(d.path().join("keep.tmp"), "x").expect("write");
        write_atomic(&target, b"x = 1\n").expect("save");
        let mut names: Vec<String> = fs::read_dir(d.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["keep.tmp", "providers.toml"]);
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &fs::metadata(&target).expect("meta").permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn special_files_are_refused() {
        assert!(matches!(
            regular_or_missing(Path::new("/dev/null")),
            Err(Error::NotAFile(_, "a character device"))
        ));
        assert!(regular_or_missing(Path::new("/nonexistent/x")).is_ok());
        // /dev/zero is read within the bound, never to the end.
        assert!(read_bounded(Path::new("/dev/zero")).is_err());
        assert_eq!(
            read_bounded(Path::new("/dev/null")).expect("read"),
            Some(Vec::new())
        );
    }

    #[test]
    fn a_held_lock_refuses_after_the_wait() {
        let d = tempfile::tempdir().expect("dir");
        let target = d.path().join("providers.toml");
        let held = lock(&target).expect("first");
        let wait = Duration::from_millis(200);
        let t = Instant::now();
        assert!(matches!(lock_within(&target, wait), Err(Error::Locked(..))));
        assert!(t.elapsed() >= wait);
        drop(held);
        assert!(lock(&target).is_ok());
    }
}
