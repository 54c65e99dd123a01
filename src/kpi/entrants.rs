//! KPI 2 — 医機連加盟団体へのベンチャー企業及び異業種企業の参加状況: ventures and
//! cross-industry entrants among the JFMDA member companies (seed:
//! "KPI;ベンチャー・異業種企業(方法)" definitions, "(結果)" figures). The
//! classes are derived columns of the companies frame (`model::derive`).

use crate::indicator::{UNIT_CASES, UNIT_COMPANIES, UNIT_RATIO};
use crate::model::expr::{Pred, Weight};
use crate::model::measure::{Defs, On, Rule};
use crate::model::FrameId;
use crate::model::RoundData;

pub use crate::model::derive::{
    CROSS_INDUSTRY_MAX_YEARS, VENTURE_MAX_AGE_YEARS, VENTURE_MAX_CAPITAL, VENTURE_MAX_EMPLOYEES,
};

/// The rates averaged over the last four rounds (SPEC §3 "4カ年平均").
const MEAN4: [&str; 4] = [
    "venture_rate",
    "cross_industry_rate",
    "venture_product_rate",
    "cross_industry_product_rate",
];

/// The 3rd-plan candidate 新規参入率 is the sum of these two rates (seed:
/// "計15%が新規参入").
const NEW_ENTRANT_PARTS: [&str; 2] = ["kpi2.venture_rate", "kpi2.cross_industry_rate"];

/// The rates a figure of KPI 2 is the sum of, where it is a sum: the report
/// shows their n and marks the sum when one of them has a small sample.
pub fn sum_parts(key: &str) -> &'static [&'static str] {
    match key {
        "kpi2.new_entrant_rate" => &NEW_ENTRANT_PARTS,
        _ => &[],
    }
}

