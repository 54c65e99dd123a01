//! `mdkpi init` (SPEC §14): the next round's folder with its `round.toml`
//! to confirm and the collection forms under `forms/`, written from the
//! schema the reader uses, so a form filled in through its dropdowns and
//! checks validates.
//!
//! The round folder is written whole or not at all: into a staging folder
//! beside it, then renamed into place, never over an existing folder.

pub(crate) mod commentary;
pub(crate) mod forms;
pub(crate) mod instructions;
pub(crate) mod round_toml;
pub(crate) mod sheet;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::ui::Ui;
use crate::diag::Diagnostics;
use crate::diag::Outcome;
use crate::fiscal;
use crate::output;
use crate::round;
use crate::schema::{DATASETS, FORMS_DIR};

/// Runs `mdkpi init --round <wanted> [--out DIR]`. `data` is the data
/// folder (the default output's parent, and where the previous round is
/// looked for), `shown` how it appears in messages.
pub fn run(data: &Path, shown: &str, wanted: &str, out: Option<&Path>) -> Outcome {
    let year = match fiscal::parse_fiscal_year(wanted) {
        // A form's dates are Excel dates: years 1900–9999.
        Ok(y) if (1900..=9998).contains(&y) => y,
        _ => {
            return Outcome::usage(crate::diag::Msg::InitRoundNotUnderstood {
                wanted: wanted.to_string(),
            })
        }
    };
    let label = fiscal::short_era_label(year);
    let (out, out_shown) = match out {
        // `scratch/R8/.` is `scratch/R8`.
        Some(dir) => (
            crate::output::folder::normalised(dir),
            dir.display().to_string(),
        ),
        None => (data.join(&label), format!("{shown}/{label}")),
    };
    if fs::symlink_metadata(&out).is_ok() {
        return Outcome::data_error(crate::diag::Msg::InitOutExists { out: out_shown });
    }
    // Directly in the data folder is where a round belongs; inside a
    // round folder, it would be read as part of that round.
    if let Some(crate::output::folder::Overlap::InRound) =
        crate::output::folder::overlap(&out, data)
    {
        return Outcome::usage(crate::diag::Msg::InitOutInsideRound {
            out: out_shown,
            folder: shown.to_string(),
            label: label.clone(),
        });
    }
    // The previous round, if the data folder has one, sets the proposal;
    // its problems are `validate`'s business, not init's.
    let previous = if data.is_dir() {
        let mut ignored = Diagnostics::new();
        round::discover(data, shown, &mut ignored)
            .into_iter()
            .rfind(|r| r.config.fiscal_year < year)
    } else {
        None
    };
    let previous = previous.as_ref().map(|r| &r.config);
    let toml = round_toml::text(&label, year, previous);
    // The forms state the period round.toml proposes.
    let (dates, _) = round_toml::proposal(year, previous);
    let round = sheet::Round {
        label: &label,
        fiscal_year: year,
        period: (dates.period_start, dates.period_end),
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(PathBuf::from("round.toml"), toml.into_bytes())];
    files.push((
        commentary::FILE.into(),
        commentary::skeleton(&label).into_bytes(),
    ));
    for dataset in &DATASETS {
        match forms::form(dataset, round) {
            Ok(bytes) => files.push((Path::new(FORMS_DIR).join(dataset.form_file()), bytes)),
            Err(e) => {
                return Outcome::data_error(crate::diag::Msg::InitFormFailed {
                    out: out_shown,
                    form: dataset.form_file().to_string(),
                    detail: e.into(),
                })
            }
        }
    }
    if let Err(e) = write_new_folder(&out, Path::new(&out_shown), &files) {
        return Outcome::data_error(crate::diag::Msg::WriteFailed { detail: e.into() });
    }
    let lang = crate::diag::lang::current();
    let mut stdout = String::new();
    for (path, _) in &files {
        let wrote = Ui::InitWrote {
            file: format!("{out_shown}/{}", path.display()),
        };
        stdout.push_str(&format!("{}\n", wrote.text(lang)));
    }
    let name_differs = out.file_name().and_then(|n| n.to_str()) != Some(label.as_str());
    // The commands that follow read the folder holding the round.
    let data_arg = match out.parent() {
        Some(p) if p == Path::new("data") => String::new(),
        Some(p) if p.as_os_str().is_empty() => "--data . ".to_string(),
        Some(p) => format!("--data {} ", p.display()),
        None => String::new(),
    };
    let next = Ui::InitNext {
        round_toml: format!("{out_shown}/round.toml"),
        data_arg,
        label: label.clone(),
    };
    stdout.push_str(&format!("\n{}\n", next.text(lang)));
    let mut warnings = Diagnostics::new();
    if name_differs {
        warnings.warning(
            crate::diag::Location::file(&out_shown),
            crate::diag::Msg::InitFolderNotLabel {
                label: label.clone(),
            },
        );
    }
    let stderr: String = warnings.items().iter().map(|d| format!("{d}\n")).collect();
    Outcome {
        stdout,
        stderr,
        code: 0,
    }
}

/// Writes `files` (relative paths) into a new folder `out`, atomically: a
/// staging folder beside it, renamed into place only if `out` still does
/// not exist. On failure nothing is left behind. Messages name the folder
/// as `shown`.
fn write_new_folder(
    out: &Path,
    shown: &Path,
    files: &[(PathBuf, Vec<u8>)],
) -> Result<(), output::Error> {
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| *n != "." && *n != "..")
        .ok_or_else(|| output::Error::NoRoundName {
            path: shown.to_path_buf(),
        })?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    crate::output::folder::create_folder(&parent)?;
    // What an init (or report, export) killed mid-write left here goes.
    crate::output::folder::remove_abandoned(&parent);
    let staging = crate::output::folder::create_staging(&parent, name)?;
    let cannot_write = |source| output::Error::Write {
        path: shown.to_path_buf(),
        source,
    };
    let result = fill(&staging, files).map_err(cannot_write).and_then(|()| {
        rename_new(&staging, out).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists || out.exists() {
                output::Error::RoundExists {
                    path: shown.to_path_buf(),
                }
            } else {
                cannot_write(e)
            }
        })
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn fill(staging: &Path, files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<()> {
    for (path, bytes) in files {
        let path = staging.join(path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, bytes)?;
    }
    Ok(())
}

/// Renames `from` to `to` unless `to` exists (Linux: one system call,
/// `renameat2(RENAME_NOREPLACE)`; a plain rename would replace an empty
/// folder).
#[cfg(target_os = "linux")]
fn rename_new(from: &Path, to: &Path) -> std::io::Result<()> {
    crate::output::folder::renameat2(from, to, libc::RENAME_NOREPLACE)
}

/// Elsewhere: a check, then a rename (a short window for a race).
#[cfg(not(target_os = "linux"))]
fn rename_new(from: &Path, to: &Path) -> std::io::Result<()> {
    if fs::symlink_metadata(to).is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    fs::rename(from, to)
}
