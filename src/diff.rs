//! `mdkpi diff [OLD] [NEW]`: the figures that differ between two rounds,
//! between a saved run (`indicators.json`) and the data, or between two
//! saved runs (SPEC §19). `report --check` names the changed figures with
//! the same comparison ([`compare`], [`changed_lines`]).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::diag::ui::{Count, Noun, Ui};
use crate::diag::{Diagnostic, List, Location, Msg, Outcome, Severity};
use crate::indicator::{csv_number, csv_safe, json_number, Indicator, UNIT_RATIO};
use crate::numfmt::group_digits;
use crate::registry::Registry;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// A saved run: the indicator table of `compute --format json` (SPEC §6).
#[derive(Debug, Clone, Deserialize)]
struct SavedDoc {
    round: String,
    indicators: Vec<SavedRow>,
}

#[derive(Debug, Clone, Deserialize)]
struct SavedRow {
    key: String,
    round: String,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    unit: String,
}

impl From<SavedRow> for Indicator {
    fn from(r: SavedRow) -> Self {
        Indicator {
            key: r.key,
            round: r.round,
            value: r.value,
            numerator: r.numerator,
            denominator: r.denominator,
            unit: r.unit,
        }
    }
}

/// A saved run as read: its file as given, its round and its figures.
pub struct Saved {
    pub shown: String,
    pub round: String,
    pub indicators: Vec<Indicator>,
}

/// Why a saved run could not be read: the message, at the file's line
/// and column.
pub struct SavedError(pub Box<Diagnostic>);

/// Parses the bytes of a saved `indicators.json`, `shown` naming it in a
/// message (`file:LINE:COLUMN: CODE: text`).
pub fn parse_saved(bytes: &[u8], shown: &str) -> Result<Saved, SavedError> {
    match serde_json::from_slice::<SavedDoc>(bytes) {
        Ok(doc) => Ok(Saved {
            shown: shown.to_string(),
            round: doc.round,
            indicators: doc.indicators.into_iter().map(Indicator::from).collect(),
        }),
        Err(e) => {
            let message = match e.classify() {
                serde_json::error::Category::Data => Msg::SavedWrongShape {
                    file: shown.to_string(),
                    detail: without_position(&e),
                },
                _ => Msg::SavedNotJson {
                    file: shown.to_string(),
                },
            };
            let location = Location {
                path: shown.to_string(),
                sheet: Some(e.line().to_string()),
                cell: Some(e.column().to_string()),
            };
            let d = Diagnostic {
                severity: Severity::Error,
                location,
                message,
                capped: false,
            };
            Err(SavedError(Box::new(d)))
        }
    }
}

/// serde's message without its ` at line L column C` (the location says it).
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Reads a saved run from `path` (`shown` as given on the command line).
fn read_saved(path: &Path, shown: &str) -> Result<Saved, Outcome> {
    let bytes = crate::input::read(path).map_err(|m| Outcome {
        stderr: format!("{shown}: {}\n", crate::diag::outcome::coded(&m)),
        code: 1,
        ..Outcome::default()
    })?;
    parse_saved(&bytes, shown).map_err(|e| Outcome {
        stderr: format!("{}\n", e.0),
        code: 1,
        ..Outcome::default()
    })
}

/// Whether two values differ beyond float noise (a sum taken in another
/// order): relative 1e-9.
fn values_differ(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() > 1e-9 * a.abs().max(b.abs()).max(1.0),
        (None, None) => false,
        _ => true,
    }
}

/// One figure on either side: matched by key (and round, when every
/// round is compared); a side is None where the figure is only on the
/// other.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub key: String,
    /// The figures' round when every round is compared.
    pub round: Option<String>,
    pub old: Option<Indicator>,
    pub new: Option<Indicator>,
}

impl Change {
    /// Whether the values differ, or the figure is on one side only.
    pub fn differs(&self) -> bool {
        match (&self.old, &self.new) {
            (Some(o), Some(n)) => values_differ(o.value, n.value),
            _ => true,
        }
    }

