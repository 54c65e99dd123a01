//! Grouped vertical bars.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

use super::layout::{
    legend_names, CategoryLabels, Grid, Header, Scale, SwatchKind, YAxis, YMap, VALUE_PX,
};
use super::numbers::value_labels;
use super::palette::{color, palette_overridden, AXIS, TEXT};
use super::svg::{draw_lines, draw_text, no_data, px, rect, render};
use super::text::{font, text_width};
use super::{Axis, Options, Series};

/// Grouped vertical bars: one group per category, one bar per series, value
/// labels on top of bars (Number: integer with separators; Percent: one decimal
/// "20.7%"). A legend of the series is shown when there are two or more.
#[cfg(test)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::tests::*;

    #[test]
    fn number_axis_uses_separators_and_unit() {
        let svg = sample_bar();
        assert!(svg.contains("3,198"));
        assert!(svg.contains("（名）"));
        assert!(svg.contains(">\n4,000\n</text>"));
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
}
