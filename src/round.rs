//! Rounds (調査回): discovery of `data/<label>/round.toml`, its settings,
//! and the period correction (SPEC §3).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Value;

use crate::diag::{AtLine, Diagnostics, Found, List, Location, Msg};
use crate::fiscal;

/// The optional `[report]` table: the cover of the meeting material.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportMeta {
    pub title: Option<String>,
    pub meeting: Option<String>,
    /// 資料番号 (`資料2-2`): on the cover and in every other page's header.
    /// `document_number`, or its older spelling `document`.
    pub document_number: Option<String>,
    /// The meeting's date, any date form (printed `令和8年3月19日`).
    pub date: Option<String>,
    pub marking: Option<String>,
    pub organisation: Option<String>,
    /// The research project the measurement belongs to (研究課題名・研究代表者).
    pub project: Option<String>,
}

/// One round's `round.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundConfig {
    pub label: String,
    pub fiscal_year: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub reference_date: NaiveDate,
    /// Explicit multiplier for base-station counts, overriding the period's.
    pub correction: Option<f64>,
    pub stations: Option<Vec<String>>,
    pub report: ReportMeta,
    /// `[[accept]]`: warnings the analyst confirmed as true (SPEC §17).
    pub accept: Vec<Accept>,
}

/// One `[[accept]]` of round.toml: the warnings at `at` (a location as
/// printed, relative to the round folder, matched as a prefix ending at a
/// `:` or `/`), of `code` when given, are confirmed for the reason `why`.
#[derive(Debug, Clone, PartialEq)]
pub struct Accept {
    pub at: String,
    pub code: Option<crate::diag::Code>,
    pub why: String,
}

/// How base-station counts of a round are corrected to one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Correction {
    /// Counts are multiplied by this (R4: 0.5).
    pub multiplier: f64,
    /// The period's length in whole years.
    pub years: u32,
    /// True when `correction` in round.toml set the multiplier.
    pub overridden: bool,
}

impl RoundConfig {
    pub fn correction(&self) -> Correction {
        // Validated when the file was read: end ≥ start.
        let years = fiscal::period_factor(self.period_start, self.period_end).unwrap_or(1);
        match self.correction {
            Some(multiplier) => Correction {
                multiplier,
                years,
                overridden: true,
            },
            None => Correction {
                multiplier: 1.0 / years as f64,
                years,
                overridden: false,
            },
        }
    }
}

/// A round folder found under the data folder.
#[derive(Debug, Clone)]
pub struct Round {
    pub config: RoundConfig,
    pub dir: PathBuf,
    /// How the folder appears in messages (`data/R7`).
    pub shown: String,
    /// `round.toml`, hashed from the bytes that were parsed.
    pub toml: crate::input::InputFile,
}

const KNOWN_KEYS: [&str; 9] = [
    "label",
    "fiscal_year",
    "period_start",
    "period_end",
    "reference_date",
    "correction",
    "stations",
    "report",
    "accept",
];
const ACCEPT_KEYS: [&str; 3] = ["at", "code", "why"];
const REPORT_KEYS: [&str; 8] = [
    "title",
    "meeting",
    "document_number",
    "document",
    "date",
    "marking",
    "organisation",
    "project",
];

/// "malformed TOML at line N: …" for a TOML parse error.
pub fn toml_error(text: &str, e: &toml::de::Error) -> Msg {
    let detail = e.message().trim_end().to_string();
    let line = e.span().map(|span| {
        let before = &text.as_bytes()[..span.start.min(text.len())];
        before.iter().filter(|&&b| b == b'\n').count() + 1
    });
    Msg::MalformedToml {
        at: AtLine(line),
        detail,
    }
}

