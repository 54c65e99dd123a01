//! KPIs 4, 5, 8, 9, 10, 11 — フォローアップ: not measured by MDSI but reported by
//! the ministries (seed overview: "直接的に測定可能なKPI以外については、当該事業の
//! フォローアップによる"). Numeric rows become indicator time series; text rows
//! are the status narrative, which the report shows from the frame itself.

use std::collections::BTreeMap;

use polars_core::prelude::DataFrame;

use crate::fiscal::short_era_label;
use crate::indicator::{Indicator, RoundFigures};
use crate::ingest::followup::FOLLOWUP_KPIS;
use crate::ingest::RoundData;
use crate::kpi::{floats, ints, strings, Section};

/// One numeric follow-up row, keyed.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    pub kpi: i64,
    pub key: String,
    pub indicator: String,
    pub fiscal_year: i64,
    pub value: f64,
    pub unit: String,
    /// 出典 and 時点 of the row, where given.
    pub source: String,
    pub as_of: Option<chrono::NaiveDate>,
}

/// The numeric rows of a follow-up sheet with their indicator keys:
/// `kpi<n>.<キー>`, or where キー is blank `kpi<n>.item<k>`, k numbering the
/// distinct 指標 without キー of that KPI in order of first appearance.
pub fn series(df: &DataFrame) -> Vec<SeriesPoint> {
    let kpi = ints(df, "kpi");
    let indicator = strings(df, "indicator");
    let year = ints(df, "fiscal_year");
    let value = floats(df, "value");
    let unit: Vec<Option<String>> = df
        .column("unit")
        .ok()
        .and_then(|c| c.str().ok())
        .map(|ca| ca.iter().map(|v| v.map(str::to_string)).collect())
        .unwrap_or_default();
    let key: Vec<Option<String>> = df
        .column("key")
        .ok()
        .and_then(|c| c.str().ok())
        .map(|ca| ca.iter().map(|v| v.map(str::to_string)).collect())
        .unwrap_or_default();
    let source = strings(df, "source");
    let as_of = crate::kpi::dates(df, "as_of");
    let mut numbering: BTreeMap<(i64, String), usize> = BTreeMap::new();
    let mut next: BTreeMap<i64, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for i in 0..kpi.len() {
        let (Some(n), Some(v), Some(y)) = (kpi[i], value[i], year[i]) else {
            continue;
        };
        let name = match key.get(i).cloned().flatten() {
            Some(k) => k,
            None => {
                let k = *numbering
                    .entry((n, indicator[i].to_string()))
                    .or_insert_with(|| {
                        let counter = next.entry(n).or_insert(0);
                        *counter += 1;
                        *counter
                    });
                format!("item{k}")
            }
        };
        out.push(SeriesPoint {
            kpi: n,
            key: format!("kpi{n}.{name}"),
            indicator: indicator[i].to_string(),
            fiscal_year: y,
            value: v,
            unit: unit.get(i).cloned().flatten().unwrap_or_default(),
            source: source.get(i).map(|s| s.to_string()).unwrap_or_default(),
            as_of: as_of.get(i).copied().flatten(),
        });
    }
    out
}

/// One section per follow-up KPI. The latest round's sheet is the current
/// report; a figure of an earlier round's sheet fills years the later one
/// does not give.
pub fn compute(rounds: &[RoundData]) -> Vec<Section> {
    // (key, year) → point; later rounds override earlier ones.
    let mut points: BTreeMap<(String, i64), SeriesPoint> = BTreeMap::new();
    let mut key_order: Vec<String> = Vec::new();
    for r in rounds.iter().rev() {
        let Some(df) = &r.followup else { continue };
        for p in series(df) {
            if !key_order.contains(&p.key) {
                key_order.push(p.key.clone());
            }
            points.entry((p.key.clone(), p.fiscal_year)).or_insert(p);
        }
    }
    FOLLOWUP_KPIS
        .iter()
        .map(|&n| {
            let keys: Vec<String> = key_order
                .iter()
                .filter(|k| k.starts_with(&format!("kpi{n}.")))
                .cloned()
                .collect();
            let mut years: BTreeMap<i64, RoundFigures> = BTreeMap::new();
            for ((key, year), p) in &points {
                if keys.contains(key) {
                    years.entry(*year).or_default().insert(Indicator {
                        key: p.key.clone(),
                        round: short_era_label(*year as i32),
                        value: Some(p.value),
                        numerator: None,
                        denominator: None,
                        unit: p.unit.clone(),
                    });
                }
            }
            Section {
                kpi: n as u8,
                keys,
                rounds: years
                    .into_iter()
                    .map(|(y, f)| (short_era_label(y as i32), f))
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::order;
    use crate::ingest::frame::FrameBuilder;

    /// (KPI番号, 指標, 年度, 値, キー)
    type Row = (i64, &'static str, i64, Option<f64>, Option<&'static str>);

    #[test]
    fn keys_and_item_numbering() {
        let rows: [Row; 6] = [
            (
                8,
                "デバイスラグ",
                2022,
                Some(10.0),
                Some("device_lag_months"),
            ),
            (8, "新医療機器承認品目数", 2022, Some(30.0), None),
            (8, "SaMD総合相談件数", 2022, Some(100.0), None),
            (8, "新医療機器承認品目数", 2023, Some(32.0), None),
            (8, "状況", 2023, None, None),
            (4, "非臨床評価系", 2018, Some(3.0), None),
        ];
        let df = FrameBuilder::new()
            .i64("kpi", rows.iter().map(|r| r.0))
            .str("indicator", rows.iter().map(|r| r.1))
            .i64("fiscal_year", rows.iter().map(|r| r.2))
            .opt_f64("value", rows.iter().map(|r| r.3))
            .opt_str("unit", rows.iter().map(|_| Some("件".to_string())))
            .opt_str("status", rows.iter().map(|_| None))
            .str("body", rows.iter().map(|_| "厚生労働省"))
            .opt_str("key", rows.iter().map(|r| r.4.map(str::to_string)))
            .i64("row", rows.iter().map(|_| 2))
            .build()
            .unwrap();
        let keys: Vec<String> = series(&df).into_iter().map(|p| p.key).collect();
        assert_eq!(
            keys,
            [
                "kpi8.device_lag_months",
                "kpi8.item1",
                "kpi8.item2",
                "kpi8.item1",
                "kpi4.item1"
            ]
        );
        let mut r = crate::kpi::testing::round("R7", 2025, false);
        r.followup = Some(df);
        let sections = compute(&[r]);
        let table: Vec<(String, String)> = sections
            .iter()
            .flat_map(|s| order(&s.keys, &s.rounds))
            .map(|i| (i.key, i.round))
            .collect();
        let expected: Vec<(String, String)> = [
            ("kpi4.item1", "H30"),
            ("kpi8.device_lag_months", "R4"),
            ("kpi8.item1", "R4"),
            ("kpi8.item1", "R5"),
            ("kpi8.item2", "R4"),
        ]
        .iter()
        .map(|(k, r)| (k.to_string(), r.to_string()))
        .collect();
        assert_eq!(table, expected);
    }
}
