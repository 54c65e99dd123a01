//! `mdkpi validate`: check every input, list every problem, summarise what
//! each round holds (SPEC §8).

use std::fmt::Write;
use std::path::Path;

use crate::dataset::Dataset;
use crate::diag::catalogue::Param;
use crate::diag::outcome::coded;
use crate::diag::ui::{self, Count, Noun, Ui};
use crate::diag::{Diagnostics, Lang, Location, Msg, Outcome, Term};
use crate::fiscal;
use crate::ingest;
use crate::model::RoundData;
use crate::round::{self, Round};
use rayon::prelude::*;

/// Which rounds a command works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `validate`: every round, or only the one `--round` names.
    Chosen,
    /// `compute`, `report`: the chosen round (default the latest) and every
    /// earlier one, for the comparisons.
    UpToChosen,
}

/// The data folder is a folder: Err says what it is instead (missing, a
/// file, or not even checkable: a name too long, no permission).
pub(crate) fn check_data_folder(data: &Path, shown: &str) -> Result<(), Msg> {
    let folder = shown.to_string();
    match std::fs::metadata(data) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(Msg::DataNotAFolder { folder }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Msg::DataFolderMissing { folder })
        }
        Err(e) => Err(Msg::DataFolderUnreadable {
            folder,
            detail: e.into(),
        }),
    }
}

/// What the data folder holds beside its rounds: `plan.toml` and
/// `indicators.toml`.
#[derive(Debug, Default)]
pub struct Folder {
    pub plan: Option<crate::plan::Plan>,
    pub declared: crate::declared::Declared,
}

/// Loads the rounds of `scope`, `plan.toml` and `indicators.toml`. Err is
/// the outcome to return at once (missing folder, unknown round, no
/// rounds).
pub fn load(
    data: &Path,
    shown: &str,
    wanted: Option<&str>,
    scope: Scope,
    diags: &mut Diagnostics,
) -> Result<(Vec<RoundData>, Folder), Outcome> {
    if let Err(message) = check_data_folder(data, shown) {
        return Err(Outcome::data_error(message));
    }
    let found = round::discover(data, shown, diags);
    let plan = crate::plan::read(data, shown, diags);
    let mut declared = crate::declared::read(data, shown, diags);
    let chosen = match wanted {
        Some(w) => match round::select(&found, w, shown) {
            Ok(r) => Some(r.config.fiscal_year),
            // A round folder that could not be read (a broken round.toml)
            // may be the one asked for: its errors are the answer (exit 1),
            // not "no such round".
            Err(_) if diags.has_errors() => None,
            Err(message) => return Err(Outcome::usage(message)),
        },
        None => found.last().map(|r| r.config.fiscal_year),
    };
    // `validate --round R7` reads R6 too, for the checks across rounds
    // only (SPEC §17); `compute` and `report` read every earlier round.
    let before_chosen: Option<Round> = match (scope, wanted, chosen) {
        (Scope::Chosen, Some(_), Some(year)) => found
            .iter()
            .filter(|r| r.config.fiscal_year < year)
            .max_by_key(|r| r.config.fiscal_year)
            .cloned(),
        _ => None,
    };
    let rounds: Vec<Round> = found
        .into_iter()
        .filter(|r| match (scope, wanted) {
            (Scope::Chosen, None) => true,
            (Scope::Chosen, Some(_)) => Some(r.config.fiscal_year) == chosen,
            (Scope::UpToChosen, _) => Some(r.config.fiscal_year) <= chosen,
        })
        .collect();
    if rounds.is_empty() && !diags.has_errors() {
        return Err(Outcome::data_error(Msg::NoRounds {
            folder: shown.to_string(),
        }));
    }
    for r in &rounds {
        diags.accept(crate::checks::accept_rules(r));
    }
    for r in &rounds {
        check_cover_date(r, diags);
    }
    let rounds = read_rounds(&rounds)
        .into_iter()
        .map(|(data, round_diags)| {
            diags.extend(round_diags);
            data
        })
        .collect::<Vec<RoundData>>();
    // The previous round's own problems are not this command's: only
    // whether it could be read counts.
    let before_first = before_chosen.map(|r| {
        let label = r.config.label.clone();
        let (data, quiet) = load_one(r);
        (label, (!quiet.has_errors()).then_some(data))
    });
    crate::checks::across_rounds(
        &rounds,
        before_first.as_ref().map(|(label, data)| match data {
            Some(data) => crate::checks::Before::Read(data),
            None => crate::checks::Before::Unreadable(label),
        }),
        diags,
    );
    // A declared key may not be a computed one (follow-up keys come from
    // the rounds' sheets).
    let computed = crate::kpi::REGISTRY
        .iter()
        .flat_map(|k| (k.keys)(&rounds))
        .collect();
    crate::declared::check_clashes(&mut declared, &computed, shown, diags);
    Ok((rounds, Folder { plan, declared }))
}

