//! KPIs 4, 5, 8, 9, 10, 11 — フォローアップ: not measured by MDSI but reported by
//! the ministries (seed overview: "直接的に測定可能なKPI以外については、当該事業の
//! フォローアップによる"). Numeric rows become indicator time series; text rows
//! are the status narrative, which the report shows from the frame itself.

use std::collections::BTreeMap;

use polars_core::prelude::DataFrame;

use crate::fiscal::short_era_label;
use crate::kpi::{floats, ints, strings, MissingColumn};
use crate::model::expr::{Pred, Value, Weight};
use crate::model::measure::{Defs, On};
use crate::model::FrameId;
use crate::model::RoundData;

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
    /// 望ましい方向 (増加 `Up`, 減少 `Down`), where the row gives it.
    pub direction: Option<crate::registry::Direction>,
}

/// The numeric rows of a follow-up sheet with their indicator keys (the
/// derived `indicator_key` column: `kpi<n>.<キー>`, or where キー is blank
/// `kpi<n>.item<k>`).
pub fn series(df: &DataFrame) -> Result<Vec<SeriesPoint>, MissingColumn> {
    let kpi = ints(df, "kpi")?;
    let indicator = strings(df, "indicator")?;
    let year = ints(df, "fiscal_year")?;
    let value = floats(df, "value")?;
    let unit = strings(df, "unit")?;
    let key = strings(df, "indicator_key")?;
    let source = strings(df, "source")?;
    let as_of = crate::kpi::dates(df, "as_of")?;
    let direction = strings(df, "direction")?;
    Ok((0..kpi.len())
        .filter_map(|i| {
            let (Some(n), Some(v), Some(y)) = (kpi[i], value[i], year[i]) else {
                return None;
            };
            Some(SeriesPoint {
                kpi: n,
                key: key.get(i)?.to_string(),
                indicator: indicator[i].to_string(),
                fiscal_year: y,
                value: v,
                unit: unit.get(i).map(|u| u.to_string()).unwrap_or_default(),
                source: source.get(i).map(|s| s.to_string()).unwrap_or_default(),
                as_of: as_of.get(i).copied().flatten(),
                direction: match direction.get(i).copied() {
                    Some("増加") => Some(crate::registry::Direction::Up),
                    Some("減少") => Some(crate::registry::Direction::Down),
                    _ => None,
                },
            })
        })
        .collect())
}

/// The figures of `rounds` (oldest first), one per (key, fiscal year),
/// as the indicator table holds them: the latest round's sheet gives a
/// figure, an earlier round's sheet fills the years the later one does not
/// give ([`define`]). The KPI pages and the summary read these, so every
/// place shows the one value the indicator table computes (SPEC §17).
pub fn merged_series(rounds: &[RoundData]) -> Result<Vec<SeriesPoint>, MissingColumn> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for r in rounds.iter().rev() {
        let Some(df) = &r.followup else { continue };
        for p in series(df)? {
            if seen.insert((p.key.clone(), p.fiscal_year)) {
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// Each point (key, fiscal year) with the round whose sheet gives it and
/// its unit, and the keys in order of first appearance. The latest round's
/// sheet is the current report; a figure of an earlier round's sheet fills
/// years the later one does not give.
/// (key, fiscal year) → (index of the round giving it, unit).
type Points = BTreeMap<(String, i64), (usize, String)>;

fn points(rounds: &[RoundData]) -> (Points, Vec<String>) {
    let mut points = BTreeMap::new();
    let mut key_order: Vec<String> = Vec::new();
    for (i, r) in rounds.iter().enumerate().rev() {
        let Some(df) = &r.followup else { continue };
        // A column missing from the sheet stops `compute_all` before the
        // keys are listed (it reads the same series first).
        let Ok(series) = series(df) else { continue };
        for p in series {
            if !key_order.contains(&p.key) {
                key_order.push(p.key.clone());
            }
            points.entry((p.key, p.fiscal_year)).or_insert((i, p.unit));
        }
    }
    (points, key_order)
}

/// The keys of follow-up KPI `N`, in order of first appearance.
pub fn keys<const N: i64>(rounds: &[RoundData]) -> Vec<String> {
    let prefix = format!("kpi{N}.");
    points(rounds)
        .1
        .into_iter()
        .filter(|k| k.starts_with(&prefix))
        .collect()
}

/// The fiscal years of follow-up KPI `N`'s figures, oldest first, as
/// short era labels.
pub fn years<const N: i64>(rounds: &[RoundData]) -> Vec<String> {
    let prefix = format!("kpi{N}.");
    let years: std::collections::BTreeSet<i64> = points(rounds)
        .0
        .into_keys()
        .filter(|(k, _)| k.starts_with(&prefix))
        .map(|(_, y)| y)
        .collect();
    years
        .into_iter()
        .map(|y| short_era_label(y as i32))
        .collect()
}

/// Every follow-up figure: the row's 値 as a count in its own 単位, its
/// round the short era label of its 年度.
pub fn define(rounds: &[RoundData], defs: &mut Defs) {
    for ((key, year), (round, unit)) in points(rounds).0 {
        let mut on = On {
            defs: &mut *defs,
            round,
            frame: FrameId::Followup,
            multiplier: 1.0,
        };
        let term = on.group(
            Pred::All,
            &["indicator_key", "fiscal_year"],
            Weight::Of("value"),
            vec![Value::Str(key.clone()), Value::Int(year)],
        );
        defs.count(key, &short_era_label(year as i32), &unit, &term);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            .opt_str("source", rows.iter().map(|_| None))
            .opt_date("as_of", rows.iter().map(|_| None))
            .opt_str("direction", rows.iter().map(|_| None))
            .i64("row", rows.iter().map(|_| 2))
            .build()
            .unwrap();
        let mut r = crate::kpi::testing::round("R7", 2025, false);
        r.followup = Some(df);
        let t = crate::kpi::testing::table(vec![r.clone()]);
        crate::model::derive::derive(&mut r).unwrap();
        let keys: Vec<String> = series(r.followup.as_ref().unwrap())
            .unwrap()
            .into_iter()
            .map(|p| p.key)
            .collect();
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
        let table: Vec<(String, String)> = t.into_iter().map(|i| (i.key, i.round)).collect();
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
