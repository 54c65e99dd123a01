//! The new round's `round.toml`: every key the reader requires, with the
//! proposed period and reference date marked for the analyst to confirm.
//!
//! The proposal (documented in docs/input.md):
//! - after a previous round (the latest earlier one in the data folder), its
//!   dates shifted by the years between the two: the period starts the day
//!   after the previous period's end and ends on the same day one year
//!   later; the reference date is the previous one a year later (R5–R7:
//!   03-07 to 03-06, reference 1 January);
//! - without one, the fiscal year itself (1 April to 31 March) and
//!   1 January within it as the reference date (the R4–R7 convention).
//!
//! The previous round's `stations` and `[report]` are carried over as
//! comments.

use chrono::{Months, NaiveDate};

use crate::fiscal;
use crate::round::RoundConfig;

/// The proposed dates of the round of fiscal year `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proposal {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub reference_date: NaiveDate,
}

pub fn propose(year: i32, previous: Option<&RoundConfig>) -> Option<Proposal> {
    match previous {
        Some(prev) => {
            let gap = u32::try_from(year - prev.fiscal_year)
                .ok()
                .filter(|g| *g > 0)?;
            let shift = |d: NaiveDate, years: u32| d.checked_add_months(Months::new(12 * years));
            Some(Proposal {
                period_start: shift(prev.period_end, gap - 1)?.succ_opt()?,
                period_end: shift(prev.period_end, gap)?,
                reference_date: shift(prev.reference_date, gap)?,
            })
        }
        None => Some(Proposal {
            period_start: NaiveDate::from_ymd_opt(year, 4, 1)?,
            period_end: NaiveDate::from_ymd_opt(year + 1, 3, 31)?,
            reference_date: NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        }),
    }
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The dates proposed for the round of fiscal year `year` (1900–9998,
/// checked by the caller), and the comment saying where they come from.
pub fn proposal(year: i32, previous: Option<&RoundConfig>) -> (Proposal, String) {
    let from_previous = previous.and_then(|p| propose(year, Some(p)).map(|d| (p, d)));
    match from_previous {
        Some((p, d)) => (
            d,
            format!(
                "# Proposed from {} (period {} to {}, reference date {}): the day after its\n\
                 # period ends, to one year later; its reference date one year later.\n",
                p.label, p.period_start, p.period_end, p.reference_date
            ),
        ),
        None => (
            // Within 1900–9998 the fiscal year's dates exist.
            propose(year, None).unwrap_or(Proposal {
                period_start: NaiveDate::MIN,
                period_end: NaiveDate::MIN,
                reference_date: NaiveDate::MIN,
            }),
            "# Proposed from the fiscal year (no earlier round in the data folder): 1 April\n\
             # to 31 March, reference date 1 January.\n"
                .to_string(),
        ),
    }
}

/// The file's text.
pub fn text(label: &str, year: i32, previous: Option<&RoundConfig>) -> String {
    let (dates, why) = proposal(year, previous);
    let mut out = format!(
        "# {label} ({}) round, written by `mdkpi init`.\n\
         # 要確認: confirm the proposed period and reference date below before the\n\
         # returns are validated (SPEC §3); they set the period correction and the\n\
         # company classification.\n\
         label = {}\n\
         fiscal_year = {year}\n\
         {why}\
         period_start = {}     # 要確認: first day of activity covered by the returns\n\
         period_end = {}       # 要確認: last day covered\n\
         reference_date = {}   # 要確認: 基準日 for company classification\n\
         # correction = 0.5            # optional override of the period correction\n",
        fiscal::long_era_label(year),
        quoted(label),
        dates.period_start,
        dates.period_end,
        dates.reference_date,
    );
    match previous.and_then(|p| p.stations.as_ref()) {
        Some(stations) if !stations.is_empty() => {
            out.push_str(&format!(
                "# Expected stations (validate warns about missing or unexpected returns);\n\
                 # {}'s list, to edit and uncomment:\n# stations = [\n",
                previous.map_or("", |p| p.label.as_str())
            ));
            for s in stations {
                out.push_str(&format!("#   {},\n", quoted(s)));
            }
            out.push_str("# ]\n");
        }
        _ => out.push_str(
            "# stations = [\"国立大学法人北海道大学\", ...]   # optional: expected stations\n",
        ),
    }
    out.push_str(
        "\n# The report's cover (optional; absent fields are omitted). document_number\n\
         # (資料番号) also heads every printed page but the cover; date (the meeting's,\n\
         # not before period_end) prints as 令和8年3月19日.\n# [report]\n",
    );
    let report = previous.map(|p| &p.report);
    let fields: [(&str, Option<&String>, &str); 7] = [
        (
            "title",
            report.and_then(|r| r.title.as_ref()),
            "医療機器基本計画に関するKPIの測定",
        ),
        (
            "meeting",
            report.and_then(|r| r.meeting.as_ref()),
            "検討会の名称",
        ),
        (
            "document_number",
            report.and_then(|r| r.document_number.as_ref()),
            "資料2-2",
        ),
        ("date", None, "YYYY-MM-DD"),
        (
            "marking",
            report.and_then(|r| r.marking.as_ref()),
            "取扱注意",
        ),
        (
            "organisation",
            report.and_then(|r| r.organisation.as_ref()),
            "実施機関",
        ),
        (
            "project",
            report.and_then(|r| r.project.as_ref()),
            "研究課題名・研究代表者",
        ),
    ];
    for (key, value, placeholder) in fields {
        let value = value.map_or(placeholder, String::as_str);
        out.push_str(&format!("# {key} = {}\n", quoted(value)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::round::parse_round_toml;

    /// The round `text` describes; its only message, if any, is the
    /// reminder that the dates are still 要確認 (a proposal always has it).
    fn parse(text: &str, folder: &str) -> RoundConfig {
        let mut d = Diagnostics::new();
        let c = parse_round_toml(text, "round.toml", folder, &mut d);
        let others: Vec<_> = d
            .items()
            .iter()
            .filter(|i| !matches!(i.message, crate::diag::Msg::RoundDatesToConfirm { .. }))
            .collect();
        assert!(others.is_empty(), "{others:?}\n{text}");
        c.expect("a round")
    }

    #[test]
    fn a_proposal_is_marked_until_confirmed() {
        let proposed = text("R8", 2026, None);
        let mut d = Diagnostics::new();
        parse_round_toml(&proposed, "data/R8/round.toml", "R8", &mut d);
        let shown: Vec<String> = d.items().iter().map(|i| i.to_string()).collect();
        assert_eq!(
            shown,
            ["data/R8/round.toml:2: warning: W0305: round.toml's period and reference date are still marked 要確認 (to confirm; lines 2, 9, 10, 11): confirm the dates, then delete the marks"],
            "{proposed}"
        );
        // Confirmed: the marks deleted, nothing to say.
        let confirmed = proposed.replace("要確認", "");
        let mut d = Diagnostics::new();
        parse_round_toml(&confirmed, "data/R8/round.toml", "R8", &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn without_a_previous_round_the_fiscal_year() {
        let c = parse(&text("R8", 2026, None), "R8");
        assert_eq!((c.label.as_str(), c.fiscal_year), ("R8", 2026));
        assert_eq!(c.period_start, date(2026, 4, 1));
        assert_eq!(c.period_end, date(2027, 3, 31));
        assert_eq!(c.reference_date, date(2027, 1, 1));
        assert_eq!(c.correction().years, 1);
    }

    #[test]
    fn after_r7_the_fixtures_pattern() {
        let r7 = parse(
            "label = \"R7\"\nfiscal_year = 2025\nperiod_start = 2025-03-07\nperiod_end = 2026-03-06\n\
             reference_date = 2026-01-01\nstations = [\"A \\\"B\\\"\"]\n[report]\ntitle = \"T\"\n",
            "R7",
        );
        let text = text("R8", 2026, Some(&r7));
        let c = parse(&text, "R8");
        assert_eq!(c.period_start, date(2026, 3, 7));
        assert_eq!(c.period_end, date(2027, 3, 6));
        assert_eq!(c.reference_date, date(2027, 1, 1));
        // Uncommented, the carried-over list is the previous one.
        let uncommented: String = text
            .lines()
            .skip_while(|l| !l.starts_with("# stations = ["))
            .take_while(|l| !l.is_empty())
            .map(|l| format!("{}\n", l.trim_start_matches("# ")))
            .collect();
        let c = parse(&format!("{text}\n{uncommented}"), "R8");
        assert_eq!(c.stations, Some(vec!["A \"B\"".to_string()]), "{text}");
        assert!(text.contains("# title = \"T\"\n"), "{text}");
        // Two years after: shifted by two.
        let c = parse(&super::text("R9", 2027, Some(&r7)), "R9");
        assert_eq!(c.period_start, date(2027, 3, 7));
        assert_eq!(c.period_end, date(2028, 3, 6));
    }

    #[test]
    fn leap_days_clamp() {
        let prev = parse(
            "label = \"R5\"\nfiscal_year = 2023\nperiod_start = 2023-03-01\nperiod_end = 2024-02-29\nreference_date = 2024-02-29\n",
            "R5",
        );
        let p = propose(2024, Some(&prev)).expect("a proposal");
        assert_eq!(p.period_start, date(2024, 3, 1));
        assert_eq!(p.period_end, date(2025, 2, 28));
        assert_eq!(p.reference_date, date(2025, 2, 28));
    }
}
