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
//! `bullets = ["…", …]` adds observations to a series (shown under its
//! chart); a series of bullets alone needs no `points` (an empty `unit`
//! is fine then).
//!
//! A point is a number, or a live figure `"{{ KEY }}"` / `"{{ KEY @ R6 }}"`
//! of the indicator table (a rate in percent when the unit is `%`), so the
//! computed side of a comparison cannot go stale.

use std::fmt;

use std::collections::BTreeMap;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::diag::{Diagnostics, Hint, Location, Msg};
use crate::lines::LineIndex;

pub const FILE: &str = crate::dataset::Dataset::Reference.file();

/// One point's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    /// `{{ KEY }}` or `{{ KEY @ R6 }}`, resolved against the indicator table.
    Live(String),
}

/// A number or a string, read by hand: serde's untagged enums would put
/// their own words ("did not match any variant of untagged enum") in the
/// message.
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberOrLive;
        impl<'de> Visitor<'de> for NumberOrLive {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a live figure \"{{ KEY }}\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                Ok(Value::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Live(v.to_string()))
            }
            // Any other value is kept as its text, which is no live
            // figure: `parse` refuses it with E0509, naming the point.
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Live(v.to_string()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Value::Live("[…]".into()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Value::Live("{…}".into()))
            }
        }
        deserializer.deserialize_any(NumberOrLive)
    }
}

/// The points in the order written (label → value).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    kpi: u32,
    title: String,
    unit: String,
    source: String,
    /// A TOML date (`2025-06-13`) or text (`"2025年6月"`); anything else
    /// is E0517 (read as a value, so that the message is mdkpi's).
    as_of: toml::Value,
    /// Optional where `bullets` are given: a [参考] item of text only.
    #[serde(default)]
    points: Points,
    /// The seed's [参考] observations, written as bullets under the chart
    /// (or alone), cited with the same source and as-of date.
    #[serde(default)]
    bullets: Vec<String>,
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
    /// Observations shown as bullets with the series (SPEC §18: the
    /// seed's [参考] bullets), in the order written.
    pub bullets: Vec<String>,
    /// The line each point is written on, in the order of `points`, for
    /// messages about its live figure.
    pub point_lines: Vec<usize>,
}

/// Where the parts of each `[[series]]` are written, read once from the
/// parsed document's spans (SPEC §11: linear time, no search from the
/// start of the text per point).
struct Written {
    lines: LineIndex,
    /// The offset of each `[[series]]` header.
    headers: Vec<usize>,
    /// Per series: the offset of its `kpi = …`, and of each point's label.
    kpi: Vec<Option<usize>>,
    points: Vec<BTreeMap<String, usize>>,
}

impl Written {
    fn new(text: &str) -> Self {
        let mut kpi = Vec::new();
        let mut points = Vec::new();
        if let Ok(doc) = toml::de::DeTable::parse(text) {
            let series = doc.get_ref().iter().find(|(k, _)| k.get_ref() == "series");
            if let Some((_, v)) = series {
                if let toml::de::DeValue::Array(items) = v.get_ref() {
                    for item in items.iter() {
                        let toml::de::DeValue::Table(t) = item.get_ref() else {
                            kpi.push(None);
                            points.push(BTreeMap::new());
                            continue;
                        };
                        let field = |name: &str| t.iter().find(|(k, _)| k.get_ref() == name);
                        kpi.push(field("kpi").map(|(k, _)| k.span().start));
                        let labels = match field("points").map(|(_, v)| v.get_ref()) {
                            Some(toml::de::DeValue::Table(p)) => p
                                .iter()
                                .map(|(k, _)| (k.get_ref().to_string(), k.span().start))
                                .collect(),
                            _ => BTreeMap::new(),
                        };
                        points.push(labels);
                    }
                }
            }
        }
        Written {
            lines: LineIndex::new(text),
            headers: text.match_indices("[[series]]").map(|(at, _)| at).collect(),
            kpi,
            points,
        }
    }

    /// The line of the i-th `[[series]]` header.
    fn header_line(&self, index: usize) -> usize {
        self.headers.get(index).map_or(1, |&at| self.lines.line(at))
    }

    /// The line of series `index`'s `kpi = …`, if written.
    fn kpi_line(&self, index: usize) -> Option<usize> {
        self.kpi
            .get(index)
            .copied()
            .flatten()
            .map(|at| self.lines.line(at))
    }

