//! `data/plan.toml`: the plan's vision, goals, KPIs and responsible bodies
//! (the seed's overview table), as data so the 3rd plan's KPIs can be
//! described without touching code (SPEC §7).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostics, Location, Msg};

pub const FILE: &str = "plan.toml";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub vision: String,
    /// A note on the table, e.g. where it was decided (第3回検討会にて決定).
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, rename(deserialize = "kpi"))]
    pub kpis: Vec<PlanKpi>,
    /// The file as read, with its hash, for provenance.
    #[serde(skip)]
    pub file: Option<crate::input::InputFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanKpi {
    pub number: u32,
    pub goal: String,
    pub indicators: Vec<String>,
    pub body: String,
    /// `mdsi` (measured by MDSI) or `followup` (reported by the ministries).
    pub source: String,
}

impl Plan {
    pub fn kpi(&self, number: u32) -> Option<&PlanKpi> {
        self.kpis.iter().find(|k| k.number == number)
    }
}

/// Reads `<data>/plan.toml`; None when absent or invalid (reported).
pub fn read(data: &Path, shown: &str, diags: &mut Diagnostics) -> Option<Plan> {
    let path = data.join(FILE);
    // Absent, it is not needed; there but not readable (a folder, a pipe),
    // it is an error.
    if !path.exists() {
        return None;
    }
    let here = || Location::file(format!("{shown}/{FILE}"));
    let (bytes, file) = match crate::input::read_hashed(&path) {
        Ok(read) => read,
        Err(message) => {
            diags.error(here(), message);
            return None;
        }
    };
    let file = Some(file);
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            diags.error(here(), Msg::NotUtf8Text {});
            return None;
        }
    };
    let mut plan: Plan = match toml::from_str(&text) {
        Ok(p) => p,
        Err(e) => {
            diags.error(
                here(),
                Msg::PlanMalformed {
                    at: crate::diag::AtLine(e.span().map(|span| {
                        let before = &text.as_bytes()[..span.start.min(text.len())];
                        before.iter().filter(|&&b| b == b'\n').count() + 1
                    })),
                    detail: e.message().trim_end().to_string(),
                },
            );
            return None;
        }
    };
    let mut ok = true;
    for (i, k) in plan.kpis.iter().enumerate() {
        if !["mdsi", "followup"].contains(&k.source.as_str()) {
            ok = false;
            diags.error(
                here(),
                Msg::PlanBadSource {
                    kpi: k.number,
                    found: k.source.clone(),
                },
            );
        }
        if plan.kpis[..i].iter().any(|o| o.number == k.number) {
            ok = false;
            diags.error(here(), Msg::PlanKpiTwice { kpi: k.number });
        }
    }
    plan.file = file;
    ok.then_some(plan)
}
