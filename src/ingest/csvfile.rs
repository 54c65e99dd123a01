//! CSV files standing in for a sheet (`<stem>.<sheet>.csv`): encoding
//! detection, and records read so that nothing is lost silently (SPEC §4,
//! §11): an unterminated quote or a mix of encodings is an error, and each
//! record is located by its row as a spreadsheet would show it.

use std::path::Path;
use std::sync::Arc;

use crate::diag::{FileKind, Msg};
use crate::ingest::source::{CellValue, RowCells, SheetData};
use crate::ingest::workbook::{check_cell_chars, check_cell_position, ReadError, MAX_CELLS};

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
pub fn decode_csv(bytes: &[u8]) -> Result<(String, CsvEncoding), Msg> {
    decode_csv_owned(bytes.to_vec())
}

/// [`decode_csv`] taking the bytes: UTF-8 becomes the text in place, with
/// no second copy of the file.
fn decode_csv_owned(mut bytes: Vec<u8>) -> Result<(String, CsvEncoding), Msg> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Msg::CsvUtf16 {});
    }
    const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
    if bytes.starts_with(&BOM) {
        bytes.drain(..BOM.len());
        return String::from_utf8(bytes)
            .map(|s| (s, CsvEncoding::Utf8Bom))
            .map_err(|e| mixed_encodings(e.as_bytes()).unwrap_or(Msg::CsvBadBom {}));
    }
    if looks_like_utf16(&bytes) {
        return Err(Msg::CsvUtf16 {});
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, CsvEncoding::Utf8)),
        Err(e) => e.into_bytes(),
    };
    let bytes = bytes.as_slice();
    if let Some(message) = mixed_encodings(bytes) {
        return Err(message);
    }
    // Japanese EUC-JP text is valid EUC-JP but, read as Shift_JIS, decodes
    // into half-width katakana without errors; Shift_JIS with kana or kanji
    // almost never is valid EUC-JP (its lead bytes 0x81–0x9F are not).
    if encoding_rs::EUC_JP
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
    {
        return Err(Msg::CsvEucJp {});
    }
    match encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text.into_owned(), CsvEncoding::ShiftJis)),
        None => Err(Msg::CsvUnknownEncoding {}),
    }
}

/// BOM-less UTF-16 shows as many NUL bytes in ASCII-heavy text.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    sample.len() >= 4 && sample.iter().filter(|b| **b == 0).count() * 4 >= sample.len()
}

/// A file whose non-ASCII lines are partly valid UTF-8 and partly not was
/// saved piecewise in two encodings (e.g. rows pasted from a Shift_JIS
/// export into a UTF-8 file): read in either, some rows would be mojibake.
fn mixed_encodings(bytes: &[u8]) -> Option<Msg> {
    let mut utf8_line = None;
    let mut other_line = None;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        if std::str::from_utf8(line).is_ok() {
            utf8_line.get_or_insert(i + 1);
        } else {
            other_line.get_or_insert(i + 1);
        }
        if let (Some(u), Some(o)) = (utf8_line, other_line) {
            return Some(Msg::CsvMixedEncodings {
                utf8_line: u,
                other_line: o,
            });
        }
    }
    None
}

/// The line on which a quoted field opens and never closes: the CSV
/// reader would take every line after it as one cell and drop the rows.
fn unterminated_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut field_start = true;
    let mut open: Option<usize> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if open.is_some() {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => {
                    open = None;
                    field_start = false;
                }
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match c {
            '"' if field_start => open = Some(line),
            ',' | '\r' => field_start = true,
            '\n' => {
                line += 1;
                field_start = true;
            }
            _ => field_start = false,
        }
    }
    open
}

/// Reads one CSV file standing in for the sheet `sheet`, with the file's
/// hash. Cells are text; column typing reads numbers out of them.
pub fn read_csv(
    path: &Path,
    sheet: &str,
) -> Result<(SheetData, crate::input::InputFile), ReadError> {
    let (bytes, file) = crate::input::read_hashed(path)?;
    Ok((read_csv_owned(bytes, sheet)?, file))
}

