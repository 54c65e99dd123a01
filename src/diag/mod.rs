//! Problems found in the inputs, each with the place it was found
//! (`path[:sheet[:cell]]`), a stable code and what was expected (SPEC §8–9,
//! §16). The texts are in [`catalogue`]; the language in [`lang`]. The
//! other texts mdkpi prints in the run's language are here too: the
//! summaries of [`ui`], the Japanese of outside details in [`detail`], the
//! Japanese `--help` and usage errors in [`help`].

use std::fmt;

pub mod catalogue;
pub mod codes;
pub mod detail;
pub mod help;
pub mod lang;
pub mod outcome;
pub mod param;
pub mod ui;

pub use catalogue::{
    AndList, AtLine, Code, Dir, Expect, FileKind, Found, Hidden, Hint, List, Msg, Near,
    SpecialFile, Term,
};
pub use lang::Lang;
pub use outcome::Outcome;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a file, optionally a sheet, optionally an A1 cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

impl Location {
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            sheet: None,
            cell: None,
        }
    }

    pub fn sheet(path: impl Into<String>, sheet: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            sheet: Some(sheet.into()),
            cell: None,
        }
    }

    /// A line of a text file (1-based), printed `path:LINE` (SPEC §12:
    /// `commentary.md:LINE`, `reference.toml:LINE`).
    pub fn line(path: impl Into<String>, line: usize) -> Self {
        Location {
            path: path.into(),
            sheet: Some(line.to_string()),
            cell: None,
        }
    }

    /// A cell given by 0-based row and column.
    pub fn cell(path: impl Into<String>, sheet: impl Into<String>, row: u32, col: u32) -> Self {
        Location {
            path: path.into(),
            sheet: Some(sheet.into()),
            cell: Some(a1(row, col)),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ":{sheet}")?;
            if let Some(cell) = &self.cell {
                write!(f, ":{cell}")?;
            }
        }
        Ok(())
    }
}

/// `text` as mdkpi prints it to a terminal (SPEC §11): every control
/// character (ESC, OSC, BEL, a lone CR, C1 controls, DEL) and every
/// direction override shown escaped as a cell value's invisible characters
/// are (`\u{1b}`), so a file name, an argument or a cell cannot move the
/// cursor, retitle the window or reorder what is shown. Line ends (LF,
/// CRLF) and tabs are kept. Everything mdkpi writes to stdout and stderr
/// passes through here.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_at = |i: usize, c: char| match c {
        '\n' | '\t' => false,
        '\r' => !text[i + 1..].starts_with('\n'),
        _ => c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
    };
    if !text.char_indices().any(|(i, c)| unsafe_at(i, c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if unsafe_at(i, c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A1 notation of a 0-based (row, column): (0, 0) is `A1`, (11, 3) is `D12`.
/// Not `rust_xlsxwriter::row_col_to_cell`, which takes a u16 column: a
/// read cell's column is a u32 and may lie past Excel's last (XFD) in a
/// hand-made file; within Excel's columns the two agree (tested).
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col as u64 + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

/// An `[[accept]]` of a round's round.toml, its location made the path as
/// printed (SPEC §17).
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptRule {
    /// The location as printed: `data/R7/sites/15_iwate.xlsx:人材育成研修`.
    pub at: String,
    /// `at` as written in round.toml, for the message when nothing matches.
    pub written: String,
    pub code: Option<Code>,
    pub why: String,
    /// The round.toml it is written in, as printed.
    pub toml: String,
}

impl AcceptRule {
    /// A warning at `at` or inside it (`at` followed by `:` or `/`: a file
    /// covers its sheets and cells, a sheet its cells, a folder its files),
    /// of `code` when given.
    pub fn matches(&self, d: &Diagnostic) -> bool {
        if d.severity != Severity::Warning || self.code.is_some_and(|c| c != d.message.code()) {
            return false;
        }
        let place = d.location.to_string();
        match place.strip_prefix(&self.at) {
            Some(rest) => rest.is_empty() || rest.starts_with(':') || rest.starts_with('/'),
            None => false,
        }
    }
}

/// A warning in a JSON document (SPEC §16).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JsonWarning {
    pub code: &'static str,
    pub location: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: Msg,
    /// The last error listed for its sheet (the rest are only counted).
    pub capped: bool,
}

impl Diagnostic {
    /// `CODE: text` in `lang`, without the location.
    pub fn coded_text(&self, lang: Lang) -> String {
        let mut text = self.message.text(lang);
        if self.capped {
            text.push_str(&catalogue::capped_note(MAX_ERRORS_PER_SHEET, lang));
        }
        format!("{}: {text}", self.message.code().as_str())
    }

    /// The message line in `lang`: `path[:sheet[:cell]]: [warning: ]CODE: text`.
    pub fn line(&self, lang: Lang) -> String {
        match self.severity {
            Severity::Error => format!("{}: {}", self.location, self.coded_text(lang)),
            Severity::Warning => {
                format!("{}: warning: {}", self.location, self.coded_text(lang))
            }
        }
    }
}

/// The message line in the run's language ([`lang::current`]).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(lang::current()))
    }
}

