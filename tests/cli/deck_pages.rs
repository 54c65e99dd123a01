//! SPEC §18, the finished deck: the KPI 6 matrices shade the stage-up
//! cells only, on one scale; an old reference series says 「古いデータ」 with
//! its as-of date; the [参考] pages the fixtures carry (the stage-gate
//! diagram, the KPI 7 bullets); KPI 3's phase table beside its chart.
//! (Page count, fill and cut chart text: `pages.rs`, which prints.)

use std::fs;
use std::path::Path;

use super::pages::{copy_dir, root};
use super::report::section;
use super::run_in;

/// The report of `data` (a folder named `data`) as HTML.
fn report_html(data: &Path) -> String {
    let out = data.parent().unwrap().join("out");
    let run = run_in(
        data.parent().unwrap(),
        &[
            "--data".to_string(),
            "data".to_string(),
            "report".to_string(),
            "--out".to_string(),
            out.to_str().unwrap().to_string(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.all());
    fs::read_to_string(out.join("index.html")).unwrap()
}

fn fixture_html() -> String {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&root().join("data"), &data);
    report_html(&data)
}

/// The cells of every `<table class="matrix">`: (stage-up class, shading
/// alpha, value).
fn matrix_cells(html: &str) -> Vec<(bool, f64, f64)> {
    let mut cells = Vec::new();
    for table in html.split("<table class=\"matrix\">").skip(1) {
        let body = table.split("</table>").next().unwrap();
        for td in body.split("<td").skip(1) {
            let (attrs, rest) = td.split_once('>').unwrap();
            let text = rest.split("</td>").next().unwrap().trim();
            let alpha = attrs
                .split("rgba(31, 78, 140, ")
                .nth(1)
                .map_or(0.0, |a| a.split(')').next().unwrap().parse().unwrap());
            let value = if text.is_empty() {
                0.0
            } else {
                text.parse().unwrap()
            };
            cells.push((attrs.contains("class=\"up\""), alpha, value));
        }
    }
    cells
}

#[test]
fn matrices_shade_the_stage_up_cells_only_on_one_scale() {
    let html = fixture_html();
    let cells = matrix_cells(section(&html, "kpi6"));
    // Two matrices (全テーマ, 採択後1年未満を除外) of four stages each.
    assert_eq!(html.matches("<table class=\"matrix\">").count(), 8);
    // The unchanged cells (the diagonal: 現在 = 採択時) hold topics but
    // are never shaded.
    assert!(cells.iter().any(|&(up, _, v)| !up && v > 0.0));
    assert!(cells.iter().all(|&(up, a, _)| up || a == 0.0));
    // One scale: the largest stage-up count of all eight is the darkest,
    // and every other cell's shade follows from it.
    let max = cells
        .iter()
        .filter(|c| c.0)
        .map(|c| c.2)
        .fold(0.0, f64::max);
    assert!(max > 0.0);
    for &(up, alpha, v) in cells.iter().filter(|c| c.0 && c.2 > 0.0) {
        assert!(up);
        let expected = 0.12 + 0.68 * v / max;
        assert!(
            (alpha - expected).abs() < 0.006,
            "{v}: {alpha} vs {expected}"
        );
    }
    assert!(html.contains(&format!("濃さは両マトリクス共通の目盛り、最大 {max}件")));
}

#[test]
fn an_old_reference_series_is_marked_with_its_as_of_date() {
    let html = fixture_html();
    // The export amounts end in 2019: six years before fiscal 2025.
    let kpi7 = section(&html, "kpi7");
    assert!(
        kpi7.contains("【古いデータ: 時点 令和元年年報】"),
        "chart title"
    );
    assert!(kpi7.contains(
        "<b class=\"old\">古いデータ</b>(最新の値は2019年、時点: 令和元年年報。本調査の2025年度より6年前)。出典: 厚生労働省"
    ));
    // The startup share is as of 2025-06-13: not old.
    assert!(!section(&html, "kpi2").contains("古いデータ"));

    // The same series as of 2021: more than 3 years before 2025, now old.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&root().join("data"), &data);
    let file = data.join("R7/reference.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("as_of = 2025-06-13", "as_of = 2021-06-13"),
    )
    .unwrap();
    let html = report_html(&data);
    let kpi2 = section(&html, "kpi2");
    assert!(kpi2.contains("【古いデータ: 時点 2021年6月13日】"));
    assert!(kpi2.contains("(最新の値は2021年、時点: 2021年6月13日。本調査の2025年度より4年前)"));
}

#[test]
fn the_stage_gate_diagram_is_drawn_from_the_stages() {
    let html = fixture_html();
    let appendix = section(&html, "appendix");
    let at = appendix
        .find("id=\"stage-gate\"")
        .expect("the [参考] stage gate");
    let figure = &appendix[at..];
    let svg = &figure[figure.find("<svg").unwrap()..figure.find("</svg>").unwrap()];
    assert!(svg.contains("aria-label=\"医療機器開発マネジメント ステージゲート\""));
    // Every stage of the data, in order, then 上市; a gate between each.
    let texts: Vec<String> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>'))
        .map(|(_, t)| t.split("</text>").next().unwrap().trim().to_string())
        .collect();
    let mut from = 0;
    for text in [
        "1st",
        "基礎研究",
        "2nd",
        "製品開発",
        "3rd",
        "非臨床",
        "4th",
        "上市",
    ] {
        let i = texts[from..]
            .iter()
            .position(|t| t == text)
            .unwrap_or_else(|| panic!("{text} in {texts:?}"));
        from += i + 1;
    }
    assert_eq!(texts.iter().filter(|t| *t == "審査").count(), 4);
    // The glossary names it.
    assert!(appendix.contains("[参考] ステージゲート"));
}

#[test]
fn the_kpi7_reference_page_carries_the_seed_bullets_with_their_source() {
    let html = fixture_html();
    let kpi7 = section(&html, "kpi7");
    assert!(kpi7.contains("<h4>国際展開(傾向の簡易考察) — 上流はグローバル化、下流は縮小か</h4>"));
    assert_eq!(kpi7.matches("<ul class=\"bullets\"><li>").count(), 1);
    assert!(kpi7.contains("<li>一方、許認可申請や販売、教育・トレーニング拠点等の流通関連が減少傾向にあり、流通等の下流工程は自前主義からの脱却しつつあるか"));
    assert!(kpi7.contains("出典: 医機連傘下団体の加盟企業アンケート(本調査。"));
}

#[test]
fn the_kpi3_phase_table_and_its_chart_share_a_unit() {
    let html = fixture_html();
    let kpi3 = section(&html, "kpi3");
    let unit = kpi3
        .split("<div class=\"unit\">")
        .find(|u| u.contains("結果 — 企業との共同研究(フェーズ別)"))
        .unwrap();
    let table = unit.find("<th rowspan=\"2\">フェーズ</th>").unwrap();
    let chart = unit
        .find("aria-label=\"フェーズ別 共同研究件数(1拠点あたり)\"")
        .unwrap();
    let notes = unit.find("1拠点あたりの値は整数に四捨五入").unwrap();
    assert!(table < chart && chart < notes);
}
