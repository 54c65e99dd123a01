//! Ingestion: every input of a round folder into typed polars frames, or
//! messages that name file, sheet and cell (SPEC §4, §9). Each dataset is
//! optional per round.

pub(crate) mod amed;
pub mod cache;
pub(crate) mod companies;
pub mod csvfile;
pub(crate) mod followup;
pub(crate) mod frame;
pub mod open;
pub(crate) mod satisfaction;
pub(crate) mod sites;
pub mod source;
pub(crate) mod table;
pub(crate) mod text;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::Path;

use polars_core::prelude::DataFrame;

use crate::dataset::Dataset;
use crate::diag::{Diagnostics, Location, Msg};
use crate::input::files::{is_lock_file, lock_file_warning, stem_file};
use crate::input::listing::{self, Listing};
use crate::input::InputFile;
use crate::model::{RoundData, Sites};
use crate::round::{self, Round};
use open::open_source_among;
use source::SheetData;

const ROUND_TOML: &str = "round.toml";

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
        |id: Dataset,
         sheet: &str,
         diags: &mut Diagnostics,
         parse: &dyn Fn(SheetData, &mut Diagnostics) -> Option<DataFrame>| {
            // Read again only when one of its files or the round's
            // settings changed (`mdkpi preview`; see [`cache`]).
            let stem_files = crate::input::files::files_of_stem(names, id.file());
            let key = cache::Signature::of(
                &dir,
                stem_files
                    .workbooks
                    .iter()
                    .chain(stem_files.csvs.iter().map(|(_, f)| f)),
                format!("{config:?}"),
            );
            let name = format!("{shown}/{}", id.file());
            let (frame, source) =
                cache::records_through(&name, key, diags, &mut dataset_files, |diags, files| {
                    let before = diags.error_count();
                    let mut source = None;
                    let frame =
                        read_sheet_dataset(&dir, &shown, names, id.file(), sheet, diags, files)
                            .and_then(|s| {
                                source = Some(s.path.clone());
                                parse(s, diags)
                            })
                            .filter(|_| clean(diags, before));
                    (frame, source)
                });
            if let Some(source) = source {
                sources.insert(id, source);
            }
            crate::heap::release_freed_memory();
            frame
        };
    let satisfaction = dataset(
        Dataset::Satisfaction,
        satisfaction::SHEET,
        &mut dataset_diags,
        &satisfaction::read,
    );
    let companies = dataset(
        Dataset::Companies,
        companies::SHEET,
        &mut dataset_diags,
        &|s, d| companies::read(s, config.reference_date, d),
    );
    let amed = dataset(Dataset::Amed, amed::SHEET, &mut dataset_diags, &|s, d| {
        amed::read(s, config.fiscal_year, d)
    });
    let followup = dataset(
        Dataset::Followup,
        followup::SHEET,
        &mut dataset_diags,
        &followup::read,
    );
    let before = diags.error_count();
    let sites = find_named(&listing.dirs, Dataset::Sites.file(), &shown, diags)
        .and_then(|name| {
            let sites_dir = dir.join(&name);
            let sites_shown = format!("{shown}/{name}");
            let key = sites_signature(&sites_dir);
            cache::records_through(&sites_shown, key, diags, &mut files, |diags, files| {
                sites::read_sites(&sites_dir, &sites_shown, diags, files)
            })
        })
        .filter(|_| clean(diags, before));
    crate::heap::release_freed_memory();
    diags.extend(dataset_diags);
    files.append(&mut dataset_files);
    let commentary = find_named(names, Dataset::Commentary.file(), &shown, diags)
        .and_then(|name| read_text_file(&dir, &shown, &name, diags, &mut files))
        .map(|(text, shown)| text::parse_commentary(&text, &shown, diags));
    let published = find_named(names, Dataset::Published.file(), &shown, diags)
        .and_then(|name| read_text_file(&dir, &shown, &name, diags, &mut files))
        .and_then(|(text, shown)| text::parse_published(&text, &shown, diags));
    let reference = find_named(names, Dataset::Reference.file(), &shown, diags)
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

/// What the stations of `dir` are read from: every entry's length and
/// time (None when the folder cannot be listed: read each time).
fn sites_signature(dir: &Path) -> Option<cache::Signature> {
    if !cache::enabled() {
        return None;
    }
    let names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Option<_>>()?;
    cache::Signature::of(dir, &names, String::new())
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
fn present_datasets(listing: &Listing) -> Vec<Dataset> {
    let named = |names: &[String], file: &str| names.iter().any(|n| n.eq_ignore_ascii_case(file));
    Dataset::ALL
        .into_iter()
        .filter(|&d| match d {
            Dataset::Sites => named(&listing.dirs, d.file()),
            d if Dataset::TEXTS.contains(&d) => named(&listing.files, d.file()),
            d => listing
                .files
                .iter()
                .any(|n| !is_lock_file(n) && stem_file(n, d.file()).is_some()),
        })
        .collect()
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
            if !name.eq_ignore_ascii_case(Dataset::Sites.file())
                && !name.eq_ignore_ascii_case(crate::schema::FORMS_DIR)
            {
                diags.warning(here, Msg::UnexpectedFolder {});
            }
            continue;
        }
        if is_lock_file(name) {
            diags.warning(here, lock_file_warning(name, &listing.files));
            continue;
        }
        if name.eq_ignore_ascii_case(ROUND_TOML)
            || Dataset::TEXTS
                .iter()
                .any(|d| d.file().eq_ignore_ascii_case(name))
        {
            continue;
        }
        let is_input = Dataset::SINGLE_SHEET
            .iter()
            .any(|d| stem_file(name, d.file()).is_some());
        if is_input {
            continue;
        }
        // A copy of a dataset's file (`companies (1).xlsx`) is an error:
        // ignored like a stray file, its return would silently vanish.
        let stems = Dataset::SINGLE_SHEET.map(Dataset::file);
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