    fn unit(&self) -> &str {
        self.new
            .as_ref()
            .or(self.old.as_ref())
            .map_or("", |i| i.unit.as_str())
    }

    /// new − old in the figure's unit, points for a rate; None where a
    /// side has no value.
    pub fn change(&self) -> Option<f64> {
        let old = self.old.as_ref()?.value?;
        let new = self.new.as_ref()?.value?;
        let scale = if self.unit() == UNIT_RATIO {
            100.0
        } else {
            1.0
        };
        // Rounded to 9 decimals: (0.3 - 0.1) * 100 is not 20 in binary.
        Some(((new - old) * scale * 1e9).round() / 1e9)
    }
}

/// Every figure of `old` and `new`, matched by key, or by key and round
/// with `by_round`: in the order of `new`, then the figures only in `old`
/// in their order.
pub fn compare(old: &[Indicator], new: &[Indicator], by_round: bool) -> Vec<Change> {
    let id = |i: &Indicator| {
        if by_round {
            (i.key.clone(), i.round.clone())
        } else {
            (i.key.clone(), String::new())
        }
    };
    let olds: BTreeMap<(String, String), &Indicator> = old.iter().map(|i| (id(i), i)).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for n in new {
        let at = id(n);
        if !seen.insert(at.clone()) {
            continue;
        }
        out.push(Change {
            key: n.key.clone(),
            round: by_round.then(|| n.round.clone()),
            old: olds.get(&at).map(|i| (*i).clone()),
            new: Some(n.clone()),
        });
    }
    for o in old {
        let at = id(o);
        if !seen.insert(at) {
            continue;
        }
        out.push(Change {
            key: o.key.clone(),
            round: by_round.then(|| o.round.clone()),
            old: Some(o.clone()),
            new: None,
        });
    }
    out
}

/// A value for people: a rate as a percentage with one decimal, or as
/// many as `decimals`; others with their decimals (up to two, or
/// `decimals`) and thousands separators; `-` where undefined.
fn shown_value(i: &Indicator, decimals: u32) -> String {
    match i.value {
        None => "-".to_string(),
        Some(v) if i.unit == UNIT_RATIO => format!("{}%", group_digits(v * 100.0, decimals)),
        Some(v) => group_digits(v, crate::numfmt::decimals_of(v).min(2).max(decimals)),
    }
}

/// The old and new values as shown, with as many decimals as it takes
/// for two different values not to read alike (up to six), and the
/// change in the same decimals (`+198`, `-0.4pt`; empty where a side has
/// no value).
fn shown_pair(c: &Change) -> (String, String, String) {
    let none = || Ui::DiffNone {}.text(crate::diag::lang::current());
    let rate = c.unit() == UNIT_RATIO;
    let mut decimals = u32::from(rate);
    loop {
        let old = c.old.as_ref().map(|i| shown_value(i, decimals));
        let new = c.new.as_ref().map(|i| shown_value(i, decimals));
        if old != new || !c.differs() || decimals >= 6 {
            // A count's decimals are its values' (up to two).
            let places = |i: &Option<Indicator>| {
                i.as_ref()
                    .and_then(|i| i.value)
                    .map_or(0, |v| crate::numfmt::decimals_of(v).min(2))
            };
            let decimals = if rate {
                decimals
            } else {
                decimals.max(places(&c.old)).max(places(&c.new))
            };
            let change = c.change().map_or_else(String::new, |d| {
                let text = group_digits(d, decimals);
                let sign = if d > 0.0 { "+" } else { "" };
                let unit = if rate { "pt" } else { "" };
                format!("{sign}{text}{unit}")
            });
            return (old.unwrap_or_else(none), new.unwrap_or_else(none), change);
        }
        decimals += 1;
    }
}

