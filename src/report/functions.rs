//! The template functions: figures and charts looked up from the indicator
//! table by key, so a KPI's partial needs no Rust of its own.
//!
//! - `fmt(key, round=current, unit=false, n=false)`: the display string (`3,198`,
//!   `20.7%`, `-`); with `n`, a rate carries its n (`10.4% (11/106社)`)
//! - `val(key, round=current)`: the number, or null
//! - `has(key, round=current)`: whether the figure exists
//! - `den(key, round=current)`: a rate's denominator (rounds in a mean), or null
//! - `chart_rounds(title, keys, names, kind="line"|"bar", percent=false, unit="", means=[], mean_names=[], rounds=all)`
//! - `chart_groups(title, categories, keys, rounds=[current], percent=false, unit="")`: one bar
//!   per category (its key), one series per round
//! - `chart_stacked(title, labels, rounds, keys=[[...], …], segments, scale="categorical"|"sequential"|"diverging:K")`:
//!   one 100 % bar per label, its n beside the label; ordinal answers in a
//!   sequential or diverging palette
//! - `trend(key)`: ▲ ▼ → between the previous and the current round, at
//!   display precision
//! - `shade(value, max)`: a CSS background for a cell of a shaded table
//! - filter `ja_date`: `2025-12-19` → `2025年12月19日`; `ja_date(era=true)`:
//!   `令和7年12月19日`
//! - filter `num`: `2738` → `2,738`
//!
//! A key mdkpi cannot compute (not in [`crate::kpi::known_keys`]) is an
//! error naming it, so a misspelt key fails the report and the tests; a
//! known key without a figure in a round shows as `-` (or null, false).
//!
//! Every chart function also takes `width` (px; about 470 for one of two
//! charts side by side), `y_max` (a shared scale for charts compared side by
//! side), `decimals` (value labels of a number axis) and `plot_height` (px,
//! for small multiples). `chart_groups` draws
//! each round in its report-wide colour.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use tera::{Tera, Value};

use crate::registry::Registry;
use crate::report::charts::{self, Axis, Options, Series};
use crate::report::{format, small};

pub use crate::indicator::Lookup;

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

/// The indicator keys mdkpi can compute.
pub type Known = BTreeSet<String>;

/// Err naming the first of `keys` that mdkpi cannot compute.
fn known<'a>(
    known: &Known,
    function: &str,
    keys: impl IntoIterator<Item = &'a String>,
) -> tera::Result<()> {
    match keys.into_iter().find(|k| !known.contains(*k)) {
        Some(k) => Err(tera::Error::msg(format!(
            "{function}: unknown indicator key \"{k}\""
        ))),
        None => Ok(()),
    }
}

/// The `key` argument, which must name an indicator mdkpi can compute;
/// or a registry family and its dimensions' values
/// (`family="kpi6.{area}.topics", area=a`), so templates build no keys of
/// their own.
fn key_arg(
    args: &HashMap<String, Value>,
    known_keys: &Known,
    function: &str,
) -> tera::Result<String> {
    let key = match arg_str(args, "family") {
        Some(family) => family_key(&family, args, function)?,
        None => required(args, "key", function)?,
    };
    known(known_keys, function, [&key])?;
    Ok(key)
}

