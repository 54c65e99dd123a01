//! `mdkpi explain KEY`: the validated records behind one figure (SPEC §13).
//!
//! A figure's terms name a family (frame, filter, grouping, weight) and a
//! group; its records are the rows of that filter and group, each with the
//! weight it adds: the same predicate the figure's group_by summed, so the
//! records add up to the figure.

use std::collections::BTreeMap;

use polars_core::prelude::{AnyValue, BooleanChunked, DataFrame, PolarsResult};

use crate::indicator::Indicator;
use crate::model::measure::{term_filter, Def, Defs, Rule, Term};
use crate::model::FrameId;
use crate::model::RoundData;

/// One record behind a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// `path:sheet:row`.
    pub source: String,
    /// Identifying fields: (header, value).
    pub fields: Vec<(String, String)>,
    /// What it adds to the numerator before the correction (to the figure,
    /// for a count or sum).
    pub num: f64,
    /// What it adds to the denominator.
    pub den: f64,
    /// For classified records, the rule's facts in words.
    pub reason: Option<String>,
}

/// A figure with the records (or, for a derived figure, the figures) it
/// comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub figure: Indicator,
    /// The multiplier applied to the records' `num` (the period correction).
    pub correction: f64,
    pub records: Vec<Record>,
    /// The figures a derived figure is computed from.
    pub figures: Vec<Indicator>,
}

/// The columns shown for each record of a frame (beside its source).
fn identifying(frame: FrameId) -> &'static [&'static str] {
    match frame {
        FrameId::Stations => &["name"],
        FrameId::Training => &["stem", "theme", "course", "participants"],
        FrameId::JointResearch => &["stem", "item", "count"],
        FrameId::Satisfaction => &["category"],
        FrameId::Companies => &["id", "domestic", "venture", "cross_industry"],
        FrameId::Amed => &["id", "adopted_fy", "area", "stage_adopted", "stage_current"],
        FrameId::Followup => &["indicator", "fiscal_year", "value", "unit", "body"],
    }
}

/// A cell as a person reads it: coded values in words
/// ([`crate::model::coded`]), yes/no in Japanese, numbers as printed.
fn shown(frame: FrameId, column: &str, value: &AnyValue<'_>) -> String {
    if let Some(text) = crate::model::coded::coded_text(frame, column, value) {
        return text;
    }
    match value {
        AnyValue::Boolean(b) => if *b { "はい" } else { "いいえ" }.to_string(),
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::Float64(f) => crate::fiscal::format_number(*f),
        v => v.to_string(),
    }
}

/// The records of a term: the rows of its group, each with its weight.
struct Rows<'a> {
    df: std::borrow::Cow<'a, DataFrame>,
    frame: FrameId,
    round: usize,
    mask: BooleanChunked,
    weights: Vec<f64>,
}

fn rows<'a>(defs: &Defs, rounds: &'a [RoundData], term: &Term) -> PolarsResult<Option<Rows<'a>>> {
    let Some(family) = defs.families.get(term.family) else {
        return Ok(None);
    };
    let Some(round) = rounds.get(family.round) else {
        return Ok(None);
    };
    let Some(df) = family.frame.records(round)? else {
        return Ok(None);
    };
    let mask = term_filter(term, family).mask(&df)?;
    let weights = family
        .weight
        .column(&df)?
        .as_materialized_series()
        .f64()?
        .iter()
        .map(|w| w.unwrap_or(0.0))
        .collect();
    Ok(Some(Rows {
        df,
        frame: family.frame,
        round: family.round,
        mask,
        weights,
    }))
}

/// `path:sheet:row` of row `i` of a frame.
fn source(rounds: &[RoundData], rows: &Rows<'_>, i: usize) -> String {
    rows.frame.source(rounds.get(rows.round), &rows.df, i)
}

fn record(rounds: &[RoundData], rows: &Rows<'_>, i: usize, key: &str) -> Record {
    let mut fields = Vec::new();
    for column in identifying(rows.frame) {
        if let Ok(v) = rows.df.column(column).and_then(|c| c.get(i)) {
            fields.push((
                crate::model::header(rows.frame, column),
                shown(rows.frame, column, &v),
            ));
        }
    }
    let text = |column: &str| match rows.df.column(column).and_then(|c| c.get(i)) {
        Ok(AnyValue::String(s)) => Some(s.to_string()),
        _ => None,
    };
    let reason = match rows.frame {
        FrameId::Companies if key.starts_with("kpi2.") => {
            if key.contains("cross_industry") {
                text("cross_industry_reason")
            } else if key.contains("venture") {
                text("venture_reason")
            } else {
                match (text("venture_reason"), text("cross_industry_reason")) {
                    (Some(v), Some(c)) => Some(format!("{v} / {c}")),
                    (v, c) => v.or(c),
                }
            }
        }
        _ => None,
    };
    Record {
        source: source(rounds, rows, i),
        fields,
        num: 0.0,
        den: 0.0,
        reason,
    }
}

