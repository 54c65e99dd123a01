//! Reading a workbook within fixed bounds (SPEC §11): whatever a file holds,
//! mdkpi reads it in memory proportional to the cells it really has, or
//! refuses it with a message naming the file, sheet and cell.
//!
//! - The ZIP package (.xlsx, .xlsm, .ods) is inflated once, counting bytes,
//!   before any part is parsed: a part that claims little and inflates to a
//!   gigabyte stops at [`MAX_INFLATED_BYTES`].
//! - .xlsx sheets are read cell by cell (calamine's cell reader), never as a
//!   dense `Range`, which allocates rows × columns from the extent of the
//!   cells: one value at XFD1048576 asked for 512 GB.
//! - .ods and .xls are read by calamine densely, so their used range is
//!   measured first (content.xml's repeated rows and columns; the BIFF cell
//!   records) and refused beyond [`MAX_DENSE_CELLS`].
//! - Every cell: at most [`MAX_COLUMNS`] columns, [`MAX_CELLS`] non-empty
//!   cells a workbook, and [`MAX_CELL_CHARS`] characters (Excel's own limit).

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use calamine::{
    open_workbook_from_rs, Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsx,
};
use chrono::NaiveDate;

use crate::diag::{a1, FileKind, Hidden, Location, Msg};
use crate::ingest::source::{sheet_key, CellValue, Merged, RowCells, SheetData};
use crate::input::mib;

/// The most a workbook's ZIP parts may inflate to, together: the bound of
/// any input file's size. The largest real input (a 600,000-response
/// survey) inflates to about 130 MiB.
pub const MAX_INFLATED_BYTES: u64 = crate::input::MAX_INPUT_BYTES;
/// Parts of a ZIP package: a workbook has a few dozen.
pub const MAX_PARTS: usize = 10_000;
/// Columns a dataset sheet may use: the widest dataset has 22 columns; 256
/// (Excel 2003's IV) leaves room for notes beside them.
pub const MAX_COLUMNS: u32 = 256;
/// Excel's own grid.
pub const MAX_ROWS: u32 = 1_048_576;
/// Non-empty cells in one workbook (the 1000× benchmark's largest sheet
/// holds 4.2 million).
pub const MAX_CELLS: usize = 8_000_000;
/// Cells of the used range of one .ods or .xls sheet, which calamine holds
/// densely (about 56 bytes a cell with its formula): 2 million is 110 MB.
pub const MAX_DENSE_CELLS: u64 = 2_000_000;
/// Workbooks up to this size keep their bytes while their sheets are read,
/// to name the merged cells a reported blank belongs to.
const MERGE_HINT_BYTES: usize = 4 << 20;
/// Excel's limit on the characters of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Bytes of text between two XML tags of a sheet or the shared strings:
/// 32,767 characters escaped (`&amp;` is 5 bytes) fit; more is no cell
/// Excel could have written, and calamine would hold it whole.
const MAX_TEXT_RUN: usize = 256 << 10;

/// A problem that stops a workbook from being read, where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    pub sheet: Option<String>,
    pub cell: Option<(u32, u32)>,
    /// Boxed: a read's result stays small.
    pub message: Box<Msg>,
}

impl ReadError {
    fn file(message: Msg) -> Self {
        ReadError {
            sheet: None,
            cell: None,
            message: Box::new(message),
        }
    }

    fn sheet(sheet: &str, message: Msg) -> Self {
        ReadError {
            sheet: Some(sheet.to_string()),
            cell: None,
            message: Box::new(message),
        }
    }

    fn at(sheet: &str, cell: (u32, u32), message: Msg) -> Self {
        ReadError {
            sheet: Some(sheet.to_string()),
            cell: Some(cell),
            message: Box::new(message),
        }
    }

    /// Where the problem is, `display` being the file as shown in messages.
    pub fn location(&self, display: &str) -> Location {
        match (&self.sheet, self.cell) {
            (Some(sheet), Some((r, c))) => Location::cell(display, sheet, r, c),
            (Some(sheet), None) => Location::sheet(display, sheet),
            _ => Location::file(display),
        }
    }
}

impl From<Msg> for ReadError {
    fn from(message: Msg) -> Self {
        ReadError::file(message)
    }
}

/// What reading a workbook gives: its sheets, or the problem that stops it.
pub type WorkbookRead = Result<Vec<SheetData>, ReadError>;

/// What a workbook the reader cannot parse means to the analyst.
pub const CORRUPT: Msg = Msg::CorruptWorkbook {};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Every OOXML package holds this part; ODS starts with its mimetype.
const OOXML_MARK: &[u8] = b"[Content_Types].xml";
const ODS_MARK: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A byte search (memmem: the signature check runs on every workbook, and a
/// byte-by-byte window search of each was a tenth of reading a round).
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// Text (a CSV or a note renamed as a workbook): no control bytes but
/// line breaks and tabs in its first kilobyte.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    std::str::from_utf8(head).is_ok() && !head.iter().any(|b| *b < 0x09 || (*b > 0x0D && *b < 0x20))
}

