//! `mdkpi export`: every validated dataset of the chosen round and of all
//! earlier rounds as tidy tables, plus the indicator table (SPEC §13).
//!
//! One table per record frame ([`FrameId`]): the rounds' frames stacked,
//! each record with its `round` and its `source` (`path:sheet:row`), then
//! the SPEC §4 columns in the schema's order, then the derived columns the
//! KPIs use ([`crate::model::derive::DERIVED`]). Coded cells are written as
//! the analyst reads them (survey answers as their text, 現在ステージ 5 as
//! 上市, 資本 as 内資/外資). The tables are polars frames; `xlsx`, `csv`
//! and `parquet` only render them. See `docs/export.md`.

mod csv;
mod parquet;
mod xlsx;

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use polars_core::prelude::{
    BooleanChunked, DataFrame, DataType, Float64Chunked, Int32Chunked, Int64Chunked, IntoColumn,
    NamedFrom, PolarsResult, Series, StringChunked,
};

use crate::diag::ui::{Names, TableRows, Ui};
use crate::diag::Outcome;
use crate::indicator::Indicator;
use crate::model::coded::shown_column;
use crate::model::derive::DERIVED;
use crate::model::RoundData;
use crate::model::{header, FrameId, STEM};
use crate::schema::Dtype;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One workbook, `mdkpi-export.xlsx`, one sheet per table.
    Xlsx,
    /// One UTF-8-with-BOM file per table, `<table>.csv`.
    Csv,
    /// One file per table, `<table>.parquet`.
    Parquet,
}

/// The workbook `--format xlsx` writes.
pub(crate) const WORKBOOK: &str = "mdkpi-export.xlsx";
/// The name of the indicator table.
pub(crate) const INDICATORS: &str = "indicators";
/// The two columns every record table starts with.
pub(crate) const ROUND: &str = "round";
pub(crate) const SOURCE: &str = "source";

/// One table to write: a frame with machine names (parquet's column
/// names) and the headers people read (xlsx and CSV).
pub(crate) struct Table {
    pub(crate) name: &'static str,
    pub(crate) frame: DataFrame,
    pub(crate) headers: Vec<String>,
}

pub fn run(data: &Path, shown: &str, wanted: Option<&str>, out: &Path, format: Format) -> Outcome {
    if crate::output::folder::overlap(out, data).is_some() {
        return Outcome::usage(crate::diag::Msg::OutOverlapsData {
            command: "export",
            out: out.display().to_string(),
            folder: shown.to_string(),
        });
    }
    let (rounds, folder, diags) = match crate::compute::load(data, shown, wanted) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    // --strict (SPEC §17): a warning not accepted stops the export.
    if let Err(e) = crate::checks::strict::strict_error(&diags) {
        return crate::checks::strict::stopped(&diags, &e);
    }
    let indicators = match crate::kpi::compute_all(&rounds, &folder.declared) {
        Ok(i) => i,
        Err(e) => {
            return Outcome::data_error(crate::diag::Msg::Internal {
                detail: e.to_string(),
            })
        }
    };
    let Some(current) = rounds.last() else {
        return Outcome::data_error(crate::diag::Msg::NoRoundTo { command: "export" });
    };
    let tables = match tables(&rounds, &indicators) {
        Ok(t) => t,
        Err(e) => {
            return Outcome::data_error(crate::diag::Msg::ExportTables {
                detail: e.to_string(),
            })
        }
    };
    let registry = match crate::compute::registry(&folder.declared) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    let overview = Overview::of(&indicators, &registry);
    let config = &current.round.config;
    let files = match render(
        &tables,
        &overview,
        format,
        &config.label,
        config.fiscal_year,
    ) {
        Ok(f) => f,
        Err(e) => {
            return Outcome::data_error(crate::diag::Msg::Internal {
                detail: e.to_string(),
            })
        }
    };
    let listed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    if let Err(e) =
        crate::output::folder::write_folder(&listed, out, crate::output::Set::Export, |_| Ok(()))
    {
        return Outcome::data_error(crate::diag::Msg::WriteFailed { detail: e.into() });
    }
    let mut stderr = String::new();
    for w in diags.warning_strings() {
        let _ = writeln!(stderr, "{w}");
    }
    let wrote = Ui::ExportWrote {
        out: out.display().to_string(),
        files: Names(files.iter().map(|(n, _)| n.clone()).collect()),
        rounds: Names(
            rounds
                .iter()
                .map(|r| r.round.config.label.clone())
                .collect(),
        ),
        rows: TableRows(
            tables
                .iter()
                .map(|t| (t.name.to_string(), t.frame.height()))
                .collect(),
        ),
    };
    Outcome {
        stdout: format!("{}\n", wrote.text(crate::diag::lang::current())),
        stderr,
        code: 0,
    }
}

