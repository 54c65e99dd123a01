//! The KPIs: one module per family, each a pure function from the rounds'
//! frames to indicator rows. No I/O and no formatting here; each rule is
//! written once with its seed reference.

pub mod amed;
pub mod entrants;
pub mod followup;
pub mod international;
pub mod research;
pub mod training;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use polars_core::prelude::DataFrame;

use crate::indicator::{self, Indicator, RoundFigures};
use crate::ingest::{RoundData, Sites};

/// One KPI's figures over the rounds: its keys in specification order and
/// each round's figures.
pub struct Section {
    pub kpi: u8,
    pub keys: Vec<String>,
    pub rounds: Vec<(String, RoundFigures)>,
}

impl Section {
    /// A KPI computed round by round with `compute_round`.
    pub fn per_round(
        kpi: u8,
        keys: Vec<String>,
        rounds: &[RoundData],
        compute_round: fn(&RoundData) -> RoundFigures,
    ) -> Self {
        Section {
            kpi,
            keys,
            rounds: rounds
                .iter()
                .map(|r| (r.round.config.label.clone(), compute_round(r)))
                .collect(),
        }
    }
}

/// Every KPI over `rounds` (oldest first), as the ordered indicator table.
pub fn compute_all(rounds: &[RoundData]) -> Vec<Indicator> {
    let mut sections = vec![
        training::compute(rounds),
        entrants::compute(rounds),
        research::compute(rounds),
        amed::compute(rounds),
        international::compute(rounds),
    ];
    sections.extend(followup::compute(rounds));
    // Stable: a KPI's own order stays as its module wrote it.
    sections.sort_by_key(|s| s.kpi);
    sections
        .iter()
        .flat_map(|s| indicator::order(&s.keys, &s.rounds))
        .collect()
}

/// Every indicator key mdkpi can compute: the fixed keys of each KPI and
/// the follow-up keys found in `indicators`.
pub fn known_keys(indicators: &[Indicator]) -> BTreeSet<String> {
    training::keys()
        .into_iter()
        .chain(entrants::keys())
        .chain(research::keys())
        .chain(amed::keys())
        .chain(international::keys())
        .chain(indicators.iter().map(|i| i.key.clone()))
        .collect()
}

/// Warns about `published.toml` keys that name no indicator (SPEC §4.7).
pub fn check_published(
    rounds: &[RoundData],
    indicators: &[Indicator],
    diags: &mut crate::diag::Diagnostics,
) {
    let known = known_keys(indicators);
    for r in rounds {
        let Some(published) = &r.published else {
            continue;
        };
        for key in published.keys() {
            if !known.contains(key) {
                diags.warning(
                    crate::diag::Location::file(format!("{}/published.toml", r.round.shown)),
                    format!("unknown indicator key \"{key}\" ignored"),
                );
            }
        }
    }
}

/// B, the number of stations of a round: every distinct file stem in
/// `sites/`, whether or not it reported courses (SPEC §4.1).
pub(crate) fn station_count(sites: &Sites) -> f64 {
    let stems: BTreeSet<&str> = strings(&sites.stations, "stem")
        .into_iter()
        .chain(strings(&sites.training, "stem"))
        .chain(strings(&sites.joint_research, "stem"))
        .collect();
    stems.len() as f64
}

/// A string column's values (null as "").
pub(crate) fn strings<'a>(df: &'a DataFrame, name: &str) -> Vec<&'a str> {
    df.column(name)
        .ok()
        .and_then(|c| c.str().ok())
        .map(|ca| ca.iter().map(|v| v.unwrap_or("")).collect())
        .unwrap_or_default()
}

/// A float column's values.
pub(crate) fn floats(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
    df.column(name)
        .ok()
        .and_then(|c| c.f64().ok())
        .map(|ca| ca.iter().collect())
        .unwrap_or_default()
}

/// A boolean column's values (null as false).
pub(crate) fn bools(df: &DataFrame, name: &str) -> Vec<bool> {
    df.column(name)
        .ok()
        .and_then(|c| c.bool().ok())
        .map(|ca| ca.iter().map(|v| v.unwrap_or(false)).collect())
        .unwrap_or_default()
}

