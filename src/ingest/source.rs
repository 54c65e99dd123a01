//! The reader layer: a workbook (xlsx/xlsm/xls/ods, [`workbook`]) or CSV
//! files (`<stem>.<sheet>.csv`, [`csvfile`]) become sheets of cells with
//! their positions; this module holds the cells and the rule for which files
//! of a folder belong to an input.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use crate::diag::{Diagnostics, Location};
use crate::fiscal::normalize;
use crate::ingest::csvfile::read_csv;
use crate::ingest::workbook::{read_workbook_bytes, ReadError, WorkbookRead};

/// Workbook extensions accepted for an input, in the order they are looked for.
pub const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// One cell's value, before any column typing.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    /// Shared: a workbook's repeated answers point to one string. (A thin
    /// pointer keeps a cell at 16 bytes: a 600,000-row sheet's cells are
    /// most of what a large read holds.)
    Text(Arc<String>),
    Number(f64),
    Bool(bool),
    /// A cell with a date number format (calamine recognises built-in ids
    /// 14–22, 45–47 and custom formats; Japanese-era formats arrive as Number).
    Date(NaiveDate),
    /// An Excel error value such as `#DIV/0!`.
    Error(Arc<String>),
    /// A formula saved without its computed value (a file written by a
    /// program, or saved with calculation off): the value is unknown.
    Uncached(Arc<String>),
}

impl CellValue {
    pub fn text(s: impl Into<String>) -> Self {
        CellValue::Text(Arc::new(s.into()))
    }
}

impl CellValue {
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            CellValue::Uncached(_) => true,
            _ => false,
        }
    }
}

impl CellValue {
    /// The value as a message quotes it: text quoted, trimmed, with
    /// invisible characters escaped and long text cut; numbers briefly.
    pub fn describe(&self) -> String {
        match self {
            CellValue::Empty => "a blank cell".to_string(),
            CellValue::Text(t) => quoted(t),
            CellValue::Number(n) => describe_number(*n),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::Date(d) => format!("the date {d}"),
            CellValue::Error(e) => e.to_string(),
            CellValue::Uncached(f) => format!("the formula ={} without a saved value", cut(f, 40)),
        }
    }
}

/// A number as a message shows it: in full up to 15 digits, else brief
/// (`1e300`, not 300 digits).
pub fn describe_number(n: f64) -> String {
    if n.is_finite() && n.abs() < 1e15 {
        crate::fiscal::format_number(n)
    } else {
        format!("{n:e}")
    }
}

/// At most `max` characters of `text`, with a mark and the length when cut.
fn cut(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({count} characters)")
}

/// Text quoted for a message: trimmed, cut at 60 characters, and every
/// invisible or control character shown escaped (`\u{feff}`), so a cell
/// that looks right but is not can be seen to be wrong.
pub fn quoted(text: &str) -> String {
    let trimmed = text.trim();
    let mut shown = String::with_capacity(trimmed.len() + 2);
    for c in cut(trimmed, 60).chars() {
        if c.is_control() || is_invisible(c) {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    format!("\"{shown}\"")
}

/// Characters that print as nothing: zero-width ones, BOM, direction marks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}'
    )
}

/// One non-empty row: its 0-based sheet row and its cells from column A.
#[derive(Debug, Clone)]
pub struct RowCells {
    pub row: u32,
    /// Exactly as long as the row (no spare capacity: large sheets hold
    /// hundreds of thousands of rows).
    pub cells: Box<[CellValue]>,
}

/// A block of merged cells: only its first cell holds the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    /// (row, column), 0-based.
    pub first: (u32, u32),
    pub last: (u32, u32),
}

/// A sheet's rows, with where they came from for messages.
#[derive(Debug, Clone)]
pub struct SheetData {
    /// The file as shown in messages (`data/R7/companies.xlsx`).
    pub path: String,
    pub sheet: String,
    pub rows: Vec<RowCells>,
    /// Hidden in the workbook (still read: a hidden sheet is a sheet).
    pub hidden: bool,
    /// The workbook's bytes (.xlsx), to look up its merged cells when a
    /// blank cell is reported: reading them for every sheet would read each
    /// sheet's XML twice.
    pub workbook: Option<Arc<[u8]>>,
    pub merged: OnceLock<Vec<Merged>>,
}

