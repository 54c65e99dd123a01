//! The KPIs: one module per family, each a pure function from the rounds'
//! frames to indicator rows. No I/O and no formatting here; each rule is
//! written once with its seed reference.

pub(crate) mod amed;
pub(crate) mod entrants;
pub(crate) mod followup;
pub(crate) mod international;
pub(crate) mod research;
pub mod tables;
pub(crate) mod training;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use polars_core::prelude::DataFrame;

use crate::declared::Declared;
use crate::indicator::{self, Indicator, RoundFigures};
use crate::model::columns::check_defs;
use crate::model::measure::{aggregate_all, evaluate, Defs};
use crate::model::{RoundData, Sites};

/// One KPI: its keys in specification order, its definitions over the
/// frames, the rounds of its figures in table order, and its report partial.
/// Everything else (the computation, the known keys, the report's KPI
/// pages) follows from [`REGISTRY`].
pub struct Kpi {
    pub number: u8,
    pub keys: fn(&[RoundData]) -> Vec<String>,
    /// Its figures' definitions; None where another entry defines them
    /// (one `define` gives all six follow-up KPIs).
    pub define: Option<fn(&[RoundData], &mut Defs)>,
    pub rounds: fn(&[RoundData]) -> Vec<String>,
    /// The template partial that renders it: (name, source).
    pub template: (&'static str, &'static str),
}

/// The round labels of the data rounds, oldest first.
fn data_rounds(rounds: &[RoundData]) -> Vec<String> {
    rounds
        .iter()
        .map(|r| r.round.config.label.clone())
        .collect()
}

/// The keys of KPI `N` as the indicator registry lists them (SPEC order).
fn registered<const N: u8>(_: &[RoundData]) -> Vec<String> {
    crate::registry::Registry::builtin().keys_of(N)
}

/// Every KPI, in the plan's order.
pub const REGISTRY: &[Kpi] = &[
    Kpi {
        number: 1,
        keys: registered::<1>,
        define: Some(training::define),
        rounds: data_rounds,
        template: ("kpi1.html", include_str!("../../templates/kpi1.html")),
    },
    Kpi {
        number: 2,
        keys: registered::<2>,
        define: Some(entrants::define),
        rounds: data_rounds,
        template: ("kpi2.html", include_str!("../../templates/kpi2.html")),
    },
    Kpi {
        number: 3,
        keys: registered::<3>,
        define: Some(research::define),
        rounds: data_rounds,
        template: ("kpi3.html", include_str!("../../templates/kpi3.html")),
    },
    followup_kpi::<4>(),
    followup_kpi::<5>(),
    Kpi {
        number: 6,
        keys: registered::<6>,
        define: Some(amed::define),
        rounds: data_rounds,
        template: ("kpi6.html", include_str!("../../templates/kpi6.html")),
    },
    Kpi {
        number: 7,
        keys: registered::<7>,
        define: Some(international::define),
        rounds: data_rounds,
        template: ("kpi7.html", include_str!("../../templates/kpi7.html")),
    },
    followup_kpi::<8>(),
    followup_kpi::<9>(),
    followup_kpi::<10>(),
    followup_kpi::<11>(),
];

/// A KPI reported by the ministries (SPEC §5 follow-up): its keys come
/// from the follow-up sheets. All six are defined by one `define`, which
/// the registry runs once.
const fn followup_kpi<const N: i64>() -> Kpi {
    Kpi {
        number: N as u8,
        keys: followup::keys::<N>,
        define: if N == 4 { Some(followup::define) } else { None },
        rounds: followup::years::<N>,
        template: (
            "followup.html",
            include_str!("../../templates/followup.html"),
        ),
    }
}

/// Every figure's definition over `rounds` (oldest first, derived columns
/// added), the declared indicators' after the built-in ones.
pub fn definitions(rounds: &[RoundData], declared: &Declared) -> Defs {
    let mut defs = Defs::default();
    for define in REGISTRY.iter().filter_map(|k| k.define) {
        define(rounds, &mut defs);
    }
    crate::declared::define(rounds, declared, &mut defs);
    defs
}

