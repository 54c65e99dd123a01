//! The columns a definition may name, and the values they hold: the SPEC §4
//! schema's columns of each frame, the station frames' `stem` and the
//! derived columns ([`super::derive::DERIVED`]). A figure's definition is
//! checked against them ([`check_defs`]): a misspelt column or a group value
//! that no row can hold is an error, never a silent 0. Declared indicators
//! (`data/indicators.toml`) name the same columns by their export headers
//! and their values as the export shows them ([`Column::vocabulary`]).

use std::collections::HashMap;

use crate::model::derive::DERIVED;
use crate::model::expr::{Pred, Value, Weight};
use crate::model::measure::{Defs, Rule, Term};
use crate::model::{FrameId, STEM, STEM_HEADER};
use crate::schema::{self, Dtype, Kind};

/// A column of a frame as definitions see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub frame: FrameId,
    /// The frame column.
    pub name: &'static str,
    /// The header the export shows it under.
    pub header: &'static str,
    pub dtype: Dtype,
    /// The values of a column of fixed values: (as the export shows it,
    /// as the frame holds it), in the form's order. None for free text,
    /// numbers, dates and yes/no.
    pub vocabulary: Option<Vec<(String, Value)>>,
    /// Worded on demand for people (the companies' reasons): not in the
    /// frame the figures are computed on.
    pub on_demand: bool,
}

impl Column {
    pub fn is_numeric(&self) -> bool {
        matches!(self.dtype, Dtype::I32 | Dtype::I64 | Dtype::F64)
    }

    /// Whether `value` is one a row of this column can hold (blank always
    /// can: `Value::Null` is a blank cell).
    pub fn holds(&self, value: &Value) -> bool {
        match (value, &self.vocabulary) {
            (Value::Null, _) => true,
            (v, Some(vocabulary)) => vocabulary.iter().any(|(_, x)| x == v),
            (Value::Int(i), None) => match self.dtype {
                Dtype::Bool => *i == 0 || *i == 1,
                Dtype::I32 | Dtype::I64 | Dtype::F64 => true,
                Dtype::Str | Dtype::Date => false,
            },
            (Value::Str(_), None) => self.dtype == Dtype::Str,
        }
    }
}

/// Every column of `frame` a definition may name, in the export's order.
pub fn columns(frame: FrameId) -> Vec<Column> {
    let mut out = Vec::new();
    if matches!(
        frame,
        FrameId::Stations | FrameId::Training | FrameId::JointResearch
    ) {
        out.push(Column {
            frame,
            name: STEM,
            header: STEM_HEADER,
            dtype: Dtype::Str,
            vocabulary: None,
            on_demand: false,
        });
    }
    for f in frame.sheet().fields.iter().filter(|f| !f.column.is_empty()) {
        out.push(Column {
            frame,
            name: f.column,
            header: f.header,
            dtype: f.dtype,
            vocabulary: vocabulary(frame, f.column, f.kind, f.dtype),
            on_demand: false,
        });
    }
    for d in DERIVED.iter().filter(|d| d.frame == frame) {
        out.push(Column {
            frame,
            name: d.column,
            header: d.header,
            dtype: d.dtype,
            vocabulary: match d.column {
                "area_column" => Some(
                    schema::AREA_COLUMNS
                        .iter()
                        .map(|c| (c.to_string(), Value::str(c)))
                        .collect(),
                ),
                _ => None,
            },
            on_demand: d.column.ends_with("_reason"),
        });
    }
    out
}

/// The column of `frame` named `name` in the frame.
pub fn column(frame: FrameId, name: &str) -> Option<Column> {
    columns(frame).into_iter().find(|c| c.name == name)
}

