//! What a run of `mdkpi` printed, and the checks every bad-input case's
//! output passes (`tests/invalid/README.md`). Shared by the two test
//! targets: `golden` (one test per case and language) and `cli` (the
//! checks' own tests, the code coverage of the cases, and the other
//! integration tests, which read runs the same way).

use std::fs;
use std::path::{Path, PathBuf};

pub const BIN: &str = env!("CARGO_BIN_EXE_mdkpi");

/// What one run of the binary printed.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The `expected` file format: `exit N`, stdout, and `--- stderr` with
    /// stderr when there is any.
    pub fn render(&self) -> String {
        let code = match self.code {
            Some(c) => c.to_string(),
            None => "killed by a signal".to_string(),
        };
        let mut out = format!("exit {code}\n{}", self.stdout);
        if !self.stderr.is_empty() {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("--- stderr\n");
            out.push_str(&self.stderr);
        }
        out
    }

    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub fn default_args() -> Vec<String> {
    ["--data", "data", "validate"].map(String::from).to_vec()
}

/// The problem lines of `validate`'s output: everything before the first
/// blank line (the per-round summary follows it).
pub fn problem_lines(stdout: &str) -> Vec<&str> {
    match stdout.find("\n\n") {
        Some(end) => stdout[..end].lines().collect(),
        None => Vec::new(),
    }
}

pub fn is_a1(cell: &str) -> bool {
    let letters = cell.chars().take_while(char::is_ascii_uppercase).count();
    let digits = &cell[letters..];
    letters > 0
        && !digits.is_empty()
        && !digits.starts_with('0')
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// Checks one problem line: `data/path[:sheet[:A1]]: [warning: ]message`.
/// Returns whether it is a warning, or what is wrong with it.
pub fn check_problem_line(line: &str) -> Result<bool, String> {
    let Some((location, message)) = line.split_once(": ") else {
        return Err(format!("no `location: message` in {line:?}"));
    };
    if !location.starts_with("data/") {
        return Err(format!("location does not start with data/: {line:?}"));
    }
    let parts: Vec<&str> = location.split(':').collect();
    match parts.as_slice() {
        [_] | [_, _] => {}
        [_, _, cell] if is_a1(cell) => {}
        _ => return Err(format!("location is not path[:sheet[:A1]]: {line:?}")),
    }
    let (warning, text) = match message.strip_prefix("warning: ") {
        Some(text) => (true, text),
        None => (false, message),
    };
    if text.trim().is_empty() {
        return Err(format!("empty message: {line:?}"));
    }
    Ok(warning)
}

/// Parses the last line, `N round(s), E error(s), W warning(s)`.
pub fn counts(stdout: &str) -> Option<(usize, usize)> {
    let last = stdout.lines().last()?;
    // English `1 round, 2 errors, 0 warnings`; Japanese `1回分、エラー 2件、警告 0件`.
    if let [_, errors, warnings] = last.split(", ").collect::<Vec<_>>().as_slice() {
        let number = |s: &str, word: &str| -> Option<usize> {
            let (n, unit) = s.split_once(' ')?;
            unit.starts_with(word).then_some(())?;
            n.parse().ok()
        };
        return Some((number(errors, "error")?, number(warnings, "warning")?));
    }
    let [_, errors, warnings] = last.split('、').collect::<Vec<_>>()[..] else {
        return None;
    };
    // `警告 0件(確認済み 3件)`: the warnings accepted are not counted.
    let warnings = warnings.split('(').next().unwrap_or(warnings);
    let number = |s: &str, word: &str| -> Option<usize> {
        s.strip_prefix(word)?.strip_suffix('件')?.parse().ok()
    };
    Some((number(errors, "エラー ")?, number(warnings, "警告 ")?))
}

/// A line diff (longest common subsequence), `-` expected, `+` actual.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("      {}\n", a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("    - {}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("    + {}\n", b[j]));
            j += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("    (the final newline differs)\n");
    }
    out
}

pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid")
}

/// The languages of the golden files: the file each is kept in and the
/// `LANG` its run gets (the language is detected from the locale, SPEC
/// §16, not asked for with `--lang`).
pub const GOLDEN_LANGS: [(&str, &str, &str); 2] = [
    ("en", "expected", "C"),
    ("ja", "expected.ja", "ja_JP.UTF-8"),
];

/// A copy of the folder `from` at `to`, symbolic links kept as links.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the copy");
    for entry in fs::read_dir(from).expect("list the case") {
        let entry = entry.expect("an entry of the case");
        let (source, copy) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().expect("the entry's type");
        if kind.is_symlink() {
            let target = fs::read_link(&source).expect("read the link");
            std::os::unix::fs::symlink(target, &copy).expect("copy the link");
        } else if kind.is_dir() {
            copy_tree(&source, &copy);
        } else {
            fs::copy(&source, &copy).expect("copy the file");
        }
    }
}

/// A message code: `E` or `W` and four digits.
pub fn is_code(field: &str) -> bool {
    field.len() == 5
        && (field.starts_with('E') || field.starts_with('W'))
        && field[1..].chars().all(|c| c.is_ascii_digit())
}

/// The code a line carries: its first `: `-separated field that is one
/// (`data/R7/a.xlsx:回答:D12: E0107: …`, `mdkpi: E0001: …`).
pub fn code_of(line: &str) -> Option<&str> {
    line.split(": ").find(|field| is_code(field))
}

/// The codes of `text` (a run's output or a golden file), line by line.
pub fn codes_in(text: &str) -> Vec<&str> {
    text.lines().filter_map(code_of).collect()
}

/// Checks a line that carries a code: `data/…: [warning: ]CODE: text` or
/// `mdkpi: CODE: text`, the code's letter matching the `warning:` mark.
pub fn check_coded_line(line: &str) -> Result<(), String> {
    let Some(code) = code_of(line) else {
        return Ok(());
    };
    let Some((before, text)) = line.split_once(&format!(": {code}: ")) else {
        return Err(format!("no text after the code: {line:?}"));
    };
    if text.trim().is_empty() {
        return Err(format!("empty message: {line:?}"));
    }
    let (location, warning) = match before.strip_suffix(": warning") {
        Some(location) => (location, true),
        None => (before, false),
    };
    if location != "mdkpi" && !location.starts_with("data/") {
        return Err(format!(
            "the line does not start with mdkpi: or data/: {line:?}"
        ));
    }
    if warning != code.starts_with('W') {
        return Err(format!("`warning:` and the code {code} disagree: {line:?}"));
    }
    Ok(())
}

/// The cases of `tests/invalid/`, sorted.
pub fn case_dirs() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/invalid exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

pub fn case_name(case: &Path) -> String {
    case.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}