/// Checks that the file's signature is what its extension says, so that a
/// renamed, encrypted or empty file gets a message a person can act on.
fn check_signature(bytes: &[u8], ext: &str) -> Result<(), Msg> {
    if bytes.is_empty() {
        return Err(Msg::EmptyWorkbookFile { ext: ext.into() });
    }
    let is_zip = bytes.starts_with(ZIP_MAGIC);
    let is_ole = bytes.starts_with(OLE_MAGIC);
    match ext {
        "xls" => {
            if is_zip {
                Err(Msg::ZipNamedXls {})
            } else if !is_ole {
                Err(Msg::NotXls {})
            } else {
                Ok(())
            }
        }
        _ => {
            if is_ole {
                if is_encrypted_ole(bytes) {
                    Err(Msg::EncryptedWorkbook {})
                } else {
                    Err(Msg::OleNamedOther { ext: ext.into() })
                }
            } else if !is_zip {
                if looks_like_text(bytes) {
                    Err(Msg::TextNamedWorkbook { ext: ext.into() })
                } else {
                    Err(Msg::NotAWorkbook { ext: ext.into() })
                }
            } else if ext == "ods" && contains(bytes, OOXML_MARK) && !contains(bytes, ODS_MARK) {
                Err(Msg::WrongWorkbookKind {
                    kind: "xlsx".into(),
                    ext: "ods".into(),
                })
            } else if ext != "ods" && contains(bytes, ODS_MARK) {
                Err(Msg::WrongWorkbookKind {
                    kind: "ods".into(),
                    ext: ext.into(),
                })
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
    contains(bytes, &needle)
}

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

/// Runs `f` so that a panic inside it (calamine has panicked on malformed
/// files) becomes an error message for the file.
fn isolated<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    QUIET_PANICS.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(false));
    match result {
        Ok(r) => r,
        Err(_) => Err(ReadError::file(CORRUPT)),
    }
}

/// Reads every sheet of a workbook already in memory; `ext` is its
/// extension in lower case (`xlsx`, `xlsm`, `xls`, `ods`).
pub fn read_workbook_bytes(bytes: Vec<u8>, ext: &str) -> WorkbookRead {
    check_signature(&bytes, ext)?;
    isolated(move || {
        if ext != "xls" {
            check_package(&bytes, ext)?;
        }
        match ext {
            "xls" => read_xls(bytes),
            "ods" => read_ods(bytes),
            _ => {
                let mut sheets = read_xlsx(&bytes)?;
                // Kept for the merged-cell hint of a blank cell: forms that
                // people fill in (and merge cells in) are small; a large
                // export is not held twice for it.
                if bytes.len() <= MERGE_HINT_BYTES {
                    let shared: Arc<[u8]> = bytes.into();
                    for sheet in &mut sheets {
                        sheet.workbook = Some((shared.clone(), merged_cells));
                    }
                }
                Ok(sheets)
            }
        }
    })
}

/// Measures the ZIP package before anything is parsed. The sizes its parts
/// declare bound what they inflate to (the zip reader stops a part at its
/// declared size, so a part that lies is an error, not a bomb): their sum
/// is checked first. The shared strings, which calamine holds whole and
/// makes room for by the count they claim, are read once for a text beyond
/// any cell and for that count; an .ods's content.xml is measured. (The
/// sheets are not read twice: calamine reads them cell by cell, and each
/// cell is held to the limits as it comes.)
fn check_package(bytes: &[u8], ext: &str) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ReadError::file(CORRUPT))?;
    if zip.len() > MAX_PARTS {
        return Err(ReadError::file(Msg::TooManyParts {
            parts: zip.len(),
            max: MAX_PARTS,
        }));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|_| ReadError::file(CORRUPT))?;
        total = total.saturating_add(part.size());
        if total > MAX_INFLATED_BYTES {
            let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
            return Err(ReadError::file(Msg::InflatesTooMuch {
                limit: mib(MAX_INFLATED_BYTES),
                part: name,
            }));
        }
    }
    if let Ok(part) = zip.by_name(SHARED_STRINGS) {
        let size = part.size();
        check_shared_strings(part, size)?;
    }
    if ext == "ods" {
        let part = zip
            .by_name("content.xml")
            .map_err(|_| ReadError::file(CORRUPT))?;
        ods_extent::check(std::io::BufReader::new(part))?;
    }
    Ok(())
}

