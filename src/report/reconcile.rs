//! Reconciliation with the published figures (SPEC §7, §12): every figure
//! of `published.toml` that differs from the computed one at its printed
//! precision, with the arithmetic that explains the difference where one of
//! a small set of general rules finds it, placed beside the chart or table
//! it concerns and repeated in the appendix.
//!
//! Keys of `published.toml` are `KEY`, `KEY @ R6` (a figure of another
//! round printed in this round's report) and either with `# where` (a
//! second printing of the same figure elsewhere in the source, e.g.
//! `"kpi6.topics # 方法" = "265"`).
//!
//! Explanation rules (docs/decisions.md), tried in this order:
//! 1. **dash**: printed `-` where the computed figure is 0.
//! 2. **complement**: a printed rate within half a printed unit of 1 − the
//!    computed rate (the share of the other side).
//! 3. **parts and total**: the figure belongs to a sum (a total and its
//!    parts, from the key grammar: matrix cells → adoption-stage and
//!    priority-column totals; priority columns and adoption stages →
//!    `kpi6.topics`; themes → `kpi1.participants`) whose printed parts do
//!    not add up to its printed total.
//! 4. **other subset**: a printed count equal to the computed count of
//!    another indicator of the same KPI, round and unit.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::fiscal;
use crate::indicator::{self, Indicator};
use crate::registry::{Dim, Registry};
use crate::report::{format, functions::Lookup};

pub use crate::texts::{parse_key, PublishedKey};

/// One published figure that differs from the computed one.
#[derive(Debug, Clone, Serialize)]
pub struct Reconciliation {
    pub key: String,
    pub round: String,
    /// The round when it is not the report's, else empty.
    pub earlier: String,
    /// Where in the source it was printed, when `published.toml` says.
    pub source_place: String,
    pub label: String,
    pub printed: String,
    pub computed: String,
    /// The computation behind the computed figure (`664 / 12 = 55.3`).
    pub exact: String,
    /// The arithmetic that explains the difference, or empty.
    pub explanation: String,
    /// The chart or table of the report it belongs beside (see [`place`]).
    pub place: String,
}

/// Every place id the templates must hold: each is the `place` of an
/// `m::published` call in a template, and every registry entry's published
/// place is one of them or its KPI (`kpi<n>`).
#[cfg(test)]
pub const PLACES: &[&str] = &[
    "kpi1.themes",
    "kpi1.trend",
    "kpi1.survey",
    "kpi2.table",
    "kpi2.candidates",
    "kpi3.table",
    "kpi6.programs",
    "kpi6.areas",
    "kpi6.stages",
    "kpi6.matrix.transition_all",
    "kpi6.matrix.transition",
    "kpi6.compare",
    "kpi7.table",
];

/// The keys of a registry family, the dimensions in `held` fixed.
fn family(pattern: &str, held: &[(&str, &str)]) -> Vec<String> {
    Registry::builtin().family_keys(pattern, &|dim| {
        held.iter()
            .find(|(d, _)| *d == dim)
            .map(|(_, v)| v.to_string())
    })
}

/// The sums the key grammar defines (SPEC §5): (total, parts), each a
/// registry family.
fn sums() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let cells = "kpi6.{matrix}.s{s}.{now}.{area}";
    for (matrix, topics) in [
        ("transition_all", "topics"),
        ("transition", "topics_evaluated"),
    ] {
        let by_stage = format!("kpi6.stage{{s}}.{topics}");
        let by_area = format!("kpi6.{{area}}.{topics}");
        for (s, stage_total) in Dim::Stage
            .values(None)
            .into_iter()
            .map(|(s, _)| s)
            .zip(family(&by_stage, &[]))
        {
            out.push((stage_total, family(cells, &[("matrix", matrix), ("s", &s)])));
        }
        for (area, area_total) in Dim::Area
            .values(None)
            .into_iter()
            .map(|(a, _)| a)
            .zip(family(&by_area, &[]))
        {
            out.push((
                area_total,
                family(cells, &[("matrix", matrix), ("area", &area)]),
            ));
        }
        let total = format!("kpi6.{topics}");
        out.push((total.clone(), family(&by_area, &[])));
        out.push((total, family(&by_stage, &[])));
    }
    out.push((
        "kpi1.participants".to_string(),
        family("kpi1.theme{t}.participants", &[]),
    ));
    out
}

