//! The descriptive tables the KPI modules hand to the report beside the
//! indicator table: who the stations are, which courses each theme held,
//! the AMED programmes, the follow-up series and narrative, the rounds'
//! data-quality counts, the survey's vocabulary, and the input files with
//! their hashes. Built once from the frames in [`crate::compute::compute`];
//! the report reads these and the indicator table, never a frame.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::dataset::Dataset;
use crate::indicator::Indicator;
use crate::ingest::followup::FOLLOWUP_KPIS;
use crate::ingest::satisfaction::{CATEGORIES, QUESTIONS};
use crate::kpi::{
    dates, entrants, followup, ints, known_keys, station_count, strings, training, MissingColumn,
};
use crate::model::{RoundData, Sites};
use crate::round::RoundConfig;

pub use crate::kpi::training::StationTraining;
pub use crate::model::Commentary;

/// Everything the report shows besides the indicator table.
#[derive(Debug, Clone)]
pub struct Tables {
    /// One per round computed, oldest first (the last is the report's).
    pub rounds: Vec<RoundTables>,
    /// The satisfaction survey's question and category names.
    pub survey: Survey,
    /// The KPIs the ministries report (4, 5, 8–11).
    pub followup_kpis: Vec<u32>,
    /// KPI 2's classification thresholds, as the method text states them.
    pub entrant_rules: EntrantRules,
    /// Every input file read, `plan.toml` first, then each round's.
    pub provenance: Vec<Provenance>,
    /// Every indicator key mdkpi can compute ([`crate::kpi::known_keys`]):
    /// a template that asks for another is wrong.
    pub known_keys: BTreeSet<String>,
}

