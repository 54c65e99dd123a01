//! Text: the embedded font and its metrics, and wrapping text at phrase
//! boundaries to a width measured with them (never cutting it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

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
        if let Some(w) = measured(text) {
            return w / em * size;
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

/// Wraps `text` into lines of at most `max_w` px at `size` px, at Japanese
/// phrase boundaries (BudouX's default model) and spaces, keeping kinsoku
/// characters with their neighbours; a phrase too long for a line of its own
/// is the only thing split inside. Explicit `\n` breaks are kept. Nothing is
/// ever cut: the caller makes room for every line (SPEC §18).
pub(super) fn wrap_text(text: &str, size: f64, max_w: f64) -> Vec<String> {
    wrap(text, size, max_w).0
}

/// [`wrap_text`] where no phrase had to be split inside, else `None`: a
/// caller that can choose a smaller size or more room tries that first.
pub(super) fn wrap_whole(text: &str, size: f64, max_w: f64) -> Option<Vec<String>> {
    let (lines, split) = wrap(text, size, max_w);
    (!split).then_some(lines)
}

/// The lines, and whether a phrase was split inside.
fn wrap(text: &str, size: f64, max_w: f64) -> (Vec<String>, bool) {
    let mut split = false;
    let mut lines: Vec<String> = text
        .split('\n')
        .flat_map(|para| wrap_paragraph(para.trim(), size, max_w, &mut split))
        .collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    (lines, split)
}

/// Prefers a break after a separator ("テーマ3：" / "医療現場のニーズ把握") over
/// the greedy one when that costs no extra line.
fn wrap_paragraph(para: &str, size: f64, max_w: f64, split: &mut bool) -> Vec<String> {
    let greedy = wrap_greedy(para, size, max_w, split);
    if greedy.len() < 2 {
        return greedy;
    }
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate().rev() {
        // A slash inside a word of letters (ISO/IEC, A/B) is no separator.
        let ascii_at = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|(_, d)| d.is_ascii_alphanumeric())
        };
        if c == '/' && ascii_at(k.checked_sub(1)) && ascii_at(Some(k + 1)) {
            continue;
        }
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
        let mut rest_split = false;
        let rest = wrap_greedy(rest, size, max_w, &mut rest_split);
        if rest.len() < greedy.len() && !rest_split {
            let mut lines = vec![first.to_string()];
            lines.extend(rest);
            return lines;
        }
    }
    greedy
}

fn wrap_greedy(para: &str, size: f64, max_w: f64, split: &mut bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for token in tokens(para).iter() {
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
        // A token too long for a line of its own is split by characters,
        // never before one that must not start a line.
        for c in token.chars() {
            let candidate = format!("{line}{c}");
            if text_width(&candidate, size) <= max_w || line.is_empty() || NO_LINE_START.contains(c)
            {
                line = candidate;
            } else {
                *split = true;
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

/// The width of `text` at `MEASURE_SIZE`, measured once per text and run:
/// wrapping measures the same labels and prefixes again and again (chart
/// after chart, greedy then separator-first), and laying out glyphs is
/// most of a chart's time.
fn measured(text: &str) -> Option<f64> {
    static SEEN: OnceLock<Mutex<HashMap<String, Option<f64>>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Mutex::default);
    if let Some(w) = seen.lock().ok().and_then(|m| m.get(text).copied()) {
        return w;
    }
    let font = FontDesc::new(
        FontFamily::Name(FONT_FAMILY),
        MEASURE_SIZE,
        FontStyle::Normal,
    );
    let w = font.box_size(text).ok().map(|(w, _)| f64::from(w));
    if let Ok(mut m) = seen.lock() {
        m.insert(text.to_string(), w);
    }
    w
}

/// [`phrases`] of `text`, found once per text and run (the same labels
/// are wrapped in many charts, and each wrap tries several first lines).
fn tokens(text: &str) -> Arc<Vec<String>> {
    static SEEN: OnceLock<Mutex<HashMap<String, Arc<Vec<String>>>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Mutex::default);
    if let Some(t) = seen.lock().ok().and_then(|m| m.get(text).cloned()) {
        return t;
    }
    let t = Arc::new(phrases(text));
    if let Ok(mut m) = seen.lock() {
        m.insert(text.to_string(), Arc::clone(&t));
    }
    t
}

/// The pieces a line may break between: BudouX phrases, cut again at
/// spaces (a space is a piece of its own); a piece starting with a
/// character that must not start a line, or following one that must not
/// end a line, joins the piece before.
fn phrases(text: &str) -> Vec<String> {
    let model = budoux::models::default_japanese_model();
    let mut out: Vec<String> = Vec::new();
    for phrase in budoux::parse(model, text) {
        let mut piece = String::new();
        let mut pieces: Vec<String> = Vec::new();
        for c in phrase.chars() {
            if c.is_whitespace() != piece.chars().any(char::is_whitespace) && !piece.is_empty() {
                pieces.push(std::mem::take(&mut piece));
            }
            piece.push(c);
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
        for piece in pieces {
            let glue = match (out.last(), piece.chars().next()) {
                (Some(prev), Some(first)) => {
                    NO_LINE_START.contains(first)
                        || prev.chars().last().is_some_and(|p| NO_LINE_END.contains(p))
                }
                _ => false,
            };
            match out.last_mut() {
                Some(prev) if glue => prev.push_str(&piece),
                _ => out.push(piece),
            }
        }
    }
    out
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
        let lines = wrap_text("テーマ1：医療機器の開発・事業化に関する研修", 14.0, 120.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, 14.0) <= 120.0, "{l}");
        }
        assert!(!lines
            .iter()
            .any(|l| l.starts_with('：') || l.starts_with('・')));
        // ISO/IEC stays whole: the slash between letters is no separator.
        let lines = wrap_text(
            "医療機器関連の国際標準(ISO/IEC)への日本からの提案件数",
            19.95,
            202.0,
        );
        assert!(lines.iter().any(|l| l.contains("ISO/IEC")), "{lines:?}");
        let lines = wrap_text("Medical device venture", 14.0, 75.0);
        assert_eq!(lines, vec!["Medical", "device", "venture"]);
        // Nothing is cut: every character is on some line.
        let long = wrap_text(&"あ".repeat(100), 14.0, 100.0);
        assert_eq!(long.concat(), "あ".repeat(100));
        assert!(long.iter().all(|l| !l.contains('…')));
    }

    #[test]
    fn japanese_wraps_between_phrases_not_inside_words() {
        // The words the printed deck once broke (医療従事/者, アカデミ/ア人材,
        // 重点分/野, 公益財団/法人) stay whole on narrow lines.
        for (text, words) in [
            ("研修区分別の医療従事者の受講者数", &["医療従事者"][..]),
            ("アカデミア人材研修の満足度", &["アカデミア人材"]),
            ("重点分野なし・複数のテーマ", &["重点分野"]),
            ("公益財団法人による調査結果の概要", &["公益財団法人"]),
        ] {
            for w in [100.0, 130.0, 160.0] {
                let lines = wrap_text(text, 14.0, w);
                assert_eq!(lines.concat(), text);
                for word in words {
                    assert!(
                        lines.iter().any(|l| l.contains(word)),
                        "{word} broken at {w}px: {lines:?}"
                    );
                }
            }
        }
    }
}
