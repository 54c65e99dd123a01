//! The derived columns, added once to each round's frames after they are
//! read: the classifications and flags the KPIs aggregate, `explain` shows
//! and `export` writes.
//!
//! - `training`: `participants_corrected` f64 (受入人数 × the period correction)
//! - `joint_research`: `count_corrected` f64
//! - `companies`: `venture`, `cross_industry` bool; `venture_reason`,
//!   `cross_industry_reason` str (each rule's facts in words) are added on
//!   demand for `explain` and `export` ([`with_reasons`])
//! - `amed`: `evaluated` (adopted before the round's fiscal year), `stage_up`,
//!   `launched` bool, and `area_column` str (`area1`…`area5`, `area_none_multi`)
//! - `followup`: `indicator_key` str (`kpi<n>.<キー>` or `kpi<n>.item<k>`) on
//!   numeric rows

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars_core::prelude::{
    BooleanChunked, ChunkCompareIneq, DataFrame, DataType, IntoColumn, IntoSeries, NamedFrom,
    PolarsResult, Series, StringChunked,
};

use crate::fiscal::{format_number, years_before};
use crate::model::expr::{no_null, Pred};
use crate::model::FrameId;
use crate::model::RoundData;
use crate::schema::{Dtype, LAUNCHED};

/// A derived column: the frame it is added to, its name there, the header
/// `explain` and `export` show it under, and its dtype (what each means:
/// docs/export.md).
#[derive(Debug, Clone, Copy)]
pub struct Derived {
    pub frame: FrameId,
    pub column: &'static str,
    pub header: &'static str,
    pub dtype: Dtype,
}

const fn derived(
    frame: FrameId,
    column: &'static str,
    header: &'static str,
    dtype: Dtype,
) -> Derived {
    Derived {
        frame,
        column,
        header,
        dtype,
    }
}

/// Every column [`derive`] adds, in the order it adds them.
pub const DERIVED: [Derived; 11] = [
    // 受入人数 × 対象期間の補正係数
    derived(
        FrameId::Training,
        "participants_corrected",
        "受入人数(補正後)",
        Dtype::F64,
    ),
    // 件数 × 対象期間の補正係数
    derived(
        FrameId::JointResearch,
        "count_corrected",
        "件数(補正後)",
        Dtype::F64,
    ),
    // KPI 2 のベンチャー(内資・自社研究開発・輸入主体でない・設立15年以内・資本金3億円以下かつ従業員300名以下)
    derived(FrameId::Companies, "venture", "ベンチャー", Dtype::Bool),
    // KPI 2 の異業種参入企業(内資・自社研究開発・異業種参入・医療機器研究開発開始5年以内、ベンチャーを除く)
    derived(FrameId::Companies, "cross_industry", "異業種", Dtype::Bool),
    // ベンチャー判定の根拠(満たした条件、または満たさなかった条件)
    derived(
        FrameId::Companies,
        "venture_reason",
        "ベンチャー判定理由",
        Dtype::Str,
    ),
    // 異業種判定の根拠
    derived(
        FrameId::Companies,
        "cross_industry_reason",
        "異業種判定理由",
        Dtype::Str,
    ),
    // ステージアップ評価の対象(調査年度より前に採択)
    derived(FrameId::Amed, "evaluated", "評価対象", Dtype::Bool),
    // 現在ステージが採択時ステージより後(上市は4より後)
    derived(FrameId::Amed, "stage_up", "ステージアップ", Dtype::Bool),
    // 現在ステージが上市
    derived(FrameId::Amed, "launched", "上市済み", Dtype::Bool),
    // KPI 6 の集計列(area1〜area5、なし・複数は area_none_multi)
    derived(FrameId::Amed, "area_column", "重点分野列", Dtype::Str),
    // 数値の行の指標キー(kpi<n>.<キー> または kpi<n>.item<k>)
    derived(FrameId::Followup, "indicator_key", "指標キー", Dtype::Str),
];

/// Founded within this many years of the reference date (創業から15年以内).
pub const VENTURE_MAX_AGE_YEARS: u32 = 15;
/// Capital or total investment at most 3億円 (in 百万円).
pub const VENTURE_MAX_CAPITAL: f64 = 300.0;
/// At most 300 employees (and-condition with capital).
pub const VENTURE_MAX_EMPLOYEES: i64 = 300;
/// Medical-device R&D begun within this many years (過去5年以内).
pub const CROSS_INDUSTRY_MAX_YEARS: u32 = 5;

