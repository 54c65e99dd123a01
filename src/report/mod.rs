//! The report (SPEC §6–7): tera templates over the computed result — the
//! indicator table plus the descriptive tables the KPI modules hand over —
//! rendered to one self-contained HTML file, with the indicator table as
//! JSON and CSV beside it.

pub mod charts;
pub mod commentary;
pub mod format;
pub mod functions;
pub mod labels;
pub mod markdown;
pub mod output;
pub mod reconcile;
pub mod reference_charts;
pub mod summary;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use sha2::{Digest, Sha256};
use tera::{Context, Tera};

use crate::compute::Computed;
use crate::fiscal;
use crate::indicator::{self, Indicator};
use crate::ingest::satisfaction::{CATEGORIES, QUESTIONS};
use crate::ingest::sites::Sites;
use crate::ingest::RoundData;
use crate::kpi::{entrants, followup, strings};
use crate::plan::Plan;
use crate::validate::Outcome;

/// The three files of a report, in memory.
pub struct ReportFiles {
    pub html: String,
    pub json: String,
    /// UTF-8 with BOM, so Excel opens it in Japanese.
    pub csv: String,
}

/// The templates, compiled into the binary so a report depends only on the
/// data and the mdkpi version (and `report --check` catches template edits).
const TEMPLATES: [(&str, &str); 14] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("style.css", include_str!("../../templates/style.css")),
    ("cover.html", include_str!("../../templates/cover.html")),
    ("kpi1.html", include_str!("../../templates/kpi1.html")),
    ("kpi2.html", include_str!("../../templates/kpi2.html")),
    ("kpi3.html", include_str!("../../templates/kpi3.html")),
    ("kpi6.html", include_str!("../../templates/kpi6.html")),
    ("kpi7.html", include_str!("../../templates/kpi7.html")),
    (
        "followup.html",
        include_str!("../../templates/followup.html"),
    ),
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
];

pub fn tera() -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(TEMPLATES.to_vec())
        .map_err(|e| format!("internal error in the report templates: {e:?}"))?;
    Ok(tera)
}

#[derive(Serialize)]
struct Station {
    name: String,
    program: String,
    field: String,
    ministry: String,
}

#[derive(Serialize)]
struct StationGroup {
    program: String,
    field: String,
    ministry: String,
    names: Vec<String>,
}

#[derive(Serialize)]
struct ThemeCourses {
    theme: i64,
    courses: Vec<String>,
}

