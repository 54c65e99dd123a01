//! Typed columns over a sheet: header matching (NFKC, spaces removed),
//! unknown and missing columns, and cell readers that turn each problem
//! into a message naming the cell and what was expected.

use chrono::NaiveDate;

use crate::diag::{Diagnostics, Expect, Found, List, Location, Msg, Term};
use crate::fiscal::{self, format_number, normalize};
use crate::ingest::source::{sheet_key, CellValue, RowCells, SheetData};

/// One expected column of a sheet: a field of the schema.
pub use crate::schema::Field as Column;

/// A sheet with its header matched against the expected columns.
pub struct Table<'a> {
    sheet: &'a SheetData,
    columns: &'a [Column],
    /// For each expected column, its 0-based sheet column, if present.
    positions: Vec<Option<usize>>,
}

/// Matches the header (the first non-empty row) to `columns`. Reports
/// unknown columns (warning), duplicated and missing ones (error), and every
/// Excel error value in the sheet. None when the table cannot be read.
pub fn read_table<'a>(
    sheet: &'a SheetData,
    columns: &'a [Column],
    diags: &mut Diagnostics,
) -> Option<Table<'a>> {
    let Some(header) = sheet.rows.first() else {
        let names: Vec<&str> = columns.iter().map(|c| c.header).collect();
        diags.error(
            Location::cell(&sheet.path, &sheet.sheet, 0, 0),
            Msg::EmptySheet {
                columns: List::of(names),
            },
        );
        return None;
    };
    let mut ok = true;
    for row in &sheet.rows {
        for (col, cell) in row.cells.iter().enumerate() {
            if let CellValue::Error(e) = cell {
                ok = false;
                diags.error(
                    Location::cell(&sheet.path, &sheet.sheet, row.row, col as u32),
                    Msg::ExcelErrorValue {
                        value: e.to_string(),
                    },
                );
            }
        }
    }
    let mut positions: Vec<Option<usize>> = vec![None; columns.len()];
    let mut unknown = Vec::new();
    for (col, cell) in header.cells.iter().enumerate() {
        let here = Location::cell(&sheet.path, &sheet.sheet, header.row, col as u32);
        let text = match cell {
            CellValue::Empty => continue,
            CellValue::Text(t) => t.to_string(),
            CellValue::Number(n) => format_number(*n),
            CellValue::Bool(b) => b.to_string(),
            CellValue::Date(d) => d.to_string(),
            CellValue::Error(_) | CellValue::Uncached(_) => continue,
        };
        let key = sheet_key(&text);
        if key.is_empty() {
            continue;
        }
        match columns.iter().position(|c| sheet_key(c.header) == key) {
            Some(i) => {
                if let Some(first) = positions[i] {
                    ok = false;
                    diags.error(
                        here,
                        Msg::DuplicateColumn {
                            column: columns[i].header.to_string(),
                            first: crate::diag::a1(header.row, first as u32),
                        },
                    );
                } else {
                    positions[i] = Some(col);
                }
            }
            None => unknown.push((here, text.trim().to_string())),
        }
    }
    // A row matching no expected column is not a header: one error says so,
    // rather than a warning per cell and an error per column.
    if positions.iter().any(Option::is_some) {
        for (here, text) in unknown {
            diags.warning(here, Msg::UnknownColumn { column: text });
        }
    }
    if positions.iter().all(Option::is_none) {
        let names: Vec<&str> = columns.iter().map(|c| c.header).collect();
        diags.error(
            Location::cell(&sheet.path, &sheet.sheet, header.row, 0),
            Msg::NoHeader {
                row: header.row + 1,
                columns: List::of(names),
            },
        );
        return None;
    }
    for (i, column) in columns.iter().enumerate() {
        if positions[i].is_none() && !column.optional() {
            ok = false;
            diags.error(
                Location::cell(&sheet.path, &sheet.sheet, header.row, 0),
                Msg::MissingColumn {
                    column: column.header.to_string(),
                    row: header.row + 1,
                },
            );
        }
    }
    if !ok {
        return None;
    }
    Some(Table {
        sheet,
        columns,
        positions,
    })
}

impl<'a> Table<'a> {
    /// The data rows (after the header), empty rows already skipped.
    pub fn rows(&self) -> &'a [RowCells] {
        &self.sheet.rows[1..]
    }

    /// The 0-based sheet column of expected column `index` (its first
    /// column when absent), for a message about a whole column's values.
    pub fn column(&self, index: usize) -> u32 {
        self.positions.get(index).copied().flatten().unwrap_or(0) as u32
    }

    /// A reader over one data row; it records whether every cell read well.
    pub fn reader<'t>(&'t self, row: &'t RowCells, diags: &'t mut Diagnostics) -> RowReader<'t> {
        RowReader {
            table: self,
            row,
            diags,
            ok: true,
        }
    }
}

