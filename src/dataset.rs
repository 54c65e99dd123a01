//! The datasets of a round folder (SPEC §4), named once: the reader finds
//! them by these files, `validate`'s summary, the cross-round checks and the
//! report's data-quality table name them from here. The columns of the
//! tabular ones are [`crate::schema`]'s ([`crate::schema::layout`]).

use serde::{Serialize, Serializer};

/// One dataset of a round folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dataset {
    /// `sites/`: one workbook per station.
    Sites,
    Satisfaction,
    Companies,
    Amed,
    Followup,
    /// `commentary.md`.
    Commentary,
    /// `published.toml`.
    Published,
    /// `reference.toml`.
    Reference,
}

impl Dataset {
    /// Every dataset, in the order `validate` and the report list them.
    pub const ALL: [Dataset; 8] = [
        Dataset::Sites,
        Dataset::Satisfaction,
        Dataset::Companies,
        Dataset::Amed,
        Dataset::Followup,
        Dataset::Commentary,
        Dataset::Published,
        Dataset::Reference,
    ];

    /// The datasets read from one workbook (or its CSV stand-ins) of one
    /// sheet, named by their file stem.
    pub const SINGLE_SHEET: [Dataset; 4] = [
        Dataset::Satisfaction,
        Dataset::Companies,
        Dataset::Amed,
        Dataset::Followup,
    ];

    /// The text files, named in full.
    pub const TEXTS: [Dataset; 3] = [Dataset::Commentary, Dataset::Published, Dataset::Reference];

    /// The name the code, English messages and `validate --lang en` use.
    pub const fn name(self) -> &'static str {
        match self {
            Dataset::Sites => "sites",
            Dataset::Satisfaction => "satisfaction",
            Dataset::Companies => "companies",
            Dataset::Amed => "amed",
            Dataset::Followup => "followup",
            Dataset::Commentary => "commentary",
            Dataset::Published => "published",
            Dataset::Reference => "reference",
        }
    }

    /// The name the report and Japanese messages use.
    pub const fn name_ja(self) -> &'static str {
        match self {
            Dataset::Sites => "拠点報告",
            Dataset::Satisfaction => "研修アンケート",
            Dataset::Companies => "医機連アンケート",
            Dataset::Amed => "AMED課題一覧",
            Dataset::Followup => "フォローアップ",
            Dataset::Commentary => "考察",
            Dataset::Published => "公表値",
            Dataset::Reference => "参考系列",
        }
    }

    /// Its name in the round folder: the folder (`sites`), the file stem of
    /// a workbook and its CSV stand-ins (`companies`: `companies.xlsx`,
    /// `companies.回答.csv`), or the text file's whole name.
    pub const fn file(self) -> &'static str {
        match self {
            Dataset::Commentary => "commentary.md",
            Dataset::Published => "published.toml",
            Dataset::Reference => "reference.toml",
            other => other.name(),
        }
    }

    /// As a message about the round folder names it: `sites/`,
    /// `companies.xlsx`, `commentary.md`.
    pub fn shown(self) -> String {
        match self {
            Dataset::Sites => format!("{}/", self.file()),
            d if Dataset::SINGLE_SHEET.contains(&d) => format!("{}.xlsx", d.file()),
            d => d.file().to_string(),
        }
    }
}

/// Written as its name (`"sites"`), as the computed result always has.
impl Serialize for Dataset {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_files() {
        let names: Vec<&str> = Dataset::ALL.iter().map(|d| d.name()).collect();
        assert_eq!(
            names,
            [
                "sites",
                "satisfaction",
                "companies",
                "amed",
                "followup",
                "commentary",
                "published",
                "reference"
            ]
        );
        assert_eq!(Dataset::Sites.shown(), "sites/");
        assert_eq!(Dataset::Amed.shown(), "amed.xlsx");
        assert_eq!(Dataset::Reference.shown(), "reference.toml");
        assert_eq!(
            serde_json::to_string(&Dataset::Followup).ok().as_deref(),
            Some("\"followup\"")
        );
    }
}
