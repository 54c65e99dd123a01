//! The summary slide (SPEC §15): one row per KPI with the latest and the
//! previous round's headline figure, a trend mark and a one-line finding,
//! then the 3rd-plan candidate indicators; and the appendix's like-for-like
//! comparison of the stations present in both rounds.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::fiscal;
use crate::indicator::Indicator;
use crate::kpi::tables::{Followup, StationTraining};
use crate::numfmt;
use crate::registry::{Direction, Registry};
use crate::report::format;
use crate::report::small::Samples;

pub type Lookup = BTreeMap<(String, String), Indicator>;

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub kpi: u32,
    /// What the headline figure is.
    pub indicator: String,
    /// `R6 10.4% (11/107社)`, or `-` where the round has no figure.
    pub previous: String,
    pub latest: String,
    /// ▲ up, ▼ down, → unchanged at display precision; empty without both.
    pub trend: &'static str,
    /// 改善 / 悪化 / 変化なし from the trend and the figure's desired
    /// direction; `—` where it has none; empty without a trend.
    pub evaluation: &'static str,
    /// The two fiscal years a follow-up row compares (`2024→2025年度`).
    pub years: String,
    pub finding: String,
    /// Reported by the ministries (KPIs 4, 5, 8–11), not measured.
    pub followup: bool,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub kpi: u32,
    pub indicator: String,
    pub previous: String,
    pub latest: String,
    pub trend: &'static str,
    pub evaluation: &'static str,
}

/// SPEC §18's 評価: the trend read against the desired direction. ▲▼→
/// only say which way a figure moved; this says whether that is good.
pub fn evaluation(trend: &str, direction: Direction) -> &'static str {
    match (direction, trend) {
        (_, "") => "",
        (Direction::None, _) => "—",
        (_, "→") => "変化なし",
        (Direction::Up, "▲") | (Direction::Down, "▼") => "改善",
        _ => "悪化",
    }
}

struct Figures<'a> {
    registry: &'a Registry,
    lookup: &'a Lookup,
    samples: Samples<'a>,
    latest: &'a str,
    previous: Option<&'a str>,
}

impl Figures<'_> {
    fn get(&self, key: &str, round: &str) -> Option<&Indicator> {
        self.lookup.get(&(key.to_string(), round.to_string()))
    }

    fn value(&self, key: &str, round: &str) -> Option<f64> {
        self.get(key, round).and_then(|i| i.value)
    }

    /// The display with its n (or unit) and the small-sample mark, `-`
    /// where missing.
    fn shown(&self, key: &str, round: &str) -> String {
        self.get(key, round)
            .map(|i| self.samples.show(i, true, true))
            .unwrap_or_else(|| "-".to_string())
    }

    /// The 評価 of `key`'s trend, by its registry direction.
    fn evaluation(&self, key: &str) -> &'static str {
        let direction = self
            .registry
            .get(key)
            .map_or(Direction::None, |e| e.direction);
        evaluation(self.trend(key), direction)
    }

    fn at(&self, key: &str, round: Option<&str>) -> String {
        match round {
            Some(r) => format!("{r} {}", self.shown(key, r)),
            None => "-".to_string(),
        }
    }

    /// The trend of `key` between the previous and the latest round, compared
    /// at display precision (so an unchanged display is →).
    fn trend(&self, key: &str) -> &'static str {
        let shown = |r: &str| self.get(key, r).map(|i| format::display(i, false));
        match self.previous {
            Some(p) => trend_of(shown(p).as_deref(), shown(self.latest).as_deref()),
            None => "",
        }
    }

    /// `prev→latest` of a figure at display precision with its unit.
    fn change(&self, key: &str) -> String {
        let show = |r: &str| {
            self.get(key, r)
                .map(|i| self.samples.show(i, true, false))
                .unwrap_or_else(|| "-".to_string())
        };
        match self.previous {
            Some(p) => format!("{}→{}", show(p), show(self.latest)),
            None => show(self.latest),
        }
    }
}

/// Compares two displayed figures (`10.4%`, `3,198`) by their number.
pub(crate) fn trend_of(previous: Option<&str>, latest: Option<&str>) -> &'static str {
    let number = |s: &str| -> Option<f64> {
        s.chars()
            .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
            .collect::<String>()
            .parse()
            .ok()
    };
    match (previous.and_then(number), latest.and_then(number)) {
        (Some(p), Some(l)) if l > p => "▲",
        (Some(p), Some(l)) if l < p => "▼",
        (Some(_), Some(_)) => "→",
        _ => "",
    }
}