/// Parses a `round.toml`. `folder` is the round folder's name, which must be
/// the label. Problems go to `diags`; None when the file cannot be used.
pub fn parse_round_toml(
    text: &str,
    shown: &str,
    folder: &str,
    diags: &mut Diagnostics,
) -> Option<RoundConfig> {
    let raw = RawRound::parse(text, shown, diags)?;
    let mut check = Check {
        shown,
        diags,
        ok: true,
    };
    let label = check.label(raw.label.as_ref(), folder);
    let fiscal_year = check.fiscal_year(raw.fiscal_year.as_ref());
    check.year_agrees_with_label(label.as_deref(), folder, fiscal_year);
    let period = check.period(&raw);
    let correction = check.correction(raw.correction.as_ref());
    let stations = check.stations(raw.stations.as_ref());
    let report = check.report(raw.report.as_ref());
    let accept = check.accept(raw.accept.as_ref());
    if !check.ok {
        return None;
    }
    still_to_confirm(text, shown, diags);
    let period = period?;
    Some(RoundConfig {
        label: label?,
        fiscal_year: fiscal_year?,
        period_start: period.start,
        period_end: period.end,
        reference_date: period.reference,
        correction,
        stations,
        report,
        accept,
    })
}

/// The mark `mdkpi init` puts on the dates it proposes (SPEC §19): while
/// any line of round.toml still carries it, in a comment or a value, the
/// dates are unconfirmed.
pub const TO_CONFIRM: &str = "要確認";

/// Warns, at the first marked line, while round.toml carries [`TO_CONFIRM`].
fn still_to_confirm(text: &str, shown: &str, diags: &mut Diagnostics) {
    let marked: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains(TO_CONFIRM))
        .map(|(i, _)| i + 1)
        .collect();
    if let Some(first) = marked.first() {
        diags.warning(
            Location::line(shown, *first),
            Msg::RoundDatesToConfirm {
                lines: List::of(&marked),
            },
        );
    }
}

/// The keys of a `round.toml` as written, before any checking.
struct RawRound {
    label: Option<Value>,
    fiscal_year: Option<Value>,
    period_start: Option<Value>,
    period_end: Option<Value>,
    reference_date: Option<Value>,
    correction: Option<Value>,
    stations: Option<Value>,
    report: Option<Value>,
    accept: Option<Value>,
}

impl RawRound {
    /// Parses the TOML and warns about every unknown key; None (with the
    /// error reported) when it is not TOML.
    fn parse(text: &str, shown: &str, diags: &mut Diagnostics) -> Option<Self> {
        let mut table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                diags.error(Location::file(shown), toml_error(text, &e));
                return None;
            }
        };
        for key in table.keys() {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                diags.warning(
                    Location::file(shown),
                    Msg::UnknownKey {
                        key: key.to_string(),
                    },
                );
            }
        }
        Some(Self {
            label: table.remove("label"),
            fiscal_year: table.remove("fiscal_year"),
            period_start: table.remove("period_start"),
            period_end: table.remove("period_end"),
            reference_date: table.remove("reference_date"),
            correction: table.remove("correction"),
            stations: table.remove("stations"),
            report: table.remove("report"),
            accept: table.remove("accept"),
        })
    }
}

/// The round's three dates.
struct Period {
    start: NaiveDate,
    end: NaiveDate,
    reference: NaiveDate,
}

/// Reads the values of a [`RawRound`], reporting each problem against the
/// file; `ok` turns false at the first error.
struct Check<'a> {
    shown: &'a str,
    diags: &'a mut Diagnostics,
    ok: bool,
}

