//! SPEC §17, numbers and words as written, and rows and IDs counted once:
//! each case builds a round, runs the binary (under the limits of
//! `trust.rs`) and checks the line at the cell, or the figure computed.

use std::fs;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::trust::{assert_clean_exit, assert_error_line, mdkpi, round, station_with, validate};
use super::{companies_xlsx_with, Run};

/// A station whose training sheet holds `rows` of (テーマ, 研修名, 受入人数 as
/// written), 受入人数 as text so that it is read as typed.
fn station_rows(name: &str, rows: &[(f64, &str, &str)]) -> Vec<u8> {
    station_with(name, |_, training| {
        for (i, (theme, course, people)) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            training.write_number(r, 0, *theme).expect("cell");
            training.write_string(r, 1, *course).expect("cell");
            training.write_string(r, 2, *people).expect("cell");
        }
    })
}

fn write(r7: &Path, file: &str, bytes: &[u8]) {
    let path = r7.join(file);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, bytes).expect("write");
}

const FOLLOWUP_COLUMNS: [&str; 8] = [
    "KPI番号",
    "指標",
    "年度",
    "値",
    "単位",
    "状況",
    "報告主体",
    "キー",
];

/// `followup.xlsx` with one row (KPI 4, key `share`, 報告主体 厚労省), its
/// 年度, 値 and 単位 written by `edit` in row 2 (columns C, D, E).
fn followup_with(edit: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("フォローアップ").expect("name");
    for (c, h) in FOLLOWUP_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    ws.write_number(1, 0, 4).expect("cell");
    ws.write_string(1, 1, "評価指針の割合").expect("cell");
    ws.write_string(1, 6, "厚労省").expect("cell");
    ws.write_string(1, 7, "share").expect("cell");
    edit(ws);
    wb.save_to_buffer().expect("xlsx")
}

/// The indicator table's line for `key` in R7, from `compute --format csv`.
fn indicator_line(run: &Run, key: &str) -> String {
    run.stdout
        .lines()
        .find(|l| l.starts_with(&format!("{key},R7,")))
        .unwrap_or_else(|| panic!("no {key} in\n{}", run.all()))
        .to_string()
}

const COMMA: &str =
    "a comma separates groups of three digits only, so which number is meant is unclear; enter the number meant, such as";

// --- numbers as written ------------------------------------------------

/// 受入人数 `18,0` and `1,80` were read as 180 with no message.
#[test]
fn a_misplaced_comma_in_a_count_is_an_error_at_the_cell() {
    let (tmp, r7) = round();
    write(
        &r7,
        "sites/iwate.xlsx",
        &station_rows(
            "岩手医科大学",
            &[
                (1.0, "講座A", "18,0"),
                (2.0, "講座B", "1,80"),
                (3.0, "講座C", "1,076"),
            ],
        ),
    );
    let run = validate(tmp.path());
    for (cell, found, readings) in [("C2", "18,0", "180, 18"), ("C3", "1,80", "180, 1.8")] {
        assert_error_line(
            &run,
            &format!(
                "data/R7/sites/iwate.xlsx:人材育成研修:{cell}: E0122: expected a number, found \"{found}\": {COMMA} {readings}"
            ),
        );
    }
    assert!(!run.all().contains(":C4:"), "{}", run.all());
}

/// A comma between groups of three digits, also full-width, reads as
/// written: the station's 3 courses are 1,076 + 12 + 1,200 participants.
#[test]
fn commas_between_groups_of_three_read_as_written() {
    let (tmp, r7) = round();
    write(
        &r7,
        "sites/iwate.xlsx",
        &station_rows(
            "岩手医科大学",
            &[
                (1.0, "講座A", "1,076"),
                (2.0, "講座B", "１２"),
                (3.0, "講座C", "１，２００"),
            ],
        ),
    );
    let run = mdkpi(
        tmp.path(),
        &["--data", "data", "compute", "--format", "csv"],
    );
    assert_clean_exit(&run, 0);
    assert_eq!(
        indicator_line(&run, "kpi1.participants"),
        "kpi1.participants,R7,2288,,,名"
    );
}

/// 資本金 `1,5` was 15, `1.500,5` 1.5005 and `,5` 5: ventures are decided on it.
#[test]
fn a_misplaced_comma_in_capital_is_an_error_at_the_cell() {
    let (tmp, r7) = round();
    write(
        &r7,
        "companies.xlsx",
        &companies_xlsx_with(|ws| {
            for (row, text) in [
                (1, "1,5"),
                (2, "1.500,5"),
                (3, ",5"),
                (4, "1.2.3"),
                (5, "1 500"),
            ] {
                ws.write_string(row, 3, text).expect("cell");
            }
        }),
    );
    let run = validate(tmp.path());
    for (cell, found, readings) in [
        ("D2", "1,5", "15, 1.5"),
        ("D3", "1.500,5", "1.5005, 1500.5"),
        ("D4", ",5", "5, 0.5"),
    ] {
        assert_error_line(
            &run,
            &format!(
                "data/R7/companies.xlsx:回答:{cell}: E0122: expected a number, found \"{found}\": {COMMA} {readings}"
            ),
        );
    }
    assert_error_line(
        &run,
        "data/R7/companies.xlsx:回答:D5: E0123: expected a number, found \"1.2.3\": it has more than one decimal point, or no digit after its decimal point",
    );
    assert_error_line(
        &run,
        "data/R7/companies.xlsx:回答:D6: E0124: expected a number, found \"1 500\": a space stands between its digits, so it does not read as one number",
    );
}