/// The denominators: `106`, or `100 → 106` when they differ.
fn shown_n(c: &Change) -> String {
    let n = |i: &Option<Indicator>| {
        i.as_ref()
            .and_then(|i| i.denominator)
            .map(|d| group_digits(d, crate::numfmt::decimals_of(d).min(2)))
    };
    match (n(&c.old), n(&c.new)) {
        (Some(a), Some(b)) if a == b => b,
        (Some(a), Some(b)) => format!("{a} → {b}"),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => String::new(),
    }
}

/// The lines `report --check` prints for the figures of `old` (the
/// indicators.json in the output folder) that `new` changes, matched by
/// key and round; none when nothing changed.
pub fn changed_lines(
    old: &[Indicator],
    new: &[Indicator],
    registry: &Registry,
    file: &str,
) -> Vec<String> {
    let lang = crate::diag::lang::current();
    let changes: Vec<Change> = compare(old, new, true)
        .into_iter()
        .filter(Change::differs)
        .collect();
    if changes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Ui::ReportChangedFigures {
        figures: Count(changes.len(), Noun::Figure),
        file: file.to_string(),
    }
    .text(lang)];
    for c in &changes {
        let (old, new, _) = shown_pair(c);
        lines.push(format!(
            "  {}",
            Ui::ReportChangedFigure {
                key: c.key.clone(),
                round: c.round.clone().unwrap_or_default(),
                name: registry.label(&c.key),
                old,
                new,
            }
            .text(lang)
        ));
    }
    lines
}

/// What one argument names.
enum Side {
    Saved(Saved),
    /// A round's label.
    Round(String),
}

/// An argument: an existing file is a saved run, anything else a round of
/// `found` (label, fiscal-year form).
fn side(arg: &str, found: &[crate::round::Round], shown: &str) -> Result<Side, Outcome> {
    let path = Path::new(arg);
    if path.is_file() {
        return read_saved(path, arg).map(Side::Saved);
    }
    match crate::round::select(found, arg, shown) {
        Ok(r) => Ok(Side::Round(r.config.label.clone())),
        Err(_) => Err(Outcome::usage(Msg::DiffArgument {
            arg: arg.to_string(),
            found: List::of(found.iter().map(|r| r.config.label.clone())),
        })),
    }
}

/// The comparison to print: the two sides' names, the changes and whether
/// rounds are compared one by one.
struct Compared {
    old: String,
    new: String,
    by_round: bool,
    changes: Vec<Change>,
}

