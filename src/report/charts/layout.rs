//! Layout: the title and legend, the y scale and axis, category labels,
//! the cleaned value grid and label boxes.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::numbers::format_tick;
use super::palette::{color_named, GRID, MUTED, TEXT};
use super::svg::{draw_lines, draw_marker, draw_text, px, Area, DrawResult};
use super::text::{font, text_width, wrap_text, wrap_whole};
use super::{Axis, Series};

const TITLE_PX: f64 = 19.0;
const TITLE_LINE_H: f64 = 26.0;
const LEGEND_PX: f64 = 13.0;
const LEGEND_ROW_H: f64 = 22.0;
const LEGEND_GAP: f64 = 24.0;
pub(super) const TICK_PX: f64 = 12.0;
const CATEGORY_PX: f64 = 14.0;
pub(super) const VALUE_PX: f64 = 12.0;

/// An axis-aligned box, for label collision checks.
#[derive(Clone, Copy)]
pub(super) struct Boxed {
    pub(super) x0: f64,
    pub(super) x1: f64,
    pub(super) y0: f64,
    pub(super) y1: f64,
}

impl Boxed {
    pub(super) fn around(x: f64, y: f64, half_w: f64, half_h: f64) -> Self {
        Self {
            x0: x - half_w,
            x1: x + half_w,
            y0: y - half_h,
            y1: y + half_h,
        }
    }

    pub(super) fn overlaps(&self, o: &Boxed) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub(super) fn contains(&self, o: &Boxed) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }
}

/// Values per series and category, cleaned (missing, non-finite and absurd
/// values become `None`), one column per category.
pub(super) struct Grid {
    pub(super) values: Vec<Vec<Option<f64>>>,
}