/// A printed figure as a number on its printed scale, and its decimals.
fn printed_number(printed: &str) -> Option<(f64, u32, bool)> {
    let text: String = fiscal::normalize(printed)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let numeric = text.trim_end_matches(|c: char| !c.is_ascii_digit() && c != '%');
    let pct = numeric.ends_with('%');
    let number = numeric.trim_end_matches('%');
    let decimals = number.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    number.parse().ok().map(|v| (v, decimals, pct))
}

struct Context<'a> {
    /// Names the figures in the notes.
    registry: &'a Registry,
    lookup: &'a Lookup,
    /// The sums of the key grammar ([`sums`]), built once.
    sums: Vec<(String, Vec<String>)>,
    /// For each key, the sums it is the total or a part of.
    sums_of: BTreeMap<String, Vec<usize>>,
    /// (key, round) → printed, for the figures printed without a `# where`.
    printed: BTreeMap<(String, String), String>,
}

impl<'a> Context<'a> {
    fn new(
        registry: &'a Registry,
        lookup: &'a Lookup,
        printed: BTreeMap<(String, String), String>,
    ) -> Self {
        let sums = sums();
        let mut sums_of: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (n, (total, parts)) in sums.iter().enumerate() {
            for key in std::iter::once(total).chain(parts) {
                let of = sums_of.entry(key.clone()).or_default();
                if of.last() != Some(&n) {
                    of.push(n);
                }
            }
        }
        Context {
            registry,
            lookup,
            sums,
            sums_of,
            printed,
        }
    }

    fn value(&self, key: &str, round: &str) -> Option<f64> {
        self.lookup
            .get(&(key.to_string(), round.to_string()))
            .and_then(|i| i.value)
    }

    /// A part's figure as printed, else as computed (parts the source left
    /// blank are the zero cells).
    fn printed_or_computed(&self, key: &str, round: &str) -> Option<f64> {
        match self.printed.get(&(key.to_string(), round.to_string())) {
            Some(p) if p.trim() == "-" => Some(0.0),
            Some(p) => printed_number(p).map(|(v, _, _)| v),
            None => self.value(key, round),
        }
    }
}

fn count(v: f64) -> String {
    format::group_digits(v, 0)
}

