//! `--format csv`: one file per table, UTF-8 with a BOM (Excel opens it in
//! Japanese), the headers people read, text made formula-safe as in the
//! indicator table's CSV ([`crate::indicator::csv_safe`]).
//!
//! Cells: numbers in shortest form (whole numbers without a decimal point),
//! yes/no as `TRUE`/`FALSE`, dates as `YYYY-MM-DD`, blank where null.

use super::{date, FileError, Table, Values};
use crate::indicator::{csv_number, csv_safe};

/// The bytes of `<table>.csv`.
pub(crate) fn file(table: &Table) -> Result<Vec<u8>, FileError> {
    let mut writer = ::csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(table.headers.iter().map(|h| csv_safe(h)))?;
    let columns = table
        .frame
        .columns()
        .iter()
        .map(|c| Values::of(c.as_materialized_series()))
        .collect::<Result<Vec<Values>, _>>()?;
    for i in 0..table.frame.height() {
        writer.write_record(columns.iter().map(|c| cell(c, i)))?;
    }
    writer
        .into_inner()
        .map_err(|e| FileError::Io(e.into_error()))
}

fn cell(values: &Values, i: usize) -> String {
    match values {
        Values::Text(ca) => ca.get(i).map(csv_safe).unwrap_or_default(),
        Values::Int(ca) => ca.get(i).map(|n| n.to_string()).unwrap_or_default(),
        Values::Float(ca) => csv_number(ca.get(i)),
        Values::Bool(ca) => match ca.get(i) {
            Some(true) => "TRUE".to_string(),
            Some(false) => "FALSE".to_string(),
            None => String::new(),
        },
        Values::Date(ca) => ca
            .get(i)
            .and_then(date)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    }
}