impl Check<'_> {
    fn fail(&mut self, message: Msg) {
        self.ok = false;
        self.diags.error(Location::file(self.shown), message);
    }

    fn warn(&mut self, message: Msg) {
        self.diags.warning(Location::file(self.shown), message);
    }

    /// `label`, which must name the round's folder.
    fn label(&mut self, value: Option<&Value>, folder: &str) -> Option<String> {
        let label = match value {
            Some(Value::String(s)) => Some(fiscal::normalize(s)),
            Some(other) => {
                self.fail(Msg::LabelNotString {
                    found: found_value(other),
                });
                None
            }
            None => {
                self.fail(Msg::MissingKey {
                    key: "label".into(),
                    example: "\"R7\"".into(),
                });
                None
            }
        };
        if let Some(label) = &label {
            if label != folder {
                self.fail(Msg::LabelMismatch {
                    label: label.clone(),
                    folder: folder.to_string(),
                });
            }
        }
        label
    }

    /// `fiscal_year`: a year such as 2025, or any fiscal-year text.
    fn fiscal_year(&mut self, value: Option<&Value>) -> Option<i32> {
        match value {
            Some(Value::Integer(n)) => match fiscal::fiscal_year_from_number(*n as f64) {
                Ok(y) => Some(y),
                Err(e) => {
                    self.fail(Msg::BadSetting {
                        key: "fiscal_year".into(),
                        problem: Box::new(e),
                    });
                    None
                }
            },
            Some(Value::String(s)) => match fiscal::parse_fiscal_year(s) {
                Ok(y) => Some(y),
                Err(e) => {
                    self.fail(Msg::BadSetting {
                        key: "fiscal_year".into(),
                        problem: Box::new(e),
                    });
                    None
                }
            },
            Some(other) => {
                self.fail(Msg::FiscalYearNotYear {
                    found: found_value(other),
                });
                None
            }
            None => {
                self.fail(Msg::MissingKey {
                    key: "fiscal_year".into(),
                    example: "2025".into(),
                });
                None
            }
        }
    }

    /// The fiscal year must be the label's. A label that does not match its
    /// folder was reported; comparing it with the year would only repeat that.
    fn year_agrees_with_label(&mut self, label: Option<&str>, folder: &str, year: Option<i32>) {
        if let (Some(label), Some(year)) = (label.filter(|l| *l == folder), year) {
            if let Ok(from_label) = fiscal::parse_fiscal_year(label) {
                if from_label != year {
                    self.fail(Msg::YearLabelMismatch {
                        year,
                        label: label.to_string(),
                        from_label,
                    });
                }
            }
        }
    }

    /// `period_start`, `period_end` (not before the start) and
    /// `reference_date`; every problem is reported before None.
    fn period(&mut self, raw: &RawRound) -> Option<Period> {
        let start = self.date("period_start", raw.period_start.as_ref());
        let end = self.date("period_end", raw.period_end.as_ref());
        let reference = self.date("reference_date", raw.reference_date.as_ref());
        if let (Some(start), Some(end)) = (start, end) {
            if let Err(e) = fiscal::period_factor(start, end) {
                self.fail(e);
            }
        }
        Some(Period {
            start: start?,
            end: end?,
            reference: reference?,
        })
    }

    /// A required date: a TOML date or a date text, full (not a month).
    fn date(&mut self, key: &str, value: Option<&Value>) -> Option<NaiveDate> {
        match value {
            Some(Value::Datetime(dt)) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                }
                _ => {
                    self.fail(Msg::SettingNotADate {
                        key: key.to_string(),
                        found: Found::Other(dt.to_string()),
                    });
                    None
                }
            },
            Some(Value::String(s)) => match fiscal::parse_date_text(s) {
                Ok(p) if !p.partial => Some(p.date),
                Ok(_) => {
                    self.fail(Msg::SettingPartialDate {
                        key: key.to_string(),
                        found: Found::Text(s.to_string()),
                    });
                    None
                }
                Err(e) => {
                    self.fail(Msg::BadSetting {
                        key: key.to_string(),
                        problem: Box::new(e),
                    });
                    None
                }
            },
            Some(other) => {
                self.fail(Msg::SettingNotADate {
                    key: key.to_string(),
                    found: found_value(other),
                });
                None
            }
            None => {
                self.fail(Msg::MissingKey {
                    key: key.to_string(),
                    example: "2026-01-01".into(),
                });
                None
            }
        }
    }

    /// The optional `correction`: a multiplier in (0, 1] (counts are never
    /// scaled up, and never by 0).
    fn correction(&mut self, value: Option<&Value>) -> Option<f64> {
        let v = value?;
        let number = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
        match number {
            Some(c) if c > 0.0 && c <= 1.0 => Some(c),
            _ => {
                let found = match number {
                    Some(n) => Found::Number(crate::quote::describe_number(n)),
                    None => Found::TomlType(v.type_str()),
                };
                self.fail(Msg::BadCorrection { found });
                None
            }
        }
    }

    /// The optional `stations`: a list of station names.
    fn stations(&mut self, value: Option<&Value>) -> Option<Vec<String>> {
        match value? {
            Value::Array(items) => {
                let names: Vec<String> = items
                    .iter()
                    .filter_map(|v| v.as_str().map(fiscal::normalize))
                    .collect();
                if let Some(other) = items.iter().find(|v| !v.is_str()) {
                    self.fail(Msg::StationsNotStrings {
                        found: found_value(other),
                    });
                }
                Some(names)
            }
            other => {
                self.fail(Msg::StationsNotList {
                    found: found_value(other),
                });
                None
            }
        }
    }

    /// The optional `[[accept]]` tables (SPEC §17): `at` and `why`
    /// required, `code` a warning's code when given.
    fn accept(&mut self, value: Option<&Value>) -> Vec<Accept> {
        let items = match value {
            None => return Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_table) => items,
            Some(other) => {
                self.fail(Msg::AcceptNotTables {
                    found: found_value(other),
                });
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(table) = item.as_table() else {
                continue;
            };
            let index = i + 1;
            for key in table.keys() {
                if !ACCEPT_KEYS.contains(&key.as_str()) {
                    self.warn(Msg::UnknownKey {
                        key: format!("accept.{key}"),
                    });
                }
            }
            let mut text = |key: &'static str| -> Option<String> {
                match table.get(key).and_then(Value::as_str).map(str::trim) {
                    Some(s) if !s.is_empty() => Some(s.to_string()),
                    _ => {
                        self.fail(Msg::AcceptNeeds { index, key });
                        None
                    }
                }
            };
            let at = text("at");
            let why = text("why");
            let code = match table.get("code") {
                None => Some(None),
                Some(v) => match v
                    .as_str()
                    .and_then(crate::diag::Code::parse)
                    .filter(|c| c.info().severity == crate::diag::Severity::Warning)
                {
                    Some(c) => Some(Some(c)),
                    None => {
                        self.fail(Msg::AcceptBadCode {
                            index,
                            found: found_value(v),
                        });
                        None
                    }
                },
            };
            if let (Some(at), Some(why), Some(code)) = (at, why, code) {
                // Written as printed, relative to the round folder: a
                // leading `./` or a Windows separator is the same place.
                let at = at.trim_start_matches("./").replace('\\', "/");
                out.push(Accept { at, code, why });
            }
        }
        out
    }

    /// The optional `[report]` table; unknown keys in it are warned about.
    fn report(&mut self, value: Option<&Value>) -> ReportMeta {
        let t = match value {
            None => return ReportMeta::default(),
            Some(Value::Table(t)) => t,
            Some(other) => {
                self.fail(Msg::ReportNotTable {
                    found: found_value(other),
                });
                return ReportMeta::default();
            }
        };
        for key in t.keys() {
            if !REPORT_KEYS.contains(&key.as_str()) {
                self.warn(Msg::UnknownKey {
                    key: format!("report.{key}"),
                });
            }
        }
        let get = |key: &str| -> Option<String> {
            t.get(key).map(|v| match v {
                Value::String(s) => s.clone(),
                Value::Datetime(dt) => dt.to_string(),
                other => other.to_string(),
            })
        };
        ReportMeta {
            title: get("title"),
            meeting: get("meeting"),
            document_number: get("document_number").or_else(|| get("document")),
            date: get("date"),
            marking: get("marking"),
            organisation: get("organisation"),
            project: get("project"),
        }
    }
}

