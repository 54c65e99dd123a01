//! The published figures of the R7 KPI report (SPEC §10), reproduced by the
//! real computation on the checked-in fixtures through the built binary.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

/// key → round → value, from `mdkpi compute --round R --format json` on data/.
struct Table {
    values: BTreeMap<(String, String), Option<f64>>,
    rows: Vec<Value>,
    doc: Value,
}

fn compute(round: &str) -> Table {
    let out = Command::new(env!("CARGO_BIN_EXE_mdkpi"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compute", "--round", round, "--format", "json"])
        .output()
        .expect("run mdkpi");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "warnings on the fixtures: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = doc["indicators"].as_array().expect("indicators").clone();
    let values = rows
        .iter()
        .map(|r| {
            (
                (
                    r["key"].as_str().unwrap().to_string(),
                    r["round"].as_str().unwrap().to_string(),
                ),
                r["value"].as_f64(),
            )
        })
        .collect();
    Table { values, rows, doc }
}

impl Table {
    fn get(&self, key: &str, round: &str) -> f64 {
        match self.values.get(&(key.to_string(), round.to_string())) {
            Some(Some(v)) => *v,
            Some(None) => panic!("{key} {round} is null"),
            None => panic!("{key} {round} missing"),
        }
    }

    /// As the report displays it: half-up to an integer.
    fn int(&self, key: &str, round: &str) -> i64 {
        (self.get(key, round) + 1e-9).round() as i64
    }

    /// A rate as a percentage, half-up to one decimal.
    fn pct(&self, key: &str, round: &str) -> String {
        format!(
            "{:.1}",
            ((self.get(key, round) * 1000.0) + 1e-9).round() / 10.0
        )
    }
}

#[test]
fn kpi1_training_results() {
    let t = compute("R7");
    for (round, a, b, ab) in [
        ("R4", 2736, 21, 130),
        ("R5", 2783, 20, 139),
        ("R6", 4086, 22, 186),
        ("R7", 3198, 16, 200),
    ] {
        assert_eq!(t.int("kpi1.participants", round), a, "A {round}");
        assert_eq!(t.int("kpi1.sites", round), b, "B {round}");
        assert_eq!(
            t.int("kpi1.participants_per_site", round),
            ab,
            "A/B {round}"
        );
    }
    // R4's returns covered two years: 5,472 raw participants, halved exactly.
    assert_eq!(t.get("kpi1.participants", "R4"), 2736.0);
    for (theme, courses, people) in [
        (1, 12, 664),
        (2, 15, 893),
        (3, 12, 640),
        (4, 9, 574),
        (5, 4, 427),
        (6, 0, 0),
    ] {
        assert_eq!(
            t.int(&format!("kpi1.theme{theme}.courses"), "R7"),
            courses,
            "theme {theme}"
        );
        assert_eq!(
            t.int(&format!("kpi1.theme{theme}.participants"), "R7"),
            people,
            "theme {theme}"
        );
    }
    // The seed prints 54; 664/12 is 55.3.
    assert_eq!(
        format!("{:.1}", t.get("kpi1.theme1.participants_per_course", "R7")),
        "55.3"
    );
    for (theme, mean) in [(2, 60), (3, 53), (4, 64), (5, 107)] {
        assert_eq!(
            t.int(&format!("kpi1.theme{theme}.participants_per_course"), "R7"),
            mean
        );
    }
    let share: f64 = (1..=7)
        .map(|a| t.get(&format!("kpi1.survey.affiliation.cat1.{a}"), "R7"))
        .sum::<f64>()
        + t.get("kpi1.survey.affiliation.cat1.none", "R7");
    assert!((share - 1.0).abs() < 1e-9);
    // Satisfaction data only from R6: no survey rows for R4/R5.
    assert!(!t
        .values
        .contains_key(&("kpi1.physician_share".to_string(), "R5".to_string())));
    assert!(t.get("kpi1.physician_share", "R7") > t.get("kpi1.physician_share", "R6"));
}

#[test]
fn kpi2_ventures_and_cross_industry() {
    let t = compute("R7");
    for (round, all, domestic, ventures, cross, cross_base) in
        [("R7", 134, 106, 11, 5, 95), ("R6", 129, 107, 11, 6, 96)]
    {
        assert_eq!(t.int("kpi2.responses", round), all);
        assert_eq!(t.int("kpi2.responses_domestic", round), domestic);
        assert_eq!(t.int("kpi2.venture", round), ventures);
        assert_eq!(t.int("kpi2.cross_industry", round), cross);
        let row = t
            .rows
            .iter()
            .find(|r| r["key"] == "kpi2.cross_industry_rate" && r["round"] == round)
            .unwrap();
        assert_eq!(row["denominator"].as_f64(), Some(cross_base as f64));
    }
    assert_eq!(t.pct("kpi2.venture_rate_mean4", "R7"), "10.4");
    assert_eq!(t.pct("kpi2.cross_industry_rate_mean4", "R7"), "5.1");
    assert_eq!(t.pct("kpi2.venture_rate_incl_foreign", "R7"), "8.2");
    for (round, v, c) in [("R4", 0, 0), ("R5", 1, 0), ("R6", 2, 1), ("R7", 2, 1)] {
        assert_eq!(t.int("kpi2.rd_specialised_venture", round), v, "{round}");
        assert_eq!(
            t.int("kpi2.rd_specialised_cross_industry", round),
            c,
            "{round}"
        );
    }
    // The mean is of the per-round rates: the sum of four rates over 4.
    let row = t
        .rows
        .iter()
        .find(|r| r["key"] == "kpi2.venture_rate_mean4" && r["round"] == "R7")
        .unwrap();
    assert_eq!(row["denominator"].as_f64(), Some(4.0));
}

#[test]
fn kpi6_amed_stage_gates() {
    let t = compute("R7");
    assert_eq!(t.int("kpi6.topics", "R7"), 261);
    assert_eq!(t.int("kpi6.topics_evaluated", "R7"), 193);
    assert_eq!(t.int("kpi6.grant_mean", "R7"), 59419);
    assert_eq!(t.int("kpi6.grant_mean_evaluated", "R7"), 72208);
    assert_eq!(t.pct("kpi6.stage_up_rate_all", "R7"), "16.1");
    assert_eq!(t.pct("kpi6.stage_up_rate", "R7"), "20.7");
    assert_eq!(t.pct("kpi6.launch_rate_all", "R7"), "0.0");
    for (s, all, all_rate, ev, ev_rate) in [
        (1, 80, "18.8", 56, "25.0"),
        (2, 80, "22.5", 58, "31.0"),
        (3, 39, "23.1", 30, "26.7"),
        (4, 62, "0.0", 49, "0.0"),
    ] {
        assert_eq!(t.int(&format!("kpi6.stage{s}.topics"), "R7"), all);
        assert_eq!(
            t.pct(&format!("kpi6.stage{s}.stage_up_rate_all"), "R7"),
            all_rate
        );
        assert_eq!(t.int(&format!("kpi6.stage{s}.topics_evaluated"), "R7"), ev);
        assert_eq!(
            t.pct(&format!("kpi6.stage{s}.stage_up_rate"), "R7"),
            ev_rate
        );
    }
    for (area, all, all_rate, ev, ev_rate) in [
        ("area1", 23, "8.7", 16, "12.5"),
        ("area2", 41, "12.2", 30, "16.7"),
        ("area3", 32, "25.0", 26, "30.8"),
        ("area4", 39, "23.1", 34, "26.5"),
        ("area5", 42, "28.6", 26, "38.5"),
        ("area_none_multi", 84, "7.1", 61, "9.8"),
    ] {
        assert_eq!(t.int(&format!("kpi6.{area}.topics"), "R7"), all, "{area}");
        assert_eq!(
            t.pct(&format!("kpi6.{area}.stage_up_rate_all"), "R7"),
            all_rate,
            "{area}"
        );
        assert_eq!(
            t.int(&format!("kpi6.{area}.topics_evaluated"), "R7"),
            ev,
            "{area}"
        );
        assert_eq!(
            t.pct(&format!("kpi6.{area}.stage_up_rate"), "R7"),
            ev_rate,
            "{area}"
        );
    }
    // The seed's by-round table (evaluated topics).
    let by_round: [(&str, [&str; 3]); 12] = [
        ("kpi6.stage_up_rate", ["33.1", "26.8", "20.7"]),
        ("kpi6.stage1.stage_up_rate", ["19.0", "24.1", "25.0"]),
        ("kpi6.stage2.stage_up_rate", ["52.3", "44.8", "31.0"]),
        ("kpi6.stage3.stage_up_rate", ["52.0", "37.0", "26.7"]),
        ("kpi6.stage4.stage_up_rate", ["9.3", "2.0", "0.0"]),
        ("kpi6.launch_rate", ["3.8", "0.6", "0.0"]),
        ("kpi6.area1.stage_up_rate", ["40.0", "53.8", "12.5"]),
        ("kpi6.area2.stage_up_rate", ["51.5", "44.8", "16.7"]),
        ("kpi6.area3.stage_up_rate", ["62.5", "61.5", "30.8"]),
        ("kpi6.area4.stage_up_rate", ["26.3", "9.5", "26.5"]),
        ("kpi6.area5.stage_up_rate", ["40.0", "39.1", "38.5"]),
        ("kpi6.area_none_multi.stage_up_rate", ["5.0", "7.7", "9.8"]),
    ];
    for (key, rates) in by_round {
        for (round, rate) in ["R5", "R6", "R7"].iter().zip(rates) {
            assert_eq!(t.pct(key, round), rate, "{key} {round}");
        }
    }
}

/// The seed's R7 transition matrices: adoption stage → current stage →
/// priority columns 1–5, なし/複数. Three なし/複数 cells carry SPEC §10's
/// corrections (all 3rd→3rd 12, all 4th→4th 22, evaluated 3rd→3rd 8).
type Matrix = [(i64, [(&'static str, [i64; 6]); 5]); 4];

const Z: [i64; 6] = [0; 6];

const ALL: Matrix = [
    (
        1,
        [
            ("1", [10, 13, 12, 5, 15, 10]),
            ("2", [0, 1, 1, 2, 3, 0]),
            ("3", [0, 0, 0, 2, 0, 0]),
            ("4", [0, 2, 3, 1, 0, 0]),
            ("launch", Z),
        ],
    ),
    (
        2,
        [
            ("1", Z),
            ("2", [5, 5, 3, 8, 7, 34]),
            ("3", [0, 0, 0, 1, 2, 6]),
            ("4", [2, 2, 1, 0, 4, 0]),
            ("launch", Z),
        ],
    ),
    (
        3,
        [
            ("1", Z),
            ("2", Z),
            ("3", [2, 2, 2, 10, 2, 12]),
            ("4", [0, 0, 3, 3, 3, 0]),
            ("launch", Z),
        ],
    ),
    (
        4,
        [
            ("1", Z),
            ("2", Z),
            ("3", Z),
            ("4", [4, 16, 7, 7, 6, 22]),
            ("launch", Z),
        ],
    ),
];

const EVALUATED: Matrix = [
    (
        1,
        [
            ("1", [5, 8, 11, 5, 3, 10]),
            ("2", [0, 1, 1, 2, 2, 0]),
            ("3", [0, 0, 0, 2, 0, 0]),
            ("4", [0, 2, 3, 1, 0, 0]),
            ("launch", Z),
        ],
    ),
    (
        2,
        [
            ("1", Z),
            ("2", [5, 3, 2, 5, 6, 19]),
            ("3", [0, 0, 0, 1, 2, 6]),
            ("4", [2, 2, 1, 0, 4, 0]),
            ("launch", Z),
        ],
    ),
    (
        3,
        [
            ("1", Z),
            ("2", Z),
            ("3", [1, 0, 2, 9, 2, 8]),
            ("4", [0, 0, 3, 3, 2, 0]),
            ("launch", Z),
        ],
    ),
    (
        4,
        [
            ("1", Z),
            ("2", Z),
            ("3", Z),
            ("4", [3, 14, 3, 6, 5, 18]),
            ("launch", Z),
        ],
    ),
];

#[test]
fn kpi6_transition_matrices() {
    let t = compute("R7");
    let areas = [
        "area1",
        "area2",
        "area3",
        "area4",
        "area5",
        "area_none_multi",
    ];
    for (matrix, expected) in [("transition_all", &ALL), ("transition", &EVALUATED)] {
        for (stage, rows) in expected {
            for (current, cells) in rows {
                for (area, n) in areas.iter().zip(cells) {
                    let key = format!("kpi6.{matrix}.s{stage}.{current}.{area}");
                    assert_eq!(t.int(&key, "R7"), *n, "{key}");
                }
            }
        }
    }
}

#[test]
fn kpi7_international_activity() {
    let t = compute("R7");
    // "国際展開に関する活動は6割近", "海外拠点は3割程度".
    let activity = t.get("kpi7.activity_rate", "R7");
    let base = t.get("kpi7.base_rate", "R7");
    assert!((0.55..0.65).contains(&activity), "{activity}");
    assert!((0.25..0.35).contains(&base), "{base}");
    // Upstream rises, downstream falls from R4 to R7 (the seed's reading).
    assert!(t.get("kpi7.upstream_rate", "R7") > t.get("kpi7.upstream_rate", "R4"));
    assert!(t.get("kpi7.downstream_rate", "R7") < t.get("kpi7.downstream_rate", "R4"));
}

#[test]
fn followup_kpis_have_series() {
    let t = compute("R7");
    for n in [4, 5, 8, 9, 10, 11] {
        assert!(
            t.values
                .keys()
                .any(|(k, _)| k.starts_with(&format!("kpi{n}."))),
            "no follow-up indicators for KPI {n}"
        );
    }
}

#[test]
fn json_document_shape() {
    let t = compute("R7");
    assert_eq!(t.doc["round"], "R7");
    assert_eq!(t.doc["fiscal_year"], 2025);
    assert_eq!(t.doc["warnings"], Value::Array(vec![]));
    // Every KPI 1 and 3 key for every round R4–R7.
    for key in [
        "kpi1.participants_per_site",
        "kpi3.verification",
        "kpi3.intl_trial_network_sites",
        "kpi3.platform3_per_site",
    ] {
        for round in ["R4", "R5", "R6", "R7"] {
            assert!(
                t.values.contains_key(&(key.to_string(), round.to_string())),
                "{key} {round}"
            );
        }
    }
    // Ordered by KPI, then key, then round.
    let kpi_of = |r: &Value| -> u32 {
        r["key"]
            .as_str()
            .unwrap()
            .trim_start_matches("kpi")
            .split('.')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let kpis: Vec<u32> = t.rows.iter().map(kpi_of).collect();
    assert!(kpis.windows(2).all(|w| w[0] <= w[1]));
    // Whole numbers print without a decimal point.
    let text = serde_json::to_string(&t.rows[0]).unwrap();
    assert!(text.contains("\"value\":21"), "{text}");
    // --round R6 holds R6 and earlier only.
    let r6 = compute("R6");
    assert_eq!(r6.doc["round"], "R6");
    assert!(!r6.values.keys().any(|(_, r)| r == "R7"));
}