/// A template argument as text (`loop.index` is a number).
fn arg_text(args: &HashMap<String, Value>, name: &str) -> Option<String> {
    match args.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The key of registry family `family` at the values given in `args`.
fn family_key(family: &str, args: &HashMap<String, Value>, function: &str) -> tera::Result<String> {
    Registry::builtin()
        .key_of(family, &|dim| arg_text(args, dim))
        .ok_or_else(|| {
            tera::Error::msg(format!(
                "{function}: family \"{family}\" has no key at the values given"
            ))
        })
}

/// `width` in px: about 470 for one of two charts side by side, else the
/// full-width default, so that the chart's text keeps its printed size.
/// `y_max`: the y axis reaches at least this (charts compared side by side
/// share a scale); `decimals`: value labels of a number axis at this
/// precision.
fn options(args: &HashMap<String, Value>) -> Options {
    let default = Options::default();
    Options {
        width: args
            .get("width")
            .and_then(Value::as_u64)
            .map_or(default.width, |w| w as u32),
        y_max: args.get("y_max").and_then(Value::as_f64),
        decimals: args
            .get("decimals")
            .and_then(Value::as_u64)
            .map(|d| d as usize),
        plot_height: args.get("plot_height").and_then(Value::as_f64),
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

/// `2025-12-19` → `2025年12月19日`; with `era=true` any date form the
/// inputs accept → `令和7年12月19日` (the cover's date, SPEC §18); other
/// text is left as it is.
fn ja_date(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value.as_str().unwrap_or_default();
    if arg_bool(args, "era") {
        return Ok(Value::String(match crate::fiscal::parse_date_text(text) {
            Ok(p) if !p.partial => crate::fiscal::era_date(p.date),
            _ => text.to_string(),
        }));
    }
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

/// A number with thousands separators, half-up to an integer: 2738 → `2,738`.
fn num(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(Value::String(match value.as_f64() {
        Some(v) => format::group_digits(v, 0),
        None => "-".to_string(),
    }))
}

/// The run's indicator registry (the built-in one, or extended by declared
/// indicators).
pub type Names = Arc<std::borrow::Cow<'static, Registry>>;

pub fn register(
    tera: &mut Tera,
    lookup: Arc<Lookup>,
    known_keys: Arc<Known>,
    registry: Names,
    current: &str,
) {
    // The keys of a registry family in its order, the dimensions given in
    // the arguments held (`keys(family="kpi6.{area}.stage_up_rate{all}",
    // all="")`), for a chart or table over the family.
    tera.register_function("keys", |args: &HashMap<String, Value>| {
        let family = required(args, "family", "keys")?;
        let keys = Registry::builtin().family_keys(&family, &|dim| arg_text(args, dim));
        if keys.is_empty() {
            return Err(tera::Error::msg(format!(
                "keys: family \"{family}\" has no key at the values given"
            )));
        }
        Ok(Value::Array(keys.into_iter().map(Value::String).collect()))
    });
    tera.register_filter("ja_date", ja_date);
    tera.register_filter("num", num);
    let rounds: Vec<String> = small::rounds_of(&lookup);
    // Whether a figure is printed with the small-sample mark (one rule,
    // [`small::Samples`], for every template).
    let small_at = {
        let lookup = lookup.clone();
        let registry = registry.clone();
        let rounds = rounds.clone();
        Arc::new(move |key: &str, round: &str| {
            small::Samples {
                registry: &registry,
                lookup: &lookup,
                rounds: &rounds,
            }
            .is_small_at(key, round)
        })
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
        let registry = registry.clone();
        let lookup = lookup.clone();
        let current = current.to_string();
        let known_keys = known_keys.clone();
        let rounds = rounds.clone();
        tera.register_function("fmt", move |args: &HashMap<String, Value>| {
            let key = key_arg(args, &known_keys, "fmt")?;
            let round = arg_str(args, "round").unwrap_or_else(|| current.clone());
            let samples = small::Samples {
                registry: &registry,
                lookup: &lookup,
                rounds: &rounds,
            };
            Ok(Value::String(match lookup.get(&(key, round)) {
                Some(i) => samples.show(i, arg_bool(args, "unit"), arg_bool(args, "n")),
                None => "-".to_string(),
            }))
        });
    }
    {
        let value_of = value_of.clone();
        let current = current.to_string();
        let known_keys = known_keys.clone();
        tera.register_function("val", move |args: &HashMap<String, Value>| {
            let key = key_arg(args, &known_keys, "val")?;
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
        let known_keys = known_keys.clone();
        tera.register_function("den", move |args: &HashMap<String, Value>| {
            let key = key_arg(args, &known_keys, "den")?;
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
        let known_keys = known_keys.clone();
        tera.register_function("has", move |args: &HashMap<String, Value>| {
            let key = key_arg(args, &known_keys, "has")?;
            let round = arg_str(args, "round").unwrap_or_else(|| current.clone());
            Ok(Value::Bool(lookup.contains_key(&(key, round))))
        });
    }
    {
        let registry = registry.clone();
        let small_at = small_at.clone();
        let value_of = value_of.clone();
        let lookup = lookup.clone();
        let all_rounds = rounds.clone();
        let known_keys = known_keys.clone();
        tera.register_function("chart_rounds", move |args: &HashMap<String, Value>| {
            let title = required(args, "title", "chart_rounds")?;
            let keys = arg_strings(args, "keys");
            known(
                &known_keys,
                "chart_rounds",
                keys.iter().chain(&arg_strings(args, "means")),
            )?;
            // Chart files and slides name the chart by its first key.
            let _named = charts::collect::Named::new(keys.first().map_or("", String::as_str));
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
            // Rates of one population: the round's n under its label (SPEC
            // §15: `R7 (n=106社)`); series of different populations have
            // theirs in the table beside the chart.
            let labels: Vec<String> = categories
                .iter()
                .map(|r| {
                    let dens: Vec<(f64, &str)> = keys
                        .iter()
                        .filter_map(|k| lookup.get(&(k.clone(), r.clone())))
                        .filter(|i| {
                            i.unit == crate::indicator::UNIT_RATIO && !i.key.ends_with("_mean4")
                        })
                        .filter_map(|i| i.denominator.map(|d| (d, registry.counted_unit(&i.key))))
                        .collect();
                    let mark = if keys.iter().any(|k| small_at(k, r)) {
                        small::MARK
                    } else {
                        ""
                    };
                    match dens.first() {
                        Some((d, unit))
                            if dens.len() == keys.len() && dens.iter().all(|(e, _)| e == d) =>
                        {
                            format!("{r}{mark}\n(n={}{unit})", format::group_digits(*d, 0))
                        }
                        _ => format!("{r}{mark}"),
                    }
                })
                .collect();
            let means: Vec<(String, f64)> = arg_strings(args, "means")
                .iter()
                .zip(arg_strings(args, "mean_names"))
                .filter_map(|(k, name)| {
                    let mark = if small_at(k, &current_round) {
                        small::MARK
                    } else {
                        ""
                    };
                    value_of(k, &current_round).map(|v| (format!("{name}{mark}"), v))
                })
                .collect();
            // Means (per station, per course) show one decimal under 10
            // (SPEC §18): the chart's value labels take one decimal when
            // any of its means is under 10.
            let mut options = options(args);
            let all_means = keys.iter().all(|k| {
                categories.iter().all(|r| {
                    lookup
                        .get(&(k.clone(), r.clone()))
                        .is_none_or(format::is_mean)
                })
            });
            if all_means
                && keys.iter().any(|k| {
                    categories.iter().any(|r| {
                        value_of(k, r).is_some_and(|v| crate::numfmt::mean_decimals(v) == 1)
                    })
                })
            {
                options.decimals = Some(1);
            }
            let svg = match arg_str(args, "kind").as_deref() {
                // One figure over rounds: each bar in its round's colour.
                Some("bar") if series.len() == 1 => {
                    let colors = categories
                        .iter()
                        .map(|r| {
                            let i = all_rounds.iter().position(|a| a == r).unwrap_or(0);
                            charts::round_color(i, all_rounds.len())
                        })
                        .collect();
                    charts::with_palette(colors, || {
                        charts::bar_chart_with(&title, &labels, &series, &axis(args), &options)
                    })
                }
                Some("bar") => {
                    charts::bar_chart_with(&title, &labels, &series, &axis(args), &options)
                }
                _ => {
                    charts::line_chart_with(&title, &labels, &series, &axis(args), &means, &options)
                }
            };
            Ok(Value::String(svg))
        });
    }
    {
        let small_at = small_at.clone();
        let value_of = value_of.clone();
        let current = current.to_string();
        let all_rounds = rounds.clone();
        let known_keys = known_keys.clone();
        tera.register_function("chart_groups", move |args: &HashMap<String, Value>| {
            let title = required(args, "title", "chart_groups")?;
            let categories = arg_strings(args, "categories");
            let keys = arg_strings(args, "keys");
            known(&known_keys, "chart_groups", &keys)?;
            let _named = charts::collect::Named::new(keys.first().map_or("", String::as_str));
            let mut rounds = arg_strings(args, "rounds");
            if rounds.is_empty() {
                rounds.push(current.clone());
            }
            // One series per round, one bar per category's key, each round in
            // its own colour of the report (the latest the strongest).
            let series: Vec<Series> = rounds
                .iter()
                .map(|r| Series {
                    name: r.clone(),
                    values: keys.iter().map(|k| value_of(k, r)).collect(),
                })
                .collect();
            // A category whose figure has a small sample in a round shown.
            let categories: Vec<String> = categories
                .iter()
                .enumerate()
                .map(|(i, c)| match keys.get(i) {
                    Some(k) if rounds.iter().any(|r| small_at(k, r)) => {
                        format!("{c}{}", small::MARK)
                    }
                    _ => c.clone(),
                })
                .collect();
            let colors = rounds
                .iter()
                .map(|r| {
                    let i = all_rounds.iter().position(|a| a == r).unwrap_or(0);
                    charts::round_color(i, all_rounds.len())
                })
                .collect();
            Ok(Value::String(charts::with_palette(colors, || {
                charts::bar_chart_with(&title, &categories, &series, &axis(args), &options(args))
            })))
        });
    }
    {
        let small_at = small_at.clone();
        let value_of = value_of.clone();
        let lookup = lookup.clone();
        let current = current.to_string();
        let known_keys = known_keys.clone();
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
            known(&known_keys, "chart_stacked", keys.iter().flatten())?;
            let _named = charts::collect::Named::new(
                keys.iter().flatten().next().map_or("", String::as_str),
            );
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
                    // The row's n: the denominator of its shares (SPEC §15).
                    let n = keys
                        .get(i)
                        .and_then(|ks| ks.first())
                        .and_then(|k| lookup.get(&(k.clone(), round.clone())))
                        .and_then(|ind| ind.denominator);
                    let mark = if keys
                        .get(i)
                        .is_some_and(|ks| ks.iter().any(|k| small_at(k, round)))
                    {
                        small::MARK
                    } else {
                        ""
                    };
                    let label = match n {
                        Some(n) => format!("{label} (n={}){mark}", format::group_digits(n, 0)),
                        None => format!("{label}{mark}"),
                    };
                    (label, shares)
                })
                .collect();
            let scale = charts::AnswerScale::parse(&arg_str(args, "scale").unwrap_or_default());
            // 未回答 is the last segment and keeps its grey (by name).
            let answers = segments.len().saturating_sub(1);
            let draw = || charts::stacked_100_with(&title, &rows, &segments, &options(args));
            Ok(Value::String(match scale.colors(answers) {
                Some(colors) => charts::with_palette(colors, draw),
                None => draw(),
            }))
        });
    }
    {
        // The round before the current one, for trend marks.
        let previous = rounds
            .iter()
            .position(|r| r == current)
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| rounds.get(i))
            .cloned();
        let lookup = lookup.clone();
        let current = current.to_string();
        let known_keys = known_keys.clone();
        tera.register_function("trend", move |args: &HashMap<String, Value>| {
            let key = key_arg(args, &known_keys, "trend")?;
            let shown = |round: &str| {
                lookup
                    .get(&(key.clone(), round.to_string()))
                    .map(|i| format::display(i, false))
            };
            let mark = match &previous {
                Some(p) => crate::report::summary::trend_of(
                    shown(p).as_deref(),
                    shown(&current).as_deref(),
                ),
                None => "",
            };
            Ok(Value::String(mark.to_string()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Indicator;

    /// Renders `template` over a table of one figure, `kpi1.sites` of R7
    /// (`kpi1.participants` is known but has no figure).
    fn render(template: &str) -> tera::Result<String> {
        let mut lookup = Lookup::new();
        lookup.insert(
            ("kpi1.sites".into(), "R7".into()),
            Indicator {
                key: "kpi1.sites".into(),
                round: "R7".into(),
                value: Some(16.0),
                numerator: None,
                denominator: None,
                unit: "拠点".into(),
            },
        );
        let known: Known = ["kpi1.sites", "kpi1.participants"]
            .map(String::from)
            .into_iter()
            .collect();
        let mut tera = engine(lookup, known);
        tera.add_raw_template("t", template)?;
        tera.render("t", &tera::Context::new())
    }

    /// A Tera with the report's functions over `lookup`, current round R7.
    fn engine(lookup: Lookup, known: Known) -> Tera {
        let mut tera = Tera::default();
        register(
            &mut tera,
            Arc::new(lookup),
            Arc::new(known),
            Arc::new(std::borrow::Cow::Borrowed(Registry::builtin())),
            "R7",
        );
        tera
    }

    /// SPEC §18: the small-sample mark where a template prints a rate:
    /// `fmt` and a chart's round label.
    #[test]
    fn a_rate_over_fewer_than_ten_records_is_marked_in_fmt_and_chart_labels() {
        let rate = |round: &str, n: f64, d: f64| Indicator {
            key: "kpi2.venture_product_rate".into(),
            round: round.into(),
            value: Some(n / d),
            numerator: Some(n),
            denominator: Some(d),
            unit: "ratio".into(),
        };
        let lookup: Lookup = [rate("R6", 8.0, 12.0), rate("R7", 7.0, 8.0)]
            .into_iter()
            .map(|i| ((i.key.clone(), i.round.clone()), i))
            .collect();
        let known: Known = ["kpi2.venture_product_rate".to_string()].into();
        let tera = engine(lookup, known);
        let render = |template: &str| {
            let mut tera = tera.clone();
            tera.add_raw_template("t", template).unwrap();
            tera.render("t", &tera::Context::new()).unwrap()
        };
        assert_eq!(
            render(
                r#"{{ fmt(key="kpi2.venture_product_rate", n=true) }}|{{ fmt(key="kpi2.venture_product_rate", round="R6", n=true) }}"#
            ),
            "87.5%† (7/8社)|66.7% (8/12社)"
        );
        let svg = render(
            r#"{{ chart_rounds(title="t", keys=["kpi2.venture_product_rate"], names=["v"], percent=true) }}"#,
        );
        assert!(svg.contains(">\nR7†\n<"), "{svg}");
        assert!(svg.contains(">\nR6\n<"), "{svg}");
    }

    #[test]
    fn a_known_key_without_a_figure_shows_a_dash() {
        assert_eq!(render(r#"{{ fmt(key="kpi1.sites") }}"#).unwrap(), "16");
        assert_eq!(
            render(r#"{{ fmt(key="kpi1.participants") }}"#).unwrap(),
            "-"
        );
        assert_eq!(
            render(r#"{{ has(key="kpi1.participants") }} {{ val(key="kpi1.sites", round="R6") }}"#)
                .unwrap(),
            "false "
        );
    }

    #[test]
    fn an_unknown_key_fails_the_rendering_naming_the_key() {
        for template in [
            r#"{{ fmt(key="kpi1.site") }}"#,
            r#"{{ val(key="kpi1.site") }}"#,
            r#"{{ has(key="kpi1.site") }}"#,
            r#"{{ den(key="kpi1.site") }}"#,
            r#"{{ trend(key="kpi1.site") }}"#,
            r#"{{ chart_rounds(title="t", keys=["kpi1.sites", "kpi1.site"]) }}"#,
            r#"{{ chart_rounds(title="t", keys=["kpi1.sites"], means=["kpi1.site"], mean_names=["m"]) }}"#,
            r#"{{ chart_groups(title="t", categories=["a"], keys=["kpi1.site"]) }}"#,
            r#"{% set k = ["kpi1.site"] %}{{ chart_stacked(title="t", labels=["a"], rounds=["R7"], keys=[k], segments=["x"]) }}"#,
        ] {
            let error = crate::report::error_chain(&render(template).expect_err(template));
            assert!(
                error.contains(r#"unknown indicator key "kpi1.site""#),
                "{template}: {error}"
            );
        }
    }
}
