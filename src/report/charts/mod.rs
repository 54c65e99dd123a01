//! Report charts: plain data in, a deterministic SVG string out.
//!
//! Every chart is drawn with plotters' SVG backend on a canvas 960 px wide (or
//! the width given in [`Options`] to the `*_with` variants: choose about the
//! width the chart is shown at, e.g. 470 for two charts side by side); its
//! height follows from the content (title lines, legend rows, label lines).
//! The root `<svg>` carries a `viewBox` but no `width`/`height`, so an inlined
//! chart scales to its container (`width:100%`) and keeps its aspect ratio; it
//! also carries `role="img"` and an `aria-label` with the title.
//!
//! Layout (legend wrapping, label wrapping and fitting, margins) uses the real
//! metrics of BIZ UDPGothic, embedded from `assets/fonts/BIZUDPGothic-Regular.ttf`
//! and registered with plotters once. The text elements name that family
//! ([`FONT_FAMILY`]), so the printed chart draws exactly what was measured.
//! Should the font fail to register, layout falls back to an estimate (CJK
//! 1 em, other text 0.6 em).
//!
//! Text that comes from data is XML-escaped by the backend; the `aria-label`
//! is escaped here. Nothing in the output depends on time, randomness or
//! hash-map order: the same input gives the same bytes.
//!
//! Values that are `None`, NaN, infinite or larger in magnitude than 1e15 are
//! treated as missing: no bar, no point, no label.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform};

/// The font family the SVG text elements name. The first family is the one the
/// layout is measured with (it is embedded), the others are close fallbacks.
/// No Noto CJK fallback: Chromium prints it as Type 3 fonts (SPEC §15).
pub const FONT_FAMILY: &str = "BIZ UDPGothic, sans-serif";

/// BIZ UDPGothic (SIL OFL 1.1), see `assets/fonts/README.md`.
static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/BIZUDPGothic-Regular.ttf");

/// plotters' SVG backend writes `font-size = size / 1.24`; sizes here are CSS px.
const SVG_FONT_SCALE: f64 = 1.24;
/// Size at which text is measured (then scaled), to keep integer rounding small.
const MEASURE_SIZE: f64 = 1000.0;

/// Default canvas width in px (SVG user units): a full-width chart on an A4
/// landscape page.
const DEFAULT_WIDTH: u32 = 960;

const TITLE_PX: f64 = 19.0;
const TITLE_LINE_H: f64 = 26.0;
const LEGEND_PX: f64 = 13.0;
const LEGEND_ROW_H: f64 = 22.0;
const LEGEND_GAP: f64 = 24.0;
const TICK_PX: f64 = 12.0;
const CATEGORY_PX: f64 = 14.0;
const VALUE_PX: f64 = 12.0;

const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// 未回答 (no answer) is the same light grey in every chart.
const NO_ANSWER: RGBColor = RGBColor(0xB4, 0xB4, 0xB4);
const NO_ANSWER_LABEL: &str = "未回答";

/// The colour of series or segment `index` named `name`.
fn color_named(index: usize, name: &str) -> RGBColor {
    if name == NO_ANSWER_LABEL {
        NO_ANSWER
    } else {
        color(index)
    }
}
const FAINT: RGBColor = RGBColor(0x88, 0x88, 0x88);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const AXIS: RGBColor = RGBColor(0x66, 0x66, 0x66);

/// The qualitative palette, in series order. The first five have clearly
/// different lightness (CIE L* 26, 74, 60, 86, 46; greyscale luma 58, 173,
/// 136, 213, 95), so they stay apart when printed in greyscale; line charts add
/// a marker shape per series as well.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x1A, 0x3F, 0x66), // navy
    RGBColor(0xF0, 0xA8, 0x1A), // orange
    RGBColor(0x35, 0xA0, 0x88), // teal
    RGBColor(0xEB, 0xD5, 0x8F), // sand
    RGBColor(0xBC, 0x44, 0x52), // crimson
    RGBColor(0x7F, 0xA7, 0xD3), // light blue
    RGBColor(0x5E, 0x3C, 0x99), // purple
    RGBColor(0x9E, 0x9E, 0x9E), // grey
];

/// One data series: a name (legend entry) and one value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// `None` = no value (a gap in a line, no bar).
    pub values: Vec<Option<f64>>,
}

/// How values are scaled and written.
#[derive(Debug, Clone, PartialEq)]
pub enum Axis {
    /// Plain numbers: ticks and labels with thousands separators ("3,198"),
    /// value labels as integers; the unit (e.g. "名", "千円") is written above
    /// the axis as "（名）". An empty unit writes nothing.
    Number { unit: String },
    /// Fractions 0..1: ticks "20%", value labels with one decimal "20.7%".
    Percent,
}

/// Layout options of the `*_with` variants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Canvas width in px (SVG user units), 200..=2400. Choose about the width
    /// the chart is shown at, so that its text keeps its size: 960 (default)
    /// for a full-width chart on an A4 landscape page, about 470 for one of two
    /// charts side by side, 220–260 for small multiples of four or five in a
    /// row. The height follows from the content.
    pub width: u32,
    /// The y axis reaches at least this value: charts that are compared side
    /// by side share one scale.
    pub y_max: Option<f64>,
    /// Decimals of the value labels of a number axis, where the figure's
    /// display precision is fixed (per-station means are integers).
    pub decimals: Option<usize>,
    /// The plot area's height in px, for small multiples; otherwise it
    /// follows from the width.
    pub plot_height: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            width: DEFAULT_WIDTH,
            y_max: None,
            decimals: None,
            plot_height: None,
        }
    }
}

thread_local! {
    /// Colours that replace the qualitative palette while one chart is drawn
    /// (see [`with_palette`]).
    static PALETTE_OVERRIDE: std::cell::RefCell<Option<Vec<RGBColor>>> =
        const { std::cell::RefCell::new(None) };
}

/// Draws a chart with `colors` for its series or segments, in order,
/// instead of the qualitative palette: one colour per round in every chart,
/// ordinal palettes for answer scales (SPEC §15). 未回答 stays grey.
pub fn with_palette<T>(colors: Vec<RGBColor>, draw: impl FnOnce() -> T) -> T {
    PALETTE_OVERRIDE.with(|p| *p.borrow_mut() = Some(colors));
    let out = draw();
    PALETTE_OVERRIDE.with(|p| *p.borrow_mut() = None);
    out
}

/// The lightest and the strongest colour of the round ramp.
const ROUND_LIGHT: RGBColor = RGBColor(0xC6, 0xD5, 0xE8);
const ROUND_STRONG: RGBColor = RGBColor(0x1A, 0x3F, 0x66);

fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let f = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(f(a.0, b.0), f(a.1, b.1), f(a.2, b.2))
}

/// The colour of round `index` of `count` rounds (oldest first): one blue
/// ramp, the latest round the strongest, so a round has the same colour in
/// every chart of a report.
pub fn round_color(index: usize, count: usize) -> RGBColor {
    if count <= 1 {
        return ROUND_STRONG;
    }
    mix(ROUND_LIGHT, ROUND_STRONG, index as f64 / (count - 1) as f64)
}

/// How the answers of a 100 % stacked bar are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerScale {
    /// Nominal answers: the qualitative palette.
    Categorical,
    /// Ordered answers without a sign (age): one light-to-dark ramp.
    Sequential,
    /// `positive` favourable answers (cool, strongest first), one neutral
    /// (pale), then unfavourable ones (warm, strongest last).
    Diverging { positive: usize },
}

impl AnswerScale {
    /// `categorical`, `sequential`, `diverging:K`.
    pub fn parse(text: &str) -> Self {
        match text.split_once(':') {
            Some(("diverging", k)) => Self::Diverging {
                positive: k.parse().unwrap_or(1),
            },
            _ if text == "sequential" => Self::Sequential,
            _ => Self::Categorical,
        }
    }

