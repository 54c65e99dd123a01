//! Entry points for the coverage-guided fuzz targets under `fuzz/`: the
//! reader layer on raw bytes, as an input file would reach it. Not part of
//! the command-line interface; kept in the library so the fuzz crate needs
//! no copy of the reader.

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

/// Parses `bytes` as a `round.toml` of the folder `R7`.
pub fn round_toml(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let mut diags = Diagnostics::new();
    let _ = crate::round::parse_round_toml(text, "fuzz/round.toml", "R7", &mut diags);
}
