//! What reading the inputs produced, kept between runs of one process
//! (`mdkpi preview`, SPEC §19), at two levels:
//! - each workbook's sheets of cells and hash, or the error that stopped
//!   it, keyed by the file's path, length and modification time
//!   ([`read_through`]);
//! - each dataset's records (its typed frame, or a round's stations), with
//!   the messages and files its reading gave, keyed by the length and time
//!   of every file it was read from and the settings it was read with
//!   ([`records_through`]).
//!
//! A re-render after an edit of commentary.md then neither parses nor
//! types a workbook again; after an edit of one station's workbook only
//! that workbook is parsed. Off unless [`enable`]d: a one-shot command
//! holds nothing it will not use again.
//!
//! Keys are taken before the files are read, so what is kept is at least
//! as new as its key: a file changed while it was read has a newer time
//! and is read again next time.

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::diag::Diagnostics;
use crate::input::InputFile;

/// Workbook bytes (as stored, compressed) the cache holds at most: the
/// cells of a workbook take several times its file, so 32 MiB of files
/// is a few hundred MB of cells at worst. data/ holds under 1 MiB; a
/// larger round is read again where the budget is spent.
pub const BUDGET_BYTES: u64 = 32 << 20;

static ENABLED: AtomicBool = AtomicBool::new(false);
static HITS: AtomicU64 = AtomicU64::new(0);
static MISSES: AtomicU64 = AtomicU64::new(0);
static RECORD_HITS: AtomicU64 = AtomicU64::new(0);
static CACHE: Mutex<Option<Cache>> = Mutex::new(None);
static RECORDS: Mutex<Option<RecordsCache>> = Mutex::new(None);

#[derive(Default)]
struct Cache {
    entries: HashMap<PathBuf, Entry>,
    /// The sum of the entries' `len`.
    bytes: u64,
    /// Bumped by [`begin_run`]; an entry not used in a run is dropped.
    run: u64,
}

struct Entry {
    len: u64,
    modified: SystemTime,
    /// What reading gave (a `HashedRead` of [`super::open`]).
    read: Box<dyn Any + Send>,
    used_in: u64,
}

/// A dataset's records as read, by what it was read from.
#[derive(Default)]
struct RecordsCache {
    entries: HashMap<String, Records>,
    bytes: u64,
}

struct Records {
    key: Signature,
    value: Box<dyn Any + Send>,
    diags: Diagnostics,
    files: Vec<InputFile>,
    used_in: u64,
}

/// The length and time of each file an input is read from (sorted by
/// name), and the settings it is read with (as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Signature {
    files: Vec<(String, u64, SystemTime)>,
    settings: String,
}

impl Signature {
    /// The files `names` of `dir`; None when one cannot be looked at (it
    /// is then read each time, and says why).
    pub(crate) fn of<'a>(
        dir: &Path,
        names: impl IntoIterator<Item = &'a String>,
        settings: String,
    ) -> Option<Signature> {
        // Not even looked at when nothing is kept.
        if !enabled() {
            return None;
        }
        let mut files = Vec::new();
        for name in names {
            let meta = std::fs::metadata(dir.join(name)).ok()?;
            files.push((name.clone(), meta.len(), meta.modified().ok()?));
        }
        files.sort();
        Some(Signature { files, settings })
    }

    fn bytes(&self) -> u64 {
        self.files.iter().map(|(_, len, _)| len).sum()
    }
}

/// Whether reads are kept (`mdkpi preview`).
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Keeps workbook reads from now on (for the life of the process).
pub fn enable() {
    ENABLED.store(true, Ordering::SeqCst);
}

/// Starts a run: reads are counted from zero.
pub fn begin_run() {
    HITS.store(0, Ordering::SeqCst);
    MISSES.store(0, Ordering::SeqCst);
    RECORD_HITS.store(0, Ordering::SeqCst);
    if let Ok(mut guard) = CACHE.lock() {
        guard.get_or_insert_with(Cache::default).run += 1;
    }
}

/// The run [`begin_run`] started.
fn current_run() -> u64 {
    CACHE
        .lock()
        .ok()
        .and_then(|g| g.as_ref().map(|c| c.run))
        .unwrap_or(0)
}

/// What a run took from the cache and what it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunCounts {
    /// Datasets whose records were reused (a round's stations are one).
    pub records_reused: u64,
    /// Workbooks whose cells were reused.
    pub workbooks_reused: u64,
    /// Workbooks parsed.
    pub workbooks_parsed: u64,
}

