//! Typed columns over a sheet: header matching (NFKC, spaces removed),
//! unknown and missing columns, and cell readers that turn each problem
//! into a message naming the cell and what was expected.

use chrono::NaiveDate;

use crate::diag::{Diagnostics, Expect, Found, List, Location, Msg, Term};
use crate::fiscal::{self, format_number, normalize};
use crate::ingest::source::{
    percent_shown, sheet_key, times_hundred, CellValue, RowCells, SheetData,
};
use crate::quote::found_text;

/// One expected column of a sheet: a field of the schema.
pub use crate::schema::Field as Column;

/// One read cell as the identical-row check compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CellKey<'r> {
    Empty,
    Text(&'r str),
    /// The number's bits (0.0 and -0.0 alike).
    Number(u64),
    Percent(u64),
    Bool(bool),
    Date(NaiveDate),
}

fn number_bits(n: f64) -> u64 {
    if n == 0.0 {
        0
    } else {
        n.to_bits()
    }
}

/// A sheet with its header matched against the expected columns.
pub struct Table<'a> {
    sheet: &'a SheetData,
    columns: &'a [Column],
    /// For each expected column, its 0-based sheet column, if present.
    positions: Vec<Option<usize>>,
}

/// Matches the header (the first non-empty row) to `columns`. Reports
/// unknown columns (warning), duplicated and missing ones (error), every
/// Excel error value in the sheet, and rows identical to another (warning
/// at each, SPEC §17). None when the table cannot be read.
pub fn read_table<'a>(
    sheet: &'a SheetData,
    columns: &'a [Column],
    diags: &mut Diagnostics,
) -> Option<Table<'a>> {
    let table = match_header(sheet, columns, diags)?;
    table.warn_identical_rows(diags);
    Some(table)
}

/// [`read_table`] without the check of identical rows.
fn match_header<'a>(
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
            CellValue::Percent(n) => percent_shown(*n),
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

