//! `mdkpi explain KEY`: print the records behind one figure (SPEC §13),
//! for people (a table, the totals at the foot) or as JSON.

use std::fmt::Write;
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::diag::ui::Ui;
use crate::diag::Outcome;
use crate::diag::{List, Msg, Near};
use crate::fiscal::format_number;
use crate::indicator::{json_number, Indicator};
use crate::model::explain::{explain, Explanation};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

pub fn run(data: &Path, shown: &str, key: &str, wanted: Option<&str>, format: Format) -> Outcome {
    // A follow-up figure's round is the fiscal year it reports, not a
    // survey round: it is found among every round's sheets.
    let followup = crate::kpi::is_followup(key);
    let load_upto = if followup { None } else { wanted };
    let (rounds, folder, diags) = match crate::compute::load(data, shown, load_upto) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let indicators = match crate::kpi::compute_all(&rounds, &folder.declared) {
        Ok(i) => i,
        Err(e) => {
            return Outcome::data_error(Msg::Internal {
                detail: e.to_string(),
            })
        }
    };
    let known = crate::kpi::known_keys(&indicators);
    if !known.contains(key) {
        let nearest = nearest(key, known.iter().map(String::as_str));
        return Outcome::usage(Msg::UnknownIndicatorKey {
            key: key.to_string(),
            near: Near::Semi(nearest.iter().map(|s| s.to_string()).collect()),
        });
    }
    let round = if followup {
        match wanted.map(crate::fiscal::parse_fiscal_year) {
            Some(Ok(year)) => Some(crate::fiscal::short_era_label(year)),
            Some(Err(e)) => {
                return Outcome::usage(Msg::RoundOption {
                    problem: Box::new(e),
                })
            }
            None => indicators
                .iter()
                .rfind(|i| i.key == key)
                .map(|i| i.round.clone()),
        }
    } else {
        rounds.last().map(|r| r.round.config.label.clone())
    };
    let Some(round) = round else {
        return Outcome::data_error(Msg::NoFigureAnywhere {
            key: key.to_string(),
        });
    };
    let defs = crate::kpi::definitions(&rounds, &folder.declared);
    let explanation = match explain(&defs, &rounds, &indicators, key, &round) {
        Ok(Some(e)) => e,
        Ok(None) => {
            let has: Vec<&str> = indicators
                .iter()
                .filter(|i| i.key == key)
                .map(|i| i.round.as_str())
                .collect();
            return Outcome::data_error(if has.is_empty() {
                Msg::NoFigureInAnyRound {
                    key: key.to_string(),
                    round: round.to_string(),
                }
            } else {
                Msg::NoFigureForRound {
                    key: key.to_string(),
                    round: round.to_string(),
                    has: List::of(has),
                }
            });
        }
        Err(e) => {
            return Outcome::data_error(Msg::ExplainInternal {
                key: key.to_string(),
                detail: e.to_string(),
            })
        }
    };
    let mut stderr = String::new();
    for w in diags.warning_strings() {
        let _ = writeln!(stderr, "{w}");
    }
    let stdout = match format {
        Format::Json => to_json(&explanation),
        Format::Table => to_table(&explanation),
    };
    Outcome {
        stdout,
        stderr,
        code: 0,
    }
}

/// The up to five keys closest to `key` (edit distance, then name order).
pub(crate) fn nearest<'a>(key: &str, known: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = known.map(|k| (distance(key, k), k)).collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, k)| k).collect()
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

fn to_json(e: &Explanation) -> String {
    let f = &e.figure;
    let records: Vec<Value> = e
        .records
        .iter()
        .map(|r| {
            let fields: Map<String, Value> = r
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            json!({
                "source": r.source,
                "fields": fields,
                "num": json_number(Some(r.num)),
                "den": json_number(Some(r.den)),
                "reason": r.reason,
            })
        })
        .collect();
    let figures: Vec<Value> = e
        .figures
        .iter()
        .map(|i| json!({"key": i.key, "round": i.round, "value": json_number(i.value)}))
        .collect();
    let mut doc = json!({
        "key": f.key,
        "round": f.round,
        "value": json_number(f.value),
        "numerator": json_number(f.numerator),
        "denominator": json_number(f.denominator),
        "unit": f.unit,
        "correction": json_number(Some(e.correction)),
        "records": records,
    });
    if !figures.is_empty() {
        doc["figures"] = Value::Array(figures);
    }
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// A figure's value as the report shows it.
fn value(i: &Indicator) -> String {
    crate::format::display(i, true)
}

/// A numerator or denominator, to four decimals (a sum of rates is not whole).
fn amount(v: f64) -> String {
    format_number((v * 10_000.0).round() / 10_000.0)
}

fn to_table(e: &Explanation) -> String {
    let f = &e.figure;
    let mut out = format!("{} {} = {}", f.key, f.round, value(f));
    if let (Some(n), Some(d)) = (f.numerator, f.denominator) {
        let _ = write!(out, " ({} / {})", amount(n), amount(d));
    }
    out.push('\n');
    if !e.figures.is_empty() {
        out.push_str(&ui(Ui::ComputedFrom {}));
        out.push('\n');
        for i in &e.figures {
            let _ = writeln!(out, "  {} {} = {}", i.key, i.round, value(i));
        }
        return out;
    }
    let has_den = f.denominator.is_some();
    let rows: Vec<[String; 5]> = e
        .records
        .iter()
        .map(|r| {
            let fields: Vec<String> = r.fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
            [
                r.source.clone(),
                fields.join("  "),
                format_number(r.num),
                if has_den {
                    format_number(r.den)
                } else {
                    String::new()
                },
                r.reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = [
        ui(Ui::ColumnSource {}),
        ui(Ui::ColumnRecord {}),
        ui(Ui::ColumnNum {}),
        if has_den {
            ui(Ui::ColumnDen {})
        } else {
            String::new()
        },
        ui(Ui::ColumnReason {}),
    ];
    let width = |c: usize| {
        rows.iter()
            .chain([&header])
            .map(|r| crate::diag::ui::width(&r[c]))
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    for r in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{}  {}  {}  {}  {}",
            pad(&r[0], widths[0], false),
            pad(&r[1], widths[1], false),
            pad(&r[2], widths[2], true),
            pad(&r[3], widths[3], true),
            r[4],
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let num: f64 = e.records.iter().map(|r| r.num).sum();
    let den: f64 = e.records.iter().map(|r| r.den).sum();
    out.push_str(&ui(Ui::ExplainRecords {
        records: e.records.len(),
        num: format_number(num),
    }));
    if e.correction != 1.0 {
        out.push_str(&ui(Ui::ExplainCorrected {
            correction: format_number(e.correction),
            total: format_number(num * e.correction),
        }));
    }
    if has_den {
        out.push_str(&ui(Ui::ExplainDen {
            den: format_number(den),
        }));
    }
    out.push('\n');
    out
}

/// A table text in the run's language.
fn ui(text: Ui) -> String {
    text.text(crate::diag::lang::current())
}

/// Pads to `width` display columns, on the left for numbers.
fn pad(text: &str, width: usize, right: bool) -> String {
    if right {
        crate::diag::ui::pad_left(text, width)
    } else {
        crate::diag::ui::pad(text, width)
    }
}
