//! The reader layer's cells: a workbook (xlsx/xlsm/xls/ods, [`workbook`])
//! or CSV files (`<stem>.<sheet>.csv`, [`csvfile`]) become sheets of cells
//! with their positions ([`sheet`]), gathered per input in a [`Source`]
//! ([`open`](crate::ingest::open) reads them). Which files of a folder
//! belong to an input is [`crate::input::files`]; how a message quotes a
//! cell's text or number is [`crate::quote`].
//!
//! [`workbook`]: crate::ingest::workbook
//! [`csvfile`]: crate::ingest::csvfile

mod sheet;

pub use sheet::{
    percent_shown, sheet_key, times_hundred, CellValue, Merged, MergedReader, RowCells, SheetData,
};

use crate::diag::{Diagnostics, Location};

/// The sheets of one input: a workbook and/or CSV files standing in for
/// its sheets. Sheet names are matched after normalisation.
#[derive(Debug, Default)]
pub struct Source {
    /// Shown in messages about the input as a whole: the workbook, or the
    /// first CSV file when there is no workbook.
    pub display: String,
    /// The file stem (`companies`, a station's stem).
    pub stem: String,
    /// True when a workbook (not only CSV files) was found.
    pub has_workbook: bool,
    /// The names of every sheet found, for messages about a missing one.
    pub sheet_names: Vec<String>,
    pub sheets: Vec<SheetData>,
    /// Every file read, hashed from the bytes parsed, for provenance.
    pub files: Vec<crate::input::InputFile>,
    /// A file of the source could not be read at all (already reported):
    /// its sheets are unknown, so a missing sheet is not worth reporting.
    pub failed: bool,
}

impl Source {
    /// Takes the sheet named `name` out of the source. A hidden sheet is
    /// read, with a warning: it may be a stale copy.
    pub fn take_sheet(&mut self, name: &str, diags: &mut Diagnostics) -> Option<SheetData> {
        let key = sheet_key(name);
        let index = self
            .sheets
            .iter()
            .position(|s| sheet_key(&s.sheet) == key)?;
        let sheet = self.sheets.remove(index);
        if sheet.hidden {
            diags.warning(sheet.location(), crate::diag::Msg::HiddenSheet {});
        }
        Some(sheet)
    }

    /// Reports that `sheet` is missing, saying what was found and what would do.
    pub fn missing_sheet(&self, sheet: &str, diags: &mut Diagnostics) {
        let message = if self.has_workbook {
            crate::diag::Msg::MissingSheet {
                sheet: sheet.to_string(),
                found: crate::diag::List(self.sheet_names.clone()),
                stem: self.stem.clone(),
            }
        } else {
            crate::diag::Msg::MissingSheetNoWorkbook {
                sheet: sheet.to_string(),
                stem: self.stem.clone(),
            }
        };
        diags.error(Location::file(&self.display), message);
    }

    /// Warns about every sheet not taken by the dataset reader.
    pub fn warn_unknown_sheets(&self, diags: &mut Diagnostics) {
        for sheet in &self.sheets {
            let empty = sheet.rows.is_empty();
            // The instructions and lists sheets of a form `mdkpi init` wrote
            // ([`crate::schema::FORM_SHEETS`]): a filled form is an input as it is.
            let form_sheet = crate::schema::FORM_SHEETS
                .iter()
                .any(|name| sheet_key(name) == sheet_key(&sheet.sheet));
            if !empty && !form_sheet {
                diags.warning(sheet.location(), crate::diag::Msg::UnknownSheet {});
            }
        }
    }
}