    /// The colours of `n` answers (未回答 excluded).
    pub fn colors(self, n: usize) -> Option<Vec<RGBColor>> {
        match self {
            Self::Categorical => None,
            Self::Sequential => Some(
                (0..n)
                    .map(|i| {
                        let t = if n > 1 {
                            i as f64 / (n - 1) as f64
                        } else {
                            1.0
                        };
                        mix(RGBColor(0xDC, 0xE8, 0xF3), ROUND_STRONG, t)
                    })
                    .collect(),
            ),
            Self::Diverging { positive } => {
                const COOL: [RGBColor; 3] = [
                    RGBColor(0x1F, 0x4E, 0x8C),
                    RGBColor(0x6F, 0x9B, 0xCF),
                    RGBColor(0xB5, 0xCD, 0xE8),
                ];
                const WARM_LIGHT: RGBColor = RGBColor(0xF2, 0xB2, 0x7A);
                const WARM_STRONG: RGBColor = RGBColor(0xB0, 0x2E, 0x26);
                let positive = positive.min(n);
                let negative = n.saturating_sub(positive + 1);
                let mut out: Vec<RGBColor> = (0..positive).map(|i| COOL[i.min(2)]).collect();
                if n > positive {
                    out.push(RGBColor(0xE6, 0xE1, 0xD3));
                }
                out.extend((0..negative).map(|i| {
                    if negative == 1 {
                        RGBColor(0xE0, 0x6C, 0x3C)
                    } else {
                        mix(WARM_LIGHT, WARM_STRONG, i as f64 / (negative - 1) as f64)
                    }
                }));
                Some(out)
            }
        }
    }
}

impl Options {
    fn canvas_width(&self) -> f64 {
        f64::from(self.width.clamp(200, 2400))
    }

    fn plot_height(&self) -> f64 {
        match self.plot_height {
            Some(h) => h.clamp(60.0, 320.0),
            None => (self.canvas_width() * 0.34).clamp(170.0, 320.0),
        }
    }
}

/// The colour of series (or segment) `index` as `#rrggbb`, the same one the
/// charts use, e.g. for a table legend next to a chart.
pub fn series_color_hex(index: usize) -> String {
    let c = color(index);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Grouped vertical bars: one group per category, one bar per series, value
/// labels on top of bars (Number: integer with separators; Percent: one decimal
/// "20.7%"). A legend of the series is shown when there are two or more.
pub fn bar_chart(title: &str, categories: &[String], series: &[Series], axis: &Axis) -> String {
    bar_chart_with(title, categories, series, axis, &Options::default())
}

/// [`bar_chart`] with layout options.
pub fn bar_chart_with(
    title: &str,
    categories: &[String],
    series: &[Series],
    axis: &Axis,
    options: &Options,
) -> String {
    let w = options.canvas_width();
    let data = Grid::new(categories, series);
    let names = legend_names(series);
    let header = Header::new(title, &names, SwatchKind::Box, w);

    let scale = Scale::new(
        data.min_max(&options.y_max.into_iter().collect::<Vec<_>>()),
        axis,
    );
    let y_axis = YAxis::new(&scale, axis);
    let plot_left = y_axis.width;
    let plot_right = w - 24.0;
    let n = categories.len().max(1);
    let slot = (plot_right - plot_left) / n as f64;
    let ns = series.len().max(1);
    let group_w = slot * if ns == 1 { 0.5 } else { 0.76 };
    let bar_w = (group_w / ns as f64).clamp(1.0, 72.0);

    // Value labels: shrink to fit the bar width, else turn them upright.
    let labels = value_labels(&data.values, axis, options.decimals);
    let widest = |px: f64| {
        labels
            .iter()
            .flatten()
            .flatten()
            .map(|s| text_width(s, px))
            .fold(0.0, f64::max)
    };
    let mut label_px = VALUE_PX;
    while label_px > 10.0 && widest(label_px) + 3.0 > bar_w {
        label_px -= 1.0;
    }
    let rotated = widest(label_px) + 3.0 > bar_w;
    if rotated {
        label_px = VALUE_PX.min((bar_w - 1.0).max(8.0));
    }
    let label_ext = if rotated {
        widest(label_px) + 8.0
    } else {
        label_px * 1.2 + 6.0
    };

    let cat = CategoryLabels::new(categories, slot);
    let unit_h = if y_axis.unit.is_empty() { 0.0 } else { 26.0 };
    let plot_top = header.height + label_ext.max(unit_h).max(10.0);
    let plot_bottom = plot_top + options.plot_height();
    let below = if scale.lo < 0.0 { label_ext } else { 0.0 };
    let cat_top = plot_bottom + below + 8.0;
    let height = cat_top + cat.height() + 14.0;

    let map = YMap {
        scale: &scale,
        top: plot_top,
        bottom: plot_bottom,
    };
    render(title, w, height, |area| {
        header.draw(area)?;
        y_axis.draw(area, &map, plot_left, plot_right)?;
        for (c, label) in cat.lines.iter().enumerate() {
            let cx = plot_left + slot * (c as f64 + 0.5);
            draw_lines(area, label, cx, cat_top, cat.px, HPos::Center, TEXT)?;
        }
        let zero = map.y(0.0);
        // One series over rounds drawn in the rounds' colours (with_palette
        // gives one colour per category): each bar in its round's colour.
        let per_category = ns == 1 && palette_overridden();
        for (s, row) in data.values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let fill = if per_category { color(c) } else { color(s) };
                let Some(v) = *v else { continue };
                let x0 = plot_left + slot * (c as f64 + 0.5) - bar_w * ns as f64 / 2.0
                    + bar_w * s as f64;
                let inset = if bar_w > 8.0 { 1.0 } else { 0.0 };
                let y = map.y(v);
                if (y - zero).abs() >= 0.5 {
                    rect(
                        area,
                        (x0 + inset, y),
                        (x0 + bar_w - inset, zero),
                        fill.filled(),
                    )?;
                }
                let Some(text) = &labels[s][c] else { continue };
                let cx = x0 + bar_w / 2.0;
                if rotated {
                    let (anchor, ty) = if v < 0.0 {
                        (HPos::Right, y + 4.0)
                    } else {
                        (HPos::Left, y - 4.0)
                    };
                    let style = font(label_px, false)
                        .transform(FontTransform::Rotate270)
                        .color(&TEXT)
                        .pos(Pos::new(anchor, VPos::Center));
                    area.draw(&Text::new(text.clone(), px(cx, ty), style))?;
                } else {
                    let ty = if v < 0.0 {
                        y + 3.0 + label_px * 0.5
                    } else {
                        y - 3.0 - label_px * 0.5
                    };
                    draw_text(
                        area,
                        text,
                        cx,
                        ty,
                        label_px,
                        (HPos::Center, VPos::Center),
                        TEXT,
                    )?;
                }
            }
        }
        area.draw(&PathElement::new(
            vec![px(plot_left, zero), px(plot_right, zero)],
            AXIS.stroke_width(1),
        ))?;
        if data.is_empty() {
            no_data(
                area,
                (plot_left + plot_right) / 2.0,
                (plot_top + plot_bottom) / 2.0,
            )?;
        }
        Ok(())
    })
}

/// Lines with markers over categories (rounds such as "R4".."R7"), value labels
/// at the points, plus optional horizontal dashed reference lines `(name, value)`
/// such as a 4-round mean. Value labels sit next to their point (above, below,
/// right or left, whichever is free); in a dense chart a label that has no free
/// place is left out rather than drawn away from its point. A reference line is labelled at its right end with
/// its name as given (include the value if it should be shown, e.g.
/// "4カ年平均 13.5%"); the label wraps to two lines if long. When there are as many reference lines
/// as series, reference line *i* is drawn in the colour of series *i* (each
/// series' mean); otherwise all are grey. `None` breaks a line.
pub fn line_chart(
    title: &str,
    categories: &[String],
    series: &[Series],
    axis: &Axis,
    reference_lines: &[(String, f64)],
) -> String {
    let options = Options::default();
    line_chart_with(title, categories, series, axis, reference_lines, &options)
}

