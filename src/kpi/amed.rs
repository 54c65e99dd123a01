//! KPI 6 — 事業における採択件数・助成額 等: AMED topics in the priority areas,
//! their grants and their progress through the stage gates (seed: "調査の対象と
//! なるAMED事業(方法)", "KPI; 重点分野における研究開発の活性化(結果)").

use crate::indicator::{UNIT_CASES, UNIT_RATIO, UNIT_THOUSAND_YEN};
use crate::model::expr::{Pred, Value, Weight};
use crate::model::measure::{Defs, On, Term};
use crate::model::FrameId;
use crate::model::RoundData;
use crate::schema::{AREA_COLUMNS, LAUNCHED};

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

pub fn define(rounds: &[RoundData], defs: &mut Defs) {
    for (i, data) in rounds.iter().enumerate() {
        if data.amed.is_none() {
            continue;
        }
        let label = data.round.config.label.as_str();
        let mut on = On {
            defs: &mut *defs,
            round: i,
            frame: FrameId::Amed,
            multiplier: 1.0,
        };
        // 採択後1年未満を除外: topics adopted in the round's own fiscal year
        // are not evaluated (SPEC §5; the `evaluated` column).
        let evaluated = Pred::Is("evaluated");
        let grant = Weight::Of("grant");
        let all = on.rows(Pred::All, Weight::One);
        let all_evaluated = on.rows(evaluated.clone(), Weight::One);
        let grant_all = on.rows(Pred::All, grant);
        let grant_evaluated = on.rows(evaluated.clone(), grant);
        defs.count("kpi6.topics", label, UNIT_CASES, &all);
        defs.count("kpi6.topics_evaluated", label, UNIT_CASES, &all_evaluated);
        defs.ratio(
            "kpi6.grant_mean",
            label,
            UNIT_THOUSAND_YEN,
            &grant_all,
            &all,
        );
        defs.ratio(
            "kpi6.grant_mean_evaluated",
            label,
            UNIT_THOUSAND_YEN,
            &grant_evaluated,
            &all_evaluated,
        );
        let mut on = On {
            defs: &mut *defs,
            round: i,
            frame: FrameId::Amed,
            multiplier: 1.0,
        };
        let area = |a: &str| vec![Value::str(a)];
        let mut figures: Vec<(String, &str, Term, Option<Term>)> = Vec::new();
        for a in AREA_COLUMNS {
            let topics = on.group(Pred::All, &["area_column"], Weight::One, area(a));
            let grants = on.group(Pred::All, &["area_column"], grant, area(a));
            let evaluated_topics =
                on.group(evaluated.clone(), &["area_column"], Weight::One, area(a));
            figures.push((format!("kpi6.{a}.topics"), UNIT_CASES, topics.clone(), None));
            figures.push((
                format!("kpi6.{a}.grant_mean"),
                UNIT_THOUSAND_YEN,
                grants,
                Some(topics),
            ));
            figures.push((
                format!("kpi6.{a}.topics_evaluated"),
                UNIT_CASES,
                evaluated_topics,
                None,
            ));
        }
        for (suffix, set) in [("", evaluated.clone()), ("_all", Pred::All)] {
            let topics = on.rows(set.clone(), Weight::One);
            let up = on.rows(set.clone().and(Pred::Is("stage_up")), Weight::One);
            let launched = on.rows(set.clone().and(Pred::Is("launched")), Weight::One);
            figures.push((
                format!("kpi6.stage_up_rate{suffix}"),
                UNIT_RATIO,
                up,
                Some(topics.clone()),
            ));
            figures.push((
                format!("kpi6.launch_rate{suffix}"),
                UNIT_RATIO,
                launched,
                Some(topics),
            ));
            // Stage-up by adoption stage: for stage 4 the only stage-up is
            // launch (SPEC §5). One group_by per measure over the stages.
            for s in STAGES {
                let at = vec![Value::Int(s)];
                let by = &["stage_adopted"];
                let topics = on.group(set.clone(), by, Weight::One, at.clone());
                let up = on.group(
                    set.clone().and(Pred::Is("stage_up")),
                    by,
                    Weight::One,
                    at.clone(),
                );
                let launched = on.group(set.clone().and(Pred::Is("launched")), by, Weight::One, at);
                figures.push((
                    format!("kpi6.stage{s}.stage_up_rate{suffix}"),
                    UNIT_RATIO,
                    up,
                    Some(topics.clone()),
                ));
                figures.push((
                    format!("kpi6.stage{s}.launch_rate{suffix}"),
                    UNIT_RATIO,
                    launched,
                    Some(topics),
                ));
            }
            for a in AREA_COLUMNS {
                let by = &["area_column"];
                let topics = on.group(set.clone(), by, Weight::One, area(a));
                let up = on.group(
                    set.clone().and(Pred::Is("stage_up")),
                    by,
                    Weight::One,
                    area(a),
                );
                figures.push((
                    format!("kpi6.{a}.stage_up_rate{suffix}"),
                    UNIT_RATIO,
                    up,
                    Some(topics),
                ));
            }
        }
        for s in STAGES {
            let at = vec![Value::Int(s)];
            let by = &["stage_adopted"];
            let topics = on.group(Pred::All, by, Weight::One, at.clone());
            let evaluated_topics = on.group(evaluated.clone(), by, Weight::One, at);
            figures.push((format!("kpi6.stage{s}.topics"), UNIT_CASES, topics, None));
            figures.push((
                format!("kpi6.stage{s}.topics_evaluated"),
                UNIT_CASES,
                evaluated_topics,
                None,
            ));
        }
        // Every cell of both matrices (adopted 1–4 × current 1–4, 上市 × the
        // six columns) from one group_by each.
        for (matrix, set) in [
            ("transition", evaluated.clone()),
            ("transition_all", Pred::All),
        ] {
            for s in STAGES {
                for c in (1..=4).chain([LAUNCHED]) {
                    for a in AREA_COLUMNS {
                        let cell = on.group(
                            set.clone(),
                            &["stage_adopted", "stage_current", "area_column"],
                            Weight::One,
                            vec![Value::Int(s), Value::Int(c), Value::str(a)],
                        );
                        figures.push((
                            format!("kpi6.{matrix}.s{s}.{}.{a}", current_name(c)),
                            UNIT_CASES,
                            cell,
                            None,
                        ));
                    }
                }
            }
        }
        for (key, unit, num, den) in figures {
            match den {
                Some(den) => defs.ratio(key, label, unit, &num, &den),
                None => defs.count(key, label, unit, &num),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let t = crate::kpi::testing::table(vec![r]);
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
