#![no_main]
//! The typed cell readers: the input is a CSV stand-in, read as the sheet
//! of companies, AMED, follow-up and satisfaction (numbers as written,
//! dates and eras, fiscal years, IDs, identical rows).

use libfuzzer_sys::fuzz_target;

#[path = "support.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    support::setup();
    mdkpi::fuzzing::cells(data);
});
