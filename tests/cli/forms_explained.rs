//! The forms explain themselves (SPEC §19, issue 24): each column's 記入要領
//! lists its own accepted values, every form states the round's 報告期間,
//! 基盤整備①②③ are explained, and `validate` reminds while round.toml's
//! dates are still 要確認. The forms are read back as Excel files.

use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use mdkpi::schema::{Field, DATASETS, INSTRUCTIONS_SHEET, SITES};

use super::init::{args, init_after};
use super::{code_of, problem_lines, run_in, ROUND_TOML};

/// The 記入要領 sheet of a form, as rows of text.
fn instructions(path: &Path) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("calamine opens the form");
    let range = book
        .worksheet_range(INSTRUCTIONS_SHEET)
        .expect("the instructions sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// What the 入力できる値 cell lists: the values, and what each stands for
/// when it says.
fn listed(cell: &str) -> Option<(Vec<String>, Vec<String>)> {
    if let Some(inline) = cell.strip_prefix("一覧から選択: ") {
        return Some((inline.split('、').map(str::to_string).collect(), Vec::new()));
    }
    let lines = cell.strip_prefix("一覧から選択\n")?;
    let pairs: Vec<(String, String)> = lines
        .lines()
        .map(|l| {
            let (value, meaning) = l.split_once(": ").unwrap_or_else(|| panic!("{l:?}"));
            (value.to_string(), meaning.to_string())
        })
        .collect();
    Some(pairs.into_iter().unzip())
}

/// The instructions' row of each column, sheet by sheet: (sheet, field, row).
fn column_rows<'a>(
    rows: &'a [Vec<String>],
    dataset: &mdkpi::schema::Dataset,
) -> Vec<(&'static str, &'static Field, &'a [String])> {
    let mut found = Vec::new();
    let mut sheet = None;
    for row in rows {
        let first = row.first().map(String::as_str).unwrap_or("");
        if let Some(rest) = first.strip_prefix("シート「") {
            sheet = dataset.sheets.iter().find(|s| {
                rest.strip_prefix(s.name)
                    .is_some_and(|r| r.starts_with("」"))
            });
            continue;
        }
        if let Some(s) = sheet {
            if let Some(field) = s.fields.iter().find(|f| f.header == first) {
                found.push((s.name, field, row.as_slice()));
            }
        }
    }
    found
}

#[test]
fn every_columns_instructions_list_its_own_values() {
    let (_tmp, round) = init_after(None);
    for dataset in &DATASETS {
        let path = round.join("forms").join(dataset.form_file());
        let rows = instructions(&path);
        let columns = column_rows(&rows, dataset);
        let fields: usize = dataset.sheets.iter().map(|s| s.fields.len()).sum();
        assert_eq!(
            columns.len(),
            fields,
            "{}: one row a column",
            path.display()
        );
        for (sheet, field, row) in columns {
            let at = format!("{}:{sheet}:{}", path.display(), field.header);
            assert_eq!(row[1], field.meaning, "{at}");
            let cell = &row[2];
            match (field.kind.choices(), listed(cell)) {
                (Some(choices), Some((values, meanings))) => {
                    assert_eq!(values, choices, "{at}: {cell}");
                    assert_eq!(meanings, field.explained, "{at}: {cell}");
                }
                (None, None) => assert_eq!(*cell, field.kind.rule_ja(), "{at}"),
                (choices, listed) => panic!("{at}: {choices:?} but listed {listed:?}"),
            }
        }
    }
    // The AMED stages are the stage gate's, not the 研修区分 (same codes).
    let rows = instructions(&round.join("forms/amed.xlsx"));
    let stage = rows
        .iter()
        .find(|r| r[0] == "採択時ステージ")
        .expect("採択時ステージ");
    assert_eq!(
        stage[2],
        "一覧から選択\n1: 基礎研究\n2: 製品開発\n3: 非臨床\n4: 臨床(治験・臨床研究)"
    );
    let now = rows
        .iter()
        .find(|r| r[0] == "現在ステージ")
        .expect("現在ステージ");
    assert!(
        now[2].ends_with("\n4: 臨床(治験・臨床研究)\n上市: 上市済み"),
        "{}",
        now[2]
    );
    let rows = instructions(&round.join("forms/satisfaction.xlsx"));
    let category = rows.iter().find(|r| r[0] == "研修区分").expect("研修区分");
    assert_eq!(
        category[2],
        "一覧から選択\n1: 医療従事者\n2: 企業人材\n3: アカデミア人材\n4: コーディネート人材"
    );
}

