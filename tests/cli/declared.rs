//! Indicators declared in `data/indicators.toml` (SPEC §20): their values
//! against a count of the exported rows made here, by hand; their records
//! in `explain` add up; `export` and the report carry them; without the
//! file nothing changes. Each bad definition's coded error is a golden case
//! (`tests/invalid/indicators-*`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::{copy_tree, run_in};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const ROUNDS: [&str; 4] = ["R4", "R5", "R6", "R7"];

/// Runs mdkpi in `dir` and returns its stdout; it must succeed.
fn ok(dir: &Path, args: &[&str]) -> String {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let run = run_in(dir, &args);
    assert_eq!(run.code, Some(0), "{}", run.render());
    run.stdout
}

/// A CSV (the BOM dropped) as rows of header → cell.
pub(crate) fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = fs::read_to_string(path).expect("the export's CSV");
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a record");
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The rows of `compute --format csv` for `key`: round → (value,
/// numerator, denominator, unit).
type Figures = BTreeMap<String, (Option<f64>, Option<f64>, Option<f64>, String)>;

fn figures(compute_csv: &str, key: &str) -> Figures {
    let number = |s: &str| (!s.is_empty()).then(|| s.parse::<f64>().expect("a number"));
    compute_csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0] == key).then(|| {
                (
                    cells[1].to_string(),
                    (
                        number(cells[2]),
                        number(cells[3]),
                        number(cells[4]),
                        cells[5].to_string(),
                    ),
                )
            })
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The export of the fixtures as CSV files, in a temporary folder.
fn exported() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("export");
    let out_arg = out.display().to_string();
    ok(repo(), &["export", "--out", &out_arg, "--format", "csv"]);
    (tmp, out)
}

/// Both declared indicators of the fixtures, every round, against the
/// exported rows counted and summed here: the ratio over companies
/// (domestic ventures that export), the per-station sum over training
/// (theme 1's corrected participants per station) and its 4-round mean.
#[test]
fn declared_figures_are_the_exported_rows_counted_by_hand() {
    let (_tmp, out) = exported();
    let computed = ok(repo(), &["compute", "--format", "csv"]);
    let companies = csv_rows(&out.join("companies.csv"));
    let training = csv_rows(&out.join("training.csv"));
    let stations = csv_rows(&out.join("stations.csv"));

    let ratio = figures(&computed, "kpi7.venture_export_rate");
    assert_eq!(ratio.len(), 4, "one figure per round: {ratio:?}");
    for round in ROUNDS {
        let ventures: Vec<_> = companies
            .iter()
            .filter(|r| r["round"] == round && r["資本"] == "内資" && r["ベンチャー"] == "TRUE")
            .collect();
        let exporting = ventures.iter().filter(|r| r["輸出"] == "TRUE").count();
        let (den, num) = (ventures.len() as f64, exporting as f64);
        assert!(den > 0.0, "{round}: the fixtures have domestic ventures");
        let (value, n, d, unit) = &ratio[round];
        assert_eq!(
            (n, d, unit.as_str()),
            (&Some(num), &Some(den), "ratio"),
            "{round}"
        );
        assert!(close(value.expect("defined"), num / den), "{round}");
    }

    let per_station = figures(&computed, "kpi1.theme1_participants_per_station");
    let mean4 = figures(&computed, "kpi1.theme1_participants_per_station_mean4");
    let mut by_hand = Vec::new();
    for round in ROUNDS {
        let people: f64 = training
            .iter()
            .filter(|r| r["round"] == round && r["テーマ"] == "1")
            .map(|r| r["受入人数(補正後)"].parse::<f64>().expect("a number"))
            .sum();
        let b = stations.iter().filter(|r| r["round"] == round).count() as f64;
        let (value, n, d, unit) = &per_station[round];
        assert!(
            close(n.expect("numerator"), people),
            "{round}: {n:?} vs {people}"
        );
        assert_eq!((d, unit.as_str()), (&Some(b), "名"), "{round}");
        assert!(close(value.expect("defined"), people / b), "{round}");
        by_hand.push(people / b);
        let latest: Vec<f64> = by_hand.iter().rev().take(4).copied().collect();
        let mean = latest.iter().sum::<f64>() / latest.len() as f64;
        let (value, _, d, unit) = &mean4[round];
        assert!(close(value.expect("defined"), mean), "{round} mean4");
        assert_eq!(
            (d, unit.as_str()),
            (&Some(latest.len() as f64), "名"),
            "{round}"
        );
    }
    // R4's stations count half a year (correction 0.5): the sum is corrected.
    let r4: f64 = training
        .iter()
        .filter(|r| r["round"] == "R4" && r["テーマ"] == "1")
        .map(|r| r["受入人数"].parse::<f64>().expect("a number"))
        .sum();
    assert!(close(per_station["R4"].1.expect("numerator"), r4 * 0.5));
}

