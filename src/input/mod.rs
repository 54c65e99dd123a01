//! The one rule for reading an input file (SPEC §11): only a regular file
//! is read (a symbolic link to one is followed), and never more than
//! [`MAX_INPUT_BYTES`]. A named pipe, a socket or a device given where a
//! file belongs is an error naming it, not a read that waits for ever (a
//! pipe no one writes to) or never ends (`/dev/zero`).
//!
//! Every input is read here: workbooks and CSV files, `round.toml`,
//! `commentary.md`, `published.toml`, `reference.toml` and `plan.toml`;
//! each reader hashes the bytes it parses, for provenance.

use std::fs::{self, File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::{Msg, SpecialFile};

pub mod files;
pub mod listing;

/// The most bytes mdkpi reads from one input file, and the bound a
/// workbook's parts may inflate to
/// ([`crate::ingest::workbook::MAX_INFLATED_BYTES`]), so no input holds more
/// than a workbook may. A file beyond it (a sparse file of gigabytes, a log
/// still growing) is refused before it is read.
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// A size limit as messages show it.
pub(crate) fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes >> 20)
}

/// An input file as read: its path and the SHA-256 of its bytes (hex),
/// taken when the round is read so the report lists what was computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub sha256: String,
}

impl InputFile {
    /// Hashes `bytes`, the contents of `path`.
    pub fn new(path: PathBuf, bytes: &[u8]) -> Self {
        use sha2::{Digest, Sha256};
        let sha256 = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        InputFile { path, sha256 }
    }
}

/// [`read`], with the file hashed from the bytes read, for provenance: what
/// a reader parses is what the report lists.
pub fn read_hashed(path: &Path) -> Result<(Vec<u8>, InputFile), Msg> {
    let bytes = read(path)?;
    let file = InputFile::new(path.to_path_buf(), &bytes);
    Ok((bytes, file))
}

/// The bytes of the input file at `path`, or the message saying why it
/// cannot be read ([`Msg::NotARegularFile`], [`Msg::FileTooLarge`],
/// [`Msg::CannotReadFile`]).
pub fn read(path: &Path) -> Result<Vec<u8>, Msg> {
    let file = open(path)?;
    let len = file.metadata().map_err(cannot_read)?.len();
    check_size(len)?;
    // One byte more than the limit: a file that grew since it was measured
    // is refused too, never read on and on.
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    check_size(bytes.len() as u64)?;
    Ok(bytes)
}

/// Opens `path` for reading once it is known to be a regular file. Its
/// type is checked before opening (opening a device can have effects of
/// its own) and again on the open handle, which is what is read: the path
/// may have been replaced in between. On Linux the open itself does not
/// wait (`O_NONBLOCK`: opening a pipe with no writer would block) and
/// never makes a terminal mdkpi's own (`O_NOCTTY`).
fn open(path: &Path) -> Result<File, Msg> {
    check_regular(&fs::metadata(path).map_err(cannot_read)?)?;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // For a regular file O_NONBLOCK changes nothing: reads never wait.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(cannot_read)?;
    check_regular(&file.metadata().map_err(cannot_read)?)?;
    Ok(file)
}

fn check_size(len: u64) -> Result<(), Msg> {
    if len > MAX_INPUT_BYTES {
        return Err(Msg::FileTooLarge {
            // Rounded up: a file just over the limit does not read as at it.
            size: format!("{} MiB", len.div_ceil(1 << 20)),
            limit: mib(MAX_INPUT_BYTES),
        });
    }
    Ok(())
}

fn check_regular(meta: &Metadata) -> Result<(), Msg> {
    if meta.is_file() {
        return Ok(());
    }
    Err(Msg::NotARegularFile {
        kind: special_kind(meta),
    })
}

/// What a path that is not a regular file is.
fn special_kind(meta: &Metadata) -> SpecialFile {
    if meta.is_dir() {
        return SpecialFile::Folder;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return SpecialFile::Fifo;
        }
        if t.is_socket() {
            return SpecialFile::Socket;
        }
        if t.is_block_device() || t.is_char_device() {
            return SpecialFile::Device;
        }
    }
    SpecialFile::Other
}

fn cannot_read(e: std::io::Error) -> Msg {
    Msg::CannotReadFile { detail: e.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_and_a_link_to_it_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        fs::write(&file, b"a,b\n").unwrap();
        assert_eq!(read(&file).unwrap(), b"a,b\n");
        #[cfg(unix)]
        {
            let link = dir.path().join("b.csv");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert_eq!(read(&link).unwrap(), b"a,b\n");
        }
    }

    #[test]
    fn a_folder_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read(dir.path()).unwrap_err(),
            Msg::NotARegularFile {
                kind: SpecialFile::Folder
            }
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_and_a_device_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("companies.xlsx");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string; mkfifo only creates the node.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert_eq!(
            read(&fifo).unwrap_err(),
            Msg::NotARegularFile {
                kind: SpecialFile::Fifo
            }
        );
        assert_eq!(
            read(Path::new("/dev/zero")).unwrap_err(),
            Msg::NotARegularFile {
                kind: SpecialFile::Device
            }
        );
    }

    #[test]
    fn a_file_beyond_the_limit_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        // Sparse: no disk is used.
        File::create(&path)
            .unwrap()
            .set_len(MAX_INPUT_BYTES + 1)
            .unwrap();
        assert!(matches!(read(&path).unwrap_err(), Msg::FileTooLarge { .. }));
    }
}
