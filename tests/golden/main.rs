//! The bad-input cases of `tests/invalid/` (SPEC §9, see
//! `tests/invalid/README.md`), one test per case and language, found by
//! listing the folder: a new case folder is a new test, with no code to
//! change. Each case gives three tests:
//!
//! - `<case>::en` and `<case>::ja`: mdkpi run on the case with `LANG=C`
//!   and `LANG=ja_JP.UTF-8` prints exactly `expected` and `expected.ja`,
//!   and passes the checks every output passes (no panic, coded lines well
//!   formed, `validate`'s counts and exit code);
//! - `<case>::languages_agree`: the two runs print the same codes in the
//!   same order, on each stream, and exit alike.
//!
//! `cargo test --release --test golden <filter>` runs the tests whose name
//! contains the filter (a case's name runs its three); `MDKPI_BLESS=1`
//! rewrites the `expected` and `expected.ja` files that differ from the
//! output. A harness of its own (libtest-mimic, `harness = false`) because
//! the tests are the folder's listing, known only when the tests run.

mod output;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use libtest_mimic::{Arguments, Failed, Trial};

use output::{
    case_dirs, case_name, check_coded_line, check_problem_line, codes_in, copy_tree, counts,
    default_args, line_diff, problem_lines, Run, BIN, GOLDEN_LANGS,
};

/// One case: its folder, its command line and its two runs, each made once
/// by whichever of its tests needs it first (the language's own test, or
/// `languages_agree`), so a case runs twice as before, not four times.
struct Case {
    dir: PathBuf,
    name: String,
    args: Vec<String>,
    runs: [OnceLock<Run>; 2],
}