const SHARED_STRINGS: &str = "xl/sharedStrings.xml";

/// Reads the shared strings once, for a text longer than any cell (calamine
/// holds them whole) and for the count they claim.
fn check_shared_strings(mut part: impl Read, size: u64) -> Result<(), ReadError> {
    let too_long = || {
        ReadError::file(Msg::SharedTextTooLong {
            max: MAX_CELL_CHARS,
            part: SHARED_STRINGS.into(),
        })
    };
    // No larger than the part: a station's workbook is a few KB, and
    // zeroing 64 KB for each of 82,000 of them showed in the profile.
    let mut buf = vec![0u8; (size as usize).saturating_add(1).clamp(4 << 10, 64 << 10)];
    // Bytes since the last `<`, across chunks.
    let mut text_run = 0usize;
    let mut head: Vec<u8> = Vec::new();
    loop {
        let n = part.read(&mut buf).map_err(|_| ReadError::file(CORRUPT))?;
        if n == 0 {
            return Ok(());
        }
        let chunk = &buf[..n];
        let mut last: Option<usize> = None;
        for at in memchr::memchr_iter(b'<', chunk) {
            let run = match last {
                None => text_run + at,
                Some(prev) => at - prev - 1,
            };
            if run > MAX_TEXT_RUN {
                return Err(too_long());
            }
            last = Some(at);
        }
        text_run = match last {
            Some(at) => n - at - 1,
            None => text_run + n,
        };
        if text_run > MAX_TEXT_RUN {
            return Err(too_long());
        }
        if head.len() < 4096 {
            head.extend_from_slice(chunk);
            check_unique_count(&head)?;
        }
    }
}

/// calamine reserves room for as many shared strings as the part claims
/// (`<sst uniqueCount="…">`) before reading one: a claim of billions from
/// a small file is refused first.
fn check_unique_count(head: &[u8]) -> Result<(), ReadError> {
    let mark = b"uniqueCount=\"";
    let Some(at) = memchr::memmem::find(head, mark) else {
        return Ok(());
    };
    let digits: Vec<u8> = head[at + mark.len()..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    let claimed = std::str::from_utf8(&digits)
        .ok()
        .and_then(|d| d.parse::<u64>().ok())
        .unwrap_or(u64::MAX);
    if !digits.is_empty() && claimed > MAX_CELLS as u64 {
        return Err(ReadError::file(Msg::TooManyTexts {
            claimed: String::from_utf8_lossy(&digits[..digits.len().min(20)]).into_owned(),
            part: SHARED_STRINGS.into(),
            max: MAX_CELLS,
        }));
    }
    Ok(())
}

/// The used range of a sheet is refused when it is absurd for a dataset.
pub(crate) fn check_cell_position(sheet: &str, row: u32, col: u32) -> Result<(), ReadError> {
    if col >= MAX_COLUMNS || row >= MAX_ROWS {
        return Err(ReadError::at(
            sheet,
            (row.min(MAX_ROWS - 1), col.min(16_383)),
            Msg::FarCell {
                cell: a1(row, col),
                cols: MAX_COLUMNS,
                rows: MAX_ROWS,
            },
        ));
    }
    Ok(())
}

fn too_many_cells() -> ReadError {
    ReadError::file(Msg::TooManyCells { max: MAX_CELLS })
}

/// Which sheets count: worksheets, hidden ones included (a hidden sheet is
/// still a sheet, and a stale hidden copy must not pass unnoticed). Two
/// whose names normalise alike are an error naming both.
fn worksheet_names(metadata: &[calamine::Sheet]) -> Result<Vec<(String, bool)>, ReadError> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for sheet in metadata {
        if sheet.typ != SheetType::WorkSheet {
            continue;
        }
        let hidden = sheet.visible != SheetVisible::Visible;
        let key = sheet_key(&sheet.name);
        if let Some((first, first_hidden)) = out.iter().find(|(n, _)| sheet_key(n) == key) {
            return Err(ReadError::file(Msg::SheetNamesClash {
                first: first.clone(),
                first_hidden: Hidden(*first_hidden),
                second: sheet.name.clone(),
                second_hidden: Hidden(hidden),
            }));
        }
        out.push((sheet.name.clone(), hidden));
    }
    if out.is_empty() {
        return Err(ReadError::file(Msg::NoSheets {}));
    }
    Ok(out)
}