/// Top-level input bytes (the single-sheet workbooks, held whole while
/// their rows are typed) above which a round is read on its own.
const LARGE_ROUND_BYTES: u64 = 8 << 20;

/// Every round read, in round order, each with its own messages (listed in
/// round order afterwards, as if read one by one). Rounds are independent,
/// so small ones are read on every core. A large round's peak is its
/// largest sheet's cells and typed rows on top of every round already
/// held: two at once added a second such sheet (1000×: 503 → 537–578
/// MB). So when any round is large they are read one at a time, the
/// largest first, while the least is held.
fn read_rounds(rounds: &[Round]) -> Vec<(RoundData, Diagnostics)> {
    read_rounds_above(rounds, LARGE_ROUND_BYTES)
}

/// [`read_rounds`] with rounds of more than `large` bytes read one at a time.
fn read_rounds_above(rounds: &[Round], large: u64) -> Vec<(RoundData, Diagnostics)> {
    let weights: Vec<u64> = rounds.iter().map(|r| top_level_bytes(&r.dir)).collect();
    if weights.iter().all(|w| *w <= large) {
        // In order, whichever core read which round.
        return rounds.par_iter().map(|r| load_one(r.clone())).collect();
    }
    let mut order: Vec<usize> = (0..rounds.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(weights[*i]));
    let mut read: Vec<Option<(RoundData, Diagnostics)>> = Vec::new();
    read.resize_with(rounds.len(), || None);
    for i in order {
        read[i] = Some(load_one(rounds[i].clone()));
        // What the round's reading freed goes back before the next one.
        crate::heap::release_freed_memory();
    }
    read.into_iter().flatten().collect()
}

/// The bytes of the regular files directly in `dir` (0 when unreadable:
/// reading the round reports that).
fn top_level_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// One round read and given its derived columns, with its messages.
fn load_one(round: Round) -> (RoundData, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut data = ingest::load_round(round, &mut diags);
    // The derived columns the KPIs, explain and export read.
    if let Err(e) = crate::model::derive::derive(&mut data) {
        diags.error(
            Location::file(&data.round.shown),
            Msg::InternalDerive {
                detail: e.to_string(),
            },
        );
    }
    (data, diags)
}

pub fn run(data: &Path, shown: &str, wanted: Option<&str>) -> anyhow::Result<Outcome> {
    let mut diags = Diagnostics::new();
    let (rounds, folder) = match load(data, shown, wanted, Scope::Chosen, &mut diags) {
        Ok(loaded) => loaded,
        Err(outcome) => return Ok(outcome),
    };
    if !diags.has_errors() {
        // published.toml keys can only be checked against what is computed.
        match wanted {
            None => match crate::kpi::compute_all(&rounds, &folder.declared) {
                Ok(indicators) => {
                    crate::texts::check(&rounds, &indicators, &mut diags);
                }
                Err(e) => {
                    return Ok(Outcome::data_error(Msg::Internal {
                        detail: e.to_string(),
                    }))
                }
            },
            // Commentary and published figures may name earlier rounds.
            Some(_) => check_texts_with_earlier_rounds(data, shown, wanted, &rounds, &mut diags),
        }
    }
    let strict = crate::checks::strict::conclude(&mut diags);
    let mut out = String::new();
    for d in diags.items() {
        writeln!(out, "{d}")?;
    }
    if !diags.items().is_empty() {
        out.push('\n');
    }
    let lang = crate::diag::lang::current();
    for r in &rounds {
        out.push_str(&summary(r, lang));
    }
    let (counted, errors, warnings) = (
        Count(rounds.len(), Noun::Round),
        Count(diags.error_count(), Noun::Error),
        Count(diags.warning_count(), Noun::Warning),
    );
    let totals = match diags.accepted().len() {
        0 => Ui::Totals {
            rounds: counted,
            errors,
            warnings,
        },
        accepted => Ui::TotalsAccepted {
            rounds: counted,
            errors,
            warnings,
            accepted: Count(accepted, Noun::Accepted),
        },
    };
    writeln!(out, "{}", totals.text(lang))?;
    let stderr = match &strict {
        Ok(()) => String::new(),
        Err(message) => format!("mdkpi: {}\n", coded(message)),
    };
    Ok(Outcome {
        stdout: out,
        stderr,
        code: if diags.has_errors() || strict.is_err() {
            1
        } else {
            0
        },
    })
}