/// Finds every round folder (a sub-folder with a `round.toml`) under the
/// data folder, sorted by fiscal year. Folders named like a round label but
/// without a `round.toml` are errors; other folders are ignored with a warning.
pub fn discover(data: &Path, shown: &str, diags: &mut Diagnostics) -> Vec<Round> {
    let dirs: Vec<String> = crate::input::listing::list(data, shown, diags)
        .map(|l| l.dirs)
        .unwrap_or_default()
        .into_iter()
        .filter(|name| !name.starts_with('.'))
        .collect();
    let mut rounds = Vec::new();
    for name in dirs {
        let dir = data.join(&name);
        let round_shown = format!("{shown}/{name}");
        let toml_path = dir.join("round.toml");
        let toml_shown = format!("{round_shown}/round.toml");
        // Only a round.toml that is not there at all makes no round: one
        // that cannot be read (a folder, a pipe) is an error below.
        if !toml_path.exists() {
            if fiscal::parse_fiscal_year(&name).is_ok() {
                diags.error(Location::file(&toml_shown), Msg::RoundTomlMissing {});
            } else {
                diags.warning(Location::file(&round_shown), Msg::NotARoundFolder {});
            }
            continue;
        }
        let (bytes, toml) = match crate::input::read_hashed(&toml_path) {
            Ok(read) => read,
            Err(message) => {
                diags.error(Location::file(&toml_shown), message);
                continue;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            diags.error(Location::file(&toml_shown), Msg::NotUtf8 {});
            continue;
        };
        if let Some(config) = parse_round_toml(&text, &toml_shown, &name, diags) {
            rounds.push(Round {
                config,
                dir,
                shown: round_shown,
                toml,
            });
        }
    }
    rounds.sort_by(|a, b| {
        (a.config.fiscal_year, &a.config.label).cmp(&(b.config.fiscal_year, &b.config.label))
    });
    for pair in rounds.windows(2) {
        if pair[0].config.fiscal_year == pair[1].config.fiscal_year {
            diags.error(
                Location::file(format!("{}/round.toml", pair[1].shown)),
                Msg::DuplicateFiscalYear {
                    year: pair[1].config.fiscal_year,
                    other: pair[0].config.label.clone(),
                },
            );
        }
    }
    rounds
}

/// Resolves `--round`: a label (`R7`) or any fiscal-year form (`2025`,
/// `令和7年度`). Err carries the usage message.
pub fn select<'a>(rounds: &'a [Round], wanted: &str, shown: &str) -> Result<&'a Round, Msg> {
    let key = fiscal::normalize(wanted).to_uppercase();
    if let Some(r) = rounds.iter().find(|r| r.config.label.to_uppercase() == key) {
        return Ok(r);
    }
    let available: Vec<&str> = rounds.iter().map(|r| r.config.label.as_str()).collect();
    let available = List::of(available);
    match fiscal::parse_fiscal_year(wanted) {
        Ok(year) => rounds
            .iter()
            .find(|r| r.config.fiscal_year == year)
            .ok_or_else(|| Msg::RoundNotFound {
                wanted: wanted.to_string(),
                year,
                era: fiscal::short_era_label(year),
                folder: shown.to_string(),
                found: available,
            }),
        Err(_) => Err(Msg::RoundNotUnderstood {
            wanted: wanted.to_string(),
            found: available,
        }),
    }
}