fn read_xlsx(bytes: &[u8]) -> WorkbookRead {
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| ReadError::file(CORRUPT))?;
    let names = worksheet_names(workbook.sheets_metadata())?;
    let mut budget = MAX_CELLS;
    let mut sheets = Vec::with_capacity(names.len());
    // One string per shared string, however many cells repeat it (a
    // survey's answers): keyed by where calamine holds it.
    let mut shared: HashMap<(usize, usize), Arc<String>> = HashMap::new();
    let percent_ids = match names.first() {
        Some((first, _)) => {
            percent_styles(&mut workbook, first).map_err(|_| ReadError::sheet(first, CORRUPT))?
        }
        None => Vec::new(),
    };
    for (name, hidden) in names {
        let corrupt = || ReadError::sheet(&name, CORRUPT);
        let percent_cells =
            percent_cells(&mut workbook, &name, &percent_ids).map_err(|_| corrupt())?;
        let mut reader = workbook
            .worksheet_cells_reader(&name)
            .map_err(|_| corrupt())?;
        let mut rows = RowsBuilder::default();
        while let Some(cell) = reader.next_cell_with_formula().map_err(|_| corrupt())? {
            let value = match (cell.value, cell.formula) {
                (DataRef::Float(n), _) if percent_cells.contains(&cell.pos) => {
                    CellValue::Percent(n)
                }
                (DataRef::Int(n), _) if percent_cells.contains(&cell.pos) => {
                    CellValue::Percent(n as f64)
                }
                (DataRef::Empty, Some(formula)) if !formula.is_empty() => {
                    CellValue::Uncached(Arc::new(formula))
                }
                (DataRef::SharedString(s), _) => CellValue::Text(
                    shared
                        .entry((s.as_ptr() as usize, s.len()))
                        .or_insert_with(|| Arc::new(s.to_string()))
                        .clone(),
                ),
                (value, _) => cell_from_data(value.into()),
            };
            if value == CellValue::Empty {
                continue;
            }
            rows.accept(&name, cell.pos, value, &mut budget)?;
        }
        sheets.push(rows.finish(&name, hidden));
    }
    Ok(sheets)
}

/// Which style ids of the workbook show a number as a percentage (the
/// palette is the workbook's; calamine hands it out with a sheet's cell
/// reader). Empty when none does, as in nearly every workbook.
fn percent_styles<R: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<R>,
    first_sheet: &str,
) -> Result<Vec<bool>, calamine::XlsxError> {
    let reader = workbook.worksheet_cells_reader(first_sheet)?;
    let ids: Vec<bool> = reader
        .styles()
        .iter()
        .map(|style| {
            style
                .number_format
                .as_ref()
                .is_some_and(|f| is_percent_format(&f.format_code))
        })
        .collect();
    Ok(if ids.contains(&true) { ids } else { Vec::new() })
}

/// The cells of sheet `name` whose style is one of `percent_ids`. The
/// formula pass that reads the values does not give a cell's style, so
/// this is a second pass over the sheet's XML, made only when the workbook
/// has a percentage format at all.
fn percent_cells<R: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<R>,
    name: &str,
    percent_ids: &[bool],
) -> Result<std::collections::HashSet<(u32, u32)>, calamine::XlsxError> {
    let mut cells = std::collections::HashSet::new();
    if percent_ids.is_empty() {
        return Ok(cells);
    }
    let mut reader = workbook.worksheet_cells_reader(name)?;
    while let Some((row, col, id)) = reader.next_style_id()? {
        if percent_ids.get(id).copied().unwrap_or(false) {
            cells.insert((row, col));
        }
    }
    Ok(cells)
}

/// True when a number format shows its value as a percentage: its first
/// section (the one for positive numbers) holds `%` outside quoted text,
/// escapes and `[…]` (colours, conditions, locales): `0%`, `0.0%`,
/// `#,##0.00%`; not `0"%"` or `0\%`, which only print the sign.
pub(crate) fn is_percent_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            ';' => return false,
            '%' => return true,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            _ => {}
        }
    }
    false
}

/// Excel's limit on a cell's characters, for the cell at `at` of `sheet`
/// in a `file` ("workbook", "file").
pub(crate) fn check_cell_chars(
    sheet: &str,
    at: (u32, u32),
    text: &str,
    file: FileKind,
) -> Result<(), ReadError> {
    // Bytes bound characters from above: count only when it may matter.
    if text.len() > MAX_CELL_CHARS {
        let chars = text.chars().count();
        if chars > MAX_CELL_CHARS {
            return Err(ReadError::at(
                sheet,
                at,
                Msg::CellTooLong {
                    chars,
                    max: MAX_CELL_CHARS,
                    file,
                },
            ));
        }
    }
    Ok(())
}

/// Rows of the non-empty cells, each row dense from column A, built as
/// the cells stream in (sheets list them row by row, left to right; any
/// other order is sorted at the end).
#[derive(Default)]
struct RowsBuilder {
    /// (row, its cells from column A), in order.
    rows: Vec<(u32, Vec<CellValue>)>,
    /// Cells that came out of order, placed at the end.
    stray: Vec<(u32, u32, CellValue)>,
}