pub fn run(
    data: &Path,
    shown: &str,
    old: Option<&str>,
    new: Option<&str>,
    format: Format,
    all: bool,
) -> Outcome {
    // The rounds of the data folder, to read the arguments against: the
    // data's own problems are reported when it is loaded.
    let found = match crate::validate::check_data_folder(data, shown) {
        Ok(()) => crate::round::discover(data, shown, &mut crate::diag::Diagnostics::new()),
        Err(_) => Vec::new(),
    };
    let mut sides = Vec::new();
    for arg in [old, new].into_iter().flatten() {
        match side(arg, &found, shown) {
            Ok(s) => sides.push(s),
            Err(outcome) => return outcome,
        }
    }
    let latest = found.last().map(|r| r.config.label.clone());
    let fiscal_year = |label: &str| {
        found
            .iter()
            .find(|r| r.config.label == label)
            .map_or(i32::MAX, |r| r.config.fiscal_year)
    };
    // Two sides: the rounds (or saved runs) given; one round: it and the
    // latest; none: the previous round and the latest.
    let (a, b) = match sides.len() {
        0 => {
            if found.len() < 2 && !found.is_empty() {
                return Outcome::usage(Msg::DiffOneRound {
                    round: latest.unwrap_or_default(),
                });
            }
            let previous = found
                .len()
                .checked_sub(2)
                .and_then(|i| found.get(i))
                .map(|r| r.config.label.clone())
                .unwrap_or_default();
            (
                Side::Round(previous),
                Side::Round(latest.clone().unwrap_or_default()),
            )
        }
        1 => match sides.pop() {
            Some(Side::Round(r)) => (
                Side::Round(r),
                Side::Round(latest.clone().unwrap_or_default()),
            ),
            Some(Side::Saved(s)) => {
                // A saved run alone: compared with what the data gives for
                // its round now (every round up to it).
                let round = found
                    .iter()
                    .any(|r| r.config.label == s.round)
                    .then(|| s.round.clone());
                let (indicators, registry, warnings) = match computed(data, shown, round.as_deref())
                {
                    Ok(c) => c,
                    Err(o) => return o,
                };
                let name = round.clone().or(latest).unwrap_or_default();
                let compared = Compared {
                    old: s.shown.clone(),
                    new: format!("{shown} ({name})"),
                    by_round: true,
                    changes: compare(&s.indicators, &indicators, true),
                };
                return print(&compared, &registry, format, all, warnings);
            }
            None => return Outcome::default(),
        },
        _ => {
            let b = sides.pop();
            let a = sides.pop();
            match (a, b) {
                (Some(a), Some(b)) => (a, b),
                _ => return Outcome::default(),
            }
        }
    };
    let compared_rounds = |x: &str, y: &str| {
        if fiscal_year(x) >= fiscal_year(y) {
            x.to_string()
        } else {
            y.to_string()
        }
    };
    match (a, b) {
        (Side::Round(x), Side::Round(y)) => {
            let upto = compared_rounds(&x, &y);
            let (indicators, registry, warnings) = match computed(data, shown, Some(&upto)) {
                Ok(c) => c,
                Err(o) => return o,
            };
            let of = |r: &str| -> Vec<Indicator> {
                indicators
                    .iter()
                    .filter(|i| i.round == r)
                    .cloned()
                    .collect()
            };
            let compared = Compared {
                changes: compare(&of(&x), &of(&y), false),
                old: x,
                new: y,
                by_round: false,
            };
            print(&compared, &registry, format, all, warnings)
        }
        (Side::Saved(s), Side::Round(r)) | (Side::Round(r), Side::Saved(s)) => {
            let saved_first = old.is_some_and(|o| o == s.shown);
            // Up to the later of the round and the saved run's own: a
            // follow-up figure of a round is reported in later rounds'
            // sheets, and the saved run holds it as it knew it.
            let upto = if found.iter().any(|f| f.config.label == s.round) {
                compared_rounds(&r, &s.round)
            } else {
                r.clone()
            };
            let (indicators, registry, warnings) = match computed(data, shown, Some(&upto)) {
                Ok(c) => c,
                Err(o) => return o,
            };
            let now: Vec<Indicator> = indicators.into_iter().filter(|i| i.round == r).collect();
            let then: Vec<Indicator> = s
                .indicators
                .iter()
                .filter(|i| i.round == r)
                .cloned()
                .collect();
            let mut warnings = warnings;
            if then.is_empty() {
                let mut has: Vec<String> = Vec::new();
                for i in &s.indicators {
                    if !has.contains(&i.round) {
                        has.push(i.round.clone());
                    }
                }
                let d = Diagnostic {
                    severity: Severity::Warning,
                    location: Location::file(&s.shown),
                    message: Msg::SavedWithoutRound {
                        file: s.shown.clone(),
                        round: r.clone(),
                        has: List::of(has),
                    },
                    capped: false,
                };
                let _ = writeln!(warnings, "{d}");
            }
            let here = format!("{shown} ({r})");
            let saved = format!("{} ({r})", s.shown);
            let compared = if saved_first {
                Compared {
                    changes: compare(&then, &now, false),
                    old: saved,
                    new: here,
                    by_round: false,
                }
            } else {
                Compared {
                    changes: compare(&now, &then, false),
                    old: here,
                    new: saved,
                    by_round: false,
                }
            };
            print(&compared, &registry, format, all, warnings)
        }
        (Side::Saved(x), Side::Saved(y)) => {
            // No data needed; the declared indicators' names, when the
            // data folder declares them.
            let declared = if found.is_empty() {
                crate::declared::Declared::default()
            } else {
                crate::declared::read(data, shown, &mut crate::diag::Diagnostics::new())
            };
            let registry = crate::compute::registry(&declared)
                .unwrap_or(std::borrow::Cow::Borrowed(Registry::builtin()));
            let compared = Compared {
                changes: compare(&x.indicators, &y.indicators, true),
                old: x.shown,
                new: y.shown,
                by_round: true,
            };
            print(&compared, &registry, format, all, String::new())
        }
    }
}