impl Grid {
    pub(super) fn new(categories: &[String], series: &[Series]) -> Self {
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

    pub(super) fn is_empty(&self) -> bool {
        self.values.iter().flatten().all(Option::is_none)
    }

    pub(super) fn min_max(&self, extra: &[f64]) -> (f64, f64) {
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

pub(super) fn clean(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite() && v.abs() <= 1e15)
}

pub(super) fn legend_names(series: &[Series]) -> Vec<String> {
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
pub(super) struct Scale {
    pub(super) lo: f64,
    hi: f64,
    step: f64,
}

impl Scale {
    /// `min <= 0 <= max` (zero is always on the scale).
    pub(super) fn new((min, max): (f64, f64), axis: &Axis) -> Self {
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

pub(super) struct YMap<'a> {
    pub(super) scale: &'a Scale,
    pub(super) top: f64,
    pub(super) bottom: f64,
}

impl YMap<'_> {
    pub(super) fn y(&self, v: f64) -> f64 {
        let s = self.scale;
        self.bottom - (v - s.lo) / (s.hi - s.lo) * (self.bottom - self.top)
    }
}

/// Tick labels, the unit label and the width they need left of the plot.
pub(super) struct YAxis {
    ticks: Vec<(f64, String)>,
    pub(super) unit: String,
    pub(super) width: f64,
}

impl YAxis {
    pub(super) fn new(scale: &Scale, axis: &Axis) -> Self {
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

    pub(super) fn draw(&self, area: &Area, map: &YMap, left: f64, right: f64) -> DrawResult {
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
/// else one line at 12 px, else two lines at 14, 12, 11 or 10 px, else three
/// at 10 px, breaking between phrases; else as many lines at 10 px as the
/// label needs (never cut).
pub(super) struct CategoryLabels {
    pub(super) lines: Vec<Vec<String>>,
    pub(super) px: f64,
}

impl CategoryLabels {
    pub(super) fn new(categories: &[String], slot: f64) -> Self {
        let width = (slot - 8.0).max(8.0);
        // Every label on at most `max_lines` lines, no word split inside.
        let fit = |size: f64, max_lines: usize| -> Option<Vec<Vec<String>>> {
            categories
                .iter()
                .map(|c| wrap_whole(c, size, width).filter(|l| l.len() <= max_lines))
                .collect()
        };
        let tries = [
            (CATEGORY_PX, 1),
            (12.0, 1),
            (CATEGORY_PX, 2),
            (12.0, 2),
            (11.0, 2),
            (10.0, 2),
            (10.0, 3),
        ];
        for (size, max_lines) in tries {
            if let Some(lines) = fit(size, max_lines) {
                return Self { lines, px: size };
            }
        }
        Self {
            lines: categories
                .iter()
                .map(|c| wrap_text(c, 10.0, width))
                .collect(),
            px: 10.0,
        }
    }

    pub(super) fn height(&self) -> f64 {
        let n = self.lines.iter().map(Vec::len).max().unwrap_or(0) as f64;
        n * self.px * 1.25
    }
}

#[derive(Clone, Copy)]
pub(super) enum SwatchKind {
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

/// One legend entry: its series, its label's lines and its width.
struct LegendEntry {
    index: usize,
    lines: Vec<String>,
    width: f64,
}

/// The title (wrapped at phrases, as many lines as it needs) and a legend
/// of rows under it (a label too long for a row wraps too).
pub(super) struct Header {
    title: Vec<String>,
    legend: Vec<Vec<LegendEntry>>,
    swatch: SwatchKind,
    legend_top: f64,
    width: f64,
    pub(super) height: f64,
}

const LEGEND_LINE_H: f64 = LEGEND_PX * 1.25;

fn row_height(row: &[LegendEntry]) -> f64 {
    let lines = row.iter().map(|e| e.lines.len()).max().unwrap_or(1).max(1);
    LEGEND_ROW_H + (lines - 1) as f64 * LEGEND_LINE_H
}

impl Header {
    pub(super) fn new(title: &str, names: &[String], swatch: SwatchKind, width: f64) -> Self {
        let max_w = width - 48.0;
        let title = if title.trim().is_empty() {
            Vec::new()
        } else {
            wrap_text(title.trim(), TITLE_PX * 1.05, max_w)
        };
        let mut legend: Vec<Vec<LegendEntry>> = Vec::new();
        let mut row_w = 0.0;
        for (index, name) in names.iter().enumerate() {
            let room = max_w - swatch.width() - 6.0;
            let lines = wrap_text(name.trim(), LEGEND_PX, room);
            let text_w = lines
                .iter()
                .map(|l| text_width(l, LEGEND_PX))
                .fold(0.0, f64::max);
            let w = swatch.width() + 6.0 + text_w;
            let entry = LegendEntry {
                index,
                lines,
                width: w,
            };
            match legend.last_mut() {
                Some(row) if row_w + LEGEND_GAP + w <= max_w => {
                    row.push(entry);
                    row_w += LEGEND_GAP + w;
                }
                _ => {
                    legend.push(vec![entry]);
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
        y += legend.iter().map(|r| row_height(r)).sum::<f64>();
        Self {
            title,
            legend,
            swatch,
            legend_top,
            width,
            height: y + 8.0,
        }
    }

    pub(super) fn draw(&self, area: &Area) -> DrawResult {
        let cx = self.width / 2.0;
        for (i, line) in self.title.iter().enumerate() {
            let y = 14.0 + TITLE_LINE_H * (i as f64 + 0.5);
            let style = font(TITLE_PX, true)
                .color(&TEXT)
                .pos(Pos::new(HPos::Center, VPos::Center));
            area.draw(&Text::new(line.clone(), px(cx, y), style))?;
        }
        let mut row_top = self.legend_top;
        for row in &self.legend {
            let total: f64 =
                row.iter().map(|e| e.width).sum::<f64>() + LEGEND_GAP * (row.len() as f64 - 1.0);
            let mut x = cx - total / 2.0;
            // The swatch sits by the label's first line.
            let y = row_top + LEGEND_ROW_H / 2.0;
            for e in row {
                let c = color_named(e.index, &e.lines.concat());
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
                        draw_marker(area, e.index, x + 14.0, y, 5.0)?;
                    }
                }
                let tx = x + self.swatch.width() + 6.0;
                let top = y - LEGEND_LINE_H / 2.0;
                draw_lines(area, &e.lines, tx, top, LEGEND_PX, HPos::Left, TEXT)?;
                x += e.width + LEGEND_GAP;
            }
            row_top += row_height(row);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