/// [`read_table`] for a sheet of anonymous answers (the satisfaction
/// survey): two trainees may well give the same answers, so identical
/// rows are no sign of a row entered twice and are not reported.
pub fn read_answers_table<'a>(
    sheet: &'a SheetData,
    columns: &'a [Column],
    diags: &mut Diagnostics,
) -> Option<Table<'a>> {
    match_header(sheet, columns, diags)
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

    /// Warns at every row whose read cells all equal another row's (as
    /// written, trimmed: a copy repeats the same cells), naming one
    /// of the others and how many there are. Rows whose read cells are all blank are left alone. Rows are
    /// sorted by a hash of their cells first, so a large sheet holds one
    /// number per row, not its text.
    fn warn_identical_rows(&self, diags: &mut Diagnostics) {
        use std::hash::{Hash, Hasher};
        let rows = self.rows();
        // (hash of the row's cells, row index), sorted: rows with equal
        // hashes side by side, 12 bytes a row.
        let mut hashes: Vec<(u64, u32)> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            if let Some(key) = self.row_key(row) {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                key.hash(&mut hasher);
                hashes.push((hasher.finish(), i as u32));
            }
        }
        hashes.sort_unstable();
        let mut found: Vec<(u32, u32, usize)> = Vec::new();
        for same_hash in hashes.chunk_by(|a, b| a.0 == b.0).filter(|c| c.len() > 1) {
            // Equal hashes: compare the cells themselves.
            let mut groups: Vec<(Vec<CellKey<'_>>, Vec<u32>)> = Vec::new();
            for &(_, i) in same_hash {
                let row = &rows[i as usize];
                let Some(key) = self.row_key(row) else {
                    continue;
                };
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, members)) => members.push(row.row),
                    None => groups.push((key, vec![row.row])),
                }
            }
            // Each copy names the first of the others (the first copy the
            // second): a sheet of n copies gives n warnings, not n².
            for (_, members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
                for &row in &members {
                    let other = if row == members[0] {
                        members[1]
                    } else {
                        members[0]
                    };
                    found.push((row, other, members.len()));
                }
            }
        }
        found.sort();
        let first_col = self.positions.iter().flatten().min().copied().unwrap_or(0) as u32;
        for (row, other, copies) in found {
            diags.warning(
                Location::cell(&self.sheet.path, &self.sheet.sheet, row, first_col),
                Msg::IdenticalRows {
                    other: other + 1,
                    copies,
                },
            );
        }
    }

    /// A row's read cells, to compare, or None when they are all blank or
    /// one is an Excel error or a formula without a value (reported by
    /// itself). Borrowed, not formatted: the check runs on every row of
    /// every sheet.
    fn row_key<'r>(&self, row: &'r RowCells) -> Option<Vec<CellKey<'r>>> {
        let mut any = false;
        let mut key = Vec::with_capacity(self.positions.len());
        for col in self.positions.iter().flatten() {
            let cell = match row.cells.get(*col) {
                None | Some(CellValue::Empty) => CellKey::Empty,
                // As written, trimmed: a row entered twice is a copy of the
                // same text. (NFKC on every cell cost a tenth of reading
                // data/; the reader normalises what it keeps.)
                Some(CellValue::Text(t)) => match t.trim() {
                    "" => CellKey::Empty,
                    t => CellKey::Text(t),
                },
                Some(CellValue::Number(n)) => CellKey::Number(number_bits(*n)),
                Some(CellValue::Percent(n)) => CellKey::Percent(number_bits(*n)),
                Some(CellValue::Bool(b)) => CellKey::Bool(*b),
                Some(CellValue::Date(d)) => CellKey::Date(*d),
                Some(CellValue::Error(_) | CellValue::Uncached(_)) => return None,
            };
            any |= cell != CellKey::Empty;
            key.push(cell);
        }
        any.then_some(key)
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
            CellValue::Percent(n) => percent_shown(*n),
            CellValue::Bool(b) => b.to_string(),
            CellValue::Date(d) => d.to_string(),
            CellValue::Empty | CellValue::Error(_) | CellValue::Uncached(_) => return None,
        })
    }

    /// An identifier (回答ID, 課題番号): text as [`Self::shared_text`] reads
    /// it, then compared and stored as people read it ([`id_key`]).
    pub fn id(&mut self, index: usize) -> Option<std::sync::Arc<String>> {
        let text = self.shared_text(index)?;
        match id_key(&text) {
            std::borrow::Cow::Borrowed(_) => Some(text),
            std::borrow::Cow::Owned(key) => Some(std::sync::Arc::new(key)),
        }
    }

    /// A number; text holding a number as written (full-width digits,
    /// commas between groups of three digits) is a number. A cell formatted
    /// as a percentage is an error here: the column is no percentage.
    pub fn number(&mut self, index: usize) -> Option<f64> {
        self.number_as(index, false)
    }

    /// A number in a column that is a percentage when `percent` is true
    /// (a follow-up row whose 単位 is %): a cell formatted as a percentage
    /// reads as shown (0.5 shown as 50% is 50), and so does text `50%`.
    pub fn number_as(&mut self, index: usize, percent: bool) -> Option<f64> {
        let value = self.cell(index, Expect::Number)?.clone();
        let parsed = match &value {
            CellValue::Number(n) => Ok(*n),
            CellValue::Percent(n) if percent => Ok(times_hundred(*n)),
            CellValue::Percent(n) => Err(Some(Msg::PercentFormatted {
                shown: percent_shown(*n),
            })),
            CellValue::Text(t) if percent => {
                let t = normalize(t);
                parse_number_text(t.strip_suffix('%').unwrap_or(&t).trim_end())
            }
            CellValue::Text(t) => parse_number_text(t),
            _ => Err(None),
        };
        match parsed {
            Ok(n) if n.is_finite() && n.abs() < crate::schema::NUMBER_LIMIT => Some(n),
            Ok(n) if n.is_finite() => {
                self.fail(
                    index,
                    Msg::NumberTooLarge {
                        found: crate::quote::describe_number(n),
                    },
                );
                None
            }
            Err(Some(message)) => {
                self.fail(index, message);
                None
            }
            // Text that is no number, and NaN or infinity in a number cell.
            Ok(_) | Err(None) => {
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
            CellValue::Number(n) => Ok(*n),
            CellValue::Text(t) => parse_number_text(t),
            _ => Err(None),
        };
        match parsed {
            Ok(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => Some(n as i64),
            // A number written with a misplaced comma: say so, not that it
            // is out of range (it might read as one in range).
            Err(Some(message)) => {
                self.fail(index, message);
                None
            }
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

/// Reads a number written as text, as written (SPEC §17): NFKC first
/// (full-width digits and signs), then an optional sign (`-`, `+`, the
/// minus sign `−`, and `△`/`▲`, the Japanese accounts' minus), digits with
/// commas only between groups of exactly three (`1,076`, `12,345.5`), at
/// most one decimal point with a digit after it (`.5` is 0.5), and an
/// optional exponent (`1e3`, as programs export). Surrounding spaces are
/// trimmed. The error is None for text that is no number at all (the
/// caller says "expected a number"), or the message for a number written
/// so that it could be read as another (`18,0`, `1.2.3`, `1 076`).
pub fn parse_number_text(text: &str) -> Result<f64, Option<Msg>> {
    let t = normalize(text);
    let found = || found_text(text);
    let (negative, body) = match t.chars().next() {
        Some(c @ ('-' | '+' | '\u{2212}' | '△' | '▲')) => (c != '+', &t[c.len_utf8()..]),
        _ => (false, t.as_str()),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let is_part = |c: char| c.is_ascii_digit() || c == ',' || c == '.';
    if mantissa.is_empty()
        || !mantissa.chars().all(|c| is_part(c) || c.is_whitespace())
        || !mantissa.chars().any(|c| c.is_ascii_digit())
    {
        return Err(None);
    }
    if mantissa.contains(char::is_whitespace) {
        // A space between digits: `1 076` (or a sign apart from its digits).
        return Err(Some(Msg::SpaceInNumber { found: found() }));
    }
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };
    if frac.is_some_and(|f| f.contains(',')) {
        return Err(Some(misplaced_comma(text, &t)));
    }
    if frac.is_some_and(|f| f.contains('.') || f.is_empty()) {
        return Err(Some(Msg::MalformedDecimal { found: found() }));
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return Err(Some(misplaced_comma(text, &t)));
        }
    }
    let mut plain: String = int.chars().filter(|c| *c != ',').collect();
    if plain.is_empty() {
        plain.push('0');
    }
    if let Some(frac) = frac {
        plain.push('.');
        plain.push_str(frac);
    }
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(None);
        }
        plain.push('e');
        plain.push_str(exponent);
    }
    let n: f64 = plain.parse().map_err(|_| None)?;
    Ok(if negative { -n } else { n })
}

/// E0122 for `text` (`normal` after NFKC), with the numbers it may have
/// meant: the commas ignored (`18,0` → 180), and a lone comma as the
/// decimal point with any periods as separators (`18,0` → 18, `1.500,5` →
/// 1500.5).
fn misplaced_comma(text: &str, normal: &str) -> Msg {
    let number = |s: String| -> Option<String> {
        s.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && n.abs() < crate::schema::NUMBER_LIMIT)
            .map(format_number)
    };
    let digits = |c: &char| c.is_ascii_digit() || matches!(c, '-' | '.' | 'e' | 'E' | '+');
    let normal = normal.replacen(['\u{2212}', '△', '▲'], "-", 1);
    let mut readings = Vec::new();
    let ignored: String = normal.chars().filter(digits).collect();
    readings.extend(number(ignored));
    if normal.matches(',').count() == 1 {
        let decimal: String = normal
            .chars()
            .filter(|c| *c != '.')
            .map(|c| if c == ',' { '.' } else { c })
            .filter(|c| digits(c))
            .collect();
        if let Some(n) = number(decimal) {
            if !readings.contains(&n) {
                readings.push(n);
            }
        }
    }
    Msg::MisplacedComma {
        found: found_text(text),
        readings: List(readings),
    }
}