/// The 報告期間 line under the title of every form, and in round.toml.
fn assert_period(round: &Path, period: &str, toml_dates: [&str; 2]) {
    for dataset in &DATASETS {
        let path = round.join("forms").join(dataset.form_file());
        let rows = instructions(&path);
        assert!(rows[0][0].ends_with(" 記入要領"), "{}", rows[0][0]);
        assert_eq!(
            rows[1][0],
            format!("報告期間: {period}(この期間の実績を記入してください)"),
            "{}",
            path.display()
        );
    }
    let toml = fs::read_to_string(round.join("round.toml")).expect("round.toml");
    for (key, date) in ["period_start", "period_end"].iter().zip(toml_dates) {
        assert!(
            toml.lines()
                .any(|l| l.starts_with(&format!("{key} = {date} "))),
            "{key} {date}\n{toml}"
        );
    }
}

#[test]
fn every_form_states_the_rounds_period() {
    // Without an earlier round: the fiscal year.
    let (_tmp, round) = init_after(None);
    assert_period(
        &round,
        "2026年4月1日〜2027年3月31日",
        ["2026-04-01", "2027-03-31"],
    );
    // After R7 (2025-03-07 to 2026-03-06): the day after, a year on.
    let (_tmp, round) = init_after(Some(ROUND_TOML));
    assert_period(
        &round,
        "2026年3月7日〜2027年3月6日",
        ["2026-03-07", "2027-03-06"],
    );
}

#[test]
fn the_platform_items_are_explained() {
    let (_tmp, round) = init_after(None);
    let rows = instructions(&round.join("forms").join(SITES.form_file()));
    let item = rows.iter().find(|r| r[0] == "項目").expect("項目");
    // The column's meaning (also its hint on the data sheet) names them.
    assert_eq!(
        item[1],
        "共同研究等の項目(各項目1行まで)。基盤整備①②③は重点5分野の研究開発を支えるプラットフォームの整備(① AIのデータ利活用基盤、② レギュラトリーサイエンスの基盤、③ 部品・部材等の要素技術・製造基盤)"
    );
    let lines: Vec<&str> = item[2].lines().collect();
    assert_eq!(lines[0], "一覧から選択");
    assert_eq!(
        &lines[7..],
        [
            "基盤整備①: 重点5分野の研究開発を支えるプラットフォームの整備のうち、AIを用いた医療機器等の研究開発のための、産学が利用できるデータ利活用基盤の整備の件数",
            "基盤整備②: 重点5分野の研究開発を支えるプラットフォームの整備のうち、非臨床試験開発と国際規格開発が連動するレギュラトリーサイエンスの基盤、人材育成及び研究開発拠点の整備の件数",
            "基盤整備③: 重点5分野の研究開発を支えるプラットフォームの整備のうち、次世代の医療機器の研究開発に資する部品・部材等の要素技術の開発、製造基盤の整備の件数",
        ]
    );
    // Every item says what it counts.
    assert_eq!(lines.len(), 10, "{}", item[2]);
}

#[test]
fn validate_reminds_while_the_dates_are_to_confirm() {
    let (tmp, round) = init_after(None);
    let validate = |lang: &str| {
        let mut a = args(&["--data", "data", "validate", "--round", "R8"]);
        a.splice(0..0, args(&["--lang", lang]));
        run_in(tmp.path(), &a)
    };
    let run = validate("en");
    assert_eq!(run.code, Some(0), "{}", run.render());
    assert_eq!(
        problem_lines(&run.stdout),
        ["data/R8/round.toml:2: warning: W0305: round.toml's period and reference date are still marked 要確認 (to confirm; lines 2, 9, 10, 11): confirm the dates, then delete the marks"],
        "{}",
        run.render()
    );
    let run = validate("ja");
    let lines = problem_lines(&run.stdout);
    assert_eq!(lines.len(), 1, "{}", run.render());
    assert_eq!(code_of(lines[0]), Some("W0305"));
    assert!(
        lines[0].ends_with("round.toml の報告期間と基準日はまだ「要確認」のままです(行 2、9、10、11)。日付を確かめてから「要確認」の印を消してください"),
        "{}",
        lines[0]
    );
    // --strict refuses the unconfirmed round.
    let mut strict = args(&["--data", "data", "validate", "--round", "R8", "--strict"]);
    strict.splice(0..0, args(&["--lang", "en"]));
    assert_ne!(run_in(tmp.path(), &strict).code, Some(0));
    // Confirmed (the marks deleted, the dates kept): nothing to remind.
    let toml = round.join("round.toml");
    let text = fs::read_to_string(&toml).expect("round.toml");
    fs::write(&toml, text.replace("要確認", "")).expect("write");
    let run = validate("en");
    assert_eq!(run.code, Some(0), "{}", run.render());
    assert!(
        run.stdout.ends_with("1 round, 0 errors, 0 warnings\n"),
        "{}",
        run.render()
    );
}
