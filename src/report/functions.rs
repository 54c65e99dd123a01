//! The template functions: figures and charts looked up from the indicator
//! table by key, so a KPI's partial needs no Rust of its own.
//!
//! - `fmt(key, round=current, unit=false)`: the display string (`3,198`, `20.7%`, `-`)
//! - `val(key, round=current)`: the number, or null
//! - `has(key, round=current)`: whether the figure exists
//! - `den(key, round=current)`: a rate's denominator (rounds in a mean), or null
//! - `chart_rounds(title, keys, names, kind="line"|"bar", percent=false, unit="", means=[], mean_names=[], rounds=all)`
//! - `chart_groups(title, categories, keys, rounds=[current], percent=false, unit="")`: one bar
//!   per category (its key), one series per round
//! - `chart_stacked(title, labels, rounds, keys=[[...], …], segments)`: one 100 % bar per label
//! - `shade(value, max)`: a CSS background for a cell of a shaded table
//! - filter `ja_date`: `2025-12-19` → `2025年12月19日`
//!
//! Every chart function also takes `width` (px; about 470 for one of two
//! charts side by side).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tera::{Tera, Value};

use crate::indicator::Indicator;
use crate::report::charts::{self, Axis, Options, Series};
use crate::report::format;

pub type Lookup = BTreeMap<(String, String), Indicator>;

fn arg_str(args: &HashMap<String, Value>, name: &str) -> Option<String> {
    args.get(name).and_then(|v| v.as_str()).map(str::to_string)
}

fn arg_bool(args: &HashMap<String, Value>, name: &str) -> bool {
    args.get(name).and_then(Value::as_bool).unwrap_or(false)
}

fn arg_strings(args: &HashMap<String, Value>, name: &str) -> Vec<String> {
    args.get(name)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn required(args: &HashMap<String, Value>, name: &str, function: &str) -> tera::Result<String> {
    arg_str(args, name).ok_or_else(|| tera::Error::msg(format!("{function}: missing `{name}`")))
}

/// `width` in px: about 470 for one of two charts side by side, else the
/// full-width default, so that the chart's text keeps its printed size.
fn options(args: &HashMap<String, Value>) -> Options {
    match args.get("width").and_then(Value::as_u64) {
        Some(width) => Options {
            width: width as u32,
        },
        None => Options::default(),
    }
}

fn axis(args: &HashMap<String, Value>) -> Axis {
    if arg_bool(args, "percent") {
        Axis::Percent
    } else {
        Axis::Number {
            unit: arg_str(args, "unit").unwrap_or_default(),
        }
    }
}

/// `2025-12-19` → `2025年12月19日`; other text is left as it is.
fn ja_date(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value.as_str().unwrap_or_default();
    Ok(Value::String(
        match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => {
                use chrono::Datelike;
                format!("{}年{}月{}日", d.year(), d.month(), d.day())
            }
            Err(_) => text.to_string(),
        },
    ))
}