/// The values of a column of fixed values, as shown and as held: coded
/// columns as [`crate::model::coded`] words them, other lists as written.
fn vocabulary(
    frame: FrameId,
    column: &str,
    kind: Kind,
    dtype: Dtype,
) -> Option<Vec<(String, Value)>> {
    let numbered = |list: &[&str], shown: &dyn Fn(usize, &str) -> String| {
        list.iter()
            .enumerate()
            .map(|(i, a)| (shown(i + 1, a), Value::Int(i as i64 + 1)))
            .collect::<Vec<_>>()
    };
    let listed = match (frame, column) {
        (FrameId::Satisfaction, "category") => {
            numbered(&schema::CATEGORIES, &|n, c| format!("{n} {c}"))
        }
        (FrameId::Satisfaction, q) if schema::QUESTIONS.iter().any(|x| x.key == q) => {
            let answers = schema::QUESTIONS
                .iter()
                .find(|x| x.key == q)
                .map_or(&[][..], |x| x.answers);
            numbered(answers, &|_, a| a.to_string())
        }
        (FrameId::Companies, "domestic") => vec![
            (schema::CAPITAL_KINDS[0].to_string(), Value::Int(1)),
            (schema::CAPITAL_KINDS[1].to_string(), Value::Int(0)),
        ],
        (FrameId::Amed, "area") => schema::AREA_CHOICES
            .iter()
            .zip(schema::AREAS)
            .map(|(shown, held)| (shown.to_string(), Value::str(held)))
            .collect(),
        (FrameId::Amed, "stage_current") => {
            numbered(schema::CURRENT_STAGE_CHOICES, &|_, s| s.to_string())
        }
        (FrameId::JointResearch, "item") => schema::JOINT_ITEMS
            .iter()
            .map(|(wording, key)| (wording.to_string(), Value::str(key)))
            .collect(),
        _ => {
            let Kind::OneOf(list) = kind else {
                return None;
            };
            list.iter()
                .map(|c| {
                    let held = match dtype {
                        Dtype::Str => Value::str(c),
                        _ => c.parse().map(Value::Int).unwrap_or_else(|_| Value::str(c)),
                    };
                    (c.to_string(), held)
                })
                .collect()
        }
    };
    Some(listed)
}

/// A definition that names what no frame holds.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DefinitionError {
    #[error("the {frame} frame has no column `{column}`")]
    UnknownColumn { frame: &'static str, column: String },
    #[error("the {frame} frame's column `{column}` holds no value {value:?}")]
    UnknownValue {
        frame: &'static str,
        column: &'static str,
        value: Value,
    },
    #[error("the {frame} frame's column `{column}` ({dtype:?}) cannot be {used}")]
    WrongUse {
        frame: &'static str,
        column: &'static str,
        dtype: Dtype,
        used: &'static str,
    },
}

/// The columns of the frames, looked up once per check.
#[derive(Default)]
struct Known {
    frames: HashMap<FrameId, Vec<Column>>,
}

impl Known {
    fn get(&mut self, frame: FrameId, name: &str) -> Result<&Column, DefinitionError> {
        let columns = self.frames.entry(frame).or_insert_with(|| columns(frame));
        columns
            .iter()
            .find(|c| c.name == name && !c.on_demand)
            .ok_or_else(|| DefinitionError::UnknownColumn {
                frame: frame.frame_name(),
                column: name.to_string(),
            })
    }

    fn used(
        &mut self,
        frame: FrameId,
        name: &str,
        ok: bool,
        used: &'static str,
    ) -> Result<(), DefinitionError> {
        let c = self.get(frame, name)?;
        if ok {
            return Ok(());
        }
        Err(DefinitionError::WrongUse {
            frame: frame.frame_name(),
            column: c.name,
            dtype: c.dtype,
            used,
        })
    }

    fn value(&mut self, frame: FrameId, name: &str, value: &Value) -> Result<(), DefinitionError> {
        let c = self.get(frame, name)?;
        if c.holds(value) {
            return Ok(());
        }
        Err(DefinitionError::UnknownValue {
            frame: frame.frame_name(),
            column: c.name,
            value: value.clone(),
        })
    }

    fn pred(&mut self, frame: FrameId, pred: &Pred) -> Result<(), DefinitionError> {
        match pred {
            Pred::All => Ok(()),
            Pred::Is(c) => {
                let is_bool = self.get(frame, c)?.dtype == Dtype::Bool;
                self.used(frame, c, is_bool, "tested as yes/no")
            }
            Pred::Eq(c, v) => self.value(frame, c, v),
            Pred::In(c, vs) => vs.iter().try_for_each(|v| self.value(frame, c, v)),
            Pred::AtLeast(c, _) => {
                let numeric = self.get(frame, c)?.is_numeric();
                self.used(frame, c, numeric, "compared with a number")
            }
            Pred::NotNull(c) => self.get(frame, c).map(|_| ()),
            Pred::Not(p) => self.pred(frame, p),
            Pred::And(ps) | Pred::Or(ps) => ps.iter().try_for_each(|p| self.pred(frame, p)),
        }
    }

