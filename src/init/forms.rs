//! One collection form per dataset, written from the schema: the dataset's
//! sheets with their exact headers, Excel data validation on every column
//! (dropdown lists, whole numbers and numbers ≥ 0, dates) with Japanese
//! input hints and error messages, frozen header rows, widths that fit the
//! Japanese headers, and the 記入要領 sheet (see `instructions`).

use rust_xlsxwriter::{
    column_number_to_name, row_col_to_cell, Color, DataValidation, DataValidationRule,
    DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::sheet::{print_setup, width, Round};
use crate::fiscal;
use crate::schema::{Dataset, Field, Kind, Presence, Sheet, LISTS_SHEET, NUMBER_LIMIT};

/// The last row (0-based) a column's validation covers: the whole column,
/// so a long return is checked to its end.
pub const LAST_ROW: u32 = 1_048_575;

/// Excel's limits on a validation's texts (UTF-16 units).
const TITLE_MAX: usize = 32;
const MESSAGE_MAX: usize = 255;
/// An inline list (`"a,b,c"`) longer than this goes through [`LISTS_SHEET`].
const INLINE_LIST_MAX: usize = 255;

/// Header fill of a column that must be filled, and of one that may be blank.
const REQUIRED_FILL: u32 = 0xFCE4D6;
const OPTIONAL_FILL: u32 = 0xEDEDED;

/// The form of `dataset` as .xlsx bytes. The same round gives the same
/// bytes (fixed document dates).
pub fn form(dataset: &Dataset, round: Round<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(dataset, round)?);
    let lists = Lists::of(dataset);
    let instructions = workbook.add_worksheet();
    super::instructions::write(instructions, dataset, round)?;
    instructions.set_active(true);
    for sheet in dataset.sheets {
        let worksheet = workbook.add_worksheet();
        data_sheet(worksheet, sheet, &lists)?;
    }
    if !lists.long.is_empty() {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(LISTS_SHEET)?;
        for (col, list) in lists.long.iter().enumerate() {
            worksheet.write_column(0, col as u16, list.iter().copied())?;
        }
        worksheet.set_hidden(true);
    }
    workbook.save_to_buffer()
}

/// Title, author and a creation date fixed to the fiscal year's first day,
/// so that the bytes do not depend on when `init` ran.
fn properties(dataset: &Dataset, round: Round<'_>) -> Result<DocProperties, XlsxError> {
    let year = u16::try_from(round.fiscal_year).unwrap_or(2000);
    let created = ExcelDateTime::from_ymd(year, 4, 1)?;
    Ok(DocProperties::new()
        .set_title(format!(
            "{} {}",
            fiscal::long_era_label(round.fiscal_year),
            dataset.title
        ))
        .set_author("mdkpi init")
        .set_comment(format!(
            "{} ({}) の調査票。報告期間 {}。mdkpi init がスキーマから作成",
            round.label,
            round.fiscal_year,
            round.period_ja()
        ))
        .set_creation_datetime(&created))
}

/// The dropdown lists of a form too long to be written inline: each is a
/// column of the hidden [`LISTS_SHEET`].
struct Lists {
    long: Vec<&'static [&'static str]>,
}

impl Lists {
    fn of(dataset: &Dataset) -> Self {
        let mut long: Vec<&'static [&'static str]> = Vec::new();
        for field in dataset.sheets.iter().flat_map(|s| s.fields) {
            if let Some(list) = field.kind.choices() {
                if !fits_inline(list) && !long.contains(&list) {
                    long.push(list);
                }
            }
        }
        Lists { long }
    }

    /// `'選択肢'!$A$1:$A$7` for a long list, None for one written inline.
    fn reference(&self, list: &[&str]) -> Option<String> {
        let col = self.long.iter().position(|l| *l == list)?;
        let letter = column_number_to_name(col as u16);
        Some(format!(
            "'{LISTS_SHEET}'!${letter}$1:${letter}${}",
            list.len()
        ))
    }
}

