//! Which files of a folder belong to an input: `<stem>.xlsx` (or xlsm, xls,
//! ods) and `<stem>.<sheet>.csv`, in any letter case; Excel lock files left
//! out.

use std::collections::BTreeMap;

/// Workbook extensions accepted for an input, in the order they are looked for.
pub const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// The files of one input, as [`files_of_stem`] finds them.
pub(crate) struct StemFiles {
    pub(crate) workbooks: Vec<String>,
    /// (sheet name, file name)
    pub(crate) csvs: Vec<(String, String)>,
    /// (file name, the name it stands for) where only the letter case differs.
    pub(crate) case_differs: Vec<(String, String)>,
}

/// What the file `name` is to the input `stem`: its workbook, or a CSV
/// standing in for one of its sheets (`<stem>.<sheet>.csv`).
pub enum StemFile<'a> {
    Workbook,
    Csv { sheet: &'a str },
}

/// The one rule for which files belong to an input; None: not one of its.
/// The stem and the extension match in any letter case (`NCC.XLSX` is a
/// workbook; `Companies.xlsx` is `companies.xlsx`): a file is never dropped
/// for its case.
pub fn stem_file<'a>(name: &'a str, stem: &str) -> Option<StemFile<'a>> {
    let head = name.get(..stem.len())?;
    if !head.eq_ignore_ascii_case(stem) {
        return None;
    }
    let rest = name[stem.len()..].strip_prefix('.')?;
    if WORKBOOK_EXTENSIONS
        .iter()
        .any(|e| rest.eq_ignore_ascii_case(e))
    {
        return Some(StemFile::Workbook);
    }
    let cut = rest.len().checked_sub(4)?;
    if !rest.is_char_boundary(cut) || !rest[cut..].eq_ignore_ascii_case(".csv") {
        return None;
    }
    let sheet = &rest[..cut];
    (!sheet.is_empty()).then_some(StemFile::Csv { sheet })
}

/// The name the contract gives the file `name` of `stem`.
fn canonical_name(name: &str, stem: &str) -> String {
    let rest = &name[stem.len()..];
    match rest.rsplit_once('.') {
        Some((middle, ext)) => format!("{stem}{middle}.{}", ext.to_ascii_lowercase()),
        None => format!("{stem}{rest}"),
    }
}

/// The files among `names` that belong to `stem` (lock files left out),
/// sorted; workbooks in the order of [`WORKBOOK_EXTENSIONS`].
pub(crate) fn files_of_stem(names: &[String], stem: &str) -> StemFiles {
    let mut names: Vec<&String> = names.iter().collect();
    names.sort();
    let mut files = StemFiles {
        workbooks: Vec::new(),
        csvs: Vec::new(),
        case_differs: Vec::new(),
    };
    for name in names {
        if is_lock_file(name) {
            continue;
        }
        let kind = stem_file(name, stem);
        if kind.is_some() {
            let canonical = canonical_name(name, stem);
            if canonical != *name {
                files.case_differs.push((name.clone(), canonical));
            }
        }
        match kind {
            Some(StemFile::Workbook) => files.workbooks.push(name.clone()),
            Some(StemFile::Csv { sheet }) => files.csvs.push((sheet.to_string(), name.clone())),
            None => {}
        }
    }
    files.workbooks.sort_by_key(|w| {
        let lower = w.to_ascii_lowercase();
        WORKBOOK_EXTENSIONS
            .iter()
            .position(|e| lower.ends_with(&format!(".{e}")))
    });
    files
}

/// Excel's `~$name.xlsx` owner files, left while a workbook is open.
pub fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$")
}

/// The warning for a lock file among `names`: when its workbook is there
/// too, the workbook is probably still open in Excel, and what is on disk
/// may not be what the analyst sees on screen.
pub fn lock_file_warning(lock: &str, names: &[String]) -> crate::diag::Msg {
    // Excel drops the first two characters of long names: `~$mpanies.xlsx`.
    let tail = &lock[2..];
    let open = names
        .iter()
        .find(|n| !is_lock_file(n) && n.len() >= tail.len() && n.ends_with(tail));
    match open {
        Some(workbook) => crate::diag::Msg::LockFileOpen {
            workbook: workbook.clone(),
        },
        None => crate::diag::Msg::LockFile {},
    }
}

/// Files of a folder (as listed), grouped by stem (the part before the
/// first dot), lock files excluded. Sorted.
pub fn stems_in(files: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in files {
        if is_lock_file(name) {
            continue;
        }
        let stem = name.split('.').next().unwrap_or(name).to_string();
        map.entry(stem).or_default().push(name.clone());
    }
    for names in map.values_mut() {
        names.sort();
    }
    map
}
