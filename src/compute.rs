//! `mdkpi compute`: validate, then print the indicator table of the chosen
//! round and every earlier round (SPEC §6).

use std::fmt::Write;
use std::path::Path;

use crate::diag::Diagnostics;
use crate::diag::Outcome;
use crate::indicator::{self, Indicator, UNIT_RATIO};
use crate::kpi;
use crate::kpi::tables::{self, Provenance, RoundTables, Tables};
use crate::model::RoundData;
use crate::numfmt::shortest;
use crate::validate::{self, Folder, Scope};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Table,
}

/// The computed result of a round: the indicator table, the descriptive
/// tables the KPI modules hand over, and the warnings met on the way. The
/// frames stay behind: the report reads only this.
pub struct Computed {
    /// `data/plan.toml`, the plan's overview, when present.
    pub plan: Option<crate::plan::Plan>,
    pub indicators: Vec<Indicator>,
    /// One entry per round (oldest first) and what all rounds share.
    pub tables: Tables,
    pub diags: Diagnostics,
    /// The warnings left and accepted, in the committee's words, for the
    /// report's data-quality appendix (SPEC §17).
    pub caveats: Vec<crate::checks::committee::Caveat>,
    /// The indicators' definitions the report names and places figures
    /// by: the built-in registry, extended by declared indicators.
    pub registry: std::sync::Arc<std::borrow::Cow<'static, crate::registry::Registry>>,
}

impl Computed {
    /// The tables of the round the result is for (the latest one loaded).
    pub fn current(&self) -> Option<&RoundTables> {
        self.tables.rounds.last()
    }
}

/// Loads the chosen round (default: the latest) and every earlier one,
/// validates them and computes every KPI. Err is the outcome to print:
/// a usage error, or the data errors that stop the run.
pub fn compute(data: &Path, shown: &str, wanted: Option<&str>) -> Result<Computed, Outcome> {
    let (mut rounds, folder, diags) = load(data, shown, wanted)?;
    let computed = from_rounds(&mut rounds, folder, diags, data, shown);
    drop(rounds);
    // The frames are most of the heap: what they held goes back before
    // the report is rendered, or rendering runs on top of it (1000×: 280
    // MB resident for 100 MB in use).
    crate::heap::release_freed_memory();
    computed
}

/// The validated rounds (the chosen one and every earlier one), the plan
/// and declared indicators, and the warnings; Err as for [`compute`].
pub fn load(
    data: &Path,
    shown: &str,
    wanted: Option<&str>,
) -> Result<(Vec<RoundData>, Folder, Diagnostics), Outcome> {
    let mut diags = Diagnostics::new();
    let (rounds, folder) = validate::load(data, shown, wanted, Scope::UpToChosen, &mut diags)?;
    if diags.has_errors() {
        return Err(stopped(&diags));
    }
    Ok((rounds, folder, diags))
}

/// The outcome of a run stopped by errors in its input: the messages on
/// stderr, nothing on stdout, exit 1.
fn stopped(diags: &Diagnostics) -> Outcome {
    let mut stderr = String::new();
    for d in diags.items() {
        let _ = writeln!(stderr, "{d}");
    }
    let nothing = crate::diag::ui::Ui::NothingComputed {
        errors: crate::diag::ui::Count(diags.error_count(), crate::diag::ui::Noun::Error),
    };
    let _ = writeln!(
        stderr,
        "mdkpi: {}",
        nothing.text(crate::diag::lang::current())
    );
    Outcome {
        stdout: String::new(),
        stderr,
        code: 1,
    }
}

/// The text checks of the report's rounds, then `--strict`: Err is the
/// outcome that stops the run (a wrong live figure or published unit stops
/// it like an input error; under `--strict`, so does a warning left).
fn conclude(
    rounds: &[RoundData],
    indicators: &[Indicator],
    diags: &mut Diagnostics,
) -> Result<(), Outcome> {
    crate::texts::check_report(rounds, indicators, diags);
    if diags.has_errors() {
        return Err(stopped(diags));
    }
    crate::checks::strict::conclude(diags).map_err(|e| crate::checks::strict::stopped(diags, &e))
}