/// Reads CSV bytes standing in for the sheet `sheet`.
pub fn read_csv_bytes(bytes: &[u8], sheet: &str) -> Result<SheetData, ReadError> {
    read_csv_owned(bytes.to_vec(), sheet)
}

/// One string for the texts a file repeats (a survey's answers, its
/// counts), as a workbook's shared strings are: a CSV of millions of cells
/// holds a few thousand distinct texts, and a cell that repeats one is its
/// 16 bytes, not two allocations of its own. A direct-mapped cache rather
/// than a map: a repeated text is almost always still in its slot, a file
/// of distinct texts costs one look-up a cell, and the cache never grows
/// (a map of millions of distinct texts rehashes them, pointer after
/// pointer, for seconds).
struct Texts {
    slots: Vec<Option<Arc<String>>>,
}

/// Slots of [`Texts`] (a power of two): 128 KB.
const TEXT_SLOTS: usize = 1 << 14;

impl Texts {
    fn new() -> Self {
        Texts {
            slots: vec![None; TEXT_SLOTS],
        }
    }

    fn cell(&mut self, text: &str) -> CellValue {
        // FNV-1a, folded: a few nanoseconds for a short cell.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let index = ((hash ^ (hash >> 32)) as usize) & (TEXT_SLOTS - 1);
        match self.slots.get_mut(index) {
            Some(Some(shared)) if shared.as_str() == text => CellValue::Text(shared.clone()),
            Some(slot) => {
                let shared = Arc::new(text.to_string());
                *slot = Some(shared.clone());
                CellValue::Text(shared)
            }
            None => CellValue::text(text),
        }
    }
}

/// Reads the CSV `bytes` standing in for the sheet `sheet`, within the
/// bounds of a workbook's sheet (SPEC §11): [`MAX_CELLS`] filled cells,
/// [`MAX_COLUMNS`] columns and [`MAX_ROWS`] rows (a spreadsheet shows no
/// more), a cell's characters. Its memory is the text of the file and 16
/// bytes a cell, as for a workbook of as many cells.
///
/// [`MAX_COLUMNS`]: crate::ingest::workbook::MAX_COLUMNS
/// [`MAX_ROWS`]: crate::ingest::workbook::MAX_ROWS
fn read_csv_owned(bytes: Vec<u8>, sheet: &str) -> Result<SheetData, ReadError> {
    if bytes.is_empty() {
        return Err(Msg::CsvEmpty {}.into());
    }
    let (text, _) = decode_csv_owned(bytes)?;
    if let Some(line) = unterminated_quote(&text) {
        return Err(Msg::CsvUnclosedQuote { line }.into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut budget = MAX_CELLS;
    let mut texts = Texts::new();
    // Lines inside quoted cells so far: a spreadsheet shows a record with
    // a line break in a cell as one row, so rows are lines minus these.
    let mut inner_lines: u64 = 0;
    let mut lines = Lines::new(text.as_bytes());
    let mut record = csv::StringRecord::new();
    for i in 0.. {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ReadError::from(Msg::CsvMalformed {
                    record: i + 1,
                    detail: e.to_string(),
                }))
            }
        }
        // The line the record starts on, counted from its byte offset: after
        // a CRLF or a blank line the reader's own line count lags behind.
        let line = match record.position() {
            Some(p) => lines.line_at(usize::try_from(p.byte()).unwrap_or(usize::MAX)),
            None => i as u64 + 1,
        };
        let row =
            u32::try_from(line.saturating_sub(1).saturating_sub(inner_lines)).unwrap_or(u32::MAX);
        inner_lines += record
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum::<u64>();
        let mut cells: Vec<CellValue> = Vec::with_capacity(record.len());
        for (col, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                cells.push(CellValue::Empty);
                continue;
            }
            let col = u32::try_from(col).unwrap_or(u32::MAX);
            check_cell_position(sheet, row, col)?;
            check_cell_chars(sheet, (row, col), field, FileKind::File)?;
            budget = budget
                .checked_sub(1)
                .ok_or_else(|| ReadError::from(Msg::CsvTooManyCells { max: MAX_CELLS }))?;
            cells.push(texts.cell(field));
        }
        if cells.iter().all(CellValue::is_blank) {
            continue;
        }
        while cells.last().is_some_and(CellValue::is_blank) {
            cells.pop();
        }
        rows.push(RowCells {
            row,
            cells: cells.into_boxed_slice(),
        });
    }
    Ok(SheetData {
        path: String::new(),
        sheet: sheet.to_string(),
        rows,
        hidden: false,
        workbook: None,
        merged: Default::default(),
    })
}

