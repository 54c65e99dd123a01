//! Lines with markers and reference lines.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::{
    clean, legend_names, Boxed, CategoryLabels, Grid, Header, Scale, SwatchKind, YAxis, YMap,
    VALUE_PX,
};
use super::numbers::value_labels;
use super::palette::{color, darken, AXIS, MUTED, TEXT};
use super::svg::{draw_lines, draw_marker, draw_text, no_data, px, render};
use super::text::{text_width, wrap_text};
use super::{Axis, Options, Series};

/// Lines with markers over categories (rounds such as "R4".."R7"), value labels
/// at the points, plus optional horizontal dashed reference lines `(name, value)`
/// such as a 4-round mean. Value labels sit next to their point (above, below,
/// right or left, whichever is free); in a dense chart a label that has no free
/// place is left out rather than drawn away from its point. A reference line is labelled at its right end with
/// its name as given (include the value if it should be shown, e.g.
/// "4カ年平均 13.5%"); the label wraps to two lines if long. When there are as many reference lines
/// as series, reference line *i* is drawn in the colour of series *i* (each
/// series' mean); otherwise all are grey. `None` breaks a line.
#[cfg(test)]
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
            (wrap_text(name.trim(), VALUE_PX, max_w), v, c)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::bar_chart;
    use crate::report::charts::tests::*;

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
}
