//! mdkpi: measures and reports the KPIs of Japan's Medical Device Basic
//! Plan (医療機器基本計画). Data flows one way: spreadsheets → `ingest` →
//! typed frames → KPIs → report. See `docs/` for the input contract.

pub mod checks;
pub mod cli;
pub(crate) mod commentary;
pub mod compute;
pub mod dataset;
pub mod declared;
pub mod diag;
pub mod explain;
pub mod export;
pub(crate) mod fiscal;
pub(crate) mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod heap;
pub mod indicator;
pub mod ingest;
pub mod init;
pub mod input;
pub mod kpi;
pub(crate) mod lines;
pub mod model;
pub mod output;
pub(crate) mod plan;
pub(crate) mod quote;
pub(crate) mod reference;
pub mod registry;
pub mod report;
pub(crate) mod round;
pub mod schema;
pub mod texts;
pub mod validate;

mod numfmt;