/// [`line_chart`] with layout options.
pub fn line_chart_with(
    title: &str,
    categories: &[String],
    series: &[Series],
    axis: &Axis,
    reference_lines: &[(String, f64)],
    options: &Options,
) -> String {
    let w = options.canvas_width();
    let data = Grid::new(categories, series);
    let names = legend_names(series);
    let header = Header::new(title, &names, SwatchKind::Line, w);
    // One reference line per series (e.g. each series' mean): same colours.
    let paired = reference_lines.len() == series.len();
    let refs: Vec<(Vec<String>, f64, RGBColor)> = reference_lines
        .iter()
        .enumerate()
        .filter_map(|(i, (name, v))| clean(Some(*v)).map(|v| (i, name, v)))
        .map(|(i, name, v)| {
            let c = if paired { color(i) } else { MUTED };
            let max_w = (w * 0.22).min(200.0);
            (wrap_text(name.trim(), VALUE_PX, max_w, 2), v, c)
        })
        .collect();
    let ref_values: Vec<f64> = refs.iter().map(|r| r.1).collect();

    let limits: Vec<f64> = ref_values.iter().copied().chain(options.y_max).collect();
    let scale = Scale::new(data.min_max(&limits), axis);
    let y_axis = YAxis::new(&scale, axis);
    let plot_left = y_axis.width;
    let ref_w = refs
        .iter()
        .flat_map(|r| r.0.iter())
        .map(|l| text_width(l, VALUE_PX))
        .fold(0.0, f64::max);
    let plot_right = w - if refs.is_empty() { 32.0 } else { ref_w + 24.0 };
    let n = categories.len().max(1);
    let slot = (plot_right - plot_left) / n as f64;

    let labels = value_labels(&data.values, axis, options.decimals);
    let widest = labels
        .iter()
        .flatten()
        .flatten()
        .map(|s| text_width(s, VALUE_PX))
        .fold(0.0, f64::max);
    let label_px = if widest + 6.0 > slot { 10.0 } else { VALUE_PX };
    let label_h = label_px * 1.2;
    let marker_r = 5.0;

    let cat = CategoryLabels::new(categories, slot);
    let unit_h = if y_axis.unit.is_empty() { 0.0 } else { 26.0 };
    let band = label_h + marker_r + 8.0;
    let plot_top = header.height + band.max(unit_h);
    let plot_bottom = plot_top + options.plot_height();
    let map = YMap {
        scale: &scale,
        top: plot_top,
        bottom: plot_bottom,
    };
    // Room for labels under points that sit on the bottom of the plot.
    let low = data
        .values
        .iter()
        .flatten()
        .flatten()
        .any(|v| map.y(*v) > plot_bottom - label_h - marker_r - 3.0);
    let below = if low { label_h + 2.0 } else { 0.0 };
    let cat_top = plot_bottom + below + 10.0;
    let height = cat_top + cat.height() + 14.0;

    render(title, w, height, |area| {
        header.draw(area)?;
        y_axis.draw(area, &map, plot_left, plot_right)?;
        let zero = map.y(0.0);
        area.draw(&PathElement::new(
            vec![px(plot_left, zero), px(plot_right, zero)],
            AXIS.stroke_width(1),
        ))?;
        for (c, label) in cat.lines.iter().enumerate() {
            let cx = plot_left + slot * (c as f64 + 0.5);
            draw_lines(area, label, cx, cat_top, cat.px, HPos::Center, TEXT)?;
        }

        // Reference lines, labels pushed apart vertically when close.
        let mut ref_slots: Vec<(f64, f64)> = Vec::new();
        let mut order: Vec<usize> = (0..refs.len()).collect();
        order.sort_by(|&a, &b| map.y(refs[a].1).total_cmp(&map.y(refs[b].1)));
        for i in order {
            let (lines, v, c) = &refs[i];
            let y = map.y(*v);
            area.draw(&DashedPathElement::new(
                vec![px(plot_left, y), px(plot_right, y)],
                8,
                5,
                c.stroke_width(2),
            ))?;
            let h = lines.len() as f64 * VALUE_PX * 1.25;
            let mut top = y - h / 2.0;
            for &(t, b) in &ref_slots {
                if top < b + 2.0 && top + h > t - 2.0 {
                    top = b + 2.0;
                }
            }
            ref_slots.push((top, top + h));
            let text_c = if *c == MUTED { MUTED } else { darken(*c, 0.45) };
            draw_lines(
                area,
                lines,
                plot_right + 8.0,
                top,
                VALUE_PX,
                HPos::Left,
                text_c,
            )?;
        }

        // Lines, split at gaps.
        for (s, row) in data.values.iter().enumerate() {
            let mut run: Vec<(i32, i32)> = Vec::new();
            for (c, v) in row.iter().enumerate() {
                match v {
                    Some(v) => run.push(px(plot_left + slot * (c as f64 + 0.5), map.y(*v))),
                    None => {
                        if run.len() > 1 {
                            area.draw(&PathElement::new(run.clone(), color(s).stroke_width(3)))?;
                        }
                        run.clear();
                    }
                }
            }
            if run.len() > 1 {
                area.draw(&PathElement::new(run, color(s).stroke_width(3)))?;
            }
        }
        for (s, row) in data.values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if let Some(v) = v {
                    let (x, y) = (plot_left + slot * (c as f64 + 0.5), map.y(*v));
                    draw_marker(area, s, x, y, marker_r)?;
                }
            }
        }

        // Value labels next to their point: above, below, right or left,
        // whichever first overlaps no marker and no label placed so far; a
        // label with no free place is left out rather than drawn astray.
        let mut taken: Vec<Boxed> = Vec::new();
        for row in &data.values {
            for (c, v) in row.iter().enumerate() {
                if let Some(v) = v {
                    let (x, y) = (plot_left + slot * (c as f64 + 0.5), map.y(*v));
                    taken.push(Boxed::around(x, y, marker_r + 1.0, marker_r + 1.0));
                }
            }
        }
        let bounds = Boxed {
            x0: plot_left,
            x1: plot_right,
            y0: plot_top - band,
            y1: plot_bottom + below + 4.0,
        };
        for (c, _) in categories.iter().enumerate() {
            let x = plot_left + slot * (c as f64 + 0.5);
            let mut points: Vec<(usize, f64)> = (0..data.values.len())
                .filter_map(|s| data.values[s][c].map(|v| (s, map.y(v))))
                .collect();
            points.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            for &(s, y) in &points {
                let Some(text) = &labels[s][c] else { continue };
                let (hw, hh) = ((text_width(text, label_px) + 4.0) / 2.0, label_h / 2.0);
                let gap = marker_r + 3.0;
                let candidates = [
                    Boxed::around(x, y - gap - hh, hw, hh),
                    Boxed::around(x, y + gap + hh, hw, hh),
                    Boxed::around(x + gap + hw, y, hw, hh),
                    Boxed::around(x - gap - hw, y, hw, hh),
                ];
                let Some(b) = candidates
                    .into_iter()
                    .find(|b| bounds.contains(b) && taken.iter().all(|t| !t.overlaps(b)))
                else {
                    continue;
                };
                taken.push(b);
                area.draw(&Rectangle::new(
                    [px(b.x0, b.y0), px(b.x1, b.y1)],
                    WHITE.mix(0.85).filled(),
                ))?;
                let anchor = (HPos::Center, VPos::Center);
                let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
                let fill = darken(color(s), 0.45);
                draw_text(area, text, cx, cy, label_px, anchor, fill)?;
            }
        }
        if data.is_empty() {
            no_data(
                area,
                (plot_left + plot_right) / 2.0,
                (plot_top + plot_bottom) / 2.0,
            )?;
        }
        Ok(())
    })
}

/// 100 % stacked horizontal bars: one bar per row (e.g. "R6 1:医療従事者"),
/// segments in order with their shares (fractions summing to 1; other positive
/// totals are normalised; negative or non-finite shares count as 0). A row with
/// no data is drawn as an empty outline with "回答なし". Segment labels ("34%")
/// are written inside segments wide enough to hold them; a legend of the
/// segment names sits under the title.
pub fn stacked_100(title: &str, rows: &[(String, Vec<f64>)], segments: &[String]) -> String {
    stacked_100_with(title, rows, segments, &Options::default())
}

