//! A folder written as one change: every file rendered in memory first,
//! the folder built beside the target under a unique name and swapped in,
//! so a failure or a kill leaves the previous set whole (SPEC §11).

use std::fs;
use std::path::{Path, PathBuf};

use super::{Error, Set};

/// How `out` overlaps the data folder `data`, links resolved: None when
/// nothing written there would be read as input (or `data` does not exist:
/// reading it fails first). A folder directly in the data folder that is
/// not a round (no round.toml, e.g. `data/reports`) is not read, only
/// warned about, so it does not overlap.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Overlap {
    /// `out` is the data folder.
    Data,
    /// `out` is a round folder of the data folder or lies inside one.
    InRound,
    /// `out` holds the data folder.
    Holds,
}

pub(crate) fn overlap(out: &Path, data: &Path) -> Option<Overlap> {
    let data = fs::canonicalize(data).ok()?;
    let out = resolved(out)?;
    if let Ok(rest) = out.strip_prefix(&data) {
        let Some(first) = rest.components().next() else {
            return Some(Overlap::Data);
        };
        let round = data.join(first).join("round.toml");
        return fs::metadata(round).is_ok().then_some(Overlap::InRound);
    }
    data.starts_with(&out).then_some(Overlap::Holds)
}

/// `path` absolute with its links resolved, for a path that may not exist
/// yet: its longest existing ancestor resolved, the rest appended (a `..`
/// there is lexical: nothing below it exists to be a link).
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut missing = Vec::new();
    let mut existing = absolute.as_path();
    let mut base = loop {
        if let Ok(real) = fs::canonicalize(existing) {
            // A file on the way: no folder can be written there, which
            // writing says more plainly.
            if !real.is_dir() {
                return None;
            }
            break real;
        }
        missing.push(existing.components().next_back()?.as_os_str().to_owned());
        existing = existing.parent()?;
    };
    for part in missing.iter().rev() {
        if part == ".." {
            base.pop();
        } else if part != "." {
            base.push(part);
        }
    }
    Some(base)
}

/// Creates the folder `path` and its parents. A file where a folder of the
/// path belongs is named as such (`data/R7/round.toml: cannot create the
/// folder: a file of that name exists`), not by the system's `File exists`.
pub(crate) fn create_folder(path: &Path) -> Result<(), Error> {
    fs::create_dir_all(path).map_err(|source| {
        let file = path
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .find(|a| fs::metadata(a).is_ok_and(|m| !m.is_dir()));
        match file {
            Some(file) => Error::FileInTheWay {
                file: file.to_path_buf(),
            },
            None => Error::CreateFolder {
                path: path.to_path_buf(),
                source,
            },
        }
    })
}

/// Writes `files` (name, bytes) into the folder `out` as one change: the
/// whole folder is built beside it under a unique name, `extra` adds what
/// else belongs in it, the user's own entries of `out` (notes, a PDF of an
/// earlier `--pdf` run, the files of another format, links, pipes) are
/// carried into it as what they are ([`carry_user_files`]), and it is
/// swapped in with one rename. A reader, a concurrent run or a
/// kill at any instant sees the complete old set or the complete new set,
/// never a mix; after a failure nothing temporary is left. `set` names
/// the set in messages ("the report").
pub(crate) fn write_folder(
    files: &[(&str, &[u8])],
    out: &Path,
    set: Set,
    extra: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<(), Error> {
    // `dir/.` is `dir`: renaming over `dir/.` would fail ("busy").
    let out = &normalised(out);
    let (parent, name) = split_target(out, set)?;
    create_folder(&parent)?;
    remove_abandoned(&parent);
    let staging = create_staging(&parent, &name)?;
    let result = fill(&staging, files, out, set, extra)
        .and_then(|()| swap_in(&staging, out))
        // A concurrent run may have been emptying the folder this run read
        // the user's files from (its replaced set): what the folder now
        // replaced holds and the new one lacks is carried over too.
        .and_then(|()| carry_user_files(&staging, out, set))
        // Messages name the output folder, never the staging one.
        .map_err(|e| e.shown_under(&staging, out));
    // After a swap the staging name holds the old set; after a failure, the
    // partial new one: either way it goes.
    let _ = fs::remove_dir_all(&staging);
    result
}

/// `out` without `.` components (`dir/.` and `dir/./` are `dir`), so that
/// its last component is the folder's name; `..` is kept (it is not
/// resolvable without following links).
pub(crate) fn normalised(out: &Path) -> PathBuf {
    let joined: PathBuf = out.components().collect();
    if joined.as_os_str().is_empty() {
        out.to_path_buf()
    } else {
        joined
    }
}

fn split_target(out: &Path, set: Set) -> Result<(PathBuf, String), Error> {
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| *n != "." && *n != "..")
        .ok_or_else(|| Error::NoFolderName {
            path: out.to_path_buf(),
            set,
        })?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_string()))
}

