//! The charts of one render, collected as they are drawn: each chart's
//! data (kind, categories, series, axis, colours) with the SVG it became,
//! for `report --charts` (one file per chart) and `report --pptx` (native
//! charts with editable data). Nothing is collected outside a [`scope`],
//! so a plain report pays nothing.
//!
//! The collector is thread-local while a template renders (tera calls the
//! chart functions on the rendering thread; KPI pages render on rayon's
//! threads, each inside its own scope of the same collector), and a chart
//! is named by the [`Named`] guard its caller holds (an indicator key).

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use plotters::style::RGBColor;

use super::palette::color_named;
use super::{Axis, Options, Series};

/// What a chart draws, as a native chart of another program would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Grouped vertical bars: one group per category, one bar per series.
    Bar,
    /// One line per series over the categories (rounds).
    Line,
    /// One 100 % horizontal bar per category, one segment per series.
    Stacked,
    /// A drawing with no data (the stage gate): a chart file, and a
    /// picture in the pptx.
    Diagram,
}

/// One chart as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// ASCII, for file names: `kpi2-venture-rate`, or `chart`.
    pub name: String,
    pub kind: Kind,
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub percent: bool,
    /// The number axis' unit (`名`), empty for a percent axis.
    pub unit: String,
    /// Reference lines (name, value): a line chart's means.
    pub means: Vec<(String, f64)>,
    /// Decimals of a number axis' value labels, where fixed.
    pub decimals: Option<usize>,
    /// One colour per series as drawn, `RRGGBB`.
    pub colors: Vec<String>,
    pub svg: String,
}

/// The charts drawn inside [`scope`]s of one render.
#[derive(Debug, Default)]
pub struct Collector {
    charts: Mutex<Vec<Chart>>,
}

