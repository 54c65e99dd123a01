//! Building polars DataFrames from rows read by the dataset readers.

use chrono::NaiveDate;
use polars_arrow::array::{MutableBinaryViewArray, Utf8ViewArray};
use polars_core::prelude::{
    Column, DataFrame, IntoSeries, NamedFrom, PlHashMap, Series, StringChunked,
};

use crate::diag::Diagnostics;
use crate::ingest::source::SheetData;
use crate::model::round::epoch_days;

/// A string column that holds each distinct value once: every row is a
/// view into one buffer of the distinct values. Programs, stations, themes
/// and a topic's title across rounds repeat; a column of 783,000 AMED topics
/// (the 1000× benchmark) held each title again per row.
fn string_series<S: AsRef<str>>(name: &str, values: impl Iterator<Item = Option<S>>) -> Series {
    let values: Vec<Option<S>> = values.collect();
    let mut distinct: MutableBinaryViewArray<str> = MutableBinaryViewArray::new();
    let mut index: PlHashMap<&str, u32> = PlHashMap::default();
    // u32::MAX for null: 4 bytes a row while the column is built.
    let ids: Vec<u32> = values
        .iter()
        .map(|value| {
            let Some(value) = value else {
                return u32::MAX;
            };
            let value = value.as_ref();
            *index.entry(value).or_insert_with(|| {
                distinct.push_value(value);
                (distinct.len() - 1) as u32
            })
        })
        .collect();
    drop(index);
    let distinct: Utf8ViewArray = distinct.freeze();
    let (views, buffers) = (distinct.views(), distinct.data_buffers());
    let mut column: MutableBinaryViewArray<str> = MutableBinaryViewArray::with_capacity(ids.len());
    for id in ids {
        match views.get(id as usize) {
            Some(view) => column.push_view(*view, buffers),
            None => column.push_null(),
        }
    }
    let column: Utf8ViewArray = column.freeze();
    StringChunked::with_chunk(name.into(), column).into_series()
}

/// Collects typed columns, then builds the frame in one step.
#[derive(Default)]
pub struct FrameBuilder {
    columns: Vec<Column>,
}

impl FrameBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(mut self, series: Series) -> Self {
        self.columns.push(series.into());
        self
    }

    pub fn str<S: AsRef<str>>(self, name: &str, values: impl Iterator<Item = S>) -> Self {
        self.push(string_series(name, values.map(Some)))
    }

    pub fn opt_str(self, name: &str, values: impl Iterator<Item = Option<String>>) -> Self {
        self.push(string_series(name, values))
    }

    pub fn i64(self, name: &str, values: impl Iterator<Item = i64>) -> Self {
        let v: Vec<i64> = values.collect();
        self.push(Series::new(name.into(), v))
    }

    pub fn i32(self, name: &str, values: impl Iterator<Item = i32>) -> Self {
        let v: Vec<i32> = values.collect();
        self.push(Series::new(name.into(), v))
    }

    pub fn opt_i32(self, name: &str, values: impl Iterator<Item = Option<i32>>) -> Self {
        let v: Vec<Option<i32>> = values.collect();
        self.push(Series::new(name.into(), v))
    }

    #[cfg(test)]
    pub fn opt_i64(self, name: &str, values: impl Iterator<Item = Option<i64>>) -> Self {
        let v: Vec<Option<i64>> = values.collect();
        self.push(Series::new(name.into(), v))
    }

    pub fn f64(self, name: &str, values: impl Iterator<Item = f64>) -> Self {
        let v: Vec<f64> = values.collect();
        self.push(Series::new(name.into(), v))
    }

    pub fn opt_f64(self, name: &str, values: impl Iterator<Item = Option<f64>>) -> Self {
        let v: Vec<Option<f64>> = values.collect();
        self.push(Series::new(name.into(), v))
    }

    pub fn bool(self, name: &str, values: impl Iterator<Item = bool>) -> Self {
        let v: Vec<bool> = values.collect();
        self.push(Series::new(name.into(), v))
    }

    pub fn date(self, name: &str, values: impl Iterator<Item = NaiveDate>) -> Self {
        self.opt_date(name, values.map(Some))
    }

    pub fn opt_date(self, name: &str, values: impl Iterator<Item = Option<NaiveDate>>) -> Self {
        let v: Vec<Option<i32>> = values.map(|d| d.map(epoch_days)).collect();
        self.push(Series::new(name.into(), v).into_date())
    }

    /// Every column has one value per row by construction; an error here is
    /// a bug in a reader, reported rather than panicking.
    pub fn build(self) -> Result<DataFrame, crate::diag::Msg> {
        DataFrame::new_infer_height(self.columns).map_err(|e| crate::diag::Msg::InternalFrame {
            detail: e.to_string(),
        })
    }

    /// Builds the frame of `sheet`, reporting a failure there. The sheet's
    /// cells are dropped first: only the typed records are still needed,
    /// and a large sheet's cells and its frame need not be held at once.
    pub fn finish(self, sheet: SheetData, diags: &mut Diagnostics) -> Option<DataFrame> {
        let at = sheet.location();
        drop(sheet);
        match self.build() {
            Ok(df) => Some(df),
            Err(e) => {
                diags.error(at, e);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_typed_columns() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let df = FrameBuilder::new()
            .str("id", ["a", "b"].iter())
            .opt_date("when", [Some(d), None].into_iter())
            .bool("flag", [true, false].into_iter())
            .build()
            .unwrap();
        assert_eq!(df.height(), 2);
        assert_eq!(
            df.column("when").unwrap().date().unwrap().physical().get(0),
            Some(20454)
        );
    }
}
