//! The report's files on disk: written as one change (SPEC §11, see
//! [`crate::output::folder`]), with `--pdf` printed into the new folder,
//! and compared by `--check`.

use std::path::Path;

use crate::output::{self, Error, Set};
use crate::report::ReportFiles;

/// The PDF `--pdf` prints into the report's folder.
pub(crate) const PDF: &str = "report.pdf";

/// The files compared by `--check`, with their contents.
pub fn files(report: &ReportFiles) -> [(&'static str, &str); 4] {
    [
        ("index.html", report.html.as_str()),
        ("indicators.json", report.json.as_str()),
        ("indicators.csv", report.csv.as_str()),
        ("provenance.json", report.provenance.as_str()),
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
/// [`output::folder::write_folder`]. With `chromium`, the PDF is printed
/// into the new folder too; `more` are further files (`charts/…`,
/// `report.pptx`) by their paths in the folder, sub-folders made as needed.
pub fn write(
    report: &ReportFiles,
    out: &Path,
    chromium: Option<&Path>,
    more: &[(String, Vec<u8>)],
) -> Result<(), Error> {
    let listed = files(report).map(|(name, content)| (name, content.as_bytes()));
    output::folder::write_folder(&listed, out, Set::Report, |staging| {
        for (name, content) in more {
            let path = staging.join(name);
            if let Some(parent) = path.parent() {
                output::folder::create_folder(parent)?;
            }
            std::fs::write(&path, content).map_err(|source| Error::Write { path, source })?;
        }
        match chromium {
            Some(chromium) => output::pdf::print_pdf(chromium, &report.html, &staging.join(PDF)),
            None => Ok(()),
        }
    })
}
