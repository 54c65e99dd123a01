//! Issue 22: a write failure carries the system's error whole, and each
//! language renders it from what it is. The English shows the system's own
//! words; the Japanese is chosen by the error's kind, so no English is
//! parsed back. /proc refuses a new entry whoever runs the tests (root
//! included), so these failures are real ones.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use super::trust::{assert_error_line, copy_of_data, mdkpi, mdkpi_with};

/// A temp folder holding a copy of the checked-in data as `data/`.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_of_data(&tmp.path().join("data"));
    tmp
}

const MISSING: &str = "/proc/mdkpi-none";

#[test]
fn a_folder_that_cannot_be_made_reads_in_both_languages() {
    let tmp = project();
    for args in [
        ["report", "--out", "/proc/mdkpi-none/R7", "", ""],
        ["export", "--out", "/proc/mdkpi-none/x", "", ""],
        ["init", "--round", "R9", "--out", "/proc/mdkpi-none/R9"],
    ] {
        let args: Vec<&str> = args.into_iter().filter(|a| !a.is_empty()).collect();
        for (lang, line) in [
            (
                "en",
                format!("mdkpi: E0010: {MISSING}: cannot create the folder: No such file or directory (os error 2)"),
            ),
            (
                "ja",
                format!("mdkpi: E0010: {MISSING}: フォルダーを作れません(見つかりません)"),
            ),
        ] {
            let run = mdkpi(tmp.path(), &[&["--lang", lang], &args[..]].concat());
            assert_error_line(&run, &line);
        }
    }
}

/// The `--pdf` work folder cannot be made: the error names the temporary
/// folder, and nothing is written.
#[test]
fn a_pdf_work_folder_that_cannot_be_made_is_named() {
    let tmp = project();
    let bin = tmp.path().join("bin");
    fs::create_dir(&bin).expect("mkdir");
    let chromium = bin.join("chromium");
    fs::write(&chromium, "#!/bin/sh\nexit 0\n").expect("write");
    fs::set_permissions(&chromium, fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let env = [("PATH", path.as_str()), ("TMPDIR", MISSING)];
    let args = ["report", "--pdf", "--out", "out"];
    let ja = mdkpi_with(tmp.path(), &[&["--lang", "ja"], &args[..]].concat(), &env);
    assert_error_line(
        &ja,
        &format!("mdkpi: E0010: {MISSING}: 書き込めません(見つかりません)"),
    );
    let en = mdkpi_with(tmp.path(), &[&["--lang", "en"], &args[..]].concat(), &env);
    let prefix =
        format!("mdkpi: E0010: {MISSING}: cannot write: No such file or directory (os error 2)");
    assert!(
        en.stderr.lines().any(|l| l.starts_with(&prefix)),
        "{}",
        en.stderr
    );
    assert!(!tmp.path().join("out").exists());
}