/// Reads typed values from one row. Each reader returns None when the cell
/// is blank (and that is allowed) or wrong (and then it reports it).
pub struct RowReader<'t> {
    table: &'t Table<'t>,
    row: &'t RowCells,
    diags: &'t mut Diagnostics,
    ok: bool,
}

/// Yes/no spellings (SPEC §4), after normalisation and lower-casing.
use crate::schema::{NO, YES};

impl<'t> RowReader<'t> {
    /// True when every cell read so far was valid.
    pub fn ok(&self) -> bool {
        self.ok
    }

    /// The A1 location of column `index` in this row.
    pub fn location(&self, index: usize) -> Location {
        let col = self.table.positions[index].unwrap_or(0) as u32;
        Location::cell(
            &self.table.sheet.path,
            &self.table.sheet.sheet,
            self.row.row,
            col,
        )
    }

    pub fn warn(&mut self, index: usize, message: Msg) {
        let location = self.location(index);
        self.diags.warning(location, message);
    }

    pub fn fail(&mut self, index: usize, message: Msg) {
        let location = self.location(index);
        self.ok = false;
        self.diags.error(location, message);
    }

    /// The raw cell, or None when blank (reporting a blank where not allowed,
    /// with `expected` saying what should be there). Excel errors were
    /// reported with the table and read as invalid here.
    fn cell(&mut self, index: usize, expected: Expect) -> Option<&'t CellValue> {
        self.cell_or(index, || expected)
    }

    /// [`Self::cell`] with the words for a blank cell built only when one is
    /// reported.
    fn cell_or(
        &mut self,
        index: usize,
        expected: impl FnOnce() -> Expect,
    ) -> Option<&'t CellValue> {
        let col = self.table.positions[index]?;
        let row: &'t RowCells = self.row;
        let value = row.cells.get(col).unwrap_or(&CellValue::Empty);
        if let CellValue::Error(_) = value {
            self.ok = false;
            return None;
        }
        if let CellValue::Uncached(formula) = value {
            // Whatever the column allows, the value meant is unknown.
            self.fail(
                index,
                Msg::FormulaWithoutValue {
                    formula: formula.to_string(),
                },
            );
            return None;
        }
        if value.is_blank() {
            if !self.table.columns[index].blank_ok() {
                let message = match self.table.sheet.merged_over(row.row, col as u32) {
                    Some(m) => Msg::BlankMergedCell {
                        expected: expected(),
                        first: crate::diag::a1(m.first.0, m.first.1),
                        last: crate::diag::a1(m.last.0, m.last.1),
                    },
                    None => Msg::BlankCell {
                        expected: expected(),
                    },
                };
                self.fail(index, message);
            }
            return None;
        }
        Some(value)
    }

    fn found(value: &CellValue) -> Found {
        value.found()
    }

    /// [`Self::text`], sharing the cell's string where it is already
    /// normal (no copy per row of a long title or a repeated name).
    pub fn shared_text(&mut self, index: usize) -> Option<std::sync::Arc<String>> {
        let expected = Expect::Text(self.table.columns[index].header.to_string());
        if let CellValue::Text(t) = self.cell(index, expected)? {
            if crate::fiscal::is_normal(t) {
                return Some(t.clone());
            }
        }
        self.text(index).map(std::sync::Arc::new)
    }

    /// Text, NFKC-normalised and trimmed.
    pub fn text(&mut self, index: usize) -> Option<String> {
        let expected = Expect::Text(self.table.columns[index].header.to_string());
        let value = self.cell(index, expected)?;
        Some(match value {
            CellValue::Text(t) => normalize(t),
            CellValue::Number(n) => format_number(*n),
            CellValue::Bool(b) => b.to_string(),
            CellValue::Date(d) => d.to_string(),
            CellValue::Empty | CellValue::Error(_) | CellValue::Uncached(_) => return None,
        })
    }

    /// A number; text holding a number (full-width digits, thousands
    /// separators) is a number.
    pub fn number(&mut self, index: usize) -> Option<f64> {
        let value = self.cell(index, Expect::Number)?.clone();
        let parsed = match &value {
            CellValue::Number(n) => Some(*n),
            CellValue::Text(t) => parse_number_text(t),
            _ => None,
        };
        match parsed {
            Some(n) if n.is_finite() && n.abs() < crate::schema::NUMBER_LIMIT => Some(n),
            Some(n) if n.is_finite() => {
                self.fail(
                    index,
                    Msg::NumberTooLarge {
                        found: crate::ingest::source::describe_number(n),
                    },
                );
                None
            }
            _ => {
                self.fail(
                    index,
                    Msg::NotANumber {
                        found: Self::found(&value),
                    },
                );
                None
            }
        }
    }

    /// A non-negative number (grants, capital).
    pub fn non_negative(&mut self, index: usize) -> Option<f64> {
        let n = self.number(index)?;
        if n < 0.0 {
            self.fail(
                index,
                Msg::NegativeNumber {
                    found: format_number(n),
                },
            );
            return None;
        }
        Some(n)
    }

    /// A whole number of 0 or more (people, cases, employees).
    pub fn count(&mut self, index: usize) -> Option<i64> {
        let n = self.number(index)?;
        if n < 0.0 {
            self.fail(
                index,
                Msg::NegativeCount {
                    found: format_number(n),
                },
            );
            return None;
        }
        if n.fract() != 0.0 || n > 1e15 {
            self.fail(
                index,
                Msg::NotWhole {
                    found: format_number(n),
                },
            );
            return None;
        }
        Some(n as i64)
    }

    /// Yes/no in any of the accepted spellings.
    pub fn yes_no(&mut self, index: usize) -> Option<bool> {
        let value = self.cell(index, Expect::YesNo)?.clone();
        let parsed = match &value {
            CellValue::Bool(b) => Some(*b),
            CellValue::Number(n) if *n == 1.0 => Some(true),
            CellValue::Number(n) if *n == 0.0 => Some(false),
            CellValue::Text(t) => {
                let key = normalize(t).to_lowercase();
                if YES.contains(&key.as_str()) {
                    Some(true)
                } else if NO.contains(&key.as_str()) {
                    Some(false)
                } else {
                    None
                }
            }
            _ => None,
        };
        if parsed.is_none() {
            self.fail(
                index,
                Msg::NotYesNo {
                    found: Self::found(&value),
                },
            );
        }
        parsed
    }

    /// A date: a date cell, an Excel serial number (Japanese-era formats
    /// arrive as numbers), or text in the accepted forms. A year or a month
    /// alone reads as its first day, with a warning.
    pub fn date(&mut self, index: usize) -> Option<NaiveDate> {
        let value = self.cell(index, Expect::Date)?.clone();
        let result = match &value {
            CellValue::Date(d) => Ok(*d),
            CellValue::Number(n) => fiscal::excel_serial_to_date(*n),
            CellValue::Text(t) => fiscal::parse_date_text(t).map(|parsed| {
                if parsed.partial {
                    self.warn(
                        index,
                        Msg::PartialDate {
                            text: t.trim().to_string(),
                            date: parsed.date.to_string(),
                        },
                    );
                }
                parsed.date
            }),
            other => Err(Msg::NotADate {
                found: Self::found(other),
            }),
        };
        match result {
            Ok(d) => Some(d),
            Err(message) => {
                self.fail(index, message);
                None
            }
        }
    }

    /// A fiscal year: a number is a Western year, text any era form.
    pub fn fiscal_year(&mut self, index: usize) -> Option<i32> {
        let value = self.cell(index, Expect::FiscalYear)?.clone();
        let result = match &value {
            CellValue::Number(n) => fiscal::fiscal_year_from_number(*n),
            CellValue::Text(t) => fiscal::parse_fiscal_year(t),
            other => Err(Msg::NotAFiscalYear {
                found: Self::found(other),
            }),
        };
        match result {
            Ok(y) => Some(y),
            Err(message) => {
                self.fail(index, message);
                None
            }
        }
    }

    /// One of `choices` (compared after normalisation); returns its index.
    ///
    /// This runs for every answer cell of the large sheets, so it builds the
    /// message only on failure and compares the cell with each choice as
    /// written before normalising the choices: the contract's spellings are
    /// nearly all in normal form already, and no two of a list normalise
    /// alike (tested), so the first match is the same either way.
    pub fn choice(&mut self, index: usize, choices: &[&str]) -> Option<usize> {
        let expected = || Expect::OneOf(choices.iter().map(|c| c.to_string()).collect());
        let value = self.cell_or(index, expected)?;
        let key = match value {
            CellValue::Text(t) => sheet_key(t),
            CellValue::Number(n) => format_number(*n),
            _ => String::new(),
        };
        let found = choices
            .iter()
            .position(|c| *c == key)
            .or_else(|| choices.iter().position(|c| sheet_key(c) == key));
        if found.is_none() {
            self.fail(
                index,
                Msg::NotAChoice {
                    expected: expected(),
                    found: Self::found(value),
                },
            );
        }
        found
    }

    /// A whole number within `min..=max`; `what` names it in the message
    /// ("a theme", "a stage").
    pub fn integer_in(&mut self, index: usize, min: i64, max: i64, what: Term) -> Option<i64> {
        let expected = Expect::Range(what, min, max);
        let value = self.cell(index, expected.clone())?.clone();
        let parsed = match &value {
            CellValue::Number(n) => Some(*n),
            CellValue::Text(t) => parse_number_text(t),
            _ => None,
        };
        match parsed {
            Some(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => Some(n as i64),
            _ => {
                self.fail(
                    index,
                    Msg::OutOfRange {
                        expected,
                        found: Self::found(&value),
                    },
                );
                None
            }
        }
    }

    /// The raw cell value (for columns with mixed forms such as 現在ステージ).
    pub fn raw(&mut self, index: usize, expected: Expect) -> Option<CellValue> {
        self.cell(index, expected).cloned()
    }
}