impl RowsBuilder {
    /// Takes a non-empty cell of the sheet `name` once it is within the
    /// limits (its place, its length, the cells left in `budget`).
    fn accept(
        &mut self,
        name: &str,
        (row, col): (u32, u32),
        value: CellValue,
        budget: &mut usize,
    ) -> Result<(), ReadError> {
        check_cell_position(name, row, col)?;
        if let CellValue::Text(t) = &value {
            check_cell_chars(name, (row, col), t, FileKind::Workbook)?;
        }
        *budget = budget.checked_sub(1).ok_or_else(too_many_cells)?;
        self.push(row, col, value);
        Ok(())
    }

    fn push(&mut self, row: u32, col: u32, value: CellValue) {
        let in_order = match self.rows.last() {
            None => true,
            Some((last, cells)) if *last == row => col as usize >= cells.len(),
            Some((last, _)) => row > *last,
        };
        if !in_order || !self.stray.is_empty() {
            self.stray.push((row, col, value));
            return;
        }
        if self.rows.last().is_none_or(|(r, _)| *r != row) {
            self.rows.push((row, Vec::new()));
        }
        if let Some((_, cells)) = self.rows.last_mut() {
            cells.resize(col as usize, CellValue::Empty);
            cells.push(value);
        }
    }

    fn finish(mut self, name: &str, hidden: bool) -> SheetData {
        if !self.stray.is_empty() {
            let mut cells: Vec<(u32, u32, CellValue)> = Vec::new();
            for (row, values) in self.rows.drain(..) {
                cells.extend(
                    values
                        .into_iter()
                        .enumerate()
                        .filter(|(_, v)| *v != CellValue::Empty)
                        .map(|(c, v)| (row, c as u32, v)),
                );
            }
            cells.append(&mut self.stray);
            // The last value given for a cell wins, as in the sheet.
            cells.sort_by_key(|c| (c.0, c.1));
            let mut ordered = RowsBuilder::default();
            let mut iter = cells.into_iter().peekable();
            while let Some((r, c, v)) = iter.next() {
                if iter.peek().is_some_and(|n| (n.0, n.1) == (r, c)) {
                    continue;
                }
                ordered.push(r, c, v);
            }
            self.rows = ordered.rows;
        }
        let rows = self
            .rows
            .into_iter()
            .filter_map(|(row, mut cells)| {
                while cells.last().is_some_and(CellValue::is_blank) {
                    cells.pop();
                }
                (!cells.is_empty()).then(|| RowCells {
                    row,
                    cells: cells.into_boxed_slice(),
                })
            })
            .collect();
        SheetData {
            path: String::new(),
            sheet: name.to_string(),
            rows,
            hidden,
            workbook: None,
            merged: Default::default(),
        }
    }
}

/// The serials of 9999-12-31, Excel's last day, in the 1900 and the 1904
/// date systems.
const CLAMP_FREE_LAST_DAYS: [f64; 2] = [2_958_465.0, 2_957_003.0];

fn date_cell(dt: calamine::ExcelDateTime) -> CellValue {
    if !dt.is_datetime() {
        return CellValue::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    let serial = dt.as_f64();
    if (y, m, d) == (9999, 12, 31) && !CLAMP_FREE_LAST_DAYS.contains(&serial.floor()) {
        // calamine shows any serial past Excel's last day as 9999-12-31;
        // the column reader refuses it as a serial past that day. (A 1904
        // workbook's serial is moved to the 1900 count, so that the message
        // quotes a serial past 2958465.)
        let in_1900 = if serial < 2_958_466.0 {
            serial + 1462.0
        } else {
            serial
        };
        return CellValue::Number(in_1900);
    }
    match NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
        Some(date) if serial >= 1.0 => CellValue::Date(date),
        // Serial 0 or below, and Excel's fictitious 1900-02-29: the column
        // reader rejects the serial with its own words.
        _ => CellValue::Number(dt.as_f64()),
    }
}

fn cell_from_data(data: Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Empty,
        Data::Int(i) => CellValue::Number(i as f64),
        Data::Float(f) => CellValue::Number(f),
        Data::String(s) => CellValue::text(s),
        Data::Bool(b) => CellValue::Bool(b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::text(s),
        Data::Error(e) => CellValue::Error(Arc::new(e.to_string())),
    }
}