pub fn define(rounds: &[RoundData], defs: &mut Defs) {
    let mut with_survey: Vec<String> = Vec::new();
    for (i, data) in rounds.iter().enumerate() {
        if data.companies.is_none() {
            continue;
        }
        let label = data.round.config.label.as_str();
        let mut on = On {
            defs: &mut *defs,
            round: i,
            frame: FrameId::Companies,
            multiplier: 1.0,
        };
        let domestic = Pred::Is("domestic");
        let all = on.rows(Pred::All, Weight::One);
        let domestic_n = on.rows(domestic.clone(), Weight::One);
        let ventures = on.rows(Pred::Is("venture"), Weight::One);
        let cross = on.rows(Pred::Is("cross_industry"), Weight::One);
        // Ventures are counted separately, so they leave the cross-industry
        // denominator too.
        let domestic_non_venture = on.rows(domestic.and(!Pred::Is("venture")), Weight::One);
        let mut classes = Vec::new();
        for name in ["venture", "cross_industry"] {
            let class = Pred::Is(if name == "venture" {
                "venture"
            } else {
                "cross_industry"
            });
            let specialised = on.rows(class.clone().and(Pred::Is("rd_specialised")), Weight::One);
            // R&D-specialised firms license out and sell no product
            // themselves, so the product rate leaves them out (seed:
            // "研究開発特化型…は数に含まれない").
            let selling = class.and(!Pred::Is("rd_specialised"));
            let with_product = on.rows(
                selling.clone().and(Pred::Is("marketable_product")),
                Weight::One,
            );
            let selling = on.rows(selling, Weight::One);
            classes.push((name, specialised, with_product, selling));
        }
        defs.count("kpi2.responses", label, UNIT_CASES, &all);
        defs.count("kpi2.responses_domestic", label, UNIT_CASES, &domestic_n);
        defs.count("kpi2.venture", label, UNIT_COMPANIES, &ventures);
        defs.ratio(
            "kpi2.venture_rate",
            label,
            UNIT_RATIO,
            &ventures,
            &domestic_n,
        );
        defs.ratio(
            "kpi2.venture_rate_incl_foreign",
            label,
            UNIT_RATIO,
            &ventures,
            &all,
        );
        defs.count("kpi2.cross_industry", label, UNIT_COMPANIES, &cross);
        defs.ratio(
            "kpi2.cross_industry_rate",
            label,
            UNIT_RATIO,
            &cross,
            &domestic_non_venture,
        );
        for (name, specialised, with_product, selling) in &classes {
            defs.count(
                format!("kpi2.rd_specialised_{name}"),
                label,
                UNIT_COMPANIES,
                specialised,
            );
            defs.ratio(
                format!("kpi2.{name}_product_rate"),
                label,
                UNIT_RATIO,
                with_product,
                selling,
            );
        }
        // 3rd-plan candidate: the two rates added.
        defs.push(
            "kpi2.new_entrant_rate",
            label,
            UNIT_RATIO,
            Rule::SumOf(NEW_ENTRANT_PARTS.map(str::to_string).to_vec()),
        );
        with_survey.push(label.to_string());
        // 4カ年平均: the simple mean of the last four rounds' rates that are
        // defined (SPEC §3); defined after this round's rates.
        let newest_first: Vec<String> = rounds[..=i]
            .iter()
            .rev()
            .map(|r| r.round.config.label.clone())
            .collect();
        for key in MEAN4 {
            defs.push(
                format!("kpi2.{key}_mean4"),
                label,
                UNIT_RATIO,
                Rule::MeanOfLatest {
                    key: format!("kpi2.{key}"),
                    rounds: newest_first.clone(),
                    take: 4,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fiscal::years_before;
    use crate::ingest::companies::FLAGS;
    use crate::ingest::frame::FrameBuilder;
    use crate::kpi::testing::date;
    use chrono::NaiveDate;
    use polars_core::prelude::DataFrame;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Class {
        Venture,
        CrossIndustry,
        Neither,
    }

    /// The derived class and reasons of each company at reference date `d`.
    fn classified(df: DataFrame, d: NaiveDate) -> Vec<(Class, String, String)> {
        let mut r = crate::kpi::testing::round("R7", 2025, false);
        r.round.config.reference_date = d;
        r.companies = Some(df);
        crate::model::derive::derive(&mut r).unwrap();
        let df = crate::model::derive::with_reasons(r.companies.as_ref().unwrap(), d).unwrap();
        let flag = |c: &str| -> Vec<bool> {
            df.column(c)
                .unwrap()
                .bool()
                .unwrap()
                .iter()
                .map(|v| v.unwrap())
                .collect()
        };
        let text = |c: &str| -> Vec<String> {
            df.column(c)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|v| v.unwrap().to_string())
                .collect()
        };
        let (v, c) = (flag("venture"), flag("cross_industry"));
        let (vr, cr) = (text("venture_reason"), text("cross_industry_reason"));
        (0..v.len())
            .map(|i| {
                let class = match (v[i], c[i]) {
                    (true, false) => Class::Venture,
                    (false, true) => Class::CrossIndustry,
                    (false, false) => Class::Neither,
                    (true, true) => panic!("a venture is never also cross-industry"),
                };
                (class, vr[i].clone(), cr[i].clone())
            })
            .collect()
    }

    fn classify(df: &DataFrame, d: NaiveDate) -> Vec<Class> {
        classified(df.clone(), d).into_iter().map(|c| c.0).collect()
    }

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
        assert_eq!(got[0], Class::Venture);
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
        let got = classified(
            frame(&[C {
                domestic: false,
                ..young(date(2020, 1, 1))
            }]),
            date(2026, 1, 1),
        );
        assert_eq!(got[0].1, "ベンチャーでない: 外資");
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
        let t = crate::kpi::testing::table(rounds);
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
        let got = classified(frame(&cs), d);
        assert_eq!(
            got.iter().map(|c| c.0).collect::<Vec<_>>(),
            [
                Class::Venture,
                Class::CrossIndustry,
                Class::Neither,
                Class::Neither,
                Class::Neither
            ]
        );
        // Every reason names the facts against each rule, in Japanese.
        assert_eq!(
            got[0].1,
            "ベンチャー: 内資; 自社研究開発あり; 輸入主体でない; 設立 2011-01-01: 基準日の15年前(2011-01-01)以降; 資本金 300百万円 ≤ 300; 従業員 300名 ≤ 300"
        );
        assert_eq!(got[0].2, "ベンチャーとして別途集計(異業種から除外)");
        assert_eq!(
            got[1].2,
            "異業種: 内資; 自社研究開発あり; 異業種参入; 医療機器研究開発開始 2021-01-01: 基準日の5年前(2021-01-01)以降"
        );
        assert_eq!(
            got[2].1,
            "ベンチャーでない: 設立 1970-01-01: 基準日の15年前(2011-01-01)より前; 資本金 9000百万円 > 300; 従業員 900名 > 300"
        );
        assert_eq!(
            got[2].2,
            "異業種でない: 医療機器研究開発開始 2020-12-31: 基準日の5年前(2021-01-01)より前"
        );
        assert_eq!(got[4].1, "ベンチャーでない: 輸入主体");
        assert_eq!(
            got[4].2,
            "異業種でない: 異業種参入でない; 医療機器研究開発開始日なし"
        );
    }
}
