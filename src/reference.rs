//! `data/<round>/reference.toml` (SPEC §12): external series the analyst
//! cites on [参考] pages — the all-industry startup share, export
//! statistics — each with its source and as-of date. Unknown fields are
//! errors, at `reference.toml:LINE`.
//!
//! ```toml
//! [[series]]
//! kpi = 2
//! title = "スタートアップの割合"
//! unit = "%"
//! source = "内閣官房「…」"
//! as_of = "2025-06-13"
//! points = { "医機連傘下団体の加盟企業" = "{{ kpi2.venture_rate_mean4 }}", "全産業" = 1.4 }
//! ```
//!
//! A point is a number, or a live figure `"{{ KEY }}"` / `"{{ KEY @ R6 }}"`
//! of the indicator table (a rate in percent when the unit is `%`), so the
//! computed side of a comparison cannot go stale.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::diag::{Diagnostics, Hint, Location, Msg};

pub const FILE: &str = "reference.toml";

/// One point's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    /// `{{ KEY }}` or `{{ KEY @ R6 }}`, resolved against the indicator table.
    Live(String),
}

/// The points in the order written (label → value).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Points(pub Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Points;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of label = value (a number or \"{{ KEY }}\")")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Points, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                if out.is_empty() {
                    return Err(de::Error::custom("points: expected at least one point"));
                }
                Ok(Points(out))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

/// A date given as a TOML date (`2025-06-13`) or as text (`"2025年6月"`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
enum AsOf {
    Date(toml::value::Datetime),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    kpi: u32,
    title: String,
    unit: String,
    source: String,
    as_of: AsOf,
    points: Points,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    series: Vec<RawSeries>,
}

/// One cited series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The KPI (1–11) after which it is shown.
    pub kpi: u32,
    pub title: String,
    /// `%` (values in percent), or a unit such as `社`, `億円`.
    pub unit: String,
    pub source: String,
    pub as_of: String,
    pub points: Points,
    /// The line each point is written on, in the order of `points`, for
    /// messages about its live figure.
    pub point_lines: Vec<usize>,
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let before = &text.as_bytes()[..offset.min(text.len())];
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// The TOML reader hands a table's entries over sorted: put the points back
/// in the order they are written in the i-th `[[series]]`.
fn written_order(points: &mut Points, text: &str, index: usize) {
    let starts: Vec<usize> = text.match_indices("[[series]]").map(|(at, _)| at).collect();
    let from = starts.get(index).copied().unwrap_or(0);
    let to = starts.get(index + 1).copied().unwrap_or(text.len());
    let section = &text[from..to];
    let at = |label: &str| {
        section
            .find(&format!("\"{label}\""))
            .or_else(|| section.find(&format!("'{label}'")))
            .or_else(|| section.find(&format!("{label} =")))
            .unwrap_or(usize::MAX)
    };
    points.0.sort_by_key(|(label, _)| at(label));
}

/// Reads `reference.toml`; None (with errors) when it cannot be used.
pub fn parse(text: &str, shown: &str, diags: &mut Diagnostics) -> Option<Vec<Series>> {
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            let message = e.message().trim_end();
            let hint = Hint(
                !message.contains("expected"),
                ": expected [[series]] tables with kpi, title, unit, source, as_of and points",
            );
            diags.error(
                Location::line(shown, line),
                Msg::ReferenceMalformed {
                    detail: message.to_string(),
                    hint,
                },
            );
            return None;
        }
    };
    let mut ok = true;
    let mut out = Vec::new();
    for (i, mut s) in raw.series.into_iter().enumerate() {
        // The line of the i-th [[series]] header, for messages.
        let line = text
            .match_indices("[[series]]")
            .nth(i)
            .map_or(1, |(at, _)| line_of(text, at));
        written_order(&mut s.points, text, i);
        if !(1..=11).contains(&s.kpi) {
            ok = false;
            diags.error(
                Location::line(shown, key_line(text, i, "kpi").unwrap_or(line)),
                Msg::ReferenceKpiOutOfRange { kpi: s.kpi },
            );
        }
        let point_lines: Vec<usize> = s
            .points
            .0
            .iter()
            .map(|(label, _)| point_line(text, i, label))
            .collect();
        for ((label, value), &line) in s.points.0.iter().zip(&point_lines) {
            match value {
                Value::Number(v) if !v.is_finite() => {
                    ok = false;
                    diags.error(
                        Location::line(shown, line),
                        Msg::ReferencePointNotFinite {
                            label: label.clone(),
                        },
                    );
                }
                Value::Live(t) if !t.trim().starts_with("{{") || !t.trim().ends_with("}}") => {
                    ok = false;
                    diags.error(
                        Location::line(shown, line),
                        Msg::ReferencePointNotLive {
                            label: label.clone(),
                            found: t.clone(),
                        },
                    );
                }
                _ => {}
            }
        }
        out.push(Series {
            kpi: s.kpi,
            title: s.title,
            unit: s.unit,
            source: s.source,
            as_of: match s.as_of {
                AsOf::Date(d) => d.to_string(),
                AsOf::Text(t) => t,
            },
            points: s.points,
            point_lines,
        });
    }
    ok.then_some(out)
}