/// [`stacked_100`] with layout options.
pub fn stacked_100_with(
    title: &str,
    rows: &[(String, Vec<f64>)],
    segments: &[String],
    options: &Options,
) -> String {
    let w = options.canvas_width();
    let n_seg = rows
        .iter()
        .map(|r| r.1.len())
        .max()
        .unwrap_or(0)
        .max(segments.len());
    let names: Vec<String> = (0..n_seg)
        .map(|i| match segments.get(i) {
            Some(s) if !s.trim().is_empty() => s.clone(),
            _ => format!("区分{}", i + 1),
        })
        .collect();
    let header = Header::new(title, &names, SwatchKind::Box, w);

    let label_px = 13.0;
    let max_label_w = w * 0.3;
    let row_labels: Vec<Vec<String>> = rows
        .iter()
        .map(|r| wrap_text(&r.0, label_px, max_label_w, 2))
        .collect();
    let label_w = row_labels
        .iter()
        .flatten()
        .map(|l| text_width(l, label_px))
        .fold(0.0, f64::max);
    let bar_left = 24.0 + label_w + 12.0;
    let bar_right = w - 32.0;
    let bar_w = bar_right - bar_left;
    let bar_h = 24.0;
    let row_hs: Vec<f64> = row_labels
        .iter()
        .map(|l| (l.len() as f64 * label_px * 1.25 + 10.0).max(bar_h + 12.0))
        .collect();
    let rows_top = header.height + 6.0;
    let rows_h: f64 = row_hs
        .iter()
        .sum::<f64>()
        .max(if rows.is_empty() { 80.0 } else { 0.0 });
    let axis_y = rows_top + rows_h + 4.0;
    let height = axis_y + TICK_PX * 1.3 + 22.0;

    render(title, w, height, |area| {
        header.draw(area)?;
        for i in 0..=5 {
            let x = bar_left + bar_w * f64::from(i) / 5.0;
            area.draw(&PathElement::new(
                vec![px(x, rows_top), px(x, axis_y)],
                GRID.stroke_width(1),
            ))?;
            draw_text(
                area,
                &format!("{}%", i * 20),
                x,
                axis_y + 6.0 + TICK_PX / 2.0,
                TICK_PX,
                (HPos::Center, VPos::Center),
                MUTED,
            )?;
        }
        let mut y = rows_top;
        for ((_, shares), (lines, row_h)) in rows.iter().zip(row_labels.iter().zip(&row_hs)) {
            let cy = y + row_h / 2.0;
            let label_top = cy - lines.len() as f64 * label_px * 1.25 / 2.0;
            draw_lines(
                area,
                lines,
                bar_left - 10.0,
                label_top,
                label_px,
                HPos::Right,
                TEXT,
            )?;
            let (t, b) = (cy - bar_h / 2.0, cy + bar_h / 2.0);
            let shares: Vec<f64> = shares
                .iter()
                .map(|v| if v.is_finite() && *v > 0.0 { *v } else { 0.0 })
                .collect();
            let total: f64 = shares.iter().sum();
            if !(total.is_finite() && total > 0.0) {
                area.draw(&Rectangle::new(
                    [px(bar_left, t), px(bar_right, b)],
                    WHITE.filled(),
                ))?;
                area.draw(&Rectangle::new(
                    [px(bar_left, t), px(bar_right, b)],
                    FAINT.stroke_width(1),
                ))?;
                draw_text(
                    area,
                    "回答なし",
                    (bar_left + bar_right) / 2.0,
                    cy,
                    12.0,
                    (HPos::Center, VPos::Center),
                    MUTED,
                )?;
            } else {
                let mut cum = 0.0;
                let last = shares.iter().rposition(|v| *v > 0.0).unwrap_or(0);
                for (i, share) in shares.iter().enumerate() {
                    if *share <= 0.0 {
                        continue;
                    }
                    let f = share / total;
                    let x0 = bar_left + bar_w * cum;
                    cum += f;
                    let x1 = if i == last {
                        bar_right
                    } else {
                        bar_left + bar_w * cum
                    };
                    let fill = color_named(i, segments.get(i).map(String::as_str).unwrap_or(""));
                    area.draw(&Rectangle::new([px(x0, t), px(x1, b)], fill.filled()))?;
                    if i != last {
                        area.draw(&PathElement::new(
                            vec![px(x1, t), px(x1, b)],
                            WHITE.stroke_width(1),
                        ))?;
                    }
                    let text = format!("{}%", format_number(f * 100.0, 0));
                    let size = [VALUE_PX, 10.0]
                        .into_iter()
                        .find(|size| text_width(&text, *size) + 4.0 <= x1 - x0);
                    if let Some(size) = size {
                        let anchor = (HPos::Center, VPos::Center);
                        draw_text(
                            area,
                            &text,
                            (x0 + x1) / 2.0,
                            cy,
                            size,
                            anchor,
                            text_on(fill),
                        )?;
                    }
                }
            }
            y += row_h;
        }
        if rows.is_empty() {
            no_data(area, (bar_left + bar_right) / 2.0, rows_top + rows_h / 2.0)?;
        }
        Ok(())
    })
}

// ---------------------------------------------------------------- fonts

/// Registers the embedded font once; returns the measured advance of one em
/// at `MEASURE_SIZE`, or `None` when the font could not be registered.
fn font_em() -> Option<f64> {
    static EM: OnceLock<Option<f64>> = OnceLock::new();
    *EM.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).ok()?;
        let (w, _) = FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            MEASURE_SIZE,
            FontStyle::Normal,
        )
        .box_size("一")
        .ok()?;
        (w > 0).then_some(f64::from(w))
    })
}

/// Width in px of `text` drawn at a CSS font size of `size` px.
fn text_width(text: &str, size: f64) -> f64 {
    if let Some(em) = font_em() {
        let font = FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            MEASURE_SIZE,
            FontStyle::Normal,
        );
        if let Ok((w, _)) = font.box_size(text) {
            return f64::from(w) / em * size;
        }
    }
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * size
}

fn font(size: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size * SVG_FONT_SCALE, style)
}

