//! The indicator table (SPEC §5–6): one row per computed figure, the one
//! contract between computing and presenting.

use std::collections::BTreeMap;

use serde_json::{Number, Value};

/// One computed figure. Rates are fractions; a count has no numerator or
/// denominator; a rate or mean carries both. `value` is None where undefined
/// (a rate over nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub key: String,
    pub round: String,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub unit: String,
}

/// Figures by (key, round), as the report and the commentary read them.
pub type Lookup = BTreeMap<(String, String), Indicator>;

// The units of SPEC §5 are the registry's (it sits below everything that
// names an indicator), used here under their usual path.
pub use crate::registry::{
    UNIT_CASES, UNIT_COMPANIES, UNIT_COURSES, UNIT_PEOPLE, UNIT_RATIO, UNIT_STATIONS,
    UNIT_THOUSAND_YEN,
};

/// One round's figures by key, before they are ordered into the table.
#[derive(Debug, Default, Clone)]
pub struct RoundFigures {
    figures: BTreeMap<String, Indicator>,
}

impl RoundFigures {
    pub fn new() -> Self {
        Self::default()
    }

    /// A count: no numerator or denominator.
    pub fn count(&mut self, key: impl Into<String>, round: &str, value: f64, unit: &str) {
        let key = key.into();
        self.figures.insert(
            key.clone(),
            Indicator {
                key,
                round: round.to_string(),
                value: Some(value),
                numerator: None,
                denominator: None,
                unit: unit.to_string(),
            },
        );
    }

    /// A ratio numerator / denominator; undefined (None) over zero.
    pub fn ratio(
        &mut self,
        key: impl Into<String>,
        round: &str,
        numerator: f64,
        denominator: f64,
        unit: &str,
    ) {
        let key = key.into();
        self.figures.insert(
            key.clone(),
            Indicator {
                key,
                round: round.to_string(),
                value: (denominator != 0.0).then(|| numerator / denominator),
                numerator: Some(numerator),
                denominator: Some(denominator),
                unit: unit.to_string(),
            },
        );
    }

    pub fn get(&self, key: &str) -> Option<&Indicator> {
        self.figures.get(key)
    }

    pub fn value(&self, key: &str) -> Option<f64> {
        self.figures.get(key).and_then(|i| i.value)
    }

    pub fn insert(&mut self, indicator: Indicator) {
        self.figures.insert(indicator.key.clone(), indicator);
    }
}

/// Orders figures into the table: by `keys` (KPI, then the order of the
/// specification), then by round in the order given.
pub fn order(keys: &[String], rounds: &[&RoundFigures]) -> Vec<Indicator> {
    let mut out = Vec::new();
    for key in keys {
        for figures in rounds {
            if let Some(i) = figures.get(key) {
                out.push(i.clone());
            }
        }
    }
    out
}

/// A number in JSON: whole numbers without a decimal point, others in
/// shortest round-trip form.
pub fn json_number(value: Option<f64>) -> Value {
    match value {
        None => Value::Null,
        Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Value::Number(Number::from(v as i64)),
        Some(v) => Number::from_f64(v)
            .map(Value::Number)
            .unwrap_or(Value::Null),
    }
}

#[derive(serde::Serialize)]
struct JsonRow<'a> {
    key: &'a str,
    round: &'a str,
    value: Value,
    numerator: Value,
    denominator: Value,
    unit: &'a str,
}

#[derive(serde::Serialize)]
struct JsonDoc<'a> {
    round: &'a str,
    fiscal_year: i32,
    indicators: Vec<JsonRow<'a>>,
    warnings: &'a [crate::diag::JsonWarning],
}

/// The `compute --format json` document (SPEC §6), fields in the
/// specification's order.
pub fn to_json(
    round: &str,
    fiscal_year: i32,
    indicators: &[Indicator],
    warnings: &[crate::diag::JsonWarning],
) -> String {
    let doc = JsonDoc {
        round,
        fiscal_year,
        indicators: indicators
            .iter()
            .map(|i| JsonRow {
                key: &i.key,
                round: &i.round,
                value: json_number(i.value),
                numerator: json_number(i.numerator),
                denominator: json_number(i.denominator),
                unit: &i.unit,
            })
            .collect(),
        warnings,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// A CSV text cell that a spreadsheet would read as a formula is prefixed
/// with an apostrophe (OWASP CSV injection guidance).
pub fn csv_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A number in CSV: as in JSON (shortest form, whole numbers without a
/// decimal point), empty where undefined.
pub(crate) fn csv_number(value: Option<f64>) -> String {
    match json_number(value) {
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

/// The indicator table as CSV: header `key,round,value,numerator,denominator,unit`.
pub fn to_csv(indicators: &[Indicator]) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(["key", "round", "value", "numerator", "denominator", "unit"]);
    for i in indicators {
        let _ = writer.write_record([
            csv_safe(&i.key),
            csv_safe(&i.round),
            csv_number(i.value),
            csv_number(i.numerator),
            csv_number(i.denominator),
            csv_safe(&i.unit),
        ]);
    }
    writer
        .into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_json() {
        assert_eq!(json_number(Some(2736.0)).to_string(), "2736");
        assert_eq!(json_number(Some(0.1038)).to_string(), "0.1038");
        assert_eq!(
            json_number(Some(1.0 / 3.0)).to_string(),
            "0.3333333333333333"
        );
        assert_eq!(json_number(None).to_string(), "null");
        assert_eq!(json_number(Some(-0.5)).to_string(), "-0.5");
    }

    #[test]
    fn ratio_over_zero_is_undefined() {
        let mut f = RoundFigures::new();
        f.ratio("k", "R7", 0.0, 0.0, UNIT_RATIO);
        assert_eq!(f.value("k"), None);
        assert_eq!(f.get("k").and_then(|i| i.denominator), Some(0.0));
    }

    #[test]
    fn csv_neutralises_formulas() {
        assert_eq!(csv_safe("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_safe("-1"), "'-1");
        assert_eq!(csv_safe("名"), "名");
        let csv = to_csv(&[Indicator {
            key: "kpi1.participants".into(),
            round: "R4".into(),
            value: Some(2736.0),
            numerator: None,
            denominator: None,
            unit: "名".into(),
        }]);
        assert_eq!(
            csv,
            "key,round,value,numerator,denominator,unit\nkpi1.participants,R4,2736,,,名\n"
        );
    }
}