impl SheetData {
    pub fn location(&self) -> Location {
        Location::sheet(&self.path, &self.sheet)
    }

    /// The merged block that covers the cell but does not start at it.
    pub fn merged_over(&self, row: u32, col: u32) -> Option<Merged> {
        let merged = self.merged.get_or_init(|| match &self.workbook {
            Some(bytes) => crate::ingest::workbook::merged_cells(bytes, &self.sheet),
            None => Vec::new(),
        });
        merged.iter().copied().find(|m| {
            (m.first.0..=m.last.0).contains(&row)
                && (m.first.1..=m.last.1).contains(&col)
                && (row, col) != m.first
        })
    }
}

/// The sheets of one input: a workbook and/or CSV files standing in for
/// its sheets. Sheet names are matched after normalisation.
#[derive(Debug, Default)]
pub struct Source {
    /// Shown in messages about the input as a whole: the workbook, or the
    /// first CSV file when there is no workbook.
    pub display: String,
    /// The file stem (`companies`, a station's stem).
    pub stem: String,
    /// True when a workbook (not only CSV files) was found.
    pub has_workbook: bool,
    /// The names of every sheet found, for messages about a missing one.
    pub sheet_names: Vec<String>,
    pub sheets: Vec<SheetData>,
    /// Every file read, for provenance.
    pub files: Vec<PathBuf>,
    /// A file of the source could not be read at all (already reported):
    /// its sheets are unknown, so a missing sheet is not worth reporting.
    pub failed: bool,
}

impl Source {
    /// Takes the sheet named `name` out of the source. A hidden sheet is
    /// read, with a warning: it may be a stale copy.
    pub fn take_sheet(&mut self, name: &str, diags: &mut Diagnostics) -> Option<SheetData> {
        let key = sheet_key(name);
        let index = self
            .sheets
            .iter()
            .position(|s| sheet_key(&s.sheet) == key)?;
        let sheet = self.sheets.remove(index);
        if sheet.hidden {
            diags.warning(
                sheet.location(),
                "the sheet is hidden in the workbook; it is read all the same (unhide it, or delete it if it is an old copy)",
            );
        }
        Some(sheet)
    }

    /// Reports that `sheet` is missing, saying what was found and what would do.
    pub fn missing_sheet(&self, sheet: &str, diags: &mut Diagnostics) {
        let message = if self.has_workbook {
            let found = if self.sheet_names.is_empty() {
                "none".to_string()
            } else {
                self.sheet_names.join(", ")
            };
            format!(
                "missing sheet \"{sheet}\" (sheets found: {found}): expected a sheet {sheet}, or a file {}.{sheet}.csv",
                self.stem
            )
        } else {
            format!(
                "missing sheet \"{sheet}\": expected {stem}.xlsx with a sheet {sheet}, or a file {stem}.{sheet}.csv",
                stem = self.stem
            )
        };
        diags.error(Location::file(&self.display), message);
    }

    /// Warns about every sheet not taken by the dataset reader, except the
    /// instructions and lists sheets of a form `mdkpi init` wrote
    /// ([`crate::schema::FORM_SHEETS`]): a filled form is an input as it is.
    pub fn warn_unknown_sheets(&self, diags: &mut Diagnostics) {
        for sheet in &self.sheets {
            let empty = sheet.rows.is_empty();
            let form_sheet = crate::schema::FORM_SHEETS
                .iter()
                .any(|name| sheet_key(name) == sheet_key(&sheet.sheet));
            if !empty && !form_sheet {
                diags.warning(sheet.location(), "unknown sheet ignored");
            }
        }
    }
}

