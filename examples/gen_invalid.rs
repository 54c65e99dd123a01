//! Writes the bad-input test cases of `tests/invalid/` (SPEC §9).
//!
//! Run from the crate root:
//!
//! ```text
//! cargo run --release --example gen_invalid
//! ```
//!
//! Each case is a folder `tests/invalid/<case>/` holding a minimal data folder
//! `data/R7/…` (one round, only the files the case needs, valid except for
//! the one defect the case is named after), optionally an `args` file (the
//! command line, one argument per line, instead of `--data data validate`)
//! and the `expected` and `expected.ja` outputs that `tests/golden/main.rs`
//! compares with (see `tests/invalid/README.md`; `MDKPI_BLESS=1 cargo test
//! --release --test golden` rewrites them). The generator owns `data/` and
//! `args` of every case it knows and rewrites them on every run; it never
//! touches the expected files. The output is deterministic: the workbooks'
//! creation date and the ZIP and OLE entries' dates are fixed, and "random"
//! bytes come from a seeded generator. Some cases hold symbolic links (a
//! dangling one, a loop), so the generator runs on Unix.
//!
//! Every code of the catalogue should be printed by a case; the codes no
//! input can provoke are listed in `tests/invalid/UNREACHABLE.md` with the
//! reason.
//!
//! One file is not generated: `encrypted-workbook/data/R7/companies.xlsx`.
//! Encryption (msoffcrypto-tool, ECMA-376 agile) uses a random salt, so the
//! encrypted workbook was made once and is checked in as a plain file:
//!
//! ```text
//! cargo run --release --example gen_invalid -- --plain-companies /tmp/plain.xlsx
//! pip install msoffcrypto-tool
//! msoffcrypto-tool -e -p secret /tmp/plain.xlsx \
//!     tests/invalid/encrypted-workbook/data/R7/companies.xlsx
//! ```
//!
//! The generator keeps that file (it only rewrites the case's round.toml) and
//! fails if it is missing.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook};

type Res<T> = Result<T, Box<dyn Error>>;

const ROUND_TOML: &str = "label = \"R7\"
fiscal_year = 2025
period_start = 2025-03-07
period_end = 2026-03-06
reference_date = 2026-01-01
";

/// The round before R7, for cases that compare two rounds.
const ROUND_TOML_R6: &str = "label = \"R6\"
fiscal_year = 2024
period_start = 2024-03-07
period_end = 2025-03-06
reference_date = 2025-01-01
";

// ---------------------------------------------------------------- sheets

#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Num(f64),
    /// An Excel date cell (number with a date format).
    Date(u16, u8, u8),
    /// A number formatted as a percentage (`0%`): 0.5 shows as 50%.
    Percent(f64),
    /// A formula whose cached result is an Excel error such as `#DIV/0!`.
    Error(&'static str),
    /// A formula without a saved value, as a program that writes formulas
    /// but does not calculate them leaves it (only in [`answers_xlsx`]).
    Uncached(&'static str),
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn n(x: f64) -> Cell {
    Cell::Num(x)
}

#[derive(Debug, Clone, Default)]
struct Sheet {
    name: String,
    rows: Vec<Vec<Cell>>,
    hidden: bool,
    /// Merged ranges, 1-based sheet rows and 0-based columns:
    /// (first row, column, last row); the value is the first cell's.
    merged: Vec<(usize, usize, usize)>,
    /// Cells given by 0-based (row, column), written after the rows: far
    /// away ones.
    extra: Vec<(u32, u16, String)>,
}

impl Sheet {
    fn new(name: &str, header: &[&str], body: Vec<Vec<Cell>>) -> Sheet {
        let mut rows = vec![header.iter().map(|h| t(h)).collect::<Vec<_>>()];
        rows.extend(body);
        Sheet {
            name: name.to_string(),
            rows,
            ..Sheet::default()
        }
    }

    /// A text at the 0-based (row, column), anywhere in the grid.
    fn at(mut self, row: u32, col: u16, text: &str) -> Sheet {
        self.extra.push((row, col, text.to_string()));
        self
    }

    fn hidden(mut self) -> Sheet {
        self.hidden = true;
        self
    }

    /// Merges the cells of column `name` from sheet row `first` to `last`
    /// (the value stays in the first; the others must be empty).
    fn merge(mut self, name: &str, first: usize, last: usize) -> Sheet {
        let col = self.col(name);
        self.merged.push((first, col, last));
        self
    }

    fn col(&self, name: &str) -> usize {
        self.rows[0]
            .iter()
            .position(|c| *c == t(name))
            .unwrap_or_else(|| panic!("no column {name} in {}", self.name))
    }

    /// Sets the cell of column `name` in the 1-based sheet row `row`.
    fn set(mut self, row: usize, name: &str, cell: Cell) -> Sheet {
        let col = self.col(name);
        let cells = &mut self.rows[row - 1];
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = cell;
        self
    }

    fn drop_column(mut self, name: &str) -> Sheet {
        let col = self.col(name);
        for row in &mut self.rows {
            if col < row.len() {
                row.remove(col);
            }
        }
        self
    }

    /// Appends a column: its header and one cell per data row.
    fn add_column(mut self, name: &str, cells: Vec<Cell>) -> Sheet {
        self.rows[0].push(t(name));
        let width = self.rows[0].len();
        let mut cells = cells.into_iter();
        for row in self.rows.iter_mut().skip(1) {
            row.resize(width - 1, Cell::Empty);
            row.push(cells.next().unwrap_or(Cell::Empty));
        }
        self
    }

    fn renamed(mut self, name: &str) -> Sheet {
        self.name = name.to_string();
        self
    }

    fn push_row(mut self, row: Vec<Cell>) -> Sheet {
        self.rows.push(row);
        self
    }
}

/// The workbook bytes, identical on every run (fixed creation date; the
/// ZIP entries carry rust_xlsxwriter's fixed 1980 timestamp).
fn xlsx(sheets: &[Sheet]) -> Res<Vec<u8>> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("mdkpi tests"),
    );
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let percent_format = Format::new().set_num_format("0%");
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(&sheet.name)?;
        if sheet.hidden {
            ws.set_hidden(true);
        }
        for &(first, col, last) in &sheet.merged {
            // Merged blank; the first cell's value is written below.
            ws.merge_range(
                first as u32 - 1,
                col as u16,
                last as u32 - 1,
                col as u16,
                "",
                &Format::new(),
            )?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Cell::Num(x) => {
                        ws.write_number(r, c, *x)?;
                    }
                    Cell::Date(y, m, d) => {
                        let date = ExcelDateTime::from_ymd(*y, *m, *d)?;
                        ws.write_datetime_with_format(r, c, &date, &date_format)?;
                    }
                    Cell::Percent(x) => {
                        ws.write_number_with_format(r, c, *x, &percent_format)?;
                    }
                    Cell::Error(e) => {
                        let formula = match *e {
                            "#DIV/0!" => "=1/0",
                            "#N/A" => "=NA()",
                            _ => "=1/0",
                        };
                        ws.write_formula(r, c, Formula::new(formula).set_result(*e))?;
                    }
                    Cell::Uncached(_) => {
                        return Err("an uncached formula needs answers_xlsx".into());
                    }
                }
            }
        }
        for (r, c, text) in &sheet.extra {
            ws.write_string(*r, *c, text)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// A workbook of one sheet named `回答` whose XML is written here, for
/// what rust_xlsxwriter does not write: a formula without a saved value.
/// Text cells are inline strings; `shared` is the shared-strings part, or
/// None for mdkpi's default one. Packed by `mdkpi::fuzzing` (stored ZIP
/// parts, fixed dates).
fn answers_xlsx(sheet: &Sheet, shared: Option<&str>) -> Res<Vec<u8>> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet \
xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (r, row) in sheet.rows.iter().enumerate() {
        xml.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = mdkpi::diag::a1(r as u32, c as u32);
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => xml.push_str(&format!(
                    "<c r=\"{at}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                    xml_escape(s)
                )),
                Cell::Num(x) => xml.push_str(&format!("<c r=\"{at}\"><v>{x}</v></c>")),
                Cell::Uncached(f) => {
                    xml.push_str(&format!("<c r=\"{at}\"><f>{}</f></c>", xml_escape(f)))
                }
                Cell::Date(..) | Cell::Percent(_) | Cell::Error(_) => {
                    return Err("answers_xlsx writes text, numbers and formulas only".into())
                }
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>\n");
    let mut data = xml.into_bytes();
    if let Some(shared) = shared {
        data.push(0);
        data.extend_from_slice(shared.as_bytes());
    }
    Ok(mdkpi::fuzzing::xlsx_from_sheet_xml(&data))
}

/// The sheet as CSV text (cells as an analyst's export would show them).
fn csv(sheet: &Sheet) -> String {
    let mut out = String::new();
    for row in &sheet.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|cell| {
                let s = match cell {
                    Cell::Empty => String::new(),
                    Cell::Text(s) => s.clone(),
                    Cell::Num(x) => format!("{x}"),
                    Cell::Percent(x) => format!("{}%", x * 100.0),
                    Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
                    Cell::Error(e) => e.to_string(),
                    Cell::Uncached(f) => format!("={f}"),
                };
                if s.contains([',', '"', '\n']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

fn utf8_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn encode(encoding: &'static encoding_rs::Encoding, text: &str) -> Res<Vec<u8>> {
    let (bytes, _, unmappable) = encoding.encode(text);
    if unmappable {
        return Err(format!("text not representable in {}", encoding.name()).into());
    }
    Ok(bytes.into_owned())
}

/// Deterministic pseudo-random bytes (xorshift64*).
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.max(1);
    (0..len)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

// ------------------------------------------------------------ minimal ODS

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A ZIP archive of stored (uncompressed) entries, dated 1980-01-01.
fn stored_zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    const DOS_DATE: u16 = 0x21; // 1980-01-01
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let name_len = name.len() as u16;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, 0, 0, 0, DOS_DATE] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 0, 0, 0, DOS_DATE] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name_len, 0, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    let count = entries.len() as u16;
    for v in [0u16, 0, count, count] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A minimal OpenDocument spreadsheet holding `sheets`.
fn ods(sheets: &[Sheet]) -> Vec<u8> {
    let mut content = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
office:version=\"1.2\"><office:body><office:spreadsheet>",
    );
    for sheet in sheets {
        content.push_str(&format!(
            "<table:table table:name=\"{}\">",
            xml_escape(&sheet.name)
        ));
        for row in &sheet.rows {
            content.push_str("<table:table-row>");
            for cell in row {
                match cell {
                    Cell::Empty => content.push_str("<table:table-cell/>"),
                    Cell::Num(x) => content.push_str(&format!(
                        "<table:table-cell office:value-type=\"float\" office:value=\"{x}\"><text:p>{x}</text:p></table:table-cell>"
                    )),
                    Cell::Percent(x) => content.push_str(&format!(
                        "<table:table-cell office:value-type=\"percentage\" office:value=\"{x}\"><text:p>{x}</text:p></table:table-cell>"
                    )),
                    Cell::Date(y, m, d) => content.push_str(&format!(
                        "<table:table-cell office:value-type=\"date\" office:date-value=\"{y:04}-{m:02}-{d:02}\"><text:p>{y:04}-{m:02}-{d:02}</text:p></table:table-cell>"
                    )),
                    Cell::Text(s) => content.push_str(&format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                        xml_escape(s)
                    )),
                    Cell::Error(e) | Cell::Uncached(e) => content.push_str(&format!(
                        "<table:table-cell><text:p>{}</text:p></table:table-cell>",
                        xml_escape(e)
                    )),
                }
            }
            content.push_str("</table:table-row>");
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>\n");
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n \
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\n \
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n\
</manifest:manifest>\n";
    stored_zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("META-INF/manifest.xml", manifest.as_bytes().to_vec()),
        ("content.xml", content.into_bytes()),
    ])
}