/// An export file could not be made in memory: a bug, never the input
/// (the frames are validated first). `Display` is the detail for the
/// developers (E0009, in English).
#[derive(Debug, thiserror::Error)]
#[error("cannot write {file}: {error}")]
pub struct RenderError {
    pub file: String,
    #[source]
    pub error: FileError,
}

/// What the writer of one format refused.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(transparent)]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error(transparent)]
    Csv(#[from] ::csv::Error),
    #[error(transparent)]
    Parquet(#[from] ::parquet::errors::ParquetError),
    /// A column of the frame could not be read as its type.
    #[error(transparent)]
    Polars(#[from] polars_core::prelude::PolarsError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The files of `format`: (file name, bytes), in table order.
pub(crate) fn render(
    tables: &[Table],
    overview: &Overview,
    format: Format,
    label: &str,
    fiscal_year: i32,
) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
    let named = |file: String, bytes: Result<Vec<u8>, FileError>| match bytes {
        Ok(bytes) => Ok((file, bytes)),
        Err(error) => Err(RenderError { file, error }),
    };
    match format {
        Format::Xlsx => Ok(vec![named(
            WORKBOOK.to_string(),
            xlsx::workbook(tables, overview, label, fiscal_year),
        )?]),
        Format::Csv => tables
            .iter()
            .map(|t| named(format!("{}.csv", t.name), csv::file(t)))
            .collect(),
        Format::Parquet => tables
            .iter()
            .map(|t| named(format!("{}.parquet", t.name), parquet::file(t)))
            .collect(),
    }
}

/// Every table: the record frames in [`FrameId::ALL`] order, then the
/// indicator table.
pub(crate) fn tables(rounds: &[RoundData], indicators: &[Indicator]) -> PolarsResult<Vec<Table>> {
    let mut out = Vec::new();
    for frame in FrameId::ALL {
        out.push(records(rounds, frame)?);
    }
    out.push(indicator_table(indicators)?);
    Ok(out)
}

/// A column of a record table: its name in the model, its name in the
/// export, its header, and its dtype in the model.
struct Spec {
    column: &'static str,
    name: &'static str,
    header: String,
    dtype: Dtype,
}

/// A field whose model name would clash with [`ROUND`] or [`SOURCE`] is
/// renamed in the export: follow-up's 出典 (`source`).
const RENAMED: [(FrameId, &str, &str); 1] = [(FrameId::Followup, "source", "source_document")];

fn specs(frame: FrameId) -> Vec<Spec> {
    let mut out = Vec::new();
    if matches!(
        frame,
        FrameId::Stations | FrameId::Training | FrameId::JointResearch
    ) {
        out.push(Spec {
            column: STEM,
            name: STEM,
            header: header(frame, STEM),
            dtype: Dtype::Str,
        });
    }
    for f in frame.sheet().fields.iter().filter(|f| !f.column.is_empty()) {
        let name = RENAMED
            .iter()
            .find(|(fr, c, _)| *fr == frame && *c == f.column)
            .map_or(f.column, |(_, _, n)| *n);
        out.push(Spec {
            column: f.column,
            name,
            header: f.header.to_string(),
            dtype: f.dtype,
        });
    }
    for d in DERIVED.iter().filter(|d| d.frame == frame) {
        out.push(Spec {
            column: d.column,
            name: d.column,
            header: d.header.to_string(),
            dtype: d.dtype,
        });
    }
    out
}

fn polars_dtype(dtype: Dtype) -> DataType {
    match dtype {
        Dtype::Str => DataType::String,
        Dtype::I32 => DataType::Int32,
        Dtype::I64 => DataType::Int64,
        Dtype::F64 => DataType::Float64,
        Dtype::Bool => DataType::Boolean,
        Dtype::Date => DataType::Date,
    }
}

/// One record table: every round's frame, oldest round first, in the
/// frame's row order.
fn records(rounds: &[RoundData], frame: FrameId) -> PolarsResult<Table> {
    let specs = specs(frame);
    let mut stacked: Option<DataFrame> = None;
    for round in rounds {
        let Some(df) = frame.records(round)? else {
            continue;
        };
        let part = round_part(round, frame, &df, &specs)?;
        match &mut stacked {
            None => stacked = Some(part),
            Some(acc) => {
                acc.vstack_mut(&part)?;
            }
        }
    }
    let mut df = match stacked {
        Some(df) => df,
        None => empty(frame, &specs)?,
    };
    df.rechunk_mut();
    let mut headers = vec![ROUND.to_string(), SOURCE.to_string()];
    headers.extend(specs.iter().map(|s| s.header.clone()));
    Ok(Table {
        name: frame.frame_name(),
        frame: df,
        headers,
    })
}

fn round_part(
    round: &RoundData,
    frame: FrameId,
    df: &DataFrame,
    specs: &[Spec],
) -> PolarsResult<DataFrame> {
    let n = df.height();
    let label = round.round.config.label.as_str();
    let mut columns = vec![
        Series::new(ROUND.into(), vec![label; n]).into_column(),
        Series::new(
            SOURCE.into(),
            (0..n)
                .map(|i| frame.source(Some(round), df, i))
                .collect::<Vec<_>>(),
        )
        .into_column(),
    ];
    for spec in specs {
        let dtype = polars_dtype(spec.dtype);
        let model = match df.column(spec.column) {
            Ok(c) => c.as_materialized_series().cast(&dtype)?,
            // An optional column absent from this round's sheet.
            Err(_) => Series::full_null(spec.column.into(), n, &dtype),
        };
        columns.push(
            shown_column(frame, spec.column, &model)?
                .with_name(spec.name.into())
                .into_column(),
        );
    }
    DataFrame::new(n, columns)
}

/// A table no round has records for: its columns, no rows.
fn empty(frame: FrameId, specs: &[Spec]) -> PolarsResult<DataFrame> {
    let mut columns = vec![
        Series::new_empty(ROUND.into(), &DataType::String).into_column(),
        Series::new_empty(SOURCE.into(), &DataType::String).into_column(),
    ];
    for spec in specs {
        let model = Series::new_empty(spec.column.into(), &polars_dtype(spec.dtype));
        columns.push(
            shown_column(frame, spec.column, &model)?
                .with_name(spec.name.into())
                .into_column(),
        );
    }
    DataFrame::new(0, columns)
}

/// The indicator table with the columns of `compute --format csv`.
fn indicator_table(indicators: &[Indicator]) -> PolarsResult<Table> {
    let strings = |f: fn(&Indicator) -> &str| -> Vec<&str> { indicators.iter().map(f).collect() };
    let numbers = |f: fn(&Indicator) -> Option<f64>| -> Vec<Option<f64>> {
        indicators.iter().map(f).collect()
    };
    let columns = vec![
        Series::new("key".into(), strings(|i| &i.key)).into_column(),
        Series::new("round".into(), strings(|i| &i.round)).into_column(),
        Series::new("value".into(), numbers(|i| i.value)).into_column(),
        Series::new("numerator".into(), numbers(|i| i.numerator)).into_column(),
        Series::new("denominator".into(), numbers(|i| i.denominator)).into_column(),
        Series::new("unit".into(), strings(|i| &i.unit)).into_column(),
    ];
    let frame = DataFrame::new(indicators.len(), columns)?;
    let headers = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    Ok(Table {
        name: INDICATORS,
        frame,
        headers,
    })
}

/// The sheet 指標一覧 of the workbook (SPEC §19): one row per indicator
/// with its Japanese name and unit, one column per round.
pub(crate) struct Overview {
    /// The rounds of the figures, oldest first (a follow-up series may
    /// reach back before the survey's first round).
    pub(crate) rounds: Vec<String>,
    pub(crate) rows: Vec<OverviewRow>,
}

pub(crate) struct OverviewRow {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) unit: String,
    /// A rate (a fraction, shown as a percentage).
    pub(crate) rate: bool,
    /// The value of each round of [`Overview::rounds`].
    pub(crate) values: Vec<Option<f64>>,
}

/// The sheet's name.
pub(crate) const OVERVIEW: &str = "指標一覧";
/// The unit a rate is shown in.
pub(crate) const PERCENT_UNIT: &str = "%";

impl Overview {
    /// The indicator table as one row per key, in the table's order
    /// (KPI, then the specification's), named by `registry`.
    pub(crate) fn of(indicators: &[Indicator], registry: &crate::registry::Registry) -> Overview {
        let mut rounds: Vec<String> = Vec::new();
        for i in indicators {
            if !rounds.contains(&i.round) {
                rounds.push(i.round.clone());
            }
        }
        // By fiscal year; a label that is none (never, from compute) last.
        rounds.sort_by_key(|r| crate::fiscal::parse_fiscal_year(r).unwrap_or(i32::MAX));
        let mut rows: Vec<OverviewRow> = Vec::new();
        let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for i in indicators {
            let row = *at.entry(i.key.as_str()).or_insert_with(|| {
                let rate = i.unit == crate::indicator::UNIT_RATIO;
                rows.push(OverviewRow {
                    key: i.key.clone(),
                    name: registry.label(&i.key),
                    unit: if rate {
                        PERCENT_UNIT.to_string()
                    } else {
                        i.unit.clone()
                    },
                    rate,
                    values: vec![None; rounds.len()],
                });
                rows.len() - 1
            });
            if let Some(col) = rounds.iter().position(|r| *r == i.round) {
                rows[row].values[col] = i.value.filter(|v| v.is_finite());
            }
        }
        Overview { rounds, rows }
    }
}

/// A column's values, typed, for the writers.
pub(crate) enum Values {
    Text(StringChunked),
    Int(Int64Chunked),
    Float(Float64Chunked),
    Bool(BooleanChunked),
    /// Days since 1970-01-01.
    Date(Int32Chunked),
}

impl Values {
    pub(crate) fn of(s: &Series) -> PolarsResult<Values> {
        Ok(match s.dtype() {
            DataType::String => Values::Text(s.str()?.clone()),
            DataType::Boolean => Values::Bool(s.bool()?.clone()),
            DataType::Float32 | DataType::Float64 => {
                Values::Float(s.cast(&DataType::Float64)?.f64()?.clone())
            }
            DataType::Date => Values::Date(s.cast(&DataType::Int32)?.i32()?.clone()),
            DataType::Null => Values::Text(s.cast(&DataType::String)?.str()?.clone()),
            _ => Values::Int(s.cast(&DataType::Int64)?.i64()?.clone()),
        })
    }
}

/// A date from days since 1970-01-01.
pub(crate) fn date(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::TimeDelta::days(days.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_names_are_unique_in_every_table() {
        for frame in FrameId::ALL {
            let mut seen = std::collections::BTreeSet::from([ROUND, SOURCE]);
            for s in specs(frame) {
                assert!(seen.insert(s.name), "{frame:?}: {}", s.name);
            }
        }
    }

    /// `DERIVED` lists every column the model adds, with its dtype: a
    /// derived column added to `derive` without it would be left out.
    #[test]
    fn every_column_of_the_model_is_exported() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let (rounds, _, _) = crate::compute::load(&data, "data", Some("R7"))
            .unwrap_or_else(|o| panic!("{}", o.stderr));
        for frame in FrameId::ALL {
            let specs = specs(frame);
            for df in rounds.iter().filter_map(|r| frame.records(r).unwrap()) {
                for column in df.columns() {
                    let name = column.name().as_str();
                    if [crate::schema::SOURCE_FILE, crate::schema::SOURCE_ROW].contains(&name) {
                        continue;
                    }
                    let spec = specs.iter().find(|s| s.column == name);
                    let spec = spec.unwrap_or_else(|| panic!("{frame:?}: {name} not exported"));
                    assert_eq!(
                        column.dtype(),
                        &polars_dtype(spec.dtype),
                        "{frame:?}: {name}"
                    );
                }
            }
        }
    }
}