/// Every KPI and the descriptive tables of validated `rounds`; `data` and
/// `shown` name the data folder, for the input files' paths as listed.
/// The rounds' record frames are dropped as their tables are built: the
/// rounds are spent.
pub fn from_rounds(
    rounds: &mut [RoundData],
    folder: Folder,
    mut diags: Diagnostics,
    data: &Path,
    shown: &str,
) -> Result<Computed, Outcome> {
    let Folder { plan, declared } = folder;
    let indicators = kpi::compute_all(rounds, &declared).map_err(|e| {
        Outcome::data_error(crate::diag::Msg::Internal {
            detail: e.to_string(),
        })
    })?;
    // The KPIs' masks and keys, freed, go back before the tables are built.
    crate::heap::release_freed_memory();
    conclude(rounds, &indicators, &mut diags)?;
    // Per file: the path under the data folder as given, its round and hash.
    let listed = |f: &crate::input::InputFile, round: Option<&String>| Provenance {
        path: format!(
            "{shown}/{}",
            f.path.strip_prefix(data).unwrap_or(&f.path).display()
        ),
        round: round.cloned(),
        sha256: f.sha256.clone(),
    };
    let provenance = plan
        .iter()
        .filter_map(|p| p.file.as_ref())
        .chain(&declared.file)
        .map(|f| listed(f, None))
        .chain(rounds.iter().flat_map(|r| {
            r.files
                .iter()
                .map(|f| listed(f, Some(&r.round.config.label)))
        }))
        .collect();
    let tables = tables::build(rounds, &indicators, provenance).map_err(|e| {
        Outcome::data_error(crate::diag::Msg::Internal {
            detail: e.to_string(),
        })
    })?;
    let shown: Vec<(String, String)> = rounds
        .iter()
        .map(|r| (r.round.config.label.clone(), r.round.shown.clone()))
        .collect();
    let caveats = crate::checks::committee::caveats(&diags, &shown);
    // The declared indicators join the registry: names, units, formats and
    // directions come from one place for every figure. Their keys were
    // checked against the computed ones when indicators.toml was read.
    let registry = std::sync::Arc::new(registry(&declared)?);
    Ok(Computed {
        plan,
        indicators,
        tables,
        diags,
        caveats,
        registry,
    })
}

/// The registry of a run: the built-in one, extended by the declared
/// indicators (their keys were checked against the computed ones when
/// indicators.toml was read). Err is the outcome of a clash, a bug.
pub fn registry(
    declared: &crate::declared::Declared,
) -> Result<std::borrow::Cow<'static, crate::registry::Registry>, Outcome> {
    if declared.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(
            crate::registry::Registry::builtin(),
        ));
    }
    let mut registry = crate::registry::Registry::builtin().clone();
    let clashes = registry.extend(declared.metas().flat_map(|m| m.entries()));
    if let Some(clash) = clashes.first() {
        return Err(Outcome::data_error(crate::diag::Msg::Internal {
            detail: format!("declared key {} is a built-in one", clash.key),
        }));
    }
    Ok(std::borrow::Cow::Owned(registry))
}

pub fn run(data: &Path, shown: &str, wanted: Option<&str>, format: Format) -> Outcome {
    // The indicator table only: the report's descriptive tables are not
    // built (at scale they would double what a run holds).
    let (rounds, folder, mut diags) = match load(data, shown, wanted) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let indicators = match kpi::compute_all(&rounds, &folder.declared) {
        Ok(i) => i,
        Err(e) => {
            return Outcome::data_error(crate::diag::Msg::Internal {
                detail: e.to_string(),
            })
        }
    };
    if let Err(outcome) = conclude(&rounds, &indicators, &mut diags) {
        return outcome;
    }
    let warnings = diags.warning_strings();
    let mut stderr = String::new();
    for w in &warnings {
        let _ = writeln!(stderr, "{w}");
    }
    let Some(current) = rounds.last() else {
        return Outcome::data_error(crate::diag::Msg::NoRoundTo { command: "compute" });
    };
    let config = &current.round.config;
    let stdout = match format {
        Format::Json => indicator::to_json(
            &config.label,
            config.fiscal_year,
            &indicators,
            &diags.warning_records(crate::diag::lang::current()),
        ),
        Format::Csv => indicator::to_csv(&indicators),
        Format::Table => table(&indicators),
    };
    Outcome {
        stdout,
        stderr,
        code: 0,
    }
}

/// A value for the terminal: rates as percentages, others to two decimals.
fn show(value: Option<f64>, unit: &str) -> String {
    match value {
        None => "-".to_string(),
        Some(v) if unit == UNIT_RATIO => format!("{:.1}%", v * 100.0),
        Some(v) => shortest((v * 100.0).round() / 100.0),
    }
}

/// A readable, aligned terminal table.
fn table(indicators: &[Indicator]) -> String {
    let rows: Vec<[String; 6]> = indicators
        .iter()
        .map(|i| {
            let plain = |v: Option<f64>| {
                v.map(|x| shortest((x * 100.0).round() / 100.0))
                    .unwrap_or_default()
            };
            [
                i.key.clone(),
                i.round.clone(),
                show(i.value, &i.unit),
                plain(i.numerator),
                plain(i.denominator),
                i.unit.clone(),
            ]
        })
        .collect();
    use crate::diag::ui::{pad, pad_left, width, Ui};
    let header = [
        Ui::ColumnKey {},
        Ui::ColumnRound {},
        Ui::ColumnValue {},
        Ui::ColumnNumerator {},
        Ui::ColumnDenominator {},
        Ui::ColumnUnit {},
    ]
    .map(|t| t.text(crate::diag::lang::current()));
    let mut widths = header.clone().map(|h| width(&h));
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{}  {}  {}  {}  {}  {}",
            pad(&row[0], widths[0]),
            pad(&row[1], widths[1]),
            pad_left(&row[2], widths[2]),
            pad_left(&row[3], widths[3]),
            pad_left(&row[4], widths[4]),
            row[5],
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