/// A TOML value as a message quotes it: text as text (`"…"` / `「…」`, the
/// TOML quotes not shown twice), numbers as written, anything else as TOML
/// writes it.
fn found_value(value: &Value) -> Found {
    match value {
        Value::String(s) => crate::quote::found_text(s),
        Value::Integer(_) | Value::Float(_) => Found::Number(value.to_string()),
        other => Found::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R4: &str = r#"
label = "R4"
fiscal_year = 2022
period_start = 2021-04-01
period_end   = 2023-03-06
reference_date = 2023-01-01
"#;

    fn parse(text: &str, folder: &str) -> (Option<RoundConfig>, Vec<String>) {
        let mut d = Diagnostics::new();
        let c = parse_round_toml(text, "data/R4/round.toml", folder, &mut d);
        (c, d.items().iter().map(ToString::to_string).collect())
    }

    #[test]
    fn r4_is_halved() {
        let (c, msgs) = parse(R4, "R4");
        assert!(msgs.is_empty(), "{msgs:?}");
        let c = c.unwrap();
        assert_eq!(
            c.correction(),
            Correction {
                multiplier: 0.5,
                years: 2,
                overridden: false
            }
        );
    }

    #[test]
    fn override_wins() {
        let (c, _) = parse(&format!("{R4}correction = 1\n"), "R4");
        let corr = c.unwrap().correction();
        assert_eq!(corr.multiplier, 1.0);
        assert!(corr.overridden);
        let (c, _) = parse(&format!("{R4}correction = 0.25\n"), "R4");
        assert_eq!(c.unwrap().correction().multiplier, 0.25);
    }

    #[test]
    fn incomplete_and_malformed() {
        let (c, msgs) = parse("label = \"R4\"\nfiscal_year = 2022\n", "R4");
        assert!(c.is_none());
        assert_eq!(
            msgs,
            [
                "data/R4/round.toml: E0303: missing required key `period_start` (such as 2026-01-01)",
                "data/R4/round.toml: E0303: missing required key `period_end` (such as 2026-01-01)",
                "data/R4/round.toml: E0303: missing required key `reference_date` (such as 2026-01-01)",
            ]
        );
        let (c, msgs) = parse("label = \"R4\"\nfiscal_year = \n", "R4");
        assert!(c.is_none());
        assert!(
            msgs[0].starts_with("data/R4/round.toml: E0302: malformed TOML at line 2"),
            "{msgs:?}"
        );
    }

    #[test]
    fn period_ending_before_start() {
        let text = R4.replace("2023-03-06", "2020-03-06");
        let (c, msgs) = parse(&text, "R4");
        assert!(c.is_none());
        assert_eq!(
            msgs,
            ["data/R4/round.toml: E0310: period_end 2020-03-06 is before period_start 2021-04-01: expected the period's last day on or after its first"]
        );
    }

    #[test]
    fn label_must_match_folder_and_year() {
        let (_, msgs) = parse(R4, "R5");
        assert_eq!(
            msgs,
            ["data/R4/round.toml: E0305: `label` is \"R4\" but the folder is R5: expected them to match"]
        );
        let (_, msgs) = parse(&R4.replace("2022", "2023"), "R4");
        assert_eq!(
            msgs,
            ["data/R4/round.toml: E0308: `fiscal_year` is 2023 but the label R4 is fiscal year 2022: expected them to agree"]
        );
    }

    #[test]
    fn select_by_label_or_year() {
        let (c, _) = parse(R4, "R4");
        let rounds = vec![Round {
            config: c.unwrap(),
            dir: PathBuf::from("data/R4"),
            shown: "data/R4".into(),
            toml: crate::input::InputFile::new(PathBuf::from("data/R4/round.toml"), R4.as_bytes()),
        }];
        for wanted in ["R4", "r4", "2022", "令和4年度", "Ｒ４"] {
            assert_eq!(
                select(&rounds, wanted, "data").unwrap().config.label,
                "R4",
                "{wanted}"
            );
        }
        assert_eq!(
            select(&rounds, "R9", "data")
                .unwrap_err()
                .text(crate::diag::Lang::En),
            "--round \"R9\": no round for fiscal year 2027 (R9) in \"data\"; rounds found: R4"
        );
        assert!(select(&rounds, "next", "data")
            .unwrap_err()
            .text(crate::diag::Lang::En)
            .starts_with("--round \"next\""));
    }
}