    /// The offset of a point's label in series `index`.
    fn point_at(&self, index: usize, label: &str) -> Option<usize> {
        self.points.get(index)?.get(label).copied()
    }

    /// The line of a point's label (its series' header when not found).
    fn point_line(&self, index: usize, label: &str) -> usize {
        self.point_at(index, label)
            .map_or_else(|| self.header_line(index), |at| self.lines.line(at))
    }

    /// The TOML reader hands a table's entries over sorted: put the points
    /// back in the order they are written.
    fn written_order(&self, points: &mut Points, index: usize) {
        points
            .0
            .sort_by_key(|(label, _)| self.point_at(index, label).unwrap_or(usize::MAX));
    }
}

/// Reads `reference.toml`; None (with errors) when it cannot be used.
pub fn parse(text: &str, shown: &str, diags: &mut Diagnostics) -> Option<Vec<Series>> {
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map_or(1, |s| LineIndex::new(text).line(s.start));
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
    let written = Written::new(text);
    let mut ok = true;
    let mut out = Vec::new();
    for (i, mut s) in raw.series.into_iter().enumerate() {
        // The line of the i-th [[series]] header, for messages.
        let line = written.header_line(i);
        written.written_order(&mut s.points, i);
        if !(1..=11).contains(&s.kpi) {
            ok = false;
            diags.error(
                Location::line(shown, written.kpi_line(i).unwrap_or(line)),
                Msg::ReferenceKpiOutOfRange { kpi: s.kpi },
            );
        }
        let as_of = match &s.as_of {
            toml::Value::Datetime(d) => d.to_string(),
            toml::Value::String(t) => t.clone(),
            // A year alone (`as_of = 2025`).
            toml::Value::Integer(n) => n.to_string(),
            other => {
                ok = false;
                diags.error(
                    Location::line(shown, line),
                    Msg::ReferenceAsOfNotDate {
                        found: crate::diag::Found::TomlType(other.type_str()),
                    },
                );
                String::new()
            }
        };
        let point_lines: Vec<usize> = s
            .points
            .0
            .iter()
            .map(|(label, _)| written.point_line(i, label))
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
        if s.points.0.is_empty() && s.bullets.iter().all(|b| b.trim().is_empty()) {
            ok = false;
            diags.error(
                Location::line(shown, line),
                Msg::ReferenceMalformed {
                    detail: "missing field `points`".to_string(),
                    hint: Hint(
                        true,
                        ": expected [[series]] tables with kpi, title, unit, source, as_of and points (or bullets)",
                    ),
                },
            );
        }
        out.push(Series {
            kpi: s.kpi,
            title: s.title,
            unit: s.unit,
            source: s.source,
            as_of,
            points: s.points,
            bullets: s.bullets,
            point_lines,
        });
    }
    ok.then_some(out)
}

/// How many years a reference series' latest point may lie before the
/// round's fiscal year before it is marked 「古いデータ」 (SPEC §18).
pub const OLD_AFTER_YEARS: i32 = 3;

/// The latest year a text names, in 西暦 (`2019年`, `2025-06-13`, `2014-2023`)
/// or 和暦 (`令和元年`, `平成29年`); None when it names none.
pub fn latest_year(text: &str) -> Option<i32> {
    let text = crate::fiscal::normalize(text);
    let chars: Vec<char> = text.chars().collect();
    let mut years: Vec<i32> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            // Four digits standing alone (not part of a longer number).
            if run.len() == 4 {
                if let Ok(y) = run.parse::<i32>() {
                    if (1900..=2200).contains(&y) {
                        years.push(y);
                    }
                }
            }
            continue;
        }
        i += 1;
    }
    for era in ["令和", "平成", "昭和"] {
        for (at, _) in text.match_indices(era) {
            let rest = &text[at + era.len()..];
            let number: String = if rest.starts_with('元') {
                "元".to_string()
            } else {
                rest.chars().take_while(char::is_ascii_digit).collect()
            };
            if let Ok(y) = crate::fiscal::parse_fiscal_year(&format!("{era}{number}")) {
                years.push(y);
            }
        }
    }
    years.into_iter().max()
}

