//! Figures as definitions over the frames. A KPI module states each figure
//! as a count or a ratio of [`Term`]s; a term is one group of a [`Family`]
//! (a frame, a row filter, grouping columns and a weight). Evaluation runs
//! each family once, as one polars filter + group_by + sum, so KPI 6's 240
//! matrix cells come from one query; `explain` evaluates the same family's
//! filter and group equalities row by row.

use std::collections::HashMap;

use polars_core::prelude::{
    ChunkAgg, ChunkFilter, Column, DataFrame, DataType, GroupPositions, GroupsIndicator,
    PolarsResult,
};

use rayon::prelude::*;

use crate::indicator::{Indicator, RoundFigures};
use crate::model::expr::{Pred, Value, Weight};
use crate::model::FrameId;
use crate::model::RoundData;

/// Rows of one round's frame, filtered, grouped and weighted.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// Index of the round in the rounds computed.
    pub round: usize,
    pub frame: FrameId,
    pub filter: Pred,
    pub by: Vec<&'static str>,
    pub weight: Weight,
}

/// One group of a family, times the period correction.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub family: usize,
    /// The group: one value per `by` column of the family.
    pub at: Vec<Value>,
    /// The multiplier of the period correction (1 where none applies).
    pub correction: f64,
}

/// How a figure is computed.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// A count or sum: no numerator or denominator.
    Count(Term),
    /// numerator / denominator.
    Ratio { num: Term, den: Term },
    /// The simple mean of the first `take` defined values of `key` among
    /// `rounds` (newest first): the 4-round mean (SPEC §3).
    MeanOfLatest {
        key: String,
        rounds: Vec<String>,
        take: usize,
    },
    /// The sum of other figures of the same round, all defined, as a ratio
    /// over 1 (KPI 2's new-entrant rate).
    SumOf(Vec<String>),
}

/// One figure to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct Def {
    pub key: String,
    pub round: String,
    pub unit: String,
    pub rule: Rule,
}

/// The figures of a computation and the families they read.
#[derive(Debug, Default)]
pub struct Defs {
    pub families: Vec<Family>,
    pub defs: Vec<Def>,
}

impl Defs {
    /// The index of a family, reusing an identical one.
    pub fn family(
        &mut self,
        round: usize,
        frame: FrameId,
        filter: Pred,
        by: &[&'static str],
        weight: Weight,
    ) -> usize {
        let family = Family {
            round,
            frame,
            filter,
            by: by.to_vec(),
            weight,
        };
        if let Some(i) = self.families.iter().position(|f| *f == family) {
            return i;
        }
        self.families.push(family);
        self.families.len() - 1
    }

    pub fn push(&mut self, key: impl Into<String>, round: &str, unit: &str, rule: Rule) {
        self.defs.push(Def {
            key: key.into(),
            round: round.to_string(),
            unit: unit.to_string(),
            rule,
        });
    }

    /// A count or sum of one term.
    pub fn count(&mut self, key: impl Into<String>, round: &str, unit: &str, term: &Term) {
        self.push(key, round, unit, Rule::Count(term.clone()));
    }

    /// A ratio of two terms.
    pub fn ratio(
        &mut self,
        key: impl Into<String>,
        round: &str,
        unit: &str,
        num: &Term,
        den: &Term,
    ) {
        let rule = Rule::Ratio {
            num: num.clone(),
            den: den.clone(),
        };
        self.push(key, round, unit, rule);
    }
}

/// Builds the terms of one round's frame.
pub struct On<'d> {
    pub defs: &'d mut Defs,
    pub round: usize,
    pub frame: FrameId,
    /// The period correction's multiplier where a term is corrected.
    pub multiplier: f64,
}

