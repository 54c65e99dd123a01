//! Reading the files of an input into a [`Source`]: its workbook and the CSV
//! files standing in for sheets, with the messages about them; workbooks of
//! many inputs read ahead on every core.

use std::path::Path;

use rayon::prelude::*;

use crate::diag::{Diagnostics, Location};
use crate::ingest::csvfile::read_csv;
use crate::ingest::source::{sheet_key, SheetData, Source};
use crate::ingest::workbook::{read_workbook_bytes, ReadError};
use crate::input::files::files_of_stem;
use crate::input::InputFile;

/// A workbook as read: its sheets and the file it was read from, hashed
/// from the bytes that were parsed (for provenance).
pub type HashedRead = Result<(Vec<SheetData>, InputFile), ReadError>;

/// Reads the input `<stem>` among `names`, the files of `dir` (a listing
/// of [`crate::input::listing`], all of them or only the stem's):
/// `<stem>.xlsx` (or xlsm, xls, ods) and `<stem>.<sheet>.csv`, in any letter
/// case (with a warning). Returns None when neither exists. `shown` is how
/// `dir` appears in messages. `read_ahead` is the stem's workbook as
/// [`read_ahead`] read it, if it did.
pub fn open_source_among(
    dir: &Path,
    shown: &str,
    stem: &str,
    names: &[String],
    read_ahead: Option<HashedRead>,
    diags: &mut Diagnostics,
) -> Option<Source> {
    let files = files_of_stem(names, stem);
    if files.workbooks.is_empty() && files.csvs.is_empty() {
        return None;
    }
    for (name, canonical) in &files.case_differs {
        diags.warning(
            Location::file(format!("{shown}/{name}")),
            crate::diag::Msg::FileCaseDiffers {
                canonical: canonical.to_string(),
            },
        );
    }
    let first_file = files
        .workbooks
        .first()
        .or(files.csvs.first().map(|(_, f)| f))
        .cloned()
        .unwrap_or_default();
    let mut source = Source {
        display: format!("{shown}/{first_file}"),
        stem: stem.to_string(),
        has_workbook: !files.workbooks.is_empty(),
        ..Source::default()
    };
    if files.workbooks.len() > 1 {
        let names = crate::diag::AndList(files.workbooks.clone());
        for extra in &files.workbooks[1..] {
            diags.error(
                Location::file(format!("{shown}/{extra}")),
                crate::diag::Msg::WorkbookTwice {
                    names: names.clone(),
                },
            );
        }
    }
    if let Some(workbook) = files.workbooks.first() {
        let path = dir.join(workbook);
        let display = format!("{shown}/{workbook}");
        match read_ahead.unwrap_or_else(|| read_workbook(&path, &display)) {
            Ok((sheets, file)) => {
                source.sheets = sheets;
                source.files.push(file);
            }
            Err(e) => {
                source.failed = true;
                diags.error(e.location(&display), *e.message);
            }
        }
    }
    for (sheet_name, csv_file) in &files.csvs {
        let path = dir.join(csv_file);
        let display = format!("{shown}/{csv_file}");
        if let Some(existing) = source
            .sheets
            .iter()
            .find(|s| sheet_key(&s.sheet) == sheet_key(sheet_name))
        {
            diags.error(
                Location::file(&display),
                crate::diag::Msg::SheetTwice {
                    sheet: sheet_name.to_string(),
                    first: existing.path.clone(),
                    second: display.clone(),
                },
            );
            continue;
        }
        match read_csv(&path, sheet_name) {
            Ok((mut sheet, file)) => {
                sheet.path = display;
                source.sheets.push(sheet);
                source.files.push(file);
            }
            Err(e) => {
                source.failed = true;
                diags.error(e.location(&display), *e.message);
            }
        }
    }
    source.sheet_names = source.sheets.iter().map(|s| s.sheet.clone()).collect();
    Some(source)
}

/// Reads the workbook of each `(stem, names)` (as [`open_source_among`]
/// would) on every core, in order; None where a stem has no workbook or was
/// not read. Parsing workbooks is most of the time of a round with many
/// stations, and each read is independent: only the reading runs in
/// parallel, every check and message stays in stem order, so the outcome is
/// the same as reading one by one.
pub fn read_ahead(
    dir: &Path,
    shown: &str,
    stems: &[(String, Vec<String>)],
) -> Vec<Option<HashedRead>> {
    // On one core, reading ahead would only hold every workbook at once:
    // the caller reads each in turn.
    if stems.len() < 2 || rayon::current_num_threads() < 2 {
        return stems.iter().map(|_| None).collect();
    }
    stems
        .par_iter()
        .map(|(stem, names)| {
            let files = files_of_stem(names, stem);
            let workbook = files.workbooks.first()?;
            Some(read_workbook(
                &dir.join(workbook),
                &format!("{shown}/{workbook}"),
            ))
        })
        .collect()
}

/// Reads every sheet of the workbook at `path` (`display` in messages),
/// with the file's hash.
pub fn read_workbook(path: &Path, display: &str) -> HashedRead {
    let mut read = super::cache::read_through(path, || read_workbook_uncached(path))?;
    for sheet in &mut read.0 {
        sheet.path = display.to_string();
    }
    Ok(read)
}

/// Every sheet of the workbook at `path`, parsed from its bytes.
fn read_workbook_uncached(path: &Path) -> HashedRead {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let (bytes, file) = crate::input::read_hashed(path)?;
    let sheets = read_workbook_bytes(bytes, &ext)?;
    Ok((sheets, file))
}