/// The year a point's label starts with (`2019年(新方式)`, `令和元年`): the
/// point's own year. A year later in a label (`スタートアップ(2011年以降)`)
/// describes what is counted, not when.
fn label_year(label: &str) -> Option<i32> {
    let label = crate::fiscal::normalize(label);
    let head: String = label
        .chars()
        .take_while(|c| c.is_ascii_digit() || "令和平成昭元".contains(*c))
        .collect();
    latest_year(&head)
}

impl Series {
    /// The year of the series' latest point: the latest year its points'
    /// labels start with (`2019年(新方式)`), else the year of its as-of date.
    pub fn data_year(&self) -> Option<i32> {
        self.points
            .0
            .iter()
            .filter_map(|(label, _)| label_year(label))
            .max()
            .or_else(|| latest_year(&self.as_of))
    }

    /// Old data: the latest point is more than [`OLD_AFTER_YEARS`] years
    /// before the round's fiscal year.
    pub fn is_old(&self, fiscal_year: i32) -> bool {
        self.data_year()
            .is_some_and(|y| fiscal_year - y > OLD_AFTER_YEARS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_line_of_the_key_or_point() {
        let text =
            "[[series]]\nkpi = 2\n\n[[series]]\ntitle = \"t\"\nkpi = 12\npoints = { \"a\" = 1 }\n";
        let w = Written::new(text);
        assert_eq!(w.kpi_line(0), Some(2));
        assert_eq!(w.kpi_line(1), Some(6));
        assert_eq!(w.header_line(1), 4);
        assert_eq!(w.point_line(1, "a"), 7);
        assert_eq!(w.point_line(1, "b"), 4);
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

    #[test]
    fn the_latest_year_is_read_from_labels_else_the_as_of_date() {
        assert_eq!(latest_year("2019年(新方式)"), Some(2019));
        assert_eq!(latest_year("令和元年年報"), Some(2019));
        assert_eq!(latest_year("平成29年・令和3年"), Some(2021));
        assert_eq!(latest_year("2014-2023"), Some(2023));
        assert_eq!(latest_year("２０２５年２月"), Some(2025));
        assert_eq!(latest_year("全産業"), None);
        assert_eq!(latest_year("会社企業178万社 12345"), None);
        let text = r#"
[[series]]
kpi = 7
title = "輸出金額"
unit = "億円"
source = "統計"
as_of = "令和元年年報"
points = { "2013年" = 5305, "2019年(新方式)" = 10090 }

[[series]]
kpi = 2
title = "割合"
unit = "%"
source = "統計"
as_of = 2022-06-13
points = { "全産業" = 1.4, "設立(2011年以降)" = 71 }
"#;
        let mut d = Diagnostics::new();
        let s = parse(text, "reference.toml", &mut d).unwrap();
        assert_eq!(s[0].data_year(), Some(2019));
        assert!(s[0].is_old(2025));
        assert!(!s[0].is_old(2022), "3 years before is not yet old");
        assert!(s[0].is_old(2023));
        // No label starts with a year (2011 there is what is counted): the
        // as-of date's.
        assert_eq!(s[1].data_year(), Some(2022));
        assert!(!s[1].is_old(2025));
        assert!(s[1].is_old(2026));
    }

    #[test]
    fn bullets_alone_make_a_text_item_and_nothing_at_all_is_an_error() {
        let text = r#"[[series]]
kpi = 7
title = "国際展開(傾向の簡易考察)"
unit = ""
source = "本調査"
as_of = 2026-01-01
bullets = ["上流はグローバル化", "下流は縮小か"]

[[series]]
kpi = 7
title = "空"
unit = ""
source = "本調査"
as_of = 2026-01-01
"#;
        let mut d = Diagnostics::new();
        assert!(parse(text, "reference.toml", &mut d).is_none());
        assert_eq!(d.items().len(), 1);
        assert_eq!(
            d.items()[0].to_string(),
            "reference.toml:9: E0506: missing field `points`: expected [[series]] tables with kpi, title, unit, source, as_of and points (or bullets)"
        );
        let mut d = Diagnostics::new();
        let first = text.split("\n\n[[series]]").next().unwrap();
        let s = parse(first, "reference.toml", &mut d).unwrap();
        assert!(s[0].points.0.is_empty());
        assert_eq!(s[0].bullets, ["上流はグローバル化", "下流は縮小か"]);
    }
}