/// The stem of row `i`, where the frame has one (station frames).
fn stem(rows: &Rows<'_>, i: usize) -> Option<String> {
    match rows.df.column("stem").ok()?.get(i).ok()? {
        AnyValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

fn selected(rows: &Rows<'_>) -> Vec<usize> {
    rows.mask
        .iter()
        .enumerate()
        .filter(|(_, m)| m.unwrap_or(false))
        .map(|(i, _)| i)
        .collect()
}

/// The explanation of `key` in `round`; None when there is no such figure.
pub fn explain(
    defs: &Defs,
    rounds: &[RoundData],
    indicators: &[Indicator],
    key: &str,
    round: &str,
) -> PolarsResult<Option<Explanation>> {
    let Some(def) = defs.defs.iter().find(|d| d.key == key && d.round == round) else {
        return Ok(None);
    };
    let Some(figure) = indicators
        .iter()
        .find(|i| i.key == key && i.round == round)
        .cloned()
    else {
        return Ok(None);
    };
    let mut out = Explanation {
        figure,
        correction: 1.0,
        records: Vec::new(),
        figures: Vec::new(),
    };
    match &def.rule {
        Rule::Count(t) => {
            out.correction = t.correction;
            if let Some(r) = rows(defs, rounds, t)? {
                for i in selected(&r) {
                    let mut rec = record(rounds, &r, i, key);
                    rec.num = r.weights[i];
                    out.records.push(rec);
                }
            }
        }
        Rule::Ratio { num, den } => {
            out.correction = num.correction;
            out.records = ratio_records(defs, rounds, def, num, den)?;
        }
        Rule::MeanOfLatest { .. } | Rule::SumOf(_) => {
            out.figures = parts(def, indicators);
        }
    }
    Ok(Some(out))
}

/// The figures a derived figure was computed from, as evaluation used them.
fn parts(def: &Def, indicators: &[Indicator]) -> Vec<Indicator> {
    let find = |k: &str, r: &str| {
        indicators
            .iter()
            .find(|i| i.key == k && i.round == r && i.value.is_some())
            .cloned()
    };
    match &def.rule {
        Rule::MeanOfLatest { key, rounds, take } => rounds
            .iter()
            .filter_map(|r| find(key, r))
            .take(*take)
            .collect(),
        Rule::SumOf(keys) => keys.iter().filter_map(|k| find(k, &def.round)).collect(),
        _ => Vec::new(),
    }
}

/// Records of a ratio. Numerator and denominator over the same frame: each
/// row of either, with both contributions. Over different frames (people
/// per station): the denominator's records, each numerator row added to
/// the record of its station; rows of no such record are listed after.
fn ratio_records(
    defs: &Defs,
    rounds: &[RoundData],
    def: &Def,
    num: &Term,
    den: &Term,
) -> PolarsResult<Vec<Record>> {
    let (Some(n), Some(d)) = (rows(defs, rounds, num)?, rows(defs, rounds, den)?) else {
        return Ok(Vec::new());
    };
    let key = def.key.as_str();
    let mut records = Vec::new();
    if n.frame == d.frame && n.round == d.round {
        for i in 0..n.df.height() {
            let (in_n, in_d) = (
                n.mask.get(i).unwrap_or(false),
                d.mask.get(i).unwrap_or(false),
            );
            if !(in_n || in_d) {
                continue;
            }
            let mut rec = record(rounds, &d, i, key);
            rec.num = if in_n { n.weights[i] } else { 0.0 };
            rec.den = if in_d {
                d.weights[i] * den.correction
            } else {
                0.0
            };
            records.push(rec);
        }
        return Ok(records);
    }
    let mut by_stem: BTreeMap<String, usize> = BTreeMap::new();
    for i in selected(&d) {
        let mut rec = record(rounds, &d, i, key);
        rec.den = d.weights[i] * den.correction;
        if let Some(s) = stem(&d, i) {
            by_stem.insert(s, records.len());
        }
        records.push(rec);
    }
    let mut unmatched = Vec::new();
    for i in selected(&n) {
        match stem(&n, i).and_then(|s| by_stem.get(&s)) {
            Some(&at) => records[at].num += n.weights[i],
            None => {
                let mut rec = record(rounds, &n, i, key);
                rec.num = n.weights[i];
                unmatched.push(rec);
            }
        }
    }
    records.extend(unmatched);
    Ok(records)
}
