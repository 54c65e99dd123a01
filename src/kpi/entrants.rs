//! KPI 2 — 医機連加盟団体へのベンチャー企業及び異業種企業の参加状況: ventures and
//! cross-industry entrants among the JFMDA member companies (seed:
//! "KPI;ベンチャー・異業種企業(方法)" definitions, "(結果)" figures).

use chrono::NaiveDate;
use polars_core::prelude::DataFrame;

use crate::fiscal::years_before;
use crate::indicator::{RoundFigures, UNIT_CASES, UNIT_COMPANIES, UNIT_RATIO};
use crate::ingest::RoundData;
use crate::kpi::{bools, dates, floats, ints, mean_of_last_four, strings, Section};

/// Founded within this many years of the reference date (創業から15年以内).
pub const VENTURE_MAX_AGE_YEARS: u32 = 15;
/// Capital or total investment at most 3億円 (in 百万円).
pub const VENTURE_MAX_CAPITAL: f64 = 300.0;
/// At most 300 employees (and-condition with capital).
pub const VENTURE_MAX_EMPLOYEES: i64 = 300;
/// Medical-device R&D begun within this many years (過去5年以内).
pub const CROSS_INDUSTRY_MAX_YEARS: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Venture,
    CrossIndustry,
    Neither,
}

/// The facts of one company that decide its class, as read from the survey.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    pub domestic: bool,
    pub own_rd: bool,
    pub importer: bool,
    pub founded: Option<NaiveDate>,
    pub capital: Option<f64>,
    pub employees: Option<i64>,
    pub entry: bool,
    pub rd_start: Option<NaiveDate>,
}

/// One company's classification at the reference date, with the facts that
/// decided it, so any figure can be explained ([`Classification::reasons`]).
/// The reasons are worded only when asked for: at survey scale they would
/// be most of the cost of KPI 2.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    pub id: String,
    pub row: i64,
    pub domestic: bool,
    pub class: Class,
    pub rd_specialised: bool,
    pub marketable_product: bool,
    pub facts: Facts,
    pub reference_date: NaiveDate,
}

impl Facts {
    fn venture_from(d: NaiveDate) -> NaiveDate {
        years_before(d, VENTURE_MAX_AGE_YEARS)
    }

    fn cross_from(d: NaiveDate) -> NaiveDate {
        years_before(d, CROSS_INDUSTRY_MAX_YEARS)
    }

    /// Why the company is not a venture at `d` (empty: it is one).
    fn venture_failures(&self, d: NaiveDate) -> Vec<String> {
        let from = Self::venture_from(d);
        let mut fails = Vec::new();
        if !self.domestic {
            fails.push("外資 (head office abroad)".to_string());
        }
        if !self.own_rd {
            fails.push("does no medical-device R&D itself".to_string());
        }
        if self.importer {
            fails.push("mainly imports (輸入主体)".to_string());
        }
        match self.founded {
            Some(f) if f >= from => {}
            Some(f) => fails.push(format!(
                "founded {f}, before {from} (reference date − {VENTURE_MAX_AGE_YEARS} years)"
            )),
            None => fails.push("no founding date".to_string()),
        }
        let cap = self.capital.unwrap_or(f64::INFINITY);
        if cap > VENTURE_MAX_CAPITAL {
            fails.push(format!("capital {cap} 百万円 > {VENTURE_MAX_CAPITAL}"));
        }
        let emp = self.employees.unwrap_or(i64::MAX);
        if emp > VENTURE_MAX_EMPLOYEES {
            fails.push(format!("{emp} employees > {VENTURE_MAX_EMPLOYEES}"));
        }
        fails
    }

    /// Why the company is not cross-industry at `d`, ventures aside.
    fn cross_failures(&self, d: NaiveDate) -> Vec<String> {
        let from = Self::cross_from(d);
        let mut fails = Vec::new();
        if !self.domestic {
            fails.push("外資 (head office abroad)".to_string());
        }
        if !self.own_rd {
            fails.push("does no medical-device R&D itself".to_string());
        }
        if !self.entry {
            fails.push("not from another industry (異業種参入 no)".to_string());
        }
        match self.rd_start {
            Some(s) if s >= from => {}
            Some(s) => fails.push(format!(
                "medical-device R&D began {s}, before {from} (reference date − {CROSS_INDUSTRY_MAX_YEARS} years)"
            )),
            None => fails.push("no medical-device R&D start date".to_string()),
        }
        fails
    }

