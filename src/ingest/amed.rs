//! `amed.xlsx`, sheet `課題`: the AMED topics in scope (SPEC §4.4).
//!
//! Frame `amed`, one row per topic: `id` str (課題番号), `program` str,
//! `title` str, `adopted_fy` i64 (Western fiscal year), `grant` f64 (千円),
//! `area` str (`area1`…`area5`, `none` for なし, `multi` for 複数),
//! `stage_adopted` i64 (1–4), `stage_current` i64 (1–4, or 5 for 上市),
//! `row` i64 (1-based sheet row).

use std::sync::Arc;

use polars_core::prelude::DataFrame;

use crate::diag::{Diagnostics, Expect, Msg, Term};
use crate::fiscal::normalize;
use crate::ingest::frame::FrameBuilder;
use crate::ingest::source::{CellValue, SheetData};
use crate::ingest::table::{parse_number_text, read_table, Column, FirstSeen};

pub const SHEET: &str = crate::schema::AMED_SHEET.name;

pub use crate::schema::LAUNCHED;

const ID: usize = 0;
const PROGRAM: usize = 1;
const TITLE: usize = 2;
const ADOPTED_FY: usize = 3;
const GRANT: usize = 4;
const AREA: usize = 5;
const STAGE_ADOPTED: usize = 6;
const STAGE_CURRENT: usize = 7;

const COLUMNS: &[Column] = crate::schema::AMED_SHEET.fields;

struct Topic {
    id: Arc<String>,
    program: Arc<String>,
    title: Arc<String>,
    adopted_fy: i32,
    grant: f64,
    area: &'static str,
    stage_adopted: i64,
    stage_current: i64,
    row: i64,
    /// The 0-based column of 助成額, for a message at its cell.
    grant_col: u32,
}

/// A number 1–max written as a number or as text (`1`, `１`, `1st`).
fn small_number(value: &CellValue, max: i64) -> Option<i64> {
    let n = match value {
        CellValue::Number(n) => *n,
        CellValue::Text(t) => {
            let t = normalize(t);
            let t = t
                .trim_end_matches("ステージ")
                .trim_end_matches("st")
                .trim_end_matches("nd")
                .trim_end_matches("rd")
                .trim_end_matches("th");
            parse_number_text(t).ok()?
        }
        _ => return None,
    };
    (n.fract() == 0.0 && n >= 1.0 && n <= max as f64).then_some(n as i64)
}

fn parse_area(value: &CellValue) -> Option<&'static str> {
    const AREAS: [&str; 5] = ["area1", "area2", "area3", "area4", "area5"];
    if let Some(n) = small_number(value, 5) {
        return Some(AREAS[n as usize - 1]);
    }
    match value {
        CellValue::Text(t) => match normalize(t).as_str() {
            "なし" | "無" | "-" => Some("none"),
            "複数" => Some("multi"),
            _ => None,
        },
        _ => None,
    }
}

fn parse_stage_current(value: &CellValue) -> Option<i64> {
    if let Some(n) = small_number(value, 4) {
        return Some(n);
    }
    match value {
        CellValue::Text(t) if normalize(t) == "上市" => Some(LAUNCHED),
        _ => None,
    }
}

