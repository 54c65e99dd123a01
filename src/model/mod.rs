//! The data model: the validated polars frames of each round (SPEC §4
//! schemas, see [`crate::schema`]) plus the derived columns the KPIs use,
//! added once here. The KPIs, `explain` and `export` all read these frames.

pub(crate) mod coded;
pub mod columns;
pub(crate) mod derive;
pub mod explain;
pub(crate) mod expr;
pub mod measure;
pub mod round;

use std::borrow::Cow;

use polars_core::prelude::{AnyValue, DataFrame, PolarsResult};

use crate::dataset::Dataset;
use crate::schema;

pub use round::{Commentary, Published, RoundData, Sites};

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

    /// The frame in `round` with the columns worded on demand for people
    /// (the companies' reasons): what `explain` and `export` show.
    pub fn records(self, round: &RoundData) -> PolarsResult<Option<Cow<'_, DataFrame>>> {
        let Some(df) = self.of(round) else {
            return Ok(None);
        };
        Ok(Some(match self {
            FrameId::Companies => {
                Cow::Owned(derive::with_reasons(df, round.round.config.reference_date)?)
            }
            _ => Cow::Borrowed(df),
        }))
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

    /// The dataset its records are read from.
    pub fn dataset(self) -> Dataset {
        match self {
            FrameId::Stations | FrameId::Training | FrameId::JointResearch => Dataset::Sites,
            FrameId::Satisfaction => Dataset::Satisfaction,
            FrameId::Companies => Dataset::Companies,
            FrameId::Amed => Dataset::Amed,
            FrameId::Followup => Dataset::Followup,
        }
    }

    /// The frame's name in `export` and `explain`.
    pub fn frame_name(self) -> &'static str {
        self.sheet().frame
    }

    /// `path:sheet:row` of row `i` of `df`, this frame of `round`: station
    /// frames carry their file per row, the others' file is the round's
    /// source of the frame.
    pub(crate) fn source(self, round: Option<&RoundData>, df: &DataFrame, i: usize) -> String {
        let file = match df.column(schema::SOURCE_FILE) {
            Ok(c) => match c.get(i) {
                Ok(AnyValue::String(s)) => s.to_string(),
                _ => String::new(),
            },
            Err(_) => round
                .and_then(|r| r.sources.get(&self.dataset()))
                .cloned()
                .unwrap_or_default(),
        };
        let row = df
            .column(schema::SOURCE_ROW)
            .ok()
            .and_then(|c| c.get(i).ok())
            .map(|v| v.to_string())
            .unwrap_or_default();
        format!("{file}:{}:{row}", self.sheet().name)
    }
}

/// The header a frame column is shown under in `explain` and `export`:
/// the schema's (SPEC §4), or the Japanese name of a derived column.
pub(crate) fn header(frame: FrameId, column: &str) -> String {
    if let Some(f) = frame.sheet().field(column) {
        return f.header.to_string();
    }
    if let Some(d) = derive::DERIVED
        .iter()
        .find(|d| d.frame == frame && d.column == column)
    {
        return d.header.to_string();
    }
    match column {
        STEM => STEM_HEADER,
        other => other,
    }
    .to_string()
}

/// The station frames' column naming the station by its file stem.
pub(crate) const STEM: &str = "stem";
pub(crate) const STEM_HEADER: &str = "拠点(ファイル)";

/// Pays polars' one-time cost of its first all-false or all-null mask:
/// it zero-fills a shared 8 MB buffer (2,048 page faults, about 4 ms, half
/// of computing the KPIs of `data/` when it falls there). Called on a
/// spare thread while the inputs are read.
pub fn warm_up() {
    use polars_core::prelude::{BooleanChunked, ChunkFull};
    let _ = BooleanChunked::full("warm".into(), false, 1);
}