pub fn register(tera: &mut Tera, lookup: Arc<Lookup>, current: &str) {
    tera.register_filter("ja_date", ja_date);
    let rounds: Vec<String> = {
        let mut seen: Vec<(i32, String)> = Vec::new();
        for (_, round) in lookup.keys() {
            if let Ok(year) = crate::fiscal::parse_fiscal_year(round) {
                if !seen.iter().any(|(_, r)| r == round) {
                    seen.push((year, round.clone()));
                }
            }
        }
        seen.sort();
        seen.into_iter().map(|(_, r)| r).collect()
    };
    let value_of = {
        let lookup = lookup.clone();
        move |key: &str, round: &str| {
            lookup
                .get(&(key.to_string(), round.to_string()))
                .and_then(|i| i.value)
        }
    };

    {
        let lookup = lookup.clone();
        let current = current.to_string();
        tera.register_function("fmt", move |args: &HashMap<String, Value>| {
            let key = required(args, "key", "fmt")?;
            let round = arg_str(args, "round").unwrap_or_else(|| current.clone());
            Ok(Value::String(match lookup.get(&(key, round)) {
                Some(i) => format::display(i, arg_bool(args, "unit")),
                None => "-".to_string(),
            }))
        });
    }
    {
        let value_of = value_of.clone();
        let current = current.to_string();
        tera.register_function("val", move |args: &HashMap<String, Value>| {
            let key = required(args, "key", "val")?;
            let round = arg_str(args, "round").unwrap_or_else(|| current.clone());
            Ok(value_of(&key, &round)
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .unwrap_or(Value::Null))
        });
    }
    {
        let lookup = lookup.clone();
        let current = current.to_string();
        tera.register_function("den", move |args: &HashMap<String, Value>| {
            let key = required(args, "key", "den")?;
            let round = arg_str(args, "round").unwrap_or_else(|| current.clone());
            Ok(lookup
                .get(&(key, round))
                .and_then(|i| i.denominator)
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .unwrap_or(Value::Null))
        });
    }
    {
        let lookup = lookup.clone();
        let current = current.to_string();
        tera.register_function("has", move |args: &HashMap<String, Value>| {
            let key = required(args, "key", "has")?;
            let round = arg_str(args, "round").unwrap_or_else(|| current.clone());
            Ok(Value::Bool(lookup.contains_key(&(key, round))))
        });
    }
    {
        let value_of = value_of.clone();
        let all_rounds = rounds.clone();
        tera.register_function("chart_rounds", move |args: &HashMap<String, Value>| {
            let title = required(args, "title", "chart_rounds")?;
            let keys = arg_strings(args, "keys");
            let names = arg_strings(args, "names");
            let wanted = arg_strings(args, "rounds");
            // Given rounds are kept as they are (a gap shows as a gap, so charts
            // side by side share their years); otherwise only the rounds that
            // have at least one of the figures.
            let categories: Vec<String> = if wanted.is_empty() {
                all_rounds
                    .iter()
                    .filter(|r| keys.iter().any(|k| value_of(k, r).is_some()))
                    .cloned()
                    .collect()
            } else {
                wanted
            };
            let series: Vec<Series> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| Series {
                    name: names.get(i).cloned().unwrap_or_else(|| k.clone()),
                    values: categories.iter().map(|r| value_of(k, r)).collect(),
                })
                .collect();
            let current_round = categories.last().cloned().unwrap_or_default();
            let means: Vec<(String, f64)> = arg_strings(args, "means")
                .iter()
                .zip(arg_strings(args, "mean_names"))
                .filter_map(|(k, name)| value_of(k, &current_round).map(|v| (name, v)))
                .collect();
            let svg = match arg_str(args, "kind").as_deref() {
                Some("bar") => charts::bar_chart_with(
                    &title,
                    &categories,
                    &series,
                    &axis(args),
                    &options(args),
                ),
                _ => charts::line_chart_with(
                    &title,
                    &categories,
                    &series,
                    &axis(args),
                    &means,
                    &options(args),
                ),
            };
            Ok(Value::String(svg))
        });
    }
    {
        let value_of = value_of.clone();
        let current = current.to_string();
        tera.register_function("chart_groups", move |args: &HashMap<String, Value>| {
            let title = required(args, "title", "chart_groups")?;
            let categories = arg_strings(args, "categories");
            let keys = arg_strings(args, "keys");
            let mut rounds = arg_strings(args, "rounds");
            if rounds.is_empty() {
                rounds.push(current.clone());
            }
            // One series per round, one bar per category's key.
            let series: Vec<Series> = rounds
                .iter()
                .map(|r| Series {
                    name: r.clone(),
                    values: keys.iter().map(|k| value_of(k, r)).collect(),
                })
                .collect();
            Ok(Value::String(charts::bar_chart_with(
                &title,
                &categories,
                &series,
                &axis(args),
                &options(args),
            )))
        });
    }
    {
        let value_of = value_of.clone();
        let current = current.to_string();
        tera.register_function("chart_stacked", move |args: &HashMap<String, Value>| {
            let title = required(args, "title", "chart_stacked")?;
            let segments = arg_strings(args, "segments");
            let labels = arg_strings(args, "labels");
            let rounds = arg_strings(args, "rounds");
            let keys: Vec<Vec<String>> = args
                .get("keys")
                .and_then(Value::as_array)
                .map(|rows| {
                    rows.iter()
                        .map(|row| {
                            row.as_array()
                                .map(|a| {
                                    a.iter()
                                        .filter_map(|v| v.as_str().map(str::to_string))
                                        .collect()
                                })
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .unwrap_or_default();
            let rows: Vec<(String, Vec<f64>)> = labels
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let round = rounds.get(i).unwrap_or(&current);
                    let shares = keys
                        .get(i)
                        .map(|ks| {
                            ks.iter()
                                .map(|k| value_of(k, round).unwrap_or(0.0))
                                .collect()
                        })
                        .unwrap_or_default();
                    (label.clone(), shares)
                })
                .collect();
            Ok(Value::String(charts::stacked_100_with(
                &title,
                &rows,
                &segments,
                &options(args),
            )))
        });
    }
    tera.register_function("shade", |args: &HashMap<String, Value>| {
        let value = args.get("value").and_then(Value::as_f64).unwrap_or(0.0);
        let max = args.get("max").and_then(Value::as_f64).unwrap_or(0.0);
        let alpha = if max > 0.0 && value > 0.0 {
            0.12 + 0.68 * (value / max).min(1.0)
        } else {
            0.0
        };
        Ok(Value::String(format!(
            "background-color: rgba(31, 78, 140, {alpha:.2}); color: {}",
            if alpha > 0.5 { "#fff" } else { "inherit" }
        )))
    });
}
