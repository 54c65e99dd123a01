//! `mdkpi diff` and `report --check` naming the changed figures (SPEC
//! §19), on a copy of the fixtures made here: two rounds compared row by
//! row against `compute`; a saved run against the data after one
//! station's file changed lists exactly the figures that station feeds;
//! `report --check` names them after its stale files, in both languages.
//! The bad saved files and arguments are golden cases (`tests/invalid/diff-*`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde_json::Value;

use super::checks::fixtures;
use super::{run_in, strings, Run};

pub(crate) fn mdkpi(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, &strings(args))
}

pub(crate) fn ok(dir: &Path, args: &[&str]) -> String {
    let run = mdkpi(dir, args);
    assert_eq!(run.code, Some(0), "{}", run.render());
    run.stdout
}

/// The figures of `compute --format json`: (key, round) → (value, unit).
fn computed(dir: &Path) -> BTreeMap<(String, String), (Option<f64>, String)> {
    let doc: Value = serde_json::from_str(&ok(dir, &["compute", "--format", "json"]))
        .expect("compute prints JSON");
    doc["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .map(|i| {
            (
                (
                    i["key"].as_str().unwrap().to_string(),
                    i["round"].as_str().unwrap().to_string(),
                ),
                (i["value"].as_f64(), i["unit"].as_str().unwrap().to_string()),
            )
        })
        .collect()
}

fn csv_records(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn number(cell: &str) -> Option<f64> {
    (!cell.is_empty()).then(|| cell.parse().expect("a number"))
}

/// The same number: serde_json (without `float_roundtrip`) may read the
/// last bit of a printed float otherwise than Rust's parser.
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-15 * a.abs().max(b.abs()),
        (a, b) => a == b,
    }
}