const PHASES: [&str; 4] = ["basic", "development", "nonclinical", "clinical"];

/// The summary rows of the 11 KPIs, in KPI order, and the candidates.
pub fn build(
    registry: &Registry,
    lookup: &Lookup,
    latest: &str,
    previous: Option<&str>,
    followup: Option<&Followup>,
) -> (Vec<SummaryRow>, Vec<CandidateRow>) {
    let rounds = crate::report::small::rounds_of(lookup);
    let f = Figures {
        registry,
        lookup,
        samples: Samples {
            registry,
            lookup,
            rounds: &rounds,
        },
        latest,
        previous,
    };
    let mut rows = Vec::new();
    let measured = |kpi: u32, key: &str, indicator: &str, finding: String| SummaryRow {
        kpi,
        indicator: indicator.to_string(),
        previous: f.at(key, previous),
        latest: f.at(key, Some(latest)),
        trend: f.trend(key),
        evaluation: f.evaluation(key),
        years: String::new(),
        finding,
        followup: false,
    };
    // The KPIs whose headline is one figure: which figure and its label
    // are the registry's; the finding beside it is each KPI's own prose.
    // A follow-up KPI's row is below (its figures are the fiscal years'.)
    for kpi in registry.kpis() {
        let Some((key, label)) = registry.headline(kpi) else {
            continue;
        };
        if !crate::kpi::is_followup(key) && f.get(key, latest).is_some() {
            rows.push(measured(u32::from(kpi), key, label, finding(kpi, &f)));
        }
    }
    // KPI 3: joint research with companies, the four phases together, per
    // station (the number of stations changes each round).
    let phase_total = |round: &str| -> Option<f64> {
        PHASES
            .iter()
            .map(|p| f.value(&format!("kpi3.{p}"), round))
            .sum()
    };
    let per_site = |round: &str| -> Option<f64> {
        let sites = f.value("kpi1.sites", round).filter(|b| *b > 0.0)?;
        Some(phase_total(round)? / sites)
    };
    if let Some(latest_total) = phase_total(latest) {
        let show = |round: Option<&str>| match round {
            Some(r) => match (phase_total(r), per_site(r)) {
                (Some(t), Some(s)) => format!(
                    "{r} {}件/拠点 ({}件)",
                    numfmt::mean(s),
                    format::group_digits(t, 0)
                ),
                _ => "-".to_string(),
            },
            None => "-".to_string(),
        };
        let shown = |r: Option<&str>| r.and_then(per_site).map(numfmt::mean);
        let trend = if previous.is_some() {
            trend_of(shown(previous).as_deref(), shown(Some(latest)).as_deref())
        } else {
            ""
        };
        // The phases' own direction (all four alike).
        let direction = registry
            .get(&format!("kpi3.{}_per_site", PHASES[0]))
            .map_or(Direction::None, |e| e.direction);
        rows.push(SummaryRow {
            kpi: 3,
            indicator: "企業との共同研究件数(4フェーズ計、1拠点あたり)".to_string(),
            previous: show(previous),
            latest: show(Some(latest)),
            trend,
            evaluation: evaluation(trend, direction),
            years: String::new(),
            finding: format!(
                "計 {}件; 検証フェーズ(治験・臨床研究) {}",
                format::group_digits(latest_total, 0),
                f.change("kpi3.verification")
            ),
            followup: false,
        });
    }
    for k in followup.map(|f| f.kpis.as_slice()).unwrap_or_default() {
        if let Some(row) = followup_row(registry, k) {
            rows.push(row);
        }
    }
    rows.sort_by_key(|r| r.kpi);
    let candidates = registry
        .candidates()
        .into_iter()
        .filter(|c| f.get(&c.key, latest).is_some())
        .map(|c| CandidateRow {
            kpi: u32::from(c.kpi),
            previous: f.at(&c.key, previous),
            latest: f.at(&c.key, Some(latest)),
            trend: f.trend(&c.key),
            evaluation: f.evaluation(&c.key),
            indicator: c.label,
        })
        .collect();
    (rows, candidates)
}