// ---------------------------------------------------------------- drawing

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn px(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

fn palette_overridden() -> bool {
    PALETTE_OVERRIDE.with(|p| p.borrow().is_some())
}

fn color(index: usize) -> RGBColor {
    let custom = PALETTE_OVERRIDE.with(|p| {
        p.borrow()
            .as_ref()
            .and_then(|colors| colors.get(index).copied())
    });
    custom.unwrap_or(PALETTE[index % PALETTE.len()])
}

fn darken(c: RGBColor, amount: f64) -> RGBColor {
    let f = |v: u8| (f64::from(v) * (1.0 - amount)).round() as u8;
    RGBColor(f(c.0), f(c.1), f(c.2))
}

/// Relative luminance (sRGB), 0 = black, 1 = white.
fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

fn text_on(fill: RGBColor) -> RGBColor {
    if luminance(fill) < 0.2 {
        WHITE
    } else {
        TEXT
    }
}

/// A rectangle between two corners given in any order.
fn rect(area: &Area, a: (f64, f64), b: (f64, f64), style: ShapeStyle) -> DrawResult {
    let tl = px(a.0.min(b.0), a.1.min(b.1));
    let br = px(a.0.max(b.0), a.1.max(b.1));
    area.draw(&Rectangle::new([tl, br], style))
}

fn draw_text(
    area: &Area,
    text: &str,
    x: f64,
    y: f64,
    size: f64,
    (h, v): (HPos, VPos),
    fill: RGBColor,
) -> DrawResult {
    if text.is_empty() {
        return Ok(());
    }
    let style = font(size, false).color(&fill).pos(Pos::new(h, v));
    area.draw(&Text::new(text.to_string(), px(x, y), style))
}

/// Lines of text from `top` downwards, line height 1.25 em.
fn draw_lines(
    area: &Area,
    lines: &[String],
    x: f64,
    top: f64,
    size: f64,
    h: HPos,
    fill: RGBColor,
) -> DrawResult {
    for (i, line) in lines.iter().enumerate() {
        let cy = top + size * 1.25 * (i as f64 + 0.5);
        draw_text(area, line, x, cy, size, (h, VPos::Center), fill)?;
    }
    Ok(())
}

fn draw_marker(area: &Area, series: usize, x: f64, y: f64, r: f64) -> DrawResult {
    let fill = color(series);
    let edge = darken(fill, 0.35).stroke_width(1);
    match series % 4 {
        0 => {
            area.draw(&Circle::new(px(x, y), r.round() as i32, fill.filled()))?;
            area.draw(&Circle::new(px(x, y), r.round() as i32, edge))
        }
        1 => {
            let r = r - 0.5;
            let pts = [px(x - r, y - r), px(x + r, y + r)];
            area.draw(&Rectangle::new([pts[0], pts[1]], fill.filled()))?;
            area.draw(&Rectangle::new([pts[0], pts[1]], edge))
        }
        2 => {
            let r = r + 1.0;
            let pts = vec![px(x, y - r), px(x + r, y + r * 0.7), px(x - r, y + r * 0.7)];
            polygon(area, pts, fill, edge)
        }
        _ => {
            let r = r + 1.0;
            let pts = vec![px(x, y - r), px(x + r, y), px(x, y + r), px(x - r, y)];
            polygon(area, pts, fill, edge)
        }
    }
}

fn polygon(area: &Area, pts: Vec<(i32, i32)>, fill: RGBColor, edge: ShapeStyle) -> DrawResult {
    let mut closed = pts.clone();
    closed.push(pts[0]);
    area.draw(&Polygon::new(pts, fill.filled()))?;
    area.draw(&PathElement::new(closed, edge))
}

fn no_data(area: &Area, x: f64, y: f64) -> DrawResult {
    draw_text(
        area,
        "データなし",
        x,
        y,
        14.0,
        (HPos::Center, VPos::Center),
        FAINT,
    )
}

/// Draws on a fresh white canvas and finishes the SVG; on a drawing error,
/// returns a small placeholder SVG naming the chart instead.
fn render(title: &str, width: f64, height: f64, draw: impl FnOnce(&Area) -> DrawResult) -> String {
    let size = (width as u32, height.ceil().clamp(60.0, 20_000.0) as u32);
    let mut buf = String::new();
    let result = {
        let area = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        area.fill(&WHITE)
            .and_then(|()| draw(&area))
            .and_then(|()| area.present())
    };
    match result {
        Ok(()) => finish(&buf, title, size),
        Err(_) => placeholder(title, size.0),
    }
}

/// Makes the root element scalable and accessible, and writes font sizes
/// without float noise (`13.000000000000002` → `13`).
fn finish(svg: &str, title: &str, (w, h): (u32, u32)) -> String {
    let label = escape_xml(title.trim());
    let root = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\">\n<title>{label}</title>"
    );
    let body = match (svg.find("<svg"), svg.find('>')) {
        (Some(0), Some(end)) => &svg[end + 1..],
        _ => svg,
    };
    let mut out = String::with_capacity(svg.len() + root.len());
    out.push_str(&root);
    let mut rest = body;
    const KEY: &str = "font-size=\"";
    while let Some(i) = rest.find(KEY) {
        let start = i + KEY.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(0);
        match rest[..end].parse::<f64>() {
            Ok(v) => out.push_str(&trim_number(v)),
            Err(_) => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn placeholder(title: &str, width: u32) -> String {
    let label = escape_xml(title.trim());
    let cx = width / 2;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} 80\" role=\"img\" aria-label=\"{label}\">\n\
         <rect x=\"0\" y=\"0\" width=\"{width}\" height=\"80\" fill=\"#FFFFFF\" stroke=\"#888888\"/>\n\
         <text x=\"{cx}\" y=\"45\" text-anchor=\"middle\" font-family=\"{FONT_FAMILY}\" font-size=\"16\" fill=\"#555555\">{label}（グラフを描画できませんでした）</text>\n</svg>\n"
    )
}

fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn trim_number(v: f64) -> String {
    let s = format!("{:.2}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

// ---------------------------------------------------------------- layout

/// An axis-aligned box, for label collision checks.
#[derive(Clone, Copy)]
struct Boxed {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Boxed {
    fn around(x: f64, y: f64, half_w: f64, half_h: f64) -> Self {
        Self {
            x0: x - half_w,
            x1: x + half_w,
            y0: y - half_h,
            y1: y + half_h,
        }
    }

    fn overlaps(&self, o: &Boxed) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn contains(&self, o: &Boxed) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }
}

/// Values per series and category, cleaned (missing, non-finite and absurd
/// values become `None`), one column per category.
struct Grid {
    values: Vec<Vec<Option<f64>>>,
}

impl Grid {
    fn new(categories: &[String], series: &[Series]) -> Self {
        let values = series
            .iter()
            .map(|s| {
                (0..categories.len())
                    .map(|c| clean(s.values.get(c).copied().flatten()))
                    .collect()
            })
            .collect();
        Self { values }
    }

    fn is_empty(&self) -> bool {
        self.values.iter().flatten().all(Option::is_none)
    }

    fn min_max(&self, extra: &[f64]) -> (f64, f64) {
        self.values
            .iter()
            .flatten()
            .flatten()
            .chain(extra)
            .fold((0.0, 0.0), |(lo, hi), &v| {
                (f64::min(lo, v), f64::max(hi, v))
            })
    }
}

fn clean(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite() && v.abs() <= 1e15)
}

fn legend_names(series: &[Series]) -> Vec<String> {
    if series.len() < 2 {
        return Vec::new();
    }
    series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.name.trim().is_empty() {
                format!("系列{}", i + 1)
            } else {
                s.name.clone()
            }
        })
        .collect()
}

/// A y scale from `lo` to `hi` with ticks every `step` (all multiples of it).
struct Scale {
    lo: f64,
    hi: f64,
    step: f64,
}

impl Scale {
    /// `min <= 0 <= max` (zero is always on the scale).
    fn new((min, max): (f64, f64), axis: &Axis) -> Self {
        let percent = matches!(axis, Axis::Percent);
        let (lo, hi) = if max - min > 0.0 {
            (min, max)
        } else if percent {
            (0.0, 1.0)
        } else {
            (0.0, 5.0)
        };
        let raw = (hi - lo) / 5.0;
        let mag = 10f64.powf(raw.log10().floor());
        let mut step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw * (1.0 - 1e-9))
            .unwrap_or(10.0 * mag);
        if !percent {
            step = step.max(1.0);
        }
        let mut lo = (lo / step + 1e-9).floor() * step;
        let mut hi = (hi / step - 1e-9).ceil() * step;
        if percent && max <= 1.0 && hi > 1.0 && (1.0 / step - (1.0 / step).round()).abs() < 1e-9 {
            hi = 1.0;
        }
        if percent && min >= -1.0 && lo < -1.0 && (1.0 / step - (1.0 / step).round()).abs() < 1e-9 {
            lo = -1.0;
        }
        if !(lo.is_finite() && hi.is_finite() && step.is_finite() && hi > lo && step > 0.0) {
            return Self {
                lo: 0.0,
                hi: 1.0,
                step: 0.2,
            };
        }
        Self { lo, hi, step }
    }

    fn ticks(&self) -> Vec<f64> {
        let first = (self.lo / self.step).round() as i64;
        let last = (self.hi / self.step).round() as i64;
        (first..=last.min(first + 50))
            .map(|i| i as f64 * self.step)
            .collect()
    }
}

struct YMap<'a> {
    scale: &'a Scale,
    top: f64,
    bottom: f64,
}

impl YMap<'_> {
    fn y(&self, v: f64) -> f64 {
        let s = self.scale;
        self.bottom - (v - s.lo) / (s.hi - s.lo) * (self.bottom - self.top)
    }
}

/// Tick labels, the unit label and the width they need left of the plot.
struct YAxis {
    ticks: Vec<(f64, String)>,
    unit: String,
    width: f64,
}

impl YAxis {
    fn new(scale: &Scale, axis: &Axis) -> Self {
        let ticks: Vec<(f64, String)> = scale
            .ticks()
            .into_iter()
            .map(|v| (v, format_tick(v, scale.step, axis)))
            .collect();
        let unit = match axis {
            Axis::Number { unit } if !unit.trim().is_empty() => format!("（{}）", unit.trim()),
            _ => String::new(),
        };
        let tick_w = ticks
            .iter()
            .map(|t| text_width(&t.1, TICK_PX))
            .fold(0.0, f64::max);
        let unit_w = text_width(&unit, TICK_PX);
        let width = (tick_w + 8.0).max(unit_w) + 24.0;
        Self { ticks, unit, width }
    }

    fn draw(&self, area: &Area, map: &YMap, left: f64, right: f64) -> DrawResult {
        for (v, label) in &self.ticks {
            let y = map.y(*v);
            area.draw(&PathElement::new(
                vec![px(left, y), px(right, y)],
                GRID.stroke_width(1),
            ))?;
            let anchor = (HPos::Right, VPos::Center);
            draw_text(area, label, left - 8.0, y, TICK_PX, anchor, MUTED)?;
        }
        let anchor = (HPos::Right, VPos::Center);
        draw_text(
            area,
            &self.unit,
            left - 4.0,
            map.top - 17.0,
            TICK_PX,
            anchor,
            MUTED,
        )
    }
}

/// Category labels under the plot, fitted to the slot width: one line at 14 px,
/// else one line at 12 px, else wrapped to two lines at 14 or 12 px, else
/// three lines at 12 px ending with "…".
struct CategoryLabels {
    lines: Vec<Vec<String>>,
    px: f64,
}