/// Remembers where each key was first seen, for "duplicate … (first at A4)".
#[derive(Default)]
pub struct FirstSeen {
    cells: std::collections::BTreeMap<String, String>,
}

impl FirstSeen {
    /// Records `key` at column `index` of the row; reports it as a duplicate
    /// of `what` (回答ID, 課題番号, 項目) when it was seen before.
    pub fn check(&mut self, r: &mut RowReader<'_>, index: usize, key: &str, what: &str) {
        let here = r.location(index).cell.unwrap_or_default();
        match self.cells.get(key) {
            Some(first) => {
                let message = Msg::Duplicate {
                    what: what.to_string(),
                    key: key.to_string(),
                    first: first.clone(),
                };
                r.fail(index, message);
            }
            None => {
                self.cells.insert(key.to_string(), here);
            }
        }
    }
}

/// Reads a number written as text: NFKC (full-width digits), thousands
/// separators and surrounding spaces allowed, nothing else.
pub fn parse_number_text(text: &str) -> Option<f64> {
    let t: String = normalize(text)
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `RowReader::choice` compares a cell with the choices as written
    /// before normalising them; that finds the same choice only while no
    /// two choices of a list normalise alike.
    #[test]
    fn choice_lists_normalise_to_distinct_keys() {
        let joint: Vec<&str> = crate::ingest::sites::JOINT_ITEMS
            .iter()
            .map(|(w, _)| *w)
            .collect();
        let mut lists: Vec<&[&str]> = vec![&joint, &["内資", "外資"]];
        lists.extend(
            crate::ingest::satisfaction::QUESTIONS
                .iter()
                .map(|q| q.answers),
        );
        for list in lists {
            let keys: std::collections::BTreeSet<String> =
                list.iter().map(|c| sheet_key(c)).collect();
            assert_eq!(keys.len(), list.len(), "{list:?}");
        }
    }

    fn sheet(rows: Vec<Vec<CellValue>>) -> SheetData {
        SheetData {
            path: "data/R7/companies.xlsx".into(),
            sheet: "回答".into(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| RowCells {
                    row: i as u32,
                    cells: cells.into(),
                })
                .collect(),
            hidden: false,
            workbook: None,
            merged: Default::default(),
        }
    }

    fn t(s: &str) -> CellValue {
        CellValue::text(s)
    }

    const fn col(header: &'static str, presence: crate::schema::Presence) -> Column {
        Column {
            header,
            column: "",
            dtype: crate::schema::Dtype::Str,
            kind: crate::schema::Kind::Text,
            presence,
            meaning: "",
            example: "",
        }
    }
    const COLS: [Column; 3] = [
        col("受入人数", crate::schema::Presence::Required),
        col("備考", crate::schema::Presence::MayBeBlank),
        col("自社研究開発", crate::schema::Presence::Required),
    ];

    #[test]
    fn headers_match_after_normalisation() {
        let s = sheet(vec![
            vec![t(" 受入 人数 "), t("ﾋﾞｺｳ"), t("自社研究開発"), t("メモ")],
            vec![t("１２"), CellValue::Empty, t("○")],
        ]);
        let mut d = Diagnostics::new();
        // ﾋﾞｺｳ is not 備考: that column is missing.
        assert!(read_table(&s, &COLS, &mut d).is_none());
        let lines: Vec<String> = d.items().iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "data/R7/companies.xlsx:回答:B1: warning: W0101: unknown column \"ﾋﾞｺｳ\" ignored",
                "data/R7/companies.xlsx:回答:D1: warning: W0101: unknown column \"メモ\" ignored",
                "data/R7/companies.xlsx:回答:A1: E0105: missing required column \"備考\" in the header row 1",
            ]
        );
    }

    #[test]
    fn typed_cells_and_their_messages() {
        let s = sheet(vec![
            vec![t("受入人数"), t("備考"), t("自社研究開発")],
            vec![t("１,２００"), CellValue::Empty, t("はい")],
            vec![t("約50"), t("x"), t("たぶん")],
            vec![CellValue::Number(-3.0), CellValue::Empty, CellValue::Empty],
        ]);
        let mut d = Diagnostics::new();
        let table = read_table(&s, &COLS, &mut d).unwrap();
        let mut got = Vec::new();
        for row in table.rows() {
            let mut r = table.reader(row, &mut d);
            let n = r.count(0);
            let note = r.text(1);
            let yes = r.yes_no(2);
            got.push((n, note, yes, r.ok()));
        }
        assert_eq!(
            got,
            [
                (Some(1200), None, Some(true), true),
                (None, Some("x".into()), None, false),
                (None, None, None, false),
            ]
        );
        let lines: Vec<String> = d.items().iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "data/R7/companies.xlsx:回答:A3: E0107: expected a number, found \"約50\"",
                "data/R7/companies.xlsx:回答:C3: E0114: expected yes or no (はい/いいえ, あり/なし, ○/×, 1/0, yes/no, true/false), found \"たぶん\"",
                "data/R7/companies.xlsx:回答:A4: E0112: expected a count of 0 or more, found -3",
                "data/R7/companies.xlsx:回答:C4: E0108: expected yes or no (はい/いいえ, あり/なし, ○/×, 1/0, yes/no, true/false), found a blank cell",
            ]
        );
    }

    #[test]
    fn yes_no_spellings() {
        let yes = [
            "はい",
            "あり",
            "○",
            "1",
            "yes",
            "YES",
            "true",
            "True",
            "ｙｅｓ",
        ];
        let no = ["いいえ", "なし", "×", "0", "no", "No", "false", "FALSE"];
        let mut rows = vec![vec![t("受入人数"), t("備考"), t("自社研究開発")]];
        for s in yes.iter().chain(no.iter()) {
            rows.push(vec![CellValue::Number(1.0), CellValue::Empty, t(s)]);
        }
        rows.push(vec![
            CellValue::Number(1.0),
            CellValue::Empty,
            CellValue::Bool(true),
        ]);
        rows.push(vec![
            CellValue::Number(1.0),
            CellValue::Empty,
            CellValue::Number(0.0),
        ]);
        let s = sheet(rows);
        let mut d = Diagnostics::new();
        let table = read_table(&s, &COLS, &mut d).unwrap();
        let values: Vec<Option<bool>> = table
            .rows()
            .iter()
            .map(|row| table.reader(row, &mut d).yes_no(2))
            .collect();
        let mut expected: Vec<Option<bool>> = vec![Some(true); yes.len()];
        expected.extend(vec![Some(false); no.len()]);
        expected.extend([Some(true), Some(false)]);
        assert_eq!(values, expected);
        assert_eq!(d.items().len(), 0);
    }

    #[test]
    fn excel_errors_anywhere_are_errors() {
        let s = sheet(vec![
            vec![t("受入人数"), t("備考"), t("自社研究開発"), t("メモ")],
            vec![
                CellValue::Number(1.0),
                CellValue::Empty,
                t("はい"),
                CellValue::Error(std::sync::Arc::new("#DIV/0!".into())),
            ],
        ]);
        let mut d = Diagnostics::new();
        assert!(read_table(&s, &COLS, &mut d).is_none());
        assert_eq!(
            d.items()[0].to_string(),
            "data/R7/companies.xlsx:回答:D2: E0102: found the Excel error value #DIV/0!: expected a value"
        );
    }

    #[test]
    fn numbers_in_text() {
        assert_eq!(parse_number_text("１２"), Some(12.0));
        assert_eq!(parse_number_text(" 3,198 "), Some(3198.0));
        assert_eq!(parse_number_text("12.5"), Some(12.5));
        assert_eq!(parse_number_text("約50"), None);
        assert_eq!(parse_number_text("50名"), None);
        assert_eq!(parse_number_text("inf"), None);
    }
}