impl On<'_> {
    /// The rows matching `filter`, weighted, uncorrected.
    pub fn rows(&mut self, filter: Pred, weight: Weight) -> Term {
        self.group(filter, &[], weight, Vec::new())
    }

    /// One group of the rows matching `filter`, grouped by `by`.
    pub fn group(
        &mut self,
        filter: Pred,
        by: &[&'static str],
        weight: Weight,
        at: Vec<Value>,
    ) -> Term {
        let family = self.defs.family(self.round, self.frame, filter, by, weight);
        Term {
            family,
            at,
            correction: 1.0,
        }
    }

    /// The same term, corrected to one year (SPEC §3).
    pub fn corrected(&self, term: Term) -> Term {
        Term {
            correction: self.multiplier,
            ..term
        }
    }
}

/// Sums per group of one family.
type Sums = HashMap<Vec<Value>, f64>;

/// The filtered, grouped sums of a family (a missing group sums to 0):
/// polars filters and groups; the groups' weights are summed by index
/// here, which for frames of a round's size is several times faster than
/// polars' eager aggregation (and that one is deprecated in polars-core
/// in favour of the lazy engine, which would cost minutes of cold build).
fn aggregate(family: &Family, df: &DataFrame) -> PolarsResult<Sums> {
    let mask = family.filter.mask(df)?;
    let weights = family.weight.column(df)?;
    let weights = weights.as_materialized_series().f64()?.filter(&mask)?;
    let mut sums = Sums::new();
    if family.by.is_empty() {
        sums.insert(Vec::new(), weights.sum().unwrap_or(0.0));
        return Ok(sums);
    }
    let mut columns = Vec::with_capacity(family.by.len());
    for c in &family.by {
        columns.push(df.column(c)?.clone());
    }
    let rows = DataFrame::new(df.height(), columns)?.filter_seq(&mask)?;
    let w: Vec<f64> = weights.iter().map(|v| v.unwrap_or(0.0)).collect();
    let keys = family
        .by
        .iter()
        .map(|c| rows.column(c))
        .collect::<PolarsResult<Vec<_>>>()?;
    let groups = match keys.as_slice() {
        [_] => groups_of(&rows, &family.by)?,
        _ => {
            // Several keys: polars' multi-key grouping encodes every row
            // (≈100 µs a frame); one Int64 key made of the columns' codes
            // groups the same rows in a few.
            match combined_key(&keys)? {
                Some(combined) => {
                    groups_of(&DataFrame::new(rows.height(), vec![combined])?, &["key"])?
                }
                None => groups_of(&rows, &family.by)?,
            }
        }
    };
    // Group order is not stable: the map is keyed, never iterated in order.
    for group in groups.iter() {
        let (first, total) = match group {
            GroupsIndicator::Idx((first, rows)) => {
                (first, rows.iter().map(|i| w[*i as usize]).sum::<f64>())
            }
            GroupsIndicator::Slice([first, len]) => (
                first,
                w[first as usize..(first + len) as usize]
                    .iter()
                    .sum::<f64>(),
            ),
        };
        let key = keys
            .iter()
            .map(|k| k.get(first as usize).map(|v| Value::from_any(&v)))
            .collect::<PolarsResult<Vec<_>>>()?;
        sums.insert(key, total);
    }
    Ok(sums)
}

/// The groups of `df`'s rows by the columns `by`, on the calling thread: a
/// round's frames are small, and handing each grouping to polars' thread
/// pool costs more (thread wake-ups, a core taken from the other rounds'
/// work) than the grouping itself.
fn groups_of(df: &DataFrame, by: &[&str]) -> PolarsResult<GroupPositions> {
    let keys = by
        .iter()
        .map(|c| df.column(c).cloned())
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok(df.group_by_with_series(keys, false, false)?.into_groups())
}

