//! `--format xlsx`: one workbook, one sheet per table named after it, the
//! header row bold, frozen and filterable, dates as date cells
//! (`yyyy-mm-dd`; a date before 1900, which Excel cannot hold, as the text
//! `yyyy-mm-dd`), yes/no as TRUE/FALSE, numbers as numbers. Text is
//! written as text, never as a formula. Fixed document properties keep the
//! bytes the same from run to run.

use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::{date, FileError, Overview, Table, Values, OVERVIEW};

/// The widest a column is fitted to its contents, in pixels.
const MAX_WIDTH: u32 = 400;

/// The workbook of `tables`, for round `label` of `fiscal_year`.
pub(crate) fn workbook(
    tables: &[Table],
    overview: &Overview,
    label: &str,
    fiscal_year: i32,
) -> Result<Vec<u8>, FileError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(label, fiscal_year)?);
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let day = Format::new().set_num_format("yyyy-mm-dd");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name)?;
        for (col, h) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col_num(col)?, h, &bold)?;
        }
        let height = table.frame.height();
        for (col, column) in table.frame.columns().iter().enumerate() {
            let col = col_num(col)?;
            let values = Values::of(column.as_materialized_series())?;
            for i in 0..height {
                let row = row_num(i + 1)?;
                match &values {
                    Values::Text(ca) => {
                        if let Some(v) = ca.get(i) {
                            sheet.write_string(row, col, v)?;
                        }
                    }
                    Values::Int(ca) => {
                        if let Some(v) = ca.get(i) {
                            sheet.write_number(row, col, v as f64)?;
                        }
                    }
                    Values::Float(ca) => {
                        if let Some(v) = ca.get(i).filter(|v| v.is_finite()) {
                            sheet.write_number(row, col, v)?;
                        }
                    }
                    Values::Bool(ca) => {
                        if let Some(v) = ca.get(i) {
                            sheet.write_boolean(row, col, v)?;
                        }
                    }
                    Values::Date(ca) => {
                        if let Some(d) = ca.get(i).and_then(date) {
                            match excel_date(d) {
                                Some(cell) => {
                                    sheet.write_datetime_with_format(row, col, &cell, &day)?
                                }
                                // Before 1900 (or after 9999) Excel has no
                                // date: the date as text, not lost.
                                None => sheet.write_string(row, col, d.to_string())?,
                            };
                        }
                    }
                }
            }
        }
        let last_col = col_num(table.headers.len().saturating_sub(1))?;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, row_num(height)?, last_col)?;
        sheet.set_autofit_max_width(MAX_WIDTH);
        sheet.autofit();
    }
    overview_sheet(&mut workbook, overview, &bold)?;
    Ok(workbook.save_to_buffer()?)
}

/// The number format of a rate (`12.3%`).
pub(crate) const PERCENT_FORMAT: &str = "0.0%";
/// A count (`3,198`), and a figure with decimals (a mean: `55.33`).
const WHOLE_FORMAT: &str = "#,##0";
const DECIMAL_FORMAT: &str = "#,##0.00";

/// The sheet 指標一覧 (SPEC §19): 指標キー, 指標名, 単位, then one column
/// per round; rates as percentages, counts with separators, figures with
/// decimals to two places (the cell keeps the full value).
fn overview_sheet(
    workbook: &mut Workbook,
    overview: &Overview,
    bold: &Format,
) -> Result<(), FileError> {
    let percent = Format::new().set_num_format(PERCENT_FORMAT);
    let whole = Format::new().set_num_format(WHOLE_FORMAT);
    let decimal = Format::new().set_num_format(DECIMAL_FORMAT);
    let sheet = workbook.add_worksheet();
    sheet.set_name(OVERVIEW)?;
    let headers = ["指標キー", "指標名", "単位"];
    for (col, h) in headers
        .iter()
        .map(|h| h.to_string())
        .chain(overview.rounds.iter().cloned())
        .enumerate()
    {
        sheet.write_string_with_format(0, col_num(col)?, h, bold)?;
    }
    for (i, r) in overview.rows.iter().enumerate() {
        let row = row_num(i + 1)?;
        sheet.write_string(row, 0, &r.key)?;
        sheet.write_string(row, 1, &r.name)?;
        sheet.write_string(row, 2, &r.unit)?;
        let whole_row = r.values.iter().flatten().all(|v| v.fract() == 0.0);
        let format = match (r.rate, whole_row) {
            (true, _) => &percent,
            (false, true) => &whole,
            (false, false) => &decimal,
        };
        for (c, v) in r.values.iter().enumerate() {
            if let Some(v) = v {
                sheet.write_number_with_format(row, col_num(c + headers.len())?, *v, format)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.set_autofit_max_width(MAX_WIDTH);
    sheet.autofit();
    Ok(())
}

/// `d` as an Excel date, built from its year, month and day so that the
/// writer counts Excel's serial numbers, phantom 1900-02-29 included
/// (1900-01-01 is serial 1, 1900-03-01 serial 61); None outside Excel's
/// years 1900–9999.
fn excel_date(d: chrono::NaiveDate) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    // The writer takes 1899-12-31 as Excel's day 0 ("1900-01-00"): not a
    // date either.
    let year = u16::try_from(d.year()).ok().filter(|y| *y >= 1900)?;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

fn row_num(i: usize) -> Result<u32, FileError> {
    u32::try_from(i)
        .ok()
        .filter(|r| *r <= 1_048_575)
        .ok_or(FileError::Xlsx(XlsxError::RowColumnLimitError))
}

fn col_num(i: usize) -> Result<u16, FileError> {
    u16::try_from(i)
        .ok()
        .filter(|c| *c <= 16_383)
        .ok_or(FileError::Xlsx(XlsxError::RowColumnLimitError))
}

/// Title, author and a creation date fixed to the round's fiscal-year
/// start, so the bytes do not depend on when `export` ran.
fn properties(label: &str, fiscal_year: i32) -> Result<DocProperties, XlsxError> {
    let year = u16::try_from(fiscal_year).unwrap_or(2000);
    let created = ExcelDateTime::from_ymd(year, 4, 1)?;
    Ok(DocProperties::new()
        .set_title(format!("医療機器基本計画 KPI調査 データ({label}まで)"))
        .set_author("mdkpi export")
        .set_comment("mdkpi export が検証済みの入力と指標表から作成")
        .set_creation_datetime(&created))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_get_excels_serial_numbers() {
        let serial = |y, m, d| {
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .and_then(excel_date)
                .map(|e| e.to_excel())
        };
        // Excel counts a 1900-02-29 that never was: dates before it are
        // one less than the days since 1899-12-30.
        assert_eq!(serial(1900, 1, 1), Some(1.0));
        assert_eq!(serial(1900, 2, 28), Some(59.0));
        assert_eq!(serial(1900, 3, 1), Some(61.0));
        assert_eq!(serial(2025, 4, 1), Some(45748.0));
        assert_eq!(serial(1899, 12, 31), None);
        assert_eq!(serial(10000, 1, 1), None);
    }
}