/// .ods and .xls through calamine's dense ranges, once their extent is
/// known to be bounded (checked before: [`ods_extent`], [`xls_extent`]).
fn read_dense<R: Reader<Cursor<Vec<u8>>>>(mut workbook: R) -> WorkbookRead {
    let names = worksheet_names(workbook.sheets_metadata())?;
    let mut budget = MAX_CELLS;
    let mut sheets = Vec::with_capacity(names.len());
    for (name, hidden) in names {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|_| ReadError::sheet(&name, CORRUPT))?;
        let formulas = workbook.worksheet_formula(&name).ok();
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = RowsBuilder::default();
        for (i, row) in range.rows().enumerate() {
            for (j, data) in row.iter().enumerate() {
                let (r, c) = (row0 + i as u32, col0 + j as u32);
                let value = match data {
                    Data::Empty => match formulas
                        .as_ref()
                        .and_then(|f| f.get_value((r, c)))
                        .filter(|f| !f.is_empty())
                    {
                        Some(formula) => CellValue::Uncached(Arc::new(formula.clone())),
                        None => continue,
                    },
                    other => cell_from_data(other.clone()),
                };
                rows.accept(&name, (r, c), value, &mut budget)?;
            }
        }
        sheets.push(rows.finish(&name, hidden));
    }
    Ok(sheets)
}

fn read_ods(bytes: Vec<u8>) -> WorkbookRead {
    let workbook: Ods<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| ReadError::file(CORRUPT))?;
    read_dense(workbook)
}

fn read_xls(bytes: Vec<u8>) -> WorkbookRead {
    xls_extent::check(&bytes)?;
    let workbook: Xls<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| ReadError::file(CORRUPT))?;
    read_dense(workbook)
}

fn extent_message(rows: u64, cols: u64) -> Msg {
    Msg::SheetTooLarge {
        rows,
        cols,
        max: MAX_DENSE_CELLS,
    }
}

/// The used range of each table of an .ods's content.xml, measured from
/// its repeated rows and columns without expanding them (calamine expands
/// them: a 1 KB file asked for 7.7 GB).
mod ods_extent {
    use std::io::BufRead;

    use quick_xml::events::{BytesStart, Event};
    use quick_xml::Reader;

    use super::{extent_message, ReadError, MAX_COLUMNS, MAX_DENSE_CELLS, MAX_ROWS};

    #[derive(Default)]
    struct Extent {
        name: String,
        row: u64,
        col: u64,
        row_repeat: u64,
        first_row: Option<u64>,
        last_row: u64,
        first_col: u64,
        last_col: u64,
    }

    impl Extent {
        fn cells(&self) -> (u64, u64) {
            match self.first_row {
                Some(first) => (
                    self.last_row - first + 1,
                    self.last_col.saturating_sub(self.first_col) + 1,
                ),
                None => (0, 0),
            }
        }

        fn check(&self) -> Result<(), ReadError> {
            let (rows, cols) = self.cells();
            if rows.saturating_mul(cols) > MAX_DENSE_CELLS
                || self.last_col >= u64::from(MAX_COLUMNS)
                || self.last_row >= u64::from(MAX_ROWS)
            {
                return Err(ReadError::sheet(&self.name, extent_message(rows, cols)));
            }
            Ok(())
        }
    }

    fn attr_u64(e: &BytesStart<'_>, name: &str) -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
            .max(1)
    }

    fn has_value(e: &BytesStart<'_>) -> bool {
        e.attributes().flatten().any(|a| {
            let key = a.key.as_ref();
            key == "office:value-type" || key == "table:formula"
        })
    }

    pub(super) fn check<R: BufRead>(input: R) -> Result<(), ReadError> {
        let mut reader = Reader::from_reader(input);
        let mut buf = Vec::new();
        let mut table = Extent::default();
        // Elements open: calamine loops for ever on a table (or a note)
        // that the file never closes.
        let mut depth = 0usize;
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|_| ReadError::file(super::CORRUPT))?;
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            match event {
                Event::Start(e) if e.name().as_ref() == "table:table" => {
                    let name = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == "table:name")
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                    table = Extent {
                        name,
                        ..Extent::default()
                    };
                }
                Event::End(e) if e.name().as_ref() == "table:table" => table.check()?,
                Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                    table.row_repeat = attr_u64(&e, "table:number-rows-repeated");
                    table.col = 0;
                }
                // `<table:table-row/>` has no cells and no End event.
                Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                    let repeat = attr_u64(&e, "table:number-rows-repeated");
                    table.row = table.row.saturating_add(repeat);
                }
                Event::End(e) if e.name().as_ref() == "table:table-row" => {
                    table.row = table.row.saturating_add(table.row_repeat);
                }
                Event::Start(e) | Event::Empty(e)
                    if e.name().as_ref() == "table:table-cell"
                        || e.name().as_ref() == "table:covered-table-cell" =>
                {
                    let repeat = attr_u64(&e, "table:number-columns-repeated");
                    if has_value(&e) {
                        let last_row = table.row.saturating_add(table.row_repeat - 1);
                        let last_col = table.col.saturating_add(repeat - 1);
                        match table.first_row {
                            None => {
                                table.first_row = Some(table.row);
                                table.first_col = table.col;
                            }
                            Some(_) => table.first_col = table.first_col.min(table.col),
                        }
                        table.last_row = table.last_row.max(last_row);
                        table.last_col = table.last_col.max(last_col);
                        table.check()?;
                    }
                    table.col = table.col.saturating_add(repeat);
                }
                Event::Eof if depth > 0 => return Err(ReadError::file(super::CORRUPT)),
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }
}

