#![no_main]
//! The CSV stand-in reader (UTF-8 / Shift_JIS detection, then csv parsing).

use libfuzzer_sys::fuzz_target;

#[path = "support.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    support::setup();
    mdkpi::fuzzing::csv(data);
});