#[derive(Serialize)]
struct QuestionView {
    key: &'static str,
    title: &'static str,
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

#[derive(Serialize)]
struct Program {
    name: String,
    topics: usize,
}

/// AMED topics of the round by program (事業名), most topics first.
fn programs(data: &RoundData) -> Vec<Program> {
    let Some(df) = &data.amed else {
        return Vec::new();
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in strings(df, "program") {
        *counts.entry(name).or_default() += 1;
    }
    let mut list: Vec<Program> = counts
        .into_iter()
        .map(|(name, topics)| Program {
            name: name.to_string(),
            topics,
        })
        .collect();
    list.sort_by(|a, b| b.topics.cmp(&a.topics).then(a.name.cmp(&b.name)));
    list
}

/// The datasets' names as the notes show them.
fn dataset_name(name: &str) -> &str {
    match name {
        "sites" => "拠点報告",
        "satisfaction" => "研修アンケート",
        "companies" => "医機連アンケート",
        "amed" => "AMED課題一覧",
        "followup" => "フォローアップ",
        "commentary" => "考察",
        "published" => "公表値",
        "reference" => "参考系列",
        other => other,
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stations of a round grouped by ministry, program and field. The order is
/// round.toml's `stations` list where given (the analyst's order), else
/// 厚労省 first, then by program and field, as the seed lists them.
fn station_groups(sites: &Sites, order: Option<&[String]>) -> Vec<StationGroup> {
    let df = &sites.stations;
    let names = strings(df, "name");
    let programs = strings(df, "program");
    let fields = strings(df, "field");
    let ministries = strings(df, "ministry");
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
    groups
}

#[derive(Serialize)]
struct ProgramTotal {
    program: String,
    ministry: String,
    stations: usize,
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
fn courses_by_theme(sites: &Sites, order: Option<&[String]>) -> Vec<ThemeCourses> {
    let names: BTreeMap<&str, &str> = strings(&sites.stations, "stem")
        .into_iter()
        .zip(strings(&sites.stations, "name"))
        .collect();
    let stems = strings(&sites.training, "stem");
    let courses = strings(&sites.training, "course");
    let themes = crate::kpi::ints(&sites.training, "theme");
    // Each station's first position in the list, from a map: a scan of the
    // list per sort key made this C log C × S (minutes at 16,000 stations).
    let mut first_listed: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, n) in order.unwrap_or_default().iter().enumerate() {
        first_listed.entry(n.as_str()).or_insert(i);
    }
    crate::kpi::training::THEMES
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
        .collect()
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

/// The fiscal years every follow-up page shows: one range, the earliest
/// reported year to the latest (and at least to the round's own year), so
/// that the pages' columns line up (SPEC §15).
fn followup_years(points: &[followup::SeriesPoint], round_year: i64) -> Vec<i64> {
    let first = points.iter().map(|p| p.fiscal_year).min();
    let last = points
        .iter()
        .map(|p| p.fiscal_year)
        .max()
        .map_or(round_year, |y| y.max(round_year));
    match first {
        Some(first) => (first..=last).collect(),
        None => Vec::new(),
    }
}

fn followup_views(data: &RoundData, years: &[i64]) -> Vec<FollowupView> {
    let Some(df) = &data.followup else {
        return Vec::new();
    };
    let kpis = crate::kpi::ints(df, "kpi");
    let indicators = strings(df, "indicator");
    let row_years = crate::kpi::ints(df, "fiscal_year");
    let statuses = strings(df, "status");
    let bodies = strings(df, "body");
    let sources = strings(df, "source");
    let as_of = crate::kpi::dates(df, "as_of");
    let points = followup::series(df);
    crate::ingest::followup::FOLLOWUP_KPIS
        .iter()
        .map(|&n| {
            let narrative = (0..kpis.len())
                .filter(|i| kpis[*i] == Some(n) && !statuses[*i].is_empty())
                .map(|i| Narrative {
                    indicator: indicators[i].to_string(),
                    year: row_years[i]
                        .map(|y| fiscal::short_era_label(y as i32))
                        .unwrap_or_default(),
                    status: statuses[i].to_string(),
                    body: bodies[i].to_string(),
                    source: source_text(
                        sources.get(i).copied().unwrap_or_default(),
                        as_of.get(i).copied().flatten(),
                    ),
                })
                .collect();
            let mut series: Vec<SeriesView> = Vec::new();
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
                        Some(q) => format::group_digits(q.value, decimals(q.value)),
                        None if *y < first => "-".to_string(),
                        None => "未報告".to_string(),
                    })
                    .collect();
                let mut sources: Vec<String> = Vec::new();
                for q in &mine {
                    let text = source_text(&q.source, q.as_of);
                    if !text.is_empty() && !sources.contains(&text) {
                        sources.push(text);
                    }
                }
                series.push(SeriesView {
                    key: p.key.clone(),
                    indicator: p.indicator.clone(),
                    unit: p.unit.clone(),
                    cells,
                    sources,
                });
            }
            FollowupView {
                number: n as u32,
                narrative,
                series,
            }
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

/// The summary's follow-up rows: each follow-up KPI's first series, with the
/// latest status of that KPI as its finding.
fn followup_headlines(data: &RoundData) -> Vec<summary::FollowupHeadline> {
    let Some(df) = &data.followup else {
        return Vec::new();
    };
    let points = followup::series(df);
    let kpis = crate::kpi::ints(df, "kpi");
    let statuses = strings(df, "status");
    let row_years = crate::kpi::ints(df, "fiscal_year");
    crate::ingest::followup::FOLLOWUP_KPIS
        .iter()
        .filter_map(|&n| {
            let first = points.iter().find(|p| p.kpi == n)?;
            let mut series: Vec<(i64, f64)> = points
                .iter()
                .filter(|p| p.key == first.key)
                .map(|p| (p.fiscal_year, p.value))
                .collect();
            series.sort_by_key(|(y, _)| *y);
            // The latest year's status; the sheet's first such row.
            let status = (0..kpis.len())
                .filter(|i| kpis[*i] == Some(n) && !statuses[*i].is_empty())
                .max_by_key(|i| (row_years[*i], std::cmp::Reverse(*i)))
                .map(|i| statuses[i].to_string());
            Some(summary::FollowupHeadline {
                kpi: n as u32,
                indicator: first.indicator.clone(),
                unit: first.unit.clone(),
                points: series,
                status,
            })
        })
        .collect()
}

fn round_note(r: &RoundData) -> RoundNote {
    let c = &r.round.config;
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
        stations: r
            .sites
            .as_ref()
            .map(|s| crate::kpi::station_count(s) as usize),
        datasets: r
            .datasets()
            .into_iter()
            .map(|(name, _)| dataset_name(name).to_string())
            .collect(),
    }
}

/// Builds the report of the latest round of `computed` in memory.
pub fn build(
    computed: &Computed,
    plan: Option<&Plan>,
    data: &Path,
    shown: &str,
) -> Result<ReportFiles, String> {
    let current = computed.current().ok_or("no round to report")?;
    let config = &current.round.config;
    let labels: Vec<String> = computed
        .rounds
        .iter()
        .map(|r| r.round.config.label.clone())
        .collect();
    let previous = computed.rounds.iter().rev().nth(1);
    let warnings = computed.diags.warning_strings();
    let lookup: Arc<BTreeMap<(String, String), Indicator>> = Arc::new(
        computed
            .indicators
            .iter()
            .map(|i| ((i.key.clone(), i.round.clone()), i.clone()))
            .collect(),
    );

    let mut tera = tera()?;
    functions::register(&mut tera, lookup.clone(), &config.label);

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
    ctx.insert("document", &meta.document);
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
    ctx.insert("programs", &programs(current));
    ctx.insert("version", env!("CARGO_PKG_VERSION"));
    ctx.insert("current", &config.label);
    ctx.insert("current_era", &fiscal::long_era_label(config.fiscal_year));
    ctx.insert("fiscal_year", &config.fiscal_year);
    ctx.insert("previous", &previous.map(|r| r.round.config.label.clone()));
    ctx.insert("rounds", &labels);
    ctx.insert("plan", &plan);
    ctx.insert("has_sites", &current.sites.is_some());
    ctx.insert("has_satisfaction", &current.satisfaction.is_some());
    ctx.insert("has_companies", &current.companies.is_some());
    ctx.insert("has_amed", &current.amed.is_some());
    let groups = current
        .sites
        .as_ref()
        .map(|s| station_groups(s, config.stations.as_deref()))
        .unwrap_or_default();
    ctx.insert("program_totals", &program_totals(&groups));
    ctx.insert("stations", &groups);
    ctx.insert(
        "courses",
        &current
            .sites
            .as_ref()
            .map(|s| courses_by_theme(s, config.stations.as_deref()))
            .unwrap_or_default(),
    );
    let survey_rounds: Vec<String> = computed
        .rounds
        .iter()
        .rev()
        .take(2)
        .filter(|r| r.satisfaction.is_some())
        .map(|r| r.round.config.label.clone())
        .rev()
        .collect();
    ctx.insert("survey_rounds", &survey_rounds);
    ctx.insert("categories", &CATEGORIES);
    ctx.insert(
        "questions",
        &QUESTIONS
            .iter()
            .map(|q| QuestionView {
                key: q.key,
                title: q.title,
                answers: q
                    .answers
                    .iter()
                    .map(|a| a.to_string())
                    .chain(std::iter::once("未回答".to_string()))
                    .collect(),
                scale: question_scale(q.key),
            })
            .collect::<Vec<_>>(),
    );
    ctx.insert("venture_years", &entrants::VENTURE_MAX_AGE_YEARS);
    ctx.insert("venture_capital", &entrants::VENTURE_MAX_CAPITAL);
    ctx.insert("venture_employees", &entrants::VENTURE_MAX_EMPLOYEES);
    ctx.insert("cross_years", &entrants::CROSS_INDUSTRY_MAX_YEARS);
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
    let followup_points = current
        .followup
        .as_ref()
        .map(followup::series)
        .unwrap_or_default();
    let years = followup_years(&followup_points, i64::from(config.fiscal_year));
    ctx.insert(
        "followup_years",
        &years
            .iter()
            .map(|y| fiscal::short_era_label(*y as i32))
            .collect::<Vec<_>>(),
    );
    ctx.insert("followups", &followup_views(current, &years));
    let (summary_rows, candidates) = summary::build(
        &lookup,
        &config.label,
        previous.map(|r| r.round.config.label.as_str()),
        &followup_headlines(current),
    );
    ctx.insert("summary", &summary_rows);
    ctx.insert("candidates", &candidates);
    let like = previous.and_then(|p| {
        p.sites.as_ref()?;
        current.sites.as_ref()?;
        Some(summary::like_for_like(
            (
                &p.round.config.label,
                &crate::kpi::training::station_training(p),
            ),
            (
                &config.label,
                &crate::kpi::training::station_training(current),
            ),
        ))
    });
    ctx.insert("like", &like);
    let commentary =
        commentary::render(current.commentary.as_ref(), &config.label, &labels, &lookup);
    ctx.insert("commentary", &commentary);
    ctx.insert(
        "round_notes",
        &computed.rounds.iter().map(round_note).collect::<Vec<_>>(),
    );
    ctx.insert("warnings", &warnings);

    let reconciliation = reconcile::reconcile(current, &computed.indicators, &lookup);
    ctx.insert(
        "reference",
        &reference_charts::views(
            current.reference.as_deref(),
            &config.label,
            &labels,
            &lookup,
        ),
    );
    ctx.insert("reconciliation", &reconciliation);

    let mut provenance = Vec::new();
    let plan_path = data.join(crate::plan::FILE);
    let mut files: Vec<&Path> = Vec::new();
    if plan_path.is_file() {
        files.push(&plan_path);
    }
    for r in &computed.rounds {
        files.extend(r.files.iter().map(|p| p.as_path()));
    }
    for path in files {
        let bytes =
            fs::read(path).map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
        let relative = path.strip_prefix(data).unwrap_or(path);
        // A pair, not an object: a context value per file is a map of its
        // own, and the 1000× benchmark lists 82,000 files.
        provenance.push([
            format!("{shown}/{}", relative.display()),
            sha256_hex(&bytes),
        ]);
    }
    ctx.insert("provenance", &provenance);

    let html = tera
        .render("base.html", &ctx)
        .map_err(|e| format!("internal error rendering the report: {e:?}"))?;
    let json = indicator::to_json(
        &config.label,
        config.fiscal_year,
        &computed.indicators,
        &warnings,
    );
    let csv = format!("\u{feff}{}", indicator::to_csv(&computed.indicators));
    Ok(ReportFiles { html, json, csv })
}

/// `mdkpi report`: validate, compute, render; write, check or print.
pub fn run(
    data: &Path,
    shown: &str,
    wanted: Option<&str>,
    out: Option<&Path>,
    check: bool,
    pdf: bool,
) -> Outcome {
    // Look for Chromium before anything is written (SPEC §8).
    let chromium = if pdf {
        match output::find_chromium() {
            Some(c) => Some(c),
            None => return Outcome::data_error(output::NO_CHROMIUM.to_string()),
        }
    } else {
        None
    };
    let computed = match crate::compute::compute(data, shown, wanted) {
        Ok(c) => c,
        Err(outcome) => return outcome,
    };
    let Some(current) = computed.current() else {
        return Outcome::data_error("no round to report".into());
    };
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new("reports").join(&current.round.config.label));
    let mut stderr = String::new();
    for w in computed.diags.warning_strings() {
        stderr.push_str(&w);
        stderr.push('\n');
    }
    let files = match build(&computed, computed.plan.as_ref(), data, shown) {
        Ok(f) => f,
        Err(e) => return Outcome::data_error(e),
    };
    if check {
        let stale = output::stale(&files, &out);
        if stale.is_empty() {
            return Outcome {
                stdout: format!("{}: up to date\n", out.display()),
                stderr,
                code: 0,
            };
        }
        let mut stdout = String::new();
        for s in &stale {
            stdout.push_str(&format!("stale: {s}\n"));
        }
        stdout.push_str(&format!(
            "{} stale: run `mdkpi report --out {}` and commit the result\n",
            crate::ingest::counted(stale.len(), "file", "files"),
            out.display()
        ));
        return Outcome {
            stdout,
            stderr,
            code: 1,
        };
    }
    if let Err(e) = output::write(&files, &out, chromium.as_deref()) {
        return Outcome::data_error(e);
    }
    let mut written: Vec<&str> = output::files(&files).iter().map(|(n, _)| *n).collect();
    if chromium.is_some() {
        written.push("report.pdf");
    }
    Outcome {
        stdout: format!("{}: wrote {}\n", out.display(), written.join(", ")),
        stderr,
        code: 0,
    }
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
