//! Commentary that cannot go stale (SPEC §12).
//!
//! - **Live figures**: `{{ KEY }}` and `{{ KEY @ R6 }}` in `commentary.md`
//!   are replaced by the figure at display precision with its unit
//!   (`3,198名`, `10.4%`). An unknown key or round is an error at
//!   `commentary.md:LINE`.
//! - **Figure check**: every other number written with a unit or a percent
//!   sign (`%`, `名`, `人`, `件`, `課題`, `テーマ`, `社`, `拠点`, `コース`,
//!   `千円`) must equal, at its written precision, some figure of that unit
//!   in the indicator table of the rounds in the report; otherwise a warning
//!   names the nearest candidates. A number followed by a Markdown footnote
//!   (`1.4%[^1]`) is external and not checked.
//! - **Direction check**: a sentence that names a series of [`RULES`] and
//!   then says 増加/上昇/増え or 減少/低下/下降/下が/減っ, while the series
//!   moved the other way between the previous round and the commentary's
//!   round, is a warning naming the rule. The first direction word after
//!   the series' phrase in the same sentence (。 or line end) is the one
//!   it says; negations (「増加していない」) are not understood.

use std::collections::BTreeMap;

use crate::diag::{Diagnostics, Dir, List, Location, Msg, Near};
use crate::indicator::{Indicator, UNIT_RATIO};
use crate::kpi::tables::Commentary;
use crate::report::format;
use crate::report::functions::Lookup;

/// A series a sentence can name, as the report computes it.
#[derive(Debug, Clone, Copy)]
pub enum SeriesDef {
    /// One indicator.
    Key(&'static str),
    /// A share: the first indicator over the second.
    Share(&'static str, &'static str),
}

/// One direction rule: the phrases that name the series, and the series.
pub struct Rule {
    pub phrases: &'static [&'static str],
    pub series: SeriesDef,
    /// How the series is named in the warning.
    pub name: &'static str,
}

/// The series the direction check knows (SPEC §12: "keep the matching
/// simple and documented"; docs/input.md lists them). The first rule whose
/// phrase occurs in a sentence at a place wins for that place.
pub const RULES: &[Rule] = &[
    Rule {
        phrases: &[
            "重点分野が特定されない",
            "重点分野なし/複数",
            "なし/複数のテーマ",
        ],
        series: SeriesDef::Share("kpi6.area_none_multi.topics", "kpi6.topics"),
        name: "the なし/複数 share of AMED topics (kpi6.area_none_multi.topics / kpi6.topics)",
    },
    Rule {
        phrases: &["ステージアップ率", "ステージアップの割合"],
        series: SeriesDef::Key("kpi6.stage_up_rate"),
        name: "the stage-up rate (kpi6.stage_up_rate)",
    },
    Rule {
        phrases: &["上市率", "上市の割合"],
        series: SeriesDef::Key("kpi6.launch_rate"),
        name: "the launch rate (kpi6.launch_rate)",
    },
    Rule {
        phrases: &["受入実績"],
        series: SeriesDef::Key("kpi1.participants"),
        name: "the participants (kpi1.participants)",
    },
    Rule {
        phrases: &["拠点数"],
        series: SeriesDef::Key("kpi1.sites"),
        name: "the number of stations (kpi1.sites)",
    },
    Rule {
        phrases: &["医師の参加"],
        series: SeriesDef::Key("kpi1.physician_share"),
        name: "the physicians' share of trainees (kpi1.physician_share)",
    },
    Rule {
        phrases: &["ベンチャー企業の割合"],
        series: SeriesDef::Key("kpi2.venture_rate"),
        name: "the venture rate (kpi2.venture_rate)",
    },
    Rule {
        phrases: &["異業種企業の割合"],
        series: SeriesDef::Key("kpi2.cross_industry_rate"),
        name: "the cross-industry rate (kpi2.cross_industry_rate)",
    },
    Rule {
        phrases: &["検証フェーズ"],
        series: SeriesDef::Key("kpi3.verification"),
        name: "the verification-phase joint research (kpi3.verification)",
    },
    Rule {
        phrases: &["他拠点連携"],
        series: SeriesDef::Key("kpi3.inter_site"),
        name: "the inter-station cooperation (kpi3.inter_site)",
    },
    Rule {
        phrases: &["国際展開に関する活動"],
        series: SeriesDef::Key("kpi7.activity_rate"),
        name: "the international-activity rate (kpi7.activity_rate)",
    },
    Rule {
        phrases: &["海外拠点"],
        series: SeriesDef::Key("kpi7.base_rate"),
        name: "the overseas-base rate (kpi7.base_rate)",
    },
    Rule {
        phrases: &["上流工程"],
        series: SeriesDef::Key("kpi7.upstream_rate"),
        name: "the upstream rate (kpi7.upstream_rate)",
    },
    Rule {
        phrases: &["下流工程"],
        series: SeriesDef::Key("kpi7.downstream_rate"),
        name: "the downstream rate (kpi7.downstream_rate)",
    },
];