/// A date column's values.
pub(crate) fn dates(df: &DataFrame, name: &str) -> Vec<Option<NaiveDate>> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    df.column(name)
        .ok()
        .and_then(|c| c.date().ok())
        .map(|ca| {
            ca.physical()
                .iter()
                .map(|d| {
                    d.and_then(|d| epoch.checked_add_signed(chrono::TimeDelta::days(d as i64)))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The mean of the per-round values of `key` over the last four rounds up
/// to and including `upto` that have it (SPEC §3 "4カ年平均": a simple mean
/// of rates, not a pooled ratio). Returns (sum, rounds used).
pub(crate) fn mean_of_last_four(
    rounds: &[(String, RoundFigures)],
    upto: usize,
    key: &str,
) -> Option<(f64, usize)> {
    let values: Vec<f64> = rounds[..=upto]
        .iter()
        .rev()
        .filter_map(|(_, f)| f.value(key))
        .take(4)
        .collect();
    (!values.is_empty()).then(|| (values.iter().sum(), values.len()))
}

/// An integer column's values (Int64, or Int32 where a frame keeps small
/// codes compact).
pub(crate) fn ints(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
    let Ok(column) = df.column(name) else {
        return Vec::new();
    };
    if let Ok(ca) = column.i64() {
        return ca.iter().collect();
    }
    column
        .i32()
        .map(|ca| ca.iter().map(|v| v.map(i64::from)).collect())
        .unwrap_or_default()
}

/// Small hand-made rounds for the KPI modules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use chrono::NaiveDate;

    use crate::ingest::frame::FrameBuilder;
    use crate::ingest::{RoundData, Sites};
    use crate::round::{ReportMeta, Round, RoundConfig};

    pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A round `label` of fiscal year `fy` with a one-year period, or two
    /// years when `two_years`.
    pub fn round(label: &str, fy: i32, two_years: bool) -> RoundData {
        let start = date(fy - 1, 4, 1);
        let end = if two_years {
            date(fy + 1, 3, 6)
        } else {
            date(fy, 3, 31)
        };
        RoundData {
            round: Round {
                config: RoundConfig {
                    label: label.into(),
                    fiscal_year: fy,
                    period_start: start,
                    period_end: end,
                    reference_date: date(fy + 1, 1, 1),
                    correction: None,
                    stations: None,
                    report: ReportMeta::default(),
                },
                dir: PathBuf::from(label),
                shown: format!("data/{label}"),
            },
            sites: None,
            satisfaction: None,
            companies: None,
            amed: None,
            followup: None,
            commentary: None,
            published: None,
            reference: None,
            files: Vec::new(),
            present: Vec::new(),
        }
    }

    /// Stations by stem; courses (stem, theme, participants); joint
    /// research (stem, item key, count).
    pub fn sites(
        stems: &[&str],
        courses: &[(&str, i64, i64)],
        joint: &[(&str, &str, i64)],
    ) -> Sites {
        Sites {
            stations: FrameBuilder::new()
                .str("stem", stems.iter())
                .str("name", stems.iter())
                .opt_str("program", stems.iter().map(|_| None))
                .opt_str("field", stems.iter().map(|_| None))
                .opt_str("ministry", stems.iter().map(|_| None))
                .build()
                .unwrap(),
            training: FrameBuilder::new()
                .str("stem", courses.iter().map(|c| c.0))
                .i64("theme", courses.iter().map(|c| c.1))
                .str("course", courses.iter().map(|c| format!("{}-{}", c.0, c.1)))
                .i64("participants", courses.iter().map(|c| c.2))
                .opt_str("note", courses.iter().map(|_| None))
                .i64("row", courses.iter().map(|_| 2))
                .build()
                .unwrap(),
            joint_research: FrameBuilder::new()
                .str("stem", joint.iter().map(|j| j.0))
                .str("item", joint.iter().map(|j| j.1))
                .i64("count", joint.iter().map(|j| j.2))
                .build()
                .unwrap(),
        }
    }

    /// The value of `key` in `round` from the ordered table.
    pub fn value(table: &[crate::indicator::Indicator], key: &str, round: &str) -> Option<f64> {
        table
            .iter()
            .find(|i| i.key == key && i.round == round)
            .and_then(|i| i.value)
    }

    pub fn has(table: &[crate::indicator::Indicator], key: &str, round: &str) -> bool {
        table.iter().any(|i| i.key == key && i.round == round)
    }
}
