#![no_main]
//! Structure-aware ods: the input is the XML of `content.xml`; the harness
//! packs it with a `mimetype` and a manifest into a valid stored zip, so
//! every mutation reaches calamine's ODS parser (repeated rows/columns,
//! value types, covered cells).

use libfuzzer_sys::fuzz_target;

#[path = "support.rs"]
mod support;

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";
const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fuzz_target!(|data: &[u8]| {
    support::setup();
    let zip = support::stored_zip(&[
        ("mimetype", MIMETYPE.as_bytes()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", data),
    ]);
    mdkpi::fuzzing::workbook(&zip, "ods");
});
