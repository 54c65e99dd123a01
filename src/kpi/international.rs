//! KPI 7 — 国際展開: domestic member companies with international activity
//! (seed: "KPI: 国際展開(方法)" definition: any of the five overseas bases ①–⑤,
//! or export, IP filed abroad, investment abroad, regulatory applications).

use crate::indicator::{RoundFigures, UNIT_RATIO};
use crate::ingest::RoundData;
use crate::kpi::{bools, Section};

/// Overseas bases ①–⑤: (indicator name, frame column).
pub const BASES: [(&str, &str); 5] = [
    ("base_rd", "base_rd"),
    ("base_production", "base_production"),
    ("base_sales", "base_sales"),
    ("base_training", "base_training"),
    ("base_other", "base_other"),
];

/// International activities: (indicator name, frame column).
pub const ACTIVITIES: [(&str, &str); 5] = [
    ("export", "export"),
    ("ip_abroad", "ip_abroad"),
    ("investment", "investment"),
    ("regulatory", "regulatory"),
    ("joint_rd", "joint_rd"),
];

/// The seed's reading of the trend: upstream (R&D, production) globalises,
/// downstream (distribution) shrinks ("上流はグローバル化、下流は縮小か").
pub const UPSTREAM: [&str; 3] = ["base_rd", "base_production", "joint_rd"];
pub const DOWNSTREAM: [&str; 4] = ["base_sales", "base_training", "export", "regulatory"];

pub fn keys() -> Vec<String> {
    let mut keys = vec![
        "kpi7.activity_rate".to_string(),
        "kpi7.base_rate".to_string(),
    ];
    keys.extend(
        BASES
            .iter()
            .chain(ACTIVITIES.iter())
            .map(|(n, _)| format!("kpi7.{n}")),
    );
    keys.push("kpi7.upstream_rate".to_string());
    keys.push("kpi7.downstream_rate".to_string());
    keys
}

pub fn compute(rounds: &[RoundData]) -> Section {
    Section::per_round(7, keys(), rounds, compute_round)
}

fn compute_round(data: &RoundData) -> RoundFigures {
    let label = data.round.config.label.as_str();
    let mut f = RoundFigures::new();
    let Some(df) = &data.companies else {
        return f;
    };
    // 本社が日本にある: the shares are over domestic companies only.
    let domestic = bools(df, "domestic");
    let column = |name: &str| -> Vec<bool> {
        bools(df, name)
            .into_iter()
            .zip(&domestic)
            .filter(|(_, d)| **d)
            .map(|(v, _)| v)
            .collect()
    };
    let n = domestic.iter().filter(|d| **d).count();
    let all: Vec<(&str, Vec<bool>)> = BASES
        .iter()
        .chain(ACTIVITIES.iter())
        .map(|(name, col)| (*name, column(col)))
        .collect();
    let any_of = |names: &[&str]| -> f64 {
        (0..n)
            .filter(|i| all.iter().any(|(name, v)| names.contains(name) && v[*i]))
            .count() as f64
    };
    let every: Vec<&str> = all.iter().map(|(name, _)| *name).collect();
    let bases: Vec<&str> = BASES.iter().map(|(name, _)| *name).collect();
    f.ratio(
        "kpi7.activity_rate",
        label,
        any_of(&every),
        n as f64,
        UNIT_RATIO,
    );
    f.ratio(
        "kpi7.base_rate",
        label,
        any_of(&bases),
        n as f64,
        UNIT_RATIO,
    );
    for (name, v) in &all {
        let yes = v.iter().filter(|x| **x).count() as f64;
        f.ratio(format!("kpi7.{name}"), label, yes, n as f64, UNIT_RATIO);
    }
    f.ratio(
        "kpi7.upstream_rate",
        label,
        any_of(&UPSTREAM),
        n as f64,
        UNIT_RATIO,
    );
    f.ratio(
        "kpi7.downstream_rate",
        label,
        any_of(&DOWNSTREAM),
        n as f64,
        UNIT_RATIO,
    );
    f
}
