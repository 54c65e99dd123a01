//! `--strict` (SPEC §17): every warning not accepted with `[[accept]]`, of
//! the rounds a command reads, is an error: exit 1, nothing written,
//! nothing on stdout. For CI and the final run before sending.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::diag::Outcome;
use crate::diag::{Diagnostics, Msg};

/// Set once by `main` from the command line, like the language.
static STRICT: AtomicBool = AtomicBool::new(false);

pub fn set(on: bool) {
    STRICT.store(on, Ordering::Relaxed);
}

pub fn on() -> bool {
    STRICT.load(Ordering::Relaxed)
}

/// Ends a command's checks: warns about every `[[accept]]` that matched
/// nothing, then under `--strict` returns the error that stops the run
/// (`E0604`) when a warning is left.
pub fn conclude(diags: &mut Diagnostics) -> Result<(), Msg> {
    diags.finish_accepts();
    strict_error(diags)
}

/// `--strict`'s error when a warning is left; for the commands that do not
/// run every check (`export` reads no commentary), without the warnings
/// about `[[accept]]` rules matching nothing, which would be false there.
pub fn strict_error(diags: &Diagnostics) -> Result<(), Msg> {
    match diags.warning_count() {
        0 => Ok(()),
        _ if !on() => Ok(()),
        count => Err(Msg::StrictWarnings { count }),
    }
}

/// The outcome of a run stopped by `--strict`: the warnings and the error
/// on stderr, nothing on stdout, exit 1.
pub fn stopped(diags: &Diagnostics, error: &Msg) -> Outcome {
    let mut stderr = String::new();
    for w in diags.warning_strings() {
        stderr.push_str(&w);
        stderr.push('\n');
    }
    stderr.push_str(&format!(
        "mdkpi: {}: {}\n",
        error.code().as_str(),
        error.text(crate::diag::lang::current())
    ));
    Outcome {
        stdout: String::new(),
        stderr,
        code: 1,
    }
}