/// `validate --round R`: the commentary, published and reference checks of
/// round R against the indicator table of R and every earlier round (what
/// its report shows), reporting only what concerns R's files.
fn check_texts_with_earlier_rounds(
    data: &Path,
    shown: &str,
    wanted: Option<&str>,
    chosen: &[RoundData],
    diags: &mut Diagnostics,
) {
    let Some(round) = chosen.last() else {
        return;
    };
    let mut quiet = Diagnostics::new();
    let (rounds, declared) = match load(data, shown, wanted, Scope::UpToChosen, &mut quiet) {
        Ok((rounds, folder)) if !quiet.has_errors() => (rounds, folder.declared),
        // An earlier round with errors: check against the chosen one alone.
        _ => (chosen.to_vec(), crate::declared::Declared::default()),
    };
    let Ok(indicators) = crate::kpi::compute_all(&rounds, &declared) else {
        return;
    };
    let mut found = Diagnostics::new();
    crate::texts::check(&rounds, &indicators, &mut found);
    let prefix = format!("{}/", round.round.shown);
    for d in found.items() {
        if d.location.path.starts_with(&prefix) {
            match d.severity {
                crate::diag::Severity::Error => diags.error(d.location.clone(), d.message.clone()),
                crate::diag::Severity::Warning => {
                    diags.warning(d.location.clone(), d.message.clone())
                }
            }
        }
    }
}

/// The cover's `[report] date` (SPEC §15): a report cannot be presented
/// before the data it reports exist, so a date before the reference date or
/// the period end is most likely a date copied from another document.
fn check_cover_date(r: &Round, diags: &mut Diagnostics) {
    let c = &r.config;
    let Some(text) = &c.report.date else {
        return;
    };
    let here = || Location::file(format!("{}/round.toml", r.shown));
    let date = match fiscal::parse_date_text(text) {
        Ok(parsed) => parsed.date,
        Err(e) => {
            diags.warning(
                here(),
                Msg::CoverDateNotDate {
                    problem: Box::new(e),
                },
            );
            return;
        }
    };
    let (what, limit) = if date < c.period_end && c.period_end >= c.reference_date {
        (Term::PeriodEnd, c.period_end)
    } else if date < c.reference_date {
        (Term::ReferenceDate, c.reference_date)
    } else {
        return;
    };
    diags.warning(
        here(),
        Msg::CoverDateEarly {
            date: date.to_string(),
            what,
            limit: limit.to_string(),
        },
    );
}

/// How the round's base-station counts are corrected, in words.
pub fn correction_text(r: &Round) -> Ui {
    let c = r.config.correction();
    let years = Count(c.years as usize, Noun::Year);
    if c.overridden {
        Ui::Multiplied {
            years,
            by: fiscal::format_number(c.multiplier),
        }
    } else if c.years == 1 {
        Ui::NoCorrection { years }
    } else {
        Ui::Divided { years, by: c.years }
    }
}

/// What a round holds: its settings, then one line per dataset present
/// (the name padded to one column).
fn summary(data: &RoundData, lang: Lang) -> String {
    let c = &data.round.config;
    let header = Ui::RoundHeader {
        label: c.label.clone(),
        year: c.fiscal_year,
        era: fiscal::long_era_label(c.fiscal_year),
        start: c.period_start.to_string(),
        end: c.period_end.to_string(),
        correction: Box::new(correction_text(&data.round)),
        reference: c.reference_date.to_string(),
    };
    let mut s = format!("{}\n", header.text(lang));
    let names: Vec<String> = Dataset::ALL.iter().map(|d| d.show(lang)).collect();
    let column = names.iter().map(|n| ui::width(n)).max().unwrap_or(0) + 1;
    let held = data.datasets();
    for name in &data.present {
        let line = held
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.clone())
            .unwrap_or(Ui::NotReadable {});
        s.push_str(&format!(
            "  {} {}\n",
            ui::pad(&name.show(lang), column),
            line.text(lang)
        ));
    }
    if data.present.is_empty() {
        s.push_str(&format!("  {}\n", Ui::NoDatasets {}.text(lang)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Large rounds are read one at a time, largest first, yet come back in
    /// round order with the same data and messages as when read together.
    #[test]
    fn rounds_read_one_at_a_time_come_back_as_read_together() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let mut diags = Diagnostics::new();
        let rounds = round::discover(&data, "data", &mut diags);
        assert!(rounds.len() >= 4, "data/ holds the fixture rounds");
        let summary =
            |read: Vec<(RoundData, Diagnostics)>| -> Vec<(String, Vec<String>, Vec<String>)> {
                read.into_iter()
                    .map(|(r, d)| {
                        let held = r
                            .datasets()
                            .iter()
                            .map(|(name, what)| format!("{} {what:?}", name.name()))
                            .collect();
                        let messages = d.items().iter().map(|m| m.to_string()).collect();
                        (r.round.config.label.clone(), held, messages)
                    })
                    .collect()
            };
        let together = summary(read_rounds_above(&rounds, u64::MAX));
        let one_by_one = summary(read_rounds_above(&rounds, 0));
        let labels: Vec<&str> = together.iter().map(|(l, _, _)| l.as_str()).collect();
        let expected: Vec<&str> = rounds.iter().map(|r| r.config.label.as_str()).collect();
        assert_eq!(labels, expected);
        assert_eq!(together, one_by_one);
    }
}
