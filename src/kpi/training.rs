//! KPI 1 — 人材育成研修の実績及び満足度: training results of the base stations
//! and the trainees' satisfaction (seed: "KPI; 人材育成研修の実績等", "人材育成研修の評価(満足度)").

use crate::indicator::{UNIT_COURSES, UNIT_PEOPLE, UNIT_RATIO, UNIT_STATIONS};
use crate::kpi::MissingColumn;
use crate::model::expr::{Pred, Value, Weight};
use crate::model::measure::{Defs, On};
use crate::model::FrameId;
use crate::model::RoundData;
use crate::schema::{PHYSICIAN, QUESTIONS};

/// Themes of the seed's form: 1 医療従事者 … 5 AI, 6 その他.
pub const THEMES: std::ops::RangeInclusive<i64> = 1..=6;
/// 研修区分 1–4 of the satisfaction survey.
pub const CATEGORIES: std::ops::RangeInclusive<i64> = 1..=4;

pub fn define(rounds: &[RoundData], defs: &mut Defs) {
    for (i, data) in rounds.iter().enumerate() {
        let label = data.round.config.label.as_str();
        // SPEC §3: station counts are corrected to one year (R4 "1/2 補正");
        // the number of stations B is not.
        let multiplier = data.round.config.correction().multiplier;
        if data.sites.is_some() {
            let mut on = On {
                defs: &mut *defs,
                round: i,
                frame: FrameId::Stations,
                multiplier,
            };
            let b = on.rows(Pred::All, Weight::One);
            on.frame = FrameId::Training;
            let all = on.rows(Pred::All, Weight::Of("participants"));
            let a = on.corrected(all);
            let mut themes = Vec::new();
            // A course covering several themes is one row per theme, so it
            // counts once per theme, as the seed does ("一定の重複があることに留意").
            for t in THEMES {
                let at = vec![Value::Int(t)];
                let courses = on.group(Pred::All, &["theme"], Weight::One, at.clone());
                let people = on.group(Pred::All, &["theme"], Weight::Of("participants"), at);
                themes.push((t, on.corrected(courses), on.corrected(people)));
            }
            defs.count("kpi1.sites", label, UNIT_STATIONS, &b);
            defs.count("kpi1.participants", label, UNIT_PEOPLE, &a);
            defs.ratio("kpi1.participants_per_site", label, UNIT_PEOPLE, &a, &b);
            for (t, courses, people) in themes {
                defs.count(
                    format!("kpi1.theme{t}.courses"),
                    label,
                    UNIT_COURSES,
                    &courses,
                );
                defs.count(
                    format!("kpi1.theme{t}.participants"),
                    label,
                    UNIT_PEOPLE,
                    &people,
                );
                defs.ratio(
                    format!("kpi1.theme{t}.participants_per_course"),
                    label,
                    UNIT_PEOPLE,
                    &people,
                    &courses,
                );
            }
        }
        if data.satisfaction.is_some() {
            let mut on = On {
                defs: &mut *defs,
                round: i,
                frame: FrameId::Satisfaction,
                multiplier: 1.0,
            };
            let mut shares = Vec::new();
            for q in &QUESTIONS {
                for c in CATEGORIES {
                    let in_category =
                        on.group(Pred::All, &["category"], Weight::One, vec![Value::Int(c)]);
                    // A blank answer is 未回答, its own category (SPEC §4.2).
                    let answers = (1..=q.answers.len() as i64)
                        .map(|a| (a.to_string(), Value::Int(a)))
                        .chain([("none".to_string(), Value::Null)]);
                    for (name, answer) in answers {
                        let n = on.group(
                            Pred::All,
                            &["category", q.key],
                            Weight::One,
                            vec![Value::Int(c), answer],
                        );
                        shares.push((
                            format!("kpi1.survey.{}.cat{c}.{name}", q.key),
                            n,
                            in_category.clone(),
                        ));
                    }
                }
            }
            let physicians = on.rows(
                Pred::eq_int("affiliation", i64::from(PHYSICIAN)),
                Weight::One,
            );
            let responses = on.rows(Pred::All, Weight::One);
            for (key, n, total) in shares {
                defs.ratio(key, label, UNIT_RATIO, &n, &total);
            }
            defs.ratio(
                "kpi1.physician_share",
                label,
                UNIT_RATIO,
                &physicians,
                &responses,
            );
        }
    }
}

/// One station's training totals in a round, corrected to one year.
#[derive(Debug, Clone, PartialEq)]
pub struct StationTraining {
    pub name: String,
    pub participants: f64,
    pub courses: f64,
}