/// The follow-up 値 `1,5` was 15 in the chart.
#[test]
fn a_misplaced_comma_in_a_followup_value_is_an_error_at_the_cell() {
    let (tmp, r7) = round();
    write(
        &r7,
        "followup.xlsx",
        &followup_with(|ws| {
            ws.write_number(1, 2, 2025).expect("cell");
            ws.write_string(1, 3, "1,5").expect("cell");
            ws.write_string(1, 4, "件").expect("cell");
        }),
    );
    let run = validate(tmp.path());
    assert_error_line(
        &run,
        &format!(
            "data/R7/followup.xlsx:フォローアップ:D2: E0122: expected a number, found \"1,5\": {COMMA} 15, 1.5"
        ),
    );
}

/// A cell formatted as a percentage (0.5 shown as 50%) is 50 where 単位 is
/// %, and an error where the column is no percentage.
#[test]
fn percent_formatted_cells_read_as_shown_in_a_percentage_column() {
    let percent = Format::new().set_num_format("0%");
    let (tmp, r7) = round();
    write(
        &r7,
        "followup.xlsx",
        &followup_with(|ws| {
            ws.write_number(1, 2, 2025).expect("cell");
            ws.write_number_with_format(1, 3, 0.5, &percent)
                .expect("cell");
            ws.write_string(1, 4, "%").expect("cell");
        }),
    );
    let run = mdkpi(
        tmp.path(),
        &["--data", "data", "compute", "--format", "csv"],
    );
    assert_clean_exit(&run, 0);
    assert_eq!(indicator_line(&run, "kpi4.share"), "kpi4.share,R7,50,,,%");

    let (tmp, r7) = round();
    write(
        &r7,
        "followup.xlsx",
        &followup_with(|ws| {
            ws.write_number(1, 2, 2025).expect("cell");
            ws.write_number_with_format(1, 3, 0.07, &percent)
                .expect("cell");
            ws.write_string(1, 4, "件").expect("cell");
        }),
    );
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/followup.xlsx:フォローアップ:D2: E0127: the cell is formatted as a percentage and shows 7%, but this column is not a percentage: format it as a number and enter the value meant",
    );
    let (tmp, r7) = round();
    write(
        &r7,
        "companies.xlsx",
        &companies_xlsx_with(|ws| {
            ws.write_number_with_format(1, 3, 0.25, &Format::new().set_num_format("0.0%"))
                .expect("cell");
        }),
    );
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.xlsx:回答:D2: E0127: the cell is formatted as a percentage and shows 25%, but this column is not a percentage: format it as a number and enter the value meant",
    );
}

// --- dates and eras ------------------------------------------------------

/// A date serial past 9999-12-31 was read as 9999-12-31.
#[test]
fn date_serials_past_excels_last_day_are_errors() {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let (tmp, r7) = round();
    write(
        &r7,
        "companies.xlsx",
        &companies_xlsx_with(|ws| {
            ws.write_number_with_format(1, 2, 2_958_466.0, &date)
                .expect("cell");
            ws.write_number_with_format(2, 2, 1e300, &date)
                .expect("cell");
            ws.write_number_with_format(3, 2, 2_958_465.0, &date)
                .expect("cell");
        }),
    );
    let run = validate(tmp.path());
    for (cell, found) in [("C2", "2958466"), ("C3", "1e300")] {
        assert_error_line(
            &run,
            &format!("data/R7/companies.xlsx:回答:{cell}: E0125: expected a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日, found the number {found}: as an Excel date serial it is after 9999-12-31 (serial 2958465), the last day Excel can show, so it is no date"),
        );
    }
    // 9999-12-31 itself is a date (a warning: after the reference date).
    assert!(!run.all().contains(":C4: E"), "{}", run.all());
}

