//! Watching the data folder by polling: every entry's path, length and
//! modification time, compared a few times a second. No notification API:
//! polling sees every kind of change (a workbook saved by Excel through a
//! rename, a folder copied in, a network drive) the same way, and the data
//! folder holds few files.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How often the folder is looked at.
const POLL: Duration = Duration::from_millis(250);
/// A change is rendered once the folder has looked the same for this long
/// (a workbook being saved is not read half-written, if it can help).
const SETTLE: Duration = Duration::from_millis(100);
/// How long a folder that keeps changing is waited for before it is
/// rendered as it is.
const MAX_SETTLE: Duration = Duration::from_secs(2);
/// Entries looked at, at most: a data folder holding more (a mistake: a
/// home folder given as --data) is watched in part rather than without end.
const MAX_ENTRIES: usize = 200_000;
/// Folder depth looked into (rounds, sites/, …: three is enough).
const MAX_DEPTH: usize = 6;

/// Every entry under the data folder with its length and time (None when
/// it cannot be had: that too is a state, and its end a change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snapshot {
    data: PathBuf,
    entries: Vec<(PathBuf, Option<(u64, SystemTime)>)>,
}

impl Snapshot {
    pub(crate) fn take(data: &Path) -> Snapshot {
        let mut entries = Vec::new();
        walk(data, 0, &mut entries);
        entries.sort();
        Snapshot {
            data: data.to_path_buf(),
            entries,
        }
    }

    /// Waits until the folder differs from `self`, then until it settles
    /// (for [`MAX_SETTLE`] at most: a file written without end must not
    /// stop the renders); returns what it settled to.
    pub(crate) fn wait_for_change(&self) -> Snapshot {
        let mut pause = POLL;
        loop {
            std::thread::sleep(pause);
            let started = Instant::now();
            let mut now = Snapshot::take(&self.data);
            // A folder of many files is looked at less often: looking
            // takes a fifth of the time at most.
            pause = POLL.max(started.elapsed() * 4);
            if now == *self {
                continue;
            }
            let changed = Instant::now();
            loop {
                std::thread::sleep(SETTLE);
                let later = Snapshot::take(&self.data);
                if later == now || changed.elapsed() > MAX_SETTLE {
                    return later;
                }
                now = later;
            }
        }
    }
}

fn walk(dir: &Path, depth: usize, entries: &mut Vec<(PathBuf, Option<(u64, SystemTime)>)>) {
    let stat = |path: &Path| {
        // Links followed, as the inputs are read: an edit of a linked
        // workbook is a change.
        std::fs::metadata(path)
            .ok()
            .and_then(|m| Some((m.len(), m.modified().ok()?)))
    };
    entries.push((dir.to_path_buf(), stat(dir)));
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in listing.flatten() {
        if entries.len() >= MAX_ENTRIES {
            return;
        }
        let path = entry.path();
        // Linked folders are looked into too, as they are read; the depth
        // bound ends a loop of links.
        if path.is_dir() && depth < MAX_DEPTH {
            walk(&path, depth + 1, entries);
        } else {
            let meta = stat(&path);
            entries.push((path, meta));
        }
    }
}
