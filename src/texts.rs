//! Checks of a round's texts against the indicator table (SPEC §12):
//! `commentary.md` (live figures, the figure check, the direction check),
//! the live figures of `reference.toml`, and the keys of `published.toml`.
//! `validate`, `compute` and `report` run them; the report renders the same
//! texts from the computed result.

use crate::diag::{Diagnostics, List, Location, Msg};
use crate::indicator::Indicator;
use crate::ingest::RoundData;
use crate::report::commentary::{check_commentary, lookup_of, resolve};
use crate::report::functions::Lookup;
use crate::report::reconcile::parse_key;

/// Every check of this module.
pub fn check(rounds: &[RoundData], indicators: &[Indicator], diags: &mut Diagnostics) {
    check_published(rounds, indicators, diags);
    check_texts(rounds, indicators, diags);
}

/// The rounds of the report for a commentary of round `current`: every
/// round loaded up to it, by label, in order.
fn report_rounds(rounds: &[RoundData], current: &RoundData) -> Vec<String> {
    rounds
        .iter()
        .filter(|r| r.round.config.fiscal_year <= current.round.config.fiscal_year)
        .map(|r| r.round.config.label.clone())
        .collect()
}

/// Checks every round's commentary and reference series (SPEC §12).
fn check_texts(rounds: &[RoundData], indicators: &[Indicator], diags: &mut Diagnostics) {
    let all = lookup_of(indicators);
    for r in rounds {
        let labels = report_rounds(rounds, r);
        let lookup: Lookup = all
            .iter()
            .filter(|((_, round), _)| labels.contains(round))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let current = r.round.config.label.as_str();
        if let Some(c) = &r.commentary {
            let shown = format!("{}/commentary.md", r.round.shown);
            check_commentary(c, &shown, current, &labels, &lookup, diags);
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
}

/// Warns about `published.toml` keys that name no indicator or no round
/// of the report (SPEC §4.7).
fn check_published(rounds: &[RoundData], indicators: &[Indicator], diags: &mut Diagnostics) {
    let keys: std::collections::BTreeSet<&str> =
        indicators.iter().map(|i| i.key.as_str()).collect();
    for r in rounds {
        let Some(published) = &r.published else {
            continue;
        };
        let labels: Vec<&str> = rounds
            .iter()
            .filter(|o| o.round.config.fiscal_year <= r.round.config.fiscal_year)
            .map(|o| o.round.config.label.as_str())
            .collect();
        let here = || Location::file(format!("{}/published.toml", r.round.shown));
        for raw in published.keys() {
            let k = parse_key(raw);
            if !keys.contains(k.key.as_str()) {
                diags.warning(here(), Msg::PublishedUnknownKey { key: k.key.clone() });
            } else if let Some(round) = &k.round {
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
        }
    }
}