/// Computing the KPIs failed: a bug, never the input (the frames are
/// validated first). `Display` is the detail for the developers (E0009).
#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    #[error("internal error while computing the KPIs: {0}")]
    Polars(#[from] polars_core::prelude::PolarsError),
    #[error("{0}")]
    Column(#[from] MissingColumn),
    #[error("internal error in a KPI definition: {0}")]
    Definition(#[from] crate::model::columns::DefinitionError),
}

/// Every KPI over `rounds` (oldest first, derived columns added), as the
/// ordered indicator table: each KPI's keys, then its declared ones.
pub fn compute_all(
    rounds: &[RoundData],
    declared: &Declared,
) -> Result<Vec<Indicator>, ComputeError> {
    // The follow-up keys are read from the sheets' columns; a column read
    // that is not there stops the run here (the registry's key lists
    // cannot say so themselves).
    followup::merged_series(rounds)?;
    let defs = definitions(rounds, declared);
    // A definition naming a column or value the schema does not have
    // would count nothing, silently: it stops the run instead.
    check_defs(&defs)?;
    let sums = aggregate_all(&defs, rounds)?;
    let figures = evaluate(&defs, &sums);
    let empty = RoundFigures::new();
    let in_order = |labels: Vec<String>| -> Vec<&RoundFigures> {
        labels
            .iter()
            .map(|label| figures.get(label).unwrap_or(&empty))
            .collect()
    };
    let mut table = Vec::new();
    for kpi in REGISTRY {
        let keys = (kpi.keys)(rounds);
        if !keys.is_empty() {
            table.extend(indicator::order(&keys, &in_order((kpi.rounds)(rounds))));
        }
        // Declared figures are the survey rounds', whatever the KPI.
        let declared_keys = declared.keys_of(kpi.number);
        if !declared_keys.is_empty() {
            table.extend(indicator::order(
                &declared_keys,
                &in_order(data_rounds(rounds)),
            ));
        }
    }
    Ok(table)
}

/// Every indicator key mdkpi can compute: the fixed keys of each KPI and
/// the follow-up keys found in `indicators`.
pub fn known_keys(indicators: &[Indicator]) -> BTreeSet<String> {
    REGISTRY
        .iter()
        .flat_map(|k| (k.keys)(&[]))
        .chain(indicators.iter().map(|i| i.key.clone()))
        .collect()
}

/// True for the keys of the ministries' follow-up series (KPIs 4, 5, 8–11),
/// which keep the precision they were reported in.
pub fn is_followup(key: &str) -> bool {
    crate::ingest::followup::FOLLOWUP_KPIS
        .iter()
        .any(|n| key.starts_with(&format!("kpi{n}.")))
}

/// B, the number of stations of a round: every distinct file stem in
/// `sites/`, whether or not it reported courses (SPEC §4.1).
pub(crate) fn station_count(sites: &Sites) -> Result<f64, MissingColumn> {
    let stems: BTreeSet<&str> = strings(&sites.stations, "stem")?
        .into_iter()
        .chain(strings(&sites.training, "stem")?)
        .chain(strings(&sites.joint_research, "stem")?)
        .collect();
    Ok(stems.len() as f64)
}

/// A frame column read by name that the frame does not have, or not with
/// the type read: the name is not the schema's (a misspelling), and the
/// run stops rather than reading it as empty.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("internal error: the frame has no {dtype} column `{column}`")]
pub struct MissingColumn {
    pub column: String,
    pub dtype: &'static str,
}

fn missing(name: &str, dtype: &'static str) -> MissingColumn {
    MissingColumn {
        column: name.to_string(),
        dtype,
    }
}

/// A string column's values (null as "").
pub(crate) fn strings<'a>(df: &'a DataFrame, name: &str) -> Result<Vec<&'a str>, MissingColumn> {
    let ca = df
        .column(name)
        .ok()
        .and_then(|c| c.str().ok())
        .ok_or_else(|| missing(name, "text"))?;
    Ok(ca.iter().map(|v| v.unwrap_or("")).collect())
}

/// A float column's values.
pub(crate) fn floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>, MissingColumn> {
    let ca = df
        .column(name)
        .ok()
        .and_then(|c| c.f64().ok())
        .ok_or_else(|| missing(name, "number"))?;
    Ok(ca.iter().collect())
}

/// A date column's values.
pub(crate) fn dates(df: &DataFrame, name: &str) -> Result<Vec<Option<NaiveDate>>, MissingColumn> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    let ca = df
        .column(name)
        .ok()
        .and_then(|c| c.date().ok())
        .ok_or_else(|| missing(name, "date"))?;
    Ok(ca
        .physical()
        .iter()
        .map(|d| d.and_then(|d| epoch.checked_add_signed(chrono::TimeDelta::days(d as i64))))
        .collect())
}

