//! The report (SPEC §6–7): tera templates over the computed result — the
//! indicator table plus the descriptive tables the KPI modules hand over —
//! rendered to one self-contained HTML file, with the indicator table as
//! JSON and CSV beside it.

pub(crate) mod chart_files;
pub(crate) mod charts;
pub(crate) use crate::commentary;
pub(crate) use crate::format;
pub(crate) mod files;
pub(crate) mod functions;
pub(crate) mod pptx;
pub(crate) mod reconcile;
pub(crate) mod reference_charts;
pub(crate) mod small;
pub(crate) mod summary;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::compute::Computed;
use crate::dataset::Dataset;
use crate::diag::ui::{Count, Names, Noun, Ui};
use crate::diag::Outcome;
use crate::fiscal;
use crate::indicator::{self, Indicator};
use crate::kpi::tables::{Followup, FollowupCell, RoundTables};

/// The three files of a report, in memory.
pub struct ReportFiles {
    pub html: String,
    pub json: String,
    /// UTF-8 with BOM, so Excel opens it in Japanese.
    pub csv: String,
    /// `provenance.json`: every input file with its round and SHA-256.
    pub provenance: String,
    /// The charts `html` shows, in its order, with their data: collected
    /// only when asked for (`--charts`, `--pptx`), else empty.
    pub charts: Vec<charts::collect::Chart>,
}

/// `provenance.json`: `{"round": …, "files": [{path, round, sha256}, …]}`,
/// the files in the order read (the data folder's own, then round by
/// round, each round's as listed), so equal inputs give equal bytes.
fn provenance_json(round: &str, files: &[crate::kpi::tables::Provenance]) -> Result<String, Error> {
    #[derive(serde::Serialize)]
    struct Document<'a> {
        round: &'a str,
        files: &'a [crate::kpi::tables::Provenance],
    }
    let mut text = serde_json::to_string_pretty(&Document { round, files })
        .map_err(|e| Error::Provenance(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// The templates, compiled into the binary so a report depends only on the
/// data and the mdkpi version (and `report --check` catches template edits).
/// Each KPI's partial comes from [`crate::kpi::REGISTRY`].
const TEMPLATES: [(&str, &str); 9] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("style.css", include_str!("../../templates/style.css")),
    ("cover.html", include_str!("../../templates/cover.html")),
    ("closing.html", include_str!("../../templates/closing.html")),
    ("summary.html", include_str!("../../templates/summary.html")),
    (
        "contents.html",
        include_str!("../../templates/contents.html"),
    ),
    (
        "appendix.html",
        include_str!("../../templates/appendix.html"),
    ),
    // The 追加指標 table at the end of each KPI's pages (SPEC §20).
    (
        "declared.html",
        include_str!("../../templates/declared.html"),
    ),
];

/// What fails when building the report: a bug, never the input (the
/// inputs are validated first). `Display` is the detail for the developers
/// (E0009, in English).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("internal error in the report templates: {0:?}")]
    Templates(tera::Error),
    #[error("the report templates could not be parsed")]
    TemplatesPanicked,
    #[error("no round to report")]
    NoRound,
    #[error("internal error rendering KPI {number}: {}", error_chain(.error))]
    Section { number: u8, error: tera::Error },
    #[error("internal error rendering the report: {}", error_chain(.0))]
    Page(tera::Error),
    #[error("internal error writing provenance.json: {0}")]
    Provenance(String),
}

pub fn tera() -> Result<Tera, Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    let mut templates = TEMPLATES.to_vec();
    for kpi in crate::kpi::REGISTRY {
        if !templates.contains(&kpi.template) {
            templates.push(kpi.template);
        }
    }
    tera.add_raw_templates(templates)
        .map_err(Error::Templates)?;
    Ok(tera)
}

#[derive(Serialize)]
struct QuestionView<'a> {
    key: &'a str,
    title: &'a str,
    answers: Vec<String>,
    /// The palette of its answers (see [`charts::Scale`]): ordinal answers
    /// get a diverging or sequential one, nominal ones categorical colours.
    scale: &'static str,
}

