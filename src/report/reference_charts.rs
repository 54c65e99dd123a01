//! The [参考] pages (SPEC §12): each series of `reference.toml` as a bar
//! chart (two or more points) or a small table (one point) after its KPI,
//! with its source and as-of date under it. Drawn with the report's own
//! chart functions.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::indicator::UNIT_RATIO;
use crate::reference::{Series, Value};
use crate::report::charts::{self, Axis, Options};
use crate::report::commentary;
use crate::report::format;
use crate::report::functions::Lookup;

#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    pub title: String,
    pub unit: String,
    pub source: String,
    pub as_of: String,
    /// The chart, for two or more points.
    pub svg: String,
    /// (label, figure with unit), for the table of a one-point series and
    /// for the figures written under a chart.
    pub rows: Vec<(String, String)>,
    /// Labels of the points that are live figures of this report.
    pub live: Vec<String>,
    /// The series' bullets (observations), as written.
    pub bullets: Vec<String>,
    /// The latest point is more than 3 years before the round (SPEC §18):
    /// the chart's title and the caption say 「古いデータ」 with the as-of date.
    pub old: bool,
    /// The year of the latest point, where one is known.
    pub data_year: Option<i32>,
    /// For old data, what the caption says after 「古いデータ」: the latest
    /// point's year, the as-of date and how old it is.
    pub old_note: String,
}

/// Decimals needed to write `v` as given (1.4 → 1, 71 → 0), at most 2.
fn decimals(v: f64) -> usize {
    let s = format!("{v}");
    s.split_once('.').map_or(0, |(_, f)| f.len().min(2))
}

/// A point's value on the series' scale (fractions for `%`), or None when
/// its live figure is missing (reported by `validate`).
fn point_value(
    value: &Value,
    percent: bool,
    current: &str,
    rounds: &[String],
    lookup: &Lookup,
) -> Option<f64> {
    match value {
        Value::Number(v) => Some(if percent { v / 100.0 } else { *v }),
        Value::Live(t) => {
            let inner = t.trim().trim_start_matches("{{").trim_end_matches("}}");
            let i = commentary::resolve(inner, current, rounds, lookup).ok()?;
            let v = i.value?;
            // A rate shown on a % series stays a fraction; a percent figure
            // of another unit would be a mistake of the file: shown as is.
            Some(if percent && i.unit != UNIT_RATIO {
                v / 100.0
            } else {
                v
            })
        }
    }
}

fn view(
    s: &Series,
    current: &str,
    fiscal_year: i32,
    rounds: &[String],
    lookup: &Lookup,
) -> ReferenceView {
    let percent = s.unit == "%";
    let old = s.is_old(fiscal_year);
    let points: Vec<(String, Option<f64>, bool)> = s
        .points
        .0
        .iter()
        .map(|(label, v)| {
            (
                label.clone(),
                point_value(v, percent, current, rounds, lookup),
                matches!(v, Value::Live(_)),
            )
        })
        .collect();
    let places = points
        .iter()
        .filter_map(|(_, v, _)| v.map(|v| decimals(if percent { v * 100.0 } else { v })))
        .max()
        .unwrap_or(0);
    let text = |v: Option<f64>| match v {
        None => "-".to_string(),
        Some(v) if percent => format::percent(v),
        Some(v) => format!("{}{}", format::group_digits(v, places as u32), s.unit),
    };
    let rows = points
        .iter()
        .map(|(l, v, _)| (l.clone(), text(*v)))
        .collect();
    let live = points
        .iter()
        .filter(|(_, _, live)| *live)
        .map(|(l, _, _)| l.clone())
        .collect();
    let svg = if points.len() >= 2 {
        let categories: Vec<String> = points.iter().map(|(l, _, _)| l.clone()).collect();
        let series = [charts::Series {
            name: s.title.clone(),
            values: points.iter().map(|(_, v, _)| *v).collect(),
        }];
        let axis = if percent {
            Axis::Percent
        } else {
            Axis::Number {
                unit: s.unit.clone(),
            }
        };
        let _named = charts::collect::Named::new(&format!("kpi{}-reference", s.kpi));
        let options = Options {
            width: 420,
            plot_height: Some(100.0),
            decimals: (!percent).then_some(places),
            ..Options::default()
        };
        let title = if old {
            format!("{} 【古いデータ: 時点 {}】", s.title, ja_date(&s.as_of))
        } else {
            s.title.clone()
        };
        charts::bar_chart_with(&title, &categories, &series, &axis, &options)
    } else {
        String::new()
    };
    ReferenceView {
        title: s.title.clone(),
        unit: s.unit.clone(),
        source: s.source.clone(),
        as_of: s.as_of.clone(),
        svg,
        rows,
        live,
        bullets: s.bullets.clone(),
        old,
        data_year: s.data_year(),
        old_note: match s.data_year() {
            Some(y) if old => format!(
                "(最新の値は{y}年、時点: {}。本調査の{fiscal_year}年度より{}年前)",
                ja_date(&s.as_of),
                fiscal_year - y
            ),
            _ => String::new(),
        },
    }
}