impl CategoryLabels {
    fn new(categories: &[String], slot: f64) -> Self {
        let width = (slot - 8.0).max(8.0);
        let wrap_all = |size: f64| -> Vec<Vec<String>> {
            categories
                .iter()
                .map(|c| wrap_text(c, size, width, 3))
                .collect()
        };
        // Fits: nothing cut off, at most `max_lines` lines.
        let fits = |lines: &[Vec<String>], size: f64, max_lines: usize| {
            lines.iter().zip(categories).all(|(l, c)| {
                l.concat().chars().filter(|c| !c.is_whitespace()).count()
                    == c.chars().filter(|c| !c.is_whitespace()).count()
                    && l.len() <= max_lines
                    && l.iter().all(|s| text_width(s, size) <= width)
            })
        };
        for (size, max_lines) in [(CATEGORY_PX, 1), (12.0, 1), (CATEGORY_PX, 2), (12.0, 2)] {
            let lines = wrap_all(size);
            if fits(&lines, size, max_lines) {
                return Self { lines, px: size };
            }
        }
        Self {
            lines: wrap_all(12.0),
            px: 12.0,
        }
    }

    fn height(&self) -> f64 {
        let n = self.lines.iter().map(Vec::len).max().unwrap_or(0) as f64;
        n * self.px * 1.25
    }
}

#[derive(Clone, Copy)]
enum SwatchKind {
    Box,
    Line,
}

impl SwatchKind {
    fn width(self) -> f64 {
        match self {
            SwatchKind::Box => 14.0,
            SwatchKind::Line => 28.0,
        }
    }
}

/// The title (wrapped, at most two lines) and a legend of rows under it.
struct Header {
    title: Vec<String>,
    legend: Vec<Vec<(usize, String, f64)>>,
    swatch: SwatchKind,
    legend_top: f64,
    width: f64,
    height: f64,
}

impl Header {
    fn new(title: &str, names: &[String], swatch: SwatchKind, width: f64) -> Self {
        let max_w = width - 48.0;
        let title = if title.trim().is_empty() {
            Vec::new()
        } else {
            wrap_text(title.trim(), TITLE_PX * 1.05, max_w, 2)
        };
        let mut legend: Vec<Vec<(usize, String, f64)>> = Vec::new();
        let mut row_w = 0.0;
        for (i, name) in names.iter().enumerate() {
            let room = max_w - swatch.width() - 6.0;
            let label = ellipsize(name.trim(), LEGEND_PX, room);
            let w = swatch.width() + 6.0 + text_width(&label, LEGEND_PX);
            match legend.last_mut() {
                Some(row) if row_w + LEGEND_GAP + w <= max_w => {
                    row.push((i, label, w));
                    row_w += LEGEND_GAP + w;
                }
                _ => {
                    legend.push(vec![(i, label, w)]);
                    row_w = w;
                }
            }
        }
        let mut y = 14.0;
        y += title.len() as f64 * TITLE_LINE_H;
        if !title.is_empty() {
            y += 6.0;
        }
        let legend_top = y;
        y += legend.len() as f64 * LEGEND_ROW_H;
        Self {
            title,
            legend,
            swatch,
            legend_top,
            width,
            height: y + 8.0,
        }
    }

    fn draw(&self, area: &Area) -> DrawResult {
        let cx = self.width / 2.0;
        for (i, line) in self.title.iter().enumerate() {
            let y = 14.0 + TITLE_LINE_H * (i as f64 + 0.5);
            let style = font(TITLE_PX, true)
                .color(&TEXT)
                .pos(Pos::new(HPos::Center, VPos::Center));
            area.draw(&Text::new(line.clone(), px(cx, y), style))?;
        }
        for (r, row) in self.legend.iter().enumerate() {
            let total: f64 =
                row.iter().map(|i| i.2).sum::<f64>() + LEGEND_GAP * (row.len() as f64 - 1.0);
            let mut x = cx - total / 2.0;
            let y = self.legend_top + LEGEND_ROW_H * (r as f64 + 0.5);
            for (index, label, w) in row {
                let c = color_named(*index, label);
                match self.swatch {
                    SwatchKind::Box => {
                        area.draw(&Rectangle::new(
                            [px(x, y - 7.0), px(x + 14.0, y + 7.0)],
                            c.filled(),
                        ))?;
                    }
                    SwatchKind::Line => {
                        area.draw(&PathElement::new(
                            vec![px(x, y), px(x + 28.0, y)],
                            c.stroke_width(3),
                        ))?;
                        draw_marker(area, *index, x + 14.0, y, 5.0)?;
                    }
                }
                let tx = x + self.swatch.width() + 6.0;
                let anchor = (HPos::Left, VPos::Center);
                draw_text(area, label, tx, y, LEGEND_PX, anchor, TEXT)?;
                x += w + LEGEND_GAP;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- text

/// Characters that must not start a line (kinsoku), kept with the one before.
const NO_LINE_START: &str = "、。，．,.）)」』】〕%％:：;；・ー～？！?!";
/// Characters that must not end a line, kept with the one after.
const NO_LINE_END: &str = "（(「『【〔";

/// Wraps `text` into lines of at most `max_w` px at `size` px: between CJK
/// characters, at spaces, never inside a run of ASCII letters and digits unless
/// that run alone is too long. Explicit `\n` breaks are kept. More than
/// `max_lines` lines: the last one ends with "…".
fn wrap_text(text: &str, size: f64, max_w: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = text
        .split('\n')
        .flat_map(|para| wrap_paragraph(para.trim(), size, max_w))
        .collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).concat();
        lines.push(ellipsize_force(&rest, size, max_w));
    }
    lines
}

/// Prefers a break after a separator ("テーマ3：" / "医療現場のニーズ把握") over
/// the greedy one when that costs no extra line.
fn wrap_paragraph(para: &str, size: f64, max_w: f64) -> Vec<String> {
    let greedy = wrap_greedy(para, size, max_w);
    if greedy.len() < 2 {
        return greedy;
    }
    for (i, c) in para.char_indices().rev() {
        let at = if "：:・、／/ ".contains(c) {
            i + c.len_utf8()
        } else if "（(「".contains(c) {
            i
        } else {
            continue;
        };
        let (first, rest) = para.split_at(at);
        let (first, rest) = (first.trim(), rest.trim());
        if first.is_empty() || rest.is_empty() || text_width(first, size) > max_w {
            continue;
        }
        let rest = wrap_greedy(rest, size, max_w);
        if rest.len() < greedy.len() {
            let mut lines = vec![first.to_string()];
            lines.extend(rest);
            return lines;
        }
    }
    greedy
}

fn wrap_greedy(para: &str, size: f64, max_w: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for token in tokens(para) {
        let candidate = format!("{line}{token}");
        if text_width(candidate.trim_end(), size) <= max_w {
            line = candidate;
            continue;
        }
        if !line.trim().is_empty() {
            lines.push(line.trim().to_string());
        }
        line = String::new();
        if token.trim().is_empty() {
            continue;
        }
        // A token too long for a line of its own is split by characters.
        for c in token.chars() {
            let candidate = format!("{line}{c}");
            if text_width(&candidate, size) <= max_w || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim().to_string());
    }
    lines
}

fn tokens(text: &str) -> Vec<String> {
    let word = |c: char| c.is_ascii_alphanumeric() || "-+_/#&@".contains(c);
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    for c in text.chars() {
        let joins_prev = match out.last() {
            Some(prev) => {
                let p = prev.chars().last().unwrap_or(' ');
                glue_next || NO_LINE_START.contains(c) || (word(c) && word(p))
            }
            None => false,
        };
        if joins_prev {
            if let Some(prev) = out.last_mut() {
                prev.push(c);
            }
        } else {
            out.push(c.to_string());
        }
        glue_next = NO_LINE_END.contains(c);
    }
    out
}

/// `text`, or as much of it as fits followed by "…".
fn ellipsize(text: &str, size: f64, max_w: f64) -> String {
    if text_width(text, size) <= max_w {
        return text.to_string();
    }
    ellipsize_force(text, size, max_w)
}

fn ellipsize_force(text: &str, size: f64, max_w: f64) -> String {
    let mut chars: Vec<char> = text.trim_end().chars().collect();
    loop {
        let s: String = chars.iter().collect::<String>() + "…";
        if chars.is_empty() || text_width(&s, size) <= max_w {
            return s;
        }
        chars.pop();
    }
}

// ---------------------------------------------------------------- numbers

/// Rounds half away from zero (四捨五入) at `decimals`, tolerant of binary noise
/// (0.2065 → 20.7 %, not 20.6 %).
fn round_half_up(x: f64, decimals: i32) -> f64 {
    let m = 10f64.powi(decimals);
    let y = x * m;
    let nudged = y + y.signum() * 1e-9 * y.abs().max(1.0);
    nudged.round() / m
}

/// `v` rounded to `decimals` with thousands separators: "3,198", "-1,234.5".
fn format_number(v: f64, decimals: usize) -> String {
    let r = round_half_up(v, decimals as i32);
    let s = format!("{:.*}", decimals, r.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if let Some(f) = frac {
        grouped.push('.');
        grouped.push_str(f);
    }
    if r < 0.0 && grouped.chars().any(|c| c.is_ascii_digit() && c != '0') {
        grouped.insert(0, '-');
    }
    grouped
}

/// The value label of every point, by series (None where there is no value).
fn value_labels(
    values: &[Vec<Option<f64>>],
    axis: &Axis,
    decimals: Option<usize>,
) -> Vec<Vec<Option<String>>> {
    values
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| {
                    v.map(|v| match (axis, decimals) {
                        (Axis::Number { .. }, Some(d)) => format_number(v, d),
                        _ => format_value(v, axis),
                    })
                })
                .collect()
        })
        .collect()
}