    /// The rules of the seed's definitions (inclusive boundaries), without
    /// wording anything.
    fn is_venture(&self, d: NaiveDate) -> bool {
        self.domestic
            && self.own_rd
            && !self.importer
            && self.founded.is_some_and(|f| f >= Self::venture_from(d))
            && self.capital.is_some_and(|c| c <= VENTURE_MAX_CAPITAL)
            && self.employees.is_some_and(|e| e <= VENTURE_MAX_EMPLOYEES)
    }

    fn is_cross_industry(&self, d: NaiveDate) -> bool {
        self.domestic
            && self.own_rd
            && self.entry
            && self.rd_start.is_some_and(|s| s >= Self::cross_from(d))
    }
}

impl Classification {
    /// Every reason that decided the class, worded for a person.
    pub fn reasons(&self) -> Vec<String> {
        let d = self.reference_date;
        let not_venture = || {
            self.facts
                .venture_failures(d)
                .into_iter()
                .map(|f| format!("not a venture: {f}"))
        };
        match self.class {
            Class::Venture => vec![format!(
                "venture: 内資, own R&D, not an importer, founded on or after {}, capital ≤ {VENTURE_MAX_CAPITAL} 百万円 and ≤ {VENTURE_MAX_EMPLOYEES} employees",
                Facts::venture_from(d)
            )],
            Class::CrossIndustry => std::iter::once(format!(
                "cross-industry: 内資, own R&D, entered from another industry, medical-device R&D begun on or after {}",
                Facts::cross_from(d)
            ))
            .chain(not_venture())
            .collect(),
            Class::Neither => not_venture()
                .chain(
                    self.facts
                        .cross_failures(d)
                        .into_iter()
                        .map(|f| format!("not cross-industry: {f}")),
                )
                .collect(),
        }
    }
}

/// Classifies every company of the survey at reference date `d`.
pub fn classify(df: &DataFrame, d: NaiveDate) -> Vec<Classification> {
    let id = strings(df, "id");
    let row = ints(df, "row");
    let domestic = bools(df, "domestic");
    let founded = dates(df, "founded");
    let capital = floats(df, "capital_million_yen");
    let employees = ints(df, "employees");
    let own_rd = bools(df, "own_rd");
    let importer = bools(df, "importer");
    let entry = bools(df, "cross_industry_entry");
    let rd_start = dates(df, "rd_start");
    let specialised = bools(df, "rd_specialised");
    let product = bools(df, "marketable_product");
    (0..id.len())
        .map(|i| {
            let facts = Facts {
                domestic: domestic[i],
                own_rd: own_rd[i],
                importer: importer[i],
                founded: founded[i],
                capital: capital[i],
                employees: employees[i],
                entry: entry[i],
                rd_start: rd_start[i],
            };
            // Ventures are counted separately, so a venture is never also
            // cross-industry (seed: "ベンチャーは別途集計するため除外する").
            let class = if facts.is_venture(d) {
                Class::Venture
            } else if facts.is_cross_industry(d) {
                Class::CrossIndustry
            } else {
                Class::Neither
            };
            Classification {
                id: id[i].to_string(),
                row: row[i].unwrap_or(0),
                domestic: domestic[i],
                class,
                rd_specialised: specialised[i],
                marketable_product: product[i],
                facts,
                reference_date: d,
            }
        })
        .collect()
}

pub fn keys() -> Vec<String> {
    [
        "responses",
        "responses_domestic",
        "venture",
        "venture_rate",
        "venture_rate_incl_foreign",
        "cross_industry",
        "cross_industry_rate",
        "venture_rate_mean4",
        "cross_industry_rate_mean4",
        "rd_specialised_venture",
        "rd_specialised_cross_industry",
        "venture_product_rate",
        "cross_industry_product_rate",
        "venture_product_rate_mean4",
        "cross_industry_product_rate_mean4",
        "new_entrant_rate",
    ]
    .iter()
    .map(|k| format!("kpi2.{k}"))
    .collect()
}

