//! `followup.xlsx`, sheet `フォローアップ`: the ministries' follow-up
//! reports for KPIs 4, 5, 8, 9, 10 and 11 (SPEC §4.5).
//!
//! Frame `followup`, one row per sheet row: `kpi` i64, `indicator` str (指標),
//! `fiscal_year` i64, `value` f64? (値), `unit` str?, `status` str? (状況),
//! `body` str (報告主体), `key` str? (キー), `source` str? (出典: the document
//! the figure comes from), `as_of` date? (時点), `direction` str? (望ましい方向:
//! 増加 or 減少), `row` i64 (1-based sheet row).

use polars_core::prelude::DataFrame;

use crate::checks::followup::Figure;
use crate::diag::{Diagnostics, Location, Msg, Term};
use crate::ingest::frame::FrameBuilder;
use crate::ingest::source::SheetData;
use crate::ingest::table::{read_table, Column};

pub const SHEET: &str = crate::schema::FOLLOWUP_SHEET.name;

pub use crate::schema::FOLLOWUP_KPIS;

const KPI: usize = 0;
const INDICATOR: usize = 1;
const YEAR: usize = 2;
const VALUE: usize = 3;
const UNIT: usize = 4;
const STATUS: usize = 5;
const BODY: usize = 6;
const KEY: usize = 7;
const SOURCE: usize = 8;
const AS_OF: usize = 9;
const DIRECTION: usize = 10;

const COLUMNS: &[Column] = crate::schema::FOLLOWUP_SHEET.fields;

struct Item {
    kpi: i64,
    indicator: String,
    fiscal_year: i32,
    value: Option<f64>,
    unit: Option<String>,
    status: Option<String>,
    body: String,
    key: Option<String>,
    source: Option<String>,
    as_of: Option<chrono::NaiveDate>,
    direction: Option<&'static str>,
    row: i64,
}

/// キー becomes part of indicator keys: ASCII lower-case words.
fn valid_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub fn read(sheet: SheetData, diags: &mut Diagnostics) -> Option<DataFrame> {
    let table = read_table(&sheet, COLUMNS, diags)?;
    let mut ok = true;
    let mut items = Vec::new();
    for row in table.rows() {
        let mut r = table.reader(row, diags);
        let kpi = r.integer_in(KPI, 1, 11, Term::KpiNumber);
        if let Some(n) = kpi {
            if !FOLLOWUP_KPIS.contains(&n) {
                r.fail(KPI, Msg::NotAFollowupKpi { found: n });
            }
        }
        let indicator = r.text(INDICATOR);
        let fiscal_year = r.fiscal_year(YEAR);
        let unit = r.text(UNIT);
        // 値 is a percentage where 単位 says so: a cell shown as 50% is 50.
        let value = r.number_as(VALUE, unit.as_deref().is_some_and(|u| u == "%"));
        let status = r.text(STATUS);
        let body = r.text(BODY);
        let key = r.text(KEY);
        let source = r.text(SOURCE);
        let as_of = r.date(AS_OF);
        let direction = r
            .choice(DIRECTION, crate::schema::DIRECTION_CHOICES)
            .and_then(|i| crate::schema::DIRECTION_CHOICES.get(i).copied());
        if let Some(k) = &key {
            if !valid_key(k) {
                r.fail(
                    KEY,
                    Msg::BadFollowupKey {
                        found: crate::quote::found_text(k),
                    },
                );
            }
        }
        if r.ok() && value.is_none() && status.is_none() {
            r.fail(VALUE, Msg::FollowupValueAndStatusBlank {});
        }
        match (r.ok(), kpi, indicator, fiscal_year, body) {
            (true, Some(kpi), Some(indicator), Some(fiscal_year), Some(body)) => items.push(Item {
                kpi,
                indicator,
                fiscal_year,
                value,
                unit,
                status,
                body,
                key,
                source,
                as_of,
                direction,
                row: row.row as i64 + 1,
            }),
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    // A figure reported twice, a unit that is not its series' (SPEC §17).
    let at = |row: i64, column: usize| {
        let col = table.column(column);
        Location::cell(&sheet.path, &sheet.sheet, (row - 1) as u32, col)
    };
    // One 望ましい方向 per series (SPEC §18): the summary's 評価 reads it.
    let mut directions: std::collections::HashMap<(i64, &str), (&str, i64)> =
        std::collections::HashMap::new();
    for i in &items {
        let Some(direction) = i.direction else {
            continue;
        };
        let series = i.key.as_deref().unwrap_or(&i.indicator);
        match directions.get(&(i.kpi, series)) {
            Some((other, first)) if *other != direction => {
                ok = false;
                diags.error(
                    at(i.row, DIRECTION),
                    Msg::DirectionDiffers {
                        found: direction.to_string(),
                        series: i.indicator.clone(),
                        first: at(*first, DIRECTION).cell.unwrap_or_default(),
                        other: other.to_string(),
                    },
                );
            }
            Some(_) => {}
            None => {
                directions.insert((i.kpi, series), (direction, i.row));
            }
        }
    }
    if !ok {
        return None;
    }
    let figures: Vec<Figure> = items
        .iter()
        .filter(|i| i.value.is_some())
        .map(|i| Figure {
            kpi: i.kpi,
            indicator: &i.indicator,
            key: i.key.as_deref(),
            fiscal_year: i.fiscal_year,
            unit: i.unit.as_deref(),
            row: i.row as usize,
            value_at: at(i.row, VALUE),
            unit_at: at(i.row, UNIT),
        })
        .collect();
    if !crate::checks::followup::check(&figures, diags) {
        return None;
    }
    drop(figures);
    let frame = FrameBuilder::new()
        .i64("kpi", items.iter().map(|i| i.kpi))
        .str("indicator", items.iter().map(|i| &i.indicator))
        .i64("fiscal_year", items.iter().map(|i| i.fiscal_year as i64))
        .opt_f64("value", items.iter().map(|i| i.value))
        .opt_str("unit", items.iter().map(|i| i.unit.clone()))
        .opt_str("status", items.iter().map(|i| i.status.clone()))
        .str("body", items.iter().map(|i| &i.body))
        .opt_str("key", items.iter().map(|i| i.key.clone()))
        .opt_str("source", items.iter().map(|i| i.source.clone()))
        .opt_date("as_of", items.iter().map(|i| i.as_of))
        .opt_str(
            "direction",
            items.iter().map(|i| i.direction.map(str::to_string)),
        )
        .i64("row", items.iter().map(|i| i.row));
    frame.finish(sheet, diags)
}