const UP: &[&str] = &["増加", "上昇", "増え"];
const DOWN: &[&str] = &["減少", "低下", "下降", "下が", "減っ"];

/// Units a written figure may carry, longest first, with the indicator
/// units it is compared with (`None`: a rate, written in percent).
const UNITS: &[(&str, &[&str])] = &[
    ("千円", &["千円"]),
    ("コース", &["コース"]),
    ("テーマ", &["件"]),
    ("課題", &["件"]),
    ("拠点", &["拠点"]),
    ("件", &["件", "社"]),
    ("社", &["社", "件"]),
    ("名", &["名"]),
    ("人", &["名"]),
    ("%", &[]),
];

/// A `{{ … }}` in a line: byte range and the text inside.
fn live_spans(line: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = line[from..].find("{{") {
        let start = from + open;
        let Some(close) = line[start + 2..].find("}}") else {
            break;
        };
        let end = start + 2 + close + 2;
        out.push((start, end, &line[start + 2..end - 2]));
        from = end;
    }
    out
}

/// `kpi1.participants` or `kpi2.venture_rate @ R6` → (key, round).
pub fn parse_live(inner: &str) -> (String, Option<String>) {
    match inner.split_once('@') {
        Some((k, r)) => (k.trim().to_string(), Some(r.trim().to_string())),
        None => (inner.trim().to_string(), None),
    }
}

/// The figure a live reference names, or what is wrong with it.
/// `rounds` are the labels of the rounds in the report.
pub fn resolve<'a>(
    inner: &str,
    current: &str,
    rounds: &[String],
    lookup: &'a Lookup,
) -> Result<&'a Indicator, Msg> {
    let (key, round) = parse_live(inner);
    let round = round.unwrap_or_else(|| current.to_string());
    if !rounds.contains(&round) {
        return Err(Msg::LiveUnknownRound {
            live: format!("{{{{ {} }}}}", inner.trim()),
            round,
            rounds: List::of(rounds),
        });
    }
    if let Some(i) = lookup.get(&(key.clone(), round.clone())) {
        return Ok(i);
    }
    let known = lookup.keys().any(|(k, _)| *k == key);
    if known {
        Err(Msg::LiveNoFigure {
            live: format!("{{{{ {} }}}}", inner.trim()),
            key,
            round,
        })
    } else {
        let near = nearest_keys(&key, lookup);
        Err(Msg::LiveUnknownKey {
            live: format!("{{{{ {} }}}}", inner.trim()),
            key,
            near: Near::Semi(near),
        })
    }
}

/// Up to three keys sharing the longest prefix with `key`.
fn nearest_keys(key: &str, lookup: &Lookup) -> Vec<String> {
    let mut keys: Vec<&String> = lookup.keys().map(|(k, _)| k).collect();
    keys.dedup();
    let common = |k: &str| {
        k.chars()
            .zip(key.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let best = keys.iter().map(|k| common(k)).max().unwrap_or(0);
    if best < 5 {
        return Vec::new();
    }
    keys.into_iter()
        .filter(|k| common(k) == best)
        .take(3)
        .cloned()
        .collect()
}

/// A figure's display with its unit (`3,198名`, `10.4%`).
pub fn live_text(i: &Indicator) -> String {
    format::display(i, true)
}

/// Replaces every live figure of `text` by its display; one that cannot be
/// resolved (reported by [`check`]) is left as written.
pub fn expand(text: &str, current: &str, rounds: &[String], lookup: &Lookup) -> String {
    let mut out = String::new();
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut from = 0;
        for (start, end, inner) in live_spans(line) {
            out.push_str(&line[from..start]);
            match resolve(inner, current, rounds, lookup) {
                Ok(i) => out.push_str(&live_text(i)),
                Err(_) => out.push_str(&line[start..end]),
            }
            from = end;
        }
        out.push_str(&line[from..]);
    }
    out
}

/// A number written with a unit: its value, decimals, unit and text.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    value: f64,
    decimals: u32,
    unit: &'static str,
    text: String,
}

