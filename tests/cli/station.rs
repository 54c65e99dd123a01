//! `mdkpi station NAME` (SPEC §19), on a copy of the fixtures made here:
//! its figures are the exported rows of that station counted by hand; a
//! name is a file stem or a part of a 拠点名; a round without the station's
//! return says so; an unknown or ambiguous name is a usage error. Both
//! languages. The usage errors' own cases: `tests/invalid/station-*`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::checks::fixtures;
use super::declared::csv_rows;
use super::diff::{mdkpi, ok};

fn number(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("a number: {s:?}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// kyoto-u in every round, against export's training and joint_research
/// rows: its courses (rows) and participants as reported and corrected,
/// its share of the round's corrected participants, its joint research
/// by item with each row's source.
#[test]
fn a_station_is_its_exported_rows_counted_by_hand() {
    let (tmp, _) = fixtures();
    let dir = tmp.path();
    ok(dir, &["export", "--out", "export", "--format", "csv"]);
    let training = csv_rows(&dir.join("export/training.csv"));
    let joint = csv_rows(&dir.join("export/joint_research.csv"));
    let doc: Value =
        serde_json::from_str(&ok(dir, &["station", "kyoto-u", "--format", "json"])).unwrap();
    assert_eq!(doc["station"], "国立大学法人京都大学 (kyoto-u)");
    let rounds = doc["rounds"].as_array().unwrap();
    let labels: Vec<&str> = rounds
        .iter()
        .map(|r| r["round"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["R4", "R5", "R6", "R7"]);
    for r in rounds {
        let round = r["round"].as_str().unwrap();
        assert_eq!(r["returned"], true, "{round}");
        let mine: Vec<&BTreeMap<String, String>> = training
            .iter()
            .filter(|t| t["round"] == round && t["拠点(ファイル)"] == "kyoto-u")
            .collect();
        let sum = |rows: &[&BTreeMap<String, String>], col: &str| -> f64 {
            rows.iter().map(|t| number(&t[col])).sum()
        };
        let all: Vec<&BTreeMap<String, String>> =
            training.iter().filter(|t| t["round"] == round).collect();
        assert_eq!(r["courses"].as_f64(), Some(mine.len() as f64), "{round}");
        assert!(close(
            r["participants"].as_f64().unwrap(),
            sum(&mine, "受入人数")
        ));
        let corrected = sum(&mine, "受入人数(補正後)");
        assert!(close(
            r["participants_corrected"].as_f64().unwrap(),
            corrected
        ));
        let total = sum(&all, "受入人数(補正後)");
        assert!(close(
            r["round_participants_corrected"].as_f64().unwrap(),
            total
        ));
        assert!(close(
            r["participants_share"].as_f64().unwrap(),
            corrected / total
        ));
        let sources: Vec<&str> = r["training"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["source"].as_str().unwrap())
            .collect();
        let exported: Vec<&str> = mine.iter().map(|t| t["source"].as_str()).collect();
        assert_eq!(sources, exported, "{round}");
        // Joint research by item, as exported.
        let items: BTreeMap<String, (f64, String)> = joint
            .iter()
            .filter(|j| j["round"] == round && j["拠点(ファイル)"] == "kyoto-u")
            .map(|j| (j["項目"].clone(), (number(&j["件数"]), j["source"].clone())))
            .collect();
        let shown: BTreeMap<String, (f64, String)> = r["joint_research"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| {
                (
                    j["item"].as_str().unwrap().to_string(),
                    (
                        j["count"].as_f64().unwrap(),
                        j["source"].as_str().unwrap().to_string(),
                    ),
                )
            })
            .collect();
        assert_eq!(shown, items, "{round}");
        let joint_total: f64 = joint
            .iter()
            .filter(|j| j["round"] == round)
            .map(|j| number(&j["件数(補正後)"]))
            .sum();
        assert!(close(
            r["round_joint_research_corrected"].as_f64().unwrap(),
            joint_total
        ));
    }
    // R4's two-year period: every count halved (22 rows, 11 courses).
    let r4 = &rounds[0];
    assert_eq!(r4["correction"], 0.5);
    assert_eq!(r4["courses"], 22);
    assert_eq!(r4["courses_corrected"], 11);
    assert_eq!(r4["participants"], 1285);
    assert_eq!(r4["participants_corrected"], 642.5);
}

/// The table for people, in both languages: R4's lines with its
/// correction, each row with its source; a part of the 拠点名 finds the
/// same station; `--round` stops at that round.
#[test]
fn the_table_reads_in_both_languages() {
    let (tmp, _) = fixtures();
    let dir = tmp.path();
    let table = ok(dir, &["station", "kyoto-u"]);
    assert_eq!(table, ok(dir, &["station", "京都大学"]));
    // NFKC on both sides: half-width katakana find the 拠点名's.
    assert_eq!(
        ok(dir, &["station", "医療ｾﾝﾀｰ"]),
        ok(dir, &["station", "osaka-nh"])
    );
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "国立大学法人京都大学 (kyoto-u)");
    assert_eq!(
        lines[2],
        "R4  国立大学法人京都大学  data/R4/sites/kyoto-u.xlsx:拠点情報:2"
    );
    assert_eq!(
        lines[3],
        "  training: 22 courses (corrected 11), 1,285 participants (corrected 642.5), 23.5% of the round's 2,736 (corrected)"
    );
    assert!(
        lines[5].starts_with("    1      Lab2Global(2021年度)"),
        "{}",
        lines[5]
    );
    assert!(
        lines[5].ends_with("96  data/R4/sites/kyoto-u.xlsx:人材育成研修:2"),
        "{}",
        lines[5]
    );
    assert!(table
        .contains("\n  joint research: 20 (corrected 10), 3.0% of the round's 336 (corrected)\n"));
    let ja = ok(
        dir,
        &["--lang", "ja", "station", "kyoto-u", "--round", "令和5年度"],
    );
    let lines: Vec<&str> = ja.lines().collect();
    assert_eq!(
        lines[3],
        "  研修: 22コース(補正後 11)、受入人数 1,285名(補正後 642.5名)、調査回全体の受入人数(補正後 2,736名)に占める割合 23.5%"
    );
    assert!(
        ja.contains("\n  共同研究: 20件(補正後 10件)、調査回全体(補正後 336件)に占める割合 3.0%\n")
    );
    assert!(ja.contains("\nR5  国立大学法人京都大学  data/R5/sites/kyoto-u.xlsx:拠点情報:2\n"));
    assert!(!ja.contains("\nR6"), "{ja}");
    // A station that stopped returning: its later rounds say so.
    let fujita = ok(dir, &["station", "fujita"]);
    assert!(
        fujita.ends_with("\nR6: no return from this station\n\nR7: no return from this station\n")
    );
    let fujita = ok(dir, &["--lang", "ja", "station", "fujita"]);
    assert!(fujita.ends_with("\nR7: この拠点の報告はありません\n"));
}

/// CSV: one row per round, R4's counts as reported and corrected.
#[test]
fn csv_is_one_row_per_round() {
    let (tmp, _) = fixtures();
    let csv = ok(
        tmp.path(),
        &["station", "京都大学", "--round", "R5", "--format", "csv"],
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "round,source,拠点(ファイル),拠点名,コース数,コース数(補正後),受入人数,受入人数(補正後),受入人数の割合,基礎研究,開発研究,非臨床試験,臨床試験,他拠点連携,国際共同治験基盤,基盤整備①,基盤整備②,基盤整備③,共同研究計,共同研究計(補正後),共同研究の割合"
    );
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with(
        "R4,data/R4/sites/kyoto-u.xlsx:拠点情報:2,kyoto-u,国立大学法人京都大学,22,11,1285,642.5,"
    ));
    assert!(lines[1].ends_with(",1,2,8,2,2,4,0,1,0,20,10,0.02976190476190476"));
}

/// A name that fits several stations lists them (exit 2); one that fits
/// none lists every station.
#[test]
fn an_ambiguous_or_unknown_name_is_a_usage_error() {
    let (tmp, _) = fixtures();
    let dir = tmp.path();
    let run = mdkpi(dir, &["station", "大阪"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "mdkpi: E0045: \"大阪\" matches several stations: osaka-cci (大阪商工会議所), osaka-nh (独立行政法人国立病院機構大阪医療センター), osaka-u (国立大学法人大阪大学); give a file name without its extension or a longer part of the 拠点名\n"
    );
    let run = mdkpi(dir, &["--lang", "ja", "station", "kyoto"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with("mdkpi: E0044: 拠点「kyoto」は見つかりません。ファイル名(拡張子なし)か拠点名の一部を指定してください。拠点: fujita (学校法人藤田学園)、"),
        "{}",
        run.stderr
    );
}