/// Adds every derived column to the frames of `round`.
pub fn derive(round: &mut RoundData) -> PolarsResult<()> {
    let config = &round.round.config;
    let multiplier = config.correction().multiplier;
    let (reference_date, fiscal_year) = (config.reference_date, config.fiscal_year);
    if let Some(sites) = &mut round.sites {
        scaled(
            &mut sites.training,
            "participants",
            "participants_corrected",
            multiplier,
        )?;
        scaled(
            &mut sites.joint_research,
            "count",
            "count_corrected",
            multiplier,
        )?;
    }
    if let Some(df) = &mut round.companies {
        classify(df, reference_date)?;
    }
    if let Some(df) = &mut round.amed {
        amed(df, fiscal_year)?;
    }
    if let Some(df) = &mut round.followup {
        followup_keys(df)?;
    }
    Ok(())
}

fn scaled(df: &mut DataFrame, from: &str, to: &str, multiplier: f64) -> PolarsResult<()> {
    let values = df
        .column(from)?
        .as_materialized_series()
        .cast(&DataType::Float64)?;
    let scaled = (&values * multiplier).with_name(to.into());
    df.with_column(scaled.into_column())?;
    Ok(())
}

fn date_on_or_after(df: &DataFrame, column: &str, from: NaiveDate) -> PolarsResult<BooleanChunked> {
    let days = df
        .column(column)?
        .as_materialized_series()
        .cast(&DataType::Int32)?;
    no_null(
        days.i32()?.gt_eq(crate::model::round::epoch_days(from)),
        false,
    )
}

/// KPI 2's classes at reference date `d` (seed: "KPI;ベンチャー・異業種企業(方法)";
/// inclusive boundaries). A venture is never also cross-industry: ventures
/// are counted separately ("ベンチャーは別途集計するため除外する").
fn classify(df: &mut DataFrame, d: NaiveDate) -> PolarsResult<()> {
    let venture_from = years_before(d, VENTURE_MAX_AGE_YEARS);
    let cross_from = years_before(d, CROSS_INDUSTRY_MAX_YEARS);
    let base = Pred::Is("domestic").and(Pred::Is("own_rd"));
    let capital_ok = no_null(
        df.column("capital_million_yen")?
            .as_materialized_series()
            .f64()?
            .lt_eq(VENTURE_MAX_CAPITAL),
        false,
    )?;
    let staff_ok = no_null(
        df.column("employees")?
            .as_materialized_series()
            .cast(&DataType::Int64)?
            .i64()?
            .lt_eq(VENTURE_MAX_EMPLOYEES),
        false,
    )?;
    let venture = &(&(&base.clone().and(!Pred::Is("importer")).mask(df)?
        & &date_on_or_after(df, "founded", venture_from)?)
        & &capital_ok)
        & &staff_ok;
    let cross = &(&base.and(Pred::Is("cross_industry_entry")).mask(df)?
        & &date_on_or_after(df, "rd_start", cross_from)?)
        & &!&venture;
    df.with_column(venture.with_name("venture".into()).into_column())?;
    df.with_column(cross.with_name("cross_industry".into()).into_column())?;
    Ok(())
}

/// The companies frame with `venture_reason` and `cross_industry_reason`:
/// each company's facts against both rules, in words, worded only when
/// `explain` or `export` asks (at survey scale the text would be most of
/// the memory a run holds).
pub(crate) fn with_reasons(df: &DataFrame, d: NaiveDate) -> PolarsResult<DataFrame> {
    let mut out = df.clone();
    let flag = |c: &str| -> PolarsResult<BooleanChunked> {
        Ok(df.column(c)?.as_materialized_series().bool()?.clone())
    };
    let (venture, cross) = (flag("venture")?, flag("cross_industry")?);
    let venture_from = years_before(d, VENTURE_MAX_AGE_YEARS);
    let cross_from = years_before(d, CROSS_INDUSTRY_MAX_YEARS);
    let (venture_reason, cross_reason) = reasons(df, &venture, &cross, venture_from, cross_from)?;
    out.with_column(venture_reason.into_column())?;
    out.with_column(cross_reason.into_column())?;
    Ok(out)
}