/// Sheet and header names compare after NFKC and removal of spaces.
pub fn sheet_key(name: &str) -> String {
    let normal = normalize(name);
    // Most names and answers have no inner space: keep the string as it is
    // rather than rebuild it char by char (this runs for every choice cell).
    if !normal.contains(char::is_whitespace) {
        return normal;
    }
    normal.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Reads the input `<stem>` among `names`, the files of `dir` (a listing
/// of [`crate::ingest::listing`], all of them or only the stem's):
/// `<stem>.xlsx` (or xlsm, xls, ods) and `<stem>.<sheet>.csv`, in any letter
/// case (with a warning). Returns None when neither exists. `shown` is how
/// `dir` appears in messages. `read_ahead` is the stem's workbook as
/// [`read_ahead`] read it, if it did.
pub fn open_source_among(
    dir: &Path,
    shown: &str,
    stem: &str,
    names: &[String],
    read_ahead: Option<WorkbookRead>,
    diags: &mut Diagnostics,
) -> Option<Source> {
    let files = files_of_stem(names, stem);
    if files.workbooks.is_empty() && files.csvs.is_empty() {
        return None;
    }
    for (name, canonical) in &files.case_differs {
        diags.warning(
            Location::file(format!("{shown}/{name}")),
            format!("read as {canonical}: the file name differs from the expected name only in letter case"),
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
        let names = files.workbooks.join(" and ");
        for extra in &files.workbooks[1..] {
            diags.error(
                Location::file(format!("{shown}/{extra}")),
                format!("workbook given twice: {names}; keep one"),
            );
        }
    }
    if let Some(workbook) = files.workbooks.first() {
        let path = dir.join(workbook);
        let display = format!("{shown}/{workbook}");
        source.files.push(path.clone());
        match read_ahead.unwrap_or_else(|| read_workbook(&path, &display)) {
            Ok(sheets) => source.sheets = sheets,
            Err(e) => {
                source.failed = true;
                diags.error(e.location(&display), e.message);
            }
        }
    }
    for (sheet_name, csv_file) in &files.csvs {
        let path = dir.join(csv_file);
        let display = format!("{shown}/{csv_file}");
        source.files.push(path.clone());
        if let Some(existing) = source
            .sheets
            .iter()
            .find(|s| sheet_key(&s.sheet) == sheet_key(sheet_name))
        {
            diags.error(
                Location::file(&display),
                format!(
                    "sheet \"{sheet_name}\" given twice: in {} and in {display}; keep one",
                    existing.path
                ),
            );
            continue;
        }
        match read_csv(&path, sheet_name) {
            Ok(mut sheet) => {
                sheet.path = display;
                source.sheets.push(sheet);
            }
            Err(e) => {
                source.failed = true;
                diags.error(e.location(&display), e.message);
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
) -> Vec<Option<WorkbookRead>> {
    let mut out: Vec<Option<WorkbookRead>> = Vec::new();
    out.resize_with(stems.len(), || None);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(stems.len());
    if threads < 2 {
        return out;
    }
    let next = AtomicUsize::new(0);
    let read_one = |(stem, names): &(String, Vec<String>)| {
        let files = files_of_stem(names, stem);
        let workbook = files.workbooks.first()?;
        Some(read_workbook(
            &dir.join(workbook),
            &format!("{shown}/{workbook}"),
        ))
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(stem) = stems.get(i) else { break };
                        done.push((i, read_one(stem)));
                    }
                    done
                })
            })
            .collect();
        // A worker that failed leaves its stems unread (None): they are
        // read again in order, where any problem is reported as usual.
        for worker in workers {
            for (i, read) in worker.join().unwrap_or_default() {
                out[i] = read;
            }
        }
    });
    out
}

/// Reads every sheet of the workbook at `path` (`display` in messages).
pub fn read_workbook(path: &Path, display: &str) -> WorkbookRead {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let bytes =
        fs::read(path).map_err(|e| ReadError::from(format!("cannot read the file: {e}")))?;
    let mut sheets = read_workbook_bytes(bytes, &ext)?;
    for sheet in &mut sheets {
        sheet.path = display.to_string();
    }
    Ok(sheets)
}

struct StemFiles {
    workbooks: Vec<String>,
    /// (sheet name, file name)
    csvs: Vec<(String, String)>,
    /// (file name, the name it stands for) where only the letter case differs.
    case_differs: Vec<(String, String)>,
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

fn files_of_stem(names: &[String], stem: &str) -> StemFiles {
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
pub fn lock_file_warning(lock: &str, names: &[String]) -> String {
    // Excel drops the first two characters of long names: `~$mpanies.xlsx`.
    let tail = &lock[2..];
    let open = names
        .iter()
        .find(|n| !is_lock_file(n) && n.len() >= tail.len() && n.ends_with(tail));
    match open {
        Some(workbook) => format!(
            "Excel lock file ignored: {workbook} is probably open in Excel; save and close it before running mdkpi, or the latest changes are not read"
        ),
        None => "Excel lock file ignored".to_string(),
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
