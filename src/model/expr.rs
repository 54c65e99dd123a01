//! Row predicates and weights over a frame, evaluated with polars kernels:
//! the small expression language the KPI definitions are written in. A
//! figure filters, groups and sums with them; its explanation evaluates the
//! same predicate row by row, so the two cannot disagree.

use polars_core::prelude::{
    AnyValue, BooleanChunked, ChunkCompareEq, ChunkCompareIneq, ChunkFillNullValue, ChunkFull,
    Column, DataFrame, DataType, PolarsResult, Scalar, Series,
};

/// A value a column is compared with or grouped by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    Null,
    Int(i64),
    Str(String),
}

impl Value {
    pub fn str(s: &str) -> Self {
        Value::Str(s.to_string())
    }

    /// The value of a grouped key column.
    pub(crate) fn from_any(v: &AnyValue<'_>) -> Self {
        match v {
            AnyValue::Null => Value::Null,
            AnyValue::Boolean(b) => Value::Int(i64::from(*b)),
            AnyValue::Int8(n) => Value::Int(i64::from(*n)),
            AnyValue::Int16(n) => Value::Int(i64::from(*n)),
            AnyValue::Int32(n) => Value::Int(i64::from(*n)),
            AnyValue::Int64(n) => Value::Int(*n),
            AnyValue::UInt8(n) => Value::Int(i64::from(*n)),
            AnyValue::UInt16(n) => Value::Int(i64::from(*n)),
            AnyValue::UInt32(n) => Value::Int(i64::from(*n)),
            AnyValue::String(s) => Value::Str(s.to_string()),
            AnyValue::StringOwned(s) => Value::Str(s.to_string()),
            other => Value::Str(other.to_string()),
        }
    }
}

/// Which rows of a frame a figure counts.
#[derive(Debug, Clone, PartialEq)]
pub enum Pred {
    All,
    /// A boolean column is true (null is false).
    Is(&'static str),
    /// A column equals a value (`Value::Null`: the cell is blank).
    Eq(&'static str, Value),
    /// A column equals one of the values.
    In(&'static str, Vec<Value>),
    /// A numeric column is at least the bound.
    AtLeast(&'static str, f64),
    /// A column is filled.
    NotNull(&'static str),
    Not(Box<Pred>),
    And(Vec<Pred>),
    Or(Vec<Pred>),
}

impl Pred {
    pub fn eq_int(column: &'static str, v: i64) -> Pred {
        Pred::Eq(column, Value::Int(v))
    }

    pub fn eq_str(column: &'static str, v: &str) -> Pred {
        Pred::Eq(column, Value::str(v))
    }

    /// Both (flattening nested conjunctions).
    pub fn and(self, other: Pred) -> Pred {
        match (self, other) {
            (Pred::All, p) | (p, Pred::All) => p,
            (Pred::And(mut a), Pred::And(b)) => {
                a.extend(b);
                Pred::And(a)
            }
            (Pred::And(mut a), p) => {
                a.push(p);
                Pred::And(a)
            }
            (p, q) => Pred::And(vec![p, q]),
        }
    }

    /// The rows of `df` it holds for; null never holds.
    pub fn mask(&self, df: &DataFrame) -> PolarsResult<BooleanChunked> {
        let n = df.height();
        let mask = match self {
            Pred::All => BooleanChunked::full("mask".into(), true, n),
            Pred::Is(c) => no_null(
                df.column(c)?.as_materialized_series().bool()?.clone(),
                false,
            )?,
            Pred::Eq(c, v) => equals(df.column(c)?, v)?,
            Pred::In(c, vs) => {
                let column = df.column(c)?;
                let mut mask: Option<BooleanChunked> = None;
                for v in vs {
                    let m = equals(column, v)?;
                    mask = Some(match mask {
                        Some(acc) => &acc | &m,
                        None => m,
                    });
                }
                mask.unwrap_or_else(|| !&BooleanChunked::full("mask".into(), true, n))
            }
            Pred::AtLeast(c, bound) => no_null(
                df.column(c)?
                    .as_materialized_series()
                    .cast(&DataType::Float64)?
                    .f64()?
                    .gt_eq(*bound),
                false,
            )?,
            Pred::NotNull(c) => df.column(c)?.is_not_null(),
            Pred::Not(p) => !&p.mask(df)?,
            Pred::And(ps) => {
                let mut mask: Option<BooleanChunked> = None;
                for p in ps {
                    let m = p.mask(df)?;
                    let acc = match mask {
                        Some(acc) => &acc & &m,
                        None => m,
                    };
                    // Nothing left to match: the rest need not be read.
                    if !acc.any() && acc.null_count() == 0 {
                        return Ok(acc);
                    }
                    mask = Some(acc);
                }
                mask.unwrap_or_else(|| BooleanChunked::full("mask".into(), true, n))
            }
            Pred::Or(ps) => {
                let mut mask: Option<BooleanChunked> = None;
                for p in ps {
                    let m = p.mask(df)?;
                    mask = Some(match mask {
                        Some(acc) => &acc | &m,
                        None => m,
                    });
                }
                mask.unwrap_or_else(|| !&BooleanChunked::full("mask".into(), true, n))
            }
        };
        Ok(mask)
    }
}

/// `mask` with null read as `value`. Most masks have no null: they are
/// returned as they are (polars' fill builds a zeroed buffer, and its
/// first use zero-fills 8 MB).
pub(crate) fn no_null(mask: BooleanChunked, value: bool) -> PolarsResult<BooleanChunked> {
    if mask.null_count() == 0 {
        Ok(mask)
    } else {
        mask.fill_null_with_values(value)
    }
}

/// Rows where `column` equals `v` (null cells never equal a value).
fn equals(column: &Column, v: &Value) -> PolarsResult<BooleanChunked> {
    let s = column.as_materialized_series();
    Ok(match v {
        Value::Null => s.is_null(),
        Value::Int(i) => match s.dtype() {
            DataType::Boolean => {
                let b = no_null(s.bool()?.clone(), *i == 0)?;
                if *i != 0 {
                    b
                } else {
                    !&b
                }
            }
            // A whole number equals an amount only when it has no fraction.
            DataType::Float32 | DataType::Float64 => {
                no_null(s.cast(&DataType::Float64)?.f64()?.equal(*i as f64), false)?
            }
            _ => no_null(s.cast(&DataType::Int64)?.i64()?.equal(*i), false)?,
        },
        Value::Str(t) => no_null(s.str()?.equal(t.as_str()), false)?,
    })
}

impl std::ops::Not for Pred {
    type Output = Pred;

    fn not(self) -> Pred {
        Pred::Not(Box::new(self))
    }
}

/// What a row adds to a figure before the period correction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Weight {
    /// Each row counts one.
    One,
    /// The row's value in a numeric column (blank adds 0).
    Of(&'static str),
}

/// The name of the weight column while a family is aggregated.
pub(crate) const WEIGHT: &str = "__weight";

impl Weight {
    /// One value per row of `df`, as Float64.
    pub fn column(&self, df: &DataFrame) -> PolarsResult<Column> {
        match self {
            Weight::One => Ok(Column::new_scalar(
                WEIGHT.into(),
                Scalar::new(DataType::Float64, AnyValue::Float64(1.0)),
                df.height(),
            )),
            Weight::Of(c) => {
                let s: Series = df
                    .column(c)?
                    .as_materialized_series()
                    .cast(&DataType::Float64)?
                    .f64()?
                    .fill_null_with_values(0.0)?
                    .into();
                Ok(s.with_name(WEIGHT.into()).into())
            }
        }
    }
}