/// The figures of every round up to `upto` (default the latest), the
/// run's registry and its warnings (stderr lines).
fn computed(
    data: &Path,
    shown: &str,
    upto: Option<&str>,
) -> Result<(Vec<Indicator>, std::borrow::Cow<'static, Registry>, String), Outcome> {
    let (rounds, folder, diags) = crate::compute::load(data, shown, upto)?;
    let indicators = crate::kpi::compute_all(&rounds, &folder.declared).map_err(|e| {
        Outcome::data_error(Msg::Internal {
            detail: e.to_string(),
        })
    })?;
    let registry = crate::compute::registry(&folder.declared)?;
    let mut stderr = String::new();
    for w in diags.warning_strings() {
        let _ = writeln!(stderr, "{w}");
    }
    Ok((indicators, registry, stderr))
}

fn print(
    compared: &Compared,
    registry: &Registry,
    format: Format,
    all: bool,
    stderr: String,
) -> Outcome {
    let listed: Vec<&Change> = compared
        .changes
        .iter()
        .filter(|c| all || c.differs())
        .collect();
    let stdout = match format {
        Format::Table => table(compared, &listed, registry),
        Format::Csv => csv(compared, &listed, registry),
        Format::Json => to_json(compared, &listed, registry),
    };
    Outcome {
        stdout,
        stderr,
        code: 0,
    }
}

