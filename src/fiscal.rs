//! Fiscal years, Japanese eras, dates and the period correction (SPEC §2–3).
//!
//! Everything here is pure: text in, value or an error message out. The
//! messages say what was expected; the caller adds file, sheet and cell.

use chrono::{Months, NaiveDate};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::diag::{Found, Msg};
use crate::numfmt;

/// Shortest round-trip form; whole numbers without a decimal point
/// ([`crate::numfmt::shortest`], kept at this path for its callers).
pub use crate::numfmt::shortest as format_number;

/// True when [`normalize`] would return `text` unchanged.
pub fn is_normal(text: &str) -> bool {
    is_nfkc(text) && text.trim().len() == text.len()
}

/// NFKC leaves ASCII as it is: most cells (IDs, numbers, dates) are
/// answered by one vectorised scan instead of a table look-up a character.
fn is_nfkc(text: &str) -> bool {
    text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes
}

/// NFKC-normalises and trims a cell's text, so `１` reads as `1` and
/// half-width kana as full-width (SPEC §4).
pub fn normalize(text: &str) -> String {
    // Nearly every cell is NFKC already. The quick check answers Yes only
    // for text that NFKC leaves unchanged, one table look-up per character,
    // where nfkc() decomposes and recomposes the whole string: on large
    // rounds that was a fifth of the run (docs/performance.md).
    if is_nfkc(text) {
        return text.trim().to_string();
    }
    text.nfkc().collect::<String>().trim().to_string()
}

/// A Japanese era a fiscal year or date may be written in.
struct Era {
    name: &'static str,
    /// The Latin initial of `R7`, `H30`.
    initial: char,
    /// The Western year of the era's year 1, less one.
    base: i32,
    /// The era's first and last day (ymd), for dates and fiscal years
    /// written outside it (平成31年5月1日, 平成32年度).
    first: (i32, u32, u32),
    last: Option<(i32, u32, u32)>,
}

/// Newest first.
const ERAS: [Era; 4] = [
    Era {
        name: "令和",
        initial: 'R',
        base: 2018,
        first: (2019, 5, 1),
        last: None,
    },
    Era {
        name: "平成",
        initial: 'H',
        base: 1988,
        first: (1989, 1, 8),
        last: Some((2019, 4, 30)),
    },
    Era {
        name: "昭和",
        initial: 'S',
        base: 1925,
        first: (1926, 12, 25),
        last: Some((1989, 1, 7)),
    },
    Era {
        name: "大正",
        initial: 'T',
        base: 1911,
        first: (1912, 7, 30),
        last: Some((1926, 12, 24)),
    },
];

impl Era {
    fn first_day(&self) -> NaiveDate {
        let (y, m, d) = self.first;
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    fn last_day(&self) -> NaiveDate {
        match self.last {
            Some((y, m, d)) => NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MAX),
            None => NaiveDate::MAX,
        }
    }

    /// True when the days `from..=to` overlap the era.
    fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        from <= self.last_day() && to >= self.first_day()
    }

    /// The message for `text`, written in this era but naming days
    /// outside it, `before` its first day or after its last.
    fn outside(&self, text: &str, before: bool) -> Msg {
        let found = crate::quote::found_text(text);
        if before {
            Msg::BeforeEra {
                found,
                era: self.name.to_string(),
                first: self.first_day().to_string(),
            }
        } else {
            Msg::AfterEra {
                found,
                era: self.name.to_string(),
                last: self.last_day().to_string(),
            }
        }
    }
}