/// The figures with a unit in `line` (already NFKC-normalised, live
/// figures removed); those followed by a footnote `[^…]` are left out.
fn written_figures(line: &str) -> Vec<Written> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = c.is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '.'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == ',') {
            j += 1;
        }
        let mut decimals = 0;
        if j + 1 < chars.len() && chars[j] == '.' && chars[j + 1].is_ascii_digit() {
            j += 1;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
                decimals += 1;
            }
        }
        let number: String = chars[i..j].iter().filter(|c| **c != ',').collect();
        let rest: String = chars[j..].iter().collect();
        let rest_trim = rest.trim_start_matches(' ');
        let unit = UNITS.iter().find(|(u, _)| rest_trim.starts_with(u));
        if let (Some((unit, _)), Ok(value)) = (unit, number.parse::<f64>()) {
            let after = &rest_trim[unit.len()..];
            if !after.starts_with("[^") {
                out.push(Written {
                    value,
                    decimals,
                    unit,
                    text: format!("{}{unit}", chars[i..j].iter().collect::<String>()),
                });
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// The indicator units a written unit is compared with.
fn compared_units(unit: &str) -> &'static [&'static str] {
    UNITS
        .iter()
        .find(|(u, _)| *u == unit)
        .map_or(&[][..], |(_, units)| *units)
}

fn comparable(w: &Written, i: &Indicator) -> bool {
    if w.unit == "%" {
        i.unit == UNIT_RATIO
    } else {
        compared_units(w.unit).contains(&i.unit.as_str())
    }
}

/// The indicator's value on the scale the figure is written in.
fn scaled(w: &Written, v: f64) -> f64 {
    if w.unit == "%" {
        v * 100.0
    } else {
        v
    }
}

fn matches(w: &Written, i: &Indicator) -> bool {
    let Some(v) = i.value else {
        return false;
    };
    comparable(w, i) && (format::round_half_up(scaled(w, v), w.decimals) - w.value).abs() < 1e-9
}

/// The three figures of the same unit nearest to `w`, preferring the
/// section's own KPI: `4,086名 (kpi1.participants @ R6)`.
fn nearest(w: &Written, section: &str, lookup: &Lookup) -> Vec<String> {
    let prefix = format!("{section}.");
    let mut candidates: Vec<(&Indicator, f64)> = lookup
        .values()
        .filter(|i| comparable(w, i))
        .filter_map(|i| i.value.map(|v| (i, (scaled(w, v) - w.value).abs())))
        .collect();
    if candidates.iter().any(|(i, _)| i.key.starts_with(&prefix)) {
        candidates.retain(|(i, _)| i.key.starts_with(&prefix));
    }
    candidates.sort_by(|a, b| a.1.total_cmp(&b.1));
    candidates
        .into_iter()
        .take(3)
        .map(|(i, _)| format!("{} ({} @ {})", live_text(i), i.key, i.round))
        .collect()
}

/// The value of a direction rule's series in one round.
fn series_value(def: SeriesDef, round: &str, lookup: &Lookup) -> Option<f64> {
    let get = |k: &str| {
        lookup
            .get(&(k.to_string(), round.to_string()))
            .and_then(|i| i.value)
    };
    match def {
        SeriesDef::Key(k) => get(k),
        SeriesDef::Share(n, d) => match (get(n), get(d)) {
            (Some(n), Some(d)) if d != 0.0 => Some(n / d),
            _ => None,
        },
    }
}

fn series_display(def: SeriesDef, v: f64, lookup: &Lookup) -> String {
    match def {
        SeriesDef::Share(..) => format::percent(v),
        SeriesDef::Key(k) => lookup.values().find(|i| i.key == k).map_or_else(
            || format::group_digits(v, 1),
            |i| {
                live_text(&Indicator {
                    value: Some(v),
                    ..i.clone()
                })
            },
        ),
    }
}

/// What a sentence says about each series it names: (rule, says up?).
fn directions(sentence: &str) -> Vec<(&'static Rule, bool)> {
    let mut found: Vec<(usize, usize, &'static Rule)> = Vec::new();
    for rule in RULES {
        for phrase in rule.phrases {
            for (at, _) in sentence.match_indices(phrase) {
                // A place already named by an earlier rule stays with it.
                if !found
                    .iter()
                    .any(|(s, e, _)| at < *e && *s < at + phrase.len())
                {
                    found.push((at, at + phrase.len(), rule));
                }
            }
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    let mut out = Vec::new();
    for (_, at, rule) in found {
        let after = &sentence[at..];
        let first = |words: &[&str]| words.iter().filter_map(|w| after.find(w)).min();
        let says = match (first(UP), first(DOWN)) {
            (Some(u), Some(d)) => Some(u < d),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        };
        if let Some(up) = says {
            if !out
                .iter()
                .any(|(r, _): &(&Rule, bool)| std::ptr::eq(*r, rule))
            {
                out.push((rule, up));
            }
        }
    }
    out
}

/// The indicator table as a lookup by (key, round).
pub fn lookup_of(indicators: &[Indicator]) -> Lookup {
    indicators
        .iter()
        .map(|i| ((i.key.clone(), i.round.clone()), i.clone()))
        .collect()
}

pub(crate) fn check_commentary(
    c: &Commentary,
    shown: &str,
    current: &str,
    labels: &[String],
    lookup: &Lookup,
    diags: &mut Diagnostics,
) {
    let previous = labels.iter().rev().find(|l| l.as_str() != current).cloned();
    for (section, text) in &c.sections {
        let numbers = c.lines.get(section);
        for (n, line) in text.split('\n').enumerate() {
            let at = numbers.and_then(|v| v.get(n)).copied().unwrap_or(0);
            let here = || Location::line(shown, at);
            // Live figures: resolved, then blanked for the checks below.
            let mut plain = String::new();
            let mut from = 0;
            for (start, end, inner) in live_spans(line) {
                plain.push_str(&line[from..start]);
                match resolve(inner, current, labels, lookup) {
                    Ok(i) => plain.push_str(&format!("〈{}〉", i.key)),
                    Err(e) => diags.error(here(), e),
                }
                from = end;
            }
            plain.push_str(&line[from..]);
            let normal = crate::fiscal::normalize(&plain);
            for w in written_figures(&normal) {
                if !lookup.values().any(|i| matches(&w, i)) {
                    let near = nearest(&w, section, lookup);
                    diags.warning(
                        here(),
                        Msg::FigureMatchesNothing {
                            text: w.text.clone(),
                            near: Near::Paren(near),
                        },
                    );
                }
            }
            let Some(previous) = &previous else {
                continue;
            };
            for sentence in normal.split(['。', '!', '?']) {
                for (rule, up) in directions(sentence) {
                    let (Some(before), Some(now)) = (
                        series_value(rule.series, previous, lookup),
                        series_value(rule.series, current, lookup),
                    ) else {
                        continue;
                    };
                    let moved_up = now > before;
                    if now != before && moved_up != up {
                        diags.warning(
                            here(),
                            Msg::DirectionContradicts {
                                says: Dir::Says(up),
                                phrase: rule
                                    .phrases
                                    .iter()
                                    .find(|p| sentence.contains(*p))
                                    .unwrap_or(&rule.phrases[0]),
                                name: rule.name,
                                moved: Dir::Moved(moved_up),
                                before: series_display(rule.series, before, lookup).into(),
                                previous: previous.as_str().into(),
                                now: series_display(rule.series, now, lookup).into(),
                                current: current.into(),
                            },
                        );
                    }
                }
            }
        }
    }
}

/// The commentary sections of a round as HTML, live figures expanded.
pub fn render(
    commentary: Option<&Commentary>,
    current: &str,
    rounds: &[String],
    lookup: &Lookup,
) -> BTreeMap<String, String> {
    commentary
        .map(|c| {
            c.sections
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        crate::report::markdown::to_html(&expand(v, current, rounds, lookup)),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(key: &str, round: &str, value: f64, unit: &str) -> Indicator {
        Indicator {
            key: key.into(),
            round: round.into(),
            value: Some(value),
            numerator: None,
            denominator: None,
            unit: unit.into(),
        }
    }

    fn table() -> Lookup {
        lookup_of(&[
            ind("kpi1.participants", "R6", 4086.0, "名"),
            ind("kpi1.participants", "R7", 3198.0, "名"),
            ind("kpi1.sites", "R6", 22.0, "拠点"),
            ind("kpi1.sites", "R7", 16.0, "拠点"),
            ind("kpi2.venture_rate_mean4", "R7", 0.10392, "ratio"),
            ind("kpi6.topics", "R6", 236.0, "件"),
            ind("kpi6.topics", "R7", 261.0, "件"),
            ind("kpi6.area_none_multi.topics", "R6", 103.0, "件"),
            ind("kpi6.area_none_multi.topics", "R7", 84.0, "件"),
        ])
    }

    fn commentary(text: &str) -> Commentary {
        let mut d = Diagnostics::new();
        crate::kpi::tables::parse_commentary(text, "c.md", &mut d)
    }

    fn run(text: &str) -> Vec<String> {
        let mut d = Diagnostics::new();
        let labels = vec!["R6".to_string(), "R7".to_string()];
        check_commentary(
            &commentary(text),
            "data/R7/commentary.md",
            "R7",
            &labels,
            &table(),
            &mut d,
        );
        d.items().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn live_figures_expand_at_display_precision() {
        let labels = vec!["R6".to_string(), "R7".to_string()];
        assert_eq!(
            expand(
                "A {{ kpi1.participants }}、{{kpi1.participants @ R6}}、{{ kpi2.venture_rate_mean4 }}",
                "R7",
                &labels,
                &table()
            ),
            "A 3,198名、4,086名、10.4%"
        );
    }

    #[test]
    fn unknown_key_and_round_are_errors_at_their_line() {
        let out = run("## KPI 1\n\nok {{ kpi1.participants }}\n{{ kpi1.participant }}\n{{ kpi1.sites @ R9 }}\n");
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(
            out[0].starts_with("data/R7/commentary.md:4: E0505: {{ kpi1.participant }}: unknown indicator key \"kpi1.participant\"; nearest: kpi1.participants"),
            "{}",
            out[0]
        );
        assert_eq!(
            out[1],
            "data/R7/commentary.md:5: E0503: {{ kpi1.sites @ R9 }}: unknown round \"R9\": expected one of R6, R7"
        );
    }

    #[test]
    fn figure_check_warns_with_nearest_candidates() {
        let out = run("## KPI 1\n受入実績は3,198名、4,086名\n\n- R6は4,087名だった\n- 全産業は1.4%[^1]\n- 平均10.4%、16拠点、261課題、約20%程度\n");
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(
            out[0].starts_with(
                "data/R7/commentary.md:4: warning: W0503: \"4,087名\" matches no figure"
            ),
            "{}",
            out[0]
        );
        assert!(
            out[0].contains(
                "nearest: 4,086名 (kpi1.participants @ R6), 3,198名 (kpi1.participants @ R7)"
            ),
            "{}",
            out[0]
        );
        assert!(out[1].contains("\"20%\""), "{}", out[1]);
    }

    #[test]
    fn figure_check_reads_full_width_and_written_precision() {
        let w = written_figures(&crate::fiscal::normalize("１０．４％と3,198 名"));
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].decimals, w[0].unit), (1, "%"));
        assert_eq!((w[1].value, w[1].unit), (3198.0, "名"));
        // R7, 2026年 and 3割 carry no unit of the table.
        assert!(written_figures("R7は2026年に3割").is_empty());
    }

    /// The sentence the fixture commentary copied from the source, which
    /// the data contradicts (kept here, not in data/).
    const CONTRADICTED: &str = "- 採択傾向として、重点分野が特定されないテーマが増加している";

    #[test]
    fn direction_check_catches_the_source_contradiction() {
        let out = run(&format!("## KPI 6\n\n{CONTRADICTED}\n"));
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0],
            "data/R7/commentary.md:3: warning: W0504: the sentence says it rose (重点分野が特定されない) but the なし/複数 share of AMED topics (kpi6.area_none_multi.topics / kpi6.topics) fell from 43.6% (R6) to 32.2% (R7): say what the data shows"
        );
    }

    #[test]
    fn direction_check_accepts_what_the_data_shows() {
        let out = run("## KPI 6\n- 重点分野が特定されないテーマの割合は減少している\n## KPI 1\n- 受入実績、実施拠点数ともに下降。拠点数は減少し、受入実績は増加した\n");
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(
            out[0].starts_with(
                "data/R7/commentary.md:4: warning: W0504: the sentence says it rose (受入実績)"
            ),
            "{}",
            out[0]
        );
    }

    #[test]
    fn each_series_takes_the_first_direction_after_it() {
        let d = directions("上流工程は増加傾向であるが、下流工程は下降傾向");
        assert_eq!(d.len(), 2);
        assert!(d[0].1 && !d[1].1);
        let both = directions("活動は6割、国際展開に関する活動と海外拠点はいずれも下降");
        assert!(both.iter().all(|(_, up)| !up));
    }
}
