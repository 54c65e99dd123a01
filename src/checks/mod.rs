//! Checks across files and rounds (SPEC §17): what a cell's own rules
//! cannot see. One file per family:
//! - [`followup`]: a figure reported twice, one unit per series (run by the
//!   follow-up reader);
//! - [`names`]: a return under a copy's name (run when the round folder is
//!   listed);
//! - [`values`]: implausible counts and grants (run by the readers over a
//!   whole round's column), with [`thresholds`];
//! - [`rounds`]: a dataset dropped, a file sent again, a station's training
//!   gone (run on every round read against the one before it);
//! - [`strict`]: `--strict`, and [`committee`]: the words the report's
//!   data-quality appendix uses.
//!
//! `[[accept]]` rules live with the messages ([`crate::diag::Diagnostics`])
//! so that every warning, whichever check raises it, meets them.

pub mod committee;
pub mod followup;
pub mod names;
pub mod rounds;
pub mod strict;
pub mod thresholds;
pub mod values;

use crate::diag::{AcceptRule, Diagnostics, Location, Msg};
use crate::model::RoundData;
use crate::round::Round;

/// The `[[accept]]` rules of `round`, their locations as printed.
pub fn accept_rules(round: &Round) -> Vec<AcceptRule> {
    let toml = format!("{}/round.toml", round.shown);
    round
        .config
        .accept
        .iter()
        .map(|a| AcceptRule {
            at: format!("{}/{}", round.shown, a.at),
            written: a.at.clone(),
            code: a.code,
            why: a.why.clone(),
            toml: toml.clone(),
        })
        .collect()
}

/// The round folder before the first of the rounds a command read, when
/// the command did not read it (`validate --round R7` reads R6 for the
/// checks across rounds only).
pub enum Before<'a> {
    /// Read without errors.
    Read(&'a RoundData),
    /// It could not be read without errors: its label.
    Unreadable(&'a str),
}

/// Runs the checks across rounds on each of `rounds` (oldest first)
/// against the round before it, the first against `before_first` if given.
pub fn across_rounds(
    rounds: &[RoundData],
    before_first: Option<Before<'_>>,
    diags: &mut Diagnostics,
) {
    let mut earlier: Vec<&RoundData> = Vec::new();
    match (before_first, rounds.first()) {
        (Some(Before::Read(previous)), Some(first)) => {
            rounds::check(previous, &[previous], first, diags);
            earlier.push(previous);
        }
        (Some(Before::Unreadable(label)), Some(first)) => {
            diags.warning(
                Location::file(&first.round.shown),
                Msg::PreviousRoundUnreadable {
                    previous: label.to_string(),
                },
            );
            diags.excuse_accepts(&format!("{}/round.toml", first.round.shown), &rounds::CODES);
        }
        _ => {}
    }
    for pair in rounds.windows(2) {
        earlier.push(&pair[0]);
        // Two rounds of one fiscal year are an error of their own (E0005),
        // not one round after the other.
        if pair[0].round.config.fiscal_year < pair[1].round.config.fiscal_year {
            rounds::check(&pair[0], &earlier, &pair[1], diags);
        }
    }
}
