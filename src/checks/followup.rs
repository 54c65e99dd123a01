//! A follow-up figure reported twice, and one unit per series (SPEC §17).
//! The follow-up reader hands over its numeric rows; two rows of one
//! indicator (KPI番号 and キー, or 指標 where キー is blank: the rows that
//! would share an indicator key) and one 年度 are an error, never summed;
//! a row whose 単位 is not its series' unit is an error. Either error
//! leaves the sheet unused, so every place that shows a follow-up figure
//! (the indicator table, the KPI pages, the summary) reads the one row.

use std::collections::HashMap;

use crate::diag::{Diagnostics, Found, Location, Msg};

/// One numeric follow-up row as the checks need it.
pub struct Figure<'a> {
    pub kpi: i64,
    pub indicator: &'a str,
    pub key: Option<&'a str>,
    pub fiscal_year: i32,
    pub unit: Option<&'a str>,
    /// 1-based sheet row.
    pub row: usize,
    /// Where its 値 and its 単位 are.
    pub value_at: Location,
    pub unit_at: Location,
}

impl Figure<'_> {
    /// The series the row belongs to: what its indicator key is made of.
    fn series(&self) -> (i64, bool, &str) {
        match self.key {
            Some(k) => (self.kpi, true, k),
            None => (self.kpi, false, self.indicator),
        }
    }
}

/// Reports every figure given twice and every unit that disagrees with its
/// series' first row; false when there was any.
pub fn check(figures: &[Figure<'_>], diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    let mut first_of_year: HashMap<((i64, bool, &str), i32), usize> = HashMap::new();
    let mut first_of_series: HashMap<(i64, bool, &str), usize> = HashMap::new();
    for (i, f) in figures.iter().enumerate() {
        let series = f.series();
        match first_of_year.get(&(series, f.fiscal_year)) {
            Some(&first) => {
                ok = false;
                diags.error(
                    f.value_at.clone(),
                    Msg::FollowupFigureTwice {
                        kpi: f.kpi,
                        indicator: f.indicator.to_string(),
                        year: f.fiscal_year,
                        first: figures[first].row,
                    },
                );
            }
            None => {
                first_of_year.insert((series, f.fiscal_year), i);
            }
        }
        let first = *first_of_series.entry(series).or_insert(i);
        let expected = figures[first].unit;
        if unit_key(f.unit) != unit_key(expected) {
            ok = false;
            diags.error(
                f.unit_at.clone(),
                Msg::FollowupUnitDiffers {
                    unit: shown(f.unit),
                    indicator: f.indicator.to_string(),
                    expected: shown(expected),
                    first: figures[first].row,
                },
            );
        }
    }
    ok
}

/// A unit as compared: trimmed (the reader has NFKC-normalised it).
fn unit_key(unit: Option<&str>) -> &str {
    unit.map(str::trim).unwrap_or("")
}

fn shown(unit: Option<&str>) -> Found {
    match unit {
        Some(u) if !u.trim().is_empty() => Found::Text(u.trim().to_string()),
        _ => Found::Blank,
    }
}
