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

/// Names of the files in `out` that differ from `report` (a missing file is stale).
pub fn stale(report: &ReportFiles, out: &Path) -> Vec<String> {
    files(report)
        .iter()
        .filter(|(name, content)| {
            fs::read(out.join(name))
                .map(|b| b != content.as_bytes())
                .unwrap_or(true)
        })
        .map(|(name, _)| out.join(name).display().to_string())
        .collect()
}

/// Writes every file to a temp name first, then renames them all into place.
pub fn write(report: &ReportFiles, out: &Path, extra: &[(&str, PathBuf)]) -> Result<(), String> {
    fs::create_dir_all(out)
        .map_err(|e| format!("{}: cannot create the folder: {e}", out.display()))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |staged: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in staged {
            let _ = fs::remove_file(tmp);
        }
    };
    for (name, content) in files(report) {
        let target = out.join(name);
        let tmp = out.join(format!(".{name}.tmp"));
        if let Err(e) = fs::write(&tmp, content) {
            cleanup(&staged);
            let _ = fs::remove_file(&tmp);
            return Err(format!("{}: cannot write: {e}", tmp.display()));
        }
        staged.push((tmp, target));
    }
    for (name, tmp) in extra {
        staged.push((tmp.clone(), out.join(name)));
    }
    for (tmp, target) in &staged {
        fs::rename(tmp, target).map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
    }
    Ok(())
}

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

pub const NO_CHROMIUM: &str = "--pdf needs a headless Chromium (chromium, chromium-browser or google-chrome on PATH); install it (Debian: apt-get install chromium fonts-noto-cjk) or run without --pdf";

/// Prints `html` to a PDF through headless Chromium; returns the temp PDF,
/// written beside the report so the final rename is atomic.
pub fn print_pdf(chromium: &Path, html: &str, out: &Path) -> Result<PathBuf, String> {
    fs::create_dir_all(out)
        .map_err(|e| format!("{}: cannot create the folder: {e}", out.display()))?;
    let work = std::env::temp_dir().join(format!("mdkpi-pdf-{}", std::process::id()));
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let page = work.join("index.html");
    fs::write(&page, html).map_err(|e| format!("{}: {e}", page.display()))?;
    let pdf = out.join(".report.pdf.tmp");
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
        Ok(o) if o.status.success() && pdf.is_file() => Ok(pdf),
        Ok(o) => {
            let _ = fs::remove_file(&pdf);
            Err(format!(
                "Chromium could not print the report ({}): {}",
                o.status,
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            ))
        }
        Err(e) => Err(format!("cannot run {}: {e}", chromium.display())),
    }
}
