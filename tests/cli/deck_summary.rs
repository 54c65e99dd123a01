//! SPEC §18, the committee deck finished: the cover and the 資料番号 in
//! every other page's header, the summary's 評価 and follow-up rows
//! (followup.xlsx 望ましい方向), small-sample marks and per-station means
//! under 10 with one decimal. On copies of `data/` the tests change.

use std::fs;
use std::path::{Path, PathBuf};

use super::pages::{copy_dir, root};
use super::report::squash_ws;
use super::{problem_lines, run_in, strings, Run};

/// A copy of `data/` in a temp folder; `edit` changes it before the run.
fn data_copy(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    copy_dir(&root().join("data"), &data);
    edit(&data);
    (tmp, data)
}

/// `report --out out` in `dir`: its index.html.
fn report_in(dir: &Path) -> (Run, String) {
    let run = run_in(dir, &strings(&["report", "--out", "out"]));
    assert_eq!(run.code, Some(0), "{}", run.render());
    let html = fs::read_to_string(dir.join("out/index.html")).expect("index.html");
    (run, html)
}

/// The text of the element opening at `id="…"` (or `class="…"`) up to its
/// section's end, tags removed and white space squashed.
fn section_text(html: &str, attribute: &str) -> String {
    let start = html
        .find(attribute)
        .unwrap_or_else(|| panic!("no {attribute} in the report"));
    let rest = &html[start..];
    let rest = &rest[rest.find('>').map_or(0, |i| i + 1)..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    squash_ws(&rest[..end])
}

/// The summary row of KPI `n`, squashed.
fn summary_row(html: &str, n: u32) -> String {
    let start = html.find("id=\"summary\"").expect("summary");
    let summary = &html[start..];
    let summary = &summary[..summary.find("</section>").unwrap()];
    let row = summary
        .split("<tr")
        .find(|r| r.contains(&format!("<a href=\"#kpi{n}\">")))
        .unwrap_or_else(|| panic!("no summary row of KPI {n}"));
    let row = &row[..row.find("</tr>").unwrap_or(row.len())];
    squash_ws(&format!("<tr{row}"))
}

const HEADER: &str =
    "@page { @top-right { content: \"資料2-2\"; font-size: 9pt; color: var(--ink, #1a1a1a); } }\n@page :first { @top-right { content: none; } }";

#[test]
fn the_cover_shows_the_meeting_number_and_date_and_every_other_page_the_number() {
    let (tmp, _) = data_copy(|data| {
        let toml = data.join("R7/round.toml");
        let text = fs::read_to_string(&toml).unwrap().replacen(
            "[report]\n",
            "[report]\nmeeting = \"第8回 医療機器基本計画KPI検討会\"\ndocument_number = \"資料2-2\"\ndate = 2026-03-19\n",
            1,
        );
        fs::write(toml, text).unwrap();
    });
    let (run, html) = report_in(tmp.path());
    // A date after the period end: no warning.
    assert!(problem_lines(&run.stdout).is_empty(), "{}", run.render());
    let cover = section_text(&html, "class=\"slide cover\"");
    assert!(
        cover.starts_with("資料2-2第8回医療機器基本計画KPI検討会医療機器基本計画に関するKPIの測定"),
        "{cover}"
    );
    assert!(cover.contains("令和8年3月19日"), "{cover}");
    assert!(!cover.contains("2026-03-19"), "{cover}");
    // The header: every printed page, the cover (the first page) excepted.
    assert_eq!(html.matches(HEADER).count(), 1, "no header rule");

    // The older spelling `document`, a date in era form: the same cover.
    let (tmp, _) = data_copy(|data| {
        let toml = data.join("R7/round.toml");
        let text = fs::read_to_string(&toml).unwrap().replacen(
            "[report]\n",
            "[report]\ndocument = \"資料2-2\"\ndate = \"令和8年3月19日\"\n",
            1,
        );
        fs::write(toml, text).unwrap();
    });
    let (_, html) = report_in(tmp.path());
    assert!(html.contains(HEADER));
    assert!(section_text(&html, "class=\"slide cover\"").contains("令和8年3月19日"));

    // The fixtures set none of them: no header, no meeting, no date.
    let checked_in = fs::read_to_string(root().join("reports/R7/index.html")).unwrap();
    assert!(!checked_in.contains("@top-right"));
    let cover = section_text(&checked_in, "class=\"slide cover\"");
    assert!(!cover.contains("令和8年"), "{cover}");
}

const FOLLOWUP_HEADER: &str =
    "KPI番号,指標,年度,値,単位,状況,報告主体,キー,出典,時点,望ましい方向\n";

/// The follow-up sheet as a CSV instead of followup.xlsx.
fn with_followup_csv(rows: &str) -> (tempfile::TempDir, PathBuf) {
    data_copy(|data| {
        fs::remove_file(data.join("R7/followup.xlsx")).unwrap();
        fs::write(
            data.join("R7/followup.フォローアップ.csv"),
            format!("{FOLLOWUP_HEADER}{rows}"),
        )
        .unwrap();
    })
}

/// SPEC §18: 評価 reads ▲▼→ against the desired direction: a shorter
/// device lag (望ましい方向 減少) is 改善; a series without a direction is
/// `—`. A follow-up row names the two years it compares, the latest
/// reported and the one before, and takes the series reported for the
/// KPI's latest year.
#[test]
fn evaluation_follows_the_desired_direction_and_followup_rows_name_their_years() {
    let (tmp, _) = with_followup_csv(
        "8,デバイスラグ(開発ラグ),R4,12.6,月,,厚生労働省,device_lag_months,PMDA年報,2025-09-30,減少\n\
         8,デバイスラグ(開発ラグ),R6,10.9,月,,厚生労働省,device_lag_months,PMDA年報,2025-09-30,減少\n\
         8,デバイスラグ(開発ラグ),R7,10.2,月,,厚生労働省,device_lag_months,PMDA年報,2025-09-30,減少\n\
         8,審査体制,R7,,,審査体制の強化を継続している,厚生労働省,,,,\n\
         4,評価指標の公表数,R5,55,件,,厚生労働省,,,,増加\n\
         4,評価指標の公表数,R6,58,件,,厚生労働省,,,,増加\n\
         4,非臨床評価系の開発課題数,R6,9,件,,厚生労働省,,,,\n\
         4,非臨床評価系の開発課題数,R7,8,件,,厚生労働省,,,,\n",
    );
    let (_, html) = report_in(tmp.path());
    // R5 is not reported: the row compares the two latest reported years.
    assert_eq!(
        summary_row(&html, 8),
        "8デバイスラグ(開発ラグ)(2024→2025年度)フォローアップR610.9月R710.2月▼改善審査体制の強化を継続している"
    );
    // KPI 4: the series reported for 2025, not the first series (to 2024);
    // no 望ましい方向: no 評価.
    assert_eq!(
        summary_row(&html, 4),
        "4非臨床評価系の開発課題数(2024→2025年度)フォローアップR69件R78件▼—"
    );
}

/// A 望ましい方向 other than 増加/減少 is an error at its cell.
#[test]
fn a_desired_direction_other_than_increase_or_decrease_is_an_error_at_the_cell() {
    let (tmp, _) = with_followup_csv(
        "8,デバイスラグ(開発ラグ),R7,10.2,月,,厚生労働省,device_lag_months,,,短縮\n",
    );
    let run = run_in(tmp.path(), &strings(&["validate"]));
    assert_eq!(run.code, Some(1), "{}", run.render());
    assert_eq!(
        problem_lines(&run.stdout),
        ["data/R7/followup.フォローアップ.csv:フォローアップ:K2: E0115: expected one of 増加, 減少, found \"短縮\""]
    );
}

/// SPEC §18: a rate over fewer than 10 counted records carries † wherever
/// it is printed, and so does a 4-round mean holding one; the note 母数10未満
/// is on the page of its marks (in the unit holding them).
#[test]
fn rates_over_fewer_than_ten_records_carry_the_mark_and_the_note() {
    let html = fs::read_to_string(root().join("reports/R7/index.html")).unwrap();
    let note = "<p class=\"note small-sample\">† 母数10未満。数件の違いで値が大きく変わるため、増減を傾向として読まないこと。</p>";
    // The summary's candidates: 7/9 and 8/9 ventures with a product.
    let summary = section_text(&html, "id=\"summary\"");
    assert!(
        summary.contains("ベンチャーの上市可能製品保有率R677.8%†(7/9社)R788.9%†(8/9社)▲改善"),
        "{summary}"
    );
    assert!(summary.contains("†母数10未満。"), "{summary}");
    // KPI 2's table: R4's 8/12 is not marked, R5's 7/8 is; the 4-round
    // mean of R4 alone is not, the means holding R5 are.
    let kpi2 = section_text(&html, "id=\"kpi2\"");
    assert!(
        kpi2.contains("ベンチャーの上市可能製品保有率66.7%(8/12社)87.5%†(7/8社)77.8%†(7/9社)88.9%†(8/9社)同4カ年平均66.7%(1回平均)77.1%†(2回平均)77.3%†(3回平均)80.2%†(4回平均)"),
        "{kpi2}"
    );
    // Large samples are not marked.
    assert!(summary.contains("R710.4%(11/106社)"), "{summary}");
    // The note sits in each unit showing a mark, before the unit ends.
    let mut units_with_marks = 0;
    for unit in html.split("<div class=\"unit").skip(1) {
        let end = unit.find("</section>").unwrap_or(unit.len());
        let unit = &unit[..end];
        if unit.contains("%†") {
            units_with_marks += 1;
            assert!(unit.contains(note), "a mark without its note: {unit}");
        }
    }
    assert!(units_with_marks >= 3, "{units_with_marks}");
    // No note where nothing is marked: KPI 1's pages.
    assert!(!section_text(&html, "id=\"kpi1\"").contains("母数10未満"));
}

/// SPEC §6, §18: per-station means under 10 show one decimal, half-up on
/// the decimal value (1.65 → 1.7); from 10 on, none.
#[test]
fn per_station_means_under_ten_show_one_decimal() {
    let html = fs::read_to_string(root().join("reports/R7/index.html")).unwrap();
    let kpi3 = section_text(&html, "id=\"kpi3\"");
    // 臨床試験: 38/21 = 1.81, 33/20 = 1.65, 44/22 = 2.0, 97/16 = 6.06.
    assert!(
        kpi3.contains("臨床試験(検証フェーズ:治験・臨床研究)383344971.81.72.06.1"),
        "{kpi3}"
    );
    // KPI 1's A/B is over 10: whole numbers.
    assert!(summary_row(&html, 1).contains("R6186名R7200名▲改善"));
}
