//! Ingestion: every input of a round folder into typed polars frames, or
//! messages that name file, sheet and cell (SPEC §4, §9). Each dataset is
//! optional per round.

pub(crate) mod amed;
pub(crate) mod companies;
pub mod csvfile;
pub(crate) mod followup;
pub(crate) mod frame;
pub(crate) mod listing;
pub(crate) mod satisfaction;
pub(crate) mod sites;
pub mod source;
pub(crate) mod table;
pub(crate) mod text;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars_core::prelude::DataFrame;

use crate::diag::ui::{Count, Noun, Ui};
use crate::diag::{Diagnostics, Location, Msg};
use crate::round::{self, Round};
use listing::Listing;
use source::{is_lock_file, open_source_among, SheetData};

pub use sites::Sites;
pub use text::Commentary;

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
    pub published: Option<text::Published>,
    /// `reference.toml`: external series cited on [参考] pages (SPEC §12).
    pub reference: Option<Vec<crate::reference::Series>>,
    /// Every input file read, in a stable order, with its hash, for
    /// provenance.
    pub files: Vec<InputFile>,
    /// The datasets whose files exist, readable or not.
    pub present: Vec<&'static str>,
    /// The file each single-sheet dataset was read from, as shown in
    /// messages, by frame name (the station frames carry theirs per row).
    pub sources: BTreeMap<&'static str, String>,
}

impl RoundData {
    /// The datasets this round holds, by name, with what they hold, for
    /// `validate`'s summary.
    pub fn datasets(&self) -> Vec<(&'static str, Ui)> {
        let mut out = Vec::new();
        if let Some(sites) = &self.sites {
            out.push((
                "sites",
                Ui::SitesHeld {
                    stations: Count(sites.stations.height(), Noun::Station),
                    training: Count(sites.training.height(), Noun::TrainingRow),
                    joint_research: Count(sites.joint_research.height(), Noun::JointResearchRow),
                },
            ));
        }
        let mut held = |name: &'static str, count: Option<usize>, noun: Noun| {
            if let Some(n) = count {
                out.push((
                    name,
                    Ui::Held {
                        count: Count(n, noun),
                    },
                ));
            }
        };
        let rows = |frame: &Option<DataFrame>| frame.as_ref().map(DataFrame::height);
        held("satisfaction", rows(&self.satisfaction), Noun::Response);
        held("companies", rows(&self.companies), Noun::Response);
        held("amed", rows(&self.amed), Noun::Topic);
        held("followup", rows(&self.followup), Noun::Row);
        held(
            "commentary",
            self.commentary.as_ref().map(|c| c.sections.len()),
            Noun::Section,
        );
        held(
            "published",
            self.published.as_ref().map(|p| p.len()),
            Noun::Figure,
        );
        held(
            "reference",
            self.reference.as_ref().map(Vec::len),
            Noun::Series,
        );
        out
    }
}

/// An input file as read: its path and the SHA-256 of its bytes (hex),
/// taken when the round is read so the report lists what was computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub sha256: String,
}

impl InputFile {
    /// Hashes `bytes`, the contents of `path`.
    pub fn new(path: PathBuf, bytes: &[u8]) -> Self {
        use sha2::{Digest, Sha256};
        let sha256 = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        InputFile { path, sha256 }
    }
}

/// The single-sheet datasets: (file stem, its one sheet).
const SHEET_DATASETS: [(&str, &str); 4] = [
    (satisfaction::STEM, satisfaction::SHEET),
    (companies::STEM, companies::SHEET),
    (amed::STEM, amed::SHEET),
    (followup::STEM, followup::SHEET),
];
const COMMENTARY: &str = "commentary.md";
const PUBLISHED: &str = "published.toml";
const REFERENCE: &str = crate::reference::FILE;
const ROUND_TOML: &str = "round.toml";
const SITES_DIR: &str = "sites";

/// Reads every round of the data folder. `shown` is how the folder appears
/// in messages (the `--data` argument as given).
pub fn load_all(data: &Path, shown: &str, diags: &mut Diagnostics) -> Vec<RoundData> {
    round::discover(data, shown, diags)
        .into_iter()
        .map(|r| load_round(r, diags))
        .collect()
}

