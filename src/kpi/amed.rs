//! KPI 6 — 事業における採択件数・助成額 等: AMED topics in the priority areas,
//! their grants and their progress through the stage gates (seed: "調査の対象と
//! なるAMED事業(方法)", "KPI; 重点分野における研究開発の活性化(結果)").

use crate::indicator::{RoundFigures, UNIT_CASES, UNIT_RATIO, UNIT_THOUSAND_YEN};
use crate::ingest::amed::LAUNCHED;
use crate::ingest::RoundData;
use crate::kpi::{floats, ints, strings, Section};

/// Priority columns: (indicator name, frame `area` values). なし and 複数 are
/// reported together as one column "なし/複数" (SPEC §2).
pub const AREAS: [(&str, &[&str]); 6] = [
    ("area1", &["area1"]),
    ("area2", &["area2"]),
    ("area3", &["area3"]),
    ("area4", &["area4"]),
    ("area5", &["area5"]),
    ("area_none_multi", &["none", "multi"]),
];

/// Adoption stages 1st–4th (基礎研究, 製品開発, 非臨床, 臨床).
pub const STAGES: std::ops::RangeInclusive<i64> = 1..=4;

/// Current-stage names of the transition matrices: 1–4 and `launch` (上市).
pub fn current_name(stage: i64) -> String {
    if stage == LAUNCHED {
        "launch".to_string()
    } else {
        stage.to_string()
    }
}

struct Topic {
    adopted_fy: i64,
    grant: f64,
    area: usize,
    stage_adopted: i64,
    stage_current: i64,
}

impl Topic {
    /// Stage-up: the current stage is later than the adoption stage; 上市 is
    /// later than 4, so stage 4's only stage-up is launch (SPEC §5).
    fn staged_up(&self) -> bool {
        self.stage_current > self.stage_adopted
    }
}

pub fn keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        "topics",
        "topics_evaluated",
        "grant_mean",
        "grant_mean_evaluated",
    ]
    .iter()
    .map(|k| format!("kpi6.{k}"))
    .collect();
    for (area, _) in AREAS {
        for k in ["topics", "grant_mean", "topics_evaluated"] {
            keys.push(format!("kpi6.{area}.{k}"));
        }
    }
    for k in [
        "stage_up_rate",
        "stage_up_rate_all",
        "launch_rate",
        "launch_rate_all",
    ] {
        keys.push(format!("kpi6.{k}"));
    }
    for s in STAGES {
        keys.push(format!("kpi6.stage{s}.stage_up_rate"));
        keys.push(format!("kpi6.stage{s}.stage_up_rate_all"));
    }
    for s in STAGES {
        keys.push(format!("kpi6.stage{s}.launch_rate"));
        keys.push(format!("kpi6.stage{s}.launch_rate_all"));
    }
    for (area, _) in AREAS {
        keys.push(format!("kpi6.{area}.stage_up_rate"));
        keys.push(format!("kpi6.{area}.stage_up_rate_all"));
    }
    for s in STAGES {
        keys.push(format!("kpi6.stage{s}.topics"));
        keys.push(format!("kpi6.stage{s}.topics_evaluated"));
    }
    for matrix in ["transition", "transition_all"] {
        for a in STAGES {
            for c in (1..=4).chain([LAUNCHED]) {
                for (area, _) in AREAS {
                    keys.push(format!("kpi6.{matrix}.s{a}.{}.{area}", current_name(c)));
                }
            }
        }
    }
    keys
}

pub fn compute(rounds: &[RoundData]) -> Section {
    Section::per_round(6, keys(), rounds, compute_round)
}