/// Years a fiscal year may plausibly fall in; anything else is a typo.
const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Reads a fiscal year written as `2025`, `2025年度`, `FY2025`, `R7`,
/// `令和7`, `令和7年度`, `令和元年度`, `H30`, `平成30年度`, `S60`, `昭和60年`.
pub fn parse_fiscal_year(text: &str) -> Result<i32, Msg> {
    let t: String = normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let fail = || Msg::NotAFiscalYear {
        found: crate::quote::found_text(text),
    };
    let body = t
        .strip_suffix("年度")
        .or_else(|| t.strip_suffix('年'))
        .unwrap_or(&t);
    let body = body
        .strip_prefix("FY")
        .or_else(|| body.strip_prefix("fy"))
        .unwrap_or(body);
    if let Some((era, rest)) = split_era(body) {
        let year = era.base + era_number(rest).ok_or_else(fail)?;
        // A fiscal year reads when it overlaps the era: 平成31年度 (April
        // 2019 to March 2020) is fiscal 2019, named before 令和 began;
        // 平成32年度 began after 平成 ended.
        let april = NaiveDate::from_ymd_opt(year, 4, 1).ok_or_else(fail)?;
        let march = NaiveDate::from_ymd_opt(year + 1, 3, 31).ok_or_else(fail)?;
        if !era.overlaps(april, march) {
            return Err(era.outside(text, march < era.first_day()));
        }
        return Ok(year);
    }
    let year: i32 = body.parse().map_err(|_| fail())?;
    if YEAR_RANGE.contains(&year) {
        Ok(year)
    } else {
        Err(fail())
    }
}

/// A numeric cell in a fiscal-year column is a Western year.
pub fn fiscal_year_from_number(value: f64) -> Result<i32, Msg> {
    if value.fract() == 0.0 && YEAR_RANGE.contains(&(value as i32)) && value.abs() < 1e6 {
        Ok(value as i32)
    } else {
        Err(Msg::NotAFiscalYear {
            found: Found::Number(numfmt::shortest(value)),
        })
    }
}

/// The short era label of a fiscal year: 2025 → `R7`, 2019 → `R1`,
/// 2018 → `H30`. Fiscal years follow the era that began in that year.
pub fn short_era_label(year: i32) -> String {
    for era in &ERAS {
        if year > era.base {
            return format!("{}{}", era.initial, year - era.base);
        }
    }
    year.to_string()
}

/// The long form: 2025 → `令和7年度`, 2019 → `令和元年度`.
pub fn long_era_label(year: i32) -> String {
    for era in &ERAS {
        if year > era.base {
            let (name, n) = (era.name, year - era.base);
            return if n == 1 {
                format!("{name}元年度")
            } else {
                format!("{name}{n}年度")
            };
        }
    }
    format!("{year}年度")
}

/// A date in the Japanese era form of official documents: 2026-03-19 →
/// `令和8年3月19日`, 2019-05-01 → `令和元年5月1日`; a date before 大正 in
/// the Gregorian form (`1900年1月1日`).
pub fn era_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, d) = (date.year(), date.month(), date.day());
    for era in &ERAS {
        let first = NaiveDate::from_ymd_opt(era.first.0, era.first.1, era.first.2);
        if first.is_some_and(|f| date >= f) {
            let n = y - era.base;
            let year = if n == 1 {
                "元".to_string()
            } else {
                n.to_string()
            };
            return format!("{}{year}年{m}月{d}日", era.name);
        }
    }
    format!("{y}年{m}月{d}日")
}

/// Splits `令和7…`/`R7…` into (its era, the rest).
fn split_era(text: &str) -> Option<(&'static Era, &str)> {
    for era in &ERAS {
        if let Some(rest) = text.strip_prefix(era.name) {
            return Some((era, rest));
        }
        let mut chars = text.chars();
        if let Some(c) = chars.next() {
            if c.eq_ignore_ascii_case(&era.initial) {
                let rest = chars.as_str();
                if rest.starts_with(|d: char| d.is_ascii_digit()) {
                    return Some((era, rest));
                }
            }
        }
    }
    None
}

/// The year within an era: digits or `元` (year 1).
fn era_number(text: &str) -> Option<i32> {
    if text == "元" {
        return Some(1);
    }
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) || text.len() > 3 {
        return None;
    }
    text.parse().ok().filter(|n| *n >= 1)
}

