//! Checks of a round's texts against the indicator table (SPEC §12, §17):
//! `commentary.md` (live figures, the figure check, the direction check,
//! a copy of the previous round's, a missing one), the live figures of
//! `reference.toml`, and the keys and units of `published.toml`.
//! `validate`, `compute` and `report` run them; the report renders the same
//! texts from the computed result. An error here stops `compute` and
//! `report` like an input error.

use std::collections::{BTreeMap, HashSet};

use crate::commentary::{check_commentary, lookup_of, resolve, RoundName};
use crate::diag::{Diagnostics, List, Location, Msg};
use crate::indicator::Lookup;
use crate::indicator::{Indicator, UNIT_RATIO};
use crate::model::RoundData;

/// Every check of this module, for `validate`: each round's texts, and a
/// missing `commentary.md` for every round after one that had it.
pub fn check(rounds: &[RoundData], indicators: &[Indicator], diags: &mut Diagnostics) {
    check_published(rounds, indicators, diags);
    check_texts(rounds, indicators, diags);
    for (n, r) in rounds.iter().enumerate() {
        check_missing(&rounds[..n], r, diags);
    }
}

/// Every check of this module, for `compute` and `report`: each round's
/// texts, and a missing `commentary.md` for the round reported (the last).
pub fn check_report(rounds: &[RoundData], indicators: &[Indicator], diags: &mut Diagnostics) {
    check_published(rounds, indicators, diags);
    check_texts(rounds, indicators, diags);
    if let Some((r, earlier)) = rounds.split_last() {
        check_missing(earlier, r, diags);
    }
}

/// The rounds of the report for a commentary of round `current`: every
/// round loaded up to it, in fiscal-year order.
fn report_rounds(rounds: &[RoundData], current: &RoundData) -> Vec<RoundName> {
    let mut names: Vec<(i32, RoundName)> = rounds
        .iter()
        .filter(|r| r.round.config.fiscal_year <= current.round.config.fiscal_year)
        .map(|r| {
            let c = &r.round.config;
            (
                c.fiscal_year,
                RoundName {
                    label: c.label.clone(),
                    fiscal_year: c.fiscal_year,
                },
            )
        })
        .collect();
    names.sort_by_key(|(year, _)| *year);
    names.into_iter().map(|(_, n)| n).collect()
}

/// Checks every round's commentary and reference series (SPEC §12), and
/// whether a commentary copies the previous round's (SPEC §17).
fn check_texts(rounds: &[RoundData], indicators: &[Indicator], diags: &mut Diagnostics) {
    use rayon::prelude::*;
    let all = lookup_of(indicators);
    // Each round's texts on their own (a sixth of computing the report on
    // data/ when one after the other); the messages in round order.
    let found: Vec<Diagnostics> = rounds
        .par_iter()
        .map(|r| {
            let mut diags = Diagnostics::new();
            check_round_texts(rounds, r, &all, &mut diags);
            diags
        })
        .collect();
    for d in found {
        diags.extend(d);
    }
}

/// [`check_texts`] of round `r`.
fn check_round_texts(rounds: &[RoundData], r: &RoundData, all: &Lookup, diags: &mut Diagnostics) {
    let names = report_rounds(rounds, r);
    let labels: Vec<String> = names.iter().map(|n| n.label.clone()).collect();
    let lookup: Lookup = all
        .iter()
        .filter(|((_, round), _)| labels.contains(round))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let current = r.round.config.label.as_str();
    if let Some(c) = &r.commentary {
        let shown = format!("{}/commentary.md", r.round.shown);
        check_commentary(c, &shown, current, &names, &lookup, diags);
        check_copied(rounds, r, diags);
    }
    if let Some(series) = &r.reference {
        let shown = format!("{}/{}", r.round.shown, crate::reference::FILE);
        for s in series {
            for ((_, value), &line) in s.points.0.iter().zip(&s.point_lines) {
                if let crate::reference::Value::Live(t) = value {
                    let inner = t.trim().trim_start_matches("{{").trim_end_matches("}}");
                    if let Err(e) = resolve(inner, current, &labels, &lookup) {
                        diags.error(Location::line(&shown, line), e);
                    }
                }
            }
        }
    }
}

/// The round before `r` in fiscal-year order, among those loaded.
fn previous_round<'a>(rounds: &'a [RoundData], r: &RoundData) -> Option<&'a RoundData> {
    rounds
        .iter()
        .filter(|o| o.round.config.fiscal_year < r.round.config.fiscal_year)
        .max_by_key(|o| o.round.config.fiscal_year)
}

