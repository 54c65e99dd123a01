//! `--format parquet`: one file per table, typed (text as UTF-8 strings,
//! whole numbers as INT64, numbers as DOUBLE, yes/no as BOOLEAN, dates as
//! DATE), every column nullable, uncompressed, one row group. Column names
//! are the machine names (`round`, `source`, the model's frame columns),
//! not the Japanese headers: see `docs/export.md`.

use std::sync::Arc;

use parquet::basic::{LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use super::{FileError, Table, Values};

/// The bytes of `<table>.parquet`.
pub(crate) fn file(table: &Table) -> Result<Vec<u8>, FileError> {
    let columns = table
        .frame
        .columns()
        .iter()
        .map(|c| {
            Ok((
                c.name().to_string(),
                Values::of(c.as_materialized_series())?,
            ))
        })
        .collect::<Result<Vec<(String, Values)>, polars_core::prelude::PolarsError>>()?;
    let mut fields = Vec::new();
    for (name, values) in &columns {
        let (physical, logical) = match values {
            Values::Text(_) => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            Values::Int(_) => (Physical::INT64, None),
            Values::Float(_) => (Physical::DOUBLE, None),
            Values::Bool(_) => (Physical::BOOLEAN, None),
            Values::Date(_) => (Physical::INT32, Some(LogicalType::Date)),
        };
        fields.push(Arc::new(
            Type::primitive_type_builder(name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()?,
        ));
    }
    let schema = Arc::new(
        Type::group_type_builder("schema")
            .with_fields(fields)
            .build()?,
    );
    let properties = Arc::new(WriterProperties::builder().build());
    let mut writer = SerializedFileWriter::new(Vec::new(), schema, properties)?;
    let mut group = writer.next_row_group()?;
    for (_, values) in &columns {
        let Some(mut column) = group.next_column()? else {
            return Err(ParquetError::General("fewer columns than the schema".into()).into());
        };
        match values {
            Values::Text(ca) => {
                let (v, d) = present(ca.iter().map(|s| s.map(ByteArray::from)));
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&v, Some(&d), None)?;
            }
            Values::Int(ca) => {
                let (v, d) = present(ca.iter());
                column
                    .typed::<Int64Type>()
                    .write_batch(&v, Some(&d), None)?;
            }
            Values::Float(ca) => {
                let (v, d) = present(ca.iter());
                column
                    .typed::<DoubleType>()
                    .write_batch(&v, Some(&d), None)?;
            }
            Values::Bool(ca) => {
                let (v, d) = present(ca.iter());
                column.typed::<BoolType>().write_batch(&v, Some(&d), None)?;
            }
            Values::Date(ca) => {
                let (v, d) = present(ca.iter());
                column
                    .typed::<Int32Type>()
                    .write_batch(&v, Some(&d), None)?;
            }
        }
        column.close()?;
    }
    group.close()?;
    Ok(writer.into_inner()?)
}

/// The non-null values and the definition level of every row (1 present,
/// 0 null).
fn present<T>(values: impl Iterator<Item = Option<T>>) -> (Vec<T>, Vec<i16>) {
    let mut out = Vec::new();
    let mut levels = Vec::new();
    for v in values {
        match v {
            Some(v) => {
                out.push(v);
                levels.push(1);
            }
            None => levels.push(0),
        }
    }
    (out, levels)
}
