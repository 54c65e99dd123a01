//! 100 % stacked horizontal bars.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::{Header, SwatchKind, TICK_PX, VALUE_PX};
use super::palette::{color_named, text_on, FAINT, GRID, MUTED, TEXT};
use super::svg::{draw_lines, draw_text, no_data, px, render};
use super::text::{text_width, wrap_text};
use super::Options;
use crate::numfmt::percent_to;

/// 100 % stacked horizontal bars: one bar per row (e.g. "R6 1:医療従事者"),
/// segments in order with their shares (fractions summing to 1; other positive
/// totals are normalised; negative or non-finite shares count as 0). A row with
/// no data is drawn as an empty outline with "回答なし". Segment labels ("34%")
/// are written inside segments wide enough to hold them; a legend of the
/// segment names sits under the title.
#[cfg(test)]
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
        .map(|r| wrap_text(&r.0, label_px, max_label_w))
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
                    let text = percent_to(f, 0);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::tests::*;

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
}
