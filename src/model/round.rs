//! What one round folder holds once read: the record frames (their columns
//! are [`crate::schema`]'s), the texts and every file read. `ingest` builds
//! it; `model::derive` adds the derived columns; the KPIs, checks, `explain`
//! and `export` read it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars_core::prelude::DataFrame;

use crate::dataset::Dataset;
use crate::diag::ui::{Count, Noun, Ui};
use crate::input::InputFile;
use crate::round::Round;

/// Everything read from one round folder.
#[derive(Debug, Clone)]
pub struct RoundData {
    pub round: Round,
    pub sites: Option<Sites>,
    pub satisfaction: Option<DataFrame>,
    pub companies: Option<DataFrame>,
    pub amed: Option<DataFrame>,
    pub followup: Option<DataFrame>,
    pub commentary: Option<Commentary>,
    /// `published.toml`: indicator key → figure as printed.
    pub published: Option<Published>,
    /// `reference.toml`: external series cited on [参考] pages (SPEC §12).
    pub reference: Option<Vec<crate::reference::Series>>,
    /// Every input file read, in a stable order, with its hash, for
    /// provenance.
    pub files: Vec<InputFile>,
    /// The datasets whose files exist, readable or not.
    pub present: Vec<Dataset>,
    /// The file each single-sheet dataset was read from, as shown in
    /// messages (the station frames carry theirs per row).
    pub sources: BTreeMap<Dataset, String>,
}

impl RoundData {
    /// Drops the record frames (stations, responses, companies, topics),
    /// the bulk of what a round holds, once nothing reads them; the
    /// follow-up frame stays, as later rounds merge its series.
    pub fn drop_records(&mut self) {
        self.sites = None;
        self.satisfaction = None;
        self.companies = None;
        self.amed = None;
    }

    /// How many records of dataset `d` the round holds (stations,
    /// responses, topics, rows, sections, figures, series); None when it was
    /// not read.
    pub fn count(&self, d: Dataset) -> Option<usize> {
        let rows = |frame: &Option<DataFrame>| frame.as_ref().map(DataFrame::height);
        match d {
            Dataset::Sites => self.sites.as_ref().map(|s| s.stations.height()),
            Dataset::Satisfaction => rows(&self.satisfaction),
            Dataset::Companies => rows(&self.companies),
            Dataset::Amed => rows(&self.amed),
            Dataset::Followup => rows(&self.followup),
            Dataset::Commentary => self.commentary.as_ref().map(|c| c.sections.len()),
            Dataset::Published => self.published.as_ref().map(|p| p.len()),
            Dataset::Reference => self.reference.as_ref().map(Vec::len),
        }
    }

    /// The datasets this round holds with what they hold, for `validate`'s
    /// summary.
    pub fn datasets(&self) -> Vec<(Dataset, Ui)> {
        Dataset::ALL
            .into_iter()
            .filter_map(|d| {
                let n = self.count(d)?;
                let noun = match d {
                    Dataset::Sites => {
                        let sites = self.sites.as_ref()?;
                        return Some((
                            d,
                            Ui::SitesHeld {
                                stations: Count(n, Noun::Station),
                                training: Count(sites.training.height(), Noun::TrainingRow),
                                joint_research: Count(
                                    sites.joint_research.height(),
                                    Noun::JointResearchRow,
                                ),
                            },
                        ));
                    }
                    Dataset::Satisfaction | Dataset::Companies => Noun::Response,
                    Dataset::Amed => Noun::Topic,
                    Dataset::Followup => Noun::Row,
                    Dataset::Commentary => Noun::Section,
                    Dataset::Published => Noun::Figure,
                    Dataset::Reference => Noun::Series,
                };
                Some((
                    d,
                    Ui::Held {
                        count: Count(n, noun),
                    },
                ))
            })
            .collect()
    }
}

/// The base stations of a round.
#[derive(Debug, Clone)]
pub struct Sites {
    pub stations: DataFrame,
    pub training: DataFrame,
    pub joint_research: DataFrame,
}

/// Analyst commentary by section: `kpi1` … `kpi11` and `summary` (総括),
/// each the Markdown under its `## ` heading, HTML comments left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Commentary {
    pub sections: BTreeMap<String, String>,
    /// For each section, the line of `commentary.md` (1-based) of each line
    /// of its text, so checks can name `commentary.md:LINE` (SPEC §12).
    pub lines: BTreeMap<String, Vec<usize>>,
    /// The text's lines that say something (not blank, not a heading, not
    /// inside an HTML comment), trimmed: what the copy check of SPEC §17
    /// compares with the previous round's.
    pub said: Vec<String>,
}

/// `published.toml`: indicator key (as written, `KEY`, `KEY @ R6`,
/// `KEY # where`) → figure as printed, with the line of each key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Published {
    pub figures: BTreeMap<String, String>,
    pub lines: BTreeMap<String, usize>,
}

impl std::ops::Deref for Published {
    type Target = BTreeMap<String, String>;
    fn deref(&self) -> &Self::Target {
        &self.figures
    }
}

/// Days since 1970-01-01, polars' Date representation.
pub(crate) fn epoch_days(date: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    (date - epoch).num_days() as i32
}