/// Ends a run: the entries it did not use (files removed, renamed or no
/// longer read) are dropped.
pub fn end_run() -> RunCounts {
    let run = current_run();
    // One lock at a time (never both: no order to keep).
    if let Ok(mut guard) = CACHE.lock() {
        if let Some(cache) = guard.as_mut() {
            cache.entries.retain(|_, e| e.used_in == run);
            cache.bytes = cache.entries.values().map(|e| e.len).sum();
        }
    }
    if let Ok(mut guard) = RECORDS.lock() {
        if let Some(records) = guard.as_mut() {
            records.entries.retain(|_, e| e.used_in == run);
            records.bytes = records.entries.values().map(|e| e.key.bytes()).sum();
        }
    }
    RunCounts {
        records_reused: RECORD_HITS.load(Ordering::SeqCst),
        workbooks_reused: HITS.load(Ordering::SeqCst),
        workbooks_parsed: MISSES.load(Ordering::SeqCst),
    }
}

/// The read of the workbook at `path`: the kept one when the file's length
/// and time are those it was read at, else `read()` (kept when enabled
/// and within [`BUDGET_BYTES`]).
pub(crate) fn read_through<T: Clone + Send + 'static>(path: &Path, read: impl FnOnce() -> T) -> T {
    if !enabled() {
        return read();
    }
    // A file whose time cannot be had is read each time.
    let Some((len, modified)) = std::fs::metadata(path)
        .ok()
        .and_then(|m| Some((m.len(), m.modified().ok()?)))
    else {
        MISSES.fetch_add(1, Ordering::Relaxed);
        return read();
    };
    let kept = CACHE.lock().ok().and_then(|mut guard| {
        let cache = guard.get_or_insert_with(Cache::default);
        let run = cache.run;
        let entry = cache
            .entries
            .get_mut(path)
            .filter(|e| e.len == len && e.modified == modified)?;
        let value = entry.read.downcast_ref::<T>()?.clone();
        entry.used_in = run;
        Some(value)
    });
    if let Some(value) = kept {
        HITS.fetch_add(1, Ordering::Relaxed);
        return value;
    }
    MISSES.fetch_add(1, Ordering::Relaxed);
    let result = read();
    if let Ok(mut guard) = CACHE.lock() {
        let cache = guard.get_or_insert_with(Cache::default);
        if let Some(old) = cache.entries.remove(path) {
            cache.bytes -= old.len;
        }
        if cache.bytes + len <= BUDGET_BYTES {
            cache.bytes += len;
            let used_in = cache.run;
            cache.entries.insert(
                path.to_path_buf(),
                Entry {
                    len,
                    modified,
                    read: Box::new(result.clone()),
                    used_in,
                },
            );
        }
    }
    result
}

/// The records of the input `name` (unique in the run: its path as shown),
/// read from the files `key` names: the kept ones, with their messages put
/// into `diags` and their files into `files` as reading them did, when
/// `key` is the one they were read under; else `read` into fresh
/// messages and files (kept when enabled and within [`BUDGET_BYTES`]).
pub(crate) fn records_through<T: Clone + Send + 'static>(
    name: &str,
    key: Option<Signature>,
    diags: &mut Diagnostics,
    files: &mut Vec<InputFile>,
    read: impl FnOnce(&mut Diagnostics, &mut Vec<InputFile>) -> T,
) -> T {
    let Some(key) = key.filter(|_| ENABLED.load(Ordering::Relaxed)) else {
        return read(diags, files);
    };
    let run = current_run();
    let kept = RECORDS.lock().ok().and_then(|mut guard| {
        let cache = guard.get_or_insert_with(RecordsCache::default);
        let entry = cache.entries.get_mut(name).filter(|e| e.key == key)?;
        let value = entry.value.downcast_ref::<T>()?.clone();
        entry.used_in = run;
        Some((value, entry.diags.clone(), entry.files.clone()))
    });
    if let Some((value, kept_diags, kept_files)) = kept {
        RECORD_HITS.fetch_add(1, Ordering::Relaxed);
        // The workbooks' own reads stay too: when one of these files
        // changes, the others are not parsed again.
        if let Ok(mut guard) = CACHE.lock() {
            if let Some(cache) = guard.as_mut() {
                for file in &kept_files {
                    if let Some(e) = cache.entries.get_mut(&file.path) {
                        e.used_in = run;
                    }
                }
            }
        }
        diags.extend(kept_diags);
        files.extend(kept_files);
        return value;
    }
    let mut fresh = Diagnostics::new();
    let mut read_files = Vec::new();
    let value = read(&mut fresh, &mut read_files);
    if let Ok(mut guard) = RECORDS.lock() {
        let cache = guard.get_or_insert_with(RecordsCache::default);
        if let Some(old) = cache.entries.remove(name) {
            cache.bytes -= old.key.bytes();
        }
        if cache.bytes + key.bytes() <= BUDGET_BYTES {
            cache.bytes += key.bytes();
            cache.entries.insert(
                name.to_string(),
                Records {
                    key,
                    value: Box::new(value.clone()),
                    diags: fresh.clone(),
                    files: read_files.clone(),
                    used_in: run,
                },
            );
        }
    }
    diags.extend(fresh);
    files.append(&mut read_files);
    value
}
