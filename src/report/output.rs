//! Writing a report: atomically (every file rendered in memory first, then
//! temp file and rename, so a failure leaves the previous report whole),
//! `--check` against the files on disk, and `--pdf` through Chromium.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::report::ReportFiles;

/// The files compared by `--check`, with their contents.
pub fn files(report: &ReportFiles) -> [(&'static str, &str); 3] {
    [
        ("index.html", report.html.as_str()),
        ("indicators.json", report.json.as_str()),
        ("indicators.csv", report.csv.as_str()),
    ]
}

/// Names of the files in `out` that differ from `report` (a missing file is
/// stale, and so is one that is no regular file: a pipe there is not read).
pub fn stale(report: &ReportFiles, out: &Path) -> Vec<String> {
    files(report)
        .iter()
        .filter(|(name, content)| {
            crate::input::read(&out.join(name))
                .map(|b| b != content.as_bytes())
                .unwrap_or(true)
        })
        .map(|(name, _)| out.join(name).display().to_string())
        .collect()
}

/// Writes the report into `out` as one change (SPEC §11), see
/// [`write_folder`]. With `chromium`, the PDF is printed into the new
/// folder too.
pub fn write(report: &ReportFiles, out: &Path, chromium: Option<&Path>) -> Result<(), String> {
    let listed = files(report).map(|(name, content)| (name, content.as_bytes()));
    write_folder(&listed, out, "the report", |staging| match chromium {
        Some(chromium) => print_pdf(chromium, &report.html, &staging.join(PDF)),
        None => Ok(()),
    })
}

/// Creates the folder `path` and its parents. A file where a folder of the
/// path belongs is named as such (`data/R7/round.toml: cannot create the
/// folder: a file of that name exists`), not by the system's `File exists`.
pub(crate) fn create_folder(path: &Path) -> Result<(), String> {
    fs::create_dir_all(path).map_err(|e| {
        let file = path
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .find(|a| fs::metadata(a).is_ok_and(|m| !m.is_dir()));
        match file {
            Some(file) => format!(
                "{}: cannot create the folder: a file of that name exists",
                file.display()
            ),
            None => format!("{}: cannot create the folder: {e}", path.display()),
        }
    })
}

/// Writes `files` (name, bytes) into the folder `out` as one change: the
/// whole folder is built beside it under a unique name, `extra` adds what
/// else belongs in it, the user's own files of `out` (notes, a PDF of an
/// earlier `--pdf` run, the files of another format) are linked into it,
/// and it is swapped in with one rename. A reader, a concurrent run or a
/// kill at any instant sees the complete old set or the complete new set,
/// never a mix; after a failure nothing temporary is left. `what` names
/// the set in messages ("the report").
pub(crate) fn write_folder(
    files: &[(&str, &[u8])],
    out: &Path,
    what: &str,
    extra: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), String> {
    let (parent, name) = split_target(out, what)?;
    create_folder(&parent)?;
    remove_abandoned(&parent, &name);
    let staging = create_staging(&parent, &name)?;
    let result = fill(&staging, files, out, extra)
        .and_then(|()| swap_in(&staging, out))
        // A concurrent run may have been emptying the folder this run read
        // the user's files from (its replaced set): what the folder now
        // replaced holds and the new one lacks is carried over too.
        .and_then(|()| keep_user_files(&staging, out));
    // After a swap the staging name holds the old set; after a failure, the
    // partial new one: either way it goes.
    let _ = fs::remove_dir_all(&staging);
    result
}

fn split_target(out: &Path, what: &str) -> Result<(PathBuf, String), String> {
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| *n != "." && *n != "..")
        .ok_or_else(|| {
            format!(
                "{}: expected a folder name to write {what} into",
                out.display()
            )
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

fn create_staging(parent: &Path, name: &str) -> Result<PathBuf, String> {
    let pid = std::process::id();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for attempt in 0..100u32 {
        let staging = parent.join(format!(".{name}{STAGING_MARK}{pid}-{nanos}{attempt}"));
        match fs::create_dir(&staging) {
            Ok(()) => return Ok(staging),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{}: cannot write: {e}", staging.display())),
        }
    }
    Err(format!(
        "{}: cannot create a staging folder",
        parent.display()
    ))
}

/// Removes the staging folders of runs that are no longer running (killed
/// with -9 mid-write); a live run's folder is left alone.
fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}{STAGING_MARK}");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    // Without /proc, assume alive: never remove another run's folder.
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

fn fill(
    staging: &Path,
    files: &[(&str, &[u8])],
    out: &Path,
    extra: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), String> {
    for (name, content) in files {
        let path = staging.join(name);
        fs::write(&path, content).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    extra(staging)?;
    keep_user_files(out, staging)
}

/// Every entry of `out` that this run does not write is carried into the
/// new folder (hard-linked, or copied where links are not possible).
fn keep_user_files(out: &Path, staging: &Path) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(out) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let to = staging.join(entry.file_name());
        if to.exists() {
            continue;
        }
        let from = entry.path();
        let copied = if from.is_dir() {
            copy_dir(&from, &to)
        } else {
            fs::hard_link(&from, &to).or_else(|_| fs::copy(&from, &to).map(|_| ()))
        };
        copied.map_err(|e| {
            format!(
                "{}: cannot keep this file in the new report folder: {e}",
                from.display()
            )
        })?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Puts `staging` at `out`; the old `out`, if any, ends at `staging`.
fn swap_in(staging: &Path, out: &Path) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("{}: cannot write: {e}", out.display());
    if out.exists() && !out.is_dir() {
        return Err(format!("{}: exists and is not a folder", out.display()));
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

const PDF: &str = "report.pdf";

/// Chromium's executable, if one is installed.
pub fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Prints `html` to `pdf` through headless Chromium.
pub fn print_pdf(chromium: &Path, html: &str, pdf: &Path) -> Result<(), String> {
    let work = std::env::temp_dir().join(format!("mdkpi-pdf-{}", std::process::id()));
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let page = work.join("index.html");
    fs::write(&page, html).map_err(|e| format!("{}: {e}", page.display()))?;
    let profile = work.join("profile");
    // The flags keep a headless Chromium quiet on a machine without network.
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output();
    let _ = fs::remove_dir_all(&work);
    match status {
        Ok(o) if o.status.success() && pdf.is_file() => Ok(()),
        Ok(o) => Err(format!(
            "Chromium could not print the report ({}): {}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
        )),
        Err(e) => Err(format!("cannot run {}: {e}", chromium.display())),
    }
}