/// Reads every input of one round.
pub fn load_round(round: Round, diags: &mut Diagnostics) -> RoundData {
    let dir = round.dir.clone();
    let shown = round.shown.clone();
    let mut files = vec![round.toml.clone()];
    // The round folder is listed once; every input is found in the listing.
    let listing = listing::list(&dir, &shown, diags).unwrap_or_default();
    warn_stray_files(&listing, &shown, diags);
    let present = present_datasets(&listing);
    // A dataset with any error is not used: its frame would be partial.
    let clean = |diags: &Diagnostics, before: usize| diags.error_count() == before;
    let config = &round.config;
    let names = &listing.files;
    let mut sources = BTreeMap::new();
    // The single-sheet datasets are read before the stations, though listed
    // after them (their messages and files are put back in that order): a
    // large sheet's cells are the largest thing a read holds (1000×: 100
    // MB for 134,000 companies), and read first they are not on top of the
    // round's stations as well.
    let mut dataset_diags = Diagnostics::new();
    let mut dataset_files = Vec::new();
    let mut dataset =
        |stem: &'static str,
         sheet: &str,
         diags: &mut Diagnostics,
         parse: &dyn Fn(SheetData, &mut Diagnostics) -> Option<DataFrame>| {
            let before = diags.error_count();
            let frame =
                read_sheet_dataset(&dir, &shown, names, stem, sheet, diags, &mut dataset_files)
                    .and_then(|s| {
                        sources.insert(stem, s.path.clone());
                        parse(s, diags)
                    })
                    .filter(|_| clean(diags, before));
            release_freed_memory();
            frame
        };
    let satisfaction = dataset(
        satisfaction::STEM,
        satisfaction::SHEET,
        &mut dataset_diags,
        &satisfaction::read,
    );
    let companies = dataset(
        companies::STEM,
        companies::SHEET,
        &mut dataset_diags,
        &|s, d| companies::read(s, config.reference_date, d),
    );
    let amed = dataset(amed::STEM, amed::SHEET, &mut dataset_diags, &|s, d| {
        amed::read(s, config.fiscal_year, d)
    });
    let followup = dataset(
        followup::STEM,
        followup::SHEET,
        &mut dataset_diags,
        &followup::read,
    );
    let before = diags.error_count();
    let sites = find_named(&listing.dirs, SITES_DIR, &shown, diags)
        .and_then(|name| {
            sites::read_sites(
                &dir.join(&name),
                &format!("{shown}/{name}"),
                diags,
                &mut files,
            )
        })
        .filter(|_| clean(diags, before));
    release_freed_memory();
    diags.extend(dataset_diags);
    files.append(&mut dataset_files);
    let commentary = find_named(names, COMMENTARY, &shown, diags)
        .and_then(|name| read_text_file(&dir, &shown, &name, diags, &mut files))
        .map(|(text, shown)| text::parse_commentary(&text, &shown, diags));
    let published = find_named(names, PUBLISHED, &shown, diags)
        .and_then(|name| read_text_file(&dir, &shown, &name, diags, &mut files))
        .and_then(|(text, shown)| text::parse_published(&text, &shown, diags));
    let reference = find_named(names, REFERENCE, &shown, diags)
        .and_then(|name| read_text_file(&dir, &shown, &name, diags, &mut files))
        .and_then(|(text, shown)| crate::reference::parse(&text, &shown, diags));
    if let (Some(expected), Some(sites)) = (&config.stations, &sites) {
        check_station_list(expected, sites, &shown, diags);
    }
    RoundData {
        round,
        sites,
        satisfaction,
        companies,
        amed,
        followup,
        commentary,
        published,
        reference,
        files,
        present,
        sources,
    }
}

/// Hands the memory of a dataset's cells, read and dropped, back to the
/// system. glibc keeps freed small blocks in its arenas (one per reading
/// thread), so without this the peak of a run is the sum of its datasets'
/// peaks rather than the largest one. Trimming walks every arena and the
/// pages it returns are faulted in again by the next dataset, so it runs
/// only when much is free: on `data/` it would cost a third of the run's
/// CPU.
pub(crate) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallinfo2 only reads allocator statistics; malloc_trim only
    // returns unused memory; no pointer changes.
    unsafe {
        if libc::mallinfo2().fordblks > TRIM_WHEN_FREE {
            libc::malloc_trim(0);
        }
    }
}

/// Free bytes in the allocator's arenas above which they are trimmed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_WHEN_FREE: usize = 32 << 20;

/// Sets the allocator up for reading workbooks, once, at the start of a
/// run: blocks of 1 MB or more (a workbook's bytes, its inflated XML) get
/// mappings of their own, given back to the system when dropped. glibc
/// would otherwise raise this threshold as large blocks are freed and keep
/// them in its arenas (measured on `data/`: a tenth of the run's CPU).
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes an allocator setting.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// The entry called `name` among `names`, in any letter case: a file is
/// never dropped for its case (with a warning when it differs).
fn find_named(
    names: &[String],
    name: &str,
    shown: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    if names.iter().any(|n| n == name) {
        return Some(name.to_string());
    }
    let found = names.iter().find(|n| n.eq_ignore_ascii_case(name))?;
    diags.warning(
        Location::file(format!("{shown}/{found}")),
        Msg::NameCaseDiffers {
            canonical: name.to_string(),
        },
    );
    Some(found.clone())
}

