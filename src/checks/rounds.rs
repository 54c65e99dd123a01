//! Checks of a round against the rounds before it (SPEC §17): a dataset
//! the previous round had and this one lacks, a file byte-identical to a
//! file of an earlier round (last round's return sent again), and a station
//! that trained people in the previous round and no one in this one.

use std::collections::BTreeMap;

use crate::dataset::Dataset;
use crate::diag::{Code, Diagnostics, List, Location, Msg};
use crate::input::InputFile;
use crate::kpi::{ints, strings, MissingColumn};
use crate::model::RoundData;

/// The datasets that feed KPIs, and the KPIs they feed (SPEC §4, §5).
const FEEDS: [(Dataset, &[u32]); 5] = [
    (Dataset::Sites, &[1, 3]),
    (Dataset::Satisfaction, &[1]),
    (Dataset::Companies, &[2, 7]),
    (Dataset::Amed, &[6]),
    (Dataset::Followup, &[4, 5, 8, 9, 10, 11]),
];

/// The codes of the checks here.
pub const CODES: [Code; 3] = [Code::W0602, Code::W0603, Code::W0606];

/// The KPIs a dataset feeds.
pub fn kpis_fed_by(dataset: Dataset) -> &'static [u32] {
    FEEDS
        .iter()
        .find(|(d, _)| *d == dataset)
        .map_or(&[], |(_, kpis)| kpis)
}

/// The datasets feeding KPIs that `previous` has and `current` lacks.
pub fn dropped(previous: &RoundData, current: &RoundData) -> Vec<Dataset> {
    FEEDS
        .iter()
        .map(|(d, _)| *d)
        .filter(|d| previous.present.contains(d) && !current.present.contains(d))
        .collect()
}

/// Every check of `current` against `previous` (the round folder before it
/// in fiscal-year order) and `earlier` (every round read before it).
pub fn check(
    previous: &RoundData,
    earlier: &[&RoundData],
    current: &RoundData,
    diags: &mut Diagnostics,
) {
    let folder = || Location::file(&current.round.shown);
    for dataset in dropped(previous, current) {
        diags.warning(
            folder(),
            Msg::DatasetDropped {
                dataset: dataset.shown(),
                previous: previous.round.config.label.clone(),
                kpis: List::of(kpis_fed_by(dataset)),
            },
        );
    }
    same_files(earlier, current, diags);
    training_gone(previous, current, diags);
}

/// A file's path as printed: under the round folder as shown.
fn shown_path(round: &RoundData, file: &InputFile) -> String {
    match file.path.strip_prefix(&round.round.dir) {
        Ok(rel) => format!("{}/{}", round.round.shown, rel.display()),
        Err(_) => file.path.display().to_string(),
    }
}

/// Inputs of `current` byte-identical to a file of an earlier round (the
/// latest such file named). round.toml differs by its label, so it is left
/// out.
fn same_files(earlier: &[&RoundData], current: &RoundData, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for round in earlier {
        for f in round.files.iter().skip(1) {
            seen.insert(&f.sha256, shown_path(round, f));
        }
    }
    // files[0] is round.toml.
    for f in current.files.iter().skip(1) {
        if let Some(before) = seen.get(f.sha256.as_str()) {
            diags.warning(
                Location::file(shown_path(current, f)),
                Msg::SameFileAsEarlier {
                    earlier: before.clone(),
                },
            );
        }
    }
}

/// 受入人数 totals per station name, with the file its training sheet is
/// (or its station sheet, when it has no training row).
fn training_totals(round: &RoundData) -> Result<BTreeMap<String, (i64, String)>, MissingColumn> {
    let mut out = BTreeMap::new();
    let Some(sites) = &round.sites else {
        return Ok(out);
    };
    let stems = strings(&sites.stations, "stem")?;
    let names = strings(&sites.stations, "name")?;
    let files = strings(&sites.stations, crate::schema::SOURCE_FILE)?;
    let mut by_stem: BTreeMap<&str, (i64, String)> = stems
        .iter()
        .zip(&files)
        .map(|(s, f)| (*s, (0, f.to_string())))
        .collect();
    let t_stems = strings(&sites.training, "stem")?;
    let t_files = strings(&sites.training, crate::schema::SOURCE_FILE)?;
    let counts = ints(&sites.training, "participants")?;
    for i in 0..t_stems.len() {
        if let Some(entry) = by_stem.get_mut(t_stems[i]) {
            entry.0 += counts[i].unwrap_or(0);
            if let Some(f) = t_files.get(i) {
                entry.1 = f.to_string();
            }
        }
    }
    for (stem, name) in stems.iter().zip(&names) {
        if let Some(total) = by_stem.remove(stem) {
            out.insert(name.to_string(), total);
        }
    }
    Ok(out)
}

/// A station of both rounds whose 受入人数 total was above 0 in `previous`
/// and is 0 (no rows, or only zeros) in `current`.
fn training_gone(previous: &RoundData, current: &RoundData, diags: &mut Diagnostics) {
    let (before, now) = match (training_totals(previous), training_totals(current)) {
        (Ok(before), Ok(now)) => (before, now),
        (Err(e), _) | (_, Err(e)) => {
            diags.error(
                Location::file(&current.round.shown),
                Msg::Internal {
                    detail: e.to_string(),
                },
            );
            return;
        }
    };
    if before.is_empty() {
        return;
    }
    for (name, (now, file)) in now {
        let Some((was, _)) = before.get(&name) else {
            continue;
        };
        if *was > 0 && now == 0 {
            diags.warning(
                Location::sheet(file, crate::schema::SITE_TRAINING.name),
                Msg::StationTrainingGone {
                    station: name,
                    previous: previous.round.config.label.clone(),
                    before: *was,
                    now,
                },
            );
        }
    }
}
