#![no_main]
//! The workbook reader on arbitrary bytes named `.ods`.

use libfuzzer_sys::fuzz_target;

#[path = "support.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    support::setup();
    mdkpi::fuzzing::workbook(data, "ods");
});
