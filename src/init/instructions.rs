//! The 記入要領 (instructions) sheet of a form, in Japanese, from the
//! schema: how to fill the form in, then for each sheet what it is for and,
//! column by column, what to write, the values allowed, whether it may be
//! blank, and an example row (the 記入例 column: one row's values, column
//! by column, so that a sheet of 21 columns still prints on one page width).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use super::sheet::{print_setup, width, Round};
use crate::fiscal;
use crate::schema::{Dataset, Field, INSTRUCTIONS_SHEET, SITES};

/// The table's columns: heading and width.
const COLUMNS: [(&str, f64); 5] = [
    ("見出し", 24.0),
    ("記入内容", 48.0),
    ("入力できる値", 48.0),
    ("記入", 12.0),
    ("記入例(1行分)", 28.0),
];

/// Writes the instructions of `dataset` into `worksheet`.
pub fn write(
    worksheet: &mut Worksheet,
    dataset: &Dataset,
    round: Round<'_>,
) -> Result<(), XlsxError> {
    worksheet.set_name(INSTRUCTIONS_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xDDEBF7);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    print_setup(worksheet);
    for (col, (_, width)) in COLUMNS.iter().enumerate() {
        worksheet.set_column_width(col as u16, *width)?;
    }
    let mut row = 0u32;
    worksheet.write_string_with_format(
        row,
        0,
        format!(
            "{}({}) {} 記入要領",
            fiscal::long_era_label(round.fiscal_year),
            round.label,
            dataset.title
        ),
        &title,
    )?;
    row += 1;
    worksheet.write_string_with_format(
        row,
        0,
        format!(
            "報告期間: {}(この期間の実績を記入してください)",
            round.period_ja()
        ),
        &bold,
    )?;
    row += 2;
    for note in general_notes(dataset) {
        worksheet.write_string(row, 0, format!("・{note}"))?;
        row += 1;
    }
    for sheet in dataset.sheets {
        row += 1;
        worksheet.write_string_with_format(
            row,
            0,
            format!("シート「{}」: {}", sheet.name, sheet.purpose),
            &bold,
        )?;
        row += 1;
        for (col, (heading, _)) in COLUMNS.iter().enumerate() {
            worksheet.write_string_with_format(row, col as u16, *heading, &head)?;
        }
        row += 1;
        for field in sheet.fields {
            let values = [
                field.header.to_string(),
                field.meaning.to_string(),
                allowed(field),
                field.presence.label_ja().to_string(),
                field.example.to_string(),
            ];
            for (col, value) in values.iter().enumerate() {
                worksheet.write_string_with_format(row, col as u16, value, &cell)?;
            }
            // Excel sizes no row to wrapped text on opening: as many
            // lines as the fullest cell needs.
            let lines = values
                .iter()
                .zip(COLUMNS)
                .map(|(value, (_, width))| wrapped_lines(value, width))
                .max()
                .unwrap_or(1);
            if lines > 1 {
                worksheet.set_row_height(row, LINE_HEIGHT * lines as f64)?;
            }
            row += 1;
        }
    }
    Ok(())
}

/// The height of one line of text, in points.
const LINE_HEIGHT: f64 = 15.0;

/// How many lines `text` takes in a column `columns` characters wide.
fn wrapped_lines(text: &str, columns: f64) -> usize {
    let room = (columns as usize).saturating_sub(1).max(1);
    text.split('\n')
        .map(|line| width(line).div_ceil(room).max(1))
        .sum()
}

/// How to fill the form in and where it goes once filled.
fn general_notes(dataset: &Dataset) -> Vec<String> {
    let mut notes = vec![
        "各シートの1行目(見出し)は変更・削除しないでください。見出しが橙色の列は必須、灰色の列は空欄可です。".to_string(),
        "1件を1行に記入してください。途中の空行は読み飛ばされます。".to_string(),
        "▼の出る列は一覧から選んでください。数値・日付の列は入力時に確認され、範囲外の値は入力できません。セルを選ぶと記入内容が表示されます。".to_string(),
        "他のファイルから貼り付けると入力規則が働きません。貼り付けた場合は値を一覧・記入例と見比べてください。".to_string(),
        format!("このシート(「{INSTRUCTIONS_SHEET}」)は集計時に読み飛ばされます。削除しなくてかまいません。"),
    ];
    if dataset.name == SITES.name {
        notes.push(
            "拠点ごとに1ファイルを提出してください。ファイル名は拠点を表す短い英数字にしてください(例 hokkaido-u.xlsx)。"
                .to_string(),
        );
        notes.push(
            "集計担当: 記入済みのファイルを調査回フォルダーの sites/<拠点>.xlsx に置きます。"
                .to_string(),
        );
    } else {
        notes.push(format!(
            "集計担当: 記入済みのファイルを調査回フォルダーの {}.xlsx に置きます。",
            dataset.stem
        ));
    }
    notes
}

/// The values a column takes: its own choices, each with what it stands
/// for when the schema says (the field's own meanings: two columns with
/// the same codes, like 研修区分 and 採択時ステージ, mean different things).
pub fn allowed(field: &Field) -> String {
    let Some(choices) = field.kind.choices() else {
        return field.kind.rule_ja();
    };
    if field.explained.is_empty() {
        return format!("一覧から選択: {}", choices.join("、"));
    }
    let lines: Vec<String> = choices
        .iter()
        .zip(field.explained)
        .map(|(value, meaning)| format!("{value}: {meaning}"))
        .collect();
    format!("一覧から選択\n{}", lines.join("\n"))
}