/// The merged cells of the sheet `name` of an .xlsx, looked up when a
/// blank cell of it is reported (empty when they cannot be read: the
/// message then only says the cell is blank).
pub(crate) fn merged_cells(bytes: &[u8], name: &str) -> Vec<Merged> {
    let read = isolated(|| {
        let mut workbook: Xlsx<_> =
            open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| ReadError::file(CORRUPT))?;
        let merged = workbook
            .merge_cells_by_sheet_name(name)
            .map_err(|_| ReadError::file(CORRUPT))?;
        Ok(merged
            .into_iter()
            .map(|d| Merged {
                first: d.start,
                last: d.end,
            })
            .collect())
    });
    read.unwrap_or_default()
}

/// The used range of each sheet of an .xls, from the row and column of
/// its BIFF cell records and its DIMENSIONS record, before calamine reads
/// it: calamine reserves rows × columns of a sheet as it opens the file.
mod xls_extent {
    use std::io::{Cursor, Read};

    use super::{ReadError, CORRUPT, MAX_DENSE_CELLS};

    fn u16_at(data: &[u8], at: usize) -> Option<u64> {
        data.get(at..at + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    }

    fn u32_at(data: &[u8], at: usize) -> Option<u64> {
        data.get(at..at + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    }

    #[derive(Default)]
    struct Extent {
        rows: Option<(u64, u64)>,
        cols: Option<(u64, u64)>,
    }

    impl Extent {
        fn add(&mut self, row: u64, first_col: u64, last_col: u64) {
            let r = self.rows.get_or_insert((row, row));
            *r = (r.0.min(row), r.1.max(row));
            let c = self.cols.get_or_insert((first_col, last_col));
            *c = (c.0.min(first_col), c.1.max(last_col));
        }

        fn size(&self) -> (u64, u64) {
            match (self.rows, self.cols) {
                (Some(r), Some(c)) => (r.1 - r.0 + 1, c.1.saturating_sub(c.0) + 1),
                _ => (0, 0),
            }
        }
    }

    /// The records of `stream` as (type, data), as calamine walks them,
    /// up to the first one cut short.
    fn records(stream: &[u8]) -> impl Iterator<Item = (u64, &[u8])> {
        let mut at = 0usize;
        std::iter::from_fn(move || {
            let typ = u16_at(stream, at)?;
            let len = u16_at(stream, at + 2)? as usize;
            let data = stream.get(at + 4..at + 4 + len)?;
            at += 4 + len;
            Some((typ, data))
        })
    }

    pub(super) fn check(bytes: &[u8]) -> Result<(), ReadError> {
        let mut file =
            cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| ReadError::file(CORRUPT))?;
        let name = if file.is_stream("/Workbook") {
            "/Workbook"
        } else {
            "/Book"
        };
        let mut stream = Vec::new();
        file.open_stream(name)
            .and_then(|mut s| {
                s.by_ref()
                    .take(super::MAX_INFLATED_BYTES)
                    .read_to_end(&mut stream)
            })
            .map_err(|_| ReadError::file(CORRUPT))?;
        // The globals list where each sheet starts (BOUNDSHEET); calamine
        // reads each sheet from there, whatever lies between.
        let mut starts: Vec<usize> = Vec::new();
        for (typ, data) in records(&stream) {
            match typ {
                0x0085 => starts.extend(u32_at(data, 0).map(|p| p as usize)),
                0x000A => break,
                _ => {}
            }
        }
        for (n, start) in starts.into_iter().enumerate() {
            let Some(sheet) = stream.get(start..) else {
                continue;
            };
            check_sheet(sheet, n + 1)?;
        }
        Ok(())
    }

    /// One sheet's records as calamine reads them into cells: a nested
    /// substream (a chart) is skipped, the sheet ends at its EOF.
    fn check_sheet(sheet: &[u8], number: usize) -> Result<(), ReadError> {
        let mut extent = Extent::default();
        let mut depth = 0usize;
        let mut seen_bof = false;
        let mut formula_at: (u64, u64) = (0, 0);
        for (typ, data) in records(sheet) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // DIMENSIONS: calamine reserves the range it states, read
                // as calamine reads it (BIFF5 u16 fields, BIFF8 u32 rows).
                0x0200 => {
                    let (r0, r1, c0, c1) = match data.len() {
                        10 => (
                            u16_at(data, 0).unwrap_or(0),
                            u16_at(data, 2).unwrap_or(0),
                            u16_at(data, 4).unwrap_or(0),
                            u16_at(data, 6).unwrap_or(0),
                        ),
                        14 | 16 => (
                            u32_at(data, 0).unwrap_or(0),
                            u32_at(data, 4).unwrap_or(0),
                            u16_at(data, 8).unwrap_or(0),
                            u16_at(data, 10).unwrap_or(0),
                        ),
                        _ => (0, 1, 0, 1),
                    };
                    let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
                    // The last row and column are stated plus one; a range
                    // that ends before it starts wraps around in calamine.
                    let (rows, cols) = if r1 >= 1 && c1 >= 1 {
                        (
                            i128::from(r1) - i128::from(r0),
                            i128::from(c1) - i128::from(c0),
                        )
                    } else {
                        (1, 1)
                    };
                    if rows <= 0 || cols <= 0 {
                        return Err(ReadError::file(CORRUPT));
                    }
                    let (rows, cols) = (rows as u64, cols as u64);
                    if rows.saturating_mul(cols) > MAX_DENSE_CELLS {
                        return Err(xls_error(number, rows, cols));
                    }
                }
                // Cell records: row, then column.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        extent.add(row, col, col);
                    }
                }
                // FORMULA: a cell, and where its STRING value goes.
                0x0006 if data.len() >= 20 => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        formula_at = (row, col);
                        extent.add(row, col, col);
                    }
                }
                0x0207 => extent.add(formula_at.0, formula_at.1, formula_at.1),
                // MULRK: row, first column, …, last column.
                0x00BD if data.len() >= 6 => {
                    let last = u16_at(data, data.len() - 2).unwrap_or(0);
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        if last >= col {
                            extent.add(row, col, last);
                        }
                    }
                }
                _ => {}
            }
            check_extent(&extent, number)?;
        }
        Ok(())
    }

    /// `sheet` counts the workbook's sheets from 1.
    fn xls_error(sheet: usize, rows: u64, cols: u64) -> ReadError {
        ReadError::file(crate::diag::Msg::XlsSheetTooLarge {
            sheet,
            rows,
            cols,
            max: super::MAX_DENSE_CELLS,
        })
    }

    fn check_extent(extent: &Extent, sheet: usize) -> Result<(), ReadError> {
        let (rows, cols) = extent.size();
        if rows.saturating_mul(cols) > MAX_DENSE_CELLS {
            return Err(xls_error(sheet, rows, cols));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        for code in [
            "0%",
            "0.00%",
            "#,##0.0%",
            "[Red]0%",
            "0%;[Red]-0%",
            "_(0%_)",
        ] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in [
            "General",
            "0",
            "#,##0",
            "0\"%\"",
            "0\\%",
            "0;0%",
            "[$%-409]0",
            "yyyy-mm-dd",
            "",
        ] {
            assert!(!is_percent_format(code), "{code}");
        }
    }

    #[test]
    fn signatures() {
        assert!(check_signature(b"", "xlsx")
            .unwrap_err()
            .text(crate::diag::Lang::En)
            .starts_with("empty file"));
        assert_eq!(
            check_signature(b"a,b\n1,2", "xlsx")
                .unwrap_err()
                .text(crate::diag::Lang::En),
            "the file is text (CSV?), not what its extension .xlsx says: save it as a real .xlsx workbook, or give the sheet as <name>.<sheet>.csv"
        );
        assert!(check_signature(&[0x01, 0x02, 0xff, 0x00], "xlsx")
            .unwrap_err()
            .text(crate::diag::Lang::En)
            .contains("not what its extension says"));
        let ooxml = b"PK\x03\x04....[Content_Types].xml....";
        assert!(check_signature(ooxml, "ods")
            .unwrap_err()
            .text(crate::diag::Lang::En)
            .contains(".xlsx workbook"));
        let ods = b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
        assert!(check_signature(ods, "ods").is_ok());
        assert!(check_signature(ods, "xlsx")
            .unwrap_err()
            .text(crate::diag::Lang::En)
            .contains(".ods workbook"));
        assert!(check_signature(b"PK\x03\x04rest", "xlsx").is_ok());
        assert!(check_signature(b"PK\x03\x04rest", "xls")
            .unwrap_err()
            .text(crate::diag::Lang::En)
            .contains("ZIP"));
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert!(check_signature(&ole, "xlsx")
            .unwrap_err()
            .text(crate::diag::Lang::En)
            .contains("password-protected"));
        assert!(check_signature(&ole, "xls").is_ok());
    }
}