/// Which datasets have files in the round folder.
fn present_datasets(listing: &Listing) -> Vec<&'static str> {
    let mut present = Vec::new();
    if listing
        .dirs
        .iter()
        .any(|d| d.eq_ignore_ascii_case(SITES_DIR))
    {
        present.push("sites");
    }
    for (stem, _) in SHEET_DATASETS {
        if listing
            .files
            .iter()
            .any(|n| !is_lock_file(n) && source::stem_file(n, stem).is_some())
        {
            present.push(stem);
        }
    }
    for (name, dataset) in [
        (COMMENTARY, "commentary"),
        (PUBLISHED, "published"),
        (REFERENCE, "reference"),
    ] {
        if listing.files.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            present.push(dataset);
        }
    }
    present
}

/// Opens `<stem>.xlsx` (or its CSV stand-in) among the round's files and
/// takes its one sheet; None when the dataset is absent or unreadable
/// (reported).
fn read_sheet_dataset(
    dir: &Path,
    shown: &str,
    names: &[String],
    stem: &str,
    sheet: &str,
    diags: &mut Diagnostics,
    files: &mut Vec<InputFile>,
) -> Option<SheetData> {
    let mut source = open_source_among(dir, shown, stem, names, None, diags)?;
    files.append(&mut source.files);
    let taken = source.take_sheet(sheet, diags);
    source.warn_unknown_sheets(diags);
    if taken.is_none() && !source.failed {
        source.missing_sheet(sheet, diags);
    }
    if source.failed {
        return None;
    }
    taken
}

fn read_text_file(
    dir: &Path,
    shown: &str,
    name: &str,
    diags: &mut Diagnostics,
    files: &mut Vec<InputFile>,
) -> Option<(String, String)> {
    let path = dir.join(name);
    let display = format!("{shown}/{name}");
    match crate::input::read_hashed(&path) {
        Ok((bytes, file)) => {
            files.push(file);
            match String::from_utf8(bytes) {
                Ok(text) => Some((text.trim_start_matches('\u{feff}').to_string(), display)),
                Err(_) => {
                    diags.error(Location::file(&display), Msg::NotUtf8 {});
                    None
                }
            }
        }
        Err(message) => {
            diags.error(Location::file(&display), message);
            None
        }
    }
}

/// Warns about files in the round folder that are no input: Excel lock
/// files and anything else (they are ignored); a copy of a dataset's file
/// is an error (SPEC §17).
fn warn_stray_files(listing: &Listing, shown: &str, diags: &mut Diagnostics) {
    let mut names: Vec<(&String, bool)> = listing
        .files
        .iter()
        .map(|n| (n, false))
        .chain(listing.dirs.iter().map(|n| (n, true)))
        .collect();
    names.sort();
    for (name, is_dir) in names {
        let here = Location::file(format!("{shown}/{name}"));
        if is_dir {
            // forms/: the blank collection forms of `mdkpi init`, no input.
            if !name.eq_ignore_ascii_case(SITES_DIR)
                && !name.eq_ignore_ascii_case(crate::schema::FORMS_DIR)
            {
                diags.warning(here, Msg::UnexpectedFolder {});
            }
            continue;
        }
        if is_lock_file(name) {
            diags.warning(here, source::lock_file_warning(name, &listing.files));
            continue;
        }
        if [ROUND_TOML, COMMENTARY, PUBLISHED, REFERENCE]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let is_input = SHEET_DATASETS
            .iter()
            .any(|(stem, _)| source::stem_file(name, stem).is_some());
        if is_input {
            continue;
        }
        // A copy of a dataset's file (`companies (1).xlsx`) is an error:
        // ignored like a stray file, its return would silently vanish.
        let stems = SHEET_DATASETS.map(|(stem, _)| stem);
        match crate::checks::names::copy_of(name, &stems) {
            Some(expected) => diags.error(here, Msg::CopyName { expected }),
            None => diags.warning(here, Msg::UnexpectedFile {}),
        }
    }
}

/// Compares the stations found with `stations` of round.toml.
fn check_station_list(expected: &[String], sites: &Sites, shown: &str, diags: &mut Diagnostics) {
    let found: Vec<String> = sites
        .stations
        .column("name")
        .ok()
        .and_then(|c| c.str().ok())
        .map(|ca| ca.iter().flatten().map(str::to_string).collect())
        .unwrap_or_default();
    let here = || Location::file(format!("{shown}/{ROUND_TOML}"));
    // Sets for the look-ups (a list scan per name is S² on a round of
    // thousands of stations); the messages still follow each list's order.
    let found_set: std::collections::BTreeSet<&String> = found.iter().collect();
    let expected_set: std::collections::BTreeSet<&String> = expected.iter().collect();
    for name in expected {
        if !found_set.contains(name) {
            diags.warning(here(), Msg::StationNoReturn { name: name.clone() });
        }
    }
    for name in &found {
        if !expected_set.contains(name) {
            diags.warning(here(), Msg::StationNotListed { name: name.clone() });
        }
    }
}
