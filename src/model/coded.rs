//! Coded values as a person reads them, for `explain` and `export` alike
//! (SPEC §13): survey codes as their answers (研修区分 as `1 医療従事者`),
//! 資本 as 内資/外資, 重点分野 and 現在ステージ as written in the form (1–5,
//! なし, 複数; 1–4, 上市), 共同研究 items as their wording.

use polars_core::prelude::{AnyValue, NamedFrom, PolarsResult, Series};

use crate::model::FrameId;
use crate::schema;

/// True when `column` of `frame` holds codes shown as words.
pub(crate) fn is_coded(frame: FrameId, column: &str) -> bool {
    match frame {
        FrameId::Satisfaction => {
            column == "category" || schema::QUESTIONS.iter().any(|q| q.key == column)
        }
        FrameId::Companies => column == "domestic",
        FrameId::Amed => column == "area" || column == "stage_current",
        FrameId::JointResearch => column == "item",
        _ => false,
    }
}

/// A value of a coded column in words; None for a null, for a column that
/// is not coded (see [`is_coded`]) and for a value of another type. An
/// unknown code is shown as it is.
pub(crate) fn coded_text(frame: FrameId, column: &str, value: &AnyValue<'_>) -> Option<String> {
    if !is_coded(frame, column) {
        return None;
    }
    let nth = |list: &[&str], n: i64| {
        usize::try_from(n - 1)
            .ok()
            .and_then(|i| list.get(i))
            .map(|a| a.to_string())
    };
    match (frame, column, value) {
        (_, _, AnyValue::Null) => None,
        (FrameId::Satisfaction, "category", v) => code(v)
            .map(|n| nth(&schema::CATEGORIES, n).map_or(n.to_string(), |c| format!("{n} {c}"))),
        (FrameId::Satisfaction, question, v) => {
            let answers = schema::QUESTIONS
                .iter()
                .find(|q| q.key == question)
                .map_or(&[][..], |q| q.answers);
            code(v).map(|n| nth(answers, n).unwrap_or_else(|| n.to_string()))
        }
        (_, "domestic", AnyValue::Boolean(b)) => Some(if *b { "内資" } else { "外資" }.into()),
        (_, "area", AnyValue::String(a)) => Some(area(a)),
        (_, "area", AnyValue::StringOwned(a)) => Some(area(a)),
        (_, "stage_current", v) => code(v).map(|n| match n {
            schema::LAUNCHED => "上市".to_string(),
            n => n.to_string(),
        }),
        (_, "item", AnyValue::String(k)) => Some(joint_item(k)),
        (_, "item", AnyValue::StringOwned(k)) => Some(joint_item(k)),
        _ => None,
    }
}

/// A column as it is shown: a coded column as text (see [`coded_text`]),
/// every other column unchanged.
pub(crate) fn shown_column(frame: FrameId, column: &str, s: &Series) -> PolarsResult<Series> {
    if !is_coded(frame, column) {
        return Ok(s.clone());
    }
    let values: Vec<Option<String>> = s.iter().map(|v| coded_text(frame, column, &v)).collect();
    Ok(Series::new(s.name().clone(), values))
}

fn code(v: &AnyValue<'_>) -> Option<i64> {
    match v {
        AnyValue::Int32(n) => Some(i64::from(*n)),
        AnyValue::Int64(n) => Some(*n),
        _ => None,
    }
}

fn area(a: &str) -> String {
    schema::AREAS
        .iter()
        .position(|x| *x == a)
        .and_then(|i| schema::AREA_CHOICES.get(i))
        .map_or(a.to_string(), |c| c.to_string())
}

fn joint_item(key: &str) -> String {
    schema::JOINT_ITEMS
        .iter()
        .find(|(_, k)| *k == key)
        .map_or(key.to_string(), |(wording, _)| wording.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(frame: FrameId, column: &str, s: &Series) -> Vec<Option<String>> {
        let shown = shown_column(frame, column, s).unwrap();
        shown
            .str()
            .unwrap()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

    #[test]
    fn codes_are_their_words() {
        let s = Series::new("affiliation".into(), [Some(5i32), None, Some(1), Some(99)]);
        assert_eq!(
            texts(FrameId::Satisfaction, "affiliation", &s),
            [
                Some("医療機関(医師)".to_string()),
                None,
                Some("企業(医療系)".to_string()),
                Some("99".to_string())
            ]
        );
        let s = Series::new("category".into(), [1i32]);
        assert_eq!(
            texts(FrameId::Satisfaction, "category", &s),
            [Some("1 医療従事者".to_string())]
        );
        let s = Series::new("stage_current".into(), [4i64, schema::LAUNCHED]);
        assert_eq!(
            texts(FrameId::Amed, "stage_current", &s),
            [Some("4".to_string()), Some("上市".to_string())]
        );
        let s = Series::new("area".into(), ["area2", "none", "multi"]);
        assert_eq!(
            texts(FrameId::Amed, "area", &s),
            [
                Some("2".to_string()),
                Some("なし".to_string()),
                Some("複数".to_string())
            ]
        );
        let s = Series::new("item".into(), ["basic"]);
        assert_eq!(
            texts(FrameId::JointResearch, "item", &s),
            [Some("基礎研究".to_string())]
        );
        let s = Series::new("domestic".into(), [true, false]);
        assert_eq!(
            texts(FrameId::Companies, "domestic", &s),
            [Some("内資".to_string()), Some("外資".to_string())]
        );
    }

    #[test]
    fn other_columns_are_unchanged() {
        let s = Series::new("participants".into(), [3i64]);
        assert_eq!(
            shown_column(FrameId::Training, "participants", &s).unwrap(),
            s
        );
        assert_eq!(
            coded_text(FrameId::Training, "participants", &AnyValue::Int64(3)),
            None
        );
    }
}