/// A date read from a cell, and whether only a year or a month was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    pub date: NaiveDate,
    pub partial: bool,
}

/// Reads a date written as `2026-01-01`, `2026/1/1`, `2026.1.1`,
/// `2026年1月1日`, `令和8年1月1日`, `R8.1.1`, an ISO date-time, or partially as
/// `1985年`, `2015年4月`, `2015/4` (the first day of that year or month).
pub fn parse_date_text(text: &str) -> Result<ParsedDate, Msg> {
    let t: String = normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let fail = || Msg::NotADate {
        found: crate::quote::found_text(text),
    };
    // An ISO date-time (ODS cells, exports): keep the date part.
    let t = match t.find('T') {
        Some(i) if i == 10 && t.as_bytes().get(4) == Some(&b'-') => t[..i].to_string(),
        _ => t,
    };
    let (era, rest) = match split_era(&t) {
        Some((era, rest)) => (Some(era), rest.to_string()),
        None => (None, t.clone()),
    };
    // Unify the separators: 年/月 and . / - all split fields; 日 ends the day.
    let unified: String = rest
        .trim_end_matches('日')
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' | '-' => '|',
            c => c,
        })
        .collect();
    let unified = unified.trim_end_matches('|');
    let parts: Vec<&str> = unified.split('|').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(fail());
    }
    let year = match era {
        Some(era) => era.base + era_number(parts[0]).ok_or_else(fail)?,
        None => {
            if parts[0].len() != 4 {
                return Err(fail());
            }
            parts[0].parse::<i32>().map_err(|_| fail())?
        }
    };
    let field = |s: &str| -> Result<u32, Msg> {
        if s.len() > 2 || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(fail());
        }
        s.parse::<u32>().map_err(|_| fail())
    };
    let month = parts.get(1).map(|s| field(s)).transpose()?;
    let day = parts.get(2).map(|s| field(s)).transpose()?;
    let date = NaiveDate::from_ymd_opt(year, month.unwrap_or(1), day.unwrap_or(1))
        .filter(|_| YEAR_RANGE.contains(&year))
        .ok_or_else(fail)?;
    let Some(era) = era else {
        return Ok(ParsedDate {
            date,
            partial: day.is_none(),
        });
    };
    // The days the text names (a day, a month or a year) must overlap its
    // era; a year or month alone reads as its first day within the era
    // (令和元年 is 2019-05-01, the era's first day, not 2019-01-01).
    let last = match (month, day) {
        (_, Some(_)) => Some(date),
        (Some(_), None) => date
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt()),
        (None, None) => NaiveDate::from_ymd_opt(year, 12, 31),
    }
    .ok_or_else(fail)?;
    if !era.overlaps(date, last) {
        return Err(era.outside(text, last < era.first_day()));
    }
    Ok(ParsedDate {
        date: date.max(era.first_day()),
        partial: day.is_none(),
    })
}

/// Converts an Excel serial date (1900 date system) to a date. Serial 60 is
/// Excel's fictitious 1900-02-29; serials before it are off by one day.
pub fn excel_serial_to_date(serial: f64) -> Result<NaiveDate, Msg> {
    let fail = || Msg::NotADate {
        found: Found::Number(crate::quote::describe_number(serial)),
    };
    if serial.is_finite() && serial < 1.0 {
        return Err(Msg::SerialBeforeExcelEpoch {
            found: crate::quote::describe_number(serial),
        });
    }
    if serial >= 2_958_466.0 {
        // Excel's last day is 9999-12-31 (serial 2958465); calamine would
        // show a later serial as that day.
        return Err(Msg::DateBeyondExcel {
            found: crate::quote::describe_number(serial),
        });
    }
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return Err(fail());
    }
    let days = serial.floor() as i64;
    if days == 60 {
        return Err(Msg::NonexistentDate {});
    }
    let epoch = if days < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)
    };
    epoch
        .and_then(|e| e.checked_add_signed(chrono::TimeDelta::days(days)))
        .ok_or_else(fail)
}