/// Line numbers of byte offsets, for offsets that only grow.
struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line of the first byte at or after `offset` that does not
    /// end a line (a record never starts with CR or LF).
    fn line_at(&mut self, offset: usize) -> u64 {
        let mut start = offset.min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start >= self.at {
            let newlines = memchr::memchr_iter(b'\n', &self.bytes[self.at..start]).count();
            self.line += newlines as u64;
            self.at = start;
        }
        self.line
    }
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
            decode_csv(&bytes).unwrap_err().text(crate::diag::Lang::En),
            "the CSV looks encoded in EUC-JP; save it as UTF-8 or Shift_JIS (CP932)"
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("テーマ".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert!(decode_csv(&utf16)
            .unwrap_err()
            .text(crate::diag::Lang::En)
            .contains("UTF-16"));
        let bomless: Vec<u8> = "a,b,c\n1,2,3\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert!(decode_csv(&bomless)
            .unwrap_err()
            .text(crate::diag::Lang::En)
            .contains("UTF-16"));
    }

    #[test]
    fn an_unterminated_quote_is_found() {
        assert_eq!(unterminated_quote("a,b\n\"x,1\n2,3\n"), Some(2));
        assert_eq!(
            unterminated_quote("a,\"b\"\"c\"\n\"multi\nline\",2\n"),
            None
        );
        assert_eq!(unterminated_quote("a,b\"c\n"), None);
        let err = read_csv_bytes(
            "テーマ,研修名\n1,\"講座\n2,x\n3,y\n".as_bytes(),
            "人材育成研修",
        )
        .unwrap_err();
        assert!(
            err.message
                .text(crate::diag::Lang::En)
                .contains("line 2 is never closed"),
            "{err:?}"
        );
    }

    #[test]
    fn mixed_encodings_are_refused() {
        let mut bytes = "テーマ,研修名\n1,講座\n".as_bytes().to_vec();
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("2,臨床研究セミナー\n");
        bytes.extend_from_slice(&sjis);
        assert_eq!(
            decode_csv(&bytes).unwrap_err().text(crate::diag::Lang::En),
            "the CSV mixes encodings: line 1 is UTF-8 but line 3 is not (Shift_JIS?); save the whole file in one encoding, UTF-8 or Shift_JIS (CP932)"
        );
    }

    #[test]
    fn records_are_located_by_row_not_line() {
        let sheet = read_csv_bytes("a,b\n\"x\ny\",1\nz,2\n".as_bytes(), "s").unwrap();
        let rows: Vec<u32> = sheet.rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, vec![0, 1, 2]);
    }

    #[test]
    fn records_after_crlf_lines_are_on_their_own_row() {
        let sheet =
            read_csv_bytes("a,b\r\n1,2\r\n\r\n\"x\r\ny\",3\r\nz,4\r\n".as_bytes(), "s").unwrap();
        let rows: Vec<u32> = sheet.rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, vec![0, 1, 3, 4]);
    }
}
