//! KPI 7 — 国際展開: domestic member companies with international activity
//! (seed: "KPI: 国際展開(方法)" definition: any of the five overseas bases ①–⑤,
//! or export, IP filed abroad, investment abroad, regulatory applications).

use crate::indicator::UNIT_RATIO;
use crate::model::expr::{Pred, Weight};
use crate::model::measure::{Defs, On, Term};
use crate::model::FrameId;
use crate::model::RoundData;

/// Overseas bases ①–⑤: (indicator name, frame column).
pub const BASES: [(&str, &str); 5] = [
    ("base_rd", "base_rd"),
    ("base_production", "base_production"),
    ("base_sales", "base_sales"),
    ("base_training", "base_training"),
    ("base_other", "base_other"),
];

/// International activities: (indicator name, frame column).
pub const ACTIVITIES: [(&str, &str); 5] = [
    ("export", "export"),
    ("ip_abroad", "ip_abroad"),
    ("investment", "investment"),
    ("regulatory", "regulatory"),
    ("joint_rd", "joint_rd"),
];

/// The seed's reading of the trend: upstream (R&D, production) globalises,
/// downstream (distribution) shrinks ("上流はグローバル化、下流は縮小か").
pub const UPSTREAM: [&str; 3] = ["base_rd", "base_production", "joint_rd"];
pub const DOWNSTREAM: [&str; 4] = ["base_sales", "base_training", "export", "regulatory"];

pub fn define(rounds: &[RoundData], defs: &mut Defs) {
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
        // 本社が日本にある: the shares are over domestic companies only.
        let domestic = Pred::Is("domestic");
        let n = on.rows(domestic.clone(), Weight::One);
        let mut any_of = |names: &[&'static str]| {
            let any = Pred::Or(names.iter().map(|c| Pred::Is(c)).collect());
            on.rows(domestic.clone().and(any), Weight::One)
        };
        let every: Vec<&'static str> = BASES
            .iter()
            .chain(ACTIVITIES.iter())
            .map(|(_, c)| *c)
            .collect();
        let bases: Vec<&'static str> = BASES.iter().map(|(_, c)| *c).collect();
        let activity = any_of(&every);
        let base = any_of(&bases);
        let items: Vec<(&str, Term)> = BASES
            .iter()
            .chain(ACTIVITIES.iter())
            .map(|(name, column)| (*name, any_of(&[column])))
            .collect();
        let upstream = any_of(&UPSTREAM);
        let downstream = any_of(&DOWNSTREAM);
        defs.ratio("kpi7.activity_rate", label, UNIT_RATIO, &activity, &n);
        defs.ratio("kpi7.base_rate", label, UNIT_RATIO, &base, &n);
        for (name, yes) in &items {
            defs.ratio(format!("kpi7.{name}"), label, UNIT_RATIO, yes, &n);
        }
        defs.ratio("kpi7.upstream_rate", label, UNIT_RATIO, &upstream, &n);
        defs.ratio("kpi7.downstream_rate", label, UNIT_RATIO, &downstream, &n);
    }
}
