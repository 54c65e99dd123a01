#![no_main]
//! Structure-aware ods: the input is the XML of `content.xml`; the library
//! packs it with a `mimetype` and a manifest into a valid stored zip
//! (`mdkpi::fuzzing::ods_from_content_xml`), so every mutation reaches
//! calamine's ODS parser (repeated rows/columns, value types, covered cells).

use libfuzzer_sys::fuzz_target;

#[path = "support.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    support::setup();
    mdkpi::fuzzing::workbook(&mdkpi::fuzzing::ods_from_content_xml(data), "ods");
});