fn table(compared: &Compared, listed: &[&Change], registry: &Registry) -> String {
    use crate::diag::ui::{pad, pad_left, width};
    let lang = crate::diag::lang::current();
    let differ = compared.changes.iter().filter(|c| c.differs()).count();
    let mut out = Ui::DiffSummary {
        old: compared.old.clone(),
        new: compared.new.clone(),
        differ: Count(differ, Noun::Figure),
        compared: compared.changes.len(),
    }
    .text(lang);
    out.push('\n');
    if listed.is_empty() {
        return out;
    }
    let text = |t: Ui| t.text(lang);
    let mut header = vec![text(Ui::ColumnKey {})];
    if compared.by_round {
        header.push(text(Ui::ColumnRound {}));
    }
    header.extend([
        text(Ui::ColumnName {}),
        compared.old.clone(),
        compared.new.clone(),
        text(Ui::ColumnChange {}),
        text(Ui::ColumnN {}),
    ]);
    let rows: Vec<Vec<String>> = listed
        .iter()
        .map(|c| {
            let (old, new, change) = shown_pair(c);
            let mut row = vec![c.key.clone()];
            if compared.by_round {
                row.push(c.round.clone().unwrap_or_default());
            }
            row.extend([registry.label(&c.key), old, new, change, shown_n(c)]);
            row
        })
        .collect();
    let columns = header.len();
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| width(&r[i]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    // The numbers (old, new, change, n) right-aligned.
    let numeric = |i: usize| i + 4 >= columns;
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if numeric(i) {
                    pad_left(cell, widths[i])
                } else {
                    pad(cell, widths[i])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// `key,name,old,new,change,unit` (with `round` after `key` when every
/// round is compared): values as `compute --format csv` writes them (rates
/// as fractions), the change in points for a rate.
fn csv(compared: &Compared, listed: &[&Change], registry: &Registry) -> String {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header = vec!["key"];
    if compared.by_round {
        header.push("round");
    }
    header.extend(["name", "old", "new", "change", "unit"]);
    let _ = writer.write_record(&header);
    for c in listed {
        let mut row = vec![csv_safe(&c.key)];
        if compared.by_round {
            row.push(csv_safe(c.round.as_deref().unwrap_or("")));
        }
        row.extend([
            csv_safe(&registry.label(&c.key)),
            csv_number(c.old.as_ref().and_then(|i| i.value)),
            csv_number(c.new.as_ref().and_then(|i| i.value)),
            csv_number(c.change()),
            csv_safe(c.unit()),
        ]);
        let _ = writer.write_record(&row);
    }
    writer
        .into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

fn to_json(compared: &Compared, listed: &[&Change], registry: &Registry) -> String {
    let side = |i: &Option<Indicator>, f: fn(&Indicator) -> Option<f64>| match i {
        Some(i) => json_number(f(i)),
        None => Value::Null,
    };
    let figures: Vec<Value> = listed
        .iter()
        .map(|c| {
            let mut row = json!({
                "key": c.key,
                "name": registry.label(&c.key),
                "unit": c.unit(),
                "old": side(&c.old, |i| i.value),
                "new": side(&c.new, |i| i.value),
                "change": json_number(c.change()),
                "old_n": side(&c.old, |i| i.denominator),
                "new_n": side(&c.new, |i| i.denominator),
                "in_old": c.old.is_some(),
                "in_new": c.new.is_some(),
            });
            if let Some(r) = &c.round {
                row["round"] = Value::String(r.clone());
            }
            row
        })
        .collect();
    let doc = json!({
        "old": compared.old,
        "new": compared.new,
        "compared": compared.changes.len(),
        "differ": compared.changes.iter().filter(|c| c.differs()).count(),
        "figures": figures,
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(key: &str, round: &str, value: Option<f64>, unit: &str) -> Indicator {
        Indicator {
            key: key.into(),
            round: round.into(),
            value,
            numerator: None,
            denominator: Some(10.0),
            unit: unit.into(),
        }
    }

    #[test]
    fn float_noise_is_no_difference() {
        let old = [figure("a", "R6", Some(0.1 + 0.2), UNIT_RATIO)];
        let new = [figure("a", "R7", Some(0.3), UNIT_RATIO)];
        let changes = compare(&old, &new, false);
        assert_eq!(changes.len(), 1);
        assert!(!changes[0].differs());
    }

    #[test]
    fn rates_change_in_points_and_one_side_figures_are_listed() {
        let old = [
            figure("a", "R6", Some(0.104), UNIT_RATIO),
            figure("gone", "R6", Some(3.0), "名"),
        ];
        let new = [
            figure("a", "R7", Some(0.125), UNIT_RATIO),
            figure("b", "R7", Some(5.0), "名"),
        ];
        let changes = compare(&old, &new, false);
        let keys: Vec<&str> = changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "gone"]);
        assert_eq!(changes[0].change(), Some(2.1));
        assert_eq!(
            shown_pair(&changes[0]),
            ("10.4%".into(), "12.5%".into(), "+2.1pt".into())
        );
        assert!(changes[1].differs() && changes[1].old.is_none());
        assert!(changes[2].differs() && changes[2].new.is_none());
        assert_eq!(shown_pair(&changes[1]).2, "");
    }

    #[test]
    fn a_bad_saved_file_names_its_line_and_column() {
        let Err(e) = parse_saved(
            b"{\n  \"round\": \"R7\",\n  \"indicators\": [1]\n}",
            "old.json",
        ) else {
            panic!("parsed")
        };
        assert_eq!(
            e.0.line(crate::diag::Lang::En),
            "old.json:3:18: E0041: saved indicator table \"old.json\" is JSON but not an indicator table: invalid type: integer `1`, expected struct SavedRow; expected {\"round\", \"indicators\": [{key, round, value, numerator, denominator, unit}, …]}"
        );
        let Err(e) = parse_saved(b"key,round\n", "old.csv") else {
            panic!("parsed")
        };
        let line = e.0.line(crate::diag::Lang::En);
        assert!(line.starts_with("old.csv:1:1: E0040: "), "{line}");
    }
}
