//! KPI 3 — 拠点における企業との共同研究数: joint research of the base stations
//! by phase, inter-station cooperation, international joint-trial networks and
//! platforms (seed: "KPI; 共同研究件数・内容").

use std::collections::BTreeSet;

use crate::indicator::{RoundFigures, UNIT_CASES, UNIT_STATIONS};
use crate::ingest::sites::JOINT_ITEMS;
use crate::ingest::RoundData;
use crate::kpi::{ints, station_count, strings, Section};

/// The indicator names in specification order, each with the 共同研究 item
/// it sums. The seed's 検証フェーズ (治験・臨床研究) is the 臨床試験 count.
const FIGURES: [(&str, &str); 10] = [
    ("basic", "basic"),
    ("development", "development"),
    ("nonclinical", "nonclinical"),
    ("clinical", "clinical"),
    ("verification", "clinical"),
    ("inter_site", "inter_site"),
    ("intl_trial_network", "intl_trial_network"),
    ("platform1", "platform1"),
    ("platform2", "platform2"),
    ("platform3", "platform3"),
];

pub fn keys() -> Vec<String> {
    let mut keys: Vec<String> = FIGURES.iter().map(|(n, _)| format!("kpi3.{n}")).collect();
    keys.extend(FIGURES.iter().map(|(n, _)| format!("kpi3.{n}_per_site")));
    keys.push("kpi3.intl_trial_network_sites".to_string());
    keys
}

pub fn compute(rounds: &[RoundData]) -> Section {
    Section::per_round(3, keys(), rounds, compute_round)
}

fn compute_round(data: &RoundData) -> RoundFigures {
    let label = data.round.config.label.as_str();
    let mut f = RoundFigures::new();
    let Some(sites) = &data.sites else {
        return f;
    };
    debug_assert!(FIGURES
        .iter()
        .all(|(_, item)| JOINT_ITEMS.iter().any(|(_, k)| k == item)));
    let multiplier = data.round.config.correction().multiplier;
    let b = station_count(sites);
    let items = strings(&sites.joint_research, "item");
    let counts = ints(&sites.joint_research, "count");
    let station = strings(&sites.joint_research, "stem");
    let total = |item: &str| -> f64 {
        items
            .iter()
            .zip(&counts)
            .filter(|(i, _)| **i == item)
            .filter_map(|(_, c)| *c)
            .sum::<i64>() as f64
    };
    // Counts are corrected to one year (SPEC §3), then shown per station (A/B).
    for (name, item) in FIGURES {
        f.count(
            format!("kpi3.{name}"),
            label,
            total(item) * multiplier,
            UNIT_CASES,
        );
    }
    for (name, item) in FIGURES {
        f.ratio(
            format!("kpi3.{name}_per_site"),
            label,
            total(item) * multiplier,
            b,
            UNIT_CASES,
        );
    }
    // 3rd-plan candidate: stations with at least one network, a station count (not corrected).
    let with_network: BTreeSet<&str> = (0..items.len())
        .filter(|i| items[*i] == "intl_trial_network" && counts[*i].unwrap_or(0) >= 1)
        .map(|i| station[i])
        .collect();
    f.count(
        "kpi3.intl_trial_network_sites",
        label,
        with_network.len() as f64,
        UNIT_STATIONS,
    );
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::order;
    use crate::kpi::testing::{round, sites, value};

    #[test]
    fn corrected_per_station_and_network_stations() {
        let mut r4 = round("R4", 2022, true);
        r4.sites = Some(sites(
            &["a", "b", "c", "d"],
            &[],
            &[
                ("a", "basic", 3),
                ("b", "basic", 4),
                ("a", "clinical", 5),
                ("a", "intl_trial_network", 1),
                ("b", "intl_trial_network", 0),
                ("c", "intl_trial_network", 2),
            ],
        ));
        let s = compute(&[r4]);
        let t = order(&s.keys, &s.rounds);
        assert_eq!(value(&t, "kpi3.basic", "R4"), Some(3.5));
        assert_eq!(value(&t, "kpi3.basic_per_site", "R4"), Some(3.5 / 4.0));
        assert_eq!(value(&t, "kpi3.clinical", "R4"), Some(2.5));
        assert_eq!(value(&t, "kpi3.verification", "R4"), Some(2.5));
        // Items left out count 0.
        assert_eq!(value(&t, "kpi3.development", "R4"), Some(0.0));
        assert_eq!(value(&t, "kpi3.intl_trial_network", "R4"), Some(1.5));
        // A station count: not corrected.
        assert_eq!(value(&t, "kpi3.intl_trial_network_sites", "R4"), Some(2.0));
        assert_eq!(t.len(), keys().len());
    }
}