impl Collector {
    /// The charts that `html` shows, in the order it shows them (a chart
    /// drawn twice and shown twice is listed twice; one drawn and not
    /// shown is left out).
    pub fn in_order(&self, html: &str) -> Vec<Chart> {
        let charts = self
            .charts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut seen = std::collections::HashSet::new();
        let mut placed: Vec<(usize, &Chart)> = Vec::new();
        for chart in charts.iter() {
            if chart.svg.is_empty() || !seen.insert(chart.svg.as_str()) {
                continue;
            }
            for (at, _) in html.match_indices(chart.svg.as_str()) {
                placed.push((at, chart));
            }
        }
        placed.sort_by_key(|(at, _)| *at);
        placed.into_iter().map(|(_, c)| c.clone()).collect()
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Collector>>> = const { RefCell::new(None) };
    static NAME: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f` with the charts it draws on this thread collected into
/// `collector` (none when `None`).
pub fn scope<T>(collector: Option<&Arc<Collector>>, f: impl FnOnce() -> T) -> T {
    let before = CURRENT.with(|c| c.replace(collector.cloned()));
    let out = f();
    CURRENT.with(|c| *c.borrow_mut() = before);
    out
}

/// Names the charts drawn on this thread while it lives (an indicator key
/// or an id; made ASCII for file names).
pub struct Named(Option<String>);

impl Named {
    pub fn new(name: &str) -> Self {
        Named(NAME.with(|n| n.replace(Some(ascii_name(name)))))
    }
}

impl Drop for Named {
    fn drop(&mut self) {
        let before = self.0.take();
        NAME.with(|n| *n.borrow_mut() = before);
    }
}

/// `kpi2.venture_rate` → `kpi2-venture-rate`: lowercase ASCII letters and
/// digits, anything else one `-`; `chart` when nothing is left.
pub fn ascii_name(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "chart".to_string()
    } else {
        out.chars().take(60).collect()
    }
}

fn hex(c: RGBColor) -> String {
    format!("{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Records a chart when a collector is active (`make` runs only then).
fn record(make: impl FnOnce(String) -> Chart) {
    let Some(collector) = CURRENT.with(|c| c.borrow().clone()) else {
        return;
    };
    let name = NAME
        .with(|n| n.borrow().clone())
        .unwrap_or_else(|| "chart".to_string());
    let chart = make(name);
    let mut charts = collector
        .charts
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    charts.push(chart);
}

fn axis_parts(axis: &Axis) -> (bool, String) {
    match axis {
        Axis::Percent => (true, String::new()),
        Axis::Number { unit } => (false, unit.clone()),
    }
}

fn colors(names: impl Iterator<Item = String>) -> Vec<String> {
    names
        .enumerate()
        .map(|(i, name)| hex(color_named(i, &name)))
        .collect()
}

/// [`super::diagram::stage_gate`], collected as a drawing.
pub fn stage_gate(
    title: &str,
    stages: &[(String, String)],
    goal: &str,
    notes: &[String],
    width: u32,
) -> String {
    let svg = super::diagram::stage_gate(title, stages, goal, notes, width);
    record(|name| Chart {
        name,
        kind: Kind::Diagram,
        title: title.to_string(),
        categories: Vec::new(),
        series: Vec::new(),
        percent: false,
        unit: String::new(),
        means: Vec::new(),
        decimals: None,
        colors: Vec::new(),
        svg: svg.clone(),
    });
    svg
}

/// [`super::bar::bar_chart_with`], collected.
pub fn bar_chart_with(
    title: &str,
    categories: &[String],
    series: &[Series],
    axis: &Axis,
    options: &Options,
) -> String {
    let svg = super::bar::bar_chart_with(title, categories, series, axis, options);
    record(|name| {
        let (percent, unit) = axis_parts(axis);
        Chart {
            name,
            kind: Kind::Bar,
            title: title.to_string(),
            categories: categories.to_vec(),
            series: series.to_vec(),
            percent,
            unit,
            means: Vec::new(),
            decimals: options.decimals,
            colors: colors(series.iter().map(|s| s.name.clone())),
            svg: svg.clone(),
        }
    });
    svg
}

/// [`super::line::line_chart_with`], collected.
pub fn line_chart_with(
    title: &str,
    categories: &[String],
    series: &[Series],
    axis: &Axis,
    reference_lines: &[(String, f64)],
    options: &Options,
) -> String {
    let svg =
        super::line::line_chart_with(title, categories, series, axis, reference_lines, options);
    record(|name| {
        let (percent, unit) = axis_parts(axis);
        Chart {
            name,
            kind: Kind::Line,
            title: title.to_string(),
            categories: categories.to_vec(),
            series: series.to_vec(),
            percent,
            unit,
            means: reference_lines.to_vec(),
            decimals: options.decimals,
            colors: colors(series.iter().map(|s| s.name.clone())),
            svg: svg.clone(),
        }
    });
    svg
}

/// [`super::stacked::stacked_100_with`], collected: the rows are the
/// categories, the segments the series (shares, normalised per row).
pub fn stacked_100_with(
    title: &str,
    rows: &[(String, Vec<f64>)],
    segments: &[String],
    options: &Options,
) -> String {
    let svg = super::stacked::stacked_100_with(title, rows, segments, options);
    record(|name| {
        let series = segments
            .iter()
            .enumerate()
            .map(|(i, segment)| Series {
                name: segment.clone(),
                values: rows
                    .iter()
                    .map(|(_, shares)| {
                        let total: f64 = shares.iter().filter(|v| v.is_finite() && **v > 0.0).sum();
                        let v = shares.get(i).copied().filter(|v| v.is_finite() && *v > 0.0);
                        (total > 0.0).then(|| v.unwrap_or(0.0) / total)
                    })
                    .collect(),
            })
            .collect();
        Chart {
            name,
            kind: Kind::Stacked,
            title: title.to_string(),
            categories: rows.iter().map(|(label, _)| label.clone()).collect(),
            series,
            percent: true,
            unit: String::new(),
            means: Vec::new(),
            decimals: None,
            colors: colors(segments.iter().cloned()),
            svg: svg.clone(),
        }
    });
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_ascii() {
        assert_eq!(ascii_name("kpi2.venture_rate"), "kpi2-venture-rate");
        assert_eq!(ascii_name("KPI 6: 重点分野"), "kpi-6");
        assert_eq!(ascii_name("重点分野"), "chart");
    }

    #[test]
    fn charts_are_collected_in_scope_only_in_the_order_shown() {
        let collector = Arc::new(Collector::default());
        let cats = vec!["R6".to_string(), "R7".to_string()];
        let series = |v: f64| {
            vec![Series {
                name: "a".into(),
                values: vec![Some(v), None],
            }]
        };
        let outside = bar_chart_with(
            "t",
            &cats,
            &series(1.0),
            &Axis::Percent,
            &Options::default(),
        );
        let (first, second) = scope(Some(&collector), || {
            let _n = Named::new("kpi1.sites");
            let first = bar_chart_with(
                "t",
                &cats,
                &series(2.0),
                &Axis::Percent,
                &Options::default(),
            );
            drop(_n);
            let second = line_chart_with(
                "u",
                &cats,
                &series(3.0),
                &Axis::Number { unit: "名".into() },
                &[("平均".into(), 2.5)],
                &Options::default(),
            );
            (first, second)
        });
        let html = format!("<p>{second}</p>{outside}<p>{first}</p>{second}");
        let charts = collector.in_order(&html);
        let names: Vec<(&str, Kind)> = charts.iter().map(|c| (c.name.as_str(), c.kind)).collect();
        assert_eq!(
            names,
            [
                ("chart", Kind::Line),
                ("kpi1-sites", Kind::Bar),
                ("chart", Kind::Line)
            ]
        );
        assert_eq!(charts[0].unit, "名");
        assert_eq!(charts[0].means, [("平均".to_string(), 2.5)]);
        assert_eq!(charts[1].colors.len(), 1);
    }
}