/// Whether Excel takes the list written into the validation itself.
pub fn fits_inline(list: &[&str]) -> bool {
    let joined = list.join(",");
    joined.encode_utf16().count() <= INLINE_LIST_MAX && !list.iter().any(|v| v.contains(','))
}

/// One data sheet: bold headers coloured by presence, frozen, sized, and
/// each column's validation over its rows.
fn data_sheet(worksheet: &mut Worksheet, sheet: &Sheet, lists: &Lists) -> Result<(), XlsxError> {
    worksheet.set_name(sheet.name)?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let last = if sheet.one_row { 1 } else { LAST_ROW };
    for (index, field) in sheet.fields.iter().enumerate() {
        let col = u16::try_from(index).map_err(|_| XlsxError::ParameterError("column".into()))?;
        worksheet.write_string_with_format(0, col, field.header, &header_format(field))?;
        worksheet.set_column_width(col, column_width(field))?;
        if field.kind == Kind::Date {
            worksheet.set_column_format(col, &date)?;
        }
        let list = field.kind.choices().and_then(|l| lists.reference(l));
        worksheet.add_data_validation(1, col, last, col, &validation(field, col, list)?)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    print_setup(worksheet);
    worksheet.set_repeat_rows(0, 0)?;
    Ok(())
}

fn header_format(field: &Field) -> Format {
    let fill = match field.presence {
        Presence::Required => REQUIRED_FILL,
        Presence::MayBeBlank | Presence::Optional => OPTIONAL_FILL,
    };
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(fill))
        .set_border(FormatBorder::Thin)
}

/// The validation of one column: a dropdown for a list, a whole number or
/// number ≥ 0, a number, a date; any value (with its hint) otherwise.
/// `list_ref` is where a long list lives.
pub fn validation(
    field: &Field,
    col: u16,
    list_ref: Option<String>,
) -> Result<DataValidation, XlsxError> {
    let rule = field.kind.rule_ja();
    let checked = match field.kind {
        Kind::OneOf(_) | Kind::YesNo => {
            let choices = field.kind.choices().unwrap_or_default();
            let v = match list_ref {
                Some(range) => DataValidation::new().allow_list_formula(Formula::new(range)),
                None => DataValidation::new().allow_list_strings(choices)?,
            };
            Some((
                v,
                format!("{}は一覧から選んでください: {rule}", field.header),
            ))
        }
        Kind::Count => Some((
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            format!("{}には{rule}を入力してください。", field.header),
        )),
        // Counts stop at Excel's 2^31 − 1, far below the reader's limit;
        // other numbers below it (NUMBER_LIMIT).
        Kind::NonNegative => Some((
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, NUMBER_LIMIT - 1.0)),
            format!("{}には{rule}を入力してください。", field.header),
        )),
        Kind::Number => Some((
            DataValidation::new().allow_custom(Formula::new(number_check(col))),
            format!("{}には{rule}を入力してください。", field.header),
        )),
        Kind::Date => Some((
            DataValidation::new().allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1900, 1, 1)?,
                ExcelDateTime::from_ymd(9999, 12, 31)?,
            )),
            format!("{}には{rule}を入力してください。", field.header),
        )),
        Kind::Text | Kind::FiscalYear => None,
    };
    let hint = input_message(field);
    let validation = match checked {
        Some((v, error)) => v
            .set_error_title(clip("入力できない値です", TITLE_MAX))?
            .set_error_message(clip(&error, MESSAGE_MAX))?,
        None => DataValidation::new().allow_any_value(),
    };
    validation
        .set_input_title(clip(field.header, TITLE_MAX))?
        .set_input_message(clip(&hint, MESSAGE_MAX))
}

/// The custom check of a Number column `col` (0-based): a number below
/// NUMBER_LIMIT in size, written for its first data cell (row 2), which
/// Excel shifts down the column.
fn number_check(col: u16) -> String {
    let cell = row_col_to_cell(1, col);
    format!("AND(ISNUMBER({cell}),ABS({cell})<{NUMBER_LIMIT:E})")
}

