//! The reader layer: a workbook (xlsx/xlsm/xls/ods through calamine) or CSV
//! files (`<stem>.<sheet>.csv`) become sheets of cells with their positions.
//! Only this module knows about calamine, file signatures and encodings.

use std::collections::BTreeMap;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::{open_workbook_from_rs, Data, Ods, Reader, Sheets, Xls, Xlsx};
use chrono::NaiveDate;

use crate::diag::{Diagnostics, Location};
use crate::fiscal::normalize;

/// Workbook extensions accepted for an input, in the order they are looked for.
pub const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// One cell's value, before any column typing.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell with a date number format (calamine recognises built-in ids
    /// 14–22, 45–47 and custom formats; Japanese-era formats arrive as Number).
    Date(NaiveDate),
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
}

impl CellValue {
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// One non-empty row: its 0-based sheet row and its cells from column A.
#[derive(Debug, Clone)]
pub struct RowCells {
    pub row: u32,
    pub cells: Vec<CellValue>,
}

/// A sheet's rows, with where they came from for messages.
#[derive(Debug, Clone)]
pub struct SheetData {
    /// The file as shown in messages (`data/R7/companies.xlsx`).
    pub path: String,
    pub sheet: String,
    pub rows: Vec<RowCells>,
}

impl SheetData {
    pub fn location(&self) -> Location {
        Location::sheet(&self.path, &self.sheet)
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
    /// Takes the sheet named `name` out of the source.
    pub fn take_sheet(&mut self, name: &str) -> Option<SheetData> {
        let key = sheet_key(name);
        let index = self
            .sheets
            .iter()
            .position(|s| sheet_key(&s.sheet) == key)?;
        Some(self.sheets.remove(index))
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

    /// Warns about every sheet not taken by the dataset reader.
    pub fn warn_unknown_sheets(&self, diags: &mut Diagnostics) {
        for sheet in &self.sheets {
            let empty = sheet.rows.is_empty();
            if !empty {
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

/// Finds and reads the input `<stem>` in `dir`: `<stem>.xlsx` (or xlsm,
/// xls, ods) and `<stem>.<sheet>.csv`. Returns None when neither exists.
/// `shown` is how `dir` appears in messages.
pub fn open_source(dir: &Path, shown: &str, stem: &str, diags: &mut Diagnostics) -> Option<Source> {
    open_source_among(dir, shown, stem, &list_dir(dir), None, diags)
}

/// What reading a workbook gives: its sheets, or the message for the file.
pub type WorkbookRead = Result<Vec<SheetData>, String>;

/// [`open_source`] with the file names of `dir` already listed (all of
/// them, or only those of the stem, as [`stems_in`] groups them). A sites
/// folder is listed once for all its stations: listing it again for each
/// station made reading S stations cost S² (at 1,600 stations a round,
/// 90 % of the run went to reading the folder and formatting names).
/// `read_ahead` is the stem's workbook as [`read_ahead`] read it, if it did.
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
            Err(message) => {
                source.failed = true;
                diags.error(Location::file(&display), message);
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
        match read_csv(&path, &display, sheet_name) {
            Ok(sheet) => source.sheets.push(sheet),
            Err(message) => {
                source.failed = true;
                diags.error(Location::file(&display), message);
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

struct StemFiles {
    workbooks: Vec<String>,
    /// (sheet name, file name)
    csvs: Vec<(String, String)>,
}

/// What the file `name` is to the input `stem`: its workbook, or a CSV
/// standing in for one of its sheets (`<stem>.<sheet>.csv`).
pub enum StemFile<'a> {
    Workbook,
    Csv { sheet: &'a str },
}

/// The one rule for which files belong to an input; None: not one of its.
pub fn stem_file<'a>(name: &'a str, stem: &str) -> Option<StemFile<'a>> {
    let rest = name.strip_prefix(stem)?.strip_prefix('.')?;
    if WORKBOOK_EXTENSIONS.contains(&rest) {
        return Some(StemFile::Workbook);
    }
    rest.strip_suffix(".csv")
        .filter(|sheet| !sheet.is_empty())
        .map(|sheet| StemFile::Csv { sheet })
}

fn files_of_stem(names: &[String], stem: &str) -> StemFiles {
    let mut names: Vec<&String> = names.iter().collect();
    names.sort();
    let mut workbooks = Vec::new();
    let mut csvs = Vec::new();
    for name in names {
        if is_lock_file(name) {
            continue;
        }
        match stem_file(name, stem) {
            Some(StemFile::Workbook) => workbooks.push(name.clone()),
            Some(StemFile::Csv { sheet }) => csvs.push((sheet.to_string(), name.clone())),
            None => {}
        }
    }
    workbooks.sort_by_key(|w| {
        WORKBOOK_EXTENSIONS
            .iter()
            .position(|e| w.ends_with(&format!(".{e}")))
    });
    StemFiles { workbooks, csvs }
}

/// File names in a folder (not sub-folders), unsorted.
pub fn list_dir(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect()
}

/// Excel's `~$name.xlsx` owner files, left while a workbook is open.
pub fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$")
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Every OOXML package holds this part; ODS starts with its mimetype.
const OOXML_MARK: &[u8] = b"[Content_Types].xml";
const ODS_MARK: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Text (a CSV or a note renamed as a workbook): no control bytes but
/// line breaks and tabs in its first kilobyte.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    std::str::from_utf8(head).is_ok() && !head.iter().any(|b| *b < 0x09 || (*b > 0x0D && *b < 0x20))
}
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Checks that the file's signature is what its extension says, so that a
/// renamed, encrypted or empty file gets a message a person can act on.
fn check_signature(bytes: &[u8], ext: &str) -> Result<(), String> {
    if bytes.is_empty() {
        return Err(format!("empty file: expected an Excel workbook (.{ext})"));
    }
    let is_zip = bytes.starts_with(ZIP_MAGIC);
    let is_ole = bytes.starts_with(OLE_MAGIC);
    match ext {
        "xls" => {
            if is_zip {
                Err("the file is an .xlsx/.ods (ZIP) workbook, not what its extension .xls says; rename it".into())
            } else if !is_ole {
                Err("the file is not an Excel 97–2003 workbook (.xls): its content is not what its extension says".into())
            } else {
                Ok(())
            }
        }
        _ => {
            if is_ole {
                if is_encrypted_ole(bytes) {
                    Err("the workbook is encrypted (password-protected): save it without a password".into())
                } else {
                    Err(format!(
                        "the file is an Excel 97–2003 (.xls) or other OLE file, not what its extension .{ext} says; rename it"
                    ))
                }
            } else if !is_zip {
                if looks_like_text(bytes) {
                    Err(format!(
                        "the file is text (CSV?), not what its extension .{ext} says: save it as a real .{ext} workbook, or give the sheet as <name>.<sheet>.csv"
                    ))
                } else {
                    Err(format!(
                        "the file is not a .{ext} workbook: its content is not what its extension says"
                    ))
                }
            } else if ext == "ods" && contains(bytes, OOXML_MARK) && !contains(bytes, ODS_MARK) {
                Err(
                    "the file is an .xlsx workbook, not what its extension .ods says; rename it"
                        .into(),
                )
            } else if ext != "ods" && contains(bytes, ODS_MARK) {
                Err(format!(
                    "the file is an .ods workbook, not what its extension .{ext} says; rename it"
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// Office encrypts an OOXML workbook into an OLE container holding an
/// `EncryptedPackage` stream (the name is stored in UTF-16LE).
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// What a workbook the reader cannot parse means to the analyst.
const CORRUPT: &str =
    "corrupt or truncated workbook: the file is damaged or ends early; open it in Excel and save it again, or ask for the file again";

thread_local! {
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs a panic hook that stays silent inside an isolated workbook read
/// (the read's panic becomes an error naming the file) and otherwise reports
/// an internal error without a backtrace dump.
pub fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if QUIET_PANICS.with(|q| q.get()) {
            return;
        }
        default(info);
    }));
}

/// Runs `f` so that a panic inside it becomes an error message.
fn isolated<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    QUIET_PANICS.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(false));
    match result {
        Ok(r) => r,
        Err(_) => Err(CORRUPT.into()),
    }
}

/// Reads every sheet of a workbook. Any failure is one message for the file.
pub fn read_workbook(path: &Path, display: &str) -> Result<Vec<SheetData>, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let bytes = fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    read_workbook_bytes(bytes, &ext, display)
}

/// Reads every sheet of a workbook already in memory; `ext` is its
/// extension in lower case.
pub fn read_workbook_bytes(bytes: Vec<u8>, ext: &str, display: &str) -> WorkbookRead {
    check_signature(&bytes, ext)?;
    isolated(|| {
        // From the bytes already read for the signature check, not the file
        // again; dispatched on the extension as calamine's open_workbook_auto
        // does (the extensions of WORKBOOK_EXTENSIONS, lower case).
        let cursor = std::io::Cursor::new(bytes.as_slice());
        let opened = match ext {
            "xls" => open_workbook_from_rs::<Xls<_>, _>(cursor)
                .map(Sheets::Xls)
                .ok(),
            "ods" => open_workbook_from_rs::<Ods<_>, _>(cursor)
                .map(Sheets::Ods)
                .ok(),
            _ => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
                .map(Sheets::Xlsx)
                .ok(),
        };
        let mut workbook = opened.ok_or_else(|| CORRUPT.to_string())?;
        let names = workbook.sheet_names();
        if names.is_empty() {
            return Err("empty workbook: it has no sheets".into());
        }
        let mut sheets = Vec::with_capacity(names.len());
        for name in names {
            let range = workbook
                .worksheet_range(&name)
                .map_err(|_| format!("sheet \"{name}\": {CORRUPT}"))?;
            sheets.push(sheet_from_range(display, &name, range));
        }
        Ok(sheets)
    })
}

fn sheet_from_range(display: &str, name: &str, mut range: calamine::Range<Data>) -> SheetData {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let height = range.height();
    let mut rows = Vec::new();
    for i in 0..height {
        let mut cells: Vec<CellValue> = vec![CellValue::Empty; col0 as usize];
        // Each cell is moved out of the range, not cloned: on a sheet of
        // hundreds of thousands of rows a copy of every text cell was a
        // tenth of the read and doubled the strings held at the peak.
        cells.extend(
            range[i]
                .iter_mut()
                .map(|data| cell_from_data(std::mem::take(data))),
        );
        if cells.iter().all(CellValue::is_blank) {
            continue;
        }
        while cells.last().is_some_and(CellValue::is_blank) {
            cells.pop();
        }
        rows.push(RowCells {
            row: row0 + i as u32,
            cells,
        });
    }
    SheetData {
        path: display.to_string(),
        sheet: name.to_string(),
        rows,
    }
}

fn cell_from_data(data: Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Empty,
        Data::Int(i) => CellValue::Number(i as f64),
        Data::Float(f) => CellValue::Number(f),
        Data::String(s) => CellValue::Text(s),
        Data::Bool(b) => CellValue::Bool(b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
                Some(date) => CellValue::Date(date),
                // Excel's fictitious 1900-02-29: let the column reader reject the serial.
                None => CellValue::Number(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => CellValue::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::Text(s),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

/// The encodings a CSV may come in (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    Utf8,
    Utf8Bom,
    ShiftJis,
}

/// Decodes CSV bytes: UTF-8 (with or without BOM) or Shift_JIS/CP932.
/// UTF-16 and EUC-JP, and anything else, are refused rather than read as
/// mojibake.
pub fn decode_csv(bytes: &[u8]) -> Result<(String, CsvEncoding), String> {
    const HINT: &str = "save it as UTF-8 or Shift_JIS (CP932)";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(format!("the CSV is encoded in UTF-16; {HINT}"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), CsvEncoding::Utf8Bom))
            .map_err(|_| {
                format!("the CSV starts with a UTF-8 BOM but is not valid UTF-8; {HINT}")
            });
    }
    if looks_like_utf16(bytes) {
        return Err(format!("the CSV is encoded in UTF-16; {HINT}"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), CsvEncoding::Utf8));
    }
    // Japanese EUC-JP text is valid EUC-JP but, read as Shift_JIS, decodes
    // into half-width katakana without errors; Shift_JIS with kana or kanji
    // almost never is valid EUC-JP (its lead bytes 0x81–0x9F are not).
    if encoding_rs::EUC_JP
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
    {
        return Err(format!("the CSV looks encoded in EUC-JP; {HINT}"));
    }
    match encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text.into_owned(), CsvEncoding::ShiftJis)),
        None => Err(format!(
            "the CSV is in an unknown encoding (neither UTF-8 nor Shift_JIS); {HINT}"
        )),
    }
}

/// BOM-less UTF-16 shows as many NUL bytes in ASCII-heavy text.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    sample.len() >= 4 && sample.iter().filter(|b| **b == 0).count() * 4 >= sample.len()
}

/// Reads one CSV file standing in for the sheet `sheet`. Cells are text;
/// column typing reads numbers out of them.
pub fn read_csv(path: &Path, display: &str, sheet: &str) -> Result<SheetData, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    read_csv_bytes(&bytes, display, sheet)
}

/// Reads CSV bytes standing in for the sheet `sheet`.
pub fn read_csv_bytes(bytes: &[u8], display: &str, sheet: &str) -> Result<SheetData, String> {
    if bytes.is_empty() {
        return Err("empty file: expected a CSV with a header row".into());
    }
    let (text, _) = decode_csv(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("malformed CSV at line {}: {e}", i + 1))?;
        let row = record
            .position()
            .map(|p| p.line().saturating_sub(1) as u32)
            .unwrap_or(i as u32);
        let mut cells: Vec<CellValue> = record
            .iter()
            .map(|field| {
                if field.trim().is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text(field.to_string())
                }
            })
            .collect();
        if cells.iter().all(CellValue::is_blank) {
            continue;
        }
        while cells.last().is_some_and(CellValue::is_blank) {
            cells.pop();
        }
        rows.push(RowCells { row, cells });
    }
    Ok(SheetData {
        path: display.to_string(),
        sheet: sheet.to_string(),
        rows,
    })
}

