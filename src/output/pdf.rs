//! The report printed to PDF by headless Chromium (`report --pdf`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::folder::process_alive;
use super::Error;

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

/// The work folders of `--pdf` runs in the temporary folder:
/// `mdkpi-pdf-<pid>-<random>`, telling which run made them, so that a later run
/// removes what a killed one left (the page and Chromium's profile).
const PDF_WORK_MARK: &str = "mdkpi-pdf-";

/// Prints `html` to `pdf` through headless Chromium. Chromium dies with
/// mdkpi (Linux: a parent-death signal), so a killed run leaves no browser
/// running; its work folder is removed by the next `--pdf` run.
pub fn print_pdf(chromium: &Path, html: &str, pdf: &Path) -> Result<(), Error> {
    let temp = std::env::temp_dir();
    remove_abandoned_pdf_work(&temp);
    // Removed when dropped, however this returns.
    let work = create_pdf_work(&temp)?;
    let page = work.path().join("index.html");
    if let Err(source) = fs::write(&page, html) {
        return Err(Error::PdfPage { path: page, source });
    }
    match run_chromium(chromium, work.path(), &page, pdf) {
        Ok(o) if o.status.success() && pdf.is_file() => Ok(()),
        Ok(o) => Err(Error::ChromiumFailed {
            status: o.status,
            last_line: String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
                .to_string(),
        }),
        Err(source) => Err(Error::ChromiumRun {
            program: chromium.to_path_buf(),
            source,
        }),
    }
}

/// A new work folder `mdkpi-pdf-<pid>-<random>` in `temp`, only this
/// user's (tempfile makes it new, never into a folder or link someone else
/// put there, and removes it when dropped).
fn create_pdf_work(temp: &Path) -> Result<tempfile::TempDir, Error> {
    let prefix = format!("{PDF_WORK_MARK}{}-", std::process::id());
    tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(temp)
        .map_err(|source| Error::Write {
            path: temp.to_path_buf(),
            source,
        })
}

/// Removes the `--pdf` work folders of runs no longer running (only this
/// user's: another user's cannot be removed and are left alone).
fn remove_abandoned_pdf_work(temp: &Path) {
    let Ok(entries) = fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(PDF_WORK_MARK))
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn run_chromium(
    chromium: &Path,
    work: &Path,
    page: &Path,
    pdf: &Path,
) -> std::io::Result<std::process::Output> {
    let profile = work.join("profile");
    let mut command = Command::new(chromium);
    // The flags keep a headless Chromium quiet on a machine without network.
    command
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
        .arg(format!("file://{}", page.display()));
    // Chromium's own temporary files (`org.chromium.Chromium.*`) go in the
    // work folder too, so that what a killed run leaves is one folder.
    command.env("TMPDIR", work);
    die_with_parent(&mut command);
    command.output()
}

/// Linux: the child gets SIGKILL when mdkpi ends, however it ends (a
/// `kill -9` included), so no headless browser outlives the run.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id();
    // SAFETY: prctl and getppid are async-signal-safe; the closure
    // allocates nothing.
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // mdkpi died before the signal was asked for: nothing would
            // send it.
            if u32::try_from(libc::getppid()).ok() != Some(parent) {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_: &mut Command) {}
