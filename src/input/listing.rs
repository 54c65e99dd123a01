//! The one rule for listing an input folder (SPEC §11): symbolic links to
//! files and folders are followed; a folder that cannot be listed, an entry
//! that cannot be reached (permissions, a dangling or looping link) and a
//! name that is not valid UTF-8 are errors naming the entry, never skipped
//! in silence.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use crate::diag::{Diagnostics, Location, Msg};

/// A folder's entries by kind, names sorted.
#[derive(Debug, Default, Clone)]
pub struct Listing {
    pub files: Vec<String>,
    pub dirs: Vec<String>,
}

/// Why an entry can't be reached, in the analyst's words.
fn unreachable(path: &Path, e: std::io::Error) -> Msg {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        // ELOOP: the link leads back to itself.
        if e.raw_os_error() == Some(40) {
            return Msg::LinkLoops {};
        }
        if e.kind() == ErrorKind::NotFound {
            return Msg::LinkDangling {};
        }
    }
    if e.kind() == ErrorKind::PermissionDenied {
        return Msg::EntryPermissionDenied {};
    }
    Msg::EntryUnreadable { detail: e.into() }
}

/// Lists `dir` (`shown` in messages). None when it cannot be listed at all
/// (reported).
pub fn list(dir: &Path, shown: &str, diags: &mut Diagnostics) -> Option<Listing> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let message = if e.kind() == ErrorKind::PermissionDenied {
                Msg::FolderPermissionDenied {}
            } else {
                Msg::FolderUnlistable { detail: e.into() }
            };
            diags.error(Location::file(shown), message);
            return None;
        }
    };
    let mut listing = Listing::default();
    let mut problems: Vec<(String, Msg)> = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push((
                    shown.to_string(),
                    Msg::FolderUnlistable { detail: e.into() },
                ));
                continue;
            }
        };
        let name = match entry.file_name().into_string() {
            Ok(name) => name,
            Err(raw) => {
                problems.push((
                    format!("{shown}/{}", raw.to_string_lossy()),
                    Msg::NameNotUtf8 {},
                ));
                continue;
            }
        };
        let path = entry.path();
        // The entry's own type needs no system call; a link is followed
        // (fs::metadata) to what it points to.
        let kind = match entry.file_type() {
            Ok(t) if !t.is_symlink() => Ok(t.is_dir()),
            _ => fs::metadata(&path).map(|m| m.is_dir()),
        };
        match kind {
            Ok(true) => listing.dirs.push(name),
            Ok(false) => listing.files.push(name),
            Err(e) => problems.push((format!("{shown}/{name}"), unreachable(&path, e))),
        }
    }
    problems.sort_by(|a, b| a.0.cmp(&b.0));
    for (at, message) in problems {
        diags.error(Location::file(at), message);
    }
    listing.files.sort();
    listing.dirs.sort();
    Some(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_broken_ones_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.xlsx"), b"x").unwrap();
        fs::create_dir(root.join("real")).unwrap();
        std::os::unix::fs::symlink(root.join("a.xlsx"), root.join("b.xlsx")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("sites")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.xlsx"), root.join("c.xlsx")).unwrap();
        std::os::unix::fs::symlink(root.join("d.xlsx"), root.join("d.xlsx")).unwrap();
        let mut diags = Diagnostics::new();
        let listing = list(root, "data/R7", &mut diags).unwrap();
        assert_eq!(listing.files, vec!["a.xlsx", "b.xlsx"]);
        assert_eq!(listing.dirs, vec!["real", "sites"]);
        let messages: Vec<String> = diags.items().iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "data/R7/c.xlsx: E0237: a dangling symbolic link: the file it points to does not exist; remove it or point it at the file",
                "data/R7/d.xlsx: E0236: a symbolic link that loops back on itself: it leads to no file; remove it or point it at the file",
            ]
        );
    }
}