/// One Int64 column identifying each distinct combination of `keys`:
/// numbers and booleans by value, text by group (null its own code). None
/// when the codes do not fit one Int64 (then polars groups the columns).
fn combined_key(keys: &[&Column]) -> PolarsResult<Option<Column>> {
    let n = keys.first().map_or(0, |k| k.len());
    let mut combined = vec![0i64; n];
    for key in keys {
        let codes: Vec<i64> = match key.dtype() {
            DataType::String => {
                let groups = groups_of(
                    &DataFrame::new(n, vec![(*key).clone()])?,
                    &[key.name().as_str()],
                )?;
                let mut codes = vec![0i64; n];
                for (id, group) in groups.iter().enumerate() {
                    match group {
                        GroupsIndicator::Idx((_, rows)) => {
                            for r in rows.iter() {
                                codes[*r as usize] = id as i64 + 1;
                            }
                        }
                        GroupsIndicator::Slice([first, len]) => {
                            for code in &mut codes[first as usize..(first + len) as usize] {
                                *code = id as i64 + 1;
                            }
                        }
                    }
                }
                codes
            }
            _ => key
                .as_materialized_series()
                .cast(&DataType::Int64)?
                .i64()?
                .iter()
                .map(|v| v.map_or(Some(0), |v| v.checked_add(1)))
                .collect::<Option<Vec<i64>>>()
                .unwrap_or_default(),
        };
        if codes.len() != n || codes.iter().any(|c| *c < 0) {
            return Ok(None);
        }
        let Some(base) = codes.iter().copied().max().unwrap_or(0).checked_add(1) else {
            return Ok(None);
        };
        for (c, code) in combined.iter_mut().zip(codes) {
            match c.checked_mul(base).and_then(|v| v.checked_add(code)) {
                Some(v) => *c = v,
                None => return Ok(None),
            }
        }
    }
    Ok(Some(Column::new("key".into(), combined)))
}