/// A follow-up KPI's row (SPEC §18): the series the registry names as the
/// KPI's headline, else its first series reported for the KPI's latest
/// year; its last two reported years, named; the 評価 by the series'
/// 望ましい方向 (followup.xlsx), else its registry entry's direction.
fn followup_row(registry: &Registry, k: &crate::kpi::tables::FollowupKpi) -> Option<SummaryRow> {
    let kpi = u8::try_from(k.number).ok()?;
    let named = registry
        .headline(kpi)
        .and_then(|(key, _)| k.series.iter().find(|s| s.key == key));
    let latest_year = k
        .series
        .iter()
        .filter_map(|s| s.points.last().map(|(y, _)| *y))
        .max()?;
    let series = named.or_else(|| {
        k.series
            .iter()
            .find(|s| s.points.last().is_some_and(|(y, _)| *y == latest_year))
    })?;
    let last = series.points.last();
    let before = series
        .points
        .len()
        .checked_sub(2)
        .and_then(|i| series.points.get(i));
    let show = |p: Option<&(i64, f64)>| match p {
        Some((year, v)) => format!(
            "{} {}{}",
            fiscal::short_era_label(*year as i32),
            format::group_digits(*v, format_decimals(*v)),
            series.unit
        ),
        None => "-".to_string(),
    };
    let number =
        |p: Option<&(i64, f64)>| p.map(|(_, v)| format::group_digits(*v, format_decimals(*v)));
    let trend = trend_of(number(before).as_deref(), number(last).as_deref());
    let direction = series
        .direction
        .or_else(|| registry.get(&series.key).map(|e| e.direction))
        .unwrap_or(Direction::None);
    let years = match (before, last) {
        (Some((a, _)), Some((b, _))) => format!("{a}→{b}年度"),
        (None, Some((b, _))) => format!("{b}年度"),
        _ => String::new(),
    };
    Some(SummaryRow {
        kpi: k.number,
        indicator: series.indicator.clone(),
        previous: show(before),
        latest: show(last),
        trend,
        evaluation: evaluation(trend, direction),
        years,
        finding: k.latest_status.clone().unwrap_or_default(),
        followup: true,
    })
}

/// The one-line finding beside a KPI's headline figure.
fn finding(kpi: u8, f: &Figures) -> String {
    match kpi {
        1 => format!(
            "総受入実績(A) {}、拠点数(B) {}",
            f.change("kpi1.participants"),
            f.change("kpi1.sites")
        ),
        2 => format!(
            "異業種企業の割合 {}; 4カ年平均 ベンチャー {}・異業種 {}",
            f.change("kpi2.cross_industry_rate"),
            f.shown("kpi2.venture_rate_mean4", f.latest),
            f.shown("kpi2.cross_industry_rate_mean4", f.latest)
        ),
        6 => format!(
            "採択 {}(うち採択後1年以上 {})、上市の割合 {}",
            f.shown("kpi6.topics", f.latest),
            f.shown("kpi6.topics_evaluated", f.latest),
            f.shown("kpi6.launch_rate", f.latest)
        ),
        7 => format!("海外拠点を有する企業の割合 {}", f.change("kpi7.base_rate")),
        _ => String::new(),
    }
}

/// Follow-up figures keep the precision they were reported in (up to 2).
fn format_decimals(v: f64) -> u32 {
    numfmt::decimals_of(v).min(2)
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct StationChange {
    pub name: String,
    pub previous: String,
    pub latest: String,
    pub change: String,
}

/// The like-for-like comparison of KPI 1's participants: the stations in
/// both rounds, those that left and those that joined, each with its total,
/// so the committee sees how much of a change is only a change of stations.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct LikeForLike {
    pub previous: String,
    pub latest: String,
    pub both: Vec<StationChange>,
    pub both_previous: String,
    pub both_latest: String,
    pub both_change: String,
    pub left: Vec<StationChange>,
    pub left_total: String,
    pub joined: Vec<StationChange>,
    pub joined_total: String,
    pub total_previous: String,
    pub total_latest: String,
    pub total_change: String,
}

fn people(v: f64) -> String {
    format::group_digits(v, 0)
}

fn signed(v: f64) -> String {
    let rounded = format::round_half_up(v, 0);
    if rounded > 0.0 {
        format!("+{}", people(v))
    } else {
        people(v)
    }
}