/// An identifier as people read it (SPEC §17): invisible characters
/// (zero-width spaces and joiners, BOM, soft hyphen, direction marks)
/// removed and the dashes that look like a hyphen written `-`, after the
/// NFKC the cell reader applies. The long-vowel mark `ー` is a hyphen only
/// where it cannot lengthen a vowel, after a character that is no kana
/// (`Aー001`, typed with a Japanese input method on); `センター01` keeps it.
pub fn id_key(text: &str) -> std::borrow::Cow<'_, str> {
    let is_kana = |c: char| matches!(c, '\u{3041}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}');
    let is_dash = |c: char| {
        matches!(
            c,
            '\u{2010}'
                ..='\u{2015}'
                    | '\u{2043}'
                    | '\u{2212}'
                    | '\u{02d7}'
                    | '\u{2796}'
                    | '\u{fe58}'
                    | '\u{fe63}'
                    | '\u{ff0d}'
                    | '\u{2500}'
                    | '\u{2501}'
        )
    };
    let invisible = crate::quote::is_invisible;
    let mut previous: Option<char> = None;
    let needs_change = text.chars().any(|c| {
        let change = invisible(c) || is_dash(c) || (c == 'ー' && !previous.is_some_and(is_kana));
        previous = Some(c);
        change
    });
    if !needs_change {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if invisible(c) {
            continue;
        }
        let c = if is_dash(c) || (c == 'ー' && !previous.is_some_and(is_kana)) {
            '-'
        } else {
            c
        };
        out.push(c);
        previous = Some(c);
    }
    std::borrow::Cow::Owned(out.trim().to_string())
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
            explained: &[],
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
        assert_eq!(d.error_count(), 0);
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
        assert_eq!(parse_number_text("１２"), Ok(12.0));
        assert_eq!(parse_number_text(" 3,198 "), Ok(3198.0));
        assert_eq!(parse_number_text("12.5"), Ok(12.5));
        assert_eq!(parse_number_text("約50"), Err(None));
        assert_eq!(parse_number_text("50名"), Err(None));
        assert_eq!(parse_number_text("inf"), Err(None));
        assert_eq!(parse_number_text("NaN"), Err(None));
        assert_eq!(parse_number_text("1e400").map(f64::is_finite), Ok(false));
    }

    /// SPEC §17: numbers as written. Each case is (text, what it reads as).
    #[test]
    fn numbers_as_written() {
        for (text, value) in [
            ("1,076", 1076.0),
            ("12,345.5", 12345.5),
            ("1,234,567", 1234567.0),
            ("１，０７６", 1076.0),
            ("１２，３４５．５", 12345.5),
            (".5", 0.5),
            ("+5", 5.0),
            ("-5", -5.0),
            ("－５", -5.0),
            ("\u{2212}5", -5.0),
            ("△5", -5.0),
            ("▲1,200", -1200.0),
            ("1.500", 1.5),
            ("007", 7.0),
            ("1e3", 1000.0),
            ("2.5E-1", 0.25),
        ] {
            assert_eq!(parse_number_text(text), Ok(value), "{text}");
        }
        let code = |text: &str| match parse_number_text(text) {
            Err(Some(m)) => m.code().as_str().to_string(),
            other => format!("{other:?}"),
        };
        for text in [
            "18,0", "1,80", "1,5", ",5", "1.500,5", "1,0765", "5,", "1,,076", "12,34.5",
        ] {
            assert_eq!(code(text), "E0122", "{text}");
        }
        for text in ["1.2.3", "5.", "１．"] {
            assert_eq!(code(text), "E0123", "{text}");
        }
        for text in ["1 076", "1　076", "- 5"] {
            assert_eq!(code(text), "E0124", "{text}");
        }
        for text in [
            "", "-", ".", ",", "e5", "1e", "1_000", "(5)", "5-", "1、076", "--5",
        ] {
            assert_eq!(parse_number_text(text), Err(None), "{text}");
        }
    }

    /// The readings E0122 offers: the commas ignored, a lone comma as the
    /// decimal point.
    #[test]
    fn misplaced_comma_readings() {
        let readings = |text: &str| match parse_number_text(text) {
            Err(Some(Msg::MisplacedComma { readings, .. })) => readings.0,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(readings("18,0"), ["180", "18"]);
        assert_eq!(readings("1,5"), ["15", "1.5"]);
        assert_eq!(readings(",5"), ["5", "0.5"]);
        assert_eq!(readings("1.500,5"), ["1.5005", "1500.5"]);
        assert_eq!(readings("△1,5"), ["-15", "-1.5"]);
        assert_eq!(readings("1,0,76"), ["1076"]);
        assert_eq!(readings("5,"), ["5"]);
    }

    fn errors(d: &Diagnostics) -> Vec<String> {
        d.items().iter().map(ToString::to_string).collect()
    }

    /// Misplaced separators in a count and a number column are errors at
    /// the cell, never another number (受入人数 "18,0" was read as 180).
    #[test]
    fn misplaced_separators_are_errors_at_the_cell() {
        let s = sheet(vec![
            vec![t("受入人数"), t("備考"), t("自社研究開発")],
            vec![t("18,0"), CellValue::Empty, t("はい")],
            vec![t("1,80"), CellValue::Empty, t("はい")],
            vec![t("1.2.3"), CellValue::Empty, t("はい")],
            vec![t("1 076"), CellValue::Empty, t("はい")],
            vec![t("１，０７６"), CellValue::Empty, t("はい")],
        ]);
        let mut d = Diagnostics::new();
        let table = read_table(&s, &COLS, &mut d).unwrap();
        let counts: Vec<Option<i64>> = table
            .rows()
            .iter()
            .map(|row| table.reader(row, &mut d).count(0))
            .collect();
        assert_eq!(counts, [None, None, None, None, Some(1076)]);
        assert_eq!(
            errors(&d),
            [
                "data/R7/companies.xlsx:回答:A2: E0122: expected a number, found \"18,0\": a comma separates groups of three digits only, so which number is meant is unclear; enter the number meant, such as 180, 18",
                "data/R7/companies.xlsx:回答:A3: E0122: expected a number, found \"1,80\": a comma separates groups of three digits only, so which number is meant is unclear; enter the number meant, such as 180, 1.8",
                "data/R7/companies.xlsx:回答:A4: E0123: expected a number, found \"1.2.3\": it has more than one decimal point, or no digit after its decimal point",
                "data/R7/companies.xlsx:回答:A5: E0124: expected a number, found \"1 076\": a space stands between its digits, so it does not read as one number",
            ]
        );
    }

    /// A theme or stage written `1,5` says where the comma is wrong, not
    /// only that 15 is out of range.
    #[test]
    fn integer_in_range_reports_the_separator() {
        let s = sheet(vec![
            vec![t("受入人数"), t("備考"), t("自社研究開発")],
            vec![t("1,5"), CellValue::Empty, t("はい")],
        ]);
        let mut d = Diagnostics::new();
        let table = read_table(&s, &COLS, &mut d).unwrap();
        let mut r = table.reader(&table.rows()[0], &mut d);
        assert_eq!(r.integer_in(0, 1, 6, Term::Theme), None);
        assert_eq!(d.items()[0].message.code().as_str(), "E0122");
    }

    /// NaN and infinity in a number cell are named as such, never "blank".
    #[test]
    fn non_finite_cells_are_named() {
        let s = sheet(vec![
            vec![t("受入人数"), t("備考"), t("自社研究開発")],
            vec![
                CellValue::Number(f64::NAN),
                CellValue::Number(f64::INFINITY),
                CellValue::Number(f64::NEG_INFINITY),
            ],
        ]);
        let mut d = Diagnostics::new();
        let table = read_table(&s, &COLS, &mut d).unwrap();
        let mut r = table.reader(&table.rows()[0], &mut d);
        assert_eq!(r.number(0), None);
        assert_eq!(r.date(1), None);
        assert_eq!(r.yes_no(2), None);
        assert_eq!(
            errors(&d),
            [
                "data/R7/companies.xlsx:回答:A2: E0107: expected a number, found NaN",
                "data/R7/companies.xlsx:回答:B2: E0125: expected a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日, found the number inf: as an Excel date serial it is after 9999-12-31 (serial 2958465), the last day Excel can show, so it is no date",
                "data/R7/companies.xlsx:回答:C2: E0114: expected yes or no (はい/いいえ, あり/なし, ○/×, 1/0, yes/no, true/false), found -inf",
            ]
        );
    }

    /// A cell formatted as a percentage reads as shown where the column is
    /// a percentage, and is an error elsewhere.
    #[test]
    fn percent_cells() {
        let s = sheet(vec![
            vec![t("受入人数"), t("備考"), t("自社研究開発")],
            vec![
                CellValue::Percent(0.5),
                CellValue::Percent(0.07),
                CellValue::Percent(1.0),
            ],
            vec![t("12.5%"), t("７％"), t("50%")],
        ]);
        let mut d = Diagnostics::new();
        let table = read_table(&s, &COLS, &mut d).unwrap();
        let rows = table.rows();
        let mut r = table.reader(&rows[0], &mut d);
        assert_eq!(r.number_as(0, true), Some(50.0));
        assert_eq!(r.number_as(1, true), Some(7.0));
        assert_eq!(r.yes_no(2), None);
        let mut r = table.reader(&rows[1], &mut d);
        assert_eq!(r.number_as(0, true), Some(12.5));
        assert_eq!(r.number_as(1, true), Some(7.0));
        assert_eq!(r.number(2), None);
        let mut r = table.reader(&rows[0], &mut d);
        assert_eq!(r.number(0), None);
        assert_eq!(
            errors(&d),
            [
                "data/R7/companies.xlsx:回答:C2: E0114: expected yes or no (はい/いいえ, あり/なし, ○/×, 1/0, yes/no, true/false), found 100%",
                "data/R7/companies.xlsx:回答:C3: E0107: expected a number, found \"50%\"",
                "data/R7/companies.xlsx:回答:A2: E0127: the cell is formatted as a percentage and shows 50%, but this column is not a percentage: format it as a number and enter the value meant",
            ]
        );
    }

    #[test]
    fn ids_as_people_read_them() {
        for (text, key) in [
            ("A-001", "A-001"),
            ("A\u{2010}001", "A-001"),
            ("A\u{2013}001", "A-001"),
            ("A\u{2014}001", "A-001"),
            ("A\u{2015}001", "A-001"),
            ("A\u{2212}001", "A-001"),
            ("A\u{2500}001", "A-001"),
            ("Aー001", "A-001"),
            ("A\u{200b}-001", "A-001"),
            ("\u{feff}A-001\u{200d}", "A-001"),
            ("A\u{00ad}001", "A001"),
            ("センター01", "センター01"),
            ("センター-01", "センター-01"),
            ("1ー2", "1-2"),
        ] {
            assert_eq!(id_key(&normalize(text)), key, "{text:?}");
        }
        // NFKC first: full-width hyphen-minus, small hyphen-minus, half-width ｰ.
        for text in ["A－001", "A\u{fe63}001", "Aｰ001", "Ａ\u{2011}００１"] {
            assert_eq!(id_key(&normalize(text)), "A-001", "{text:?}");
        }
    }

    /// Two 回答ID that differ only by a hyphen look-alike or an invisible
    /// character are the same ID (E0121), and the ID kept is the plain one.
    #[test]
    fn duplicate_ids_after_normalisation() {
        let s = sheet(vec![
            vec![t("回答ID")],
            vec![t("C-0001")],
            vec![t("C\u{2212}0001")],
            vec![t("C-0002\u{200b}")],
        ]);
        const ID: [Column; 1] = [col("回答ID", crate::schema::Presence::Required)];
        let mut d = Diagnostics::new();
        let table = read_table(&s, &ID, &mut d).unwrap();
        let mut seen = FirstSeen::default();
        let mut ids = Vec::new();
        for row in table.rows() {
            let mut r = table.reader(row, &mut d);
            let id = r.id(0).unwrap();
            seen.check(&mut r, 0, &id, "回答ID");
            ids.push(id.to_string());
        }
        assert_eq!(ids, ["C-0001", "C-0001", "C-0002"]);
        assert_eq!(
            errors(&d),
            ["data/R7/companies.xlsx:回答:A3: E0121: duplicate 回答ID \"C-0001\" (first at A2)"]
        );
    }

    #[test]
    fn identical_rows_warn_at_each() {
        let s = sheet(vec![
            vec![t("受入人数"), t("備考"), t("自社研究開発"), t("メモ")],
            vec![t("180"), t("a"), t("はい"), t("x")],
            vec![t("180"), t(" a "), t("はい"), t("y")],
            vec![t("180"), t("a"), t("いいえ")],
            // As written: not the same cells as rows 2 and 3.
            vec![t("１８０"), t("ａ"), t("はい")],
            vec![CellValue::Number(180.0), t("a"), t("はい")],
            vec![CellValue::Number(180.0), t("a"), t("はい")],
            vec![CellValue::Empty, CellValue::Empty, CellValue::Empty, t("z")],
            vec![CellValue::Empty, CellValue::Empty, CellValue::Empty, t("z")],
        ]);
        let mut d = Diagnostics::new();
        read_table(&s, &COLS, &mut d).unwrap();
        let lines = errors(&d);
        assert_eq!(
            lines[1..],
            [
                "data/R7/companies.xlsx:回答:A2: warning: W0103: this row is identical to row 3 (2 such rows in the sheet): a row entered twice is counted twice (it is counted as written until removed or accepted)",
                "data/R7/companies.xlsx:回答:A3: warning: W0103: this row is identical to row 2 (2 such rows in the sheet): a row entered twice is counted twice (it is counted as written until removed or accepted)",
                "data/R7/companies.xlsx:回答:A6: warning: W0103: this row is identical to row 7 (2 such rows in the sheet): a row entered twice is counted twice (it is counted as written until removed or accepted)",
                "data/R7/companies.xlsx:回答:A7: warning: W0103: this row is identical to row 6 (2 such rows in the sheet): a row entered twice is counted twice (it is counted as written until removed or accepted)",
            ]
        );
        // Anonymous answers may well repeat.
        let mut d = Diagnostics::new();
        read_answers_table(&s, &COLS, &mut d).unwrap();
        assert_eq!(d.items().len(), 1, "{:?}", errors(&d));
    }

    #[test]
    fn yes_no_okurigana_and_katakana() {
        let mut rows = vec![vec![t("受入人数"), t("備考"), t("自社研究開発")]];
        for s in ["有り", "無し", "アリ", "ﾅｼ", "ﾊｲ", "イイエ"] {
            rows.push(vec![CellValue::Number(1.0), CellValue::Empty, t(s)]);
        }
        let s = sheet(rows);
        let mut d = Diagnostics::new();
        let table = read_table(&s, &COLS, &mut d).unwrap();
        let values: Vec<Option<bool>> = table
            .rows()
            .iter()
            .map(|row| table.reader(row, &mut d).yes_no(2))
            .collect();
        assert_eq!(
            values,
            [
                Some(true),
                Some(false),
                Some(true),
                Some(false),
                Some(true),
                Some(false)
            ]
        );
        assert_eq!(d.items().len(), 0, "{:?}", errors(&d));
    }
}