fn compute_round(data: &RoundData) -> RoundFigures {
    let label = data.round.config.label.as_str();
    let mut f = RoundFigures::new();
    let Some(df) = &data.amed else {
        return f;
    };
    let fy = data.round.config.fiscal_year as i64;
    let area_names = strings(df, "area");
    let grants = floats(df, "grant");
    let adopted = ints(df, "adopted_fy");
    let stage_adopted = ints(df, "stage_adopted");
    let stage_current = ints(df, "stage_current");
    let topics: Vec<Topic> = (0..area_names.len())
        .map(|i| Topic {
            adopted_fy: adopted[i].unwrap_or(fy),
            grant: grants[i].unwrap_or(0.0),
            area: AREAS
                .iter()
                .position(|(_, values)| values.contains(&area_names[i]))
                .unwrap_or(AREAS.len() - 1),
            stage_adopted: stage_adopted[i].unwrap_or(1),
            stage_current: stage_current[i].unwrap_or(1),
        })
        .collect();
    // 採択後1年未満を除外: topics adopted in the round's own fiscal year are
    // not evaluated (SPEC §5).
    let all: Vec<&Topic> = topics.iter().collect();
    let evaluated: Vec<&Topic> = topics.iter().filter(|t| t.adopted_fy < fy).collect();
    let count = |set: &[&Topic]| set.len() as f64;
    let grant_sum = |set: &[&Topic]| set.iter().map(|t| t.grant).sum::<f64>();
    let up = |set: &[&Topic]| set.iter().filter(|t| t.staged_up()).count() as f64;
    let launched =
        |set: &[&Topic]| set.iter().filter(|t| t.stage_current == LAUNCHED).count() as f64;
    fn in_area<'a>(set: &[&'a Topic], a: usize) -> Vec<&'a Topic> {
        set.iter().copied().filter(|t| t.area == a).collect()
    }
    fn at_stage<'a>(set: &[&'a Topic], s: i64) -> Vec<&'a Topic> {
        set.iter()
            .copied()
            .filter(|t| t.stage_adopted == s)
            .collect()
    }

    f.count("kpi6.topics", label, count(&all), UNIT_CASES);
    f.count(
        "kpi6.topics_evaluated",
        label,
        count(&evaluated),
        UNIT_CASES,
    );
    f.ratio(
        "kpi6.grant_mean",
        label,
        grant_sum(&all),
        count(&all),
        UNIT_THOUSAND_YEN,
    );
    f.ratio(
        "kpi6.grant_mean_evaluated",
        label,
        grant_sum(&evaluated),
        count(&evaluated),
        UNIT_THOUSAND_YEN,
    );
    for (a, (area, _)) in AREAS.iter().enumerate() {
        let all_a = in_area(&all, a);
        f.count(
            format!("kpi6.{area}.topics"),
            label,
            count(&all_a),
            UNIT_CASES,
        );
        f.ratio(
            format!("kpi6.{area}.grant_mean"),
            label,
            grant_sum(&all_a),
            count(&all_a),
            UNIT_THOUSAND_YEN,
        );
        f.count(
            format!("kpi6.{area}.topics_evaluated"),
            label,
            count(&in_area(&evaluated, a)),
            UNIT_CASES,
        );
    }
    for (suffix, set) in [("", &evaluated), ("_all", &all)] {
        f.ratio(
            format!("kpi6.stage_up_rate{suffix}"),
            label,
            up(set),
            count(set),
            UNIT_RATIO,
        );
        f.ratio(
            format!("kpi6.launch_rate{suffix}"),
            label,
            launched(set),
            count(set),
            UNIT_RATIO,
        );
        for s in STAGES {
            let at = at_stage(set, s);
            f.ratio(
                format!("kpi6.stage{s}.stage_up_rate{suffix}"),
                label,
                up(&at),
                count(&at),
                UNIT_RATIO,
            );
            f.ratio(
                format!("kpi6.stage{s}.launch_rate{suffix}"),
                label,
                launched(&at),
                count(&at),
                UNIT_RATIO,
            );
        }
        for (a, (area, _)) in AREAS.iter().enumerate() {
            let of = in_area(set, a);
            f.ratio(
                format!("kpi6.{area}.stage_up_rate{suffix}"),
                label,
                up(&of),
                count(&of),
                UNIT_RATIO,
            );
        }
    }
    for s in STAGES {
        f.count(
            format!("kpi6.stage{s}.topics"),
            label,
            count(&at_stage(&all, s)),
            UNIT_CASES,
        );
        f.count(
            format!("kpi6.stage{s}.topics_evaluated"),
            label,
            count(&at_stage(&evaluated, s)),
            UNIT_CASES,
        );
    }
    for (matrix, set) in [("transition", &evaluated), ("transition_all", &all)] {
        // One pass fills every cell (adopted 1–4 × current 1–5 × column),
        // rather than one pass over the topics per cell.
        let mut cells = [[[0usize; AREAS.len()]; LAUNCHED as usize]; 4];
        for t in set.iter() {
            let (s, c) = (t.stage_adopted as usize, t.stage_current as usize);
            if (1..=4).contains(&s) && (1..=LAUNCHED as usize).contains(&c) {
                cells[s - 1][c - 1][t.area] += 1;
            }
        }
        for s in STAGES {
            for c in (1..=4).chain([LAUNCHED]) {
                for (a, (area, _)) in AREAS.iter().enumerate() {
                    let n = cells[s as usize - 1][c as usize - 1][a] as f64;
                    f.count(
                        format!("kpi6.{matrix}.s{s}.{}.{area}", current_name(c)),
                        label,
                        n,
                        UNIT_CASES,
                    );
                }
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::order;
    use crate::ingest::frame::FrameBuilder;
    use crate::kpi::testing::{round, value};

    /// Topics as (adopted FY, area, adopted stage, current stage, grant).
    fn amed(topics: &[(i64, &str, i64, i64, f64)]) -> polars_core::prelude::DataFrame {
        FrameBuilder::new()
            .str("id", (0..topics.len()).map(|i| format!("T{i}")))
            .str("program", topics.iter().map(|_| "p"))
            .str("title", topics.iter().map(|_| "t"))
            .i64("adopted_fy", topics.iter().map(|t| t.0))
            .f64("grant", topics.iter().map(|t| t.4))
            .str("area", topics.iter().map(|t| t.1))
            .i64("stage_adopted", topics.iter().map(|t| t.2))
            .i64("stage_current", topics.iter().map(|t| t.3))
            .i64("row", topics.iter().map(|_| 2))
            .build()
            .unwrap()
    }

    #[test]
    fn evaluation_stage_up_and_launch_from_each_stage() {
        let mut r = round("R7", 2025, false);
        r.amed = Some(amed(&[
            (2023, "area1", 1, LAUNCHED, 100.0),
            (2023, "area1", 2, LAUNCHED, 100.0),
            (2024, "area2", 3, LAUNCHED, 100.0),
            (2024, "none", 4, LAUNCHED, 100.0),
            (2024, "multi", 4, 4, 100.0),
            (2024, "area3", 2, 1, 100.0),
            // Adopted this fiscal year: counted in "all", not evaluated.
            (2025, "area3", 1, 2, 40.0),
        ]));
        let s = compute(&[r]);
        let t = order(&s.keys, &s.rounds);
        let v = |k: &str| value(&t, k, "R7");
        assert_eq!(v("kpi6.topics"), Some(7.0));
        assert_eq!(v("kpi6.topics_evaluated"), Some(6.0));
        assert_eq!(v("kpi6.grant_mean"), Some(640.0 / 7.0));
        assert_eq!(v("kpi6.grant_mean_evaluated"), Some(100.0));
        assert_eq!(v("kpi6.stage_up_rate"), Some(4.0 / 6.0));
        assert_eq!(v("kpi6.stage_up_rate_all"), Some(5.0 / 7.0));
        assert_eq!(v("kpi6.launch_rate"), Some(4.0 / 6.0));
        // Stage 4: its only stage-up is launch.
        assert_eq!(v("kpi6.stage4.stage_up_rate"), Some(0.5));
        // A regression is no stage-up.
        assert_eq!(v("kpi6.area3.stage_up_rate"), Some(0.0));
        assert_eq!(v("kpi6.area3.stage_up_rate_all"), Some(0.5));
        assert_eq!(v("kpi6.area_none_multi.topics"), Some(2.0));
        assert_eq!(v("kpi6.transition.s1.launch.area1"), Some(1.0));
        assert_eq!(v("kpi6.transition.s2.1.area3"), Some(1.0));
        assert_eq!(v("kpi6.transition.s1.2.area3"), Some(0.0));
        assert_eq!(v("kpi6.transition_all.s1.2.area3"), Some(1.0));
        // Every cell is present, zeros too: 2 matrices × 4 × 5 × 6.
        let cells = t
            .iter()
            .filter(|i| i.key.starts_with("kpi6.transition"))
            .count();
        assert_eq!(cells, 240);
        assert_eq!(v("kpi6.stage1.topics"), Some(2.0));
        assert_eq!(v("kpi6.stage1.topics_evaluated"), Some(1.0));
    }
}
