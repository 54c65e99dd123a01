//! KPI 3 — 拠点における企業との共同研究数: joint research of the base stations
//! by phase, inter-station cooperation, international joint-trial networks and
//! platforms (seed: "KPI; 共同研究件数・内容").

use crate::indicator::{UNIT_CASES, UNIT_STATIONS};
use crate::model::expr::{Pred, Value, Weight};
use crate::model::measure::{Defs, On, Term};
use crate::model::FrameId;
use crate::model::RoundData;

/// The 共同研究 item a figure sums: its own name, but the seed's
/// 検証フェーズ (治験・臨床研究) is the 臨床試験 count. The figures and their
/// order are the registry's ([`crate::registry::JOINT_RESEARCH`]).
fn item_of(figure: &str) -> &str {
    match figure {
        "verification" => "clinical",
        other => other,
    }
}

pub fn define(rounds: &[RoundData], defs: &mut Defs) {
    for (i, data) in rounds.iter().enumerate() {
        if data.sites.is_none() {
            continue;
        }
        let label = data.round.config.label.as_str();
        let mut on = On {
            defs: &mut *defs,
            round: i,
            frame: FrameId::Stations,
            multiplier: data.round.config.correction().multiplier,
        };
        let b = on.rows(Pred::All, Weight::One);
        on.frame = FrameId::JointResearch;
        // Counts are corrected to one year (SPEC §3), then shown per station
        // (A/B). One group_by over 項目 gives every item.
        let totals: Vec<(&str, Term)> = crate::registry::JOINT_RESEARCH
            .iter()
            .map(|name| {
                let item = item_of(name);
                let t = on.group(
                    Pred::All,
                    &["item"],
                    Weight::Of("count"),
                    vec![Value::str(item)],
                );
                (*name, on.corrected(t))
            })
            .collect();
        // 3rd-plan candidate: stations with at least one network, a station
        // count (not corrected); a station has one row per item.
        let with_network = on.rows(
            Pred::eq_str("item", "intl_trial_network").and(Pred::AtLeast("count", 1.0)),
            Weight::One,
        );
        for (name, total) in &totals {
            defs.count(format!("kpi3.{name}"), label, UNIT_CASES, total);
        }
        for (name, total) in &totals {
            defs.ratio(
                format!("kpi3.{name}_per_site"),
                label,
                UNIT_CASES,
                total,
                &b,
            );
        }
        defs.count(
            "kpi3.intl_trial_network_sites",
            label,
            UNIT_STATIONS,
            &with_network,
        );
    }
}

#[cfg(test)]
mod tests {
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
        let t = crate::kpi::testing::table(vec![r4]);
        assert_eq!(value(&t, "kpi3.basic", "R4"), Some(3.5));
        assert_eq!(value(&t, "kpi3.basic_per_site", "R4"), Some(3.5 / 4.0));
        assert_eq!(value(&t, "kpi3.clinical", "R4"), Some(2.5));
        assert_eq!(value(&t, "kpi3.verification", "R4"), Some(2.5));
        // Items left out count 0.
        assert_eq!(value(&t, "kpi3.development", "R4"), Some(0.0));
        assert_eq!(value(&t, "kpi3.intl_trial_network", "R4"), Some(1.5));
        // A station count: not corrected.
        assert_eq!(value(&t, "kpi3.intl_trial_network_sites", "R4"), Some(2.0));
        let kpi3 = t.iter().filter(|i| i.key.starts_with("kpi3.")).count();
        assert_eq!(kpi3, crate::registry::Registry::builtin().keys_of(3).len());
    }
}