impl Case {
    fn new(dir: PathBuf) -> Case {
        let args = match fs::read_to_string(dir.join("args")) {
            Ok(text) => text.lines().map(String::from).collect(),
            Err(_) => default_args(),
        };
        Case {
            name: case_name(&dir),
            dir,
            args,
            runs: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// The run in the language `GOLDEN_LANGS[lang]`.
    fn run(&self, lang: usize) -> &Run {
        self.runs[lang].get_or_init(|| run_case(&self.dir, &self.args, GOLDEN_LANGS[lang].2))
    }

    fn is_validate(&self) -> bool {
        self.args.iter().any(|a| a == "validate")
    }
}

fn main() -> ExitCode {
    let arguments = Arguments::from_args();
    let bless = std::env::var_os("MDKPI_BLESS").is_some_and(|v| v == "1");
    let blessed = Arc::new(AtomicUsize::new(0));
    let dirs = case_dirs();
    let found = dirs.len();
    // An empty or unreadable folder would otherwise pass as zero tests.
    let mut trials = vec![Trial::test("tests_invalid_holds_the_cases", move || {
        if found > 40 {
            Ok(())
        } else {
            Err(format!("only {found} cases found in tests/invalid").into())
        }
    })];
    for dir in dirs {
        let case = Arc::new(Case::new(dir));
        for (lang, (code, _, _)) in GOLDEN_LANGS.iter().enumerate() {
            let (case, blessed) = (Arc::clone(&case), Arc::clone(&blessed));
            let name = format!("{}::{code}", case.name);
            trials.push(Trial::test(name, move || {
                check_language(&case, lang, bless, &blessed)
            }));
        }
        let name = format!("{}::languages_agree", case.name);
        trials.push(Trial::test(name, move || languages_agree(&case)));
    }
    let conclusion = libtest_mimic::run(&arguments, trials);
    if bless {
        eprintln!(
            "MDKPI_BLESS: rewrote {} expected files",
            blessed.load(Ordering::Relaxed)
        );
    }
    conclusion.exit_code()
}

/// The run in one language prints its golden file exactly (or, blessing,
/// rewrites the file when it differs) and passes the checks of every output.
fn check_language(
    case: &Case,
    lang: usize,
    bless: bool,
    blessed: &AtomicUsize,
) -> Result<(), Failed> {
    let (_, file, _) = GOLDEN_LANGS[lang];
    let run = case.run(lang);
    let actual = run.render();
    let mut problems = if case.is_validate() {
        check_invariants(run)
    } else if run.all().contains("panicked") {
        vec!["the output contains `panicked`".to_string()]
    } else {
        Vec::new()
    };
    problems.extend(run.all().lines().filter_map(|l| check_coded_line(l).err()));
    let expected_path = case.dir.join(file);
    let expected = fs::read_to_string(&expected_path).ok();
    let differs = !bless && expected.as_deref().is_some_and(|e| e != actual);
    if bless {
        if expected.as_deref() != Some(actual.as_str()) {
            fs::write(&expected_path, &actual)
                .map_err(|e| format!("cannot write {}: {e}", expected_path.display()))?;
            blessed.fetch_add(1, Ordering::Relaxed);
        }
    } else {
        match expected {
            Some(expected) if expected == actual => {}
            Some(expected) => problems.push(format!(
                "the output differs from {} (- expected, + printed):\n{}",
                expected_path.display(),
                line_diff(&expected, &actual)
            )),
            None => problems.push(format!(
                "no {file} file (run with MDKPI_BLESS=1 to write it)"
            )),
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    // A diff shows the output already; a failed check alone does not.
    let output = if differs {
        String::new()
    } else {
        format!("\nthe output is:\n{actual}")
    };
    Err(format!(
        "{}{output}\nMDKPI_BLESS=1 rewrites the expected files",
        problems.join("\n")
    )
    .into())
}

/// One catalogue, one behaviour: the language changes the words, never
/// which problems are found, in what order, or the exit code.
fn languages_agree(case: &Case) -> Result<(), Failed> {
    let (en, ja) = (case.run(0), case.run(1));
    // stdout and stderr apart: their order between them is not kept.
    let en_split = (codes_in(&en.stdout), codes_in(&en.stderr));
    let ja_split = (codes_in(&ja.stdout), codes_in(&ja.stderr));
    if en_split == ja_split && en.code == ja.code {
        return Ok(());
    }
    Err(format!(
        "the languages differ in codes or exit:\n  en: {:?} exit {:?}\n  ja: {:?} exit {:?}",
        codes_in(&en.all()),
        en.code,
        codes_in(&ja.all()),
        ja.code
    )
    .into())
}

/// Runs a case in a controlled environment: nothing of the developer's
/// (no LC_ALL, LC_MESSAGES, RUST_BACKTRACE, no PATH, so no Chromium either)
/// but `LANG`. The run happens in a fresh copy of the case's `data/`, so a
/// command that writes (`init`) finds the case as it was on every run and
/// leaves the checked-in folder untouched.
fn run_case(case: &Path, args: &[String], lang: &str) -> Run {
    let scratch = tempfile::tempdir().expect("tempdir");
    // One level down: the links of a case that lead out of it (`../../..`)
    // lead into the scratch folder, not next to it.
    let dir = scratch.path().join(case_name(case));
    fs::create_dir_all(&dir).expect("create the scratch case");
    if case.join("data").exists() {
        copy_tree(&case.join("data"), &dir.join("data"));
    }
    let output = Command::new(BIN)
        .args(args)
        .current_dir(&dir)
        .env_clear()
        .env("LANG", lang)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Everything a case's output must satisfy besides matching `expected`.
fn check_invariants(run: &Run) -> Vec<String> {
    let mut problems = Vec::new();
    if run.all().contains("panicked") {
        problems.push("the output contains `panicked`".to_string());
    }
    if !matches!(run.code, Some(0..=2)) {
        problems.push(format!("exit code {:?}, expected 0, 1 or 2", run.code));
    }
    let mut errors = 0;
    let mut warnings = 0;
    for line in problem_lines(&run.stdout) {
        match check_problem_line(line) {
            Ok(true) => warnings += 1,
            Ok(false) => errors += 1,
            Err(e) => problems.push(e),
        }
    }
    if !run.stdout.is_empty() {
        match counts(&run.stdout) {
            Some(c) if c == (errors, warnings) => {}
            Some((e, w)) => problems.push(format!(
                "the last line counts {e} errors and {w} warnings, the lines above show {errors} and {warnings}"
            )),
            None => problems.push(
                "the last line is not `N rounds, N errors, N warnings` (`N回分、エラー N件、警告 N件`)".into(),
            ),
        }
        let expected_code = if errors > 0 { 1 } else { 0 };
        if run.code != Some(expected_code) {
            problems.push(format!(
                "exit code {:?} with {errors} errors: expected {expected_code}",
                run.code
            ));
        }
    }
    problems
}