/// A company's facts against one rule: those that hold, those that fail.
#[derive(Default)]
struct Facts {
    held: Vec<String>,
    failed: Vec<String>,
}

impl Facts {
    fn check(&mut self, ok: bool, yes: String, no: String) {
        if ok {
            self.held.push(yes)
        } else {
            self.failed.push(no)
        }
    }
}

/// Each company's facts against both rules, in words (SPEC §13).
fn reasons(
    df: &DataFrame,
    venture: &BooleanChunked,
    cross: &BooleanChunked,
    venture_from: NaiveDate,
    cross_from: NaiveDate,
) -> PolarsResult<(Series, Series)> {
    let flag = |c: &str| -> PolarsResult<Vec<bool>> {
        Ok(df
            .column(c)?
            .as_materialized_series()
            .bool()?
            .iter()
            .map(|v| v.unwrap_or(false))
            .collect())
    };
    let date = |c: &str| -> PolarsResult<Vec<Option<NaiveDate>>> {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
        Ok(df
            .column(c)?
            .as_materialized_series()
            .cast(&DataType::Int32)?
            .i32()?
            .iter()
            .map(|d| d.and_then(|d| epoch.checked_add_signed(chrono::TimeDelta::days(d.into()))))
            .collect())
    };
    let (domestic, own_rd, importer, entry) = (
        flag("domestic")?,
        flag("own_rd")?,
        flag("importer")?,
        flag("cross_industry_entry")?,
    );
    let (founded, rd_start) = (date("founded")?, date("rd_start")?);
    let capital = df
        .column("capital_million_yen")?
        .as_materialized_series()
        .f64()?
        .clone();
    let employees = df
        .column("employees")?
        .as_materialized_series()
        .cast(&DataType::Int64)?
        .i64()?
        .clone();
    let mut venture_text = Vec::with_capacity(df.height());
    let mut cross_text = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let is_venture = venture.get(i).unwrap_or(false);
        let is_cross = cross.get(i).unwrap_or(false);
        let mut rule = Facts::default();
        let mut fact = |ok: bool, yes: String, no: String| rule.check(ok, yes, no);
        fact(domestic[i], "内資".into(), "外資".into());
        fact(
            own_rd[i],
            "自社研究開発あり".into(),
            "自社研究開発なし".into(),
        );
        fact(!importer[i], "輸入主体でない".into(), "輸入主体".into());
        match founded[i] {
            Some(f) => fact(
                f >= venture_from,
                format!("設立 {f}: 基準日の{VENTURE_MAX_AGE_YEARS}年前({venture_from})以降"),
                format!("設立 {f}: 基準日の{VENTURE_MAX_AGE_YEARS}年前({venture_from})より前"),
            ),
            None => fact(false, String::new(), "設立日なし".into()),
        }
        match capital.get(i) {
            Some(c) => fact(
                c <= VENTURE_MAX_CAPITAL,
                format!("資本金 {}百万円 ≤ {VENTURE_MAX_CAPITAL}", format_number(c)),
                format!("資本金 {}百万円 > {VENTURE_MAX_CAPITAL}", format_number(c)),
            ),
            None => fact(false, String::new(), "資本金なし".into()),
        }
        match employees.get(i) {
            Some(e) => fact(
                e <= VENTURE_MAX_EMPLOYEES,
                format!("従業員 {e}名 ≤ {VENTURE_MAX_EMPLOYEES}"),
                format!("従業員 {e}名 > {VENTURE_MAX_EMPLOYEES}"),
            ),
            None => fact(false, String::new(), "従業員数なし".into()),
        }
        venture_text.push(if is_venture {
            format!("ベンチャー: {}", rule.held.join("; "))
        } else {
            format!("ベンチャーでない: {}", rule.failed.join("; "))
        });
        let mut rule = Facts::default();
        let mut fact = |ok: bool, yes: String, no: String| rule.check(ok, yes, no);
        fact(domestic[i], "内資".into(), "外資".into());
        fact(
            own_rd[i],
            "自社研究開発あり".into(),
            "自社研究開発なし".into(),
        );
        fact(entry[i], "異業種参入".into(), "異業種参入でない".into());
        match rd_start[i] {
            Some(s) => fact(
                s >= cross_from,
                format!(
                    "医療機器研究開発開始 {s}: 基準日の{CROSS_INDUSTRY_MAX_YEARS}年前({cross_from})以降"
                ),
                format!(
                    "医療機器研究開発開始 {s}: 基準日の{CROSS_INDUSTRY_MAX_YEARS}年前({cross_from})より前"
                ),
            ),
            None => fact(false, String::new(), "医療機器研究開発開始日なし".into()),
        }
        cross_text.push(if is_venture {
            "ベンチャーとして別途集計(異業種から除外)".to_string()
        } else if is_cross {
            format!("異業種: {}", rule.held.join("; "))
        } else {
            format!("異業種でない: {}", rule.failed.join("; "))
        });
    }
    Ok((
        Series::new("venture_reason".into(), venture_text),
        Series::new("cross_industry_reason".into(), cross_text),
    ))
}

