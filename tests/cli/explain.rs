//! `mdkpi explain` (SPEC §13): the records behind a figure add up to it,
//! for every key of every round of the fixtures.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use mdkpi::model::measure::Rule;

fn explain(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mdkpi"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("explain")
        .args(args)
        .output()
        .expect("run mdkpi");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn every_figure_of_every_round_is_the_sum_of_its_records() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut checked = 0;
    let mut failures = Vec::new();
    for round in ["R4", "R5", "R6", "R7"] {
        let (rounds, folder, _) = mdkpi::compute::load(&data, "data", Some(round))
            .unwrap_or_else(|o| panic!("{round}: {}", o.stderr));
        let indicators = mdkpi::kpi::compute_all(&rounds, &folder.declared).expect("computed");
        let defs = mdkpi::kpi::definitions(&rounds, &folder.declared);
        for def in defs
            .defs
            .iter()
            .filter(|d| d.round == round || mdkpi::kpi::is_followup(&d.key))
        {
            let Some(e) =
                mdkpi::model::explain::explain(&defs, &rounds, &indicators, &def.key, &def.round)
                    .expect("explained")
            else {
                // A derived figure whose inputs are undefined is not in the table.
                assert!(matches!(
                    def.rule,
                    Rule::SumOf(_) | Rule::MeanOfLatest { .. }
                ));
                continue;
            };
            checked += 1;
            let f = &e.figure;
            let num: f64 = e.records.iter().map(|r| r.num).sum::<f64>() * e.correction;
            let den: f64 = e.records.iter().map(|r| r.den).sum();
            let ok = match &def.rule {
                Rule::Count(_) => f.value.is_some_and(|v| close(num, v)),
                Rule::Ratio { .. } => {
                    f.numerator.is_some_and(|n| close(num, n))
                        && f.denominator.is_some_and(|d| close(den, d))
                }
                Rule::MeanOfLatest { .. } => {
                    let values: Vec<f64> = e.figures.iter().filter_map(|i| i.value).collect();
                    let mean = values.iter().sum::<f64>() / values.len() as f64;
                    !values.is_empty() && f.value.is_some_and(|v| close(mean, v))
                }
                Rule::SumOf(keys) => {
                    let sum: f64 = e.figures.iter().filter_map(|i| i.value).sum();
                    e.figures.len() == keys.len() && f.value.is_some_and(|v| close(sum, v))
                }
            };
            if !ok {
                failures.push(format!(
                    "{} {}: records give {num} / {den}, the figure is {:?} ({:?} / {:?})",
                    def.key, def.round, f.value, f.numerator, f.denominator
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every round's KPI 1/2/3/6/7 keys and the follow-up series: well over
    // a thousand figures.
    assert!(checked > 1500, "only {checked} figures checked");
}

fn records(doc: &Value) -> &Vec<Value> {
    doc["records"].as_array().expect("records")
}

#[test]
fn venture_rate_lists_the_domestic_companies_with_the_ventures_marked() {
    let (code, out, err) = explain(&["kpi2.venture_rate", "--round", "R7", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["numerator"], 11);
    assert_eq!(doc["denominator"], 106);
    assert_eq!(doc["correction"], 1);
    let recs = records(&doc);
    assert_eq!(recs.len(), 106, "the domestic responses");
    let ventures: Vec<&Value> = recs.iter().filter(|r| r["num"] == 1).collect();
    assert_eq!(ventures.len(), 11);
    for r in recs {
        let reason = r["reason"].as_str().expect("a reason");
        let venture = r["num"] == 1;
        assert_eq!(reason.starts_with("ベンチャー: "), venture, "{reason}");
        assert_eq!(r["fields"]["資本"], "内資");
        assert!(r["source"]
            .as_str()
            .unwrap()
            .starts_with("data/R7/companies.xlsx:回答:"));
    }
    // A reason names each fact against the rule.
    let first = ventures[0]["reason"].as_str().unwrap();
    for fact in [
        "内資",
        "自社研究開発あり",
        "輸入主体でない",
        "基準日の15年前",
        "資本金",
        "従業員",
    ] {
        assert!(first.contains(fact), "{first}");
    }
}

#[test]
fn cross_industry_rate_lists_the_95_domestic_non_ventures() {
    let (code, out, err) = explain(&["kpi2.cross_industry_rate", "--round", "R7"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "kpi2.cross_industry_rate R7 = 5.3% (5 / 95)");
    assert_eq!(lines.last(), Some(&"95 records; num 5; den 95"));
    assert_eq!(out.matches("異業種: 内資").count(), 5);
}

#[test]
fn corrected_counts_show_the_correction_and_stations_are_the_records_per_station() {
    let (code, out, err) = explain(&["kpi1.participants_per_site", "--round", "R4"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.lines().count(), 1 + 1 + 21 + 1, "{out}");
    assert!(
        out.ends_with("21 records; num 5472 × correction 0.5 = 2736; den 21\n"),
        "{out}"
    );
}

#[test]
fn derived_figures_list_the_figures_they_come_from() {
    let (code, out, err) = explain(&["kpi2.venture_rate_mean4", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    let rounds: Vec<&str> = doc["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .map(|f| f["round"].as_str().unwrap())
        .collect();
    assert_eq!(rounds, ["R7", "R6", "R5", "R4"]);
    assert!(records(&doc).is_empty());
}

#[test]
fn follow_up_figures_are_found_by_their_fiscal_year() {
    let (code, out, err) = explain(&["kpi8.device_lag_months", "--round", "令和4年度"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("kpi8.device_lag_months R4 = 12.6月\n"),
        "{out}"
    );
    assert!(
        out.contains("data/R7/followup.xlsx:フォローアップ:"),
        "{out}"
    );
}

#[test]
fn an_unknown_key_is_a_usage_error_naming_the_nearest_keys() {
    let (code, out, err) = explain(&["kpi2.venture_rat"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(
        err.starts_with(
            "mdkpi: E0012: unknown indicator key \"kpi2.venture_rat\"; nearest: kpi2.venture_rate, "
        ),
        "{err}"
    );
}

/// The table is for people: in Japanese under `--lang ja`, its columns
/// aligned by display width; the figures are the same.
#[test]
fn the_table_speaks_the_runs_language() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_mdkpi"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .output()
            .expect("run mdkpi");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let out = run(&[
        "--lang",
        "ja",
        "explain",
        "kpi1.participants_per_site",
        "--round",
        "R4",
    ]);
    let header = out.lines().nth(1).unwrap_or_default();
    assert!(header.starts_with("出典 "), "{out}");
    assert!(
        header.contains("レコード") && header.contains("分母"),
        "{out}"
    );
    assert!(
        out.ends_with("21件、分子の合計 5472 × 補正係数 0.5 = 2736、分母の合計 21\n"),
        "{out}"
    );
    let derived = run(&["--lang", "ja", "explain", "kpi2.venture_rate_mean4"]);
    assert_eq!(
        derived.lines().nth(1),
        Some("次の数値から計算しています:"),
        "{derived}"
    );
    let table = run(&["--lang", "ja", "compute", "--format", "table"]);
    let mut lines = table.lines();
    let header = lines.next().unwrap_or_default();
    let first = lines.next().unwrap_or_default();
    assert!(header.starts_with("指標キー"), "{table}");
    // 値 ends where the values end (right-aligned), counting 値 as two columns.
    let value_end = |line: &str, value: &str| {
        line.find(value)
            .map(|at| mdkpi::diag::ui::width(&line[..at]) + mdkpi::diag::ui::width(value))
    };
    assert_eq!(value_end(header, "値"), value_end(first, " 21"), "{table}");
}