/// A table line with its alignment collapsed to single spaces.
fn collapsed(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn line_starting(text: &str, start: &str) -> String {
    let found: Vec<&str> = text.lines().filter(|l| l.starts_with(start)).collect();
    assert_eq!(found.len(), 1, "one line {start:?} in\n{text}");
    collapsed(found[0])
}

/// Two rounds: every figure of either, matched by key, is the row
/// `compute` gives for each round; only the differing ones without
/// `--all`; no argument is the previous round and the latest.
#[test]
fn two_rounds_are_compute_row_by_row() {
    let (tmp, _) = fixtures();
    let dir = tmp.path();
    let figures = computed(dir);
    let all = ok(dir, &["diff", "R6", "R7", "--format", "csv", "--all"]);
    let (header, rows) = csv_records(&all);
    assert_eq!(header, ["key", "name", "old", "new", "change", "unit"]);
    let keys = |round: &str| -> BTreeSet<String> {
        figures
            .keys()
            .filter(|(_, r)| r == round)
            .map(|(k, _)| k.clone())
            .collect()
    };
    let expected: BTreeSet<String> = keys("R6").union(&keys("R7")).cloned().collect();
    let listed: BTreeSet<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(listed, expected);
    assert_eq!(rows.len(), expected.len(), "one row per key");
    let mut differing = BTreeSet::new();
    for row in &rows {
        let key = &row[0];
        let old = figures.get(&(key.clone(), "R6".into()));
        let new = figures.get(&(key.clone(), "R7".into()));
        assert!(same(number(&row[2]), old.and_then(|f| f.0)), "{key} old");
        assert!(same(number(&row[3]), new.and_then(|f| f.0)), "{key} new");
        let unit = &new.or(old).unwrap().1;
        assert_eq!(&row[5], unit, "{key}");
        match (old.and_then(|f| f.0), new.and_then(|f| f.0)) {
            (Some(a), Some(b)) => {
                let scale = if unit == "ratio" { 100.0 } else { 1.0 };
                let change = number(&row[4]).expect("a change");
                assert!((change - (b - a) * scale).abs() < 1e-8, "{key}: {change}");
                if (b - a).abs() > 1e-9 * a.abs().max(b.abs()).max(1.0) {
                    differing.insert(key.clone());
                }
            }
            (None, None) => assert_eq!(row[4], "", "{key}"),
            _ => {
                assert_eq!(row[4], "", "{key}");
                differing.insert(key.clone());
            }
        }
    }
    // The known rows: a count and a rate (points).
    let csv_line = |key: &str| {
        all.lines()
            .find(|l| l.starts_with(&format!("{key},")))
            .unwrap_or_else(|| panic!("{key}"))
            .to_string()
    };
    assert_eq!(
        csv_line("kpi1.participants"),
        "kpi1.participants,総受入実績数(A),4086,3198,-888,名"
    );
    assert_eq!(
        csv_line("kpi2.venture_rate"),
        "kpi2.venture_rate,ベンチャー企業の割合,0.102803738317757,0.10377358490566038,0.096984659,ratio"
    );
    // Without --all: the differing rows only.
    let (_, rows) = csv_records(&ok(dir, &["diff", "R6", "R7", "--format", "csv"]));
    let listed: BTreeSet<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(listed, differing);
    // The table, in both languages; no argument is R6 → R7.
    let table = ok(dir, &["diff"]);
    assert_eq!(table, ok(dir, &["diff", "R6", "令和7年度"]));
    assert_eq!(
        table.lines().next(),
        Some(
            format!(
                "R6 → R7: {} figures differing, of {} compared",
                differing.len(),
                expected.len()
            )
            .as_str()
        )
    );
    assert_eq!(
        collapsed(table.lines().nth(1).unwrap()),
        "key name R6 R7 change n"
    );
    assert_eq!(
        line_starting(&table, "kpi1.participants "),
        "kpi1.participants 総受入実績数(A) 4,086 3,198 -888"
    );
    assert_eq!(
        line_starting(&table, "kpi2.venture_rate "),
        "kpi2.venture_rate ベンチャー企業の割合 10.3% 10.4% +0.1pt 107 → 106"
    );
    let ja = ok(dir, &["--lang", "ja", "diff", "R6", "R7"]);
    assert_eq!(
        ja.lines().next(),
        Some(
            format!(
                "R6 → R7: 比較した{}件のうち、数値{}件が異なります",
                expected.len(),
                differing.len()
            )
            .as_str()
        )
    );
    assert_eq!(
        collapsed(ja.lines().nth(1).unwrap()),
        "指標キー 名称 R6 R7 増減 n(分母)"
    );
    assert_eq!(
        line_starting(&ja, "kpi2.venture_rate "),
        "kpi2.venture_rate ベンチャー企業の割合 10.3% 10.4% +0.1pt 107 → 106"
    );
    // JSON: the same rows, with both n.
    let doc: Value =
        serde_json::from_str(&ok(dir, &["diff", "R6", "R7", "--format", "json"])).unwrap();
    assert_eq!(doc["old"], "R6");
    assert_eq!(doc["new"], "R7");
    assert_eq!(doc["differ"], differing.len());
    let venture = doc["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "kpi2.venture_rate")
        .unwrap();
    assert_eq!(venture["old_n"], 107);
    assert_eq!(venture["new_n"], 106);
    assert_eq!(venture["name"], "ベンチャー企業の割合");
}

/// Theme 1's first course of kyoto-u in R7 (a CSV stand-in for its
/// sheet, Shift_JIS; the row is ASCII): 45 participants become 55.
fn change_kyoto_u(data: &Path) {
    let path = data.join("R7/sites/kyoto-u.人材育成研修.csv");
    let bytes = fs::read(&path).unwrap();
    let (from, to) = (&b"\n1,Lab2Global,45,"[..], &b"\n1,Lab2Global,55,"[..]);
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("the row");
    assert_eq!(
        bytes.windows(from.len()).filter(|w| *w == from).count(),
        1,
        "one such row"
    );
    let mut changed = bytes[..at].to_vec();
    changed.extend_from_slice(to);
    changed.extend_from_slice(&bytes[at + from.len()..]);
    fs::write(&path, changed).unwrap();
}

/// What 10 more participants in a theme-1 course of R7 change: the
/// round's total and per station, theme 1's total and per course, and
/// the declared theme-1-per-station figure with its 4-round mean
/// (data/indicators.toml). Nothing of another round or KPI.
const KYOTO_FIGURES: [&str; 6] = [
    "kpi1.participants",
    "kpi1.participants_per_site",
    "kpi1.theme1.participants",
    "kpi1.theme1.participants_per_course",
    "kpi1.theme1_participants_per_station",
    "kpi1.theme1_participants_per_station_mean4",
];

/// A saved run against the data after one station's file changed: the
/// figures that station feeds, and only those.
#[test]
fn a_saved_run_lists_only_the_figures_a_changed_station_feeds() {
    let (tmp, data) = fixtures();
    let dir = tmp.path();
    fs::write(
        dir.join("saved.json"),
        ok(dir, &["compute", "--format", "json"]),
    )
    .unwrap();
    let before = computed(dir);
    change_kyoto_u(&data);
    let (header, rows) = csv_records(&ok(dir, &["diff", "saved.json", "--format", "csv"]));
    assert_eq!(
        header,
        ["key", "round", "name", "old", "new", "change", "unit"]
    );
    let listed: Vec<(String, String)> = rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    let expected: Vec<(String, String)> = KYOTO_FIGURES
        .iter()
        .map(|k| (k.to_string(), "R7".to_string()))
        .collect();
    assert_eq!(listed, expected);
    let after = computed(dir);
    for row in &rows {
        let at = (row[0].clone(), row[1].clone());
        assert!(same(number(&row[3]), before[&at].0), "{at:?}");
        assert!(same(number(&row[4]), after[&at].0), "{at:?}");
    }
    assert_eq!(
        rows[0].join(","),
        "kpi1.participants,R7,総受入実績数(A),3198,3208,10,名"
    );
    // The saved run and a round: R7's figures, the same six; R6's none.
    let table = ok(dir, &["diff", "saved.json", "R7"]);
    assert_eq!(
        table.lines().next(),
        Some(
            format!(
                "saved.json (R7) → data (R7): 6 figures differing, of {} compared",
                before.keys().filter(|(_, r)| r == "R7").count()
            )
            .as_str()
        )
    );
    let listed: Vec<&str> = table
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(listed, KYOTO_FIGURES);
    assert_eq!(
        line_starting(&table, "kpi1.theme1.participants_per_course "),
        "kpi1.theme1.participants_per_course テーマ1 1コース平均受入実績 55.33 56.17 +0.83 12"
    );
    let r6 = ok(dir, &["--lang", "ja", "diff", "saved.json", "R6"]);
    assert_eq!(
        r6,
        format!(
            "saved.json (R6) → data (R6): 比較した{}件のうち、数値0件が異なります\n",
            before.keys().filter(|(_, r)| r == "R6").count()
        )
    );
}

/// `report --check` after one station's file changed: the stale files,
/// then the figures of indicators.json that changed, old → new, in both
/// languages.
#[test]
fn report_check_names_the_changed_figures() {
    let (tmp, data) = fixtures();
    let dir = tmp.path();
    ok(dir, &["report", "--out", "out"]);
    let same = mdkpi(dir, &["report", "--check", "--out", "out"]);
    assert_eq!(same.code, Some(0), "{}", same.render());
    assert_eq!(same.stdout, "out: up to date\n");
    change_kyoto_u(&data);
    let run = mdkpi(dir, &["report", "--check", "--out", "out"]);
    assert_eq!(run.code, Some(1), "{}", run.render());
    assert_eq!(
        run.stdout,
        "stale: out/index.html
stale: out/indicators.json
stale: out/indicators.csv
stale: out/provenance.json
4 files stale: run `mdkpi report --out out` and commit the result
6 figures changed in out/indicators.json:
  kpi1.participants R7 (総受入実績数(A)): 3,198 → 3,208
  kpi1.participants_per_site R7 (1拠点あたり受入実績(A/B)): 199.88 → 200.5
  kpi1.theme1.participants R7 (テーマ1 受入実績): 664 → 674
  kpi1.theme1.participants_per_course R7 (テーマ1 1コース平均受入実績): 55.33 → 56.17
  kpi1.theme1_participants_per_station R7 (テーマ1の1拠点あたり受入人数): 41.5 → 42.13
  kpi1.theme1_participants_per_station_mean4 R7 (テーマ1の1拠点あたり受入人数(4カ年平均)): 37.62 → 37.78
"
    );
    let ja = mdkpi(dir, &["--lang", "ja", "report", "--check", "--out", "out"]);
    assert_eq!(ja.code, Some(1), "{}", ja.render());
    let tail: Vec<&str> = ja.stdout.lines().skip(5).collect();
    assert_eq!(
        tail,
        [
            "out/indicators.json の数値6件が変わります:",
            "  kpi1.participants R7「総受入実績数(A)」: 3,198 → 3,208",
            "  kpi1.participants_per_site R7「1拠点あたり受入実績(A/B)」: 199.88 → 200.5",
            "  kpi1.theme1.participants R7「テーマ1 受入実績」: 664 → 674",
            "  kpi1.theme1.participants_per_course R7「テーマ1 1コース平均受入実績」: 55.33 → 56.17",
            "  kpi1.theme1_participants_per_station R7「テーマ1の1拠点あたり受入人数」: 41.5 → 42.13",
            "  kpi1.theme1_participants_per_station_mean4 R7「テーマ1の1拠点あたり受入人数(4カ年平均)」: 37.62 → 37.78",
        ]
    );
    // A stale page alone names no figure: indicators.json is as written.
    ok(dir, &["report", "--out", "out"]);
    fs::write(dir.join("out/index.html"), "edited").unwrap();
    let page = mdkpi(dir, &["report", "--check", "--out", "out"]);
    assert_eq!(page.code, Some(1));
    assert_eq!(
        page.stdout,
        "stale: out/index.html\n1 file stale: run `mdkpi report --out out` and commit the result\n"
    );
}

/// Two saved runs need no data folder's rounds: every (key, round) of
/// both, a figure in one only listed with the other side empty.
#[test]
fn two_saved_runs_compare_every_figure() {
    let (tmp, data) = fixtures();
    let dir = tmp.path();
    fs::write(
        dir.join("a.json"),
        ok(dir, &["compute", "--round", "R6", "--format", "json"]),
    )
    .unwrap();
    fs::write(
        dir.join("b.json"),
        ok(dir, &["compute", "--format", "json"]),
    )
    .unwrap();
    fs::remove_dir_all(&data).unwrap();
    let (_, rows) = csv_records(&ok(dir, &["diff", "a.json", "b.json", "--format", "csv"]));
    // R7's figures are in b.json only: listed with old empty.
    assert!(rows
        .iter()
        .any(|r| r[0] == "kpi1.participants" && r[1] == "R7" && r[3].is_empty() && r[4] == "3198"));
    assert!(!rows
        .iter()
        .any(|r| r[0] == "kpi1.participants" && r[1] != "R7"));
}