/// The hint shown when a cell of the column is selected.
pub fn input_message(field: &Field) -> String {
    let mut text = format!(
        "{}\n【{}】{}",
        field.meaning,
        field.presence.label_ja(),
        field.kind.rule_ja()
    );
    if !field.example.is_empty() {
        text.push_str(&format!("\n例: {}", field.example));
    }
    text
}

/// `text` cut to `max` UTF-16 units, with … when cut.
fn clip(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the ellipsis
    for c in text.chars() {
        used += c.len_utf16();
        if used > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A column as wide as its header, example and longest choice, plus room
/// for the dropdown arrow, within 8–40.
fn column_width(field: &Field) -> f64 {
    let choices = field.kind.choices().unwrap_or_default();
    let widest = choices
        .iter()
        .copied()
        .chain([field.header, field.example])
        .map(width)
        .max()
        .unwrap_or(0);
    (widest + 4).clamp(8, 40) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::DATASETS;

    #[test]
    fn a_number_column_checks_its_own_cell() {
        for (col, cell) in [(0, "A2"), (25, "Z2"), (26, "AA2"), (16_383, "XFD2")] {
            assert_eq!(
                number_check(col),
                format!("AND(ISNUMBER({cell}),ABS({cell})<1E15)")
            );
        }
    }

    #[test]
    fn a_long_list_is_named_by_its_column_of_the_lists_sheet() {
        const ONE: &[&str] = &["a", "b"];
        let mut lists = Lists {
            long: vec![ONE; 27],
        };
        lists.long.push(&["x", "y", "z"]);
        assert_eq!(
            lists.reference(&["x", "y", "z"]).as_deref(),
            Some("'選択肢'!$AB$1:$AB$3")
        );
        assert_eq!(lists.reference(ONE).as_deref(), Some("'選択肢'!$A$1:$A$2"));
    }

    #[test]
    fn every_field_gets_a_validation_within_excel_limits() {
        for d in DATASETS {
            for s in d.sheets {
                for (i, f) in s.fields.iter().enumerate() {
                    validation(f, i as u16, None)
                        .or_else(|_| validation(f, i as u16, Some("'x'!$A$1:$A$2".into())))
                        .unwrap_or_else(|e| panic!("{}:{}: {e}", s.name, f.header));
                }
            }
        }
    }

    #[test]
    fn long_lists_go_to_the_lists_sheet() {
        const LONG: &[&str] = &[
            "とても長い選択肢その一とても長い選択肢その一とても長い選択肢その一とても長い選択肢その一",
            "とても長い選択肢その二とても長い選択肢その二とても長い選択肢その二とても長い選択肢その二",
            "とても長い選択肢その三とても長い選択肢その三とても長い選択肢その三とても長い選択肢その三",
            "とても長い選択肢その四とても長い選択肢その四とても長い選択肢その四とても長い選択肢その四",
            "とても長い選択肢その五とても長い選択肢その五とても長い選択肢その五とても長い選択肢その五",
            "とても長い選択肢その六とても長い選択肢その六とても長い選択肢その六とても長い選択肢その六",
        ];
        assert!(!fits_inline(LONG));
        let lists = Lists { long: vec![LONG] };
        assert_eq!(lists.reference(LONG).as_deref(), Some("'選択肢'!$A$1:$A$6"));
        assert!(fits_inline(crate::schema::THEME_CODES));
    }

    #[test]
    fn widths_count_full_width_twice() {
        let text = |header, example, kind| Field {
            header,
            column: "",
            dtype: crate::schema::Dtype::Str,
            kind,
            presence: Presence::Required,
            meaning: "",
            example,
            explained: &[],
        };
        // The widest of header, example and choices, and 4 for the arrow.
        assert_eq!(column_width(&text("受入人数", "12", Kind::Text)), 12.0);
        assert_eq!(
            column_width(&text("KPI番号", "𠮷𠮷𠮷𠮷𠮷𠮷", Kind::Text)),
            16.0
        );
        let choices = Kind::OneOf(&["ＡＢＣＤＥＦＧ", "x"]);
        assert_eq!(column_width(&text("種別", "x", choices)), 18.0);
        assert_eq!(clip("あいうえお", 3), "あい…");
    }
}