/// The line of series `index` where `key = …` is written, if it is.
fn key_line(text: &str, index: usize, key: &str) -> Option<usize> {
    let start = text.match_indices("[[series]]").nth(index)?.0;
    let mut at = start;
    for (n, line) in text[start..].split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if n > 0 && trimmed.starts_with("[[") {
            return None;
        }
        let is_key = trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if n > 0 && is_key {
            return Some(line_of(text, at));
        }
        at += line.len();
    }
    None
}

/// The line of `reference.toml` where the point `label` of series `index`
/// is written.
fn point_line(text: &str, index: usize, label: &str) -> usize {
    let start = text
        .match_indices("[[series]]")
        .nth(index)
        .map_or(0, |(at, _)| at);
    text[start..]
        .find(&format!("\"{label}\""))
        .map_or_else(|| line_of(text, start), |at| line_of(text, start + at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_line_of_the_key_or_point() {
        let text =
            "[[series]]\nkpi = 2\n\n[[series]]\ntitle = \"t\"\nkpi = 12\npoints = { \"a\" = 1 }\n";
        assert_eq!(key_line(text, 0, "kpi"), Some(2));
        assert_eq!(key_line(text, 1, "kpi"), Some(6));
        assert_eq!(key_line(text, 1, "unit"), None);
        assert_eq!(point_line(text, 1, "a"), 7);
    }

    const GOOD: &str = r#"
[[series]]
kpi = 2
title = "スタートアップの割合"
unit = "%"
source = "内閣官房"
as_of = 2025-06-13
points = { "医機連" = "{{ kpi2.venture_rate_mean4 }}", "全産業" = 1.4, "あ" = 3 }
"#;

    #[test]
    fn reads_series_in_written_order() {
        let mut d = Diagnostics::new();
        let s = parse(GOOD, "data/R7/reference.toml", &mut d).unwrap_or_default();
        assert!(!d.has_errors(), "{:?}", d.items());
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].as_of, "2025-06-13");
        let labels: Vec<&str> = s[0].points.0.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["医機連", "全産業", "あ"]);
        assert_eq!(s[0].points.0[1].1, Value::Number(1.4));
        assert_eq!(s[0].points.0[2].1, Value::Number(3.0));
    }

    #[test]
    fn unknown_field_is_an_error_at_its_line() {
        let mut d = Diagnostics::new();
        let text = GOOD.replace("unit = \"%\"", "unit = \"%\"\ncolour = \"red\"");
        assert!(parse(&text, "data/R7/reference.toml", &mut d).is_none());
        let msg = d.items()[0].to_string();
        assert!(msg.starts_with("data/R7/reference.toml:6: "), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
    }

    #[test]
    fn kpi_out_of_range_is_an_error() {
        let mut d = Diagnostics::new();
        let text = GOOD.replace("kpi = 2", "kpi = 12");
        assert!(parse(&text, "r.toml", &mut d).is_none());
        assert_eq!(
            d.items()[0].to_string(),
            "r.toml:3: E0507: kpi = 12: expected a KPI number from 1 to 11"
        );
    }
}
