//! What can go wrong when writing the output, as what it is: the
//! operation, the path as the message shows it and, where the system
//! refused, its `io::Error` (its kind gives the Japanese, see
//! `diag::detail`). `Display` is the English message.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitStatus;

/// The set of files a folder write makes, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    Report,
    Export,
}

impl std::fmt::Display for Set {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Set::Report => "the report",
            Set::Export => "the export",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file where a folder of the path belongs.
    #[error("{}: cannot create the folder: a file of that name exists", .file.display())]
    FileInTheWay { file: PathBuf },
    #[error("{}: cannot create the folder: {source}", .path.display())]
    CreateFolder { path: PathBuf, source: io::Error },
    #[error("{}: cannot write: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    /// The target ends in `.`, `..` or nothing: no folder name to write.
    #[error("{}: expected a folder name to write {set} into", .path.display())]
    NoFolderName { path: PathBuf, set: Set },
    #[error("{}: cannot create a staging folder", .parent.display())]
    NoStaging { parent: PathBuf },
    /// A user's file of the output folder could not be carried into the
    /// new one.
    #[error("{}: cannot keep this file when writing {set}: {source}", .path.display())]
    Keep {
        path: PathBuf,
        set: Set,
        source: io::Error,
    },
    #[error("{}: exists and is not a folder", .path.display())]
    NotAFolder { path: PathBuf },
    /// `init --out` ends in `.`, `..` or nothing.
    #[error("{}: expected a folder name for the round", .path.display())]
    NoRoundName { path: PathBuf },
    /// `init` never replaces a folder, even one made while it ran.
    #[error("{}: already exists: init never overwrites a round folder; remove it or choose another --out", .path.display())]
    RoundExists { path: PathBuf },
    /// The page written for Chromium in the `--pdf` work folder.
    #[error("{}: {source}", .path.display())]
    PdfPage { path: PathBuf, source: io::Error },
    #[error("cannot run {}: {source}", .program.display())]
    ChromiumRun { program: PathBuf, source: io::Error },
    /// Chromium ran and failed; its last line of stderr.
    #[error("Chromium could not print the report ({status}): {last_line}")]
    ChromiumFailed {
        status: ExitStatus,
        last_line: String,
    },
}

impl Error {
    /// The same error with its path as `shown` names it where it lies
    /// under `under` (messages name the output folder, never the staging
    /// folder it is built in).
    pub(crate) fn shown_under(mut self, under: &Path, shown: &Path) -> Self {
        let path = match &mut self {
            Error::FileInTheWay { file: path }
            | Error::CreateFolder { path, .. }
            | Error::Write { path, .. }
            | Error::NoFolderName { path, .. }
            | Error::Keep { path, .. }
            | Error::NotAFolder { path }
            | Error::NoRoundName { path }
            | Error::RoundExists { path }
            | Error::PdfPage { path, .. } => path,
            Error::NoStaging { parent } => parent,
            Error::ChromiumRun { .. } | Error::ChromiumFailed { .. } => return self,
        };
        if let Ok(rest) = path.strip_prefix(under) {
            *path = if rest.as_os_str().is_empty() {
                shown.to_path_buf()
            } else {
                shown.join(rest)
            };
        }
        self
    }
}