/// Every problem of a run, in the order found (which is deterministic:
/// folders are read sorted, sheets and rows in order).
/// Errors listed for one sheet (or file) before the rest are only counted:
/// a sheet of a million bad rows must not print a million lines.
pub const MAX_ERRORS_PER_SHEET: usize = 100;

#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// The `[[accept]]` rules of the rounds read (SPEC §17), whether each
    /// matched a warning yet, and the warnings they accepted (with the
    /// index of the rule): not listed as warnings, not counted as such.
    rules: Vec<AcceptRule>,
    used: Vec<bool>,
    accepted: Vec<(Diagnostic, usize)>,
    /// Errors per (path, sheet), to cap what is listed.
    per_sheet: std::collections::HashMap<(String, Option<String>), usize>,
    /// Errors counted but not listed (beyond the cap).
    unlisted: usize,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, location: Location, message: Msg) {
        let count = self
            .per_sheet
            .entry((location.path.clone(), location.sheet.clone()))
            .or_insert(0);
        *count += 1;
        if *count > MAX_ERRORS_PER_SHEET {
            self.unlisted += 1;
            return;
        }
        let capped = *count == MAX_ERRORS_PER_SHEET;
        self.items.push(Diagnostic {
            severity: Severity::Error,
            location,
            message,
            capped,
        });
    }

    pub fn warning(&mut self, location: Location, message: Msg) {
        let d = Diagnostic {
            severity: Severity::Warning,
            location,
            message,
            capped: false,
        };
        match self.rules.iter().position(|r| r.matches(&d)) {
            Some(rule) => {
                self.used[rule] = true;
                self.accepted.push((d, rule));
            }
            None => self.items.push(d),
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.unlisted += other.unlisted;
        for (place, count) in other.per_sheet {
            *self.per_sheet.entry(place).or_insert(0) += count;
        }
        // The other's warnings meet this run's [[accept]] rules.
        for d in other.items {
            match d.severity {
                Severity::Warning => self.warning(d.location, d.message),
                Severity::Error => self.items.push(d),
            }
        }
        for (d, _) in other.accepted {
            self.warning(d.location, d.message);
        }
    }

    /// Adds `[[accept]]` rules: every warning added from now on that one
    /// matches is accepted instead of listed.
    pub fn accept(&mut self, rules: impl IntoIterator<Item = AcceptRule>) {
        for rule in rules {
            self.rules.push(rule);
            self.used.push(false);
        }
    }

    /// Warns about every `[[accept]]` that matched no warning (once): run
    /// when every check of the command is done.
    pub fn finish_accepts(&mut self) {
        for (i, rule) in self.rules.iter().enumerate() {
            if !self.used[i] {
                let what = match rule.code {
                    Some(code) => format!("{} ({})", rule.written, code.as_str()),
                    None => rule.written.clone(),
                };
                self.items.push(Diagnostic {
                    severity: Severity::Warning,
                    location: Location::file(&rule.toml),
                    message: Msg::AcceptMatchesNothing { what },
                    capped: false,
                });
            }
        }
        self.used.iter_mut().for_each(|u| *u = true);
    }

    /// Counts the `[[accept]]` rules of `toml` for `codes` as matched: the
    /// checks that raise those warnings did not run (the previous round
    /// could not be read), so matching nothing says nothing.
    pub fn excuse_accepts(&mut self, toml: &str, codes: &[Code]) {
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.toml == toml && rule.code.is_some_and(|c| codes.contains(&c)) {
                self.used[i] = true;
            }
        }
    }

    /// The accepted warnings, in the order found, each with the reason
    /// its `[[accept]]` gives.
    pub fn accepted(&self) -> Vec<(&Diagnostic, &str)> {
        self.accepted
            .iter()
            .map(|(d, rule)| (d, self.rules[*rule].why.as_str()))
            .collect()
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Every error, listed or beyond the cap.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error) + self.unlisted
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// The warnings' message strings, as `compute` carries them in JSON.
    pub fn warning_strings(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(ToString::to_string)
            .collect()
    }

    /// The warnings as the JSON documents carry them (SPEC §16):
    /// `{"code", "location", "message"}`, the message in `lang`.
    pub fn warning_records(&self, lang: Lang) -> Vec<JsonWarning> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| JsonWarning {
                code: d.message.code().as_str(),
                location: d.location.to_string(),
                message: d.message.text(lang),
            })
            .collect()
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_text_carries_no_control_character() {
        assert_eq!(
            printable("data/\u{1b}]0;owned\u{7}x.xlsx: E0001\r\n\tnext\rover \u{9b}2J \u{202e}txt"),
            "data/\\u{1b}]0;owned\\u{7}x.xlsx: E0001\r\n\tnext\\u{d}over \\u{9b}2J \\u{202e}txt"
        );
        assert!(matches!(
            printable("plain 日本語\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a1_notation() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 3), "D12");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert_eq!(a1(0, 16_384), "XFE1");
        assert_eq!(a1(u32::MAX, u32::MAX), "MWLQKWV4294967296");
    }

    #[test]
    fn a1_agrees_with_the_xlsx_writer_on_every_excel_column() {
        for col in 0..=16_383u16 {
            assert_eq!(
                a1(41, u32::from(col)),
                rust_xlsxwriter::row_col_to_cell(41, col),
                "{col}"
            );
        }
        assert_eq!(rust_xlsxwriter::column_number_to_name(0), "A");
        assert_eq!(rust_xlsxwriter::column_number_to_name(25), "Z");
        assert_eq!(rust_xlsxwriter::column_number_to_name(26), "AA");
        assert_eq!(rust_xlsxwriter::column_number_to_name(16_383), "XFD");
    }

    #[test]
    fn messages_name_the_place() {
        let mut d = Diagnostics::new();
        d.error(
            Location::cell("data/R7/companies.xlsx", "回答", 11, 3),
            Msg::NotANumber {
                found: Found::Text("約50".into()),
            },
        );
        d.warning(Location::file("data/R7/notes.txt"), Msg::UnexpectedFile {});
        let lines: Vec<String> = d.items().iter().map(|d| d.line(Lang::En)).collect();
        assert_eq!(
            lines,
            [
                "data/R7/companies.xlsx:回答:D12: E0107: expected a number, found \"約50\"",
                "data/R7/notes.txt: warning: W0208: unexpected file ignored",
            ]
        );
        assert_eq!(d.error_count(), 1);
        assert_eq!(d.warning_count(), 1);
        assert_eq!(
            d.warning_records(Lang::Ja),
            [JsonWarning {
                code: "W0208",
                location: "data/R7/notes.txt".into(),
                message: "想定外のファイルは読み飛ばしました".into(),
            }]
        );
    }
}