/// The weights of `df`'s rows matching `filter`, summed per group of `by`:
/// for the descriptive tables (a station's participants, a program's topics).
pub(crate) fn group_sums(
    df: &DataFrame,
    filter: Pred,
    by: &[&'static str],
    weight: Weight,
) -> PolarsResult<HashMap<Vec<Value>, f64>> {
    let family = Family {
        round: 0,
        frame: FrameId::Stations,
        filter,
        by: by.to_vec(),
        weight,
    };
    aggregate(&family, df)
}

/// Every family's sums. A family whose frame is absent sums to nothing.
pub fn aggregate_all(defs: &Defs, rounds: &[RoundData]) -> PolarsResult<Vec<Sums>> {
    let one = |f: &Family| match rounds.get(f.round).and_then(|r| f.frame.of(r)) {
        Some(df) => aggregate(f, df),
        None => Ok(Sums::new()),
    };
    // Families are independent: they are aggregated on every core, unless
    // the frames are large: each worker's allocator arena then keeps what
    // its families freed (masks, keys, filtered columns) resident, about
    // 60 MB more at 1000×, for a step that is 2 % of that run.
    let rows: usize = rounds
        .iter()
        .flat_map(|r| FrameId::ALL.iter().filter_map(|f| f.of(r)))
        .map(DataFrame::height)
        .sum();
    if rows > PARALLEL_ROWS {
        return defs.families.iter().map(one).collect();
    }
    // All of them, then the first error in the families' order, whichever
    // worker failed first.
    defs.families
        .par_iter()
        .map(one)
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// Rows of all frames above which families are aggregated on one thread
/// (data/: about 3,000; 100×: about 300,000; 1000×: about 3 million).
const PARALLEL_ROWS: usize = 1_000_000;

fn term_value(term: &Term, sums: &[Sums]) -> f64 {
    sums.get(term.family)
        .and_then(|s| s.get(&term.at))
        .copied()
        .unwrap_or(0.0)
        * term.correction
}

/// Evaluates every definition, in order, into figures per round label
/// (derived figures read the figures computed before them).
pub fn evaluate(defs: &Defs, sums: &[Sums]) -> HashMap<String, RoundFigures> {
    let mut out: HashMap<String, RoundFigures> = HashMap::new();
    for def in &defs.defs {
        let value_of = |out: &HashMap<String, RoundFigures>, key: &str, round: &str| {
            out.get(round).and_then(|f| f.value(key))
        };
        let figure = match &def.rule {
            Rule::Count(t) => Some(figure(def, Some(term_value(t, sums)), None, None)),
            Rule::Ratio { num, den } => {
                let (n, d) = (term_value(num, sums), term_value(den, sums));
                Some(figure(def, (d != 0.0).then(|| n / d), Some(n), Some(d)))
            }
            Rule::MeanOfLatest { key, rounds, take } => {
                let values: Vec<f64> = rounds
                    .iter()
                    .filter_map(|r| value_of(&out, key, r))
                    .take(*take)
                    .collect();
                (!values.is_empty()).then(|| {
                    let (sum, n) = (values.iter().sum::<f64>(), values.len() as f64);
                    figure(def, Some(sum / n), Some(sum), Some(n))
                })
            }
            Rule::SumOf(keys) => {
                let values: Option<Vec<f64>> =
                    keys.iter().map(|k| value_of(&out, k, &def.round)).collect();
                values.map(|v| {
                    let sum: f64 = v.iter().sum();
                    figure(def, Some(sum), Some(sum), Some(1.0))
                })
            }
        };
        if let Some(f) = figure {
            out.entry(def.round.clone()).or_default().insert(f);
        }
    }
    out
}

fn figure(def: &Def, value: Option<f64>, num: Option<f64>, den: Option<f64>) -> Indicator {
    Indicator {
        key: def.key.clone(),
        round: def.round.clone(),
        value,
        numerator: num,
        denominator: den,
        unit: def.unit.clone(),
    }
}

/// The rows of a term's group: the family's filter and the group's values.
pub fn term_filter(term: &Term, family: &Family) -> Pred {
    family
        .by
        .iter()
        .zip(&term.at)
        .fold(family.filter.clone(), |p, (c, v)| {
            p.and(Pred::Eq(c, v.clone()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::frame::FrameBuilder;

    /// Grouping by several columns, text and nulls among them, gives the
    /// same sums as adding up the rows of each combination by hand, and so
    /// does the fallback when the codes would not fit one Int64.
    #[test]
    fn several_grouping_columns_sum_each_combination() {
        let stage = [1, 1, 2, 2, 2, 1, 1];
        let area = ["a1", "none", "a1", "a1", "none", "a1", "a1"];
        let answer = [Some(1), None, Some(2), Some(2), None, None, Some(1)];
        let weight = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];
        let df = FrameBuilder::new()
            .i64("stage", stage.into_iter())
            .str("area", area.into_iter())
            .opt_i64("answer", answer.into_iter())
            .f64("w", weight.into_iter())
            .i64(
                "huge",
                [i64::MAX - 1, 0, 1, 1, 0, i64::MAX - 1, 5].into_iter(),
            )
            .i64(
                "huge2",
                [i64::MAX - 1, 0, 1, 1, 0, i64::MAX - 1, 5].into_iter(),
            )
            .build()
            .unwrap();
        let family = |by: &[&'static str]| Family {
            round: 0,
            frame: FrameId::Stations,
            filter: Pred::All,
            by: by.to_vec(),
            weight: Weight::Of("w"),
        };
        let sums = aggregate(&family(&["stage", "area", "answer"]), &df).unwrap();
        let key = |s: i64, a: &str, n: Option<i64>| {
            vec![
                Value::Int(s),
                Value::str(a),
                n.map_or(Value::Null, Value::Int),
            ]
        };
        assert_eq!(sums.len(), 5);
        assert_eq!(sums[&key(1, "a1", Some(1))], 65.0);
        assert_eq!(sums[&key(1, "none", None)], 2.0);
        assert_eq!(sums[&key(2, "a1", Some(2))], 12.0);
        assert_eq!(sums[&key(2, "none", None)], 16.0);
        assert_eq!(sums[&key(1, "a1", None)], 32.0);
        // Codes past Int64 when combined: polars groups the columns itself.
        let sums = aggregate(&family(&["huge", "huge2"]), &df).unwrap();
        let h = |v: i64| vec![Value::Int(v), Value::Int(v)];
        assert_eq!(sums[&h(i64::MAX - 1)], 33.0);
        assert_eq!(sums[&h(1)], 12.0);
        assert_eq!(sums[&h(0)], 18.0);
        assert_eq!(sums[&h(5)], 64.0);
    }
}