/// An integer column's values (Int64, or Int32 where a frame keeps small
/// codes compact).
pub(crate) fn ints(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>, MissingColumn> {
    let column = df.column(name).map_err(|_| missing(name, "whole-number"))?;
    if let Ok(ca) = column.i64() {
        return Ok(ca.iter().collect());
    }
    let ca = column.i32().map_err(|_| missing(name, "whole-number"))?;
    Ok(ca.iter().map(|v| v.map(i64::from)).collect())
}

/// Small hand-made rounds for the KPI modules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use chrono::NaiveDate;

    use crate::ingest::frame::FrameBuilder;
    use crate::model::{RoundData, Sites};
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
                    accept: Vec::new(),
                },
                dir: PathBuf::from(label),
                shown: format!("data/{label}"),
                toml: crate::input::InputFile::new(PathBuf::from(label).join("round.toml"), b""),
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
            sources: Default::default(),
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

    /// The ordered indicator table of hand-made rounds (derived columns
    /// added first, as loading does).
    pub fn table(mut rounds: Vec<RoundData>) -> Vec<crate::indicator::Indicator> {
        for r in &mut rounds {
            crate::model::derive::derive(r).unwrap();
        }
        crate::kpi::compute_all(&rounds, &crate::declared::Declared::default()).unwrap()
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

#[cfg(test)]
mod registry_tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// A column read by a name the frame does not have, or as another
    /// type, is an error naming it, never an empty column.
    #[test]
    fn a_column_read_that_is_not_there_is_an_error() {
        let sites = testing::sites(&["a"], &[("a", 1, 3)], &[]);
        assert_eq!(
            strings(&sites.stations, "nmae"),
            Err(MissingColumn {
                column: "nmae".into(),
                dtype: "text"
            })
        );
        assert_eq!(ints(&sites.training, "participants"), Ok(vec![Some(3)]));
        assert_eq!(
            floats(&sites.training, "participants").map_err(|e| e.to_string()),
            Err("internal error: the frame has no number column `participants`".to_string())
        );
        assert!(dates(&sites.training, "theme").is_err());
        assert_eq!(station_count(&sites), Ok(1.0));
    }

    /// Each KPI emits exactly the keys it lists, on a round holding every
    /// dataset (the fixtures' R7): a key computed but not listed would be
    /// missing from the table, one listed but never computed would print
    /// "-" forever.
    #[test]
    fn every_kpi_emits_exactly_its_listed_keys() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        // R7 and every earlier round: every definition of the fixtures.
        let (rounds, _, _) = crate::compute::load(&data, "data", Some("R7"))
            .unwrap_or_else(|o| panic!("{}", o.stderr));
        let defs = definitions(&rounds, &Declared::default());
        for kpi in REGISTRY
            .iter()
            .filter(|k| k.number != 4 && k.define.is_some())
        {
            let prefix = format!("kpi{}.", kpi.number);
            let emitted: BTreeSet<String> = defs
                .defs
                .iter()
                .filter(|d| d.round == "R7" && d.key.starts_with(&prefix))
                .map(|d| d.key.clone())
                .collect();
            let listed: BTreeSet<String> = (kpi.keys)(&rounds).into_iter().collect();
            assert_eq!(
                emitted.difference(&listed).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "KPI {} emits keys it does not list",
                kpi.number
            );
            assert_eq!(
                listed.difference(&emitted).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "KPI {} lists keys it never emits",
                kpi.number
            );
        }
        // Every definition names columns and values of the schema.
        assert_eq!(check_defs(&defs), Ok(()));
        // Every key of the table belongs to the KPI it is listed under, and
        // resolves in the indicator registry (follow-up keys to their KPI's
        // family) with the unit it is computed in.
        let table = compute_all(&rounds, &Declared::default()).unwrap();
        let known = known_keys(&table);
        let registry = crate::registry::Registry::builtin();
        for i in &table {
            assert!(known.contains(&i.key), "{}", i.key);
            let entry = registry
                .get(&i.key)
                .unwrap_or_else(|| panic!("{} is not in the registry", i.key));
            assert_eq!(
                u32::from(entry.kpi),
                i.key[3..]
                    .split('.')
                    .next()
                    .unwrap()
                    .parse::<u32>()
                    .unwrap()
            );
            if !is_followup(&i.key) {
                assert_eq!(entry.unit, i.unit, "{}", i.key);
            }
        }
        // Every built-in key is in the table.
        let emitted: BTreeSet<&str> = table.iter().map(|i| i.key.as_str()).collect();
        for kpi in registry.kpis() {
            for key in registry.keys_of(kpi) {
                assert!(emitted.contains(key.as_str()), "{key} is never computed");
            }
        }
    }
}
