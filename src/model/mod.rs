//! The data model: the validated polars frames of each round (SPEC §4
//! schemas, see [`crate::schema`]) plus the derived columns the KPIs use,
//! added once here. The KPIs, `explain` and `export` all read these frames.

pub(crate) mod derive;
pub mod explain;
pub(crate) mod expr;
pub mod measure;

use polars_core::prelude::DataFrame;

use crate::ingest::RoundData;
use crate::schema;

/// The record frames of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FrameId {
    Stations,
    Training,
    JointResearch,
    Satisfaction,
    Companies,
    Amed,
    Followup,
}

impl FrameId {
    pub const ALL: [FrameId; 7] = [
        FrameId::Stations,
        FrameId::Training,
        FrameId::JointResearch,
        FrameId::Satisfaction,
        FrameId::Companies,
        FrameId::Amed,
        FrameId::Followup,
    ];

    /// The frame in `round`, when the round has that dataset.
    pub fn of(self, round: &RoundData) -> Option<&DataFrame> {
        match self {
            FrameId::Stations => round.sites.as_ref().map(|s| &s.stations),
            FrameId::Training => round.sites.as_ref().map(|s| &s.training),
            FrameId::JointResearch => round.sites.as_ref().map(|s| &s.joint_research),
            FrameId::Satisfaction => round.satisfaction.as_ref(),
            FrameId::Companies => round.companies.as_ref(),
            FrameId::Amed => round.amed.as_ref(),
            FrameId::Followup => round.followup.as_ref(),
        }
    }

    /// The sheet its records come from.
    pub fn sheet(self) -> &'static schema::Sheet {
        match self {
            FrameId::Stations => &schema::SITE_INFO,
            FrameId::Training => &schema::SITE_TRAINING,
            FrameId::JointResearch => &schema::SITE_JOINT,
            FrameId::Satisfaction => &schema::SATISFACTION_SHEET,
            FrameId::Companies => &schema::COMPANIES_SHEET,
            FrameId::Amed => &schema::AMED_SHEET,
            FrameId::Followup => &schema::FOLLOWUP_SHEET,
        }
    }

    /// The frame's name in `export` and `explain`.
    pub fn frame_name(self) -> &'static str {
        self.sheet().frame
    }
}