/// Reads the topics of a round of fiscal year `fiscal_year`.
pub fn read(sheet: SheetData, fiscal_year: i32, diags: &mut Diagnostics) -> Option<DataFrame> {
    let table = read_table(&sheet, COLUMNS, diags)?;
    let mut ok = true;
    let mut topics = Vec::new();
    let mut ids = FirstSeen::default();
    for row in table.rows() {
        let mut r = table.reader(row, diags);
        let id = r.id(ID);
        if let Some(id) = &id {
            ids.check(&mut r, ID, id, "課題番号");
        }
        let program = r.shared_text(PROGRAM);
        let title = r.shared_text(TITLE);
        let adopted_fy = r.fiscal_year(ADOPTED_FY);
        if let Some(year) = adopted_fy {
            if year > fiscal_year {
                r.fail(ADOPTED_FY, Msg::AdoptedAfterRound { year, fiscal_year });
            }
        }
        let grant = r.non_negative(GRANT);
        let area = r.raw(AREA, Expect::PriorityArea).and_then(|v| {
            let area = parse_area(&v);
            if area.is_none() {
                r.fail(
                    AREA,
                    Msg::NotAChoice {
                        expected: Expect::PriorityArea,
                        found: v.found(),
                    },
                );
            }
            area
        });
        let stage_adopted = r.integer_in(STAGE_ADOPTED, 1, 4, Term::Stage);
        let stage_current = r.raw(STAGE_CURRENT, Expect::StageOrLaunch).and_then(|v| {
            let stage = parse_stage_current(&v);
            if stage.is_none() {
                r.fail(
                    STAGE_CURRENT,
                    Msg::OutOfRange {
                        expected: Expect::StageOrLaunch,
                        found: v.found(),
                    },
                );
            }
            stage
        });
        if let (Some(adopted), Some(current), Some(id)) = (stage_adopted, stage_current, &id) {
            if current < adopted {
                r.warn(
                    STAGE_CURRENT,
                    Msg::StageRegression {
                        current,
                        adopted,
                        id: id.to_string(),
                    },
                );
            }
        }
        match (
            r.ok(),
            id,
            program,
            title,
            adopted_fy,
            grant,
            area,
            stage_adopted,
            stage_current,
        ) {
            (
                true,
                Some(id),
                Some(program),
                Some(title),
                Some(adopted_fy),
                Some(grant),
                Some(area),
                Some(stage_adopted),
                Some(stage_current),
            ) => topics.push(Topic {
                id,
                program,
                title,
                adopted_fy,
                grant,
                area,
                stage_adopted,
                stage_current,
                row: row.row as i64 + 1,
                grant_col: table.column(GRANT),
            }),
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    implausible_grants(&topics, &sheet, diags);
    let frame = FrameBuilder::new()
        .str("id", topics.iter().map(|t| t.id.as_str()))
        .str("program", topics.iter().map(|t| t.program.as_str()))
        .str("title", topics.iter().map(|t| t.title.as_str()))
        .i32("adopted_fy", topics.iter().map(|t| t.adopted_fy))
        .f64("grant", topics.iter().map(|t| t.grant))
        .str("area", topics.iter().map(|t| t.area))
        .i32(
            "stage_adopted",
            topics.iter().map(|t| t.stage_adopted as i32),
        )
        .i32(
            "stage_current",
            topics.iter().map(|t| t.stage_current as i32),
        )
        .i32("row", topics.iter().map(|t| t.row as i32));
    frame.finish(sheet, diags)
}

/// Grants far above the round's median (SPEC §17: 円 typed for 千円), at
/// their cells.
fn implausible_grants(topics: &[Topic], sheet: &SheetData, diags: &mut Diagnostics) {
    use crate::checks::values::{implausible_grants, show_median};
    let grants: Vec<f64> = topics.iter().map(|t| t.grant).collect();
    let (flagged, median) = implausible_grants(&grants);
    for i in flagged {
        let t = &topics[i];
        diags.warning(
            crate::diag::Location::cell(&sheet.path, &sheet.sheet, (t.row - 1) as u32, t.grant_col),
            crate::diag::Msg::GrantImplausible {
                value: crate::numfmt::shortest(t.grant),
                median: show_median(median),
                factor: crate::checks::thresholds::GRANT_FACTOR,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> CellValue {
        CellValue::text(s)
    }

    #[test]
    fn areas_and_stages() {
        assert_eq!(parse_area(&CellValue::Number(3.0)), Some("area3"));
        assert_eq!(parse_area(&t("５")), Some("area5"));
        assert_eq!(parse_area(&t("なし")), Some("none"));
        assert_eq!(parse_area(&t("複数")), Some("multi"));
        assert_eq!(parse_area(&CellValue::Number(6.0)), None);
        assert_eq!(parse_stage_current(&t("上市")), Some(LAUNCHED));
        assert_eq!(parse_stage_current(&t("2nd")), Some(2));
        assert_eq!(parse_stage_current(&CellValue::Number(5.0)), None);
    }
}