/// A value label: numbers with separators, one decimal below 100 when the
/// value has a fraction (a lag of 14.2 months is not "14"); percentages with
/// one decimal.
fn format_value(v: f64, axis: &Axis) -> String {
    match axis {
        Axis::Number { .. } if v.fract().abs() > 1e-9 && v.abs() < 100.0 => format_number(v, 1),
        Axis::Number { .. } => format_number(v, 0),
        Axis::Percent => format!("{}%", format_number(v * 100.0, 1)),
    }
}

/// A tick label with as many decimals as the step needs ("20%", "2.5%", "1,000").
fn format_tick(v: f64, step: f64, axis: &Axis) -> String {
    match axis {
        Axis::Number { .. } => format_number(v, decimals_for(step)),
        Axis::Percent => format!("{}%", format_number(v * 100.0, decimals_for(step * 100.0))),
    }
}

fn decimals_for(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn series(name: &str, values: &[Option<f64>]) -> Series {
        Series {
            name: name.to_string(),
            values: values.to_vec(),
        }
    }

    fn rounds() -> Vec<String> {
        cats(&["R4", "R5", "R6", "R7"])
    }

    fn sample_bar() -> String {
        bar_chart(
            "テーマ別 研修受講者数",
            &cats(&["テーマ1", "テーマ2", "テーマ3"]),
            &[
                series("R6", &[Some(3198.0), Some(1200.0), None]),
                series("R7", &[Some(2900.0), Some(1523.0), Some(88.0)]),
            ],
            &Axis::Number {
                unit: "名".to_string(),
            },
        )
    }

    fn sample_line() -> String {
        line_chart(
            "ベンチャー・異業種企業の割合",
            &rounds(),
            &[
                series("ベンチャー", &[Some(0.207), Some(0.15), None, Some(0.18)]),
                series("異業種", &[Some(0.1), Some(0.12), Some(0.13), Some(0.2)]),
            ],
            &Axis::Percent,
            &[("4回平均".to_string(), 0.16)],
        )
    }

    fn sample_stacked() -> String {
        stacked_100(
            "研修の満足度",
            &[
                ("R6 1:医療従事者".to_string(), vec![0.34, 0.4, 0.2, 0.06]),
                ("R7 1:医療従事者".to_string(), vec![0.5, 0.3, 0.15, 0.05]),
                ("R7 2:企業".to_string(), vec![0.0, 0.0, 0.0, 0.0]),
            ],
            &cats(&["満足", "やや満足", "やや不満", "不満"]),
        )
    }

    fn assert_svg(svg: &str) {
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 960 "));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    }

    #[test]
    fn rendering_is_deterministic() {
        assert_eq!(sample_bar(), sample_bar());
        assert_eq!(sample_line(), sample_line());
        assert_eq!(sample_stacked(), sample_stacked());
    }

    #[test]
    fn rendering_is_deterministic_across_threads() {
        let handles: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| (sample_bar(), sample_line(), sample_stacked())))
            .collect();
        let first = (sample_bar(), sample_line(), sample_stacked());
        for h in handles {
            assert_eq!(h.join().expect("no panic"), first);
        }
    }

    #[test]
    fn root_is_scalable_and_labelled() {
        let svg = sample_bar();
        assert_svg(&svg);
        assert!(svg.contains("aria-label=\"テーマ別 研修受講者数\""));
        assert!(svg.contains("<title>テーマ別 研修受講者数</title>"));
        let root = &svg[..svg.find('>').unwrap()];
        assert!(!root.contains("width="), "no fixed size on the root");
        assert!(svg.contains(&format!("font-family=\"{FONT_FAMILY}\"")));
        assert!(!svg.contains("font-size=\"13.0000"), "font sizes are tidy");
    }

    #[test]
    fn data_text_is_escaped() {
        let evil = "<script>alert(1)</script> & \"q\"";
        let outputs = [
            bar_chart(
                evil,
                &cats(&[evil, "b"]),
                &[
                    series(evil, &[Some(1.0), Some(2.0)]),
                    series(evil, &[Some(3.0)]),
                ],
                &Axis::Number {
                    unit: evil.to_string(),
                },
            ),
            line_chart(
                evil,
                &cats(&[evil]),
                &[series(evil, &[Some(1.0)]), series("x", &[Some(2.0)])],
                &Axis::Percent,
                &[(evil.to_string(), 0.5)],
            ),
            stacked_100(
                evil,
                &[(evil.to_string(), vec![0.5, 0.5])],
                &cats(&[evil, evil]),
            ),
        ];
        for svg in outputs {
            assert_svg(&svg);
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("\"q\""));
            assert!(svg.contains("&lt;script&gt;") || svg.contains("&lt;script"));
            assert!(svg.contains("&amp;"));
        }
    }

    #[test]
    fn japanese_text_is_measured_with_real_metrics() {
        assert!(font_em().is_some(), "the embedded font registers");
        let size = 20.0;
        let (w, _) = FontDesc::new(FontFamily::Name(FONT_FAMILY), size, FontStyle::Normal)
            .box_size("医療従事者")
            .expect("measurable");
        let w = f64::from(w);
        assert!((w - 5.0 * size).abs() <= 2.0, "width {w}");
        // Our CSS-px measure: a kanji is one em, ASCII digits are narrower.
        assert!((text_width("医療従事者", 13.0) - 65.0).abs() < 1.0);
        let digits = text_width("3,198", 12.0);
        assert!(digits > 15.0 && digits < 45.0, "{digits}");
    }

    #[test]
    fn percent_axis_shows_percent() {
        let svg = sample_line();
        assert_svg(&svg);
        assert!(svg.contains("20%"));
        assert!(svg.contains("20.7%"));
        assert!(svg.contains("4回平均"));
        let bars = bar_chart(
            "p",
            &rounds(),
            &[series("a", &[Some(0.25), Some(0.5), Some(0.98), None])],
            &Axis::Percent,
        );
        assert!(bars.contains(">\n100%\n</text>"), "capped at 100 %");
        assert!(!bars.contains("120%"));
        assert!(bars.contains("98.0%"));
    }

    #[test]
    fn width_option_sets_the_canvas() {
        let o = Options {
            width: 470,
            ..Options::default()
        };
        let cats = rounds();
        let s = [series("a", &[Some(1.0), Some(2.0), None, Some(4.0)])];
        let svg = bar_chart_with("t", &cats, &s, &Axis::Percent, &o);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 470 "));
        let svg = line_chart_with("t", &cats, &s, &Axis::Percent, &[], &o);
        assert!(svg.contains("viewBox=\"0 0 470 "));
        let rows = [("r".to_string(), vec![0.5, 0.5])];
        let svg = stacked_100_with(
            "t",
            &rows,
            &cats,
            &Options {
                width: 1,
                ..Options::default()
            },
        );
        assert!(svg.contains("viewBox=\"0 0 200 "), "clamped");
        assert_eq!(Options::default().width, 960);
    }

    #[test]
    fn number_axis_uses_separators_and_unit() {
        let svg = sample_bar();
        assert!(svg.contains("3,198"));
        assert!(svg.contains("（名）"));
        assert!(svg.contains(">\n4,000\n</text>"));
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let n = Axis::Number {
            unit: String::new(),
        };
        let p = Axis::Percent;
        let odd = [
            Some(f64::NAN),
            Some(f64::INFINITY),
            Some(f64::NEG_INFINITY),
            Some(f64::MAX),
            None,
        ];
        let cases: Vec<(Vec<String>, Vec<Series>)> = vec![
            (vec![], vec![]),
            (rounds(), vec![]),
            (vec![], vec![series("a", &[Some(1.0)])]),
            (rounds(), vec![series("a", &[None, None, None, None])]),
            (
                rounds(),
                vec![series("a", &[Some(0.0); 4]), series("b", &[Some(0.0); 4])],
            ),
            (cats(&["R7"]), vec![series("a", &[Some(5.0)])]),
            (
                rounds(),
                vec![series(
                    "a",
                    &[Some(-3.0), Some(2.0), Some(-1500.0), Some(0.0)],
                )],
            ),
            (
                rounds(),
                vec![series("a", &[Some(-0.2), Some(-0.5), None, None])],
            ),
            (
                rounds(),
                vec![series("a", &odd), series("", &[Some(1e-9), Some(1e9)])],
            ),
            (rounds(), vec![series("a", &[Some(1.0)])]),
            (
                (0..60).map(|i| format!("拠点{i}")).collect(),
                vec![
                    series("a", &vec![Some(123456.0); 60]),
                    series("b", &vec![Some(7.0); 60]),
                ],
            ),
        ];
        for (c, s) in &cases {
            for axis in [&n, &p] {
                let svg = bar_chart("t", c, s, axis);
                assert_svg(&svg);
                let svg = line_chart("", c, s, axis, &[("m".into(), f64::NAN), ("x".into(), 0.5)]);
                assert_svg(&svg);
            }
        }
        for rows in [
            vec![],
            vec![("a".to_string(), vec![])],
            vec![("a".to_string(), vec![0.0, 0.0, 0.0])],
            vec![("a".to_string(), vec![f64::NAN, f64::INFINITY, -1.0])],
            vec![("a".to_string(), vec![1.0, 0.0, 0.0])],
            vec![("a".to_string(), vec![3.0, 1.0])],
            vec![(
                "".to_string(),
                vec![0.001, 0.999, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5],
            )],
        ] {
            assert_svg(&stacked_100("t", &rows, &cats(&["x"])));
            assert_svg(&stacked_100("", &rows, &[]));
        }
        let svg = stacked_100(
            "t",
            &[("a".to_string(), vec![0.0, 0.0])],
            &cats(&["x", "y"]),
        );
        assert!(svg.contains("回答なし"));
    }

    #[test]
    fn missing_values_draw_nothing() {
        let svg = bar_chart(
            "t",
            &cats(&["a", "b"]),
            &[series("s", &[Some(f64::NAN), None])],
            &Axis::Percent,
        );
        assert!(svg.contains("データなし"));
        assert!(!svg.contains("NaN%"));
    }

    #[test]
    fn stacked_labels_only_where_they_fit() {
        let svg = stacked_100(
            "t",
            &[("r".to_string(), vec![0.34, 0.005, 0.655])],
            &cats(&["a", "b", "c"]),
        );
        assert!(svg.contains(">\n34%\n</text>"));
        assert!(svg.contains(">\n66%\n</text>") || svg.contains(">\n65%\n</text>"));
        assert!(!svg.contains(">\n1%\n</text>") && !svg.contains(">\n0%\n</text>\n<text"));
    }

    #[test]
    fn numbers_are_formatted_the_japanese_way() {
        assert_eq!(format_number(3198.0, 0), "3,198");
        assert_eq!(format_number(59419.4, 0), "59,419");
        assert_eq!(format_number(-1234.5, 0), "-1,235");
        assert_eq!(format_number(-0.2, 0), "0");
        assert_eq!(format_number(999.0, 0), "999");
        assert_eq!(format_number(1_000_000.0, 0), "1,000,000");
        assert_eq!(format_value(0.2065, &Axis::Percent), "20.7%");
        assert_eq!(format_value(0.207, &Axis::Percent), "20.7%");
        assert_eq!(format_tick(0.2, 0.2, &Axis::Percent), "20%");
        assert_eq!(format_tick(0.025, 0.025, &Axis::Percent), "2.5%");
        assert_eq!(
            format_tick(3000.0, 1000.0, &Axis::Number { unit: "名".into() }),
            "3,000"
        );
    }

    #[test]
    fn scales_are_nice() {
        let n = Axis::Number {
            unit: String::new(),
        };
        let s = Scale::new((0.0, 3198.0), &n);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 4000.0, 1000.0));
        let s = Scale::new((0.0, 3.0), &n);
        assert_eq!(s.step, 1.0);
        let s = Scale::new((-1500.0, 2.0), &n);
        assert!(s.lo <= -1500.0 && s.hi >= 2.0);
        let s = Scale::new((0.0, 0.207), &Axis::Percent);
        assert_eq!(s.ticks().len(), 6);
    }

    #[test]
    fn wrapping_respects_width_and_words() {
        let lines = wrap_text(
            "テーマ1：医療機器の開発・事業化に関する研修",
            14.0,
            120.0,
            3,
        );
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, 14.0) <= 120.0, "{l}");
        }
        assert!(!lines
            .iter()
            .any(|l| l.starts_with('：') || l.starts_with('・')));
        let lines = wrap_text("Medical device venture", 14.0, 75.0, 3);
        assert_eq!(lines, vec!["Medical", "device", "venture"]);
        let long = wrap_text(&"あ".repeat(100), 14.0, 100.0, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'));
    }

    #[test]
    fn rounds_have_one_ramp_the_latest_strongest() {
        let ramp: Vec<f64> = (0..4).map(|i| luminance(round_color(i, 4))).collect();
        assert!(ramp.windows(2).all(|w| w[0] > w[1]), "{ramp:?}");
        assert_eq!(round_color(3, 4), ROUND_STRONG);
        assert_eq!(round_color(0, 1), ROUND_STRONG);
    }

    #[test]
    fn ordinal_answers_get_cool_positive_and_warm_negative_colours() {
        let warm = |c: RGBColor| c.0 > c.2;
        let cool = |c: RGBColor| c.2 > c.0;
        // 知識: 2 positive, neutral, 1 negative.
        let knowledge = AnswerScale::parse("diverging:2").colors(4).unwrap();
        assert_eq!(knowledge.len(), 4);
        assert!(cool(knowledge[0]) && cool(knowledge[1]));
        assert!(warm(knowledge[3]));
        assert!(
            luminance(knowledge[2]) > luminance(knowledge[1]),
            "neutral is pale"
        );
        // 有用性: 2 positive, neutral, 2 negative, the most negative strongest.
        let usefulness = AnswerScale::parse("diverging:2").colors(5).unwrap();
        assert!(warm(usefulness[3]) && warm(usefulness[4]));
        assert!(luminance(usefulness[4]) < luminance(usefulness[3]));
        // 年齢: one ramp; 所属: the qualitative palette.
        let age = AnswerScale::parse("sequential").colors(6).unwrap();
        let l: Vec<f64> = age.iter().map(|c| luminance(*c)).collect();
        assert!(l.windows(2).all(|w| w[0] > w[1]), "{l:?}");
        assert_eq!(AnswerScale::parse("categorical").colors(7), None);
    }

    #[test]
    fn with_palette_colours_one_chart_only() {
        let colors = vec![RGBColor(1, 2, 3)];
        let inside = with_palette(colors, || color(0));
        assert_eq!(inside, RGBColor(1, 2, 3));
        assert_eq!(color(0), PALETTE[0]);
    }

    #[test]
    fn palette_prints_in_greyscale() {
        let l: Vec<f64> = PALETTE[..5]
            .iter()
            .map(|c| 116.0 * luminance(*c).cbrt() - 16.0)
            .collect();
        for i in 0..l.len() {
            for j in i + 1..l.len() {
                assert!((l[i] - l[j]).abs() >= 10.0, "L* {} vs {}", l[i], l[j]);
            }
        }
        assert_eq!(series_color_hex(0), "#1a3f66");
        assert_eq!(series_color_hex(8), series_color_hex(0));
    }
}
