//! How a message quotes what a cell holds: text quoted, trimmed, cut and
//! with invisible characters shown; numbers briefly.

/// A number as a message shows it: in full up to 15 digits, else brief
/// (`1e300`, not 300 digits).
pub fn describe_number(n: f64) -> String {
    if n.is_finite() && n.abs() < 1e15 {
        crate::numfmt::shortest(n)
    } else {
        format!("{n:e}")
    }
}

/// At most `max` characters of `text`, with a mark and the length when cut.
pub(super) fn cut(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({count} characters)")
}

/// Text quoted for a message: trimmed, cut at 60 characters, and every
/// invisible or control character shown escaped (`\u{feff}`), so a cell
/// that looks right but is not can be seen to be wrong.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", shown(text))
}

/// [`quoted`] without the quotes (each language quotes in its own way).
pub fn shown(text: &str) -> String {
    let trimmed = text.trim();
    let mut shown = String::with_capacity(trimmed.len() + 2);
    for c in cut(trimmed, 60).chars() {
        if c.is_control() || is_invisible(c) {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Characters that print as nothing: zero-width ones, BOM, direction marks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}'
    )
}
