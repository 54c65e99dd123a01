#![no_main]
//! Structure-aware xlsx: the input is the XML of `xl/worksheets/sheet1.xml`
//! and, after the first NUL byte if any, of `xl/sharedStrings.xml`; the
//! library packs them, with fixed workbook parts, into a valid stored zip
//! (`mdkpi::fuzzing::xlsx_from_sheet_xml`). Reaches calamine's cell reader
//! far more often than mutating whole (deflated) xlsx files.

use libfuzzer_sys::fuzz_target;

#[path = "support.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    support::setup();
    mdkpi::fuzzing::workbook(&mdkpi::fuzzing::xlsx_from_sheet_xml(data), "xlsx");
});