/// The arithmetic that explains why `printed` differs from `i`, if a rule
/// finds it.
fn explain(i: &Indicator, printed: &str, own_place: bool, cx: &Context) -> String {
    let Some(v) = i.value else {
        return String::new();
    };
    if printed.trim() == "-" {
        return if v == 0.0 {
            "公表資料は0を「-」と表記".into()
        } else {
            String::new()
        };
    }
    let Some((p, decimals, pct)) = printed_number(printed) else {
        return String::new();
    };
    // 2. complement
    if pct && i.unit == indicator::UNIT_RATIO {
        let complement = (1.0 - v) * 100.0;
        let half = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
        if (complement - p).abs() <= half {
            let exact = format!(
                "1 − {}% = {}%",
                format::group_digits(v * 100.0, decimals + 1),
                format::group_digits(complement, decimals + 1)
            );
            return format!("公表値は補数(該当しない側の割合): {exact}");
        }
    }
    // 3. parts and total
    let round = i.round.as_str();
    let empty = Vec::new();
    for &n in cx.sums_of.get(&i.key).unwrap_or(&empty) {
        let (total, parts) = &cx.sums[n];
        // Every cell of the key grammar is computed (zeros too); one absent
        // from both tables adds nothing; a sum with no part known is none.
        if parts
            .iter()
            .all(|k| cx.printed_or_computed(k, round).is_none())
        {
            continue;
        }
        let parts_sum: f64 = parts
            .iter()
            .map(|k| cx.printed_or_computed(k, round).unwrap_or(0.0))
            .sum();
        let total_printed = if *total == i.key && own_place {
            Some(p)
        } else {
            cx.printed
                .get(&(total.clone(), round.to_string()))
                .and_then(|t| printed_number(t))
                .map(|(v, _, _)| v)
        };
        let Some(total_printed) = total_printed else {
            continue;
        };
        if (parts_sum - total_printed).abs() > 1e-9 {
            let parts_label = parts_name(parts);
            let total_label = cx.registry.label(total);
            let computed_total = cx.value(total, round).map_or("-".into(), count);
            return format!(
                "公表資料の内訳({parts_label})の和{}と合計({total_label}){}が{}合わない(本集計はともに{computed_total})",
                count(parts_sum),
                count(total_printed),
                count((parts_sum - total_printed).abs())
            );
        }
    }
    // 4. other subset
    if !pct && i.unit != indicator::UNIT_RATIO && decimals == 0 {
        let kpi = i.key.split('.').next().unwrap_or("");
        let same: Vec<&Indicator> = cx
            .lookup
            .values()
            .filter(|o| {
                o.round == i.round
                    && o.key != i.key
                    && o.unit == i.unit
                    && o.key.split('.').next() == Some(kpi)
                    && o.value.is_some_and(|w| format::round_half_up(w, 0) == p)
            })
            .take(3)
            .collect();
        if !same.is_empty() {
            return format!(
                "公表値は本集計の{}と一致(別の集計範囲の値)",
                same.iter()
                    .map(|o| format!("{}({})", cx.registry.label(&o.key), count(p)))
                    .collect::<Vec<_>>()
                    .join("・")
            );
        }
    }
    String::new()
}

/// A short name of a set of parts: the label of the first with its varying
/// segments elided.
fn parts_name(parts: &[String]) -> String {
    match parts.first() {
        Some(first) if first.contains(".transition") => {
            let scope = if first.contains("transition_all") {
                "全テーマ"
            } else {
                "採択後1年未満を除外"
            };
            format!("遷移表・{scope}")
        }
        Some(first) if first.starts_with("kpi6.area") => "重点分野別".into(),
        Some(first) if first.starts_with("kpi6.stage") => "採択時ステージ別".into(),
        Some(first) if first.starts_with("kpi1.theme") => "テーマ別".into(),
        _ => "内訳".into(),
    }
}

/// The computation behind a computed figure, for the reader.
fn exact(i: &Indicator) -> String {
    match (i.numerator, i.denominator, i.value) {
        (Some(n), Some(d), Some(v)) if i.unit != indicator::UNIT_RATIO => format!(
            "{} / {} = {}",
            format::group_digits(n, 2).trim_end_matches(".00"),
            format::group_digits(d, 2).trim_end_matches(".00"),
            format::group_digits(v, 1)
        ),
        (Some(n), Some(d), Some(v)) if i.key.ends_with("_mean4") => format!(
            "{} / {}回 = {}",
            format::percent(n),
            fiscal::format_number(d),
            format::percent(v)
        ),
        (Some(n), Some(d), Some(v)) => format!(
            "{} / {} = {}",
            fiscal::format_number(n),
            fiscal::format_number(d),
            format::percent(v)
        ),
        // A count: its display says it all.
        _ => String::new(),
    }
}

/// A sentence of the commentary its figures contradict, as the appendix
/// lists it beside the published figures (SPEC §18).
#[derive(Debug, Clone, Serialize)]
pub struct CommentaryNote {
    /// `KPI 6`, `総括`.
    pub heading: String,
    pub sentence: String,
    /// 「※ 集計値では…」, as under the sentence.
    pub note: String,
}