pub fn compute(rounds: &[RoundData]) -> Section {
    let mut figures: Vec<(String, RoundFigures)> = rounds
        .iter()
        .map(|r| (r.round.config.label.clone(), compute_round(r)))
        .collect();
    // 4カ年平均: the simple mean of the last four rounds' rates (SPEC §3).
    for upto in 0..figures.len() {
        let label = figures[upto].0.clone();
        if figures[upto].1.get("kpi2.responses").is_none() {
            continue;
        }
        for key in [
            "venture_rate",
            "cross_industry_rate",
            "venture_product_rate",
            "cross_industry_product_rate",
        ] {
            if let Some((sum, n)) = mean_of_last_four(&figures, upto, &format!("kpi2.{key}")) {
                figures[upto].1.ratio(
                    format!("kpi2.{key}_mean4"),
                    &label,
                    sum,
                    n as f64,
                    UNIT_RATIO,
                );
            }
        }
    }
    Section {
        kpi: 2,
        keys: keys(),
        rounds: figures,
    }
}

fn compute_round(data: &RoundData) -> RoundFigures {
    let label = data.round.config.label.as_str();
    let mut f = RoundFigures::new();
    let Some(df) = &data.companies else {
        return f;
    };
    let companies = classify(df, data.round.config.reference_date);
    let all = companies.len() as f64;
    let domestic = companies.iter().filter(|c| c.domestic).count() as f64;
    let of = |class: Class| companies.iter().filter(move |c| c.class == class);
    let ventures = of(Class::Venture).count() as f64;
    let cross = of(Class::CrossIndustry).count() as f64;
    f.count("kpi2.responses", label, all, UNIT_CASES);
    f.count("kpi2.responses_domestic", label, domestic, UNIT_CASES);
    f.count("kpi2.venture", label, ventures, UNIT_COMPANIES);
    f.ratio("kpi2.venture_rate", label, ventures, domestic, UNIT_RATIO);
    f.ratio(
        "kpi2.venture_rate_incl_foreign",
        label,
        ventures,
        all,
        UNIT_RATIO,
    );
    f.count("kpi2.cross_industry", label, cross, UNIT_COMPANIES);
    // Ventures are counted separately, so they leave the denominator too.
    f.ratio(
        "kpi2.cross_industry_rate",
        label,
        cross,
        domestic - ventures,
        UNIT_RATIO,
    );
    for (class, name) in [
        (Class::Venture, "venture"),
        (Class::CrossIndustry, "cross_industry"),
    ] {
        let specialised = of(class).filter(|c| c.rd_specialised).count() as f64;
        f.count(
            format!("kpi2.rd_specialised_{name}"),
            label,
            specialised,
            UNIT_COMPANIES,
        );
        // R&D-specialised firms license out and sell no product themselves,
        // so the product rate leaves them out (seed: "研究開発特化型…は数に含まれない").
        let selling: Vec<&Classification> = of(class).filter(|c| !c.rd_specialised).collect();
        let with_product = selling.iter().filter(|c| c.marketable_product).count() as f64;
        f.ratio(
            format!("kpi2.{name}_product_rate"),
            label,
            with_product,
            selling.len() as f64,
            UNIT_RATIO,
        );
    }
    // 3rd-plan candidate: the two rates added (seed: "計15%が新規参入").
    if let (Some(v), Some(c)) = (
        f.value("kpi2.venture_rate"),
        f.value("kpi2.cross_industry_rate"),
    ) {
        f.ratio("kpi2.new_entrant_rate", label, v + c, 1.0, UNIT_RATIO);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::companies::FLAGS;
    use crate::ingest::frame::FrameBuilder;
    use crate::kpi::testing::date;

    /// A company for the classification tests; `flags` names the yes/no
    /// columns that are yes.
    struct C {
        domestic: bool,
        founded: NaiveDate,
        capital: f64,
        employees: i64,
        rd_start: Option<NaiveDate>,
        flags: &'static [&'static str],
    }

    const VENTURE_FLAGS: &[&str] = &["own_rd"];
    const ENTRANT_FLAGS: &[&str] = &["own_rd", "cross_industry_entry"];

    fn frame(cs: &[C]) -> DataFrame {
        let mut b = FrameBuilder::new()
            .str("id", (0..cs.len()).map(|i| format!("C{i}")))
            .bool("domestic", cs.iter().map(|c| c.domestic))
            .date("founded", cs.iter().map(|c| c.founded))
            .f64("capital_million_yen", cs.iter().map(|c| c.capital))
            .i64("employees", cs.iter().map(|c| c.employees))
            .opt_date("rd_start", cs.iter().map(|c| c.rd_start));
        for (_, name) in FLAGS {
            b = b.bool(name, cs.iter().map(|c| c.flags.contains(&name)));
        }
        b.i64("row", (0..cs.len()).map(|i| i as i64 + 2))
            .build()
            .unwrap()
    }

    fn young(founded: NaiveDate) -> C {
        C {
            domestic: true,
            founded,
            capital: 10.0,
            employees: 5,
            rd_start: None,
            flags: VENTURE_FLAGS,
        }
    }

    fn classes(cs: &[C]) -> Vec<Class> {
        classify(&frame(cs), date(2026, 1, 1))
            .into_iter()
            .map(|c| c.class)
            .collect()
    }

    #[test]
    fn venture_boundaries_are_inclusive() {
        let on_boundary = young(date(2011, 1, 1));
        let day_before = young(date(2010, 12, 31));
        let max_size = C {
            capital: 300.0,
            employees: 300,
            ..young(date(2020, 1, 1))
        };
        let capital_over = C {
            capital: 300.5,
            ..young(date(2020, 1, 1))
        };
        let staff_over = C {
            employees: 301,
            ..young(date(2020, 1, 1))
        };
        assert_eq!(
            classes(&[on_boundary, day_before, max_size, capital_over, staff_over]),
            [
                Class::Venture,
                Class::Neither,
                Class::Venture,
                Class::Neither,
                Class::Neither
            ]
        );
    }

    #[test]
    fn leap_day_reference_date() {
        let c = young(date(2009, 2, 28));
        let got = classify(&frame(&[c]), date(2024, 2, 29));
        assert_eq!(got[0].class, Class::Venture);
    }

    #[test]
    fn foreign_startup_and_importing_sme_are_not_ventures() {
        let foreign = C {
            domestic: false,
            ..young(date(2020, 1, 1))
        };
        let importer = C {
            flags: &["own_rd", "importer"],
            ..young(date(2020, 1, 1))
        };
        let no_rd = C {
            flags: &[],
            ..young(date(2020, 1, 1))
        };
        assert_eq!(classes(&[foreign, importer, no_rd]), [Class::Neither; 3]);
        let got = classify(
            &frame(&[C {
                domestic: false,
                ..young(date(2020, 1, 1))
            }]),
            date(2026, 1, 1),
        );
        assert_eq!(
            got[0].reasons()[0],
            "not a venture: 外資 (head office abroad)"
        );
    }

    #[test]
    fn cross_industry_rules() {
        let old = date(1970, 4, 1);
        let entrant = |rd_start: Option<NaiveDate>| C {
            domestic: true,
            founded: old,
            capital: 5000.0,
            employees: 2000,
            rd_start,
            flags: ENTRANT_FLAGS,
        };
        let young_entrant = C {
            rd_start: Some(date(2023, 1, 1)),
            flags: ENTRANT_FLAGS,
            ..young(date(2020, 1, 1))
        };
        assert_eq!(
            classes(&[
                entrant(Some(date(2021, 1, 1))),
                entrant(Some(date(2020, 12, 31))),
                entrant(None),
                young_entrant,
            ]),
            [
                Class::CrossIndustry,
                Class::Neither,
                Class::Neither,
                Class::Venture
            ]
        );
    }

    #[test]
    fn rates_and_four_round_mean() {
        use crate::kpi::testing::{round, value};
        let old = date(1970, 4, 1);
        let big = || C {
            domestic: true,
            founded: old,
            capital: 5000.0,
            employees: 2000,
            rd_start: None,
            flags: &["own_rd"],
        };
        let mut rounds = Vec::new();
        // Round i has i+1 ventures among 10 domestic and 2 foreign companies.
        for (i, (label, fy)) in [
            ("R4", 2022),
            ("R5", 2023),
            ("R6", 2024),
            ("R7", 2025),
            ("R8", 2026),
        ]
        .iter()
        .enumerate()
        {
            let mut r = round(label, *fy, false);
            let d = r.round.config.reference_date;
            let mut cs: Vec<C> = (0..=i).map(|_| young(years_before(d, 1))).collect();
            while cs.len() < 10 {
                cs.push(big());
            }
            cs.push(C {
                domestic: false,
                ..big()
            });
            cs.push(C {
                domestic: false,
                ..big()
            });
            r.companies = Some(frame(&cs));
            rounds.push(r);
        }
        let s = compute(&rounds);
        let t = crate::indicator::order(&s.keys, &s.rounds);
        assert_eq!(value(&t, "kpi2.responses", "R4"), Some(12.0));
        assert_eq!(value(&t, "kpi2.venture_rate", "R5"), Some(0.2));
        assert_eq!(
            value(&t, "kpi2.venture_rate_incl_foreign", "R5"),
            Some(2.0 / 12.0)
        );
        // Fewer than four rounds: the mean of those available.
        assert_eq!(
            value(&t, "kpi2.venture_rate_mean4", "R5"),
            Some((0.1 + 0.2) / 2.0)
        );
        // R8: the last four rounds only (R5–R8), not R4.
        let m = value(&t, "kpi2.venture_rate_mean4", "R8").unwrap();
        assert!((m - (0.2 + 0.3 + 0.4 + 0.5) / 4.0).abs() < 1e-12);
        let row = t
            .iter()
            .find(|i| i.key == "kpi2.venture_rate_mean4" && i.round == "R8")
            .unwrap();
        assert_eq!(row.denominator, Some(4.0));
        // Cross-industry rate: denominator domestic − ventures.
        let cross = t
            .iter()
            .find(|i| i.key == "kpi2.cross_industry_rate" && i.round == "R5")
            .unwrap();
        assert_eq!(cross.denominator, Some(8.0));
    }

    /// The worded reasons follow the same rules as the class.
    #[test]
    fn reasons_agree_with_the_class() {
        let d = date(2026, 1, 1);
        let mut cs = Vec::new();
        for (domestic, founded, capital, employees, rd_start, flags) in [
            (true, date(2011, 1, 1), 300.0, 300, None, VENTURE_FLAGS),
            (
                true,
                date(2010, 12, 31),
                10.0,
                5,
                Some(date(2021, 1, 1)),
                ENTRANT_FLAGS,
            ),
            (
                true,
                date(1970, 1, 1),
                9000.0,
                900,
                Some(date(2020, 12, 31)),
                ENTRANT_FLAGS,
            ),
            (
                false,
                date(2020, 1, 1),
                10.0,
                5,
                Some(date(2024, 1, 1)),
                ENTRANT_FLAGS,
            ),
            (
                true,
                date(2020, 1, 1),
                10.0,
                5,
                None,
                &["own_rd", "importer"][..],
            ),
        ] {
            cs.push(C {
                domestic,
                founded,
                capital,
                employees,
                rd_start,
                flags,
            });
        }
        let got = classify(&frame(&cs), d);
        assert_eq!(
            got.iter().map(|c| c.class).collect::<Vec<_>>(),
            [
                Class::Venture,
                Class::CrossIndustry,
                Class::Neither,
                Class::Neither,
                Class::Neither
            ]
        );
        for c in &got {
            let reasons = c.reasons();
            match c.class {
                Class::Venture => assert!(c.facts.venture_failures(d).is_empty()),
                Class::CrossIndustry => {
                    assert!(!c.facts.venture_failures(d).is_empty());
                    assert!(c.facts.cross_failures(d).is_empty());
                    assert!(reasons[0].starts_with("cross-industry"));
                }
                Class::Neither => {
                    assert!(!c.facts.venture_failures(d).is_empty());
                    assert!(!c.facts.cross_failures(d).is_empty());
                }
            }
        }
        assert_eq!(
            got[2].reasons(),
            [
                "not a venture: founded 1970-01-01, before 2011-01-01 (reference date − 15 years)",
                "not a venture: capital 9000 百万円 > 300",
                "not a venture: 900 employees > 300",
                "not cross-industry: medical-device R&D began 2020-12-31, before 2021-01-01 (reference date − 5 years)",
            ]
        );
    }
}