/// Each station's corrected participants and course rows, in the order of
/// the stations frame: the rows of the like-for-like comparison (the same
/// stations in two rounds), whose sum is `kpi1.participants`.
pub fn station_training(data: &RoundData) -> Result<Vec<StationTraining>, MissingColumn> {
    let Some(sites) = &data.sites else {
        return Ok(Vec::new());
    };
    let multiplier = data.round.config.correction().multiplier;
    let sums = |weight| {
        crate::model::measure::group_sums(&sites.training, Pred::All, &["stem"], weight)
            .unwrap_or_default()
    };
    let (people, rows) = (sums(Weight::Of("participants")), sums(Weight::One));
    Ok(crate::kpi::strings(&sites.stations, "stem")?
        .into_iter()
        .zip(crate::kpi::strings(&sites.stations, "name")?)
        .map(|(stem, name)| {
            let at = vec![Value::str(stem)];
            StationTraining {
                name: name.to_string(),
                participants: people.get(&at).copied().unwrap_or(0.0) * multiplier,
                courses: rows.get(&at).copied().unwrap_or(0.0) * multiplier,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::frame::FrameBuilder;
    use crate::kpi::testing::{has, round, sites, value};

    fn table(rounds: &[RoundData]) -> Vec<crate::indicator::Indicator> {
        crate::kpi::testing::table(rounds.to_vec())
    }

    #[test]
    fn two_year_period_halves_counts_into_fractions() {
        let mut r4 = round("R4", 2022, true);
        r4.sites = Some(sites(
            &["a", "b", "c"],
            &[("a", 1, 31), ("a", 2, 20), ("b", 1, 10)],
            &[],
        ));
        let t = table(&[r4]);
        assert_eq!(value(&t, "kpi1.sites", "R4"), Some(3.0));
        assert_eq!(value(&t, "kpi1.participants", "R4"), Some(30.5));
        assert_eq!(
            value(&t, "kpi1.participants_per_site", "R4"),
            Some(30.5 / 3.0)
        );
        assert_eq!(value(&t, "kpi1.theme1.courses", "R4"), Some(1.0));
        assert_eq!(value(&t, "kpi1.theme2.courses", "R4"), Some(0.5));
        assert_eq!(value(&t, "kpi1.theme1.participants", "R4"), Some(20.5));
        assert_eq!(
            value(&t, "kpi1.theme1.participants_per_course", "R4"),
            Some(20.5)
        );
    }

    #[test]
    fn theme_without_course_and_station_without_training() {
        let mut r7 = round("R7", 2025, false);
        // Station c has no training rows: it still counts in B.
        r7.sites = Some(sites(&["a", "b", "c"], &[("a", 1, 30), ("b", 1, 30)], &[]));
        let t = table(&[r7]);
        assert_eq!(value(&t, "kpi1.sites", "R7"), Some(3.0));
        assert_eq!(value(&t, "kpi1.participants_per_site", "R7"), Some(20.0));
        assert_eq!(value(&t, "kpi1.theme6.courses", "R7"), Some(0.0));
        assert_eq!(value(&t, "kpi1.theme6.participants", "R7"), Some(0.0));
        assert!(has(&t, "kpi1.theme6.participants_per_course", "R7"));
        assert_eq!(value(&t, "kpi1.theme6.participants_per_course", "R7"), None);
    }

    #[test]
    fn shares_sum_to_one_and_blank_is_its_own_answer() {
        let mut r6 = round("R6", 2024, false);
        let cats = [1, 1, 1, 2];
        let knowledge = [Some(1), Some(2), None, Some(4)];
        let mut frame = FrameBuilder::new().i64("category", cats.into_iter());
        for q in &QUESTIONS {
            let column: Vec<Option<i64>> = if q.key == "knowledge" {
                knowledge.to_vec()
            } else if q.key == "affiliation" {
                vec![Some(5), Some(5), Some(1), None]
            } else {
                vec![Some(1); 4]
            };
            frame = frame.opt_i64(q.key, column.into_iter());
        }
        r6.satisfaction = Some(frame.build().unwrap());
        let t = table(&[r6]);
        let share = |a: &str| value(&t, &format!("kpi1.survey.knowledge.cat1.{a}"), "R6").unwrap();
        assert_eq!(share("1"), 1.0 / 3.0);
        assert_eq!(share("none"), 1.0 / 3.0);
        let sum: f64 = ["1", "2", "3", "4", "none"].iter().map(|a| share(a)).sum();
        assert!((sum - 1.0).abs() < 1e-12);
        assert_eq!(value(&t, "kpi1.survey.knowledge.cat2.4", "R6"), Some(1.0));
        // No responses in category 3: shares undefined, not zero.
        assert_eq!(value(&t, "kpi1.survey.knowledge.cat3.1", "R6"), None);
        assert_eq!(value(&t, "kpi1.physician_share", "R6"), Some(0.5));
    }

    #[test]
    fn round_without_survey_has_no_survey_indicators() {
        let mut r5 = round("R5", 2023, false);
        r5.sites = Some(sites(&["a"], &[("a", 1, 10)], &[]));
        let t = table(&[r5]);
        assert!(has(&t, "kpi1.participants", "R5"));
        assert!(!t.iter().any(|i| i.key.starts_with("kpi1.survey.")));
        assert!(!has(&t, "kpi1.physician_share", "R5"));
    }

    #[test]
    fn rows_ordered_by_key_then_round() {
        let mut r4 = round("R4", 2022, true);
        r4.sites = Some(sites(&["a"], &[("a", 1, 10)], &[]));
        let mut r5 = round("R5", 2023, false);
        r5.sites = Some(sites(&["a"], &[("a", 1, 10)], &[]));
        let t = table(&[r4, r5]);
        let head: Vec<(&str, &str)> = t
            .iter()
            .take(4)
            .map(|i| (i.key.as_str(), i.round.as_str()))
            .collect();
        assert_eq!(
            head,
            [
                ("kpi1.sites", "R4"),
                ("kpi1.sites", "R5"),
                ("kpi1.participants", "R4"),
                ("kpi1.participants", "R5"),
            ]
        );
    }
}
