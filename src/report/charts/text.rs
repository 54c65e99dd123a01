//! Text: the embedded font and its metrics, and wrapping and cutting text
//! to a width measured with them.

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::FontStyle;

/// The font family the SVG text elements name. The first family is the one the
/// layout is measured with (it is embedded), the others are close fallbacks.
/// No Noto CJK fallback: Chromium prints it as Type 3 fonts (SPEC §15).
pub const FONT_FAMILY: &str = "BIZ UDPGothic, sans-serif";

/// BIZ UDPGothic (SIL OFL 1.1), see `assets/fonts/README.md`.
pub(crate) static FONT_BYTES: &[u8] =
    include_bytes!("../../../assets/fonts/BIZUDPGothic-Regular.ttf");

/// plotters' SVG backend writes `font-size = size / 1.24`; sizes here are CSS px.
const SVG_FONT_SCALE: f64 = 1.24;
/// Size at which text is measured (then scaled), to keep integer rounding small.
const MEASURE_SIZE: f64 = 1000.0;

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
pub(super) fn text_width(text: &str, size: f64) -> f64 {
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

pub(super) fn font(size: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size * SVG_FONT_SCALE, style)
}

/// Characters that must not start a line (kinsoku), kept with the one before.
const NO_LINE_START: &str = "、。，．,.）)」』】〕%％:：;；・ー～？！?!";
/// Characters that must not end a line, kept with the one after.
const NO_LINE_END: &str = "（(「『【〔";

/// Wraps `text` into lines of at most `max_w` px at `size` px: between CJK
/// characters, at spaces, never inside a run of ASCII letters and digits unless
/// that run alone is too long. Explicit `\n` breaks are kept. More than
/// `max_lines` lines: the last one ends with "…".
pub(super) fn wrap_text(text: &str, size: f64, max_w: f64, max_lines: usize) -> Vec<String> {
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
pub(super) fn ellipsize(text: &str, size: f64, max_w: f64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
