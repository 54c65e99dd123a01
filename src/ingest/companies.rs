//! `companies.xlsx`, sheet `回答`: the JFMDA member-company survey (SPEC §4.3).
//!
//! Frame `companies`, one row per responding company:
//! `id` str, `domestic` bool (内資), `founded` date, `capital_million_yen` f64,
//! `employees` i64, `own_rd`, `importer`, `cross_industry_entry` bool,
//! `rd_start` date?, `rd_specialised`, `marketable_product`,
//! `base_rd`, `base_production`, `base_sales`, `base_training`, `base_other`,
//! `export`, `ip_abroad`, `investment`, `regulatory`, `joint_rd` bool,
//! `row` i64 (1-based sheet row).

use chrono::NaiveDate;
use polars_core::prelude::DataFrame;

use crate::diag::Diagnostics;
use crate::ingest::frame::FrameBuilder;
use crate::ingest::source::SheetData;
use crate::ingest::table::{read_table, Column, FirstSeen};

pub const SHEET: &str = crate::schema::COMPANIES_SHEET.name;

/// The yes/no columns after the company profile: (sheet column, frame column).
pub const FLAGS: [(&str, &str); 15] = [
    ("自社研究開発", "own_rd"),
    ("輸入主体", "importer"),
    ("異業種参入", "cross_industry_entry"),
    ("研究開発特化型", "rd_specialised"),
    ("上市可能製品", "marketable_product"),
    ("海外拠点_研究開発", "base_rd"),
    ("海外拠点_生産", "base_production"),
    ("海外拠点_販売", "base_sales"),
    ("海外拠点_教育", "base_training"),
    ("海外拠点_その他", "base_other"),
    ("輸出", "export"),
    ("知財海外出願", "ip_abroad"),
    ("海外投資", "investment"),
    ("海外許認可申請", "regulatory"),
    ("海外共同研究開発", "joint_rd"),
];

const ID: usize = 0;
const CAPITAL_KIND: usize = 1;
const FOUNDED: usize = 2;
const CAPITAL: usize = 3;
const EMPLOYEES: usize = 4;
const RD_START: usize = 8;

/// The column of each of [`FLAGS`], in SPEC §4.3 order (医療機器研究開発開始日
/// stands between 異業種参入 and 研究開発特化型).
const FLAG_COLUMNS: [usize; 15] = [5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

const COLUMNS: &[Column] = crate::schema::COMPANIES_SHEET.fields;

struct Company {
    id: String,
    domestic: bool,
    founded: NaiveDate,
    capital: f64,
    employees: i64,
    rd_start: Option<NaiveDate>,
    flags: [bool; 15],
    row: i64,
}

/// Reads the survey; `reference_date` is the round's 基準日, used to warn
/// about dates after it.
pub fn read(
    sheet: SheetData,
    reference_date: NaiveDate,
    diags: &mut Diagnostics,
) -> Option<DataFrame> {
    let table = read_table(&sheet, COLUMNS, diags)?;
    let mut ok = true;
    let mut companies = Vec::new();
    let mut ids = FirstSeen::default();
    for row in table.rows() {
        let mut r = table.reader(row, diags);
        let id = r.id(ID).map(|id| id.to_string());
        if let Some(id) = &id {
            ids.check(&mut r, ID, id, "回答ID");
        }
        let domestic = r
            .choice(CAPITAL_KIND, crate::schema::CAPITAL_KINDS)
            .map(|i| i == 0);
        let founded = r.date(FOUNDED);
        let capital = r.non_negative(CAPITAL);
        let employees = r.count(EMPLOYEES);
        // Cells are read in column order, so messages come out in that order.
        let mut flags = [false; 15];
        let mut flags_ok = true;
        let mut rd_start = None;
        for column in FLAG_COLUMNS[0]..COLUMNS.len() {
            if column == RD_START {
                rd_start = r.date(RD_START);
            } else if let Some(i) = FLAG_COLUMNS.iter().position(|c| *c == column) {
                match r.yes_no(column) {
                    Some(v) => flags[i] = v,
                    None => flags_ok = false,
                }
            }
        }
        for (index, date, what) in [
            (FOUNDED, founded, "設立日"),
            (RD_START, rd_start, "医療機器研究開発開始日"),
        ] {
            if let Some(date) = date {
                if date > reference_date {
                    r.warn(
                        index,
                        crate::diag::Msg::CompanyDateAfterReference {
                            what: what.to_string(),
                            date: date.to_string(),
                            reference: reference_date.to_string(),
                        },
                    );
                }
            }
        }
        match (
            r.ok() && flags_ok,
            id,
            domestic,
            founded,
            capital,
            employees,
        ) {
            (true, Some(id), Some(domestic), Some(founded), Some(capital), Some(employees)) => {
                companies.push(Company {
                    id,
                    domestic,
                    founded,
                    capital,
                    employees,
                    rd_start,
                    flags,
                    row: row.row as i64 + 1,
                })
            }
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let mut frame = FrameBuilder::new()
        .str("id", companies.iter().map(|c| &c.id))
        .bool("domestic", companies.iter().map(|c| c.domestic))
        .date("founded", companies.iter().map(|c| c.founded))
        .f64("capital_million_yen", companies.iter().map(|c| c.capital))
        .i64("employees", companies.iter().map(|c| c.employees))
        .opt_date("rd_start", companies.iter().map(|c| c.rd_start));
    for (i, (_, name)) in FLAGS.iter().enumerate() {
        frame = frame.bool(name, companies.iter().map(|c| c.flags[i]));
    }
    frame = frame.i64("row", companies.iter().map(|c| c.row));
    frame.finish(sheet, diags)
}