/// `explain` lists the records behind a declared figure, and they add up
/// to it like any other figure's (SPEC §13).
#[test]
fn explain_of_a_declared_figure_adds_up() {
    for key in [
        "kpi7.venture_export_rate",
        "kpi1.theme1_participants_per_station",
    ] {
        let json = ok(repo(), &["explain", key, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let records = v["records"].as_array().expect("records");
        assert!(!records.is_empty(), "{key}");
        let correction = v["correction"].as_f64().expect("correction");
        let num: f64 = records
            .iter()
            .map(|r| r["num"].as_f64().unwrap_or(0.0))
            .sum();
        let den: f64 = records
            .iter()
            .map(|r| r["den"].as_f64().unwrap_or(0.0))
            .sum();
        assert!(
            close(num * correction, v["numerator"].as_f64().expect("num")),
            "{key}"
        );
        assert!(close(den, v["denominator"].as_f64().expect("den")), "{key}");
    }
    // The 4-round mean lists the figures it averages.
    let json = ok(
        repo(),
        &[
            "explain",
            "kpi1.theme1_participants_per_station_mean4",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["figures"].as_array().map(Vec::len), Some(4), "{json}");
}

/// The export's indicator table and the report's carry the declared rows
/// exactly as `compute` prints them; the report shows them in a 追加指標
/// table after their KPI's pages.
#[test]
fn export_and_report_carry_the_declared_rows() {
    let (_tmp, out) = exported();
    let computed = ok(repo(), &["compute", "--format", "csv"]);
    let exported = fs::read_to_string(out.join("indicators.csv")).expect("indicators.csv");
    let declared: Vec<&str> = computed
        .lines()
        .filter(|l| {
            l.starts_with("kpi7.venture_export_rate,")
                || l.starts_with("kpi1.theme1_participants_per_station")
        })
        .collect();
    assert_eq!(declared.len(), 12, "{declared:?}");
    for line in &declared {
        assert!(exported.lines().any(|l| l == *line), "{line} not exported");
    }
    let html = fs::read_to_string(repo().join("reports/R7/index.html")).expect("the report");
    // At the end of KPI 7's pages: within its section, after its commentary.
    let start = html.find("id=\"kpi7\"").expect("KPI 7's section");
    let end = start + html[start..].find("</section>").expect("its end");
    let kpi7 = &html[start..end];
    let at = kpi7
        .find("<h3>追加指標</h3>")
        .expect("KPI 7's 追加指標 table");
    let table = &kpi7[at..];
    assert!(table.contains("ベンチャーのうち輸出を行う企業の割合"));
    assert!(
        table.contains("27.3% (3&#x2F;11社)"),
        "R7's ratio with its n"
    );
    assert!(
        kpi7.find("class=\"commentary\"")
            .expect("KPI 7's commentary")
            < at
    );
    // KPI 2 declares nothing: no table.
    let start = html.find("id=\"kpi2\"").expect("KPI 2's section");
    let end = start + html[start..].find("</section>").expect("its end");
    assert!(!html[start..end].contains("追加指標"));
}

/// A copy of the fixtures with `indicators.toml` replaced by `text` (None:
/// removed).
fn fixtures_with(text: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    copy_tree(&repo().join("data"), &data);
    let file = data.join("indicators.toml");
    match text {
        Some(t) => fs::write(&file, t).expect("write indicators.toml"),
        None => fs::remove_file(&file).expect("remove indicators.toml"),
    }
    (tmp, data)
}

/// Without the file the table is the built-in figures alone: the declared
/// rows are the only difference.
#[test]
fn without_indicators_toml_only_the_declared_rows_go() {
    let (tmp, _) = fixtures_with(None);
    let without = ok(tmp.path(), &["compute", "--format", "csv"]);
    let with = ok(repo(), &["compute", "--format", "csv"]);
    let kept: Vec<&str> = with
        .lines()
        .filter(|l| {
            !l.starts_with("kpi7.venture_export_rate,")
                && !l.starts_with("kpi1.theme1_participants_per_station")
        })
        .collect();
    assert_eq!(without.lines().collect::<Vec<_>>(), kept);
}

/// SPEC §20's own example (the share of domestic companies that export) is
/// KPI 7's built-in `kpi7.export`, figure for figure: the declared filter
/// and the Rust definition select the same rows.
#[test]
fn the_spec_example_is_kpi7_export() {
    let toml = r#"[[indicator]]
key = "kpi7.export_rate"
name = "輸出を行う企業の割合(内資)"
title = "輸出企業の割合"
table = "companies"
numerator = { where = { "資本" = "内資", "輸出" = "はい" } }
denominator = { where = { "資本" = "内資" } }
direction = "up"
"#;
    let (tmp, _) = fixtures_with(Some(toml));
    let computed = ok(tmp.path(), &["compute", "--format", "csv"]);
    let declared = figures(&computed, "kpi7.export_rate");
    let built_in = figures(&computed, "kpi7.export");
    assert_eq!(declared.len(), 4);
    assert_eq!(declared, built_in);
}

/// Every code of the `indicators.toml` area (x07xx) is provoked by a golden
/// case of its own (`tests/invalid/indicators-*`, run in both languages by
/// `invalid_inputs_give_the_expected_messages`).
#[test]
fn every_indicators_toml_code_has_its_golden_case() {
    let cases = repo().join("tests/invalid");
    let mut expected = String::new();
    for entry in fs::read_dir(&cases).expect("the cases") {
        let dir = entry.expect("a case").path();
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("indicators-") {
            expected.push_str(&fs::read_to_string(dir.join("expected")).expect("expected"));
        }
    }
    let codes: Vec<&str> = mdkpi::diag::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| match (&c[..1], c[1..].parse::<u32>().unwrap_or(0)) {
            ("E", n) => (701..=739).contains(&n),
            ("W", n) => (701..=719).contains(&n),
            _ => false,
        })
        .collect();
    assert_eq!(codes.len(), 14, "{codes:?}");
    for code in codes {
        let at_its_line =
            |l: &&str| l.starts_with("data/indicators.toml:") && l.contains(&format!(": {code}: "));
        assert!(
            expected.lines().any(|l| at_its_line(&l)),
            "{code} is provoked by no indicators-* case"
        );
    }
}

/// A bad declaration stops `compute` like any input error: its coded line
/// on stderr, nothing on stdout, exit 1.
#[test]
fn a_bad_declaration_stops_compute() {
    let toml = "[[indicator]]\nkey = \"kpi7.x\"\nname = \"x\"\ntable = \"companies\"\n\
                value = { where = { \"資本\" = \"国内\" } }\n";
    let (tmp, _) = fixtures_with(Some(toml));
    let args: Vec<String> = ["--lang", "en", "compute", "--format", "csv"]
        .map(String::from)
        .to_vec();
    let run = run_in(tmp.path(), &args);
    assert_eq!(run.code, Some(1), "{}", run.render());
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "data/indicators.toml:5: E0704: column 資本: expected one of 内資, 外資, found \"国内\"\n"
        ),
        "{}",
        run.stderr
    );
}
