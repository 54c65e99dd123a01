#![no_main]
//! `round.toml` parsing and validation (non-UTF-8 input is skipped).

use libfuzzer_sys::fuzz_target;

#[path = "support.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    support::setup();
    mdkpi::fuzzing::round_toml(data);
});