/// `date` minus `years` years; 29 February becomes 28 February (SPEC §2).
pub fn years_before(date: NaiveDate, years: u32) -> NaiveDate {
    // checked_sub_months clamps to the month's last day, which is the rule.
    date.checked_sub_months(Months::new(years * 12))
        .unwrap_or(NaiveDate::MIN)
}

/// The period correction factor: the period's length in whole years
/// (inclusive days / 365.25, rounded half-up, at least 1). R4's returns
/// covered 2021-04-01..2023-03-06, 705 days, so R4 counts are halved (SPEC §3).
pub fn period_factor(start: NaiveDate, end: NaiveDate) -> Result<u32, Msg> {
    if end < start {
        return Err(Msg::PeriodReversed {
            start: start.to_string(),
            end: end.to_string(),
        });
    }
    let days = (end - start).num_days() + 1;
    let years = (days as f64 / 365.25 + 0.5).floor() as u32;
    Ok(years.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fiscal_year_forms() {
        for (text, year) in [
            ("2025", 2025),
            ("2025年度", 2025),
            ("FY2025", 2025),
            ("R7", 2025),
            ("r7", 2025),
            ("令和7", 2025),
            ("令和7年度", 2025),
            ("令和元年度", 2019),
            ("R1", 2019),
            ("H30", 2018),
            ("平成30年度", 2018),
            ("平成元年", 1989),
            ("S60", 1985),
            ("昭和60年", 1985),
            ("令和７年度", 2025),
            ("Ｒ７", 2025),
            ("２０２５", 2025),
            (" 令和 7 年度 ", 2025),
        ] {
            assert_eq!(parse_fiscal_year(text), Ok(year), "{text}");
        }
    }

    #[test]
    fn fiscal_year_rejects_nonsense() {
        for text in [
            "",
            "来年",
            "R",
            "令和",
            "R0",
            "令和〇年度",
            "25",
            "12345",
            "R7.5",
        ] {
            let err = parse_fiscal_year(text)
                .unwrap_err()
                .text(crate::diag::Lang::En);
            assert!(
                err.starts_with("expected a fiscal year such as 2025"),
                "{text}: {err}"
            );
        }
        assert_eq!(
            parse_fiscal_year("来年")
                .unwrap_err()
                .text(crate::diag::Lang::En),
            "expected a fiscal year such as 2025, R7 or 令和7年度, found \"来年\""
        );
        assert_eq!(fiscal_year_from_number(2023.0), Ok(2023));
        assert!(fiscal_year_from_number(2023.5).is_err());
        assert!(fiscal_year_from_number(7.0).is_err());
    }

    #[test]
    fn era_labels() {
        assert_eq!(short_era_label(2025), "R7");
        assert_eq!(short_era_label(2019), "R1");
        assert_eq!(short_era_label(2018), "H30");
        assert_eq!(short_era_label(1989), "H1");
        assert_eq!(short_era_label(1985), "S60");
        assert_eq!(long_era_label(2019), "令和元年度");
        assert_eq!(long_era_label(2022), "令和4年度");
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(era_date(day(2026, 3, 19)), "令和8年3月19日");
        assert_eq!(era_date(day(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(era_date(day(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(era_date(day(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(era_date(day(1900, 1, 1)), "1900年1月1日");
    }

    #[test]
    fn date_forms() {
        for (text, date) in [
            ("2026-01-01", d(2026, 1, 1)),
            ("2026/1/1", d(2026, 1, 1)),
            ("2026.1.1", d(2026, 1, 1)),
            ("2026年1月1日", d(2026, 1, 1)),
            ("令和8年1月1日", d(2026, 1, 1)),
            ("令和元年5月1日", d(2019, 5, 1)),
            ("平成27年4月1日", d(2015, 4, 1)),
            ("R8.1.1", d(2026, 1, 1)),
            ("２０２６／１／１", d(2026, 1, 1)),
            ("2026-01-01T00:00:00", d(2026, 1, 1)),
        ] {
            assert_eq!(
                parse_date_text(text),
                Ok(ParsedDate {
                    date,
                    partial: false
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn partial_dates_are_first_day_and_flagged() {
        assert_eq!(
            parse_date_text("1985年"),
            Ok(ParsedDate {
                date: d(1985, 1, 1),
                partial: true
            })
        );
        assert_eq!(
            parse_date_text("2015年4月"),
            Ok(ParsedDate {
                date: d(2015, 4, 1),
                partial: true
            })
        );
        assert_eq!(
            parse_date_text("令和2年4月").map(|p| p.date),
            Ok(d(2020, 4, 1))
        );
    }

    #[test]
    fn bad_dates_are_errors() {
        for text in [
            "昨年",
            "2026-13-01",
            "2026/2/30",
            "26/1/1",
            "",
            "2026//1",
            "1/1/2026",
        ] {
            assert!(parse_date_text(text).is_err(), "{text}");
        }
        assert_eq!(
            parse_date_text("昨年")
                .unwrap_err()
                .text(crate::diag::Lang::En),
            "expected a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日, found \"昨年\""
        );
    }

    /// SPEC §17: a year or date written in an era is within that era.
    #[test]
    fn era_bounds() {
        let code = |r: Result<i32, Msg>| match r {
            Ok(y) => y.to_string(),
            Err(m) => m.code().as_str().to_string(),
        };
        for (text, expected) in [
            ("平成31年度", "2019"),
            ("H31", "2019"),
            ("令和元年度", "2019"),
            ("平成元年度", "1989"),
            ("昭和63年度", "1988"),
            ("大正元年", "1912"),
            ("大正15年", "1926"),
            ("平成32年度", "E0128"),
            ("平成32年", "E0128"),
            ("H32", "E0128"),
            ("昭和100年", "E0128"),
            ("昭和64年度", "E0128"),
            ("大正16年度", "E0128"),
        ] {
            assert_eq!(code(parse_fiscal_year(text)), expected, "{text}");
        }
        assert_eq!(
            parse_fiscal_year("平成32年度")
                .unwrap_err()
                .text(crate::diag::Lang::En),
            "\"平成32年度\" is after 平成 ended (2019-04-30): check the era and the year, and write it in Western years or the right era"
        );
        assert_eq!(
            parse_fiscal_year("平成32年度")
                .unwrap_err()
                .text(crate::diag::Lang::Ja),
            "「平成32年度」は平成の終わり(2019-04-30)より後です。元号と年を確かめ、西暦か正しい元号で入力してください"
        );
        let date = |text: &str| match parse_date_text(text) {
            Ok(p) => p.date.to_string(),
            Err(m) => m.code().as_str().to_string(),
        };
        for (text, expected) in [
            ("平成31年4月30日", "2019-04-30"),
            ("平成31年5月1日", "E0128"),
            ("令和元年5月1日", "2019-05-01"),
            ("令和元年4月30日", "E0126"),
            ("R1.4.30", "E0126"),
            ("平成元年1月8日", "1989-01-08"),
            ("平成元年1月7日", "E0126"),
            ("昭和64年1月7日", "1989-01-07"),
            ("昭和64年1月8日", "E0128"),
            ("昭和元年12月25日", "1926-12-25"),
            ("昭和元年12月24日", "E0126"),
            ("大正15年12月24日", "1926-12-24"),
            ("大正元年7月30日", "1912-07-30"),
            ("昭和100年1月1日", "E0128"),
            ("平成32年1月1日", "E0128"),
            // A year or month alone: its first day within the era.
            ("令和元年", "2019-05-01"),
            ("平成31年", "2019-01-01"),
            ("平成31年4月", "2019-04-01"),
            ("平成31年5月", "E0128"),
            ("令和元年4月", "E0126"),
            ("平成元年", "1989-01-08"),
        ] {
            assert_eq!(date(text), expected, "{text}");
        }
        assert_eq!(
            parse_date_text("令和元年4月30日")
                .unwrap_err()
                .text(crate::diag::Lang::En),
            "\"令和元年4月30日\" is before 令和 began (2019-05-01): check the era and the year, and write it in Western years or the right era"
        );
    }

    /// Serials past 9999-12-31 are errors, not that day.
    #[test]
    fn serials_past_excels_last_day() {
        assert_eq!(excel_serial_to_date(2_958_465.0), Ok(d(9999, 12, 31)));
        assert_eq!(excel_serial_to_date(2_958_465.9), Ok(d(9999, 12, 31)));
        for serial in [2_958_466.0, 3e6, 1e300, f64::INFINITY] {
            assert_eq!(
                excel_serial_to_date(serial).map_err(|m| m.code().as_str().to_string()),
                Err("E0125".to_string()),
                "{serial}"
            );
        }
        assert_eq!(
            excel_serial_to_date(1e300)
                .unwrap_err()
                .text(crate::diag::Lang::En),
            "expected a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日, found the number 1e300: as an Excel date serial it is after 9999-12-31 (serial 2958465), the last day Excel can show, so it is no date"
        );
    }

    #[test]
    fn excel_serials() {
        assert_eq!(excel_serial_to_date(1.0), Ok(d(1900, 1, 1)));
        assert_eq!(excel_serial_to_date(59.0), Ok(d(1900, 2, 28)));
        assert_eq!(excel_serial_to_date(61.0), Ok(d(1900, 3, 1)));
        assert_eq!(excel_serial_to_date(46023.0), Ok(d(2026, 1, 1)));
        assert_eq!(excel_serial_to_date(45943.541), Ok(d(2025, 10, 13)));
        assert!(excel_serial_to_date(60.0).is_err());
        assert!(excel_serial_to_date(-3.0).is_err());
        assert!(excel_serial_to_date(f64::NAN).is_err());
        assert!(excel_serial_to_date(1e12).is_err());
    }

    #[test]
    fn years_before_clamps_leap_day() {
        assert_eq!(years_before(d(2024, 2, 29), 15), d(2009, 2, 28));
        assert_eq!(years_before(d(2026, 1, 1), 15), d(2011, 1, 1));
        assert_eq!(years_before(d(2028, 2, 29), 4), d(2024, 2, 29));
    }

    #[test]
    fn r4_period_is_halved() {
        assert_eq!(period_factor(d(2021, 4, 1), d(2023, 3, 6)), Ok(2));
        assert_eq!((d(2023, 3, 6) - d(2021, 4, 1)).num_days() + 1, 705);
    }

    #[test]
    fn twelve_months_give_one_whatever_the_start() {
        for month in 1..=12 {
            let start = d(2023, month, 1);
            let end = start
                .checked_add_months(Months::new(12))
                .unwrap()
                .pred_opt()
                .unwrap();
            assert_eq!(period_factor(start, end), Ok(1), "{start}..{end}");
        }
        assert_eq!(period_factor(d(2024, 3, 7), d(2025, 3, 6)), Ok(1));
        assert_eq!(period_factor(d(2025, 4, 1), d(2025, 4, 1)), Ok(1));
        assert_eq!(period_factor(d(2020, 4, 1), d(2023, 3, 31)), Ok(3));
    }

    #[test]
    fn period_ending_before_it_starts_is_an_error() {
        assert_eq!(
            period_factor(d(2023, 3, 6), d(2021, 4, 1))
                .unwrap_err()
                .text(crate::diag::Lang::En),
            "period_end 2021-04-01 is before period_start 2023-03-06: expected the period's last day on or after its first"
        );
    }
}