/// `2021-06-13` → `2021年6月13日`, as the caption's `ja_date` writes it;
/// other text as it is.
fn ja_date(text: &str) -> String {
    use chrono::Datelike;
    match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Err(_) => text.to_string(),
    }
}

/// The [参考] views by KPI section key (`kpi2`), in the file's order;
/// `fiscal_year` is the round's, against which old data is judged.
pub fn views(
    series: Option<&[Series]>,
    current: &str,
    fiscal_year: i32,
    rounds: &[String],
    lookup: &Lookup,
) -> BTreeMap<String, Vec<ReferenceView>> {
    let mut out: BTreeMap<String, Vec<ReferenceView>> = BTreeMap::new();
    for s in series.unwrap_or_default() {
        out.entry(format!("kpi{}", s.kpi)).or_default().push(view(
            s,
            current,
            fiscal_year,
            rounds,
            lookup,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Indicator;
    use crate::reference::Points;

    #[test]
    fn live_and_external_points_share_one_chart() {
        let lookup = commentary::lookup_of(&[Indicator {
            key: "kpi2.venture_rate_mean4".into(),
            round: "R7".into(),
            value: Some(0.10392),
            numerator: Some(0.41568),
            denominator: Some(4.0),
            unit: "ratio".into(),
        }]);
        let s = Series {
            kpi: 2,
            title: "スタートアップの割合".into(),
            unit: "%".into(),
            source: "内閣官房".into(),
            as_of: "2025-06-13".into(),
            points: Points(vec![
                (
                    "医機連".into(),
                    Value::Live("{{ kpi2.venture_rate_mean4 }}".into()),
                ),
                ("全産業".into(), Value::Number(1.4)),
            ]),
            bullets: Vec::new(),
            point_lines: vec![8, 9],
        };
        let mut old = s.clone();
        let v = views(Some(&[s]), "R7", 2025, &["R7".to_string()], &lookup);
        let v = &v["kpi2"][0];
        assert!(!v.old, "2025-06-13 is this round's year");
        assert!(!v.svg.contains("古いデータ"));
        assert_eq!(
            v.rows,
            [
                ("医機連".to_string(), "10.4%".to_string()),
                ("全産業".to_string(), "1.4%".to_string())
            ]
        );
        assert!(v.svg.contains("<svg"));
        assert_eq!(v.live, ["医機連"]);
        // The same series as of 2021: old in fiscal 2025, in the chart.
        old.as_of = "2021-06-13".into();
        let v = views(Some(&[old]), "R7", 2025, &["R7".to_string()], &lookup);
        let v = &v["kpi2"][0];
        assert!(v.old);
        assert_eq!(v.data_year, Some(2021));
        assert_eq!(
            v.old_note,
            "(最新の値は2021年、時点: 2021年6月13日。本調査の2025年度より4年前)"
        );
        assert!(
            v.svg.contains("【古いデータ: 時点 2021年6月13日】"),
            "{}",
            v.svg
        );
    }
}
