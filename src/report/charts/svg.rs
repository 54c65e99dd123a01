//! Drawing on plotters' SVG backend, and finishing its output: a scalable,
//! labelled root element, tidy font sizes, a placeholder when drawing fails.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{color, darken, FAINT};
use super::text::{font, FONT_FAMILY};

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(super) type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

pub(super) fn px(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// A rectangle between two corners given in any order.
pub(super) fn rect(area: &Area, a: (f64, f64), b: (f64, f64), style: ShapeStyle) -> DrawResult {
    let tl = px(a.0.min(b.0), a.1.min(b.1));
    let br = px(a.0.max(b.0), a.1.max(b.1));
    area.draw(&Rectangle::new([tl, br], style))
}

pub(super) fn draw_text(
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
pub(super) fn draw_lines(
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

pub(super) fn draw_marker(area: &Area, series: usize, x: f64, y: f64, r: f64) -> DrawResult {
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

pub(super) fn no_data(area: &Area, x: f64, y: f64) -> DrawResult {
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
pub(super) fn render(
    title: &str,
    width: f64,
    height: f64,
    draw: impl FnOnce(&Area) -> DrawResult,
) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::tests::*;

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
}