/// The palette of a survey question's answers (SPEC §15): positive answers
/// cool, the neutral one pale, negative ones warm; age a sequential ramp;
/// affiliation (nominal) categorical. `diverging:k` puts k positive answers
/// before the neutral one.
fn question_scale(key: &str) -> &'static str {
    match key {
        "knowledge" | "usefulness" | "satisfaction" => "diverging:2",
        "motivation" => "diverging:1",
        "age" => "sequential",
        _ => "categorical",
    }
}

#[derive(Serialize)]
struct Narrative {
    indicator: String,
    year: String,
    status: String,
    body: String,
    /// `出典(時点)`, or empty.
    source: String,
}

#[derive(Serialize)]
struct SeriesView {
    key: String,
    indicator: String,
    unit: String,
    /// One cell per fiscal year of the follow-up pages: the figure, 未報告
    /// (no row for a year since the series began) or `-` (before it began).
    cells: Vec<String>,
    /// The series' 出典 with 時点, as given in its rows (distinct, in order).
    sources: Vec<String>,
}

#[derive(Serialize)]
struct FollowupView {
    number: u32,
    narrative: Vec<Narrative>,
    series: Vec<SeriesView>,
}

#[derive(Serialize)]
struct RoundNote {
    label: String,
    era: String,
    fiscal_year: i32,
    period_start: String,
    period_end: String,
    days: i64,
    correction: String,
    corrected: bool,
    reference_date: String,
    stations: Option<usize>,
    datasets: Vec<String>,
}

/// `出典(時点 2025年10月31日)`; the parts that are given.
fn source_text(source: &str, as_of: Option<chrono::NaiveDate>) -> String {
    let date = as_of.map(|d| {
        use chrono::Datelike;
        format!("{}年{}月{}日時点", d.year(), d.month(), d.day())
    });
    match (source.is_empty(), date) {
        (false, Some(d)) => format!("{source}({d})"),
        (false, None) => source.to_string(),
        (true, Some(d)) => d,
        (true, None) => String::new(),
    }
}

/// The follow-up pages as the template shows them: each figure at its
/// reported precision, 未報告 or `-` (SPEC §15).
fn followup_views(followup: &Followup) -> Vec<FollowupView> {
    followup
        .kpis
        .iter()
        .map(|k| FollowupView {
            number: k.number,
            narrative: k
                .narrative
                .iter()
                .map(|n| Narrative {
                    indicator: n.indicator.clone(),
                    year: n
                        .fiscal_year
                        .map(|y| fiscal::short_era_label(y as i32))
                        .unwrap_or_default(),
                    status: n.status.clone(),
                    body: n.body.clone(),
                    source: source_text(&n.source, n.as_of),
                })
                .collect(),
            series: k
                .series
                .iter()
                .map(|s| {
                    let mut sources: Vec<String> = Vec::new();
                    for (source, as_of) in &s.sources {
                        let text = source_text(source, *as_of);
                        if !text.is_empty() && !sources.contains(&text) {
                            sources.push(text);
                        }
                    }
                    SeriesView {
                        key: s.key.clone(),
                        indicator: s.indicator.clone(),
                        unit: s.unit.clone(),
                        cells: s
                            .cells
                            .iter()
                            .map(|c| match c {
                                FollowupCell::Value(v) => format::group_digits(*v, decimals(*v)),
                                FollowupCell::NotStarted => "-".to_string(),
                                FollowupCell::NotReported => "未報告".to_string(),
                            })
                            .collect(),
                        sources,
                    }
                })
                .collect(),
        })
        .collect()
}

/// Follow-up figures keep the precision they were reported in (up to 2).
fn decimals(v: f64) -> u32 {
    let s = format!("{v}");
    s.split_once('.')
        .map(|(_, d)| d.len().min(2) as u32)
        .unwrap_or(0)
}

/// A note on a KPI's page that the round lacks a dataset the previous round
/// had (SPEC §17).
#[derive(Serialize)]
struct DroppedNote {
    kpi: u32,
    text: String,
}

