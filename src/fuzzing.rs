//! Entry points for the coverage-guided fuzz targets under `fuzz/`: the
//! reader layer on raw bytes, as an input file would reach it, and the
//! packing of the structure-aware targets' XML into workbooks. Not part of
//! the command-line interface; kept in the library so the fuzz crate and
//! the regression test of its findings (`tests/cli/trust.rs`) share it.

use std::io::Write;

use crate::diag::Diagnostics;
use crate::ingest::{csvfile, workbook};

/// Reads `bytes` as a workbook with extension `ext` (`xlsx`, `xlsm`, `xls`,
/// `ods`): every sheet, as `validate` would. Any outcome but a panic, an
/// abort or unbounded memory is fine.
pub fn workbook(bytes: &[u8], ext: &str) {
    let _ = workbook::read_workbook_bytes(bytes.to_vec(), ext);
}

/// Reads `bytes` as a CSV stand-in for a sheet.
pub fn csv(bytes: &[u8]) {
    let _ = csvfile::read_csv_bytes(bytes, "回答");
}

/// Reads `bytes` as a CSV stand-in, then as the sheet of every dataset
/// read from one sheet (companies, AMED, follow-up, satisfaction): the
/// typed cell readers (numbers as written, dates and eras, fiscal years,
/// IDs, identical rows) on whatever the cells hold, once its header matches.
pub fn cells(bytes: &[u8]) {
    let Ok(sheet) = csvfile::read_csv_bytes(bytes, "回答") else {
        return;
    };
    let mut diags = Diagnostics::new();
    if let Some(reference) = chrono::NaiveDate::from_ymd_opt(2026, 1, 1) {
        let _ = crate::ingest::companies::read(sheet.clone(), reference, &mut diags);
    }
    let _ = crate::ingest::amed::read(sheet.clone(), 2025, &mut diags);
    let _ = crate::ingest::followup::read(sheet.clone(), &mut diags);
    let _ = crate::ingest::satisfaction::read(sheet, &mut diags);
    // Every message renders in both languages without a panic.
    for item in diags.items() {
        let _ = item.line(crate::diag::Lang::En);
        let _ = item.line(crate::diag::Lang::Ja);
    }
}

/// Parses `bytes` as a `round.toml` of the folder `R7`.
pub fn round_toml(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let mut diags = Diagnostics::new();
    let _ = crate::round::parse_round_toml(text, "fuzz/round.toml", "R7", &mut diags);
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="回答" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
/// Cell styles for `s="…"`: 0 general, 1 a percentage (`0%`), 2 a date,
/// 3 a custom percentage (`0.0%`), so a sheet's styled cells reach the
/// percentage and date paths of the reader.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0"/></cellXfs></styleSheet>"#;
const SHARED: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>回答ID</t></si><si><t>満足度</t></si></sst>"#;
const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";
const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// A ZIP of `parts`, every part stored (not deflated): a mutation of the
/// XML reaches the XML parser instead of breaking a deflate stream.
fn stored_zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        if zip.start_file(*name, options).is_err() || zip.write_all(content).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// An .xlsx of one sheet `回答` whose XML is `data` (and, after its first
/// NUL byte if any, the shared strings' XML).
pub fn xlsx_from_sheet_xml(data: &[u8]) -> Vec<u8> {
    let (sheet, shared) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, SHARED.as_bytes()),
    };
    stored_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/sharedStrings.xml", shared),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

/// An .ods whose content.xml is `data`.
pub fn ods_from_content_xml(data: &[u8]) -> Vec<u8> {
    stored_zip(&[
        ("mimetype", MIMETYPE.as_bytes()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", data),
    ])
}