/// 平成31年5月1日 (平成 ended on 2019-04-30), 昭和100年 and 平成32年度 are
/// errors; 平成31年度 is fiscal 2019.
#[test]
fn era_dates_and_years_outside_their_era_are_errors() {
    let (tmp, r7) = round();
    write(
        &r7,
        "companies.xlsx",
        &companies_xlsx_with(|ws| {
            ws.write_string(1, 2, "平成31年5月1日").expect("cell");
            ws.write_string(2, 2, "昭和100年").expect("cell");
            ws.write_string(3, 2, "令和元年4月1日").expect("cell");
            ws.write_string(4, 2, "平成31年4月30日").expect("cell");
        }),
    );
    write(
        &r7,
        "followup.xlsx",
        &followup_with(|ws| {
            ws.write_string(1, 2, "平成32年度").expect("cell");
            ws.write_number(1, 3, 3).expect("cell");
        }),
    );
    let run = validate(tmp.path());
    let tail = "check the era and the year, and write it in Western years or the right era";
    for line in [
        format!("data/R7/companies.xlsx:回答:C2: E0128: \"平成31年5月1日\" is after 平成 ended (2019-04-30): {tail}"),
        format!("data/R7/companies.xlsx:回答:C3: E0128: \"昭和100年\" is after 昭和 ended (1989-01-07): {tail}"),
        format!("data/R7/companies.xlsx:回答:C4: E0126: \"令和元年4月1日\" is before 令和 began (2019-05-01): {tail}"),
        format!("data/R7/followup.xlsx:フォローアップ:C2: E0128: \"平成32年度\" is after 平成 ended (2019-04-30): {tail}"),
    ] {
        assert_error_line(&run, &line);
    }
    assert!(!run.all().contains(":C5:"), "{}", run.all());

    let (tmp, r7) = round();
    write(
        &r7,
        "followup.xlsx",
        &followup_with(|ws| {
            ws.write_string(1, 2, "平成31年度").expect("cell");
            ws.write_number(1, 3, 3).expect("cell");
        }),
    );
    let run = mdkpi(
        tmp.path(),
        &["--data", "data", "compute", "--format", "csv"],
    );
    assert_clean_exit(&run, 0);
    assert!(
        run.stdout.lines().any(|l| l == "kpi4.share,R1,3,,,"),
        "{}",
        run.all()
    );
}

// --- words as written ----------------------------------------------------

/// 有り/無し (and katakana アリ/ナシ) read like 有/無.
#[test]
fn yes_no_with_okurigana_reads() {
    let (tmp, r7) = round();
    write(
        &r7,
        "companies.xlsx",
        &companies_xlsx_with(|ws| {
            ws.write_string(1, 5, "有り").expect("cell");
            ws.write_string(2, 5, "無し").expect("cell");
            ws.write_string(3, 5, "ｱﾘ").expect("cell");
            ws.write_string(4, 5, "ナシ").expect("cell");
        }),
    );
    let run = validate(tmp.path());
    assert_clean_exit(&run, 0);
    assert!(!run.all().contains("E0114"), "{}", run.all());
}

// --- rows and IDs counted once ---------------------------------------------

/// A training row entered twice (pasted again): a warning at both rows;
/// counted as written (10 + 10 + 5 + 10) until removed or accepted. Rows
/// are compared as written: the same course retyped in full-width
/// (`講座Ａ`, `１０`) is another row, not a copy.
#[test]
fn an_identical_row_is_a_warning_at_both_rows() {
    let (tmp, r7) = round();
    write(
        &r7,
        "sites/iwate.xlsx",
        &station_rows(
            "岩手医科大学",
            &[
                (1.0, "講座A", "10"),
                (2.0, "講座B", "5"),
                (1.0, "講座A", "10"),
                (1.0, "講座Ａ", "１０"),
            ],
        ),
    );
    let run = mdkpi(
        tmp.path(),
        &["--data", "data", "compute", "--format", "csv"],
    );
    assert_clean_exit(&run, 0);
    let tail =
        "a row entered twice is counted twice (it is counted as written until removed or accepted)";
    for (cell, other) in [("A2", 4), ("A4", 2)] {
        let line = format!(
            "data/R7/sites/iwate.xlsx:人材育成研修:{cell}: warning: W0103: this row is identical to row {other} (2 such rows in the sheet): {tail}"
        );
        assert!(
            run.stderr.lines().any(|l| l == line),
            "{line}\n{}",
            run.all()
        );
    }
    assert_eq!(
        indicator_line(&run, "kpi1.participants"),
        "kpi1.participants,R7,35,,,名"
    );
    assert!(!run.all().contains(":A5:"), "{}", run.all());
}

/// A second response whose 回答ID differs only by a hyphen look-alike or an
/// invisible character is the duplicate it is (E0121), not a 31st company.
#[test]
fn ids_differing_only_in_look_alikes_are_duplicates() {
    let (tmp, r7) = round();
    write(
        &r7,
        "companies.xlsx",
        &companies_xlsx_with(|ws| {
            ws.write_string(1, 0, "C-001").expect("cell");
            ws.write_string(2, 0, "C\u{2212}001").expect("cell");
            ws.write_string(3, 0, "Cー001").expect("cell");
            ws.write_string(4, 0, "C-001\u{200b}").expect("cell");
        }),
    );
    let run = validate(tmp.path());
    for cell in ["A3", "A4", "A5"] {
        assert_error_line(
            &run,
            &format!(
                "data/R7/companies.xlsx:回答:{cell}: E0121: duplicate 回答ID \"C-001\" (first at A2)"
            ),
        );
    }
}