/// The notes of the datasets `previous` held and `current` lacks, for each
/// KPI they feed. sites/, companies.xlsx and amed.xlsx feed whole pages,
/// which already say when the round has no such data; the satisfaction
/// survey (part of KPI 1) and the follow-up sheet (pages of their own) say
/// it here.
fn dropped_notes(
    current: &crate::kpi::tables::RoundTables,
    previous: Option<&crate::kpi::tables::RoundTables>,
) -> Vec<DroppedNote> {
    let Some(previous) = previous else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    for (name, file, before, now) in [
        (
            Dataset::Satisfaction,
            "研修受講者アンケート(satisfaction.xlsx)",
            previous.held.satisfaction,
            current.held.satisfaction,
        ),
        (
            Dataset::Followup,
            "フォローアップ報告(followup.xlsx)",
            previous.held.followup,
            current.held.followup,
        ),
    ] {
        if before && !now {
            for &kpi in crate::checks::rounds::kpis_fed_by(name) {
                notes.push(DroppedNote {
                    kpi,
                    text: format!(
                        "前回の調査回({})にあった{file}が、今回の調査回({})にはない。このデータによる{}の結果はない。",
                        previous.config.label, current.config.label, current.config.label
                    ),
                });
            }
        }
    }
    notes
}

fn round_note(r: &RoundTables) -> RoundNote {
    let c = &r.config;
    let corr = c.correction();
    let correction = if corr.overridden {
        format!(
            "×{}(round.tomlで指定)",
            fiscal::format_number(corr.multiplier)
        )
    } else if corr.years > 1 {
        format!(
            "1/{}補正({}年分の実績を1年あたりに換算)",
            corr.years, corr.years
        )
    } else {
        "補正なし".to_string()
    };
    RoundNote {
        label: c.label.clone(),
        era: fiscal::long_era_label(c.fiscal_year),
        fiscal_year: c.fiscal_year,
        period_start: c.period_start.to_string(),
        period_end: c.period_end.to_string(),
        days: (c.period_end - c.period_start).num_days() + 1,
        correction,
        corrected: corr.multiplier != 1.0,
        reference_date: c.reference_date.to_string(),
        stations: r.stations,
        datasets: r
            .datasets
            .iter()
            // The datasets' names as `validate`'s Japanese summary gives them.
            .map(|d| crate::diag::catalogue::Param::show(&d.name, crate::diag::Lang::Ja))
            .collect(),
    }
}

/// Builds the report of the latest round of `computed` in memory, from the
/// computed result only: the indicator table, the descriptive tables, the
/// plan and the rounds' settings.
pub fn build(computed: &Computed) -> Result<ReportFiles, Error> {
    build_with(computed, tera()?, false)
}

/// [`build`] with the charts collected ([`ReportFiles::charts`]).
pub fn build_collecting(computed: &Computed) -> Result<ReportFiles, Error> {
    build_with(computed, tera()?, true)
}