/// SPEC §17: a `commentary.md` of which half the lines or more (blank
/// lines, headings and HTML comments aside) are the previous round's is a
/// warning naming that file. Lines are compared trimmed, as a set.
fn check_copied(rounds: &[RoundData], r: &RoundData, diags: &mut Diagnostics) {
    let (Some(c), Some(previous)) = (&r.commentary, previous_round(rounds, r)) else {
        return;
    };
    let Some(before) = &previous.commentary else {
        return;
    };
    // A byte-identical file has its own warning (W0603, the file sent
    // again); one warning says it.
    let digest = |round: &'_ RoundData| {
        round
            .files
            .iter()
            .find(|f| f.path.file_name().is_some_and(|n| n == "commentary.md"))
            .map(|f| f.sha256.clone())
    };
    if digest(r).is_some() && digest(r) == digest(previous) {
        return;
    }
    let said: HashSet<&str> = before.said.iter().map(String::as_str).collect();
    let total = c.said.len();
    let same = c.said.iter().filter(|l| said.contains(l.as_str())).count();
    if total > 0 && 2 * same >= total {
        diags.warning(
            Location::file(format!("{}/commentary.md", r.round.shown)),
            Msg::CommentaryCopied {
                previous: format!("{}/commentary.md", previous.round.shown),
                same,
                total,
            },
        );
    }
}

/// SPEC §17: a round without `commentary.md` where an earlier round (of
/// `earlier`) had one is a warning naming the latest such file.
fn check_missing(earlier: &[RoundData], r: &RoundData, diags: &mut Diagnostics) {
    if r.commentary.is_some() {
        return;
    }
    let had = earlier
        .iter()
        .filter(|o| o.round.config.fiscal_year < r.round.config.fiscal_year)
        .filter(|o| o.commentary.is_some())
        .max_by_key(|o| o.round.config.fiscal_year);
    if let Some(had) = had {
        diags.warning(
            Location::file(format!("{}/commentary.md", r.round.shown)),
            Msg::CommentaryMissing {
                earlier: format!("{}/commentary.md", had.round.shown),
            },
        );
    }
}

/// The units a published figure may be printed with for an indicator of
/// `unit`: its own, the words the report and commentary use for it, or
/// none; a rate needs `%` (SPEC §17).
fn unit_fits(printed_unit: &str, unit: &str) -> bool {
    if unit == UNIT_RATIO {
        return printed_unit == "%";
    }
    let also: &[&str] = match unit {
        "名" => &["人"],
        "件" => &["課題", "テーマ"],
        _ => &[],
    };
    printed_unit.is_empty() || printed_unit == unit || also.contains(&printed_unit)
}

/// Warns about `published.toml` keys that name no indicator or no round
/// of the report (SPEC §4.7); a figure in another unit than its
/// indicator's is an error (SPEC §17).
fn check_published(rounds: &[RoundData], indicators: &[Indicator], diags: &mut Diagnostics) {
    // The unit of each key (the same in every round).
    let units: BTreeMap<&str, &str> = indicators
        .iter()
        .map(|i| (i.key.as_str(), i.unit.as_str()))
        .collect();
    for r in rounds {
        let Some(published) = &r.published else {
            continue;
        };
        let labels: Vec<&str> = rounds
            .iter()
            .filter(|o| o.round.config.fiscal_year <= r.round.config.fiscal_year)
            .map(|o| o.round.config.label.as_str())
            .collect();
        let shown = format!("{}/published.toml", r.round.shown);
        for (raw, printed) in published.iter() {
            let here = || match published.lines.get(raw) {
                Some(&line) => Location::line(&shown, line),
                None => Location::file(&shown),
            };
            let k = parse_key(raw);
            let Some(&unit) = units.get(k.key.as_str()) else {
                diags.warning(here(), Msg::PublishedUnknownKey { key: k.key.clone() });
                continue;
            };
            if let Some(round) = &k.round {
                if !labels.contains(&round.as_str()) {
                    diags.warning(
                        here(),
                        Msg::PublishedUnknownRound {
                            raw: raw.to_string(),
                            round: round.clone(),
                            rounds: List::of(&labels),
                        },
                    );
                }
            }
            let Some((number, printed_unit)) = crate::ingest::text::printed_parts(printed) else {
                continue;
            };
            if number != "-" && !unit_fits(&printed_unit, unit) {
                diags.error(
                    here(),
                    Msg::PublishedWrongUnit {
                        key: raw.to_string(),
                        printed: printed.clone(),
                        unit: if unit == UNIT_RATIO { "%" } else { unit }.to_string(),
                    },
                );
            }
        }
    }
}

/// A `published.toml` key: the indicator, its round (None: the report's),
/// and where in the source it was printed, if said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedKey {
    pub key: String,
    pub round: Option<String>,
    pub place: Option<String>,
}

pub fn parse_key(raw: &str) -> PublishedKey {
    let (rest, place) = match raw.split_once('#') {
        Some((r, p)) => (r, Some(p.trim().to_string()).filter(|p| !p.is_empty())),
        None => (raw, None),
    };
    let (key, round) = match rest.split_once('@') {
        Some((k, r)) => (k.trim().to_string(), Some(r.trim().to_string())),
        None => (rest.trim().to_string(), None),
    };
    PublishedKey { key, round, place }
}