// ------------------------------------------------------- other containers

/// The ZIP package `zip` with every part deflated (a workbook as Excel
/// writes it), in the same order; the ZIP entries keep the zip crate's
/// fixed 1980 timestamp.
fn deflated(zip: &[u8]) -> Res<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        let name = part.name()?.to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content)?;
        out.start_file(name, options)?;
        out.write_all(&content)?;
    }
    Ok(out.finish()?.into_inner())
}

/// The ZIP package `zip` with the inflated size its part `name` declares
/// (in its local and central headers) set to `size`: a part that claims
/// more than any workbook holds.
fn declare_size(mut zip: Vec<u8>, name: &str, size: u32) -> Res<Vec<u8>> {
    let u16_at = |z: &[u8], at: usize| u16::from_le_bytes([z[at], z[at + 1]]) as usize;
    let mut patched = 0;
    let mut at = 0;
    while at + 46 <= zip.len() {
        let signature = &zip[at..at + 4];
        // Local header: sizes at 18/22, name length at 26, name at 30.
        // Central header: sizes at 20/24, name length at 28, name at 46.
        let (size_at, name_len_at, name_at) = if signature == b"PK\x03\x04" {
            (22, 26, 30)
        } else if signature == b"PK\x01\x02" {
            (24, 28, 46)
        } else {
            at += 1;
            continue;
        };
        let len = u16_at(&zip, at + name_len_at);
        if zip.get(at + name_at..at + name_at + len) == Some(name.as_bytes()) {
            zip[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        at += 4;
    }
    if patched != 2 {
        return Err(format!("{name}: {patched} headers found, expected 2").into());
    }
    Ok(zip)
}

/// An Excel 97–2003 workbook (BIFF8 in an OLE container) of one empty
/// sheet whose DIMENSIONS record claims `rows` × `cols` cells.
fn xls_claiming(rows: u32, cols: u16) -> Res<Vec<u8>> {
    use std::io::Write;
    let record = |typ: u16, data: &[u8]| {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    };
    let bof = record(
        0x0809,
        &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let eof = record(0x000A, &[]);
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(rows.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(cols.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    // BOUNDSHEET: where the sheet's records start.
    let name = b"Sheet1";
    let mut sheet_at = Vec::new();
    let globals_len = (bof.len() + eof.len() + 4 + 8 + name.len()) as u32;
    sheet_at.extend(globals_len.to_le_bytes());
    sheet_at.extend([0u8, 0, name.len() as u8, 0]);
    sheet_at.extend(name);
    let mut stream = Vec::new();
    stream.extend(&bof);
    stream.extend(record(0x0085, &sheet_at));
    stream.extend(&eof);
    stream.extend(&bof);
    stream.extend(record(0x0200, &dims));
    stream.extend(&eof);
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new()))?;
    file.create_stream("/Workbook")?.write_all(&stream)?;
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

// ------------------------------------------------------- valid baselines

const INFO: &str = "拠点情報";
const TRAINING: &str = "人材育成研修";
const JOINT: &str = "共同研究";

fn station_info(name: &str) -> Sheet {
    Sheet::new(
        INFO,
        &["拠点名", "事業", "分野", "所管"],
        vec![vec![
            t(name),
            t("医療機器開発推進研究拠点事業"),
            t("医療機器開発"),
            t("厚労省"),
        ]],
    )
}

fn station_training() -> Sheet {
    Sheet::new(
        TRAINING,
        &["テーマ", "研修名", "受入人数", "備考"],
        vec![
            vec![n(1.0), t("医療機器開発入門講座"), n(30.0), Cell::Empty],
            vec![n(2.0), t("薬事規制セミナー"), n(25.0), t("オンライン")],
            vec![n(3.0), t("臨床評価実践コース"), n(12.0), Cell::Empty],
        ],
    )
}

/// R6's training sheet: more participants than R7's.
fn station_training_r6() -> Sheet {
    Sheet::new(
        TRAINING,
        &["テーマ", "研修名", "受入人数", "備考"],
        vec![vec![
            n(1.0),
            t("医療機器開発入門講座"),
            n(90.0),
            Cell::Empty,
        ]],
    )
}

fn station_joint() -> Sheet {
    Sheet::new(
        JOINT,
        &["項目", "件数"],
        vec![
            vec![t("基礎研究"), n(4.0)],
            vec![t("開発研究"), n(3.0)],
            vec![t("臨床試験"), n(1.0)],
        ],
    )
}

const STATION: &str = "東京医療機器イノベーション拠点";

fn station() -> Vec<Sheet> {
    vec![station_info(STATION), station_training(), station_joint()]
}

/// Column headers of `companies.xlsx` in SPEC §4.3 order: 資本金(百万円) is D.
const COMPANY_COLUMNS: [&str; 21] = [
    "回答ID",
    "資本",
    "設立日",
    "資本金(百万円)",
    "従業員数",
    "自社研究開発",
    "輸入主体",
    "異業種参入",
    "医療機器研究開発開始日",
    "研究開発特化型",
    "上市可能製品",
    "海外拠点_研究開発",
    "海外拠点_生産",
    "海外拠点_販売",
    "海外拠点_教育",
    "海外拠点_その他",
    "輸出",
    "知財海外出願",
    "海外投資",
    "海外許認可申請",
    "海外共同研究開発",
];

/// 11 responses, sheet rows 2–12.
fn companies() -> Sheet {
    let founded: [Cell; 11] = [
        Cell::Date(1952, 4, 1),
        Cell::Date(2015, 10, 1),
        t("2018/6/1"),
        t("1987-02-14"),
        t("令和2年4月1日"),
        Cell::Date(1965, 9, 30),
        t("2012/12/3"),
        Cell::Date(2003, 1, 15),
        t("昭和55年7月1日"),
        Cell::Date(2020, 8, 20),
        t("1999-11-11"),
    ];
    let capital = [
        1200.0, 45.5, 80.0, 3000.0, 10.0, 500.0, 99.0, 250.0, 15000.0, 30.0, 120.0,
    ];
    let employees = [
        800.0, 25.0, 12.0, 2500.0, 5.0, 340.0, 60.0, 150.0, 9000.0, 8.0, 110.0,
    ];
    let mut body = Vec::new();
    let profiles = founded.iter().zip(capital).zip(employees);
    for (i, ((founded, capital), employees)) in profiles.enumerate() {
        let yes = |k: usize| -> Cell {
            let on = (i * 7 + k * 3) % 5 < 2;
            match i % 3 {
                0 => t(if on { "はい" } else { "いいえ" }),
                1 => t(if on { "○" } else { "×" }),
                _ => n(if on { 1.0 } else { 0.0 }),
            }
        };
        let rd_start = if i % 4 == 1 {
            Cell::Empty
        } else {
            t(&format!("{}-04-01", 2010 + i))
        };
        let mut row = vec![
            t(&format!("C{:03}", i + 1)),
            t(if i % 5 == 4 { "外資" } else { "内資" }),
            founded.clone(),
            n(capital),
            n(employees),
            t("はい"),
            yes(1),
            yes(2),
            rd_start,
        ];
        for k in 3..15 {
            row.push(yes(k));
        }
        body.push(row);
    }
    Sheet::new("回答", &COMPANY_COLUMNS, body)
}

fn satisfaction() -> Sheet {
    Sheet::new(
        "回答",
        &[
            "研修区分",
            "所属",
            "年齢",
            "知識",
            "意欲",
            "有用性",
            "満足度",
        ],
        vec![
            vec![
                n(1.0),
                t("医療機関(医師)"),
                t("40代"),
                t("得られた"),
                t("意欲が増した"),
                t("役立つ"),
                t("満足度80%"),
            ],
            vec![
                n(2.0),
                t("企業(医療系)"),
                t("30代"),
                t("予想以上に得られた"),
                t("意欲が増した"),
                t("大いに役立つ"),
                t("満足度100%"),
            ],
            vec![
                n(3.0),
                t("大学・研究機関等(医療系)"),
                t("20代"),
                t("どちらともいえない"),
                t("意欲に変化はない"),
                t("どちらともいえない"),
                Cell::Empty,
            ],
            vec![
                n(4.0),
                t("その他"),
                t("50代"),
                t("得られた"),
                t("意欲が増した"),
                t("役立つ"),
                t("満足度60%"),
            ],
        ],
    )
}

fn amed() -> Sheet {
    Sheet::new(
        "課題",
        &[
            "課題番号",
            "事業名",
            "課題名",
            "採択年度",
            "助成額(千円)",
            "重点分野",
            "採択時ステージ",
            "現在ステージ",
        ],
        vec![
            vec![
                t("23hm0101001"),
                t("医工連携グローバル展開事業"),
                t("低侵襲手術支援ロボットの開発"),
                t("令和5年度"),
                n(52000.0),
                n(1.0),
                n(2.0),
                n(3.0),
            ],
            vec![
                t("24hm0101002"),
                t("医療機器等研究成果展開事業"),
                t("AI画像診断支援プログラムの開発"),
                n(2024.0),
                n(80000.0),
                t("複数"),
                n(1.0),
                n(1.0),
            ],
            vec![
                t("22hm0101003"),
                t("医工連携グローバル展開事業"),
                t("在宅透析装置の小型化"),
                t("R4"),
                n(65500.0),
                t("なし"),
                n(4.0),
                t("上市"),
            ],
            vec![
                t("25hm0101004"),
                t("医療機器等研究成果展開事業"),
                t("ウェアラブル心電計の実用化"),
                t("令和7年度"),
                n(30000.0),
                n(5.0),
                n(3.0),
                n(3.0),
            ],
        ],
    )
}

fn followup() -> Sheet {
    Sheet::new(
        "フォローアップ",
        &[
            "KPI番号",
            "指標",
            "年度",
            "値",
            "単位",
            "状況",
            "報告主体",
            "キー",
        ],
        vec![
            vec![
                n(4.0),
                t("新医療機器の審査期間(中央値)"),
                t("R6"),
                n(12.0),
                t("月"),
                Cell::Empty,
                t("厚生労働省"),
                t("review_months"),
            ],
            vec![
                n(5.0),
                t("医療機器の輸出額"),
                t("令和6年度"),
                n(10234.0),
                t("億円"),
                Cell::Empty,
                t("経済産業省"),
                Cell::Empty,
            ],
            vec![
                n(8.0),
                t("人材育成の取組状況"),
                t("令和7年度"),
                Cell::Empty,
                Cell::Empty,
                t("研修プログラムを拡充した"),
                t("厚生労働省"),
                Cell::Empty,
            ],
        ],
    )
}

/// One `[[kpi]]` of `data/plan.toml`, its source `{source}`.
const PLAN_KPI_1: &str = "
[[kpi]]
number = 1
goal = \"臨床ニーズを見出し、研究開発から事業化までけん引可能な人材の増加\"
indicators = [\"人材育成研修の実績及び当該研修受講者の満足度\"]
body = \"AMEDにて基礎情報の収集\"
source = \"{source}\"
";

/// A `data/plan.toml` of one KPI with the source given.
fn plan_toml(source: &str) -> String {
    format!(
        "title = \"医療機器基本計画に関するKPI\"\nvision = \"医療機器の研究開発の中心地としての我が国の地位の確立\"\n{}",
        PLAN_KPI_1.replace("{source}", source)
    )
}

/// A `reference.toml` of one series of KPI `kpi` with one point `value`.
fn reference_toml(kpi: &str, value: &str) -> String {
    format!(
        "[[series]]\nkpi = {kpi}\ntitle = \"全産業のスタートアップ割合\"\nunit = \"%\"\nsource = \"内閣官房\"\nas_of = 2025-06-13\npoints = {{ \"全産業\" = {value} }}\n"
    )
}

/// A `data/indicators.toml` of one indicator over the training rows, its
/// key, name and table, then `body`.
fn indicator_toml(body: &str) -> String {
    format!(
        "[[indicator]]\nkey = \"kpi1.theme1_courses_per_station\"\nname = \"テーマ1の1拠点あたりコース数\"\ntable = \"training\"\n{body}"
    )
}

/// The body of a valid per-station count of theme 1's courses.
const PER_STATION_COUNT: &str = "value = { where = { \"テーマ\" = 1 } }\nper = \"拠点\"\n";

// ------------------------------------------------------------ case writer

struct Case {
    dir: PathBuf,
}

impl Case {
    /// Writes `bytes` to `data/R7/<rel>`.
    fn r7(&self, rel: &str, bytes: &[u8]) -> Res<()> {
        self.data(&format!("R7/{rel}"), bytes)
    }

    /// Writes `bytes` to `data/<rel>`.
    fn data(&self, rel: &str, bytes: &[u8]) -> Res<()> {
        let path = self.dir.join("data").join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, bytes)?;
        Ok(())
    }

    fn round(&self) -> Res<()> {
        self.r7("round.toml", ROUND_TOML.as_bytes())
    }

    /// A symbolic link `data/R7/<rel>` pointing at `target` (as written).
    fn symlink_r7(&self, rel: &str, target: &str) -> Res<()> {
        let path = self.dir.join("data/R7").join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        std::os::unix::fs::symlink(target, path)?;
        Ok(())
    }

    fn round_with(&self, text: &str) -> Res<()> {
        self.r7("round.toml", text.as_bytes())
    }

    fn xlsx(&self, rel: &str, sheets: &[Sheet]) -> Res<()> {
        self.r7(rel, &xlsx(sheets)?)
    }

    fn args(&self, args: &[&str]) -> Res<()> {
        fs::create_dir_all(&self.dir)?;
        let mut text = args.join("\n");
        text.push('\n');
        fs::write(self.dir.join("args"), text)?;
        Ok(())
    }

    /// A round whose station `tokyo` is `sheets`.
    fn station(&self, sheets: &[Sheet]) -> Res<()> {
        self.round()?;
        self.xlsx("sites/tokyo.xlsx", sheets)
    }

    fn companies(&self, sheet: Sheet) -> Res<()> {
        self.round()?;
        self.xlsx("companies.xlsx", &[sheet])
    }

    fn amed(&self, sheet: Sheet) -> Res<()> {
        self.round()?;
        self.xlsx("amed.xlsx", &[sheet])
    }
}

/// The station with its training sheet replaced.
fn with_training(training: Sheet) -> Vec<Sheet> {
    vec![station_info(STATION), training, station_joint()]
}

fn with_joint(joint: Sheet) -> Vec<Sheet> {
    vec![station_info(STATION), station_training(), joint]
}

type CaseFn = fn(&Case) -> Res<()>;

const ENCRYPTED: &str = "encrypted-workbook";

/// Every case: (folder name, writer). Errors first, then warnings, then the
/// command-line cases.
fn cases() -> Vec<(&'static str, CaseFn)> {
    vec![
        // ---- missing structure
        ("missing-sheet", |c| {
            c.companies(companies().renamed("Sheet1"))
        }),
        ("missing-column", |c| {
            c.companies(companies().drop_column("従業員数"))
        }),
        ("duplicate-column", |c| {
            let dup = companies().add_column("従業員数", vec![n(1.0); 11]);
            c.companies(dup)
        }),
        ("empty-sheet", |c| {
            c.companies(Sheet {
                name: "回答".into(),
                ..Sheet::default()
            })
        }),
        ("title-row-above-header", |c| {
            let mut sheet = companies();
            sheet
                .rows
                .insert(0, vec![t("令和7年度 医機連会員企業アンケート 回答一覧")]);
            c.companies(sheet)
        }),
        ("site-without-info-sheet", |c| {
            c.station(&[station_training(), station_joint()])
        }),
        ("site-info-two-rows", |c| {
            let info = station_info(STATION).push_row(vec![
                t("大阪医療機器開発拠点"),
                Cell::Empty,
                Cell::Empty,
                t("経産省"),
            ]);
            c.station(&[info, station_training(), station_joint()])
        }),
        // ---- cell values
        ("text-in-number-column", |c| {
            c.companies(companies().set(12, "資本金(百万円)", t("約50")))
        }),
        ("blank-required-cell", |c| {
            c.station(&with_training(station_training().set(
                3,
                "研修名",
                Cell::Empty,
            )))
        }),
        ("negative-count", |c| {
            c.station(&with_training(station_training().set(
                3,
                "受入人数",
                n(-3.0),
            )))
        }),
        ("fractional-count", |c| {
            c.station(&with_training(station_training().set(
                2,
                "受入人数",
                n(12.5),
            )))
        }),
        ("negative-grant", |c| {
            c.amed(amed().set(3, "助成額(千円)", n(-52000.0)))
        }),
        ("unknown-theme", |c| {
            c.station(&with_training(station_training().set(4, "テーマ", n(7.0))))
        }),
        ("unknown-joint-item", |c| {
            c.station(&with_joint(station_joint().set(3, "項目", t("応用研究"))))
        }),
        ("duplicate-joint-item", |c| {
            c.station(&with_joint(station_joint().set(4, "項目", t("基礎研究"))))
        }),
        ("unknown-ministry", |c| {
            let info = station_info(STATION).set(2, "所管", t("文科省"));
            c.station(&[info, station_training(), station_joint()])
        }),
        ("unknown-answer", |c| {
            c.round()?;
            c.xlsx(
                "satisfaction.xlsx",
                &[satisfaction().set(3, "満足度", t("満足度90%"))],
            )
        }),
        ("unknown-training-category", |c| {
            c.round()?;
            c.xlsx(
                "satisfaction.xlsx",
                &[satisfaction().set(5, "研修区分", n(5.0))],
            )
        }),
        ("unknown-yes-no", |c| {
            c.companies(companies().set(4, "輸出", t("たぶん")))
        }),
        ("unknown-capital-kind", |c| {
            c.companies(companies().set(6, "資本", t("合弁")))
        }),
        ("duplicate-response-id", |c| {
            c.companies(companies().set(9, "回答ID", t("C003")))
        }),
        ("duplicate-topic-id", |c| {
            c.amed(amed().set(5, "課題番号", t("23hm0101001")))
        }),
        ("stage-out-of-range", |c| {
            c.amed(amed().set(3, "採択時ステージ", n(5.0)))
        }),
        ("current-stage-out-of-range", |c| {
            c.amed(amed().set(2, "現在ステージ", t("治験中")))
        }),
        ("priority-area-out-of-range", |c| {
            c.amed(amed().set(4, "重点分野", n(6.0)))
        }),
        ("unparseable-date", |c| {
            c.companies(companies().set(5, "設立日", t("平成の初め頃")))
        }),
        ("misplaced-comma", |c| {
            c.station(&with_training(station_training().set(
                3,
                "受入人数",
                t("18,0"),
            )))
        }),
        ("several-decimal-points", |c| {
            c.companies(companies().set(4, "資本金(百万円)", t("1.2.3")))
        }),
        ("space-in-number", |c| {
            c.companies(companies().set(6, "従業員数", t("1 200")))
        }),
        ("percent-formatted-cell", |c| {
            c.companies(companies().set(5, "資本金(百万円)", Cell::Percent(0.5)))
        }),
        ("date-serial-after-9999", |c| {
            c.companies(companies().set(3, "設立日", n(3_000_000.0)))
        }),
        ("date-before-era", |c| {
            c.companies(companies().set(8, "設立日", t("令和元年4月1日")))
        }),
        ("fiscal-year-after-era", |c| {
            c.amed(amed().set(2, "採択年度", t("平成32年度")))
        }),
        ("date-number-out-of-range", |c| {
            c.companies(companies().set(7, "医療機器研究開発開始日", n(-5.0)))
        }),
        ("unparseable-fiscal-year", |c| {
            c.amed(amed().set(2, "採択年度", t("令和X年度")))
        }),
        ("adopted-after-round-year", |c| {
            c.amed(amed().set(5, "採択年度", t("令和8年度")))
        }),
        ("excel-error-cell", |c| {
            c.companies(companies().set(7, "資本金(百万円)", Cell::Error("#DIV/0!")))
        }),
        ("excel-error-cell-unknown-column", |c| {
            let mut memo = vec![Cell::Empty; 11];
            memo[2] = Cell::Error("#N/A");
            c.companies(companies().add_column("メモ", memo))
        }),
        ("followup-bad-kpi-number", |c| {
            c.round()?;
            c.xlsx("followup.xlsx", &[followup().set(3, "KPI番号", n(3.0))])
        }),
        ("followup-bad-key", |c| {
            c.round()?;
            c.xlsx("followup.xlsx", &[followup().set(2, "キー", t("審査期間"))])
        }),
        ("followup-direction-differs", |c| {
            // The same series reported for two years, 増加 then 減少.
            c.round()?;
            let mut again = followup().rows[1].clone();
            again[2] = t("R7");
            again[3] = n(11.0);
            let sheet = followup().push_row(again).add_column(
                "望ましい方向",
                vec![t("減少"), Cell::Empty, Cell::Empty, t("増加")],
            );
            c.xlsx("followup.xlsx", &[sheet])
        }),
        ("followup-value-and-status-blank", |c| {
            c.round()?;
            c.xlsx("followup.xlsx", &[followup().set(3, "値", Cell::Empty)])
        }),
        ("number-too-large", |c| {
            c.companies(companies().set(4, "資本金(百万円)", n(2.5e16)))
        }),
        ("excel-fictitious-date", |c| {
            // Serial 60: Excel's 1900-02-29, a day that never was.
            c.companies(companies().set(6, "設立日", n(60.0)))
        }),
        ("formula-without-value", |c| {
            c.round()?;
            let sheet = satisfaction().set(3, "研修区分", Cell::Uncached("1+1"));
            c.r7("satisfaction.xlsx", &answers_xlsx(&sheet, None)?)
        }),
        ("blank-merged-cell", |c| {
            let training = station_training()
                .set(3, "テーマ", Cell::Empty)
                .set(4, "テーマ", Cell::Empty)
                .merge("テーマ", 2, 4);
            c.station(&with_training(training))
        }),
        ("station-given-twice", |c| {
            c.station(&station())?;
            c.xlsx("sites/tokyo (1).xlsx", &station())
        }),
        ("value-far-outside-the-table", |c| {
            c.companies(companies().at(1_048_575, 16_383, "x"))
        }),
        ("sheet-names-clash", |c| {
            c.round()?;
            let stale = companies().renamed("回 答").hidden();
            c.xlsx("companies.xlsx", &[companies(), stale])
        }),
        // ---- files
        ("corrupt-workbook", |c| {
            c.round()?;
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(noise(7, 2048));
            c.r7("companies.xlsx", &bytes)
        }),
        ("truncated-workbook", |c| {
            c.round()?;
            let bytes = xlsx(&[companies()])?;
            c.r7("companies.xlsx", &bytes[..bytes.len() / 2])
        }),
        (ENCRYPTED, |c| c.round()),
        ("empty-workbook", |c| {
            c.round()?;
            c.r7("companies.xlsx", b"")
        }),
        ("content-not-extension", |c| {
            c.round()?;
            c.r7("companies.xlsx", csv(&companies()).as_bytes())
        }),
        ("xls-is-really-xlsx", |c| {
            c.round()?;
            c.r7("companies.xls", &xlsx(&[companies()])?)
        }),
        ("ods-is-really-xlsx", |c| {
            c.round()?;
            c.r7("companies.ods", &xlsx(&[companies()])?)
        }),
        ("csv-utf16", |c| {
            c.round()?;
            c.r7("satisfaction.回答.csv", &utf16le_bom(&csv(&satisfaction())))
        }),
        ("csv-euc-jp", |c| {
            c.round()?;
            c.r7(
                "satisfaction.回答.csv",
                &encode(encoding_rs::EUC_JP, &csv(&satisfaction()))?,
            )
        }),
        ("csv-mixed-encodings", |c| {
            // A UTF-8 header, then a row pasted in Latin-1 (Windows-1252).
            c.round()?;
            let mut bytes = "研修区分,所属,年齢,知識,意欲,有用性,満足度\r\n"
                .as_bytes()
                .to_vec();
            bytes.extend(encode(
                encoding_rs::WINDOWS_1252,
                "1,Université Paris-Saclay,,,,,\r\n",
            )?);
            c.r7("satisfaction.回答.csv", &bytes)
        }),
        ("csv-unknown-encoding", |c| {
            // A Shift_JIS header, then a row pasted in Latin-1: no line is
            // UTF-8, and the whole is neither Shift_JIS nor EUC-JP.
            c.round()?;
            let mut bytes = encode(
                encoding_rs::SHIFT_JIS,
                "研修区分,所属,年齢,知識,意欲,有用性,満足度\r\n",
            )?;
            bytes.extend(encode(
                encoding_rs::WINDOWS_1252,
                "1,Université Paris-Saclay,,,,,\r\n",
            )?);
            c.r7("satisfaction.回答.csv", &bytes)
        }),
        ("csv-misnamed-sheet", |c| {
            c.round()?;
            c.r7("companies.Sheet1.csv", &utf8_bom(&csv(&companies())))
        }),
        ("empty-csv", |c| {
            c.round()?;
            c.r7("satisfaction.回答.csv", b"")
        }),
        ("sheet-given-twice", |c| {
            c.station(&station())?;
            c.r7(
                "sites/tokyo.人材育成研修.csv",
                &utf8_bom(&csv(&station_training())),
            )
        }),
        ("workbook-beside-ods", |c| {
            c.station(&station())?;
            c.r7("sites/tokyo.ods", &ods(&station()))
        }),
        ("commentary-not-utf8", |c| {
            c.round()?;
            c.r7(
                "commentary.md",
                &encode(
                    encoding_rs::SHIFT_JIS,
                    "## KPI 1\n受入人数は前年度から減少した。\n",
                )?,
            )
        }),
        ("published-not-a-string", |c| {
            c.round()?;
            c.r7(
                "published.toml",
                b"\"kpi1.participants\" = \"3,198\"\n\"kpi1.sites\" = 16\n",
            )
        }),
        ("published-malformed", |c| {
            c.round()?;
            c.r7("published.toml", b"\"kpi1.participants\" = 3,198\n")
        }),
        ("xls-not-a-workbook", |c| {
            c.round()?;
            c.r7("companies.xls", csv(&companies()).as_bytes())
        }),
        ("xlsx-is-really-xls", |c| {
            c.round()?;
            c.r7("companies.xlsx", &xls_claiming(12, 21)?)
        }),
        ("pdf-named-xlsx", |c| {
            c.round()?;
            let mut bytes = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
            bytes.extend(noise(11, 2048));
            c.r7("companies.xlsx", &bytes)
        }),
        ("workbook-inflates-too-much", |c| {
            c.round()?;
            let bytes = answers_xlsx(&satisfaction(), None)?;
            let bytes = declare_size(bytes, "xl/sharedStrings.xml", 300 << 20)?;
            c.r7("satisfaction.xlsx", &bytes)
        }),
        ("shared-text-too-long", |c| {
            c.round()?;
            let shared = format!(
                "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>{}</t></si></sst>",
                "回答".repeat(50_000)
            );
            let bytes = answers_xlsx(&satisfaction(), Some(&shared))?;
            c.r7("satisfaction.xlsx", &deflated(&bytes)?)
        }),
        ("too-many-texts", |c| {
            c.round()?;
            let shared = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"4000000000\"><si><t>回答ID</t></si></sst>";
            c.r7(
                "satisfaction.xlsx",
                &answers_xlsx(&satisfaction(), Some(shared))?,
            )
        }),
        ("workbook-without-sheets", |c| {
            c.round()?;
            c.r7("companies.ods", &ods(&[]))
        }),
        ("cell-longer-than-excel-allows", |c| {
            c.round()?;
            let long = "とても長い自由記述。".repeat(3_300);
            let sheet = satisfaction().set(3, "所属", t(&long));
            c.r7("satisfaction.回答.csv", &utf8_bom(&csv(&sheet)))
        }),
        ("ods-sheet-too-large", |c| {
            // One row repeated a million times, 200 cells wide: 200 million
            // cells from a file of a kilobyte.
            c.round()?;
            let content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"回答\">\
<table:table-row><table:table-cell office:value-type=\"string\"><text:p>回答ID</text:p></table:table-cell></table:table-row>\
<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"200\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>\
</table:table></office:spreadsheet></office:body></office:document-content>\n";
            c.r7(
                "companies.ods",
                &mdkpi::fuzzing::ods_from_content_xml(content.as_bytes()),
            )
        }),
        ("xls-sheet-too-large", |c| {
            c.round()?;
            c.r7("companies.xls", &xls_claiming(65_536, 256)?)
        }),
        ("csv-bom-but-shift-jis", |c| {
            // Converted to Shift_JIS by an editor that kept the UTF-8 BOM.
            c.round()?;
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend(encode(encoding_rs::SHIFT_JIS, &csv(&satisfaction()))?);
            c.r7("satisfaction.回答.csv", &bytes)
        }),
        ("csv-unclosed-quote", |c| {
            c.round()?;
            let text = csv(&satisfaction()).replacen("医療機関(医師)", "\"医療機関(医師)", 1);
            c.r7("satisfaction.回答.csv", &utf8_bom(&text))
        }),
        ("dangling-symlink", |c| {
            c.round()?;
            c.symlink_r7("companies.xlsx", "../../../shared/companies-final.xlsx")
        }),
        ("symlink-loop", |c| {
            c.round()?;
            c.symlink_r7("companies.xlsx", "companies.xlsx")
        }),
        ("symlink-through-a-file", |c| {
            // The link's folder part is a file: the system cannot follow it.
            c.round()?;
            c.symlink_r7("companies.xlsx", "round.toml/companies.xlsx")
        }),
        ("two-rounds-one-fiscal-year", |c| {
            // A copy of R7 kept under its era name.
            c.station(&station())?;
            c.data(
                "令和7年度/round.toml",
                ROUND_TOML
                    .replace("label = \"R7\"", "label = \"令和7年度\"")
                    .as_bytes(),
            )
        }),
        // ---- round.toml
        ("round-toml-malformed", |c| {
            c.round_with(&ROUND_TOML.replace("fiscal_year = 2025", "fiscal_year = 2025年度"))
        }),
        ("round-toml-incomplete", |c| {
            c.round_with(&ROUND_TOML.replace("reference_date = 2026-01-01\n", ""))
        }),
        ("round-toml-period-reversed", |c| {
            c.round_with(&ROUND_TOML.replace("period_end = 2026-03-06", "period_end = 2024-03-06"))
        }),
        ("round-toml-label-mismatch", |c| {
            c.round_with(&ROUND_TOML.replace("label = \"R7\"", "label = \"R6\""))
        }),
        ("round-toml-year-mismatch", |c| {
            c.round_with(&ROUND_TOML.replace("fiscal_year = 2025", "fiscal_year = 2024"))
        }),
        ("round-toml-bad-date", |c| {
            c.round_with(&ROUND_TOML.replace(
                "reference_date = 2026-01-01",
                "reference_date = \"2026年1月\"",
            ))
        }),
        ("round-toml-missing", |c| {
            c.station(&station())?;
            fs::remove_file(c.dir.join("data/R7/round.toml"))?;
            Ok(())
        }),
        ("round-toml-not-utf8", |c| {
            let mut bytes = ROUND_TOML.as_bytes().to_vec();
            bytes.extend(encode(
                encoding_rs::SHIFT_JIS,
                "[report]\ntitle = \"医療機器基本計画KPI\"\n",
            )?);
            c.r7("round.toml", &bytes)
        }),
        ("round-toml-is-a-folder", |c| {
            // An archive unpacked into a folder named after it: the round's
            // round.toml is a folder holding the file.
            c.xlsx("sites/tokyo.xlsx", &station())?;
            c.r7("round.toml/round.toml", ROUND_TOML.as_bytes())
        }),
        ("round-toml-label-not-a-string", |c| {
            c.round_with(&ROUND_TOML.replace("label = \"R7\"", "label = 7"))
        }),
        ("round-toml-fiscal-year-a-date", |c| {
            c.round_with(&ROUND_TOML.replace("fiscal_year = 2025", "fiscal_year = 2025-04-01"))
        }),
        ("round-toml-fiscal-year-unreadable", |c| {
            c.round_with(&ROUND_TOML.replace("fiscal_year = 2025", "fiscal_year = \"今年度\""))
        }),
        ("round-toml-date-with-time", |c| {
            c.round_with(&ROUND_TOML.replace(
                "reference_date = 2026-01-01",
                "reference_date = 2026-01-01T09:00:00",
            ))
        }),
        ("round-toml-bad-correction", |c| {
            c.round_with(&format!("{ROUND_TOML}correction = 2\n"))
        }),
        ("round-toml-stations-not-strings", |c| {
            c.round_with(&format!(
                "{ROUND_TOML}stations = [\"東京医療機器イノベーション拠点\", 2]\n"
            ))
        }),
        ("round-toml-stations-not-a-list", |c| {
            c.round_with(&format!(
                "{ROUND_TOML}stations = \"東京医療機器イノベーション拠点\"\n"
            ))
        }),
        ("round-toml-report-not-a-table", |c| {
            c.round_with(&format!("{ROUND_TOML}report = \"令和7年度 KPI 報告書\"\n"))
        }),
        // The dates as `mdkpi init` proposes them, not yet confirmed.
        ("round-toml-dates-to-confirm", |c| {
            c.round_with(
                &ROUND_TOML
                    .replace(
                        "period_start = 2025-03-07",
                        "period_start = 2025-03-07     # 要確認: first day covered",
                    )
                    .replace(
                        "reference_date = 2026-01-01",
                        "reference_date = 2026-01-01   # 要確認: 基準日",
                    ),
            )
        }),
        // ---- plan.toml
        ("plan-not-utf8", |c| {
            c.station(&station())?;
            c.data(
                "plan.toml",
                &encode(encoding_rs::SHIFT_JIS, &plan_toml("mdsi"))?,
            )
        }),
        ("plan-malformed", |c| {
            c.station(&station())?;
            c.data(
                "plan.toml",
                plan_toml("mdsi")
                    .replace("source =", "sources =")
                    .as_bytes(),
            )
        }),
        ("plan-bad-source", |c| {
            c.station(&station())?;
            c.data("plan.toml", plan_toml("amed").as_bytes())
        }),
        ("plan-kpi-twice", |c| {
            c.station(&station())?;
            let twice = format!(
                "{}{}",
                plan_toml("mdsi"),
                PLAN_KPI_1.replace("{source}", "mdsi")
            );
            c.data("plan.toml", twice.as_bytes())
        }),
        // ---- indicators.toml
        ("indicators-malformed", |c| {
            c.station(&station())?;
            let body = PER_STATION_COUNT.replace("per =", "pre =");
            c.data("indicators.toml", indicator_toml(&body).as_bytes())
        }),
        ("indicators-unknown-table", |c| {
            c.station(&station())?;
            let text = indicator_toml(PER_STATION_COUNT).replace("\"training\"", "\"trainings\"");
            c.data("indicators.toml", text.as_bytes())
        }),
        ("indicators-unknown-column", |c| {
            c.station(&station())?;
            let body = PER_STATION_COUNT.replace("テーマ", "テーマ番号");
            c.data("indicators.toml", indicator_toml(&body).as_bytes())
        }),
        ("indicators-bad-value", |c| {
            c.station(&station())?;
            let body = PER_STATION_COUNT.replace("= 1 }", "= [1, 7] }");
            c.data("indicators.toml", indicator_toml(&body).as_bytes())
        }),
        ("indicators-key-computed", |c| {
            c.station(&station())?;
            let text = indicator_toml(&format!("{PER_STATION_COUNT}mean4 = true\n"))
                .replace("kpi1.theme1_courses_per_station", "kpi2.venture_rate");
            c.data("indicators.toml", text.as_bytes())
        }),
        ("indicators-key-twice", |c| {
            c.station(&station())?;
            let once = indicator_toml(PER_STATION_COUNT);
            c.data("indicators.toml", format!("{once}\n{once}").as_bytes())
        }),
        ("indicators-bad-key", |c| {
            c.station(&station())?;
            let text = indicator_toml(PER_STATION_COUNT).replace("kpi1.", "kpi12.");
            c.data("indicators.toml", text.as_bytes())
        }),
        ("indicators-bad-unit", |c| {
            c.station(&station())?;
            let body = format!("{PER_STATION_COUNT}unit = \"人\"\n");
            c.data("indicators.toml", indicator_toml(&body).as_bytes())
        }),
        ("indicators-bad-direction", |c| {
            c.station(&station())?;
            let body = format!("{PER_STATION_COUNT}direction = \"higher\"\n");
            c.data("indicators.toml", indicator_toml(&body).as_bytes())
        }),
        ("indicators-bad-per", |c| {
            c.station(&station())?;
            let body = PER_STATION_COUNT.replace("\"拠点\"", "\"コース\"");
            c.data("indicators.toml", indicator_toml(&body).as_bytes())
        }),
        ("indicators-value-and-ratio", |c| {
            c.station(&station())?;
            let body =
                format!("{PER_STATION_COUNT}numerator = {{ where = {{ \"テーマ\" = 2 }} }}\n");
            c.data("indicators.toml", indicator_toml(&body).as_bytes())
        }),
        ("indicators-not-summable", |c| {
            c.station(&station())?;
            let body = PER_STATION_COUNT.replace("value = {", "value = { sum = \"研修名\",");
            c.data(
                "indicators.toml",
                indicator_toml(&format!("{body}unit = \"名\"\n")).as_bytes(),
            )
        }),
        ("indicators-not-filterable", |c| {
            c.station(&station())?;
            let text = indicator_toml("value = { where = { \"設立日\" = \"2020-04-01\" } }\n")
                .replace("\"training\"", "\"companies\"");
            c.data("indicators.toml", text.as_bytes())
        }),
        ("indicators-unit-missing", |c| {
            c.station(&station())?;
            let body =
                PER_STATION_COUNT.replace("value = {", "value = { sum = \"受入人数(補正後)\",");
            c.data("indicators.toml", indicator_toml(&body).as_bytes())
        }),
        // ---- warnings
        ("stage-regression", |c| {
            c.amed(amed().set(4, "現在ステージ", n(2.0)))
        }),
        ("date-after-reference", |c| {
            c.companies(companies().set(3, "設立日", t("2026-05-01")))
        }),
        ("identical-rows", |c| {
            let training = station_training();
            let repeated = training.rows[2].clone();
            c.station(&with_training(training.push_row(repeated)))
        }),
        ("partial-date", |c| {
            c.companies(companies().set(8, "設立日", t("2015年4月")))
        }),
        ("unknown-column", |c| {
            let note = (0..11)
                .map(|i| if i == 3 { t("要確認") } else { Cell::Empty })
                .collect();
            c.companies(companies().add_column("備考", note))
        }),
        ("unknown-sheet", |c| {
            c.round()?;
            let extra = Sheet::new("集計", &["内資", "外資"], vec![vec![n(9.0), n(2.0)]]);
            c.xlsx("companies.xlsx", &[companies(), extra])
        }),
        ("blank-station-name", |c| {
            let info = station_info(STATION).set(2, "拠点名", Cell::Empty);
            c.station(&[info, station_training(), station_joint()])
        }),
        ("lock-file", |c| {
            c.station(&station())?;
            c.xlsx("companies.xlsx", &[companies()])?;
            // Excel's owner file: a length byte, the user name, padding.
            let mut lock = vec![7u8];
            lock.extend_from_slice(b"analyst");
            lock.resize(165, 0x20);
            c.r7("~$companies.xlsx", &lock)?;
            c.r7("sites/~$tokyo.xlsx", &lock)
        }),
        ("stray-file", |c| {
            c.station(&station())?;
            c.r7("notes.txt", "回収状況メモ\n".as_bytes())?;
            c.r7("sites/memo.pdf", b"%PDF-1.4\n%%EOF\n")
        }),
        ("stray-folder", |c| {
            c.station(&station())?;
            c.r7("old/companies.xlsx", &xlsx(&[companies()])?)
        }),
        ("not-a-round-folder", |c| {
            c.station(&station())?;
            c.data("archive/readme.txt", "旧データ\n".as_bytes())
        }),
        ("file-name-case", |c| {
            c.round()?;
            c.r7("Companies.xlsx", &xlsx(&[companies()])?)
        }),
        ("folder-name-case", |c| {
            c.round()?;
            c.r7("Sites/tokyo.xlsx", &xlsx(&station())?)
        }),
        ("hidden-sheet", |c| {
            c.station(&with_training(station_training().hidden()))
        }),
        ("lock-file-without-workbook", |c| {
            c.station(&station())?;
            let mut lock = vec![7u8];
            lock.extend_from_slice(b"analyst");
            lock.resize(165, 0x20);
            c.r7("~$集計表.xlsx", &lock)
        }),
        ("folder-in-sites", |c| {
            c.station(&station())?;
            c.xlsx("sites/old/tokyo.xlsx", &station())
        }),
        ("cover-date-not-a-date", |c| {
            c.station(&station())?;
            c.round_with(&format!("{ROUND_TOML}\n[report]\ndate = \"年度末\"\n"))
        }),
        ("cover-date-early", |c| {
            c.station(&station())?;
            c.round_with(&format!("{ROUND_TOML}\n[report]\ndate = 2025-12-01\n"))
        }),
        ("commentary-heading-twice", |c| {
            c.station(&station())?;
            c.r7(
                "commentary.md",
                "## KPI 1\n\n受入実績は{{ kpi1.participants }}。\n\n## KPI 1\n\n研修は1件。\n"
                    .as_bytes(),
            )
        }),
        ("published-unknown-key", |c| {
            c.station(&station())?;
            c.r7("published.toml", b"\"kpi1.participant\" = \"67\"\n")
        }),
        ("published-unknown-round", |c| {
            c.station(&station())?;
            c.r7(
                "published.toml",
                "\"kpi1.participants\" = \"67\"\n\"kpi1.participants @ R5\" = \"2,783\"\n"
                    .as_bytes(),
            )
        }),
        ("round-toml-unknown-key", |c| {
            c.round_with(&format!("{ROUND_TOML}corection = 0.5\n"))
        }),
        ("station-list-mismatch", |c| {
            c.round_with(&format!(
                "{ROUND_TOML}stations = [\"東京医療機器イノベーション拠点\", \"大阪医療機器開発拠点\"]\n"
            ))?;
            c.xlsx("sites/tokyo.xlsx", &station())?;
            let kyoto = vec![
                station_info("京都医療機器開発拠点"),
                station_training(),
                station_joint(),
            ];
            c.xlsx("sites/kyoto.xlsx", &kyoto)
        }),
        ("commentary-unknown-heading", |c| {
            c.round()?;
            c.r7(
                "commentary.md",
                "## KPI 1\n受入人数は前年度から減少した。\n\n## KPI 12\n該当なし。\n".as_bytes(),
            )
        }),
        // ---- commentary and reference series (SPEC §12)
        ("commentary-unknown-key", |c| {
            c.station(&station())?;
            c.r7(
                "commentary.md",
                "## KPI 1\n\n受入実績は{{ kpi1.participant }}。\n".as_bytes(),
            )
        }),
        ("commentary-unknown-round", |c| {
            c.station(&station())?;
            c.r7(
                "commentary.md",
                "## KPI 1\n受入実績は{{ kpi1.participants }}(R6は{{ kpi1.participants @ R6 }})。\n"
                    .as_bytes(),
            )
        }),
        ("commentary-unmatched-figure", |c| {
            c.station(&station())?;
            c.r7(
                "commentary.md",
                "## KPI 1\n\n- 受入実績は{{ kpi1.participants }}\n- 前年度は4,087名\n".as_bytes(),
            )
        }),
        ("commentary-contradicted-direction", |c| {
            c.station(&station())?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            c.data(
                "R6/sites/tokyo.xlsx",
                &xlsx(&[
                    station_info(STATION),
                    station_training_r6(),
                    station_joint(),
                ])?,
            )?;
            c.r7(
                "commentary.md",
                "## KPI 1\n\n- 受入実績は前年度に比べて増加している\n".as_bytes(),
            )
        }),
        ("commentary-figure-missing-in-round", |c| {
            // R6 has no amed.xlsx: kpi6.topics is a key, but not of R6.
            c.amed(amed())?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            c.r7(
                "commentary.md",
                "## KPI 6\n\n採択課題は{{ kpi6.topics }}(R6は{{ kpi6.topics @ R6 }})。\n"
                    .as_bytes(),
            )
        }),
        ("reference-kpi-out-of-range", |c| {
            c.round()?;
            c.r7("reference.toml", reference_toml("12", "1.4").as_bytes())
        }),
        ("reference-point-not-finite", |c| {
            c.round()?;
            c.r7("reference.toml", reference_toml("2", "nan").as_bytes())
        }),
        ("reference-point-not-a-number", |c| {
            c.round()?;
            c.r7("reference.toml", reference_toml("2", "\"1.4%\"").as_bytes())
        }),
        // ---- commentary and published figures, second pass (SPEC §17)
        ("commentary-live-unclosed", |c| {
            c.station(&station())?;
            c.r7(
                "commentary.md",
                "## KPI 1\n\n受入実績は{{ kpi1.participants\n}} となった。\n".as_bytes(),
            )
        }),
        ("commentary-nul", |c| {
            c.station(&station())?;
            c.r7(
                "commentary.md",
                "## KPI 1\n\n受入実績\0は多い。\n".as_bytes(),
            )
        }),
        ("commentary-cr-line-ends", |c| {
            // Line ends of old Mac editors: read as line ends, so the
            // sections and the line of the figure are found.
            c.station(&station())?;
            c.r7(
                "commentary.md",
                "## KPI 1\r\r受入実績は{{ kpi1.participants }}、前年度は4,087名。\r".as_bytes(),
            )
        }),
        ("commentary-comment-unclosed", |c| {
            c.station(&station())?;
            c.r7(
                "commentary.md",
                "## KPI 1\n\n受入実績は{{ kpi1.participants }}。\n<!-- 例: {{ kpi1.participants @ 前回 }}\n\n## KPI 2\n\n未記入\n"
                    .as_bytes(),
            )
        }),
        ("commentary-copied", |c| {
            c.round()?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            let text = "## KPI 1\n\n研修は各拠点で着実に実施された。\n\n満足度は高い水準にある。\n";
            c.data("R6/commentary.md", text.as_bytes())?;
            // Not byte for byte (that is W0603): one line rewritten of three.
            let edited = format!("{text}\n受講者の声を次回の計画に反映する。\n");
            c.r7("commentary.md", edited.as_bytes())
        }),
        ("commentary-missing", |c| {
            c.round()?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            c.data(
                "R6/commentary.md",
                "## KPI 1\n\n研修は各拠点で着実に実施された。\n".as_bytes(),
            )
        }),
        ("published-not-a-figure", |c| {
            c.station(&station())?;
            c.r7(
                "published.toml",
                "\"kpi1.participants\" = \"67\"\n\"kpi1.sites\" = \"NaN\"\n\"kpi1.theme1.courses\" = \"1,5\"\n"
                    .as_bytes(),
            )
        }),
        ("published-wrong-unit", |c| {
            c.station(&station())?;
            c.r7(
                "published.toml",
                "\"kpi1.participants\" = \"67名\"\n\"kpi1.sites\" = \"16%\"\n".as_bytes(),
            )
        }),
        ("reference-as-of-not-a-date", |c| {
            c.round()?;
            c.r7(
                "reference.toml",
                "[[series]]\nkpi = 2\ntitle = \"全産業のスタートアップ割合\"\nunit = \"%\"\nsource = \"内閣官房\"\nas_of = true\npoints = { \"全産業\" = 1.4 }\n"
                    .as_bytes(),
            )
        }),
        ("reference-point-not-a-value", |c| {
            // A point that is neither a number nor text: the message is
            // mdkpi's, not serde's ("untagged enum").
            c.round()?;
            c.r7("reference.toml", reference_toml("2", "true").as_bytes())
        }),
        ("reference-unknown-field", |c| {
            c.round()?;
            c.r7(
                "reference.toml",
                "[[series]]\nkpi = 2\ntitle = \"全産業のスタートアップ割合\"\nunit = \"%\"\nsource = \"内閣官房\"\nas_of = 2025-06-13\ncolour = \"red\"\npoints = { \"全産業\" = 1.4 }\n"
                    .as_bytes(),
            )
        }),
        // ---- checks across files and rounds (SPEC §17)
        ("followup-figure-twice", |c| {
            // The KPI 4 figure of R6 again, another value: never summed.
            c.round()?;
            let again = followup().rows[1].clone();
            let sheet = followup().push_row(again).set(5, "値", n(13.0));
            c.xlsx("followup.xlsx", &[sheet])
        }),
        ("followup-unit-differs", |c| {
            // One row of the 輸出額 series in 兆円 where the others are 億円.
            c.round()?;
            let mut earlier = followup().rows[2].clone();
            earlier[2] = t("令和5年度");
            earlier[3] = n(1.0);
            earlier[4] = t("兆円");
            c.xlsx("followup.xlsx", &[followup().push_row(earlier)])
        }),
        ("copy-name", |c| {
            // A download saved under a copy's name beside the real file.
            c.companies(companies())?;
            c.xlsx("companies (1).xlsx", &[companies()])
        }),
        ("strict-warning-not-accepted", |c| {
            c.station(&station())?;
            c.r7("notes.txt", b"memo\n")?;
            c.args(&["--data", "data", "compute", "--strict", "--format", "csv"])
        }),
        ("accept-not-tables", |c| {
            c.round_with(&format!("{ROUND_TOML}accept = \"sites/tokyo.xlsx\"\n"))?;
            c.xlsx("sites/tokyo.xlsx", &station())
        }),
        ("accept-without-why", |c| {
            c.round_with(&format!(
                "{ROUND_TOML}\n[[accept]]\nat = \"sites/tokyo.xlsx:人材育成研修\"\n"
            ))?;
            c.xlsx("sites/tokyo.xlsx", &station())
        }),
        ("accept-error-code", |c| {
            c.round_with(&format!(
                "{ROUND_TOML}\n[[accept]]\nat = \"companies.xlsx\"\ncode = \"E0107\"\nwhy = \"確認済み\"\n"
            ))?;
            c.xlsx("sites/tokyo.xlsx", &station())
        }),
        ("accept-matches-nothing", |c| {
            c.round_with(&format!(
                "{ROUND_TOML}\n[[accept]]\nat = \"sites/iwate.xlsx:人材育成研修\"\ncode = \"W0606\"\nwhy = \"研修を実施しなかった\"\n"
            ))?;
            c.xlsx("sites/tokyo.xlsx", &station())
        }),
        ("dataset-dropped", |c| {
            // R6 had the company survey; R7 has none.
            c.station(&station())?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            c.data("R6/companies.xlsx", &xlsx(&[companies()])?)
        }),
        ("same-file-as-earlier", |c| {
            // R6's company survey sent again as R7's.
            c.companies(companies())?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            c.data("R6/companies.xlsx", &xlsx(&[companies()])?)
        }),
        ("count-implausible", |c| {
            // 300 where 30 was meant: ten times the round's median.
            let training =
                station_training().push_row(vec![n(4.0), t("品質管理講座"), n(300.0), Cell::Empty]);
            c.station(&with_training(training))
        }),
        ("grant-implausible", |c| {
            // 30,000,000 thousand yen: the grant typed in yen.
            c.amed(amed().set(5, "助成額(千円)", n(30_000_000.0)))
        }),
        ("station-training-gone", |c| {
            // tokyo trained 90 people in R6; its R7 sheet has no row.
            let empty = Sheet::new(TRAINING, &["テーマ", "研修名", "受入人数", "備考"], vec![]);
            c.station(&with_training(empty))?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            c.data(
                "R6/sites/tokyo.xlsx",
                &xlsx(&[
                    station_info(STATION),
                    station_training_r6(),
                    station_joint(),
                ])?,
            )
        }),
        ("station-training-gone-accepted", |c| {
            let empty = Sheet::new(TRAINING, &["テーマ", "研修名", "受入人数", "備考"], vec![]);
            c.round_with(&format!(
                "{ROUND_TOML}\n[[accept]]\nat = \"sites/tokyo.xlsx:人材育成研修\"\ncode = \"W0606\"\nwhy = \"今年度は研修を実施しなかったと拠点に確認した\"\n"
            ))?;
            c.xlsx("sites/tokyo.xlsx", &with_training(empty))?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            c.data(
                "R6/sites/tokyo.xlsx",
                &xlsx(&[
                    station_info(STATION),
                    station_training_r6(),
                    station_joint(),
                ])?,
            )?;
            c.args(&["--data", "data", "validate", "--strict"])
        }),
        ("previous-round-unreadable", |c| {
            // validate --round R7 reads R6 for the checks across rounds only.
            c.station(&station())?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            c.data(
                "R6/companies.xlsx",
                &xlsx(&[companies().set(12, "資本金(百万円)", t("約50"))])?,
            )?;
            c.args(&["--data", "data", "validate", "--round", "R7"])
        }),
        // ---- command line
        ("usage-unknown-round", |c| {
            c.station(&station())?;
            c.args(&["--data", "data", "validate", "--round", "R9"])
        }),
        ("usage-bad-round", |c| {
            c.station(&station())?;
            c.args(&["--data", "data", "validate", "--round", "next"])
        }),
        ("explain-unknown-key", |c| {
            c.station(&station())?;
            c.args(&["--data", "data", "explain", "kpi1.participant"])
        }),
        ("explain-followup-bad-round", |c| {
            c.round()?;
            c.xlsx("followup.xlsx", &[followup()])?;
            c.args(&[
                "--data",
                "data",
                "explain",
                "kpi4.review_months",
                "--round",
                "next",
            ])
        }),
        ("explain-figure-missing-in-round", |c| {
            // R6 has amed.xlsx, R7 (the latest) not yet.
            c.station(&station())?;
            c.data("R6/round.toml", ROUND_TOML_R6.as_bytes())?;
            let r6 = amed().set(5, "採択年度", t("令和6年度"));
            c.data("R6/amed.xlsx", &xlsx(&[r6])?)?;
            c.args(&["--data", "data", "explain", "kpi6.topics"])
        }),
        ("explain-figure-in-no-round", |c| {
            c.station(&station())?;
            c.args(&["--data", "data", "explain", "kpi6.topics"])
        }),
        ("report-pdf-without-chromium", |c| {
            // The test runs mdkpi without PATH: no Chromium is found.
            c.station(&station())?;
            c.args(&["--data", "data", "report", "--pdf", "--out", "out"])
        }),
        ("report-out-under-a-file", |c| {
            c.station(&station())?;
            c.args(&[
                "--data",
                "data",
                "report",
                "--out",
                "data/R7/round.toml/report",
            ])
        }),
        ("export-out-under-a-file", |c| {
            c.station(&station())?;
            c.args(&[
                "--data",
                "data",
                "export",
                "--out",
                "data/R7/round.toml/export",
            ])
        }),
        ("init-out-under-a-file", |c| {
            c.station(&station())?;
            c.args(&[
                "--data",
                "data",
                "init",
                "--round",
                "R8",
                "--out",
                "data/R7/round.toml/R8",
            ])
        }),
        ("init-out-exists", |c| {
            c.station(&station())?;
            c.args(&[
                "--data", "data", "init", "--round", "R8", "--out", "data/R7",
            ])
        }),
        ("init-out-not-named-after-label", |c| {
            c.station(&station())?;
            c.args(&[
                "--data",
                "data",
                "init",
                "--round",
                "R8",
                "--out",
                "data/next",
            ])
        }),
        ("init-bad-round", |c| {
            c.station(&station())?;
            c.args(&["--data", "data", "init", "--round", "next"])
        }),
        ("data-folder-is-a-file", |c| {
            c.station(&station())?;
            c.args(&["--data", "data/R7/round.toml", "validate"])
        }),
        ("data-folder-name-too-long", |c| {
            c.station(&station())?;
            // Longer than a file name may be (255 bytes): the system
            // refuses the path before it can say whether it exists.
            let long = "a".repeat(300);
            c.args(&["--data", &long, "validate"])
        }),
        ("export-out-inside-data", |c| {
            c.station(&station())?;
            c.args(&["--data", "data", "export", "--out", "data/R7/sites"])
        }),
        ("init-out-inside-a-round", |c| {
            c.station(&station())?;
            c.args(&[
                "--data",
                "data",
                "init",
                "--round",
                "R8",
                "--out",
                "data/R7/R8",
            ])
        }),
        // ---- diff and station (SPEC §19)
        ("diff-one-round", |c| {
            c.station(&station())?;
            c.args(&["--data", "data", "diff"])
        }),
        ("diff-saved-not-json", |c| {
            // round.toml is an existing file: read as a saved run.
            c.station(&station())?;
            c.args(&["--data", "data", "diff", "data/R7/round.toml"])
        }),
        ("diff-saved-wrong-shape", |c| {
            c.station(&station())?;
            c.data(
                "saved.json",
                b"{\n  \"round\": \"R7\",\n  \"indicators\": [\n    {\"key\": \"kpi1.sites\", \"round\": \"R7\"}\n  ]\n}\n",
            )?;
            c.args(&["--data", "data", "diff", "data/saved.json"])
        }),
        ("diff-saved-without-the-round", |c| {
            c.station(&station())?;
            c.data(
                "saved.json",
                "{\n  \"round\": \"R6\",\n  \"indicators\": [\n    {\"key\": \"kpi1.sites\", \"round\": \"R6\", \"value\": 1, \"numerator\": null, \"denominator\": null, \"unit\": \"拠点\"}\n  ]\n}\n".as_bytes(),
            )?;
            c.args(&["--data", "data", "diff", "data/saved.json", "R7"])
        }),
        ("diff-neither-file-nor-round", |c| {
            c.station(&station())?;
            c.args(&["--data", "data", "diff", "R6.json", "R7"])
        }),
        ("station-not-found", |c| {
            c.station(&station())?;
            c.args(&["--data", "data", "station", "大阪"])
        }),
        ("station-ambiguous", |c| {
            c.station(&station())?;
            c.xlsx(
                "sites/tokyo-dev.xlsx",
                &[
                    station_info("東京医療機器開発拠点"),
                    station_training(),
                    station_joint(),
                ],
            )?;
            c.args(&["--data", "data", "station", "東京医療機器"])
        }),
        ("codes-unknown-code", |c| c.args(&["codes", "E9999"])),
        ("missing-data-folder", |c| {
            fs::create_dir_all(&c.dir)?;
            Ok(())
        }),
        ("no-rounds", |c| c.data(".gitkeep", b"")),
    ]
}

fn main() -> Res<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, out] = args.as_slice() {
        if flag == "--plain-companies" {
            fs::write(out, xlsx(&[companies()])?)?;
            println!("wrote {out}: encrypt it with msoffcrypto-tool (see the top of this file)");
            return Ok(());
        }
    }
    if !args.is_empty() {
        return Err("usage: gen_invalid [--plain-companies OUT.xlsx]".into());
    }
    let base = root.join("tests/invalid");
    fs::create_dir_all(&base)?;
    let cases = cases();
    for (name, write) in &cases {
        let dir = base.join(name);
        if *name != ENCRYPTED {
            let data = dir.join("data");
            if data.exists() {
                fs::remove_dir_all(&data)?;
            }
        }
        let args = dir.join("args");
        if args.exists() {
            fs::remove_file(&args)?;
        }
        write(&Case { dir: dir.clone() })?;
    }
    let encrypted = base.join(ENCRYPTED).join("data/R7/companies.xlsx");
    if !encrypted.is_file() {
        return Err(format!(
            "{} is missing: make it as described at the top of examples/gen_invalid.rs",
            encrypted.display()
        )
        .into());
    }
    let known: Vec<&str> = cases.iter().map(|(name, _)| *name).collect();
    let mut stale: Vec<String> = fs::read_dir(&base)?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !known.contains(&name.as_str()))
        .collect();
    stale.sort();
    for name in stale {
        eprintln!("note: tests/invalid/{name} is not a generated case; remove it if it is stale");
    }
    println!("wrote {} cases under {}", cases.len(), base.display());
    Ok(())
}