/// [`build`] with the templates already parsed (see [`run`]); with
/// `collect`, the charts drawn are collected with their data.
pub fn build_with(
    computed: &Computed,
    mut tera: Tera,
    collect: bool,
) -> Result<ReportFiles, Error> {
    let collector = collect.then(|| Arc::new(charts::collect::Collector::default()));
    let collector = collector.as_ref();
    let current = computed.current().ok_or(Error::NoRound)?;
    let config = &current.config;
    let tables = &computed.tables;
    let labels: Vec<String> = tables
        .rounds
        .iter()
        .map(|r| r.config.label.clone())
        .collect();
    let previous = tables.rounds.iter().rev().nth(1);
    let lookup: Arc<BTreeMap<(String, String), Indicator>> = Arc::new(
        computed
            .indicators
            .iter()
            .map(|i| ((i.key.clone(), i.round.clone()), i.clone()))
            .collect(),
    );

    functions::register(
        &mut tera,
        lookup.clone(),
        Arc::new(tables.known_keys.clone()),
        computed.registry.clone(),
        &config.label,
    );

    let mut ctx = Context::new();
    let meta = &config.report;
    ctx.insert(
        "title",
        &meta
            .title
            .clone()
            .unwrap_or_else(|| "医療機器基本計画に関するKPIの測定".to_string()),
    );
    ctx.insert("meeting", &meta.meeting);
    ctx.insert("document", &meta.document_number);
    // Every printed page but the cover carries the 資料番号 in its header
    // (SPEC §18): a CSS string like the footer.
    ctx.insert(
        "document_header",
        &meta.document_number.as_deref().map(css_string),
    );
    ctx.insert("date", &meta.date);
    ctx.insert("marking", &meta.marking);
    ctx.insert("organisation", &meta.organisation);
    ctx.insert("project", &meta.project);
    // The running footer is a CSS string: escaped for CSS here, and
    // inserted as is (`| safe`), so it is not HTML-escaped twice.
    let title = meta
        .title
        .clone()
        .unwrap_or_else(|| "医療機器基本計画に関するKPIの測定".to_string());
    ctx.insert("footer", &css_string(&title));
    ctx.insert("has_published", &current.published.is_some());
    ctx.insert("programs", &current.programs);
    ctx.insert("version", env!("CARGO_PKG_VERSION"));
    ctx.insert("current", &config.label);
    ctx.insert("current_era", &fiscal::long_era_label(config.fiscal_year));
    ctx.insert("fiscal_year", &config.fiscal_year);
    ctx.insert("previous", &previous.map(|r| r.config.label.clone()));
    ctx.insert("rounds", &labels);
    ctx.insert("plan", &computed.plan);
    // The declared indicators with a figure in some round (a table no
    // round has gives none: nothing to show).
    let declared: Vec<&crate::registry::Entry> = computed
        .registry
        .entries()
        .iter()
        .filter(|e| e.declared && computed.indicators.iter().any(|i| i.key == e.key))
        .collect();
    ctx.insert("declared", &declared);
    ctx.insert("kpi_numbers", &computed.registry.kpis());
    ctx.insert("closing_rows", &computed.registry.closing());
    ctx.insert("has_sites", &current.held.sites);
    ctx.insert("has_satisfaction", &current.held.satisfaction);
    ctx.insert("has_companies", &current.held.companies);
    ctx.insert("has_amed", &current.held.amed);
    ctx.insert("program_totals", &current.program_totals);
    ctx.insert("stations", &current.station_groups);
    ctx.insert("courses", &current.courses);
    let survey_rounds: Vec<String> = tables
        .rounds
        .iter()
        .rev()
        .take(2)
        .filter(|r| r.held.satisfaction)
        .map(|r| r.config.label.clone())
        .rev()
        .collect();
    ctx.insert("survey_rounds", &survey_rounds);
    ctx.insert("categories", &tables.survey.categories);
    ctx.insert(
        "questions",
        &tables
            .survey
            .questions
            .iter()
            .map(|q| QuestionView {
                key: &q.key,
                title: &q.title,
                answers: q
                    .answers
                    .iter()
                    .map(|a| a.to_string())
                    .chain(std::iter::once("未回答".to_string()))
                    .collect(),
                scale: question_scale(&q.key),
            })
            .collect::<Vec<_>>(),
    );
    let rules = &tables.entrant_rules;
    ctx.insert("venture_years", &rules.venture_max_age_years);
    ctx.insert("venture_capital", &rules.venture_max_capital);
    ctx.insert("venture_employees", &rules.venture_max_employees);
    ctx.insert("cross_years", &rules.cross_industry_max_years);
    ctx.insert("reference_date", &config.reference_date.to_string());
    ctx.insert(
        "reference_date_ja",
        &format!(
            "{}年{}月{}日",
            chrono::Datelike::year(&config.reference_date),
            chrono::Datelike::month(&config.reference_date),
            chrono::Datelike::day(&config.reference_date)
        ),
    );
    ctx.insert("dropped", &dropped_notes(current, previous));
    let followup = current.followup.as_ref();
    ctx.insert(
        "followup_years",
        &followup
            .map(|f| {
                f.years
                    .iter()
                    .map(|y| fiscal::short_era_label(*y as i32))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    ctx.insert(
        "followups",
        &followup.map(followup_views).unwrap_or_default(),
    );
    let (summary_rows, candidates) = summary::build(
        &computed.registry,
        &lookup,
        &config.label,
        previous.map(|r| r.config.label.as_str()),
        followup,
    );
    ctx.insert("summary", &summary_rows);
    ctx.insert("candidates", &candidates);
    let like = previous.and_then(|p| {
        Some(summary::like_for_like(
            (&p.config.label, p.station_training.as_deref()?),
            (&config.label, current.station_training.as_deref()?),
        ))
    });
    ctx.insert("like", &like);
    // Found once: noted under their sentences and listed in the appendix.
    let contradicted =
        commentary::contradictions(current.commentary.as_ref(), &config.label, &labels, &lookup);
    let commentary = commentary::render(
        current.commentary.as_ref(),
        &config.label,
        &labels,
        &lookup,
        &contradicted,
    );
    ctx.insert("commentary", &commentary);
    ctx.insert(
        "commentary_notes",
        &reconcile::commentary_notes(&contradicted),
    );
    ctx.insert(
        "round_notes",
        &tables.rounds.iter().map(round_note).collect::<Vec<_>>(),
    );
    // The committee's words, never message lines (SPEC §17).
    ctx.insert("caveats", &computed.caveats);

    let mut reconciliation = reconcile::reconcile(
        &computed.registry,
        &config.label,
        current.published.as_ref(),
        &computed.indicators,
        &lookup,
    );
    // A follow-up series is named by followup.xlsx (the registry holds only
    // its family): its row prints that name, never the key (SPEC §18).
    let series = || {
        followup
            .into_iter()
            .flat_map(|f| &f.kpis)
            .flat_map(|k| &k.series)
    };
    for r in reconciliation.iter_mut().filter(|r| r.label == r.key) {
        if let Some(s) = series().find(|s| s.key == r.key) {
            r.label = s.indicator.clone();
        }
    }
    ctx.insert(
        "reference",
        &charts::collect::scope(collector, || {
            reference_charts::views(
                current.reference.as_deref(),
                &config.label,
                config.fiscal_year,
                &labels,
                &lookup,
            )
        }),
    );
    ctx.insert("reconciliation", &reconciliation);

    // Each KPI's page in the plan's order, from its registry partial. The
    // pages are independent (their charts are most of the rendering): they
    // are rendered on every core, each with its own copy of the context.
    let render_section = |kpi: &crate::kpi::Kpi| {
        let mut ctx = ctx.clone();
        ctx.insert("n", &kpi.number);
        charts::collect::scope(collector, || tera.render(kpi.template.0, &ctx)).map_err(|error| {
            Error::Section {
                number: kpi.number,
                error,
            }
        })
    };
    let sections = crate::kpi::REGISTRY
        .par_iter()
        .map(render_section)
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    ctx.insert("kpi_sections", &sections);
    // A pair per file, not an object: a context value per file is a map of
    // its own, and the 1000× benchmark lists 82,000 files. The page lists
    // round and path only; the digests go to provenance.json (SPEC §18:
    // print shows no internals).
    let provenance: Vec<[&str; 2]> = tables
        .provenance
        .iter()
        .map(|p| [p.round.as_deref().unwrap_or(""), p.path.as_str()])
        .collect();
    ctx.insert("provenance", &provenance);
    ctx.insert(
        "stage_gate_svg",
        &charts::collect::scope(collector, || {
            let _name = charts::collect::Named::new("stage-gate");
            stage_gate_svg()
        }),
    );

    // The small-sample footnote beside its marks (SPEC §18).
    let html = small::add_notes(
        &charts::collect::scope(collector, || tera.render("base.html", &ctx))
            .map_err(Error::Page)?,
    );
    let charts = collector.map_or_else(Vec::new, |c| c.in_order(&html));
    let json = indicator::to_json(
        &config.label,
        config.fiscal_year,
        &computed.indicators,
        &computed.diags.warning_records(crate::diag::lang::current()),
    );
    let csv = format!("\u{feff}{}", indicator::to_csv(&computed.indicators));
    let provenance = provenance_json(&config.label, &tables.provenance)?;
    Ok(ReportFiles {
        html,
        json,
        csv,
        provenance,
        charts,
    })
}

/// A tera error with its causes, `: `-separated (the cause names the
/// template function and key that failed).
pub(crate) fn error_chain(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// What `report` writes besides its own files (none is compared by
/// `--check`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// `--pdf`: report.pdf, printed by Chromium.
    pub pdf: bool,
    /// `--charts`: every chart as `charts/NN-<name>.svg` and `.png`.
    pub charts: bool,
    /// `--pptx`: the deck as report.pptx.
    pub pptx: bool,
}

/// `mdkpi report`: validate, compute, render; write, check or print.
pub fn run(
    data: &Path,
    shown: &str,
    wanted: Option<&str>,
    out: Option<&Path>,
    check: bool,
    extras: Extras,
) -> Outcome {
    let pdf = extras.pdf;
    // Look for Chromium before anything is written (SPEC §8).
    let chromium = if pdf {
        match crate::output::pdf::find_chromium() {
            Some(c) => Some(c),
            None => return Outcome::data_error(crate::diag::Msg::NoChromium {}),
        }
    } else {
        None
    };
    // Parsing the templates needs no data: it runs while the inputs are
    // read (about a sixth of a run on data/, and its end waited for), with
    // polars' warm-up on a thread of its own so that parsing starts at once.
    let parsing = std::thread::spawn(tera);
    let _ = std::thread::spawn(crate::model::warm_up);
    let computed = match crate::compute::compute(data, shown, wanted) {
        Ok(c) => c,
        Err(outcome) => return outcome,
    };
    let Some(current) = computed.current() else {
        return Outcome::data_error(crate::diag::Msg::NoRoundTo { command: "report" });
    };
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new("reports").join(&current.config.label));
    if !check && crate::output::folder::overlap(&out, data).is_some() {
        return Outcome::usage(crate::diag::Msg::OutOverlapsData {
            command: "report",
            out: out.display().to_string(),
            folder: shown.to_string(),
        });
    }
    let mut stderr = String::new();
    for w in computed.diags.warning_strings() {
        stderr.push_str(&w);
        stderr.push('\n');
    }
    let parsed = parsing.join().unwrap_or(Err(Error::TemplatesPanicked));
    let collect = (extras.charts || extras.pptx) && !check;
    let files = match parsed.and_then(|tera| build_with(&computed, tera, collect)) {
        Ok(f) => f,
        Err(e) => {
            return Outcome::data_error(crate::diag::Msg::Internal {
                detail: e.to_string(),
            })
        }
    };
    if check {
        let lang = crate::diag::lang::current();
        let stale = files::stale(&files, &out);
        if stale.is_empty() {
            return Outcome {
                stdout: format!(
                    "{}\n",
                    Ui::ReportUpToDate {
                        out: out.display().to_string()
                    }
                    .text(lang)
                ),
                stderr,
                code: 0,
            };
        }
        let mut stdout = String::new();
        for s in &stale {
            let line = Ui::ReportStale { file: s.clone() }.text(lang);
            stdout.push_str(&format!("{line}\n"));
        }
        let total = Ui::ReportStaleTotal {
            files: Count(stale.len(), Noun::File),
            out: out.display().to_string(),
        };
        stdout.push_str(&format!("{}\n", total.text(lang)));
        for line in changed_figures(&computed, &out) {
            stdout.push_str(&line);
            stdout.push('\n');
        }
        return Outcome {
            stdout,
            stderr,
            code: 1,
        };
    }
    // Rendered in full before anything is written: a failure writes nothing.
    let mut more = Vec::new();
    if extras.charts {
        match chart_files::files(&files.charts) {
            Ok(charts) => more.extend(charts),
            Err(msg) => return Outcome::data_error(msg),
        }
    }
    if extras.pptx {
        match pptx::build(&files.html, &files.charts) {
            Ok(bytes) => more.push((pptx::FILE.to_string(), bytes)),
            Err(detail) => return Outcome::data_error(crate::diag::Msg::PptxFailed { detail }),
        }
    }
    if let Err(e) = files::write(&files, &out, chromium.as_deref(), &more) {
        return Outcome::data_error(crate::diag::Msg::WriteFailed { detail: e.into() });
    }
    let lang = crate::diag::lang::current();
    let mut written: Vec<&str> = files::files(&files).iter().map(|(n, _)| *n).collect();
    let charts_folder = format!("{}/", chart_files::FOLDER);
    if extras.charts {
        written.push(&charts_folder);
    }
    if extras.pptx {
        written.push(pptx::FILE);
    }
    if chromium.is_some() {
        written.push(files::PDF);
    }
    Outcome {
        stdout: format!(
            "{}\n",
            Ui::ReportWrote {
                out: out.display().to_string(),
                files: Names(written.iter().map(|n| n.to_string()).collect()),
            }
            .text(lang)
        ),
        stderr,
        code: 0,
    }
}

/// The figures of the indicators.json in `out` that this run changes
/// (SPEC §19), as `diff` compares them: a heading and one line per
/// figure; none when the file is missing, unreadable, not an indicator
/// table (the stale line says enough) or holds the same figures.
fn changed_figures(computed: &crate::compute::Computed, out: &Path) -> Vec<String> {
    let path = out.join("indicators.json");
    let shown = path.display().to_string();
    let Ok(bytes) = crate::input::read(&path) else {
        return Vec::new();
    };
    let Ok(saved) = crate::diff::parse_saved(&bytes, &shown) else {
        return Vec::new();
    };
    crate::diff::changed_lines(
        &saved.indicators,
        &computed.indicators,
        &computed.registry,
        &shown,
    )
}

/// Text as the inside of a CSS string: anything that could end the string,
/// the rule or the style element (quotes, backslash, `<`, `&`, braces, `;`)
/// and every control character is a hex escape (`\\22 `); other characters,
/// Japanese included, stay as they are.
pub(crate) fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control()
            || matches!(
                c,
                '"' | '\'' | '\\' | '<' | '>' | '&' | '{' | '}' | ';' | '\u{2028}' | '\u{2029}'
            )
        {
            out.push_str(&format!("\\{:x} ", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The glossary's [参考] stage-gate diagram (SPEC §18), drawn from the
/// schema's stages, so that it names exactly the stages the data use.
fn stage_gate_svg() -> String {
    const ORDINALS: [&str; 4] = ["1st", "2nd", "3rd", "4th"];
    let stages: Vec<(String, String)> = ORDINALS
        .iter()
        .zip(crate::schema::STAGES)
        .map(|(o, s)| (o.to_string(), s.to_string()))
        .collect();
    let notes = [
        "ステージアップ: 現在(調査時点)のステージが採択時のステージより後であること。4thステージで採択された課題のステージアップは上市のみ。".to_string(),
        "KPI 3の検証フェーズ(臨床試験: 治験・臨床研究)は4thステージにあたる。".to_string(),
    ];
    charts::stage_gate(
        "医療機器開発マネジメント ステージゲート",
        &stages,
        "上市",
        &notes,
        960,
    )
}

#[cfg(test)]
mod css_tests {
    use super::css_string;

    #[test]
    fn css_strings_cannot_break_out() {
        assert_eq!(css_string("KPI測定"), "KPI測定");
        assert_eq!(
            css_string("a\r}\"</style>"),
            "a\\d \\7d \\22 \\3c /style\\3e "
        );
    }
}

#[cfg(test)]
mod registry_tests {
    use std::borrow::Cow;
    use std::path::Path;

    use crate::registry::{Direction, Entry, Registry, Row};

    /// SPEC §20: adding a key on existing data is one registry entry. The
    /// follow-up series `kpi8.device_lag_months` is computed from
    /// followup.xlsx but has no entry of its own (its KPI's family covers
    /// it); one entry gives it a name, a direction and a row in the closing
    /// table, with its figures of each round.
    #[test]
    fn one_entry_puts_a_computed_figure_in_the_closing_table() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let mut computed = crate::compute::compute(&data, "data", Some("R7"))
            .unwrap_or_else(|o| panic!("{}", o.stderr));
        let label = "デバイスラグ(開発ラグ、月)";
        let before = super::build(&computed).unwrap().html;
        assert!(!before.contains(label));
        let family = Registry::builtin()
            .get("kpi8.device_lag_months")
            .unwrap()
            .clone();
        computed.registry = std::sync::Arc::new(Cow::Owned(Registry::builtin().with([Entry {
            key: "kpi8.device_lag_months".into(),
            name: Some("デバイスラグ(開発ラグ)".into()),
            unit: "月".into(),
            direction: Direction::Down,
            closing: Some(Row {
                rank: 10,
                label: label.into(),
            }),
            ..family
        }])));
        assert_eq!(
            computed.registry.label("kpi8.device_lag_months"),
            "デバイスラグ(開発ラグ)"
        );
        let html = super::build(&computed).unwrap().html;
        let cells: String = computed
            .tables
            .rounds
            .iter()
            .map(|r| {
                let shown = computed
                    .indicators
                    .iter()
                    .find(|i| i.key == "kpi8.device_lag_months" && i.round == r.config.label)
                    .map_or("-".to_string(), |i| crate::format::display(i, false));
                format!("<td class=\"num\">{shown}</td>")
            })
            .collect();
        // The fixtures report the lag for R4–R6 only: R7's cell is "-".
        assert!(
            cells.contains(">12.6<") && cells.ends_with(">-</td>"),
            "{cells}"
        );
        let row = format!("<tr><td class=\"num\">8</td><td>{label}</td>{cells}</tr>");
        assert!(html.contains(&row), "no {row}");
        // The row follows the built-in rows, after KPI 7's.
        let kpi7 = html
            .find("<td>国際展開に関する活動を行う企業の割合</td>")
            .unwrap();
        assert!(html.find(&row).unwrap() > kpi7);
    }
}

#[cfg(test)]
mod template_keys {
    use crate::registry::Registry;

    /// Every template once (the follow-up KPIs share one partial).
    fn templates() -> Vec<(&'static str, &'static str)> {
        let mut all: Vec<(&str, &str)> = super::TEMPLATES
            .iter()
            .chain(crate::kpi::REGISTRY.iter().map(|k| &k.template))
            .copied()
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// SPEC §20: templates build no keys. Every key or family a template
    /// names (`"kpi6.topics"`, `"kpi6.{area}.topics"`) is the registry's,
    /// and no template glues a key together with `~`.
    #[test]
    fn every_key_literal_in_a_template_is_the_registrys() {
        let registry = Registry::builtin();
        let mut literals = std::collections::BTreeSet::new();
        for (name, text) in templates() {
            for (at, _) in text.match_indices("\"kpi") {
                let rest = &text[at + 1..];
                let Some(end) = rest.find('"') else { continue };
                let literal = &rest[..end];
                let after = rest[end + 1..].trim_start();
                // A key glued from parts: only the place ids of published
                // figures (`"kpi6.matrix." ~ matrix`) and the KPI anchors
                // (`"kpi" ~ n`) may be, and neither is a key.
                if after.starts_with('~') {
                    assert!(
                        literal == "kpi" || literal == "kpi6.matrix.",
                        "{name}: a key built with ~ from \"{literal}\""
                    );
                    continue;
                }
                if !literal.contains('.') {
                    continue;
                }
                literals.insert(literal);
                let is_key = registry.get(literal).is_some_and(|e| e.key == literal);
                let is_place = crate::report::reconcile::PLACES.contains(&literal);
                assert!(
                    is_key || is_place || registry.has_family(literal),
                    "{name}: \"{literal}\" is neither a registry key nor a family"
                );
            }
        }
        // The count is kept honest: the distinct key, family and place
        // literals left in the templates (each the registry's, checked
        // above).
        assert_eq!(literals.len(), 74, "{literals:?}");
    }
}