/// `.<name>.mdkpi-<pid>-<n>`: unique to this run, and telling which run
/// made it, so that a later run can remove what a killed one left.
const STAGING_MARK: &str = ".mdkpi-";

/// A new, empty staging folder for `name` in `parent`.
pub(crate) fn create_staging(parent: &Path, name: &str) -> Result<PathBuf, Error> {
    let pid = std::process::id();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for attempt in 0..100u32 {
        let staging = parent.join(format!(".{name}{STAGING_MARK}{pid}-{nanos}{attempt}"));
        match fs::create_dir(&staging) {
            Ok(()) => return Ok(staging),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => {
                return Err(Error::Write {
                    path: parent.join(name),
                    source,
                })
            }
        }
    }
    Err(Error::NoStaging {
        parent: parent.to_path_buf(),
    })
}

/// Removes the staging folders in `parent` of runs that are no longer
/// running (`report`, `export` or `init` killed mid-write, whatever folder
/// they were writing); a live run's folder is left alone. Also the
/// `.<name>.mdkpi-init-<pid>` folders of earlier versions of `init`.
pub(crate) fn remove_abandoned(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(staging_pid) else {
            continue;
        };
        // Only a real folder: never through a link.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The run of a staging folder's name: `.<name>.mdkpi-<pid>-<n>` or
/// `.<name>.mdkpi-init-<pid>`.
fn staging_pid(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?;
    let (_, run) = rest.rsplit_once(STAGING_MARK)?;
    let run = run.strip_prefix("init-").unwrap_or(run);
    let pid = run.split('-').next()?;
    pid.parse::<u32>().ok().filter(|p| *p > 0)
}

pub(crate) fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    // Without /proc, assume alive: never remove another run's folder.
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

fn fill(
    staging: &Path,
    files: &[(&str, &[u8])],
    out: &Path,
    set: Set,
    extra: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<(), Error> {
    for (name, content) in files {
        let path = staging.join(name);
        if let Err(source) = fs::write(&path, content) {
            return Err(Error::Write { path, source });
        }
    }
    extra(staging)?;
    carry_user_files(out, staging, set)
}

/// Carries every entry of the folder `from` that `to` lacks into `to`, as what it is, never opening or following it:
/// a file or any other non-folder (a named pipe, a socket, a device) is
/// hard-linked (the same file, not a copy); a symbolic link is made again
/// with the same target text (dangling or not); a folder is made again and
/// its entries carried the same way. Where a hard link is not possible (a
/// sub-folder on another file system), a file is copied and a named pipe
/// made anew; a socket or device there is an error. Err names the entry
/// ([`Error::Keep`], writing `set`).
fn carry_user_files(from: &Path, to: &Path, set: Set) -> Result<(), Error> {
    let unkept = |source| Error::Keep {
        path: from.to_path_buf(),
        set,
        source,
    };
    let entries = match fs::read_dir(from) {
        Ok(entries) => entries,
        // No folder yet: nothing to keep.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(unkept(e)),
    };
    for entry in entries {
        let entry = entry.map_err(unkept)?;
        let name = entry.file_name();
        let (source, target) = (entry.path(), to.join(&name));
        // Written by this run, or already there (the new set wins).
        if fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        carry(&source, &target, set)?;
    }
    Ok(())
}

fn carry(source: &Path, target: &Path, set: Set) -> Result<(), Error> {
    let failed = |source_error| Error::Keep {
        path: source.to_path_buf(),
        set,
        source: source_error,
    };
    // The entry's own type: a link is not followed, a pipe not opened.
    let kind = fs::symlink_metadata(source).map_err(failed)?.file_type();
    if kind.is_symlink() {
        let text = fs::read_link(source).map_err(failed)?;
        return make_link(&text, target).map_err(failed);
    }
    if kind.is_dir() {
        fs::create_dir(target).map_err(failed)?;
        return carry_user_files(source, target, set);
    }
    match fs::hard_link(source, target) {
        Ok(()) => Ok(()),
        Err(_) if kind.is_file() => fs::copy(source, target).map(|_| ()).map_err(failed),
        Err(e) => make_special(source, target, e).map_err(failed),
    }
}

#[cfg(unix)]
fn make_link(text: &Path, target: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(text, target)
}

#[cfg(not(unix))]
fn make_link(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// A named pipe made anew with the same permissions where it cannot be
/// linked; anything else (socket, device) is `linking`'s error.
#[cfg(target_os = "linux")]
fn make_special(source: &Path, target: &Path, linking: std::io::Error) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let meta = fs::symlink_metadata(source)?;
    if !meta.file_type().is_fifo() {
        return Err(linking);
    }
    let path = std::ffi::CString::new(target.as_os_str().as_bytes())?;
    // SAFETY: path is a valid NUL-terminated string for the call.
    let rc = unsafe { libc::mkfifo(path.as_ptr(), meta.permissions().mode() & 0o7777) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn make_special(_: &Path, _: &Path, linking: std::io::Error) -> std::io::Result<()> {
    Err(linking)
}

/// Puts `staging` at `out`; the old `out`, if any, ends at `staging`.
fn swap_in(staging: &Path, out: &Path) -> Result<(), Error> {
    let failed = |source| Error::Write {
        path: out.to_path_buf(),
        source,
    };
    if out.exists() && !out.is_dir() {
        return Err(Error::NotAFolder {
            path: out.to_path_buf(),
        });
    }
    loop {
        if !out.exists() {
            match fs::rename(staging, out) {
                Ok(()) => return Ok(()),
                // Another run put its folder there first: exchange instead.
                Err(_) if out.is_dir() => {}
                Err(e) => return Err(failed(e)),
            }
        }
        match exchange(staging, out) {
            Ok(()) => return Ok(()),
            // Removed by a concurrent run between the check and the swap.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !out.exists() => continue,
            Err(e) => return Err(failed(e)),
        }
    }
}

/// Atomically exchanges two folders (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    renameat2(a, b, libc::RENAME_EXCHANGE)
}

/// `renameat2(from, to, flags)` (Linux): a rename that exchanges or never
/// replaces in one system call.
#[cfg(target_os = "linux")]
pub(crate) fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(from.as_os_str().as_bytes())?;
    let b = CString::new(to.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths for the call's duration.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            flags,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere: two renames, with a short window where `b` is absent (never
/// a mix of two sets).
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let aside = a.with_extension("old");
    fs::rename(b, &aside)?;
    fs::rename(a, b)?;
    fs::rename(&aside, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_folders_name_their_run() {
        assert_eq!(staging_pid(".R7.mdkpi-1234-5670"), Some(1234));
        assert_eq!(staging_pid(".R8.mdkpi-init-99"), Some(99));
        // A name holding the mark itself.
        assert_eq!(staging_pid(".a.mdkpi-b.mdkpi-7-1"), Some(7));
        for other in [
            "R7",
            ".R7",
            ".R7.mdkpi-",
            ".R7.mdkpi-x-1",
            ".R7.mdkpi-0-1",
            "R7.mdkpi-5-1",
        ] {
            assert_eq!(staging_pid(other), None, "{other}");
        }
    }

    #[test]
    fn an_out_ending_in_dots_is_normalised() {
        assert_eq!(normalised(Path::new("dir/.")), Path::new("dir"));
        assert_eq!(normalised(Path::new("dir/./sub/")), Path::new("dir/sub"));
        assert_eq!(normalised(Path::new("./dir")), Path::new("./dir"));
        assert_eq!(normalised(Path::new("dir/..")), Path::new("dir/.."));
        assert_eq!(normalised(Path::new(".")), Path::new("."));
    }
}