/// All files of a round folder's sub-folder, grouped by stem (the part
/// before the first dot), lock files excluded. Sorted.
pub fn stems_in(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in list_dir(dir) {
        if is_lock_file(&name) {
            continue;
        }
        let stem = name.split('.').next().unwrap_or(&name).to_string();
        map.entry(stem).or_default().push(name);
    }
    for names in map.values_mut() {
        names.sort();
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (text, enc) = decode_csv("テーマ,研修名\n1,講座".as_bytes()).unwrap();
        assert_eq!(enc, CsvEncoding::Utf8);
        assert!(text.starts_with("テーマ"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("テーマ".as_bytes());
        assert_eq!(
            decode_csv(&bom).unwrap(),
            ("テーマ".to_string(), CsvEncoding::Utf8Bom)
        );
    }

    #[test]
    fn shift_jis_is_detected() {
        let (bytes, _, _) =
            encoding_rs::SHIFT_JIS.encode("テーマ,研修名,受入人数\n1,医療機器ｾﾐﾅｰ,30\n");
        let (text, enc) = decode_csv(&bytes).unwrap();
        assert_eq!(enc, CsvEncoding::ShiftJis);
        assert_eq!(text, "テーマ,研修名,受入人数\n1,医療機器ｾﾐﾅｰ,30\n");
    }

    #[test]
    fn euc_jp_and_utf16_are_refused() {
        let (bytes, _, _) =
            encoding_rs::EUC_JP.encode("テーマ,研修名,受入人数\n1,臨床研究セミナー,30\n");
        assert_eq!(
            decode_csv(&bytes).unwrap_err(),
            "the CSV looks encoded in EUC-JP; save it as UTF-8 or Shift_JIS (CP932)"
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("テーマ".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert!(decode_csv(&utf16).unwrap_err().contains("UTF-16"));
        let bomless: Vec<u8> = "a,b,c\n1,2,3\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert!(decode_csv(&bomless).unwrap_err().contains("UTF-16"));
    }

    #[test]
    fn signatures() {
        assert!(check_signature(b"", "xlsx")
            .unwrap_err()
            .starts_with("empty file"));
        assert_eq!(
            check_signature(b"a,b\n1,2", "xlsx").unwrap_err(),
            "the file is text (CSV?), not what its extension .xlsx says: save it as a real .xlsx workbook, or give the sheet as <name>.<sheet>.csv"
        );
        assert!(check_signature(&[0x01, 0x02, 0xff, 0x00], "xlsx")
            .unwrap_err()
            .contains("not what its extension says"));
        let ooxml = b"PK\x03\x04....[Content_Types].xml....";
        assert!(check_signature(ooxml, "ods")
            .unwrap_err()
            .contains(".xlsx workbook"));
        let ods = b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
        assert!(check_signature(ods, "ods").is_ok());
        assert!(check_signature(ods, "xlsx")
            .unwrap_err()
            .contains(".ods workbook"));
        assert!(check_signature(b"PK\x03\x04rest", "xlsx").is_ok());
        assert!(check_signature(b"PK\x03\x04rest", "xls")
            .unwrap_err()
            .contains("ZIP"));
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert!(check_signature(&ole, "xlsx")
            .unwrap_err()
            .contains("password-protected"));
        assert!(check_signature(&ole, "xls").is_ok());
    }
}
