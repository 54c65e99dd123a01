//! The cells, rows and sheets the reader produces, before any column typing.

use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use crate::diag::{Found, Location};
use crate::fiscal::normalize;
use crate::quote::{describe_number, found_formula, found_text};

/// One cell's value, before any column typing.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    /// Shared: a workbook's repeated answers point to one string. (A thin
    /// pointer keeps a cell at 16 bytes: a 600,000-row sheet's cells are
    /// most of what a large read holds.)
    Text(Arc<String>),
    Number(f64),
    Bool(bool),
    /// A cell with a date number format (calamine recognises built-in ids
    /// 14–22, 45–47 and custom formats; Japanese-era formats arrive as Number).
    Date(NaiveDate),
    /// A number cell formatted as a percentage (.xlsx `0%`, `0.0%`, …):
    /// the value stored, 0.5 for a cell that shows 50%. Read as shown
    /// (50) where the column is a percentage; elsewhere an error.
    Percent(f64),
    /// An Excel error value such as `#DIV/0!`.
    Error(Arc<String>),
    /// A formula saved without its computed value (a file written by a
    /// program, or saved with calculation off): the value is unknown.
    Uncached(Arc<String>),
}

impl CellValue {
    pub fn text(s: impl Into<String>) -> Self {
        CellValue::Text(Arc::new(s.into()))
    }
}

impl CellValue {
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            CellValue::Uncached(_) => true,
            _ => false,
        }
    }
}

impl CellValue {
    /// The value as a message quotes it: text quoted, trimmed, with
    /// invisible characters escaped and long text cut; numbers briefly.
    pub fn found(&self) -> Found {
        match self {
            CellValue::Empty => Found::Blank,
            CellValue::Text(t) => found_text(t),
            CellValue::Number(n) => Found::Number(describe_number(*n)),
            CellValue::Percent(n) => Found::Number(percent_shown(*n)),
            CellValue::Bool(b) => Found::Bool(*b),
            CellValue::Date(d) => Found::Date(d.to_string()),
            CellValue::Error(e) => Found::ExcelError(e.to_string()),
            CellValue::Uncached(f) => found_formula(f),
        }
    }
}

/// A percentage cell's value as Excel shows it (0.5 → `50%`), in the
/// shortest form (no rounding to the format's decimals).
pub fn percent_shown(value: f64) -> String {
    format!("{}%", describe_number(times_hundred(value)))
}

/// `value` × 100 as written in decimal, without binary noise: 0.07 is 7,
/// not 7.000000000000001 (the shortest form's exponent moved by two).
pub fn times_hundred(value: f64) -> f64 {
    let written = format!("{value:e}");
    match written.split_once('e') {
        Some((mantissa, exponent)) => match exponent.parse::<i32>() {
            Ok(e) => format!("{mantissa}e{}", e.saturating_add(2))
                .parse()
                .unwrap_or(value * 100.0),
            Err(_) => value * 100.0,
        },
        None => value * 100.0,
    }
}

/// One non-empty row: its 0-based sheet row and its cells from column A.
#[derive(Debug, Clone)]
pub struct RowCells {
    pub row: u32,
    /// Exactly as long as the row (no spare capacity: large sheets hold
    /// hundreds of thousands of rows).
    pub cells: Box<[CellValue]>,
}

/// A block of merged cells: only its first cell holds the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    /// (row, column), 0-based.
    pub first: (u32, u32),
    pub last: (u32, u32),
}

/// A sheet's rows, with where they came from for messages.
#[derive(Debug, Clone)]
pub struct SheetData {
    /// The file as shown in messages (`data/R7/companies.xlsx`).
    pub path: String,
    pub sheet: String,
    pub rows: Vec<RowCells>,
    /// Hidden in the workbook (still read: a hidden sheet is a sheet).
    pub hidden: bool,
    /// The workbook's bytes (.xlsx) and the reader of its merged cells, to
    /// look them up when a blank cell is reported: reading them for every
    /// sheet would read each sheet's XML twice. The reader is the workbook
    /// reader's, handed over so that the cells do not depend on it.
    pub workbook: Option<(Arc<[u8]>, MergedReader)>,
    pub merged: OnceLock<Vec<Merged>>,
}

/// Reads the merged cells of sheet `name` of a workbook's bytes.
pub type MergedReader = fn(&[u8], &str) -> Vec<Merged>;

impl SheetData {
    pub fn location(&self) -> Location {
        Location::sheet(&self.path, &self.sheet)
    }

    /// The merged block that covers the cell but does not start at it.
    pub fn merged_over(&self, row: u32, col: u32) -> Option<Merged> {
        let merged = self.merged.get_or_init(|| match &self.workbook {
            Some((bytes, read)) => read(bytes, &self.sheet),
            None => Vec::new(),
        });
        merged.iter().copied().find(|m| {
            (m.first.0..=m.last.0).contains(&row)
                && (m.first.1..=m.last.1).contains(&col)
                && (row, col) != m.first
        })
    }
}

/// Sheet and header names compare after NFKC and removal of spaces.
pub fn sheet_key(name: &str) -> String {
    let normal = normalize(name);
    // Most names and answers have no inner space: keep the string as it is
    // rather than rebuild it char by char (this runs for every choice cell).
    if !normal.contains(char::is_whitespace) {
        return normal;
    }
    normal.chars().filter(|c| !c.is_whitespace()).collect()
}