/// One round's tables.
#[derive(Debug, Clone)]
pub struct RoundTables {
    /// round.toml: label, fiscal year, period, reference date, correction,
    /// station order and the `[report]` cover.
    pub config: RoundConfig,
    /// The datasets the round holds.
    pub held: Held,
    /// The number of stations (B), where the round has station returns.
    pub stations: Option<usize>,
    /// The datasets held with their main row count, in the notes' order.
    pub datasets: Vec<DatasetCount>,
    pub station_groups: Vec<StationGroup>,
    pub program_totals: Vec<ProgramTotal>,
    pub courses: Vec<ThemeCourses>,
    /// AMED topics by programme, most topics first.
    pub programs: Vec<Program>,
    /// Each station's corrected participants, where the round has stations.
    pub station_training: Option<Vec<StationTraining>>,
    /// The follow-up pages, where the round has a follow-up sheet.
    pub followup: Option<Followup>,
    /// commentary.md by section, with its line numbers.
    pub commentary: Option<Commentary>,
    /// reference.toml: the external series cited on [参考] pages.
    pub reference: Option<Vec<crate::reference::Series>>,
    /// published.toml: indicator key → figure as printed.
    pub published: Option<crate::model::Published>,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Held {
    pub sites: bool,
    pub satisfaction: bool,
    pub companies: bool,
    pub amed: bool,
    pub followup: bool,
}

/// A dataset of a round by name (`sites`, `satisfaction`, …) and its rows
/// (stations, responses, topics, rows, sections, figures).
#[derive(Debug, Clone, Serialize)]
pub struct DatasetCount {
    pub name: Dataset,
    pub rows: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StationGroup {
    pub program: String,
    pub field: String,
    pub ministry: String,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgramTotal {
    pub program: String,
    pub ministry: String,
    pub stations: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeCourses {
    pub theme: i64,
    /// `講座名(拠点名)`.
    pub courses: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Program {
    pub name: String,
    pub topics: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Survey {
    /// 研修区分 1–4 by name.
    pub categories: Vec<String>,
    pub questions: Vec<SurveyQuestion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SurveyQuestion {
    /// The key part of its indicators (`knowledge`).
    pub key: String,
    /// The question as the questionnaire asks it.
    pub title: String,
    /// Its answers in questionnaire order (未回答 not included).
    pub answers: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct EntrantRules {
    pub venture_max_age_years: u32,
    pub venture_max_capital: f64,
    pub venture_max_employees: i64,
    pub cross_industry_max_years: u32,
}

/// An input file as the report lists it: its path as shown, its round
/// (none for the data folder's own files) and SHA-256.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    pub path: String,
    pub round: Option<String>,
    pub sha256: String,
}

/// The follow-up pages of a round.
#[derive(Debug, Clone)]
pub struct Followup {
    /// The fiscal years every page shows: the earliest reported year to the
    /// latest (at least the round's own year), so the columns line up.
    pub years: Vec<i64>,
    /// One per follow-up KPI, in KPI order.
    pub kpis: Vec<FollowupKpi>,
}

#[derive(Debug, Clone)]
pub struct FollowupKpi {
    pub number: u32,
    /// The text rows (a status), in sheet order.
    pub narrative: Vec<NarrativeRow>,
    /// The numeric series, in order of first appearance.
    pub series: Vec<FollowupSeries>,
    /// The status of the latest year (the sheet's first such row).
    pub latest_status: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NarrativeRow {
    pub indicator: String,
    pub fiscal_year: Option<i64>,
    pub status: String,
    pub body: String,
    pub source: String,
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct FollowupSeries {
    pub key: String,
    pub indicator: String,
    pub unit: String,
    /// One cell per year of [`Followup::years`].
    pub cells: Vec<FollowupCell>,
    /// (fiscal year, value), oldest first.
    pub points: Vec<(i64, f64)>,
    /// 出典 and 時点 of its rows, distinct, in sheet order.
    pub sources: Vec<(String, Option<NaiveDate>)>,
    /// 望ましい方向 of the series (its latest sheet's first row giving one).
    pub direction: Option<crate::registry::Direction>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FollowupCell {
    Value(f64),
    /// No row for a year since the series began (未報告).
    NotReported,
    /// A year before the series began.
    NotStarted,
}

/// The tables of `rounds`, whose indicator table is `indicators`;
/// `provenance` are the input files as listed.
///
/// Each round's record frames are dropped once its tables are built (only
/// the follow-up frames, which later rounds merge, are kept): the tables of
/// a 1000× folder are about 80 MB, and built on top of every round's frames
/// they made the run's peak.
pub fn build(
    rounds: &mut [RoundData],
    indicators: &[Indicator],
    provenance: Vec<Provenance>,
) -> Result<Tables, MissingColumn> {
    let mut built = Vec::with_capacity(rounds.len());
    for i in 0..rounds.len() {
        built.push(round_tables(&rounds[i], &rounds[..=i])?);
        rounds[i].drop_records();
        crate::heap::release_freed_memory();
    }
    Ok(Tables {
        rounds: built,
        survey: Survey {
            categories: CATEGORIES.iter().map(|c| c.to_string()).collect(),
            questions: QUESTIONS
                .iter()
                .map(|q| SurveyQuestion {
                    key: q.key.to_string(),
                    title: q.title.to_string(),
                    answers: q.answers.iter().map(|a| a.to_string()).collect(),
                })
                .collect(),
        },
        followup_kpis: FOLLOWUP_KPIS.iter().map(|&n| n as u32).collect(),
        entrant_rules: EntrantRules {
            venture_max_age_years: entrants::VENTURE_MAX_AGE_YEARS,
            venture_max_capital: entrants::VENTURE_MAX_CAPITAL,
            venture_max_employees: entrants::VENTURE_MAX_EMPLOYEES,
            cross_industry_max_years: entrants::CROSS_INDUSTRY_MAX_YEARS,
        },
        provenance,
        known_keys: known_keys(indicators),
    })
}

/// The tables of `r`, the last of `so_far` (the rounds up to it, oldest
/// first).
fn round_tables(r: &RoundData, so_far: &[RoundData]) -> Result<RoundTables, MissingColumn> {
    let config = &r.round.config;
    let order = config.stations.as_deref();
    let station_groups = r
        .sites
        .as_ref()
        .map(|s| station_groups(s, order))
        .transpose()?
        .unwrap_or_default();
    Ok(RoundTables {
        config: config.clone(),
        held: Held {
            sites: r.sites.is_some(),
            satisfaction: r.satisfaction.is_some(),
            companies: r.companies.is_some(),
            amed: r.amed.is_some(),
            followup: r.followup.is_some(),
        },
        stations: r
            .sites
            .as_ref()
            .map(|s| station_count(s).map(|b| b as usize))
            .transpose()?,
        datasets: datasets(r),
        program_totals: program_totals(&station_groups),
        station_groups,
        courses: r
            .sites
            .as_ref()
            .map(|s| courses_by_theme(s, order))
            .transpose()?
            .unwrap_or_default(),
        programs: programs(r),
        station_training: r
            .sites
            .as_ref()
            .map(|_| training::station_training(r))
            .transpose()?,
        followup: r
            .followup
            .as_ref()
            .map(|df| {
                let points = followup::merged_series(so_far)?;
                followup_tables(df, &points, i64::from(config.fiscal_year))
            })
            .transpose()?,
        commentary: r.commentary.clone(),
        reference: r.reference.clone(),
        published: r.published.clone(),
    })
}

/// The datasets of a round with their main count, as [`RoundData::datasets`]
/// lists them.
fn datasets(r: &RoundData) -> Vec<DatasetCount> {
    Dataset::ALL
        .into_iter()
        .filter_map(|name| {
            Some(DatasetCount {
                name,
                rows: r.count(name)?,
            })
        })
        .collect()
}

/// AMED topics of the round by program (事業名), most topics first.
fn programs(data: &RoundData) -> Vec<Program> {
    let Some(df) = &data.amed else {
        return Vec::new();
    };
    let counts = crate::model::measure::group_sums(
        df,
        crate::model::expr::Pred::All,
        &["program"],
        crate::model::expr::Weight::One,
    )
    .unwrap_or_default();
    let mut list: Vec<Program> = counts
        .into_iter()
        .filter_map(|(key, topics)| match key.first() {
            Some(crate::model::expr::Value::Str(name)) => Some(Program {
                name: name.clone(),
                topics: topics as usize,
            }),
            _ => None,
        })
        .collect();
    list.sort_by(|a, b| b.topics.cmp(&a.topics).then(a.name.cmp(&b.name)));
    list
}

struct Station {
    name: String,
    program: String,
    field: String,
    ministry: String,
}

/// Stations of a round grouped by ministry, program and field. The order is
/// round.toml's `stations` list where given (the analyst's order), else
/// 厚労省 first, then by program and field, as the seed lists them.
fn station_groups(
    sites: &Sites,
    order: Option<&[String]>,
) -> Result<Vec<StationGroup>, MissingColumn> {
    let df = &sites.stations;
    let names = strings(df, "name")?;
    let programs = strings(df, "program")?;
    let fields = strings(df, "field")?;
    let ministries = strings(df, "ministry")?;
    let mut stations: Vec<Station> = (0..names.len())
        .map(|i| Station {
            name: names[i].to_string(),
            program: programs[i].to_string(),
            field: fields[i].to_string(),
            ministry: ministries[i].to_string(),
        })
        .collect();
    let ministry_rank = |m: &str| match m {
        "厚労省" => 0,
        "経産省" => 1,
        _ => 2,
    };
    // Each name's first position in the list, looked up in a map: a scan of
    // the list per comparison made the sort S² log S (minutes at 16,000
    // stations).
    let mut first_listed: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, n) in order.unwrap_or_default().iter().enumerate() {
        first_listed.entry(n.as_str()).or_insert(i);
    }
    let listed = |name: &str| first_listed.get(name).copied().unwrap_or(usize::MAX);
    stations.sort_by(|a, b| {
        let ka = (ministry_rank(&a.ministry), &a.program, &a.field);
        let kb = (ministry_rank(&b.ministry), &b.program, &b.field);
        ka.cmp(&kb).then(listed(&a.name).cmp(&listed(&b.name)))
    });
    let mut groups: Vec<StationGroup> = Vec::new();
    for s in stations {
        match groups
            .last_mut()
            .filter(|g| g.program == s.program && g.field == s.field && g.ministry == s.ministry)
        {
            Some(g) => g.names.push(s.name),
            None => groups.push(StationGroup {
                program: s.program,
                field: s.field,
                ministry: s.ministry,
                names: vec![s.name],
            }),
        }
    }
    // With a list, groups follow their first listed station.
    if order.is_some() {
        groups.sort_by_key(|g| {
            (
                ministry_rank(&g.ministry),
                g.names
                    .iter()
                    .map(|n| listed(n))
                    .min()
                    .unwrap_or(usize::MAX),
            )
        });
    }
    Ok(groups)
}

/// Stations per program (事業), in the order of the groups: the seed's
/// "優れた医療機器の創出に係る産業振興拠点強化事業(厚労省) 13拠点".
fn program_totals(groups: &[StationGroup]) -> Vec<ProgramTotal> {
    let mut totals: Vec<ProgramTotal> = Vec::new();
    for g in groups {
        match totals
            .iter_mut()
            .find(|t| t.program == g.program && t.ministry == g.ministry)
        {
            Some(t) => t.stations += g.names.len(),
            None => totals.push(ProgramTotal {
                program: g.program.clone(),
                ministry: g.ministry.clone(),
                stations: g.names.len(),
            }),
        }
    }
    totals
}

/// The courses of each theme with their station, as the seed lists them:
/// stations in round.toml's `stations` order where given.
fn courses_by_theme(
    sites: &Sites,
    order: Option<&[String]>,
) -> Result<Vec<ThemeCourses>, MissingColumn> {
    let names: BTreeMap<&str, &str> = strings(&sites.stations, "stem")?
        .into_iter()
        .zip(strings(&sites.stations, "name")?)
        .collect();
    let stems = strings(&sites.training, "stem")?;
    let courses = strings(&sites.training, "course")?;
    let themes = ints(&sites.training, "theme")?;
    // Each station's first position in the list, from a map: a scan of the
    // list per sort key made this C log C × S (minutes at 16,000 stations).
    let mut first_listed: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, n) in order.unwrap_or_default().iter().enumerate() {
        first_listed.entry(n.as_str()).or_insert(i);
    }
    Ok(training::THEMES
        .map(|t| ThemeCourses {
            theme: t,
            courses: {
                let station = |i: usize| names.get(stems[i]).copied().unwrap_or(stems[i]);
                let rank = |i: usize| first_listed.get(station(i)).copied().unwrap_or(usize::MAX);
                let mut rows: Vec<usize> = (0..courses.len())
                    .filter(|i| themes[*i] == Some(t))
                    .collect();
                // Stable: a station's courses keep their sheet order.
                rows.sort_by_key(|i| rank(*i));
                rows.into_iter()
                    .map(|i| format!("{}({})", courses[i], station(i)))
                    .collect()
            },
        })
        .collect())
}

/// The follow-up pages of one sheet: its narrative, and the series
/// `points` (the figures the indicator table holds, [`followup::merged_series`])
/// on one range of years, the earliest reported year to the latest (and at
/// least to `round_year`).
fn followup_tables(
    df: &polars_core::prelude::DataFrame,
    points: &[followup::SeriesPoint],
    round_year: i64,
) -> Result<Followup, MissingColumn> {
    let years: Vec<i64> = match points.iter().map(|p| p.fiscal_year).min() {
        Some(first) => {
            let last = points
                .iter()
                .map(|p| p.fiscal_year)
                .max()
                .map_or(round_year, |y| y.max(round_year));
            (first..=last).collect()
        }
        None => Vec::new(),
    };
    let kpis = ints(df, "kpi")?;
    let indicators = strings(df, "indicator")?;
    let row_years = ints(df, "fiscal_year")?;
    let statuses = strings(df, "status")?;
    let bodies = strings(df, "body")?;
    let sources = strings(df, "source")?;
    let as_of = dates(df, "as_of")?;
    let kpis = FOLLOWUP_KPIS
        .iter()
        .map(|&n| {
            let text_rows: Vec<usize> = (0..kpis.len())
                .filter(|i| kpis[*i] == Some(n) && !statuses[*i].is_empty())
                .collect();
            let narrative = text_rows
                .iter()
                .map(|&i| NarrativeRow {
                    indicator: indicators[i].to_string(),
                    fiscal_year: row_years[i],
                    status: statuses[i].to_string(),
                    body: bodies[i].to_string(),
                    source: sources.get(i).copied().unwrap_or_default().to_string(),
                    as_of: as_of.get(i).copied().flatten(),
                })
                .collect();
            // The latest year's status; the sheet's first such row.
            let latest_status = text_rows
                .iter()
                .max_by_key(|&&i| (row_years[i], std::cmp::Reverse(i)))
                .map(|&i| statuses[i].to_string());
            let mut series: Vec<FollowupSeries> = Vec::new();
            for p in points.iter().filter(|p| p.kpi == n) {
                if series.iter().any(|s| s.key == p.key) {
                    continue;
                }
                let mine: Vec<&followup::SeriesPoint> =
                    points.iter().filter(|q| q.key == p.key).collect();
                let first = mine.iter().map(|q| q.fiscal_year).min().unwrap_or(i64::MAX);
                let cells = years
                    .iter()
                    .map(|y| match mine.iter().find(|q| q.fiscal_year == *y) {
                        Some(q) => FollowupCell::Value(q.value),
                        None if *y < first => FollowupCell::NotStarted,
                        None => FollowupCell::NotReported,
                    })
                    .collect();
                let mut points: Vec<(i64, f64)> =
                    mine.iter().map(|q| (q.fiscal_year, q.value)).collect();
                points.sort_by_key(|(y, _)| *y);
                let mut sources: Vec<(String, Option<NaiveDate>)> = Vec::new();
                for q in &mine {
                    let s = (q.source.clone(), q.as_of);
                    if !sources.contains(&s) {
                        sources.push(s);
                    }
                }
                series.push(FollowupSeries {
                    key: p.key.clone(),
                    indicator: p.indicator.clone(),
                    unit: p.unit.clone(),
                    cells,
                    points,
                    sources,
                    direction: mine.iter().find_map(|q| q.direction),
                });
            }
            FollowupKpi {
                number: n as u32,
                narrative,
                series,
                latest_status,
            }
        })
        .collect();
    Ok(Followup { years, kpis })
}