/// The appendix rows of the contradicted sentences, in the report's order
/// of sections (KPI 1 … KPI 11, then 総括).
pub fn commentary_notes(found: &[crate::commentary::Contradiction]) -> Vec<CommentaryNote> {
    let order = |section: &str| {
        section
            .strip_prefix("kpi")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(u32::MAX)
    };
    let mut rows: Vec<(u32, usize, CommentaryNote)> = found
        .iter()
        .map(|c| {
            let heading = match order(&c.section) {
                u32::MAX => "総括".to_string(),
                n => format!("KPI {n}"),
            };
            (
                order(&c.section),
                c.line,
                CommentaryNote {
                    heading,
                    sentence: c.sentence.clone(),
                    note: c.note.clone(),
                },
            )
        })
        .collect();
    rows.sort_by_key(|(o, l, _)| (*o, *l));
    rows.into_iter().map(|(_, _, r)| r).collect()
}

/// Every published figure of `current` that differs from the computed one,
/// in the order of the indicator table.
pub fn reconcile(
    registry: &Registry,
    label: &str,
    published: Option<&crate::model::Published>,
    indicators: &[Indicator],
    lookup: &Lookup,
) -> Vec<Reconciliation> {
    let Some(published) = published else {
        return Vec::new();
    };
    let entries: Vec<(PublishedKey, &String)> =
        published.iter().map(|(k, v)| (parse_key(k), v)).collect();
    let printed = entries
        .iter()
        .filter(|(k, _)| k.place.is_none())
        .map(|(k, v)| {
            (
                (
                    k.key.clone(),
                    k.round.clone().unwrap_or_else(|| label.into()),
                ),
                (*v).clone(),
            )
        })
        .collect();
    let cx = Context::new(registry, lookup, printed);
    let order: BTreeMap<(&str, &str), usize> = indicators
        .iter()
        .enumerate()
        .map(|(n, i)| ((i.key.as_str(), i.round.as_str()), n))
        .collect();
    let mut out: Vec<(usize, Reconciliation)> = Vec::new();
    for (k, printed) in entries {
        let round = k.round.clone().unwrap_or_else(|| label.to_string());
        let Some(i) = lookup.get(&(k.key.clone(), round.clone())) else {
            continue;
        };
        let Some(computed) = format::differs_from_printed(printed, i) else {
            continue;
        };
        let position = order
            .get(&(i.key.as_str(), i.round.as_str()))
            .copied()
            .unwrap_or(usize::MAX);
        out.push((
            position,
            Reconciliation {
                key: i.key.clone(),
                round: round.clone(),
                earlier: if round == label {
                    String::new()
                } else {
                    round.clone()
                },
                source_place: k.place.clone().unwrap_or_default(),
                label: registry.label(&i.key),
                printed: printed.clone(),
                computed,
                exact: exact(i),
                explanation: explain(i, printed, k.place.is_some(), &cx),
                place: registry.place(&i.key, &round, label),
            },
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.source_place.cmp(&b.1.source_place)));
    out.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(key: &str, round: &str, value: f64, nd: Option<(f64, f64)>, unit: &str) -> Indicator {
        Indicator {
            key: key.into(),
            round: round.into(),
            value: Some(value),
            numerator: nd.map(|x| x.0),
            denominator: nd.map(|x| x.1),
            unit: unit.into(),
        }
    }

    fn cx<'a>(lookup: &'a Lookup, printed: &[(&str, &str)]) -> Context<'a> {
        Context::new(
            Registry::builtin(),
            lookup,
            printed
                .iter()
                .map(|(k, v)| ((k.to_string(), "R7".to_string()), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn keys_name_round_and_place() {
        assert_eq!(
            parse_key("kpi2.x @ R6 # 方法"),
            PublishedKey {
                key: "kpi2.x".into(),
                round: Some("R6".into()),
                place: Some("方法".into())
            }
        );
        assert_eq!(parse_key("kpi6.topics").round, None);
    }

    #[test]
    fn complement_of_a_rate() {
        let i = ind(
            "kpi2.venture_product_rate_mean4",
            "R7",
            0.8020833,
            Some((3.208333, 4.0)),
            "ratio",
        );
        let l = crate::report::commentary::lookup_of(std::slice::from_ref(&i));
        let e = explain(&i, "19.8%", false, &cx(&l, &[]));
        assert!(e.starts_with("公表値は補数"), "{e}");
        // A tie at the printed precision counts either way: 36.25 → 36.2.
        let j = ind("kpi2.x_mean4", "R7", 0.6375, Some((2.55, 4.0)), "ratio");
        assert!(!explain(&j, "36.2%", false, &cx(&l, &[])).is_empty());
        // 40.0% against 68.3% is no complement.
        let k = ind("kpi2.x_mean4", "R6", 0.68333, Some((2.05, 3.0)), "ratio");
        assert_eq!(explain(&k, "40.0%", false, &cx(&l, &[])), "");
    }

    #[test]
    fn printed_parts_against_printed_total() {
        let mut rows = vec![ind("kpi6.stage3.topics", "R7", 39.0, None, "件")];
        for (k, v) in [
            ("s3.3.area4", 10.0),
            ("s3.3.area_none_multi", 12.0),
            ("s3.4.area3", 17.0),
        ] {
            rows.push(ind(
                &format!("kpi6.transition_all.{k}"),
                "R7",
                v,
                None,
                "件",
            ));
        }
        let l = crate::report::commentary::lookup_of(&rows);
        let c = cx(
            &l,
            &[
                ("kpi6.stage3.topics", "39"),
                ("kpi6.transition_all.s3.3.area4", "10"),
                ("kpi6.transition_all.s3.3.area_none_multi", "11"),
                ("kpi6.transition_all.s3.4.area3", "17"),
            ],
        );
        let e = explain(&rows[2], "11", false, &c);
        assert!(e.contains("の和38と合計"), "{e}");
        assert!(e.contains("39が1合わない(本集計はともに39)"), "{e}");
        // A second printing of a total, against its printed parts.
        let t = explain(&rows[0], "40", true, &c);
        assert!(t.contains("の和38"), "{t}");
    }

    #[test]
    fn count_of_another_subset() {
        let rows = vec![
            ind("kpi6.topics", "R7", 261.0, None, "件"),
            ind("kpi6.topics_evaluated", "R7", 193.0, None, "件"),
        ];
        let l = crate::report::commentary::lookup_of(&rows);
        let e = explain(&rows[0], "193", true, &cx(&l, &[]));
        assert!(e.contains("一致(別の集計範囲の値)"), "{e}");
    }

    #[test]
    fn every_place_is_in_a_template() {
        let all: String = crate::report::TEMPLATES
            .iter()
            .chain(crate::kpi::REGISTRY.iter().map(|k| &k.template))
            .map(|(_, t)| *t)
            .collect();
        for p in PLACES {
            assert!(
                all.contains(&format!("place=\"{p}\""))
                    || (p.starts_with("kpi6.matrix.")
                        && all.contains("place=\"kpi6.matrix.\" ~ matrix")),
                "no m::published(place=\"{p}\") in the templates"
            );
        }
        // Every registry entry is placed in a chart or table that exists,
        // or on its KPI's page.
        for e in Registry::builtin().entries() {
            for p in [&e.published.0, &e.published.1] {
                assert!(
                    PLACES.contains(&p.as_str()) || *p == format!("kpi{}", e.kpi),
                    "{}: {p}",
                    e.key
                );
            }
        }
        assert_eq!(
            Registry::builtin().place("kpi6.stage_up_rate", "R5", "R7"),
            "kpi6.compare"
        );
    }
}