/// Stations matched by 拠点名 between the previous and the latest round.
pub fn like_for_like(
    previous: (&str, &[StationTraining]),
    latest: (&str, &[StationTraining]),
) -> LikeForLike {
    let (p_label, p_rows) = previous;
    let (l_label, l_rows) = latest;
    let p_map: BTreeMap<&str, f64> = p_rows
        .iter()
        .map(|s| (s.name.as_str(), s.participants))
        .collect();
    let l_map: BTreeMap<&str, f64> = l_rows
        .iter()
        .map(|s| (s.name.as_str(), s.participants))
        .collect();
    let row = |name: &str, p: Option<f64>, l: Option<f64>| StationChange {
        name: name.to_string(),
        previous: p.map(people).unwrap_or_else(|| "-".to_string()),
        latest: l.map(people).unwrap_or_else(|| "-".to_string()),
        change: signed(l.unwrap_or(0.0) - p.unwrap_or(0.0)),
    };
    let mut both = Vec::new();
    let (mut bp, mut bl) = (0.0, 0.0);
    let mut joined = Vec::new();
    let mut joined_total = 0.0;
    for s in l_rows {
        match p_map.get(s.name.as_str()) {
            Some(p) => {
                both.push(row(&s.name, Some(*p), Some(s.participants)));
                bp += p;
                bl += s.participants;
            }
            None => {
                joined.push(row(&s.name, None, Some(s.participants)));
                joined_total += s.participants;
            }
        }
    }
    let mut left = Vec::new();
    let mut left_total = 0.0;
    for s in p_rows {
        if !l_map.contains_key(s.name.as_str()) {
            left.push(row(&s.name, Some(s.participants), None));
            left_total += s.participants;
        }
    }
    let total_previous: f64 = p_rows.iter().map(|s| s.participants).sum();
    let total_latest: f64 = l_rows.iter().map(|s| s.participants).sum();
    LikeForLike {
        previous: p_label.to_string(),
        latest: l_label.to_string(),
        both,
        both_previous: people(bp),
        both_latest: people(bl),
        both_change: signed(bl - bp),
        left,
        left_total: people(left_total),
        joined,
        joined_total: people(joined_total),
        total_previous: people(total_previous),
        total_latest: people(total_latest),
        total_change: signed(total_latest - total_previous),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_marks_compare_at_display_precision() {
        assert_eq!(trend_of(Some("10.3%"), Some("10.4%")), "▲");
        assert_eq!(trend_of(Some("3,198"), Some("4,086")), "▲");
        assert_eq!(trend_of(Some("4,086"), Some("3,198")), "▼");
        assert_eq!(trend_of(Some("0.0%"), Some("0.0%")), "→");
        assert_eq!(trend_of(Some("-"), Some("1.0%")), "");
        assert_eq!(trend_of(None, Some("1.0%")), "");
    }

    #[test]
    fn evaluation_reads_the_trend_against_the_desired_direction() {
        assert_eq!(evaluation("▲", Direction::Up), "改善");
        assert_eq!(evaluation("▼", Direction::Up), "悪化");
        assert_eq!(evaluation("▼", Direction::Down), "改善");
        assert_eq!(evaluation("▲", Direction::Down), "悪化");
        assert_eq!(evaluation("→", Direction::Down), "変化なし");
        assert_eq!(evaluation("▲", Direction::None), "—");
        assert_eq!(evaluation("", Direction::Up), "");
    }

    fn st(name: &str, participants: f64) -> StationTraining {
        StationTraining {
            name: name.to_string(),
            participants,
            courses: 1.0,
        }
    }

    #[test]
    fn like_for_like_splits_a_change_into_stations_kept_left_and_joined() {
        let previous = [st("a", 100.0), st("b", 50.0), st("c", 30.0)];
        let latest = [st("b", 70.0), st("a", 90.0), st("d", 5.0)];
        let l = like_for_like(("R6", &previous), ("R7", &latest));
        assert_eq!(
            l.both.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(
            (
                l.both_previous.as_str(),
                l.both_latest.as_str(),
                l.both_change.as_str()
            ),
            ("150", "160", "+10")
        );
        assert_eq!((l.left.len(), l.left_total.as_str()), (1, "30"));
        assert_eq!((l.joined.len(), l.joined_total.as_str()), (1, "5"));
        assert_eq!(
            (
                l.total_previous.as_str(),
                l.total_latest.as_str(),
                l.total_change.as_str()
            ),
            ("180", "165", "-15")
        );
    }
}