    fn weight(&mut self, frame: FrameId, weight: &Weight) -> Result<(), DefinitionError> {
        match weight {
            Weight::One => Ok(()),
            Weight::Of(c) => {
                let numeric = self.get(frame, c)?.is_numeric();
                self.used(frame, c, numeric, "summed")
            }
        }
    }
}

/// Checks a row filter of `frame` against the schema.
pub fn check_pred(frame: FrameId, pred: &Pred) -> Result<(), DefinitionError> {
    Known::default().pred(frame, pred)
}

/// Checks every family and term of `defs` against the schema: the
/// columns its filters, groups and weights name exist in its frame (and
/// hold numbers where summed, yes/no where tested), and every value it
/// compares with or picks a group by is one the column can hold.
pub fn check_defs(defs: &Defs) -> Result<(), DefinitionError> {
    let mut known = Known::default();
    for f in &defs.families {
        known.pred(f.frame, &f.filter)?;
        known.weight(f.frame, &f.weight)?;
        for c in &f.by {
            known.get(f.frame, c)?;
        }
    }
    let mut term = |t: &Term| -> Result<(), DefinitionError> {
        let Some(f) = defs.families.get(t.family) else {
            return Ok(());
        };
        for (c, v) in f.by.iter().zip(&t.at) {
            known.value(f.frame, c, v)?;
        }
        Ok(())
    };
    for d in &defs.defs {
        match &d.rule {
            Rule::Count(t) => term(t)?,
            Rule::Ratio { num, den } => {
                term(num)?;
                term(den)?;
            }
            Rule::MeanOfLatest { .. } | Rule::SumOf(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::coded::coded_text;
    use polars_core::prelude::AnyValue;

    /// A coded column's vocabulary reads as `explain` and `export` word
    /// its values: what a declared indicator writes is what they show.
    #[test]
    fn vocabulary_is_the_exports_wording() {
        for frame in FrameId::ALL {
            for c in columns(frame) {
                for (shown, held) in c.vocabulary.iter().flatten() {
                    let any = match held {
                        Value::Int(i) if c.dtype == Dtype::Bool => AnyValue::Boolean(*i != 0),
                        Value::Int(i) => AnyValue::Int64(*i),
                        Value::Str(s) => AnyValue::String(s),
                        Value::Null => AnyValue::Null,
                    };
                    let text = coded_text(frame, c.name, &any).unwrap_or_else(|| match held {
                        Value::Int(i) => i.to_string(),
                        Value::Str(s) => s.clone(),
                        Value::Null => String::new(),
                    });
                    assert_eq!(&text, shown, "{frame:?}.{}", c.name);
                }
            }
        }
    }

    #[test]
    fn a_misspelt_column_or_value_fails() {
        assert_eq!(
            check_pred(FrameId::Companies, &Pred::Is("ventrue")),
            Err(DefinitionError::UnknownColumn {
                frame: "companies",
                column: "ventrue".into()
            })
        );
        assert_eq!(
            check_pred(FrameId::Amed, &Pred::eq_str("area_column", "area6")),
            Err(DefinitionError::UnknownValue {
                frame: "amed",
                column: "area_column",
                value: Value::str("area6")
            })
        );
        assert!(matches!(
            check_pred(FrameId::Training, &Pred::Is("participants")),
            Err(DefinitionError::WrongUse { .. })
        ));
        // The reasons are worded for people, not in the computed frame.
        assert!(check_pred(FrameId::Companies, &Pred::NotNull("venture_reason")).is_err());
        assert_eq!(
            check_pred(
                FrameId::Satisfaction,
                &Pred::eq_int("category", 4).and(Pred::Eq("age", Value::Null))
            ),
            Ok(())
        );
        let mut defs = Defs::default();
        let mut on = crate::model::measure::On {
            defs: &mut defs,
            round: 0,
            frame: FrameId::Training,
            multiplier: 1.0,
        };
        let t = on.group(Pred::All, &["theme"], Weight::One, vec![Value::Int(7)]);
        defs.count("kpi1.x", "R7", "件", &t);
        assert_eq!(
            check_defs(&defs),
            Err(DefinitionError::UnknownValue {
                frame: "training",
                column: "theme",
                value: Value::Int(7)
            })
        );
    }
}
