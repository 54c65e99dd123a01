//! The [参考] stage-gate diagram (SPEC §18): AMED's 医療機器開発マネジメント
//! stages as a row of arrow-shaped boxes, a gate (審査) between each pair,
//! 上市 at the end, and the reading of ステージアップ under it. Drawn from
//! the stage names given (the schema's), so the diagram and the data
//! cannot disagree.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::palette::{color, MUTED, TEXT};
use super::svg::{draw_lines, draw_text, px, render, Area};
use super::text::{text_width, wrap_text};

const NAME_PX: f64 = 14.0;
const ORDINAL_PX: f64 = 15.0;
const NOTE_PX: f64 = 12.0;

/// `stages`: (ordinal, name) in order, e.g. ("1st", "基礎研究"); `goal`:
/// the box after the last gate (上市); `notes`: lines written under the row.
pub fn stage_gate(
    title: &str,
    stages: &[(String, String)],
    goal: &str,
    notes: &[String],
    width: u32,
) -> String {
    let w = f64::from(width.clamp(300, 2400));
    let n = stages.len() + 1;
    let gap = 26.0;
    let margin = 12.0;
    let box_w = (w - 2.0 * margin - gap * (n as f64 - 1.0)) / n as f64;
    let tip = 14.0;
    let names: Vec<Vec<String>> = stages
        .iter()
        .map(|(_, name)| wrap_text(name, NAME_PX, box_w - tip - 12.0))
        .chain(std::iter::once(wrap_text(goal, NAME_PX, box_w - 16.0)))
        .collect();
    let name_lines = names.iter().map(Vec::len).max().unwrap_or(1) as f64;
    // The title names the figure (aria-label); the page's heading shows it.
    let top = 8.0;
    let box_h = 16.0 + ORDINAL_PX * 1.3 + name_lines * NAME_PX * 1.25;
    let note_lines: Vec<String> = notes
        .iter()
        .flat_map(|l| wrap_text(l, NOTE_PX, w - 2.0 * margin))
        .collect();
    let notes_top = top + box_h + 30.0;
    let height = notes_top + note_lines.len() as f64 * NOTE_PX * 1.25 + 10.0;
    render(title, w, height, |area: &Area| {
        for (i, lines) in names.iter().enumerate() {
            let x0 = margin + i as f64 * (box_w + gap);
            let x1 = x0 + box_w;
            let last = i == n - 1;
            // Later stages darker: one hue, the goal in the accent colour.
            let fill = if last { color(0) } else { stage_fill(i, n - 1) };
            let ink = if last || i + 2 >= n { WHITE } else { TEXT };
            let pts: Vec<(i32, i32)> = if last {
                vec![
                    px(x0, top),
                    px(x1, top),
                    px(x1, top + box_h),
                    px(x0, top + box_h),
                ]
            } else {
                vec![
                    px(x0, top),
                    px(x1 - tip, top),
                    px(x1, top + box_h / 2.0),
                    px(x1 - tip, top + box_h),
                    px(x0, top + box_h),
                ]
            };
            area.draw(&Polygon::new(pts, fill.filled()))?;
            let cx = if last {
                (x0 + x1) / 2.0
            } else {
                (x0 + x1 - tip) / 2.0
            };
            let ordinal = stages.get(i).map_or("", |s| s.0.as_str());
            if !ordinal.is_empty() {
                let style = super::text::font(ORDINAL_PX, true).color(&ink).pos(
                    plotters::style::text_anchor::Pos::new(HPos::Center, VPos::Center),
                );
                area.draw(&Text::new(
                    ordinal.to_string(),
                    px(cx, top + 8.0 + ORDINAL_PX * 0.65),
                    style,
                ))?;
            }
            let name_top = if ordinal.is_empty() {
                top + (box_h - lines.len() as f64 * NAME_PX * 1.25) / 2.0
            } else {
                top + 8.0 + ORDINAL_PX * 1.3
            };
            draw_lines(area, lines, cx, name_top, NAME_PX, HPos::Center, ink)?;
            if !last {
                // The gate between this stage and the next.
                let gx = x1 + gap / 2.0;
                let gy = top + box_h + 14.0;
                area.draw(&PathElement::new(
                    vec![px(gx, top - 4.0), px(gx, top + box_h + 4.0)],
                    MUTED.stroke_width(2),
                ))?;
                draw_text(
                    area,
                    "審査",
                    gx,
                    gy,
                    11.0,
                    (HPos::Center, VPos::Center),
                    MUTED,
                )?;
            }
        }
        let longest = note_lines
            .iter()
            .map(|l| text_width(l, NOTE_PX))
            .fold(0.0, f64::max);
        let left = ((w - longest) / 2.0).max(margin);
        draw_lines(
            area,
            &note_lines,
            left,
            notes_top,
            NOTE_PX,
            HPos::Left,
            TEXT,
        )
    })
}

/// A light-to-dark ramp of the accent blue for stage `i` of `count`.
fn stage_fill(i: usize, count: usize) -> RGBColor {
    let t = if count > 1 {
        i as f64 / (count - 1) as f64
    } else {
        0.0
    };
    let mix = |light: u8, dark: u8| {
        (f64::from(light) + (f64::from(dark) - f64::from(light)) * t).round() as u8
    };
    RGBColor(mix(0xDC, 0x4A), mix(0xE7, 0x78), mix(0xF3, 0xB8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> String {
        let stages: Vec<(String, String)> = [
            ("1st", "基礎研究"),
            ("2nd", "製品開発(応用研究)"),
            ("3rd", "非臨床"),
            ("4th", "臨床(治験・臨床研究)"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        stage_gate(
            "ステージゲート",
            &stages,
            "上市",
            &["ステージアップ: 現在のステージが採択時より後".to_string()],
            960,
        )
    }

    #[test]
    fn every_stage_and_gate_is_drawn_whole() {
        let svg = sample();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 960 "));
        for text in [
            "1st",
            "基礎研究",
            "4th",
            "上市",
            "ステージアップ: 現在のステージが採択時より後",
        ] {
            assert!(svg.contains(&format!(">\n{text}\n<")), "{text}");
        }
        // Three gates between four stages, and the one before 上市.
        assert_eq!(svg.matches(">\n審査\n<").count(), 4);
        assert!(!svg.contains('…'));
        assert_eq!(svg, sample(), "deterministic");
    }
}