/// KPI 6's per-topic facts: evaluated unless adopted in the round's own
/// fiscal year ("採択後1年未満を除外"); stage-up when the current stage is
/// later than the adoption stage (上市 is later than 4); launched.
fn amed(df: &mut DataFrame, fiscal_year: i32) -> PolarsResult<()> {
    let adopted = df
        .column("adopted_fy")?
        .as_materialized_series()
        .cast(&DataType::Int64)?;
    let evaluated = no_null(adopted.i64()?.lt(i64::from(fiscal_year)), false)?;
    let current = df
        .column("stage_current")?
        .as_materialized_series()
        .cast(&DataType::Int64)?;
    let at_adoption = df
        .column("stage_adopted")?
        .as_materialized_series()
        .cast(&DataType::Int64)?;
    let stage_up = no_null(current.i64()?.gt(at_adoption.i64()?), false)?;
    let launched = Pred::eq_int("stage_current", LAUNCHED).mask(df)?;
    // なし and 複数 are one priority column (SPEC §2).
    let area_column: StringChunked = df
        .column("area")?
        .as_materialized_series()
        .str()?
        .iter()
        .map(|a| match a {
            Some("none" | "multi") => Some("area_none_multi"),
            other => other,
        })
        .collect();
    df.with_column(evaluated.with_name("evaluated".into()).into_column())?;
    df.with_column(stage_up.with_name("stage_up".into()).into_column())?;
    df.with_column(launched.with_name("launched".into()).into_column())?;
    df.with_column(
        area_column
            .with_name("area_column".into())
            .into_series()
            .into_column(),
    )?;
    Ok(())
}

/// Indicator keys of the numeric follow-up rows (SPEC §5): `kpi<n>.<キー>`,
/// or where キー is blank `kpi<n>.item<k>`, k numbering the distinct 指標
/// without キー of that KPI in order of first appearance.
fn followup_keys(df: &mut DataFrame) -> PolarsResult<()> {
    let kpi = df
        .column("kpi")?
        .as_materialized_series()
        .cast(&DataType::Int64)?;
    let kpi = kpi.i64()?;
    let indicator = df
        .column("indicator")?
        .as_materialized_series()
        .str()?
        .clone();
    let value = df.column("value")?.as_materialized_series().f64()?.clone();
    let key = df.column("key")?.as_materialized_series().str()?.clone();
    let mut numbering: BTreeMap<(i64, String), usize> = BTreeMap::new();
    let mut next: BTreeMap<i64, usize> = BTreeMap::new();
    let keys: Vec<Option<String>> = (0..df.height())
        .map(|i| {
            let (Some(n), Some(_)) = (kpi.get(i), value.get(i)) else {
                return None;
            };
            let name = match key.get(i) {
                Some(k) => k.to_string(),
                None => {
                    let k = *numbering
                        .entry((n, indicator.get(i).unwrap_or("").to_string()))
                        .or_insert_with(|| {
                            let counter = next.entry(n).or_insert(0);
                            *counter += 1;
                            *counter
                        });
                    format!("item{k}")
                }
            };
            Some(format!("kpi{n}.{name}"))
        })
        .collect();
    df.with_column(Series::new("indicator_key".into(), keys).into_column())?;
    Ok(())
}
